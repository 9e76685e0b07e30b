/*
 * test_spawn_ids.c - the identity attributes of a spawn (issue 18, src/spawn/identity.rs):
 *
 *   RNS_SPAWN_RESETIDS and rns_spawn_attr_set_scheduler beside glibc's posix_spawn
 *   (POSIX_SPAWN_RESETIDS, SETSCHEDULER, SETSCHEDPARAM) and chrt(1);
 *   rns_spawn_attr_set_chroot beside unshare(1) --root; the capability setters
 *   (rns_spawn_attr_set_ambient_caps, _inheritable_caps, _bounding_set, _securebits) read
 *   back from the program's /proc/self/status beside setpriv(1) doing the same, and Go's
 *   TestAmbientCapsUserns (ambient caps through a user namespace, as an ordinary user).
 *
 * Part of the test_rns program (test_rns.c runs it; helpers.h, spawn_helpers.h).
 */
#define _GNU_SOURCE
#include <linux/capability.h>
#include <sched.h>
#include <spawn.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "helpers.h"
#include "spawn_helpers.h"

extern char **environ;

#define BIT(c) (1ULL << (c))

/* Runs argv with glibc's posix_spawn (attribute `pa`, may be NULL), its stdout into `out` as
 * run_capture() does (its stderr to /dev/null); returns its exit code, or -errno when posix_spawn itself failed. */
