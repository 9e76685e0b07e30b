"""Argument conversion as os does it: TypeError for a wrong type, OverflowError out of range,
and OSError (its subclass chosen by errno, as os raises it) for a negative return."""

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


def raise_errno(r, filename=None):
    """Raises OSError(-r, strerror) for a negative result r; os's subclass is picked by errno."""
    e = -r
    if filename is None:
        raise OSError(e, os.strerror(e))
    raise OSError(e, os.strerror(e), filename)
