/*
 * seccomp.h - sandboxes that make the kernel answer as an older kernel or a
 * container profile would, for the tests of librns's fallbacks.
 *
 *   SB_NOPIDFD       pidfd_open, pidfd_send_signal, pidfd_getfd and clone3 give
 *                    ENOSYS (a kernel before 5.3, an older valgrind, a container
 *                    profile that hides them).
 *   SB_NO_NS_IOCTL   the pidfd namespace ioctls PIDFD_GET_*_NAMESPACE give ENOTTY
 *                    (a kernel before 6.11).
 *   SB_OLD_SETNS     setns with more than one type bit, or with CLONE_NEWUTS, gives
 *                    EINVAL: what a kernel before 5.8 answers to setns on a pidfd.
 *                    Single-type setns on a namespace file of another type still
 *                    works, so tests that use it avoid the UTS namespace.
 *   SB_NO_KCMP       kcmp gives ENOSYS (a kernel without CONFIG_KCMP, or a
 *                    container profile that allows it only with CAP_SYS_PTRACE).
 *   SB_NO_NS_ID      the nsfs ioctl NS_GET_ID gives ENOTTY (a kernel before 6.18).
 *   SB_NO_MNTNS_ID   the nsfs ioctl NS_GET_MNTNS_ID gives ENOTTY (a kernel before
 *                    6.11); with SB_NO_NS_ID, a kernel with neither id.
 *   SB_NO_WAITID_PIDFD  waitid with P_PIDFD gives EINVAL (a kernel before 5.4).
 *   SB_NO_PIDFD_INFO    the PIDFD_GET_INFO ioctl gives ENOTTY (a kernel before 6.11;
 *                    6.11 and 6.12 say EINVAL).
 *   SB_NO_CLOSE_RANGE   close_range gives ENOSYS (a kernel before 5.9; 5.9 and 5.10
 *                    refuse CLOSE_RANGE_CLOEXEC with EINVAL).
 *   SB_LOST_REPORT   a write of exactly 12 bytes (a spawn child's report record) gives
 *                    EIO: an intermediate child that dies after its fork, before it
 *                    names the program (not an older kernel: a fault to inject).
 *   SB_DENY_SETRESUID, SB_DENY_SETRESGID  setresuid / setresgid give EPERM (faults to
 *                    inject in a privilege drop).
 *   SB_NO_PIDFD_SELF pidfd_send_signal and pidfd_getfd on PIDFD_SELF_THREAD (-10000) or
 *                    PIDFD_SELF_THREAD_GROUP (-10001) give EBADF, as a kernel before 6.15
 *                    answers a negative fd.
 *   SB_NO_PIDNS_XLATE  the nsfs ioctls NS_GET_PID_FROM_PIDNS, NS_GET_TGID_FROM_PIDNS,
 *                    NS_GET_PID_IN_PIDNS, NS_GET_TGID_IN_PIDNS give ENOTTY (a kernel
 *                    before 6.9).
 *   SB_NO_NSFS_HANDLE  open_by_handle_at on FD_NSFS_ROOT (-10003) gives EBADF, as a kernel
 *                    before 6.18 answers a negative fd it does not know.
 *
 * sb_install() applies the filter to every thread of the calling process
 * (SECCOMP_FILTER_FLAG_TSYNC) and to every child; it sets no_new_privs first,
 * so it needs no privilege. Returns 0, or -errno.
 */
#ifndef RNS_TEST_SECCOMP_H
#define RNS_TEST_SECCOMP_H

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define SB_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define SB_ARCH AUDIT_ARCH_AARCH64
#else
#error "seccomp.h: add this architecture's AUDIT_ARCH"
#endif

enum {
    SB_NOPIDFD = 1,
    SB_NO_NS_IOCTL = 2,
    SB_OLD_SETNS = 4,
    SB_NO_KCMP = 8,
    SB_NO_NS_ID = 16,
    SB_NO_MNTNS_ID = 32,
    SB_NO_WAITID_PIDFD = 64,
    SB_NO_PIDFD_INFO = 128,
    SB_NO_CLOSE_RANGE = 256,
    SB_LOST_REPORT = 512,
    SB_DENY_SETRESUID = 1024,
    SB_DENY_SETRESGID = 2048,
    SB_NO_PIDFD_SELF = 4096,
    SB_NO_PIDNS_XLATE = 8192,
    SB_NO_NSFS_HANDLE = 16384,
};

/* _IOR(0xb7, 13, __u64) and _IOR(0xb7, 5, __u64), as x86-64 and arm64 encode them. */
#define SB_NS_GET_ID 0x8008b70du
#define SB_NS_GET_MNTNS_ID 0x8008b705u

/* The low 32 bits of syscall argument i (little-endian). */
#define SB_ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))

static inline int sb_install(int modes)
{
    struct sock_filter f[128];
    unsigned n = 0;
#define SB(x) (f[n++] = (struct sock_filter)x)
    /* Syscall sys answers -err. */
#define SB_DENY(sys, err)                                                                    \
    do {                                                                                    \
        SB(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)(sys), 0, 1));                      \
        SB(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (err)));                           \
    } while (0)
    /* Syscall sys with the low 32 bits of argument i equal to val answers -err; the
     * accumulator is reloaded with the syscall number for the tests that follow. */
