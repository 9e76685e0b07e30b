/*
 * rns-run: run a program in new or existing namespaces, through librns's spawn call.
 * It exists to show the API and to be compared with unshare(1) and nsenter(1)
 * (tests/tools/test-rns-run.sh runs them side by side).
 *
 * What it does, its signals and its exit statuses: the help text below (rns-run --help).
 */
#define _GNU_SOURCE
#include <rns.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/landlock.h>
#include <strings.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "caps_gen.h"

static const char help[] =
    "usage: rns-run [OPTION]... [--] PROGRAM [ARG]...\n"
    "Runs PROGRAM in new or joined namespaces (librns's rns_spawn), as unshare(1) and\n"
    "nsenter(1) do, and waits for it. PROGRAM without a '/' is searched in PATH.\n"
    "\n"
    "  --net, --uts, --ipc, --pid, --mount, --user, --cgroup, --time\n"
    "                     create a namespace of that type (unshare --net, ...); with\n"
    "                     --target, join the target's instead (nsenter --net, ...)\n"
    "  --target PID       join those namespaces of process PID (a number above 0), through\n"
    "                     its pidfd\n"
    "  --join-TYPE=FILE   join the namespace file FILE (--join-net=/run/netns/NAME, ...)\n"
    "  --map-root-user    map the caller's uid and gid to 0 in a new user namespace (implies\n"
    "                     one, as unshare's --map-root-user; made after any joins)\n"
    "  --setsid           run PROGRAM in a new session\n"
    "  --ctty             make the terminal on fd 0 PROGRAM's controlling terminal (implies\n"
    "                     --setsid; setsid's --ctty, but a terminal another session holds is\n"
    "                     refused, for root too, where setsid --ctty takes it)\n"
    "  --pgroup           run PROGRAM in a process group of its own\n"
    "  --wd DIR           run PROGRAM in directory DIR\n"
    "  --propagation private|shared|slave|unchanged\n"
    "                     the propagation of / in a new mount namespace (default private, as\n"
    "                     unshare's --propagation)\n"
    "  --reuid UID, --regid GID\n"
    "                     run PROGRAM with that real, effective and saved uid or gid (numbers;\n"
    "                     setpriv's --reuid/--regid set all three too); its supplementary\n"
    "                     groups are then dropped unless --keep-groups or --groups says\n"
    "                     otherwise; --setuid/--setgid (unshare, nsenter) are the same\n"
    "  --keep-groups      keep rns-run's supplementary groups across --reuid/--regid\n"
    "  --clear-groups     no supplementary groups\n"
    "  --groups G,G...    these supplementary groups (numbers)\n"
    "  --no-new-privs     set no_new_privs for PROGRAM (setpriv's --no-new-privs)\n"
    "  --setgroups allow|deny\n"
    "                     deny: nothing in the new user namespace may call setgroups(2)\n"
    "                     (unshare's --setgroups; --map-root-user implies deny, as there)\n"
    "  --keep-caps        with a new user namespace, PROGRAM keeps the capabilities it has\n"
    "                     there (all, as ambient caps; unshare's --keep-caps)\n"
    "  --root DIR         run PROGRAM with root directory DIR (unshare's --root): in DIR's /,\n"
    "                     or in --wd, a path under DIR\n"
    "  --inh-caps (+|-)CAP,...  --ambient-caps (+|-)CAP,...  --bounding-set (+|-)CAP,...\n"
    "                     PROGRAM's inheritable, ambient and bounding capability sets, as\n"
    "                     setpriv's options: each starts as rns-run's own and each entry adds\n"
    "                     (+) or removes (-) CAP: a name of capabilities(7) without CAP_\n"
    "                     (net_raw), cap_N, or all. Unlike setpriv, the ambient caps are made\n"
    "                     inheritable too (as Go's AmbientCaps), and kept across --reuid\n"
    "  --securebits (+|-)BIT,...\n"
    "                     PROGRAM's securebits, as setpriv's: noroot, noroot_locked,\n"
    "                     no_setuid_fixup, no_setuid_fixup_locked, keep_caps_locked\n"
    "  --kill-child[=SIG] PROGRAM gets SIG (default SIGKILL) when rns-run dies (unshare's\n"
    "                     --kill-child; SIG a number or a name: TERM, SIGTERM)\n"
    "  --seccomp-filter FILE\n"
    "                     install the seccomp filter in FILE (raw struct sock_filter\n"
    "                     instructions, as setpriv's --seccomp-filter) as the last step before\n"
    "                     PROGRAM runs; implies --no-new-privs, as in setpriv\n"
    "  --landlock-access fs[:RIGHT,...]\n"
    "                     restrict PROGRAM's file access with Landlock (setpriv's option, 'fs'\n"
    "                     only): every right this kernel knows, or those named (execute,\n"
    "                     write-file, read-file, read-dir, remove-dir, remove-file, make-char,\n"
    "                     make-dir, make-reg, make-sock, make-fifo, make-block, make-sym, refer,\n"
    "                     truncate, ioctl-dev, resolve-unix); implies --no-new-privs, as in setpriv\n"
    "  --landlock-rule path-beneath:[RIGHT,...]:PATH\n"
    "                     allow those rights (all of --landlock-access's when none are named)\n"
    "                     beneath PATH; PROGRAM itself must be allowed execute and read-file\n"
    "  Options with a value take it as --opt VALUE or --opt=VALUE.\n"
    "  --help             show this help and exit\n"
    "\n"
    "Fds 0, 1 and 2 are PROGRAM's as they are rns-run's; one closed stays closed.\n"
    "\n"
    "Signals: SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM and SIGWINCH sent to\n"
    "rns-run are passed on to PROGRAM, as if rns-run were PROGRAM (as under unshare, which\n"
    "execs it; nsenter --pid passes none on), except those rns-run was started ignoring (as\n"
    "under nohup(1)), which PROGRAM ignores too. A signal the kernel sends (a terminal's ^C,\n"
    "^\\, hangup) is passed on only with --setsid or --pgroup: otherwise PROGRAM, in rns-run's\n"
    "process group, has it already. A SIGKILL of rns-run leaves PROGRAM running.\n"
    "\n"
    "Exit status: PROGRAM's. When a signal killed PROGRAM, rns-run kills itself with that\n"
    "signal (as timeout(1) does, without a core dump of its own). 125 rns-run failed (the\n"
    "failing step is printed), 126 PROGRAM was found but could not be run, 127 PROGRAM was not\n"
    "found (as env(1), nice(1) and unshare do; util-linux's own failures exit 1).\n";

