//! pidfds: pidfd_open(2), pidfd_send_signal(2), pidfd_getfd(2).
//!
//! A pidfd names a process without the pid-reuse race. These calls change no state of the
//! caller beyond the fd they return.

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::raw::{c_int, c_long, c_uint};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::ffi::{call_nc, cvt, cvt_syscall, known_bits, Errno, Result};

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
/// In place of a pidfd: the calling thread (PIDFD_SELF_THREAD, Linux 6.15). Not an fd: only
/// rns_pidfd_send_signal() and rns_pidfd_getfd() pass it to the kernel (which, before 6.15,
/// answers -EBADF); the calls that need an fd answer -EBADF.
pub const RNS_PIDFD_SELF_THREAD: c_int = -10000;
/// In place of a pidfd: the calling process (PIDFD_SELF_THREAD_GROUP, Linux 6.15); as
/// RNS_PIDFD_SELF_THREAD.
pub const RNS_PIDFD_SELF_THREAD_GROUP: c_int = -10001;

// The kernel's values (linux/pidfd.h), checked against libc when the crate compiles.
const _: () = {
    assert!(RNS_PIDFD_NONBLOCK == libc::PIDFD_NONBLOCK);
    assert!(RNS_PIDFD_THREAD == libc::PIDFD_THREAD);
    assert!(RNS_PIDFD_SIGNAL_THREAD == libc::PIDFD_SIGNAL_THREAD);
    assert!(RNS_PIDFD_SIGNAL_THREAD_GROUP == libc::PIDFD_SIGNAL_THREAD_GROUP);
    assert!(RNS_PIDFD_SIGNAL_PROCESS_GROUP == libc::PIDFD_SIGNAL_PROCESS_GROUP);
};

/// `EBADF` for a negative `pidfd` other than the RNS_PIDFD_SELF_* values, which go to the
/// kernel as they are (it answers EBADF before Linux 6.15).
fn pidfd_or_self(pidfd: c_int) -> Result<()> {
    match pidfd {
        RNS_PIDFD_SELF_THREAD | RNS_PIDFD_SELF_THREAD_GROUP => Ok(()),
        p if p < 0 => Err(Errno::EBADF),
        _ => Ok(()),
    }
}

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
/// Kernel: Linux 5.3 (pidfd_open(2)); -ENOSYS before; RNS_PIDFD_NONBLOCK 5.10, RNS_PIDFD_THREAD
/// 6.9 (-EINVAL before).
/// Scope: reads only.
/// Returns: the pidfd (always O_CLOEXEC). The caller closes it.
/// Errors: -EINVAL `pid` <= 0 or unknown bits in `flags` (also RNS_PIDFD_THREAD before Linux
/// 6.9); -ENOENT (Linux 6.9+; -EINVAL before) `pid` is a thread, not a process, and
/// RNS_PIDFD_THREAD is not given; -ESRCH no such process; -EMFILE/-ENFILE out of fds; -ENOSYS
/// kernel older than 5.3, or a sandbox (seccomp profile) hides pidfd_open.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_pidfd_open(pid: libc::pid_t, flags: c_uint) -> c_int {
    call_nc(|| open(pid, flags))
}

/// Sends signal `sig` to the process that `pidfd` refers to (pidfd_send_signal(2), Linux 5.1).
///
/// `flags` is 0 (the whole process) or one of RNS_PIDFD_SIGNAL_THREAD, _THREAD_GROUP,
/// _PROCESS_GROUP (Linux 6.9). `sig` 0 checks that the process exists and may be signalled.
/// `pidfd` may be RNS_PIDFD_SELF_THREAD (the calling thread) or RNS_PIDFD_SELF_THREAD_GROUP
/// (the calling process), Linux 6.15.
///
/// Kernel: Linux 5.1 (pidfd_send_signal(2)); -ENOSYS before; flags 6.9 (-EINVAL before),
/// RNS_PIDFD_SELF_* 6.15 (-EBADF before).
/// Scope: process (sends a signal; changes nothing in the caller).
/// Returns: 0.
/// Errors: -EBADF `pidfd` is not an open pidfd (RNS_PIDFD_SELF_* before Linux 6.15); -EINVAL
/// bad `sig` or unknown `flags` bits; -EPERM not allowed to signal it; -ESRCH it has exited;
/// -ENOSYS kernel older than 5.1, or a sandbox hides pidfd_send_signal.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_pidfd_send_signal(pidfd: c_int, sig: c_int, flags: c_uint) -> c_int {
    call_nc(|| send_signal(pidfd, sig, std::ptr::null(), flags))
}

/// rns_siginfo.code: what sigqueue(3) sends (SI_QUEUE).
pub const RNS_SI_QUEUE: c_int = -1;
const _: () = assert!(RNS_SI_QUEUE == libc::SI_QUEUE);

/// A signal's value (union sigval): an int, or a pointer-sized word.
#[repr(C)]
#[derive(Clone, Copy)]
pub union rns_sigval {
    pub sival_int: c_int,
    pub sival_ptr: *mut std::os::raw::c_void,
}

/// What rns_pidfd_send_siginfo() sends with a signal, as sigqueue(3) and rt_sigqueueinfo(2)
/// do. Set `size` to sizeof(rns_siginfo) (a later release may add fields after `value`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rns_siginfo {
    /// The caller's sizeof(rns_siginfo).
    pub size: u32,
    /// The si_code the receiver sees: RNS_SI_QUEUE as sigqueue(3) sends, or another negative
    /// value. 0 or above (as the kernel's own senders) only to the caller itself.
    pub code: i32,
    /// The si_value the receiver sees.
    pub value: rns_sigval,
}
const _: () = assert!(std::mem::size_of::<rns_siginfo>() == 16);

