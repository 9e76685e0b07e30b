//! Namespace entry through the Rust side, including the pre-5.8 per-file path that this
//! kernel would never take on its own.

mod common;

use common::{dead_pid, expect, hostname, in_child, ns_id, privileged, Outcome};
use rns::namespaces::{setns_pid_per_file, NsTypes};
use rns::*;

/// A grandchild in new UTS and network namespaces with hostname `name`; it lives until the
/// returned pipe end is closed (or the caller exits).
fn target_in_new_namespaces(name: &str) -> Result<(libc::pid_t, i32), String> {
    let (mut ready, mut hold) = ([0i32; 2], [0i32; 2]);
    unsafe {
        if libc::pipe(ready.as_mut_ptr()) != 0 || libc::pipe(hold.as_mut_ptr()) != 0 {
            return Err("pipe failed".into());
        }
    }
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        unsafe {
            libc::close(ready[0]);
            libc::close(hold[1]);
            let ok = rns_unshare(RNS_CLONE_NEWUTS | RNS_CLONE_NEWNET) == 0
                && libc::sethostname(name.as_ptr().cast(), name.len()) == 0;
            let byte = if ok { b'1' } else { b'0' };
            libc::write(ready[1], [byte].as_ptr().cast(), 1);
            let mut b = 0u8;
            libc::read(hold[0], (&mut b as *mut u8).cast(), 1);
            libc::_exit(0);
        }
    }
    unsafe {
        libc::close(ready[1]);
        libc::close(hold[0]);
    }
    let mut b = 0u8;
    unsafe { libc::read(ready[0], (&mut b as *mut u8).cast(), 1) };
    if b != b'1' {
        return Err("the target could not unshare and set its hostname".into());
    }
    Ok((pid, hold[1]))
}

/// Enters the target's UTS+net (+user, which it shares) namespaces with `enter` and checks
/// hostname and network namespace identity.
fn enter_and_check(enter: impl Fn(libc::pid_t) -> i32) -> Result<Outcome, String> {
    if let Err(why) = privileged() {
        return Ok(Outcome::Skip(why));
    }
    let before = ns_id("/proc/thread-self/ns/net")?;
    let (pid, _hold) = target_in_new_namespaces("rns-target")?;
    let target_net = ns_id(&format!("/proc/{pid}/ns/net"))?;
    if target_net == before {
        return Err("target did not get a new net namespace".into());
    }
    expect("enter", enter(pid), 0)?;
    if hostname() != "rns-target" {
        return Err(format!("hostname after entering is {:?}", hostname()));
    }
    if ns_id("/proc/thread-self/ns/net")? != target_net {
        return Err("net namespace is not the target's".into());
    }
    Ok(Outcome::Pass)
}

#[test]
fn setns_pid_enters_atomically_through_a_pidfd() {
    in_child("setns_pid pidfd", || {
        enter_and_check(|pid| rns_setns_pid(pid, RNS_CLONE_NEWUTS | RNS_CLONE_NEWNET | RNS_CLONE_NEWUSER))
    });
}

#[test]
fn setns_pid_per_file_fallback_enters_every_type() {
    in_child("setns_pid per-file", || {
        enter_and_check(|pid| {
            let types = NsTypes::UTS | NsTypes::NET | NsTypes::USER;
            match setns_pid_per_file(pid, types) {
                Ok(v) => v,
                Err(e) => -e.0,
            }
        })
    });
}

#[test]
fn setns_pid_per_file_errors() {
    in_child("setns_pid per-file errors", || {
        let gone = dead_pid();
        let r = setns_pid_per_file(gone, NsTypes::UTS)
            .err()
            .map(|e| -e.0)
            .unwrap_or(0);
        expect("dead pid", r, -libc::ESRCH)?;
        // Entering our own namespaces again without privilege: EPERM, from the second pass.
        if unsafe { libc::geteuid() } == 0 {
            unsafe {
                if libc::setresgid(65534, 65534, 65534) != 0 || libc::setresuid(65534, 65534, 65534) != 0 {
                    return Err("could not drop to nobody".into());
                }
            }
        }
        let me = unsafe { libc::getpid() };
        let r = setns_pid_per_file(me, NsTypes::UTS)
            .err()
            .map(|e| -e.0)
            .unwrap_or(0);
        expect("unprivileged", r, -libc::EPERM)?;
        Ok(Outcome::Pass)
    });
}

#[test]
fn ns_open_gives_cloexec_fds_of_the_calling_thread() {
    let fd = rns_ns_open(0, RNS_CLONE_NEWNET);
    assert!(fd >= 0, "rns_ns_open: {}", common::errname(fd));
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFD) };
    assert_eq!(flags & libc::FD_CLOEXEC, libc::FD_CLOEXEC);
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    assert_eq!(unsafe { libc::fstat(fd, &mut st) }, 0);
    assert_eq!((st.st_dev, st.st_ino), ns_id("/proc/thread-self/ns/net").unwrap());
    unsafe { libc::close(fd) };
    for bad in [0, RNS_CLONE_NEWNET | RNS_CLONE_NEWUTS, 1, RNS_CLONE_FS] {
        assert_eq!(rns_ns_open(0, bad), -libc::EINVAL, "nstype {bad:#x}");
    }
    assert_eq!(rns_ns_open(-1, RNS_CLONE_NEWNET), -libc::EINVAL);
    assert_eq!(rns_ns_open(dead_pid(), RNS_CLONE_NEWNET), -libc::ESRCH);
}

#[test]
fn ns_open_from_another_thread_sees_that_thread() {
    in_child("ns_open on a thread", || {
        if let Err(why) = privileged() {
            return Ok(Outcome::Skip(why));
        }
        let main_uts = ns_id("/proc/thread-self/ns/uts")?;
        let seen = std::thread::spawn(move || -> Result<bool, String> {
            expect("unshare on the thread", rns_unshare(RNS_CLONE_NEWUTS), 0)?;
            let fd = rns_ns_open(0, RNS_CLONE_NEWUTS);
            let mut st: libc::stat = unsafe { std::mem::zeroed() };
            unsafe { libc::fstat(fd, &mut st) };
            unsafe { libc::close(fd) };
            Ok((st.st_dev, st.st_ino) != main_uts)
        })
        .join()
        .map_err(|_| "thread panicked".to_string())??;
        if !seen {
            return Err("rns_ns_open(0) on a thread gave the main thread's namespace".into());
        }
        if ns_id("/proc/thread-self/ns/uts")? != main_uts {
            return Err("the main thread's namespace changed".into());
        }
        Ok(Outcome::Pass)
    });
}
