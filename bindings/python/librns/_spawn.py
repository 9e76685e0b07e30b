"""Starting programs with rns_spawn: spawn/spawnp (a Process back) and posix_spawn/
posix_spawnp (os's signature and behaviour, a pid back). Scope of each: a new child process
of the caller; nothing of the caller's changes. Thread-safe (rns_spawn makes only raw system
calls in the child, so any thread may start one).

The keyword attributes (all of them optional; None or absent: the library's default; one
per rns_spawn_attr_* setter, the Node binding's option names in snake_case; applied by
librns/_spawnattr.py, the one place that calls the setters):

  unshare=CLONE_NEW* flags      new namespaces (rns_spawn_attr_set_unshare)
  join=[fd | (fd, nstypes)]     namespaces to join: a namespace file (nstypes 0 or its type)
                                or a pidfd with the types; fd: int or object with fileno()
  uid_map=, gid_map=            "inside outside count" lines, for a new user namespace
  setgroups="allow" | "deny"    "deny": written to the new user namespace's setgroups always
  mount_propagation=MS_* flags  for "/" in a new mount namespace (default MS_REC|MS_PRIVATE)
  setsid=bool, pgroup=int       a new session; process group (0: its own, > 0: that one)
  cwd=path, chroot=path         str, bytes or os.PathLike
  uid=, gid=                    ids (an id not given is unchanged); groups=[gid, ...]
  keep_groups=bool              keep the caller's groups when ids change (else dropped)
  reset_ids=bool                effective ids become the real ones (POSIX_SPAWN_RESETIDS)
  no_new_privs=bool, pdeathsig=signal, umask=int, nice=int, securebits=int
  rlimits={resource.RLIMIT_X: (soft, hard)}  (-1, resource.RLIM_INFINITY: unlimited)
  cgroup=fd                     a cgroup v2 directory the child starts in
  sigmask=[signals]             blocked when the program starts (default: none blocked)
  sigdefault=[signals]          set to SIG_DFL, ignored ones included
  scheduler=(policy, priority)  policy None or -1: the priority only; the priority may be
                                an os.sched_param
  ambient_caps=, inheritable_caps=, bounding_set=   iterables of "CAP_X" names or numbers
  fds={child_fd: parent_fd}     parent_fd (int or fileno()) duplicated now; None: closed
  file_actions=[tuple]          after fds, in order: os.posix_spawn's (POSIX_SPAWN_OPEN, fd,
                                path, flags, mode), (POSIX_SPAWN_CLOSE, fd), (POSIX_SPAWN_DUP2,
                                fd, newfd) ("open", "close", "dup2" name them too), and
                                ("chdir", path), ("fchdir", fd), ("closefrom", lowfd),
                                ("tcsetpgrp", fd)
  keep_fds=bool                 fds without FD_CLOEXEC stay open (default: every fd >= 3
                                that no action names is closed)
  blocking_stdio=bool           O_NONBLOCK cleared on the child's fds 0-2
  foreground=fd                 the child's group becomes this terminal's foreground group
  ctty=fd, noctty=bool          the child's controlling terminal (needs setsid); give it up
  seccomp=program               bytes of struct sock_filter, or a list of rns_sock_filter or
                                (code, jt, jf, k) tuples
  landlock=fd                   a Landlock ruleset the child restricts itself with

A failed start raises SpawnError: an OSError with errno and strerror as os gives them, of
os's subclass for the errno too (FileNotFoundError, PermissionError ...), with .step and
.detail. A bad argument raises TypeError/ValueError/OverflowError before anything starts.
"""

import ctypes
import errno as _errno
import os
import signal
from typing import Any, Callable, Mapping, Optional, Sequence, Tuple, Union

from . import _constants as C
from ._lib import lib
from ._process import Process
from ._spawnattr import argv_array, built, check_keywords, cstr, env_array, signals

StrPath = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]
STEPS = {v: k[len("SPAWN_STEP_"):].lower() for k, v in vars(C).items() if k.startswith("SPAWN_STEP_")}


class SpawnError(OSError):
    """A start that failed: errno, strerror and filename as os gives them, plus .step (the
    RNS_SPAWN_STEP_* that failed, lower case: "exec", "cwd", "join" ...; None when it failed
    before the child existed) and .detail (rns_spawn_last_detail(): the failing fd action's
    index, the join's, the resource's ...: 0 for a step without one; None before the child
    existed). Each errno that os maps to a subclass gets a class that is both
    (FileNotFoundSpawnError is a SpawnError and a FileNotFoundError), so `except
    FileNotFoundError` works as with os and subprocess."""

    step: Optional[str] = None
    detail: Optional[int] = None


