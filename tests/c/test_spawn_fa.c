/*
 * test_spawn_fa.c - the fd actions and the terminal of rns_spawn (issue 18): each action
 * sequence run by rns_spawn and by glibc's posix_spawn with the same file actions, and the
 * programs' fd tables and cwd compared (open, close, dup2 in order, chdir, fchdir,
 * closefrom, RNS_SPAWN_KEEP_FDS); errors at their step and action index; tcsetpgrp on a pty
 * beside posix_spawn_file_actions_addtcsetpgrp_np; the controlling terminal (set_ctty,
 * RNS_SPAWN_NOCTTY) against the kernel's /proc/PID/stat.
 *
 * Part of the test_rns program (test_rns.c runs it; helpers.h, spawn_helpers.h).
 */
#define _GNU_SOURCE
#include <semaphore.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>

#include "helpers.h"
#include "seccomp.h"
#include "spawn_helpers.h"

extern char **environ;

/* A directory of the case's own under /tmp (removed by done() at the case's end). */
static char dir[64];

static const char *case_dir(void)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/rns-fa-XXXXXX");
        CHECK(mkdtemp(dir) != NULL);
        CHECK_SYS(chmod(dir, 0777));
    }
    return dir;
}

/* Removes the case's directory. */
static void done(void)
{
    if (dir[0])
        rm_tree(dir);
    dir[0] = 0;
}

static const char *in_dir(const char *name)
{
    static char path[4][128];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, 128, "%s/%s", case_dir(), name);
    return p;
}

/* The probe: a shell whose cwd and fd table find reads from /proc/SHELL while the shell
 * waits (no redirection: find writes the report file $1 itself; ":" last, so that dash
 * forks find rather than becoming it): "cwd PATH", then "FD TARGET" lines. */
static char *probe_argv[] = {
    "/bin/sh", "-c",
    "find /proc/$$/cwd /proc/$$/fd \\( -name cwd -o -path '*/fd/*' \\) -fprintf \"$1\" '%f %l\\n'; :",
    "sh", NULL, NULL
};

/* The report, with "[...]" of pipes and sockets taken out (their inodes differ per run). */
static void read_report(const char *path, char *out, size_t n)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    CHECK_SYS(fd);
    char raw[4096];
    read_output(fd, raw, sizeof raw);
    size_t o = 0;
    for (const char *s = raw; *s && o + 1 < n; s++) {
        if (*s == '[') {
            while (*s && *s != ']')
                s++;
            if (!*s)
                break;
            continue;
        }
        out[o++] = *s;
    }
    if (o + 1 < n)
        out[o++] = '\n'; /* every line ends with one, the last too */
    out[o] = 0;
    unlink(path);
}

/* The probe's report under rns_spawn with `a` (freed here), which must succeed. */
static void ours(rns_spawn_attr *a, char *out, size_t n)
{
    probe_argv[4] = (char *)in_dir("report");
    pid_t pid;
    int step = -1;
    int fd = rns_spawn(a, probe_argv[0], probe_argv, NULL, &pid, &step);
    rns_spawn_attr_free(a);
    if (fd < 0)
        FAIL("rns_spawn: %s at step %d", h_errname(fd), step);
    CHECK_EQ_INT(wait_pidfd(fd, pid), 0);
    read_report(probe_argv[4], out, n);
}

/* The probe's report under posix_spawn with `fa` (destroyed here), which must succeed. */
static void peer(posix_spawn_file_actions_t *fa, const posix_spawnattr_t *pa, char *out, size_t n)
{
    probe_argv[4] = (char *)in_dir("report");
    pid_t pid;
    int r = posix_spawn(&pid, probe_argv[0], fa, pa, probe_argv, environ);
    posix_spawn_file_actions_destroy(fa);
    if (r != 0)
        FAIL("posix_spawn: %s", strerror(r));
    int st;
    CHECK_SYS(waitpid(pid, &st, 0));
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    read_report(probe_argv[4], out, n);
}

/* Both reports equal, and the line `want` (if any) in them. */
static void same(const char *o, const char *p, const char *want)
{
    if (strcmp(o, p) != 0)
        FAIL("rns_spawn's program:\n%s\nposix_spawn's:\n%s", o, p);
    if (want && !strstr(o, want))
        FAIL("'%s' expected in:\n%s", want, o);
}

static rns_spawn_attr *keep_attr(void)
{
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_flags(a, RNS_SPAWN_KEEP_FDS));
    return a;
}

/* A new O_CLOEXEC fd of `name` in the case's directory, created with `flags`. */
static int file_fd(const char *name, int flags)
{
    int fd = open(in_dir(name), flags | O_CLOEXEC | O_CREAT, 0644);
    CHECK_SYS(fd);
    return fd;
}

