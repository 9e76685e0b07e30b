//! Bad input never crashes and never leaks: every function over extreme arguments returns a
//! value or a real -errno, and error paths close every fd the library opened.

mod common;

use common::{dead_pid, expect, in_child, Outcome};
use rns::*;
use std::os::raw::c_int;
use std::ptr::{null, null_mut};

const INTS: [c_int; 7] = [c_int::MIN, -2, -1, 0, 1, 4096, c_int::MAX];
const UINTS: [u32; 6] = [0, 1, 2, 0x7fff_ffff, 0x8000_0000, u32::MAX];
const SIZES: [usize; 4] = [0, 1, 65537, usize::MAX];

/// A C-convention return is a value (>= 0) or a known errno, never anything else.
fn sane(what: String, r: c_int) -> Result<(), String> {
    if r >= 0 || (1..=133).contains(&-(r as i64)) {
        Ok(())
    } else {
        Err(format!("{what} returned {r}, neither a value nor -errno"))
    }
}

fn open_fds() -> Result<usize, String> {
    Ok(std::fs::read_dir("/proc/self/fd")
        .map_err(|e| e.to_string())?
        .count())
}

#[test]
fn extreme_arguments_give_values_or_errnos() {
    in_child("extreme arguments", || {
        // As an ordinary user in a group and session of our own, a call that happens to
        // succeed can change nothing but this child.
        unsafe {
            libc::setsid();
            if libc::geteuid() == 0
                && (libc::setresgid(65534, 65534, 65534) != 0 || libc::setresuid(65534, 65534, 65534) != 0)
            {
                return Err("could not drop to nobody".into());
            }
        }
        for &a in &INTS {
            for &b in &INTS {
                sane(format!("setns({a}, {b})"), rns_setns(a, b))?;
                sane(format!("ns_open({a}, {b})"), rns_ns_open(a, b))?;
                sane(format!("setns_pid({a}, {b})"), rns_setns_pid(a, b))?;
                sane(format!("setpgid({a}, {b})"), rns_setpgid(a, b))?;
                sane(format!("tcsetpgrp({a}, {b})"), rns_tcsetpgrp(a, b))?;
                sane(format!("setpriority({a}, {b})"), rns_setpriority(a, b as u32, 0))?;
                sane(format!("getpriority({a}, {b}, NULL)"), unsafe {
                    rns_getpriority(a, b as u32, null_mut())
                })?;
                sane(format!("pidfd_getfd({a}, {b})"), rns_pidfd_getfd(a, b, 0))?;
                sane(format!("killpg({a}, 0)"), rns_killpg(a, 0))?;
                sane(format!("ns_same({a}, {b})"), rns_ns_same(a, b))?;
                sane(
                    format!("pidfd_send_signal({a}, 0)"),
                    rns_pidfd_send_signal(a, 0, b as u32),
                )?;
            }
            sane(format!("unshare({a})"), rns_unshare(a))?;
            sane(format!("getpgid({a})"), rns_getpgid(a))?;
            sane(format!("getsid({a})"), rns_getsid(a))?;
            sane(format!("tcgetpgrp({a})"), rns_tcgetpgrp(a))?;
            sane(format!("ns_type({a})"), rns_ns_type(a))?;
            for (what, r) in [("ns_userns", rns_ns_userns(a)), ("ns_parent", rns_ns_parent(a))] {
                sane(format!("{what}({a})"), r)?;
                if r >= 0 {
                    unsafe { libc::close(r) };
                }
            }
            sane(format!("set_pdeathsig({a})"), rns_set_pdeathsig(a))?;
            sane(format!("set_child_subreaper({a})"), rns_set_child_subreaper(a))?;
            sane(format!("set_no_new_privs({a})"), rns_set_no_new_privs(a))?;
            sane(format!("setns_path(NULL, {a})"), unsafe {
                rns_setns_path(null(), a)
            })?;
            for &f in &UINTS {
                sane(format!("pidfd_open({a}, {f:#x})"), rns_pidfd_open(a, f))?;
            }
        }
        for &id in &UINTS {
            sane(format!("setuid({id})"), rns_setuid(id))?;
            sane(format!("setgid({id})"), rns_setgid(id))?;
            sane(format!("seteuid({id})"), rns_seteuid(id))?;
            sane(format!("setegid({id})"), rns_setegid(id))?;
            sane(format!("setreuid({id})"), rns_setreuid(id, id))?;
            sane(format!("setregid({id})"), rns_setregid(id, id))?;
            sane(format!("setresuid({id})"), rns_setresuid(id, id, id))?;
            sane(format!("setresgid({id})"), rns_setresgid(id, id, id))?;
            sane(format!("initgroups(NULL, {id})"), unsafe {
                rns_initgroups(null(), id)
            })?;
        }
        for &n in &SIZES {
            let got = unsafe { rns_getgroups(null_mut(), n) };
            if n == 0 {
                sane("getgroups(NULL, 0)".into(), got)?;
            } else {
                expect(&format!("getgroups(NULL, {n})"), got, -libc::EFAULT)?;
            }
            let got = unsafe { rns_setgroups(null(), n) };
            if n != 0 {
                expect(&format!("setgroups(NULL, {n})"), got, -libc::EFAULT)?;
            }
            let got = unsafe { rns_getgrouplist(c"root".as_ptr(), 0, null_mut(), n) };
            if n != 0 {
                expect(&format!("getgrouplist(root, 0, NULL, {n})"), got, -libc::EFAULT)?;
            }
        }
        // A size larger than any array means "room enough" to a reader (the kernel stops at
        // the count) and is refused by a writer, without building an impossible slice.
        let mut buf = [0 as libc::gid_t; 256];
        sane("getgroups(buf, SIZE_MAX)".into(), unsafe {
            rns_getgroups(buf.as_mut_ptr(), usize::MAX)
        })?;
        let r = unsafe { rns_getgrouplist(c"root".as_ptr(), 0, buf.as_mut_ptr(), usize::MAX) };
        sane("getgrouplist(root, 0, buf, SIZE_MAX)".into(), r)?;
        expect(
            "setgroups(buf, SIZE_MAX)",
            unsafe { rns_setgroups(buf.as_ptr(), usize::MAX) },
            -libc::EINVAL,
        )?;
        for r in [
            unsafe { rns_getresuid(null_mut(), null_mut(), null_mut()) },
            unsafe { rns_getresgid(null_mut(), null_mut(), null_mut()) },
            unsafe { rns_getgrouplist(null(), 0, null_mut(), 0) },
            unsafe { rns_ns_owner_uid(0, null_mut()) },
            unsafe { rns_ns_id(0, null_mut()) },
        ] {
            expect("NULL output", r, -libc::EFAULT)?;
        }
        Ok(Outcome::Pass)
    });
}

