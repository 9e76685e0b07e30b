//! The parent's plan: everything the child needs, built before the clone (no allocation
//! after it), and the fds and mappings the parent holds for it meanwhile.

use std::ffi::CString;
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::raw::{c_char, c_int};
use std::sync::atomic::{AtomicU8, Ordering};

use super::attr::{dup_at, rns_spawn_attr};
use super::child::CLOSE_RANGE_CLOEXEC;
use super::clone::{ChildStack, SharedSlot};
use super::maps::has_cap_setgid;
use super::report::{pipe_off, Report};
use super::*;
use crate::ffi::{self, Errno, Result};
use crate::namespaces::{self, NsTypes};
use crate::pidfd;

extern "C" {
    static environ: *const *mut c_char;
}

/// Whether children share the caller's memory where they can. Not in the sanitizer build
/// (`--cfg rns_sanitized`): AddressSanitizer's shadow and fake stacks belong to the calling
/// thread, and a second process running instrumented code on them would corrupt them.
const SHARED_MEMORY_CHILD: bool = !cfg!(rns_sanitized);

/// Everything the child needs, built by the parent before the clone. The child only reads it
/// (its copy) and writes into `scratch`, preallocated.
pub(super) struct Plan<'a> {
    pub(super) attr: &'a rns_spawn_attr,
    /// Joins the child makes, in nsenter's order, with the user namespace skipped where it
    /// is ours already: (fd, types, has a user namespace).
    pub(super) joins: Vec<(c_int, c_int, bool)>,
    /// Namespaces the child unshares (with joins), or 0.
    pub(super) unshare: c_int,
    /// The child handshakes for the parent's map writes: write a byte to ready_w once its user
    /// namespace exists, then wait for a byte on go_r.
    pub(super) ready_w: c_int,
    pub(super) go_r: c_int,
    pub(super) go_w: c_int,
    /// Whether the child has a new mount namespace (then propagation applies).
    pub(super) new_mnt: bool,
    /// The parent writes "deny" to the new user namespace's setgroups before the gid map (it
    /// lacks CAP_SETGID, as the kernel then requires).
    pub(super) deny_setgroups: bool,
    /// The child writes "deny" to its own setgroups (RNS_SPAWN_SETGROUPS_DENY with a new user
    /// namespace and no gid map, as unshare --setgroups deny does without maps).
    pub(super) deny_own_setgroups: bool,
    /// Drop the supplementary groups (ids set, no groups, no RNS_SPAWN_KEEP_GROUPS, and no
    /// "deny" written to setgroups by the parent).
    pub(super) drop_groups: bool,
    /// Handlers to reset by hand (no CLONE_CLEAR_SIGHAND).
    pub(super) reset_handlers: bool,
    /// The cgroup to write "0" into (no CLONE_INTO_CGROUP), or -1.
    pub(super) cgroup_write: c_int,
    /// Each fd action's source as pass 1 leaves it: off every target (by the child, into its
    /// copy).
    pub(super) scratch: Vec<c_int>,
    /// The spawn's own fds that a closefrom action spares (sorted by the child into this
    /// preallocated space): report pipe, listing, parent's pidfd, Landlock ruleset, moved
    /// set_fd sources.
    pub(super) internal: Vec<c_int>,
    /// Every fd number an fd action or the terminal names (targets and sources), and 0-2,
    /// sorted: no fd the child needs sits on one.
    pub(super) targets: Vec<c_int>,
    /// Fds the actions leave open (set_fd with a source, open, dup2), sorted, >= 3 only.
    pub(super) kept: Vec<c_int>,
    pub(super) close_range: bool,
    /// Fork the program from the child with CLONE_PARENT after the namespace changes (a
    /// joined PID namespace, or a PID or time namespace unshared with joins).
    pub(super) extra_fork: bool,
    /// Where the kernel writes the program's pid at the second fork (CLONE_PARENT_SETTID): a
    /// page shared with the parent in every mode (null without the second fork).
    pub(super) program_pid: *mut c_int,
    /// The parent's pid, for the PDEATHSIG check (0: not checked).
    pub(super) parent_pid: libc::pid_t,
    /// Where getppid() cannot tell (another pid namespace), a pidfd of the parent for the
    /// PDEATHSIG check, off the fd targets; -1: none.
    pub(super) parent_pidfd: c_int,
    /// The Landlock ruleset's fd, off the fd targets (sandbox.rs); -1: none.
    pub(super) landlock: c_int,
    pub(super) candidates: Vec<CString>,
    pub(super) argv: *const *mut c_char,
    pub(super) envp: *const *mut c_char,
    /// The report pipe's write end, or -1: then a failure is written to `report`, the
    /// parent's own memory (a child that shares it, with no second fork).
    pub(super) report_w: c_int,
    pub(super) report: *mut Report,
}

