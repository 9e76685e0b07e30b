'use strict';
/**
 * Finds and loads librns through koffi, and declares every C function of include/rns.h.
 *
 * Search order (the first that loads wins):
 *   1. the path in the RNS_LIBRARY environment variable, when set; then it is the only place
 *      tried, so a wrong path is an error rather than a silent switch to another library;
 *   2. the in-tree build, ../../target/lib/librns.so relative to this package;
 *   3. the system's librns.so.0 (the soname), through the dynamic loader's search path.
 * When none loads, the error lists every place and why it failed.
 *
 * Every function here is called synchronously on the calling JS thread: never through koffi's
 * `.async`, which runs on a worker pool thread and so would change the namespaces of the
 * wrong thread.
 * @module
 */

const path = require('path');
const koffi = require('koffi');

/** The places to look, in order, each { place, target }. */
function candidates() {
  const list = [];
  const env = process.env.RNS_LIBRARY;
  if (env) return [{ place: `RNS_LIBRARY=${env}`, target: path.resolve(env) }];
  const inTree = path.resolve(__dirname, '../../target/lib/librns.so');
  list.push({ place: `in-tree build ${inTree}`, target: inTree });
  list.push({ place: 'system librns.so.0 (dynamic loader search path)', target: 'librns.so.0' });
  return list;
}

/**
 * Loads the first library of candidates() that opens and has every function.
 * @returns {{ lib: import('koffi').LibraryHandle, path: string, fns: ReturnType<typeof declare> }}
 */
function load() {
  const tried = [];
  for (const { place, target } of candidates()) {
    let lib;
    try {
      lib = koffi.load(target);
    } catch (e) {
      tried.push({ place, error: /** @type {Error} */ (e).message });
      continue;
    }
    try {
      return { lib, path: target, fns: declare(lib) };
    } catch (e) {
      // Loaded, but an older or foreign library lacks a function.
      tried.push({ place, error: /** @type {Error} */ (e).message });
    }
  }
  const err = /** @type {any} */ (
    new Error(
      'librns not found; looked in:\n' +
        tried.map((t) => `  - ${t.place}: ${t.error}`).join('\n') +
        (process.env.RNS_LIBRARY
          ? '\nRNS_LIBRARY names the library to use; fix or unset it.'
          : '\nBuild it (make build), install librns0, or set RNS_LIBRARY to the path of librns.so.')
    )
  );
  err.code = 'ERR_RNS_LIBRARY_NOT_FOUND';
  err.tried = tried;
  throw err;
}

/**
 * Declares the C functions, one per function of include/rns.h, with C types:
 * uid_t, gid_t and id_t are uint32_t, pid_t is int, pointers take typed arrays or Buffers.
 * @param {import('koffi').LibraryHandle} lib
 */
function declare(lib) {
  return {
    // errors, version
    rns_version: lib.func('const char *rns_version(void)'),
    rns_errname: lib.func('const char *rns_errname(int err)'),
    rns_strerror: lib.func('const char *rns_strerror(int err)'),
    // namespaces
    rns_setns: lib.func('int rns_setns(int fd, int nstype)'),
    rns_unshare: lib.func('int rns_unshare(int flags)'),
    rns_setns_path: lib.func('int rns_setns_path(const char *path, int nstype)'),
    rns_ns_open: lib.func('int rns_ns_open(int pid, int nstype)'),
    rns_setns_pid: lib.func('int rns_setns_pid(int pid, int nstypes)'),
    // process groups, sessions
    rns_setpgid: lib.func('int rns_setpgid(int pid, int pgid)'),
    rns_getpgid: lib.func('int rns_getpgid(int pid)'),
    rns_setpgrp: lib.func('int rns_setpgrp(void)'),
    rns_getpgrp: lib.func('int rns_getpgrp(void)'),
    rns_setsid: lib.func('int rns_setsid(void)'),
    rns_getsid: lib.func('int rns_getsid(int pid)'),
    rns_tcgetpgrp: lib.func('int rns_tcgetpgrp(int fd)'),
    rns_tcsetpgrp: lib.func('int rns_tcsetpgrp(int fd, int pgrp)'),
    rns_killpg: lib.func('int rns_killpg(int pgrp, int sig)'),
    // priority
    rns_getpriority: lib.func('int rns_getpriority(int which, uint32_t who, int *ret_prio)'),
    rns_setpriority: lib.func('int rns_setpriority(int which, uint32_t who, int prio)'),
    // credentials
    rns_setuid: lib.func('int rns_setuid(uint32_t uid)'),
    rns_setgid: lib.func('int rns_setgid(uint32_t gid)'),
    rns_seteuid: lib.func('int rns_seteuid(uint32_t uid)'),
    rns_setegid: lib.func('int rns_setegid(uint32_t gid)'),
    rns_setreuid: lib.func('int rns_setreuid(uint32_t ruid, uint32_t euid)'),
    rns_setregid: lib.func('int rns_setregid(uint32_t rgid, uint32_t egid)'),
    rns_setresuid: lib.func('int rns_setresuid(uint32_t ruid, uint32_t euid, uint32_t suid)'),
    rns_setresgid: lib.func('int rns_setresgid(uint32_t rgid, uint32_t egid, uint32_t sgid)'),
    rns_getresuid: lib.func('int rns_getresuid(uint32_t *ruid, uint32_t *euid, uint32_t *suid)'),
    rns_getresgid: lib.func('int rns_getresgid(uint32_t *rgid, uint32_t *egid, uint32_t *sgid)'),
    rns_getgroups: lib.func('int rns_getgroups(uint32_t *list, size_t size)'),
    rns_setgroups: lib.func('int rns_setgroups(const uint32_t *list, size_t size)'),
    rns_initgroups: lib.func('int rns_initgroups(const char *user, uint32_t group)'),
    rns_getgrouplist: lib.func(
      'int rns_getgrouplist(const char *user, uint32_t group, uint32_t *list, size_t size)'
    ),
    // pidfds
    rns_pidfd_open: lib.func('int rns_pidfd_open(int pid, unsigned int flags)'),
    rns_pidfd_send_signal: lib.func(
      'int rns_pidfd_send_signal(int pidfd, int sig, unsigned int flags)'
    ),
    rns_pidfd_getfd: lib.func('int rns_pidfd_getfd(int pidfd, int targetfd, unsigned int flags)'),
  };
}

module.exports = { load, candidates };
