//! Shared pieces of the Rust tests: run a case in a forked child, and get privilege there.
#![allow(dead_code)]

use std::ffi::CString;
use std::os::raw::c_int;

/// What a child case ended with.
pub enum Outcome {
    Pass,
    Skip(String),
}

/// Runs `case` in a forked child, so a change of namespace, group, identity or nice never
/// reaches the test runner. An Err or panic in the child fails the calling test; a skip is
/// printed (straight to fd 2, past the harness's capture) with its reason.
pub fn in_child(name: &str, case: impl FnOnce() -> Result<Outcome, String>) {
    let mut fds = [0 as c_int; 2];
    // SAFETY: fds is a valid array of two ints.
    assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
    // SAFETY: the child only runs the case and _exits; it never returns into the harness.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        unsafe { libc::close(fds[0]) };
        let msg = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(case)) {
            Ok(Ok(Outcome::Pass)) => "P".to_string(),
            Ok(Ok(Outcome::Skip(why))) => format!("S{why}"),
            Ok(Err(e)) => format!("F{e}"),
            Err(_) => "Fpanicked".to_string(),
        };
        // SAFETY: writing a valid buffer to our pipe end, then leaving without unwinding.
        unsafe {
            libc::write(fds[1], msg.as_ptr().cast(), msg.len());
            libc::_exit(0);
        }
    }
    unsafe { libc::close(fds[1]) };
    let mut msg = Vec::new();
    let mut buf = [0u8; 512];
    loop {
        // SAFETY: reading into a valid buffer.
        let n = unsafe { libc::read(fds[0], buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 {
            break;
        }
        msg.extend_from_slice(&buf[..n as usize]);
    }
    unsafe { libc::close(fds[0]) };
    let mut status = 0;
    // SAFETY: waiting for our own child.
    unsafe { libc::waitpid(pid, &mut status, 0) };
    let msg = String::from_utf8_lossy(&msg).into_owned();
    match msg.split_at(msg.len().min(1)) {
        ("P", _) => {}
        ("S", why) => {
            let line = format!("skip {name}: {why}\n");
            // SAFETY: writing a valid buffer to stderr.
            unsafe { libc::write(2, line.as_ptr().cast(), line.len()) };
        }
        ("F", why) => panic!("{name}: {why}"),
        _ => panic!("{name}: child died without a result (wait status {status:#x})"),
    }
}

/// Makes the (single-threaded, forked) caller privileged over namespaces it creates: as root
/// nothing to do; otherwise become root in a new user namespace. Err(reason) when neither
/// is possible, to be reported as a skip.
pub fn privileged() -> Result<(), String> {
    // SAFETY: plain syscalls.
    let (uid, gid) = unsafe { (libc::geteuid(), libc::getegid()) };
    if uid == 0 {
        return Ok(());
    }
    let r = rns::rns_unshare(rns::RNS_CLONE_NEWUSER);
    if r < 0 {
        return Err(format!(
            "not root, and a user namespace is refused ({})",
            errname(r)
        ));
    }
    write_file("/proc/self/setgroups", "deny")?;
    write_file("/proc/self/uid_map", &format!("0 {uid} 1"))?;
    write_file("/proc/self/gid_map", &format!("0 {gid} 1"))?;
    Ok(())
}

pub fn write_file(path: &str, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("writing {path}: {e}"))
}

/// The name of a `-errno` return, for messages.
pub fn errname(r: c_int) -> String {
    // SAFETY: rns_errname never returns NULL and returns a static string.
    unsafe { std::ffi::CStr::from_ptr(rns::rns_errname(r)) }
        .to_string_lossy()
        .into_owned()
}

/// Fails unless `got` equals `want` (both C-convention returns), naming errnos.
pub fn expect(what: &str, got: c_int, want: c_int) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!(
            "{what}: got {got} ({}), want {want} ({})",
            errname(got),
            errname(want)
        ))
    }
}

/// (st_dev, st_ino) of a path: a namespace's identity.
pub fn ns_id(path: &str) -> Result<(u64, u64), String> {
    let c = CString::new(path).map_err(|e| e.to_string())?;
    // SAFETY: zeroed stat is valid; c is a valid C string.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    if unsafe { libc::stat(c.as_ptr(), &mut st) } != 0 {
        return Err(format!("stat {path}: {}", std::io::Error::last_os_error()));
    }
    Ok((st.st_dev, st.st_ino))
}

/// A pid that names no process: a child that has been reaped.
pub fn dead_pid() -> libc::pid_t {
    // SAFETY: the child exits at once.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        unsafe { libc::_exit(0) };
    }
    unsafe { libc::waitpid(pid, std::ptr::null_mut(), 0) };
    pid
}

pub fn hostname() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: valid buffer.
    unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}
