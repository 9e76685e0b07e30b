//! Credentials: user and group ids, supplementary groups.
//!
//! Credentials are per-thread in the kernel, but every set call here goes through glibc's
//! wrapper, which changes **every thread** of the process (as POSIX, CPython and Go do). A raw
//! syscall would change only the calling thread and leave the process inconsistent.

use std::os::raw::{c_char, c_int};

use libc::{gid_t, uid_t};

use crate::ffi::{self, call, cvt, Errno, Result};

/// The kernel's limit on supplementary groups (NGROUPS_MAX).
const NGROUPS_MAX: usize = 65536;

/// Sets the user id (setuid(2)): with privilege the real, effective and saved ids, without it
/// only the effective id, to the real or saved one.
///
/// Kernel: every kernel (set*id(2)); glibc applies the change to every thread.
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
/// Kernel: every kernel (set*id(2)); glibc applies the change to every thread.
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
/// Kernel: every kernel (set*id(2)); glibc applies the change to every thread.
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
/// Kernel: every kernel (set*id(2)); glibc applies the change to every thread.
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
/// Kernel: every kernel (set*id(2)); glibc applies the change to every thread.
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
/// Kernel: every kernel (set*id(2)); glibc applies the change to every thread.
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
/// Kernel: every kernel (set*id(2)); glibc applies the change to every thread.
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
/// Kernel: every kernel (set*id(2)); glibc applies the change to every thread.
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
/// Kernel: every kernel (getresuid(2)).
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
/// Kernel: every kernel (getresgid(2)).
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
/// Kernel: every kernel (getgroups(2)).
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
/// Kernel: every kernel (set*id(2)); glibc applies the change to every thread.
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
/// Kernel: every kernel (the group database through NSS, then setgroups(2)).
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
    ffi::call_nc(|| {
        let user = ffi::cstr(user)?;
        cvt(libc::initgroups(user.as_ptr(), group))
    })
}

