//! The child's report: a fixed record {errno, step, detail} in one write to an O_CLOEXEC
//! pipe (read to end of file: exec ran), or, from a child that shares our memory with no
//! second fork, into our memory; and the outcome the parent makes of it.

use std::os::fd::{AsRawFd, OwnedFd};
use std::os::raw::c_int;

use super::attr::{dup_at, owned};
use super::*;
use crate::ffi::{cvt, Errno, Result};
use crate::pidfd;

/// What a failing child writes, in one write.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub(super) struct Report {
    pub(super) errno: i32,
    pub(super) step: u32,
    pub(super) detail: i32,
}
pub(super) const REPORT_SIZE: usize = std::mem::size_of::<Report>();

/// The record step an intermediate child writes with the program's pid as detail (never
/// returned).
pub(super) const STEP_PID: u32 = u32::MAX;

/// A spawn's outcome: (pidfd, pid), or (errno, RNS_SPAWN_STEP_*).
pub(super) type Outcome = std::result::Result<(OwnedFd, libc::pid_t), (Errno, c_int)>;

/// An O_CLOEXEC pipe whose ends are above `min`.
pub(crate) fn pipe_above(min: c_int) -> Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: fds is valid for two ints.
    cvt(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) })?;
    let (r, w) = (owned(fds[0]), owned(fds[1]));
    let lift = |fd: OwnedFd| {
        if fd.as_raw_fd() > min {
            Ok(fd)
        } else {
            dup_at(fd.as_raw_fd(), min + 1)
        }
    };
    Ok((lift(r)?, lift(w)?))
}

/// `fd`, or where an fd action targets its number, a duplicate on the lowest free fd above
/// it that none targets (every fd below was in use when `fd` was made). EMFILE when every
/// number left below RLIMIT_NOFILE is targeted (F_DUPFD's EINVAL).
pub(super) fn off_targets(fd: OwnedFd, targets: &[c_int]) -> Result<OwnedFd> {
    let mut fd = fd;
    while targets.binary_search(&fd.as_raw_fd()).is_ok() {
        fd = dup_at(fd.as_raw_fd(), fd.as_raw_fd() + 1).map_err(|e| match e {
            Errno::EINVAL => Errno(libc::EMFILE),
            e => e,
        })?;
    }
    Ok(fd)
}

/// An O_CLOEXEC pipe whose ends are on no fd action's target.
pub(super) fn pipe_off(targets: &[c_int]) -> Result<(OwnedFd, OwnedFd)> {
    let (r, w) = pipe_above(-1)?;
    Ok((off_targets(r, targets)?, off_targets(w, targets)?))
}

/// Reaps the failed child and closes its pidfd.
pub(super) fn reap(pidfd: OwnedFd) {
    // SAFETY: an all-zero siginfo_t is valid.
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    while let Err(Errno(libc::EINTR)) = pidfd::waitid_pidfd(pidfd.as_raw_fd(), libc::WEXITED, &mut info) {}
}

/// Kills and reaps a child of ours known by its pid only (not yet reaped: the pid is its own).
fn kill_pid(pid: libc::pid_t) {
    // SAFETY: plain syscalls; an all-zero siginfo_t is valid.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
        let mut info: libc::siginfo_t = std::mem::zeroed();
        libc::waitid(libc::P_PID, pid as libc::id_t, &mut info, libc::WEXITED);
    }
}

/// The spawn's outcome once the child has exec'd (no failure record) or failed (reaped).
pub(super) fn finish(failure: Option<Report>, pidfd: OwnedFd, pid: libc::pid_t) -> Outcome {
    match failure {
        None => Ok((pidfd, pid)),
        Some(r) => {
            reap(pidfd);
            super::LAST_DETAIL.with(|d| d.set(Some(r.detail)));
            Err((
                Errno(if r.errno > 0 { r.errno } else { libc::EIO }),
                r.step as c_int,
            ))
        }
    }
}

/// Reads the pipe to end of file (every process holding it exec'd or exited): up to two
/// records, the intermediate child's pid record (with a second fork) and a failure. Returns
/// them and whether the bytes were whole records.
fn read_records(report_r: &OwnedFd) -> (Vec<Report>, bool) {
    let mut recs = [Report::default(); 3];
    let mut got = 0usize;
    let buf = recs.as_mut_ptr().cast::<u8>();
    let room = std::mem::size_of_val(&recs);
    while got < room {
        // SAFETY: reads into recs, within its size.
        let n = unsafe { libc::read(report_r.as_raw_fd(), buf.add(got).cast(), room - got) };
        if n < 0 && Errno::last() == Errno(libc::EINTR) {
            continue;
        }
        if n <= 0 {
            break;
        }
        got += n as usize;
    }
    let whole = got % REPORT_SIZE == 0 && got <= 2 * REPORT_SIZE;
    (recs[..(got / REPORT_SIZE).min(2)].to_vec(), whole)
}

/// The outcome from the report pipe. With a second fork, the program named in the pid record
/// becomes the result (the intermediate child reaped); one the kernel wrote to `orphan_slot`
/// without a record (the intermediate child killed after its fork) is killed and reaped.
pub(super) fn from_pipe(
    report_r: &OwnedFd,
    pidfd: OwnedFd,
    pid: libc::pid_t,
    extra_fork: bool,
    orphan_slot: Option<*mut c_int>,
) -> Outcome {
    let (recs, whole) = read_records(report_r);
    let failure = recs.iter().find(|r| r.step != STEP_PID).copied();
    let program = recs.iter().find(|r| r.step == STEP_PID).map(|r| r.detail);
    let (pidfd, pid) = match program {
        Some(gpid) => {
            // The intermediate child has exited: reap it; the program is our child.
            reap(pidfd);
            match pidfd::open(gpid, 0) {
                Ok(fd) => (fd, gpid),
                Err(e) => {
                    kill_pid(gpid);
                    return Err((e, RNS_SPAWN_STEP_FORK));
                }
            }
        }
        None => (pidfd, pid),
    };
    if extra_fork && program.is_none() {
        // SAFETY: our shared page, which the kernel wrote before the intermediate child died.
        let orphan = orphan_slot.map_or(0, |s| unsafe { std::ptr::read_volatile(s) });
        if orphan > 0 {
            kill_pid(orphan);
        }
    }
    if !whole || (extra_fork && program.is_none() && failure.is_none()) {
        reap(pidfd);
        return Err((Errno(libc::EPIPE), RNS_SPAWN_STEP_REPORT));
    }
    finish(failure, pidfd, pid)
}
