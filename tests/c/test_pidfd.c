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
#include <sys/stat.h>

#include "helpers.h"

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

/* Another user's process may not be signalled: -EPERM (probe signal 0). */
TEST(pidfd_send_signal_other_user_eperm, UNPRIV)
{
    int fd = pidfd_for(foreign_pid(), 0);
    CHECK_PIDFD_ERR(rns_pidfd_send_signal(fd, 0, 0), -EPERM);
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
