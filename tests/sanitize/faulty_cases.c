/*
 * faulty_cases.c - cases that must be caught: the proof that make test-asan and make
 * test-valgrind fail on what they claim to find. Each target runs this suite and checks that
 * exactly the expected cases are reported (tests/sanitize/expect-faults.sh); the suite itself
 * is never part of a passing run.
 *
 *   clean              must pass everywhere
 *   leaks_librns_fd    leaves the fd rns_ns_open() returned open: valgrind's per-child fd
 *                      check must flag it (an fd leak is not AddressSanitizer's business)
 *   leaks_memory       loses a malloc'd block: LeakSanitizer and memcheck must fail the case
 *   reads_past_heap    reads one byte past a malloc'd block: ASan and memcheck must fail it
 *   overflows_int      signed overflow: UBSan must fail it (memcheck cannot see it)
 *   librns_writes_freed  hands rns_getresuid() a freed block: the store happens in librns's
 *                      own (Rust) code, so ASan reporting it there shows that code is
 *                      instrumented; memcheck must fail it too
 */
#define _GNU_SOURCE
#include "../c/harness.h"

#include <stdlib.h>

static void *volatile sink;
static volatile int one = 1;

TEST(clean, ANY)
{
    int fd = CHECK_OK(rns_ns_open(0, RNS_CLONE_NEWUTS));
    close(fd);
    char *p = malloc(16);
    sink = p;
    free(p);
}

TEST(leaks_librns_fd, ANY)
{
    CHECK_OK(rns_ns_open(0, RNS_CLONE_NEWUTS));
}

TEST(leaks_memory, ANY)
{
    sink = malloc(64);
    sink = NULL;
}

TEST(reads_past_heap, ANY)
{
    char *p = calloc(8, 1);
    sink = p;
    volatile char c = p[7 + one];
    (void)c;
    free(p);
}

TEST(overflows_int, ANY)
{
    volatile int x = INT_MAX;
    volatile int y = x + one;
    (void)y;
}

TEST(librns_writes_freed, ANY)
{
    uid_t *p = malloc(sizeof *p);
    sink = p;
    free(p);
    p = sink; /* the same pointer, which the compiler no longer sees is freed */
    rns_getresuid(p, p, p);
}

int main(int argc, char **argv)
{
    return h_main(argc, argv);
}