#[test]
fn error_paths_close_what_they_opened() {
    in_child("no fd leaks on error paths", || {
        let before = open_fds()?;
        let gone = dead_pid();
        for _ in 0..50 {
            // open succeeds, setns fails: the fd must be closed
            expect(
                "setns_path(regular file)",
                unsafe { rns_setns_path(c"/proc/self/status".as_ptr(), 0) },
                -libc::EINVAL,
            )?;
            expect(
                "setns_path(type mismatch)",
                unsafe { rns_setns_path(c"/proc/self/ns/net".as_ptr(), RNS_CLONE_NEWUTS) },
                -libc::EINVAL,
            )?;
            expect(
                "setns_path(missing)",
                unsafe { rns_setns_path(c"/nonexistent".as_ptr(), 0) },
                -libc::ENOENT,
            )?;
            expect(
                "ns_open(dead pid)",
                rns_ns_open(gone, RNS_CLONE_NEWNET),
                -libc::ESRCH,
            )?;
            expect(
                "setns_pid(dead pid)",
                rns_setns_pid(gone, RNS_CLONE_NEWNET),
                -libc::ESRCH,
            )?;
            expect("pidfd_open(dead pid)", rns_pidfd_open(gone, 0), -libc::ESRCH)?;
            // per-file path: several fds opened, then a setns fails (self, unprivileged or a
            // mismatch-free EPERM as nobody) or succeeds (root re-entering its own namespaces)
            let me = unsafe { libc::getpid() };
            let r = match rns::namespaces::setns_pid_per_file(
                me,
                rns::namespaces::NsTypes::UTS | rns::namespaces::NsTypes::IPC,
            ) {
                Ok(v) => v,
                Err(e) => -e.0,
            };
            sane("setns_pid_per_file(self)".into(), r)?;
        }
        let after = open_fds()?;
        if after != before {
            return Err(format!("{} fds open before, {after} after", before));
        }
        Ok(Outcome::Pass)
    });
}

#[test]
fn outputs_may_share_one_pointer() {
    // A caller interested in one id may pass the same pointer three times.
    let mut id: libc::uid_t = 12345;
    let p = &mut id as *mut libc::uid_t;
    assert_eq!(unsafe { rns_getresuid(p, p, p) }, 0);
    let (mut r, mut e, mut s) = (0, 0, 0);
    unsafe { libc::getresuid(&mut r, &mut e, &mut s) };
    assert_eq!(id, s, "the last output written is the saved uid");
    let mut gid: libc::gid_t = 12345;
    let g = &mut gid as *mut libc::gid_t;
    assert_eq!(unsafe { rns_getresgid(g, g, g) }, 0);
    unsafe { libc::getresgid(&mut r, &mut e, &mut s) };
    assert_eq!(gid, s);
}
