//! Credentials: user and group ids, supplementary groups.
//!
//! Credentials are per-thread in the kernel, but every set call here goes through glibc's
//! wrapper, which changes **every thread** of the process (as POSIX, CPython and Go do). A raw
//! syscall would change only the calling thread and leave the process inconsistent.

use std::os::raw::{c_char, c_int};

use libc::{gid_t, uid_t};

use crate::ffi::{self, call, cvt, Errno};

/// The kernel's limit on supplementary groups (NGROUPS_MAX).
const NGROUPS_MAX: usize = 65536;

/// Sets the user id (setuid(2)): with privilege the real, effective and saved ids, without it
/// only the effective id, to the real or saved one.
///
/// Scope: process (every thread).
/// Returns: 0.
/// Errors: -EINVAL `uid` is -1 or not mapped in the caller's user namespace; -EPERM not
/// privileged and `uid` is neither the real nor the saved id; -EAGAIN RLIMIT_NPROC.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_setuid(uid: uid_t) -> c_int {
    // SAFETY: glibc wrapper, no pointers.
    call(|| cvt(unsafe { libc::setuid(uid) }))
}

/// Sets the group id (setgid(2)), as rns_setuid() does for the user id.
///
/// Scope: process (every thread).
/// Returns: 0.
/// Errors: -EINVAL `gid` is -1 or not mapped; -EPERM not privileged and `gid` is neither the
/// real nor the saved id.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_setgid(gid: gid_t) -> c_int {
    // SAFETY: glibc wrapper, no pointers.
    call(|| cvt(unsafe { libc::setgid(gid) }))
}

/// Sets the effective user id (seteuid(2)).
///
/// Scope: process (every thread).
/// Returns: 0.
/// Errors: -EINVAL `uid` is -1 or not mapped; -EPERM not privileged and `uid` is neither the
/// real nor the saved id.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_seteuid(uid: uid_t) -> c_int {
    // SAFETY: glibc wrapper, no pointers.
    call(|| cvt(unsafe { libc::seteuid(uid) }))
}

/// Sets the effective group id (setegid(2)).
///
/// Scope: process (every thread).
/// Returns: 0.
/// Errors: -EINVAL `gid` is -1 or not mapped; -EPERM not privileged and `gid` is neither the
/// real nor the saved id.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_setegid(gid: gid_t) -> c_int {
    // SAFETY: glibc wrapper, no pointers.
    call(|| cvt(unsafe { libc::setegid(gid) }))
}

/// Sets the real and effective user ids (setreuid(2)); (uid_t)-1 keeps a value.
///
/// Scope: process (every thread).
/// Returns: 0.
/// Errors: -EINVAL an id is not mapped; -EPERM not privileged and a change is not allowed.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_setreuid(ruid: uid_t, euid: uid_t) -> c_int {
    // SAFETY: glibc wrapper, no pointers.
    call(|| cvt(unsafe { libc::setreuid(ruid, euid) }))
}

/// Sets the real and effective group ids (setregid(2)); (gid_t)-1 keeps a value.
///
/// Scope: process (every thread).
/// Returns: 0.
/// Errors: -EINVAL an id is not mapped; -EPERM not privileged and a change is not allowed.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_setregid(rgid: gid_t, egid: gid_t) -> c_int {
    // SAFETY: glibc wrapper, no pointers.
    call(|| cvt(unsafe { libc::setregid(rgid, egid) }))
}

/// Sets the real, effective and saved user ids (setresuid(2)); (uid_t)-1 keeps a value.
///
/// Scope: process (every thread).
/// Returns: 0.
/// Errors: -EINVAL an id is not mapped; -EPERM not privileged and an id is none of the
/// current real, effective and saved ids; -EAGAIN RLIMIT_NPROC.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_setresuid(ruid: uid_t, euid: uid_t, suid: uid_t) -> c_int {
    // SAFETY: glibc wrapper, no pointers.
    call(|| cvt(unsafe { libc::setresuid(ruid, euid, suid) }))
}

