"""The one place that turns spawn keyword attributes into rns_spawn_attr_* calls
(apply_attrs), with the conversions the starts share (argv, env, signals, caps, seccomp).
The keywords are listed in librns/_spawn.py's docstring."""

import ctypes
import functools
import operator
import os
import sys
from typing import Any, Iterable, Mapping, Optional, Sequence

from . import _constants as C
from ._args import U64_MAX, c_int, cstr, fd as _fd, gid as _gid, gid_array, uid as _uid
from ._lib import lib
from ._structs import rns_sock_filter

_NSIG = 65  # signal.NSIG on Linux: signals 1..64


def check(r: int, call: str) -> None:
    """Raises OSError (os's subclass for the errno) for a setter's negative result."""
    if r < 0:
        raise OSError(-r, f"{os.strerror(-r)} (rns_spawn_attr_{call})")


class built:
    """`with built(attrs) as attr`: a new rns_spawn_attr with the keywords of attrs applied,
    freed when the block ends, on every path (a setter's error, a failed start). A class,
    not contextlib's generator: it is on every Popen's path."""

    __slots__ = ("attr",)

    def __init__(self, attrs: Mapping[str, Any]) -> None:
        self.attr = ctypes.c_void_p()
        check(lib.rns_spawn_attr_new(ctypes.byref(self.attr)), "new")
        try:
            apply_attrs(self.attr, attrs)
        except BaseException:
            lib.rns_spawn_attr_free(self.attr)
            raise

    def __enter__(self) -> ctypes.c_void_p:
        return self.attr

    def __exit__(self, *exc: Any) -> None:
        lib.rns_spawn_attr_free(self.attr)


# --- conversions -------------------------------------------------------------------------

def argv_array(items: Sequence[Any]) -> "ctypes.Array[ctypes.c_char_p]":
    """A NULL-terminated char *[] of items (str, bytes or os.PathLike)."""
    arr = (ctypes.c_char_p * (len(items) + 1))()
    arr[:len(items)] = [cstr(a) for a in items]
    return arr


def env_array(env: Optional[Mapping[Any, Any]], posix: bool = True):
    """A NAME=value char *[] of env (None: NULL, the caller's environment); ValueError
    "illegal environment variable name" as os.posix_spawn refuses one (empty, or an '='
    after its first character) or, posix False, as subprocess does (an '=' anywhere)."""
    if env is None:
        return None
    pairs = []
    for k, v in env.items():
        k, v = cstr(k), cstr(v)
        if (b"=" in k[1:] or not k) if posix else b"=" in k:
            raise ValueError("illegal environment variable name")
        pairs.append(k + b"=" + v)
    return argv_array(pairs)


def signals(value: Iterable[Any]) -> list:
    """Signal numbers from an iterable of ints or signal.Signals, checked as os checks a
    sigset (TypeError for a non-integer, ValueError outside 1..64)."""
    out = []
    for s in value:
        n = operator.index(s)
        if not 0 < n < _NSIG:
            raise ValueError(f"signal number {n} out of range [1; {_NSIG - 1}]")
        out.append(n)
    return out


def sigset(sigs: Iterable[int]) -> ctypes.Array:
    """A sigset_t (glibc's 128 bytes: unsigned longs, signal N at bit N-1) of sigs (the
    setters copy it: one per set of signals is kept, Popen passes the same one each time)."""
    return _sigset(frozenset(sigs))


