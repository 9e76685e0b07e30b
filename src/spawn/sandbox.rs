//! The sandbox attributes: a seccomp filter and a Landlock ruleset, their setters, and the
//! child's two steps just before execve (Landlock, then the filter, last).

use std::os::fd::{AsRawFd, OwnedFd};
use std::os::raw::c_int;

use super::attr::{dup_at, rns_spawn_attr};
use super::child::{errno, fail};
use super::plan::Plan;
use super::*;
use crate::ffi::{call_nc, Errno, Result};

/// One instruction of a classic BPF program, laid out exactly as the kernel's struct
/// sock_filter (<linux/filter.h>), so a program built with its BPF_STMT/BPF_JUMP macros can
/// be passed as it is (cast the pointer).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct rns_sock_filter {
    /// The opcode (BPF_LD | BPF_W | BPF_ABS, BPF_RET | BPF_K, ...).
    pub code: u16,
    /// Jump offset when the test is true.
    pub jt: u8,
    /// Jump offset when the test is false.
    pub jf: u8,
    /// The operand.
    pub k: u32,
}

const _: () = assert!(std::mem::size_of::<rns_sock_filter>() == std::mem::size_of::<libc::sock_filter>());

/// The kernel's limit on a classic BPF program's length (BPF_MAXINSNS).
const BPF_MAXINSNS: usize = 4096;

/// What the sandbox attributes hold: the filter (copied at set time) and the ruleset (a
/// duplicate of the caller's fd).
#[derive(Default)]
pub(super) struct Sandbox {
    pub(super) seccomp: Option<Vec<libc::sock_filter>>,
    pub(super) landlock: Option<OwnedFd>,
}

/// A seccomp filter (a classic BPF program, as for seccomp(2)'s SECCOMP_SET_MODE_FILTER)
/// installed on the child as its last step before execve, after the signal mask and
/// Landlock, as bubblewrap's --seccomp does: so the filter sees the execve and whatever the
/// program does, and none of the library's own steps. `len` instructions at `prog` are
/// copied now; `prog` NULL with `len` 0 clears it (the default: no filter). The kernel checks
/// the program itself at rns_spawn() (-EINVAL at RNS_SPAWN_STEP_SECCOMP). Installing a filter
/// needs no_new_privs (rns_spawn_attr_set_no_new_privs()) or CAP_SYS_ADMIN in the child's
/// user namespace (a new user namespace gives it): without either, -EACCES at
/// RNS_SPAWN_STEP_SECCOMP.
///
/// A filter that refuses execve with SECCOMP_RET_ERRNO makes rns_spawn() fail with that
/// errno at RNS_SPAWN_STEP_EXEC when the child reports through the caller's memory (the
/// usual case); where it reports through a pipe (uid/gid maps, a time namespace, a second
/// fork) and the filter refuses write(2) too, the report is lost: rns_spawn() succeeds and
/// the child exits with 127, or, where the filter refuses exit_group(2) as well, is killed
/// by the fault glibc's _exit then ends in (SIGSEGV on x86-64). A filter that kills
/// (SECCOMP_RET_KILL_*, _TRAP) on execve: rns_spawn() succeeds and the child is killed by
/// SIGSYS, as with posix_spawn.
///
/// Kernel: at rns_spawn(), Linux 3.5 (PR_SET_SECCOMP with SECCOMP_MODE_FILTER); seccomp(2)
/// (3.17) first, the prctl on ENOSYS.
///
/// Scope: library-owned: the attribute, which keeps a copy of the program.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL, or `prog` is NULL with `len` > 0; -EINVAL `len` is 0 with
/// a program, or above BPF_MAXINSNS (4096); -ENOMEM.
/// Since: 0.3
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread; `prog`
/// is NULL or valid for `len` instructions.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_seccomp(
    attr: *mut rns_spawn_attr,
    prog: *const rns_sock_filter,
    len: usize,
) -> c_int {
    call_nc(|| {
        let a = attr.as_mut().ok_or(Errno::EFAULT)?;
        if prog.is_null() && len == 0 {
            a.sandbox.seccomp = None;
            return Ok(());
        }
        if prog.is_null() {
            return Err(Errno::EFAULT);
        }
        if len == 0 || len > BPF_MAXINSNS {
            return Err(Errno::EINVAL);
        }
        let src = std::slice::from_raw_parts(prog, len);
        let mut v = Vec::new();
        v.try_reserve_exact(len).map_err(|_| Errno(libc::ENOMEM))?;
        v.extend(src.iter().map(|i| libc::sock_filter {
            code: i.code,
            jt: i.jt,
            jf: i.jf,
            k: i.k,
        }));
        a.sandbox.seccomp = Some(v);
        Ok(())
    })
}