static char line[4][256];

/* "N PATH" of a file in the case's directory, for same()'s `want`. */
static const char *fd_line(int fd, const char *name)
{
    static int next;
    char *l = line[next++ % 4];
    snprintf(l, 256, "\n%d %s\n", fd, in_dir(name));
    return l;
}

TEST(spawn_fa_open_close_dup2, ANY)
{
    char o[4096], p[4096], a_path[128];
    snprintf(a_path, sizeof a_path, "%s", in_dir("a"));
    close(file_fd("b", O_WRONLY));
    rns_spawn_attr *a = keep_attr();
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    CHECK_OK(rns_spawn_attr_add_open(a, 5, a_path, O_WRONLY | O_CREAT | O_TRUNC, 0640));
    posix_spawn_file_actions_addopen(&fa, 5, a_path, O_WRONLY | O_CREAT | O_TRUNC, 0640);
    CHECK_OK(rns_spawn_attr_add_open(a, 0, in_dir("b"), O_RDONLY, 0));
    posix_spawn_file_actions_addopen(&fa, 0, in_dir("b"), O_RDONLY, 0);
    CHECK_OK(rns_spawn_attr_add_close(a, 2));
    posix_spawn_file_actions_addclose(&fa, 2);
    CHECK_OK(rns_spawn_attr_add_dup2(a, 5, 2));
    posix_spawn_file_actions_adddup2(&fa, 5, 2);
    CHECK_OK(rns_spawn_attr_add_close(a, 40)); /* not open: no failure */
    posix_spawn_file_actions_addclose(&fa, 40);
    CHECK_OK(rns_spawn_attr_add_dup2(a, 0, 9));
    posix_spawn_file_actions_adddup2(&fa, 0, 9);
    CHECK_OK(rns_spawn_attr_add_open(a, 9, in_dir("b"), O_RDONLY, 0)); /* onto an open fd */
    posix_spawn_file_actions_addopen(&fa, 9, in_dir("b"), O_RDONLY, 0);
    ours(a, o, sizeof o);
    struct stat st_ours, st_peer;
    CHECK_SYS(stat(a_path, &st_ours));
    CHECK_SYS(unlink(a_path));
    peer(&fa, NULL, p, sizeof p);
    CHECK_SYS(stat(a_path, &st_peer));
    same(o, p, fd_line(5, "a"));
    same(o, p, fd_line(2, "a"));
    same(o, p, fd_line(9, "b"));
    CHECK(strstr(o, fd_line(0, "b") + 1) != NULL);
    CHECK_EQ_INT(st_ours.st_mode, st_peer.st_mode);
    done();
}


TEST(spawn_fa_dup2_in_order, ANY)
{
    char o[4096], p[4096];
    int out = file_fd("out", O_WRONLY);
    rns_spawn_attr *a = keep_attr();
    CHECK_OK(rns_spawn_attr_set_fd(a, 1, out));
    CHECK_OK(rns_spawn_attr_add_dup2(a, 1, 2));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out, 1);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    ours(a, o, sizeof o);
    peer(&fa, NULL, p, sizeof p);
    same(o, p, fd_line(2, "out"));
    same(o, p, fd_line(1, "out"));
    /* The other order: 2 gets the caller's 1 (whatever it is), 1 the file. */
    a = keep_attr();
    CHECK_OK(rns_spawn_attr_add_dup2(a, 1, 2));
    CHECK_OK(rns_spawn_attr_set_fd(a, 1, out));
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    posix_spawn_file_actions_adddup2(&fa, out, 1);
    ours(a, o, sizeof o);
    peer(&fa, NULL, p, sizeof p);
    same(o, p, fd_line(1, "out"));
    CHECK(strstr(o, fd_line(2, "out")) == NULL);
    /* set_fd's source is the caller's fd when set_fd was called: a later action that
     * replaces that number in the child does not change it (add_dup2's source does). */
    int other = file_fd("other", O_WRONLY);
    a = keep_attr();
    CHECK_OK(rns_spawn_attr_add_dup2(a, other, out));
    CHECK_OK(rns_spawn_attr_set_fd(a, 7, out));
    CHECK_OK(rns_spawn_attr_add_dup2(a, out, 8));
    ours(a, o, sizeof o);
    if (!strstr(o, fd_line(7, "out")) || !strstr(o, fd_line(8, "other")))
        FAIL("7 the caller's out, 8 the child's (other) expected:\n%s", o);
    close(out);
    close(other);
    done();
}

