//! Process groups, sessions and the terminal's foreground group: setpgid(2), setsid(2),
//! tcsetpgrp(3), killpg(3).
//!
//! These act on processes, not threads: a process's group and session are shared by all
//! its threads.

use std::os::raw::c_int;

use crate::ffi::{call, cvt, Errno};

/// Moves process `pid` (0: the caller) into process group `pgid` (0: a group of its own pid).
///
/// The shell pattern is to call this in both parent and child after fork(), so the child is
/// in its group before either goes on.
///
/// Kernel: every kernel.
/// Scope: process.
/// Returns: 0.
/// Errors: -EINVAL `pid` or `pgid` < 0; -ESRCH `pid` is neither the caller nor its child;
/// -EPERM `pid` is a session leader, or `pgid` is a group of another session or does not
/// exist; -EACCES the child has already exec'd.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_setpgid(pid: libc::pid_t, pgid: libc::pid_t) -> c_int {
    call(|| {
        if pid < 0 || pgid < 0 {
            return Err(Errno::EINVAL);
        }
        // SAFETY: plain syscall.
        cvt(unsafe { libc::setpgid(pid, pgid) })
    })
}

/// The process group id of process `pid` (0: the caller).
///
/// Kernel: every kernel.
/// Scope: reads only.
/// Returns: the pgid.
/// Errors: -ESRCH no such process (or `pid` < 0); -EPERM (on some systems) it is in another
/// session.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_getpgid(pid: libc::pid_t) -> c_int {
    call(|| {
        if pid < 0 {
            return Err(Errno::ESRCH);
        }
        // SAFETY: plain syscall.
        cvt(unsafe { libc::getpgid(pid) })
    })
}

/// Makes the caller the leader of a new process group of its own pid (setpgid(0, 0)).
///
/// Kernel: every kernel.
/// Scope: process.
/// Returns: 0.
/// Errors: -EPERM the caller is a session leader.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_setpgrp() -> c_int {
    rns_setpgid(0, 0)
}

/// The caller's process group id. Cannot fail.
///
/// Kernel: every kernel.
/// Scope: reads only.
/// Returns: the pgid.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_getpgrp() -> c_int {
    // SAFETY: plain syscall that cannot fail.
    call(|| Ok(unsafe { libc::getpgrp() }))
}

/// Starts a new session, with the caller as leader of it and of a new process group, and no
/// controlling terminal.
///
/// Kernel: every kernel.
/// Scope: process.
/// Returns: the new session id (the caller's pid).
/// Errors: -EPERM the caller is already a process group leader (fork first and call this in
/// the child).
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_setsid() -> c_int {
    // SAFETY: plain syscall.
    call(|| cvt(unsafe { libc::setsid() }))
}

/// The session id of process `pid` (0: the caller).
///
/// Kernel: every kernel.
/// Scope: reads only.
/// Returns: the sid.
/// Errors: -ESRCH no such process (or `pid` < 0); -EPERM (on some systems) it is in another
/// session.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_getsid(pid: libc::pid_t) -> c_int {
    call(|| {
        if pid < 0 {
            return Err(Errno::ESRCH);
        }
        // SAFETY: plain syscall.
        cvt(unsafe { libc::getsid(pid) })
    })
}

/// The foreground process group of the terminal `fd`, which must be the caller's
/// controlling terminal.
///
/// Kernel: every kernel (TIOCGPGRP).
/// Scope: reads only.
/// Returns: the foreground pgid.
/// Errors: -EBADF `fd` is not open; -ENOTTY `fd` is not a terminal, or not the caller's
/// controlling terminal.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_tcgetpgrp(fd: c_int) -> c_int {
    call(|| {
        if fd < 0 {
            return Err(Errno::EBADF);
        }
        // SAFETY: plain ioctl wrapper; the kernel checks the fd.
        cvt(unsafe { libc::tcgetpgrp(fd) })
    })
}

/// Makes `pgrp` the foreground process group of the caller's controlling terminal `fd`.
///
/// A caller in a background group gets SIGTTOU unless it blocks or ignores it.
///
/// Kernel: every kernel (TIOCSPGRP).
/// Scope: process (the terminal's state).
/// Returns: 0.
/// Errors: -EINVAL `pgrp` < 0; -EBADF `fd` is not open; -ENOTTY `fd` is not the caller's
/// controlling terminal; -EPERM `pgrp` is not a group of the caller's session; -ESRCH no
/// process group `pgrp` exists.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_tcsetpgrp(fd: c_int, pgrp: libc::pid_t) -> c_int {
    call(|| {
        if pgrp < 0 {
            return Err(Errno::EINVAL);
        }
        if fd < 0 {
            return Err(Errno::EBADF);
        }
        // SAFETY: plain ioctl wrapper; the kernel checks the fd.
        cvt(unsafe { libc::tcsetpgrp(fd, pgrp) })
    })
}

/// Sends signal `sig` to every process of process group `pgrp` (0: the caller's group).
///
/// Group 1 is refused: kill(-1) would signal every process the caller may signal, not a group.
///
/// Kernel: every kernel.
/// Scope: process (sends signals).
/// Returns: 0.
/// Errors: -EINVAL `pgrp` < 0 or 1, or bad `sig`; -ESRCH no such group; -EPERM not allowed to
/// signal any of its members.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_killpg(pgrp: libc::pid_t, sig: c_int) -> c_int {
    call(|| {
        if pgrp < 0 || pgrp == 1 {
            return Err(Errno::EINVAL);
        }
        // SAFETY: plain syscall; pgrp is neither negative nor 1, so -pgrp names a group (or,
        // for 0, the caller's group).
        cvt(unsafe { libc::kill(-pgrp, sig) })
    })
}
