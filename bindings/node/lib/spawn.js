'use strict';
/**
 * The start of a program in new or existing namespaces (rns_spawn), internal: startProgram,
 * the engine of rns.spawn (lib/child_process), which turns librns's options into
 * rns_spawn_attr_* calls, searches the PATH as child_process does, and reports a failure of
 * the start as that step's error; and spawn, the low-level start on it (every failure
 * thrown, stdio 'inherit' by default, returns { pid, pidfd, stdio streams, exited }), which
 * the tests of the attributes and spawnSync use. The options are documented in index.d.ts.
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

/**
 * The public function in use (spawn, or child_process's spawn): the errors of the checks and
 * setters below are built with it, so their stacks start at the caller's call.
 * @type {Function}
 */
let entry = spawn;

/** Throws the system error of a failed setter. */
function check(r, call) {
  if (r < 0) throw errors.systemError(r, call, undefined, entry);
}

/**
 * Starts `file` with `args`: the low-level spawn, which throws every failure and defaults
 * stdio to 'inherit'. The caller closes `pidfd`. Internal (not exported by index.js).
 * @returns {{ pid: number, pidfd: number, stdin: net.Socket | null, stdout: net.Socket | null,
 *   stderr: net.Socket | null, stdio: (net.Socket | null)[], exited: Promise<object> }}
 */
function spawn(file, args, options) {
  const r = startChecked(file, args, options, spawn, false);
  const streams = r.ends.map((fd, i) => (fd === null ? null : new net.Socket({ fd, readable: i !== 0, writable: i === 0 })));
  return {
    pid: r.pid,
    pidfd: r.pidfd,
    stdin: streams[0] || null,
    stdout: streams[1] || null,
    stderr: streams[2] || null,
    stdio: streams,
    exited: waitForExit(r.pidfd, { pidfd: true, reap: true }),
  };
}

/**
 * The low-level spawns' start: their arguments checked (stdio defaults to 'inherit'), the
 * program started, every failure thrown with our pipe ends closed. With `argv0`,
 * options.argv0 (a string) is the program's argv[0].
 * @returns {{ pid: number, pidfd: number, ends: (number | null)[] }}
 */
function startChecked(file, args, options, caller, argv0) {
  const n = normalize(file, args, options);
  const env = environment(n.options.env);
  const stdio = n.options.stdio == null ? ['inherit', 'inherit', 'inherit'] : n.options.stdio;
  if (!Array.isArray(stdio)) throw errors.invalidArgType('options.stdio', 'an instance of Array', stdio, caller);
  const first = argv0 && n.options.argv0 != null ? a.string(n.options.argv0, 'options.argv0', caller) : n.file;
  const r = startProgram({ file: n.file, argv: [first, ...n.args], env, stdio, options: n.options }, caller);
  if (r.error) {
    closeEnds(r.ends);
    throw r.error;
  }
  return /** @type {{ pid: number, pidfd: number, ends: (number | null)[] }} */ (r);
}

/** Closes our ends of the 'pipe' fds (null: not a pipe). */
function closeEnds(ends) {
  for (const fd of ends) if (fd !== null) ffi.close(fd);
}

/**
 * The engine of both spawns: an attr from the stdio ('pipe', 'inherit', 'ignore', null or an
 * fd per slot) and the librns options of `options` (checked here), then the start.
 * A failure while setting up throws (with nothing left open); a failure of the start itself
 * (an exec, cwd, id, namespace ... step of the child) is returned as `error`, our pipe ends
 * still open (the caller's to use or close).
 * @param {{ file: string, argv: string[], env: { pairs: string[], path: string | undefined },
 *   stdio: any[], socketpairs?: boolean, options: Record<string, any> }} p file: the program
 *   (searched in env.path without a '/'); argv: its argv, argv[0] included; socketpairs:
 *   'pipe' slots as AF_UNIX socketpairs (child_process's), not pipes
 * @param {Function} caller the public function in use (the errors' stacks start at its call)
 * @returns {{ pid?: number, pidfd?: number, error?: Error, ends: (number | null)[] }}
 */
