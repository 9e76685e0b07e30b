/*
 * test_spawn_peers.c - spawning where the peers' own suites found librns differing (issue 17):
 *
 *   rns_spawn_attr_set_flags (RNS_SPAWN_BLOCKING_STDIO, RNS_SPAWN_KEEP_GROUPS), the groups an
 *   id change drops, nsenter's join order, thread cancellation (glibc's nptl/tst-exec5), fd
 *   actions at RLIMIT_NOFILE and the fds a spawn needs (posix_spawn side by side).
 *
 * Part of the test_rns program (test_rns.c runs it; helpers.h, spawn_helpers.h).
 */
#define _GNU_SOURCE
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include "helpers.h"
#include "spawn_helpers.h"

extern char **environ;

/* ---- 17.1: O_NONBLOCK stdio --------------------------------------------------------- */

/* Spawns `head -c N /dev/zero` with stdout the write end of an O_NONBLOCK pipe, with
 * `flags`, starts reading only 200 ms later and returns how many bytes arrived; *code is
 * head's exit code, *nonblock whether the write end still has O_NONBLOCK afterwards. */
static long late_reader(int flags, long n, int *code, int *nonblock)
{
    int p[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    CHECK_SYS(fcntl(p[1], F_SETFL, O_NONBLOCK));
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_flags(a, flags));
    CHECK_OK(rns_spawn_attr_set_fd(a, 1, p[1]));
    CHECK_OK(rns_spawn_attr_set_fd(a, 2, -1)); /* head's "write error" is expected here */
    char count[32];
    snprintf(count, sizeof count, "%ld", n);
    char *argv[] = { "head", "-c", count, "/dev/zero", NULL };
    pid_t pid;
    int fd = CHECK_OK(rns_spawn(a, "/usr/bin/head", argv, NULL, &pid, NULL));
    rns_spawn_attr_free(a);
    *nonblock = (CHECK_SYS(fcntl(p[1], F_GETFL)) & O_NONBLOCK) != 0;
    close(p[1]);
    usleep(200 * 1000);
    char buf[65536];
    long got = 0;
    ssize_t r;
    while ((r = read(p[0], buf, sizeof buf)) > 0)
        got += r;
    close(p[0]);
    *code = wait_pidfd(fd, pid);
    return got;
}

TEST(spawn_blocking_stdio, ANY)
{
    const long n = 4 * 1000 * 1000;
    int code, nonblock;
    /* The default leaves the description as it is (posix_spawn's way): head meets EAGAIN. */
    long got = late_reader(0, n, &code, &nonblock);
    CHECK(nonblock);
    if (got >= n || code == 0)
        FAIL("without the flag head wrote %ld bytes, exit %d: EAGAIN expected", got, code);
    /* RNS_SPAWN_BLOCKING_STDIO: every byte, as through child_process or os/exec; the
     * shared description lost O_NONBLOCK for the caller too, as documented. */
    got = late_reader(RNS_SPAWN_BLOCKING_STDIO, n, &code, &nonblock);
    CHECK_EQ_INT(code, 0);
    CHECK_EQ_INT(got, n);
    CHECK(!nonblock);
    rns_spawn_attr *a = new_attr();
    CHECK_ERR(rns_spawn_attr_set_flags(a, 0x40000000), -EINVAL); /* no flag */
    CHECK_ERR(rns_spawn_attr_set_flags(a, -1), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_flags(NULL, 0), -EFAULT);
    rns_spawn_attr_free(a);
}

/* ---- 17.2: supplementary groups on an id change --------------------------------------- */

/* The Groups line of the program's /proc/self/status, as "4 27" ("" for none). */
static void child_groups(rns_spawn_attr *a, char *out, size_t n)
{
    char *argv[] = { "/bin/grep", "^Groups:", "/proc/self/status", NULL };
    char line[512];
    CHECK_EQ_INT(run_capture(a, argv, NULL, line, sizeof line), 0);
    const char *s = line + strlen("Groups:");
    while (*s == ' ' || *s == '\t')
        s++;
    size_t len = strlen(s) < n ? strlen(s) : n - 1;
    memcpy(out, s, len);
    out[len] = 0;
    while (len > 0 && out[len - 1] == ' ')
        out[--len] = 0;
}

