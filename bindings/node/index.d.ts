// Type declarations for librns (Node binding), and the documentation of every function
// (the implementation, in lib/, is mostly a table). See also include/rns.h.
// Every function is synchronous and runs on the calling JS thread (main thread or Worker).
// A failure throws RnsSystemError; a wrong JS type throws TypeError (code ERR_INVALID_ARG_TYPE);
// a number the C type cannot hold throws RangeError (code ERR_OUT_OF_RANGE) before any call.
// ES modules: import { setns, CLONE_NEWNET } from 'librns' (index.mjs) gives the same names.

/// <reference types="node" />
import type { FileHandle } from 'fs/promises';

/** The error a failed call throws, shaped like Node core's system errors. */
export interface RnsSystemError extends Error {
  /** The errno name, e.g. 'EPERM'. */
  code: string;
  /** The negative errno, e.g. -1 (libuv style). */
  errno: number;
  /** The call, without the rns_ prefix, e.g. 'setns', 'setns_path', 'pidfd_open'. */
  syscall: string;
  /** The path, for setnsPath. */
  path?: string;
}

/** An fd: a number, or an fs.promises FileHandle (a closed one gives EBADF). */
export type Fd = number | FileHandle;

/**
 * A signal: a number (0 checks), or a name of os.constants.signals such as 'SIGTERM', as
 * process.kill takes it. An unknown name throws TypeError (code ERR_UNKNOWN_SIGNAL).
 */
export type Signal = number | NodeJS.Signals;

/** What runInNamespaces accepts as fn's result: anything but a promise (or other thenable). */
export type NotPromise<T> = T extends PromiseLike<unknown> ? never : T;

/** Every `#define RNS_X` of include/rns.h, as X. */
export interface Constants {
  readonly VERSION_MAJOR: number;
  readonly VERSION_MINOR: number;
  readonly VERSION_PATCH: number;
  /** Mount namespace. */
  readonly CLONE_NEWNS: number;
  /** Cgroup namespace. */
  readonly CLONE_NEWCGROUP: number;
  /** UTS namespace: hostname and domain name. */
  readonly CLONE_NEWUTS: number;
  /** IPC namespace. */
  readonly CLONE_NEWIPC: number;
  /** User namespace: cannot be joined or created from Node (always multithreaded). */
  readonly CLONE_NEWUSER: number;
  /** PID namespace: affects only children created afterwards. */
  readonly CLONE_NEWPID: number;
  /** Network namespace. */
  readonly CLONE_NEWNET: number;
  /** Time namespace: affects only children created afterwards. */
  readonly CLONE_NEWTIME: number;
  readonly CLONE_FILES: number;
  readonly CLONE_FS: number;
  readonly CLONE_SYSVSEM: number;
  readonly CLONE_SIGHAND: number;
  readonly CLONE_THREAD: number;
  readonly CLONE_VM: number;
  readonly PIDFD_NONBLOCK: number;
  readonly PIDFD_THREAD: number;
  readonly PIDFD_SIGNAL_THREAD: number;
  readonly PIDFD_SIGNAL_THREAD_GROUP: number;
  readonly PIDFD_SIGNAL_PROCESS_GROUP: number;
  readonly PRIO_PROCESS: number;
  readonly PRIO_PGRP: number;
  readonly PRIO_USER: number;
}

export const constants: Constants;
export const VERSION_MAJOR: number;
export const VERSION_MINOR: number;
export const VERSION_PATCH: number;
export const CLONE_NEWNS: number;
export const CLONE_NEWCGROUP: number;
export const CLONE_NEWUTS: number;
export const CLONE_NEWIPC: number;
export const CLONE_NEWUSER: number;
export const CLONE_NEWPID: number;
export const CLONE_NEWNET: number;
export const CLONE_NEWTIME: number;
export const CLONE_FILES: number;
export const CLONE_FS: number;
export const CLONE_SYSVSEM: number;
export const CLONE_SIGHAND: number;
export const CLONE_THREAD: number;
export const CLONE_VM: number;
export const PIDFD_NONBLOCK: number;
export const PIDFD_THREAD: number;
export const PIDFD_SIGNAL_THREAD: number;
export const PIDFD_SIGNAL_THREAD_GROUP: number;
export const PIDFD_SIGNAL_PROCESS_GROUP: number;
export const PRIO_PROCESS: number;
export const PRIO_PGRP: number;
export const PRIO_USER: number;