function startProgram(p, caller) {
  const o = p.options;
  const outer = entry;
  entry = caller;
  check(c.rns_spawn_attr_new(ffi.pointerSlot), 'spawn_attr_new');
  const attr = ffi.readPointer('rns_spawn_attr *');
  /** @type {{ pipes: number[], files: number[] }} the child's ends of pipes, and /dev/null: closed after the spawn */
  const opened = { pipes: [], files: [] };
  /** @type {(number | null)[]} our ends of the 'pipe' fds */
  const ours = p.stdio.map(() => null);
  let kept = false;
  try {
    fa.setForeground(attr, o, check, entry); // on this process's fd: before stdio
    setStdio(attr, p, opened, ours, fa.flags(o, entry) | identityFlags(o) | namespaceFlags(o));
    setNamespaces(attr, o);
    setProcess(attr, o);
    setIdentity(attr, o);
    fa.setFileActions(attr, o, check, entry);
    setSandbox(attr, o);
    let started;
    try {
      started = start(attr, p.file, p.argv, p.env);
    } catch (e) {
      if (!e || e.syscall !== `spawn ${p.file}`) throw e;
      kept = true;
      return { error: e, ends: ours };
    }
    kept = true;
    return { ...started, ends: ours };
  } finally {
    entry = outer;
    c.rns_spawn_attr_free(attr);
    for (const fd of opened.pipes) ffi.close(fd);
    for (const fd of opened.files) fs.closeSync(fd);
    if (!kept) closeEnds(ours); // a failure before the start
  }
}

/**
 * The arguments as child_process.spawn takes them: (file), (file, args), (file, options),
 * (file, args, options), args null or undefined for none; options read as its own properties
 * only (a copy, as Node spreads it), so nothing inherited is an option.
 * @returns {{ file: string, args: string[], options: Record<string, any> }}
 */
function normalize(file, args, options) {
  a.string(file, 'file', entry);
  if (file.length === 0) throw errors.invalidArgValue('file', file, 'cannot be empty', entry);
  let list = args;
  let opts = options;
  if (list == null) list = [];
  else if (!Array.isArray(list)) {
    if (typeof list !== 'object') throw errors.invalidArgType('args', 'of type object', list, entry);
    opts = list;
    list = [];
  }
  list.forEach((s, i) => a.string(s, `args[${i}]`, entry));
  if (opts === undefined) opts = {};
  return { file, args: [...list], options: { __proto__: null, ...a.object(opts, 'options', entry) } };
}

/**
 * The program's environment, as child_process builds it: `env`, or when null or undefined this
 * thread's process.env (a Worker's own copy in a Worker); inherited properties included,
 * undefined values left out, other values as strings.
 * @returns {{ pairs: string[], path: string | undefined }} NAME=value strings, and the PATH to search
 */
function environment(env) {
  const vars = env == null ? process.env : a.object(env, 'options.env', entry);
  const pairs = [];
  for (const key in vars) {
    const value = vars[key];
    if (value === undefined) continue;
    const pair = `${key}=${value}`;
    if (pair.includes('\0')) {
      const bad = key.includes('\0') ? key : value;
      throw errors.invalidArgValue(`options.env['${key}']`, bad, 'must be a string without null bytes', entry);
    }
    pairs.push(pair);
  }
  return { pairs, path: vars.PATH === undefined ? undefined : String(vars.PATH) };
}

/**
 * Sets fds 0, 1, 2, ... of the child from p.stdio; records the fds made here. A 'pipe' slot
 * is a pipe, or with p.socketpairs a socketpair (as libuv makes it for child_process). As libuv,
 * the child clears O_NONBLOCK on its fds 0-2 (on their open file descriptions, shared with
 * whoever else holds them): a program writing faster than its reader then waits, where it
 * would fail with EAGAIN on a pipe libuv had made non-blocking. `moreFlags`: the other
 * RNS_SPAWN_* flags of the options.
 */