static int peer_capture(char *const argv[], const posix_spawnattr_t *pa, char *out, size_t n)
{
    int p[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    posix_spawn_file_actions_t fa;
    CHECK_EQ_INT(posix_spawn_file_actions_init(&fa), 0);
    CHECK_EQ_INT(posix_spawn_file_actions_adddup2(&fa, p[1], 1), 0);
    CHECK_EQ_INT(posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0), 0);
    pid_t pid;
    int e = posix_spawn(&pid, argv[0], &fa, pa, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(p[1]);
    if (e != 0) {
        close(p[0]);
        out[0] = 0;
        return -e;
    }
    read_output(p[0], out, n);
    int st;
    CHECK_SYS(waitpid(pid, &st, 0));
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Runs argv with `a` (freed here), requiring success; its stdout into `out`. */
static void rns_capture(rns_spawn_attr *a, char *const argv[], char *out, size_t n)
{
    int code = run_capture(a, argv, NULL, out, n);
    if (code != 0)
        FAIL("%s exited %d, output \"%s\"", argv[0], code, out);
}

/* /proc/sys/kernel/cap_last_cap, and every capability up to it. */
static int cap_last(void)
{
    FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
    int last = -1;
    if (!f || fscanf(f, "%d", &last) != 1)
        FAIL("cannot read /proc/sys/kernel/cap_last_cap");
    fclose(f);
    return last;
}

static uint64_t all_caps(void)
{
    int last = cap_last();
    return last >= 63 ? ~0ULL : BIT(last + 1) - 1;
}

/* ---- the setters' argument checks ------------------------------------------------------ */

TEST(spawn_ident_setters_check, ANY)
{
    rns_spawn_attr *a = new_attr();
    CHECK_ERR(rns_spawn_attr_set_scheduler(NULL, SCHED_OTHER, 0), -EFAULT);
    CHECK_ERR(rns_spawn_attr_set_scheduler(a, 6 /* SCHED_DEADLINE */, 0), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_scheduler(a, 4, 0), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_scheduler(a, -2, 0), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_scheduler(a, SCHED_FIFO, 0), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_scheduler(a, SCHED_FIFO, sched_get_priority_max(SCHED_FIFO) + 1), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_scheduler(a, SCHED_OTHER, 1), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_scheduler(a, -1, 100), -EINVAL);
    CHECK_ERR(rns_spawn_attr_set_scheduler(a, -1, -1), -EINVAL);
    CHECK_OK(rns_spawn_attr_set_scheduler(a, SCHED_RR, 1));
    CHECK_OK(rns_spawn_attr_set_scheduler(a, SCHED_BATCH | SCHED_RESET_ON_FORK, 0));
    CHECK_OK(rns_spawn_attr_set_scheduler(a, -1, 99));

    CHECK_ERR(rns_spawn_attr_set_chroot(NULL, "/"), -EFAULT);
    CHECK_ERR(rns_spawn_attr_set_chroot(a, ""), -EINVAL);
    CHECK_OK(rns_spawn_attr_set_chroot(a, "/"));
    CHECK_OK(rns_spawn_attr_set_chroot(a, NULL));

    /* bit N is capability N; none above cap_last_cap; ~0 means unchanged */
    int last = cap_last();
    uint64_t all = all_caps();
    int (*set[])(rns_spawn_attr *, uint64_t) = { rns_spawn_attr_set_ambient_caps,
                                                 rns_spawn_attr_set_inheritable_caps,
                                                 rns_spawn_attr_set_bounding_set };
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++) {
        CHECK_ERR(set[i](NULL, 0), -EFAULT);
        CHECK_OK(set[i](a, all));
        CHECK_OK(set[i](a, 0));
        CHECK_OK(set[i](a, ~0ULL));
        if (last < 63)
            CHECK_ERR(set[i](a, BIT(last + 1)), -EINVAL);
    }
    CHECK_ERR(rns_spawn_attr_set_securebits(NULL, 0), -EFAULT);
    CHECK_ERR(rns_spawn_attr_set_securebits(a, -2), -EINVAL);
    CHECK_OK(rns_spawn_attr_set_securebits(a, 0));
    CHECK_OK(rns_spawn_attr_set_securebits(a, -1));
    CHECK_OK(rns_spawn_attr_set_flags(a, RNS_SPAWN_RESETIDS));
    rns_spawn_attr_free(a);
}

/* The header's capability numbers are the kernel's. */
TEST(spawn_ident_cap_constants, ANY)
{
#define SAME(c) CHECK_EQ_INT(RNS_##c, c)
    SAME(CAP_CHOWN); SAME(CAP_DAC_OVERRIDE); SAME(CAP_DAC_READ_SEARCH); SAME(CAP_FOWNER);
    SAME(CAP_FSETID); SAME(CAP_KILL); SAME(CAP_SETGID); SAME(CAP_SETUID); SAME(CAP_SETPCAP);
    SAME(CAP_LINUX_IMMUTABLE); SAME(CAP_NET_BIND_SERVICE); SAME(CAP_NET_BROADCAST);
    SAME(CAP_NET_ADMIN); SAME(CAP_NET_RAW); SAME(CAP_IPC_LOCK); SAME(CAP_IPC_OWNER);
    SAME(CAP_SYS_MODULE); SAME(CAP_SYS_RAWIO); SAME(CAP_SYS_CHROOT); SAME(CAP_SYS_PTRACE);
    SAME(CAP_SYS_PACCT); SAME(CAP_SYS_ADMIN); SAME(CAP_SYS_BOOT); SAME(CAP_SYS_NICE);
    SAME(CAP_SYS_RESOURCE); SAME(CAP_SYS_TIME); SAME(CAP_SYS_TTY_CONFIG); SAME(CAP_MKNOD);
    SAME(CAP_LEASE); SAME(CAP_AUDIT_WRITE); SAME(CAP_AUDIT_CONTROL); SAME(CAP_SETFCAP);
    SAME(CAP_MAC_OVERRIDE); SAME(CAP_MAC_ADMIN); SAME(CAP_SYSLOG); SAME(CAP_WAKE_ALARM);
    SAME(CAP_BLOCK_SUSPEND); SAME(CAP_AUDIT_READ); SAME(CAP_PERFMON); SAME(CAP_BPF);
    SAME(CAP_CHECKPOINT_RESTORE);
#undef SAME
}

/* ---- RESETIDS -------------------------------------------------------------------------- */

static char *id_lines[] = { "/usr/bin/grep", "-E", "^(Uid|Gid):", "/proc/self/status", NULL };

/* As a set-user-ID program runs: real ids 65534, effective and saved 0 (real root only: a
 * user namespace of one id has no second id). */
static void become_setuid_like(void)
{
    if (h_in_userns)
        SKIP("needs real root: the user namespace an ordinary user gets maps one id, so real and effective ids cannot differ");
    CHECK_SYS(setresgid(65534, 0, 0));
    CHECK_SYS(setresuid(65534, 0, 0));
}

TEST(spawn_ident_resetids_vs_posix_spawn, PRIV)
{
    become_setuid_like();
    char ours[256], peer[256];
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_flags(a, RNS_SPAWN_RESETIDS));
    rns_capture(a, id_lines, ours, sizeof ours);
    posix_spawnattr_t pa;
    CHECK_EQ_INT(posix_spawnattr_init(&pa), 0);
    CHECK_EQ_INT(posix_spawnattr_setflags(&pa, POSIX_SPAWN_RESETIDS), 0);
    CHECK_EQ_INT(peer_capture(id_lines, &pa, peer, sizeof peer), 0);
    posix_spawnattr_destroy(&pa);
    CHECK_STR_EQ(ours, peer);
    /* execve makes the saved ids the effective ones */
    CHECK_STR_EQ(ours, "Uid:\t65534\t65534\t65534\t65534\nGid:\t65534\t65534\t65534\t65534");
    /* without the flag, the effective ids stay */
    rns_capture(NULL, id_lines, ours, sizeof ours);
    CHECK_STR_EQ(ours, "Uid:\t65534\t0\t0\t0\nGid:\t65534\t0\t0\t0");
}

