/*
 * test_ns_handle.c - namespace identity and relations (src/ns_handle.rs):
 *
 *   rns_ns_type, rns_ns_userns, rns_ns_parent, rns_ns_owner_uid, rns_ns_id, rns_ns_same,
 *   rns_ns_pid_from, rns_ns_pid_in (checked against /proc/PID/status NSpid; -ENOSYS under
 *   tests/c/seccomp.h's kernel before 6.9), rns_ns_open_id (our namespaces reopened by their
 *   ids; another user's refused; -ENOSYS under the kernel before 6.18)
 *   and, under tests/c/seccomp.h, the inode ids of kernels without NS_GET_ID (before 6.18)
 *   and without NS_GET_MNTNS_ID (before 6.11)
 *
 * Part of the test_rns program (test_rns.c runs it; helpers.h, harness.h). Namespaces are
 * opened from /proc/self/ns (the case child is single-threaded, so /proc/self is this
 * thread), and checked against fstat's inode and other rns_ns_* calls.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <sys/socket.h>

#include "helpers.h"
#include "seccomp.h"

static const struct {
    const char *name;
    int type;
} ns_files[] = {
    { "mnt", RNS_CLONE_NEWNS },
    { "cgroup", RNS_CLONE_NEWCGROUP },
    { "uts", RNS_CLONE_NEWUTS },
    { "ipc", RNS_CLONE_NEWIPC },
    { "user", RNS_CLONE_NEWUSER },
    { "pid", RNS_CLONE_NEWPID },
    { "pid_for_children", RNS_CLONE_NEWPID },
    { "net", RNS_CLONE_NEWNET },
    { "time", RNS_CLONE_NEWTIME },
    { "time_for_children", RNS_CLONE_NEWTIME },
};
#define N_NS_FILES (sizeof ns_files / sizeof ns_files[0])

/* Opens /proc/self/ns/NAME (O_CLOEXEC), or fails the case. */
static int ns_fd(const char *name)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/self/ns/%s", name);
    return (int)CHECK_SYS(open(path, O_RDONLY | O_CLOEXEC));
}

/* Opens /proc/PID/ns/NAME (O_CLOEXEC), or fails the case. */
static int pid_ns_fd(pid_t pid, const char *name)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, name);
    return (int)CHECK_SYS(open(path, O_RDONLY | O_CLOEXEC));
}

/* An fd number that is not open, and high enough that the fds a case opens next (the
 * lowest free numbers) do not reuse it. */
static int closed_fd(void)
{
    int fd = (int)CHECK_SYS(fcntl(0, F_DUPFD_CLOEXEC, 900));
    close(fd);
    return fd;
}

TEST(nsh_type_of_each_ns_file, ANY)
{
    int seen = 0;
    for (size_t i = 0; i < N_NS_FILES; i++) {
        char path[64];
        snprintf(path, sizeof path, "/proc/self/ns/%s", ns_files[i].name);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0 && errno == ENOENT)
            continue; /* a type this kernel lacks */
        CHECK(fd >= 0);
        int t = rns_ns_type(fd);
        if (t != ns_files[i].type)
            FAIL("rns_ns_type(%s) = %d (%s), expected %d", path, t, h_errname(t), ns_files[i].type);
        close(fd);
        seen++;
    }
    CHECK(seen >= 8);
}

/* Every function refuses fd with the same errno, and writes no output. */
static void check_all_refuse(int fd, int err, const char *what)
{
    int ns = ns_fd("net");
    uid_t uid = 4242;
    uint64_t id = 4242;
    int r;
    if ((r = rns_ns_type(fd)) != err)
        FAIL("rns_ns_type(%s) = %d (%s)", what, r, h_errname(r));
    if ((r = rns_ns_userns(fd)) != err)
        FAIL("rns_ns_userns(%s) = %d (%s)", what, r, h_errname(r));
    if ((r = rns_ns_parent(fd)) != err)
        FAIL("rns_ns_parent(%s) = %d (%s)", what, r, h_errname(r));
    if ((r = rns_ns_owner_uid(fd, &uid)) != err)
        FAIL("rns_ns_owner_uid(%s) = %d (%s)", what, r, h_errname(r));
    if ((r = rns_ns_id(fd, &id)) != err)
        FAIL("rns_ns_id(%s) = %d (%s)", what, r, h_errname(r));
    if ((r = rns_ns_same(fd, ns)) != err || (r = rns_ns_same(ns, fd)) != err)
        FAIL("rns_ns_same(%s, a namespace) = %d (%s)", what, r, h_errname(r));
    if (uid != 4242 || id != 4242)
        FAIL("an output was written on failure (%s)", what);
    close(ns);
}

