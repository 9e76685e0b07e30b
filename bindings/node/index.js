'use strict';
/**
 * librns for Node: Linux namespace, process-group/session, priority, credential and pidfd
 * calls, one JS function per C function of include/rns.h.
 *
 * - Every call is synchronous and runs on the calling JS thread (main thread or Worker): a
 *   thread-scoped call (setns, unshare, setnsPath, setnsPid, setpriority of PRIO_PROCESS 0)
 *   changes exactly that thread, never another one.
 * - A failure throws a system error shaped like Node core's: err.code 'EPERM', err.errno -1,
 *   err.syscall 'setns', message "EPERM: operation not permitted, setns".
 * - A wrong JS type throws TypeError [ERR_INVALID_ARG_TYPE]; a number the C parameter cannot
 *   hold throws the EINVAL system error without calling C.
 *
 * Sections: loading, helpers, namespaces, process groups and sessions, priority,
 * credentials, pidfds, errors and version, runInNamespaces, exports.
 * @module librns
 */

const fs = require('fs');
const constants = require('./constants');
const ffi = require('./ffi');
const errors = require('./errors');
const a = require('./args');

// ---------------------------------------------------------------------------------------
// Loading

const loaded = ffi.load();
const c = loaded.fns;
errors.setFallback({ name: (n) => c.rns_errname(n), message: (n) => c.rns_strerror(n) });

// ---------------------------------------------------------------------------------------
// Helpers

/**
 * Returns r, or throws the system error for r < 0 (librns returns -errno).
 * @param {number} r the C return value
 * @param {string} syscall
 * @param {Function} caller the public function (hidden from the stack trace)
 * @param {string} [path]
 */
function check(r, syscall, caller, path) {
  if (r < 0) throw errors.systemError(r, syscall, path, caller);
  return r;
}

// ---------------------------------------------------------------------------------------
// Namespaces

/**
 * Moves the calling thread into the namespace `fd` refers to (setns(2)).
 * `fd` is a namespace file (with `nstype` 0 or its type) or a pidfd with an OR of
 * CLONE_NEW* types (entered atomically, Linux 5.8+).
 *
 * Scope: calling thread.
 * Errors: EBADF, EINVAL (not a namespace file, type mismatch, user namespace from a
 * multithreaded process, which a Node process always is), EPERM, ESRCH.
 * @param {number | import('fs/promises').FileHandle} fd
 * @param {number} [nstype=0]
 * @returns {void}
 */
function setns(fd, nstype = 0) {
  const f = a.fd(fd, 'fd', 'setns', setns);
  const t = a.flags(nstype, 'nstype', 'setns', setns, false);
  check(c.rns_setns(f, t), 'setns', setns);
}

/**
 * Gives the calling thread new namespaces, or unshares other context (unshare(2)).
 * CLONE_NEWUSER always fails with EINVAL in Node (the process is multithreaded).
 *
 * Scope: calling thread.
 * Errors: EINVAL, EPERM, EUSERS/ENOSPC, ENOMEM.
 * @param {number} flags an OR of CLONE_* constants
 * @returns {void}
 */
function unshare(flags) {
  const f = a.flags(flags, 'flags', 'unshare', unshare, false);
  check(c.rns_unshare(f), 'unshare', unshare);
}

/**
 * Opens `path` (a namespace file, e.g. /proc/PID/ns/net or /run/netns/NAME) and moves the
 * calling thread into that namespace. The fd is closed before returning.
 *
 * Scope: calling thread.
 * Errors: those of open(2) (ENOENT, EACCES, ...) and of setns (EINVAL, EPERM, ...); the
 * error carries `path`, as Node's fs errors do.
 * @param {string | Buffer | URL} path
 * @param {number} [nstype=0]
 * @returns {void}
 */
function setnsPath(path, nstype = 0) {
  const p = a.pathArg(path, 'path', setnsPath);
  const t = a.flags(nstype, 'nstype', 'setns_path', setnsPath, false);
  check(c.rns_setns_path(p.c, t), 'setns_path', setnsPath, p.shown);
}

