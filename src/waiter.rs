//! Waiting for the exit of many processes without a thread each: a waiter is one library
//! thread with an epoll set of pidfds, which writes a record to a pipe when a process exits.
//! The caller reads the pipe from its event loop (Node: a net.Socket on it; no libuv
//! threadpool worker is held per process, nor the event loop blocked).

use std::collections::HashMap;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::raw::c_int;
use std::sync::{Arc, Mutex};

use crate::ffi::{self, call_nc, cvt, known_bits, Errno, Result};
use crate::pidfd::{self, RNS_WAIT_NONE};

/// rns_waiter_add flag: report the exit without reaping the process (waitid WNOWAIT), so
/// whoever else waits for it (libuv, for a child_process child) still can.
pub const RNS_WAITER_NOREAP: c_int = 1;

/// What a waiter writes to its pipe for each process it watched: 32 bytes, in one write.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct rns_exit_event {
    /// The caller's token from rns_waiter_add().
    pub token: u64,
    /// The process's pid when rns_waiter_add() was called (0 if it could not be told then).
    pub pid: i32,
    /// RNS_WAIT_EXITED, _KILLED or _DUMPED; RNS_WAIT_NONE when how it ended cannot be told.
    pub kind: i32,
    /// The exit code or the signal, as rns_wait_status's.
    pub code: i32,
    /// 0, or why it cannot be told (ECHILD: not the caller's child, and the kernel keeps no
    /// exit status, before Linux 6.15).
    pub error: i32,
    /// Zero.
    pub reserved: [u32; 2],
}
const _: () = assert!(std::mem::size_of::<rns_exit_event>() == 32);

/// One watched process.
struct Watch {
    fd: OwnedFd,
    token: u64,
    /// Its pid when added (the kernel forgets it once the process is reaped).
    pid: i32,
    flags: c_int,
    /// Exited but not ours to reap, and its exit status is not kept yet: waiting for the
    /// pidfd's POLLHUP (its parent reaped it, pidfs kernels).
    awaiting_reap: bool,
}

