/*
 * rns-sandbox: run a command as it would run on an old kernel, or in a container whose
 * seccomp profile hides the pidfd calls.
 *
 *   rns-sandbox [--nopidfd] [--uname26] -- CMD [ARG...]
 *   rns-sandbox --verify [-- CMD [ARG...]]
 *
 * --nopidfd  PR_SET_NO_NEW_PRIVS and a seccomp filter under which pidfd_open,
 *            pidfd_send_signal, pidfd_getfd and clone3 fail with ENOSYS (what a kernel
 *            older than 5.1/5.3/5.6 answers, and what container runtimes' profiles give
 *            for calls they do not know). Every other call is allowed. The filter checks
 *            the arch field: x86_64 (and its x32 numbers), i386, aarch64 and arm each get
 *            their own numbers.
 * --uname26  personality(UNAME26): uname(2) reports a 2.6.x release (the running kernel is
 *            unchanged), as for programs that read the version instead of asking the kernel.
 *
 * Both are inherited by every child and thread and kept across execve, so CMD and all it
 * starts run sandboxed; nothing can lift them. Before exec'ing CMD the program checks that
 * they took effect (in itself, in a new thread and in a forked child) and exits 1 loudly if
 * not. It sets RNS_TEST_SANDBOX to the modes in effect ("nopidfd", "uname26", comma
 * separated), which tells the test suites to expect -ENOSYS from the pidfd calls.
 *
 * --verify checks, in the current process, a new thread and a forked child, that every mode
 * RNS_TEST_SANDBOX names is in effect (run it under the sandbox: it proves the filter
 * survived execve); exit 1 if one is not, else exec CMD when given:
 *     rns-sandbox --nopidfd -- rns-sandbox --verify -- ./tests
 *
 * No dependency beyond libc and the kernel headers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#if !defined(__x86_64__) && !defined(__aarch64__)
#error "rns-sandbox knows the syscall numbers of x86_64 and aarch64 only"
#endif

/* Since Linux 5.1 new system calls have one number on every architecture (the unified
 * table), so these four are the same on x86_64, i386, aarch64 and arm. They are still listed
 * per arch below, so a different table would be a one-line change. */
#define NR_PIDFD_SEND_SIGNAL 424
#define NR_PIDFD_OPEN 434
#define NR_CLONE3 435
#define NR_PIDFD_GETFD 438
#define X32_SYSCALL_BIT 0x40000000u

/* The native numbers from the C library's headers must be the ones the filter uses. */
_Static_assert(SYS_pidfd_send_signal == NR_PIDFD_SEND_SIGNAL, "pidfd_send_signal number");
_Static_assert(SYS_pidfd_open == NR_PIDFD_OPEN, "pidfd_open number");
_Static_assert(SYS_clone3 == NR_CLONE3, "clone3 number");
_Static_assert(SYS_pidfd_getfd == NR_PIDFD_GETFD, "pidfd_getfd number");

#ifndef AUDIT_ARCH_AARCH64
#define AUDIT_ARCH_AARCH64 (EM_AARCH64 | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE)
#endif

static const struct {
    __u32 arch;
    const char *name;
    __u32 nr[4];
} hidden[] = {
    { AUDIT_ARCH_X86_64, "x86_64", { NR_PIDFD_SEND_SIGNAL, NR_PIDFD_OPEN, NR_CLONE3, NR_PIDFD_GETFD } },
    /* x32 programs run with the x86_64 arch and their numbers | 0x40000000 */
    { AUDIT_ARCH_X86_64, "x32", { NR_PIDFD_SEND_SIGNAL | X32_SYSCALL_BIT, NR_PIDFD_OPEN | X32_SYSCALL_BIT,
                                  NR_CLONE3 | X32_SYSCALL_BIT, NR_PIDFD_GETFD | X32_SYSCALL_BIT } },
    { AUDIT_ARCH_I386, "i386", { NR_PIDFD_SEND_SIGNAL, NR_PIDFD_OPEN, NR_CLONE3, NR_PIDFD_GETFD } },
    { AUDIT_ARCH_AARCH64, "aarch64", { NR_PIDFD_SEND_SIGNAL, NR_PIDFD_OPEN, NR_CLONE3, NR_PIDFD_GETFD } },
    { AUDIT_ARCH_ARM, "arm", { NR_PIDFD_SEND_SIGNAL, NR_PIDFD_OPEN, NR_CLONE3, NR_PIDFD_GETFD } },
};
#define N_ARCH (sizeof hidden / sizeof hidden[0])
#define N_NR 4