/// What the parent holds for the child while it runs: the map handshake's pipes, the report
/// pipe, the child's stack, a pidfd of ourselves and the page for the program's pid.
pub(super) struct Held {
    /// ((ready_r, ready_w), (go_r, go_w)), with uid/gid maps.
    pub(super) sync: Option<((OwnedFd, OwnedFd), (OwnedFd, OwnedFd))>,
    /// (read end, write end), where the child does not report through our memory.
    pub(super) report: Option<(OwnedFd, OwnedFd)>,
    /// The stack of a child that shares our memory; None: a fork-style child.
    pub(super) stack: Option<ChildStack>,
    pub(super) parent_pidfd: Option<OwnedFd>,
    pub(super) program_slot: Option<SharedSlot>,
    /// A duplicate of the Landlock ruleset off the fd targets, where the attribute's is on one.
    pub(super) landlock: Option<OwnedFd>,
}

/// close_range(CLOSE_RANGE_CLOEXEC) (Linux 5.11): 0 not asked yet, 1 yes, 2 no.
static CLOSE_RANGE: AtomicU8 = AtomicU8::new(0);

fn close_range_cloexec() -> bool {
    match CLOSE_RANGE.load(Ordering::Relaxed) {
        1 => true,
        2 => false,
        _ => {
            // An empty range far above any fd: 0 where the flag is known, EINVAL/ENOSYS not.
            // SAFETY: plain syscall that touches no fd.
            let r = unsafe {
                libc::syscall(
                    libc::SYS_close_range,
                    c_int::MAX as libc::c_uint,
                    c_int::MAX as libc::c_uint,
                    CLOSE_RANGE_CLOEXEC,
                )
            };
            CLOSE_RANGE.store(if r == 0 { 1 } else { 2 }, Ordering::Relaxed);
            r == 0
        }
    }
}

/// Where a join of `types` comes in nsenter(1)'s order (user, cgroup, ipc, uts, net, pid,
/// mnt, time): a pidfd join of several types where its first type does.
fn nsenter_rank(types: c_int) -> usize {
    const ORDER: [NsTypes; 8] = [
        NsTypes::USER,
        NsTypes::CGROUP,
        NsTypes::IPC,
        NsTypes::UTS,
        NsTypes::NET,
        NsTypes::PID,
        NsTypes::MNT,
        NsTypes::TIME,
    ];
    let t = NsTypes::from_bits_truncate(types);
    ORDER.iter().position(|o| t.contains(*o)).unwrap_or(ORDER.len())
}

/// The user namespace `fd` (a namespace file or pidfd) names, if it is the caller's own.
fn is_own_user_ns(fd: c_int, is_nsfs: bool) -> bool {
    let target = if is_nsfs {
        dup_at(fd, 0)
    } else {
        namespaces::pidfd_ns_open(fd, namespaces::RNS_CLONE_NEWUSER)
    };
    let own = ffi::open_cloexec(c"/proc/self/ns/user");
    match (target, own) {
        (Ok(t), Ok(o)) => {
            matches!((namespaces::ns_identity(&t), namespaces::ns_identity(&o)), (Ok(x), Ok(y)) if x == y)
        }
        _ => false,
    }
}

/// The joins the child makes, in nsenter's order whatever order they were given in (a
/// stable sort: the same types keep the caller's order), a user namespace that is ours
/// left out; EINVAL for more than 64.
fn joins(a: &rns_spawn_attr) -> Result<Vec<(c_int, c_int, bool)>> {
    let mut joins = Vec::new();
    joins.try_reserve(a.join.len()).map_err(|_| Errno(libc::ENOMEM))?;
    for (fd, types) in &a.join {
        let mut t = *types;
        let nsfs = t == NsTypes::USER && namespaces::nstype_of(fd.as_raw_fd()).is_ok();
        if t.contains(NsTypes::USER) && is_own_user_ns(fd.as_raw_fd(), nsfs) {
            t.remove(NsTypes::USER);
            if t.is_empty() {
                continue;
            }
        }
        joins.push((fd.as_raw_fd(), t.bits(), t.contains(NsTypes::USER)));
    }
    if joins.len() > 64 {
        return Err(Errno::EINVAL);
    }
    joins.sort_by_key(|&(_, types, _)| nsenter_rank(types));
    Ok(joins)
}

/// Whether the program is forked from the child after the namespace changes: a joined PID
/// namespace, or a PID or time namespace created with joins (unshare gives those only to
/// children).
fn needs_extra_fork(a: &rns_spawn_attr) -> bool {
    !a.join.is_empty()
        && (a.unshare.intersects(NsTypes::PID | NsTypes::TIME)
            || a.join.iter().any(|(_, t)| t.contains(NsTypes::PID)))
}

