'use strict';
/**
 * child_process's synchronous family: spawnSync, execFileSync, execSync, with Node's
 * arguments, defaults, results and errors (lib/child_process.js and src/spawn_sync.cc of
 * Node, Copyright Node.js contributors, MIT license), started by the library (rns_spawn, so
 * librns's options too: unshare, join, uidMap, ...). No event loop, as Node's: one poll(2)
 * loop writes the input, reads the outputs, stops at the timeout or maxBuffer (killSignal
 * through the pidfd, never a reused pid) and reaps the child through its pidfd (no zombie).
 * Documentation: index.d.ts.
 * @module
 */

const ffi = require('../internal/ffi');
const errors = require('../internal/errors');
const { pidfdWait } = require('../pidfd');
const { sendSignal } = require('./child');
const { spawnRaw } = require('../spawn');
const o = require('./options');

/** Bytes per read, as libuv's: a maxBuffer overrun keeps the whole chunk, as Node's does. */
const CHUNK = 65536;
const POLLIN = 0x1;
const POLLOUT = 0x4;
const SIGTERM = 15;
const SIGKILL = 9;

/**
 * child_process.spawnSync(file, args, options). Documentation: index.d.ts.
 * @returns {{ pid: number, output: any[] | null, stdout: any, stderr: any, status: number | null,
 *   signal: string | null, error?: Error }}
 */
function spawnSync(file, args, options) {
  const opts = { __proto__: null, maxBuffer: o.MAX_BUFFER, ...o.normalizeSpawnArguments(file, args, options, spawnSync) };
  o.validateTimeout(opts.timeout, spawnSync);
  o.validateMaxBuffer(opts.maxBuffer, spawnSync);
  opts.killSignal = o.sanitizeKillSignal(opts.killSignal, spawnSync);
  opts.stdio = o.getValidStdio(opts.stdio || 'pipe', true, spawnSync);
  if (opts.input) opts.stdio[0] = { ...opts.stdio[0], input: opts.input };
  opts.stdio.forEach((slot, i) => {
    if (slot.input != null) slot.input = validInput(slot.input, i, opts.encoding);
  });
  const result = run(opts);
  if (result.output && opts.encoding && opts.encoding !== 'buffer') {
    result.output = result.output.map((out) => (out ? out.toString(opts.encoding) : out));
  }
  result.stdout = result.output && result.output[1];
  result.stderr = result.output && result.output[2];
  return result;
}

/** An input as bytes: a TypedArray or DataView as it is, a string in `encoding`. */
function validInput(input, i, encoding) {
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (typeof input === 'string') return Buffer.from(input, encoding);
  throw errors.invalidArgType(`options.stdio[${i}]`, 'of type string or an instance of Buffer, TypedArray, or DataView', input, spawnSync);
}

/**
 * Makes the pipes, starts the child and runs the loop; every fd made here is closed on
 * every path. A system error on the way (a pipe, an fd the child cannot have, a librns step
 * in the child) is the result's error, as Node's; a wrong argument throws.
 */
function run(opts) {
  const refused = refusedByChild(opts);
  if (refused) return failedStart(syncError(refused, opts));
  /** @type {{ i: number, fd: number, child: number, toChild: boolean, input: Uint8Array | null }[]} */
  const pipes = [];
  try {
    let child;
    try {
      const fds = opts.stdio.map((slot, i) => childFd(slot, i, pipes));
      // Node's C++ takes each argument as a string (ToString): [1, 2] runs with '1', '2'.
      child = spawnRaw(opts.file, opts.args.slice(1).map(String), engineOptions(opts, fds));
    } catch (e) {
      if (typeof e.errno !== 'number' || typeof e.syscall !== 'string') throw e;
      return failedStart(syncError(e, opts));
    } finally {
      for (const p of pipes) closeFd(p, 'child');
    }
    return communicate(opts, child, pipes);
  } finally {
    for (const p of pipes) closeFd(p, 'fd');
  }
}

