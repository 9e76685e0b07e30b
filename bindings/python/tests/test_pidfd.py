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
