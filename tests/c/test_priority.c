/*
 * test_priority.c - nice values (src/priority.rs):
 *
 *   rns_getpriority, rns_setpriority
 *
 * Part of the test_rns program (test_rns.c runs it; helpers.h, harness.h).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include "helpers.h"

/* nice value with the raw syscall: the kernel returns 20 - nice */
static int raw_nice_of(int which, int who)
{
    long r = syscall(SYS_getpriority, which, who);
    if (r < 0)
        FAIL("raw getpriority(%d, %d): %s", which, who, strerror(errno));
    return 20 - (int)r;
}

TEST(prio_get_process_self, ANY)
{
    int p = 12345;
    CHECK_EQ_INT(rns_getpriority(RNS_PRIO_PROCESS, 0, &p), 0);
    CHECK_EQ_INT(p, raw_nice_of(PRIO_PROCESS, 0));
    p = 12345;
    CHECK_EQ_INT(rns_getpriority(RNS_PRIO_PROCESS, (id_t)getpid(), &p), 0);
    CHECK_EQ_INT(p, raw_nice_of(PRIO_PROCESS, getpid()));
}

/* -1 is a legal nice value, not an error.  Lowering nice needs
 * CAP_SYS_NICE in the initial user ns (or RLIMIT_NICE >= 21). */
TEST(prio_minus_one_roundtrip, ANY)
{
    struct rlimit rl;
    CHECK_SYS(getrlimit(RLIMIT_NICE, &rl));
    if (geteuid() != 0 && rl.rlim_cur < 21)
        SKIP("lowering nice to -1 needs root (CAP_SYS_NICE) or RLIMIT_NICE >= 21 (have %lu)",
             (unsigned long)rl.rlim_cur);
    CHECK_EQ_INT(rns_setpriority(RNS_PRIO_PROCESS, 0, -1), 0);
    CHECK_EQ_INT(raw_nice_of(PRIO_PROCESS, 0), -1);
    int p = 12345;
    CHECK_EQ_INT(rns_getpriority(RNS_PRIO_PROCESS, 0, &p), 0);
    CHECK_EQ_INT(p, -1);
}

/* Raising nice needs no privilege. */
TEST(prio_raise_roundtrip, ANY)
{
    int cur = raw_nice_of(PRIO_PROCESS, 0);
    if (cur >= 19)
        SKIP("nice is already 19; cannot raise it further");
    int target = cur < 15 ? 15 : 19;
    CHECK_EQ_INT(rns_setpriority(RNS_PRIO_PROCESS, 0, target), 0);
    CHECK_EQ_INT(raw_nice_of(PRIO_PROCESS, 0), target);
    int p = 12345;
    CHECK_EQ_INT(rns_getpriority(RNS_PRIO_PROCESS, 0, &p), 0);
    CHECK_EQ_INT(p, target);
}

/* PRIO_PROCESS with who 0 = the calling THREAD: nice is per-thread. */
struct prio_thread_arg {
    int value, got, tid;
    int ready[2], go[2];
};
static void *prio_thread(void *arg)
{
    struct prio_thread_arg *a = arg;
    char c = 1;
    a->tid = gettid_();
    CHECK_EQ_INT(rns_setpriority(RNS_PRIO_PROCESS, 0, a->value), 0);
    CHECK_EQ_INT(rns_getpriority(RNS_PRIO_PROCESS, 0, &a->got), 0);
    write_all(a->ready[1], &c, 1);
    read_all(a->go[0], &c, 1); /* stay alive while main reads our nice */
    return NULL;
}

TEST(prio_process_who0_is_per_thread, ANY)
{
    int cur = raw_nice_of(PRIO_PROCESS, 0);
    if (cur >= 19)
        SKIP("nice is already 19; cannot raise it in a thread");
    struct prio_thread_arg a = { .value = cur < 17 ? cur + 2 : 19 };
    char c = 1;
    CHECK_SYS(pipe2(a.ready, O_CLOEXEC));
    CHECK_SYS(pipe2(a.go, O_CLOEXEC));
    pthread_t th;
    CHECK(pthread_create(&th, NULL, prio_thread, &a) == 0);
    read_all(a.ready[0], &c, 1);
    CHECK_EQ_INT(a.got, a.value);
    CHECK_EQ_INT(raw_nice_of(PRIO_PROCESS, 0), cur); /* main thread untouched */
    CHECK_EQ_INT(raw_nice_of(PRIO_PROCESS, a.tid), a.value);
    int p = 12345;
    CHECK_EQ_INT(rns_getpriority(RNS_PRIO_PROCESS, (id_t)a.tid, &p), 0);
    CHECK_EQ_INT(p, a.value);
    write_all(a.go[1], &c, 1);
    pthread_join(th, NULL);
}

