//! The FFI boundary, written once: argument checks, errno conversion, fd ownership.
//!
//! Every public `rns_*` function is a thin `extern "C"` shell around a Rust function that
//! returns [`Result`]; [`ret`] turns that into the C convention (`>= 0` value, `-errno`).

use std::ffi::CStr;
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::raw::{c_char, c_int, c_long};

/// A positive errno value (`EPERM`, `EINVAL`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Errno(pub c_int);

impl Errno {
    pub const EACCES: Errno = Errno(libc::EACCES);
    pub const EBADF: Errno = Errno(libc::EBADF);
    pub const EFAULT: Errno = Errno(libc::EFAULT);
    pub const EINVAL: Errno = Errno(libc::EINVAL);
    pub const ENOENT: Errno = Errno(libc::ENOENT);
    pub const ENOSYS: Errno = Errno(libc::ENOSYS);
    pub const EPERM: Errno = Errno(libc::EPERM);
    pub const ESRCH: Errno = Errno(libc::ESRCH);

    /// The calling thread's `errno`, as left by the libc call that just failed.
    pub fn last() -> Errno {
        // SAFETY: __errno_location always returns the calling thread's errno slot.
        let e = unsafe { *libc::__errno_location() };
        // A libc call that failed without setting errno would otherwise look like success.
        Errno(if e > 0 { e } else { libc::EIO })
    }
}

pub type Result<T> = std::result::Result<T, Errno>;

/// What an `rns_*` function's body may return on success, and how it becomes the `>= 0`
/// C return value: `()` gives 0, a `c_int` itself, an `OwnedFd` its number (handed to the
/// caller, who closes it).
pub trait IntoCReturn {
    fn into_c_return(self) -> c_int;
}

impl IntoCReturn for () {
    fn into_c_return(self) -> c_int {
        0
    }
}

impl IntoCReturn for c_int {
    fn into_c_return(self) -> c_int {
        self
    }
}

impl IntoCReturn for OwnedFd {
    fn into_c_return(self) -> c_int {
        std::os::fd::IntoRawFd::into_raw_fd(self)
    }
}

/// Every `rns_*` function is `call(|| body)`: the body returns a [`Result`], and this gives
/// the C convention (`Ok(v)`: `v` as [`IntoCReturn`] says; `Err(e)`: `-e`).
pub fn call<T: IntoCReturn>(body: impl FnOnce() -> Result<T>) -> c_int {
    match body() {
        Ok(v) => v.into_c_return(),
        Err(Errno(e)) => -e,
    }
}

extern "C" {
    fn pthread_setcancelstate(state: c_int, oldstate: *mut c_int) -> c_int;
}
const PTHREAD_CANCEL_DISABLE: c_int = 1;

/// Thread cancellation disabled for the calling thread while this lives, then put back as it
/// was (a pending cancellation acts at the caller's next cancellation point), as glibc's
/// posix_spawn does: a close(2), read(2), waitid(2) or pthread_join(3) of the library never
/// ends the thread half way (an fd or a child left behind, an unwind through Rust frames).
pub struct NoCancel(c_int);

impl NoCancel {
    pub fn enter() -> NoCancel {
        let mut old = 0;
        // SAFETY: a valid state and a valid place for the old one.
        unsafe { pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &mut old) };
        NoCancel(old)
    }
}

impl Drop for NoCancel {
    fn drop(&mut self) {
        // SAFETY: the state read by enter().
        unsafe { pthread_setcancelstate(self.0, std::ptr::null_mut()) };
    }
}

/// [`call`] with cancellation disabled (see [`NoCancel`]) until the body's values, fds
/// included, are dropped: for every function that can reach a cancellation point of libc.
pub fn call_nc<T: IntoCReturn>(body: impl FnOnce() -> Result<T>) -> c_int {
    let _guard = NoCancel::enter();
    call(body)
}

/// A libc call's `-1 and errno` result as a [`Result`].
pub fn cvt(r: c_int) -> Result<c_int> {
    if r == -1 {
        Err(Errno::last())
    } else {
        Ok(r)
    }
}

/// A raw `syscall()` result (a `long`, `-1 and errno` on failure) as a [`Result`].
pub fn cvt_syscall(r: c_long) -> Result<c_int> {
    if r == -1 {
        return Err(Errno::last());
    }
    c_int::try_from(r).map_err(|_| Errno(libc::EOVERFLOW))
}

