//! Spawning a program into new or existing namespaces, with every failure before exec
//! returned to the caller as its errno and the step that failed.
//!
//! Everything is prepared in the parent (argv and envp are the caller's arrays, the PATH
//! candidates, map texts and fds are built before the clone). The child shares the caller's
//! memory on a stack of its own while the calling thread waits (CLONE_VM|CLONE_VFORK, as
//! posix_spawn and Go's os/exec do: no page tables copied), or, where the parent must act
//! before exec (the uid/gid maps) or a time namespace is involved, is a fork-style copy. Both
//! come from clone3 with CLONE_PIDFD, or clone(2) on kernels without clone3, and run only raw
//! syscalls until execve: no allocation, no locks, nothing that can unwind. A failure in the
//! child is one fixed record {errno, step, detail} written to an O_CLOEXEC pipe (so it crosses
//! the non-shared second fork too); the parent reads that pipe to end of file (end of file:
//! exec ran), reaps the child on failure and returns the errno.
//!
//! The module's files, in the order a spawn runs through them:
//! - `attr.rs`: the attribute (rns_spawn_attr) and its setters;
//! - `identity.rs`: the identity attributes (RESETIDS, scheduler, chroot, capabilities,
//!   securebits): their setters and their steps in the child;
//! - `plan.rs`: the parent's plan for the child, and what the parent holds for it;
//! - `clone.rs`: the clone itself (clone3 or clone(2), shared-memory or fork-style), the
//!   child's stack;
//! - `child.rs`: the child's steps, from the clone to execve;
//! - `fds.rs`: the fd actions (set_fd and the posix_spawn-style add_* actions, one ordered
//!   list) and the terminal (NOCTTY, ctty): their setters, the fd numbers they name, and
//!   their steps in the child;
//! - `maps.rs`: the parent's writes of a new user namespace's maps;
//! - `report.rs`: the child's failure record and the outcome the parent makes of it;
//! - `sandbox.rs`: the seccomp filter and Landlock ruleset: their setters and the child's
//!   last two steps;
//! - `parent.rs`: the parent's side, start to end;
//! - here: the steps and flags, and rns_spawn() / rns_spawnp().
//!
//! Adding an attribute touches `attr.rs` (its field and setter), `child.rs` (its step) and
//! its test. An fd the child needs after the fd actions (a pipe, an fd of the attribute's) must
//! sit on no number the actions name (the plan's `targets`: off_targets(), dup_off_named()),
//! and a closefrom action spares it only if it is in the plan's `internal` list.

use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int};

use crate::ffi::{self, call_nc, Errno, Result};

mod attr;
mod child;
mod clone;
mod fds;
mod identity;
mod maps;
mod parent;
mod plan;
mod report;
mod sandbox;

pub use attr::*;
pub(crate) use clone::raw_clone;
pub use fds::*;
pub use identity::*;
pub(crate) use maps::{has_cap_setgid, proc_dir_pid, write_proc};
pub(crate) use report::pipe_above;
pub use sandbox::*;

