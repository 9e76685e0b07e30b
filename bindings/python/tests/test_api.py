"""The API's shape: os's names and parameters, type hints (py.typed), the Scope docstrings,
the constants as os names them, and the differences from os librns keeps."""

import errno
import inspect
import os
import subprocess

import pytest

import librns

# Classes and subprocess's names (librns.subprocess: tested against subprocess in
# test_subprocess_port.py and test_spawn_api.py) are not os calls.
CALLS = [n for n in librns.__all__ if callable(getattr(librns, n)) and n not in ("version",)
         and not inspect.isclass(getattr(librns, n)) and n not in librns.subprocess.__all__]
# os.posix_spawn(p) has no introspectable signature in 3.11: test_spawn_api.py checks theirs.
NO_OS_SIGNATURE = ("posix_spawn", "posix_spawnp")
# librns's own classes (subprocess's, which librns re-exports as they are, are subprocess's).
CLASSES = [n for n in librns.__all__ if inspect.isclass(getattr(librns, n))
           and getattr(subprocess, n, None) is not getattr(librns, n)]


# The calls named as os's (setns/unshare: os has them from 3.12); the others os never had.
OS_NAMED = [n for n in CALLS if hasattr(os, n) or n in ("setns", "unshare")]


@pytest.mark.parametrize("name", OS_NAMED)
def test_signature_matches_os(name):
    if not hasattr(os, name):
        pytest.skip(f"os.{name}: not in this Python (os has setns/unshare from 3.12)")
    if name in NO_OS_SIGNATURE:
        pytest.skip(f"os.{name} has no signature to compare in 3.11 (test_spawn_api.py checks it)")
    want = [(p.name, p.kind, p.default) for p in inspect.signature(getattr(os, name)).parameters.values()]
    have = [(p.name, p.kind, p.default) for p in inspect.signature(getattr(librns, name)).parameters.values()]
    assert have == want


@pytest.mark.parametrize("name", CALLS)
def test_typed_and_scoped(name):
    fn = getattr(librns, name)
    sig = inspect.signature(fn)
    assert sig.return_annotation is not inspect.Signature.empty, name
    assert all(p.annotation is not inspect.Parameter.empty for p in sig.parameters.values()), name
    assert "Scope:" in (fn.__doc__ or "") or name == "pidfd_open", name
    assert os.path.exists(os.path.join(os.path.dirname(librns.__file__), "py.typed"))


def test_constants():
    # Named as os names them, with the kernel's values: those os has compared in test_priority.
    assert librns.CLONE_NEWUSER == 0x10000000 and librns.CLONE_NEWNET == 0x40000000
    assert librns.PRIO_PROCESS == 0 and librns.PIDFD_NONBLOCK == os.O_NONBLOCK
    assert librns.constants["CLONE_NEWNS"] == librns.CLONE_NEWNS
    assert librns.version() == "%d.%d.%d" % (librns.constants["VERSION_MAJOR"],
                                             librns.constants["VERSION_MINOR"],
                                             librns.constants["VERSION_PATCH"])


def test_killpg_group_1_refused():
    # The difference librns keeps (include/rns.h): group 1 would be kill(-1), every process.
    with pytest.raises(OSError) as e:
        librns.killpg(1, 0)
    assert e.value.errno == errno.EINVAL
    os.killpg(1, 0)  # os sends kill(-1, 0): "may I signal anyone", which succeeds


@pytest.mark.parametrize("name", CLASSES)
def test_classes_typed(name):
    # Every public method and property of the classes has type hints and a docstring; the
    # context manager in_namespaces states its scope as the calls do.
    cls = getattr(librns, name)
    assert cls.__doc__, name
    for attr, member in vars(cls).items():
        if attr.startswith("_") and attr not in ("__init__", "__enter__"):
            continue
        fn = member.fget if isinstance(member, property) else getattr(member, "__func__", member)
        if not inspect.isfunction(fn):
            continue  # NsId's fields
        sig = inspect.signature(fn)
        assert sig.return_annotation is not inspect.Signature.empty, f"{name}.{attr}"
        params = [p for p in sig.parameters.values() if p.name not in ("self", "cls")]
        # Popen.__init__ keeps subprocess.Popen's parameters as they are (typeshed types them)
        if not (cls is librns.Popen and attr == "__init__"):
            assert all(p.annotation is not inspect.Parameter.empty for p in params), f"{name}.{attr}"
        assert attr.startswith("_") or fn.__doc__ or name == "NsId", f"{name}.{attr}"
    if name == "in_namespaces":
        assert "Scope:" in cls.__doc__


def test_pidfd_send_signal_signature():
    # signal.pidfd_send_signal's parameters (CPython's are positional-only).
    import signal
    want = [(p.name, p.kind, p.default) for p in inspect.signature(signal.pidfd_send_signal).parameters.values()]
    have = [(p.name, p.kind, p.default) for p in inspect.signature(librns.pidfd_send_signal).parameters.values()]
    assert have == want
