/*
 * test_spawn_sandbox.c - the sandbox attributes of rns_spawn (issue 18):
 *
 *   rns_spawn_attr_set_seccomp (a filter that makes getpid fail with a chosen errno, beside
 *   the same filter installed by hand: fork, prctl(PR_SET_SECCOMP), exec; the EACCES without
 *   no_new_privs; a filter that refuses execve), rns_spawn_attr_set_landlock (a ruleset that
 *   denies a read; the EPERM without no_new_privs), and both at once (Landlock first).
 *
 * The program that reports getpid is perl (perl-base, Essential in Debian): its syscall()
 * prints the raw result and errno, and nothing it does at start fails when getpid does.
 *
 * Part of the test_rns program (test_rns.c runs it; helpers.h, spawn_helpers.h).
 */
#define _GNU_SOURCE
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "helpers.h"
#include "seccomp.h" /* SB_ARCH */
#include "spawn_helpers.h"

/* rns_sock_filter is the kernel's struct sock_filter, field for field. */
_Static_assert(sizeof(rns_sock_filter) == sizeof(struct sock_filter), "rns_sock_filter size");
_Static_assert(offsetof(rns_sock_filter, code) == offsetof(struct sock_filter, code), "code");
_Static_assert(offsetof(rns_sock_filter, jt) == offsetof(struct sock_filter, jt), "jt");
_Static_assert(offsetof(rns_sock_filter, jf) == offsetof(struct sock_filter, jf), "jf");
_Static_assert(offsetof(rns_sock_filter, k) == offsetof(struct sock_filter, k), "k");

#define PERL "/usr/bin/perl"
/* Prints "pid N" or "err ERRNO" for the raw syscall numbered $ARGV[0] (getpid). */
#define PERL_GETPID "my $r = syscall($ARGV[0]); print $r < 0 ? 'err ' . ($! + 0) : \"pid $r\""
#define GETPID_ERRNO ENOMSG

/* A filter: syscall `nr` answers -err (or is killed with SECCOMP_RET_KILL_PROCESS when err
 * is 0), and `nr2` too when not -1; everything else allowed. Returns its length. */
static size_t deny_filter(struct sock_filter *f, long nr, long nr2, int err)
{
    unsigned ret = err ? SECCOMP_RET_ERRNO | (unsigned)err : SECCOMP_RET_KILL_PROCESS;
    size_t n = 0;
    f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
    f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SB_ARCH, 1, 0);
    f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
    f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 1, 0);
    f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr2, 0, 1);
    f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, ret);
    f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    return n;
}

/* The getpid filter as the library takes it. */
static void set_getpid_filter(rns_spawn_attr *a)
{
    struct sock_filter f[8];
    size_t n = deny_filter(f, SYS_getpid, -1, GETPID_ERRNO);
    CHECK_OK(rns_spawn_attr_set_seccomp(a, (const rns_sock_filter *)f, n));
}

/* perl's report of getpid, spawned with `a` (freed); its exit code in *code. */
static void perl_getpid(rns_spawn_attr *a, char *out, size_t n, int *code)
{
    char nr[16];
    snprintf(nr, sizeof nr, "%ld", (long)SYS_getpid);
    char *argv[] = { PERL, "-e", PERL_GETPID, nr, NULL };
    *code = run_capture(a, argv, NULL, out, n);
}

/* The peer: fork, (no_new_privs), prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER), exec perl, by
 * hand. Its output in `out`; "seccomp ERRNO" when the prctl failed. Returns its exit code. */
