/*
 * test_threads.c - librns's credential setters reach every thread, while
 * threads come and go.
 *
 * The header documents rns_setuid, setgid, seteuid, setegid, setreuid,
 * setregid, setresuid, setresgid, setgroups and initgroups as "Scope: process
 * (every thread)". Credentials are per thread in the kernel; glibc makes the
 * change process-wide by signalling every thread (SIGSETXID). Each case here
 * puts that under pressure:
 *
 *   - N_LONG long-lived threads, each re-checking its own ids after every call;
 *   - N_CHURN threads that keep creating and joining short-lived threads, one
 *     in four of which creates and joins a thread of its own;
 *   - the main thread calling the setters over and over, changing ids back and
 *     forth where the privilege allows (and calls that must be refused, which
 *     must change no thread).
 *
 * After each call, before the next one:
 *   - every long-lived thread, at least one short-lived thread and at least one
 *     grandchild thread read their own ids with raw syscalls (getresuid,
 *     getresgid, setfsuid(-1), setfsgid(-1), getgroups) and compare them with
 *     the value just set;
 *   - the main thread reads Uid, Gid and Groups of /proc/self/task/T/status for
 *     every task T that is a live thread of the test (registered for the whole
 *     read; a thread that is starting or exiting runs no user code and glibc
 *     leaves it out of SIGSETXID, so it is not held to the new ids).
 * Any disagreement fails the case, naming the call, the thread and both values.
 *
 * Readers use a sequence lock: the generation is odd while the main thread is
 * inside a setter, even (and the expected ids published) afterwards; a reading
 * that overlaps a change is retried.
 *
 * Cases:
 *   threads_creds_root        PRIV, real root: uids 0 <-> 12345 keeping saved 0,
 *                             gids and groups freely; ends with an irreversible
 *                             setuid(12345).
 *   threads_creds_userns      real root of a user namespace mapping 65536 ids
 *                             (tests/c/userns_map.h), the same calls.
 *   threads_creds_unprivileged  no capabilities, real and saved ids differ:
 *                             swapping among them, refused calls.
 * As an ordinary user all three are skipped with the reason (the harness's
 * user namespace maps a single id, so no id can change there).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/time.h>

#include "harness.h"
#include "userns_map.h"

#define N_LONG 24   /* long-lived threads */
#define N_CHURN 2   /* threads creating short-lived threads */
#define BATCH 4     /* short-lived threads per create/join batch */
#define ROUNDS 30   /* times through a case's list of calls */
#define NG 64       /* room for supplementary groups */
#define WAIT_SEC 5  /* how long a thread may take to check after a call */
#define REG_SLOTS 512

#define ID_B 12345u
#define ID_C 23456u
#define NONE ((unsigned)-1)

/* ---- ids, as one thread sees them ---------------------------------------- */

struct ids {
    unsigned u[4]; /* real, effective, saved, fs */
    unsigned g[4];
    int ngroups;
    unsigned groups[NG]; /* sorted */
};

