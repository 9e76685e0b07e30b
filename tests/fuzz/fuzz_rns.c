/*
 * fuzz_rns.c - libFuzzer target over every function of include/rns.h.
 *
 * An input is a sequence of up to MAX_OPS calls: a selector byte picks the function (the
 * header's sorted list, generated into rns_functions.h by scripts/rns-functions.sh; a
 * function of the header without an OP() below does not compile), then each argument takes
 * a byte: bit 7 set means four raw bytes follow, otherwise it indexes a pool of values that
 * matter for that parameter (own pid, a helper's pid and group, namespace fds, pidfds, a pty,
 * -1, INT_MIN, unknown flag bits, ...).
 *
 * Where calls run:
 *  - an input whose first call is read-only: in the fuzzer process itself, up to its first
 *    state-changing call;
 *  - an input whose first call changes state (setns, unshare, set*id, setgroups, setpgid,
 *    setsid, tcsetpgrp, killpg, pidfd_send_signal, setpriority, ...): the whole sequence, in
 *    a child G of a sandbox server Z. Z is pid 1 of a PID namespace of its own (entered by a
 *    forked intermediate, so the fuzzer never changes a namespace of its own; as an ordinary
 *    user a user namespace goes with it), leads a session with a pty as controlling
 *    terminal, and forks for each input a victim V (a group of its own) and G, which has
 *    only its own fds. Pids and process groups there name only the sandbox's own processes,
 *    and init ignores the signals it has no handler for, so killpg, pidfd_send_signal and
 *    setpriority cannot reach anything else, whatever their arguments. Where no PID
 *    namespace can be made ("constrained" mode), G leads a session of its own and the
 *    arguments of killpg, pidfd_send_signal and setpriority come only from G and V.
 *
 * Checked on every call: the result is >= 0 or -errno with errno in 1..133, exactly 0 where
 * the header says "Returns: 0"; returned fds are O_CLOEXEC (then closed); outputs are written
 * only on success; the number of open fds is the same before and after (/proc/self/fd in
 * the fuzzer process; poll(2) over the fd table in the sandbox, where a changed uid can make
 * /proc/self/fd unreadable); no crash, no sanitizer report, no hang (10 s).
 * A violation aborts the fuzzer (libFuzzer saves the input as crash-*).
 *
 * Coverage: the sandbox copies its inline 8-bit counters into shared memory and the fuzzer
 * merges them (cov_share.c), so code reached only there is seen by libFuzzer.
 *
 * RNS_FUZZ_STATS=FILE: at exit, write per-function call counts and fd-check totals there.
 * RNS_FUZZ_SANDBOX=constrained: use constrained mode even where a namespace could be made.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/landlock.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rns.h"

#define MAX_OPS 16
#define ERRNO_MAX 133         /* the highest errno Linux defines (EHWPOISON) */
#define SB_FDMAX 128          /* the sandbox's RLIMIT_NOFILE: its fds are all below this */
#define SB_REPORT_FD 3        /* the sandbox's end of the report pipe */
#define SB_CMD_FD 4           /* the server's end of the command pipe */
#define SB_PTY_M 5            /* the sandbox session's pty */
#define SB_PTY_S 6
#define SB_TIMEOUT 10         /* seconds for a whole sandboxed input */
#define MAX_STR 64


size_t rns_fuzz_cov_size(void);
void rns_fuzz_cov_save(uint8_t *dst);
void rns_fuzz_cov_merge(const uint8_t *src);

/* ---- the input ------------------------------------------------------------------------ */

struct in {
    const uint8_t *p;
    size_t n;
};

static uint8_t rd_u8(struct in *in)
{
    if (!in->n)
        return 0;
    in->n--;
    return *in->p++;
}

static uint32_t rd_u32(struct in *in)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v |= (uint32_t)rd_u8(in) << (8 * i);
    return v;
}

/* ---- pools of argument values ---------------------------------------------------------- */

enum {
    A_PID,       /* pids for read-only calls and the calls that can only touch self/children */
    A_FD,        /* fds */
    A_NSTYPE,    /* setns/ns_open types */
    A_UNSHARE,   /* unshare flags */
    A_SIG,       /* signal numbers */
    A_PFLAGS,    /* pidfd_open flags */
    A_SFLAGS,    /* pidfd_send_signal flags */
    A_ID,        /* uids and gids */
    A_WHICH,     /* getpriority which */
    A_WHO,       /* getpriority who */
    A_PRIO,      /* nice values */
    A_ERR,       /* errno values for errname/strerror */
    A_SIZE,      /* array sizes */
    A_KILLPG,    /* killpg's process group (only own processes, see above) */
    A_SIGFD,     /* pidfd_send_signal's fd (ditto) */
    A_SETPRIO,   /* setpriority's (which << 32 | who) pairs (ditto) */
    A_ONOFF,     /* the on/off of set_child_subreaper and set_no_new_privs */
    A_NPOOLS
};

struct pool {
    int n;
    int raw; /* may bit 7 of the tag byte give a raw 32-bit value? */
    long long v[40];
};

static struct pool pools[A_NPOOLS];

static void pool_add(int p, long long v)
{
    if (pools[p].n < (int)(sizeof pools[p].v / sizeof pools[p].v[0]))
        pools[p].v[pools[p].n++] = v;
}

static long long pick(struct in *in, int p)
{
    uint8_t t = rd_u8(in);
    if ((t & 0x80) && pools[p].raw)
        return (int32_t)rd_u32(in);
    return pools[p].v[t % pools[p].n];
}

/* Flag words: bit 6 of the tag ORs in a second pick. */
static long long pick_flags(struct in *in, int p)
{
    uint8_t t = rd_u8(in);
    if ((t & 0x80) && pools[p].raw)
        return (int32_t)rd_u32(in);
    long long v = pools[p].v[t % pools[p].n];
    if (t & 0x40)
        v |= pick(in, p);
    return v;
}

/* A user name: a few real and odd ones, NULL, or up to MAX_STR bytes of the input; in a
 * buffer of exactly its size, so AddressSanitizer sees a read past the NUL. */
static char *pick_user(struct in *in, int *is_null)
{
    static const char *names[] = { "root", "nobody", "daemon", "", "no-such-user-rns-fuzz", "root\xff",
                                   "-", "+root", "root:x", "0" };
    uint8_t t = rd_u8(in);
    const char *src;
    char buf[5001];
    *is_null = 0;
    if (t % 16 == 0) {
        *is_null = 1;
        return NULL;
    } else if (t % 16 == 1) {
        memset(buf, 'a', 5000);
        buf[5000] = 0;
        src = buf;
    } else if (t % 16 < 2 + sizeof names / sizeof names[0]) {
        src = names[t % 16 - 2];
    } else {
        size_t len = rd_u8(in) % (MAX_STR + 1);
        for (size_t i = 0; i < len; i++)
            buf[i] = (char)rd_u8(in);
        buf[len] = 0;
        src = buf;
    }
    size_t len = strlen(src);
    char *s = malloc(len + 1);
    if (!s)
        abort();
    memcpy(s, src, len + 1);
    return s;
}

/* A path for setns_path: never an arbitrary path (opening some devices has effects), but a
 * namespace file, another /proc file, odd ones, or /proc/self/ns/ or /proc/self/ plus one
 * fuzzed component without '/'. */
static char *pick_path(struct in *in, int *is_null)
{
    static const char *paths[] = {
        "/proc/self/ns/uts", "/proc/self/ns/net", "/proc/self/ns/user", "/proc/self/ns/mnt",
        "/proc/self/ns/pid", "/proc/self/ns/ipc", "/proc/self/ns/cgroup", "/proc/self/ns/time",
        "/proc/thread-self/ns/uts", "/proc/self/ns/pid_for_children", "/proc/self/ns/time_for_children",
        "/proc/1/ns/uts", "/proc/1/ns/mnt", "/proc/self/status", "/proc/self/ns", "/nonexistent/rns-fuzz",
        "", "/", "/dev/null", "/proc/self/ns/",
    };
    uint8_t t = rd_u8(in);
    char buf[5001];
    const char *src;
    *is_null = 0;
    unsigned k = t % 32;
    if (k == 0) {
        *is_null = 1;
        return NULL;
    } else if (k == 1) {
        strcpy(buf, "/proc/self/ns/");
        memset(buf + 14, 'x', 5000 - 14);
        buf[5000] = 0;
        src = buf;
    } else if (k < 2 + sizeof paths / sizeof paths[0]) {
        src = paths[k - 2];
    } else {
        const char *dir = (k & 1) ? "/proc/self/ns/" : "/proc/self/";
        size_t dl = strlen(dir), len = rd_u8(in) % 33;
        memcpy(buf, dir, dl);
        for (size_t i = 0; i < len; i++) {
            char ch = (char)rd_u8(in);
            buf[dl + i] = ch == '/' ? '_' : ch;
        }
        buf[dl + len] = 0;
        src = buf;
    }
    size_t len = strlen(src);
    char *s = malloc(len + 1);
    if (!s)
        abort();
    memcpy(s, src, len + 1);
    return s;
}

/* ---- context: where the calls run ------------------------------------------------------ */

enum { MODE_PIDNS, MODE_USERNS, MODE_CONSTRAINED };
static const char *mode_names[] = {
    "fresh PID namespace per input",
    "fresh user + PID namespace per input",
    "constrained (no PID namespace: killpg, pidfd_send_signal and setpriority only at the sandbox's own processes)",
};

static int sandbox_mode;
/* The inode of the sandbox's own UTS namespace (0: it has none). */
static ino_t sandbox_uts_ino;
static ino_t thread_uts_ino(void);
static int in_sandbox;     /* this process is G */
static int cur_fn = -1;    /* the op being called */
static int cur_sig;        /* its signal argument (killpg, pidfd_send_signal) */
static int fds_before;

/* In the fuzzer process. */
static pid_t helper_pid, helper_pgid, dead_pid;
static int dead_pidfd = -1; /* a pidfd of a process that has exited and been reaped */
static uint8_t *cov_shm;
static size_t cov_len;

/* Statistics. */
struct fnstat {
    unsigned long long inproc, sandboxed;
};
static unsigned long long n_calls, n_fdchecks, n_inputs, n_sandboxes;

/* Report records from the sandbox. */
enum { REC_START = 1, REC_RESULT, REC_BAD, REC_DONE, REC_GEXIT, REC_GSTOP, REC_GHANG, REC_SETUP, REC_END };
struct rec {
    int32_t kind, fn, a, b;
};

static void rec_write(int kind, int fn, int a, int b)
{
    struct rec r = { kind, fn, a, b };
    ssize_t w = write(SB_REPORT_FD, &r, sizeof r);
    (void)w;
}

/* ---- checks ---------------------------------------------------------------------------- */

static const char *fn_name(int fn);

__attribute__((noreturn, format(printf, 1, 2)))
static void bad(const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nrns-fuzz: %s%s: %s\n", fn_name(cur_fn), in_sandbox ? " (in the sandbox)" : "", msg);
    if (in_sandbox) {
        rec_write(REC_BAD, cur_fn, 0, 0);
        if (cov_shm)
            rns_fuzz_cov_save(cov_shm);
        _exit(3);
    }
    abort();
}

/* Open fds: /proc/self/fd in the fuzzer; poll() over 0..SB_FDMAX-1 in the sandbox, where
 * /proc/self/fd may belong to another uid after a set*id call. */
