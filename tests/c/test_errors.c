/*
 * test_errors.c - errors, version, constants (src/errors.rs, src/lib.rs):
 *
 *   rns_strerror, rns_errname, rns_version, the RNS_* constants
 *
 * Part of the test_rns program (test_rns.c runs it; helpers.h, harness.h).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>

#include "helpers.h"

/* Kernel values that older userspace headers may lack. */
#define K_PIDFD_SIGNAL_THREAD (1u << 0)
#define K_PIDFD_SIGNAL_THREAD_GROUP (1u << 1)
#define K_PIDFD_SIGNAL_PROCESS_GROUP (1u << 2)
#define K_PIDFD_SELF_THREAD (-10000)
#define K_PIDFD_SELF_THREAD_GROUP (-10001)

TEST(err_strerror_known, ANY)
{
    CHECK_STR_EQ(rns_strerror(EPERM), "Operation not permitted");
    CHECK_STR_EQ(rns_strerror(-EPERM), "Operation not permitted");
    static const int errs[] = { ENOENT, ESRCH, EBADF, EACCES, EFAULT, EINVAL, ENOTTY };
    for (size_t i = 0; i < sizeof errs / sizeof errs[0]; i++) {
        char want[128];
        snprintf(want, sizeof want, "%s", strerror(errs[i]));
        CHECK_STR_EQ(rns_strerror(errs[i]), want);
        CHECK_STR_EQ(rns_strerror(-errs[i]), want);
    }
}

TEST(err_strerror_never_null, ANY)
{
    static const int vals[] = { 0, 1, -1, 4095, -4095, 99999, -99999, INT_MAX, INT_MIN, INT_MIN + 1 };
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        const char *s = rns_strerror(vals[i]);
        if (!s || !*s)
            FAIL("rns_strerror(%d) returned %s", vals[i], s ? "\"\"" : "NULL");
    }
}

/* A later call must not overwrite an earlier result (no shared buffer). */
TEST(err_strerror_results_stable, ANY)
{
    const char *a = rns_strerror(EPERM);
    const char *b = rns_strerror(ENOENT);
    CHECK(rns_strerror(99999) != NULL);
    CHECK_STR_EQ(a, "Operation not permitted");
    CHECK(b && strcmp(b, a) != 0);
    const char *n1 = rns_errname(EPERM);
    const char *n2 = rns_errname(ENOENT);
    CHECK_STR_EQ(n1, "EPERM");
    CHECK_STR_EQ(n2, "ENOENT");
}

