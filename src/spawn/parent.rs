//! The parent's side of a spawn: the plan, the clone with every signal blocked, the maps,
//! and the report.

use std::ffi::CString;
use std::os::fd::AsRawFd;
use std::os::raw::{c_char, c_int};

use super::attr::{owned, rns_spawn_attr};
use super::child::{child, sigmask_raw};
use super::clone::{clone_child, Cloned, Mode};
use super::maps::write_maps;
use super::plan::{prepare, Held, Plan};
use super::report::{finish, from_pipe, reap, Outcome, Report};
use super::*;
use crate::ffi::{Errno, Result};

/// Builds the plan, starts the child, reads its report. Returns (pidfd, pid) or (errno,
/// step).
pub(super) unsafe fn spawn(
    attr: Option<&rns_spawn_attr>,
    candidates: Vec<CString>,
    argv: *const *mut c_char,
    envp: *const *mut c_char,
) -> Outcome {
    let default = rns_spawn_attr::default();
    let a = attr.unwrap_or(&default);
    let mut shared_report = Report::default();
    let (mut plan, mut held) =
        prepare(a, candidates, argv, envp, &mut shared_report).map_err(|e| (e, RNS_SPAWN_STEP_NONE))?;
    let cloned = start(a, &mut plan, &held);
    // The child has exec'd or exited: its stack is free.
    drop(held.stack.take());
    let Cloned { pid, pidfd, .. } = cloned.map_err(|e| clone_error(e, a))?;
    let pidfd = owned(pidfd);
    let report_r = held.report.take().map(|(r, w)| {
        drop(w);
        r
    });
    if let Some(((ready_r, ready_w), (go_r, go_w))) = held.sync.take() {
        drop((ready_w, go_r));
        if let Err(e) = write_maps(a, plan.deny_setgroups, pid, &pidfd, ready_r, go_w) {
            libc::kill(pid, libc::SIGKILL);
            reap(pidfd);
            return Err((e, RNS_SPAWN_STEP_MAP));
        }
    }
    match report_r {
        Some(r) => {
            let slot = held.program_slot.as_ref().map(|s| s.0);
            from_pipe(&r, pidfd, pid, plan.extra_fork, slot)
        }
        None => {
            // The child has exec'd or exited: what it wrote into our memory, if anything.
            let r = std::ptr::read_volatile(plan.report);
            finish((r.step != 0).then_some(r), pidfd, pid)
        }
    }
}

/// The clone, with every signal blocked around it (no handler runs in the child on the
/// parent's memory; cancellation is off for the whole call: call_nc). In a fork-style
/// child, this runs the child's steps and never returns.
unsafe fn start(a: &rns_spawn_attr, plan: &mut Plan, held: &Held) -> Result<Cloned> {
    let old = sigmask_raw(!0);
    let ns_flags = if a.join.is_empty() { a.unshare.bits() } else { 0 };
    let cgroup = a.cgroup.as_ref().map_or(-1, |fd| fd.as_raw_fd());
    let cloned = match &held.stack {
        Some(stack) => clone_child(ns_flags, cgroup, Mode::Vm(stack, plan)),
        None => clone_child(ns_flags, cgroup, Mode::Fork),
    };
    if let Ok(Cloned {
        pid: 0,
        reset_handlers,
        cgroup_write,
        ..
    }) = cloned
    {
        plan.reset_handlers = reset_handlers;
        plan.cgroup_write = cgroup_write;
        child(plan);
    }
    sigmask_raw(old);
    cloned
}

/// A failed clone's errno and step: the errors only CLONE_INTO_CGROUP gives are the cgroup
/// step's, as from the child's write on older kernels (a removed cgroup: ENOENT, as the write
/// says; ENODEV on some kernels).
fn clone_error(e: Errno, a: &rns_spawn_attr) -> (Errno, c_int) {
    let cgroup_only = [
        libc::EBADF,
        libc::EACCES,
        libc::ENOENT,
        libc::EBUSY,
        libc::EOPNOTSUPP,
        libc::ENODEV,
    ];
    if a.cgroup.is_some() && cgroup_only.contains(&e.0) {
        let e = if e.0 == libc::ENODEV {
            Errno(libc::ENOENT)
        } else {
            e
        };
        (e, RNS_SPAWN_STEP_CGROUP)
    } else {
        (e, RNS_SPAWN_STEP_CLONE)
    }
}