static int peer_getpid(int nnp, char *out, size_t n)
{
    struct sock_filter f[8];
    struct sock_fprog prog = { .len = (unsigned short)deny_filter(f, SYS_getpid, -1, GETPID_ERRNO), .filter = f };
    char nr[16];
    snprintf(nr, sizeof nr, "%ld", (long)SYS_getpid);
    char *argv[] = { PERL, "-e", PERL_GETPID, nr, NULL };
    int p[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    pid_t pid = CHECK_SYS(fork());
    if (pid == 0) {
        dup2(p[1], 1);
        if (nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
            _exit(125);
        if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) != 0) {
            dprintf(1, "seccomp %d", errno);
            _exit(126);
        }
        execv(PERL, argv);
        _exit(127);
    }
    close(p[1]);
    read_output(p[0], out, n);
    int st;
    CHECK_SYS(waitpid(pid, &st, 0));
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void need_perl(void)
{
    if (access(PERL, X_OK) != 0)
        SKIP("%s is missing (perl-base): no program here reports getpid's raw result", PERL);
}

/* The filter makes getpid fail with ENOMSG in the program, as the same filter installed by
 * hand does; without it, perl gets its own pid. */
TEST(spawn_seccomp_getpid_errno, ANY)
{
    need_perl();
    char out[128], want[128];
    int code;
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_no_new_privs(a, 1));
    set_getpid_filter(a);
    perl_getpid(a, out, sizeof out, &code);
    snprintf(want, sizeof want, "err %d", GETPID_ERRNO);
    CHECK_EQ_INT(code, 0);
    CHECK_STR_EQ(out, want);
    char peer[128];
    CHECK_EQ_INT(peer_getpid(1, peer, sizeof peer), 0);
    CHECK_STR_EQ(peer, out);
    /* Cleared again (NULL, 0): no filter. */
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_no_new_privs(a, 1));
    set_getpid_filter(a);
    CHECK_OK(rns_spawn_attr_set_seccomp(a, NULL, 0));
    perl_getpid(a, out, sizeof out, &code);
    CHECK_EQ_INT(code, 0);
    CHECK(strncmp(out, "pid ", 4) == 0 && atoi(out + 4) > 1);
    expect_no_zombie();
}

/* Without no_new_privs or CAP_SYS_ADMIN the kernel refuses the filter: EACCES at
 * RNS_SPAWN_STEP_SECCOMP, as the prctl by hand says; with no_new_privs it is installed. Where
 * this process has no_new_privs already (a sandbox's, inherited), both install it. */
