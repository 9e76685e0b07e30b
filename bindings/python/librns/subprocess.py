"""subprocess, with the child started by rns_spawn: Popen is a subclass of subprocess.Popen
that replaces only _execute_child (the start of the child); its pipes, communicate(), text
mode, wait(timeout=), poll() and the exceptions are subprocess's own. run, call, check_call,
check_output, getoutput and getstatusoutput are subprocess's own functions, run with this
module's Popen. CompletedProcess, CalledProcessError, TimeoutExpired, SubprocessError, PIPE,
DEVNULL and STDOUT are subprocess's objects, so `except subprocess.CalledProcessError` works.

Popen takes subprocess.Popen's arguments, plus the spawn keyword attributes of librns.spawn
(unshare=, join=, uid_map= ...) but those subprocess has its own way to say (cwd, uid, gid,
groups, setsid, pgroup, umask, fds, keep_fds: use cwd=, user=, group=, extra_groups=,
start_new_session=, process_group=, umask=, stdin/stdout/stderr/pass_fds, close_fds=).
preexec_fn is refused (ValueError): the child runs no Python code between its start and the
exec. Scope: a new child process of the caller; nothing of the caller's changes.
"""

import errno
import inspect
import os
import signal
import subprocess
import sys
import types
from subprocess import (DEVNULL, PIPE, STDOUT, CalledProcessError, CompletedProcess,
                        SubprocessError, TimeoutExpired)
from typing import Any, List

from . import _constants as C
from ._lib import lib
from ._process import signal_child
from ._spawn import SpawnError, start
from ._spawnattr import argv_array, built, check_keywords, cstr, env_array

# The keywords subprocess.Popen has its own arguments for.
_REFUSED = ("cwd", "uid", "gid", "groups", "setsid", "pgroup", "umask", "fds", "keep_fds")
# What restore_signals=True sets to SIG_DFL (subprocess's list; SIGXFZ is not Linux's).
_RESTORED = [getattr(signal, n) for n in ("SIGPIPE", "SIGXFZ", "SIGXFSZ") if hasattr(signal, n)]
_SUPER_PARAMS = frozenset(inspect.signature(subprocess.Popen.__init__).parameters)
_ALL_PARAMS = {"pipesize", "process_group"} <= _SUPER_PARAMS
_NO_PREEXEC = ("preexec_fn is not supported by librns.Popen: its child runs no Python code "
               "between clone and exec (rns_spawn makes only raw system calls there, which is "
               "what makes it safe with threads); say what the child needs with the keyword "
               "attributes instead (unshare=, join=, uid_map=, no_new_privs=, rlimits= ...)")


class Popen(subprocess.Popen):
    """subprocess.Popen whose child is started by rns_spawn (see the module's docstring).
    .pidfd is the child's pidfd (O_CLOEXEC) until it is reaped; send_signal() goes through
    it, so a signal never reaches a recycled pid."""

    def __init__(self, args, bufsize=-1, executable=None, stdin=None, stdout=None, stderr=None,
                 preexec_fn=None, close_fds=True, shell=False, cwd=None, env=None,
                 universal_newlines=None, startupinfo=None, creationflags=0,
                 restore_signals=True, start_new_session=False, pass_fds=(), *, user=None,
                 group=None, extra_groups=None, encoding=None, errors=None, text=None,
                 umask=-1, pipesize=-1, process_group=None, **attrs: Any) -> None:
        """subprocess.Popen's arguments (preexec_fn refused: ValueError), and librns's spawn
        keywords in attrs (those subprocess has its own argument for refused: TypeError).
        Scope: process (starts a child)."""
        if preexec_fn is not None:
            raise ValueError(_NO_PREEXEC)
        check_keywords(attrs, "Popen", _REFUSED)
        self._rns_attrs = attrs
        self._rns_pgroup = process_group
        self.pidfd = -1
        kw = dict(bufsize=bufsize, executable=executable, stdin=stdin, stdout=stdout,
                  stderr=stderr, close_fds=close_fds, shell=shell, cwd=cwd, env=env,
                  universal_newlines=universal_newlines, startupinfo=startupinfo,
                  creationflags=creationflags, restore_signals=restore_signals,
                  start_new_session=start_new_session, pass_fds=pass_fds, user=user,
                  group=group, extra_groups=extra_groups, encoding=encoding, errors=errors,
                  text=text, umask=umask, pipesize=pipesize, process_group=process_group)
        if not _ALL_PARAMS:  # before 3.11: only the arguments that Python's Popen has
            kw = {k: v for k, v in kw.items() if k in _SUPER_PARAMS}
        super().__init__(args, **kw)

    def _execute_child(self, args, executable, preexec_fn, close_fds, pass_fds, cwd, env,
                       startupinfo, creationflags, shell, p2cread, p2cwrite, c2pread,
                       c2pwrite, errread, errwrite, restore_signals, gid, gids, uid, umask,
                       start_new_session, process_group=None):
        """subprocess's child start, by rns_spawn: the same arguments, the same errors."""
        args = _args_list(args, shell, executable)
        if executable is None:
            executable = args[0]
        sys.audit("subprocess.Popen", executable, args, cwd, env)
        argv, envp = argv_array(args), env_array(env, posix=False)
        attrs = dict(self._rns_attrs)
        attrs.update(_fds(p2cread, c2pwrite, errwrite, pass_fds, close_fds))
        attrs.update(_process(start_new_session, self._rns_pgroup, uid, gid, gids, umask,
                              restore_signals, attrs.get("sigdefault")))
        if "sigmask" in self._rns_attrs:  # the caller's sigmask= wins over the inherited one
            attrs["sigmask"] = self._rns_attrs["sigmask"]
        try:
            self.pid, self.pidfd = _launch(executable, argv, envp, env, cwd, attrs)
            self._child_created = True
        finally:
            self._close_pipe_fds(p2cread, p2cwrite, c2pread, c2pwrite, errread, errwrite)

    def _handle_exitstatus(self, sts, *args, **kwargs):
        super()._handle_exitstatus(sts, *args, **kwargs)
        fd, self.pidfd = self.pidfd, -1
        if fd >= 0:
            os.close(fd)

    def send_signal(self, sig: int) -> None:
        """subprocess's send_signal (nothing sent once the child is known to have ended),
        through the pidfd; by the pid where the kernel cannot (librns.Process's
        signal_child)."""
        self.poll()
        if self.returncode is None:
            signal_child(self.pid, self.pidfd, sig)


