//! Named network namespaces, kept in /run/netns exactly as iproute2's `ip netns add/del` keep
//! them, so that `ip netns list/exec` sees ours and we open theirs; and namespaces of any type
//! persisted to a chosen file, as `unshare --net=FILE` does (rns_ns_persist).
//!
//! A name is a file /run/netns/NAME with a network namespace bind-mounted on it. /run/netns is
//! made a shared mount (a bind mount of itself if it is not a mount point), so that a delete in
//! one mount namespace reaches the others. Every add and delete holds an exclusive flock(2) on
//! /run/netns for its whole length (iproute2 takes the same lock around its mount setup, the
//! fix of Debian bug 949235), so adds and deletes of one name from threads and processes do not
//! interleave. The namespace is made and bound on a short-lived thread: the caller's thread
//! never changes, whatever fails.

use std::ffi::{CStr, CString};
use std::os::fd::{AsRawFd, FromRawFd, IntoRawFd, OwnedFd};
use std::os::raw::{c_char, c_int};

use crate::ffi::{self, call_nc, cvt, Errno, Result};
use crate::namespaces::{self, NsTypes};
use crate::ns_enter;

/// Where iproute2 keeps named network namespaces (NETNS_RUN_DIR).
const RUN_DIR: &CStr = c"/run/netns";

/// /run/netns/NAME for a valid name: not empty, at most NAME_MAX bytes, no "/", not "." or
/// ".." (iproute2's is_valid_netns_name). `EINVAL` otherwise.
///
/// # Safety
/// `name` is NULL or a NUL-terminated string.
unsafe fn netns_path(name: *const c_char) -> Result<CString> {
    let name = ffi::cstr(name)?.to_bytes();
    if name.is_empty() || name.len() > 255 || name.contains(&b'/') || name == b"." || name == b".." {
        return Err(Errno::EINVAL);
    }
    let mut path = RUN_DIR.to_bytes().to_vec();
    path.push(b'/');
    path.extend_from_slice(name);
    CString::new(path).map_err(|_| Errno::EINVAL)
}

/// An exclusive flock(2) on /run/netns, released when the fd closes on drop.
struct RunDirLock(#[allow(dead_code)] OwnedFd);

/// Locks /run/netns, first making it (0755) if `create` (an add), else ENOENT where it is
/// missing (a delete: nothing to delete, nothing made).
fn lock_run_dir(create: bool) -> Result<RunDirLock> {
    // SAFETY: a valid C string; EEXIST is the usual answer.
    if create && unsafe { libc::mkdir(RUN_DIR.as_ptr(), 0o755) } != 0 && Errno::last() != Errno(libc::EEXIST)
    {
        return Err(Errno::last());
    }
    // SAFETY: a valid C string.
    let fd = cvt(unsafe {
        libc::open(
            RUN_DIR.as_ptr(),
            libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC,
        )
    })?;
    // SAFETY: just opened, ours.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    loop {
        // SAFETY: plain syscall on our fd.
        match cvt(unsafe { libc::flock(fd.as_raw_fd(), libc::LOCK_EX) }) {
            Err(Errno(libc::EINTR)) => continue,
            r => r?,
        };
        return Ok(RunDirLock(fd));
    }
}

/// Makes /run/netns a shared mount, first a bind mount of itself where it is not a mount
/// point (mount(2) says EINVAL), as iproute2 does.
fn make_run_dir_shared() -> Result<()> {
    let mut made = false;
    loop {
        // SAFETY: valid C strings; a propagation change only.
        let r = unsafe {
            libc::mount(
                c"".as_ptr(),
                RUN_DIR.as_ptr(),
                c"none".as_ptr(),
                libc::MS_SHARED | libc::MS_REC,
                std::ptr::null(),
            )
        };
        if r == 0 {
            return Ok(());
        }
        if Errno::last() != Errno::EINVAL || made {
            return Err(Errno::last());
        }
        // SAFETY: valid C strings; a bind mount of the directory onto itself.
        cvt(unsafe {
            libc::mount(
                RUN_DIR.as_ptr(),
                RUN_DIR.as_ptr(),
                c"none".as_ptr(),
                libc::MS_BIND | libc::MS_REC,
                std::ptr::null(),
            )
        })?;
        made = true;
    }
}