/** The path (or soname) librns was loaded from. */
export const libraryPath: string;

// Namespaces ----------------------------------------------------------------------------

/**
 * Moves the calling thread into the namespace `fd` refers to (setns(2)). `fd` is a namespace
 * file (with `nstype` 0 or its type) or a pidfd with an OR of CLONE_NEW* types (entered
 * atomically, Linux 5.8+).
 *
 * Scope: calling thread.
 * Errors: EBADF, EINVAL (not a namespace file, type mismatch, user namespace from a
 * multithreaded process, which a Node process always is), EPERM, ESRCH.
 */
export function setns(fd: Fd, nstype?: number): void;
/**
 * Gives the calling thread new namespaces, or unshares other context (unshare(2)).
 * CLONE_NEWUSER always fails with EINVAL in Node (the process is multithreaded).
 *
 * Scope: calling thread.
 * Errors: EINVAL, EPERM, EUSERS/ENOSPC, ENOMEM.
 */
export function unshare(flags: number): void;
/**
 * Opens `path` (a namespace file, e.g. /proc/PID/ns/net or /run/netns/NAME) and moves the
 * calling thread into that namespace. The fd is closed before returning.
 *
 * Scope: calling thread.
 * Errors: those of open(2) (ENOENT, EACCES, ...) and of setns (EINVAL, EPERM, ...); the error
 * carries `path`, as Node's fs errors do.
 */
export function setnsPath(path: string | Buffer | URL, nstype?: number): void;
/**
 * Opens the namespace of one type of process `pid`; pid 0 is the calling thread
 * (/proc/thread-self/ns/X). Returns an O_CLOEXEC fd: close it with fs.closeSync().
 *
 * Scope: reads only.
 * Errors: EINVAL (`nstype` not exactly one type, pid < 0), ESRCH (no such process, a zombie, a
 * thread id), EACCES, ENOENT (type not in the kernel), ENOSYS (no safe way to find the process).
 */
export function nsOpen(pid: number, nstype: number): number;
/**
 * Moves the calling thread into several namespaces of process `pid` at once (one setns on a
 * pidfd on Linux 5.8+: all or nothing). CLONE_NEWUSER is left out when `pid` already shares
 * the caller's user namespace.
 *
 * Scope: calling thread.
 * Errors: EINVAL (pid <= 0, no or unknown types, a type the kernel lacks or the thread cannot
 * join), ESRCH, EPERM (no ptrace access, no CAP_SYS_ADMIN), ENOSYS.
 */
export function setnsPid(pid: number, nstypes: number): void;
/**
 * Sets the host name of the calling thread's UTS namespace (at most 64 bytes; "" allowed).
 * Use it in a UTS namespace of the thread's own (unshare(CLONE_NEWUTS)) to name a container
 * without touching the host. `os.hostname()` reads the calling thread's namespace too.
 *
 * Scope: the calling thread's UTS namespace (every process in it sees the new name).
 * Errors: EINVAL (longer than 64 bytes), EPERM (no CAP_SYS_ADMIN over the
 * UTS namespace).
 */
export function sethostname(name: string): void;
/**
 * Sets the NIS domain name of the calling thread's UTS namespace, as sethostname does the
 * host name.
 *
 * Scope: the calling thread's UTS namespace (every process in it sees the new name).
 * Errors: EINVAL (longer than 64 bytes), EPERM. A NUL in `name` throws TypeError
 * [ERR_INVALID_ARG_VALUE].
 */
