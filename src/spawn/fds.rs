//! The fd actions and the terminal: one ordered list of actions (rns_spawn_attr_set_fd() and
//! the posix_spawn-style rns_spawn_attr_add_*() calls), RNS_SPAWN_NOCTTY and
//! rns_spawn_attr_set_ctty(); their setters, the fd numbers they name (which the spawn's own
//! fds keep off), and the child's steps.

use std::ffi::CString;
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::raw::{c_char, c_int};

use super::attr::{attr_mut, nofile_soft, rns_spawn_attr};
use super::child::{check, close_range_except, errno, fail};
use super::plan::Plan;
use super::*;
use crate::ffi::{self, call_nc, Errno, Result};

/// One fd action, run in the child in the order added.
pub(super) enum FdAction {
    /// rns_spawn_attr_set_fd(): the attribute's duplicate of the caller's fd onto `target`,
    /// or (None) `target` closed.
    Set { target: c_int, src: Option<OwnedFd> },
    /// posix_spawn_file_actions_addopen.
    Open {
        fd: c_int,
        path: CString,
        oflag: c_int,
        mode: libc::mode_t,
    },
    /// posix_spawn_file_actions_addclose.
    Close(c_int),
    /// posix_spawn_file_actions_adddup2 (fd, newfd).
    Dup2(c_int, c_int),
    /// posix_spawn_file_actions_addchdir_np.
    Chdir(CString),
    /// posix_spawn_file_actions_addfchdir_np.
    Fchdir(c_int),
    /// posix_spawn_file_actions_addclosefrom_np.
    Closefrom(c_int),
    /// posix_spawn_file_actions_addtcsetpgrp_np.
    Tcsetpgrp(c_int),
}

impl FdAction {
    /// The fd numbers of the child's table it names (targets and sources alike).
    fn named(&self) -> [Option<c_int>; 2] {
        match *self {
            FdAction::Set { target, .. } => [Some(target), None],
            FdAction::Open { fd, .. } | FdAction::Close(fd) => [Some(fd), None],
            FdAction::Dup2(fd, newfd) => [Some(fd), Some(newfd)],
            FdAction::Fchdir(fd) | FdAction::Tcsetpgrp(fd) => [Some(fd), None],
            FdAction::Chdir(_) | FdAction::Closefrom(_) => [None, None],
        }
    }

    /// The fd it leaves open (opened or duplicated onto), kept when other fds are closed.
    fn kept(&self) -> Option<c_int> {
        match *self {
            FdAction::Set { target, src: Some(_) } => Some(target),
            FdAction::Open { fd, .. } => Some(fd),
            FdAction::Dup2(_, newfd) => Some(newfd),
            _ => None,
        }
    }
}

/// The fd numbers the actions and the terminal name, with 0-2, sorted: no fd of the spawn's
/// own sits on one while the child needs it. And those the actions keep open, >= 3, sorted.
pub(super) fn named_and_kept(a: &rns_spawn_attr) -> (Vec<c_int>, Vec<c_int>) {
    let mut named = vec![0, 1, 2];
    named.extend(a.fds.iter().flat_map(|f| f.named()).flatten());
    if a.ctty >= 0 {
        named.push(a.ctty);
    }
    named.sort_unstable();
    named.dedup();
    let mut kept: Vec<c_int> = a
        .fds
        .iter()
        .filter_map(|f| f.kept())
        .filter(|&t| t >= 3)
        .collect();
    kept.sort_unstable();
    kept.dedup();
    (named, kept)
}

/// `fd` as an action may name it: >= 0 and below the soft RLIMIT_NOFILE, else EBADF.
fn valid_fd(fd: c_int) -> Result<c_int> {
    if fd < 0 || fd as u64 >= nofile_soft() {
        return Err(Errno::EBADF);
    }
    Ok(fd)
}

