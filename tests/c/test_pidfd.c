/*
 * test_pidfd.c - pidfds (src/pidfd.rs):
 *
 *   rns_pidfd_open, rns_pidfd_send_signal, rns_pidfd_getfd
 *   Without the pidfd calls (an old kernel, a sandbox, valgrind) they must give -ENOSYS.
 *
 * Part of the test_rns program (test_rns.c runs it; helpers.h, harness.h).
 */
#define _GNU_SOURCE
#include <poll.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <sys/resource.h>
#include <time.h>

#include "helpers.h"
#include "seccomp.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

/* An error the kernel gives; -ENOSYS instead where the pidfd calls are missing. */
#define CHECK_PIDFD_ERR(call, neg_errno) CHECK_ERR(call, no_pidfd() ? -ENOSYS : (neg_errno))

/* Ends a case that checked its pidfd call gives -ENOSYS (all it can check here). */
#define PASS_ENOSYS(what)                                                                  \
    PASS_NOTE("no pidfd calls here (%s): %s gives -ENOSYS, as documented", no_pidfd_why(), \
              what)

/* A pidfd for setup. Without pidfd_open, the /proc/PID directory of the process, which
 * pidfd_send_signal also takes (Linux 5.1-5.2 had nothing else): the call under test still
 * gets an fd naming the process, and must answer -ENOSYS. */
static int pidfd_for(pid_t pid, unsigned flags)
{
    if (!no_pidfd())
        return (int)CHECK_SYS(raw_pidfd_open(pid, flags));
    char path[64];
    snprintf(path, sizeof path, "/proc/%d", (int)pid);
    return (int)CHECK_SYS(open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
}

/* "Pid:" line of /proc/self/fdinfo/<fd> (the pid a pidfd refers to) */
static int pidfd_target(int fd)
{
    char path[64], line[256];
    int pid = -100;
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
    FILE *f = fopen(path, "re");
    CHECK(f != NULL);
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "Pid:\t%d", &pid) == 1)
            break;
    fclose(f);
    return pid;
}

/* ---- rns_pidfd_open ----------------------------------------------------- */

TEST(pidfd_open_child, ANY)
{
    pid_t child = start_sleeper();
    if (no_pidfd()) {
        int fds = count_open_fds();
        CHECK_ERR(rns_pidfd_open(child, 0), -ENOSYS);
        CHECK_EQ_INT(count_open_fds(), fds);
        PASS_ENOSYS("rns_pidfd_open(child, 0)");
    }
    int fd = CHECK_OK(rns_pidfd_open(child, 0));
    CHECK_CLOEXEC(fd);
    CHECK_EQ_INT(pidfd_target(fd), child);
    CHECK_EQ_INT(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    CHECK_EQ_INT(poll(&pfd, 1, 0), 0); /* alive */
    kill(child, SIGKILL);
    CHECK_EQ_INT(poll(&pfd, 1, 5000), 1); /* readable once it exits */
    waitpid(child, NULL, 0);
}

TEST(pidfd_open_nonblock, ANY)
{
    pid_t child = start_sleeper();
    if (no_pidfd()) {
        CHECK_ERR(rns_pidfd_open(child, RNS_PIDFD_NONBLOCK), -ENOSYS);
        PASS_ENOSYS("rns_pidfd_open(child, RNS_PIDFD_NONBLOCK)");
    }
    int fd = CHECK_OK(rns_pidfd_open(child, RNS_PIDFD_NONBLOCK));
    CHECK_CLOEXEC(fd);
    CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
    siginfo_t si;
    /* nonblocking pidfd: waiting for a live child fails with EAGAIN */
    CHECK_EQ_INT(waitid(P_PIDFD, (id_t)fd, &si, WEXITED), -1);
    CHECK_EQ_INT(errno, EAGAIN);
    kill_and_reap(child);
}

TEST(pidfd_open_thread, ANY)
{
    struct worker p;
    worker_start(&p);
    if (no_pidfd()) {
        CHECK_ERR(rns_pidfd_open(p.tid, RNS_PIDFD_THREAD), -ENOSYS);
        CHECK_ERR(rns_pidfd_open(p.tid, 0), -ENOSYS);
        PASS_ENOSYS("rns_pidfd_open(tid, RNS_PIDFD_THREAD or 0)");
    }
    int fd = CHECK_OK(rns_pidfd_open(p.tid, RNS_PIDFD_THREAD));
    CHECK_CLOEXEC(fd);
    CHECK_EQ_INT(pidfd_target(fd), p.tid);
    /* a non-leader thread needs RNS_PIDFD_THREAD; the kernel's errno for
     * this varies (Linux 6.18: ENOENT, others EINVAL), so accept both */
    int r = rns_pidfd_open(p.tid, 0);
    if (r != -ENOENT && r != -EINVAL) {
        char b[64];
        FAIL("rns_pidfd_open(tid, 0): expected -ENOENT or -EINVAL, got %s",
             h_fmt_int(b, sizeof b, r, 1));
    }
    close(fd);
    fd = CHECK_OK(rns_pidfd_open(p.tid, RNS_PIDFD_THREAD | RNS_PIDFD_NONBLOCK));
    CHECK_CLOEXEC(fd);
    CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
    worker_stop(&p);
}

TEST(pidfd_open_errors, ANY)
{
    pid_t gone = gone_pid();
    CHECK_ERR(rns_pidfd_open(getpid(), 0x1), -EINVAL);
    CHECK_ERR(rns_pidfd_open(getpid(), O_CLOEXEC), -EINVAL);
    CHECK_ERR(rns_pidfd_open(getpid(), 0xffffffffu), -EINVAL);
    CHECK_ERR(rns_pidfd_open(0, 0), -EINVAL);
    CHECK_ERR(rns_pidfd_open(-1, 0), -EINVAL);
    CHECK_PIDFD_ERR(rns_pidfd_open(gone, 0), -ESRCH);
    CHECK_PIDFD_ERR(rns_pidfd_open(beyond_pid_max(), 0), -ESRCH);
    CHECK_ERR(rns_pidfd_open(gone, 0x1), -EINVAL); /* flags checked first */
}

/* ---- rns_pidfd_send_signal ---------------------------------------------- */

/* SIGKILL through the pidfd, seen by waitpid; afterwards -ESRCH. */
TEST(pidfd_send_signal_kills_child, ANY)
{
    pid_t child = start_sleeper();
    int fd = pidfd_for(child, 0);
    if (no_pidfd()) {
        CHECK_ERR(rns_pidfd_send_signal(fd, SIGKILL, 0), -ENOSYS);
        CHECK_EQ_INT(waitpid(child, NULL, WNOHANG), 0); /* no kill() behind our back */
        kill_and_reap(child);
        PASS_ENOSYS("rns_pidfd_send_signal(/proc/PID fd, SIGKILL, 0)");
    }
    CHECK_EQ_INT(rns_pidfd_send_signal(fd, 0, 0), 0); /* signal 0: probe */
    CHECK_EQ_INT(rns_pidfd_send_signal(fd, SIGKILL, 0), 0);
    expect_killed_by(child, SIGKILL);
    CHECK_ERR(rns_pidfd_send_signal(fd, SIGTERM, 0), -ESRCH);
}

/* Thread vs thread-group delivery, read from /proc/self/task/T/status with
 * the signals blocked so they stay pending where the kernel queued them. */
static unsigned long long task_sigmask(pid_t tid, const char *field)
{
    char path[64], line[256];
    unsigned long long v = ~0ull;
    snprintf(path, sizeof path, "/proc/self/task/%d/status", (int)tid);
    FILE *f = fopen(path, "re");
    CHECK(f != NULL);
    size_t fl = strlen(field);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, fl) == 0 && line[fl] == ':')
            v = strtoull(line + fl + 1, NULL, 16);
    fclose(f);
    CHECK(v != ~0ull);
    return v;
}
#define SIGBIT(s) (1ull << ((s) - 1))

TEST(pidfd_send_signal_thread_and_group, ANY)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    CHECK_SYS(sigprocmask(SIG_BLOCK, &set, NULL)); /* inherited by the thread */
    struct worker p;
    worker_start(&p);
    int tfd = pidfd_for(p.tid, PIDFD_THREAD);
    if (no_pidfd()) {
        CHECK_ERR(rns_pidfd_send_signal(tfd, SIGUSR1, RNS_PIDFD_SIGNAL_THREAD), -ENOSYS);
        CHECK_ERR(rns_pidfd_send_signal(tfd, SIGUSR2, RNS_PIDFD_SIGNAL_THREAD_GROUP), -ENOSYS);
        CHECK(!(task_sigmask(p.tid, "SigPnd") & (SIGBIT(SIGUSR1) | SIGBIT(SIGUSR2))));
        CHECK(!(task_sigmask(p.tid, "ShdPnd") & (SIGBIT(SIGUSR1) | SIGBIT(SIGUSR2))));
        PASS_ENOSYS("rns_pidfd_send_signal(fd, sig, RNS_PIDFD_SIGNAL_THREAD or _THREAD_GROUP)");
    }

    CHECK_EQ_INT(rns_pidfd_send_signal(tfd, SIGUSR1, RNS_PIDFD_SIGNAL_THREAD), 0);
    CHECK(task_sigmask(p.tid, "SigPnd") & SIGBIT(SIGUSR1)); /* queued on that thread */
    CHECK(!(task_sigmask(p.tid, "ShdPnd") & SIGBIT(SIGUSR1)));
    CHECK(!(task_sigmask(gettid_(), "SigPnd") & SIGBIT(SIGUSR1)));

    CHECK_EQ_INT(rns_pidfd_send_signal(tfd, SIGUSR2, RNS_PIDFD_SIGNAL_THREAD_GROUP), 0);
    CHECK(task_sigmask(p.tid, "ShdPnd") & SIGBIT(SIGUSR2)); /* queued for the process */
    CHECK(!(task_sigmask(p.tid, "SigPnd") & SIGBIT(SIGUSR2)));
    worker_stop(&p);
}

/* PROCESS_GROUP: the target's whole process group gets the signal.  We
 * become a subreaper so the grandchild is reparented to us and its death
 * signal can be read with waitpid. */
