/* demo.c: a tour of librns, the first file to read when learning the API.
 *
 * Every rns_* call returns an int: >= 0 on success (the value, if the call has one),
 * -errno on failure. rns_errname()/rns_strerror() turn that negative value into text.
 *
 * Works as root and as an ordinary user (then it first enters a user namespace of its
 * own). It changes nothing on the machine: the hostname is only set inside new UTS
 * namespaces, and every namespace it makes dies with the process.
 *
 *   cc -std=gnu11 -Wall -Wextra -Iinclude -o demo bindings/c/examples/demo.c \
 *      -Ltarget/lib -Wl,-rpath,$PWD/target/lib -lrns && ./demo
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rns.h"

/* Unexpected failure of an rns_* call: print it the way the library reports it, exit 1. */
static int check(int rc, const char *what)
{
    if (rc < 0) {
        fprintf(stderr, "demo: %s = %d (%s: %s)\n", what, rc, rns_errname(rc), rns_strerror(rc));
        exit(1);
    }
    return rc;
}
#define CHECK(call) check((call), #call)

/* Same for a plain libc call that failed and set errno. */
static void die(const char *what)
{
    int e = errno;
    fprintf(stderr, "demo: %s failed (%s: %s)\n", what, rns_errname(e), rns_strerror(e));
    exit(1);
}

/* A call that is supposed to fail: show the result, and stop if it is not `want`. */
static void expect_err(int rc, int want, const char *what)
{
    printf("  %s = %d (%s: %s)\n", what, rc, rns_errname(rc), rns_strerror(rc));
    if (rc != want) {
        fprintf(stderr, "demo: expected %d (%s) from %s\n", want, rns_errname(want), what);
        exit(1);
    }
}

/* A namespace's id: the inode of its file, here from an fd of rns_ns_open(0, type). */
static unsigned long ns_id(int type)
{
    struct stat st;
    int fd = CHECK(rns_ns_open(0, type));
    if (fstat(fd, &st) < 0)
        die("fstat(namespace fd)");
    close(fd);
    return (unsigned long)st.st_ino;
}

static const char *hostname(void)
{
    static char buf[256];
    if (gethostname(buf, sizeof buf) < 0)
        die("gethostname");
    return buf;
}

static void write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
        die(path);
    close(fd);
}