/// On a new thread (the caller's never changes): a new network namespace, bind-mounted onto
/// the placeholder (through its fd, so never onto another file that took its name meanwhile:
/// a deleted one is ENOENT), opened through `path`. The thread's namespace is opened as
/// rns_ns_enter() opens a thread's own (/proc/thread-self, or its pidfd), never by a tid that
/// a /proc of another pid namespace would give to another thread.
fn bind_new_netns(placeholder: &OwnedFd, path: &CStr) -> Result<OwnedFd> {
    let fd_path = |fd: c_int| CString::new(format!("/proc/self/fd/{fd}")).map_err(|_| Errno::EINVAL);
    let target = fd_path(placeholder.as_raw_fd())?;
    ns_enter::on_new_thread(|| {
        // SAFETY: a plain syscall on this new thread only.
        cvt(unsafe { libc::unshare(libc::CLONE_NEWNET) })?;
        let own = ns_enter::thread_ns(NsTypes::NET)?;
        let src = fd_path(own.as_raw_fd())?;
        // SAFETY: valid C strings; a bind mount of our namespace onto our placeholder.
        cvt(unsafe {
            libc::mount(
                src.as_ptr(),
                target.as_ptr(),
                c"none".as_ptr(),
                libc::MS_BIND,
                std::ptr::null(),
            )
        })?;
        ffi::open_cloexec(path)
    })
}

/// Whether `path` still names the file `fd` is open on.
fn same_file(fd: &OwnedFd, path: &CStr) -> bool {
    // SAFETY: all-zero stat values are valid to be overwritten; valid pointers.
    unsafe {
        let (mut a, mut b): (libc::stat, libc::stat) = (std::mem::zeroed(), std::mem::zeroed());
        libc::fstat(fd.as_raw_fd(), &mut a) == 0
            && libc::lstat(path.as_ptr(), &mut b) == 0
            && (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)
    }
}

/// Detaches the mount on `path` (MNT_DETACH; not mounted, as a placeholder: ignored) and
/// removes the file. An unlink that says EBUSY (a mount made there meanwhile by a process that
/// takes no lock, or one lingering from another mount namespace) detaches again and retries,
/// for up to 100 ms.
fn detach_and_unlink(path: &CStr) -> Result<c_int> {
    for _ in 0..100 {
        // SAFETY: valid C strings.
        unsafe { libc::umount2(path.as_ptr(), libc::MNT_DETACH | libc::UMOUNT_NOFOLLOW) };
        // SAFETY: as above.
        match cvt(unsafe { libc::unlink(path.as_ptr()) }) {
            Err(Errno(libc::EBUSY)) => std::thread::sleep(std::time::Duration::from_millis(1)),
            r => return r,
        }
    }
    Err(Errno(libc::EBUSY))
}

