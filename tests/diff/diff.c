/*
 * diff.c - every state-changing librns function against the raw syscall or
 * libc call with the same arguments, from the same state.
 *
 * For each case (one call with fixed arguments) and each state (root; uid
 * 65534; root of a new user namespace), two fresh processes are set up the
 * same way: one makes the librns call, the other the raw call. Each reports
 * the result (normalised: "0", "-EINVAL", "pid:self", "fd:9", or
 * "crash:SIGSEGV") and the state before and after the call: its ids and
 * groups, nice value, process group, session, the (dev, ino) of every
 * /proc/thread-self/ns/ file (as "unchanged", "helper" or "new"), pending
 * signals, open fds, the terminal's foreground group, and a helper process's
 * group, nice value and pending signals. Any difference fails, unless the
 * case is in the table of intended differences below, with its reason; a
 * table entry that never shows is stale and fails too.
 *
 *   rns-diff [-v] [SUBSTRING...]   run (cases whose id contains a substring)
 *   rns-diff --list                the functions that have cases, one a line
 *
 * tests/diff/check-coverage.sh compares --list with the header: every
 * function whose "Scope:" is not "reads only" must have cases here.
 * See tests/diff/README.md.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "rns.h"
#include "userns_map.h"

/* ---- states ----------------------------------------------------------------- */

enum { ST_ROOT, ST_UNPRIV, ST_USERNS, N_ST };
#define S_ROOT (1 << ST_ROOT)
#define S_UNPRIV (1 << ST_UNPRIV)
#define S_USERNS (1 << ST_USERNS)
#define S_ALL (S_ROOT | S_UNPRIV | S_USERNS)
#define S_NOTROOT (S_UNPRIV | S_USERNS) /* where the call is refused: safe targets only */

static const char *st_short[N_ST] = { "root", "uid 65534", "userns root" };

/* ---- setup flags -------------------------------------------------------------- */

#define F_NSHELPER 1   /* the helper unshares net, uts, ipc, mount and cgroup namespaces (if allowed) */
#define F_SESSION 2    /* the caller leads a new session */
#define F_GRPLEADER 4  /* the caller leads a new process group */
#define F_TTY 8        /* the caller leads a new session with a new pty as controlling terminal */
#define F_THREAD 16    /* the caller has a second thread */
#define F_EXECCHILD 32 /* the caller has a child that has exec'd */

enum kind { R_VAL, R_PID, R_FD };

#define ID_B 12345u
#define ID_C 23456u
#define UNMAPPED 100000u /* a valid id outside any user namespace made here */
#define M1 ((unsigned)-1)
#define NAME65 "01234567890123456789012345678901234567890123456789012345678901234" /* 65 bytes */
#define NOUSER_UID 3999999 /* a uid no process has */

/* ---- what a case's call can use ------------------------------------------------ */

#define N_NS 10
static const char *ns_names[N_NS] = { "cgroup", "ipc", "mnt", "net", "pid", "pid_for_children",
                                      "time", "time_for_children", "user", "uts" };
struct nsid {
    dev_t dev;
    ino_t ino;
};

struct env {
    pid_t self, parent, sid0, helper, gone, execchild, thread_tid;
    int devnull, pipe_r, pipe_w, closed_fd;
    int netfd, utsfd, userfd;
    int h_netfd, h_utsfd, h_mntfd;
    int helper_pidfd, gone_pidfd, init_pidfd, self_pidfd;
    int ptm, pts, other_ptm, other_pts;
    char h_uts_path[64];
    const char *null_str;
    gid_t *null_gids;
    struct nsid ns0[N_NS], hns[N_NS];
};

static pid_t runner_pgrp;
static gid_t big_groups[65537]; /* all 0 */
static gid_t grp2[] = { 100, ID_B };
static gid_t grp_zero[] = { 0 };
static gid_t grp_dup[] = { 5, 5, 5 };
static gid_t grp_minus1[] = { M1 };
static gid_t grp_unmapped[] = { UNMAPPED };

/* Raw equivalents of the librns calls that are more than one libc call. */
/* Close fd, keeping errno as the call that returned r left it; returns r. */
static long close_keep_errno(int fd, long r)
{
    int err = errno;
    close(fd);
    errno = err;
    return r;
}

/* A privilege drop written by hand in CERT POS36-C's order (no verification, no undo). */
static long raw_drop(uid_t uid, gid_t gid, const gid_t *list, size_t n)
{
    if (setgroups(n, list) != 0 || setresgid(gid, gid, gid) != 0 || setresuid(uid, uid, uid) != 0)
        return -1;
    return 0;
}

static long raw_setns_path(const char *path, int nstype)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    return fd < 0 ? -1 : close_keep_errno(fd, setns(fd, nstype));
}

static long raw_setns_pid(pid_t pid, int nstypes)
{
    int fd = (int)syscall(SYS_pidfd_open, pid, 0);
    return fd < 0 ? -1 : close_keep_errno(fd, setns(fd, nstypes));
}

/* The save/restore pair (rns_ns_enter*, rns_ns_restore) against the pattern written by hand:
 * open the thread's own namespace of each type (kept open, in the library's order, so both
 * sides hold the same fds), setns into the target, and later setns back and close. */
static const struct {
    int type;
    const char *path;
} own_ns_order[] = {
    { RNS_CLONE_NEWCGROUP, "/proc/thread-self/ns/cgroup" },
    { RNS_CLONE_NEWIPC, "/proc/thread-self/ns/ipc" },
    { RNS_CLONE_NEWUTS, "/proc/thread-self/ns/uts" },
    { RNS_CLONE_NEWNET, "/proc/thread-self/ns/net" },
    { RNS_CLONE_NEWPID, "/proc/thread-self/ns/pid_for_children" },
    { RNS_CLONE_NEWTIME, "/proc/thread-self/ns/time_for_children" },
};
static int raw_saved[6], raw_saved_type[6], raw_nsaved;
static rns_ns_saved *lib_saved;

static long raw_ns_enter(int fd, int types)
{
    raw_nsaved = 0;
    for (size_t i = 0; i < sizeof own_ns_order / sizeof own_ns_order[0]; i++)
        if (types & own_ns_order[i].type) {
            raw_saved_type[raw_nsaved] = own_ns_order[i].type;
            raw_saved[raw_nsaved++] = open(own_ns_order[i].path, O_RDONLY | O_CLOEXEC);
        }
    long r = setns(fd, types);
    int err = errno;
    if (r != 0)
        for (int i = 0; i < raw_nsaved; i++)
            close(raw_saved[i]);
    errno = err;
    return r;
}

static long raw_ns_enter_pid(pid_t pid, int types)
{
    int fd = (int)syscall(SYS_pidfd_open, pid, 0);
    return fd < 0 ? -1 : close_keep_errno(fd, raw_ns_enter(fd, types));
}

/* Enter, then restore: 0 for the round trip, entering's error, or 1 when the thread went in
 * and could not come back (stranded). */
static long raw_enter_restore(pid_t pid, int types)
{
    if (raw_ns_enter_pid(pid, types) != 0)
        return -1;
    long r = 0;
    for (int i = 0; i < raw_nsaved; i++) {
        if (setns(raw_saved[i], raw_saved_type[i]) != 0)
            r = 1;
        close(raw_saved[i]);
    }
    return r;
}

static long lib_enter_restore(pid_t pid, int types)
{
    int r = rns_ns_enter_pid(pid, types, &lib_saved);
    if (r < 0)
        return r;
    return rns_ns_restore(lib_saved) == 0 ? 0 : 1;
}

static long raw_pidfd_wait(int fd, int options)
{
    siginfo_t si;
    memset(&si, 0, sizeof si);
    if (waitid((idtype_t)3 /* P_PIDFD */, (id_t)fd, &si, options) != 0)
        return -1;
    return si.si_pid;
}

static long lib_pidfd_wait(int fd, int options)
{
    rns_wait_status st = { .size = sizeof st };
    return rns_pidfd_wait(fd, options, &st);
}

/* waitid(P_PIDFD) with its fifth argument, the child's rusage, as rns_pidfd_wait_rusage asks
 * for it (glibc's waitid has no such argument: the raw syscall). */
static long raw_pidfd_wait_rusage(int fd, int options)
{
    siginfo_t si;
    struct rusage ru;
    memset(&si, 0, sizeof si);
    if (syscall(SYS_waitid, 3 /* P_PIDFD */, fd, &si, options, &ru) != 0)
        return -1;
    return si.si_pid;
}

static long lib_pidfd_wait_rusage(int fd, int options)
{
    rns_wait_status st = { .size = sizeof st };
    rns_rusage ru = { .size = sizeof ru };
    return rns_pidfd_wait_rusage(fd, options, &st, &ru);
}

/* pidfd_send_signal with a siginfo as sigqueue(3) fills it (code SI_QUEUE, value 7, our pid
 * and uid), and rns_pidfd_send_siginfo with the same. */
static long raw_pidfd_send_siginfo(int fd, int sig)
{
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = sig;
    si.si_code = SI_QUEUE;
    si.si_pid = getpid();
    si.si_uid = getuid();
    si.si_value.sival_int = 7;
    return syscall(SYS_pidfd_send_signal, fd, sig, &si, 0);
}

static long lib_pidfd_send_siginfo(int fd, int sig)
{
    rns_siginfo in = { .size = sizeof in, .code = RNS_SI_QUEUE };
    in.value.sival_int = 7;
    return rns_pidfd_send_siginfo(fd, sig, &in, 0);
}

static long raw_pidfd_send_signal(int fd, int sig, unsigned flags)
{
    return syscall(SYS_pidfd_send_signal, fd, sig, NULL, flags);
}

static long raw_pidfd_getfd(int fd, int target, unsigned flags)
{
    return syscall(SYS_pidfd_getfd, fd, target, flags);
}

#define NET RNS_CLONE_NEWNET
#define UTS RNS_CLONE_NEWUTS
#define USR RNS_CLONE_NEWUSER

/*
 * The cases: X(id, function, states, setup flags, result kind, librns call, raw call).
 * Arguments are the same on both sides; e-> fields are set up identically in
 * both processes (same fd numbers, equivalent processes).
 */