/// rns_spawn() step: none (success, or a failure found before the child was started: the
/// arguments, the pipes).
pub const RNS_SPAWN_STEP_NONE: c_int = 0;
/// rns_spawn() step: starting the child (clone3(2) or clone(2), in the parent).
pub const RNS_SPAWN_STEP_CLONE: c_int = 1;
/// rns_spawn() step: resetting signal dispositions in the child (rt_sigaction(2)).
pub const RNS_SPAWN_STEP_SIGNALS: c_int = 2;
/// rns_spawn() step: joining a namespace (setns(2)) set by rns_spawn_attr_set_join().
pub const RNS_SPAWN_STEP_JOIN: c_int = 3;
/// rns_spawn() step: creating namespaces with unshare(2) (only with joins; without, new
/// namespaces are clone flags and their failure is RNS_SPAWN_STEP_CLONE).
pub const RNS_SPAWN_STEP_UNSHARE: c_int = 4;
/// rns_spawn() step: writing the user namespace's setgroups, gid_map or uid_map (by the
/// parent; the errno is that of its open or write, or ENOSYS where /proc is of a pid
/// namespace that does not show the child).
pub const RNS_SPAWN_STEP_MAP: c_int = 5;
/// rns_spawn() step: setting mount propagation of "/" in a new mount namespace (mount(2)).
pub const RNS_SPAWN_STEP_MOUNT_PROPAGATION: c_int = 6;
/// rns_spawn() step: setsid(2).
pub const RNS_SPAWN_STEP_SETSID: c_int = 7;
/// rns_spawn() step: setpgid(2).
pub const RNS_SPAWN_STEP_SETPGID: c_int = 8;
/// rns_spawn() step: chdir(2) to the attribute's cwd.
pub const RNS_SPAWN_STEP_CWD: c_int = 9;
/// rns_spawn() step: setgroups(2).
pub const RNS_SPAWN_STEP_GROUPS: c_int = 10;
/// rns_spawn() step: setresgid(2).
pub const RNS_SPAWN_STEP_GID: c_int = 11;
/// rns_spawn() step: setresuid(2).
pub const RNS_SPAWN_STEP_UID: c_int = 12;
/// rns_spawn() step: prctl(PR_SET_NO_NEW_PRIVS).
pub const RNS_SPAWN_STEP_NO_NEW_PRIVS: c_int = 13;
/// rns_spawn() step: the fd actions (their calls: dup2(2), open(2), chdir(2), TIOCSPGRP ...;
/// the detail is the action's index in the list) and closing the caller's other fds
/// (close_range(2); detail -1).
pub const RNS_SPAWN_STEP_FDS: c_int = 14;
/// rns_spawn() step: prctl(PR_SET_PDEATHSIG), or the parent had already exited.
pub const RNS_SPAWN_STEP_PDEATHSIG: c_int = 15;
/// rns_spawn() step: execve(2) (of the last PATH candidate tried, for rns_spawnp()).
pub const RNS_SPAWN_STEP_EXEC: c_int = 16;
/// rns_spawn() step: the child's report could not be read (EPIPE: a partial record, or the
/// intermediate child of the second fork ended without naming the program, which is then
/// killed and reaped).
pub const RNS_SPAWN_STEP_REPORT: c_int = 17;
/// rns_spawn() step: the second fork that puts the program itself into a joined PID
/// namespace, or one created with joins (the intermediate child's clone(2) with
/// CLONE_PARENT, or the parent's pidfd_open(2) of the program).
pub const RNS_SPAWN_STEP_FORK: c_int = 18;
/// rns_spawn() step: the nice value (setpriority(2)).
pub const RNS_SPAWN_STEP_NICE: c_int = 19;
/// rns_spawn() step: a resource limit (prlimit(2)); the detail is the resource.
pub const RNS_SPAWN_STEP_RLIMIT: c_int = 20;
/// rns_spawn() step: starting the child in the cgroup of rns_spawn_attr_set_cgroup()
/// (clone3's CLONE_INTO_CGROUP, or the child's write of "0" to the cgroup's cgroup.procs on
/// kernels before 5.7).
pub const RNS_SPAWN_STEP_CGROUP: c_int = 21;
/// rns_spawn() step: the terminal: RNS_SPAWN_NOCTTY's TIOCNOTTY (detail 0), or
/// rns_spawn_attr_set_ctty()'s TIOCSCTTY (detail: the fd).
pub const RNS_SPAWN_STEP_TTY: c_int = 22;
/// rns_spawn() step: restricting the child with the Landlock ruleset of
/// rns_spawn_attr_set_landlock() (landlock_restrict_self(2)).
pub const RNS_SPAWN_STEP_LANDLOCK: c_int = 26;
/// rns_spawn() step: installing the seccomp filter of rns_spawn_attr_set_seccomp()
/// (seccomp(2), or prctl(PR_SET_SECCOMP)).
pub const RNS_SPAWN_STEP_SECCOMP: c_int = 27;

