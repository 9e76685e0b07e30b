"""Lib/test/test_posix.py PidfdTests, against os and librns."""

import errno
import fcntl
import os
import select

import pytest


pytestmark = pytest.mark.pidfd  # every case opens or waits on pidfds


def test_pidfd_open(mod):
    with pytest.raises(OSError) as cm:
        mod.pidfd_open(-1)
    assert cm.value.errno == errno.EINVAL
    fd = mod.pidfd_open(os.getpid(), 0)
    try:
        assert fcntl.fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC
    finally:
        os.close(fd)


def test_pidfd_open_errors(mod):
    with pytest.raises(ProcessLookupError):
        mod.pidfd_open(2**30)
    with pytest.raises(ValueError):
        mod.pidfd_open(1, -1)
    with pytest.raises(OverflowError):
        mod.pidfd_open(1, 2**32)


def test_pidfd_poll_exit(mod):
    pid = os.fork()
    if pid == 0:
        os._exit(7)
    fd = mod.pidfd_open(pid)
    try:
        assert select.select([fd], [], [], 10)[0] == [fd]
    finally:
        os.close(fd)
        _, st = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(st) == 7


# --- pidfd_wait against os.waitid(os.P_PIDFD, ...) -------------------------------------------

import ctypes
import resource
import signal
import sys
import time

import librns
from conftest import in_child
from pidfd_helpers import exited, forked

WAITS = {
    "os": lambda fd, options=os.WEXITED: os.waitid(os.P_PIDFD, fd, options),
    "librns": librns.pidfd_wait,
}


@pytest.fixture(params=list(WAITS))
def waitid(request):
    """os.waitid(P_PIDFD, ...) or librns.pidfd_wait, run on the same cases."""
    return WAITS[request.param]


def test_waitid_exec(waitid):
    # test_posix.test_waitid, with P_PIDFD: a child that execs Python, waited for.
    pid = os.fork()
    if pid == 0:
        os.execv(sys.executable, [sys.executable, "-c", "pass"])
    fd = os.pidfd_open(pid)
    try:
        res = waitid(fd)
    finally:
        os.close(fd)
    assert pid == res.si_pid


def test_waitid_result(waitid):
    with forked(code=7, sleep=0.3) as (pid, fd):
        assert waitid(fd, os.WEXITED | os.WNOHANG) is None  # still running
        res = waitid(fd)
        assert isinstance(res, os.waitid_result)
        assert res == (pid, os.getuid(), signal.SIGCHLD, 7, os.CLD_EXITED)
        assert type(res.si_signo) is int
        with pytest.raises(ChildProcessError):  # reaped
            waitid(fd)
        with pytest.raises(ChildProcessError):
            waitid(fd, os.WEXITED | os.WNOHANG)


def test_waitid_killed_nowait(waitid):
    with forked(sleep=30) as (pid, fd):
        os.kill(pid, signal.SIGKILL)
        exited(fd)
        peek = waitid(fd, os.WEXITED | os.WNOWAIT)  # reported, not reaped
        assert peek == (pid, os.getuid(), signal.SIGCHLD, signal.SIGKILL, os.CLD_KILLED)
        assert waitid(fd) == peek
        with pytest.raises(ChildProcessError):
            waitid(fd)


def test_waitid_stopped_continued(waitid):
    with forked(sleep=30) as (pid, fd):
        os.kill(pid, signal.SIGSTOP)
        res = waitid(fd, os.WSTOPPED)
        assert (res.si_pid, res.si_status, res.si_code) == (pid, signal.SIGSTOP, os.CLD_STOPPED)
        os.kill(pid, signal.SIGCONT)
        res = waitid(fd, os.WCONTINUED)
        assert (res.si_pid, res.si_status, res.si_code) == (pid, signal.SIGCONT, os.CLD_CONTINUED)


