"""The spawn API's shape: posix_spawn(p)'s parameters are os's, Popen's subprocess's (plus
the keyword attributes), run/call/... are subprocess's own code, every rns_spawn_attr_*
setter has its keyword, SpawnError is also os's subclass for its errno."""

import inspect
import os
import subprocess

import pytest

import librns
from librns import _prototypes, _spawnattr


def params(fn, drop_var_keyword=True):
    return [(p.name, p.kind, p.default) for p in inspect.signature(fn).parameters.values()
            if not (drop_var_keyword and p.kind is p.VAR_KEYWORD)]


@pytest.mark.parametrize("name", ["posix_spawn", "posix_spawnp"])
def test_posix_spawn_signature_is_os(name):
    # 3.11's builtin has only a text signature, with <unrepresentable> for None defaults.
    text = getattr(os, name).__text_signature__.replace("$module, ", "").replace("<unrepresentable>", "None")
    ns = {}
    exec(f"def f{text}: pass", ns)
    assert params(getattr(librns, name)) == params(ns["f"])
    assert list(inspect.signature(getattr(librns, name)).parameters)[-1] == "attrs"


def test_popen_signature_is_subprocess():
    assert params(librns.Popen.__init__) == params(subprocess.Popen.__init__)


@pytest.mark.parametrize("name", ["run", "call", "check_call", "check_output", "getoutput", "getstatusoutput"])
def test_functions_are_subprocess_code(name):
    fn = getattr(librns, name)
    assert fn.__code__ is getattr(subprocess, name).__code__
    assert fn.__globals__["Popen"] is librns.Popen
    assert params(fn, False) == params(getattr(subprocess, name), False)


@pytest.mark.parametrize("name", ["spawn", "spawnp", "posix_spawn", "posix_spawnp"])
def test_typed_and_scoped(name):
    fn = getattr(librns, name)
    sig = inspect.signature(fn)
    assert sig.return_annotation is not inspect.Signature.empty
    assert all(p.annotation is not inspect.Parameter.empty for p in sig.parameters.values())
    assert "Scope:" in fn.__doc__


def test_every_setter_has_a_keyword():
    # Each rns_spawn_attr_* function of the header (the generated prototypes) is called by
    # _spawnattr.py, the one place that turns keywords into setter calls.
    src = inspect.getsource(_spawnattr)
    setters = [n[len("rns_spawn_attr_"):] for n in _prototypes.PROTOTYPES
               if n.startswith("rns_spawn_attr_") and n not in ("rns_spawn_attr_new", "rns_spawn_attr_free")]
    missing = [s for s in setters if f'"{s}"' not in src and f"rns_spawn_attr_{s}(" not in src]
    assert len(setters) > 30 and missing == []


def test_spawn_error_classes():
    with pytest.raises(FileNotFoundError) as c:
        librns.spawn("/no/such", ["x"])
    assert isinstance(c.value, librns.SpawnError) and isinstance(c.value, OSError)
    assert type(c.value).__name__ == "FileNotFoundSpawnError"
    e = librns._spawn.spawn_error(1, None, 0)
    assert isinstance(e, PermissionError) and e.step is None and e.detail is None
    e = librns._spawn.spawn_error(5, None, 0)  # EIO: os has no subclass
    assert type(e) is librns.SpawnError and e.errno == 5


def test_readme_spawning_example():
    # bindings/python/README.md's Spawning example, run as written (in a user namespace, so
    # as root and as uid 65534; skipped where the kernel refuses one).
    readme = os.path.join(os.path.dirname(__file__), "..", "README.md")
    if not os.path.exists(readme):
        pytest.skip(f"no README.md beside the tests ({readme}): a copy of the tests only")
    text = open(readme).read()
    block = text.split("## Spawning", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    try:
        librns.run(["/bin/true"], unshare=librns.CLONE_NEWUSER, uid_map=f"0 {os.geteuid()} 1", check=True)
    except OSError as e:
        pytest.skip(f"no user namespace here: {e}")
    exec(compile(block, "README.md (Spawning)", "exec"), {})
