//! The Rust runner of the cross-language matrix (tests/matrix/README.md has the protocol):
//!
//! ```text
//! matrix-runner CALL EXPECT [ARG...]
//! ```
//!
//! CALL is an `rns_*` function or `scenario:NAME`; EXPECT is `ok`, an errno name or `= VALUE`.
//! Exit 0: pass; 1: FAIL, with one line on stdout; 2: unknown call or scenario.
//!
//! Every call goes through the crate's own functions (`rns::rns_setns`, ...) and constants.
//! Build: `cargo build --release --locked --example matrix-runner`.

use std::ffi::{CStr, CString};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::raw::{c_char, c_int};
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use libc::{gid_t, pid_t, uid_t};

/// 4194305: above the kernel's PID_MAX_LIMIT (4194304), so no process has it.
const NOPID: i64 = 4_194_305;

/// A step's failure: the one line printed after "FAIL ".
type Res<T> = Result<T, String>;

// ---- errno names: glibc's own table (strerrorname_np, glibc 2.32), not librns's ----

extern "C" {
    fn strerrorname_np(errnum: c_int) -> *const c_char;
}

/// glibc's name for errno `e` ("EBADF"), if it has one.
fn errno_name(e: c_int) -> Option<String> {
    // SAFETY: strerrorname_np takes any int and returns NULL or a static string.
    let p = unsafe { strerrorname_np(e) };
    // SAFETY: non-NULL results are NUL-terminated static strings.
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
}

fn errno_value(name: &str) -> Option<c_int> {
    (1..4096).find(|&e| errno_name(e).as_deref() == Some(name))
}

/// "-EBADF (Bad file descriptor)" for a -errno return, or the number when glibc has no name.
fn describe_err(rc: c_int) -> String {
    let e = rc.wrapping_neg();
    match errno_name(e) {
        Some(name) if rc < 0 => {
            let msg = std::io::Error::from_raw_os_error(e).to_string();
            let msg = msg.split(" (os error").next().unwrap_or_default().to_string();
            format!("-{name} ({msg})")
        }
        _ => format!("{rc} (no known errno)"),
    }
}

// ---- constants: the crate's RNS_* (the compiler checks every name) ----

const CONSTANTS: &[(&str, i64)] = &[
    ("CLONE_NEWNS", rns::RNS_CLONE_NEWNS as i64),
    ("CLONE_NEWCGROUP", rns::RNS_CLONE_NEWCGROUP as i64),
    ("CLONE_NEWUTS", rns::RNS_CLONE_NEWUTS as i64),
    ("CLONE_NEWIPC", rns::RNS_CLONE_NEWIPC as i64),
    ("CLONE_NEWUSER", rns::RNS_CLONE_NEWUSER as i64),
    ("CLONE_NEWPID", rns::RNS_CLONE_NEWPID as i64),
    ("CLONE_NEWNET", rns::RNS_CLONE_NEWNET as i64),
    ("CLONE_NEWTIME", rns::RNS_CLONE_NEWTIME as i64),
    ("CLONE_FILES", rns::RNS_CLONE_FILES as i64),
    ("CLONE_FS", rns::RNS_CLONE_FS as i64),
    ("CLONE_SYSVSEM", rns::RNS_CLONE_SYSVSEM as i64),
    ("CLONE_SIGHAND", rns::RNS_CLONE_SIGHAND as i64),
    ("CLONE_THREAD", rns::RNS_CLONE_THREAD as i64),
    ("CLONE_VM", rns::RNS_CLONE_VM as i64),
    ("PIDFD_NONBLOCK", rns::RNS_PIDFD_NONBLOCK as i64),
    ("PIDFD_THREAD", rns::RNS_PIDFD_THREAD as i64),
    ("PIDFD_SIGNAL_THREAD", rns::RNS_PIDFD_SIGNAL_THREAD as i64),
    (
        "PIDFD_SIGNAL_THREAD_GROUP",
        rns::RNS_PIDFD_SIGNAL_THREAD_GROUP as i64,
    ),
    (
        "PIDFD_SIGNAL_PROCESS_GROUP",
        rns::RNS_PIDFD_SIGNAL_PROCESS_GROUP as i64,
    ),
    ("PRIO_PROCESS", rns::RNS_PRIO_PROCESS as i64),
    ("PRIO_PGRP", rns::RNS_PRIO_PGRP as i64),
    ("PRIO_USER", rns::RNS_PRIO_USER as i64),
];

