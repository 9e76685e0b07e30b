'use strict';
/**
 * spawn: start a program in new or existing namespaces (rns_spawn), with every failure before
 * its exec reported as that step's error. Arguments, options, the environment and the PATH
 * search follow child_process.spawn. Documentation: index.d.ts.
 * @module
 */

const fs = require('fs');
const os = require('os');
const net = require('net');
const { isMainThread } = require('worker_threads');
const a = require('./internal/args');
const ffi = require('./internal/ffi');
const { c } = require('./internal/binding');
const errors = require('./internal/errors');
const constants = require('./constants');
const { waitForExit } = require('./wait');
const fa = require('./spawn_fa');

/** RNS_SPAWN_STEP_* -> its name in err.step. */
const STEPS = new Map(
  Object.entries(constants)
    .filter(([k]) => k.startsWith('SPAWN_STEP_'))
    .map(([k, v]) => [v, k.slice('SPAWN_STEP_'.length).toLowerCase()])
);

/** The search path when PATH is unset, as execvp(3) and rns_spawnp() take it. */
const DEFAULT_PATH = '/bin:/usr/bin';
/** exec errors after which the search goes on, as execvp(3) and rns_spawnp(); EACCES is kept. */
const SEARCH_ON = new Set(['ENOENT', 'ENOTDIR', 'ESTALE', 'ENODEV', 'ETIMEDOUT', 'EACCES']);

/** Throws the system error of a failed setter. */
function check(r, call) {
  if (r < 0) throw errors.systemError(r, call, undefined, spawn);
}

/** spawn's fourth argument from spawnRaw only: no streams, no waiter, options.argv0 read. */
const RAW = Symbol('raw');

/**
 * Starts `file` with `args`. Documentation: index.d.ts.
 * @returns {{ pid: number, pidfd: number, exited: Promise<object> }}
 */
function spawn(file, args, options, raw) {
  const n = normalize(file, args, options);
  const env = environment(n.options.env);
  const stdio = n.options.stdio == null ? ['inherit', 'inherit', 'inherit'] : n.options.stdio;
  if (!Array.isArray(stdio)) throw errors.invalidArgType('options.stdio', 'an instance of Array', stdio, spawn);

  check(c.rns_spawn_attr_new(ffi.pointerSlot), 'spawn_attr_new');
  const attr = ffi.readPointer('rns_spawn_attr *');
  /** @type {{ pipes: number[], files: number[] }} the child's ends of pipes, and /dev/null: closed after the spawn */
  const opened = { pipes: [], files: [] };
  /** @type {(number | null)[]} our ends of the 'pipe' fds */
  const ours = stdio.map(() => null);
  try {
    fa.setForeground(attr, n.options, check, spawn); // on this process's fd: before stdio
    setStdio(attr, stdio, opened, ours, fa.flags(n.options, spawn) | identityFlags(n.options) | namespaceFlags(n.options));
    setNamespaces(attr, n.options);
    setProcess(attr, n.options);
    setIdentity(attr, n.options);
    fa.setFileActions(attr, n.options, check, spawn);
    setSandbox(attr, n.options);
    const argv0 = raw === RAW && n.options.argv0 != null ? a.string(n.options.argv0, 'options.argv0', spawn) : n.file;
    const { pid, pidfd } = start(attr, n.file, n.args, env, argv0);
    if (raw === RAW) return { pid, pidfd };
    const streams = ours.map((fd, i) => (fd === null ? null : new net.Socket({ fd, readable: i !== 0, writable: i === 0 })));
    ours.fill(null); // the streams own them now
    return {
      pid,
      pidfd,
      stdin: streams[0] || null,
      stdout: streams[1] || null,
      stderr: streams[2] || null,
      stdio: streams,
      exited: waitForExit(pidfd, { pidfd: true, reap: true }),
    };
  } finally {
    c.rns_spawn_attr_free(attr);
    for (const fd of opened.pipes) ffi.close(fd);
    for (const fd of opened.files) fs.closeSync(fd);
    for (const fd of ours) if (fd !== null) ffi.close(fd); // a failure before the streams
  }
}

/**
 * The arguments as child_process.spawn takes them: (file), (file, args), (file, options),
 * (file, args, options), args null or undefined for none; options read as its own properties
 * only (a copy, as Node spreads it), so nothing inherited is an option.
 * @returns {{ file: string, args: string[], options: Record<string, any> }}
 */
