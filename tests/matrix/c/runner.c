/* The C runner of the cross-language matrix (tests/matrix/README.md has the protocol):
 *
 *     runner CALL EXPECT [ARG...]
 *
 * CALL is an rns_* function or scenario:NAME; EXPECT is `ok`, an errno name or `= VALUE`.
 * Exit 0: pass; 1: FAIL, with one line on stdout; 2: unknown call or scenario.
 *
 * Every call goes through the header (rns.h) and librns. A function whose parameters are all
 * integers or strings is called by calls_gen.h, which scripts/gen.js generates from the header
 * (make gen); the others, with output pointers or arrays, have a hand-written handler below,
 * which takes precedence. Build (from the repository root):
 *
 *     cc -std=gnu11 -Wall -Wextra -Werror -O2 -g -Iinclude -o target/matrix/c-runner \
 *        tests/matrix/c/runner.c -Ltarget/lib -Wl,-rpath,$PWD/target/lib -lrns
 */
#define _GNU_SOURCE /* strerrorname_np, strerrordesc_np */
#include "rns.h"

#include <dirent.h>
#include <poll.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/landlock.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NOPID 4194305 /* above PID_MAX_LIMIT (4194304): no process has it */
#define MAX_ARGS 64
#define TEXT_MAX 4096

/* ---- failure reporting: one line on stdout, exit 1 ---- */

static void fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
    va_list ap;
    char line[TEXT_MAX];
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    for (char *p = line; *p; p++) /* keep it to one line */
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    printf("FAIL %s\n", line);
    fflush(stdout);
    exit(1);
}

/* ---- errno names: glibc's own table (strerrorname_np, glibc 2.32), not librns's ---- */

static int errno_value(const char *name)
{
    for (int e = 1; e < 4096; e++) {
        const char *n = strerrorname_np(e);
        if (n && strcmp(n, name) == 0)
            return e;
    }
    return 0;
}

/* "-EBADF (Bad file descriptor)" for a -errno return, or the number when glibc has no name. */
static const char *describe_err(int rc, char *buf, size_t len)
{
    const char *name = rc < 0 && rc > -4096 ? strerrorname_np(-rc) : NULL;
    if (name)
        snprintf(buf, len, "-%s (%s)", name, strerrordesc_np(-rc));
    else
        snprintf(buf, len, "%d (no known errno)", rc);
    return buf;
}

/* ---- constants: the header's RNS_* macros (the compiler checks every name) ---- */

#include "constants_gen.h"
#include "../../c/cgroup2.h"

static const struct {
    const char *name;
    long long value;
} constants[] = {
#define C(x) {#x, RNS_##x},
    RNS_GEN_CONSTANTS(C)
#undef C
};

/* ---- argument tokens ---- */

typedef struct {
    bool is_int;
    long long i;   /* is_int: the value (fits int32 or uint32) */
    const char *s; /* otherwise: the string */
    const char *token;
} arg_t;

/* A decimal or 0x hex integer, optionally negative, that fits a 32-bit C parameter
 * (signed or unsigned). */
static bool parse_int(const char *s, long long *out)
{
    bool neg = false;
    const char *p = s;
    if (*p == '-' || *p == '+') {
        neg = *p == '-';
        p++;
    }
    int base = 10;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
    }
    if (*p == '\0')
        return false;
    unsigned long long v = 0;
    for (; *p; p++) {
        int d;
        if (*p >= '0' && *p <= '9')
            d = *p - '0';
        else if (base == 16 && *p >= 'a' && *p <= 'f')
            d = *p - 'a' + 10;
        else if (base == 16 && *p >= 'A' && *p <= 'F')
            d = *p - 'A' + 10;
        else
            return false;
        v = v * (unsigned)base + (unsigned)d;
        if (v > 0xffffffffULL)
            return false;
    }
    long long r = neg ? -(long long)v : (long long)v;
    if (r < INT32_MIN || r > (long long)UINT32_MAX)
        return false;
    *out = r;
    return true;
}

/* NAME or NAME+NAME+... (an integer may stand in for a name). */
static bool parse_constants(const char *tok, long long *out)
{
    char buf[256];
    if (strlen(tok) >= sizeof buf)
        return false;
    strcpy(buf, tok);
    long long acc = 0;
    char *save = NULL;
    int parts = 0;
    for (char *part = strtok_r(buf, "+", &save); part; part = strtok_r(NULL, "+", &save)) {
        long long v;
        bool found = false;
        for (size_t i = 0; i < sizeof constants / sizeof constants[0]; i++)
            if (strcmp(constants[i].name, part) == 0) {
                v = constants[i].value;
                found = true;
                break;
            }
        if (!found && !parse_int(part, &v))
            fail("argument '%s': unknown constant '%s'", tok, part);
        acc |= v;
        parts++;
    }
    if (parts == 0)
        return false;
    *out = acc;
    return true;
}

static int open_or_fail(const char *tok, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        fail("argument %s: cannot open %s: %s", tok, path, strerror(errno));
    return fd;
}

/* The lowest fd >= 1000 that is not open. */
static int closed_fd(void)
{
    for (int fd = 1000;; fd++)
        if (fcntl(fd, F_GETFD) == -1 && errno == EBADF)
            return fd;
}

/* @self, @nopid, @uid, @gid: the tokens that are plain numbers (also valid in `= VALUE`). */
static bool number_token(const char *tok, long long *out)
{
    if (strcmp(tok, "@self") == 0)
        *out = getpid();
    else if (strcmp(tok, "@nopid") == 0)
        *out = NOPID;
    else if (strcmp(tok, "@uid") == 0)
        *out = getuid();
    else if (strcmp(tok, "@gid") == 0)
        *out = getgid();
    else
        return parse_int(tok, out);
    return true;
}

/* Resolves every token; @closed last, once every other resource is open. */
static void resolve_args(int n, char **tokens, arg_t *args)
{
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < n; k++) {
            const char *t = tokens[k];
            arg_t *a = &args[k];
            bool closed = strcmp(t, "@closed") == 0;
            if (closed != (pass == 1))
                continue;
            a->token = t;
            a->is_int = true;
            if (closed) {
                a->i = closed_fd();
            } else if (number_token(t, &a->i)) {
            } else if (strcmp(t, "@devnull") == 0) {
                a->i = open_or_fail(t, "/dev/null");
            } else if (strncmp(t, "@nsfd:", 6) == 0) {
                char path[256];
                snprintf(path, sizeof path, "/proc/thread-self/ns/%s", t + 6);
                a->i = open_or_fail(t, path);
            } else if (strcmp(t, "@pidfd:self") == 0) {
                int fd = rns_pidfd_open(getpid(), 0);
                if (fd < 0) {
                    char e[128];
                    fail("argument %s: rns_pidfd_open(self, 0) gave %s", t, describe_err(fd, e, sizeof e));
                }
                a->i = fd;
            } else if (t[0] == '@') {
                fail("unknown argument token '%s'", t);
            } else if (t[0] == '/') {
                a->is_int = false;
                a->s = t;
            } else if (strncmp(t, "str:", 4) == 0) {
                a->is_int = false;
                a->s = t + 4;
            } else if (!parse_constants(t, &a->i)) {
                fail("argument '%s': not an integer, constant, path, str: or @-token", t);
            }
        }
}

/* ---- the calls ---- */

/* What a call gave: rc (>= 0 or -errno) and, on success, its result as text. */
typedef struct {
    int rc;
    bool has_value; /* text holds the printed result */
    bool is_number; /* the result is the integer `number` */
    long long number;
    char text[TEXT_MAX];
} result_t;

static void set_number(result_t *r, long long v)
{
    r->has_value = true;
    r->is_number = true;
    r->number = v;
    snprintf(r->text, sizeof r->text, "%lld", v);
}

static void set_string(result_t *r, const char *s)
{
    if (s == NULL)
        fail("the call returned a NULL string");
    r->has_value = true;
    snprintf(r->text, sizeof r->text, "%s", s);
}

static void set_list(result_t *r, const unsigned *v, size_t n)
{
    size_t off = 0;
    r->has_value = true;
    r->text[0] = '\0';
    for (size_t k = 0; k < n && off < sizeof r->text; k++)
        off += (size_t)snprintf(r->text + off, sizeof r->text - off, "%s%u", k ? " " : "", v[k]);
}