// ---- argument tokens ----

enum Arg {
    Int(i64),
    Str(CString),
}

/// A decimal or 0x hex integer, optionally negative, that fits a 32-bit C parameter (signed or
/// unsigned).
fn parse_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (radix, digits) = match body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        Some(hex) => (16, hex),
        None => (10, body),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = u64::from_str_radix(digits, radix).ok()?;
    if v > u64::from(u32::MAX) {
        return None;
    }
    let v = if neg { -(v as i64) } else { v as i64 };
    (i64::from(i32::MIN)..=i64::from(u32::MAX))
        .contains(&v)
        .then_some(v)
}

/// NAME or NAME+NAME+... (an integer may stand in for a name).
fn parse_constants(tok: &str) -> Res<i64> {
    tok.split('+').try_fold(0i64, |acc, part| {
        let v = CONSTANTS
            .iter()
            .find(|(n, _)| *n == part)
            .map(|&(_, v)| v)
            .or_else(|| parse_int(part));
        v.map(|v| acc | v)
            .ok_or_else(|| format!("argument '{tok}': unknown constant '{part}'"))
    })
}

fn my_pid() -> i64 {
    i64::from(std::process::id())
}

/// @self, @nopid, @uid, @gid and integers: the tokens that are plain numbers (also in `= VALUE`).
fn number_token(tok: &str) -> Option<i64> {
    match tok {
        "@self" => Some(my_pid()),
        "@nopid" => Some(NOPID),
        // SAFETY: getuid/getgid cannot fail.
        "@uid" => Some(i64::from(unsafe { libc::getuid() })),
        // SAFETY: as above.
        "@gid" => Some(i64::from(unsafe { libc::getgid() })),
        _ => parse_int(tok),
    }
}

fn open_fd(tok: &str, path: &str) -> Res<OwnedFd> {
    // std opens files O_CLOEXEC.
    std::fs::File::open(path)
        .map(OwnedFd::from)
        .map_err(|e| format!("argument {tok}: cannot open {path}: {e}"))
}

/// The lowest fd >= 1000 that is not open.
fn closed_fd() -> RawFd {
    (1000..)
        // SAFETY: F_GETFD only queries the fd table.
        .find(|&fd| unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1)
        .unwrap_or(i32::MAX)
}

/// Resolves every token; `@closed` last, once every other resource is open. The fds opened
/// are kept in `keep` for the call's duration.
fn resolve_args(tokens: &[String], keep: &mut Vec<OwnedFd>) -> Res<Vec<Arg>> {
    let mut args: Vec<Option<Arg>> = tokens.iter().map(|_| None).collect();
    for (k, t) in tokens.iter().enumerate().filter(|(_, t)| *t != "@closed") {
        let mut fd_arg = |fd: OwnedFd| {
            let raw = fd.as_raw_fd();
            keep.push(fd);
            Arg::Int(i64::from(raw))
        };
        let arg = if let Some(v) = number_token(t) {
            Arg::Int(v)
        } else if t == "@devnull" {
            fd_arg(open_fd(t, "/dev/null")?)
        } else if let Some(ty) = t.strip_prefix("@nsfd:") {
            fd_arg(open_fd(t, &format!("/proc/thread-self/ns/{ty}"))?)
        } else if t == "@pidfd:self" {
            let fd = rns::rns_pidfd_open(my_pid() as pid_t, 0);
            if fd < 0 {
                return Err(format!(
                    "argument {t}: rns_pidfd_open(self, 0) gave {}",
                    describe_err(fd)
                ));
            }
            // SAFETY: a new fd, owned by no one else.
            fd_arg(unsafe { OwnedFd::from_raw_fd(fd) })
        } else if t.starts_with('@') {
            return Err(format!("unknown argument token '{t}'"));
        } else if t.starts_with('/') {
            Arg::Str(cstring(t)?)
        } else if let Some(s) = t.strip_prefix("str:") {
            Arg::Str(cstring(s)?)
        } else {
            Arg::Int(parse_constants(t)?)
        };
        args[k] = Some(arg);
    }
    let closed = closed_fd();
    Ok(args
        .into_iter()
        .map(|a| a.unwrap_or(Arg::Int(i64::from(closed))))
        .collect())
}

fn cstring(s: &str) -> Res<CString> {
    CString::new(s).map_err(|_| format!("argument '{s}' contains a NUL byte"))
}

/// Typed access to the resolved arguments (the C parameter's cast: -1 is all ones unsigned).
struct Args<'a>(&'a [Arg], &'a [String]);

