/* librns: one correct, safe C ABI over Linux namespace, process-group, priority,
 * credential and pidfd calls. SPDX-License-Identifier: MIT OR Apache-2.0
 *
 * Conventions: every function returns int >= 0 on success (the value, where the
 * call has one) and -errno on failure; outputs go through trailing ret_* pointers,
 * written only on success; a NULL required pointer gives -EFAULT; unknown flag
 * bits or `which` give -EINVAL; every fd the library opens is O_CLOEXEC.
 *
 * Kernel minimums and fallbacks (each function's "Kernel:" line, gathered here by
 * build.rs): what a call needs, and what it does or answers on an older kernel.
 *   rns_drop_privileges: every kernel; the per-thread check reads /proc/self/task (skipped
 *       where /proc is missing); RNS_DROP_NO_NEW_PRIVS Linux 3.5.
 *   rns_errname, rns_strerror, rns_version, rns_waiter_fd: none (no system call).
 *   rns_get_child_subreaper: Linux 3.4 (PR_GET_CHILD_SUBREAPER); -EINVAL before.
 *   rns_get_no_new_privs: Linux 3.5 (PR_GET_NO_NEW_PRIVS); -EINVAL before.
 *   rns_get_pdeathsig: every kernel (PR_GET_PDEATHSIG).
 *   rns_getgrouplist: none (the group database through NSS; no system call of its own).
 *   rns_getgroups: every kernel (getgroups(2)).
 *   rns_getpgid, rns_getpgrp, rns_getsid, rns_killpg, rns_setpgid, rns_setpgrp, rns_setsid,
 *       rns_spawn_attr_set_chroot: every kernel.
 *   rns_getpriority: every kernel (getpriority(2); the kernel's 20-nice answer decoded).
 *   rns_getresgid: every kernel (getresgid(2)).
 *   rns_getresuid: every kernel (getresuid(2)).
 *   rns_initgroups: every kernel (the group database through NSS, then setgroups(2)).
 *   rns_listns: Linux 6.19 (listns(2)); -ENOSYS before, no fallback.
 *   rns_netns_add: Linux 3.0 (network namespaces and setns(2) on a thread of the library's;
 *       bind mounts through /proc/self/fd).
 *   rns_netns_delete, rns_ns_unpersist: every kernel (umount2(2) with MNT_DETACH, unlink(2)).
 *   rns_netns_open: every kernel (open(2) of /run/netns/NAME).
 *   rns_ns_enter: as rns_setns(); the thread's own namespaces saved through
 *       /proc/thread-self/ns (3.17), or the pidfd namespace ioctls (6.11); -ENOSYS with
 *       neither.
 *   rns_ns_enter_pid: as rns_ns_enter() and rns_setns_pid().
 *   rns_ns_id: every kernel with nsfs (3.19): the kernel id from 6.18 (NS_GET_ID; a mount
 *       namespace's from 6.11, NS_GET_MNTNS_ID), else the inode number, as the kernel answers.
 *   rns_ns_open: every kernel with /proc/PID/ns (3.8); through the pidfd
 *       (PIDFD_GET_*_NAMESPACE) from 6.11, else /proc with a pidfd check (pidfd_open 5.3), else
 *       /proc alone; pid_for_children 4.12, time_for_children 5.6.
 *   rns_ns_open_id: Linux 6.18 (nsfs file handles, open_by_handle_at(2) on FD_NSFS_ROOT);
 *       -ENOSYS before.
 *   rns_ns_owner_uid: Linux 4.11 (NS_GET_OWNER_UID).
 *   rns_ns_parent: Linux 4.9 (NS_GET_PARENT).
 *   rns_ns_persist: Linux 3.8 (bind mounts of nsfs files); types as rns_setns().
 *   rns_ns_pid_from: Linux 6.9 (NS_GET_PID_FROM_PIDNS, NS_GET_TGID_FROM_PIDNS); -ENOSYS before.
 *   rns_ns_pid_in: Linux 6.9 (NS_GET_PID_IN_PIDNS, NS_GET_TGID_IN_PIDNS); -ENOSYS before.
 *   rns_ns_restore: as rns_setns() on the saved namespace files.
 *   rns_ns_same: as rns_ns_id() (fstat(2) otherwise).
 *   rns_ns_type: Linux 4.11 (NS_GET_NSTYPE); -EINVAL before (no way to tell).
 *   rns_ns_userns: Linux 4.9 (NS_GET_USERNS).
 *   rns_pidfd_getfd: Linux 5.6 (pidfd_getfd(2)); -ENOSYS before.
 *   rns_pidfd_getpid: Linux 6.13 (PIDFD_GET_INFO); before, the pidfd's fdinfo (-ENOSYS where
 *       /proc is missing or of another pid namespace).
 *   rns_pidfd_info: Linux 6.13 (PIDFD_GET_INFO; exit status of reaped processes 6.15); before,
 *       /proc (-ENOSYS where /proc is missing or of another pid namespace).
 *   rns_pidfd_info_mask: as rns_pidfd_info().
 *   rns_pidfd_ns_open: Linux 6.11 (PIDFD_GET_*_NAMESPACE); before, /proc/PID/ns with a pidfd
 *       check; -ENOSYS where /proc is missing or of another pid namespace.
 *   rns_pidfd_open: Linux 5.3 (pidfd_open(2)); -ENOSYS before; RNS_PIDFD_NONBLOCK 5.10,
 *       RNS_PIDFD_THREAD 6.9 (-EINVAL before).
 *   rns_pidfd_send_siginfo: as rns_pidfd_send_signal().
 *   rns_pidfd_send_signal: Linux 5.1 (pidfd_send_signal(2)); -ENOSYS before; flags 6.9 (-EINVAL
 *       before), RNS_PIDFD_SELF_* 6.15 (-EBADF before).
 *   rns_pidfd_wait: Linux 5.4 (waitid(2) with P_PIDFD); on 5.3, waitid(2) on the pidfd's pid
 *       (which an unreaped child keeps).
 *   rns_pidfd_wait_rusage: as rns_pidfd_wait().
 *   rns_run_in_ns: as rns_ns_enter(); a pidfd's types one by one before Linux 5.8.
 *   rns_set_child_subreaper: Linux 3.4 (PR_SET_CHILD_SUBREAPER); -EINVAL before.
 *   rns_set_no_new_privs: Linux 3.5 (PR_SET_NO_NEW_PRIVS); -EINVAL before.
 *   rns_set_pdeathsig: every kernel (PR_SET_PDEATHSIG).
 *   rns_setdomainname: every kernel (setdomainname(2)).
 *   rns_setegid, rns_seteuid, rns_setgid, rns_setgroups, rns_setregid, rns_setresgid,
 *       rns_setresuid, rns_setreuid, rns_setuid: every kernel (set*id(2)); glibc applies the
 *       change to every thread.
 *   rns_sethostname: every kernel (sethostname(2)).
 *   rns_setns: Linux 3.0 (setns(2); user, pid and mount namespaces 3.8, cgroup 4.6, time 5.6);
 *       a pidfd 5.8 (-EINVAL before).
 *   rns_setns_path: as rns_setns().
 *   rns_setns_pid: one setns(2) on a pidfd from Linux 5.8; before, /proc/PID/ns files one by
 *       one (pinned by a pidfd from 5.3); -ENOSYS with neither.
 *   rns_setpriority: every kernel (setpriority(2)).
 *   rns_spawn: Linux 5.2 (CLONE_PIDFD); clone3 (5.3) for RNS_CLONE_NEWTIME without joins;
 *       pidfd_open (5.3) with the second fork; setns with a pidfd (5.8) for pidfd joins;
 *       close_range with CLOSE_RANGE_CLOEXEC (5.11), else a /proc/self/fd listing in the child.
 *   rns_spawn_attr_add_chdir, rns_spawn_attr_add_close, rns_spawn_attr_add_dup2,
 *       rns_spawn_attr_add_fchdir, rns_spawn_attr_add_open, rns_spawn_attr_add_tcsetpgrp,
 *       rns_spawn_attr_free, rns_spawn_attr_new, rns_spawn_attr_set_ctty,
 *       rns_spawn_attr_set_cwd, rns_spawn_attr_set_fd, rns_spawn_attr_set_flags,
 *       rns_spawn_attr_set_groups, rns_spawn_attr_set_ids,
 *       rns_spawn_attr_set_mount_propagation, rns_spawn_attr_set_nice,
 *       rns_spawn_attr_set_pgroup, rns_spawn_attr_set_rlimit, rns_spawn_attr_set_setsid,
 *       rns_spawn_attr_set_sigdefault, rns_spawn_attr_set_sigmask, rns_spawn_attr_set_umask:
 *       none here (the attribute only); rns_spawn() needs Linux 5.2.
 *   rns_spawn_attr_add_closefrom: at rns_spawn() (Linux 5.2), close_range(2) where
 *       CLOSE_RANGE_CLOEXEC is known (5.11); before, a /proc/self/fd listing in the child.
 *   rns_spawn_attr_set_ambient_caps: Linux 4.3 (ambient capabilities); before, -EINVAL at
 *       RNS_SPAWN_STEP_CAPS.
 *   rns_spawn_attr_set_bounding_set: Linux 2.6.25.
 *   rns_spawn_attr_set_cgroup: at rns_spawn(), CLONE_INTO_CGROUP from 5.7; before, the child
 *       writes itself into cgroup.procs.
 *   rns_spawn_attr_set_gid_map: as rns_spawn_attr_set_uid_map().
 *   rns_spawn_attr_set_inheritable_caps: every kernel (capset version 3, 2.6.26).
 *   rns_spawn_attr_set_join: at rns_spawn(), setns(2) of each type from its kernel; a pidfd
 *       join 5.8 (-EINVAL at RNS_SPAWN_STEP_JOIN before).
 *   rns_spawn_attr_set_landlock: at rns_spawn(), Linux 5.13 (Landlock) where it is built in and
 *       enabled (the lsm= boot list); else -ENOSYS or -EOPNOTSUPP at RNS_SPAWN_STEP_LANDLOCK
 *       (no ruleset can be made there in the first place).
 *   rns_spawn_attr_set_no_new_privs: at rns_spawn(), Linux 3.5 (PR_SET_NO_NEW_PRIVS).
 *   rns_spawn_attr_set_pdeathsig: at rns_spawn(), every kernel; the parent's exit checked by a
 *       pidfd in another pid namespace from 5.3 (not checked before).
 *   rns_spawn_attr_set_scheduler: every kernel (SCHED_IDLE 2.6.23, SCHED_RESET_ON_FORK 2.6.32).
 *   rns_spawn_attr_set_seccomp: at rns_spawn(), Linux 3.5 (PR_SET_SECCOMP with
 *       SECCOMP_MODE_FILTER); seccomp(2) (3.17) first, the prctl on ENOSYS.
 *   rns_spawn_attr_set_securebits: Linux 2.6.26.
 *   rns_spawn_attr_set_uid_map: at rns_spawn(), user namespaces (3.8); an ordinary user's
 *       one-line map 3.8, "deny" to setgroups 3.19.
 *   rns_spawn_attr_set_unshare: at rns_spawn(), each type from its kernel (user 3.8, cgroup
 *       4.6, time 5.6 with clone3 5.3).
 *   rns_spawn_last_detail: none (library state).
 *   rns_spawnp: as rns_spawn().
 *   rns_tcgetpgrp: every kernel (TIOCGPGRP).
 *   rns_tcsetpgrp: every kernel (TIOCSPGRP).
 *   rns_unshare: Linux 2.6.16 (unshare(2)); each type from its kernel (user 3.8, cgroup 4.6,
 *       time 5.6; -EINVAL before).
 *   rns_userns_acquire: Linux 3.8 (user namespaces; an ordinary user's maps with "deny" to
 *       setgroups 3.19); the namespace opened through the child's pidfd (6.11) or /proc
 *       (-ENOSYS with neither).
 *   rns_waiter_add: Linux 5.3 (pidfds); exit status of a process not the caller's child 6.15
 *       (RNS_WAIT_NONE with ECHILD before).
 *   rns_waiter_free: none beyond rns_waiter_new().
 *   rns_waiter_new: Linux 5.3 (pidfds; epoll).
 */

#ifndef RNS_H
#define RNS_H

/* Generated by cbindgen from the Rust sources (build.rs); do not edit. */

#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/types.h>
#include <sys/resource.h>

#define RNS_VERSION_MAJOR 0
#define RNS_VERSION_MINOR 3
#define RNS_VERSION_PATCH 0

/**
 * rns_drop_privileges() flag: also set no_new_privs on the calling thread (and what it
 * starts afterwards), once the ids are dropped.
 */
#define RNS_DROP_NO_NEW_PRIVS 1

/**
 * Mount namespace (kernel value of CLONE_NEWNS).
 */
#define RNS_CLONE_NEWNS 131072

/**
 * Cgroup namespace (CLONE_NEWCGROUP).
 */
#define RNS_CLONE_NEWCGROUP 33554432

/**
 * UTS namespace: hostname and domain name (CLONE_NEWUTS).
 */
#define RNS_CLONE_NEWUTS 67108864

/**
 * IPC namespace (CLONE_NEWIPC).
 */
#define RNS_CLONE_NEWIPC 134217728

/**
 * User namespace (CLONE_NEWUSER). Needs a single-threaded caller to join or create.
 */
#define RNS_CLONE_NEWUSER 268435456

/**
 * PID namespace (CLONE_NEWPID). Affects only children created afterwards.
 */
#define RNS_CLONE_NEWPID 536870912

/**
 * Network namespace (CLONE_NEWNET).
 */
#define RNS_CLONE_NEWNET 1073741824

/**
 * Time namespace (CLONE_NEWTIME). Affects only children created afterwards.
 */
#define RNS_CLONE_NEWTIME 128

/**
 * unshare: stop sharing the file descriptor table (CLONE_FILES).
 */
#define RNS_CLONE_FILES 1024

/**
 * unshare: stop sharing root, cwd and umask (CLONE_FS); needed before joining a mount
 * namespace from a thread of a multithreaded process.
 */
#define RNS_CLONE_FS 512

/**
 * unshare: stop sharing System V semaphore undo values (CLONE_SYSVSEM).
 */
#define RNS_CLONE_SYSVSEM 262144

/**
 * unshare: accepted only in a single-threaded process (CLONE_SIGHAND).
 */
#define RNS_CLONE_SIGHAND 2048

/**
 * unshare: accepted only in a single-threaded process (CLONE_THREAD).
 */
#define RNS_CLONE_THREAD 65536

/**
 * unshare: accepted only in a single-threaded process (CLONE_VM).
 */
#define RNS_CLONE_VM 256

/**
 * rns_ns_open(), rns_pidfd_ns_open(): with RNS_CLONE_NEWPID or RNS_CLONE_NEWTIME, open the
 * namespace the process's children get (/proc/PID/ns/pid_for_children, time_for_children)
 * rather than its own. A library value, no CLONE_* bit a namespace type uses.
 */
#define RNS_NS_FOR_CHILDREN 1

/**
 * rns_ns_id(): the id is the kernel's 64-bit namespace id (NS_GET_ID, or NS_GET_MNTNS_ID for
 * a mount namespace), never reused while the system runs.
 */
#define RNS_NS_ID_KERNEL 1

/**
 * rns_ns_id(): the id is the namespace file's inode number, unique only while the namespace
 * lives (compare two only while holding both fds).
 */
#define RNS_NS_ID_INODE 2

/**
 * rns_ns_pid_from(), rns_ns_pid_in(): translate to the thread-group id (the process's pid)
 * rather than the thread's own id.
 */
#define RNS_NS_PID_TGID 1

/**
 * pidfd_open: the pidfd's reads and waitid() do not block (PIDFD_NONBLOCK, Linux 5.10).
 */
#define RNS_PIDFD_NONBLOCK 2048

/**
 * pidfd_open: `pid` may be a thread, not only a thread-group leader (PIDFD_THREAD, Linux 6.9).
 */
#define RNS_PIDFD_THREAD 128

/**
 * pidfd_send_signal: signal only the thread the pidfd names (Linux 6.9).
 */
#define RNS_PIDFD_SIGNAL_THREAD 1

/**
 * pidfd_send_signal: signal the whole thread group (Linux 6.9).
 */
#define RNS_PIDFD_SIGNAL_THREAD_GROUP 2

/**
 * pidfd_send_signal: signal the process group of the target (Linux 6.9).
 */
#define RNS_PIDFD_SIGNAL_PROCESS_GROUP 4

/**
 * In place of a pidfd: the calling thread (PIDFD_SELF_THREAD, Linux 6.15). Not an fd: only
 * rns_pidfd_send_signal() and rns_pidfd_getfd() pass it to the kernel (which, before 6.15,
 * answers -EBADF); the calls that need an fd answer -EBADF.
 */
#define RNS_PIDFD_SELF_THREAD -10000

/**
 * In place of a pidfd: the calling process (PIDFD_SELF_THREAD_GROUP, Linux 6.15); as
 * RNS_PIDFD_SELF_THREAD.
 */
#define RNS_PIDFD_SELF_THREAD_GROUP -10001

/**
 * rns_siginfo.code: what sigqueue(3) sends (SI_QUEUE).
 */
#define RNS_SI_QUEUE -1

/**
 * waitid option: report children that exited (WEXITED).
 */
#define RNS_WEXITED 4

/**
 * waitid option: report children stopped by a signal (WSTOPPED).
 */
#define RNS_WSTOPPED 2

/**
 * waitid option: report stopped children continued by SIGCONT (WCONTINUED).
 */
#define RNS_WCONTINUED 8

/**
 * waitid option: return at once when nothing is to report (WNOHANG).
 */
#define RNS_WNOHANG 1

/**
 * waitid option: leave the child waitable: report it, do not reap it (WNOWAIT).
 */
#define RNS_WNOWAIT 16777216

/**
 * rns_wait_status.kind and rns_process_info.exit_kind: nothing to report (yet).
 */
#define RNS_WAIT_NONE 0

/**
 * It exited; `code` is its exit code (0-255).
 */
#define RNS_WAIT_EXITED 1

/**
 * A signal killed it; `code` is the signal.
 */
#define RNS_WAIT_KILLED 2

/**
 * A signal killed it and it dumped core; `code` is the signal.
 */
#define RNS_WAIT_DUMPED 3

/**
 * A signal stopped it; `code` is the signal.
 */
#define RNS_WAIT_STOPPED 4

/**
 * SIGCONT continued it; `code` is SIGCONT.
 */
#define RNS_WAIT_CONTINUED 5

/**
 * A ptrace stop (for a tracer); `code` is the signal.
 */
#define RNS_WAIT_TRAPPED 6

/**
 * rns_process_info.mask: pid, tgid and ppid are filled.
 */
#define RNS_PIDFD_INFO_PID 1

/**
 * rns_process_info.mask: the uids and gids are filled.
 */
#define RNS_PIDFD_INFO_CREDS 2

/**
 * rns_process_info.mask: cgroupid is filled (Linux 6.13).
 */
#define RNS_PIDFD_INFO_CGROUPID 4

/**
 * rns_process_info.mask: exit_kind and exit_code are filled (after the process was reaped,
 * Linux 6.15).
 */
