/*
 * test_userns.c - owning a user namespace (src/userns.rs): rns_userns_acquire
 *
 * Part of the test_rns program (test_rns.c runs it; helpers.h, harness.h). The namespace is
 * checked from outside (its type, owner, maps as a process inside reads them) and entered
 * both ways the issue asks: joined by a spawned program, and by setns(2) from a
 * single-threaded child.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/wait.h>

#include "helpers.h"
#include "seccomp.h"

/* Runs `sh -c script` joined to the user namespace `fd`; its first output line in out. */
static void run_in_userns(int fd, const char *script, char *out, size_t n)
{
    int p[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    rns_spawn_attr *a = NULL;
    CHECK_OK(rns_spawn_attr_new(&a));
    CHECK_OK(rns_spawn_attr_set_join(a, fd, 0));
    CHECK_OK(rns_spawn_attr_set_fd(a, 1, p[1]));
    close(p[1]);
    char *argv[] = { "/bin/sh", "-c", (char *)script, NULL };
    pid_t pid;
    int step = -1;
    int pidfd = rns_spawn(a, "/bin/sh", argv, NULL, &pid, &step);
    CHECK_OK(rns_spawn_attr_free(a));
    if (pidfd < 0)
        FAIL("rns_spawn joined to the user namespace: %s at step %d", h_errname(pidfd), step);
    ssize_t r = read(p[0], out, n - 1);
    out[r > 0 ? r : 0] = 0;
    out[strcspn(out, "\n")] = 0;
    close(p[0]);
    int st;
    CHECK_EQ_INT(waitpid(pid, &st, 0), pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    close(pidfd);
}

/* No child of this case left, live or not. */
static void expect_no_children(void)
{
    errno = 0;
    CHECK_EQ_INT(waitpid(-1, NULL, WNOHANG), -1);
    CHECK_EQ_INT(errno, ECHILD);
}

/* The caller's user namespace, as an inode (unchanged by the calls). */
static ino_t own_userns(void)
{
    struct stat st;
    CHECK_SYS(stat("/proc/self/ns/user", &st));
    return st.st_ino;
}

/* Root: a wide map (all of 0..65535 onto 100000..) where real root may, else (root of a user
 * namespace, where only 0 is mapped) "0 0 1". The namespace's type and owner, the map as a
 * process inside reads it; nothing left behind (no child, no fd). */
TEST(userns_acquire_maps, PRIV)
{
    const char *map = h_in_userns ? "0 0 1" : "0 100000 65536";
    ino_t own = own_userns();
    int before = count_open_fds();
    int fd = CHECK_OK(rns_userns_acquire(map, map, 0));
    CHECK_CLOEXEC(fd);
    CHECK_EQ_INT(count_open_fds(), before + 1);
    expect_no_children();
    CHECK_EQ_INT(rns_ns_type(fd), RNS_CLONE_NEWUSER);
    uid_t owner = 7;
    CHECK_OK(rns_ns_owner_uid(fd, &owner));
    CHECK_EQ_INT(owner, geteuid());
    int parent = CHECK_OK(rns_ns_parent(fd));
    struct stat st;
    CHECK_SYS(fstat(parent, &st));
    CHECK_EQ_INT(st.st_ino, own); /* a child of ours */
    close(parent);
    char out[128], want[128];
    run_in_userns(fd, "tr -s ' ' < /proc/self/uid_map", out, sizeof out);
    snprintf(want, sizeof want, " %s", map);
    CHECK_STR_EQ(out, want);
    run_in_userns(fd, "tr -s ' ' < /proc/self/gid_map", out, sizeof out);
    CHECK_STR_EQ(out, want);
    CHECK_EQ_INT(own_userns(), own);
    close(fd);
}

/* An ordinary user maps its own ids: a program spawned into the namespace, and a
 * single-threaded child that setns(2)es into it, are root there. */
TEST(userns_acquire_own_id, UNPRIV)
{
    char uid_map[64], gid_map[64], out[64];
    snprintf(uid_map, sizeof uid_map, "0 %u 1", (unsigned)geteuid());
    snprintf(gid_map, sizeof gid_map, "0 %u 1", (unsigned)getegid());
    int fd = rns_userns_acquire(uid_map, gid_map, 0);
    if (fd == -EPERM || fd == -ENOSPC || fd == -EUSERS)
        SKIP("no user namespaces for an ordinary user here: %s", h_errname(fd));
    CHECK_OK(fd);
    run_in_userns(fd, "echo $(id -u) $(id -g) $(cat /proc/self/setgroups)", out, sizeof out);
    CHECK_STR_EQ(out, "0 0 deny");
    pid_t pid = (pid_t)CHECK_SYS(h_fork());
    if (pid == 0) {
        if (rns_setns(fd, RNS_CLONE_NEWUSER) != 0)
            _exit(1);
        _exit(getuid() == 0 && geteuid() == 0 ? 0 : 2);
    }
    int st;
    CHECK_EQ_INT(waitpid(pid, &st, 0), pid);
    CHECK(WIFEXITED(st));
    CHECK_EQ_INT(WEXITSTATUS(st), 0);
    close(fd);
}

/* A map wider than the own ids, as an ordinary user: the kernel refuses it; newuidmap, if
 * installed, finds no /etc/subuid range for this user and refuses too: -EPERM, nothing left. */
TEST(userns_acquire_refused, UNPRIV)
{
    int before = count_open_fds();
    int fd = rns_userns_acquire("0 100000 65536", "0 100000 65536", 0);
    if (fd >= 0)
        SKIP("the map was written (newuidmap with an /etc/subuid range for uid %u?)", (unsigned)geteuid());
    CHECK_ERR(fd, -EPERM);
    CHECK_EQ_INT(count_open_fds(), before);
    expect_no_children();
}

TEST(userns_acquire_bad_maps, ANY)
{
    static const struct {
        const char *map;
        int err;
    } bad[] = {
        { "", -EINVAL },
        { "\n\n", -EINVAL },
        { "0 0", -EINVAL },
        { "0 0 1 1", -EINVAL },
        { "0 0 0", -EINVAL },
        { "a 0 1", -EINVAL },
        { "-1 0 1", -EINVAL },
        { "0x10 0 1", -EINVAL },
        { "0 4294967295 2", -EINVAL },          /* past 2^32 outside */
        { "4294967295 0 2", -EINVAL },          /* and inside */
        { "0 1000 10\n5 2000 10", -EINVAL },    /* inside ranges overlap */
        { "0 1000 10\n100 1005 10", -EINVAL },  /* outside ranges overlap */
        { "0 0 4294967296", -EINVAL },          /* a count past 32 bits */
    };
    int before = count_open_fds();
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (rns_userns_acquire(bad[i].map, "0 0 1", 0) != bad[i].err)
            FAIL("uid map \"%s\": %s, want %s", bad[i].map, h_errname(rns_userns_acquire(bad[i].map, "0 0 1", 0)),
                 h_errname(bad[i].err));
        CHECK_ERR(rns_userns_acquire("0 0 1", bad[i].map, 0), bad[i].err);
    }
    static char many[341 * 24];
    size_t off = 0;
    for (int i = 0; i < 341; i++)
        off += (size_t)snprintf(many + off, sizeof many - off, "%d %d 1\n", i, 1000 + i);
    CHECK_ERR(rns_userns_acquire(many, "0 0 1", 0), -E2BIG);
    CHECK_ERR(rns_userns_acquire(NULL, "0 0 1", 0), -EFAULT);
    CHECK_ERR(rns_userns_acquire("0 0 1", NULL, 0), -EFAULT);
    CHECK_ERR(rns_userns_acquire("0 0 1", "0 0 1", 1), -EINVAL);
    CHECK_EQ_INT(count_open_fds(), before);
    expect_no_children();
}

/* The same as userns_acquire_maps, checked by type and owner only (no spawn), for the cases
 * below: from another thread of a multithreaded process, under simulated older kernels, and
 * where /proc is of another pid namespace. */
static void *acquire_own(void *arg)
{
    (void)arg;
    char uid_map[64], gid_map[64];
    snprintf(uid_map, sizeof uid_map, "0 %u 1", (unsigned)geteuid());
    snprintf(gid_map, sizeof gid_map, "0 %u 1", (unsigned)getegid());
    int fd = rns_userns_acquire(uid_map, gid_map, 0);
    if (fd < 0)
        return (void *)(intptr_t)fd;
    uid_t owner = 1;
    int bad = rns_ns_type(fd) != RNS_CLONE_NEWUSER || rns_ns_owner_uid(fd, &owner) != 0 || owner != geteuid();
    close(fd);
    return (void *)(intptr_t)(bad ? -EIO : 0);
}

static void acquire_checked(void *arg)
{
    (void)arg;
    int before = count_open_fds();
    int r = (int)(intptr_t)acquire_own(NULL);
    if (r != 0)
        FAIL("rns_userns_acquire (sandbox 0x%x): %s", sb_mode_now, h_errname(r));
    /* and from a second thread while this one exists */
    pthread_t th;
    void *res = NULL;
    CHECK(pthread_create(&th, NULL, acquire_own, NULL) == 0);
    CHECK(pthread_join(th, &res) == 0);
    if ((intptr_t)res != 0)
        FAIL("rns_userns_acquire from a second thread: %s", h_errname((int)(intptr_t)res));
    CHECK_EQ_INT(count_open_fds(), before);
    expect_no_children();
}

/* Without clone3 and pidfd_open (clone(2) with CLONE_PIDFD), without the pidfd namespace
 * ioctls (the namespace opened through /proc, checked against the pidfd), and both. */
TEST(userns_acquire_every_kernel_path, ANY)
{
    static const int modes[] = { 0, SB_NOPIDFD, SB_NO_NS_IOCTL, SB_NOPIDFD | SB_NO_NS_IOCTL };
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
        in_sandbox(modes[i], acquire_checked, NULL);
    sb_done();
}

/* We are pid 1 of a new pid namespace and /proc is the parent's: the maps go to the holder's
 * own /proc directory (found through its pidfd), with and without the namespace ioctls. */
static void acquire_foreign_proc(void *arg)
{
    (void)arg;
    in_sandbox(0, acquire_checked, NULL);
    in_sandbox(SB_NO_NS_IOCTL, acquire_checked, NULL);
    sb_done();
}

TEST(userns_acquire_foreign_proc, PRIV)
{
    CHECK_SYS(unshare(CLONE_NEWPID));
    in_sandbox(0, acquire_foreign_proc, NULL);
    sb_done();
}
