/*
 * test_creds.c - credentials (src/creds.rs):
 *
 *   rns_set{,e,re,res}{uid,gid}, rns_getres{uid,gid}, rns_getgroups, rns_setgroups,
 *   rns_initgroups, rns_getgrouplist
 *   Every setter must change every thread: another thread reads its ids with raw syscalls.
 *
 * Part of the test_rns program (test_rns.c runs it; helpers.h, harness.h).
 */
#define _GNU_SOURCE
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include "helpers.h"
#include "seccomp.h"

#define OTHER_UID 12345u
#define OTHER_GID 12345u

/* ---- credentials as seen by another thread (raw syscalls) -------------- */

/* Raw syscalls: no glibc caching and no library involvement, so a value
 * seen here proves the change reached this thread too. */
struct ids_req {
    char which; /* 'u' resuid, 'g' resgid */
    long ret;
    unsigned ids[3];
};
static void read_ids_fn(void *arg)
{
    struct ids_req *q = arg;
    q->ret = syscall(q->which == 'u' ? SYS_getresuid : SYS_getresgid, &q->ids[0], &q->ids[1],
                     &q->ids[2]);
}

static gid_t thread_groups[65536 + 16];
static void read_groups_fn(void *arg)
{
    *(long *)arg = syscall(SYS_getgroups, (int)(sizeof thread_groups / sizeof thread_groups[0]),
                           thread_groups);
}

static void check_thread_ids(struct worker *w, char which, unsigned r, unsigned e,
                             unsigned s, const char *file, int line)
{
    struct ids_req q = { .which = which };
    worker_run(w, read_ids_fn, &q);
    if (q.ret != 0)
        h_fail(file, line, "raw getres%cid on other thread failed", which);
    if (q.ids[0] != r || q.ids[1] != e || q.ids[2] != s)
        h_fail(file, line, "other thread (tid %d) sees res%cid %u/%u/%u, expected %u/%u/%u",
               (int)w->tid, which, q.ids[0], q.ids[1], q.ids[2], r, e, s);
}
#define CHECK_OTHER_THREAD_RESUID(w, r, e, s) \
    check_thread_ids(w, 'u', r, e, s, __FILE__, __LINE__)
#define CHECK_OTHER_THREAD_RESGID(w, r, e, s) \
    check_thread_ids(w, 'g', r, e, s, __FILE__, __LINE__)

static void check_own_resuid(unsigned r, unsigned e, unsigned s, const char *file, int line)
{
    unsigned a = 0, b = 0, c = 0;
    if (syscall(SYS_getresuid, &a, &b, &c) != 0 || a != r || b != e || c != s)
        h_fail(file, line, "calling thread has resuid %u/%u/%u, expected %u/%u/%u", a, b, c, r, e, s);
}
static void check_own_resgid(unsigned r, unsigned e, unsigned s, const char *file, int line)
{
    unsigned a = 0, b = 0, c = 0;
    if (syscall(SYS_getresgid, &a, &b, &c) != 0 || a != r || b != e || c != s)
        h_fail(file, line, "calling thread has resgid %u/%u/%u, expected %u/%u/%u", a, b, c, r, e, s);
}
#define CHECK_OWN_RESUID(r, e, s) check_own_resuid(r, e, s, __FILE__, __LINE__)
#define CHECK_OWN_RESGID(r, e, s) check_own_resgid(r, e, s, __FILE__, __LINE__)

static int cmp_gid(const void *a, const void *b)
{
    gid_t x = *(const gid_t *)a, y = *(const gid_t *)b;
    return x < y ? -1 : x > y;
}

/* sort + dedupe in place, returns new length */
static size_t normalize_gids(gid_t *v, size_t n)
{
    size_t out = 0;
    qsort(v, n, sizeof *v, cmp_gid);
    for (size_t i = 0; i < n; i++)
        if (out == 0 || v[out - 1] != v[i])
            v[out++] = v[i];
    return out;
}