#define RNS_PIDFD_INFO_EXIT 8

/**
 * `which`: `who` is a process id (a thread id on Linux; 0: the calling thread).
 */
#define RNS_PRIO_PROCESS 0

/**
 * `which`: `who` is a process group id (0: the caller's group).
 */
#define RNS_PRIO_PGRP 1

/**
 * `which`: `who` is a user id (0: the caller's real uid).
 */
#define RNS_PRIO_USER 2

/**
 * rns_spawn() step: none (success, or a failure found before the child was started: the
 * arguments, the pipes).
 */
#define RNS_SPAWN_STEP_NONE 0

/**
 * rns_spawn() step: starting the child (clone3(2) or clone(2), in the parent).
 */
#define RNS_SPAWN_STEP_CLONE 1

/**
 * rns_spawn() step: resetting signal dispositions in the child (rt_sigaction(2)).
 */
#define RNS_SPAWN_STEP_SIGNALS 2

/**
 * rns_spawn() step: joining a namespace (setns(2)) set by rns_spawn_attr_set_join().
 */
#define RNS_SPAWN_STEP_JOIN 3

/**
 * rns_spawn() step: creating namespaces with unshare(2) (only with joins; without, new
 * namespaces are clone flags and their failure is RNS_SPAWN_STEP_CLONE).
 */
#define RNS_SPAWN_STEP_UNSHARE 4

/**
 * rns_spawn() step: writing the user namespace's setgroups, gid_map or uid_map (by the
 * parent; the errno is that of its open or write, or ENOSYS where /proc is of a pid
 * namespace that does not show the child).
 */
#define RNS_SPAWN_STEP_MAP 5

/**
 * rns_spawn() step: setting mount propagation of "/" in a new mount namespace (mount(2)).
 */
#define RNS_SPAWN_STEP_MOUNT_PROPAGATION 6

/**
 * rns_spawn() step: setsid(2).
 */
#define RNS_SPAWN_STEP_SETSID 7

/**
 * rns_spawn() step: setpgid(2).
 */
#define RNS_SPAWN_STEP_SETPGID 8

/**
 * rns_spawn() step: chdir(2) to the attribute's cwd.
 */
#define RNS_SPAWN_STEP_CWD 9

/**
 * rns_spawn() step: setgroups(2).
 */
#define RNS_SPAWN_STEP_GROUPS 10

/**
 * rns_spawn() step: setresgid(2).
 */
#define RNS_SPAWN_STEP_GID 11

/**
 * rns_spawn() step: setresuid(2).
 */
#define RNS_SPAWN_STEP_UID 12

/**
 * rns_spawn() step: prctl(PR_SET_NO_NEW_PRIVS).
 */
#define RNS_SPAWN_STEP_NO_NEW_PRIVS 13

/**
 * rns_spawn() step: the fd actions (their calls: dup2(2), open(2), chdir(2), TIOCSPGRP ...;
 * the detail is the action's index in the list) and closing the caller's other fds
 * (close_range(2); detail -1).
 */
#define RNS_SPAWN_STEP_FDS 14

/**
 * rns_spawn() step: prctl(PR_SET_PDEATHSIG), or the parent had already exited.
 */
#define RNS_SPAWN_STEP_PDEATHSIG 15

/**
 * rns_spawn() step: execve(2) (of the last PATH candidate tried, for rns_spawnp()).
 */
#define RNS_SPAWN_STEP_EXEC 16

/**
 * rns_spawn() step: the child's report could not be read (EPIPE: a partial record, or the
 * intermediate child of the second fork ended without naming the program, which is then
 * killed and reaped).
 */
#define RNS_SPAWN_STEP_REPORT 17

/**
 * rns_spawn() step: the second fork that puts the program itself into a joined PID
 * namespace, or one created with joins (the intermediate child's clone(2) with
 * CLONE_PARENT, or the parent's pidfd_open(2) of the program).
 */
#define RNS_SPAWN_STEP_FORK 18

/**
 * rns_spawn() step: the nice value (setpriority(2)).
 */
#define RNS_SPAWN_STEP_NICE 19

/**
 * rns_spawn() step: a resource limit (prlimit(2)); the detail is the resource.
 */
#define RNS_SPAWN_STEP_RLIMIT 20

/**
 * rns_spawn() step: starting the child in the cgroup of rns_spawn_attr_set_cgroup()
 * (clone3's CLONE_INTO_CGROUP, or the child's write of "0" to the cgroup's cgroup.procs on
 * kernels before 5.7).
 */
#define RNS_SPAWN_STEP_CGROUP 21

/**
 * rns_spawn() step: the terminal: RNS_SPAWN_NOCTTY's TIOCNOTTY (detail 0), or
 * rns_spawn_attr_set_ctty()'s TIOCSCTTY (detail: the fd).
 */
#define RNS_SPAWN_STEP_TTY 22

/**
 * rns_spawn() step: restricting the child with the Landlock ruleset of
 * rns_spawn_attr_set_landlock() (landlock_restrict_self(2)).
 */
#define RNS_SPAWN_STEP_LANDLOCK 26

/**
 * rns_spawn() step: installing the seccomp filter of rns_spawn_attr_set_seccomp()
 * (seccomp(2), or prctl(PR_SET_SECCOMP)).
 */
#define RNS_SPAWN_STEP_SECCOMP 27

/**
 * rns_spawn_attr_set_flags() flag: keep the caller's supplementary groups when
 * rns_spawn_attr_set_ids() changes the uid or gid and rns_spawn_attr_set_groups() sets none
 * (os/exec's `Credential.NoSetGroups`). Without it they are dropped.
 */
#define RNS_SPAWN_KEEP_GROUPS 1

/**
 * rns_spawn_attr_set_flags() flag: the child clears O_NONBLOCK on its fds 0, 1 and 2 after
 * the fd actions, as libuv does for child_process and os/exec does for the files it passes.
 */
#define RNS_SPAWN_BLOCKING_STDIO 2

/**
 * rns_spawn_attr_set_flags() flag: the caller's fds without FD_CLOEXEC stay open in the
 * program, as with posix_spawn. Without it (the default) every fd >= 3 that no fd action
 * opens or duplicates onto is closed.
 */
#define RNS_SPAWN_KEEP_FDS 4

/**
 * rns_spawn_attr_set_flags() flag: the child gives up its controlling terminal (ioctl
 * TIOCNOTTY on fd 0, after the fd actions), as Go's SysProcAttr Noctty.
 */
#define RNS_SPAWN_NOCTTY 8

/**
 * rns_spawn_attr_set_flags() flag: "deny" is written to the new user namespace's setgroups
 * before its gid map also when the caller has CAP_SETGID (unshare's --setgroups deny; os/exec
 * writes it unless GidMappingsEnableSetgroups), so no process in the namespace can ever call
 * setgroups(2). Without it "deny" is written only where the kernel requires it (a caller
 * without CAP_SETGID). With no gid map, the child writes it to its own setgroups in its new
 * user namespace (through /proc/self: -ENOENT at RNS_SPAWN_STEP_MAP without /proc).
 */
#define RNS_SPAWN_SETGROUPS_DENY 32

/**
 * rns_spawn() step: the scheduler policy and priority of rns_spawn_attr_set_scheduler()
 * (sched_setscheduler(2), or sched_setparam(2) with policy -1).
 */
#define RNS_SPAWN_STEP_SCHED 23

/**
 * rns_spawn() step: chroot(2) to the directory of rns_spawn_attr_set_chroot().
 */
#define RNS_SPAWN_STEP_CHROOT 24

/**
 * rns_spawn() step: the capability sets and securebits (prctl(2) PR_SET_SECUREBITS,
 * PR_CAPBSET_DROP, PR_SET_KEEPCAPS, PR_CAP_AMBIENT; capset(2)).
 */
#define RNS_SPAWN_STEP_CAPS 25

/**
 * rns_spawn_attr_set_flags() flag: POSIX_SPAWN_RESETIDS: the child's effective uid and gid
 * become its real ones (the saved ones stay), as glibc's posix_spawn does.
 */
#define RNS_SPAWN_RESETIDS 16

/**
 * Capability number (CAP_CHOWN), for the rns_spawn_attr_set_*_caps() masks: bit N is
 * capability N.
 */
#define RNS_CAP_CHOWN 0

/**
 * Capability number (CAP_DAC_OVERRIDE).
 */
#define RNS_CAP_DAC_OVERRIDE 1

/**
 * Capability number (CAP_DAC_READ_SEARCH).
 */
#define RNS_CAP_DAC_READ_SEARCH 2

/**
 * Capability number (CAP_FOWNER).
 */
#define RNS_CAP_FOWNER 3

/**
 * Capability number (CAP_FSETID).
 */
#define RNS_CAP_FSETID 4

/**
 * Capability number (CAP_KILL).
 */
#define RNS_CAP_KILL 5

/**
 * Capability number (CAP_SETGID).
 */
#define RNS_CAP_SETGID 6

/**
 * Capability number (CAP_SETUID).
 */
#define RNS_CAP_SETUID 7

/**
 * Capability number (CAP_SETPCAP).
 */
#define RNS_CAP_SETPCAP 8

/**
 * Capability number (CAP_LINUX_IMMUTABLE).
 */
#define RNS_CAP_LINUX_IMMUTABLE 9

/**
 * Capability number (CAP_NET_BIND_SERVICE).
 */
#define RNS_CAP_NET_BIND_SERVICE 10

/**
 * Capability number (CAP_NET_BROADCAST).
 */
#define RNS_CAP_NET_BROADCAST 11

/**
 * Capability number (CAP_NET_ADMIN).
 */
#define RNS_CAP_NET_ADMIN 12

/**
 * Capability number (CAP_NET_RAW).
 */
#define RNS_CAP_NET_RAW 13

/**
 * Capability number (CAP_IPC_LOCK).
 */
#define RNS_CAP_IPC_LOCK 14

/**
 * Capability number (CAP_IPC_OWNER).
 */
#define RNS_CAP_IPC_OWNER 15

/**
 * Capability number (CAP_SYS_MODULE).
 */
#define RNS_CAP_SYS_MODULE 16

/**
 * Capability number (CAP_SYS_RAWIO).
 */
#define RNS_CAP_SYS_RAWIO 17

/**
 * Capability number (CAP_SYS_CHROOT).
 */
#define RNS_CAP_SYS_CHROOT 18

/**
 * Capability number (CAP_SYS_PTRACE).
 */
#define RNS_CAP_SYS_PTRACE 19

/**
 * Capability number (CAP_SYS_PACCT).
 */
#define RNS_CAP_SYS_PACCT 20

/**
 * Capability number (CAP_SYS_ADMIN).
 */
#define RNS_CAP_SYS_ADMIN 21

/**
 * Capability number (CAP_SYS_BOOT).
 */
#define RNS_CAP_SYS_BOOT 22

/**
 * Capability number (CAP_SYS_NICE).
 */
#define RNS_CAP_SYS_NICE 23

/**
 * Capability number (CAP_SYS_RESOURCE).
 */
#define RNS_CAP_SYS_RESOURCE 24

/**
 * Capability number (CAP_SYS_TIME).
 */
#define RNS_CAP_SYS_TIME 25

/**
 * Capability number (CAP_SYS_TTY_CONFIG).
 */
#define RNS_CAP_SYS_TTY_CONFIG 26

/**
 * Capability number (CAP_MKNOD).
 */
#define RNS_CAP_MKNOD 27

/**
 * Capability number (CAP_LEASE).
 */
#define RNS_CAP_LEASE 28

/**
 * Capability number (CAP_AUDIT_WRITE).
 */
#define RNS_CAP_AUDIT_WRITE 29

/**
 * Capability number (CAP_AUDIT_CONTROL).
 */
#define RNS_CAP_AUDIT_CONTROL 30

/**
 * Capability number (CAP_SETFCAP).
 */
#define RNS_CAP_SETFCAP 31

/**
 * Capability number (CAP_MAC_OVERRIDE).
 */
#define RNS_CAP_MAC_OVERRIDE 32

/**
 * Capability number (CAP_MAC_ADMIN).
 */
#define RNS_CAP_MAC_ADMIN 33

/**
 * Capability number (CAP_SYSLOG).
 */
#define RNS_CAP_SYSLOG 34

/**
 * Capability number (CAP_WAKE_ALARM).
 */
#define RNS_CAP_WAKE_ALARM 35

/**
 * Capability number (CAP_BLOCK_SUSPEND).
 */
#define RNS_CAP_BLOCK_SUSPEND 36

/**
 * Capability number (CAP_AUDIT_READ, Linux 3.16).
 */
#define RNS_CAP_AUDIT_READ 37

/**
 * Capability number (CAP_PERFMON, Linux 5.8).
 */
#define RNS_CAP_PERFMON 38

/**
 * Capability number (CAP_BPF, Linux 5.8).
 */
#define RNS_CAP_BPF 39

/**
 * Capability number (CAP_CHECKPOINT_RESTORE, Linux 5.9).
 */
#define RNS_CAP_CHECKPOINT_RESTORE 40

/**
 * rns_waiter_add flag: report the exit without reaping the process (waitid WNOWAIT), so
 * whoever else waits for it (libuv, for a child_process child) still can.
 */
#define RNS_WAITER_NOREAP 1

/**
 * The namespaces a thread left in rns_ns_enter() or rns_ns_enter_pid(), kept open to go back
 * to with rns_ns_restore(). Opaque; made and freed only by those calls.
 */
typedef struct rns_ns_saved rns_ns_saved;

/**
 * What rns_spawn() does between clone and exec: made by rns_spawn_attr_new(), set by the
 * rns_spawn_attr_set_*() calls, freed by rns_spawn_attr_free(). It owns copies of everything
 * given to it (strings, arrays, fds). Opaque.
 */
typedef struct rns_spawn_attr rns_spawn_attr;

/**
 * A waiter: its thread, epoll set and pipe. Opaque.
 */
typedef struct rns_waiter rns_waiter;

/**
 * The function rns_run_in_ns() runs: called with the caller's argument, its result handed
 * back to the caller.
 */
typedef int (*rns_run_fn)(void *arg);

/**
 * A signal's value (union sigval): an int, or a pointer-sized word.
 */
typedef union {
  int sival_int;
  void *sival_ptr;
} rns_sigval;

/**
 * What rns_pidfd_send_siginfo() sends with a signal, as sigqueue(3) and rt_sigqueueinfo(2)
 * do. Set `size` to sizeof(rns_siginfo) (a later release may add fields after `value`).
 */
typedef struct {
  /**
   * The caller's sizeof(rns_siginfo).
   */
  uint32_t size;
  /**
   * The si_code the receiver sees: RNS_SI_QUEUE as sigqueue(3) sends, or another negative
   * value. 0 or above (as the kernel's own senders) only to the caller itself.
   */
  int32_t code;
  /**
   * The si_value the receiver sees.
   */
  rns_sigval value;
} rns_siginfo;

/**
 * What rns_pidfd_wait() reports, decoded. Set `size` to sizeof(rns_wait_status)
 * before the call: the library fills no more than that (so a program built against an older,
 * shorter struct keeps working with a newer library) and sets `size` to what it filled.
 */
typedef struct {
  /**
   * In: the caller's sizeof(rns_wait_status); out: the bytes filled.
   */
  uint32_t size;
  /**
   * RNS_WAIT_EXITED, _KILLED, _DUMPED, _STOPPED, _CONTINUED, _TRAPPED; RNS_WAIT_NONE when
   * RNS_WNOHANG found nothing to report.
   */
  int32_t kind;
  /**
   * The process's pid (0 with RNS_WAIT_NONE).
   */
  int32_t pid;
  /**
   * The exit code (RNS_WAIT_EXITED) or the signal (the other kinds).
   */
  int32_t code;
  /**
   * The process's real uid.
   */
  uint32_t uid;
} rns_wait_status;

/**
 * A child's resource usage, as rns_pidfd_wait_rusage() reports it: waitid(2)'s rusage (the
 * child's own and that of the descendants it waited for), the fields Linux fills. Set `size`
 * to sizeof(rns_rusage) before the call, as for rns_wait_status.
 */
typedef struct {
  /**
   * In: the caller's sizeof(rns_rusage); out: the bytes filled.
   */
  uint32_t size;
  /**
   * Zero.
   */
  uint32_t reserved;
  /**
   * User and system CPU time, in microseconds.
   */
  int64_t utime_usec;
  int64_t stime_usec;
  /**
   * Peak resident set size, in KiB (ru_maxrss).
   */
  int64_t maxrss_kib;
  /**
   * Page faults served without and with I/O.
   */
  int64_t minflt;
  int64_t majflt;
  /**
   * File system blocks read and written.
   */
  int64_t inblock;
  int64_t oublock;
  /**
   * Voluntary and involuntary context switches.
   */
  int64_t nvcsw;
  int64_t nivcsw;
} rns_rusage;

/**
 * What a pidfd points to, as rns_pidfd_info() reads it. `mask` says which fields are filled;
 * the others are 0, never guessed. Set `size` to sizeof(rns_process_info) before the
 * call, as for rns_wait_status.
 */
typedef struct {
  /**
   * In: the caller's sizeof(rns_process_info); out: the bytes filled.
   */
  uint32_t size;
  /**
   * Zero.
   */
  uint32_t reserved;
  /**
   * An OR of RNS_PIDFD_INFO_PID, _CREDS, _CGROUPID, _EXIT: the fields filled.
   */
  uint64_t mask;
  /**
   * The cgroup v2 id of its cgroup (RNS_PIDFD_INFO_CGROUPID).
   */
  uint64_t cgroupid;
  /**
   * Its pid, thread-group id and parent's pid, in the caller's pid namespace (0 for a
   * parent outside it) (RNS_PIDFD_INFO_PID).
   */
  int32_t pid;
  int32_t tgid;
  int32_t ppid;
  /**
   * Real, effective, saved and filesystem uids and gids (RNS_PIDFD_INFO_CREDS).
   */
  uint32_t ruid;
  uint32_t euid;
  uint32_t suid;
  uint32_t fsuid;
  uint32_t rgid;
  uint32_t egid;
  uint32_t sgid;
  uint32_t fsgid;
  /**
   * How it ended, as rns_wait_status's kind and code (RNS_PIDFD_INFO_EXIT).
   */
  int32_t exit_kind;
  int32_t exit_code;
} rns_process_info;

/**
 * One instruction of a classic BPF program, laid out exactly as the kernel's struct
 * sock_filter (<linux/filter.h>), so a program built with its BPF_STMT/BPF_JUMP macros can
 * be passed as it is (cast the pointer).
 */
typedef struct {
  /**
   * The opcode (BPF_LD | BPF_W | BPF_ABS, BPF_RET | BPF_K, ...).
   */
  uint16_t code;
  /**
   * Jump offset when the test is true.
   */
  uint8_t jt;
  /**
   * Jump offset when the test is false.
   */
  uint8_t jf;
  /**
   * The operand.
   */
  uint32_t k;
} rns_sock_filter;

/**
 * What a waiter writes to its pipe for each process it watched: 32 bytes, in one write.
 */
