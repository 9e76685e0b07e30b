//! Namespaces: setns(2), unshare(2), /proc/PID/ns files and pidfd-based entry, and the UTS
//! namespace's names (sethostname(2), setdomainname(2)).
//!
//! All of these act on the **calling thread** only; other threads keep their namespaces.

use std::ffi::{CStr, CString};
use std::os::fd::FromRawFd;
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::raw::{c_char, c_int};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use bitflags::bitflags;

use crate::ffi::{self, call_nc, cvt, known_bits, Errno, Result};
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

// Each constant is the kernel's value, checked against libc when the crate compiles.
const _: () = {
    assert!(RNS_CLONE_NEWNS == libc::CLONE_NEWNS);
    assert!(RNS_CLONE_NEWCGROUP == libc::CLONE_NEWCGROUP);
    assert!(RNS_CLONE_NEWUTS == libc::CLONE_NEWUTS);
    assert!(RNS_CLONE_NEWIPC == libc::CLONE_NEWIPC);
    assert!(RNS_CLONE_NEWUSER == libc::CLONE_NEWUSER);
    assert!(RNS_CLONE_NEWPID == libc::CLONE_NEWPID);
    assert!(RNS_CLONE_NEWNET == libc::CLONE_NEWNET);
    assert!(RNS_CLONE_NEWTIME == libc::CLONE_NEWTIME);
    assert!(RNS_CLONE_FILES == libc::CLONE_FILES);
    assert!(RNS_CLONE_FS == libc::CLONE_FS);
    assert!(RNS_CLONE_SYSVSEM == libc::CLONE_SYSVSEM);
    assert!(RNS_CLONE_SIGHAND == libc::CLONE_SIGHAND);
    assert!(RNS_CLONE_THREAD == libc::CLONE_THREAD);
    assert!(RNS_CLONE_VM == libc::CLONE_VM);
};

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

/// Each type's file under /proc/PID/ns and the pidfd ioctl that opens the same namespace
/// (PIDFD_GET_*_NAMESPACE, Linux 6.11: `_IO(0xFF, n)`), in the order the per-file path enters
/// them: the user namespace first (see [`setns_per_file`]), then the mount namespace, so that
/// the kernel's refusal to change it for a thread that shares its fs state comes before any
/// other type has changed.
const NS_FILES: [(NsTypes, &str, u64); 8] = [
    (NsTypes::USER, "user", 0xFF09),
    (NsTypes::MNT, "mnt", 0xFF03),
    (NsTypes::CGROUP, "cgroup", 0xFF01),
    (NsTypes::IPC, "ipc", 0xFF02),
    (NsTypes::UTS, "uts", 0xFF0A),
    (NsTypes::NET, "net", 0xFF04),
    (NsTypes::PID, "pid", 0xFF05),
    (NsTypes::TIME, "time", 0xFF07),
];

/// rns_ns_open(), rns_pidfd_ns_open(): with RNS_CLONE_NEWPID or RNS_CLONE_NEWTIME, open the
/// namespace the process's children get (/proc/PID/ns/pid_for_children, time_for_children)
/// rather than its own. A library value, no CLONE_* bit a namespace type uses.
pub const RNS_NS_FOR_CHILDREN: c_int = 1;

/// The for-children files of RNS_NS_FOR_CHILDREN and their pidfd ioctls
/// (PIDFD_GET_PID_FOR_CHILDREN_NAMESPACE, _TIME_FOR_CHILDREN_, Linux 6.11).
const FOR_CHILDREN_FILES: [(NsTypes, &str, u64); 2] = [
    (NsTypes::PID, "pid_for_children", 0xFF06),
    (NsTypes::TIME, "time_for_children", 0xFF08),
];

/// The /proc file name and pidfd ioctl an open's `nstype` names: exactly one type, or
/// RNS_CLONE_NEWPID / RNS_CLONE_NEWTIME with RNS_NS_FOR_CHILDREN. `EINVAL` otherwise.
fn open_file(nstype: c_int) -> Result<(&'static str, u64)> {
    if nstype & RNS_NS_FOR_CHILDREN == 0 {
        return ns_file(ns_types(nstype)?);
    }
    let t = ns_types(nstype & !RNS_NS_FOR_CHILDREN)?;
    FOR_CHILDREN_FILES
        .iter()
        .find(|(ty, _, _)| *ty == t)
        .map(|(_, name, req)| (*name, *req))
        .ok_or(Errno::EINVAL)
}

/// `Ok` when `nstype` is exactly one namespace type, else `EINVAL`.
pub(crate) fn ns_type_exactly_one(nstype: c_int) -> Result<()> {
    ns_file(ns_types(nstype)?).map(drop)
}

/// `nstype` as a set of namespace types: `EINVAL` for any other bit.
fn ns_types(nstype: c_int) -> Result<NsTypes> {
    NsTypes::from_bits(nstype).ok_or(Errno::EINVAL)
}