static int count_fds(void)
{
    if (in_sandbox) {
        struct pollfd p[SB_FDMAX];
        for (int i = 0; i < SB_FDMAX; i++)
            p[i] = (struct pollfd){ .fd = i, .events = 0 };
        if (poll(p, SB_FDMAX, 0) < 0)
            bad("poll: %s", strerror(errno));
        int n = 0;
        for (int i = 0; i < SB_FDMAX; i++)
            n += !(p[i].revents & POLLNVAL);
        return n;
    }
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        bad("opendir /proc/self/fd: %s", strerror(errno));
    int n = 0;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

/* Just before the call: note it (the sandbox reports it first, so a crash names the call)
 * and count the open fds. */
static void begin_call(void)
{
    if (in_sandbox)
        rec_write(REC_START, cur_fn, cur_sig, 0);
    fds_before = count_fds();
}

#define CALL(expr) (begin_call(), (long long)(expr))

static int is_errno_result(long long r)
{
    return r <= -1 && r >= -ERRNO_MAX;
}

/* ---- the operations -------------------------------------------------------------------- */

enum { RO, STATE };            /* read-only: in-process; state-changing: in the sandbox */
enum { R_ZERO, R_VAL, R_FD, R_STR };

#define OP(name, class, rkind)                                                              \
    enum { class_##name = class, ret_##name = rkind };                                      \
    static long long op_##name(struct in *in)

#define SENTINEL 0x5a5a5a5aU

/* Pointer shapes for outputs: NULL, a buffer, or one buffer for all (getresuid). */
static void *out_ptr(uint8_t t, void *own, void *shared)
{
    switch (t % 4) {
    case 0: return NULL;
    case 1: return shared;
    default: return own;
    }
}

static void check_str(const char *s, size_t max)
{
    if (!s)
        bad("returned NULL");
    if (strnlen(s, max) >= max)
        bad("returned a string of %zu or more bytes", max);
}

OP(rns_version, RO, R_STR)
{
    (void)in;
    char want[64];
    snprintf(want, sizeof want, "%d.%d.%d", RNS_VERSION_MAJOR, RNS_VERSION_MINOR, RNS_VERSION_PATCH);
    const char *s = (begin_call(), rns_version());
    check_str(s, 32);
    if (strcmp(s, want) != 0)
        bad("\"%s\", the header says %s", s, want);
    return 0;
}

OP(rns_errname, RO, R_STR)
{
    int e = (int)pick(in, A_ERR);
    const char *s = (begin_call(), rns_errname(e));
    check_str(s, 64);
    if (e == 0 && strcmp(s, "OK") != 0)
        bad("errname(0) is \"%s\"", s);
    if (s[0] != 'E' && strcmp(s, "UNKNOWN") != 0 && e != 0)
        bad("errname(%d) is \"%s\", neither a name nor \"UNKNOWN\"", e, s);
    return 0;
}

OP(rns_strerror, RO, R_STR)
{
    int e = (int)pick(in, A_ERR);
    const char *s = (begin_call(), rns_strerror(e));
    check_str(s, 256);
    if (e == 0 && strcmp(s, "Success") != 0)
        bad("strerror(0) is \"%s\"", s);
    return 0;
}

/* getresuid/getresgid: -EFAULT exactly when a pointer is NULL, nothing written then; else
 * the ids getres[ug]id(2) gives. */
#define GETRES_OP(name, T, sys)                                                             \
    OP(name, RO, R_ZERO)                                                                    \
    {                                                                                       \
        T v[3] = { SENTINEL, SENTINEL, SENTINEL }, shared = SENTINEL;                       \
        T *p[3];                                                                            \
        int any_null = 0;                                                                   \
        for (int i = 0; i < 3; i++) {                                                       \
            p[i] = out_ptr(rd_u8(in), &v[i], &shared);                                      \
            any_null |= !p[i];                                                              \
        }                                                                                   \
        long long r = CALL(name(p[0], p[1], p[2]));                                         \
        if (any_null) {                                                                     \
            if (r != -EFAULT)                                                               \
                bad("a NULL pointer gave %lld, not -EFAULT", r);                            \
            if (v[0] != SENTINEL || v[1] != SENTINEL || v[2] != SENTINEL || shared != SENTINEL) \
                bad("wrote an output although it failed");                                  \
        } else if (r == 0) {                                                                \
            T w[3];                                                                         \
            sys(&w[0], &w[1], &w[2]);                                                       \
            for (int i = 0; i < 3; i++) {                                                   \
                int later = 0; /* a pointer given twice holds the last id written */         \
                for (int j = i + 1; j < 3; j++)                                             \
                    later |= p[j] == p[i];                                                  \
                if (!later && *p[i] != w[i])                                                \
                    bad("id %d is %u, the kernel says %u", i, (unsigned)*p[i], (unsigned)w[i]); \
            }                                                                               \
        } else {                                                                            \
            bad("valid pointers gave %lld", r);                                             \
        }                                                                                   \
        return r;                                                                           \
    }

GETRES_OP(rns_getresuid, uid_t, getresuid)
GETRES_OP(rns_getresgid, gid_t, getresgid)

/* A gid array of `size` elements, exactly (ASan sees any access past it), filled with the
 * sentinel; SIZE_MAX (a size the library must treat as "room enough" for readers) gets
 * 65537 elements, more than any group list. NULL as the tag says. */
static gid_t *gid_buffer(struct in *in, size_t *size, size_t *alloc, size_t max)
{
    *size = (size_t)pick(in, A_SIZE);
    if (*size > max)
        *size = max;
    int null = rd_u8(in) % 8 == 0;
    *alloc = *size > 70000 ? 65537 : *size;
    if (null)
        return NULL;
    gid_t *b = malloc((*alloc ? *alloc : 1) * sizeof *b);
    if (!b)
        abort();
    for (size_t i = 0; i < *alloc; i++)
        b[i] = SENTINEL;
    return b;
}

static int untouched(const gid_t *b, size_t n)
{
    for (size_t i = 0; b && i < n; i++)
        if (b[i] != SENTINEL)
            return 0;
    return 1;
}

OP(rns_getgroups, RO, R_VAL)
{
    size_t size, alloc;
    gid_t *list = gid_buffer(in, &size, &alloc, SIZE_MAX);
    long long r = CALL(rns_getgroups(list, size));
    if (r < 0 && !untouched(list, alloc))
        bad("failed with %lld but wrote to the list", r);
    if (r >= 0 && size > 0 && size <= INT_MAX && (size_t)r > size)
        bad("returned %lld groups for room of %zu", r, size);
    free(list);
    return r;
}

OP(rns_getgrouplist, RO, R_VAL)
{
    int null;
    char *user = pick_user(in, &null);
    gid_t group = (gid_t)pick(in, A_ID);
    size_t size, alloc;
    gid_t *list = gid_buffer(in, &size, &alloc, SIZE_MAX);
    long long r = CALL(rns_getgrouplist(user, group, list, size));
    if (null && r != -EFAULT)
        bad("NULL user gave %lld, not -EFAULT", r);
    if (r < 0 && !untouched(list, alloc))
        bad("failed with %lld but wrote to the list", r);
    free(list);
    free(user);
    return r;
}

OP(rns_ns_open, RO, R_FD)
{
    pid_t pid = (pid_t)pick(in, A_PID);
    int type = (int)pick_flags(in, A_NSTYPE);
    return CALL(rns_ns_open(pid, type));
}

/* Named network namespaces: only names the library must refuse before it touches /run
 * (NULL, "", ".", "..", a "/", 256 bytes), or, for open and delete, a name that is not there:
 * the fuzz run never creates or removes anything under /run. */
static long long netns_op(struct in *in, int which)
{
    static char long_name[257];
    if (!long_name[0])
        memset(long_name, 'n', 256);
    const char *names[] = { NULL, "", ".", "..", "a/b", "/", long_name, "rns-fuzz-missing" };
    uint8_t t = rd_u8(in) % (which == 0 ? 7 : 8); /* add: never a valid name */
    long long r = which == 0 ? CALL(rns_netns_add(names[t])) : which == 1 ? CALL(rns_netns_open(names[t])) : CALL(rns_netns_delete(names[t]));
    long long want = t == 0 ? -EFAULT : t == 7 ? -ENOENT : -EINVAL;
    if (r != want)
        bad("rns_netns_%s(\"%s\") gave %lld, not %lld", which == 0 ? "add" : which == 1 ? "open" : "delete",
            names[t] ? names[t] : "(null)", r, want);
    return r;
}

/* Persisting: any fd of the pool, but a path of NULL or "" (EFAULT, ENOENT): nothing is made. */
OP(rns_ns_persist, RO, R_ZERO)
{
    int null = rd_u8(in) % 2;
    long long r = CALL(rns_ns_persist((int)pick(in, A_FD), null ? NULL : ""));
    if (r == 0)
        bad("rns_ns_persist to %s succeeded", null ? "NULL" : "\"\"");
    return r;
}

OP(rns_ns_unpersist, RO, R_ZERO)
{
    const char *paths[] = { NULL, "", "/nonexistent/rns-fuzz", "/dev/null" };
    uint8_t t = rd_u8(in) % 4;
    long long r = CALL(rns_ns_unpersist(paths[t]));
    long long want = t == 0 ? -EFAULT : t == 3 ? -EINVAL : -ENOENT;
    if (r != want)
        bad("rns_ns_unpersist(%s) gave %lld, not %lld", paths[t] ? paths[t] : "NULL", r, want);
    return r;
}

OP(rns_netns_add, RO, R_ZERO) { return netns_op(in, 0); }
OP(rns_netns_open, RO, R_FD) { return netns_op(in, 1); }
OP(rns_netns_delete, RO, R_ZERO) { return netns_op(in, 2); }

/* An id map text of up to 4 lines of numbers from a table of edges (0, 1, 65534, 2^32-1,
 * ...) or odd tokens; NULL 1 in 16. */
static const char *fuzz_map(struct in *in, char *buf, size_t n)
{
    static const char *tok[] = { "0", "1", "65534", "100000", "4294967295", "4294967296", "-1", "x", "", "0x1" };
    uint8_t t = rd_u8(in);
    if (t % 16 == 0)
        return NULL;
    size_t off = 0;
    buf[0] = 0;
    for (int line = t % 5; line > 0 && off < n; line--)
        off += (size_t)snprintf(buf + off, n - off, "%s %s %s\n", tok[rd_u8(in) % 10], tok[rd_u8(in) % 10],
                                tok[rd_u8(in) % 10]);
    return buf;
}

/* A user namespace with fuzzed maps: an fd on success (the result checks close it), nothing
 * left on failure (no child, no fd). */
OP(rns_userns_acquire, RO, R_FD)
{
    char u[256], g[256];
    const char *um = fuzz_map(in, u, sizeof u), *gm = fuzz_map(in, g, sizeof g);
    return CALL(rns_userns_acquire(um, gm, rd_u8(in) % 8 == 0));
}

/* The namespace identity calls: over any fd of the pool (namespace files, an O_PATH one,
 * /dev/null, pidfds, ptys, closed and odd numbers). */
OP(rns_ns_type, RO, R_VAL)
{
    long long r = CALL(rns_ns_type((int)pick(in, A_FD)));
    if (r >= 0 && (r == 0 || (r & (r - 1)) != 0))
        bad("type %#llx is not exactly one CLONE_NEW* bit", r);
    return r;
}

OP(rns_ns_userns, RO, R_FD)
{
    return CALL(rns_ns_userns((int)pick(in, A_FD)));
}

OP(rns_ns_parent, RO, R_FD)
{
    return CALL(rns_ns_parent((int)pick(in, A_FD)));
}

OP(rns_ns_owner_uid, RO, R_ZERO)
{
    int fd = (int)pick(in, A_FD);
    uid_t uid = SENTINEL;
    uid_t *p = rd_u8(in) % 8 == 0 ? NULL : &uid;
    long long r = CALL(rns_ns_owner_uid(fd, p));
    if (!p && r != -EFAULT)
        bad("NULL ret_uid gave %lld, not -EFAULT", r);
    if (r < 0 && uid != SENTINEL)
        bad("failed with %lld but wrote %u", r, (unsigned)uid);
    return r;
}

OP(rns_ns_id, RO, R_VAL)
{
    int fd = (int)pick(in, A_FD);
    uint64_t id = SENTINEL;
    uint64_t *p = rd_u8(in) % 8 == 0 ? NULL : &id;
    long long r = CALL(rns_ns_id(fd, p));
    if (!p && r != -EFAULT)
        bad("NULL ret_id gave %lld, not -EFAULT", r);
    if (r >= 0 && r != RNS_NS_ID_KERNEL && r != RNS_NS_ID_INODE)
        bad("returned %lld, neither RNS_NS_ID_KERNEL nor RNS_NS_ID_INODE", r);
    if (r < 0 && id != SENTINEL)
        bad("failed with %lld but wrote %llu", r, (unsigned long long)id);
    return r;
}

OP(rns_ns_same, RO, R_VAL)
{
    int a = (int)pick(in, A_FD), b = (int)pick(in, A_FD);
    long long r = CALL(rns_ns_same(a, b));
    if (r > 1)
        bad("returned %lld, neither 0 nor 1", r);
    if (a == b && r == 0)
        bad("fd %d is not the same namespace as itself", a);
    return r;
}

/* Pid translation: any fd, pid and flags; a result is a pid (> 0); bad flags or a pid <= 0
 * are refused with -EINVAL before the fd is looked at. */
static long long ns_pid_op(struct in *in, int from)
{
    int fd = (int)pick(in, A_FD);
    pid_t pid = (pid_t)pick(in, A_PID);
    unsigned flags = rd_u8(in) % 4 == 0 ? rd_u32(in) : rd_u8(in) % 2;
    long long r = from ? CALL(rns_ns_pid_from(fd, pid, flags)) : CALL(rns_ns_pid_in(fd, pid, flags));
    if (r == 0)
        bad("translated pid %d to 0", (int)pid);
    if ((pid <= 0 || (flags & ~RNS_NS_PID_TGID)) && r != -EINVAL)
        bad("pid %d flags %#x gave %lld, not -EINVAL", (int)pid, flags, r);
    return r;
}

OP(rns_ns_pid_from, RO, R_VAL) { return ns_pid_op(in, 1); }
OP(rns_ns_pid_in, RO, R_VAL) { return ns_pid_op(in, 0); }

/* Open by id: ids near the first ones (the initial namespaces') and any, any type and
 * inode; what the library refuses itself is -EINVAL. */
OP(rns_ns_open_id, RO, R_FD)
{
    uint64_t id = rd_u8(in) % 2 ? rd_u8(in) % 16 : ((uint64_t)rd_u32(in) << 32 | rd_u32(in));
    int type = (int)pick_flags(in, A_NSTYPE);
    uint64_t ino = rd_u8(in) % 4 == 0 ? 0 : rd_u8(in) % 2 ? 0xEFFFFFF0u + rd_u8(in) % 16 : (uint64_t)rd_u32(in) << (rd_u8(in) % 2 * 32);
    long long r = CALL(rns_ns_open_id(id, type, ino));
    if ((id == 0 || (type == 0) != (ino == 0) || ino > 0xFFFFFFFFu) && r != -EINVAL)
        bad("id %llu type %#x ino %llu gave %lld, not -EINVAL", (unsigned long long)id, type,
            (unsigned long long)ino, r);
    return r;
}

/* listns: any cursor, types, owner; NULL or a buffer of up to 8 ids; never a write past n. */
OP(rns_listns, RO, R_VAL)
{
    uint64_t ids[9];
    memset(ids, 0x5a, sizeof ids);
    size_t n = rd_u8(in) % 9;
    int null = rd_u8(in) % 8 == 0;
    uint64_t after = rd_u8(in) % 2 ? 0 : rd_u32(in), owner = rd_u8(in) % 2 ? 0 : rd_u32(in);
    int types = (int)pick_flags(in, A_NSTYPE);
    long long r = CALL(rns_listns(after, types, owner, null ? NULL : ids, n));
    if (null && n && r != -EFAULT && r != -EINVAL)
        bad("NULL ids with n %zu gave %lld", n, r);
    if (r > (long long)n)
        bad("%lld ids for room for %zu", r, n);
    if (ids[8] != 0x5a5a5a5a5a5a5a5aULL)
        bad("wrote past the room given");
    return r;
}

OP(rns_getpgid, RO, R_VAL)
{
    pid_t pid = (pid_t)pick(in, A_PID);
    return CALL(rns_getpgid(pid));
}

OP(rns_getsid, RO, R_VAL)
{
    pid_t pid = (pid_t)pick(in, A_PID);
    return CALL(rns_getsid(pid));
}

OP(rns_getpgrp, RO, R_VAL)
{
    (void)in;
    long long r = CALL(rns_getpgrp());
    if (r != getpgrp())
        bad("%lld, getpgrp() says %d", r, (int)getpgrp());
    return r;
}

OP(rns_tcgetpgrp, RO, R_VAL)
{
    int fd = (int)pick(in, A_FD);
    return CALL(rns_tcgetpgrp(fd));
}

OP(rns_pidfd_open, RO, R_FD)
{
    pid_t pid = (pid_t)pick(in, A_PID);
    unsigned flags = (unsigned)pick_flags(in, A_PFLAGS);
    return CALL(rns_pidfd_open(pid, flags));
}

OP(rns_pidfd_getfd, RO, R_FD)
{
    int pidfd = (int)pick(in, A_FD);
    int target = (int)pick(in, A_FD);
    unsigned flags = (unsigned)pick_flags(in, A_SFLAGS);
    return CALL(rns_pidfd_getfd(pidfd, target, flags));
}

OP(rns_pidfd_getpid, RO, R_VAL)
{
    return CALL(rns_pidfd_getpid((int)pick(in, A_FD)));
}

OP(rns_pidfd_ns_open, RO, R_FD)
{
    int fd = (int)pick(in, A_FD);
    int type = (int)pick_flags(in, A_NSTYPE);
    return CALL(rns_pidfd_ns_open(fd, type));
}

/* The sized output structs: NULL, or a buffer with its size field set from the input (too
 * small, exact, larger); nothing written on failure, never past the given size. */
static uint32_t pick_struct_size(struct in *in, uint32_t exact)
{
    static const uint32_t extra[] = { 0, 4, 16, 64 };
    uint8_t b = rd_u8(in);
    return b % 4 == 0 ? exact - 4 * (1 + b / 4 % 4) : exact + extra[b / 4 % 4];
}

/* A caller's sized struct: 0x5a bytes with the size field set, or NULL (1 in 8). */
struct sized {
    unsigned char buf[sizeof(rns_process_info) + 64];
    uint32_t size;
    int null;
};

static void *sized_out(struct in *in, struct sized *s, uint32_t exact)
{
    memset(s->buf, 0x5a, sizeof s->buf);
    s->size = pick_struct_size(in, exact);
    memcpy(s->buf, &s->size, sizeof s->size);
    s->null = rd_u8(in) % 8 == 0;
    return s->null ? NULL : s->buf;
}

/* NULL gave -EFAULT; a failure wrote nothing; a success wrote no byte past the smaller of
 * the caller's size and the library's struct. */
static void sized_check(const struct sized *s, uint32_t exact, long long r)
{
    if (s->null) {
        if (r != -EFAULT)
            bad("NULL output gave %lld, not -EFAULT", r);
        return;
    }
    size_t from = r >= 0 ? (s->size < exact ? s->size : exact) : sizeof s->size;
    for (size_t i = from; i < sizeof s->buf; i++)
        if (s->buf[i] != 0x5a)
            bad("byte %zu written (size %u, result %lld)", i, s->size, r);
}

OP(rns_pidfd_info, RO, R_ZERO)
{
    int fd = (int)pick(in, A_FD);
    struct sized s;
    void *out = sized_out(in, &s, sizeof(rns_process_info));
    long long r = CALL(rns_pidfd_info(fd, out));
    sized_check(&s, sizeof(rns_process_info), r);
    return r;
}

/* Any mask (the four bits, 0, or unknown bits): a mask of 0 or with unknown bits is -EINVAL;
 * a success fills no field group outside the mask. */
OP(rns_pidfd_info_mask, RO, R_ZERO)
{
    int fd = (int)pick(in, A_FD);
    uint64_t mask = rd_u8(in) % 4 == 0 ? (uint64_t)rd_u32(in) << (rd_u8(in) % 2 * 32) : rd_u8(in) % 16;
    struct sized s;
    void *out = sized_out(in, &s, sizeof(rns_process_info));
    long long r = CALL(rns_pidfd_info_mask(fd, mask, out));
    sized_check(&s, sizeof(rns_process_info), r);
    if ((mask == 0 || (mask & ~(uint64_t)15)) && out && r != -EINVAL && r != -EFAULT)
        bad("mask %#llx gave %lld, not -EINVAL", (unsigned long long)mask, r);
    uint64_t filled = 0;
    if (r == 0)
        memcpy(&filled, s.buf + offsetof(rns_process_info, mask), sizeof filled);
    if (filled & ~mask)
        bad("mask %#llx filled %#llx", (unsigned long long)mask, (unsigned long long)filled);
    return r;
}

/* Always with RNS_WNOHANG (a wait for a live child would hang the fuzzer); reaps a child of
 * the sandbox when one has ended. */
OP(rns_pidfd_wait, STATE, R_VAL)
{
    int fd = (int)pick(in, A_FD);
    int options = (int)(rd_u32(in) & (RNS_WEXITED | RNS_WSTOPPED | RNS_WCONTINUED | RNS_WNOWAIT | 0x40)) |
                  RNS_WNOHANG;
    struct sized s;
    void *out = sized_out(in, &s, sizeof(rns_wait_status));
    long long r = CALL(rns_pidfd_wait(fd, options, out));
    sized_check(&s, sizeof(rns_wait_status), r);
    return r;
}

/* As rns_pidfd_wait, with the usage: both sized structs checked. */
OP(rns_pidfd_wait_rusage, STATE, R_VAL)
{
    int fd = (int)pick(in, A_FD);
    int options = (int)(rd_u32(in) & (RNS_WEXITED | RNS_WSTOPPED | RNS_WCONTINUED | RNS_WNOWAIT | 0x40)) |
                  RNS_WNOHANG;
    struct sized s, u;
    void *out = sized_out(in, &s, sizeof(rns_wait_status));
    void *usage = sized_out(in, &u, sizeof(rns_rusage));
    long long r = CALL(rns_pidfd_wait_rusage(fd, options, out, usage));
    if ((s.null || u.null) && r != -EFAULT)
        bad("a NULL output gave %lld, not -EFAULT", r);
    if (!s.null)
        sized_check(&s, sizeof(rns_wait_status), r);
    if (!u.null)
        sized_check(&u, sizeof(rns_rusage), r);
    return r;
}

/* The waiter: made and freed within each operation (its thread and fds must all be gone
 * when the fd count is checked). */
OP(rns_waiter_new, RO, R_ZERO)
{
    rns_waiter *w = NULL;
    int null = rd_u8(in) % 8 == 0;
    long long r = CALL(rns_waiter_new(null ? NULL : &w));
    if (null && r != -EFAULT)
        bad("NULL ret_waiter gave %lld, not -EFAULT", r);
    if (r == 0 && rns_waiter_free(w) != 0)
        bad("rns_waiter_free of a new waiter failed");
    return r;
}

OP(rns_waiter_fd, RO, R_FD)
{
    rns_waiter *w = NULL;
    begin_call(); /* the fd count covers making and freeing the waiter */
    int made = rd_u8(in) % 8 != 0 ? rns_waiter_new(&w) : 0;
    if (made != 0)
        return made; /* its -errno (0 would read as fd 0) */
    long long r = rns_waiter_fd(w);
    if (!w && r != -EFAULT)
        bad("rns_waiter_fd(NULL) gave %lld, not -EFAULT", r);
    if (w)
        rns_waiter_free(w);
    return r;
}

/* Watches an fd of the input's pools (a pidfd of a sandbox child, say), then frees the waiter. */
OP(rns_waiter_add, STATE, R_ZERO)
{
    rns_waiter *w = NULL;
    begin_call();
    int made = rd_u8(in) % 8 != 0 ? rns_waiter_new(&w) : 0;
    if (made != 0)
        return made;
    int fd = (int)pick(in, A_FD);
    long long r = rns_waiter_add(w, fd, rd_u32(in), (int)(rd_u8(in) % 4));
    if (!w && r != -EFAULT)
        bad("NULL waiter gave %lld, not -EFAULT", r);
    if (w)
        rns_waiter_free(w);
    return r;
}

OP(rns_waiter_free, RO, R_ZERO)
{
    rns_waiter *w = NULL;
    begin_call();
    if (rd_u8(in) % 2 == 0) {
        long long r = rns_waiter_free(NULL);
        if (r != -EFAULT)
            bad("rns_waiter_free(NULL) gave %lld, not -EFAULT", r);
        return r;
    }
    int made = rns_waiter_new(&w);
    if (made != 0)
        return made;
    return rns_waiter_free(w);
}

/* The identity setters (issue 18; attr_set's `which` 40..45): scheduler policies known,
 * unknown and SCHED_DEADLINE with priorities around the ranges, a fuzzed root path, capability
 * masks inside, at and above cap_last_cap (~0: unchanged), securebits around -1. */
static long long ids_attr_set(struct in *in, rns_spawn_attr *a, int which)
{
    static const int policies[] = { -2, -1, 0, 1, 2, 3, 5, 6, 7, 0x40000003, 0x40000001, INT_MIN };
    static const uint64_t caps[] = { 0, 1, 1ULL << 13, (1ULL << 41) - 1, 1ULL << 41, 1ULL << 63, ~0ULL };
    uint64_t hi = rd_u32(in), mask = hi << 32 | rd_u32(in);
    int null;
    char *path;
    long long r;
    switch (which) {
    case 40: return rns_spawn_attr_set_scheduler(a, policies[rd_u8(in) % 12], (int)(rd_u8(in) % 104) - 2);
    case 41:
        path = pick_path(in, &null);
        r = rns_spawn_attr_set_chroot(a, path);
        free(path);
        return r;
    case 42: return rns_spawn_attr_set_ambient_caps(a, rd_u8(in) % 4 ? caps[rd_u8(in) % 7] : mask);
    case 43: return rns_spawn_attr_set_inheritable_caps(a, rd_u8(in) % 4 ? caps[rd_u8(in) % 7] : mask);
    case 44: return rns_spawn_attr_set_bounding_set(a, rd_u8(in) % 4 ? caps[rd_u8(in) % 7] : mask);
    default: return rns_spawn_attr_set_securebits(a, rd_u8(in) % 4 ? (int)(rd_u8(in) % 260) - 3 : (int)rd_u32(in));
    }
}

/* The spawn attribute: one setter of the attribute, picked by `which` (0..27, 40..45), with fuzzed
 * arguments; the attribute is made and freed within each operation. */
/* A seccomp filter: up to 4 fuzzed instructions (a return of a fuzzed action, or any
 * opcode), or NULL, with a fuzzed length among 0, 1..4 and 4097. */
static long long fuzz_set_seccomp(struct in *in, rns_spawn_attr *a)
{
    static const size_t lens[] = { 0, 1, 2, 3, 4, 4097 };
    rns_sock_filter f[4];
    for (size_t i = 0; i < 4; i++) {
        uint8_t k = rd_u8(in);
        f[i].code = k % 2 ? 0x06 /* BPF_RET | BPF_K */ : (uint16_t)rd_u32(in);
        f[i].jt = rd_u8(in) % 4;
        f[i].jf = rd_u8(in) % 4;
        f[i].k = rd_u32(in);
    }
    size_t len = lens[rd_u8(in) % 6];
    if (len == 4097) /* refused before it is read */
        return rns_spawn_attr_set_seccomp(a, f, len);
    return rns_spawn_attr_set_seccomp(a, rd_u8(in) % 8 == 0 ? NULL : f, len);
}

/* A Landlock ruleset: a fresh one (handling read-file), an fd of the pools, or -1. */
static long long fuzz_set_landlock(struct in *in, rns_spawn_attr *a)
{
    uint8_t k = rd_u8(in);
    if (k % 4 == 0)
        return rns_spawn_attr_set_landlock(a, -1);
    if (k % 4 == 1)
        return rns_spawn_attr_set_landlock(a, (int)pick(in, A_FD));
    struct landlock_ruleset_attr ra = { .handled_access_fs = LANDLOCK_ACCESS_FS_READ_FILE };
    int rs = (int)syscall(SYS_landlock_create_ruleset, &ra, sizeof ra, 0);
    long long r = rns_spawn_attr_set_landlock(a, rs < 0 ? -1 : rs);
    if (rs >= 0)
        close(rs);
    return r;
}

static long long attr_set(struct in *in, rns_spawn_attr *a, int which)
{
    static const char *maps[] = { "0 0 1", "0 65534 1", "", "0 0 4294967295", "x", "0 0 1\n1 1 1\n" };
    static const unsigned long props[] = { 0, MS_REC | MS_PRIVATE, MS_SLAVE, MS_SHARED | MS_REC,
                                           MS_UNBINDABLE, MS_PRIVATE | MS_SHARED, MS_BIND, ~0UL };
    gid_t groups[4];
    int null;
    char *path;
    long long r;
    switch (which) {
    case 0: return rns_spawn_attr_set_unshare(a, (int)pick_flags(in, A_UNSHARE));
    case 1: return rns_spawn_attr_set_join(a, (int)pick(in, A_FD), (int)pick_flags(in, A_NSTYPE));
    case 2: return rns_spawn_attr_set_uid_map(a, rd_u8(in) % 8 == 0 ? NULL : maps[rd_u8(in) % 6]);
    case 3: return rns_spawn_attr_set_gid_map(a, rd_u8(in) % 8 == 0 ? NULL : maps[rd_u8(in) % 6]);
    case 4: return rns_spawn_attr_set_mount_propagation(a, props[rd_u8(in) % 8]);
    case 5: return rns_spawn_attr_set_setsid(a, (int)pick(in, A_ONOFF));
    case 6: return rns_spawn_attr_set_pgroup(a, (pid_t)(rd_u8(in) % 4 == 0 ? pick(in, A_PID) : (int)(rd_u8(in) % 4) - 2));
    case 7:
        path = pick_path(in, &null);
        r = rns_spawn_attr_set_cwd(a, path);
        free(path);
        return r;
    case 8: return rns_spawn_attr_set_ids(a, (uid_t)pick(in, A_ID), (gid_t)pick(in, A_ID));
    case 9: {
        size_t n = rd_u8(in) % 6;
        for (size_t i = 0; i < 4; i++)
            groups[i] = (gid_t)pick(in, A_ID);
        /* n 5: NULL with a length; n 4: an empty list. */
        return rns_spawn_attr_set_groups(a, n == 5 ? NULL : groups, n == 5 ? 3 : n);
    }
    case 10: return rns_spawn_attr_set_no_new_privs(a, (int)pick(in, A_ONOFF));
    case 11: return rns_spawn_attr_set_pdeathsig(a, (int)pick(in, A_SIG));
    case 13: return rns_spawn_attr_set_umask(a, (int)(rd_u32(in) % 0x1000) - 2);
    case 14: return rns_spawn_attr_set_nice(a, (int)(rd_u8(in) % 50) - 25);
    case 15: return rns_spawn_attr_set_rlimit(a, (int)(rd_u8(in) % 20) - 2, rd_u8(in) % 4 == 0 ? ~0ULL : rd_u32(in),
                                              rd_u8(in) % 2 ? ~0ULL : rd_u32(in));
    case 16: return rns_spawn_attr_set_cgroup(a, rd_u8(in) % 4 == 0 ? -1 : (int)pick(in, A_FD));
    case 17: return rns_spawn_attr_set_flags(a, rd_u8(in) % 4 == 0 ? (int)rd_u32(in) : (int)(rd_u8(in) % 64));
    case 18:
    case 19: {
        /* a fuzzed set, all signals, or NULL */
        sigset_t set;
        uint8_t k = rd_u8(in);
        sigemptyset(&set);
        if (k % 4 == 1)
            sigfillset(&set);
        for (int i = rd_u8(in) % 6; k % 4 == 2 && i > 0; i--)
            sigaddset(&set, 1 + rd_u8(in) % 64);
        const sigset_t *p = k % 4 == 3 ? NULL : &set;
        return which == 18 ? rns_spawn_attr_set_sigmask(a, p) : rns_spawn_attr_set_sigdefault(a, p);
    }
    case 40 ... 45: return ids_attr_set(in, a, which);
    case 20:
    case 23:
        /* read-only opens (never a file created or truncated), and chdir */
        path = pick_path(in, &null);
        r = which == 23 ? rns_spawn_attr_add_chdir(a, path)
                        : rns_spawn_attr_add_open(a, (int)(rd_u8(in) % 12) - 1, path,
                                                  rd_u8(in) % 2 ? O_RDONLY : O_RDONLY | O_DIRECTORY,
                                                  (mode_t)rd_u32(in));
        free(path);
        return r;
    case 21: return rns_spawn_attr_add_close(a, rd_u8(in) % 4 == 0 ? (int)rd_u32(in) : (int)(rd_u8(in) % 12) - 1);
    case 22: return rns_spawn_attr_add_dup2(a, (int)pick(in, A_FD), (int)(rd_u8(in) % 12) - 1);
    case 24: return rns_spawn_attr_add_fchdir(a, (int)pick(in, A_FD));
    case 25: return rns_spawn_attr_add_closefrom(a, rd_u8(in) % 4 == 0 ? (int)rd_u32(in) : (int)(rd_u8(in) % 12) - 1);
    /* tcsetpgrp and ctty on fds >= 3 or out of range only: never the fuzzer's terminal */
    case 26: return rns_spawn_attr_add_tcsetpgrp(a, rd_u8(in) % 4 == 0 ? -1 : 3 + (int)(rd_u8(in) % 9));
    case 27: return rns_spawn_attr_set_ctty(a, rd_u8(in) % 4 == 0 ? (int)rd_u32(in) : 3 + (int)(rd_u8(in) % 9) - 4);
    case 46: return fuzz_set_seccomp(in, a);
    case 47: return fuzz_set_landlock(in, a);
    default: return rns_spawn_attr_set_fd(a, (int)(rd_u8(in) % 12) - 1, rd_u8(in) % 4 == 0 ? -1 : (int)pick(in, A_FD));
    }
}

/* An attribute of a few fuzzed setters, or NULL (1 in 8). */
static rns_spawn_attr *fuzz_attr(struct in *in)
{
    rns_spawn_attr *a = NULL;
    if (rd_u8(in) % 8 == 0 || rns_spawn_attr_new(&a) != 0)
        return NULL;
    for (int i = rd_u8(in) % 5; i > 0; i--) {
        int k = rd_u8(in) % 36; /* 28..33: the identity setters, 40..45; 34, 35: the sandbox's, 46, 47 */
        long long r = attr_set(in, a, k < 28 ? k : 12 + k);
        if (r != 0 && !is_errno_result(r))
            bad("a setter returned %lld", r);
    }
    return a;
}

static long long attr_op(struct in *in, int which)
{
    rns_spawn_attr *a = NULL;
    begin_call(); /* the fd count covers making and freeing the attribute */
    int made = rd_u8(in) % 8 != 0 ? rns_spawn_attr_new(&a) : 0;
    if (made != 0)
        return made;
    long long r = attr_set(in, a, which);
    if (!a && r != -EFAULT)
        bad("NULL attr gave %lld, not -EFAULT", r);
    rns_spawn_attr_free(a);
    return r;
}

OP(rns_spawn_attr_new, RO, R_ZERO)
{
    rns_spawn_attr *a = NULL;
    int null = rd_u8(in) % 8 == 0;
    long long r = CALL(rns_spawn_attr_new(null ? NULL : &a));
    if (null && r != -EFAULT)
        bad("NULL ret_attr gave %lld, not -EFAULT", r);
    if (r == 0 && rns_spawn_attr_free(a) != 0)
        bad("rns_spawn_attr_free of a new attribute failed");
    return r;
}

OP(rns_spawn_attr_free, RO, R_ZERO)
{
    begin_call();
    rns_spawn_attr *a = fuzz_attr(in);
    long long r = rns_spawn_attr_free(a);
    if (r != 0)
        bad("rns_spawn_attr_free gave %lld", r);
    return r;
}

OP(rns_spawn_attr_set_unshare, RO, R_ZERO) { return attr_op(in, 0); }
OP(rns_spawn_attr_set_join, RO, R_ZERO) { return attr_op(in, 1); }
OP(rns_spawn_attr_set_uid_map, RO, R_ZERO) { return attr_op(in, 2); }
OP(rns_spawn_attr_set_gid_map, RO, R_ZERO) { return attr_op(in, 3); }
OP(rns_spawn_attr_set_mount_propagation, RO, R_ZERO) { return attr_op(in, 4); }
OP(rns_spawn_attr_set_setsid, RO, R_ZERO) { return attr_op(in, 5); }
OP(rns_spawn_attr_set_pgroup, RO, R_ZERO) { return attr_op(in, 6); }
OP(rns_spawn_attr_set_cwd, RO, R_ZERO) { return attr_op(in, 7); }
OP(rns_spawn_attr_set_ids, RO, R_ZERO) { return attr_op(in, 8); }
OP(rns_spawn_attr_set_groups, RO, R_ZERO) { return attr_op(in, 9); }
OP(rns_spawn_attr_set_no_new_privs, RO, R_ZERO) { return attr_op(in, 10); }
OP(rns_spawn_attr_set_pdeathsig, RO, R_ZERO) { return attr_op(in, 11); }
OP(rns_spawn_attr_set_fd, RO, R_ZERO) { return attr_op(in, 12); }
OP(rns_spawn_attr_set_umask, RO, R_ZERO) { return attr_op(in, 13); }
OP(rns_spawn_attr_set_nice, RO, R_ZERO) { return attr_op(in, 14); }
OP(rns_spawn_attr_set_rlimit, RO, R_ZERO) { return attr_op(in, 15); }
OP(rns_spawn_attr_set_cgroup, RO, R_ZERO) { return attr_op(in, 16); }
OP(rns_spawn_attr_set_flags, RO, R_ZERO) { return attr_op(in, 17); }
OP(rns_spawn_attr_set_sigmask, RO, R_ZERO) { return attr_op(in, 18); }
OP(rns_spawn_attr_set_sigdefault, RO, R_ZERO) { return attr_op(in, 19); }
OP(rns_spawn_attr_add_open, RO, R_ZERO) { return attr_op(in, 20); }
OP(rns_spawn_attr_add_close, RO, R_ZERO) { return attr_op(in, 21); }
OP(rns_spawn_attr_add_dup2, RO, R_ZERO) { return attr_op(in, 22); }
OP(rns_spawn_attr_add_chdir, RO, R_ZERO) { return attr_op(in, 23); }
OP(rns_spawn_attr_add_fchdir, RO, R_ZERO) { return attr_op(in, 24); }
OP(rns_spawn_attr_add_closefrom, RO, R_ZERO) { return attr_op(in, 25); }
OP(rns_spawn_attr_add_tcsetpgrp, RO, R_ZERO) { return attr_op(in, 26); }
OP(rns_spawn_attr_set_ctty, RO, R_ZERO) { return attr_op(in, 27); }
OP(rns_spawn_attr_set_scheduler, RO, R_ZERO) { return attr_op(in, 40); }
OP(rns_spawn_attr_set_chroot, RO, R_ZERO) { return attr_op(in, 41); }
OP(rns_spawn_attr_set_ambient_caps, RO, R_ZERO) { return attr_op(in, 42); }
OP(rns_spawn_attr_set_inheritable_caps, RO, R_ZERO) { return attr_op(in, 43); }
OP(rns_spawn_attr_set_bounding_set, RO, R_ZERO) { return attr_op(in, 44); }
OP(rns_spawn_attr_set_securebits, RO, R_ZERO) { return attr_op(in, 45); }
OP(rns_spawn_attr_set_seccomp, RO, R_ZERO) { return attr_op(in, 46); }
OP(rns_spawn_attr_set_landlock, RO, R_ZERO) { return attr_op(in, 47); }

/* rns_spawn, rns_spawnp: only /bin/true (or a missing program), with a fuzzed attribute; the
 * child is always reaped, and a failure must name a step and leave no child. */
static long long spawn_op(struct in *in, int search)
{
    static const char *paths[] = { "/bin/true", "true", "/nonexistent/rns-fuzz", "" };
    char *argv[] = { "true", NULL };
    begin_call(); /* the fd count covers making and freeing the attribute */
    rns_spawn_attr *a = fuzz_attr(in);
    uint8_t t = rd_u8(in);
    const char *path = t % 8 == 7 ? NULL : paths[t % 4]; /* an exhausted input (0): /bin/true */
    if (!search && path && path[0] != '/' && path[0])
        path = "/bin/true"; /* rns_spawn takes no bare name */
    pid_t pid = -1;
    int step = -1;
    long long r = search ? rns_spawnp(a, path, t % 16 == 9 ? NULL : argv, NULL, &pid, &step)
                         : rns_spawn(a, path, t % 16 == 9 ? NULL : argv, NULL, &pid, &step);
    rns_spawn_attr_free(a);
    if (r >= 0) {
        siginfo_t si;
        if (pid <= 0 || waitid(P_PID, (id_t)pid, &si, WEXITED) != 0)
            bad("spawned pid %d could not be reaped", (int)pid);
        if (step != RNS_SPAWN_STEP_NONE)
            bad("success with step %d", step);
    } else {
        if (step < RNS_SPAWN_STEP_NONE || step > RNS_SPAWN_STEP_SECCOMP) /* the highest step */
            bad("step %d is none of RNS_SPAWN_STEP_*", step);
        if (pid != -1)
            bad("failure wrote *ret_pid");
    }
    if (!path && r != -EFAULT)
        bad("NULL path gave %lld, not -EFAULT", r);
    if (waitpid(-1, NULL, WNOHANG) > 0)
        bad("a child was left unreaped");
    return r;
}

OP(rns_spawn, STATE, R_FD) { return spawn_op(in, 0); }
OP(rns_spawnp, STATE, R_FD) { return spawn_op(in, 1); }

/* The detail of this thread's last spawn: a value, -ENOENT (none), -EFAULT (NULL). */
OP(rns_spawn_last_detail, RO, R_ZERO)
{
    int d = (int)SENTINEL;
    int null = rd_u8(in) % 4 == 0;
    long long r = CALL(rns_spawn_last_detail(null ? NULL : &d));
    if (null ? r != -EFAULT : (r != 0 && r != -ENOENT))
        bad("gave %lld", r);
    if (r != 0 && d != (int)SENTINEL)
        bad("failed with %lld but wrote %d", r, d);
    return r;
}

OP(rns_getpriority, RO, R_ZERO)
{
    int which = (int)pick(in, A_WHICH);
    id_t who = (id_t)pick(in, A_WHO);
    int prio = (int)SENTINEL;
    int *p = rd_u8(in) % 8 == 0 ? NULL : &prio;
    long long r = CALL(rns_getpriority(which, who, p));
    if (r < 0 && prio != (int)SENTINEL)
        bad("failed with %lld but wrote %d", r, prio);
    if (r == 0 && (prio < -20 || prio > 19))
        bad("nice value %d", prio);
    if (!p && r != -EFAULT && r != -EINVAL)
        bad("NULL ret_prio gave %lld", r);
    return r;
}

/* State-changing calls: only ever in the sandbox. */

#define ID1_OP(name)                                                                        \
    OP(name, STATE, R_ZERO)                                                                 \
    {                                                                                       \
        unsigned a = (unsigned)pick(in, A_ID);                                              \
        return CALL(name(a));                                                               \
    }
#define ID2_OP(name)                                                                        \
    OP(name, STATE, R_ZERO)                                                                 \
    {                                                                                       \
        unsigned a = (unsigned)pick(in, A_ID), b = (unsigned)pick(in, A_ID);                \
        return CALL(name(a, b));                                                            \
    }
#define ID3_OP(name)                                                                        \
    OP(name, STATE, R_ZERO)                                                                 \
    {                                                                                       \
        unsigned a = (unsigned)pick(in, A_ID), b = (unsigned)pick(in, A_ID);                \
        unsigned c = (unsigned)pick(in, A_ID);                                              \
        return CALL(name(a, b, c));                                                         \
    }

ID1_OP(rns_setuid)
ID1_OP(rns_setgid)
ID1_OP(rns_seteuid)
ID1_OP(rns_setegid)
ID2_OP(rns_setreuid)
ID2_OP(rns_setregid)
ID3_OP(rns_setresuid)
ID3_OP(rns_setresgid)

OP(rns_setgroups, STATE, R_ZERO)
{
    size_t size = (size_t)pick(in, A_SIZE);
    int null = rd_u8(in) % 8 == 0;
    size_t alloc = size > 70000 ? 0 : size;
    gid_t *list = NULL;
    if (!null && size > 70000)
        size = 70000; /* the list must be readable for size elements */
    if (!null) {
        alloc = size;
        list = malloc((alloc ? alloc : 1) * sizeof *list);
        if (!list)
            abort();
        gid_t some[4] = { (gid_t)pick(in, A_ID), (gid_t)pick(in, A_ID), (gid_t)pick(in, A_ID),
                          (gid_t)pick(in, A_ID) };
        for (size_t i = 0; i < alloc; i++)
            list[i] = some[i % 4];
    }
    long long r = CALL(rns_setgroups(list, size));
    free(list);
    return r;
}

/* A drop to fuzzed ids and a short fuzzed group list (NULL with a length 1 in 8 times); on
 * success the ids read back as asked. */
OP(rns_drop_privileges, STATE, R_ZERO)
{
    gid_t list[4] = { (gid_t)pick(in, A_ID), (gid_t)pick(in, A_ID), (gid_t)pick(in, A_ID), (gid_t)pick(in, A_ID) };
    uint8_t t = rd_u8(in);
    size_t n = t % 5;
    uid_t uid = (uid_t)pick(in, A_ID);
    gid_t gid = (gid_t)pick(in, A_ID);
    int flags = rd_u8(in) % 4;
    long long r = CALL(rns_drop_privileges(uid, gid, t % 8 == 7 ? NULL : list, n, flags));
    uid_t a = 0, b = 0, c = 0;
    if (r == 0 && (getresuid(&a, &b, &c) != 0 || a != uid || b != uid || c != uid))
        bad("rns_drop_privileges(%u, ...) = 0 but the uids are %u/%u/%u", (unsigned)uid, a, b, c);
    return r;
}

OP(rns_initgroups, STATE, R_ZERO)
{
    int null;
    char *user = pick_user(in, &null);
    gid_t group = (gid_t)pick(in, A_ID);
    long long r = CALL(rns_initgroups(user, group));
    if (null && r != -EFAULT)
        bad("NULL user gave %lld, not -EFAULT", r);
    free(user);
    return r;
}

/* The UTS names: the sandbox has a UTS namespace of its own (enter_sandbox_ns). In the
 * constrained mode it has none, so there only names the kernel refuses (NULL, over 64 bytes)
 * are tried, and so wherever an earlier call of the input left the sandbox's UTS namespace. */
static long long uts_name_op(struct in *in, int (*fn)(const char *))
{
    int null;
    char *name = pick_user(in, &null);
    /* only in the sandbox's own UTS namespace (an input may have setns'd to the host's) */
    if ((sandbox_uts_ino == 0 || thread_uts_ino() != sandbox_uts_ino) && name && strlen(name) <= 64) {
        free(name);
        name = NULL, null = 1;
    }
    long long r = CALL(fn(name));
    if (null && r != -EFAULT)
        bad("NULL name gave %lld, not -EFAULT", r);
    if (name && strlen(name) > 64 && r != -EINVAL)
        bad("a %zu-byte name gave %lld, not -EINVAL", strlen(name), r);
    free(name);
    return r;
}

OP(rns_sethostname, STATE, R_ZERO)
{
    return uts_name_op(in, rns_sethostname);
}

OP(rns_setdomainname, STATE, R_ZERO)
{
    return uts_name_op(in, rns_setdomainname);
}

OP(rns_setns, STATE, R_ZERO)
{
    int fd = (int)pick(in, A_FD);
    int type = (int)pick_flags(in, A_NSTYPE);
    return CALL(rns_setns(fd, type));
}

OP(rns_unshare, STATE, R_ZERO)
{
    int flags = (int)pick_flags(in, A_UNSHARE);
    return CALL(rns_unshare(flags));
}

OP(rns_setns_path, STATE, R_ZERO)
{
    int null;
    char *path = pick_path(in, &null);
    int type = (int)pick_flags(in, A_NSTYPE);
    long long r = CALL(rns_setns_path(path, type));
    if (null && r != -EFAULT)
        bad("NULL path gave %lld, not -EFAULT", r);
    free(path);
    return r;
}

OP(rns_setns_pid, STATE, R_ZERO)
{
    pid_t pid = (pid_t)pick(in, A_PID);
    int types = (int)pick_flags(in, A_NSTYPE);
    return CALL(rns_setns_pid(pid, types));
}

/* Enter and, on success, restore at once on the same thread (the fd count is checked after
 * both): restore must succeed, and nothing is written through ret_saved on failure. */
static long long ns_enter_op(struct in *in, int by_pid)
{
    rns_ns_saved *saved = (rns_ns_saved *)(uintptr_t)SENTINEL;
    int null = rd_u8(in) % 8 == 0;
    int types = (int)pick_flags(in, A_NSTYPE);
    long long r = by_pid ? CALL(rns_ns_enter_pid((pid_t)pick(in, A_PID), types, null ? NULL : &saved))
                         : CALL(rns_ns_enter((int)pick(in, A_FD), types, null ? NULL : &saved));
    if (null && r != -EFAULT)
        bad("NULL ret_saved gave %lld, not -EFAULT", r);
    if (r < 0 && saved != (rns_ns_saved *)(uintptr_t)SENTINEL)
        bad("ret_saved written although the call failed (%lld)", r);
    if (r == 0) {
        int rr = rns_ns_restore(saved);
        if (rr != 0)
            bad("rns_ns_restore right after a successful enter gave %d", rr);
    }
    return r;
}

OP(rns_ns_enter, STATE, R_ZERO)
{
    return ns_enter_op(in, 0);
}

OP(rns_ns_enter_pid, STATE, R_ZERO)
{
    return ns_enter_op(in, 1);
}

static int run_fn_echo(void *arg)
{
    return (int)(intptr_t)arg;
}

/* The function runs on the library's thread only if the namespaces were entered; its result
 * comes back untouched, and nothing is written on a failure. */
OP(rns_run_in_ns, STATE, R_ZERO)
{
    int result = -7777;
    uint8_t t = rd_u8(in);
    int null_fn = t % 8 == 0, null_ret = t % 8 == 1;
    long long r = CALL(rns_run_in_ns((int)pick(in, A_FD), (int)pick_flags(in, A_NSTYPE), null_fn ? NULL : run_fn_echo,
                                     (void *)(intptr_t)77, null_ret ? NULL : &result));
    if ((null_fn || null_ret) && r != -EFAULT)
        bad("a NULL function or ret_result gave %lld, not -EFAULT", r);
    if (r == 0 && result != 77)
        bad("the function returned 77, the caller got %d", result);
    if (r < 0 && result != -7777)
        bad("ret_result written although the call failed (%lld)", r);
    return r;
}

/* A handle can only come from an enter (above); here the one other input, NULL. */
OP(rns_ns_restore, RO, R_ZERO)
{
    (void)in;
    long long r = CALL(rns_ns_restore(NULL));
    if (r != -EFAULT)
        bad("rns_ns_restore(NULL) gave %lld, not -EFAULT", r);
    return r;
}

OP(rns_setpgid, STATE, R_ZERO)
{
    pid_t pid = (pid_t)pick(in, A_PID), pgid = (pid_t)pick(in, A_PID);
    return CALL(rns_setpgid(pid, pgid));
}

OP(rns_setpgrp, STATE, R_ZERO)
{
    (void)in;
    return CALL(rns_setpgrp());
}

OP(rns_setsid, STATE, R_VAL)
{
    (void)in;
    long long r = CALL(rns_setsid());
    if (r >= 0 && r != getpid())
        bad("returned sid %lld, not the caller's pid %d", r, (int)getpid());
    return r;
}

OP(rns_tcsetpgrp, STATE, R_ZERO)
{
    int fd = (int)pick(in, A_FD);
    pid_t pgrp = (pid_t)pick(in, A_PID);
    return CALL(rns_tcsetpgrp(fd, pgrp));
}

OP(rns_killpg, STATE, R_ZERO)
{
    pid_t pgrp = (pid_t)pick(in, A_KILLPG);
    cur_sig = (int)pick(in, A_SIG);
    return CALL(rns_killpg(pgrp, cur_sig));
}

OP(rns_pidfd_send_signal, STATE, R_ZERO)
{
    int fd = (int)pick(in, A_SIGFD);
    cur_sig = (int)pick(in, A_SIG);
    unsigned flags = (unsigned)pick_flags(in, A_SFLAGS);
    return CALL(rns_pidfd_send_signal(fd, cur_sig, flags));
}

/* As rns_pidfd_send_signal, with a code (SI_QUEUE, another negative one, or one the kernel
 * keeps to itself), a value, and the struct's size or NULL. */
OP(rns_pidfd_send_siginfo, STATE, R_ZERO)
{
    int fd = (int)pick(in, A_SIGFD);
    cur_sig = (int)pick(in, A_SIG);
    unsigned flags = (unsigned)pick_flags(in, A_SFLAGS);
    static const int codes[] = { RNS_SI_QUEUE, -42, 0, -6 /* SI_TKILL */, 1 };
    rns_siginfo info = { .size = rd_u8(in) % 4 == 0 ? rd_u8(in) % 32 : sizeof info,
                         .code = codes[rd_u8(in) % 5] };
    info.value.sival_int = (int)rd_u32(in);
    int null = rd_u8(in) % 8 == 0;
    long long r = CALL(rns_pidfd_send_siginfo(fd, cur_sig, null ? NULL : &info, flags));
    if (null && r != -EFAULT)
        bad("NULL info gave %lld, not -EFAULT", r);
    if (!null && info.size < sizeof info && r != -EINVAL)
        bad("size %u gave %lld, not -EINVAL", info.size, r);
    return r;
}

OP(rns_setpriority, STATE, R_ZERO)
{
    long long pair = pick(in, A_SETPRIO);
    int which;
    id_t who;
    if (pools[A_SETPRIO].raw) { /* a PID namespace: any target is the sandbox's own */
        which = (int)pick(in, A_WHICH);
        who = (id_t)pick(in, A_WHO);
    } else {
        which = (int32_t)(uint32_t)((uint64_t)pair >> 32);
        who = (id_t)(uint32_t)pair;
    }
    int prio = (int)pick(in, A_PRIO);
    return CALL(rns_setpriority(which, who, prio));
}

/* prctl: the setters in the sandbox (they change only the calling thread or process); the
 * getters in-process, each checked against the raw prctl. */
OP(rns_set_pdeathsig, STATE, R_ZERO)
{
    int sig = (int)pick(in, A_SIG);
    long long r = CALL(rns_set_pdeathsig(sig));
    int now = -1;
    prctl(PR_GET_PDEATHSIG, &now, 0, 0, 0);
    if (r == 0 && now != sig)
        bad("succeeded for %d, but the death signal is now %d", sig, now);
    if (r < 0 && (sig >= 0 && sig <= 64))
        bad("failed with %lld for the valid signal %d", r, sig);
    return r;
}

OP(rns_get_pdeathsig, RO, R_VAL)
{
    (void)in;
    int raw = -1;
    prctl(PR_GET_PDEATHSIG, &raw, 0, 0, 0);
    long long r = CALL(rns_get_pdeathsig());
    if (r != raw)
        bad("%lld, prctl(PR_GET_PDEATHSIG) says %d", r, raw);
    return r;
}

OP(rns_set_child_subreaper, STATE, R_ZERO)
{
    int on = (int)pick(in, A_ONOFF);
    long long r = CALL(rns_set_child_subreaper(on));
    if ((on == 0 || on == 1) != (r == 0))
        bad("%lld for on = %d (0 and 1 succeed, nothing else does)", r, on);
    return r;
}

OP(rns_get_child_subreaper, RO, R_VAL)
{
    (void)in;
    int raw = -1;
    prctl(PR_GET_CHILD_SUBREAPER, &raw, 0, 0, 0);
    long long r = CALL(rns_get_child_subreaper());
    if (r != (raw != 0))
        bad("%lld, prctl(PR_GET_CHILD_SUBREAPER) says %d", r, raw);
    return r;
}

OP(rns_set_no_new_privs, STATE, R_ZERO)
{
    int on = (int)pick(in, A_ONOFF);
    long long r = CALL(rns_set_no_new_privs(on));
    if ((on == 1) != (r == 0))
        bad("%lld for on = %d (1 succeeds, nothing else does)", r, on);
    return r;
}

OP(rns_get_no_new_privs, RO, R_VAL)
{
    (void)in;
    long long raw = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
    long long r = CALL(rns_get_no_new_privs());
    if (r != raw)
        bad("%lld, prctl(PR_GET_NO_NEW_PRIVS) says %lld", r, raw);
    return r;
}

/* The header's functions, in scripts/rns-functions.sh's order (generated). */
struct op {
    const char *name;
    long long (*fn)(struct in *);
    int class, ret;
};
#define RNS_FUZZ_FN(name) { #name, op_##name, class_##name, ret_##name },
static const struct op ops[] = {
#include "rns_functions.h"
};
#define NOPS ((int)(sizeof ops / sizeof ops[0]))
static struct fnstat stats[NOPS];

static const char *fn_name(int fn)
{
    return fn >= 0 && fn < NOPS ? ops[fn].name : "(setup)";
}

/* After a call: the result's range, the returned fd's flags, the fd count. */
static void after_call(int fn, long long r)
{
    const struct op *o = &ops[fn];
    if (o->ret != R_STR && r < 0 && !is_errno_result(r))
        bad("returned %lld, neither a value nor -errno (1..%d)", r, ERRNO_MAX);
    if (o->ret == R_ZERO && r > 0)
        bad("returned %lld; the header says it returns 0 on success", r);
    if (o->ret == R_FD && r >= 0) {
        int fl = fcntl((int)r, F_GETFD);
        if (fl < 0)
            bad("returned fd %lld, which is not open", r);
        if (!(fl & FD_CLOEXEC))
            bad("returned fd %lld without O_CLOEXEC", r);
        close((int)r);
    }
    int after = count_fds();
    if (after != fds_before)
        bad("%d fds open before the call, %d after (result %lld)", fds_before, after, r);
}

/* ---- pools for the fuzzer process and for the sandbox ---------------------------------- */

static int open_or(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    return fd >= 0 ? fd : -1;
}

static int pidfd_of(pid_t pid)
{
    int fd = (int)syscall(SYS_pidfd_open, pid, 0);
    return fd >= 0 ? fd : -1;
}

static void pools_common(void)
{
    memset(pools, 0, sizeof pools);
    static const int nstypes[] = { 0, RNS_CLONE_NEWNS, RNS_CLONE_NEWCGROUP, RNS_CLONE_NEWUTS,
                                   RNS_CLONE_NEWIPC, RNS_CLONE_NEWUSER, RNS_CLONE_NEWPID,
                                   RNS_CLONE_NEWNET, RNS_CLONE_NEWTIME, -1, INT_MIN, 1,
                                   RNS_CLONE_FILES, 0x100000 };
    for (size_t i = 0; i < sizeof nstypes / sizeof nstypes[0]; i++)
        pool_add(A_NSTYPE, nstypes[i]);
    static const int unshare[] = { 0, RNS_CLONE_NEWNS, RNS_CLONE_NEWCGROUP, RNS_CLONE_NEWUTS,
                                   RNS_CLONE_NEWIPC, RNS_CLONE_NEWUSER, RNS_CLONE_NEWPID,
                                   RNS_CLONE_NEWNET, RNS_CLONE_NEWTIME, RNS_CLONE_FILES,
                                   RNS_CLONE_FS, RNS_CLONE_SYSVSEM, RNS_CLONE_SIGHAND,
                                   RNS_CLONE_THREAD, RNS_CLONE_VM, -1, INT_MIN, 0x100000, 1 };
    for (size_t i = 0; i < sizeof unshare / sizeof unshare[0]; i++)
        pool_add(A_UNSHARE, unshare[i]);
    static const int sigs[] = { 0, SIGHUP, SIGKILL, SIGTERM, SIGSTOP, SIGCONT, SIGUSR1, SIGCHLD,
                                SIGSEGV, SIGTTOU, SIGWINCH, 34, 64, 65, -1, INT_MIN, INT_MAX, 128 };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        pool_add(A_SIG, sigs[i]);
    static const long long pflags[] = { 0, RNS_PIDFD_NONBLOCK, RNS_PIDFD_THREAD,
                                        RNS_PIDFD_NONBLOCK | RNS_PIDFD_THREAD, 1, 0xffffffffLL,
                                        0x80000000LL, 0x80000 /* O_CLOEXEC */ };
    for (size_t i = 0; i < sizeof pflags / sizeof pflags[0]; i++)
        pool_add(A_PFLAGS, pflags[i]);
    static const long long sflags[] = { 0, 1, 2, 4, 3, 7, 8, 0xffffffffLL };
    for (size_t i = 0; i < sizeof sflags / sizeof sflags[0]; i++)
        pool_add(A_SFLAGS, sflags[i]);
    static const long long ids[] = { 0, 65534, 0xffffffffLL, 1, 1000, 0x7fffffff, 0xfffffffeLL, 100000, 2 };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        pool_add(A_ID, ids[i]);
    pool_add(A_ID, getuid());
    pool_add(A_ID, getgid());
    static const int which[] = { RNS_PRIO_PROCESS, RNS_PRIO_PGRP, RNS_PRIO_USER, 3, -1, INT_MIN };
    for (size_t i = 0; i < sizeof which / sizeof which[0]; i++)
        pool_add(A_WHICH, which[i]);
    static const int prios[] = { -21, -20, -1, 0, 1, 10, 19, 20, INT_MIN, INT_MAX };
    for (size_t i = 0; i < sizeof prios / sizeof prios[0]; i++)
        pool_add(A_PRIO, prios[i]);
    static const int errs[] = { 0, 1, -1, EINVAL, -EINVAL, ERRNO_MAX, ERRNO_MAX + 1, -(ERRNO_MAX + 1),
                                41, 58, 4095, INT_MIN, INT_MAX, -INT_MAX };
    for (size_t i = 0; i < sizeof errs / sizeof errs[0]; i++)
        pool_add(A_ERR, errs[i]);
    static const int onoff[] = { 0, 1, 2, -1, INT_MIN, INT_MAX };
    for (size_t i = 0; i < sizeof onoff / sizeof onoff[0]; i++)
        pool_add(A_ONOFF, onoff[i]);
    static const long long sizes[] = { 0, 1, 2, 3, 16, 32, 65536, 65537, -1LL /* SIZE_MAX */ };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        pool_add(A_SIZE, sizes[i]);
    for (int p = 0; p < A_NPOOLS; p++)
        pools[p].raw = 1;
    pools[A_SIZE].raw = 0; /* an array must be as long as its size says */
}

static void pools_fds(int pidfd_a, int pidfd_b, int pidfd_self, int pty_m, int pty_s)
{
    static const int fixed[] = { -1, INT_MIN, INT_MAX, 0, 1, 2, 100 /* closed */, SB_FDMAX - 1 };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        pool_add(A_FD, fixed[i]);
    static const char *ns[] = { "/proc/self/ns/uts", "/proc/self/ns/user", "/proc/self/ns/net",
                                "/proc/self/ns/mnt", "/proc/self/ns/pid", "/proc/self/ns/ipc",
                                "/proc/self/ns/cgroup", "/proc/self/ns/time", "/proc/1/ns/uts" };
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++)
        pool_add(A_FD, open_or(ns[i], O_RDONLY));
    pool_add(A_FD, open_or("/proc/self/ns/uts", O_PATH));
    pool_add(A_FD, open_or("/dev/null", O_RDWR));
    pool_add(A_FD, open_or("/proc/self/status", O_RDONLY));
    pool_add(A_FD, pidfd_a);
    pool_add(A_FD, pidfd_b);
    pool_add(A_FD, pidfd_self);
    pool_add(A_FD, pty_m);
    pool_add(A_FD, pty_s);
}

/* The fuzzer process: a helper child (in a group of its own) and a reaped child's pid. */
static void pools_fuzzer(void)
{
    pools_common();
    pid_t me = getpid();
    static const long long pids[] = { 0, -1, INT_MIN, INT_MAX, 1, 2, 4194304, 4194305 };
    for (size_t i = 0; i < sizeof pids / sizeof pids[0]; i++)
        pool_add(A_PID, pids[i]);
    pool_add(A_PID, me);
    pool_add(A_PID, helper_pid);
    pool_add(A_PID, dead_pid);
    pool_add(A_PID, getppid());
    int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC), s = -1;
    if (m >= 0 && grantpt(m) == 0 && unlockpt(m) == 0)
        s = open_or(ptsname(m), O_RDWR | O_NOCTTY);
    pools_fds(pidfd_of(helper_pid), dead_pidfd, pidfd_of(me), m, s);
    static const long long who[] = { 0, 1, 65534, 0xffffffffLL, 0x7fffffff };
    for (size_t i = 0; i < sizeof who / sizeof who[0]; i++)
        pool_add(A_WHO, who[i]);
    pool_add(A_WHO, me);
    pool_add(A_WHO, helper_pid);
    pool_add(A_WHO, helper_pgid);
    pool_add(A_WHO, dead_pid);
    pool_add(A_WHO, getuid());
    /* Never used here (state-changing); keep them valid. */
    pool_add(A_KILLPG, 0);
    pool_add(A_SIGFD, -1);
    pool_add(A_SETPRIO, 0);
}