/** The result of a child that never ran, as Node's. */
const failedStart = (error) => ({ error, status: null, signal: null, output: null, pid: 0 });

/**
 * What libuv's child fails on before librns would see it (librns reads cwd '' as none and
 * id -1 as unchanged): cwd '' (chdir: ENOENT), then gid, then uid -1 (setgid, setuid: EINVAL).
 * @returns {{ errno: number, code: string, step: string } | null}
 */
function refusedByChild(opts) {
  if (opts.cwd === '') return { errno: -2, code: 'ENOENT', step: 'cwd' };
  if (opts.gid === -1) return { errno: -22, code: 'EINVAL', step: 'gid' };
  if (opts.uid === -1) return { errno: -22, code: 'EINVAL', step: 'uid' };
  return null;
}

/** The fd the child gets for slot `i`: a pipe's end (the other one recorded in `pipes`), an fd, or 'ignore'. */
function childFd(slot, i, pipes) {
  if (slot.type === 'ignore') return 'ignore';
  if (slot.type === 'fd') return slot.fd;
  const [r, w] = ffi.pipe();
  const toChild = !!slot.readable; // the child reads it: stdin
  pipes.push({ i, fd: toChild ? w : r, child: toChild ? r : w, toChild, input: toChild ? slot.input || null : null });
  return toChild ? r : w;
}

/** Closes p[key] once. */
function closeFd(p, key) {
  if (p[key] >= 0) ffi.close(p[key]);
  p[key] = -1;
}

/**
 * The engine's options: the normalized ones (librns's own pass through), the child's fds,
 * the environment Node built (envPairs), detached as a new session.
 */