/// The /proc file name and pidfd ioctl of exactly one namespace type.
fn ns_file(t: NsTypes) -> Result<(&'static str, u64)> {
    NS_FILES
        .iter()
        .find(|(ty, _, _)| *ty == t)
        .map(|(_, name, req)| (*name, *req))
        .ok_or(Errno::EINVAL)
}

/// Opens `/proc/...` with O_CLOEXEC.
fn open_proc(path: String) -> Result<OwnedFd> {
    ffi::open_cloexec(&CString::new(path).map_err(|_| Errno::EINVAL)?)
}

/// Opens the calling **thread's** namespace of one type (/proc/thread-self: /proc/self
/// names the main thread's). `ENOSYS` when /proc is not mounted.
fn own_ns(t: NsTypes) -> Result<OwnedFd> {
    own_ns_file(ns_file(t)?.0)
}

/// own_ns() of the file `name` of /proc/thread-self/ns.
fn own_ns_file(name: &str) -> Result<OwnedFd> {
    open_proc(format!("/proc/thread-self/ns/{name}")).map_err(|e| {
        if e == Errno::ENOENT && !exists(c"/proc/thread-self") {
            Errno::ENOSYS
        } else {
            e
        }
    })
}

pub(crate) fn exists(path: &CStr) -> bool {
    // SAFETY: path is a valid C string.
    unsafe { libc::access(path.as_ptr(), libc::F_OK) == 0 }
}

/// Set once a pidfd has answered a namespace ioctl with ENOTTY or EINVAL (a kernel before
/// 6.11): the /proc way is used from then on.
static NO_NS_IOCTL: AtomicBool = AtomicBool::new(false);

/// A process found by its pid in the caller's pid namespace, pinned by a pidfd where the
/// kernel has them, so that what is read or entered afterwards is this process's even if
/// the pid is reused meanwhile. Never looked up by pid in /proc without that check: /proc
/// may belong to another pid namespace (after unshare(CLONE_NEWPID) and fork without a
/// remount), where the same number names another process.
pub(crate) struct Target {
    pid: libc::pid_t,
    pidfd: Option<OwnedFd>,
}

impl Target {
    /// `ESRCH` for no such process (a thread id that is not a process id included); without
    /// pidfds, `ENOSYS` when /proc is missing or shows another pid namespace.
    pub(crate) fn find(pid: libc::pid_t) -> Result<Target> {
        if pid <= 0 {
            return Err(Errno::EINVAL);
        }
        let pidfd = pidfd::pin(pid)?;
        if pidfd.is_none() {
            proc_is_ours()?;
            match proc_status(pid) {
                Some(st) if st.tgid == pid => {}
                _ => return Err(Errno::ESRCH),
            }
        }
        Ok(Target { pid, pidfd })
    }

    /// Opens the target's namespace of one type (its own, for PID and time), O_CLOEXEC.
    /// `ESRCH` once it has exited (a zombie too), `EACCES` without ptrace read access to it,
    /// `ENOENT` the kernel lacks the type.
    fn ns(&self, t: NsTypes) -> Result<OwnedFd> {
        let (name, req) = ns_file(t)?;
        self.ns_file(name, req)
    }

    /// ns() of the file `name` of /proc/PID/ns, whose pidfd ioctl is `req`.
    fn ns_file(&self, name: &str, req: u64) -> Result<OwnedFd> {
        let Some(pidfd) = &self.pidfd else {
            // No pidfds: /proc was checked to be ours by find().
            return open_proc(format!("/proc/{}/ns/{name}", self.pid)).map_err(|e| {
                match proc_status(self.pid) {
                    Some(st) if st.tgid == self.pid && !st.zombie => e,
                    _ => Errno::ESRCH,
                }
            });
        };
        if !NO_NS_IOCTL.load(Ordering::Relaxed) {
            // SAFETY: an ioctl without argument on a pidfd we own.
            match cvt(unsafe { libc::ioctl(pidfd.as_raw_fd(), req as _, 0) }) {
                // SAFETY: the kernel just gave us this fd.
                Ok(fd) => return unborn_as_proc(name, pidfd, unsafe { OwnedFd::from_raw_fd(fd) }),
                Err(Errno(libc::ENOTTY | libc::EINVAL)) => NO_NS_IOCTL.store(true, Ordering::Relaxed),
                Err(Errno(libc::EOPNOTSUPP)) => return Err(Errno::ENOENT),
                Err(e) => return Err(e),
            }
        }
        let fd = open_proc(format!("/proc/{}/ns/{name}", pidfd::proc_pid(pidfd)?));
        // Still running after the open: the pid named this process all along.
        if pidfd::exited(pidfd) {
            return Err(Errno::ESRCH);
        }
        fd
    }

