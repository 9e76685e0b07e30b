//! The child's steps, from the clone to execve: raw syscalls and plain libc syscall wrappers
//! on values the parent prepared (the [`Plan`]); nothing allocates, locks or unwinds. A step
//! that fails writes its record ([`fail`]) and the child exits with 127.

use std::os::raw::{c_int, c_ulong};

use super::clone::raw_clone;
use super::identity;
use super::plan::Plan;
use super::report::{Report, REPORT_SIZE, STEP_PID};
use super::*;

/// close_range(2)'s flag: mark close-on-exec instead of closing.
pub(super) const CLOSE_RANGE_CLOEXEC: libc::c_uint = 4;

/// The child's failure: one record to the report pipe, or into the parent's memory, then
/// _exit(127). Nothing here allocates.
pub(super) fn fail(p: &Plan, step: c_int, errno: c_int, detail: c_int) -> ! {
    let r = Report {
        errno,
        step: step as u32,
        detail,
    };
    // SAFETY: 12 bytes from a live struct, one write below PIPE_BUF (atomic); or the parent's
    // Report, which it reads only once this child has exec'd or exited.
    unsafe {
        if p.report_w >= 0 {
            libc::write(p.report_w, (&r as *const Report).cast(), REPORT_SIZE);
        } else {
            std::ptr::write_volatile(p.report, r);
        }
        libc::_exit(127)
    }
}

pub(super) fn errno() -> c_int {
    // SAFETY: the calling thread's errno slot.
    unsafe { *libc::__errno_location() }
}

/// A raw syscall's result, or the step's failure.
pub(super) fn check(p: &Plan, r: libc::c_long, step: c_int, detail: c_int) {
    if r < 0 {
        fail(p, step, errno(), detail);
    }
}

/// Sets the calling thread's signal mask to `set`, the kernel's 64-bit set (bit N-1: signal
/// N), by raw syscall: glibc's wrappers refuse to block its own internal signals (SIGCANCEL,
/// SIGSETXID), which must be blocked around the clone too. Returns the mask it replaced.
pub(super) unsafe fn sigmask_raw(set: u64) -> u64 {
    let mut old: u64 = 0;
    libc::syscall(
        libc::SYS_rt_sigprocmask,
        libc::SIG_SETMASK,
        &set as *const u64,
        &mut old as *mut u64,
        8usize,
    );
    old
}

/// The child: its steps in order, then exec. Never returns.
pub(super) fn child(p: &mut Plan) -> ! {
    enter_cgroup(p);
    reset_handlers(p);
    set_default(p);
    let listing = open_listing(p);
    if p.unshare == 0 {
        handshake(p); // the user namespace came with the clone
    }
    join(p);
    if p.unshare != 0 {
        // SAFETY: plain syscall with the attribute's checked flags.
        check(
            p,
            unsafe { libc::unshare(p.unshare) } as _,
            RNS_SPAWN_STEP_UNSHARE,
            0,
        );
        handshake(p);
    }
    deny_own_setgroups(p);
    if p.extra_fork {
        second_fork(p);
    }
    set_process(p);
    identity::set_sched(p);
    set_limits(p);
    identity::caps_before_ids(p);
    set_ids(p);
    identity::caps_after_ids(p);
    set_no_new_privs(p);
    fds::run_actions(p, listing);
    if fds::closes_others(p.attr) {
        close_others(p, listing);
    }
    blocking_stdio(p);
    fds::set_terminal(p);
    set_pdeathsig(p);
    exec(p)
}

/// Moves the child into the attribute's cgroup, where the clone could not (before 5.7).
fn enter_cgroup(p: &Plan) {
    if p.cgroup_write < 0 {
        return;
    }
    write_at(p, p.cgroup_write, c"cgroup.procs", b"0", RNS_SPAWN_STEP_CGROUP);
}

/// Writes `data` to the file `path` (relative to `dir`, or absolute), or fails at `step`.
fn write_at(p: &Plan, dir: c_int, path: &std::ffi::CStr, data: &[u8], step: c_int) {
    // SAFETY: a valid C string and buffer; the fd is ours and closed here.
    unsafe {
        let fd = libc::openat(dir, path.as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC);
        check(p, fd as _, step, 0);
        let r = libc::write(fd, data.as_ptr().cast(), data.len());
        check(p, r as _, step, 0);
        libc::close(fd);
    }
}

