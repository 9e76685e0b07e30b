/*
 * test_spawn.c - spawning (src/spawn.rs):
 *
 *   rns_spawn_attr_new, rns_spawn_attr_free, rns_spawn_attr_set_* , rns_spawn, rns_spawnp
 *
 * Each case runs real programs (/bin/sh, /bin/true) and checks what the program saw (its
 * output through a pipe given with rns_spawn_attr_set_fd(1, ...)); every failing step comes
 * back as its errno and RNS_SPAWN_STEP_*; after each spawn the child is reaped (no zombie
 * left) and no fd of the test leaked.
 *
 * Part of the test_rns program (test_rns.c runs it; helpers.h, harness.h).
 */
#define _GNU_SOURCE
#include <sys/mount.h>
#include <sys/syscall.h>

#include <ftw.h>
#include <spawn.h>

#include "helpers.h"
#include "seccomp.h"
#include "cgroup2.h"
#include "spawn_helpers.h"

extern char **environ;

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

/* No child of this case left unreaped. */
void expect_no_zombie(void)
{
    errno = 0;
    pid_t r = waitpid(-1, NULL, WNOHANG);
    if (!(r == -1 && errno == ECHILD) && r != 0)
        FAIL("waitpid(-1, WNOHANG) = %d (%s): a child was left", (int)r, strerror(errno));
}

/* Waits for the spawned child (through its pidfd) and returns its exit code (or 128+sig). */
int wait_pidfd(int pidfd, pid_t pid)
{
    siginfo_t si;
    memset(&si, 0, sizeof si);
    if (waitid((idtype_t)P_PIDFD, (id_t)pidfd, &si, WEXITED) < 0) {
        if (errno != EINVAL)
            FAIL("waitid(P_PIDFD): %s", strerror(errno));
        CHECK_SYS(waitid(P_PID, (id_t)pid, &si, WEXITED));
    }
    CHECK_EQ_INT(si.si_pid, pid);
    close(pidfd);
    return si.si_code == CLD_EXITED ? si.si_status : 128 + si.si_status;
}

rns_spawn_attr *new_attr(void)
{
    rns_spawn_attr *a = NULL;
    CHECK_OK(rns_spawn_attr_new(&a));
    CHECK(a != NULL);
    return a;
}

/* Runs argv[0] with `a` (freed here; NULL: defaults), its stdout into `out` (NUL-terminated,
 * trailing newline removed); returns its exit code. */
