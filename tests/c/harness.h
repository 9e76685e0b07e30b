/*
 * harness.h - a tiny, dependency-free test harness for the librns C ABI.
 *
 * Every case runs in its own forked child, so the runner process never
 * changes namespace, process group, session, credentials or nice value.
 * The child reports through a pipe ("F<reason>" = fail, "S<reason>" = skip,
 * nothing + exit 0 = pass, "N<note>" + exit 0 = pass with a note).  A
 * per-case alarm() turns a hang into a failure, and the runner additionally
 * SIGKILLs a child that outlives its deadline.
 *
 * Output: one line per case
 *     ok   name
 *     ok   name: note    (PASS_NOTE: passed, having checked what it could here)
 *     FAIL name: reason (file:line)
 *     skip name: why
 * then exactly "N passed, N failed" (", N skipped" appended if any), and the
 * exit status is 1 if any case failed.
 *
 * Cases declare what privilege they need:
 *   ANY     run as the suite was started.
 *   PRIV    need CAP_SYS_ADMIN & co.  Root runs directly; an ordinary user
 *           becomes root of a fresh user namespace (rns_unshare(NEWUSER),
 *           "deny" > setgroups, "0 uid 1" > uid_map/gid_map).  If that is
 *           impossible the case is skipped with the reason.  h_in_userns
 *           tells the case which of the two it got.
 *   UNPRIV  need an unprivileged caller.  Root drops to 65534 (nobody) with
 *           setgroups/setresgid/setresuid first; an ordinary user runs as is.
 *
 * Usage:  TEST(name, ANY) { CHECK_EQ_INT(rns_foo(1), -EINVAL); ... }
 * Command line: any arguments are substrings; only matching cases run.
 * RNS_TEST_SKIP_FILE=FILE: the cases named in FILE ("name reason" lines) are reported as
 * skipped with that reason instead of run.
 * Built with LeakSanitizer (make test-asan), each passing case child checks itself for
 * leaks before it exits.
 *
 * The file that includes this header must define _GNU_SOURCE first. The runner and the
 * reporting are in harness.c, which every program of cases links once; a program may
 * spread its cases over several files (tests/c/test_rns: a file an area): they run file by
 * file in link order, and within a file in source order.
 */
#ifndef RNS_TEST_HARNESS_H
#define RNS_TEST_HARNESS_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rns.h"

/* H_ASAN: built with AddressSanitizer (gcc or clang). */
#if defined(__SANITIZE_ADDRESS__)
#define H_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define H_ASAN 1
#endif
#endif
#ifndef H_ASAN
#define H_ASAN 0
#endif

/* H_VALGRIND(): running under valgrind (its client request; 0 where valgrind.h is missing). */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define H_VALGRIND() (RUNNING_ON_VALGRIND != 0)
#endif
#endif
#ifndef H_VALGRIND
#define H_VALGRIND() 0
#endif

enum h_mode { ANY, PRIV, UNPRIV };

/* State of the current case child (harness.c). */
extern int h_report_fd;   /* the pipe to the runner */
extern int h_in_userns;   /* PRIV case running as root of a new user namespace */
extern int h_dropped;     /* UNPRIV case: root dropped to nobody */

/* Called by TEST() before main: file and line order the cases. */
void h_register(const char *name, void (*fn)(void), enum h_mode mode, const char *file, int line);