TEST(spawn_fa_chdir_fchdir, ANY)
{
    char o[4096], p[4096], want[160];
    CHECK_SYS(mkdir(in_dir("sub"), 0755));
    CHECK_SYS(mkdir(in_dir("sub/deeper"), 0755));
    int deeper = open(in_dir("sub/deeper"), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    CHECK_SYS(deeper);
    rns_spawn_attr *a = keep_attr();
    CHECK_OK(rns_spawn_attr_add_chdir(a, case_dir()));
    CHECK_OK(rns_spawn_attr_add_chdir(a, "sub")); /* relative to the last one */
    CHECK_OK(rns_spawn_attr_add_open(a, 6, "x", O_WRONLY | O_CREAT, 0600)); /* in sub */
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addchdir_np(&fa, case_dir());
    posix_spawn_file_actions_addchdir_np(&fa, "sub");
    posix_spawn_file_actions_addopen(&fa, 6, "x", O_WRONLY | O_CREAT, 0600);
    ours(a, o, sizeof o);
    peer(&fa, NULL, p, sizeof p);
    snprintf(want, sizeof want, "cwd %s\n", in_dir("sub"));
    same(o, p, want);
    same(o, p, fd_line(6, "sub/x"));
    /* fchdir to a directory fd, then a path relative to it. */
    a = keep_attr();
    CHECK_OK(rns_spawn_attr_add_fchdir(a, deeper));
    CHECK_OK(rns_spawn_attr_add_chdir(a, ".."));
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addfchdir_np(&fa, deeper);
    posix_spawn_file_actions_addchdir_np(&fa, "..");
    ours(a, o, sizeof o);
    peer(&fa, NULL, p, sizeof p);
    same(o, p, want);
    close(deeper);
    done();
}


static void closefrom_keep_fds(void *arg)
{
    (void)arg;
    char o[4096], p[4096];
    int f = file_fd("f", O_WRONLY);
    for (int fd = 20; fd <= 22; fd++)
        CHECK_EQ_INT(dup2(f, fd), fd); /* not close-on-exec */
    rns_spawn_attr *a = keep_attr();
    CHECK_OK(rns_spawn_attr_add_dup2(a, 21, 30));
    CHECK_OK(rns_spawn_attr_add_closefrom(a, 21));
    CHECK_OK(rns_spawn_attr_add_open(a, 25, in_dir("g"), O_WRONLY | O_CREAT, 0600));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, 21, 30);
    posix_spawn_file_actions_addclosefrom_np(&fa, 21);
    posix_spawn_file_actions_addopen(&fa, 25, in_dir("g"), O_WRONLY | O_CREAT, 0600);
    ours(a, o, sizeof o);
    peer(&fa, NULL, p, sizeof p);
    same(o, p, fd_line(20, "f"));
    same(o, p, fd_line(25, "g"));
    CHECK(strstr(o, fd_line(21, "f")) == NULL && strstr(o, fd_line(30, "f")) == NULL);
    /* No action: KEEP_FDS keeps 20-22 as posix_spawn does; the default closes them. */
    posix_spawn_file_actions_init(&fa);
    ours(keep_attr(), o, sizeof o);
    peer(&fa, NULL, p, sizeof p);
    same(o, p, fd_line(22, "f"));
    ours(new_attr(), o, sizeof o);
    if (strstr(o, fd_line(20, "f")) || strstr(o, fd_line(22, "f")))
        FAIL("the default closes the caller's fds >= 3:\n%s", o);
    /* Default mode: what actions open or dup onto stays, the rest goes. */
    a = new_attr();
    CHECK_OK(rns_spawn_attr_add_dup2(a, 20, 31));
    CHECK_OK(rns_spawn_attr_add_open(a, 32, in_dir("g"), O_RDONLY, 0));
    ours(a, o, sizeof o);
    if (!strstr(o, fd_line(31, "f")) || !strstr(o, fd_line(32, "g")) || strstr(o, fd_line(20, "f")))
        FAIL("31 and 32 kept, 20 closed expected:\n%s", o);
    /* A set_fd after closefrom(3) still has its source (the caller's, duplicated at set
     * time); the close-on-exec fd the caller dup'd onto itself with add_dup2(fd, fd) stays. */
    a = new_attr();
    CHECK_OK(rns_spawn_attr_add_closefrom(a, 3));
    CHECK_OK(rns_spawn_attr_set_fd(a, 33, f));
    ours(a, o, sizeof o);
    if (!strstr(o, fd_line(33, "f")))
        FAIL("33 expected after closefrom(3):\n%s", o);
    for (int fd = 20; fd <= 22; fd++)
        close(fd);
    close(f);
    done();
}

TEST(spawn_fa_closefrom_keep_fds, ANY)
{
    closefrom_keep_fds(NULL);
}