function normalize(file, args, options) {
  a.string(file, 'file', spawn);
  if (file.length === 0) throw errors.invalidArgValue('file', file, 'cannot be empty', spawn);
  let list = args;
  let opts = options;
  if (list == null) list = [];
  else if (!Array.isArray(list)) {
    if (typeof list !== 'object') throw errors.invalidArgType('args', 'of type object', list, spawn);
    opts = list;
    list = [];
  }
  list.forEach((s, i) => a.string(s, `args[${i}]`, spawn));
  if (opts === undefined) opts = {};
  return { file, args: [...list], options: { __proto__: null, ...a.object(opts, 'options', spawn) } };
}

/**
 * The program's environment, as child_process builds it: `env`, or when null or undefined this
 * thread's process.env (a Worker's own copy in a Worker); inherited properties included,
 * undefined values left out, other values as strings.
 * @returns {{ pairs: string[], path: string | undefined }} NAME=value strings, and the PATH to search
 */
function environment(env) {
  const vars = env == null ? process.env : a.object(env, 'options.env', spawn);
  const pairs = [];
  for (const key in vars) {
    const value = vars[key];
    if (value === undefined) continue;
    const pair = `${key}=${value}`;
    if (pair.includes('\0')) {
      const bad = key.includes('\0') ? key : value;
      throw errors.invalidArgValue(`options.env['${key}']`, bad, 'must be a string without null bytes', spawn);
    }
    pairs.push(pair);
  }
  return { pairs, path: vars.PATH === undefined ? undefined : String(vars.PATH) };
}

/**
 * Sets fds 0, 1, 2, ... of the child from options.stdio; records the fds made here. As libuv,
 * the child clears O_NONBLOCK on its fds 0-2 (on their open file descriptions, shared with
 * whoever else holds them): a program writing faster than its reader then waits, where it
 * would fail with EAGAIN on a pipe libuv had made non-blocking. `moreFlags`: the other
 * RNS_SPAWN_* flags of the options.
 */
function setStdio(attr, stdio, opened, ours, moreFlags) {
  check(c.rns_spawn_attr_set_flags(attr, constants.SPAWN_BLOCKING_STDIO | moreFlags), 'spawn_attr_set_flags');
  stdio.forEach((s, i) => {
    let fd;
    if (s === 'inherit') fd = i;
    else if (s === 'ignore' || s === null || s === undefined) {
      fd = fs.openSync('/dev/null', 'r+');
      opened.files.push(fd);
    } else if (s === 'pipe') {
      const [r, w] = ffi.pipe();
      fd = i === 0 ? r : w; // stdin: the child reads; the others: it writes
      ours[i] = i === 0 ? w : r;
      opened.pipes.push(fd);
    } else fd = a.fd(s, `options.stdio[${i}]`, spawn);
    check(c.rns_spawn_attr_set_fd(attr, i, fd), 'spawn_attr_set_fd');
  });
}

/** Sets the namespace, session and group options given (null and undefined: not given). */
function setNamespaces(attr, o) {
  if (o.unshare != null) check(c.rns_spawn_attr_set_unshare(attr, a.flags(o.unshare, 'options.unshare', spawn)), 'spawn_attr_set_unshare');
  a.list(o.join, 'options.join', spawn).forEach((entry, i) => {
    const j = a.object(entry, `options.join[${i}]`, spawn);
    const types = a.flags(j.types ?? 0, `options.join[${i}].types`, spawn);
    check(c.rns_spawn_attr_set_join(attr, a.fd(j.fd, `options.join[${i}].fd`, spawn), types), 'spawn_attr_set_join');
  });
  if (o.uidMap != null) check(c.rns_spawn_attr_set_uid_map(attr, a.string(o.uidMap, 'options.uidMap', spawn)), 'spawn_attr_set_uid_map');
  if (o.gidMap != null) check(c.rns_spawn_attr_set_gid_map(attr, a.string(o.gidMap, 'options.gidMap', spawn)), 'spawn_attr_set_gid_map');
  if (o.mountPropagation != null) {
    check(c.rns_spawn_attr_set_mount_propagation(attr, a.uflags(o.mountPropagation, 'options.mountPropagation', spawn)), 'spawn_attr_set_mount_propagation');
  }
  if (o.setsid != null && a.bool(o.setsid, 'options.setsid', spawn)) check(c.rns_spawn_attr_set_setsid(attr, 1), 'spawn_attr_set_setsid');
  if (o.pgroup != null) check(c.rns_spawn_attr_set_pgroup(attr, a.int(o.pgroup, 'options.pgroup', spawn)), 'spawn_attr_set_pgroup');
  if (o.cgroup != null) check(c.rns_spawn_attr_set_cgroup(attr, a.fd(o.cgroup, 'options.cgroup', spawn)), 'spawn_attr_set_cgroup');
}