function setStdio(attr, p, opened, ours, moreFlags) {
  check(c.rns_spawn_attr_set_flags(attr, constants.SPAWN_BLOCKING_STDIO | moreFlags), 'spawn_attr_set_flags');
  p.stdio.forEach((s, i) => {
    let fd;
    if (s === 'inherit') fd = i;
    else if (s === 'ignore' || s === null || s === undefined) {
      fd = fs.openSync('/dev/null', 'r+');
      opened.files.push(fd);
    } else if (s === 'pipe' && p.socketpairs) {
      [ours[i], fd] = ffi.socketpair();
      opened.pipes.push(fd);
    } else if (s === 'pipe') {
      const [r, w] = ffi.pipe();
      fd = i === 0 ? r : w; // stdin: the child reads; the others: it writes
      ours[i] = i === 0 ? w : r;
      opened.pipes.push(fd);
    } else fd = a.fd(s, `options.stdio[${i}]`, entry);
    check(c.rns_spawn_attr_set_fd(attr, i, fd), 'spawn_attr_set_fd');
  });
}

/** Sets the namespace, session and group options given (null and undefined: not given). */
function setNamespaces(attr, o) {
  if (o.unshare != null) check(c.rns_spawn_attr_set_unshare(attr, a.flags(o.unshare, 'options.unshare', entry)), 'spawn_attr_set_unshare');
  a.list(o.join, 'options.join', entry).forEach((entry, i) => {
    const j = a.object(entry, `options.join[${i}]`, entry);
    const types = a.flags(j.types ?? 0, `options.join[${i}].types`, entry);
    check(c.rns_spawn_attr_set_join(attr, a.fd(j.fd, `options.join[${i}].fd`, entry), types), 'spawn_attr_set_join');
  });
  if (o.uidMap != null) check(c.rns_spawn_attr_set_uid_map(attr, a.string(o.uidMap, 'options.uidMap', entry)), 'spawn_attr_set_uid_map');
  if (o.gidMap != null) check(c.rns_spawn_attr_set_gid_map(attr, a.string(o.gidMap, 'options.gidMap', entry)), 'spawn_attr_set_gid_map');
  if (o.mountPropagation != null) {
    check(c.rns_spawn_attr_set_mount_propagation(attr, a.uflags(o.mountPropagation, 'options.mountPropagation', entry)), 'spawn_attr_set_mount_propagation');
  }
  if (o.setsid != null && a.bool(o.setsid, 'options.setsid', entry)) check(c.rns_spawn_attr_set_setsid(attr, 1), 'spawn_attr_set_setsid');
  if (o.pgroup != null) check(c.rns_spawn_attr_set_pgroup(attr, a.int(o.pgroup, 'options.pgroup', entry)), 'spawn_attr_set_pgroup');
  if (o.cgroup != null) check(c.rns_spawn_attr_set_cgroup(attr, a.fd(o.cgroup, 'options.cgroup', entry)), 'spawn_attr_set_cgroup');
}

/**
 * Sets options.sigmask (blocked when the program starts) and options.sigdefault (set to
 * SIG_DFL, ignored ones included): lists of signals (names or numbers 1..64).
 */
function setSignals(attr, o) {
  for (const [key, fn] of [['sigmask', c.rns_spawn_attr_set_sigmask], ['sigdefault', c.rns_spawn_attr_set_sigdefault]]) {
    if (o[key] == null) continue;
    const sigs = a.list(o[key], `options.${key}`, entry).map((s, i) => {
      const n = a.signal(s, `options.${key}[${i}]`, entry);
      if (n < 1 || n > 64) throw errors.outOfRange(`options.${key}[${i}]`, '>= 1 && <= 64', n, entry);
      return n;
    });
    check(fn(attr, ffi.sigset(sigs)), `spawn_attr_set_${key}`);
  }
}