TEST(nsh_not_a_namespace_einval, ANY)
{
    int file = regular_file_fd();
    check_all_refuse(file, -EINVAL, "a regular file");
    int sock = (int)CHECK_SYS(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    check_all_refuse(sock, -EINVAL, "a socket");
    int null = (int)CHECK_SYS(open("/dev/null", O_RDONLY | O_CLOEXEC));
    check_all_refuse(null, -EINVAL, "/dev/null");
    int p[2];
    CHECK_SYS(pipe2(p, O_CLOEXEC));
    check_all_refuse(p[0], -EINVAL, "a pipe");
    int dir = (int)CHECK_SYS(open("/proc/self/ns", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    check_all_refuse(dir, -EINVAL, "the /proc/self/ns directory");
    if (no_pidfd())
        PASS_NOTE("no pidfd checked: %s", no_pidfd_why());
    int pidfd = (int)CHECK_SYS(raw_pidfd_open(getpid(), 0));
    check_all_refuse(pidfd, -EINVAL, "a pidfd");
}

TEST(nsh_not_open_ebadf, ANY)
{
    check_all_refuse(closed_fd(), -EBADF, "a closed fd");
    check_all_refuse(-1, -EBADF, "-1");
    check_all_refuse(INT_MIN, -EBADF, "INT_MIN");
    check_all_refuse(INT_MAX, -EBADF, "INT_MAX");
}

TEST(nsh_null_output_efault, ANY)
{
    int user = ns_fd("user");
    int net = ns_fd("net");
    CHECK_ERR(rns_ns_owner_uid(user, NULL), -EFAULT);
    CHECK_ERR(rns_ns_id(net, NULL), -EFAULT);
    /* The pointer first, as every function checks it. */
    CHECK_ERR(rns_ns_owner_uid(-1, NULL), -EFAULT);
    CHECK_ERR(rns_ns_id(-1, NULL), -EFAULT);
}

/* Whether the caller is in the initial user namespace (its uid_map maps every id). */
static int in_initial_userns(void)
{
    char buf[128] = "";
    FILE *f = fopen("/proc/self/uid_map", "re");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    unsigned a, b, c;
    return sscanf(buf, "%u %u %u", &a, &b, &c) == 3 && a == 0 && b == 0 && c == 4294967295u &&
           strchr(buf, '\n') == buf + n - 1;
}

TEST(nsh_own_namespaces, ANY)
{
    int user = ns_fd("user"), net = ns_fd("net"), pid = ns_fd("pid");
    uid_t uid = 4242;
    /* Our own user and pid namespaces are the top we can see: no owner, no parent. */
    CHECK_ERR(rns_ns_parent(user), -EPERM);
    CHECK_ERR(rns_ns_userns(user), -EPERM);
    CHECK_ERR(rns_ns_parent(pid), -EPERM);
    /* Only pid and user namespaces have parents; only user namespaces an owner uid. */
    CHECK_ERR(rns_ns_parent(net), -EINVAL);
    CHECK_ERR(rns_ns_owner_uid(net, &uid), -EINVAL);
    CHECK_EQ_INT(uid, 4242);
    /* Our net namespace's owner is our user namespace. */
    int owner = CHECK_OK(rns_ns_userns(net));
    CHECK_CLOEXEC(owner);
    CHECK_EQ_INT(rns_ns_type(owner), RNS_CLONE_NEWUSER);
    CHECK_EQ_INT(rns_ns_same(owner, user), 1);
    CHECK_EQ_INT(fd_ino(owner), fd_ino(user));
    close(owner);
    owner = CHECK_OK(rns_ns_userns(pid));
    CHECK_EQ_INT(rns_ns_same(owner, user), 1);
    if (!in_initial_userns())
        PASS_NOTE("not in the initial user namespace: its owner uid 0 not checked");
    CHECK_EQ_INT(rns_ns_owner_uid(user, &uid), 0);
    CHECK_EQ_INT(uid, 0);
}

/* A child made by ordinary uid `as` (root drops to it first) that unshares a user and a net
 * namespace, reports what rns_ns_parent and rns_ns_userns say of its own new user namespace
 * from inside, and waits until `go` is written or closed. */
struct uchild {
    pid_t pid;
    int go;
    int inside_parent, inside_userns;
};

static struct uchild start_userns_child(uid_t as)
{
    int ready[2], go[2];
    CHECK_SYS(pipe2(ready, O_CLOEXEC));
    CHECK_SYS(pipe2(go, O_CLOEXEC));
    pid_t pid = (pid_t)CHECK_SYS(h_fork());
    if (pid == 0) {
        int res[3] = { 0, 0, 0 };
        close(ready[0]);
        close(go[1]);
        if (geteuid() == 0 && (setgroups(0, NULL) != 0 || setresgid(as, as, as) != 0 ||
                               setresuid(as, as, as) != 0))
            res[0] = -errno;
        else if (unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0)
            res[0] = -errno;
        else {
            int fd = open("/proc/self/ns/user", O_RDONLY | O_CLOEXEC);
            res[1] = rns_ns_parent(fd);
            res[2] = rns_ns_userns(fd);
        }
        write_all(ready[1], res, sizeof res);
        char c;
        (void)!read(go[0], &c, 1);
        _exit(0);
    }
    close(ready[1]);
    close(go[0]);
    int res[3];
    read_all(ready[0], res, sizeof res);
    close(ready[0]);
    if (res[0] < 0) {
        kill_and_reap(pid);
        SKIP("a child as uid %u cannot make a user namespace: -%s", (unsigned)as, h_errname(res[0]));
    }
    return (struct uchild){ pid, go[1], res[1], res[2] };
}

TEST(nsh_new_user_namespace, ANY)
{
    uid_t as = geteuid() == 0 ? 12345 : geteuid();
    struct uchild c = start_userns_child(as);
    /* Inside, the new user namespace is the top: its parent and owner are out of sight. */
    CHECK_EQ_INT(c.inside_parent, -EPERM);
    CHECK_EQ_INT(c.inside_userns, -EPERM);

    int user = pid_ns_fd(c.pid, "user"), net = pid_ns_fd(c.pid, "net");
    int my_user = ns_fd("user"), my_net = ns_fd("net");
    uid_t uid = 4242;
    CHECK_EQ_INT(rns_ns_type(user), RNS_CLONE_NEWUSER);
    CHECK_EQ_INT(rns_ns_owner_uid(user, &uid), 0);
    CHECK_EQ_INT(uid, as);
    CHECK_EQ_INT(rns_ns_same(user, my_user), 0);
    CHECK_EQ_INT(rns_ns_same(net, my_net), 0);

    /* Its parent and its owner are both our user namespace. */
    int parent = CHECK_OK(rns_ns_parent(user));
    CHECK_CLOEXEC(parent);
    CHECK_EQ_INT(rns_ns_same(parent, my_user), 1);
    int owner = CHECK_OK(rns_ns_userns(user));
    CHECK_CLOEXEC(owner);
    CHECK_EQ_INT(rns_ns_same(owner, my_user), 1);

    /* The net namespace made with it is owned by it, and has no parent. */
    int net_owner = CHECK_OK(rns_ns_userns(net));
    CHECK_EQ_INT(rns_ns_same(net_owner, user), 1);
    CHECK_EQ_INT(fd_ino(net_owner), fd_ino(user));
    CHECK_ERR(rns_ns_parent(net), -EINVAL);
    CHECK_ERR(rns_ns_owner_uid(net, &uid), -EINVAL);

    /* Its id differs from ours, and is of the same kind. */
    uint64_t a = 0, b = 0;
    int ka = CHECK_OK(rns_ns_id(user, &a)), kb = CHECK_OK(rns_ns_id(my_user, &b));
    CHECK_EQ_INT(ka, kb);
    CHECK(a != b);
    close(c.go);
    CHECK_SYS(waitpid(c.pid, NULL, 0));
}

TEST(nsh_new_pid_namespace_parent, PRIV)
{
    int my_pid = ns_fd("pid"), my_user = ns_fd("user");
    CHECK_SYS(unshare(CLONE_NEWPID));
    /* pid_for_children shows the new namespace once its first process exists. */
    pid_t first = start_sleeper();
    int child = ns_fd("pid_for_children");
    CHECK_EQ_INT(rns_ns_type(child), RNS_CLONE_NEWPID);
    CHECK_EQ_INT(rns_ns_same(child, my_pid), 0);
    int parent = CHECK_OK(rns_ns_parent(child));
    CHECK_CLOEXEC(parent);
    CHECK_EQ_INT(rns_ns_type(parent), RNS_CLONE_NEWPID);
    CHECK_EQ_INT(rns_ns_same(parent, my_pid), 1);
    CHECK_EQ_INT(fd_ino(parent), fd_ino(my_pid));
    int owner = CHECK_OK(rns_ns_userns(child));
    CHECK_EQ_INT(rns_ns_same(owner, my_user), 1);
    /* Our own pid namespace still has none we can see. */
    CHECK_ERR(rns_ns_parent(my_pid), -EPERM);
    kill_and_reap(first);
}

/* ---- ids, as this kernel gives them and as older kernels do (seccomp.h) ---- */

/* in_sandbox(), sb_mode_now and sb_done() are helpers.c's. */

/* As the kernel is; without NS_GET_ID (6.11 to 6.17); without either id (before 6.11). */
static const int id_modes[] = { 0, SB_NO_NS_ID, SB_NO_NS_ID | SB_NO_MNTNS_ID };
#define N_ID_MODES (sizeof id_modes / sizeof id_modes[0])

/* rns_ns_id of fd, with the kind the sandbox mode allows: an inode id where the mode hides
 * the kernel's ids for this type (then the id is the inode), any kind as the kernel is. */
static uint64_t checked_id(int fd, int is_mnt, int *kind)
{
    uint64_t id = 0;
    int k = rns_ns_id(fd, &id);
    if (k != RNS_NS_ID_KERNEL && k != RNS_NS_ID_INODE)
        FAIL("rns_ns_id = %d (%s)", k, h_errname(k));
    int hidden = (sb_mode_now & SB_NO_NS_ID) && (!is_mnt || (sb_mode_now & SB_NO_MNTNS_ID));
    if (hidden && k != RNS_NS_ID_INODE)
        FAIL("rns_ns_id gave kind %d under sandbox 0x%x, expected RNS_NS_ID_INODE", k,
             sb_mode_now);
    if (k == RNS_NS_ID_INODE && id != (uint64_t)fd_ino(fd))
        FAIL("inode id %llu is not the inode %llu", (unsigned long long)id,
             (unsigned long long)fd_ino(fd));
    if (k == RNS_NS_ID_KERNEL && id == 0)
        FAIL("kernel id 0");
    /* Asked again (the per-process answer cached), the same. */
    uint64_t again = 0;
    CHECK_EQ_INT(rns_ns_id(fd, &again), k);
    CHECK(again == id);
    *kind = k;
    return id;
}

/* Two opens of each of our namespaces: equal ids, the same namespace; different types:
 * different. */
static void ids_of_ours_fn(void *arg)
{
    (void)arg;
    const char *names[] = { "net", "uts", "mnt", "user", "pid", "ipc" };
    uint64_t ids[6];
    int kinds[6];
    for (int i = 0; i < 6; i++) {
        int a = ns_fd(names[i]), b = ns_fd(names[i]);
        int ka, kb, is_mnt = strcmp(names[i], "mnt") == 0;
        uint64_t ia = checked_id(a, is_mnt, &ka), ib = checked_id(b, is_mnt, &kb);
        CHECK_EQ_INT(ka, kb);
        CHECK(ia == ib);
        CHECK_EQ_INT(rns_ns_same(a, b), 1);
        CHECK_EQ_INT(rns_ns_same(a, a), 1);
        ids[i] = ia;
        kinds[i] = ka;
        close(b);
        close(a);
    }
    /* Kernel ids share one id space over every type, inodes one nsfs: all differ. */
    for (int i = 0; i < 6; i++)
        for (int j = i + 1; j < 6; j++)
            if (kinds[i] == kinds[j] && ids[i] == ids[j])
                FAIL("%s and %s have the same id %llu", names[i], names[j],
                     (unsigned long long)ids[i]);
    int net = ns_fd("net"), uts = ns_fd("uts"), mnt = ns_fd("mnt");
    CHECK_EQ_INT(rns_ns_same(net, uts), 0);
    CHECK_EQ_INT(rns_ns_same(mnt, net), 0);
    CHECK_EQ_INT(rns_ns_same(net, mnt), 0);
}

TEST(nsh_id_same_namespace, ANY)
{
    for (size_t i = 0; i < N_ID_MODES; i++)
        in_sandbox(id_modes[i], ids_of_ours_fn, NULL);
    sb_done();
}

/* New net and mount namespaces: their ids differ from the old ones (still held), of the
 * same kind, and rns_ns_same tells them apart. */
static void ids_of_new_fn(void *arg)
{
    (void)arg;
    int net = ns_fd("net"), mnt = ns_fd("mnt");
    int k1, k2;
    uint64_t net_id = checked_id(net, 0, &k1), mnt_id = checked_id(mnt, 1, &k2);
    CHECK_SYS(unshare(CLONE_NEWNET | CLONE_NEWNS));
    int net2 = ns_fd("net"), mnt2 = ns_fd("mnt");
    int k3, k4;
    uint64_t net2_id = checked_id(net2, 0, &k3), mnt2_id = checked_id(mnt2, 1, &k4);
    CHECK_EQ_INT(k1, k3);
    CHECK_EQ_INT(k2, k4);
    CHECK(net_id != net2_id);
    CHECK(mnt_id != mnt2_id);
    CHECK_EQ_INT(rns_ns_same(net, net2), 0);
    CHECK_EQ_INT(rns_ns_same(mnt2, mnt), 0);
    CHECK_EQ_INT(rns_ns_same(net2, ns_fd("net")), 1);
    CHECK_EQ_INT(rns_ns_same(mnt2, ns_fd("mnt")), 1);
}

TEST(nsh_id_new_namespaces_differ, PRIV)
{
    for (size_t i = 0; i < N_ID_MODES; i++)
        in_sandbox(id_modes[i], ids_of_new_fn, NULL);
    sb_done();
}

/* The kernel path itself: on a kernel with NS_GET_ID (6.18) every id is the kernel's. */
TEST(nsh_id_kernel_where_it_has_one, ANY)
{
    int net = ns_fd("net");
    uint64_t id = 0;
    int k = CHECK_OK(rns_ns_id(net, &id));
    if (k == RNS_NS_ID_INODE)
        PASS_NOTE("this kernel has no NS_GET_ID (before 6.18): inode ids");
    CHECK_EQ_INT(k, RNS_NS_ID_KERNEL);
    CHECK(id != 0);
}

/* ---- pid translation (rns_ns_pid_from, rns_ns_pid_in), against /proc/PID/status ---- */

/* The "NSpid:" numbers of /proc/PID/status (or /proc/PID/task/TID/status with tid > 0),
 * from /proc's pid namespace down; returns how many (at most max). */
static int nspid_of(pid_t pid, pid_t tid, pid_t *out, int max)
{
    char path[96], line[256];
    if (tid > 0)
        snprintf(path, sizeof path, "/proc/%d/task/%d/status", (int)pid, (int)tid);
    else
        snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "re");
    if (!f)
        FAIL("open %s: %s", path, strerror(errno));
    int n = 0;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "NSpid:", 6) == 0) {
            char *p = line + 6, *end;
            for (long v; n < max && (v = strtol(p, &end, 10), end != p); p = end)
                out[n++] = (pid_t)v;
        }
    fclose(f);
    if (n == 0)
        FAIL("%s has no NSpid line", path);
    return n;
}

