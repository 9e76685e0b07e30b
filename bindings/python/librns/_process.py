"""Process: a handle on a process through its pidfd, with subprocess.Popen's wait/poll/
send_signal/terminate/kill, info(), and wait_async() for asyncio (no thread per process)."""

import asyncio
import errno
import os
import select
import signal
import time
from typing import Optional

from . import _constants as C
from ._closing import Closing
from ._pidfd import ProcessInfo, pidfd_info, pidfd_info_mask, pidfd_open, pidfd_send_signal, pidfd_wait


def _returncode(res: os.waitid_result) -> int:
    """subprocess's convention: the exit code, or -signal."""
    return res.si_status if res.si_code == os.CLD_EXITED else -res.si_status


def _is_unreaped_child(pid: int) -> bool:
    """Whether pid is a child of the caller that has not been reaped (waitid WNOWAIT)."""
    try:
        os.waitid(os.P_PID, pid, os.WEXITED | os.WSTOPPED | os.WCONTINUED | os.WNOHANG | os.WNOWAIT)
        return True
    except (ChildProcessError, ValueError, OverflowError):
        return False


def signal_child(pid: int, pidfd: int, sig: int) -> None:
    """Sends sig to pid, a child of the caller not yet reaped, through its pidfd; by its pid
    where there is no pidfd (-1) or the kernel has no pidfd_send_signal (ENOSYS: before 5.1,
    or a sandbox hiding it), which stays the child's until the caller reaps it. A process
    that has gone is not an error. Scope: process (sends a signal)."""
    try:
        if pidfd >= 0:
            try:
                pidfd_send_signal(pidfd, sig)
                return
            except OSError as e:  # by the pid only while it is surely still our child's
                if e.errno != errno.ENOSYS or not _is_unreaped_child(pid):
                    raise
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