#define CASES(X)                                                                                          \
    /* ---- rns_setns: namespace fds, pidfds, wrong fds, unknown bits ---- */                               \
    X(setns_own_net_any, rns_setns, S_ALL, 0, R_VAL, rns_setns(e->netfd, 0), setns(e->netfd, 0))          \
    X(setns_own_net_typed, rns_setns, S_ALL, 0, R_VAL, rns_setns(e->netfd, NET), setns(e->netfd, NET))    \
    X(setns_helper_net, rns_setns, S_ALL, F_NSHELPER, R_VAL, rns_setns(e->h_netfd, NET),                  \
      setns(e->h_netfd, NET))                                                                              \
    X(setns_helper_uts_any, rns_setns, S_ALL, F_NSHELPER, R_VAL, rns_setns(e->h_utsfd, 0),                \
      setns(e->h_utsfd, 0))                                                                                \
    X(setns_helper_mnt, rns_setns, S_ALL, F_NSHELPER, R_VAL, rns_setns(e->h_mntfd, RNS_CLONE_NEWNS),      \
      setns(e->h_mntfd, RNS_CLONE_NEWNS))                                                                  \
    X(setns_helper_mnt_threaded, rns_setns, S_ALL, F_NSHELPER | F_THREAD, R_VAL,                           \
      rns_setns(e->h_mntfd, RNS_CLONE_NEWNS), setns(e->h_mntfd, RNS_CLONE_NEWNS))                          \
    X(setns_type_mismatch, rns_setns, S_ALL, F_NSHELPER, R_VAL, rns_setns(e->h_netfd, UTS),               \
      setns(e->h_netfd, UTS))                                                                              \
    X(setns_own_user, rns_setns, S_ALL, 0, R_VAL, rns_setns(e->userfd, USR), setns(e->userfd, USR))       \
    X(setns_pidfd_net_uts, rns_setns, S_ALL, F_NSHELPER, R_VAL, rns_setns(e->helper_pidfd, NET | UTS),    \
      setns(e->helper_pidfd, NET | UTS))                                                                   \
    X(setns_pidfd_no_types, rns_setns, S_ALL, 0, R_VAL, rns_setns(e->helper_pidfd, 0),                    \
      setns(e->helper_pidfd, 0))                                                                           \
    X(setns_pidfd_user_uts, rns_setns, S_ALL, F_NSHELPER, R_VAL, rns_setns(e->helper_pidfd, USR | UTS),   \
      setns(e->helper_pidfd, USR | UTS))                                                                   \
    X(setns_pidfd_gone, rns_setns, S_ALL, 0, R_VAL, rns_setns(e->gone_pidfd, UTS),                        \
      setns(e->gone_pidfd, UTS))                                                                           \
    X(setns_fd_minus1, rns_setns, S_ALL, 0, R_VAL, rns_setns(-1, 0), setns(-1, 0))                         \
    X(setns_fd_closed, rns_setns, S_ALL, 0, R_VAL, rns_setns(e->closed_fd, 0), setns(e->closed_fd, 0))     \
    X(setns_fd_pipe, rns_setns, S_ALL, 0, R_VAL, rns_setns(e->pipe_r, 0), setns(e->pipe_r, 0))             \
    X(setns_fd_devnull, rns_setns, S_ALL, 0, R_VAL, rns_setns(e->devnull, NET), setns(e->devnull, NET))    \
    X(setns_unknown_bit, rns_setns, S_ALL, 0, R_VAL, rns_setns(e->netfd, 1), setns(e->netfd, 1))          \
    X(setns_high_bit, rns_setns, S_ALL, 0, R_VAL, rns_setns(e->netfd, INT_MIN), setns(e->netfd, INT_MIN)) \
    X(setns_unknown_bit_fd_minus1, rns_setns, S_ALL, 0, R_VAL, rns_setns(-1, 1), setns(-1, 1))             \
    /* ---- rns_unshare ---- */                                                                            \
    X(unshare_zero, rns_unshare, S_ALL, 0, R_VAL, rns_unshare(0), unshare(0))                              \
    X(unshare_uts, rns_unshare, S_ALL, 0, R_VAL, rns_unshare(UTS), unshare(UTS))                           \
    X(unshare_net_ipc, rns_unshare, S_ALL, 0, R_VAL, rns_unshare(NET | RNS_CLONE_NEWIPC),                  \
      unshare(NET | RNS_CLONE_NEWIPC))                                                                     \
    X(unshare_mnt_cgroup, rns_unshare, S_ALL, 0, R_VAL, rns_unshare(RNS_CLONE_NEWNS | RNS_CLONE_NEWCGROUP), \
      unshare(RNS_CLONE_NEWNS | RNS_CLONE_NEWCGROUP))                                                      \
    X(unshare_pid_time, rns_unshare, S_ALL, 0, R_VAL, rns_unshare(RNS_CLONE_NEWPID | RNS_CLONE_NEWTIME),   \
      unshare(RNS_CLONE_NEWPID | RNS_CLONE_NEWTIME))                                                       \
    X(unshare_user, rns_unshare, S_ALL, 0, R_VAL, rns_unshare(USR), unshare(USR))                          \
    X(unshare_user_uts, rns_unshare, S_ALL, 0, R_VAL, rns_unshare(USR | UTS), unshare(USR | UTS))          \
    X(unshare_every_ns, rns_unshare, S_ALL, 0, R_VAL, rns_unshare(ALL_NS), unshare(ALL_NS))                \
    X(unshare_user_threaded, rns_unshare, S_ALL, F_THREAD, R_VAL, rns_unshare(USR), unshare(USR))          \
    X(unshare_files_fs_sysvsem, rns_unshare, S_ALL, 0, R_VAL,                                              \
      rns_unshare(RNS_CLONE_FILES | RNS_CLONE_FS | RNS_CLONE_SYSVSEM),                                     \
      unshare(RNS_CLONE_FILES | RNS_CLONE_FS | RNS_CLONE_SYSVSEM))                                         \
    X(unshare_thread_vm_sighand, rns_unshare, S_ALL, 0, R_VAL,                                             \
      rns_unshare(RNS_CLONE_THREAD | RNS_CLONE_VM | RNS_CLONE_SIGHAND),                                    \
      unshare(RNS_CLONE_THREAD | RNS_CLONE_VM | RNS_CLONE_SIGHAND))                                        \
    X(unshare_vm_threaded, rns_unshare, S_ALL, F_THREAD, R_VAL, rns_unshare(RNS_CLONE_VM),                 \
      unshare(RNS_CLONE_VM))                                                                               \
    X(unshare_unknown_bit, rns_unshare, S_ALL, 0, R_VAL, rns_unshare(1), unshare(1))                       \
    X(unshare_minus1, rns_unshare, S_ALL, 0, R_VAL, rns_unshare(-1), unshare(-1))                          \
    /* ---- rns_ns_enter, rns_ns_enter_pid, rns_ns_restore (raw: the hand-written pattern) ---- */         \
    X(ns_enter_pid_helper_net_uts, rns_ns_enter_pid, S_ALL, F_NSHELPER, R_VAL,                             \
      rns_ns_enter_pid(e->helper, NET | UTS, &lib_saved), raw_ns_enter_pid(e->helper, NET | UTS))          \
    X(ns_enter_pid_gone, rns_ns_enter_pid, S_ALL, 0, R_VAL, rns_ns_enter_pid(e->gone, NET, &lib_saved),    \
      raw_ns_enter_pid(e->gone, NET))                                                                      \
    X(ns_enter_pid_no_types, rns_ns_enter_pid, S_ALL, 0, R_VAL, rns_ns_enter_pid(e->helper, 0, &lib_saved), \
      raw_ns_enter_pid(e->helper, 0))                                                                      \
    X(ns_enter_pid_user, rns_ns_enter_pid, S_ALL, F_NSHELPER, R_VAL,                                       \
      rns_ns_enter_pid(e->helper, USR, &lib_saved), raw_ns_enter_pid(e->helper, USR))                      \
    X(ns_enter_helper_net, rns_ns_enter, S_ALL, F_NSHELPER, R_VAL, rns_ns_enter(e->h_netfd, NET, &lib_saved), \
      raw_ns_enter(e->h_netfd, NET))                                                                       \
    X(ns_enter_type_mismatch, rns_ns_enter, S_ALL, F_NSHELPER, R_VAL,                                      \
      rns_ns_enter(e->h_netfd, UTS, &lib_saved), raw_ns_enter(e->h_netfd, UTS))                            \
    X(ns_enter_fd_minus1, rns_ns_enter, S_ALL, 0, R_VAL, rns_ns_enter(-1, NET, &lib_saved), raw_ns_enter(-1, NET)) \
    X(ns_restore_round_trip, rns_ns_restore, S_ALL, F_NSHELPER, R_VAL, lib_enter_restore(e->helper, NET | UTS), \
      raw_enter_restore(e->helper, NET | UTS))                                                             \
    /* ---- rns_setns_path ---- */                                                                        \
    X(setns_path_own_net, rns_setns_path, S_ALL, 0, R_VAL, rns_setns_path("/proc/thread-self/ns/net", 0),  \
      raw_setns_path("/proc/thread-self/ns/net", 0))                                                       \
    X(setns_path_helper_uts, rns_setns_path, S_ALL, F_NSHELPER, R_VAL, rns_setns_path(e->h_uts_path, UTS), \
      raw_setns_path(e->h_uts_path, UTS))                                                                  \
    X(setns_path_mismatch, rns_setns_path, S_ALL, 0, R_VAL, rns_setns_path("/proc/thread-self/ns/net", UTS), \
      raw_setns_path("/proc/thread-self/ns/net", UTS))                                                     \
    X(setns_path_missing, rns_setns_path, S_ALL, 0, R_VAL, rns_setns_path("/nonexistent/ns/net", 0),       \
      raw_setns_path("/nonexistent/ns/net", 0))                                                            \
    X(setns_path_empty, rns_setns_path, S_ALL, 0, R_VAL, rns_setns_path("", 0), raw_setns_path("", 0))     \
    X(setns_path_regular_file, rns_setns_path, S_ALL, 0, R_VAL, rns_setns_path("/etc/passwd", 0),          \
      raw_setns_path("/etc/passwd", 0))                                                                    \
    X(setns_path_directory, rns_setns_path, S_ALL, 0, R_VAL, rns_setns_path("/proc/thread-self/ns", 0),    \
      raw_setns_path("/proc/thread-self/ns", 0))                                                           \
    X(setns_path_null, rns_setns_path, S_ALL, 0, R_VAL, rns_setns_path(e->null_str, 0),                    \
      raw_setns_path(e->null_str, 0))                                                                      \
    X(setns_path_unknown_bit, rns_setns_path, S_ALL, 0, R_VAL, rns_setns_path("/proc/thread-self/ns/net", 1), \
      raw_setns_path("/proc/thread-self/ns/net", 1))                                                       \
    X(setns_path_missing_unknown_bit, rns_setns_path, S_ALL, 0, R_VAL,                                     \
      rns_setns_path("/nonexistent/ns/net", 1), raw_setns_path("/nonexistent/ns/net", 1))                  \
    X(setns_path_init_net, rns_setns_path, S_ALL, 0, R_VAL, rns_setns_path("/proc/1/ns/net", NET),         \
      raw_setns_path("/proc/1/ns/net", NET))                                                               \
    /* ---- rns_setns_pid (raw: pidfd_open + setns on the pidfd) ---- */                                   \
    X(setns_pid_helper_net_uts, rns_setns_pid, S_ALL, F_NSHELPER, R_VAL, rns_setns_pid(e->helper, NET | UTS), \
      raw_setns_pid(e->helper, NET | UTS))                                                                 \
    X(setns_pid_helper_user_uts, rns_setns_pid, S_ALL, F_NSHELPER, R_VAL,                                  \
      rns_setns_pid(e->helper, USR | UTS), raw_setns_pid(e->helper, USR | UTS))                            \
    X(setns_pid_helper_user, rns_setns_pid, S_ALL, 0, R_VAL, rns_setns_pid(e->helper, USR),                \
      raw_setns_pid(e->helper, USR))                                                                       \
    X(setns_pid_zero, rns_setns_pid, S_ALL, 0, R_VAL, rns_setns_pid(0, UTS), raw_setns_pid(0, UTS))        \
    X(setns_pid_minus1, rns_setns_pid, S_ALL, 0, R_VAL, rns_setns_pid(-1, UTS), raw_setns_pid(-1, UTS))    \
    X(setns_pid_no_types, rns_setns_pid, S_ALL, 0, R_VAL, rns_setns_pid(e->helper, 0),                     \
      raw_setns_pid(e->helper, 0))                                                                         \
    X(setns_pid_unknown_bit, rns_setns_pid, S_ALL, 0, R_VAL, rns_setns_pid(e->helper, 1),                  \
      raw_setns_pid(e->helper, 1))                                                                         \
    X(setns_pid_gone, rns_setns_pid, S_ALL, 0, R_VAL, rns_setns_pid(e->gone, UTS),                         \
      raw_setns_pid(e->gone, UTS))                                                                         \
    X(setns_pid_gone_unknown_bit, rns_setns_pid, S_ALL, 0, R_VAL, rns_setns_pid(e->gone, 1),               \
      raw_setns_pid(e->gone, 1))                                                                           \
    X(setns_pid_thread, rns_setns_pid, S_ALL, F_THREAD, R_VAL, rns_setns_pid(e->thread_tid, UTS),          \
      raw_setns_pid(e->thread_tid, UTS))                                                                   \
    X(setns_pid_init_user_net, rns_setns_pid, S_NOTROOT, 0, R_VAL, rns_setns_pid(1, USR | NET),                \
      raw_setns_pid(1, USR | NET))                                                                         \
    X(setns_pid_init_net, rns_setns_pid, S_NOTROOT, 0, R_VAL, rns_setns_pid(1, NET), raw_setns_pid(1, NET)) \
    /* ---- process groups, sessions, terminals ---- */                                                  \
    X(setpgid_self_new_group, rns_setpgid, S_ALL, 0, R_VAL, rns_setpgid(0, 0), setpgid(0, 0))              \
    X(setpgid_self_by_pid, rns_setpgid, S_ALL, 0, R_VAL, rns_setpgid(e->self, e->self),                    \
      setpgid(e->self, e->self))                                                                           \
    X(setpgid_helper_into_ours, rns_setpgid, S_ALL, 0, R_VAL, rns_setpgid(e->helper, getpgrp()),           \
      setpgid(e->helper, getpgrp()))                                                                       \
    X(setpgid_helper_own, rns_setpgid, S_ALL, 0, R_VAL, rns_setpgid(e->helper, 0), setpgid(e->helper, 0))  \
    X(setpgid_pid_minus1_pgid_0, rns_setpgid, S_ALL, 0, R_VAL, rns_setpgid(-1, 0), setpgid(-1, 0))         \
    X(setpgid_pid_minus1, rns_setpgid, S_ALL, 0, R_VAL, rns_setpgid(-1, e->self), setpgid(-1, e->self))    \
    X(setpgid_pgid_minus1, rns_setpgid, S_ALL, 0, R_VAL, rns_setpgid(0, -1), setpgid(0, -1))               \
    X(setpgid_init, rns_setpgid, S_ALL, 0, R_VAL, rns_setpgid(1, 0), setpgid(1, 0))                        \
    X(setpgid_gone, rns_setpgid, S_ALL, 0, R_VAL, rns_setpgid(e->gone, 0), setpgid(e->gone, 0))            \
    X(setpgid_into_group_1, rns_setpgid, S_ALL, 0, R_VAL, rns_setpgid(0, 1), setpgid(0, 1))                \
    X(setpgid_into_missing_group, rns_setpgid, S_ALL, 0, R_VAL, rns_setpgid(0, e->gone),                   \
      setpgid(0, e->gone))                                                                                 \
    X(setpgid_session_leader, rns_setpgid, S_ALL, F_SESSION, R_VAL, rns_setpgid(0, 0), setpgid(0, 0))      \
    X(setpgid_execed_child, rns_setpgid, S_ALL, F_EXECCHILD, R_VAL, rns_setpgid(e->execchild, 0),          \
      setpgid(e->execchild, 0))                                                                            \
    X(setpgrp_plain, rns_setpgrp, S_ALL, 0, R_VAL, rns_setpgrp(), setpgrp())                               \
    X(setpgrp_group_leader, rns_setpgrp, S_ALL, F_GRPLEADER, R_VAL, rns_setpgrp(), setpgrp())              \
    X(setpgrp_session_leader, rns_setpgrp, S_ALL, F_SESSION, R_VAL, rns_setpgrp(), setpgrp())              \
    X(setsid_plain, rns_setsid, S_ALL, 0, R_PID, rns_setsid(), setsid())                                   \
    X(setsid_group_leader, rns_setsid, S_ALL, F_GRPLEADER, R_PID, rns_setsid(), setsid())                  \
    X(setsid_session_leader, rns_setsid, S_ALL, F_SESSION, R_PID, rns_setsid(), setsid())                  \
    X(tcsetpgrp_own_group, rns_tcsetpgrp, S_ALL, F_TTY, R_VAL, rns_tcsetpgrp(e->pts, getpgrp()),           \
      tcsetpgrp(e->pts, getpgrp()))                                                                        \
    X(tcsetpgrp_helper_group, rns_tcsetpgrp, S_ALL, F_TTY, R_VAL, rns_tcsetpgrp(e->pts, e->helper),        \
      tcsetpgrp(e->pts, e->helper))                                                                        \
    X(tcsetpgrp_master_side, rns_tcsetpgrp, S_ALL, F_TTY, R_VAL, rns_tcsetpgrp(e->ptm, e->helper),         \
      tcsetpgrp(e->ptm, e->helper))                                                                        \
    X(tcsetpgrp_pgrp_minus1, rns_tcsetpgrp, S_ALL, F_TTY, R_VAL, rns_tcsetpgrp(e->pts, -1),                \
      tcsetpgrp(e->pts, -1))                                                                               \
    X(tcsetpgrp_group_1, rns_tcsetpgrp, S_ALL, F_TTY, R_VAL, rns_tcsetpgrp(e->pts, 1), tcsetpgrp(e->pts, 1)) \
    X(tcsetpgrp_missing_group, rns_tcsetpgrp, S_ALL, F_TTY, R_VAL, rns_tcsetpgrp(e->pts, e->gone),         \
      tcsetpgrp(e->pts, e->gone))                                                                          \
    X(tcsetpgrp_fd_minus1, rns_tcsetpgrp, S_ALL, F_TTY, R_VAL, rns_tcsetpgrp(-1, getpgrp()),               \
      tcsetpgrp(-1, getpgrp()))                                                                            \
    X(tcsetpgrp_fd_closed, rns_tcsetpgrp, S_ALL, F_TTY, R_VAL, rns_tcsetpgrp(e->closed_fd, getpgrp()),     \
      tcsetpgrp(e->closed_fd, getpgrp()))                                                                  \
    X(tcsetpgrp_fd_pipe, rns_tcsetpgrp, S_ALL, F_TTY, R_VAL, rns_tcsetpgrp(e->pipe_r, getpgrp()),          \
      tcsetpgrp(e->pipe_r, getpgrp()))                                                                     \
    X(tcsetpgrp_not_ctty, rns_tcsetpgrp, S_ALL, F_TTY, R_VAL, rns_tcsetpgrp(e->other_pts, getpgrp()),      \
      tcsetpgrp(e->other_pts, getpgrp()))                                                                  \
    X(tcsetpgrp_no_ctty, rns_tcsetpgrp, S_ALL, 0, R_VAL, rns_tcsetpgrp(e->other_pts, getpgrp()),           \
      tcsetpgrp(e->other_pts, getpgrp()))                                                                  \
    X(tcsetpgrp_fd_minus1_pgrp_minus1, rns_tcsetpgrp, S_ALL, F_TTY, R_VAL, rns_tcsetpgrp(-1, -1),          \
      tcsetpgrp(-1, -1))                                                                                   \
    X(killpg_helper_0, rns_killpg, S_ALL, 0, R_VAL, rns_killpg(e->helper, 0), killpg(e->helper, 0))        \
    X(killpg_helper_usr1, rns_killpg, S_ALL, 0, R_VAL, rns_killpg(e->helper, SIGUSR1),                     \
      killpg(e->helper, SIGUSR1))                                                                          \
    X(killpg_own_group_usr1, rns_killpg, S_ALL, 0, R_VAL, rns_killpg(0, SIGUSR1), killpg(0, SIGUSR1))      \
    X(killpg_bad_signal, rns_killpg, S_ALL, 0, R_VAL, rns_killpg(e->helper, 1000), killpg(e->helper, 1000)) \
    X(killpg_minus1, rns_killpg, S_ALL, 0, R_VAL, rns_killpg(-1, 0), killpg(-1, 0))                        \
    X(killpg_int_min, rns_killpg, S_ALL, 0, R_VAL, rns_killpg(INT_MIN, 0), killpg(INT_MIN, 0))             \
    X(killpg_group_1, rns_killpg, S_ALL, 0, R_VAL, rns_killpg(1, 0), killpg(1, 0))                         \
    X(killpg_gone, rns_killpg, S_ALL, 0, R_VAL, rns_killpg(e->gone, 0), killpg(e->gone, 0))                \
    X(killpg_runner_group, rns_killpg, S_ALL, 0, R_VAL, rns_killpg(runner_pgrp, 0), killpg(runner_pgrp, 0)) \
    /* ---- rns_pidfd_wait (raw: waitid(P_PIDFD), its si_pid as the result) ---- */                        \
    X(pidfd_wait_helper_nohang, rns_pidfd_wait, S_ALL, 0, R_VAL, lib_pidfd_wait(e->helper_pidfd, WEXITED | WNOHANG), \
      raw_pidfd_wait(e->helper_pidfd, WEXITED | WNOHANG))                                                  \
    X(pidfd_wait_gone, rns_pidfd_wait, S_ALL, 0, R_VAL, lib_pidfd_wait(e->gone_pidfd, WEXITED | WNOHANG),  \
      raw_pidfd_wait(e->gone_pidfd, WEXITED | WNOHANG))                                                    \
    X(pidfd_wait_init, rns_pidfd_wait, S_ALL, 0, R_VAL, lib_pidfd_wait(e->init_pidfd, WEXITED | WNOHANG),  \
      raw_pidfd_wait(e->init_pidfd, WEXITED | WNOHANG))                                                    \
    X(pidfd_wait_no_state_bits, rns_pidfd_wait, S_ALL, 0, R_VAL, lib_pidfd_wait(e->helper_pidfd, WNOHANG),  \
      raw_pidfd_wait(e->helper_pidfd, WNOHANG))                                                            \
    X(pidfd_wait_fd_minus1, rns_pidfd_wait, S_ALL, 0, R_VAL, lib_pidfd_wait(-1, WEXITED | WNOHANG),       \
      raw_pidfd_wait(-1, WEXITED | WNOHANG))                                                               \
    X(pidfd_wait_devnull, rns_pidfd_wait, S_ALL, 0, R_VAL, lib_pidfd_wait(e->devnull, WEXITED | WNOHANG),  \
      raw_pidfd_wait(e->devnull, WEXITED | WNOHANG))                                                       \
    /* ---- rns_pidfd_wait_rusage (raw: waitid(P_PIDFD, ..., &rusage)) ---- */                             \
    X(pidfd_wait_rusage_helper_nohang, rns_pidfd_wait_rusage, S_ALL, 0, R_VAL,                             \
      lib_pidfd_wait_rusage(e->helper_pidfd, WEXITED | WNOHANG), raw_pidfd_wait_rusage(e->helper_pidfd, WEXITED | WNOHANG)) \
    X(pidfd_wait_rusage_gone, rns_pidfd_wait_rusage, S_ALL, 0, R_VAL,                                      \
      lib_pidfd_wait_rusage(e->gone_pidfd, WEXITED | WNOHANG), raw_pidfd_wait_rusage(e->gone_pidfd, WEXITED | WNOHANG)) \
    X(pidfd_wait_rusage_init, rns_pidfd_wait_rusage, S_ALL, 0, R_VAL,                                      \
      lib_pidfd_wait_rusage(e->init_pidfd, WEXITED | WNOHANG), raw_pidfd_wait_rusage(e->init_pidfd, WEXITED | WNOHANG)) \
    /* ---- pidfds ---- */                                                                                \
    X(pidfd_send_siginfo_helper_0, rns_pidfd_send_siginfo, S_ALL, 0, R_VAL,                                \
      lib_pidfd_send_siginfo(e->helper_pidfd, 0), raw_pidfd_send_siginfo(e->helper_pidfd, 0))              \
    X(pidfd_send_siginfo_helper_usr1, rns_pidfd_send_siginfo, S_ALL, 0, R_VAL,                             \
      lib_pidfd_send_siginfo(e->helper_pidfd, SIGUSR1), raw_pidfd_send_siginfo(e->helper_pidfd, SIGUSR1))  \
    X(pidfd_send_siginfo_gone, rns_pidfd_send_siginfo, S_ALL, 0, R_VAL,                                    \
      lib_pidfd_send_siginfo(e->gone_pidfd, 0), raw_pidfd_send_siginfo(e->gone_pidfd, 0))                  \
    X(pidfd_send_signal_helper_0, rns_pidfd_send_signal, S_ALL, 0, R_VAL,                                  \
      rns_pidfd_send_signal(e->helper_pidfd, 0, 0), raw_pidfd_send_signal(e->helper_pidfd, 0, 0))          \
    X(pidfd_send_signal_helper_usr1, rns_pidfd_send_signal, S_ALL, 0, R_VAL,                               \
      rns_pidfd_send_signal(e->helper_pidfd, SIGUSR1, 0), raw_pidfd_send_signal(e->helper_pidfd, SIGUSR1, 0)) \
    X(pidfd_send_signal_self_usr1, rns_pidfd_send_signal, S_ALL, 0, R_VAL,                                 \
      rns_pidfd_send_signal(e->self_pidfd, SIGUSR1, 0), raw_pidfd_send_signal(e->self_pidfd, SIGUSR1, 0))  \
    X(pidfd_send_signal_thread, rns_pidfd_send_signal, S_ALL, 0, R_VAL,                                    \
      rns_pidfd_send_signal(e->helper_pidfd, SIGUSR1, RNS_PIDFD_SIGNAL_THREAD),                            \
      raw_pidfd_send_signal(e->helper_pidfd, SIGUSR1, RNS_PIDFD_SIGNAL_THREAD))                            \
    X(pidfd_send_signal_thread_group, rns_pidfd_send_signal, S_ALL, 0, R_VAL,                              \
      rns_pidfd_send_signal(e->helper_pidfd, SIGUSR2, RNS_PIDFD_SIGNAL_THREAD_GROUP),                      \
      raw_pidfd_send_signal(e->helper_pidfd, SIGUSR2, RNS_PIDFD_SIGNAL_THREAD_GROUP))                      \
    X(pidfd_send_signal_process_group, rns_pidfd_send_signal, S_ALL, 0, R_VAL,                             \
      rns_pidfd_send_signal(e->helper_pidfd, SIGUSR2, RNS_PIDFD_SIGNAL_PROCESS_GROUP),                     \
      raw_pidfd_send_signal(e->helper_pidfd, SIGUSR2, RNS_PIDFD_SIGNAL_PROCESS_GROUP))                     \
    X(pidfd_send_signal_two_flags, rns_pidfd_send_signal, S_ALL, 0, R_VAL,                                 \
      rns_pidfd_send_signal(e->helper_pidfd, 0, RNS_PIDFD_SIGNAL_THREAD | RNS_PIDFD_SIGNAL_THREAD_GROUP),  \
      raw_pidfd_send_signal(e->helper_pidfd, 0, RNS_PIDFD_SIGNAL_THREAD | RNS_PIDFD_SIGNAL_THREAD_GROUP))  \
    X(pidfd_send_signal_unknown_flag, rns_pidfd_send_signal, S_ALL, 0, R_VAL,                              \
      rns_pidfd_send_signal(e->helper_pidfd, 0, 8), raw_pidfd_send_signal(e->helper_pidfd, 0, 8))          \
    X(pidfd_send_signal_bad_signal, rns_pidfd_send_signal, S_ALL, 0, R_VAL,                                \
      rns_pidfd_send_signal(e->helper_pidfd, 1000, 0), raw_pidfd_send_signal(e->helper_pidfd, 1000, 0))    \
    X(pidfd_send_signal_fd_minus1, rns_pidfd_send_signal, S_ALL, 0, R_VAL, rns_pidfd_send_signal(-1, 0, 0), \
      raw_pidfd_send_signal(-1, 0, 0))                                                                     \
    X(pidfd_send_signal_fd_minus1_unknown_flag, rns_pidfd_send_signal, S_ALL, 0, R_VAL,                    \
      rns_pidfd_send_signal(-1, 0, 8), raw_pidfd_send_signal(-1, 0, 8))                                    \
    X(pidfd_send_signal_fd_closed, rns_pidfd_send_signal, S_ALL, 0, R_VAL,                                 \
      rns_pidfd_send_signal(e->closed_fd, 0, 0), raw_pidfd_send_signal(e->closed_fd, 0, 0))                \
    X(pidfd_send_signal_fd_pipe, rns_pidfd_send_signal, S_ALL, 0, R_VAL,                                   \
      rns_pidfd_send_signal(e->pipe_r, 0, 0), raw_pidfd_send_signal(e->pipe_r, 0, 0))                      \
    X(pidfd_send_signal_fd_nsfile, rns_pidfd_send_signal, S_ALL, 0, R_VAL,                                 \
      rns_pidfd_send_signal(e->netfd, 0, 0), raw_pidfd_send_signal(e->netfd, 0, 0))                        \
    X(pidfd_send_signal_gone, rns_pidfd_send_signal, S_ALL, 0, R_VAL,                                      \
      rns_pidfd_send_signal(e->gone_pidfd, 0, 0), raw_pidfd_send_signal(e->gone_pidfd, 0, 0))              \
    X(pidfd_send_signal_init_0, rns_pidfd_send_signal, S_ALL, 0, R_VAL,                                    \
      rns_pidfd_send_signal(e->init_pidfd, 0, 0), raw_pidfd_send_signal(e->init_pidfd, 0, 0))              \
    X(pidfd_getfd_helper_pipe, rns_pidfd_getfd, S_ALL, 0, R_FD, rns_pidfd_getfd(e->helper_pidfd, e->pipe_w, 0), \
      raw_pidfd_getfd(e->helper_pidfd, e->pipe_w, 0))                                                      \
    X(pidfd_getfd_not_open, rns_pidfd_getfd, S_ALL, 0, R_FD, rns_pidfd_getfd(e->helper_pidfd, 900, 0),     \
      raw_pidfd_getfd(e->helper_pidfd, 900, 0))                                                            \
    X(pidfd_getfd_target_minus1, rns_pidfd_getfd, S_ALL, 0, R_FD, rns_pidfd_getfd(e->helper_pidfd, -1, 0), \
      raw_pidfd_getfd(e->helper_pidfd, -1, 0))                                                             \
    X(pidfd_getfd_flags, rns_pidfd_getfd, S_ALL, 0, R_FD, rns_pidfd_getfd(e->helper_pidfd, e->pipe_w, 1),  \
      raw_pidfd_getfd(e->helper_pidfd, e->pipe_w, 1))                                                      \
    X(pidfd_getfd_fd_minus1, rns_pidfd_getfd, S_ALL, 0, R_FD, rns_pidfd_getfd(-1, 0, 0),                   \
      raw_pidfd_getfd(-1, 0, 0))                                                                           \
    X(pidfd_getfd_fd_pipe, rns_pidfd_getfd, S_ALL, 0, R_FD, rns_pidfd_getfd(e->pipe_r, 0, 0),              \
      raw_pidfd_getfd(e->pipe_r, 0, 0))                                                                    \
    X(pidfd_getfd_gone, rns_pidfd_getfd, S_ALL, 0, R_FD, rns_pidfd_getfd(e->gone_pidfd, 0, 0),             \
      raw_pidfd_getfd(e->gone_pidfd, 0, 0))                                                                \
    X(pidfd_getfd_init, rns_pidfd_getfd, S_ALL, 0, R_FD, rns_pidfd_getfd(e->init_pidfd, 0, 0),             \
      raw_pidfd_getfd(e->init_pidfd, 0, 0))                                                                \
    /* ---- rns_setpriority (never PRIO_USER of a uid with processes: it would renice them all) ---- */ \
    X(setpriority_self_5, rns_setpriority, S_ALL, 0, R_VAL, rns_setpriority(RNS_PRIO_PROCESS, 0, 5),       \
      setpriority(PRIO_PROCESS, 0, 5))                                                                     \
    X(setpriority_self_minus5, rns_setpriority, S_ALL, 0, R_VAL, rns_setpriority(RNS_PRIO_PROCESS, 0, -5), \
      setpriority(PRIO_PROCESS, 0, -5))                                                                    \
    X(setpriority_self_100, rns_setpriority, S_ALL, 0, R_VAL, rns_setpriority(RNS_PRIO_PROCESS, 0, 100),   \
      setpriority(PRIO_PROCESS, 0, 100))                                                                   \
    X(setpriority_self_minus100, rns_setpriority, S_ALL, 0, R_VAL,                                         \
      rns_setpriority(RNS_PRIO_PROCESS, 0, -100), setpriority(PRIO_PROCESS, 0, -100))                      \
    X(setpriority_self_by_pid, rns_setpriority, S_ALL, 0, R_VAL,                                           \
      rns_setpriority(RNS_PRIO_PROCESS, (id_t)e->self, 6), setpriority(PRIO_PROCESS, (id_t)e->self, 6))    \
    X(setpriority_helper, rns_setpriority, S_ALL, 0, R_VAL,                                                \
      rns_setpriority(RNS_PRIO_PROCESS, (id_t)e->helper, 7), setpriority(PRIO_PROCESS, (id_t)e->helper, 7)) \
    X(setpriority_own_group, rns_setpriority, S_ALL, 0, R_VAL, rns_setpriority(RNS_PRIO_PGRP, 0, 3),       \
      setpriority(PRIO_PGRP, 0, 3))                                                                        \
    X(setpriority_helper_group, rns_setpriority, S_ALL, 0, R_VAL,                                          \
      rns_setpriority(RNS_PRIO_PGRP, (id_t)e->helper, 4), setpriority(PRIO_PGRP, (id_t)e->helper, 4))      \
    X(setpriority_user_without_processes, rns_setpriority, S_ALL, 0, R_VAL,                                \
      rns_setpriority(RNS_PRIO_USER, NOUSER_UID, 1), setpriority(PRIO_USER, NOUSER_UID, 1))                \
    X(setpriority_gone, rns_setpriority, S_ALL, 0, R_VAL, rns_setpriority(RNS_PRIO_PROCESS, (id_t)e->gone, 1), \
      setpriority(PRIO_PROCESS, (id_t)e->gone, 1))                                                         \
    X(setpriority_init_refused, rns_setpriority, S_NOTROOT, 0, R_VAL, rns_setpriority(RNS_PRIO_PROCESS, 1, 0), \
      setpriority(PRIO_PROCESS, 1, 0))                                                                     \
    X(setpriority_which_3, rns_setpriority, S_ALL, 0, R_VAL, rns_setpriority(3, 0, 0), setpriority(3, 0, 0)) \
    X(setpriority_which_minus1, rns_setpriority, S_ALL, 0, R_VAL, rns_setpriority(-1, 0, 0),               \
      setpriority(-1, 0, 0))                                                                               \
    /* ---- user and group ids ---- */                                                                    \
    X(setuid_0, rns_setuid, S_ALL, 0, R_VAL, rns_setuid(0), setuid(0))                                     \
    X(setuid_other, rns_setuid, S_ALL, 0, R_VAL, rns_setuid(ID_B), setuid(ID_B))                           \
    X(setuid_minus1, rns_setuid, S_ALL, 0, R_VAL, rns_setuid(M1), setuid(M1))                              \
    X(setuid_unmapped, rns_setuid, S_ALL, 0, R_VAL, rns_setuid(UNMAPPED), setuid(UNMAPPED))                \
    X(setgid_0, rns_setgid, S_ALL, 0, R_VAL, rns_setgid(0), setgid(0))                                     \
    X(setgid_other, rns_setgid, S_ALL, 0, R_VAL, rns_setgid(ID_B), setgid(ID_B))                           \
    X(setgid_minus1, rns_setgid, S_ALL, 0, R_VAL, rns_setgid(M1), setgid(M1))                              \
    X(setgid_unmapped, rns_setgid, S_ALL, 0, R_VAL, rns_setgid(UNMAPPED), setgid(UNMAPPED))                \
    X(seteuid_0, rns_seteuid, S_ALL, 0, R_VAL, rns_seteuid(0), seteuid(0))                                 \
    X(seteuid_other, rns_seteuid, S_ALL, 0, R_VAL, rns_seteuid(ID_B), seteuid(ID_B))                       \
    X(seteuid_minus1, rns_seteuid, S_ALL, 0, R_VAL, rns_seteuid(M1), seteuid(M1))                          \
    X(seteuid_unmapped, rns_seteuid, S_ALL, 0, R_VAL, rns_seteuid(UNMAPPED), seteuid(UNMAPPED))            \
    X(setegid_0, rns_setegid, S_ALL, 0, R_VAL, rns_setegid(0), setegid(0))                                 \
    X(setegid_other, rns_setegid, S_ALL, 0, R_VAL, rns_setegid(ID_B), setegid(ID_B))                       \
    X(setegid_minus1, rns_setegid, S_ALL, 0, R_VAL, rns_setegid(M1), setegid(M1))                          \
    X(setegid_unmapped, rns_setegid, S_ALL, 0, R_VAL, rns_setegid(UNMAPPED), setegid(UNMAPPED))            \
    X(setreuid_real, rns_setreuid, S_ALL, 0, R_VAL, rns_setreuid(ID_B, M1), setreuid(ID_B, M1))            \
    X(setreuid_effective, rns_setreuid, S_ALL, 0, R_VAL, rns_setreuid(M1, ID_B), setreuid(M1, ID_B))       \
    X(setreuid_both, rns_setreuid, S_ALL, 0, R_VAL, rns_setreuid(ID_B, ID_C), setreuid(ID_B, ID_C))        \
    X(setreuid_keep, rns_setreuid, S_ALL, 0, R_VAL, rns_setreuid(M1, M1), setreuid(M1, M1))                \
    X(setreuid_unmapped, rns_setreuid, S_ALL, 0, R_VAL, rns_setreuid(UNMAPPED, M1), setreuid(UNMAPPED, M1)) \
    X(setregid_real, rns_setregid, S_ALL, 0, R_VAL, rns_setregid(ID_B, M1), setregid(ID_B, M1))            \
    X(setregid_effective, rns_setregid, S_ALL, 0, R_VAL, rns_setregid(M1, ID_B), setregid(M1, ID_B))       \
    X(setregid_both, rns_setregid, S_ALL, 0, R_VAL, rns_setregid(ID_B, ID_C), setregid(ID_B, ID_C))        \
    X(setregid_keep, rns_setregid, S_ALL, 0, R_VAL, rns_setregid(M1, M1), setregid(M1, M1))                \
    X(setregid_unmapped, rns_setregid, S_ALL, 0, R_VAL, rns_setregid(UNMAPPED, M1), setregid(UNMAPPED, M1)) \
    X(setresuid_mixed, rns_setresuid, S_ALL, 0, R_VAL, rns_setresuid(ID_B, 0, ID_C), setresuid(ID_B, 0, ID_C)) \
    X(setresuid_all_other, rns_setresuid, S_ALL, 0, R_VAL, rns_setresuid(ID_B, ID_B, ID_B),                \
      setresuid(ID_B, ID_B, ID_B))                                                                         \
    X(setresuid_keep, rns_setresuid, S_ALL, 0, R_VAL, rns_setresuid(M1, M1, M1), setresuid(M1, M1, M1))    \
    X(setresuid_unmapped, rns_setresuid, S_ALL, 0, R_VAL, rns_setresuid(0, 0, UNMAPPED),                   \
      setresuid(0, 0, UNMAPPED))                                                                           \
    X(setresgid_mixed, rns_setresgid, S_ALL, 0, R_VAL, rns_setresgid(ID_B, 0, ID_C), setresgid(ID_B, 0, ID_C)) \
    X(setresgid_all_other, rns_setresgid, S_ALL, 0, R_VAL, rns_setresgid(ID_B, ID_B, ID_B),                \
      setresgid(ID_B, ID_B, ID_B))                                                                         \
    X(setresgid_keep, rns_setresgid, S_ALL, 0, R_VAL, rns_setresgid(M1, M1, M1), setresgid(M1, M1, M1))    \
    X(setresgid_unmapped, rns_setresgid, S_ALL, 0, R_VAL, rns_setresgid(0, 0, UNMAPPED),                   \
      setresgid(0, 0, UNMAPPED))                                                                           \
    X(setgroups_clear, rns_setgroups, S_ALL, 0, R_VAL, rns_setgroups(e->null_gids, 0),                     \
      setgroups(0, e->null_gids))                                                                          \
    X(setgroups_two, rns_setgroups, S_ALL, 0, R_VAL, rns_setgroups(grp2, 2), setgroups(2, grp2))           \
    X(setgroups_gid_0, rns_setgroups, S_ALL, 0, R_VAL, rns_setgroups(grp_zero, 1), setgroups(1, grp_zero)) \
    X(setgroups_duplicates, rns_setgroups, S_ALL, 0, R_VAL, rns_setgroups(grp_dup, 3), setgroups(3, grp_dup)) \
    X(drop_to_other, rns_drop_privileges, S_ALL, 0, R_VAL, rns_drop_privileges(ID_B, ID_B, grp2, 2, 0),   \
      raw_drop(ID_B, ID_B, grp2, 2))                                                                       \
    X(drop_to_root_no_groups, rns_drop_privileges, S_ALL, 0, R_VAL, rns_drop_privileges(0, 0, e->null_gids, 0, 0), \
      raw_drop(0, 0, e->null_gids, 0))                                                                     \
    X(drop_unmapped_uid, rns_drop_privileges, S_ALL, 0, R_VAL, rns_drop_privileges(UNMAPPED, 0, grp2, 2, 0), \
      raw_drop(UNMAPPED, 0, grp2, 2))                                                                      \
    X(drop_minus1, rns_drop_privileges, S_ALL, 0, R_VAL, rns_drop_privileges(M1, M1, e->null_gids, 0, 0),  \
      raw_drop(M1, M1, e->null_gids, 0))                                                                   \
    /* ---- rns_sethostname, rns_setdomainname: never with success where root could rename the host ---- */ \
    X(sethostname_too_long, rns_sethostname, S_ALL, 0, R_VAL, rns_sethostname(NAME65),                     \
      sethostname(NAME65, 65))                                                                             \
    X(sethostname_refused, rns_sethostname, S_NOTROOT, 0, R_VAL, rns_sethostname("rns-diff"),             \
      sethostname("rns-diff", 8))                                                                          \
    X(setdomainname_too_long, rns_setdomainname, S_ALL, 0, R_VAL, rns_setdomainname(NAME65),               \
      setdomainname(NAME65, 65))                                                                           \
    X(setdomainname_refused, rns_setdomainname, S_NOTROOT, 0, R_VAL, rns_setdomainname("rns-diff"),       \
      setdomainname("rns-diff", 8))                                                                        \
    X(setgroups_minus1, rns_setgroups, S_ALL, 0, R_VAL, rns_setgroups(grp_minus1, 1),                      \
      setgroups(1, grp_minus1))                                                                            \
    X(setgroups_null_1, rns_setgroups, S_ALL, 0, R_VAL, rns_setgroups(e->null_gids, 1),                    \
      setgroups(1, e->null_gids))                                                                          \
    X(setgroups_65536, rns_setgroups, S_ALL, 0, R_VAL, rns_setgroups(big_groups, 65536),                   \
      setgroups(65536, big_groups))                                                                        \
    X(setgroups_65537, rns_setgroups, S_ALL, 0, R_VAL, rns_setgroups(big_groups, 65537),                   \
      setgroups(65537, big_groups))                                                                        \
    X(setgroups_unmapped, rns_setgroups, S_ALL, 0, R_VAL, rns_setgroups(grp_unmapped, 1),                  \
      setgroups(1, grp_unmapped))                                                                          \
    X(initgroups_root, rns_initgroups, S_ALL, 0, R_VAL, rns_initgroups("root", 0), initgroups("root", 0))   \
    X(initgroups_root_other_group, rns_initgroups, S_ALL, 0, R_VAL, rns_initgroups("root", ID_B),          \
      initgroups("root", ID_B))                                                                            \
    X(initgroups_nobody, rns_initgroups, S_ALL, 0, R_VAL, rns_initgroups("nobody", 65534),                 \
      initgroups("nobody", 65534))                                                                         \
    X(initgroups_unknown_user, rns_initgroups, S_ALL, 0, R_VAL, rns_initgroups("no-such-user-rns", ID_B),  \
      initgroups("no-such-user-rns", ID_B))                                                                \
    X(initgroups_group_minus1, rns_initgroups, S_ALL, 0, R_VAL, rns_initgroups("root", M1),                \
      initgroups("root", M1))                                                                              \
    X(initgroups_unmapped_group, rns_initgroups, S_ALL, 0, R_VAL, rns_initgroups("root", UNMAPPED),        \
      initgroups("root", UNMAPPED))                                                                        \
    X(initgroups_null, rns_initgroups, S_ALL, 0, R_VAL, rns_initgroups(e->null_str, 0),                    \
      initgroups(e->null_str, 0))                                                                          \
    /* ---- prctl: parent-death signal, child subreaper, no_new_privs ---- */                             \
    X(set_pdeathsig_usr1, rns_set_pdeathsig, S_ALL, 0, R_VAL, rns_set_pdeathsig(SIGUSR1),                  \
      prctl(PR_SET_PDEATHSIG, SIGUSR1, 0, 0, 0))                                                           \
    X(set_pdeathsig_0, rns_set_pdeathsig, S_ALL, 0, R_VAL, rns_set_pdeathsig(0),                           \
      prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0))                                                                 \
    X(set_pdeathsig_64, rns_set_pdeathsig, S_ALL, 0, R_VAL, rns_set_pdeathsig(64),                         \
      prctl(PR_SET_PDEATHSIG, 64, 0, 0, 0))                                                                \
    X(set_pdeathsig_65, rns_set_pdeathsig, S_ALL, 0, R_VAL, rns_set_pdeathsig(65),                         \
      prctl(PR_SET_PDEATHSIG, 65, 0, 0, 0))                                                                \
    X(set_pdeathsig_minus1, rns_set_pdeathsig, S_ALL, 0, R_VAL, rns_set_pdeathsig(-1),                     \
      prctl(PR_SET_PDEATHSIG, -1, 0, 0, 0))                                                                \
    X(set_pdeathsig_int_min, rns_set_pdeathsig, S_ALL, 0, R_VAL, rns_set_pdeathsig(INT_MIN),               \
      prctl(PR_SET_PDEATHSIG, INT_MIN, 0, 0, 0))                                                           \
    X(set_child_subreaper_1, rns_set_child_subreaper, S_ALL, 0, R_VAL, rns_set_child_subreaper(1),         \
      prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))                                                           \
    X(set_child_subreaper_0, rns_set_child_subreaper, S_ALL, 0, R_VAL, rns_set_child_subreaper(0),         \
      prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0))                                                           \
    X(set_child_subreaper_2, rns_set_child_subreaper, S_ALL, 0, R_VAL, rns_set_child_subreaper(2),         \
      prctl(PR_SET_CHILD_SUBREAPER, 2, 0, 0, 0))                                                           \
    X(set_child_subreaper_minus1, rns_set_child_subreaper, S_ALL, 0, R_VAL, rns_set_child_subreaper(-1),   \
      prctl(PR_SET_CHILD_SUBREAPER, -1, 0, 0, 0))                                                          \
    X(set_no_new_privs_1, rns_set_no_new_privs, S_ALL, 0, R_VAL, rns_set_no_new_privs(1),                  \
      prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))                                                              \
    X(set_no_new_privs_0, rns_set_no_new_privs, S_ALL, 0, R_VAL, rns_set_no_new_privs(0),                  \
      prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0))                                                              \
    X(set_no_new_privs_2, rns_set_no_new_privs, S_ALL, 0, R_VAL, rns_set_no_new_privs(2),                  \
      prctl(PR_SET_NO_NEW_PRIVS, 2, 0, 0, 0))                                                              \
    X(set_no_new_privs_minus1, rns_set_no_new_privs, S_ALL, 0, R_VAL, rns_set_no_new_privs(-1),            \
      prctl(PR_SET_NO_NEW_PRIVS, -1, 0, 0, 0))

