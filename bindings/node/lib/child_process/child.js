'use strict';
/**
 * ChildProcess: child_process's ChildProcess on librns's start. The same fields, methods and
 * events in the same order as Node's (lib/internal/child_process.js, Copyright Node.js
 * contributors, MIT license): 'spawn' on the next tick after a start, 'error' for the start
 * failures Node emits (ENOENT, EACCES, EAGAIN, EMFILE, ENFILE), 'exit' (code, signal), and
 * 'close' once it has exited and its stdout/stderr/... streams have closed. The exit comes
 * from the library's waiter (lib/wait.js: one thread for all children, reaped there), kill()
 * goes through the pidfd (never a reused pid). librns's extras: `pidfd` and `exited`.
 * Documentation: index.d.ts.
 * @module
 */

const EventEmitter = require('events');
const os = require('os');
const ffi = require('../internal/ffi');
const net = require('net');
const { c } = require('../internal/binding');
const constants = require('../constants');
const errors = require('../internal/errors');
const { getValidStdio, toSignal } = require('./options');
const { startProgram, closeEnds } = require('../spawn');
const { watch } = require('../wait');
const { pidfdWait } = require('../pidfd');

/** Streams given in stdio that the child now reads or writes: no longer read here (Node's kIsUsedAsStdio). */
const usedAsStdio = new WeakSet();

/** Start failures that are emitted as 'error' (Node: run-time errors), not thrown. */
const EMITTED = new Set(['EACCES', 'EAGAIN', 'EMFILE', 'ENFILE', 'ENOENT']);
/** Of those, the ones after which Node sets up no stdio streams. */
const NO_STREAMS = new Set(['EMFILE', 'ENFILE']);

class ChildProcess extends EventEmitter {
  /** The running child: { pidfd, wait: { ref, unref } }, null before the start and after 'exit'. */
  #proc = null;
  /** Resolves or rejects `exited`. */
  #settle;

  constructor() {
    super();
    this._closesNeeded = 1;
    this._closesGot = 0;
    this.connected = false;
    this.signalCode = null;
    this.exitCode = null;
    this.killed = false;
    this.spawnfile = null;
    /** @type {number | undefined} the child's pidfd until 'exit' has been emitted (-1 then: closed) */
    this.pidfd = undefined;
    /** @type {Promise<{ pid: number, kind: string, code: number, signal: string | null }>} */
    this.exited = new Promise((resolve, reject) => {
      this.#settle = (err, result) => (err ? reject(err) : resolve(result));
    });
    this.exited.catch(() => {}); // rejected on a failed start, which 'error' reports
  }

  /**
   * Starts the program of normalized options (normalizeSpawnArguments' result: file, args
   * with argv0, envPairs, envPath, stdio, and librns's options), as Node's
   * ChildProcess.prototype.spawn. Throws what Node throws; emits the run-time errors.
   */
  spawn(options) {
    if (options === null || typeof options !== 'object') throw errors.invalidArgType('options', 'of type object', options, this.spawn);
    const stdio = getValidStdio(options.stdio || 'pipe', false, this.spawn);
    checkSerialization(options.serialization, this.spawn);
    if (typeof options.file !== 'string') throw errors.invalidArgType('options.file', 'of type string', options.file, this.spawn);
    this.spawnfile = options.file;
    if (options.args !== undefined && !Array.isArray(options.args)) {
      throw errors.invalidArgType('options.args', 'an instance of Array', options.args, this.spawn);
    }
    this.spawnargs = options.args === undefined ? [] : options.args;
    const r = start(options, stdio, this.spawn);
    if (r.error) return this.#failed(r, stdio, options.stdio);
    this.pid = r.pid;
    this.pidfd = r.pidfd;
    this.#proc = { pidfd: r.pidfd, wait: this.#watch(r) };
    process.nextTick(() => this.emit('spawn'));
    this.#streams(stdio, r.ends);
    stopReading(options.stdio);
    return 0;
  }

  /**
   * The waiter's watch of the started child. The waiter does not reap it: #onExit does, on
   * this thread, so that until 'exit' its pid is still ours (kill()'s fallback signals the
   * pid). When the waiter fails (no thread, no fd), the child is killed and reaped here, its
   * fds closed, and the error thrown.
   */
  #watch(r) {
    try {
      return watch(r.pidfd, false, (err, res) => this.#onExit(err, res), this.spawn);
    } catch (e) {
      sendSignal(r.pidfd, r.pid, os.constants.signals.SIGKILL);
      pidfdWait(r.pidfd);
      ffi.close(r.pidfd);
      closeEnds(r.ends);
      throw e;
    }
  }

