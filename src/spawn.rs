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

use std::ffi::{CStr, CString};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::raw::{c_char, c_int, c_ulong};
use std::sync::atomic::{AtomicPtr, AtomicU8, Ordering};

use crate::ffi::{self, call_nc, cvt, known_bits, Errno, Result};
use crate::namespaces::{self, NsTypes};
use crate::pidfd;

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
/// rns_spawn() step: the fd actions and closing the caller's other fds (dup3(2),
/// close_range(2)).
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

/// rns_spawn_attr_set_flags() flag: keep the caller's supplementary groups when
/// rns_spawn_attr_set_ids() changes the uid or gid and rns_spawn_attr_set_groups() sets none
/// (os/exec's `Credential.NoSetGroups`). Without it they are dropped.
pub const RNS_SPAWN_KEEP_GROUPS: c_int = 0x1;
/// rns_spawn_attr_set_flags() flag: the child clears O_NONBLOCK on its fds 0, 1 and 2 after
/// the fd actions, as libuv does for child_process and os/exec does for the files it passes.
pub const RNS_SPAWN_BLOCKING_STDIO: c_int = 0x2;
/// Every rns_spawn_attr_set_flags() flag.
const SPAWN_FLAGS: c_int = RNS_SPAWN_KEEP_GROUPS | RNS_SPAWN_BLOCKING_STDIO;

/// The record step an intermediate child writes with the program's pid as detail (never
/// returned).
const STEP_PID: u32 = u32::MAX;

/// rns_spawn_attr_set_mount_propagation() default: what unshare(1) does.
const DEFAULT_PROPAGATION: c_ulong = libc::MS_REC | libc::MS_PRIVATE;

/// What rns_spawn() does between clone and exec: made by rns_spawn_attr_new(), set by the
/// rns_spawn_attr_set_*() calls, freed by rns_spawn_attr_free(). It owns copies of everything
/// given to it (strings, arrays, fds). Opaque.
#[allow(non_camel_case_types)]
pub struct rns_spawn_attr {
    unshare: NsTypes,
    /// Each namespace to join, in the order given: an fd of the attr's own and its types (a
    /// namespace file's type, or the pidfd's mask).
    join: Vec<(OwnedFd, NsTypes)>,
    uid_map: Option<CString>,
    gid_map: Option<CString>,
    propagation: c_ulong,
    setsid: bool,
    /// -1: unset; 0: a group of its own; > 0: that group.
    pgroup: libc::pid_t,
    cwd: Option<CString>,
    uid: Option<libc::uid_t>,
    gid: Option<libc::gid_t>,
    groups: Option<Vec<libc::gid_t>>,
    no_new_privs: bool,
    pdeathsig: c_int,
    umask: Option<libc::mode_t>,
    nice: Option<c_int>,
    /// (resource, soft, hard), in the order given.
    rlimits: Vec<(c_int, u64, u64)>,
    /// (child fd, the attr's own fd to dup onto it, or None to close it), in the order given.
    fds: Vec<(c_int, Option<OwnedFd>)>,
    /// The cgroup v2 directory the child starts in.
    cgroup: Option<OwnedFd>,
    /// RNS_SPAWN_* flags (rns_spawn_attr_set_flags()).
    flags: c_int,
}

impl Default for rns_spawn_attr {
    fn default() -> Self {
        rns_spawn_attr {
            unshare: NsTypes::empty(),
            join: Vec::new(),
            uid_map: None,
            gid_map: None,
            propagation: DEFAULT_PROPAGATION,
            setsid: false,
            pgroup: -1,
            cwd: None,
            uid: None,
            gid: None,
            groups: None,
            no_new_privs: false,
            pdeathsig: 0,
            umask: None,
            nice: None,
            rlimits: Vec::new(),
            fds: Vec::new(),
            cgroup: None,
            flags: 0,
        }
    }
}

fn owned(fd: c_int) -> OwnedFd {
    // SAFETY: the callers pass an fd the kernel just gave them.
    unsafe { OwnedFd::from_raw_fd(fd) }
}

/// An O_CLOEXEC duplicate of the caller's fd, at `min` or above.
fn dup_at(fd: c_int, min: c_int) -> Result<OwnedFd> {
    if fd < 0 {
        return Err(Errno::EBADF);
    }
    // SAFETY: plain fcntl; the kernel checks the fd.
    Ok(owned(cvt(unsafe {
        libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, min)
    })?))
}

/// The attribute behind a setter's pointer: `EFAULT` when NULL.
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
unsafe fn attr_mut<'a>(attr: *mut rns_spawn_attr) -> Result<&'a mut rns_spawn_attr> {
    attr.as_mut().ok_or(Errno::EFAULT)
}

/// Makes a spawn attribute object with the defaults: no namespaces created or joined, private
/// mount propagation for a new mount namespace, the caller's session, process group, cwd,
/// credentials and fds 0-2; every other fd closed.
///
/// Scope: library-owned: memory of the attribute's own.
/// Returns: 0, with `*ret_attr` set; free it with rns_spawn_attr_free().
/// Errors: -EFAULT `ret_attr` is NULL.
/// Since: 0.2
///
/// # Safety
/// `ret_attr` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_new(ret_attr: *mut *mut rns_spawn_attr) -> c_int {
    call_nc(|| {
        let out = ffi::out(ret_attr)?;
        out.set(Box::into_raw(Box::default()));
        Ok(())
    })
}

/// Frees a spawn attribute object and closes the fds it holds. NULL is accepted (nothing to
/// do).
///
/// Scope: library-owned: the attribute's memory and fds.
/// Returns: 0.
/// Errors: Cannot fail.
/// Since: 0.2
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not yet freed, not used during or after the
/// call.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_free(attr: *mut rns_spawn_attr) -> c_int {
    call_nc(|| {
        if !attr.is_null() {
            drop(Box::from_raw(attr));
        }
        Ok(())
    })
}

/// Sets the namespaces the child is created in: an OR of RNS_CLONE_NEW* (user, pid, time and
/// cgroup included), or 0 for none. Without joins they are clone flags, so with
/// RNS_CLONE_NEWPID the program is pid 1 of the new PID namespace, and with RNS_CLONE_NEWUSER
/// the other new namespaces are owned by the new user namespace (an ordinary user can create
/// them all). With joins (rns_spawn_attr_set_join()) the child unshares them after joining;
/// with RNS_CLONE_NEWPID or RNS_CLONE_NEWTIME, which unshare(2) gives only to children, it
/// then forks the program with CLONE_PARENT (as for a joined PID namespace).
///
/// Scope: library-owned: the attribute.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EINVAL `flags` has bits other than RNS_CLONE_NEW*.
/// Since: 0.2
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_unshare(attr: *mut rns_spawn_attr, flags: c_int) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        known_bits(flags, NsTypes::all().bits())?;
        a.unshare = NsTypes::from_bits_truncate(flags);
        Ok(())
    })
}

/// Adds a namespace for the child to join before anything else: `fd` is a namespace file
/// with `nstypes` its type or 0, or a pidfd with `nstypes` an OR of the types to join (setns
/// with a pidfd, Linux 5.8: all at once). The fd is duplicated (the caller keeps its own).
/// May be called several times; the joins are made in nsenter(1)'s order of types (user,
/// cgroup, ipc, uts, net, pid, mnt, time; a pidfd join where its first type comes), whatever
/// the order they were added in, and as nsenter(1) makes them: every namespace but the user
/// namespace first, failures ignored, then the user namespace and those that failed,
/// failures reported; so a user namespace is entered first when it grants the
/// privilege to enter the others, and last when it drops it. A user namespace the child is
/// already in is skipped. Joining a PID namespace puts the program itself in it: the child,
/// once it has joined, forks the program with CLONE_PARENT (so it is still the caller's
/// child, and the pid and pidfd rns_spawn() returns are its) and exits; a time namespace
/// joined applies to the child itself (setns(2) moves the caller for that type).
///
/// Scope: library-owned: the attribute, and a duplicate of `fd` it owns.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EBADF `fd` is not open; -EINVAL `nstypes` has bits other
/// than RNS_CLONE_NEW*, is 0 with a pidfd, does not match the namespace file, or `fd` is
/// neither; -EMFILE out of fds.
/// Since: 0.2
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_join(
    attr: *mut rns_spawn_attr,
    fd: c_int,
    nstypes: c_int,
) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        known_bits(nstypes, NsTypes::all().bits())?;
        let given = NsTypes::from_bits_truncate(nstypes);
        if fd < 0 {
            return Err(Errno::EBADF);
        }
        let types = if pidfd::is_pidfd(fd)? {
            if given.is_empty() {
                return Err(Errno::EINVAL);
            }
            given
        } else {
            let t = namespaces::nstype_of(fd)?;
            if !given.is_empty() && given != t {
                return Err(Errno::EINVAL);
            }
            t
        };
        let own = dup_at(fd, 0)?;
        a.join.try_reserve(1).map_err(|_| Errno(libc::ENOMEM))?;
        a.join.push((own, types));
        Ok(())
    })
}

/// A map text for /proc/PID/{uid,gid}_map: NULL clears; else non-empty and shorter than a
/// page (the kernel's limit).
unsafe fn map_text(text: *const c_char) -> Result<Option<CString>> {
    if text.is_null() {
        return Ok(None);
    }
    let t = CStr::from_ptr(text);
    if t.to_bytes().is_empty() || t.to_bytes().len() >= 4096 {
        return Err(Errno::EINVAL);
    }
    Ok(Some(t.to_owned()))
}

