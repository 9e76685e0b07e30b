"""Credentials: os's names, signatures and errors over librns (include/rns.h)."""

import ctypes
import errno
import os
from typing import List, Sequence, Tuple, Union

from ._args import check, gid as _gid, gid_array, uid as _uid
from ._lib import lib as _L


def _ids3(fn):
    a, b, c = ctypes.c_uint32(), ctypes.c_uint32(), ctypes.c_uint32()
    check(fn(ctypes.byref(a), ctypes.byref(b), ctypes.byref(c)))
    return (a.value, b.value, c.value)


def getresuid() -> Tuple[int, int, int]:
    """(real, effective, saved) user ids. Scope: reads only."""
    return _ids3(_L.rns_getresuid)


def getresgid() -> Tuple[int, int, int]:
    """(real, effective, saved) group ids. Scope: reads only."""
    return _ids3(_L.rns_getresgid)


def setresuid(ruid: int, euid: int, suid: int, /) -> None:
    """Sets the real, effective and saved user ids (-1 keeps one). Scope: process (every thread)."""
    check(_L.rns_setresuid(_uid(ruid), _uid(euid), _uid(suid)))


def setresgid(rgid: int, egid: int, sgid: int, /) -> None:
    """Sets the real, effective and saved group ids (-1 keeps one). Scope: process (every thread)."""
    check(_L.rns_setresgid(_gid(rgid), _gid(egid), _gid(sgid)))


def setuid(uid: int, /) -> None:
    """Sets the user id (setuid(2)). Scope: process (every thread)."""
    check(_L.rns_setuid(_uid(uid)))


def setgid(gid: int, /) -> None:
    """Sets the group id (setgid(2)). Scope: process (every thread)."""
    check(_L.rns_setgid(_gid(gid)))


def seteuid(euid: int, /) -> None:
    """Sets the effective user id. Scope: process (every thread)."""
    check(_L.rns_seteuid(_uid(euid)))


def setegid(egid: int, /) -> None:
    """Sets the effective group id. Scope: process (every thread)."""
    check(_L.rns_setegid(_gid(egid)))


def setreuid(ruid: int, euid: int, /) -> None:
    """Sets the real and effective user ids (-1 keeps one). Scope: process (every thread)."""
    check(_L.rns_setreuid(_uid(ruid), _uid(euid)))


def setregid(rgid: int, egid: int, /) -> None:
    """Sets the real and effective group ids (-1 keeps one). Scope: process (every thread)."""
    check(_L.rns_setregid(_gid(rgid), _gid(egid)))


def _gid_list(fill):
    """Calls fill(array, size) until the list fits: the count may grow between the calls
    (getgroups says so with EINVAL, getgrouplist with a count larger than size)."""
    n = check(fill(None, 0))
    while True:
        buf = (ctypes.c_uint32 * max(n, 1))()
        r = fill(buf, n)
        if 0 <= r <= n:
            return list(buf[:r])
        n = r if r > n else check(fill(None, 0)) if r == -errno.EINVAL else check(r)


def getgroups() -> List[int]:
    """The supplementary group ids. Scope: reads only."""
    return _gid_list(_L.rns_getgroups)


def setgroups(groups: Sequence[int], /) -> None:
    """Replaces the supplementary group ids with the sequence groups. Scope: process (every thread)."""
    buf, n = gid_array(groups, "setgroups")
    check(_L.rns_setgroups(buf, n))


def initgroups(username: Union[str, bytes, "os.PathLike[str]"], gid: int, /) -> None:
    """Sets the supplementary groups to the database's for username, plus gid.
    Scope: process (every thread)."""
    name = os.fsencode(username)
    if b"\0" in name:
        raise ValueError("embedded null byte")
    check(_L.rns_initgroups(name, _gid(gid)))


def getgrouplist(user: str, group: int, /) -> List[int]:
    """The groups the database gives user, plus group. Scope: reads only."""
    if not isinstance(user, str):
        raise TypeError(f"getgrouplist() argument 1 must be str, not {type(user).__name__}")
    name = user.encode()
    if b"\0" in name:
        raise ValueError("embedded null character")
    g = _gid(group)
    return _gid_list(lambda buf, n: _L.rns_getgrouplist(name, g, buf, n))
