"""Running code in other namespaces: on the calling thread (ns_enter/ns_restore, and the
in_namespaces context manager over them), or on a fresh thread (run_in_ns,
run_in_namespaces), over rns_ns_enter*, rns_ns_restore and rns_run_in_ns."""

import ctypes
import errno
import threading
import warnings
from typing import Any, Callable, Optional, TypeVar

from ._args import c_int, fd as _fd, raise_errno
from ._lib import lib as _L

T = TypeVar("T")


class SavedNamespaces:
    """The namespaces a thread left in ns_enter/ns_enter_pid, to go back to with
    restore() on the same thread. Restored at most once; not restored by the garbage
    collector (only the thread that saved it may restore it)."""

    __slots__ = ("_ptr", "thread_id")

    def __init__(self, ptr: int) -> None:
        self._ptr: Optional[int] = ptr
        self.thread_id = threading.get_native_id()  # the thread that must restore it

    @property
    def restored(self) -> bool:
        """Whether restore() has succeeded (or failed past the point of retrying)."""
        return self._ptr is None

    def restore(self) -> None:
        """Moves the calling thread back into the saved namespaces and frees them.
        ValueError when already restored; EINVAL from another thread than the one that
        saved them (kept then, to restore on its own thread). When a step fails (EPERM,
        say, after the work dropped capabilities) the saved state is freed anyway and the
        thread is left in a mix of namespaces: do not use it for other work.
        Scope: calling thread."""
        if self._ptr is None:
            raise ValueError("SavedNamespaces: already restored")
        r = _L.rns_ns_restore(self._ptr)
        if r != -errno.EINVAL:  # kept for its own thread; else freed whatever the result
            self._ptr = None
        if r < 0:
            raise_errno(r)

    def __del__(self) -> None:
        if getattr(self, "_ptr", None) is not None:  # its thread never went back: say so
            warnings.warn(f"{self!r} was never restored (its namespace fds stay open)",
                          ResourceWarning, source=self)

    def __repr__(self) -> str:
        state = "restored" if self._ptr is None else f"thread {self.thread_id}"
        return f"<librns.SavedNamespaces {state}>"


def _entered(r: int, slot: ctypes.c_void_p) -> SavedNamespaces:
    if r < 0:
        raise_errno(r)
    return SavedNamespaces(slot.value)


def ns_enter(fd: Any, nstypes: int) -> SavedNamespaces:
    """Moves the calling thread into the namespaces fd refers to (a pidfd with an OR of
    CLONE_NEW* types, or a namespace file with its type or 0), saving those it leaves;
    restore with ns_restore(saved) or saved.restore() on the same thread. CLONE_NEWUSER is
    refused (a thread cannot leave a user namespace). Scope: calling thread, until
    ns_restore."""
    slot = ctypes.c_void_p()
    return _entered(_L.rns_ns_enter(_fd(fd), c_int(nstypes), ctypes.byref(slot)), slot)


def ns_enter_pid(pid: int, nstypes: int) -> SavedNamespaces:
    """ns_enter into process pid's namespaces of the types nstypes (as setns_pid).
    Scope: calling thread, until ns_restore."""
    slot = ctypes.c_void_p()
    return _entered(_L.rns_ns_enter_pid(c_int(pid), c_int(nstypes), ctypes.byref(slot)), slot)


def ns_restore(saved: SavedNamespaces) -> None:
    """saved.restore(): back into the namespaces ns_enter saved. Scope: calling thread."""
    if not isinstance(saved, SavedNamespaces):
        raise TypeError(f"ns_restore() argument must be SavedNamespaces, not {type(saved).__name__}")
    saved.restore()