static int cmp_u(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

/* The calling thread's own ids, with raw syscalls (not glibc's cached or
 * process-wide views). */
static void read_ids_raw(struct ids *s)
{
    uid_t r, e, sv;
    gid_t gr, ge, gs;
    gid_t list[NG];
    if (syscall(SYS_getresuid, &r, &e, &sv) != 0 || syscall(SYS_getresgid, &gr, &ge, &gs) != 0)
        FAIL("getresuid/getresgid: %s", strerror(errno));
    s->u[0] = r, s->u[1] = e, s->u[2] = sv;
    s->u[3] = (unsigned)syscall(SYS_setfsuid, -1); /* invalid id: only returns the fsuid */
    s->g[0] = gr, s->g[1] = ge, s->g[2] = gs;
    s->g[3] = (unsigned)syscall(SYS_setfsgid, -1);
    long n = syscall(SYS_getgroups, NG, list);
    if (n < 0)
        FAIL("getgroups: %s", strerror(errno));
    s->ngroups = (int)n;
    for (long i = 0; i < n; i++)
        s->groups[i] = list[i];
    qsort(s->groups, (size_t)n, sizeof s->groups[0], cmp_u);
}

static int ids_equal(const struct ids *a, const struct ids *b)
{
    if (memcmp(a->u, b->u, sizeof a->u) || memcmp(a->g, b->g, sizeof a->g) || a->ngroups != b->ngroups)
        return 0;
    return memcmp(a->groups, b->groups, (size_t)a->ngroups * sizeof a->groups[0]) == 0;
}

static const char *fmt_ids(char *buf, size_t len, const struct ids *s)
{
    int n = snprintf(buf, len, "uid %u/%u/%u fs %u, gid %u/%u/%u fs %u, groups [", s->u[0], s->u[1],
                     s->u[2], s->u[3], s->g[0], s->g[1], s->g[2], s->g[3]);
    for (int i = 0; i < s->ngroups && n > 0 && (size_t)n < len; i++)
        n += snprintf(buf + n, len - (size_t)n, "%s%u", i ? " " : "", s->groups[i]);
    if (n > 0 && (size_t)n < len)
        snprintf(buf + n, len - (size_t)n, "]");
    return buf;
}

/* ---- shared state ---------------------------------------------------------- */

static _Atomic unsigned gen;           /* odd: a call is in progress */
static _Atomic unsigned exp_words[sizeof(struct ids) / sizeof(unsigned)];
static const char *_Atomic cur_call;   /* description of the last call */
static _Atomic int stop;
static _Atomic unsigned acks;          /* futex word: bumped on every check */
static _Atomic unsigned long_gen[N_LONG];
static _Atomic unsigned short_gen, grand_gen; /* latest generation a short/grandchild checked */
static _Atomic unsigned long n_long_checks, n_short_checks, n_grand_checks, n_short, n_grand;
static _Atomic unsigned long n_retries;

static long futex(_Atomic unsigned *addr, int op, unsigned val, const struct timespec *ts)
{
    return syscall(SYS_futex, (unsigned *)addr, op, val, ts, NULL, 0);
}

static void publish(const struct ids *s)
{
    const unsigned *w = (const unsigned *)s;
    for (size_t i = 0; i < sizeof *s / sizeof(unsigned); i++)
        atomic_store_explicit(&exp_words[i], w[i], memory_order_relaxed);
}

static void load_expected(struct ids *s)
{
    unsigned *w = (unsigned *)s;
    for (size_t i = 0; i < sizeof *s / sizeof(unsigned); i++)
        w[i] = atomic_load_explicit(&exp_words[i], memory_order_relaxed);
}

/* Registry of live test threads: (serial << 40) | (role << 32) | tid. A thread
 * is in it from its first instruction to its last, so a task found here with
 * the same entry before and after reading its status file was running test
 * code (not starting, not exiting) throughout. */
static _Atomic uint64_t reg[REG_SLOTS];
static _Atomic uint64_t reg_serial = 1;

static int reg_add(char role)
{
    uint64_t v = (atomic_fetch_add(&reg_serial, 1) << 40) | ((uint64_t)(unsigned char)role << 32) |
                 (uint32_t)syscall(SYS_gettid);
    for (int i = 0; i < REG_SLOTS; i++) {
        uint64_t z = 0;
        if (atomic_compare_exchange_strong(&reg[i], &z, v))
            return i;
    }
    FAIL("thread registry full (%d slots)", REG_SLOTS);
}

static void reg_del(int slot) { atomic_store(&reg[slot], 0); }

static uint64_t reg_find(pid_t tid)
{
    for (int i = 0; i < REG_SLOTS; i++) {
        uint64_t v = atomic_load(&reg[i]);
        if (v && (pid_t)(uint32_t)v == tid)
            return v;
    }
    return 0;
}

static const char *role_name(char role)
{
    switch (role) {
    case 'M': return "main thread";
    case 'L': return "long-lived thread";
    case 'S': return "short-lived thread";
    case 'G': return "grandchild thread";
    default: return "thread";
    }
}

/* Checks the calling thread's ids against the published ones; returns the
 * (even) generation checked. */
static unsigned check_self(const char *who, int index)
{
    for (;;) {
        unsigned g1 = atomic_load(&gen);
        if (g1 & 1) {
            sched_yield();
            continue;
        }
        struct ids want, got;
        load_expected(&want);
        const char *call = atomic_load(&cur_call);
        read_ids_raw(&got);
        if (atomic_load(&gen) != g1) {
            atomic_fetch_add(&n_retries, 1);
            continue;
        }
        if (!ids_equal(&want, &got)) {
            char a[512], b[512];
            FAIL("after %s: %s %d (tid %d) reads %s; expected %s", call, who, index,
                 (int)syscall(SYS_gettid), fmt_ids(a, sizeof a, &got), fmt_ids(b, sizeof b, &want));
        }
        return g1;
    }
}

static void bump_acks(void)
{
    atomic_fetch_add(&acks, 1);
    futex(&acks, FUTEX_WAKE_PRIVATE, INT_MAX, NULL);
}

static void raise_to(_Atomic unsigned *slot, unsigned g)
{
    unsigned cur = atomic_load(slot);
    while (cur < g && !atomic_compare_exchange_weak(slot, &cur, g))
        ;
}

static void *long_main(void *arg)
{
    int i = (int)(intptr_t)arg;
    int slot = reg_add('L');
    unsigned seen = 0;
    while (!atomic_load(&stop)) {
        unsigned g = atomic_load(&gen);
        if (g == seen || (g & 1)) {
            struct timespec ts = { 0, 50 * 1000 * 1000 };
            futex(&gen, FUTEX_WAIT_PRIVATE, g, &ts);
            continue;
        }
        seen = check_self("long-lived thread", i);
        atomic_store(&long_gen[i], seen);
        atomic_fetch_add(&n_long_checks, 1);
        bump_acks();
    }
    reg_del(slot);
    return NULL;
}

static void *grand_main(void *arg)
{
    (void)arg;
    int slot = reg_add('G');
    raise_to(&grand_gen, check_self("grandchild thread", 0));
    atomic_fetch_add(&n_grand_checks, 1);
    reg_del(slot);
    bump_acks();
    return NULL;
}

static void *short_main(void *arg)
{
    int slot = reg_add('S');
    raise_to(&short_gen, check_self("short-lived thread", 0));
    atomic_fetch_add(&n_short_checks, 1);
    if (arg) {
        pthread_t t;
        int r = pthread_create(&t, NULL, grand_main, NULL);
        if (r != 0)
            FAIL("pthread_create (grandchild): %s", strerror(r));
        atomic_fetch_add(&n_grand, 1);
        pthread_join(t, NULL);
    }
    reg_del(slot);
    bump_acks();
    return NULL;
}

static void *churn_main(void *arg)
{
    (void)arg;
    int slot = reg_add('C');
    while (!atomic_load(&stop)) {
        pthread_t t[BATCH];
        for (int i = 0; i < BATCH; i++) {
            int r = pthread_create(&t[i], NULL, short_main, (void *)(intptr_t)(i == 0));
            if (r != 0)
                FAIL("pthread_create (short-lived): %s", strerror(r));
            atomic_fetch_add(&n_short, 1);
        }
        for (int i = 0; i < BATCH; i++)
            pthread_join(t[i], NULL);
    }
    reg_del(slot);
    return NULL;
}

/* ---- /proc/self/task/T/status ---------------------------------------------- */

static unsigned long n_proc_checked, n_proc_skipped;

/* 0 when the file is gone (the task exited). */
static int read_status(pid_t tid, struct ids *s)
{
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/self/task/%d/status", (int)tid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT || errno == ESRCH)
            return 0;
        FAIL("open %s: %s", path, strerror(errno));
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = 0;
    char *u = strstr(buf, "\nUid:"), *g = strstr(buf, "\nGid:"), *gr = strstr(buf, "\nGroups:");
    if (!u || !g || !gr || sscanf(u, "\nUid: %u %u %u %u", &s->u[0], &s->u[1], &s->u[2], &s->u[3]) != 4 ||
        sscanf(g, "\nGid: %u %u %u %u", &s->g[0], &s->g[1], &s->g[2], &s->g[3]) != 4)
        FAIL("%s: no Uid/Gid/Groups lines in:\n%s", path, buf);
    s->ngroups = 0;
    char *p = gr + strlen("\nGroups:");
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p < '0' || *p > '9')
            break;
        if (s->ngroups == NG)
            FAIL("%s: more than %d groups", path, NG);
        s->groups[s->ngroups++] = (unsigned)strtoul(p, &p, 10);
    }
    qsort(s->groups, (size_t)s->ngroups, sizeof s->groups[0], cmp_u);
    return 1;
}