/* The same without close_range (a kernel before 5.9, as seccomp.h simulates it): closefrom
 * and the closing of the other fds through the child's /proc/self/fd listing, which
 * closefrom(3) spares. */
TEST(spawn_fa_closefrom_no_close_range, ANY)
{
    in_sandbox(SB_NO_CLOSE_RANGE, closefrom_keep_fds, NULL);
    sb_done();
}


TEST(spawn_fa_dup2_same_fd, ANY)
{
    char o[4096], p[4096];
    int f = file_fd("c", O_WRONLY); /* close-on-exec */
    rns_spawn_attr *a = keep_attr();
    CHECK_OK(rns_spawn_attr_add_dup2(a, f, f));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, f, f);
    ours(a, o, sizeof o);
    peer(&fa, NULL, p, sizeof p);
    same(o, p, fd_line(f, "c"));
    a = new_attr(); /* kept in the default mode too: it is named */
    CHECK_OK(rns_spawn_attr_add_dup2(a, f, f));
    ours(a, o, sizeof o);
    if (!strstr(o, fd_line(f, "c")))
        FAIL("%d kept expected:\n%s", f, o);
    ours(keep_attr(), o, sizeof o); /* without the action, gone at exec */
    CHECK(strstr(o, fd_line(f, "c")) == NULL);
    close(f);
}

/* A failing action: its errno at RNS_SPAWN_STEP_FDS with its index (set_fd counts), as
 * posix_spawn returns the same errno. */
