"""Finds and loads librns through ctypes, and declares every function of include/rns.h
from the generated prototypes (_prototypes.py).

Search order (the first that loads and has every function wins):
  1. LIBRNS_PATH (or RNS_LIBRARY, the Node binding's name), when set: then it is the only
     place tried, so a wrong path is an error rather than a silent switch to another library;
  2. the in-tree build, ../../../target/lib/librns.so relative to this package, when the
     package runs from the source tree;
  3. librns.so.0 (the SONAME) through the system's dynamic loader (after `make install`).
When none loads, ImportError names every place tried and why it failed.

Functions whose parameters are all 32-bit integers get no argtypes: ctypes then passes a
Python int as a C int without its per-call conversion (measured: a third of the call's
cost), and the wrappers in librns check each value's type and range first, as os does.
"""

import ctypes
import os
from pathlib import Path

from ._prototypes import PROTOTYPES

SONAME = "librns.so.0"
_INT32 = {ctypes.c_int, ctypes.c_int32, ctypes.c_uint, ctypes.c_uint32}


def _candidates():
    """The places to try, in order: [(description, path or name)]."""
    for var in ("LIBRNS_PATH", "RNS_LIBRARY"):
        env = os.environ.get(var)
        if env:
            return [(f"{var}={env}", str(Path(env).resolve()))]
    places = []
    here = Path(__file__).resolve()
    root = here.parents[3]  # the tree's root when this is bindings/python/librns/_lib.py
    if root / "bindings" / "python" / "librns" / "_lib.py" == here:
        in_tree = root / "target" / "lib" / "librns.so"
        places.append((f"in-tree build {in_tree}", str(in_tree)))
    places.append((f"system {SONAME} (dynamic loader search path)", SONAME))
    return places


def _declare(lib):
    """Sets restype and argtypes of every function; AttributeError when one is missing."""
    for name, (restype, argtypes) in PROTOTYPES.items():
        fn = getattr(lib, name)
        fn.restype = restype
        if not set(argtypes) <= _INT32:
            fn.argtypes = argtypes
    return lib


def load():
    """The first library of _candidates() that loads and has every function."""
    tried = []
    for place, target in _candidates():
        try:
            return _declare(ctypes.CDLL(target)), target
        except (OSError, AttributeError) as e:
            tried.append(f"  - {place}: {e}")
    hint = ("LIBRNS_PATH names the library to use; fix or unset it."
            if os.environ.get("LIBRNS_PATH") or os.environ.get("RNS_LIBRARY")
            else "Build it (make build), install librns0, or set LIBRNS_PATH to librns.so.")
    raise ImportError("librns not found; looked in:\n" + "\n".join(tried) + "\n" + hint)


lib, path = load()