TEST(pidfd_send_signal_process_group, ANY)
{
    CHECK_SYS(prctl(PR_SET_CHILD_SUBREAPER, 1));
    int p[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    pid_t leader = (pid_t)CHECK_SYS(h_fork());
    if (leader == 0) {
        setpgid(0, 0);
        pid_t member = fork(); /* no pdeathsig: it must die of OUR signal */
        if (member == 0) {
            for (;;)
                pause();
        }
        if (write(p[1], &member, sizeof member) != sizeof member)
            _exit(1);
        for (;;)
            pause();
    }
    close(p[1]);
    pid_t member = -1;
    read_all(p[0], &member, sizeof member);
    CHECK(member > 0);
    int mfd = pidfd_for(member, 0);
    CHECK_EQ_INT(getpgid(member), leader);

    int fd = pidfd_for(leader, 0);
    if (no_pidfd()) {
        CHECK_ERR(rns_pidfd_send_signal(fd, SIGTERM, RNS_PIDFD_SIGNAL_PROCESS_GROUP), -ENOSYS);
        CHECK_EQ_INT(waitpid(leader, NULL, WNOHANG), 0);
        CHECK_SYS(kill(member, 0));
        kill(member, SIGKILL);
        kill_and_reap(leader);
        PASS_ENOSYS("rns_pidfd_send_signal(fd, SIGTERM, RNS_PIDFD_SIGNAL_PROCESS_GROUP)");
    }
    CHECK_EQ_INT(rns_pidfd_send_signal(fd, SIGTERM, RNS_PIDFD_SIGNAL_PROCESS_GROUP), 0);
    expect_killed_by(leader, SIGTERM);
    struct pollfd pfd = { .fd = mfd, .events = POLLIN };
    if (poll(&pfd, 1, 5000) != 1) {
        kill(member, SIGKILL);
        FAIL("group member %d was not signalled", (int)member);
    }
    expect_killed_by(member, SIGTERM); /* reparented to us (subreaper) */
}

TEST(pidfd_send_signal_errors, ANY)
{
    pid_t child = start_sleeper();
    int fd = pidfd_for(child, 0);
    CHECK_ERR(rns_pidfd_send_signal(-1, SIGTERM, 0), -EBADF);
    CHECK_PIDFD_ERR(rns_pidfd_send_signal(regular_file_fd(), SIGTERM, 0), -EBADF);
    CHECK_ERR(rns_pidfd_send_signal(fd, SIGTERM, 0x8), -EINVAL);
    CHECK_ERR(rns_pidfd_send_signal(fd, SIGTERM, 0x80000000u), -EINVAL);
    CHECK_ERR(rns_pidfd_send_signal(-1, SIGTERM, 0x8), -EINVAL); /* flags first */
    CHECK_PIDFD_ERR(rns_pidfd_send_signal(fd, 99999, 0), -EINVAL);
    /* the child survived all of the above */
    CHECK_EQ_INT(waitpid(child, NULL, WNOHANG), 0);
    kill_and_reap(child);
}

/* rns_pidfd_send_siginfo beside sigqueue(3), the peer: a child that waits for SIGUSR1 with
 * sigwaitinfo reports what each sender made it see (code, value, pid, uid), one signal at
 * a time (a standard signal does not queue). Both the same: SI_QUEUE, the value, our pid and
 * uid. A 64-bit sival_ptr arrives whole. */
struct seen {
    int code, value_int, pid;
    unsigned uid;
    uint64_t value_ptr;
};

static void siginfo_fn(void *arg)
{
    (void)arg;
    int ready[2];
    CHECK_SYS(pipe2(ready, O_CLOEXEC));
    pid_t pid = (pid_t)CHECK_SYS(h_fork());
    if (pid == 0) {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGUSR1);
        sigprocmask(SIG_BLOCK, &set, NULL);
        write_all(ready[1], "r", 1);
        for (int i = 0; i < 4; i++) { /* three to receive, then wait for a fourth */
            siginfo_t si;
            if (sigwaitinfo(&set, &si) != SIGUSR1)
                _exit(1);
            struct seen s = { si.si_code, si.si_value.sival_int, si.si_pid, si.si_uid,
                              (uint64_t)(uintptr_t)si.si_value.sival_ptr };
            write_all(ready[1], &s, sizeof s);
        }
        _exit(0);
    }
    close(ready[1]);
    char c;
    read_all(ready[0], &c, 1);
    /* Without pidfd_open (SB_NOPIDFD, or a sandbox around the suite) the /proc/PID
     * directory stands for the pidfd: the call must answer ENOSYS. */
    int fd = raw_pidfd_open(pid, 0), nopidfd = fd < 0 && errno == ENOSYS;
    if (nopidfd) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d", (int)pid);
        fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    }
    CHECK_SYS(fd);
    struct seen peer, ours, wide;
    union sigval v = { .sival_int = 4242 };
    CHECK_SYS(sigqueue(pid, SIGUSR1, v));
    read_all(ready[0], &peer, sizeof peer);
    rns_siginfo in = { .size = sizeof in, .code = SI_QUEUE };
    in.value.sival_int = 4242;
    int r = rns_pidfd_send_siginfo(fd, SIGUSR1, &in, 0);
    if (nopidfd) {
        CHECK_ERR(r, -ENOSYS);
        kill_and_reap(pid);
        return;
    }
    CHECK_EQ_INT(r, 0);
    read_all(ready[0], &ours, sizeof ours);
    CHECK_EQ_INT(peer.code, SI_QUEUE);
    CHECK_EQ_INT(peer.value_int, 4242);
    CHECK_EQ_INT(ours.code, peer.code);
    CHECK_EQ_INT(ours.value_int, peer.value_int);
    CHECK_EQ_INT(ours.pid, peer.pid);
    CHECK_EQ_INT(ours.pid, getpid());
    CHECK_EQ_INT(ours.uid, peer.uid);
    CHECK_EQ_INT(ours.uid, getuid());
    /* Another negative code, and a pointer-sized value. */
    in.code = -42;
    in.value.sival_ptr = (void *)(uintptr_t)0x123456789abcULL;
    CHECK_EQ_INT(rns_pidfd_send_siginfo(fd, SIGUSR1, &in, 0), 0);
    read_all(ready[0], &wide, sizeof wide);
    CHECK_EQ_INT(wide.code, -42);
    CHECK(wide.value_ptr == 0x123456789abcULL);
    /* Refused: the kernel's own codes to another process; bad input before any syscall. */
    in.code = SI_USER;
    CHECK_ERR(rns_pidfd_send_siginfo(fd, SIGUSR1, &in, 0), -EPERM);
    in.code = SI_TKILL;
    CHECK_ERR(rns_pidfd_send_siginfo(fd, SIGUSR1, &in, 0), -EPERM);
    in.code = SI_QUEUE;
    CHECK_ERR(rns_pidfd_send_siginfo(fd, SIGUSR1, NULL, 0), -EFAULT);
    CHECK_ERR(rns_pidfd_send_siginfo(fd, SIGUSR1, &in, 8), -EINVAL);
    CHECK_ERR(rns_pidfd_send_siginfo(-1, SIGUSR1, &in, 0), -EBADF);
    CHECK_ERR(rns_pidfd_send_siginfo(fd, 99999, &in, 0), -EINVAL);
    in.size = 8;
    CHECK_ERR(rns_pidfd_send_siginfo(fd, SIGUSR1, &in, 0), -EINVAL);
    /* The refused sends delivered nothing: it still waits for its fourth signal. */
    CHECK_EQ_INT(waitpid(pid, NULL, WNOHANG), 0);
    kill_and_reap(pid);
    close(fd);
}

TEST(pidfd_send_siginfo_as_sigqueue, ANY)
{
    in_sandbox(0, siginfo_fn, NULL);
    in_sandbox(SB_NOPIDFD, siginfo_fn, NULL);
    sb_done();
}

/* Another user's process may not be signalled: -EPERM (probe signal 0). */
TEST(pidfd_send_signal_other_user_eperm, UNPRIV)
{
    int fd = pidfd_for(foreign_pid(), 0);
    CHECK_PIDFD_ERR(rns_pidfd_send_signal(fd, 0, 0), -EPERM);
}

/* PIDFD_SELF_THREAD / PIDFD_SELF_THREAD_GROUP in place of a pidfd: what this kernel answers
 * to them (Linux 6.15 takes them: 1; before, EBADF: 0), asked by raw syscall. */
static int kernel_takes_pidfd_self(void)
{
    if (syscall(SYS_pidfd_send_signal, RNS_PIDFD_SELF_THREAD_GROUP, 0, NULL, 0) == 0)
        return 1;
    CHECK_EQ_INT(errno, EBADF);
    return 0;
}

/* Run on the worker thread: the two sentinels through the library. */
struct self_signal {
    int thread_r, group_r;
};

static void self_signal_on_worker(void *arg)
{
    struct self_signal *s = arg;
    s->thread_r = rns_pidfd_send_signal(RNS_PIDFD_SELF_THREAD, SIGUSR1, 0);
    s->group_r = rns_pidfd_send_signal(RNS_PIDFD_SELF_THREAD_GROUP, SIGUSR2, 0);
}

/* The sentinels reach the kernel: where it takes them (6.15), SELF_THREAD signals the
 * calling thread only and SELF_THREAD_GROUP the process; where it does not, -EBADF (the
 * kernel's answer), nothing sent. */
static void send_signal_self_fn(void *arg)
{
    (void)arg;
    int takes = kernel_takes_pidfd_self();
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    CHECK_SYS(sigprocmask(SIG_BLOCK, &set, NULL)); /* pending signals stay visible */
    struct worker w;
    worker_start(&w);
    struct self_signal s = { 1, 1 };
    worker_run(&w, self_signal_on_worker, &s);
    if (!takes) {
        CHECK_EQ_INT(s.thread_r, -EBADF);
        CHECK_EQ_INT(s.group_r, -EBADF);
        CHECK(!(task_sigmask(w.tid, "SigPnd") & (SIGBIT(SIGUSR1) | SIGBIT(SIGUSR2))));
        CHECK(!(task_sigmask(w.tid, "ShdPnd") & (SIGBIT(SIGUSR1) | SIGBIT(SIGUSR2))));
    } else {
        CHECK_EQ_INT(s.thread_r, 0);
        CHECK_EQ_INT(s.group_r, 0);
        CHECK(task_sigmask(w.tid, "SigPnd") & SIGBIT(SIGUSR1)); /* the calling thread */
        CHECK(!(task_sigmask(gettid_(), "SigPnd") & SIGBIT(SIGUSR1)));
        CHECK(!(task_sigmask(w.tid, "ShdPnd") & SIGBIT(SIGUSR1)));
        CHECK(task_sigmask(w.tid, "ShdPnd") & SIGBIT(SIGUSR2)); /* the process */
    }
    worker_stop(&w);
}