impl Args<'_> {
    fn int(&self, k: usize) -> Res<i64> {
        match &self.0[k] {
            Arg::Int(v) => Ok(*v),
            Arg::Str(_) => Err(format!(
                "argument {} ('{}'): expected an integer",
                k + 1,
                self.1[k]
            )),
        }
    }
    fn i(&self, k: usize) -> Res<c_int> {
        self.int(k).map(|v| v as c_int)
    }
    fn u(&self, k: usize) -> Res<u32> {
        self.int(k).map(|v| v as u32)
    }
    fn s(&self, k: usize) -> Res<*const c_char> {
        match &self.0[k] {
            Arg::Str(s) => Ok(s.as_ptr()),
            Arg::Int(_) => Err(format!(
                "argument {} ('{}'): expected a path or str:",
                k + 1,
                self.1[k]
            )),
        }
    }
}

// ---- the calls ----

/// What a call gave: rc (>= 0 or -errno) and, on success, its printed result.
struct Outcome {
    rc: c_int,
    value: Option<Value>,
}

enum Value {
    Num(i64),
    Text(String),
}

impl Value {
    fn text(&self) -> String {
        match self {
            Value::Num(n) => n.to_string(),
            Value::Text(s) => s.clone(),
        }
    }
}

/// An int-returning call whose result is its return value.
fn int_result(rc: c_int) -> Outcome {
    Outcome {
        rc,
        value: (rc >= 0).then_some(Value::Num(i64::from(rc))),
    }
}

/// An fd-returning call: its result is the fd, closed afterwards.
fn fd_result(rc: c_int) -> Outcome {
    if rc >= 0 {
        // SAFETY: the call gave us this new fd.
        drop(unsafe { OwnedFd::from_raw_fd(rc) });
    }
    int_result(rc)
}

fn str_result(p: *const c_char) -> Res<Outcome> {
    if p.is_null() {
        return Err("the call returned a NULL string".into());
    }
    // SAFETY: the library returns static NUL-terminated strings.
    let s = unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned();
    Ok(Outcome {
        rc: 0,
        value: Some(Value::Text(s)),
    })
}

fn list_result(rc: c_int, list: &[u32]) -> Outcome {
    let text = list.iter().map(u32::to_string).collect::<Vec<_>>().join(" ");
    Outcome {
        rc,
        value: (rc >= 0).then_some(Value::Text(text)),
    }
}

/// getgroups(): the count first, then the list (the count may grow in between: retry).
fn get_groups() -> Result<Vec<gid_t>, c_int> {
    for _ in 0..5 {
        // SAFETY: size 0 with NULL asks only for the count.
        let count = unsafe { rns::rns_getgroups(std::ptr::null_mut(), 0) };
        if count < 0 {
            return Err(count);
        }
        let mut list = vec![0 as gid_t; count as usize + 1];
        // SAFETY: list has room for list.len() ids.
        let rc = unsafe { rns::rns_getgroups(list.as_mut_ptr(), list.len()) };
        if rc >= 0 {
            list.truncate(rc as usize);
            return Ok(list);
        }
        if rc != -libc::EINVAL {
            return Err(rc);
        }
    }
    Err(-libc::EINVAL)
}

fn getresuid() -> (c_int, [uid_t; 3]) {
    let mut v: [uid_t; 3] = [0; 3];
    let [r, e, s] = &mut v;
    // SAFETY: three valid, distinct uid_t slots.
    let rc = unsafe { rns::rns_getresuid(r, e, s) };
    (rc, v)
}

fn getresgid() -> (c_int, [gid_t; 3]) {
    let mut v: [gid_t; 3] = [0; 3];
    let [r, e, s] = &mut v;
    // SAFETY: three valid, distinct gid_t slots.
    let rc = unsafe { rns::rns_getresgid(r, e, s) };
    (rc, v)
}

fn getpriority(which: c_int, who: u32) -> (c_int, c_int) {
    let mut prio: c_int = 0;
    // SAFETY: prio is a valid int slot.
    let rc = unsafe { rns::rns_getpriority(which, who, &mut prio) };
    (rc, prio)
}

/// The call table: the number of argument tokens (None: any, for rns_setgroups) and the call.
type Handler = fn(&Args) -> Res<Outcome>;

