/* demo.c: a tour of librns, the first file to read when learning the API.
 *
 * It starts a program in new namespaces and another in the first one's, runs a function
 * inside another process's namespaces while the calling thread stays where it is, moves a
 * thread in and back, shows a failing start the way the caller sees it, and waits for the
 * children through their pidfds.
 *
 * Every rns_* call returns an int: >= 0 on success (the value, if the call has one), -errno
 * on failure. rns_errname()/rns_strerror() turn that negative value into text.
 *
 * As root it needs nothing more. As an ordinary user the first child also gets a user
 * namespace of its own, where it is root (uid map "0 <your uid> 1"), and the demo joins that
 * user namespace before it acts inside the child's other namespaces; the one step that needs
 * real root (moving this thread into a namespace and back) says why it is skipped. It changes
 * nothing on the machine: the hostname is set only in the child's new UTS namespace, and
 * every namespace ends with the processes in it. Exit status 0: everything shown worked.
 *
 *   cc -std=gnu11 -Wall -Wextra -Iinclude -o demo bindings/c/examples/demo.c \
 *      -Ltarget/lib -Wl,-rpath,$PWD/target/lib -lrns && ./demo
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rns.h"

#define NAME "librns-demo" /* the hostname set inside the child's UTS namespace */

/* What each child runs (sh -c, with NAME as $1): wait for a line on stdin, say what it sees,
 * and exit 0 only if its hostname is NAME and it is root (uid 0) where it runs. */
static const char child_script[] =
    "read go; h=$(uname -n); u=$(id -u); "
    "printf '  pid %s says: hostname \"%s\", uid %s\\n' $$ \"$h\" \"$u\"; "
    "[ \"$h\" = \"$1\" ] && [ \"$u\" = 0 ]";

static int privileged;    /* started as root */
static unsigned my_uid;   /* the uid the demo started with */
static char home[256];    /* our hostname, which must never change */

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

/* A libc call failed and set errno, or something was not as it should be. */
static void die(const char *what)
{
    int e = errno;
    fprintf(stderr, "demo: %s (%s: %s)\n", what, rns_errname(e), rns_strerror(e));
    exit(1);
}
static void expect(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "demo: expected %s\n", what);
        exit(1);
    }
}

/* A namespace's id, as `ls -l /proc/PID/ns` shows it: the inode of its file. From the
 * process of `pidfd`, or with -1 from the calling thread. 0 if it cannot be read. */
static unsigned long ns_ino(int pidfd, int type)
{
    struct stat st;
    int fd = pidfd < 0 ? rns_ns_open(0, type) : rns_pidfd_ns_open(pidfd, type);
    if (fd < 0)
        return 0;
    int rc = fstat(fd, &st);
    close(fd);
    return rc < 0 ? 0 : (unsigned long)st.st_ino;
}

static const char *hostname(void)
{
    static char buf[256];
    if (gethostname(buf, sizeof buf) < 0)
        die("gethostname");
    return buf;
}

/* Starts `sh -c child_script` as `attr` says, its stdin a pipe whose write end goes to
 * *to_child. Returns the pidfd, or -errno with the failing step in *step. */
static int spawn_child(rns_spawn_attr *attr, pid_t *pid, int *to_child, int *step)
{
    char *argv[] = { "sh", "-c", (char *)child_script, "sh", NAME, NULL };
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0)
        die("pipe2");
    CHECK(rns_spawn_attr_set_fd(attr, 0, p[0])); /* the attribute keeps a duplicate */
    close(p[0]);
    int pidfd = rns_spawnp(attr, "sh", argv, NULL, pid, step);
    if (pidfd < 0)
        close(p[1]);
    else
        *to_child = p[1];
    return pidfd;
}

/* 1. A child in new UTS and network namespaces; for an ordinary user in a new user namespace
 * too, where it is root. Returns its pidfd. */