#define ALL_NS                                                                                            \
    (RNS_CLONE_NEWNS | RNS_CLONE_NEWCGROUP | RNS_CLONE_NEWUTS | RNS_CLONE_NEWIPC | RNS_CLONE_NEWUSER |     \
     RNS_CLONE_NEWPID | RNS_CLONE_NEWNET | RNS_CLONE_NEWTIME)

enum {
#define X(id, fn, st, fl, kind, lib, raw) C_##id,
    CASES(X)
#undef X
    N_CASES
};

struct dcase {
    const char *id, *fn;
    int states, flags;
    enum kind kind;
    const char *lib, *raw;
};

static const struct dcase cases[N_CASES] = {
#define X(id, fn, st, fl, kind, lib, raw) { #id, #fn, st, fl, kind, #lib, #raw },
    CASES(X)
#undef X
};

static long call_case(int i, int lib, struct env *e)
{
    switch (i) {
#define X(id, fn, st, fl, kind, libcall, rawcall)                                                         \
    case C_##id:                                                                                          \
        return lib ? (long)(libcall) : (long)(rawcall);
        CASES(X)
#undef X
    }
    return -9999;
}

/*
 * Intended differences: the librns result where it differs from the raw one,
 * and why. "*" matches any result. Each entry must show in some state when all
 * three states run (else it is stale).
 */