/* What any fd that is no pid namespace, and any bad argument, gives, before the kernel's
 * own answer: the same on every kernel. */
static void pid_xlate_refusals(int pidns)
{
    int net = ns_fd("net"), null = open("/dev/null", O_RDONLY | O_CLOEXEC), bad = closed_fd();
    CHECK(null >= 0);
    CHECK_ERR(rns_ns_pid_from(net, 1, 0), -EINVAL);
    CHECK_ERR(rns_ns_pid_in(net, getpid(), 0), -EINVAL);
    CHECK_ERR(rns_ns_pid_from(null, 1, 0), -EINVAL);
    CHECK_ERR(rns_ns_pid_in(bad, getpid(), 0), -EBADF);
    CHECK_ERR(rns_ns_pid_from(-1, 1, 0), -EBADF);
    CHECK_ERR(rns_ns_pid_from(pidns, 0, 0), -EINVAL);
    CHECK_ERR(rns_ns_pid_in(pidns, -5, 0), -EINVAL);
    CHECK_ERR(rns_ns_pid_from(pidns, 1, 2), -EINVAL);
    CHECK_ERR(rns_ns_pid_in(pidns, getpid(), ~RNS_NS_PID_TGID), -EINVAL);
    close(net);
    close(null);
}

/* In our own pid namespace a pid is itself; a thread's id is itself, its TGID our pid. */
static void pid_xlate_own_fn(void *arg)
{
    (void)arg;
    int pidns = ns_fd("pid");
    pid_xlate_refusals(pidns);
    if (sb_mode_now & SB_NO_PIDNS_XLATE) {
        CHECK_ERR(rns_ns_pid_from(pidns, getpid(), 0), -ENOSYS);
        CHECK_ERR(rns_ns_pid_in(pidns, getpid(), RNS_NS_PID_TGID), -ENOSYS);
        return;
    }
    CHECK_EQ_INT(rns_ns_pid_from(pidns, getpid(), 0), getpid());
    CHECK_EQ_INT(rns_ns_pid_in(pidns, getpid(), RNS_NS_PID_TGID), getpid());
    struct worker w;
    worker_start(&w);
    CHECK_EQ_INT(rns_ns_pid_from(pidns, w.tid, 0), w.tid);
    CHECK_EQ_INT(rns_ns_pid_from(pidns, w.tid, RNS_NS_PID_TGID), getpid());
    CHECK_EQ_INT(rns_ns_pid_in(pidns, w.tid, RNS_NS_PID_TGID), getpid());
    worker_stop(&w);
    CHECK_ERR(rns_ns_pid_from(pidns, gone_pid(), 0), -ESRCH);
    CHECK_ERR(rns_ns_pid_in(pidns, gone_pid(), 0), -ESRCH);
    close(pidns);
}