/* The sandbox caller G, with its parent Z (pid 1 of the PID namespace, except in
 * constrained mode), a victim V in a group of its own, and Z's pty as controlling terminal. */
static void pools_sandbox(pid_t z, pid_t v)
{
    pools_common();
    pid_t me = getpid();
    static const long long pids[] = { 0, -1, INT_MIN, INT_MAX, 1, 2, 3, 4, 100, 4194304 };
    for (size_t i = 0; i < sizeof pids / sizeof pids[0]; i++)
        pool_add(A_PID, pids[i]);
    pool_add(A_PID, me);
    pool_add(A_PID, z);
    pool_add(A_PID, v);
    int pidfd_v = pidfd_of(v), pidfd_me = pidfd_of(me);
    int pidfd_z = sandbox_mode == MODE_CONSTRAINED ? -1 : pidfd_of(z);
    pools_fds(pidfd_v, pidfd_z, pidfd_me, SB_PTY_M, SB_PTY_S);
    static const long long who[] = { 0, 1, 2, 3, 65534, 0xffffffffLL, 0x7fffffff };
    for (size_t i = 0; i < sizeof who / sizeof who[0]; i++)
        pool_add(A_WHO, who[i]);
    pool_add(A_WHO, me);
    pool_add(A_WHO, v);
    if (sandbox_mode != MODE_CONSTRAINED) {
        /* Every pid and group here is the sandbox's own: anything goes. */
        static const long long pg[] = { 0, 1, 2, 3, -1, INT_MIN, INT_MAX, 100 };
        for (size_t i = 0; i < sizeof pg / sizeof pg[0]; i++)
            pool_add(A_KILLPG, pg[i]);
        pool_add(A_KILLPG, v);
        for (int i = 0; i < pools[A_FD].n; i++)
            pool_add(A_SIGFD, pools[A_FD].v[i]);
        pool_add(A_SETPRIO, 0); /* unused: which and who are picked freely */
        pools[A_SETPRIO].raw = 1;
    } else {
        /* G leads a session and group of its own (0), V is in another group. */
        pool_add(A_KILLPG, 0);
        pool_add(A_KILLPG, v);
        pool_add(A_KILLPG, 100000000); /* no such group */
        pools[A_KILLPG].raw = 0;
        static const int sfd[] = { -1, INT_MIN, 100 };
        for (size_t i = 0; i < sizeof sfd / sizeof sfd[0]; i++)
            pool_add(A_SIGFD, sfd[i]);
        pool_add(A_SIGFD, pidfd_v);
        pool_add(A_SIGFD, pidfd_me);
        pool_add(A_SIGFD, SB_PTY_M);
        pools[A_SIGFD].raw = 0;
        long long pairs[][2] = { { RNS_PRIO_PROCESS, 0 }, { RNS_PRIO_PROCESS, me }, { RNS_PRIO_PROCESS, v },
                                 { RNS_PRIO_PGRP, 0 }, { RNS_PRIO_PGRP, v }, { 3, 0 }, { -1, 0 },
                                 { RNS_PRIO_PROCESS, 0x7ffffff0 } };
        for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
            pool_add(A_SETPRIO, (long long)((uint64_t)(uint32_t)pairs[i][0] << 32 | (uint32_t)pairs[i][1]));
        pools[A_SETPRIO].raw = 0;
    }
}