/// A waiter: its thread, epoll set and pipe. Opaque.
#[allow(non_camel_case_types)]
pub struct rns_waiter {
    epfd: Arc<OwnedFd>,
    wake: Arc<OwnedFd>,
    read_end: OwnedFd,
    watches: Arc<Mutex<HashMap<c_int, Watch>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// The epoll key of the wake eventfd (no fd has this number).
const WAKE: u64 = u64::MAX;

fn owned(fd: c_int) -> OwnedFd {
    // SAFETY: the callers pass an fd the kernel just gave them.
    unsafe { OwnedFd::from_raw_fd(fd) }
}

fn epoll_mod(epfd: c_int, op: c_int, fd: c_int, events: u32, key: u64) -> Result<()> {
    let mut ev = libc::epoll_event { events, u64: key };
    // SAFETY: ev is a valid epoll_event; the kernel checks the fds.
    cvt(unsafe { libc::epoll_ctl(epfd, op, fd, &mut ev) }).map(drop)
}

/// Retries, 100 microseconds apart, for an exit status the kernel is still storing.
const EXIT_INFO_RETRIES: u32 = 50;

/// How the process `w` watches ended, or None when it is to be asked again later.
fn outcome(w: &mut Watch, hup: bool) -> Option<rns_exit_event> {
    let mut ev = rns_exit_event {
        token: w.token,
        pid: w.pid,
        ..Default::default()
    };
    if !w.awaiting_reap {
        let mut options = libc::WEXITED | libc::WNOHANG;
        if w.flags & RNS_WAITER_NOREAP != 0 {
            options |= libc::WNOWAIT;
        }
        // SAFETY: an all-zero siginfo_t is valid.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        match pidfd::waitid_pidfd(w.fd.as_raw_fd(), options, &mut info) {
            // SAFETY: filled by waitid.
            Ok(()) if unsafe { info.si_pid() } == 0 => return None, // not exited yet
            Ok(()) => {
                // SAFETY: filled by waitid.
                let (pid, status) = unsafe { (info.si_pid(), info.si_status()) };
                ev.pid = pid;
                (ev.kind, ev.code) = match info.si_code {
                    libc::CLD_EXITED => (pidfd::RNS_WAIT_EXITED, status),
                    libc::CLD_DUMPED => (pidfd::RNS_WAIT_DUMPED, status),
                    _ => (pidfd::RNS_WAIT_KILLED, status),
                };
                return Some(ev);
            }
            Err(Errno(libc::ECHILD)) => {}
            Err(Errno(e)) => {
                ev.error = e;
                return Some(ev);
            }
        }
    }
    // Not our child, or reaped by someone else: the kernel keeps its exit status once its
    // parent has reaped it (Linux 6.15). A reap by another thread (libuv's SIGCHLD handler)
    // can be under way: waitid already says ECHILD while the exit status is not yet stored,
    // so on pidfs a few short retries come before ECHILD is reported.
    let mut info = pidfd::kernel_info(w.fd.as_raw_fd());
    let reaped = hup || w.awaiting_reap;
    for _ in 0..EXIT_INFO_RETRIES {
        match &info {
            Ok(Some(k)) if reaped && k.mask & pidfd::RNS_PIDFD_INFO_EXIT == 0 => {}
            Err(Errno(libc::ESRCH)) => {}
            _ => break,
        }
        if !pidfd::on_pidfs(w.fd.as_raw_fd()) {
            break;
        }
        // SAFETY: a plain sleep of 100 microseconds.
        unsafe { libc::usleep(100) };
        info = pidfd::kernel_info(w.fd.as_raw_fd());
    }
    match info {
        Ok(Some(k)) if k.mask & pidfd::RNS_PIDFD_INFO_EXIT != 0 => {
            (ev.kind, ev.code) = pidfd::decode_wait_status(k.exit_code);
            Some(ev)
        }
        // A zombie waiting for its parent: on pidfs kernels the pidfd hangs up once it is
        // reaped; ask again then.
        Ok(Some(_)) if !hup && !w.awaiting_reap && pidfd::on_pidfs(w.fd.as_raw_fd()) => {
            w.awaiting_reap = true;
            None
        }
        _ => {
            ev.kind = RNS_WAIT_NONE;
            ev.error = libc::ECHILD;
            Some(ev)
        }
    }
}

fn write_event(fd: c_int, ev: &rns_exit_event) {
    let p = (ev as *const rns_exit_event).cast::<libc::c_void>();
    loop {
        // SAFETY: 32 bytes from a live struct; one write below PIPE_BUF is atomic.
        let n = unsafe { libc::write(fd, p, std::mem::size_of::<rns_exit_event>()) };
        if n >= 0 || Errno::last() != Errno(libc::EINTR) {
            return; // a reader that closed its end gets nothing more
        }
    }
}

/// The waiter's thread: epoll_wait, report, until woken to stop.
fn run(epfd: Arc<OwnedFd>, write_end: OwnedFd, watches: Arc<Mutex<HashMap<c_int, Watch>>>) {
    // SAFETY: an all-zero epoll_event array is valid.
    let mut evs: [libc::epoll_event; 64] = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: evs is valid for 64 events.
        let n = unsafe { libc::epoll_wait(epfd.as_raw_fd(), evs.as_mut_ptr(), 64, -1) };
        if n < 0 {
            if Errno::last() == Errno(libc::EINTR) {
                continue;
            }
            return;
        }
        for ev in &evs[..n as usize] {
            let (key, events) = (ev.u64, ev.events);
            if key == WAKE {
                return;
            }
            let fd = key as c_int;
            let Ok(mut map) = watches.lock() else { return };
            let Some(w) = map.get_mut(&fd) else { continue };
            let hup = events & libc::EPOLLHUP as u32 != 0;
            match outcome(w, hup) {
                Some(e) => {
                    let _ = epoll_mod(epfd.as_raw_fd(), libc::EPOLL_CTL_DEL, fd, 0, 0);
                    map.remove(&fd); // closes the watched pidfd
                    write_event(write_end.as_raw_fd(), &e);
                }
                // Waiting for the reap: only EPOLLHUP (always reported) from now on.
                None if w.awaiting_reap => {
                    let _ = epoll_mod(epfd.as_raw_fd(), libc::EPOLL_CTL_MOD, fd, 0, key);
                }
                None => {}
            }
        }
    }
}

