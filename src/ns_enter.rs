//! Entering namespaces and coming back: the one save/restore behind every "run this in that
//! namespace" helper (the Go and Node bindings' RunInNamespaces call these two primitives).
//!
//! rns_ns_enter*() keeps an fd of each namespace the calling thread is about to leave (and,
//! for a mount namespace, its root and cwd), then enters; rns_ns_restore() goes back and frees
//! what was kept. Exactly the types asked for are saved, as the hand-written pattern
//! (LockOSThread, setns in, setns back) does, so the pair costs what that pattern costs.

use std::ffi::CStr;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::raw::{c_int, c_void};

use crate::ffi::{self, call_nc, cvt, Errno, Result};
use crate::namespaces::{self, NsTypes};
use crate::pidfd;

/// The namespaces a thread left in rns_ns_enter() or rns_ns_enter_pid(), kept open to go back
/// to with rns_ns_restore(). Opaque; made and freed only by those calls.
#[allow(non_camel_case_types)]
pub struct rns_ns_saved {
    /// The thread that entered (pthread_self(): no syscall): only it can go back.
    thread: libc::pthread_t,
    /// Each namespace left, by type; the mount namespace last, so the others are restored
    /// while paths still resolve as they did in the entered one (they need none).
    ns: Vec<(NsTypes, OwnedFd)>,
    /// With a mount namespace: the thread's root and cwd (O_PATH), which entering one resets.
    fs: Option<(OwnedFd, OwnedFd)>,
}

/// The file in /proc/thread-self/ns that shows what setns(2) of each type changes, and the
/// pidfd ioctl that opens the same (PIDFD_GET_*_NAMESPACE, Linux 6.11). For PID and time
/// namespaces setns changes only what children get: the *_for_children ones. Mount last.
const THREAD_NS: [(NsTypes, &CStr, u64); 7] = [
    (NsTypes::CGROUP, c"/proc/thread-self/ns/cgroup", 0xFF01),
    (NsTypes::IPC, c"/proc/thread-self/ns/ipc", 0xFF02),
    (NsTypes::UTS, c"/proc/thread-self/ns/uts", 0xFF0A),
    (NsTypes::NET, c"/proc/thread-self/ns/net", 0xFF04),
    (NsTypes::PID, c"/proc/thread-self/ns/pid_for_children", 0xFF06),
    (NsTypes::TIME, c"/proc/thread-self/ns/time_for_children", 0xFF08),
    (NsTypes::MNT, c"/proc/thread-self/ns/mnt", 0xFF03),
];

/// Opens the calling thread's namespace of type `t` (one type) as setns(2) changes it. Through
/// /proc/thread-self (which the kernel resolves to this thread or not at all), else, when /proc
/// does not show this thread, through a pidfd of the thread (Linux 6.11). `EINVAL` for a type
/// the kernel lacks (or the user type), `ENOSYS` when neither way works.
pub(crate) fn thread_ns(t: NsTypes) -> Result<OwnedFd> {
    let Some(&(_, path, req)) = THREAD_NS.iter().find(|(ty, _, _)| *ty == t) else {
        return Err(Errno::EINVAL);
    };
    match ffi::open_cloexec(path) {
        Ok(fd) => return Ok(fd),
        Err(Errno::ENOENT) if namespaces::exists(c"/proc/thread-self/ns") => return Err(Errno::EINVAL),
        Err(Errno::ENOENT) => {}
        Err(e) => return Err(e),
    }
    // SAFETY: plain syscall.
    let tid = unsafe { libc::gettid() };
    let thread = pidfd::open(tid, pidfd::RNS_PIDFD_THREAD).map_err(|_| Errno::ENOSYS)?;
    // SAFETY: an ioctl without argument on a pidfd we own.
    match cvt(unsafe { libc::ioctl(thread.as_raw_fd(), req as _, 0) }) {
        // SAFETY: the kernel just gave us this fd.
        Ok(fd) => Ok(unsafe { OwnedFd::from_raw_fd(fd) }),
        Err(Errno(libc::EOPNOTSUPP)) => Err(Errno::EINVAL),
        Err(_) => Err(Errno::ENOSYS),
    }
}