int run_capture(rns_spawn_attr *a, char *const argv[], char *const envp[], char *out, size_t n)
{
    int p[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    if (!a)
        a = new_attr();
    CHECK_OK(rns_spawn_attr_set_fd(a, 1, p[1]));
    close(p[1]);
    pid_t pid = 0;
    int step = -1;
    int fd = rns_spawn(a, argv[0], argv, envp, &pid, &step);
    CHECK_OK(rns_spawn_attr_free(a));
    if (fd < 0)
        FAIL("rns_spawn(%s): %s at step %d", argv[0], h_errname(fd), step);
    CHECK_EQ_INT(step, RNS_SPAWN_STEP_NONE);
    CHECK(pid > 0);
    CHECK_CLOEXEC(fd);
    read_output(p[0], out, n);
    return wait_pidfd(fd, pid);
}

int posix_capture(posix_spawn_file_actions_t *fa, const posix_spawnattr_t *pa, char *const argv[], char *out,
                  size_t n)
{
    int p[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    posix_spawn_file_actions_t own;
    if (!fa) {
        posix_spawn_file_actions_init(&own);
        fa = &own;
    }
    posix_spawn_file_actions_adddup2(fa, p[1], 1);
    pid_t pid;
    int r = posix_spawn(&pid, argv[0], fa, pa, argv, environ);
    if (fa == &own)
        posix_spawn_file_actions_destroy(&own);
    close(p[1]);
    if (r != 0)
        FAIL("posix_spawn(%s): %s", argv[0], strerror(r));
    read_output(p[0], out, n);
    int st;
    CHECK_EQ_INT(waitpid(pid, &st, 0), pid);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int rm_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return type == FTW_DP ? rmdir(path) : unlink(path);
}

void rm_tree(const char *dir)
{
    CHECK_SYS(nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS));
}

void read_output(int fd, char *out, size_t n)
{
    size_t got = 0;
    ssize_t r;
    while (got + 1 < n && (r = read(fd, out + got, n - 1 - got)) > 0)
        got += (size_t)r;
    out[got] = 0;
    while (got > 0 && out[got - 1] == '\n')
        out[--got] = 0;
    close(fd);
}

/* Spawns with `a` (freed here) and requires failure `err` at `step`, the child reaped, no fd
 * leaked. */
void expect_fail(rns_spawn_attr *a, const char *path, int err, int step)
{
    char *argv[] = { (char *)path, NULL };
    int before = count_open_fds();
    pid_t pid = -7;
    int got_step = -1;
    int r = rns_spawn(a, path, argv, NULL, &pid, &got_step);
    int after = count_open_fds();
    CHECK_OK(rns_spawn_attr_free(a));
    if (r >= 0)
        close(r);
    CHECK_EQ_INT(r, err);
    CHECK_EQ_INT(got_step, step);
    CHECK_EQ_INT(pid, -7); /* written only on success */
    expect_no_zombie();
    CHECK_EQ_INT(after, before);
}

TEST(spawn_true_and_exit_code, ANY)
{
    int before = count_open_fds();
    char *t[] = { "/bin/true", NULL };
    pid_t pid = 0;
    int fd = rns_spawn(NULL, "/bin/true", t, NULL, &pid, NULL);
    CHECK(fd >= 0);
    CHECK_EQ_INT(wait_pidfd(fd, pid), 0);
    char *e[] = { "/bin/sh", "-c", "exit 7", NULL };
    rns_spawn_attr *a = new_attr();
    fd = rns_spawn(a, "/bin/sh", e, NULL, &pid, NULL);
    CHECK(fd >= 0);
    CHECK_EQ_INT(wait_pidfd(fd, pid), 7);
    CHECK_OK(rns_spawn_attr_free(a));
    expect_no_zombie();
    CHECK_EQ_INT(count_open_fds(), before);
}

TEST(spawn_argv_envp, ANY)
{
    char out[256];
    char *argv[] = { "/bin/sh", "-c", "echo \"$0 $1 $FOO\"", "x", "y", NULL };
    char *envp[] = { "FOO=bar", NULL };
    CHECK_EQ_INT(run_capture(NULL, argv, envp, out, sizeof out), 0);
    CHECK_STR_EQ(out, "x y bar");
    /* envp NULL: the caller's environment. */
    CHECK_SYS(setenv("RNS_SPAWN_T", "inherited", 1));
    char *argv2[] = { "/bin/sh", "-c", "echo $RNS_SPAWN_T", NULL };
    CHECK_EQ_INT(run_capture(NULL, argv2, NULL, out, sizeof out), 0);
    CHECK_STR_EQ(out, "inherited");
    expect_no_zombie();
}

TEST(spawnp_path_search, ANY)
{
    char *argv[] = { "true", NULL };
    pid_t pid = 0;
    int step = -1;
    CHECK_SYS(setenv("PATH", "/nonexistent-rns:/usr/bin:/bin", 1));
    int fd = rns_spawnp(NULL, "true", argv, NULL, &pid, &step);
    CHECK(fd >= 0);
    CHECK_EQ_INT(step, RNS_SPAWN_STEP_NONE);
    CHECK_EQ_INT(wait_pidfd(fd, pid), 0);
    CHECK_ERR(rns_spawnp(NULL, "rns-no-such-program", argv, NULL, &pid, &step), -ENOENT);
    CHECK_EQ_INT(step, RNS_SPAWN_STEP_EXEC);
    CHECK_ERR(rns_spawnp(NULL, "", argv, NULL, &pid, &step), -ENOENT);
    expect_no_zombie();
}

TEST(spawn_new_namespaces_root_mapping, UNPRIV)
{
    char map[64], out[64];
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_unshare(a, RNS_CLONE_NEWNET | RNS_CLONE_NEWUTS | RNS_CLONE_NEWIPC |
                                               RNS_CLONE_NEWPID | RNS_CLONE_NEWUSER));
    snprintf(map, sizeof map, "0 %u 1", (unsigned)geteuid());
    CHECK_OK(rns_spawn_attr_set_uid_map(a, map));
    snprintf(map, sizeof map, "0 %u 1", (unsigned)getegid());
    CHECK_OK(rns_spawn_attr_set_gid_map(a, map));
    /* Checked through a pidfd of ours there (getppid() is 0 in the new pid namespace). */
    CHECK_OK(rns_spawn_attr_set_pdeathsig(a, SIGKILL));
    char *argv[] = { "/bin/sh", "-c", "echo $$ $(id -u)", NULL };
    int p[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    CHECK_OK(rns_spawn_attr_set_fd(a, 1, p[1]));
    close(p[1]);
    pid_t pid;
    int step = -1;
    int fd = rns_spawn(a, "/bin/sh", argv, NULL, &pid, &step);
    rns_spawn_attr_free(a);
    if (fd < 0 && step == RNS_SPAWN_STEP_CLONE && (fd == -EPERM || fd == -ENOSPC || fd == -EACCES))
        SKIP("no user namespaces for an ordinary user here: %s", h_errname(fd));
    if (fd < 0)
        FAIL("rns_spawn: %s at step %d", h_errname(fd), step);
    ssize_t n = read(p[0], out, sizeof out - 1);
    CHECK(n > 0);
    out[n] = 0;
    close(p[0]);
    CHECK_EQ_INT(wait_pidfd(fd, pid), 0);
    CHECK_STR_EQ(out, "1 0\n");
    expect_no_zombie();
}

/* A helper in new namespaces of its own (by a raw clone(2), so with RNS_CLONE_NEWPID it is
 * pid 1 of its own PID namespace), paused until killed. */
pid_t ns_helper(int flags)
{
    int p[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    long pid = syscall(SYS_clone, (unsigned long)flags | SIGCHLD, NULL, NULL, NULL, NULL);
    if (pid < 0)
        SKIP("the helper could not be cloned with 0x%x: %s", flags, strerror(errno));
    if (pid == 0) {
        char c = 'y';
        if (write(p[1], &c, 1) != 1)
            _exit(1);
        for (;;)
            pause();
    }
    close(p[1]);
    char c = 0;
    read_all(p[0], &c, 1);
    close(p[0]);
    return (pid_t)pid;
}

static const char *ns_names[] = { "net", "uts", "ipc", "mnt", "pid", "user" };

static void expect_sees_helper_ns(rns_spawn_attr *a, pid_t helper)
{
    char out[1024], want[1024] = "", path[64], link[128];
    char *argv[] = { "/bin/sh", "-c",
                     "readlink /proc/self/ns/net /proc/self/ns/uts /proc/self/ns/ipc /proc/self/ns/mnt "
                     "/proc/self/ns/pid /proc/self/ns/user",
                     NULL };
    for (size_t i = 0; i < sizeof ns_names / sizeof *ns_names; i++) {
        snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)helper, ns_names[i]);
        ssize_t n = readlink(path, link, sizeof link - 1);
        CHECK(n > 0);
        link[n] = 0;
        if (i)
            strcat(want, "\n");
        strcat(want, link);
    }
    CHECK_EQ_INT(run_capture(a, argv, NULL, out, sizeof out), 0);
    CHECK_STR_EQ(out, want);
}