/* An id of rns_spawn_attr_set_ids() wins over RESETIDS; the other is reset. */
TEST(spawn_ident_resetids_with_ids, PRIV)
{
    become_setuid_like();
    char out[256];
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_flags(a, RNS_SPAWN_RESETIDS | RNS_SPAWN_KEEP_GROUPS));
    CHECK_OK(rns_spawn_attr_set_ids(a, (uid_t)-1, 65533));
    rns_capture(a, id_lines, out, sizeof out);
    CHECK_STR_EQ(out, "Uid:\t65534\t65534\t65534\t65534\nGid:\t65533\t65533\t65533\t65533");
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_flags(a, RNS_SPAWN_RESETIDS | RNS_SPAWN_KEEP_GROUPS));
    CHECK_OK(rns_spawn_attr_set_ids(a, 65533, (gid_t)-1));
    rns_capture(a, id_lines, out, sizeof out);
    CHECK_STR_EQ(out, "Uid:\t65533\t65533\t65533\t65533\nGid:\t65534\t65534\t65534\t65534");
}

/* ---- the scheduler --------------------------------------------------------------------- */

/* `chrt -p 0` of the program, without the pid chrt names. */
static char *chrt_p[] = { "/usr/bin/chrt", "-p", "0", NULL };

static void strip_pids(char *s)
{
    char *w = s;
    for (char *line = s; *line;) {
        char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line + 1) : strlen(line);
        char *cut = strstr(line, "'s ");
        char *from = cut && cut < line + len ? cut + 3 : line;
        size_t keep = len - (size_t)(from - line);
        memmove(w, from, keep);
        w += keep;
        line += len;
    }
    *w = 0;
}

/* The program's policy with ours (policy, prio) and glibc's posix_spawn doing the same
 * (flags POSIX_SPAWN_SETSCHEDULER and/or SETSCHEDPARAM). */
static void sched_side_by_side(int policy, int prio, short flags, const char *want)
{
    char ours[256], peer[256];
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_scheduler(a, policy, prio));
    rns_capture(a, chrt_p, ours, sizeof ours);
    posix_spawnattr_t pa;
    CHECK_EQ_INT(posix_spawnattr_init(&pa), 0);
    CHECK_EQ_INT(posix_spawnattr_setflags(&pa, flags), 0);
    if (flags & POSIX_SPAWN_SETSCHEDULER)
        CHECK_EQ_INT(posix_spawnattr_setschedpolicy(&pa, policy), 0);
    struct sched_param sp = { .sched_priority = prio };
    CHECK_EQ_INT(posix_spawnattr_setschedparam(&pa, &sp), 0);
    CHECK_EQ_INT(peer_capture(chrt_p, &pa, peer, sizeof peer), 0);
    posix_spawnattr_destroy(&pa);
    strip_pids(ours);
    strip_pids(peer);
    CHECK_STR_EQ(ours, peer);
    CHECK_STR_EQ(ours, want);
}