/* ---- running an input ------------------------------------------------------------------ */

static void run_ops(const uint8_t *data, size_t size)
{
    struct in in = { data, size };
    for (int k = 0; k < MAX_OPS && in.n > 0; k++) {
        int fn = rd_u8(&in) % NOPS;
        if (!in_sandbox && ops[fn].class == STATE)
            break;
        cur_fn = fn;
        cur_sig = 0;
        long long r = ops[fn].fn(&in);
        after_call(fn, r);
        n_calls++;
        n_fdchecks++;
        if (in_sandbox) {
            rec_write(REC_RESULT, fn, (int)r, 0);
            if (cov_shm)
                rns_fuzz_cov_save(cov_shm);
        } else {
            stats[fn].inproc++;
        }
    }
    cur_fn = -1;
}

static void reset_signals(void)
{
    for (int s = 1; s < NSIG; s++)
        if (s != SIGKILL && s != SIGSTOP)
            signal(s, SIG_DFL);
    sigset_t all;
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
}

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t w = write(fd, text, strlen(text));
    close(fd);
    return w == (ssize_t)strlen(text) ? 0 : -1;
}

static int enter_sandbox_ns_(int mode);

static ino_t thread_uts_ino(void)
{
    struct stat st;
    return stat("/proc/thread-self/ns/uts", &st) == 0 ? st.st_ino : 0;
}