/* Without root: become root of a new user namespace, mapping only our own uid and gid. */
static void enter_user_namespace(void)
{
    uid_t uid = geteuid();
    gid_t gid = getegid();
    char map[64];

    CHECK(rns_unshare(RNS_CLONE_NEWUSER));
    write_file("/proc/self/setgroups", "deny"); /* required before an unprivileged gid_map */
    snprintf(map, sizeof map, "0 %u 1", (unsigned)uid);
    write_file("/proc/self/uid_map", map);
    snprintf(map, sizeof map, "0 %u 1", (unsigned)gid);
    write_file("/proc/self/gid_map", map);
    printf("  uid %u is unprivileged: entered a new user namespace (uid %u -> %u, gid %u -> %u)\n",
           (unsigned)uid, (unsigned)uid, (unsigned)geteuid(), (unsigned)gid, (unsigned)getegid());
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* whole lines, so forked children never repeat output */
    int privileged = geteuid() == 0;
    printf("librns %s demo, pid %d\n", rns_version(), (int)getpid());

    printf("\n== 0. privilege\n");
    if (privileged)
        printf("  running as root, in the initial user namespace\n");
    else
        enter_user_namespace();

    /* The UTS namespace we will come back to. As root it is the original one. In our own
     * user namespace we may not setns() into the original (it belongs to the initial user
     * namespace), so we first make a UTS namespace of our own and use that as "home". */
    int orig_uts = CHECK(rns_ns_open(0, RNS_CLONE_NEWUTS));
    if (!privileged) {
        CHECK(rns_unshare(RNS_CLONE_NEWUTS));
        printf("  made a first UTS namespace of our own to return to (uts %lu)\n", ns_id(RNS_CLONE_NEWUTS));
    }
    int home_uts = CHECK(rns_ns_open(0, RNS_CLONE_NEWUTS));

    printf("\n== 1. rns_unshare(RNS_CLONE_NEWUTS | RNS_CLONE_NEWNET)\n");
    unsigned long uts0 = ns_id(RNS_CLONE_NEWUTS), net0 = ns_id(RNS_CLONE_NEWNET);
    CHECK(rns_unshare(RNS_CLONE_NEWUTS | RNS_CLONE_NEWNET));
    unsigned long uts1 = ns_id(RNS_CLONE_NEWUTS), net1 = ns_id(RNS_CLONE_NEWNET);
    printf("  uts: %lu -> %lu\n  net: %lu -> %lu\n", uts0, uts1, net0, net1);
    if (uts1 == uts0 || net1 == net0) { /* never touch the hostname of the namespace we came from */
        fprintf(stderr, "demo: rns_unshare returned 0 but the namespaces did not change\n");
        return 1;
    }

    printf("\n== 2. hostname: set it in the new UTS namespace, then rns_setns() back\n");
    char before[256];
    snprintf(before, sizeof before, "%s", hostname());
    if (sethostname("librns-demo", strlen("librns-demo")) < 0)
        die("sethostname");
    printf("  in new uts %lu:   hostname \"%s\" (was \"%s\")\n", uts1, hostname(), before);
    CHECK(rns_setns(home_uts, RNS_CLONE_NEWUTS));
    printf("  back in uts %lu: hostname \"%s\"\n", ns_id(RNS_CLONE_NEWUTS), hostname());
    if (strcmp(hostname(), before) != 0 || ns_id(RNS_CLONE_NEWUTS) != uts0) {
        fprintf(stderr, "demo: rns_setns did not bring the old UTS namespace back\n");
        return 1;
    }
    if (!privileged) { /* the honest limit of a user namespace: */
        expect_err(rns_setns(orig_uts, RNS_CLONE_NEWUTS), -EPERM,
                   "rns_setns(original uts, RNS_CLONE_NEWUTS)");
        printf("  (expected: the machine's UTS namespace belongs to the initial user namespace)\n");
    }
    close(orig_uts);
    close(home_uts);

    printf("\n== 3. sessions and process groups\n");
    pid_t child = fork();
    if (child < 0)
        die("fork");
    if (child == 0) {             /* a session leader must not already lead a group: fork first */
        int sid = CHECK(rns_setsid());
        printf("  child %d: rns_setsid() = %d, rns_getsid(0) = %d, rns_getpgid(0) = %d\n",
               (int)getpid(), sid, CHECK(rns_getsid(0)), CHECK(rns_getpgid(0)));
        raise(SIGSTOP);           /* stay alive until the parent has looked at us */
        _exit(0);
    }
    int status;
    if (waitpid(child, &status, WUNTRACED) < 0 || !WIFSTOPPED(status))
        die("waitpid(WUNTRACED)");
    printf("  parent %d: rns_getsid(%d) = %d (own sid %d)\n",
           (int)getpid(), (int)child, CHECK(rns_getsid(child)), CHECK(rns_getsid(0)));
    kill(child, SIGCONT);
    if (waitpid(child, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die("child 1");

    /* The shell pattern: both sides call setpgid, so neither can race ahead of the other. */
    child = fork();
    if (child < 0)
        die("fork");
    if (child == 0) {
        CHECK(rns_setpgid(0, 0));
        printf("  child %d: rns_setpgid(0, 0); rns_getpgid(0) = %d\n", (int)getpid(), CHECK(rns_getpgid(0)));
        _exit(0);
    }
    CHECK(rns_setpgid(child, child));
    int pgid = CHECK(rns_getpgid(child)); /* before reaping: a reaped pid is gone */
    if (waitpid(child, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die("child 2");
    printf("  parent: rns_setpgid(%d, %d); rns_getpgid(%d) = %d, own pgid %d\n",
           (int)child, (int)child, (int)child, pgid, rns_getpgrp());

    /* Raising the nice value needs no privilege; lowering it below the current one does. */
    printf("\n== 4. priority (the nice value of the calling thread)\n");
    int prio;
    CHECK(rns_getpriority(RNS_PRIO_PROCESS, 0, &prio));
    printf("  before: %d\n", prio);
    CHECK(rns_setpriority(RNS_PRIO_PROCESS, 0, 5));
    CHECK(rns_getpriority(RNS_PRIO_PROCESS, 0, &prio));
    printf("  rns_setpriority(RNS_PRIO_PROCESS, 0, 5); rns_getpriority(...) -> %d\n", prio);
    printf("  (the value comes back through an int*, so nice -1 is just -1: no errno dance)\n");

    printf("\n== 5. pidfd: a handle on a child that a reused pid cannot fool\n");
    child = fork();
    if (child < 0)
        die("fork");
    if (child == 0) {
        pause();
        _exit(0);
    }
    int pidfd = CHECK(rns_pidfd_open(child, 0));
    CHECK(rns_pidfd_send_signal(pidfd, SIGTERM, 0));
    if (waitpid(child, &status, 0) < 0)
        die("waitpid");
    if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGTERM) {
        fprintf(stderr, "demo: child %d was not killed by SIGTERM (status 0x%x)\n", (int)child, status);
        return 1;
    }
    printf("  rns_pidfd_open(%d, 0) = %d; rns_pidfd_send_signal(fd, SIGTERM, 0) = 0\n", (int)child, pidfd);
    printf("  waitpid: child %d killed by signal %d (%s)\n", (int)child, WTERMSIG(status), strsignal(WTERMSIG(status)));
    expect_err(rns_pidfd_send_signal(pidfd, 0, 0), -ESRCH, "rns_pidfd_send_signal(fd, 0, 0) after reaping");
    close(pidfd);

    printf("\n== 6. errors, the way a caller sees them\n");
    expect_err(rns_setns(-1, 0), -EBADF, "rns_setns(-1, 0)");
    expect_err(rns_unshare(-1), -EINVAL, "rns_unshare(-1)");

    printf("\ndone: the namespaces above die with this process; the machine's hostname is untouched\n");
    return 0;
}