/// The start of the kernel's siginfo_t for a queued signal (its _rt member), as glibc's
/// sigqueue(3) fills it; the rest of the 128 bytes is zero.
#[repr(C)]
struct QueuedSiginfo {
    signo: c_int,
    errno: c_int,
    code: c_int,
    rt: QueuedFields,
}
#[repr(C)]
struct QueuedFields {
    pid: libc::pid_t,
    uid: libc::uid_t,
    value: rns_sigval,
}
const _: () = assert!(std::mem::size_of::<QueuedSiginfo>() <= std::mem::size_of::<libc::siginfo_t>());

/// Sends signal `sig` with a code and a value to the process that `pidfd` refers to
/// (pidfd_send_signal(2) with a siginfo, Linux 5.1), as sigqueue(3) sends to a pid: the
/// receiver's SA_SIGINFO handler or sigwaitinfo(2) sees si_code `info->code`, si_value
/// `info->value`, and the caller's pid and real uid as si_pid and si_uid (as glibc's sigqueue
/// sets them, in the caller's own pid and user namespaces).
///
/// `flags` and `pidfd` as for rns_pidfd_send_signal() (RNS_PIDFD_SELF_* too).
///
/// Kernel: as rns_pidfd_send_signal().
/// Scope: process (sends a signal; changes nothing in the caller).
/// Returns: 0.
/// Errors: -EFAULT `info` is NULL; -EINVAL `info->size` is smaller than 16, bad `sig`, or
/// unknown `flags` bits; -EPERM not allowed to signal it, or `info->code` is 0 or above (or
/// SI_TKILL) and the target is not the caller itself; -EBADF, -ESRCH, -ENOSYS as for
/// rns_pidfd_send_signal().
/// Since: 0.3
///
/// # Safety
/// `info` is NULL or points to an rns_siginfo whose `size` is set.
#[no_mangle]
pub unsafe extern "C" fn rns_pidfd_send_siginfo(
    pidfd: c_int,
    sig: c_int,
    info: *const rns_siginfo,
    flags: c_uint,
) -> c_int {
    call_nc(|| {
        if info.is_null() {
            return Err(Errno::EFAULT);
        }
        // SAFETY: non-NULL; the caller's struct starts with its size.
        if ((info as *const u32).read_unaligned() as usize) < std::mem::size_of::<rns_siginfo>() {
            return Err(Errno::EINVAL);
        }
        // SAFETY: at least as large as our struct (checked).
        let given = info.read_unaligned();
        // SAFETY: an all-zero siginfo_t is valid.
        let mut si: libc::siginfo_t = std::mem::zeroed();
        let queued = QueuedSiginfo {
            signo: sig,
            errno: 0,
            code: given.code,
            rt: QueuedFields {
                pid: libc::getpid(),
                uid: libc::getuid(),
                value: given.value,
            },
        };
        // SAFETY: QueuedSiginfo fits in a siginfo_t (checked at compile time).
        std::ptr::write_unaligned((&mut si as *mut libc::siginfo_t).cast::<QueuedSiginfo>(), queued);
        send_signal(pidfd, sig, &si, flags)
    })
}

/// pidfd_send_signal(2) with `info` (NULL: a kill()-like one the kernel fills in).
fn send_signal(pidfd: c_int, sig: c_int, info: *const libc::siginfo_t, flags: c_uint) -> Result<c_int> {
    known_bits(
        flags,
        RNS_PIDFD_SIGNAL_THREAD | RNS_PIDFD_SIGNAL_THREAD_GROUP | RNS_PIDFD_SIGNAL_PROCESS_GROUP,
    )?;
    pidfd_or_self(pidfd)?;
    // SAFETY: plain syscall; info is NULL or a valid siginfo_t.
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
}