/* Enter the sandbox's namespaces (in the intermediate C, never in the fuzzer). */
static int enter_sandbox_ns(int mode)
{
    int r = enter_sandbox_ns_(mode);
    if (r == 0 && mode != MODE_CONSTRAINED)
        sandbox_uts_ino = thread_uts_ino();
    return r;
}

static int enter_sandbox_ns_(int mode)
{
    /* a UTS namespace of its own too: rns_sethostname/setdomainname name only the sandbox */
    if (mode == MODE_PIDNS)
        return unshare(CLONE_NEWPID | CLONE_NEWUTS);
    if (mode == MODE_USERNS) {
        uid_t uid = geteuid();
        gid_t gid = getegid();
        char map[64];
        if (unshare(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWUTS) != 0)
            return -1;
        if (write_file("/proc/self/setgroups", "deny") != 0)
            return -1;
        snprintf(map, sizeof map, "0 %u 1", (unsigned)uid);
        if (write_file("/proc/self/uid_map", map) != 0)
            return -1;
        snprintf(map, sizeof map, "0 %u 1", (unsigned)gid);
        return write_file("/proc/self/gid_map", map);
    }
    return 0;
}

void __sanitizer_print_stack_trace(void);

/* In G: a fault (not a signal some call sent, which has si_code <= 0) prints where it
 * happened, then ends G with that signal for the fuzzer to see. */