/* Require the other thread's supplementary groups to equal `want` (as sets). */
static void check_thread_groups(struct worker *w, const gid_t *want, size_t n,
                                const char *file, int line)
{
    gid_t *x = malloc((n + 1) * sizeof *x);
    CHECK(x != NULL);
    memcpy(x, want, n * sizeof *x);
    size_t xn = normalize_gids(x, n);
    long ret = -1;
    worker_run(w, read_groups_fn, &ret);
    if (ret < 0)
        h_fail(file, line, "raw getgroups on other thread failed");
    size_t gn = normalize_gids(thread_groups, (size_t)ret);
    if (gn != xn || memcmp(x, thread_groups, xn * sizeof *x) != 0)
        h_fail(file, line,
               "other thread (tid %d) sees %zu groups (first %u), expected %zu (first %u)",
               (int)w->tid, gn, gn ? thread_groups[0] : 0, xn, xn ? x[0] : 0);
    free(x);
}
#define CHECK_OTHER_THREAD_GROUPS(w, want, n) \
    check_thread_groups(w, want, n, __FILE__, __LINE__)

/* Changing to another id needs real root: a user namespace created by an
 * ordinary user maps only uid/gid 0. */
static void need_real_root_ids(void)
{
    if (h_in_userns)
        SKIP("only uid/gid 0 is mapped in an unprivileged user namespace; "
             "changing to another id needs real root");
}

/* ---- set*uid / set*gid: change EVERY thread ----------------------------- */

TEST(cred_setuid_all_threads, PRIV)
{
    need_real_root_ids();
    struct worker o;
    worker_start(&o);
    CHECK_EQ_INT(rns_setuid(OTHER_UID), 0);
    CHECK_OWN_RESUID(OTHER_UID, OTHER_UID, OTHER_UID);
    CHECK_OTHER_THREAD_RESUID(&o, OTHER_UID, OTHER_UID, OTHER_UID);
    worker_stop(&o);
}

TEST(cred_setgid_all_threads, PRIV)
{
    need_real_root_ids();
    struct worker o;
    worker_start(&o);
    CHECK_EQ_INT(rns_setgid(OTHER_GID), 0);
    CHECK_OWN_RESGID(OTHER_GID, OTHER_GID, OTHER_GID);
    CHECK_OTHER_THREAD_RESGID(&o, OTHER_GID, OTHER_GID, OTHER_GID);
    worker_stop(&o);
}

TEST(cred_seteuid_all_threads, PRIV)
{
    need_real_root_ids();
    struct worker o;
    worker_start(&o);
    CHECK_EQ_INT(rns_seteuid(OTHER_UID), 0);
    CHECK_OWN_RESUID(0, OTHER_UID, 0);
    CHECK_OTHER_THREAD_RESUID(&o, 0, OTHER_UID, 0);
    CHECK_EQ_INT(rns_seteuid(0), 0); /* saved uid 0 lets us back */
    CHECK_OTHER_THREAD_RESUID(&o, 0, 0, 0);
    worker_stop(&o);
}

TEST(cred_setegid_all_threads, PRIV)
{
    need_real_root_ids();
    struct worker o;
    worker_start(&o);
    CHECK_EQ_INT(rns_setegid(OTHER_GID), 0);
    CHECK_OWN_RESGID(0, OTHER_GID, 0);
    CHECK_OTHER_THREAD_RESGID(&o, 0, OTHER_GID, 0);
    worker_stop(&o);
}

TEST(cred_setreuid_all_threads, PRIV)
{
    need_real_root_ids();
    struct worker o;
    worker_start(&o);
    /* ruid set => saved uid becomes the new euid */
    CHECK_EQ_INT(rns_setreuid(OTHER_UID, OTHER_UID + 1), 0);
    CHECK_OWN_RESUID(OTHER_UID, OTHER_UID + 1, OTHER_UID + 1);
    CHECK_OTHER_THREAD_RESUID(&o, OTHER_UID, OTHER_UID + 1, OTHER_UID + 1);
    CHECK_EQ_INT(rns_setreuid((uid_t)-1, (uid_t)-1), 0); /* -1 keeps both */
    CHECK_OTHER_THREAD_RESUID(&o, OTHER_UID, OTHER_UID + 1, OTHER_UID + 1);
    worker_stop(&o);
}