/// Duplicates fd `targetfd` of the process that `pidfd` refers to into the caller
/// (pidfd_getfd(2), Linux 5.6). Needs ptrace access to that process. RNS_PIDFD_SELF_THREAD
/// and RNS_PIDFD_SELF_THREAD_GROUP are passed to the kernel as they are (Linux 6.18 still
/// answers -EBADF to them).
///
/// Kernel: Linux 5.6 (pidfd_getfd(2)); -ENOSYS before.
/// Scope: process (a new fd in the caller's fd table).
/// Returns: the new fd (always O_CLOEXEC). The caller closes it.
/// Errors: -EINVAL `flags` is not 0; -EBADF `pidfd` is not a pidfd, or `targetfd` is not open
/// in the target; -EPERM no ptrace access; -ESRCH the process has exited; -EMFILE out of fds;
/// -ENOSYS kernel older than 5.6, or a sandbox hides pidfd_getfd.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_pidfd_getfd(pidfd: c_int, targetfd: c_int, flags: c_uint) -> c_int {
    call_nc(|| {
        known_bits(flags, 0)?;
        pidfd_or_self(pidfd)?;
        if targetfd < 0 {
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

// --- Waiting on a pidfd, and what it points to ---------------------------------------------

/// waitid option: report children that exited (WEXITED).
pub const RNS_WEXITED: c_int = 4;
/// waitid option: report children stopped by a signal (WSTOPPED).
pub const RNS_WSTOPPED: c_int = 2;
/// waitid option: report stopped children continued by SIGCONT (WCONTINUED).
pub const RNS_WCONTINUED: c_int = 8;
/// waitid option: return at once when nothing is to report (WNOHANG).
pub const RNS_WNOHANG: c_int = 1;
/// waitid option: leave the child waitable: report it, do not reap it (WNOWAIT).
pub const RNS_WNOWAIT: c_int = 0x0100_0000;

const _: () = {
    assert!(RNS_WEXITED == libc::WEXITED);
    assert!(RNS_WSTOPPED == libc::WSTOPPED);
    assert!(RNS_WCONTINUED == libc::WCONTINUED);
    assert!(RNS_WNOHANG == libc::WNOHANG);
    assert!(RNS_WNOWAIT == libc::WNOWAIT);
};

/// rns_wait_status.kind and rns_process_info.exit_kind: nothing to report (yet).
pub const RNS_WAIT_NONE: c_int = 0;
/// It exited; `code` is its exit code (0-255).
pub const RNS_WAIT_EXITED: c_int = 1;
/// A signal killed it; `code` is the signal.
pub const RNS_WAIT_KILLED: c_int = 2;
/// A signal killed it and it dumped core; `code` is the signal.
pub const RNS_WAIT_DUMPED: c_int = 3;
/// A signal stopped it; `code` is the signal.
pub const RNS_WAIT_STOPPED: c_int = 4;
/// SIGCONT continued it; `code` is SIGCONT.
pub const RNS_WAIT_CONTINUED: c_int = 5;
/// A ptrace stop (for a tracer); `code` is the signal.
pub const RNS_WAIT_TRAPPED: c_int = 6;

/// What rns_pidfd_wait() reports, decoded. Set `size` to sizeof(rns_wait_status)
/// before the call: the library fills no more than that (so a program built against an older,
/// shorter struct keeps working with a newer library) and sets `size` to what it filled.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct rns_wait_status {
    /// In: the caller's sizeof(rns_wait_status); out: the bytes filled.
    pub size: u32,
    /// RNS_WAIT_EXITED, _KILLED, _DUMPED, _STOPPED, _CONTINUED, _TRAPPED; RNS_WAIT_NONE when
    /// RNS_WNOHANG found nothing to report.
    pub kind: i32,
    /// The process's pid (0 with RNS_WAIT_NONE).
    pub pid: i32,
    /// The exit code (RNS_WAIT_EXITED) or the signal (the other kinds).
    pub code: i32,
    /// The process's real uid.
    pub uid: u32,
}

/// Copies the first `size` bytes of `value` (at most its own size) to `out`, a caller's struct
/// whose first field is its `size`; sets that field to the bytes copied. `EINVAL` when `size`
/// is smaller than `min` (the struct of the first release).
///
/// # Safety
/// `out` is valid for writing `size` bytes.
unsafe fn write_sized<T: Copy>(out: *mut T, value: &T, min: usize) -> Result<()> {
    let size = (out as *const u32).read_unaligned() as usize;
    if size < min {
        return Err(Errno::EINVAL);
    }
    let n = size.min(std::mem::size_of::<T>());
    std::ptr::copy_nonoverlapping((value as *const T).cast::<u8>(), out.cast::<u8>(), n);
    (out as *mut u32).write_unaligned(n as u32);
    Ok(())
}

/// A wait status (as waitpid(2) gives it) as (kind, code).
pub(crate) fn decode_wait_status(status: c_int) -> (i32, i32) {
    if libc::WIFEXITED(status) {
        (RNS_WAIT_EXITED, libc::WEXITSTATUS(status))
    } else if libc::WIFSIGNALED(status) {
        let kind = if libc::WCOREDUMP(status) {
            RNS_WAIT_DUMPED
        } else {
            RNS_WAIT_KILLED
        };
        (kind, libc::WTERMSIG(status))
    } else if libc::WIFSTOPPED(status) {
        (RNS_WAIT_STOPPED, libc::WSTOPSIG(status))
    } else if libc::WIFCONTINUED(status) {
        (RNS_WAIT_CONTINUED, libc::SIGCONT)
    } else {
        (RNS_WAIT_NONE, 0)
    }
}

/// Set once waitid(2) has refused P_PIDFD (a kernel before 5.4): P_PID on the pidfd's pid.
static NO_WAITID_PIDFD: AtomicBool = AtomicBool::new(false);

/// waitid(2) on the pidfd; where the kernel has no P_PIDFD, on its pid (a child of ours,
/// whose pid cannot be reused before we reap it).
pub(crate) fn waitid_pidfd(pidfd: c_int, options: c_int, info: &mut libc::siginfo_t) -> Result<()> {
    waitid_pidfd_ru(pidfd, options, info, None)
}

/// waitid(2) through the raw syscall, whose fifth argument (the child's rusage, or NULL)
/// glibc's waitid() does not pass.
fn sys_waitid(
    idtype: libc::idtype_t,
    id: libc::id_t,
    info: &mut libc::siginfo_t,
    options: c_int,
    ru: Option<&mut libc::rusage>,
) -> Result<c_int> {
    let ru = ru.map_or(std::ptr::null_mut(), |r| r as *mut libc::rusage);
    // SAFETY: info is a valid siginfo_t, ru NULL or a valid rusage; the kernel checks the rest.
    cvt_syscall(unsafe {
        libc::syscall(
            libc::SYS_waitid,
            c_long::from(idtype),
            c_long::from(id),
            info as *mut libc::siginfo_t,
            c_long::from(options),
            ru,
        )
    })
}

/// waitid_pidfd(), also filling `ru` with the child's resource usage (waitid's fifth
/// argument) when given.
pub(crate) fn waitid_pidfd_ru(
    pidfd: c_int,
    options: c_int,
    info: &mut libc::siginfo_t,
    mut ru: Option<&mut libc::rusage>,
) -> Result<()> {
    const P_PIDFD: libc::idtype_t = 3;
    if !NO_WAITID_PIDFD.load(Ordering::Relaxed) {
        match sys_waitid(P_PIDFD, pidfd as libc::id_t, info, options, ru.as_deref_mut()) {
            Err(Errno::EINVAL) => NO_WAITID_PIDFD.store(true, Ordering::Relaxed),
            r => return r.map(drop),
        }
    }
    // As P_PIDFD would: a reaped child is not waitable (ECHILD), and a PIDFD_NONBLOCK pidfd
    // does not block (EAGAIN while nothing is to report).
    let pid =
        borrowed_proc_pid(pidfd).map_err(|e| if e == Errno::ESRCH { Errno(libc::ECHILD) } else { e })?;
    // SAFETY: plain fcntl on the caller's fd.
    let nonblock = unsafe { libc::fcntl(pidfd, libc::F_GETFL) } & libc::O_NONBLOCK != 0;
    let hang = nonblock && options & RNS_WNOHANG == 0;
    let options = if hang { options | RNS_WNOHANG } else { options };
    sys_waitid(libc::P_PID, pid as libc::id_t, info, options, ru)?;
    // SAFETY: filled by waitid (0 when nothing was ready).
    if hang && unsafe { info.si_pid() } == 0 {
        return Err(Errno(libc::EAGAIN));
    }
    Ok(())
}

/// proc_pid() of a caller's fd, with `EBADF` for a closed fd and `EINVAL` for an fd that is no
/// pidfd (its fdinfo has no "Pid:" line).
fn borrowed_proc_pid(pidfd: c_int) -> Result<libc::pid_t> {
    // SAFETY: plain fcntl; the kernel checks the fd.
    if unsafe { libc::fcntl(pidfd, libc::F_GETFD) } < 0 {
        return Err(Errno::EBADF);
    }
    let text = std::fs::read_to_string(format!("/proc/self/fdinfo/{pidfd}")).map_err(|_| Errno::ENOSYS)?;
    let pid = text
        .lines()
        .find_map(|l| l.strip_prefix("Pid:"))
        .ok_or(Errno::EINVAL)?
        .trim()
        .parse::<libc::pid_t>()
        .map_err(|_| Errno::EINVAL)?;
    match pid {
        p if p < 0 => Err(Errno::ESRCH),
        0 => Err(Errno::ESRCH),
        p => Ok(p),
    }
}

/// Waits for a state change of the child that `pidfd` refers to (waitid(2) with P_PIDFD,
/// Linux 5.4) and decodes it.
///
/// `options` is an OR of RNS_WEXITED, RNS_WSTOPPED, RNS_WCONTINUED (at least one) and
/// RNS_WNOHANG, RNS_WNOWAIT. Without RNS_WNOWAIT an exited child is reaped: its pidfd stays
/// valid but its pid may be reused. Only the caller's children can be waited for; for any
/// process, poll the pidfd: POLLIN once it has exited (and rns_pidfd_info() tells how it
/// ended, Linux 6.15). Where the kernel has no P_PIDFD (5.3), the wait is on the pidfd's pid,
/// which cannot be reused while the child is unreaped.
///
/// Kernel: Linux 5.4 (waitid(2) with P_PIDFD); on 5.3, waitid(2) on the pidfd's pid (which an
/// unreaped child keeps).
/// Scope: process (reaps a child, unless RNS_WNOWAIT).
/// Returns: the child's pid, with `*ret_status` filled; 0 when RNS_WNOHANG found nothing to
/// report (`kind` RNS_WAIT_NONE).
/// Errors: -EFAULT `ret_status` is NULL; -EINVAL unknown `options` bits, none of the three
/// state bits, `ret_status->size` smaller than the first release's struct (20 bytes), or
/// `pidfd` is not a pidfd; -EBADF `pidfd` is not open; -ECHILD not a child of the caller (or
/// already reaped); -EAGAIN the pidfd is RNS_PIDFD_NONBLOCK and nothing is to report yet;
/// -EINTR a signal arrived while waiting.
/// Since: 0.2
///
/// # Safety
/// `ret_status` is NULL or points to an rns_wait_status whose `size` is set.
#[no_mangle]
pub unsafe extern "C" fn rns_pidfd_wait(
    pidfd: c_int,
    options: c_int,
    ret_status: *mut rns_wait_status,
) -> c_int {
    call_nc(|| wait_of(pidfd, options, ret_status, None))
}

/// The body of rns_pidfd_wait() and rns_pidfd_wait_rusage().
///
/// # Safety
/// As rns_pidfd_wait().
unsafe fn wait_of(
    pidfd: c_int,
    options: c_int,
    ret_status: *mut rns_wait_status,
    ru: Option<&mut libc::rusage>,
) -> Result<c_int> {
    crate::ffi::out(ret_status)?;
    known_bits(
        options,
        RNS_WEXITED | RNS_WSTOPPED | RNS_WCONTINUED | RNS_WNOHANG | RNS_WNOWAIT,
    )?;
    if options & (RNS_WEXITED | RNS_WSTOPPED | RNS_WCONTINUED) == 0 {
        return Err(Errno::EINVAL);
    }
    // Checked before waiting, so a too-short struct is refused before any child is reaped.
    // SAFETY: non-NULL (checked), points to a struct whose size field is set.
    if (ret_status as *const u32).read_unaligned() < 20 {
        return Err(Errno::EINVAL);
    }
    // One errno for an fd that is no pidfd on every path (the kernel's P_PIDFD says EBADF,
    // the P_PID fallback would find no pid).
    if pidfd < 0 || !is_pidfd(pidfd)? {
        return Err(if pidfd < 0 { Errno::EBADF } else { Errno::EINVAL });
    }
    // SAFETY: an all-zero siginfo_t is valid; waitid leaves si_pid 0 when nothing is ready.
    let mut info: libc::siginfo_t = std::mem::zeroed();
    waitid_pidfd_ru(pidfd, options, &mut info, ru)?;
    let pid = info.si_pid();
    let mut st = rns_wait_status {
        size: 0,
        kind: RNS_WAIT_NONE,
        pid,
        code: 0,
        uid: 0,
    };
    if pid != 0 {
        st.uid = info.si_uid();
        let status = info.si_status();
        (st.kind, st.code) = match info.si_code {
            libc::CLD_EXITED => (RNS_WAIT_EXITED, status),
            libc::CLD_KILLED => (RNS_WAIT_KILLED, status),
            libc::CLD_DUMPED => (RNS_WAIT_DUMPED, status),
            libc::CLD_STOPPED => (RNS_WAIT_STOPPED, status),
            libc::CLD_CONTINUED => (RNS_WAIT_CONTINUED, status),
            libc::CLD_TRAPPED => (RNS_WAIT_TRAPPED, status),
            _ => (RNS_WAIT_NONE, status),
        };
    }
    write_sized(ret_status, &st, 20)?;
    Ok(pid)
}

/// A child's resource usage, as rns_pidfd_wait_rusage() reports it: waitid(2)'s rusage (the
/// child's own and that of the descendants it waited for), the fields Linux fills. Set `size`
/// to sizeof(rns_rusage) before the call, as for rns_wait_status.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct rns_rusage {
    /// In: the caller's sizeof(rns_rusage); out: the bytes filled.
    pub size: u32,
    /// Zero.
    pub reserved: u32,
    /// User and system CPU time, in microseconds.
    pub utime_usec: i64,
    pub stime_usec: i64,
    /// Peak resident set size, in KiB (ru_maxrss).
    pub maxrss_kib: i64,
    /// Page faults served without and with I/O.
    pub minflt: i64,
    pub majflt: i64,
    /// File system blocks read and written.
    pub inblock: i64,
    pub oublock: i64,
    /// Voluntary and involuntary context switches.
    pub nvcsw: i64,
    pub nivcsw: i64,
}
const _: () = assert!(std::mem::size_of::<rns_rusage>() == 80);

impl rns_rusage {
    // c_long and time_t are i64 only on 64-bit targets.
    #[allow(clippy::useless_conversion)]
    fn from_kernel(r: &libc::rusage) -> rns_rusage {
        let usec = |t: libc::timeval| i64::from(t.tv_sec) * 1_000_000 + i64::from(t.tv_usec);
        rns_rusage {
            size: 0,
            reserved: 0,
            utime_usec: usec(r.ru_utime),
            stime_usec: usec(r.ru_stime),
            maxrss_kib: i64::from(r.ru_maxrss),
            minflt: i64::from(r.ru_minflt),
            majflt: i64::from(r.ru_majflt),
            inblock: i64::from(r.ru_inblock),
            oublock: i64::from(r.ru_oublock),
            nvcsw: i64::from(r.ru_nvcsw),
            nivcsw: i64::from(r.ru_nivcsw),
        }
    }
}

/// rns_pidfd_wait(), also reporting the child's resource usage (waitid(2)'s fifth argument,
/// as wait4(2) and Go's ProcessState.SysUsage give it): its CPU times, peak RSS, faults, I/O
/// blocks and context switches, its waited-for descendants' included.
///
/// `*ret_usage` is filled whenever `*ret_status` is: all zero when RNS_WNOHANG found nothing
/// to report. Both are written only on success.
///
/// Kernel: as rns_pidfd_wait().
/// Scope: process (reaps a child, unless RNS_WNOWAIT).
/// Returns: as rns_pidfd_wait().
/// Errors: those of rns_pidfd_wait(); -EFAULT `ret_usage` is NULL; -EINVAL
/// `ret_usage->size` is smaller than 80 (checked before waiting).
/// Since: 0.3
///
/// # Safety
/// `ret_status` as for rns_pidfd_wait(); `ret_usage` is NULL or points to an rns_rusage whose
/// `size` is set.
#[no_mangle]
pub unsafe extern "C" fn rns_pidfd_wait_rusage(
    pidfd: c_int,
    options: c_int,
    ret_status: *mut rns_wait_status,
    ret_usage: *mut rns_rusage,
) -> c_int {
    call_nc(|| {
        crate::ffi::out(ret_usage)?;
        crate::ffi::out(ret_status)?;
        // SAFETY: non-NULL (checked), points to a struct whose size field is set.
        if ((ret_usage as *const u32).read_unaligned() as usize) < std::mem::size_of::<rns_rusage>() {
            return Err(Errno::EINVAL);
        }
        // SAFETY: an all-zero rusage is valid.
        let mut ru: libc::rusage = std::mem::zeroed();
        let pid = wait_of(pidfd, options, ret_status, Some(&mut ru))?;
        let usage = rns_rusage::from_kernel(&ru);
        write_sized(ret_usage, &usage, std::mem::size_of::<rns_rusage>())?;
        Ok(pid)
    })
}

/// rns_process_info.mask: pid, tgid and ppid are filled.
pub const RNS_PIDFD_INFO_PID: u64 = 1;
/// rns_process_info.mask: the uids and gids are filled.
pub const RNS_PIDFD_INFO_CREDS: u64 = 2;
/// rns_process_info.mask: cgroupid is filled (Linux 6.13).
pub const RNS_PIDFD_INFO_CGROUPID: u64 = 4;
/// rns_process_info.mask: exit_kind and exit_code are filled (after the process was reaped,
/// Linux 6.15).
pub const RNS_PIDFD_INFO_EXIT: u64 = 8;

/// What a pidfd points to, as rns_pidfd_info() reads it. `mask` says which fields are filled;
/// the others are 0, never guessed. Set `size` to sizeof(rns_process_info) before the
/// call, as for rns_wait_status.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct rns_process_info {
    /// In: the caller's sizeof(rns_process_info); out: the bytes filled.
    pub size: u32,
    /// Zero.
    pub reserved: u32,
    /// An OR of RNS_PIDFD_INFO_PID, _CREDS, _CGROUPID, _EXIT: the fields filled.
    pub mask: u64,
    /// The cgroup v2 id of its cgroup (RNS_PIDFD_INFO_CGROUPID).
    pub cgroupid: u64,
    /// Its pid, thread-group id and parent's pid, in the caller's pid namespace (0 for a
    /// parent outside it) (RNS_PIDFD_INFO_PID).
    pub pid: i32,
    pub tgid: i32,
    pub ppid: i32,
    /// Real, effective, saved and filesystem uids and gids (RNS_PIDFD_INFO_CREDS).
    pub ruid: u32,
    pub euid: u32,
    pub suid: u32,
    pub fsuid: u32,
    pub rgid: u32,
    pub egid: u32,
    pub sgid: u32,
    pub fsgid: u32,
    /// How it ended, as rns_wait_status's kind and code (RNS_PIDFD_INFO_EXIT).
    pub exit_kind: i32,
    pub exit_code: i32,
}