TEST(spawn_ident_sched_vs_posix_spawn, ANY)
{
    /* From SCHED_BATCH (which anyone may take), back to SCHED_OTHER, or the priority only */
    struct sched_param sp = { 0 };
    CHECK_SYS(sched_setscheduler(0, SCHED_BATCH, &sp));
    sched_side_by_side(SCHED_OTHER, 0, POSIX_SPAWN_SETSCHEDULER,
                       "current scheduling policy: SCHED_OTHER\ncurrent scheduling priority: 0");
    sched_side_by_side(-1, 0, POSIX_SPAWN_SETSCHEDPARAM,
                       "current scheduling policy: SCHED_BATCH\ncurrent scheduling priority: 0");
}

/* SCHED_IDLE, SCHED_BATCH and SCHED_RESET_ON_FORK, which glibc's posix_spawnattr refuses:
 * beside chrt(1) starting the same program. */
TEST(spawn_ident_sched_vs_chrt, ANY)
{
    static const struct { int policy; char *opt[3]; } cases[] = {
        { SCHED_IDLE, { "--idle" } },
        { SCHED_BATCH, { "--batch" } },
        { SCHED_BATCH | SCHED_RESET_ON_FORK, { "--batch", "--reset-on-fork" } },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char ours[256], peer[256];
        rns_spawn_attr *a = new_attr();
        CHECK_OK(rns_spawn_attr_set_scheduler(a, cases[i].policy, 0));
        rns_capture(a, chrt_p, ours, sizeof ours);
        char *argv[10] = { "/usr/bin/chrt" };
        int n = 1;
        for (int k = 0; k < 3 && cases[i].opt[k]; k++)
            argv[n++] = cases[i].opt[k];
        argv[n++] = "0";
        for (int k = 0; chrt_p[k]; k++)
            argv[n++] = chrt_p[k];
        CHECK_EQ_INT(peer_capture(argv, NULL, peer, sizeof peer), 0);
        strip_pids(ours);
        strip_pids(peer);
        CHECK_STR_EQ(ours, peer);
    }
}

/* A real-time policy needs CAP_SYS_NICE of the initial user namespace: real root gets it as
 * posix_spawn does; in a user namespace both fail with EPERM (ours at the SCHED step). */
TEST(spawn_ident_sched_realtime, PRIV)
{
    if (!h_in_userns) {
        sched_side_by_side(SCHED_FIFO, 10, POSIX_SPAWN_SETSCHEDULER,
                           "current scheduling policy: SCHED_FIFO\ncurrent scheduling priority: 10");
        sched_side_by_side(SCHED_RR, 3, POSIX_SPAWN_SETSCHEDULER,
                           "current scheduling policy: SCHED_RR\ncurrent scheduling priority: 3");
        return;
    }
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_scheduler(a, SCHED_FIFO, 10));
    expect_fail(a, "/bin/true", -EPERM, RNS_SPAWN_STEP_SCHED);
    posix_spawnattr_t pa;
    char out[64];
    CHECK_EQ_INT(posix_spawnattr_init(&pa), 0);
    CHECK_EQ_INT(posix_spawnattr_setflags(&pa, POSIX_SPAWN_SETSCHEDULER), 0);
    CHECK_EQ_INT(posix_spawnattr_setschedpolicy(&pa, SCHED_FIFO), 0);
    struct sched_param sp = { .sched_priority = 10 };
    CHECK_EQ_INT(posix_spawnattr_setschedparam(&pa, &sp), 0);
    char *argv[] = { "/bin/true", NULL };
    CHECK_EQ_INT(peer_capture(argv, &pa, out, sizeof out), -EPERM);
    posix_spawnattr_destroy(&pa);
}

