/*
 * helpers.h - what the area files of the C suite (tests/c/test_*.c, one program: test_rns)
 * share: harness.h, and the helpers several areas use (helpers.c). A helper only one area
 * uses lives in that area's file. Setup uses raw libc calls and syscalls, never the function
 * under test.
 *
 * The file that includes this header must define _GNU_SOURCE first.
 */
#ifndef RNS_TEST_HELPERS_H
#define RNS_TEST_HELPERS_H

#include <pthread.h>
#include <sys/types.h>

#include "harness.h"

/* Kernel values that older userspace headers may lack. */
#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif

/* The calling thread's id, by raw syscall. */
pid_t gettid_(void);
/* pidfd_open(2) by raw syscall: an fd, or -1 and errno. */
int raw_pidfd_open(pid_t pid, unsigned flags);

/* ---- kernels and sandboxes without pidfds ------------------------------ */

/* Whether pidfd_open(2) answers ENOSYS here (a kernel before 5.3, a sandbox that hides the
 * pidfd calls, valgrind): the pidfd cases then expect -ENOSYS, the namespace cases run
 * unchanged. */
int no_pidfd(void);
/* Why the pidfd calls are missing, for notes. */
const char *no_pidfd_why(void);

/* ---- processes, fds, pipes ---------------------------------------------- */

/* The inode of an open fd. */
ino_t fd_ino(int fd);
/* A pid that certainly names no process: a child that was forked and reaped. */
pid_t gone_pid(void);
/* A pid above /proc/sys/kernel/pid_max: can never exist. */
pid_t beyond_pid_max(void);
/* A process the (unprivileged) caller does not own: pid 1 (skips the case if it is ours). */
pid_t foreign_pid(void);
/* An open fd on an (already unlinked) regular file. */
int regular_file_fd(void);
/* The number of fds open in this process. */
int count_open_fds(void);
/* Exactly len bytes to or from a pipe, or the case fails. */
void write_all(int fd, const void *buf, size_t len);
void read_all(int fd, void *buf, size_t len);
/* Waits for a child and requires that it was killed by `sig`. */
void expect_killed_by(pid_t pid, int sig);
/* A child that just waits (pause) until killed; kill_and_reap() ends it. */
pid_t start_sleeper(void);
void kill_and_reap(pid_t pid);

/* ---- a worker thread that runs functions on request -------------------- */

/* The thread is created first and then kept alive; worker_run() executes a function ON
 * that thread and waits for it: per-thread state (credentials, fd table, fs_struct) seen
 * from a thread that existed BEFORE the change made by the calling thread. */
struct worker {
    pthread_t th;
    pid_t tid;
    int cmd[2], done[2];
    void (*fn)(void *);
    void *arg;
};

void worker_start(struct worker *w);
void worker_run(struct worker *w, void (*fn)(void *), void *arg);
void worker_stop(struct worker *w);

/* Simulated kernels: in_sandbox(modes, fn, arg) runs fn(arg) in a forked child under the
 * seccomp sandbox `modes` (tests/c/seccomp.h; 0: none) and requires it to pass; sb_mode_now
 * is those modes inside the child. Where seccomp itself is missing (valgrind), a mode is run
 * only if the place already answers so, else remembered; sb_done() ends such a case with a
 * note naming the modes not simulated. */
extern int sb_mode_now, sb_missing;
void in_sandbox(int modes, void (*fn)(void *), void *arg);
void sb_done(void);

#endif /* RNS_TEST_HELPERS_H */