static void check_proc(const struct ids *want, const char *call)
{
    DIR *d = opendir("/proc/self/task");
    if (!d)
        FAIL("opendir /proc/self/task: %s", strerror(errno));
    struct dirent *de;
    int seen_long = 0, seen_main = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] < '0' || de->d_name[0] > '9')
            continue;
        pid_t tid = atoi(de->d_name);
        uint64_t before = reg_find(tid);
        struct ids got;
        if (!before || !read_status(tid, &got) || reg_find(tid) != before) {
            n_proc_skipped++;
            continue;
        }
        n_proc_checked++;
        char role = (char)(before >> 32);
        seen_long += role == 'L';
        seen_main += role == 'M';
        if (!ids_equal(want, &got)) {
            char a[512], b[512];
            FAIL("after %s: /proc/self/task/%d/status (%s) says %s; expected %s", call, (int)tid,
                 role_name(role), fmt_ids(a, sizeof a, &got), fmt_ids(b, sizeof b, want));
        }
    }
    closedir(d);
    if (seen_long != N_LONG || seen_main != 1)
        FAIL("after %s: /proc/self/task lists %d of %d long-lived threads and %d main thread",
             call, seen_long, N_LONG, seen_main);
}

/* ---- the main thread's side ------------------------------------------------ */

