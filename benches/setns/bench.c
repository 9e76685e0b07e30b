/*
 * bench.c - what rns_setns_pid costs, as ratios against the raw calls measured
 * in the same run (best of ROUNDS rounds of ITERS enter-and-return trips).
 *
 *   raw       pidfd_open + setns(pidfd, NET) + close       (the floor)
 *   rns NET   rns_setns_pid(pid, NET)
 *   rns USER  rns_setns_pid(pid, NET | USER), the target sharing our user
 *             namespace, so the library compares and leaves USER out
 *
 * Every trip returns with setns(own net fd). Needs root (or CAP_SYS_ADMIN):
 * it makes a child in a new network namespace. Prints the ratios.
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

static int back_fd;
static pid_t target;

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

int main(void)
{
    int ready[2];
    if (pipe(ready) != 0)
        die("pipe");
    target = fork();
    if (target < 0)
        die("fork");
    if (target == 0) {
        char c = unshare(CLONE_NEWNET) == 0 ? '1' : '0';
        if (write(ready[1], &c, 1) != 1)
            _exit(1);
        pause();
        _exit(0);
    }
    char c = 0;
    if (read(ready[0], &c, 1) != 1 || c != '1') {
        fprintf(stderr, "bench: the target could not unshare its network namespace (needs root)\n");
        kill(target, SIGKILL);
        return 1;
    }
    back_fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (back_fd < 0)
        die("open own net namespace");
    measure(trip_user); /* warm up: the library's one-time probes */
    double raw = measure(trip_raw), net = measure(trip_net), user = measure(trip_user);
    printf("   raw pidfd_open+setns+close   %8.0f ns per trip\n", raw);
    printf("   rns_setns_pid(NET)           %8.0f ns   %.2fx raw\n", net, net / raw);
    printf("   rns_setns_pid(NET|USER)      %8.0f ns   %.2fx raw, %.2fx rns_setns_pid(NET)\n", user,
           user / raw, user / net);
    kill(target, SIGKILL);
    waitpid(target, NULL, 0);
    return 0;
}