static const struct intended {
    const char *id, *lib, *raw, *reason;
} intended[] = {
    { "setns_unknown_bit_fd_minus1", "-EINVAL", "-EBADF",
      "librns checks nstype for unknown bits before it looks at the fd; the kernel looks up the fd first" },
    { "setns_path_missing_unknown_bit", "-EINVAL", "-ENOENT",
      "librns checks nstype for unknown bits before it opens the path" },
    { "setns_pid_gone_unknown_bit", "-EINVAL", "-ESRCH",
      "librns checks nstypes for unknown bits before it opens a pidfd" },
    { "setns_pid_helper_user_uts", "0|-EPERM", "-EINVAL",
      "rns_setns_pid leaves out CLONE_NEWUSER when the target shares the caller's user namespace, as "
      "nsenter(1) does, where setns(2) on the pidfd refuses the whole call; then it enters the rest, or "
      "without privilege for them says -EPERM" },
    { "setns_pid_helper_user", "0", "-EINVAL",
      "rns_setns_pid leaves out CLONE_NEWUSER when the target shares the caller's user namespace; with "
      "nothing left it succeeds without a setns(2), which refuses re-entering one's own user namespace" },
    { "ns_enter_pid_helper_net_uts", "-EPERM", "0",
      "rns_ns_enter_pid checks first that the thread will be let back: as root of a user namespace "
      "whose own namespaces the parent user namespace owns it could enter the helper's but never leave, "
      "so it refuses; the hand-written pattern enters" },
    { "ns_enter_helper_net", "-EPERM", "0",
      "rns_ns_enter checks first that the thread will be let back (as ns_enter_pid_helper_net_uts)" },
    { "ns_restore_round_trip", "-EPERM", "1",
      "rns_ns_enter_pid refuses (-EPERM) where the thread could not come back; the hand-written pattern "
      "enters, and its setns back fails: the thread is stranded (1)" },
    { "pidfd_wait_fd_minus1", "-EBADF", "-EINVAL",
      "librns gives -EBADF for a negative fd, as every fd argument does; waitid(P_PIDFD) says -EINVAL "
      "for an id above INT_MAX" },
    { "pidfd_wait_devnull", "-EINVAL", "-EBADF",
      "rns_pidfd_wait checks that the fd is a pidfd and gives -EINVAL, as on a kernel without P_PIDFD "
      "where it waits by pid; waitid(P_PIDFD) says -EBADF" },
    { "setpgid_pid_minus1", "-EINVAL", "-ESRCH",
      "the header documents -EINVAL for pid < 0; the kernel looks the pid up and finds none (with pgid 0 "
      "the kernel takes pgid = pid = -1 and says -EINVAL too)" },
    { "tcsetpgrp_fd_minus1_pgrp_minus1", "-EINVAL", "-EBADF",
      "librns checks pgrp < 0 before the fd; the kernel looks up the fd first" },
    { "killpg_group_1", "-EINVAL", "*",
      "rns_killpg refuses group 1: killpg(1, sig) is kill(-1, sig), every process the caller may signal "
      "(run here with signal 0 only)" },
    { "sethostname_too_long", "-EINVAL", "-EPERM",
      "rns_sethostname checks the 64-byte limit before the kernel's privilege check (with privilege "
      "both say -EINVAL)" },
    { "setdomainname_too_long", "-EINVAL", "-EPERM",
      "rns_setdomainname checks the 64-byte limit before the kernel's privilege check (with privilege "
      "both say -EINVAL)" },
    { "setgroups_minus1", "-EINVAL", "-EPERM",
      "rns_setgroups refuses (gid_t)-1 before the privilege check, so every caller gets -EINVAL; the "
      "kernel checks privilege first (with privilege it says -EINVAL too)" },
    { "setgroups_null_1", "-EFAULT", "-EPERM",
      "librns checks the list pointer before the kernel's privilege check (with privilege both say -EFAULT)" },
    { "setgroups_65537", "-EINVAL", "-EPERM",
      "librns checks size > 65536 before the kernel's privilege check (with privilege both say -EINVAL)" },
    { "initgroups_null", "-EFAULT", "crash:SIGSEGV", "glibc's initgroups(3) dereferences a NULL user" },
    { "set_child_subreaper_2", "-EINVAL", "0",
      "rns_set_child_subreaper takes 0 or 1 only; prctl(2) takes any non-zero value as 1" },
    { "set_child_subreaper_minus1", "-EINVAL", "0",
      "rns_set_child_subreaper takes 0 or 1 only; prctl(2) takes any non-zero value as 1" },
    { "drop_minus1", "-EINVAL", "0|-EPERM",
      "rns_drop_privileges refuses -1 ids before any change; by hand, setresuid(-1, -1, -1) means "
      "\"unchanged\" and the drop \"succeeds\" with every privilege kept (without privilege its "
      "setgroups says -EPERM first)" },
    { "drop_unmapped_uid", "-EINVAL", "-EINVAL",
      "the same errno, but rns_drop_privileges puts the groups and gids back when the uid step fails, "
      "where the hand-written drop leaves them changed (a partial drop)" },
    { "setns_pid_thread", "-ESRCH", "-ENOENT",
      "rns_setns_pid takes process ids: a thread id that is not one gives -ESRCH on every path and "
      "kernel, where pidfd_open(2) says -ENOENT (Linux 6.9+) or -EINVAL (before) and /proc/TID/ns works" },
};
#define N_INTENDED (sizeof intended / sizeof intended[0])