static double now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Waits until every long-lived thread, a short-lived one and a grandchild have
 * checked generation g. */
static void wait_checks(unsigned g, const char *call)
{
    double deadline = now_sec() + WAIT_SEC;
    for (;;) {
        unsigned a = atomic_load(&acks);
        int missing = -1;
        for (int i = 0; i < N_LONG && missing < 0; i++)
            if (atomic_load(&long_gen[i]) < g)
                missing = i;
        int done = missing < 0 && atomic_load(&short_gen) >= g && atomic_load(&grand_gen) >= g;
        if (done)
            return;
        if (now_sec() > deadline) {
            if (missing >= 0)
                FAIL("after %s: long-lived thread %d did not check its ids within %d s", call, missing,
                     WAIT_SEC);
            FAIL("after %s: no %s thread checked its ids within %d s", call,
                 atomic_load(&short_gen) < g ? "short-lived" : "grandchild", WAIT_SEC);
        }
        struct timespec ts = { 0, 20 * 1000 * 1000 };
        futex(&acks, FUTEX_WAIT_PRIVATE, a, &ts);
    }
}

/* One call of the list: what it is, and what it must leave. */
enum op {
    SETUID, SETGID, SETEUID, SETEGID, SETREUID, SETREGID, SETRESUID, SETRESGID, SETGROUPS, INITGROUPS,
    RAW_SETRESUID /* the bare syscall: changes the calling thread only (the checker's own test) */
};

struct step {
    enum op op;
    unsigned a, b, c;     /* ids; for SETGROUPS a count and groups in list */
    unsigned list[4];
    const char *user;     /* INITGROUPS */
    int ret;              /* expected result: 0 or -errno (then nothing changes) */
    unsigned u[3], g[3];  /* expected ids afterwards (NONE: unchanged) */
};

static int do_call(const struct step *s, char *desc, size_t len)
{
    switch (s->op) {
    case SETUID: snprintf(desc, len, "rns_setuid(%d)", (int)s->a); return rns_setuid(s->a);
    case SETGID: snprintf(desc, len, "rns_setgid(%d)", (int)s->a); return rns_setgid(s->a);
    case SETEUID: snprintf(desc, len, "rns_seteuid(%d)", (int)s->a); return rns_seteuid(s->a);
    case SETEGID: snprintf(desc, len, "rns_setegid(%d)", (int)s->a); return rns_setegid(s->a);
    case SETREUID:
        snprintf(desc, len, "rns_setreuid(%d, %d)", (int)s->a, (int)s->b);
        return rns_setreuid(s->a, s->b);
    case SETREGID:
        snprintf(desc, len, "rns_setregid(%d, %d)", (int)s->a, (int)s->b);
        return rns_setregid(s->a, s->b);
    case SETRESUID:
        snprintf(desc, len, "rns_setresuid(%d, %d, %d)", (int)s->a, (int)s->b, (int)s->c);
        return rns_setresuid(s->a, s->b, s->c);
    case SETRESGID:
        snprintf(desc, len, "rns_setresgid(%d, %d, %d)", (int)s->a, (int)s->b, (int)s->c);
        return rns_setresgid(s->a, s->b, s->c);
    case SETGROUPS: {
        gid_t l[4];
        int n = snprintf(desc, len, "rns_setgroups({");
        for (unsigned i = 0; i < s->a; i++) {
            l[i] = s->list[i];
            n += snprintf(desc + n, len - (size_t)n, "%s%u", i ? ", " : "", s->list[i]);
        }
        snprintf(desc + n, len - (size_t)n, "}, %u)", s->a);
        return rns_setgroups(s->a ? l : NULL, s->a);
    }
    case INITGROUPS:
        snprintf(desc, len, "rns_initgroups(\"%s\", %u)", s->user, s->a);
        return rns_initgroups(s->user, s->a);
    case RAW_SETRESUID:
        snprintf(desc, len, "syscall(SYS_setresuid, %d, %d, %d)", (int)s->a, (int)s->b, (int)s->c);
        return syscall(SYS_setresuid, s->a, s->b, s->c) == 0 ? 0 : -errno;
    }
    return -ENOSYS;
}