/**
 * Opens the namespace of one type of process `pid`; pid 0 is the calling thread
 * (/proc/thread-self/ns/X). Close the fd with fs.closeSync().
 *
 * Scope: reads only.
 * Errors: EINVAL (`nstype` not exactly one type, pid < 0), ESRCH (no such process, a zombie, a
 * thread id), EACCES, ENOENT (type not in the kernel), ENOSYS (no safe way to find the process:
 * /proc missing or of another pid namespace without the pidfd ioctls).
 * @param {number} pid
 * @param {number} nstype exactly one CLONE_NEW* constant
 * @returns {number} an O_CLOEXEC fd
 */
function nsOpen(pid, nstype) {
  const p = a.int(pid, 'pid', 'ns_open', nsOpen);
  const t = a.flags(nstype, 'nstype', 'ns_open', nsOpen, false);
  return check(c.rns_ns_open(p, t), 'ns_open', nsOpen);
}

/**
 * Moves the calling thread into several namespaces of process `pid` at once (one setns on
 * a pidfd on Linux 5.8+: all or nothing). CLONE_NEWUSER is left out when `pid` already
 * shares the caller's user namespace.
 *
 * Scope: calling thread.
 * Errors: EINVAL (pid <= 0, no or unknown types, a type the kernel lacks or the thread cannot
 * join), ESRCH (no such process, a zombie, a thread id), EPERM (no ptrace access, no
 * CAP_SYS_ADMIN), ENOSYS (no safe way to find the process). The same on every kernel path.
 * @param {number} pid
 * @param {number} nstypes an OR of CLONE_NEW* constants
 * @returns {void}
 */
function setnsPid(pid, nstypes) {
  const p = a.int(pid, 'pid', 'setns_pid', setnsPid);
  const t = a.flags(nstypes, 'nstypes', 'setns_pid', setnsPid, false);
  check(c.rns_setns_pid(p, t), 'setns_pid', setnsPid);
}

// ---------------------------------------------------------------------------------------
// Process groups and sessions

/**
 * Moves process `pid` (0: the caller) into process group `pgid` (0: a group of its own pid).
 *
 * Scope: process.
 * Errors: EINVAL (negative), ESRCH, EPERM (session leader, group of another session), EACCES
 * (the child has exec'd).
 * @param {number} pid
 * @param {number} pgid
 * @returns {void}
 */
function setpgid(pid, pgid) {
  const p = a.int(pid, 'pid', 'setpgid', setpgid);
  const g = a.int(pgid, 'pgid', 'setpgid', setpgid);
  check(c.rns_setpgid(p, g), 'setpgid', setpgid);
}

/**
 * The process group id of process `pid` (0: the caller).
 *
 * Scope: reads only.
 * Errors: ESRCH, EPERM.
 * @param {number} [pid=0]
 * @returns {number}
 */
function getpgid(pid = 0) {
  const p = a.int(pid, 'pid', 'getpgid', getpgid);
  return check(c.rns_getpgid(p), 'getpgid', getpgid);
}

/**
 * Makes the caller the leader of a new process group of its own pid (setpgid(0, 0)).
 *
 * Scope: process.
 * Errors: EPERM (the caller is a session leader).
 * @returns {void}
 */
function setpgrp() {
  check(c.rns_setpgrp(), 'setpgrp', setpgrp);
}

/**
 * The caller's process group id. Cannot fail.
 *
 * Scope: reads only.
 * @returns {number}
 */
function getpgrp() {
  return check(c.rns_getpgrp(), 'getpgrp', getpgrp);
}

/**
 * Starts a new session with the caller as leader, without a controlling terminal.
 *
 * Scope: process.
 * Errors: EPERM (the caller already leads a process group).
 * @returns {number} the new session id (the caller's pid)
 */
function setsid() {
  return check(c.rns_setsid(), 'setsid', setsid);
}

