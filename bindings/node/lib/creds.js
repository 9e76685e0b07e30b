'use strict';
/**
 * Credentials (src/creds.rs). Documentation: index.d.ts and include/rns.h.
 * ids are 0..2^32-1; -1 is all ones ("unchanged" for setre*id/setres*id). Every setter
 * changes every thread of the process (glibc's wrappers), Workers included.
 * @module
 */

const a = require('./internal/args');
const { systemError } = require('./internal/errors');
const { c } = require('./internal/binding');
const { define } = require('./internal/table');

const table = define([
  // C function        arguments (name:kind[=default])                 result
  ['rns_setuid',       ['uid:id'],                                     'void'],
  ['rns_setgid',       ['gid:id'],                                     'void'],
  ['rns_seteuid',      ['uid:id'],                                     'void'],
  ['rns_setegid',      ['gid:id'],                                     'void'],
  ['rns_setreuid',     ['ruid:id', 'euid:id'],                         'void'],
  ['rns_setregid',     ['rgid:id', 'egid:id'],                         'void'],
  ['rns_setresuid',    ['ruid:id', 'euid:id', 'suid:id'],              'void'],
  ['rns_setresgid',    ['rgid:id', 'egid:id', 'sgid:id'],              'void'],
  ['rns_getresuid',    [],                                             'outs:ruid,euid,suid'],
  ['rns_getresgid',    [],                                             'outs:rgid,egid,sgid'],
  ['rns_setgroups',    ['groups:idlist'],                              'void'],
  ['rns_initgroups',   ['user:string', 'group:id'],                    'void'],
  ['rns_drop_privileges', ['uid:id', 'gid:id', 'groups:idlist', 'flags:flags=0'], 'void'],
]);

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
 * The supplementary group ids.
 * @returns {number[]}
 */
function getgroups() {
  // Ask for the count, then fill; retry if the list grew in between (EINVAL).
  for (;;) {
    const n = check(c.rns_getgroups(null, 0), 'getgroups', getgroups);
    if (n === 0) return [];
    const list = new Uint32Array(n);
    const r = c.rns_getgroups(list, n);
    if (r === -a.EINVAL) continue;
    check(r, 'getgroups', getgroups);
    return Array.from(list.subarray(0, r));
  }
}

/**
 * The groups the group database gives `user`, plus `group` (getgrouplist(3)).
 * @param {string} user
 * @param {number} group
 * @returns {number[]}
 */
function getgrouplist(user, group) {
  const u = a.string(user, 'user', getgrouplist);
  const g = a.id(group, 'group', getgrouplist);
  let size = 32;
  for (;;) {
    const list = new Uint32Array(size);
    const n = check(c.rns_getgrouplist(u, g, list, size), 'getgrouplist', getgrouplist);
    if (n <= size) return Array.from(list.subarray(0, n));
    size = n; // the full count: retry with room for all
  }
}

module.exports = { ...table, getgroups, getgrouplist };