function engineOptions(opts, fds) {
  const env = { __proto__: null };
  for (const pair of opts.envPairs) {
    const eq = pair.indexOf('=');
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const setsid = opts.setsid ?? (opts.detached || undefined);
  // An int32 id as libuv passes it to setuid/setgid: -2 is 4294967294.
  const id = (v) => (typeof v === 'number' && v < 0 ? v >>> 0 : v);
  return { ...opts, stdio: fds, env, setsid, argv0: opts.args[0], uid: id(opts.uid), gid: id(opts.gid) };
}

/** Node's spawnSync error: "spawnSync FILE CODE", syscall, path, spawnargs; librns's step and detail kept. */
function syncError(e, opts) {
  const code = typeof e === 'number' ? errors.systemError(e, 'x').code : e.code;
  const errno = typeof e === 'number' ? -Math.abs(e) : e.errno;
  const err = /** @type {any} */ (new Error(`spawnSync ${opts.file} ${code}`));
  Object.assign(err, { errno, code, syscall: `spawnSync ${opts.file}`, path: opts.file, spawnargs: opts.args.slice(1) });
  if (typeof e === 'object' && e.step !== undefined) Object.assign(err, { step: e.step, detail: e.detail });
  Error.captureStackTrace(err, spawnSync);
  return err;
}

/**
 * The loop of src/spawn_sync.cc: until the child is reaped and every pipe is at end of
 * file. The timeout or a maxBuffer overrun kills the child (killSignal; SIGKILL when that
 * fails), closes the pipes and stops the clock; then only the exit is waited for.
 */
function communicate(opts, child, pipes) {
  const s = {
    opts, child, pipes, error: 0, pipeError: 0, total: 0, killed: false, exit: null,
    outputs: opts.stdio.map((slot) => (slot.type === 'pipe' && !slot.readable ? [] : null)),
    maxBuffer: typeof opts.maxBuffer === 'number' ? opts.maxBuffer : 0,
    deadline: opts.timeout > 0 ? performance.now() + opts.timeout : Infinity,
    buf: Buffer.allocUnsafe(CHUNK),
  };
  try {
    for (const p of pipes) if (p.toChild) start(s, p);
    while (s.exit === null || pipes.some((p) => p.fd >= 0)) step(s);
  } finally {
    if (s.exit === null) reapNow(s); // a throw in the loop: no child left behind
  }
  const result = {};
  if (s.error || s.pipeError) result.error = syncError(s.error || s.pipeError, opts);
  result.status = s.exit.kind === 'exited' ? s.exit.code : null;
  result.signal = s.exit.signal;
  result.output = s.outputs.map((chunks) => (chunks ? Buffer.concat(chunks) : null));
  result.pid = child.pid;
  return result;
}

/** Input pipes: non-blocking (poll says writable, not how much); no input: closed at once (EOF). */
function start(s, p) {
  if (p.input === null || p.input.length === 0) closeFd(p, 'fd');
  else {
    const r = ffi.setNonBlocking(p.fd);
    if (r < 0) pipeFailed(s, p, r);
  }
}

/** One poll of the open pipes and the pidfd, and what it reported. */
function step(s) {
  const open = s.pipes.filter((p) => p.fd >= 0);
  const fds = Buffer.alloc(8 * (open.length + 1));
  open.forEach((p, k) => {
    fds.writeInt32LE(p.fd, 8 * k);
    fds.writeInt16LE(p.toChild ? POLLOUT : POLLIN, 8 * k + 4);
  });
  const last = 8 * open.length;
  fds.writeInt32LE(s.exit === null ? s.child.pidfd : -1, last); // a negative fd is skipped
  fds.writeInt16LE(POLLIN, last + 4);
  const wait = s.killed || s.deadline === Infinity ? -1 : Math.max(0, Math.ceil(s.deadline - performance.now()));
  const n = ffi.poll(fds, wait);
  if (n < 0 && n !== -4 /* EINTR */) throw errors.systemError(n, 'poll', undefined, spawnSync);
  if (n > 0) {
    if (fds.readInt16LE(last + 6) !== 0) reap(s); // first: no kill for a child that has ended
    open.forEach((p, k) => {
      if (fds.readInt16LE(8 * k + 6) !== 0 && p.fd >= 0) (p.toChild ? writeSome : readSome)(s, p);
    });
  }
  // After every poll, while anything is left: a child that never lets the pipes go quiet
  // still meets its timeout.
  const done = s.exit !== null && s.pipes.every((p) => p.fd < 0);
  if (!done && !s.killed && performance.now() >= s.deadline) fail(s, -110 /* ETIMEDOUT */);
}

/** Reads what a pipe has; end of file closes it; past maxBuffer: ENOBUFS. */
function readSome(s, p) {
  const n = ffi.read(p.fd, s.buf);
  if (n === -4 || n === -11) return; // EINTR, EAGAIN: poll again
  if (n < 0) return pipeFailed(s, p, n);
  if (n === 0) return closeFd(p, 'fd');
  s.outputs[p.i].push(Buffer.from(s.buf.subarray(0, n)));
  s.total += n;
  if (s.maxBuffer > 0 && s.total > s.maxBuffer) fail(s, -105 /* ENOBUFS */);
}

/** Writes what the pipe takes of the input; all of it written: closed (EOF). */
function writeSome(s, p) {
  const n = ffi.write(p.fd, p.input);
  if (n === -4 || n === -11) return;
  if (n < 0) return pipeFailed(s, p, n); // EPIPE: the child closed its end
  p.input = p.input.subarray(n);
  if (p.input.length === 0) closeFd(p, 'fd');
}

/** A pipe's read or write error: the result's error unless another came first; the pipe closed. */
function pipeFailed(s, p, errno) {
  if (!s.pipeError) s.pipeError = errno;
  closeFd(p, 'fd');
}

/**
 * Signals the child through its pidfd, or its pid where pidfd_send_signal is ENOSYS (the
 * child is not reaped yet, so the pid is its own); throws the system error.
 */
function signalChild(child, sig) {
  const r = sendSignal(child.pidfd, child.pid, sig);
  if (r < 0) throw errors.systemError(r, 'pidfd_send_signal');
}

/** ETIMEDOUT or ENOBUFS: kept (the first error wins), and the child killed once. */
function fail(s, errno) {
  if (!s.error) s.error = errno;
  if (s.killed) return;
  s.killed = true;
  if (s.exit === null) {
    const sig = s.opts.killSignal ?? SIGTERM;
    try {
      signalChild(s.child, sig);
    } catch (e) {
      // An exited child (not yet reaped) is no failure; else Node's: the error, and SIGKILL.
      if (e.code !== 'ESRCH') {
        if (!s.error) s.error = e.errno;
        try {
          signalChild(s.child, SIGKILL);
        } catch {
          // no right to signal it: wait for it anyway, as Node does
        }
      }
    }
  }
  for (const p of s.pipes) closeFd(p, 'fd');
}

/**
 * The pidfd is readable: the child ended; reaped here, its pidfd closed. A wait that fails
 * (ECHILD: reaped elsewhere, by a waitpid(-1)) leaves no status (status and signal null),
 * and is thrown unless it is ECHILD.
 */
function reap(s) {
  try {
    s.exit = pidfdWait(s.child.pidfd);
  } catch (e) {
    if (e.code === 'EINTR' || e.code === 'EAGAIN') return;
    s.exit = { kind: 'none', code: 0, signal: null };
    ffi.close(s.child.pidfd);
    if (e.code !== 'ECHILD') throw e;
    return;
  }
  ffi.close(s.child.pidfd);
}

/** Kills the child (SIGKILL) and reaps it, after a failure of the loop itself. */
function reapNow(s) {
  try {
    signalChild(s.child, SIGKILL);
  } catch {
    // exited already
  }
  const fds = Buffer.alloc(8);
  fds.writeInt32LE(s.child.pidfd, 0);
  fds.writeInt16LE(POLLIN, 4);
  while (s.exit === null) {
    ffi.poll(fds, -1);
    reap(s);
  }
}

/**
 * Node's checkExecSyncError: the result's error with the result's fields, or for a status
 * other than 0 "Command failed: CMD" (and the stderr), with the result's fields.
 */
function checkExecSyncError(ret, args, cmd) {
  let err;
  if (ret.error) {
    err = ret.error;
    Object.assign(err, ret);
  } else if (ret.status !== 0) {
    let msg = `Command failed: ${cmd || args.join(' ')}`;
    if (ret.stderr && ret.stderr.length > 0) msg += `\n${ret.stderr.toString()}`;
    err = Object.assign(new Error(msg), ret);
  }
  return err;
}

/**
 * child_process.execFileSync(file, args, options): spawnSync, then the stdout, or the
 * error (checkExecSyncError); the child's stderr goes on to process.stderr unless
 * options.stdio was given. Documentation: index.d.ts.
 */
function execFileSync(file, args, options) {
  const n = o.normalizeExecFileArgs(file, args, options, undefined, execFileSync);
  const inheritStderr = !n.options.stdio;
  const ret = spawnSync(n.file, n.args, n.options);
  if (inheritStderr && ret.stderr) process.stderr.write(ret.stderr);
  const err = checkExecSyncError(ret, [n.options.argv0 || n.file, ...n.args]);
  if (err) throw err;
  return ret.stdout;
}

/**
 * child_process.execSync(command, options): the command in options.shell or /bin/sh, as
 * execFileSync. Documentation: index.d.ts.
 */
function execSync(command, options) {
  const n = o.normalizeExecArgs(command, options, null, execSync);
  const inheritStderr = !n.options.stdio;
  const ret = spawnSync(n.file, n.options);
  if (inheritStderr && ret.stderr) process.stderr.write(ret.stderr);
  const err = checkExecSyncError(ret, undefined, command);
  if (err) throw err;
  return ret.stdout;
}

module.exports = { spawnSync, execFileSync, execSync };