TEST(spawn_join_by_pidfd_and_files, PRIV)
{
    int flags = RNS_CLONE_NEWNET | RNS_CLONE_NEWUTS | RNS_CLONE_NEWIPC | RNS_CLONE_NEWNS | RNS_CLONE_NEWPID |
                RNS_CLONE_NEWUSER;
    pid_t helper = ns_helper(flags);
    int pidfd = raw_pidfd_open(helper, 0);
    if (pidfd < 0) {
        kill_and_reap(helper);
        SKIP("no pidfd_open: %s", strerror(errno));
    }
    int before = count_open_fds();
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_join(a, pidfd, flags));
    expect_sees_helper_ns(a, helper);
    /* The same through namespace files, given in an order that needs the two passes (the
     * user namespace last). */
    a = new_attr();
    for (size_t i = 0; i < sizeof ns_names / sizeof *ns_names; i++) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)helper, ns_names[i]);
        int fd = (int)CHECK_SYS(open(path, O_RDONLY | O_CLOEXEC));
        CHECK_OK(rns_spawn_attr_set_join(a, fd, 0));
        close(fd);
    }
    expect_sees_helper_ns(a, helper);
    /* A PID namespace created with a join: the program (forked by the child) is its pid 1. */
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_join(a, pidfd, RNS_CLONE_NEWUTS));
    CHECK_OK(rns_spawn_attr_set_unshare(a, RNS_CLONE_NEWPID));
    char out[64];
    char *argv[] = { "/bin/sh", "-c", "echo $$", NULL };
    CHECK_EQ_INT(run_capture(a, argv, NULL, out, sizeof out), 0);
    CHECK_STR_EQ(out, "1");
    CHECK_EQ_INT(count_open_fds(), before);
    close(pidfd);
    kill_and_reap(helper);
    expect_no_zombie();
}

TEST(spawn_setsid_pgroup, ANY)
{
    char out[128], want[128];
    char *argv[] = { "/bin/sh", "-c", "echo $$ $(cut -d' ' -f5,6 /proc/$$/stat)", NULL };
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_setsid(a, 1));
    CHECK_EQ_INT(run_capture(a, argv, NULL, out, sizeof out), 0);
    int pid = atoi(out);
    snprintf(want, sizeof want, "%d %d %d", pid, pid, pid);
    CHECK_STR_EQ(out, want);
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_pgroup(a, 0));
    CHECK_EQ_INT(run_capture(a, argv, NULL, out, sizeof out), 0);
    pid = atoi(out);
    snprintf(want, sizeof want, "%d %d %d", pid, pid, (int)getsid(0));
    CHECK_STR_EQ(out, want);
    /* Both: a session leader cannot setpgid. */
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_setsid(a, 1));
    CHECK_OK(rns_spawn_attr_set_pgroup(a, 0));
    expect_fail(a, "/bin/true", -EPERM, RNS_SPAWN_STEP_SETPGID);
}

TEST(spawn_step_errors, ANY)
{
    expect_fail(new_attr(), "/nonexistent/rns-prog", -ENOENT, RNS_SPAWN_STEP_EXEC);
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_cwd(a, "/nonexistent/rns-dir"));
    expect_fail(a, "/bin/true", -ENOENT, RNS_SPAWN_STEP_CWD);
    /* A directory is not executable. */
    expect_fail(new_attr(), "/", -EACCES, RNS_SPAWN_STEP_EXEC);
}

TEST(spawn_step_errors_unprivileged, UNPRIV)
{
    char map[64];
    /* Credentials the caller may not take. */
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_ids(a, 0, 0));
    expect_fail(a, "/bin/true", -EPERM, RNS_SPAWN_STEP_GID);
    /* A map the kernel refuses: root outside, written by an ordinary user. */
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_unshare(a, RNS_CLONE_NEWUSER));
    CHECK_OK(rns_spawn_attr_set_uid_map(a, "0 0 1"));
    char *argv[] = { "/bin/true", NULL };
    pid_t pid;
    int step = -1;
    int r = rns_spawn(a, "/bin/true", argv, NULL, &pid, &step);
    rns_spawn_attr_free(a);
    if (r < 0 && step == RNS_SPAWN_STEP_CLONE)
        SKIP("no user namespaces for an ordinary user here: %s", h_errname(r));
    CHECK(r == -EPERM || r == -EINVAL);
    CHECK_EQ_INT(step, RNS_SPAWN_STEP_MAP);
    expect_no_zombie();
    /* setgroups denied in the new user namespace ("deny" written for the gid map). */
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_unshare(a, RNS_CLONE_NEWUSER));
    snprintf(map, sizeof map, "0 %u 1", (unsigned)geteuid());
    CHECK_OK(rns_spawn_attr_set_uid_map(a, map));
    snprintf(map, sizeof map, "0 %u 1", (unsigned)getegid());
    CHECK_OK(rns_spawn_attr_set_gid_map(a, map));
    gid_t g = 0;
    CHECK_OK(rns_spawn_attr_set_groups(a, &g, 1));
    expect_fail(a, "/bin/true", -EPERM, RNS_SPAWN_STEP_GROUPS);
    /* Joining a namespace without privilege over it: a helper's net namespace, owned by
     * its user namespace, which the child does not join. */
    pid_t helper = ns_helper(RNS_CLONE_NEWUSER | RNS_CLONE_NEWNET);
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/ns/net", (int)helper);
    int nsfd = (int)CHECK_SYS(open(path, O_RDONLY | O_CLOEXEC));
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_join(a, nsfd, RNS_CLONE_NEWNET));
    close(nsfd);
    expect_fail(a, "/bin/true", -EPERM, RNS_SPAWN_STEP_JOIN);
    kill_and_reap(helper);
    expect_no_zombie();
}