/// The kernel's struct pidfd_info (linux/pidfd.h), its first 64 bytes (Linux 6.13).
#[repr(C)]
#[derive(Default)]
pub(crate) struct KernelPidfdInfo {
    pub(crate) mask: u64,
    cgroupid: u64,
    pid: u32,
    tgid: u32,
    ppid: u32,
    ruid: u32,
    rgid: u32,
    euid: u32,
    egid: u32,
    suid: u32,
    sgid: u32,
    fsuid: u32,
    fsgid: u32,
    pub(crate) exit_code: i32,
}
const _: () = assert!(std::mem::size_of::<KernelPidfdInfo>() == 64);
// The sizes of the first release's structs, which the docs name.
const _: () = assert!(std::mem::size_of::<rns_wait_status>() == 20);
const _: () = assert!(std::mem::size_of::<rns_process_info>() == 80);

/// PIDFD_GET_INFO: _IOWR(0xFF, 11, struct pidfd_info) with the 64-byte struct.
const PIDFD_GET_INFO: u64 = 0xC040_FF0B;

/// Set once PIDFD_GET_INFO has answered ENOTTY (before 6.11) or EINVAL (6.11, 6.12): /proc
/// from then on.
static NO_PIDFD_INFO: AtomicBool = AtomicBool::new(false);