/// Sets the uid map of the new user namespace (RNS_CLONE_NEWUSER in
/// rns_spawn_attr_set_unshare()): lines "inside outside count" as for /proc/PID/uid_map,
/// written by the parent in one write while the child waits. "0 UID 1", UID the caller's
/// euid, lets an ordinary user run the program as root of the new namespace. NULL clears it.
/// The kernel checks the text when rns_spawn() writes it (RNS_SPAWN_STEP_MAP).
///
/// Scope: library-owned: the attribute, which keeps a copy of `text`.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EINVAL `text` is empty or 4096 bytes or longer.
/// Since: 0.2
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread; `text`
/// is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_uid_map(attr: *mut rns_spawn_attr, text: *const c_char) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        a.uid_map = map_text(text)?;
        Ok(())
    })
}

/// Sets the gid map of the new user namespace, as rns_spawn_attr_set_uid_map() does the uid
/// map. When the caller lacks CAP_SETGID, "deny" is written to /proc/PID/setgroups first, as
/// the kernel requires of an unprivileged writer; the program then cannot call setgroups(2)
/// (nor can rns_spawn_attr_set_groups() apply: RNS_SPAWN_STEP_GROUPS, -EPERM).
///
/// Scope: library-owned: the attribute, which keeps a copy of `text`.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EINVAL `text` is empty or 4096 bytes or longer.
/// Since: 0.2
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread; `text`
/// is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_gid_map(attr: *mut rns_spawn_attr, text: *const c_char) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        a.gid_map = map_text(text)?;
        Ok(())
    })
}

/// Sets the propagation the child gives "/" (recursively with MS_REC) when it has a new mount
/// namespace: MS_PRIVATE, MS_SLAVE, MS_SHARED or MS_UNBINDABLE, optionally with MS_REC; 0
/// leaves it as copied from the parent namespace (mounts may then propagate back). The
/// default is MS_REC|MS_PRIVATE, as unshare(1).
///
/// Scope: library-owned: the attribute.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EINVAL other bits, or not exactly one propagation type.
/// Since: 0.2
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_mount_propagation(
    attr: *mut rns_spawn_attr,
    flags: c_ulong,
) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        let types = libc::MS_PRIVATE | libc::MS_SLAVE | libc::MS_SHARED | libc::MS_UNBINDABLE;
        known_bits(flags, types | libc::MS_REC)?;
        if flags != 0 && (flags & types).count_ones() != 1 {
            return Err(Errno::EINVAL);
        }
        a.propagation = flags;
        Ok(())
    })
}

/// Whether the child starts a new session (setsid(2)), and so its own process group; with
/// rns_spawn_attr_set_pgroup() too, setpgid fails (RNS_SPAWN_STEP_SETPGID, -EPERM).
///
/// Scope: library-owned: the attribute.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EINVAL `on` is neither 0 nor 1.
/// Since: 0.2
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_setsid(attr: *mut rns_spawn_attr, on: c_int) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        a.setsid = bool_arg(on)?;
        Ok(())
    })
}

fn bool_arg(on: c_int) -> Result<bool> {
    match on {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(Errno::EINVAL),
    }
}

/// The process group the child moves to (setpgid(0, pgid)): 0 a new group of its own, > 0
/// that existing group (of the caller's session), -1 the caller's (the default).
///
/// Scope: library-owned: the attribute.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EINVAL `pgid` < -1.
/// Since: 0.2
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_pgroup(attr: *mut rns_spawn_attr, pgid: libc::pid_t) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        if pgid < -1 {
            return Err(Errno::EINVAL);
        }
        a.pgroup = pgid;
        Ok(())
    })
}

/// The directory the child changes to before exec (after joining namespaces, so a path in a
/// joined mount namespace); NULL: the caller's (the default). A relative path is taken from
/// the caller's cwd.
///
/// Scope: library-owned: the attribute, which keeps a copy of `path`.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EINVAL `path` is empty.
/// Since: 0.2
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread; `path`
/// is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_cwd(attr: *mut rns_spawn_attr, path: *const c_char) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        a.cwd = if path.is_null() {
            None
        } else {
            let p = CStr::from_ptr(path);
            if p.to_bytes().is_empty() {
                return Err(Errno::EINVAL);
            }
            Some(p.to_owned())
        };
        Ok(())
    })
}

/// The real, effective and saved uid and gid of the child (setresgid(2), then setresuid(2),
/// raw syscalls of the child alone); (uid_t)-1 or (gid_t)-1 leaves that one unchanged (the
/// default). When either is set, the child's supplementary groups are those of
/// rns_spawn_attr_set_groups(), or none: they are dropped (setgroups(2) with an empty list, at
/// RNS_SPAWN_STEP_GROUPS) unless RNS_SPAWN_KEEP_GROUPS is set (rns_spawn_attr_set_flags()), as
/// child_process, os/exec and CERT POS36-C drop them. A caller that may not call setgroups
/// (no CAP_SETGID in its user namespace) gets -EPERM at RNS_SPAWN_STEP_GROUPS only if it has
/// groups to drop; where the parent wrote "deny" to the new user namespace's setgroups (see
/// rns_spawn_attr_set_gid_map()) the groups cannot change and none are dropped, as in os/exec.
///
/// Scope: library-owned: the attribute.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL.
/// Since: 0.2
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_ids(
    attr: *mut rns_spawn_attr,
    uid: libc::uid_t,
    gid: libc::gid_t,
) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        a.uid = (uid != libc::uid_t::MAX).then_some(uid);
        a.gid = (gid != libc::gid_t::MAX).then_some(gid);
        Ok(())
    })
}

/// The supplementary groups of the child (setgroups(2), before the ids change): `n` gids at
/// `list` (copied; `n` 0 for none). Unset (the default): the caller's, or none when
/// rns_spawn_attr_set_ids() changes an id (see there).
///
/// Scope: library-owned: the attribute, which keeps a copy of the list.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL, or `list` is NULL with `n` > 0; -EINVAL `n` is larger than
/// NGROUPS_MAX (65536); -ENOMEM.
/// Since: 0.2
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread; `list`
/// is valid for `n` gids.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_groups(
    attr: *mut rns_spawn_attr,
    list: *const libc::gid_t,
    n: usize,
) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        let groups = ffi::slice(list, n)?;
        if groups.len() > 65536 {
            return Err(Errno::EINVAL);
        }
        let mut v = Vec::new();
        v.try_reserve_exact(groups.len())
            .map_err(|_| Errno(libc::ENOMEM))?;
        v.extend_from_slice(groups);
        a.groups = Some(v);
        Ok(())
    })
}

/// Whether the child sets no_new_privs (prctl(PR_SET_NO_NEW_PRIVS)) before exec.
///
/// Scope: library-owned: the attribute.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EINVAL `on` is neither 0 nor 1.
/// Since: 0.2
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_no_new_privs(attr: *mut rns_spawn_attr, on: c_int) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        a.no_new_privs = bool_arg(on)?;
        Ok(())
    })
}

/// The signal the child gets when the thread that called rns_spawn() exits (PR_SET_PDEATHSIG,
/// set after the id changes, which clear it); 0: none (the default). Note it is the calling
/// *thread*'s exit, as the kernel defines it. If the caller has already exited when it is
/// set, the child fails with RNS_SPAWN_STEP_PDEATHSIG (-ESRCH): by getppid(), or, in another
/// PID namespace where the parent is not visible, by polling a pidfd of the caller's process
/// (not checked there without pidfd_open, before Linux 5.3).
///
/// Scope: library-owned: the attribute.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EINVAL `sig` is not 0 or a valid signal number.
/// Since: 0.2
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_pdeathsig(attr: *mut rns_spawn_attr, sig: c_int) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        if !(0..=64).contains(&sig) {
            return Err(Errno::EINVAL);
        }
        a.pdeathsig = sig;
        Ok(())
    })
}

/// The child's umask (umask(2), before exec); -1: the caller's (the default).
///
/// Scope: library-owned: the attribute.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EINVAL `mask` has bits outside 0777, or is below -1.
/// Since: 0.2
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_umask(attr: *mut rns_spawn_attr, mask: c_int) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        a.umask = match mask {
            -1 => None,
            m if (0..=0o777).contains(&m) => Some(m as libc::mode_t),
            _ => return Err(Errno::EINVAL),
        };
        Ok(())
    })
}

/// The child's nice value (setpriority(PRIO_PROCESS), before the id changes), -20 to 19; the
/// caller's is kept by default. Lowering it below the caller's needs CAP_SYS_NICE (or
/// RLIMIT_NICE): -EPERM or -EACCES at RNS_SPAWN_STEP_NICE.
///
/// Scope: library-owned: the attribute.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EINVAL `nice` outside -20..19.
/// Since: 0.2
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_nice(attr: *mut rns_spawn_attr, nice: c_int) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        if !(-20..=19).contains(&nice) {
            return Err(Errno::EINVAL);
        }
        a.nice = Some(nice);
        Ok(())
    })
}

