"""librns.Waiter (rns_waiter_*): ExitEvents read from its nonblocking fd, watched by select
and by an asyncio loop; WAITER_NOREAP; the errors."""

import asyncio
import errno
import fcntl
import os
import select
import signal

import pytest

import librns
from pidfd_helpers import forked


pytestmark = pytest.mark.pidfd  # every case opens or waits on pidfds


def read_events(w, n, timeout=30):
    """The first n ExitEvents of w, waiting for its fd to be readable."""
    got = []
    while len(got) < n:
        assert select.select([w], [], [], timeout)[0], f"{len(got)} of {n} events"
        got += w.read()
    return got


def test_waiter_reports_and_reaps():
    with librns.Waiter() as w:
        fd = w.fileno()
        assert fcntl.fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC
        assert fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_NONBLOCK
        assert w.read() == []  # nothing yet: no blocking
        with forked(code=4) as (p1, fd1), forked(sleep=30) as (p2, fd2):
            w.add(fd1, 0)
            w.add(fd2, 2**64 - 1)
            os.kill(p2, signal.SIGKILL)
            events = sorted(read_events(w, 2))
            assert events == [librns.ExitEvent(0, p1, librns.WAIT_EXITED, 4, 0),
                              librns.ExitEvent(2**64 - 1, p2, librns.WAIT_KILLED, signal.SIGKILL, 0)]
            assert [e.returncode for e in events] == [4, -signal.SIGKILL]
            for f in (fd1, fd2):  # reaped by the waiter
                with pytest.raises(ChildProcessError):
                    os.waitid(os.P_PIDFD, f, os.WEXITED | os.WNOHANG)
    with pytest.raises(ValueError):
        w.fileno()
    w.close()  # twice: nothing


def test_waiter_noreap():
    with librns.Waiter() as w, forked(code=5) as (pid, fd):
        w.add(fd, 7, librns.WAITER_NOREAP)
        assert read_events(w, 1) == [librns.ExitEvent(7, pid, librns.WAIT_EXITED, 5, 0)]
        res = os.waitid(os.P_PIDFD, fd, os.WEXITED)  # still ours to reap
        assert (res.si_pid, res.si_status) == (pid, 5)


def test_waiter_in_asyncio():
    async def main(w, fd):
        loop = asyncio.get_running_loop()
        got = loop.create_future()
        loop.add_reader(w.fileno(), lambda: got.done() or got.set_result(w.read()))
        try:
            return await asyncio.wait_for(got, 30)
        finally:
            loop.remove_reader(w.fileno())

    with librns.Waiter() as w, forked(code=1) as (pid, fd):
        w.add(fd, 3)
        assert asyncio.run(main(w, fd)) == [librns.ExitEvent(3, pid, librns.WAIT_EXITED, 1, 0)]


def test_waiter_errors():
    with librns.Waiter() as w:
        with pytest.raises(OSError) as e:
            w.add(10**6, 1)  # not open
        assert e.value.errno == errno.EBADF
        with open("/dev/null", "rb") as f:
            with pytest.raises(OSError) as e:
                w.add(f, 1)
            assert e.value.errno == errno.EINVAL  # not a pidfd
        mine = os.pidfd_open(os.getpid())
        try:
            with pytest.raises(OSError) as e:
                w.add(mine, 1, 2)
            assert e.value.errno == errno.EINVAL  # unknown flags
            with pytest.raises(OverflowError):
                w.add(mine, -1)
            with pytest.raises(OverflowError):
                w.add(mine, 2**64)
            with pytest.raises(TypeError):
                w.add(mine, "1")
        finally:
            os.close(mine)
    with pytest.raises(ValueError):
        w.add(0, 1)
    with pytest.raises(ValueError):
        w.read()