/* The entries of the child's /proc/self/fd (as `ls` sees them, its own dirfd included). */
static void child_fds(rns_spawn_attr *a, char *out, size_t n)
{
    char *argv[] = { "/bin/ls", "/proc/self/fd", NULL };
    CHECK_EQ_INT(run_capture(a, argv, NULL, out, n), 0);
    for (char *c = out; *c; c++)
        if (*c == '\n')
            *c = ' ';
}

TEST(spawn_no_fd_inherited, ANY)
{
    char out[256];
    int leak = (int)CHECK_SYS(open("/dev/null", O_RDONLY)); /* no O_CLOEXEC */
    int high = (int)CHECK_SYS(fcntl(leak, F_DUPFD, 40));
    child_fds(NULL, out, sizeof out);
    CHECK_STR_EQ(out, "0 1 2 3");
    /* Kept by an fd action: 7 (from `leak`), 0 closed. */
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_fd(a, 7, leak));
    CHECK_OK(rns_spawn_attr_set_fd(a, 0, -1));
    child_fds(a, out, sizeof out);
    /* ls opens its dirfd at the lowest free number: 0. */
    CHECK_STR_EQ(out, "0 1 2 7");
    /* Actions whose targets are each other's sources (a swap through the two passes). */
    int p1[2], p2[2];
    CHECK_SYS(pipe2(p1, O_CLOEXEC));
    CHECK_SYS(pipe2(p2, O_CLOEXEC));
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_fd(a, 1, p2[1]));
    CHECK_OK(rns_spawn_attr_set_fd(a, 2, p1[1]));
    char *argv[] = { "/bin/sh", "-c", "echo one; echo two >&2", NULL };
    pid_t pid;
    int fd = rns_spawn(a, "/bin/sh", argv, NULL, &pid, NULL);
    CHECK(fd >= 0);
    rns_spawn_attr_free(a);
    close(p1[1]);
    close(p2[1]);
    char b1[16] = "", b2[16] = "";
    CHECK(read(p1[0], b1, sizeof b1 - 1) > 0);
    CHECK(read(p2[0], b2, sizeof b2 - 1) > 0);
    CHECK_STR_EQ(b1, "two\n");
    CHECK_STR_EQ(b2, "one\n");
    CHECK_EQ_INT(wait_pidfd(fd, pid), 0);
    close(p1[0]);
    close(p2[0]);
    close(leak);
    close(high);
    expect_no_zombie();
}

TEST(spawn_signal_mask_and_prctl, ANY)
{
    char out[256];
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    CHECK_SYS(sigprocmask(SIG_BLOCK, &s, NULL));
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_no_new_privs(a, 1));
    CHECK_OK(rns_spawn_attr_set_pdeathsig(a, SIGKILL));
    char *argv[] = { "/bin/sh", "-c", "grep -E '^(SigBlk|NoNewPrivs)' /proc/self/status | tr '\\t\\n' '  '", NULL };
    CHECK_EQ_INT(run_capture(a, argv, NULL, out, sizeof out), 0);
    CHECK_STR_EQ(out, "SigBlk: 0000000000000000 NoNewPrivs: 1 ");
    /* The caller's mask is as it was. */
    sigset_t now;
    CHECK_SYS(sigprocmask(SIG_BLOCK, NULL, &now));
    CHECK(sigismember(&now, SIGUSR1));
    CHECK(!sigismember(&now, SIGUSR2));
}

/* The fallbacks: no clone3 (clone(2) with CLONE_PIDFD, handlers reset by hand), no
 * close_range (the child marks fds close-on-exec from a /proc/self/fd listing), no waitid
 * P_PIDFD (failures reaped by pid). */
static void fallbacks(void *arg)
{
    (void)arg;
    char out[256];
    int leak = (int)CHECK_SYS(open("/dev/null", O_RDONLY)); /* no O_CLOEXEC */
    int high = (int)CHECK_SYS(fcntl(leak, F_DUPFD, 40));
    signal(SIGUSR1, SIG_IGN);
    child_fds(NULL, out, sizeof out);
    CHECK_STR_EQ(out, "0 1 2 3");
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_fd(a, 9, leak));
    child_fds(a, out, sizeof out);
    CHECK_STR_EQ(out, "0 1 2 3 9");
    expect_fail(new_attr(), "/nonexistent/rns-prog", -ENOENT, RNS_SPAWN_STEP_EXEC);
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_cwd(a, "/nonexistent/rns-dir"));
    expect_fail(a, "/bin/true", -ENOENT, RNS_SPAWN_STEP_CWD);
    /* An ignored signal stays ignored. */
    char *argv[] = { "/bin/sh", "-c", "grep SigIgn /proc/self/status | cut -f2", NULL };
    CHECK_EQ_INT(run_capture(NULL, argv, NULL, out, sizeof out), 0);
    CHECK(strtoull(out, NULL, 16) & (1ULL << (SIGUSR1 - 1)));
    close(leak);
    close(high);
    expect_no_zombie();
}

TEST(spawn_fallbacks, ANY)
{
    in_sandbox(SB_NOPIDFD | SB_NO_CLOSE_RANGE | SB_NO_WAITID_PIDFD, fallbacks, NULL);
    sb_done();
}

/* Where /proc shows another pid namespace (we are pid 1 of a new one; /proc is the
 * parent's), /proc/PID names another process: the maps go to the child's own directory,
 * found through its pidfd, and the close-on-exec listing still sees our fds. */