TEST(cred_setregid_all_threads, PRIV)
{
    need_real_root_ids();
    struct worker o;
    worker_start(&o);
    CHECK_EQ_INT(rns_setregid(OTHER_GID, OTHER_GID + 1), 0);
    CHECK_OWN_RESGID(OTHER_GID, OTHER_GID + 1, OTHER_GID + 1);
    CHECK_OTHER_THREAD_RESGID(&o, OTHER_GID, OTHER_GID + 1, OTHER_GID + 1);
    CHECK_EQ_INT(rns_setregid((gid_t)-1, OTHER_GID + 2), 0); /* -1 keeps ruid */
    CHECK_OTHER_THREAD_RESGID(&o, OTHER_GID, OTHER_GID + 2, OTHER_GID + 2);
    worker_stop(&o);
}

TEST(cred_setresuid_all_threads, PRIV)
{
    need_real_root_ids();
    struct worker o;
    worker_start(&o);
    CHECK_EQ_INT(rns_setresuid(111, 222, 333), 0);
    CHECK_OWN_RESUID(111, 222, 333);
    CHECK_OTHER_THREAD_RESUID(&o, 111, 222, 333);
    /* now unprivileged: -1 keeps r and s; e may become one of r/e/s */
    CHECK_EQ_INT(rns_setresuid((uid_t)-1, 333, (uid_t)-1), 0);
    CHECK_OTHER_THREAD_RESUID(&o, 111, 333, 333);
    worker_stop(&o);
}

TEST(cred_setresgid_all_threads, PRIV)
{
    need_real_root_ids();
    struct worker o;
    worker_start(&o);
    CHECK_EQ_INT(rns_setresgid(111, 222, 333), 0);
    CHECK_OWN_RESGID(111, 222, 333);
    CHECK_OTHER_THREAD_RESGID(&o, 111, 222, 333);
    CHECK_EQ_INT(rns_setresgid((gid_t)-1, (gid_t)-1, 444), 0);
    CHECK_OTHER_THREAD_RESGID(&o, 111, 222, 444);
    worker_stop(&o);
}

/* Inside a user namespace that maps only 0: 0 works, other ids are -EINVAL. */
TEST(cred_unmapped_id_einval, ANY)
{
    h_become_root_in_userns(); /* works for root and ordinary users alike */
    CHECK_EQ_INT(rns_setresuid(0, 0, 0), 0);
    CHECK_EQ_INT(rns_setuid(0), 0);
    CHECK_ERR(rns_setuid(OTHER_UID), -EINVAL);
    CHECK_ERR(rns_setgid(OTHER_GID), -EINVAL);
    CHECK_ERR(rns_setresuid(OTHER_UID, (uid_t)-1, (uid_t)-1), -EINVAL);
    CHECK_OWN_RESUID(0, 0, 0);
}

TEST(cred_set_minus_one_einval, ANY)
{
    uid_t r, e, s;
    CHECK_SYS(getresuid(&r, &e, &s));
    CHECK_ERR(rns_setuid((uid_t)-1), -EINVAL);
    CHECK_ERR(rns_setgid((gid_t)-1), -EINVAL);
    CHECK_ERR(rns_seteuid((uid_t)-1), -EINVAL);
    CHECK_ERR(rns_setegid((gid_t)-1), -EINVAL);
    CHECK_OWN_RESUID(r, e, s);
}

/* Unprivileged callers cannot take an id they do not have. */
TEST(cred_unprivileged_eperm, UNPRIV)
{
    uid_t ru, eu, su;
    gid_t rg, eg, sg;
    CHECK_SYS(getresuid(&ru, &eu, &su));
    CHECK_SYS(getresgid(&rg, &eg, &sg));
    uid_t u = (ru == 0 || eu == 0 || su == 0) ? 1 : 0;
    gid_t g = (rg == 0 || eg == 0 || sg == 0) ? 1 : 0;
    if (u == 1 && (ru == 1 || eu == 1 || su == 1))
        SKIP("cannot find a uid this process does not hold");
    if (g == 1 && (rg == 1 || eg == 1 || sg == 1))
        SKIP("cannot find a gid this process does not hold");
    CHECK_ERR(rns_setuid(u), -EPERM);
    CHECK_ERR(rns_setgid(g), -EPERM);
    CHECK_ERR(rns_seteuid(u), -EPERM);
    CHECK_ERR(rns_setegid(g), -EPERM);
    CHECK_ERR(rns_setreuid(u, (uid_t)-1), -EPERM);
    CHECK_ERR(rns_setregid(g, (gid_t)-1), -EPERM);
    CHECK_ERR(rns_setresuid(u, (uid_t)-1, (uid_t)-1), -EPERM);
    CHECK_ERR(rns_setresgid((gid_t)-1, (gid_t)-1, g), -EPERM);
    CHECK_OWN_RESUID(ru, eu, su);
    CHECK_OWN_RESGID(rg, eg, sg);
}

