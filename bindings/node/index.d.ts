// Type declarations for librns (Node binding). See index.js and include/rns.h.
// Every function is synchronous and runs on the calling JS thread (main thread or Worker).
// A failure throws RnsSystemError; a wrong JS type throws TypeError (code ERR_INVALID_ARG_TYPE).

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

/** Moves the calling thread into the namespace `fd` refers to. Scope: calling thread. */
export function setns(fd: Fd, nstype?: number): void;
/** Gives the calling thread new namespaces (unshare(2)). Scope: calling thread. */
export function unshare(flags: number): void;
/** Opens a namespace file and moves the calling thread into it. Scope: calling thread. */
export function setnsPath(path: string | Buffer | URL, nstype?: number): void;
/** Opens one namespace of process `pid` (0: the calling thread). Scope: reads only. Returns an fd. */
export function nsOpen(pid: number, nstype: number): number;
/** Moves the calling thread into several namespaces of `pid` at once. Scope: calling thread. */
export function setnsPid(pid: number, nstypes: number): void;

// Process groups and sessions -----------------------------------------------------------

/** Moves `pid` (0: caller) into group `pgid` (0: its own pid). Scope: process. */
export function setpgid(pid: number, pgid: number): void;
/** The process group of `pid` (0: caller). Scope: reads only. */
export function getpgid(pid?: number): number;
/** setpgid(0, 0). Scope: process. */
export function setpgrp(): void;
/** The caller's process group. Scope: reads only. */
export function getpgrp(): number;
/** Starts a new session; returns its id (the caller's pid). Scope: process. */
export function setsid(): number;
/** The session of `pid` (0: caller). Scope: reads only. */
export function getsid(pid?: number): number;
/** The foreground process group of terminal `fd`. Scope: reads only. */
export function tcgetpgrp(fd: Fd): number;
/** Sets the foreground process group of terminal `fd`. Scope: process (the terminal). */
export function tcsetpgrp(fd: Fd, pgrp: number): void;
/** Signals every process of group `pgrp` (0: caller's; 1 is refused). Scope: process. */
export function killpg(pgrp: number, sig: number): void;

// Priority ------------------------------------------------------------------------------

/** The nice value; PRIO_PROCESS with who 0 is the calling thread. Scope: reads only. */
export function getpriority(which: number, who?: number): number;
/** Sets a nice value; PRIO_PROCESS with who 0: the calling thread only. */
export function setpriority(which: number, who: number, prio: number): void;

// Credentials (ids 0..2^32-1; -1 = unchanged). Setters: scope process (every thread). ------

export function setuid(uid: number): void;
export function setgid(gid: number): void;
export function seteuid(uid: number): void;
export function setegid(gid: number): void;
export function setreuid(ruid: number, euid: number): void;
export function setregid(rgid: number, egid: number): void;
export function setresuid(ruid: number, euid: number, suid: number): void;
export function setresgid(rgid: number, egid: number, sgid: number): void;
/** Scope: reads only. */
export function getresuid(): { ruid: number; euid: number; suid: number };
/** Scope: reads only. */
export function getresgid(): { rgid: number; egid: number; sgid: number };
/** The supplementary groups. Scope: reads only. */
export function getgroups(): number[];
/** Replaces the supplementary groups. Scope: process (every thread). */
export function setgroups(groups: readonly number[] | Uint32Array): void;
/** Groups of `user` from the group database, plus `group`. Scope: process (every thread). */
export function initgroups(user: string, group: number): void;
/** The groups the database gives `user`, plus `group`. Scope: reads only. */
export function getgrouplist(user: string, group: number): number[];

// pidfds --------------------------------------------------------------------------------

/** Opens a pidfd (O_CLOEXEC; close with fs.closeSync). Scope: reads only. */
export function pidfdOpen(pid: number, flags?: number): number;
/** Signals the process of `pidfd` (sig 0 checks). Scope: process (sends a signal). */
export function pidfdSendSignal(pidfd: Fd, sig: number, flags?: number): void;
/** Duplicates `targetfd` of the pidfd's process into the caller. Scope: process (new fd). */
export function pidfdGetfd(pidfd: Fd, targetfd: Fd, flags?: number): number;

// Errors and version --------------------------------------------------------------------

/** "EPERM" for 1 or -1; "OK" for 0; "UNKNOWN" for a value that is no errno. */
export function errname(err: number): string;
/** "Operation not permitted" for 1 or -1. */
export function strerror(err: number): string;
/** The loaded library's version, "MAJOR.MINOR.PATCH". */
export function version(): string;

// Helper --------------------------------------------------------------------------------

/**
 * Runs `fn` with the calling thread in the `types` namespaces of `pid` (not CLONE_NEWUSER or
 * CLONE_NEWNS), then restores and verifies them. Scope: calling thread (left as it was).
 */
export function runInNamespaces<T>(pid: number, types: number, fn: () => T): T;