/**
 * Sets options.sigmask (blocked when the program starts) and options.sigdefault (set to
 * SIG_DFL, ignored ones included): lists of signals (names or numbers 1..64).
 */
function setSignals(attr, o) {
  for (const [key, fn] of [['sigmask', c.rns_spawn_attr_set_sigmask], ['sigdefault', c.rns_spawn_attr_set_sigdefault]]) {
    if (o[key] == null) continue;
    const sigs = a.list(o[key], `options.${key}`, spawn).map((s, i) => {
      const n = a.signal(s, `options.${key}[${i}]`, spawn);
      if (n < 1 || n > 64) throw errors.outOfRange(`options.${key}[${i}]`, '>= 1 && <= 64', n, spawn);
      return n;
    });
    check(fn(attr, ffi.sigset(sigs)), `spawn_attr_set_${key}`);
  }
}

/** Sets the cwd, credential and resource options given (null and undefined: not given). */
function setProcess(attr, o) {
  // '' (or an empty Buffer) is no cwd, as for child_process.spawn.
  const cwd = o.cwd == null ? null : a.pathArg(o.cwd, 'options.cwd', spawn).c;
  if (cwd && cwd.length > 1) check(c.rns_spawn_attr_set_cwd(attr, cwd), 'spawn_attr_set_cwd');
  if (o.uid != null || o.gid != null) {
    check(c.rns_spawn_attr_set_ids(attr, a.id(o.uid ?? -1, 'options.uid', spawn), a.id(o.gid ?? -1, 'options.gid', spawn)), 'spawn_attr_set_ids');
  }
  if (o.groups != null) {
    const list = a.idList(o.groups, 'options.groups', spawn);
    check(c.rns_spawn_attr_set_groups(attr, list, list.length), 'spawn_attr_set_groups');
  }
  if (o.noNewPrivs != null && a.bool(o.noNewPrivs, 'options.noNewPrivs', spawn)) check(c.rns_spawn_attr_set_no_new_privs(attr, 1), 'spawn_attr_set_no_new_privs');
  if (o.pdeathsig != null) check(c.rns_spawn_attr_set_pdeathsig(attr, a.signal(o.pdeathsig, 'options.pdeathsig', spawn)), 'spawn_attr_set_pdeathsig');
  setSignals(attr, o);
  if (o.umask != null) check(c.rns_spawn_attr_set_umask(attr, a.int(o.umask, 'options.umask', spawn)), 'spawn_attr_set_umask');
  if (o.nice != null) check(c.rns_spawn_attr_set_nice(attr, a.int(o.nice, 'options.nice', spawn)), 'spawn_attr_set_nice');
  a.list(o.rlimits, 'options.rlimits', spawn).forEach((entry, i) => {
    const rl = a.object(entry, `options.rlimits[${i}]`, spawn);
    const big = (v, name) => (typeof v === 'bigint' ? v : v === Infinity ? 0xffffffffffffffffn : BigInt(a.int(v, name, spawn)));
    check(c.rns_spawn_attr_set_rlimit(attr, a.int(rl.resource, `options.rlimits[${i}].resource`, spawn),
      big(rl.soft, `options.rlimits[${i}].soft`), big(rl.hard, `options.rlimits[${i}].hard`)), 'spawn_attr_set_rlimit');
  });
}

/**
 * A list of capabilities (names as in the header, 'CAP_NET_RAW', or numbers 0..63) as the
 * library's mask (bit N: capability N).
 * @returns {bigint}
 */
