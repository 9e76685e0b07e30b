"""ns_enter/ns_restore, the in_namespaces context manager (calling thread) and
run_in_ns/run_in_namespaces (a fresh thread), with issue 21's thread test: 16 Python threads
entering different namespaces at once. Each case runs in a forked child with privilege
(root, or root of a user namespace of its own, which also owns the child's starting net and
UTS namespaces so it may come back to them)."""

import ctypes
import errno
import os
import socket
import threading
import traceback

import pytest

import librns
from conftest import NO_PIDFD, in_child
from librns import Process
from nshelp import Holder, libc, privileged, thread_ns

NET, UTS = librns.CLONE_NEWNET, librns.CLONE_NEWUTS


def ready():
    """Privilege over new net and UTS namespaces of the child's own (see the module doc)."""
    privileged(0 if os.geteuid() == 0 else NET | UTS)
    return thread_ns("net", "uts")


def test_ns_enter_and_restore():
    def child():
        home = ready()
        with Holder("rns-enter") as h:
            saved = librns.ns_enter_pid(h.pid, NET | UTS)
            assert isinstance(saved, librns.SavedNamespaces) and not saved.restored
            assert thread_ns("net", "uts") == {"net": h.ns("net"), "uts": h.ns("uts")}
            assert socket.gethostname() == "rns-enter"
            librns.ns_restore(saved)
            assert saved.restored and thread_ns("net", "uts") == home
            with pytest.raises(ValueError):
                saved.restore()  # once only
            with open(f"/proc/{h.pid}/ns/net", "rb") as f:  # a namespace file, type 0
                saved = librns.ns_enter(f, 0)
            assert thread_ns("net")["net"] == h.ns("net")
            saved.restore()
            assert thread_ns("net", "uts") == home

    in_child(child)


def test_ns_restore_on_another_thread_is_refused_and_kept():
    def child():
        home = ready()
        with Holder("rns-other-thread") as h:
            saved = librns.ns_enter_pid(h.pid, UTS)
            errs = []
            t = threading.Thread(target=lambda: errs.append(_raised(saved.restore)))
            t.start()
            t.join()
            assert errs == [errno.EINVAL] and not saved.restored  # kept for its own thread
            assert socket.gethostname() == "rns-other-thread"
            saved.restore()
            assert thread_ns("net", "uts") == home

    in_child(child)


def test_saved_never_restored_warns():
    def child():
        ready()
        with Holder("rns-forgotten") as h:
            saved = librns.ns_enter_pid(h.pid, UTS)
            with pytest.warns(ResourceWarning, match="never restored"):
                del saved

    in_child(child)


def _raised(fn):
    try:
        fn()
    except OSError as e:
        return e.errno
    return None


def test_ns_enter_errors():
    def child():
        home = ready()
        for call, err in ((lambda: librns.ns_enter_pid(os.getpid(), librns.CLONE_NEWUSER), errno.EINVAL),
                          (lambda: librns.ns_enter_pid(0, NET), errno.EINVAL),
                          (lambda: librns.ns_enter_pid(os.getpid(), 0), errno.EINVAL),
                          (lambda: librns.ns_enter(os.open("/dev/null", os.O_RDONLY), 0), errno.EINVAL),
                          (lambda: librns.ns_enter(99999, NET), errno.EBADF)):
            with pytest.raises(OSError) as e:
                call()
            assert e.value.errno == err
        assert thread_ns("net", "uts") == home  # nothing changed on failure
        with pytest.raises(TypeError):
            librns.ns_restore(None)
        with pytest.raises(ValueError):
            librns.ns_enter(-1, NET)

    in_child(child)


# --- in_namespaces ------------------------------------------------------------------------

def test_in_namespaces_targets_nesting_and_exceptions():
    def child():
        home = ready()
        with Holder("rns-outer") as a, Holder("rns-inner") as b:
            with librns.in_namespaces(a.pid, NET | UTS):  # a pid
                assert socket.gethostname() == "rns-outer"
                with librns.Namespace.open(b.pid, UTS) as ns, librns.in_namespaces(ns, 0):  # nested
                    assert socket.gethostname() == "rns-inner"
                    assert thread_ns("net")["net"] == a.ns("net")
                assert thread_ns("net", "uts") == {"net": a.ns("net"), "uts": a.ns("uts")}
            assert thread_ns("net", "uts") == home
            with pytest.raises(KeyError) as e:  # the body raises: restored, raised as it was
                # a Process (a pidfd; by its pid where the kernel has no pidfds)
                with Process(b.pid) as p, librns.in_namespaces(p if not NO_PIDFD else p.pid, UTS):
                    raise KeyError("body")
            assert e.value.args == ("body",) and thread_ns("net", "uts") == home
            with pytest.raises(ProcessLookupError):
                with librns.in_namespaces(4194304 + 7, NET):
                    pass  # a pid above pid_max: never runs
            assert thread_ns("net", "uts") == home

    in_child(child)


