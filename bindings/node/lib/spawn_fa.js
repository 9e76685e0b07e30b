'use strict';
/**
 * spawn's fd actions and terminal options (options.fileActions, keepFds, foreground, ctty,
 * noctty): each checked and set on the attribute. Documentation: index.d.ts (SpawnOptions,
 * FileAction).
 * @module
 */

const a = require('./internal/args');
const { c } = require('./internal/binding');
const errors = require('./internal/errors');
const constants = require('./constants');

/** fs.openSync's default mode for a created file. */
const DEFAULT_MODE = 0o666;

/**
 * The flags options.keepFds and options.noctty add to RNS_SPAWN_BLOCKING_STDIO.
 * @returns {number}
 */
function flags(o, caller) {
  let f = 0;
  if (o.keepFds != null && a.bool(o.keepFds, 'options.keepFds', caller)) f |= constants.SPAWN_KEEP_FDS;
  if (o.noctty != null && a.bool(o.noctty, 'options.noctty', caller)) f |= constants.SPAWN_NOCTTY;
  return f;
}

/**
 * options.foreground, a terminal fd of this process: the program's process group (its own,
 * unless options.pgroup names one) becomes the terminal's foreground group, before any other
 * fd action (as Go's SysProcAttr.Foreground, whose Ctty is the caller's fd).
 */
function setForeground(attr, o, check, caller) {
  if (o.foreground == null) return;
  const fd = a.fd(o.foreground, 'options.foreground', caller);
  if (o.ctty != null) throw errors.invalidArgValue('options.ctty', o.ctty, 'cannot be set with options.foreground', caller);
  if (o.pgroup == null) check(c.rns_spawn_attr_set_pgroup(attr, 0), 'spawn_attr_set_pgroup');
  check(c.rns_spawn_attr_add_tcsetpgrp(attr, fd), 'spawn_attr_add_tcsetpgrp');
}

/** One entry of options.fileActions, added to the attribute. */
function addAction(attr, entry, i, check, caller) {
  const name = `options.fileActions[${i}]`;
  const act = a.object(entry, name, caller);
  const fd = (key) => a.fd(act[key], `${name}.${key}`, caller);
  switch (act.action) {
    case 'open': {
      const path = a.pathArg(act.path, `${name}.path`, caller).c;
      const oflag = act.flags == null ? 0 : a.int(act.flags, `${name}.flags`, caller);
      const mode = act.mode == null ? DEFAULT_MODE : a.int(act.mode, `${name}.mode`, caller);
      if (mode < 0 || mode > 0o7777) throw errors.outOfRange(`${name}.mode`, '>= 0 && <= 0o7777', mode, caller);
      return check(c.rns_spawn_attr_add_open(attr, fd('fd'), path, oflag, mode), 'spawn_attr_add_open');
    }
    case 'close':
      return check(c.rns_spawn_attr_add_close(attr, fd('fd')), 'spawn_attr_add_close');
    case 'dup2':
      return check(c.rns_spawn_attr_add_dup2(attr, fd('fd'), fd('newfd')), 'spawn_attr_add_dup2');
    case 'chdir':
      return check(c.rns_spawn_attr_add_chdir(attr, a.pathArg(act.path, `${name}.path`, caller).c), 'spawn_attr_add_chdir');
    case 'fchdir':
      return check(c.rns_spawn_attr_add_fchdir(attr, fd('fd')), 'spawn_attr_add_fchdir');
    case 'closefrom':
      return check(c.rns_spawn_attr_add_closefrom(attr, fd('fd')), 'spawn_attr_add_closefrom');
    case 'tcsetpgrp':
      return check(c.rns_spawn_attr_add_tcsetpgrp(attr, fd('fd')), 'spawn_attr_add_tcsetpgrp');
    default:
      throw errors.invalidArgValue(`${name}.action`, act.action,
        "must be one of 'open', 'close', 'dup2', 'chdir', 'fchdir', 'closefrom', 'tcsetpgrp'", caller);
  }
}

/**
 * options.fileActions, in order after stdio, and options.ctty: the program's controlling
 * terminal, an fd number of the program (after stdio and fileActions; needs setsid).
 */
function setFileActions(attr, o, check, caller) {
  a.list(o.fileActions, 'options.fileActions', caller).forEach((entry, i) => addAction(attr, entry, i, check, caller));
  if (o.ctty != null) check(c.rns_spawn_attr_set_ctty(attr, a.int(o.ctty, 'options.ctty', caller)), 'spawn_attr_set_ctty');
}

/**
 * The detail of this thread's last failed spawn (rns_spawn_last_detail): the failing fd
 * action's index, the fd of the tty step, ...; null when none.
 * @returns {number | null}
 */
function lastDetail() {
  const out = new Int32Array(1);
  return c.rns_spawn_last_detail(out) < 0 ? null : out[0];
}

module.exports = { flags, setForeground, setFileActions, lastDetail };
