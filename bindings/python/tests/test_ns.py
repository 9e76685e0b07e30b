"""setns_path, ns_open, setns_pid, sethostname/setdomainname, userns_acquire, ns_persist and
errname/strerror, each beside its peer: os.setns (3.12+), nsenter(1), unshare(1), hostname(1),
socket.sethostname, libc. State changes run in a forked child (in_child)."""

import errno
import fcntl
import os
import pathlib
import socket
import subprocess

import pytest

import librns
from conftest import in_child
from nshelp import Holder, libc, privileged, private_tmpfs, thread_ns

NET, UTS, USER = librns.CLONE_NEWNET, librns.CLONE_NEWUTS, librns.CLONE_NEWUSER


def sh(*argv) -> str:
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout.strip()


def dead_pid() -> int:
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


# --- setns_path ---------------------------------------------------------------------------

@pytest.mark.parametrize("how", ["librns", "os", "nsenter"])
def test_setns_path_into_a_holder(how):
    # The same namespace file entered three ways: librns.setns_path, os.setns on an open file
    # (3.12+), nsenter --uts=FILE; each then reads the holder's host name.
    if how == "os" and not hasattr(os, "setns"):
        pytest.skip("os.setns: not in this Python (3.12+); librns and nsenter columns run")

    def child():
        privileged()
        with Holder("rns-setns-path") as h:
            path = f"/proc/{h.pid}/ns/uts"
            if how == "nsenter":
                assert sh("nsenter", f"--uts={path}", "hostname") == "rns-setns-path"
                return
            if how == "os":
                with open(path, "rb") as f:
                    os.setns(f.fileno(), os.CLONE_NEWUTS)
            else:
                librns.setns_path(pathlib.Path(path), UTS)
            assert socket.gethostname() == "rns-setns-path"
            assert thread_ns("uts")["uts"] == h.ns("uts")

    in_child(child)


def test_setns_path_errors():
    # os.open's errors, filename included, for a missing file (str, bytes, PathLike).
    for p in ("/nonexistent/ns", b"/nonexistent/ns", pathlib.Path("/nonexistent/ns")):
        with pytest.raises(FileNotFoundError) as e:
            librns.setns_path(p, NET)
        with pytest.raises(FileNotFoundError) as peer:
            os.open(p, os.O_RDONLY)
        assert (e.value.errno, e.value.strerror, e.value.filename) == \
               (peer.value.errno, peer.value.strerror, peer.value.filename)
    with pytest.raises(OSError) as e:
        librns.setns_path("/proc/self/ns/uts", NET)  # the wrong type
    assert e.value.errno == errno.EINVAL and e.value.filename == "/proc/self/ns/uts"
    with pytest.raises(OSError) as e:
        librns.setns_path("/dev/null")  # not a namespace file
    assert e.value.errno == errno.EINVAL
    with pytest.raises(ValueError):
        librns.setns_path("/proc/self/ns/net\0x")
    with pytest.raises(TypeError):
        librns.setns_path(5)
    with pytest.raises(TypeError):
        librns.setns_path("/proc/self/ns/net", "x")
    with pytest.raises(OverflowError):
        librns.setns_path("/proc/self/ns/net", 2**31)


# --- ns_open ------------------------------------------------------------------------------

def test_ns_open_own_and_others():
    with Holder("rns-ns-open") as h:
        for pid, want in ((0, thread_ns("net")["net"]), (h.pid, h.ns("net"))):
            fd = librns.ns_open(pid, NET)
            try:
                assert fcntl.fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC
                assert os.fstat(fd).st_ino == want
                assert librns.ns_type(fd) == NET
            finally:
                os.close(fd)
    fd = librns.ns_open(os.getpid(), librns.CLONE_NEWPID | librns.NS_FOR_CHILDREN)
    try:
        assert os.fstat(fd).st_ino == os.stat("/proc/self/ns/pid_for_children").st_ino
    finally:
        os.close(fd)


def test_ns_open_errors():
    for pid, t, err in ((0, 0, errno.EINVAL), (0, NET | UTS, errno.EINVAL), (-1, NET, errno.EINVAL),
                        (dead_pid(), NET, errno.ESRCH),
                        (0, NET | librns.NS_FOR_CHILDREN, errno.EINVAL)):
        with pytest.raises(OSError) as e:
            librns.ns_open(pid, t)
        assert e.value.errno == err, (pid, t)
    with pytest.raises(TypeError):
        librns.ns_open("1", NET)


# --- setns_pid ----------------------------------------------------------------------------

