//! Namespace identity and relations: what a namespace fd is, the namespaces it hangs from,
//! and a 64-bit id, through the nsfs ioctls on the fd itself (no /proc).
//!
//! Every function here takes a namespace fd (/proc/PID/ns/X, a bind mount of one, or from
//! rns_ns_open()) and only reads: the new fds it returns are the caller's to close. An fd is
//! a namespace when it is on nsfs (fstatfs NSFS_MAGIC, as systemd's fd_is_namespace checks),
//! so a regular file, a socket or a pidfd is refused with -EINVAL before any nsfs ioctl.

use std::os::fd::{FromRawFd, OwnedFd};
use std::os::raw::{c_int, c_long, c_uint, c_ulong};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::ffi::{self, call_nc, cvt, cvt_syscall, known_bits, Errno, Result};
use crate::namespaces::{self, NsTypes};

/// rns_ns_id(): the id is the kernel's 64-bit namespace id (NS_GET_ID, or NS_GET_MNTNS_ID for
/// a mount namespace), never reused while the system runs.
pub const RNS_NS_ID_KERNEL: c_int = 1;
/// rns_ns_id(): the id is the namespace file's inode number, unique only while the namespace
/// lives (compare two only while holding both fds).
pub const RNS_NS_ID_INODE: c_int = 2;

/// rns_ns_pid_from(), rns_ns_pid_in(): translate to the thread-group id (the process's pid)
/// rather than the thread's own id.
pub const RNS_NS_PID_TGID: c_uint = 1;

// Library values, not the kernel's: two distinct positive results.
const _: () = {
    assert!(RNS_NS_ID_KERNEL == 1);
    assert!(RNS_NS_ID_INODE == 2);
};

/// `_IOR(0xb7, nr, __u64)`, as nsio_read() encodes it.
const fn nsio_read_u64(nr: u64) -> u64 {
    nsio_read(nr, 8)
}

/// `_IOR(0xb7, nr, size)`: the direction bits sit at bit 30 in the generic encoding (x86,
/// arm, riscv, ...) and at bit 29 on powerpc, mips and sparc.
const fn nsio_read(nr: u64, size: u64) -> u64 {
    const DIR_SHIFT: u64 = if cfg!(any(
        target_arch = "powerpc",
        target_arch = "powerpc64",
        target_arch = "mips",
        target_arch = "mips64",
        target_arch = "sparc",
        target_arch = "sparc64"
    )) {
        29
    } else {
        30
    };
    (2 << DIR_SHIFT) | (size << 16) | (0xb7 << 8) | nr
}

/// NS_GET_USERNS, NS_GET_PARENT (Linux 4.9), NS_GET_OWNER_UID (4.11): `_IO(0xb7, n)`.
const NS_GET_USERNS: u64 = 0xb701;
const NS_GET_PARENT: u64 = 0xb702;
const NS_GET_OWNER_UID: u64 = 0xb704;
/// NS_GET_MNTNS_ID (Linux 6.11, mount namespaces) and NS_GET_ID (6.18, every type).
const NS_GET_MNTNS_ID: u64 = nsio_read_u64(5);
const NS_GET_ID: u64 = nsio_read_u64(13);

/// NS_GET_PID_FROM_PIDNS, NS_GET_TGID_FROM_PIDNS, NS_GET_PID_IN_PIDNS, NS_GET_TGID_IN_PIDNS
/// (Linux 6.9): `_IOR(0xb7, n, int)`, the pid passed as the argument's value.
const NS_GET_PID_FROM_PIDNS: u64 = nsio_read(6, 4);
const NS_GET_TGID_FROM_PIDNS: u64 = nsio_read(7, 4);
const NS_GET_PID_IN_PIDNS: u64 = nsio_read(8, 4);
const NS_GET_TGID_IN_PIDNS: u64 = nsio_read(9, 4);

#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
const _: () = {
    assert!(NS_GET_MNTNS_ID == 0x8008_b705);
    assert!(NS_GET_ID == 0x8008_b70d);
    assert!(NS_GET_PID_FROM_PIDNS == 0x8004_b706);
    assert!(NS_GET_TGID_IN_PIDNS == 0x8004_b709);
};

