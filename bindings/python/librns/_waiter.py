"""Waiter: the library's exit watcher (rns_waiter_*): a thread of librns's own waits on the
pidfds given to add() and writes an rns_exit_event to a pipe for each when it exits; read()
decodes them from that pipe (nonblocking), so an event loop can watch fileno()."""

import ctypes
import os
from typing import List, NamedTuple, Optional

from . import _constants as C
from ._args import c_int, check, raise_errno, u64
from ._closing import Closing
from ._lib import lib as _L
from ._pidfd import pidfd_arg
from ._structs import rns_exit_event

_RECORD = ctypes.sizeof(rns_exit_event)  # 32 bytes, one write each


class ExitEvent(NamedTuple):
    """One process's end: add()'s token, its pid, kind (WAIT_EXITED, WAIT_KILLED,
    WAIT_DUMPED; WAIT_NONE when it cannot be told), code (exit code or signal) and error
    (0, or ECHILD: not the caller's child on a kernel before 6.15)."""
    token: int
    pid: int
    kind: int
    code: int
    error: int

    @property
    def returncode(self) -> Optional[int]:
        """subprocess's convention (exit code, or -signal); None when it cannot be told."""
        if self.kind == C.WAIT_NONE:
            return None
        return self.code if self.kind == C.WAIT_EXITED else -self.code


def _event(e: rns_exit_event) -> ExitEvent:
    return ExitEvent(e.token, e.pid, e.kind, e.code, e.error)


class Waiter(Closing):
    """Watches processes through their pidfds without a thread of the caller's: add(pidfd,
    token) each, watch fileno() for reading (select, loop.add_reader), read() the ExitEvents.
    Scope: library-owned (a thread and fds of its own; children it reaps unless
    WAITER_NOREAP)."""

    def __init__(self) -> None:
        w = ctypes.c_void_p()
        check(_L.rns_waiter_new(ctypes.byref(w)))
        fd = _L.rns_waiter_fd(w)
        if fd < 0:
            _L.rns_waiter_free(w)
            raise_errno(fd)
        self._w, self._fd, self._partial = w, fd, b""

    def fileno(self) -> int:
        """The read end of the waiter's pipe (O_NONBLOCK, O_CLOEXEC); ValueError once closed."""
        if self._fd < 0:
            raise ValueError("Waiter is closed")
        return self._fd

    def add(self, pidfd: int, token: int, flags: int = 0) -> None:
        """Watches the process of pidfd (duplicated: the caller keeps its own); its ExitEvent
        carries token (0..2**64-1). flags: 0 (a child of the caller is reaped) or
        WAITER_NOREAP (left for another waiter). Scope: library-owned (may reap the child)."""
        if self._w is None:
            raise ValueError("Waiter is closed")
        check(_L.rns_waiter_add(self._w, pidfd_arg(pidfd), u64(token, "token"), c_int(flags)))

    def read(self) -> List[ExitEvent]:
        """The ExitEvents written since the last read, oldest first; [] when none (it does
        not block). Scope: reads only."""
        data = self._partial
        while True:
            try:
                chunk = os.read(self.fileno(), 64 * _RECORD)
            except BlockingIOError:
                break
            data += chunk
            if len(chunk) < 64 * _RECORD:  # drained (or at end of file)
                break
        whole = len(data) - len(data) % _RECORD
        self._partial = data[whole:]
        return [_event(rns_exit_event.from_buffer_copy(data, off)) for off in range(0, whole, _RECORD)]

    def close(self) -> None:
        """Stops the waiter's thread (processes not yet reported are not) and closes fileno()."""
        w, self._w = self._w, None
        fd, self._fd = self._fd, -1
        if w is not None:
            _L.rns_waiter_free(w)
        if fd >= 0:
            os.close(fd)