/* ---- rns_getresuid / rns_getresgid -------------------------------------- */

TEST(cred_getresuid, ANY)
{
    unsigned want[3];
    CHECK_SYS(syscall(SYS_getresuid, &want[0], &want[1], &want[2]));
    uid_t r = 7777, e = 7777, s = 7777;
    CHECK_EQ_INT(rns_getresuid(&r, &e, &s), 0);
    CHECK_EQ_INT(r, want[0]);
    CHECK_EQ_INT(e, want[1]);
    CHECK_EQ_INT(s, want[2]);
    /* any NULL: -EFAULT and nothing written */
    r = e = s = 7777;
    CHECK_ERR(rns_getresuid(NULL, &e, &s), -EFAULT);
    CHECK_ERR(rns_getresuid(&r, NULL, &s), -EFAULT);
    CHECK_ERR(rns_getresuid(&r, &e, NULL), -EFAULT);
    CHECK_ERR(rns_getresuid(NULL, NULL, NULL), -EFAULT);
    CHECK_EQ_INT(r, 7777);
    CHECK_EQ_INT(e, 7777);
    CHECK_EQ_INT(s, 7777);
}

TEST(cred_getresgid, ANY)
{
    unsigned want[3];
    CHECK_SYS(syscall(SYS_getresgid, &want[0], &want[1], &want[2]));
    gid_t r = 7777, e = 7777, s = 7777;
    CHECK_EQ_INT(rns_getresgid(&r, &e, &s), 0);
    CHECK_EQ_INT(r, want[0]);
    CHECK_EQ_INT(e, want[1]);
    CHECK_EQ_INT(s, want[2]);
    r = e = s = 7777;
    CHECK_ERR(rns_getresgid(NULL, &e, &s), -EFAULT);
    CHECK_ERR(rns_getresgid(&r, NULL, &s), -EFAULT);
    CHECK_ERR(rns_getresgid(&r, &e, NULL), -EFAULT);
    CHECK_EQ_INT(r, 7777);
    CHECK_EQ_INT(e, 7777);
    CHECK_EQ_INT(s, 7777);
}

/* getresuid reflects a real change (root only: needs a second id). */
TEST(cred_getresuid_after_change, PRIV)
{
    need_real_root_ids();
    CHECK_SYS(setresuid(101, 202, 303));
    uid_t r, e, s;
    CHECK_EQ_INT(rns_getresuid(&r, &e, &s), 0);
    CHECK(r == 101 && e == 202 && s == 303);
}

/* ---- rns_getgroups ------------------------------------------------------ */

TEST(cred_getgroups_count_and_list, ANY)
{
    if (geteuid() == 0) { /* real root: make the list non-trivial */
        gid_t g[3] = { 300, 100, 200 };
        CHECK_SYS(setgroups(3, g));
    }
    int n = (int)CHECK_SYS(getgroups(0, NULL));
    gid_t want[n + 1], got[n + 2];
    CHECK_SYS(getgroups(n, want));
    CHECK_EQ_INT(rns_getgroups(NULL, 0), n); /* size 0: count only */
    for (int i = 0; i < n + 2; i++)
        got[i] = 7777;
    CHECK_EQ_INT(rns_getgroups(got, (size_t)n + 2), n); /* larger buffer is fine */
    for (int i = 0; i < n; i++)
        CHECK_EQ_INT(got[i], want[i]);
    CHECK_EQ_INT(got[n], 7777);
    if (n > 0)
        CHECK_EQ_INT(rns_getgroups(got, (size_t)n), n); /* exact fit */
}