/// Resets the caller's handlers to SIG_DFL (ignored ones stay ignored), where the clone had
/// no CLONE_CLEAR_SIGHAND.
fn reset_handlers(p: &Plan) {
    if !p.reset_handlers {
        return;
    }
    for sig in 1..=64 {
        // SAFETY: sigaction with valid structs; an all-zero sigaction is valid.
        unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(sig, std::ptr::null(), &mut old) == 0
                && old.sa_sigaction != libc::SIG_DFL
                && old.sa_sigaction != libc::SIG_IGN
            {
                let mut dfl: libc::sigaction = std::mem::zeroed();
                dfl.sa_sigaction = libc::SIG_DFL;
                let r = libc::sigaction(sig, &dfl, std::ptr::null_mut());
                check(p, r as _, RNS_SPAWN_STEP_SIGNALS, sig);
            }
        }
    }
}

/// The attribute's signals to SIG_DFL, ignored ones included (SIGKILL and SIGSTOP, which
/// the kernel refuses to change, and glibc's internal signals, which its wrapper refuses,
/// left as they are).
fn set_default(p: &Plan) {
    let set = p.attr.sigdefault;
    for sig in 1..=64 {
        if set & (1 << (sig - 1)) == 0 || sig == libc::SIGKILL || sig == libc::SIGSTOP {
            continue;
        }
        // SAFETY: an all-zero sigaction is valid.
        unsafe {
            let mut dfl: libc::sigaction = std::mem::zeroed();
            dfl.sa_sigaction = libc::SIG_DFL;
            if libc::sigaction(sig, &dfl, std::ptr::null_mut()) < 0 && errno() != libc::EINVAL {
                fail(p, RNS_SPAWN_STEP_SIGNALS, errno(), sig);
            }
        }
    }
}

/// Where the close-on-exec listing is needed (no CLOSE_RANGE_CLOEXEC), /proc/self/fd opened
/// before any namespace changes (a joined mount namespace may have no /proc), off the fds the
/// actions name; else -1.
fn open_listing(p: &Plan) -> c_int {
    if !fds::needs_listing(p) {
        return -1;
    }
    // SAFETY: a valid C string; the fd is ours.
    unsafe {
        let d = libc::open(
            c"/proc/self/fd".as_ptr(),
            libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC,
        );
        check(p, d as _, RNS_SPAWN_STEP_FDS, -1);
        let listing = fds::dup_off_named(p, d);
        check(p, listing as _, RNS_SPAWN_STEP_FDS, -1);
        libc::close(d);
        listing
    }
}

/// The map handshake, where the parent writes the maps: says the user namespace exists,
/// then waits for the go-ahead. No byte: the parent failed to write the maps and reports it
/// itself.
fn handshake(p: &Plan) {
    if p.ready_w < 0 {
        return;
    }
    // SAFETY: pipe fds of the plan; one byte each way.
    unsafe {
        libc::close(p.go_w);
        let b = 0u8;
        libc::write(p.ready_w, (&b as *const u8).cast(), 1);
        let mut got = 0u8;
        let n = loop {
            let n = libc::read(p.go_r, (&mut got as *mut u8).cast(), 1);
            if n >= 0 || errno() != libc::EINTR {
                break n;
            }
        };
        if n != 1 {
            libc::_exit(127);
        }
    }
}

/// "deny" to the child's own setgroups, in its new user namespace without a gid map
/// (RNS_SPAWN_SETGROUPS_DENY): as unshare --setgroups deny, through /proc/self.
fn deny_own_setgroups(p: &Plan) {
    if !p.deny_own_setgroups {
        return;
    }
    write_at(
        p,
        libc::AT_FDCWD,
        c"/proc/self/setgroups",
        b"deny",
        RNS_SPAWN_STEP_MAP,
    );
}

