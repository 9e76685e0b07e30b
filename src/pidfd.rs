//! pidfds: pidfd_open(2), pidfd_send_signal(2), pidfd_getfd(2).
//!
//! A pidfd names a process without the pid-reuse race. These calls change no state of the
//! caller beyond the fd they return.

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::raw::{c_int, c_long, c_uint};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::ffi::{call, cvt_syscall, known_bits, Errno, Result};

/// pidfd_open: the pidfd's reads and waitid() do not block (PIDFD_NONBLOCK, Linux 5.10).
pub const RNS_PIDFD_NONBLOCK: c_uint = 0x800;
/// pidfd_open: `pid` may be a thread, not only a thread-group leader (PIDFD_THREAD, Linux 6.9).
pub const RNS_PIDFD_THREAD: c_uint = 0x80;
/// pidfd_send_signal: signal only the thread the pidfd names (Linux 6.9).
pub const RNS_PIDFD_SIGNAL_THREAD: c_uint = 1;
/// pidfd_send_signal: signal the whole thread group (Linux 6.9).
pub const RNS_PIDFD_SIGNAL_THREAD_GROUP: c_uint = 2;
/// pidfd_send_signal: signal the process group of the target (Linux 6.9).
pub const RNS_PIDFD_SIGNAL_PROCESS_GROUP: c_uint = 4;

// The kernel's values (linux/pidfd.h), checked against libc when the crate compiles.
const _: () = {
    assert!(RNS_PIDFD_NONBLOCK == libc::PIDFD_NONBLOCK);
    assert!(RNS_PIDFD_THREAD == libc::PIDFD_THREAD);
    assert!(RNS_PIDFD_SIGNAL_THREAD == libc::PIDFD_SIGNAL_THREAD);
    assert!(RNS_PIDFD_SIGNAL_THREAD_GROUP == libc::PIDFD_SIGNAL_THREAD_GROUP);
    assert!(RNS_PIDFD_SIGNAL_PROCESS_GROUP == libc::PIDFD_SIGNAL_PROCESS_GROUP);
};

/// Set once pidfd_open(2) has answered ENOSYS (a kernel before 5.3, or a sandbox hiding it):
/// later calls do not ask again. A seccomp filter cannot be lifted, so the answer holds for
/// the life of the process.
static NO_PIDFD_OPEN: AtomicBool = AtomicBool::new(false);