/**
 * The session id of process `pid` (0: the caller).
 *
 * Scope: reads only.
 * Errors: ESRCH, EPERM.
 * @param {number} [pid=0]
 * @returns {number}
 */
function getsid(pid = 0) {
  const p = a.int(pid, 'pid', 'getsid', getsid);
  return check(c.rns_getsid(p), 'getsid', getsid);
}

/**
 * The foreground process group of terminal `fd` (the caller's controlling terminal).
 *
 * Scope: reads only.
 * Errors: EBADF, ENOTTY.
 * @param {number | import('fs/promises').FileHandle} fd
 * @returns {number}
 */
function tcgetpgrp(fd) {
  const f = a.fd(fd, 'fd', 'tcgetpgrp', tcgetpgrp);
  return check(c.rns_tcgetpgrp(f), 'tcgetpgrp', tcgetpgrp);
}

/**
 * Makes `pgrp` the foreground process group of the controlling terminal `fd`.
 *
 * Scope: process (the terminal's state).
 * Errors: EINVAL, EBADF, ENOTTY, EPERM.
 * @param {number | import('fs/promises').FileHandle} fd
 * @param {number} pgrp
 * @returns {void}
 */
function tcsetpgrp(fd, pgrp) {
  const f = a.fd(fd, 'fd', 'tcsetpgrp', tcsetpgrp);
  const g = a.int(pgrp, 'pgrp', 'tcsetpgrp', tcsetpgrp);
  check(c.rns_tcsetpgrp(f, g), 'tcsetpgrp', tcsetpgrp);
}

/**
 * Sends signal `sig` (a number) to every process of group `pgrp` (0: the caller's group).
 * Group 1 is refused with EINVAL (kill(-1) would signal every process).
 *
 * Scope: process (sends signals).
 * Errors: EINVAL, ESRCH, EPERM.
 * @param {number} pgrp
 * @param {number} sig
 * @returns {void}
 */
function killpg(pgrp, sig) {
  const g = a.int(pgrp, 'pgrp', 'killpg', killpg);
  const s = a.int(sig, 'sig', 'killpg', killpg);
  check(c.rns_killpg(g, s), 'killpg', killpg);
}

// ---------------------------------------------------------------------------------------
// Priority

/**
 * The nice value (-20..19) of a thread, process group or user (for a group or user, the
 * lowest nice value of its members).
 *
 * Scope: reads only (PRIO_PROCESS with who 0 reads the calling thread).
 * Errors: EINVAL (unknown `which`), ESRCH.
 * @param {number} which PRIO_PROCESS, PRIO_PGRP or PRIO_USER
 * @param {number} [who=0]
 * @returns {number} the nice value (-1 is a value, not an error)
 */
function getpriority(which, who = 0) {
  const w = a.int(which, 'which', 'getpriority', getpriority);
  const id = a.id(who, 'who', 'getpriority', getpriority);
  const out = new Int32Array(1);
  check(c.rns_getpriority(w, id, out), 'getpriority', getpriority);
  return out[0];
}

/**
 * Sets the nice value of a thread, every member of a process group, or every process of a
 * user. The kernel clamps `prio` to -20..19.
 *
 * Scope: PRIO_PROCESS with who 0 is the calling **thread** only; other threads keep theirs.
 * Errors: EINVAL, ESRCH, EACCES (lowering without privilege), EPERM.
 * @param {number} which
 * @param {number} who
 * @param {number} prio
 * @returns {void}
 */
function setpriority(which, who, prio) {
  const w = a.int(which, 'which', 'setpriority', setpriority);
  const id = a.id(who, 'who', 'setpriority', setpriority);
  const p = a.int(prio, 'prio', 'setpriority', setpriority);
  check(c.rns_setpriority(w, id, p), 'setpriority', setpriority);
}

