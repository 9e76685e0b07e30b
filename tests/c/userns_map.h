/*
 * userns_map.h - become root of a new user namespace that maps many ids.
 *
 * The harness's PRIV mode maps a single id (what an ordinary user may write
 * for itself), so no id can change there. Real root can do better: the
 * process takes uid/gid UM_BASE in the initial namespace (so it is not real
 * root any more), unshares a user namespace, and a helper forked beforehand,
 * still root in the parent namespace, writes "0 UM_BASE UM_COUNT" to its
 * uid_map and gid_map. The process is then uid/gid 0 of a namespace where
 * ids 0..UM_COUNT-1 exist and setgroups is allowed, as in a rootless
 * container.
 *
 * Standalone (no harness): include after <sys/types.h> etc.; needs
 * _GNU_SOURCE. Only used by tests, as root.
 */
#ifndef RNS_TEST_USERNS_MAP_H
#define RNS_TEST_USERNS_MAP_H

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define UM_BASE 200000u /* kuid/kgid of the namespace's root; not in use on this machine */
#define UM_COUNT 65536u /* ids 0..65535 inside, 200000..265535 outside */

static int um_write(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    ssize_t w = write(fd, text, strlen(text));
    int err = w == (ssize_t)strlen(text) ? 0 : (w < 0 ? -errno : -EIO);
    close(fd);
    return err;
}

/*
 * As real root: afterwards the caller (single-threaded) is uid/gid 0 with no
 * supplementary groups in a new user namespace mapping UM_COUNT ids. Returns
 * 0, or -1 with a reason in why.
 */
static int um_enter_mapped_userns(char *why, size_t whylen)
{
    if (geteuid() != 0) {
        snprintf(why, whylen, "needs real root to map %u ids (an ordinary user may map only its own id)",
                 UM_COUNT);
        return -1;
    }
    int go[2], res[2];
    if (pipe2(go, O_CLOEXEC) != 0 || pipe2(res, O_CLOEXEC) != 0) {
        snprintf(why, whylen, "pipe2: %s", strerror(errno));
        return -1;
    }
    pid_t self = getpid();
    fflush(NULL);
    pid_t h = fork();
    if (h < 0) {
        snprintf(why, whylen, "fork: %s", strerror(errno));
        return -1;
    }
    if (h == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        char c, path[64], map[64];
        int err = 0;
        if (read(go[0], &c, 1) != 1)
            _exit(1);
        snprintf(map, sizeof map, "0 %u %u", UM_BASE, UM_COUNT);
        snprintf(path, sizeof path, "/proc/%d/uid_map", (int)self);
        err = um_write(path, map);
        if (err == 0) {
            snprintf(path, sizeof path, "/proc/%d/gid_map", (int)self);
            err = um_write(path, map);
        }
        ssize_t w = write(res[1], &err, sizeof err);
        (void)w;
        _exit(0);
    }
    close(go[0]);
    close(res[1]);
    /* uid/gid UM_BASE outside, no groups: the namespace's root is no real root */
    if (setgroups(0, NULL) != 0 || setresgid(UM_BASE, UM_BASE, UM_BASE) != 0 ||
        setresuid(UM_BASE, UM_BASE, UM_BASE) != 0) {
        snprintf(why, whylen, "dropping to uid/gid %u: %s", UM_BASE, strerror(errno));
        kill(h, SIGKILL);
        waitpid(h, NULL, 0);
        return -1;
    }
    /* the id change cleared these */
    prctl(PR_SET_DUMPABLE, 1);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (unshare(CLONE_NEWUSER) != 0) {
        snprintf(why, whylen, "unshare(CLONE_NEWUSER) as uid %u: %s", UM_BASE, strerror(errno));
        kill(h, SIGKILL);
        waitpid(h, NULL, 0);
        return -1;
    }
    int err = -EIO;
    if (write(go[1], "x", 1) != 1 || read(res[0], &err, sizeof err) != (ssize_t)sizeof err)
        err = -EIO;
    close(go[1]);
    close(res[0]);
    waitpid(h, NULL, 0);
    if (err != 0) {
        snprintf(why, whylen, "writing \"0 %u %u\" to the new namespace's uid_map/gid_map: %s",
                 UM_BASE, UM_COUNT, strerror(-err));
        return -1;
    }
    if (geteuid() != 0 || getegid() != 0) {
        snprintf(why, whylen, "still euid %u egid %u after the maps were written",
                 (unsigned)geteuid(), (unsigned)getegid());
        return -1;
    }
    return 0;
}

#endif /* RNS_TEST_USERNS_MAP_H */