/// Appends an action to the attribute's list.
unsafe fn push(attr: *mut rns_spawn_attr, action: impl FnOnce() -> Result<FdAction>) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        let act = action()?;
        a.fds.try_reserve(1).map_err(|_| Errno(libc::ENOMEM))?;
        a.fds.push(act);
        Ok(())
    })
}

/// An fd action (posix_spawn_file_actions_addopen): the child opens `path` with `oflag` and
/// `mode` (open(2); `fd` closed first, as glibc does) and, where the kernel gave another
/// number, moves it onto `fd` (dup2, so without O_CLOEXEC) and closes that one. Like every
/// rns_spawn_attr_add_*() action it acts on the child's fd table as the actions before it
/// left it, in the order added, among the rns_spawn_attr_set_fd() actions; a relative path
/// is taken from the child's cwd at that point (see rns_spawn_attr_add_chdir()). `fd` is
/// kept open when the other fds are closed. A failure comes back from rns_spawn() at
/// RNS_SPAWN_STEP_FDS with open(2)'s errno (-ENOENT, -EACCES, ...) and the action's index in
/// the list (set_fd actions count) as the record's detail (rns_spawn_last_detail()).
///
/// Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
/// Scope: library-owned: the attribute, which keeps a copy of `path`.
/// Returns: 0.
/// Errors: -EFAULT `attr` or `path` is NULL; -EBADF `fd` < 0 or not below the soft
/// RLIMIT_NOFILE; -ENOMEM.
/// Since: 0.3
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread; `path`
/// is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_add_open(
    attr: *mut rns_spawn_attr,
    fd: c_int,
    path: *const c_char,
    oflag: c_int,
    mode: libc::mode_t,
) -> c_int {
    push(attr, || {
        let path = ffi::cstr(path)?.to_owned();
        Ok(FdAction::Open {
            fd: valid_fd(fd)?,
            path,
            oflag,
            mode,
        })
    })
}

/// An fd action (posix_spawn_file_actions_addclose): the child closes `fd`. As with glibc,
/// an `fd` that is not open then is no failure.
///
/// Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
/// Scope: library-owned: the attribute.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EBADF `fd` < 0 or not below the soft RLIMIT_NOFILE (a
/// limit lowered before rns_spawn() gives -EBADF at RNS_SPAWN_STEP_FDS); -ENOMEM.
/// Since: 0.3
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_add_close(attr: *mut rns_spawn_attr, fd: c_int) -> c_int {
    push(attr, || Ok(FdAction::Close(valid_fd(fd)?)))
}

/// An fd action (posix_spawn_file_actions_adddup2): the child duplicates its own `fd`, as
/// the actions before left it, onto `newfd` (dup2(2), without O_CLOEXEC); `fd` == `newfd`
/// clears FD_CLOEXEC of `fd` (as glibc >= 2.29 and POSIX 2024). So rns_spawn_attr_set_fd(attr,
/// 1, pipe) then rns_spawn_attr_add_dup2(attr, 1, 2) gives the program 2>&1 onto the pipe.
/// Unlike rns_spawn_attr_set_fd(), whose source is the caller's fd when set_fd is called
/// (duplicated then), the source here is a number in the child's table at that point.
/// `newfd` is kept open when the other fds are closed. Errors of dup2(2) (-EBADF: `fd` not
/// open there) at RNS_SPAWN_STEP_FDS, with the action's index as the detail.
///
/// Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
/// Scope: library-owned: the attribute.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EBADF `fd` or `newfd` < 0 or not below the soft
/// RLIMIT_NOFILE; -ENOMEM.
/// Since: 0.3
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_add_dup2(
    attr: *mut rns_spawn_attr,
    fd: c_int,
    newfd: c_int,
) -> c_int {
    push(attr, || Ok(FdAction::Dup2(valid_fd(fd)?, valid_fd(newfd)?)))
}

