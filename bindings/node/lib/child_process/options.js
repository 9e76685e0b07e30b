'use strict';
/**
 * child_process's arguments and options, checked and normalized as Node's own are, with the
 * same errors (ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_OUT_OF_RANGE,
 * ERR_UNKNOWN_SIGNAL): normalizeSpawnArguments, normalizeExecArgs, normalizeExecFileArgs,
 * getValidStdio and the timeout, maxBuffer and killSignal checks. The logic follows Node's
 * lib/child_process.js and lib/internal/child_process.js (Copyright Node.js contributors, MIT
 * license), Linux only. librns's own options (unshare, join, uidMap, ...) pass through
 * untouched: lib/spawn.js checks them.
 * @module
 */

const os = require('os');
const a = require('../internal/args');
const errors = require('../internal/errors');

/** exec's and execFile's default maxBuffer, as Node's. */
const MAX_BUFFER = 1024 * 1024;

/** A path option (string, Buffer or file: URL) as a string, with Node's getValidatedPath errors. */
function validatedPath(value, name, caller) {
  const bytes = typeof value === 'string' || value instanceof Uint8Array;
  if (bytes && (typeof value === 'string' ? value.includes('\0') : value.includes(0))) {
    throw errors.invalidArgValue(name, value, 'must be a string, Uint8Array, or URL without null bytes', caller);
  }
  return a.pathArg(value, name, caller).shown;
}

/** Throws ERR_INVALID_ARG_VALUE for a string holding a NUL byte. */
function nullCheck(arg, name, caller) {
  if (typeof arg === 'string' && arg.includes('\0')) {
    throw errors.invalidArgValue(name, arg, 'must be a string without null bytes', caller);
  }
}

function booleanOption(value, name, caller) {
  if (value != null) a.bool(value, name, caller);
}

const isInt32 = (v) => v === (v | 0);

/**
 * child_process.spawn's (file, args, options): args may be left out or null; options is
 * copied (own and inherited enumerable properties, as Node spreads it). `shell` turns the
 * command into ['/bin/sh', '-c', 'file args...']; args[0] is argv0 or the file.
 * @returns {Record<string, any> & { file: string, args: string[], cwd: string | undefined,
 *   detached: boolean, envPairs: string[], envPath: string | undefined }}
 */
function normalizeSpawnArguments(file, args, options, caller) {
  a.string(file, 'file', caller);
  if (file.length === 0) throw errors.invalidArgValue('file', file, 'cannot be empty', caller);
  let list;
  let opts = options;
  if (Array.isArray(args)) list = args.slice();
  else if (args == null) list = [];
  else if (typeof args !== 'object') throw errors.invalidArgType('args', 'of type object', args, caller);
  else {
    opts = args;
    list = [];
  }
  list.forEach((arg, i) => nullCheck(arg, `args[${i}]`, caller));
  if (opts === undefined) opts = {};
  else a.object(opts, 'options', caller);
  const o = { __proto__: null, ...opts };
  const cwd = o.cwd == null ? undefined : validatedPath(o.cwd, 'options.cwd', caller);
  booleanOption(o.detached, 'options.detached', caller);
  for (const key of ['uid', 'gid']) {
    if (o[key] != null && !isInt32(o[key])) throw errors.invalidArgType(`options.${key}`, 'int32', o[key], caller);
  }
  if (o.shell != null && typeof o.shell !== 'boolean' && typeof o.shell !== 'string') {
    throw errors.invalidArgType('options.shell', 'one of type boolean or string', o.shell, caller);
  }
  if (o.argv0 != null) {
    a.string(o.argv0, 'options.argv0', caller);
  }
  booleanOption(o.windowsHide, 'options.windowsHide', caller);
  booleanOption(o.windowsVerbatimArguments, 'options.windowsVerbatimArguments', caller);
  let command = file;
  if (o.shell) {
    nullCheck(o.shell, 'options.shell', caller);
    const line = [file, ...list].join(' ');
    command = typeof o.shell === 'string' ? o.shell : '/bin/sh';
    list = ['-c', line];
  }
  list.unshift(typeof o.argv0 === 'string' ? o.argv0 : command);
  const { envPairs, envPath } = environment(o.env, caller);
  return {
    ...o,
    file: command,
    args: list,
    cwd,
    detached: !!o.detached,
    envPairs,
    envPath,
    windowsHide: !!o.windowsHide,
    windowsVerbatimArguments: !!o.windowsVerbatimArguments,
  };
}