fn lookup_call(name: &str) -> Option<(Option<usize>, Handler)> {
    let entry: (Option<usize>, Handler) = match name {
        "rns_version" => (Some(0), |_| str_result(rns::rns_version())),
        "rns_errname" => (Some(1), |a| str_result(rns::rns_errname(a.i(0)?))),
        "rns_strerror" => (Some(1), |a| str_result(rns::rns_strerror(a.i(0)?))),
        "rns_setuid" => (Some(1), |a| Ok(int_result(rns::rns_setuid(a.u(0)?)))),
        "rns_setgid" => (Some(1), |a| Ok(int_result(rns::rns_setgid(a.u(0)?)))),
        "rns_seteuid" => (Some(1), |a| Ok(int_result(rns::rns_seteuid(a.u(0)?)))),
        "rns_setegid" => (Some(1), |a| Ok(int_result(rns::rns_setegid(a.u(0)?)))),
        "rns_setreuid" => (Some(2), |a| Ok(int_result(rns::rns_setreuid(a.u(0)?, a.u(1)?)))),
        "rns_setregid" => (Some(2), |a| Ok(int_result(rns::rns_setregid(a.u(0)?, a.u(1)?)))),
        "rns_setresuid" => (Some(3), |a| {
            Ok(int_result(rns::rns_setresuid(a.u(0)?, a.u(1)?, a.u(2)?)))
        }),
        "rns_setresgid" => (Some(3), |a| {
            Ok(int_result(rns::rns_setresgid(a.u(0)?, a.u(1)?, a.u(2)?)))
        }),
        "rns_getresuid" => (Some(0), |_| {
            let (rc, v) = getresuid();
            Ok(list_result(rc, &v))
        }),
        "rns_getresgid" => (Some(0), |_| {
            let (rc, v) = getresgid();
            Ok(list_result(rc, &v))
        }),
        "rns_getgroups" => (Some(0), |_| {
            Ok(match get_groups() {
                Ok(list) => list_result(list.len() as c_int, &list),
                Err(rc) => list_result(rc, &[]),
            })
        }),
        "rns_setgroups" => (None, |a| {
            let list = (0..a.0.len()).map(|k| a.u(k)).collect::<Res<Vec<gid_t>>>()?;
            let p = if list.is_empty() {
                std::ptr::null()
            } else {
                list.as_ptr()
            };
            // SAFETY: p is NULL with size 0, or valid for list.len() ids.
            Ok(int_result(unsafe { rns::rns_setgroups(p, list.len()) }))
        }),
        "rns_sethostname" => (Some(1), |a| {
            // SAFETY: a NUL-terminated string that outlives the call.
            Ok(int_result(unsafe { rns::rns_sethostname(a.s(0)?) }))
        }),
        "rns_setdomainname" => (Some(1), |a| {
            // SAFETY: a NUL-terminated string that outlives the call.
            Ok(int_result(unsafe { rns::rns_setdomainname(a.s(0)?) }))
        }),
        "rns_initgroups" => (Some(2), |a| {
            // SAFETY: a NUL-terminated string that outlives the call.
            Ok(int_result(unsafe { rns::rns_initgroups(a.s(0)?, a.u(1)?) }))
        }),
        "rns_getgrouplist" => (Some(2), |a| {
            let (user, group) = (a.s(0)?, a.u(1)?);
            // SAFETY: user is a valid string; size 0 with NULL asks only for the count.
            let count = unsafe { rns::rns_getgrouplist(user, group, std::ptr::null_mut(), 0) };
            if count < 0 {
                return Ok(list_result(count, &[]));
            }
            let mut list = vec![0 as gid_t; count as usize + 1];
            // SAFETY: list has room for list.len() ids.
            let rc = unsafe { rns::rns_getgrouplist(user, group, list.as_mut_ptr(), list.len()) };
            list.truncate((rc.max(0) as usize).min(list.len()));
            Ok(list_result(rc, &list))
        }),
        "rns_setns" => (Some(2), |a| Ok(int_result(rns::rns_setns(a.i(0)?, a.i(1)?)))),
        "rns_unshare" => (Some(1), |a| Ok(int_result(rns::rns_unshare(a.i(0)?)))),
        "rns_setns_path" => (Some(2), |a| {
            // SAFETY: a NUL-terminated string that outlives the call.
            Ok(int_result(unsafe { rns::rns_setns_path(a.s(0)?, a.i(1)?) }))
        }),
        "rns_ns_open" => (Some(2), |a| Ok(fd_result(rns::rns_ns_open(a.i(0)?, a.i(1)?)))),
        "rns_setns_pid" => (Some(2), |a| Ok(int_result(rns::rns_setns_pid(a.i(0)?, a.i(1)?)))),
        "rns_setpgid" => (Some(2), |a| Ok(int_result(rns::rns_setpgid(a.i(0)?, a.i(1)?)))),
        "rns_getpgid" => (Some(1), |a| Ok(int_result(rns::rns_getpgid(a.i(0)?)))),
        "rns_setpgrp" => (Some(0), |_| Ok(int_result(rns::rns_setpgrp()))),
        "rns_getpgrp" => (Some(0), |_| Ok(int_result(rns::rns_getpgrp()))),
        "rns_setsid" => (Some(0), |_| Ok(int_result(rns::rns_setsid()))),
        "rns_getsid" => (Some(1), |a| Ok(int_result(rns::rns_getsid(a.i(0)?)))),
        "rns_tcgetpgrp" => (Some(1), |a| Ok(int_result(rns::rns_tcgetpgrp(a.i(0)?)))),
        "rns_tcsetpgrp" => (Some(2), |a| Ok(int_result(rns::rns_tcsetpgrp(a.i(0)?, a.i(1)?)))),
        "rns_killpg" => (Some(2), |a| Ok(int_result(rns::rns_killpg(a.i(0)?, a.i(1)?)))),
        "rns_pidfd_open" => (Some(2), |a| Ok(fd_result(rns::rns_pidfd_open(a.i(0)?, a.u(1)?)))),
        "rns_pidfd_send_signal" => (Some(3), |a| {
            Ok(int_result(rns::rns_pidfd_send_signal(a.i(0)?, a.i(1)?, a.u(2)?)))
        }),
        "rns_pidfd_getfd" => (Some(3), |a| {
            Ok(fd_result(rns::rns_pidfd_getfd(a.i(0)?, a.i(1)?, a.u(2)?)))
        }),
        "rns_getpriority" => (Some(2), |a| {
            let (rc, prio) = getpriority(a.i(0)?, a.u(1)?);
            Ok(Outcome {
                rc,
                value: (rc >= 0).then_some(Value::Num(i64::from(prio))),
            })
        }),
        "rns_setpriority" => (Some(3), |a| {
            Ok(int_result(rns::rns_setpriority(a.i(0)?, a.u(1)?, a.i(2)?)))
        }),
        _ => return None,
    };
    Some(entry)
}

