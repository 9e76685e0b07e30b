"""Lib/test/test_os.py PosixUidGidTests (test_setuid ... test_setregid) and the getgroups/initgroups/getgrouplist
cases of test_posix.py, against os and librns. State changes run in a child."""

import os
import subprocess

import pytest

from conftest import in_child

ROOT = os.getuid() == 0


def test_getres(mod):
    assert mod.getresuid() == os.getresuid()
    assert mod.getresgid() == os.getresgid()


@pytest.mark.parametrize("call", ["setuid", "setgid", "seteuid", "setegid"])
def test_set_one_id(mod, call):
    # test_setuid et al.: as non-root, id 0 is refused; a wrong type and 1<<32 as os.
    fn = getattr(mod, call)
    if not ROOT:
        with pytest.raises(PermissionError):
            fn(0)
    with pytest.raises(TypeError):
        fn("not an int")
    with pytest.raises(OverflowError):
        fn(1 << 32)
    with pytest.raises(OverflowError):
        fn(-2)


@pytest.mark.parametrize("call", ["setreuid", "setregid"])
def test_set_two_ids(mod, call):
    fn = getattr(mod, call)
    fn(-1, -1)  # keeps both: allowed for everyone
    if not ROOT:
        with pytest.raises(PermissionError):
            fn(0, 0)
    with pytest.raises(TypeError):
        fn("not an int", 0)
    with pytest.raises(TypeError):
        fn(0, "not an int")
    with pytest.raises(OverflowError):
        fn(1 << 32, 0)
    with pytest.raises(OverflowError):
        fn(0, 1 << 32)


def test_setres_current(mod):
    # test_posix.test_setresuid / test_setresgid: the current ids, and -1 (keep), are allowed.
    def child():
        mod.setresuid(*os.getresuid())
        mod.setresuid(-1, -1, -1)
        mod.setresgid(*os.getresgid())
        mod.setresgid(-1, -1, -1)

    in_child(child)


def test_setres_exception(mod):
    # test_posix.test_setresuid_exception / test_setresgid_exception (not as root).
    if 0 in os.getresuid():
        pytest.skip("root may set any id (test_posix skips it too)")
    with pytest.raises(PermissionError):
        mod.setresuid(os.getresuid()[0] + 1, -1, -1)
    with pytest.raises(PermissionError):
        mod.setresgid(os.getresgid()[0] + 1, -1, -1)


def test_setresuid_in_child(mod):
    if not ROOT:
        with pytest.raises(PermissionError):
            mod.setresuid(0, 0, 0)
        pytest.skip("dropping ids needs root (checked EPERM as uid %d)" % os.getuid())

    def child():
        mod.setresgid(65534, 65534, -1)
        mod.setresuid(65534, 65534, 0)
        assert os.getresuid() == (65534, 65534, 0)
        assert os.getresgid()[:2] == (65534, 65534)

    in_child(child)


def test_getgroups(mod):
    # test_posix.test_getgroups: the groups `id -G` reports (the effective gid aside).
    groups = mod.getgroups()
    want = set(map(int, subprocess.check_output(["id", "-G"], text=True).split()))
    assert set(groups) | {os.getegid()} == want | {os.getegid()}
    assert sorted(groups) == sorted(os.getgroups())


def test_setgroups(mod):
    # test_posix.test_setgroups: as root, range(16) read back; otherwise EPERM.
    if not ROOT:
        with pytest.raises(PermissionError):
            mod.setgroups([0])
    with pytest.raises(TypeError):
        mod.setgroups(5)
    with pytest.raises(TypeError):
        mod.setgroups(["a"])
    with pytest.raises(OverflowError):
        mod.setgroups([-2])
    if not ROOT:
        pytest.skip("setgroups read back needs root (checked EPERM)")

    def child():
        for groups in ([0], list(range(16))):  # PosixGroupsTester.test_setgroups
            mod.setgroups(groups)
            assert os.getgroups() == groups
        mod.setgroups(list(range(1000, 1300)))  # more than any first guess of a buffer
        assert mod.getgroups() == os.getgroups() == list(range(1000, 1300))
        mod.setgroups([])
        assert os.getgroups() == []

    in_child(child)


def test_initgroups(mod):
    # test_posix.test_initgroups: bad arguments, then (root) the group given is in the list.
    for args in ((), (None,), (3, "foo"), ("foo", 3, object()), (1, 0)):
        with pytest.raises(TypeError):
            mod.initgroups(*args)
    if not ROOT:
        with pytest.raises(PermissionError):
            mod.initgroups("nobody", 13)
        pytest.skip("initgroups read back needs root (checked EPERM)")

    def child():  # PosixGroupsTester.test_initgroups: a group root is not in
        g = max(os.getgroups() or [0]) + 1
        mod.initgroups("root", g)
        assert g in os.getgroups()

    in_child(child)


def test_getgrouplist(mod):
    assert sorted(mod.getgrouplist("root", 0)) == sorted(os.getgrouplist("root", 0))
    assert 4242 in mod.getgrouplist("no-such-user-rns", 4242)
    with pytest.raises(TypeError):
        mod.getgrouplist(b"root", 0)