static const struct {
    const char *name;
    int flag;
} types[] = {
    {"net", RNS_CLONE_NEWNET},   {"uts", RNS_CLONE_NEWUTS},   {"ipc", RNS_CLONE_NEWIPC},
    {"pid", RNS_CLONE_NEWPID},   {"mount", RNS_CLONE_NEWNS},  {"user", RNS_CLONE_NEWUSER},
    {"cgroup", RNS_CLONE_NEWCGROUP}, {"time", RNS_CLONE_NEWTIME},
};
#define N_TYPES (sizeof types / sizeof types[0])

static const char *const steps[] = {
    "", "clone", "signals", "join", "unshare", "map", "mount propagation", "setsid", "setpgid",
    "cwd", "groups", "gid", "uid", "no_new_privs", "fds", "pdeathsig", "exec", "report", "fork",
    "nice", "rlimit", "cgroup", "tty",
    [RNS_SPAWN_STEP_SCHED] = "sched", [RNS_SPAWN_STEP_CHROOT] = "chroot", [RNS_SPAWN_STEP_CAPS] = "caps",
    [RNS_SPAWN_STEP_LANDLOCK] = "landlock", [RNS_SPAWN_STEP_SECCOMP] = "seccomp",
};
/* A step added to the header needs its name here (a NULL one is shown by number). */
_Static_assert(sizeof steps / sizeof steps[0] == RNS_SPAWN_STEP_SECCOMP + 1, "a step name is missing");

/* The signals passed on to the program. */
static const int relayed[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, SIGWINCH };

struct opts {
    int types, setsid, pgroup, map_root, no_new_privs, kill_child, flags, ctty, keep_caps;
    int setgroups; /* -1: not given; 0 allow; 1 deny */
    pid_t target; /* 0: none */
    const char *wd;
    long propagation; /* -1: the default */
    uid_t uid;        /* (uid_t)-1: unchanged */
    gid_t gid;
    int ngroups;      /* -1: not given */
    gid_t groups[64];
    const char *root;
    /* --inh-caps, --ambient-caps, --bounding-set (in that order): given, and the set */
    int caps_given[3];
    uint64_t caps[3];
    int securebits;   /* -1: not given */
    /* --landlock-access: the rights handled (0: no Landlock); --landlock-rule: each rule's
     * rights (0: all handled) and directory (an O_PATH fd). */
    uint64_t landlock_access;
    int landlock_all; /* "fs": every right this kernel knows */
    int nrules;
    struct { uint64_t rights; int fd; } rules[32];
};

static int usage(void)
{
    fprintf(stderr, "usage: rns-run [--net|--uts|--ipc|--pid|--mount|--user|--cgroup|--time]... "
                    "[--target PID] [--join-TYPE=FILE]... [--map-root-user] [--setsid] [--ctty] [--pgroup] "
                    "[--wd DIR] [--propagation P] [--reuid UID] [--regid GID] [--keep-groups|--clear-groups|"
                    "--groups G,...] [--no-new-privs] [--setgroups allow|deny] [--keep-caps] [--kill-child[=SIG]] [--root DIR] [--inh-caps CAPS] "
                    "[--ambient-caps CAPS] [--bounding-set CAPS] [--securebits BITS] [--seccomp-filter FILE] "
                    "[--landlock-access fs[:RIGHTS]] [--landlock-rule path-beneath:RIGHTS:PATH]... [--] PROGRAM [ARG...]\n"
                    "Try 'rns-run --help' for more information.\n");
    return 125;
}