typedef struct {
  /**
   * The caller's token from rns_waiter_add().
   */
  uint64_t token;
  /**
   * The process's pid when rns_waiter_add() was called (0 if it could not be told then).
   */
  int32_t pid;
  /**
   * RNS_WAIT_EXITED, _KILLED or _DUMPED; RNS_WAIT_NONE when how it ended cannot be told.
   */
  int32_t kind;
  /**
   * The exit code or the signal, as rns_wait_status's.
   */
  int32_t code;
  /**
   * 0, or why it cannot be told (ECHILD: not the caller's child, and the kernel keeps no
   * exit status, before Linux 6.15).
   */
  int32_t error;
  /**
   * Zero.
   */
  uint32_t reserved[2];
} rns_exit_event;

















#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

/**
 * The library's version, "MAJOR.MINOR.PATCH", equal to the RNS_VERSION_* macros of the
 * header it was built with. Compare them to detect a header/library mismatch at run time.
 *
 * Kernel: none (no system call).
 * Scope: reads only; thread-safe.
 * Returns: a static string, never NULL.
 * Since: 0.1
 */
const char *rns_version(void);

/**
 * Sets the user id (setuid(2)): with privilege the real, effective and saved ids, without it
 * only the effective id, to the real or saved one.
 *
 * Kernel: every kernel (set*id(2)); glibc applies the change to every thread.
 * Scope: process (every thread).
 * Returns: 0.
 * Errors: -EINVAL `uid` is -1 or not mapped in the caller's user namespace; -EPERM not
 * privileged and `uid` is neither the real nor the saved id; -EAGAIN RLIMIT_NPROC.
 * Since: 0.1
 */
int rns_setuid(uid_t uid);

/**
 * Sets the group id (setgid(2)), as rns_setuid() does for the user id.
 *
 * Kernel: every kernel (set*id(2)); glibc applies the change to every thread.
 * Scope: process (every thread).
 * Returns: 0.
 * Errors: -EINVAL `gid` is -1 or not mapped; -EPERM not privileged and `gid` is neither the
 * real nor the saved id.
 * Since: 0.1
 */
int rns_setgid(gid_t gid);

/**
 * Sets the effective user id (seteuid(2)).
 *
 * Kernel: every kernel (set*id(2)); glibc applies the change to every thread.
 * Scope: process (every thread).
 * Returns: 0.
 * Errors: -EINVAL `uid` is -1 or not mapped; -EPERM not privileged and `uid` is neither the
 * real nor the saved id.
 * Since: 0.1
 */
int rns_seteuid(uid_t uid);

/**
 * Sets the effective group id (setegid(2)).
 *
 * Kernel: every kernel (set*id(2)); glibc applies the change to every thread.
 * Scope: process (every thread).
 * Returns: 0.
 * Errors: -EINVAL `gid` is -1 or not mapped; -EPERM not privileged and `gid` is neither the
 * real nor the saved id.
 * Since: 0.1
 */
int rns_setegid(gid_t gid);

/**
 * Sets the real and effective user ids (setreuid(2)); (uid_t)-1 keeps a value.
 *
 * Kernel: every kernel (set*id(2)); glibc applies the change to every thread.
 * Scope: process (every thread).
 * Returns: 0.
 * Errors: -EINVAL an id is not mapped; -EPERM not privileged and a change is not allowed.
 * Since: 0.1
 */
int rns_setreuid(uid_t ruid, uid_t euid);

/**
 * Sets the real and effective group ids (setregid(2)); (gid_t)-1 keeps a value.
 *
 * Kernel: every kernel (set*id(2)); glibc applies the change to every thread.
 * Scope: process (every thread).
 * Returns: 0.
 * Errors: -EINVAL an id is not mapped; -EPERM not privileged and a change is not allowed.
 * Since: 0.1
 */
int rns_setregid(gid_t rgid, gid_t egid);

/**
 * Sets the real, effective and saved user ids (setresuid(2)); (uid_t)-1 keeps a value.
 *
 * Kernel: every kernel (set*id(2)); glibc applies the change to every thread.
 * Scope: process (every thread).
 * Returns: 0.
 * Errors: -EINVAL an id is not mapped; -EPERM not privileged and an id is none of the
 * current real, effective and saved ids; -EAGAIN RLIMIT_NPROC.
 * Since: 0.1
 */
int rns_setresuid(uid_t ruid, uid_t euid, uid_t suid);

/**
 * Sets the real, effective and saved group ids (setresgid(2)); (gid_t)-1 keeps a value.
 *
 * Kernel: every kernel (set*id(2)); glibc applies the change to every thread.
 * Scope: process (every thread).
 * Returns: 0.
 * Errors: -EINVAL an id is not mapped; -EPERM not privileged and an id is none of the
 * current real, effective and saved ids.
 * Since: 0.1
 */
int rns_setresgid(gid_t rgid, gid_t egid, gid_t sgid);

/**
 * Reads the real, effective and saved user ids into the three pointers.
 *
 * Kernel: every kernel (getresuid(2)).
 * Scope: reads only (the calling thread's ids, which are every thread's when set through
 * librns or glibc).
 * Returns: 0.
 * Errors: -EFAULT a pointer is NULL (nothing is written then).
 * Since: 0.1
 *
 * # Safety
 * Each pointer is NULL or valid for writing a uid_t.
 */
int rns_getresuid(uid_t *ret_ruid, uid_t *ret_euid, uid_t *ret_suid);

/**
 * Reads the real, effective and saved group ids into the three pointers.
 *
 * Kernel: every kernel (getresgid(2)).
 * Scope: reads only.
 * Returns: 0.
 * Errors: -EFAULT a pointer is NULL (nothing is written then).
 * Since: 0.1
 *
 * # Safety
 * Each pointer is NULL or valid for writing a gid_t.
 */
int rns_getresgid(gid_t *ret_rgid, gid_t *ret_egid, gid_t *ret_sgid);

/**
 * Reads the supplementary group ids into `list`, which has room for `size` of them.
 *
 * `size` 0 asks only for the count (`list` may then be NULL).
 *
 * Kernel: every kernel (getgroups(2)).
 * Scope: reads only.
 * Returns: the number of supplementary groups.
 * Errors: -EFAULT `list` is NULL and `size` > 0; -EINVAL `size` is non-zero and smaller than
 * the count (nothing is written then); -EAGAIN the groups kept changing (other threads).
 * Since: 0.1
 *
 * # Safety
 * `list` is NULL or valid for writing min(`size`, the count) gid_t values: no more are
 * written, so a `size` larger than the buffer (SIZE_MAX: "room enough") is safe.
 */
int rns_getgroups(gid_t *list, size_t size);

/**
 * Replaces the supplementary group ids with the `size` ids in `list` (size 0 clears them).
 *
 * Kernel: every kernel (set*id(2)); glibc applies the change to every thread.
 * Scope: process (every thread).
 * Returns: 0.
 * Errors: -EFAULT `list` is NULL and `size` > 0; -EINVAL `size` > 65536, an id is (gid_t)-1
 * (never a group; checked before privilege, so the answer is the same for every caller) or
 * is not mapped; -EPERM lacking CAP_SETGID, or setgroups is denied in this user namespace.
 * Since: 0.1
 *
 * # Safety
 * `list` is NULL or valid for reading `size` gid_t values.
 */
int rns_setgroups(const gid_t *list, size_t size);

/**
 * Sets the supplementary groups to those the group database lists for `user`, plus `group`
 * (initgroups(3); reads /etc/group or NSS).
 *
 * Kernel: every kernel (the group database through NSS, then setgroups(2)).
 * Scope: process (every thread).
 * Returns: 0.
 * Errors: -EFAULT `user` is NULL; -EINVAL `group` is (gid_t)-1 or not mapped in the caller's
 * user namespace; -EPERM lacking CAP_SETGID; -ENOMEM.
 * Since: 0.1
 *
 * # Safety
 * `user` is NULL or a NUL-terminated string.
 */
int rns_initgroups(const char *user, gid_t group);

/**
 * Lists the groups the group database gives `user`, plus `group` (getgrouplist(3)).
 *
 * Writes the first min(count, `size`) ids to `list`; `size` 0 asks only for the count. A
 * user the database does not know gets just `group`.
 *
 * Kernel: none (the group database through NSS; no system call of its own).
 * Scope: reads only.
 * Returns: the full count of groups, even when larger than `size`.
 * Errors: -EFAULT `user` is NULL, or `list` is NULL and `size` > 0; -ENOMEM; -EAGAIN the
 * group database kept changing between reads.
 * Since: 0.1
 *
 * # Safety
 * `user` is NULL or a NUL-terminated string; `list` is NULL or valid for writing
 * min(`size`, the count) gid_t values: no more are written, so a `size` larger than the
 * buffer (SIZE_MAX: "room enough") is safe.
 */
int rns_getgrouplist(const char *user, gid_t group, gid_t *list, size_t size);

/**
 * Drops the process's privileges for good: supplementary groups, then the real, effective
 * and saved gid, then the real, effective and saved uid (CERT POS36-C's order), on every
 * thread; then verifies the drop as POS37-C asks, and only then returns 0.
 *
 * `groups`/`ngroups` is the new supplementary group list (NULL and 0: none); setgroups(2) is
 * skipped when the list is already the caller's, so a process without CAP_SETGID can "drop"
 * to its own ids. Verified: the three uids and gids read back as `uid` and `gid` and the
 * groups as given, on every thread (/proc/self/task, where /proc shows it); with `uid` not 0,
 * no capability left in the permitted and effective sets, and the old uids (any that differ
 * from `uid`) cannot be taken back (setresuid(2) to each is refused). With
 * RNS_DROP_NO_NEW_PRIVS, no_new_privs is then set on the calling thread.
 *
 * A step that fails before the uid changes is undone (groups and gids put back), so the
 * process is as before with the step's errno; a failed verification (capabilities kept, as
 * with SECBIT_NO_SETUID_FIXUP or a file capability set, an old uid that could be taken back,
 * a thread left with other ids) is -ENOTRECOVERABLE: the process must not go on (abort).
 *
 * Kernel: every kernel; the per-thread check reads /proc/self/task (skipped where /proc is
 * missing); RNS_DROP_NO_NEW_PRIVS Linux 3.5.
 * Scope: process (every thread).
 * Returns: 0.
 * Errors: -EINVAL `uid` or `gid` is -1, `ngroups` > 65536, a group is -1, unknown bits in
 * `flags`, or an id not mapped in the caller's user namespace; -EFAULT `groups` is NULL and
 * `ngroups` > 0; -EPERM lacking CAP_SETGID/CAP_SETUID for a change (nothing changed then);
 * -ENOTRECOVERABLE the drop happened but could not be verified, or could not be undone after
 * a failure.
 * Since: 0.2
 *
 * # Safety
 * `groups` is NULL or valid for reading `ngroups` gid_t values.
 */
int rns_drop_privileges(uid_t uid, gid_t gid, const gid_t *groups, size_t ngroups, int flags);

/**
 * The errno's symbolic name, such as "EPERM", for `err` or `-err`.
 *
 * Kernel: none (no system call).
 * Scope: reads only; thread-safe.
 * Returns: a static string, never NULL: "OK" for 0, "UNKNOWN" for a value that is no errno.
 * Since: 0.1
 */
const char *rns_errname(int err);

/**
 * The errno's message, such as "Operation not permitted", for `err` or `-err`.
 *
 * Kernel: none (no system call).
 * Scope: reads only; thread-safe, unlike strerror(3).
 * Returns: a static English string (not translated), never NULL: "Success" for 0, "Unknown
 * error" for a value that is no errno.
 * Since: 0.1
 */
const char *rns_strerror(int err);

/**
 * Moves the calling thread into the namespace that `fd` refers to (setns(2)).
 *
 * `fd` is a namespace file (/proc/PID/ns/X, a bind mount of one, or from rns_ns_open())
 * with `nstype` 0 (any type) or that file's type; or a pidfd with an OR of
 * RNS_CLONE_NEW* types, entered atomically (Linux 5.8+). Joining a mount namespace from a
 * multithreaded process needs rns_unshare(RNS_CLONE_FS) on the thread first, with a pidfd
 * too (the kernel itself would let a pidfd through and move every thread's root and cwd;
 * librns refuses that with -EINVAL); joining a user namespace needs a single-threaded
 * process.
 *
 * Kernel: Linux 3.0 (setns(2); user, pid and mount namespaces 3.8, cgroup 4.6, time 5.6); a
 * pidfd 5.8 (-EINVAL before).
 * Scope: calling thread.
 * Returns: 0.
 * Errors: -EBADF `fd` is not open; -EINVAL unknown bits in `nstype`, `fd` is neither a
 * namespace file nor a pidfd, its type is not `nstype`, a pidfd with `nstype` 0, a user
 * namespace from a multithreaded process, or a mount namespace while the thread shares its
 * fs state (CLONE_FS) with another thread; -EPERM lacking CAP_SYS_ADMIN in the target's user
 * namespace; -ESRCH the pidfd's process has exited.
 * Since: 0.1
 */
int rns_setns(int fd, int nstype);

/**
 * Gives the calling thread new namespaces, or unshares other context (unshare(2)).
 *
 * `flags` is an OR of RNS_CLONE_NEW* and RNS_CLONE_FILES, _FS, _SYSVSEM, _SIGHAND, _THREAD,
 * _VM. RNS_CLONE_NEWPID and RNS_CLONE_NEWTIME change only the caller's future children.
 * RNS_CLONE_NEWUSER needs a single-threaded process.
 *
 * Kernel: Linux 2.6.16 (unshare(2)); each type from its kernel (user 3.8, cgroup 4.6, time
 * 5.6; -EINVAL before).
 * Scope: calling thread.
 * Returns: 0.
 * Errors: -EINVAL unknown bits, or a flag that needs a single-threaded process;
 * -EPERM lacking CAP_SYS_ADMIN; -EUSERS/-ENOSPC namespace limits reached; -ENOMEM.
 * Since: 0.1
 */
int rns_unshare(int flags);

/**
 * Opens `path` (a namespace file) and moves the calling thread into that namespace.
 *
 * The fd is O_CLOEXEC and closed before returning, on success and failure alike.
 *
 * Kernel: as rns_setns().
 * Scope: calling thread.
 * Returns: 0.
 * Errors: -EFAULT `path` is NULL; the errors of open(2) (-ENOENT, -EACCES, ...); those of
 * rns_setns() (-EINVAL not a namespace file or type mismatch, -EPERM, ...).
 * Since: 0.1
 *
 * # Safety
 * `path` is NULL or a NUL-terminated string.
 */
int rns_setns_path(const char *path, int nstype);

/**
 * Opens the namespace of one type of process `pid`; pid 0 is the calling **thread**
 * (/proc/thread-self/ns/X, not the main thread's /proc/self/ns/X).
 *
 * `nstype` is exactly one RNS_CLONE_NEW* type. RNS_CLONE_NEWPID and RNS_CLONE_NEWTIME give
 * the process's own namespace (ns/pid, ns/time), not the one for its children; with
 * RNS_NS_FOR_CHILDREN (since 0.3) they give that one (ns/pid_for_children, Linux 4.12;
 * ns/time_for_children, 5.6), as rns_pidfd_ns_open() does. The process
 * is pinned by a pidfd and its namespace opened through the pidfd (Linux 6.11), or through
 * /proc with a check that the pidfd's process is still the one /proc showed; `pid` is never
 * looked up in a /proc that belongs to another pid namespace.
 *
 * Kernel: every kernel with /proc/PID/ns (3.8); through the pidfd (PIDFD_GET_*_NAMESPACE) from
 * 6.11, else /proc with a pidfd check (pidfd_open 5.3), else /proc alone; pid_for_children
 * 4.12, time_for_children 5.6.
 * Scope: reads only.
 * Returns: an O_CLOEXEC fd, for rns_setns() or fstat() (st_dev, st_ino identify the
 * namespace). The caller closes it.
 * Errors: -EINVAL `nstype` is not exactly one namespace type (RNS_NS_FOR_CHILDREN: with a
 * type other than pid or time; before 0.3, at all), or `pid` < 0; -ESRCH no such process, it
 * has exited (a zombie too), or `pid` is a thread id that is not a process id; -EACCES not
 * allowed to inspect it (no ptrace read access); -ENOENT the kernel lacks that namespace
 * type, or the pid namespace for its children has no process yet; -ENOSYS the process cannot be found safely here: /proc is not mounted (or,
 * on kernels without the pidfd namespace ioctls or pidfds, shows another pid namespace).
 * Since: 0.1
 */
int rns_ns_open(pid_t pid,
                int nstype);

/**
 * Moves the calling thread into several namespaces of process `pid` at once.
 *
 * `nstypes` is an OR of RNS_CLONE_NEW* types. Where setns(2) takes a pidfd (Linux 5.8+)
 * this is one setns on a pidfd: every namespace is checked before any is entered, so it
 * fails or succeeds as a whole. Where it does not, or pidfds are missing or hidden by a
 * sandbox, it enters the /proc/PID/ns files one by one as nsenter(1) does (user namespace
 * first when that gains privilege), which is not atomic. The path is chosen by what the
 * kernel answers, once per process, never by its version; both give the errors below for
 * the same situations. RNS_CLONE_NEWUSER is left out when `pid` already shares the caller's
 * user namespace (as nsenter does), since the kernel would refuse the whole call; that is
 * compared through the pidfd, not by looking `pid` up in /proc.
 *
 * A mount namespace together with other types is refused (-EINVAL) while the thread shares
 * its fs state with another thread, as the mount namespace alone is: call
 * rns_unshare(RNS_CLONE_FS) first. Where that cannot be told (no /proc, kcmp(2) hidden), the
 * mount namespace is entered alone first, where the kernel checks it.
 *
 * Kernel: one setns(2) on a pidfd from Linux 5.8; before, /proc/PID/ns files one by one
 * (pinned by a pidfd from 5.3); -ENOSYS with neither.
 * Scope: calling thread.
 * Returns: 0.
 * Errors: -EINVAL `pid` <= 0, `nstypes` 0 or with unknown bits, a type the kernel lacks, or a
 * type the thread cannot join (a user namespace from a multithreaded process, a mount
 * namespace while sharing CLONE_FS with another thread, a pid namespace that is not the
 * caller's or below it); -ESRCH no such process, it has exited (a zombie too), or `pid` is a
 * thread id that is not a process id; -EPERM lacking privilege: no ptrace read access to
 * the process (another user's, say) or no CAP_SYS_ADMIN in a target namespace; -ENOSYS
 * the process cannot be found safely here (no pidfds, and /proc missing or of another pid
 * namespace; or /proc missing where setns takes no pidfd).
 * Since: 0.1
 */
int rns_setns_pid(pid_t pid, int nstypes);

/**
 * Sets the host name of the calling thread's UTS namespace (sethostname(2)).
 *
 * `name` is a NUL-terminated string of at most 64 bytes; "" is allowed. Use it in a UTS
 * namespace of the caller's own (rns_unshare(RNS_CLONE_NEWUTS)) to name a container
 * without touching the host.
 *
 * Kernel: every kernel (sethostname(2)).
 * Scope: the calling thread's UTS namespace (every process in it sees the new name).
 * Returns: 0.
 * Errors: -EFAULT `name` is NULL; -EINVAL `name` is longer than 64 bytes; -EPERM lacking
 * CAP_SYS_ADMIN in the user namespace that owns the UTS namespace.
 * Since: 0.2
 *
 * # Safety
 * `name` is NULL or a NUL-terminated string.
 */
