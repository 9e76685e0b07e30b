//! Identity attributes of a spawn (issue 18): POSIX_SPAWN_RESETIDS, the scheduler policy and
//! priority, a new root directory, and the capability sets (bounding, inheritable, ambient)
//! and securebits as setpriv(1) sets them. The setters check their arguments and keep
//! plain values; the child's steps here are raw syscalls on them.

use std::ffi::CString;
use std::os::raw::{c_char, c_int, c_ulong};
use std::sync::atomic::{AtomicI32, Ordering};

use super::attr::{attr_mut, rns_spawn_attr};
use super::child::check;
use super::plan::Plan;
use super::*;
use crate::ffi::{call_nc, Errno, Result};

/// rns_spawn() step: the scheduler policy and priority of rns_spawn_attr_set_scheduler()
/// (sched_setscheduler(2), or sched_setparam(2) with policy -1).
pub const RNS_SPAWN_STEP_SCHED: c_int = 23;
/// rns_spawn() step: chroot(2) to the directory of rns_spawn_attr_set_chroot().
pub const RNS_SPAWN_STEP_CHROOT: c_int = 24;
/// rns_spawn() step: the capability sets and securebits (prctl(2) PR_SET_SECUREBITS,
/// PR_CAPBSET_DROP, PR_SET_KEEPCAPS, PR_CAP_AMBIENT; capset(2)).
pub const RNS_SPAWN_STEP_CAPS: c_int = 25;

/// rns_spawn_attr_set_flags() flag: POSIX_SPAWN_RESETIDS: the child's effective uid and gid
/// become its real ones (the saved ones stay), as glibc's posix_spawn does.
pub const RNS_SPAWN_RESETIDS: c_int = 0x10;

/// Capability number (CAP_CHOWN), for the rns_spawn_attr_set_*_caps() masks: bit N is
/// capability N.
pub const RNS_CAP_CHOWN: c_int = 0;
/// Capability number (CAP_DAC_OVERRIDE).
pub const RNS_CAP_DAC_OVERRIDE: c_int = 1;
/// Capability number (CAP_DAC_READ_SEARCH).
pub const RNS_CAP_DAC_READ_SEARCH: c_int = 2;
/// Capability number (CAP_FOWNER).
pub const RNS_CAP_FOWNER: c_int = 3;
/// Capability number (CAP_FSETID).
pub const RNS_CAP_FSETID: c_int = 4;
/// Capability number (CAP_KILL).
pub const RNS_CAP_KILL: c_int = 5;
/// Capability number (CAP_SETGID).
pub const RNS_CAP_SETGID: c_int = 6;
/// Capability number (CAP_SETUID).
pub const RNS_CAP_SETUID: c_int = 7;
/// Capability number (CAP_SETPCAP).
pub const RNS_CAP_SETPCAP: c_int = 8;
/// Capability number (CAP_LINUX_IMMUTABLE).
pub const RNS_CAP_LINUX_IMMUTABLE: c_int = 9;
/// Capability number (CAP_NET_BIND_SERVICE).
pub const RNS_CAP_NET_BIND_SERVICE: c_int = 10;
/// Capability number (CAP_NET_BROADCAST).
pub const RNS_CAP_NET_BROADCAST: c_int = 11;
/// Capability number (CAP_NET_ADMIN).
pub const RNS_CAP_NET_ADMIN: c_int = 12;
/// Capability number (CAP_NET_RAW).
pub const RNS_CAP_NET_RAW: c_int = 13;
/// Capability number (CAP_IPC_LOCK).
pub const RNS_CAP_IPC_LOCK: c_int = 14;
/// Capability number (CAP_IPC_OWNER).
pub const RNS_CAP_IPC_OWNER: c_int = 15;
/// Capability number (CAP_SYS_MODULE).
pub const RNS_CAP_SYS_MODULE: c_int = 16;
/// Capability number (CAP_SYS_RAWIO).
pub const RNS_CAP_SYS_RAWIO: c_int = 17;
/// Capability number (CAP_SYS_CHROOT).
pub const RNS_CAP_SYS_CHROOT: c_int = 18;
/// Capability number (CAP_SYS_PTRACE).
pub const RNS_CAP_SYS_PTRACE: c_int = 19;
/// Capability number (CAP_SYS_PACCT).
pub const RNS_CAP_SYS_PACCT: c_int = 20;
/// Capability number (CAP_SYS_ADMIN).
pub const RNS_CAP_SYS_ADMIN: c_int = 21;
/// Capability number (CAP_SYS_BOOT).
pub const RNS_CAP_SYS_BOOT: c_int = 22;
/// Capability number (CAP_SYS_NICE).
pub const RNS_CAP_SYS_NICE: c_int = 23;
/// Capability number (CAP_SYS_RESOURCE).
pub const RNS_CAP_SYS_RESOURCE: c_int = 24;
/// Capability number (CAP_SYS_TIME).
pub const RNS_CAP_SYS_TIME: c_int = 25;
/// Capability number (CAP_SYS_TTY_CONFIG).
pub const RNS_CAP_SYS_TTY_CONFIG: c_int = 26;
/// Capability number (CAP_MKNOD).
pub const RNS_CAP_MKNOD: c_int = 27;
/// Capability number (CAP_LEASE).
pub const RNS_CAP_LEASE: c_int = 28;
/// Capability number (CAP_AUDIT_WRITE).
pub const RNS_CAP_AUDIT_WRITE: c_int = 29;
/// Capability number (CAP_AUDIT_CONTROL).
pub const RNS_CAP_AUDIT_CONTROL: c_int = 30;
/// Capability number (CAP_SETFCAP).
pub const RNS_CAP_SETFCAP: c_int = 31;
/// Capability number (CAP_MAC_OVERRIDE).
pub const RNS_CAP_MAC_OVERRIDE: c_int = 32;
/// Capability number (CAP_MAC_ADMIN).
pub const RNS_CAP_MAC_ADMIN: c_int = 33;
/// Capability number (CAP_SYSLOG).
pub const RNS_CAP_SYSLOG: c_int = 34;
/// Capability number (CAP_WAKE_ALARM).
pub const RNS_CAP_WAKE_ALARM: c_int = 35;
/// Capability number (CAP_BLOCK_SUSPEND).
pub const RNS_CAP_BLOCK_SUSPEND: c_int = 36;
/// Capability number (CAP_AUDIT_READ, Linux 3.16).
pub const RNS_CAP_AUDIT_READ: c_int = 37;
/// Capability number (CAP_PERFMON, Linux 5.8).
pub const RNS_CAP_PERFMON: c_int = 38;
/// Capability number (CAP_BPF, Linux 5.8).
pub const RNS_CAP_BPF: c_int = 39;
/// Capability number (CAP_CHECKPOINT_RESTORE, Linux 5.9).
pub const RNS_CAP_CHECKPOINT_RESTORE: c_int = 40;