static void foreign_proc_spawn(void *arg)
{
    (void)arg;
    char map[64], out[256];
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_unshare(a, RNS_CLONE_NEWUSER));
    snprintf(map, sizeof map, "0 %u 1", (unsigned)geteuid());
    CHECK_OK(rns_spawn_attr_set_uid_map(a, map));
    snprintf(map, sizeof map, "0 %u 1", (unsigned)getegid());
    CHECK_OK(rns_spawn_attr_set_gid_map(a, map));
    char *argv[] = { "/bin/sh", "-c", "echo $(id -u) $(id -g)", NULL };
    CHECK_EQ_INT(run_capture(a, argv, NULL, out, sizeof out), 0);
    CHECK_STR_EQ(out, "0 0");
    int leak = (int)CHECK_SYS(open("/dev/null", O_RDONLY)); /* no O_CLOEXEC */
    child_fds(NULL, out, sizeof out);
    CHECK_STR_EQ(out, "0 1 2 3");
    close(leak);
    expect_no_zombie();
}

static void foreign_proc_spawn_case(void *arg)
{
    (void)arg;
    in_sandbox(0, foreign_proc_spawn, NULL);
    in_sandbox(SB_NO_CLOSE_RANGE | SB_NO_WAITID_PIDFD, foreign_proc_spawn, NULL);
    sb_done();
}

TEST(spawn_foreign_proc, PRIV)
{
    CHECK_SYS(unshare(CLONE_NEWPID));
    in_sandbox(0, foreign_proc_spawn_case, NULL);
    sb_done();
}

/* Where /proc is of a *child* pid namespace (/proc/self does not resolve, our children are
 * not in it): a plain spawn works with close_range; without it the child cannot list its fds
 * (ENOENT at FDS); maps cannot be written (ENOSYS at MAP): never another process's files. */
static void child_pidns_proc_spawns(void *arg)
{
    (void)arg;
    char out[64], map[64];
    char *argv[] = { "/bin/echo", "ok", NULL };
    if (sb_mode_now & SB_NO_CLOSE_RANGE) {
        expect_fail(new_attr(), "/bin/true", -ENOENT, RNS_SPAWN_STEP_FDS);
    } else {
        CHECK_EQ_INT(run_capture(NULL, argv, NULL, out, sizeof out), 0);
        CHECK_STR_EQ(out, "ok");
    }
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_unshare(a, RNS_CLONE_NEWUSER));
    snprintf(map, sizeof map, "0 %u 1", (unsigned)geteuid());
    CHECK_OK(rns_spawn_attr_set_uid_map(a, map));
    /* (Without close_range the child's fd listing, opened first, fails before the maps.) */
    if (sb_mode_now & SB_NO_CLOSE_RANGE)
        expect_fail(a, "/bin/true", -ENOENT, RNS_SPAWN_STEP_FDS);
    else
        expect_fail(a, "/bin/true", -ENOSYS, RNS_SPAWN_STEP_MAP);
}

