/*
 * test_namespaces.c - namespaces (src/namespaces.rs):
 *
 *   rns_unshare, rns_setns, rns_setns_path, rns_ns_open, rns_setns_pid
 *   and, under tests/c/seccomp.h, the kernel answers of older kernels and sandboxes
 *
 * Part of the test_rns program (test_rns.c runs it; helpers.h, harness.h).
 */
#define _GNU_SOURCE
#include <linux/nsfs.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "helpers.h"
#include "seccomp.h"

/* One row per namespace type: flag, /proc/.../ns/<name>, and the
 * "_for_children" link for types that unshare() applies to children only. */
struct ns_kind {
    int flag;
    const char *name;
    const char *for_children;
};
static const struct ns_kind ns_kinds[] = {
    { RNS_CLONE_NEWNS, "mnt", NULL },
    { RNS_CLONE_NEWCGROUP, "cgroup", NULL },
    { RNS_CLONE_NEWUTS, "uts", NULL },
    { RNS_CLONE_NEWIPC, "ipc", NULL },
    { RNS_CLONE_NEWUSER, "user", NULL },
    { RNS_CLONE_NEWPID, "pid", "pid_for_children" },
    { RNS_CLONE_NEWNET, "net", NULL },
    { RNS_CLONE_NEWTIME, "time", "time_for_children" },
};
#define N_NS_KINDS (sizeof ns_kinds / sizeof ns_kinds[0])

static ino_t path_ino(const char *path)
{
    struct stat st;
    CHECK_SYS(stat(path, &st));
    return st.st_ino;
}

/* inode of /proc/thread-self/ns/<name> (the calling thread's namespace) */
static ino_t self_ns_ino(const char *name)
{
    char p[128];
    snprintf(p, sizeof p, "/proc/thread-self/ns/%s", name);
    return path_ino(p);
}

static ino_t pid_ns_ino(pid_t pid, const char *name)
{
    char p[128];
    snprintf(p, sizeof p, "/proc/%d/ns/%s", (int)pid, name);
    return path_ino(p);
}

static int open_self_ns(const char *name)
{
    char p[128];
    snprintf(p, sizeof p, "/proc/thread-self/ns/%s", name);
    return (int)CHECK_SYS(open(p, O_RDONLY | O_CLOEXEC));
}

static void set_hostname(const char *name)
{
    CHECK_SYS(sethostname(name, strlen(name)));
}

#define CHECK_HOSTNAME(expected)                                                \
    do {                                                                        \
        char hn_[256] = "";                                                     \
        CHECK_SYS(gethostname(hn_, sizeof hn_));                                \
        CHECK_STR_EQ(hn_, (expected));                                          \
    } while (0)

/* A path that opens a regular file: our own executable. */
#define REGULAR_FILE_PATH "/proc/self/exe"

/* ---- a helper process that sits in (possibly new) namespaces ---------- */

struct holder {
    pid_t pid;
    int ctl; /* closing it makes the holder exit */
};

/* A helper that reports its own namespaces' inodes (read through
 * /proc/thread-self, which always names the reader) instead of being looked
 * up through /proc/PID: the tests below run where /proc shows another pid
 * namespace. `tmpfs_dir`, when given, gets a private tmpfs (in a new mount
 * namespace) holding the file "marker". */
struct reporter {
    struct holder h;
    ino_t user, net, mnt, uts, ipc;
};

static struct reporter start_reporter(int flags, const char *hostname, const char *tmpfs_dir)
{
    int ready[2], ctl[2];
    CHECK_SYS(pipe2(ready, O_CLOEXEC));
    CHECK_SYS(pipe2(ctl, O_CLOEXEC));
    pid_t pid = (pid_t)CHECK_SYS(h_fork());
    if (pid == 0) {
        close(ready[0]);
        close(ctl[1]);
        long msg[6] = { 0 };
        if (unshare(flags) != 0)
            msg[0] = errno;
        else if (hostname && sethostname(hostname, strlen(hostname)) != 0)
            msg[0] = errno;
        else if (tmpfs_dir) {
            char marker[256];
            snprintf(marker, sizeof marker, "%s/marker", tmpfs_dir);
            int fd = -1;
            if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) != 0 ||
                mount("rns-test", tmpfs_dir, "tmpfs", 0, "size=64k") != 0 ||
                (fd = open(marker, O_CREAT | O_WRONLY | O_CLOEXEC, 0644)) < 0)
                msg[0] = errno;
            close(fd);
        }
        static const char *names[] = { "user", "net", "mnt", "uts", "ipc" };
        for (int i = 0; !msg[0] && i < 5; i++) {
            char p[64];
            struct stat st;
            snprintf(p, sizeof p, "/proc/thread-self/ns/%s", names[i]);
            msg[i + 1] = stat(p, &st) == 0 ? (long)st.st_ino : 0;
        }
        if (write(ready[1], msg, sizeof msg) != sizeof msg)
            _exit(1);
        char c;
        while (read(ctl[0], &c, 1) != 0 && errno == EINTR)
            ;
        _exit(0);
    }
    close(ready[1]);
    close(ctl[0]);
    long msg[6] = { -1 };
    read_all(ready[0], msg, sizeof msg);
    close(ready[0]);
    if (msg[0])
        FAIL("reporter setup (unshare 0x%x, hostname, tmpfs): %s", flags, strerror((int)msg[0]));
    return (struct reporter){ { pid, ctl[1] }, (ino_t)msg[1], (ino_t)msg[2], (ino_t)msg[3],
                              (ino_t)msg[4], (ino_t)msg[5] };
}

/* Fork a helper that unshare()s `flags` (raw libc), sets `hostname` when
 * given, reports readiness and then waits until stop_holder(). */
static struct holder start_holder(int flags, const char *hostname)
{
    return start_reporter(flags, hostname, NULL).h;
}

static void stop_holder(struct holder *h)
{
    close(h->ctl);
    waitpid(h->pid, NULL, 0);
}

/* ---- rns_unshare ------------------------------------------------------- */

/* A child forked now reports its pid (in its own pid ns) and the inode of
 * its /proc/self/ns/pid: with a new pid namespace for children it is pid 1
 * in a different namespace. */
