/*
 * test_pgrp.c - process groups, sessions, terminals (src/pgrp.rs):
 *
 *   rns_setpgid, rns_getpgid, rns_setpgrp, rns_getpgrp, rns_setsid, rns_getsid,
 *   rns_tcgetpgrp, rns_tcsetpgrp, rns_killpg
 *
 * Part of the test_rns program (test_rns.c runs it; helpers.h, harness.h).
 */
#define _GNU_SOURCE
#include <sys/ioctl.h>
#include <termios.h>

#include "helpers.h"

/* A child placed into its own process group (set on both sides: no race). */
static pid_t start_group_leader_child(void)
{
    pid_t pid = (pid_t)CHECK_SYS(h_fork());
    if (pid == 0) {
        setpgid(0, 0);
        for (;;)
            pause();
    }
    CHECK_SYS(setpgid(pid, pid));
    return pid;
}

/* A child that became leader of a new session; parent waits for that. */
static pid_t start_session_leader_child(void)
{
    int p[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    pid_t pid = (pid_t)CHECK_SYS(h_fork());
    if (pid == 0) {
        char ok = setsid() == getpid();
        if (write(p[1], &ok, 1) != 1)
            _exit(1);
        for (;;)
            pause();
    }
    close(p[1]);
    char ok = 0;
    read_all(p[0], &ok, 1);
    close(p[0]);
    CHECK(ok == 1);
    return pid;
}

/* ---- rns_setpgid -------------------------------------------------------- */

TEST(pg_setpgid_self_new_group, ANY)
{
    CHECK_NE_INT(getpgrp(), getpid()); /* the case child is not a leader yet */
    CHECK_EQ_INT(rns_setpgid(0, 0), 0);
    CHECK_EQ_INT(getpgid(0), getpid());
    CHECK_EQ_INT(rns_setpgid(getpid(), getpid()), 0); /* already there: fine */
    CHECK_EQ_INT(getpgid(0), getpid());
}

TEST(pg_setpgid_child_and_back, ANY)
{
    pid_t child = start_sleeper();
    pid_t mine = getpgrp();
    CHECK_EQ_INT(getpgid(child), mine);
    CHECK_EQ_INT(rns_setpgid(child, child), 0);
    CHECK_EQ_INT(getpgid(child), child);
    CHECK_EQ_INT(rns_setpgid(child, mine), 0); /* back into our group */
    CHECK_EQ_INT(getpgid(child), mine);
    CHECK_EQ_INT(rns_setpgid(child, 0), 0); /* pgid 0 = the child's pid */
    CHECK_EQ_INT(getpgid(child), child);
    kill_and_reap(child);
}

TEST(pg_setpgid_errors, ANY)
{
    pid_t gone = gone_pid();
    CHECK_ERR(rns_setpgid(0, -1), -EINVAL);
    CHECK_ERR(rns_setpgid(0, INT_MIN), -EINVAL);
    CHECK_ERR(rns_setpgid(-1, 0), -EINVAL);
    /* the runner is our parent: neither us nor our child */
    CHECK_ERR(rns_setpgid(getppid(), 0), -ESRCH);
    CHECK_ERR(rns_setpgid(gone, 0), -ESRCH);
    /* no process group with that id */
    CHECK_ERR(rns_setpgid(0, gone), -EPERM);
    CHECK_EQ_INT(getpgid(0), getpgid(getppid())); /* unchanged */
}

/* Moving a session leader: -EPERM (a child that did setsid, and ourselves). */
TEST(pg_setpgid_session_leader_eperm, ANY)
{
    pid_t child = start_session_leader_child();
    CHECK_ERR(rns_setpgid(child, child), -EPERM);
    kill_and_reap(child);
    CHECK_SYS(setsid());
    CHECK_ERR(rns_setpgid(0, 0), -EPERM);
}

/* Joining a group that belongs to another session: -EPERM. */
TEST(pg_setpgid_other_session_eperm, ANY)
{
    pid_t child = start_session_leader_child(); /* group `child` in another session */
    CHECK_ERR(rns_setpgid(0, child), -EPERM);
    CHECK_NE_INT(getpgrp(), child);
    kill_and_reap(child);
}

/* A child that already called execve: -EACCES. */
TEST(pg_setpgid_execed_child_eacces, ANY)
{
    int p[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    pid_t child = (pid_t)CHECK_SYS(h_fork());
    if (child == 0) {
        close(p[0]);
        execlp("sleep", "sleep", "30", (char *)NULL);
        int e = errno;
        if (write(p[1], &e, sizeof e) < 0)
            _exit(126);
        _exit(127);
    }
    close(p[1]);
    int e = 0;
    ssize_t n = read(p[0], &e, sizeof e); /* EOF once exec closed the O_CLOEXEC end */
    close(p[0]);
    if (n != 0)
        FAIL("child could not exec sleep: %s", strerror(e));
    CHECK_ERR(rns_setpgid(child, child), -EACCES);
    CHECK_EQ_INT(getpgid(child), getpgrp());
    kill_and_reap(child);
}

/* ---- rns_getpgid / rns_setpgrp / rns_getpgrp ---------------------------- */

TEST(pg_getpgid, ANY)
{
    CHECK_EQ_INT(rns_getpgid(0), getpgid(0));
    CHECK_EQ_INT(rns_getpgid(getpid()), getpgrp());
    pid_t child = start_group_leader_child();
    CHECK_EQ_INT(rns_getpgid(child), child);
    kill_and_reap(child);
}

TEST(pg_getpgid_nonexistent_esrch, ANY)
{
    CHECK_ERR(rns_getpgid(gone_pid()), -ESRCH);
    CHECK_ERR(rns_getpgid(beyond_pid_max()), -ESRCH);
    CHECK_ERR(rns_getpgid(-1), -ESRCH);
}

TEST(pg_setpgrp, ANY)
{
    CHECK_NE_INT(getpgrp(), getpid());
    CHECK_EQ_INT(rns_setpgrp(), 0);
    CHECK_EQ_INT(getpgrp(), getpid());
}

/* setpgrp() on a session leader: it cannot move, -EPERM. */
TEST(pg_setpgrp_session_leader_eperm, ANY)
{
    CHECK_SYS(setsid());
    CHECK_ERR(rns_setpgrp(), -EPERM);
}

TEST(pg_getpgrp, ANY)
{
    pid_t before = getpgrp();
    CHECK_EQ_INT(rns_getpgrp(), before);
    CHECK_SYS(setpgid(0, 0));
    CHECK_EQ_INT(rns_getpgrp(), getpid());
}

/* ---- rns_setsid / rns_getsid -------------------------------------------- */

TEST(pg_setsid, ANY)
{
    CHECK_NE_INT(getsid(0), getpid());
    CHECK_EQ_INT(rns_setsid(), getpid());
    CHECK_EQ_INT(getsid(0), getpid());
    CHECK_EQ_INT(getpgrp(), getpid());
    CHECK_ERR(rns_setsid(), -EPERM); /* now a group (and session) leader */
}

TEST(pg_setsid_group_leader_eperm, ANY)
{
    pid_t sid = getsid(0);
    CHECK_SYS(setpgid(0, 0));
    CHECK_ERR(rns_setsid(), -EPERM);
    CHECK_EQ_INT(getsid(0), sid);
}

TEST(pg_getsid, ANY)
{
    CHECK_EQ_INT(rns_getsid(0), getsid(0));
    CHECK_EQ_INT(rns_getsid(getpid()), getsid(0));
    pid_t child = start_session_leader_child();
    CHECK_EQ_INT(rns_getsid(child), child);
    kill_and_reap(child);
    CHECK_ERR(rns_getsid(gone_pid()), -ESRCH);
    CHECK_ERR(rns_getsid(beyond_pid_max()), -ESRCH);
    CHECK_ERR(rns_getsid(-1), -ESRCH);
}

/* ---- rns_tcgetpgrp / rns_tcsetpgrp (on a pty) --------------------------- */

/* Become a session leader with a new pty slave as controlling terminal. */
static int setup_ctty(int *master)
{
    CHECK_SYS(setsid());
    int m = (int)CHECK_SYS(posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
    CHECK_SYS(grantpt(m));
    CHECK_SYS(unlockpt(m));
    char *name = ptsname(m);
    CHECK(name != NULL);
    int s = (int)CHECK_SYS(open(name, O_RDWR | O_NOCTTY | O_CLOEXEC));
    CHECK_SYS(ioctl(s, TIOCSCTTY, 0));
    *master = m;
    return s;
}

TEST(pg_tcgetpgrp_tcsetpgrp_pty, ANY)
{
    int m;
    int s = setup_ctty(&m);
    CHECK_EQ_INT(rns_tcgetpgrp(s), getpgrp());

    /* a second group in our session becomes the foreground group */
    pid_t child = start_group_leader_child();
    CHECK_EQ_INT(rns_tcsetpgrp(s, child), 0);
    CHECK_EQ_INT(rns_tcgetpgrp(s), child);
    CHECK_EQ_INT(tcgetpgrp(s), child);

    /* back to us: we are in the background now, so ignore SIGTTOU */
    signal(SIGTTOU, SIG_IGN);
    CHECK_EQ_INT(rns_tcsetpgrp(s, getpgrp()), 0);
    CHECK_EQ_INT(tcgetpgrp(s), getpgrp());
    kill_and_reap(child);
    /* m stays open: closing the master would hang up our session (SIGHUP) */
}

TEST(pg_tcgetpgrp_errors, ANY)
{
    CHECK_ERR(rns_tcgetpgrp(-1), -EBADF);
    CHECK_ERR(rns_tcgetpgrp(regular_file_fd()), -ENOTTY);
    /* a terminal that is not our controlling terminal */
    int m = (int)CHECK_SYS(posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
    CHECK_SYS(grantpt(m));
    CHECK_SYS(unlockpt(m));
    int s = (int)CHECK_SYS(open(ptsname(m), O_RDWR | O_NOCTTY | O_CLOEXEC));
    CHECK_ERR(rns_tcgetpgrp(s), -ENOTTY);
}

TEST(pg_tcsetpgrp_errors, ANY)
{
    int m;
    int s = setup_ctty(&m);
    pid_t fg = getpgrp();
    CHECK_ERR(rns_tcsetpgrp(s, -1), -EINVAL);
    CHECK_ERR(rns_tcsetpgrp(s, INT_MIN), -EINVAL);
    CHECK_ERR(rns_tcsetpgrp(-1, fg), -EBADF);
    CHECK_ERR(rns_tcsetpgrp(regular_file_fd(), fg), -ENOTTY);
    /* kernel errors passed through: no such group, group of another session */
    CHECK_ERR(rns_tcsetpgrp(s, gone_pid()), -ESRCH);
    pid_t other = start_session_leader_child();
    CHECK_ERR(rns_tcsetpgrp(s, other), -EPERM);
    kill_and_reap(other);
    CHECK_EQ_INT(tcgetpgrp(s), fg); /* foreground group unchanged */
}

/* ---- rns_killpg --------------------------------------------------------- */

/* Every member of the target group gets the signal. */
TEST(pg_killpg_signals_whole_group, ANY)
{
    pid_t leader = start_group_leader_child();
    pid_t member = (pid_t)CHECK_SYS(h_fork());
    if (member == 0) {
        setpgid(0, leader);
        for (;;)
            pause();
    }
    CHECK_SYS(setpgid(member, leader));
    CHECK_EQ_INT(rns_killpg(leader, 0), 0); /* signal 0: existence check */
    CHECK_EQ_INT(rns_killpg(leader, SIGTERM), 0);
    expect_killed_by(leader, SIGTERM);
    expect_killed_by(member, SIGTERM);
}

/* pgrp 0 = the caller's own group (we first move into a private group so
 * the runner is never hit). */
TEST(pg_killpg_zero_is_own_group, ANY)
{
    CHECK_SYS(setpgid(0, 0));
    CHECK_EQ_INT(getpgrp(), getpid());
    pid_t member = (pid_t)CHECK_SYS(h_fork());
    if (member == 0) {
        for (;;)
            pause();
    }
    sigset_t set, pend;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    CHECK_SYS(sigprocmask(SIG_BLOCK, &set, NULL));
    CHECK_EQ_INT(rns_killpg(0, SIGUSR1), 0);
    CHECK_SYS(sigpending(&pend));
    CHECK(sigismember(&pend, SIGUSR1));
    expect_killed_by(member, SIGUSR1);
}

TEST(pg_killpg_errors, ANY)
{
    CHECK_SYS(setpgid(0, 0)); /* private group: a wrong signal hits only us */
    CHECK_ERR(rns_killpg(-1, 0), -EINVAL);
    CHECK_ERR(rns_killpg(-getpgrp(), 0), -EINVAL);
    CHECK_ERR(rns_killpg(1, 0), -EINVAL); /* refused: would be kill(-1) */
    CHECK_ERR(rns_killpg(gone_pid(), 0), -ESRCH);
    CHECK_ERR(rns_killpg(getpgrp(), 99999), -EINVAL);
    CHECK_ERR(rns_killpg(getpgrp(), -1), -EINVAL);
    CHECK_ERR(rns_killpg(getpgrp(), 65), -EINVAL); /* above SIGRTMAX */
}
