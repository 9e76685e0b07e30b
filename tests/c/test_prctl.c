/*
 * test_prctl.c - process attributes (src/prctl.rs):
 *
 *   rns_set_pdeathsig, rns_get_pdeathsig, rns_set_child_subreaper, rns_get_child_subreaper,
 *   rns_set_no_new_privs, rns_get_no_new_privs
 *
 * What each one affects is checked here, on this kernel: the parent-death signal and
 * no_new_privs are per thread, the subreaper is per process; the death signal really comes
 * when the creating thread exits, and a set*id change clears it; an orphan really is
 * reparented to the subreaper.
 *
 * Note: every case child already has PR_SET_PDEATHSIG SIGKILL (the harness sets it), and
 * under tests/sandbox/rns-sandbox --nopidfd the whole suite runs with no_new_privs set.
 *
 * Part of the test_rns program (test_rns.c runs it; helpers.h, harness.h).
 */
#define _GNU_SOURCE
#include <poll.h>

#include "helpers.h"

/* The raw reads, to compare with the library's. */
static int raw_get_pdeathsig(void)
{
    int sig = -1;
    CHECK_SYS(prctl(PR_GET_PDEATHSIG, &sig, 0, 0, 0));
    return sig;
}

static int raw_get_subreaper(void)
{
    int on = -1;
    CHECK_SYS(prctl(PR_GET_CHILD_SUBREAPER, &on, 0, 0, 0));
    return on;
}

/* The "NoNewPrivs:" field of /proc/thread-self/status (Linux 4.10+), -1 if absent. */
static int status_no_new_privs(void)
{
    FILE *f = fopen("/proc/thread-self/status", "re");
    if (!f)
        FAIL("open /proc/thread-self/status: %s", strerror(errno));
    char line[256];
    int v = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "NoNewPrivs: %d", &v) == 1)
            break;
    fclose(f);
    return v;
}

/* Reads one byte from fd, failing the case after `ms` milliseconds without one. */
static char read_byte_within(int fd, int ms)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };
    int r = poll(&p, 1, ms);
    if (r < 0)
        FAIL("poll: %s", strerror(errno));
    if (r == 0)
        FAIL("nothing came through the pipe in %d ms", ms);
    char c = 0;
    if (read(fd, &c, 1) != 1)
        FAIL("read from the pipe: %s", strerror(errno));
    return c;
}

/* A grandchild's SIGUSR1 handler writes 'U' here. */
static int report_fd = -1;

static void on_usr1(int sig)
{
    (void)sig;
    char c = 'U';
    if (write(report_fd, &c, 1) != 1)
        _exit(3);
    _exit(0);
}

static void catch_usr1(void)
{
    struct sigaction sa = { .sa_handler = on_usr1 };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
}

/* ---- rns_set_pdeathsig / rns_get_pdeathsig ------------------------------ */

TEST(prctl_pdeathsig_round_trip, ANY)
{
    CHECK_EQ_INT(rns_get_pdeathsig(), raw_get_pdeathsig()); /* SIGKILL, from the harness */
    CHECK_EQ_INT(rns_set_pdeathsig(0), 0);
    CHECK_EQ_INT(rns_get_pdeathsig(), 0);
    CHECK_EQ_INT(raw_get_pdeathsig(), 0);
    CHECK_EQ_INT(rns_set_pdeathsig(SIGUSR1), 0);
    CHECK_EQ_INT(rns_get_pdeathsig(), SIGUSR1);
    CHECK_EQ_INT(raw_get_pdeathsig(), SIGUSR1);
    CHECK_EQ_INT(rns_set_pdeathsig(64), 0); /* the highest signal */
    CHECK_EQ_INT(rns_get_pdeathsig(), 64);
    CHECK_EQ_INT(rns_set_pdeathsig(SIGKILL), 0);
    CHECK_EQ_INT(rns_get_pdeathsig(), SIGKILL);
}

TEST(prctl_pdeathsig_errors, ANY)
{
    CHECK_EQ_INT(rns_set_pdeathsig(SIGUSR2), 0);
    CHECK_ERR(rns_set_pdeathsig(65), -EINVAL);
    CHECK_ERR(rns_set_pdeathsig(-1), -EINVAL);
    CHECK_ERR(rns_set_pdeathsig(INT_MIN), -EINVAL);
    CHECK_ERR(rns_set_pdeathsig(INT_MAX), -EINVAL);
    CHECK_EQ_INT(rns_get_pdeathsig(), SIGUSR2); /* unchanged */
    CHECK_EQ_INT(raw_get_pdeathsig(), SIGUSR2);
}

static void get_pdeathsig_fn(void *arg)
{
    *(int *)arg = rns_get_pdeathsig();
}