/// A resource limit of the child (prlimit(2) on itself, before the id changes): `resource`
/// is an RLIMIT_* value, `soft` and `hard` the limits (RLIM_INFINITY: none). May be given
/// several times; up to 32. Raising a hard limit needs CAP_SYS_RESOURCE: -EPERM at
/// RNS_SPAWN_STEP_RLIMIT, with the resource as the record's detail.
///
/// Scope: library-owned: the attribute.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EINVAL `resource` is not 0..15, `soft` > `hard`, or more
/// than 32 limits.
/// Since: 0.2
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_rlimit(
    attr: *mut rns_spawn_attr,
    resource: c_int,
    soft: u64,
    hard: u64,
) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        if !(0..16).contains(&resource) || soft > hard || a.rlimits.len() >= 32 {
            return Err(Errno::EINVAL);
        }
        a.rlimits.push((resource, soft, hard));
        Ok(())
    })
}

/// The cgroup the child starts in: `fd` is a directory of the cgroup v2 hierarchy (opened
/// with O_DIRECTORY or O_PATH), duplicated now; -1: the caller's cgroup (the default). The
/// child is created in it (CLONE_INTO_CGROUP, Linux 5.7); before 5.7, or without clone3, the
/// child moves itself there first thing, by writing "0" to its cgroup.procs, with the same
/// permission checks (the target's pids.max is then not enforced on the move).
///
/// Scope: library-owned: the attribute, and a duplicate of `fd` it owns.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EBADF `fd` < -1 or not open; -EINVAL `fd` is not on a
/// cgroup v2 filesystem; -ENOTDIR `fd` is not a directory; -EMFILE out of fds. Whether the
/// child may enter the cgroup is known at rns_spawn() (RNS_SPAWN_STEP_CGROUP).
/// Since: 0.2
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_cgroup(attr: *mut rns_spawn_attr, fd: c_int) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        if fd == -1 {
            a.cgroup = None;
            return Ok(());
        }
        if ffi::fs_magic(fd)? != ffi::CGROUP2_SUPER_MAGIC {
            return Err(Errno::EINVAL);
        }
        // SAFETY: an all-zero stat is a valid value to be overwritten.
        let mut st: libc::stat = std::mem::zeroed();
        cvt(libc::fstat(fd, &mut st))?;
        if st.st_mode & libc::S_IFMT != libc::S_IFDIR {
            return Err(Errno(libc::ENOTDIR));
        }
        a.cgroup = Some(dup_at(fd, 3)?);
        Ok(())
    })
}

/// Sets the attribute's RNS_SPAWN_* flags (replacing those set before; 0, the default,
/// clears them all):
/// - RNS_SPAWN_KEEP_GROUPS: with rns_spawn_attr_set_ids() and no rns_spawn_attr_set_groups(),
///   the child keeps the caller's supplementary groups. Without it, they are dropped
///   (setgroups(2) with none, as child_process, os/exec and CERT POS36-C do).
/// - RNS_SPAWN_BLOCKING_STDIO: the child's fds 0, 1 and 2 lose O_NONBLOCK before exec (as
///   child_process gives them; os/exec makes the files it passes blocking too), so a program
///   writing faster than its reader blocks instead of failing with EAGAIN. O_NONBLOCK is a
///   flag of the open file description, so it is cleared for every process that shares it,
///   the caller included. Without the flag (posix_spawn's way) the descriptions are left as
///   they are.
///
/// Scope: library-owned: the attribute.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EINVAL `flags` has other bits.
/// Since: 0.2
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_flags(attr: *mut rns_spawn_attr, flags: c_int) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        known_bits(flags, SPAWN_FLAGS)?;
        a.flags = flags;
        Ok(())
    })
}

/// An fd action: the child gets a duplicate of the caller's `parent_fd` as `child_fd` (dup3,
/// without O_CLOEXEC), or, with `parent_fd` -1, `child_fd` closed. `parent_fd` is duplicated
/// now (the caller may close its own). The actions are applied in the order given, in two
/// passes as Go's os/exec does (so one action's target never overwrites a later one's
/// source). Fds 0, 1 and 2 are inherited unless an action names them; every other fd of the
/// caller is closed in the child unless an action names it. As for dup2(2), `child_fd` may
/// be any fd below the soft RLIMIT_NOFILE (checked now; a limit lowered before rns_spawn()
/// gives -EBADF at RNS_SPAWN_STEP_FDS). The attribute holds one fd per action with a source;
/// rns_spawn() itself needs one free fd (the pidfd), see there.
///
/// Scope: library-owned: the attribute, and a duplicate of `parent_fd` it owns.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EBADF `child_fd` < 0 or not below the soft RLIMIT_NOFILE,
/// `parent_fd` < -1 or not open; -EMFILE out of fds; -ENOMEM.
/// Since: 0.2
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_fd(
    attr: *mut rns_spawn_attr,
    child_fd: c_int,
    parent_fd: c_int,
) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        if child_fd < 0 || parent_fd < -1 || child_fd as u64 >= nofile_soft() {
            return Err(Errno::EBADF);
        }
        let src = if parent_fd == -1 {
            None
        } else {
            Some(dup_at(parent_fd, 0)?)
        };
        a.fds.try_reserve(1).map_err(|_| Errno(libc::ENOMEM))?;
        a.fds.push((child_fd, src));
        Ok(())
    })
}

/// The soft RLIMIT_NOFILE: the first fd number dup2(2) refuses.
fn nofile_soft() -> u64 {
    let mut rl = libc::rlimit64 {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: rl is valid for writing.
    match unsafe { libc::getrlimit64(libc::RLIMIT_NOFILE, &mut rl) } {
        0 => rl.rlim_cur,
        _ => u64::MAX,
    }
}

// ---- the spawn itself ----------------------------------------------------------------------

/// What a failing child writes to the report pipe, in one write.
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct Report {
    errno: i32,
    step: u32,
    detail: i32,
}
const REPORT_SIZE: usize = std::mem::size_of::<Report>();

/// clone3(2)'s argument up to the cgroup field (88 bytes, Linux 5.7; the first version, 64
/// bytes, is Linux 5.3's).
#[repr(C)]
#[derive(Default)]
struct CloneArgs {
    flags: u64,
    pidfd: u64,
    child_tid: u64,
    parent_tid: u64,
    exit_signal: u64,
    stack: u64,
    stack_size: u64,
    tls: u64,
    set_tid: u64,
    set_tid_size: u64,
    cgroup: u64,
}
const CLONE_ARGS_SIZE_VER0: usize = 64;

const CLONE_PIDFD: u64 = 0x1000;
const CLONE_CLEAR_SIGHAND: u64 = 0x1_0000_0000;
const CLONE_INTO_CGROUP: u64 = 0x2_0000_0000;
const CLOSE_RANGE_CLOEXEC: libc::c_uint = 4;

/// What the kernel said of clone3: 0 not asked yet, 1 clone3 with CLONE_CLEAR_SIGHAND, 2
/// clone3 without it (5.3, 5.4), 3 no clone3 (ENOSYS, or a seccomp filter saying so).
static CLONE3: AtomicU8 = AtomicU8::new(0);
/// clone3's CLONE_INTO_CGROUP (Linux 5.7): 0 not asked yet, 1 yes, 2 no (E2BIG for the
/// larger struct).
static CGROUP: AtomicU8 = AtomicU8::new(0);
/// close_range(CLOSE_RANGE_CLOEXEC) (Linux 5.11): 0 not asked yet, 1 yes, 2 no.
static CLOSE_RANGE: AtomicU8 = AtomicU8::new(0);

fn close_range_cloexec() -> bool {
    match CLOSE_RANGE.load(Ordering::Relaxed) {
        1 => true,
        2 => false,
        _ => {
            // An empty range far above any fd: 0 where the flag is known, EINVAL/ENOSYS not.
            // SAFETY: plain syscall that touches no fd.
            let r = unsafe {
                libc::syscall(
                    libc::SYS_close_range,
                    c_int::MAX as libc::c_uint,
                    c_int::MAX as libc::c_uint,
                    CLOSE_RANGE_CLOEXEC,
                )
            };
            CLOSE_RANGE.store(if r == 0 { 1 } else { 2 }, Ordering::Relaxed);
            r == 0
        }
    }
}

extern "C" {
    static environ: *const *mut c_char;
}

/// Everything the child needs, built by the parent before the clone. The child only reads it
/// (its copy) and writes into `scratch`, preallocated.
struct Plan<'a> {
    attr: &'a rns_spawn_attr,
    /// Joins the child makes, with the user namespace skipped where it is ours already: (fd,
    /// types, has a user namespace).
    joins: Vec<(c_int, c_int, bool)>,
    /// Namespaces the child unshares (with joins), or 0.
    unshare: c_int,
    /// The child handshakes for the parent's map writes: write a byte to ready_w once its user
    /// namespace exists, then wait for a byte on go_r.
    ready_w: c_int,
    go_r: c_int,
    go_w: c_int,
    /// Whether the child has a new mount namespace (then propagation applies).
    new_mnt: bool,
    /// Drop the supplementary groups (ids set, no groups, no RNS_SPAWN_KEEP_GROUPS, and no
    /// "deny" written to setgroups by the parent).
    drop_groups: bool,
    /// Handlers to reset by hand (no CLONE_CLEAR_SIGHAND).
    reset_handlers: bool,
    /// The cgroup to write "0" into (no CLONE_INTO_CGROUP), or -1.
    cgroup_write: c_int,
    /// Each fd action's source as pass 1 leaves it: off every target (by the child, into its
    /// copy).
    scratch: Vec<c_int>,
    /// Every target of an fd action, sorted: no fd the child needs until exec sits on one.
    targets: Vec<c_int>,
    /// Targets kept open (with a source), sorted, those >= 3 only.
    kept: Vec<c_int>,
    close_range: bool,
    /// Fork the program from the child with CLONE_PARENT after the namespace changes (a
    /// joined PID namespace, or a PID or time namespace unshared with joins).
    extra_fork: bool,
    /// Where the kernel writes the program's pid at the second fork (CLONE_PARENT_SETTID): a
    /// page shared with the parent in every mode (null without the second fork).
    program_pid: *mut c_int,
    /// The parent's pid, for the PDEATHSIG check (0: not checked).
    parent_pid: libc::pid_t,
    /// Where getppid() cannot tell (another pid namespace), a pidfd of the parent for the
    /// PDEATHSIG check, above every fd target; -1: none.
    parent_pidfd: c_int,
    candidates: Vec<CString>,
    argv: *const *mut c_char,
    envp: *const *mut c_char,
    /// The report pipe's write end, or -1: then a failure is written to `report`, the
    /// parent's own memory (a child that shares it, with no second fork).
    report_w: c_int,
    report: *mut Report,
}