TEST(pidfd_send_signal_self, ANY)
{
    CHECK_EQ_INT(RNS_PIDFD_SELF_THREAD, -10000);
    CHECK_EQ_INT(RNS_PIDFD_SELF_THREAD_GROUP, -10001);
    if (no_pidfd()) {
        CHECK_ERR(rns_pidfd_send_signal(RNS_PIDFD_SELF_THREAD_GROUP, 0, 0), -ENOSYS);
        PASS_ENOSYS("rns_pidfd_send_signal(RNS_PIDFD_SELF_THREAD_GROUP, 0, 0)");
    }
    int takes = kernel_takes_pidfd_self();
    in_sandbox(0, send_signal_self_fn, NULL);
    in_sandbox(SB_NO_PIDFD_SELF, send_signal_self_fn, NULL); /* a kernel before 6.15 */
    /* other negative numbers are no pidfd, refused before the call */
    CHECK_ERR(rns_pidfd_send_signal(-10002, 0, 0), -EBADF);
    CHECK_ERR(rns_pidfd_send_signal(-9999, 0, 0), -EBADF);
    sb_done();
    if (!takes)
        PASS_NOTE("this kernel (before 6.15) answers EBADF to PIDFD_SELF_*: only that answer checked");
}

/* ---- rns_pidfd_getfd ---------------------------------------------------- */

/* Duplicate the read end of a pipe the child created: same pipe inode, and
 * the bytes the child wrote come out of our copy. */
TEST(pidfd_getfd_pipe, ANY)
{
    int rep[2];
    CHECK_SYS(pipe2(rep, O_CLOEXEC));
    pid_t child = (pid_t)CHECK_SYS(h_fork());
    if (child == 0) {
        int p[2];
        struct stat st;
        long msg[2];
        if (pipe(p) != 0 || write(p[1], "hello", 5) != 5 || fstat(p[0], &st) != 0)
            _exit(1);
        msg[0] = p[0];
        msg[1] = (long)st.st_ino;
        if (write(rep[1], msg, sizeof msg) != sizeof msg)
            _exit(1);
        for (;;)
            pause();
    }
    close(rep[1]);
    long msg[2];
    read_all(rep[0], msg, sizeof msg);
    int pidfd = pidfd_for(child, 0);
    if (no_pidfd()) {
        int fds = count_open_fds();
        CHECK_ERR(rns_pidfd_getfd(pidfd, (int)msg[0], 0), -ENOSYS);
        CHECK_EQ_INT(count_open_fds(), fds);
        kill_and_reap(child);
        PASS_ENOSYS("rns_pidfd_getfd(/proc/PID fd, its pipe, 0)");
    }
    int fd = CHECK_OK(rns_pidfd_getfd(pidfd, (int)msg[0], 0));
    CHECK_CLOEXEC(fd);
    CHECK_EQ_INT(fd_ino(fd), msg[1]);
    char buf[8] = "";
    CHECK_EQ_INT(read(fd, buf, 5), 5);
    CHECK_STR_EQ(buf, "hello");
    kill_and_reap(child);
}

/* No ptrace access to another user's process: -EPERM. */
TEST(pidfd_getfd_other_user_eperm, UNPRIV)
{
    int fd = pidfd_for(foreign_pid(), 0);
    CHECK_PIDFD_ERR(rns_pidfd_getfd(fd, 0, 0), -EPERM);
}

TEST(pidfd_getfd_errors, ANY)
{
    pid_t child = start_sleeper();
    int pidfd = pidfd_for(child, 0);
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/fd/999", (int)child);
    CHECK(access(path, F_OK) != 0); /* fd 999 is not open in the child */
    CHECK_ERR(rns_pidfd_getfd(pidfd, 0, 1), -EINVAL);
    CHECK_ERR(rns_pidfd_getfd(pidfd, 0, 0x80000000u), -EINVAL);
    CHECK_ERR(rns_pidfd_getfd(-1, 0, 1), -EINVAL); /* flags first */
    CHECK_ERR(rns_pidfd_getfd(-1, 0, 0), -EBADF);
    CHECK_PIDFD_ERR(rns_pidfd_getfd(regular_file_fd(), 0, 0), -EBADF);
    CHECK_PIDFD_ERR(rns_pidfd_getfd(pidfd, 999, 0), -EBADF);
    CHECK_ERR(rns_pidfd_getfd(pidfd, -1, 0), -EBADF);
    kill_and_reap(child);
}

/* pidfd_getfd on a sentinel: whatever the kernel answers (EBADF up to at least 6.18), the
 * library gives, the sentinel not refused before the call. */
static void getfd_self_fn(void *arg)
{
    (void)arg;
    int devnull = (int)CHECK_SYS(open("/dev/null", O_RDONLY | O_CLOEXEC));
    static const int self[] = { RNS_PIDFD_SELF_THREAD, RNS_PIDFD_SELF_THREAD_GROUP };
    for (int i = 0; i < 2; i++) {
        long k = syscall(SYS_pidfd_getfd, self[i], devnull, 0);
        int kerr = errno;
        int r = rns_pidfd_getfd(self[i], devnull, 0);
        if (k >= 0) {
            CHECK_OK(r);
            CHECK_CLOEXEC(r);
            CHECK_EQ_INT(fd_ino(r), fd_ino(devnull));
            close(r);
            close((int)k);
        } else {
            CHECK_ERR(r, -kerr);
        }
    }
    close(devnull);
}

TEST(pidfd_getfd_self, ANY)
{
    if (no_pidfd()) {
        CHECK_ERR(rns_pidfd_getfd(RNS_PIDFD_SELF_THREAD_GROUP, 0, 0), -ENOSYS);
        PASS_ENOSYS("rns_pidfd_getfd(RNS_PIDFD_SELF_THREAD_GROUP, 0, 0)");
    }
    in_sandbox(0, getfd_self_fn, NULL);
    in_sandbox(SB_NO_PIDFD_SELF, getfd_self_fn, NULL);
    CHECK_ERR(rns_pidfd_getfd(-10002, 0, 0), -EBADF);
    sb_done();
}

/* ---- rns_pidfd_wait, rns_pidfd_getpid, rns_pidfd_info, rns_pidfd_ns_open ------- */

/* Without pidfd_open there is no pidfd to give these calls at all. */
#define NEED_PIDFD()                                                                            \
    do {                                                                                        \
        if (no_pidfd())                                                                         \
            SKIP("no pidfd_open here (%s): no pidfd to give the call", no_pidfd_why());        \
    } while (0)

/* A child that exits at once with `code`; its pidfd in *fd. */
static pid_t exiting_child(int code, int *fd)
{
    pid_t pid = (pid_t)CHECK_SYS(h_fork());
    if (pid == 0)
        _exit(code);
    *fd = (int)CHECK_SYS(raw_pidfd_open(pid, 0));
    return pid;
}

static rns_wait_status wait_status(void)
{
    rns_wait_status st;
    memset(&st, 0x5a, sizeof st);
    st.size = sizeof st;
    return st;
}

/* Exit, kill, stop and continue, each decoded; a second wait after the reap: -ECHILD. */
static void wait_kinds_fn(void *arg)
{
    (void)arg;
    int fd;
    pid_t pid = exiting_child(7, &fd);
    rns_wait_status st = wait_status();
    CHECK_EQ_INT(rns_pidfd_wait(fd, RNS_WEXITED, &st), pid);
    CHECK_EQ_INT(st.size, sizeof st);
    CHECK_EQ_INT(st.kind, RNS_WAIT_EXITED);
    CHECK_EQ_INT(st.pid, pid);
    CHECK_EQ_INT(st.code, 7);
    CHECK_EQ_INT(st.uid, getuid());
    CHECK_ERR(rns_pidfd_wait(fd, RNS_WEXITED, &st), -ECHILD);
    close(fd);

    pid = start_sleeper();
    fd = (int)CHECK_SYS(raw_pidfd_open(pid, 0));
    CHECK_SYS(kill(pid, SIGSTOP));
    st = wait_status();
    CHECK_EQ_INT(rns_pidfd_wait(fd, RNS_WSTOPPED, &st), pid);
    CHECK_EQ_INT(st.kind, RNS_WAIT_STOPPED);
    CHECK_EQ_INT(st.code, SIGSTOP);
    CHECK_SYS(kill(pid, SIGCONT));
    CHECK_EQ_INT(rns_pidfd_wait(fd, RNS_WCONTINUED, &st), pid);
    CHECK_EQ_INT(st.kind, RNS_WAIT_CONTINUED);
    CHECK_EQ_INT(st.code, SIGCONT);
    CHECK_SYS(kill(pid, SIGKILL));
    CHECK_EQ_INT(rns_pidfd_wait(fd, RNS_WEXITED | RNS_WSTOPPED | RNS_WCONTINUED, &st), pid);
    CHECK_EQ_INT(st.kind, RNS_WAIT_KILLED);
    CHECK_EQ_INT(st.code, SIGKILL);
    close(fd);
}

TEST(pidfd_wait_exit_kill_stop_continue, ANY)
{
    NEED_PIDFD();
    in_sandbox(0, wait_kinds_fn, NULL);
    in_sandbox(SB_NO_WAITID_PIDFD, wait_kinds_fn, NULL); /* a kernel before 5.4: P_PID */
    sb_done();
}

/* Not blocking: WNOHANG reports nothing yet; a PIDFD_NONBLOCK pidfd says -EAGAIN; the pidfd
 * polls readable (POLLIN) once the child exits, and not before; WNOWAIT leaves it waitable. */