/// Starts a waiter: a library thread (all signals blocked) that waits for the processes
/// given to rns_waiter_add() and writes an rns_exit_event to a pipe for each when it exits.
/// Read the pipe (rns_waiter_fd()) from an event loop; nothing blocks the caller.
///
/// Kernel: Linux 5.3 (pidfds; epoll).
/// Scope: library-owned: a thread and fds of the waiter's own; nothing of the caller's changes.
/// Returns: 0, with `*ret_waiter` set; free it with rns_waiter_free().
/// Errors: -EFAULT `ret_waiter` is NULL; -EMFILE/-ENFILE out of fds; -EAGAIN/-ENOMEM the
/// thread could not be started.
/// Since: 0.2
///
/// # Safety
/// `ret_waiter` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn rns_waiter_new(ret_waiter: *mut *mut rns_waiter) -> c_int {
    call_nc(|| {
        let out = ffi::out(ret_waiter)?;
        let epfd = Arc::new(owned(cvt(libc::epoll_create1(libc::EPOLL_CLOEXEC))?));
        let wake = Arc::new(owned(cvt(libc::eventfd(
            0,
            libc::EFD_CLOEXEC | libc::EFD_NONBLOCK,
        ))?));
        epoll_mod(
            epfd.as_raw_fd(),
            libc::EPOLL_CTL_ADD,
            wake.as_raw_fd(),
            libc::EPOLLIN as u32,
            WAKE,
        )?;
        let mut fds = [0; 2];
        cvt(libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC))?;
        let (read_end, write_end) = (owned(fds[0]), owned(fds[1]));
        cvt(libc::fcntl(read_end.as_raw_fd(), libc::F_SETFL, libc::O_NONBLOCK))?;
        let watches = Arc::new(Mutex::new(HashMap::new()));
        // The thread starts with every signal blocked: it must never take the caller's.
        let mut all: libc::sigset_t = std::mem::zeroed();
        let mut old: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut all);
        libc::pthread_sigmask(libc::SIG_SETMASK, &all, &mut old);
        let (e, w) = (Arc::clone(&epfd), Arc::clone(&watches));
        let thread = std::thread::Builder::new()
            .name("rns-waiter".into())
            .stack_size(64 * 1024)
            .spawn(move || run(e, write_end, w));
        libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut());
        let thread = thread.map_err(|e| Errno(e.raw_os_error().unwrap_or(libc::EAGAIN)))?;
        out.set(Box::into_raw(Box::new(rns_waiter {
            epfd,
            wake,
            read_end,
            watches,
            thread: Some(thread),
        })));
        Ok(())
    })
}

/// A new fd of the read end of the waiter's pipe (O_CLOEXEC, O_NONBLOCK): rns_exit_event
/// records, 32 bytes each, one per process, in the order they exited. The caller closes it.
///
/// Kernel: none (no system call).
/// Scope: library-owned: a new fd of the waiter's pipe, the caller's to close.
/// Returns: the fd.
/// Errors: -EFAULT `waiter` is NULL; -EMFILE out of fds.
/// Since: 0.2
///
/// # Safety
/// `waiter` is NULL or from rns_waiter_new(), not yet freed.
#[no_mangle]
pub unsafe extern "C" fn rns_waiter_fd(waiter: *const rns_waiter) -> c_int {
    call_nc(|| {
        let w = waiter.as_ref().ok_or(Errno::EFAULT)?;
        cvt(libc::fcntl(w.read_end.as_raw_fd(), libc::F_DUPFD_CLOEXEC, 0))
    })
}

