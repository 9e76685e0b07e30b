"""Fixtures: `mod` runs a case against os and against librns; `in_child` runs a function
in a forked child (cases that change ids, groups, sessions or namespaces never change the
pytest process)."""

import os
import signal
import sys
import traceback

import pytest

import librns


@pytest.fixture(params=["os", "librns"])
def mod(request):
    """The module under test; the os column skips, saying why, where this Python lacks a call."""
    return os if request.param == "os" else librns


def need(m, *names):
    """Skips (with the reason) when module m lacks one of names."""
    for n in names:
        if not hasattr(m, n):
            pytest.skip(f"os.{n}: not in Python {sys.version.split()[0]} (os has it from 3.12)")


def in_child(fn):
    """Runs fn() in a forked child; fails with the child's traceback when it raised, and
    returns what the child's fn returned when it called pytest.skip (its reason) or None."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        signal.alarm(60)  # a stuck case ends the child (SIGALRM), not the whole run
        code, msg = 0, b""
        try:
            fn()
        except pytest.skip.Exception as e:
            code, msg = 2, str(e).encode()
        except BaseException:
            code, msg = 1, traceback.format_exc().encode()
        os.write(w, msg)
        os._exit(code)
    os.close(w)
    with os.fdopen(r, "rb") as f:
        msg = f.read().decode()
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code == 2:
        pytest.skip(msg)
    assert code == 0, f"child failed (exit {code}; -14: stuck 60 s, SIGALRM):\n{msg}"