static void wait_nohang_fn(void *arg)
{
    (void)arg;
    pid_t pid = start_sleeper();
    int fd = (int)CHECK_SYS(raw_pidfd_open(pid, 0));
    int nb = (int)CHECK_SYS(raw_pidfd_open(pid, RNS_PIDFD_NONBLOCK));
    rns_wait_status st = wait_status();
    CHECK_EQ_INT(rns_pidfd_wait(fd, RNS_WEXITED | RNS_WNOHANG, &st), 0);
    CHECK_EQ_INT(st.kind, RNS_WAIT_NONE);
    CHECK_EQ_INT(st.pid, 0);
    CHECK_ERR(rns_pidfd_wait(nb, RNS_WEXITED, &st), -EAGAIN);
    struct pollfd p = { .fd = fd, .events = POLLIN };
    CHECK_EQ_INT(poll(&p, 1, 0), 0);
    CHECK_SYS(kill(pid, SIGTERM));
    CHECK_EQ_INT(poll(&p, 1, 5000), 1);
    CHECK(p.revents & POLLIN);
    CHECK_EQ_INT(rns_pidfd_wait(nb, RNS_WEXITED | RNS_WNOWAIT, &st), pid);
    CHECK_EQ_INT(st.kind, RNS_WAIT_KILLED);
    CHECK_EQ_INT(st.code, SIGTERM);
    CHECK_EQ_INT(rns_pidfd_wait(fd, RNS_WEXITED, &st), pid); /* still there: now reaped */
    CHECK_ERR(rns_pidfd_wait(fd, RNS_WEXITED | RNS_WNOHANG, &st), -ECHILD);
    close(fd);
    close(nb);
}

TEST(pidfd_wait_nohang_nonblock_poll_nowait, ANY)
{
    NEED_PIDFD();
    in_sandbox(0, wait_nohang_fn, NULL);
    in_sandbox(SB_NO_WAITID_PIDFD, wait_nohang_fn, NULL);
    sb_done();
}

/* A process that is not our child: a grandchild. Returns its pid; *ctl closes to end both. */
static pid_t grandchild(int exit_code, int *ctl, pid_t *middle)
{
    int p[2], c[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    CHECK_SYS(pipe2(c, O_CLOEXEC));
    *middle = (pid_t)CHECK_SYS(h_fork());
    if (*middle == 0) {
        close(p[0]);
        close(c[1]);
        pid_t g = fork();
        if (g == 0) {
            char x;
            while (read(c[0], &x, 1) < 0 && errno == EINTR)
                ;
            _exit(exit_code);
        }
        if (write(p[1], &g, sizeof g) != sizeof g)
            _exit(1);
        int st;
        waitpid(g, &st, 0); /* the middle process reaps it when it exits */
        _exit(0);
    }
    close(p[1]);
    close(c[0]);
    pid_t g;
    read_all(p[0], &g, sizeof g);
    close(p[0]);
    *ctl = c[1];
    return g;
}

static void wait_not_child_fn(void *arg)
{
    (void)arg;
    int ctl;
    pid_t middle, g = grandchild(0, &ctl, &middle);
    int fd = (int)CHECK_SYS(raw_pidfd_open(g, 0));
    rns_wait_status st = wait_status();
    CHECK_ERR(rns_pidfd_wait(fd, RNS_WEXITED | RNS_WNOHANG, &st), -ECHILD);
    CHECK_ERR(rns_pidfd_wait(fd, RNS_WEXITED, &st), -ECHILD);
    close(ctl);
    struct pollfd p = { .fd = fd, .events = POLLIN };
    CHECK_EQ_INT(poll(&p, 1, 5000), 1); /* pollable although not ours */
    close(fd);
    waitpid(middle, NULL, 0);
}

TEST(pidfd_wait_not_a_child_echild, ANY)
{
    NEED_PIDFD();
    in_sandbox(0, wait_not_child_fn, NULL);
    in_sandbox(SB_NO_WAITID_PIDFD, wait_not_child_fn, NULL);
    sb_done();
}

static void wait_errors_fn(void *arg)
{
    (void)arg;
    pid_t pid = start_sleeper();
    int fd = (int)CHECK_SYS(raw_pidfd_open(pid, 0));
    rns_wait_status st = wait_status();
    CHECK_ERR(rns_pidfd_wait(fd, RNS_WEXITED, NULL), -EFAULT);
    CHECK_ERR(rns_pidfd_wait(fd, 0, &st), -EINVAL);
    CHECK_ERR(rns_pidfd_wait(fd, RNS_WNOHANG, &st), -EINVAL);
    CHECK_ERR(rns_pidfd_wait(fd, RNS_WEXITED | 0x40, &st), -EINVAL);
    st.size = 16;
    CHECK_ERR(rns_pidfd_wait(fd, RNS_WEXITED | RNS_WNOHANG, &st), -EINVAL);
    CHECK_EQ_INT(st.size, 16); /* not written */
    st = wait_status();
    CHECK_ERR(rns_pidfd_wait(-1, RNS_WEXITED, &st), -EBADF);
    int closed = dup(fd);
    close(closed);
    CHECK_ERR(rns_pidfd_wait(closed, RNS_WEXITED, &st), -EBADF);
    int devnull = (int)CHECK_SYS(open("/dev/null", O_RDONLY | O_CLOEXEC));
    CHECK_ERR(rns_pidfd_wait(devnull, RNS_WEXITED, &st), -EINVAL);
    close(devnull);
    /* a larger struct from a newer program: filled up to what this library knows */
    struct {
        rns_wait_status s;
        char more[12];
    } big;
    memset(&big, 0x5a, sizeof big);
    big.s.size = sizeof big;
    CHECK_SYS(kill(pid, SIGKILL));
    CHECK_EQ_INT(rns_pidfd_wait(fd, RNS_WEXITED, &big.s), pid);
    CHECK_EQ_INT(big.s.size, sizeof(rns_wait_status));
    CHECK_EQ_INT(big.more[0], 0x5a);
    close(fd);
}

TEST(pidfd_wait_errors, ANY)
{
    NEED_PIDFD();
    in_sandbox(0, wait_errors_fn, NULL);
    in_sandbox(SB_NO_WAITID_PIDFD, wait_errors_fn, NULL);
    sb_done();
}

/* rns_pidfd_getpid: the pid while it runs and as a zombie, -ESRCH once reaped. */
static void getpid_fn(void *arg)
{
    (void)arg;
    int fd;
    pid_t pid = exiting_child(0, &fd);
    CHECK_EQ_INT(rns_pidfd_getpid(fd), pid);
    siginfo_t si;
    CHECK_SYS(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT)); /* a zombie now */
    CHECK_EQ_INT(rns_pidfd_getpid(fd), pid);
    CHECK_SYS(waitpid(pid, NULL, 0));
    CHECK_ERR(rns_pidfd_getpid(fd), -ESRCH);
    close(fd);
    int self = (int)CHECK_SYS(raw_pidfd_open(getpid(), 0));
    CHECK_EQ_INT(rns_pidfd_getpid(self), getpid());
    close(self);
    CHECK_ERR(rns_pidfd_getpid(-1), -EBADF);
    CHECK_ERR(rns_pidfd_getpid(fd), -EBADF); /* closed */
    int devnull = (int)CHECK_SYS(open("/dev/null", O_RDONLY | O_CLOEXEC));
    CHECK_ERR(rns_pidfd_getpid(devnull), -EINVAL);
    close(devnull);
}

TEST(pidfd_getpid_alive_zombie_reaped, ANY)
{
    NEED_PIDFD();
    in_sandbox(0, getpid_fn, NULL);
    in_sandbox(SB_NO_PIDFD_INFO, getpid_fn, NULL); /* before 6.13: fdinfo */
    sb_done();
}

/* rns_pidfd_wait_rusage: a child that touches 64 MiB and burns CPU, then exits 3. Its
 * usage is what the kernel adds to our RUSAGE_CHILDREN when it is reaped (the same
 * accounting wait4 reads): CPU times equal to the microsecond; its peak RSS at least 64 MiB. */
static rns_rusage rusage_out(void)
{
    rns_rusage ru;
    memset(&ru, 0x5a, sizeof ru);
    ru.size = sizeof ru;
    return ru;
}

static long long usec_of(struct timeval t)
{
    return (long long)t.tv_sec * 1000000 + t.tv_usec;
}

static void wait_rusage_fn(void *arg)
{
    (void)arg;
    pid_t pid = (pid_t)CHECK_SYS(h_fork());
    if (pid == 0) {
        size_t n = 64u << 20;
        volatile char *p = malloc(n);
        for (size_t i = 0; p && i < n; i += 4096)
            p[i] = 1;
        struct timespec a, b;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
        do /* 50 ms of CPU */
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
        while ((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec) < 50000000L);
        _exit(p ? 3 : 1);
    }
    int fd = (int)CHECK_SYS(raw_pidfd_open(pid, 0));
    rns_wait_status st = wait_status();
    rns_rusage ru = rusage_out();
    /* Refused before any wait: the child is still there afterwards. */
    CHECK_ERR(rns_pidfd_wait_rusage(fd, RNS_WEXITED, &st, NULL), -EFAULT);
    ru.size = 72;
    CHECK_ERR(rns_pidfd_wait_rusage(fd, RNS_WEXITED, &st, &ru), -EINVAL);
    CHECK_EQ_INT(ru.size, 72);
    ru = rusage_out();
    CHECK_ERR(rns_pidfd_wait_rusage(fd, RNS_WEXITED, NULL, &ru), -EFAULT);
    CHECK_ERR(rns_pidfd_wait_rusage(fd, 0, &st, &ru), -EINVAL);
    CHECK_EQ_INT(ru.utime_usec, 0x5a5a5a5a5a5a5a5a); /* nothing written on failure */
    struct rusage before, after;
    CHECK_SYS(getrusage(RUSAGE_CHILDREN, &before));
    CHECK_EQ_INT(rns_pidfd_wait_rusage(fd, RNS_WEXITED, &st, &ru), pid);
    CHECK_SYS(getrusage(RUSAGE_CHILDREN, &after));
    CHECK_EQ_INT(st.kind, RNS_WAIT_EXITED);
    CHECK_EQ_INT(st.code, 3);
    CHECK_EQ_INT(ru.size, sizeof ru);
    CHECK_EQ_INT(ru.reserved, 0);
    CHECK_EQ_INT(ru.utime_usec, usec_of(after.ru_utime) - usec_of(before.ru_utime));
    CHECK_EQ_INT(ru.stime_usec, usec_of(after.ru_stime) - usec_of(before.ru_stime));
    CHECK(ru.utime_usec + ru.stime_usec >= 40000);
    CHECK(ru.maxrss_kib >= 65536);
    CHECK(ru.maxrss_kib <= after.ru_maxrss);
    CHECK(ru.minflt >= 16384 / 2); /* 16384 pages touched (THP may fold some) */
    CHECK_EQ_INT(ru.minflt, after.ru_minflt - before.ru_minflt);
    CHECK_EQ_INT(ru.nvcsw + ru.nivcsw, (after.ru_nvcsw - before.ru_nvcsw) + (after.ru_nivcsw - before.ru_nivcsw));
    /* Reaped: nothing more to wait for. */
    CHECK_ERR(rns_pidfd_wait_rusage(fd, RNS_WEXITED, &st, &ru), -ECHILD);
    close(fd);
    /* RNS_WNOHANG with nothing to report: 0, and a usage of zeros. */
    pid = start_sleeper();
    fd = (int)CHECK_SYS(raw_pidfd_open(pid, 0));
    ru = rusage_out();
    CHECK_EQ_INT(rns_pidfd_wait_rusage(fd, RNS_WEXITED | RNS_WNOHANG, &st, &ru), 0);
    CHECK_EQ_INT(st.kind, RNS_WAIT_NONE);
    CHECK_EQ_INT(ru.utime_usec, 0);
    CHECK_EQ_INT(ru.maxrss_kib, 0);
    kill_and_reap(pid);
    close(fd);
}

