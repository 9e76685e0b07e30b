//! Scheduling priority (nice values): getpriority(2), setpriority(2).
//!
//! Nice values are per **thread** on Linux: RNS_PRIO_PROCESS with `who` 0 is the calling
//! thread, and a pid names that thread-group leader's thread only.

use std::os::raw::{c_int, c_long};

use crate::ffi::{self, call, cvt, cvt_syscall, Errno, Result};

/// `which`: `who` is a process id (a thread id on Linux; 0: the calling thread).
pub const RNS_PRIO_PROCESS: c_int = 0;
/// `which`: `who` is a process group id (0: the caller's group).
pub const RNS_PRIO_PGRP: c_int = 1;
/// `which`: `who` is a user id (0: the caller's real uid).
pub const RNS_PRIO_USER: c_int = 2;

// The kernel's values, checked against libc when the crate compiles.
const _: () = {
    assert!(RNS_PRIO_PROCESS == libc::PRIO_PROCESS as c_int);
    assert!(RNS_PRIO_PGRP == libc::PRIO_PGRP as c_int);
    assert!(RNS_PRIO_USER == libc::PRIO_USER as c_int);
};

fn check_which(which: c_int) -> Result<()> {
    match which {
        RNS_PRIO_PROCESS | RNS_PRIO_PGRP | RNS_PRIO_USER => Ok(()),
        _ => Err(Errno::EINVAL),
    }
}

fn getpriority(which: c_int, who: libc::id_t) -> Result<c_int> {
    check_which(which)?;
    // The raw syscall returns 20 - nice (1..40), so -1 stays free for errors; the libc
    // wrapper returns the nice value itself, where -1 is ambiguous.
    // SAFETY: plain syscall with checked arguments.
    let raw =
        cvt_syscall(unsafe { libc::syscall(libc::SYS_getpriority, c_long::from(which), c_long::from(who)) })?;
    Ok(20 - raw)
}

/// The nice value (-20..19) of a thread, process group or user: for a group or user, the
/// highest priority (lowest nice) of its members.
///
/// `which` is RNS_PRIO_PROCESS, RNS_PRIO_PGRP or RNS_PRIO_USER; `who` 0 is the calling
/// thread, the caller's group or the caller's real uid. The nice value is written to
/// `*ret_prio`: -1 is a value here, not an error.
///
/// Kernel: every kernel (getpriority(2); the kernel's 20-nice answer decoded).
/// Scope: reads only (RNS_PRIO_PROCESS with 0 reads the calling thread).
/// Returns: 0.
/// Errors: -EINVAL unknown `which`; -EFAULT `ret_prio` is NULL; -ESRCH nothing matches `who`.
/// Since: 0.1
///
/// # Safety
/// `ret_prio` is NULL or valid for writing an int.
#[no_mangle]
pub unsafe extern "C" fn rns_getpriority(which: c_int, who: libc::id_t, ret_prio: *mut c_int) -> c_int {
    call(|| {
        let out = ffi::out(ret_prio)?;
        out.set(getpriority(which, who)?);
        Ok(0)
    })
}

/// Sets the nice value of a thread, every member of a process group, or every process of a
/// user. The kernel clamps `prio` to -20..19.
///
/// `which` and `who` as for rns_getpriority(). Lowering the nice value (raising priority)
/// needs CAP_SYS_NICE or RLIMIT_NICE.
///
/// Kernel: every kernel (setpriority(2)).
/// Scope: RNS_PRIO_PROCESS with `who` 0 is the calling **thread** only; other threads keep
/// their nice values (new threads inherit the creator's).
/// Returns: 0.
/// Errors: -EINVAL unknown `which`; -ESRCH nothing matches `who`; -EACCES lowering the nice
/// value without privilege; -EPERM the target belongs to another user.
/// Since: 0.1
#[no_mangle]
pub extern "C" fn rns_setpriority(which: c_int, who: libc::id_t, prio: c_int) -> c_int {
    call(|| {
        check_which(which)?;
        // SAFETY: plain syscall with checked arguments.
        cvt(unsafe { libc::setpriority(which as libc::__priority_which_t, who, prio) })?;
        Ok(0)
    })
}