static void fault_handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    if (si->si_code > 0) {
        static const char msg[] = "\nrns-fuzz: fault in the sandbox; stack:\n";
        ssize_t w = write(2, msg, sizeof msg - 1);
        (void)w;
        __sanitizer_print_stack_trace();
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

/* G: the sandboxed caller, forked by the server Z for one input. */
static void __attribute__((noreturn)) run_G(pid_t z, pid_t v, const uint8_t *data, size_t size)
{
    in_sandbox = 1;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    close(SB_CMD_FD);
    signal(SIGTTOU, SIG_IGN); /* tcsetpgrp from a background group */
    static const int faults[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE };
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
        struct sigaction sa = { .sa_sigaction = fault_handler, .sa_flags = SA_SIGINFO | SA_NODEFER };
        sigaction(faults[i], &sa, NULL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (sandbox_mode == MODE_CONSTRAINED)
        setsid(); /* a session of its own: no setpgid into Z's group, so group 0 is G alone */
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = SB_FDMAX;
    setrlimit(RLIMIT_NOFILE, &rl);
    pools_sandbox(z, v);
    run_ops(data, size);
    rec_write(REC_DONE, 0, 0, 0);
    if (cov_shm)
        rns_fuzz_cov_save(cov_shm);
    _exit(0);
}

static int read_full(int fd, void *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, (char *)buf + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        got += (size_t)n;
    }
    return 0;
}

/* Z: the sandbox server. pid 1 of a PID namespace of its own (except in constrained mode),
 * leader of a session with a pty as controlling terminal. For each input it reads from the
 * command pipe it forks a victim V (in a group of its own) and the caller G, waits for G
 * (10 s at most; a stopped G is killed), reports how G ended, kills V and reaps everything.
 * It never calls librns itself. Forking from this small process instead of the fuzzer,
 * whose page tables grow with the corpus, keeps an input to about two cheap forks. */
static void __attribute__((noreturn)) run_Z(void)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int null = open("/dev/null", O_RDWR);
    if (null >= 0 && null != 0) {
        dup2(null, 0);
        close(null);
    }
    syscall(SYS_close_range, SB_CMD_FD + 1, ~0U, 0);
    setsid();
    int m = posix_openpt(O_RDWR | O_NOCTTY), s = -1;
    if (m >= 0 && grantpt(m) == 0 && unlockpt(m) == 0)
        s = open(ptsname(m), O_RDWR); /* a session leader without one: the controlling tty */
    if (m != SB_PTY_M || s != SB_PTY_S) { /* no pty here: tcsetpgrp then only fails */
        if (s >= 0)
            close(s);
        if (m >= 0)
            close(m);
    }
    signal(SIGTTOU, SIG_IGN);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    static uint8_t data[1 << 16];
    for (;;) {
        uint32_t len;
        if (read_full(SB_CMD_FD, &len, sizeof len) != 0 || len > sizeof data ||
            read_full(SB_CMD_FD, data, len) != 0)
            _exit(0);
        tcsetpgrp(SB_PTY_S, getpgrp());
        pid_t v = fork();
        if (v == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            close(SB_REPORT_FD);
            close(SB_CMD_FD);
            setpgid(0, 0);
            for (;;)
                pause();
        }
        pid_t g = v < 0 ? -1 : fork();
        if (g == 0)
            run_G(getppid(), v, data, len);
        if (v > 0)
            setpgid(v, v);
        if (g < 0) {
            rec_write(REC_SETUP, -1, errno, 2);
        } else {
            struct timespec deadline, now;
            clock_gettime(CLOCK_MONOTONIC, &deadline);
            deadline.tv_sec += SB_TIMEOUT;
            int st = 0, hung = 0;
            for (;;) {
                pid_t r = waitpid(g, &st, WNOHANG | WUNTRACED);
                if (r == g && WIFSTOPPED(st)) {
                    rec_write(REC_GSTOP, -1, WSTOPSIG(st), 0);
                    kill(g, SIGKILL);
                    continue;
                }
                if (r == g || (r < 0 && errno != EINTR))
                    break;
                clock_gettime(CLOCK_MONOTONIC, &now);
                if (now.tv_sec > deadline.tv_sec ||
                    (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec)) {
                    hung = 1;
                    kill(g, SIGKILL);
                    waitpid(g, &st, 0);
                    break;
                }
                struct timespec left = { deadline.tv_sec - now.tv_sec, deadline.tv_nsec - now.tv_nsec };
                if (left.tv_nsec < 0) {
                    left.tv_sec--;
                    left.tv_nsec += 1000000000;
                }
                sigtimedwait(&chld, NULL, &left);
            }
            rec_write(hung ? REC_GHANG : REC_GEXIT, -1, st, 0);
        }
        if (v > 0)
            kill(v, SIGKILL);
        while (waitpid(-1, NULL, __WALL) > 0)
            ;
        sigtimedwait(&chld, NULL, &(struct timespec){ 0, 0 });
        rec_write(REC_END, -1, 0, 0);
    }
}

