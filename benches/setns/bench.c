/*
 * bench.c - what rns_setns_pid costs, as ratios against the raw calls measured
 * in the same run (best of ROUNDS rounds of ITERS enter-and-return trips).
 *
 *   raw       pidfd_open + setns(pidfd, NET) + close       (the floor)
 *   rns NET   rns_setns_pid(pid, NET)
 *   rns USER  rns_setns_pid(pid, NET | USER), the target sharing our user
 *             namespace, so the library compares and leaves USER out
 *
 * Three namespaces at once (the target's NET, UTS and IPC):
 *
 *   rns 3     rns_setns_pid(pid, NET | UTS | IPC)
 *   nsenter   what nsenter(1) does for --net --uts --ipc: open /proc/PID/ns/{ipc,uts,net},
 *             then one setns per file, then close them
 *
 * Every trip returns with setns(own net fd) (and, for the three-namespace trips, one setns
 * on a pidfd of our own process for all three, the same for both). Needs root (or
 * CAP_SYS_ADMIN): it makes a child in new network, UTS and IPC namespaces. Prints the
 * ratios; with an argument, appends the result rows to that file for benches/table.sh.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rns.h"

#define ITERS 2000
#define ROUNDS 7

static int back_fd, self_pidfd;
static pid_t target;
static char ns_path[3][64];

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static void trip_raw(void)
{
    int fd = (int)syscall(SYS_pidfd_open, target, 0);
    if (fd < 0 || setns(fd, CLONE_NEWNET) != 0)
        die("raw setns");
    close(fd);
}

static void trip_net(void)
{
    if (rns_setns_pid(target, RNS_CLONE_NEWNET) != 0)
        die("rns_setns_pid NET");
}

static void trip_user(void)
{
    if (rns_setns_pid(target, RNS_CLONE_NEWNET | RNS_CLONE_NEWUSER) != 0)
        die("rns_setns_pid NET|USER");
}

static void trip_rns3(void)
{
    if (rns_setns_pid(target, RNS_CLONE_NEWNET | RNS_CLONE_NEWUTS | RNS_CLONE_NEWIPC) != 0)
        die("rns_setns_pid NET|UTS|IPC");
}

/* nsenter's loop: every file opened first, then setns in its order (ipc, uts, net). */
static void trip_nsenter(void)
{
    static const int types[3] = {CLONE_NEWIPC, CLONE_NEWUTS, CLONE_NEWNET};
    int fd[3];
    for (int i = 0; i < 3; i++)
        if ((fd[i] = open(ns_path[i], O_RDONLY | O_CLOEXEC)) < 0)
            die(ns_path[i]);
    for (int i = 0; i < 3; i++)
        if (setns(fd[i], types[i]) != 0)
            die("setns per file");
    for (int i = 0; i < 3; i++)
        close(fd[i]);
}

/* Best of ROUNDS: ns per trip (enter three namespaces, then return to ours in one setns). */
static double measure3(void (*trip)(void))
{
    double best = 1e300;
    for (int r = 0; r < ROUNDS; r++) {
        double t0 = now();
        for (int i = 0; i < ITERS; i++) {
            trip();
            if (setns(self_pidfd, CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC) != 0)
                die("setns back (three)");
        }
        double t = (now() - t0) / ITERS;
        if (t < best)
            best = t;
    }
    return best;
}

/* Best of ROUNDS: ns per trip (enter, then return). */
static double measure(void (*trip)(void))
{
    double best = 1e300;
    for (int r = 0; r < ROUNDS; r++) {
        double t0 = now();
        for (int i = 0; i < ITERS; i++) {
            trip();
            if (setns(back_fd, CLONE_NEWNET) != 0)
                die("setns back");
        }
        double t = (now() - t0) / ITERS;
        if (t < best)
            best = t;
    }
    return best;
}

int main(int argc, char **argv)
{
    int ready[2];
    if (pipe(ready) != 0)
        die("pipe");
    target = fork();
    if (target < 0)
        die("fork");
    if (target == 0) {
        char c = unshare(CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC) == 0 ? '1' : '0';
        if (write(ready[1], &c, 1) != 1)
            _exit(1);
        pause();
        _exit(0);
    }
    char c = 0;
    if (read(ready[0], &c, 1) != 1 || c != '1') {
        const char *why = "needs root: the target could not unshare its network, UTS and IPC namespaces";
        printf("   skip: %s\n", why);
        kill(target, SIGKILL);
        waitpid(target, NULL, 0);
        if (argc > 1) {
            FILE *f = fopen(argv[1], "a");
            if (!f)
                die(argv[1]);
            fprintf(f, "setns: NET+UTS+IPC of a child, and back\tskip\t%s\n", why);
            fprintf(f, "setns: rns_setns_pid(NET+USER) vs (NET)\tskip\t%s\n", why);
            fclose(f);
        }
        return 0;
    }
    back_fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (back_fd < 0)
        die("open own net namespace");
    self_pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
    if (self_pidfd < 0)
        die("pidfd_open self");
    static const char *names[3] = {"ipc", "uts", "net"};
    for (int i = 0; i < 3; i++)
        snprintf(ns_path[i], sizeof ns_path[i], "/proc/%d/ns/%s", (int)target, names[i]);
    measure(trip_user); /* warm up: the library's one-time probes */
    double raw = measure(trip_raw), net = measure(trip_net), user = measure(trip_user);
    printf("   raw pidfd_open+setns+close   %8.0f ns per trip\n", raw);
    printf("   rns_setns_pid(NET)           %8.0f ns   %.2fx raw\n", net, net / raw);
    printf("   rns_setns_pid(NET|USER)      %8.0f ns   %.2fx raw, %.2fx rns_setns_pid(NET)\n", user,
           user / raw, user / net);
    measure3(trip_nsenter); /* warm up */
    double three = 1e300, per_file = 1e300;
    for (int k = 0; k < 2; k++) { /* alternate, best of both */
        double a = measure3(trip_rns3), b = measure3(trip_nsenter);
        if (a < three)
            three = a;
        if (b < per_file)
            per_file = b;
    }
    printf("   nsenter loop (open 3 + setns 3) %5.0f ns per trip\n", per_file);
    printf("   rns_setns_pid(NET|UTS|IPC)   %8.0f ns   %.2fx the nsenter loop\n", three, three / per_file);
    if (argc > 1) {
        FILE *f = fopen(argv[1], "a");
        if (!f)
            die(argv[1]);
        fprintf(f, "setns: NET+UTS+IPC of a child, and back\t%.0f\tnsenter's open+setns per file\t%.0f\tlibrns/peer\t<0.4\n",
                three, per_file);
        fprintf(f, "setns: rns_setns_pid(NET+USER) vs (NET)\t%.0f\trns_setns_pid(NET)\t%.0f\tlibrns/peer\t-\n", user,
                net);
        fclose(f);
    }
    kill(target, SIGKILL);
    waitpid(target, NULL, 0);
    return 0;
}
