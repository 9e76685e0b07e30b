//! The spawn attribute (rns_spawn_attr) and its setters: each checks its arguments and
//! keeps a copy (strings, arrays, duplicated fds) for rns_spawn() to use.

use std::ffi::{CStr, CString};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::raw::{c_char, c_int, c_ulong};

use super::fds::FdAction;
use super::*;
use crate::ffi::{self, call_nc, cvt, known_bits, Errno, Result};
use crate::namespaces::{self, NsTypes};
use crate::pidfd;

/// Every rns_spawn_attr_set_flags() flag.
const SPAWN_FLAGS: c_int = RNS_SPAWN_KEEP_GROUPS
    | RNS_SPAWN_BLOCKING_STDIO
    | RNS_SPAWN_KEEP_FDS
    | RNS_SPAWN_NOCTTY
    | RNS_SPAWN_RESETIDS
    | RNS_SPAWN_SETGROUPS_DENY;

/// rns_spawn_attr_set_mount_propagation() default: what unshare(1) does.
const DEFAULT_PROPAGATION: c_ulong = libc::MS_REC | libc::MS_PRIVATE;

/// What rns_spawn() does between clone and exec: made by rns_spawn_attr_new(), set by the
/// rns_spawn_attr_set_*() calls, freed by rns_spawn_attr_free(). It owns copies of everything
/// given to it (strings, arrays, fds). Opaque.
#[allow(non_camel_case_types)]
pub struct rns_spawn_attr {
    pub(super) unshare: NsTypes,
    /// Each namespace to join, in the order given: an fd of the attr's own and its types (a
    /// namespace file's type, or the pidfd's mask).
    pub(super) join: Vec<(OwnedFd, NsTypes)>,
    pub(super) uid_map: Option<CString>,
    pub(super) gid_map: Option<CString>,
    pub(super) propagation: c_ulong,
    pub(super) setsid: bool,
    /// -1: unset; 0: a group of its own; > 0: that group.
    pub(super) pgroup: libc::pid_t,
    pub(super) cwd: Option<CString>,
    pub(super) uid: Option<libc::uid_t>,
    pub(super) gid: Option<libc::gid_t>,
    pub(super) groups: Option<Vec<libc::gid_t>>,
    pub(super) no_new_privs: bool,
    pub(super) pdeathsig: c_int,
    pub(super) umask: Option<libc::mode_t>,
    pub(super) nice: Option<c_int>,
    /// (resource, soft, hard), in the order given.
    pub(super) rlimits: Vec<(c_int, u64, u64)>,
    /// The fd actions (set_fd and the add_* actions), in the order given.
    pub(super) fds: Vec<FdAction>,
    /// The cgroup v2 directory the child starts in.
    pub(super) cgroup: Option<OwnedFd>,
    /// RNS_SPAWN_* flags (rns_spawn_attr_set_flags()).
    pub(super) flags: c_int,
    /// The signal mask the program starts with, as the kernel's 64-bit set (bit N-1: signal
    /// N), glibc's internal signals left out; 0: none blocked.
    pub(super) sigmask: u64,
    /// Signals set to SIG_DFL in the child, ignored ones included, as the kernel's set.
    pub(super) sigdefault: u64,
    /// RESETIDS aside, the identity attributes (identity.rs): scheduler, root, capabilities.
    pub(super) ident: super::identity::Identity,
    /// The child's fd made its controlling terminal (rns_spawn_attr_set_ctty()), or -1.
    pub(super) ctty: c_int,
    /// The seccomp filter and Landlock ruleset (sandbox.rs).
    pub(super) sandbox: super::sandbox::Sandbox,
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
            sigmask: 0,
            sigdefault: 0,
            ident: Default::default(),
            ctty: -1,
            sandbox: Default::default(),
        }
    }
}

pub(super) fn owned(fd: c_int) -> OwnedFd {
    // SAFETY: the callers pass an fd the kernel just gave them.
    unsafe { OwnedFd::from_raw_fd(fd) }
}

