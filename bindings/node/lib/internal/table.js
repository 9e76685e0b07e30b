'use strict';
/**
 * The one-line wrappers, made from a table instead of written out: each row names the C
 * function, its arguments (name and kind, as args.js checks them) and its result. The JS name
 * is the C name without `rns_`, in camelCase (rns_setns_path -> setnsPath); the `syscall` of
 * its errors is the C name without `rns_` (setns_path).
 *
 *   ['rns_setns_path', ['path:path', 'nstype:flags=0'], 'void']
 *
 * Argument kinds (each one C argument unless said):
 *   int      a C int or pid_t
 *   id       uid_t, gid_t, id_t (-1 is all ones)
 *   flags    an int flags word; uflags an unsigned int one
 *   fd       a number or a FileHandle
 *   signal   a number or a signal name ('SIGTERM')
 *   string   a string without NUL bytes
 *   path     a string, Buffer or file: URL (shown in the error as `path`)
 *   idlist   an array of ids: two C arguments, the list and its length
 * `=N` gives a default for an omitted (undefined) argument.
 *
 * Results:
 *   void       returns undefined (the C result only says ok / -errno)
 *   int        returns the C result (>= 0)
 *   string     returns the C string (the call cannot fail)
 *   out        one `int *` output after the arguments: returns what C wrote there
 *   outs:a,b,c one uid_t/gid_t output per name after the arguments: returns { a, b, c }
 *
 * A row of at most three one-value arguments (not path or idlist) and a void, int or string
 * result gets a wrapper of fixed arity (fixedArity) whose numeric arguments skip the full check
 * when they are plain int32s; the other rows a generic loop (generic). Both throw the same
 * errors: the fast path only takes values the full check would pass unchanged.
 * @module
 */

const a = require('./args');
const { systemError } = require('./errors');
const { c } = require('./binding');

/** The argument checks, by kind: (value, name, caller) -> the C value. */
const KINDS = {
  int: a.int,
  id: a.id,
  flags: a.flags,
  uflags: a.uflags,
  fd: a.fd,
  signal: a.signal,
  string: a.string,
  path: a.pathArg,
  idlist: a.idList,
};

/** rns_setns_path -> setnsPath */
function jsName(cName) {
  return cName.slice(4).replace(/_([a-z])/g, (_, ch) => ch.toUpperCase());
}

/**
 * Parses 'name:kind' or 'name:kind=default'.
 * @param {string} spec
 */
function param(spec) {
  const m = /^([a-zA-Z]+):([a-z]+)(?:=(-?\d+))?$/.exec(spec);
  if (!m || !(m[2] in KINDS)) throw new Error(`table: bad argument ${spec}`);
  return { name: m[1], kind: m[2], check: KINDS[/** @type {keyof KINDS} */ (m[2])], dflt: m[3] === undefined ? undefined : Number(m[3]) };
}

/** Kinds whose C value is a JS int32 as it is (flags: `| 0`, id and uflags: `>>> 0`). */
const SIGNED = new Set(['int', 'fd', 'signal']);

/**
 * The converter of one argument: (value, caller) -> its one C value, the default applied to
 * an omitted (undefined) value. Only for kinds that make one C argument (not path or idlist).
 * The numeric kinds have a fast path: a plain int32 (`(v | 0) === v`), which every check of
 * args.js accepts for them (id: from -1), is the C value as the check would return it (`| 0`
 * for flags, `>>> 0` for the unsigned ones); anything else goes through the full check, which
 * throws the same errors and converts as before.
 * @param {ReturnType<typeof param>} p
 * @returns {(v: unknown, caller: Function) => unknown}
 */
function converter(p) {
  const { name, check, dflt } = p;
  if (p.kind === 'id') {
    return (v, caller) => {
      if (typeof v === 'number' && (v | 0) === v && v >= -1) return v >>> 0;
      return check(v === undefined ? dflt : v, name, caller);
    };
  }
  if (p.kind === 'uflags') {
    return (v, caller) => {
      if (typeof v === 'number' && (v | 0) === v) return v >>> 0;
      return check(v === undefined ? dflt : v, name, caller);
    };
  }
  if (p.kind === 'flags') {
    return (v, caller) => {
      if (typeof v === 'number' && (v | 0) === v) return v | 0;
      return check(v === undefined ? dflt : v, name, caller);
    };
  }
  if (SIGNED.has(p.kind)) {
    return (v, caller) => {
      if (typeof v === 'number' && (v | 0) === v) return v;
      return check(v === undefined ? dflt : v, name, caller);
    };
  }
  return (v, caller) => check(v === undefined ? dflt : v, name, caller);
}

/**
 * The wrapper of a row whose arguments are one C value each and whose result is void, int or
 * string: a function of fixed arity (0 to 3) that converts each argument and calls C with
 * them as separate arguments. No rest array, no argument array, no spread call: that per-call
 * allocation and koffi's handling of a spread call were most of the binding's cost
 * (benches/README.md).
 * @param {Function} cfn
 * @param {((v: unknown, caller: Function) => unknown)[]} conv
 * @param {'void' | 'int' | 'string'} kind
 * @param {string} syscall
 * @returns {Function}
 */
