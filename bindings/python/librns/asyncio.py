"""asyncio's create_subprocess_exec/create_subprocess_shell, with the child started by
librns.Popen (rns_spawn) and its exit seen through its pidfd on the event loop
(loop.add_reader: no child watcher, no thread per child). What comes back is asyncio's own
asyncio.subprocess.Process (await proc.wait(), communicate(), the stdin/stdout/stderr
streams), over asyncio's own transport and protocol classes. The librns keyword attributes
(unshare=, join=, uid_map= ...) are taken as librns.Popen takes them. The loop must have
add_reader (asyncio's default selector loop on Linux, uvloop). Scope: a new child process of
the caller; nothing of the caller's changes.
"""

import asyncio
import os
import subprocess
from asyncio import streams
from asyncio.subprocess import Process, SubprocessStreamProtocol
from asyncio.unix_events import _UnixSubprocessTransport
from typing import Any

from .subprocess import Popen

_LIMIT = getattr(streams, "_DEFAULT_LIMIT", 2**16)


class _Popen(Popen):
    """librns.Popen that tells the transport when the child is reaped (by the pidfd's
    reader or by whoever else polls), before its pidfd is closed."""

    _rns_reaped = None  # (before, after): remove the reader; report the returncode

    def _handle_exitstatus(self, sts, *args, **kwargs):
        hooks, self._rns_reaped = self._rns_reaped, None
        if hooks:
            hooks[0]()
        super()._handle_exitstatus(sts, *args, **kwargs)
        if hooks:
            hooks[1](self.returncode)


class _Transport(_UnixSubprocessTransport):
    """asyncio's subprocess transport, its Popen librns's (Linux has no AIX socketpair)."""

    def _start(self, args, shell, stdin, stdout, stderr, bufsize, **kwargs):
        self._proc = _Popen(args, shell=shell, stdin=stdin, stdout=stdout, stderr=stderr,
                            universal_newlines=False, bufsize=bufsize, **kwargs)


def _watch(loop: asyncio.AbstractEventLoop, transp: _Transport) -> None:
    """Reaps the child when its pidfd becomes readable, and reports its exit to transp.
    Where the kernel gave no pidfd (ENOSYS: before 5.3, or a sandbox hiding the pidfd
    calls), polls instead, every 10 ms at most, as Process.wait_async does there."""
    proc, fd = transp._proc, transp._proc.pidfd
    handle = None

    def reap() -> None:  # the child has ended, or (polling) may have
        nonlocal handle
        with proc._waitpid_lock:
            if proc.returncode is not None:
                return
            try:
                pid, sts = os.waitpid(proc.pid, os.WNOHANG)
            except ChildProcessError:  # SIGCHLD ignored: the kernel reaped it
                pid, sts = proc.pid, 0
            if pid == proc.pid:
                proc._handle_exitstatus(sts)
            elif fd < 0:
                handle = loop.call_later(0.01, reap)

    def unwatch() -> None:
        if fd >= 0:
            loop.remove_reader(fd)
        elif handle is not None:
            handle.cancel()

    proc._rns_reaped = (unwatch, lambda rc: loop.call_soon(transp._process_exited, rc))
    if fd >= 0:
        loop.add_reader(fd, reap)
    else:
        handle = loop.call_soon(reap)


async def _make_transport(loop, protocol, args, shell, stdin, stdout, stderr, bufsize, **kwargs):
    """asyncio's _make_subprocess_transport, the pidfd reader for its child watcher."""
    waiter = loop.create_future()
    transp = _Transport(loop, protocol, args, shell, stdin, stdout, stderr, bufsize,
                        waiter=waiter, extra=None, **kwargs)
    _watch(loop, transp)
    try:
        await waiter
    except BaseException:
        transp.close()
        await transp._wait()
        raise
    return transp


def _check_binary(universal_newlines, bufsize, text, encoding, errors):
    """asyncio's own checks: its streams are bytes, unbuffered."""
    if universal_newlines:
        raise ValueError("universal_newlines must be False")
    if bufsize != 0:
        raise ValueError("bufsize must be 0")
    if text:
        raise ValueError("text must be False")
    if encoding is not None:
        raise ValueError("encoding must be None")
    if errors is not None:
        raise ValueError("errors must be None")


async def create_subprocess_exec(program: Any, *args: Any, stdin: Any = None, stdout: Any = None,
                                 stderr: Any = None, limit: int = _LIMIT, universal_newlines: bool = False,
                                 bufsize: int = 0, encoding: Any = None, errors: Any = None,
                                 text: Any = None, **kwds: Any) -> Process:
    """asyncio.create_subprocess_exec, the child started by librns.Popen (its arguments and
    the librns keyword attributes in kwds). Scope: a new child process of the caller."""
    _check_binary(universal_newlines, bufsize, text, encoding, errors)
    if kwds.get("shell"):
        raise ValueError("shell must be False")
    kwds.pop("shell", None)
    loop = asyncio.get_running_loop()
    protocol = SubprocessStreamProtocol(limit=limit, loop=loop)
    transport = await _make_transport(loop, protocol, (program,) + args, False, stdin, stdout,
                                      stderr, bufsize, **kwds)
    return Process(transport, protocol, loop)


async def create_subprocess_shell(cmd: Any, stdin: Any = None, stdout: Any = None, stderr: Any = None,
                                  limit: int = _LIMIT, universal_newlines: bool = False,
                                  bufsize: int = 0, encoding: Any = None, errors: Any = None,
                                  text: Any = None, **kwds: Any) -> Process:
    """asyncio.create_subprocess_shell (cmd run by /bin/sh -c), the child started by
    librns.Popen. Scope: a new child process of the caller."""
    if not isinstance(cmd, (bytes, str)):
        raise ValueError("cmd must be a string")
    _check_binary(universal_newlines, bufsize, text, encoding, errors)
    if not kwds.pop("shell", True):
        raise ValueError("shell must be True")
    loop = asyncio.get_running_loop()
    protocol = SubprocessStreamProtocol(limit=limit, loop=loop)
    transport = await _make_transport(loop, protocol, cmd, True, stdin, stdout, stderr, bufsize, **kwds)
    return Process(transport, protocol, loop)


PIPE, STDOUT, DEVNULL = subprocess.PIPE, subprocess.STDOUT, subprocess.DEVNULL
__all__ = ["create_subprocess_exec", "create_subprocess_shell", "Process", "PIPE", "STDOUT", "DEVNULL"]