static const char *prog = "rns-sandbox";

__attribute__((noreturn, format(printf, 1, 2))) static void die(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: FAIL ", prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

/*
 * The filter, built at run time from the table:
 *     ld [arch]
 *     for each arch:  jeq ARCH, 0, next-arch
 *                     ld [nr]
 *                     jeq NR1..NR4 -> ENOSYS
 *                     (x86_64 and x32 share an arch: their numbers are checked together)
 *                     ret ALLOW
 *     ret ALLOW                  (an arch we do not know: nothing to hide)
 *     ENOSYS: ret ERRNO(ENOSYS)
 */
static void install_filter(void)
{
    struct sock_filter f[128];
    size_t n = 0, enosys_jumps[64], nj = 0;
#define EMIT(stmt) (f[n++] = (struct sock_filter)stmt)
    EMIT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)));
    for (size_t a = 0; a < N_ARCH;) {
        /* all rows of this arch (x86_64 and x32) */
        size_t end = a;
        while (end < N_ARCH && hidden[end].arch == hidden[a].arch)
            end++;
        size_t count = (end - a) * N_NR;
        /* jeq arch: fall through into the checks; else skip them (ld + count jeq + ret) */
        EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, hidden[a].arch, 0, (__u8)(count + 2)));
        EMIT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
        for (size_t r = a; r < end; r++)
            for (size_t i = 0; i < N_NR; i++) {
                enosys_jumps[nj++] = n;
                EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, hidden[r].nr[i], 0, 0)); /* jt fixed below */
            }
        EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
        a = end;
    }
    EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    size_t enosys = n;
    EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA)));
#undef EMIT
    for (size_t j = 0; j < nj; j++) {
        size_t dist = enosys - enosys_jumps[j] - 1;
        if (dist > 255)
            die("filter too long for a jump (%zu)", dist);
        f[enosys_jumps[j]].jt = (__u8)dist;
    }
    struct sock_fprog fp = { .len = (unsigned short)n, .filter = f };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        die("prctl(PR_SET_NO_NEW_PRIVS): %s", strerror(errno));
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp) != 0)
        die("seccomp(SECCOMP_SET_MODE_FILTER): %s", strerror(errno));
}

/* ---- checks ------------------------------------------------------------------------- */

/* Each hidden call, with arguments the real call would refuse otherwise than with ENOSYS
 * (EBADF, EINVAL...), or accept (pidfd_open of ourselves): only the filter gives ENOSYS. */
static const char *check_nopidfd(void)
{
    static __thread char why[160];
    struct { const char *name; long ret; int err; } c[4];
    errno = 0;
    c[0].name = "pidfd_open(getpid(), 0)";
    c[0].ret = syscall(SYS_pidfd_open, getpid(), 0);
    c[0].err = errno;
    errno = 0;
    c[1].name = "pidfd_send_signal(-1, 0, NULL, 0)";
    c[1].ret = syscall(SYS_pidfd_send_signal, -1, 0, NULL, 0);
    c[1].err = errno;
    errno = 0;
    c[2].name = "pidfd_getfd(-1, 0, 0)";
    c[2].ret = syscall(SYS_pidfd_getfd, -1, 0, 0);
    c[2].err = errno;
    errno = 0;
    c[3].name = "clone3(NULL, 0)";
    c[3].ret = syscall(SYS_clone3, NULL, 0);
    c[3].err = errno;
    for (int i = 0; i < 4; i++) {
        if (c[i].ret == -1 && c[i].err == ENOSYS)
            continue;
        if (c[i].ret >= 0 && i == 0)
            close((int)c[i].ret);
        snprintf(why, sizeof why, "%s gave %ld (%s), not ENOSYS", c[i].name, c[i].ret,
                 c[i].ret == -1 ? strerrorname_np(c[i].err) : "success");
        return why;
    }
    /* and the filter hides nothing else: an allowed call still works */
    if (syscall(SYS_getpid) != getpid()) {
        snprintf(why, sizeof why, "getpid failed under the filter");
        return why;
    }
    return NULL;
}

static const char *check_uname26(void)
{
    static __thread char why[160];
    struct utsname u;
    if (uname(&u) != 0) {
        snprintf(why, sizeof why, "uname: %s", strerror(errno));
        return why;
    }
    if (strncmp(u.release, "2.6.", 4) != 0) {
        snprintf(why, sizeof why, "uname reports release \"%s\", not 2.6.x", u.release);
        return why;
    }
    return NULL;
}