TEST(err_errname_known, ANY)
{
    static const struct { int e; const char *n; } names[] = {
        { EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
        { EINTR, "EINTR" }, { EBADF, "EBADF" },   { ECHILD, "ECHILD" },
        { ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EFAULT, "EFAULT" },
        { EBUSY, "EBUSY" },  { EEXIST, "EEXIST" }, { EINVAL, "EINVAL" },
        { ENOTTY, "ENOTTY" }, { ENOSPC, "ENOSPC" }, { ERANGE, "ERANGE" },
        { ENOSYS, "ENOSYS" }, { EUSERS, "EUSERS" },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        CHECK_STR_EQ(rns_errname(names[i].e), names[i].n);
        CHECK_STR_EQ(rns_errname(-names[i].e), names[i].n);
    }
}

TEST(err_errname_special, ANY)
{
    CHECK_STR_EQ(rns_errname(0), "OK");
    CHECK_STR_EQ(rns_errname(99999), "UNKNOWN");
    CHECK_STR_EQ(rns_errname(-99999), "UNKNOWN");
    CHECK_STR_EQ(rns_errname(INT_MAX), "UNKNOWN");
    CHECK_STR_EQ(rns_errname(INT_MIN), "UNKNOWN");
}

/* Many threads hammering strerror/errname get consistent answers. */
#define ERR_THREADS 8
static const int err_sample[] = { EPERM, ENOENT, ESRCH, EBADF, EINVAL, EFAULT, 0, 99999, INT_MIN };
#define N_ERR_SAMPLE (sizeof err_sample / sizeof err_sample[0])
static char err_want_msg[N_ERR_SAMPLE][256], err_want_name[N_ERR_SAMPLE][64];

static void *err_hammer(void *arg)
{
    long seed = (long)(intptr_t)arg;
    for (int it = 0; it < 20000; it++) {
        size_t i = (size_t)(it + seed) % N_ERR_SAMPLE;
        const char *m = rns_strerror(err_sample[i]);
        const char *n = rns_errname(err_sample[i]);
        if (!m || strcmp(m, err_want_msg[i]) != 0 || !n || strcmp(n, err_want_name[i]) != 0)
            return (void *)1;
    }
    return NULL;
}

TEST(err_thread_safety, ANY)
{
    for (size_t i = 0; i < N_ERR_SAMPLE; i++) {
        const char *m = rns_strerror(err_sample[i]), *n = rns_errname(err_sample[i]);
        CHECK(m && n);
        snprintf(err_want_msg[i], sizeof err_want_msg[i], "%s", m);
        snprintf(err_want_name[i], sizeof err_want_name[i], "%s", n);
    }
    pthread_t th[ERR_THREADS];
    for (long t = 0; t < ERR_THREADS; t++)
        CHECK(pthread_create(&th[t], NULL, err_hammer, (void *)(intptr_t)t) == 0);
    for (int t = 0; t < ERR_THREADS; t++) {
        void *r;
        pthread_join(th[t], &r);
        if (r)
            FAIL("thread %d saw an inconsistent rns_strerror/rns_errname result", t);
    }
}

TEST(version_string, ANY)
{
    char want[64];
    snprintf(want, sizeof want, "%d.%d.%d", RNS_VERSION_MAJOR, RNS_VERSION_MINOR,
             RNS_VERSION_PATCH);
    CHECK_STR_EQ(rns_version(), want);
}

/* The RNS_* constants carry the kernel's values. */
TEST(constants_match_kernel, ANY)
{
    CHECK_EQ_INT(RNS_CLONE_NEWNS, CLONE_NEWNS);
    CHECK_EQ_INT(RNS_CLONE_NEWCGROUP, CLONE_NEWCGROUP);
    CHECK_EQ_INT(RNS_CLONE_NEWUTS, CLONE_NEWUTS);
    CHECK_EQ_INT(RNS_CLONE_NEWIPC, CLONE_NEWIPC);
    CHECK_EQ_INT(RNS_CLONE_NEWUSER, CLONE_NEWUSER);
    CHECK_EQ_INT(RNS_CLONE_NEWPID, CLONE_NEWPID);
    CHECK_EQ_INT(RNS_CLONE_NEWNET, CLONE_NEWNET);
    CHECK_EQ_INT(RNS_CLONE_NEWTIME, CLONE_NEWTIME);
    CHECK_EQ_INT(RNS_CLONE_FILES, CLONE_FILES);
    CHECK_EQ_INT(RNS_CLONE_FS, CLONE_FS);
    CHECK_EQ_INT(RNS_CLONE_SYSVSEM, CLONE_SYSVSEM);
    CHECK_EQ_INT(RNS_CLONE_SIGHAND, CLONE_SIGHAND);
    CHECK_EQ_INT(RNS_CLONE_THREAD, CLONE_THREAD);
    CHECK_EQ_INT(RNS_CLONE_VM, CLONE_VM);
    CHECK_EQ_INT(RNS_PRIO_PROCESS, PRIO_PROCESS);
    CHECK_EQ_INT(RNS_PRIO_PGRP, PRIO_PGRP);
    CHECK_EQ_INT(RNS_PRIO_USER, PRIO_USER);
    CHECK_EQ_INT(RNS_PIDFD_NONBLOCK, O_NONBLOCK);
    CHECK_EQ_INT(RNS_PIDFD_THREAD, PIDFD_THREAD);
    CHECK_EQ_INT(RNS_PIDFD_SIGNAL_THREAD, K_PIDFD_SIGNAL_THREAD);
    CHECK_EQ_INT(RNS_PIDFD_SIGNAL_THREAD_GROUP, K_PIDFD_SIGNAL_THREAD_GROUP);
    CHECK_EQ_INT(RNS_PIDFD_SIGNAL_PROCESS_GROUP, K_PIDFD_SIGNAL_PROCESS_GROUP);
    CHECK_EQ_INT(RNS_PIDFD_SELF_THREAD, K_PIDFD_SELF_THREAD);
    CHECK_EQ_INT(RNS_PIDFD_SELF_THREAD_GROUP, K_PIDFD_SELF_THREAD_GROUP);
}