/// The identity part of the attribute: unset (None) leaves the caller's.
#[derive(Default)]
pub(super) struct Identity {
    /// (policy or -1, priority).
    pub(super) sched: Option<(c_int, c_int)>,
    pub(super) chroot: Option<CString>,
    /// The program's ambient set, exactly.
    pub(super) ambient: Option<u64>,
    /// The program's inheritable set (the ambient caps added).
    pub(super) inheritable: Option<u64>,
    /// The capabilities kept in the bounding set.
    pub(super) bounding: Option<u64>,
    pub(super) securebits: Option<c_int>,
}

const PR_CAP_AMBIENT: c_int = 47;
const PR_CAP_AMBIENT_RAISE: c_ulong = 2;
const PR_CAP_AMBIENT_CLEAR_ALL: c_ulong = 4;

/// The scheduler policies sched_setscheduler(2) takes here (SCHED_DEADLINE needs
/// sched_setattr).
const POLICIES: [c_int; 5] = [
    libc::SCHED_OTHER,
    libc::SCHED_FIFO,
    libc::SCHED_RR,
    libc::SCHED_BATCH,
    libc::SCHED_IDLE,
];

/// The priority range of `policy` (sched_get_priority_min/max), or of every policy for -1.
fn priority_range(policy: c_int) -> (c_int, c_int) {
    let list: &[c_int] = if policy == -1 {
        &POLICIES
    } else {
        std::slice::from_ref(&policy)
    };
    // SAFETY: plain syscalls with known policies.
    list.iter().fold((c_int::MAX, c_int::MIN), |(lo, hi), &p| unsafe {
        (
            lo.min(libc::sched_get_priority_min(p)),
            hi.max(libc::sched_get_priority_max(p)),
        )
    })
}

