"""Argument conversion as os does it: TypeError for a wrong type, OverflowError out of range,
and OSError (its subclass chosen by errno, as os raises it) for a negative return."""

import ctypes
import operator
import os

INT_MIN, INT_MAX = -(2**31), 2**31 - 1
ID_NONE = 2**32 - 1  # (uid_t)-1 / (gid_t)-1: "keep this id"


def c_int(v):
    """v as a C int (pid_t too): os's "signed integer is greater than maximum" otherwise."""
    if type(v) is int and INT_MIN <= v <= INT_MAX:
        return v
    v = operator.index(v)
    if v > INT_MAX:
        raise OverflowError("signed integer is greater than maximum")
    if v < INT_MIN:
        raise OverflowError("signed integer is less than minimum")
    return v


def c_uint(v):
    """v as a C unsigned int: ValueError for a negative value, as os.pidfd_open's flags."""
    v = operator.index(v)
    if v < 0:
        raise ValueError("value must be positive")
    if v > 2**32 - 1:
        raise OverflowError("Python int too large for C unsigned int")
    return v


def _id(v, what):
    """v as a uid_t/gid_t as os converts one: -1 (and its unsigned form) keeps the id."""
    try:
        v = operator.index(v)
    except TypeError:
        raise TypeError(f"{what} should be integer, not {type(v).__name__}") from None
    if v == -1:
        return ID_NONE
    if v < 0:
        raise OverflowError(f"{what} is less than minimum")
    if v > ID_NONE:
        raise OverflowError(f"{what} is greater than maximum")
    return v


def uid(v):
    """v as a uid_t: -1 (keep) or 0..2**32-2, as os's uid converter."""
    return _id(v, "uid")


def gid(v):
    """v as a gid_t, as os's gid converter."""
    return _id(v, "gid")


U64_MAX = 2**64 - 1


def u64(v, what):
    """v as a uint64_t: TypeError for a non-integer, OverflowError outside 0..2**64-1."""
    try:
        v = operator.index(v)
    except TypeError:
        raise TypeError(f"{what} must be an integer, not {type(v).__name__}") from None
    if not 0 <= v <= U64_MAX:
        raise OverflowError(f"{what} must be 0..2**64-1, not {v}")
    return v


def fd(v):
    """An fd from an int or an object with fileno(), as os.setns takes it."""
    if type(v) is not int:
        if hasattr(v, "fileno"):
            v = v.fileno()
        elif not hasattr(v, "__index__"):
            raise TypeError("argument must be an int, or have a fileno() method.")
        v = c_int(v)
    if v < 0:
        raise ValueError(f"file descriptor cannot be a negative integer ({v})")
    return v


def cstr(v, what=None):
    """A str (encoded as os encodes file names), bytes or os.PathLike as a C string:
    ValueError for an embedded NUL, as os converts; a wrong type's TypeError names what
    when given (else os.fsencode's own)."""
    try:
        b = os.fsencode(v)
    except TypeError:
        if what is None:
            raise
        raise TypeError(f"{what} should be string, bytes or os.PathLike, "
                        f"not {type(v).__name__}") from None
    if b"\0" in b:
        raise ValueError("embedded null byte")
    return b


def check(r, filename=None):
    """r, a library call's result, when it is not negative; else raises as raise_errno."""
    if r < 0:
        raise_errno(r, filename)
    return r


def raise_errno(r, filename=None):
    """Raises OSError(-r, strerror) for a negative result r; os's subclass is picked by errno."""
    e = -r
    if filename is None:
        raise OSError(e, os.strerror(e))
    raise OSError(e, os.strerror(e), filename)


NGROUPS_MAX = 65536  # the kernel's limit on supplementary groups


def gid_array(groups, what):
    """groups (a sequence of gids) as a C gid_t array and its length, checked as os's
    setgroups checks it: TypeError for a non-sequence ("WHAT argument must be a sequence")
    or a non-integer, ValueError past NGROUPS_MAX, OverflowError out of range."""
    if not hasattr(groups, "__len__") or not hasattr(groups, "__getitem__"):
        raise TypeError(f"{what} argument must be a sequence")
    if len(groups) > NGROUPS_MAX:
        raise ValueError("too many groups")
    ids = []
    for g in groups:
        try:
            operator.index(g)
        except TypeError:
            raise TypeError("groups must be integers") from None
        ids.append(gid(g))
    return (ctypes.c_uint32 * max(len(ids), 1))(*ids), len(ids)