/// Creates a network namespace named `name`, as `ip netns add NAME` does: the placeholder
/// /run/netns/NAME made with O_EXCL (an existing name is -EEXIST before any namespace is
/// made), a new network namespace bind-mounted on it, /run/netns a shared mount. `ip netns
/// list`, `ip netns exec NAME` and rns_netns_open() see it at once; it lives until
/// rns_netns_delete() (or `ip netns del`), whatever becomes of the returned fd.
///
/// The namespace is made and bound on a short-lived thread of the library's: the caller's
/// thread never changes, also on failure, where the placeholder is removed again.
///
/// Kernel: Linux 3.0 (network namespaces and setns(2) on a thread of the library's; bind mounts
/// through /proc/self/fd).
/// Scope: the filesystem: /run/netns (a bind mount and a file, in the caller's mount
/// namespace and those /run/netns propagates to); the calling thread is not changed.
/// Returns: an fd of the new network namespace (O_CLOEXEC); the caller closes it.
/// Errors: -EFAULT `name` is NULL; -EINVAL `name` is empty, longer than 255 bytes, has a "/",
/// or is "." or ".."; -EEXIST the name exists; -ENOENT the name was deleted while it was being
/// made (by a process that takes no lock, such as `ip netns del`), or /proc is of a pid
/// namespace the caller is not in (the bind goes through /proc/self/fd); -EPERM/-EACCES lacking
/// CAP_SYS_ADMIN (or write access to /run/netns); -ENOSPC, -EUSERS the namespace limits;
/// -EAGAIN no thread.
/// Since: 0.2
///
/// # Safety
/// `name` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn rns_netns_add(name: *const c_char) -> c_int {
    call_nc(|| {
        let path = netns_path(name)?;
        let _lock = lock_run_dir(true)?;
        make_run_dir_shared()?;
        // SAFETY: a valid C string; the placeholder, as iproute2 makes it (mode 0).
        let fd = cvt(libc::open(
            path.as_ptr(),
            libc::O_RDONLY | libc::O_CREAT | libc::O_EXCL | libc::O_CLOEXEC,
            0,
        ))?;
        let placeholder = OwnedFd::from_raw_fd(fd);
        match bind_new_netns(&placeholder, &path) {
            Ok(fd) => Ok(fd.into_raw_fd()),
            Err(e) => {
                // Ours only: `ip netns del` and `add` take no lock around their files.
                if same_file(&placeholder, &path) {
                    libc::unlink(path.as_ptr());
                }
                Err(e)
            }
        }
    })
}

/// Deletes the network namespace named `name`, as `ip netns del NAME` does: its bind mount
/// detached (MNT_DETACH), the file removed. The namespace itself ends when nothing else holds
/// it (no process in it, no open fd). An unlink(2) that says EBUSY (a mount made there
/// meanwhile by `ip netns add`, which takes no lock for it, or one lingering from another mount
/// namespace) detaches again and retries for up to 100 ms; a name that is only a placeholder
/// (an interrupted create) is removed too, so no stale file is left.
///
/// Kernel: every kernel (umount2(2) with MNT_DETACH, unlink(2)).
/// Scope: the filesystem: /run/netns (as rns_netns_add()); the calling thread is not changed.
/// Returns: 0.
/// Errors: -EFAULT `name` is NULL; -EINVAL `name` is not a valid name (as rns_netns_add());
/// -ENOENT no such name; -EPERM/-EACCES lacking privilege; -EBUSY the file stayed busy.
/// Since: 0.2
///
/// # Safety
/// `name` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn rns_netns_delete(name: *const c_char) -> c_int {
    call_nc(|| {
        let path = netns_path(name)?;
        let _lock = lock_run_dir(false)?;
        detach_and_unlink(&path)
    })
}

/// Opens the network namespace named `name` (ours or one `ip netns add` made), for rns_setns(),
/// rns_spawn_attr_set_join() or rns_run_in_ns().
///
/// Kernel: every kernel (open(2) of /run/netns/NAME).
/// Scope: reads only (a new fd).
/// Returns: an fd of the network namespace (O_CLOEXEC); the caller closes it.
/// Errors: -EFAULT `name` is NULL; -EINVAL `name` is not a valid name; -ENOENT no such name,
/// or only its placeholder (a create under way, or a stale file); -EACCES.
/// Since: 0.2
///
/// # Safety
/// `name` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn rns_netns_open(name: *const c_char) -> c_int {
    call_nc(|| {
        let path = netns_path(name)?;
        let fd = ffi::open_cloexec(&path)?;
        match namespaces::nstype_of(fd.as_raw_fd()) {
            Ok(t) if t == NsTypes::NET => Ok(fd.into_raw_fd()),
            _ => Err(Errno::ENOENT),
        }
    })
}