/// Set once NS_GET_ID has been answered ENOTTY, EINVAL or EOPNOTSUPP (a kernel before 6.18,
/// or a sandbox that hides it): the other ids are used from then on, in this process.
static NO_NS_ID: AtomicBool = AtomicBool::new(false);
/// The same for NS_GET_MNTNS_ID (a kernel before 6.11).
static NO_MNTNS_ID: AtomicBool = AtomicBool::new(false);

/// `Ok` when `fd` is a namespace file: `EBADF` not open, `EINVAL` on another filesystem.
fn check_nsfs(fd: c_int) -> Result<()> {
    if ffi::fs_magic(fd)? != ffi::NSFS_MAGIC {
        return Err(Errno::EINVAL);
    }
    Ok(())
}

/// The type of the namespace file `fd`, checked to be one.
fn ns_type(fd: c_int) -> Result<NsTypes> {
    check_nsfs(fd)?;
    namespaces::nstype_of(fd)
}

/// An nsfs ioctl that returns a new fd (NS_GET_USERNS, NS_GET_PARENT); the kernel opens it
/// O_CLOEXEC.
fn related(fd: c_int, req: u64) -> Result<OwnedFd> {
    check_nsfs(fd)?;
    // SAFETY: an ioctl without argument on a namespace file; the kernel checks the fd.
    let new = cvt(unsafe { libc::ioctl(fd, req as _, 0) })?;
    // SAFETY: the kernel just gave us this fd.
    Ok(unsafe { OwnedFd::from_raw_fd(new) })
}

/// Whether an ioctl's failure says the kernel lacks it (rather than refusing this fd).
fn unsupported(e: Errno) -> bool {
    matches!(e, Errno(libc::ENOTTY | libc::EINVAL | libc::EOPNOTSUPP))
}