static int I(const arg_t *a, int k)
{
    if (!a[k].is_int)
        fail("argument %d ('%s'): expected an integer", k + 1, a[k].token);
    return (int)a[k].i;
}

static unsigned U(const arg_t *a, int k)
{
    if (!a[k].is_int)
        fail("argument %d ('%s'): expected an integer", k + 1, a[k].token);
    return (unsigned)a[k].i;
}

static const char *S(const arg_t *a, int k)
{
    if (a[k].is_int)
        fail("argument %d ('%s'): expected a path or str:", k + 1, a[k].token);
    return a[k].s;
}

/* An int-returning call whose result is its return value. */
static void int_result(result_t *r, int rc)
{
    r->rc = rc;
    if (rc >= 0)
        set_number(r, rc);
}

/* ---- the generated calls (calls_gen.h): every function with integer and string parameters ---- */

/* CHECK_ARGS(k): CALL matched a generated call taking k tokens. With r NULL the caller only
 * asks whether CALL is a generated one: say so without calling. Otherwise fail unless the case
 * gave k tokens. */
#define CHECK_ARGS(k)                                                                        \
    do {                                                                                     \
        if (r == NULL)                                                                       \
            return true;                                                                     \
        if (n != (k))                                                                        \
            fail("%s takes %d argument token(s), got %d", call, (k), n);                     \
    } while (0)
#define ARG_INT(k) arg_int(a, k)
#define ARG_STR(k) S(a, k)

/* Token k as an integer (the generated call casts it to the parameter's C type). */
static long long arg_int(const arg_t *a, int k)
{
    if (!a[k].is_int)
        fail("argument %d ('%s'): expected an integer", k + 1, a[k].token);
    return a[k].i;
}

static bool result_int(result_t *r, int rc)
{
    int_result(r, rc);
    return true;
}

static bool result_string(result_t *r, const char *s)
{
    r->rc = 0;
    set_string(r, s);
    return true;
}

#include "calls_gen.h"

/* ---- hand-written calls: functions with output pointers or arrays ---- */

#define HANDLER(name) static void h_##name(int n, const arg_t *a, result_t *r)
#define UNUSED (void)n, (void)a

HANDLER(rns_getresuid)
{
    UNUSED;
    uid_t v[3];
    r->rc = rns_getresuid(&v[0], &v[1], &v[2]);
    if (r->rc >= 0)
        set_list(r, v, 3);
}

HANDLER(rns_getresgid)
{
    UNUSED;
    gid_t v[3];
    r->rc = rns_getresgid(&v[0], &v[1], &v[2]);
    if (r->rc >= 0)
        set_list(r, v, 3);
}

/* getgroups(): the count first, then the list (the count may grow in between: retry). */
static int get_groups(gid_t **out)
{
    for (int attempt = 0; attempt < 5; attempt++) {
        int count = rns_getgroups(NULL, 0);
        if (count < 0)
            return count;
        gid_t *list = calloc((size_t)count + 1, sizeof *list);
        if (list == NULL)
            fail("out of memory");
        int rc = rns_getgroups(list, (size_t)count + 1);
        if (rc >= 0) {
            *out = list;
            return rc;
        }
        free(list);
        if (rc != -EINVAL)
            return rc;
    }
    return -EINVAL;
}

HANDLER(rns_getgroups)
{
    UNUSED;
    gid_t *list = NULL;
    r->rc = get_groups(&list);
    if (r->rc >= 0)
        set_list(r, list, (size_t)r->rc);
    free(list);
}

HANDLER(rns_setgroups)
{
    gid_t list[MAX_ARGS];
    for (int k = 0; k < n; k++)
        list[k] = U(a, k);
    r->rc = rns_setgroups(n ? list : NULL, (size_t)n);
}

HANDLER(rns_getgrouplist)
{
    (void)n;
    const char *user = S(a, 0);
    gid_t group = U(a, 1);
    int count = rns_getgrouplist(user, group, NULL, 0);
    r->rc = count;
    if (count < 0)
        return;
    gid_t *list = calloc((size_t)count + 1, sizeof *list);
    if (list == NULL)
        fail("out of memory");
    r->rc = rns_getgrouplist(user, group, list, (size_t)count + 1);
    if (r->rc >= 0)
        set_list(r, list, (size_t)r->rc <= (size_t)count + 1 ? (size_t)r->rc : (size_t)count + 1);
    free(list);
}

HANDLER(rns_getpriority)
{
    (void)n;
    int prio = 0;
    r->rc = rns_getpriority(I(a, 0), U(a, 1), &prio);
    if (r->rc >= 0)
        set_number(r, prio);
}

/* The sized output structs: the result is the decoded status / the pid, as the bindings
 * print them ("KIND PID CODE" for a wait; the pid for info). */
HANDLER(rns_pidfd_wait)
{
    (void)n;
    rns_wait_status st = { .size = sizeof st };
    r->rc = rns_pidfd_wait(I(a, 0), I(a, 1), &st);
    if (r->rc >= 0)
        set_number(r, st.kind);
}

HANDLER(rns_pidfd_wait_rusage)
{
    (void)n;
    rns_wait_status st = { .size = sizeof st };
    rns_rusage ru = { .size = sizeof ru };
    r->rc = rns_pidfd_wait_rusage(I(a, 0), I(a, 1), &st, &ru);
    if (r->rc >= 0)
        set_number(r, st.kind);
}

/* rns_listns(AFTER TYPES OWNER MAX): an array of MAX ids (at most 64); the result is the count. */
HANDLER(rns_listns)
{
    (void)n;
    uint64_t ids[64];
    int max = I(a, 3);
    if (max < 0 || max > 64)
        fail("rns_listns: MAX %d is not 0 to 64", max);
    r->rc = rns_listns((uint64_t)arg_int(a, 0), I(a, 1), (uint64_t)arg_int(a, 2), ids, (size_t)max);
    if (r->rc >= 0)
        set_number(r, r->rc);
}

/* rns_pidfd_send_siginfo(PIDFD SIG CODE VALUE FLAGS): the struct as two tokens. */
HANDLER(rns_pidfd_send_siginfo)
{
    (void)n;
    rns_siginfo in = { .size = sizeof in, .code = I(a, 2) };
    in.value.sival_int = I(a, 3);
    r->rc = rns_pidfd_send_siginfo(I(a, 0), I(a, 1), &in, U(a, 4));
}

HANDLER(rns_pidfd_info)
{
    (void)n;
    rns_process_info in = { .size = sizeof in };
    r->rc = rns_pidfd_info(I(a, 0), &in);
    if (r->rc >= 0)
        set_number(r, in.pid);
}

HANDLER(rns_pidfd_info_mask)
{
    (void)n;
    rns_process_info in = { .size = sizeof in };
    r->rc = rns_pidfd_info_mask(I(a, 0), (uint64_t)arg_int(a, 1), &in);
    if (r->rc >= 0)
        set_number(r, in.pid);
}

/* The namespace identity calls with output pointers. rns_ns_same prints as the bindings'
 * bool does ("true", "false"), rns_ns_id as Go's (id, kernel) and Node's { id, kernel }. */
HANDLER(rns_ns_owner_uid)
{
    (void)n;
    uid_t uid = 0;
    r->rc = rns_ns_owner_uid(I(a, 0), &uid);
    if (r->rc >= 0)
        set_number(r, uid);
}

HANDLER(rns_ns_id)
{
    (void)n;
    uint64_t id = 0;
    r->rc = rns_ns_id(I(a, 0), &id);
    if (r->rc >= 0) {
        char buf[64];
        snprintf(buf, sizeof buf, "%llu %s", (unsigned long long)id,
                 r->rc == RNS_NS_ID_KERNEL ? "true" : "false");
        set_string(r, buf);
    }
}

HANDLER(rns_ns_same)
{
    (void)n;
    r->rc = rns_ns_same(I(a, 0), I(a, 1));
    if (r->rc >= 0)
        set_string(r, r->rc == 1 ? "true" : "false");
}

/* ---- scenarios: each fails (exit 1) on the first broken step ---- */

typedef struct {
    dev_t dev;
    ino_t ino;
} nsid_t;

static nsid_t ns_id_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        fail("stat %s: %s", path, strerror(errno));
    return (nsid_t){st.st_dev, st.st_ino};
}

