//! Namespaces: setns(2), unshare(2), /proc/PID/ns files and pidfd-based entry.
//!
//! All of these act on the **calling thread** only; other threads keep their namespaces.

use std::ffi::{CStr, CString};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::raw::{c_char, c_int};
use std::sync::OnceLock;

use bitflags::bitflags;

use crate::ffi::{self, call, cvt, known_bits, ret, Errno, Result};
use crate::pidfd;

/// Mount namespace (kernel value of CLONE_NEWNS).
pub const RNS_CLONE_NEWNS: c_int = 0x00020000;
/// Cgroup namespace (CLONE_NEWCGROUP).
pub const RNS_CLONE_NEWCGROUP: c_int = 0x02000000;
/// UTS namespace: hostname and domain name (CLONE_NEWUTS).
pub const RNS_CLONE_NEWUTS: c_int = 0x04000000;
/// IPC namespace (CLONE_NEWIPC).
pub const RNS_CLONE_NEWIPC: c_int = 0x08000000;
/// User namespace (CLONE_NEWUSER). Needs a single-threaded caller to join or create.
pub const RNS_CLONE_NEWUSER: c_int = 0x10000000;
/// PID namespace (CLONE_NEWPID). Affects only children created afterwards.
pub const RNS_CLONE_NEWPID: c_int = 0x20000000;
/// Network namespace (CLONE_NEWNET).
pub const RNS_CLONE_NEWNET: c_int = 0x40000000;
/// Time namespace (CLONE_NEWTIME). Affects only children created afterwards.
pub const RNS_CLONE_NEWTIME: c_int = 0x00000080;
/// unshare: stop sharing the file descriptor table (CLONE_FILES).
pub const RNS_CLONE_FILES: c_int = 0x00000400;
/// unshare: stop sharing root, cwd and umask (CLONE_FS); needed before joining a mount
/// namespace from a thread of a multithreaded process.
pub const RNS_CLONE_FS: c_int = 0x00000200;
/// unshare: stop sharing System V semaphore undo values (CLONE_SYSVSEM).
pub const RNS_CLONE_SYSVSEM: c_int = 0x00040000;
/// unshare: accepted only in a single-threaded process (CLONE_SIGHAND).
pub const RNS_CLONE_SIGHAND: c_int = 0x00000800;
/// unshare: accepted only in a single-threaded process (CLONE_THREAD).
pub const RNS_CLONE_THREAD: c_int = 0x00010000;
/// unshare: accepted only in a single-threaded process (CLONE_VM).
pub const RNS_CLONE_VM: c_int = 0x00000100;

bitflags! {
    /// Namespace types, as setns(2) and unshare(2) take them.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct NsTypes: c_int {
        const USER = RNS_CLONE_NEWUSER;
        const CGROUP = RNS_CLONE_NEWCGROUP;
        const IPC = RNS_CLONE_NEWIPC;
        const UTS = RNS_CLONE_NEWUTS;
        const NET = RNS_CLONE_NEWNET;
        const PID = RNS_CLONE_NEWPID;
        const MNT = RNS_CLONE_NEWNS;
        const TIME = RNS_CLONE_NEWTIME;
    }

    /// Everything unshare(2) accepts.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct UnshareFlags: c_int {
        const NAMESPACES = NsTypes::all().bits();
        const FILES = RNS_CLONE_FILES;
        const FS = RNS_CLONE_FS;
        const SYSVSEM = RNS_CLONE_SYSVSEM;
        const SIGHAND = RNS_CLONE_SIGHAND;
        const THREAD = RNS_CLONE_THREAD;
        const VM = RNS_CLONE_VM;
    }
}

/// Each type's file under /proc/PID/ns, in the order nsenter(1) enters them (user first).
const NS_FILES: [(NsTypes, &str); 8] = [
    (NsTypes::USER, "user"),
    (NsTypes::CGROUP, "cgroup"),
    (NsTypes::IPC, "ipc"),
    (NsTypes::UTS, "uts"),
    (NsTypes::NET, "net"),
    (NsTypes::PID, "pid"),
    (NsTypes::MNT, "mnt"),
    (NsTypes::TIME, "time"),
];