TEST(spawn_child_pidns_proc, PRIV)
{
    CHECK_SYS(unshare(CLONE_NEWNS));
    CHECK_SYS(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
    int p[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    /* A helper makes a pid namespace whose pid 1 mounts its /proc over ours (one mount
     * namespace for us all), then waits for the pipe to close. */
    pid_t helper = (pid_t)CHECK_SYS(h_fork());
    if (helper == 0) {
        close(p[1]);
        if (unshare(CLONE_NEWPID) < 0)
            _exit(2);
        pid_t init = fork();
        if (init == 0) {
            char b;
            if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
                _exit(3);
            _exit(read(p[0], &b, 1) == 0 ? 0 : 4);
        }
        int st = 0;
        if (init < 0 || waitpid(init, &st, 0) < 0)
            _exit(5);
        _exit(WIFEXITED(st) ? WEXITSTATUS(st) : 6);
    }
    close(p[0]);
    /* Until /proc is the new one: its pid 1 is the helper's child, and we are not in it. */
    char self[32] = "";
    int i;
    for (i = 0; i < 1000 && (readlink("/proc/self", self, sizeof self - 1) >= 0 || errno != ENOENT); i++)
        usleep(1000);
    if (i < 1000) {
        in_sandbox(0, child_pidns_proc_spawns, NULL);
        in_sandbox(SB_NO_CLOSE_RANGE, child_pidns_proc_spawns, NULL);
    }
    close(p[1]);
    int st;
    CHECK_SYS(waitpid(helper, &st, 0));
    /* Our /proc back (for what runs after the case: LeakSanitizer reads /proc/self/maps). */
    if (i < 1000)
        CHECK_SYS(umount2("/proc", MNT_DETACH));
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHECK(i < 1000); /* /proc/self stopped resolving */
    CHECK_SYS(readlink("/proc/self", self, sizeof self - 1));
    sb_done();
}

/* The intermediate child of a joined pid namespace ends without naming the program (its
 * report lost, as if killed after its fork): EPIPE at REPORT, and the program, our child
 * already, is killed and reaped rather than left behind. */
static void lost_report_spawn(void *arg)
{
    rns_spawn_attr *a = new_attr();
    if (arg) { /* maps: the fork-style child, which does not share our memory */
        CHECK_OK(rns_spawn_attr_set_unshare(a, RNS_CLONE_NEWUSER));
        CHECK_OK(rns_spawn_attr_set_uid_map(a, "0 0 1"));
    }
    int pidns = (int)CHECK_SYS(open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC));
    CHECK_OK(rns_spawn_attr_set_join(a, pidns, 0));
    close(pidns);
    char *argv[] = { "/bin/sleep", "30", NULL };
    pid_t pid = -7;
    int step = -1;
    CHECK_ERR(rns_spawn(a, "/bin/sleep", argv, NULL, &pid, &step), -EPIPE);
    CHECK_EQ_INT(step, RNS_SPAWN_STEP_REPORT);
    CHECK_OK(rns_spawn_attr_free(a));
    errno = 0;
    CHECK_EQ_INT(waitpid(-1, NULL, WNOHANG), -1); /* no child at all, live or not */
    CHECK_EQ_INT(errno, ECHILD);
}

TEST(spawn_lost_report_no_orphan, PRIV)
{
    if (h_in_userns)
        SKIP("joining our pid namespace (owned by the initial user namespace) needs real root");
    in_sandbox(SB_LOST_REPORT, lost_report_spawn, NULL);
    in_sandbox(SB_LOST_REPORT, lost_report_spawn, (void *)"maps");
    sb_done();
}

struct spawner {
    pthread_t th;
    int fails;
    char why[160];
};

static void *spawn_thread(void *arg)
{
    struct spawner *s = arg;
    for (int i = 0; i < 20; i++) {
        /* A pipe without O_CLOEXEC in this thread: no other thread's child may see it. */
        int p[2];
        if (pipe(p) < 0) {
            s->fails++;
            continue;
        }
        rns_spawn_attr *a = NULL;
        rns_spawn_attr_new(&a);
        rns_spawn_attr_set_fd(a, 1, p[1]);
        close(p[1]);
        char *argv[] = { "/bin/ls", "/proc/self/fd", NULL };
        pid_t pid;
        int step;
        int fd = rns_spawn(a, "/bin/ls", argv, NULL, &pid, &step);
        rns_spawn_attr_free(a);
        char out[128] = "";
        size_t got = 0;
        ssize_t r;
        while (got < sizeof out - 1 && (r = read(p[0], out + got, sizeof out - 1 - got)) > 0)
            got += (size_t)r;
        close(p[0]);
        if (fd < 0) {
            s->fails++;
            snprintf(s->why, sizeof s->why, "rns_spawn: %d at step %d", fd, step);
            continue;
        }
        siginfo_t si;
        memset(&si, 0, sizeof si);
        waitid(P_PID, (id_t)pid, &si, WEXITED);
        close(fd);
        if (strcmp(out, "0\n1\n2\n3\n") != 0) {
            s->fails++;
            snprintf(s->why, sizeof s->why, "child fds: %s", out);
        }
    }
    return NULL;
}

TEST(spawn_from_threads, ANY)
{
    char before[128], after[128];
    ssize_t n = readlink("/proc/thread-self/ns/net", before, sizeof before - 1);
    CHECK(n > 0);
    before[n] = 0;
    struct spawner s[4];
    memset(s, 0, sizeof s);
    for (int i = 0; i < 4; i++)
        CHECK(pthread_create(&s[i].th, NULL, spawn_thread, &s[i]) == 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(s[i].th, NULL);
        if (s[i].fails)
            FAIL("thread %d: %d failures (%s)", i, s[i].fails, s[i].why);
    }
    n = readlink("/proc/thread-self/ns/net", after, sizeof after - 1);
    CHECK(n > 0);
    after[n] = 0;
    CHECK_STR_EQ(after, before);
    expect_no_zombie();
}

/* The child runs on a stack of its own (it shares our memory): a thread with the smallest
 * stack pthreads allow spawns, every way the child is made (a failure report included). */
static void *small_stack_spawns(void *arg)
{
    (void)arg;
    char out[64];
    char *argv[] = { "/bin/echo", "small", NULL };
    if (run_capture(NULL, argv, NULL, out, sizeof out) != 0 || strcmp(out, "small") != 0)
        return (void *)"echo";
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_cwd(a, "/nonexistent/rns-dir"));
    char *argv2[] = { "/bin/true", NULL };
    pid_t pid;
    int step = -1;
    int r = rns_spawn(a, "/bin/true", argv2, NULL, &pid, &step);
    rns_spawn_attr_free(a);
    if (r != -ENOENT || step != RNS_SPAWN_STEP_CWD)
        return (void *)"cwd failure";
    return NULL;
}

TEST(spawn_small_stack_thread, ANY)
{
    pthread_attr_t at;
    pthread_t th;
    void *why = (void *)"not run";
    CHECK(pthread_attr_init(&at) == 0);
    CHECK(pthread_attr_setstacksize(&at, PTHREAD_STACK_MIN) == 0);
    CHECK(pthread_create(&th, &at, small_stack_spawns, NULL) == 0);
    CHECK(pthread_join(th, &why) == 0);
    pthread_attr_destroy(&at);
    if (why)
        FAIL("spawning from a thread with a %d-byte stack: %s", (int)PTHREAD_STACK_MIN, (const char *)why);
    expect_no_zombie();
}