/// A u64-returning nsfs ioctl, tried unless `missing` says the kernel lacks it (and set when
/// it answers so). None: use another id.
fn kernel_u64(fd: c_int, req: u64, missing: &AtomicBool) -> Result<Option<u64>> {
    if missing.load(Ordering::Relaxed) {
        return Ok(None);
    }
    let mut id: u64 = 0;
    // SAFETY: the ioctl writes one __u64 to the address given.
    match cvt(unsafe { libc::ioctl(fd, req as _, &mut id as *mut u64) }) {
        Ok(_) => Ok(Some(id)),
        Err(e) if unsupported(e) => {
            missing.store(true, Ordering::Relaxed);
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// What identifies a namespace: the kernel's id where it has one, else (st_dev, st_ino).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NsId {
    Kernel(u64),
    Inode(u64, u64),
}

/// The strongest id of the namespace file `fd` (of type `t`): NS_GET_ID, then for a mount
/// namespace NS_GET_MNTNS_ID, then the inode. The path follows the kernel's answers, never
/// its version.
fn ns_id(fd: c_int, t: NsTypes) -> Result<NsId> {
    if let Some(id) = kernel_u64(fd, NS_GET_ID, &NO_NS_ID)? {
        return Ok(NsId::Kernel(id));
    }
    if t == NsTypes::MNT {
        if let Some(id) = kernel_u64(fd, NS_GET_MNTNS_ID, &NO_MNTNS_ID)? {
            return Ok(NsId::Kernel(id));
        }
    }
    let (dev, ino) = file_identity(fd)?;
    Ok(NsId::Inode(dev, ino))
}

/// (st_dev, st_ino) of `fd`.
fn file_identity(fd: c_int) -> Result<(u64, u64)> {
    // SAFETY: an all-zero stat is a valid value to be overwritten.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: st is a valid stat buffer; the kernel checks the fd.
    cvt(unsafe { libc::fstat(fd, &mut st) })?;
    Ok((st.st_dev, st.st_ino))
}

/// The type of the namespace `fd` refers to.
///
/// `fd` is a namespace file: /proc/PID/ns/X, a bind mount of one, or an fd from rns_ns_open(),
/// rns_ns_userns() or rns_ns_parent(). It is checked to be on nsfs (fstatfs, as systemd's
/// fd_is_namespace), then asked its type (NS_GET_NSTYPE, Linux 4.11).
///
/// Kernel: Linux 4.11 (NS_GET_NSTYPE); -EINVAL before (no way to tell).
/// Scope: reads only.
/// Returns: its RNS_CLONE_NEW* type (exactly one bit).
/// Errors: -EBADF `fd` is not open; -EINVAL `fd` is not a namespace file (a regular file, a
/// socket, a pidfd, /dev/null, ...).
/// Since: 0.2
#[no_mangle]
pub extern "C" fn rns_ns_type(fd: c_int) -> c_int {
    call_nc(|| ns_type(fd).map(|t| t.bits()))
}

/// Opens the user namespace that owns the namespace `fd` (NS_GET_USERNS, Linux 4.9); for a
/// user namespace, the one it was created in.
///
/// Kernel: Linux 4.9 (NS_GET_USERNS).
/// Scope: reads only.
/// Returns: an O_CLOEXEC fd of that user namespace. The caller closes it.
/// Errors: -EBADF `fd` is not open; -EINVAL `fd` is not a namespace file; -EPERM the owner is
/// outside the caller's user namespace and its descendants (the initial user namespace, seen
/// from inside a container, say).
/// Since: 0.2
#[no_mangle]
pub extern "C" fn rns_ns_userns(fd: c_int) -> c_int {
    call_nc(|| related(fd, NS_GET_USERNS))
}

/// Opens the parent of the namespace `fd` (NS_GET_PARENT, Linux 4.9): the pid or user
/// namespace it was created in. Only pid and user namespaces have parents.
///
/// Kernel: Linux 4.9 (NS_GET_PARENT).
/// Scope: reads only.
/// Returns: an O_CLOEXEC fd of the parent namespace. The caller closes it.
/// Errors: -EBADF `fd` is not open; -EINVAL `fd` is not a namespace file, or not a pid or
/// user namespace; -EPERM the parent is outside what the caller can see (`fd` is the
/// caller's own, or an ancestor's, topmost namespace: the initial one, or a container's).
/// Since: 0.2
#[no_mangle]
pub extern "C" fn rns_ns_parent(fd: c_int) -> c_int {
    call_nc(|| related(fd, NS_GET_PARENT))
}

/// Reads the uid of the creator of the user namespace `fd` (NS_GET_OWNER_UID, Linux 4.11), as
/// the caller's user namespace maps it.
///
/// Kernel: Linux 4.11 (NS_GET_OWNER_UID).
/// Scope: reads only.
/// Returns: 0, with `*ret_uid` set: the owner's uid, or the overflow uid (65534) when the
/// caller's user namespace does not map it.
/// Errors: -EFAULT `ret_uid` is NULL; -EBADF `fd` is not open; -EINVAL `fd` is not a namespace
/// file, or not a user namespace. Nothing is written on failure.
/// Since: 0.2
///
/// # Safety
/// `ret_uid` is NULL or valid for writing a uid_t.
#[no_mangle]
pub unsafe extern "C" fn rns_ns_owner_uid(fd: c_int, ret_uid: *mut libc::uid_t) -> c_int {
    call_nc(|| {
        // SAFETY: the caller's contract: NULL or valid for writing a uid_t.
        let out = unsafe { ffi::out(ret_uid) }?;
        check_nsfs(fd)?;
        let mut uid: libc::uid_t = 0;
        // SAFETY: the ioctl writes one uid_t to the address given.
        cvt(unsafe { libc::ioctl(fd, NS_GET_OWNER_UID as _, &mut uid as *mut libc::uid_t) })?;
        out.set(uid);
        Ok(0)
    })
}

/// Reads a 64-bit id of the namespace `fd`.
///
/// Where the kernel has one, this is its namespace id, which is never reused while the system
/// runs: NS_GET_ID (Linux 6.18, every type) or, for a mount namespace, NS_GET_MNTNS_ID (6.11).
/// Otherwise it is the namespace file's inode number (st_ino), which the kernel reuses once
/// the namespace is gone: compare two inode ids only while holding both fds (rns_ns_same()
/// does). Which one is used follows the kernel's answer (an unknown ioctl), cached per
/// process, never its version; kernel ids and inode ids are never comparable with each other.
///
/// Kernel: every kernel with nsfs (3.19): the kernel id from 6.18 (NS_GET_ID; a mount
/// namespace's from 6.11, NS_GET_MNTNS_ID), else the inode number, as the kernel answers.
/// Scope: reads only.
/// Returns: RNS_NS_ID_KERNEL (1) with `*ret_id` the kernel's id, or RNS_NS_ID_INODE (2) with
/// `*ret_id` the inode number.
/// Errors: -EFAULT `ret_id` is NULL; -EBADF `fd` is not open; -EINVAL `fd` is not a namespace
/// file. Nothing is written on failure.
/// Since: 0.2
///
/// # Safety
/// `ret_id` is NULL or valid for writing a uint64_t.
#[no_mangle]
pub unsafe extern "C" fn rns_ns_id(fd: c_int, ret_id: *mut u64) -> c_int {
    call_nc(|| {
        // SAFETY: the caller's contract: NULL or valid for writing a u64.
        let out = unsafe { ffi::out(ret_id) }?;
        let t = ns_type(fd)?;
        let (kind, id) = match ns_id(fd, t)? {
            NsId::Kernel(id) => (RNS_NS_ID_KERNEL, id),
            NsId::Inode(_, ino) => (RNS_NS_ID_INODE, ino),
        };
        out.set(id);
        Ok(kind)
    })
}

/// Tells whether two namespace fds refer to the same namespace.
///
/// Compares the kernel's namespace ids where both have one (as rns_ns_id()), else (st_dev,
/// st_ino) of the two files, which is sound here because both fds are held. Namespaces of
/// different types are simply different.
///
/// Kernel: as rns_ns_id() (fstat(2) otherwise).
/// Scope: reads only.
/// Returns: 1 the same namespace, 0 different ones.
/// Errors: -EBADF `fd1` or `fd2` is not open; -EINVAL one of them is not a namespace file.
/// Since: 0.2
#[no_mangle]
pub extern "C" fn rns_ns_same(fd1: c_int, fd2: c_int) -> c_int {
    call_nc(|| {
        let (t1, t2) = (ns_type(fd1)?, ns_type(fd2)?);
        if t1 != t2 {
            return Ok(0);
        }
        let same = match (ns_id(fd1, t1)?, ns_id(fd2, t2)?) {
            (NsId::Kernel(a), NsId::Kernel(b)) => a == b,
            (NsId::Inode(d1, i1), NsId::Inode(d2, i2)) => (d1, i1) == (d2, i2),
            // One of each (a mount namespace with NS_GET_MNTNS_ID against one without):
            // both fds are held, so their files tell.
            _ => file_identity(fd1)? == file_identity(fd2)?,
        };
        Ok(c_int::from(same))
    })
}

/// Translates `pid` between the caller's pid namespace and the pid namespace `fd`:
/// `from` the namespace into the caller's, or into it. Checks the fd and its type first, so
/// every kernel gives the same errno for a wrong fd; ENOTTY (before 6.9) is ENOSYS.
fn translate_pid(fd: c_int, pid: libc::pid_t, flags: c_uint, from: bool) -> Result<c_int> {
    known_bits(flags, RNS_NS_PID_TGID)?;
    if pid <= 0 {
        return Err(Errno::EINVAL);
    }
    if ns_type(fd)? != NsTypes::PID {
        return Err(Errno::EINVAL);
    }
    let req = match (from, flags & RNS_NS_PID_TGID != 0) {
        (true, false) => NS_GET_PID_FROM_PIDNS,
        (true, true) => NS_GET_TGID_FROM_PIDNS,
        (false, false) => NS_GET_PID_IN_PIDNS,
        (false, true) => NS_GET_TGID_IN_PIDNS,
    };
    // SAFETY: the ioctl takes the pid by value and writes nothing; the kernel checks the fd.
    match cvt(unsafe { libc::ioctl(fd, req as _, pid as c_ulong) }) {
        Err(Errno(libc::ENOTTY)) => Err(Errno::ENOSYS),
        r => r,
    }
}

/// Whether the pid namespace `fd` has no process the caller can see: NS_GET_PID_FROM_PIDNS
/// finds no pid 1 there. False where the kernel cannot tell (before 6.9).
pub(crate) fn pidns_empty_here(fd: c_int) -> bool {
    // SAFETY: as in translate_pid.
    let r = cvt(unsafe { libc::ioctl(fd, NS_GET_PID_FROM_PIDNS as _, 1 as c_ulong) });
    r == Err(Errno::ESRCH)
}

/// Tells what pid the caller's pid namespace gives to the process (or thread) numbered `pid`
/// in the pid namespace `fd` (NS_GET_PID_FROM_PIDNS, NS_GET_TGID_FROM_PIDNS, Linux 6.9): "what
/// is pid P of that namespace here". Its /proc/PID/status "NSpid:" line lists the same
/// numbers, from the caller's namespace down.
///
/// `flags` is 0 (the thread's id) or RNS_NS_PID_TGID (its process's pid).
///
/// Kernel: Linux 6.9 (NS_GET_PID_FROM_PIDNS, NS_GET_TGID_FROM_PIDNS); -ENOSYS before.
/// Scope: reads only.
/// Returns: the pid in the caller's pid namespace.
/// Errors: -EINVAL unknown `flags` bits, `pid` <= 0, or `fd` is not a pid namespace; -EBADF
/// `fd` is not open; -ESRCH no process `pid` in that namespace, or it is not in the caller's
/// (the namespace is an ancestor's or a sibling's); -ENOSYS kernel older than 6.9.
/// Since: 0.3
#[no_mangle]
pub extern "C" fn rns_ns_pid_from(fd: c_int, pid: libc::pid_t, flags: c_uint) -> c_int {
    call_nc(|| translate_pid(fd, pid, flags, true))
}

/// Tells what pid the pid namespace `fd` gives to the process (or thread) `pid` of the
/// caller's pid namespace (NS_GET_PID_IN_PIDNS, NS_GET_TGID_IN_PIDNS, Linux 6.9): the reverse
/// of rns_ns_pid_from().
///
/// `flags` is 0 (the thread's id) or RNS_NS_PID_TGID (its process's pid).
///
/// Kernel: Linux 6.9 (NS_GET_PID_IN_PIDNS, NS_GET_TGID_IN_PIDNS); -ENOSYS before.
/// Scope: reads only.
/// Returns: the pid in the namespace `fd`.
/// Errors: -EINVAL unknown `flags` bits, `pid` <= 0, or `fd` is not a pid namespace; -EBADF
/// `fd` is not open; -ESRCH no process `pid` in the caller's namespace, or it is not in the
/// namespace `fd` (which is not its own or an ancestor of it); -ENOSYS kernel older than 6.9.
/// Since: 0.3
#[no_mangle]
pub extern "C" fn rns_ns_pid_in(fd: c_int, pid: libc::pid_t, flags: c_uint) -> c_int {
    call_nc(|| translate_pid(fd, pid, flags, false))
}

/// open_by_handle_at(2)'s directory fd for nsfs file handles (FD_NSFS_ROOT, Linux 6.18), and
/// the handle type (FILEID_NSFS).
const FD_NSFS_ROOT: c_int = -10003;
const FILEID_NSFS: c_int = 0xf1;

/// struct file_handle with the nsfs handle (struct nsfs_file_handle) as its bytes.
#[repr(C)]
struct NsfsHandle {
    handle_bytes: u32,
    handle_type: c_int,
    ns_id: u64,
    ns_type: u32,
    ns_inum: u32,
}

/// Opens the namespace whose kernel id is `id` (as rns_ns_id() gives it with
/// RNS_NS_ID_KERNEL), of type `nstype` and inode number `ino` (the st_ino of its namespace
/// file), through an nsfs file handle (open_by_handle_at(2) on FD_NSFS_ROOT, Linux 6.18): a
/// namespace named by its ids, in another process say, opened without /proc and without a
/// pid. The kernel checks the type and the inode against the id, so ids from an earlier boot
/// never open another namespace.
///
/// Linux 6.18 needs all three; a later kernel may take `id` alone (`nstype` and `ino` 0),
/// which 6.18 answers -ENOENT.
///
/// Kernel: Linux 6.18 (nsfs file handles, open_by_handle_at(2) on FD_NSFS_ROOT); -ENOSYS
/// before.
/// Scope: reads only.
/// Returns: an O_CLOEXEC namespace fd. The caller closes it.
/// Errors: -EINVAL `id` is 0, `nstype` is neither 0 nor exactly one RNS_CLONE_NEW* type,
/// `ino` is above 2^32-1, or only one of `nstype` and `ino` is given; -ENOENT no live namespace
/// has that id, type and inode (the kernel says ESTALE), or (Linux 6.18) one the caller may not
/// open; -EPERM the caller is not in that namespace and may not see every namespace
/// (CAP_SYS_ADMIN in the initial namespaces; 6.18 says -ENOENT for these); -ENOSYS
/// kernel older than 6.18 (no nsfs file handles), or a sandbox hides open_by_handle_at (a
/// container profile may say -EPERM instead).
/// Since: 0.3
#[no_mangle]
pub extern "C" fn rns_ns_open_id(id: u64, nstype: c_int, ino: u64) -> c_int {
    call_nc(|| open_id(id, nstype, ino))
}

fn open_id(id: u64, nstype: c_int, ino: u64) -> Result<OwnedFd> {
    if id == 0 || (nstype == 0) != (ino == 0) {
        return Err(Errno::EINVAL);
    }
    if nstype != 0 {
        namespaces::ns_type_exactly_one(nstype)?;
    }
    let ns_inum = u32::try_from(ino).map_err(|_| Errno::EINVAL)?;
    let mut h = NsfsHandle {
        handle_bytes: 16,
        handle_type: FILEID_NSFS,
        ns_id: id,
        ns_type: nstype as u32,
        ns_inum,
    };
    let flags = libc::O_RDONLY | libc::O_CLOEXEC;
    // SAFETY: h is a struct file_handle of 16 handle bytes; the kernel checks the rest.
    let r = cvt_syscall(unsafe {
        libc::syscall(
            libc::SYS_open_by_handle_at,
            c_long::from(FD_NSFS_ROOT),
            &mut h as *mut NsfsHandle,
            c_long::from(flags),
        )
    });
    match r {
        // SAFETY: the kernel just gave us this fd.
        Ok(fd) => Ok(unsafe { OwnedFd::from_raw_fd(fd) }),
        Err(Errno(libc::ESTALE)) => Err(Errno::ENOENT),
        // FD_NSFS_ROOT is a constant: EBADF is a kernel without it.
        Err(Errno(libc::EBADF)) => Err(Errno::ENOSYS),
        Err(e) => Err(e),
    }
}

/// listns(2) (Linux 6.19): 470 in the syscall table the architectures share since 5.1 (mips
/// numbers its own apart: there the library answers ENOSYS).
#[cfg(not(any(target_arch = "mips", target_arch = "mips64")))]
const SYS_LISTNS: Option<c_long> = Some(470);
#[cfg(any(target_arch = "mips", target_arch = "mips64"))]
const SYS_LISTNS: Option<c_long> = None;

/// listns(2)'s request, struct ns_id_req (its first, 32-byte version).
#[repr(C)]
struct NsIdReq {
    size: u32,
    spare: u32,
    ns_id: u64,
    ns_type: u32,
    spare2: u32,
    user_ns_id: u64,
}

/// Lists the kernel ids of the namespaces the caller may see, in ascending order
/// (listns(2), Linux 6.19): those of the types in `nstypes` (an OR of RNS_CLONE_NEW* types; 0:
/// every type), owned by the user namespace whose id is `owner_id` (0: any), with an id above
/// `after_id` (0: from the first). Call again with the last id returned as `after_id` for
/// more. An id opens its namespace with rns_ns_open_id().
///
/// Kernel: Linux 6.19 (listns(2)); -ENOSYS before, no fallback.
/// Scope: reads only.
/// Returns: how many ids were written to `ret_ids` (at most `n`, and at most INT_MAX).
/// Errors: -EINVAL unknown bits in `nstypes` (or what the kernel refuses); -EFAULT `ret_ids`
/// is NULL and `n` is not 0; -ENOSYS kernel older than 6.19 (Linux 6.18 included), or a
/// sandbox hides listns. Nothing is listed then: there is no fallback (/proc shows only the
/// namespaces of running processes).
/// Since: 0.3
///
/// # Safety
/// `ret_ids` is NULL or valid for writing `n` uint64_t values.
#[no_mangle]
pub unsafe extern "C" fn rns_listns(
    after_id: u64,
    nstypes: c_int,
    owner_id: u64,
    ret_ids: *mut u64,
    n: usize,
) -> c_int {
    call_nc(|| {
        let types = NsTypes::from_bits(nstypes).ok_or(Errno::EINVAL)?;
        let (ids, n) = ffi::out_array(ret_ids, n)?;
        let Some(nr) = SYS_LISTNS else {
            return Err(Errno::ENOSYS);
        };
        let req = NsIdReq {
            size: std::mem::size_of::<NsIdReq>() as u32,
            spare: 0,
            ns_id: after_id,
            ns_type: types.bits() as u32,
            spare2: 0,
            user_ns_id: owner_id,
        };
        let n = n.min(c_int::MAX as usize);
        // SAFETY: req is a valid ns_id_req; ids is NULL (n 0) or valid for n u64s.
        cvt_syscall(unsafe { libc::syscall(nr, &req as *const NsIdReq, ids, n, 0 as c_uint) })
    })
}