/**
 * The program's environment as Node builds it: options.env, or (falsy) this thread's
 * process.env, every enumerable key (inherited ones too), undefined values left out;
 * NODE_V8_COVERAGE is always passed on. envPath is the PATH a bare name is searched in.
 * @returns {{ envPairs: string[], envPath: string | undefined }}
 */
function environment(optionEnv, caller) {
  const env = optionEnv || process.env;
  if (process.env.NODE_V8_COVERAGE && (!optionEnv || !Object.hasOwn(optionEnv, 'NODE_V8_COVERAGE'))) {
    env.NODE_V8_COVERAGE = process.env.NODE_V8_COVERAGE;
  }
  const envPairs = [];
  for (const key in env) {
    const value = env[key];
    if (value === undefined) continue;
    nullCheck(key, `options.env['${key}']`, caller);
    nullCheck(value, `options.env['${key}']`, caller);
    envPairs.push(`${key}=${value}`);
  }
  return { envPairs, envPath: env.PATH === undefined ? undefined : String(env.PATH) };
}

/**
 * exec's (command, options, callback): options optional; the command runs in options.shell
 * (a string) or /bin/sh.
 * @returns {{ file: string, options: Record<string, any>, callback: Function | undefined }}
 */
function normalizeExecArgs(command, options, callback, caller) {
  a.string(command, 'command', caller);
  let cb = callback;
  let opts = options;
  if (typeof opts === 'function') {
    cb = opts;
    opts = undefined;
  }
  const o = { __proto__: null, ...opts };
  o.shell = typeof o.shell === 'string' ? o.shell : true;
  return { file: command, options: o, callback: cb };
}

/**
 * execFile's (file, args, options, callback), each but file optional. A function in the
 * options' place is the callback and stays the options too (its own properties are read, as
 * Node spreads it).
 * @returns {{ file: string, args: string[], options: Record<string, any>, callback: Function | undefined }}
 */
function normalizeExecFileArgs(file, args, options, callback, caller) {
  let list = args;
  let opts = options;
  let cb = callback;
  if (Array.isArray(list)) list = list.slice();
  else if (list != null && typeof list === 'object') {
    cb = opts;
    opts = list;
    list = null;
  } else if (typeof list === 'function') {
    cb = list;
    opts = null;
    list = null;
  }
  if (list == null) list = [];
  if (typeof opts === 'function') cb = opts;
  else if (opts != null) a.object(opts, 'options', caller);
  if (opts == null) opts = {};
  if (cb != null) a.func(cb, 'callback', caller);
  if (opts.argv0 != null) a.string(opts.argv0, 'options.argv0', caller);
  return { file, args: list, options: opts, callback: cb };
}

/** options.timeout: absent or an integer >= 0. */
function validateTimeout(timeout, caller) {
  if (timeout != null && !(Number.isInteger(timeout) && timeout >= 0)) {
    throw errors.outOfRange('timeout', 'an unsigned integer', timeout, caller);
  }
}

/** options.maxBuffer: absent or a number >= 0 (Infinity too). */
function validateMaxBuffer(maxBuffer, caller) {
  if (maxBuffer != null && !(typeof maxBuffer === 'number' && maxBuffer >= 0)) {
    throw errors.outOfRange('options.maxBuffer', 'a positive number', maxBuffer, caller);
  }
}

/**
 * options.killSignal as a signal number (Node's convertToValidSignal: a known number, or a
 * name in any case); undefined stays undefined.
 * @returns {number | undefined}
 */
function sanitizeKillSignal(killSignal, caller) {
  if (typeof killSignal === 'string' || typeof killSignal === 'number') return toSignal(killSignal, caller);
  if (killSignal != null) {
    throw errors.invalidArgType('options.killSignal', 'one of type string or number', killSignal, caller);
  }
  return undefined;
}