static rns_spawn_attr *as_nobody(int flags)
{
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_ids(a, 65534, 65534));
    CHECK_OK(rns_spawn_attr_set_flags(a, flags));
    return a;
}

TEST(spawn_ids_drop_groups, PRIV)
{
    if (h_in_userns)
        SKIP("needs real root (setgroups is denied in the user namespace an ordinary user gets)");
    gid_t two[] = { 4, 27 };
    CHECK_SYS(setgroups(2, two));
    char g[256];
    /* ids without groups: dropped, as child_process, os/exec and CERT POS36-C drop them */
    child_groups(as_nobody(0), g, sizeof g);
    CHECK_STR_EQ(g, "");
    /* only the uid, or only the gid, changes: dropped too */
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_ids(a, 65534, (gid_t)-1));
    child_groups(a, g, sizeof g);
    CHECK_STR_EQ(g, "");
    /* kept on request (os/exec's NoSetGroups) */
    child_groups(as_nobody(RNS_SPAWN_KEEP_GROUPS), g, sizeof g);
    CHECK_STR_EQ(g, "4 27");
    /* explicit groups win */
    a = as_nobody(RNS_SPAWN_KEEP_GROUPS);
    gid_t five = 5;
    CHECK_OK(rns_spawn_attr_set_groups(a, &five, 1));
    child_groups(a, g, sizeof g);
    CHECK_STR_EQ(g, "5");
    /* no id change: the caller's groups */
    child_groups(NULL, g, sizeof g);
    CHECK_STR_EQ(g, "4 27");

    /* Without CAP_SETGID but with groups: the drop is refused (EPERM at GROUPS, as os/exec);
     * in a new user namespace whose setgroups the parent denied, nothing is dropped (the
     * groups cannot change there) and the ids are set. */
    CHECK_SYS(syscall(SYS_setresgid, 65534, 65534, 65534));
    CHECK_SYS(syscall(SYS_setresuid, 65534, 65534, 65534));
    CHECK_SYS(prctl(PR_SET_DUMPABLE, 1)); /* our children's /proc files ours to write */
    expect_fail(as_nobody(0), "/bin/true", -EPERM, RNS_SPAWN_STEP_GROUPS);
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_unshare(a, RNS_CLONE_NEWUSER));
    CHECK_OK(rns_spawn_attr_set_uid_map(a, "0 65534 1"));
    CHECK_OK(rns_spawn_attr_set_gid_map(a, "0 65534 1"));
    CHECK_OK(rns_spawn_attr_set_ids(a, 0, 0));
    char *argv[] = { "/bin/true", NULL };
    pid_t pid;
    int step = -1;
    int fd = rns_spawn(a, "/bin/true", argv, NULL, &pid, &step);
    rns_spawn_attr_free(a);
    if (fd < 0 && step == RNS_SPAWN_STEP_CLONE)
        SKIP("uid 65534 may not create a user namespace here: %s", h_errname(fd));
    if (fd < 0)
        FAIL("ids 0 in a user namespace with setgroups denied: %s at step %d", h_errname(fd), step);
    CHECK_EQ_INT(wait_pidfd(fd, pid), 0);
}

/* ---- 17.3: nsenter's join order, whatever order the joins are given in ------------------ */

TEST(spawn_join_order_given_user_last, UNPRIV)
{
    /* A helper in a user namespace of ours and a UTS namespace it owns: the UTS namespace
     * can be joined only once inside the user namespace (nsenter enters user first). */
    pid_t helper = ns_helper(RNS_CLONE_NEWUSER | RNS_CLONE_NEWUTS);
    char path[64], want[128], out[128];
    snprintf(path, sizeof path, "/proc/%d/ns/uts", (int)helper);
    int uts = (int)CHECK_SYS(open(path, O_RDONLY | O_CLOEXEC));
    ssize_t len = readlink(path, want, sizeof want - 1);
    CHECK(len > 0);
    want[len] = 0;
    snprintf(path, sizeof path, "/proc/%d/ns/user", (int)helper);
    int user = (int)CHECK_SYS(open(path, O_RDONLY | O_CLOEXEC));
    char *argv[] = { "/bin/readlink", "/proc/self/ns/uts", NULL };
    /* given [uts, user] and [user, uts]: both enter */
    for (int order = 0; order < 2; order++) {
        rns_spawn_attr *a = new_attr();
        CHECK_OK(rns_spawn_attr_set_join(a, order ? user : uts, 0));
        CHECK_OK(rns_spawn_attr_set_join(a, order ? uts : user, 0));
        CHECK_EQ_INT(run_capture(a, argv, NULL, out, sizeof out), 0);
        CHECK_STR_EQ(out, want);
    }
    close(uts);
    close(user);
    kill_and_reap(helper);
    expect_no_zombie();
}