static int fail(const char *what, int r)
{
    fprintf(stderr, "rns-run: %s: %s (%s)\n", what, rns_strerror(r), rns_errname(r));
    return 125;
}

/* An option's value rns-run cannot take: -(exit status). */
static int bad_value(const char *o, const char *v)
{
    size_t n = strcspn(o, "=");
    fprintf(stderr, "rns-run: --%.*s: not a valid value: '%s'\n", (int)n, o, v);
    return -125;
}

/* Fds 0-2 that are closed get /dev/null for now, so that no fd rns-run opens lands there;
 * closed[fd] says which, for the program to get them closed. */
static void hold_stdio(int closed[3])
{
    for (int fd = 0; fd < 3; fd++) {
        closed[fd] = fcntl(fd, F_GETFD) < 0 && errno == EBADF;
        if (closed[fd])
            open("/dev/null", O_RDWR | O_CLOEXEC); /* the lowest free fd: this one */
    }
}

/* A pid: a decimal number above 0, nothing else. */
static int parse_pid(const char *s, pid_t *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v <= 0 || v > INT_MAX)
        return -1;
    *out = (pid_t)v;
    return 0;
}

/* --TYPE or --join-TYPE=FILE: 1 when `o` (the option without "--") was one, 0 when not, or
 * the exit status of a failure. */
static int type_option(const char *o, rns_spawn_attr *a, struct opts *op)
{
    for (size_t t = 0; t < N_TYPES; t++) {
        size_t n = strlen(types[t].name);
        if (strcmp(o, types[t].name) == 0) {
            op->types |= types[t].flag;
            return 1;
        }
        if (strncmp(o, "join-", 5) == 0 && strncmp(o + 5, types[t].name, n) == 0 && o[5 + n] == '=') {
            int fd = open(o + 6 + n, O_RDONLY | O_CLOEXEC), r;
            if (fd < 0)
                return fail(o + 6 + n, -errno);
            r = rns_spawn_attr_set_join(a, fd, types[t].flag);
            close(fd); /* the attribute keeps its own */
            return r < 0 ? fail("join", r) : 1;
        }
    }
    return 0;
}

/* The value of option `name` in `o` (an option without its "--"): "name=VALUE", or "name"
 * and the next argument (then *i moves on); NULL when `o` is not that option. */
static const char *value_of(const char *o, const char *name, int argc, char **argv, int *i)
{
    size_t n = strlen(name);
    if (strncmp(o, name, n) != 0)
        return NULL;
    if (o[n] == '=')
        return o + n + 1;
    if (o[n] == '\0' && *i + 1 < argc)
        return argv[++*i];
    return NULL;
}

/* A uid or gid: a decimal number below 2^32 - 1. */
static int parse_id(const char *s, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || *s == '-' || v >= 0xffffffffUL)
        return -1;
    *out = (unsigned)v;
    return 0;
}

/* "G,G,...": up to 64 gids; "" for none. */
static int parse_groups(const char *s, struct opts *op)
{
    char buf[1024];
    op->ngroups = 0;
    if (!*s)
        return 0;
    if (strlen(s) >= sizeof buf)
        return -1;
    strcpy(buf, s);
    for (char *save = NULL, *g = strtok_r(buf, ",", &save); g; g = strtok_r(NULL, ",", &save)) {
        unsigned id;
        if (op->ngroups == 64 || parse_id(g, &id) < 0)
            return -1;
        op->groups[op->ngroups++] = id;
    }
    return 0;
}

/* A signal: a number, or a name with or without "SIG" (TERM, SIGTERM). */
static int parse_signal(const char *s)
{
    unsigned n;
    if (parse_id(s, &n) == 0)
        return n >= 1 && n <= 64 ? (int)n : -1;
    if (strncmp(s, "SIG", 3) == 0)
        s += 3;
    for (int sig = 1; sig < 65; sig++) {
        const char *name = sigabbrev_np(sig);
        if (name && strcmp(name, s) == 0)
            return sig;
    }
    return -1;
}

/* The identity and process options (setpriv's and unshare's): 1 when `o` was one, 0 when
 * not, or -(exit status). */