def test_waitid_errors(waitid):
    with forked(sleep=30) as (pid, fd):
        with pytest.raises(OSError) as e:
            waitid(fd, 0)  # none of WEXITED, WSTOPPED, WCONTINUED
        assert e.value.errno == errno.EINVAL
        with pytest.raises(OSError) as e:
            waitid(fd, os.WEXITED | 0x40000)  # an unknown bit
        assert e.value.errno == errno.EINVAL
        nb = os.pidfd_open(pid, os.PIDFD_NONBLOCK if hasattr(os, "PIDFD_NONBLOCK") else 2048)
        try:
            with pytest.raises(BlockingIOError):  # PIDFD_NONBLOCK, nothing yet
                waitid(nb)
        finally:
            os.close(nb)
    mine = os.pidfd_open(os.getpid())
    try:
        with pytest.raises(ChildProcessError):  # not a child of the caller
            waitid(mine)
    finally:
        os.close(mine)
    with open("/dev/null", "rb") as f:
        with pytest.raises(OSError) as e:
            waitid(f.fileno())
        # Not a pidfd: the kernel's P_PIDFD says EBADF; librns says EINVAL on every kernel
        # (include/rns.h: one errno whether waitid takes P_PIDFD or librns falls back to P_PID).
        assert e.value.errno == (errno.EBADF if waitid is WAITS["os"] else errno.EINVAL)
    with pytest.raises(OSError) as e:
        waitid(mine)  # closed
    assert e.value.errno == errno.EBADF
    with pytest.raises(TypeError):
        waitid("3")
    with pytest.raises(OverflowError):
        waitid(2**31)


def _handler_run(waitid, raises):
    """A SIGALRM handler runs while waitid waits: PEP 475 resumes the wait unless it raises."""
    seen = []

    def handler(signum, frame):
        seen.append(signum)
        if raises:
            raise InterruptedError("from the handler")

    def child():
        signal.signal(signal.SIGALRM, handler)
        with forked(code=3, sleep=0.4) as (pid, fd):
            signal.setitimer(signal.ITIMER_REAL, 0.1)
            if raises:
                with pytest.raises(InterruptedError, match="from the handler"):
                    waitid(fd)
            else:
                assert waitid(fd).si_status == 3
            assert seen == [signal.SIGALRM]

    in_child(child)


def test_waitid_eintr_retried(waitid):
    _handler_run(waitid, raises=False)


def test_waitid_eintr_handler_raises(waitid):
    _handler_run(waitid, raises=True)


def test_wait_constants():
    for name in ("WEXITED", "WSTOPPED", "WCONTINUED", "WNOHANG", "WNOWAIT"):
        assert getattr(librns, name) == getattr(os, name) == librns.constants[name], name


# --- pidfd_wait_rusage ----------------------------------------------------------------------

def test_wait_rusage_initialized():
    # test_wait3.test_wait3_rusage_initialized: nothing to report -> None and an all-zero
    # rusage (no uninitialized memory).
    with forked(sleep=30) as (pid, fd):
        res, usage = librns.pidfd_wait_rusage(fd, os.WEXITED | os.WNOHANG)
        assert res is None
        assert isinstance(usage, resource.struct_rusage) and sum(usage) == 0


def _burn():
    end = time.process_time() + 0.2
    while time.process_time() < end:
        pass


def test_wait_rusage_is_the_childs():
    # test_wait4-like: the child's usage, equal to what RUSAGE_CHILDREN grows by when it is
    # reaped (the same kernel numbers, as os.wait4 reports them).
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with forked(code=4, fn=_burn) as (pid, fd):
        exited(fd)
        res, usage = librns.pidfd_wait_rusage(fd)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert res == (pid, os.getuid(), signal.SIGCHLD, 4, os.CLD_EXITED)
    assert usage.ru_utime + usage.ru_stime >= 0.15
    for field in ("ru_utime", "ru_stime"):
        delta = getattr(after, field) - getattr(before, field)
        assert abs(getattr(usage, field) - delta) < 2e-6, field
    for field in ("ru_minflt", "ru_majflt", "ru_inblock", "ru_oublock", "ru_nvcsw", "ru_nivcsw"):
        assert getattr(usage, field) == getattr(after, field) - getattr(before, field), field
    assert 0 < usage.ru_maxrss <= after.ru_maxrss
    assert (usage.ru_ixrss, usage.ru_nswap, usage.ru_msgsnd, usage.ru_nsignals) == (0, 0, 0, 0)


def test_wait_rusage_errors():
    mine = os.pidfd_open(os.getpid())
    try:
        with pytest.raises(ChildProcessError):
            librns.pidfd_wait_rusage(mine)
        with pytest.raises(OSError) as e:
            librns.pidfd_wait_rusage(mine, 0)
        assert e.value.errno == errno.EINVAL
    finally:
        os.close(mine)