class Process(Closing):
    """A process held through a pidfd (O_CLOEXEC), so signals and waits never reach a
    recycled pid. Close it (or use it as a context manager) to release the pidfd.

    returncode follows subprocess: None while running, then the exit code or -signal. A
    Process made where the kernel has no pidfds (pidfd -1: spawn under a sandbox that hides
    pidfd_open) waits with os.waitpid and signals with os.kill, as subprocess does (with
    its returncode 0 for a child whose status is lost, SIGCHLD ignored); its wait_async()
    polls (every 10 ms at most) instead of watching an fd. With a pidfd, such a child's
    real status comes from pidfd_info (Linux 6.15)."""

    __slots__ = ("pid", "_pidfd", "returncode", "_by_pid", "_readable", "__weakref__")

    def __init__(self, pid: int) -> None:
        """Opens a pidfd for pid (pidfd_open's errors: ProcessLookupError ...). Waiting
        works for a child of the caller and, from Linux 6.15, for any process once its
        parent has reaped it (how it ended comes from pidfd_info). Where the kernel has no
        pidfds (ENOSYS), an unreaped child of the caller is held by its pid (its pid cannot
        be reused before the caller reaps it); any other process raises that ENOSYS."""
        try:
            pidfd = pidfd_open(pid)
        except OSError as e:
            if e.errno != errno.ENOSYS or not _is_unreaped_child(pid):
                raise
            pidfd = -1
        self._init(pid, pidfd)

    def _init(self, pid: int, pidfd: int) -> None:
        self.pid, self._pidfd, self.returncode = pid, pidfd, None
        self._by_pid = pidfd < 0
        self._readable: Optional[asyncio.Future] = None  # wait_async's watch on the pidfd

    @classmethod
    def _adopt(cls, pid: int, pidfd: int) -> "Process":
        """Takes ownership of pidfd (-1 when the kernel has no pidfds: pid only)."""
        p = cls.__new__(cls)
        p._init(pid, pidfd)
        return p

    @property
    def pidfd(self) -> int:
        """The pidfd, or -1 once closed (or where the kernel gave none)."""
        return self._pidfd

    def fileno(self) -> int:
        """The pidfd, for select/poll/setns; ValueError once closed."""
        if self._pidfd < 0:
            raise ValueError("Process: pidfd is closed" if not self._by_pid else
                             "Process: no pidfd (the kernel gave none)")
        return self._pidfd

    def close(self) -> None:
        """Closes the pidfd (the process goes on; it is not waited for)."""
        fut = self._readable
        if fut is not None and not fut.done():  # a wait_async() watches the fd: unwatch first
            if not fut.get_loop().is_closed():
                fut.get_loop().remove_reader(self._pidfd)
            fut.cancel()
        fd, self._pidfd = self._pidfd, -1
        if fd >= 0:
            os.close(fd)

    # --- waiting ---------------------------------------------------------------------------

    def poll(self) -> Optional[int]:
        """returncode if the process has ended (reaping a child), else None.
        Scope: process (reaps the child)."""
        if self.returncode is None:
            self._try_wait()
        return self.returncode

    def wait(self, timeout: Optional[float] = None) -> int:
        """Waits for the process to end and returns returncode (exit code, or -signal).
        On timeout raises TimeoutError (where subprocess raises its TimeoutExpired, which
        names a command: a bare Process has none). Signals interrupt the wait only
        when their handler raises (PEP 475). Scope: process (reaps the child)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._try_wait() is None:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise TimeoutError(f"process {self.pid} still running after {timeout} seconds")
            if self._by_pid:
                self._wait_by_pid(left)
            else:
                self._wait_readable(left)
        return self.returncode

    async def wait_async(self) -> int:
        """wait() for asyncio: the running loop watches the pidfd (loop.add_reader), so no
        thread is used per process. Scope: process (reaps the child)."""
        loop = asyncio.get_running_loop()
        delay = 0.0005
        while self.poll() is None:
            if self._by_pid:  # no fd to watch: poll, backing off to 10 ms
                await asyncio.sleep(delay)
                delay = min(delay * 2, 0.01)
                continue
            await asyncio.shield(self._watch(loop))  # one reader, however many awaiters
            if self.poll() is None:  # ended, not yet reaped by its parent (not our child)
                await asyncio.sleep(0.01)
        return self.returncode

    def _watch(self, loop: asyncio.AbstractEventLoop) -> asyncio.Future:
        """A future of loop done when the pidfd is readable: one add_reader per pidfd (a
        second would replace the first's callback), shared by concurrent wait_async()s."""
        fut = self._readable
        if fut is not None and not fut.done() and fut.get_loop() is loop:
            return fut
        fd, fut = self.fileno(), loop.create_future()
        loop.add_reader(fd, lambda: fut.done() or fut.set_result(None))
        fut.add_done_callback(lambda _: loop.remove_reader(fd))
        self._readable = fut
        return fut

    def _try_wait(self) -> Optional[int]:
        """One non-blocking look: sets returncode when the process has ended."""
        if self.returncode is not None:
            return self.returncode
        if self._by_pid:
            return self._wait_by_pid(0)
        try:
            res = pidfd_wait(self.fileno(), os.WEXITED | os.WNOHANG)
        except ChildProcessError:
            return self._ended_elsewhere()
        if res is not None:
            self.returncode = _returncode(res)
        return self.returncode

    def _ended_elsewhere(self) -> Optional[int]:
        """Not our child (or reaped already): how it ended, from the kernel (Linux 6.15),
        once its parent has reaped it; None while that is not known."""
        if self.returncode is not None:  # another thread of ours reaped it
            return self.returncode
        try:
            info = pidfd_info_mask(self._pidfd, C.PIDFD_INFO_EXIT)
        except ProcessLookupError:
            raise ChildProcessError(errno.ECHILD, "process %d: not a child of the caller, and "
                                    "the kernel keeps no exit status (Linux < 6.15)" % self.pid) from None
        self.returncode = info.returncode
        return self.returncode

    def _wait_readable(self, timeout: Optional[float]) -> None:
        """Until the pidfd is readable (the process ended) or timeout seconds passed. A
        process that ended but is not yet reaped by its parent (not our child) stays
        readable: then this sleeps 10 ms, so the caller's loop does not spin."""
        p = select.poll()
        p.register(self.fileno(), select.POLLIN)
        if p.poll(None if timeout is None else timeout * 1000) and self._try_wait() is None:
            time.sleep(0.01 if timeout is None else min(0.01, timeout))

    def _wait_by_pid(self, timeout: Optional[float]) -> Optional[int]:
        """No pidfd: os.waitpid, polled with backoff when a timeout is given."""
        deadline = None if timeout is None else time.monotonic() + timeout
        delay = 0.0005
        while True:
            try:
                pid, status = os.waitpid(self.pid, 0 if deadline is None else os.WNOHANG)
            except ChildProcessError:  # SIGCHLD ignored: reaped, status lost; as subprocess
                pid, status = self.pid, 0
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
                return self.returncode
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            time.sleep(min(delay, left))
            delay = min(delay * 2, 0.05)

    # --- signals and info ------------------------------------------------------------------

    def send_signal(self, sig: int) -> None:
        """Sends sig through the pidfd (signal_child: by the pid where the kernel cannot);
        does nothing once the process was waited for (or has gone), as
        subprocess.Popen.send_signal. Scope: process (sends a signal)."""
        if self.returncode is None:
            signal_child(self.pid, -1 if self._by_pid else self.fileno(), sig)

    def terminate(self) -> None:
        """send_signal(SIGTERM). Scope: process (sends a signal)."""
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        """send_signal(SIGKILL). Scope: process (sends a signal)."""
        self.send_signal(signal.SIGKILL)

    def info(self) -> ProcessInfo:
        """pidfd_info of the process: pids, credentials, cgroup, and how it ended once
        reaped. Scope: reads only."""
        return pidfd_info(self.fileno())

    def __repr__(self):
        return f"<librns.Process pid={self.pid} pidfd={self._pidfd} returncode={self.returncode}>"