TEST(cred_getgroups_errors, ANY)
{
    CHECK_ERR(rns_getgroups(NULL, 1), -EFAULT);
    CHECK_ERR(rns_getgroups(NULL, 65536), -EFAULT);
    if (geteuid() == 0) {
        gid_t g[3] = { 10, 20, 30 };
        CHECK_SYS(setgroups(3, g));
    }
    int n = (int)CHECK_SYS(getgroups(0, NULL));
    if (n < 2)
        SKIP("process has %d supplementary group(s) and cannot add any; "
             "size-smaller-than-count (-EINVAL) needs >= 2", n);
    gid_t buf[1] = { 7777 };
    CHECK_ERR(rns_getgroups(buf, 1), -EINVAL);
    CHECK_EQ_INT(buf[0], 7777);
}

/* ---- rns_setgroups ------------------------------------------------------ */

TEST(cred_setgroups_all_threads, PRIV)
{
    gid_t list[3] = { 300, 100, 200 };
    if (h_in_userns) {
        /* setgroups was disabled ("deny") to allow the gid_map write */
        CHECK_ERR(rns_setgroups(list, 3), -EPERM);
        SKIP("setgroups is denied in an unprivileged user namespace (checked -EPERM); "
             "the success path needs real root");
    }
    struct worker o;
    worker_start(&o);
    CHECK_EQ_INT(rns_setgroups(list, 3), 0);
    CHECK_OTHER_THREAD_GROUPS(&o, list, 3);
    CHECK_EQ_INT(getgroups(0, NULL), 3);
    /* size 0 clears (list may be NULL) */
    CHECK_EQ_INT(rns_setgroups(NULL, 0), 0);
    CHECK_OTHER_THREAD_GROUPS(&o, list, 0);
    CHECK_EQ_INT(rns_setgroups(list, 1), 0);
    CHECK_OTHER_THREAD_GROUPS(&o, list, 1);
    CHECK_EQ_INT(rns_setgroups(list, 0), 0);
    CHECK_OTHER_THREAD_GROUPS(&o, list, 0);
    worker_stop(&o);
}

/* 65536 is the kernel maximum (NGROUPS_MAX) and is accepted. */
TEST(cred_setgroups_65536, PRIV)
{
    if (h_in_userns)
        SKIP("setgroups is denied in an unprivileged user namespace; needs real root");
    static gid_t list[65536];
    for (size_t i = 0; i < 65536; i++)
        list[i] = (gid_t)(i + 1);
    struct worker o;
    worker_start(&o);
    CHECK_EQ_INT(rns_setgroups(list, 65536), 0);
    CHECK_EQ_INT(rns_getgroups(NULL, 0), 65536);
    CHECK_OTHER_THREAD_GROUPS(&o, list, 65536);
    worker_stop(&o);
}

TEST(cred_setgroups_errors, ANY)
{
    int before = (int)CHECK_SYS(getgroups(0, NULL));
    static gid_t big[65537];
    for (size_t i = 0; i < 65537; i++)
        big[i] = (gid_t)(i + 1);
    CHECK_ERR(rns_setgroups(NULL, 1), -EFAULT);
    CHECK_ERR(rns_setgroups(big, 65537), -EINVAL);
    CHECK_ERR(rns_setgroups(big, (size_t)1 << 32), -EINVAL); /* no truncation to int */
    CHECK_ERR(rns_setgroups(big, SIZE_MAX), -EINVAL); /* size checked before reading */
    big[1] = (gid_t)-1; /* never a group id: EINVAL for every caller, privileged or not */
    CHECK_ERR(rns_setgroups(big, 2), -EINVAL);
    CHECK_EQ_INT(getgroups(0, NULL), before);
}

TEST(cred_setgroups_unprivileged_eperm, UNPRIV)
{
    gid_t g[1] = { getgid() };
    int before = (int)CHECK_SYS(getgroups(0, NULL));
    CHECK_ERR(rns_setgroups(g, 1), -EPERM);
    CHECK_ERR(rns_setgroups(NULL, 0), -EPERM);
    CHECK_EQ_INT(getgroups(0, NULL), before);
}

