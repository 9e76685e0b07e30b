"""Namespace identity and relations (type, id, owner, parent, pid translation, listns) and
the Namespace handle over them. Every call reads only."""

import ctypes
import operator
import os
from typing import Any, List, NamedTuple, Optional

from . import _constants as K
from ._args import c_int, c_uint, check, fd as _fd, u64
from ._closing import Closing
from ._lib import lib as _L
from ._ns import PathLike, ns_open


class NsId(NamedTuple):
    """A namespace's id: the kernel's never-reused id (kernel True, Linux 6.18+) or its
    namespace file's inode number (kernel False; reused once the namespace is gone)."""
    id: int
    kernel: bool


def ns_type(fd: Any) -> int:
    """The CLONE_NEW* type of the namespace file fd (an int or fileno() object).
    Scope: reads only."""
    return check(_L.rns_ns_type(_fd(fd)))


def ns_userns(fd: Any) -> int:
    """An fd (O_CLOEXEC; the caller closes it) of the user namespace that owns the namespace
    fd. Scope: reads only."""
    return check(_L.rns_ns_userns(_fd(fd)))


def ns_parent(fd: Any) -> int:
    """An fd (O_CLOEXEC; the caller closes it) of the parent of the pid or user namespace
    fd. Scope: reads only."""
    return check(_L.rns_ns_parent(_fd(fd)))


def ns_owner_uid(fd: Any) -> int:
    """The uid of the creator of the user namespace fd, as the caller's user namespace maps
    it (65534 when unmapped). Scope: reads only."""
    uid = ctypes.c_uint32()
    check(_L.rns_ns_owner_uid(_fd(fd), ctypes.byref(uid)))
    return uid.value


def ns_id(fd: Any) -> NsId:
    """The namespace fd's id, NsId(id, kernel). Scope: reads only."""
    v = ctypes.c_uint64()
    r = check(_L.rns_ns_id(_fd(fd), ctypes.byref(v)))
    return NsId(v.value, r == K.NS_ID_KERNEL)


def ns_same(fd1: Any, fd2: Any) -> bool:
    """Whether the namespace fds fd1 and fd2 refer to the same namespace. Scope: reads only."""
    return check(_L.rns_ns_same(_fd(fd1), _fd(fd2))) == 1


def ns_pid_from(fd: Any, pid: int, flags: int = 0) -> int:
    """The caller's pid for pid of the pid namespace fd (flags NS_PID_TGID: its process's);
    Linux 6.9. Scope: reads only."""
    return check(_L.rns_ns_pid_from(_fd(fd), c_int(pid), c_uint(flags)))


def ns_pid_in(fd: Any, pid: int, flags: int = 0) -> int:
    """The pid the pid namespace fd gives to the caller's pid (the reverse of ns_pid_from);
    Linux 6.9. Scope: reads only."""
    return check(_L.rns_ns_pid_in(_fd(fd), c_int(pid), c_uint(flags)))


def ns_open_id(id: int, nstype: int, ino: int) -> int:
    """An fd (O_CLOEXEC; the caller closes it) of the namespace with kernel id id (ns_id's,
    kernel True), type nstype and inode ino, through an nsfs file handle (Linux 6.18).
    Scope: reads only."""
    return check(_L.rns_ns_open_id(u64(id, "id"), c_int(nstype), u64(ino, "ino")))


def listns(after_id: int = 0, nstypes: int = 0, owner_id: int = 0, max: int = 1024) -> List[int]:
    """Up to max kernel ids of the namespaces the caller may see, ascending (listns(2),
    Linux 6.19; ENOSYS before): of the types nstypes (0: all), owned by the user namespace
    owner_id (0: any), above after_id (pass the last id for the next page). Scope: reads only."""
    n = operator.index(max)
    if n < 0:
        raise ValueError(f"max must not be negative ({n})")
    buf = (ctypes.c_uint64 * (n or 1))()
    got = check(_L.rns_listns(u64(after_id, "after_id"), c_int(nstypes),
                               u64(owner_id, "owner_id"), buf, n))
    return list(buf[:got])


