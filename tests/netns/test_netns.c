/*
 * test_netns.c - named network namespaces (src/netns.rs) against iproute2's `ip netns`:
 *
 *   rns_netns_add, rns_netns_delete, rns_netns_open
 *
 * These change /run, so they are not part of make test: `make test-netns` (CI runs it with
 * CI=true). Even there nothing outside the test is touched: every case runs in a forked child
 * (harness.h) that first enters a mount namespace of its own, private, with a fresh tmpfs on
 * /run, so /run/netns, its mounts and `ip netns`'s view of it vanish with the child. Needs
 * real root (ip netns does); otherwise each case says why it skipped.
 *
 * Build: see mk/netns.mk (linked with tests/c/harness.c and tests/c/helpers.c).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include "../c/helpers.h"

/* A world of our own: a private mount namespace with an empty /run. Real root only. */
static void private_run(void)
{
    if (geteuid() != 0 || h_in_userns)
        SKIP("named network namespaces need real root (as ip netns does)");
    if (access("/usr/sbin/ip", X_OK) != 0 && access("/sbin/ip", X_OK) != 0)
        SKIP("no ip(8) here (iproute2 not installed)");
    CHECK_SYS(unshare(CLONE_NEWNS));
    CHECK_SYS(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
    CHECK_SYS(mount("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755"));
}

/* Runs a shell command; its exit status, and its output (first 4 KiB) in out. */
static int sh(const char *cmd, char *out, size_t n)
{
    FILE *p = popen(cmd, "re");
    CHECK(p != NULL);
    size_t got = fread(out, 1, n - 1, p);
    out[got] = 0;
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static ino_t own_net(void)
{
    struct stat st;
    CHECK_SYS(stat("/proc/thread-self/ns/net", &st));
    return st.st_ino;
}

/* A namespace file opened by path, for the type check. */
static int rns_ns_open_path_for_test(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

/* rns_run_in_ns's function: the net namespace of the thread it runs on. */
static int thread_net(void *arg)
{
    *(ino_t *)arg = own_net();
    return 0;
}

/* How many mounts /proc/self/mountinfo has on /run/netns/NAME. */
static int mounts_of(const char *name)
{
    char line[1024], want[300];
    snprintf(want, sizeof want, " /run/netns/%s ", name);
    int n = 0;
    FILE *f = fopen("/proc/self/mountinfo", "re");
    CHECK(f != NULL);
    while (fgets(line, sizeof line, f))
        n += strstr(line, want) != NULL;
    fclose(f);
    return n;
}

/* Add, open, see it with ip, run ip inside it, delete: nothing left, our thread never moved. */
TEST(netns_add_open_delete, ANY)
{
    private_run();
    char out[4096];
    ino_t net = own_net();
    int fd = CHECK_OK(rns_netns_add("rns-a"));
    CHECK_CLOEXEC(fd);
    CHECK_EQ_INT(rns_ns_type(fd), RNS_CLONE_NEWNET);
    CHECK(fd_ino(fd) != net);
    CHECK_EQ_INT(own_net(), net);
    int fd2 = CHECK_OK(rns_netns_open("rns-a"));
    CHECK_EQ_INT(rns_ns_same(fd, fd2), 1);
    CHECK_EQ_INT(mounts_of("rns-a"), 1);
    CHECK_EQ_INT(sh("ip netns list", out, sizeof out), 0);
    CHECK(strstr(out, "rns-a") != NULL);
    CHECK_EQ_INT(sh("ip netns exec rns-a ip -o link show | cut -d: -f2 | tr -d ' \\n'", out, sizeof out), 0);
    CHECK_STR_EQ(out, "lo"); /* a new namespace has only loopback */
    CHECK_EQ_INT(sh("ip netns exec rns-a stat -L -c %i /proc/self/ns/net", out, sizeof out), 0);
    CHECK_EQ_INT(strtoull(out, NULL, 10), fd_ino(fd));
    CHECK_OK(rns_netns_delete("rns-a"));
    CHECK_ERR(rns_netns_open("rns-a"), -ENOENT);
    CHECK(access("/run/netns/rns-a", F_OK) != 0);
    CHECK_EQ_INT(mounts_of("rns-a"), 0);
    CHECK_EQ_INT(sh("ip netns list", out, sizeof out), 0);
    CHECK(strstr(out, "rns-a") == NULL);
    CHECK_EQ_INT(rns_ns_type(fd), RNS_CLONE_NEWNET); /* our fd still holds the namespace */
    CHECK_EQ_INT(own_net(), net);
    close(fd);
    close(fd2);
}

/* iproute2's namespace is ours to open and delete; ours is iproute2's to exec in and delete. */
TEST(netns_interop_with_ip, ANY)
{
    private_run();
    char out[4096];
    CHECK_EQ_INT(sh("ip netns add ipx 2>&1", out, sizeof out), 0);
    int fd = CHECK_OK(rns_netns_open("ipx"));
    CHECK_EQ_INT(sh("ip netns exec ipx stat -L -c %i /proc/self/ns/net", out, sizeof out), 0);
    CHECK_EQ_INT(strtoull(out, NULL, 10), fd_ino(fd));
    /* and we enter it: a function on a library thread sees it, our thread stays */
    ino_t seen = 0;
    int result = -1;
    CHECK_OK(rns_run_in_ns(fd, 0, thread_net, &seen, &result));
    CHECK_EQ_INT(seen, fd_ino(fd));
    CHECK(own_net() != fd_ino(fd));
    close(fd);
    CHECK_ERR(rns_netns_add("ipx"), -EEXIST);
    CHECK_OK(rns_netns_delete("ipx"));
    CHECK_EQ_INT(sh("ip netns list", out, sizeof out), 0);
    CHECK(strstr(out, "ipx") == NULL);

    fd = CHECK_OK(rns_netns_add("ry"));
    close(fd);
    CHECK_EQ_INT(sh("ip netns exec ry ip link set lo up && ip netns exec ry ip -o link show lo", out, sizeof out), 0);
    CHECK(strstr(out, "UP") != NULL);
    CHECK_EQ_INT(sh("ip netns del ry 2>&1", out, sizeof out), 0);
    CHECK(access("/run/netns/ry", F_OK) != 0);
    CHECK_EQ_INT(mounts_of("ry"), 0);
    CHECK_ERR(rns_netns_open("ry"), -ENOENT);
}

TEST(netns_names_and_errors, ANY)
{
    private_run();
    char long_name[300];
    memset(long_name, 'n', 256);
    long_name[256] = 0;
    const char *bad[] = { "", ".", "..", "a/b", "/x", long_name };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_ERR(rns_netns_add(bad[i]), -EINVAL);
        CHECK_ERR(rns_netns_delete(bad[i]), -EINVAL);
        CHECK_ERR(rns_netns_open(bad[i]), -EINVAL);
    }
    CHECK_ERR(rns_netns_add(NULL), -EFAULT);
    CHECK_ERR(rns_netns_delete(NULL), -EFAULT);
    CHECK_ERR(rns_netns_open(NULL), -EFAULT);
    CHECK_ERR(rns_netns_delete("missing"), -ENOENT);
    CHECK_ERR(rns_netns_open("missing"), -ENOENT);
    /* The same name twice: EEXIST, before any namespace is made, and the first is intact. */
    int fd = CHECK_OK(rns_netns_add("twice"));
    CHECK_ERR(rns_netns_add("twice"), -EEXIST);
    int fd2 = CHECK_OK(rns_netns_open("twice"));
    CHECK_EQ_INT(rns_ns_same(fd, fd2), 1);
    close(fd2);
    close(fd);
    CHECK_OK(rns_netns_delete("twice"));
    /* A stale placeholder (an interrupted create): not a namespace to open; delete removes it. */
    int ph = (int)CHECK_SYS(open("/run/netns/stale", O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0));
    close(ph);
    CHECK_ERR(rns_netns_open("stale"), -ENOENT);
    CHECK_OK(rns_netns_delete("stale"));
    CHECK(access("/run/netns/stale", F_OK) != 0);
    /* 255 bytes is a valid name. */
    long_name[255] = 0;
    fd = CHECK_OK(rns_netns_add(long_name));
    close(fd);
    CHECK_OK(rns_netns_delete(long_name));
}

/* 16 threads add and delete one name at once (and `ip netns add/del` beside them): at the end
 * the name is either a working namespace or absent; never a placeholder left, never a leaked
 * mount; no thread ever left its network namespace. */
#define RACE_THREADS 16
#define RACE_ROUNDS 50
static _Atomic int race_bad;
static ino_t race_net0;
static _Atomic int race_last_err;

static void *race_main(void *arg)
{
    long k = (long)arg;
    for (int i = 0; i < RACE_ROUNDS; i++) {
        int r;
        if ((i + k) % 2) {
            r = rns_netns_add("race");
            if (r >= 0)
                close(r);
            else if (r != -EEXIST && r != -ENOENT) { /* ENOENT: ip netns del took it meanwhile */
                atomic_fetch_add(&race_bad, 1);
                atomic_store(&race_last_err, r);
            }
        } else {
            r = rns_netns_delete("race");
            if (r != 0 && r != -ENOENT) {
                atomic_fetch_add(&race_bad, 1);
                atomic_store(&race_last_err, r - 10000);
            }
        }
        struct stat st;
        if (stat("/proc/thread-self/ns/net", &st) != 0 || st.st_ino != race_net0)
            atomic_fetch_add(&race_bad, 1000);
    }
    return NULL;
}

TEST(netns_race_one_name, ANY)
{
    private_run();
    char out[4096];
    race_net0 = own_net();
    pthread_t th[RACE_THREADS];
    pid_t ip = (pid_t)CHECK_SYS(h_fork());
    if (ip == 0) {
        for (int i = 0; i < 20; i++) {
            if (system(i % 2 ? "ip netns add race 2>/dev/null" : "ip netns del race 2>/dev/null") < 0)
                _exit(1);
        }
        _exit(0);
    }
    for (long k = 0; k < RACE_THREADS; k++)
        CHECK_EQ_INT(pthread_create(&th[k], NULL, race_main, (void *)k), 0);
    for (int k = 0; k < RACE_THREADS; k++)
        pthread_join(th[k], NULL);
    int st;
    CHECK_SYS(waitpid(ip, &st, 0));
    if (atomic_load(&race_bad))
        FAIL("%d unexpected results, the last %d", atomic_load(&race_bad), atomic_load(&race_last_err));
    int fd = rns_netns_open("race");
    if (fd >= 0) {
        CHECK_EQ_INT(rns_ns_type(fd), RNS_CLONE_NEWNET);
        CHECK_EQ_INT(mounts_of("race"), 1);
        CHECK_EQ_INT(sh("ip netns exec race true", out, sizeof out), 0);
        close(fd);
        CHECK_OK(rns_netns_delete("race"));
    } else {
        CHECK_ERR(fd, -ENOENT);
        CHECK(access("/run/netns/race", F_OK) != 0); /* no stale placeholder */
    }
    CHECK_EQ_INT(mounts_of("race"), 0);
    CHECK(access("/run/netns/race", F_OK) != 0);
}

/* Persisting a namespace of another type to a file, as unshare --uts=FILE does: it outlives
 * its process, can be joined by path, and is undone; the checks that keep anything else safe. */
TEST(ns_persist_and_unpersist, ANY)
{
    private_run();
    char out[256];
    /* A child in a new UTS namespace with its own hostname, then gone. */
    pid_t pid = (pid_t)CHECK_SYS(h_fork());
    if (pid == 0) {
        if (unshare(CLONE_NEWUTS) != 0 || sethostname("rns-kept", 8) != 0)
            _exit(1);
        pause();
        _exit(0);
    }
    char p[64];
    int fd = -1;
    for (int i = 0; i < 500 && fd < 0; i++) {
        snprintf(p, sizeof p, "/proc/%d/ns/uts", (int)pid);
        struct stat a, b;
        if (stat(p, &a) == 0 && stat("/proc/self/ns/uts", &b) == 0 && a.st_ino != b.st_ino)
            fd = open(p, O_RDONLY | O_CLOEXEC);
        else
            usleep(2000);
    }
    CHECK(fd >= 0);
    CHECK_OK(rns_ns_persist(fd, "/run/rns-uts"));
    CHECK_ERR(rns_ns_persist(fd, "/run/rns-uts"), -EEXIST);
    close(fd);
    kill(pid, SIGKILL);
    CHECK_SYS(waitpid(pid, NULL, 0));
    /* The process is gone; the namespace is not: a process joins it by path. */
    CHECK_EQ_INT(sh("nsenter --uts=/run/rns-uts hostname", out, sizeof out), 0);
    CHECK_STR_EQ(out, "rns-kept\n");
    int kept = CHECK_OK(rns_ns_open_path_for_test("/run/rns-uts"));
    CHECK_EQ_INT(rns_ns_type(kept), RNS_CLONE_NEWUTS);
    close(kept);
    CHECK_OK(rns_ns_unpersist("/run/rns-uts"));
    CHECK(access("/run/rns-uts", F_OK) != 0);
    CHECK_ERR(rns_ns_unpersist("/run/rns-uts"), -ENOENT);
    /* Refused, nothing made or removed: a file that is not a namespace, a non-namespace fd. */
    int plain = (int)CHECK_SYS(open("/run/plain", O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    CHECK_ERR(rns_ns_unpersist("/run/plain"), -EINVAL);
    CHECK_SYS(access("/run/plain", F_OK));
    CHECK_ERR(rns_ns_persist(plain, "/run/other"), -EINVAL);
    CHECK(access("/run/other", F_OK) != 0);
    close(plain);
    CHECK_ERR(rns_ns_persist(-1, "/run/other"), -EBADF);
    CHECK_ERR(rns_ns_persist(0, NULL), -EFAULT);
    CHECK_ERR(rns_ns_unpersist(NULL), -EFAULT);
}

/* As pid 1 of a new pid namespace, /proc still the parent's: the namespace bound is the one
 * the library's thread made (found through /proc/thread-self or its pidfd, never by a tid that
 * this /proc gives to another thread), and ip netns sees it. */
TEST(netns_add_foreign_proc, ANY)
{
    private_run();
    char out[256];
    /* an outer child makes the pid namespace, so this process can still fork afterwards */
    pid_t pid = (pid_t)CHECK_SYS(h_fork());
    if (pid == 0) {
        if (unshare(CLONE_NEWPID) != 0)
            _exit(3);
        pid_t init = fork();
        if (init != 0) {
            int ist = 0;
            _exit(init < 0 || waitpid(init, &ist, 0) < 0 ? 4 : WIFEXITED(ist) ? WEXITSTATUS(ist) : 5);
        }
        int fd = rns_netns_add("fp");
        if (fd < 0) {
            printf("rns_netns_add as pid %d: %s\n", (int)getpid(), h_errname(fd));
            _exit(1);
        }
        struct stat st;
        if (fstat(fd, &st) != 0 || own_net() == st.st_ino || rns_ns_type(fd) != RNS_CLONE_NEWNET)
            _exit(2);
        _exit(0);
    }
    int st;
    CHECK_SYS(waitpid(pid, &st, 0));
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    int fd = CHECK_OK(rns_netns_open("fp"));
    CHECK_EQ_INT(rns_ns_type(fd), RNS_CLONE_NEWNET);
    CHECK_EQ_INT(sh("ip netns exec fp stat -L -c %i /proc/self/ns/net", out, sizeof out), 0);
    CHECK_EQ_INT(strtoull(out, NULL, 10), fd_ino(fd));
    close(fd);
    CHECK_OK(rns_netns_delete("fp"));
}

int main(int argc, char **argv)
{
    return h_main(argc, argv);
}