static nsid_t ns_id_fd(int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        fail("fstat fd %d: %s", fd, strerror(errno));
    return (nsid_t){st.st_dev, st.st_ino};
}

static nsid_t ns_id_of(pid_t pid, const char *type)
{
    char path[64];
    if (pid == 0)
        snprintf(path, sizeof path, "/proc/thread-self/ns/%s", type);
    else
        snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, type);
    return ns_id_path(path);
}

static bool ns_eq(nsid_t x, nsid_t y) { return x.dev == y.dev && x.ino == y.ino; }

/* The one child a scenario may have; killed and reaped on every path (fail() included). */
static pid_t child_pid = -1;

static void reap_child(void)
{
    if (child_pid > 0) {
        kill(child_pid, SIGKILL);
        while (waitpid(child_pid, NULL, 0) < 0 && errno == EINTR)
            ;
        child_pid = -1;
    }
}

static pid_t spawn(char *const argv[])
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        fail("fork: %s", strerror(errno));
    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
    }
    child_pid = pid;
    return pid;
}

/* Checks a step's return value: `want` 0 means success (>= 0), else the -errno wanted. */
static int step(const char *what, int rc, int want)
{
    char e[128];
    if (want == 0 && rc < 0)
        fail("%s: expected ok, got %s", what, describe_err(rc, e, sizeof e));
    if (want != 0 && rc != -want) {
        if (rc >= 0)
            fail("%s: expected %s, got success (%d)", what, describe_err(-want, e, sizeof e), rc);
        char e2[128];
        fail("%s: expected %s, got %s", what, describe_err(-want, e, sizeof e), describe_err(rc, e2, sizeof e2));
    }
    return rc;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static void scenario_unshare_setns_back(void)
{
    int fd = step("rns_ns_open(0, NEWNET)", rns_ns_open(0, RNS_CLONE_NEWNET), 0);
    nsid_t first = ns_id_of(0, "net");
    step("rns_unshare(NEWNET)", rns_unshare(RNS_CLONE_NEWNET), 0);
    if (ns_eq(ns_id_of(0, "net"), first))
        fail("after rns_unshare(NEWNET) the thread's net namespace is unchanged");
    step("rns_setns(fd, NEWNET)", rns_setns(fd, RNS_CLONE_NEWNET), 0);
    if (!ns_eq(ns_id_of(0, "net"), first))
        fail("after rns_setns(fd, NEWNET) the thread is not back in its first net namespace");
    close(fd);
}

/* Starts `unshare --net --uts sleep 30` and waits (up to 5 s) until it has its own net and
 * uts namespaces (ours are our_net, our_uts). */
static pid_t start_ns_child(nsid_t our_net, nsid_t our_uts)
{
    char *argv[] = {"unshare", "--net", "--uts", "sleep", "30", NULL};
    pid_t pid = spawn(argv);
    for (int waited = 0;; waited += 10) {
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            child_pid = -1;
            fail("child 'unshare --net --uts sleep 30' exited early (status 0x%x)", status);
        }
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/ns/net", (int)pid);
        struct stat st;
        if (stat(path, &st) == 0 && !ns_eq((nsid_t){st.st_dev, st.st_ino}, our_net) &&
            !ns_eq(ns_id_of(pid, "uts"), our_uts))
            break;
        if (waited >= 5000)
            fail("child %d did not get its own net and uts namespaces within 5 s", (int)pid);
        sleep_ms(10);
    }
    return pid;
}

static void scenario_setns_pid_child(void)
{
    nsid_t our_net = ns_id_of(0, "net"), our_uts = ns_id_of(0, "uts");
    pid_t pid = start_ns_child(our_net, our_uts);
    nsid_t child_net = ns_id_of(pid, "net"), child_uts = ns_id_of(pid, "uts");
    step("rns_setns_pid(child, NEWNET+NEWUTS)", rns_setns_pid(pid, RNS_CLONE_NEWNET | RNS_CLONE_NEWUTS), 0);
    if (!ns_eq(ns_id_of(0, "net"), child_net))
        fail("after rns_setns_pid the thread's net namespace is not the child's");
    if (!ns_eq(ns_id_of(0, "uts"), child_uts))
        fail("after rns_setns_pid the thread's uts namespace is not the child's");
    int fd = step("rns_ns_open(child, NEWNET)", rns_ns_open(pid, RNS_CLONE_NEWNET), 0);
    if (!ns_eq(ns_id_fd(fd), child_net))
        fail("rns_ns_open(child, NEWNET) is not the child's net namespace");
    close(fd);
    reap_child();
}

/* The run-in-namespace pattern (C has the primitives themselves): enter, check, restore,
 * check; by pid and by namespace file; a user namespace refused before anything moves. */
/* rns_run_in_ns's function: the namespaces of the thread it runs on. */
static int look_net_uts(void *arg)
{
    nsid_t *seen = arg;
    seen[0] = ns_id_of(0, "net");
    seen[1] = ns_id_of(0, "uts");
    return 7;
}

static void scenario_run_in_ns_child(void)
{
    nsid_t our_net = ns_id_of(0, "net"), our_uts = ns_id_of(0, "uts");
    pid_t pid = start_ns_child(our_net, our_uts);
    nsid_t child_net = ns_id_of(pid, "net"), child_uts = ns_id_of(pid, "uts");
    rns_ns_saved *saved = NULL;
    step("rns_ns_enter_pid(child, NEWNET+NEWUTS)",
         rns_ns_enter_pid(pid, RNS_CLONE_NEWNET | RNS_CLONE_NEWUTS, &saved), 0);
    if (!ns_eq(ns_id_of(0, "net"), child_net) || !ns_eq(ns_id_of(0, "uts"), child_uts))
        fail("inside, the thread is not in the child's net and uts namespaces");
    step("rns_ns_restore", rns_ns_restore(saved), 0);
    if (!ns_eq(ns_id_of(0, "net"), our_net) || !ns_eq(ns_id_of(0, "uts"), our_uts))
        fail("after rns_ns_restore the thread is not back in its net and uts namespaces");
    int fd = step("rns_ns_open(child, NEWNET)", rns_ns_open(pid, RNS_CLONE_NEWNET), 0);
    step("rns_ns_enter(net fd, 0)", rns_ns_enter(fd, 0, &saved), 0);
    if (!ns_eq(ns_id_of(0, "net"), child_net) || !ns_eq(ns_id_of(0, "uts"), our_uts))
        fail("inside, the thread is not in the child's net namespace (and only that)");
    step("rns_ns_restore", rns_ns_restore(saved), 0);
    if (!ns_eq(ns_id_of(0, "net"), our_net))
        fail("after rns_ns_restore the thread is not back in its net namespace");
    /* On a thread of the library's: the function sees the child's net namespace, and the
     * calling thread never moves. */
    nsid_t seen[2];
    int result = -1;
    step("rns_run_in_ns(net fd, 0)", rns_run_in_ns(fd, 0, look_net_uts, seen, &result), 0);
    if (result != 7 || !ns_eq(seen[0], child_net) || !ns_eq(seen[1], our_uts))
        fail("rns_run_in_ns: the function returned %d, not 7, or did not run in the child's net namespace only", result);
    if (!ns_eq(ns_id_of(0, "net"), our_net))
        fail("after rns_run_in_ns the calling thread is not in its net namespace");
    close(fd);
    step("rns_ns_enter_pid(child, NEWUSER)", rns_ns_enter_pid(pid, RNS_CLONE_NEWUSER, &saved), EINVAL);
    reap_child();
}

/* A child in a new user namespace with a net namespace of its own (`unshare --user --net
 * sleep 30`): its user namespace's type, parent and owner uid, the owner of its net
 * namespace, and ids and sameness against ours. */