TEST(nsh_pid_translate_own_namespace, ANY)
{
    in_sandbox(0, pid_xlate_own_fn, NULL);
    in_sandbox(SB_NO_PIDNS_XLATE, pid_xlate_own_fn, NULL);
    sb_done();
}

/* The kernel's own selftest case (a process in a child pid namespace has one pid there
 * and another here) checked against NSpid, which lists both: for each of the namespace's
 * processes, its thread too, "from" the child namespace gives our number, "in" gives
 * theirs; our own pid is outside it (ESRCH both ways). */
TEST(nsh_pid_translate_child_namespace_nspid, PRIV)
{
    int my_pid = ns_fd("pid");
    CHECK_SYS(unshare(CLONE_NEWPID));
    pid_t first = start_sleeper(), second = start_sleeper();
    int child = ns_fd("pid_for_children");
    pid_t procs[2] = { first, second };
    for (int i = 0; i < 2; i++) {
        pid_t ns[4];
        CHECK_EQ_INT(nspid_of(procs[i], 0, ns, 4), 2);
        CHECK_EQ_INT(ns[0], procs[i]);
        CHECK_EQ_INT(ns[1], i + 1); /* the namespace's init, then the next */
        int r = rns_ns_pid_from(child, ns[1], 0);
        if (r == -ENOSYS)
            SKIP("this kernel has no NS_GET_PID_FROM_PIDNS (before 6.9)");
        CHECK_EQ_INT(r, ns[0]);
        CHECK_EQ_INT(rns_ns_pid_from(child, ns[1], RNS_NS_PID_TGID), ns[0]);
        CHECK_EQ_INT(rns_ns_pid_in(child, ns[0], 0), ns[1]);
        CHECK_EQ_INT(rns_ns_pid_in(child, ns[0], RNS_NS_PID_TGID), ns[1]);
        /* Our own namespace is the identity, whatever the process. */
        CHECK_EQ_INT(rns_ns_pid_in(my_pid, ns[0], 0), ns[0]);
    }
    /* We are not in the child namespace: no number there for us, nor for ours. */
    CHECK_ERR(rns_ns_pid_in(child, getpid(), 0), -ESRCH);
    CHECK_ERR(rns_ns_pid_from(child, 3, 0), -ESRCH);
    /* Its parent, seen through NS_GET_PARENT, is ours again. */
    int parent = CHECK_OK(rns_ns_parent(child));
    CHECK_EQ_INT(rns_ns_pid_from(parent, first, 0), first);
    close(parent);
    kill_and_reap(second);
    kill_and_reap(first);
    close(child);
    close(my_pid);
}

