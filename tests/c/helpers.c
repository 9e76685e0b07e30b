/*
 * helpers.c - the helpers the area files of the C suite share (declared, and described,
 * in helpers.h): setup with raw libc calls and syscalls, never the function under test.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "helpers.h"
#include "seccomp.h"

pid_t gettid_(void) { return (pid_t)syscall(SYS_gettid); }

int raw_pidfd_open(pid_t pid, unsigned flags)
{
    return (int)syscall(SYS_pidfd_open, pid, flags);
}

/* ---- kernels and sandboxes without pidfds ------------------------------ */

/* Whether pidfd_open(2) answers ENOSYS here: a kernel older than 5.3, or a sandbox that
 * hides the pidfd calls (tests/sandbox/rns-sandbox --nopidfd, which also sets
 * RNS_TEST_SANDBOX). Asked with the raw syscall, never through the library. The pidfd cases
 * then expect the documented -ENOSYS wherever the library has to ask the kernel (its own
 * argument checks come first and stay); the namespace cases run unchanged: rns_setns_pid and
 * rns_ns_open must work without pidfds. */
int no_pidfd(void)
{
    static int v = -1;
    if (v < 0) {
        int fd = raw_pidfd_open(getpid(), 0);
        v = fd < 0 && errno == ENOSYS;
        if (fd >= 0)
            close(fd);
    }
    return v;
}

const char *no_pidfd_why(void)
{
    const char *env = getenv("RNS_TEST_SANDBOX");
    if (H_VALGRIND())
        return "valgrind, which lacks pidfd_open";
    return env && *env ? "sandboxed, RNS_TEST_SANDBOX" : "kernel older than 5.3?";
}

ino_t fd_ino(int fd)
{
    struct stat st;
    CHECK_SYS(fstat(fd, &st));
    return st.st_ino;
}

/* A pid that certainly names no process: a child that was forked and reaped. */
pid_t gone_pid(void)
{
    pid_t pid = (pid_t)CHECK_SYS(h_fork());
    if (pid == 0)
        _exit(0);
    CHECK_SYS(waitpid(pid, NULL, 0));
    if (kill(pid, 0) == 0 || errno != ESRCH)
        FAIL("reaped pid %d still exists (pid reuse?)", (int)pid);
    return pid;
}

/* A pid above /proc/sys/kernel/pid_max: can never exist. */
pid_t beyond_pid_max(void)
{
    FILE *f = fopen("/proc/sys/kernel/pid_max", "re");
    long max = 0;
    CHECK(f != NULL);
    CHECK(fscanf(f, "%ld", &max) == 1);
    fclose(f);
    return (pid_t)(max + 1);
}

/* A process the (unprivileged) caller does not own: pid 1, normally root's. */
pid_t foreign_pid(void)
{
    struct stat st;
    CHECK_SYS(stat("/proc/1", &st));
    if (st.st_uid == geteuid())
        SKIP("pid 1 belongs to our own uid %u; no process of another user to target",
             (unsigned)st.st_uid);
    return 1;
}

/* An open fd on an (already unlinked) regular file. */
int regular_file_fd(void)
{
    char tmpl[] = "/tmp/rns-test-XXXXXX";
    int fd = (int)CHECK_SYS(mkostemp(tmpl, O_CLOEXEC));
    unlink(tmpl);
    return fd;
}

int count_open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    int n = 0;
    if (!d) {
        /* No /proc/self here (a /proc of another pid namespace): probe the low fds. */
        CHECK(errno == ENOENT);
        for (int fd = 0; fd < 4096; fd++)
            n += fcntl(fd, F_GETFD) >= 0;
        return n;
    }
    struct dirent *de;
    while ((de = readdir(d)))
        if (de->d_name[0] != '.')
            n++;
    closedir(d);
    return n - 1; /* the DIR's own fd */
}

void write_all(int fd, const void *buf, size_t len)
{
    if (write(fd, buf, len) != (ssize_t)len)
        FAIL("write to pipe: %s", strerror(errno));
}

void read_all(int fd, void *buf, size_t len)
{
    ssize_t n = read(fd, buf, len);
    if (n != (ssize_t)len)
        FAIL("read from pipe: got %zd of %zu bytes (%s)", n, len, n < 0 ? strerror(errno) : "EOF");
}