/// Every RNS_PIDFD_INFO_* bit.
const INFO_ALL: u64 =
    RNS_PIDFD_INFO_PID | RNS_PIDFD_INFO_CREDS | RNS_PIDFD_INFO_CGROUPID | RNS_PIDFD_INFO_EXIT;

/// PIDFD_GET_INFO asking for every field; `Ok(None)` where the kernel lacks it.
pub(crate) fn kernel_info(pidfd: c_int) -> Result<Option<KernelPidfdInfo>> {
    kernel_info_mask(pidfd, INFO_ALL)
}

/// PIDFD_GET_INFO asking for the fields of `mask` (the kernel adds the pids and credentials
/// of a process still there); `Ok(None)` where the kernel lacks it.
fn kernel_info_mask(pidfd: c_int, mask: u64) -> Result<Option<KernelPidfdInfo>> {
    if NO_PIDFD_INFO.load(Ordering::Relaxed) {
        return Ok(None);
    }
    let mut k = KernelPidfdInfo {
        mask,
        ..Default::default()
    };
    // SAFETY: k is a 64-byte buffer the ioctl fills; the kernel checks the fd.
    match cvt(unsafe { libc::ioctl(pidfd, PIDFD_GET_INFO as _, &mut k) }) {
        Ok(_) => Ok(Some(k)),
        Err(Errno(libc::ENOTTY)) if is_pidfd(pidfd)? => {
            NO_PIDFD_INFO.store(true, Ordering::Relaxed);
            Ok(None)
        }
        Err(Errno(libc::EINVAL)) => {
            NO_PIDFD_INFO.store(true, Ordering::Relaxed);
            Ok(None)
        }
        Err(Errno(libc::ENOTTY)) => Err(Errno::EINVAL),
        // Not in the caller's pid namespace: EREMOTE since Linux 6.18.14, 6.19.10 and 7.0,
        // ESRCH from 6.13 until then and on the /proc path; ESRCH on every path.
        Err(Errno(libc::EREMOTE)) => Err(Errno::ESRCH),
        Err(e) => Err(e),
    }
}