static void fork_and_probe_pid_ns(pid_t *child_pid_inside, ino_t *child_pid_ns)
{
    int p[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    pid_t child = (pid_t)CHECK_SYS(h_fork());
    if (child == 0) {
        struct stat st;
        long msg[2] = { getpid(), stat("/proc/self/ns/pid", &st) == 0 ? (long)st.st_ino : 0 };
        if (write(p[1], msg, sizeof msg) != sizeof msg)
            _exit(1);
        _exit(0);
    }
    close(p[1]);
    long msg[2];
    read_all(p[0], msg, sizeof msg);
    close(p[0]);
    waitpid(child, NULL, 0);
    *child_pid_inside = (pid_t)msg[0];
    *child_pid_ns = (ino_t)msg[1];
}

/* Each namespace type: the calling thread's ns inode changes.  For pid and
 * time the caller stays where it is and *_for_children changes (for pid the
 * link only appears once a child exists, so a child is forked to see it). */
TEST(ns_unshare_each_type_new_inode, PRIV)
{
    for (size_t i = 0; i < N_NS_KINDS; i++) {
        const struct ns_kind *k = &ns_kinds[i];
        if (k->flag == RNS_CLONE_NEWUSER)
            continue; /* own case below: it drops our capabilities */
        const char *link = k->for_children ? k->for_children : k->name;
        ino_t before = self_ns_ino(link);
        ino_t own_before = self_ns_ino(k->name);
        CHECK_EQ_INT(rns_unshare(k->flag), 0);
        if (k->flag == RNS_CLONE_NEWPID) {
            pid_t inside;
            ino_t child_ns;
            fork_and_probe_pid_ns(&inside, &child_ns);
            CHECK_EQ_INT(inside, 1);
            CHECK_NE_INT(child_ns, own_before);
        }
        ino_t after = self_ns_ino(link);
        if (after == before)
            FAIL("rns_unshare(0x%x): /proc/thread-self/ns/%s inode %lu unchanged", k->flag,
                 link, (unsigned long)before);
        if (k->for_children && self_ns_ino(k->name) != own_before)
            FAIL("rns_unshare(0x%x) moved the caller itself (ns/%s changed)", k->flag, k->name);
    }
}

/* Several namespace flags in one call. */
TEST(ns_unshare_combined_flags, PRIV)
{
    ino_t uts = self_ns_ino("uts"), ipc = self_ns_ino("ipc"), net = self_ns_ino("net");
    ino_t mnt = self_ns_ino("mnt");
    CHECK_EQ_INT(rns_unshare(RNS_CLONE_NEWUTS | RNS_CLONE_NEWIPC | RNS_CLONE_NEWNET), 0);
    CHECK_NE_INT(self_ns_ino("uts"), uts);
    CHECK_NE_INT(self_ns_ino("ipc"), ipc);
    CHECK_NE_INT(self_ns_ino("net"), net);
    CHECK_EQ_INT(self_ns_ino("mnt"), mnt);
}

/* A new user namespace, with no uid mapping yet. */
TEST(ns_unshare_user, ANY)
{
    ino_t before = self_ns_ino("user");
    int r = rns_unshare(RNS_CLONE_NEWUSER);
    if ((r == -EPERM || r == -ENOSPC) && geteuid() != 0)
        SKIP("user namespaces unavailable to this user: -%s", h_errname(r));
    CHECK_EQ_INT(r, 0);
    CHECK_NE_INT(self_ns_ino("user"), before);
    /* a fresh user namespace has no uid mapping yet */
    char map[64];
    int fd = (int)CHECK_SYS(open("/proc/self/uid_map", O_RDONLY | O_CLOEXEC));
    CHECK_EQ_INT(read(fd, map, sizeof map), 0);
    close(fd);
}

/* Flags 0: success, nothing changes. */
TEST(ns_unshare_zero_is_noop, ANY)
{
    ino_t before[N_NS_KINDS];
    for (size_t i = 0; i < N_NS_KINDS; i++)
        before[i] = self_ns_ino(ns_kinds[i].name);
    CHECK_EQ_INT(rns_unshare(0), 0);
    for (size_t i = 0; i < N_NS_KINDS; i++)
        CHECK_EQ_INT(self_ns_ino(ns_kinds[i].name), before[i]);
}

/* RNS_CLONE_FILES: the calling thread gets a private copy of the fd table;
 * an fd that another (already running) thread opens afterwards goes into
 * the old table and is invisible to us. */
static void open_devnull_fn(void *arg)
{
    *(int *)arg = open("/dev/null", O_RDONLY | O_CLOEXEC);
}

TEST(ns_unshare_files_private_fd_table, ANY)
{
    struct worker w;
    worker_start(&w);
    int fd = -1;
    worker_run(&w, open_devnull_fn, &fd); /* control: shared table */
    CHECK(fd >= 0);
    CHECK_SYS(fcntl(fd, F_GETFD));
    close(fd);

    CHECK_EQ_INT(rns_unshare(RNS_CLONE_FILES), 0);
    fd = -1;
    worker_run(&w, open_devnull_fn, &fd);
    CHECK(fd >= 0);
    CHECK_EQ_INT(fcntl(fd, F_GETFD), -1);
    CHECK_EQ_INT(errno, EBADF);
    worker_stop(&w);
}

/* RNS_CLONE_FS: the umask (part of fs_struct) becomes private to us. */
static void swap_umask_fn(void *arg)
{
    mode_t *m = arg;
    *m = umask(*m);
}

TEST(ns_unshare_fs_private_umask, ANY)
{
    struct worker w;
    worker_start(&w);
    umask(022);
    mode_t m = 027;
    worker_run(&w, swap_umask_fn, &m); /* control: shared, we see 027 */
    CHECK_EQ_INT(m, 022);
    CHECK_EQ_INT(umask(022), 027);

    CHECK_EQ_INT(rns_unshare(RNS_CLONE_FS), 0);
    umask(077);
    m = 022;
    worker_run(&w, swap_umask_fn, &m); /* the worker still has the old 022 */
    CHECK_EQ_INT(m, 022);
    CHECK_EQ_INT(umask(077), 077); /* and ours is untouched by the worker */
    worker_stop(&w);
}

/* RNS_CLONE_SYSVSEM / THREAD / SIGHAND / VM: accepted; for a single-threaded
 * caller there is nothing shared, so they succeed. */
TEST(ns_unshare_process_flags_single_thread, ANY)
{
    CHECK_EQ_INT(rns_unshare(RNS_CLONE_SYSVSEM), 0);
    CHECK_EQ_INT(rns_unshare(RNS_CLONE_THREAD | RNS_CLONE_SIGHAND | RNS_CLONE_VM), 0);
    CHECK_EQ_INT(rns_unshare(RNS_CLONE_FILES | RNS_CLONE_FS), 0);
}

/* With a second thread alive, the kernel refuses to unshare the VM: the
 * flag really reaches unshare(2) for the calling process. */
TEST(ns_unshare_vm_with_threads_einval, ANY)
{
    struct worker p;
    worker_start(&p);
    CHECK_ERR(rns_unshare(RNS_CLONE_VM), -EINVAL);
    worker_stop(&p);
}

/* Bits outside the documented set: -EINVAL, and nothing is unshared. */
TEST(ns_unshare_unknown_flags_einval, ANY)
{
    static const int bad[] = {
        0x1,         /* CSIGNAL bits */
        0x1000,      /* CLONE_PIDFD */
        0x2000,      /* CLONE_PTRACE */
        0x4000,      /* CLONE_VFORK */
        0x8000,      /* CLONE_PARENT */
        0x80000,     /* CLONE_SETTLS */
        0x00100000,  /* CLONE_PARENT_SETTID */
        0x00200000,  /* CLONE_CHILD_CLEARTID */
        0x00800000,  /* CLONE_UNTRACED */
        (int)0x80000000u, /* CLONE_IO */
        -1,
    };
    ino_t uts = self_ns_ino("uts");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_ERR(rns_unshare(bad[i]), -EINVAL);
    CHECK_ERR(rns_unshare(RNS_CLONE_NEWUTS | 0x8000), -EINVAL);
    CHECK_EQ_INT(self_ns_ino("uts"), uts);
}

TEST(ns_unshare_unprivileged_eperm, UNPRIV)
{
    ino_t uts = self_ns_ino("uts");
    CHECK_ERR(rns_unshare(RNS_CLONE_NEWUTS), -EPERM);
    CHECK_EQ_INT(self_ns_ino("uts"), uts);
}

/* ---- rns_setns ---------------------------------------------------------- */

/* Save the current UTS ns fd, unshare + change hostname, setns back through
 * the saved fd: the saved hostname and inode are back.  (In a user ns the
 * initial UTS ns is not ours to enter, so we start from a fresh one.) */
TEST(ns_setns_uts_roundtrip, PRIV)
{
    if (h_in_userns) {
        CHECK_SYS(unshare(CLONE_NEWUTS));
        set_hostname("rns-first");
    }
    char orig[256] = "";
    CHECK_SYS(gethostname(orig, sizeof orig));
    int saved = open_self_ns("uts");
    ino_t saved_ino = fd_ino(saved);

    CHECK_SYS(unshare(CLONE_NEWUTS));
    set_hostname("rns-second");
    CHECK_NE_INT(self_ns_ino("uts"), saved_ino);
    int second = open_self_ns("uts");

    CHECK_EQ_INT(rns_setns(saved, RNS_CLONE_NEWUTS), 0);
    CHECK_HOSTNAME(orig);
    CHECK_EQ_INT(self_ns_ino("uts"), saved_ino);

    /* nstype 0 accepts a namespace of any type */
    CHECK_EQ_INT(rns_setns(second, 0), 0);
    CHECK_HOSTNAME("rns-second");
}

/* A pidfd with several CLONE_NEW* flags enters all of them at once. */
TEST(ns_setns_pidfd_several_types, PRIV)
{
    if (no_pidfd())
        SKIP("no pidfd_open here (%s): no pidfd to setns on", no_pidfd_why());
    struct holder h = start_holder(CLONE_NEWUTS | CLONE_NEWNET, "rns-pidfd-target");
    int pidfd = (int)CHECK_SYS(raw_pidfd_open(h.pid, 0));
    CHECK_EQ_INT(rns_setns(pidfd, RNS_CLONE_NEWUTS | RNS_CLONE_NEWNET), 0);
    CHECK_HOSTNAME("rns-pidfd-target");
    CHECK_EQ_INT(self_ns_ino("uts"), pid_ns_ino(h.pid, "uts"));
    CHECK_EQ_INT(self_ns_ino("net"), pid_ns_ino(h.pid, "net"));
    stop_holder(&h);
}

/* A pidfd whose process has exited (and was reaped): -ESRCH. */
TEST(ns_setns_pidfd_exited_esrch, ANY)
{
    if (no_pidfd())
        SKIP("no pidfd_open here (%s): no pidfd to setns on", no_pidfd_why());
    pid_t child = start_sleeper();
    int pidfd = (int)CHECK_SYS(raw_pidfd_open(child, 0));
    kill_and_reap(child);
    CHECK_ERR(rns_setns(pidfd, RNS_CLONE_NEWUTS), -ESRCH);
}

TEST(ns_setns_bad_fd_ebadf, ANY)
{
    CHECK_ERR(rns_setns(-1, 0), -EBADF);
    CHECK_ERR(rns_setns(-1, RNS_CLONE_NEWUTS), -EBADF);
    int fd = open_self_ns("uts");
    close(fd);
    CHECK_ERR(rns_setns(fd, RNS_CLONE_NEWUTS), -EBADF);
}

TEST(ns_setns_regular_file_einval, ANY)
{
    int fd = regular_file_fd();
    CHECK_ERR(rns_setns(fd, 0), -EINVAL);
    CHECK_ERR(rns_setns(fd, RNS_CLONE_NEWUTS), -EINVAL);
}

/* nstype must match the namespace behind the fd. */
TEST(ns_setns_mismatched_type_einval, ANY)
{
    int uts = open_self_ns("uts"), net = open_self_ns("net");
    CHECK_ERR(rns_setns(uts, RNS_CLONE_NEWNET), -EINVAL);
    CHECK_ERR(rns_setns(net, RNS_CLONE_NEWUTS), -EINVAL);
    CHECK_ERR(rns_setns(uts, RNS_CLONE_NEWIPC), -EINVAL);
}

/* Unknown bits are rejected before the syscall: with fd -1 the kernel would
 * have said EBADF. */
TEST(ns_setns_unknown_flags_einval, ANY)
{
    int uts = open_self_ns("uts");
    CHECK_ERR(rns_setns(uts, RNS_CLONE_NEWUTS | 0x8000), -EINVAL);
    CHECK_ERR(rns_setns(-1, 0x8000), -EINVAL);
    CHECK_ERR(rns_setns(-1, 0x1), -EINVAL);
    CHECK_ERR(rns_setns(-1, RNS_CLONE_FILES), -EINVAL);
    CHECK_ERR(rns_setns(-1, RNS_CLONE_VM), -EINVAL);
}

TEST(ns_setns_unprivileged_eperm, UNPRIV)
{
    int uts = open_self_ns("uts");
    CHECK_ERR(rns_setns(uts, RNS_CLONE_NEWUTS), -EPERM);
    CHECK_ERR(rns_setns(uts, 0), -EPERM);
}

/* ---- rns_setns_path ----------------------------------------------------- */

TEST(ns_setns_path_enters_other_process, PRIV)
{
    struct holder h = start_holder(CLONE_NEWUTS, "rns-path-target");
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/ns/uts", (int)h.pid);
    int fds = count_open_fds();
    CHECK_EQ_INT(rns_setns_path(path, RNS_CLONE_NEWUTS), 0);
    CHECK_HOSTNAME("rns-path-target");
    CHECK_EQ_INT(self_ns_ino("uts"), pid_ns_ino(h.pid, "uts"));
    CHECK_EQ_INT(count_open_fds(), fds); /* its fd was closed again */
    stop_holder(&h);
}

TEST(ns_setns_path_errors, ANY)
{
    const char *reg = REGULAR_FILE_PATH;
    int fds = count_open_fds();
    CHECK_ERR(rns_setns_path(NULL, 0), -EFAULT);
    CHECK_ERR(rns_setns_path(NULL, RNS_CLONE_NEWUTS), -EFAULT);
    CHECK_ERR(rns_setns_path("/nonexistent/rns-ns", RNS_CLONE_NEWUTS), -ENOENT);
    CHECK_ERR(rns_setns_path(reg, 0), -EINVAL);
    CHECK_ERR(rns_setns_path(reg, RNS_CLONE_NEWUTS), -EINVAL);
    /* mismatched type */
    CHECK_ERR(rns_setns_path("/proc/thread-self/ns/uts", RNS_CLONE_NEWNET), -EINVAL);
    /* unknown flags rejected before opening anything (not -ENOENT) */
    CHECK_ERR(rns_setns_path("/nonexistent/rns-ns", 0x8000), -EINVAL);
    CHECK_EQ_INT(count_open_fds(), fds); /* no fd leaked on error paths */
}

TEST(ns_setns_path_unprivileged_eperm, UNPRIV)
{
    int fds = count_open_fds();
    CHECK_ERR(rns_setns_path("/proc/thread-self/ns/uts", RNS_CLONE_NEWUTS), -EPERM);
    CHECK_EQ_INT(count_open_fds(), fds);
}

/* ---- rns_ns_open -------------------------------------------------------- */

/* pid 0, each type: an O_CLOEXEC fd on exactly /proc/thread-self/ns/<type>. */
TEST(ns_open_self_each_type, ANY)
{
    for (size_t i = 0; i < N_NS_KINDS; i++) {
        const struct ns_kind *k = &ns_kinds[i];
        char path[128];
        struct stat want, got;
        snprintf(path, sizeof path, "/proc/thread-self/ns/%s", k->name);
        CHECK_SYS(stat(path, &want));
        int fd = CHECK_OK(rns_ns_open(0, k->flag));
        CHECK_CLOEXEC(fd);
        CHECK_SYS(fstat(fd, &got));
        if (got.st_ino != want.st_ino || got.st_dev != want.st_dev)
            FAIL("rns_ns_open(0, 0x%x): inode %lu, expected %s inode %lu", k->flag,
                 (unsigned long)got.st_ino, path, (unsigned long)want.st_ino);
        CHECK_EQ_INT(ioctl(fd, NS_GET_NSTYPE), k->flag);
        close(fd);
    }
}

/* Another process's namespace, not ours. */
TEST(ns_open_other_process, PRIV)
{
    struct holder h = start_holder(CLONE_NEWUTS | CLONE_NEWNET, NULL);
    int fd = CHECK_OK(rns_ns_open(h.pid, RNS_CLONE_NEWUTS));
    CHECK_CLOEXEC(fd);
    CHECK_EQ_INT(fd_ino(fd), pid_ns_ino(h.pid, "uts"));
    CHECK_NE_INT(fd_ino(fd), self_ns_ino("uts"));
    close(fd);
    fd = CHECK_OK(rns_ns_open(h.pid, RNS_CLONE_NEWNET));
    CHECK_CLOEXEC(fd);
    CHECK_EQ_INT(fd_ino(fd), pid_ns_ino(h.pid, "net"));
    CHECK_NE_INT(fd_ino(fd), self_ns_ino("net"));
    close(fd);
    stop_holder(&h);
}

/* NEWPID / NEWTIME give the process's own ns (ns/pid, ns/time), not the
 * *_for_children ones that unshare() changed. */
TEST(ns_open_pid_time_own_not_for_children, PRIV)
{
    CHECK_SYS(unshare(CLONE_NEWPID | CLONE_NEWTIME));
    pid_t inside;
    ino_t child_ns;
    fork_and_probe_pid_ns(&inside, &child_ns); /* populates pid_for_children */
    CHECK_NE_INT(self_ns_ino("pid"), self_ns_ino("pid_for_children"));
    CHECK_NE_INT(self_ns_ino("time"), self_ns_ino("time_for_children"));
    int fd = CHECK_OK(rns_ns_open(0, RNS_CLONE_NEWPID));
    CHECK_EQ_INT(fd_ino(fd), self_ns_ino("pid"));
    close(fd);
    fd = CHECK_OK(rns_ns_open(0, RNS_CLONE_NEWTIME));
    CHECK_EQ_INT(fd_ino(fd), self_ns_ino("time"));
    close(fd);
    fd = CHECK_OK(rns_ns_open(getpid(), RNS_CLONE_NEWPID));
    CHECK_EQ_INT(fd_ino(fd), self_ns_ino("pid"));
    close(fd);
}

/* pid 0 means the calling THREAD: a thread that unshared its UTS ns gets
 * its own namespace, not the main thread's. */
static void *ns_open_thread(void *arg)
{
    ino_t main_uts = *(ino_t *)arg;
    CHECK_SYS(unshare(CLONE_NEWUTS));
    ino_t mine = self_ns_ino("uts");
    CHECK_NE_INT(mine, main_uts);
    int fd = CHECK_OK(rns_ns_open(0, RNS_CLONE_NEWUTS));
    CHECK_CLOEXEC(fd);
    CHECK_EQ_INT(fd_ino(fd), mine);
    close(fd);
    return NULL;
}

TEST(ns_open_pid0_is_calling_thread, PRIV)
{
    ino_t main_uts = self_ns_ino("uts");
    pthread_t th;
    CHECK(pthread_create(&th, NULL, ns_open_thread, &main_uts) == 0);
    pthread_join(th, NULL);
    CHECK_EQ_INT(self_ns_ino("uts"), main_uts);
}

/* Another user's process may not be inspected: -EACCES. */
TEST(ns_open_other_user_eacces, UNPRIV)
{
    CHECK_ERR(rns_ns_open(foreign_pid(), RNS_CLONE_NEWUTS), -EACCES);
}

TEST(ns_open_errors, ANY)
{
    pid_t gone = gone_pid();
    CHECK_ERR(rns_ns_open(0, 0), -EINVAL);
    CHECK_ERR(rns_ns_open(0, RNS_CLONE_NEWUTS | RNS_CLONE_NEWNET), -EINVAL);
    CHECK_ERR(rns_ns_open(0, RNS_CLONE_FILES), -EINVAL);
    CHECK_ERR(rns_ns_open(0, 0x8000), -EINVAL);
    CHECK_ERR(rns_ns_open(0, -1), -EINVAL);
    CHECK_ERR(rns_ns_open(-1, RNS_CLONE_NEWUTS), -EINVAL);
    CHECK_ERR(rns_ns_open(INT_MIN, RNS_CLONE_NEWUTS), -EINVAL);
    CHECK_ERR(rns_ns_open(gone, RNS_CLONE_NEWUTS), -ESRCH);
    CHECK_ERR(rns_ns_open(beyond_pid_max(), RNS_CLONE_NEWNET), -ESRCH);
    CHECK_ERR(rns_ns_open(gone, 0), -EINVAL); /* type checked first */
}

/* ---- rns_setns_pid ------------------------------------------------------ */

/* Enter UTS + NET of a child; NEWUSER is asked for too but the child shares
 * our user ns, so it is left out (as nsenter does) and the call succeeds. */
TEST(ns_setns_pid_uts_net_shared_user, PRIV)
{
    struct holder h = start_holder(CLONE_NEWUTS | CLONE_NEWNET, "rns-setns-pid");
    ino_t user = self_ns_ino("user");
    CHECK_EQ_INT(rns_setns_pid(h.pid, RNS_CLONE_NEWUTS | RNS_CLONE_NEWNET | RNS_CLONE_NEWUSER), 0);
    CHECK_HOSTNAME("rns-setns-pid");
    CHECK_EQ_INT(self_ns_ino("uts"), pid_ns_ino(h.pid, "uts"));
    CHECK_EQ_INT(self_ns_ino("net"), pid_ns_ino(h.pid, "net"));
    CHECK_EQ_INT(self_ns_ino("user"), user);
    stop_holder(&h);
}

/* A target in a different user ns: NEWUSER is really entered. */
TEST(ns_setns_pid_other_user_ns, PRIV)
{
    struct holder h = start_holder(CLONE_NEWUSER | CLONE_NEWUTS, "rns-in-userns");
    CHECK_NE_INT(pid_ns_ino(h.pid, "user"), self_ns_ino("user"));
    CHECK_EQ_INT(rns_setns_pid(h.pid, RNS_CLONE_NEWUSER | RNS_CLONE_NEWUTS), 0);
    CHECK_EQ_INT(self_ns_ino("user"), pid_ns_ino(h.pid, "user"));
    CHECK_EQ_INT(self_ns_ino("uts"), pid_ns_ino(h.pid, "uts"));
    CHECK_HOSTNAME("rns-in-userns");
    stop_holder(&h);
}

TEST(ns_setns_pid_errors, ANY)
{
    pid_t gone = gone_pid();
    pid_t me = getpid();
    CHECK_ERR(rns_setns_pid(me, 0), -EINVAL);
    CHECK_ERR(rns_setns_pid(me, 0x8000), -EINVAL);
    CHECK_ERR(rns_setns_pid(me, RNS_CLONE_NEWUTS | 0x8000), -EINVAL);
    CHECK_ERR(rns_setns_pid(me, RNS_CLONE_FILES), -EINVAL);
    CHECK_ERR(rns_setns_pid(0, RNS_CLONE_NEWUTS), -EINVAL);
    CHECK_ERR(rns_setns_pid(-1, RNS_CLONE_NEWUTS), -EINVAL);
    CHECK_ERR(rns_setns_pid(gone, RNS_CLONE_NEWUTS), -ESRCH);
    CHECK_ERR(rns_setns_pid(gone, 0x8000), -EINVAL); /* flags checked first */
}

TEST(ns_setns_pid_unprivileged_eperm, UNPRIV)
{
    struct holder h = start_holder(0, NULL);
    ino_t uts = self_ns_ino("uts");
    CHECK_ERR(rns_setns_pid(h.pid, RNS_CLONE_NEWUTS), -EPERM);
    CHECK_EQ_INT(self_ns_ino("uts"), uts);
    stop_holder(&h);
}

/* ---- promises kept where the kernel answers otherwise (issue 8) --------- */

/* The sandboxes a case runs under: as the kernel is, without pidfds, with a
 * setns that takes no pidfd (before 5.8), without the pidfd namespace ioctls
 * (before 6.11). */
static const int sb_modes[] = { 0, SB_NOPIDFD, SB_OLD_SETNS, SB_NO_NS_IOCTL };
#define N_SB_MODES (sizeof sb_modes / sizeof sb_modes[0])

static void cwd_fn(void *arg) { CHECK(getcwd(arg, PATH_MAX) != NULL); }
struct access_req { const char *path; int ok; };
static void access_fn(void *arg)
{
    struct access_req *q = arg;
    q->ok = access(q->path, F_OK) == 0;
}
static void mnt_ino_fn(void *arg) { *(ino_t *)arg = self_ns_ino("mnt"); }

/* What a thread that shares our fs state sees after we tried to enter a
 * mount namespace: its cwd, its mount namespace, and whether the helper's
 * private file is visible to it. */
static void check_other_thread_unmoved(struct worker *w, const char *cwd, ino_t mnt,
                                       const char *marker)
{
    char now[PATH_MAX];
    worker_run(w, cwd_fn, now);
    if (strcmp(now, cwd) != 0)
        FAIL("the other thread's cwd moved from %s to %s", cwd, now);
    ino_t m = 0;
    worker_run(w, mnt_ino_fn, &m);
    CHECK_EQ_INT(m, mnt);
    struct access_req q = { marker, 0 };
    worker_run(w, access_fn, &q);
    if (q.ok)
        FAIL("the other thread sees %s, on the helper's private tmpfs", marker);
}

struct mnt_case {
    struct reporter r;
    char dir[64], marker[96], cwd[PATH_MAX];
};

static void mnt_case_start(struct mnt_case *c)
{
    snprintf(c->dir, sizeof c->dir, "/tmp/rns-mnt-XXXXXX");
    CHECK(mkdtemp(c->dir) != NULL);
    snprintf(c->marker, sizeof c->marker, "%s/marker", c->dir);
    CHECK(getcwd(c->cwd, sizeof c->cwd) != NULL);
    c->r = start_reporter(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC, "rns-mnt-helper", c->dir);
}

static void mnt_case_stop(struct mnt_case *c)
{
    stop_holder(&c->r.h);
    rmdir(c->dir);
}

/* Defect: setns on a pidfd with NEWNS and another type, from a thread that
 * shares its fs state with another thread, succeeded and moved every thread's
 * root and cwd into the helper's tree. Both calls must refuse with -EINVAL,
 * as NEWNS alone does, and change nothing. */
static void mnt_shared_fs_fn(void *arg)
{
    struct mnt_case *c = arg;
    struct worker w;
    worker_start(&w);
    ino_t mnt = self_ns_ino("mnt"), uts = self_ns_ino("uts");
    CHECK_ERR(rns_setns_pid(c->r.h.pid, RNS_CLONE_NEWNS | RNS_CLONE_NEWUTS), -EINVAL);
    check_other_thread_unmoved(&w, c->cwd, mnt, c->marker);
    CHECK_EQ_INT(self_ns_ino("uts"), uts);
    CHECK_EQ_INT(self_ns_ino("mnt"), mnt);
    int pidfd = raw_pidfd_open(c->r.h.pid, 0);
    if (pidfd >= 0) {
        CHECK_ERR(rns_setns(pidfd, RNS_CLONE_NEWNS | RNS_CLONE_NEWUTS), -EINVAL);
        CHECK_ERR(rns_setns(pidfd, RNS_CLONE_NEWNS), -EINVAL);
        check_other_thread_unmoved(&w, c->cwd, mnt, c->marker);
        CHECK_EQ_INT(self_ns_ino("uts"), uts);
        close(pidfd);
    }
    worker_stop(&w);
}

/* ... and where kcmp is hidden, so sharing cannot be told: the mount
 * namespace is entered alone first, where the kernel checks it. */
static const int mnt_modes[] = { 0, SB_NOPIDFD, SB_OLD_SETNS, SB_NO_NS_IOCTL, SB_NO_KCMP,
                                 SB_NO_KCMP | SB_NO_NS_IOCTL };
#define N_MNT_MODES (sizeof mnt_modes / sizeof mnt_modes[0])

/* One helper with a private tmpfs; fn(case) under every sandbox of mnt_modes. */
static void run_mnt_case(void (*fn)(void *))
{
    struct mnt_case c;
    mnt_case_start(&c);
    for (size_t i = 0; i < N_MNT_MODES; i++)
        in_sandbox(mnt_modes[i], fn, &c);
    mnt_case_stop(&c);
    sb_done();
}

TEST(ns_setns_pid_mnt_with_shared_fs_einval, PRIV)
{
    run_mnt_case(mnt_shared_fs_fn);
}

/* The documented way: rns_unshare(RNS_CLONE_FS) on the thread first. The
 * thread enters; the other thread stays where it was. */
static void mnt_unshared_fs_fn(void *arg)
{
    struct mnt_case *c = arg;
    struct worker w;
    worker_start(&w);
    ino_t mnt = self_ns_ino("mnt");
    CHECK_EQ_INT(rns_unshare(RNS_CLONE_FS), 0);
    /* a namespace file takes one type only: refused whole, nothing entered */
    int fd = CHECK_OK(rns_ns_open(c->r.h.pid, RNS_CLONE_NEWNS));
    CHECK_ERR(rns_setns(fd, RNS_CLONE_NEWNS | RNS_CLONE_NEWIPC), -EINVAL);
    CHECK_EQ_INT(self_ns_ino("mnt"), mnt);
    close(fd);
    CHECK_EQ_INT(rns_setns_pid(c->r.h.pid, RNS_CLONE_NEWNS | RNS_CLONE_NEWIPC), 0);
    CHECK_EQ_INT(self_ns_ino("mnt"), c->r.mnt);
    CHECK_EQ_INT(self_ns_ino("ipc"), c->r.ipc);
    CHECK_SYS(access(c->marker, F_OK));
    check_other_thread_unmoved(&w, c->cwd, mnt, c->marker);
    worker_stop(&w);
}

TEST(ns_setns_pid_mnt_after_unshare_fs, PRIV)
{
    run_mnt_case(mnt_unshared_fs_fn);
}

/* Defect: without pidfd_open (seccomp, older valgrind) rns_setns_pid gave
 * -ENOSYS although the per-file path works; with a setns that answers EINVAL
 * to a pidfd (5.3 to 5.7) it gave -EINVAL. Every sandbox: the same result. */
static void enter_reporter_fn(void *arg)
{
    struct reporter *r = arg;
    ino_t user = self_ns_ino("user");
    CHECK_EQ_INT(rns_setns_pid(r->h.pid, RNS_CLONE_NEWNET | RNS_CLONE_NEWIPC | RNS_CLONE_NEWUSER), 0);
    CHECK_EQ_INT(self_ns_ino("net"), r->net);
    CHECK_EQ_INT(self_ns_ino("ipc"), r->ipc);
    CHECK_EQ_INT(self_ns_ino("user"), user);
    int fd = CHECK_OK(rns_ns_open(r->h.pid, RNS_CLONE_NEWNET));
    CHECK_CLOEXEC(fd);
    CHECK_EQ_INT(fd_ino(fd), r->net);
    close(fd);
}

/* One helper that unshares `flags`; fn(helper) under every sandbox of sb_modes. */
static void run_reporter_case(int flags, void (*fn)(void *))
{
    struct reporter r = start_reporter(flags, NULL, NULL);
    for (size_t i = 0; i < N_SB_MODES; i++)
        in_sandbox(sb_modes[i], fn, &r);
    stop_holder(&r.h);
    sb_done();
}

TEST(ns_setns_pid_every_kernel_path, PRIV)
{
    run_reporter_case(CLONE_NEWNET | CLONE_NEWIPC, enter_reporter_fn);
}

/* A real EINVAL on a kernel that takes pidfds is no reason to fall back to
 * the per-file path (which would enter the other types and then fail): a
 * user namespace from a multithreaded process leaves every namespace as it
 * was. */
static void genuine_einval_fn(void *arg)
{
    struct reporter *r = arg;
    struct worker w;
    worker_start(&w);
    ino_t net = self_ns_ino("net"), user = self_ns_ino("user");
    CHECK_ERR(rns_setns_pid(r->h.pid, RNS_CLONE_NEWUSER | RNS_CLONE_NEWNET), -EINVAL);
    CHECK_EQ_INT(self_ns_ino("net"), net);
    CHECK_EQ_INT(self_ns_ino("user"), user);
    worker_stop(&w);
}

TEST(ns_setns_pid_user_ns_multithreaded_einval, PRIV)
{
    run_reporter_case(CLONE_NEWUSER | CLONE_NEWNET, genuine_einval_fn);
}

/* Defect: one errno per situation, whichever path: a zombie and a thread id
 * that is not a process id give -ESRCH from rns_setns_pid and rns_ns_open. */
struct errno_case {
    pid_t zombie, tid;
};

static void errno_table_fn(void *arg)
{
    struct errno_case *c = arg;
    int both = RNS_CLONE_NEWNET | RNS_CLONE_NEWIPC;
    CHECK_ERR(rns_setns_pid(c->zombie, both), -ESRCH);
    CHECK_ERR(rns_setns_pid(c->zombie, RNS_CLONE_NEWNET), -ESRCH);
    CHECK_ERR(rns_setns_pid(c->zombie, both | RNS_CLONE_NEWUSER), -ESRCH);
    CHECK_ERR(rns_ns_open(c->zombie, RNS_CLONE_NEWNET), -ESRCH);
    CHECK_ERR(rns_setns_pid(c->tid, both), -ESRCH);
    CHECK_ERR(rns_setns_pid(c->tid, both | RNS_CLONE_NEWUSER), -ESRCH);
    CHECK_ERR(rns_ns_open(c->tid, RNS_CLONE_NEWNET), -ESRCH);
    pid_t gone = gone_pid();
    CHECK_ERR(rns_setns_pid(gone, both), -ESRCH);
    CHECK_ERR(rns_ns_open(gone, RNS_CLONE_NEWNET), -ESRCH);
}

TEST(ns_setns_pid_errno_same_on_every_path, ANY)
{
    struct errno_case c;
    c.zombie = (pid_t)CHECK_SYS(h_fork());
    if (c.zombie == 0)
        _exit(0);
    siginfo_t si;
    CHECK_SYS(waitid(P_PID, (id_t)c.zombie, &si, WEXITED | WNOWAIT)); /* a zombie now */
    struct worker w;
    worker_start(&w);
    c.tid = w.tid;
    for (size_t i = 0; i < N_SB_MODES; i++)
        in_sandbox(sb_modes[i], errno_table_fn, &c);
    worker_stop(&w);
    waitpid(c.zombie, NULL, 0);
    sb_done();
}

/* An unprivileged caller and another user's process: -EPERM from
 * rns_setns_pid (no ptrace access is a lack of privilege), -EACCES from
 * rns_ns_open, on every path. */
static void other_user_fn(void *arg)
{
    pid_t pid = *(pid_t *)arg;
    CHECK_ERR(rns_setns_pid(pid, RNS_CLONE_NEWNET | RNS_CLONE_NEWIPC), -EPERM);
    CHECK_ERR(rns_setns_pid(pid, RNS_CLONE_NEWNET | RNS_CLONE_NEWUSER), -EPERM);
    CHECK_ERR(rns_ns_open(pid, RNS_CLONE_NEWNET), -EACCES);
}

TEST(ns_setns_pid_other_user_eperm_every_path, UNPRIV)
{
    pid_t pid = foreign_pid();
    for (size_t i = 0; i < N_SB_MODES; i++)
        in_sandbox(sb_modes[i], other_user_fn, &pid);
    sb_done();
}

/* Defect: where /proc shows another pid namespace (unshare(CLONE_NEWPID) and
 * fork, no remount), /proc/PID names another process. The user namespace was
 * compared through it and silently left out, and rns_ns_open opened the
 * other process's namespace. Both must go through the pidfd. */
struct foreign_case {
    struct reporter r;
};

static void foreign_proc_fn(void *arg)
{
    struct reporter *r = arg;
    ino_t user = self_ns_ino("user");
    int fd = CHECK_OK(rns_ns_open(r->h.pid, RNS_CLONE_NEWNET));
    CHECK_EQ_INT(fd_ino(fd), r->net);
    close(fd);
    fd = CHECK_OK(rns_ns_open(r->h.pid, RNS_CLONE_NEWUSER));
    CHECK_EQ_INT(fd_ino(fd), r->user);
    close(fd);
    CHECK_NE_INT(r->user, user);
    /* The save/restore pair and the pidfd's pid, through the same foreign /proc. (Not under
     * SB_OLD_SETNS, which refuses pidfd setns by its type bits only: a one-type entry would
     * pass there and teach the library that setns takes pidfds.) */
    if (h_in_userns) {
        /* our net namespace is the parent user namespace's: we could not come back */
        rns_ns_saved *s = NULL;
        CHECK_ERR(rns_ns_enter_pid(r->h.pid, RNS_CLONE_NEWNET, &s), -EPERM);
    } else if (!(sb_mode_now & SB_OLD_SETNS)) {
        ino_t net = self_ns_ino("net");
        rns_ns_saved *s = NULL;
        CHECK_EQ_INT(rns_ns_enter_pid(r->h.pid, RNS_CLONE_NEWNET, &s), 0);
        CHECK_EQ_INT(self_ns_ino("net"), r->net);
        CHECK_EQ_INT(rns_ns_restore(s), 0);
        CHECK_EQ_INT(self_ns_ino("net"), net);
    }
    int pidfd = (int)CHECK_SYS(raw_pidfd_open(r->h.pid, 0));
    if (sb_mode_now & SB_NO_PIDFD_INFO)
        CHECK_ERR(rns_pidfd_getpid(pidfd), -ENOSYS); /* /proc cannot tell our pid namespace's */
    else
        CHECK_EQ_INT(rns_pidfd_getpid(pidfd), r->h.pid);
    close(pidfd);
    CHECK_EQ_INT(rns_setns_pid(r->h.pid, RNS_CLONE_NEWUSER | RNS_CLONE_NEWNET), 0);
    CHECK_EQ_INT(self_ns_ino("user"), r->user);
    CHECK_EQ_INT(self_ns_ino("net"), r->net);
}

/* Without pidfds the process cannot be found safely: -ENOSYS, nothing entered. */
static void foreign_proc_nopidfd_fn(void *arg)
{
    struct reporter *r = arg;
    ino_t net = self_ns_ino("net");
    CHECK_ERR(rns_ns_open(r->h.pid, RNS_CLONE_NEWNET), -ENOSYS);
    CHECK_ERR(rns_setns_pid(r->h.pid, RNS_CLONE_NEWUSER | RNS_CLONE_NEWNET), -ENOSYS);
    CHECK_EQ_INT(self_ns_ino("net"), net);
}

static void foreign_proc_case(void *arg)
{
    (void)arg;
    /* we are pid 1 of a new pid namespace; /proc is still the parent's */
    struct reporter r = start_reporter(CLONE_NEWUSER | CLONE_NEWNET, NULL, NULL);
    char p[64];
    struct stat st;
    snprintf(p, sizeof p, "/proc/%d/ns/net", (int)r.h.pid);
    if (stat(p, &st) == 0 && st.st_ino == r.net)
        SKIP("/proc/%d happens to be the helper in both pid namespaces", (int)r.h.pid);
    static const int modes[] = { 0, SB_OLD_SETNS, SB_NO_NS_IOCTL, SB_OLD_SETNS | SB_NO_NS_IOCTL,
                                 SB_NO_NS_IOCTL | SB_NO_PIDFD_INFO };
    /* the whole run without pidfds (tests/sandbox): every mode is SB_NOPIDFD */
    for (size_t i = 0; i < sizeof modes / sizeof modes[0] && !no_pidfd(); i++)
        in_sandbox(modes[i], foreign_proc_fn, &r);
    in_sandbox(SB_NOPIDFD, foreign_proc_nopidfd_fn, &r);
    stop_holder(&r.h);
    sb_done();
}

TEST(ns_setns_pid_foreign_proc, PRIV)
{
    CHECK_SYS(unshare(CLONE_NEWPID));
    in_sandbox(0, foreign_proc_case, NULL);
    if (no_pidfd())
        PASS_NOTE("no pidfds here (%s): only the -ENOSYS path checked", no_pidfd_why());
}

/* ---- rns_sethostname, rns_setdomainname ----------------------------------- */

/* The UTS namespace's names, from the kernel's own view (uname(2)). */
static void uts_names(char host[65], char domain[65])
{
    struct utsname u;
    CHECK_SYS(uname(&u));
    snprintf(host, 65, "%s", u.nodename);
    snprintf(domain, 65, "%s", u.domainname);
}

/* rns_setdomainname(name), or a skip where valgrind (3.19) does not implement setdomainname(2)
 * and answers ENOSYS for the kernel. */
static int setdomainname_here(const char *name)
{
    int r = rns_setdomainname(name);
    if (r == -ENOSYS && H_VALGRIND())
        SKIP("valgrind does not implement setdomainname(2) (ENOSYS); the suite checks it outside valgrind");
    return r;
}

/* Sets both names in a new UTS namespace: the kernel reports them, up to its 64-byte
 * limit; the namespace left behind keeps its names (seen from a helper still in it). */
TEST(uts_sethostname_setdomainname, PRIV)
{
    char host0[65], domain0[65], host[65], domain[65];
    uts_names(host0, domain0);
    /* a child that stays in the original UTS namespace and reports its names on request */
    int ask[2], answer[2];
    CHECK_SYS(pipe2(ask, O_CLOEXEC));
    CHECK_SYS(pipe2(answer, O_CLOEXEC));
    pid_t stayer = (pid_t)CHECK_SYS(h_fork());
    if (stayer == 0) {
        char c, names[130];
        if (read(ask[0], &c, 1) != 1)
            _exit(1);
        uts_names(names, names + 65);
        _exit(write(answer[1], names, sizeof names) == sizeof names ? 0 : 1);
    }
    CHECK_EQ_INT(rns_unshare(RNS_CLONE_NEWUTS), 0);
    CHECK_EQ_INT(rns_sethostname("rns-host"), 0);
    CHECK_EQ_INT(setdomainname_here("rns.example"), 0);
    uts_names(host, domain);
    CHECK_STR_EQ(host, "rns-host");
    CHECK_STR_EQ(domain, "rns.example");
    static const char max[] = "0123456789012345678901234567890123456789012345678901234567890123";
    CHECK_EQ_INT((int)strlen(max), 64);
    CHECK_EQ_INT(rns_sethostname(max), 0);
    CHECK_EQ_INT(setdomainname_here(max), 0);
    uts_names(host, domain);
    CHECK_STR_EQ(host, max);
    CHECK_STR_EQ(domain, max);
    CHECK_EQ_INT(rns_sethostname(""), 0);
    uts_names(host, domain);
    CHECK_STR_EQ(host, "");
    /* the original namespace kept its names */
    char names[130];
    write_all(ask[1], "?", 1);
    read_all(answer[0], names, sizeof names);
    CHECK_SYS(waitpid(stayer, NULL, 0));
    CHECK_STR_EQ(names, host0);
    CHECK_STR_EQ(names + 65, domain0);
}

TEST(uts_names_errors, ANY)
{
    static const char too_long[] =
        "01234567890123456789012345678901234567890123456789012345678901234";
    char host0[65], domain0[65], host[65], domain[65];
    uts_names(host0, domain0);
    CHECK_ERR(rns_sethostname(NULL), -EFAULT);
    CHECK_ERR(rns_setdomainname(NULL), -EFAULT);
    CHECK_ERR(rns_sethostname(too_long), -EINVAL); /* 65 bytes: checked before privilege */
    CHECK_ERR(rns_setdomainname(too_long), -EINVAL);
    uts_names(host, domain);
    CHECK_STR_EQ(host, host0);
    CHECK_STR_EQ(domain, domain0);
}

TEST(uts_names_unprivileged_eperm, UNPRIV)
{
    char host0[65], domain0[65], host[65], domain[65];
    uts_names(host0, domain0);
    CHECK_ERR(rns_sethostname("rns-not-allowed"), -EPERM);
    CHECK_ERR(setdomainname_here("rns-not-allowed"), -EPERM);
    uts_names(host, domain);
    CHECK_STR_EQ(host, host0);
    CHECK_STR_EQ(domain, domain0);
}

/* ---- rns_ns_enter, rns_ns_enter_pid, rns_ns_restore --------------------------- */

/* A pointer the library must not write on failure. */
#define UNTOUCHED ((rns_ns_saved *)(uintptr_t)0x5a5a)

static ino_t dir_ino(const char *path) { return path_ino(path); }

/* As root of a user namespace (the harness's unprivileged mode), the thread's other
 * namespaces belong to the parent user namespace: it could enter a helper's but never come
 * back, so rns_ns_enter* refuse (ns_enter_would_strand_eperm). The cases that enter and come
 * back first take namespaces of their own there (owned by their user namespace). */
static void own_namespaces_in_userns(int flags)
{
    if (h_in_userns)
        CHECK_EQ_INT(rns_unshare(flags), 0);
}

/* Enter NET+IPC of a helper by pid, then by pidfd, then by namespace file with type 0
 * (NS_GET_NSTYPE), and come back each time. (Not UTS: the SB_OLD_SETNS sandbox refuses it.) */
static void enter_restore_fn(void *arg)
{
    struct reporter *r = arg;
    own_namespaces_in_userns(CLONE_NEWNET | CLONE_NEWIPC);
    ino_t net = self_ns_ino("net"), ipc = self_ns_ino("ipc"), uts = self_ns_ino("uts");
    rns_ns_saved *s = UNTOUCHED;
    CHECK_EQ_INT(rns_ns_enter_pid(r->h.pid, RNS_CLONE_NEWNET | RNS_CLONE_NEWIPC, &s), 0);
    CHECK(s != UNTOUCHED && s != NULL);
    CHECK_EQ_INT(self_ns_ino("net"), r->net);
    CHECK_EQ_INT(self_ns_ino("ipc"), r->ipc);
    CHECK_EQ_INT(self_ns_ino("uts"), uts);
    CHECK_EQ_INT(rns_ns_restore(s), 0);
    CHECK_EQ_INT(self_ns_ino("net"), net);
    CHECK_EQ_INT(self_ns_ino("ipc"), ipc);

    int pidfd = raw_pidfd_open(r->h.pid, 0);
    if (pidfd >= 0 && (sb_mode_now & SB_OLD_SETNS)) {
        /* setns takes no pidfd there (before 5.8): refused as rns_setns() does */
        CHECK_ERR(rns_ns_enter(pidfd, RNS_CLONE_NEWNET | RNS_CLONE_NEWIPC, &s), -EINVAL);
        CHECK_EQ_INT(self_ns_ino("net"), net);
        close(pidfd);
    } else if (pidfd >= 0) {
        CHECK_EQ_INT(rns_ns_enter(pidfd, RNS_CLONE_NEWNET | RNS_CLONE_NEWIPC, &s), 0);
        CHECK_EQ_INT(self_ns_ino("net"), r->net);
        CHECK_EQ_INT(self_ns_ino("ipc"), r->ipc);
        CHECK_EQ_INT(rns_ns_restore(s), 0);
        CHECK_EQ_INT(self_ns_ino("net"), net);
        CHECK_EQ_INT(self_ns_ino("ipc"), ipc);
        CHECK_ERR(rns_ns_enter(pidfd, 0, &s), -EINVAL); /* a pidfd needs types */
        close(pidfd);
    }
    int fd = CHECK_OK(rns_ns_open(r->h.pid, RNS_CLONE_NEWIPC));
    CHECK_EQ_INT(rns_ns_enter(fd, 0, &s), 0);
    CHECK_EQ_INT(self_ns_ino("ipc"), r->ipc);
    CHECK_EQ_INT(self_ns_ino("net"), net);
    CHECK_EQ_INT(rns_ns_restore(s), 0);
    CHECK_EQ_INT(self_ns_ino("ipc"), ipc);
    s = UNTOUCHED;
    CHECK_ERR(rns_ns_enter(fd, RNS_CLONE_NEWNET, &s), -EINVAL); /* not the file's type */
    CHECK(s == UNTOUCHED);
    CHECK_EQ_INT(self_ns_ino("net"), net);
    CHECK_EQ_INT(self_ns_ino("ipc"), ipc);
    close(fd);
}

TEST(ns_enter_restore_every_kernel_path, PRIV)
{
    run_reporter_case(CLONE_NEWNET | CLONE_NEWIPC, enter_restore_fn);
}

/* What the work does to a type it entered is undone too: a new network namespace made
 * inside is left, the saved one re-entered. */
TEST(ns_enter_restore_undoes_work_on_same_type, PRIV)
{
    own_namespaces_in_userns(CLONE_NEWNET);
    struct holder h = start_holder(CLONE_NEWNET, NULL);
    ino_t net = self_ns_ino("net");
    rns_ns_saved *s = NULL;
    CHECK_EQ_INT(rns_ns_enter_pid(h.pid, RNS_CLONE_NEWNET, &s), 0);
    CHECK_EQ_INT(rns_unshare(RNS_CLONE_NEWNET), 0);
    CHECK_NE_INT(self_ns_ino("net"), net);
    CHECK_EQ_INT(rns_ns_restore(s), 0);
    CHECK_EQ_INT(self_ns_ino("net"), net);
    stop_holder(&h);
}

TEST(ns_enter_errors, ANY)
{
    rns_ns_saved *s = UNTOUCHED;
    pid_t me = getpid();
    int devnull = (int)CHECK_SYS(open("/dev/null", O_RDONLY | O_CLOEXEC));
    int netfd = open_self_ns("net");
    CHECK_ERR(rns_ns_enter_pid(me, RNS_CLONE_NEWUTS, NULL), -EFAULT);
    CHECK_ERR(rns_ns_enter(netfd, RNS_CLONE_NEWNET, NULL), -EFAULT);
    CHECK_ERR(rns_ns_enter_pid(me, 0, &s), -EINVAL);
    CHECK_ERR(rns_ns_enter_pid(me, RNS_CLONE_NEWUSER, &s), -EINVAL); /* cannot come back */
    CHECK_ERR(rns_ns_enter_pid(me, RNS_CLONE_NEWUTS | RNS_CLONE_NEWUSER, &s), -EINVAL);
    CHECK_ERR(rns_ns_enter_pid(me, 0x8000, &s), -EINVAL);
    CHECK_ERR(rns_ns_enter_pid(me, RNS_CLONE_FS, &s), -EINVAL);
    CHECK_ERR(rns_ns_enter_pid(0, RNS_CLONE_NEWUTS, &s), -EINVAL);
    CHECK_ERR(rns_ns_enter_pid(-1, RNS_CLONE_NEWUTS, &s), -EINVAL);
    CHECK_ERR(rns_ns_enter_pid(gone_pid(), RNS_CLONE_NEWUTS, &s), -ESRCH);
    CHECK_ERR(rns_ns_enter(-1, RNS_CLONE_NEWNET, &s), -EBADF);
    int closed = open_self_ns("uts");
    close(closed);
    CHECK_ERR(rns_ns_enter(closed, RNS_CLONE_NEWNET, &s), -EBADF);
    CHECK_ERR(rns_ns_enter(closed, 0, &s), -EBADF);
    CHECK_ERR(rns_ns_enter(devnull, 0, &s), -EINVAL); /* not a namespace */
    CHECK_ERR(rns_ns_enter(devnull, RNS_CLONE_NEWNET, &s), -EINVAL);
    CHECK_ERR(rns_ns_enter(netfd, RNS_CLONE_NEWUSER, &s), -EINVAL);
    CHECK_ERR(rns_ns_enter(netfd, 0x8000, &s), -EINVAL);
    int userfd = open_self_ns("user");
    CHECK_ERR(rns_ns_enter(userfd, 0, &s), -EINVAL); /* a user namespace, by its type */
    close(userfd);
    CHECK(s == UNTOUCHED);
    CHECK_ERR(rns_ns_restore(NULL), -EFAULT);
    close(devnull);
    close(netfd);
}

TEST(ns_enter_unprivileged_eperm, UNPRIV)
{
    struct holder h = start_holder(0, NULL);
    ino_t uts = self_ns_ino("uts");
    rns_ns_saved *s = UNTOUCHED;
    CHECK_ERR(rns_ns_enter_pid(h.pid, RNS_CLONE_NEWUTS, &s), -EPERM);
    int fd = open_self_ns("uts");
    CHECK_ERR(rns_ns_enter(fd, 0, &s), -EPERM);
    close(fd);
    CHECK(s == UNTOUCHED);
    CHECK_EQ_INT(self_ns_ino("uts"), uts);
    stop_holder(&h);
}

/* Only the thread that entered can go back: another thread gets -EINVAL and the
 * state is kept, so the right thread still can. */
struct restore_req {
    rns_ns_saved *s;
    int r;
};
static void restore_fn(void *arg)
{
    struct restore_req *q = arg;
    q->r = rns_ns_restore(q->s);
}

TEST(ns_restore_other_thread_einval, PRIV)
{
    own_namespaces_in_userns(CLONE_NEWUTS);
    struct holder h = start_holder(CLONE_NEWUTS, "rns-thread");
    ino_t uts = self_ns_ino("uts");
    struct restore_req q = { NULL, 0 };
    CHECK_EQ_INT(rns_ns_enter_pid(h.pid, RNS_CLONE_NEWUTS, &q.s), 0);
    struct worker w;
    worker_start(&w);
    worker_run(&w, restore_fn, &q);
    worker_stop(&w);
    CHECK_ERR(q.r, -EINVAL);
    CHECK_HOSTNAME("rns-thread");
    CHECK_EQ_INT(rns_ns_restore(q.s), 0);
    CHECK_EQ_INT(self_ns_ino("uts"), uts);
    stop_holder(&h);
}

/* A mount namespace: refused while the thread shares its fs state (nothing changes);
 * after rns_unshare(RNS_CLONE_FS) entered, the helper's tmpfs visible, and on restore
 * the mount namespace, root and cwd are the thread's again, a chroot included. The other
 * thread never moves. */
static void enter_mnt_fn(void *arg)
{
    struct mnt_case *c = arg;
    own_namespaces_in_userns(CLONE_NEWNS | CLONE_NEWIPC);
    struct worker w;
    worker_start(&w);
    ino_t mnt = self_ns_ino("mnt"), ipc = self_ns_ino("ipc");
    rns_ns_saved *s = UNTOUCHED;
    CHECK_ERR(rns_ns_enter_pid(c->r.h.pid, RNS_CLONE_NEWNS | RNS_CLONE_NEWIPC, &s), -EINVAL);
    CHECK(s == UNTOUCHED);
    CHECK_EQ_INT(self_ns_ino("ipc"), ipc);
    check_other_thread_unmoved(&w, c->cwd, mnt, c->marker);

    CHECK_EQ_INT(rns_unshare(RNS_CLONE_FS), 0);
    /* a cwd of our own */
    ino_t root = dir_ino("/"), cwd = dir_ino("/tmp");
    CHECK_SYS(chdir("/tmp"));
    CHECK_EQ_INT(rns_ns_enter_pid(c->r.h.pid, RNS_CLONE_NEWNS | RNS_CLONE_NEWIPC, &s), 0);
    CHECK_EQ_INT(self_ns_ino("mnt"), c->r.mnt);
    CHECK_EQ_INT(self_ns_ino("ipc"), c->r.ipc);
    CHECK_SYS(access(c->marker, F_OK));
    CHECK_EQ_INT(rns_ns_restore(s), 0);
    CHECK_EQ_INT(self_ns_ino("mnt"), mnt);
    CHECK_EQ_INT(self_ns_ino("ipc"), ipc);
    CHECK_EQ_INT(dir_ino("."), cwd);
    CHECK_EQ_INT(dir_ino("/"), root);
    CHECK(access(c->marker, F_OK) != 0);

    /* chrooted into /tmp: restore gives the chroot back. Without /proc there, the thread's
     * own namespaces are reached through a pidfd of the thread (6.11's ioctls) or not at all. */
    int ns_ioctls = 0;
    int tfd = raw_pidfd_open(gettid(), RNS_PIDFD_THREAD);
    if (tfd >= 0) {
        int nfd = ioctl(tfd, 0xFF03 /* PIDFD_GET_MNT_NAMESPACE */, 0);
        ns_ioctls = nfd >= 0;
        if (nfd >= 0)
            close(nfd);
        close(tfd);
    }
    CHECK_SYS(chroot("/tmp"));
    CHECK_SYS(chdir("/"));
    ino_t chroot_root = dir_ino("/");
    CHECK_EQ_INT(chroot_root, cwd);
    int r = rns_ns_enter_pid(c->r.h.pid, RNS_CLONE_NEWNS, &s);
    if (r == -ENOSYS && !ns_ioctls) {
        /* no /proc in the chroot, and no pidfd namespace ioctls: documented, nothing moved */
        CHECK_EQ_INT(dir_ino("/"), chroot_root);
        worker_stop(&w);
        return;
    }
    CHECK_EQ_INT(r, 0);
    CHECK_SYS(access(c->marker, F_OK)); /* the helper's root, not our chroot */
    CHECK_EQ_INT(rns_ns_restore(s), 0);
    CHECK_EQ_INT(dir_ino("/"), chroot_root); /* no /proc in there: the root says it */
    CHECK(access(c->marker, F_OK) != 0);
    check_other_thread_unmoved(&w, c->cwd, mnt, c->marker);
    worker_stop(&w);
}

TEST(ns_enter_restore_mnt, PRIV)
{
    run_mnt_case(enter_mnt_fn);
}

/* A thread that could enter but not come back is refused up front: root of a user
 * namespace whose network namespace the parent user namespace owns. (As real root, the
 * case first becomes root of a new user namespace, mapping itself.) */
TEST(ns_enter_would_strand_eperm, PRIV)
{
    if (!h_in_userns) {
        CHECK_EQ_INT(rns_unshare(RNS_CLONE_NEWUSER), 0);
        static const char *const map[][2] = { { "/proc/self/setgroups", "deny" },
                                              { "/proc/self/uid_map", "0 0 1" },
                                              { "/proc/self/gid_map", "0 0 1" } };
        for (size_t i = 0; i < 3; i++) {
            int fd = (int)CHECK_SYS(open(map[i][0], O_WRONLY | O_CLOEXEC));
            CHECK_EQ_INT(write(fd, map[i][1], strlen(map[i][1])), (long)strlen(map[i][1]));
            close(fd);
        }
    }
    struct holder h = start_holder(CLONE_NEWNET, NULL); /* its net ns: ours to enter */
    ino_t net = self_ns_ino("net");
    rns_ns_saved *s = UNTOUCHED;
    CHECK_ERR(rns_ns_enter_pid(h.pid, RNS_CLONE_NEWNET, &s), -EPERM);
    int fd = CHECK_OK(rns_ns_open(h.pid, RNS_CLONE_NEWNET));
    CHECK_ERR(rns_ns_enter(fd, 0, &s), -EPERM);
    CHECK(s == UNTOUCHED);
    CHECK_EQ_INT(self_ns_ino("net"), net);
    /* entering alone works, and strands this (throwaway) process: */
    int back = open_self_ns("net");
    CHECK_EQ_INT(rns_setns(fd, RNS_CLONE_NEWNET), 0);
    CHECK_ERR(rns_setns(back, RNS_CLONE_NEWNET), -EPERM);
    close(back);
    close(fd);
    stop_holder(&h);
}

/* Many threads enter and leave different namespaces at once, through both calls, while a
 * bystander thread checks its own: every thread sees exactly what it entered, is back after
 * each restore, and the bystander never moves. */
#define ENTER_THREADS 8
#define ENTER_ROUNDS (H_VALGRIND() ? 10 : 200) /* valgrind runs one thread at a time, slowly */
#define ENTER_TARGETS 4
struct enter_shared {
    struct reporter r[ENTER_TARGETS];
    ino_t net0, uts0, mnt0;
    _Atomic int stop, failures;
    char why[256];
};
struct enter_worker {
    struct enter_shared *sh;
    int index;
};

static void enter_fail(struct enter_shared *sh, const char *what, int n)
{
    if (atomic_fetch_add(&sh->failures, 1) == 0)
        snprintf(sh->why, sizeof sh->why, "%s (%d)", what, n);
}

static void *enter_worker_main(void *arg)
{
    struct enter_worker *w = arg;
    struct enter_shared *sh = w->sh;
    for (int i = 0; i < ENTER_ROUNDS && !atomic_load(&sh->failures); i++) {
        struct reporter *t = &sh->r[(w->index + i) % ENTER_TARGETS];
        rns_ns_saved *s = NULL;
        int r = i % 2 ? rns_ns_enter_pid(t->h.pid, RNS_CLONE_NEWNET | RNS_CLONE_NEWUTS, &s) : -1;
        if (!(i % 2)) {
            int fd = rns_ns_open(t->h.pid, RNS_CLONE_NEWNET);
            r = fd < 0 ? fd : rns_ns_enter(fd, 0, &s);
            if (fd >= 0)
                close(fd);
        }
        if (r != 0) {
            enter_fail(sh, "enter failed", r);
            break;
        }
        if (self_ns_ino("net") != t->net || (i % 2 && self_ns_ino("uts") != t->uts))
            enter_fail(sh, "a thread is not in the namespaces it entered", i);
        if ((r = rns_ns_restore(s)) != 0)
            enter_fail(sh, "restore failed", r);
        if (self_ns_ino("net") != sh->net0 || self_ns_ino("uts") != sh->uts0)
            enter_fail(sh, "a thread is not back after restore", i);
    }
    return NULL;
}

static void *enter_bystander_main(void *arg)
{
    struct enter_shared *sh = arg;
    while (!atomic_load(&sh->stop)) {
        if (self_ns_ino("net") != sh->net0 || self_ns_ino("uts") != sh->uts0)
            enter_fail(sh, "the bystander thread moved", 0);
        usleep(100); /* let the others run where threads take turns (valgrind) */
    }
    return NULL;
}

/* Runs ENTER_THREADS threads of `worker` against ENTER_TARGETS helpers in new namespaces of
 * `flags` (our own ones first, in a user namespace), beside the bystander; fails with the
 * first failure any of them saw. */
static void many_threads_case(struct enter_shared *sh, int flags, void *(*worker)(void *))
{
    own_namespaces_in_userns(flags);
    for (int i = 0; i < ENTER_TARGETS; i++)
        sh->r[i] = start_reporter(flags, "rns-many", NULL);
    sh->net0 = self_ns_ino("net");
    sh->uts0 = self_ns_ino("uts");
    sh->mnt0 = self_ns_ino("mnt");
    pthread_t by, th[ENTER_THREADS];
    struct enter_worker w[ENTER_THREADS];
    CHECK_EQ_INT(pthread_create(&by, NULL, enter_bystander_main, sh), 0);
    for (int i = 0; i < ENTER_THREADS; i++) {
        w[i] = (struct enter_worker){ sh, i };
        CHECK_EQ_INT(pthread_create(&th[i], NULL, worker, &w[i]), 0);
    }
    for (int i = 0; i < ENTER_THREADS; i++)
        pthread_join(th[i], NULL);
    atomic_store(&sh->stop, 1);
    pthread_join(by, NULL);
    /* newest first: each helper holds the control pipes of those started before it */
    for (int i = ENTER_TARGETS - 1; i >= 0; i--)
        stop_holder(&sh->r[i].h);
    if (atomic_load(&sh->failures))
        FAIL("%d failures; first: %s", atomic_load(&sh->failures), sh->why);
    CHECK_EQ_INT(self_ns_ino("net"), sh->net0);
}

TEST(ns_enter_restore_many_threads, PRIV)
{
    static struct enter_shared sh;
    many_threads_case(&sh, CLONE_NEWNET | CLONE_NEWUTS, enter_worker_main);
}

/* ---- rns_run_in_ns ------------------------------------------------------ */

/* What the function saw from the library's thread. */
struct run_seen {
    ino_t net, ipc, uts, mnt;
    int marker; /* access(marker) == 0 */
    const char *marker_path;
    pid_t tid;
};

static int run_look(void *arg)
{
    struct run_seen *s = arg;
    s->net = self_ns_ino("net");
    s->ipc = self_ns_ino("ipc");
    s->uts = self_ns_ino("uts");
    s->mnt = self_ns_ino("mnt");
    s->marker = s->marker_path ? access(s->marker_path, F_OK) == 0 : 0;
    s->tid = gettid();
    return 42;
}

/* The function runs in the helper's namespaces (net+ipc and mount: its marker file seen),
 * by pidfd (one by one where setns takes no pidfd) and by namespace file, and its result
 * comes back; the calling thread is in its own namespaces all along, and its root. */
static void run_in_ns_fn(void *arg)
{
    struct mnt_case *c = arg;
    ino_t net = self_ns_ino("net"), ipc = self_ns_ino("ipc"), mnt = self_ns_ino("mnt");
    struct run_seen s = { .marker_path = c->marker };
    int result = -1;
    int pidfd = raw_pidfd_open(c->r.h.pid, 0);
    if (pidfd >= 0) {
        CHECK_EQ_INT(rns_run_in_ns(pidfd, RNS_CLONE_NEWNS | RNS_CLONE_NEWIPC, run_look, &s, &result), 0);
        CHECK_EQ_INT(result, 42);
        CHECK_EQ_INT(s.ipc, c->r.ipc);
        CHECK_EQ_INT(s.mnt, c->r.mnt);
        CHECK(s.marker);
        CHECK_NE_INT(s.tid, gettid());
        close(pidfd);
    }
    int fd = CHECK_OK(rns_ns_open(c->r.h.pid, RNS_CLONE_NEWNS));
    memset(&s, 0, sizeof s);
    s.marker_path = c->marker;
    result = -1;
    CHECK_EQ_INT(rns_run_in_ns(fd, 0, run_look, &s, &result), 0);
    CHECK_EQ_INT(result, 42);
    CHECK_EQ_INT(s.mnt, c->r.mnt);
    CHECK_EQ_INT(s.ipc, ipc); /* only what was asked */
    CHECK(s.marker);
    close(fd);
    CHECK_EQ_INT(self_ns_ino("net"), net);
    CHECK_EQ_INT(self_ns_ino("ipc"), ipc);
    CHECK_EQ_INT(self_ns_ino("mnt"), mnt);
    CHECK(access(c->marker, F_OK) != 0);
}

TEST(run_in_ns_every_kernel_path, PRIV)
{
    struct mnt_case c;
    mnt_case_start(&c);
    for (size_t i = 0; i < N_SB_MODES; i++)
        in_sandbox(sb_modes[i], run_in_ns_fn, &c);
    mnt_case_stop(&c);
    sb_done();
}

static int run_return_errno(void *arg)
{
    (void)arg;
    return -ENOTSUP;
}

TEST(run_in_ns_errors, ANY)
{
    int result = 7;
    int netfd = open_self_ns("net");
    int devnull = (int)CHECK_SYS(open("/dev/null", O_RDONLY | O_CLOEXEC));
    int userfd = open_self_ns("user");
    int closed = open_self_ns("uts");
    close(closed);
    int before = count_open_fds();
    CHECK_ERR(rns_run_in_ns(netfd, 0, NULL, NULL, &result), -EFAULT);
    CHECK_ERR(rns_run_in_ns(netfd, 0, run_return_errno, NULL, NULL), -EFAULT);
    CHECK_ERR(rns_run_in_ns(-1, RNS_CLONE_NEWNET, run_return_errno, NULL, &result), -EBADF);
    CHECK_ERR(rns_run_in_ns(closed, 0, run_return_errno, NULL, &result), -EBADF);
    CHECK_ERR(rns_run_in_ns(devnull, 0, run_return_errno, NULL, &result), -EINVAL);
    CHECK_ERR(rns_run_in_ns(netfd, RNS_CLONE_NEWUTS, run_return_errno, NULL, &result), -EINVAL);
    CHECK_ERR(rns_run_in_ns(netfd, 0x8000, run_return_errno, NULL, &result), -EINVAL);
    CHECK_ERR(rns_run_in_ns(userfd, 0, run_return_errno, NULL, &result), -EINVAL);
    int pidfd = raw_pidfd_open(getpid(), 0);
    if (pidfd >= 0) {
        CHECK_ERR(rns_run_in_ns(pidfd, 0, run_return_errno, NULL, &result), -EINVAL);
        CHECK_ERR(rns_run_in_ns(pidfd, RNS_CLONE_NEWUSER, run_return_errno, NULL, &result), -EINVAL);
        close(pidfd);
        pid_t child = start_sleeper();
        int gone = (int)CHECK_SYS(raw_pidfd_open(child, 0));
        kill_and_reap(child);
        CHECK_ERR(rns_run_in_ns(gone, RNS_CLONE_NEWNET, run_return_errno, NULL, &result), -ESRCH);
        close(gone);
    }
    CHECK_EQ_INT(result, 7); /* not written on an error */
    /* The function's own result, whatever it is, is not an error of the call. */
    if (geteuid() == 0 && !h_in_userns) {
        CHECK_EQ_INT(rns_run_in_ns(netfd, 0, run_return_errno, NULL, &result), 0);
        CHECK_EQ_INT(result, -ENOTSUP);
    }
    CHECK_EQ_INT(count_open_fds(), before);
    close(netfd);
    close(devnull);
    close(userfd);
}

TEST(run_in_ns_unprivileged_eperm, UNPRIV)
{
    int fd = open_self_ns("uts");
    int result = 7;
    CHECK_ERR(rns_run_in_ns(fd, 0, run_return_errno, NULL, &result), -EPERM);
    CHECK_EQ_INT(result, 7);
    close(fd);
}

/* Many threads run functions in the net+uts+ipc+mount namespaces of 4 helpers at once (by
 * pidfd, and by net and ipc namespace files) while a bystander checks its own: every function sees its
 * target's namespaces, every calling thread stays in its own (checked after each call), and
 * the bystander never moves. */
struct run_target_seen {
    struct reporter *t;
    int bad;
};

static int run_check_target(void *arg)
{
    struct run_target_seen *s = arg;
    s->bad = self_ns_ino("net") != s->t->net || self_ns_ino("ipc") != s->t->ipc ||
             self_ns_ino("mnt") != s->t->mnt;
    return 0;
}

static void *run_worker_main(void *arg)
{
    struct enter_worker *w = arg;
    struct enter_shared *sh = w->sh;
    for (int i = 0; i < ENTER_ROUNDS && !atomic_load(&sh->failures); i++) {
        struct reporter *t = &sh->r[(w->index + i) % ENTER_TARGETS];
        struct run_target_seen seen = { t, 1 };
        int result = -1, r;
        int pidfd = i % 2 ? raw_pidfd_open(t->h.pid, 0) : -1;
        if (pidfd >= 0) {
            r = rns_run_in_ns(pidfd, RNS_CLONE_NEWNET | RNS_CLONE_NEWIPC | RNS_CLONE_NEWUTS | RNS_CLONE_NEWNS,
                              run_check_target, &seen, &result);
            close(pidfd);
        } else {
            int net = rns_ns_open(t->h.pid, RNS_CLONE_NEWNET), ipc = rns_ns_open(t->h.pid, RNS_CLONE_NEWIPC);
            /* two calls, one type each: the function checks only the last */
            r = net < 0 ? net : rns_run_in_ns(net, 0, run_return_errno, NULL, &result);
            if (r == 0 && ipc >= 0) {
                seen.bad = 0;
                struct run_seen s2 = { 0 };
                r = rns_run_in_ns(ipc, 0, run_look, &s2, &result);
                seen.bad = s2.ipc != t->ipc || s2.net != sh->net0;
            }
            if (net >= 0)
                close(net);
            if (ipc >= 0)
                close(ipc);
        }
        if (r != 0)
            enter_fail(sh, "rns_run_in_ns failed", r);
        else if (seen.bad)
            enter_fail(sh, "a function did not run in its target's namespaces", i);
        if (self_ns_ino("net") != sh->net0 || self_ns_ino("uts") != sh->uts0 || self_ns_ino("mnt") != sh->mnt0)
            enter_fail(sh, "a calling thread moved", i);
    }
    return NULL;
}

TEST(run_in_ns_many_threads, PRIV)
{
    static struct enter_shared sh;
    many_threads_case(&sh, CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNS, run_worker_main);
    PASS_NOTE("%d threads x %d calls, 0 foreign observations", ENTER_THREADS, ENTER_ROUNDS);
}

/* rns_run_in_ns where /proc is of another pid namespace (we are pid 1 of a new one): by pidfd,
 * also one type at a time through it (setns without pidfds), and then through /proc (no
 * namespace ioctls), which shows the helper under another number: the function sees the
 * helper's namespaces on every path, never another process's. */
static int run_look_net(void *arg)
{
    *(ino_t *)arg = self_ns_ino("net");
    return 0;
}

static void run_foreign_proc_fn(void *arg)
{
    struct reporter *r = arg;
    ino_t net = self_ns_ino("net"), seen = 0;
    int result = -1;
    int pidfd = raw_pidfd_open(r->h.pid, 0);
    CHECK(pidfd >= 0);
    CHECK_EQ_INT(rns_run_in_ns(pidfd, RNS_CLONE_NEWNET | RNS_CLONE_NEWIPC, run_look_net, &seen, &result), 0);
    CHECK_EQ_INT(result, 0);
    CHECK_EQ_INT(seen, r->net);
    CHECK_EQ_INT(self_ns_ino("net"), net);
    close(pidfd);
}

static void run_foreign_proc_case(void *arg)
{
    (void)arg;
    struct reporter r = start_reporter(CLONE_NEWNET | CLONE_NEWIPC, NULL, NULL);
    static const int modes[] = { 0, SB_OLD_SETNS, SB_NO_NS_IOCTL, SB_OLD_SETNS | SB_NO_NS_IOCTL };
    for (size_t i = 0; i < sizeof modes / sizeof modes[0] && !no_pidfd(); i++)
        in_sandbox(modes[i], run_foreign_proc_fn, &r);
    stop_holder(&r.h);
    sb_done();
}

TEST(run_in_ns_foreign_proc, PRIV)
{
    if (no_pidfd())
        SKIP("no pidfd_open here (%s): rns_run_in_ns with a pidfd cannot be tried", no_pidfd_why());
    CHECK_SYS(unshare(CLONE_NEWPID));
    in_sandbox(0, run_foreign_proc_case, NULL);
    sb_done();
}
