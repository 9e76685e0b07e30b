"""The generated ctypes structs (librns/_structs.py) laid out as the C compiler lays out
include/rns.h's: every struct's sizeof and every field's offsetof, printed by a small C
program compiled here with gcc against the header."""

import ctypes
import shutil
import subprocess
from pathlib import Path

import pytest

from librns import _structs

HEADER = Path(__file__).resolve().parents[3] / "include" / "rns.h"
TYPES = {n: t for n, t in vars(_structs).items()
         if isinstance(t, type) and issubclass(t, (ctypes.Structure, ctypes.Union))
         and t not in (ctypes.Structure, ctypes.Union)}


def c_program():
    lines = ["#include <stddef.h>", "#include <stdio.h>", '#include "rns.h"', "int main(void) {"]
    for name, t in TYPES.items():
        lines.append(f'  printf("{name} %zu\\n", sizeof({name}));')
        for field, *_ in t._fields_:
            lines.append(f'  printf("{name}.{field} %zu\\n", offsetof({name}, {field}));')
    return "\n".join(lines + ["  return 0;", "}", ""])


def python_layout():
    out = []
    for name, t in TYPES.items():
        out.append(f"{name} {ctypes.sizeof(t)}")
        out += [f"{name}.{field} {getattr(t, field).offset}" for field, *_ in t._fields_]
    return out


def test_struct_layout_matches_c(tmp_path):
    if not HEADER.exists():
        pytest.skip(f"no include/rns.h at {HEADER} (a copy of the tests without the header)")
    cc = shutil.which("gcc") or shutil.which("cc")
    if cc is None:
        pytest.skip("no C compiler (gcc/cc) to compare the layout with")
    assert {"rns_wait_status", "rns_rusage", "rns_process_info", "rns_siginfo",
            "rns_exit_event"} <= set(TYPES)
    src = tmp_path / "layout.c"
    src.write_text(c_program())
    subprocess.run([cc, "-std=c11", "-Wall", "-Werror", "-I", str(HEADER.parent), "-o",
                    str(tmp_path / "layout"), str(src)], check=True)
    c = subprocess.run([str(tmp_path / "layout")], check=True, capture_output=True, text=True)
    assert c.stdout.splitlines() == python_layout()


def test_sizes_the_header_states():
    # The sizes include/rns.h's docs name (the Node binding's constants too).
    assert ctypes.sizeof(_structs.rns_wait_status) == 20
    assert ctypes.sizeof(_structs.rns_rusage) == 80
    assert ctypes.sizeof(_structs.rns_process_info) == 80
    assert ctypes.sizeof(_structs.rns_siginfo) == 16
    assert ctypes.sizeof(_structs.rns_exit_event) == 32
