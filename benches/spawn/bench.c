/*
 * Spawning /bin/true into new net+uts namespaces: rns_spawn against what C programs write by
 * hand (fork, unshare, execve) and against the unshare(1) CLI; and without namespaces,
 * rns_spawn against posix_spawn. Each way waits for the child. Rounds alternate between the
 * ways (best of 7 rounds of 200), so drift on a noisy machine hits all alike.
 *
 *   bench-spawn [RESULTS.tsv]    (root: new namespaces need CAP_SYS_ADMIN; skips otherwise)
 */
#define _GNU_SOURCE
#include <rns.h>

#include <errno.h>
#include <sched.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;
#define N 200
#define ROUNDS 7
static const int FLAGS = RNS_CLONE_NEWNET | RNS_CLONE_NEWUTS;

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

static rns_spawn_attr *attr_ns, *attr_plain;
static char *true_argv[] = {"true", NULL};

static void via_rns(rns_spawn_attr *a)
{
    pid_t pid;
    int step;
    int fd = rns_spawn(a, "/bin/true", true_argv, environ, &pid, &step);
    if (fd < 0)
        die("rns_spawn", fd);
    rns_wait_status st = { .size = sizeof st };
    int r = rns_pidfd_wait(fd, RNS_WEXITED, &st);
    if (r < 0 || st.kind != RNS_WAIT_EXITED || st.code != 0)
        die("rns_pidfd_wait", r < 0 ? r : EIO);
    close(fd);
}
static void rns_ns(void) { via_rns(attr_ns); }
static void rns_plain(void) { via_rns(attr_plain); }

static void fork_unshare_exec(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (unshare(FLAGS) != 0)
            _exit(126);
        execve("/bin/true", true_argv, environ);
        _exit(127);
    }
    int st;
    if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        die("fork+unshare+exec", EIO);
}

static void spawn_argv(char *const argv[])
{
    pid_t pid;
    int r = posix_spawn(&pid, argv[0], NULL, NULL, argv, environ);
    int st;
    if (r != 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        die(argv[0], r ? r : EIO);
}
static void posix_plain(void)
{
    char *argv[] = {"/bin/true", NULL};
    spawn_argv(argv);
}
static void unshare_cli(void)
{
    char *argv[] = {"/usr/bin/unshare", "--net", "--uts", "/bin/true", NULL};
    spawn_argv(argv);
}

struct way {
    const char *name;
    void (*fn)(void);
    double best;
};

int main(int argc, char **argv)
{
    const char *tsv = argc > 1 ? argv[1] : NULL;
    FILE *out = tsv ? fopen(tsv, "a") : NULL;
    if (geteuid() != 0) {
        const char *why = "needs root: new namespaces need CAP_SYS_ADMIN";
        printf("   skip: %s\n", why);
        if (out)
            fprintf(out, "C: spawn into new net+uts namespaces\tskip\t%s\n", why);
        return 0;
    }
    int r;
    if ((r = rns_spawn_attr_new(&attr_ns)) < 0 || (r = rns_spawn_attr_new(&attr_plain)) < 0 ||
        (r = rns_spawn_attr_set_unshare(attr_ns, FLAGS)) < 0)
        die("attr", r);
    struct way ways[] = {
        {"rns_spawn, new net+uts", rns_ns, 1e18},
        {"fork+unshare+execve", fork_unshare_exec, 1e18},
        {"unshare --net --uts (CLI)", unshare_cli, 1e18},
        {"rns_spawn, no namespaces", rns_plain, 1e18},
        {"posix_spawn", posix_plain, 1e18},
    };
    const int nways = sizeof ways / sizeof ways[0];
    for (int w = 0; w < nways; w++)
        ways[w].fn(); /* warm up, and check each works */
    for (int round = 0; round < ROUNDS; round++)
        for (int w = 0; w < nways; w++) {
            double t0 = now();
            for (int i = 0; i < N; i++)
                ways[w].fn();
            double per = (now() - t0) / N;
            if (per < ways[w].best)
                ways[w].best = per;
        }
    for (int w = 0; w < nways; w++)
        printf("   %-28s %8.1f us\n", ways[w].name, ways[w].best / 1e3);
    printf("   rns_spawn / fork+unshare+execve: %.2f; unshare(1) / rns_spawn: %.1fx; rns_spawn / posix_spawn: %.2f\n",
           ways[0].best / ways[1].best, ways[2].best / ways[0].best, ways[3].best / ways[4].best);
    if (out) {
        fprintf(out, "C: spawn into new net+uts namespaces\t%.0f\tfork+unshare+execve\t%.0f\tlibrns/peer\t<=1.1\n",
                ways[0].best, ways[1].best);
        fprintf(out, "C: spawn into new net+uts, against unshare(1)\t%.0f\tunshare --net --uts (CLI)\t%.0f\tpeer/librns\t-\n",
                ways[0].best, ways[2].best);
        fprintf(out, "C: spawn, no namespaces\t%.0f\tposix_spawn\t%.0f\tlibrns/peer\t-\n", ways[3].best,
                ways[4].best);
        fclose(out);
    }
    rns_spawn_attr_free(attr_ns);
    rns_spawn_attr_free(attr_plain);
    return 0;
}
