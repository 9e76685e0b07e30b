//! Owning a user namespace: one made with the uid/gid maps asked for, handed back as an fd
//! (systemd's userns_acquire idea), without changing the caller.
//!
//! A short-lived child is cloned into a new user namespace and waits on a pipe; the parent
//! writes its maps (directly, or through newuidmap/newgidmap where the kernel refuses an
//! unprivileged caller), opens the namespace through the child's pidfd, and lets it go. The
//! namespace lives on as long as the fd does.

use std::ffi::{CStr, CString};
use std::os::fd::{AsRawFd, FromRawFd, IntoRawFd, OwnedFd};
use std::os::raw::{c_char, c_int, c_ulong};

use crate::ffi::{self, call_nc, Errno, Result};
use crate::namespaces::{self, NsTypes};
use crate::{pidfd, spawn};

/// The kernel's limit on the lines of an id map (Linux 4.15; 5 before).
const MAX_EXTENTS: usize = 340;

/// One line of an id map: (first id inside, first id outside, count).
type Extent = (u32, u32, u32);

/// Parses and checks an id map as /proc/PID/uid_map takes it: lines of three decimal numbers,
/// a count above 0, ranges within 32 bits, neither the inside nor the outside ranges
/// overlapping. `EINVAL` for any of these, `E2BIG` for more than 340 lines.
fn parse_map(text: &CStr) -> Result<Vec<Extent>> {
    let text = text.to_str().map_err(|_| Errno::EINVAL)?;
    let mut map = Vec::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.is_empty() {
            continue;
        }
        let num = |s: &str| -> Result<u32> {
            if !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Errno::EINVAL);
            }
            s.parse().map_err(|_| Errno::EINVAL)
        };
        let [inside, outside, count] = fields[..] else {
            return Err(Errno::EINVAL);
        };
        let e = (num(inside)?, num(outside)?, num(count)?);
        let end = |first: u32| u64::from(first) + u64::from(e.2);
        if e.2 == 0 || end(e.0) > 1 << 32 || end(e.1) > 1 << 32 {
            return Err(Errno::EINVAL);
        }
        map.push(e);
    }
    if map.is_empty() {
        return Err(Errno::EINVAL);
    }
    if map.len() > MAX_EXTENTS {
        return Err(Errno(libc::E2BIG));
    }
    for side in [|e: &Extent| e.0, |e: &Extent| e.1] {
        let mut ranges: Vec<(u64, u64)> = map
            .iter()
            .map(|e| (u64::from(side(e)), u64::from(side(e)) + u64::from(e.2)))
            .collect();
        ranges.sort_unstable();
        if ranges.windows(2).any(|w| w[1].0 < w[0].1) {
            return Err(Errno::EINVAL);
        }
    }
    Ok(map)
}

/// The map as the kernel takes it: one line per extent, written in one write(2).
fn render(map: &[Extent]) -> String {
    map.iter().map(|(i, o, c)| format!("{i} {o} {c}\n")).collect()
}