// ---------------------------------------------------------------------------------------
// Credentials. ids are 0..2^32-1; -1 is all ones ("unchanged" for setre*/setres*).
// Every setter changes every thread of the process (glibc's wrappers), Workers included.

/**
 * Sets the user id (setuid(3)): with privilege the real, effective and saved ids.
 *
 * Scope: process (every thread).
 * Errors: EINVAL (-1 or unmapped), EPERM, EAGAIN.
 * @param {number} uid
 * @returns {void}
 */
function setuid(uid) {
  check(c.rns_setuid(a.id(uid, 'uid', 'setuid', setuid)), 'setuid', setuid);
}

/**
 * Sets the group id (setgid(3)).
 *
 * Scope: process (every thread).
 * Errors: EINVAL, EPERM.
 * @param {number} gid
 * @returns {void}
 */
function setgid(gid) {
  check(c.rns_setgid(a.id(gid, 'gid', 'setgid', setgid)), 'setgid', setgid);
}

/**
 * Sets the effective user id (seteuid(3)).
 *
 * Scope: process (every thread).
 * Errors: EINVAL, EPERM.
 * @param {number} uid
 * @returns {void}
 */
function seteuid(uid) {
  check(c.rns_seteuid(a.id(uid, 'uid', 'seteuid', seteuid)), 'seteuid', seteuid);
}

/**
 * Sets the effective group id (setegid(3)).
 *
 * Scope: process (every thread).
 * Errors: EINVAL, EPERM.
 * @param {number} gid
 * @returns {void}
 */
function setegid(gid) {
  check(c.rns_setegid(a.id(gid, 'gid', 'setegid', setegid)), 'setegid', setegid);
}

/**
 * Sets the real and effective user ids (setreuid(2)); -1 keeps a value.
 *
 * Scope: process (every thread).
 * Errors: EINVAL, EPERM.
 * @param {number} ruid
 * @param {number} euid
 * @returns {void}
 */
function setreuid(ruid, euid) {
  const r = a.id(ruid, 'ruid', 'setreuid', setreuid);
  const e = a.id(euid, 'euid', 'setreuid', setreuid);
  check(c.rns_setreuid(r, e), 'setreuid', setreuid);
}

/**
 * Sets the real and effective group ids (setregid(2)); -1 keeps a value.
 *
 * Scope: process (every thread).
 * Errors: EINVAL, EPERM.
 * @param {number} rgid
 * @param {number} egid
 * @returns {void}
 */
function setregid(rgid, egid) {
  const r = a.id(rgid, 'rgid', 'setregid', setregid);
  const e = a.id(egid, 'egid', 'setregid', setregid);
  check(c.rns_setregid(r, e), 'setregid', setregid);
}

/**
 * Sets the real, effective and saved user ids (setresuid(2)); -1 keeps a value.
 *
 * Scope: process (every thread).
 * Errors: EINVAL, EPERM, EAGAIN.
 * @param {number} ruid
 * @param {number} euid
 * @param {number} suid
 * @returns {void}
 */
function setresuid(ruid, euid, suid) {
  const r = a.id(ruid, 'ruid', 'setresuid', setresuid);
  const e = a.id(euid, 'euid', 'setresuid', setresuid);
  const s = a.id(suid, 'suid', 'setresuid', setresuid);
  check(c.rns_setresuid(r, e, s), 'setresuid', setresuid);
}

/**
 * Sets the real, effective and saved group ids (setresgid(2)); -1 keeps a value.
 *
 * Scope: process (every thread).
 * Errors: EINVAL, EPERM.
 * @param {number} rgid
 * @param {number} egid
 * @param {number} sgid
 * @returns {void}
 */
function setresgid(rgid, egid, sgid) {
  const r = a.id(rgid, 'rgid', 'setresgid', setresgid);
  const e = a.id(egid, 'egid', 'setresgid', setresgid);
  const s = a.id(sgid, 'sgid', 'setresgid', setresgid);
  check(c.rns_setresgid(r, e, s), 'setresgid', setresgid);
}