/// pidfd_open(2) as an owned fd (the kernel always sets O_CLOEXEC).
pub fn open(pid: libc::pid_t, flags: c_uint) -> Result<OwnedFd> {
    known_bits(flags, RNS_PIDFD_NONBLOCK | RNS_PIDFD_THREAD)?;
    if pid <= 0 {
        return Err(Errno::EINVAL);
    }
    if NO_PIDFD_OPEN.load(Ordering::Relaxed) {
        return Err(Errno::ENOSYS);
    }
    // SAFETY: plain syscall with checked arguments.
    let fd =
        cvt_syscall(unsafe { libc::syscall(libc::SYS_pidfd_open, c_long::from(pid), c_long::from(flags)) })
            .inspect_err(|e| {
            if *e == Errno::ENOSYS {
                NO_PIDFD_OPEN.store(true, Ordering::Relaxed);
            }
        })?;
    // SAFETY: the kernel just gave us this fd.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// A pidfd for the process `pid` names, to look it up without the pid-reuse race:
/// `Ok(None)` when the kernel has no pidfd_open (ENOSYS); `ESRCH` for no such process and
/// for a thread id that is not a process id (pidfd_open says EINVAL before Linux 6.9,
/// ENOENT since).
pub fn pin(pid: libc::pid_t) -> Result<Option<OwnedFd>> {
    match open(pid, 0) {
        Ok(fd) => Ok(Some(fd)),
        Err(Errno::ENOSYS) => Ok(None),
        Err(Errno::EINVAL | Errno::ENOENT) => Err(Errno::ESRCH),
        Err(e) => Err(e),
    }
}

/// Whether the pidfd's process has exited (a zombie counts as exited): poll(2) reports
/// POLLIN then. Used after reading /proc by pid: if the process is still running, the pid
/// named it the whole time.
pub fn exited(pidfd: &OwnedFd) -> bool {
    let mut p = libc::pollfd {
        fd: pidfd.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, no wait.
    let n = unsafe { libc::poll(&mut p, 1, 0) };
    n != 0 && (n < 0 || p.revents & (libc::POLLIN | libc::POLLHUP | libc::POLLERR) != 0)
}

/// The pidfd's pid as the mounted /proc numbers it (the "Pid:" line of its fdinfo, which
/// the kernel gives in the pid namespace /proc was mounted for, not the caller's): the name
/// of its /proc directory. `ESRCH` when it has exited; `ENOSYS` when /proc is missing or
/// does not show the process (a /proc of a pid namespace it is not in).
pub fn proc_pid(pidfd: &OwnedFd) -> Result<libc::pid_t> {
    let text = std::fs::read_to_string(format!("/proc/self/fdinfo/{}", pidfd.as_raw_fd()))
        .map_err(|_| Errno::ENOSYS)?;
    let pid = text
        .lines()
        .find_map(|l| l.strip_prefix("Pid:"))
        .and_then(|v| v.trim().parse::<libc::pid_t>().ok())
        .ok_or(Errno::ENOSYS)?;
    // -1: the process has exited; 0: /proc's pid namespace does not show it.
    match pid {
        p if p < 0 => Err(Errno::ESRCH),
        0 => Err(Errno::ENOSYS),
        p => Ok(p),
    }
}

/// Opens a pidfd for process `pid` (pidfd_open(2), Linux 5.3).
///
/// `flags` is 0 or an OR of RNS_PIDFD_NONBLOCK and RNS_PIDFD_THREAD. Poll the fd for POLLIN
/// to learn that the process exited.
///
/// Scope: reads only.
/// Returns: the pidfd (always O_CLOEXEC). The caller closes it.
/// Errors: -EINVAL `pid` <= 0 or unknown bits in `flags` (also RNS_PIDFD_THREAD before Linux
/// 6.9); -ENOENT (Linux 6.9+; -EINVAL before) `pid` is a thread, not a process, and
/// RNS_PIDFD_THREAD is not given; -ESRCH no such process; -EMFILE/-ENFILE out of fds; -ENOSYS
/// kernel older than 5.3, or a sandbox (seccomp profile) hides pidfd_open.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_pidfd_open(pid: libc::pid_t, flags: c_uint) -> c_int {
    call(|| open(pid, flags))
}

/// Sends signal `sig` to the process that `pidfd` refers to (pidfd_send_signal(2), Linux 5.1).
///
/// `flags` is 0 (the whole process) or one of RNS_PIDFD_SIGNAL_THREAD, _THREAD_GROUP,
/// _PROCESS_GROUP (Linux 6.9). `sig` 0 checks that the process exists and may be signalled.
///
/// Scope: process (sends a signal; changes nothing in the caller).
/// Returns: 0.
/// Errors: -EBADF `pidfd` is not an open pidfd; -EINVAL bad `sig` or unknown `flags` bits;
/// -EPERM not allowed to signal it; -ESRCH it has exited; -ENOSYS kernel older than 5.1, or
/// a sandbox hides pidfd_send_signal.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_pidfd_send_signal(pidfd: c_int, sig: c_int, flags: c_uint) -> c_int {
    call(|| {
        known_bits(
            flags,
            RNS_PIDFD_SIGNAL_THREAD | RNS_PIDFD_SIGNAL_THREAD_GROUP | RNS_PIDFD_SIGNAL_PROCESS_GROUP,
        )?;
        if pidfd < 0 {
            return Err(Errno::EBADF);
        }
        let info: *const libc::siginfo_t = std::ptr::null();
        // SAFETY: plain syscall; a NULL siginfo asks the kernel to fill in a kill()-like one.
        cvt_syscall(unsafe {
            libc::syscall(
                libc::SYS_pidfd_send_signal,
                c_long::from(pidfd),
                c_long::from(sig),
                info,
                c_long::from(flags),
            )
        })?;
        Ok(0)
    })
}

/// Duplicates fd `targetfd` of the process that `pidfd` refers to into the caller
/// (pidfd_getfd(2), Linux 5.6). Needs ptrace access to that process.
///
/// Scope: process (a new fd in the caller's fd table).
/// Returns: the new fd (always O_CLOEXEC). The caller closes it.
/// Errors: -EINVAL `flags` is not 0; -EBADF `pidfd` is not a pidfd, or `targetfd` is not open
/// in the target; -EPERM no ptrace access; -ESRCH the process has exited; -EMFILE out of fds;
/// -ENOSYS kernel older than 5.6, or a sandbox hides pidfd_getfd.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_pidfd_getfd(pidfd: c_int, targetfd: c_int, flags: c_uint) -> c_int {
    call(|| {
        known_bits(flags, 0)?;
        if pidfd < 0 || targetfd < 0 {
            return Err(Errno::EBADF);
        }
        // SAFETY: plain syscall with checked arguments.
        cvt_syscall(unsafe {
            libc::syscall(
                libc::SYS_pidfd_getfd,
                c_long::from(pidfd),
                c_long::from(targetfd),
                c_long::from(flags),
            )
        })
    })
}