/// Persists the namespace `fd` refers to at `path`, as `unshare --net=FILE` (and the other
/// types) do: `path` is made (an empty file, mode 0, O_EXCL) and the namespace bind-mounted on
/// it, so it outlives every process in it until rns_ns_unpersist(). Any type works where the
/// kernel allows the bind: a mount namespace only from outside it (one whose tree holds `path`
/// would be a loop: -EINVAL), and a pid or time namespace keeps only what it is (no process is
/// kept alive). Bound on the placeholder's own fd, never on another file that took the name.
///
/// Kernel: Linux 3.8 (bind mounts of nsfs files); types as rns_setns().
/// Scope: the filesystem: a bind mount on `path` (in the caller's mount namespace and those it
/// propagates to); nothing of the calling thread's changes.
/// Returns: 0.
/// Errors: -EFAULT `path` is NULL; -EBADF `fd` is not open; -EINVAL `fd` is not a namespace file
/// (a pidfd: open its namespace with rns_pidfd_ns_open() first), or the kernel refused the bind
/// (a mount namespace loop); -EEXIST `path` exists; -ENOENT, -EACCES, -ENOTDIR its directory;
/// -EPERM lacking CAP_SYS_ADMIN.
/// Since: 0.2
///
/// # Safety
/// `path` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn rns_ns_persist(fd: c_int, path: *const c_char) -> c_int {
    call_nc(|| {
        let path = ffi::cstr(path)?;
        if fd < 0 {
            return Err(Errno::EBADF);
        }
        namespaces::nstype_of(fd)?;
        let ph = cvt(libc::open(
            path.as_ptr(),
            libc::O_RDONLY | libc::O_CREAT | libc::O_EXCL | libc::O_CLOEXEC,
            0,
        ))?;
        let placeholder = OwnedFd::from_raw_fd(ph);
        let src = CString::new(format!("/proc/self/fd/{fd}")).map_err(|_| Errno::EINVAL)?;
        let dst = CString::new(format!("/proc/self/fd/{ph}")).map_err(|_| Errno::EINVAL)?;
        let r = cvt(libc::mount(
            src.as_ptr(),
            dst.as_ptr(),
            c"none".as_ptr(),
            libc::MS_BIND,
            std::ptr::null(),
        ));
        if r.is_err() && same_file(&placeholder, path) {
            libc::unlink(path.as_ptr());
        }
        r.map(|_| 0)
    })
}

/// Undoes rns_ns_persist() (or `unshare --net=FILE`): the bind mount on `path` detached
/// (MNT_DETACH) and the file removed; the namespace ends when nothing else holds it. Only a
/// namespace file is touched: anything else at `path` is -EINVAL, left as it is.
///
/// Kernel: every kernel (umount2(2) with MNT_DETACH, unlink(2)).
/// Scope: the filesystem (as rns_ns_persist()); nothing of the calling thread's changes.
/// Returns: 0.
/// Errors: -EFAULT `path` is NULL; -ENOENT no such file; -EINVAL `path` is not a namespace
/// bind mount; -EPERM lacking CAP_SYS_ADMIN; -EBUSY the file stayed busy; -EACCES.
/// Since: 0.2
///
/// # Safety
/// `path` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn rns_ns_unpersist(path: *const c_char) -> c_int {
    call_nc(|| {
        let path = ffi::cstr(path)?;
        let fd = cvt(libc::open(
            path.as_ptr(),
            libc::O_PATH | libc::O_NOFOLLOW | libc::O_CLOEXEC,
        ))?;
        let fd = OwnedFd::from_raw_fd(fd);
        if ffi::fs_magic(fd.as_raw_fd())? != ffi::NSFS_MAGIC {
            return Err(Errno::EINVAL);
        }
        drop(fd);
        // The privilege check first (EPERM), where a mounted file would otherwise be EBUSY.
        cvt(libc::umount2(
            path.as_ptr(),
            libc::MNT_DETACH | libc::UMOUNT_NOFOLLOW,
        ))?;
        detach_and_unlink(path)
    })
}