/// The scheduler policy and priority of the child (POSIX_SPAWN_SETSCHEDULER with
/// POSIX_SPAWN_SETSCHEDPARAM): `policy` is SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH or
/// SCHED_IDLE, optionally with SCHED_RESET_ON_FORK, set with sched_setscheduler(2); or -1,
/// which keeps the policy and sets only the priority (sched_setparam(2), POSIX_SPAWN_SETSCHEDPARAM
/// alone). Set after the umask, before the nice value and the id changes (which may drop the
/// privilege a real-time policy needs). Unset: the caller's (the default). A real-time
/// policy needs CAP_SYS_NICE or RLIMIT_RTPRIO: -EPERM at RNS_SPAWN_STEP_SCHED.
///
/// Kernel: every kernel (SCHED_IDLE 2.6.23, SCHED_RESET_ON_FORK 2.6.32).
/// Scope: library-owned: the attribute.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EINVAL `policy` is none of those (SCHED_DEADLINE
/// included), or `priority` is outside sched_get_priority_min..max of the policy (of any
/// policy, 0..99, for -1; the kernel checks it against the child's policy then).
/// Since: 0.3
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_scheduler(
    attr: *mut rns_spawn_attr,
    policy: c_int,
    priority: c_int,
) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        let base = if policy == -1 {
            -1
        } else {
            policy & !libc::SCHED_RESET_ON_FORK
        };
        if base != -1 && !POLICIES.contains(&base) {
            return Err(Errno::EINVAL);
        }
        let (lo, hi) = priority_range(base);
        if !(lo..=hi).contains(&priority) {
            return Err(Errno::EINVAL);
        }
        a.ident.sched = Some((policy, priority));
        Ok(())
    })
}

/// The child's root directory (chroot(2)), as Go's SysProcAttr.Chroot: set after mount
/// propagation (so in a new or joined mount namespace), before setsid and the cwd, so a cwd
/// of rns_spawn_attr_set_cwd() is a path under the new root. As in os/exec the cwd is not
/// changed otherwise: set the cwd to "/" too, as unshare(1) --root does, or the program
/// starts outside its root. A relative `path` is taken from the child's cwd then. NULL: no
/// chroot (the default). Needs CAP_SYS_CHROOT (in the child's user namespace): -EPERM at
/// RNS_SPAWN_STEP_CHROOT; -ENOENT/-ENOTDIR/-EACCES there for a bad path.
///
/// Kernel: every kernel.
/// Scope: library-owned: the attribute, which keeps a copy of `path`.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EINVAL `path` is empty.
/// Since: 0.3
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread; `path`
/// is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_chroot(attr: *mut rns_spawn_attr, path: *const c_char) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        a.ident.chroot = super::attr::path_arg(path)?;
        Ok(())
    })
}

/// The highest capability number the kernel knows (/proc/sys/kernel/cap_last_cap), found by
/// PR_CAPBSET_READ (EINVAL above it), once.
fn cap_last() -> c_int {
    static LAST: AtomicI32 = AtomicI32::new(-1);
    let known = LAST.load(Ordering::Relaxed);
    if known >= 0 {
        return known;
    }
    // SAFETY: a read-only prctl.
    let last = (0..64)
        .rev()
        .find(|&c| unsafe { libc::prctl(libc::PR_CAPBSET_READ, c as c_ulong, 0, 0, 0) } >= 0);
    let last = last.unwrap_or(40);
    LAST.store(last, Ordering::Relaxed);
    last
}

/// A capability mask argument: None for ~0 (unchanged), EINVAL with a bit above
/// cap_last_cap.
fn caps_arg(caps: u64) -> Result<Option<u64>> {
    if caps == u64::MAX {
        return Ok(None);
    }
    match caps.checked_shr(cap_last() as u32 + 1) {
        Some(0) | None => Ok(Some(caps)),
        Some(_) => Err(Errno::EINVAL),
    }
}

/// The child's ambient capability set, exactly (bit N: capability N; the RNS_CAP_* numbers),
/// as Go's SysProcAttr.AmbientCaps and setpriv --ambient-caps set it: after the id changes,
/// each cap is added to the inheritable set (and to the permitted set, where it is already
/// held: as os/exec, a no-op), then the ambient set cleared and each cap raised
/// (PR_CAP_AMBIENT), so a non-root program keeps them across exec. With a uid change, the
/// child sets PR_SET_KEEPCAPS before it (so the permitted set survives; execve clears the
/// flag). Unlike os/exec, which only raises, ambient caps of the caller not in `caps` are
/// not passed on (an id change from root drops them anyway). ~0 (UINT64_MAX): unchanged, the
/// default. A cap not in the permitted set gives -EPERM at RNS_SPAWN_STEP_CAPS.
///
/// Kernel: Linux 4.3 (ambient capabilities); before, -EINVAL at RNS_SPAWN_STEP_CAPS.
/// Scope: library-owned: the attribute.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EINVAL a bit above /proc/sys/kernel/cap_last_cap.
/// Since: 0.3
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_ambient_caps(attr: *mut rns_spawn_attr, caps: u64) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        a.ident.ambient = caps_arg(caps)?;
        Ok(())
    })
}