/// `nstype` as a set of namespace types: `EINVAL` for any other bit.
fn ns_types(nstype: c_int) -> Result<NsTypes> {
    NsTypes::from_bits(nstype).ok_or(Errno::EINVAL)
}

/// The /proc file name of exactly one namespace type.
fn ns_file_name(nstype: c_int) -> Result<&'static str> {
    NS_FILES
        .iter()
        .find(|(t, _)| t.bits() == nstype)
        .map(|(_, name)| *name)
        .ok_or(Errno::EINVAL)
}

/// `/proc/PID/ns/NAME`, or `/proc/thread-self/ns/NAME` for pid 0 (the calling thread:
/// /proc/self names the main thread's namespaces).
fn ns_path(pid: libc::pid_t, name: &str) -> Result<CString> {
    let path = if pid == 0 {
        format!("/proc/thread-self/ns/{name}")
    } else {
        format!("/proc/{pid}/ns/{name}")
    };
    CString::new(path).map_err(|_| Errno::EINVAL)
}

/// Whether /proc knows `pid`, to tell "no such process" from "no such namespace file".
fn proc_has(pid: libc::pid_t) -> bool {
    let Ok(path) = CString::new(format!("/proc/{pid}")) else {
        return false;
    };
    // SAFETY: path is a valid C string.
    unsafe { libc::access(path.as_ptr(), libc::F_OK) == 0 }
}

/// Opens a process's namespace file of one type, O_CLOEXEC.
pub fn ns_open(pid: libc::pid_t, nstype: c_int) -> Result<OwnedFd> {
    let name = ns_file_name(nstype)?;
    if pid < 0 {
        return Err(Errno::EINVAL);
    }
    let path = ns_path(pid, name)?;
    ffi::open_cloexec(&path).map_err(|e| {
        if e == Errno::ENOENT && pid > 0 && !proc_has(pid) {
            Errno::ESRCH
        } else {
            e
        }
    })
}

/// (st_dev, st_ino) of a namespace fd: a namespace's identity.
fn ns_identity(fd: &OwnedFd) -> Result<(u64, u64)> {
    // SAFETY: an all-zero stat is a valid value to be overwritten.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: fd is open and st a valid stat buffer.
    cvt(unsafe { libc::fstat(fd.as_raw_fd(), &mut st) })?;
    Ok((st.st_dev, st.st_ino))
}

/// Whether process `pid` is in the calling thread's user namespace.
fn shares_user_ns(pid: libc::pid_t) -> Result<bool> {
    let user = NsTypes::USER.bits();
    Ok(ns_identity(&ns_open(0, user)?)? == ns_identity(&ns_open(pid, user)?)?)
}

/// Whether setns(2) takes a pidfd and a set of types (Linux 5.8), read once from uname(2).
fn pidfd_setns_supported() -> bool {
    static SUPPORTED: OnceLock<bool> = OnceLock::new();
    *SUPPORTED.get_or_init(|| kernel_version().is_some_and(|v| v >= (5, 8)))
}