/* The state a step leaves, from the state before it. */
static void apply(const struct step *s, struct ids *st)
{
    if (s->ret != 0)
        return;
    for (int i = 0; i < 3; i++) {
        if (s->u[i] != NONE)
            st->u[i] = s->u[i];
        if (s->g[i] != NONE)
            st->g[i] = s->g[i];
    }
    st->u[3] = st->u[1]; /* every set*id call sets the fs id to the effective one */
    st->g[3] = st->g[1];
    if (s->op == SETGROUPS) {
        st->ngroups = (int)s->a;
        for (unsigned i = 0; i < s->a; i++)
            st->groups[i] = s->list[i];
        qsort(st->groups, (size_t)st->ngroups, sizeof st->groups[0], cmp_u);
    } else if (s->op == INITGROUPS) {
        gid_t l[NG];
        int n = NG;
        if (getgrouplist(s->user, s->a, l, &n) < 0)
            FAIL("getgrouplist(\"%s\", %u): more than %d groups", s->user, s->a, NG);
        /* the kernel keeps a sorted set: duplicates collapse */
        qsort(l, (size_t)n, sizeof l[0], cmp_u);
        st->ngroups = 0;
        for (int i = 0; i < n; i++)
            if (i == 0 || l[i] != l[i - 1])
                st->groups[st->ngroups++] = l[i];
    }
}

#define U(r, e, s) .u = { r, e, s }, .g = { NONE, NONE, NONE }
#define G(r, e, s) .u = { NONE, NONE, NONE }, .g = { r, e, s }
#define KEEP .u = { NONE, NONE, NONE }, .g = { NONE, NONE, NONE }
#define M1 ((unsigned)-1)

/* Root (of the initial namespace or of a user namespace): uids move between 0
 * and B keeping 0 in the real or saved id, so privilege comes back; gids and
 * groups move freely while the effective uid is 0. */