static int process_option(const char *o, int argc, char **argv, int *i, struct opts *op)
{
    static const struct { const char *name; long flags; } props[] = {
        {"private", MS_REC | MS_PRIVATE}, {"shared", MS_REC | MS_SHARED},
        {"slave", MS_REC | MS_SLAVE},     {"unchanged", 0},
    };
    const char *v;
    unsigned id;
    if ((v = value_of(o, "reuid", argc, argv, i)) || (v = value_of(o, "setuid", argc, argv, i))) {
        if (parse_id(v, &id) < 0)
            return bad_value(o, v);
        op->uid = id;
    } else if ((v = value_of(o, "regid", argc, argv, i)) || (v = value_of(o, "setgid", argc, argv, i))) {
        if (parse_id(v, &id) < 0)
            return bad_value(o, v);
        op->gid = id;
    } else if ((v = value_of(o, "groups", argc, argv, i))) {
        if (parse_groups(v, op) < 0)
            return bad_value(o, v);
    } else if ((v = value_of(o, "propagation", argc, argv, i))) {
        size_t k = 0;
        while (k < sizeof props / sizeof props[0] && strcmp(props[k].name, v) != 0)
            k++;
        if (k == sizeof props / sizeof props[0])
            return bad_value(o, v);
        op->propagation = props[k].flags;
    } else if (strcmp(o, "kill-child") == 0 || strncmp(o, "kill-child=", 11) == 0) {
        op->kill_child = o[10] ? parse_signal(o + 11) : SIGKILL;
        if (op->kill_child < 0)
            return bad_value(o, o + 11);
    } else if (strcmp(o, "keep-groups") == 0) {
        op->flags |= RNS_SPAWN_KEEP_GROUPS;
    } else if (strcmp(o, "clear-groups") == 0) {
        op->ngroups = 0;
    } else if (strcmp(o, "no-new-privs") == 0) {
        op->no_new_privs = 1;
    } else if (strcmp(o, "keep-caps") == 0) {
        op->keep_caps = 1;
    } else if ((v = value_of(o, "setgroups", argc, argv, i))) {
        if (strcmp(v, "allow") != 0 && strcmp(v, "deny") != 0)
            return bad_value(o, v);
        op->setgroups = strcmp(v, "deny") == 0;
    } else {
        return 0;
    }
    return 1;
}

/* ---- setpriv's capability and securebits syntax ---- */

static const struct {
    const char *name;
    int cap;
} cap_names[] = {
#define CAP_NAME(n) {#n, RNS_CAP_##n},
    RNS_GEN_CAPS(CAP_NAME)
#undef CAP_NAME
};

/* The highest capability the kernel knows (PR_CAPBSET_READ fails above it). */
static int cap_last(void)
{
    int last = 63;
    while (last > 0 && prctl(PR_CAPBSET_READ, last, 0, 0, 0) < 0)
        last--;
    return last;
}

/* rns-run's own inheritable (0), ambient (1) or bounding (2) set: where setpriv starts. */
static uint64_t own_caps(int which)
{
    uint64_t set = 0;
    if (which == 0) {
        struct { uint32_t version; int pid; } h = { 0x20080522, 0 };
        struct { uint32_t eff, prm, inh; } d[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
        if (syscall(SYS_capget, &h, d) == 0)
            set = d[0].inh | (uint64_t)d[1].inh << 32;
        return set;
    }
    for (int c = 0; c <= cap_last(); c++) {
        int on = which == 1 ? prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, c, 0, 0)
                            : prctl(PR_CAPBSET_READ, c, 0, 0, 0);
        if (on == 1)
            set |= 1ULL << c;
    }
    return set;
}

/* One capability: a name without CAP_ (any case), cap_N, or all (-2); -1: none of these. */
static int cap_of(const char *s)
{
    unsigned n;
    if (strcasecmp(s, "all") == 0)
        return -2;
    if (strncasecmp(s, "cap_", 4) == 0 && parse_id(s + 4, &n) == 0)
        return n <= (unsigned)cap_last() ? (int)n : -1;
    for (size_t k = 0; k < sizeof cap_names / sizeof cap_names[0]; k++)
        if (strcasecmp(cap_names[k].name, s) == 0 && cap_names[k].cap <= cap_last())
            return cap_names[k].cap;
    return -1;
}

/* "(+|-)NAME,...": each entry applied to `*set` in turn; -1 for a bad entry. `names` NULL
 * takes capabilities, else the `n` bit names. */
static int apply_list(const char *list, uint64_t *set, const char *const *names, int n)
{
    char buf[1024];
    if (!*list || strlen(list) >= sizeof buf)
        return -1;
    strcpy(buf, list);
    uint64_t all = names ? (1ULL << n) - 1 : ~0ULL >> (63 - cap_last());
    for (char *save = NULL, *e = strtok_r(buf, ",", &save); e; e = strtok_r(NULL, ",", &save)) {
        int bit = -1;
        if (*e != '+' && *e != '-')
            return -1;
        if (!names)
            bit = cap_of(e + 1);
        for (int k = 0; names && k < n; k++)
            if (names[k] && strcmp(names[k], e + 1) == 0)
                bit = k;
        if (bit == -1)
            return -1;
        uint64_t m = bit == -2 ? all : 1ULL << bit;
        *set = *e == '+' ? *set | m : *set & ~m;
    }
    return 0;
}

