//! Making the child: clone3 with CLONE_PIDFD (CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP where
//! the kernel has them), clone(2) without clone3, either sharing the caller's memory on a
//! stack of its own (CLONE_VM|CLONE_VFORK) or as a fork-style copy; the stacks and the page
//! shared with every child.

use std::os::raw::{c_int, c_ulong};
use std::sync::atomic::{AtomicPtr, AtomicU8, Ordering};

use super::child::{child, errno};
use super::plan::Plan;
use crate::ffi::{cvt, Errno, Result};
use crate::namespaces;

/// clone3(2)'s argument up to the cgroup field (88 bytes, Linux 5.7; the first version, 64
/// bytes, is Linux 5.3's).
#[repr(C)]
#[derive(Default)]
struct CloneArgs {
    flags: u64,
    pidfd: u64,
    child_tid: u64,
    parent_tid: u64,
    exit_signal: u64,
    stack: u64,
    stack_size: u64,
    tls: u64,
    set_tid: u64,
    set_tid_size: u64,
    cgroup: u64,
}
const CLONE_ARGS_SIZE_VER0: usize = 64;

const CLONE_PIDFD: u64 = 0x1000;
const CLONE_CLEAR_SIGHAND: u64 = 0x1_0000_0000;
const CLONE_INTO_CGROUP: u64 = 0x2_0000_0000;

/// What the kernel said of clone3: 0 not asked yet, 1 clone3 with CLONE_CLEAR_SIGHAND, 2
/// clone3 without it (5.3, 5.4), 3 no clone3 (ENOSYS, or a seccomp filter saying so).
static CLONE3: AtomicU8 = AtomicU8::new(0);
/// clone3's CLONE_INTO_CGROUP (Linux 5.7): 0 not asked yet, 1 yes, 2 no (E2BIG for the
/// larger struct).
static CGROUP: AtomicU8 = AtomicU8::new(0);

/// The stack of a child that shares the caller's memory (CLONE_VM): mapped by the parent, with
/// a guard page at its low end; once the child has exec'd or exited, kept as the spare or
/// unmapped.
pub(super) struct ChildStack {
    base: *mut libc::c_void,
}

/// Its size with the guard page: the child's deepest frames (the fd listing's 4 KiB buffer,
/// the libc calls) use a few KiB; the rest is margin for debug and sanitizer builds.
const CHILD_STACK: usize = 128 * 1024;
const GUARD: usize = 4096;

impl ChildStack {
    pub(super) fn new() -> Result<ChildStack> {
        for slot in &SPARE_STACKS {
            let spare = slot.swap(std::ptr::null_mut(), Ordering::AcqRel);
            if !spare.is_null() {
                return Ok(ChildStack { base: spare });
            }
        }
        // SAFETY: a fresh anonymous mapping; the guard page is its own first page.
        unsafe {
            let base = libc::mmap(
                std::ptr::null_mut(),
                CHILD_STACK,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_STACK,
                -1,
                0,
            );
            if base == libc::MAP_FAILED {
                return Err(Errno::last());
            }
            let stack = ChildStack { base };
            cvt(libc::mprotect(base, GUARD, libc::PROT_NONE))?;
            Ok(stack)
        }
    }

    /// The usable part: (lowest address, size).
    fn usable(&self) -> (*mut libc::c_void, usize) {
        // SAFETY: GUARD < CHILD_STACK, inside the mapping.
        (
            unsafe { self.base.cast::<u8>().add(GUARD).cast() },
            CHILD_STACK - GUARD,
        )
    }
}

/// An int in a page shared with every child (MAP_SHARED survives a fork-style clone).
pub(super) struct SharedSlot(pub(super) *mut c_int);

impl SharedSlot {
    pub(super) fn new() -> Result<SharedSlot> {
        // SAFETY: a fresh anonymous shared mapping, zero-filled.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                4096,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return Err(Errno::last());
        }
        Ok(SharedSlot(p.cast()))
    }
}

impl Drop for SharedSlot {
    fn drop(&mut self) {
        // SAFETY: our own mapping; the children that could write it have exec'd or exited.
        unsafe { libc::munmap(self.0.cast(), 4096) };
    }
}

/// Stacks kept for the next spawns, so that most spawns map nothing (and unmap nothing: an
/// munmap in a process of many threads costs each of them a TLB flush): as many as spawns
/// that run at once, up to SPARES; past that a spawn maps its own. Null: a free slot. Each
/// slot is taken and filled by one atomic swap, so no spawn waits on another.
const SPARES: usize = 16;
static SPARE_STACKS: [AtomicPtr<libc::c_void>; SPARES] =
    [const { AtomicPtr::new(std::ptr::null_mut()) }; SPARES];