static void fails_at(rns_spawn_attr *a, posix_spawn_file_actions_t *fa, int err, int index)
{
    expect_fail(a, "/bin/true", err, RNS_SPAWN_STEP_FDS);
    int d = -99;
    CHECK_OK(rns_spawn_last_detail(&d));
    CHECK_EQ_INT(d, index);
    char *argv[] = { "/bin/true", NULL };
    pid_t pid;
    int r = posix_spawn(&pid, "/bin/true", fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(fa);
    CHECK_EQ_INT(-r, err);
    done();
}

TEST(spawn_fa_errors, ANY)
{
    int f = file_fd("e", O_WRONLY);
    rns_spawn_attr *a = new_attr();
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    CHECK_OK(rns_spawn_attr_set_fd(a, 1, f));
    posix_spawn_file_actions_adddup2(&fa, f, 1);
    CHECK_OK(rns_spawn_attr_add_close(a, 40));
    posix_spawn_file_actions_addclose(&fa, 40);
    CHECK_OK(rns_spawn_attr_add_open(a, 3, "/nonexistent/x", O_RDONLY, 0));
    posix_spawn_file_actions_addopen(&fa, 3, "/nonexistent/x", O_RDONLY, 0);
    fails_at(a, &fa, -ENOENT, 2);
    /* dup2 from an fd not open in the child. */
    a = new_attr();
    posix_spawn_file_actions_init(&fa);
    CHECK_OK(rns_spawn_attr_add_dup2(a, 45, 3));
    posix_spawn_file_actions_adddup2(&fa, 45, 3);
    fails_at(a, &fa, -EBADF, 0);
    /* chdir to a missing directory; fchdir to a file. */
    a = new_attr();
    posix_spawn_file_actions_init(&fa);
    CHECK_OK(rns_spawn_attr_add_chdir(a, "/nonexistent"));
    posix_spawn_file_actions_addchdir_np(&fa, "/nonexistent");
    fails_at(a, &fa, -ENOENT, 0);
    a = new_attr();
    posix_spawn_file_actions_init(&fa);
    CHECK_OK(rns_spawn_attr_add_close(a, 44));
    posix_spawn_file_actions_addclose(&fa, 44);
    CHECK_OK(rns_spawn_attr_add_fchdir(a, f));
    posix_spawn_file_actions_addfchdir_np(&fa, f);
    fails_at(a, &fa, -ENOTDIR, 1);
    /* tcsetpgrp on a file: ENOTTY. */
    a = new_attr();
    posix_spawn_file_actions_init(&fa);
    CHECK_OK(rns_spawn_attr_add_tcsetpgrp(a, f));
    posix_spawn_file_actions_addtcsetpgrp_np(&fa, f);
    fails_at(a, &fa, -ENOTTY, 0);
    /* After a success there is no detail. */
    char out[64];
    char *argv[] = { "/bin/true", NULL };
    CHECK_EQ_INT(run_capture(NULL, argv, NULL, out, sizeof out), 0);
    int d;
    CHECK_ERR(rns_spawn_last_detail(&d), -ENOENT);
    CHECK_ERR(rns_spawn_last_detail(NULL), -EFAULT);
    close(f);
    done();
}


/* rns_spawn_last_detail() is the calling thread's, as errno: two threads' spawns fail at
 * different action indexes, interleaved (A fails, then B, then each reads), and each reads
 * its own; a thread that never spawned has none. */
struct detail_run {
    int index; /* the failing action's: `index` closes of unopened fds, then fchdir(file) */
    int file;
    sem_t go, done;
    int r, step, read, detail;
};

static void *detail_thread(void *arg)
{
    struct detail_run *d = arg;
    rns_spawn_attr *a = NULL;
    char *argv[] = { "/bin/true", NULL };
    pid_t pid;
    sem_wait(&d->go);
    if (d->index >= 0) {
        rns_spawn_attr_new(&a);
        for (int i = 0; i < d->index; i++)
            rns_spawn_attr_add_close(a, 300 + i);
        rns_spawn_attr_add_fchdir(a, d->file);
        d->r = rns_spawn(a, "/bin/true", argv, NULL, &pid, &d->step);
        rns_spawn_attr_free(a);
        sem_post(&d->done);
        sem_wait(&d->go); /* after the other thread's failure */
    }
    d->read = rns_spawn_last_detail(&d->detail);
    sem_post(&d->done);
    return NULL;
}

static void detail_step(struct detail_run *d)
{
    sem_post(&d->go);
    sem_wait(&d->done);
}

TEST(spawn_fa_detail_per_thread, ANY)
{
    int f = file_fd("detail-file", O_RDWR | O_CREAT); /* fchdir to a file: ENOTDIR */
    struct detail_run runs[3] = { { .index = 2, .file = f }, { .index = 0, .file = f }, { .index = -1 } };
    pthread_t th[3];
    for (int i = 0; i < 3; i++) {
        sem_init(&runs[i].go, 0, 0);
        sem_init(&runs[i].done, 0, 0);
        runs[i].detail = -99;
        CHECK_EQ_INT(pthread_create(&th[i], NULL, detail_thread, &runs[i]), 0);
    }
    detail_step(&runs[0]); /* A fails at 2 */
    detail_step(&runs[1]); /* B fails at 0 */
    detail_step(&runs[1]); /* B reads */
    detail_step(&runs[0]); /* A reads */
    detail_step(&runs[2]); /* C, no spawn, reads */
    for (int i = 0; i < 3; i++) {
        pthread_join(th[i], NULL);
        sem_destroy(&runs[i].go);
        sem_destroy(&runs[i].done);
    }
    for (int i = 0; i < 2; i++) {
        CHECK_EQ_INT(runs[i].r, -ENOTDIR);
        CHECK_EQ_INT(runs[i].step, RNS_SPAWN_STEP_FDS);
        CHECK_EQ_INT(runs[i].read, 0);
        CHECK_EQ_INT(runs[i].detail, runs[i].index);
    }
    CHECK_EQ_INT(runs[2].read, -ENOENT);
    CHECK_EQ_INT(runs[2].detail, -99);
    expect_no_zombie();
    close(f);
    done();
}

TEST(spawn_fa_bad_input, ANY)
{
    struct rlimit rl;
    CHECK_SYS(getrlimit(RLIMIT_NOFILE, &rl));
    int big = (int)rl.rlim_cur;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    CHECK_EQ_INT(posix_spawn_file_actions_addclose(&fa, big), EBADF);
    CHECK_EQ_INT(posix_spawn_file_actions_adddup2(&fa, 1, big), EBADF);
    CHECK_EQ_INT(posix_spawn_file_actions_addopen(&fa, -1, "/", O_RDONLY, 0), EBADF);
    CHECK_EQ_INT(posix_spawn_file_actions_addclosefrom_np(&fa, -1), EBADF);
    CHECK_EQ_INT(posix_spawn_file_actions_addtcsetpgrp_np(&fa, big), EBADF);
    posix_spawn_file_actions_destroy(&fa);
    rns_spawn_attr *a = new_attr();
    CHECK_ERR(rns_spawn_attr_add_close(a, big), -EBADF);
    CHECK_ERR(rns_spawn_attr_add_close(a, -1), -EBADF);
    CHECK_ERR(rns_spawn_attr_add_dup2(a, 1, big), -EBADF);
    CHECK_ERR(rns_spawn_attr_add_dup2(a, -1, 1), -EBADF);
    CHECK_ERR(rns_spawn_attr_add_open(a, -1, "/", O_RDONLY, 0), -EBADF);
    CHECK_ERR(rns_spawn_attr_add_open(a, 3, NULL, O_RDONLY, 0), -EFAULT);
    CHECK_ERR(rns_spawn_attr_add_chdir(a, NULL), -EFAULT);
    CHECK_ERR(rns_spawn_attr_add_fchdir(a, -1), -EBADF);
    CHECK_ERR(rns_spawn_attr_add_closefrom(a, -1), -EBADF);
    CHECK_ERR(rns_spawn_attr_add_tcsetpgrp(a, big), -EBADF);
    CHECK_ERR(rns_spawn_attr_set_ctty(a, -2), -EBADF);
    CHECK_ERR(rns_spawn_attr_set_ctty(a, big), -EBADF);
    CHECK_OK(rns_spawn_attr_set_ctty(a, -1));
    CHECK_ERR(rns_spawn_attr_add_close(NULL, 3), -EFAULT);
    CHECK_ERR(rns_spawn_attr_add_open(NULL, 3, "/", O_RDONLY, 0), -EFAULT);
    CHECK_ERR(rns_spawn_attr_add_dup2(NULL, 1, 2), -EFAULT);
    CHECK_ERR(rns_spawn_attr_add_chdir(NULL, "/"), -EFAULT);
    CHECK_ERR(rns_spawn_attr_add_fchdir(NULL, 3), -EFAULT);
    CHECK_ERR(rns_spawn_attr_add_closefrom(NULL, 3), -EFAULT);
    CHECK_ERR(rns_spawn_attr_add_tcsetpgrp(NULL, 0), -EFAULT);
    CHECK_ERR(rns_spawn_attr_set_ctty(NULL, 0), -EFAULT);
    /* Nothing was added by the refused calls: the attribute still spawns. */
    char out[64];
    char *argv[] = { "/bin/true", NULL };
    CHECK_EQ_INT(run_capture(a, argv, NULL, out, sizeof out), 0);
}

/* The lowest fd free now. */
static int lowest_free(void)
{
    int fd = fcntl(0, F_DUPFD_CLOEXEC, 0);
    CHECK_SYS(fd);
    close(fd);
    return fd;
}

/* The spawn's own fds never sit on a number an action names: an fd the caller does not have
 * is not open for the actions, whether the number went to the attribute's duplicate of a
 * set_fd source or to the report pipe of a fork-style child (a new user namespace with a
 * map); and closefrom spares the report pipe, so a later failure still comes back. */
TEST(spawn_fa_own_fds_unseen, ANY)
{
    char o[4096];
    int f = file_fd("s", O_WRONLY);
    int low = lowest_free();
    CHECK(low < 60);
    rns_spawn_attr *a = keep_attr();
    CHECK_OK(rns_spawn_attr_set_fd(a, 60, f)); /* the attribute's duplicate is on `low` */
    CHECK_EQ_INT(lowest_free(), low + 1);
    CHECK_OK(rns_spawn_attr_add_close(a, low));
    ours(a, o, sizeof o);
    char lowline[16];
    snprintf(lowline, sizeof lowline, "\n%d ", low);
    if (!strstr(o, fd_line(60, "s")) || strstr(o, lowline))
        FAIL("60 the file, %d not open expected:\n%s", low, o);
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_fd(a, 60, f));
    CHECK_OK(rns_spawn_attr_add_dup2(a, low, 9));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, f, 60);
    posix_spawn_file_actions_adddup2(&fa, low, 9);
    fails_at(a, &fa, -EBADF, 1);
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_fd(a, 60, f));
    CHECK_OK(rns_spawn_attr_add_fchdir(a, low));
    expect_fail(a, "/bin/true", -EBADF, RNS_SPAWN_STEP_FDS);
    /* The duplicate on `low` is moved off the named numbers, past low + 1 (named, and not
     * the caller's either): no copy of it is left there. */
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_fd(a, 60, f));
    CHECK_EQ_INT(lowest_free(), low + 1);
    CHECK_OK(rns_spawn_attr_add_close(a, low));
    CHECK_OK(rns_spawn_attr_add_dup2(a, low + 1, 9));
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, f, 60);
    posix_spawn_file_actions_addclose(&fa, low);
    posix_spawn_file_actions_adddup2(&fa, low + 1, 9);
    fails_at(a, &fa, -EBADF, 2);
    /* A fork-style child: the report pipe would be the lowest free fds. */
    char map[64];
    low = lowest_free();
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_unshare(a, RNS_CLONE_NEWUSER));
    snprintf(map, sizeof map, "0 %u 1", (unsigned)geteuid());
    CHECK_OK(rns_spawn_attr_set_uid_map(a, map));
    CHECK_OK(rns_spawn_attr_add_closefrom(a, 3));
    CHECK_OK(rns_spawn_attr_add_dup2(a, low, 9));
    char *argv[] = { "/bin/true", NULL };
    pid_t pid;
    int step = -1;
    int r = rns_spawn(a, "/bin/true", argv, NULL, &pid, &step);
    rns_spawn_attr_free(a);
    if (r < 0 && step == RNS_SPAWN_STEP_CLONE) {
        done();
        SKIP("no user namespace here (%s): the fork-style child is not reached", h_errname(r));
    }
    CHECK_EQ_INT(r, -EBADF);
    CHECK_EQ_INT(step, RNS_SPAWN_STEP_FDS);
    int d;
    CHECK_OK(rns_spawn_last_detail(&d));
    CHECK_EQ_INT(d, 1);
    expect_no_zombie();
    close(f);
}