/// The joins in nsenter's two passes (the plan has them in its order): all but the user
/// namespace, failures ignored; then the user namespace and those that failed, reported.
fn join(p: &Plan) {
    let mut done = [false; 64];
    for pass in 0..2 {
        for (i, &(fd, types, user)) in p.joins.iter().enumerate() {
            if done.get(i).copied().unwrap_or(true) || (pass == 0 && user) {
                continue;
            }
            // SAFETY: plain syscall on an fd the attribute owns.
            if unsafe { libc::setns(fd, types) } == 0 {
                if let Some(d) = done.get_mut(i) {
                    *d = true;
                }
            } else if pass == 1 {
                fail(p, RNS_SPAWN_STEP_JOIN, errno(), i as c_int);
            }
        }
    }
}

/// Forks the program with CLONE_PARENT, so that it is in the PID (or time) namespace joined
/// or created for children, and is the caller's child; this process reports its pid and
/// exits. Its pid also goes to the shared program_pid (CLONE_PARENT_SETTID, written before
/// this process can die), so the parent finds it even without our report. No pidfd: the
/// parent opens one of its own child.
fn second_fork(p: &Plan) {
    // SAFETY: a fork-style clone; the child continues with the steps below.
    let r = unsafe {
        raw_clone(
            (libc::CLONE_PARENT | libc::CLONE_PARENT_SETTID) as c_ulong,
            p.program_pid,
        )
    };
    check(p, r, RNS_SPAWN_STEP_FORK, 0);
    if r > 0 {
        let rec = Report {
            errno: 0,
            step: STEP_PID,
            detail: r as c_int,
        };
        // SAFETY: one record from a live struct; then this intermediate process ends.
        unsafe {
            libc::write(p.report_w, (&rec as *const Report).cast(), REPORT_SIZE);
            libc::_exit(0);
        }
    }
}

/// Mount propagation, the root directory, session and group, cwd, umask.
fn set_process(p: &Plan) {
    let a = p.attr;
    // SAFETY: plain syscalls with the attribute's checked values and C strings.
    unsafe {
        if p.new_mnt && a.propagation != 0 {
            let r = libc::mount(
                std::ptr::null(),
                c"/".as_ptr(),
                std::ptr::null(),
                a.propagation,
                std::ptr::null(),
            );
            check(p, r as _, RNS_SPAWN_STEP_MOUNT_PROPAGATION, 0);
        }
        identity::set_root(p);
        if a.setsid {
            check(p, libc::setsid() as _, RNS_SPAWN_STEP_SETSID, 0);
        }
        if a.pgroup >= 0 {
            check(p, libc::setpgid(0, a.pgroup) as _, RNS_SPAWN_STEP_SETPGID, 0);
        }
        if let Some(cwd) = &a.cwd {
            check(p, libc::chdir(cwd.as_ptr()) as _, RNS_SPAWN_STEP_CWD, 0);
        }
        if let Some(mask) = a.umask {
            libc::umask(mask);
        }
    }
}

/// The nice value and resource limits: before the id changes, which may drop the privilege
/// to lower nice or raise a limit.
fn set_limits(p: &Plan) {
    let a = p.attr;
    // SAFETY: plain syscalls with checked values; rl lives across its call.
    unsafe {
        if let Some(nice) = a.nice {
            let r = libc::setpriority(libc::PRIO_PROCESS, 0, nice);
            check(p, r as _, RNS_SPAWN_STEP_NICE, 0);
        }
        for &(resource, soft, hard) in &a.rlimits {
            let rl = libc::rlimit64 {
                rlim_cur: soft,
                rlim_max: hard,
            };
            let r = libc::syscall(
                libc::SYS_prlimit64,
                0,
                resource,
                &rl as *const libc::rlimit64,
                0usize,
            );
            check(p, r, RNS_SPAWN_STEP_RLIMIT, resource);
        }
    }
}

