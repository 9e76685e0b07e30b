"""librns for Python: the kernel's process, namespace and credential calls, with os's names,
signatures and errors, on every Python (os.setns/os.unshare exist only from 3.12)."""

from . import _constants
from ._args import c_int as _c_int, c_uint as _c_uint, raise_errno as _raise
from ._calls import (getpgid, getpgrp, getpriority, getsid, killpg, setns, setpgid, setpgrp,
                     setpriority, setsid, tcgetpgrp, tcsetpgrp, unshare)
from ._creds import (getgrouplist, getgroups, getresgid, getresuid, initgroups, setegid,
                     seteuid, setgid, setgroups, setregid, setresgid, setresuid, setreuid,
                     setuid)
from ._lib import lib as _lib, path as library_path
from ._spawn import SpawnError, posix_spawn, posix_spawnp, spawn, spawnp
from .subprocess import (DEVNULL, PIPE, STDOUT, CalledProcessError, CompletedProcess, Popen,
                         SubprocessError, TimeoutExpired, call, check_call, check_output,
                         getoutput, getstatusoutput, run)

# The CLONE_*, PRIO_* and PIDFD_* constants, as os names them (from _constants.py).
_PREFIXES = ("CLONE_", "PRIO_", "PIDFD_")
globals().update({k: v for k, v in vars(_constants).items() if k.startswith(_PREFIXES)})
constants: "dict[str, int]" = {k: v for k, v in vars(_constants).items() if k.isupper()}


def pidfd_open(pid: int, flags: int = 0) -> int:
    """A pidfd (O_CLOEXEC) for process pid; the caller closes it. Scope: reads only."""
    r = _lib.rns_pidfd_open(_c_int(pid), _c_uint(flags))
    if r < 0:
        _raise(r)
    return r


def version() -> str:
    """The library's version, "MAJOR.MINOR.PATCH"."""
    return _lib.rns_version().decode()


__all__ = sorted([k for k in globals() if not k.startswith("_") and k not in ("constants",)])
