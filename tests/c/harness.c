/*
 * harness.c - the runner and the reporting of harness.h (see there for what they do):
 * linked once into every program of cases (test_rns, test_threads, faulty_cases).
 */
#define _GNU_SOURCE
#include "harness.h"

/* LeakSanitizer's entry point, present only in a -fsanitize=address (or leak) build such as
 * make test-asan's: a case child ends with _exit(), which skips the check at exit, so the
 * child runs it itself when the case passes. */
extern int __lsan_do_recoverable_leak_check(void) __attribute__((weak));

struct h_case {
    const char *name;
    void (*fn)(void);
    enum h_mode mode;
    int file; /* cases run file by file, in the order the files registered (link order), */
    int line; /* and in source order within a file */
};

#define H_MAX_CASES 512
#ifndef H_TIMEOUT_SEC
#define H_TIMEOUT_SEC 20 /* per case, seconds */
#endif
#define H_UNPRIV_ID 65534 /* nobody */

static struct h_case h_cases[H_MAX_CASES];
static int h_ncases;
static const char *h_files[H_MAX_CASES];
static int h_nfiles;

/* State of the current case child. */
int h_report_fd = -1;
static pid_t h_case_pid;
int h_in_userns;
int h_dropped;

void h_register(const char *name, void (*fn)(void), enum h_mode mode, const char *file, int line)
{
    if (h_ncases >= H_MAX_CASES) {
        fprintf(stderr, "harness: too many cases\n");
        abort();
    }
    int f = 0;
    while (f < h_nfiles && strcmp(h_files[f], file) != 0)
        f++;
    if (f == h_nfiles)
        h_files[h_nfiles++] = file;
    h_cases[h_ncases++] = (struct h_case){ name, fn, mode, f, line };
}

/* ---- reporting (case child side) ------------------------------------- */

static void h_report(char kind, const char *msg)
{
    char buf[1024];
    int n = snprintf(buf, sizeof buf, "%c%s", kind, msg);
    if (n < 0)
        n = 0;
    if (n >= (int)sizeof buf)
        n = (int)sizeof buf - 1;
    if (h_report_fd >= 0) {
        /* < PIPE_BUF: one atomic write */
        ssize_t w = write(h_report_fd, buf, (size_t)n);
        (void)w;
    } else {
        fprintf(stderr, "%s\n", buf + 1);
    }
}

void h_fail(const char *file, int line, const char *fmt, ...)
{
    char msg[900], full[1000];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    if (h_case_pid && getpid() != h_case_pid)
        snprintf(full, sizeof full, "[helper pid %d] %s (%s:%d)", (int)getpid(), msg, base, line);
    else
        snprintf(full, sizeof full, "%s (%s:%d)", msg, base, line);
    h_report('F', full);
    _exit(1);
}

/* Reports `kind` with the formatted message and ends the case child with `status`. */
__attribute__((noreturn)) static void h_end(char kind, int status, const char *fmt, va_list ap)
{
    char msg[900];
    vsnprintf(msg, sizeof msg, fmt, ap);
    h_report(kind, msg);
    _exit(status);
}

void h_skip(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    h_end('S', 77, fmt, ap);
}

void h_pass_note(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    h_end('N', 0, fmt, ap);
}

const char *h_errname(long long err)
{
    if (err < 0)
        err = -err;
    if (err > INT_MAX)
        return "?";
    const char *n = rns_errname((int)err);
    return n ? n : "(null!)";
}

const char *h_fmt_int(char *buf, size_t len, long long v, int is_rns_result)
{
    if (is_rns_result && v < 0 && v >= INT_MIN)
        snprintf(buf, len, "%lld (-%s)", v, h_errname(v));
    else
        snprintf(buf, len, "%lld", v);
    return buf;
}

/* ---- helpers for cases ------------------------------------------------ */

pid_t h_fork(void)
{
    pid_t parent = getpid();
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        /* parent already gone?  (0: we are init of a new pid namespace) */
        if (getppid() != parent && getppid() != 0)
            _exit(99);
    }
    return pid;
}

int h_write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    size_t len = strlen(text);
    ssize_t w = write(fd, text, len);
    int err = (w == (ssize_t)len) ? 0 : (w < 0 ? -errno : -EIO);
    close(fd);
    return err;
}

/* ---- privilege modes (case child side) -------------------------------- */