TEST(spawn_bad_input, ANY)
{
    char *argv[] = { "/bin/true", NULL };
    pid_t pid;
    int step = -1;
    CHECK_ERR(rns_spawn(NULL, NULL, argv, NULL, &pid, &step), -EFAULT);
    CHECK_EQ_INT(step, RNS_SPAWN_STEP_NONE);
    CHECK_ERR(rns_spawn(NULL, "/bin/true", NULL, NULL, &pid, NULL), -EFAULT);
    CHECK_ERR(rns_spawn(NULL, "/bin/true", argv, NULL, NULL, NULL), -EFAULT);
    CHECK_ERR(rns_spawnp(NULL, NULL, argv, NULL, &pid, NULL), -EFAULT);
    CHECK_ERR(rns_spawn_attr_new(NULL), -EFAULT);
    CHECK_OK(rns_spawn_attr_free(NULL));
    CHECK_ERR(rns_spawn_attr_set_unshare(NULL, 0), -EFAULT);
    rns_spawn_attr *a = new_attr();
    CHECK_ERR(rns_spawn_attr_set_unshare(a, 1), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_unshare(a, RNS_CLONE_FS), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_join(a, -1, 0), -EBADF);
    int closed = (int)CHECK_SYS(dup(0));
    close(closed);
    CHECK_ERR(rns_spawn_attr_set_join(a, closed, 0), -EBADF);
    int reg = regular_file_fd();
    CHECK_ERR(rns_spawn_attr_set_join(a, reg, 0), -EINVAL);
    close(reg);
    int netfd = (int)CHECK_SYS(open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC));
    CHECK_ERR(rns_spawn_attr_set_join(a, netfd, RNS_CLONE_NEWUTS), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_join(a, netfd, 1), -EINVAL);
    close(netfd);
    CHECK_ERR(rns_spawn_attr_set_uid_map(a, ""), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_mount_propagation(a, MS_PRIVATE | MS_SHARED), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_mount_propagation(a, MS_BIND), -EINVAL);
    CHECK_OK(rns_spawn_attr_set_mount_propagation(a, 0));
    CHECK_ERR(rns_spawn_attr_set_setsid(a, 2), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_pgroup(a, -2), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_cwd(a, ""), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_groups(a, NULL, 1), -EFAULT);
    CHECK_ERR(rns_spawn_attr_set_pdeathsig(a, 65), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_fd(a, -1, 0), -EBADF);
    CHECK_ERR(rns_spawn_attr_set_fd(a, 3, closed), -EBADF);
    /* Maps without a new user namespace: refused before any child. */
    CHECK_OK(rns_spawn_attr_set_uid_map(a, "0 0 1"));
    CHECK_ERR(rns_spawn(a, "/bin/true", argv, NULL, &pid, &step), -EINVAL);
    CHECK_EQ_INT(step, RNS_SPAWN_STEP_NONE);
    CHECK_OK(rns_spawn_attr_free(a));
    expect_no_zombie();
}

/* umask, nice and a resource limit in place in the program; raising nice is always allowed,
 * lowering it or raising a hard limit needs privilege (as uid 65534: the steps' errors). */
TEST(spawn_umask_nice_rlimit, ANY)
{
    char out[256];
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_umask(a, 027));
    CHECK_OK(rns_spawn_attr_set_nice(a, 5));
    CHECK_OK(rns_spawn_attr_set_rlimit(a, RLIMIT_NOFILE, 100, 200));
    char *argv[] = { "/bin/sh", "-c", "echo $(umask) $(cut -d' ' -f19 /proc/self/stat) $(ulimit -n) $(ulimit -Hn)", NULL };
    CHECK_EQ_INT(run_capture(a, argv, NULL, out, sizeof out), 0);
    CHECK_STR_EQ(out, "0027 5 100 200");
    a = new_attr();
    CHECK_ERR(rns_spawn_attr_set_umask(a, 01000), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_umask(a, -2), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_nice(a, 20), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_nice(a, -21), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_rlimit(a, 16, 1, 1), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_rlimit(a, RLIMIT_NOFILE, 2, 1), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_umask(NULL, 0), -EFAULT);
    CHECK_ERR(rns_spawn_attr_set_nice(NULL, 0), -EFAULT);
    CHECK_ERR(rns_spawn_attr_set_rlimit(NULL, 0, 0, 0), -EFAULT);
    CHECK_OK(rns_spawn_attr_free(a));
}

TEST(spawn_nice_rlimit_unprivileged, UNPRIV)
{
    if (h_in_userns)
        SKIP("root of a user namespace may lower nice and raise limits within the parent's (a real uid 65534 cannot)");
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_nice(a, -5));
    expect_fail(a, "/bin/true", -EACCES, RNS_SPAWN_STEP_NICE);
    struct rlimit rl;
    CHECK_SYS(getrlimit(RLIMIT_NOFILE, &rl));
    if (rl.rlim_max == RLIM_INFINITY)
        SKIP("the hard RLIMIT_NOFILE is infinite here: nothing above it to refuse");
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_rlimit(a, RLIMIT_NOFILE, rl.rlim_max + 1, rl.rlim_max + 1));
    expect_fail(a, "/bin/true", -EPERM, RNS_SPAWN_STEP_RLIMIT);
}

/* The "0::" line of /proc/self/cgroup. */
static void own_cgroup_line(char *out, size_t n)
{
    char *argv[] = { "/bin/grep", "^0::", "/proc/self/cgroup", NULL };
    CHECK_EQ_INT(run_capture(NULL, argv, NULL, out, n), 0);
}

struct cg_case {
    int dir;          /* the test's cgroup */
    int gone;         /* a cgroup removed since it was opened */
    char want[600];   /* the "0::" line of a process in `dir` */
    char before[600]; /* the caller's */
    int no_pidfd;     /* under SB_NOPIDFD: no second fork (it needs pidfd_open) */
};

static void cgroup_spawns(void *arg)
{
    struct cg_case *c = arg;
    char out[600], map[64];
    char *argv[] = { "/bin/grep", "^0::", "/proc/self/cgroup", NULL };
    /* The child shares our memory (no maps) ... */
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_cgroup(a, c->dir));
    CHECK_EQ_INT(run_capture(a, argv, NULL, out, sizeof out), 0);
    CHECK_STR_EQ(out, c->want);
    /* ... or is a copy (maps written by us) ... */
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_cgroup(a, c->dir));
    CHECK_OK(rns_spawn_attr_set_unshare(a, RNS_CLONE_NEWUSER));
    snprintf(map, sizeof map, "0 %u 1", (unsigned)geteuid());
    CHECK_OK(rns_spawn_attr_set_uid_map(a, map));
    CHECK_EQ_INT(run_capture(a, argv, NULL, out, sizeof out), 0);
    CHECK_STR_EQ(out, c->want);
    /* ... or the program is forked by it into a joined pid namespace (our own). */
    if (c->no_pidfd)
        goto caller;
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_cgroup(a, c->dir));
    int pidns = (int)CHECK_SYS(open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC));
    CHECK_OK(rns_spawn_attr_set_join(a, pidns, 0));
    close(pidns);
    CHECK_EQ_INT(run_capture(a, argv, NULL, out, sizeof out), 0);
    CHECK_STR_EQ(out, c->want);