def _subclasses() -> dict:
    """os's OSError subclass -> the SpawnError subclass that is also it (made here, from
    the errnos the errno module knows)."""
    out = {}
    for n in sorted(_errno.errorcode):
        base = type(OSError(n, ""))
        if base is not OSError and base not in out:
            name = base.__name__.replace("Error", "SpawnError")
            out[base] = globals()[name] = type(name, (SpawnError, base), {"__module__": __name__})
    return out


_SUBCLASS = _subclasses()


def spawn_error(err: int, filename: Any, step: int) -> SpawnError:
    """The SpawnError for a start that failed with errno err at step (a RNS_SPAWN_STEP_*)."""
    cls = _SUBCLASS.get(type(OSError(err, "")), SpawnError)
    e = cls(err, os.strerror(err)) if filename is None else cls(err, os.strerror(err), filename)
    e.step = STEPS.get(step) if step else None
    if step:
        out = ctypes.c_int()
        e.detail = None if lib.rns_spawn_last_detail(ctypes.byref(out)) < 0 else out.value
    return e


def start(fn: Callable, attr: ctypes.c_void_p, path: bytes, argv, envp,
          filename: Callable[[int], Any]) -> Tuple[int, int]:
    """One rns_spawn/rns_spawnp call: (pid, pidfd), or SpawnError with filename(step)."""
    pid, step = ctypes.c_int32(), ctypes.c_int()
    r = fn(attr, path, argv, envp, ctypes.byref(pid), ctypes.byref(step))
    if r < 0:
        raise spawn_error(-r, filename(step.value), step.value)
    return pid.value, r


def _argv(argv: Any, caller: str):
    """argv as os.posix_spawn checks it: a non-empty tuple or list, argv[0] not empty."""
    if not isinstance(argv, (list, tuple)):
        raise TypeError(f"{caller}: argv must be a tuple or list")
    if not argv:
        raise ValueError(f"{caller}: argv must not be empty")
    arr = argv_array(argv)
    if not arr[0]:
        raise ValueError(f"{caller}: argv first element cannot be empty")
    return arr


def _path(path: Any, caller: str) -> bytes:
    if not isinstance(path, (str, bytes, os.PathLike)):
        raise TypeError(f"{caller}: path should be string, bytes or os.PathLike, "
                        f"not {type(path).__name__}")
    return cstr(path)


def _run(fn: Callable, caller: str, path: Any, argv: Any, env: Any, attrs: Mapping[str, Any],
         filename: Callable[[int], Any]) -> Tuple[int, int]:
    """Checks the arguments, makes the attribute from attrs, starts, frees the attribute."""
    p, arr = _path(path, caller), _argv(argv, caller)
    if env is not None and not isinstance(env, Mapping):
        raise TypeError(f"{caller}: environment must be a mapping object")
    envp = env_array(env)
    with built(attrs) as attr:
        return start(fn, attr, p, arr, envp, filename)


def _where(path: Any, attrs: Mapping[str, Any]) -> Callable[[int], Any]:
    """The filename a failed step names: the program for exec, the directory for cwd and
    chroot, none for the others."""
    names = {C.SPAWN_STEP_EXEC: path, C.SPAWN_STEP_CWD: attrs.get("cwd"),
             C.SPAWN_STEP_CHROOT: attrs.get("chroot")}
    return names.get


def spawn(path: StrPath, argv: Sequence[StrPath], env: Optional[Mapping[Any, Any]] = None,
          **attrs: Any) -> Process:
    """Starts the program at path with argv (argv[0] included) and env (None: this process's
    environment), set up as the keyword attributes say (see the module's docstring), and
    returns when it has exec'd: a Process owning the child's pidfd (wait for it and close
    it). Unlike posix_spawn, fds >= 3 are closed unless fds=/file_actions= name them (or
    keep_fds=True), and no signal is blocked unless sigmask= says so. Raises SpawnError when
    a step fails. Scope: a new child process; nothing of the caller's changes."""
    check_keywords(attrs, "spawn")
    pid, pidfd = _run(lib.rns_spawn, "spawn", path, argv, env, attrs, _where(path, attrs))
    return Process._adopt(pid, pidfd)