/* The server's parent C (in the fuzzer's namespaces until it enters the sandbox's): it
 * never returns to the fuzzer. */
static pid_t server_c = -1;
static int server_cmd = -1, server_rep = -1;

static void server_stop(void)
{
    if (server_c > 0) {
        kill(server_c, SIGKILL); /* Z and everything in its namespace go with it */
        waitpid(server_c, NULL, 0);
    }
    if (server_cmd >= 0)
        close(server_cmd);
    if (server_rep >= 0)
        close(server_rep);
    server_c = -1;
    server_cmd = server_rep = -1;
}

static int server_start(int mode)
{
    int cmd[2], rep[2];
    if (pipe2(cmd, O_CLOEXEC) != 0)
        return -1;
    if (pipe2(rep, O_CLOEXEC) != 0) {
        close(cmd[0]);
        close(cmd[1]);
        return -1;
    }
    pid_t c = fork();
    if (c == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        reset_signals();
        /* the server's ends at fixed numbers (dup2 clears O_CLOEXEC; nothing is exec'd) */
        int cr = fcntl(cmd[0], F_DUPFD, 100), rw = fcntl(rep[1], F_DUPFD, 100);
        if (cr < 0 || rw < 0 || dup2(rw, SB_REPORT_FD) < 0 || dup2(cr, SB_CMD_FD) < 0)
            _exit(100);
        if (enter_sandbox_ns(mode) != 0)
            _exit(100);
        syscall(SYS_close_range, SB_CMD_FD + 1, ~0U, 0);
        pid_t z = fork();
        if (z == 0)
            run_Z();
        if (z < 0)
            _exit(101);
        close(SB_REPORT_FD);
        close(SB_CMD_FD);
        int st;
        while (waitpid(z, &st, 0) < 0 && errno == EINTR)
            ;
        _exit(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
    }
    close(cmd[0]);
    close(rep[1]);
    if (c < 0) {
        close(cmd[1]);
        close(rep[0]);
        return -1;
    }
    server_c = c;
    server_cmd = cmd[1];
    server_rep = rep[0];
    /* an empty input: the server answers once it runs */
    uint32_t zero = 0;
    struct rec r;
    if (write(server_cmd, &zero, sizeof zero) != sizeof zero)
        goto fail;
    do {
        struct pollfd pf = { server_rep, POLLIN, 0 };
        if (poll(&pf, 1, 10000) <= 0 || read_full(server_rep, &r, sizeof r) != 0)
            goto fail;
    } while (r.kind != REC_END);
    return 0;
fail:
    server_stop();
    return -1;
}

static int is_stop_signal(int s)
{
    return s == SIGSTOP || s == SIGTSTP || s == SIGTTIN || s == SIGTTOU;
}

/* The fuzzer's side of a sandboxed input. */
static void run_sandboxed(const uint8_t *data, size_t size)
{
    if (server_c < 0 && server_start(sandbox_mode) != 0)
        bad("cannot start the sandbox server");
    if (cov_shm)
        memset(cov_shm, 0, cov_len);
    uint32_t len = (uint32_t)size;
    if (size > (1 << 16))
        len = 1 << 16;
    if (write(server_cmd, &len, sizeof len) != sizeof len || write(server_cmd, data, len) != (ssize_t)len)
        bad("writing to the sandbox server: %s", strerror(errno));
    n_sandboxes++;

    int last_fn = -1, last_sig = 0, done = 0, gexit = 0, have_gexit = 0, hung = 0, stopped = 0;
    for (;;) {
        struct rec r;
        struct pollfd pf = { server_rep, POLLIN, 0 };
        int pr = poll(&pf, 1, (SB_TIMEOUT + 20) * 1000);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr == 0 || read_full(server_rep, &r, sizeof r) != 0) {
            server_stop();
            cur_fn = last_fn;
            bad("the sandbox server %s", pr == 0 ? "did not answer" : "died");
        }
        if (r.kind == REC_END)
            break;
        switch (r.kind) {
        case REC_START:
            last_fn = r.fn;
            last_sig = r.a;
            break;
        case REC_RESULT:
            if (r.fn >= 0 && r.fn < NOPS)
                stats[r.fn].sandboxed++;
            n_calls++;
            n_fdchecks++;
            break;
        case REC_BAD:
            cur_fn = r.fn;
            bad("failed a check in the sandbox (message above)");
        case REC_DONE:
            done = 1;
            break;
        case REC_GHANG:
            hung = 1;
            /* fall through */
        case REC_GEXIT:
            gexit = r.a;
            have_gexit = 1;
            break;
        case REC_GSTOP:
            stopped = r.a;
            break;
        case REC_SETUP:
            fprintf(stderr, "rns-fuzz: sandbox setup failed at step %d: %s\n", r.b, strerror(r.a));
            break;
        }
    }
    if (cov_shm)
        rns_fuzz_cov_merge(cov_shm);
    cur_fn = last_fn;
    if (!have_gexit)
        return; /* setup failed, reported above */
    if (hung)
        bad("the sandboxed call did not return in %d s", SB_TIMEOUT);
    if (done && WIFEXITED(gexit) && WEXITSTATUS(gexit) == 0)
        return;
    if (WIFSIGNALED(gexit)) {
        int s = WTERMSIG(gexit);
        /* A signal the call itself sent (to its own group or pidfd) ends G legitimately,
         * as does the SIGKILL Z sends after a stop signal. */
        if (last_sig == s || (s == SIGKILL && stopped && is_stop_signal(last_sig)))
            return;
        bad("the sandboxed caller died of signal %d (%s)", s, strsignal(s));
    }
    bad("the sandboxed caller exited with status %d without finishing",
        WIFEXITED(gexit) ? WEXITSTATUS(gexit) : -1);
}