/// An O_CLOEXEC duplicate of the caller's fd, at `min` or above.
pub(super) fn dup_at(fd: c_int, min: c_int) -> Result<OwnedFd> {
    if fd < 0 {
        return Err(Errno::EBADF);
    }
    // SAFETY: plain fcntl; the kernel checks the fd.
    Ok(owned(cvt(unsafe {
        libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, min)
    })?))
}

/// A setter's path: NULL clears it (None); an empty one is EINVAL; else a copy.
///
/// # Safety
/// `path` is NULL or a NUL-terminated string.
pub(super) unsafe fn path_arg(path: *const c_char) -> Result<Option<CString>> {
    if path.is_null() {
        return Ok(None);
    }
    let p = CStr::from_ptr(path);
    if p.to_bytes().is_empty() {
        return Err(Errno::EINVAL);
    }
    Ok(Some(p.to_owned()))
}

/// The attribute behind a setter's pointer: `EFAULT` when NULL.
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
pub(super) unsafe fn attr_mut<'a>(attr: *mut rns_spawn_attr) -> Result<&'a mut rns_spawn_attr> {
    attr.as_mut().ok_or(Errno::EFAULT)
}

/// Makes a spawn attribute object with the defaults: no namespaces created or joined, private
/// mount propagation for a new mount namespace, the caller's session, process group, cwd,
/// credentials and fds 0-2; every other fd closed (see rns_spawn_attr_set_fd() and
/// RNS_SPAWN_KEEP_FDS).
///
/// Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
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
/// Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
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
/// Kernel: at rns_spawn(), each type from its kernel (user 3.8, cgroup 4.6, time 5.6 with
/// clone3 5.3).
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
/// Kernel: at rns_spawn(), setns(2) of each type from its kernel; a pidfd join 5.8 (-EINVAL at
/// RNS_SPAWN_STEP_JOIN before).
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
/// Kernel: at rns_spawn(), user namespaces (3.8); an ordinary user's one-line map 3.8, "deny"
/// to setgroups 3.19.
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
/// map. When the caller lacks CAP_SETGID (or sets RNS_SPAWN_SETGROUPS_DENY), "deny" is written
/// to /proc/PID/setgroups first, as the kernel requires of an unprivileged writer (and
/// unshare's --setgroups deny asks); the program then cannot call setgroups(2)
/// (nor can rns_spawn_attr_set_groups() apply: RNS_SPAWN_STEP_GROUPS, -EPERM).
///
/// Kernel: as rns_spawn_attr_set_uid_map().
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
/// Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
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
/// Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
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
/// Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
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
/// Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
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
        a.cwd = path_arg(path)?;
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
/// Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
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
/// Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
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
/// Kernel: at rns_spawn(), Linux 3.5 (PR_SET_NO_NEW_PRIVS).
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
/// Kernel: at rns_spawn(), every kernel; the parent's exit checked by a pidfd in another pid
/// namespace from 5.3 (not checked before).
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
/// Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
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
/// Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
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
/// Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
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
/// Kernel: at rns_spawn(), CLONE_INTO_CGROUP from 5.7; before, the child writes itself into
/// cgroup.procs.
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
/// - RNS_SPAWN_RESETIDS (POSIX_SPAWN_RESETIDS): the child's effective gid, then its effective
///   uid, become the real ones (setresgid/setresuid(-1, real, -1): the saved ids stay), at
///   RNS_SPAWN_STEP_GID and RNS_SPAWN_STEP_UID, as glibc's posix_spawn does (which resets
///   the uid first: the same outcome, since an effective gid may always become the real one;
///   here the groups and gid are set while the effective uid still has its privilege). An
///   id set by rns_spawn_attr_set_ids() wins: that one is not reset.
/// - RNS_SPAWN_KEEP_FDS (Since: 0.3): the caller's fds without FD_CLOEXEC stay open in the
///   program, as with posix_spawn, os/exec and child_process (which close none). Without it
///   (librns's default) every fd >= 3 that no fd action opens or duplicates onto is closed.
/// - RNS_SPAWN_NOCTTY (Since: 0.3): the child detaches from its controlling terminal (ioctl
///   TIOCNOTTY on its fd 0, after the fd actions; Go's SysProcAttr Noctty); -ENOTTY at
///   RNS_SPAWN_STEP_TTY when fd 0 is not its controlling terminal. A session leader that
///   detaches sends SIGHUP to the terminal's foreground group, as the kernel does.
/// - RNS_SPAWN_SETGROUPS_DENY (Since: 0.3): "deny" written to a new user namespace's
///   setgroups before its gid map, also by a caller with CAP_SETGID (see there).
///
/// Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
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