/*
 * Library bugs this test found (reported to the lead). Their cases still fail,
 * saying which bug it is; once the library is fixed the entry shows no more
 * and fails as stale: delete it then.
 */
static const struct bug {
    const char *id, *what;
} bugs[] = {
    /* none known; entries go above this end marker */
    { NULL, NULL },
};
#define N_BUGS (sizeof bugs / sizeof bugs[0]) /* with the end marker */

static const struct intended *intended_for(const char *id)
{
    for (size_t k = 0; k < N_INTENDED; k++)
        if (strcmp(intended[k].id, id) == 0)
            return &intended[k];
    return NULL;
}

/* ---- reports (shared memory, written by the calling processes) ---------------- */

struct report {
    int ran, done, crash_sig;
    pid_t kids[2]; /* helper, exec'd child: killed by the caller's parent (see run_side) */
    char note[200];
    char result[64];
    char before[1024];
    char after[1024];
};

struct shared {
    char state_label[N_ST][160];
    char state_skip[N_ST][300];
    struct report rep[N_ST][N_CASES][2]; /* [..][..][1]: librns, [0]: raw */
};
static struct shared *sh;

static void note(struct report *rep, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rep->note, sizeof rep->note, fmt, ap);
    va_end(ap);
}

/* ---- setup -------------------------------------------------------------------- */