export function setdomainname(name: string): void;

// Process groups and sessions -----------------------------------------------------------

/**
 * Moves process `pid` (0: the caller) into process group `pgid` (0: a group of its own pid).
 *
 * Scope: process.
 * Errors: EINVAL (negative), ESRCH, EPERM (session leader, group of another session), EACCES
 * (the child has exec'd).
 */
export function setpgid(pid: number, pgid: number): void;
/** The process group of `pid` (0: the caller). Scope: reads only. Errors: ESRCH, EPERM. */
export function getpgid(pid?: number): number;
/** setpgid(0, 0). Scope: process. Errors: EPERM (the caller is a session leader). */
export function setpgrp(): void;
/** The caller's process group. Cannot fail. Scope: reads only. */
export function getpgrp(): number;
/**
 * Starts a new session with the caller as leader, without a controlling terminal; returns its
 * id (the caller's pid). Scope: process. Errors: EPERM (the caller already leads a group).
 */
export function setsid(): number;
/** The session of `pid` (0: the caller). Scope: reads only. Errors: ESRCH, EPERM. */
export function getsid(pid?: number): number;
/** The foreground process group of terminal `fd`. Scope: reads only. Errors: EBADF, ENOTTY. */
export function tcgetpgrp(fd: Fd): number;
/**
 * Makes `pgrp` the foreground process group of the controlling terminal `fd`.
 * Scope: process (the terminal's state). Errors: EINVAL, EBADF, ENOTTY, EPERM.
 */
export function tcsetpgrp(fd: Fd, pgrp: number): void;
/**
 * Sends `sig` (a number, or a name such as 'SIGTERM') to every process of group `pgrp`
 * (0: the caller's group). Group 1 is refused with EINVAL (kill(-1) would signal every process).
 *
 * Scope: process (sends signals).
 * Errors: EINVAL, ESRCH, EPERM; an unknown signal name: TypeError (ERR_UNKNOWN_SIGNAL).
 */
export function killpg(pgrp: number, sig: Signal): void;

// Priority ------------------------------------------------------------------------------

/**
 * The nice value (-20..19) of a thread, process group or user (for a group or user, the lowest
 * of its members); -1 is a value, not an error. `which`: PRIO_PROCESS, PRIO_PGRP, PRIO_USER.
 *
 * Scope: reads only (PRIO_PROCESS with who 0 reads the calling thread).
 * Errors: EINVAL (unknown `which`), ESRCH.
 */
export function getpriority(which: number, who?: number): number;
/**
 * Sets the nice value of a thread, every member of a process group, or every process of a
 * user. The kernel clamps `prio` to -20..19.
 *
 * Scope: PRIO_PROCESS with who 0 is the calling **thread** only; other threads keep theirs.
 * Errors: EINVAL, ESRCH, EACCES (lowering without privilege), EPERM.
 */
export function setpriority(which: number, who: number, prio: number): void;

// Credentials (ids 0..2^32-1; -1 = unchanged). Setters: scope process (every thread). ------