/* The securebits setpriv names (keep_caps, bit 4, is not one: execve clears it). */
static const char *const secbit_names[] = { "noroot", "noroot_locked", "no_setuid_fixup",
                                            "no_setuid_fixup_locked", NULL, "keep_caps_locked" };

/* --root and setpriv's capability options: 1 when `o` was one, 0 when not, or -(exit status). */
static int identity_option(const char *o, int argc, char **argv, int *i, struct opts *op)
{
    static const char *const sets[] = { "inh-caps", "ambient-caps", "bounding-set" };
    const char *v;
    if ((v = value_of(o, "root", argc, argv, i))) {
        op->root = v;
        return 1;
    }
    for (int k = 0; k < 3; k++) {
        if ((v = value_of(o, sets[k], argc, argv, i))) {
            if (!op->caps_given[k])
                op->caps[k] = own_caps(k);
            op->caps_given[k] = 1;
            return apply_list(v, &op->caps[k], NULL, 0) < 0 ? bad_value(o, v) : 1;
        }
    }
    if ((v = value_of(o, "securebits", argc, argv, i))) {
        uint64_t bits = op->securebits >= 0 ? (uint64_t)op->securebits : (uint64_t)prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
        if (apply_list(v, &bits, secbit_names, 6) < 0)
            return bad_value(o, v);
        op->securebits = (int)bits;
        return 1;
    }
    return 0;
}

/* The Landlock filesystem rights by setpriv's names, bit i the kernel's 1 << i
 * (LANDLOCK_ACCESS_FS_EXECUTE is 1 << 0, ...). */
static const char *const fs_rights[] = {
    "execute", "write-file", "read-file", "read-dir", "remove-dir", "remove-file", "make-char",
    "make-dir", "make-reg", "make-sock", "make-fifo", "make-block", "make-sym", "refer",
    "truncate", "ioctl-dev", "resolve-unix",
};
#define N_FS_RIGHTS (sizeof fs_rights / sizeof fs_rights[0])
#define ALL_FS_RIGHTS ((UINT64_C(1) << N_FS_RIGHTS) - 1)

/* "RIGHT,RIGHT,..." (the first `n` bytes of `s`) as a mask; 0 for none, -1 (all ones) for an
 * unknown name. */
static uint64_t parse_rights(const char *s, size_t n)
{
    uint64_t mask = 0;
    while (n > 0) {
        size_t len = strcspn(s, ","), k = 0;
        len = len < n ? len : n;
        while (k < N_FS_RIGHTS && (strlen(fs_rights[k]) != len || strncmp(fs_rights[k], s, len) != 0))
            k++;
        if (k == N_FS_RIGHTS)
            return UINT64_MAX;
        mask |= UINT64_C(1) << k;
        s += len;
        n -= len;
        if (n > 0) { /* the comma */
            s++;
            n--;
        }
    }
    return mask;
}

/* --landlock-access fs[:RIGHTS] or --landlock-rule path-beneath:[RIGHTS]:PATH (setpriv's
 * syntax): 0, or -(exit status). Either implies no_new_privs, as setpriv sets it. */
static int landlock_option(const char *o, const char *v, struct opts *op)
{
    op->no_new_privs = 1;
    if (strcmp(o, "landlock-access") == 0 || strncmp(o, "landlock-access=", 16) == 0) {
        uint64_t m = strcmp(v, "fs") == 0 || strcmp(v, "fs:") == 0 ? ALL_FS_RIGHTS
                     : strncmp(v, "fs:", 3) == 0                   ? parse_rights(v + 3, strlen(v + 3))
                                                                   : UINT64_MAX;
        if (m == UINT64_MAX)
            return bad_value(o, v);
        op->landlock_all |= m == ALL_FS_RIGHTS;
        op->landlock_access |= m;
        return 0;
    }
    const char *rights = strncmp(v, "path-beneath:", 13) == 0 ? v + 13 : NULL;
    const char *path = rights ? strchr(rights, ':') : NULL;
    uint64_t m = path ? parse_rights(rights, (size_t)(path - rights)) : UINT64_MAX;
    if (m == UINT64_MAX || op->nrules == (int)(sizeof op->rules / sizeof op->rules[0]))
        return bad_value(o, v);
    int fd = open(path + 1, O_PATH | O_CLOEXEC);
    if (fd < 0)
        return -fail(path + 1, -errno);
    op->rules[op->nrules].rights = m;
    op->rules[op->nrules++].fd = fd;
    return 0;
}