/** A signal number from a known number or a name ('sigterm' too), else ERR_UNKNOWN_SIGNAL. */
function toSignal(signal, caller) {
  const signals = /** @type {Record<string, number>} */ (os.constants.signals);
  if (typeof signal === 'number' && Object.values(signals).includes(signal)) return signal;
  if (typeof signal === 'string' && Object.hasOwn(signals, signal.toUpperCase())) return signals[signal.toUpperCase()];
  throw errors.unknownSignal(String(signal), caller);
}

/** The fd a stream or handle stands for (net.Socket, fs.WriteStream, a Pipe), or -1. */
function descriptorOf(stream) {
  if (typeof stream?.fd === 'number' && stream.fd >= 0) return stream.fd;
  const handle = stream?._handle ?? stream?.handle;
  if (typeof handle?.fd === 'number' && handle.fd >= 0) return handle.fd;
  return -1;
}

/** 'pipe', 'overlapped', 'ignore' or 'inherit' as the three-slot array. */
function stdioStringToArray(stdio, caller) {
  switch (stdio) {
    case 'ignore':
    case 'overlapped':
    case 'pipe':
      return [stdio, stdio, stdio];
    case 'inherit':
      return [0, 1, 2];
    default:
      throw errors.invalidArgValue('stdio', stdio, 'is invalid', caller);
  }
}

/**
 * options.stdio as Node reads it: a string or an array, at least three slots, null or
 * undefined 'pipe' for 0-2 and 'ignore' beyond; each slot one of
 *   { type: 'pipe', readable, writable } ('pipe', 'overlapped', a negative number),
 *   { type: 'ignore' }, { type: 'fd', fd } ('inherit' is the slot's own fd; a number >= 0;
 *   a stream or handle with an fd), and with `sync`, a Buffer, TypedArray or string becomes
 *   { type: 'pipe', readable, writable, input }.
 * 'ipc' is refused: librns has no IPC channel (ERR_IPC_SYNC_FORK with sync, as Node).
 * @returns {{ type: string, fd?: number, readable?: boolean, writable?: boolean, input?: any }[]}
 */
function getValidStdio(stdio, sync, caller) {
  let list = stdio;
  if (typeof list === 'string') list = stdioStringToArray(list, caller);
  else if (!Array.isArray(list)) throw errors.invalidArgValue('stdio', list, 'is invalid', caller);
  // As Node: a shorter array is filled up to three slots in place (the caller's array).
  while (list.length < 3) list.push(undefined);
  return list.map((entry, i) => {
    const s = entry ?? (i < 3 ? 'pipe' : 'ignore');
    if (s === 'ignore') return { type: 'ignore' };
    if (s === 'pipe' || s === 'overlapped' || (typeof s === 'number' && s < 0)) {
      return { type: 'pipe', readable: i === 0, writable: i !== 0 };
    }
    if (s === 'ipc') {
      if (sync) throw Object.assign(new Error('IPC cannot be used with synchronous forks'), { code: 'ERR_IPC_SYNC_FORK' });
      throw errors.invalidArgValue(`options.stdio[${i}]`, s, 'is not supported: librns has no IPC channel (child_process.fork has one)', caller);
    }
    if (s === 'inherit') return { type: 'fd', fd: i };
    if (typeof s === 'number') return { type: 'fd', fd: a.fd(s, `options.stdio[${i}]`, caller) };
    if (ArrayBuffer.isView(s) || typeof s === 'string') {
      if (!sync) {
        const err = /** @type {any} */ (new TypeError('Asynchronous forks do not support Buffer, TypedArray, DataView or ' +
          `string input: ${require('util').inspect(s)}`));
        err.code = 'ERR_INVALID_SYNC_FORK_INPUT';
        Error.captureStackTrace(err, caller);
        throw err;
      }
      return { type: 'pipe', readable: i === 0, writable: i !== 0, input: s };
    }
    const fd = descriptorOf(s);
    if (fd >= 0) return { type: 'fd', fd };
    throw errors.invalidArgValue('stdio', s, 'is invalid', caller);
  });
}

module.exports = {
  MAX_BUFFER,
  normalizeSpawnArguments,
  normalizeExecArgs,
  normalizeExecFileArgs,
  validateTimeout,
  validateMaxBuffer,
  sanitizeKillSignal,
  toSignal,
  getValidStdio,
};