TEST(pidfd_wait_rusage_matches_children_accounting, ANY)
{
    NEED_PIDFD();
    in_sandbox(0, wait_rusage_fn, NULL);
    in_sandbox(SB_NO_WAITID_PIDFD, wait_rusage_fn, NULL); /* a kernel before 5.4: P_PID */
    sb_done();
}

static rns_process_info process_info(void)
{
    rns_process_info in;
    memset(&in, 0x5a, sizeof in);
    in.size = sizeof in;
    return in;
}

/* A pidfd of a process outside the caller's pid namespace (an ancestor namespace's: the
 * caller entered a new pid namespace holding it): -ESRCH from getpid and info on every path:
 * PIDFD_GET_INFO (EREMOTE since 6.18.14/6.19.10/7.0, ESRCH from 6.13 before), and before 6.13
 * the fdinfo, with /proc remounted for the new namespace ("Pid: 0") or still the parent's
 * (the process one level above the caller's). The caller's own pidfd still gives its pid
 * there where /proc tells it, or -ENOSYS where it cannot. */
static void outside_pidns_fn(void *arg)
{
    int remount = *(int *)arg;
    int outer = (int)CHECK_SYS(raw_pidfd_open(getpid(), 0));
    CHECK_SYS(unshare(CLONE_NEWPID | (remount ? CLONE_NEWNS : 0)));
    pid_t pid = (pid_t)CHECK_SYS(h_fork());
    if (pid == 0) { /* pid 1 of the new namespace */
        if (remount) {
            CHECK_SYS(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
            CHECK_SYS(mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL));
        }
        CHECK_EQ_INT(getpid(), 1);
        CHECK_ERR(rns_pidfd_getpid(outer), -ESRCH);
        rns_process_info in = process_info();
        CHECK_ERR(rns_pidfd_info(outer, &in), -ESRCH);
        CHECK_EQ_INT(in.pid, 0x5a5a5a5a); /* untouched */
        int own = (int)CHECK_SYS(raw_pidfd_open(1, 0));
        if ((sb_mode_now & SB_NO_PIDFD_INFO) && !remount)
            CHECK_ERR(rns_pidfd_getpid(own), -ENOSYS); /* the parent's /proc cannot tell */
        else
            CHECK_EQ_INT(rns_pidfd_getpid(own), 1);
        _exit(0);
    }
    int st;
    CHECK_SYS(waitpid(pid, &st, 0));
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    close(outer);
}

TEST(pidfd_getpid_info_outside_pidns, PRIV)
{
    NEED_PIDFD();
    for (int remount = 0; remount < 2; remount++) {
        in_sandbox(0, outside_pidns_fn, &remount);
        in_sandbox(SB_NO_PIDFD_INFO, outside_pidns_fn, &remount); /* before 6.13: fdinfo */
    }
    sb_done();
}

/* Ourselves: pids and credentials as the process knows them; the cgroup id where the kernel
 * has PIDFD_GET_INFO; nothing guessed without it. */
static void info_self_fn(void *arg)
{
    (void)arg;
    int fd = (int)CHECK_SYS(raw_pidfd_open(getpid(), 0));
    rns_process_info in = process_info();
    CHECK_EQ_INT(rns_pidfd_info(fd, &in), 0);
    CHECK_EQ_INT(in.size, sizeof in);
    CHECK((in.mask & (RNS_PIDFD_INFO_PID | RNS_PIDFD_INFO_CREDS)) == (RNS_PIDFD_INFO_PID | RNS_PIDFD_INFO_CREDS));
    CHECK_EQ_INT(in.pid, getpid());
    CHECK_EQ_INT(in.tgid, getpid());
    CHECK_EQ_INT(in.ppid, getppid());
    uid_t r, e, s;
    CHECK_SYS(getresuid(&r, &e, &s));
    CHECK_EQ_INT(in.ruid, r);
    CHECK_EQ_INT(in.euid, e);
    CHECK_EQ_INT(in.suid, s);
    CHECK_EQ_INT(in.rgid, getgid());
    CHECK_EQ_INT(in.egid, getegid());
    CHECK(!(in.mask & RNS_PIDFD_INFO_EXIT));
    if (sb_mode_now & SB_NO_PIDFD_INFO) {
        CHECK_EQ_INT(in.mask, RNS_PIDFD_INFO_PID | RNS_PIDFD_INFO_CREDS);
        CHECK_EQ_INT(in.cgroupid, 0);
    } else if (in.mask & RNS_PIDFD_INFO_CGROUPID) {
        /* the cgroup id is the inode of our cgroup v2 directory */
        char line[4096] = "", path[4200];
        FILE *f = fopen("/proc/self/cgroup", "re");
        CHECK(f != NULL);
        while (fgets(line, sizeof line, f) && strncmp(line, "0::", 3) != 0)
            ;
        fclose(f);
        line[strcspn(line, "\n")] = 0;
        snprintf(path, sizeof path, "/sys/fs/cgroup%s", line + 3);
        struct stat st;
        if (strncmp(line, "0::", 3) == 0 && stat(path, &st) == 0)
            CHECK_EQ_INT(in.cgroupid, st.st_ino);
    }
    CHECK_EQ_INT(in.reserved, 0);
    close(fd);
}

TEST(pidfd_info_self, ANY)
{
    NEED_PIDFD();
    in_sandbox(0, info_self_fn, NULL);
    in_sandbox(SB_NO_PIDFD_INFO, info_self_fn, NULL);
    sb_done();
}

/* A zombie: PIDFD_GET_INFO (6.13) still tells its pids and credentials; before 6.13 (/proc,
 * checked through the pidfd, which polls readable once the process has exited) -ESRCH. */
static void info_zombie_fn(void *arg)
{
    (void)arg;
    int fd;
    pid_t pid = exiting_child(3, &fd);
    siginfo_t si;
    CHECK_SYS(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT)); /* a zombie now */
    rns_process_info in = process_info();
    int r = rns_pidfd_info(fd, &in);
    if (sb_mode_now & SB_NO_PIDFD_INFO) {
        CHECK_ERR(r, -ESRCH);
        CHECK_EQ_INT(in.pid, 0x5a5a5a5a);
    } else {
        CHECK_EQ_INT(r, 0);
        CHECK(in.mask & RNS_PIDFD_INFO_PID);
        CHECK_EQ_INT(in.pid, pid);
        CHECK_EQ_INT(in.ppid, getpid());
    }
    CHECK_SYS(waitpid(pid, NULL, 0));
    close(fd);
}

TEST(pidfd_info_zombie, ANY)
{
    NEED_PIDFD();
    in_sandbox(0, info_zombie_fn, NULL);
    in_sandbox(SB_NO_PIDFD_INFO, info_zombie_fn, NULL);
    sb_done();
}

/* A process that is not our child ends, and its parent reaps it: where the kernel keeps the
 * exit status (6.15), we learn how it ended; without PIDFD_GET_INFO: -ESRCH, nothing made up. */
static void info_exit_fn(void *arg)
{
    (void)arg;
    int ctl;
    pid_t middle, g = grandchild(5, &ctl, &middle);
    int fd = (int)CHECK_SYS(raw_pidfd_open(g, 0));
    rns_process_info in = process_info();
    CHECK_EQ_INT(rns_pidfd_info(fd, &in), 0);
    CHECK_EQ_INT(in.pid, g);
    CHECK_EQ_INT(in.ppid, middle);
    close(ctl);
    CHECK_SYS(waitpid(middle, NULL, 0)); /* the middle process reaped g before it exited */
    in = process_info();
    int r = rns_pidfd_info(fd, &in);
    if (sb_mode_now & SB_NO_PIDFD_INFO) {
        CHECK_ERR(r, -ESRCH);
    } else if (r == 0) {
        CHECK_EQ_INT(in.mask & RNS_PIDFD_INFO_EXIT, RNS_PIDFD_INFO_EXIT);
        CHECK_EQ_INT(in.exit_kind, RNS_WAIT_EXITED);
        CHECK_EQ_INT(in.exit_code, 5);
    } else {
        CHECK_ERR(r, -ESRCH); /* a kernel before 6.15 keeps no exit status */
    }
    close(fd);
}

TEST(pidfd_info_exit_of_a_non_child, ANY)
{
    NEED_PIDFD();
    in_sandbox(0, info_exit_fn, NULL);
    in_sandbox(SB_NO_PIDFD_INFO, info_exit_fn, NULL);
    sb_done();
}

/* rns_pidfd_info_mask: only the fields asked for. A running non-child: PID alone, CREDS
 * alone, EXIT alone (nothing yet: mask 0); once its parent reaped it, EXIT alone tells how it
 * ended (6.15; ESRCH before, and without PIDFD_GET_INFO), anything without EXIT is ESRCH. */