/// An fd action (posix_spawn_file_actions_addchdir_np): the child changes to `path` (chdir(2),
/// relative to its cwd at that point: after rns_spawn_attr_set_cwd() and the actions before).
/// Errors of chdir(2) (-ENOENT, -EACCES, -ENOTDIR) at RNS_SPAWN_STEP_FDS, with the action's
/// index as the detail.
///
/// Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
/// Scope: library-owned: the attribute, which keeps a copy of `path`.
/// Returns: 0.
/// Errors: -EFAULT `attr` or `path` is NULL; -ENOMEM.
/// Since: 0.3
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread; `path`
/// is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_add_chdir(attr: *mut rns_spawn_attr, path: *const c_char) -> c_int {
    push(attr, || Ok(FdAction::Chdir(ffi::cstr(path)?.to_owned())))
}

/// An fd action (posix_spawn_file_actions_addfchdir_np): the child changes to the directory
/// of its own `fd` at that point (fchdir(2)). Errors of fchdir(2) (-EBADF, -ENOTDIR) at
/// RNS_SPAWN_STEP_FDS, with the action's index as the detail. Unlike glibc, which takes any
/// `fd` here, an `fd` out of range is refused now, as for the other actions.
///
/// Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
/// Scope: library-owned: the attribute.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EBADF `fd` < 0 or not below the soft RLIMIT_NOFILE;
/// -ENOMEM.
/// Since: 0.3
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_add_fchdir(attr: *mut rns_spawn_attr, fd: c_int) -> c_int {
    push(attr, || Ok(FdAction::Fchdir(valid_fd(fd)?)))
}

/// An fd action (posix_spawn_file_actions_addclosefrom_np): the child closes every fd >=
/// `lowfd` it has at that point (close_range(2)), the spawn's own close-on-exec fds (its
/// report pipe, the rns_spawn_attr_set_fd() sources not yet applied) excepted. Actions after
/// it may open fds again.
///
/// Kernel: at rns_spawn() (Linux 5.2), close_range(2) where CLOSE_RANGE_CLOEXEC is known
/// (5.11); before, a /proc/self/fd listing in the child.
/// Scope: library-owned: the attribute.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EBADF `lowfd` < 0 or not below the soft RLIMIT_NOFILE;
/// -ENOMEM.
/// Since: 0.3
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_add_closefrom(attr: *mut rns_spawn_attr, lowfd: c_int) -> c_int {
    push(attr, || Ok(FdAction::Closefrom(valid_fd(lowfd)?)))
}

/// An fd action (posix_spawn_file_actions_addtcsetpgrp_np, glibc 2.35): the child's process
/// group (after rns_spawn_attr_set_setsid() and rns_spawn_attr_set_pgroup()) becomes the
/// foreground group of the terminal at the child's `fd` (tcsetpgrp(3): ioctl TIOCSPGRP).
/// The child's signals are all blocked until exec, so a child in a background group is not
/// stopped by SIGTTOU. Errors of TIOCSPGRP (-ENOTTY: not the child's controlling terminal,
/// -EPERM: another session's group, -EBADF) at RNS_SPAWN_STEP_FDS, with the action's index as
/// the detail.
///
/// Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
/// Scope: library-owned: the attribute.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EBADF `fd` < 0 or not below the soft RLIMIT_NOFILE;
/// -ENOMEM.
/// Since: 0.3
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_add_tcsetpgrp(attr: *mut rns_spawn_attr, fd: c_int) -> c_int {
    push(attr, || Ok(FdAction::Tcsetpgrp(valid_fd(fd)?)))
}

/// The child's controlling terminal: the terminal at the child's `fd` after the fd actions
/// (ioctl TIOCSCTTY, as Go's SysProcAttr Setctty with Ctty, and after RNS_SPAWN_NOCTTY as
/// there); -1: none (the default). The child must lead a session without a terminal
/// (rns_spawn_attr_set_setsid()), else the kernel's -EPERM comes back. Unlike Go and
/// setsid(1) --ctty, which pass 1 and so let root steal a terminal another session holds,
/// the argument is 0: such a terminal gives -EPERM for root too. Failures at
/// RNS_SPAWN_STEP_TTY with `fd` as the detail.
///
/// Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
/// Scope: library-owned: the attribute.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EBADF `fd` < -1 or not below the soft RLIMIT_NOFILE.
/// Since: 0.3
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_ctty(attr: *mut rns_spawn_attr, fd: c_int) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        a.ctty = if fd == -1 { -1 } else { valid_fd(fd)? };
        Ok(())
    })
}