static void set_usr2_fn(void *arg)
{
    *(int *)arg = rns_set_pdeathsig(SIGUSR2);
}

/* The setting is the calling thread's: another thread reads its own. */
TEST(prctl_pdeathsig_per_thread, ANY)
{
    struct worker w;
    worker_start(&w);
    CHECK_EQ_INT(rns_set_pdeathsig(SIGUSR1), 0);
    int other = -1;
    worker_run(&w, get_pdeathsig_fn, &other);
    CHECK_EQ_INT(other, 0);
    int r = -1;
    worker_run(&w, set_usr2_fn, &r);
    CHECK_EQ_INT(r, 0);
    worker_run(&w, get_pdeathsig_fn, &other);
    CHECK_EQ_INT(other, SIGUSR2);
    CHECK_EQ_INT(rns_get_pdeathsig(), SIGUSR1); /* ours unchanged */
    worker_stop(&w);
}

/* A grandchild whose pdeathsig a second thread set gets it, as a process, when its parent
 * process exits; its main thread reads 0 meanwhile. */
struct pd_thread {
    int ready[2];
};

static void *pdeathsig_setter(void *arg)
{
    struct pd_thread *t = arg;
    char c = rns_set_pdeathsig(SIGUSR1) == 0 && rns_get_pdeathsig() == SIGUSR1 ? 'T' : 't';
    if (write(t->ready[1], &c, 1) != 1)
        _exit(4);
    for (;;)
        pause(); /* stays alive: the setting dies with its thread */
    return NULL;
}