/// `Ok(())` when `bits` has no bit outside `known`, else `EINVAL`: the one flag check, for
/// the `int` flag words and the `unsigned` ones of the pidfd calls alike.
pub fn known_bits<T>(bits: T, known: T) -> Result<()>
where
    T: Copy + PartialEq + From<u8> + std::ops::BitAnd<Output = T> + std::ops::Not<Output = T>,
{
    if bits & !known == T::from(0) {
        Ok(())
    } else {
        Err(Errno::EINVAL)
    }
}

/// A caller's output pointer, checked for NULL; written through the raw pointer (never a Rust
/// reference), so a caller passing the same pointer twice is no problem.
pub struct Out<T>(*mut T);

impl<T> Out<T> {
    /// Stores the output; call only once the function has succeeded.
    pub fn set(self, value: T) {
        // SAFETY: non-NULL, and valid for writing by the contract of `out`.
        unsafe { self.0.write(value) }
    }
}

/// A required output pointer: `EFAULT` when NULL.
///
/// # Safety
/// A non-NULL `p` must be valid for writing a `T`.
pub unsafe fn out<T>(p: *mut T) -> Result<Out<T>> {
    if p.is_null() {
        Err(Errno::EFAULT)
    } else {
        Ok(Out(p))
    }
}

/// A required C string argument: `EFAULT` when NULL.
///
/// # Safety
/// A non-NULL `p` must point to a NUL-terminated string that outlives the call.
pub unsafe fn cstr<'a>(p: *const c_char) -> Result<&'a CStr> {
    if p.is_null() {
        Err(Errno::EFAULT)
    } else {
        Ok(CStr::from_ptr(p))
    }
}

/// The checks a caller's `(pointer, length)` array gets: `EFAULT` when NULL with a non-zero
/// length, `EINVAL` when longer than any array can be (isize::MAX bytes; building such a
/// slice would be undefined behaviour). Ok(false) means empty, whatever the pointer.
fn array_ok<T>(is_null: bool, len: usize) -> Result<bool> {
    if len == 0 {
        Ok(false)
    } else if is_null {
        Err(Errno::EFAULT)
    } else if len > isize::MAX as usize / std::mem::size_of::<T>().max(1) {
        Err(Errno::EINVAL)
    } else {
        Ok(true)
    }
}

/// A caller's read-only array, checked as [`array_ok`] says.
///
/// # Safety
/// A non-NULL `p` must be valid for `len` elements.
pub unsafe fn slice<'a, T>(p: *const T, len: usize) -> Result<&'a [T]> {
    Ok(if array_ok::<T>(p.is_null(), len)? {
        std::slice::from_raw_parts(p, len)
    } else {
        &[]
    })
}

/// A caller's writable array that the kernel or glibc fills, up to a count they choose: the
/// pointer, checked for NULL (`EFAULT` with a non-zero length), and the length. No Rust slice
/// is made of it, so a caller's "room enough" length larger than its buffer (SIZE_MAX, say)
/// is no undefined behaviour: only as many entries as the callee reports are written.
pub fn out_array<T>(p: *mut T, len: usize) -> Result<(*mut T, usize)> {
    if p.is_null() && len > 0 {
        Err(Errno::EFAULT)
    } else {
        Ok((p, len))
    }
}

/// The filesystems of the fds the library tells apart (linux/magic.h): namespace files,
/// pidfds (Linux 6.9), anonymous inodes (pidfds before 6.9, among others), cgroup v2.
pub(crate) const NSFS_MAGIC: i64 = 0x6e73_6673;
pub(crate) const PIDFS_MAGIC: i64 = 0x5049_4446;
pub(crate) const ANON_INODE_FS_MAGIC: i64 = 0x0904_1934;
pub(crate) const CGROUP2_SUPER_MAGIC: i64 = 0x6367_7270;

/// The magic of the filesystem `fd` is on (fstatfs(2) f_type): `EBADF` when it is not open.
pub fn fs_magic(fd: c_int) -> Result<i64> {
    if fd < 0 {
        return Err(Errno::EBADF);
    }
    // SAFETY: an all-zero statfs is a valid value to be overwritten.
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: st is a valid statfs buffer; the kernel checks the fd.
    cvt(unsafe { libc::fstatfs(fd, &mut st) })?;
    Ok(st.f_type as i64)
}

/// Opens `path` read-only with `O_CLOEXEC`; the fd closes itself when dropped, so every error
/// path after this point closes it.
pub fn open_cloexec(path: &CStr) -> Result<OwnedFd> {
    // SAFETY: path is a valid C string.
    let fd = cvt(unsafe { libc::open(path.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC) })?;
    // SAFETY: fd was just opened and is owned by no one else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}
