'use strict';
/**
 * Argument checks, done in JS before any C call.
 *
 * - Wrong JS type: TypeError [ERR_INVALID_ARG_TYPE] (as Node core).
 * - A number the C parameter cannot hold (not an integer, out of range): the EINVAL system
 *   error naming the call, thrown without calling C. The C library itself gives -EINVAL for
 *   values of the right C type that the call refuses (pid -5, unknown flag bits, ...).
 * - ids (uid_t, gid_t, id_t) are unsigned 32-bit: 0..2^32-1, and -1 means all ones
 *   ("unchanged" for setres*id), as the C cast `(uid_t)-1` gives.
 * @module
 */

const { URL, fileURLToPath } = require('url');
const { systemError, invalidArgType, invalidArgValue } = require('./errors');

const EINVAL = 22;
const INT_MIN = -0x80000000;
const INT_MAX = 0x7fffffff;
const UINT_MAX = 0xffffffff;

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
 * @param {string} syscall call name, for the EINVAL error
 * @param {Function} caller
 * @returns {number}
 */
function int(value, name, syscall, caller) {
  const n = number(value, name, caller);
  if (!Number.isInteger(n) || n < INT_MIN || n > INT_MAX) throw systemError(EINVAL, syscall, undefined, caller);
  return n;
}

/**
 * A uid_t, gid_t or id_t: an integer in -1..2^32-1, -1 becoming 0xffffffff.
 * @returns {number} the unsigned value
 */
function id(value, name, syscall, caller) {
  const n = number(value, name, caller);
  if (!Number.isInteger(n) || n < -1 || n > UINT_MAX) throw systemError(EINVAL, syscall, undefined, caller);
  return n >>> 0;
}

/**
 * A flags word: an integer in -2^31..2^32-1 (so both `a | b`, which JS makes signed, and
 * unsigned values pass), given to C as its 32 bits.
 * @param {boolean} unsigned true for an `unsigned int` parameter
 * @returns {number}
 */
function flags(value, name, syscall, caller, unsigned) {
  const n = number(value, name, caller);
  if (!Number.isInteger(n) || n < INT_MIN || n > UINT_MAX) throw systemError(EINVAL, syscall, undefined, caller);
  return unsigned ? n >>> 0 : n | 0;
}

/**
 * An fd: a number, or an fs.promises FileHandle (its `.fd`; a closed one has fd -1, which the
 * call reports as EBADF).
 * @returns {number}
 */
function fd(value, name, syscall, caller) {
  if (typeof value === 'number') return int(value, name, syscall, caller);
  if (value !== null && typeof value === 'object' && typeof (/** @type {any} */ (value).fd) === 'number' &&
      typeof (/** @type {any} */ (value).close) === 'function') {
    return int(/** @type {any} */ (value).fd, name, syscall, caller);
  }
  throw invalidArgType(name, 'of type number or an instance of FileHandle', value, caller);
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
function idList(value, name, syscall, caller) {
  const ok = Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
  if (!ok) throw invalidArgType(name, 'an instance of Array', value, caller);
  const list = /** @type {ArrayLike<unknown>} */ (value);
  const out = new Uint32Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const item = typeof list[i] === 'bigint' ? Number(list[i]) : list[i];
    out[i] = id(item, `${name}[${i}]`, syscall, caller);
  }
  return out;
}

/**
 * A function argument.
 * @returns {Function}
 */
function func(value, name, caller) {
  if (typeof value !== 'function') throw invalidArgType(name, 'of type function', value, caller);
  return value;
}

module.exports = { int, id, flags, fd, string, pathArg, idList, func, EINVAL };