/* ---- chroot ---------------------------------------------------------------------------- */

/* A root directory with /usr bound in (bin, lib, lib64 its links, as merged-/usr has them),
 * /marker and /sub; in a mount namespace of this case's own. */
static void make_root(char *dir, size_t n)
{
    snprintf(dir, n, "/tmp/rns-root-XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    CHECK_SYS(unshare(CLONE_NEWNS));
    CHECK_SYS(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
    CHECK_SYS(mount("tmpfs", dir, "tmpfs", 0, "mode=0755"));
    char p[PATH_MAX];
    const char *links[] = { "bin", "lib", "lib64", "sbin" };
    for (size_t i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, links[i]);
        char to[16];
        snprintf(to, sizeof to, "usr/%s", links[i]);
        CHECK_SYS(symlink(to, p));
    }
    snprintf(p, sizeof p, "%s/usr", dir);
    CHECK_SYS(mkdir(p, 0755));
    CHECK_SYS(mount("/usr", p, NULL, MS_BIND | MS_REC, NULL));
    snprintf(p, sizeof p, "%s/sub", dir);
    CHECK_SYS(mkdir(p, 0755));
    snprintf(p, sizeof p, "%s/marker", dir);
    int fd = CHECK_SYS(open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
    write_all(fd, "inside\n", 7);
    close(fd);
}

static char *show_root[] = { "/bin/sh", "-c", "pwd; cat /marker", NULL };

TEST(spawn_ident_chroot_vs_unshare_root, PRIV)
{
    char dir[64], ours[256], peer[256];
    make_root(dir, sizeof dir);
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_chroot(a, dir));
    CHECK_OK(rns_spawn_attr_set_cwd(a, "/"));
    rns_capture(a, show_root, ours, sizeof ours);
    char root_opt[96];
    snprintf(root_opt, sizeof root_opt, "--root=%s", dir);
    char *argv[] = { "/usr/bin/unshare", root_opt, "/bin/sh", "-c", "pwd; cat /marker", NULL };
    CHECK_EQ_INT(peer_capture(argv, NULL, peer, sizeof peer), 0);
    CHECK_STR_EQ(ours, peer);
    CHECK_STR_EQ(ours, "/\ninside");
    /* the cwd is a path under the new root (as Go's Chroot with Dir) */
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_chroot(a, dir));
    CHECK_OK(rns_spawn_attr_set_cwd(a, "/sub"));
    rns_capture(a, show_root, ours, sizeof ours);
    CHECK_STR_EQ(ours, "/sub\ninside");
    /* a missing root fails at its step */
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_chroot(a, "/nonexistent-rns-root"));
    expect_fail(a, "/bin/true", -ENOENT, RNS_SPAWN_STEP_CHROOT);
    CHECK_SYS(umount2(dir, MNT_DETACH));
    CHECK_SYS(rmdir(dir));
}

TEST(spawn_ident_chroot_eperm, UNPRIV)
{
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_chroot(a, "/"));
    expect_fail(a, "/bin/true", -EPERM, RNS_SPAWN_STEP_CHROOT);
}

/* ---- capabilities, beside setpriv ------------------------------------------------------ */

static char *cap_lines[] = { "/usr/bin/grep", "^Cap", "/proc/self/status", NULL };

/* The Cap* lines of `setpriv OPTS... grep ^Cap /proc/self/status`. */
static void setpriv_caps(char *const opts[], char *out, size_t n)
{
    char *argv[16] = { "/usr/bin/setpriv" };
    int k = 1;
    for (int i = 0; opts[i]; i++)
        argv[k++] = opts[i];
    argv[k++] = "--";
    for (int i = 0; cap_lines[i]; i++)
        argv[k++] = cap_lines[i];
    argv[k] = NULL;
    int code = peer_capture(argv, NULL, out, n);
    if (code != 0)
        FAIL("setpriv %s exited %d", opts[0], code);
}