static int spawn_new(pid_t *pid, int *to_child)
{
    int flags = RNS_CLONE_NEWUTS | RNS_CLONE_NEWNET, step;
    rns_spawn_attr *attr;
    char map[32];

    printf("\n== 1. rns_spawnp(\"sh\") into new namespaces (rns_spawn_attr_set_unshare)\n");
    CHECK(rns_spawn_attr_new(&attr));
    if (!privileged) {
        flags |= RNS_CLONE_NEWUSER;
        snprintf(map, sizeof map, "0 %u 1", my_uid);
        CHECK(rns_spawn_attr_set_uid_map(attr, map));
        snprintf(map, sizeof map, "0 %u 1", (unsigned)getegid());
        CHECK(rns_spawn_attr_set_gid_map(attr, map));
        printf("  uid %u is not root: a new user namespace too, uid map \"0 %u 1\" (root inside is us)\n",
               my_uid, my_uid);
    }
    CHECK(rns_spawn_attr_set_unshare(attr, flags));
    int pidfd = spawn_child(attr, pid, to_child, &step);
    rns_spawn_attr_free(attr);
    if (pidfd < 0 && !privileged && step == RNS_SPAWN_STEP_CLONE) {
        printf("  skip the rest: the kernel refused an ordinary user a new user namespace (%s: %s):\n"
               "  unprivileged user namespaces are turned off here, or at their limit\n",
               rns_errname(pidfd), rns_strerror(pidfd));
        exit(0);
    }
    if (pidfd < 0)
        fprintf(stderr, "demo: failed at step %d (RNS_SPAWN_STEP_* in rns.h)\n", step);
    check(pidfd, "rns_spawnp(attr, \"sh\", ...)");
    unsigned long uts = ns_ino(pidfd, RNS_CLONE_NEWUTS), net = ns_ino(pidfd, RNS_CLONE_NEWNET);
    printf("  pid %d started (pidfd %d): uts %lu, net %lu; it waits for a line on stdin\n",
           (int)*pid, pidfd, uts, net);
    expect(uts && net && uts != ns_ino(-1, RNS_CLONE_NEWUTS) && net != ns_ino(-1, RNS_CLONE_NEWNET),
           "the child's uts and net namespaces to be new ones");
    return pidfd;
}

/* What the function run inside saw. */
struct inside {
    unsigned long uts, net;
};

/* Runs on a library thread, inside the child's namespaces: names the child's host. */
static int set_hostname_inside(void *arg)
{
    struct inside *in = arg;
    in->uts = ns_ino(-1, RNS_CLONE_NEWUTS);
    in->net = ns_ino(-1, RNS_CLONE_NEWNET);
    return rns_sethostname(NAME);
}

/* An ordinary user lacks CAP_SYS_ADMIN for setns(2) here, and a thread cannot join a user
 * namespace: so the (single-threaded) process joins the child's user namespace first. */
static void join_user_namespace(int pidfd, pid_t pid)
{
    CHECK(rns_setns(pidfd, RNS_CLONE_NEWUSER));
    printf("  as uid %u: rns_setns(pidfd, RNS_CLONE_NEWUSER) joined pid %d's user namespace;\n"
           "  we are uid %u there, with the capabilities setns needs over its namespaces\n",
           my_uid, (int)pid, (unsigned)geteuid());
}

/* 2. A function run inside the child's UTS and network namespaces; this thread stays. */
static void run_inside(int pidfd, pid_t pid)
{
    struct inside in = { 0, 0 };
    int result;

    printf("\n== 2. rns_run_in_ns: set the hostname inside pid %d's namespaces\n", (int)pid);
    if (!privileged)
        join_user_namespace(pidfd, pid);
    CHECK(rns_run_in_ns(pidfd, RNS_CLONE_NEWUTS | RNS_CLONE_NEWNET, set_hostname_inside, &in, &result));
    check(result, "rns_sethostname(\"" NAME "\") inside");
    printf("  a library thread, in uts %lu and net %lu, called rns_sethostname(\"%s\") = %d\n",
           in.uts, in.net, NAME, result);
    printf("  this thread stayed: uts %lu, net %lu, hostname \"%s\"\n",
           ns_ino(-1, RNS_CLONE_NEWUTS), ns_ino(-1, RNS_CLONE_NEWNET), hostname());
    expect(in.uts == ns_ino(pidfd, RNS_CLONE_NEWUTS) && in.net == ns_ino(pidfd, RNS_CLONE_NEWNET),
           "the function to run in the child's namespaces");
    expect(strcmp(hostname(), home) == 0, "our own hostname to be unchanged");
}

