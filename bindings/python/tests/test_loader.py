"""The loader (librns/_lib.py): LIBRNS_PATH alone when set, the in-tree build, librns.so.0."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

import librns

TREE_PKG = Path(__file__).resolve().parents[1]  # bindings/python, holding librns/ in the tree
LIB = Path(librns.library_path).resolve() if "/" in librns.library_path else None


# Where this suite's librns was imported from: the venv's site-packages under make, or the tree.
IMPORTED_FROM = Path(librns.__file__).resolve().parents[1]


def run(code, pythonpath=IMPORTED_FROM, **env):
    e = {k: v for k, v in os.environ.items() if k not in ("LIBRNS_PATH", "RNS_LIBRARY", "LD_LIBRARY_PATH", "PYTHONPATH")}
    e.update(env)
    e["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=e,
                          cwd="/", timeout=60)


def test_librns_path_is_the_only_place():
    r = run("import librns", LIBRNS_PATH="/nonexistent/librns.so")
    assert r.returncode != 0
    assert "ImportError: librns not found; looked in:" in r.stderr
    assert "LIBRNS_PATH=/nonexistent/librns.so: /nonexistent/librns.so: cannot open" in r.stderr
    assert "in-tree" not in r.stderr and "system" not in r.stderr


def test_librns_path_lacking_functions():
    r = run("import librns", LIBRNS_PATH="/lib/x86_64-linux-gnu/libc.so.6")
    if not os.path.exists("/lib/x86_64-linux-gnu/libc.so.6"):
        pytest.skip("no /lib/x86_64-linux-gnu/libc.so.6 to stand for a foreign library")
    assert r.returncode != 0 and "undefined symbol: rns_version" in r.stderr


def test_system_loader():
    if LIB is None:
        pytest.skip("the suite's librns came from the system loader already")
    if IMPORTED_FROM == TREE_PKG:
        pytest.skip("librns imported from the source tree: the in-tree build comes first")
    r = run("import librns; print(librns.library_path, librns.getpgid(0) > 0)",
            LD_LIBRARY_PATH=str(LIB.parent))
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["librns.so.0", "True"]


def test_in_tree_build():
    if not (TREE_PKG / "librns" / "_lib.py").exists():
        pytest.skip(f"no source tree package at {TREE_PKG} (a copy of the tests only)")
    want = TREE_PKG.parents[1] / "target" / "lib" / "librns.so"
    if not want.exists():
        pytest.skip(f"no in-tree build at {want} (make build)")
    r = run("import librns; print(librns.library_path)", pythonpath=TREE_PKG)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(want)


def test_nothing_found_names_each_place():
    # The installed package outside the tree, no LIBRNS_PATH, no loader path: every place said.
    r = run("import librns; print(librns.library_path)")
    if r.returncode == 0:
        pytest.skip(f"found {r.stdout.strip()} (the tree's build or an installed librns.so.0)")
    assert "system librns.so.0 (dynamic loader search path): librns.so.0: cannot open" in r.stderr