TEST(spawn_seccomp_needs_nnp, UNPRIV)
{
    need_perl();
    char out[128], peer[128], want[64];
    int code, inherited = CHECK_SYS(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    int peer_code = peer_getpid(0, peer, sizeof peer);
    snprintf(want, sizeof want, "err %d", GETPID_ERRNO);
    rns_spawn_attr *a = new_attr();
    set_getpid_filter(a);
    if (inherited) {
        perl_getpid(a, out, sizeof out, &code);
        CHECK_STR_EQ(out, want);
        CHECK_STR_EQ(peer, out);
        PASS_NOTE("no_new_privs is inherited here (a sandbox's): the filter installs without the attribute, for the peer too");
    }
    CHECK_EQ_INT(peer_code, 126);
    snprintf(want, sizeof want, "seccomp %d", EACCES);
    CHECK_STR_EQ(peer, want);
    expect_fail(a, "/bin/true", -EACCES, RNS_SPAWN_STEP_SECCOMP);
    a = new_attr();
    set_getpid_filter(a);
    CHECK_OK(rns_spawn_attr_set_no_new_privs(a, 1));
    perl_getpid(a, out, sizeof out, &code);
    snprintf(want, sizeof want, "err %d", GETPID_ERRNO);
    CHECK_STR_EQ(out, want);
}

/* With CAP_SYS_ADMIN (root, or root of a user namespace) no no_new_privs is needed, as for
 * the prctl by hand. */
TEST(spawn_seccomp_cap_sys_admin, PRIV)
{
    need_perl();
    char out[128], peer[128], want[64];
    int code;
    rns_spawn_attr *a = new_attr();
    set_getpid_filter(a);
    perl_getpid(a, out, sizeof out, &code);
    snprintf(want, sizeof want, "err %d", GETPID_ERRNO);
    CHECK_STR_EQ(out, want);
    CHECK_EQ_INT(peer_getpid(0, peer, sizeof peer), 0);
    CHECK_STR_EQ(peer, out);
}

/* The setter's checks, and a program the kernel refuses (at the step). */
TEST(spawn_seccomp_bad_input, ANY)
{
    static struct sock_filter big[4097];
    for (size_t i = 0; i < 4097; i++)
        big[i] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    const rns_sock_filter *p = (const rns_sock_filter *)big;
    rns_spawn_attr *a = new_attr();
    CHECK_ERR(rns_spawn_attr_set_seccomp(NULL, p, 1), -EFAULT);
    CHECK_ERR(rns_spawn_attr_set_seccomp(a, NULL, 1), -EFAULT);
    CHECK_ERR(rns_spawn_attr_set_seccomp(a, p, 0), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_seccomp(a, p, 4097), -EINVAL);
    CHECK_OK(rns_spawn_attr_set_seccomp(a, p, 4096));
    CHECK_OK(rns_spawn_attr_set_no_new_privs(a, 1));
    char out[16];
    char *argv[] = { "/bin/true", NULL };
    CHECK_EQ_INT(run_capture(a, argv, NULL, out, sizeof out), 0);
    /* An opcode the kernel does not know; the copy is the library's (ours is changed after). */
    struct sock_filter bad[2] = { BPF_STMT(0xffff, 0), BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_no_new_privs(a, 1));
    CHECK_OK(rns_spawn_attr_set_seccomp(a, (const rns_sock_filter *)bad, 2));
    bad[0] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    expect_fail(a, "/bin/true", -EINVAL, RNS_SPAWN_STEP_SECCOMP);
}

/* One instruction: every syscall answers -ENOMSG (exit_group too). */
static const struct sock_filter deny_all[1] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOMSG) };

/* A filter that refuses execve: its errno at RNS_SPAWN_STEP_EXEC where the child reports
 * through our memory, also when it refuses every syscall (the child's exit then ends in a
 * fault); one that kills: the spawn succeeds and the child dies of SIGSYS. */
TEST(spawn_seccomp_denies_execve, ANY)
{
    struct sock_filter f[8];
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_no_new_privs(a, 1));
    CHECK_OK(rns_spawn_attr_set_seccomp(a, (const rns_sock_filter *)f, deny_filter(f, SYS_execve, -1, ENOMSG)));
    expect_fail(a, "/bin/true", -ENOMSG, RNS_SPAWN_STEP_EXEC);
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_no_new_privs(a, 1));
    CHECK_OK(rns_spawn_attr_set_seccomp(a, (const rns_sock_filter *)deny_all, 1));
#if H_ASAN
    {
        /* The sanitized library's child is always fork-style (it reports through a pipe):
         * the report is lost, the spawn succeeds and the child dies of its _exit's fault, as
         * spawn_seccomp_denies_execve_and_write shows for that path. */
        char *tru[] = { "/bin/true", NULL };
        pid_t p0;
        int s0 = -1;
        int f0 = CHECK_OK(rns_spawn(a, "/bin/true", tru, NULL, &p0, &s0));
        CHECK_OK(rns_spawn_attr_free(a));
        CHECK(wait_pidfd(f0, p0) > 128);
    }
#else
    expect_fail(a, "/bin/true", -ENOMSG, RNS_SPAWN_STEP_EXEC);
#endif
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_no_new_privs(a, 1));
    CHECK_OK(rns_spawn_attr_set_seccomp(a, (const rns_sock_filter *)f, deny_filter(f, SYS_execve, -1, 0)));
    char *argv[] = { "/bin/true", NULL };
    pid_t pid;
    int step = -1;
    int fd = CHECK_OK(rns_spawn(a, "/bin/true", argv, NULL, &pid, &step));
    CHECK_OK(rns_spawn_attr_free(a));
    CHECK_EQ_INT(step, RNS_SPAWN_STEP_NONE);
    CHECK_EQ_INT(wait_pidfd(fd, pid), 128 + SIGSYS);
    expect_no_zombie();
}