/// (major, minor) of the running kernel.
fn kernel_version() -> Option<(u32, u32)> {
    // SAFETY: an all-zero utsname is valid and uname fills it.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: u is a valid utsname buffer.
    if unsafe { libc::uname(&mut u) } != 0 {
        return None;
    }
    // SAFETY: uname NUL-terminates release.
    let release = unsafe { CStr::from_ptr(u.release.as_ptr()) }.to_str().ok()?;
    let mut parts = release.split(|c: char| !c.is_ascii_digit());
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

/// Leaves out the user namespace when the target already shares the caller's: asking for it
/// would fail the whole setns with EINVAL (nsenter(1) does the same).
fn drop_shared_user_ns(pid: libc::pid_t, mut types: NsTypes) -> Result<NsTypes> {
    if types.contains(NsTypes::USER) && shares_user_ns(pid)? {
        types.remove(NsTypes::USER);
    }
    Ok(types)
}

/// Enters several namespaces of `pid` with one atomic setns(2) on a pidfd (Linux 5.8+), or
/// file by file on older kernels.
pub fn setns_pid(pid: libc::pid_t, nstypes: c_int) -> Result<c_int> {
    let types = ns_types(nstypes)?;
    if pid <= 0 || types.is_empty() {
        return Err(Errno::EINVAL);
    }
    if !pidfd_setns_supported() {
        return setns_pid_per_file(pid, types);
    }
    // The pidfd first: it pins the process, so the user namespace compared below and the one
    // entered belong to the same process even if the pid is reused meanwhile (setns then fails
    // with ESRCH).
    let pidfd = pidfd::open(pid, 0)?;
    let types = drop_shared_user_ns(pid, types)?;
    if types.is_empty() {
        return Ok(0);
    }
    // SAFETY: plain syscall on an fd we own.
    cvt(unsafe { libc::setns(pidfd.as_raw_fd(), types.bits()) })?;
    Ok(0)
}

/// The pre-5.8 way: open every namespace file first (so a missing one changes nothing), then
/// enter them in two passes as nsenter(1) does: all but the user namespace, then the user
/// namespace followed by those that failed before it (entering the user namespace first
/// gains privilege, last drops it). Not atomic: a failure in the second pass can leave the
/// thread in some of the namespaces.
#[doc(hidden)]
pub fn setns_pid_per_file(pid: libc::pid_t, types: NsTypes) -> Result<c_int> {
    let types = drop_shared_user_ns(pid, types)?;
    let mut pending: Vec<(NsTypes, Option<OwnedFd>)> = Vec::new();
    for (t, _) in NS_FILES.iter().filter(|(t, _)| types.contains(*t)) {
        pending.push((*t, Some(ns_open(pid, t.bits())?)));
    }
    for pass in 0..2 {
        for (t, slot) in pending.iter_mut() {
            if pass == 0 && *t == NsTypes::USER {
                continue;
            }
            let Some(fd) = slot.as_ref() else { continue };
            // SAFETY: plain syscall on an fd we own.
            match cvt(unsafe { libc::setns(fd.as_raw_fd(), t.bits()) }) {
                Ok(_) => *slot = None,
                Err(_) if pass == 0 => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(0)
}

/// Moves the calling thread into the namespace that `fd` refers to (setns(2)).
///
/// `fd` is a namespace file (/proc/PID/ns/X, a bind mount of one, or from rns_ns_open())
/// with `nstype` 0 (any type) or that file's type; or a pidfd with an OR of
/// RNS_CLONE_NEW* types, entered atomically (Linux 5.8+). Joining a mount namespace from a
/// multithreaded process needs rns_unshare(RNS_CLONE_FS) on the thread first; joining a user
/// namespace needs a single-threaded process.
///
/// Scope: calling thread.
/// Returns: 0.
/// Errors: -EBADF `fd` is not open; -EINVAL unknown bits in `nstype`, `fd` is neither a
/// namespace file nor a pidfd, its type is not `nstype`, or a user namespace from a
/// multithreaded process; -EPERM lacking CAP_SYS_ADMIN in the target's user namespace;
/// -ESRCH the pidfd's process has exited.
#[no_mangle]
pub extern "C" fn rns_setns(fd: c_int, nstype: c_int) -> c_int {
    call(|| {
        known_bits(nstype, NsTypes::all().bits())?;
        if fd < 0 {
            return Err(Errno::EBADF);
        }
        // SAFETY: plain syscall; the kernel checks the fd.
        cvt(unsafe { libc::setns(fd, nstype) })?;
        Ok(0)
    })
}

/// Gives the calling thread new namespaces, or unshares other context (unshare(2)).
///
/// `flags` is an OR of RNS_CLONE_NEW* and RNS_CLONE_FILES, _FS, _SYSVSEM, _SIGHAND, _THREAD,
/// _VM. RNS_CLONE_NEWPID and RNS_CLONE_NEWTIME change only the caller's future children.
/// RNS_CLONE_NEWUSER needs a single-threaded process.
///
/// Scope: calling thread.
/// Returns: 0.
/// Errors: -EINVAL unknown bits, or a flag that needs a single-threaded process;
/// -EPERM lacking CAP_SYS_ADMIN; -EUSERS/-ENOSPC namespace limits reached; -ENOMEM.
#[no_mangle]
pub extern "C" fn rns_unshare(flags: c_int) -> c_int {
    call(|| {
        known_bits(flags, UnshareFlags::all().bits())?;
        // SAFETY: plain syscall with checked flags.
        cvt(unsafe { libc::unshare(flags) })?;
        Ok(0)
    })
}

/// Opens `path` (a namespace file) and moves the calling thread into that namespace.
///
/// The fd is O_CLOEXEC and closed before returning, on success and failure alike.
///
/// Scope: calling thread.
/// Returns: 0.
/// Errors: -EFAULT `path` is NULL; the errors of open(2) (-ENOENT, -EACCES, ...); those of
/// rns_setns() (-EINVAL not a namespace file or type mismatch, -EPERM, ...).
///
/// # Safety
/// `path` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn rns_setns_path(path: *const c_char, nstype: c_int) -> c_int {
    call(|| {
        let path = ffi::cstr(path)?;
        known_bits(nstype, NsTypes::all().bits())?;
        let fd = ffi::open_cloexec(path)?;
        // SAFETY: plain syscall on an fd we own.
        cvt(libc::setns(fd.as_raw_fd(), nstype))?;
        Ok(0)
    })
}

/// Opens the namespace of one type of process `pid`; pid 0 is the calling **thread**
/// (/proc/thread-self/ns/X, not the main thread's /proc/self/ns/X).
///
/// `nstype` is exactly one RNS_CLONE_NEW* type. RNS_CLONE_NEWPID and RNS_CLONE_NEWTIME give
/// the process's own namespace (ns/pid, ns/time), not the one for its children.
///
/// Scope: reads only.
/// Returns: an O_CLOEXEC fd, for rns_setns() or fstat() (st_dev, st_ino identify the
/// namespace). The caller closes it.
/// Errors: -EINVAL `nstype` is not exactly one namespace type, or `pid` < 0; -ESRCH no such
/// process; -EACCES not allowed to inspect it; -ENOENT the kernel lacks that namespace type
/// or /proc is not mounted.
#[no_mangle]
pub extern "C" fn rns_ns_open(pid: libc::pid_t, nstype: c_int) -> c_int {
    ret(ns_open(pid, nstype).map(ffi::give_fd))
}

/// Moves the calling thread into several namespaces of process `pid` at once.
///
/// `nstypes` is an OR of RNS_CLONE_NEW* types. On Linux 5.8+ this is one setns(2) on a pidfd:
/// every namespace is checked before any is entered, so it fails or succeeds as a whole. On
/// older kernels it enters the /proc/PID/ns files one by one as nsenter(1) does (user
/// namespace first when that gains privilege), which is not atomic. RNS_CLONE_NEWUSER is left
/// out when `pid` already shares the caller's user namespace (as nsenter does), since the
/// kernel would refuse the whole call.
///
/// Scope: calling thread.
/// Returns: 0.
/// Errors: -EINVAL `pid` <= 0, `nstypes` 0 or with unknown bits, or a type the thread cannot
/// join (user namespace from a multithreaded process, mount namespace while sharing
/// CLONE_FS); -ESRCH no such process; -EPERM lacking privilege in a target namespace.
#[no_mangle]
pub extern "C" fn rns_setns_pid(pid: libc::pid_t, nstypes: c_int) -> c_int {
    ret(setns_pid(pid, nstypes))
}
