"""The seed family: os's names, signatures and errors over librns (include/rns.h).
Each docstring's Scope line is the header's: what the call changes."""

import ctypes
from typing import Protocol, Union

from ._args import c_int, check, fd as _fd, raise_errno
from ._lib import lib as _L


class HasFileno(Protocol):
    def fileno(self) -> int: ...


FdLike = Union[int, HasFileno]


# --- namespaces -------------------------------------------------------------------------

def setns(fd: FdLike, nstype: int = 0) -> None:
    """Moves the calling thread into the namespace of fd (an int or an object with fileno()),
    a namespace file or a pidfd, as os.setns. Scope: calling thread."""
    check(_L.rns_setns(_fd(fd), c_int(nstype)))


def unshare(flags: int) -> None:
    """Gives the calling thread new namespaces (an OR of CLONE_*), as os.unshare.
    Scope: calling thread."""
    check(_L.rns_unshare(c_int(flags)))


# --- process groups and sessions ----------------------------------------------------------

_rns_getpgid = _L.rns_getpgid  # a global: one lookup less on the hot path


def getpgid(pid: int) -> int:
    """The process group id of process pid (0: the caller). Scope: reads only."""
    if type(pid) is not int or not -0x80000000 <= pid <= 0x7FFFFFFF:
        pid = c_int(pid)
    r = _rns_getpgid(pid)
    if r < 0:  # inline, not check(): one call less on the benchmarked path
        raise_errno(r)
    return r


def setpgid(pid: int, pgrp: int, /) -> None:
    """Moves process pid (0: the caller) into group pgrp (0: its own). Scope: process."""
    check(_L.rns_setpgid(c_int(pid), c_int(pgrp)))


def setpgrp() -> None:
    """Makes the caller the leader of a new process group. Scope: process."""
    check(_L.rns_setpgrp())


def getpgrp() -> int:
    """The caller's process group id. Scope: reads only."""
    return check(_L.rns_getpgrp())


def setsid() -> None:
    """Starts a new session with the caller as its leader. Scope: process."""
    check(_L.rns_setsid())


def getsid(pid: int, /) -> int:
    """The session id of process pid (0: the caller). Scope: reads only."""
    return check(_L.rns_getsid(c_int(pid)))


def tcgetpgrp(fd: int, /) -> int:
    """The foreground process group of the controlling terminal fd. Scope: reads only."""
    return check(_L.rns_tcgetpgrp(c_int(fd)))


def tcsetpgrp(fd: int, pgid: int, /) -> None:
    """Makes pgid the foreground group of the terminal fd. Scope: process (the terminal's state)."""
    check(_L.rns_tcsetpgrp(c_int(fd), c_int(pgid)))


def killpg(pgid: int, signal: int, /) -> None:
    """Sends signal to every process of group pgid; group 1 is refused (EINVAL), where
    os.killpg would signal every process. Scope: process (sends signals)."""
    check(_L.rns_killpg(c_int(pgid), c_int(signal)))


# --- priority ----------------------------------------------------------------------------

def getpriority(which: int, who: int) -> int:
    """The nice value of a thread (PRIO_PROCESS), group or user. Scope: reads only
    (PRIO_PROCESS with who 0 reads the calling thread)."""
    prio = ctypes.c_int()
    check(_L.rns_getpriority(c_int(which), c_int(who) & 0xFFFFFFFF, ctypes.byref(prio)))
    return prio.value


def setpriority(which: int, who: int, priority: int) -> None:
    """Sets the nice value. Scope: PRIO_PROCESS with who 0 is the calling thread only."""
    check(_L.rns_setpriority(c_int(which), c_int(who) & 0xFFFFFFFF, c_int(priority)))