    /// Whether the target is in the calling thread's user namespace. Namespaces are told
    /// apart by inode number (all live on the one nsfs): the target's through the pidfd,
    /// the caller's by reading the /proc/thread-self/ns/user link ("user:[INO]"), which
    /// opens no file.
    fn shares_user_ns(&self) -> Result<bool> {
        let theirs = ns_identity(&self.ns(NsTypes::USER)?)?.1;
        let mut buf = [0u8; 64];
        // SAFETY: a valid path and a buffer of the length given.
        let n = unsafe {
            libc::readlink(
                c"/proc/thread-self/ns/user".as_ptr(),
                buf.as_mut_ptr().cast(),
                buf.len(),
            )
        };
        let ours = usize::try_from(n)
            .ok()
            .and_then(|n| std::str::from_utf8(&buf[..n]).ok())
            .and_then(|l| l.strip_prefix("user:[")?.strip_suffix(']')?.parse::<u64>().ok());
        Ok(match ours {
            Some(ino) => ino == theirs,
            None => ns_identity(&own_ns(NsTypes::USER)?)?.1 == theirs,
        })
    }
}

/// The ioctl's pid_for_children as /proc answers it: `ENOENT` while that pid namespace has
/// no process yet (after unshare(CLONE_NEWPID), before the first fork), which /proc refuses
/// to open and the ioctl does not. Told by its pid 1, which the caller sees when it sees the
/// target process (the namespace is then at or below the caller's).
fn unborn_as_proc(name: &str, pidfd: &OwnedFd, ns: OwnedFd) -> Result<OwnedFd> {
    if name == "pid_for_children"
        && crate::ns_handle::pidns_empty_here(ns.as_raw_fd())
        && pidfd::getpid(pidfd.as_raw_fd()).is_ok()
    {
        return Err(Errno::ENOENT);
    }
    Ok(ns)
}

/// What /proc/PID/status says of a pid.
struct ProcStatus {
    tgid: libc::pid_t,
    zombie: bool,
}

fn proc_status(pid: libc::pid_t) -> Option<ProcStatus> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |key: &str| text.lines().find_map(|l| l.strip_prefix(key)).map(str::trim);
    Some(ProcStatus {
        tgid: field("Tgid:")?.parse().ok()?,
        zombie: field("State:")?.starts_with('Z'),
    })
}

/// `Ok` when the mounted /proc numbers processes as the caller's pid namespace does: it shows
/// the caller with exactly one pid (NSpid lists one per pid namespace from /proc's down to
/// the caller's). `ENOSYS` otherwise, or when /proc is not mounted.
pub(crate) fn proc_is_ours() -> Result<()> {
    let text = std::fs::read_to_string("/proc/self/status").map_err(|_| Errno::ENOSYS)?;
    let levels = text
        .lines()
        .find_map(|l| l.strip_prefix("NSpid:"))
        .map(|v| v.split_whitespace().count());
    match levels {
        Some(1) => Ok(()),
        _ => Err(Errno::ENOSYS),
    }
}

/// (st_dev, st_ino) of a namespace fd: a namespace's identity (stable while the fd is open).
pub(crate) fn ns_identity(fd: &OwnedFd) -> Result<(u64, u64)> {
    // SAFETY: an all-zero stat is a valid value to be overwritten.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: fd is open and st a valid stat buffer.
    cvt(unsafe { libc::fstat(fd.as_raw_fd(), &mut st) })?;
    Ok((st.st_dev, st.st_ino))
}

/// Opens the namespace of one type of process `pid` (0: the calling thread), O_CLOEXEC.
pub fn ns_open(pid: libc::pid_t, nstype: c_int) -> Result<OwnedFd> {
    let (name, req) = open_file(nstype)?;
    match pid {
        0 => own_ns_file(name),
        p if p < 0 => Err(Errno::EINVAL),
        p => Target::find(p)?.ns_file(name, req),
    }
}

/// Opens the namespace of one type of the process a caller's pidfd refers to.
pub(crate) fn pidfd_ns_open(pidfd: c_int, nstype: c_int) -> Result<OwnedFd> {
    let (name, req) = open_file(nstype)?;
    if pidfd < 0 {
        return Err(Errno::EBADF);
    }
    // Checked first: an ioctl's ENOTTY on another kind of fd must not be taken for a kernel
    // without the pidfd namespace ioctls.
    if !pidfd::is_pidfd(pidfd)? {
        return Err(Errno::EINVAL);
    }
    // SAFETY: plain fcntl; the caller's fd stays theirs, we own the duplicate.
    let dup = cvt(unsafe { libc::fcntl(pidfd, libc::F_DUPFD_CLOEXEC, 0) })?;
    // SAFETY: just duplicated, owned by no one else.
    let target = Target {
        pid: 0,
        pidfd: Some(unsafe { OwnedFd::from_raw_fd(dup) }),
    };
    target.ns_file(name, req)
}

/// Whether the process has threads besides the calling one ("Threads:" of /proc/self/status);
/// None when /proc cannot tell.
fn other_threads() -> Option<bool> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    let n: u32 = text
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))?
        .trim()
        .parse()
        .ok()?;
    Some(n > 1)
}