impl Drop for ChildStack {
    /// Keeps the stack as a spare, or unmaps it when every slot is full. Only once the child
    /// has exec'd or exited: nothing uses it any more.
    fn drop(&mut self) {
        for slot in &SPARE_STACKS {
            let kept = slot.compare_exchange(
                std::ptr::null_mut(),
                self.base,
                Ordering::AcqRel,
                Ordering::Relaxed,
            );
            if kept.is_ok() {
                return;
            }
        }
        // SAFETY: our own mapping, which no one uses any more.
        unsafe { libc::munmap(self.base, CHILD_STACK) };
    }
}

/// The entry of a child that shares the caller's memory, on its own stack.
extern "C" fn vm_entry(plan: *mut libc::c_void) -> c_int {
    // SAFETY: the parent's Plan, alive and untouched while the parent's thread is suspended
    // (CLONE_VFORK) until this child execs or exits.
    child(unsafe { &mut *plan.cast::<Plan>() })
}

/// clone3(2) with the child on `args.stack`, where it calls vm_entry(plan) and never returns.
/// Returns the raw result: the child's pid, or -errno.
#[cfg(target_arch = "x86_64")]
unsafe fn clone3_vm(args: &mut CloneArgs, size: usize, plan: *mut libc::c_void) -> libc::c_long {
    let ret: libc::c_long;
    std::arch::asm!(
        "syscall",
        "test rax, rax",
        "jnz 2f",
        // The child: the kernel has set rsp to the top of its stack.
        "and rsp, -16",
        "mov rdi, r12",
        "call r13",
        "ud2",
        "2:",
        inlateout("rax") libc::SYS_clone3 => ret,
        in("rdi") args as *mut CloneArgs,
        in("rsi") size,
        in("r12") plan,
        in("r13") vm_entry as extern "C" fn(*mut libc::c_void) -> c_int,
        lateout("rcx") _,
        lateout("r11") _,
        options(nostack),
    );
    ret
}

/// Elsewhere the shared-memory child is started by glibc's clone(3) (clone(2), which knows
/// the architecture's argument order and stack switch).
#[cfg(not(target_arch = "x86_64"))]
unsafe fn clone3_vm(_args: &mut CloneArgs, _size: usize, _plan: *mut libc::c_void) -> libc::c_long {
    -(libc::ENOSYS as libc::c_long)
}

/// How the child is made.
#[derive(Clone, Copy)]
pub(super) enum Mode<'p, 'a> {
    /// A copy of the calling thread (no CLONE_VM): clone_child returns in both processes.
    Fork,
    /// CLONE_VM|CLONE_VFORK on `stack`: the child runs child(plan) there; the calling
    /// thread is suspended until the child execs or exits.
    Vm(&'p ChildStack, *mut Plan<'a>),
}

/// clone(2) of a fork-style child (no new stack): returns in both processes. `parent_tid`
/// receives the pidfd (CLONE_PIDFD) or the child's pid (CLONE_PARENT_SETTID). s390 takes the
/// stack first (CLONE_BACKWARDS2); elsewhere the flags come first and parent_tid is third.
pub(crate) unsafe fn raw_clone(flags: c_ulong, parent_tid: *mut c_int) -> libc::c_long {
    #[cfg(target_arch = "s390x")]
    let r = libc::syscall(libc::SYS_clone, 0usize, flags, parent_tid, 0usize, 0usize);
    #[cfg(not(target_arch = "s390x"))]
    let r = libc::syscall(libc::SYS_clone, flags, 0usize, parent_tid, 0usize, 0usize);
    r
}

/// What clone_child did, in the parent (pid > 0) and, in Fork mode, in the child (pid 0).
#[derive(Clone, Copy)]
pub(super) struct Cloned {
    pub(super) pid: libc::pid_t,
    pub(super) pidfd: c_int,
    /// The handlers still need resetting (no CLONE_CLEAR_SIGHAND).
    pub(super) reset_handlers: bool,
    /// The cgroup fd the child must write itself into (no CLONE_INTO_CGROUP), or -1.
    pub(super) cgroup_write: c_int,
}

/// What a clone made, also set in a shared-memory child's plan before each attempt (it reads
/// it there): whether handlers still need resetting (no CLONE_CLEAR_SIGHAND) and the cgroup
/// it must write itself into (no CLONE_INTO_CGROUP).
unsafe fn made(mode: Mode, pid: libc::pid_t, pidfd: c_int, clear: bool, into: bool, cgroup: c_int) -> Cloned {
    let c = Cloned {
        pid,
        pidfd: if pid == 0 { -1 } else { pidfd },
        reset_handlers: !clear,
        cgroup_write: if into { -1 } else { cgroup },
    };
    if let Mode::Vm(_, plan) = mode {
        (*plan).reset_handlers = c.reset_handlers;
        (*plan).cgroup_write = c.cgroup_write;
    }
    c
}