static void info_mask_fn(void *arg)
{
    (void)arg;
    int ctl;
    pid_t middle, g = grandchild(6, &ctl, &middle);
    int fd = (int)CHECK_SYS(raw_pidfd_open(g, 0));
    rns_process_info in = process_info();
    CHECK_EQ_INT(rns_pidfd_info_mask(fd, RNS_PIDFD_INFO_PID, &in), 0);
    CHECK(in.mask == RNS_PIDFD_INFO_PID);
    CHECK_EQ_INT(in.pid, g);
    CHECK_EQ_INT(in.ppid, middle);
    CHECK_EQ_INT(in.ruid, 0);
    CHECK_EQ_INT(in.euid, 0);
    CHECK(in.cgroupid == 0);
    in = process_info();
    CHECK_EQ_INT(rns_pidfd_info_mask(fd, RNS_PIDFD_INFO_CREDS, &in), 0);
    CHECK(in.mask == RNS_PIDFD_INFO_CREDS);
    CHECK_EQ_INT(in.pid, 0);
    CHECK_EQ_INT(in.euid, geteuid());
    CHECK_EQ_INT(in.rgid, getgid());
    in = process_info();
    CHECK_EQ_INT(rns_pidfd_info_mask(fd, RNS_PIDFD_INFO_EXIT, &in), 0);
    CHECK(in.mask == 0); /* running: nothing to tell */
    CHECK_EQ_INT(in.pid, 0);
    CHECK_EQ_INT(in.exit_kind, 0);
    close(ctl);
    CHECK_SYS(waitpid(middle, NULL, 0)); /* the middle process reaped g before it exited */
    in = process_info();
    CHECK_ERR(rns_pidfd_info_mask(fd, RNS_PIDFD_INFO_PID | RNS_PIDFD_INFO_CREDS, &in), -ESRCH);
    int r = rns_pidfd_info_mask(fd, RNS_PIDFD_INFO_EXIT, &in);
    if (sb_mode_now & SB_NO_PIDFD_INFO) {
        CHECK_ERR(r, -ESRCH);
    } else if (r == 0) {
        CHECK(in.mask == RNS_PIDFD_INFO_EXIT);
        CHECK_EQ_INT(in.exit_kind, RNS_WAIT_EXITED);
        CHECK_EQ_INT(in.exit_code, 6);
        CHECK_EQ_INT(in.pid, 0);
        in = process_info();
        CHECK_EQ_INT(rns_pidfd_info_mask(fd, RNS_PIDFD_INFO_EXIT | RNS_PIDFD_INFO_PID, &in), 0);
        CHECK(in.mask == RNS_PIDFD_INFO_EXIT);
    } else {
        CHECK_ERR(r, -ESRCH); /* a kernel before 6.15 keeps no exit status */
    }
    /* Bad masks and pointers, before anything is read. */
    in = process_info();
    CHECK_ERR(rns_pidfd_info_mask(fd, 0, &in), -EINVAL);
    CHECK_ERR(rns_pidfd_info_mask(fd, 16, &in), -EINVAL);
    CHECK_ERR(rns_pidfd_info_mask(fd, RNS_PIDFD_INFO_PID, NULL), -EFAULT);
    CHECK_ERR(rns_pidfd_info_mask(-1, RNS_PIDFD_INFO_PID, &in), -EBADF);
    int devnull = (int)CHECK_SYS(open("/dev/null", O_RDONLY | O_CLOEXEC));
    CHECK_ERR(rns_pidfd_info_mask(devnull, RNS_PIDFD_INFO_PID, &in), -EINVAL);
    close(devnull);
    CHECK_EQ_INT(in.pid, 0x5a5a5a5a); /* untouched by the failures */
    close(fd);
}

TEST(pidfd_info_mask_exit_alone, ANY)
{
    NEED_PIDFD();
    in_sandbox(0, info_mask_fn, NULL);
    in_sandbox(SB_NO_PIDFD_INFO, info_mask_fn, NULL);
    sb_done();
}

static void info_errors_fn(void *arg)
{
    (void)arg;
    int fd = (int)CHECK_SYS(raw_pidfd_open(getpid(), 0));
    rns_process_info in = process_info();
    CHECK_ERR(rns_pidfd_info(fd, NULL), -EFAULT);
    in.size = 64;
    CHECK_ERR(rns_pidfd_info(fd, &in), -EINVAL);
    CHECK_EQ_INT(in.size, 64);
    in = process_info();
    CHECK_ERR(rns_pidfd_info(-1, &in), -EBADF);
    int devnull = (int)CHECK_SYS(open("/dev/null", O_RDONLY | O_CLOEXEC));
    CHECK_ERR(rns_pidfd_info(devnull, &in), -EINVAL);
    close(devnull);
    close(fd);
    CHECK_ERR(rns_pidfd_info(fd, &in), -EBADF);
    CHECK_EQ_INT(in.size, sizeof in); /* untouched by the failures */
    CHECK_EQ_INT(in.pid, 0x5a5a5a5a);
}

TEST(pidfd_info_errors, ANY)
{
    NEED_PIDFD();
    in_sandbox(0, info_errors_fn, NULL);
    in_sandbox(SB_NO_PIDFD_INFO, info_errors_fn, NULL);
    sb_done();
}

/* rns_pidfd_ns_open: a child's namespace through its pidfd, the ioctl or /proc. */
struct ns_child {
    pid_t pid;
    int pidfd;
};

static void pidfd_ns_fn(void *arg)
{
    struct ns_child *c = arg;
    int fd = CHECK_OK(rns_pidfd_ns_open(c->pidfd, RNS_CLONE_NEWNET));
    CHECK_CLOEXEC(fd);
    char p[64];
    snprintf(p, sizeof p, "/proc/%d/ns/net", (int)c->pid);
    struct stat a, b;
    CHECK_SYS(fstat(fd, &a));
    CHECK_SYS(stat(p, &b));
    CHECK_EQ_INT(a.st_ino, b.st_ino);
    close(fd);
    snprintf(p, sizeof p, "/proc/%d/ns/pid", (int)c->pid);
    fd = CHECK_OK(rns_pidfd_ns_open(c->pidfd, RNS_CLONE_NEWPID));
    CHECK_SYS(fstat(fd, &a));
    CHECK_SYS(stat(p, &b));
    CHECK_EQ_INT(a.st_ino, b.st_ino);
    close(fd);
    CHECK_ERR(rns_pidfd_ns_open(c->pidfd, RNS_CLONE_NEWNET | RNS_CLONE_NEWUTS), -EINVAL);
    CHECK_ERR(rns_pidfd_ns_open(c->pidfd, 0), -EINVAL);
    CHECK_ERR(rns_pidfd_ns_open(-1, RNS_CLONE_NEWNET), -EBADF);
    int devnull = (int)CHECK_SYS(open("/dev/null", O_RDONLY | O_CLOEXEC));
    CHECK_ERR(rns_pidfd_ns_open(devnull, RNS_CLONE_NEWNET), -EINVAL);
    close(devnull);
    /* after an EINVAL for a non-pidfd, the ioctl path still works (no wrong cache) */
    fd = CHECK_OK(rns_pidfd_ns_open(c->pidfd, RNS_CLONE_NEWNET));
    close(fd);
}

TEST(pidfd_ns_open_child, PRIV)
{
    NEED_PIDFD();
    pid_t pid = (pid_t)CHECK_SYS(h_fork());
    if (pid == 0) {
        if (unshare(CLONE_NEWNET) != 0)
            _exit(1);
        pause();
        _exit(0);
    }
    struct ns_child c = { pid, (int)CHECK_SYS(raw_pidfd_open(pid, 0)) };
    for (int i = 0; i < 100; i++) { /* until it has unshared */
        struct stat a, b;
        char p[64];
        snprintf(p, sizeof p, "/proc/%d/ns/net", (int)pid);
        if (stat(p, &a) == 0 && stat("/proc/self/ns/net", &b) == 0 && a.st_ino != b.st_ino)
            break;
        usleep(10000);
    }
    in_sandbox(0, pidfd_ns_fn, &c);
    in_sandbox(SB_NO_NS_IOCTL, pidfd_ns_fn, &c); /* before 6.11: /proc, then a liveness check */
    kill(pid, SIGKILL);
    CHECK_SYS(waitpid(pid, NULL, 0));
    CHECK_ERR(rns_pidfd_ns_open(c.pidfd, RNS_CLONE_NEWNET), -ESRCH);
    close(c.pidfd);
    sb_done();
}

/* RNS_NS_FOR_CHILDREN: a child that unshared a pid and a time namespace (the ones its
 * children get) and then, on request, forked a first process into the new pid namespace. */
struct fc_child {
    pid_t pid;
    int pidfd, go;
    int forked; /* its first child exists: pid_for_children is populated */
};

/* The inode of /proc/PID/ns/NAME, or 0 when it cannot be opened (errno set). */
static ino_t proc_ns_ino(pid_t pid, const char *name)
{
    char p[64];
    struct stat st;
    snprintf(p, sizeof p, "/proc/%d/ns/%s", (int)pid, name);
    return stat(p, &st) == 0 ? st.st_ino : 0;
}

static void for_children_fn(void *arg)
{
    struct fc_child *c = arg;
    static const struct {
        int type;
        const char *own, *children;
    } k[] = { { RNS_CLONE_NEWPID, "pid", "pid_for_children" },
              { RNS_CLONE_NEWTIME, "time", "time_for_children" } };
    for (int i = 0; i < 2; i++) {
        int nstype = k[i].type | RNS_NS_FOR_CHILDREN;
        ino_t want = proc_ns_ino(c->pid, k[i].children);
        int proc_err = errno;
        int fd = rns_pidfd_ns_open(c->pidfd, nstype);
        int fd2 = rns_ns_open(c->pid, nstype);
        if (!want) {
            /* an unborn pid namespace (no process yet): /proc says ENOENT, so both do */
            CHECK_EQ_INT(proc_err, ENOENT);
            CHECK_ERR(fd, -ENOENT);
            CHECK_ERR(fd2, -ENOENT);
            continue;
        }
        CHECK_OK(fd);
        CHECK_OK(fd2);
        CHECK_CLOEXEC(fd);
        CHECK_EQ_INT(rns_ns_type(fd), k[i].type);
        CHECK_EQ_INT(fd_ino(fd), want);
        CHECK_EQ_INT(fd_ino(fd2), want);
        CHECK_NE_INT(fd_ino(fd), proc_ns_ino(c->pid, k[i].own)); /* not its own */
        close(fd);
        close(fd2);
        /* Without the flag: its own, as before. */
        fd = CHECK_OK(rns_pidfd_ns_open(c->pidfd, k[i].type));
        CHECK_EQ_INT(fd_ino(fd), proc_ns_ino(c->pid, k[i].own));
        close(fd);
    }
    /* For children is for pid and time namespaces only, and only with exactly one type. */
    CHECK_ERR(rns_pidfd_ns_open(c->pidfd, RNS_CLONE_NEWNET | RNS_NS_FOR_CHILDREN), -EINVAL);
    CHECK_ERR(rns_pidfd_ns_open(c->pidfd, RNS_NS_FOR_CHILDREN), -EINVAL);
    CHECK_ERR(rns_pidfd_ns_open(c->pidfd, RNS_CLONE_NEWPID | RNS_CLONE_NEWTIME | RNS_NS_FOR_CHILDREN),
              -EINVAL);
    CHECK_ERR(rns_ns_open(c->pid, RNS_CLONE_NEWUTS | RNS_NS_FOR_CHILDREN), -EINVAL);
    CHECK_ERR(rns_pidfd_ns_open(-1, RNS_CLONE_NEWPID | RNS_NS_FOR_CHILDREN), -EBADF);
}