/// Writes a map through newuidmap(1)/newgidmap(1) (shadow's setuid helpers, which check
/// /etc/subuid and /etc/subgid): Err(EPERM) when the helper is not installed or refuses.
fn map_by_helper(helper: &CStr, pid: libc::pid_t, map: &[Extent]) -> Result<()> {
    // Not installed (no executable in PATH): the kernel's answer stands, nothing started.
    let installed = spawn::path_candidates(helper)?.iter().any(|c| {
        // SAFETY: a valid C string.
        unsafe { libc::access(c.as_ptr(), libc::X_OK) == 0 }
    });
    if !installed {
        return Err(Errno::EPERM);
    }
    let mut args = vec![
        helper.to_owned(),
        CString::new(pid.to_string()).map_err(|_| Errno::EINVAL)?,
    ];
    for (i, o, c) in map {
        for v in [i, o, c] {
            args.push(CString::new(v.to_string()).map_err(|_| Errno::EINVAL)?);
        }
    }
    let mut argv: Vec<*mut c_char> = args.iter().map(|a| a.as_ptr().cast_mut()).collect();
    argv.push(std::ptr::null_mut());
    let (mut child, mut step) = (0, 0);
    // SAFETY: NUL-terminated strings and a NULL-terminated argv that outlive the call.
    let fd = unsafe {
        spawn::rns_spawnp(
            std::ptr::null(),
            helper.as_ptr(),
            argv.as_ptr(),
            std::ptr::null(),
            &mut child,
            &mut step,
        )
    };
    if fd < 0 {
        return Err(Errno::EPERM); // not installed (or not startable): the kernel's answer stands
    }
    // SAFETY: the pidfd rns_spawnp just returned, ours to close.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    // SAFETY: an all-zero siginfo_t is valid.
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    loop {
        match pidfd::waitid_pidfd(fd.as_raw_fd(), libc::WEXITED, &mut info) {
            Err(Errno(libc::EINTR)) => continue,
            r => r?,
        }
        break;
    }
    // SAFETY: filled by waitid for an exited child.
    let status = unsafe { info.si_status() };
    if info.si_code == libc::CLD_EXITED && status == 0 {
        Ok(())
    } else {
        Err(Errno::EPERM)
    }
}

/// Writes the child's gid map (with setgroups "deny" first where the caller lacks
/// CAP_SETGID, as the kernel requires) and uid map; where the kernel refuses (EPERM), through
/// newgidmap/newuidmap when /proc shows the child under its pid.
fn write_maps(pid: libc::pid_t, pidfd: Option<&OwnedFd>, uid: &[Extent], gid: &[Extent]) -> Result<()> {
    let dir = match pidfd {
        Some(fd) => spawn::proc_dir_pid(pid, fd)?,
        None => pid,
    };
    let helpers_usable = dir == pid;
    for (file, map, helper) in [("gid_map", gid, c"newgidmap"), ("uid_map", uid, c"newuidmap")] {
        let mut r = Ok(());
        if file == "gid_map" && !spawn::has_cap_setgid() {
            r = spawn::write_proc(dir, "setgroups", b"deny");
        }
        if r.is_ok() {
            r = spawn::write_proc(dir, file, render(map).as_bytes());
        }
        match r {
            Err(Errno::EPERM) if helpers_usable => map_by_helper(helper, pid, map)?,
            r => r?,
        }
    }
    Ok(())
}

/// Makes a user namespace with the given uid and gid maps and returns an fd of it (as
/// systemd's userns_acquire does), for rns_setns(), rns_spawn_attr_set_join() and the
/// namespace identity calls. The caller does not enter it: a short-lived child is cloned into
/// it, the maps are written, the namespace is opened through the child's pidfd, and the
/// child exits and is reaped before the return.
///
/// `uid_map` and `gid_map` are /proc/PID/uid_map lines, "inside outside count" (one line:
/// "0 1000 1"). They are checked before anything is made: each line three decimal numbers,
/// a count above 0, every range within 32 bits, no two inside ranges and no two outside ranges
/// overlapping (-EINVAL), at most 340 lines (-E2BIG). An ordinary user may map its own uid and
/// gid, one line each (setgroups is then denied in the namespace, as the kernel requires).
/// Wider maps need CAP_SETUID/CAP_SETGID over the ids, or newuidmap/newgidmap (shadow's
/// setuid helpers, which check /etc/subuid and /etc/subgid), used when installed and the
/// kernel refused the direct write.
///
/// Kernel: Linux 3.8 (user namespaces; an ordinary user's maps with "deny" to setgroups 3.19);
/// the namespace opened through the child's pidfd (6.11) or /proc (-ENOSYS with neither).
/// Scope: library-owned: a new user namespace, held by the returned fd; nothing of the
/// caller's changes (a child is made and reaped).
/// Returns: an fd of the user namespace (O_CLOEXEC); the caller closes it.
/// Errors: -EFAULT a map is NULL; -EINVAL a map is malformed as above, or `flags` is not 0;
/// -E2BIG more than 340 lines; -EPERM the kernel refused a map and no helper wrote it (not
/// installed, or it refused: no range in /etc/subuid); -ENOSPC, -EUSERS the user namespace
/// limits; -ENOSYS /proc does not show the child and no pidfd namespace ioctl (Linux 6.11)
/// opens it; -EMFILE, -ENOMEM.
/// Since: 0.2
///
/// # Safety
/// `uid_map` and `gid_map` are NULL or NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn rns_userns_acquire(
    uid_map: *const c_char,
    gid_map: *const c_char,
    flags: c_int,
) -> c_int {
    call_nc(|| {
        let uid = parse_map(ffi::cstr(uid_map)?)?;
        let gid = parse_map(ffi::cstr(gid_map)?)?;
        if flags != 0 {
            return Err(Errno::EINVAL);
        }
        let (hold_r, hold_w) = spawn::pipe_above(2)?;
        let child = clone_holder(&hold_r, &hold_w)?;
        let result =
            write_maps(child.pid, child.pidfd.as_ref(), &uid, &gid).and_then(|()| match &child.pidfd {
                Some(fd) => namespaces::pidfd_ns_open(fd.as_raw_fd(), NsTypes::USER.bits()),
                None => ffi::open_cloexec(
                    &CString::new(format!("/proc/{}/ns/user", child.pid)).map_err(|_| Errno::EINVAL)?,
                ),
            });
        drop(hold_w); // the child reads end of file and exits
        child.reap();
        let fd = result?;
        Ok(fd.into_raw_fd())
    })
}