/* ---- 17.4: a pending cancellation never acts inside the library ------------------------ */

struct cancel_run {
    int spawn, run, wait, enter, restore, userns, setns;
    pid_t pid;
    int result;
};

static int run_fn(void *arg)
{
    (void)arg;
    return 7;
}

/* Each call made with a cancellation pending; fds are closed by raw syscall (close(2) of libc
 * would act on the cancellation). Ends at pthread_testcancel(). */
static void *cancel_thread(void *arg)
{
    struct cancel_run *c = arg;
    CHECK_EQ_INT(pthread_cancel(pthread_self()), 0);
    char *argv[] = { "/bin/true", NULL };
    c->spawn = rns_spawn(NULL, "/bin/true", argv, NULL, &c->pid, NULL);
    int self = (int)syscall(SYS_openat, AT_FDCWD, "/proc/thread-self/ns/uts", O_RDONLY | O_CLOEXEC);
    c->run = rns_run_in_ns(self, RNS_CLONE_NEWUTS, run_fn, NULL, &c->result);
    rns_ns_saved *saved = NULL;
    c->enter = rns_ns_enter(self, RNS_CLONE_NEWUTS, &saved);
    c->restore = c->enter >= 0 ? rns_ns_restore(saved) : c->enter;
    c->setns = rns_setns_path("/proc/thread-self/ns/uts", RNS_CLONE_NEWUTS);
    syscall(SYS_close, self);
    c->userns = rns_userns_acquire("0 0 1", "0 0 1", 0);
    if (c->userns >= 0)
        syscall(SYS_close, c->userns);
    if (c->spawn >= 0) {
        rns_wait_status st = { .size = sizeof st };
        c->wait = rns_pidfd_wait(c->spawn, RNS_WEXITED, &st);
        syscall(SYS_close, c->spawn);
    }
    pthread_testcancel();
    return NULL;
}

TEST(spawn_pending_cancellation, ANY)
{
    int before = count_open_fds();
    struct cancel_run c;
    memset(&c, 0x55, sizeof c);
    pthread_t t;
    CHECK_EQ_INT(pthread_create(&t, NULL, cancel_thread, &c), 0);
    void *ret = NULL;
    CHECK_EQ_INT(pthread_join(t, &ret), 0);
    CHECK(ret == PTHREAD_CANCELED);
    if (c.spawn == 0x55555555)
        FAIL("rns_spawn never returned: the thread was cancelled inside it");
    CHECK(c.spawn >= 0);
    CHECK_OK(c.wait);
    /* Each returned: a value, or (entering a namespace without CAP_SYS_ADMIN over it, or a
     * user namespace as an ordinary user) a refusal that still passed the library's
     * cancellation points (pthread_join, close). */
    int rs[] = { c.run, c.enter, c.restore, c.setns, c.userns };
    for (size_t i = 0; i < sizeof rs / sizeof rs[0]; i++)
        CHECK(rs[i] != 0x55555555 && rs[i] > -134);
    if (geteuid() == 0 && !h_in_userns) {
        CHECK_OK(c.run);
        CHECK_EQ_INT(c.result, 7);
        CHECK_OK(c.enter);
        CHECK_OK(c.restore);
        CHECK_OK(c.setns);
        CHECK(c.userns >= 0);
    }
    CHECK_EQ_INT(count_open_fds(), before);
    expect_no_zombie();
}

/* ---- 17.5: fd actions at RLIMIT_NOFILE, and the fds a spawn needs ---------------------- */