/// Starts the child: clone3 with CLONE_PIDFD (and CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP for
/// a `cgroup` fd >= 0, where the kernel has them), else clone(2) with CLONE_PIDFD. In Vm mode
/// the child runs child() and never returns here. The shared-memory clone3 exists on x86_64
/// only; elsewhere it is glibc's clone(3).
pub(super) unsafe fn clone_child(ns_flags: c_int, cgroup: c_int, mode: Mode) -> Result<Cloned> {
    let state = CLONE3.load(Ordering::Relaxed);
    if state != 3 && (matches!(mode, Mode::Fork) || cfg!(target_arch = "x86_64")) {
        if let Some(r) = clone3_child(ns_flags, cgroup, mode, state) {
            return r;
        }
        CLONE3.store(3, Ordering::Relaxed);
    }
    clone2_child(ns_flags, cgroup, mode)
}

/// The clone3 attempts: without CLONE_INTO_CGROUP after E2BIG (before 5.7), without
/// CLONE_CLEAR_SIGHAND after a first EINVAL (5.3, 5.4); None after ENOSYS.
unsafe fn clone3_child(ns_flags: c_int, cgroup: c_int, mode: Mode, state: u8) -> Option<Result<Cloned>> {
    let mut pidfd: c_int = -1;
    let mut clear = state != 2;
    let mut into = cgroup >= 0 && CGROUP.load(Ordering::Relaxed) != 2;
    loop {
        let mut args = CloneArgs {
            flags: CLONE_PIDFD | ns_flags as u32 as u64,
            pidfd: &mut pidfd as *mut c_int as u64,
            exit_signal: libc::SIGCHLD as u64,
            ..Default::default()
        };
        if let Mode::Vm(stack, _) = mode {
            let (low, size) = stack.usable();
            args.flags |= (libc::CLONE_VM | libc::CLONE_VFORK) as u64;
            args.stack = low as u64;
            args.stack_size = size as u64;
        }
        if clear {
            args.flags |= CLONE_CLEAR_SIGHAND;
        }
        // The first version of the struct (64 bytes) unless the cgroup field is needed.
        let mut size = CLONE_ARGS_SIZE_VER0;
        if into {
            args.flags |= CLONE_INTO_CGROUP;
            args.cgroup = cgroup as u64;
            size = std::mem::size_of::<CloneArgs>();
        }
        made(mode, 0, -1, clear, into, cgroup);
        let r = match mode {
            Mode::Vm(_, plan) => clone3_vm(&mut args, size, plan.cast()),
            Mode::Fork => match libc::syscall(libc::SYS_clone3, &mut args as *mut CloneArgs, size) {
                -1 => -(errno() as libc::c_long),
                r => r,
            },
        };
        if r >= 0 {
            if state == 0 {
                CLONE3.store(if clear { 1 } else { 2 }, Ordering::Relaxed);
            }
            if into {
                CGROUP.store(1, Ordering::Relaxed);
            }
            return Some(Ok(made(mode, r as libc::pid_t, pidfd, clear, into, cgroup)));
        }
        match -r as c_int {
            // A struct larger than the kernel's with the cgroup field set: before 5.7.
            libc::E2BIG if into => {
                CGROUP.store(2, Ordering::Relaxed);
                into = false;
            }
            // Perhaps only CLONE_CLEAR_SIGHAND is unknown (Linux 5.3, 5.4).
            libc::EINVAL if clear && state == 0 => clear = false,
            libc::ENOSYS => return None,
            e => return Some(Err(Errno(e))),
        }
    }
}

/// clone(2) with CLONE_PIDFD: no CLONE_NEWTIME (its bit is the exit signal's there), and
/// ENOSYS for an EINVAL without namespaces (CLONE_PIDFD unknown: before Linux 5.2, where
/// pidfds do not exist).
unsafe fn clone2_child(ns_flags: c_int, cgroup: c_int, mode: Mode) -> Result<Cloned> {
    if ns_flags & namespaces::RNS_CLONE_NEWTIME != 0 {
        return Err(Errno::ENOSYS);
    }
    let mut pidfd: c_int = -1;
    let flags = (CLONE_PIDFD as c_ulong) | ns_flags as c_ulong | libc::SIGCHLD as c_ulong;
    made(mode, 0, -1, false, false, cgroup);
    let r = match mode {
        Mode::Vm(stack, plan) => {
            let (low, size) = stack.usable();
            let top = low.cast::<u8>().add(size).cast();
            let flags = flags | (libc::CLONE_VM | libc::CLONE_VFORK) as c_ulong;
            libc::clone(
                vm_entry,
                top,
                flags as c_int,
                plan.cast(),
                &mut pidfd as *mut c_int,
            ) as libc::c_long
        }
        Mode::Fork => raw_clone(flags, &mut pidfd),
    };
    match r {
        r if r >= 0 => Ok(made(mode, r as libc::pid_t, pidfd, false, false, cgroup)),
        _ if errno() == libc::EINVAL && ns_flags == 0 => Err(Errno::ENOSYS),
        _ => Err(Errno::last()),
    }
}
