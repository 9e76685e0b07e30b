/*
 * Spawning /bin/true: rns_spawn against posix_spawn with no attribute and with each attribute
 * both have (the same settings on each side), and each attribute only librns has against
 * rns_spawn without it (what the attribute costs); into new net+uts namespaces (root only)
 * against what C programs write by hand (fork, unshare, execve) and against the unshare(1)
 * CLI; with a seccomp filter or a Landlock ruleset (and no_new_privs), against fork + prctl /
 * landlock_restrict_self + execve by hand and against rns_spawn without them. Each way waits for the child. Rounds alternate between the ways (best of 7 rounds of
 * 200), so drift on a noisy machine hits all alike.
 *
 *   bench-spawn [RESULTS.tsv]
 */
#define _GNU_SOURCE
#include <rns.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;
#define N 200
#define ROUNDS 7
#define MAXWAYS 32
static const int NS_FLAGS = RNS_CLONE_NEWNET | RNS_CLONE_NEWUTS;
static char *true_argv[] = {"/bin/true", NULL};

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static void die(const char *what, int r)
{
    fprintf(stderr, "bench-spawn: %s: %s\n", what, strerror(r < 0 ? -r : r));
    exit(1);
}

/* One way to start /bin/true: through rns_spawn with `attr`, posix_spawn with `pattr` and
 * `pfa`, or `argv` (a CLI) through posix_spawn, or `fn`. */
struct way {
    const char *name;
    rns_spawn_attr *attr;
    posix_spawnattr_t *pattr;
    posix_spawn_file_actions_t *pfa;
    char **argv;
    void (*fn)(void);
    double best;
};

static void wait_true(pid_t pid, const char *what)
{
    int st;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        die(what, EIO);
}

static void run(const struct way *w)
{
    if (w->fn) {
        w->fn();
        return;
    }
    pid_t pid;
    if (w->attr) {
        int step;
        int fd = rns_spawn(w->attr, "/bin/true", true_argv, environ, &pid, &step);
        if (fd < 0)
            die(w->name, fd);
        rns_wait_status st = {.size = sizeof st};
        int r = rns_pidfd_wait(fd, RNS_WEXITED, &st);
        if (r < 0 || st.kind != RNS_WAIT_EXITED || st.code != 0)
            die(w->name, r < 0 ? r : EIO);
        close(fd);
        return;
    }
    char **argv = w->argv ? w->argv : true_argv;
    int r = posix_spawn(&pid, argv[0], w->pfa, w->pattr, argv, environ);
    if (r != 0)
        die(w->name, r);
    wait_true(pid, w->name);
}

/* fork, `prep` in the child (0 or the failure), execve of /bin/true, wait. */
static void fork_exec(int (*prep)(void), const char *what)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (prep() != 0)
            _exit(126);
        execve("/bin/true", true_argv, environ);
        _exit(127);
    }
    if (pid < 0)
        die("fork", errno);
    wait_true(pid, what);
}

static int unshare_ns(void)
{
    return unshare(NS_FLAGS);
}

static void fork_unshare_exec(void)
{
    fork_exec(unshare_ns, "fork+unshare+execve");
}

/* The sandbox: a filter making getpid fail (4 instructions; /bin/true never calls it), a
 * ruleset allowing read-file and execute beneath /usr only. */
static struct sock_filter filter[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getpid, 0, 1),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};
static struct sock_fprog fprog = {.len = sizeof filter / sizeof filter[0], .filter = filter};
static int ruleset = -1;

/* no_new_privs, then the filter or the ruleset: what the child of fork_exec() prepares. */
static int nnp_filter(void)
{
    return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ? -1 : prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0);
}

static int nnp_ruleset(void)
{
    return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ? -1 : (int)syscall(SYS_landlock_restrict_self, ruleset, 0);
}
static void fork_seccomp_exec(void) { fork_exec(nnp_filter, "fork+prctl(SECCOMP)+execve"); }
static void fork_landlock_exec(void) { fork_exec(nnp_ruleset, "fork+restrict_self+execve"); }