  /** A failed start: thrown (as Node's errnoException(err, 'spawn')) or emitted on the next tick. */
  #failed(r, stdio, given) {
    const err = r.error;
    if (!EMITTED.has(err.code)) {
      closeEnds(r.ends);
      throw spawnThrown(err, this.spawn);
    }
    process.nextTick(() => this.#onExit(err, null));
    this.pid = undefined;
    if (NO_STREAMS.has(err.code)) {
      closeEnds(r.ends);
      return err.errno;
    }
    this.#streams(stdio, r.ends); // as Node: streams on the pipes, whose other ends are closed
    stopReading(given);
    return err.errno;
  }

  /** stdin, stdout, stderr and stdio: a net.Socket on each of our pipe ends, else null. */
  #streams(stdio, ends) {
    this.stdio = ends.map((fd, i) => {
      if (fd === null) return null;
      const socket = new net.Socket({ fd, readable: i > 0, writable: i === 0 });
      if (i > 0) {
        this._closesNeeded++;
        socket.on('close', () => maybeClose(this));
      }
      return socket;
    });
    this.stdin = stdio.length >= 1 ? this.stdio[0] : null;
    this.stdout = stdio.length >= 2 ? this.stdio[1] : null;
    this.stderr = stdio.length >= 3 ? this.stdio[2] : null;
  }

  /**
   * The end: a wait result, or the error of a failed start (exit code: its errno). As Node's
   * onexit: 'exit' or 'error', stdin destroyed, the unread streams drained on the next tick.
   */
  #onExit(err, res) {
    const proc = this.#proc;
    this.#proc = null;
    if (proc && !err) reap(proc.pidfd);
    const failedStart = err && err.syscall === `spawn ${this.spawnfile}`;
    if (failedStart) this.exitCode = err.errno;
    else if (res && res.signal) this.signalCode = res.signal;
    else if (res) this.exitCode = res.code;
    if (this.stdin) this.stdin.destroy();
    this.#settle(err, res);
    try {
      if (err) this.emit('error', err);
      else this.emit('exit', this.exitCode, this.signalCode);
    } finally {
      // closed even when a listener throws (that is an uncaught exception, as in Node)
      if (proc) {
        ffi.close(proc.pidfd); // not fs: a Worker warns about fds fs did not open
        this.pidfd = -1;
      }
    }
    process.nextTick(flushStdio, this);
    maybeClose(this);
  }

  /**
   * Sends `sig` (default 'SIGTERM'; a name or number, 0 to probe) through the pidfd, as
   * Node's kill: true when sent; false once it has exited (or ESRCH); an unknown signal
   * throws ERR_UNKNOWN_SIGNAL, EINVAL/ENOSYS throw, other errors (EPERM) are emitted.
   * @param {number | string} [sig]
   * @returns {boolean}
   */
  kill(sig) {
    const signal = sig === 0 ? 0 : toSignal(sig === undefined ? 'SIGTERM' : sig, this.kill);
    if (this.#proc) {
      const r = sendSignal(this.#proc.pidfd, this.pid, signal);
      if (r === 0) {
        this.killed = true;
        return true;
      }
      const code = errors.describe(-r)[0];
      if (code === 'EINVAL' || code === 'ENOSYS') throw errors.systemError(r, 'kill', undefined, this.kill);
      if (code !== 'ESRCH') this.emit('error', errors.systemError(r, 'kill', undefined, this.kill));
    }
    return false;
  }

  /** Keeps the event loop alive until the child exits (the default). */
  ref() {
    if (this.#proc) this.#proc.wait.ref();
  }

  /** Lets the event loop end while the child runs (its stdio streams still count). */
  unref() {
    if (this.#proc) this.#proc.wait.unref();
  }
}

if (typeof Symbol.dispose === 'symbol') {
  /** `using child = spawn(...)`: SIGTERM at the end of the scope unless killed already, as Node. */
  ChildProcess.prototype[Symbol.dispose] = function dispose() {
    if (!this.killed) this.kill();
  };
}

/**
 * The engine's start of normalized options: { pid, pidfd, ends } or { error, ends } (a start
 * that failed). No fd left for a pipe or /dev/null is such an error too (Node's uv_spawn
 * fails so, and it is emitted); other failures of the set-up throw.
 */
function start(options, stdio, caller) {
  try {
    return startProgram(plan(options, stdio, caller), caller);
  } catch (e) {
    if (!NO_STREAMS.has(e?.code)) throw e;
    const args = options.args === undefined ? [] : options.args.slice(1);
    const error = errors.spawnError(e.errno, options.file, args, null, caller);
    error.detail = null;
    return { error, ends: [] };
  }
}

/**
 * Sends `signal` through the pidfd: 0 or a negative errno. Where the kernel has no
 * pidfd_send_signal (ENOSYS: before 5.1, or a seccomp profile that hides it), to the pid:
 * the child is not reaped before 'exit' (see #watch), so the pid is still its own.
 */
function sendSignal(pidfd, pid, signal) {
  const r = c.rns_pidfd_send_signal(pidfd, signal, 0);
  if (r !== -os.constants.errno.ENOSYS) return r;
  try {
    process.kill(pid, signal);
    return 0;
  } catch (e) {
    return -(os.constants.errno[e.code] ?? os.constants.errno.EINVAL);
  }
}

/** Reaps the exited child of `pidfd` (the waiter left it a zombie); an error is no concern here. */
function reap(pidfd) {
  try {
    pidfdWait(pidfd, constants.WEXITED | constants.WNOHANG);
  } catch {
    // already reaped (ECHILD): nothing left to do
  }
}

/** options.serialization as Node checks it: undefined, 'json' or 'advanced' (without 'ipc', unused). */
function checkSerialization(value, caller) {
  if (value !== undefined && value !== 'json' && value !== 'advanced') {
    throw errors.invalidArgValue('options.serialization', value, "must be one of: undefined, 'json', 'advanced'", caller);
  }
}

/**
 * options.uid or .gid (int32) as the id libuv passes to setuid/setgid: a negative one as
 * uid_t (-2 is 4294967294); -1, which setuid refuses (Node throws 'spawn EINVAL') and librns
 * would read as "unchanged", throws that error.
 */
function idOption(value, step, caller) {
  if (value == null) return value;
  if (value === -1) throw spawnThrown({ errno: -os.constants.errno.EINVAL, step, detail: null }, caller);
  return value >>> 0;
}

/** The engine's input from normalized options and getValidStdio's slots. */
function plan(options, stdio, caller) {
  const slots = stdio.map((s) => (s.type === 'pipe' ? 'pipe' : s.type === 'ignore' ? 'ignore' : s.fd));
  const setsid = options.setsid ?? (options.detached ? true : undefined);
  return {
    file: options.file,
    // Each argument as a string, as Node's spawn converts them (a number too; a Symbol throws).
    argv: (options.args === undefined ? [options.file] : options.args).map((arg) => `${arg}`),
    env: { pairs: options.envPairs ?? [], path: options.envPath },
    stdio: slots,
    socketpairs: true, // as libuv: a child's 'pipe' slot is a socket
    options: {
      ...options, setsid, env: undefined, stdio: undefined,
      uid: idOption(options.uid, 'uid', caller), gid: idOption(options.gid, 'gid', caller),
    },
  };
}

/**
 * The error thrown for a start failure Node does not emit: as its errnoException(err,
 * 'spawn') ("spawn EPERM", syscall 'spawn'), with librns's step and detail.
 */
function spawnThrown(err, caller) {
  const e = errors.systemError(err.errno, 'spawn', undefined, caller);
  e.message = `spawn ${e.code}`;
  e.step = err.step;
  e.detail = err.detail;
  return e;
}

/**
 * As Node does for a stream given in stdio whose handle the child now shares (a net.Socket,
 * another child's stdout): reading here stops, so that the child gets the data.
 */
function stopReading(given) {
  if (!Array.isArray(given)) return;
  for (const s of given) {
    if (s === null || typeof s !== 'object' || typeof s.fd === 'number' || ArrayBuffer.isView(s)) continue;
    const handle = s._handle ?? s.handle;
    if (!handle || typeof handle.readStop !== 'function' || typeof s.pause !== 'function') continue;
    handle.reading = false;
    handle.readStop();
    s.pause();
    s.readableFlowing = false;
    if (s._readableState) s._readableState.reading = false;
    usedAsStdio.add(s);
  }
}

/** Resumes the readable streams nobody reads, so that they end and close ('close' can come). */
function flushStdio(subprocess) {
  for (const stream of subprocess.stdio ?? []) {
    if (stream && stream.readable && !usedAsStdio.has(stream)) stream.resume();
  }
}

/** One more of 'exit' and the streams' 'close'; 'close' when all have come. */
function maybeClose(subprocess) {
  subprocess._closesGot++;
  if (subprocess._closesGot === subprocess._closesNeeded) {
    subprocess.emit('close', subprocess.exitCode, subprocess.signalCode);
  }
}

module.exports = { ChildProcess, sendSignal };