static void scenario_ns_handle_child(void)
{
    nsid_t our_user = ns_id_of(0, "user");
    char *argv[] = {"unshare", "--user", "--net", "sleep", "30", NULL};
    pid_t pid = spawn(argv);
    for (int waited = 0;; waited += 10) {
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            child_pid = -1;
            fail("child 'unshare --user --net sleep 30' exited early (status 0x%x)", status);
        }
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/ns/user", (int)pid);
        struct stat st;
        if (stat(path, &st) == 0 && !ns_eq((nsid_t){st.st_dev, st.st_ino}, our_user))
            break;
        if (waited >= 5000)
            fail("child %d did not get its own user namespace within 5 s", (int)pid);
        sleep_ms(10);
    }
    int ours = step("rns_ns_open(0, NEWUSER)", rns_ns_open(0, RNS_CLONE_NEWUSER), 0);
    int user = step("rns_ns_open(child, NEWUSER)", rns_ns_open(pid, RNS_CLONE_NEWUSER), 0);
    int net = step("rns_ns_open(child, NEWNET)", rns_ns_open(pid, RNS_CLONE_NEWNET), 0);
    if (step("rns_ns_type(child user)", rns_ns_type(user), 0) != RNS_CLONE_NEWUSER)
        fail("rns_ns_type(child user) is not RNS_CLONE_NEWUSER");
    int parent = step("rns_ns_parent(child user)", rns_ns_parent(user), 0);
    if (step("rns_ns_same(parent, ours)", rns_ns_same(parent, ours), 0) != 1)
        fail("the parent of the child's user namespace is not ours");
    if (step("rns_ns_same(child user, ours)", rns_ns_same(user, ours), 0) != 0)
        fail("the child's user namespace is ours");
    int owner = step("rns_ns_userns(child net)", rns_ns_userns(net), 0);
    if (step("rns_ns_same(owner, child user)", rns_ns_same(owner, user), 0) != 1)
        fail("the owner of the child's net namespace is not its user namespace");
    step("rns_ns_parent(child net)", rns_ns_parent(net), EINVAL);
    uid_t uid = 0;
    step("rns_ns_owner_uid(child user)", rns_ns_owner_uid(user, &uid), 0);
    if (uid != geteuid())
        fail("rns_ns_owner_uid(child user) is %u, not our euid %u", (unsigned)uid, (unsigned)geteuid());
    uint64_t a = 0, b = 0;
    int ka = step("rns_ns_id(child user)", rns_ns_id(user, &a), 0);
    int kb = step("rns_ns_id(ours)", rns_ns_id(ours, &b), 0);
    if (ka == kb && a == b)
        fail("two user namespaces with the id %llu", (unsigned long long)a);
    close(owner);
    close(parent);
    close(net);
    close(user);
    close(ours);
    reap_child();
}

static void scenario_session_in_child(void)
{
    int me = getpid();
    int sid = step("rns_setsid()", rns_setsid(), 0);
    if (sid != me)
        fail("rns_setsid() returned %d, not our pid %d", sid, me);
    int v = step("rns_getsid(0)", rns_getsid(0), 0);
    if (v != me)
        fail("rns_getsid(0) is %d, not our pid %d", v, me);
    v = step("rns_getpgrp()", rns_getpgrp(), 0);
    if (v != me)
        fail("rns_getpgrp() is %d, not our pid %d", v, me);
    v = step("rns_getpgid(0)", rns_getpgid(0), 0);
    if (v != me)
        fail("rns_getpgid(0) is %d, not our pid %d", v, me);
    step("rns_setpgid(0, 0) as session leader", rns_setpgid(0, 0), EPERM);
}

static void scenario_nice_round_trip(void)
{
    int prio = 99;
    step("rns_setpriority(PRIO_PROCESS, 0, -1)", rns_setpriority(RNS_PRIO_PROCESS, 0, -1), 0);
    step("rns_getpriority(PRIO_PROCESS, 0)", rns_getpriority(RNS_PRIO_PROCESS, 0, &prio), 0);
    if (prio != -1)
        fail("after rns_setpriority(PRIO_PROCESS, 0, -1) the nice value is %d, not -1", prio);
    step("rns_setpriority(PRIO_PROCESS, 0, 0)", rns_setpriority(RNS_PRIO_PROCESS, 0, 0), 0);
    step("rns_getpriority(PRIO_PROCESS, 0)", rns_getpriority(RNS_PRIO_PROCESS, 0, &prio), 0);
    if (prio != 0)
        fail("after rns_setpriority(PRIO_PROCESS, 0, 0) the nice value is %d, not 0", prio);
}

static void scenario_prctl_round_trip(void)
{
    step("rns_set_pdeathsig(SIGUSR1)", rns_set_pdeathsig(SIGUSR1), 0);
    int v = step("rns_get_pdeathsig()", rns_get_pdeathsig(), 0);
    if (v != SIGUSR1)
        fail("after rns_set_pdeathsig(SIGUSR1) rns_get_pdeathsig() is %d, not %d", v, SIGUSR1);
    step("rns_set_pdeathsig(0)", rns_set_pdeathsig(0), 0);
    if ((v = step("rns_get_pdeathsig()", rns_get_pdeathsig(), 0)) != 0)
        fail("after rns_set_pdeathsig(0) rns_get_pdeathsig() is %d, not 0", v);
    for (int on = 1; on >= 0; on--) {
        step("rns_set_child_subreaper(on)", rns_set_child_subreaper(on), 0);
        if ((v = step("rns_get_child_subreaper()", rns_get_child_subreaper(), 0)) != on)
            fail("after rns_set_child_subreaper(%d) rns_get_child_subreaper() is %d", on, v);
    }
    step("rns_set_no_new_privs(1)", rns_set_no_new_privs(1), 0);
    if ((v = step("rns_get_no_new_privs()", rns_get_no_new_privs(), 0)) != 1)
        fail("after rns_set_no_new_privs(1) rns_get_no_new_privs() is %d, not 1", v);
}

static void check_all_threads_uid(unsigned want)
{
    DIR *d = opendir("/proc/self/task");
    if (d == NULL)
        fail("opendir /proc/self/task: %s", strerror(errno));
    int threads = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char path[300], line[512];
        snprintf(path, sizeof path, "/proc/self/task/%s/status", de->d_name);
        FILE *f = fopen(path, "re");
        if (f == NULL)
            fail("open %s: %s", path, strerror(errno));
        bool seen = false;
        while (fgets(line, sizeof line, f)) {
            unsigned u[4];
            if (sscanf(line, "Uid: %u %u %u %u", &u[0], &u[1], &u[2], &u[3]) == 4) {
                seen = true;
                if (u[0] != want || u[1] != want || u[2] != want || u[3] != want)
                    fail("thread %s: Uid: %u %u %u %u, not all %u", de->d_name, u[0], u[1], u[2], u[3], want);
            }
        }
        fclose(f);
        if (!seen)
            fail("%s has no Uid: line", path);
        threads++;
    }
    closedir(d);
    if (threads == 0)
        fail("no threads in /proc/self/task");
}

/* A user namespace of our own ids: an fd of a user namespace we own; a malformed map refused. */
static void scenario_userns_acquire(void)
{
    char uid_map[32], gid_map[32];
    snprintf(uid_map, sizeof uid_map, "0 %u 1", (unsigned)geteuid());
    snprintf(gid_map, sizeof gid_map, "0 %u 1", (unsigned)getegid());
    step("rns_userns_acquire(\"0 0\")", rns_userns_acquire("0 0", gid_map, 0), EINVAL);
    int fd = step("rns_userns_acquire(own ids)", rns_userns_acquire(uid_map, gid_map, 0), 0);
    step("rns_ns_type(fd) = USER", rns_ns_type(fd) == RNS_CLONE_NEWUSER ? 0 : -EINVAL, 0);
    uid_t owner = 1;
    step("rns_ns_owner_uid(fd)", rns_ns_owner_uid(fd, &owner), 0);
    if (owner != geteuid())
        fail("the new user namespace's owner is %u, not %u", (unsigned)owner, (unsigned)geteuid());
    close(fd);
}

/* The drop in one call: -1 refused before anything changes; then 65534 with one group, every
 * thread checked, uid 0 not to be had back. */
static void scenario_drop_privileges_child(void)
{
    const unsigned N = 65534;
    gid_t one[1] = {N};
    step("rns_drop_privileges(-1, -1, [], 0)", rns_drop_privileges((uid_t)-1, (gid_t)-1, NULL, 0, 0), EINVAL);
    step("rns_drop_privileges(65534, 65534, [65534], NO_NEW_PRIVS)",
         rns_drop_privileges(N, N, one, 1, RNS_DROP_NO_NEW_PRIVS), 0);
    uid_t u[3] = {0, 0, 0};
    step("rns_getresuid()", rns_getresuid(&u[0], &u[1], &u[2]), 0);
    if (u[0] != N || u[1] != N || u[2] != N)
        fail("rns_getresuid() gave %u %u %u, not all 65534", u[0], u[1], u[2]);
    check_all_threads_uid(N);
    step("rns_setresuid(0, 0, 0) after dropping", rns_setresuid(0, 0, 0), EPERM);
}