/* Where the child reports through a pipe (uid/gid maps: a fork-style child) and the filter
 * refuses execve and write, the report is lost: the spawn succeeds, the child exits 127 (or
 * dies of SIGSEGV where exit_group is refused too). */
TEST(spawn_seccomp_denies_execve_and_write, PRIV)
{
    struct sock_filter f[8];
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_unshare(a, RNS_CLONE_NEWUSER));
    CHECK_OK(rns_spawn_attr_set_uid_map(a, "0 0 1"));
    CHECK_OK(rns_spawn_attr_set_seccomp(a, (const rns_sock_filter *)f,
                                        deny_filter(f, SYS_execve, SYS_write, ENOMSG)));
    char *argv[] = { "/bin/true", NULL };
    pid_t pid;
    int step = -1;
    int fd = CHECK_OK(rns_spawn(a, "/bin/true", argv, NULL, &pid, &step));
    CHECK_OK(rns_spawn_attr_free(a));
    CHECK_EQ_INT(step, RNS_SPAWN_STEP_NONE);
    CHECK_EQ_INT(wait_pidfd(fd, pid), 127);
    /* Every syscall refused, exit_group too: the child's _exit ends in a fault. */
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_unshare(a, RNS_CLONE_NEWUSER));
    CHECK_OK(rns_spawn_attr_set_uid_map(a, "0 0 1"));
    CHECK_OK(rns_spawn_attr_set_seccomp(a, (const rns_sock_filter *)deny_all, 1));
    fd = CHECK_OK(rns_spawn(a, "/bin/true", argv, NULL, &pid, &step));
    CHECK_OK(rns_spawn_attr_free(a));
    int code = wait_pidfd(fd, pid);
#if defined(__x86_64__)
    CHECK_EQ_INT(code, 128 + SIGSEGV); /* glibc's _exit: hlt */
#else
    CHECK(code > 128); /* killed by the fault glibc's _exit ends in */
#endif
    /* Write allowed: the errno comes back through the pipe. */
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_unshare(a, RNS_CLONE_NEWUSER));
    CHECK_OK(rns_spawn_attr_set_uid_map(a, "0 0 1"));
    CHECK_OK(rns_spawn_attr_set_seccomp(a, (const rns_sock_filter *)f, deny_filter(f, SYS_execve, -1, ENOMSG)));
    expect_fail(a, "/bin/true", -ENOMSG, RNS_SPAWN_STEP_EXEC);
}

/* ---- Landlock ----------------------------------------------------------------------- */

#define LL_RIGHTS (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)

/* A ruleset handling execute, read-file and read-dir, allowing them beneath /usr only (the
 * program, its loader and libraries: /bin and /lib are links into /usr here). Skips where
 * Landlock is missing or disabled. */
static int usr_only_ruleset(void)
{
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (abi < 0)
        SKIP("no Landlock here: landlock_create_ruleset says %s", h_errname(-errno));
    struct landlock_ruleset_attr ra = { .handled_access_fs = LL_RIGHTS };
    int rs = CHECK_SYS(syscall(SYS_landlock_create_ruleset, &ra, sizeof ra, 0));
    struct landlock_path_beneath_attr pb = { .allowed_access = LL_RIGHTS };
    pb.parent_fd = CHECK_SYS(open("/usr", O_PATH | O_CLOEXEC));
    CHECK_SYS(syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &pb, 0));
    close(pb.parent_fd);
    return rs;
}