/// Whether children share the caller's memory where they can. Not in the sanitizer build
/// (`--cfg rns_sanitized`): AddressSanitizer's shadow and fake stacks belong to the calling
/// thread, and a second process running instrumented code on them would corrupt them.
const SHARED_MEMORY_CHILD: bool = !cfg!(rns_sanitized);

/// The child's failure: one record to the report pipe, then _exit(127). Nothing here
/// allocates.
fn fail(p: &Plan, step: c_int, errno: c_int, detail: c_int) -> ! {
    let r = Report {
        errno,
        step: step as u32,
        detail,
    };
    // SAFETY: 12 bytes from a live struct, one write below PIPE_BUF (atomic); or the parent's
    // Report, which it reads only once this child has exec'd or exited.
    unsafe {
        if p.report_w >= 0 {
            libc::write(p.report_w, (&r as *const Report).cast(), REPORT_SIZE);
        } else {
            std::ptr::write_volatile(p.report, r);
        }
        libc::_exit(127)
    }
}

/// A close-on-exec duplicate of `fd` at the lowest free fd >= 3 that no fd action targets,
/// or -1. A free target met on the way keeps a duplicate, which its action replaces or
/// closes.
fn dup_off_targets(p: &Plan, fd: c_int) -> c_int {
    let mut min = 3;
    loop {
        // SAFETY: plain fcntl.
        let m = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, min) };
        if m < 0 || p.targets.binary_search(&m).is_err() {
            return m;
        }
        min = m + 1;
    }
}

fn errno() -> c_int {
    // SAFETY: the calling thread's errno slot.
    unsafe { *libc::__errno_location() }
}

/// A raw syscall's result, or the step's failure.
fn check(p: &Plan, r: libc::c_long, step: c_int, detail: c_int) {
    if r < 0 {
        fail(p, step, errno(), detail);
    }
}

/// Sets the mask of the calling thread to `set` (every signal, or none), by raw syscall: glibc's
/// wrappers refuse to block its own internal signals (SIGCANCEL, SIGSETXID), which must be
/// blocked around the clone too.
unsafe fn sigmask_raw(set: &libc::sigset_t, old: *mut libc::sigset_t) -> libc::c_long {
    libc::syscall(
        libc::SYS_rt_sigprocmask,
        libc::SIG_SETMASK,
        set as *const libc::sigset_t,
        old,
        8usize,
    )
}

/// Marks every fd >= 3 of the child but those kept close-on-exec, through a /proc/self/fd
/// listing (where close_range has no CLOSE_RANGE_CLOEXEC). `dir` was opened by the child.
fn cloexec_by_listing(p: &Plan, dir: c_int) {
    let mut buf = [0u8; 4096];
    loop {
        // SAFETY: buf is valid for its length.
        let n = unsafe { libc::syscall(libc::SYS_getdents64, dir, buf.as_mut_ptr(), buf.len()) };
        check(p, n, RNS_SPAWN_STEP_FDS, -1);
        if n == 0 {
            return;
        }
        let mut off = 0usize;
        while off + 19 < n as usize {
            // struct linux_dirent64: u64 ino, i64 off, u16 reclen, u8 type, char name[].
            let reclen = u16::from_ne_bytes([buf[off + 16], buf[off + 17]]) as usize;
            if reclen == 0 {
                return;
            }
            let mut fd: c_int = 0;
            let mut digits = false;
            for &b in buf[off + 19..].iter().take_while(|&&b| b != 0) {
                if !b.is_ascii_digit() || fd > c_int::MAX / 10 - 1 {
                    digits = false;
                    break;
                }
                fd = fd * 10 + c_int::from(b - b'0');
                digits = true;
            }
            if digits && fd >= 3 && fd != dir && p.kept.binary_search(&fd).is_err() {
                // SAFETY: plain fcntl; an fd closed meanwhile gives EBADF, ignored.
                unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
            }
            off += reclen;
        }
    }
}