static int want_nopidfd, want_uname26;

/* NULL when every wanted mode is in effect in the calling thread. */
static const char *check_here(void)
{
    const char *why = NULL;
    if (want_nopidfd && (why = check_nopidfd()))
        return why;
    if (want_uname26 && (why = check_uname26()))
        return why;
    return NULL;
}

static void *thread_check(void *arg)
{
    (void)arg;
    return (void *)check_here();
}

/* In this thread, a new thread (made by glibc, through clone3 or its clone fallback) and a
 * forked child. */
static void check_everywhere(const char *when)
{
    const char *why = check_here();
    if (why)
        die("%s: not in effect in the process: %s", when, why);
    pthread_t th;
    void *res = NULL;
    int r = pthread_create(&th, NULL, thread_check, NULL);
    if (r != 0)
        die("%s: pthread_create: %s", when, strerror(r));
    pthread_join(th, &res);
    if (res)
        die("%s: not in effect in a new thread: %s", when, (const char *)res);
    int p[2];
    if (pipe(p) != 0)
        die("pipe: %s", strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        die("fork: %s", strerror(errno));
    if (pid == 0) {
        close(p[0]);
        why = check_here();
        if (why && write(p[1], why, strlen(why)) < 0)
            _exit(2);
        _exit(why ? 1 : 0);
    }
    close(p[1]);
    char buf[200] = "";
    ssize_t got = read(p[0], buf, sizeof buf - 1);
    buf[got > 0 ? got : 0] = 0;
    close(p[0]);
    int st;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        die("%s: not in effect in a forked child: %s", when, buf[0] ? buf : "child failed");
}

static int env_has(const char *list, const char *mode)
{
    size_t len = strlen(mode);
    for (const char *p = list; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t l = comma ? (size_t)(comma - p) : strlen(p);
        if (l == len && strncmp(p, mode, len) == 0)
            return 1;
        p = comma ? comma + 1 : NULL;
    }
    return 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: %s [--nopidfd] [--uname26] -- CMD [ARG...]\n"
                    "       %s --verify [-- CMD [ARG...]]\n", prog, prog);
    exit(2);
}

int main(int argc, char **argv)
{
    int i = 1, verify = 0;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--nopidfd") == 0)
            want_nopidfd = 1;
        else if (strcmp(argv[i], "--uname26") == 0)
            want_uname26 = 1;
        else if (strcmp(argv[i], "--verify") == 0)
            verify = 1;
        else
            usage();
    }
    const char *env = getenv("RNS_TEST_SANDBOX");

    if (verify) {
        if (want_nopidfd || want_uname26 || i == argc - 1)
            usage();
        want_nopidfd = env_has(env, "nopidfd");
        want_uname26 = env_has(env, "uname26");
        if (!want_nopidfd && !want_uname26)
            die("--verify: RNS_TEST_SANDBOX names no mode (\"%s\")", env ? env : "");
        check_everywhere("after exec");
        printf("ok   sandbox %s in effect after exec (process, new thread, forked child)\n", env);
        if (i >= argc)
            return 0;
        fflush(NULL);
        execvp(argv[i + 1], argv + i + 1);
        die("exec %s: %s", argv[i + 1], strerror(errno));
    }

    if (i >= argc - 1 || (!want_nopidfd && !want_uname26))
        usage();
    char **cmd = argv + i + 1;

    if (want_uname26) {
        int cur = personality(0xffffffff);
        if (cur == -1 || personality((unsigned long)cur | UNAME26) == -1)
            die("personality(UNAME26): %s", strerror(errno));
    }
    if (want_nopidfd)
        install_filter();
    check_everywhere("before exec");

    /* RNS_TEST_SANDBOX: the modes in effect, with any an outer rns-sandbox set */
    char modes[256] = "";
    if (env && *env)
        snprintf(modes, sizeof modes, "%s", env);
    const char *mine[2] = { want_nopidfd ? "nopidfd" : NULL, want_uname26 ? "uname26" : NULL };
    for (int m = 0; m < 2; m++)
        if (mine[m] && !env_has(modes, mine[m])) {
            size_t l = strlen(modes);
            snprintf(modes + l, sizeof modes - l, "%s%s", l ? "," : "", mine[m]);
        }
    if (setenv("RNS_TEST_SANDBOX", modes, 1) != 0)
        die("setenv: %s", strerror(errno));
    fflush(NULL);
    execvp(cmd[0], cmd);
    die("exec %s: %s", cmd[0], strerror(errno));
}