/** Sets the cwd, credential and resource options given (null and undefined: not given). */
function setProcess(attr, o) {
  // '' (or an empty Buffer) is no cwd, as for child_process.spawn.
  const cwd = o.cwd == null ? null : a.pathArg(o.cwd, 'options.cwd', entry).c;
  if (cwd && cwd.length > 1) check(c.rns_spawn_attr_set_cwd(attr, cwd), 'spawn_attr_set_cwd');
  if (o.uid != null || o.gid != null) {
    check(c.rns_spawn_attr_set_ids(attr, a.id(o.uid ?? -1, 'options.uid', entry), a.id(o.gid ?? -1, 'options.gid', entry)), 'spawn_attr_set_ids');
  }
  if (o.groups != null) {
    const list = a.idList(o.groups, 'options.groups', entry);
    check(c.rns_spawn_attr_set_groups(attr, list, list.length), 'spawn_attr_set_groups');
  }
  if (o.noNewPrivs != null && a.bool(o.noNewPrivs, 'options.noNewPrivs', entry)) check(c.rns_spawn_attr_set_no_new_privs(attr, 1), 'spawn_attr_set_no_new_privs');
  if (o.pdeathsig != null) check(c.rns_spawn_attr_set_pdeathsig(attr, a.signal(o.pdeathsig, 'options.pdeathsig', entry)), 'spawn_attr_set_pdeathsig');
  setSignals(attr, o);
  if (o.umask != null) check(c.rns_spawn_attr_set_umask(attr, a.int(o.umask, 'options.umask', entry)), 'spawn_attr_set_umask');
  if (o.nice != null) check(c.rns_spawn_attr_set_nice(attr, a.int(o.nice, 'options.nice', entry)), 'spawn_attr_set_nice');
  a.list(o.rlimits, 'options.rlimits', entry).forEach((entry, i) => {
    const rl = a.object(entry, `options.rlimits[${i}]`, entry);
    const big = (v, name) => (typeof v === 'bigint' ? v : v === Infinity ? 0xffffffffffffffffn : BigInt(a.int(v, name, entry)));
    check(c.rns_spawn_attr_set_rlimit(attr, a.int(rl.resource, `options.rlimits[${i}].resource`, entry),
      big(rl.soft, `options.rlimits[${i}].soft`), big(rl.hard, `options.rlimits[${i}].hard`)), 'spawn_attr_set_rlimit');
  });
}

/**
 * A list of capabilities (names as in the header, 'CAP_NET_RAW', or numbers 0..63) as the
 * library's mask (bit N: capability N).
 * @returns {bigint}
 */