static int ns_id(pid_t pid, const char *name, struct nsid *out)
{
    char path[96];
    struct stat st;
    if (pid == 0)
        snprintf(path, sizeof path, "/proc/thread-self/ns/%s", name);
    else
        snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, name);
    if (stat(path, &st) != 0) {
        out->dev = 0, out->ino = 0;
        return -1;
    }
    out->dev = st.st_dev, out->ino = st.st_ino;
    return 0;
}

static int open_ns(pid_t pid, const char *name)
{
    char path[96];
    if (pid == 0)
        snprintf(path, sizeof path, "/proc/thread-self/ns/%s", name);
    else
        snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, name);
    return open(path, O_RDONLY | O_CLOEXEC);
}

static _Atomic pid_t thread_tid;

static void *sleeper(void *arg)
{
    (void)arg;
    thread_tid = (pid_t)syscall(SYS_gettid);
    for (;;)
        pause();
    return NULL;
}

static int open_pty(int *ptm, int *pts, int noctty)
{
    *ptm = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (*ptm < 0 || grantpt(*ptm) != 0 || unlockpt(*ptm) != 0)
        return -1;
    char *name = ptsname(*ptm);
    if (!name)
        return -1;
    *pts = open(name, O_RDWR | O_CLOEXEC | (noctty ? O_NOCTTY : 0));
    return *pts < 0 ? -1 : 0;
}

/* The same steps, in the same order, on both sides: the fd numbers match. */
static int setup(struct env *e, int flags, struct report *rep)
{
    memset(e, 0, sizeof *e);
    e->ptm = e->pts = -1;
    e->self = getpid();
    e->parent = getppid();
    e->sid0 = getsid(0);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, NULL); /* signals sent by a case stay pending, to be seen */
    for (int k = 0; k < N_NS; k++)
        ns_id(0, ns_names[k], &e->ns0[k]);
    if ((flags & F_SESSION) && setsid() < 0)
        return note(rep, "setsid: %s", strerror(errno)), -1;
    if ((flags & F_GRPLEADER) && setpgid(0, 0) != 0)
        return note(rep, "setpgid(0, 0): %s", strerror(errno)), -1;
    if (flags & F_TTY) {
        if (setsid() < 0)
            return note(rep, "setsid: %s", strerror(errno)), -1;
        if (open_pty(&e->ptm, &e->pts, 0) != 0 || ioctl(e->pts, TIOCSCTTY, 0) != 0)
            return note(rep, "a pty as controlling terminal: %s", strerror(errno)), -1;
    }
    if (open_pty(&e->other_ptm, &e->other_pts, 1) != 0)
        return note(rep, "a second pty: %s", strerror(errno)), -1;
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0)
        return note(rep, "pipe2: %s", strerror(errno)), -1;
    e->pipe_r = p[0], e->pipe_w = p[1];
    e->devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    e->closed_fd = 900;
    if (dup2(e->devnull, e->closed_fd) < 0 || close(e->closed_fd) != 0)
        return note(rep, "dup2/close: %s", strerror(errno)), -1;
    e->netfd = open_ns(0, "net");
    e->utsfd = open_ns(0, "uts");
    e->userfd = open_ns(0, "user");
    if (e->devnull < 0 || e->netfd < 0 || e->utsfd < 0 || e->userfd < 0)
        return note(rep, "open /dev/null or /proc/thread-self/ns/*: %s", strerror(errno)), -1;

    /* a process that has exited and been reaped, and a pidfd for it */
    fflush(NULL);
    e->gone = fork();
    if (e->gone == 0)
        _exit(0);
    e->gone_pidfd = (int)syscall(SYS_pidfd_open, e->gone, 0);
    waitpid(e->gone, NULL, 0);
    e->init_pidfd = (int)syscall(SYS_pidfd_open, 1, 0);
    e->self_pidfd = (int)syscall(SYS_pidfd_open, e->self, 0);
    if (e->gone_pidfd < 0 || e->init_pidfd < 0 || e->self_pidfd < 0)
        return note(rep, "pidfd_open: %s", strerror(errno)), -1;

    /* the helper: a child in its own process group, USR1/USR2 blocked, maybe in
     * namespaces of its own */
    int ready[2];
    if (pipe2(ready, O_CLOEXEC) != 0)
        return note(rep, "pipe2: %s", strerror(errno)), -1;
    e->helper = fork();
    if (e->helper < 0)
        return note(rep, "fork: %s", strerror(errno)), -1;
    if (e->helper == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (flags & F_NSHELPER) {
            int r = unshare(RNS_CLONE_NEWNET | RNS_CLONE_NEWUTS | RNS_CLONE_NEWIPC | RNS_CLONE_NEWNS |
                            RNS_CLONE_NEWCGROUP);
            (void)r; /* without privilege it stays in ours: the same on both sides */
        }
        setpgid(0, 0);
        if (write(ready[1], "x", 1) != 1)
            _exit(1);
        for (;;)
            pause();
    }
    rep->kids[0] = e->helper;
    setpgid(e->helper, e->helper);
    char c;
    close(ready[1]);
    if (read(ready[0], &c, 1) != 1)
        return note(rep, "helper did not start"), -1;
    close(ready[0]);
    e->helper_pidfd = (int)syscall(SYS_pidfd_open, e->helper, 0);
    e->h_netfd = open_ns(e->helper, "net");
    e->h_utsfd = open_ns(e->helper, "uts");
    e->h_mntfd = open_ns(e->helper, "mnt");
    if (e->helper_pidfd < 0 || e->h_netfd < 0 || e->h_utsfd < 0 || e->h_mntfd < 0)
        return note(rep, "the helper's pidfd or /proc/%d/ns/*: %s", (int)e->helper, strerror(errno)), -1;
    for (int k = 0; k < N_NS; k++)
        ns_id(e->helper, ns_names[k], &e->hns[k]);
    snprintf(e->h_uts_path, sizeof e->h_uts_path, "/proc/%d/ns/uts", (int)e->helper);

    if (flags & F_THREAD) {
        pthread_t t;
        if (pthread_create(&t, NULL, sleeper, NULL) != 0)
            return note(rep, "pthread_create failed"), -1;
        while (!thread_tid)
            sched_yield();
        e->thread_tid = thread_tid;
    }
    if (flags & F_EXECCHILD) {
        int x[2];
        if (pipe2(x, O_CLOEXEC) != 0)
            return note(rep, "pipe2: %s", strerror(errno)), -1;
        fflush(NULL);
        e->execchild = fork();
        if (e->execchild == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            execl("/bin/sleep", "sleep", "60", (char *)NULL);
            _exit(127);
        }
        rep->kids[1] = e->execchild;
        close(x[1]);
        if (read(x[0], &c, 1) != 0) /* EOF: the exec closed it */
            return note(rep, "exec of /bin/sleep failed"), -1;
        close(x[0]);
    }
    return 0;
}