static const struct step root_steps[] = {
    { SETRESUID, 0, ID_B, 0, {0}, NULL, 0, U(0, ID_B, 0) },
    /* euid B: no effective capabilities, so these are refused and change nothing */
    { SETGROUPS, 1, 0, 0, { 7 }, NULL, -EPERM, KEEP },
    { SETRESGID, ID_B, ID_B, ID_B, {0}, NULL, -EPERM, KEEP },
    { INITGROUPS, 0, 0, 0, {0}, "root", -EPERM, KEEP },
    { SETRESUID, 0, 0, 0, {0}, NULL, 0, U(0, 0, 0) },
    { SETEUID, ID_B, 0, 0, {0}, NULL, 0, U(0, ID_B, 0) },
    { SETUID, 0, 0, 0, {0}, NULL, 0, U(0, 0, 0) },         /* unprivileged setuid: euid only */
    { SETEUID, ID_C, 0, 0, {0}, NULL, 0, U(0, ID_C, 0) },
    { SETEUID, 0, 0, 0, {0}, NULL, 0, U(0, 0, 0) },
    { SETREUID, ID_B, M1, 0, {0}, NULL, 0, U(ID_B, 0, 0) }, /* ruid set: suid = euid */
    { SETREUID, 0, M1, 0, {0}, NULL, 0, U(0, 0, 0) },
    { SETREUID, M1, ID_B, 0, {0}, NULL, 0, U(0, ID_B, ID_B) }, /* euid != ruid: suid = euid */
    { SETREUID, M1, 0, 0, {0}, NULL, 0, U(0, 0, ID_B) },
    { SETRESUID, M1, M1, 0, {0}, NULL, 0, U(0, 0, 0) },
    { SETRESUID, ID_B, ID_B, 0, {0}, NULL, 0, U(ID_B, ID_B, 0) },
    { SETUID, 0, 0, 0, {0}, NULL, 0, U(ID_B, 0, 0) },      /* not privileged: euid to the saved id */
    { SETRESUID, ID_B, M1, ID_C, {0}, NULL, 0, U(ID_B, 0, ID_C) },
    { SETRESUID, 0, 0, 0, {0}, NULL, 0, U(0, 0, 0) },
    { SETGID, ID_B, 0, 0, {0}, NULL, 0, G(ID_B, ID_B, ID_B) },
    { SETGID, 0, 0, 0, {0}, NULL, 0, G(0, 0, 0) },
    { SETEGID, ID_B, 0, 0, {0}, NULL, 0, G(0, ID_B, 0) },
    { SETEGID, 0, 0, 0, {0}, NULL, 0, G(0, 0, 0) },
    { SETREGID, ID_B, ID_C, 0, {0}, NULL, 0, G(ID_B, ID_C, ID_C) },
    { SETREGID, 0, 0, 0, {0}, NULL, 0, G(0, 0, 0) },
    { SETRESGID, ID_B, ID_C, 0, {0}, NULL, 0, G(ID_B, ID_C, 0) },
    { SETRESGID, 0, 0, 0, {0}, NULL, 0, G(0, 0, 0) },
    { SETGROUPS, 3, 0, 0, { ID_C, 100, ID_B }, NULL, 0, KEEP },
    { SETGROUPS, 0, 0, 0, {0}, NULL, 0, KEEP },
    { INITGROUPS, ID_C, 0, 0, {0}, "root", 0, KEEP },
    { INITGROUPS, 65534, 0, 0, {0}, "nobody", 0, KEEP },
    { SETGROUPS, 1, 0, 0, { 0 }, NULL, 0, KEEP },
};

/* After the rounds: privileged setuid sets all three ids, for good. */
static const struct step root_final[] = {
    { SETUID, ID_B, 0, 0, {0}, NULL, 0, U(ID_B, ID_B, ID_B) },
    { SETUID, 0, 0, 0, {0}, NULL, -EPERM, KEEP },
    { SETRESUID, 0, M1, M1, {0}, NULL, -EPERM, KEEP },
};

/* No capabilities; real ids B, saved ids C (set up by root before the threads
 * start): the ids may move among the current real, effective and saved ones. */
