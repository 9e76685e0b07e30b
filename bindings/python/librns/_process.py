"""Process: a handle on a process through its pidfd (the skeleton spawn returns; the pidfd
calls fill it in)."""

import os


class Process:
    """A process held through a pidfd (O_CLOEXEC), so signals and waits never reach a
    recycled pid. Close it (or use it as a context manager) to release the pidfd."""

    __slots__ = ("pid", "_pidfd", "returncode", "__weakref__")

    def __init__(self, pid: int, pidfd: int):
        self.pid = pid
        self._pidfd = pidfd
        self.returncode = None

    @classmethod
    def _adopt(cls, pid: int, pidfd: int) -> "Process":
        """Takes ownership of pidfd (-1 when the kernel has no pidfds: pid only)."""
        return cls(pid, pidfd)

    @property
    def pidfd(self) -> int:
        """The pidfd, or -1 once closed (or where the kernel gave none)."""
        return self._pidfd

    def fileno(self) -> int:
        """The pidfd, for select/poll/setns; ValueError once closed."""
        if self._pidfd < 0:
            raise ValueError("Process: pidfd is closed")
        return self._pidfd

    def close(self) -> None:
        """Closes the pidfd (the process goes on; it is not waited for)."""
        fd, self._pidfd = self._pidfd, -1
        if fd >= 0:
            os.close(fd)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self):
        return f"<librns.Process pid={self.pid} pidfd={self._pidfd} returncode={self.returncode}>"