# --- pidfd_send_signal against signal.pidfd_send_signal -------------------------------------

SENDS = {"signal": signal.pidfd_send_signal, "librns": librns.pidfd_send_signal}


@pytest.fixture(params=list(SENDS))
def send(request):
    """signal.pidfd_send_signal or librns.pidfd_send_signal, run on the same cases."""
    return SENDS[request.param]


def test_pidfd_send_signal_cpython(send):
    # test_signal.PidfdSignalTest.test_pidfd_send_signal: EBADF for fd 0, a /proc/PID
    # directory fd accepted as a pidfd, a siginfo CPython refuses, SIGINT to itself.
    with pytest.raises(OSError) as cm:
        send(0, signal.SIGINT)
    assert cm.value.errno == errno.EBADF

    def child():
        my_pidfd = os.open(f"/proc/{os.getpid()}", os.O_DIRECTORY | os.O_CLOEXEC)
        with pytest.raises(TypeError, match="^siginfo must be None"):
            send(my_pidfd, signal.SIGINT, object(), 0)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        with pytest.raises(KeyboardInterrupt):
            send(my_pidfd, signal.SIGINT)
            time.sleep(5)  # the signal is handled at the latest here

    in_child(child)


def test_pidfd_send_signal_kills(send):
    with forked(sleep=30) as (pid, fd):
        send(fd, 0)  # the check only
        send(fd, signal.SIGTERM)
        assert os.waitid(os.P_PIDFD, fd, os.WEXITED).si_status == signal.SIGTERM
        with pytest.raises(ProcessLookupError):  # reaped
            send(fd, 0)


def test_pidfd_send_signal_errors(send):
    fd = os.pidfd_open(os.getpid())
    try:
        for args in ((fd, -1), (fd, 0, None, -1), (fd, 0, None, 8)):  # bad signal, flags
            with pytest.raises(OSError) as e:
                send(*args)
            assert e.value.errno == errno.EINVAL, args
        for args in (("x", 0), (fd, 0.0), (fd, 0, None, 1.0)):
            with pytest.raises(TypeError):
                send(*args)
        for args in ((2**31, 0), (fd, 2**31), (fd, 0, None, 2**32)):
            with pytest.raises(OverflowError):
                send(*args)
        with pytest.raises(OSError) as e:
            send(-1, 0)
        assert e.value.errno == errno.EBADF
    finally:
        os.close(fd)


def test_pidfd_send_siginfo_value():
    # si_code, si_value, si_pid and si_uid as the receiver's sigwaitinfo sees them, sent
    # through pidfd_send_signal(..., SigInfo(...)) and through pidfd_send_siginfo. Read with
    # libc's sigwaitinfo: signal.struct_siginfo has no si_value.
    sig = signal.SIGRTMIN + 1
    r, w = os.pipe()
    ready_r, ready_w = os.pipe()

    def receive():
        libc = ctypes.CDLL(None)
        signal.pthread_sigmask(signal.SIG_BLOCK, [sig])
        mask = (ctypes.c_ulong * 16)()
        libc.sigemptyset(mask)
        libc.sigaddset(mask, sig)
        info = (ctypes.c_int * 32)()  # siginfo_t, 128 bytes
        os.write(ready_w, b"x")
        for _ in range(2):
            assert libc.sigwaitinfo(mask, info) == sig
            os.write(w, bytes(info)[:28])

    with forked(fn=receive) as (pid, fd):
        assert os.read(ready_r, 1) == b"x"
        librns.pidfd_send_signal(fd, sig, librns.SigInfo(librns.SI_QUEUE, 1234))
        librns.pidfd_send_siginfo(fd, sig, -42, -7)
        got = [tuple((ctypes.c_int * 7).from_buffer_copy(os.read(r, 28))) for _ in range(2)]
        assert os.waitid(os.P_PIDFD, fd, os.WEXITED).si_status == 0
    for f in (r, w, ready_r, ready_w):
        os.close(f)
    # siginfo_t on Linux (64-bit): signo, errno, code, padding, pid, uid, sival_int
    for g, (code, value) in zip(got, ((librns.SI_QUEUE, 1234), (-42, -7))):
        assert (g[0], g[2], g[4], g[5], g[6]) == (sig, code, os.getpid(), os.getuid(), value)


