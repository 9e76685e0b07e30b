"""Fixtures: `mod` runs a case against os and against librns; `in_child` runs a function
in a forked child (cases that change ids, groups, sessions or namespaces never change the
pytest process)."""

import ctypes
import errno
import os
import signal
import sys
import traceback

import pytest

import librns


def _no_pidfd():
    """Whether pidfd_open(2) answers ENOSYS (before Linux 5.3, or under tests/sandbox/
    rns-sandbox --nopidfd), asked with libc's syscall() (434 on every architecture), never
    through librns."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    fd = libc.syscall(ctypes.c_long(434), ctypes.c_int(os.getpid()), ctypes.c_uint(0))
    if fd >= 0:
        os.close(fd)
        return False
    return ctypes.get_errno() == errno.ENOSYS


NO_PIDFD = _no_pidfd()
# RNS_TEST_SANDBOX names what the run is meant to hide: fail loudly when it is not in effect.
SANDBOX = [m for m in os.environ.get("RNS_TEST_SANDBOX", "").split(",") if m]
if "nopidfd" in SANDBOX and not NO_PIDFD:
    raise RuntimeError(f"RNS_TEST_SANDBOX={SANDBOX}, but pidfd_open works: the filter is not in effect")
if "uname26" in SANDBOX and not os.uname().release.startswith("2.6."):
    raise RuntimeError(f"RNS_TEST_SANDBOX={SANDBOX}, but uname says {os.uname().release}, not 2.6.x")


def pytest_configure(config):
    config.addinivalue_line("markers", "pidfd: the case needs pidfd syscalls; where the kernel "
                            "has none it skips, saying so (test_nopidfd.py checks ENOSYS there)")


def pytest_runtest_setup(item):
    if NO_PIDFD and item.get_closest_marker("pidfd"):
        why = f"RNS_TEST_SANDBOX={','.join(SANDBOX)}" if SANDBOX else "kernel older than 5.3?"
        pytest.skip(f"no pidfd syscalls here ({why}): test_nopidfd.py checks they give ENOSYS")


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
