"""prctl settings (parent-death signal, child subreaper, no_new_privs), each in a forked
child, beside prctl(2) through libc: what each affects (the calling thread or the process),
as the header says, and the errors."""

import ctypes
import errno
import os
import signal
import subprocess
import threading

import pytest

import librns
from conftest import in_child
from nshelp import libc

PR_SET_PDEATHSIG, PR_GET_PDEATHSIG = 1, 2
PR_SET_CHILD_SUBREAPER, PR_GET_CHILD_SUBREAPER = 36, 37
PR_SET_NO_NEW_PRIVS, PR_GET_NO_NEW_PRIVS = 38, 39


def prctl(op, arg=0):
    """prctl(2) through libc: its result, or -errno."""
    r = libc().prctl(op, ctypes.c_ulong(arg), 0, 0, 0)
    return -ctypes.get_errno() if r < 0 else r


def libc_pdeathsig():
    sig = ctypes.c_int(-1)
    assert libc().prctl(PR_GET_PDEATHSIG, ctypes.byref(sig), 0, 0, 0) == 0
    return sig.value


def on_other_thread(fn):
    out = []
    t = threading.Thread(target=lambda: out.append(fn()))
    t.start()
    t.join()
    return out[0]


def test_pdeathsig_round_trip_errors_and_thread_scope():
    def child():
        librns.set_pdeathsig(signal.SIGUSR1)
        assert librns.get_pdeathsig() == libc_pdeathsig() == signal.SIGUSR1
        assert prctl(PR_SET_PDEATHSIG, signal.SIGUSR2) == 0  # the peer sets, librns reads
        assert librns.get_pdeathsig() == signal.SIGUSR2
        for bad in (65, -1):
            with pytest.raises(OSError) as e:
                librns.set_pdeathsig(bad)
            assert e.value.errno == errno.EINVAL
            assert prctl(PR_SET_PDEATHSIG, bad & 0xFFFFFFFFFFFFFFFF) == -errno.EINVAL
        assert librns.get_pdeathsig() == signal.SIGUSR2  # refused: unchanged
        assert on_other_thread(librns.get_pdeathsig) == 0  # the thread's own setting
        librns.set_pdeathsig(0)
        assert librns.get_pdeathsig() == 0
        with pytest.raises(TypeError):
            librns.set_pdeathsig("SIGUSR1")

    in_child(child)


def test_pdeathsig_is_sent_when_the_parent_thread_exits():
    # The parent-death signal comes when the creating **thread** ends (golang/go#27505): a
    # grandchild forked from a Python thread gets SIGUSR1 once that thread exits.
    def child():
        r, w = os.pipe()
        pids = []

        def parent_thread():
            pid = os.fork()
            if pid == 0:
                try:
                    signal.signal(signal.SIGUSR1, lambda *a: (os.write(w, b"signalled"), os._exit(0)))
                    librns.set_pdeathsig(signal.SIGUSR1)
                    os.write(w, b"ready")
                    signal.pause()
                finally:
                    os._exit(1)  # never back into the test's code
            pids.append(pid)
            os.close(w)  # the grandchild's copy only: its end is EOF here, never a hang
            assert os.read(r, 5) == b"ready"

        t = threading.Thread(target=parent_thread)
        t.start()
        t.join()  # the thread exits: the grandchild is signalled
        assert os.read(r, 9) == b"signalled"
        os.waitpid(pids[0], 0)

    in_child(child)


def test_child_subreaper_process_wide_and_reparenting():
    def child():
        assert librns.get_child_subreaper() == 0
        librns.set_child_subreaper(True)
        assert librns.get_child_subreaper() == 1
        out = ctypes.c_int(-1)
        libc().prctl(PR_GET_CHILD_SUBREAPER, ctypes.byref(out), 0, 0, 0)
        assert out.value == 1
        assert on_other_thread(librns.get_child_subreaper) == 1  # the process's setting
        with pytest.raises(OSError) as e:
            librns.set_child_subreaper(2)  # librns refuses what is neither 0 nor 1
        assert e.value.errno == errno.EINVAL
        assert prctl(PR_SET_CHILD_SUBREAPER, 2) == 0  # the kernel takes any non-zero as 1
        # An orphan below us is reparented to us, not to init.
        r, w = os.pipe()
        mid = os.fork()
        if mid == 0:
            try:
                me = os.getpid()
                if os.fork() == 0:
                    os.close(r)
                    while os.getppid() == me:  # until the middle process has exited
                        pass
                    os.write(w, str(os.getppid()).encode())
            finally:
                os._exit(0)
        os.close(w)
        os.waitpid(mid, 0)
        assert int(os.read(r, 20)) == os.getpid()
        os.wait()  # the orphan, ours to reap
        on_other_thread(lambda: librns.set_child_subreaper(0))
        assert librns.get_child_subreaper() == 0

    in_child(child)


def test_no_new_privs_thread_and_after():
    def child():
        before = librns.get_no_new_privs()
        with pytest.raises(OSError) as e:
            librns.set_no_new_privs(0)  # cannot be unset
        assert e.value.errno == errno.EINVAL and librns.get_no_new_privs() == before
        assert prctl(PR_SET_NO_NEW_PRIVS, 0) == -errno.EINVAL  # the kernel says the same
        barrier, answers = threading.Barrier(2), []

        def older():  # started before: keeps its own setting
            barrier.wait()
            barrier.wait()
            answers.append(librns.get_no_new_privs())

        t = threading.Thread(target=older)
        t.start()
        barrier.wait()
        librns.set_no_new_privs()
        librns.set_no_new_privs(1)  # again: no error
        barrier.wait()
        t.join()
        assert librns.get_no_new_privs() == 1 == prctl(PR_GET_NO_NEW_PRIVS)
        assert on_other_thread(librns.get_no_new_privs) == 1  # a thread started afterwards
        status = subprocess.run(["grep", "NoNewPrivs:", "/proc/self/status"], capture_output=True,
                                text=True).stdout.split()
        assert status == ["NoNewPrivs:", "1"]  # a child process started afterwards
        if before == 0:
            assert answers == [0]
        else:
            print("no_new_privs was set already (a sandbox): the older thread has it too")

    in_child(child)