static void scenario_creds_in_child(void)
{
    const unsigned N = 65534;
    gid_t one[1] = {N};
    step("rns_setgroups([65534])", rns_setgroups(one, 1), 0);
    gid_t *list = NULL;
    int count = step("rns_getgroups()", get_groups(&list), 0);
    if (count != 1 || list[0] != N)
        fail("rns_getgroups() gave %d groups (first %u), not [65534]", count, count ? list[0] : 0);
    free(list);

    step("rns_setresgid(65534, 65534, 65534)", rns_setresgid(N, N, N), 0);
    gid_t g[3] = {0, 0, 0};
    step("rns_getresgid()", rns_getresgid(&g[0], &g[1], &g[2]), 0);
    if (g[0] != N || g[1] != N || g[2] != N)
        fail("rns_getresgid() gave %u %u %u, not all 65534", g[0], g[1], g[2]);

    step("rns_setresuid(65534, 65534, 65534)", rns_setresuid(N, N, N), 0);
    uid_t u[3] = {0, 0, 0};
    step("rns_getresuid()", rns_getresuid(&u[0], &u[1], &u[2]), 0);
    if (u[0] != N || u[1] != N || u[2] != N)
        fail("rns_getresuid() gave %u %u %u, not all 65534", u[0], u[1], u[2]);
    check_all_threads_uid(N);
    step("rns_setresuid(0, 0, 0) after dropping", rns_setresuid(0, 0, 0), EPERM);
}

static void scenario_pidfd_kill_child(void)
{
    char *argv[] = {"sleep", "30", NULL};
    pid_t pid = spawn(argv);
    int fd = step("rns_pidfd_open(child, 0)", rns_pidfd_open(pid, 0), 0);
    step("rns_pidfd_send_signal(fd, 9, 0)", rns_pidfd_send_signal(fd, SIGKILL, 0), 0);
    int status;
    pid_t w;
    while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
        ;
    if (w != pid)
        fail("waitpid(child): %s", strerror(errno));
    child_pid = -1;
    if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
        fail("the child was not killed by signal 9 (wait status 0x%x)", status);
    step("rns_pidfd_send_signal(fd, 0, 0) after the child is reaped", rns_pidfd_send_signal(fd, 0, 0), ESRCH);
    close(fd);
}

/* The waiter: a child's end reported once, with its token and how it ended; the child is
 * reaped by the waiter. */
static void scenario_waiter_child(void)
{
    char *argv[] = {"sleep", "30", NULL};
    pid_t pid = spawn(argv);
    rns_waiter *w = NULL;
    step("rns_waiter_new", rns_waiter_new(&w), 0);
    int efd = step("rns_waiter_fd", rns_waiter_fd(w), 0);
    int fd = step("rns_pidfd_open(child, 0)", rns_pidfd_open(pid, 0), 0);
    step("rns_waiter_add(w, fd, 7, 0)", rns_waiter_add(w, fd, 7, 0), 0);
    close(fd);
    kill(pid, SIGKILL);
    rns_exit_event ev;
    struct pollfd p = { .fd = efd, .events = POLLIN };
    if (poll(&p, 1, 10000) != 1 || read(efd, &ev, sizeof ev) != (ssize_t)sizeof ev)
        fail("no exit record within 10 s");
    child_pid = -1; /* reaped by the waiter */
    if (ev.token != 7 || ev.kind != RNS_WAIT_KILLED || ev.code != SIGKILL || ev.pid != pid || ev.error)
        fail("the record is token %llu kind %d code %d pid %d error %d, not 7, killed, 9, %d, 0",
             (unsigned long long)ev.token, ev.kind, ev.code, ev.pid, ev.error, (int)pid);
    step("rns_waiter_free", rns_waiter_free(w), 0);
    close(efd);
}

/* rns_spawn with every attribute; rns_spawnp with a process group; a missing program's
 * failure with its step. The program reports its uid and hostname through a pipe. */
static void spawn_read(int pidfd, int rfd, const char *want)
{
    char buf[256] = "";
    ssize_t n = read(rfd, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    buf[strcspn(buf, "\n")] = 0;
    rns_wait_status st = { .size = sizeof st };
    step("rns_pidfd_wait(child)", rns_pidfd_wait(pidfd, RNS_WEXITED, &st), 0);
    if (st.kind != RNS_WAIT_EXITED || st.code != 0)
        fail("the spawned program ended with kind %d code %d", st.kind, st.code);
    if (strcmp(buf, want) != 0)
        fail("the spawned program printed '%s', not '%s'", buf, want);
    close(pidfd);
}

static void scenario_spawn_child(void)
{
    char host[256];
    gethostname(host, sizeof host);
    char want[300];
    snprintf(want, sizeof want, "0 %s 0027 3 100", host);
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0)
        fail("pipe2: %s", strerror(errno));
    int net = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    rns_spawn_attr *a = NULL;
    step("rns_spawn_attr_new", rns_spawn_attr_new(&a), 0);
    step("set_unshare(NEWUSER+NEWNS)", rns_spawn_attr_set_unshare(a, RNS_CLONE_NEWUSER | RNS_CLONE_NEWNS), 0);
    step("set_join(our net, 0)", rns_spawn_attr_set_join(a, net, 0), 0);
    step("set_uid_map", rns_spawn_attr_set_uid_map(a, "0 0 1"), 0);
    step("set_gid_map", rns_spawn_attr_set_gid_map(a, "0 0 1"), 0);
    step("set_mount_propagation", rns_spawn_attr_set_mount_propagation(a, MS_REC | MS_SLAVE), 0);
    step("set_setsid", rns_spawn_attr_set_setsid(a, 1), 0);
    step("set_cwd", rns_spawn_attr_set_cwd(a, "/"), 0);
    step("set_ids", rns_spawn_attr_set_ids(a, 0, 0), 0);
    gid_t g = 0;
    step("set_groups", rns_spawn_attr_set_groups(a, &g, 1), 0);
    step("set_no_new_privs", rns_spawn_attr_set_no_new_privs(a, 1), 0);
    step("set_pdeathsig", rns_spawn_attr_set_pdeathsig(a, SIGKILL), 0);
    step("set_fd(1, pipe)", rns_spawn_attr_set_fd(a, 1, p[1]), 0);
    step("set_umask(027)", rns_spawn_attr_set_umask(a, 027), 0);
    step("set_nice(3)", rns_spawn_attr_set_nice(a, 3), 0);
    step("set_rlimit(NOFILE, 100, 200)", rns_spawn_attr_set_rlimit(a, RLIMIT_NOFILE, 100, 200), 0);
    char *argv[] = {"sh", "-c", "echo $(id -u) $(hostname) $(umask) $(cut -d' ' -f19 /proc/self/stat) $(ulimit -n)", NULL};
    pid_t pid;
    int st;
    int pidfd = step("rns_spawn(/bin/sh)", rns_spawn(a, "/bin/sh", argv, NULL, &pid, &st), 0);
    step("rns_spawn_attr_free", rns_spawn_attr_free(a), 0);
    close(net);
    close(p[1]);
    spawn_read(pidfd, p[0], want);
    close(p[0]);

    if (pipe2(p, O_CLOEXEC) != 0)
        fail("pipe2: %s", strerror(errno));
    step("rns_spawn_attr_new", rns_spawn_attr_new(&a), 0);
    step("set_pgroup(0)", rns_spawn_attr_set_pgroup(a, 0), 0);
    step("set_fd(1, pipe)", rns_spawn_attr_set_fd(a, 1, p[1]), 0);
    char *argv2[] = {"sh", "-c", "test $(ps -o pgid= $$ 2>/dev/null || cut -d' ' -f5 /proc/$$/stat) -eq $$ && echo ok", NULL};
    pidfd = step("rns_spawnp(sh)", rns_spawnp(a, "sh", argv2, NULL, &pid, &st), 0);
    close(p[1]);
    spawn_read(pidfd, p[0], "ok");
    close(p[0]);
    char *argv3[] = {"x", NULL};
    step("rns_spawn(/nonexistent)", rns_spawn(a, "/nonexistent/program", argv3, NULL, &pid, &st), ENOENT);
    if (st != RNS_SPAWN_STEP_EXEC)
        fail("the failed step is %d, not RNS_SPAWN_STEP_EXEC", st);
    rns_spawn_attr_free(a);
}