def test_in_namespaces_restore_failure_says_so():
    # The body drops CAP_SYS_ADMIN from this thread, so going back is refused (EPERM): the
    # context manager raises that, from the body's own exception, as its docstring says.
    def child():
        ready()
        with Holder("rns-stranded") as h:
            with pytest.raises(PermissionError) as e:
                with librns.in_namespaces(h.pid, UTS):
                    _drop_cap_sys_admin_this_thread()
                    raise RuntimeError("the body's error")
            assert "could not put the calling thread back" in str(e.value)
            assert isinstance(e.value.__cause__, RuntimeError)
            assert socket.gethostname() == "rns-stranded"  # left there, as documented

    in_child(child)


def _drop_cap_sys_admin_this_thread():
    """capset(2) on the calling thread: effective set without CAP_SYS_ADMIN (21)."""
    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]

    hdr, data = Header(0x20080522, 0), (Data * 2)()
    assert libc().capget(ctypes.byref(hdr), data) == 0
    data[0].effective &= ~(1 << 21)
    assert libc().capset(ctypes.byref(hdr), data) == 0, os.strerror(ctypes.get_errno())


# --- run_in_ns, run_in_namespaces ---------------------------------------------------------

def test_run_in_namespaces_fresh_thread():
    def child():
        home = ready()
        caller = threading.get_native_id()
        with Holder("rns-run") as h:
            def fn(tag, *, extra):
                return (tag, extra, socket.gethostname(), thread_ns("net", "uts"),
                        threading.get_native_id())

            tag, extra, host, seen, tid = librns.run_in_namespaces(h.pid, NET | UTS, fn, "t", extra=1)
            assert (tag, extra, host) == ("t", 1, "rns-run")
            assert seen == {"net": h.ns("net"), "uts": h.ns("uts")} and tid != caller
            assert thread_ns("net", "uts") == home  # the caller's thread never moved
            with librns.Namespace.open(h.pid, UTS) as ns:
                assert librns.run_in_ns(ns, 0, socket.gethostname) == "rns-run"
            with open(f"/proc/{h.pid}/ns/net", "rb") as f:
                assert librns.run_in_namespaces(f, NET, thread_ns, "net") == {"net": h.ns("net")}
            assert thread_ns("net", "uts") == home

    in_child(child)


def test_run_in_ns_exception_keeps_traceback():
    def child():
        ready()
        with Holder("rns-raise") as h:
            def failing_in_ns():
                raise ValueError(socket.gethostname())

            with pytest.raises(ValueError) as e:
                librns.run_in_namespaces(h.pid, UTS, failing_in_ns)
            assert e.value.args == ("rns-raise",)
            frames = [f.name for f in traceback.extract_tb(e.value.__traceback__)]
            assert "failing_in_ns" in frames, frames

    in_child(child)


def test_run_in_ns_errors():
    with pytest.raises(OSError) as e:
        librns.run_in_ns(99999, NET, pytest.fail, "fn must not run")
    assert e.value.errno == errno.EBADF
    if NO_PIDFD:
        print("note: no pidfd syscalls here: the pidfd cases of run_in_ns are not checked")
    else:
        pidfd = librns.pidfd_open(os.getpid())
        try:
            for t in (librns.CLONE_NEWUSER, 0):
                with pytest.raises(OSError) as e:
                    librns.run_in_ns(pidfd, t, pytest.fail, "fn must not run")
                assert e.value.errno == errno.EINVAL
        finally:
            os.close(pidfd)
    with pytest.raises(TypeError):
        librns.run_in_ns(0, NET, "not callable")
    with pytest.raises(ProcessLookupError):
        librns.run_in_namespaces(4194304 + 7, NET, pytest.fail)


# --- the thread test ----------------------------------------------------------------

THREADS, ROUNDS = 16, 20


def test_16_threads_in_namespaces_concurrently():
    # 16 Python threads, each entering a different process's net and UTS namespaces with the
    # context manager, all inside at once (a barrier), ROUNDS times: each sees its own target
    # inside and its own namespaces after; no thread ever sees another's.
    def child():
        home = ready()
        holders = [Holder(f"rns-t{i}") for i in range(THREADS)]
        try:
            barrier, bad = threading.Barrier(THREADS), []

            def worker(i):
                try:
                    check(i)
                except BaseException as e:  # a thread's exception fails the case, not a print
                    bad.append((i, "raised", repr(e)))
                    barrier.abort()

            def check(i):
                h, mine = holders[i], thread_ns("net", "uts")
                want = {"net": h.ns("net"), "uts": h.ns("uts")}
                for r in range(ROUNDS):
                    # a pid or a Process (a pidfd) in turn; pids only where there are no pidfds
                    target = h.pid if (i + r) % 2 or NO_PIDFD else Process(h.pid)
                    with librns.in_namespaces(target, NET | UTS):
                        barrier.wait(timeout=30)  # every thread is inside now
                        if thread_ns("net", "uts") != want or socket.gethostname() != f"rns-t{i}":
                            bad.append((i, r, "inside", thread_ns("net", "uts"), socket.gethostname()))
                        barrier.wait(timeout=30)
                    if not isinstance(target, int):
                        target.close()
                    if thread_ns("net", "uts") != mine:
                        bad.append((i, r, "after", thread_ns("net", "uts")))

            threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert bad == [], bad[:5]
            assert thread_ns("net", "uts") == home
        finally:
            for h in holders:
                h.stop()

    in_child(child)