/* Wait for a child and require that it was killed by `sig`. */
void expect_killed_by(pid_t pid, int sig)
{
    int st;
    CHECK_SYS(waitpid(pid, &st, 0));
    if (!WIFSIGNALED(st))
        FAIL("pid %d: expected death by signal %d, got exit status %d", (int)pid, sig,
             WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    CHECK_EQ_INT(WTERMSIG(st), sig);
}

/* A child that just waits (pause) until killed. */
pid_t start_sleeper(void)
{
    pid_t pid = (pid_t)CHECK_SYS(h_fork());
    if (pid == 0) {
        for (;;)
            pause();
    }
    return pid;
}

void kill_and_reap(pid_t pid)
{
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

/* ---- a worker thread that runs functions on request -------------------- */

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    char c;
    w->tid = gettid_();
    while (read(w->cmd[0], &c, 1) == 1 && c == 'r') {
        w->fn(w->arg);
        if (write(w->done[1], &c, 1) != 1)
            break;
    }
    return NULL;
}

void worker_run(struct worker *w, void (*fn)(void *), void *arg)
{
    char c = 'r';
    w->fn = fn;
    w->arg = arg;
    write_all(w->cmd[1], &c, 1);
    read_all(w->done[0], &c, 1);
}

static void nothing_fn(void *arg) { (void)arg; }

void worker_start(struct worker *w)
{
    memset(w, 0, sizeof *w);
    CHECK_SYS(pipe2(w->cmd, O_CLOEXEC));
    CHECK_SYS(pipe2(w->done, O_CLOEXEC));
    int r = pthread_create(&w->th, NULL, worker_main, w);
    if (r)
        FAIL("pthread_create: %s", strerror(r));
    worker_run(w, nothing_fn, NULL); /* the thread runs and w->tid is set */
    CHECK(w->tid != gettid_());
}

void worker_stop(struct worker *w)
{
    char q = 'q';
    write_all(w->cmd[1], &q, 1);
    pthread_join(w->th, NULL);
    close(w->cmd[0]);
    close(w->cmd[1]);
    close(w->done[0]);
    close(w->done[1]);
}

/* ---- simulated kernels (tests/c/seccomp.h) ------------------------------ */

/* The sandbox modes a case could not simulate: seccomp itself is missing here
 * (valgrind 3.19 answers ENOSYS to seccomp(2)). sb_done() says so at the end. */
int sb_missing;
/* The sandbox modes of the child in_sandbox() runs fn in (0 outside it). */
int sb_mode_now;

/* Runs fn(arg) in a forked child, under the seccomp sandbox `modes` (0: none;
 * tests/c/seccomp.h), and requires it to pass: a failure or skip in the child
 * is reported by the child itself. Without seccomp, a mode is run only where
 * the place already answers so (no pidfds under valgrind), else noted. */
void in_sandbox(int modes, void (*fn)(void *), void *arg)
{
    pid_t pid = (pid_t)CHECK_SYS(h_fork());
    if (pid == 0) {
        int r = modes ? sb_install(modes) : 0;
        if ((r == -ENOSYS || r == -EINVAL) && !((modes & ~SB_NOPIDFD) == 0 && no_pidfd()))
            _exit(78);
        if (r < 0 && !(modes == SB_NOPIDFD && no_pidfd()))
            FAIL("installing the seccomp sandbox 0x%x: %s", modes, strerror(-r));
        sb_mode_now = modes;
        fn(arg);
        _exit(0);
    }
    int st;
    CHECK_SYS(waitpid(pid, &st, 0));
    if (WIFEXITED(st) && WEXITSTATUS(st) == 78) {
        sb_missing |= modes;
        return;
    }
    if (WIFEXITED(st) && WEXITSTATUS(st) == 77)
        SKIP("skipped in the sandboxed child (mode 0x%x)", modes);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        FAIL("sandboxed child (mode 0x%x) failed (status 0x%x)", modes, st);
}

/* Ends a case that ran in_sandbox(): a note if some modes could not be simulated. */
void sb_done(void)
{
    if (sb_missing)
        PASS_NOTE("no seccomp here (%s): kernel answers 0x%x (tests/c/seccomp.h) not simulated",
                  H_VALGRIND() ? "valgrind" : "seccomp(2) missing", sb_missing);
}

