"""pidfds (include/rns.h's rns_pidfd_*), in Python's idiom: pidfd_wait answers as
os.waitid(os.P_PIDFD, ...) does, pidfd_wait_rusage adds a resource.struct_rusage, and
pidfd_send_signal has signal.pidfd_send_signal's signature and errors.

A pidfd argument is an int (passed to the kernel as it is, so -1 gives EBADF as in
signal.pidfd_send_signal, and PIDFD_SELF_THREAD/_GROUP reach the calls that take them) or any
object with fileno() (a Process, say)."""

import ctypes
import os
import resource
import signal
from dataclasses import dataclass
from typing import NamedTuple, Optional, Tuple

from . import _constants as C
from ._args import c_int, c_uint, check, u64
from ._lib import lib as _L
from ._structs import rns_process_info, rns_rusage, rns_siginfo, rns_wait_status

# rns_wait_status.kind -> the si_code os.waitid reports (CLD_*).
_SI_CODE = {C.WAIT_EXITED: os.CLD_EXITED, C.WAIT_KILLED: os.CLD_KILLED,
            C.WAIT_DUMPED: os.CLD_DUMPED, C.WAIT_STOPPED: os.CLD_STOPPED,
            C.WAIT_CONTINUED: os.CLD_CONTINUED, C.WAIT_TRAPPED: os.CLD_TRAPPED}


def pidfd_arg(v) -> int:
    """A pidfd from an int (any C int: the kernel judges it) or an object with fileno()."""
    if type(v) is not int and not hasattr(v, "__index__") and hasattr(v, "fileno"):
        v = v.fileno()
    return c_int(v)


def _sized(struct_type):
    s = struct_type()
    s.size = ctypes.sizeof(struct_type)
    return s


def _retrying(call):
    """call() until it is not -EINTR (PEP 475, as os.waitid: the loop's bytecode lets Python
    run the signal's handler in between, and an exception it raises ends the wait)."""
    while True:
        r = call()
        if r != -4:  # EINTR
            return r


def pidfd_open(pid: int, flags: int = 0) -> int:
    """A pidfd (O_CLOEXEC) for process pid; the caller closes it. Scope: reads only."""
    return check(_L.rns_pidfd_open(c_int(pid), c_uint(flags)))


class SigInfo(NamedTuple):
    """What pidfd_send_signal sends with a signal, as sigqueue(3): si_code and si_value's
    sival_int (code SI_QUEUE, or another negative code, to any process)."""
    code: int = C.SI_QUEUE
    value: int = 0


def pidfd_send_signal(pidfd: int, signalnum: int, siginfo: Optional[SigInfo] = None,
                      flags: int = 0, /) -> None:
    """Sends signalnum to the process of pidfd, as signal.pidfd_send_signal; flags 0 or one of
    PIDFD_SIGNAL_* (Linux 6.9). Where CPython refuses any siginfo but None (TypeError),
    librns also takes a SigInfo(code, value) (or a (code, value) pair), sent as
    pidfd_send_siginfo sends it. Scope: process (sends a signal)."""
    if siginfo is not None:
        try:
            code, value = siginfo
        except (TypeError, ValueError):
            raise TypeError("siginfo must be None or a SigInfo(code, value)") from None
        return pidfd_send_siginfo(pidfd, signalnum, code, value, flags)
    fd, s, f = pidfd_arg(pidfd), c_int(signalnum), c_int(flags)  # flags: a C int, as CPython
    check(_L.rns_pidfd_send_signal(fd, s, f))


def pidfd_send_siginfo(pidfd: int, sig: int, code: int, value: int = 0, flags: int = 0) -> None:
    """Sends sig with si_code `code` (SI_QUEUE, or another negative code; 0 or above only to
    the caller itself) and si_value.sival_int `value`, as sigqueue(3) to a pid; the receiver
    sees the caller's pid and uid. Scope: process (sends a signal)."""
    info = _sized(rns_siginfo)
    info.code, info.value.sival_int = c_int(code), c_int(value)
    fd, s, f = pidfd_arg(pidfd), c_int(sig), c_int(flags) & 0xFFFFFFFF
    check(_L.rns_pidfd_send_siginfo(fd, s, ctypes.byref(info), f))


def pidfd_getfd(pidfd: int, targetfd: int, flags: int = 0) -> int:
    """A duplicate (O_CLOEXEC, the caller's to close) of fd targetfd of the process of pidfd
    (pidfd_getfd(2), Linux 5.6; needs ptrace access). Scope: process (a new fd)."""
    return check(_L.rns_pidfd_getfd(pidfd_arg(pidfd), c_int(targetfd), c_uint(flags)))


def _waitid_result(st) -> Optional[os.waitid_result]:
    if st.kind == C.WAIT_NONE:
        return None
    return os.waitid_result((st.pid, st.uid, int(signal.SIGCHLD), st.code, _SI_CODE[st.kind]))