/* PRIO_PGRP: every process of the group changes. */
TEST(prio_pgrp, ANY)
{
    CHECK_SYS(setpgid(0, 0));
    int cur = raw_nice_of(PRIO_PROCESS, 0);
    if (cur >= 19)
        SKIP("nice is already 19; cannot raise it");
    int target = cur < 12 ? 12 : 19;
    pid_t member = start_sleeper(); /* same group as us */
    CHECK_EQ_INT(rns_setpriority(RNS_PRIO_PGRP, 0, target), 0);
    int p = 12345;
    CHECK_EQ_INT(rns_getpriority(RNS_PRIO_PGRP, 0, &p), 0);
    CHECK_EQ_INT(p, target);
    CHECK_EQ_INT(raw_nice_of(PRIO_PROCESS, member), target);
    CHECK_EQ_INT(raw_nice_of(PRIO_PROCESS, 0), target);
    p = 12345;
    CHECK_EQ_INT(rns_getpriority(RNS_PRIO_PGRP, (id_t)getpgrp(), &p), 0);
    CHECK_EQ_INT(p, target);
    kill_and_reap(member);
}

/* PRIO_USER reports the lowest nice of the user's processes: within range
 * and not above our own.  (Not set: that would touch other processes.) */
TEST(prio_user_get, ANY)
{
    int mine = raw_nice_of(PRIO_PROCESS, 0);
    int p = 12345;
    CHECK_EQ_INT(rns_getpriority(RNS_PRIO_USER, getuid(), &p), 0);
    CHECK(p >= -20 && p <= 19);
    CHECK(p <= mine);
    p = 12345;
    CHECK_EQ_INT(rns_getpriority(RNS_PRIO_USER, 0, &p), 0); /* who 0 = our uid */
    CHECK(p >= -20 && p <= mine);
    /* a uid with no processes at all */
    p = 12345;
    CHECK_ERR(rns_getpriority(RNS_PRIO_USER, 3999999, &p), -ESRCH);
    CHECK_EQ_INT(p, 12345);
}

TEST(prio_errors, ANY)
{
    pid_t gone = gone_pid();
    int p = 12345;
    CHECK_ERR(rns_getpriority(3, 0, &p), -EINVAL);
    CHECK_ERR(rns_getpriority(-1, 0, &p), -EINVAL);
    CHECK_ERR(rns_getpriority(RNS_PRIO_PROCESS, 0, NULL), -EFAULT);
    CHECK_ERR(rns_getpriority(RNS_PRIO_PROCESS, (id_t)gone, &p), -ESRCH);
    CHECK_ERR(rns_getpriority(RNS_PRIO_PGRP, (id_t)gone, &p), -ESRCH);
    CHECK_EQ_INT(p, 12345); /* written only on success */
    int nice_before = raw_nice_of(PRIO_PROCESS, 0);
    CHECK_ERR(rns_setpriority(3, 0, 10), -EINVAL);
    CHECK_ERR(rns_setpriority(-1, 0, 10), -EINVAL);
    CHECK_ERR(rns_setpriority(RNS_PRIO_PROCESS, (id_t)gone, 10), -ESRCH);
    CHECK_EQ_INT(raw_nice_of(PRIO_PROCESS, 0), nice_before);
}

/* Another user's process: -EPERM.  (Its current value is used, so even a
 * wrong success would change nothing.) */
TEST(prio_other_user_eperm, UNPRIV)
{
    pid_t pid = foreign_pid();
    int nice_of_pid = raw_nice_of(PRIO_PROCESS, pid);
    CHECK_ERR(rns_setpriority(RNS_PRIO_PROCESS, (id_t)pid, nice_of_pid), -EPERM);
}

/* Unprivileged: raising works, lowering again is -EACCES. */
TEST(prio_lower_unprivileged_eacces, UNPRIV)
{
    struct rlimit rl;
    CHECK_SYS(getrlimit(RLIMIT_NICE, &rl));
    if (rl.rlim_cur >= 16)
        SKIP("RLIMIT_NICE %lu allows lowering nice without privilege", (unsigned long)rl.rlim_cur);
    int cur = raw_nice_of(PRIO_PROCESS, 0);
    if (cur > 5)
        SKIP("nice already %d; cannot set up the 5 -> 4 step", cur);
    CHECK_SYS(setpriority(PRIO_PROCESS, 0, 5));
    CHECK_ERR(rns_setpriority(RNS_PRIO_PROCESS, 0, 4), -EACCES);
    CHECK_ERR(rns_setpriority(RNS_PRIO_PROCESS, 0, -1), -EACCES);
    CHECK_EQ_INT(raw_nice_of(PRIO_PROCESS, 0), 5);
}