/* A file with "secret" in a new temp dir (outside /usr); its path in `path`. */
static void secret_file(char *path, size_t n)
{
    char dir[] = "/tmp/rns-landlock-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    CHECK_SYS(chmod(dir, 0755));
    snprintf(path, n, "%s/f", dir);
    int fd = CHECK_SYS(open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
    write_all(fd, "secret", 6);
    close(fd);
}

static void remove_secret(const char *path)
{
    char dir[256];
    snprintf(dir, sizeof dir, "%s", path);
    unlink(path);
    *strrchr(dir, '/') = 0;
    rmdir(dir);
}

/* cat of `path` with `a` (freed): its stdout and stderr together in `out`; its exit code. */
static int cat_file(rns_spawn_attr *a, const char *path, char *out, size_t n)
{
    int p[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    CHECK_OK(rns_spawn_attr_set_fd(a, 2, p[1]));
    close(p[1]);
    char *argv[] = { "/bin/cat", (char *)path, NULL };
    char err[256];
    int code = run_capture(a, argv, NULL, out, n);
    read_output(p[0], err, sizeof err);
    if (!*out)
        snprintf(out, n, "%s", err);
    return code;
}

/* The ruleset denies the read of a file outside /usr that was readable before (cat: EACCES),
 * while the exec of /bin/cat is allowed by its rule; the caller's own fd may be closed. */
TEST(spawn_landlock_denies_read, ANY)
{
    char path[256], out[256];
    int rs = usr_only_ruleset();
    secret_file(path, sizeof path);
    CHECK_EQ_INT(cat_file(new_attr(), path, out, sizeof out), 0);
    CHECK_STR_EQ(out, "secret");
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_no_new_privs(a, 1));
    CHECK_OK(rns_spawn_attr_set_landlock(a, rs));
    close(rs);
    int code = cat_file(a, path, out, sizeof out);
    remove_secret(path);
    CHECK_EQ_INT(code, 1);
    CHECK(strstr(out, strerror(EACCES)) != NULL);
    expect_no_zombie();
}

/* The attribute's duplicate of the ruleset sits on an fd action's target: it is moved off
 * it first, so the child still restricts itself (not EBADFD at the step). */
TEST(spawn_landlock_fd_on_target, ANY)
{
    char path[256], out[256];
    int rs = usr_only_ruleset();
    secret_file(path, sizeof path);
    int next = CHECK_SYS(fcntl(0, F_DUPFD_CLOEXEC, 3)); /* where the attribute's copy goes */
    close(next);
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_no_new_privs(a, 1));
    CHECK_OK(rns_spawn_attr_set_landlock(a, rs));
    CHECK(fcntl(next, F_GETFD) >= 0);
    int null = CHECK_SYS(open("/dev/null", O_RDONLY | O_CLOEXEC));
    CHECK_OK(rns_spawn_attr_set_fd(a, next, null));
    close(null);
    close(rs);
    int code = cat_file(a, path, out, sizeof out);
    remove_secret(path);
    CHECK_EQ_INT(code, 1);
    CHECK(strstr(out, strerror(EACCES)) != NULL);
}

/* A closefrom action closes the caller's fds from 3 on, but not the spawn's own: the ruleset
 * the child restricts itself with after the actions stays open for it (not EBADF at the step). */
TEST(spawn_landlock_closefrom, ANY)
{
    char path[256], out[256];
    int rs = usr_only_ruleset();
    secret_file(path, sizeof path);
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_no_new_privs(a, 1));
    CHECK_OK(rns_spawn_attr_set_landlock(a, rs));
    CHECK_OK(rns_spawn_attr_add_closefrom(a, 3));
    close(rs);
    int code = cat_file(a, path, out, sizeof out);
    remove_secret(path);
    CHECK_EQ_INT(code, 1);
    CHECK(strstr(out, strerror(EACCES)) != NULL);
}

/* Without no_new_privs or CAP_SYS_ADMIN: EPERM at RNS_SPAWN_STEP_LANDLOCK, as
 * landlock_restrict_self by hand says (both restrict where no_new_privs is inherited). */
