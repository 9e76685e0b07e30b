"""Lib/test/test_os.py ProgramPriorityTests, against os and librns."""

import os

import pytest

from conftest import in_child


def test_set_get_priority(mod):
    def child():
        base = mod.getpriority(mod.PRIO_PROCESS, os.getpid())
        mod.setpriority(mod.PRIO_PROCESS, os.getpid(), base + 1)
        new = mod.getpriority(mod.PRIO_PROCESS, os.getpid())
        assert new == min(base + 1, 19)
        assert os.getpriority(os.PRIO_PROCESS, os.getpid()) == new

    in_child(child)


def test_priority_errors(mod):
    assert mod.getpriority(mod.PRIO_PROCESS, 0) == os.getpriority(os.PRIO_PROCESS, 0)
    with pytest.raises(ProcessLookupError):
        mod.getpriority(mod.PRIO_PROCESS, 2**30)
    with pytest.raises(OSError):
        mod.getpriority(99, 0)
    with pytest.raises(OverflowError):
        mod.getpriority(0, 2**32)
    with pytest.raises(TypeError):
        mod.setpriority(mod.PRIO_PROCESS, 0, "1")


def test_constants_match_os():
    import librns

    for name in ("PRIO_PROCESS", "PRIO_PGRP", "PRIO_USER", "CLONE_NEWNS", "CLONE_NEWUSER",
                 "CLONE_NEWNET", "CLONE_FS", "PIDFD_NONBLOCK"):
        if not hasattr(os, name):
            continue  # os lacks it on this Python: nothing to compare
        assert getattr(librns, name) == getattr(os, name), name
