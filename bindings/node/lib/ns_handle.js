'use strict';
/**
 * Namespace identity and relations (src/ns_handle.rs), and the Namespace class over them.
 * Documentation: index.d.ts and include/rns.h. Every call reads only.
 * @module
 */

const fs = require('fs');
const os = require('os');
const a = require('./internal/args');
const { systemError, invalidArgType } = require('./internal/errors');
const { c } = require('./internal/binding');
const { define } = require('./internal/table');
const constants = require('./constants');

const table = define([
  // C function        arguments (name:kind[=default])     result
  ['rns_ns_type',      ['fd:fd'],                          'int'],
  ['rns_ns_userns',    ['fd:fd'],                          'int'],
  ['rns_ns_parent',    ['fd:fd'],                          'int'],
  ['rns_ns_pid_from',  ['fd:fd', 'pid:int', 'flags:uflags=0'], 'int'],
  ['rns_ns_pid_in',    ['fd:fd', 'pid:int', 'flags:uflags=0'], 'int'],
]);

// The output slots, made once (a typed array new at each call costs koffi a copy).
const uidSlot = new Uint32Array(1);
const idSlot = new BigUint64Array(1);

/**
 * Returns r, or throws the system error for r < 0 (librns returns -errno).
 * @param {number} r
 * @param {string} syscall
 * @param {Function} caller
 */
function check(r, syscall, caller) {
  if (r < 0) throw systemError(r, syscall, undefined, caller);
  return r;
}

/**
 * The uid of the creator of the user namespace `fd`, as the caller's user namespace maps it.
 * @param {unknown} fd
 * @returns {number}
 */
function nsOwnerUid(fd) {
  uidSlot[0] = 0;
  check(c.rns_ns_owner_uid(a.fd(fd, 'fd', nsOwnerUid), uidSlot), 'ns_owner_uid', nsOwnerUid);
  return uidSlot[0];
}

/**
 * A 64-bit id of the namespace `fd`: { id, kernel } (kernel: the kernel's never-reused id).
 * @param {unknown} fd
 * @returns {{ id: bigint, kernel: boolean }}
 */
function nsId(fd) {
  idSlot[0] = 0n;
  const r = check(c.rns_ns_id(a.fd(fd, 'fd', nsId), idSlot), 'ns_id', nsId);
  return { id: idSlot[0], kernel: r === constants.NS_ID_KERNEL };
}

/**
 * Opens the namespace with kernel id `id` (nsId's, when kernel is true), type `nstype` and
 * inode `ino`, through an nsfs file handle (Linux 6.18): an O_CLOEXEC fd number.
 * @param {bigint | number} id
 * @param {number} nstype
 * @param {bigint | number} ino
 * @returns {number}
 */
function nsOpenId(id, nstype, ino) {
  const big = (v, name) => {
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
    if (typeof v === 'bigint' && v >= 0n && v < 1n << 64n) return v;
    throw invalidArgType(name, 'a non-negative integer or bigint below 2^64', v, nsOpenId);
  };
  const i = big(id, 'id');
  const n = big(ino, 'ino');
  return check(c.rns_ns_open_id(i, a.flags(nstype, 'nstype', nsOpenId), n), 'ns_open_id', nsOpenId);
}

const idsBuf = new BigUint64Array(256);

/**
 * Up to `max` kernel ids (bigints) of the namespaces the caller may see, ascending (listns,
 * Linux 6.19). Documentation: index.d.ts.
 * @param {{ after?: bigint | number, types?: number, owner?: bigint | number, max?: number }} [opts]
 * @returns {bigint[]}
 */
function listns(opts = {}) {
  const o = a.object(opts, 'opts', listns);
  const big = (v, name) => {
    if (v === undefined) return 0n;
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
    if (typeof v === 'bigint' && v >= 0n && v < 1n << 64n) return v;
    throw invalidArgType(name, 'a non-negative integer or bigint below 2^64', v, listns);
  };
  const max = o.max === undefined ? idsBuf.length : o.max;
  if (!Number.isSafeInteger(max) || max < 0) throw invalidArgType('opts.max', 'a non-negative integer', max, listns);
  const buf = max <= idsBuf.length ? idsBuf : new BigUint64Array(max);
  const n = check(c.rns_listns(big(o.after, 'opts.after'), a.flags(o.types === undefined ? 0 : o.types, 'opts.types', listns),
    big(o.owner, 'opts.owner'), buf, max), 'listns', listns);
  return Array.from(buf.subarray(0, n));
}