def test_setns_pid_beside_nsenter():
    # The holder's net and UTS namespaces, entered at once; nsenter -t PID -n -u sees the same.
    def child():
        privileged()
        with Holder("rns-setns-pid") as h:
            peer = sh("nsenter", "-t", str(h.pid), "-n", "-u", "sh", "-c",
                      "hostname; stat -L -c %i /proc/self/ns/net /proc/self/ns/uts").split()
            librns.setns_pid(h.pid, NET | UTS)
            mine = thread_ns("net", "uts")
            assert [socket.gethostname(), str(mine["net"]), str(mine["uts"])] == peer
            assert mine == {"net": h.ns("net"), "uts": h.ns("uts")}

    in_child(child)


def test_setns_pid_errors():
    for pid, t, err in ((0, NET, errno.EINVAL), (-5, NET, errno.EINVAL), (os.getpid(), 0, errno.EINVAL),
                        (dead_pid(), NET, errno.ESRCH), (os.getpid(), 1, errno.EINVAL)):
        with pytest.raises(OSError) as e:
            librns.setns_pid(pid, t)  # refused before any change
        assert e.value.errno == err, (pid, t)
    with pytest.raises(ProcessLookupError):
        librns.setns_pid(dead_pid(), NET)
    with pytest.raises(OverflowError):
        librns.setns_pid(2**31, NET)
    if os.geteuid() != 0:  # pid 1 is root's: no ptrace access, as nsenter -t 1 is refused
        with pytest.raises(PermissionError):
            librns.setns_pid(1, NET)
        assert subprocess.run(["nsenter", "-t", "1", "-n", "true"], capture_output=True).returncode != 0


# --- sethostname, setdomainname -----------------------------------------------------------

def test_sethostname_beside_socket_and_hostname():
    def child():
        privileged(UTS)
        librns.sethostname("rns-a")
        assert socket.gethostname() == "rns-a" == sh("hostname")
        socket.sethostname(b"rns-b")  # the peer: the same namespace, read back by librns's caller
        assert socket.gethostname() == "rns-b"
        librns.sethostname(b"x" * 64)  # 64 bytes: the most
        assert sh("hostname") == "x" * 64
        for mod in (librns, socket):
            with pytest.raises(OSError) as e:
                mod.sethostname("y" * 65)
            assert e.value.errno == errno.EINVAL, mod
        assert socket.gethostname() == "x" * 64  # refused: unchanged
        with pytest.raises(ValueError):
            librns.sethostname("a\0b")
        with pytest.raises(TypeError):
            librns.sethostname(5)
        librns.sethostname("")
        assert socket.gethostname() == ""

    in_child(child)


def test_setdomainname_beside_libc():
    def domain():
        with open("/proc/sys/kernel/domainname") as f:
            return f.read().strip()

    def child():
        privileged(UTS)
        librns.setdomainname("rns.example")
        assert domain() == "rns.example"
        assert libc().setdomainname(b"peer.example", 12) == 0
        assert domain() == "peer.example"
        with pytest.raises(OSError) as e:
            librns.setdomainname("d" * 65)
        assert e.value.errno == errno.EINVAL and domain() == "peer.example"

    in_child(child)


def test_sethostname_unprivileged_eperm():
    if os.geteuid() == 0:
        pytest.skip("as root the call succeeds (the uid 65534 run checks EPERM)")

    def child():
        for call in (librns.sethostname, librns.setdomainname, socket.sethostname):
            with pytest.raises(PermissionError):
                call("rns-nope")

    in_child(child)


# --- userns_acquire -----------------------------------------------------------------------