/// Whether `fd` is on pidfs (Linux 6.9), where a pidfd also polls POLLHUP once its process
/// has been reaped.
pub(crate) fn on_pidfs(fd: c_int) -> bool {
    crate::ffi::fs_magic(fd) == Ok(crate::ffi::PIDFS_MAGIC)
}

/// Whether `fd` is a pidfd: on pidfs (Linux 6.9), or an anonymous inode whose fdinfo has a
/// "Pid:" line (before). `EBADF` when it is not open.
pub(crate) fn is_pidfd(fd: c_int) -> Result<bool> {
    Ok(match crate::ffi::fs_magic(fd)? {
        crate::ffi::PIDFS_MAGIC => true,
        crate::ffi::ANON_INODE_FS_MAGIC => std::fs::read_to_string(format!("/proc/self/fdinfo/{fd}"))
            .is_ok_and(|t| t.lines().any(|l| l.starts_with("Pid:"))),
        _ => false,
    })
}

/// The pidfd's pid in the caller's pid namespace, from its fdinfo (whose "Pid:" numbers it
/// as /proc's pid namespace does). Where /proc is an ancestor namespace's, only what it tells
/// for sure: `ESRCH` for a process reaped, or outside the caller's namespace (not in /proc's,
/// or fewer pid namespace levels deep than the caller); else `ENOSYS`.
fn fdinfo_pid(pidfd: c_int) -> Result<libc::pid_t> {
    if !is_pidfd(pidfd)? {
        return Err(Errno::EINVAL);
    }
    // ESRCH for "Pid: -1" (reaped) and "Pid: 0" (not in /proc's pid namespace, nor then in
    // the caller's, which /proc shows, so is at or below it).
    let pid = borrowed_proc_pid(pidfd)?;
    match crate::namespaces::proc_is_ours() {
        Ok(()) => Ok(pid),
        Err(_) if above_own_pidns(pidfd) => Err(Errno::ESRCH),
        Err(e) => Err(e),
    }
}

/// Whether the pidfd's process is in a pid namespace above the caller's, so outside it: its
/// fdinfo's "NSpid:" lists fewer levels (from /proc's namespace down) than the caller's.
fn above_own_pidns(pidfd: c_int) -> bool {
    let levels = |path: &str| -> Option<usize> {
        let text = std::fs::read_to_string(path).ok()?;
        let line = text.lines().find_map(|l| l.strip_prefix("NSpid:"))?;
        Some(line.split_whitespace().count())
    };
    let theirs = levels(&format!("/proc/self/fdinfo/{pidfd}"));
    matches!((theirs, levels("/proc/self/status")), (Some(t), Some(o)) if t < o)
}

