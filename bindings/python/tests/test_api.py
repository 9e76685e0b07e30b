"""The API's shape: os's names and parameters, type hints (py.typed), the Scope docstrings,
the constants as os names them, and the differences from os librns keeps."""

import errno
import inspect
import os

import pytest

import librns

# Classes and subprocess's names (librns.subprocess: tested against subprocess in
# test_subprocess_port.py and test_spawn_api.py) are not os calls.
CALLS = [n for n in librns.__all__ if callable(getattr(librns, n)) and n not in ("version",)
         and not inspect.isclass(getattr(librns, n)) and n not in librns.subprocess.__all__]
# os.posix_spawn(p) has no introspectable signature in 3.11: test_spawn_api.py checks theirs.
NO_OS_SIGNATURE = ("posix_spawn", "posix_spawnp")


@pytest.mark.parametrize("name", CALLS)
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