int rns_sethostname(const char *name);

/**
 * Sets the NIS domain name of the calling thread's UTS namespace (setdomainname(2)), as
 * rns_sethostname() does the host name.
 *
 * Kernel: every kernel (setdomainname(2)).
 * Scope: the calling thread's UTS namespace (every process in it sees the new name).
 * Returns: 0.
 * Errors: -EFAULT `name` is NULL; -EINVAL `name` is longer than 64 bytes; -EPERM lacking
 * CAP_SYS_ADMIN in the user namespace that owns the UTS namespace.
 * Since: 0.2
 *
 * # Safety
 * `name` is NULL or a NUL-terminated string.
 */
int rns_setdomainname(const char *name);

/**
 * Creates a network namespace named `name`, as `ip netns add NAME` does: the placeholder
 * /run/netns/NAME made with O_EXCL (an existing name is -EEXIST before any namespace is
 * made), a new network namespace bind-mounted on it, /run/netns a shared mount. `ip netns
 * list`, `ip netns exec NAME` and rns_netns_open() see it at once; it lives until
 * rns_netns_delete() (or `ip netns del`), whatever becomes of the returned fd.
 *
 * The namespace is made and bound on a short-lived thread of the library's: the caller's
 * thread never changes, also on failure, where the placeholder is removed again.
 *
 * Kernel: Linux 3.0 (network namespaces and setns(2) on a thread of the library's; bind mounts
 * through /proc/self/fd).
 * Scope: the filesystem: /run/netns (a bind mount and a file, in the caller's mount
 * namespace and those /run/netns propagates to); the calling thread is not changed.
 * Returns: an fd of the new network namespace (O_CLOEXEC); the caller closes it.
 * Errors: -EFAULT `name` is NULL; -EINVAL `name` is empty, longer than 255 bytes, has a "/",
 * or is "." or ".."; -EEXIST the name exists; -ENOENT the name was deleted while it was being
 * made (by a process that takes no lock, such as `ip netns del`), or /proc is of a pid
 * namespace the caller is not in (the bind goes through /proc/self/fd); -EPERM/-EACCES lacking
 * CAP_SYS_ADMIN (or write access to /run/netns); -ENOSPC, -EUSERS the namespace limits;
 * -EAGAIN no thread.
 * Since: 0.2
 *
 * # Safety
 * `name` is NULL or a NUL-terminated string.
 */
int rns_netns_add(const char *name);

/**
 * Deletes the network namespace named `name`, as `ip netns del NAME` does: its bind mount
 * detached (MNT_DETACH), the file removed. The namespace itself ends when nothing else holds
 * it (no process in it, no open fd). An unlink(2) that says EBUSY (a mount made there
 * meanwhile by `ip netns add`, which takes no lock for it, or one lingering from another mount
 * namespace) detaches again and retries for up to 100 ms; a name that is only a placeholder
 * (an interrupted create) is removed too, so no stale file is left.
 *
 * Kernel: every kernel (umount2(2) with MNT_DETACH, unlink(2)).
 * Scope: the filesystem: /run/netns (as rns_netns_add()); the calling thread is not changed.
 * Returns: 0.
 * Errors: -EFAULT `name` is NULL; -EINVAL `name` is not a valid name (as rns_netns_add());
 * -ENOENT no such name; -EPERM/-EACCES lacking privilege; -EBUSY the file stayed busy.
 * Since: 0.2
 *
 * # Safety
 * `name` is NULL or a NUL-terminated string.
 */
int rns_netns_delete(const char *name);

/**
 * Opens the network namespace named `name` (ours or one `ip netns add` made), for rns_setns(),
 * rns_spawn_attr_set_join() or rns_run_in_ns().
 *
 * Kernel: every kernel (open(2) of /run/netns/NAME).
 * Scope: reads only (a new fd).
 * Returns: an fd of the network namespace (O_CLOEXEC); the caller closes it.
 * Errors: -EFAULT `name` is NULL; -EINVAL `name` is not a valid name; -ENOENT no such name,
 * or only its placeholder (a create under way, or a stale file); -EACCES.
 * Since: 0.2
 *
 * # Safety
 * `name` is NULL or a NUL-terminated string.
 */
int rns_netns_open(const char *name);

/**
 * Persists the namespace `fd` refers to at `path`, as `unshare --net=FILE` (and the other
 * types) do: `path` is made (an empty file, mode 0, O_EXCL) and the namespace bind-mounted on
 * it, so it outlives every process in it until rns_ns_unpersist(). Any type works where the
 * kernel allows the bind: a mount namespace only from outside it (one whose tree holds `path`
 * would be a loop: -EINVAL), and a pid or time namespace keeps only what it is (no process is
 * kept alive). Bound on the placeholder's own fd, never on another file that took the name.
 *
 * Kernel: Linux 3.8 (bind mounts of nsfs files); types as rns_setns().
 * Scope: the filesystem: a bind mount on `path` (in the caller's mount namespace and those it
 * propagates to); nothing of the calling thread's changes.
 * Returns: 0.
 * Errors: -EFAULT `path` is NULL; -EBADF `fd` is not open; -EINVAL `fd` is not a namespace file
 * (a pidfd: open its namespace with rns_pidfd_ns_open() first), or the kernel refused the bind
 * (a mount namespace loop); -EEXIST `path` exists; -ENOENT, -EACCES, -ENOTDIR its directory;
 * -EPERM lacking CAP_SYS_ADMIN.
 * Since: 0.2
 *
 * # Safety
 * `path` is NULL or a NUL-terminated string.
 */
int rns_ns_persist(int fd, const char *path);

/**
 * Undoes rns_ns_persist() (or `unshare --net=FILE`): the bind mount on `path` detached
 * (MNT_DETACH) and the file removed; the namespace ends when nothing else holds it. Only a
 * namespace file is touched: anything else at `path` is -EINVAL, left as it is.
 *
 * Kernel: every kernel (umount2(2) with MNT_DETACH, unlink(2)).
 * Scope: the filesystem (as rns_ns_persist()); nothing of the calling thread's changes.
 * Returns: 0.
 * Errors: -EFAULT `path` is NULL; -ENOENT no such file; -EINVAL `path` is not a namespace
 * bind mount; -EPERM lacking CAP_SYS_ADMIN; -EBUSY the file stayed busy; -EACCES.
 * Since: 0.2
 *
 * # Safety
 * `path` is NULL or a NUL-terminated string.
 */
int rns_ns_unpersist(const char *path);

/**
 * Moves the calling thread into the namespaces `fd` refers to, first saving those it leaves,
 * so that rns_ns_restore() can bring it back.
 *
 * Before entering, it checks that the thread will be let back (setns(2) into the namespaces
 * it is in asks the same privilege), so a thread is never stranded for lack of privilege: a
 * process that is root only of a child user namespace gets -EPERM for namespaces its parent
 * user namespace owns, as it could enter but never leave.
 *
 * `fd` is a pidfd with an OR of RNS_CLONE_NEW* types (entered atomically where setns takes
 * pidfds, Linux 5.8), or a namespace file with its type or 0 (its type then comes from the
 * kernel, NS_GET_NSTYPE). Exactly those types are saved: if the work done in between changes
 * other namespaces of the thread, it must undo that itself. RNS_CLONE_NEWUSER is refused: a
 * thread cannot leave a user namespace it entered. RNS_CLONE_NEWNS needs a thread that does
 * not share its fs state (rns_unshare(RNS_CLONE_FS) first, as for rns_setns()); its root and
 * cwd are saved too and given back by rns_ns_restore(). RNS_CLONE_NEWPID and
 * RNS_CLONE_NEWTIME change what children get (pid_for_children, time_for_children).
 *
 * Kernel: as rns_setns(); the thread's own namespaces saved through /proc/thread-self/ns
 * (3.17), or the pidfd namespace ioctls (6.11); -ENOSYS with neither.
 * Scope: calling thread, until rns_ns_restore() on the same thread.
 * Returns: 0, with `*ret_saved` set (free it only with rns_ns_restore()); on failure nothing
 * is changed and `*ret_saved` is not written.
 * Errors: -EFAULT `ret_saved` is NULL; -EBADF `fd` is not open; -EINVAL `nstypes` has unknown
 * bits or RNS_CLONE_NEWUSER, is 0 with a pidfd, does not match the namespace file, names a
 * type the kernel lacks, or RNS_CLONE_NEWNS while the thread shares its fs state; -EPERM
 * lacking CAP_SYS_ADMIN in a target namespace, or over one the thread would have to come
 * back to; -ESRCH the pidfd's process has exited;
 * -ENOSYS the thread's own namespaces cannot be opened (no /proc, and no pidfd namespace
 * ioctls); -ENOTRECOVERABLE entering failed part way and the thread could not be put back
 * (do not use the thread for anything else).
 * Since: 0.2
 *
 * # Safety
 * `ret_saved` is NULL or valid for writing one pointer.
 */
int rns_ns_enter(int fd, int nstypes, rns_ns_saved **ret_saved);

/**
 * Moves the calling thread into several namespaces of process `pid`, as rns_setns_pid() does,
 * first saving those it leaves, so that rns_ns_restore() can bring it back.
 *
 * Everything rns_ns_enter() says of the types holds. Where setns takes no pidfd the types are
 * entered one by one; a failure part way is undone before returning.
 *
 * Kernel: as rns_ns_enter() and rns_setns_pid().
 * Scope: calling thread, until rns_ns_restore() on the same thread.
 * Returns: 0, with `*ret_saved` set (free it only with rns_ns_restore()); on failure nothing
 * is changed and `*ret_saved` is not written.
 * Errors: -EFAULT `ret_saved` is NULL; -EINVAL `pid` <= 0, `nstypes` 0, with unknown bits or
 * RNS_CLONE_NEWUSER, a type the kernel lacks, or RNS_CLONE_NEWNS while the thread shares its
 * fs state; -ESRCH no such process, or it has exited; -EPERM lacking privilege (as for
 * rns_setns_pid()), or to come back (as for rns_ns_enter()); -ENOSYS as for rns_ns_enter()
 * and rns_setns_pid(); -ENOTRECOVERABLE as for rns_ns_enter().
 * Since: 0.2
 *
 * # Safety
 * `ret_saved` is NULL or valid for writing one pointer.
 */
int rns_ns_enter_pid(pid_t pid, int nstypes, rns_ns_saved **ret_saved);

/**
 * Moves the calling thread back into the namespaces rns_ns_enter() or rns_ns_enter_pid()
 * saved (and, with a mount namespace, its root and cwd), and frees `saved`.
 *
 * It tries every type even after one fails. On failure the thread is left in a mix of
 * namespaces: do not give it back to a pool or use it for other work (the Go binding leaves
 * such a thread locked, so the runtime ends it).
 *
 * Kernel: as rns_setns() on the saved namespace files.
 * Scope: calling thread.
 * Returns: 0. `saved` is freed whatever the result, except for -EINVAL.
 * Errors: -EFAULT `saved` is NULL; -EINVAL the calling thread is not the one that saved it
 * (then `saved` is kept, to restore on its own thread); the errors of setns(2), fchdir(2) or
 * chroot(2) when a step fails (-EPERM, say, after the work dropped capabilities).
 * Since: 0.2
 *
 * # Safety
 * `saved` is NULL or a pointer from rns_ns_enter*() not yet passed to rns_ns_restore().
 */
int rns_ns_restore(rns_ns_saved *saved);

/**
 * Runs `func(arg)` on a new thread inside the namespaces `fd` refers to, and returns once it
 * has returned, with its result in `*ret_result`. The calling thread is never changed,
 * whatever fails: the new thread enters, runs `func`, and ends (nothing to restore).
 *
 * `fd` and `nstypes` are as rns_ns_enter() takes them: a pidfd with an OR of RNS_CLONE_NEW*
 * types (one by one through the pidfd where setns takes none, before Linux 5.8), or a
 * namespace file with its type or 0. RNS_CLONE_NEWUSER is refused: a thread of a
 * multithreaded process cannot join a user namespace (spawn a process for that). The thread
 * has fs state of its own (CLONE_FS unshared), so a mount namespace can be joined and `func`
 * sees its root and cwd. RNS_CLONE_NEWPID and RNS_CLONE_NEWTIME change what children `func`
 * starts get. The thread starts with the calling thread's signal mask and the process's
 * default thread stack size.
 * `func` must not leave the thread by other means than returning (pthread_exit, longjmp, a
 * C++ exception). Threads `func` starts do not inherit the namespaces of the calling thread
 * but of this one (its fs state too): a language runtime whose callbacks may start its own
 * worker threads from the current thread (Go's cgo callbacks do) must not be called back
 * here, or its later threads start in these namespaces (Go's binding has its own thread
 * form, RunInNs).
 *
 * Kernel: as rns_ns_enter(); a pidfd's types one by one before Linux 5.8.
 * Scope: a new thread of the calling process, ended before the return; the calling thread
 * and the rest of the process are not changed (beyond what `func` itself does).
 * Returns: 0, with `*ret_result` set to what `func` returned; on an error `func` was not
 * called and `*ret_result` is not written.
 * Errors: -EFAULT `func` or `ret_result` is NULL; -EBADF `fd` is not open; -EINVAL `nstypes`
 * has unknown bits or RNS_CLONE_NEWUSER, is 0 with a pidfd, does not match the namespace
 * file, or names a type the kernel lacks; -EPERM lacking CAP_SYS_ADMIN in a target
 * namespace; -ESRCH the pidfd's process has exited; -EAGAIN no thread could be created.
 * Since: 0.2
 *
 * # Safety
 * `func` is NULL or a function that may be called with `arg` on another thread;
 * `ret_result` is NULL or valid for writing an int.
 */
int rns_run_in_ns(int fd, int nstypes, rns_run_fn func, void *arg, int *ret_result);

/**
 * The type of the namespace `fd` refers to.
 *
 * `fd` is a namespace file: /proc/PID/ns/X, a bind mount of one, or an fd from rns_ns_open(),
 * rns_ns_userns() or rns_ns_parent(). It is checked to be on nsfs (fstatfs, as systemd's
 * fd_is_namespace), then asked its type (NS_GET_NSTYPE, Linux 4.11).
 *
 * Kernel: Linux 4.11 (NS_GET_NSTYPE); -EINVAL before (no way to tell).
 * Scope: reads only.
 * Returns: its RNS_CLONE_NEW* type (exactly one bit).
 * Errors: -EBADF `fd` is not open; -EINVAL `fd` is not a namespace file (a regular file, a
 * socket, a pidfd, /dev/null, ...).
 * Since: 0.2
 */
int rns_ns_type(int fd);

/**
 * Opens the user namespace that owns the namespace `fd` (NS_GET_USERNS, Linux 4.9); for a
 * user namespace, the one it was created in.
 *
 * Kernel: Linux 4.9 (NS_GET_USERNS).
 * Scope: reads only.
 * Returns: an O_CLOEXEC fd of that user namespace. The caller closes it.
 * Errors: -EBADF `fd` is not open; -EINVAL `fd` is not a namespace file; -EPERM the owner is
 * outside the caller's user namespace and its descendants (the initial user namespace, seen
 * from inside a container, say).
 * Since: 0.2
 */
int rns_ns_userns(int fd);

/**
 * Opens the parent of the namespace `fd` (NS_GET_PARENT, Linux 4.9): the pid or user
 * namespace it was created in. Only pid and user namespaces have parents.
 *
 * Kernel: Linux 4.9 (NS_GET_PARENT).
 * Scope: reads only.
 * Returns: an O_CLOEXEC fd of the parent namespace. The caller closes it.
 * Errors: -EBADF `fd` is not open; -EINVAL `fd` is not a namespace file, or not a pid or
 * user namespace; -EPERM the parent is outside what the caller can see (`fd` is the
 * caller's own, or an ancestor's, topmost namespace: the initial one, or a container's).
 * Since: 0.2
 */
int rns_ns_parent(int fd);

/**
 * Reads the uid of the creator of the user namespace `fd` (NS_GET_OWNER_UID, Linux 4.11), as
 * the caller's user namespace maps it.
 *
 * Kernel: Linux 4.11 (NS_GET_OWNER_UID).
 * Scope: reads only.
 * Returns: 0, with `*ret_uid` set: the owner's uid, or the overflow uid (65534) when the
 * caller's user namespace does not map it.
 * Errors: -EFAULT `ret_uid` is NULL; -EBADF `fd` is not open; -EINVAL `fd` is not a namespace
 * file, or not a user namespace. Nothing is written on failure.
 * Since: 0.2
 *
 * # Safety
 * `ret_uid` is NULL or valid for writing a uid_t.
 */
int rns_ns_owner_uid(int fd, uid_t *ret_uid);

/**
 * Reads a 64-bit id of the namespace `fd`.
 *
 * Where the kernel has one, this is its namespace id, which is never reused while the system
 * runs: NS_GET_ID (Linux 6.18, every type) or, for a mount namespace, NS_GET_MNTNS_ID (6.11).
 * Otherwise it is the namespace file's inode number (st_ino), which the kernel reuses once
 * the namespace is gone: compare two inode ids only while holding both fds (rns_ns_same()
 * does). Which one is used follows the kernel's answer (an unknown ioctl), cached per
 * process, never its version; kernel ids and inode ids are never comparable with each other.
 *
 * Kernel: every kernel with nsfs (3.19): the kernel id from 6.18 (NS_GET_ID; a mount
 * namespace's from 6.11, NS_GET_MNTNS_ID), else the inode number, as the kernel answers.
 * Scope: reads only.
 * Returns: RNS_NS_ID_KERNEL (1) with `*ret_id` the kernel's id, or RNS_NS_ID_INODE (2) with
 * `*ret_id` the inode number.
 * Errors: -EFAULT `ret_id` is NULL; -EBADF `fd` is not open; -EINVAL `fd` is not a namespace
 * file. Nothing is written on failure.
 * Since: 0.2
 *
 * # Safety
 * `ret_id` is NULL or valid for writing a uint64_t.
 */
int rns_ns_id(int fd, uint64_t *ret_id);

/**
 * Tells whether two namespace fds refer to the same namespace.
 *
 * Compares the kernel's namespace ids where both have one (as rns_ns_id()), else (st_dev,
 * st_ino) of the two files, which is sound here because both fds are held. Namespaces of
 * different types are simply different.
 *
 * Kernel: as rns_ns_id() (fstat(2) otherwise).
 * Scope: reads only.
 * Returns: 1 the same namespace, 0 different ones.
 * Errors: -EBADF `fd1` or `fd2` is not open; -EINVAL one of them is not a namespace file.
 * Since: 0.2
 */
int rns_ns_same(int fd1, int fd2);