#define TEST(name, mode)                                                        \
    static void test_##name(void);                                              \
    __attribute__((constructor)) static void h_reg_##name(void)                 \
    {                                                                           \
        h_register(#name, test_##name, mode, __FILE__, __LINE__);               \
    }                                                                           \
    static void test_##name(void)

/* ---- reporting (case child side; harness.c) --------------------------- */

__attribute__((noreturn, format(printf, 3, 4)))
void h_fail(const char *file, int line, const char *fmt, ...);
__attribute__((noreturn, format(printf, 1, 2)))
void h_skip(const char *fmt, ...);
/* Ends the case as passed, with a note the runner prints after "ok": for a case that
 * could check only part of itself here and says which (-ENOSYS without pidfds, say). */
__attribute__((noreturn, format(printf, 1, 2)))
void h_pass_note(const char *fmt, ...);
/* Name of an errno value via the library under test, guarded against NULL. */
const char *h_errname(long long err);
/* "-22 (-EINVAL)" for a negative rns_* result, plain "5" / "-1" otherwise. */
const char *h_fmt_int(char *buf, size_t len, long long v, int is_rns_result);

/* ---- assertion macros ------------------------------------------------- */

#define FAIL(...) h_fail(__FILE__, __LINE__, __VA_ARGS__)
#define SKIP(...) h_skip(__VA_ARGS__)
#define PASS_NOTE(...) h_pass_note(__VA_ARGS__)

#define CHECK(cond)                                                             \
    do {                                                                        \
        if (!(cond))                                                            \
            FAIL("check failed: %s", #cond);                                    \
    } while (0)

/* Is the stringified expression an rns_* call (whose negative values are
 * -errno)?  Then failures show errno names: "expected -22 (-EINVAL)". */
#define H_IS_RNS(expr_str) (strncmp((expr_str), "rns_", 4) == 0)

/* Compare two integers, printing expected vs actual. */
#define CHECK_EQ_INT(actual, expected)                                          \
    do {                                                                        \
        long long a_ = (long long)(actual);                                     \
        long long e_ = (long long)(expected);                                   \
        if (a_ != e_) {                                                         \
            char ab_[64], eb_[64];                                              \
            int n_ = H_IS_RNS(#actual);                                         \
            FAIL("%s: expected %s, got %s", #actual,                            \
                 h_fmt_int(eb_, sizeof eb_, e_, n_), h_fmt_int(ab_, sizeof ab_, a_, n_)); \
        }                                                                       \
    } while (0)

#define CHECK_NE_INT(actual, unexpected)                                        \
    do {                                                                        \
        long long a_ = (long long)(actual);                                     \
        long long u_ = (long long)(unexpected);                                 \
        if (a_ == u_) {                                                         \
            char ab_[64];                                                       \
            FAIL("%s: expected anything but %s", #actual,                      \
                 h_fmt_int(ab_, sizeof ab_, a_, H_IS_RNS(#actual)));            \
        }                                                                       \
    } while (0)

/* An rns_* call with the documented -errno result. */
#define CHECK_ERR(call, neg_errno) CHECK_EQ_INT(call, neg_errno)

/* An rns_* call that must succeed (>= 0); evaluates to its result. */
#define CHECK_OK(call)                                                          \
    ({                                                                          \
        long long r_ = (long long)(call);                                       \
        if (r_ < 0) {                                                           \
            char rb_[64];                                                       \
            FAIL("%s: expected success, got %s", #call,                         \
                 h_fmt_int(rb_, sizeof rb_, r_, 1));                            \
        }                                                                       \
        (int)r_;                                                                \
    })

/* A libc/syscall setup step (returns -1 + errno on failure). */
#define CHECK_SYS(call)                                                         \
    ({                                                                          \
        long long r_ = (long long)(call);                                       \
        if (r_ == -1) {                                                         \
            int e_ = errno;                                                     \
            FAIL("%s failed: %s (%s)", #call, strerror(e_), h_errname(e_));     \
        }                                                                       \
        r_;                                                                     \
    })

#define CHECK_STR_EQ(actual, expected)                                          \
    do {                                                                        \
        const char *a_ = (actual);                                              \
        const char *e_ = (expected);                                            \
        if (!a_ || !e_ || strcmp(a_, e_) != 0)                                  \
            FAIL("%s: expected \"%s\", got \"%s\"", #actual,                    \
                 e_ ? e_ : "(null)", a_ ? a_ : "(null)");                       \
    } while (0)

/* Every fd the library returns must be close-on-exec. */
#define CHECK_CLOEXEC(fd)                                                       \
    do {                                                                        \
        int fl_ = fcntl((fd), F_GETFD);                                         \
        if (fl_ < 0)                                                            \
            FAIL("fcntl(%s, F_GETFD): %s", #fd, strerror(errno));              \
        if (!(fl_ & FD_CLOEXEC))                                                \
            FAIL("%s (fd %d) is not O_CLOEXEC", #fd, (int)(fd));               \
    } while (0)

/* ---- helpers for cases (harness.c) ----------------------------------- */

/* fork() for helper processes inside a case: the helper gets SIGKILL when the case dies,
 * so a failing or timed-out case leaves nothing behind. */
pid_t h_fork(void);
/* Writes text to an existing file (/proc/...): 0 or -errno. */
int h_write_file(const char *path, const char *text);
/* A PRIV case's way to root for an ordinary user: a new user namespace mapping it to 0
 * (skips the case, with the reason, where that is impossible). */
void h_become_root_in_userns(void);

/* Runs the cases (those whose name contains an argument, if any); the exit status. */
int h_main(int argc, char **argv);

#endif /* RNS_TEST_HARNESS_H */