/** Sets the user id (setuid(3)). Errors: EINVAL (-1 or unmapped), EPERM, EAGAIN. */
export function setuid(uid: number): void;
/** Sets the group id (setgid(3)). Errors: EINVAL, EPERM. */
export function setgid(gid: number): void;
/** Sets the effective user id. Errors: EINVAL, EPERM. */
export function seteuid(uid: number): void;
/** Sets the effective group id. Errors: EINVAL, EPERM. */
export function setegid(gid: number): void;
/** Sets the real and effective user ids; -1 keeps a value. Errors: EINVAL, EPERM. */
export function setreuid(ruid: number, euid: number): void;
/** Sets the real and effective group ids; -1 keeps a value. Errors: EINVAL, EPERM. */
export function setregid(rgid: number, egid: number): void;
/** Sets the real, effective and saved user ids; -1 keeps a value. Errors: EINVAL, EPERM, EAGAIN. */
export function setresuid(ruid: number, euid: number, suid: number): void;
/** Sets the real, effective and saved group ids; -1 keeps a value. Errors: EINVAL, EPERM. */
export function setresgid(rgid: number, egid: number, sgid: number): void;
/** The real, effective and saved user ids. Scope: reads only. */
export function getresuid(): { ruid: number; euid: number; suid: number };
/** The real, effective and saved group ids. Scope: reads only. */
export function getresgid(): { rgid: number; egid: number; sgid: number };
/** The supplementary groups. Scope: reads only. */
export function getgroups(): number[];
/**
 * Replaces the supplementary groups (an empty list clears them). Scope: process (every thread).
 * Errors: EINVAL (more than 65536, an unmapped id), EPERM.
 */
export function setgroups(groups: readonly number[] | Uint32Array): void;
/**
 * Sets the supplementary groups to those the group database lists for `user`, plus `group`.
 * Scope: process (every thread). Errors: EPERM, ENOMEM.
 */
export function initgroups(user: string, group: number): void;
/** The groups the group database gives `user`, plus `group`. Scope: reads only. Errors: ENOMEM. */
export function getgrouplist(user: string, group: number): number[];

// pidfds --------------------------------------------------------------------------------

/**
 * Opens a pidfd for process `pid` (O_CLOEXEC; close with fs.closeSync). `flags`: 0 or an OR
 * of PIDFD_NONBLOCK, PIDFD_THREAD.
 *
 * Scope: reads only.
 * Errors: EINVAL, ENOENT, ESRCH, EMFILE/ENFILE, ENOSYS.
 */
export function pidfdOpen(pid: number, flags?: number): number;
/**
 * Sends `sig` (a number, 0 checks; or a name such as 'SIGKILL') to the process `pidfd` refers
 * to. `flags`: 0 or one of PIDFD_SIGNAL_*.
 *
 * Scope: process (sends a signal; changes nothing in the caller).
 * Errors: EBADF, EINVAL, EPERM, ESRCH; an unknown signal name: TypeError (ERR_UNKNOWN_SIGNAL).
 */
export function pidfdSendSignal(pidfd: Fd, sig: Signal, flags?: number): void;
/**
 * Duplicates fd `targetfd` of the process `pidfd` refers to into the caller; returns the new
 * O_CLOEXEC fd. `flags` must be 0.
 *
 * Scope: process (a new fd in the caller's fd table).
 * Errors: EINVAL, EBADF, EPERM, ESRCH, EMFILE.
 */
export function pidfdGetfd(pidfd: Fd, targetfd: Fd, flags?: number): number;

// Process attributes (prctl) -------------------------------------------------------------

/**
 * Sets the signal this process gets when its parent dies (PR_SET_PDEATHSIG); 0 clears it.
 * `sig` is a number or a name ('SIGTERM'). "Parent" is the *thread* that created this
 * process: the signal comes when that thread exits (a Worker that spawned it ending is
 * enough), or never if it has exited already. Cleared in children of fork, by a change of
 * the effective or filesystem uid or gid (setuid, setresgid, ...), and by exec of a
 * set-user-ID, set-group-ID or file-capability binary.
 *
 * Scope: calling thread: the setting is the thread's own (other threads read 0); the signal
 * goes to the whole process.
 * Errors: EINVAL (not 0 or a signal 1..64); an unknown signal name: TypeError
 * (ERR_UNKNOWN_SIGNAL).
 */
export function setPdeathsig(sig: Signal): void;
/** The calling thread's parent-death signal, 0 when none. Scope: reads only (this thread). */
export function getPdeathsig(): number;
/**
 * Makes this process a child subreaper (`on` 1) or ordinary again (0) (PR_SET_CHILD_SUBREAPER):
 * orphans below it are reparented to it instead of to init, and it must reap them. Not
 * inherited by children; kept across exec.
 *
 * Scope: process. Errors: EINVAL (`on` not 0 or 1).
 */