/// What the calling thread's fs state (root, cwd, umask) is shared with.
#[derive(PartialEq)]
enum FsSharing {
    /// No other thread of the process shares it.
    Private,
    /// Another thread shares it (threads do unless they unshared CLONE_FS).
    Shared,
    /// Cannot be told: /proc missing or of another pid namespace, or kcmp(2) missing or
    /// hidden by a sandbox.
    Unknown,
}

/// Compares the calling thread's fs state with every other thread's (kcmp KCMP_FS). Race
/// free: only a thread that shares it could start another that does, and that one is seen.
fn fs_sharing() -> FsSharing {
    const KCMP_FS: libc::c_long = 3;
    // SAFETY: plain syscalls without arguments.
    let (pid, tid) = unsafe { (libc::getpid(), libc::gettid()) };
    // /proc numbers threads in its own pid namespace: it must show us as we know ourselves.
    match std::fs::read_link("/proc/thread-self") {
        Ok(p) if p.as_os_str().to_str() == Some(&format!("{pid}/task/{tid}")) => {}
        _ => return FsSharing::Unknown,
    }
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return FsSharing::Unknown;
    };
    for entry in tasks {
        let Ok(entry) = entry else {
            return FsSharing::Unknown;
        };
        let Some(other) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<libc::pid_t>().ok())
        else {
            continue;
        };
        if other == tid {
            continue;
        }
        // SAFETY: plain syscall; kcmp only compares.
        let r = unsafe {
            libc::syscall(
                libc::SYS_kcmp,
                libc::c_long::from(tid),
                libc::c_long::from(other),
                KCMP_FS,
                0,
                0,
            )
        };
        match r {
            0 => return FsSharing::Shared,
            r if r > 0 => {}
            _ if Errno::last() == Errno::ESRCH => {} // the thread has ended meanwhile
            _ => return FsSharing::Unknown,
        }
    }
    FsSharing::Private
}

/// Whether another thread is known to share the calling thread's fs state.
pub(crate) fn fs_shared() -> bool {
    fs_sharing() == FsSharing::Shared
}

/// setns(2) on an fd we were given or opened, with the mount namespace's rule enforced.
///
/// The kernel refuses a mount namespace to a thread that shares its fs state, except when a
/// pidfd setns asks for it with other types: it then checks a private copy and writes the
/// target's root and cwd into the state every thread shares (the other threads keep their
/// mount namespace but resolve paths in the target's tree). That case is refused here with
/// the same EINVAL. Where sharing cannot be told, the mount namespace is entered alone first,
/// where the kernel checks it itself.
pub(crate) fn setns_checked(fd: c_int, types: NsTypes) -> Result<()> {
    user_ns_may_change(types);
    let setns = |t: NsTypes| {
        // SAFETY: plain syscall; the kernel checks the fd.
        cvt(unsafe { libc::setns(fd, t.bits()) }).map(drop)
    };
    if !types.contains(NsTypes::MNT) || types == NsTypes::MNT {
        return setns(types);
    }
    match fs_sharing() {
        FsSharing::Shared => Err(Errno::EINVAL),
        FsSharing::Private => setns(types),
        // Split only for a pidfd: a namespace file never takes several types (EINVAL).
        FsSharing::Unknown if !is_nsfs(fd) => {
            setns(NsTypes::MNT)?;
            setns(types - NsTypes::MNT)
        }
        FsSharing::Unknown => setns(types),
    }
}

/// setns(2) on a namespace file or a pidfd, as rns_setns() takes them; where setns takes no
/// pidfd (before Linux 5.8, known by what the kernel answers), a pidfd's types one by one,
/// each namespace opened through it (mount last). A failure part way leaves the types before
/// it entered: for a thread about to be discarded (rns_run_in_ns()).
pub(crate) fn setns_fd(fd: c_int, types: NsTypes) -> Result<()> {
    match setns_checked(fd, types) {
        Err(Errno::EINVAL) if !is_nsfs(fd) && !pidfd_setns_works() => {
            let order = [
                NsTypes::CGROUP,
                NsTypes::IPC,
                NsTypes::UTS,
                NsTypes::NET,
                NsTypes::PID,
                NsTypes::TIME,
                NsTypes::MNT,
            ];
            for t in order.into_iter().filter(|t| types.contains(*t)) {
                let ns = pidfd_ns_open(fd, t.bits())?;
                setns_checked(ns.as_raw_fd(), t)?;
            }
            Ok(())
        }
        r => r,
    }
}

/// Whether setns(2) takes pidfds (Linux 5.8), as the kernel answers; true when it cannot be
/// asked.
fn pidfd_setns_works() -> bool {
    match PIDFD_SETNS.load(Ordering::Relaxed) {
        1 => true,
        2 => false,
        _ => match probe_pidfd_setns() {
            Some(works) => {
                PIDFD_SETNS.store(if works { 1 } else { 2 }, Ordering::Relaxed);
                works
            }
            None => true,
        },
    }
}