/// Lists the groups the group database gives `user`, plus `group` (getgrouplist(3)).
///
/// Writes the first min(count, `size`) ids to `list`; `size` 0 asks only for the count. A
/// user the database does not know gets just `group`.
///
/// Kernel: none (the group database through NSS; no system call of its own).
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
    ffi::call_nc(|| {
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

/// rns_drop_privileges() flag: also set no_new_privs on the calling thread (and what it
/// starts afterwards), once the ids are dropped.
pub const RNS_DROP_NO_NEW_PRIVS: c_int = 1;

/// The calling thread's effective and permitted capability sets (capget(2), version 3).
pub(crate) fn own_caps() -> Result<(u64, u64)> {
    #[repr(C)]
    struct Header {
        version: u32,
        pid: c_int,
    }
    #[repr(C)]
    #[derive(Default, Clone, Copy)]
    struct Data {
        effective: u32,
        permitted: u32,
        inheritable: u32,
    }
    let mut h = Header {
        version: 0x2008_0522,
        pid: 0,
    };
    let mut d = [Data::default(); 2];
    // SAFETY: a valid header and two data records (version 3).
    let r = unsafe { libc::syscall(libc::SYS_capget, &mut h as *mut Header, d.as_mut_ptr()) };
    if r < 0 {
        return Err(Errno::last());
    }
    let join = |lo: u32, hi: u32| u64::from(lo) | u64::from(hi) << 32;
    Ok((
        join(d[0].effective, d[1].effective),
        join(d[0].permitted, d[1].permitted),
    ))
}

/// The calling thread's (real, effective, saved) uids and gids, and its groups as a sorted set.
fn own_ids() -> Result<([uid_t; 3], [gid_t; 3], Vec<gid_t>)> {
    let (mut u, mut g) = ([0; 3], [0; 3]);
    // SAFETY: valid pointers to locals.
    cvt(unsafe { libc::getresuid(&mut u[0], &mut u[1], &mut u[2]) })?;
    // SAFETY: as above.
    cvt(unsafe { libc::getresgid(&mut g[0], &mut g[1], &mut g[2]) })?;
    // SAFETY: getgroups with size 0 writes nothing.
    let n = cvt(unsafe { libc::getgroups(0, std::ptr::null_mut()) })?;
    let mut groups = vec![0; n as usize];
    // SAFETY: room for n ids.
    let n = cvt(unsafe { libc::getgroups(n, groups.as_mut_ptr()) })?;
    groups.truncate(n as usize);
    groups.sort_unstable();
    groups.dedup(); // the kernel keeps a list's duplicates: compared as sets
    Ok((u, g, groups))
}

/// Whether every thread's /proc status shows the ids, groups and (with `no_caps`) empty
/// permitted and effective sets. Ok(()) also where /proc does not list our threads (the
/// calling thread was checked by syscalls).
fn every_thread_dropped(uid: uid_t, gid: gid_t, groups: &[gid_t], no_caps: bool) -> Result<()> {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Ok(());
    };
    let four = |v: u32| format!("{v}\t{v}\t{v}\t{v}");
    let want_groups: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
    for task in tasks.flatten() {
        let Ok(status) = std::fs::read_to_string(task.path().join("status")) else {
            continue; // a thread that ended meanwhile
        };
        for line in status.lines() {
            let (key, value) = line.split_once(':').unwrap_or((line, ""));
            let value = value.trim();
            let ok = match key {
                "Uid" => value == four(uid),
                "Gid" => value == four(gid),
                "Groups" => {
                    let mut got: Vec<&str> = value.split_whitespace().collect();
                    got.sort_unstable_by_key(|g| g.parse::<u64>().unwrap_or(u64::MAX));
                    got.dedup();
                    got == want_groups.iter().map(String::as_str).collect::<Vec<_>>()
                }
                "CapPrm" | "CapEff" if no_caps => u64::from_str_radix(value, 16) == Ok(0),
                _ => true,
            };
            if !ok {
                return Err(Errno(libc::ENOTRECOVERABLE));
            }
        }
    }
    Ok(())
}

/// Drops the process's privileges for good: supplementary groups, then the real, effective
/// and saved gid, then the real, effective and saved uid (CERT POS36-C's order), on every
/// thread; then verifies the drop as POS37-C asks, and only then returns 0.
///
/// `groups`/`ngroups` is the new supplementary group list (NULL and 0: none); setgroups(2) is
/// skipped when the list is already the caller's, so a process without CAP_SETGID can "drop"
/// to its own ids. Verified: the three uids and gids read back as `uid` and `gid` and the
/// groups as given, on every thread (/proc/self/task, where /proc shows it); with `uid` not 0,
/// no capability left in the permitted and effective sets, and the old uids (any that differ
/// from `uid`) cannot be taken back (setresuid(2) to each is refused). With
/// RNS_DROP_NO_NEW_PRIVS, no_new_privs is then set on the calling thread.
///
/// A step that fails before the uid changes is undone (groups and gids put back), so the
/// process is as before with the step's errno; a failed verification (capabilities kept, as
/// with SECBIT_NO_SETUID_FIXUP or a file capability set, an old uid that could be taken back,
/// a thread left with other ids) is -ENOTRECOVERABLE: the process must not go on (abort).
///
/// Kernel: every kernel; the per-thread check reads /proc/self/task (skipped where /proc is
/// missing); RNS_DROP_NO_NEW_PRIVS Linux 3.5.
/// Scope: process (every thread).
/// Returns: 0.
/// Errors: -EINVAL `uid` or `gid` is -1, `ngroups` > 65536, a group is -1, unknown bits in
/// `flags`, or an id not mapped in the caller's user namespace; -EFAULT `groups` is NULL and
/// `ngroups` > 0; -EPERM lacking CAP_SETGID/CAP_SETUID for a change (nothing changed then);
/// -ENOTRECOVERABLE the drop happened but could not be verified, or could not be undone after
/// a failure.
/// Since: 0.2
///
/// # Safety
/// `groups` is NULL or valid for reading `ngroups` gid_t values.
#[no_mangle]
pub unsafe extern "C" fn rns_drop_privileges(
    uid: uid_t,
    gid: gid_t,
    groups: *const gid_t,
    ngroups: usize,
    flags: c_int,
) -> c_int {
    ffi::call_nc(|| {
        ffi::known_bits(flags, RNS_DROP_NO_NEW_PRIVS)?;
        let list = ffi::slice(groups, ngroups)?;
        if uid == uid_t::MAX || gid == gid_t::MAX || list.len() > NGROUPS_MAX || list.contains(&gid_t::MAX) {
            return Err(Errno::EINVAL);
        }
        let mut want_groups = list.to_vec();
        want_groups.sort_unstable();
        want_groups.dedup();
        let (old_u, old_g, old_groups) = own_ids()?;
        // Undoes the group steps after a later failure: Err(ENOTRECOVERABLE) if it cannot.
        // A failed step's errno, once the steps before it are undone (ENOTRECOVERABLE if not).
        let undone = |e: Errno, groups_changed: bool, gids_changed: bool| -> Errno {
            // SAFETY: glibc wrappers; the old list is valid for its length.
            let ok = (!gids_changed || unsafe { libc::setresgid(old_g[0], old_g[1], old_g[2]) } == 0)
                && (!groups_changed
                    || unsafe { libc::setgroups(old_groups.len(), old_groups.as_ptr()) } == 0);
            if ok {
                e
            } else {
                Errno(libc::ENOTRECOVERABLE)
            }
        };
        let groups_change = want_groups != old_groups;
        if groups_change {
            // SAFETY: the list, valid for its length.
            cvt(libc::setgroups(list.len(), list.as_ptr()))?;
        }
        if libc::setresgid(gid, gid, gid) != 0 {
            return Err(undone(Errno::last(), groups_change, false));
        }
        if libc::setresuid(uid, uid, uid) != 0 {
            return Err(undone(Errno::last(), groups_change, true));
        }
        // POS37-C: verify.
        let unverified = Errno(libc::ENOTRECOVERABLE);
        let (u, g, now_groups) = own_ids()?;
        if u != [uid; 3] || g != [gid; 3] || now_groups != want_groups {
            return Err(unverified);
        }
        if uid != 0 {
            let (eff, prm) = own_caps()?;
            if eff != 0 || prm != 0 {
                return Err(unverified);
            }
            for old in old_u.into_iter().filter(|&o| o != uid) {
                // A raw syscall: only this thread would move, and only if the drop failed.
                if libc::syscall(libc::SYS_setresuid, old, old, old) == 0 {
                    libc::syscall(libc::SYS_setresuid, uid, uid, uid);
                    return Err(unverified);
                }
            }
        }
        every_thread_dropped(uid, gid, &want_groups, uid != 0)?;
        if flags & RNS_DROP_NO_NEW_PRIVS != 0 {
            cvt(libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))?;
        }
        Ok(0)
    })
}
