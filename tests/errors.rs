//! rns_errname / rns_strerror: every errno has a name, both signs work, nothing is NULL.

use std::ffi::CStr;
use std::os::raw::c_int;

fn name(e: c_int) -> String {
    unsafe { CStr::from_ptr(rns::rns_errname(e)) }
        .to_str()
        .unwrap()
        .to_string()
}
fn message(e: c_int) -> String {
    unsafe { CStr::from_ptr(rns::rns_strerror(e)) }
        .to_str()
        .unwrap()
        .to_string()
}

#[test]
fn names_and_messages_of_known_errnos() {
    assert_eq!(name(libc::EPERM), "EPERM");
    assert_eq!(name(-libc::EPERM), "EPERM");
    assert_eq!(name(-libc::ESRCH), "ESRCH");
    assert_eq!(message(libc::EPERM), "Operation not permitted");
    assert_eq!(message(-libc::EBADF), "Bad file descriptor");
    // Every errno the kernel defines (1..=133 on Linux) has a name starting with E.
    for e in 1..=133 {
        if e == 41 || e == 58 {
            continue; // unassigned numbers on Linux (EWOULDBLOCK/EDEADLOCK are aliases)
        }
        assert!(name(e).starts_with('E'), "errno {e} has name {:?}", name(e));
        assert_eq!(name(e), name(-e));
        assert_ne!(message(e), "Unknown error", "errno {e}");
    }
}

#[test]
fn zero_and_unknown_values_are_never_null() {
    assert_eq!(name(0), "OK");
    assert_eq!(message(0), "Success");
    for e in [41, 4096, 99999, -99999, c_int::MAX, c_int::MIN] {
        assert_eq!(name(e), "UNKNOWN", "{e}");
        assert_eq!(message(e), "Unknown error", "{e}");
    }
}

#[test]
fn thread_safe_under_concurrent_use() {
    let threads: Vec<_> = (0..8)
        .map(|t| {
            std::thread::spawn(move || {
                for i in 0..20_000 {
                    let e = (i + t) % 140 - 5;
                    let p = rns::rns_errname(e);
                    let q = rns::rns_strerror(e);
                    assert!(!p.is_null() && !q.is_null());
                    if e == libc::EPERM {
                        assert_eq!(name(e), "EPERM");
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}