/* --seccomp-filter FILE: the raw instructions of FILE into the attribute (which copies them),
 * no_new_privs implied as setpriv sets it; 0 or -(exit status). */
static int seccomp_option(const char *file, rns_spawn_attr *a, struct opts *op)
{
    static rns_sock_filter prog[4097]; /* one more than the kernel takes: refused, not cut */
    size_t got = 0;
    ssize_t n = 0;
    int fd = open(file, O_RDONLY | O_CLOEXEC), r;
    if (fd < 0)
        return -fail(file, -errno);
    while (got < sizeof prog && (n = read(fd, (char *)prog + got, sizeof prog - got)) > 0)
        got += (size_t)n;
    close(fd);
    if (n < 0)
        return -fail(file, -errno);
    if (got % sizeof prog[0] != 0) {
        fprintf(stderr, "rns-run: --seccomp-filter: %s: not whole %zu-byte instructions\n", file, sizeof prog[0]);
        return -125;
    }
    if ((r = rns_spawn_attr_set_seccomp(a, prog, got / sizeof prog[0])) < 0)
        return -fail("seccomp-filter", r);
    op->no_new_privs = 1;
    return 0;
}

/* The sandbox options (setpriv's): 1 when `o` was one, 0 when not, or -(exit status). */
static int sandbox_option(const char *o, int argc, char **argv, int *i, rns_spawn_attr *a, struct opts *op)
{
    const char *v;
    int r;
    if ((v = value_of(o, "seccomp-filter", argc, argv, i)))
        r = seccomp_option(v, a, op);
    else if ((v = value_of(o, "landlock-access", argc, argv, i)) || (v = value_of(o, "landlock-rule", argc, argv, i)))
        r = landlock_option(o, v, op);
    else
        return 0;
    return r < 0 ? r : 1;
}

/* Reads the options into `op` and `a`: the index of PROGRAM in argv, or -(exit status). */
static int parse_args(int argc, char **argv, rns_spawn_attr *a, struct opts *op)
{
    int i = 1, r;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        const char *o = argv[i] + 2;
        if (*o == '\0')
            return i + 1 < argc ? i + 1 : -usage();
        if ((r = type_option(o, a, op)) != 0) {
            if (r != 1)
                return -r;
        } else if ((r = process_option(o, argc, argv, &i, op)) != 0) {
            if (r != 1)
                return r;
        } else if ((r = identity_option(o, argc, argv, &i, op)) != 0) {
            if (r != 1)
                return r;
        } else if ((r = sandbox_option(o, argc, argv, &i, a, op)) != 0) {
            if (r != 1)
                return r;
        } else if (strcmp(o, "target") == 0 && i + 1 < argc) {
            if (parse_pid(argv[++i], &op->target) < 0) {
                fprintf(stderr, "rns-run: --target: not a pid: '%s'\n", argv[i]);
                return -125;
            }
        } else if (strcmp(o, "wd") == 0 && i + 1 < argc) {
            op->wd = argv[++i];
        } else if (strcmp(o, "map-root-user") == 0) {
            op->map_root = 1;
        } else if (strcmp(o, "setsid") == 0) {
            op->setsid = 1;
        } else if (strcmp(o, "ctty") == 0) {
            op->setsid = op->ctty = 1;
        } else if (strcmp(o, "pgroup") == 0) {
            op->pgroup = 1;
        } else if (strcmp(o, "help") == 0) {
            fputs(help, stdout);
            return fflush(stdout) == 0 ? 0 : -125;
        } else {
            return -usage();
        }
    }
    return i < argc ? i : -usage();
}

/* The identity and process options into the attribute; 0 or the exit status of a failure. */
static int set_process(rns_spawn_attr *a, const struct opts *op)
{
    int r;
    if (op->propagation >= 0 && (r = rns_spawn_attr_set_mount_propagation(a, (unsigned long)op->propagation)) < 0)
        return fail("propagation", r);
    if ((op->uid != (uid_t)-1 || op->gid != (gid_t)-1) && (r = rns_spawn_attr_set_ids(a, op->uid, op->gid)) < 0)
        return fail("ids", r);
    if (op->ngroups >= 0 && (r = rns_spawn_attr_set_groups(a, op->groups, (size_t)op->ngroups)) < 0)
        return fail("groups", r);
    if (op->flags && (r = rns_spawn_attr_set_flags(a, op->flags)) < 0)
        return fail("flags", r);
    if (op->no_new_privs && (r = rns_spawn_attr_set_no_new_privs(a, 1)) < 0)
        return fail("no-new-privs", r);
    if (op->kill_child && (r = rns_spawn_attr_set_pdeathsig(a, op->kill_child)) < 0)
        return fail("kill-child", r);
    return 0;
}

