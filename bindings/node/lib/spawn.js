'use strict';
/**
 * spawn: start a program in new or existing namespaces (rns_spawn), with every failure before
 * its exec reported as that step's error. Documentation: index.d.ts.
 * @module
 */

const fs = require('fs');
const net = require('net');
const a = require('./internal/args');
const ffi = require('./internal/ffi');
const { c } = require('./internal/binding');
const errors = require('./internal/errors');
const constants = require('./constants');
const { waitForExit } = require('./wait');

/** RNS_SPAWN_STEP_* -> its name in err.step. */
const STEPS = new Map(
  Object.entries(constants)
    .filter(([k]) => k.startsWith('SPAWN_STEP_'))
    .map(([k, v]) => [v, k.slice('SPAWN_STEP_'.length).toLowerCase()])
);

/** Throws the system error of a failed setter. */
function check(r, call) {
  if (r < 0) throw errors.systemError(r, call, undefined, spawn);
}

/**
 * Starts `file` with `args`. Documentation: index.d.ts.
 * @returns {{ pid: number, pidfd: number, exited: Promise<object> }}
 */
function spawn(file, args = [], options = {}) {
  a.string(file, 'file', spawn);
  if (!Array.isArray(args)) throw errors.invalidArgType('args', 'an instance of Array', args, spawn);
  args.forEach((s, i) => a.string(s, `args[${i}]`, spawn));
  if (options === null || typeof options !== 'object') throw errors.invalidArgType('options', 'of type object', options, spawn);
  const stdio = options.stdio === undefined ? ['inherit', 'inherit', 'inherit'] : options.stdio;
  if (!Array.isArray(stdio)) throw errors.invalidArgType('options.stdio', 'an instance of Array', stdio, spawn);
  const env = options.env === undefined ? undefined : Object.entries(options.env).map(([k, v]) => a.string(`${k}=${v}`, 'options.env', spawn));

  check(c.rns_spawn_attr_new(ffi.pointerSlot), 'spawn_attr_new');
  const attr = ffi.readPointer('rns_spawn_attr *');
  const opened = []; // closed here after the spawn: /dev/null and the child's pipe ends
  /** @type {(number | null)[]} our ends of the 'pipe' fds */
  const ours = stdio.map(() => null);
  try {
    stdio.forEach((s, i) => {
      let fd;
      if (s === 'inherit') fd = i;
      else if (s === 'ignore' || s === null || s === undefined) {
        fd = fs.openSync('/dev/null', 'r+');
        opened.push(fd);
      } else if (s === 'pipe') {
        const [r, w] = ffi.pipe();
        fd = i === 0 ? r : w; // stdin: the child reads; the others: it writes
        ours[i] = i === 0 ? w : r;
        opened.push(fd);
      } else fd = a.fd(s, `options.stdio[${i}]`, spawn);
      check(c.rns_spawn_attr_set_fd(attr, i, fd), 'spawn_attr_set_fd');
    });
    if (options.unshare !== undefined) check(c.rns_spawn_attr_set_unshare(attr, a.flags(options.unshare, 'options.unshare', spawn)), 'spawn_attr_set_unshare');
    for (const j of options.join || []) {
      check(c.rns_spawn_attr_set_join(attr, a.fd(j.fd, 'options.join[].fd', spawn), a.flags(j.types || 0, 'options.join[].types', spawn)), 'spawn_attr_set_join');
    }
    if (options.uidMap !== undefined) check(c.rns_spawn_attr_set_uid_map(attr, a.string(options.uidMap, 'options.uidMap', spawn)), 'spawn_attr_set_uid_map');
    if (options.gidMap !== undefined) check(c.rns_spawn_attr_set_gid_map(attr, a.string(options.gidMap, 'options.gidMap', spawn)), 'spawn_attr_set_gid_map');
    if (options.mountPropagation !== undefined) {
      check(c.rns_spawn_attr_set_mount_propagation(attr, a.uflags(options.mountPropagation, 'options.mountPropagation', spawn)), 'spawn_attr_set_mount_propagation');
    }
    if (options.setsid) check(c.rns_spawn_attr_set_setsid(attr, 1), 'spawn_attr_set_setsid');
    if (options.pgroup !== undefined) check(c.rns_spawn_attr_set_pgroup(attr, a.int(options.pgroup, 'options.pgroup', spawn)), 'spawn_attr_set_pgroup');
    if (options.cwd !== undefined) check(c.rns_spawn_attr_set_cwd(attr, a.pathArg(options.cwd, 'options.cwd', spawn).c), 'spawn_attr_set_cwd');
    if (options.uid !== undefined || options.gid !== undefined) {
      check(c.rns_spawn_attr_set_ids(attr, a.id(options.uid ?? -1, 'options.uid', spawn), a.id(options.gid ?? -1, 'options.gid', spawn)), 'spawn_attr_set_ids');
    }
    if (options.groups !== undefined) {
      const list = a.idList(options.groups, 'options.groups', spawn);
      check(c.rns_spawn_attr_set_groups(attr, list, list.length), 'spawn_attr_set_groups');
    }
    if (options.noNewPrivs) check(c.rns_spawn_attr_set_no_new_privs(attr, 1), 'spawn_attr_set_no_new_privs');
    if (options.pdeathsig !== undefined) check(c.rns_spawn_attr_set_pdeathsig(attr, a.signal(options.pdeathsig, 'options.pdeathsig', spawn)), 'spawn_attr_set_pdeathsig');
    if (options.umask !== undefined) check(c.rns_spawn_attr_set_umask(attr, a.int(options.umask, 'options.umask', spawn)), 'spawn_attr_set_umask');
    if (options.nice !== undefined) check(c.rns_spawn_attr_set_nice(attr, a.int(options.nice, 'options.nice', spawn)), 'spawn_attr_set_nice');
    if (options.cgroup !== undefined) check(c.rns_spawn_attr_set_cgroup(attr, a.fd(options.cgroup, 'options.cgroup', spawn)), 'spawn_attr_set_cgroup');
    for (const rl of options.rlimits || []) {
      const big = (v, name) => (typeof v === 'bigint' ? v : v === Infinity ? 0xffffffffffffffffn : BigInt(a.int(v, name, spawn)));
      check(c.rns_spawn_attr_set_rlimit(attr, a.int(rl.resource, 'options.rlimits[].resource', spawn),
        big(rl.soft, 'options.rlimits[].soft'), big(rl.hard, 'options.rlimits[].hard')), 'spawn_attr_set_rlimit');
    }

    const argv = [file, ...args, null];
    const pidOut = new Int32Array(1);
    const stepOut = new Int32Array(1);
    const fn = file.includes('/') ? c.rns_spawn : c.rns_spawnp;
    const r = fn(attr, file, argv, env ? [...env, null] : null, pidOut, stepOut);
    if (r < 0) {
      const err = errors.systemError(r, file.includes('/') ? 'spawn' : 'spawnp', file, spawn);
      /** @type {any} */ (err).step = STEPS.get(stepOut[0]) || null;
      throw err;
    }
    const streams = ours.map((fd, i) => (fd === null ? null : new net.Socket({ fd, readable: i !== 0, writable: i === 0 })));
    ours.fill(null); // the streams own them now
    return {
      pid: pidOut[0],
      pidfd: r,
      stdin: streams[0] || null,
      stdout: streams[1] || null,
      stderr: streams[2] || null,
      stdio: streams,
      exited: waitForExit(r, { pidfd: true, reap: true }),
    };
  } finally {
    c.rns_spawn_attr_free(attr);
    for (const fd of opened) fs.closeSync(fd);
    for (const fd of ours) if (fd !== null) fs.closeSync(fd); // a failure before the streams
  }
}

module.exports = { spawn };