def pidfd_wait(pidfd: int, options: int = C.WEXITED) -> Optional[os.waitid_result]:
    """Waits for the child of pidfd as os.waitid(os.P_PIDFD, pidfd, options) does: an
    os.waitid_result, or None when WNOHANG found nothing; ChildProcessError when it is not
    the caller's child (or already reaped), BlockingIOError for a PIDFD_NONBLOCK pidfd with
    nothing to report. Retried on EINTR, as os.waitid. One difference (include/rns.h): an
    open fd that is no pidfd is EINVAL, where os.waitid says EBADF. Scope: process (reaps
    the child, unless WNOWAIT)."""
    fd, opts, st = pidfd_arg(pidfd), c_int(options), _sized(rns_wait_status)
    check(_retrying(lambda: _L.rns_pidfd_wait(fd, opts, ctypes.byref(st))))
    return _waitid_result(st)


def _struct_rusage(u) -> resource.struct_rusage:
    # resource.struct_rusage's 16 fields; rns_rusage lacks ixrss, idrss, isrss, nswap,
    # msgsnd, msgrcv and nsignals, which Linux never fills (0 in getrusage too).
    return resource.struct_rusage((u.utime_usec / 1e6, u.stime_usec / 1e6, u.maxrss_kib, 0, 0, 0,
                                   u.minflt, u.majflt, 0, u.inblock, u.oublock, 0, 0, 0,
                                   u.nvcsw, u.nivcsw))


def pidfd_wait_rusage(pidfd: int, options: int = C.WEXITED
                      ) -> Tuple[Optional[os.waitid_result], resource.struct_rusage]:
    """pidfd_wait, with the child's resource usage as os.wait4 gives it (a
    resource.struct_rusage: ru_utime/ru_stime in seconds, ru_maxrss in KiB; the fields Linux
    leaves 0 are 0), all 0 when WNOHANG found nothing. Scope: process (reaps the child,
    unless WNOWAIT)."""
    fd, opts = pidfd_arg(pidfd), c_int(options)
    st, usage = _sized(rns_wait_status), _sized(rns_rusage)
    check(_retrying(lambda: _L.rns_pidfd_wait_rusage(fd, opts, ctypes.byref(st), ctypes.byref(usage))))
    return _waitid_result(st), _struct_rusage(usage)


def pidfd_getpid(pidfd: int) -> int:
    """The pid of the process of pidfd in the caller's pid namespace (ProcessLookupError
    once reaped). Scope: reads only."""
    return check(_L.rns_pidfd_getpid(pidfd_arg(pidfd)))


@dataclass(frozen=True)
class ProcessInfo:
    """What pidfd_info read; a field whose PIDFD_INFO_* bit is not in mask is None (PID:
    pid, tgid, ppid; CREDS: the uids and gids; CGROUPID: cgroupid; EXIT: exit_kind,
    exit_code, returncode)."""
    mask: int
    pid: Optional[int] = None
    tgid: Optional[int] = None
    ppid: Optional[int] = None
    ruid: Optional[int] = None
    euid: Optional[int] = None
    suid: Optional[int] = None
    fsuid: Optional[int] = None
    rgid: Optional[int] = None
    egid: Optional[int] = None
    sgid: Optional[int] = None
    fsgid: Optional[int] = None
    cgroupid: Optional[int] = None
    exit_kind: Optional[int] = None  # WAIT_EXITED, WAIT_KILLED, WAIT_DUMPED
    exit_code: Optional[int] = None  # the exit code, or the signal

    @property
    def returncode(self) -> Optional[int]:
        """How it ended in subprocess's convention (exit code, or -signal); None unknown."""
        if self.exit_kind is None:
            return None
        return self.exit_code if self.exit_kind == C.WAIT_EXITED else -self.exit_code


_GROUPS = ((C.PIDFD_INFO_PID, ("pid", "tgid", "ppid")),
           (C.PIDFD_INFO_CREDS, ("ruid", "euid", "suid", "fsuid", "rgid", "egid", "sgid", "fsgid")),
           (C.PIDFD_INFO_CGROUPID, ("cgroupid",)),
           (C.PIDFD_INFO_EXIT, ("exit_kind", "exit_code")))


def _process_info(info) -> ProcessInfo:
    fields = {name: getattr(info, name) for bit, names in _GROUPS if info.mask & bit
              for name in names}
    return ProcessInfo(mask=info.mask, **fields)


def pidfd_info(pidfd: int) -> ProcessInfo:
    """What the process of pidfd is: pids, credentials, cgroup (Linux 6.13), and how it
    ended once reaped (Linux 6.15). Scope: reads only."""
    info = _sized(rns_process_info)
    check(_L.rns_pidfd_info(pidfd_arg(pidfd), ctypes.byref(info)))
    return _process_info(info)


def pidfd_info_mask(pidfd: int, mask: int) -> ProcessInfo:
    """pidfd_info for the fields of mask (an OR of PIDFD_INFO_*) only: PIDFD_INFO_EXIT alone
    asks how a reaped process ended. Scope: reads only."""
    info = _sized(rns_process_info)
    check(_L.rns_pidfd_info_mask(pidfd_arg(pidfd), u64(mask, "mask"), ctypes.byref(info)))
    return _process_info(info)


def pidfd_ns_open(pidfd: int, nstype: int) -> int:
    """A namespace fd (O_CLOEXEC, the caller's to close) of one CLONE_NEW* type of the
    process of pidfd (with NS_FOR_CHILDREN: the pid or time namespace its children get).
    Scope: reads only."""
    return check(_L.rns_pidfd_ns_open(pidfd_arg(pidfd), c_int(nstype)))