/// The type of the namespace file `fd` (NS_GET_NSTYPE, Linux 4.11): `EINVAL` when `fd` is
/// not a namespace file, `EBADF` when it is not open.
pub(crate) fn nstype_of(fd: c_int) -> Result<NsTypes> {
    const NS_GET_NSTYPE: u64 = 0xb703; // _IO(0xb7, 0x3)
                                       // SAFETY: an ioctl without argument; the kernel checks the fd.
    match cvt(unsafe { libc::ioctl(fd, NS_GET_NSTYPE as _, 0) }) {
        Ok(t) => NsTypes::from_bits(t).ok_or(Errno::EINVAL),
        Err(Errno::EBADF) => Err(Errno::EBADF),
        Err(_) => Err(Errno::EINVAL),
    }
}

/// Whether the process is in the initial user namespace, as last learnt: 0 not known, 1 yes,
/// 2 no. Reset by every librns call that may change the user namespace.
static INITIAL_USER_NS: AtomicU8 = AtomicU8::new(0);

extern "C" {
    /// glibc (2.32): false once the process has created a thread, never true again.
    static __libc_single_threaded: std::os::raw::c_char;
}

/// Whether the calling thread is in the initial user namespace (its /proc link names the
/// fixed inode of that namespace, PROC_USER_INIT_INO). A process changes its user namespace
/// only while single-threaded, so the answer is kept once the process has threads (Go, Node,
/// threaded C), and asked again on each call while it has none. False when /proc cannot tell.
pub(crate) fn in_initial_user_ns() -> bool {
    // SAFETY: glibc's variable, only read.
    let single = unsafe { std::ptr::read_volatile(std::ptr::addr_of!(__libc_single_threaded)) } != 0;
    match INITIAL_USER_NS.load(Ordering::Relaxed) {
        1 if !single => return true,
        2 if !single => return false,
        _ => {}
    }
    let initial =
        std::fs::read_link("/proc/thread-self/ns/user").is_ok_and(|l| l.as_os_str() == "user:[4026531837]");
    INITIAL_USER_NS.store(if initial { 1 } else { 2 }, Ordering::Relaxed);
    initial
}

/// Forgets what [`in_initial_user_ns`] learnt when `types` may change the user namespace (0:
/// a namespace file of any type).
fn user_ns_may_change(types: NsTypes) {
    if types.contains(NsTypes::USER) || types.is_empty() {
        INITIAL_USER_NS.store(0, Ordering::Relaxed);
    }
}

/// Whether `fd` is a namespace file (on nsfs).
fn is_nsfs(fd: c_int) -> bool {
    ffi::fs_magic(fd) == Ok(ffi::NSFS_MAGIC)
}

/// Whether setns(2) takes a pidfd (Linux 5.8), learnt from the kernel's answers: unknown
/// (0) until a pidfd setns answers, then yes (1) or no (2) for the life of the process.
static PIDFD_SETNS: AtomicU8 = AtomicU8::new(0);

/// Asked when a pidfd setns has answered EINVAL, which a kernel that takes pidfds also gives
/// for reasons of its own: setns on the pidfd of a process that has exited gives ESRCH where
/// setns takes pidfds and EINVAL where it does not. The process is a child made for the
/// purpose (clone with CLONE_VM|CLONE_VFORK and no exit signal, all signals blocked) that
/// exits at once and is reaped here. None when the question cannot be asked.
fn probe_pidfd_setns() -> Option<bool> {
    extern "C" fn exit_at_once(_: *mut libc::c_void) -> c_int {
        0
    }
    let mut stack = vec![0u8; 64 * 1024];
    // SAFETY: one past the end of the buffer, aligned down to 16 bytes as the ABI wants.
    let top = unsafe { stack.as_mut_ptr().add(stack.len()) };
    let top = top.wrapping_sub(top as usize % 16);
    // SAFETY: sigset_t values are filled before use; clone runs exit_at_once on our stack
    // buffer, which outlives the child (CLONE_VFORK: we resume once it has exited).
    let pid = unsafe {
        let (mut all, mut old): (libc::sigset_t, libc::sigset_t) = (std::mem::zeroed(), std::mem::zeroed());
        libc::sigfillset(&mut all);
        libc::pthread_sigmask(libc::SIG_SETMASK, &all, &mut old);
        let pid = libc::clone(
            exit_at_once,
            top.cast(),
            libc::CLONE_VM | libc::CLONE_VFORK,
            std::ptr::null_mut(),
        );
        libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut());
        pid
    };
    if pid <= 0 {
        return None;
    }
    let pidfd = pidfd::open(pid, 0);
    let mut status = 0;
    // SAFETY: reaping our own child (no exit signal: __WALL).
    unsafe { libc::waitpid(pid, &mut status, libc::__WALL) };
    let pidfd = pidfd.ok()?;
    // SAFETY: plain syscall on a pidfd we own; the process is gone, so nothing can change.
    match cvt(unsafe { libc::setns(pidfd.as_raw_fd(), RNS_CLONE_NEWUTS) }) {
        Err(Errno::ESRCH) => Some(true),
        Err(Errno::EINVAL) => Some(false),
        _ => None,
    }
}