/* Runs `sh -c script` with `a` (freed here) and its stdout the pipe p[1], and requires that it
 * prints `want` and exits 0 (the pipe closed here). */
static void spawn_script(rns_spawn_attr *a, int p[2], const char *script, const char *want)
{
    step("set_fd(1, pipe)", rns_spawn_attr_set_fd(a, 1, p[1]), 0);
    char *argv[] = {"sh", "-c", (char *)script, NULL};
    pid_t pid;
    int st;
    int pidfd = step("rns_spawn(/bin/sh)", rns_spawn(a, "/bin/sh", argv, NULL, &pid, &st), 0);
    step("rns_spawn_attr_free", rns_spawn_attr_free(a), 0);
    close(p[1]);
    struct pollfd pfd = { .fd = p[0], .events = POLLIN }; /* p[0] may be O_NONBLOCK */
    poll(&pfd, 1, 10000);
    spawn_read(pidfd, p[0], want);
    close(p[0]);
}

/* RNS_SPAWN_BLOCKING_STDIO and the groups an id change drops: stdout is a pipe whose
 * description has O_NONBLOCK, the program says whether its fd 1 still has it (octal flags
 * of /proc/self/fdinfo/1: 04000 is O_NONBLOCK) and its groups; as uid/gid 65534 with no
 * groups given, the caller's groups (4) are dropped. */
#define SPAWN_FLAGS_SCRIPT                                                                      \
    "f=$(sed -n 's/^flags:[[:space:]]*//p' /proc/$$/fdinfo/1); [ $((0$f & 04000)) -eq 0 ] && b=blocking " \
    "|| b=nonblocking; echo $b groups:$(sed -n 's/^Groups://p' /proc/$$/status)"

static void scenario_spawn_flags(void)
{
    gid_t four = 4;
    if (setgroups(1, &four) != 0)
        fail("setgroups([4]): %s", strerror(errno));
    int p[2];
    if (pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0)
        fail("pipe2: %s", strerror(errno));
    rns_spawn_attr *a = NULL;
    step("rns_spawn_attr_new", rns_spawn_attr_new(&a), 0);
    step("set_flags(1 << 30)", rns_spawn_attr_set_flags(a, 1 << 30), EINVAL); /* no flag */
    step("set_flags(BLOCKING_STDIO)", rns_spawn_attr_set_flags(a, RNS_SPAWN_BLOCKING_STDIO), 0);
    step("set_ids(65534, 65534)", rns_spawn_attr_set_ids(a, 65534, 65534), 0);
    spawn_script(a, p, SPAWN_FLAGS_SCRIPT, "blocking groups:");
}

/* The identity attributes (issue 18): SCHED_BATCH, chroot "/" with cwd /tmp, RESETIDS (a
 * no-op here), securebits 0, the bounding set {CHOWN, KILL, NET_RAW}, inheritable {KILL} and
 * ambient {NET_RAW}: the program shows them; a missing root fails at its step. */
#define SPAWN_IDENTITY_SCRIPT                                                                   \
    "s=/proc/$$/status; echo inh $(sed -n 's/^CapInh:[[:space:]]*//p' $s) amb $(sed -n 's/^CapAmb:[[:space:]]*//p' $s)" \
    " bnd $(sed -n 's/^CapBnd:[[:space:]]*//p' $s) policy $(cut -d' ' -f41 /proc/$$/stat) root $(readlink /proc/$$/root) cwd $(pwd)"
#define SPAWN_IDENTITY_WANT \
    "inh 0000000000002020 amb 0000000000002000 bnd 0000000000002021 policy 3 root / cwd /tmp"

static void scenario_spawn_identity(void)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0)
        fail("pipe2: %s", strerror(errno));
    rns_spawn_attr *a = NULL;
    step("rns_spawn_attr_new", rns_spawn_attr_new(&a), 0);
    step("set_scheduler(DEADLINE)", rns_spawn_attr_set_scheduler(a, 6, 0), EINVAL);
    step("set_scheduler(BATCH, 0)", rns_spawn_attr_set_scheduler(a, 3, 0), 0);
    step("set_chroot(/)", rns_spawn_attr_set_chroot(a, "/"), 0);
    step("set_cwd(/tmp)", rns_spawn_attr_set_cwd(a, "/tmp"), 0);
    step("set_flags(RESETIDS)", rns_spawn_attr_set_flags(a, RNS_SPAWN_RESETIDS), 0);
    step("set_securebits(0)", rns_spawn_attr_set_securebits(a, 0), 0);
    step("set_bounding_set(1 << 63)", rns_spawn_attr_set_bounding_set(a, 1ULL << 63), EINVAL);
    step("set_bounding_set(CHOWN, KILL, NET_RAW)",
         rns_spawn_attr_set_bounding_set(a, 1ULL << RNS_CAP_CHOWN | 1ULL << RNS_CAP_KILL | 1ULL << RNS_CAP_NET_RAW), 0);
    step("set_inheritable_caps(KILL)", rns_spawn_attr_set_inheritable_caps(a, 1ULL << RNS_CAP_KILL), 0);
    step("set_ambient_caps(NET_RAW)", rns_spawn_attr_set_ambient_caps(a, 1ULL << RNS_CAP_NET_RAW), 0);
    spawn_script(a, p, SPAWN_IDENTITY_SCRIPT, SPAWN_IDENTITY_WANT);
    step("rns_spawn_attr_new", rns_spawn_attr_new(&a), 0);
    step("set_chroot(/nonexistent)", rns_spawn_attr_set_chroot(a, "/nonexistent/rns-root"), 0);
    char *argv[] = {"true", NULL};
    pid_t pid;
    int st = -1;
    step("rns_spawn(chroot missing)", rns_spawn(a, "/bin/true", argv, NULL, &pid, &st), ENOENT);
    if (st != RNS_SPAWN_STEP_CHROOT)
        fail("a missing root failed at step %d, not RNS_SPAWN_STEP_CHROOT", st);
    step("rns_spawn_attr_free", rns_spawn_attr_free(a), 0);
}

/* The signal mask and default signals: blocked SIGINT and SIGUSR1 (0x202), and SIGPIPE,
 * ignored here first, back to SIG_DFL. */
#define SPAWN_SIGNALS_SCRIPT "b=$(sed -n 's/^SigBlk:[[:space:]]*//p' /proc/$$/status); i=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status); [ $((0x$i & 0x1000)) -eq 0 ] && p=default || p=ignored; echo blk $b pipe $p"

static void scenario_spawn_signals(void)
{
    signal(SIGPIPE, SIG_IGN);
    sigset_t mask, def;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGUSR1);
    sigemptyset(&def);
    sigaddset(&def, SIGPIPE);
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0)
        fail("pipe2: %s", strerror(errno));
    rns_spawn_attr *a = NULL;
    step("rns_spawn_attr_new", rns_spawn_attr_new(&a), 0);
    step("set_sigmask(INT, USR1)", rns_spawn_attr_set_sigmask(a, &mask), 0);
    step("set_sigdefault(PIPE)", rns_spawn_attr_set_sigdefault(a, &def), 0);
    spawn_script(a, p, SPAWN_SIGNALS_SCRIPT, "blk 0000000000000202 pipe default");
}

/* RNS_SPAWN_SETGROUPS_DENY: a new user namespace with this process's ids mapped to 0 has
 * "deny" in its setgroups, also where this process could map groups. */
static void scenario_spawn_setgroups(void)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0)
        fail("pipe2: %s", strerror(errno));
    rns_spawn_attr *a = NULL;
    char m[64];
    step("rns_spawn_attr_new", rns_spawn_attr_new(&a), 0);
    step("set_unshare(USER)", rns_spawn_attr_set_unshare(a, RNS_CLONE_NEWUSER), 0);
    snprintf(m, sizeof m, "0 %u 1", (unsigned)geteuid());
    step("set_uid_map", rns_spawn_attr_set_uid_map(a, m), 0);
    snprintf(m, sizeof m, "0 %u 1", (unsigned)getegid());
    step("set_gid_map", rns_spawn_attr_set_gid_map(a, m), 0);
    step("set_flags(SETGROUPS_DENY)", rns_spawn_attr_set_flags(a, RNS_SPAWN_SETGROUPS_DENY), 0);
    spawn_script(a, p, "cat /proc/$$/setgroups", "deny");
}

