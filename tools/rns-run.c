/*
 * rns-run: run a program in new or existing namespaces, through librns's spawn call.
 * It exists to show the API and to be compared with unshare(1) and nsenter(1).
 *
 *   rns-run [--net] [--uts] [--ipc] [--pid] [--mount] [--user] [--cgroup] [--time]
 *           [--target PID] [--join-TYPE=FILE] [--map-root-user] [--setsid] [--pgroup]
 *           [--wd DIR] [--] PROGRAM [ARG...]
 *
 * The type options create new namespaces of those types, or, with --target PID, join those of
 * process PID (through its pidfd). --join-net=FILE (and --join-uts=, ...) joins the namespace
 * file FILE. --map-root-user maps the caller's uid and gid to 0 in a new user namespace.
 * PROGRAM without a "/" is searched in PATH. Exit status: the program's, 128+N when signal N
 * ended it, 125 when it could not be started (the failing step is printed).
 */
#define _GNU_SOURCE
#include <rns.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
};

static int usage(void)
{
    fprintf(stderr, "usage: rns-run [--net|--uts|--ipc|--pid|--mount|--user|--cgroup|--time]... "
                    "[--target PID] [--join-TYPE=FILE]... [--map-root-user] [--setsid] [--pgroup] "
                    "[--wd DIR] [--] PROGRAM [ARG...]\n");
    return 125;
}

static int fail(const char *what, int r)
{
    fprintf(stderr, "rns-run: %s: %s (%s)\n", what, rns_strerror(r), rns_errname(r));
    return 125;
}

int main(int argc, char **argv)
{
    int flags = 0, setsid = 0, pgroup = 0, map_root = 0, r;
    pid_t target = 0;
    const char *wd = NULL;
    rns_spawn_attr *a = NULL;
    if ((r = rns_spawn_attr_new(&a)) < 0)
        return fail("spawn_attr_new", r);
    int i = 1;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        const char *o = argv[i] + 2;
        if (*o == '\0') {
            i++;
            break;
        }
        int known = 0;
        for (size_t t = 0; t < N_TYPES; t++) {
            size_t n = strlen(types[t].name);
            if (strcmp(o, types[t].name) == 0) {
                flags |= types[t].flag;
                known = 1;
            } else if (strncmp(o, "join-", 5) == 0 && strncmp(o + 5, types[t].name, n) == 0 && o[5 + n] == '=') {
                int fd = open(o + 6 + n, O_RDONLY | O_CLOEXEC);
                if (fd < 0)
                    return fail(o + 6 + n, -errno);
                if ((r = rns_spawn_attr_set_join(a, fd, types[t].flag)) < 0)
                    return fail("join", r);
                close(fd); /* the attribute keeps its own */
                known = 1;
            }
        }
        if (known)
            continue;
        if (strcmp(o, "target") == 0 && i + 1 < argc)
            target = (pid_t)atoi(argv[++i]);
        else if (strcmp(o, "wd") == 0 && i + 1 < argc)
            wd = argv[++i];
        else if (strcmp(o, "map-root-user") == 0)
            map_root = 1;
        else if (strcmp(o, "setsid") == 0)
            setsid = 1;
        else if (strcmp(o, "pgroup") == 0)
            pgroup = 1;
        else
            return usage();
    }
    if (i >= argc)
        return usage();
    if (target > 0) { /* the types are the target's to join */
        int pidfd = rns_pidfd_open(target, 0);
        if (pidfd < 0)
            return fail("pidfd_open", pidfd);
        if ((r = rns_spawn_attr_set_join(a, pidfd, flags)) < 0)
            return fail("join", r);
        close(pidfd);
        flags = 0;
    }
    if (flags && (r = rns_spawn_attr_set_unshare(a, flags)) < 0)
        return fail("unshare", r);
    if (map_root) {
        char m[64];
        snprintf(m, sizeof m, "0 %u 1", (unsigned)geteuid());
        if ((r = rns_spawn_attr_set_uid_map(a, m)) < 0)
            return fail("uid map", r);
        snprintf(m, sizeof m, "0 %u 1", (unsigned)getegid());
        if ((r = rns_spawn_attr_set_gid_map(a, m)) < 0)
            return fail("gid map", r);
    }
    if (setsid && (r = rns_spawn_attr_set_setsid(a, 1)) < 0)
        return fail("setsid", r);
    if (pgroup && (r = rns_spawn_attr_set_pgroup(a, 0)) < 0)
        return fail("pgroup", r);
    if (wd && (r = rns_spawn_attr_set_cwd(a, wd)) < 0)
        return fail("wd", r);
    for (int fd = 0; fd < 3; fd++) /* the caller's stdio */
        if (fcntl(fd, F_GETFD) >= 0 && (r = rns_spawn_attr_set_fd(a, fd, fd)) < 0)
            return fail("fd", r);

    pid_t pid;
    int step;
    int pidfd = strchr(argv[i], '/') ? rns_spawn(a, argv[i], argv + i, NULL, &pid, &step)
                                     : rns_spawnp(a, argv[i], argv + i, NULL, &pid, &step);
    rns_spawn_attr_free(a);
    if (pidfd < 0) {
        fprintf(stderr, "rns-run: %s: %s%s%s\n", argv[i], rns_strerror(pidfd),
                step > 0 && (size_t)step < sizeof steps / sizeof steps[0] ? " at step " : "",
                step > 0 && (size_t)step < sizeof steps / sizeof steps[0] ? steps[step] : "");
        return 125;
    }
    rns_wait_status st = { .size = sizeof st };
    if ((r = rns_pidfd_wait(pidfd, RNS_WEXITED, &st)) < 0)
        return fail("pidfd_wait", r);
    close(pidfd);
    return st.kind == RNS_WAIT_EXITED ? st.code : 128 + st.code;
}