/// Watches the process `pidfd` refers to: when it exits, the waiter writes an rns_exit_event
/// with `token`. The pidfd is duplicated (the caller keeps and closes its own).
///
/// For a child of the caller the exit status comes from waitid(2), which reaps it unless
/// `flags` has RNS_WAITER_NOREAP (then whoever else waits for it still can: use it for
/// children another part of the program reaps, libuv's in Node). For any other process it
/// comes from the kernel once the parent has reaped it (Linux 6.15); before, the record says
/// RNS_WAIT_NONE with error ECHILD. May be called from any thread.
///
/// Kernel: Linux 5.3 (pidfds); exit status of a process not the caller's child 6.15
/// (RNS_WAIT_NONE with ECHILD before).
/// Scope: library-owned: the waiter's; its thread reaps the child when it exits (unless
/// RNS_WAITER_NOREAP).
/// Returns: 0.
/// Errors: -EFAULT `waiter` is NULL; -EINVAL unknown `flags` bits, or `pidfd` is not a pidfd;
/// -EBADF `pidfd` is not open; -EMFILE out of fds; -ENOMEM.
/// Since: 0.2
///
/// # Safety
/// `waiter` is NULL or from rns_waiter_new(), not yet freed.
#[no_mangle]
pub unsafe extern "C" fn rns_waiter_add(
    waiter: *mut rns_waiter,
    pidfd: c_int,
    token: u64,
    flags: c_int,
) -> c_int {
    call_nc(|| {
        let w = waiter.as_ref().ok_or(Errno::EFAULT)?;
        known_bits(flags, RNS_WAITER_NOREAP)?;
        if pidfd < 0 {
            return Err(Errno::EBADF);
        }
        if !pidfd::is_pidfd(pidfd)? {
            return Err(Errno::EINVAL);
        }
        let pid = pidfd::getpid(pidfd).unwrap_or(0); // 0: exited already, or not visible
        let fd = owned(cvt(libc::fcntl(pidfd, libc::F_DUPFD_CLOEXEC, 0))?);
        let raw = fd.as_raw_fd();
        let mut map = w.watches.lock().map_err(|_| Errno(libc::ENOTRECOVERABLE))?;
        map.insert(
            raw,
            Watch {
                fd,
                token,
                pid,
                flags,
                awaiting_reap: false,
            },
        );
        // Added under the lock, so the thread finds the watch when the fd fires.
        if let Err(e) = epoll_mod(
            w.epfd.as_raw_fd(),
            libc::EPOLL_CTL_ADD,
            raw,
            libc::EPOLLIN as u32,
            raw as u64,
        ) {
            map.remove(&raw);
            return Err(e);
        }
        Ok(())
    })
}

/// Stops the waiter's thread and frees it, with every pidfd it held; processes not yet
/// reported are not reported. Fds from rns_waiter_fd() stay open (at end of file).
///
/// Kernel: none beyond rns_waiter_new().
/// Scope: library-owned: ends the waiter's thread and closes its fds.
/// Returns: 0.
/// Errors: -EFAULT `waiter` is NULL.
/// Since: 0.2
///
/// # Safety
/// `waiter` is NULL or from rns_waiter_new(), not yet freed; not used by other threads
/// during or after the call.
#[no_mangle]
pub unsafe extern "C" fn rns_waiter_free(waiter: *mut rns_waiter) -> c_int {
    call_nc(|| {
        if waiter.is_null() {
            return Err(Errno::EFAULT);
        }
        let mut w = Box::from_raw(waiter);
        let one: u64 = 1;
        libc::write(w.wake.as_raw_fd(), (&one as *const u64).cast(), 8);
        if let Some(t) = w.thread.take() {
            let _ = t.join();
        }
        Ok(())
    })
}