/// Groups (the attribute's, or none when ids change), gid, uid (or with RNS_SPAWN_RESETIDS,
/// the effective ones reset where none is set). Raw syscalls:
/// glibc's set*id wrappers signal every thread of the (parent's) process.
fn set_ids(p: &Plan) {
    let a = p.attr;
    // SAFETY: raw syscalls with the attribute's values; the group list outlives the call.
    unsafe {
        if let Some(g) = &a.groups {
            let r = libc::syscall(libc::SYS_setgroups, g.len(), g.as_ptr());
            check(p, r, RNS_SPAWN_STEP_GROUPS, 0);
        } else if p.drop_groups && libc::syscall(libc::SYS_setgroups, 0, std::ptr::null::<libc::gid_t>()) < 0
        {
            // Refused (no CAP_SETGID here): a failure only if there are groups to drop.
            let e = errno();
            if libc::syscall(libc::SYS_getgroups, 0, std::ptr::null_mut::<libc::gid_t>()) != 0 {
                fail(p, RNS_SPAWN_STEP_GROUPS, e, 0);
            }
        }
        if let Some(gid) = a.gid {
            let r = libc::syscall(libc::SYS_setresgid, gid, gid, gid);
            check(p, r, RNS_SPAWN_STEP_GID, 0);
        }
        identity::reset_egid(p);
        if let Some(uid) = a.uid {
            let r = libc::syscall(libc::SYS_setresuid, uid, uid, uid);
            check(p, r, RNS_SPAWN_STEP_UID, 0);
        }
        identity::reset_euid(p);
    }
}

/// no_new_privs, after the capability sets.
fn set_no_new_privs(p: &Plan) {
    if p.attr.no_new_privs {
        // SAFETY: a prctl with integer arguments.
        let r = unsafe { libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) };
        check(p, r as _, RNS_SPAWN_STEP_NO_NEW_PRIVS, 0);
    }
}

/// O_NONBLOCK off fds 0-2 with RNS_SPAWN_BLOCKING_STDIO (as libuv: a closed fd is no failure).
fn blocking_stdio(p: &Plan) {
    if p.attr.flags & RNS_SPAWN_BLOCKING_STDIO == 0 {
        return;
    }
    for fd in 0..3 {
        // SAFETY: plain fcntl.
        unsafe {
            let fl = libc::fcntl(fd, libc::F_GETFL);
            if fl >= 0 && fl & libc::O_NONBLOCK != 0 {
                libc::fcntl(fd, libc::F_SETFL, fl & !libc::O_NONBLOCK);
            }
        }
    }
}

/// Every fd >= 3 but those the actions keep close-on-exec (so the report pipe stays open
/// until exec).
fn close_others(p: &Plan, listing: c_int) {
    if let Err(e) = close_range_except(p, 3, &p.kept, CLOSE_RANGE_CLOEXEC, listing) {
        fail(p, RNS_SPAWN_STEP_FDS, e, -1);
    }
}

/// close_range(2) with `flags` (0: close; CLOSE_RANGE_CLOEXEC: mark) over every fd >= `lo`
/// but those in `except` (sorted; negatives ignored), or, without CLOSE_RANGE_CLOEXEC
/// (before 5.11), the same through the /proc/self/fd `listing`. Returns the errno.
pub(super) fn close_range_except(
    p: &Plan,
    lo: c_int,
    except: &[c_int],
    flags: libc::c_uint,
    listing: c_int,
) -> std::result::Result<(), c_int> {
    if !p.close_range {
        return by_listing(listing, lo, except, flags);
    }
    let mut lo = lo as libc::c_uint;
    for &t in except.iter().filter(|&&t| t >= 0) {
        let t = t as libc::c_uint;
        if t > lo {
            // SAFETY: plain syscall that touches only our fd table.
            if unsafe { libc::syscall(libc::SYS_close_range, lo, t - 1, flags) } < 0 {
                return Err(errno());
            }
        }
        lo = lo.max(t.saturating_add(1));
    }
    // SAFETY: as above.
    if unsafe { libc::syscall(libc::SYS_close_range, lo, libc::c_uint::MAX, flags) } < 0 {
        return Err(errno());
    }
    Ok(())
}