/**
 * The real, effective and saved user ids.
 *
 * Scope: reads only.
 * @returns {{ ruid: number, euid: number, suid: number }}
 */
function getresuid() {
  const r = new Uint32Array(1);
  const e = new Uint32Array(1);
  const s = new Uint32Array(1);
  check(c.rns_getresuid(r, e, s), 'getresuid', getresuid);
  return { ruid: r[0], euid: e[0], suid: s[0] };
}

/**
 * The real, effective and saved group ids.
 *
 * Scope: reads only.
 * @returns {{ rgid: number, egid: number, sgid: number }}
 */
function getresgid() {
  const r = new Uint32Array(1);
  const e = new Uint32Array(1);
  const s = new Uint32Array(1);
  check(c.rns_getresgid(r, e, s), 'getresgid', getresgid);
  return { rgid: r[0], egid: e[0], sgid: s[0] };
}

/**
 * The supplementary group ids.
 *
 * Scope: reads only.
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
 * Replaces the supplementary group ids (an empty list clears them).
 *
 * Scope: process (every thread).
 * Errors: EINVAL (more than 65536, an unmapped id), EPERM.
 * @param {readonly number[] | Uint32Array} groups
 * @returns {void}
 */
function setgroups(groups) {
  const list = a.idList(groups, 'groups', 'setgroups', setgroups);
  check(c.rns_setgroups(list.length ? list : null, list.length), 'setgroups', setgroups);
}

/**
 * Sets the supplementary groups to those the group database lists for `user`, plus `group`.
 *
 * Scope: process (every thread).
 * Errors: EPERM, ENOMEM.
 * @param {string} user
 * @param {number} group
 * @returns {void}
 */
function initgroups(user, group) {
  const u = a.string(user, 'user', initgroups);
  const g = a.id(group, 'group', 'initgroups', initgroups);
  check(c.rns_initgroups(u, g), 'initgroups', initgroups);
}

/**
 * The groups the group database gives `user`, plus `group` (getgrouplist(3)).
 *
 * Scope: reads only.
 * Errors: ENOMEM.
 * @param {string} user
 * @param {number} group
 * @returns {number[]}
 */
function getgrouplist(user, group) {
  const u = a.string(user, 'user', getgrouplist);
  const g = a.id(group, 'group', 'getgrouplist', getgrouplist);
  let size = 32;
  for (;;) {
    const list = new Uint32Array(size);
    const n = check(c.rns_getgrouplist(u, g, list, size), 'getgrouplist', getgrouplist);
    if (n <= size) return Array.from(list.subarray(0, n));
    size = n; // the full count: retry with room for all
  }
}

// ---------------------------------------------------------------------------------------
// pidfds

/**
 * Opens a pidfd for process `pid` (pidfd_open(2)). Close it with fs.closeSync().
 *
 * Scope: reads only.
 * Errors: EINVAL, ENOENT, ESRCH, EMFILE/ENFILE, ENOSYS.
 * @param {number} pid
 * @param {number} [flags=0] 0 or an OR of PIDFD_NONBLOCK, PIDFD_THREAD
 * @returns {number} an O_CLOEXEC pidfd
 */
function pidfdOpen(pid, flags = 0) {
  const p = a.int(pid, 'pid', 'pidfd_open', pidfdOpen);
  const f = a.flags(flags, 'flags', 'pidfd_open', pidfdOpen, true);
  return check(c.rns_pidfd_open(p, f), 'pidfd_open', pidfdOpen);
}

/**
 * Sends signal `sig` (a number; 0 checks) to the process `pidfd` refers to.
 *
 * Scope: process (sends a signal; changes nothing in the caller).
 * Errors: EBADF, EINVAL, EPERM, ESRCH.
 * @param {number | import('fs/promises').FileHandle} pidfd
 * @param {number} sig
 * @param {number} [flags=0] 0 or one of PIDFD_SIGNAL_*
 * @returns {void}
 */