/* The ruleset; dies on failure. */
static void make_ruleset(void)
{
    struct landlock_ruleset_attr ra = {.handled_access_fs = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_EXECUTE};
    struct landlock_path_beneath_attr pb = {.allowed_access = ra.handled_access_fs};
    ruleset = (int)syscall(SYS_landlock_create_ruleset, &ra, sizeof ra, 0);
    pb.parent_fd = open("/usr", O_PATH | O_CLOEXEC);
    if (ruleset < 0 || pb.parent_fd < 0 ||
        syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &pb, 0) != 0)
        die("landlock ruleset", errno);
    close(pb.parent_fd);
}

static rns_spawn_attr *new_attr(void)
{
    rns_spawn_attr *a;
    int r = rns_spawn_attr_new(&a);
    if (r < 0)
        die("rns_spawn_attr_new", r);
    return a;
}

static void check(int r, const char *what)
{
    if (r != 0)
        die(what, r);
}

/* A row of the table: ways[a] against ways[b]. */
struct row {
    const char *op, *peer, *dir, *target;
    int a, b;
};

int main(int argc, char **argv)
{
    FILE *out = argc > 1 ? fopen(argv[1], "a") : NULL;
    struct way ways[MAXWAYS];
    struct row rows[MAXWAYS];
    int nways = 0, nrows = 0;
#define WAY(...) (ways[nways] = (struct way){__VA_ARGS__, .best = 1e18}, nways++)
#define ROW(...) (rows[nrows++] = (struct row){__VA_ARGS__})

    /* No attribute. */
    int plain = WAY(.name = "rns_spawn, no attribute", .attr = new_attr());
    int posix = WAY(.name = "posix_spawn, no attribute");
    ROW("C: spawn, no attribute", "posix_spawn", "librns/peer", "<=1.02", plain, posix);

    /* A signal mask and signals set to default, on both sides. */
    sigset_t mask, dfl;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    sigemptyset(&dfl);
    sigaddset(&dfl, SIGUSR2);
    sigaddset(&dfl, SIGPIPE);
    rns_spawn_attr *a = new_attr();
    check(rns_spawn_attr_set_sigmask(a, &mask), "set_sigmask");
    check(rns_spawn_attr_set_sigdefault(a, &dfl), "set_sigdefault");
    static posix_spawnattr_t psig;
    check(posix_spawnattr_init(&psig), "posix_spawnattr_init");
    check(posix_spawnattr_setsigmask(&psig, &mask), "setsigmask");
    check(posix_spawnattr_setsigdefault(&psig, &dfl), "setsigdefault");
    check(posix_spawnattr_setflags(&psig, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF), "setflags");
    int w1 = WAY(.name = "rns_spawn, sigmask+sigdefault", .attr = a);
    int w2 = WAY(.name = "posix_spawn, SETSIGMASK|SETSIGDEF", .pattr = &psig);
    ROW("C: spawn with a signal mask and default signals", "posix_spawn, the same", "librns/peer", "-", w1, w2);

    /* fd actions: stdout and stderr onto /dev/null. */
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null < 0)
        die("/dev/null", errno);
    a = new_attr();
    check(rns_spawn_attr_set_fd(a, 1, null), "set_fd");
    check(rns_spawn_attr_set_fd(a, 2, null), "set_fd");
    static posix_spawn_file_actions_t pfd;
    check(posix_spawn_file_actions_init(&pfd), "file_actions_init");
    check(posix_spawn_file_actions_adddup2(&pfd, null, 1), "adddup2");
    check(posix_spawn_file_actions_adddup2(&pfd, null, 2), "adddup2");
    w1 = WAY(.name = "rns_spawn, 2 fd actions", .attr = a);
    w2 = WAY(.name = "posix_spawn, 2 adddup2", .pfa = &pfd);
    ROW("C: spawn with 2 fd actions (dup onto 1, 2)", "posix_spawn, adddup2 x2", "librns/peer", "-", w1, w2);

    /* posix_spawn's file actions, the same sequence on both sides: open /dev/null onto 3,
     * dup 3 onto 1, close 3, chdir /, closefrom 3. */
    a = new_attr();
    check(rns_spawn_attr_add_open(a, 3, "/dev/null", O_WRONLY, 0), "add_open");
    check(rns_spawn_attr_add_dup2(a, 3, 1), "add_dup2");
    check(rns_spawn_attr_add_close(a, 3), "add_close");
    check(rns_spawn_attr_add_chdir(a, "/"), "add_chdir");
    check(rns_spawn_attr_add_closefrom(a, 3), "add_closefrom");
    static posix_spawn_file_actions_t pfa5;
    check(posix_spawn_file_actions_init(&pfa5), "file_actions_init");
    check(posix_spawn_file_actions_addopen(&pfa5, 3, "/dev/null", O_WRONLY, 0), "addopen");
    check(posix_spawn_file_actions_adddup2(&pfa5, 3, 1), "adddup2");
    check(posix_spawn_file_actions_addclose(&pfa5, 3), "addclose");
    check(posix_spawn_file_actions_addchdir_np(&pfa5, "/"), "addchdir_np");
    check(posix_spawn_file_actions_addclosefrom_np(&pfa5, 3), "addclosefrom_np");
    w1 = WAY(.name = "rns_spawn, open+dup2+close+chdir+closefrom", .attr = a);
    w2 = WAY(.name = "posix_spawn, the same 5 file actions", .pfa = &pfa5);
    ROW("C: spawn with 5 file actions (open, dup2, close, chdir, closefrom)", "posix_spawn, the same", "librns/peer", "-", w1,
        w2);

    /* RNS_SPAWN_KEEP_FDS: the caller's fds kept, as posix_spawn keeps them (no closing pass). */
    a = new_attr();
    check(rns_spawn_attr_set_flags(a, RNS_SPAWN_KEEP_FDS), "set_flags");
    w1 = WAY(.name = "rns_spawn, RNS_SPAWN_KEEP_FDS", .attr = a);
    ROW("C: spawn keeping the caller's fds (RNS_SPAWN_KEEP_FDS)", "posix_spawn", "librns/peer", "-", w1, posix);

    /* The sandbox attributes, with no_new_privs, against fork + prctl / restrict_self + execve
     * and against rns_spawn without them (each attribute's cost). */
    make_ruleset();
    a = new_attr();
    check(rns_spawn_attr_set_no_new_privs(a, 1), "set_no_new_privs");
    check(rns_spawn_attr_set_seccomp(a, (const rns_sock_filter *)filter, fprog.len), "set_seccomp");
    w1 = WAY(.name = "rns_spawn, seccomp filter", .attr = a);
    w2 = WAY(.name = "fork+prctl(SECCOMP)+execve", .fn = fork_seccomp_exec);
    ROW("C: spawn with a seccomp filter and no_new_privs", "fork+prctl(SECCOMP)+execve", "librns/peer", "-", w1, w2);
    ROW("C: spawn with a seccomp filter, its cost", "rns_spawn, no attribute", "librns/peer", "-", w1, plain);
    a = new_attr();
    check(rns_spawn_attr_set_no_new_privs(a, 1), "set_no_new_privs");
    check(rns_spawn_attr_set_landlock(a, ruleset), "set_landlock");
    w1 = WAY(.name = "rns_spawn, Landlock ruleset", .attr = a);
    w2 = WAY(.name = "fork+restrict_self+execve", .fn = fork_landlock_exec);
    ROW("C: spawn with a Landlock ruleset and no_new_privs", "fork+restrict_self+execve", "librns/peer", "-", w1, w2);
    ROW("C: spawn with a Landlock ruleset, its cost", "rns_spawn, no attribute", "librns/peer", "-", w1, plain);

    /* Identity: the scheduler (SCHED_OTHER, 0) and RESETIDS, on both sides. */
    static posix_spawnattr_t psched, preset;
    struct sched_param sp = {.sched_priority = 0};
    check(posix_spawnattr_init(&psched), "posix_spawnattr_init");
    check(posix_spawnattr_setschedpolicy(&psched, SCHED_OTHER), "setschedpolicy");
    check(posix_spawnattr_setschedparam(&psched, &sp), "setschedparam");
    check(posix_spawnattr_setflags(&psched, POSIX_SPAWN_SETSCHEDULER), "setflags");
    a = new_attr();
    check(rns_spawn_attr_set_scheduler(a, SCHED_OTHER, 0), "set_scheduler");
    w1 = WAY(.name = "rns_spawn, scheduler", .attr = a);
    w2 = WAY(.name = "posix_spawn, SETSCHEDULER", .pattr = &psched);
    ROW("C: spawn with a scheduler policy and priority", "posix_spawn, SETSCHEDULER", "librns/peer", "-", w1, w2);
    check(posix_spawnattr_init(&preset), "posix_spawnattr_init");
    check(posix_spawnattr_setflags(&preset, POSIX_SPAWN_RESETIDS), "setflags");
    a = new_attr();
    check(rns_spawn_attr_set_flags(a, RNS_SPAWN_RESETIDS), "set_flags");
    w1 = WAY(.name = "rns_spawn, RNS_SPAWN_RESETIDS", .attr = a);
    w2 = WAY(.name = "posix_spawn, RESETIDS", .pattr = &preset);
    ROW("C: spawn with RESETIDS", "posix_spawn, RESETIDS", "librns/peer", "-", w1, w2);

    /* New namespaces: root only. */
    static char *unshare_argv[] = {"/usr/bin/unshare", "--net", "--uts", "/bin/true", NULL};
    const char *why = geteuid() != 0 ? "needs root: new namespaces need CAP_SYS_ADMIN" : NULL;
    if (!why) {
        a = new_attr();
        check(rns_spawn_attr_set_unshare(a, NS_FLAGS), "set_unshare");
        int ns = WAY(.name = "rns_spawn, new net+uts", .attr = a);
        int hand = WAY(.name = "fork+unshare+execve", .fn = fork_unshare_exec);
        int cli = WAY(.name = "unshare --net --uts (CLI)", .argv = unshare_argv);
        ROW("C: spawn into new net+uts namespaces", "fork+unshare+execve", "librns/peer", "<=1.1", ns, hand);
        ROW("C: spawn into new net+uts, against unshare(1)", "unshare --net --uts (CLI)", "peer/librns", "-", ns, cli);
        /* Root only too: chroot, and the capability sets (the bounding set needs CAP_SETPCAP). */
        a = new_attr();
        check(rns_spawn_attr_set_chroot(a, "/"), "set_chroot");
        w1 = WAY(.name = "rns_spawn, chroot /", .attr = a);
        ROW("C: spawn with a chroot, its cost", "rns_spawn, no attribute", "librns/peer", "-", w1, plain);
        a = new_attr();
        const uint64_t net_raw = 1ULL << 13, keep = net_raw | 1ULL << 5 | 1ULL << 0;
        check(rns_spawn_attr_set_bounding_set(a, keep), "set_bounding_set");
        check(rns_spawn_attr_set_inheritable_caps(a, net_raw), "set_inheritable_caps");
        check(rns_spawn_attr_set_ambient_caps(a, net_raw), "set_ambient_caps");
        w1 = WAY(.name = "rns_spawn, bounding+inheritable+ambient", .attr = a);
        ROW("C: spawn with bounding, inheritable and ambient caps, their cost", "rns_spawn, no attribute", "librns/peer",
            "-", w1, plain);
    }

    for (int w = 0; w < nways; w++)
        run(&ways[w]); /* warm up, and check each works */
    for (int round = 0; round < ROUNDS; round++)
        for (int w = 0; w < nways; w++) {
            double t0 = now();
            for (int i = 0; i < N; i++)
                run(&ways[w]);
            double per = (now() - t0) / N;
            if (per < ways[w].best)
                ways[w].best = per;
        }
    for (int w = 0; w < nways; w++)
        printf("   %-40s %8.1f us\n", ways[w].name, ways[w].best / 1e3);
    for (int i = 0; i < nrows; i++) {
        const struct row *r = &rows[i];
        double la = ways[r->a].best, pb = ways[r->b].best;
        double ratio = strcmp(r->dir, "peer/librns") == 0 ? pb / la : la / pb;
        printf("   %s: %.2f (%s)\n", r->op, ratio, r->dir);
        if (out)
            fprintf(out, "%s\t%.0f\t%s\t%.0f\t%s\t%s\n", r->op, la, r->peer, pb, r->dir, r->target);
    }
    if (why) {
        printf("   skip: %s\n", why);
        if (out)
            fprintf(out, "C: spawn into new net+uts namespaces\tskip\t%s\n", why);
    }
    if (out)
        fclose(out);
    return 0;
}