// ---- scenarios: each stops at the first broken step ----

type NsId = (u64, u64);

fn ns_id_path(path: &str) -> Res<NsId> {
    let m = std::fs::metadata(path).map_err(|e| format!("stat {path}: {e}"))?;
    Ok((m.dev(), m.ino()))
}

/// The namespace id of `/proc/thread-self/ns/TYPE` (pid 0) or `/proc/PID/ns/TYPE`.
fn ns_id(pid: u32, ty: &str) -> Res<NsId> {
    if pid == 0 {
        ns_id_path(&format!("/proc/thread-self/ns/{ty}"))
    } else {
        ns_id_path(&format!("/proc/{pid}/ns/{ty}"))
    }
}

fn ns_id_fd(fd: &OwnedFd) -> Res<NsId> {
    let file = std::fs::File::from(fd.try_clone().map_err(|e| format!("dup: {e}"))?);
    let m = file.metadata().map_err(|e| format!("fstat: {e}"))?;
    Ok((m.dev(), m.ino()))
}

/// Checks a step's return value: `want` 0 means success (>= 0), else the errno wanted.
fn step(what: &str, rc: c_int, want: c_int) -> Res<c_int> {
    match (want, rc) {
        (0, rc) if rc >= 0 => Ok(rc),
        (0, rc) => Err(format!("{what}: expected ok, got {}", describe_err(rc))),
        (w, rc) if rc == -w => Ok(rc),
        (w, rc) if rc >= 0 => Err(format!(
            "{what}: expected {}, got success ({rc})",
            describe_err(-w)
        )),
        (w, rc) => Err(format!(
            "{what}: expected {}, got {}",
            describe_err(-w),
            describe_err(rc)
        )),
    }
}

/// Takes ownership of an fd a step returned.
fn owned(fd: c_int) -> OwnedFd {
    // SAFETY: a new fd from the library, owned by no one else.
    unsafe { OwnedFd::from_raw_fd(fd) }
}

/// A child process that is killed and reaped when dropped, on every path.
struct Guard(Option<Child>);