/* ---- rns_ns_open_id: a namespace reopened from its id, type and inode ---- */

static void open_id_own_fn(void *arg)
{
    (void)arg;
    static const struct {
        const char *name;
        int type;
    } k[] = { { "net", RNS_CLONE_NEWNET }, { "uts", RNS_CLONE_NEWUTS }, { "user", RNS_CLONE_NEWUSER },
              { "pid", RNS_CLONE_NEWPID }, { "mnt", RNS_CLONE_NEWNS },   { "ipc", RNS_CLONE_NEWIPC } };
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
        int fd = ns_fd(k[i].name);
        uint64_t id = 0, ino = (uint64_t)fd_ino(fd);
        int kind = CHECK_OK(rns_ns_id(fd, &id));
        int r = rns_ns_open_id(id, k[i].type, ino);
        if (kind != RNS_NS_ID_KERNEL || (sb_mode_now & SB_NO_NSFS_HANDLE)) {
            /* no kernel ids (before 6.18): no handles either */
            CHECK_ERR(r, -ENOSYS);
            close(fd);
            continue;
        }
        int again = CHECK_OK(r);
        CHECK_CLOEXEC(again);
        CHECK_EQ_INT(fd_ino(again), ino);
        CHECK_EQ_INT(rns_ns_same(again, fd), 1);
        close(again);
        /* The type and the inode are checked against the id. */
        int other = k[i].type == RNS_CLONE_NEWNET ? RNS_CLONE_NEWUTS : RNS_CLONE_NEWNET;
        CHECK_ERR(rns_ns_open_id(id, other, ino), -ENOENT);
        CHECK_ERR(rns_ns_open_id(id, k[i].type, ino + 1), -ENOENT);
        CHECK_ERR(rns_ns_open_id(id + 1000000, k[i].type, ino), -ENOENT);
        /* The id alone: a later kernel resolves it, 6.18 does not. */
        r = rns_ns_open_id(id, 0, 0);
        if (r >= 0) {
            CHECK_EQ_INT(fd_ino(r), ino);
            close(r);
        } else {
            CHECK_ERR(r, -ENOENT);
        }
        close(fd);
    }
    /* Refused before the kernel is asked. */
    CHECK_ERR(rns_ns_open_id(0, RNS_CLONE_NEWNET, 5), -EINVAL);
    CHECK_ERR(rns_ns_open_id(3, RNS_CLONE_NEWNET, 0), -EINVAL);
    CHECK_ERR(rns_ns_open_id(3, 0, 5), -EINVAL);
    CHECK_ERR(rns_ns_open_id(3, RNS_CLONE_NEWNET | RNS_CLONE_NEWUTS, 5), -EINVAL);
    CHECK_ERR(rns_ns_open_id(3, 1, 5), -EINVAL);
    CHECK_ERR(rns_ns_open_id(3, RNS_CLONE_NEWNET, 1ULL << 32), -EINVAL);
}

