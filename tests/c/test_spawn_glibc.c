/*
 * test_spawn_glibc.c - glibc's own posix_spawn tests (posix/tst-spawn*.c, glibc 2.43),
 * ported: each case runs the test's sequence through glibc's posix_spawn and through
 * rns_spawn side by side, and asserts glibc's outcome for both (or, where librns differs by
 * design, says so and asserts its documented outcome):
 *   tst-spawn2            a missing program: ENOENT, no child left
 *   tst-spawn3            addopen onto an open fd closes it first (fds exhausted), 2>&1 in order;
 *                         the pidfd variant's EMFILE with no fd free (librns returns a pidfd)
 *   tst-spawn4            a script without #! is not run by /bin/sh: ENOEXEC (spawn and spawnp)
 *   tst-spawn5            closefrom over 100 inherited fds, with gaps, and with actions after it
 *   tst-spawn7            handlers reset to SIG_DFL, SIG_IGN kept, SETSIGDEF
 *   tst-spawn-chdir       chdir/fchdir actions in order with relative opens, a relative program
 *                         path, spawnp, and a copied path
 *   tst-posix_spawn-fd    the set-time fd checks of the actions (EBADF below 0 and at the limit)
 * (tst-spawn6, tcsetpgrp, is ported in test_spawn_fa.c; tst-posix_spawn-setsid in test_spawn.c.)
 *
 * Part of the test_rns program (test_rns.c runs it; helpers.h, spawn_helpers.h).
 */
#define _GNU_SOURCE
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "helpers.h"
#include "spawn_helpers.h"

extern char **environ;

static char dir[64];

/* A directory of the case's own (removed by rm_dir()). */
static const char *mk_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/rns-glibc-XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    char *real = realpath(dir, NULL); /* as the test: no symlinks for pwd */
    CHECK(real != NULL);
    snprintf(dir, sizeof dir, "%s", real);
    free(real);
    return dir;
}

static void rm_dir(void)
{
    rm_tree(dir);
}

/* The program's exit status (0..255, or 128+signal) after rns_spawn's pidfd, or -errno. */
static int rns_run(rns_spawn_attr *a, int spawnp, const char *path, char *const argv[], char *const envp[])
{
    pid_t pid;
    int step;
    int fd = spawnp ? rns_spawnp(a, path, argv, envp, &pid, &step) : rns_spawn(a, path, argv, envp, &pid, &step);
    rns_spawn_attr_free(a);
    return fd < 0 ? fd : wait_pidfd(fd, pid);
}