/// Opens a directory of the calling thread (its root "/" or cwd ".") with O_PATH.
fn open_dir(path: &std::ffi::CStr) -> Result<OwnedFd> {
    // SAFETY: a valid C string.
    let fd = cvt(unsafe { libc::open(path.as_ptr(), libc::O_PATH | libc::O_DIRECTORY | libc::O_CLOEXEC) })?;
    // SAFETY: just opened, owned by no one else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// What rns_ns_enter*() may enter: every namespace type but the user namespace, which a thread
/// cannot leave again (it has no capabilities in the parent once inside).
fn enterable(nstypes: c_int) -> Result<NsTypes> {
    let types = NsTypes::from_bits(nstypes).ok_or(Errno::EINVAL)?;
    if types.is_empty() || types.contains(NsTypes::USER) {
        return Err(Errno::EINVAL);
    }
    Ok(types)
}

impl rns_ns_saved {
    /// Saves the calling thread's namespaces of `types` (and its root and cwd with a mount
    /// namespace). Changes nothing.
    fn save(types: NsTypes) -> Result<rns_ns_saved> {
        let mut ns = Vec::with_capacity(types.bits().count_ones() as usize);
        for (t, _, _) in THREAD_NS.iter().filter(|(t, _, _)| types.contains(*t)) {
            ns.push((*t, thread_ns(*t)?));
        }
        let fs = if types.contains(NsTypes::MNT) {
            Some((open_dir(c"/")?, open_dir(c".")?))
        } else {
            None
        };
        // SAFETY: no preconditions.
        let thread = unsafe { libc::pthread_self() };
        Ok(rns_ns_saved { thread, ns, fs })
    }

    /// Moves the calling thread back into every saved namespace, then its root and cwd; goes
    /// on after a failure and returns the first. A setns refused while the thread is in that
    /// namespace already (the target shared it) is no failure. `changed_only`: skip the
    /// types the thread has not left (undoing a failed entry, where most have not).
    fn restore(&self, changed_only: bool) -> Result<()> {
        let mut first = None;
        for (t, fd) in &self.ns {
            if changed_only && self.is_in(*t, fd) {
                continue;
            }
            // SAFETY: plain syscall on an fd we own.
            if let Err(e) = cvt(unsafe { libc::setns(fd.as_raw_fd(), t.bits()) }) {
                if !self.is_in(*t, fd) {
                    first.get_or_insert(e);
                }
            }
        }
        if let Some((root, cwd)) = &self.fs {
            if let Err(e) = restore_fs(root, cwd) {
                first.get_or_insert(e);
            }
        }
        first.map_or(Ok(()), Err)
    }

    /// Checks, before anything is entered, that the thread will be let back: setns(2) into
    /// each namespace it is in now asks the privilege that coming back will (CAP_SYS_ADMIN
    /// over the namespace's owner, which a thread that is root only of a child user namespace
    /// lacks over namespaces its parent owns). Entering its own mount namespace resets the
    /// thread's root and cwd, so those are given back at once.
    ///
    /// Skipped in the initial user namespace: there the CAP_SYS_ADMIN that entering proves
    /// covers every namespace, so coming back cannot be refused for lack of privilege.
    fn can_come_back(&self) -> Result<()> {
        if namespaces::in_initial_user_ns() {
            return Ok(());
        }
        for (t, fd) in &self.ns {
            // SAFETY: plain syscall on an fd we own.
            let r = cvt(unsafe { libc::setns(fd.as_raw_fd(), t.bits()) });
            r?;
            if let (NsTypes::MNT, Some((root, cwd))) = (*t, &self.fs) {
                restore_fs(root, cwd)?;
            }
        }
        Ok(())
    }

    /// Whether the calling thread is in the namespace `fd` of type `t` now.
    fn is_in(&self, t: NsTypes, fd: &OwnedFd) -> bool {
        match (thread_ns(t), namespaces::ns_identity(fd)) {
            (Ok(now), Ok(saved)) => namespaces::ns_identity(&now) == Ok(saved),
            _ => false,
        }
    }
}

/// Gives the thread back its root and cwd. chroot(2) only when the root differs from the one
/// entering the mount namespace gave (a chrooted thread), so no privilege is needed otherwise.
fn restore_fs(root: &OwnedFd, cwd: &OwnedFd) -> Result<()> {
    let now = open_dir(c"/")?;
    if namespaces::ns_identity(&now)? != namespaces::ns_identity(root)? {
        // SAFETY: plain syscalls; fchdir on a directory fd we own.
        cvt(unsafe { libc::fchdir(root.as_raw_fd()) })?;
        // SAFETY: a valid C string.
        cvt(unsafe { libc::chroot(c".".as_ptr()) })?;
    }
    // SAFETY: fchdir on a directory fd we own.
    cvt(unsafe { libc::fchdir(cwd.as_raw_fd()) }).map(drop)
}

/// The types to enter through `fd`, checked as far as the fd itself tells: `EBADF` not open;
/// a namespace file must be of `nstypes` (or `nstypes` 0); anything else must be able to be a
/// pidfd (pidfs, or an anonymous inode before Linux 6.9) with `nstypes` given.
fn target_types(fd: c_int, nstypes: c_int) -> Result<NsTypes> {
    let magic = ffi::fs_magic(fd)?;
    let given = NsTypes::from_bits(nstypes).ok_or(Errno::EINVAL)?;
    let types = match magic {
        ffi::NSFS_MAGIC => {
            let t = namespaces::nstype_of(fd)?;
            if !given.is_empty() && given != t {
                return Err(Errno::EINVAL);
            }
            t
        }
        ffi::PIDFS_MAGIC | ffi::ANON_INODE_FS_MAGIC if !given.is_empty() => given,
        _ => return Err(Errno::EINVAL),
    };
    enterable(types.bits())
}

/// Saves, enters with `enter`, and hands the saved state to the caller. If entering fails,
/// whatever it changed (the per-file path is not atomic) is undone; if that fails too, the
/// thread is in a mix of namespaces: ENOTRECOVERABLE.
fn enter_with(
    types: NsTypes,
    out: ffi::Out<*mut rns_ns_saved>,
    enter: impl FnOnce() -> Result<()>,
) -> Result<()> {
    // A usage error, reported before any privilege is asked (the kernel would say EPERM
    // first to an unprivileged caller).
    if types.contains(NsTypes::MNT) && namespaces::fs_shared() {
        return Err(Errno::EINVAL);
    }
    let saved = rns_ns_saved::save(types)?;
    saved.can_come_back()?;
    if let Err(e) = enter() {
        return match saved.restore(true) {
            Ok(()) => Err(e),
            Err(_) => Err(Errno(libc::ENOTRECOVERABLE)),
        };
    }
    out.set(Box::into_raw(Box::new(saved)));
    Ok(())
}

/// Moves the calling thread into the namespaces `fd` refers to, first saving those it leaves,
/// so that rns_ns_restore() can bring it back.
///
/// Before entering, it checks that the thread will be let back (setns(2) into the namespaces
/// it is in asks the same privilege), so a thread is never stranded for lack of privilege: a
/// process that is root only of a child user namespace gets -EPERM for namespaces its parent
/// user namespace owns, as it could enter but never leave.
///
/// `fd` is a pidfd with an OR of RNS_CLONE_NEW* types (entered atomically where setns takes
/// pidfds, Linux 5.8), or a namespace file with its type or 0 (its type then comes from the
/// kernel, NS_GET_NSTYPE). Exactly those types are saved: if the work done in between changes
/// other namespaces of the thread, it must undo that itself. RNS_CLONE_NEWUSER is refused: a
/// thread cannot leave a user namespace it entered. RNS_CLONE_NEWNS needs a thread that does
/// not share its fs state (rns_unshare(RNS_CLONE_FS) first, as for rns_setns()); its root and
/// cwd are saved too and given back by rns_ns_restore(). RNS_CLONE_NEWPID and
/// RNS_CLONE_NEWTIME change what children get (pid_for_children, time_for_children).
///
/// Kernel: as rns_setns(); the thread's own namespaces saved through /proc/thread-self/ns
/// (3.17), or the pidfd namespace ioctls (6.11); -ENOSYS with neither.
/// Scope: calling thread, until rns_ns_restore() on the same thread.
/// Returns: 0, with `*ret_saved` set (free it only with rns_ns_restore()); on failure nothing
/// is changed and `*ret_saved` is not written.
/// Errors: -EFAULT `ret_saved` is NULL; -EBADF `fd` is not open; -EINVAL `nstypes` has unknown
/// bits or RNS_CLONE_NEWUSER, is 0 with a pidfd, does not match the namespace file, names a
/// type the kernel lacks, or RNS_CLONE_NEWNS while the thread shares its fs state; -EPERM
/// lacking CAP_SYS_ADMIN in a target namespace, or over one the thread would have to come
/// back to; -ESRCH the pidfd's process has exited;
/// -ENOSYS the thread's own namespaces cannot be opened (no /proc, and no pidfd namespace
/// ioctls); -ENOTRECOVERABLE entering failed part way and the thread could not be put back
/// (do not use the thread for anything else).
/// Since: 0.2
///
/// # Safety
/// `ret_saved` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn rns_ns_enter(fd: c_int, nstypes: c_int, ret_saved: *mut *mut rns_ns_saved) -> c_int {
    call_nc(|| {
        // SAFETY: the caller's contract: NULL or valid for writing a pointer.
        let out = unsafe { ffi::out(ret_saved) }?;
        // Checked before anything is opened (which could reuse a closed `fd`'s number) and
        // before the privilege check, so bad input gets its own errno.
        let types = target_types(fd, nstypes)?;
        enter_with(types, out, || namespaces::setns_checked(fd, types))
    })
}