TEST(nsh_open_id_round_trip, ANY)
{
    in_sandbox(0, open_id_own_fn, NULL);
    in_sandbox(SB_NO_NSFS_HANDLE, open_id_own_fn, NULL);
    sb_done();
}

/* Another user's namespaces (a child's new user and net namespaces): only a caller that may
 * see every namespace (real root) opens them by id; an ordinary user gets -EPERM, or -ENOENT
 * where the kernel hides that the namespace exists (6.18). Once they are gone, the id opens
 * nothing: -ENOENT. */
TEST(nsh_open_id_of_another_namespace, ANY)
{
    uid_t as = geteuid() == 0 ? 12345 : geteuid();
    struct uchild c = start_userns_child(as);
    int net = pid_ns_fd(c.pid, "net");
    uint64_t id = 0, ino = (uint64_t)fd_ino(net);
    if (CHECK_OK(rns_ns_id(net, &id)) != RNS_NS_ID_KERNEL) {
        close(c.go);
        CHECK_SYS(waitpid(c.pid, NULL, 0));
        SKIP("this kernel has no namespace ids (before 6.18): no nsfs handles");
    }
    int r = rns_ns_open_id(id, RNS_CLONE_NEWNET, ino);
    if (geteuid() == 0 && in_initial_userns()) {
        CHECK_OK(r);
        CHECK_EQ_INT(rns_ns_same(r, net), 1);
        close(r);
    } else if (r != -ENOENT) {
        CHECK_ERR(r, -EPERM); /* 6.18 hides it (ENOENT); the documented answer is EPERM */
    }
    close(net);
    close(c.go);
    CHECK_SYS(waitpid(c.pid, NULL, 0));
    /* Gone (its last process and our fd with it): nothing has that id now, for anyone. */
    for (int i = 0; i < 100 && (r = rns_ns_open_id(id, RNS_CLONE_NEWNET, ino)) != -ENOENT; i++) {
        if (r >= 0)
            close(r);
        usleep(10000); /* a net namespace is torn down asynchronously */
    }
    CHECK_ERR(r, -ENOENT);
}