/* An input whose first call is state-changing runs whole in the sandbox; any other runs in
 * this process and ends at its first state-changing call. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    n_inputs++;
    int before = count_fds();
    if (ops[data[0] % NOPS].class == STATE)
        run_sandboxed(data, size);
    else
        run_ops(data, size);
    int after = count_fds();
    if (after != before)
        bad("the input left %d fds open in the fuzzer, %d before", after, before);
    return 0;
}

/* The helper: a child in a group of its own, for pidfds, pidfd_getfd and ids to read. */
static void start_helper(void)
{
    pid_t parent = getpid();
    helper_pid = fork();
    if (helper_pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(0);
        setpgid(0, 0);
        for (;;)
            pause();
    }
    if (helper_pid < 0)
        abort();
    setpgid(helper_pid, helper_pid);
    helper_pgid = helper_pid;
    pid_t d = fork();
    if (d == 0)
        _exit(0);
    dead_pidfd = pidfd_of(d);
    waitpid(d, NULL, 0);
    dead_pid = d;
}

static int probe_mode(int mode)
{
    sandbox_mode = mode; /* before the server forks: it and G read it */
    return server_start(mode) == 0;
}

/* Without -artifact_prefix, findings go to artifacts/ beside the binary (target/fuzz/), never
 * into the directory it was started from (a crash-<sha1> once got committed that way). */
static void default_artifact_prefix(int *argc, char ***argv)
{
    for (int i = 1; i < *argc; i++)
        if (strncmp((*argv)[i], "-artifact_prefix=", 17) == 0)
            return;
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return;
    self[n] = 0;
    char *slash = strrchr(self, '/');
    if (slash)
        *slash = 0;
    static char flag[4200];
    snprintf(flag, sizeof flag, "-artifact_prefix=%s/artifacts/", self);
    snprintf(self + strlen(self), sizeof self - strlen(self), "/artifacts");
    mkdir(self, 0755);
    char **args = calloc((size_t)*argc + 2, sizeof *args);
    if (!args)
        return;
    memcpy(args, *argv, (size_t)*argc * sizeof *args);
    args[(*argc)++] = flag;
    *argv = args; /* libFuzzer parses the flags after this call; kept for the process */
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    default_artifact_prefix(argc, argv);
    const char *force = getenv("RNS_FUZZ_SANDBOX");
    cov_len = rns_fuzz_cov_size();
    if (cov_len) {
        cov_shm = mmap(NULL, cov_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (cov_shm == MAP_FAILED)
            cov_shm = NULL;
    }
    if (!cov_shm)
        fprintf(stderr, "rns-fuzz: no shared coverage: sandboxed calls do not guide the fuzzer\n");
    start_helper();
    pools_fuzzer();
    /* Load the NSS modules once: their first use opens files the library does not own. */
    gid_t g[64];
    int n = 64;
    getgrouplist("root", 0, g, &n);
    int forced = force && strcmp(force, "constrained") == 0;
    if (!(!forced && geteuid() == 0 && probe_mode(MODE_PIDNS)) && !(!forced && probe_mode(MODE_USERNS)) &&
        !probe_mode(MODE_CONSTRAINED)) {
        fprintf(stderr, "rns-fuzz: cannot start the sandbox server\n");
        exit(1);
    }
    fprintf(stderr, "rns-fuzz: %d functions from rns.h; state-changing calls run in a sandbox: %s\n",
            NOPS, mode_names[sandbox_mode]);
    return 0;
}

/* Statistics at exit (libFuzzer ends with exit()). */
__attribute__((destructor)) static void write_stats(void)
{
    if (in_sandbox || !n_inputs)
        return;
    const char *path = getenv("RNS_FUZZ_STATS");
    FILE *f = path ? fopen(path, "w") : NULL;
    FILE *outs[2] = { stderr, f };
    for (int k = 0; k < 2; k++) {
        if (!outs[k])
            continue;
        fprintf(outs[k], "inputs %llu sandboxed %llu calls %llu fdchecks %llu\n", n_inputs, n_sandboxes,
                n_calls, n_fdchecks);
        if (k == 1)
            for (int i = 0; i < NOPS; i++)
                fprintf(outs[k], "%s %llu %llu\n", ops[i].name, stats[i].inproc, stats[i].sandboxed);
    }
    if (f)
        fclose(f);
    if (helper_pid > 0)
        kill(helper_pid, SIGKILL);
    server_stop();
}