static void set_nofile(rlim_t soft)
{
    struct rlimit rl;
    CHECK_SYS(getrlimit(RLIMIT_NOFILE, &rl));
    rl.rlim_cur = soft;
    CHECK_SYS(setrlimit(RLIMIT_NOFILE, &rl));
}

TEST(spawn_fd_actions_at_nofile_limit, ANY)
{
    set_nofile(64);
    int p[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    rns_spawn_attr *a = new_attr();
    /* dup2's range, as posix_spawn_file_actions_adddup2 checks it */
    posix_spawn_file_actions_t fa;
    CHECK_EQ_INT(posix_spawn_file_actions_init(&fa), 0);
    for (int t = 61; t <= 63; t++) {
        CHECK_OK(rns_spawn_attr_set_fd(a, t, p[1]));
        CHECK_EQ_INT(posix_spawn_file_actions_adddup2(&fa, p[1], t), 0);
    }
    CHECK_ERR(rns_spawn_attr_set_fd(a, 64, p[1]), -EBADF);
    CHECK_EQ_INT(posix_spawn_file_actions_adddup2(&fa, p[1], 64), EBADF);
    posix_spawn_file_actions_destroy(&fa);
    CHECK_OK(rns_spawn_attr_set_fd(a, 1, p[1]));
    char want[128];
    int w = snprintf(want, sizeof want, "pipe:[%lu]\n", (unsigned long)fd_ino(p[1]));
    close(p[1]);
    char *argv[] = { "readlink", "/proc/self/fd/61", "/proc/self/fd/62", "/proc/self/fd/63", NULL };
    pid_t pid;
    int step = -1;
    int fd = rns_spawn(a, "/bin/readlink", argv, NULL, &pid, &step);
    rns_spawn_attr_free(a);
    if (fd < 0)
        FAIL("rns_spawn with targets 61..63 under a limit of 64: %s at step %d", h_errname(fd), step);
    char out[3 * 128] = "";
    read_all(p[0], out, 3 * (size_t)w);
    close(p[0]);
    char all[3 * 128];
    snprintf(all, sizeof all, "%s%s%s", want, want, want);
    CHECK_STR_EQ(out, all);
    CHECK_EQ_INT(wait_pidfd(fd, pid), 0);
    /* A limit lowered after the action was set: dup2's EBADF at the fd step. */
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_fd(a, 63, 0));
    set_nofile(32);
    expect_fail(a, "/bin/true", -EBADF, RNS_SPAWN_STEP_FDS);
}

/* Spawns `path` (with `a`, freed here) with one free fd, and posix_spawn's /bin/true beside
 * it; returns rns_spawn's result (the child reaped), *step its step. */
static int spawn_with_one_free_fd(rns_spawn_attr *a, const char *path, int *step)
{
    int fds[1024], n = 0;
    set_nofile(256);
    int fd;
    while (n < 1024 && (fd = fcntl(0, F_DUPFD_CLOEXEC, 0)) >= 0)
        fds[n++] = fd;
    CHECK_EQ_INT(errno, EMFILE);
    CHECK(n > 1);
    close(fds[--n]);
    char *argv[] = { (char *)path, NULL }, *t[] = { "/bin/true", NULL };
    pid_t pid, ppid;
    int r = rns_spawn(a, path, argv, NULL, &pid, step);
    rns_spawn_attr_free(a);
    CHECK_EQ_INT(posix_spawn(&ppid, "/bin/true", NULL, NULL, t, environ), 0);
    CHECK_SYS(waitpid(ppid, NULL, 0));
    if (r >= 0)
        CHECK_EQ_INT(wait_pidfd(r, pid), 0);
    while (n > 0)
        close(fds[--n]);
    return r;
}