/// Moves the calling thread into several namespaces of process `pid`, as rns_setns_pid() does,
/// first saving those it leaves, so that rns_ns_restore() can bring it back.
///
/// Everything rns_ns_enter() says of the types holds. Where setns takes no pidfd the types are
/// entered one by one; a failure part way is undone before returning.
///
/// Kernel: as rns_ns_enter() and rns_setns_pid().
/// Scope: calling thread, until rns_ns_restore() on the same thread.
/// Returns: 0, with `*ret_saved` set (free it only with rns_ns_restore()); on failure nothing
/// is changed and `*ret_saved` is not written.
/// Errors: -EFAULT `ret_saved` is NULL; -EINVAL `pid` <= 0, `nstypes` 0, with unknown bits or
/// RNS_CLONE_NEWUSER, a type the kernel lacks, or RNS_CLONE_NEWNS while the thread shares its
/// fs state; -ESRCH no such process, or it has exited; -EPERM lacking privilege (as for
/// rns_setns_pid()), or to come back (as for rns_ns_enter()); -ENOSYS as for rns_ns_enter()
/// and rns_setns_pid(); -ENOTRECOVERABLE as for rns_ns_enter().
/// Since: 0.2
///
/// # Safety
/// `ret_saved` is NULL or valid for writing one pointer.
#[no_mangle]
pub unsafe extern "C" fn rns_ns_enter_pid(
    pid: libc::pid_t,
    nstypes: c_int,
    ret_saved: *mut *mut rns_ns_saved,
) -> c_int {
    call_nc(|| {
        // SAFETY: the caller's contract: NULL or valid for writing a pointer.
        let out = unsafe { ffi::out(ret_saved) }?;
        let types = enterable(nstypes)?;
        if pid <= 0 {
            return Err(Errno::EINVAL);
        }
        // Found (and pinned) first, so a missing process is -ESRCH before anything else.
        let target = namespaces::Target::find(pid)?;
        enter_with(types, out, || namespaces::setns_target(&target, types).map(drop))
    })
}