class in_namespaces:
    """with in_namespaces(target, types): the body runs with the calling thread in the
    target's namespaces of the types (an OR of CLONE_NEW*; not CLONE_NEWUSER), and the thread
    is moved back on leaving, also when the body raises. target: an int is a pid; an object
    with fileno() (Namespace, Process, a file) is a namespace file (types its type or 0) or a
    pidfd. Nests. Other threads never move; threads the body starts start in the target's
    namespaces.

    If moving back fails (the body dropped CAP_SYS_ADMIN, say), leaving raises OSError with
    that errno (from the body's exception, if any): the thread is then in a mix of
    namespaces, as the header says; do not use it for other work (let it end).
    Scope: calling thread, for the body."""

    __slots__ = ("_target", "_types", "_saved")

    def __init__(self, target: Any, types: int) -> None:
        self._target, self._types = target, c_int(types)
        self._saved: Optional[SavedNamespaces] = None

    def __enter__(self) -> None:
        if self._saved is not None:
            raise RuntimeError("in_namespaces: already entered (use a new one to nest)")
        t = self._target
        if isinstance(t, int) and not hasattr(t, "fileno"):
            self._saved = ns_enter_pid(t, self._types)
        else:
            self._saved = ns_enter(t, self._types)

    def __exit__(self, et: Any, exc: Optional[BaseException], tb: Any) -> None:
        saved, self._saved = self._saved, None
        try:
            saved.restore()
        except OSError as e:
            err = OSError(e.errno, "in_namespaces: could not put the calling thread back "
                          f"into its namespaces ({e.strerror}); it is left in a mix of them")
            raise err from (exc if exc is not None else e)


# --- a fresh thread ------------------------------------------------------------------------

_RUN_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)


def run_in_ns(fd: Any, nstypes: int, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """Calls fn(*args, **kwargs) on a new thread inside the namespaces fd refers to (as
    ns_enter takes them; not CLONE_NEWUSER), waits for it and returns its result; an
    exception in fn is raised here, with its traceback. The calling thread never moves.
    Threads fn starts start in those namespaces. Scope: a new thread of the calling process,
    ended before the return."""
    if not callable(fn):
        raise TypeError(f"run_in_ns() fn must be callable, not {type(fn).__name__}")
    box: list = []

    def trampoline(_arg):  # on the library's thread, with the GIL (ctypes takes it)
        try:
            box.append((True, fn(*args, **kwargs)))
        except BaseException as e:  # noqa: B902 - handed to the caller, re-raised there
            box.append((False, e))
        return 0

    cb = _RUN_FN(trampoline)  # referenced until the call returns
    res = ctypes.c_int()
    r = _L.rns_run_in_ns(_fd(fd), c_int(nstypes), cb, None, ctypes.byref(res))
    del cb
    if r < 0:
        raise_errno(r)
    return _unbox(box)


def run_in_namespaces(target: Any, types: int, fn: Callable[..., T], /, *args: Any,
                      **kwargs: Any) -> T:
    """run_in_ns with the target as in_namespaces takes it: an object with fileno() is a
    namespace file or pidfd (run_in_ns itself); an int is a pid, and fn runs on a fresh
    Python thread inside in_namespaces(pid, types), so the pid goes through
    rns_ns_enter_pid (a pidfd of it, or /proc/PID/ns where the kernel has no pidfds).
    Scope: a new thread of the calling process, ended before the return."""
    if isinstance(target, int) and not hasattr(target, "fileno"):
        return _run_on_thread(target, types, fn, args, kwargs)
    return run_in_ns(target, types, fn, *args, **kwargs)


def _run_on_thread(pid: int, types: int, fn: Callable[..., T], args: Any, kwargs: Any) -> T:
    """fn(*args, **kwargs) on a fresh thread inside in_namespaces(pid, types); its result,
    or its exception re-raised here."""
    box: list = []

    def body() -> None:
        try:
            with in_namespaces(pid, types):
                box.append((True, fn(*args, **kwargs)))
        except BaseException as e:  # re-raised in the caller, with its traceback
            box.append((False, e))

    t = threading.Thread(target=body, name="librns-run-in-namespaces")
    t.start()
    t.join()
    return _unbox(box)


def _unbox(box: list) -> Any:
    """fn's result as the thread left it in box: its value, or its exception raised here
    (with fn's frames in the traceback)."""
    ok, value = box.pop()
    if not ok:
        try:
            raise value
        finally:
            del value
    return value