/// The child that holds the new user namespace until its maps are written.
struct Holder {
    pid: libc::pid_t,
    pidfd: Option<OwnedFd>,
}

impl Holder {
    fn reap(self) {
        // SAFETY: an all-zero siginfo_t is valid.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        loop {
            // SAFETY: our own child, by pid (its pidfd may be absent before Linux 5.2).
            let r = unsafe { libc::waitid(libc::P_PID, self.pid as libc::id_t, &mut info, libc::WEXITED) };
            if r == 0 || Errno::last() != Errno(libc::EINTR) {
                break;
            }
        }
    }
}

/// Clones the holder into a new user namespace: a copy of this thread that only waits for
/// end of file on `hold_r` (raw syscalls) and exits. With CLONE_PIDFD where the kernel has it
/// (5.2), else without.
fn clone_holder(hold_r: &OwnedFd, hold_w: &OwnedFd) -> Result<Holder> {
    let (r, w) = (hold_r.as_raw_fd(), hold_w.as_raw_fd());
    // SAFETY: sigset_t values filled before use; the child runs only raw syscalls on values
    // copied from here, then _exit.
    unsafe {
        let (mut all, mut old): (libc::sigset_t, libc::sigset_t) = (std::mem::zeroed(), std::mem::zeroed());
        libc::sigfillset(&mut all);
        libc::pthread_sigmask(libc::SIG_SETMASK, &all, &mut old);
        let base = (libc::CLONE_NEWUSER | libc::SIGCHLD) as c_ulong;
        let mut pidfd: c_int = -1;
        let mut pid = spawn::raw_clone(base | libc::CLONE_PIDFD as c_ulong, &mut pidfd);
        if pid < 0 && Errno::last() == Errno::EINVAL {
            pidfd = -1;
            pid = spawn::raw_clone(base, std::ptr::null_mut());
        }
        if pid == 0 {
            libc::close(w);
            let mut b = 0u8;
            while libc::read(r, (&mut b as *mut u8).cast(), 1) < 0 && *libc::__errno_location() == libc::EINTR
            {
            }
            libc::close(r);
            libc::_exit(0);
        }
        let err = Errno::last();
        libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut());
        if pid < 0 {
            return Err(err);
        }
        Ok(Holder {
            pid: pid as libc::pid_t,
            pidfd: (pidfd >= 0).then(|| OwnedFd::from_raw_fd(pidfd)),
        })
    }
}