/// A close-on-exec duplicate of `fd` at the lowest free fd >= 3 that no action names, or -1.
/// A free named fd met on the way is closed again (the caller had no fd there, so neither
/// may the actions see one).
pub(super) fn dup_off_named(p: &Plan, fd: c_int) -> c_int {
    let mut min = 3;
    loop {
        // SAFETY: plain fcntl.
        let m = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, min) };
        if m < 0 || p.targets.binary_search(&m).is_err() {
            return m;
        }
        // SAFETY: the duplicate just made.
        unsafe { libc::close(m) };
        min = m + 1;
    }
}

/// Pass 1: every set_fd source off the named fds (into the plan's scratch), so that no action
/// overwrites a later one's source; then the attribute's own fds that sit on a named number
/// closed there (the caller had no fd of that number, so neither does the child).
fn move_sources(p: &mut Plan) {
    let a = p.attr;
    for (i, act) in a.fds.iter().enumerate() {
        let FdAction::Set { src: Some(src), .. } = act else {
            continue;
        };
        let src = src.as_raw_fd();
        let moved = if p.targets.binary_search(&src).is_ok() {
            dup_off_named(p, src)
        } else {
            src
        };
        check(p, moved as _, RNS_SPAWN_STEP_FDS, i as c_int);
        if let Some(s) = p.scratch.get_mut(i) {
            *s = moved;
        }
    }
    let own = a.fds.iter().filter_map(|f| match f {
        FdAction::Set { src: Some(s), .. } => Some(s.as_raw_fd()),
        _ => None,
    });
    let own = own
        .chain(a.join.iter().map(|(fd, _)| fd.as_raw_fd()))
        .chain(a.cgroup.as_ref().map(|fd| fd.as_raw_fd()));
    for fd in own {
        if p.targets.binary_search(&fd).is_ok() {
            // SAFETY: the attribute's fd, in the child's own table.
            unsafe { libc::close(fd) };
        }
    }
}

/// The spawn's own fds that must outlive the actions, sorted into the plan's `internal`:
/// the report pipe, the listing, the parent's pidfd, the Landlock ruleset, the moved set_fd
/// sources.
fn note_internal(p: &mut Plan, listing: c_int) {
    let fixed = [p.report_w, listing, p.parent_pidfd, p.landlock];
    let n = p.scratch.len();
    for (i, slot) in p.internal.iter_mut().enumerate() {
        *slot = if i < n {
            p.scratch[i]
        } else {
            fixed.get(i - n).copied().unwrap_or(-1)
        };
    }
    p.internal.sort_unstable();
}

/// The fd actions in the order added, each failure at RNS_SPAWN_STEP_FDS with its index.
pub(super) fn run_actions(p: &mut Plan, listing: c_int) {
    if p.attr.fds.is_empty() {
        return;
    }
    move_sources(p);
    note_internal(p, listing);
    for (i, act) in p.attr.fds.iter().enumerate() {
        let moved = p.scratch.get(i).copied().unwrap_or(-1);
        if let Err(e) = run_one(p, act, moved, listing) {
            fail(p, RNS_SPAWN_STEP_FDS, e, i as c_int);
        }
    }
}

/// A raw call's result: Err(errno) when negative.
fn ok(r: c_int) -> std::result::Result<(), c_int> {
    if r < 0 {
        Err(errno())
    } else {
        Ok(())
    }
}

