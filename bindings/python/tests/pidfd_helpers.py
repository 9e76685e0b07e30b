"""Children for the pidfd tests: forked here, held by a pidfd, and always reaped (killed
first if still running, through the pidfd, so a recycled pid is never signalled)."""

import os
import signal
import time
from contextlib import contextmanager


def _child(fn, code, sleep):
    signal.alarm(60)  # a stuck child ends itself
    try:
        if fn is not None:
            fn()
        if sleep:
            time.sleep(sleep)
    finally:
        os._exit(code)


@contextmanager
def forked(code=0, sleep=0.0, fn=None):
    """Yields (pid, pidfd) of a child that runs fn(), sleeps, and exits with code."""
    pid = os.fork()
    if pid == 0:
        _child(fn, code, sleep)
    pidfd = os.pidfd_open(pid)
    try:
        yield pid, pidfd
    finally:
        try:
            signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            os.waitid(os.P_PIDFD, pidfd, os.WEXITED)
        except ChildProcessError:
            pass
        os.close(pidfd)


def exited(pidfd, timeout=10):
    """Waits (poll) until the process of pidfd has exited, without reaping it."""
    import select
    assert select.select([pidfd], [], [], timeout)[0] == [pidfd], "child still running"