def test_pidfd_send_siginfo_errors():
    with forked(sleep=30) as (pid, fd):
        with pytest.raises(PermissionError):  # code >= 0: only to the caller itself
            librns.pidfd_send_siginfo(fd, signal.SIGUSR1, 0)
        # The difference kept: CPython refuses every siginfo but None; librns sends it.
        with pytest.raises(TypeError, match="^siginfo must be None$"):
            signal.pidfd_send_signal(fd, 0, librns.SigInfo())
        librns.pidfd_send_signal(fd, 0, librns.SigInfo())
        librns.pidfd_send_signal(fd, 0, (librns.SI_QUEUE, 5))
        with pytest.raises(TypeError, match="siginfo must be None or a SigInfo"):
            librns.pidfd_send_signal(fd, 0, object())
        with pytest.raises(OSError) as e:
            librns.pidfd_send_siginfo(fd, 0, librns.SI_QUEUE, 0, 8)
        assert e.value.errno == errno.EINVAL
        with pytest.raises(OverflowError):
            librns.pidfd_send_siginfo(fd, 0, librns.SI_QUEUE, 2**31)
        os.kill(pid, signal.SIGKILL)
        os.waitid(os.P_PIDFD, fd, os.WEXITED)
        with pytest.raises(ProcessLookupError):  # reaped
            librns.pidfd_send_siginfo(fd, 0, librns.SI_QUEUE)


# --- pidfd_getfd, pidfd_getpid, pidfd_info, pidfd_ns_open -----------------------------------

def test_pidfd_getfd():
    # A pipe's write end, open in the child at fd `target`: duplicated into us and written.
    r, w = os.pipe()
    with forked(sleep=30) as (pid, fd):
        got = librns.pidfd_getfd(fd, w)
        try:
            assert fcntl.fcntl(got, fcntl.F_GETFD) & fcntl.FD_CLOEXEC
            assert os.fstat(got).st_ino == os.fstat(w).st_ino
            os.close(w)
            os.write(got, b"through the child's fd")
        finally:
            os.close(got)
        assert os.read(r, 100) == b"through the child's fd"
        with pytest.raises(OSError) as e:
            librns.pidfd_getfd(fd, 999)  # not open in the child
        assert e.value.errno == errno.EBADF
        with pytest.raises(OSError) as e:
            librns.pidfd_getfd(fd, 0, 1)
        assert e.value.errno == errno.EINVAL
        with pytest.raises(ValueError):
            librns.pidfd_getfd(fd, 0, -1)
    os.close(r)
    with pytest.raises(OSError) as e:
        librns.pidfd_getfd(librns.PIDFD_SELF_THREAD_GROUP, 0)  # passed on; Linux 6.18: EBADF
    assert e.value.errno == errno.EBADF


def test_pidfd_getfd_not_permitted():
    # No ptrace access to a process of another user (uid 65534 to pid 1), or as root to
    # nothing: pid 1 is then permitted, so it is only checked unprivileged.
    if os.getuid() == 0:
        pytest.skip("root has ptrace access to every process (checked as uid 65534)")
    fd = os.pidfd_open(1)
    try:
        with pytest.raises(PermissionError):
            librns.pidfd_getfd(fd, 0)
    finally:
        os.close(fd)


def test_pidfd_getpid():
    with forked(code=0, sleep=30) as (pid, fd):
        assert librns.pidfd_getpid(fd) == pid
        os.kill(pid, signal.SIGKILL)
        exited(fd)
        assert librns.pidfd_getpid(fd) == pid  # a zombie keeps its pid
        os.waitid(os.P_PIDFD, fd, os.WEXITED)
        with pytest.raises(ProcessLookupError):
            librns.pidfd_getpid(fd)
    with pytest.raises(OSError) as e:
        librns.pidfd_getpid(fd)  # closed by now
    assert e.value.errno == errno.EBADF
    with open("/dev/null", "rb") as f:
        with pytest.raises(OSError) as e:
            librns.pidfd_getpid(f)  # any object with fileno()
        assert e.value.errno == errno.EINVAL
    with pytest.raises(OSError) as e:
        librns.pidfd_getpid(librns.PIDFD_SELF_THREAD)  # not an fd
    assert e.value.errno == errno.EBADF


def _cgroup_id():
    """The inode of this process's cgroup v2 directory (its cgroup id), or None."""
    for line in open("/proc/self/cgroup"):
        if line.startswith("0::"):
            path = "/sys/fs/cgroup" + line[3:].strip()
            return os.stat(path).st_ino if os.path.isdir(path) else None
    return None