function pidfdSendSignal(pidfd, sig, flags = 0) {
  const f = a.fd(pidfd, 'pidfd', 'pidfd_send_signal', pidfdSendSignal);
  const s = a.int(sig, 'sig', 'pidfd_send_signal', pidfdSendSignal);
  const fl = a.flags(flags, 'flags', 'pidfd_send_signal', pidfdSendSignal, true);
  check(c.rns_pidfd_send_signal(f, s, fl), 'pidfd_send_signal', pidfdSendSignal);
}

/**
 * Duplicates fd `targetfd` of the process `pidfd` refers to into the caller.
 *
 * Scope: process (a new fd in the caller's fd table).
 * Errors: EINVAL, EBADF, EPERM, ESRCH, EMFILE.
 * @param {number | import('fs/promises').FileHandle} pidfd
 * @param {number} targetfd an fd number in the target process
 * @param {number} [flags=0] must be 0
 * @returns {number} the new O_CLOEXEC fd
 */
function pidfdGetfd(pidfd, targetfd, flags = 0) {
  const f = a.fd(pidfd, 'pidfd', 'pidfd_getfd', pidfdGetfd);
  const t = a.fd(targetfd, 'targetfd', 'pidfd_getfd', pidfdGetfd);
  const fl = a.flags(flags, 'flags', 'pidfd_getfd', pidfdGetfd, true);
  return check(c.rns_pidfd_getfd(f, t, fl), 'pidfd_getfd', pidfdGetfd);
}

// ---------------------------------------------------------------------------------------
// Errors and version

/**
 * The errno's symbolic name ("EPERM") for `err` or `-err`; "OK" for 0, "UNKNOWN" otherwise.
 *
 * Scope: reads only; thread-safe.
 * @param {number} err
 * @returns {string}
 */
function errname(err) {
  return c.rns_errname(a.int(err, 'err', 'errname', errname));
}

/**
 * The errno's message ("Operation not permitted") for `err` or `-err`.
 *
 * Scope: reads only; thread-safe.
 * @param {number} err
 * @returns {string}
 */
function strerror(err) {
  return c.rns_strerror(a.int(err, 'err', 'strerror', strerror));
}

/**
 * The loaded library's version, "MAJOR.MINOR.PATCH" (compare with constants.VERSION_*).
 *
 * Scope: reads only.
 * @returns {string}
 */
function version() {
  return c.rns_version();
}

// ---------------------------------------------------------------------------------------
// runInNamespaces: enter, run, restore (the CNI ns.Do pattern, synchronously on this thread)

/** Namespace types runInNamespaces may enter, with the /proc/thread-self/ns file to save. */
/** @type {[number, string][]} */
const NS_FILES = [
  [constants.CLONE_NEWNET, 'net'],
  [constants.CLONE_NEWUTS, 'uts'],
  [constants.CLONE_NEWIPC, 'ipc'],
  [constants.CLONE_NEWCGROUP, 'cgroup'],
  [constants.CLONE_NEWPID, 'pid_for_children'],
  [constants.CLONE_NEWTIME, 'time_for_children'],
];

/** (dev, ino) of a namespace file, as a string. */
function nsId(stat) {
  return `${stat.dev}:${stat.ino}`;
}

/**
 * Runs `fn` with the calling thread in the `types` namespaces of process `pid`, then puts
 * the thread back and checks every type is back. Synchronous: `fn` runs on this thread, and
 * whatever it leaves for later (promises, callbacks) runs after the restore, in the original
 * namespaces.
 *
 * CLONE_NEWUSER and CLONE_NEWNS are refused (EINVAL): a Node process is multithreaded, so the
 * kernel would refuse the user namespace, and a mount namespace would need CLONE_FS unshared
 * for good. Before entering, the thread re-enters its own namespaces once, so a thread that
 * could not come back (lacking privilege over its own namespaces, e.g. inside a user
 * namespace) gets EPERM without having moved.
 *
 * Scope: calling thread (left as it was).
 * Errors: those of setnsPid; an Error with code 'ERR_RNS_RESTORE_FAILED' if the thread could
 * not be put back (then it stays in a target namespace; `err.cause` is fn's error, if any).
 * @template T
 * @param {number} pid
 * @param {number} types an OR of CLONE_NEWNET, _NEWUTS, _NEWIPC, _NEWCGROUP, _NEWPID, _NEWTIME
 * @param {() => T} fn
 * @returns {T} what fn returns
 */