impl Guard {
    fn spawn(argv: &[&str]) -> Res<Guard> {
        let child = Command::new(argv[0])
            .args(&argv[1..])
            .stdin(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", argv.join(" ")))?;
        Ok(Guard(Some(child)))
    }
    fn pid(&self) -> u32 {
        self.0.as_ref().map_or(0, Child::id)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn scenario_unshare_setns_back() -> Res<()> {
    let fd = owned(step(
        "rns_ns_open(0, NEWNET)",
        rns::rns_ns_open(0, rns::RNS_CLONE_NEWNET),
        0,
    )?);
    let first = ns_id(0, "net")?;
    step("rns_unshare(NEWNET)", rns::rns_unshare(rns::RNS_CLONE_NEWNET), 0)?;
    if ns_id(0, "net")? == first {
        return Err("after rns_unshare(NEWNET) the thread's net namespace is unchanged".into());
    }
    step(
        "rns_setns(fd, NEWNET)",
        rns::rns_setns(fd.as_raw_fd(), rns::RNS_CLONE_NEWNET),
        0,
    )?;
    if ns_id(0, "net")? != first {
        return Err("after rns_setns(fd, NEWNET) the thread is not back in its first net namespace".into());
    }
    drop(fd);
    Ok(())
}

fn scenario_setns_pid_child() -> Res<()> {
    let (our_net, our_uts) = (ns_id(0, "net")?, ns_id(0, "uts")?);
    let mut child = Guard::spawn(&["unshare", "--net", "--uts", "sleep", "30"])?;
    let pid = child.pid();
    let start = Instant::now();
    loop {
        if let Some(Ok(Some(status))) = child.0.as_mut().map(Child::try_wait) {
            child.0 = None;
            return Err(format!(
                "child 'unshare --net --uts sleep 30' exited early ({status})"
            ));
        }
        let net = ns_id(pid, "net");
        let uts = ns_id(pid, "uts");
        if matches!((net, uts), (Ok(n), Ok(u)) if n != our_net && u != our_uts) {
            break;
        }
        if start.elapsed() >= Duration::from_secs(5) {
            return Err(format!(
                "child {pid} did not get its own net and uts namespaces within 5 s"
            ));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let (child_net, child_uts) = (ns_id(pid, "net")?, ns_id(pid, "uts")?);
    let types = rns::RNS_CLONE_NEWNET | rns::RNS_CLONE_NEWUTS;
    step(
        "rns_setns_pid(child, NEWNET+NEWUTS)",
        rns::rns_setns_pid(pid as pid_t, types),
        0,
    )?;
    if ns_id(0, "net")? != child_net {
        return Err("after rns_setns_pid the thread's net namespace is not the child's".into());
    }
    if ns_id(0, "uts")? != child_uts {
        return Err("after rns_setns_pid the thread's uts namespace is not the child's".into());
    }
    let fd = owned(step(
        "rns_ns_open(child, NEWNET)",
        rns::rns_ns_open(pid as pid_t, rns::RNS_CLONE_NEWNET),
        0,
    )?);
    if ns_id_fd(&fd)? != child_net {
        return Err("rns_ns_open(child, NEWNET) is not the child's net namespace".into());
    }
    drop(child);
    Ok(())
}

fn scenario_session_in_child() -> Res<()> {
    let me = my_pid() as c_int;
    let sid = step("rns_setsid()", rns::rns_setsid(), 0)?;
    if sid != me {
        return Err(format!("rns_setsid() returned {sid}, not our pid {me}"));
    }
    for (what, rc) in [
        ("rns_getsid(0)", rns::rns_getsid(0)),
        ("rns_getpgrp()", rns::rns_getpgrp()),
        ("rns_getpgid(0)", rns::rns_getpgid(0)),
    ] {
        let v = step(what, rc, 0)?;
        if v != me {
            return Err(format!("{what} is {v}, not our pid {me}"));
        }
    }
    step(
        "rns_setpgid(0, 0) as session leader",
        rns::rns_setpgid(0, 0),
        libc::EPERM,
    )?;
    Ok(())
}

fn scenario_nice_round_trip() -> Res<()> {
    for nice in [-1, 0] {
        step(
            &format!("rns_setpriority(PRIO_PROCESS, 0, {nice})"),
            rns::rns_setpriority(rns::RNS_PRIO_PROCESS, 0, nice),
            0,
        )?;
        let (rc, prio) = getpriority(rns::RNS_PRIO_PROCESS, 0);
        step("rns_getpriority(PRIO_PROCESS, 0)", rc, 0)?;
        if prio != nice {
            return Err(format!(
                "after rns_setpriority(PRIO_PROCESS, 0, {nice}) the nice value is {prio}, not {nice}"
            ));
        }
    }
    Ok(())
}

fn check_all_threads_uid(want: uid_t) -> Res<()> {
    let dir = std::fs::read_dir("/proc/self/task").map_err(|e| format!("read /proc/self/task: {e}"))?;
    let mut threads = 0;
    for entry in dir {
        let entry = entry.map_err(|e| format!("read /proc/self/task: {e}"))?;
        let path = entry.path().join("status");
        let status = std::fs::read_to_string(&path).map_err(|e| format!("read {}: {e}", path.display()))?;
        let line = status
            .lines()
            .find_map(|l| l.strip_prefix("Uid:"))
            .ok_or_else(|| format!("{} has no Uid: line", path.display()))?;
        let ids: Vec<&str> = line.split_whitespace().collect();
        let want_s = want.to_string();
        if ids.len() != 4 || ids.iter().any(|id| *id != want_s) {
            return Err(format!(
                "{}: Uid: {}, not all {want}",
                path.display(),
                ids.join(" ")
            ));
        }
        threads += 1;
    }
    if threads == 0 {
        return Err("no threads in /proc/self/task".into());
    }
    Ok(())
}

fn scenario_creds_in_child() -> Res<()> {
    const N: u32 = 65534;
    let one: [gid_t; 1] = [N];
    // SAFETY: one valid gid.
    step(
        "rns_setgroups([65534])",
        unsafe { rns::rns_setgroups(one.as_ptr(), 1) },
        0,
    )?;
    let groups =
        get_groups().map_err(|rc| format!("rns_getgroups(): expected ok, got {}", describe_err(rc)))?;
    if groups != [N] {
        return Err(format!("rns_getgroups() gave {groups:?}, not [65534]"));
    }
    step(
        "rns_setresgid(65534, 65534, 65534)",
        rns::rns_setresgid(N, N, N),
        0,
    )?;
    let (rc, g) = getresgid();
    step("rns_getresgid()", rc, 0)?;
    if g != [N; 3] {
        return Err(format!("rns_getresgid() gave {g:?}, not all 65534"));
    }
    step(
        "rns_setresuid(65534, 65534, 65534)",
        rns::rns_setresuid(N, N, N),
        0,
    )?;
    let (rc, u) = getresuid();
    step("rns_getresuid()", rc, 0)?;
    if u != [N; 3] {
        return Err(format!("rns_getresuid() gave {u:?}, not all 65534"));
    }
    check_all_threads_uid(N)?;
    step(
        "rns_setresuid(0, 0, 0) after dropping",
        rns::rns_setresuid(0, 0, 0),
        libc::EPERM,
    )?;
    Ok(())
}

fn scenario_pidfd_kill_child() -> Res<()> {
    let mut child = Guard::spawn(&["sleep", "30"])?;
    let pid = child.pid() as pid_t;
    let fd = owned(step("rns_pidfd_open(child, 0)", rns::rns_pidfd_open(pid, 0), 0)?);
    step(
        "rns_pidfd_send_signal(fd, 9, 0)",
        rns::rns_pidfd_send_signal(fd.as_raw_fd(), 9, 0),
        0,
    )?;
    let status = match child.0.take() {
        Some(mut c) => c.wait().map_err(|e| format!("waiting for the child: {e}"))?,
        None => return Err("no child".into()),
    };
    if status.signal() != Some(libc::SIGKILL) {
        return Err(format!("the child was not killed by signal 9 ({status})"));
    }
    step(
        "rns_pidfd_send_signal(fd, 0, 0) after the child is reaped",
        rns::rns_pidfd_send_signal(fd.as_raw_fd(), 0, 0),
        libc::ESRCH,
    )?;
    Ok(())
}

fn scenario_error_names() -> Res<()> {
    let names = [
        ("EPERM", libc::EPERM),
        ("ENOENT", libc::ENOENT),
        ("ESRCH", libc::ESRCH),
        ("EBADF", libc::EBADF),
        ("EINVAL", libc::EINVAL),
        ("EACCES", libc::EACCES),
        ("ENOTTY", libc::ENOTTY),
    ];
    for (name, n) in names {
        let got = str_result(rns::rns_errname(n))?
            .value
            .map(|v| v.text())
            .unwrap_or_default();
        if got != name {
            return Err(format!("rns_errname({n}) is '{got}', not '{name}'"));
        }
        let msg = str_result(rns::rns_strerror(n))?
            .value
            .map(|v| v.text())
            .unwrap_or_default();
        if msg.is_empty() {
            return Err(format!("rns_strerror({n}) ({name}) is empty"));
        }
    }
    Ok(())
}

fn lookup_scenario(name: &str) -> Option<fn() -> Res<()>> {
    Some(match name {
        "scenario:unshare-setns-back" => scenario_unshare_setns_back,
        "scenario:setns-pid-child" => scenario_setns_pid_child,
        "scenario:session-in-child" => scenario_session_in_child,
        "scenario:nice-round-trip" => scenario_nice_round_trip,
        "scenario:creds-in-child" => scenario_creds_in_child,
        "scenario:pidfd-kill-child" => scenario_pidfd_kill_child,
        "scenario:error-names" => scenario_error_names,
        _ => return None,
    })
}

// ---- main: look up, check the expectation's form, resolve, call, compare ----

enum Expect {
    Ok,
    Errno(c_int),
    Value(String),
}

fn parse_expect(expect: &str) -> Res<Expect> {
    if expect == "ok" {
        Ok(Expect::Ok)
    } else if let Some(v) = expect.strip_prefix('=') {
        Ok(Expect::Value(v.trim_start_matches(' ').to_string()))
    } else {
        errno_value(expect).map(Expect::Errno).ok_or_else(|| {
            format!("unknown expectation '{expect}' (not ok, = VALUE, or an errno name this runner knows)")
        })
    }
}

fn run_call(
    call: &str,
    handler: (Option<usize>, Handler),
    (expect, expect_text): (Expect, &str),
    tokens: &[String],
) -> Res<()> {
    let (nargs, f) = handler;
    if let Some(n) = nargs.filter(|&n| n != tokens.len()) {
        return Err(format!(
            "{call} takes {n} argument token(s), got {}",
            tokens.len()
        ));
    }
    let mut keep = Vec::new();
    let args = resolve_args(tokens, &mut keep)?;
    let out = f(&Args(&args, tokens))?;
    let got = match (&out.value, out.rc) {
        (_, rc) if rc < 0 => describe_err(rc),
        (Some(v), _) => format!("= {}", v.text()),
        (None, rc) => format!("ok ({rc})"),
    };
    match expect {
        Expect::Ok if out.rc < 0 => Err(format!("{call}: expected ok, got {got}")),
        Expect::Ok => Ok(()),
        Expect::Errno(e) if out.rc == -e => Ok(()),
        Expect::Errno(_) => Err(format!("{call}: expected {expect_text}, got {got}")),
        Expect::Value(want) => {
            let matched = out.rc >= 0
                && match (&out.value, number_token(&want)) {
                    (Some(Value::Num(n)), Some(w)) => *n == w,
                    (Some(v), _) => v.text() == want,
                    (None, _) => false,
                };
            if matched {
                Ok(())
            } else {
                Err(format!("{call}: expected = {want}, got {got}"))
            }
        }
    }
}

fn fail(msg: &str) -> ExitCode {
    println!("FAIL {}", msg.replace(['\n', '\r'], " "));
    ExitCode::from(1)
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().collect();
    if argv.len() < 3 {
        return fail(&format!("usage: {} CALL EXPECT [ARG...]", argv[0]));
    }
    let (call, tokens) = (argv[1].as_str(), &argv[3..]);
    let handler = lookup_call(call);
    let scenario = lookup_scenario(call);
    if handler.is_none() && scenario.is_none() {
        println!("unknown call {call}");
        return ExitCode::from(2);
    }
    let expect = match parse_expect(&argv[2]) {
        Ok(e) => e,
        Err(msg) => return fail(&msg),
    };
    let result = match (handler, scenario) {
        (Some(h), _) => run_call(call, h, (expect, &argv[2]), tokens),
        (None, s) => match (expect, tokens.len(), s) {
            (Expect::Ok, 0, Some(s)) => s(),
            (Expect::Ok, 0, None) => Err(format!("{call}: no such call")),
            (Expect::Ok, n, _) => Err(format!("{call} takes no argument tokens, got {n}")),
            _ => Err(format!(
                "{call}: a scenario's only expectation is ok, not '{}'",
                argv[2]
            )),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => fail(&msg),
    }
}
