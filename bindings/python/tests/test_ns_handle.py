"""Namespace identity and relations: ns_type, ns_userns, ns_parent, ns_owner_uid, ns_id,
ns_same, ns_pid_from/ns_pid_in, ns_open_id, listns and the Namespace class. Ported from the
Node binding's test/ns_handle.test.js. All read only, so they run in the pytest process; new
namespaces are unshare(1)'s children's."""

import errno
import os
import subprocess
import time

import pytest

import librns
from librns import Namespace

NET, UTS, USER, PID = librns.CLONE_NEWNET, librns.CLONE_NEWUTS, librns.CLONE_NEWUSER, librns.CLONE_NEWPID


def errno_of(fn, *args):
    with pytest.raises(OSError) as e:
        fn(*args)
    return e.value.errno


def test_ns_type_of_every_namespace_file():
    types = {"mnt": "CLONE_NEWNS", "cgroup": "CLONE_NEWCGROUP", "uts": "CLONE_NEWUTS",
             "ipc": "CLONE_NEWIPC", "user": "CLONE_NEWUSER", "pid": "CLONE_NEWPID",
             "pid_for_children": "CLONE_NEWPID", "net": "CLONE_NEWNET", "time": "CLONE_NEWTIME",
             "time_for_children": "CLONE_NEWTIME"}
    seen = 0
    for f, name in types.items():
        if os.path.exists(f"/proc/thread-self/ns/{f}"):
            with open(f"/proc/thread-self/ns/{f}", "rb") as fh:
                assert librns.ns_type(fh) == getattr(librns, name), f
            seen += 1
    assert seen >= 8


def test_not_a_namespace_and_closed_fds():
    net = os.open("/proc/thread-self/ns/net", os.O_RDONLY | os.O_CLOEXEC)
    nul = os.open("/dev/null", os.O_RDONLY | os.O_CLOEXEC)
    closed = os.open("/dev/null", os.O_RDONLY)
    os.close(closed)
    try:
        for fd, err in ((nul, errno.EINVAL), (closed, errno.EBADF)):
            for call in (librns.ns_type, librns.ns_userns, librns.ns_parent, librns.ns_owner_uid,
                         librns.ns_id):
                assert errno_of(call, fd) == err, call
            assert errno_of(librns.ns_same, fd, net) == err
            assert errno_of(librns.ns_same, net, fd) == err
        assert errno_of(Namespace, nul) == errno.EINVAL  # not adopted: still ours to close
        os.fstat(nul)
        with pytest.raises(ValueError):
            librns.ns_type(-1)  # a negative fd, as os.setns says
        with pytest.raises(TypeError):
            librns.ns_type("3")
        with pytest.raises(TypeError):
            Namespace(open("/proc/self/ns/net", "rb"))  # an int only: a file keeps its fd
    finally:
        os.close(net), os.close(nul)


def test_own_namespaces_ids_sameness_owner_no_parent():
    with Namespace.open(0, NET) as net, Namespace(os.open("/proc/thread-self/ns/net", os.O_RDONLY)) as net2, \
            Namespace.open(0, UTS) as uts, Namespace.from_path("/proc/self/ns/user") as user:
        assert net.type == NET and user.type == USER
        a, b = net.id, net2.id
        assert isinstance(a, librns.NsId) and a == b and isinstance(a.id, int)
        if not a.kernel:
            assert a.id == os.fstat(net.fileno()).st_ino
        assert uts.id != a
        assert net == net2 and net != uts and hash(net) == hash(net2)
        assert len({net, net2, uts}) == 2
        assert librns.ns_same(net, net2.fileno())  # a Namespace is an fd
        with net.owner() as owner:
            assert owner == user and owner.type == USER
        assert errno_of(net.parent) == errno.EINVAL
        assert errno_of(user.parent) == errno.EPERM  # the initial namespace: none visible
        assert errno_of(user.owner) == errno.EPERM
        assert errno_of(lambda: net.owner_uid) == errno.EINVAL
        assert isinstance(user.owner_uid, int)
        assert net.__eq__(3) is NotImplemented
        net2.close()
        net2.close()  # again: nothing
        assert net2.closed
        for call in (net2.fileno, lambda: net2.type, lambda: net2.id, net2.owner, net2.parent,
                     lambda: net == net2):
            with pytest.raises(ValueError):
                call()


def _wait_for(cond, what):
    for _ in range(250):
        v = cond()
        if v:
            return v
        time.sleep(0.02)
    pytest.fail(f"timed out waiting for {what}")


