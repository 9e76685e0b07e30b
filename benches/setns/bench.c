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
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
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

/* A function in the target's network namespace on a thread of its own: through the library
 * (rns_run_in_ns) and by hand (pthread_create, unshare(CLONE_FS), setns, the function, join). */
static int target_pidfd;

static int socket_fn(void *arg)
{
    (void)arg;
    int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s >= 0)
        close(s);
    return s >= 0 ? 0 : -1;
}

static void *hand_thread(void *arg)
{
    (void)arg;
    if (unshare(CLONE_FS) != 0 || setns(target_pidfd, CLONE_NEWNET) != 0)
        return (void *)1;
    return socket_fn(NULL) == 0 ? NULL : (void *)1;
}

static void trip_thread_hand(void)
{
    pthread_t t;
    void *r = NULL;
    if (pthread_create(&t, NULL, hand_thread, NULL) != 0)
        die("pthread_create");
    pthread_join(t, &r);
    if (r)
        die("the hand-written thread");
}

static void trip_thread_rns(void)
{
    int res = -1;
    if (rns_run_in_ns(target_pidfd, RNS_CLONE_NEWNET, socket_fn, NULL, &res) != 0 || res != 0)
        die("rns_run_in_ns");
}

static void back_net(void)
{
    if (setns(back_fd, CLONE_NEWNET) != 0)
        die("setns back");
}

static void back_three(void)
{
    if (setns(self_pidfd, CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC) != 0)
        die("setns back (three)");
}

/* Best of ROUNDS of `iters` trips, each followed by `back` (NULL: the trip leaves the calling
 * thread as it was): ns per trip. */
static double best_of(void (*trip)(void), void (*back)(void), int iters)
{
    double best = 1e300;
    for (int r = 0; r < ROUNDS; r++) {
        double t0 = now();
        for (int i = 0; i < iters; i++) {
            trip();
            if (back)
                back();
        }
        double t = (now() - t0) / iters;
        if (t < best)
            best = t;
    }
    return best;
}

/* Enter, then return (one namespace, or three to ours in one setns). */
static double measure(void (*trip)(void)) { return best_of(trip, back_net, ITERS); }
static double measure3(void (*trip)(void)) { return best_of(trip, back_three, ITERS); }
/* A trip on a thread of its own: a quarter as many (a thread each). */
static double measure_plain(void (*trip)(void)) { return best_of(trip, NULL, ITERS / 4); }

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
            fprintf(f, "C: a function in another netns on a new thread (rns_run_in_ns)\tskip\t%s\n", why);
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
    target_pidfd = (int)syscall(SYS_pidfd_open, target, 0);
    if (target_pidfd < 0)
        die("pidfd_open target");
    trip_thread_rns(); /* warm up */
    double on_thread = 1e300, by_hand = 1e300;
    for (int k = 0; k < 3; k++) { /* alternate, best of all */
        double a = measure_plain(trip_thread_rns), b = measure_plain(trip_thread_hand);
        if (a < on_thread)
            on_thread = a;
        if (b < by_hand)
            by_hand = b;
    }
    printf("   thread by hand (create, unshare FS, setns, socket, join) %5.0f ns\n", by_hand);
    printf("   rns_run_in_ns(pidfd, NET, socket) %8.0f ns   %.2fx by hand\n", on_thread, on_thread / by_hand);
    if (argc > 1) {
        FILE *f = fopen(argv[1], "a");
        if (!f)
            die(argv[1]);
        fprintf(f, "C: a function in another netns on a new thread (rns_run_in_ns)\t%.0f\tpthread_create, unshare(CLONE_FS), setns, join by hand\t%.0f\tlibrns/peer\t-\n",
                on_thread, by_hand);
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
