'use strict';
/**
 * Errors thrown the way Node core throws them.
 *
 * - A failed call throws a system error like `fs` does: an `Error` whose `code` is the errno
 *   name ('EPERM'), `errno` the negative number (-1, libuv style), `syscall` the librns call
 *   without its `rns_` prefix ('setns'), and message "EPERM: operation not permitted, setns".
 *   Names and messages come from libuv (`util.getSystemErrorMap()`); for an errno libuv does
 *   not know (EUSERS, say) from the library's own `rns_errname()` / `rns_strerror()`.
 * - A failed spawn throws the error child_process's 'error' event gives: "spawn FILE ENOENT",
 *   syscall 'spawn FILE', path and spawnargs (spawnError), with the step that failed.
 * - A JS argument of the wrong type throws a `TypeError` with code 'ERR_INVALID_ARG_TYPE', and
 *   a string with a NUL byte a `TypeError` with code 'ERR_INVALID_ARG_VALUE', as Node core does
 *   (an option's message says "property": 'The "options.cwd" property must be ...').
 * - A number the C type cannot hold throws a `RangeError` with code 'ERR_OUT_OF_RANGE', as
 *   `fs.closeSync(2 ** 40)` and `os.setPriority(0, 1.5)` do, and an unknown signal name a
 *   `TypeError` with code 'ERR_UNKNOWN_SIGNAL', as `process.kill` does.
 * @module
 */

const util = require('util');

/** libuv's errno table: Map(-errno -> [name, message]). */
const uvErrors = util.getSystemErrorMap();

/**
 * Fallback names and messages for errnos libuv does not know; set by binding.js once the library
 * is loaded (kept as a hook so this module does not depend on the library).
 * @type {{ name(errno: number): string, message(errno: number): string } | null}
 */
let fallback = null;

/** @param {{ name(errno: number): string, message(errno: number): string }} f */
function setFallback(f) {
  fallback = f;
}

/**
 * The [name, message] pair for a positive errno.
 * @param {number} errno positive errno
 * @returns {[string, string]}
 */
function describe(errno) {
  const known = uvErrors.get(-errno);
  if (known) return [known[0], known[1]];
  if (fallback) {
    const msg = fallback.message(errno);
    // libuv's messages start in lower case ("operation not permitted"); keep that style.
    return [fallback.name(errno), msg.charAt(0).toLowerCase() + msg.slice(1)];
  }
  return ['UNKNOWN', 'unknown error'];
}

/**
 * Builds the system error for a failed call.
 * @param {number} errno the errno, either sign (librns returns -errno)
 * @param {string} syscall the call's name, e.g. 'setns'
 * @param {string} [path] the path the call was given, if any (added as Node's fs does)
 * @param {Function} [caller] stack frames above this function are hidden
 * @returns {Error & { errno: number, code: string, syscall: string, path?: string }}
 */
function systemError(errno, syscall, path, caller) {
  const n = Math.abs(errno);
  const [code, message] = describe(n);
  let text = `${code}: ${message}, ${syscall}`;
  if (path !== undefined) text += ` '${path}'`;
  const err = /** @type {any} */ (new Error(text));
  err.errno = -n;
  err.code = code;
  err.syscall = syscall;
  if (path !== undefined) err.path = path;
  if (caller) Error.captureStackTrace(err, caller);
  return err;
}

/**
 * The error of a failed spawn, shaped as child_process's 'error' event gives it: message
 * "spawn FILE ENOENT", `code`, `errno`, `syscall` 'spawn FILE', `path` FILE, `spawnargs` (the
 * args without the file); and `step`, the RNS_SPAWN_STEP_* name that failed ('exec', 'cwd').
 * @param {number} errno the errno, either sign
 * @param {string} file the program as given
 * @param {string[]} args its arguments
 * @param {string | null} step
 * @param {Function} [caller]
 */
