/* bench-dlopen: what loading librns costs a program that dlopen()s it (a plugin, a
 * language runtime such as koffi or ctypes), against a trivial shared library.
 *
 *   bench LIB SYMBOL PEER-LIB PEER-SYMBOL [ITERATIONS [ROUNDS]]
 *
 * One iteration is dlopen(RTLD_NOW | RTLD_LOCAL) + dlsym + dlclose; the library is unloaded
 * each time (nothing else holds it), so each iteration maps, relocates and unmaps it and the
 * libraries it needs that the program has not loaded. A round times ITERATIONS of them;
 * the best of ROUNDS rounds (the least disturbed by other work on the machine) is reported
 * per library, alternating the two, and the ratio LIB / PEER-LIB. A benchmark, not a test:
 * it asserts nothing about the time. With BENCH_TSV set in the environment, it appends the
 * result row to that file for benches/table.sh.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* One round: the mean time of one dlopen+dlsym+dlclose, in ns. */
static double round_ns(const char *lib, const char *sym, long iterations)
{
    double start = now_ns();
    for (long i = 0; i < iterations; i++) {
        void *h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            fprintf(stderr, "bench-dlopen: dlopen %s: %s\n", lib, dlerror());
            exit(2);
        }
        if (!dlsym(h, sym)) {
            fprintf(stderr, "bench-dlopen: dlsym %s in %s: %s\n", sym, lib, dlerror());
            exit(2);
        }
        if (dlclose(h) != 0) {
            fprintf(stderr, "bench-dlopen: dlclose %s: %s\n", lib, dlerror());
            exit(2);
        }
    }
    return (now_ns() - start) / (double)iterations;
}

int main(int argc, char **argv)
{
    if (argc < 5 || argc > 7) {
        fprintf(stderr, "usage: %s LIB SYMBOL PEER-LIB PEER-SYMBOL [ITERATIONS [ROUNDS]]\n", argv[0]);
        return 2;
    }
    long iterations = argc > 5 ? atol(argv[5]) : 2000;
    int rounds = argc > 6 ? atoi(argv[6]) : 7;
    if (iterations < 1 || rounds < 1) {
        fprintf(stderr, "bench-dlopen: ITERATIONS and ROUNDS must be positive\n");
        return 2;
    }

    /* Warm up: the files in the page cache, the loader's own first-use costs paid. */
    round_ns(argv[1], argv[2], iterations / 10 + 1);
    round_ns(argv[3], argv[4], iterations / 10 + 1);

    double best = 0, best_peer = 0;
    for (int r = 0; r < rounds; r++) {
        double t = round_ns(argv[1], argv[2], iterations);
        double p = round_ns(argv[3], argv[4], iterations);
        if (r == 0 || t < best) best = t;
        if (r == 0 || p < best_peer) best_peer = p;
    }
    printf("dlopen+dlsym+dlclose, best of %d rounds of %ld:\n", rounds, iterations);
    printf("  %8.1f us  %s\n", best / 1e3, argv[1]);
    printf("  %8.1f us  %s\n", best_peer / 1e3, argv[3]);
    printf("  ratio %.2fx\n", best / best_peer);
    const char *tsv = getenv("BENCH_TSV");
    if (tsv && *tsv) {
        FILE *f = fopen(tsv, "a");
        if (!f) {
            perror(tsv);
            return 1;
        }
        fprintf(f, "dlopen+dlsym+dlclose\t%.0f\ttrivial library\t%.0f\tlibrns/peer\t-\n", best, best_peer);
        fclose(f);
    }
    return 0;
}