/* ---- rns_initgroups / rns_getgrouplist ---------------------------------- */

/* A user that is listed as a member of some group in the group database,
 * so that its group list has >= 2 entries.  NULL if there is none. */
static const char *user_with_supplementary_group(gid_t *primary)
{
    static char name[256];
    const char *found = NULL;
    struct group *gr;
    setgrent();
    while (!found && (gr = getgrent())) {
        for (char **m = gr->gr_mem; m && *m; m++) {
            struct passwd *pw = getpwnam(*m);
            if (pw && pw->pw_gid != gr->gr_gid) {
                snprintf(name, sizeof name, "%s", *m);
                *primary = pw->pw_gid;
                found = name;
                break;
            }
        }
    }
    endgrent();
    return found;
}

TEST(cred_initgroups_all_threads, PRIV)
{
    if (h_in_userns) {
        CHECK_ERR(rns_initgroups("root", 0), -EPERM);
        SKIP("setgroups is denied in an unprivileged user namespace (checked -EPERM); "
             "the success path needs real root");
    }
    gid_t primary = 0;
    const char *user = user_with_supplementary_group(&primary);
    if (!user)
        user = "root";
    gid_t want[256];
    int n = 256;
    if (getgrouplist(user, 4242, want, &n) < 0)
        FAIL("glibc getgrouplist(%s) needs more than 256 entries", user);
    struct worker o;
    worker_start(&o);
    CHECK_EQ_INT(rns_initgroups(user, 4242), 0);
    CHECK_OTHER_THREAD_GROUPS(&o, want, (size_t)n);
    worker_stop(&o);
}

TEST(cred_initgroups_errors, ANY)
{
    CHECK_ERR(rns_initgroups(NULL, 0), -EFAULT);
}

TEST(cred_initgroups_unprivileged_eperm, UNPRIV)
{
    int before = (int)CHECK_SYS(getgroups(0, NULL));
    CHECK_ERR(rns_initgroups("root", 0), -EPERM);
    CHECK_EQ_INT(getgroups(0, NULL), before);
}

TEST(cred_getgrouplist, ANY)
{
    gid_t primary = 0;
    const char *user = user_with_supplementary_group(&primary);
    if (!user)
        SKIP("no user in the group database is a member of a group other than its "
             "primary one; a >= 2 entry list is needed");
    gid_t want[256];
    int n = 256;
    if (getgrouplist(user, primary, want, &n) < 0)
        FAIL("glibc getgrouplist(%s) needs more than 256 entries", user);
    CHECK(n >= 2);

    gid_t got[256 + 1];
    for (int i = 0; i <= 256; i++)
        got[i] = 7777;
    CHECK_EQ_INT(rns_getgrouplist(user, primary, got, 256), n);
    for (int i = n; i <= 256; i++)
        if (got[i] != 7777)
            FAIL("rns_getgrouplist wrote entry %d beyond the count %d", i, n);
    size_t wn = normalize_gids(want, (size_t)n);
    size_t gn = normalize_gids(got, (size_t)n);
    CHECK_EQ_INT(gn, wn);
    CHECK(memcmp(got, want, wn * sizeof *got) == 0);

    /* smaller buffer: full count returned, only `size` entries written */
    gid_t small[3] = { 7777, 7777, 7777 };
    CHECK_EQ_INT(rns_getgrouplist(user, primary, small, 1), n);
    CHECK(small[0] != 7777);
    CHECK_EQ_INT(small[1], 7777);
    /* size 0, list NULL: just the count */
    CHECK_EQ_INT(rns_getgrouplist(user, primary, NULL, 0), n);
}

/* Defect: glibc allocates as many entries as it is told there is room for,
 * so a large `size` failed with -ENOMEM. The room is now sized from the real
 * count. (The buffer is smaller than `size` says: only the count is written,
 * which is what this checks; the address-space limit makes glibc's large
 * allocation fail for certain.) */