/* ---- rns_listns: the kernel's list of namespace ids (Linux 6.19) ---- */

/* Where the kernel has listns, our net namespace's id is among the net namespaces listed (a
 * page at a time, resuming after the last id); before 6.19 (this suite's 6.18 included),
 * -ENOSYS, as documented. Bad arguments are refused first on every kernel. */
TEST(nsh_listns_or_enosys, ANY)
{
    uint64_t ids[4];
    CHECK_ERR(rns_listns(0, 1, 0, ids, 4), -EINVAL);
    CHECK_ERR(rns_listns(0, RNS_CLONE_NEWNET, 0, NULL, 4), -EFAULT);
    int net = ns_fd("net");
    uint64_t mine = 0;
    int kind = CHECK_OK(rns_ns_id(net, &mine));
    close(net);
    int r = rns_listns(0, RNS_CLONE_NEWNET, 0, ids, 4);
    if (r == -ENOSYS)
        PASS_NOTE("no listns here (a kernel before 6.19): -ENOSYS, as documented");
    CHECK_EQ_INT(kind, RNS_NS_ID_KERNEL); /* a kernel with listns has NS_GET_ID */
    int found = 0;
    uint64_t after = 0;
    for (int pages = 0; r > 0 && pages < 100000 && !found; pages++) {
        for (int i = 0; i < r; i++) {
            CHECK(ids[i] > after); /* ascending, after the cursor */
            found |= ids[i] == mine;
        }
        after = ids[r - 1];
        r = rns_listns(after, RNS_CLONE_NEWNET, 0, ids, 4);
    }
    CHECK_OK(r);
    CHECK(found);
}