def _args_list(args, shell, executable) -> List[Any]:
    """args as subprocess's _execute_child makes its list (a str alone, /bin/sh -c)."""
    if isinstance(args, (str, bytes)):
        args = [args]
    elif isinstance(args, os.PathLike):
        if shell:
            raise TypeError("path-like args is not allowed when shell is true")
        args = [args]
    else:
        args = list(args)
    if shell:
        args = ["/bin/sh", "-c"] + args
        if executable:
            args[0] = executable
    return args


def _fds(p2cread, c2pwrite, errwrite, pass_fds, close_fds) -> dict:
    """The fds= and keep_fds= attributes of subprocess's stdio, pass_fds and close_fds."""
    fds = {i: fd for i, fd in enumerate((p2cread, c2pwrite, errwrite)) if fd != -1}
    fds.update({fd: fd for fd in pass_fds})
    return {"fds": fds, "keep_fds": not close_fds} if fds or not close_fds else {}


def _process(new_session, pgroup, uid, gid, gids, umask, restore_signals, sigdefault) -> dict:
    """The attributes of subprocess's session, ids, umask and signal arguments, with its
    defaults: the caller's groups kept when ids change without extra_groups, and the calling
    thread's signal mask passed on (_posixsubprocess restores it in the child)."""
    out = {"setsid": new_session, "uid": uid, "gid": gid, "groups": gids,
           "keep_groups": gids is None and (uid is not None or gid is not None),
           "pgroup": None if pgroup is None or pgroup < 0 else pgroup,
           "umask": umask & 0o777 if umask >= 0 else None,
           "sigmask": signal.pthread_sigmask(signal.SIG_BLOCK, []) or None,
           "sigdefault": list(sigdefault or ()) + (_RESTORED if restore_signals else []) or None}
    return {k: v for k, v in out.items() if v is not None and v is not False}  # 0 and [] are values


def _candidates(executable, env) -> List[bytes]:
    """The paths to try, as subprocess makes them: executable itself when it has a slash,
    else executable in each directory of os.get_exec_path(env)."""
    exe = os.fsencode(executable)
    if os.path.dirname(exe):
        return [exe]
    return [os.path.join(os.fsencode(d), exe) for d in os.get_exec_path(env)]


def _launch(executable, argv, envp, env, cwd, attrs):
    """Starts the first candidate that execs; raises as subprocess does: the first exec
    error that is not ENOENT/ENOTDIR (else the last's), filename the executable; a failure
    of another step of the child names cwd (subprocess's "noexec" case)."""
    if cwd is not None:
        if not os.fsencode(cwd):  # chdir("") fails so in subprocess's child
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), cwd)
        attrs["cwd"] = cwd
    paths = _candidates(executable, env)
    # Candidates that are not there are skipped, not started (all but the last, whose error
    # is then the child's own), where the parent sees the child's files (no chroot, no join).
    same_view = attrs.get("chroot") is None and attrs.get("join") is None
    with built(attrs) as attr:
        first = None
        for i, path in enumerate(paths):
            if same_view and i < len(paths) - 1 and path.startswith(b"/") and not os.path.exists(path):
                continue
            try:
                return start(lib.rns_spawn, attr, cstr(path), argv, envp,
                             lambda step: executable if step == C.SPAWN_STEP_EXEC else cwd)
            except SpawnError as e:
                if e.step != "exec":
                    raise
                if e.errno not in (errno.ENOENT, errno.ENOTDIR) and first is None:
                    first = e
                last = e
        raise first or last


def _rebind(fn: types.FunctionType, ns: dict) -> types.FunctionType:
    """subprocess's function fn, its globals ns (subprocess's, with this module's Popen)."""
    out = types.FunctionType(fn.__code__, ns, fn.__name__, fn.__defaults__, fn.__closure__)
    out.__kwdefaults__, out.__doc__ = fn.__kwdefaults__, fn.__doc__
    out.__module__, out.__qualname__ = __name__, fn.__qualname__
    return out


# subprocess's own run/call/... , run against a copy of subprocess's namespace in which
# Popen (and each function the others call) is this module's.
_NS = dict(vars(subprocess), Popen=Popen)
for _name in ("call", "check_call", "run", "check_output", "getstatusoutput", "getoutput"):
    _NS[_name] = globals()[_name] = _rebind(getattr(subprocess, _name), _NS)
run, call, check_call = _NS["run"], _NS["call"], _NS["check_call"]
check_output, getoutput, getstatusoutput = _NS["check_output"], _NS["getoutput"], _NS["getstatusoutput"]

__all__ = ["Popen", "run", "call", "check_call", "check_output", "getoutput", "getstatusoutput",
           "CompletedProcess", "CalledProcessError", "TimeoutExpired", "SubprocessError",
           "PIPE", "DEVNULL", "STDOUT", "SpawnError"]