TEST(spawn_needs_one_fd, ANY)
{
    if (H_VALGRIND())
        SKIP("valgrind keeps fds of its own above the limit this case sets");
    if (H_ASAN)
        SKIP("the sanitizer build makes a fork-style child, which reports through a pipe (3 fds)");
    int step = -1;
    int r = spawn_with_one_free_fd(NULL, "/bin/true", &step);
    if (r < 0)
        FAIL("rns_spawn with one free fd: %s at step %d (posix_spawn worked)", h_errname(r), step);
    /* with fd actions too (the attribute holds its own duplicates) */
    int p[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_fd(a, 1, p[1]));
    CHECK_OK(rns_spawn_attr_set_fd(a, 2, p[1]));
    close(p[0]);
    close(p[1]);
    r = spawn_with_one_free_fd(a, "/bin/true", &step);
    if (r < 0)
        FAIL("rns_spawn, two fd actions, one free fd: %s at step %d", h_errname(r), step);
    /* a failure in the child comes back through the same single fd */
    r = spawn_with_one_free_fd(NULL, "/nonexistent/rns-prog", &step);
    CHECK_EQ_INT(r, -ENOENT);
    CHECK_EQ_INT(step, RNS_SPAWN_STEP_EXEC);
    expect_no_zombie();
}

/* ---- 18: signal mask and default signals, as posix_spawn's SETSIGMASK and SETSIGDEF ----- */

/* The SigBlk and SigIgn lines of /proc/self/status of grep started by rns_spawn with `a`
 * (freed here), or by posix_spawn with `pa` (`a` NULL). */
static void sig_lines(rns_spawn_attr *a, const posix_spawnattr_t *pa, char *out, size_t n)
{
    char *argv[] = { "/bin/grep", "-E", "^Sig(Blk|Ign):", "/proc/self/status", NULL };
    if (a)
        CHECK_EQ_INT(run_capture(a, argv, NULL, out, n), 0);
    else
        CHECK_EQ_INT(posix_capture(NULL, pa, argv, out, n), 0);
}

/* "blk X ign Y" of the SigBlk and SigIgn lines, the ignored signals among the standard ones
 * (1..31): the rest is the environment's (a parent's glibc posix_spawn leaves its internal
 * signals ignored, and so its children's children). */
static const char *standard_signals(const char *lines)
{
    static char out[64];
    unsigned long long b, i;
    CHECK_EQ_INT(sscanf(lines, "SigBlk: %llx SigIgn: %llx", &b, &i), 2);
    snprintf(out, sizeof out, "blk %llx ign %llx", b, i & 0x7fffffffULL);
    return out;
}

/* Both programs block and ignore the same signals, glibc's internal ones (32, 33) aside:
 * posix_spawn leaves its child ignoring them (SigIgn 0x180000000), an artefact of glibc's
 * handlers that librns does not copy (they are at SIG_DFL, as in any freshly exec'd program). */
static void same_standard_signals(const char *ours, const char *peer)
{
    unsigned long long ob, oi, pb, pi;
    CHECK_EQ_INT(sscanf(ours, "SigBlk: %llx SigIgn: %llx", &ob, &oi), 2);
    CHECK_EQ_INT(sscanf(peer, "SigBlk: %llx SigIgn: %llx", &pb, &pi), 2);
    const unsigned long long internal = 3ULL << 31;
    if (ob != pb || (oi & ~internal) != (pi & ~internal))
        FAIL("rns_spawn's program: '%s'; posix_spawn's: '%s'", ours, peer);
}