/* Our own thread's for-children namespaces, as /proc/thread-self/ns shows them. */
static void own_for_children(void)
{
    int fd = CHECK_OK(rns_ns_open(0, RNS_CLONE_NEWTIME | RNS_NS_FOR_CHILDREN));
    CHECK_EQ_INT(fd_ino(fd), proc_ns_ino(getpid(), "time_for_children"));
    close(fd);
}

TEST(pidfd_ns_open_for_children, PRIV)
{
    NEED_PIDFD();
    own_for_children();
    int ready[2], go[2];
    CHECK_SYS(pipe2(ready, O_CLOEXEC));
    CHECK_SYS(pipe2(go, O_CLOEXEC));
    pid_t pid = (pid_t)CHECK_SYS(h_fork());
    if (pid == 0) {
        char ch = unshare(CLONE_NEWPID | CLONE_NEWTIME) == 0 ? 'u' : 'e';
        write_all(ready[1], &ch, 1);
        if (read(go[0], &ch, 1) == 1) { /* make the first process of the new namespace */
            pid_t g = fork();
            if (g == 0) {
                pause();
                _exit(0);
            }
            ch = g > 0 ? 'f' : 'e';
            write_all(ready[1], &ch, 1);
        }
        pause();
        _exit(0);
    }
    char ch;
    read_all(ready[0], &ch, 1);
    if (ch != 'u') {
        kill_and_reap(pid);
        FAIL("the child could not unshare a pid and a time namespace");
    }
    struct fc_child c = { pid, (int)CHECK_SYS(raw_pidfd_open(pid, 0)), go[1], 0 };
    in_sandbox(0, for_children_fn, &c);
    in_sandbox(SB_NO_NS_IOCTL, for_children_fn, &c);
    write_all(go[1], "g", 1);
    read_all(ready[0], &ch, 1);
    CHECK_EQ_INT(ch, 'f');
    CHECK(proc_ns_ino(pid, "pid_for_children") != 0);
    in_sandbox(0, for_children_fn, &c);
    in_sandbox(SB_NO_NS_IOCTL, for_children_fn, &c);
    kill_and_reap(pid);
    CHECK_ERR(rns_pidfd_ns_open(c.pidfd, RNS_CLONE_NEWPID | RNS_NS_FOR_CHILDREN), -ESRCH);
    close(c.pidfd);
    sb_done();
}

static int run_nothing(void *arg)
{
    (void)arg;
    return 0;
}

/* The calls that use a pidfd as an fd (an ioctl, setns, waitid, a duplicate) cannot take the
 * PIDFD_SELF_* sentinels, which are no fds: -EBADF, as the kernel answers setns and the pidfd
 * ioctls on them. */
TEST(pidfd_self_where_an_fd_is_needed, ANY)
{
    static const int self[] = { RNS_PIDFD_SELF_THREAD, RNS_PIDFD_SELF_THREAD_GROUP };
    for (int i = 0; i < 2; i++) {
        int fd = self[i];
        errno = 0;
        CHECK_EQ_INT(setns(fd, 0), -1); /* the kernel's own answer */
        CHECK_EQ_INT(errno, EBADF);
        rns_wait_status st = wait_status();
        CHECK_ERR(rns_pidfd_wait(fd, RNS_WEXITED | RNS_WNOHANG, &st), -EBADF);
        CHECK_ERR(rns_pidfd_getpid(fd), -EBADF);
        rns_process_info in = process_info();
        CHECK_ERR(rns_pidfd_info(fd, &in), -EBADF);
        CHECK_ERR(rns_pidfd_ns_open(fd, RNS_CLONE_NEWNET), -EBADF);
        CHECK_ERR(rns_setns(fd, RNS_CLONE_NEWNET), -EBADF);
        rns_ns_saved *saved = NULL;
        CHECK_ERR(rns_ns_enter(fd, RNS_CLONE_NEWNET, &saved), -EBADF);
        int res = 0;
        CHECK_ERR(rns_run_in_ns(fd, RNS_CLONE_NEWNET, run_nothing, NULL, &res), -EBADF);
        rns_spawn_attr *a = NULL;
        CHECK_EQ_INT(rns_spawn_attr_new(&a), 0);
        CHECK_ERR(rns_spawn_attr_set_join(a, fd, RNS_CLONE_NEWNET), -EBADF);
        rns_spawn_attr_free(a);
        rns_waiter *w = NULL;
        CHECK_EQ_INT(rns_waiter_new(&w), 0);
        CHECK_ERR(rns_waiter_add(w, fd, 1, 0), -EBADF);
        CHECK_EQ_INT(rns_waiter_free(w), 0);
    }
}

/* ---- rns_waiter_new, rns_waiter_fd, rns_waiter_add, rns_waiter_free ------------ */

/* Reads n records (waiting up to 10 s in all) from a waiter fd. */
static void read_events(int fd, rns_exit_event *ev, int n)
{
    for (int got = 0; got < n;) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        if (poll(&p, 1, 10000) != 1)
            FAIL("only %d of %d exit records arrived within 10 s", got, n);
        ssize_t r = read(fd, &ev[got], (size_t)(n - got) * sizeof *ev);
        if (r < 0 && errno == EAGAIN)
            continue;
        CHECK(r > 0 && r % (ssize_t)sizeof *ev == 0);
        got += (int)(r / (ssize_t)sizeof *ev);
    }
}

/* Children that exit with codes 0..N-1 and one killed: each reported once with its token
 * and status; the caller never blocks; the children are reaped (no zombies left). */
TEST(waiter_children, ANY)
{
    NEED_PIDFD();
    enum { N = 64 };
    rns_waiter *w = NULL;
    CHECK_EQ_INT(rns_waiter_new(&w), 0);
    int fd = CHECK_OK(rns_waiter_fd(w));
    CHECK_CLOEXEC(fd);
    CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
    pid_t pids[N + 1];
    int go[2];
    CHECK_SYS(pipe2(go, O_CLOEXEC));
    for (int i = 0; i < N; i++) {
        pids[i] = (pid_t)CHECK_SYS(h_fork());
        if (pids[i] == 0) {
            char c;
            close(go[1]); /* so that the parent's close is the last: EOF for all */
            while (read(go[0], &c, 1) < 0 && errno == EINTR)
                ;
            _exit(i);
        }
        int pfd = (int)CHECK_SYS(raw_pidfd_open(pids[i], 0));
        CHECK_EQ_INT(rns_waiter_add(w, pfd, 1000 + (uint64_t)i, 0), 0);
        close(pfd); /* the waiter keeps its own */
    }
    pids[N] = start_sleeper();
    int pfd = (int)CHECK_SYS(raw_pidfd_open(pids[N], 0));
    CHECK_EQ_INT(rns_waiter_add(w, pfd, 7777, 0), 0);
    close(pfd);
    rns_exit_event ev[N + 1];
    CHECK_EQ_INT(read(fd, ev, sizeof ev), -1); /* nothing yet, and no blocking */
    close(go[1]);
    CHECK_SYS(kill(pids[N], SIGKILL));
    read_events(fd, ev, N + 1);
    int seen[N + 1] = { 0 };
    for (int k = 0; k <= N; k++) {
        CHECK_EQ_INT(ev[k].error, 0);
        if (ev[k].token == 7777) {
            CHECK_EQ_INT(ev[k].kind, RNS_WAIT_KILLED);
            CHECK_EQ_INT(ev[k].code, SIGKILL);
            CHECK_EQ_INT(ev[k].pid, pids[N]);
            seen[N]++;
            continue;
        }
        int i = (int)(ev[k].token - 1000);
        CHECK(i >= 0 && i < N);
        CHECK_EQ_INT(ev[k].kind, RNS_WAIT_EXITED);
        CHECK_EQ_INT(ev[k].code, i);
        CHECK_EQ_INT(ev[k].pid, pids[i]);
        seen[i]++;
    }
    for (int i = 0; i <= N; i++)
        CHECK_EQ_INT(seen[i], 1);
    for (int i = 0; i <= N; i++) /* reaped by the waiter */
        CHECK_ERR(waitpid(pids[i], NULL, WNOHANG) < 0 ? -errno : 0, -ECHILD);
    close(go[0]);
    close(fd);
    CHECK_EQ_INT(rns_waiter_free(w), 0);
}

/* RNS_WAITER_NOREAP: reported, and still ours to reap. */
TEST(waiter_noreap_leaves_the_child, ANY)
{
    NEED_PIDFD();
    rns_waiter *w = NULL;
    CHECK_EQ_INT(rns_waiter_new(&w), 0);
    int fd = CHECK_OK(rns_waiter_fd(w));
    int pfd;
    pid_t pid = exiting_child(3, &pfd);
    CHECK_EQ_INT(rns_waiter_add(w, pfd, 42, RNS_WAITER_NOREAP), 0);
    rns_exit_event ev;
    read_events(fd, &ev, 1);
    CHECK_EQ_INT(ev.token, 42);
    CHECK_EQ_INT(ev.kind, RNS_WAIT_EXITED);
    CHECK_EQ_INT(ev.code, 3);
    int st;
    CHECK_EQ_INT(waitpid(pid, &st, 0), pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3);
    close(pfd);
    close(fd);
    CHECK_EQ_INT(rns_waiter_free(w), 0);
}