/* The value of status line `key` ("CapAmb") in `status`. */
static uint64_t cap_field(const char *status, const char *key)
{
    const char *at = strstr(status, key);
    if (!at)
        FAIL("no %s in \"%s\"", key, status);
    return strtoull(at + strlen(key) + 2, NULL, 16);
}

struct caps_case {
    uint64_t ambient, inheritable, bounding;
    int securebits;
    char *setpriv[6];
};

static void caps_side_by_side(const struct caps_case *c)
{
    char ours[512], peer[512];
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_ambient_caps(a, c->ambient));
    CHECK_OK(rns_spawn_attr_set_inheritable_caps(a, c->inheritable));
    CHECK_OK(rns_spawn_attr_set_bounding_set(a, c->bounding));
    CHECK_OK(rns_spawn_attr_set_securebits(a, c->securebits));
    rns_capture(a, cap_lines, ours, sizeof ours);
    setpriv_caps(c->setpriv, peer, sizeof peer);
    if (strcmp(ours, peer) != 0)
        FAIL("setpriv %s: librns gave\n%s\nsetpriv gave\n%s", c->setpriv[0], ours, peer);
}

TEST(spawn_ident_caps_vs_setpriv, PRIV)
{
    const uint64_t U = ~0ULL;
    const struct caps_case cases[] = {
        { U, U, BIT(CAP_CHOWN) | BIT(CAP_NET_RAW), -1, { "--bounding-set=-all,+chown,+net_raw" } },
        { U, BIT(CAP_NET_RAW) | BIT(CAP_SYS_TIME), U, -1, { "--inh-caps=-all,+net_raw,+sys_time" } },
        { BIT(CAP_NET_RAW), U, U, -1, { "--inh-caps=+net_raw", "--ambient-caps=+net_raw" } },
        { BIT(CAP_NET_RAW), 0, BIT(CAP_NET_RAW) | BIT(CAP_KILL), -1,
          { "--bounding-set=-all,+net_raw,+kill", "--inh-caps=-all,+net_raw", "--ambient-caps=+net_raw" } },
        { U, U, U, 1 /* SECBIT_NOROOT */, { "--securebits=+noroot" } },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        caps_side_by_side(&cases[i]);
    /* and what the kernel shows for the combined case */
    char out[512];
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_ambient_caps(a, BIT(CAP_NET_RAW)));
    CHECK_OK(rns_spawn_attr_set_bounding_set(a, BIT(CAP_NET_RAW) | BIT(CAP_KILL)));
    rns_capture(a, cap_lines, out, sizeof out);
    CHECK(cap_field(out, "CapAmb") == BIT(CAP_NET_RAW));
    CHECK(cap_field(out, "CapInh") == BIT(CAP_NET_RAW));
    CHECK(cap_field(out, "CapBnd") == (BIT(CAP_NET_RAW) | BIT(CAP_KILL)));
}

/* Go's TestAmbientCaps: root changes to nobody keeping CAP_SYS_TIME and CAP_SYSLOG as
 * ambient caps; setpriv --reuid with the same caps beside it. */
TEST(spawn_ident_ambient_caps_uid_change, PRIV)
{
    if (h_in_userns)
        SKIP("needs real root: the user namespace an ordinary user gets maps uid 0 only, so no uid change (spawn_ident_ambient_caps_userns runs Go's userns variant)");
    char ours[512], peer[512];
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_ids(a, 65534, 65534));
    CHECK_OK(rns_spawn_attr_set_ambient_caps(a, BIT(CAP_SYS_TIME) | BIT(CAP_SYSLOG)));
    rns_capture(a, cap_lines, ours, sizeof ours);
    char *opts[] = { "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=+sys_time,+syslog",
                     "--ambient-caps=+sys_time,+syslog", NULL };
    setpriv_caps(opts, peer, sizeof peer);
    CHECK_STR_EQ(ours, peer);
    CHECK(cap_field(ours, "CapEff") == (BIT(CAP_SYS_TIME) | BIT(CAP_SYSLOG)));
    CHECK(cap_field(ours, "CapAmb") == (BIT(CAP_SYS_TIME) | BIT(CAP_SYSLOG)));
}