/* 3. This thread goes into the child's UTS namespace and comes back. */
static void enter_and_return(int pidfd, pid_t pid)
{
    rns_ns_saved *saved;
    unsigned long uts = ns_ino(-1, RNS_CLONE_NEWUTS);

    printf("\n== 3. rns_ns_enter / rns_ns_restore: this thread into pid %d's uts namespace and back\n",
           (int)pid);
    int rc = rns_ns_enter(pidfd, RNS_CLONE_NEWUTS, &saved);
    if (!privileged) {
        printf("  rns_ns_enter(pidfd, RNS_CLONE_NEWUTS, &saved) = %d (%s)\n", rc, rns_errname(rc));
        expect(rc == -EPERM, "EPERM");
        printf("  skipped, needs root: we could go in but not come back (our own uts namespace\n"
               "  belongs to the machine's user namespace), so librns refuses before going in\n");
        return;
    }
    check(rc, "rns_ns_enter(pidfd, RNS_CLONE_NEWUTS, &saved)");
    printf("  inside: uts %lu, hostname \"%s\"\n", ns_ino(-1, RNS_CLONE_NEWUTS), hostname());
    expect(strcmp(hostname(), NAME) == 0, "the child's hostname inside");
    CHECK(rns_ns_restore(saved));
    printf("  back:   uts %lu, hostname \"%s\"\n", ns_ino(-1, RNS_CLONE_NEWUTS), hostname());
    expect(ns_ino(-1, RNS_CLONE_NEWUTS) == uts && strcmp(hostname(), home) == 0,
           "rns_ns_restore to bring our uts namespace back");
}

/* 4. A second child joins the first one's namespaces, by its pidfd. Returns its pidfd. */
static int spawn_joined(int pidfd1, pid_t pid1, pid_t *pid, int *to_child)
{
    int types = RNS_CLONE_NEWUTS | RNS_CLONE_NEWNET | (privileged ? 0 : RNS_CLONE_NEWUSER), step;
    rns_spawn_attr *attr;

    printf("\n== 4. rns_spawnp(\"sh\") into pid %d's namespaces (rns_spawn_attr_set_join, its pidfd)\n",
           (int)pid1);
    CHECK(rns_spawn_attr_new(&attr));
    CHECK(rns_spawn_attr_set_join(attr, pidfd1, types));
    int pidfd = spawn_child(attr, pid, to_child, &step);
    rns_spawn_attr_free(attr);
    if (pidfd < 0)
        fprintf(stderr, "demo: failed at step %d (RNS_SPAWN_STEP_* in rns.h)\n", step);
    check(pidfd, "rns_spawnp(attr, \"sh\", ...)");
    unsigned long uts = ns_ino(pidfd, RNS_CLONE_NEWUTS), net = ns_ino(pidfd, RNS_CLONE_NEWNET);
    printf("  pid %d started: uts %lu, net %lu, the same as pid %d's\n", (int)*pid, uts, net, (int)pid1);
    expect(uts && uts == ns_ino(pidfd1, RNS_CLONE_NEWUTS) && net == ns_ino(pidfd1, RNS_CLONE_NEWNET),
           "the second child in the first one's namespaces");
    return pidfd;
}