TEST(spawn_landlock_needs_nnp, UNPRIV)
{
    int rs = usr_only_ruleset();
    int inherited = CHECK_SYS(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    pid_t pid = CHECK_SYS(fork());
    if (pid == 0)
        _exit(syscall(SYS_landlock_restrict_self, rs, 0) == 0 ? 0 : errno);
    int st;
    CHECK_SYS(waitpid(pid, &st, 0));
    CHECK_EQ_INT(WEXITSTATUS(st), inherited ? 0 : EPERM);
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_landlock(a, rs));
    close(rs);
    if (inherited) {
        char out[16];
        char *argv[] = { "/bin/true", NULL };
        CHECK_EQ_INT(run_capture(a, argv, NULL, out, sizeof out), 0);
        PASS_NOTE("no_new_privs is inherited here (a sandbox's): the ruleset restricts without the attribute, for the peer too");
    }
    expect_fail(a, "/bin/true", -EPERM, RNS_SPAWN_STEP_LANDLOCK);
}

/* The setter's checks: -1 clears; not an fd, or not a ruleset (a file, another anonymous
 * inode) refused now. */
TEST(spawn_landlock_bad_input, ANY)
{
    rns_spawn_attr *a = new_attr();
    int null = CHECK_SYS(open("/dev/null", O_RDONLY | O_CLOEXEC));
    int efd = CHECK_SYS(eventfd(0, EFD_CLOEXEC));
    int closed = (int)CHECK_SYS(dup(0));
    close(closed);
    int before = count_open_fds();
    CHECK_ERR(rns_spawn_attr_set_landlock(NULL, -1), -EFAULT);
    CHECK_ERR(rns_spawn_attr_set_landlock(a, -2), -EBADF);
    CHECK_ERR(rns_spawn_attr_set_landlock(a, closed), -EBADF);
    CHECK_ERR(rns_spawn_attr_set_landlock(a, null), -EBADFD);
    CHECK_ERR(rns_spawn_attr_set_landlock(a, efd), -EBADFD);
    CHECK_EQ_INT(count_open_fds(), before);
    CHECK_OK(rns_spawn_attr_set_landlock(a, -1));
    close(null);
    close(efd);
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (abi < 0) {
        CHECK_OK(rns_spawn_attr_free(a));
        PASS_NOTE("no Landlock here (%s): the ruleset half is left out", h_errname(-errno));
    }
    int rs = usr_only_ruleset();
    before = count_open_fds();
    CHECK_OK(rns_spawn_attr_set_landlock(a, rs));
    CHECK_EQ_INT(count_open_fds(), before + 1);
    CHECK_OK(rns_spawn_attr_set_landlock(a, -1)); /* cleared: its duplicate closed */
    CHECK_EQ_INT(count_open_fds(), before);
    CHECK_OK(rns_spawn_attr_set_no_new_privs(a, 1));
    char out[16];
    char *argv[] = { "/bin/true", NULL };
    CHECK_EQ_INT(run_capture(a, argv, NULL, out, sizeof out), 0);
    close(rs);
}

/* Both at once, Landlock first: a filter refusing landlock_restrict_self does not stop the
 * ruleset (it is installed after), and the read is still denied. */
TEST(spawn_landlock_then_seccomp, ANY)
{
    char path[256], out[256];
    int rs = usr_only_ruleset();
    secret_file(path, sizeof path);
    struct sock_filter f[8];
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_no_new_privs(a, 1));
    CHECK_OK(rns_spawn_attr_set_landlock(a, rs));
    CHECK_OK(rns_spawn_attr_set_seccomp(a, (const rns_sock_filter *)f,
                                        deny_filter(f, SYS_landlock_restrict_self, SYS_seccomp, ENOMSG)));
    close(rs);
    int code = cat_file(a, path, out, sizeof out);
    remove_secret(path);
    CHECK_EQ_INT(code, 1);
    CHECK(strstr(out, strerror(EACCES)) != NULL);
}