/// Moves the calling thread back into the namespaces rns_ns_enter() or rns_ns_enter_pid()
/// saved (and, with a mount namespace, its root and cwd), and frees `saved`.
///
/// It tries every type even after one fails. On failure the thread is left in a mix of
/// namespaces: do not give it back to a pool or use it for other work (the Go binding leaves
/// such a thread locked, so the runtime ends it).
///
/// Kernel: as rns_setns() on the saved namespace files.
/// Scope: calling thread.
/// Returns: 0. `saved` is freed whatever the result, except for -EINVAL.
/// Errors: -EFAULT `saved` is NULL; -EINVAL the calling thread is not the one that saved it
/// (then `saved` is kept, to restore on its own thread); the errors of setns(2), fchdir(2) or
/// chroot(2) when a step fails (-EPERM, say, after the work dropped capabilities).
/// Since: 0.2
///
/// # Safety
/// `saved` is NULL or a pointer from rns_ns_enter*() not yet passed to rns_ns_restore().
#[no_mangle]
pub unsafe extern "C" fn rns_ns_restore(saved: *mut rns_ns_saved) -> c_int {
    call_nc(|| {
        if saved.is_null() {
            return Err(Errno::EFAULT);
        }
        // SAFETY: the caller's contract: a live pointer from Box::into_raw in enter_with.
        if unsafe { libc::pthread_equal((*saved).thread, libc::pthread_self()) } == 0 {
            return Err(Errno::EINVAL);
        }
        // SAFETY: as above; taken back once, here.
        let saved = unsafe { Box::from_raw(saved) };
        saved.restore(false)
    })
}

/// The function rns_run_in_ns() runs: called with the caller's argument, its result handed
/// back to the caller.
#[allow(non_camel_case_types)]
pub type rns_run_fn = Option<unsafe extern "C" fn(arg: *mut c_void) -> c_int>;