/// Sets the real, effective and saved group ids (setresgid(2)); (gid_t)-1 keeps a value.
///
/// Scope: process (every thread).
/// Returns: 0.
/// Errors: -EINVAL an id is not mapped; -EPERM not privileged and an id is none of the
/// current real, effective and saved ids.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_setresgid(rgid: gid_t, egid: gid_t, sgid: gid_t) -> c_int {
    // SAFETY: glibc wrapper, no pointers.
    call(|| cvt(unsafe { libc::setresgid(rgid, egid, sgid) }))
}

/// Reads the real, effective and saved user ids into the three pointers.
///
/// Scope: reads only (the calling thread's ids, which are every thread's when set through
/// librns or glibc).
/// Returns: 0.
/// Errors: -EFAULT a pointer is NULL (nothing is written then).
/// Since: 0.1
///
/// # Safety
/// Each pointer is NULL or valid for writing a uid_t.
#[no_mangle]
pub unsafe extern "C" fn rns_getresuid(
    ret_ruid: *mut uid_t,
    ret_euid: *mut uid_t,
    ret_suid: *mut uid_t,
) -> c_int {
    call(|| {
        let (r, e, s) = (ffi::out(ret_ruid)?, ffi::out(ret_euid)?, ffi::out(ret_suid)?);
        let (mut ids_r, mut ids_e, mut ids_s) = (0, 0, 0);
        cvt(libc::getresuid(&mut ids_r, &mut ids_e, &mut ids_s))?;
        r.set(ids_r);
        e.set(ids_e);
        s.set(ids_s);
        Ok(0)
    })
}

/// Reads the real, effective and saved group ids into the three pointers.
///
/// Scope: reads only.
/// Returns: 0.
/// Errors: -EFAULT a pointer is NULL (nothing is written then).
/// Since: 0.1
///
/// # Safety
/// Each pointer is NULL or valid for writing a gid_t.
#[no_mangle]
pub unsafe extern "C" fn rns_getresgid(
    ret_rgid: *mut gid_t,
    ret_egid: *mut gid_t,
    ret_sgid: *mut gid_t,
) -> c_int {
    call(|| {
        let (r, e, s) = (ffi::out(ret_rgid)?, ffi::out(ret_egid)?, ffi::out(ret_sgid)?);
        let (mut ids_r, mut ids_e, mut ids_s) = (0, 0, 0);
        cvt(libc::getresgid(&mut ids_r, &mut ids_e, &mut ids_s))?;
        r.set(ids_r);
        e.set(ids_e);
        s.set(ids_s);
        Ok(0)
    })
}

/// Reads the supplementary group ids into `list`, which has room for `size` of them.
///
/// `size` 0 asks only for the count (`list` may then be NULL).
///
/// Scope: reads only.
/// Returns: the number of supplementary groups.
/// Errors: -EFAULT `list` is NULL and `size` > 0; -EINVAL `size` is non-zero and smaller than
/// the count (nothing is written then); -EAGAIN the groups kept changing (other threads).
/// Since: 0.1
///
/// # Safety
/// `list` is NULL or valid for writing min(`size`, the count) gid_t values: no more are
/// written, so a `size` larger than the buffer (SIZE_MAX: "room enough") is safe.
#[no_mangle]
pub unsafe extern "C" fn rns_getgroups(list: *mut gid_t, size: usize) -> c_int {
    call(|| {
        let (list, size) = ffi::out_array(list, size)?;
        // The count first, so the kernel is told exactly the room it fills: a larger size
        // only means "room enough" (and memory checkers see no claim beyond the count).
        for _ in 0..8 {
            let count = cvt(libc::getgroups(0, std::ptr::null_mut()))?;
            if size == 0 {
                return Ok(count);
            }
            if count as usize > size {
                return Err(Errno::EINVAL);
            }
            match cvt(libc::getgroups(count, list)) {
                Err(Errno::EINVAL) => continue, // groups added meanwhile (another thread)
                r => return r,
            }
        }
        Err(Errno(libc::EAGAIN))
    })
}