/* ---- the terminal: tcsetpgrp, set_ctty, RNS_SPAWN_NOCTTY on a pty ------------------------ */

/* A pty's slave opened by this process (a new session leader without a terminal): it
 * becomes our controlling terminal unless `noctty`. Returns the slave; *master set. */
static int open_pty(int *master, int noctty)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (m < 0)
        SKIP("posix_openpt: %s (no /dev/ptmx here)", strerror(errno));
    CHECK_SYS(grantpt(m));
    CHECK_SYS(unlockpt(m));
    int s = open(ptsname(m), O_RDWR | O_CLOEXEC | (noctty ? O_NOCTTY : 0));
    CHECK_SYS(s);
    *master = m;
    return s;
}

/* Fields of the program's /proc/PID/stat: "pgrp tty_nr tpgid" (5, 7, 8). */
static char stat_argv_script[] =
    "set -- $(cat /proc/$$/stat | sed 's/.*) //'); echo $3 $5 $6 $$";

/* "pgrp tty_nr tpgid pid" of the program (the shell), run by rns_spawn with `a` (freed here)
 * or posix_spawn with `fa` and `pa`, its stdout into a pipe. */
static void tty_fields(rns_spawn_attr *a, posix_spawn_file_actions_t *fa, posix_spawnattr_t *pa,
                       long v[4])
{
    char *argv[] = { "/bin/sh", "-c", stat_argv_script, NULL };
    char out[128];
    if (a) {
        CHECK_EQ_INT(run_capture(a, argv, NULL, out, sizeof out), 0);
    } else {
        int p[2];
        CHECK_SYS(pipe2(p, O_CLOEXEC));
        posix_spawn_file_actions_adddup2(fa, p[1], 1);
        pid_t pid;
        CHECK_EQ_INT(posix_spawn(&pid, argv[0], fa, pa, argv, environ), 0);
        posix_spawn_file_actions_destroy(fa);
        close(p[1]);
        read_output(p[0], out, sizeof out);
        CHECK_SYS(waitpid(pid, NULL, 0));
    }
    if (sscanf(out, "%ld %ld %ld %ld", &v[0], &v[1], &v[2], &v[3]) != 4)
        FAIL("stat fields: '%s'", out);
}

