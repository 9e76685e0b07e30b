'use strict';
/**
 * Argument checks, done in JS before any C call.
 *
 * - Wrong JS type: TypeError [ERR_INVALID_ARG_TYPE] (as Node core).
 * - A number the C parameter cannot hold (not an integer, out of range): RangeError
 *   [ERR_OUT_OF_RANGE] (as Node core's fs and os), thrown without calling C. The C library
 *   itself gives -EINVAL for values of the right C type that the call refuses (pid -5,
 *   unknown flag bits, ...). (The Go binding returns EINVAL for the out-of-range case.)
 * - A signal is a number or a name of os.constants.signals ('SIGTERM'), as process.kill takes
 *   it; an unknown name is TypeError [ERR_UNKNOWN_SIGNAL].
 * - ids (uid_t, gid_t, id_t) are unsigned 32-bit: 0..2^32-1, and -1 means all ones
 *   ("unchanged" for setres*id), as the C cast `(uid_t)-1` gives.
 * @module
 */

const { URL, fileURLToPath } = require('url');
const os = require('os');
const { invalidArgType, invalidArgValue, outOfRange, unknownSignal } = require('./errors');

const EINVAL = 22;
const INT_MIN = -0x80000000;
const INT_MAX = 0x7fffffff;
const UINT_MAX = 0xffffffff;

/**
 * Checks that `n` is an integer in min..max, else throws RangeError [ERR_OUT_OF_RANGE].
 * @returns {number}
 */
function inRange(n, min, max, name, caller) {
  if (!Number.isInteger(n)) throw outOfRange(name, 'an integer', n, caller);
  if (n < min || n > max) throw outOfRange(name, `>= ${min} && <= ${max}`, n, caller);
  return n;
}

/**
 * @param {unknown} value
 * @param {string} name
 * @param {Function} caller
 * @returns {number}
 */
function number(value, name, caller) {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value, caller);
  return value;
}

/**
 * A C `int` (pid_t, a signal, a nice value, `which`): an integer in -2^31..2^31-1.
 * @param {unknown} value
 * @param {string} name argument name, for the TypeError
 * @param {Function} caller
 * @returns {number}
 */
function int(value, name, caller) {
  return inRange(number(value, name, caller), INT_MIN, INT_MAX, name, caller);
}

/**
 * A uid_t, gid_t or id_t: an integer in -1..2^32-1, -1 becoming 0xffffffff.
 * @returns {number} the unsigned value
 */
function id(value, name, caller) {
  return inRange(number(value, name, caller), -1, UINT_MAX, name, caller) >>> 0;
}

/**
 * A flags word: an integer in -2^31..2^32-1 (so both `a | b`, which JS makes signed, and
 * unsigned values pass), given to C as its 32 bits: flags() for an `int` parameter, uflags()
 * for an `unsigned int` one.
 * @returns {number}
 */
function flags(value, name, caller) {
  return inRange(number(value, name, caller), INT_MIN, UINT_MAX, name, caller) | 0;
}

/** @returns {number} */
function uflags(value, name, caller) {
  return inRange(number(value, name, caller), INT_MIN, UINT_MAX, name, caller) >>> 0;
}

/**
 * An fd: a number, or an fs.promises FileHandle (its `.fd`; a closed one has fd -1, which the
 * call reports as EBADF).
 * @returns {number}
 */
function fd(value, name, caller) {
  if (typeof value === 'number') return int(value, name, caller);
  if (value !== null && typeof value === 'object' && typeof (/** @type {any} */ (value).fd) === 'number' &&
      typeof (/** @type {any} */ (value).close) === 'function') {
    return int(/** @type {any} */ (value).fd, name, caller);
  }
  throw invalidArgType(name, 'of type number or an instance of FileHandle', value, caller);
}

/**
 * A signal: a number (a C int; 0 checks), or a name of os.constants.signals ('SIGKILL'), as
 * process.kill takes them. An unknown name is TypeError [ERR_UNKNOWN_SIGNAL].
 * @returns {number}
 */
function signal(value, name, caller) {
  if (typeof value === 'string') {
    const signals = /** @type {Record<string, number>} */ (os.constants.signals);
    if (!Object.prototype.hasOwnProperty.call(signals, value)) throw unknownSignal(value, caller);
    return signals[value];
  }
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number or string', value, caller);
  return int(value, name, caller);
}

/**
 * A string without NUL bytes (a user name).
 * @returns {string}
 */
function string(value, name, caller) {
  if (typeof value !== 'string') throw invalidArgType(name, 'of type string', value, caller);
  if (value.includes('\0')) throw invalidArgValue(name, value, 'must be a string without null bytes', caller);
  return value;
}

/**
 * A path: a string, a Buffer or a file: URL, as Node's fs takes them.
 * @returns {{ c: Buffer, shown: string }} the NUL-terminated bytes for C, and the path for messages
 */
function pathArg(value, name, caller) {
  let v = value;
  if (v instanceof URL) {
    try {
      v = fileURLToPath(v);
    } catch (e) {
      if (caller) Error.captureStackTrace(/** @type {Error} */ (e), caller);
      throw e;
    }
  }
  if (typeof v === 'string') {
    if (v.includes('\0')) throw invalidArgValue(name, v, 'must be a string without null bytes', caller);
    return { c: Buffer.from(`${v}\0`), shown: v };
  }
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) {
    const b = Buffer.from(/** @type {Uint8Array} */ (v));
    if (b.includes(0)) throw invalidArgValue(name, v, 'must be a string or Uint8Array without null bytes', caller);
    return { c: Buffer.concat([b, Buffer.alloc(1)]), shown: b.toString() };
  }
  throw invalidArgType(name, 'of type string or an instance of Buffer or URL', value, caller);
}

/**
 * A list of group ids: an array (or typed array) of ids, each as id() checks it.
 * @returns {Uint32Array}
 */
function idList(value, name, caller) {
  const ok = Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
  if (!ok) throw invalidArgType(name, 'an instance of Array', value, caller);
  const list = /** @type {ArrayLike<unknown>} */ (value);
  const out = new Uint32Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const item = typeof list[i] === 'bigint' ? Number(list[i]) : list[i];
    out[i] = id(item, `${name}[${i}]`, caller);
  }
  return out;
}

/**
 * A boolean (an option such as options.setsid): anything else is refused, as Node core's
 * validateBoolean refuses it, rather than read as truthy ('false' would start a session).
 * @returns {boolean}
 */
function bool(value, name, caller) {
  if (typeof value !== 'boolean') throw invalidArgType(name, 'of type boolean', value, caller);
  return value;
}

/**
 * An optional list: null or undefined is [], an Array itself; anything else is refused.
 * @returns {unknown[]}
 */
function list(value, name, caller) {
  if (value == null) return [];
  if (!Array.isArray(value)) throw invalidArgType(name, 'an instance of Array', value, caller);
  return value;
}

/**
 * An object argument (not null, not an array, not a function), as Node's validateObject.
 * @returns {Record<string, any>}
 */
function object(value, name, caller) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidArgType(name, 'of type object', value, caller);
  }
  return /** @type {Record<string, any>} */ (value);
}

/**
 * A function argument.
 * @returns {Function}
 */
function func(value, name, caller) {
  if (typeof value !== 'function') throw invalidArgType(name, 'of type function', value, caller);
  return value;
}

module.exports = { int, id, flags, uflags, fd, signal, string, pathArg, idList, bool, list, object, func, EINVAL };