/// The pid of the process that `pidfd` refers to, in the caller's pid namespace. From
/// PIDFD_GET_INFO (Linux 6.13), else from the pidfd's fdinfo where /proc numbers processes as
/// the caller's pid namespace does.
///
/// Kernel: Linux 6.13 (PIDFD_GET_INFO); before, the pidfd's fdinfo (-ENOSYS where /proc is
/// missing or of another pid namespace).
/// Scope: reads only.
/// Returns: the pid (a zombie keeps its pid until reaped).
/// Errors: -EBADF `pidfd` is not open (RNS_PIDFD_SELF_* too: no fd); -EINVAL it is not a
/// pidfd; -ESRCH the process has been reaped, or is not in the caller's pid namespace (on
/// every kernel: newer ones say -EREMOTE, which is not passed on); -ENOSYS the pid cannot be
/// told here (before Linux 6.13, with /proc missing or of another pid namespace).
/// Since: 0.2
#[no_mangle]
pub extern "C" fn rns_pidfd_getpid(pidfd: c_int) -> c_int {
    call_nc(|| getpid(pidfd))
}

/// The body of rns_pidfd_getpid().
pub(crate) fn getpid(pidfd: c_int) -> Result<c_int> {
    if pidfd < 0 {
        return Err(Errno::EBADF);
    }
    match kernel_info(pidfd)? {
        Some(k) if k.mask & RNS_PIDFD_INFO_PID != 0 && k.pid != 0 => Ok(k.pid as c_int),
        Some(_) => Err(Errno::ESRCH), // reaped: only the exit information is left
        None => fdinfo_pid(pidfd),
    }
}

/// Fills the pid and credential fields from /proc, for a process that is still there after
/// the read (checked through the pidfd), so a reused pid is never reported.
fn proc_info(pidfd: c_int, info: &mut rns_process_info) -> Result<()> {
    let pid = fdinfo_pid(pidfd)?;
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).map_err(|_| Errno::ESRCH)?;
    let field = |key: &str| -> Option<Vec<u32>> {
        let v = text.lines().find_map(|l| l.strip_prefix(key))?;
        v.split_whitespace().map(|x| x.parse().ok()).collect()
    };
    let (Some(tgid), Some(ppid), Some(uid), Some(gid)) =
        (field("Tgid:"), field("PPid:"), field("Uid:"), field("Gid:"))
    else {
        return Err(Errno::ESRCH);
    };
    if tgid.len() != 1 || ppid.len() != 1 || uid.len() != 4 || gid.len() != 4 {
        return Err(Errno::ESRCH);
    }
    // SAFETY: plain poll on the caller's fd.
    let mut p = libc::pollfd {
        fd: pidfd,
        events: libc::POLLIN,
        revents: 0,
    };
    if unsafe { libc::poll(&mut p, 1, 0) } != 0 {
        return Err(Errno::ESRCH); // exited meanwhile: the pid may name another process now
    }
    info.pid = pid;
    info.tgid = tgid[0] as i32;
    info.ppid = ppid[0] as i32;
    (info.ruid, info.euid, info.suid, info.fsuid) = (uid[0], uid[1], uid[2], uid[3]);
    (info.rgid, info.egid, info.sgid, info.fsgid) = (gid[0], gid[1], gid[2], gid[3]);
    info.mask |= RNS_PIDFD_INFO_PID | RNS_PIDFD_INFO_CREDS;
    Ok(())
}

/// What the process that `pidfd` refers to is: its pids, credentials and cgroup, and, once it
/// has been reaped, how it ended, so that a process that is not the caller's child can learn
/// its exit status.
///
/// Where the kernel has PIDFD_GET_INFO (Linux 6.13) all of it comes from there (the exit
/// status from 6.15, once the process has been reaped by its parent). Before, the pids and
/// credentials come from /proc (checked to belong to the process still, through the pidfd)
/// and the cgroup id and exit status are left out of `mask`, never invented.
///
/// Kernel: Linux 6.13 (PIDFD_GET_INFO; exit status of reaped processes 6.15); before, /proc
/// (-ENOSYS where /proc is missing or of another pid namespace).
/// Scope: reads only.
/// Returns: 0, with `*ret_info` filled as its `mask` says.
/// Errors: -EFAULT `ret_info` is NULL; -EINVAL `ret_info->size` is smaller than the first
/// release's struct (80 bytes), or `pidfd` is not a pidfd; -EBADF `pidfd` is not open
/// (RNS_PIDFD_SELF_* too: no fd); -ESRCH the process has exited and nothing more can be told
/// (it was reaped, before Linux 6.15, which keeps the exit status; before 6.13, also while it
/// is a zombie), or it is outside the caller's pid namespace (on every kernel: newer ones say
/// -EREMOTE, which is not passed on); -ENOSYS before Linux 6.13 with /proc missing or of
/// another pid namespace.
/// Since: 0.2
///
/// # Safety
/// `ret_info` is NULL or points to an rns_process_info whose `size` is set.
#[no_mangle]
pub unsafe extern "C" fn rns_pidfd_info(pidfd: c_int, ret_info: *mut rns_process_info) -> c_int {
    call_nc(|| info_of(pidfd, INFO_ALL, ret_info))
}