/// The child: raw syscalls only, then exec. Never returns.
fn child(p: &mut Plan) -> ! {
    let a = p.attr;
    // SAFETY (the whole function): raw syscalls and plain libc syscall wrappers on values the
    // parent prepared; nothing allocates, locks or unwinds.
    unsafe {
        if p.cgroup_write >= 0 {
            let fd = libc::openat(
                p.cgroup_write,
                c"cgroup.procs".as_ptr(),
                libc::O_WRONLY | libc::O_CLOEXEC,
            );
            check(p, fd as _, RNS_SPAWN_STEP_CGROUP, 0);
            check(
                p,
                libc::write(fd, b"0".as_ptr().cast(), 1) as _,
                RNS_SPAWN_STEP_CGROUP,
                0,
            );
            libc::close(fd);
        }
        if p.reset_handlers {
            for sig in 1..=64 {
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(sig, std::ptr::null(), &mut old) == 0
                    && old.sa_sigaction != libc::SIG_DFL
                    && old.sa_sigaction != libc::SIG_IGN
                {
                    let mut dfl: libc::sigaction = std::mem::zeroed();
                    dfl.sa_sigaction = libc::SIG_DFL;
                    check(
                        p,
                        libc::sigaction(sig, &dfl, std::ptr::null_mut()) as _,
                        RNS_SPAWN_STEP_SIGNALS,
                        sig,
                    );
                }
            }
        }
        // Where the CLOEXEC listing is needed, /proc/self/fd is opened before any namespace
        // changes (a joined mount namespace may have no /proc), above every fd target.
        let mut listing = -1;
        if !p.close_range {
            let d = libc::open(
                c"/proc/self/fd".as_ptr(),
                libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC,
            );
            check(p, d as _, RNS_SPAWN_STEP_FDS, -1);
            listing = dup_off_targets(p, d);
            check(p, listing as _, RNS_SPAWN_STEP_FDS, -1);
            libc::close(d);
        }
        let handshake = |p: &Plan| {
            if p.ready_w >= 0 {
                libc::close(p.go_w);
                let b = 0u8;
                libc::write(p.ready_w, (&b as *const u8).cast(), 1);
                let mut got = 0u8;
                // No byte: the parent failed to write the maps and reports it itself.
                let n = loop {
                    let n = libc::read(p.go_r, (&mut got as *mut u8).cast(), 1);
                    if n >= 0 || errno() != libc::EINTR {
                        break n;
                    }
                };
                if n != 1 {
                    libc::_exit(127);
                }
            }
        };
        if p.unshare == 0 {
            handshake(p); // the user namespace came with the clone
        }
        // Joins: nsenter's two passes.
        let mut done = [false; 64];
        for pass in 0..2 {
            for (i, &(fd, types, user)) in p.joins.iter().enumerate() {
                if done.get(i).copied().unwrap_or(true) || (pass == 0 && user) {
                    continue;
                }
                let r = libc::setns(fd, types);
                if r == 0 {
                    if let Some(d) = done.get_mut(i) {
                        *d = true;
                    }
                } else if pass == 1 {
                    fail(p, RNS_SPAWN_STEP_JOIN, errno(), i as c_int);
                }
            }
        }
        if p.unshare != 0 {
            check(p, libc::unshare(p.unshare) as _, RNS_SPAWN_STEP_UNSHARE, 0);
            handshake(p);
        }
        if p.extra_fork {
            // clone(2) with CLONE_PARENT: the program is the caller's child; the exit signal
            // is this process's (SIGCHLD). No pidfd: the parent opens one of its own child.
            // Its pid also goes to the shared program_pid (CLONE_PARENT_SETTID, written before
            // this process can die), so the parent finds it even without our report.
            let r = raw_clone(
                (libc::CLONE_PARENT | libc::CLONE_PARENT_SETTID) as c_ulong,
                p.program_pid,
            );
            check(p, r, RNS_SPAWN_STEP_FORK, 0);
            if r > 0 {
                let rec = Report {
                    errno: 0,
                    step: STEP_PID,
                    detail: r as c_int,
                };
                libc::write(p.report_w, (&rec as *const Report).cast(), REPORT_SIZE);
                libc::_exit(0);
            }
        }
        if p.new_mnt && a.propagation != 0 {
            let r = libc::mount(
                std::ptr::null(),
                c"/".as_ptr(),
                std::ptr::null(),
                a.propagation,
                std::ptr::null(),
            );
            check(p, r as _, RNS_SPAWN_STEP_MOUNT_PROPAGATION, 0);
        }
        if a.setsid {
            check(p, libc::setsid() as _, RNS_SPAWN_STEP_SETSID, 0);
        }
        if a.pgroup >= 0 {
            check(p, libc::setpgid(0, a.pgroup) as _, RNS_SPAWN_STEP_SETPGID, 0);
        }
        if let Some(cwd) = &a.cwd {
            check(p, libc::chdir(cwd.as_ptr()) as _, RNS_SPAWN_STEP_CWD, 0);
        }
        if let Some(mask) = a.umask {
            libc::umask(mask);
        }
        // Before the id changes, which may drop the privilege to lower nice or raise a limit.
        if let Some(nice) = a.nice {
            let r = libc::setpriority(libc::PRIO_PROCESS, 0, nice);
            check(p, r as _, RNS_SPAWN_STEP_NICE, 0);
        }
        for &(resource, soft, hard) in &a.rlimits {
            let rl = libc::rlimit64 {
                rlim_cur: soft,
                rlim_max: hard,
            };
            let r = libc::syscall(
                libc::SYS_prlimit64,
                0,
                resource,
                &rl as *const libc::rlimit64,
                0usize,
            );
            check(p, r, RNS_SPAWN_STEP_RLIMIT, resource);
        }
        // Raw syscalls: glibc's set*id wrappers signal every thread of the (parent's) process.
        if let Some(g) = &a.groups {
            check(
                p,
                libc::syscall(libc::SYS_setgroups, g.len(), g.as_ptr()),
                RNS_SPAWN_STEP_GROUPS,
                0,
            );
        } else if p.drop_groups && libc::syscall(libc::SYS_setgroups, 0, std::ptr::null::<libc::gid_t>()) < 0
        {
            // Refused (no CAP_SETGID here): a failure only if there are groups to drop.
            let e = errno();
            if libc::syscall(libc::SYS_getgroups, 0, std::ptr::null_mut::<libc::gid_t>()) != 0 {
                fail(p, RNS_SPAWN_STEP_GROUPS, e, 0);
            }
        }
        if let Some(gid) = a.gid {
            check(
                p,
                libc::syscall(libc::SYS_setresgid, gid, gid, gid),
                RNS_SPAWN_STEP_GID,
                0,
            );
        }
        if let Some(uid) = a.uid {
            check(
                p,
                libc::syscall(libc::SYS_setresuid, uid, uid, uid),
                RNS_SPAWN_STEP_UID,
                0,
            );
        }
        if a.no_new_privs {
            check(
                p,
                libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) as _,
                RNS_SPAWN_STEP_NO_NEW_PRIVS,
                0,
            );
        }
        // Fds, pass 1: every source off the targets, so no dup3 below overwrites a source.
        for (i, (_, src)) in a.fds.iter().enumerate() {
            let Some(src) = src else { continue };
            let src = src.as_raw_fd();
            let moved = if p.targets.binary_search(&src).is_ok() {
                dup_off_targets(p, src)
            } else {
                src
            };
            check(p, moved as _, RNS_SPAWN_STEP_FDS, i as c_int);
            if let Some(s) = p.scratch.get_mut(i) {
                *s = moved;
            }
        }
        // Pass 2: in the order given.
        for (i, (target, src)) in a.fds.iter().enumerate() {
            let r = match (src, p.scratch.get(i)) {
                (Some(_), Some(&moved)) => libc::dup3(moved, *target, 0),
                _ => {
                    libc::close(*target);
                    0
                }
            };
            check(p, r as _, RNS_SPAWN_STEP_FDS, i as c_int);
        }
        if a.flags & RNS_SPAWN_BLOCKING_STDIO != 0 {
            // As libuv: a closed fd (EBADF) is no failure.
            for fd in 0..3 {
                let fl = libc::fcntl(fd, libc::F_GETFL);
                if fl >= 0 && fl & libc::O_NONBLOCK != 0 {
                    libc::fcntl(fd, libc::F_SETFL, fl & !libc::O_NONBLOCK);
                }
            }
        }
        // Every other fd >= 3 close-on-exec (so the report pipe stays open until exec).
        if p.close_range {
            let mut lo: libc::c_uint = 3;
            for &t in &p.kept {
                let t = t as libc::c_uint;
                if t > lo {
                    let r = libc::syscall(libc::SYS_close_range, lo, t - 1, CLOSE_RANGE_CLOEXEC);
                    check(p, r, RNS_SPAWN_STEP_FDS, -1);
                }
                lo = t.saturating_add(1);
            }
            let r = libc::syscall(libc::SYS_close_range, lo, libc::c_uint::MAX, CLOSE_RANGE_CLOEXEC);
            check(p, r, RNS_SPAWN_STEP_FDS, -1);
        } else {
            cloexec_by_listing(p, listing);
        }
        if a.pdeathsig != 0 {
            check(
                p,
                libc::prctl(libc::PR_SET_PDEATHSIG, a.pdeathsig as c_ulong, 0, 0, 0) as _,
                RNS_SPAWN_STEP_PDEATHSIG,
                0,
            );
            if p.parent_pid != 0 && libc::getppid() != p.parent_pid {
                fail(p, RNS_SPAWN_STEP_PDEATHSIG, libc::ESRCH, 0);
            }
            if p.parent_pidfd >= 0 {
                // In another pid namespace getppid() says 0: our parent's pidfd is readable
                // once it has exited (as unshare(1) checks).
                let mut pfd = libc::pollfd {
                    fd: p.parent_pidfd,
                    events: libc::POLLIN,
                    revents: 0,
                };
                if libc::poll(&mut pfd, 1, 0) == 1 && pfd.revents & libc::POLLIN != 0 {
                    fail(p, RNS_SPAWN_STEP_PDEATHSIG, libc::ESRCH, 0);
                }
            }
        }
        // The program starts with no signal blocked.
        let mut none: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut none);
        sigmask_raw(&none, std::ptr::null_mut());
        // execvp's rule: go on after ENOENT and the like, remember EACCES.
        let (mut err, mut eacces, mut last) = (libc::ENOENT, false, 0);
        for (i, c) in p.candidates.iter().enumerate() {
            libc::execve(c.as_ptr(), p.argv.cast(), p.envp.cast());
            err = errno();
            last = i as c_int;
            match err {
                libc::EACCES => eacces = true,
                libc::ENOENT | libc::ENOTDIR | libc::ESTALE | libc::ENODEV | libc::ETIMEDOUT => {}
                _ => break,
            }
        }
        if eacces
            && matches!(
                err,
                libc::ENOENT | libc::ENOTDIR | libc::ESTALE | libc::ENODEV | libc::ETIMEDOUT
            )
        {
            err = libc::EACCES;
        }
        fail(p, RNS_SPAWN_STEP_EXEC, err, last)
    }
}

/// An O_CLOEXEC pipe whose ends are above `min`.
pub(crate) fn pipe_above(min: c_int) -> Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: fds is valid for two ints.
    cvt(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) })?;
    let (r, w) = (owned(fds[0]), owned(fds[1]));
    let lift = |fd: OwnedFd| {
        if fd.as_raw_fd() > min {
            Ok(fd)
        } else {
            dup_at(fd.as_raw_fd(), min + 1)
        }
    };
    Ok((lift(r)?, lift(w)?))
}

/// Whether the calling thread has CAP_SETGID in its effective set.
pub(crate) fn has_cap_setgid() -> bool {
    matches!(crate::creds::own_caps(), Ok((effective, _)) if effective & (1 << 6) /* CAP_SETGID */ != 0)
}

/// The name of the child's /proc directory: its pid where /proc numbers processes as the
/// caller's pid namespace does, else the pid /proc shows for its pidfd (a /proc of an
/// ancestor pid namespace; ENOSYS where /proc cannot show it).
pub(crate) fn proc_dir_pid(pid: libc::pid_t, pidfd: &OwnedFd) -> Result<libc::pid_t> {
    match crate::namespaces::proc_is_ours() {
        Ok(()) => Ok(pid),
        Err(_) => pidfd::proc_pid(pidfd),
    }
}

/// Writes `text` to /proc/PID/`file` in one write.
pub(crate) fn write_proc(pid: libc::pid_t, file: &str, text: &[u8]) -> Result<()> {
    let path = CString::new(format!("/proc/{pid}/{file}")).map_err(|_| Errno::EINVAL)?;
    // SAFETY: a valid C string.
    let fd = owned(cvt(unsafe {
        libc::open(path.as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC)
    })?);
    // SAFETY: text is valid for its length.
    let n = unsafe { libc::write(fd.as_raw_fd(), text.as_ptr().cast(), text.len()) };
    if n < 0 {
        return Err(Errno::last());
    }
    if n as usize != text.len() {
        return Err(Errno::EINVAL);
    }
    Ok(())
}

