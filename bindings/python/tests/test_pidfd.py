"""Lib/test/test_posix.py PidfdTests, against os and librns."""

import errno
import fcntl
import os
import select

import pytest


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