/// close_range_except() through a /proc/self/fd listing `dir` opened by the child (read from
/// its start each time): each fd >= `lo`, not `dir`, not in `except`, closed or marked.
fn by_listing(
    dir: c_int,
    lo: c_int,
    except: &[c_int],
    flags: libc::c_uint,
) -> std::result::Result<(), c_int> {
    let mut buf = [0u8; 4096];
    // SAFETY: plain lseek on the child's listing.
    unsafe { libc::lseek(dir, 0, libc::SEEK_SET) };
    loop {
        // SAFETY: buf is valid for its length.
        let n = unsafe { libc::syscall(libc::SYS_getdents64, dir, buf.as_mut_ptr(), buf.len()) };
        if n < 0 {
            return Err(errno());
        }
        if n == 0 {
            return Ok(());
        }
        let mut off = 0usize;
        while off + 19 < n as usize {
            // struct linux_dirent64: u64 ino, i64 off, u16 reclen, u8 type, char name[].
            let reclen = u16::from_ne_bytes([buf[off + 16], buf[off + 17]]) as usize;
            if reclen == 0 {
                return Ok(());
            }
            if let Some(fd) = fd_name(&buf[off + 19..]) {
                if fd >= lo && fd != dir && except.binary_search(&fd).is_err() {
                    // SAFETY: plain fd calls; an fd closed meanwhile gives EBADF, ignored.
                    unsafe {
                        if flags == 0 {
                            libc::close(fd);
                        } else {
                            libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
                        }
                    }
                }
            }
            off += reclen;
        }
    }
}

/// The fd number a /proc/self/fd entry's NUL-terminated name gives, if it is one.
fn fd_name(name: &[u8]) -> Option<c_int> {
    let mut fd: c_int = 0;
    let mut digits = false;
    for &b in name.iter().take_while(|&&b| b != 0) {
        if !b.is_ascii_digit() || fd > c_int::MAX / 10 - 1 {
            return None;
        }
        fd = fd * 10 + c_int::from(b - b'0');
        digits = true;
    }
    digits.then_some(fd)
}

/// The parent-death signal, after the id changes (which clear it), and the check that the
/// parent has not already gone: by getppid(), or in another pid namespace (getppid() says 0)
/// by polling a pidfd of the parent, readable once it has exited (as unshare(1) checks).
fn set_pdeathsig(p: &Plan) {
    let sig = p.attr.pdeathsig;
    if sig == 0 {
        return;
    }
    // SAFETY: plain prctl and poll calls on values of the plan.
    unsafe {
        let r = libc::prctl(libc::PR_SET_PDEATHSIG, sig as c_ulong, 0, 0, 0);
        check(p, r as _, RNS_SPAWN_STEP_PDEATHSIG, 0);
        if p.parent_pid != 0 && libc::getppid() != p.parent_pid {
            fail(p, RNS_SPAWN_STEP_PDEATHSIG, libc::ESRCH, 0);
        }
        if p.parent_pidfd >= 0 {
            let mut pfd = libc::pollfd {
                fd: p.parent_pidfd,
                events: libc::POLLIN,
                revents: 0,
            };
            if libc::poll(&mut pfd, 1, 0) == 1 && pfd.revents & libc::POLLIN != 0 {
                fail(p, RNS_SPAWN_STEP_PDEATHSIG, libc::ESRCH, 0);
            }
        }
    }
}

/// Sets the program's signal mask (the attribute's, else none), the sandbox (Landlock, then
/// seccomp: sandbox.rs), and execs each candidate in
/// turn, with execvp's rule: on after ENOENT and the like, EACCES remembered.
fn exec(p: &Plan) -> ! {
    // SAFETY: a valid set; the plan's argv, envp and C strings outlive the calls.
    unsafe {
        sigmask_raw(p.attr.sigmask);
        super::sandbox::restrict(p);
        let (mut err, mut eacces, mut last) = (libc::ENOENT, false, 0);
        let go_on = |e| {
            matches!(
                e,
                libc::ENOENT | libc::ENOTDIR | libc::ESTALE | libc::ENODEV | libc::ETIMEDOUT
            )
        };
        for (i, c) in p.candidates.iter().enumerate() {
            libc::execve(c.as_ptr(), p.argv.cast(), p.envp.cast());
            err = errno();
            last = i as c_int;
            if err == libc::EACCES {
                eacces = true;
            } else if !go_on(err) {
                break;
            }
        }
        if eacces && go_on(err) {
            err = libc::EACCES;
        }
        fail(p, RNS_SPAWN_STEP_EXEC, err, last)
    }
}