/// The parent's side of the map handshake: waits until the child's user namespace exists,
/// writes the maps ("deny" to setgroups first if `deny`), releases the child. Ok(false): the child ended before (its report says
/// why).
fn write_maps(
    a: &rns_spawn_attr,
    deny: bool,
    pid: libc::pid_t,
    pidfd: &OwnedFd,
    ready_r: OwnedFd,
    go_w: OwnedFd,
) -> Result<bool> {
    let mut b = 0u8;
    let n = loop {
        // SAFETY: one byte into b.
        let n = unsafe { libc::read(ready_r.as_raw_fd(), (&mut b as *mut u8).cast(), 1) };
        if n >= 0 || Errno::last() != Errno(libc::EINTR) {
            break n;
        }
    };
    if n != 1 {
        return Ok(false);
    }
    let pid = proc_dir_pid(pid, pidfd)?;
    if let Some(g) = &a.gid_map {
        if deny {
            write_proc(pid, "setgroups", b"deny")?;
        }
        write_proc(pid, "gid_map", g.to_bytes())?;
    }
    if let Some(u) = &a.uid_map {
        write_proc(pid, "uid_map", u.to_bytes())?;
    }
    // SAFETY: one byte from b.
    unsafe { libc::write(go_w.as_raw_fd(), (&b as *const u8).cast(), 1) };
    Ok(true)
}

/// The stack of a child that shares the caller's memory (CLONE_VM): mapped by the parent, with
/// a guard page at its low end; once the child has exec'd or exited, kept as the spare or
/// unmapped.
struct ChildStack {
    base: *mut libc::c_void,
}

/// Its size with the guard page: the child's deepest frames (the fd listing's 4 KiB buffer,
/// the libc calls) use a few KiB; the rest is margin for debug and sanitizer builds.
const CHILD_STACK: usize = 128 * 1024;
const GUARD: usize = 4096;

impl ChildStack {
    fn new() -> Result<ChildStack> {
        let spare = SPARE_STACK.swap(std::ptr::null_mut(), Ordering::AcqRel);
        if !spare.is_null() {
            return Ok(ChildStack { base: spare });
        }
        // SAFETY: a fresh anonymous mapping; the guard page is its own first page.
        unsafe {
            let base = libc::mmap(
                std::ptr::null_mut(),
                CHILD_STACK,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_STACK,
                -1,
                0,
            );
            if base == libc::MAP_FAILED {
                return Err(Errno::last());
            }
            let stack = ChildStack { base };
            cvt(libc::mprotect(base, GUARD, libc::PROT_NONE))?;
            Ok(stack)
        }
    }

    /// The usable part: (lowest address, size).
    fn usable(&self) -> (*mut libc::c_void, usize) {
        // SAFETY: GUARD < CHILD_STACK, inside the mapping.
        (
            unsafe { self.base.cast::<u8>().add(GUARD).cast() },
            CHILD_STACK - GUARD,
        )
    }
}

/// An int in a page shared with every child (MAP_SHARED survives a fork-style clone).
struct SharedSlot(*mut c_int);

impl SharedSlot {
    fn new() -> Result<SharedSlot> {
        // SAFETY: a fresh anonymous shared mapping, zero-filled.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                4096,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return Err(Errno::last());
        }
        Ok(SharedSlot(p.cast()))
    }
}

impl Drop for SharedSlot {
    fn drop(&mut self) {
        // SAFETY: our own mapping; the children that could write it have exec'd or exited.
        unsafe { libc::munmap(self.0.cast(), 4096) };
    }
}

/// One stack kept for the next spawn (most programs spawn one at a time), so that most spawns
/// map nothing; a spawn while it is taken maps its own. Null: none kept.
static SPARE_STACK: AtomicPtr<libc::c_void> = AtomicPtr::new(std::ptr::null_mut());

impl Drop for ChildStack {
    /// Keeps the stack as the spare, or unmaps it (or the spare it replaces). Only once the
    /// child has exec'd or exited: nothing uses it any more.
    fn drop(&mut self) {
        let old = SPARE_STACK.swap(self.base, Ordering::AcqRel);
        if !old.is_null() {
            // SAFETY: a mapping of ours that no one uses (it was the spare).
            unsafe { libc::munmap(old, CHILD_STACK) };
        }
    }
}

/// The entry of a child that shares the caller's memory, on its own stack.
extern "C" fn vm_entry(plan: *mut libc::c_void) -> c_int {
    // SAFETY: the parent's Plan, alive and untouched while the parent's thread is suspended
    // (CLONE_VFORK) until this child execs or exits.
    child(unsafe { &mut *plan.cast::<Plan>() })
}

/// clone3(2) with the child on `args.stack`, where it calls vm_entry(plan) and never returns.
/// Returns the raw result: the child's pid, or -errno.
#[cfg(target_arch = "x86_64")]
unsafe fn clone3_vm(args: &mut CloneArgs, size: usize, plan: *mut libc::c_void) -> libc::c_long {
    let ret: libc::c_long;
    std::arch::asm!(
        "syscall",
        "test rax, rax",
        "jnz 2f",
        // The child: the kernel has set rsp to the top of its stack.
        "and rsp, -16",
        "mov rdi, r12",
        "call r13",
        "ud2",
        "2:",
        inlateout("rax") libc::SYS_clone3 => ret,
        in("rdi") args as *mut CloneArgs,
        in("rsi") size,
        in("r12") plan,
        in("r13") vm_entry as extern "C" fn(*mut libc::c_void) -> c_int,
        lateout("rcx") _,
        lateout("r11") _,
        options(nostack),
    );
    ret
}

/// Elsewhere the shared-memory child is started by glibc's clone(3) (clone(2), which knows
/// the architecture's argument order and stack switch).
#[cfg(not(target_arch = "x86_64"))]
unsafe fn clone3_vm(_args: &mut CloneArgs, _size: usize, _plan: *mut libc::c_void) -> libc::c_long {
    -(libc::ENOSYS as libc::c_long)
}

/// How the child is made.
enum Mode<'p, 'a> {
    /// A copy of the calling thread (no CLONE_VM): clone_child returns in both processes.
    Fork,
    /// CLONE_VM|CLONE_VFORK on `stack`: the child runs child(plan) there; the calling
    /// thread is suspended until the child execs or exits.
    Vm(&'p ChildStack, *mut Plan<'a>),
}

/// clone(2) of a fork-style child (no new stack): returns in both processes. `parent_tid`
/// receives the pidfd (CLONE_PIDFD) or the child's pid (CLONE_PARENT_SETTID). s390 takes the
/// stack first (CLONE_BACKWARDS2); elsewhere the flags come first and parent_tid is third.
pub(crate) unsafe fn raw_clone(flags: c_ulong, parent_tid: *mut c_int) -> libc::c_long {
    #[cfg(target_arch = "s390x")]
    let r = libc::syscall(libc::SYS_clone, 0usize, flags, parent_tid, 0usize, 0usize);
    #[cfg(not(target_arch = "s390x"))]
    let r = libc::syscall(libc::SYS_clone, flags, 0usize, parent_tid, 0usize, 0usize);
    r
}

/// What clone_child did, in the parent (pid > 0) and, in Fork mode, in the child (pid 0).
#[derive(Clone, Copy)]
struct Cloned {
    pid: libc::pid_t,
    pidfd: c_int,
    /// The handlers still need resetting (no CLONE_CLEAR_SIGHAND).
    reset_handlers: bool,
    /// The cgroup fd the child must write itself into (no CLONE_INTO_CGROUP), or -1.
    cgroup_write: c_int,
}

/// Starts the child: clone3 with CLONE_PIDFD (and CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP for
/// a `cgroup` fd >= 0, where the kernel has them), else clone(2) with CLONE_PIDFD. In Vm mode
/// the child runs child() and never returns here; the plan's reset_handlers and cgroup_write
/// are set before each attempt.
unsafe fn clone_child(ns_flags: c_int, cgroup: c_int, mode: Mode) -> Result<Cloned> {
    let mut pidfd: c_int = -1;
    let vm = match mode {
        Mode::Vm(_, plan) => Some(plan),
        Mode::Fork => None,
    };
    let outcome = |pid: libc::pid_t, pidfd: c_int, clear: bool, into: bool| {
        let c = Cloned {
            pid,
            pidfd,
            reset_handlers: !clear,
            cgroup_write: if into { -1 } else { cgroup },
        };
        if let Some(plan) = vm {
            (*plan).reset_handlers = c.reset_handlers;
            (*plan).cgroup_write = c.cgroup_write;
        }
        c
    };
    let state = CLONE3.load(Ordering::Relaxed);
    // The shared-memory clone3 exists on x86_64 only; elsewhere it is glibc's clone(3).
    let vm_clone3 = cfg!(target_arch = "x86_64");
    if state != 3 && (vm.is_none() || vm_clone3) {
        let mut clear = state != 2;
        let mut into = cgroup >= 0 && CGROUP.load(Ordering::Relaxed) != 2;
        loop {
            let mut args = CloneArgs {
                flags: CLONE_PIDFD | ns_flags as u32 as u64,
                pidfd: &mut pidfd as *mut c_int as u64,
                exit_signal: libc::SIGCHLD as u64,
                ..Default::default()
            };
            if let Mode::Vm(stack, _) = mode {
                let (low, size) = stack.usable();
                args.flags |= (libc::CLONE_VM | libc::CLONE_VFORK) as u64;
                args.stack = low as u64;
                args.stack_size = size as u64;
            }
            if clear {
                args.flags |= CLONE_CLEAR_SIGHAND;
            }
            // The first version of the struct (64 bytes) unless the cgroup field is needed.
            let mut size = CLONE_ARGS_SIZE_VER0;
            if into {
                args.flags |= CLONE_INTO_CGROUP;
                args.cgroup = cgroup as u64;
                size = std::mem::size_of::<CloneArgs>();
            }
            outcome(0, -1, clear, into);
            let r = match vm {
                Some(plan) => clone3_vm(&mut args, size, plan.cast()),
                None => match libc::syscall(libc::SYS_clone3, &mut args as *mut CloneArgs, size) {
                    -1 => -(errno() as libc::c_long),
                    r => r,
                },
            };
            if r >= 0 {
                if state == 0 {
                    CLONE3.store(if clear { 1 } else { 2 }, Ordering::Relaxed);
                }
                if into {
                    CGROUP.store(1, Ordering::Relaxed);
                }
                return Ok(outcome(
                    r as libc::pid_t,
                    if r == 0 { -1 } else { pidfd },
                    clear,
                    into,
                ));
            }
            match -r as c_int {
                // A struct larger than the kernel's with the cgroup field set: before 5.7.
                libc::E2BIG if into => {
                    CGROUP.store(2, Ordering::Relaxed);
                    into = false;
                }
                // Perhaps only CLONE_CLEAR_SIGHAND is unknown (Linux 5.3, 5.4).
                libc::EINVAL if clear && state == 0 => clear = false,
                libc::ENOSYS => break,
                e => return Err(Errno(e)),
            }
        }
        CLONE3.store(3, Ordering::Relaxed);
    }
    // clone(2): no CLONE_NEWTIME (its bit is the exit signal's there).
    if ns_flags & namespaces::RNS_CLONE_NEWTIME != 0 {
        return Err(Errno::ENOSYS);
    }
    let flags = (CLONE_PIDFD as c_ulong) | ns_flags as c_ulong | libc::SIGCHLD as c_ulong;
    outcome(0, -1, false, false);
    let r = match mode {
        Mode::Vm(stack, plan) => {
            let (low, size) = stack.usable();
            let top = low.cast::<u8>().add(size).cast();
            let flags = flags | (libc::CLONE_VM | libc::CLONE_VFORK) as c_ulong;
            libc::clone(
                vm_entry,
                top,
                flags as c_int,
                plan.cast(),
                &mut pidfd as *mut c_int,
            ) as libc::c_long
        }
        Mode::Fork => raw_clone(flags, &mut pidfd),
    };
    match r {
        r if r >= 0 => Ok(outcome(
            r as libc::pid_t,
            if r == 0 { -1 } else { pidfd },
            false,
            false,
        )),
        // CLONE_PIDFD unknown: before Linux 5.2, where pidfds do not exist.
        _ if errno() == libc::EINVAL && ns_flags == 0 => Err(Errno::ENOSYS),
        _ => Err(Errno::last()),
    }
}