void h_become_root_in_userns(void)
{
    uid_t uid = geteuid();
    gid_t gid = getegid();
    char map[64];
    int r = rns_unshare(RNS_CLONE_NEWUSER);
    if (r < 0)
        SKIP("needs privilege: not root, and rns_unshare(RNS_CLONE_NEWUSER) failed with -%s",
             h_errname(r));
    r = h_write_file("/proc/self/setgroups", "deny");
    if (r < 0)
        SKIP("needs privilege: cannot write /proc/self/setgroups in new user ns: -%s",
             h_errname(r));
    snprintf(map, sizeof map, "0 %u 1", (unsigned)uid);
    r = h_write_file("/proc/self/uid_map", map);
    if (r < 0)
        SKIP("needs privilege: cannot write uid_map \"%s\": -%s", map, h_errname(r));
    snprintf(map, sizeof map, "0 %u 1", (unsigned)gid);
    r = h_write_file("/proc/self/gid_map", map);
    if (r < 0)
        SKIP("needs privilege: cannot write gid_map \"%s\": -%s", map, h_errname(r));
    if (geteuid() != 0 || getegid() != 0)
        SKIP("needs privilege: still euid %u egid %u after mapping root in a user namespace",
             (unsigned)geteuid(), (unsigned)getegid());
    h_in_userns = 1;
}

static void h_drop_to_nobody(void)
{
    if (setgroups(0, NULL) != 0 ||
        setresgid(H_UNPRIV_ID, H_UNPRIV_ID, H_UNPRIV_ID) != 0 ||
        setresuid(H_UNPRIV_ID, H_UNPRIV_ID, H_UNPRIV_ID) != 0)
        FAIL("dropping root to uid/gid %d: %s", H_UNPRIV_ID, strerror(errno));
    if (geteuid() != H_UNPRIV_ID || getegid() != H_UNPRIV_ID)
        FAIL("drop to nobody did not stick");
    /* credential change cleared "dumpable"; restore it so /proc and
     * pidfd_getfd keep treating our own children as ours */
    prctl(PR_SET_DUMPABLE, 1);
    /* ...and it also cleared the parent-death signal */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    h_dropped = 1;
}

static void h_enter_mode(enum h_mode mode)
{
    if (mode == PRIV && geteuid() != 0)
        h_become_root_in_userns();
    else if (mode == UNPRIV && geteuid() == 0)
        h_drop_to_nobody();
}

/* ---- runner side ------------------------------------------------------- */

static int h_cmp_case(const void *a, const void *b)
{
    const struct h_case *x = a, *y = b;
    return x->file != y->file ? x->file - y->file : x->line - y->line;
}

/* Kill and reap helpers orphaned by a case (the runner is a subreaper). */
static void h_reap_strays(void)
{
    for (int round = 0; round < 50; round++) {
        int found = 0;
        DIR *d = opendir("/proc");
        struct dirent *de;
        while (d && (de = readdir(d))) {
            char path[300], buf[512];
            if (de->d_name[0] < '0' || de->d_name[0] > '9')
                continue;
            snprintf(path, sizeof path, "/proc/%s/stat", de->d_name);
            int fd = open(path, O_RDONLY | O_CLOEXEC);
            if (fd < 0)
                continue;
            ssize_t n = read(fd, buf, sizeof buf - 1);
            close(fd);
            if (n <= 0)
                continue;
            buf[n] = 0;
            char *rp = strrchr(buf, ')');
            char state;
            int ppid;
            if (!rp || sscanf(rp + 1, " %c %d", &state, &ppid) != 2)
                continue;
            if (ppid == getpid()) {
                found = 1;
                kill(atoi(de->d_name), SIGKILL);
            }
        }
        if (d)
            closedir(d);
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;
        if (!found)
            return;
        usleep(10000);
    }
}

/* LeakSanitizer builds only: check the passing case child for leaks. Its tracer (a clone
 * that ptraces the child) cannot work from a PID namespace the case made for its children,
 * so those cases say so instead. ptrace also wants equal real, effective and saved ids and
 * a "dumpable" process, which a case's credential calls may have undone: the child, about
 * to exit, makes all its ids the real ones (allowed without privilege) and sets dumpable. */
static void h_leak_check(const char *name)
{
    if (!__lsan_do_recoverable_leak_check)
        return;
    struct stat own, children;
    if (stat("/proc/self/ns/pid", &own) == 0 && stat("/proc/self/ns/pid_for_children", &children) == 0 &&
        own.st_ino != children.st_ino) {
        printf("note %s: no leak check (LeakSanitizer cannot run after unshare(CLONE_NEWPID))\n", name);
        return;
    }
    uid_t ru, eu, su;
    gid_t rg, eg, sg;
    if (getresgid(&rg, &eg, &sg) != 0 || ((rg != eg || rg != sg) && setresgid(rg, rg, rg) != 0) ||
        getresuid(&ru, &eu, &su) != 0 || ((ru != eu || ru != su) && setresuid(ru, ru, ru) != 0))
        FAIL("leak check: cannot make the ids uniform: %s", strerror(errno));
    prctl(PR_SET_DUMPABLE, 1);
    if (__lsan_do_recoverable_leak_check())
        FAIL("LeakSanitizer: the case leaked memory (its report is above)");
}