/* --root and the capability options into the attribute; 0 or the exit status of a failure. */
static int set_identity(rns_spawn_attr *a, const struct opts *op)
{
    static int (*const set[3])(rns_spawn_attr *, uint64_t) = {
        rns_spawn_attr_set_inheritable_caps, rns_spawn_attr_set_ambient_caps, rns_spawn_attr_set_bounding_set,
    };
    static const char *const what[3] = { "inh-caps", "ambient-caps", "bounding-set" };
    int r;
    if (op->root && ((r = rns_spawn_attr_set_chroot(a, op->root)) < 0 ||
                     (!op->wd && (r = rns_spawn_attr_set_cwd(a, "/")) < 0))) /* as unshare --root */
        return fail("root", r);
    for (int k = 0; k < 3; k++)
        if (op->caps_given[k] && (r = set[k](a, op->caps[k])) < 0)
            return fail(what[k], r);
    if (op->securebits >= 0 && (r = rns_spawn_attr_set_securebits(a, op->securebits)) < 0)
        return fail("securebits", r);
    return 0;
}

/* A ruleset handling `*access`, or -errno. With `all`, every right this kernel knows: it
 * refuses rights it does not know (EINVAL), so the highest are left out until it takes the
 * rest (those of Landlock's first ABI at least). */
static int landlock_ruleset(uint64_t *access, int all)
{
    for (;;) {
        struct landlock_ruleset_attr ra = { .handled_access_fs = *access };
        long rs = syscall(SYS_landlock_create_ruleset, &ra, sizeof ra, 0);
        if (rs >= 0)
            return (int)rs;
        if (!all || errno != EINVAL || *access <= LANDLOCK_ACCESS_FS_MAKE_SYM * 2 - 1)
            return -errno;
        *access &= ~(UINT64_C(1) << (63 - __builtin_clzll(*access))); /* the highest right */
    }
}

/* The Landlock options into the attribute (the rules' fds closed); 0 or the exit status of a
 * failure. */
static int set_landlock(rns_spawn_attr *a, struct opts *op)
{
    int r = 0, rs = -1;
    if (op->nrules && !op->landlock_access) {
        fprintf(stderr, "rns-run: --landlock-rule needs --landlock-access fs\n");
        r = 125;
    } else if (op->landlock_access && (rs = landlock_ruleset(&op->landlock_access, op->landlock_all)) < 0) {
        r = fail("landlock_create_ruleset", rs);
    }
    for (int k = 0; k < op->nrules; k++) {
        struct landlock_path_beneath_attr pb = {
            .allowed_access = op->rules[k].rights ? op->rules[k].rights : op->landlock_access,
            .parent_fd = op->rules[k].fd,
        };
        if (r == 0 && syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &pb, 0) != 0)
            r = fail("landlock_add_rule", -errno);
        close(op->rules[k].fd);
    }
    if (r == 0 && rs >= 0 && (r = rns_spawn_attr_set_landlock(a, rs)) < 0)
        r = fail("landlock", r);
    if (rs >= 0)
        close(rs);
    return r;
}

/* The attribute as the options say; 0 or the exit status of a failure. */
static int set_up(rns_spawn_attr *a, struct opts *op, const int closed[3])
{
    int r, create = op->types;
    char m[64];
    if (op->target > 0) { /* the types are the target's to join */
        int pidfd = rns_pidfd_open(op->target, 0);
        if (pidfd < 0)
            return fail("pidfd_open", pidfd);
        r = rns_spawn_attr_set_join(a, pidfd, op->types);
        close(pidfd);
        if (r < 0)
            return fail("join", r);
        create = 0;
    }
    if (op->map_root) /* as unshare --map-root-user: a new user namespace to map in */
        create |= RNS_CLONE_NEWUSER;
    if (op->map_root && op->setgroups == 0) {
        fprintf(stderr, "rns-run: --setgroups=allow and --map-root-user are mutually exclusive (as in unshare)\n");
        return 125;
    }
    if (op->setgroups == 1 || op->map_root) /* unshare --map-root-user denies setgroups too */
        op->flags |= RNS_SPAWN_SETGROUPS_DENY;
    if (op->keep_caps && (create & RNS_CLONE_NEWUSER) && !op->caps_given[1]) {
        op->caps_given[1] = 1; /* unshare --keep-caps: all of the new namespace's caps kept */
        op->caps[1] = ~0ULL >> (63 - cap_last());
    }
    if (create && (r = rns_spawn_attr_set_unshare(a, create)) < 0)
        return fail("unshare", r);
    if (op->map_root) {
        snprintf(m, sizeof m, "0 %u 1", (unsigned)geteuid());
        if ((r = rns_spawn_attr_set_uid_map(a, m)) < 0)
            return fail("uid map", r);
        snprintf(m, sizeof m, "0 %u 1", (unsigned)getegid());
        if ((r = rns_spawn_attr_set_gid_map(a, m)) < 0)
            return fail("gid map", r);
    }
    if (op->setsid && (r = rns_spawn_attr_set_setsid(a, 1)) < 0)
        return fail("setsid", r);
    if (op->ctty && (r = rns_spawn_attr_set_ctty(a, 0)) < 0)
        return fail("ctty", r);
    if (op->pgroup && (r = rns_spawn_attr_set_pgroup(a, 0)) < 0)
        return fail("pgroup", r);
    if (op->wd && (r = rns_spawn_attr_set_cwd(a, op->wd)) < 0)
        return fail("wd", r);
    if ((r = set_process(a, op)) != 0 || (r = set_identity(a, op)) != 0)
        return r;
    if ((r = set_landlock(a, op)) != 0)
        return r;
    for (int fd = 0; fd < 3; fd++) /* the caller's stdio; closed ones closed */
        if ((r = rns_spawn_attr_set_fd(a, fd, closed[fd] ? -1 : fd)) < 0)
            return fail("fd", r);
    return 0;
}