TEST(spawn_sigmask_sigdefault, ANY)
{
    signal(SIGPIPE, SIG_IGN);
    signal(SIGUSR2, SIG_IGN);
    sigset_t mask, def;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    sigaddset(&mask, SIGINT);
    sigemptyset(&def);
    sigaddset(&def, SIGPIPE);
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_sigmask(a, &mask));
    CHECK_OK(rns_spawn_attr_set_sigdefault(a, &def));
    posix_spawnattr_t pa;
    posix_spawnattr_init(&pa);
    posix_spawnattr_setsigmask(&pa, &mask);
    posix_spawnattr_setsigdefault(&pa, &def);
    posix_spawnattr_setflags(&pa, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    char ours[256], peer[256];
    sig_lines(a, NULL, ours, sizeof ours);
    sig_lines(NULL, &pa, peer, sizeof peer);
    posix_spawnattr_destroy(&pa);
    same_standard_signals(ours, peer);
    /* SIGINT (2) and SIGUSR1 (10) blocked; SIGUSR2 (12) still ignored, SIGPIPE (13) not. */
    CHECK_STR_EQ(standard_signals(ours), "blk 202 ign 800");
    /* The defaults: nothing blocked, ignored signals stay ignored; NULL clears a setting. */
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_sigmask(a, &mask));
    CHECK_OK(rns_spawn_attr_set_sigmask(a, NULL));
    CHECK_OK(rns_spawn_attr_set_sigdefault(a, NULL));
    sig_lines(a, NULL, ours, sizeof ours);
    CHECK_STR_EQ(standard_signals(ours), "blk 0 ign 1800");
    /* glibc's internal signals are never blocked for the program, as posix_spawn does. */
    sigset_t all;
    sigfillset(&all);
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_sigmask(a, &all));
    posix_spawnattr_init(&pa);
    posix_spawnattr_setsigmask(&pa, &all);
    posix_spawnattr_setflags(&pa, POSIX_SPAWN_SETSIGMASK);
    sig_lines(a, NULL, ours, sizeof ours);
    sig_lines(NULL, &pa, peer, sizeof peer);
    posix_spawnattr_destroy(&pa);
    same_standard_signals(ours, peer);
    if (!strstr(ours, "SigBlk:\tfffffffe7ffbfeff"))
        FAIL("all but SIGKILL, SIGSTOP and glibc's 32, 33 blocked expected: %s", ours);
    CHECK_ERR(rns_spawn_attr_set_sigmask(NULL, &mask), -EFAULT);
    CHECK_ERR(rns_spawn_attr_set_sigdefault(NULL, &def), -EFAULT);
}

/* RNS_SPAWN_SETGROUPS_DENY, beside unshare --setgroups deny: the program's new user
 * namespace has "deny" in its setgroups, with maps (the parent writes it before the gid map,
 * also with CAP_SETGID) and without (the child writes its own, as unshare does). Without the
 * flag, "deny" is written only where the kernel requires it (no CAP_SETGID over the map). */
static void setgroups_of(int flags, int maps, char *out, size_t n)
{
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_unshare(a, RNS_CLONE_NEWUSER));
    CHECK_OK(rns_spawn_attr_set_flags(a, flags));
    if (maps) {
        char m[64];
        snprintf(m, sizeof m, "0 %u 1", (unsigned)getuid());
        CHECK_OK(rns_spawn_attr_set_uid_map(a, m));
        snprintf(m, sizeof m, "0 %u 1", (unsigned)getgid());
        CHECK_OK(rns_spawn_attr_set_gid_map(a, m));
    }
    char *argv[] = { "/bin/cat", "/proc/self/setgroups", NULL };
    int code = run_capture(a, argv, NULL, out, n);
    if (code != 0)
        FAIL("cat /proc/self/setgroups exited %d", code);
}

TEST(spawn_setgroups_deny_as_unshare, ANY)
{
    rns_spawn_attr *probe = new_attr();
    CHECK_OK(rns_spawn_attr_set_unshare(probe, RNS_CLONE_NEWUSER));
    char *tru[] = { "/bin/true", NULL };
    pid_t pid;
    int step, fd = rns_spawn(probe, "/bin/true", tru, NULL, &pid, &step);
    rns_spawn_attr_free(probe);
    if (fd < 0)
        SKIP("no user namespace here (%s at step %d)", h_errname(fd), step);
    CHECK_EQ_INT(wait_pidfd(fd, pid), 0);
    char out[64], peer[64];
    char *argv[] = { "/usr/bin/unshare", "--user", "--setgroups", "deny", "/bin/cat", "/proc/self/setgroups", NULL };
    CHECK_EQ_INT(run_capture(NULL, argv, NULL, peer, sizeof peer), 0);
    CHECK_STR_EQ(peer, "deny");
    setgroups_of(RNS_SPAWN_SETGROUPS_DENY, 0, out, sizeof out);
    CHECK_STR_EQ(out, peer);
    setgroups_of(RNS_SPAWN_SETGROUPS_DENY, 1, out, sizeof out);
    CHECK_STR_EQ(out, "deny");
    /* Without the flag: "allow" where the caller may map groups (CAP_SETGID), as unshare's
     * default; "deny" where the kernel requires it. */
    setgroups_of(0, 1, out, sizeof out);
    CHECK_STR_EQ(out, geteuid() == 0 ? "allow" : "deny");
    setgroups_of(0, 0, out, sizeof out);
    CHECK_STR_EQ(out, "allow");
}