function capMask(value, name) {
  return a.list(value, name, spawn).reduce((mask, cap, i) => {
    let n = cap;
    if (typeof cap === 'string') {
      if (!/^CAP_[A-Z_]+$/.test(cap) || !Object.hasOwn(constants, cap)) {
        throw errors.invalidArgValue(`${name}[${i}]`, cap, 'must be a capability name (CAP_NET_RAW) or number', spawn);
      }
      n = constants[cap];
    } else if (typeof cap !== 'number') {
      throw errors.invalidArgType(`${name}[${i}]`, 'of type number or string', cap, spawn);
    }
    if (!Number.isInteger(n) || n < 0 || n > 63) throw errors.outOfRange(`${name}[${i}]`, '>= 0 && <= 63', n, spawn);
    return mask | (1n << BigInt(n));
  }, 0n);
}

/**
 * The RNS_SPAWN_* flags of the namespace options: setgroups 'deny' (unshare --setgroups deny:
 * "deny" written to the new user namespace's setgroups, also where this process may map
 * groups) or 'allow' (the default: "deny" only where the kernel requires it).
 */
function namespaceFlags(o) {
  if (o.setgroups == null) return 0;
  if (typeof o.setgroups !== 'string') throw errors.invalidArgType('options.setgroups', 'of type string', o.setgroups, spawn);
  if (o.setgroups !== 'allow' && o.setgroups !== 'deny') {
    throw errors.invalidArgValue('options.setgroups', o.setgroups, "must be 'allow' or 'deny'", spawn);
  }
  return o.setgroups === 'deny' ? constants.SPAWN_SETGROUPS_DENY : 0;
}

/** The RNS_SPAWN_* flags of the identity options (resetIds), set with the others by setStdio. */
function identityFlags(o) {
  return o.resetIds != null && a.bool(o.resetIds, 'options.resetIds', spawn) ? constants.SPAWN_RESETIDS : 0;
}

/**
 * Sets the identity options given: scheduler, chroot, the capability sets and
 * securebits (null and undefined: not given).
 */
function setIdentity(attr, o) {
  if (o.scheduler != null) {
    const s = a.object(o.scheduler, 'options.scheduler', spawn);
    const policy = a.int(s.policy, 'options.scheduler.policy', spawn);
    check(c.rns_spawn_attr_set_scheduler(attr, policy, a.int(s.priority ?? 0, 'options.scheduler.priority', spawn)), 'spawn_attr_set_scheduler');
  }
  if (o.chroot != null) {
    const root = a.pathArg(o.chroot, 'options.chroot', spawn).c;
    check(c.rns_spawn_attr_set_chroot(attr, root), 'spawn_attr_set_chroot');
  }
  for (const [key, call] of [['ambientCaps', 'ambient_caps'], ['inheritableCaps', 'inheritable_caps'], ['boundingSet', 'bounding_set']]) {
    if (o[key] != null) check(c[`rns_spawn_attr_set_${call}`](attr, capMask(o[key], `options.${key}`)), `spawn_attr_set_${call}`);
  }
  if (o.securebits != null) check(c.rns_spawn_attr_set_securebits(attr, a.int(o.securebits, 'options.securebits', spawn)), 'spawn_attr_set_securebits');
}

/**
 * Sets options.seccomp (a classic BPF program: an array of { code, jt, jf, k } or a Buffer of
 * raw 8-byte instructions, 1 to 4096 of them) and options.landlock (a ruleset fd).
 */
function setSandbox(attr, o) {
  if (o.seccomp != null) {
    const prog = filter(o.seccomp, 'options.seccomp');
    check(c.rns_spawn_attr_set_seccomp(attr, prog, prog.length / 8), 'spawn_attr_set_seccomp');
  }
  if (o.landlock != null) check(c.rns_spawn_attr_set_landlock(attr, a.fd(o.landlock, 'options.landlock', spawn)), 'spawn_attr_set_landlock');
}

/**
 * A filter as rns_sock_filter's bytes (struct sock_filter: u16 code, u8 jt, u8 jf, u32 k, in
 * the machine's byte order): a Buffer or Uint8Array of whole instructions as it is, or an
 * array of instruction objects (a missing field is 0).
 * @returns {Uint8Array}
 */
