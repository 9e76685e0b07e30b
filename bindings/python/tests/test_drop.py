"""drop_privileges, in a forked child with extra Python threads started before the drop:
every thread of the child has the new ids (/proc/self/task/*/status), as after os's own
setgroups/setresgid/setresuid sequence (the peer, glibc broadcasting to every thread)."""

import ctypes
import errno
import os
import threading

import pytest

import librns
from conftest import in_child
from nshelp import libc

NOBODY = 65534


def task_ids():
    """{tid: (Uid line, Gid line, Groups line, CapEff)} of every thread of this process."""
    out = {}
    for tid in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{tid}/status") as f:
            lines = dict(line.rstrip("\n").split(":", 1) for line in f if ":" in line)
        out[int(tid)] = tuple(lines[k].split() for k in ("Uid", "Gid", "Groups", "CapEff"))
    return out


def with_threads(n, fn):
    """Runs fn() with n extra Python threads alive (started before, parked on an event);
    returns what fn returns and the threads' own view of getresuid() after it."""
    go, views, started = threading.Event(), [], threading.Barrier(n + 1)

    def park():
        started.wait()
        go.wait()
        views.append((os.getresuid(), os.getresgid()))

    threads = [threading.Thread(target=park) for _ in range(n)]
    for t in threads:
        t.start()
    started.wait()
    try:
        result = fn(), task_ids()
    finally:
        go.set()
        for t in threads:
            t.join()
    return result, views


def need_root():
    if os.geteuid() != 0:
        pytest.skip(f"uid {os.geteuid()}: dropping to other ids needs root (the unprivileged case runs)")


@pytest.mark.parametrize("how", ["librns", "os"])
def test_drop_reaches_every_thread(how):
    need_root()

    def child():
        def drop():
            if how == "librns":
                librns.drop_privileges(NOBODY, NOBODY, [NOBODY])
            else:
                os.setgroups([NOBODY])
                os.setresgid(NOBODY, NOBODY, NOBODY)
                os.setresuid(NOBODY, NOBODY, NOBODY)

        (_, tasks), views = with_threads(3, drop)
        assert len(tasks) == 4, tasks
        for tid, (uid, gid, groups, cap_eff) in tasks.items():
            assert uid == [str(NOBODY)] * 4 and gid == [str(NOBODY)] * 4, tid
            assert groups == [str(NOBODY)] and int(cap_eff[0], 16) == 0, tid
        assert views == [((NOBODY,) * 3, (NOBODY,) * 3)] * 3
        with pytest.raises(PermissionError):
            os.setuid(0)  # the old uid cannot be taken back

    in_child(child)


def test_drop_with_no_new_privs():
    need_root()

    def child():
        librns.drop_privileges(NOBODY, NOBODY, [], librns.DROP_NO_NEW_PRIVS)
        assert os.getresuid() == (NOBODY,) * 3 and os.getgroups() == []
        assert librns.get_no_new_privs() == 1

    in_child(child)


def test_drop_errors_change_nothing():
    def child():
        before = (os.getresuid(), os.getresgid(), os.getgroups())
        for args, err in (((-1, NOBODY, []), errno.EINVAL), ((NOBODY, -1, []), errno.EINVAL),
                          ((NOBODY, NOBODY, [-1]), errno.EINVAL), ((NOBODY, NOBODY, [], 2), errno.EINVAL)):
            with pytest.raises(OSError) as e:
                librns.drop_privileges(*args)
            assert e.value.errno == err, args
        assert (os.getresuid(), os.getresgid(), os.getgroups()) == before
        with pytest.raises(TypeError):
            librns.drop_privileges(NOBODY, NOBODY, 5)
        with pytest.raises(TypeError):
            librns.drop_privileges(NOBODY, NOBODY, ["0"])
        with pytest.raises(ValueError):
            librns.drop_privileges(NOBODY, NOBODY, [1] * 65537)
        with pytest.raises(OverflowError):
            librns.drop_privileges(2**32, NOBODY, [])

    in_child(child)


def test_drop_unprivileged_to_own_ids_and_eperm():
    if os.geteuid() == 0:
        pytest.skip("as root any drop succeeds (the uid 65534 run checks this case)")

    def child():
        uid, gid, groups = os.geteuid(), os.getegid(), os.getgroups()
        before = (os.getresuid(), os.getresgid())
        with pytest.raises(PermissionError):
            librns.drop_privileges(0, 0, groups)  # nothing changed then
        assert (os.getresuid(), os.getresgid()) == before
        (_, tasks), _ = with_threads(2, lambda: librns.drop_privileges(uid, gid, groups))
        assert all(t[0] == [str(uid)] * 4 for t in tasks.values()) and len(tasks) == 3

    in_child(child)


def test_drop_unverifiable_is_enotrecoverable():
    # SECBIT_NO_SETUID_FIXUP keeps the capabilities across the uid change: the drop cannot be
    # verified, and the header says ENOTRECOVERABLE (the process must not go on).
    need_root()

    def child():
        PR_SET_SECUREBITS, SECBIT_NO_SETUID_FIXUP = 28, 1 << 2
        if libc().prctl(PR_SET_SECUREBITS, ctypes.c_ulong(SECBIT_NO_SETUID_FIXUP), 0, 0, 0) != 0:
            pytest.skip(f"prctl(PR_SET_SECUREBITS): {os.strerror(ctypes.get_errno())}")
        with pytest.raises(OSError) as e:
            librns.drop_privileges(NOBODY, NOBODY, [])
        assert e.value.errno == errno.ENOTRECOVERABLE

    in_child(child)