/**
 * Whether `fd1` and `fd2` refer to the same namespace.
 * @param {unknown} fd1
 * @param {unknown} fd2
 * @returns {boolean}
 */
function nsSame(fd1, fd2) {
  return check(c.rns_ns_same(a.fd(fd1, 'fd1', nsSame), a.fd(fd2, 'fd2', nsSame)), 'ns_same', nsSame) === 1;
}

/**
 * An open namespace: a handle on its nsfs file. Close it with close(); it is not closed by
 * the garbage collector. After close(), every method throws EBADF. A Namespace is an Fd (it
 * has `fd` and `close`): pass it to setns, runInNamespacesOf, nsSame and the others.
 */
class Namespace {
  /** @type {number} */
  #fd;

  /**
   * Takes ownership of `fd`, a namespace file's descriptor (checked with nsType).
   * @param {number} fd
   */
  constructor(fd) {
    table.nsType(fd);
    this.#fd = fd;
  }

  /**
   * Opens the namespace with kernel id `id`, type `nstype` and inode `ino` (nsOpenId).
   * @param {bigint | number} id
   * @param {number} nstype
   * @param {bigint | number} ino
   */
  static openId(id, nstype, ino) {
    return wrap(nsOpenId(id, nstype, ino));
  }

  /**
   * Opens the namespace of one type of process `pid` (0: the calling thread), as nsOpen.
   * @param {number} pid
   * @param {number} nstype
   */
  static open(pid, nstype) {
    return new Namespace(require('./namespaces').nsOpen(pid, nstype));
  }

  /** The descriptor; -1 once closed. */
  get fd() {
    return this.#fd;
  }

  /** Closes the namespace file; EBADF if already closed. */
  close() {
    if (this.#fd < 0) throw systemError(-os.constants.errno.EBADF, 'close', undefined, this.close);
    const fd = this.#fd;
    this.#fd = -1;
    fs.closeSync(fd);
  }

  /** Its RNS_CLONE_NEW* type. */
  type() {
    return table.nsType(this.#fd);
  }

  /** Its id: { id, kernel } (nsId). */
  id() {
    return nsId(this.#fd);
  }

  /**
   * Whether `other` is the same namespace.
   * @param {Namespace} other
   */
  equals(other) {
    if (!(other instanceof Namespace)) throw invalidArgType('other', 'an instance of Namespace', other, this.equals);
    return nsSame(this.#fd, other.fd);
  }

  /** The user namespace that owns it, a new Namespace. */
  owner() {
    return wrap(table.nsUserns(this.#fd));
  }

  /** Its parent (pid and user namespaces), a new Namespace. */
  parent() {
    return wrap(table.nsParent(this.#fd));
  }

  /**
   * The caller's pid for `pid` of this pid namespace (nsPidFrom).
   * @param {number} pid
   * @param {number} [flags]
   */
  pidFrom(pid, flags = 0) {
    return table.nsPidFrom(this.#fd, pid, flags);
  }

  /**
   * This pid namespace's pid for `pid` of the caller's (nsPidIn).
   * @param {number} pid
   * @param {number} [flags]
   */
  pidIn(pid, flags = 0) {
    return table.nsPidIn(this.#fd, pid, flags);
  }

  /** The uid of its creator (user namespaces). */
  ownerUid() {
    return nsOwnerUid(this.#fd);
  }
}

/**
 * A Namespace of an fd the library just opened; the fd is closed if that fails.
 * @param {number} fd
 */
function wrap(fd) {
  try {
    return new Namespace(fd);
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

module.exports = { ...table, nsOwnerUid, nsId, nsOpenId, listns, nsSame, Namespace };