#define SB_DENY_ARG(sys, i, val, err)                                                        \
    do {                                                                                    \
        SB(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)(sys), 0, 4));                      \
        SB(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SB_ARG_LO(i)));                               \
        SB(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)(val), 0, 1));                     \
        SB(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (err)));                           \
        SB(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));          \
    } while (0)
    SB(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)));
    SB(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SB_ARCH, 1, 0));
    SB(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    SB(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
    if (modes & SB_NOPIDFD) {
        static const long hidden[] = { SYS_pidfd_open, SYS_pidfd_send_signal, SYS_pidfd_getfd,
                                       SYS_clone3 };
        for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
            SB_DENY(hidden[i], ENOSYS);
    }
    if (modes & SB_NO_KCMP)
        SB_DENY(SYS_kcmp, ENOSYS);
    if (modes & SB_NO_NS_IOCTL) {
        /* ioctl(fd, 0xFF01 .. 0xFF0A): PIDFD_GET_CGROUP_NAMESPACE .. _UTS_ */
        SB(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ioctl, 0, 4));
        SB(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SB_ARG_LO(1)));
        SB(BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0xFF01, 0, 2));
        SB(BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0xFF0A, 1, 0));
        SB(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOTTY));
        SB(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
    }
    if (modes & (SB_NO_NS_ID | SB_NO_MNTNS_ID)) {
        /* ioctl(fd, NS_GET_ID or NS_GET_MNTNS_ID): ENOTTY, as nsfs answers a request it
         * does not know. A mode left out jumps over its test to the reload. */
        unsigned id = (modes & SB_NO_NS_ID) ? SB_NS_GET_ID : SB_NS_GET_MNTNS_ID;
        unsigned mntns = (modes & SB_NO_MNTNS_ID) ? SB_NS_GET_MNTNS_ID : SB_NS_GET_ID;
        SB(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ioctl, 0, 4));
        SB(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SB_ARG_LO(1)));
        SB(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, id, 1, 0));
        SB(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, mntns, 0, 1));
        SB(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOTTY));
        SB(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
    }
    if (modes & SB_OLD_SETNS) {
        /* flags & (flags - 1) != 0 (several bits), or flags == CLONE_NEWUTS: EINVAL */
        SB(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_setns, 0, 9));
        SB(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SB_ARG_LO(1)));
        SB(BPF_STMT(BPF_MISC | BPF_TAX, 0));
        SB(BPF_STMT(BPF_ALU | BPF_SUB | BPF_K, 1));
        SB(BPF_STMT(BPF_ALU | BPF_AND | BPF_X, 0));
        SB(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0));
        SB(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EINVAL));
        SB(BPF_STMT(BPF_MISC | BPF_TXA, 0));
        SB(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, CLONE_NEWUTS, 0, 1));
        SB(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EINVAL));
        SB(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
    }
    if (modes & SB_DENY_SETRESUID)
        SB_DENY(SYS_setresuid, EPERM);
    if (modes & SB_DENY_SETRESGID)
        SB_DENY(SYS_setresgid, EPERM);
    if (modes & SB_LOST_REPORT)
        SB_DENY_ARG(SYS_write, 2, 12, EIO);
    if (modes & SB_NO_WAITID_PIDFD)
        SB_DENY_ARG(SYS_waitid, 0, 3 /* P_PIDFD */, EINVAL);
    if (modes & SB_NO_PIDFD_INFO)
        SB_DENY_ARG(SYS_ioctl, 1, 0xC040FF0B /* PIDFD_GET_INFO */, ENOTTY);
    if (modes & SB_NO_CLOSE_RANGE)
        SB_DENY(SYS_close_range, ENOSYS);
    if (modes & SB_NO_PIDFD_SELF) {
        SB_DENY_ARG(SYS_pidfd_send_signal, 0, -10000, EBADF);
        SB_DENY_ARG(SYS_pidfd_send_signal, 0, -10001, EBADF);
        SB_DENY_ARG(SYS_pidfd_getfd, 0, -10000, EBADF);
        SB_DENY_ARG(SYS_pidfd_getfd, 0, -10001, EBADF);
    }
    if (modes & SB_NO_PIDNS_XLATE) {
        /* ioctl(fd, _IOR(0xb7, 6 .. 9, int)) */
        for (unsigned nr = 6; nr <= 9; nr++)
            SB_DENY_ARG(SYS_ioctl, 1, 0x8004b700u | nr, ENOTTY);
    }
    if (modes & SB_NO_NSFS_HANDLE)
        SB_DENY_ARG(SYS_open_by_handle_at, 0, -10003, EBADF);
    SB(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
#undef SB
#undef SB_DENY
#undef SB_DENY_ARG
    struct sock_fprog prog = { .len = (unsigned short)n, .filter = f };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return -errno;
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog) != 0)
        return -errno;
    return 0;
}

#endif