TEST(cred_getgrouplist_huge_size, ANY)
{
    static gid_t buf[4096];
    gid_t want[4096];
    int n = CHECK_OK(rns_getgrouplist("root", 0, want, 4096));
#if !H_ASAN /* AddressSanitizer's shadow memory, and valgrind, need the address space */
    if (!H_VALGRIND()) {
    struct rlimit as = { 512UL << 20, 512UL << 20 };
    CHECK_SYS(setrlimit(RLIMIT_AS, &as));
    }
#endif
    for (size_t i = 0; i < 4096; i++)
        buf[i] = (gid_t)-7;
    CHECK_EQ_INT(rns_getgrouplist("root", 0, buf, (size_t)1 << 36), n);
    CHECK(memcmp(buf, want, (size_t)n * sizeof *buf) == 0);
    CHECK_EQ_INT(buf[n], (gid_t)-7);
    CHECK_EQ_INT(rns_getgrouplist("root", 0, buf, (size_t)INT_MAX + 1), n);
    CHECK_EQ_INT(rns_getgrouplist("root", 0, buf, SIZE_MAX), n); /* "room enough" */
    CHECK_OK(rns_getgroups(buf, SIZE_MAX));
    CHECK_EQ_INT(rns_getgrouplist("root", 0, buf, 1), n);
    CHECK_EQ_INT(buf[0], want[0]);
}

TEST(cred_getgrouplist_errors, ANY)
{
    gid_t buf[4];
    CHECK_ERR(rns_getgrouplist(NULL, 0, buf, 4), -EFAULT);
    CHECK_ERR(rns_getgrouplist("root", 0, NULL, 4), -EFAULT);
}

/* ---- rns_drop_privileges ------------------------------------------------ */

/* "Key:" line of a /proc status file, the value with tabs as spaces ("" if none). */
static void status_field(const char *path, const char *key, char *out, size_t n)
{
    char line[512];
    size_t klen = strlen(key);
    out[0] = 0;
    FILE *f = fopen(path, "re");
    if (!f)
        return;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
            char *v = line + klen + 1;
            v += strspn(v, " \t");
            v[strcspn(v, "\n")] = 0;
            for (char *p = v; *p; p++)
                if (*p == '\t')
                    *p = ' ';
            size_t len = strlen(v);
            while (len > 0 && v[len - 1] == ' ')
                v[--len] = 0;
            snprintf(out, n, "%s", v);
            break;
        }
    fclose(f);
}

/* Every thread of the process (as /proc/self/task lists them) shows these status fields. */
static void check_every_thread(const char *uid4, const char *gid4, const char *groups, int no_caps)
{
    char path[300], v[256];
    DIR *d = opendir("/proc/self/task");
    CHECK(d != NULL);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "/proc/self/task/%s/status", de->d_name);
        status_field(path, "Uid", v, sizeof v);
        CHECK_STR_EQ(v, uid4);
        status_field(path, "Gid", v, sizeof v);
        CHECK_STR_EQ(v, gid4);
        status_field(path, "Groups", v, sizeof v);
        CHECK_STR_EQ(v, groups);
        if (no_caps) {
            status_field(path, "CapPrm", v, sizeof v);
            CHECK_STR_EQ(v, "0000000000000000");
            status_field(path, "CapEff", v, sizeof v);
            CHECK_STR_EQ(v, "0000000000000000");
        }
        n++;
    }
    closedir(d);
    CHECK(n >= 3);
}

/* Root drops to 65534 with two groups while two other threads run: every thread has the new
 * ids and groups and no capability; uid 0 cannot be taken back (glibc or raw); no_new_privs
 * set on the calling thread. */