function fixedArity(cfn, conv, kind, syscall) {
  const [k0, k1, k2] = conv;
  const isString = kind === 'string';
  const isVoid = kind === 'void';
  /** @param {unknown} r */
  const done = (r, caller) => {
    if (isString) return r;
    if (/** @type {number} */ (r) < 0) throw systemError(/** @type {number} */ (r), syscall, undefined, caller);
    return isVoid ? undefined : r;
  };
  /** @type {Function} */
  let fn;
  switch (conv.length) {
    case 0:
      fn = function () {
        return done(cfn(), fn);
      };
      break;
    case 1:
      fn = function (a0) {
        return done(cfn(k0(a0, fn)), fn);
      };
      break;
    case 2:
      fn = function (a0, a1) {
        return done(cfn(k0(a0, fn), k1(a1, fn)), fn);
      };
      break;
    default:
      fn = function (a0, a1, a2) {
        return done(cfn(k0(a0, fn), k1(a1, fn), k2(a2, fn)), fn);
      };
  }
  return fn;
}

/**
 * Calls cfn with the values of `args` as its arguments, without a spread call (which costs more
 * than the C call itself through koffi).
 * @param {Function} cfn
 * @param {unknown[]} args
 */
function apply(cfn, args) {
  switch (args.length) {
    case 0: return cfn();
    case 1: return cfn(args[0]);
    case 2: return cfn(args[0], args[1]);
    case 3: return cfn(args[0], args[1], args[2]);
    case 4: return cfn(args[0], args[1], args[2], args[3]);
    default: return cfn(...args);
  }
}

/**
 * The wrapper of any other row (a path or id list argument, `out` or `outs` results): a
 * generic loop over the arguments. The output arrays are made once, with the wrapper, and
 * zeroed before each call: a typed array new at each call costs koffi a copy of its data off
 * V8's heap (some 200 ns each here), more than the call.
 * @param {Function} cfn
 * @param {ReturnType<typeof param>[]} params
 * @param {string} kind
 * @param {string[]} outNames
 * @param {string} syscall
 * @returns {Function}
 */
function generic(cfn, params, kind, outNames, syscall) {
  /** @type {(Int32Array | Uint32Array)[]} */
  const outs = kind === 'out' ? [new Int32Array(1)] : kind === 'outs' ? outNames.map(() => new Uint32Array(1)) : [];
  /** @param {...unknown} argv */
  const fn = function (...argv) {
    const cargs = [];
    let shownPath;
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      let v = argv[i];
      if (v === undefined && p.dflt !== undefined) v = p.dflt;
      const cv = p.check(v, p.name, fn);
      if (p.kind === 'path') {
        cargs.push(cv.c);
        shownPath = cv.shown;
      } else if (p.kind === 'idlist') {
        cargs.push(cv.length ? cv : null, cv.length);
      } else {
        cargs.push(cv);
      }
    }
    if (kind === 'string') return apply(cfn, cargs);
    for (const o of outs) {
      o[0] = 0;
      cargs.push(o);
    }
    const r = apply(cfn, cargs);
    if (r < 0) throw systemError(r, syscall, shownPath, fn);
    if (kind === 'void') return undefined;
    if (kind === 'int') return r;
    if (kind === 'out') return outs[0][0];
    /** @type {Record<string, number>} */
    const obj = {};
    outNames.forEach((n, i) => { obj[n] = outs[i][0]; });
    return obj;
  };
  return fn;
}

/**
 * Makes one wrapper.
 * @param {string} cName
 * @param {string[]} specs
 * @param {string} result
 * @returns {Function}
 */
function wrapper(cName, specs, result) {
  const cfn = c[cName];
  if (typeof cfn !== 'function') throw new Error(`table: ${cName} is not a function of include/rns.h`);
  const syscall = cName.slice(4);
  const params = specs.map(param);
  const [kind, names] = result.split(':');
  const outNames = names ? names.split(',') : [];
  if (!['void', 'int', 'string', 'out', 'outs'].includes(kind)) throw new Error(`table: bad result ${result}`);

  const oneValueEach = params.every((p) => p.kind !== 'path' && p.kind !== 'idlist');
  const fn = oneValueEach && params.length <= 3 && (kind === 'void' || kind === 'int' || kind === 'string')
    ? fixedArity(cfn, params.map(converter), kind, syscall)
    : generic(cfn, params, kind, outNames, syscall);
  const required = params.findIndex((p) => p.dflt !== undefined);
  Object.defineProperty(fn, 'name', { value: jsName(cName) });
  Object.defineProperty(fn, 'length', { value: required === -1 ? params.length : required });
  return fn;
}

/**
 * The functions of a table, by JS name.
 * @param {[string, string[], string][]} rows [C name, argument specs, result]
 * @returns {Record<string, Function>}
 */
function define(rows) {
  /** @type {Record<string, Function>} */
  const out = {};
  for (const [cName, specs, result] of rows) out[jsName(cName)] = wrapper(cName, specs, result);
  return out;
}

module.exports = { define, jsName };