/* 5. Lets a child go on (a line on its stdin) and waits for it through its pidfd. */
static void release_and_wait(int pidfd, int to_child)
{
    rns_wait_status st = { .size = sizeof st };

    CHECK(rns_pidfd_wait(pidfd, RNS_WEXITED | RNS_WNOHANG, &st));
    printf("  rns_pidfd_wait(pidfd, RNS_WEXITED | RNS_WNOHANG): %s\n",
           st.kind == RNS_WAIT_NONE ? "nothing yet, it is still waiting" : "it has ended already?");
    expect(st.kind == RNS_WAIT_NONE, "the child to be waiting for its line");
    if (write(to_child, "go\n", 3) != 3)
        die("write to the child's stdin");
    close(to_child);
    int pid = CHECK(rns_pidfd_wait(pidfd, RNS_WEXITED, &st));
    printf("  rns_pidfd_wait(pidfd, RNS_WEXITED) = %d: %s %d\n", pid,
           st.kind == RNS_WAIT_EXITED ? "exited with status" : "killed by signal", st.code);
    expect(st.kind == RNS_WAIT_EXITED && st.code == 0, "exit status 0 (its hostname and uid were right)");
}

/* A start that must fail: the errno and step come back to the caller, the child reaped. */
static void expect_failure(const rns_spawn_attr *attr, const char *prog, int want, int want_step,
                           const char *step_name)
{
    char *argv[] = { (char *)prog, NULL };
    pid_t pid;
    int step;
    int rc = rns_spawn(attr, prog, argv, NULL, &pid, &step);
    printf("  = %d (%s: %s), step %s\n", rc, rns_errname(rc), rns_strerror(rc),
           step == want_step ? step_name : "(another one)");
    expect(rc == want && step == want_step, step_name);
}
#define EXPECT_FAILURE(attr, prog, err, step) expect_failure(attr, prog, err, step, #step)

/* 6. Two starts that fail: a program that is not there, and joining a process that has
 * exited. */
static void failing_steps(int gone_pidfd, pid_t gone)
{
    rns_spawn_attr *attr;

    printf("\n== 6. a failing start, as the caller sees it (rns_spawn's result and *ret_step)\n");
    printf("  rns_spawn(NULL, \"/no/such/program\", ...)\n");
    EXPECT_FAILURE(NULL, "/no/such/program", -ENOENT, RNS_SPAWN_STEP_EXEC);
    CHECK(rns_spawn_attr_new(&attr));
    CHECK(rns_spawn_attr_set_join(attr, gone_pidfd, RNS_CLONE_NEWUTS));
    printf("  rns_spawn(attr, \"/bin/sh\", ...) joining the uts namespace of pid %d, which has exited\n",
           (int)gone);
    EXPECT_FAILURE(attr, "/bin/sh", -ESRCH, RNS_SPAWN_STEP_JOIN);
    rns_spawn_attr_free(attr);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* whole lines, in order with the children's */
    privileged = geteuid() == 0;
    my_uid = (unsigned)geteuid();
    snprintf(home, sizeof home, "%s", hostname());
    printf("librns %s demo: pid %d, uid %u%s\n", rns_version(), (int)getpid(), my_uid,
           privileged ? " (root)" : " (an ordinary user: user namespaces make it root inside)");
    printf("  our hostname \"%s\", uts %lu, net %lu (namespace ids: inodes, as ls -l /proc/PID/ns)\n",
           home, ns_ino(-1, RNS_CLONE_NEWUTS), ns_ino(-1, RNS_CLONE_NEWNET));

    pid_t pid1, pid2;
    int in1, in2;
    int fd1 = spawn_new(&pid1, &in1);
    run_inside(fd1, pid1);
    enter_and_return(fd1, pid1);
    int fd2 = spawn_joined(fd1, pid1, &pid2, &in2);

    printf("\n== 5. rns_pidfd_wait: let each child go on, and wait for it\n");
    release_and_wait(fd2, in2);
    release_and_wait(fd1, in1);
    close(fd2);

    failing_steps(fd1, pid1);
    close(fd1);
    expect(strcmp(hostname(), home) == 0, "our hostname to be unchanged");
    printf("\ndone: the namespaces above ended with their processes; our hostname is still \"%s\"\n",
           hostname());
    return 0;
}