/* Makes our group the terminal's foreground group again (we are in the background: SIGTTOU
 * blocked for the call). */
static void take_foreground(int tty)
{
    sigset_t s, old;
    sigemptyset(&s);
    sigaddset(&s, SIGTTOU);
    sigprocmask(SIG_BLOCK, &s, &old);
    CHECK_SYS(tcsetpgrp(tty, getpgrp()));
    sigprocmask(SIG_SETMASK, &old, NULL);
    done();
}


TEST(spawn_fa_tcsetpgrp_pty, ANY)
{
    CHECK_SYS(setsid());
    signal(SIGHUP, SIG_IGN); /* closing the master hangs up our terminal */
    signal(SIGTTOU, SIG_DFL);
    int m, s = open_pty(&m, 0);
    CHECK_EQ_INT(tcgetpgrp(s), getpgrp());
    long o[4], p[4];
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_pgroup(a, 0));
    CHECK_OK(rns_spawn_attr_add_tcsetpgrp(a, s));
    tty_fields(a, NULL, NULL, o);
    CHECK_EQ_INT(tcgetpgrp(s), o[0]);
    take_foreground(s);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addtcsetpgrp_np(&fa, s);
    posix_spawnattr_t pa;
    posix_spawnattr_init(&pa);
    posix_spawnattr_setpgroup(&pa, 0);
    posix_spawnattr_setflags(&pa, POSIX_SPAWN_SETPGROUP);
    tty_fields(NULL, &fa, &pa, p);
    posix_spawnattr_destroy(&pa);
    CHECK_EQ_INT(tcgetpgrp(s), p[0]);
    take_foreground(s);
    /* Both: a group of its own (pgrp == pid), our terminal, itself in the foreground. */
    CHECK_EQ_INT(o[0], o[3]);
    CHECK_EQ_INT(p[0], p[3]);
    CHECK_EQ_INT(o[1], p[1]);
    CHECK_EQ_INT(o[2], o[0]);
    CHECK_EQ_INT(p[2], p[0]);
    struct stat st;
    CHECK_SYS(fstat(s, &st));
    CHECK_EQ_INT(o[1], (long)st.st_rdev);
    /* Without a new group, tcsetpgrp gives the terminal to our own group: a no-op. */
    a = new_attr();
    CHECK_OK(rns_spawn_attr_add_tcsetpgrp(a, s));
    tty_fields(a, NULL, NULL, o);
    CHECK_EQ_INT(o[2], getpgrp());
    /* Another session's terminal: ENOTTY (not the child's controlling terminal). */
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_setsid(a, 1));
    CHECK_OK(rns_spawn_attr_add_tcsetpgrp(a, s));
    expect_fail(a, "/bin/true", -ENOTTY, RNS_SPAWN_STEP_FDS);
    close(s);
    close(m);
}