/* 0 pass, 1 fail, 2 skip */
static int h_run_case(const struct h_case *c)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) {
        printf("FAIL %s: harness pipe: %s\n", c->name, strerror(errno));
        return 1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        printf("FAIL %s: harness fork: %s\n", c->name, strerror(errno));
        close(p[0]);
        close(p[1]);
        return 1;
    }
    if (pid == 0) {
        close(p[0]);
        h_report_fd = p[1];
        h_case_pid = getpid();
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        alarm(H_TIMEOUT_SEC);
        h_enter_mode(c->mode);
        c->fn();
        h_leak_check(c->name);
        _exit(0);
    }
    close(p[1]);

    /* wait, with a hard deadline in case SIGALRM is blocked or ignored */
    int status = 0, killed = 0;
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            break;
        if (r < 0 && errno != EINTR) {
            status = 0;
            break;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec > H_TIMEOUT_SEC + 5) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            killed = 1;
            break;
        }
        usleep(2000);
    }

    /* the report was written before the child exited; helpers may still
     * hold the write end, so read without blocking */
    char msg[1100] = "";
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    ssize_t n = read(p[0], msg, sizeof msg - 1);
    msg[n > 0 ? n : 0] = 0;
    close(p[0]);
    h_reap_strays();

    if (msg[0] == 'F') {
        printf("FAIL %s: %s\n", c->name, msg + 1);
        return 1;
    }
    if (killed) {
        printf("FAIL %s: hung, killed after %d s\n", c->name, H_TIMEOUT_SEC + 5);
        return 1;
    }
    if (WIFSIGNALED(status)) {
        if (WTERMSIG(status) == SIGALRM)
            printf("FAIL %s: timeout after %d s\n", c->name, H_TIMEOUT_SEC);
        else
            printf("FAIL %s: killed by signal %d (%s)\n", c->name, WTERMSIG(status),
                   strsignal(WTERMSIG(status)));
        return 1;
    }
    if (msg[0] == 'S' && WIFEXITED(status) && WEXITSTATUS(status) == 77) {
        printf("skip %s: %s\n", c->name, msg + 1);
        return 2;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && msg[0] == 0) {
        printf("ok   %s\n", c->name);
        return 0;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && msg[0] == 'N') {
        printf("ok   %s: %s\n", c->name, msg + 1);
        return 0;
    }
    printf("FAIL %s: exited with status %d without a report%s%s\n", c->name,
           WIFEXITED(status) ? WEXITSTATUS(status) : -1, msg[0] ? ": " : "", msg);
    return 1;
}

/* RNS_TEST_SKIP_FILE names a file of "case-name reason..." lines: those cases are reported
 * as skipped, with the reason, instead of run (make test-valgrind: the cases valgrind
 * cannot run). Returns the reason for `name`, or NULL. */
static const char *h_skip_reason(const char *name)
{
    static char *list;
    static int loaded;
    if (!loaded) {
        loaded = 1;
        const char *path = getenv("RNS_TEST_SKIP_FILE");
        FILE *f = path && *path ? fopen(path, "re") : NULL;
        if (path && *path && !f) {
            printf("FAIL harness: cannot read RNS_TEST_SKIP_FILE %s: %s\n", path, strerror(errno));
            exit(1);
        }
        if (f) {
            size_t cap = 0;
            if (getdelim(&list, &cap, 0, f) < 0) { /* empty */
                free(list);
                list = NULL;
            }
            fclose(f);
        }
    }
    size_t len = strlen(name);
    for (const char *line = list; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : "") {
        if (strncmp(line, name, len) == 0 && line[len] == ' ') {
            static char reason[600];
            const char *r = line + len + 1, *end = strchr(r, '\n');
            snprintf(reason, sizeof reason, "%.*s", (int)(end ? end - r : (long)strlen(r)), r);
            return reason;
        }
    }
    return NULL;
}

int h_main(int argc, char **argv)
{
    int passed = 0, failed = 0, skipped = 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    qsort(h_cases, (size_t)h_ncases, sizeof h_cases[0], h_cmp_case);
    /* orphaned helpers of a case get reparented to us, so we can reap them */
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    for (int i = 0; i < h_ncases; i++) {
        if (argc > 1) {
            int match = 0;
            for (int a = 1; a < argc; a++)
                if (strstr(h_cases[i].name, argv[a]))
                    match = 1;
            if (!match)
                continue;
        }
        const char *why = h_skip_reason(h_cases[i].name);
        if (why) {
            printf("skip %s: %s\n", h_cases[i].name, why);
            skipped++;
            continue;
        }
        switch (h_run_case(&h_cases[i])) {
        case 0: passed++; break;
        case 1: failed++; break;
        default: skipped++; break;
        }
    }
    if (skipped)
        printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
    else
        printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