/* scenario spawn-fa: the program writes, on its fd 2, its cwd, what its fd 5 is and whether
 * fd 6 is open. */
#define SPAWN_FA_SCRIPT \
    "echo $(pwd) $(readlink /proc/$$/fd/5) $([ -e /proc/$$/fd/6 ] && echo 6open || echo 6closed) >&2"

/* A failing spawn of /bin/true with `a` (freed): `err` at `want_step`, with `detail`. */
static void spawn_fails(rns_spawn_attr *a, const char *what, int err, int want_step, int detail)
{
    char *argv[] = {"true", NULL};
    pid_t pid;
    int st = -1, d = -99;
    step(what, rns_spawn(a, "/bin/true", argv, NULL, &pid, &st), err);
    rns_spawn_attr_free(a);
    if (st != want_step)
        fail("%s: step %d, not %d", what, st, want_step);
    step("rns_spawn_last_detail", rns_spawn_last_detail(&d), 0);
    if (d != detail)
        fail("%s: detail %d, not %d", what, d, detail);
}

/* stdout a pipe (set_fd 1) and, after it, dup2 1 -> 2 (2>&1), an open onto 5, a directory
 * onto 6, chdir /tmp, fchdir 6 (so the cwd is /), closefrom 6: the program prints "/
 * /dev/null 6closed" on its fd 2. A missing open fails at the fds step with its index (4,
 * after 0-2 and a close), noctty and ctty with fd 0 /dev/null at the tty step (detail 0),
 * tcsetpgrp on it at the fds step (index 3). */
static void scenario_spawn_fa(void)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0)
        fail("pipe2: %s", strerror(errno));
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    rns_spawn_attr *a = NULL;
    step("rns_spawn_attr_new", rns_spawn_attr_new(&a), 0);
    step("set_fd(1, pipe)", rns_spawn_attr_set_fd(a, 1, p[1]), 0);
    step("add_dup2(1, 2)", rns_spawn_attr_add_dup2(a, 1, 2), 0);
    step("add_open(5, /dev/null)", rns_spawn_attr_add_open(a, 5, "/dev/null", O_RDONLY, 0), 0);
    step("add_open(6, /)", rns_spawn_attr_add_open(a, 6, "/", O_RDONLY | O_DIRECTORY, 0), 0);
    step("add_chdir(/tmp)", rns_spawn_attr_add_chdir(a, "/tmp"), 0);
    step("add_fchdir(6)", rns_spawn_attr_add_fchdir(a, 6), 0);
    step("add_closefrom(6)", rns_spawn_attr_add_closefrom(a, 6), 0);
    step("add_close(-1)", rns_spawn_attr_add_close(a, -1), EBADF);
    char *argv[] = {"sh", "-c", SPAWN_FA_SCRIPT, NULL};
    pid_t pid;
    int st;
    int pidfd = step("rns_spawn(/bin/sh)", rns_spawn(a, "/bin/sh", argv, NULL, &pid, &st), 0);
    rns_spawn_attr_free(a);
    close(p[1]);
    spawn_read(pidfd, p[0], "/ /dev/null 6closed");
    close(p[0]);
    for (int k = 0; k < 4; k++) {
        step("rns_spawn_attr_new", rns_spawn_attr_new(&a), 0);
        for (int fd = 0; fd < 3; fd++)
            step("set_fd", rns_spawn_attr_set_fd(a, fd, null), 0);
        if (k == 0) {
            step("add_close(40)", rns_spawn_attr_add_close(a, 40), 0);
            step("add_open(3, missing)", rns_spawn_attr_add_open(a, 3, "/nonexistent/x", O_RDONLY, 0), 0);
            spawn_fails(a, "spawn with a missing open", ENOENT, RNS_SPAWN_STEP_FDS, 4);
        } else if (k == 1) {
            step("set_flags(NOCTTY)", rns_spawn_attr_set_flags(a, RNS_SPAWN_NOCTTY), 0);
            spawn_fails(a, "spawn with noctty", ENOTTY, RNS_SPAWN_STEP_TTY, 0);
        } else if (k == 2) {
            step("set_setsid(1)", rns_spawn_attr_set_setsid(a, 1), 0);
            step("set_ctty(0)", rns_spawn_attr_set_ctty(a, 0), 0);
            spawn_fails(a, "spawn with ctty 0", ENOTTY, RNS_SPAWN_STEP_TTY, 0);
        } else {
            step("add_tcsetpgrp(0)", rns_spawn_attr_add_tcsetpgrp(a, 0), 0);
            spawn_fails(a, "spawn with tcsetpgrp 0", ENOTTY, RNS_SPAWN_STEP_FDS, 3);
        }
    }
    close(null);
}

/* The seccomp filter: one that refuses every syscall (ENOMSG) stops the program's execve,
 * the last thing the child does (at RNS_SPAWN_STEP_EXEC: every step of the library's ran
 * before the filter); one that allows everything is in place in the program (Seccomp: 2,
 * with NoNewPrivs: 1). */
#define SPAWN_SECCOMP_SCRIPT                                                                    \
    "s=$(sed -n 's/^Seccomp:[[:space:]]*//p' /proc/$$/status); "                                \
    "n=$(sed -n 's/^NoNewPrivs:[[:space:]]*//p' /proc/$$/status); echo seccomp $s nnp $n"

static void scenario_spawn_seccomp(void)
{
    const rns_sock_filter deny[1] = { { .code = 0x06 /* BPF_RET|BPF_K */, .k = 0x00050000u /* SECCOMP_RET_ERRNO */ | ENOMSG } };
    const rns_sock_filter allow[1] = { { .code = 0x06, .k = 0x7fff0000u /* SECCOMP_RET_ALLOW */ } };
    rns_spawn_attr *a = NULL;
    step("rns_spawn_attr_new", rns_spawn_attr_new(&a), 0);
    step("set_no_new_privs(1)", rns_spawn_attr_set_no_new_privs(a, 1), 0);
    step("set_seccomp(deny all)", rns_spawn_attr_set_seccomp(a, deny, 1), 0);
    char *argv[] = {"true", NULL};
    pid_t pid;
    int st;
    step("rns_spawn(/bin/true)", rns_spawn(a, "/bin/true", argv, NULL, &pid, &st), ENOMSG);
    if (st != RNS_SPAWN_STEP_EXEC)
        fail("the failed step is %d, not RNS_SPAWN_STEP_EXEC", st);
    step("set_seccomp(allow all)", rns_spawn_attr_set_seccomp(a, allow, 1), 0);
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0)
        fail("pipe2: %s", strerror(errno));
    spawn_script(a, p, SPAWN_SECCOMP_SCRIPT, "seccomp 2 nnp 1");
}

/* A Landlock ruleset handling read-file that allows it beneath /usr only (the shell, cat and
 * their libraries): the program cannot read a file the runner can. */
static void scenario_spawn_landlock(void)
{
    struct landlock_ruleset_attr ra = { .handled_access_fs = LANDLOCK_ACCESS_FS_READ_FILE };
    int rs = (int)syscall(SYS_landlock_create_ruleset, &ra, sizeof ra, 0);
    if (rs < 0)
        fail("landlock_create_ruleset: %s", strerror(errno));
    struct landlock_path_beneath_attr pb = { .allowed_access = LANDLOCK_ACCESS_FS_READ_FILE };
    pb.parent_fd = open("/usr", O_PATH | O_CLOEXEC);
    if (pb.parent_fd < 0 || syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &pb, 0) != 0)
        fail("landlock_add_rule(/usr): %s", strerror(errno));
    close(pb.parent_fd);
    char dir[] = "/tmp/rns-matrix-XXXXXX", file[64], script[128];
    if (!mkdtemp(dir))
        fail("mkdtemp: %s", strerror(errno));
    snprintf(file, sizeof file, "%s/f", dir);
    int fd = open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0 || write(fd, "x", 1) != 1)
        fail("%s: %s", file, strerror(errno));
    close(fd);
    snprintf(script, sizeof script, "cat %s >/dev/null 2>&1 && echo read || echo denied", file);
    rns_spawn_attr *a = NULL;
    step("rns_spawn_attr_new", rns_spawn_attr_new(&a), 0);
    step("set_no_new_privs(1)", rns_spawn_attr_set_no_new_privs(a, 1), 0);
    step("set_landlock(ruleset)", rns_spawn_attr_set_landlock(a, rs), 0);
    close(rs);
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0)
        fail("pipe2: %s", strerror(errno));
    spawn_script(a, p, script, "denied");
    unlink(file);
    rmdir(dir);
}