/// Enters several namespaces of `pid`: one atomic setns(2) on a pidfd where the kernel takes
/// that, else file by file. The path is chosen by what the kernel answers (ENOSYS from
/// pidfd_open, EINVAL from setns on a pidfd where the per-file path is valid), never by its
/// version, and both give the same errno for the same situation.
pub fn setns_pid(pid: libc::pid_t, nstypes: c_int) -> Result<c_int> {
    let types = ns_types(nstypes)?;
    if pid <= 0 || types.is_empty() {
        return Err(Errno::EINVAL);
    }
    setns_target(&Target::find(pid)?, types)
}

/// [`setns_pid`] on a process already found.
pub(crate) fn setns_target(target: &Target, types: NsTypes) -> Result<c_int> {
    let types = drop_shared_user_ns(target, types)?;
    if types.is_empty() {
        return Ok(0);
    }
    if let Some(pidfd) = &target.pidfd {
        if PIDFD_SETNS.load(Ordering::Relaxed) != 2 {
            match setns_checked(pidfd.as_raw_fd(), types) {
                Err(Errno::EINVAL) if !pidfd_setns_works() => {} // the per-file path below
                r => {
                    if r != Err(Errno::EINVAL) {
                        PIDFD_SETNS.store(1, Ordering::Relaxed);
                    }
                    return r.map(|()| 0);
                }
            }
        }
    }
    setns_per_file(target, types)
}

/// Leaves out the user namespace when the target already shares the caller's: asking for it
/// would fail the whole setns with EINVAL (nsenter(1) does the same). Compared through the
/// pidfd, never by a pid looked up in /proc.
fn drop_shared_user_ns(target: &Target, mut types: NsTypes) -> Result<NsTypes> {
    if types.contains(NsTypes::USER) && target.shares_user_ns().map_err(setns_errno)? {
        types.remove(NsTypes::USER);
    }
    Ok(types)
}

/// The errno rns_setns_pid gives for a failure to open a target's namespace file, so that
/// both paths agree: no read access to the process is a lack of privilege (EPERM, as the
/// pidfd path's ptrace check says), and a type the kernel lacks is EINVAL (as setns says).
fn setns_errno(e: Errno) -> Errno {
    match e {
        Errno::EACCES => Errno::EPERM,
        Errno::ENOENT => Errno::EINVAL,
        e => e,
    }
}

/// The per-file way, for kernels whose setns takes no pidfd (before 5.8) or that have no
/// pidfds: open every namespace file first (so a missing one changes nothing), then enter
/// them in two passes as nsenter(1) does: all but the user namespace, then the user
/// namespace followed by those that failed before it for lack of privilege (entering the
/// user namespace first gains privilege, last drops it). Any other failure ends the call at
/// once. Not atomic: a failure after the first entered type leaves the thread in the types
/// entered so far.
fn setns_per_file(target: &Target, types: NsTypes) -> Result<c_int> {
    // What the kernel would refuse only after other types were entered, refused first: a
    // user namespace needs a single-threaded process, a mount namespace a thread that does
    // not share its fs state.
    if types.contains(NsTypes::USER) && other_threads() == Some(true) {
        return Err(Errno::EINVAL);
    }
    if types.contains(NsTypes::MNT) && fs_sharing() == FsSharing::Shared {
        return Err(Errno::EINVAL);
    }
    user_ns_may_change(types);
    let mut pending: Vec<(NsTypes, Option<OwnedFd>)> = Vec::new();
    for (t, _, _) in NS_FILES.iter().filter(|(t, _, _)| types.contains(*t)) {
        pending.push((*t, Some(target.ns(*t).map_err(setns_errno)?)));
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
                // Only a lack of privilege can be cured by entering the user namespace first.
                Err(Errno::EPERM) if pass == 0 && types.contains(NsTypes::USER) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(0)
}

/// The per-file path on its own, whatever the kernel supports, for tests.
#[doc(hidden)]
pub fn setns_pid_per_file(pid: libc::pid_t, types: NsTypes) -> Result<c_int> {
    let target = Target::find(pid)?;
    let types = drop_shared_user_ns(&target, types)?;
    if types.is_empty() {
        return Ok(0);
    }
    setns_per_file(&target, types)
}

/// Moves the calling thread into the namespace that `fd` refers to (setns(2)).
///
/// `fd` is a namespace file (/proc/PID/ns/X, a bind mount of one, or from rns_ns_open())
/// with `nstype` 0 (any type) or that file's type; or a pidfd with an OR of
/// RNS_CLONE_NEW* types, entered atomically (Linux 5.8+). Joining a mount namespace from a
/// multithreaded process needs rns_unshare(RNS_CLONE_FS) on the thread first, with a pidfd
/// too (the kernel itself would let a pidfd through and move every thread's root and cwd;
/// librns refuses that with -EINVAL); joining a user namespace needs a single-threaded
/// process.
///
/// Kernel: Linux 3.0 (setns(2); user, pid and mount namespaces 3.8, cgroup 4.6, time 5.6); a
/// pidfd 5.8 (-EINVAL before).
/// Scope: calling thread.
/// Returns: 0.
/// Errors: -EBADF `fd` is not open; -EINVAL unknown bits in `nstype`, `fd` is neither a
/// namespace file nor a pidfd, its type is not `nstype`, a pidfd with `nstype` 0, a user
/// namespace from a multithreaded process, or a mount namespace while the thread shares its
/// fs state (CLONE_FS) with another thread; -EPERM lacking CAP_SYS_ADMIN in the target's user
/// namespace; -ESRCH the pidfd's process has exited.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_setns(fd: c_int, nstype: c_int) -> c_int {
    call_nc(|| {
        let types = ns_types(nstype)?;
        if fd < 0 {
            return Err(Errno::EBADF);
        }
        setns_checked(fd, types)?;
        Ok(0)
    })
}