def _maps_inside(fd):
    """uid_map and gid_map as a process sees them inside the user namespace fd (a forked
    child enters it: setns into a user namespace needs a single-threaded process)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            librns.setns(fd, USER)
            text = "".join(open(f"/proc/self/{m}").read() for m in ("uid_map", "gid_map"))
            os.write(w, text.encode())
        finally:
            os._exit(0)
    os.close(w)
    with os.fdopen(r) as f:
        out = f.read()
    os.waitpid(pid, 0)
    return out.split()


def test_userns_acquire_beside_unshare():
    uid, gid = os.geteuid(), os.getegid()
    fd = librns.userns_acquire(f"0 {uid} 1", f"0 {gid} 1")
    try:
        assert fcntl.fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC
        assert librns.ns_type(fd) == USER
        assert librns.ns_owner_uid(fd) == uid
        with librns.Namespace(os.dup(fd)) as ns, librns.Namespace.open(0, USER) as ours:
            assert ns.parent() == ours and ns != ours
        peer = sh("unshare", "--user", "--map-root-user", "cat", "/proc/self/uid_map",
                  "/proc/self/gid_map").split()
        assert _maps_inside(fd) == ["0", str(uid), "1", "0", str(gid), "1"] == peer
    finally:
        os.close(fd)
    assert thread_ns("user")["user"] == os.stat("/proc/self/ns/user").st_ino  # not entered


def test_userns_acquire_errors():
    uid = os.geteuid()
    for umap, err in (("0 0", errno.EINVAL), (f"0 {uid} 0", errno.EINVAL), ("x y z", errno.EINVAL),
                      ("0 0 10\n5 100 1", errno.EINVAL),  # inside ranges overlap
                      ("\n".join(f"{i} {i} 1" for i in range(341)), errno.E2BIG)):
        with pytest.raises(OSError) as e:
            librns.userns_acquire(umap, f"0 {os.getegid()} 1")
        assert e.value.errno == err, umap
    with pytest.raises(OSError) as e:
        librns.userns_acquire(f"0 {uid} 1", f"0 {os.getegid()} 1", 1)
    assert e.value.errno == errno.EINVAL
    with pytest.raises(TypeError):
        librns.userns_acquire(0, "0 0 1")
    with pytest.raises(ValueError):
        librns.userns_acquire("0 0 1\0", "0 0 1")
    if uid != 0:  # an ordinary user may map only its own ids (no newuidmap here)
        with pytest.raises(PermissionError):
            librns.userns_acquire("0 0 1", f"0 {os.getegid()} 1")
    else:
        fd = librns.userns_acquire("0 100000 65536", "0 100000 65536")
        try:
            assert _maps_inside(fd) == ["0", "100000", "65536", "0", "100000", "65536"]
        finally:
            os.close(fd)


# --- ns_persist, ns_unpersist -------------------------------------------------------------

def test_ns_persist_beside_unshare_file():
    # Persisted by librns and by unshare --uts=FILE: each outlives its process, nsenter joins
    # it by path, and each side undoes the other's. On a tmpfs of the child's own (/tmp in
    # a private mount namespace): nothing is seen outside.
    def child():
        privileged(librns.CLONE_NEWNS)
        private_tmpfs("/tmp")
        with Holder("rns-kept") as h:
            fd = librns.ns_open(h.pid, UTS)
            librns.ns_persist(fd, "/tmp/ours")
            with pytest.raises(FileExistsError) as e:
                librns.ns_persist(fd, "/tmp/ours")
            assert e.value.filename == "/tmp/ours"
            os.close(fd)
        open("/tmp/theirs", "x").close()  # unshare(1) binds on an existing file
        subprocess.run(["unshare", "--uts=/tmp/theirs", "hostname", "rns-theirs"], check=True)
        assert sh("nsenter", "--uts=/tmp/ours", "hostname") == "rns-kept"  # its process is gone
        librns.setns_path("/tmp/theirs", UTS)
        assert socket.gethostname() == "rns-theirs"
        librns.ns_unpersist("/tmp/theirs")
        subprocess.run(["umount", "/tmp/ours"], check=True)  # the peer's undo: umount, rm
        os.unlink("/tmp/ours")
        assert os.listdir("/tmp") == []
        with pytest.raises(FileNotFoundError):
            librns.ns_unpersist("/tmp/theirs")
        with open("/tmp/plain", "w") as f:
            with pytest.raises(OSError) as e:
                librns.ns_unpersist("/tmp/plain")  # not a namespace: left as it is
            assert e.value.errno == errno.EINVAL and os.path.exists("/tmp/plain")
            with pytest.raises(OSError) as e:
                librns.ns_persist(f, "/tmp/other")  # not a namespace fd
            assert e.value.errno == errno.EINVAL and not os.path.exists("/tmp/other")
        with pytest.raises(ValueError):
            librns.ns_persist(-1, "/tmp/other")

    in_child(child)


# --- errname, strerror --------------------------------------------------------------------

ALIASES = {"EWOULDBLOCK": "EAGAIN", "EDEADLOCK": "EDEADLK", "ENOTSUP": "EOPNOTSUPP"}


def test_errname_strerror_beside_errno_module():
    for n, name in errno.errorcode.items():
        assert librns.errname(n) == ALIASES.get(name, name) == librns.errname(-n), n
        assert librns.strerror(n) == librns.strerror(-n)
    assert librns.strerror(errno.EPERM) == os.strerror(errno.EPERM) == "Operation not permitted"
    assert librns.strerror(errno.ENOENT) == os.strerror(errno.ENOENT)
    assert (librns.errname(0), librns.strerror(0)) == ("OK", "Success")
    assert (librns.errname(100000), librns.strerror(100000)) == ("UNKNOWN", "Unknown error")
    with pytest.raises(TypeError):
        librns.errname("1")
    with pytest.raises(OverflowError):
        librns.strerror(2**40)