function capMask(value, name) {
  return a.list(value, name, entry).reduce((mask, cap, i) => {
    let n = cap;
    if (typeof cap === 'string') {
      if (!/^CAP_[A-Z_]+$/.test(cap) || !Object.hasOwn(constants, cap)) {
        throw errors.invalidArgValue(`${name}[${i}]`, cap, 'must be a capability name (CAP_NET_RAW) or number', entry);
      }
      n = constants[cap];
    } else if (typeof cap !== 'number') {
      throw errors.invalidArgType(`${name}[${i}]`, 'of type number or string', cap, entry);
    }
    if (!Number.isInteger(n) || n < 0 || n > 63) throw errors.outOfRange(`${name}[${i}]`, '>= 0 && <= 63', n, entry);
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
  if (typeof o.setgroups !== 'string') throw errors.invalidArgType('options.setgroups', 'of type string', o.setgroups, entry);
  if (o.setgroups !== 'allow' && o.setgroups !== 'deny') {
    throw errors.invalidArgValue('options.setgroups', o.setgroups, "must be 'allow' or 'deny'", entry);
  }
  return o.setgroups === 'deny' ? constants.SPAWN_SETGROUPS_DENY : 0;
}

/** The RNS_SPAWN_* flags of the identity options (resetIds), set with the others by setStdio. */
function identityFlags(o) {
  return o.resetIds != null && a.bool(o.resetIds, 'options.resetIds', entry) ? constants.SPAWN_RESETIDS : 0;
}

/**
 * Sets the identity options given: scheduler, chroot, the capability sets and
 * securebits (null and undefined: not given).
 */
function setIdentity(attr, o) {
  if (o.scheduler != null) {
    const s = a.object(o.scheduler, 'options.scheduler', entry);
    const policy = a.int(s.policy, 'options.scheduler.policy', entry);
    check(c.rns_spawn_attr_set_scheduler(attr, policy, a.int(s.priority ?? 0, 'options.scheduler.priority', entry)), 'spawn_attr_set_scheduler');
  }
  if (o.chroot != null) {
    const root = a.pathArg(o.chroot, 'options.chroot', entry).c;
    check(c.rns_spawn_attr_set_chroot(attr, root), 'spawn_attr_set_chroot');
  }
  for (const [key, call] of [['ambientCaps', 'ambient_caps'], ['inheritableCaps', 'inheritable_caps'], ['boundingSet', 'bounding_set']]) {
    if (o[key] != null) check(c[`rns_spawn_attr_set_${call}`](attr, capMask(o[key], `options.${key}`)), `spawn_attr_set_${call}`);
  }
  if (o.securebits != null) check(c.rns_spawn_attr_set_securebits(attr, a.int(o.securebits, 'options.securebits', entry)), 'spawn_attr_set_securebits');
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
  if (o.landlock != null) check(c.rns_spawn_attr_set_landlock(attr, a.fd(o.landlock, 'options.landlock', entry)), 'spawn_attr_set_landlock');
}

/**
 * A filter as rns_sock_filter's bytes (struct sock_filter: u16 code, u8 jt, u8 jf, u32 k, in
 * the machine's byte order): a Buffer or Uint8Array of whole instructions as it is, or an
 * array of instruction objects (a missing field is 0).
 * @returns {Uint8Array}
 */
function filter(value, name) {
  const n = value instanceof Uint8Array ? value.length / 8 : a.list(value, name, entry).length;
  if (!Number.isInteger(n)) throw errors.invalidArgValue(name, value, 'must hold whole 8-byte instructions', entry);
  if (n < 1 || n > 4096) throw errors.outOfRange(`${name}.length`, '>= 1 && <= 4096 instructions', n, entry);
  if (value instanceof Uint8Array) return value;
  const buf = Buffer.alloc(8 * n);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.length);
  const le = os.endianness() === 'LE';
  value.forEach((entry, i) => {
    const ins = a.object(entry, `${name}[${i}]`, entry);
    const field = (key, max) => {
      const v = ins[key] ?? 0;
      const where = `${name}[${i}].${key}`;
      if (typeof v !== 'number') throw errors.invalidArgType(where, 'of type number', v, entry);
      if (!Number.isInteger(v) || v < 0 || v > max) throw errors.outOfRange(where, `>= 0 && <= ${max}`, v, entry);
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
 * @param {string[]} argv the program's argv, argv[0] included
 * @returns {{ pid: number, pidfd: number }}
 */
function start(attr, file, argv, env) {
  const run = (fn, path) => launch(fn, attr, path, [...argv, null], [...env.pairs, null], file, argv.slice(1));
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
    const err = errors.spawnError(r, file, args, STEPS.get(stepOut[0]) || null, entry);
    err.detail = stepOut[0] === constants.SPAWN_STEP_NONE ? null : fa.lastDetail();
    throw err;
  }
  return { pid: pidOut[0], pidfd: r };
}

/**
 * spawn for spawnSync (lib/child_process/sync.js): { pid, pidfd } only, no streams (stdio
 * must be fds, 'inherit' or 'ignore') and no waiter: the caller reaps the child through the
 * pidfd and closes it. options.argv0 (a string) is the program's argv[0]. Throws every
 * failure, as spawn.
 * @returns {{ pid: number, pidfd: number }}
 */
function spawnRaw(file, args, options) {
  const { pid, pidfd } = startChecked(file, args, options, spawnRaw, true);
  return { pid, pidfd };
}

module.exports = { spawn, spawnRaw, startProgram, closeEnds };