function filter(value, name) {
  const n = value instanceof Uint8Array ? value.length / 8 : a.list(value, name, spawn).length;
  if (!Number.isInteger(n)) throw errors.invalidArgValue(name, value, 'must hold whole 8-byte instructions', spawn);
  if (n < 1 || n > 4096) throw errors.outOfRange(`${name}.length`, '>= 1 && <= 4096 instructions', n, spawn);
  if (value instanceof Uint8Array) return value;
  const buf = Buffer.alloc(8 * n);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.length);
  const le = os.endianness() === 'LE';
  value.forEach((entry, i) => {
    const ins = a.object(entry, `${name}[${i}]`, spawn);
    const field = (key, max) => {
      const v = ins[key] ?? 0;
      const where = `${name}[${i}].${key}`;
      if (typeof v !== 'number') throw errors.invalidArgType(where, 'of type number', v, spawn);
      if (!Number.isInteger(v) || v < 0 || v > max) throw errors.outOfRange(where, `>= 0 && <= ${max}`, v, spawn);
      return v;
    };
    view.setUint16(8 * i, field('code', 0xffff), le);
    view.setUint8(8 * i + 2, field('jt', 0xff));
    view.setUint8(8 * i + 3, field('jf', 0xff));
    view.setUint32(8 * i + 4, field('k', 0xffffffff), le);
  });
  return buf;
}

/** Whether `path` names something (stat follows links); false on any error. */
function exists(path) {
  try {
    return fs.statSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

/**
 * Starts the program: `file` itself when it has a slash; else found in `env.path` as execvp
 * finds it: each directory in turn ('' is the child's cwd), on to the next after ENOENT and
 * the like, EACCES kept for the end. The library does that search in the child from its own
 * PATH (rns_spawnp) when that is the PATH to search (on the main thread, process.env is the
 * process's environment); otherwise (options.env's PATH, a Worker's process.env) each
 * candidate that exists is tried here with rns_spawn (a stat first: no child for a missing
 * one), as libuv tries each with posix_spawn.
 * @returns {{ pid: number, pidfd: number }}
 */
function start(attr, file, args, env, argv0) {
  const run = (fn, path) => launch(fn, attr, path, [argv0, ...args, null], [...env.pairs, null], file, args);
  if (file.includes('/')) return run(c.rns_spawn, file);
  if (isMainThread && env.path === process.env.PATH) return run(c.rns_spawnp, file);
  let denied = null;
  let last = null;
  const dirs = (env.path ?? DEFAULT_PATH).split(':');
  for (const [i, dir] of dirs.entries()) {
    const path = dir ? `${dir}/${file}` : file;
    // An absolute candidate that is not there would fail with ENOENT or ENOTDIR, on which
    // the search goes on: no child for it, but for the last (whose error is then the
    // library's own). A relative one is the child's cwd's: always tried.
    if (i < dirs.length - 1 && path.startsWith('/') && !exists(path)) continue;
    try {
      return run(c.rns_spawn, path);
    } catch (e) {
      if (e.step !== 'exec' || !SEARCH_ON.has(e.code)) throw e;
      if (e.code === 'EACCES') denied = e;
      last = e;
    }
  }
  throw denied || last;
}

/** One rns_spawn or rns_spawnp call; throws child_process's error with the failed step. */
function launch(fn, attr, path, argv, envp, file, args) {
  const pidOut = new Int32Array(1);
  const stepOut = new Int32Array(1);
  const r = fn(attr, path, argv, envp, pidOut, stepOut);
  if (r < 0) {
    const err = errors.spawnError(r, file, args, STEPS.get(stepOut[0]) || null, spawn);
    err.detail = stepOut[0] === constants.SPAWN_STEP_NONE ? null : fa.lastDetail();
    throw err;
  }
  return { pid: pidOut[0], pidfd: r };
}

/**
 * spawn for spawnSync (lib/child_process/sync.js): { pid, pidfd } only, no streams (stdio
 * must be fds, 'inherit' or 'ignore') and no waiter: the caller reaps the child through the
 * pidfd and closes it. options.argv0 (a string) is the program's argv[0].
 */
const spawnRaw = (file, args, options) => spawn(file, args, options, RAW);

module.exports = { spawn };
// Not enumerable: index.js spreads this module into the package's exports.
Object.defineProperty(module.exports, 'spawnRaw', { value: spawnRaw });