/* ---- state snapshots ---------------------------------------------------------------- */

static const char *pid_label(pid_t v, const struct env *e, char *buf, size_t n)
{
    if (v < 0)
        snprintf(buf, n, "-%s", strerrorname_np(errno));
    else if (v == 0)
        snprintf(buf, n, "0");
    else if (v == e->self)
        snprintf(buf, n, "self");
    else if (v == e->parent)
        snprintf(buf, n, "parent");
    else if (v == e->helper)
        snprintf(buf, n, "helper");
    else if (e->execchild && v == e->execchild)
        snprintf(buf, n, "exec-child");
    else if (v == 1)
        snprintf(buf, n, "1");
    else if (v == runner_pgrp)
        snprintf(buf, n, "runner-group");
    else if (v == e->sid0)
        snprintf(buf, n, "first-session");
    else
        snprintf(buf, n, "other");
    return buf;
}

static int cmp_gid(const void *a, const void *b)
{
    gid_t x = *(const gid_t *)a, y = *(const gid_t *)b;
    return x < y ? -1 : x > y;
}

static const char *sig_list(uint64_t mask, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = 0;
    for (int s = 1; s <= 64; s++)
        if (mask & (1ull << (s - 1)))
            len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? "," : "", sigabbrev_np(s) ? sigabbrev_np(s) : "RT");
    return buf;
}

static uint64_t proc_pending(pid_t pid)
{
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ~0ull;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return ~0ull;
    buf[n] = 0;
    uint64_t m = 0;
    char *p = strstr(buf, "\nSigPnd:"), *q = strstr(buf, "\nShdPnd:");
    if (p)
        m |= strtoull(p + 8, NULL, 16);
    if (q)
        m |= strtoull(q + 8, NULL, 16);
    return m;
}

/* "kind" of each open fd: the /proc/self/fd link with numbers dropped. */
static size_t fd_list(char *buf, size_t n)
{
    DIR *d = opendir("/proc/self/fd");
    size_t len = 0;
    buf[0] = 0;
    if (!d)
        return (size_t)snprintf(buf, n, "unreadable");
    int dfd = dirfd(d);
    int fds[256], nfds = 0;
    struct dirent *de;
    while ((de = readdir(d)) && nfds < 256) {
        if (de->d_name[0] < '0' || de->d_name[0] > '9')
            continue;
        int fd = atoi(de->d_name);
        if (fd != dfd)
            fds[nfds++] = fd;
    }
    for (int i = 0; i < nfds; i++) /* sort */
        for (int j = i + 1; j < nfds; j++)
            if (fds[j] < fds[i]) {
                int t = fds[i];
                fds[i] = fds[j], fds[j] = t;
            }
    for (int i = 0; i < nfds && len < n; i++) {
        char path[64], link[256], kind[256];
        snprintf(path, sizeof path, "/proc/self/fd/%d", fds[i]);
        ssize_t l = readlink(path, link, sizeof link - 1);
        link[l > 0 ? l : 0] = 0;
        size_t k = 0;
        for (ssize_t j = 0; j < l && k < sizeof kind - 1; j++) {
            if (link[j] >= '0' && link[j] <= '9')
                continue; /* inode and pty numbers differ between the two sides */
            kind[k++] = link[j];
        }
        kind[k] = 0;
        len += (size_t)snprintf(buf + len, n - len, "%s%d:%s", len ? " " : "", fds[i], kind);
    }
    closedir(d);
    return len;
}