/// The body of rns_pidfd_info() and rns_pidfd_info_mask(): the fields of `want` only.
///
/// # Safety
/// As rns_pidfd_info().
unsafe fn info_of(pidfd: c_int, want: u64, ret_info: *mut rns_process_info) -> Result<c_int> {
    crate::ffi::out(ret_info)?;
    // SAFETY: non-NULL (checked), points to a struct whose size field is set.
    if ((ret_info as *const u32).read_unaligned() as usize) < std::mem::size_of::<rns_process_info>() {
        return Err(Errno::EINVAL);
    }
    if want == 0 || want & !INFO_ALL != 0 {
        return Err(Errno::EINVAL);
    }
    if pidfd < 0 {
        return Err(Errno::EBADF);
    }
    let mut info = rns_process_info::default();
    match kernel_info_mask(pidfd, want)? {
        Some(k) => {
            info.mask = k.mask & want;
            if info.mask & RNS_PIDFD_INFO_PID != 0 {
                (info.pid, info.tgid, info.ppid) = (k.pid as i32, k.tgid as i32, k.ppid as i32);
            }
            if info.mask & RNS_PIDFD_INFO_CREDS != 0 {
                (info.ruid, info.euid, info.suid, info.fsuid) = (k.ruid, k.euid, k.suid, k.fsuid);
                (info.rgid, info.egid, info.sgid, info.fsgid) = (k.rgid, k.egid, k.sgid, k.fsgid);
            }
            if info.mask & RNS_PIDFD_INFO_CGROUPID != 0 {
                info.cgroupid = k.cgroupid;
            }
            if info.mask & RNS_PIDFD_INFO_EXIT != 0 {
                (info.exit_kind, info.exit_code) = decode_wait_status(k.exit_code);
            }
        }
        None => {
            proc_info(pidfd, &mut info)?;
            if want & (RNS_PIDFD_INFO_PID | RNS_PIDFD_INFO_CREDS) != RNS_PIDFD_INFO_PID | RNS_PIDFD_INFO_CREDS
            {
                info = only(info, want);
            }
        }
    }
    write_sized(ret_info, &info, std::mem::size_of::<rns_process_info>())?;
    Ok(0)
}

/// `info` with the fields of groups outside `want` zeroed and left out of its mask.
fn only(info: rns_process_info, want: u64) -> rns_process_info {
    let mut out = rns_process_info {
        mask: info.mask & want,
        ..Default::default()
    };
    if out.mask & RNS_PIDFD_INFO_PID != 0 {
        (out.pid, out.tgid, out.ppid) = (info.pid, info.tgid, info.ppid);
    }
    if out.mask & RNS_PIDFD_INFO_CREDS != 0 {
        (out.ruid, out.euid, out.suid, out.fsuid) = (info.ruid, info.euid, info.suid, info.fsuid);
        (out.rgid, out.egid, out.sgid, out.fsgid) = (info.rgid, info.egid, info.sgid, info.fsgid);
    }
    out
}

/// What the process that `pidfd` refers to is, as rns_pidfd_info() tells it, but only the
/// fields `mask` asks for: an OR of RNS_PIDFD_INFO_PID, _CREDS, _CGROUPID, _EXIT. The kernel
/// is asked for those alone (PIDFD_GET_INFO's request mask), so RNS_PIDFD_INFO_EXIT alone asks
/// for how the process ended and nothing else; `ret_info->mask` is the part of `mask` filled,
/// every other field 0.
///
/// A process that has been reaped has only its exit information left: asked without
/// RNS_PIDFD_INFO_EXIT, that is -ESRCH; asked with it, success with `mask` RNS_PIDFD_INFO_EXIT
/// (Linux 6.15; before, -ESRCH too). A running process has no exit information yet: success
/// without RNS_PIDFD_INFO_EXIT in `mask` (possibly 0). Before Linux 6.13 the pids and
/// credentials come from /proc, as for rns_pidfd_info().
///
/// Kernel: as rns_pidfd_info().
/// Scope: reads only.
/// Returns: 0, with `*ret_info` filled as its `mask` says.
/// Errors: -EFAULT `ret_info` is NULL; -EINVAL `mask` is 0 or has unknown bits,
/// `ret_info->size` is smaller than 80, or `pidfd` is not a pidfd; -EBADF `pidfd` is not open;
/// -ESRCH as rns_pidfd_info(), and for a reaped process when `mask` lacks
/// RNS_PIDFD_INFO_EXIT; -ENOSYS as rns_pidfd_info().
/// Since: 0.3
///
/// # Safety
/// `ret_info` is NULL or points to an rns_process_info whose `size` is set.
#[no_mangle]
pub unsafe extern "C" fn rns_pidfd_info_mask(
    pidfd: c_int,
    mask: u64,
    ret_info: *mut rns_process_info,
) -> c_int {
    call_nc(|| info_of(pidfd, mask, ret_info))
}

/// Opens the namespace of one type of the process that `pidfd` refers to: through the pidfd
/// (PIDFD_GET_*_NAMESPACE, Linux 6.11), else through /proc/PID/ns with a check that the
/// pidfd's process is still alive after the open, so a reused pid never yields another
/// process's namespace.
///
/// `nstype` is exactly one RNS_CLONE_NEW* type; RNS_CLONE_NEWPID and RNS_CLONE_NEWTIME give the
/// process's own namespace, as rns_ns_open() does. RNS_CLONE_NEWPID | RNS_NS_FOR_CHILDREN and
/// RNS_CLONE_NEWTIME | RNS_NS_FOR_CHILDREN (since 0.3) give the one its children get
/// (PIDFD_GET_PID_FOR_CHILDREN_NAMESPACE, _TIME_FOR_CHILDREN_, Linux 6.11; before, through
/// /proc/PID/ns/pid_for_children, Linux 4.12, and time_for_children, 5.6).
///
/// Kernel: Linux 6.11 (PIDFD_GET_*_NAMESPACE); before, /proc/PID/ns with a pidfd check; -ENOSYS
/// where /proc is missing or of another pid namespace.
/// Scope: reads only.
/// Returns: an O_CLOEXEC namespace fd. The caller closes it.
/// Errors: -EINVAL `nstype` is not exactly one type (RNS_NS_FOR_CHILDREN: with a type other
/// than pid or time; before 0.3, at all), or `pidfd` is not a pidfd; -EBADF `pidfd` is not
/// open; -ESRCH the process has exited; -EACCES not allowed to inspect it (no ptrace read
/// access); -ENOENT the kernel lacks that namespace type (time_for_children before 5.6), or
/// its pid namespace for children has no process yet (it unshared one and has not forked
/// since: /proc refuses it then, and so does the ioctl path); -ENOSYS /proc is missing or of
/// another pid namespace on a kernel without the ioctls.
/// Since: 0.2
#[no_mangle]
pub extern "C" fn rns_pidfd_ns_open(pidfd: c_int, nstype: c_int) -> c_int {
    call_nc(|| crate::namespaces::pidfd_ns_open(pidfd, nstype))
}