@functools.lru_cache(maxsize=64)
def _sigset(sigs: "frozenset[int]") -> ctypes.Array:
    mask = 0
    for n in sigs:
        mask |= 1 << (n - 1)
    word = ctypes.sizeof(ctypes.c_ulong)
    raw = b"".join(((mask >> (8 * word * i)) & (2 ** (8 * word) - 1)).to_bytes(word, sys.byteorder)
                   for i in range(128 // word))
    return (ctypes.c_ubyte * 128).from_buffer_copy(raw)


def cap_mask(value: Iterable[Any], name: str) -> int:
    """A capability mask (bit N: capability N) from CAP_ names or numbers 0..63."""
    mask = 0
    for cap in value:
        if isinstance(cap, str):
            if not cap.startswith("CAP_") or not isinstance(getattr(C, cap, None), int):
                raise ValueError(f"{name}: {cap!r} is not a capability name (CAP_NET_RAW)")
            cap = getattr(C, cap)
        n = operator.index(cap)
        if not 0 <= n <= 63:
            raise ValueError(f"{name}: capability {n} out of range [0; 63]")
        mask |= 1 << n
    return mask


def _insn(i: Any) -> rns_sock_filter:
    """One BPF instruction from an rns_sock_filter or a (code, jt, jf, k) tuple, each field
    checked against its width (ctypes would truncate silently)."""
    if isinstance(i, rns_sock_filter):
        return i
    code, jt, jf, k = i
    for v, top, what in ((code, 0xFFFF, "code"), (jt, 0xFF, "jt"), (jf, 0xFF, "jf"), (k, 2**32 - 1, "k")):
        if not 0 <= operator.index(v) <= top:
            raise ValueError(f"seccomp: instruction field {what}={v} out of range [0; {top}]")
    return rns_sock_filter(code, jt, jf, k)


def filter_prog(value: Any):
    """A seccomp program, (array of rns_sock_filter, count), from bytes of whole 8-byte
    instructions or a list of rns_sock_filter / (code, jt, jf, k) tuples."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
        if not raw or len(raw) % 8:
            raise ValueError("seccomp: bytes of whole 8-byte instructions, at least one")
        return (rns_sock_filter * (len(raw) // 8)).from_buffer_copy(raw), len(raw) // 8
    ins = [_insn(i) for i in value]
    if not ins:
        raise ValueError("seccomp: a program of at least one instruction")
    return (rns_sock_filter * len(ins))(*ins), len(ins)


def _limit(v: Any) -> int:
    """An rlimit value: -1 (resource.RLIM_INFINITY) or 0..2**64-1."""
    v = operator.index(v)
    if v == -1:
        return U64_MAX
    if not 0 <= v <= U64_MAX:
        raise ValueError(f"rlimits: limit {v} out of range (-1 for unlimited, or 0..2**64-1)")
    return v


# --- the setters, one per keyword --------------------------------------------------------

def _join(a, v):
    for j in v:
        f, types = j if isinstance(j, tuple) else (j, 0)
        check(lib.rns_spawn_attr_set_join(a, _fd(f), c_int(types)), "set_join")


def _groups(a, v):
    check(lib.rns_spawn_attr_set_groups(a, *gid_array(list(v), "groups")), "set_groups")


def _rlimits(a, v):
    for res, (soft, hard) in dict(v).items():
        check(lib.rns_spawn_attr_set_rlimit(a, c_int(res), _limit(soft), _limit(hard)), "set_rlimit")


def _scheduler(a, v):
    policy, prio = v
    prio = getattr(prio, "sched_priority", prio)
    policy = -1 if policy is None else c_int(policy)
    check(lib.rns_spawn_attr_set_scheduler(a, policy, c_int(prio)), "set_scheduler")


def _fds(a, v):
    for child, parent in dict(v).items():
        check(lib.rns_spawn_attr_set_fd(a, c_int(child), -1 if parent is None else _fd(parent)), "set_fd")


_OS_ACTIONS = {os.POSIX_SPAWN_OPEN: "open", os.POSIX_SPAWN_CLOSE: "close", os.POSIX_SPAWN_DUP2: "dup2"}
# tag -> (how many arguments, the add call on the converted arguments)
_ACTIONS = {
    "open": (4, lambda a, f, path, flags, mode: lib.rns_spawn_attr_add_open(
        a, c_int(f), cstr(path), c_int(flags), c_int(mode))),
    "close": (1, lambda a, f: lib.rns_spawn_attr_add_close(a, c_int(f))),
    "dup2": (2, lambda a, f, new: lib.rns_spawn_attr_add_dup2(a, c_int(f), c_int(new))),
    "chdir": (1, lambda a, path: lib.rns_spawn_attr_add_chdir(a, cstr(path))),
    "fchdir": (1, lambda a, f: lib.rns_spawn_attr_add_fchdir(a, c_int(f))),
    "closefrom": (1, lambda a, f: lib.rns_spawn_attr_add_closefrom(a, c_int(f))),
    "tcsetpgrp": (1, lambda a, f: lib.rns_spawn_attr_add_tcsetpgrp(a, c_int(f))),
}


def _file_actions(a, v):
    """os.posix_spawn's file_actions tuples (its errors), and librns's named ones."""
    if isinstance(v, (str, bytes)) or not hasattr(v, "__len__"):
        raise TypeError("file_actions must be a sequence or None")
    for act in v:
        if not isinstance(act, tuple) or not act:
            raise TypeError("Each file_actions element must be a non-empty tuple")
        tag = act[0] if isinstance(act[0], str) else _OS_ACTIONS.get(operator.index(act[0]))
        if tag not in _ACTIONS:
            raise TypeError("Unknown file_actions identifier")
        n, add = _ACTIONS[tag]
        if len(act) != n + 1:
            raise TypeError(f"A {tag} file_action tuple must have {n + 1} elements")
        check(add(a, *act[1:]), f"add_{tag}")


def _foreground(a, v, attrs):
    if attrs.get("ctty") is not None:
        raise ValueError("ctty cannot be set with foreground")
    if attrs.get("pgroup") is None:
        check(lib.rns_spawn_attr_set_pgroup(a, 0), "set_pgroup")
    check(lib.rns_spawn_attr_add_tcsetpgrp(a, _fd(v)), "add_tcsetpgrp")


def _seccomp(a, v):
    prog, n = filter_prog(v)
    check(lib.rns_spawn_attr_set_seccomp(a, prog, n), "set_seccomp")


def _int_setter(call):
    return lambda a, v: check(getattr(lib, f"rns_spawn_attr_{call}")(a, c_int(v)), call)


def _bool_setter(call):
    return lambda a, v: check(getattr(lib, f"rns_spawn_attr_{call}")(a, 1 if v else 0), call)


def _path_setter(call):
    return lambda a, v: check(getattr(lib, f"rns_spawn_attr_{call}")(a, cstr(v)), call)


def _fd_setter(call):
    return lambda a, v: check(getattr(lib, f"rns_spawn_attr_{call}")(a, _fd(v)), call)


def _caps_setter(call):
    return lambda a, v: check(getattr(lib, f"rns_spawn_attr_{call}")(a, cap_mask(v, call[4:])), call)


def _sigs_setter(call):
    return lambda a, v: check(getattr(lib, f"rns_spawn_attr_{call}")(a, sigset(signals(v))), call)


# keyword -> setter, in the order they are applied (only the fd actions' order matters:
# foreground's tcsetpgrp, then fds, then file_actions, as the Node binding orders them).
SETTERS = {
    "fds": _fds,
    "unshare": _int_setter("set_unshare"),
    "join": _join,
    "uid_map": _path_setter("set_uid_map"),
    "gid_map": _path_setter("set_gid_map"),
    "mount_propagation": lambda a, v: check(lib.rns_spawn_attr_set_mount_propagation(a, operator.index(v)),
                                            "set_mount_propagation"),
    "setsid": _bool_setter("set_setsid"),
    "pgroup": _int_setter("set_pgroup"),
    "cgroup": _fd_setter("set_cgroup"),
    "cwd": _path_setter("set_cwd"),
    "groups": _groups,
    "no_new_privs": _bool_setter("set_no_new_privs"),
    "pdeathsig": _int_setter("set_pdeathsig"),
    "sigmask": _sigs_setter("set_sigmask"),
    "sigdefault": _sigs_setter("set_sigdefault"),
    "umask": _int_setter("set_umask"),
    "nice": _int_setter("set_nice"),
    "rlimits": _rlimits,
    "scheduler": _scheduler,
    "chroot": _path_setter("set_chroot"),
    "ambient_caps": _caps_setter("set_ambient_caps"),
    "inheritable_caps": _caps_setter("set_inheritable_caps"),
    "bounding_set": _caps_setter("set_bounding_set"),
    "securebits": _int_setter("set_securebits"),
    "file_actions": _file_actions,
    "ctty": _int_setter("set_ctty"),
    "seccomp": _seccomp,
    "landlock": _fd_setter("set_landlock"),
}

_ORDER = {k: i for i, k in enumerate(SETTERS)}
# Boolean keywords that are RNS_SPAWN_* flags (rns_spawn_attr_set_flags), and setgroups.
FLAGS = {"keep_groups": C.SPAWN_KEEP_GROUPS, "blocking_stdio": C.SPAWN_BLOCKING_STDIO,
         "keep_fds": C.SPAWN_KEEP_FDS, "noctty": C.SPAWN_NOCTTY, "reset_ids": C.SPAWN_RESETIDS}
KEYWORDS = frozenset(SETTERS) | frozenset(FLAGS) | {"uid", "gid", "setgroups", "foreground"}


def flags_of(attrs: Mapping[str, Any]) -> int:
    """The RNS_SPAWN_* flags the keywords ask for."""
    f = 0
    for k, bit in FLAGS.items():
        if attrs.get(k):
            f |= bit
    sg = attrs.get("setgroups")
    if sg is not None and sg not in ("allow", "deny"):
        raise ValueError(f"setgroups must be 'allow' or 'deny', not {sg!r}")
    return f | (C.SPAWN_SETGROUPS_DENY if sg == "deny" else 0)


def check_keywords(attrs: Mapping[str, Any], caller: str, refused: Iterable[str] = ()) -> None:
    """TypeError for a keyword that is no spawn attribute (or one caller takes another way)."""
    for k in attrs:
        if k not in KEYWORDS or k in refused:
            raise TypeError(f"{caller}() got an unexpected keyword argument {k!r}")


def apply_attrs(a: ctypes.c_void_p, attrs: Mapping[str, Any]) -> None:
    """Calls the rns_spawn_attr_* setter of each keyword of attrs (None: not set) on a."""
    flags = flags_of(attrs)
    if flags:  # a new attribute's flags are 0
        check(lib.rns_spawn_attr_set_flags(a, flags), "set_flags")
    if attrs.get("uid") is not None or attrs.get("gid") is not None:
        uid, gid = attrs.get("uid"), attrs.get("gid")
        check(lib.rns_spawn_attr_set_ids(a, _uid(-1 if uid is None else uid),
                                         _gid(-1 if gid is None else gid)), "set_ids")
    if attrs.get("foreground") is not None:
        _foreground(a, attrs["foreground"], attrs)
    for k in sorted((k for k, v in attrs.items() if v is not None and k in SETTERS), key=_ORDER.__getitem__):
        SETTERS[k](a, attrs[k])