/// The child's inheritable capability set (setpriv --inh-caps), set with capset(2) after the
/// id changes, with the ambient caps of rns_spawn_attr_set_ambient_caps() added (the kernel
/// requires them there). The kernel's rules, as for setpriv: a cap neither inheritable nor
/// permitted before (without CAP_SETPCAP), or one the bounding set lacks (dropped by
/// rns_spawn_attr_set_bounding_set() too), gives -EPERM at RNS_SPAWN_STEP_CAPS. ~0
/// (UINT64_MAX): unchanged, the default.
///
/// Kernel: every kernel (capset version 3, 2.6.26).
/// Scope: library-owned: the attribute.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EINVAL a bit above /proc/sys/kernel/cap_last_cap.
/// Since: 0.3
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_inheritable_caps(attr: *mut rns_spawn_attr, caps: u64) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        a.ident.inheritable = caps_arg(caps)?;
        Ok(())
    })
}

/// The capabilities the child's bounding set keeps (setpriv --bounding-set): every other one
/// still in it is dropped (PR_CAPBSET_DROP), before the id changes. Dropping needs
/// CAP_SETPCAP: -EPERM at RNS_SPAWN_STEP_CAPS (nothing is asked when nothing is to drop;
/// setpriv 2.38 instead runs the program with the set unchanged). ~0 (UINT64_MAX): none
/// dropped, the default.
///
/// Kernel: Linux 2.6.25.
/// Scope: library-owned: the attribute.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EINVAL a bit above /proc/sys/kernel/cap_last_cap.
/// Since: 0.3
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_bounding_set(attr: *mut rns_spawn_attr, caps: u64) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        a.ident.bounding = caps_arg(caps)?;
        Ok(())
    })
}

/// The child's securebits (setpriv --securebits; prctl(PR_SET_SECUREBITS)): the SECBIT_*
/// bits of linux/securebits.h, set first of the capability steps, before the id changes.
/// Needs CAP_SETPCAP; the kernel checks the bits (-EPERM a locked bit changed or no
/// CAP_SETPCAP, -EINVAL an unknown bit, at RNS_SPAWN_STEP_CAPS). -1: unchanged, the default.
///
/// Kernel: Linux 2.6.26.
/// Scope: library-owned: the attribute.
/// Returns: 0.
/// Errors: -EFAULT `attr` is NULL; -EINVAL `bits` below -1.
/// Since: 0.3
///
/// # Safety
/// `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
#[no_mangle]
pub unsafe extern "C" fn rns_spawn_attr_set_securebits(attr: *mut rns_spawn_attr, bits: c_int) -> c_int {
    call_nc(|| {
        let a = attr_mut(attr)?;
        a.ident.securebits = match bits {
            -1 => None,
            b if b >= 0 => Some(b),
            _ => return Err(Errno::EINVAL),
        };
        Ok(())
    })
}

// ---- the child's steps ------------------------------------------------------------------

/// chroot(2), after mount propagation.
pub(super) fn set_root(p: &Plan) {
    if let Some(root) = &p.attr.ident.chroot {
        // SAFETY: a valid C string of the attribute.
        let r = unsafe { libc::chroot(root.as_ptr()) };
        check(p, r as _, RNS_SPAWN_STEP_CHROOT, 0);
    }
}

/// The scheduler policy and priority, by raw syscalls (as glibc's posix_spawn).
pub(super) fn set_sched(p: &Plan) {
    let Some((policy, priority)) = p.attr.ident.sched else {
        return;
    };
    let param = libc::sched_param {
        sched_priority: priority,
    };
    // SAFETY: plain syscalls; param lives across them.
    let r = unsafe {
        if policy == -1 {
            libc::syscall(libc::SYS_sched_setparam, 0, &param as *const libc::sched_param)
        } else {
            libc::syscall(
                libc::SYS_sched_setscheduler,
                0,
                policy,
                &param as *const libc::sched_param,
            )
        }
    };
    check(p, r, RNS_SPAWN_STEP_SCHED, 0);
}