/**
 * Tells what pid the caller's pid namespace gives to the process (or thread) numbered `pid`
 * in the pid namespace `fd` (NS_GET_PID_FROM_PIDNS, NS_GET_TGID_FROM_PIDNS, Linux 6.9): "what
 * is pid P of that namespace here". Its /proc/PID/status "NSpid:" line lists the same
 * numbers, from the caller's namespace down.
 *
 * `flags` is 0 (the thread's id) or RNS_NS_PID_TGID (its process's pid).
 *
 * Kernel: Linux 6.9 (NS_GET_PID_FROM_PIDNS, NS_GET_TGID_FROM_PIDNS); -ENOSYS before.
 * Scope: reads only.
 * Returns: the pid in the caller's pid namespace.
 * Errors: -EINVAL unknown `flags` bits, `pid` <= 0, or `fd` is not a pid namespace; -EBADF
 * `fd` is not open; -ESRCH no process `pid` in that namespace, or it is not in the caller's
 * (the namespace is an ancestor's or a sibling's); -ENOSYS kernel older than 6.9.
 * Since: 0.3
 */
int rns_ns_pid_from(int fd, pid_t pid, unsigned int flags);

/**
 * Tells what pid the pid namespace `fd` gives to the process (or thread) `pid` of the
 * caller's pid namespace (NS_GET_PID_IN_PIDNS, NS_GET_TGID_IN_PIDNS, Linux 6.9): the reverse
 * of rns_ns_pid_from().
 *
 * `flags` is 0 (the thread's id) or RNS_NS_PID_TGID (its process's pid).
 *
 * Kernel: Linux 6.9 (NS_GET_PID_IN_PIDNS, NS_GET_TGID_IN_PIDNS); -ENOSYS before.
 * Scope: reads only.
 * Returns: the pid in the namespace `fd`.
 * Errors: -EINVAL unknown `flags` bits, `pid` <= 0, or `fd` is not a pid namespace; -EBADF
 * `fd` is not open; -ESRCH no process `pid` in the caller's namespace, or it is not in the
 * namespace `fd` (which is not its own or an ancestor of it); -ENOSYS kernel older than 6.9.
 * Since: 0.3
 */
int rns_ns_pid_in(int fd, pid_t pid, unsigned int flags);

/**
 * Opens the namespace whose kernel id is `id` (as rns_ns_id() gives it with
 * RNS_NS_ID_KERNEL), of type `nstype` and inode number `ino` (the st_ino of its namespace
 * file), through an nsfs file handle (open_by_handle_at(2) on FD_NSFS_ROOT, Linux 6.18): a
 * namespace named by its ids, in another process say, opened without /proc and without a
 * pid. The kernel checks the type and the inode against the id, so ids from an earlier boot
 * never open another namespace.
 *
 * Linux 6.18 needs all three; a later kernel may take `id` alone (`nstype` and `ino` 0),
 * which 6.18 answers -ENOENT.
 *
 * Kernel: Linux 6.18 (nsfs file handles, open_by_handle_at(2) on FD_NSFS_ROOT); -ENOSYS
 * before.
 * Scope: reads only.
 * Returns: an O_CLOEXEC namespace fd. The caller closes it.
 * Errors: -EINVAL `id` is 0, `nstype` is neither 0 nor exactly one RNS_CLONE_NEW* type,
 * `ino` is above 2^32-1, or only one of `nstype` and `ino` is given; -ENOENT no live namespace
 * has that id, type and inode (the kernel says ESTALE), or (Linux 6.18) one the caller may not
 * open; -EPERM the caller is not in that namespace and may not see every namespace
 * (CAP_SYS_ADMIN in the initial namespaces; 6.18 says -ENOENT for these); -ENOSYS
 * kernel older than 6.18 (no nsfs file handles), or a sandbox hides open_by_handle_at (a
 * container profile may say -EPERM instead).
 * Since: 0.3
 */
int rns_ns_open_id(uint64_t id, int nstype, uint64_t ino);

/**
 * Lists the kernel ids of the namespaces the caller may see, in ascending order
 * (listns(2), Linux 6.19): those of the types in `nstypes` (an OR of RNS_CLONE_NEW* types; 0:
 * every type), owned by the user namespace whose id is `owner_id` (0: any), with an id above
 * `after_id` (0: from the first). Call again with the last id returned as `after_id` for
 * more. An id opens its namespace with rns_ns_open_id().
 *
 * Kernel: Linux 6.19 (listns(2)); -ENOSYS before, no fallback.
 * Scope: reads only.
 * Returns: how many ids were written to `ret_ids` (at most `n`, and at most INT_MAX).
 * Errors: -EINVAL unknown bits in `nstypes` (or what the kernel refuses); -EFAULT `ret_ids`
 * is NULL and `n` is not 0; -ENOSYS kernel older than 6.19 (Linux 6.18 included), or a
 * sandbox hides listns. Nothing is listed then: there is no fallback (/proc shows only the
 * namespaces of running processes).
 * Since: 0.3
 *
 * # Safety
 * `ret_ids` is NULL or valid for writing `n` uint64_t values.
 */
int rns_listns(uint64_t after_id, int nstypes, uint64_t owner_id, uint64_t *ret_ids, size_t n);

/**
 * Moves process `pid` (0: the caller) into process group `pgid` (0: a group of its own pid).
 *
 * The shell pattern is to call this in both parent and child after fork(), so the child is
 * in its group before either goes on.
 *
 * Kernel: every kernel.
 * Scope: process.
 * Returns: 0.
 * Errors: -EINVAL `pid` or `pgid` < 0; -ESRCH `pid` is neither the caller nor its child;
 * -EPERM `pid` is a session leader, or `pgid` is a group of another session or does not
 * exist; -EACCES the child has already exec'd.
 * Since: 0.1
 */
int rns_setpgid(pid_t pid, pid_t pgid);

/**
 * The process group id of process `pid` (0: the caller).
 *
 * Kernel: every kernel.
 * Scope: reads only.
 * Returns: the pgid.
 * Errors: -ESRCH no such process (or `pid` < 0); -EPERM (on some systems) it is in another
 * session.
 * Since: 0.1
 */
int rns_getpgid(pid_t pid);

/**
 * Makes the caller the leader of a new process group of its own pid (setpgid(0, 0)).
 *
 * Kernel: every kernel.
 * Scope: process.
 * Returns: 0.
 * Errors: -EPERM the caller is a session leader.
 * Since: 0.1
 */
int rns_setpgrp(void);

/**
 * The caller's process group id. Cannot fail.
 *
 * Kernel: every kernel.
 * Scope: reads only.
 * Returns: the pgid.
 * Since: 0.1
 */
int rns_getpgrp(void);

/**
 * Starts a new session, with the caller as leader of it and of a new process group, and no
 * controlling terminal.
 *
 * Kernel: every kernel.
 * Scope: process.
 * Returns: the new session id (the caller's pid).
 * Errors: -EPERM the caller is already a process group leader (fork first and call this in
 * the child).
 * Since: 0.1
 */
int rns_setsid(void);

/**
 * The session id of process `pid` (0: the caller).
 *
 * Kernel: every kernel.
 * Scope: reads only.
 * Returns: the sid.
 * Errors: -ESRCH no such process (or `pid` < 0); -EPERM (on some systems) it is in another
 * session.
 * Since: 0.1
 */
int rns_getsid(pid_t pid);

/**
 * The foreground process group of the terminal `fd`, which must be the caller's
 * controlling terminal.
 *
 * Kernel: every kernel (TIOCGPGRP).
 * Scope: reads only.
 * Returns: the foreground pgid.
 * Errors: -EBADF `fd` is not open; -ENOTTY `fd` is not a terminal, or not the caller's
 * controlling terminal.
 * Since: 0.1
 */
int rns_tcgetpgrp(int fd);

/**
 * Makes `pgrp` the foreground process group of the caller's controlling terminal `fd`.
 *
 * A caller in a background group gets SIGTTOU unless it blocks or ignores it.
 *
 * Kernel: every kernel (TIOCSPGRP).
 * Scope: process (the terminal's state).
 * Returns: 0.
 * Errors: -EINVAL `pgrp` < 0; -EBADF `fd` is not open; -ENOTTY `fd` is not the caller's
 * controlling terminal; -EPERM `pgrp` is not a group of the caller's session; -ESRCH no
 * process group `pgrp` exists.
 * Since: 0.1
 */
int rns_tcsetpgrp(int fd, pid_t pgrp);

/**
 * Sends signal `sig` to every process of process group `pgrp` (0: the caller's group).
 *
 * Group 1 is refused: kill(-1) would signal every process the caller may signal, not a group.
 *
 * Kernel: every kernel.
 * Scope: process (sends signals).
 * Returns: 0.
 * Errors: -EINVAL `pgrp` < 0 or 1, or bad `sig`; -ESRCH no such group; -EPERM not allowed to
 * signal any of its members.
 * Since: 0.1
 */
int rns_killpg(pid_t pgrp, int sig);

/**
 * Opens a pidfd for process `pid` (pidfd_open(2), Linux 5.3).
 *
 * `flags` is 0 or an OR of RNS_PIDFD_NONBLOCK and RNS_PIDFD_THREAD. Poll the fd for POLLIN
 * to learn that the process exited.
 *
 * Kernel: Linux 5.3 (pidfd_open(2)); -ENOSYS before; RNS_PIDFD_NONBLOCK 5.10, RNS_PIDFD_THREAD
 * 6.9 (-EINVAL before).
 * Scope: reads only.
 * Returns: the pidfd (always O_CLOEXEC). The caller closes it.
 * Errors: -EINVAL `pid` <= 0 or unknown bits in `flags` (also RNS_PIDFD_THREAD before Linux
 * 6.9); -ENOENT (Linux 6.9+; -EINVAL before) `pid` is a thread, not a process, and
 * RNS_PIDFD_THREAD is not given; -ESRCH no such process; -EMFILE/-ENFILE out of fds; -ENOSYS
 * kernel older than 5.3, or a sandbox (seccomp profile) hides pidfd_open.
 * Since: 0.1
 */
int rns_pidfd_open(pid_t pid, unsigned int flags);

/**
 * Sends signal `sig` to the process that `pidfd` refers to (pidfd_send_signal(2), Linux 5.1).
 *
 * `flags` is 0 (the whole process) or one of RNS_PIDFD_SIGNAL_THREAD, _THREAD_GROUP,
 * _PROCESS_GROUP (Linux 6.9). `sig` 0 checks that the process exists and may be signalled.
 * `pidfd` may be RNS_PIDFD_SELF_THREAD (the calling thread) or RNS_PIDFD_SELF_THREAD_GROUP
 * (the calling process), Linux 6.15.
 *
 * Kernel: Linux 5.1 (pidfd_send_signal(2)); -ENOSYS before; flags 6.9 (-EINVAL before),
 * RNS_PIDFD_SELF_* 6.15 (-EBADF before).
 * Scope: process (sends a signal; changes nothing in the caller).
 * Returns: 0.
 * Errors: -EBADF `pidfd` is not an open pidfd (RNS_PIDFD_SELF_* before Linux 6.15); -EINVAL
 * bad `sig` or unknown `flags` bits; -EPERM not allowed to signal it; -ESRCH it has exited;
 * -ENOSYS kernel older than 5.1, or a sandbox hides pidfd_send_signal.
 * Since: 0.1
 */
int rns_pidfd_send_signal(int pidfd, int sig, unsigned int flags);

/**
 * Sends signal `sig` with a code and a value to the process that `pidfd` refers to
 * (pidfd_send_signal(2) with a siginfo, Linux 5.1), as sigqueue(3) sends to a pid: the
 * receiver's SA_SIGINFO handler or sigwaitinfo(2) sees si_code `info->code`, si_value
 * `info->value`, and the caller's pid and real uid as si_pid and si_uid (as glibc's sigqueue
 * sets them, in the caller's own pid and user namespaces).
 *
 * `flags` and `pidfd` as for rns_pidfd_send_signal() (RNS_PIDFD_SELF_* too).
 *
 * Kernel: as rns_pidfd_send_signal().
 * Scope: process (sends a signal; changes nothing in the caller).
 * Returns: 0.
 * Errors: -EFAULT `info` is NULL; -EINVAL `info->size` is smaller than 16, bad `sig`, or
 * unknown `flags` bits; -EPERM not allowed to signal it, or `info->code` is 0 or above (or
 * SI_TKILL) and the target is not the caller itself; -EBADF, -ESRCH, -ENOSYS as for
 * rns_pidfd_send_signal().
 * Since: 0.3
 *
 * # Safety
 * `info` is NULL or points to an rns_siginfo whose `size` is set.
 */
int rns_pidfd_send_siginfo(int pidfd, int sig, const rns_siginfo *info, unsigned int flags);

/**
 * Duplicates fd `targetfd` of the process that `pidfd` refers to into the caller
 * (pidfd_getfd(2), Linux 5.6). Needs ptrace access to that process. RNS_PIDFD_SELF_THREAD
 * and RNS_PIDFD_SELF_THREAD_GROUP are passed to the kernel as they are (Linux 6.18 still
 * answers -EBADF to them).
 *
 * Kernel: Linux 5.6 (pidfd_getfd(2)); -ENOSYS before.
 * Scope: process (a new fd in the caller's fd table).
 * Returns: the new fd (always O_CLOEXEC). The caller closes it.
 * Errors: -EINVAL `flags` is not 0; -EBADF `pidfd` is not a pidfd, or `targetfd` is not open
 * in the target; -EPERM no ptrace access; -ESRCH the process has exited; -EMFILE out of fds;
 * -ENOSYS kernel older than 5.6, or a sandbox hides pidfd_getfd.
 * Since: 0.1
 */
int rns_pidfd_getfd(int pidfd, int targetfd, unsigned int flags);

/**
 * Waits for a state change of the child that `pidfd` refers to (waitid(2) with P_PIDFD,
 * Linux 5.4) and decodes it.
 *
 * `options` is an OR of RNS_WEXITED, RNS_WSTOPPED, RNS_WCONTINUED (at least one) and
 * RNS_WNOHANG, RNS_WNOWAIT. Without RNS_WNOWAIT an exited child is reaped: its pidfd stays
 * valid but its pid may be reused. Only the caller's children can be waited for; for any
 * process, poll the pidfd: POLLIN once it has exited (and rns_pidfd_info() tells how it
 * ended, Linux 6.15). Where the kernel has no P_PIDFD (5.3), the wait is on the pidfd's pid,
 * which cannot be reused while the child is unreaped.
 *
 * Kernel: Linux 5.4 (waitid(2) with P_PIDFD); on 5.3, waitid(2) on the pidfd's pid (which an
 * unreaped child keeps).
 * Scope: process (reaps a child, unless RNS_WNOWAIT).
 * Returns: the child's pid, with `*ret_status` filled; 0 when RNS_WNOHANG found nothing to
 * report (`kind` RNS_WAIT_NONE).
 * Errors: -EFAULT `ret_status` is NULL; -EINVAL unknown `options` bits, none of the three
 * state bits, `ret_status->size` smaller than the first release's struct (20 bytes), or
 * `pidfd` is not a pidfd; -EBADF `pidfd` is not open; -ECHILD not a child of the caller (or
 * already reaped); -EAGAIN the pidfd is RNS_PIDFD_NONBLOCK and nothing is to report yet;
 * -EINTR a signal arrived while waiting.
 * Since: 0.2
 *
 * # Safety
 * `ret_status` is NULL or points to an rns_wait_status whose `size` is set.
 */
int rns_pidfd_wait(int pidfd, int options, rns_wait_status *ret_status);

/**
 * rns_pidfd_wait(), also reporting the child's resource usage (waitid(2)'s fifth argument,
 * as wait4(2) and Go's ProcessState.SysUsage give it): its CPU times, peak RSS, faults, I/O
 * blocks and context switches, its waited-for descendants' included.
 *
 * `*ret_usage` is filled whenever `*ret_status` is: all zero when RNS_WNOHANG found nothing
 * to report. Both are written only on success.
 *
 * Kernel: as rns_pidfd_wait().
 * Scope: process (reaps a child, unless RNS_WNOWAIT).
 * Returns: as rns_pidfd_wait().
 * Errors: those of rns_pidfd_wait(); -EFAULT `ret_usage` is NULL; -EINVAL
 * `ret_usage->size` is smaller than 80 (checked before waiting).
 * Since: 0.3
 *
 * # Safety
 * `ret_status` as for rns_pidfd_wait(); `ret_usage` is NULL or points to an rns_rusage whose
 * `size` is set.
 */
int rns_pidfd_wait_rusage(int pidfd,
                          int options,
                          rns_wait_status *ret_status,
                          rns_rusage *ret_usage);

/**
 * The pid of the process that `pidfd` refers to, in the caller's pid namespace. From
 * PIDFD_GET_INFO (Linux 6.13), else from the pidfd's fdinfo where /proc numbers processes as
 * the caller's pid namespace does.
 *
 * Kernel: Linux 6.13 (PIDFD_GET_INFO); before, the pidfd's fdinfo (-ENOSYS where /proc is
 * missing or of another pid namespace).
 * Scope: reads only.
 * Returns: the pid (a zombie keeps its pid until reaped).
 * Errors: -EBADF `pidfd` is not open (RNS_PIDFD_SELF_* too: no fd); -EINVAL it is not a
 * pidfd; -ESRCH the process has been reaped, or is not in the caller's pid namespace (on
 * every kernel: newer ones say -EREMOTE, which is not passed on); -ENOSYS the pid cannot be
 * told here (before Linux 6.13, with /proc missing or of another pid namespace).
 * Since: 0.2
 */
int rns_pidfd_getpid(int pidfd);

/**
 * What the process that `pidfd` refers to is: its pids, credentials and cgroup, and, once it
 * has been reaped, how it ended, so that a process that is not the caller's child can learn
 * its exit status.
 *
 * Where the kernel has PIDFD_GET_INFO (Linux 6.13) all of it comes from there (the exit
 * status from 6.15, once the process has been reaped by its parent). Before, the pids and
 * credentials come from /proc (checked to belong to the process still, through the pidfd)
 * and the cgroup id and exit status are left out of `mask`, never invented.
 *
 * Kernel: Linux 6.13 (PIDFD_GET_INFO; exit status of reaped processes 6.15); before, /proc
 * (-ENOSYS where /proc is missing or of another pid namespace).
 * Scope: reads only.
 * Returns: 0, with `*ret_info` filled as its `mask` says.
 * Errors: -EFAULT `ret_info` is NULL; -EINVAL `ret_info->size` is smaller than the first
 * release's struct (80 bytes), or `pidfd` is not a pidfd; -EBADF `pidfd` is not open
 * (RNS_PIDFD_SELF_* too: no fd); -ESRCH the process has exited and nothing more can be told
 * (it was reaped, before Linux 6.15, which keeps the exit status; before 6.13, also while it
 * is a zombie), or it is outside the caller's pid namespace (on every kernel: newer ones say
 * -EREMOTE, which is not passed on); -ENOSYS before Linux 6.13 with /proc missing or of
 * another pid namespace.
 * Since: 0.2
 *
 * # Safety
 * `ret_info` is NULL or points to an rns_process_info whose `size` is set.
 */
int rns_pidfd_info(int pidfd, rns_process_info *ret_info);

