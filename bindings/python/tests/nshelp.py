"""Helpers of the namespace tests (test_ns*.py, test_netns.py, test_prctl.py): privilege in a
forked child (root, or root of a user namespace of its own as uid 65534), and processes that
hold namespaces of their own (unshare(1)), to enter."""

import os
import subprocess

import pytest

import librns


def real_root() -> bool:
    """Root of the initial user namespace (not root of a user namespace of its own)."""
    with open("/proc/self/uid_map") as f:
        return os.geteuid() == 0 and f.read().split() == ["0", "0", "4294967295"]


def privileged(flags: int = 0) -> str:
    """In a forked child: gives it new namespaces of flags and privilege over them. As root,
    unshare(flags); otherwise unshare(CLONE_NEWUSER | flags) with our uid and gid mapped to
    0 (skips, saying why, where the kernel refuses). Returns "root" or "userns"."""
    if os.geteuid() == 0:
        if flags:
            librns.unshare(flags)
        return "root"
    uid, gid = os.geteuid(), os.getegid()
    try:
        librns.unshare(librns.CLONE_NEWUSER | flags)
    except OSError as e:
        pytest.skip(f"uid {uid}: no user namespace here ({e}); the case needs CAP_SYS_ADMIN")
    for path, text in (("/proc/self/setgroups", "deny"), ("/proc/self/uid_map", f"0 {uid} 1"),
                       ("/proc/self/gid_map", f"0 {gid} 1")):
        with open(path, "w") as f:
            f.write(text)
    return "userns"


def ns_ino(path: str) -> int:
    """The inode of a namespace file, its identity while it lives."""
    return os.stat(path).st_ino


def thread_ns(*types: str) -> dict:
    """{type: inode} of the calling thread's namespaces (/proc/thread-self/ns)."""
    return {t: ns_ino(f"/proc/thread-self/ns/{t}") for t in types}


class Holder:
    """A process in new namespaces (unshare -n -u, or the flags given) with host name
    `name`, sleeping until stop(); .pid, .ns(type) its namespace's inode. Not root: in a
    user namespace of its own too (-r), else unshare(1) could not make them."""

    def __init__(self, name: str = "rns-holder", unshare_args=("-n", "-u")):
        if os.geteuid() != 0:
            unshare_args = ("-r", *unshare_args)
        self.p = subprocess.Popen(
            ["unshare", *unshare_args, "sh", "-c", f"hostname {name} && echo ready && exec sleep 60"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = self.p.stdout.readline()
        if line != b"ready\n":
            err = self.p.stderr.read().decode()
            self.stop()
            raise AssertionError(f"unshare {' '.join(unshare_args)} could not start: {err}")
        self.pid = self.p.pid  # unshare and sh exec: the pid is the sleep's

    def ns(self, t: str) -> int:
        return ns_ino(f"/proc/{self.pid}/ns/{t}")

    def stop(self) -> None:
        self.p.kill()
        self.p.wait()
        self.p.stdout.close()
        self.p.stderr.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


_libc = None


def libc():
    """The C library through ctypes (use_errno), for the peers os lacks (prctl, mount)."""
    global _libc
    if _libc is None:
        import ctypes
        _libc = ctypes.CDLL(None, use_errno=True)
    return _libc


def mount(source, target, fstype, flags, data=None):
    import ctypes
    if libc().mount(source and source.encode(), target.encode(), fstype and fstype.encode(),
                    ctypes.c_ulong(flags), data and data.encode()) != 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e), target)


MS_REC, MS_PRIVATE = 0x4000, 1 << 18


def private_tmpfs(where: str) -> None:
    """In a forked child: a mount namespace of its own (privileged(CLONE_NEWNS) first), all
    mounts private, and a fresh tmpfs on where: nothing it mounts there is seen outside, and
    all of it goes with the child."""
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    mount("tmpfs", where, "tmpfs", 0, "mode=0755")