/* The same through posix_spawn: the status, or -errno of the call. */
static int posix_run(const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *pa, int spawnp,
                     const char *path, char *const argv[], char *const envp[])
{
    pid_t pid;
    int r = spawnp ? posix_spawnp(&pid, path, fa, pa, argv, envp) : posix_spawn(&pid, path, fa, pa, argv, envp);
    if (r != 0)
        return -r;
    int st;
    CHECK_EQ_INT(waitpid(pid, &st, 0), pid);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* tst-spawn2: a program that does not exist is ENOENT from the call (at the exec step), and
 * no child is left behind. */
TEST(spawn_glibc_tst_spawn2_missing_program, ANY)
{
    char *argv[] = { "/nonexistent/rns-program", NULL };
    CHECK_EQ_INT(posix_run(NULL, NULL, 0, argv[0], argv, environ), -ENOENT);
    pid_t pid = -7;
    int step;
    CHECK_ERR(rns_spawn(NULL, argv[0], argv, environ, &pid, &step), -ENOENT);
    CHECK_EQ_INT(step, RNS_SPAWN_STEP_EXEC);
    CHECK_EQ_INT(pid, -7);
    expect_no_zombie();
}

/* tst-spawn3: with every fd below RLIMIT_NOFILE (24) taken, addopen(1, file) closes fd 1
 * before it opens (else EMFILE), then dup2(1, 2) gives 2>&1; the temporary fds closed by
 * actions so the shell may open what it needs. posix_spawn needs no free fd; librns returns
 * a pidfd, so as glibc's pidfd_spawn (the test's TST_SPAWN_PIDFD variant): EMFILE with none
 * free (from the clone, RNS_SPAWN_STEP_CLONE), success once one is. Both: the shell's "echo $$" lands in the file, its pid. */
static int fill_fds(int *files, int max)
{
    int n = 0;
    for (; n < max; n++) {
        char tmpl[] = "/tmp/rns-spawn3-XXXXXX";
        int fd = mkostemp(tmpl, 0);
        if (fd < 0) {
            CHECK_EQ_INT(errno, EMFILE);
            break;
        }
        unlink(tmpl);
        files[n] = fd;
    }
    CHECK(n > 0);
    return n;
}

static void check_pidfile(const char *path, pid_t pid)
{
    char out[64];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    CHECK_SYS(fd);
    read_output(fd, out, sizeof out);
    CHECK_EQ_INT(atoi(out), pid);
    unlink(path);
}

TEST(spawn_glibc_tst_spawn3_open_closes_first, ANY)
{
    mk_dir();
    char pidfile[128];
    snprintf(pidfile, sizeof pidfile, "%s/tst-spawn3.pid", dir);
    struct rlimit rl;
    CHECK_SYS(getrlimit(RLIMIT_NOFILE, &rl));
    rl.rlim_cur = rl.rlim_cur < 24 ? rl.rlim_cur : 24;
    CHECK_SYS(setrlimit(RLIMIT_NOFILE, &rl));
    int files[24];
    int n = fill_fds(files, 24);
    char *argv[] = { "/bin/sh", "-c", "echo $$", NULL };

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    CHECK_EQ_INT(posix_spawn_file_actions_addopen(&fa, 1, pidfile, O_WRONLY | O_CREAT | O_TRUNC, 0644), 0);
    CHECK_EQ_INT(posix_spawn_file_actions_adddup2(&fa, 1, 2), 0);
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_add_open(a, 1, pidfile, O_WRONLY | O_CREAT | O_TRUNC, 0644));
    CHECK_OK(rns_spawn_attr_add_dup2(a, 1, 2));
    for (int i = 0; i < n; i++) {
        CHECK_EQ_INT(posix_spawn_file_actions_addclose(&fa, files[i]), 0);
        CHECK_OK(rns_spawn_attr_add_close(a, files[i]));
    }
    /* glibc's posix_spawn, no fd free: runs. (One fd freed to read the file, then taken
     * again.) */
    pid_t pid;
    CHECK_EQ_INT(posix_spawn(&pid, argv[0], &fa, NULL, argv, NULL), 0);
    int st;
    CHECK_EQ_INT(waitpid(pid, &st, 0), pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    close(files[n - 1]);
    check_pidfile(pidfile, pid);
    CHECK_EQ_INT(dup(files[0]), files[n - 1]);
    /* rns_spawn, no fd free: EMFILE for the pidfd, before any child; then one freed: runs. */
    int step;
    CHECK_ERR(rns_spawn(a, argv[0], argv, NULL, &pid, &step), -EMFILE);
    /* The clone's CLONE_PIDFD; where the child reports through a pipe (the sanitized
     * library's), the pipe's, before the clone. */
    if (step != RNS_SPAWN_STEP_CLONE && !(H_ASAN && step == RNS_SPAWN_STEP_NONE))
        FAIL("EMFILE at step %d", step);
    expect_no_zombie();
    close(files[n - 1]);
#if H_ASAN
    /* The sanitized library's child is fork-style: its report pipe must sit on a number no
     * action names, and the actions name every one below the limit: EMFILE still. */
    CHECK_ERR(rns_spawn(a, argv[0], argv, NULL, &pid, &step), -EMFILE);
    CHECK_EQ_INT(step, RNS_SPAWN_STEP_NONE);
    for (int i = 0; i < n - 1; i++)
        close(files[i]);
    rns_spawn_attr_free(a);
    posix_spawn_file_actions_destroy(&fa);
    rm_dir();
    PASS_NOTE("sanitized library: a fork-style child, EMFILE for its pipe with every fd named");
    return;
#endif
    int fd = rns_spawn(a, argv[0], argv, NULL, &pid, &step);
    if (fd < 0)
        FAIL("rns_spawn with one fd free: %s at step %d", h_errname(fd), step);
    CHECK_EQ_INT(wait_pidfd(fd, pid), 0);
    for (int i = 0; i < n - 1; i++)
        close(files[i]);
    check_pidfile(pidfile, pid);
    rns_spawn_attr_free(a);
    posix_spawn_file_actions_destroy(&fa);
    rm_dir();
}

/* tst-spawn4: an executable file without "#!" is ENOEXEC, not run by /bin/sh, through
 * spawn and spawnp alike (argv and envp empty, as the test). */
TEST(spawn_glibc_tst_spawn4_enoexec, ANY)
{
    mk_dir();
    char script[128];
    snprintf(script, sizeof script, "%s/tst-spawn4", dir);
    int fd = open(script, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0775);
    CHECK_SYS(fd);
    CHECK_EQ_INT(write(fd, "echo it should not happen", 25), 25);
    close(fd);
    char *none[] = { NULL };
    for (int spawnp = 0; spawnp < 2; spawnp++) {
        CHECK_EQ_INT(posix_run(NULL, NULL, spawnp, script, none, none), -ENOEXEC);
        CHECK_EQ_INT(rns_run(NULL, spawnp, script, none, none), -ENOEXEC);
    }
    expect_no_zombie();
    rm_dir();
}

/* tst-spawn5: 100 inherited fds from `low`; the program's fds >= low (listed by ls from the
 * shell's /proc/PID/fd, so the listing opens nothing in the shell) must be exactly `want`.
 * The shell runs ls alone, then ':', so it forks ls and holds no pipe of its own while ls
 * reads (a pipeline would leave a pipe end in the shell, at the first free fd, at times);
 * the numbers are sorted here. */
#define NFDS 100

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static void fds_from(const char *out, int low, char *got, size_t n)
{
    long fds[512];
    size_t nfds = 0, o = 0;
    for (const char *s = out; *s;) {
        char *end;
        long fd = strtol(s, &end, 10);
        if (end == s) {
            s++;
            continue;
        }
        if (fd >= low && nfds < sizeof fds / sizeof fds[0])
            fds[nfds++] = fd;
        s = end;
    }
    qsort(fds, nfds, sizeof fds[0], cmp_long);
    got[0] = 0;
    for (size_t i = 0; i < nfds && o < n; i++)
        o += (size_t)snprintf(got + o, n - o, "%ld ", fds[i]);
}

static void closefrom_case(int low, int from, const int *want, int nwant, int actions)
{
    char *argv[] = { "/bin/sh", "-c", "ls /proc/$$/fd; :", NULL };
    char expect[1024] = "";
    for (int i = 0, o = 0; i < nwant; i++)
        o += snprintf(expect + o, sizeof expect - (size_t)o, "%d ", want[i]);
    /* glibc: stdout onto a pipe first, as the pipe may sit in a gap >= from */
    int p[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    CHECK_EQ_INT(posix_spawn_file_actions_addclosefrom_np(&fa, from), 0);
    if (actions) {
        posix_spawn_file_actions_addopen(&fa, low, "/dev/null", O_RDONLY, 0666);
        posix_spawn_file_actions_adddup2(&fa, low, low + 1);
        posix_spawn_file_actions_addopen(&fa, low, "/dev/null", O_RDONLY, 0666);
    }
    pid_t pid;
    CHECK_EQ_INT(posix_spawn(&pid, argv[0], &fa, NULL, argv, environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    close(p[1]);
    char out[2048], got[1024];
    read_output(p[0], out, sizeof out);
    CHECK_SYS(waitpid(pid, NULL, 0));
    fds_from(out, low, got, sizeof got);
    CHECK_STR_EQ(got, expect);
    /* librns, with the caller's fds kept (posix_spawn's way: RNS_SPAWN_KEEP_FDS) */
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_flags(a, RNS_SPAWN_KEEP_FDS));
    CHECK_OK(rns_spawn_attr_add_closefrom(a, from));
    if (actions) {
        CHECK_OK(rns_spawn_attr_add_open(a, low, "/dev/null", O_RDONLY, 0666));
        CHECK_OK(rns_spawn_attr_add_dup2(a, low, low + 1));
        CHECK_OK(rns_spawn_attr_add_open(a, low, "/dev/null", O_RDONLY, 0666));
    }
    CHECK_EQ_INT(run_capture(a, argv, NULL, out, sizeof out), 0);
    fds_from(out, low, got, sizeof got);
    CHECK_STR_EQ(got, expect);
}

TEST(spawn_glibc_tst_spawn5_closefrom, ANY)
{
    /* A free range of 100 (support_open_dev_null_range's): above every fd the case has. */
    int low = 3, null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    CHECK_SYS(null);
    for (int i = 0; i < NFDS; i++)
        if (fcntl(low + i, F_GETFD) >= 0 || low + i == null) {
            low += i + 1;
            i = -1;
        }
    for (int i = 0; i < NFDS; i++)
        CHECK_EQ_INT(dup2(null, low + i), low + i); /* inherited: no close-on-exec */
    close(null);
    int want[NFDS], n = 0;
    const int half = low + NFDS / 2;
    for (int fd = low; fd < half; fd++)
        want[n++] = fd;
    closefrom_case(low, half, want, n, 0); /* half of them */
    const int gaps[] = { 57, 78, 81, 82, 84, 90 };
    for (size_t i = 0; i < sizeof gaps / sizeof gaps[0]; i++)
        close(low + gaps[i]);
    closefrom_case(low, half, want, n, 0);   /* with gaps above */
    closefrom_case(low, low + 1, want, 1, 0); /* all but the first */
    closefrom_case(low, low, want, 0, 0);     /* all */
    int two[] = { low, low + 1 };
    closefrom_case(low, low + 1, two, 2, 1); /* a range, then open, dup2, open */
    for (int fd = low; fd < low + NFDS; fd++)
        close(fd);
}

/* tst-spawn7: every handler is SIG_DFL in the program, whether the caller had handlers
 * (exec resets them) or not; SIG_IGN stays ignored; SETSIGDEF (rns_spawn_attr_set_sigdefault)
 * makes ignored ones SIG_DFL. Read from the program's SigIgn, of signals 1-31 (glibc leaves
 * its internal 32 and 33 ignored in posix_spawn's children, an artefact). */
static void dummy(int sig)
{
    (void)sig;
}

static unsigned long sig_ign(const char *out)
{
    const char *s = strstr(out, "SigIgn:");
    CHECK(s != NULL);
    return strtoul(s + 7, NULL, 16) & 0x7fffffffUL;
}

static void sig_case(int with_default, unsigned long want)
{
    char *argv[] = { "/bin/cat", "/proc/self/status", NULL };
    sigset_t dfl;
    sigemptyset(&dfl);
    sigaddset(&dfl, SIGUSR1);
    sigaddset(&dfl, SIGUSR2);
    posix_spawnattr_t pa;
    posix_spawnattr_init(&pa);
    if (with_default) {
        posix_spawnattr_setsigdefault(&pa, &dfl);
        posix_spawnattr_setflags(&pa, POSIX_SPAWN_SETSIGDEF);
    }
    char out[4096];
    CHECK_EQ_INT(posix_capture(NULL, &pa, argv, out, sizeof out), 0);
    posix_spawnattr_destroy(&pa);
    unsigned long peer = sig_ign(out);
    rns_spawn_attr *a = new_attr();
    if (with_default)
        CHECK_OK(rns_spawn_attr_set_sigdefault(a, &dfl));
    CHECK_EQ_INT(run_capture(a, argv, NULL, out, sizeof out), 0);
    unsigned long ours = sig_ign(out);
    if (ours != peer || ours != want)
        FAIL("SigIgn (1-31): rns_spawn %#lx, posix_spawn %#lx, expected %#lx", ours, peer, want);
}

TEST(spawn_glibc_tst_spawn7_signal_dispositions, ANY)
{
    for (int sig = 1; sig < 32; sig++)
        if (sig != SIGKILL && sig != SIGSTOP)
            signal(sig, SIG_DFL);
    const unsigned long usr = 1UL << (SIGUSR1 - 1) | 1UL << (SIGUSR2 - 1);
    sig_case(0, 0);
    signal(SIGUSR1, dummy);
    signal(SIGUSR2, dummy);
    sig_case(0, 0);
    signal(SIGUSR1, SIG_IGN);
    signal(SIGUSR2, SIG_IGN);
    sig_case(0, usr);
    sig_case(1, 0);
}

/* tst-spawn-chdir: for spawn and spawnp, a path overwritten after it was added or not, chdir
 * or an fchdir emulated by open+fchdir+close: chdir subdir, create "probe-file" there (a
 * relative open after the chdir), chdir "..", "output-file" on fd 1; the program is
 * "subdir/pwd-symlink" (a path relative to the cwd the actions left) or "pwd" by PATH. pwd
 * prints the iteration's directory, the probe exists, our cwd never moves. */
static void add_chdir(posix_spawn_file_actions_t *fa, rns_spawn_attr *a, const char *path, int fchdir, int tmpfd)
{
    if (fchdir) {
        CHECK_EQ_INT(posix_spawn_file_actions_addopen(fa, tmpfd, path, O_DIRECTORY | O_RDONLY, 0), 0);
        CHECK_EQ_INT(posix_spawn_file_actions_addfchdir_np(fa, tmpfd), 0);
        CHECK_EQ_INT(posix_spawn_file_actions_addclose(fa, tmpfd), 0);
        CHECK_OK(rns_spawn_attr_add_open(a, tmpfd, path, O_DIRECTORY | O_RDONLY, 0));
        CHECK_OK(rns_spawn_attr_add_fchdir(a, tmpfd));
        CHECK_OK(rns_spawn_attr_add_close(a, tmpfd));
    } else {
        CHECK_EQ_INT(posix_spawn_file_actions_addchdir_np(fa, path), 0);
        CHECK_OK(rns_spawn_attr_add_chdir(a, path));
    }
}

static void read_line(const char *path, char *out, size_t n)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    CHECK_SYS(fd);
    read_output(fd, out, n);
}

TEST(spawn_glibc_tst_spawn_chdir, ANY)
{
    const char *pwd = access("/bin/pwd", X_OK) == 0 ? "/bin/pwd" : "/usr/bin/pwd";
    mk_dir();
    char cwd0[PATH_MAX];
    CHECK(getcwd(cwd0, sizeof cwd0) != NULL);
    int iteration = 0;
    for (int spawnp = 0; spawnp < 2; spawnp++)
        for (int overwrite = 0; overwrite < 2; overwrite++)
            for (int fchdir = 0; fchdir < 2; fchdir++) {
                if (overwrite && fchdir)
                    continue;
                for (int ours = 0; ours < 2; ours++) {
                    char it[256], sub[300], probe[320], link[320], out[320];
                    snprintf(it, sizeof it, "%s/%d", dir, ++iteration);
                    snprintf(sub, sizeof sub, "%s/subdir", it);
                    snprintf(probe, sizeof probe, "%s/probe-file", sub);
                    snprintf(link, sizeof link, "%s/pwd-symlink", sub);
                    snprintf(out, sizeof out, "%s/output-file", it);
                    CHECK_SYS(mkdir(it, 0777));
                    CHECK_SYS(mkdir(sub, 0777));
                    CHECK_SYS(symlink(pwd, link));
                    posix_spawn_file_actions_t fa;
                    posix_spawn_file_actions_init(&fa);
                    rns_spawn_attr *a = new_attr();
                    add_chdir(&fa, a, sub, fchdir, 4);
                    CHECK_EQ_INT(posix_spawn_file_actions_addopen(&fa, 3, "probe-file", O_WRONLY | O_CREAT | O_EXCL, 0666), 0);
                    CHECK_EQ_INT(posix_spawn_file_actions_addclose(&fa, 3), 0);
                    CHECK_OK(rns_spawn_attr_add_open(a, 3, "probe-file", O_WRONLY | O_CREAT | O_EXCL, 0666));
                    CHECK_OK(rns_spawn_attr_add_close(a, 3));
                    add_chdir(&fa, a, "..", fchdir, 5);
                    CHECK_EQ_INT(posix_spawn_file_actions_addopen(&fa, 1, "output-file", O_WRONLY | O_CREAT | O_EXCL, 0666), 0);
                    CHECK_OK(rns_spawn_attr_add_open(a, 1, "output-file", O_WRONLY | O_CREAT | O_EXCL, 0666));
                    if (overwrite)
                        sub[0] = 0; /* the actions hold copies */
                    char *argv[] = { "pwd", NULL };
                    char *envp[] = { NULL };
                    const char *prog = spawnp ? "pwd" : "subdir/pwd-symlink";
                    int r;
                    if (ours) {
                        r = rns_run(a, spawnp, prog, argv, envp);
                    } else {
                        rns_spawn_attr_free(a);
                        r = posix_run(&fa, NULL, spawnp, prog, argv, envp);
                    }
                    posix_spawn_file_actions_destroy(&fa);
                    if (r != 0)
                        FAIL("%s, spawnp %d, overwrite %d, fchdir %d: %s", ours ? "rns_spawn" : "posix_spawn",
                             spawnp, overwrite, fchdir, r < 0 ? h_errname(r) : "exit status not 0");
                    char cwd[PATH_MAX], printed[320];
                    CHECK(getcwd(cwd, sizeof cwd) != NULL);
                    CHECK_STR_EQ(cwd, cwd0);
                    read_line(out, printed, sizeof printed);
                    CHECK_STR_EQ(printed, it);
                    CHECK_SYS(access(probe, F_OK));
                }
            }
    rm_dir();
}

/* tst-posix_spawn-fd: with RLIMIT_NOFILE raised as far as it goes, each action takes fd 0
 * and a closed fd, and refuses -1, -2 and the limit itself with EBADF, at set time. */
TEST(spawn_glibc_tst_posix_spawn_fd_set_time_checks, ANY)
{
    struct rlimit rl;
    CHECK_SYS(getrlimit(RLIMIT_NOFILE, &rl));
    rl.rlim_cur = rl.rlim_max; /* RLIM_INFINITY is refused above fs.nr_open, as the test warns */
    setrlimit(RLIMIT_NOFILE, &rl);
    long maxfd = sysconf(_SC_OPEN_MAX);
    int closed = dup(0);
    CHECK_SYS(closed);
    close(closed);
    const int fds[] = { 0, closed, -1, -2, (int)maxfd };
    for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++) {
        int fd = fds[i], ok = i < 2;
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        rns_spawn_attr *a = new_attr();
        int want = ok ? 0 : EBADF;
        CHECK_EQ_INT(posix_spawn_file_actions_addopen(&fa, fd, "/dev/null", O_RDONLY, 0), want);
        CHECK_EQ_INT(rns_spawn_attr_add_open(a, fd, "/dev/null", O_RDONLY, 0), -want);
        CHECK_EQ_INT(posix_spawn_file_actions_adddup2(&fa, fd, 1), want);
        CHECK_EQ_INT(rns_spawn_attr_add_dup2(a, fd, 1), -want);
        CHECK_EQ_INT(posix_spawn_file_actions_adddup2(&fa, 1, fd), want);
        CHECK_EQ_INT(rns_spawn_attr_add_dup2(a, 1, fd), -want);
        CHECK_EQ_INT(posix_spawn_file_actions_addclose(&fa, fd), want);
        CHECK_EQ_INT(rns_spawn_attr_add_close(a, fd), -want);
        posix_spawn_file_actions_destroy(&fa);
        rns_spawn_attr_free(a);
    }
}
