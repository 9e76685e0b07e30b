"""Process attributes through prctl (parent-death signal, child subreaper, no_new_privs),
drop_privileges, and errno names and messages. Each docstring's Scope line is the header's."""

from typing import Sequence

from ._args import c_int, check, gid as _gid, gid_array, uid as _uid
from ._lib import lib as _L


def set_pdeathsig(sig: int) -> None:
    """Sets the signal (a number or signal.Signals; 0 clears it) this process gets when the
    **thread** that created it exits. Cleared in fork's children and when ids change.
    Scope: calling thread (its own setting; the signal goes to the whole process)."""
    check(_L.rns_set_pdeathsig(c_int(sig)))


def get_pdeathsig() -> int:
    """The calling thread's parent-death signal, 0 when none. Scope: reads only."""
    return check(_L.rns_get_pdeathsig())


def set_child_subreaper(on: int) -> None:
    """Makes the process a child subreaper (on 1 or True) or not (0): orphans below it are
    reparented to it, not to init. Scope: process."""
    check(_L.rns_set_child_subreaper(c_int(on)))


def get_child_subreaper() -> int:
    """1 when the process is a child subreaper, else 0. Scope: reads only."""
    return check(_L.rns_get_child_subreaper())


def set_no_new_privs(on: int = 1) -> None:
    """Sets no_new_privs (it cannot be unset: on must be 1): execve grants no privilege.
    Scope: calling thread, and the threads and children it creates afterwards."""
    check(_L.rns_set_no_new_privs(c_int(on)))


def get_no_new_privs() -> int:
    """1 when the calling thread has no_new_privs, else 0. Scope: reads only."""
    return check(_L.rns_get_no_new_privs())


def drop_privileges(uid: int, gid: int, groups: Sequence[int], flags: int = 0) -> None:
    """Drops the process's privileges for good: groups, then the three gids, then the three
    uids, on every thread, verified (capabilities gone, old uids not retakable); flags
    DROP_NO_NEW_PRIVS also sets no_new_privs. A failure before the uid changes leaves the
    process as it was (OSError with the step's errno); ENOTRECOVERABLE: the drop could not be
    verified and the process must not go on. Scope: process (every thread)."""
    buf, n = gid_array(groups, "drop_privileges groups")
    check(_L.rns_drop_privileges(_uid(uid), _gid(gid), buf, n, c_int(flags)))


def errname(err: int) -> str:
    """The errno's symbolic name ("EPERM") for err or -err; "OK" for 0, "UNKNOWN" for no
    errno. Scope: reads only."""
    return _L.rns_errname(c_int(err)).decode()


def strerror(code: int, /) -> str:
    """The errno's message for code or -code, as os.strerror but never translated (the
    English text whatever the locale: "Success" for 0, "Unknown error" for no errno);
    thread-safe. Scope: reads only."""
    return _L.rns_strerror(c_int(code)).decode()