/// Whether `fd` is a Landlock ruleset, where /proc says (its link reads
/// "anon_inode:[landlock-ruleset]"); Ok(true) where it cannot tell (no /proc): rns_spawn()
/// finds out.
fn is_landlock_ruleset(fd: c_int) -> Result<bool> {
    if crate::ffi::fs_magic(fd)? != crate::ffi::ANON_INODE_FS_MAGIC {
        return Ok(false);
    }
    match std::fs::read_link(format!("/proc/self/fd/{fd}")) {
        Ok(l) => Ok(l.as_os_str() == "anon_inode:[landlock-ruleset]"),
        Err(_) => Ok(true),
    }
}

/// A Landlock ruleset (an fd from landlock_create_ruleset(2), with its rules added) that the
/// child restricts itself with (landlock_restrict_self(fd, 0)) just before the seccomp
/// filter, after every other step: the ruleset applies to the execve itself, so it must
/// allow executing and reading the program (and its interpreter and libraries) where it
/// handles those rights (else -EACCES at RNS_SPAWN_STEP_EXEC). `fd` is duplicated now (the
/// caller may close its own); -1 clears it (the default: none). Restricting needs
/// no_new_privs (rns_spawn_attr_set_no_new_privs()) or CAP_SYS_ADMIN in the child's user
/// namespace: without either, -EPERM at RNS_SPAWN_STEP_LANDLOCK.
///
/// Kernel: at rns_spawn(), Linux 5.13 (Landlock) where it is built in and enabled (the lsm=
/// boot list); else -ENOSYS or -EOPNOTSUPP at RNS_SPAWN_STEP_LANDLOCK (no ruleset can be
/// made there in the first place).
///
/// Scope: library-owned: the attribute, and a duplicate of `fd` it owns.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EBADF `fd` < -1 or not open; -EBADFD `fd` is not a
/// Landlock ruleset (as landlock_restrict_self(2) says; where /proc is missing, at
/// RNS_SPAWN_STEP_LANDLOCK); -EMFILE out of fds.
/// Since: 0.3
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_landlock(attr: *mut rns_spawn_attr, fd: c_int) -> c_int {
    call_nc(|| {
        let a = attr.as_mut().ok_or(Errno::EFAULT)?;
        if fd == -1 {
            a.sandbox.landlock = None;
            return Ok(());
        }
        if fd < 0 {
            return Err(Errno::EBADF);
        }
        if !is_landlock_ruleset(fd)? {
            return Err(Errno(libc::EBADFD));
        }
        a.sandbox.landlock = Some(dup_at(fd, 3)?);
        Ok(())
    })
}

/// Where the ruleset's fd sits on an fd action's target, a duplicate off the targets for the
/// child to use after the fd actions; None where it is not (the attribute's own serves).
pub(super) fn landlock_off_targets(a: &rns_spawn_attr, targets: &[c_int]) -> Result<Option<OwnedFd>> {
    let Some(fd) = &a.sandbox.landlock else {
        return Ok(None);
    };
    if targets.binary_search(&fd.as_raw_fd()).is_err() {
        return Ok(None);
    }
    let dup = dup_at(fd.as_raw_fd(), 3)?;
    Ok(Some(super::report::off_targets(dup, targets)?))
}

/// The child's last steps before execve: the Landlock ruleset, then the seccomp filter.
pub(super) fn restrict(p: &Plan) {
    if p.landlock >= 0 {
        // SAFETY: plain syscall on an fd the attribute (or the parent, for us) holds.
        let r = unsafe { libc::syscall(libc::SYS_landlock_restrict_self, p.landlock, 0) };
        if r < 0 {
            fail(p, RNS_SPAWN_STEP_LANDLOCK, errno(), 0);
        }
    }
    let Some(prog) = &p.attr.sandbox.seccomp else {
        return;
    };
    let fprog = libc::sock_fprog {
        len: prog.len() as u16,
        filter: prog.as_ptr().cast_mut(),
    };
    // SAFETY: fprog points into the attribute's program, which outlives the call.
    unsafe {
        let mode = libc::SECCOMP_SET_MODE_FILTER;
        let mut r = libc::syscall(libc::SYS_seccomp, mode, 0, &fprog as *const libc::sock_fprog);
        if r < 0 && errno() == libc::ENOSYS {
            let filter = libc::SECCOMP_MODE_FILTER as libc::c_ulong;
            r = libc::prctl(
                libc::PR_SET_SECCOMP,
                filter,
                &fprog as *const libc::sock_fprog,
                0,
                0,
            ) as _;
        }
        if r < 0 {
            fail(p, RNS_SPAWN_STEP_SECCOMP, errno(), 0);
        }
    }
}