/* Blocks the relayed signals rns-run does not ignore, before the program starts, so none is
 * lost; they are read from the signalfd returned (or -1 and errno). */
static int catch_signals(void)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof relayed / sizeof relayed[0]; i++) {
        struct sigaction sa;
        if (sigaction(relayed[i], NULL, &sa) == 0 && sa.sa_handler != SIG_IGN)
            sigaddset(&set, relayed[i]);
    }
    if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
        return -1;
    return signalfd(-1, &set, SFD_CLOEXEC);
}

/* Passes the signals sent to rns-run on to the program until it has exited. A signal from the
 * kernel (a terminal's) reached the program too unless it is in a process group of its own. */
static int relay_until_exit(int pidfd, int sfd, int own_group)
{
    struct pollfd p[2] = { { .fd = pidfd, .events = POLLIN }, { .fd = sfd, .events = POLLIN } };
    for (;;) {
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        if (p[0].revents)
            return 0;
        struct signalfd_siginfo si;
        if (read(sfd, &si, sizeof si) == (ssize_t)sizeof si && (si.ssi_code != SI_KERNEL || own_group))
            rns_pidfd_send_signal(pidfd, (int)si.ssi_signo, 0); /* -ESRCH: it has just exited */
    }
}

/* Dies of signal `sig` as the program did, without dumping core, or exits 128 + sig where the
 * signal does not kill (rns-run as pid 1 of a pid namespace). */
static int die_of(int sig)
{
    struct rlimit none = { 0, 0 };
    sigset_t set;
    setrlimit(RLIMIT_CORE, &none);
    signal(sig, SIG_DFL);
    raise(sig);
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL); /* delivered here if it was blocked */
    return 128 + sig;
}

/* The program could not be started: 127 not found, 126 not runnable, 125 rns-run's failure. */
static int spawn_failed(const char *prog, int err, int step)
{
    int known = step > 0 && (size_t)step < sizeof steps / sizeof steps[0] && steps[step];
    fprintf(stderr, "rns-run: %s: %s%s%s\n", prog, rns_strerror(err), known ? " at step " : "",
            known ? steps[step] : "");
    if (step != RNS_SPAWN_STEP_EXEC)
        return 125;
    return err == -ENOENT ? 127 : 126;
}

int main(int argc, char **argv)
{
    int closed[3], r, step, sfd;
    struct opts op = { .uid = (uid_t)-1, .gid = (gid_t)-1, .ngroups = -1, .propagation = -1, .securebits = -1, .setgroups = -1 };
    rns_spawn_attr *a = NULL;
    hold_stdio(closed);
    if ((r = rns_spawn_attr_new(&a)) < 0)
        return fail("spawn_attr_new", r);
    int i = parse_args(argc, argv, a, &op);
    if (i <= 0)
        return -i;
    if ((r = set_up(a, &op, closed)) != 0)
        return r;
    if ((sfd = catch_signals()) < 0)
        return fail("signalfd", -errno);

    pid_t pid;
    int pidfd = strchr(argv[i], '/') ? rns_spawn(a, argv[i], argv + i, NULL, &pid, &step)
                                     : rns_spawnp(a, argv[i], argv + i, NULL, &pid, &step);
    rns_spawn_attr_free(a);
    if (pidfd < 0)
        return spawn_failed(argv[i], pidfd, step);
    if ((r = relay_until_exit(pidfd, sfd, op.setsid || op.pgroup)) < 0)
        return fail("poll", r);
    rns_wait_status st = { .size = sizeof st };
    if ((r = rns_pidfd_wait(pidfd, RNS_WEXITED, &st)) < 0)
        return fail("pidfd_wait", r);
    if (st.kind == RNS_WAIT_EXITED)
        return st.code;
    return die_of(st.code);
}