/**
 * What the process that `pidfd` refers to is, as rns_pidfd_info() tells it, but only the
 * fields `mask` asks for: an OR of RNS_PIDFD_INFO_PID, _CREDS, _CGROUPID, _EXIT. The kernel
 * is asked for those alone (PIDFD_GET_INFO's request mask), so RNS_PIDFD_INFO_EXIT alone asks
 * for how the process ended and nothing else; `ret_info->mask` is the part of `mask` filled,
 * every other field 0.
 *
 * A process that has been reaped has only its exit information left: asked without
 * RNS_PIDFD_INFO_EXIT, that is -ESRCH; asked with it, success with `mask` RNS_PIDFD_INFO_EXIT
 * (Linux 6.15; before, -ESRCH too). A running process has no exit information yet: success
 * without RNS_PIDFD_INFO_EXIT in `mask` (possibly 0). Before Linux 6.13 the pids and
 * credentials come from /proc, as for rns_pidfd_info().
 *
 * Kernel: as rns_pidfd_info().
 * Scope: reads only.
 * Returns: 0, with `*ret_info` filled as its `mask` says.
 * Errors: -EFAULT `ret_info` is NULL; -EINVAL `mask` is 0 or has unknown bits,
 * `ret_info->size` is smaller than 80, or `pidfd` is not a pidfd; -EBADF `pidfd` is not open;
 * -ESRCH as rns_pidfd_info(), and for a reaped process when `mask` lacks
 * RNS_PIDFD_INFO_EXIT; -ENOSYS as rns_pidfd_info().
 * Since: 0.3
 *
 * # Safety
 * `ret_info` is NULL or points to an rns_process_info whose `size` is set.
 */
int rns_pidfd_info_mask(int pidfd, uint64_t mask, rns_process_info *ret_info);

/**
 * Opens the namespace of one type of the process that `pidfd` refers to: through the pidfd
 * (PIDFD_GET_*_NAMESPACE, Linux 6.11), else through /proc/PID/ns with a check that the
 * pidfd's process is still alive after the open, so a reused pid never yields another
 * process's namespace.
 *
 * `nstype` is exactly one RNS_CLONE_NEW* type; RNS_CLONE_NEWPID and RNS_CLONE_NEWTIME give the
 * process's own namespace, as rns_ns_open() does. RNS_CLONE_NEWPID | RNS_NS_FOR_CHILDREN and
 * RNS_CLONE_NEWTIME | RNS_NS_FOR_CHILDREN (since 0.3) give the one its children get
 * (PIDFD_GET_PID_FOR_CHILDREN_NAMESPACE, _TIME_FOR_CHILDREN_, Linux 6.11; before, through
 * /proc/PID/ns/pid_for_children, Linux 4.12, and time_for_children, 5.6).
 *
 * Kernel: Linux 6.11 (PIDFD_GET_*_NAMESPACE); before, /proc/PID/ns with a pidfd check; -ENOSYS
 * where /proc is missing or of another pid namespace.
 * Scope: reads only.
 * Returns: an O_CLOEXEC namespace fd. The caller closes it.
 * Errors: -EINVAL `nstype` is not exactly one type (RNS_NS_FOR_CHILDREN: with a type other
 * than pid or time; before 0.3, at all), or `pidfd` is not a pidfd; -EBADF `pidfd` is not
 * open; -ESRCH the process has exited; -EACCES not allowed to inspect it (no ptrace read
 * access); -ENOENT the kernel lacks that namespace type (time_for_children before 5.6), or
 * its pid namespace for children has no process yet (it unshared one and has not forked
 * since: /proc refuses it then, and so does the ioctl path); -ENOSYS /proc is missing or of
 * another pid namespace on a kernel without the ioctls.
 * Since: 0.2
 */
int rns_pidfd_ns_open(int pidfd, int nstype);

/**
 * Sets the signal the caller gets when its parent dies (PR_SET_PDEATHSIG); 0 clears it.
 *
 * "Parent" means the **thread** that created this process, not the parent process: the
 * signal is sent when that thread exits, even while the parent process goes on with other
 * threads (the trap of golang/go#27505: call it in a child whose parent thread stays, or
 * lock the parent's thread). It is also sent when a subreaper the caller was reparented to
 * exits. If the parent thread has already exited, nothing is sent: a child that must not
 * outlive its parent checks getppid() after this call.
 *
 * The setting is cleared for the children of fork(), when this thread's effective or
 * filesystem user or group id changes (rns_setuid(), rns_setresgid() and the like, which
 * change every thread), and by execve() of a set-user-ID, set-group-ID or file-capability
 * binary; an ordinary execve() keeps it.
 *
 * Kernel: every kernel (PR_SET_PDEATHSIG).
 * Scope: calling thread: the setting is the thread's own (other threads of the process
 * read 0), while the signal it brings is sent to the whole process.
 * Returns: 0.
 * Errors: -EINVAL `sig` is not 0 or a signal 1..64.
 * Since: 0.2
 */
int rns_set_pdeathsig(int sig);

/**
 * The calling thread's parent-death signal (PR_GET_PDEATHSIG), 0 when none is set.
 *
 * Kernel: every kernel (PR_GET_PDEATHSIG).
 * Scope: reads only (the calling thread's setting; see rns_set_pdeathsig()).
 * Returns: the signal number, or 0.
 * Errors: none on Linux; a seccomp filter could still refuse prctl with its own -errno.
 * Since: 0.2
 */
int rns_get_pdeathsig(void);

/**
 * Makes the caller a child subreaper (`on` 1) or ordinary again (`on` 0)
 * (PR_SET_CHILD_SUBREAPER).
 *
 * A subreaper takes init's role for its descendants: a process orphaned below it is
 * reparented to the nearest living subreaper ancestor instead of to init, so the subreaper
 * gets its SIGCHLD and reaps it (wait for it). The setting is not inherited by children of
 * fork() and is kept across execve().
 *
 * Kernel: Linux 3.4 (PR_SET_CHILD_SUBREAPER); -EINVAL before.
 * Scope: process (every thread reads the same setting).
 * Returns: 0.
 * Errors: -EINVAL `on` is neither 0 nor 1.
 * Since: 0.2
 */
int rns_set_child_subreaper(int on);

/**
 * Whether the calling process is a child subreaper (PR_GET_CHILD_SUBREAPER).
 *
 * Kernel: Linux 3.4 (PR_GET_CHILD_SUBREAPER); -EINVAL before.
 * Scope: reads only (the process's setting).
 * Returns: 1 if it is, 0 if not.
 * Errors: none on Linux; a seccomp filter could still refuse prctl with its own -errno.
 * Since: 0.2
 */
int rns_get_child_subreaper(void);

/**
 * Sets no_new_privs (PR_SET_NO_NEW_PRIVS): from now on execve() grants no privilege the
 * caller does not have (set-user-ID and set-group-ID bits and file capabilities do
 * nothing), and an unprivileged thread may install seccomp filters.
 *
 * It cannot be unset, so `on` must be 1. Calling it again is no error.
 *
 * Kernel: Linux 3.5 (PR_SET_NO_NEW_PRIVS); -EINVAL before.
 * Scope: calling thread, and the threads and children it creates afterwards; threads that
 * exist already keep their own setting.
 * Returns: 0.
 * Errors: -EINVAL `on` is not 1.
 * Since: 0.2
 */
int rns_set_no_new_privs(int on);

/**
 * Whether the calling thread has no_new_privs set (PR_GET_NO_NEW_PRIVS).
 *
 * Kernel: Linux 3.5 (PR_GET_NO_NEW_PRIVS); -EINVAL before.
 * Scope: reads only (the calling thread's setting; see rns_set_no_new_privs()).
 * Returns: 1 if set, 0 if not.
 * Errors: none on Linux >= 3.5 (-EINVAL before, which lacks it).
 * Since: 0.2
 */
int rns_get_no_new_privs(void);

/**
 * The nice value (-20..19) of a thread, process group or user: for a group or user, the
 * highest priority (lowest nice) of its members.
 *
 * `which` is RNS_PRIO_PROCESS, RNS_PRIO_PGRP or RNS_PRIO_USER; `who` 0 is the calling
 * thread, the caller's group or the caller's real uid. The nice value is written to
 * `*ret_prio`: -1 is a value here, not an error.
 *
 * Kernel: every kernel (getpriority(2); the kernel's 20-nice answer decoded).
 * Scope: reads only (RNS_PRIO_PROCESS with 0 reads the calling thread).
 * Returns: 0.
 * Errors: -EINVAL unknown `which`; -EFAULT `ret_prio` is NULL; -ESRCH nothing matches `who`.
 * Since: 0.1
 *
 * # Safety
 * `ret_prio` is NULL or valid for writing an int.
 */
int rns_getpriority(int which, id_t who, int *ret_prio);

/**
 * Sets the nice value of a thread, every member of a process group, or every process of a
 * user. The kernel clamps `prio` to -20..19.
 *
 * `which` and `who` as for rns_getpriority(). Lowering the nice value (raising priority)
 * needs CAP_SYS_NICE or RLIMIT_NICE.
 *
 * Kernel: every kernel (setpriority(2)).
 * Scope: RNS_PRIO_PROCESS with `who` 0 is the calling **thread** only; other threads keep
 * their nice values (new threads inherit the creator's).
 * Returns: 0.
 * Errors: -EINVAL unknown `which`; -ESRCH nothing matches `who`; -EACCES lowering the nice
 * value without privilege; -EPERM the target belongs to another user.
 * Since: 0.1
 */
int rns_setpriority(int which, id_t who, int prio);

/**
 * The detail of the calling thread's last rns_spawn() or rns_spawnp() failure in one of
 * the child's steps: the index of the fd action (RNS_SPAWN_STEP_FDS; -1: closing the other
 * fds), of the join (JOIN), the resource (RLIMIT), the signal (SIGNALS), the fd (TTY), as
 * each step's doc comment says. As errno, it is the calling thread's and stays until its
 * next spawn.
 *
 * Kernel: none (library state).
 * Scope: reads only (the calling thread's record of its last spawn).
 * Returns: 0, with `*ret_detail` set.
 * Errors: -EFAULT `ret_detail` is NULL; -ENOENT the thread's last spawn succeeded, failed
 * before or without a child's step, or there was none.
 * Since: 0.3
 *
 * # Safety
 * `ret_detail` is NULL or valid for writing.
 */
int rns_spawn_last_detail(int *ret_detail);

/**
 * Starts the program at `path` in a child process set up as `attr` says, and returns when
 * it has exec'd or failed: a failure anywhere before exec comes back as its errno, with the
 * step that failed in `*ret_step`, and the child reaped.
 *
 * The child (clone3 with CLONE_PIDFD; clone(2) on kernels or sandboxes without clone3) shares
 * the caller's memory while the calling thread alone waits for its exec (CLONE_VM|CLONE_VFORK,
 * on a stack of its own), or is a copy of the calling thread where the parent writes uid/gid
 * maps or a time namespace is created or joined. It does only raw syscalls until exec, so any
 * thread of a multithreaded program may call this; nothing of the caller's (its threads'
 * namespaces, signal handlers, fds, memory) changes. In the child, in this order: moved
 * into the attribute's cgroup (unless created there); signal handlers
 * reset to SIG_DFL (ignored ones stay ignored: CLONE_CLEAR_SIGHAND, Linux 5.5, else by
 * hand), and those of rns_spawn_attr_set_sigdefault() too; namespaces joined, then created (the parent writes the maps of a new user namespace
 * meanwhile); with a joined PID namespace (or a PID or time namespace created with joins)
 * the program forked with CLONE_PARENT, the child exiting (the caller reaps it); mount
 * propagation; chroot; setsid, setpgid; chdir; umask; the scheduler; nice; resource
 * limits; securebits, the bounding set and PR_SET_KEEPCAPS (before the id changes);
 * setgroups (the attribute's groups, or none when ids change: rns_spawn_attr_set_ids()),
 * setresgid, setresuid (or with RNS_SPAWN_RESETIDS the effective gid, then uid, reset to
 * the real ones); the inheritable and ambient capabilities; no_new_privs; the fd actions in
 * the order given (rns_spawn_attr_set_fd() and rns_spawn_attr_add_*()), every other fd but
 * 0-2 closed (unless RNS_SPAWN_KEEP_FDS), O_NONBLOCK cleared on 0-2 with
 * RNS_SPAWN_BLOCKING_STDIO; the terminal (RNS_SPAWN_NOCTTY, rns_spawn_attr_set_ctty());
 * the parent-death signal; the signal mask set (rns_spawn_attr_set_sigmask(), or none
 * blocked); the Landlock ruleset (rns_spawn_attr_set_landlock()); the seccomp filter
 * (rns_spawn_attr_set_seccomp()), last; execve. `argv` and `envp` are NULL-terminated arrays (the caller's,
 * used as they are); `envp` NULL means the caller's environment. `attr` NULL means the
 * defaults of rns_spawn_attr_new().
 *
 * Kernel: Linux 5.2 (CLONE_PIDFD); clone3 (5.3) for RNS_CLONE_NEWTIME without joins;
 * pidfd_open (5.3) with the second fork; setns with a pidfd (5.8) for pidfd joins; close_range with CLOSE_RANGE_CLOEXEC (5.11), else a /proc/self/fd
 * listing in the child.
 *
 * Fds: the call needs one free fd, for the pidfd, as glibc's pidfd_spawn does (a failure in
 * the child comes back through the caller's memory), and two more for a report pipe where
 * the child is a copy (uid/gid maps, a time namespace) or forks the program (a joined PID
 * namespace), four more with uid/gid maps, one more with a death signal in another PID
 * namespace, one more where the Landlock ruleset's fd sits on a number an action names. In
 * the child, a set_fd source that sits on a number another action names
 * needs one free fd to move it first. Thread cancellation is disabled for the call, as glibc's
 * posix_spawn does, so it is not a cancellation point.
 *
 * Scope: a new child process of the caller; nothing of the caller's changes.
 * Returns: the child's pidfd (O_CLOEXEC), with `*ret_pid` set; the caller waits for it
 * (rns_pidfd_wait()) and closes it. `*ret_step` (when `ret_step` is not NULL) is written on
 * every return: RNS_SPAWN_STEP_NONE on success and for failures before the child exists,
 * else the RNS_SPAWN_STEP_* that failed.
 * Errors: -EFAULT `path`, `argv` or `ret_pid` is NULL; -EINVAL maps set without
 * RNS_CLONE_NEWUSER, or more than 64 joins; -EMFILE out of fds for the library's own pipes, -ENOMEM no memory for the child's stack (RNS_SPAWN_STEP_NONE); -EMFILE no fd left for the pidfd (RNS_SPAWN_STEP_CLONE, as the clone answers); -ENOSYS a kernel without CLONE_PIDFD
 * (before 5.2), or RNS_CLONE_NEWTIME without clone3; with RNS_SPAWN_STEP_CLONE, the errors
 * of clone3(2) (-EPERM, -ENOSPC, -EAGAIN, -ENOMEM); with the child's steps, the errors of
 * that step's call: -EBADF/-EINVAL/-EPERM JOIN, -EPERM/-EINVAL UNSHARE, -EPERM/-EINVAL MAP,
 * -EPERM SETSID/SETPGID, -EPERM/-ENOENT/-ENOTDIR CHROOT, -ENOENT/-EACCES/-ENOTDIR CWD,
 * -EPERM/-EINVAL SCHED, -EPERM/-EINVAL CAPS, -EPERM/-EACCES NICE, -EPERM/-EINVAL
 * RLIMIT, -EACCES/-EBUSY/-EOPNOTSUPP CGROUP (-ENOENT: the cgroup was removed), -EPERM GROUPS/GID/UID, -EBADF/-EMFILE FDS (and the errors of
 * an action's call: -ENOENT of an open, ...), -ENOTTY/-EPERM TTY, -ESRCH PDEATHSIG,
 * -EPERM/-EBADFD/-ENOSYS/-EOPNOTSUPP LANDLOCK, -EACCES/-EINVAL SECCOMP,
 * -ENOENT/-EACCES/-ENOEXEC/-E2BIG EXEC, -EAGAIN/-ENOMEM/-ENOSYS FORK; -EPIPE REPORT.
 * Since: 0.2
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not changed during the call;
 * `path` is NULL or a NUL-terminated string; `argv` and `envp` are NULL or NULL-terminated
 * arrays of NUL-terminated strings; `ret_pid` and `ret_step` are NULL or valid for writing.
 */
int rns_spawn(const rns_spawn_attr *attr,
              const char *path,
              char *const *argv,
              char *const *envp,
              pid_t *ret_pid,
              int *ret_step);

/**
 * rns_spawn() with a PATH search: `file` with a slash is a path; else each directory of the
 * caller's PATH (at the time of the call; "/bin:/usr/bin" when unset) is tried in turn, as
 * execvp(3) does: on ENOENT, ENOTDIR and the like the next, EACCES remembered and returned
 * if none exec'd. Unlike execvp, a file without a #! line that the kernel refuses (ENOEXEC)
 * is not run by /bin/sh.
 *
 * Kernel: as rns_spawn().
 * Scope: a new child process of the caller; nothing of the caller's changes.
 * Returns: as rns_spawn().
 * Errors: as rns_spawn(); -EFAULT `file` is NULL; -ENOENT `file` is empty.
 * Since: 0.2
 *
 * # Safety
 * As rns_spawn(), `file` for `path`.
 */
int rns_spawnp(const rns_spawn_attr *attr,
               const char *file,
               char *const *argv,
               char *const *envp,
               pid_t *ret_pid,
               int *ret_step);

/**
 * Makes a spawn attribute object with the defaults: no namespaces created or joined, private
 * mount propagation for a new mount namespace, the caller's session, process group, cwd,
 * credentials and fds 0-2; every other fd closed (see rns_spawn_attr_set_fd() and
 * RNS_SPAWN_KEEP_FDS).
 *
 * Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
 * Scope: library-owned: memory of the attribute's own.
 * Returns: 0, with `*ret_attr` set; free it with rns_spawn_attr_free().
 * Errors: -EFAULT `ret_attr` is NULL.
 * Since: 0.2
 *
 * # Safety
 * `ret_attr` is NULL or valid for writing one pointer.
 */
int rns_spawn_attr_new(rns_spawn_attr **ret_attr);

/**
 * Frees a spawn attribute object and closes the fds it holds. NULL is accepted (nothing to
 * do).
 *
 * Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
 * Scope: library-owned: the attribute's memory and fds.
 * Returns: 0.
 * Errors: Cannot fail.
 * Since: 0.2
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not yet freed, not used during or after the
 * call.
 */
int rns_spawn_attr_free(rns_spawn_attr *attr);