/// Gives the calling thread new namespaces, or unshares other context (unshare(2)).
///
/// `flags` is an OR of RNS_CLONE_NEW* and RNS_CLONE_FILES, _FS, _SYSVSEM, _SIGHAND, _THREAD,
/// _VM. RNS_CLONE_NEWPID and RNS_CLONE_NEWTIME change only the caller's future children.
/// RNS_CLONE_NEWUSER needs a single-threaded process.
///
/// Kernel: Linux 2.6.16 (unshare(2)); each type from its kernel (user 3.8, cgroup 4.6, time
/// 5.6; -EINVAL before).
/// Scope: calling thread.
/// Returns: 0.
/// Errors: -EINVAL unknown bits, or a flag that needs a single-threaded process;
/// -EPERM lacking CAP_SYS_ADMIN; -EUSERS/-ENOSPC namespace limits reached; -ENOMEM.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_unshare(flags: c_int) -> c_int {
    call_nc(|| {
        known_bits(flags, UnshareFlags::all().bits())?;
        if flags & RNS_CLONE_NEWUSER != 0 {
            user_ns_may_change(NsTypes::USER);
        }
        // SAFETY: plain syscall with checked flags.
        cvt(unsafe { libc::unshare(flags) })?;
        Ok(0)
    })
}

/// Opens `path` (a namespace file) and moves the calling thread into that namespace.
///
/// The fd is O_CLOEXEC and closed before returning, on success and failure alike.
///
/// Kernel: as rns_setns().
/// Scope: calling thread.
/// Returns: 0.
/// Errors: -EFAULT `path` is NULL; the errors of open(2) (-ENOENT, -EACCES, ...); those of
/// rns_setns() (-EINVAL not a namespace file or type mismatch, -EPERM, ...).
/// Since: 0.1
///
/// # Safety
/// `path` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn rns_setns_path(path: *const c_char, nstype: c_int) -> c_int {
    call_nc(|| {
        let path = ffi::cstr(path)?;
        known_bits(nstype, NsTypes::all().bits())?;
        let fd = ffi::open_cloexec(path)?;
        setns_checked(fd.as_raw_fd(), ns_types(nstype)?)?;
        Ok(0)
    })
}

/// Opens the namespace of one type of process `pid`; pid 0 is the calling **thread**
/// (/proc/thread-self/ns/X, not the main thread's /proc/self/ns/X).
///
/// `nstype` is exactly one RNS_CLONE_NEW* type. RNS_CLONE_NEWPID and RNS_CLONE_NEWTIME give
/// the process's own namespace (ns/pid, ns/time), not the one for its children; with
/// RNS_NS_FOR_CHILDREN (since 0.3) they give that one (ns/pid_for_children, Linux 4.12;
/// ns/time_for_children, 5.6), as rns_pidfd_ns_open() does. The process
/// is pinned by a pidfd and its namespace opened through the pidfd (Linux 6.11), or through
/// /proc with a check that the pidfd's process is still the one /proc showed; `pid` is never
/// looked up in a /proc that belongs to another pid namespace.
///
/// Kernel: every kernel with /proc/PID/ns (3.8); through the pidfd (PIDFD_GET_*_NAMESPACE) from
/// 6.11, else /proc with a pidfd check (pidfd_open 5.3), else /proc alone; pid_for_children
/// 4.12, time_for_children 5.6.
/// Scope: reads only.
/// Returns: an O_CLOEXEC fd, for rns_setns() or fstat() (st_dev, st_ino identify the
/// namespace). The caller closes it.
/// Errors: -EINVAL `nstype` is not exactly one namespace type (RNS_NS_FOR_CHILDREN: with a
/// type other than pid or time; before 0.3, at all), or `pid` < 0; -ESRCH no such process, it
/// has exited (a zombie too), or `pid` is a thread id that is not a process id; -EACCES not
/// allowed to inspect it (no ptrace read access); -ENOENT the kernel lacks that namespace
/// type, or the pid namespace for its children has no process yet; -ENOSYS the process cannot be found safely here: /proc is not mounted (or,
/// on kernels without the pidfd namespace ioctls or pidfds, shows another pid namespace).
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_ns_open(pid: libc::pid_t, nstype: c_int) -> c_int {
    call_nc(|| ns_open(pid, nstype))
}