/// rns_spawn_attr_set_flags() flag: keep the caller's supplementary groups when
/// rns_spawn_attr_set_ids() changes the uid or gid and rns_spawn_attr_set_groups() sets none
/// (os/exec's `Credential.NoSetGroups`). Without it they are dropped.
pub const RNS_SPAWN_KEEP_GROUPS: c_int = 0x1;
/// rns_spawn_attr_set_flags() flag: the child clears O_NONBLOCK on its fds 0, 1 and 2 after
/// the fd actions, as libuv does for child_process and os/exec does for the files it passes.
pub const RNS_SPAWN_BLOCKING_STDIO: c_int = 0x2;
/// rns_spawn_attr_set_flags() flag: the caller's fds without FD_CLOEXEC stay open in the
/// program, as with posix_spawn. Without it (the default) every fd >= 3 that no fd action
/// opens or duplicates onto is closed.
pub const RNS_SPAWN_KEEP_FDS: c_int = 0x4;
/// rns_spawn_attr_set_flags() flag: the child gives up its controlling terminal (ioctl
/// TIOCNOTTY on fd 0, after the fd actions), as Go's SysProcAttr Noctty.
pub const RNS_SPAWN_NOCTTY: c_int = 0x8;

thread_local! {
    /// The detail of the calling thread's last rns_spawn() failure in a child step.
    static LAST_DETAIL: std::cell::Cell<Option<c_int>> = const { std::cell::Cell::new(None) };
}

/// The detail of the calling thread's last rns_spawn() or rns_spawnp() failure in one of
/// the child's steps: the index of the fd action (RNS_SPAWN_STEP_FDS; -1: closing the other
/// fds), of the join (JOIN), the resource (RLIMIT), the signal (SIGNALS), the fd (TTY), as
/// each step's doc comment says. As errno, it is the calling thread's and stays until its
/// next spawn.
///
/// Kernel: none (library state).
/// Scope: reads only (the calling thread's record of its last spawn).
/// Returns: 0, with `*ret_detail` set.
/// Errors: -EFAULT `ret_detail` is NULL; -ENOENT the thread's last spawn succeeded, failed
/// before or without a child's step, or there was none.
/// Since: 0.3
///
/// # Safety
/// `ret_detail` is NULL or valid for writing.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_last_detail(ret_detail: *mut c_int) -> c_int {
    ffi::call(|| {
        let out = ffi::out(ret_detail)?;
        let d = LAST_DETAIL.with(|d| d.get()).ok_or(Errno::ENOENT)?;
        out.set(d);
        Ok(())
    })
}

/// rns_spawn_attr_set_flags() flag: "deny" is written to the new user namespace's setgroups
/// before its gid map also when the caller has CAP_SETGID (unshare's --setgroups deny; os/exec
/// writes it unless GidMappingsEnableSetgroups), so no process in the namespace can ever call
/// setgroups(2). Without it "deny" is written only where the kernel requires it (a caller
/// without CAP_SETGID). With no gid map, the child writes it to its own setgroups in its new
/// user namespace (through /proc/self: -ENOENT at RNS_SPAWN_STEP_MAP without /proc).
pub const RNS_SPAWN_SETGROUPS_DENY: c_int = 0x20;

/// The shared body of rns_spawn and rns_spawnp.
unsafe fn spawn_c(
    attr: *const rns_spawn_attr,
    candidates: impl FnOnce() -> Result<Vec<CString>>,
    argv: *const *mut c_char,
    envp: *const *mut c_char,
    ret_pid: *mut libc::pid_t,
    ret_step: *mut c_int,
) -> c_int {
    let mut step = RNS_SPAWN_STEP_NONE;
    LAST_DETAIL.with(|d| d.set(None));
    let r = call_nc(|| {
        let out = ffi::out(ret_pid)?;
        if argv.is_null() {
            return Err(Errno::EFAULT);
        }
        let c = candidates()?;
        match parent::spawn(attr.as_ref(), c, argv, envp) {
            Ok((fd, pid)) => {
                out.set(pid);
                Ok(fd)
            }
            Err((e, s)) => {
                step = s;
                Err(e)
            }
        }
    });
    if !ret_step.is_null() {
        *ret_step = step;
    }
    r
}