/// A caller's signal set as the kernel's 64-bit set (its first word: Linux has 64 signals);
/// NULL: empty.
unsafe fn sigset_arg(set: *const libc::sigset_t) -> u64 {
    if set.is_null() {
        0
    } else {
        set.cast::<u64>().read_unaligned()
    }
}

/// glibc's internal signals (SIGCANCEL 32, SIGSETXID 33), which its own sigprocmask never
/// blocks: a program starting with them blocked could not be cancelled or change ids.
const GLIBC_INTERNAL: u64 = (1 << 31) | (1 << 32);

/// The signal mask the program starts with (posix_spawnattr_setsigmask with
/// POSIX_SPAWN_SETSIGMASK): set by the child just before execve. NULL: no signal blocked (the
/// default, unlike posix_spawn, whose default is the caller's mask: a library thread or a
/// runtime's masked signals are no program's business).
///
/// Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
/// Scope: library-owned: the attribute, which keeps a copy of `mask`.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL.
/// Since: 0.3
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread; `mask`
/// is NULL or a valid sigset_t.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_sigmask(
    attr: *mut rns_spawn_attr,
    mask: *const libc::sigset_t,
) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        a.sigmask = sigset_arg(mask) & !GLIBC_INTERNAL;
        Ok(())
    })
}

/// Signals the child sets to SIG_DFL before exec, ignored ones included
/// (posix_spawnattr_setsigdefault with POSIX_SPAWN_SETSIGDEF); SIGKILL and SIGSTOP, which
/// cannot change, are left out. Whatever the set, handled signals go back to SIG_DFL (an exec
/// would do it) and ignored ones outside the set stay ignored, as with posix_spawn. NULL:
/// none (the default). A refusal is reported at RNS_SPAWN_STEP_SIGNALS with the signal as
/// the detail.
///
/// Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
/// Scope: library-owned: the attribute, which keeps a copy of `set`.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL.
/// Since: 0.3
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread; `set`
/// is NULL or a valid sigset_t.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_sigdefault(
    attr: *mut rns_spawn_attr,
    set: *const libc::sigset_t,
) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        a.sigdefault = sigset_arg(set);
        Ok(())
    })
}

/// An fd action: the child gets a duplicate of the caller's `parent_fd` as `child_fd` (dup3,
/// without O_CLOEXEC), or, with `parent_fd` -1, `child_fd` closed. The source is the caller's
/// fd as it is now: `parent_fd` is duplicated now (the caller may close its own), and the
/// duplicate is moved off every number an action names before the first action runs (Go's
/// os/exec's two passes), so no action overwrites it. That is the difference from
/// rns_spawn_attr_add_dup2(), whose source is a number of the child's table at that point:
/// set_fd(1, pipe) then add_dup2(1, 2) gives 2>&1 onto the pipe, as posix_spawn's actions do.
/// The actions (this and rns_spawn_attr_add_*()) run in the order given. Fds 0, 1 and 2 are
/// inherited unless an action names them; every other fd of the caller is closed in the
/// child unless an action opens or duplicates onto it (or RNS_SPAWN_KEEP_FDS keeps the
/// caller's fds without FD_CLOEXEC, as posix_spawn does). As for dup2(2), `child_fd` may be
/// any fd below the soft RLIMIT_NOFILE (checked now; a limit lowered before rns_spawn() gives
/// -EBADF at RNS_SPAWN_STEP_FDS). The attribute holds one fd per action with a source;
/// rns_spawn() itself needs one free fd (the pidfd), see there.
///
/// Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
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
        a.fds.push(FdAction::Set {
            target: child_fd,
            src,
        });
        Ok(())
    })
}

/// The soft RLIMIT_NOFILE: the first fd number dup2(2) refuses.
pub(super) fn nofile_soft() -> u64 {
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