/// Moves the calling thread into several namespaces of process `pid` at once.
///
/// `nstypes` is an OR of RNS_CLONE_NEW* types. Where setns(2) takes a pidfd (Linux 5.8+)
/// this is one setns on a pidfd: every namespace is checked before any is entered, so it
/// fails or succeeds as a whole. Where it does not, or pidfds are missing or hidden by a
/// sandbox, it enters the /proc/PID/ns files one by one as nsenter(1) does (user namespace
/// first when that gains privilege), which is not atomic. The path is chosen by what the
/// kernel answers, once per process, never by its version; both give the errors below for
/// the same situations. RNS_CLONE_NEWUSER is left out when `pid` already shares the caller's
/// user namespace (as nsenter does), since the kernel would refuse the whole call; that is
/// compared through the pidfd, not by looking `pid` up in /proc.
///
/// A mount namespace together with other types is refused (-EINVAL) while the thread shares
/// its fs state with another thread, as the mount namespace alone is: call
/// rns_unshare(RNS_CLONE_FS) first. Where that cannot be told (no /proc, kcmp(2) hidden), the
/// mount namespace is entered alone first, where the kernel checks it.
///
/// Kernel: one setns(2) on a pidfd from Linux 5.8; before, /proc/PID/ns files one by one
/// (pinned by a pidfd from 5.3); -ENOSYS with neither.
/// Scope: calling thread.
/// Returns: 0.
/// Errors: -EINVAL `pid` <= 0, `nstypes` 0 or with unknown bits, a type the kernel lacks, or a
/// type the thread cannot join (a user namespace from a multithreaded process, a mount
/// namespace while sharing CLONE_FS with another thread, a pid namespace that is not the
/// caller's or below it); -ESRCH no such process, it has exited (a zombie too), or `pid` is a
/// thread id that is not a process id; -EPERM lacking privilege: no ptrace read access to
/// the process (another user's, say) or no CAP_SYS_ADMIN in a target namespace; -ENOSYS
/// the process cannot be found safely here (no pidfds, and /proc missing or of another pid
/// namespace; or /proc missing where setns takes no pidfd).
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_setns_pid(pid: libc::pid_t, nstypes: c_int) -> c_int {
    call_nc(|| setns_pid(pid, nstypes))
}

// --- UTS namespace names: sethostname(2), setdomainname(2) ---------------------------------
// A name belongs to the UTS namespace, not to a thread or a process: setting it changes what
// every process in the calling thread's UTS namespace sees.

/// The kernel's limit on both names, in bytes without the NUL (__NEW_UTS_LEN).
const UTS_NAME_MAX: usize = 64;

/// A name the kernel accepts: `EINVAL` when longer than 64 bytes.
fn uts_name<'a>(name: *const c_char) -> Result<&'a [u8]> {
    // SAFETY: the caller's contract: NULL or a NUL-terminated string.
    let name = unsafe { ffi::cstr(name) }?.to_bytes();
    if name.len() > UTS_NAME_MAX {
        return Err(Errno::EINVAL);
    }
    Ok(name)
}

/// Sets the host name of the calling thread's UTS namespace (sethostname(2)).
///
/// `name` is a NUL-terminated string of at most 64 bytes; "" is allowed. Use it in a UTS
/// namespace of the caller's own (rns_unshare(RNS_CLONE_NEWUTS)) to name a container
/// without touching the host.
///
/// Kernel: every kernel (sethostname(2)).
/// Scope: the calling thread's UTS namespace (every process in it sees the new name).
/// Returns: 0.
/// Errors: -EFAULT `name` is NULL; -EINVAL `name` is longer than 64 bytes; -EPERM lacking
/// CAP_SYS_ADMIN in the user namespace that owns the UTS namespace.
/// Since: 0.2
///
/// # Safety
/// `name` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn rns_sethostname(name: *const c_char) -> c_int {
    call_nc(|| {
        let name = uts_name(name)?;
        // SAFETY: a buffer of the length given.
        cvt(unsafe { libc::sethostname(name.as_ptr().cast(), name.len()) })
    })
}

/// Sets the NIS domain name of the calling thread's UTS namespace (setdomainname(2)), as
/// rns_sethostname() does the host name.
///
/// Kernel: every kernel (setdomainname(2)).
/// Scope: the calling thread's UTS namespace (every process in it sees the new name).
/// Returns: 0.
/// Errors: -EFAULT `name` is NULL; -EINVAL `name` is longer than 64 bytes; -EPERM lacking
/// CAP_SYS_ADMIN in the user namespace that owns the UTS namespace.
/// Since: 0.2
///
/// # Safety
/// `name` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn rns_setdomainname(name: *const c_char) -> c_int {
    call_nc(|| {
        let name = uts_name(name)?;
        // SAFETY: a buffer of the length given.
        cvt(unsafe { libc::setdomainname(name.as_ptr().cast(), name.len()) })
    })
}