/**
 * Sets the namespaces the child is created in: an OR of RNS_CLONE_NEW* (user, pid, time and
 * cgroup included), or 0 for none. Without joins they are clone flags, so with
 * RNS_CLONE_NEWPID the program is pid 1 of the new PID namespace, and with RNS_CLONE_NEWUSER
 * the other new namespaces are owned by the new user namespace (an ordinary user can create
 * them all). With joins (rns_spawn_attr_set_join()) the child unshares them after joining;
 * with RNS_CLONE_NEWPID or RNS_CLONE_NEWTIME, which unshare(2) gives only to children, it
 * then forks the program with CLONE_PARENT (as for a joined PID namespace).
 *
 * Kernel: at rns_spawn(), each type from its kernel (user 3.8, cgroup 4.6, time 5.6 with
 * clone3 5.3).
 * Scope: library-owned: the attribute.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EINVAL `flags` has bits other than RNS_CLONE_NEW*.
 * Since: 0.2
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_set_unshare(rns_spawn_attr *attr, int flags);

/**
 * Adds a namespace for the child to join before anything else: `fd` is a namespace file
 * with `nstypes` its type or 0, or a pidfd with `nstypes` an OR of the types to join (setns
 * with a pidfd, Linux 5.8: all at once). The fd is duplicated (the caller keeps its own).
 * May be called several times; the joins are made in nsenter(1)'s order of types (user,
 * cgroup, ipc, uts, net, pid, mnt, time; a pidfd join where its first type comes), whatever
 * the order they were added in, and as nsenter(1) makes them: every namespace but the user
 * namespace first, failures ignored, then the user namespace and those that failed,
 * failures reported; so a user namespace is entered first when it grants the
 * privilege to enter the others, and last when it drops it. A user namespace the child is
 * already in is skipped. Joining a PID namespace puts the program itself in it: the child,
 * once it has joined, forks the program with CLONE_PARENT (so it is still the caller's
 * child, and the pid and pidfd rns_spawn() returns are its) and exits; a time namespace
 * joined applies to the child itself (setns(2) moves the caller for that type).
 *
 * Kernel: at rns_spawn(), setns(2) of each type from its kernel; a pidfd join 5.8 (-EINVAL at
 * RNS_SPAWN_STEP_JOIN before).
 * Scope: library-owned: the attribute, and a duplicate of `fd` it owns.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EBADF `fd` is not open; -EINVAL `nstypes` has bits other
 * than RNS_CLONE_NEW*, is 0 with a pidfd, does not match the namespace file, or `fd` is
 * neither; -EMFILE out of fds.
 * Since: 0.2
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_set_join(rns_spawn_attr *attr, int fd, int nstypes);

/**
 * Sets the uid map of the new user namespace (RNS_CLONE_NEWUSER in
 * rns_spawn_attr_set_unshare()): lines "inside outside count" as for /proc/PID/uid_map,
 * written by the parent in one write while the child waits. "0 UID 1", UID the caller's
 * euid, lets an ordinary user run the program as root of the new namespace. NULL clears it.
 * The kernel checks the text when rns_spawn() writes it (RNS_SPAWN_STEP_MAP).
 *
 * Kernel: at rns_spawn(), user namespaces (3.8); an ordinary user's one-line map 3.8, "deny"
 * to setgroups 3.19.
 * Scope: library-owned: the attribute, which keeps a copy of `text`.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EINVAL `text` is empty or 4096 bytes or longer.
 * Since: 0.2
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread; `text`
 * is NULL or a NUL-terminated string.
 */
int rns_spawn_attr_set_uid_map(rns_spawn_attr *attr, const char *text);

/**
 * Sets the gid map of the new user namespace, as rns_spawn_attr_set_uid_map() does the uid
 * map. When the caller lacks CAP_SETGID (or sets RNS_SPAWN_SETGROUPS_DENY), "deny" is written
 * to /proc/PID/setgroups first, as the kernel requires of an unprivileged writer (and
 * unshare's --setgroups deny asks); the program then cannot call setgroups(2)
 * (nor can rns_spawn_attr_set_groups() apply: RNS_SPAWN_STEP_GROUPS, -EPERM).
 *
 * Kernel: as rns_spawn_attr_set_uid_map().
 * Scope: library-owned: the attribute, which keeps a copy of `text`.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EINVAL `text` is empty or 4096 bytes or longer.
 * Since: 0.2
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread; `text`
 * is NULL or a NUL-terminated string.
 */
int rns_spawn_attr_set_gid_map(rns_spawn_attr *attr, const char *text);

/**
 * Sets the propagation the child gives "/" (recursively with MS_REC) when it has a new mount
 * namespace: MS_PRIVATE, MS_SLAVE, MS_SHARED or MS_UNBINDABLE, optionally with MS_REC; 0
 * leaves it as copied from the parent namespace (mounts may then propagate back). The
 * default is MS_REC|MS_PRIVATE, as unshare(1).
 *
 * Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
 * Scope: library-owned: the attribute.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EINVAL other bits, or not exactly one propagation type.
 * Since: 0.2
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_set_mount_propagation(rns_spawn_attr *attr, unsigned long flags);

/**
 * Whether the child starts a new session (setsid(2)), and so its own process group; with
 * rns_spawn_attr_set_pgroup() too, setpgid fails (RNS_SPAWN_STEP_SETPGID, -EPERM).
 *
 * Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
 * Scope: library-owned: the attribute.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EINVAL `on` is neither 0 nor 1.
 * Since: 0.2
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_set_setsid(rns_spawn_attr *attr, int on);

/**
 * The process group the child moves to (setpgid(0, pgid)): 0 a new group of its own, > 0
 * that existing group (of the caller's session), -1 the caller's (the default).
 *
 * Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
 * Scope: library-owned: the attribute.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EINVAL `pgid` < -1.
 * Since: 0.2
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_set_pgroup(rns_spawn_attr *attr, pid_t pgid);

/**
 * The directory the child changes to before exec (after joining namespaces, so a path in a
 * joined mount namespace); NULL: the caller's (the default). A relative path is taken from
 * the caller's cwd.
 *
 * Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
 * Scope: library-owned: the attribute, which keeps a copy of `path`.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EINVAL `path` is empty.
 * Since: 0.2
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread; `path`
 * is NULL or a NUL-terminated string.
 */
int rns_spawn_attr_set_cwd(rns_spawn_attr *attr, const char *path);

/**
 * The real, effective and saved uid and gid of the child (setresgid(2), then setresuid(2),
 * raw syscalls of the child alone); (uid_t)-1 or (gid_t)-1 leaves that one unchanged (the
 * default). When either is set, the child's supplementary groups are those of
 * rns_spawn_attr_set_groups(), or none: they are dropped (setgroups(2) with an empty list, at
 * RNS_SPAWN_STEP_GROUPS) unless RNS_SPAWN_KEEP_GROUPS is set (rns_spawn_attr_set_flags()), as
 * child_process, os/exec and CERT POS36-C drop them. A caller that may not call setgroups
 * (no CAP_SETGID in its user namespace) gets -EPERM at RNS_SPAWN_STEP_GROUPS only if it has
 * groups to drop; where the parent wrote "deny" to the new user namespace's setgroups (see
 * rns_spawn_attr_set_gid_map()) the groups cannot change and none are dropped, as in os/exec.
 *
 * Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
 * Scope: library-owned: the attribute.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL.
 * Since: 0.2
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_set_ids(rns_spawn_attr *attr, uid_t uid, gid_t gid);

/**
 * The supplementary groups of the child (setgroups(2), before the ids change): `n` gids at
 * `list` (copied; `n` 0 for none). Unset (the default): the caller's, or none when
 * rns_spawn_attr_set_ids() changes an id (see there).
 *
 * Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
 * Scope: library-owned: the attribute, which keeps a copy of the list.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL, or `list` is NULL with `n` > 0; -EINVAL `n` is larger than
 * NGROUPS_MAX (65536); -ENOMEM.
 * Since: 0.2
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread; `list`
 * is valid for `n` gids.
 */
int rns_spawn_attr_set_groups(rns_spawn_attr *attr, const gid_t *list, size_t n);

/**
 * Whether the child sets no_new_privs (prctl(PR_SET_NO_NEW_PRIVS)) before exec.
 *
 * Kernel: at rns_spawn(), Linux 3.5 (PR_SET_NO_NEW_PRIVS).
 * Scope: library-owned: the attribute.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EINVAL `on` is neither 0 nor 1.
 * Since: 0.2
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_set_no_new_privs(rns_spawn_attr *attr, int on);

/**
 * The signal the child gets when the thread that called rns_spawn() exits (PR_SET_PDEATHSIG,
 * set after the id changes, which clear it); 0: none (the default). Note it is the calling
 * *thread*'s exit, as the kernel defines it. If the caller has already exited when it is
 * set, the child fails with RNS_SPAWN_STEP_PDEATHSIG (-ESRCH): by getppid(), or, in another
 * PID namespace where the parent is not visible, by polling a pidfd of the caller's process
 * (not checked there without pidfd_open, before Linux 5.3).
 *
 * Kernel: at rns_spawn(), every kernel; the parent's exit checked by a pidfd in another pid
 * namespace from 5.3 (not checked before).
 * Scope: library-owned: the attribute.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EINVAL `sig` is not 0 or a valid signal number.
 * Since: 0.2
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_set_pdeathsig(rns_spawn_attr *attr, int sig);

/**
 * The child's umask (umask(2), before exec); -1: the caller's (the default).
 *
 * Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
 * Scope: library-owned: the attribute.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EINVAL `mask` has bits outside 0777, or is below -1.
 * Since: 0.2
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_set_umask(rns_spawn_attr *attr, int mask);

/**
 * The child's nice value (setpriority(PRIO_PROCESS), before the id changes), -20 to 19; the
 * caller's is kept by default. Lowering it below the caller's needs CAP_SYS_NICE (or
 * RLIMIT_NICE): -EPERM or -EACCES at RNS_SPAWN_STEP_NICE.
 *
 * Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
 * Scope: library-owned: the attribute.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EINVAL `nice` outside -20..19.
 * Since: 0.2
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_set_nice(rns_spawn_attr *attr, int nice);

/**
 * A resource limit of the child (prlimit(2) on itself, before the id changes): `resource`
 * is an RLIMIT_* value, `soft` and `hard` the limits (RLIM_INFINITY: none). May be given
 * several times; up to 32. Raising a hard limit needs CAP_SYS_RESOURCE: -EPERM at
 * RNS_SPAWN_STEP_RLIMIT, with the resource as the record's detail.
 *
 * Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
 * Scope: library-owned: the attribute.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EINVAL `resource` is not 0..15, `soft` > `hard`, or more
 * than 32 limits.
 * Since: 0.2
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_set_rlimit(rns_spawn_attr *attr, int resource, uint64_t soft, uint64_t hard);

/**
 * The cgroup the child starts in: `fd` is a directory of the cgroup v2 hierarchy (opened
 * with O_DIRECTORY or O_PATH), duplicated now; -1: the caller's cgroup (the default). The
 * child is created in it (CLONE_INTO_CGROUP, Linux 5.7); before 5.7, or without clone3, the
 * child moves itself there first thing, by writing "0" to its cgroup.procs, with the same
 * permission checks (the target's pids.max is then not enforced on the move).
 *
 * Kernel: at rns_spawn(), CLONE_INTO_CGROUP from 5.7; before, the child writes itself into
 * cgroup.procs.
 * Scope: library-owned: the attribute, and a duplicate of `fd` it owns.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EBADF `fd` < -1 or not open; -EINVAL `fd` is not on a
 * cgroup v2 filesystem; -ENOTDIR `fd` is not a directory; -EMFILE out of fds. Whether the
 * child may enter the cgroup is known at rns_spawn() (RNS_SPAWN_STEP_CGROUP).
 * Since: 0.2
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_set_cgroup(rns_spawn_attr *attr, int fd);

/**
 * Sets the attribute's RNS_SPAWN_* flags (replacing those set before; 0, the default,
 * clears them all):
 * - RNS_SPAWN_KEEP_GROUPS: with rns_spawn_attr_set_ids() and no rns_spawn_attr_set_groups(),
 *   the child keeps the caller's supplementary groups. Without it, they are dropped
 *   (setgroups(2) with none, as child_process, os/exec and CERT POS36-C do).
 * - RNS_SPAWN_BLOCKING_STDIO: the child's fds 0, 1 and 2 lose O_NONBLOCK before exec (as
 *   child_process gives them; os/exec makes the files it passes blocking too), so a program
 *   writing faster than its reader blocks instead of failing with EAGAIN. O_NONBLOCK is a
 *   flag of the open file description, so it is cleared for every process that shares it,
 *   the caller included. Without the flag (posix_spawn's way) the descriptions are left as
 *   they are.
 * - RNS_SPAWN_RESETIDS (POSIX_SPAWN_RESETIDS): the child's effective gid, then its effective
 *   uid, become the real ones (setresgid/setresuid(-1, real, -1): the saved ids stay), at
 *   RNS_SPAWN_STEP_GID and RNS_SPAWN_STEP_UID, as glibc's posix_spawn does (which resets
 *   the uid first: the same outcome, since an effective gid may always become the real one;
 *   here the groups and gid are set while the effective uid still has its privilege). An
 *   id set by rns_spawn_attr_set_ids() wins: that one is not reset.
 * - RNS_SPAWN_KEEP_FDS (Since: 0.3): the caller's fds without FD_CLOEXEC stay open in the
 *   program, as with posix_spawn, os/exec and child_process (which close none). Without it
 *   (librns's default) every fd >= 3 that no fd action opens or duplicates onto is closed.
 * - RNS_SPAWN_NOCTTY (Since: 0.3): the child detaches from its controlling terminal (ioctl
 *   TIOCNOTTY on its fd 0, after the fd actions; Go's SysProcAttr Noctty); -ENOTTY at
 *   RNS_SPAWN_STEP_TTY when fd 0 is not its controlling terminal. A session leader that
 *   detaches sends SIGHUP to the terminal's foreground group, as the kernel does.
 * - RNS_SPAWN_SETGROUPS_DENY (Since: 0.3): "deny" written to a new user namespace's
 *   setgroups before its gid map, also by a caller with CAP_SETGID (see there).
 *
 * Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
 * Scope: library-owned: the attribute.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EINVAL `flags` has other bits.
 * Since: 0.2
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_set_flags(rns_spawn_attr *attr, int flags);

/**
 * The signal mask the program starts with (posix_spawnattr_setsigmask with
 * POSIX_SPAWN_SETSIGMASK): set by the child just before execve. NULL: no signal blocked (the
 * default, unlike posix_spawn, whose default is the caller's mask: a library thread or a
 * runtime's masked signals are no program's business).
 *
 * Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
 * Scope: library-owned: the attribute, which keeps a copy of `mask`.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL.
 * Since: 0.3
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread; `mask`
 * is NULL or a valid sigset_t.
 */
int rns_spawn_attr_set_sigmask(rns_spawn_attr *attr, const sigset_t *mask);

/**
 * Signals the child sets to SIG_DFL before exec, ignored ones included
 * (posix_spawnattr_setsigdefault with POSIX_SPAWN_SETSIGDEF); SIGKILL and SIGSTOP, which
 * cannot change, are left out. Whatever the set, handled signals go back to SIG_DFL (an exec
 * would do it) and ignored ones outside the set stay ignored, as with posix_spawn. NULL:
 * none (the default). A refusal is reported at RNS_SPAWN_STEP_SIGNALS with the signal as
 * the detail.
 *
 * Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
 * Scope: library-owned: the attribute, which keeps a copy of `set`.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL.
 * Since: 0.3
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread; `set`
 * is NULL or a valid sigset_t.
 */
int rns_spawn_attr_set_sigdefault(rns_spawn_attr *attr, const sigset_t *set);

/**
 * An fd action: the child gets a duplicate of the caller's `parent_fd` as `child_fd` (dup3,
 * without O_CLOEXEC), or, with `parent_fd` -1, `child_fd` closed. The source is the caller's
 * fd as it is now: `parent_fd` is duplicated now (the caller may close its own), and the
 * duplicate is moved off every number an action names before the first action runs (Go's
 * os/exec's two passes), so no action overwrites it. That is the difference from
 * rns_spawn_attr_add_dup2(), whose source is a number of the child's table at that point:
 * set_fd(1, pipe) then add_dup2(1, 2) gives 2>&1 onto the pipe, as posix_spawn's actions do.
 * The actions (this and rns_spawn_attr_add_*()) run in the order given. Fds 0, 1 and 2 are
 * inherited unless an action names them; every other fd of the caller is closed in the
 * child unless an action opens or duplicates onto it (or RNS_SPAWN_KEEP_FDS keeps the
 * caller's fds without FD_CLOEXEC, as posix_spawn does). As for dup2(2), `child_fd` may be
 * any fd below the soft RLIMIT_NOFILE (checked now; a limit lowered before rns_spawn() gives
 * -EBADF at RNS_SPAWN_STEP_FDS). The attribute holds one fd per action with a source;
 * rns_spawn() itself needs one free fd (the pidfd), see there.
 *
 * Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
 * Scope: library-owned: the attribute, and a duplicate of `parent_fd` it owns.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EBADF `child_fd` < 0 or not below the soft RLIMIT_NOFILE,
 * `parent_fd` < -1 or not open; -EMFILE out of fds; -ENOMEM.
 * Since: 0.2
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_set_fd(rns_spawn_attr *attr, int child_fd, int parent_fd);

/**
 * An fd action (posix_spawn_file_actions_addopen): the child opens `path` with `oflag` and
 * `mode` (open(2); `fd` closed first, as glibc does) and, where the kernel gave another
 * number, moves it onto `fd` (dup2, so without O_CLOEXEC) and closes that one. Like every
 * rns_spawn_attr_add_*() action it acts on the child's fd table as the actions before it
 * left it, in the order added, among the rns_spawn_attr_set_fd() actions; a relative path
 * is taken from the child's cwd at that point (see rns_spawn_attr_add_chdir()). `fd` is
 * kept open when the other fds are closed. A failure comes back from rns_spawn() at
 * RNS_SPAWN_STEP_FDS with open(2)'s errno (-ENOENT, -EACCES, ...) and the action's index in
 * the list (set_fd actions count) as the record's detail (rns_spawn_last_detail()).
 *
 * Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
 * Scope: library-owned: the attribute, which keeps a copy of `path`.
 * Returns: 0.
 * Errors: -EFAULT `attr` or `path` is NULL; -EBADF `fd` < 0 or not below the soft
 * RLIMIT_NOFILE; -ENOMEM.
 * Since: 0.3
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread; `path`
 * is NULL or a NUL-terminated string.
 */
int rns_spawn_attr_add_open(rns_spawn_attr *attr, int fd, const char *path, int oflag, mode_t mode);

/**
 * An fd action (posix_spawn_file_actions_addclose): the child closes `fd`. As with glibc,
 * an `fd` that is not open then is no failure.
 *
 * Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
 * Scope: library-owned: the attribute.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EBADF `fd` < 0 or not below the soft RLIMIT_NOFILE (a
 * limit lowered before rns_spawn() gives -EBADF at RNS_SPAWN_STEP_FDS); -ENOMEM.
 * Since: 0.3
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_add_close(rns_spawn_attr *attr, int fd);

/**
 * An fd action (posix_spawn_file_actions_adddup2): the child duplicates its own `fd`, as
 * the actions before left it, onto `newfd` (dup2(2), without O_CLOEXEC); `fd` == `newfd`
 * clears FD_CLOEXEC of `fd` (as glibc >= 2.29 and POSIX 2024). So rns_spawn_attr_set_fd(attr,
 * 1, pipe) then rns_spawn_attr_add_dup2(attr, 1, 2) gives the program 2>&1 onto the pipe.
 * Unlike rns_spawn_attr_set_fd(), whose source is the caller's fd when set_fd is called
 * (duplicated then), the source here is a number in the child's table at that point.
 * `newfd` is kept open when the other fds are closed. Errors of dup2(2) (-EBADF: `fd` not
 * open there) at RNS_SPAWN_STEP_FDS, with the action's index as the detail.
 *
 * Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
 * Scope: library-owned: the attribute.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EBADF `fd` or `newfd` < 0 or not below the soft
 * RLIMIT_NOFILE; -ENOMEM.
 * Since: 0.3
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_add_dup2(rns_spawn_attr *attr, int fd, int newfd);

/**
 * An fd action (posix_spawn_file_actions_addchdir_np): the child changes to `path` (chdir(2),
 * relative to its cwd at that point: after rns_spawn_attr_set_cwd() and the actions before).
 * Errors of chdir(2) (-ENOENT, -EACCES, -ENOTDIR) at RNS_SPAWN_STEP_FDS, with the action's
 * index as the detail.
 *
 * Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
 * Scope: library-owned: the attribute, which keeps a copy of `path`.
 * Returns: 0.
 * Errors: -EFAULT `attr` or `path` is NULL; -ENOMEM.
 * Since: 0.3
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread; `path`
 * is NULL or a NUL-terminated string.
 */