class Namespace(Closing):
    """An open namespace: its nsfs file's fd (O_CLOEXEC), owned and closed by this object
    (close(), the with block, or the garbage collector). Pass it where an fd goes: setns,
    in_namespaces, ns_same, spawn's join. Equal when it is the same namespace."""

    __slots__ = ("_fd", "_hash", "__weakref__")

    def __init__(self, fd: int) -> None:
        """Adopts fd, a namespace file's fd (checked with ns_type: OSError, fd not adopted,
        when it is none)."""
        fd = operator.index(fd)  # an int only: a file object keeps its own fd
        ns_type(fd)
        self._fd = fd
        self._hash: Optional[int] = None

    @classmethod
    def _wrap(cls, fd: int) -> "Namespace":
        """A Namespace of an fd just opened here; the fd is closed if that fails."""
        try:
            return cls(fd)
        except BaseException:
            os.close(fd)
            raise

    @classmethod
    def open(cls, pid: int, nstype: int) -> "Namespace":
        """Process pid's namespace of type nstype (pid 0: the calling thread's), as ns_open."""
        return cls._wrap(ns_open(pid, nstype))

    @classmethod
    def open_id(cls, id: int, nstype: int, ino: int) -> "Namespace":
        """The namespace with that kernel id, type and inode, as ns_open_id."""
        return cls._wrap(ns_open_id(id, nstype, ino))

    @classmethod
    def from_path(cls, path: PathLike) -> "Namespace":
        """The namespace file at path (/proc/PID/ns/X, a bind mount of one)."""
        return cls._wrap(os.open(path, os.O_RDONLY | os.O_CLOEXEC))

    def fileno(self) -> int:
        """The fd; ValueError once closed."""
        if self._fd < 0:
            raise ValueError("Namespace: the namespace file is closed")
        return self._fd

    @property
    def closed(self) -> bool:
        """Whether close() was called."""
        return self._fd < 0

    def close(self) -> None:
        """Closes the fd (again: nothing happens)."""
        fd, self._fd = self._fd, -1
        if fd >= 0:
            os.close(fd)

    @property
    def type(self) -> int:
        """Its CLONE_NEW* type."""
        return ns_type(self.fileno())

    @property
    def id(self) -> NsId:
        """Its id (ns_id)."""
        return ns_id(self.fileno())

    @property
    def owner_uid(self) -> int:
        """The uid of its creator (a user namespace; EINVAL for another type)."""
        return ns_owner_uid(self.fileno())

    def owner(self) -> "Namespace":
        """The user namespace that owns it, a new Namespace."""
        return Namespace._wrap(ns_userns(self.fileno()))

    def parent(self) -> "Namespace":
        """Its parent (pid and user namespaces only), a new Namespace."""
        return Namespace._wrap(ns_parent(self.fileno()))

    def pid_from(self, pid: int, flags: int = 0) -> int:
        """The caller's pid for pid of this pid namespace (ns_pid_from)."""
        return ns_pid_from(self.fileno(), pid, flags)

    def pid_in(self, pid: int, flags: int = 0) -> int:
        """This pid namespace's pid for the caller's pid (ns_pid_in)."""
        return ns_pid_in(self.fileno(), pid, flags)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Namespace):
            return NotImplemented
        return other is self or ns_same(self.fileno(), other.fileno())

    def __hash__(self) -> int:
        if self._hash is None:  # equal namespaces have equal ids (ns_same compares those)
            self._hash = hash(self.id)
        return self._hash

    def __repr__(self) -> str:
        if self._fd < 0:
            return "<librns.Namespace closed>"
        return f"<librns.Namespace fd={self._fd} type={self.type:#x} id={self.id.id}>"