/* The program starts in the cgroup given (our own v2 directory) and says so; a file that is
 * not on cgroup2 is refused by the setter. */
static void scenario_spawn_cgroup(void)
{
    char dir[512], want[600];
    int r = own_cgroup2(dir, sizeof dir);
    if (r < 0)
        fail("no cgroup v2 directory of our own: %s", strerror(-r));
    FILE *f = fopen("/proc/self/cgroup", "re");
    want[0] = 0;
    while (f && fgets(want, sizeof want, f) && strncmp(want, "0::", 3) != 0)
        want[0] = 0;
    if (f)
        fclose(f);
    want[strcspn(want, "\n")] = 0;
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0)
        fail("pipe2: %s", strerror(errno));
    int cg = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    rns_spawn_attr *a = NULL;
    step("rns_spawn_attr_new", rns_spawn_attr_new(&a), 0);
    step("set_cgroup(/dev/null)", rns_spawn_attr_set_cgroup(a, null), EINVAL);
    step("set_cgroup(own cgroup)", rns_spawn_attr_set_cgroup(a, cg), 0);
    step("set_fd(1, pipe)", rns_spawn_attr_set_fd(a, 1, p[1]), 0);
    char *argv[] = {"grep", "^0::", "/proc/self/cgroup", NULL};
    pid_t pid;
    int st;
    int pidfd = step("rns_spawn(/bin/grep)", rns_spawn(a, "/bin/grep", argv, NULL, &pid, &st), 0);
    rns_spawn_attr_free(a);
    close(cg);
    close(null);
    close(p[1]);
    spawn_read(pidfd, p[0], want);
    close(p[0]);
}

static void scenario_error_names(void)
{
    static const struct {
        const char *name;
        int value;
    } names[] = {{"EPERM", EPERM}, {"ENOENT", ENOENT}, {"ESRCH", ESRCH}, {"EBADF", EBADF},
                 {"EINVAL", EINVAL}, {"EACCES", EACCES}, {"ENOTTY", ENOTTY}};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        const char *got = rns_errname(names[k].value);
        if (got == NULL || strcmp(got, names[k].name) != 0)
            fail("rns_errname(%d) is '%s', not '%s'", names[k].value, got ? got : "(null)", names[k].name);
        const char *msg = rns_strerror(names[k].value);
        if (msg == NULL || msg[0] == '\0')
            fail("rns_strerror(%d) (%s) is empty", names[k].value, names[k].name);
    }
}

/* ---- the table: hand-written calls (ahead of the generated ones) and scenarios ---- */

typedef struct {
    const char *name;
    int nargs; /* -1: any number (rns_setgroups) */
    void (*call)(int n, const arg_t *a, result_t *r);
    void (*scenario)(void);
} entry_t;

#define CALL(name, nargs) {#name, nargs, h_##name, NULL}
#define SCENARIO(name, fn) {"scenario:" name, 0, NULL, fn}

static const entry_t table[] = {
    CALL(rns_getresuid, 0),     CALL(rns_getresgid, 0),     CALL(rns_getgroups, 0),
    CALL(rns_setgroups, -1),    CALL(rns_getgrouplist, 2),  CALL(rns_getpriority, 2),
    CALL(rns_pidfd_wait, 2),    CALL(rns_pidfd_info, 1),    CALL(rns_pidfd_info_mask, 2),
    CALL(rns_pidfd_wait_rusage, 2), CALL(rns_pidfd_send_siginfo, 5), CALL(rns_listns, 4),
    CALL(rns_ns_owner_uid, 1),  CALL(rns_ns_id, 1),         CALL(rns_ns_same, 2),
    SCENARIO("unshare-setns-back", scenario_unshare_setns_back),
    SCENARIO("setns-pid-child", scenario_setns_pid_child),
    SCENARIO("run-in-ns-child", scenario_run_in_ns_child),
    SCENARIO("ns-handle-child", scenario_ns_handle_child),
    SCENARIO("session-in-child", scenario_session_in_child),
    SCENARIO("nice-round-trip", scenario_nice_round_trip),
    SCENARIO("prctl-round-trip", scenario_prctl_round_trip),
    SCENARIO("creds-in-child", scenario_creds_in_child),
    SCENARIO("drop-privileges-child", scenario_drop_privileges_child),
    SCENARIO("userns-acquire", scenario_userns_acquire),
    SCENARIO("pidfd-kill-child", scenario_pidfd_kill_child),
    SCENARIO("waiter-child", scenario_waiter_child),
    SCENARIO("spawn-child", scenario_spawn_child),
    SCENARIO("spawn-cgroup", scenario_spawn_cgroup),
    SCENARIO("spawn-flags", scenario_spawn_flags),
    SCENARIO("spawn-signals", scenario_spawn_signals),
    SCENARIO("spawn-setgroups", scenario_spawn_setgroups),
    SCENARIO("spawn-identity", scenario_spawn_identity),
    SCENARIO("spawn-fa", scenario_spawn_fa),
    SCENARIO("spawn-seccomp", scenario_spawn_seccomp),
    SCENARIO("spawn-landlock", scenario_spawn_landlock),
    SCENARIO("error-names", scenario_error_names),
};

/* ---- main: look up, check the expectation's form, resolve, call, compare ---- */

int main(int argc, char **argv)
{
    if (argc < 3) {
        printf("FAIL usage: %s CALL EXPECT [ARG...]\n", argv[0]);
        return 1;
    }
    const char *call = argv[1], *expect = argv[2];
    const entry_t *e = NULL;
    for (size_t k = 0; k < sizeof table / sizeof table[0]; k++)
        if (strcmp(table[k].name, call) == 0)
            e = &table[k];
    if (e == NULL && !generated_call(call, argc - 3, NULL, NULL)) {
        printf("unknown call %s\n", call);
        return 2;
    }
    atexit(reap_child);

    /* The expectation: ok, = VALUE, or an errno name. */
    int want_errno = 0;
    const char *want_value = NULL;
    if (strcmp(expect, "ok") == 0) {
    } else if (expect[0] == '=') {
        want_value = expect + 1;
        while (*want_value == ' ')
            want_value++;
    } else if ((want_errno = errno_value(expect)) == 0) {
        fail("unknown expectation '%s' (not ok, = VALUE, or an errno name this runner knows)", expect);
    }

    int n = argc - 3;
    if (e && e->nargs >= 0 && n != e->nargs)
        fail("%s takes %d argument token(s), got %d", call, e->nargs, n);
    if (n > MAX_ARGS)
        fail("too many argument tokens (%d)", n);

    if (e && e->scenario) {
        if (want_errno || want_value)
            fail("%s: a scenario's only expectation is ok, not '%s'", call, expect);
        e->scenario();
        reap_child();
        return 0;
    }

    arg_t args[MAX_ARGS];
    memset(args, 0, sizeof args);
    resolve_args(n, argv + 3, args);
    result_t r;
    memset(&r, 0, sizeof r);
    if (e)
        e->call(n, args, &r);
    else
        generated_call(call, n, args, &r);

    char got[TEXT_MAX + 64], err[128];
    if (r.rc < 0)
        snprintf(got, sizeof got, "%s", describe_err(r.rc, err, sizeof err));
    else if (r.has_value)
        snprintf(got, sizeof got, "= %s", r.text);
    else
        snprintf(got, sizeof got, "ok (%d)", r.rc);

    if (want_errno) {
        if (r.rc != -want_errno)
            fail("%s: expected %s, got %s", call, expect, got);
    } else if (want_value) {
        if (r.rc < 0)
            fail("%s: expected = %s, got %s", call, want_value, got);
        long long want_num;
        bool match = r.is_number && number_token(want_value, &want_num)
                         ? r.number == want_num
                         : r.has_value && strcmp(r.text, want_value) == 0;
        if (!match)
            fail("%s: expected = %s, got %s", call, want_value, got);
    } else if (r.rc < 0) {
        fail("%s: expected ok, got %s", call, got);
    }
    return 0;
}