def test_child_user_namespace_parent_owner_uid():
    # A child's new user namespace: its parent and owner are ours, its owner uid our euid.
    p = subprocess.Popen(["unshare", "--user", "--net", "sleep", "30"])
    try:
        with Namespace.open(0, USER) as ours:
            def theirs():
                try:
                    n = Namespace.open(p.pid, USER)
                except OSError:
                    return None
                if n == ours:
                    n.close()
                    return None
                return n
            with _wait_for(theirs, "unshare --user") as t, Namespace.open(p.pid, NET) as net:
                with t.parent() as parent, t.owner() as owner, net.owner() as net_owner:
                    assert parent == ours and owner == ours and net_owner == t
                assert t.owner_uid == os.geteuid()
                assert errno_of(net.parent) == errno.EINVAL
                assert t.id != ours.id
    finally:
        p.kill()
        p.wait()


def nspid(pid):
    with open(f"/proc/{pid}/status") as f:
        line = next(x for x in f if x.startswith("NSpid:"))
    return [int(x) for x in line.split()[1:]]


def test_ns_pid_from_in_own_namespace_and_errors():
    with Namespace.open(0, PID) as pid, open("/proc/self/ns/net", "rb") as net:
        me = os.getpid()
        assert librns.ns_pid_from(pid, me) == me
        assert pid.pid_in(me, librns.NS_PID_TGID) == me
        assert errno_of(librns.ns_pid_from, net, 1) == errno.EINVAL
        assert errno_of(pid.pid_from, 0) == errno.EINVAL
        assert errno_of(pid.pid_in, me, 2) == errno.EINVAL
        with pytest.raises(ValueError):
            pid.pid_in(me, -1)  # flags are unsigned, as os's pidfd_open flags
        with pytest.raises(TypeError):
            librns.ns_pid_from(pid, "1")


def test_ns_pid_from_in_child_pid_namespace_against_nspid():
    p = subprocess.Popen(["unshare", "--user", "--map-root-user", "--pid", "--fork", "sleep", "30"])
    try:
        def inner():
            try:
                with open(f"/proc/{p.pid}/task/{p.pid}/children") as f:
                    kids = f.read().split()
                return int(kids[0]) if kids and len(nspid(int(kids[0]))) == 2 else None
            except OSError:
                return None
        pid = _wait_for(inner, "unshare --pid --fork")
        outer, there = nspid(pid)
        assert (outer, there) == (pid, 1)
        with Namespace.open(pid, PID) as ns:
            assert ns.pid_from(there) == outer
            assert librns.ns_pid_from(ns, there, librns.NS_PID_TGID) == outer
            assert ns.pid_in(outer) == there
            assert errno_of(ns.pid_in, os.getpid()) == errno.ESRCH  # we are outside it
            assert errno_of(ns.pid_from, 2) == errno.ESRCH
    finally:
        p.kill()
        p.wait()


def test_ns_open_id_reopens_our_net_namespace():
    with Namespace.open(0, NET) as net:
        nid, kernel = net.id
        ino = os.fstat(net.fileno()).st_ino
        if not kernel:
            assert errno_of(librns.ns_open_id, nid, NET, ino) == errno.ENOSYS
            pytest.skip("no kernel namespace ids (before Linux 6.18): ENOSYS checked")
        with Namespace.open_id(nid, NET, ino) as again:
            assert again == net
        assert errno_of(librns.ns_open_id, nid, NET, ino + 1) == errno.ENOENT
        assert errno_of(librns.ns_open_id, nid, UTS, ino) == errno.ENOENT
        assert errno_of(librns.ns_open_id, 0, NET, ino) == errno.EINVAL
        assert errno_of(librns.ns_open_id, nid, NET, 0) == errno.EINVAL
        with pytest.raises(OverflowError):
            librns.ns_open_id(-1, NET, ino)
        with pytest.raises(OverflowError):
            librns.ns_open_id(2**64, NET, ino)
        with pytest.raises(TypeError):
            librns.ns_open_id("1", NET, ino)


def test_listns_lists_our_net_namespace_or_enosys():
    with pytest.raises(ValueError):
        librns.listns(max=-1)
    assert errno_of(librns.listns, 0, 1) == errno.EINVAL  # unknown bits, on every kernel
    with Namespace.open(0, NET) as net:
        mine = net.id
    try:
        ids = librns.listns(nstypes=NET, max=64)
    except OSError as e:
        assert e.errno == errno.ENOSYS, e
        pytest.skip("no listns(2) here (a kernel before 6.19): ENOSYS, as documented")
    after = 0
    for _ in range(100000):
        if not ids:
            break
        assert all(i > after for i in ids) and ids == sorted(ids)
        if mine.id in ids:
            return
        after = ids[-1]
        ids = librns.listns(after_id=after, nstypes=NET, max=64)
    pytest.fail(f"our net namespace {mine} is not listed")