/// Starts the program at `path` in a child process set up as `attr` says, and returns when
/// it has exec'd or failed: a failure anywhere before exec comes back as its errno, with the
/// step that failed in `*ret_step`, and the child reaped.
///
/// The child (clone3 with CLONE_PIDFD; clone(2) on kernels or sandboxes without clone3) shares
/// the caller's memory while the calling thread alone waits for its exec (CLONE_VM|CLONE_VFORK,
/// on a stack of its own), or is a copy of the calling thread where the parent writes uid/gid
/// maps or a time namespace is created or joined. It does only raw syscalls until exec, so any
/// thread of a multithreaded program may call this; nothing of the caller's (its threads'
/// namespaces, signal handlers, fds, memory) changes. In the child, in this order: moved
/// into the attribute's cgroup (unless created there); signal handlers
/// reset to SIG_DFL (ignored ones stay ignored: CLONE_CLEAR_SIGHAND, Linux 5.5, else by
/// hand), and those of rns_spawn_attr_set_sigdefault() too; namespaces joined, then created (the parent writes the maps of a new user namespace
/// meanwhile); with a joined PID namespace (or a PID or time namespace created with joins)
/// the program forked with CLONE_PARENT, the child exiting (the caller reaps it); mount
/// propagation; chroot; setsid, setpgid; chdir; umask; the scheduler; nice; resource
/// limits; securebits, the bounding set and PR_SET_KEEPCAPS (before the id changes);
/// setgroups (the attribute's groups, or none when ids change: rns_spawn_attr_set_ids()),
/// setresgid, setresuid (or with RNS_SPAWN_RESETIDS the effective gid, then uid, reset to
/// the real ones); the inheritable and ambient capabilities; no_new_privs; the fd actions in
/// the order given (rns_spawn_attr_set_fd() and rns_spawn_attr_add_*()), every other fd but
/// 0-2 closed (unless RNS_SPAWN_KEEP_FDS), O_NONBLOCK cleared on 0-2 with
/// RNS_SPAWN_BLOCKING_STDIO; the terminal (RNS_SPAWN_NOCTTY, rns_spawn_attr_set_ctty());
/// the parent-death signal; the signal mask set (rns_spawn_attr_set_sigmask(), or none
/// blocked); the Landlock ruleset (rns_spawn_attr_set_landlock()); the seccomp filter
/// (rns_spawn_attr_set_seccomp()), last; execve. `argv` and `envp` are NULL-terminated arrays (the caller's,
/// used as they are); `envp` NULL means the caller's environment. `attr` NULL means the
/// defaults of rns_spawn_attr_new().
///
/// Kernel: Linux 5.2 (CLONE_PIDFD); clone3 (5.3) for RNS_CLONE_NEWTIME without joins;
/// pidfd_open (5.3) with the second fork; setns with a pidfd (5.8) for pidfd joins; close_range with CLOSE_RANGE_CLOEXEC (5.11), else a /proc/self/fd
/// listing in the child.
///
/// Fds: the call needs one free fd, for the pidfd, as glibc's pidfd_spawn does (a failure in
/// the child comes back through the caller's memory), and two more for a report pipe where
/// the child is a copy (uid/gid maps, a time namespace) or forks the program (a joined PID
/// namespace), four more with uid/gid maps, one more with a death signal in another PID
/// namespace, one more where the Landlock ruleset's fd sits on a number an action names. In
/// the child, a set_fd source that sits on a number another action names
/// needs one free fd to move it first. Thread cancellation is disabled for the call, as glibc's
/// posix_spawn does, so it is not a cancellation point.
///
/// Scope: a new child process of the caller; nothing of the caller's changes.
/// Returns: the child's pidfd (O_CLOEXEC), with `*ret_pid` set; the caller waits for it
/// (rns_pidfd_wait()) and closes it. `*ret_step` (when `ret_step` is not NULL) is written on
/// every return: RNS_SPAWN_STEP_NONE on success and for failures before the child exists,
/// else the RNS_SPAWN_STEP_* that failed.
/// Errors: -EFAULT `path`, `argv` or `ret_pid` is NULL; -EINVAL maps set without
/// RNS_CLONE_NEWUSER, or more than 64 joins; -EMFILE out of fds for the library's own pipes, -ENOMEM no memory for the child's stack (RNS_SPAWN_STEP_NONE); -EMFILE no fd left for the pidfd (RNS_SPAWN_STEP_CLONE, as the clone answers); -ENOSYS a kernel without CLONE_PIDFD
/// (before 5.2), or RNS_CLONE_NEWTIME without clone3; with RNS_SPAWN_STEP_CLONE, the errors
/// of clone3(2) (-EPERM, -ENOSPC, -EAGAIN, -ENOMEM); with the child's steps, the errors of
/// that step's call: -EBADF/-EINVAL/-EPERM JOIN, -EPERM/-EINVAL UNSHARE, -EPERM/-EINVAL MAP,
/// -EPERM SETSID/SETPGID, -EPERM/-ENOENT/-ENOTDIR CHROOT, -ENOENT/-EACCES/-ENOTDIR CWD,
/// -EPERM/-EINVAL SCHED, -EPERM/-EINVAL CAPS, -EPERM/-EACCES NICE, -EPERM/-EINVAL
/// RLIMIT, -EACCES/-EBUSY/-EOPNOTSUPP CGROUP (-ENOENT: the cgroup was removed), -EPERM GROUPS/GID/UID, -EBADF/-EMFILE FDS (and the errors of
/// an action's call: -ENOENT of an open, ...), -ENOTTY/-EPERM TTY, -ESRCH PDEATHSIG,
/// -EPERM/-EBADFD/-ENOSYS/-EOPNOTSUPP LANDLOCK, -EACCES/-EINVAL SECCOMP,
/// -ENOENT/-EACCES/-ENOEXEC/-E2BIG EXEC, -EAGAIN/-ENOMEM/-ENOSYS FORK; -EPIPE REPORT.
/// Since: 0.2
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not changed during the call;
/// `path` is NULL or a NUL-terminated string; `argv` and `envp` are NULL or NULL-terminated
/// arrays of NUL-terminated strings; `ret_pid` and `ret_step` are NULL or valid for writing.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn(
    attr: *const rns_spawn_attr,
    path: *const c_char,
    argv: *const *mut c_char,
    envp: *const *mut c_char,
    ret_pid: *mut libc::pid_t,
    ret_step: *mut c_int,
) -> c_int {
    let candidates = || Ok(vec![ffi::cstr(path)?.to_owned()]);
    spawn_c(attr, candidates, argv, envp, ret_pid, ret_step)
}

