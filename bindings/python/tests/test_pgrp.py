"""Process groups and sessions (Lib/test/test_os.py, test_posix.py cases), os and librns."""

import errno
import os

import pytest

from conftest import in_child


def test_getpgid_getpgrp_getsid(mod):
    assert mod.getpgid(0) == os.getpgid(0) == mod.getpgrp()
    assert mod.getsid(0) == os.getsid(os.getpid())
    assert mod.getpgid(os.getppid()) == os.getpgid(os.getppid())


def test_getpgid_errors(mod):
    # test_posix.test_getpgid-like: a pid no process has, a negative pid, a wrong type.
    with pytest.raises(ProcessLookupError):
        mod.getsid(2**30)
    with pytest.raises(ProcessLookupError):
        mod.getpgid(-5)
    with pytest.raises(TypeError):
        mod.getpgid("0")
    with pytest.raises(TypeError):
        mod.getpgid(0.0)
    with pytest.raises(OverflowError):
        mod.getpgid(2**31)


def test_setsid(mod):
    # A child that is no group leader starts a session; its sid and pgid are its pid.
    def child():
        if os.getpgid(0) == os.getpid():
            os.setpgid(0, os.getppid() and os.getpgid(os.getppid()))
        mod.setsid()
        assert os.getsid(0) == os.getpid() == os.getpgid(0)
        with pytest.raises(PermissionError):
            mod.setsid()  # already a group leader
        with pytest.raises(PermissionError):
            mod.setpgrp()  # a session leader

    in_child(child)


def test_setpgrp_setpgid(mod):
    def child():
        mod.setpgrp()
        assert os.getpgid(0) == os.getpid()
        with pytest.raises(ProcessLookupError):
            mod.setpgid(1, 0)  # not our child
        with pytest.raises(OSError) as e:
            mod.setpgid(0, -1)
        assert e.value.errno == errno.EINVAL

    in_child(child)


def test_killpg(mod):
    with pytest.raises(ProcessLookupError):
        mod.killpg(2**30, 0)
    mod.killpg(os.getpgrp(), 0)  # signal 0: the check only
    with pytest.raises(OverflowError):
        mod.killpg(0, 2**31)


def test_tcgetpgrp_errors(mod):
    r, w = os.pipe()
    try:
        with pytest.raises(OSError) as e:
            mod.tcgetpgrp(r)
        assert e.value.errno == errno.ENOTTY
    finally:
        os.close(r), os.close(w)
    with pytest.raises(OSError) as e:
        mod.tcgetpgrp(r)
    assert e.value.errno == errno.EBADF
    with pytest.raises(OSError) as e:
        mod.tcsetpgrp(r, os.getpgrp())
    assert e.value.errno == errno.EBADF