def test_pidfd_info_self():
    fd = os.pidfd_open(os.getpid())
    try:
        info = librns.pidfd_info(fd)
    finally:
        os.close(fd)
    assert isinstance(info, librns.ProcessInfo)
    assert info.mask & (librns.PIDFD_INFO_PID | librns.PIDFD_INFO_CREDS) == 3
    assert (info.pid, info.tgid, info.ppid) == (os.getpid(), os.getpid(), os.getppid())
    assert (info.ruid, info.euid, info.suid, info.fsuid) == os.getresuid() + (os.geteuid(),)
    assert (info.rgid, info.egid, info.sgid, info.fsgid) == os.getresgid() + (os.getegid(),)
    assert info.exit_kind is None and info.returncode is None  # running
    want = _cgroup_id()
    if info.mask & librns.PIDFD_INFO_CGROUPID and want is not None:
        assert info.cgroupid == want
    with pytest.raises(Exception):
        info.pid = 1  # frozen


def test_pidfd_info_exit():
    # How a reaped child ended (Linux 6.15); before, ESRCH (include/rns.h).
    with forked(sleep=30) as (pid, fd):
        os.kill(pid, signal.SIGTERM)
        os.waitid(os.P_PIDFD, fd, os.WEXITED)
        try:
            info = librns.pidfd_info_mask(fd, librns.PIDFD_INFO_EXIT)
        except ProcessLookupError:
            pytest.skip("the kernel keeps no exit status for a reaped process (Linux < 6.15)")
        assert info.mask == librns.PIDFD_INFO_EXIT and info.pid is None
        assert (info.exit_kind, info.exit_code, info.returncode) == (librns.WAIT_KILLED, signal.SIGTERM, -signal.SIGTERM)
        assert librns.pidfd_info(fd).returncode == -signal.SIGTERM
        with pytest.raises(ProcessLookupError):  # only the exit is left
            librns.pidfd_info_mask(fd, librns.PIDFD_INFO_PID)


def test_pidfd_info_mask_errors():
    fd = os.pidfd_open(os.getpid())
    try:
        info = librns.pidfd_info_mask(fd, librns.PIDFD_INFO_PID)
        assert info.mask == librns.PIDFD_INFO_PID and info.pid == os.getpid() and info.ruid is None
        for mask in (0, 1 << 40):
            with pytest.raises(OSError) as e:
                librns.pidfd_info_mask(fd, mask)
            assert e.value.errno == errno.EINVAL
        with pytest.raises(OverflowError):
            librns.pidfd_info_mask(fd, -1)
        with pytest.raises(TypeError):
            librns.pidfd_info_mask(fd, "1")
    finally:
        os.close(fd)
    with pytest.raises(OSError) as e:
        librns.pidfd_info(fd)
    assert e.value.errno == errno.EBADF
    with open("/dev/null", "rb") as f:
        with pytest.raises(OSError) as e:
            librns.pidfd_info(f.fileno())
        assert e.value.errno == errno.EINVAL


def test_pidfd_ns_open():
    with forked(sleep=30) as (pid, fd):
        for nstype, name in ((librns.CLONE_NEWUTS, "uts"), (librns.CLONE_NEWNET, "net"),
                             (librns.CLONE_NEWPID, "pid")):
            try:
                ns = librns.pidfd_ns_open(fd, nstype)
            except PermissionError as e:
                pytest.skip(f"pidfd_ns_open: {e}")
            try:
                assert fcntl.fcntl(ns, fcntl.F_GETFD) & fcntl.FD_CLOEXEC
                assert os.fstat(ns).st_ino == os.stat(f"/proc/{pid}/ns/{name}").st_ino
            finally:
                os.close(ns)
        for bad in (0, librns.CLONE_NEWUTS | librns.CLONE_NEWNET):
            with pytest.raises(OSError) as e:
                librns.pidfd_ns_open(fd, bad)
            assert e.value.errno == errno.EINVAL
        os.kill(pid, signal.SIGKILL)
        os.waitid(os.P_PIDFD, fd, os.WEXITED)
        with pytest.raises(ProcessLookupError):
            librns.pidfd_ns_open(fd, librns.CLONE_NEWUTS)