static const struct step unpriv_steps[] = {
    { SETEUID, ID_C, 0, 0, {0}, NULL, 0, U(ID_B, ID_C, ID_C) },
    { SETEUID, ID_B, 0, 0, {0}, NULL, 0, U(ID_B, ID_B, ID_C) },
    { SETUID, ID_C, 0, 0, {0}, NULL, 0, U(ID_B, ID_C, ID_C) },
    { SETUID, ID_B, 0, 0, {0}, NULL, 0, U(ID_B, ID_B, ID_C) },
    { SETRESUID, ID_C, ID_B, ID_B, {0}, NULL, 0, U(ID_C, ID_B, ID_B) },
    { SETRESUID, ID_B, ID_B, ID_C, {0}, NULL, 0, U(ID_B, ID_B, ID_C) },
    { SETREUID, M1, ID_C, 0, {0}, NULL, 0, U(ID_B, ID_C, ID_C) },
    { SETREUID, ID_C, ID_B, 0, {0}, NULL, 0, U(ID_C, ID_B, ID_B) }, /* swap; suid = new euid */
    { SETREUID, ID_B, ID_C, 0, {0}, NULL, 0, U(ID_B, ID_C, ID_C) },
    { SETEUID, ID_B, 0, 0, {0}, NULL, 0, U(ID_B, ID_B, ID_C) },
    { SETEGID, ID_C, 0, 0, {0}, NULL, 0, G(ID_B, ID_C, ID_C) },
    { SETEGID, ID_B, 0, 0, {0}, NULL, 0, G(ID_B, ID_B, ID_C) },
    { SETGID, ID_C, 0, 0, {0}, NULL, 0, G(ID_B, ID_C, ID_C) },
    { SETGID, ID_B, 0, 0, {0}, NULL, 0, G(ID_B, ID_B, ID_C) },
    { SETRESGID, ID_C, ID_B, ID_B, {0}, NULL, 0, G(ID_C, ID_B, ID_B) },
    { SETRESGID, ID_B, ID_B, ID_C, {0}, NULL, 0, G(ID_B, ID_B, ID_C) },
    { SETREGID, M1, ID_C, 0, {0}, NULL, 0, G(ID_B, ID_C, ID_C) },
    { SETREGID, ID_C, ID_B, 0, {0}, NULL, 0, G(ID_C, ID_B, ID_B) },
    { SETREGID, ID_B, ID_C, 0, {0}, NULL, 0, G(ID_B, ID_C, ID_C) },
    { SETEGID, ID_B, 0, 0, {0}, NULL, 0, G(ID_B, ID_B, ID_C) },
    /* refused: change no thread */
    { SETUID, 0, 0, 0, {0}, NULL, -EPERM, KEEP },
    { SETRESUID, 0, M1, M1, {0}, NULL, -EPERM, KEEP },
    { SETREGID, 0, M1, 0, {0}, NULL, -EPERM, KEEP },
    { SETGROUPS, 0, 0, 0, {0}, NULL, -EPERM, KEEP },
    { INITGROUPS, 0, 0, 0, {0}, "root", -EPERM, KEEP },
};

static void run_stress(const char *label, const struct step *steps, size_t nsteps, const struct step *final,
                       size_t nfinal)
{
    pthread_t longs[N_LONG], churn[N_CHURN];
    struct ids st;
    char desc[256];
    static char descs[2][320];

    read_ids_raw(&st);
    publish(&st);
    atomic_store(&cur_call, "the start (no call yet)");
    reg_add('M');
    for (int i = 0; i < N_LONG; i++) {
        int r = pthread_create(&longs[i], NULL, long_main, (void *)(intptr_t)i);
        if (r != 0)
            FAIL("pthread_create: %s", strerror(r));
    }
    for (int i = 0; i < N_CHURN; i++) {
        int r = pthread_create(&churn[i], NULL, churn_main, NULL);
        if (r != 0)
            FAIL("pthread_create: %s", strerror(r));
    }
    double t0 = now_sec();
    unsigned long calls = 0;
    for (int round = 0; round <= ROUNDS; round++) {
        const struct step *list = round < ROUNDS ? steps : final;
        size_t n = round < ROUNDS ? nsteps : nfinal;
        for (size_t k = 0; k < n; k++) {
            const struct step *s = &list[k];
            atomic_fetch_add(&gen, 1); /* odd: readers wait */
            int r = do_call(s, desc, sizeof desc);
            calls++;
            if (r != s->ret) {
                char a[64];
                FAIL("%s (round %d, call %lu): returned %s, expected %d (-%s)", desc, round, calls,
                     h_fmt_int(a, sizeof a, r, 1), s->ret, h_errname(s->ret));
            }
            apply(s, &st);
            char *d = descs[calls & 1];
            snprintf(d, sizeof descs[0], "%s (round %d, call %lu)", desc, round, calls);
            publish(&st);
            atomic_store(&cur_call, d);
            unsigned g = atomic_fetch_add(&gen, 1) + 1; /* even: published */
            futex(&gen, FUTEX_WAKE_PRIVATE, INT_MAX, NULL);
            struct ids mine;
            read_ids_raw(&mine);
            if (!ids_equal(&mine, &st)) {
                char a[512], b[512];
                FAIL("after %s: the calling thread reads %s; expected %s", d, fmt_ids(a, sizeof a, &mine),
                     fmt_ids(b, sizeof b, &st));
            }
            wait_checks(g, d);
            check_proc(&st, d);
        }
    }
    atomic_store(&stop, 1);
    futex(&gen, FUTEX_WAKE_PRIVATE, INT_MAX, NULL);
    for (int i = 0; i < N_CHURN; i++)
        pthread_join(churn[i], NULL);
    for (int i = 0; i < N_LONG; i++)
        pthread_join(longs[i], NULL);
    printf("info %s: %lu calls in %.1f s; %d long-lived + %d churning threads; %lu short-lived and "
           "%lu grandchild threads created; checks: %lu long-lived, %lu short-lived, %lu grandchild, "
           "%lu /proc task status files (%lu starting/exiting tasks left out), %lu re-reads\n",
           label, calls, now_sec() - t0, N_LONG, N_CHURN, (unsigned long)n_short,
           (unsigned long)n_grand, (unsigned long)n_long_checks, (unsigned long)n_short_checks,
           (unsigned long)n_grand_checks, n_proc_checked, n_proc_skipped, (unsigned long)n_retries);
    fflush(stdout);
}

