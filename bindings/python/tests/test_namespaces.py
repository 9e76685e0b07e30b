"""setns/unshare: CPython 3.12's Lib/test/test_os.py NamespacesTests, against os and librns."""

import errno
import os

import pytest

from conftest import in_child, need


def test_unshare_setns(mod):
    # NamespacesTests.test_unshare_setns: a new UTS namespace, then back through setns.
    need(mod, "unshare", "setns", "CLONE_NEWUTS")

    def child():
        fd = os.open("/proc/self/ns/uts", os.O_RDONLY | os.O_CLOEXEC)
        original = os.readlink("/proc/self/ns/uts")
        try:
            mod.unshare(mod.CLONE_NEWUTS)
        except OSError as e:
            if e.errno in (errno.ENOSPC, errno.EPERM):
                pytest.skip(f"unshare(CLONE_NEWUTS): {e} (needs CAP_SYS_ADMIN)")
            raise
        assert os.readlink("/proc/self/ns/uts") != original
        mod.setns(fd, mod.CLONE_NEWUTS)
        assert os.readlink("/proc/self/ns/uts") == original

    in_child(child)


def test_unshare_userns_then_uts(mod):
    # As uid 65534 too: a user namespace gives CAP_SYS_ADMIN over the new UTS namespace.
    need(mod, "unshare", "CLONE_NEWUSER")

    def child():
        original = os.readlink("/proc/self/ns/uts")
        mod.unshare(mod.CLONE_NEWUSER | mod.CLONE_NEWUTS)
        assert os.readlink("/proc/self/ns/uts") != original

    in_child(child)


def test_setns_file_object(mod):
    # os.setns takes any object with fileno(): the current namespace, entered again.
    need(mod, "setns", "CLONE_NEWNET")

    def child():
        with open("/proc/self/ns/net", "rb") as f:
            try:
                mod.setns(f, mod.CLONE_NEWNET)
            except PermissionError as e:
                pytest.skip(f"setns(net): {e} (needs CAP_SYS_ADMIN)")

    in_child(child)


def test_setns_errors(mod):
    need(mod, "setns", "CLONE_NEWNET")
    with pytest.raises(ValueError):
        mod.setns(-1)
    with pytest.raises(TypeError):
        mod.setns("x")
    with open("/proc/self/ns/uts", "rb") as f:
        with pytest.raises(OSError) as e:
            mod.setns(f.fileno(), mod.CLONE_NEWNET)  # the wrong type
        assert e.value.errno == errno.EINVAL
    with open("/dev/null", "rb") as f:
        with pytest.raises(OSError) as e:
            mod.setns(f.fileno(), 0)
        assert e.value.errno == errno.EINVAL
    r, w = os.pipe()
    os.close(r), os.close(w)
    with pytest.raises(OSError) as e:
        mod.setns(r)
    assert e.value.errno == errno.EBADF and e.value.strerror == os.strerror(errno.EBADF)


def test_unshare_errors(mod):
    need(mod, "unshare")
    with pytest.raises(OSError) as e:
        mod.unshare(-1)  # unknown bits
    assert e.value.errno == errno.EINVAL
    with pytest.raises(TypeError):
        mod.unshare("x")
    with pytest.raises(OverflowError):
        mod.unshare(2**31)


@pytest.mark.pidfd
def test_setns_pidfd(mod):
    # setns on a pidfd with an OR of types (Linux 5.8+): into a process's new user and UTS
    # namespaces at once, which its owner may enter as uid 65534 too.
    need(mod, "setns", "unshare", "pidfd_open")

    def child():
        ready_r, ready_w = os.pipe()
        hold_r, hold_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(ready_r), os.close(hold_w)
                mod.unshare(mod.CLONE_NEWUSER | mod.CLONE_NEWUTS)
                os.write(ready_w, b"x")
                os.read(hold_r, 1)  # until the parent is done (it never writes)
            finally:
                os._exit(0)
        os.close(ready_w), os.close(hold_r)
        try:
            assert os.read(ready_r, 1) == b"x", "the child could not unshare"
            theirs = os.readlink(f"/proc/{pid}/ns/uts")
            pidfd = mod.pidfd_open(pid)
            try:
                mod.setns(pidfd, mod.CLONE_NEWUSER | mod.CLONE_NEWUTS)
            finally:
                os.close(pidfd)
            assert os.readlink("/proc/self/ns/uts") == theirs
        finally:
            os.kill(pid, 9)
            os.waitpid(pid, 0)

    in_child(child)