int rns_spawn_attr_add_chdir(rns_spawn_attr *attr, const char *path);

/**
 * An fd action (posix_spawn_file_actions_addfchdir_np): the child changes to the directory
 * of its own `fd` at that point (fchdir(2)). Errors of fchdir(2) (-EBADF, -ENOTDIR) at
 * RNS_SPAWN_STEP_FDS, with the action's index as the detail. Unlike glibc, which takes any
 * `fd` here, an `fd` out of range is refused now, as for the other actions.
 *
 * Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
 * Scope: library-owned: the attribute.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EBADF `fd` < 0 or not below the soft RLIMIT_NOFILE;
 * -ENOMEM.
 * Since: 0.3
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_add_fchdir(rns_spawn_attr *attr, int fd);

/**
 * An fd action (posix_spawn_file_actions_addclosefrom_np): the child closes every fd >=
 * `lowfd` it has at that point (close_range(2)), the spawn's own close-on-exec fds (its
 * report pipe, the rns_spawn_attr_set_fd() sources not yet applied) excepted. Actions after
 * it may open fds again.
 *
 * Kernel: at rns_spawn() (Linux 5.2), close_range(2) where CLOSE_RANGE_CLOEXEC is known
 * (5.11); before, a /proc/self/fd listing in the child.
 * Scope: library-owned: the attribute.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EBADF `lowfd` < 0 or not below the soft RLIMIT_NOFILE;
 * -ENOMEM.
 * Since: 0.3
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_add_closefrom(rns_spawn_attr *attr, int lowfd);

/**
 * An fd action (posix_spawn_file_actions_addtcsetpgrp_np, glibc 2.35): the child's process
 * group (after rns_spawn_attr_set_setsid() and rns_spawn_attr_set_pgroup()) becomes the
 * foreground group of the terminal at the child's `fd` (tcsetpgrp(3): ioctl TIOCSPGRP).
 * The child's signals are all blocked until exec, so a child in a background group is not
 * stopped by SIGTTOU. Errors of TIOCSPGRP (-ENOTTY: not the child's controlling terminal,
 * -EPERM: another session's group, -EBADF) at RNS_SPAWN_STEP_FDS, with the action's index as
 * the detail.
 *
 * Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
 * Scope: library-owned: the attribute.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EBADF `fd` < 0 or not below the soft RLIMIT_NOFILE;
 * -ENOMEM.
 * Since: 0.3
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_add_tcsetpgrp(rns_spawn_attr *attr, int fd);

/**
 * The child's controlling terminal: the terminal at the child's `fd` after the fd actions
 * (ioctl TIOCSCTTY, as Go's SysProcAttr Setctty with Ctty, and after RNS_SPAWN_NOCTTY as
 * there); -1: none (the default). The child must lead a session without a terminal
 * (rns_spawn_attr_set_setsid()), else the kernel's -EPERM comes back. Unlike Go and
 * setsid(1) --ctty, which pass 1 and so let root steal a terminal another session holds,
 * the argument is 0: such a terminal gives -EPERM for root too. Failures at
 * RNS_SPAWN_STEP_TTY with `fd` as the detail.
 *
 * Kernel: none here (the attribute only); rns_spawn() needs Linux 5.2.
 * Scope: library-owned: the attribute.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EBADF `fd` < -1 or not below the soft RLIMIT_NOFILE.
 * Since: 0.3
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_set_ctty(rns_spawn_attr *attr, int fd);

/**
 * The scheduler policy and priority of the child (POSIX_SPAWN_SETSCHEDULER with
 * POSIX_SPAWN_SETSCHEDPARAM): `policy` is SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH or
 * SCHED_IDLE, optionally with SCHED_RESET_ON_FORK, set with sched_setscheduler(2); or -1,
 * which keeps the policy and sets only the priority (sched_setparam(2), POSIX_SPAWN_SETSCHEDPARAM
 * alone). Set after the umask, before the nice value and the id changes (which may drop the
 * privilege a real-time policy needs). Unset: the caller's (the default). A real-time
 * policy needs CAP_SYS_NICE or RLIMIT_RTPRIO: -EPERM at RNS_SPAWN_STEP_SCHED.
 *
 * Kernel: every kernel (SCHED_IDLE 2.6.23, SCHED_RESET_ON_FORK 2.6.32).
 * Scope: library-owned: the attribute.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EINVAL `policy` is none of those (SCHED_DEADLINE
 * included), or `priority` is outside sched_get_priority_min..max of the policy (of any
 * policy, 0..99, for -1; the kernel checks it against the child's policy then).
 * Since: 0.3
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_set_scheduler(rns_spawn_attr *attr, int policy, int priority);

/**
 * The child's root directory (chroot(2)), as Go's SysProcAttr.Chroot: set after mount
 * propagation (so in a new or joined mount namespace), before setsid and the cwd, so a cwd
 * of rns_spawn_attr_set_cwd() is a path under the new root. As in os/exec the cwd is not
 * changed otherwise: set the cwd to "/" too, as unshare(1) --root does, or the program
 * starts outside its root. A relative `path` is taken from the child's cwd then. NULL: no
 * chroot (the default). Needs CAP_SYS_CHROOT (in the child's user namespace): -EPERM at
 * RNS_SPAWN_STEP_CHROOT; -ENOENT/-ENOTDIR/-EACCES there for a bad path.
 *
 * Kernel: every kernel.
 * Scope: library-owned: the attribute, which keeps a copy of `path`.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EINVAL `path` is empty.
 * Since: 0.3
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread; `path`
 * is NULL or a NUL-terminated string.
 */
int rns_spawn_attr_set_chroot(rns_spawn_attr *attr, const char *path);

/**
 * The child's ambient capability set, exactly (bit N: capability N; the RNS_CAP_* numbers),
 * as Go's SysProcAttr.AmbientCaps and setpriv --ambient-caps set it: after the id changes,
 * each cap is added to the inheritable set (and to the permitted set, where it is already
 * held: as os/exec, a no-op), then the ambient set cleared and each cap raised
 * (PR_CAP_AMBIENT), so a non-root program keeps them across exec. With a uid change, the
 * child sets PR_SET_KEEPCAPS before it (so the permitted set survives; execve clears the
 * flag). Unlike os/exec, which only raises, ambient caps of the caller not in `caps` are
 * not passed on (an id change from root drops them anyway). ~0 (UINT64_MAX): unchanged, the
 * default. A cap not in the permitted set gives -EPERM at RNS_SPAWN_STEP_CAPS.
 *
 * Kernel: Linux 4.3 (ambient capabilities); before, -EINVAL at RNS_SPAWN_STEP_CAPS.
 * Scope: library-owned: the attribute.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EINVAL a bit above /proc/sys/kernel/cap_last_cap.
 * Since: 0.3
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_set_ambient_caps(rns_spawn_attr *attr, uint64_t caps);

/**
 * The child's inheritable capability set (setpriv --inh-caps), set with capset(2) after the
 * id changes, with the ambient caps of rns_spawn_attr_set_ambient_caps() added (the kernel
 * requires them there). The kernel's rules, as for setpriv: a cap neither inheritable nor
 * permitted before (without CAP_SETPCAP), or one the bounding set lacks (dropped by
 * rns_spawn_attr_set_bounding_set() too), gives -EPERM at RNS_SPAWN_STEP_CAPS. ~0
 * (UINT64_MAX): unchanged, the default.
 *
 * Kernel: every kernel (capset version 3, 2.6.26).
 * Scope: library-owned: the attribute.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EINVAL a bit above /proc/sys/kernel/cap_last_cap.
 * Since: 0.3
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_set_inheritable_caps(rns_spawn_attr *attr, uint64_t caps);

/**
 * The capabilities the child's bounding set keeps (setpriv --bounding-set): every other one
 * still in it is dropped (PR_CAPBSET_DROP), before the id changes. Dropping needs
 * CAP_SETPCAP: -EPERM at RNS_SPAWN_STEP_CAPS (nothing is asked when nothing is to drop;
 * setpriv 2.38 instead runs the program with the set unchanged). ~0 (UINT64_MAX): none
 * dropped, the default.
 *
 * Kernel: Linux 2.6.25.
 * Scope: library-owned: the attribute.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EINVAL a bit above /proc/sys/kernel/cap_last_cap.
 * Since: 0.3
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_set_bounding_set(rns_spawn_attr *attr, uint64_t caps);

/**
 * The child's securebits (setpriv --securebits; prctl(PR_SET_SECUREBITS)): the SECBIT_*
 * bits of linux/securebits.h, set first of the capability steps, before the id changes.
 * Needs CAP_SETPCAP; the kernel checks the bits (-EPERM a locked bit changed or no
 * CAP_SETPCAP, -EINVAL an unknown bit, at RNS_SPAWN_STEP_CAPS). -1: unchanged, the default.
 *
 * Kernel: Linux 2.6.26.
 * Scope: library-owned: the attribute.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EINVAL `bits` below -1.
 * Since: 0.3
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_set_securebits(rns_spawn_attr *attr, int bits);

/**
 * A seccomp filter (a classic BPF program, as for seccomp(2)'s SECCOMP_SET_MODE_FILTER)
 * installed on the child as its last step before execve, after the signal mask and
 * Landlock, as bubblewrap's --seccomp does: so the filter sees the execve and whatever the
 * program does, and none of the library's own steps. `len` instructions at `prog` are
 * copied now; `prog` NULL with `len` 0 clears it (the default: no filter). The kernel checks
 * the program itself at rns_spawn() (-EINVAL at RNS_SPAWN_STEP_SECCOMP). Installing a filter
 * needs no_new_privs (rns_spawn_attr_set_no_new_privs()) or CAP_SYS_ADMIN in the child's
 * user namespace (a new user namespace gives it): without either, -EACCES at
 * RNS_SPAWN_STEP_SECCOMP.
 *
 * A filter that refuses execve with SECCOMP_RET_ERRNO makes rns_spawn() fail with that
 * errno at RNS_SPAWN_STEP_EXEC when the child reports through the caller's memory (the
 * usual case); where it reports through a pipe (uid/gid maps, a time namespace, a second
 * fork) and the filter refuses write(2) too, the report is lost: rns_spawn() succeeds and
 * the child exits with 127, or, where the filter refuses exit_group(2) as well, is killed
 * by the fault glibc's _exit then ends in (SIGSEGV on x86-64). A filter that kills
 * (SECCOMP_RET_KILL_*, _TRAP) on execve: rns_spawn() succeeds and the child is killed by
 * SIGSYS, as with posix_spawn.
 *
 * Kernel: at rns_spawn(), Linux 3.5 (PR_SET_SECCOMP with SECCOMP_MODE_FILTER); seccomp(2)
 * (3.17) first, the prctl on ENOSYS.
 *
 * Scope: library-owned: the attribute, which keeps a copy of the program.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL, or `prog` is NULL with `len` > 0; -EINVAL `len` is 0 with
 * a program, or above BPF_MAXINSNS (4096); -ENOMEM.
 * Since: 0.3
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread; `prog`
 * is NULL or valid for `len` instructions.
 */
int rns_spawn_attr_set_seccomp(rns_spawn_attr *attr, const rns_sock_filter *prog, size_t len);

/**
 * A Landlock ruleset (an fd from landlock_create_ruleset(2), with its rules added) that the
 * child restricts itself with (landlock_restrict_self(fd, 0)) just before the seccomp
 * filter, after every other step: the ruleset applies to the execve itself, so it must
 * allow executing and reading the program (and its interpreter and libraries) where it
 * handles those rights (else -EACCES at RNS_SPAWN_STEP_EXEC). `fd` is duplicated now (the
 * caller may close its own); -1 clears it (the default: none). Restricting needs
 * no_new_privs (rns_spawn_attr_set_no_new_privs()) or CAP_SYS_ADMIN in the child's user
 * namespace: without either, -EPERM at RNS_SPAWN_STEP_LANDLOCK.
 *
 * Kernel: at rns_spawn(), Linux 5.13 (Landlock) where it is built in and enabled (the lsm=
 * boot list); else -ENOSYS or -EOPNOTSUPP at RNS_SPAWN_STEP_LANDLOCK (no ruleset can be
 * made there in the first place).
 *
 * Scope: library-owned: the attribute, and a duplicate of `fd` it owns.
 * Returns: 0.
 * Errors: -EFAULT `attr` is NULL; -EBADF `fd` < -1 or not open; -EBADFD `fd` is not a
 * Landlock ruleset (as landlock_restrict_self(2) says; where /proc is missing, at
 * RNS_SPAWN_STEP_LANDLOCK); -EMFILE out of fds.
 * Since: 0.3
 *
 * # Safety
 * `attr` is NULL or from rns_spawn_attr_new(), not freed, not used by another thread.
 */
int rns_spawn_attr_set_landlock(rns_spawn_attr *attr, int fd);

/**
 * Makes a user namespace with the given uid and gid maps and returns an fd of it (as
 * systemd's userns_acquire does), for rns_setns(), rns_spawn_attr_set_join() and the
 * namespace identity calls. The caller does not enter it: a short-lived child is cloned into
 * it, the maps are written, the namespace is opened through the child's pidfd, and the
 * child exits and is reaped before the return.
 *
 * `uid_map` and `gid_map` are /proc/PID/uid_map lines, "inside outside count" (one line:
 * "0 1000 1"). They are checked before anything is made: each line three decimal numbers,
 * a count above 0, every range within 32 bits, no two inside ranges and no two outside ranges
 * overlapping (-EINVAL), at most 340 lines (-E2BIG). An ordinary user may map its own uid and
 * gid, one line each (setgroups is then denied in the namespace, as the kernel requires).
 * Wider maps need CAP_SETUID/CAP_SETGID over the ids, or newuidmap/newgidmap (shadow's
 * setuid helpers, which check /etc/subuid and /etc/subgid), used when installed and the
 * kernel refused the direct write.
 *
 * Kernel: Linux 3.8 (user namespaces; an ordinary user's maps with "deny" to setgroups 3.19);
 * the namespace opened through the child's pidfd (6.11) or /proc (-ENOSYS with neither).
 * Scope: library-owned: a new user namespace, held by the returned fd; nothing of the
 * caller's changes (a child is made and reaped).
 * Returns: an fd of the user namespace (O_CLOEXEC); the caller closes it.
 * Errors: -EFAULT a map is NULL; -EINVAL a map is malformed as above, or `flags` is not 0;
 * -E2BIG more than 340 lines; -EPERM the kernel refused a map and no helper wrote it (not
 * installed, or it refused: no range in /etc/subuid); -ENOSPC, -EUSERS the user namespace
 * limits; -ENOSYS /proc does not show the child and no pidfd namespace ioctl (Linux 6.11)
 * opens it; -EMFILE, -ENOMEM.
 * Since: 0.2
 *
 * # Safety
 * `uid_map` and `gid_map` are NULL or NUL-terminated strings.
 */
int rns_userns_acquire(const char *uid_map, const char *gid_map, int flags);

/**
 * Starts a waiter: a library thread (all signals blocked) that waits for the processes
 * given to rns_waiter_add() and writes an rns_exit_event to a pipe for each when it exits.
 * Read the pipe (rns_waiter_fd()) from an event loop; nothing blocks the caller.
 *
 * Kernel: Linux 5.3 (pidfds; epoll).
 * Scope: library-owned: a thread and fds of the waiter's own; nothing of the caller's changes.
 * Returns: 0, with `*ret_waiter` set; free it with rns_waiter_free().
 * Errors: -EFAULT `ret_waiter` is NULL; -EMFILE/-ENFILE out of fds; -EAGAIN/-ENOMEM the
 * thread could not be started.
 * Since: 0.2
 *
 * # Safety
 * `ret_waiter` is NULL or valid for writing one pointer.
 */
int rns_waiter_new(rns_waiter **ret_waiter);

/**
 * A new fd of the read end of the waiter's pipe (O_CLOEXEC, O_NONBLOCK): rns_exit_event
 * records, 32 bytes each, one per process, in the order they exited. The caller closes it.
 *
 * Kernel: none (no system call).
 * Scope: library-owned: a new fd of the waiter's pipe, the caller's to close.
 * Returns: the fd.
 * Errors: -EFAULT `waiter` is NULL; -EMFILE out of fds.
 * Since: 0.2
 *
 * # Safety
 * `waiter` is NULL or from rns_waiter_new(), not yet freed.
 */
int rns_waiter_fd(const rns_waiter *waiter);

/**
 * Watches the process `pidfd` refers to: when it exits, the waiter writes an rns_exit_event
 * with `token`. The pidfd is duplicated (the caller keeps and closes its own).
 *
 * For a child of the caller the exit status comes from waitid(2), which reaps it unless
 * `flags` has RNS_WAITER_NOREAP (then whoever else waits for it still can: use it for
 * children another part of the program reaps, libuv's in Node). For any other process it
 * comes from the kernel once the parent has reaped it (Linux 6.15); before, the record says
 * RNS_WAIT_NONE with error ECHILD. May be called from any thread.
 *
 * Kernel: Linux 5.3 (pidfds); exit status of a process not the caller's child 6.15
 * (RNS_WAIT_NONE with ECHILD before).
 * Scope: library-owned: the waiter's; its thread reaps the child when it exits (unless
 * RNS_WAITER_NOREAP).
 * Returns: 0.
 * Errors: -EFAULT `waiter` is NULL; -EINVAL unknown `flags` bits, or `pidfd` is not a pidfd;
 * -EBADF `pidfd` is not open; -EMFILE out of fds; -ENOMEM.
 * Since: 0.2
 *
 * # Safety
 * `waiter` is NULL or from rns_waiter_new(), not yet freed.
 */
int rns_waiter_add(rns_waiter *waiter, int pidfd, uint64_t token, int flags);

/**
 * Stops the waiter's thread and frees it, with every pidfd it held; processes not yet
 * reported are not reported. Fds from rns_waiter_fd() stay open (at end of file).
 *
 * Kernel: none beyond rns_waiter_new().
 * Scope: library-owned: ends the waiter's thread and closes its fds.
 * Returns: 0.
 * Errors: -EFAULT `waiter` is NULL.
 * Since: 0.2
 *
 * # Safety
 * `waiter` is NULL or from rns_waiter_new(), not yet freed; not used by other threads
 * during or after the call.
 */
int rns_waiter_free(rns_waiter *waiter);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* RNS_H */
