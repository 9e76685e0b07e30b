/*
 * bench.c - what a C program pays per call to librns, against the wrapper it would write
 * itself: rns_getpgid(0) (through librns.so's PLT) vs a hand-written getpgid(0) that turns
 * errno into -errno, as librns's own convention does (not inlined, calling libc's getpgid).
 * Same answer first, then the best of ROUNDS alternating rounds of ITERS calls each.
 *
 *   bench [TSV]   TSV: append the result row for benches/table.sh
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "rns.h"

#define ITERS 500000
#define ROUNDS 7

static volatile int sink;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/* The peer: what a program without librns writes. */
__attribute__((noinline)) static int my_getpgid(pid_t pid)
{
    pid_t r = getpgid(pid);
    return r < 0 ? -errno : (int)r;
}

static double round_rns(void)
{
    double t0 = now();
    for (long i = 0; i < ITERS; i++)
        sink = rns_getpgid(0);
    return (now() - t0) / ITERS;
}

static double round_own(void)
{
    double t0 = now();
    for (long i = 0; i < ITERS; i++)
        sink = my_getpgid(0);
    return (now() - t0) / ITERS;
}

int main(int argc, char **argv)
{
    int a = rns_getpgid(0), b = my_getpgid(0);
    if (a != b || a < 0) {
        fprintf(stderr, "bench-c: rns_getpgid(0) %d, the wrapper %d\n", a, b);
        return 1;
    }
    round_rns(); /* warm up */
    round_own();
    double rns = 1e300, own = 1e300;
    for (int r = 0; r < ROUNDS; r++) {
        double t = round_rns(), p = round_own();
        if (t < rns)
            rns = t;
        if (p < own)
            own = p;
    }
    printf("   rns_getpgid(0)               %8.1f ns per call\n", rns);
    printf("   own wrapper getpgid(0)       %8.1f ns per call   ratio %.3f\n", own, rns / own);
    if (argc > 1) {
        FILE *f = fopen(argv[1], "a");
        if (!f) {
            perror(argv[1]);
            return 1;
        }
        fprintf(f, "C per call: getpgid(0)\t%.1f\thand-written C wrapper\t%.1f\tlibrns/peer\t<=1.05\n", rns,
                own);
        fclose(f);
    }
    return 0;
}