TEST(prctl_pdeathsig_delivered_on_parent_exit, ANY)
{
    int p[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    pid_t parent = (pid_t)CHECK_SYS(h_fork());
    if (parent == 0) {
        pid_t gc = fork();
        if (gc < 0)
            _exit(1);
        if (gc == 0) {
            alarm(10);
            report_fd = p[1];
            catch_usr1();
            struct pd_thread t;
            if (pipe(t.ready) != 0)
                _exit(5);
            pthread_t th;
            if (pthread_create(&th, NULL, pdeathsig_setter, &t) != 0)
                _exit(6);
            char c = 0;
            if (read(t.ready[0], &c, 1) != 1)
                _exit(7);
            if (c == 'T' && rns_get_pdeathsig() != 0) /* the main thread has none */
                c = 'm';
            if (write(p[1], &c, 1) != 1)
                _exit(8);
            for (;;)
                pause();
        }
        for (;;)
            pause();
    }
    close(p[1]);
    char c = read_byte_within(p[0], 5000);
    if (c != 'T')
        FAIL("grandchild setup: '%c' (t: set/get failed in the thread; m: its main thread read "
             "a death signal)", c);
    CHECK_SYS(kill(parent, SIGKILL));
    CHECK_SYS(waitpid(parent, NULL, 0));
    CHECK_EQ_INT(read_byte_within(p[0], 5000), 'U');
    close(p[0]);
}

/* The "parent" is the thread that forked: the signal comes when that thread exits, while
 * its process lives on (golang/go#27505). */
struct forker {
    int pipe_w;
    int ready_r;
    pid_t child;
};

static void *fork_from_thread(void *arg)
{
    struct forker *f = arg;
    pid_t pid = fork();
    if (pid == 0) {
        alarm(10);
        report_fd = f->pipe_w;
        catch_usr1();
        char c = rns_set_pdeathsig(SIGUSR1) == 0 ? 'R' : 'r';
        if (write(f->pipe_w, &c, 1) != 1)
            _exit(2);
        for (;;)
            pause();
    }
    f->child = pid;
    if (pid > 0) {
        char c = 0;
        if (read(f->ready_r, &c, 1) != 1) /* the child has set it */
            c = 0;
    }
    return NULL; /* this thread exits */
}

TEST(prctl_pdeathsig_creating_thread_exit, ANY)
{
    int p[2], ready[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    CHECK_SYS(pipe2(ready, O_CLOEXEC));
    struct forker f = { .pipe_w = p[1], .ready_r = ready[0], .child = -1 };
    pthread_t th;
    CHECK_EQ_INT(pthread_create(&th, NULL, fork_from_thread, &f), 0);
    /* relay the child's 'R' to the thread, so the thread exits only after the child set it */
    char c = read_byte_within(p[0], 5000);
    CHECK_EQ_INT(c, 'R');
    write_all(ready[1], &c, 1);
    CHECK_EQ_INT(pthread_join(th, NULL), 0);
    CHECK(f.child > 0);
    CHECK_EQ_INT(read_byte_within(p[0], 5000), 'U'); /* we, its parent process, still live */
    int st = 0;
    CHECK_EQ_INT(waitpid(f.child, &st, 0), f.child); /* reparented to our other thread */
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    close(p[0]);
    close(p[1]);
    close(ready[0]);
    close(ready[1]);
}

/* An effective (or fs) uid or gid change clears the death signal; a real-id-only change and
 * setgroups do not. */
TEST(prctl_pdeathsig_cleared_by_id_change, PRIV)
{
    if (h_in_userns)
        SKIP("only uid/gid 0 is mapped in an unprivileged user namespace; "
             "changing to another id needs real root");
    gid_t g = 65534;
    CHECK_EQ_INT(rns_set_pdeathsig(SIGUSR1), 0);
    CHECK_EQ_INT(rns_setgroups(&g, 1), 0);
    CHECK_EQ_INT(rns_get_pdeathsig(), SIGUSR1);
    CHECK_EQ_INT(rns_setresuid(0, 0, 0), 0); /* no change */
    CHECK_EQ_INT(rns_get_pdeathsig(), SIGUSR1);
    CHECK_EQ_INT(rns_setresuid(65534, (uid_t)-1, (uid_t)-1), 0); /* real uid only */
    CHECK_EQ_INT(rns_get_pdeathsig(), SIGUSR1);
    CHECK_EQ_INT(rns_setresgid((gid_t)-1, 65534, (gid_t)-1), 0); /* effective gid */
    CHECK_EQ_INT(rns_get_pdeathsig(), 0);
    CHECK_EQ_INT(rns_set_pdeathsig(SIGUSR1), 0);
    CHECK_EQ_INT(rns_setresuid((uid_t)-1, 65534, (uid_t)-1), 0); /* effective uid */
    CHECK_EQ_INT(rns_get_pdeathsig(), 0);
    CHECK_EQ_INT(raw_get_pdeathsig(), 0);
    CHECK_EQ_INT(rns_set_pdeathsig(SIGUSR1), 0); /* unprivileged now: still allowed */
    CHECK_EQ_INT(rns_get_pdeathsig(), SIGUSR1);
}

/* ---- rns_set_child_subreaper / rns_get_child_subreaper ------------------ */

TEST(prctl_subreaper_round_trip, ANY)
{
    CHECK_EQ_INT(rns_get_child_subreaper(), 0); /* not inherited from the runner */
    CHECK_EQ_INT(rns_set_child_subreaper(1), 0);
    CHECK_EQ_INT(rns_get_child_subreaper(), 1);
    CHECK_EQ_INT(raw_get_subreaper(), 1);
    CHECK_EQ_INT(rns_set_child_subreaper(1), 0); /* again: fine */
    CHECK_EQ_INT(rns_set_child_subreaper(0), 0);
    CHECK_EQ_INT(rns_get_child_subreaper(), 0);
    CHECK_EQ_INT(raw_get_subreaper(), 0);
}

TEST(prctl_subreaper_errors, ANY)
{
    /* prctl itself takes any non-zero value as "on"; librns only 0 and 1 */
    CHECK_ERR(rns_set_child_subreaper(2), -EINVAL);
    CHECK_ERR(rns_set_child_subreaper(-1), -EINVAL);
    CHECK_ERR(rns_set_child_subreaper(INT_MIN), -EINVAL);
    CHECK_EQ_INT(rns_get_child_subreaper(), 0);
    CHECK_EQ_INT(rns_set_child_subreaper(1), 0);
    CHECK_ERR(rns_set_child_subreaper(INT_MAX), -EINVAL);
    CHECK_ERR(rns_set_child_subreaper(2), -EINVAL);
    CHECK_EQ_INT(rns_get_child_subreaper(), 1);
}

static void get_subreaper_fn(void *arg)
{
    *(int *)arg = rns_get_child_subreaper();
}

static void clear_subreaper_fn(void *arg)
{
    *(int *)arg = rns_set_child_subreaper(0);
}

/* One setting for the whole process; a fork child does not inherit it. */
TEST(prctl_subreaper_process_wide, ANY)
{
    struct worker w;
    worker_start(&w);
    CHECK_EQ_INT(rns_set_child_subreaper(1), 0);
    int other = -1;
    worker_run(&w, get_subreaper_fn, &other);
    CHECK_EQ_INT(other, 1);
    pid_t child = (pid_t)CHECK_SYS(h_fork());
    if (child == 0)
        _exit(rns_get_child_subreaper() == 0 ? 0 : 1);
    int st = 0;
    CHECK_EQ_INT(waitpid(child, &st, 0), child);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    int r = -1;
    worker_run(&w, clear_subreaper_fn, &r);
    CHECK_EQ_INT(r, 0);
    CHECK_EQ_INT(rns_get_child_subreaper(), 0);
    worker_stop(&w);
}

/* A grandchild orphaned below a subreaper is reparented to it (getppid), and it reaps it. */
TEST(prctl_subreaper_reaps_orphan, ANY)
{
    CHECK_EQ_INT(rns_set_child_subreaper(1), 0);
    int p[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    pid_t grandchild = 0;
    pid_t parent = (pid_t)CHECK_SYS(h_fork());
    if (parent == 0) {
        pid_t gc = fork();
        if (gc < 0)
            _exit(1);
        if (gc == 0) {
            alarm(10);
            pid_t first = getppid();
            pid_t me = getpid();
            if (write(p[1], &me, sizeof me) != (ssize_t)sizeof me)
                _exit(2);
            while (getppid() == first)
                usleep(1000);
            pid_t now = getppid();
            if (write(p[1], &now, sizeof now) != (ssize_t)sizeof now)
                _exit(3);
            _exit(0);
        }
        for (;;)
            pause();
    }
    close(p[1]);
    read_all(p[0], &grandchild, sizeof grandchild);
    CHECK_SYS(kill(parent, SIGKILL));
    CHECK_SYS(waitpid(parent, NULL, 0));
    pid_t new_parent = 0;
    read_all(p[0], &new_parent, sizeof new_parent);
    CHECK_EQ_INT(new_parent, getpid());
    int st = 0;
    CHECK_EQ_INT(waitpid(grandchild, &st, 0), grandchild); /* ours to reap */
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    close(p[0]);
}

/* ---- rns_set_no_new_privs / rns_get_no_new_privs ------------------------ */

/* Under rns-sandbox --nopidfd the suite runs with no_new_privs already set. */
static int nnp_already(void)
{
    return prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1;
}

TEST(prctl_nnp_round_trip, ANY)
{
    int before = nnp_already();
    CHECK_EQ_INT(rns_get_no_new_privs(), before);
    CHECK_ERR(rns_set_no_new_privs(0), -EINVAL); /* cannot be unset */
    CHECK_ERR(rns_set_no_new_privs(2), -EINVAL);
    CHECK_ERR(rns_set_no_new_privs(-1), -EINVAL);
    CHECK_ERR(rns_set_no_new_privs(INT_MIN), -EINVAL);
    CHECK_EQ_INT(rns_get_no_new_privs(), before); /* unchanged */
    CHECK_EQ_INT(rns_set_no_new_privs(1), 0);
    CHECK_EQ_INT(rns_get_no_new_privs(), 1);
    CHECK_EQ_INT(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), 1);
    int st = status_no_new_privs();
    if (st != -1)
        CHECK_EQ_INT(st, 1);
    CHECK_EQ_INT(rns_set_no_new_privs(1), 0); /* again: fine */
    CHECK_ERR(rns_set_no_new_privs(0), -EINVAL);
    CHECK_EQ_INT(rns_get_no_new_privs(), 1);
    if (before)
        PASS_NOTE("no_new_privs was already set (sandbox): the 0 -> 1 change not seen here");
}

struct nnp_seen {
    int get, status;
};

static void nnp_read_fn(void *arg)
{
    struct nnp_seen *s = arg;
    s->get = rns_get_no_new_privs();
    s->status = status_no_new_privs();
}

static void *nnp_read_thread(void *arg)
{
    nnp_read_fn(arg);
    return NULL;
}

/* Set on the calling thread and inherited by threads and children created afterwards; a
 * thread that already existed keeps its own (0). */
TEST(prctl_nnp_per_thread, ANY)
{
    if (nnp_already())
        SKIP("no_new_privs is already set on every thread here (sandbox)");
    struct worker w;
    worker_start(&w);
    CHECK_EQ_INT(rns_set_no_new_privs(1), 0);
    struct nnp_seen before = { -1, -1 };
    worker_run(&w, nnp_read_fn, &before);
    CHECK_EQ_INT(before.get, 0);
    if (before.status != -1)
        CHECK_EQ_INT(before.status, 0);
    struct nnp_seen after = { -1, -1 };
    pthread_t th;
    CHECK_EQ_INT(pthread_create(&th, NULL, nnp_read_thread, &after), 0);
    CHECK_EQ_INT(pthread_join(th, NULL), 0);
    CHECK_EQ_INT(after.get, 1);
    if (after.status != -1)
        CHECK_EQ_INT(after.status, 1);
    pid_t child = (pid_t)CHECK_SYS(h_fork());
    if (child == 0)
        _exit(rns_get_no_new_privs() == 1 ? 0 : 1);
    int st = 0;
    CHECK_EQ_INT(waitpid(child, &st, 0), child);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    worker_stop(&w);
}
