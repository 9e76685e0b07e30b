//! The parent's writes of a new user namespace's maps (setgroups, gid_map, uid_map) while
//! the child waits, and the /proc helpers they share with rns_userns_acquire().

use std::ffi::CString;
use std::os::fd::{AsRawFd, OwnedFd};

use super::attr::{owned, rns_spawn_attr};
use crate::ffi::{cvt, Errno, Result};
use crate::pidfd;

/// Whether the calling thread has CAP_SETGID in its effective set.
pub(crate) fn has_cap_setgid() -> bool {
    matches!(crate::creds::own_caps(), Ok((effective, _)) if effective & (1 << 6) /* CAP_SETGID */ != 0)
}

/// The name of the child's /proc directory: its pid where /proc numbers processes as the
/// caller's pid namespace does, else the pid /proc shows for its pidfd (a /proc of an
/// ancestor pid namespace; ENOSYS where /proc cannot show it).
pub(crate) fn proc_dir_pid(pid: libc::pid_t, pidfd: &OwnedFd) -> Result<libc::pid_t> {
    match crate::namespaces::proc_is_ours() {
        Ok(()) => Ok(pid),
        Err(_) => pidfd::proc_pid(pidfd),
    }
}

/// Writes `text` to /proc/PID/`file` in one write.
pub(crate) fn write_proc(pid: libc::pid_t, file: &str, text: &[u8]) -> Result<()> {
    let path = CString::new(format!("/proc/{pid}/{file}")).map_err(|_| Errno::EINVAL)?;
    // SAFETY: a valid C string.
    let fd = owned(cvt(unsafe {
        libc::open(path.as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC)
    })?);
    // SAFETY: text is valid for its length.
    let n = unsafe { libc::write(fd.as_raw_fd(), text.as_ptr().cast(), text.len()) };
    if n < 0 {
        return Err(Errno::last());
    }
    if n as usize != text.len() {
        return Err(Errno::EINVAL);
    }
    Ok(())
}

/// The parent's side of the map handshake: waits until the child's user namespace exists,
/// writes the maps ("deny" to setgroups first if `deny`), releases the child. Ok(false): the child ended before (its report says
/// why).
pub(super) fn write_maps(
    a: &rns_spawn_attr,
    deny: bool,
    pid: libc::pid_t,
    pidfd: &OwnedFd,
    ready_r: OwnedFd,
    go_w: OwnedFd,
) -> Result<bool> {
    let mut b = 0u8;
    let n = loop {
        // SAFETY: one byte into b.
        let n = unsafe { libc::read(ready_r.as_raw_fd(), (&mut b as *mut u8).cast(), 1) };
        if n >= 0 || Errno::last() != Errno(libc::EINTR) {
            break n;
        }
    };
    if n != 1 {
        return Ok(false);
    }
    let pid = proc_dir_pid(pid, pidfd)?;
    if let Some(g) = &a.gid_map {
        if deny {
            write_proc(pid, "setgroups", b"deny")?;
        }
        write_proc(pid, "gid_map", g.to_bytes())?;
    }
    if let Some(u) = &a.uid_map {
        write_proc(pid, "uid_map", u.to_bytes())?;
    }
    // SAFETY: one byte from b.
    unsafe { libc::write(go_w.as_raw_fd(), (&b as *const u8).cast(), 1) };
    Ok(true)
}
