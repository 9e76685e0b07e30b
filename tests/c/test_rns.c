/*
 * test_rns.c - the runner of test_rns, the C ABI tests for librns against the real kernel.
 *
 * The cases are in one file an area, mirroring src/, linked into this one program with
 * helpers.c and harness.c (see README.md in this directory):
 *   test_namespaces.c  rns_unshare, rns_setns, rns_setns_path, rns_ns_open,
 *                      rns_setns_pid
 *   test_ns_handle.c   rns_ns_type, rns_ns_userns, rns_ns_parent, rns_ns_owner_uid,
 *                      rns_ns_id, rns_ns_same
 *   test_pgrp.c        rns_setpgid, rns_getpgid, rns_setpgrp, rns_getpgrp,
 *                      rns_setsid, rns_getsid, rns_tcgetpgrp, rns_tcsetpgrp,
 *                      rns_killpg
 *   test_priority.c    rns_getpriority, rns_setpriority
 *   test_creds.c       rns_set{,e,re,res}{uid,gid}, rns_getres{uid,gid},
 *                      rns_getgroups, rns_setgroups, rns_initgroups,
 *                      rns_getgrouplist
 *   test_pidfd.c       rns_pidfd_open, rns_pidfd_send_signal, rns_pidfd_getfd
 *   test_prctl.c       rns_set_pdeathsig, rns_get_pdeathsig, rns_set_child_subreaper,
 *                      rns_get_child_subreaper, rns_set_no_new_privs, rns_get_no_new_privs
 *   test_spawn.c       rns_spawn_attr_new, rns_spawn_attr_free, rns_spawn_attr_set_*,
 *                      rns_spawn, rns_spawnp
 *   test_spawn_peers.c the cases ported from the peers' suites (os/exec, child_process, ...)
 *   test_spawn_ids.c   the identity attributes (RESETIDS, scheduler, chroot, capabilities)
 *   test_spawn_fa.c    the fd actions and the terminal
 *   test_spawn_glibc.c glibc's posix/tst-spawn*.c, ported: posix_spawn and rns_spawn side by side
 *   test_spawn_sandbox.c rns_spawn_attr_set_seccomp, rns_spawn_attr_set_landlock
 *   test_errors.c      rns_strerror, rns_errname, rns_version, constants
 * They run in that order (the link order), each file's cases in source order.
 *
 * Build & run:
 *   cc -std=gnu11 -Wall -Wextra -Werror -Iinclude -o /tmp/test_rns_so tests/c/test_rns.c \
 *      tests/c/harness.c tests/c/helpers.c tests/c/test_namespaces.c tests/c/test_ns_handle.c \
 *      tests/c/test_pgrp.c tests/c/test_priority.c tests/c/test_creds.c tests/c/test_pidfd.c \
 *      tests/c/test_prctl.c tests/c/test_spawn.c tests/c/test_errors.c \
 *      -L target/lib -Wl,-rpath,$PWD/target/lib -lrns -lpthread
 *   /tmp/test_rns_so [substring...]
 *
 * Every case runs in its own forked child (see harness.h), so cases may
 * freely unshare namespaces, change credentials, nice values and groups.
 * Setup steps use raw libc/syscalls, never the function under test, so a
 * failure points at one library function.
 */
#define _GNU_SOURCE
#include <sys/utsname.h>

#include "helpers.h"

/* RNS_TEST_SANDBOX (set by tests/sandbox/rns-sandbox) names what the run is meant to hide;
 * fail the whole run, loudly, when that is not in effect. */
static int check_sandbox(void)
{
    const char *env = getenv("RNS_TEST_SANDBOX");
    if (env && strstr(env, "nopidfd") && !no_pidfd()) {
        printf("FAIL sandbox: RNS_TEST_SANDBOX=%s, but pidfd_open works: the filter is not in effect\n", env);
        return 0;
    }
    if (env && strstr(env, "uname26")) {
        struct utsname u = { .release = "(uname failed)" };
        if (uname(&u) != 0 || strncmp(u.release, "2.6.", 4) != 0) {
            printf("FAIL sandbox: RNS_TEST_SANDBOX=%s, but uname reports \"%s\", not 2.6.x\n", env,
                   u.release);
            return 0;
        }
    }
    if (env && *env)
        printf("note sandbox: RNS_TEST_SANDBOX=%s is in effect%s\n", env,
               no_pidfd() ? "; pidfd cases expect -ENOSYS, namespace cases run unchanged" : "");
    else if (no_pidfd())
        printf("note pidfd_open gives ENOSYS (%s): pidfd cases expect -ENOSYS\n", no_pidfd_why());
    return 1;
}

int main(int argc, char **argv)
{
    if (!check_sandbox())
        return 1;
    return h_main(argc, argv);
}
