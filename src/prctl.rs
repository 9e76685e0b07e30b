//! Process attributes that spawners and supervisors set: the parent-death signal, the child
//! subreaper and no_new_privs, through prctl(2).
//!
//! They do not share one scope: the parent-death signal and no_new_privs belong to the
//! calling **thread** (the kernel keeps them in the task), the child subreaper to the whole
//! **process** (it is kept in the signal state every thread shares). Each doc comment says
//! which, and the C tests (tests/c/test_prctl.c) check it on this kernel.

use std::os::raw::{c_int, c_ulong};

use crate::ffi::{call, cvt, Errno, Result};

/// The kernel's `_NSIG` on every architecture librns builds for: signals are 1..=64.
/// (libc's SIGRTMAX() is glibc's view, the same 64; the kernel's limit is what counts here.)
const KERNEL_NSIG: c_int = 64;

/// prctl(option, arg2, 0, 0, 0): the unused arguments are zero, as the kernel requires for
/// the options that check them.
fn prctl(option: c_int, arg2: c_ulong) -> Result<c_int> {
    // SAFETY: plain syscall; every option used here takes integers, or (the GET options that
    // write) a pointer to a c_int that the caller owns for the duration of the call.
    cvt(unsafe { libc::prctl(option, arg2, 0 as c_ulong, 0 as c_ulong, 0 as c_ulong) })
}

/// A GET option that writes an int through its second argument, as PR_GET_PDEATHSIG and
/// PR_GET_CHILD_SUBREAPER do.
fn prctl_get_int(option: c_int) -> Result<c_int> {
    let mut value: c_int = 0;
    prctl(option, std::ptr::addr_of_mut!(value) as c_ulong)?;
    Ok(value)
}

/// Sets the signal the caller gets when its parent dies (PR_SET_PDEATHSIG); 0 clears it.
///
/// "Parent" means the **thread** that created this process, not the parent process: the
/// signal is sent when that thread exits, even while the parent process goes on with other
/// threads (the trap of golang/go#27505: call it in a child whose parent thread stays, or
/// lock the parent's thread). It is also sent when a subreaper the caller was reparented to
/// exits. If the parent thread has already exited, nothing is sent: a child that must not
/// outlive its parent checks getppid() after this call.
///
/// The setting is cleared for the children of fork(), when this thread's effective or
/// filesystem user or group id changes (rns_setuid(), rns_setresgid() and the like, which
/// change every thread), and by execve() of a set-user-ID, set-group-ID or file-capability
/// binary; an ordinary execve() keeps it.
///
/// Kernel: every kernel (PR_SET_PDEATHSIG).
/// Scope: calling thread: the setting is the thread's own (other threads of the process
/// read 0), while the signal it brings is sent to the whole process.
/// Returns: 0.
/// Errors: -EINVAL `sig` is not 0 or a signal 1..64.
/// Since: 0.2
#[no_mangle]
pub extern "C" fn rns_set_pdeathsig(sig: c_int) -> c_int {
    call(|| {
        if !(0..=KERNEL_NSIG).contains(&sig) {
            return Err(Errno::EINVAL);
        }
        prctl(libc::PR_SET_PDEATHSIG, sig as c_ulong).map(|_| ())
    })
}

/// The calling thread's parent-death signal (PR_GET_PDEATHSIG), 0 when none is set.
///
/// Kernel: every kernel (PR_GET_PDEATHSIG).
/// Scope: reads only (the calling thread's setting; see rns_set_pdeathsig()).
/// Returns: the signal number, or 0.
/// Errors: none on Linux; a seccomp filter could still refuse prctl with its own -errno.
/// Since: 0.2
#[no_mangle]
pub extern "C" fn rns_get_pdeathsig() -> c_int {
    call(|| prctl_get_int(libc::PR_GET_PDEATHSIG))
}

/// Makes the caller a child subreaper (`on` 1) or ordinary again (`on` 0)
/// (PR_SET_CHILD_SUBREAPER).
///
/// A subreaper takes init's role for its descendants: a process orphaned below it is
/// reparented to the nearest living subreaper ancestor instead of to init, so the subreaper
/// gets its SIGCHLD and reaps it (wait for it). The setting is not inherited by children of
/// fork() and is kept across execve().
///
/// Kernel: Linux 3.4 (PR_SET_CHILD_SUBREAPER); -EINVAL before.
/// Scope: process (every thread reads the same setting).
/// Returns: 0.
/// Errors: -EINVAL `on` is neither 0 nor 1.
/// Since: 0.2
#[no_mangle]
pub extern "C" fn rns_set_child_subreaper(on: c_int) -> c_int {
    call(|| {
        if on != 0 && on != 1 {
            return Err(Errno::EINVAL);
        }
        prctl(libc::PR_SET_CHILD_SUBREAPER, on as c_ulong).map(|_| ())
    })
}

/// Whether the calling process is a child subreaper (PR_GET_CHILD_SUBREAPER).
///
/// Kernel: Linux 3.4 (PR_GET_CHILD_SUBREAPER); -EINVAL before.
/// Scope: reads only (the process's setting).
/// Returns: 1 if it is, 0 if not.
/// Errors: none on Linux; a seccomp filter could still refuse prctl with its own -errno.
/// Since: 0.2
#[no_mangle]
pub extern "C" fn rns_get_child_subreaper() -> c_int {
    call(|| prctl_get_int(libc::PR_GET_CHILD_SUBREAPER).map(|v| c_int::from(v != 0)))
}

/// Sets no_new_privs (PR_SET_NO_NEW_PRIVS): from now on execve() grants no privilege the
/// caller does not have (set-user-ID and set-group-ID bits and file capabilities do
/// nothing), and an unprivileged thread may install seccomp filters.
///
/// It cannot be unset, so `on` must be 1. Calling it again is no error.
///
/// Kernel: Linux 3.5 (PR_SET_NO_NEW_PRIVS); -EINVAL before.
/// Scope: calling thread, and the threads and children it creates afterwards; threads that
/// exist already keep their own setting.
/// Returns: 0.
/// Errors: -EINVAL `on` is not 1.
/// Since: 0.2
#[no_mangle]
pub extern "C" fn rns_set_no_new_privs(on: c_int) -> c_int {
    call(|| {
        if on != 1 {
            return Err(Errno::EINVAL);
        }
        prctl(libc::PR_SET_NO_NEW_PRIVS, 1).map(|_| ())
    })
}

/// Whether the calling thread has no_new_privs set (PR_GET_NO_NEW_PRIVS).
///
/// Kernel: Linux 3.5 (PR_GET_NO_NEW_PRIVS); -EINVAL before.
/// Scope: reads only (the calling thread's setting; see rns_set_no_new_privs()).
/// Returns: 1 if set, 0 if not.
/// Errors: none on Linux >= 3.5 (-EINVAL before, which lacks it).
/// Since: 0.2
#[no_mangle]
pub extern "C" fn rns_get_no_new_privs() -> c_int {
    call(|| prctl(libc::PR_GET_NO_NEW_PRIVS, 0))
}