TEST(drop_privileges_every_thread, PRIV)
{
    need_real_root_ids();
    struct worker a, b;
    worker_start(&a);
    worker_start(&b);
    gid_t groups[] = { 65534, 100, 100 };
    CHECK_EQ_INT(rns_drop_privileges(65534, 65534, groups, 3, RNS_DROP_NO_NEW_PRIVS), 0);
    /* (the kernel keeps the duplicate it was given) */
    check_every_thread("65534 65534 65534 65534", "65534 65534 65534 65534", "100 100 65534", 1);
    CHECK_OTHER_THREAD_RESUID(&a, 65534, 65534, 65534);
    CHECK_OTHER_THREAD_RESGID(&b, 65534, 65534, 65534);
    CHECK_ERR(rns_setuid(0), -EPERM);
    CHECK_ERR(rns_setresuid(0, 0, 0), -EPERM);
    CHECK_EQ_INT(syscall(SYS_setresuid, 0, 0, 0), -1);
    char v[64];
    status_field("/proc/thread-self/status", "NoNewPrivs", v, sizeof v);
    CHECK_STR_EQ(v, "1");
    worker_stop(&a);
    worker_stop(&b);
}

/* A failure before the uid changes is undone: groups and gids as before, the step's errno. */
static void drop_denied_fn(void *arg)
{
    (void)arg;
    gid_t before[8];
    int n = getgroups(8, before);
    struct worker w;
    worker_start(&w);
    gid_t groups[] = { 4242 };
    CHECK_ERR(rns_drop_privileges(65534, 65534, groups, 1, 0), -EPERM);
    CHECK_OWN_RESUID(0, 0, 0);
    CHECK_OWN_RESGID(0, 0, 0);
    CHECK_OTHER_THREAD_RESGID(&w, 0, 0, 0);
    CHECK_OTHER_THREAD_GROUPS(&w, before, (size_t)n);
    worker_stop(&w);
}

/* Capabilities kept across the uid change (SECBIT_NO_SETUID_FIXUP): the ids changed, but the
 * drop is not verified: -ENOTRECOVERABLE. */
static void drop_keeps_caps_fn(void *arg)
{
    (void)arg;
    CHECK_SYS(prctl(PR_SET_SECUREBITS, 1 << 2 /* SECBIT_NO_SETUID_FIXUP */, 0, 0, 0));
    CHECK_ERR(rns_drop_privileges(65534, 65534, NULL, 0, 0), -ENOTRECOVERABLE);
}

TEST(drop_privileges_injected_failures, PRIV)
{
    need_real_root_ids();
    CHECK_SYS(setresgid(0, 0, 0));
    in_sandbox(SB_DENY_SETRESUID, drop_denied_fn, NULL);
    in_sandbox(SB_DENY_SETRESGID, drop_denied_fn, NULL);
    in_sandbox(0, drop_keeps_caps_fn, NULL);
    sb_done();
}

TEST(drop_privileges_errors, ANY)
{
    uid_t r, e, s;
    gid_t g = 1;
    CHECK_SYS(getresuid(&r, &e, &s));
    CHECK_ERR(rns_drop_privileges(e, getegid(), NULL, 0, 2), -EINVAL);
    CHECK_ERR(rns_drop_privileges((uid_t)-1, getegid(), NULL, 0, 0), -EINVAL);
    CHECK_ERR(rns_drop_privileges(e, (gid_t)-1, NULL, 0, 0), -EINVAL);
    CHECK_ERR(rns_drop_privileges(e, getegid(), NULL, 1, 0), -EFAULT);
    gid_t bad = (gid_t)-1;
    CHECK_ERR(rns_drop_privileges(e, getegid(), &bad, 1, 0), -EINVAL);
    CHECK_ERR(rns_drop_privileges(e, getegid(), &g, 65537, 0), -EINVAL);
    CHECK_OWN_RESUID(r, e, s);
}

/* An ordinary user "drops" to its own ids and groups (setgroups skipped, as they are its own);
 * to uid 0 it gets EPERM with nothing changed. */
TEST(drop_privileges_unprivileged, UNPRIV)
{
    uid_t u = getuid();
    gid_t g = getgid(), groups[64];
    int n = getgroups(64, groups);
    CHECK(n >= 0);
    CHECK_EQ_INT(rns_drop_privileges(u, g, groups, (size_t)n, 0), 0);
    CHECK_OWN_RESUID(u, u, u);
    CHECK_ERR(rns_drop_privileges(0, 0, groups, (size_t)n, 0), -EPERM);
    CHECK_OWN_RESUID(u, u, u);
    CHECK_OWN_RESGID(g, g, g);
}