/// The PATH candidates for `file`, as execvp(3) tries them: `file` itself when it has a
/// slash, else each directory of the caller's PATH (empty entries: the cwd; unset:
/// "/bin:/usr/bin").
pub(crate) fn path_candidates(file: &CStr) -> Result<Vec<CString>> {
    let f = file.to_bytes();
    if f.is_empty() {
        return Err(Errno::ENOENT);
    }
    if f.contains(&b'/') {
        return Ok(vec![file.to_owned()]);
    }
    let path = std::env::var_os("PATH").unwrap_or_else(|| "/bin:/usr/bin".into());
    let mut out = Vec::new();
    for dir in std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).split(|&b| b == b':') {
        let mut c = Vec::with_capacity(dir.len() + f.len() + 1);
        if !dir.is_empty() {
            c.extend_from_slice(dir);
            c.push(b'/');
        }
        c.extend_from_slice(f);
        out.push(CString::new(c).map_err(|_| Errno::EINVAL)?);
    }
    Ok(out)
}

/// rns_spawn() with a PATH search: `file` with a slash is a path; else each directory of the
/// caller's PATH (at the time of the call; "/bin:/usr/bin" when unset) is tried in turn, as
/// execvp(3) does: on ENOENT, ENOTDIR and the like the next, EACCES remembered and returned
/// if none exec'd. Unlike execvp, a file without a #! line that the kernel refuses (ENOEXEC)
/// is not run by /bin/sh.
///
/// Kernel: as rns_spawn().
/// Scope: a new child process of the caller; nothing of the caller's changes.
/// Returns: as rns_spawn().
/// Errors: as rns_spawn(); -EFAULT `file` is NULL; -ENOENT `file` is empty.
/// Since: 0.2
///
/// # Safety
/// As rns_spawn(), `file` for `path`.
#[no_mangle]
pub unsafe extern "C" fn rns_spawnp(
    attr: *const rns_spawn_attr,
    file: *const c_char,
    argv: *const *mut c_char,
    envp: *const *mut c_char,
    ret_pid: *mut libc::pid_t,
    ret_step: *mut c_int,
) -> c_int {
    let candidates = || path_candidates(ffi::cstr(file)?);
    spawn_c(attr, candidates, argv, envp, ret_pid, ret_step)
}