/// Replaces the supplementary group ids with the `size` ids in `list` (size 0 clears them).
///
/// Scope: process (every thread).
/// Returns: 0.
/// Errors: -EFAULT `list` is NULL and `size` > 0; -EINVAL `size` > 65536, an id is (gid_t)-1
/// (never a group; checked before privilege, so the answer is the same for every caller) or
/// is not mapped; -EPERM lacking CAP_SETGID, or setgroups is denied in this user namespace.
/// Since: 0.1
///
/// # Safety
/// `list` is NULL or valid for reading `size` gid_t values.
#[no_mangle]
pub unsafe extern "C" fn rns_setgroups(list: *const gid_t, size: usize) -> c_int {
    call(|| {
        let groups = ffi::slice(list, size)?;
        if groups.len() > NGROUPS_MAX || groups.contains(&gid_t::MAX) {
            return Err(Errno::EINVAL);
        }
        cvt(libc::setgroups(groups.len(), groups.as_ptr()))
    })
}

/// Sets the supplementary groups to those the group database lists for `user`, plus `group`
/// (initgroups(3); reads /etc/group or NSS).
///
/// Scope: process (every thread).
/// Returns: 0.
/// Errors: -EFAULT `user` is NULL; -EINVAL `group` is (gid_t)-1 or not mapped in the caller's
/// user namespace; -EPERM lacking CAP_SETGID; -ENOMEM.
/// Since: 0.1
///
/// # Safety
/// `user` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn rns_initgroups(user: *const c_char, group: gid_t) -> c_int {
    call(|| {
        let user = ffi::cstr(user)?;
        cvt(libc::initgroups(user.as_ptr(), group))
    })
}

/// Lists the groups the group database gives `user`, plus `group` (getgrouplist(3)).
///
/// Writes the first min(count, `size`) ids to `list`; `size` 0 asks only for the count. A
/// user the database does not know gets just `group`.
///
/// Scope: reads only.
/// Returns: the full count of groups, even when larger than `size`.
/// Errors: -EFAULT `user` is NULL, or `list` is NULL and `size` > 0; -ENOMEM; -EAGAIN the
/// group database kept changing between reads.
/// Since: 0.1
///
/// # Safety
/// `user` is NULL or a NUL-terminated string; `list` is NULL or valid for writing
/// min(`size`, the count) gid_t values: no more are written, so a `size` larger than the
/// buffer (SIZE_MAX: "room enough") is safe.
#[no_mangle]
pub unsafe extern "C" fn rns_getgrouplist(
    user: *const c_char,
    group: gid_t,
    list: *mut gid_t,
    size: usize,
) -> c_int {
    call(|| {
        let user = ffi::cstr(user)?;
        let (list, size) = ffi::out_array(list, size)?;
        // glibc allocates as many entries as it is told there is room for, so it is never
        // told more than the real count: a first call with a small room learns that count.
        let mut room = size.min(64);
        for _ in 0..8 {
            let mut scratch: gid_t = 0;
            let dst = if room == 0 { &mut scratch } else { list };
            let mut count = room as c_int;
            let r = libc::getgrouplist(user.as_ptr(), group, dst, &mut count);
            if r >= 0 {
                return Ok(r);
            }
            if count <= room as c_int {
                return Err(Errno::last());
            }
            // Too short: count is how long it must be. Done once the caller's list is filled
            // as far as it goes; else again with room for all (the database may have grown).
            let fill = (count as usize).min(size);
            if room == fill {
                return Ok(count);
            }
            room = fill;
        }
        Err(Errno(libc::EAGAIN))
    })
}