function runInNamespaces(pid, types, fn) {
  const syscall = 'run_in_namespaces';
  const p = a.int(pid, 'pid', syscall, runInNamespaces);
  const t = a.flags(types, 'types', syscall, runInNamespaces, false);
  a.func(fn, 'fn', runInNamespaces);
  const allowed = NS_FILES.reduce((m, [bit]) => m | bit, 0);
  if (t === 0 || (t & ~allowed) !== 0 || p <= 0) {
    throw errors.systemError(a.EINVAL, syscall, undefined, runInNamespaces);
  }

  // Save: an fd and the id of each namespace the thread has now.
  const saved = [];
  try {
    for (const [bit, file] of NS_FILES) {
      if ((t & bit) === 0) continue;
      const fd = fs.openSync(`/proc/thread-self/ns/${file}`, 'r'); // O_CLOEXEC
      saved.push({ bit, file, fd, id: nsId(fs.fstatSync(fd)) });
    }
    // Can we come back? setns into the namespace we are in checks the same privilege.
    for (const s of saved) setns(s.fd, s.bit);
  } catch (e) {
    for (const s of saved) fs.closeSync(s.fd);
    if (e instanceof Error) Error.captureStackTrace(e, runInNamespaces);
    throw e;
  }

  let failed = false;
  let error;
  let result;
  try {
    setnsPid(p, t);
    result = fn();
  } catch (e) {
    failed = true;
    error = e;
  }

  // Restore every type, even after a failure (the fallback of old kernels is not atomic).
  const notRestored = [];
  for (const s of saved) {
    try {
      setns(s.fd, s.bit);
    } catch (e) {
      notRestored.push(`${s.file} (${/** @type {any} */ (e).code})`);
      continue;
    }
    if (nsId(fs.statSync(`/proc/thread-self/ns/${s.file}`)) !== s.id) notRestored.push(s.file);
  }
  for (const s of saved) fs.closeSync(s.fd);
  if (notRestored.length) {
    const err = /** @type {any} */ (
      new Error(
        `runInNamespaces: could not put the calling thread back into its ${notRestored.join(', ')} namespace`,
        failed ? { cause: error } : undefined
      )
    );
    err.code = 'ERR_RNS_RESTORE_FAILED';
    Error.captureStackTrace(err, runInNamespaces);
    throw err;
  }
  if (failed) throw error;
  return /** @type {any} */ (result);
}

// ---------------------------------------------------------------------------------------
// Exports

module.exports = {
  // namespaces
  setns, unshare, setnsPath, nsOpen, setnsPid,
  // process groups and sessions
  setpgid, getpgid, setpgrp, getpgrp, setsid, getsid, tcgetpgrp, tcsetpgrp, killpg,
  // priority
  getpriority, setpriority,
  // credentials
  setuid, setgid, seteuid, setegid, setreuid, setregid, setresuid, setresgid,
  getresuid, getresgid, getgroups, setgroups, initgroups, getgrouplist,
  // pidfds
  pidfdOpen, pidfdSendSignal, pidfdGetfd,
  // errors and version
  errname, strerror, version,
  // helper
  runInNamespaces,
  /** Every `#define RNS_X` of include/rns.h as X (CLONE_*, PIDFD_*, PRIO_*, VERSION_*). */
  constants,
  /** The path (or soname) librns was loaded from. */
  libraryPath: loaded.path,
  // the constants at top level too: rns.CLONE_NEWNET
  ...constants,
};