/// What the parent holds for the child: pipes, stack, pidfd, page. The child shares our
/// memory, as posix_spawn's does (no page tables copied), unless the parent must act before
/// exec (the maps) or a time namespace is involved (joining one needs an mm of one's own:
/// EUSERS); a failure then reaches us through our own memory unless there is a second fork,
/// else through a pipe (read to end of file: exec ran).
fn hold(a: &rns_spawn_attr, targets: &[c_int], extra_fork: bool, foreign_pidns: bool) -> Result<Held> {
    let maps = a.uid_map.is_some() || a.gid_map.is_some();
    let sync = if maps {
        Some((pipe_off(targets)?, pipe_off(targets)?))
    } else {
        None
    };
    let time = a.unshare.contains(NsTypes::TIME) || a.join.iter().any(|(_, t)| t.contains(NsTypes::TIME));
    let stack = if !maps && !time && SHARED_MEMORY_CHILD {
        Some(ChildStack::new()?)
    } else {
        None
    };
    let report = if stack.is_none() || extra_fork {
        Some(pipe_off(targets)?)
    } else {
        None
    };
    // Without pidfd_open (before 5.3) the check is left out.
    let parent_pidfd = if a.pdeathsig != 0 && foreign_pidns {
        // SAFETY: getpid cannot fail.
        pidfd::open(unsafe { libc::getpid() }, 0)
            .and_then(|fd| super::report::off_targets(fd, targets))
            .ok()
    } else {
        None
    };
    let program_slot = if extra_fork {
        Some(SharedSlot::new()?)
    } else {
        None
    };
    Ok(Held {
        sync,
        report,
        stack,
        parent_pidfd,
        program_slot,
        landlock: super::sandbox::landlock_off_targets(a, targets)?,
    })
}

/// Checks the attribute, makes what the parent holds, and the plan the child follows (its
/// failure record goes to `report` where there is no report pipe). Errors come before any
/// child exists (RNS_SPAWN_STEP_NONE): EINVAL maps without a new user namespace or more
/// than 64 joins; EMFILE, ENOMEM.
pub(super) fn prepare<'a>(
    a: &'a rns_spawn_attr,
    candidates: Vec<CString>,
    argv: *const *mut c_char,
    envp: *const *mut c_char,
    report: *mut Report,
) -> Result<(Plan<'a>, Held)> {
    let maps = a.uid_map.is_some() || a.gid_map.is_some();
    if maps && !a.unshare.contains(NsTypes::USER) {
        return Err(Errno::EINVAL);
    }
    let extra_fork = needs_extra_fork(a);
    let joins = joins(a)?;
    let (targets, kept) = super::fds::named_and_kept(a);
    let foreign_pidns = a.unshare.contains(NsTypes::PID) || extra_fork;
    let held = hold(a, &targets, extra_fork, foreign_pidns)?;
    let fd = |f: Option<&OwnedFd>| f.map_or(-1, |f| f.as_raw_fd());
    // An unprivileged writer must deny setgroups before a gid map (one capget, here only);
    // RNS_SPAWN_SETGROUPS_DENY asks for it anyway.
    let deny_setgroups =
        a.gid_map.is_some() && (a.flags & RNS_SPAWN_SETGROUPS_DENY != 0 || !has_cap_setgid());
    let plan = Plan {
        attr: a,
        joins,
        unshare: if a.join.is_empty() { 0 } else { a.unshare.bits() },
        ready_w: fd(held.sync.as_ref().map(|((_, w), _)| w)),
        go_r: fd(held.sync.as_ref().map(|(_, (r, _))| r)),
        go_w: fd(held.sync.as_ref().map(|(_, (_, w))| w)),
        new_mnt: a.unshare.contains(NsTypes::MNT),
        deny_setgroups,
        deny_own_setgroups: a.flags & RNS_SPAWN_SETGROUPS_DENY != 0
            && a.unshare.contains(NsTypes::USER)
            && a.gid_map.is_none(),
        drop_groups: drops_groups(a, deny_setgroups),
        reset_handlers: true,
        cgroup_write: -1,
        scratch: vec![-1; a.fds.len()],
        internal: vec![-1; a.fds.len() + 4],
        targets,
        kept,
        close_range: close_range_cloexec(),
        extra_fork,
        program_pid: held.program_slot.as_ref().map_or(std::ptr::null_mut(), |s| s.0),
        // SAFETY: getpid cannot fail.
        parent_pid: if foreign_pidns {
            0
        } else {
            unsafe { libc::getpid() }
        },
        parent_pidfd: fd(held.parent_pidfd.as_ref()),
        landlock: fd(held.landlock.as_ref().or(a.sandbox.landlock.as_ref())),
        candidates,
        argv,
        // SAFETY: libc's environ, read once.
        envp: if envp.is_null() { unsafe { environ } } else { envp },
        report_w: fd(held.report.as_ref().map(|(_, w)| w)),
        report,
    };
    Ok((plan, held))
}

/// Whether the child drops its supplementary groups: ids change, no groups given, not kept
/// on request, and setgroups not denied by us (os/exec's rule).
fn drops_groups(a: &rns_spawn_attr, deny_setgroups: bool) -> bool {
    a.groups.is_none()
        && a.flags & RNS_SPAWN_KEEP_GROUPS == 0
        && (a.uid.is_some() || a.gid.is_some())
        && !deny_setgroups
}
