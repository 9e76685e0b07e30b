"""Namespaces beyond os.setns/os.unshare: by path and by pid, host names, named network
namespaces, persisted namespaces, user namespaces with maps, and running code in other
namespaces (on the calling thread with in_namespaces, or on a fresh thread with run_in_ns).
Each docstring's Scope line is the header's (include/rns.h)."""

import os
from typing import Any, Union

from ._args import c_int, check, cstr, fd as _fd
from ._lib import lib as _L

StrOrBytes = Union[str, bytes]
PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]


def _check(r: int, filename: Any = None) -> int:
    # the file name as os.open gives it: str or bytes (os.fspath of a PathLike)
    return check(r, None if filename is None else os.fspath(filename))


# --- entering by path or pid -------------------------------------------------------------

def setns_path(path: PathLike, nstype: int = 0) -> None:
    """Opens path (a namespace file, /proc/PID/ns/X or a bind mount of one) and moves the
    calling thread into that namespace; nstype 0 takes any type. Errors name path as
    filename, as os.open's do. Scope: calling thread."""
    _check(_L.rns_setns_path(cstr(path, "path"), c_int(nstype)), path)


def ns_open(pid: int, nstype: int) -> int:
    """An fd (O_CLOEXEC; the caller closes it) of process pid's namespace of type nstype
    (exactly one CLONE_NEW*, optionally | NS_FOR_CHILDREN for pid/time); pid 0 is the calling
    thread. Scope: reads only."""
    return _check(_L.rns_ns_open(c_int(pid), c_int(nstype)))


def setns_pid(pid: int, nstypes: int) -> None:
    """Moves the calling thread into process pid's namespaces of the types nstypes (an OR of
    CLONE_NEW*), atomically where setns takes a pidfd (Linux 5.8), as `nsenter -t PID` does.
    Scope: calling thread."""
    _check(_L.rns_setns_pid(c_int(pid), c_int(nstypes)))


# --- host and domain names ---------------------------------------------------------------

def sethostname(name: StrOrBytes) -> None:
    """Sets the host name (at most 64 bytes) of the calling thread's UTS namespace, as
    socket.sethostname does. Scope: the calling thread's UTS namespace (every process in
    it sees the new name)."""
    _check(_L.rns_sethostname(cstr(name, "name")))


def setdomainname(name: StrOrBytes) -> None:
    """Sets the NIS domain name (at most 64 bytes) of the calling thread's UTS namespace.
    Scope: the calling thread's UTS namespace (every process in it sees the new name)."""
    _check(_L.rns_setdomainname(cstr(name, "name")))


# --- user namespaces, named network namespaces, persisted namespaces ---------------------

def userns_acquire(uid_map: StrOrBytes, gid_map: StrOrBytes, flags: int = 0) -> int:
    """An fd (O_CLOEXEC; the caller closes it) of a new user namespace with the given maps,
    /proc/PID/uid_map lines ("0 1000 1"); the caller does not enter it. Scope: library-owned
    (a new user namespace held by the fd; nothing of the caller's changes)."""
    return _check(_L.rns_userns_acquire(cstr(uid_map, "uid_map"), cstr(gid_map, "gid_map"),
                                        c_int(flags)))


def netns_add(name: StrOrBytes) -> int:
    """Creates the network namespace /run/netns/NAME, as `ip netns add NAME` does, and
    returns an fd of it (O_CLOEXEC; the caller closes it; the namespace lives on until
    netns_delete). The calling thread never moves. Errors name name as filename.
    Scope: the filesystem (/run/netns); the calling thread is not changed."""
    return _check(_L.rns_netns_add(cstr(name, "name")), name)


def netns_open(name: StrOrBytes) -> int:
    """An fd (O_CLOEXEC; the caller closes it) of the network namespace named name (ours or
    one `ip netns add` made). Scope: reads only (a new fd)."""
    return _check(_L.rns_netns_open(cstr(name, "name")), name)


def netns_delete(name: StrOrBytes) -> None:
    """Deletes the network namespace named name, as `ip netns del NAME` does.
    Scope: the filesystem (/run/netns); the calling thread is not changed."""
    _check(_L.rns_netns_delete(cstr(name, "name")), name)


def ns_persist(fd: Any, path: PathLike) -> None:
    """Bind-mounts the namespace fd (an int or fileno() object) on path, a new file, as
    `unshare --net=FILE` does: it outlives its processes until ns_unpersist(path).
    Scope: the filesystem (a bind mount on path); the calling thread is not changed."""
    _check(_L.rns_ns_persist(_fd(fd), cstr(path, "path")), path)


def ns_unpersist(path: PathLike) -> None:
    """Undoes ns_persist (or `unshare --net=FILE`): detaches the bind mount on path and
    removes the file; anything but a namespace bind mount is EINVAL, left as it is.
    Scope: the filesystem; the calling thread is not changed."""
    _check(_L.rns_ns_unpersist(cstr(path, "path")), path)