def spawnp(file: StrPath, argv: Sequence[StrPath], env: Optional[Mapping[Any, Any]] = None,
           **attrs: Any) -> Process:
    """spawn() with a PATH search (rns_spawnp: this process's PATH, "/bin:/usr/bin" when
    unset; a file with a slash is a path), as execvp(3) searches, except that a file the
    kernel refuses to run (ENOEXEC) is not run with /bin/sh. Scope: a new child process."""
    check_keywords(attrs, "spawnp")
    pid, pidfd = _run(lib.rns_spawnp, "spawnp", file, argv, env, attrs, _where(file, attrs))
    return Process._adopt(pid, pidfd)


# os.posix_spawn's own keywords, which the librns keywords for the same setters may not repeat.
_POSIX_REFUSED = ("pgroup", "reset_ids", "setsid", "sigmask", "sigdefault", "scheduler", "file_actions")


def _posix_attrs(caller, file_actions, setpgroup, resetids, setsid, setsigmask, setsigdef,
                 scheduler, attrs):
    """os.posix_spawn's keywords as spawn attributes (checked with os's errors), with its
    defaults: fds without FD_CLOEXEC inherited, the calling thread's signal mask."""
    check_keywords(attrs, caller, _POSIX_REFUSED)
    out = {"keep_fds": True, **attrs}
    if file_actions is not None:
        out["file_actions"] = file_actions
    if setpgroup is not None:
        out["pgroup"] = setpgroup
    out["reset_ids"], out["setsid"] = bool(resetids), bool(setsid)
    mask = signals(setsigmask)
    out["sigmask"] = mask or signal.pthread_sigmask(signal.SIG_BLOCK, [])
    out["sigdefault"] = signals(setsigdef) or None
    if scheduler is not None:
        if not isinstance(scheduler, tuple):
            raise TypeError("scheduler must be a tuple or None")
        if len(scheduler) != 2:
            raise TypeError("A scheduler tuple must have two elements")
        if not isinstance(scheduler[1], os.sched_param):
            raise TypeError("must have a sched_param object")
        out["scheduler"] = scheduler
    return out


def posix_spawn(path: StrPath, argv: Sequence[StrPath], env: Mapping[Any, Any], /, *,
                file_actions: Any = (), setpgroup: Optional[int] = None, resetids: bool = False,
                setsid: bool = False, setsigmask: Any = (), setsigdef: Any = (),
                scheduler: Optional[tuple] = None, **attrs: Any) -> int:
    """os.posix_spawn, through rns_spawn: the same arguments, checks, defaults (fds kept
    unless FD_CLOEXEC, the caller's signal mask) and errors (OSError with filename=path),
    plus the librns keyword attributes (see the module's docstring; pgroup, reset_ids,
    sigmask, sigdefault, scheduler and file_actions are os's keywords here). Returns the
    pid; the caller reaps it (os.waitpid). Scope: a new child process of the caller."""
    return _posix_start(lib.rns_spawn, "posix_spawn", path, argv, env, attrs, file_actions,
                        setpgroup, resetids, setsid, setsigmask, setsigdef, scheduler)


def posix_spawnp(path: StrPath, argv: Sequence[StrPath], env: Mapping[Any, Any], /, *,
                 file_actions: Any = (), setpgroup: Optional[int] = None, resetids: bool = False,
                 setsid: bool = False, setsigmask: Any = (), setsigdef: Any = (),
                 scheduler: Optional[tuple] = None, **attrs: Any) -> int:
    """os.posix_spawnp: posix_spawn() with rns_spawnp's PATH search (this process's PATH).
    Scope: a new child process of the caller."""
    return _posix_start(lib.rns_spawnp, "posix_spawnp", path, argv, env, attrs, file_actions,
                        setpgroup, resetids, setsid, setsigmask, setsigdef, scheduler)


def _posix_start(fn: Callable, caller: str, path: Any, argv: Any, env: Any,
                 attrs: Mapping[str, Any], *posix_args: Any) -> int:
    """posix_spawn(p)'s body: os's keywords (posix_args, in _posix_attrs's order) as spawn
    attributes, env required, the child's pid back (its pidfd closed: os's caller reaps)."""
    attrs = _posix_attrs(caller, *posix_args, attrs)
    _env_mapping(env, caller)
    pid, pidfd = _run(fn, caller, path, argv, env, attrs, lambda step: path)
    os.close(pidfd)
    return pid


def _env_mapping(env: Any, caller: str) -> None:
    """os.posix_spawn's env is required: a mapping (None refused, as in Python 3.11)."""
    if not isinstance(env, Mapping):
        raise TypeError(f"{caller}: environment must be a mapping object")