/// One action, as glibc's spawni.c runs it; `moved` is a set_fd source after pass 1.
fn run_one(p: &Plan, act: &FdAction, moved: c_int, listing: c_int) -> std::result::Result<(), c_int> {
    // SAFETY: plain fd syscalls on the child's own table, with the attribute's C strings.
    unsafe {
        match act {
            FdAction::Set { target, src: Some(_) } => ok(libc::dup3(moved, *target, 0)),
            FdAction::Set { target, src: None } => {
                libc::close(*target); // not open: no failure
                Ok(())
            }
            FdAction::Open {
                fd,
                path,
                oflag,
                mode,
            } => open_onto(*fd, path, *oflag, *mode),
            FdAction::Close(fd) => {
                if libc::close(*fd) < 0 && *fd as u64 >= nofile_soft() {
                    return Err(libc::EBADF);
                }
                Ok(())
            }
            FdAction::Dup2(fd, newfd) if fd == newfd => {
                let fl = libc::fcntl(*fd, libc::F_GETFD);
                ok(fl)?;
                ok(libc::fcntl(*fd, libc::F_SETFD, fl & !libc::FD_CLOEXEC))
            }
            FdAction::Dup2(fd, newfd) => ok(libc::dup2(*fd, *newfd)),
            FdAction::Chdir(path) => ok(libc::chdir(path.as_ptr())),
            FdAction::Fchdir(fd) => ok(libc::fchdir(*fd)),
            FdAction::Closefrom(low) => close_from(p, *low, listing),
            FdAction::Tcsetpgrp(fd) => {
                let pgrp = libc::getpgid(0);
                ok(libc::ioctl(*fd, libc::TIOCSPGRP, &pgrp as *const libc::pid_t))
            }
        }
    }
}

/// addopen: `fd` closed, `path` opened, moved onto `fd` where the kernel gave another number.
unsafe fn open_onto(
    fd: c_int,
    path: &CString,
    oflag: c_int,
    mode: libc::mode_t,
) -> std::result::Result<(), c_int> {
    libc::close(fd);
    let got = libc::open(path.as_ptr(), oflag, mode as libc::c_uint);
    ok(got)?;
    if got != fd {
        let r = libc::dup2(got, fd);
        let e = errno();
        libc::close(got);
        if r < 0 {
            return Err(e);
        }
    }
    Ok(())
}

/// closefrom: every fd >= `low` closed but the spawn's own (close_range(2), or the listing).
fn close_from(p: &Plan, low: c_int, listing: c_int) -> std::result::Result<(), c_int> {
    close_range_except(p, low, &p.internal, 0, listing)
}

/// RNS_SPAWN_NOCTTY (ioctl TIOCNOTTY on fd 0), then rns_spawn_attr_set_ctty() (TIOCSCTTY),
/// in Go's order; failures at RNS_SPAWN_STEP_TTY with the fd as the detail.
pub(super) fn set_terminal(p: &Plan) {
    let a = p.attr;
    // SAFETY: plain ioctls with integer arguments.
    unsafe {
        if a.flags & RNS_SPAWN_NOCTTY != 0 {
            check(p, libc::ioctl(0, libc::TIOCNOTTY, 0) as _, RNS_SPAWN_STEP_TTY, 0);
        }
        if a.ctty >= 0 {
            check(
                p,
                libc::ioctl(a.ctty, libc::TIOCSCTTY, 0) as _,
                RNS_SPAWN_STEP_TTY,
                a.ctty,
            );
        }
    }
}

/// Whether the child closes the caller's other fds (no RNS_SPAWN_KEEP_FDS).
pub(super) fn closes_others(a: &rns_spawn_attr) -> bool {
    a.flags & RNS_SPAWN_KEEP_FDS == 0
}

/// Whether the child needs a /proc/self/fd listing: fds to close or mark without
/// CLOSE_RANGE_CLOEXEC.
pub(super) fn needs_listing(p: &Plan) -> bool {
    !p.close_range
        && (closes_others(p.attr) || p.attr.fds.iter().any(|f| matches!(f, FdAction::Closefrom(_))))
}