/* set_ctty: a new session's controlling terminal is the pty (tty_nr is its device); without
 * a new session the kernel's EPERM comes back; a terminal another session holds is EPERM too
 * (root included: TIOCSCTTY's argument is 0, where Go's Setctty steals it as root). */
TEST(spawn_fa_ctty, ANY)
{
    CHECK_SYS(setsid());
    signal(SIGHUP, SIG_IGN); /* closing the master hangs up our terminal */
    int m, s = open_pty(&m, 1); /* not ours */
    struct stat st;
    CHECK_SYS(fstat(s, &st));
    long o[4];
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_setsid(a, 1));
    CHECK_OK(rns_spawn_attr_set_fd(a, 0, s));
    CHECK_OK(rns_spawn_attr_set_ctty(a, 0));
    tty_fields(a, NULL, NULL, o);
    CHECK_EQ_INT(o[1], (long)st.st_rdev);
    CHECK_EQ_INT(o[2], o[0]); /* its group is the foreground one */
    /* The child's fd number after the actions: 7 here. */
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_setsid(a, 1));
    CHECK_OK(rns_spawn_attr_set_fd(a, 7, s));
    CHECK_OK(rns_spawn_attr_set_ctty(a, 7));
    tty_fields(a, NULL, NULL, o);
    CHECK_EQ_INT(o[1], (long)st.st_rdev);
    /* No new session: not a session leader. */
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_fd(a, 0, s));
    CHECK_OK(rns_spawn_attr_set_ctty(a, 0));
    expect_fail(a, "/bin/true", -EPERM, RNS_SPAWN_STEP_TTY);
    int d;
    /* An fd that is no terminal. */
    int f = file_fd("t", O_WRONLY);
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_setsid(a, 1));
    CHECK_OK(rns_spawn_attr_set_fd(a, 4, f));
    CHECK_OK(rns_spawn_attr_set_ctty(a, 4));
    expect_fail(a, "/bin/true", -ENOTTY, RNS_SPAWN_STEP_TTY);
    CHECK_OK(rns_spawn_last_detail(&d));
    CHECK_EQ_INT(d, 4);
    /* Our session's terminal now (we take it): another session may not have it. */
    CHECK_SYS(ioctl(s, TIOCSCTTY, 0));
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_setsid(a, 1));
    CHECK_OK(rns_spawn_attr_set_fd(a, 0, s));
    CHECK_OK(rns_spawn_attr_set_ctty(a, 0));
    expect_fail(a, "/bin/true", -EPERM, RNS_SPAWN_STEP_TTY);
    close(f);
    close(s);
    close(m);
    done();
}


TEST(spawn_fa_noctty, ANY)
{
    CHECK_SYS(setsid());
    signal(SIGHUP, SIG_IGN); /* closing the master hangs up our terminal */
    int m, s = open_pty(&m, 0); /* our controlling terminal */
    struct stat st;
    CHECK_SYS(fstat(s, &st));
    long o[4];
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_fd(a, 0, s));
    tty_fields(a, NULL, NULL, o);
    CHECK_EQ_INT(o[1], (long)st.st_rdev);
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_fd(a, 0, s));
    CHECK_OK(rns_spawn_attr_set_flags(a, RNS_SPAWN_NOCTTY));
    tty_fields(a, NULL, NULL, o);
    CHECK_EQ_INT(o[1], 0);
    CHECK_EQ_INT(tcgetpgrp(s), getpgrp()); /* ours is unchanged */
    int f = file_fd("n", O_RDONLY);
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_fd(a, 0, f));
    CHECK_OK(rns_spawn_attr_set_flags(a, RNS_SPAWN_NOCTTY));
    expect_fail(a, "/bin/true", -ENOTTY, RNS_SPAWN_STEP_TTY);
    int d;
    CHECK_OK(rns_spawn_last_detail(&d));
    CHECK_EQ_INT(d, 0);
    close(f);
    close(s);
    close(m);
    done();
}