function spawnError(errno, file, args, step, caller) {
  const n = Math.abs(errno);
  const [code] = describe(n);
  const err = /** @type {any} */ (new Error(`spawn ${file} ${code}`));
  Object.assign(err, { errno: -n, code, syscall: `spawn ${file}`, path: file, spawnargs: args, step });
  if (caller) Error.captureStackTrace(err, caller);
  return err;
}

/** 'property' for a dotted name ('options.cwd'), else 'argument', as Node's messages say. */
const kind = (name) => (name.includes('.') ? 'property' : 'argument');

/** Describes a received value as Node's ERR_INVALID_ARG_TYPE message does. */
function received(value) {
  if (value === null) return 'Received null';
  if (value === undefined) return 'Received undefined';
  if (typeof value === 'function') return `Received function ${value.name || '<anonymous>'}`;
  if (typeof value === 'object') {
    const ctor = value.constructor && value.constructor.name;
    return ctor ? `Received an instance of ${ctor}` : `Received ${util.inspect(value, { depth: -1 })}`;
  }
  let shown = util.inspect(value, { colors: false });
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return `Received type ${typeof value} (${shown})`;
}

/**
 * TypeError [ERR_INVALID_ARG_TYPE], as Node core throws for an argument of the wrong type.
 * @param {string} name the argument's name
 * @param {string} expected e.g. 'of type number'
 * @param {unknown} value what was passed
 * @param {Function} [caller]
 */
function invalidArgType(name, expected, value, caller) {
  const err = /** @type {any} */ (
    new TypeError(`The "${name}" ${kind(name)} must be ${expected}. ${received(value)}`)
  );
  err.code = 'ERR_INVALID_ARG_TYPE';
  if (caller) Error.captureStackTrace(err, caller);
  return err;
}

/**
 * TypeError [ERR_INVALID_ARG_VALUE], as Node core throws for a path with a NUL byte.
 * @param {string} name
 * @param {unknown} value
 * @param {string} reason
 * @param {Function} [caller]
 */
function invalidArgValue(name, value, reason, caller) {
  const err = /** @type {any} */ (
    new TypeError(`The ${kind(name)} '${name}' ${reason}. Received ${util.inspect(value)}`)
  );
  err.code = 'ERR_INVALID_ARG_VALUE';
  if (caller) Error.captureStackTrace(err, caller);
  return err;
}

/** Node's addNumericalSeparator: 1099511627776 -> '1_099_511_627_776'. */
function withSeparators(text) {
  let res = '';
  let i = text.length;
  const start = text[0] === '-' ? 1 : 0;
  for (; i >= start + 4; i -= 3) res = `_${text.slice(i - 3, i)}${res}`;
  return `${text.slice(0, i)}${res}`;
}

/**
 * RangeError [ERR_OUT_OF_RANGE], as Node core throws for a number out of a C type's range
 * (same message: 'The value of "pid" is out of range. It must be an integer. Received 1.5').
 * @param {string} name the argument's name
 * @param {string} range e.g. 'an integer' or '>= -1 && <= 4294967295'
 * @param {unknown} value what was passed
 * @param {Function} [caller]
 */
function outOfRange(name, range, value, caller) {
  const shown = Number.isInteger(value) && Math.abs(/** @type {number} */ (value)) > 2 ** 32
    ? withSeparators(String(value))
    : util.inspect(value);
  const err = /** @type {any} */ (
    new RangeError(`The value of "${name}" is out of range. It must be ${range}. Received ${shown}`)
  );
  err.code = 'ERR_OUT_OF_RANGE';
  if (caller) Error.captureStackTrace(err, caller);
  return err;
}

/**
 * TypeError [ERR_UNKNOWN_SIGNAL], as process.kill throws for a signal name it does not know.
 * @param {string} signal
 * @param {Function} [caller]
 */
function unknownSignal(signal, caller) {
  const err = /** @type {any} */ (new TypeError(`Unknown signal: ${signal}`));
  err.code = 'ERR_UNKNOWN_SIGNAL';
  if (caller) Error.captureStackTrace(err, caller);
  return err;
}

module.exports = {
  systemError, spawnError, invalidArgType, invalidArgValue, outOfRange, unknownSignal, setFallback, describe,
};