/// Reaps the failed child and closes its pidfd.
fn reap(pidfd: OwnedFd) {
    // SAFETY: an all-zero siginfo_t is valid.
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    while let Err(Errno(libc::EINTR)) = pidfd::waitid_pidfd(pidfd.as_raw_fd(), libc::WEXITED, &mut info) {}
}

/// Where a join of `types` comes in nsenter(1)'s order (user, cgroup, ipc, uts, net, pid,
/// mnt, time): a pidfd join of several types where its first type does.
fn nsenter_rank(types: c_int) -> usize {
    const ORDER: [NsTypes; 8] = [
        NsTypes::USER,
        NsTypes::CGROUP,
        NsTypes::IPC,
        NsTypes::UTS,
        NsTypes::NET,
        NsTypes::PID,
        NsTypes::MNT,
        NsTypes::TIME,
    ];
    let t = NsTypes::from_bits_truncate(types);
    ORDER.iter().position(|o| t.contains(*o)).unwrap_or(ORDER.len())
}

/// The user namespace `fd` (a namespace file or pidfd) names, if it is the caller's own.
fn is_own_user_ns(fd: c_int, is_nsfs: bool) -> bool {
    let target = if is_nsfs {
        dup_at(fd, 0)
    } else {
        namespaces::pidfd_ns_open(fd, namespaces::RNS_CLONE_NEWUSER)
    };
    let own = ffi::open_cloexec(c"/proc/self/ns/user");
    match (target, own) {
        (Ok(t), Ok(o)) => {
            matches!((namespaces::ns_identity(&t), namespaces::ns_identity(&o)), (Ok(x), Ok(y)) if x == y)
        }
        _ => false,
    }
}

/// Builds the plan, starts the child, reads its report. Returns (pidfd, pid) or (errno,
/// step).
unsafe fn spawn(
    attr: Option<&rns_spawn_attr>,
    candidates: Vec<CString>,
    argv: *const *mut c_char,
    envp: *const *mut c_char,
) -> std::result::Result<(OwnedFd, libc::pid_t), (Errno, c_int)> {
    let none = (Errno::EINVAL, RNS_SPAWN_STEP_NONE);
    let default = rns_spawn_attr::default();
    let a = attr.unwrap_or(&default);
    let maps = a.uid_map.is_some() || a.gid_map.is_some();
    let new_user = a.unshare.contains(NsTypes::USER);
    if maps && !new_user {
        return Err(none);
    }
    let extra_fork = !a.join.is_empty()
        && (a.unshare.intersects(NsTypes::PID | NsTypes::TIME)
            || a.join.iter().any(|(_, t)| t.contains(NsTypes::PID)));
    let at = |e: Errno| (e, RNS_SPAWN_STEP_NONE);
    let mut joins = Vec::new();
    joins
        .try_reserve(a.join.len())
        .map_err(|_| at(Errno(libc::ENOMEM)))?;
    for (fd, types) in &a.join {
        let mut t = *types;
        let nsfs = t == NsTypes::USER && namespaces::nstype_of(fd.as_raw_fd()).is_ok();
        if t.contains(NsTypes::USER) && is_own_user_ns(fd.as_raw_fd(), nsfs) {
            t.remove(NsTypes::USER);
            if t.is_empty() {
                continue;
            }
        }
        joins.push((fd.as_raw_fd(), t.bits(), t.contains(NsTypes::USER)));
    }
    if joins.len() > 64 {
        return Err(none);
    }
    // nsenter's order, whatever order they were given in (a stable sort: the same types keep
    // the caller's order).
    joins.sort_by_key(|&(_, types, _)| nsenter_rank(types));
    let mut targets: Vec<c_int> = a.fds.iter().map(|(t, _)| *t).collect();
    targets.sort_unstable();
    targets.dedup();
    let mut kept: Vec<c_int> = a
        .fds
        .iter()
        .filter(|(t, s)| s.is_some() && *t >= 3)
        .map(|(t, _)| *t)
        .collect();
    kept.sort_unstable();
    kept.dedup();
    let sync = if maps {
        let (ready_r, ready_w) = pipe_off(&targets).map_err(at)?;
        let (go_r, go_w) = pipe_off(&targets).map_err(at)?;
        Some(((ready_r, ready_w), (go_r, go_w)))
    } else {
        None
    };
    let by_clone = a.join.is_empty();
    // An unprivileged writer must deny setgroups before writing a gid map.
    let deny = a.gid_map.is_some() && !has_cap_setgid();
    let drop_groups = a.groups.is_none()
        && a.flags & RNS_SPAWN_KEEP_GROUPS == 0
        && (a.uid.is_some() || a.gid.is_some())
        && !deny;
    // The child shares our memory, as posix_spawn's does (no page tables copied), unless the
    // parent must act before exec (the maps) or a time namespace is involved (joining one
    // needs an mm of one's own: EUSERS).
    let time = a.unshare.contains(NsTypes::TIME) || a.join.iter().any(|(_, t)| t.contains(NsTypes::TIME));
    let stack = if sync.is_none() && !time && SHARED_MEMORY_CHILD {
        Some(ChildStack::new().map_err(at)?)
    } else {
        None
    };
    let foreign_pidns = a.unshare.contains(NsTypes::PID) || extra_fork;
    let parent_pid = if foreign_pidns { 0 } else { libc::getpid() };
    // Without pidfd_open (before 5.3) the check is left out.
    let parent_pidfd = if a.pdeathsig != 0 && foreign_pidns {
        pidfd::open(libc::getpid(), 0)
            .and_then(|fd| off_targets(fd, &targets))
            .ok()
    } else {
        None
    };
    // A failure reaches us through our own memory where the child shares it and there is no
    // second fork; else through a pipe (read to end of file: exec ran).
    let mut shared_report = Report::default();
    let (report_r, report_w) = if stack.is_none() || extra_fork {
        let (r, w) = pipe_off(&targets).map_err(at)?;
        (Some(r), Some(w))
    } else {
        (None, None)
    };
    let program_slot = if extra_fork {
        Some(SharedSlot::new().map_err(at)?)
    } else {
        None
    };
    let mut plan = Plan {
        attr: a,
        joins,
        unshare: if by_clone { 0 } else { a.unshare.bits() },
        ready_w: sync.as_ref().map_or(-1, |((_, w), _)| w.as_raw_fd()),
        go_r: sync.as_ref().map_or(-1, |(_, (r, _))| r.as_raw_fd()),
        go_w: sync.as_ref().map_or(-1, |(_, (_, w))| w.as_raw_fd()),
        new_mnt: a.unshare.contains(NsTypes::MNT),
        drop_groups,
        reset_handlers: true,
        cgroup_write: -1,
        scratch: vec![-1; a.fds.len()],
        targets,
        kept,
        close_range: close_range_cloexec(),
        extra_fork,
        program_pid: program_slot.as_ref().map_or(std::ptr::null_mut(), |s| s.0),
        parent_pid,
        parent_pidfd: parent_pidfd.as_ref().map_or(-1, |fd| fd.as_raw_fd()),
        candidates,
        argv,
        envp: if envp.is_null() { environ } else { envp },
        report_w: report_w.as_ref().map_or(-1, |w| w.as_raw_fd()),
        report: &mut shared_report,
    };
    // No signal handler runs in the child on the parent's memory: every signal blocked around
    // the clone. (Cancellation is off for the whole call: call_nc.)
    let mut all: libc::sigset_t = std::mem::zeroed();
    let mut old: libc::sigset_t = std::mem::zeroed();
    libc::sigfillset(&mut all);
    sigmask_raw(&all, &mut old);
    let ns_flags = if by_clone { a.unshare.bits() } else { 0 };
    let cgroup = a.cgroup.as_ref().map_or(-1, |fd| fd.as_raw_fd());
    let cloned = match &stack {
        Some(stack) => clone_child(ns_flags, cgroup, Mode::Vm(stack, &mut plan)),
        None => clone_child(ns_flags, cgroup, Mode::Fork),
    };
    if let Ok(Cloned {
        pid: 0,
        reset_handlers,
        cgroup_write,
        ..
    }) = cloned
    {
        plan.reset_handlers = reset_handlers;
        plan.cgroup_write = cgroup_write;
        child(&mut plan);
    }
    sigmask_raw(&old, std::ptr::null_mut());
    // The child has exec'd or exited: its stack is free.
    drop(stack);
    let result = (|| {
        let Cloned { pid, pidfd, .. } = cloned.map_err(|e| {
            // The errors only CLONE_INTO_CGROUP gives are the cgroup step's, as from the
            // child's write on older kernels.
            let cgroup_only = [
                libc::EBADF,
                libc::EACCES,
                libc::ENOENT,
                libc::EBUSY,
                libc::EOPNOTSUPP,
                libc::ENODEV,
            ];
            if cgroup >= 0 && cgroup_only.contains(&e.0) {
                // A removed cgroup: ENOENT, as the write says (ENODEV on some kernels).
                let e = if e.0 == libc::ENODEV {
                    Errno(libc::ENOENT)
                } else {
                    e
                };
                (e, RNS_SPAWN_STEP_CGROUP)
            } else {
                (e, RNS_SPAWN_STEP_CLONE)
            }
        })?;
        let pidfd = owned(pidfd);
        drop(report_w);
        if let Some(((ready_r, ready_w), (go_r, go_w))) = sync {
            drop((ready_w, go_r));
            if let Err(e) = write_maps(a, deny, pid, &pidfd, ready_r, go_w) {
                libc::kill(pid, libc::SIGKILL);
                reap(pidfd);
                return Err((e, RNS_SPAWN_STEP_MAP));
            }
        }
        // Up to two records: the intermediate child's pid record (with extra_fork) and a
        // failure; end of file once every process holding the pipe exec'd or exited.
        let mut recs = [Report::default(); 3];
        let mut got = 0usize;
        let buf = recs.as_mut_ptr().cast::<u8>();
        let room = std::mem::size_of_val(&recs);
        let report_r = match report_r {
            Some(r) => r,
            None => {
                // The child has exec'd or exited: what it wrote, if anything.
                let r = std::ptr::read_volatile(plan.report);
                return finish((r.step != 0).then_some(r), pidfd, pid);
            }
        };
        while got < room {
            let n = libc::read(report_r.as_raw_fd(), buf.add(got).cast(), room - got);
            if n < 0 && Errno::last() == Errno(libc::EINTR) {
                continue;
            }
            if n <= 0 {
                break;
            }
            got += n as usize;
        }
        let recs = &recs[..(got / REPORT_SIZE).min(2)];
        let failure = recs.iter().find(|r| r.step != STEP_PID).copied();
        let program = recs.iter().find(|r| r.step == STEP_PID).map(|r| r.detail);
        let bad = got % REPORT_SIZE != 0 || got > 2 * REPORT_SIZE;
        let (pidfd, pid) = match program {
            Some(gpid) => {
                // The intermediate child has exited: reap it; the program is our child.
                reap(pidfd);
                match pidfd::open(gpid, 0) {
                    Ok(fd) => (fd, gpid),
                    Err(e) => {
                        libc::kill(gpid, libc::SIGKILL);
                        let mut info: libc::siginfo_t = std::mem::zeroed();
                        libc::waitid(libc::P_PID, gpid as libc::id_t, &mut info, libc::WEXITED);
                        return Err((e, RNS_SPAWN_STEP_FORK));
                    }
                }
            }
            None => (pidfd, pid),
        };
        if extra_fork && program.is_none() {
            // The intermediate child ended without naming the program (killed after its
            // fork): the kernel wrote its pid to the shared slot. It is our child, unreaped,
            // so the pid is still its own.
            let orphan = program_slot.as_ref().map_or(0, |s| std::ptr::read_volatile(s.0));
            if orphan > 0 {
                libc::kill(orphan, libc::SIGKILL);
                let mut info: libc::siginfo_t = std::mem::zeroed();
                libc::waitid(libc::P_PID, orphan as libc::id_t, &mut info, libc::WEXITED);
            }
        }
        if bad || (extra_fork && program.is_none() && failure.is_none()) {
            reap(pidfd);
            return Err((Errno(libc::EPIPE), RNS_SPAWN_STEP_REPORT));
        }
        finish(failure, pidfd, pid)
    })();
    result
}

