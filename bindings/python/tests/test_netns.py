"""Named network namespaces (netns_add/open/delete) beside iproute2's `ip netns`.

These mount under /run/netns, so, as tests/netns (make test-netns) and by the house rule,
they run only with CI=true or through their own target (`make test-python-netns`, which sets
RNS_TEST_NETNS=1); otherwise each case skips saying so. Even then nothing outside the test is
touched, as the Go binding's netns tests do it: each case runs in a forked child that enters
a mount namespace of its own (root, or root of a user namespace of its own as uid 65534),
makes every mount private and puts a fresh tmpfs on /run, so /run/netns, its mounts and
`ip netns`'s view of them go with the child."""

import errno
import fcntl
import os
import shutil
import subprocess

import pytest

import librns
from conftest import in_child
from nshelp import privileged, private_tmpfs, real_root, thread_ns

NET = librns.CLONE_NEWNET
ENABLED = os.environ.get("CI") == "true" or os.environ.get("RNS_TEST_NETNS") == "1"

pytestmark = pytest.mark.skipif(
    not ENABLED, reason="mounts under /run: runs with CI=true or `make test-python-netns` "
                        "(each case in a private mount namespace with its own tmpfs on /run)")


def private_run():
    """In the forked child: a /run of its own (see the module doc)."""
    privileged(librns.CLONE_NEWNS)
    private_tmpfs("/run")


def need_ip():
    """`ip netns` (iproute2) as the peer: real root only, as ip netns exec remounts /sys."""
    if not real_root():
        pytest.skip(f"uid {os.geteuid()} in a user namespace: ip netns needs real root (its exec "
                    "remounts /sys); the librns-only cases run")
    if not shutil.which("ip"):
        pytest.skip("no ip(8) here (iproute2 not installed)")


def ip(*args) -> str:
    return subprocess.run(["ip", *args], check=True, capture_output=True, text=True).stdout


def mounts_of(name):
    with open("/proc/self/mountinfo") as f:
        return sum(f" /run/netns/{name} " in line for line in f)


def test_netns_add_open_delete():
    # Add, open, see it with ip, run ip inside it, delete: nothing left; our thread never moved.
    def child():
        private_run()
        net = thread_ns("net")
        fd = librns.netns_add("rns-a")
        assert fcntl.fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC
        assert librns.ns_type(fd) == NET and os.fstat(fd).st_ino != net["net"]
        assert thread_ns("net") == net
        fd2 = librns.netns_open(b"rns-a")
        assert librns.ns_same(fd, fd2) and mounts_of("rns-a") == 1
        os.close(fd2)
        assert librns.run_in_ns(fd, NET, thread_ns, "net") == {"net": os.fstat(fd).st_ino}
        if not (real_root() and shutil.which("ip")):
            print("the ip netns checks need real root and ip(8): librns's side only")
        else:
            assert "rns-a" in ip("netns", "list")
            assert ip("netns", "exec", "rns-a", "ip", "-o", "link", "show").split(":")[1].strip() == "lo"
            assert int(ip("netns", "exec", "rns-a", "stat", "-L", "-c", "%i", "/proc/self/ns/net")) == \
                os.fstat(fd).st_ino
        librns.netns_delete("rns-a")
        with pytest.raises(FileNotFoundError) as e:
            librns.netns_open("rns-a")
        assert e.value.filename == "rns-a"
        assert not os.path.exists("/run/netns/rns-a") and mounts_of("rns-a") == 0
        assert librns.ns_type(fd) == NET  # our fd still holds the namespace
        os.close(fd)
        assert thread_ns("net") == net

    in_child(child)


def test_netns_interop_with_ip():
    # iproute2's namespace is ours to open, enter and delete; ours is iproute2's.
    def child():
        private_run()
        need_ip()
        ip("netns", "add", "ipx")
        fd = librns.netns_open("ipx")
        assert int(ip("netns", "exec", "ipx", "stat", "-L", "-c", "%i", "/proc/self/ns/net")) == \
            os.fstat(fd).st_ino
        with librns.Namespace(fd) as ns, librns.in_namespaces(ns, NET):  # an int would be a pid
            assert thread_ns("net")["net"] == os.fstat(fd).st_ino
        with pytest.raises(FileExistsError):
            librns.netns_add("ipx")
        librns.netns_delete("ipx")
        assert "ipx" not in ip("netns", "list")
        os.close(librns.netns_add("ry"))
        ip("netns", "exec", "ry", "ip", "link", "set", "lo", "up")
        assert "UP" in ip("netns", "exec", "ry", "ip", "-o", "link", "show", "lo")
        ip("netns", "del", "ry")
        assert not os.path.exists("/run/netns/ry") and mounts_of("ry") == 0
        with pytest.raises(FileNotFoundError):
            librns.netns_open("ry")

    in_child(child)


def test_netns_names_and_errors():
    def child():
        private_run()
        for bad in ("", ".", "..", "a/b", "/x", "n" * 256):
            for call in (librns.netns_add, librns.netns_delete, librns.netns_open):
                with pytest.raises(OSError) as e:
                    call(bad)
                assert e.value.errno == errno.EINVAL, (call, bad)
        for call in (librns.netns_delete, librns.netns_open):
            with pytest.raises(FileNotFoundError):
                call("missing")
        fd = librns.netns_add("twice")
        with pytest.raises(FileExistsError):
            librns.netns_add("twice")
        fd2 = librns.netns_open("twice")
        assert librns.ns_same(fd, fd2)
        os.close(fd), os.close(fd2)
        librns.netns_delete("twice")
        open("/run/netns/stale", "x").close()  # a placeholder left by an interrupted create
        with pytest.raises(FileNotFoundError):
            librns.netns_open("stale")
        librns.netns_delete("stale")
        assert not os.path.exists("/run/netns/stale")
        os.close(librns.netns_add("n" * 255))  # 255 bytes: a valid name
        librns.netns_delete("n" * 255)
        with pytest.raises(ValueError):
            librns.netns_add("a\0b")
        with pytest.raises(TypeError):
            librns.netns_add(5)

    in_child(child)