/* Go's TestAmbientCapsUserns: as anyone, a new user namespace mapping nobody to the caller,
 * the program nobody there with CAP_SYS_TIME and CAP_SYSLOG ambient (so effective). */
TEST(spawn_ident_ambient_caps_userns, ANY)
{
    char map[64], gmap[64], out[512];
    snprintf(map, sizeof map, "65534 %u 1", (unsigned)geteuid());
    snprintf(gmap, sizeof gmap, "65534 %u 1", (unsigned)getegid());
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_unshare(a, RNS_CLONE_NEWUSER));
    CHECK_OK(rns_spawn_attr_set_uid_map(a, map));
    CHECK_OK(rns_spawn_attr_set_gid_map(a, gmap));
    CHECK_OK(rns_spawn_attr_set_ids(a, 65534, 65534));
    CHECK_OK(rns_spawn_attr_set_ambient_caps(a, BIT(CAP_SYS_TIME) | BIT(CAP_SYSLOG)));
    int p[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    CHECK_OK(rns_spawn_attr_set_fd(a, 1, p[1]));
    close(p[1]);
    pid_t pid;
    int step = -1;
    int fd = rns_spawn(a, cap_lines[0], cap_lines, NULL, &pid, &step);
    rns_spawn_attr_free(a);
    if (fd == -EPERM && step == RNS_SPAWN_STEP_CLONE)
        SKIP("user namespaces are not allowed here (clone: EPERM)");
    if (fd < 0)
        FAIL("rns_spawn: %s at step %d", h_errname(fd), step);
    read_output(p[0], out, sizeof out);
    CHECK_EQ_INT(wait_pidfd(fd, pid), 0);
    CHECK(cap_field(out, "CapAmb") == (BIT(CAP_SYS_TIME) | BIT(CAP_SYSLOG)));
    CHECK(cap_field(out, "CapEff") == (BIT(CAP_SYS_TIME) | BIT(CAP_SYSLOG)));
}

/* Without privilege each capability step fails with EPERM at RNS_SPAWN_STEP_CAPS (setpriv
 * fails for securebits too; for the bounding set setpriv 2.38 exits 0 with the set unchanged,
 * where librns reports the refusal); keeping the whole bounding set asks nothing. */
TEST(spawn_ident_caps_eperm, UNPRIV)
{
    rns_spawn_attr *a = new_attr();
    CHECK_OK(rns_spawn_attr_set_bounding_set(a, BIT(CAP_CHOWN)));
    expect_fail(a, "/bin/true", -EPERM, RNS_SPAWN_STEP_CAPS);
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_ambient_caps(a, BIT(CAP_NET_RAW)));
    expect_fail(a, "/bin/true", -EPERM, RNS_SPAWN_STEP_CAPS);
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_securebits(a, 1));
    expect_fail(a, "/bin/true", -EPERM, RNS_SPAWN_STEP_CAPS);
    char out[512];
    a = new_attr();
    CHECK_OK(rns_spawn_attr_set_bounding_set(a, all_caps()));
    CHECK_OK(rns_spawn_attr_set_inheritable_caps(a, 0));
    rns_capture(a, cap_lines, out, sizeof out);
    CHECK(cap_field(out, "CapInh") == 0);
    char *argv[] = { "/usr/bin/setpriv", "--securebits=+noroot", "--", "/bin/true", NULL };
    CHECK(peer_capture(argv, NULL, out, sizeof out) != 0);
    char *bnd[] = { "/usr/bin/setpriv", "--bounding-set=-all,+chown", "--", cap_lines[0], cap_lines[1],
                    cap_lines[2], NULL };
    CHECK_EQ_INT(peer_capture(bnd, NULL, out, sizeof out), 0);
    CHECK(cap_field(out, "CapBnd") != BIT(CAP_CHOWN));
}