#define NSTEPS(a) (sizeof(a) / sizeof((a)[0]))

static void need_real_root(void)
{
    if (h_in_userns)
        SKIP("needs real root: the harness's user namespace for an ordinary user maps one id "
             "(0), so no id can change there");
}

TEST(threads_creds_root, PRIV)
{
    need_real_root();
    CHECK_SYS(setgroups(1, (gid_t[]){ 0 }));
    CHECK_SYS(setresgid(0, 0, 0));
    CHECK_SYS(setresuid(0, 0, 0));
    run_stress("real root", root_steps, NSTEPS(root_steps), root_final, NSTEPS(root_final));
}

TEST(threads_creds_userns, PRIV)
{
    char why[256];
    need_real_root();
    if (um_enter_mapped_userns(why, sizeof why) != 0)
        SKIP("cannot become root of a user namespace mapping %u ids: %s", UM_COUNT, why);
    CHECK_SYS(setgroups(1, (gid_t[]){ 0 }));
    run_stress("root of a user namespace (ids 0-65535 -> 200000-265535)", root_steps, NSTEPS(root_steps),
               root_final, NSTEPS(root_final));
}

TEST(threads_creds_unprivileged, ANY)
{
    if (geteuid() != 0)
        SKIP("needs root to give the process different real and saved ids before dropping "
             "privilege (euid %u)", (unsigned)geteuid());
    CHECK_SYS(setgroups(0, NULL));
    CHECK_SYS(setresgid(ID_B, ID_B, ID_C));
    CHECK_SYS(setresuid(ID_B, ID_B, ID_C));
    prctl(PR_SET_DUMPABLE, 1);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    struct { uint32_t version; int pid; } hdr = { 0x20080522, 0 }; /* _LINUX_CAPABILITY_VERSION_3 */
    struct { uint32_t eff, perm, inh; } caps[2];
    CHECK_SYS(syscall(SYS_capget, &hdr, caps));
    if (caps[0].perm || caps[1].perm || caps[0].eff || caps[1].eff)
        FAIL("still has capabilities after dropping to uids %u/%u/%u", ID_B, ID_B, ID_C);
    run_stress("no capabilities, real ids 12345, saved 23456", unpriv_steps, NSTEPS(unpriv_steps), NULL, 0);
}

/* The checks can fail: a bare setresuid syscall changes only the main thread,
 * and the run must stop with a long-lived thread reading the old ids. */
static const struct step raw_steps[] = {
    { RAW_SETRESUID, 0, ID_B, 0, {0}, NULL, 0, U(0, ID_B, 0) },
};

TEST(threads_check_catches_raw_syscall, PRIV)
{
    need_real_root();
    int p[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    pid_t c = h_fork();
    CHECK_SYS(c);
    if (c == 0) {
        close(p[0]);
        h_report_fd = p[1];
        run_stress("raw syscall (must fail)", raw_steps, NSTEPS(raw_steps), NULL, 0);
        _exit(0);
    }
    close(p[1]);
    int status;
    CHECK_SYS(waitpid(c, &status, 0));
    char msg[1100] = "";
    ssize_t n = read(p[0], msg, sizeof msg - 1);
    msg[n > 0 ? n : 0] = 0;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        FAIL("the checks missed a bare setresuid syscall that changed only the main thread");
    if (msg[0] != 'F' || !strstr(msg, "reads uid 0/0/0") || !strstr(msg, "expected uid 0/12345/0"))
        FAIL("a bare setresuid syscall was not reported as a thread with the old ids: status %#x, \"%s\"",
             status, msg);
    printf("info caught as expected: %s\n", msg + 1);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    return h_main(argc, argv);
}
