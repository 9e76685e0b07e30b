/*
 * cov_share.c - hands the coverage of a forked sandbox back to the fuzzer process.
 *
 * libFuzzer reads the inline 8-bit counters of its own process; a sandboxed child's
 * counters are a copy and die with it. The child copies them into a shared mapping and the
 * fuzzer takes the per-counter maximum, so code reached only in the sandbox still counts.
 *
 * Built WITHOUT coverage instrumentation: naming the linker's __start/__stop symbols of the
 * counter section in an instrumented file makes the instrumentation rename its own
 * references, and libFuzzer then sees no counters at all.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

extern uint8_t __start___sancov_cntrs[] __attribute__((weak));
extern uint8_t __stop___sancov_cntrs[] __attribute__((weak));

size_t rns_fuzz_cov_size(void)
{
    if (!__start___sancov_cntrs || !__stop___sancov_cntrs)
        return 0;
    return (size_t)(__stop___sancov_cntrs - __start___sancov_cntrs);
}

void rns_fuzz_cov_save(uint8_t *dst)
{
    memcpy(dst, __start___sancov_cntrs, rns_fuzz_cov_size());
}

void rns_fuzz_cov_merge(const uint8_t *src)
{
    size_t n = rns_fuzz_cov_size();
    for (size_t i = 0; i < n; i++)
        if (src[i] > __start___sancov_cntrs[i])
            __start___sancov_cntrs[i] = src[i];
}