/// The spawn's outcome once the child has exec'd (no failure record) or failed (reaped).
fn finish(
    failure: Option<Report>,
    pidfd: OwnedFd,
    pid: libc::pid_t,
) -> std::result::Result<(OwnedFd, libc::pid_t), (Errno, c_int)> {
    match failure {
        None => Ok((pidfd, pid)),
        Some(r) => {
            reap(pidfd);
            Err((
                Errno(if r.errno > 0 { r.errno } else { libc::EIO }),
                r.step as c_int,
            ))
        }
    }
}

/// `fd`, or where an fd action targets its number, a duplicate on the lowest free fd above
/// it that none targets (every fd below was in use when `fd` was made).
fn off_targets(fd: OwnedFd, targets: &[c_int]) -> Result<OwnedFd> {
    let mut fd = fd;
    while targets.binary_search(&fd.as_raw_fd()).is_ok() {
        fd = dup_at(fd.as_raw_fd(), fd.as_raw_fd() + 1)?;
    }
    Ok(fd)
}

/// An O_CLOEXEC pipe whose ends are on no fd action's target.
fn pipe_off(targets: &[c_int]) -> Result<(OwnedFd, OwnedFd)> {
    let (r, w) = pipe_above(-1)?;
    Ok((off_targets(r, targets)?, off_targets(w, targets)?))
}

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
    let r = call_nc(|| {
        let out = ffi::out(ret_pid)?;
        if argv.is_null() {
            return Err(Errno::EFAULT);
        }
        let c = candidates()?;
        match spawn(attr.as_ref(), c, argv, envp) {
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
/// hand); namespaces joined, then created (the parent writes the maps of a new user namespace
/// meanwhile); with a joined PID namespace (or a PID or time namespace created with joins)
/// the program forked with CLONE_PARENT, the child exiting (the caller reaps it); mount
/// propagation; setsid, setpgid; chdir; setgroups (the attribute's groups, or none when ids
/// change: rns_spawn_attr_set_ids()), setresgid, setresuid; no_new_privs; the fd actions,
/// every other fd but 0-2 closed, O_NONBLOCK cleared on 0-2 with RNS_SPAWN_BLOCKING_STDIO;
/// the parent-death signal; the signal mask emptied; execve. `argv` and `envp` are NULL-terminated arrays (the caller's,
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
/// namespace. In the child, an fd action whose source sits on another action's target needs
/// one free fd to move it first. Thread cancellation is disabled for the call, as glibc's
/// posix_spawn does, so it is not a cancellation point.
///
/// Scope: a new child process of the caller; nothing of the caller's changes.
/// Returns: the child's pidfd (O_CLOEXEC), with `*ret_pid` set; the caller waits for it
/// (rns_pidfd_wait()) and closes it. `*ret_step` (when `ret_step` is not NULL) is written on
/// every return: RNS_SPAWN_STEP_NONE on success and for failures before the child exists,
/// else the RNS_SPAWN_STEP_* that failed.
/// Errors: -EFAULT `path`, `argv` or `ret_pid` is NULL; -EINVAL maps set without
/// RNS_CLONE_NEWUSER, or more than 64 joins; -EMFILE out of fds, -ENOMEM no memory for the child's stack (RNS_SPAWN_STEP_NONE); -ENOSYS a kernel without CLONE_PIDFD
/// (before 5.2), or RNS_CLONE_NEWTIME without clone3; with RNS_SPAWN_STEP_CLONE, the errors
/// of clone3(2) (-EPERM, -ENOSPC, -EAGAIN, -ENOMEM); with the child's steps, the errors of
/// that step's call: -EBADF/-EINVAL/-EPERM JOIN, -EPERM/-EINVAL UNSHARE, -EPERM/-EINVAL MAP,
/// -EPERM SETSID/SETPGID, -ENOENT/-EACCES/-ENOTDIR CWD, -EPERM/-EACCES NICE, -EPERM/-EINVAL
/// RLIMIT, -EACCES/-EBUSY/-EOPNOTSUPP CGROUP (-ENOENT: the cgroup was removed), -EPERM GROUPS/GID/UID, -EBADF/-EMFILE FDS, -ESRCH PDEATHSIG,
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