/// A prctl of the capability steps, or the step's failure with `detail`.
fn prctl_caps(p: &Plan, op: c_int, arg2: c_ulong, arg3: c_ulong, detail: c_int) -> c_int {
    // SAFETY: a prctl with integer arguments.
    let r = unsafe { libc::prctl(op, arg2, arg3, 0 as c_ulong, 0 as c_ulong) };
    check(p, r as _, RNS_SPAWN_STEP_CAPS, detail);
    r
}

/// Before the id changes: securebits, the bounding set, and PR_SET_KEEPCAPS where ambient
/// or inheritable caps are asked and the uid changes.
pub(super) fn caps_before_ids(p: &Plan) {
    let (a, id) = (p.attr, &p.attr.ident);
    if let Some(bits) = id.securebits {
        prctl_caps(p, libc::PR_SET_SECUREBITS, bits as c_ulong, 0, -1);
    }
    if let Some(keep) = id.bounding {
        for cap in 0..64 {
            // SAFETY: a read-only prctl; EINVAL above cap_last_cap ends the loop.
            let held = unsafe { libc::prctl(libc::PR_CAPBSET_READ, cap as c_ulong, 0, 0, 0) };
            if held < 0 {
                break;
            }
            if held == 1 && keep & (1 << cap) == 0 {
                prctl_caps(p, libc::PR_CAPBSET_DROP, cap as c_ulong, 0, cap);
            }
        }
    }
    let uid_changes = a.uid.is_some() || a.flags & RNS_SPAWN_RESETIDS != 0;
    if (id.ambient.is_some() || id.inheritable.is_some()) && uid_changes {
        prctl_caps(p, libc::PR_SET_KEEPCAPS, 1, 0, -1);
    }
}

/// RESETIDS for the gid: the effective gid becomes the real one (setresgid(-1, rgid, -1)),
/// where rns_spawn_attr_set_ids() set no gid.
pub(super) fn reset_egid(p: &Plan) {
    if p.attr.flags & RNS_SPAWN_RESETIDS != 0 && p.attr.gid.is_none() {
        // SAFETY: raw syscalls on ids only.
        let r = unsafe { libc::syscall(libc::SYS_setresgid, -1, libc::getgid(), -1) };
        check(p, r, RNS_SPAWN_STEP_GID, 0);
    }
}

/// RESETIDS for the uid, as reset_egid() for the gid.
pub(super) fn reset_euid(p: &Plan) {
    if p.attr.flags & RNS_SPAWN_RESETIDS != 0 && p.attr.uid.is_none() {
        // SAFETY: raw syscalls on ids only.
        let r = unsafe { libc::syscall(libc::SYS_setresuid, -1, libc::getuid(), -1) };
        check(p, r, RNS_SPAWN_STEP_UID, 0);
    }
}

/// capget(2)/capset(2)'s header and data (version 3: two records).
#[repr(C)]
struct CapHeader {
    version: u32,
    pid: c_int,
}
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct CapData {
    effective: u32,
    permitted: u32,
    inheritable: u32,
}

/// After the id changes: the inheritable set (the ambient caps added, and added to the
/// permitted set as os/exec does), then the ambient set, cleared and raised cap by cap.
pub(super) fn caps_after_ids(p: &Plan) {
    let id = &p.attr.ident;
    if id.ambient.is_none() && id.inheritable.is_none() {
        return;
    }
    let amb = id.ambient.unwrap_or(0);
    let mut h = CapHeader {
        version: 0x2008_0522,
        pid: 0,
    };
    let mut d = [CapData::default(); 2];
    // SAFETY: a valid header and two data records (version 3).
    let r = unsafe { libc::syscall(libc::SYS_capget, &mut h as *mut CapHeader, d.as_mut_ptr()) };
    check(p, r, RNS_SPAWN_STEP_CAPS, -1);
    for (i, rec) in d.iter_mut().enumerate() {
        let word = |m: u64| (m >> (32 * i)) as u32;
        if let Some(inh) = id.inheritable {
            rec.inheritable = word(inh);
        }
        rec.inheritable |= word(amb);
        rec.permitted |= word(amb);
    }
    // SAFETY: as above.
    let r = unsafe { libc::syscall(libc::SYS_capset, &mut h as *mut CapHeader, d.as_ptr()) };
    check(p, r, RNS_SPAWN_STEP_CAPS, -1);
    if id.ambient.is_some() {
        prctl_caps(p, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, -1);
        for cap in (0..64).filter(|c| amb & (1 << c) != 0) {
            prctl_caps(p, PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap as c_ulong, cap);
        }
    }
}