/* One child reaped by the waiter and one left to us (NOREAP), from the waiter's own thread. */
static void waiter_reap_fn(void *arg)
{
    (void)arg;
    rns_waiter *w = NULL;
    CHECK_EQ_INT(rns_waiter_new(&w), 0);
    int fd = CHECK_OK(rns_waiter_fd(w));
    int reaped_fd, kept_fd;
    pid_t reaped = exiting_child(4, &reaped_fd), kept = exiting_child(6, &kept_fd);
    CHECK_EQ_INT(rns_waiter_add(w, reaped_fd, 1, 0), 0);
    CHECK_EQ_INT(rns_waiter_add(w, kept_fd, 2, RNS_WAITER_NOREAP), 0);
    rns_exit_event ev[2];
    read_events(fd, ev, 2);
    for (int k = 0; k < 2; k++) {
        CHECK_EQ_INT(ev[k].error, 0);
        CHECK_EQ_INT(ev[k].kind, RNS_WAIT_EXITED);
        CHECK_EQ_INT(ev[k].pid, ev[k].token == 1 ? reaped : kept);
        CHECK_EQ_INT(ev[k].code, ev[k].token == 1 ? 4 : 6);
    }
    CHECK_ERR(waitpid(reaped, NULL, WNOHANG) < 0 ? -errno : 0, -ECHILD);
    int st;
    CHECK_EQ_INT(waitpid(kept, &st, 0), kept);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 6);
    close(reaped_fd);
    close(kept_fd);
    close(fd);
    CHECK_EQ_INT(rns_waiter_free(w), 0);
}

/* The waiter on a kernel without waitid(P_PIDFD) (before 5.4) reaps and reports as on a
 * new one, through P_PID. */
TEST(waiter_without_waitid_pidfd, ANY)
{
    NEED_PIDFD();
    in_sandbox(0, waiter_reap_fn, NULL);
    in_sandbox(SB_NO_WAITID_PIDFD, waiter_reap_fn, NULL);
    sb_done();
}

/* Whether this kernel keeps the exit status of a reaped process for its pidfds (6.15). */
static int kernel_keeps_exit_status(void)
{
    int fd;
    pid_t pid = exiting_child(0, &fd);
    CHECK_SYS(waitpid(pid, NULL, 0));
    rns_process_info info;
    memset(&info, 0, sizeof info);
    info.size = sizeof info;
    int r = rns_pidfd_info(fd, &info);
    close(fd);
    return r == 0 && (info.mask & RNS_PIDFD_INFO_EXIT);
}

static volatile int reaper_stop;

/* Reaps every child of the process as soon as it exits, as libuv's SIGCHLD handler does. */
static void *spin_reaper(void *arg)
{
    int *reaped = arg;
    while (!reaper_stop) {
        if (waitpid(-1, NULL, WNOHANG) > 0)
            (*reaped)++;
        else
            sched_yield();
    }
    return NULL;
}

/* Another thread reaps our children while the waiter watches them (the race seen in CI
 * with Node's libuv): each child is still reported once with its exit status where the
 * kernel keeps it (6.15), else with ECHILD, and never an invented status. */
TEST(waiter_races_another_reaper, ANY)
{
    NEED_PIDFD();
    enum { N = 200 };
    int keeps = kernel_keeps_exit_status();
    rns_waiter *w = NULL;
    CHECK_EQ_INT(rns_waiter_new(&w), 0);
    int fd = CHECK_OK(rns_waiter_fd(w));
    int go[2];
    CHECK_SYS(pipe2(go, O_CLOEXEC));
    pid_t pids[N];
    for (int i = 0; i < N; i++) {
        pids[i] = (pid_t)CHECK_SYS(h_fork());
        if (pids[i] == 0) {
            char c;
            close(go[1]);
            while (read(go[0], &c, 1) < 0 && errno == EINTR)
                ;
            _exit(i % 100);
        }
        int pfd = (int)CHECK_SYS(raw_pidfd_open(pids[i], 0));
        CHECK_EQ_INT(rns_waiter_add(w, pfd, (uint64_t)i, 0), 0);
        close(pfd);
    }
    int reaped = 0;
    pthread_t th;
    reaper_stop = 0;
    CHECK(pthread_create(&th, NULL, spin_reaper, &reaped) == 0);
    close(go[1]);
    rns_exit_event ev[N];
    read_events(fd, ev, N);
    reaper_stop = 1;
    pthread_join(th, NULL);
    int seen[N] = { 0 }, echild = 0;
    for (int k = 0; k < N; k++) {
        CHECK(ev[k].token < N);
        int i = (int)ev[k].token;
        seen[i]++;
        CHECK_EQ_INT(ev[k].pid, pids[i]);
        if (ev[k].kind == RNS_WAIT_NONE) {
            CHECK_EQ_INT(ev[k].error, ECHILD);
            echild++;
            continue;
        }
        CHECK_EQ_INT(ev[k].error, 0);
        CHECK_EQ_INT(ev[k].kind, RNS_WAIT_EXITED);
        CHECK_EQ_INT(ev[k].code, i % 100);
    }
    for (int i = 0; i < N; i++)
        CHECK_EQ_INT(seen[i], 1);
    if (keeps && echild)
        FAIL("%d of %d children reaped by the other thread (%d in all) were reported as ECHILD on a kernel that keeps exit statuses",
             echild, N, reaped);
    errno = 0;
    CHECK(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD); /* all reaped, by one or the other */
    close(go[0]);
    close(fd);
    CHECK_EQ_INT(rns_waiter_free(w), 0);
    if (!keeps)
        PASS_NOTE("this kernel keeps no exit status of a reaped process (before 6.15): %d of %d reported as ECHILD", echild, N);
    else
        PASS_NOTE("%d of %d children were reaped by the other thread; every one reported with its status", reaped, N);
}

/* A process that is not our child, reaped by its parent: its exit status from the kernel
 * (Linux 6.15), or RNS_WAIT_NONE with ECHILD before; never invented. */
TEST(waiter_not_a_child, ANY)
{
    NEED_PIDFD();
    rns_waiter *w = NULL;
    CHECK_EQ_INT(rns_waiter_new(&w), 0);
    int fd = CHECK_OK(rns_waiter_fd(w));
    int ctl;
    pid_t middle, g = grandchild(9, &ctl, &middle);
    int pfd = (int)CHECK_SYS(raw_pidfd_open(g, 0));
    CHECK_EQ_INT(rns_waiter_add(w, pfd, 5, 0), 0);
    close(ctl);
    rns_exit_event ev;
    read_events(fd, &ev, 1);
    CHECK_EQ_INT(ev.token, 5);
    if (ev.kind == RNS_WAIT_NONE) {
        CHECK_EQ_INT(ev.error, ECHILD);
        PASS_NOTE("this kernel keeps no exit status of a reaped process (before 6.15): ECHILD reported");
    }
    CHECK_EQ_INT(ev.error, 0);
    CHECK_EQ_INT(ev.kind, RNS_WAIT_EXITED);
    CHECK_EQ_INT(ev.code, 9);
    CHECK_EQ_INT(ev.pid, g);
    CHECK_SYS(waitpid(middle, NULL, 0));
    close(pfd);
    close(fd);
    CHECK_EQ_INT(rns_waiter_free(w), 0);
}

/* Bad input; free with processes still pending; the thread blocks no signal of ours. */
TEST(waiter_errors_and_free_pending, ANY)
{
    NEED_PIDFD();
    int before = count_open_fds();
    CHECK_ERR(rns_waiter_new(NULL), -EFAULT);
    CHECK_ERR(rns_waiter_fd(NULL), -EFAULT);
    CHECK_ERR(rns_waiter_add(NULL, 0, 0, 0), -EFAULT);
    CHECK_ERR(rns_waiter_free(NULL), -EFAULT);
    rns_waiter *w = NULL;
    CHECK_EQ_INT(rns_waiter_new(&w), 0);
    pid_t pid = start_sleeper();
    int pfd = (int)CHECK_SYS(raw_pidfd_open(pid, 0));
    CHECK_ERR(rns_waiter_add(w, pfd, 1, 2), -EINVAL);
    CHECK_ERR(rns_waiter_add(w, -1, 1, 0), -EBADF);
    int devnull = (int)CHECK_SYS(open("/dev/null", O_RDONLY | O_CLOEXEC));
    CHECK_ERR(rns_waiter_add(w, devnull, 1, 0), -EINVAL);
    close(devnull);
    CHECK_EQ_INT(rns_waiter_add(w, pfd, 1, 0), 0);
    CHECK_EQ_INT(rns_waiter_free(w), 0); /* the sleeper still runs */
    struct pollfd p = { .fd = pfd, .events = POLLIN };
    CHECK_EQ_INT(poll(&p, 1, 0), 0);
    close(pfd);
    kill_and_reap(pid);
    CHECK_EQ_INT(count_open_fds(), before);
}

/* rns_waiter_add from several threads at once, while the waiter reports: every child
 * reported once. */
struct waiter_adder {
    rns_waiter *w;
    int base;
    pid_t pids[16];
    int fail;
};

static void *waiter_adder_main(void *arg)
{
    struct waiter_adder *a = arg;
    for (int i = 0; i < 16; i++) {
        pid_t pid = fork();
        if (pid == 0)
            _exit(i);
        a->pids[i] = pid;
        int fd = (int)syscall(SYS_pidfd_open, pid, 0);
        if (fd < 0 || rns_waiter_add(a->w, fd, (uint64_t)(a->base + i), 0) != 0)
            a->fail = 1;
        if (fd >= 0)
            close(fd);
    }
    return NULL;
}

TEST(waiter_add_from_threads, ANY)
{
    NEED_PIDFD();
    rns_waiter *w = NULL;
    CHECK_EQ_INT(rns_waiter_new(&w), 0);
    int fd = CHECK_OK(rns_waiter_fd(w));
    struct waiter_adder a[4];
    pthread_t th[4];
    for (int t = 0; t < 4; t++) {
        a[t] = (struct waiter_adder){ .w = w, .base = 100 * t };
        CHECK_EQ_INT(pthread_create(&th[t], NULL, waiter_adder_main, &a[t]), 0);
    }
    for (int t = 0; t < 4; t++) {
        pthread_join(th[t], NULL);
        CHECK_EQ_INT(a[t].fail, 0);
    }
    rns_exit_event ev[64];
    read_events(fd, ev, 64);
    int seen[4][16] = { { 0 } };
    for (int k = 0; k < 64; k++) {
        int t = (int)ev[k].token / 100, i = (int)ev[k].token % 100;
        CHECK(t >= 0 && t < 4 && i >= 0 && i < 16);
        CHECK_EQ_INT(ev[k].kind, RNS_WAIT_EXITED);
        CHECK_EQ_INT(ev[k].code, i);
        CHECK_EQ_INT(ev[k].pid, a[t].pids[i]);
        seen[t][i]++;
    }
    for (int t = 0; t < 4; t++)
        for (int i = 0; i < 16; i++)
            CHECK_EQ_INT(seen[t][i], 1);
    close(fd);
    CHECK_EQ_INT(rns_waiter_free(w), 0);
}