export function setChildSubreaper(on: number): void;
/** 1 if this process is a child subreaper, else 0. Scope: reads only (the process). */
export function getChildSubreaper(): number;
/**
 * Sets no_new_privs (PR_SET_NO_NEW_PRIVS): exec grants no privilege any more (set-user-ID
 * bits and file capabilities do nothing). It cannot be unset, so `on` must be 1 (the default).
 *
 * Scope: calling thread, and the threads and children it creates afterwards; Workers that
 * exist already keep their own setting. Errors: EINVAL (`on` not 1).
 */
export function setNoNewPrivs(on?: number): void;
/** 1 if the calling thread has no_new_privs, else 0. Scope: reads only (this thread). */
export function getNoNewPrivs(): number;

// Errors and version --------------------------------------------------------------------

/** "EPERM" for 1 or -1; "OK" for 0; "UNKNOWN" for a value that is no errno. Thread-safe. */
export function errname(err: number): string;
/** "Operation not permitted" for 1 or -1. Thread-safe. */
export function strerror(err: number): string;
/** The loaded library's version, "MAJOR.MINOR.PATCH" (compare with VERSION_*). */
export function version(): string;

// Helper --------------------------------------------------------------------------------

/**
 * Runs `fn` with the calling thread in the `types` namespaces of process `pid`, then puts the
 * thread back; returns what fn returns. The library's one save/restore (rns_ns_enter_pid,
 * rns_ns_restore; Go's RunInNamespaces is the same): exactly the types given are saved and
 * restored, so if fn changes other namespaces of the thread it must undo that itself.
 * Synchronous: fn runs on this thread, and whatever it leaves for later (promises, callbacks)
 * runs after the restore, in the original namespaces. So fn must not be async: a promise (or
 * other thenable) as its result is refused, after the restore, with TypeError (code
 * ERR_INVALID_RETURN_VALUE), since code after its first await would run outside the
 * namespaces. libuv's threadpool (fs callbacks and promises, dns.lookup) does not follow: open
 * a socket inside fn with a synchronous call (see README).
 *
 * `types`: an OR of CLONE_NEWNET, _NEWUTS, _NEWIPC, _NEWCGROUP, _NEWPID, _NEWTIME.
 * CLONE_NEWUSER is refused (EINVAL): a thread cannot leave a user namespace. CLONE_NEWNS is
 * refused (EINVAL) because Node's threads share their fs state (root, cwd). Before entering,
 * the library checks that the thread will be let back, so a thread that could not come back
 * (root only of a child user namespace, say) gets EPERM without having moved.
 *
 * Scope: calling thread (left as it was).
 * Errors: system errors with syscall 'ns_enter_pid': EINVAL, ESRCH, EPERM, ENOSYS; an Error
 * with code 'ERR_RNS_RESTORE_FAILED' if the thread could not be put back (`err.cause` is fn's
 * error, if any, else the restore's system error).
 */
export function runInNamespaces<T>(pid: number, types: number, fn: () => NotPromise<T>): T;
/**
 * runInNamespaces with the target given as an fd: a pidfd (from pidfdOpen) with an OR of
 * namespace types, or a namespace file (from nsOpen, or an fd of /proc/PID/ns/X) with its type
 * or 0.
 *
 * Scope: calling thread (left as it was).
 * Errors: system errors with syscall 'ns_enter': EBADF, EINVAL (also an fd that is neither a
 * namespace file nor a pidfd, or not of `types`), EPERM, ESRCH; 'ERR_RNS_RESTORE_FAILED' as
 * for runInNamespaces.
 */
export function runInNamespacesOf<T>(fd: Fd, types: number, fn: () => NotPromise<T>): T;