/// Runs `f` on a new thread of its own, with fs state of its own (CLONE_FS unshared, so it
/// may join a mount namespace), and returns what `f` returned once the thread has ended: the
/// calling thread never changes, whatever `f` does to its own. A plain pthread (the process's
/// default stack, from glibc's cache): Rust's std threads map an alternate signal stack each,
/// a fifth of the cost of a short call.
pub(crate) fn on_new_thread<T, F: FnOnce() -> Result<T>>(f: F) -> Result<T> {
    struct Work<F, T> {
        f: Option<F>,
        result: Option<Result<T>>,
    }
    extern "C" fn run<F: FnOnce() -> Result<T>, T>(arg: *mut c_void) -> *mut c_void {
        // SAFETY: the Work below, which outlives this thread (joined before it is dropped).
        let w = unsafe { &mut *arg.cast::<Work<F, T>>() };
        w.result = w.f.take().map(|f| {
            // SAFETY: a plain syscall on this new thread only.
            cvt(unsafe { libc::unshare(libc::CLONE_FS) })?;
            f()
        });
        std::ptr::null_mut()
    }
    let mut work = Work {
        f: Some(f),
        result: None,
    };
    let mut thread: libc::pthread_t = 0;
    let start: extern "C" fn(*mut c_void) -> *mut c_void = run::<F, T>;
    // SAFETY: `work` outlives the thread: it is joined before `work` goes out of scope.
    let r = unsafe {
        libc::pthread_create(
            &mut thread,
            std::ptr::null(),
            start,
            (&mut work as *mut Work<F, T>).cast(),
        )
    };
    if r != 0 {
        return Err(Errno(r));
    }
    // SAFETY: a thread we created and have not joined.
    unsafe { libc::pthread_join(thread, std::ptr::null_mut()) };
    work.result.unwrap_or(Err(Errno(libc::EIO)))
}

/// Runs `func(arg)` on a new thread inside the namespaces `fd` refers to, and returns once it
/// has returned, with its result in `*ret_result`. The calling thread is never changed,
/// whatever fails: the new thread enters, runs `func`, and ends (nothing to restore).
///
/// `fd` and `nstypes` are as rns_ns_enter() takes them: a pidfd with an OR of RNS_CLONE_NEW*
/// types (one by one through the pidfd where setns takes none, before Linux 5.8), or a
/// namespace file with its type or 0. RNS_CLONE_NEWUSER is refused: a thread of a
/// multithreaded process cannot join a user namespace (spawn a process for that). The thread
/// has fs state of its own (CLONE_FS unshared), so a mount namespace can be joined and `func`
/// sees its root and cwd. RNS_CLONE_NEWPID and RNS_CLONE_NEWTIME change what children `func`
/// starts get. The thread starts with the calling thread's signal mask and the process's
/// default thread stack size.
/// `func` must not leave the thread by other means than returning (pthread_exit, longjmp, a
/// C++ exception). Threads `func` starts do not inherit the namespaces of the calling thread
/// but of this one (its fs state too): a language runtime whose callbacks may start its own
/// worker threads from the current thread (Go's cgo callbacks do) must not be called back
/// here, or its later threads start in these namespaces (Go's binding has its own thread
/// form, RunInNs).
///
/// Kernel: as rns_ns_enter(); a pidfd's types one by one before Linux 5.8.
/// Scope: a new thread of the calling process, ended before the return; the calling thread
/// and the rest of the process are not changed (beyond what `func` itself does).
/// Returns: 0, with `*ret_result` set to what `func` returned; on an error `func` was not
/// called and `*ret_result` is not written.
/// Errors: -EFAULT `func` or `ret_result` is NULL; -EBADF `fd` is not open; -EINVAL `nstypes`
/// has unknown bits or RNS_CLONE_NEWUSER, is 0 with a pidfd, does not match the namespace
/// file, or names a type the kernel lacks; -EPERM lacking CAP_SYS_ADMIN in a target
/// namespace; -ESRCH the pidfd's process has exited; -EAGAIN no thread could be created.
/// Since: 0.2
///
/// # Safety
/// `func` is NULL or a function that may be called with `arg` on another thread;
/// `ret_result` is NULL or valid for writing an int.
#[no_mangle]
pub unsafe extern "C" fn rns_run_in_ns(
    fd: c_int,
    nstypes: c_int,
    func: rns_run_fn,
    arg: *mut c_void,
    ret_result: *mut c_int,
) -> c_int {
    call_nc(|| {
        // SAFETY: the caller's contract: NULL or valid for writing an int.
        let out = unsafe { ffi::out(ret_result) }?;
        let func = func.ok_or(Errno::EFAULT)?;
        let types = target_types(fd, nstypes)?;
        let result = on_new_thread(|| {
            namespaces::setns_fd(fd, types)?;
            // SAFETY: the caller's contract for func and arg.
            Ok(unsafe { func(arg) })
        })?;
        out.set(result);
        Ok(0)
    })
}