caller:
    /* The caller stays where it was. */
    own_cgroup_line(out, sizeof out);
    CHECK_STR_EQ(out, c->before);
    /* A removed cgroup: ENOENT at the cgroup step, the child reaped. */
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_cgroup(a, c->gone));
    expect_fail(a, "/bin/true", -ENOENT, RNS_SPAWN_STEP_CGROUP);
    expect_no_zombie();
}

/* The program starts in the cgroup given (CLONE_INTO_CGROUP; without clone3, the child's
 * write to cgroup.procs), in every way the child is made; the caller's cgroup is unchanged. */
TEST(spawn_cgroup, PRIV)
{
    if (h_in_userns)
        SKIP("root of a user namespace cannot create a cgroup in the host's hierarchy");
    char dir[512], sub[560], gone[580];
    int r = own_cgroup2(dir, sizeof dir);
    if (r < 0)
        SKIP("no cgroup v2 hierarchy mounted here (%s)", h_errname(r));
    snprintf(sub, sizeof sub, "%s/rns-test-%d", dir, (int)getpid());
    if (mkdir(sub, 0755) < 0)
        SKIP("cannot create a cgroup under %s: %s", dir, strerror(errno));
    snprintf(gone, sizeof gone, "%s/gone", sub);
    struct cg_case c = { 0 };
    c.dir = open(sub, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int made = mkdir(gone, 0755);
    c.gone = open(gone, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int removed = rmdir(gone);
    const char *rel = strstr(sub, "/rns-test-");
    char line[600];
    own_cgroup_line(c.before, sizeof c.before);
    snprintf(line, sizeof line, "%s", c.before);
    /* The test's cgroup is the caller's, one level down. */
    snprintf(c.want, sizeof c.want, "%s%s", strcmp(line, "0::/") == 0 ? "0::" : line, rel);
    /* The cases run in a child, so that the cgroup is removed whatever they report. */
    int st = -1;
    if (c.dir >= 0 && made == 0 && c.gone >= 0 && removed == 0) {
        pid_t pid = (pid_t)CHECK_SYS(h_fork());
        if (pid == 0) {
            c.no_pidfd = no_pidfd(); /* a sandbox around the whole suite (make test-sandbox) */
            in_sandbox(0, cgroup_spawns, &c);
            c.no_pidfd = 1;
            in_sandbox(SB_NOPIDFD, cgroup_spawns, &c);
            sb_done();
            _exit(0);
        }
        CHECK_SYS(waitpid(pid, &st, 0));
    }
    close(c.dir);
    close(c.gone);
    if (rmdir(sub) < 0)
        FAIL("rmdir %s: %s (a process left in it?)", sub, strerror(errno));
    CHECK(c.dir >= 0 && made == 0 && c.gone >= 0 && removed == 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        FAIL("the cgroup cases failed (status 0x%x; reported above)", st);
}

static void cgroup_denied(void *arg)
{
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_cgroup(a, *(int *)arg));
    expect_fail(a, "/bin/true", -EACCES, RNS_SPAWN_STEP_CGROUP);
}

/* A cgroup whose cgroup.procs we may not write: EACCES at the cgroup step, with clone3 and
 * without. */
TEST(spawn_cgroup_denied, UNPRIV)
{
    char dir[512], procs[600];
    int r = own_cgroup2(dir, sizeof dir);
    if (r < 0)
        SKIP("no cgroup v2 hierarchy mounted here (%s)", h_errname(r));
    snprintf(procs, sizeof procs, "%s/cgroup.procs", dir);
    if (access(procs, W_OK) == 0)
        SKIP("%s is writable by this user (a delegated cgroup)", procs);
    int fd = (int)CHECK_SYS(open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    in_sandbox(0, cgroup_denied, &fd);
    in_sandbox(SB_NOPIDFD, cgroup_denied, &fd);
    close(fd);
    sb_done();
}

TEST(spawn_cgroup_bad_input, ANY)
{
    rns_spawn_attr *a = new_attr();
    CHECK_ERR(rns_spawn_attr_set_cgroup(NULL, -1), -EFAULT);
    CHECK_ERR(rns_spawn_attr_set_cgroup(a, -2), -EBADF);
    int closed = (int)CHECK_SYS(dup(0));
    close(closed);
    CHECK_ERR(rns_spawn_attr_set_cgroup(a, closed), -EBADF);
    int tmp = (int)CHECK_SYS(open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    CHECK_ERR(rns_spawn_attr_set_cgroup(a, tmp), -EINVAL);
    close(tmp);
    CHECK_OK(rns_spawn_attr_set_cgroup(a, -1));
    char dir[512], procs[600];
    if (own_cgroup2(dir, sizeof dir) == 0) {
        snprintf(procs, sizeof procs, "%s/cgroup.procs", dir);
        int f = (int)CHECK_SYS(open(procs, O_RDONLY | O_CLOEXEC));
        CHECK_ERR(rns_spawn_attr_set_cgroup(a, f), -ENOTDIR);
        close(f);
        int d = (int)CHECK_SYS(open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC));
        int before = count_open_fds();
        CHECK_OK(rns_spawn_attr_set_cgroup(a, d));
        CHECK_OK(rns_spawn_attr_set_cgroup(a, d)); /* replaces, closing the first copy */
        CHECK_EQ_INT(count_open_fds(), before + 1);
        close(d);
    } else {
        PASS_NOTE("no cgroup v2 hierarchy here: the -ENOTDIR case not run");
    }
    CHECK_OK(rns_spawn_attr_free(a));
}