static void snapshot(const struct env *e, char *buf, size_t n)
{
    uid_t ur, ue, us;
    gid_t gr, ge, gs;
    gid_t groups[256];
    char l1[32], l2[32], l3[32], sigs[256];
    size_t len = 0;
#define ADD(...)                                                                                          \
    do {                                                                                                  \
        if (len < n)                                                                                      \
            len += (size_t)snprintf(buf + len, n - len, __VA_ARGS__);                                     \
    } while (0)
    getresuid(&ur, &ue, &us);
    getresgid(&gr, &ge, &gs);
    ADD("uid %u/%u/%u/%u gid %u/%u/%u/%u groups[", ur, ue, us, (unsigned)setfsuid(M1), gr, ge, gs,
        (unsigned)setfsgid(M1));
    int ng = getgroups(256, groups);
    if (ng > 0)
        qsort(groups, (size_t)ng, sizeof groups[0], cmp_gid);
    for (int i = 0; i < ng; i++)
        ADD("%s%u", i ? "," : "", groups[i]);
    errno = 0;
    long prio = syscall(SYS_getpriority, PRIO_PROCESS, 0);
    ADD("] nice %ld pgid %s sid %s", 20 - prio, pid_label(getpgid(0), e, l1, sizeof l1),
        pid_label(getsid(0), e, l2, sizeof l2));
    int pdeathsig = -1, subreaper = -1;
    prctl(PR_GET_PDEATHSIG, &pdeathsig, 0, 0, 0);
    prctl(PR_GET_CHILD_SUBREAPER, &subreaper, 0, 0, 0);
    ADD(" pdeathsig %d subreaper %d nnp %d ns{", pdeathsig, subreaper, prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    int first = 1;
    for (int k = 0; k < N_NS; k++) {
        struct nsid now;
        if (ns_id(0, ns_names[k], &now) != 0) {
            ADD("%s%s=unreadable", first ? "" : " ", ns_names[k]);
            first = 0;
            continue;
        }
        if (now.dev == e->ns0[k].dev && now.ino == e->ns0[k].ino)
            continue;
        int h = now.dev == e->hns[k].dev && now.ino == e->hns[k].ino;
        ADD("%s%s=%s", first ? "" : " ", ns_names[k], h ? "helper" : "new");
        first = 0;
    }
    sigset_t pend;
    uint64_t mask = 0;
    sigpending(&pend);
    for (int s = 1; s <= 64; s++)
        if (sigismember(&pend, s) == 1)
            mask |= 1ull << (s - 1);
    ADD("} pending[%s] fds[", sig_list(mask, sigs, sizeof sigs));
    if (len < n)
        len += fd_list(buf + len, n - len);
    if (e->pts >= 0)
        ADD("] tty-foreground %s", pid_label(tcgetpgrp(e->pts), e, l3, sizeof l3));
    else
        ADD("]");
    siginfo_t si;
    memset(&si, 0, sizeof si);
    int gone = waitid(P_PID, (id_t)e->helper, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid;
    prio = syscall(SYS_getpriority, PRIO_PROCESS, e->helper);
    ADD(" helper{%s pgid %s nice %ld pending[%s]}", gone ? "exited" : "alive",
        pid_label(getpgid(e->helper), e, l1, sizeof l1), prio < 0 ? -99 : 20 - prio,
        sig_list(proc_pending(e->helper), sigs, sizeof sigs));
#undef ADD
}

/* ---- one side of one case ------------------------------------------------------------ */

static void format_result(const struct dcase *c, const struct env *e, long r, int err, char *buf, size_t n)
{
    char l[32];
    if (r < 0) {
        int en = r == -1 && err ? err : (int)-r;
        const char *name = strerrorname_np(en);
        snprintf(buf, n, "-%s", name ? name : "?");
    } else if (c->kind == R_PID)
        snprintf(buf, n, "pid:%s", pid_label((pid_t)r, e, l, sizeof l));
    else if (c->kind == R_FD)
        snprintf(buf, n, "fd:%ld", r);
    else
        snprintf(buf, n, "%ld", r);
}

static void run_case(int i, int lib, struct report *rep)
{
    struct env e;
    const struct dcase *c = &cases[i];
    if (setup(&e, c->flags, rep) != 0)
        return;
    e.null_str = NULL;
    e.null_gids = NULL;
    snapshot(&e, rep->before, sizeof rep->before);
    errno = 0;
    long r = call_case(i, lib, &e);
    int err = errno;
    /* raw side: -1 and errno; librns: -errno */
    if (lib)
        format_result(c, &e, r, 0, rep->result, sizeof rep->result);
    else
        format_result(c, &e, r == -1 ? -1 : r, r == -1 ? err : 0, rep->result, sizeof rep->result);
    snapshot(&e, rep->after, sizeof rep->after);
    rep->done = 1;
}

static void run_side(int i, int lib, struct report *rep)
{
    memset(rep, 0, sizeof *rep);
    rep->ran = 1;
    fflush(NULL);
    pid_t a = fork();
    if (a < 0) {
        note(rep, "fork: %s", strerror(errno));
        return;
    }
    if (a == 0) {
        /* a process group of its own, so group-wide calls reach no one else; the
         * caller is its child, so it is no group leader */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        setpgid(0, 0);
        signal(SIGUSR1, SIG_IGN);
        signal(SIGUSR2, SIG_IGN);
        signal(SIGHUP, SIG_IGN);
        pid_t c = fork();
        if (c == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            signal(SIGUSR1, SIG_DFL);
            signal(SIGUSR2, SIG_DFL);
            signal(SIGTTOU, SIG_IGN);
            signal(SIGTTIN, SIG_IGN);
            alarm(10);
            run_case(i, lib, rep);
            _exit(0);
        }
        int st = 0;
        waitpid(c, &st, 0);
        /* The parent-death signal is sent with the dying parent's credentials: a
         * caller that gave up its ids may not signal its helpers, so this process
         * (ids unchanged) kills them. They are the runner's now (a subreaper),
         * which reaps them only after the state: the pids are still theirs. */
        for (int k = 0; k < 2; k++)
            if (rep->kids[k] > 0)
                kill(rep->kids[k], SIGKILL);
        if (WIFSIGNALED(st)) {
            const char *abbrev = sigabbrev_np(WTERMSIG(st));
            rep->crash_sig = WTERMSIG(st);
            snprintf(rep->result, sizeof rep->result, "crash:SIG%s", abbrev ? abbrev : "?");
        }
        _exit(0);
    }
    waitpid(a, NULL, 0);
}

/* ---- states ------------------------------------------------------------------------ */

static int enter_state(int st, char *label, size_t llen, char *why, size_t wlen)
{
    uid_t uid = geteuid();
    gid_t gid = getegid();
    switch (st) {
    case ST_ROOT:
        if (uid != 0) {
            snprintf(why, wlen, "not running as root (euid %u)", (unsigned)uid);
            return -1;
        }
        snprintf(label, llen, "root");
        return 0;
    case ST_UNPRIV:
        if (uid == 0) {
            if (setgroups(0, NULL) != 0 || setresgid(65534, 65534, 65534) != 0 ||
                setresuid(65534, 65534, 65534) != 0) {
                snprintf(why, wlen, "dropping to 65534: %s", strerror(errno));
                return -1;
            }
            prctl(PR_SET_DUMPABLE, 1);
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            snprintf(label, llen, "uid/gid 65534, no groups");
        } else
            snprintf(label, llen, "uid %u (as started)", (unsigned)uid);
        return 0;
    case ST_USERNS:
        if (uid == 0) {
            if (um_enter_mapped_userns(why, wlen) != 0)
                return -1;
            snprintf(label, llen, "root of a new user namespace (ids 0-%u -> %u-%u)", UM_COUNT - 1, UM_BASE,
                     UM_BASE + UM_COUNT - 1);
            return 0;
        }
        if (unshare(CLONE_NEWUSER) != 0) {
            snprintf(why, wlen, "unshare(CLONE_NEWUSER): %s", strerror(errno));
            return -1;
        }
        char map[64];
        snprintf(map, sizeof map, "0 %u 1", (unsigned)uid);
        int r = um_write("/proc/self/setgroups", "deny");
        if (r == 0)
            r = um_write("/proc/self/uid_map", map);
        snprintf(map, sizeof map, "0 %u 1", (unsigned)gid);
        if (r == 0)
            r = um_write("/proc/self/gid_map", map);
        if (r != 0) {
            snprintf(why, wlen, "mapping root in a new user namespace: %s", strerror(-r));
            return -1;
        }
        snprintf(label, llen, "root of a new user namespace (0 -> uid %u only, setgroups denied)",
                 (unsigned)uid);
        return 0;
    }
    return -1;
}

static int selected(int i, int argc, char **argv)
{
    int any = 0;
    for (int a = 1; a < argc; a++) {
        if (argv[a][0] == '-')
            continue;
        any = 1;
        if (strstr(cases[i].id, argv[a]))
            return 1;
    }
    return !any;
}

static void reap_children(void)
{
    for (int round = 0; round < 200; round++) {
        pid_t r;
        while ((r = waitpid(-1, NULL, WNOHANG)) > 0)
            ;
        if (r < 0 && errno == ECHILD)
            return;
        usleep(10000);
    }
}

/* ---- comparison and report ------------------------------------------------------------ */

static void strip_e(const char *src, char *dst, size_t n)
{
    size_t k = 0;
    for (const char *p = src; *p && k < n - 1; p++) {
        if (p[0] == 'e' && p[1] == '-' && p[2] == '>' && (p == src || !((p[-1] >= 'a' && p[-1] <= 'z') || p[-1] == '_'))) {
            p += 2;
            continue;
        }
        dst[k++] = *p;
    }
    dst[k] = 0;
}

/* "*" matches anything; "a|b" either. */
static int wildcard_eq(const char *pattern, const char *value)
{
    if (strcmp(pattern, "*") == 0)
        return 1;
    size_t n = strlen(value);
    for (const char *p = pattern; p; p = strchr(p, '|') ? strchr(p, '|') + 1 : NULL)
        if (strncmp(p, value, n) == 0 && (p[n] == 0 || p[n] == '|'))
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    int verbose = 0;
    for (int a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--list") == 0) {
            const char *seen[N_CASES];
            int ns = 0;
            for (int i = 0; i < N_CASES; i++) {
                int dup = 0;
                for (int k = 0; k < ns; k++)
                    dup |= strcmp(seen[k], cases[i].fn) == 0;
                if (!dup)
                    seen[ns++] = cases[i].fn, puts(cases[i].fn);
            }
            return 0;
        }
        if (strcmp(argv[a], "-v") == 0)
            verbose = 1;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (size_t k = 0; k < N_INTENDED; k++) {
        int found = 0;
        for (int i = 0; i < N_CASES; i++)
            found |= strcmp(cases[i].id, intended[k].id) == 0;
        if (!found) {
            printf("FAIL intended difference %s names no case\n", intended[k].id);
            return 1;
        }
    }
    for (size_t k = 0; bugs[k].id; k++) {
        int found = 0;
        for (int i = 0; i < N_CASES; i++)
            found |= strcmp(cases[i].id, bugs[k].id) == 0;
        if (!found) {
            printf("FAIL bug entry %s names no case\n", bugs[k].id);
            return 1;
        }
    }
    runner_pgrp = getpgrp();
    sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);

    int states_run = 0;
    for (int st = 0; st < N_ST; st++) {
        fflush(NULL);
        pid_t s = fork();
        if (s == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            setpgid(0, 0); /* so the runner's group (killpg_runner_group) holds no process of this state */
            if (enter_state(st, sh->state_label[st], sizeof sh->state_label[st], sh->state_skip[st],
                            sizeof sh->state_skip[st]) != 0)
                _exit(77);
            for (int i = 0; i < N_CASES; i++) {
                if (!(cases[i].states & (1 << st)) || !selected(i, argc, argv))
                    continue;
                run_side(i, 1, &sh->rep[st][i][1]);
                run_side(i, 0, &sh->rep[st][i][0]);
            }
            _exit(0);
        }
        int status = 0;
        waitpid(s, &status, 0);
        reap_children();
        if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
            printf("skip state \"%s\": %s\n", st_short[st], sh->state_skip[st]);
            continue;
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            printf("FAIL state \"%s\": its runner ended with status %#x\n", st_short[st], status);
            return 1;
        }
        states_run |= 1 << st;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);

    /* compare */
    int n_cmp = 0, n_same = 0, n_intended = 0, n_bad = 0, n_calls = 0;
    int seen_intended[N_INTENDED] = { 0 };
    int n_bug = 0, seen_bug[N_BUGS] = { 0 };
    int fn_calls[N_CASES] = { 0 }, fn_same[N_CASES][N_ST], fn_cmp[N_CASES][N_ST], fn_int[N_CASES] = { 0 },
        fn_bad[N_CASES] = { 0 };
    memset(fn_same, 0, sizeof fn_same);
    memset(fn_cmp, 0, sizeof fn_cmp);
    const char *fns[N_CASES];
    int nfns = 0;
    for (int i = 0; i < N_CASES; i++) {
        int f;
        for (f = 0; f < nfns; f++)
            if (strcmp(fns[f], cases[i].fn) == 0)
                break;
        if (f == nfns)
            fns[nfns++] = cases[i].fn;
        if (!selected(i, argc, argv))
            continue;
        n_calls++;
        fn_calls[f]++;
        char lib[256], raw[256];
        strip_e(cases[i].lib, lib, sizeof lib);
        strip_e(cases[i].raw, raw, sizeof raw);
        const struct intended *in = intended_for(cases[i].id);
        for (int st = 0; st < N_ST; st++) {
            if (!(states_run & (1 << st)) || !(cases[i].states & (1 << st)))
                continue;
            const struct report *L = &sh->rep[st][i][1], *R = &sh->rep[st][i][0];
            n_cmp++;
            fn_cmp[f][st]++;
            const char *problem = NULL;
            if (!L->ran || !R->ran)
                problem = "did not run";
            else if (L->note[0] || R->note[0])
                problem = "setup failed";
            else if (L->crash_sig && !(in && wildcard_eq(in->lib, L->result)))
                problem = "librns side crashed";
            else if (!L->done && !L->crash_sig)
                problem = "librns side did not report";
            else if (!R->done && !R->crash_sig)
                problem = "raw side did not report";
            else if (L->done && R->done && strcmp(L->before, R->before) != 0)
                problem = "the two sides started from different states (a setup bug)";
            int same = !problem && strcmp(L->result, R->result) == 0 &&
                       (!L->done || !R->done || strcmp(L->after, R->after) == 0) && L->crash_sig == R->crash_sig;
            if (!problem && same) {
                n_same++;
                fn_same[f][st]++;
                if (verbose)
                    printf("same %-40s [%s]: %s\n", cases[i].id, st_short[st], L->result);
                continue;
            }
            if (!problem && in && wildcard_eq(in->lib, L->result) && wildcard_eq(in->raw, R->result)) {
                n_intended++;
                fn_int[f]++;
                seen_intended[in - intended]++;
                if (verbose)
                    printf("intended %-36s [%s]: librns %s, raw %s\n", cases[i].id, st_short[st], L->result,
                           R->result);
                continue;
            }
            n_bad++;
            fn_bad[f]++;
            const struct bug *bug = NULL;
            for (size_t k = 0; bugs[k].id && !problem; k++)
                if (strcmp(bugs[k].id, cases[i].id) == 0)
                    bug = &bugs[k], seen_bug[k]++, n_bug++;
            if (bug)
                printf("FAIL %s [%s]: LIBRARY BUG (known, reported): %s\n", cases[i].id, st_short[st], bug->what);
            else
                printf("FAIL %s [%s]: %s\n", cases[i].id, st_short[st], problem ? problem : "undocumented difference");
            printf("       librns: %s -> %s%s%s\n", lib, L->result, L->note[0] ? "; setup: " : "", L->note);
            printf("       raw:    %s -> %s%s%s\n", raw, R->result, R->note[0] ? "; setup: " : "", R->note);
            if (in)
                printf("       (the table expects librns %s, raw %s)\n", in->lib, in->raw);
            printf("       before (librns): %s\n", L->before);
            if (strcmp(L->before, R->before) != 0)
                printf("       before (raw):    %s\n", R->before);
            printf("       after (librns):  %s\n", L->after);
            printf("       after (raw):     %s\n", R->after);
        }
    }

    printf("%-24s %5s", "function", "calls");
    for (int st = 0; st < N_ST; st++)
        printf("  %14s", st_short[st]);
    printf("  differences\n");
    for (int f = 0; f < nfns; f++) {
        if (!fn_calls[f])
            continue;
        printf("%-24s %5d", fns[f], fn_calls[f]);
        for (int st = 0; st < N_ST; st++) {
            if (states_run & (1 << st))
                printf("  %5d/%-3d same", fn_same[f][st], fn_cmp[f][st]);
            else
                printf("  %14s", "skipped");
        }
        if (fn_int[f] || fn_bad[f])
            printf("  %d intended", fn_int[f]);
        if (fn_bad[f])
            printf(", %d UNDOCUMENTED", fn_bad[f]);
        printf("\n");
    }
    int stale = 0;
    printf("intended differences (table in tests/diff/diff.c):\n");
    for (size_t k = 0; k < N_INTENDED; k++) {
        const struct dcase *c = NULL;
        int i;
        for (i = 0; i < N_CASES; i++)
            if (strcmp(cases[i].id, intended[k].id) == 0)
                c = &cases[i];
        char lib[256];
        strip_e(c->lib, lib, sizeof lib);
        printf("  %s, in %d state%s: librns %s, raw %s\n      %s\n", lib, seen_intended[k],
               seen_intended[k] == 1 ? "" : "s", intended[k].lib, intended[k].raw, intended[k].reason);
        int all = 1;
        for (i = 0; i < N_CASES; i++)
            if (strcmp(cases[i].id, intended[k].id) == 0 && !selected(i, argc, argv))
                all = 0;
        if (!seen_intended[k] && states_run == (1 << N_ST) - 1 && all) {
            printf("FAIL stale entry: %s shows in no state; remove it from the table\n", intended[k].id);
            stale++;
        }
    }
    for (size_t k = 0; bugs[k].id; k++) {
        int all = 1;
        for (int i = 0; i < N_CASES; i++)
            if (strcmp(cases[i].id, bugs[k].id) == 0 && !selected(i, argc, argv))
                all = 0;
        if (!seen_bug[k] && states_run == (1 << N_ST) - 1 && all) {
            printf("FAIL bug entry %s shows no more: the library is fixed? Delete the entry\n", bugs[k].id);
            stale++;
        }
    }
    int nst = 0;
    for (int st = 0; st < N_ST; st++)
        if (states_run & (1 << st)) {
            nst++;
            printf("state %-12s %s\n", st_short[st], sh->state_label[st]);
        }
    int nfns_run = 0;
    for (int f = 0; f < nfns; f++)
        nfns_run += fn_calls[f] > 0;
    char bugnote[64] = "";
    if (n_bug)
        snprintf(bugnote, sizeof bugnote, " (%d of them known library bugs)", n_bug);
    printf("%d functions, %d calls x %d states (%d comparisons, %.1f s): %d same, %d intended differences, "
           "%d undocumented%s\n",
           nfns_run, n_calls, nst, n_cmp, (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, n_same,
           n_intended, n_bad, bugnote);
    return n_bad || stale ? 1 : 0;
}
