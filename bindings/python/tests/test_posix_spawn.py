"""Lib/test/test_posix.py TestPosixSpawn and TestPosixSpawnP (CPython 3.11, the Linux
cases), each run against os.posix_spawn(p) and librns.posix_spawn(p) (the `ps` fixture),
plus os's argument errors compared message for message."""

import errno
import os
import signal
import sys

import pytest

import librns
from conftest import in_child

PY = sys.executable


@pytest.fixture(params=["os", "librns"])
def ps(request):
    """The module whose posix_spawn/posix_spawnp is under test."""
    return os if request.param == "os" else librns


def wait_exit(pid, code=0):
    """Reaps pid (os.waitpid) and checks its exit code."""
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == code


def python_args(*args):
    # -I: isolated, as CPython's tests run the child
    return [PY, "-I", *args]


def test_returns_pid(ps, tmp_path):
    pidfile = tmp_path / "pid"
    script = f"import os\nwith open({str(pidfile)!r}, 'w') as f: f.write(str(os.getpid()))\n"
    args = python_args("-c", script)
    pid = ps.posix_spawn(args[0], args, os.environ)
    wait_exit(pid)
    assert pidfile.read_text() == str(pid)


def test_no_such_executable(ps):
    no_such = "no_such_executable"
    with pytest.raises(OSError) as c:
        pid = ps.posix_spawn(no_such, [no_such], os.environ)
        os.waitpid(pid, 0)  # not reached
    assert c.value.filename == no_such and c.value.errno == errno.ENOENT
    assert isinstance(c.value, FileNotFoundError)


def test_specify_environment(ps, tmp_path):
    envfile = tmp_path / "env"
    script = f"import os\nwith open({str(envfile)!r}, 'w') as f: f.write(os.environ['foo'])\n"
    args = python_args("-c", script)
    pid = ps.posix_spawn(args[0], args, {**os.environ, "foo": "bar"})
    wait_exit(pid)
    assert envfile.read_text() == "bar"


def test_none_file_actions_and_empty(ps):
    for fa in (None, []):
        pid = ps.posix_spawn(*self_args("pass"), os.environ, file_actions=fa)
        wait_exit(pid)


def self_args(code):
    args = python_args("-c", code)
    return args[0], args


def test_resetids(ps):
    wait_exit(ps.posix_spawn(*self_args("pass"), os.environ, resetids=False))
    wait_exit(ps.posix_spawn(*self_args("pass"), os.environ, resetids=True))


def test_resetids_takes_effect(ps):
    # euid 0, real uid 65534: resetids makes the child's euid its real uid.
    if os.getuid() != 0:
        pytest.skip("needs root (sets a real uid other than the effective one)")

    def case():
        os.setresuid(65534, 0, 0)
        for reset, want in ((False, 0), (True, 65534)):
            pid = ps.posix_spawn(*self_args(f"import os, sys; sys.exit(os.geteuid() != {want})"),
                                 os.environ, resetids=reset)
            wait_exit(pid)
    in_child(case)


def test_setpgroup(ps):
    pid = ps.posix_spawn(*self_args("pass"), os.environ, setpgroup=os.getpgrp())
    wait_exit(pid)
    code = "import os, sys; sys.exit(os.getpgid(0) != os.getpid())"
    wait_exit(ps.posix_spawn(*self_args(code), os.environ, setpgroup=0))


def test_setpgroup_wrong_type(ps):
    with pytest.raises(TypeError):
        ps.posix_spawn(*self_args("pass"), os.environ, setpgroup="023")


def test_setsigmask(ps):
    code = "import signal; signal.raise_signal(signal.SIGUSR1)"
    pid = ps.posix_spawn(*self_args(code), os.environ, setsigmask=[signal.SIGUSR1])
    wait_exit(pid)


def test_setsigmask_default_is_the_callers(ps):
    # No setsigmask: the program starts with the calling thread's mask, as posix_spawn(3).
    def case():
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR2])
        code = "import signal, sys; sys.exit(signal.SIGUSR2 not in signal.pthread_sigmask(signal.SIG_BLOCK, []))"
        wait_exit(ps.posix_spawn(*self_args(code), os.environ))
    in_child(case)


def test_setsigmask_wrong_type(ps):
    with pytest.raises(TypeError):
        ps.posix_spawn(*self_args("pass"), os.environ, setsigmask=34)
    with pytest.raises(TypeError):
        ps.posix_spawn(*self_args("pass"), os.environ, setsigmask=["j"])
    with pytest.raises(ValueError):
        ps.posix_spawn(*self_args("pass"), os.environ, setsigmask=[signal.NSIG])


def test_setsid(ps, tmp_path):
    out = tmp_path / "sid"
    code = f"import os\nwith open({str(out)!r}, 'w') as f: f.write(str(os.getsid(0)))\n"
    wait_exit(ps.posix_spawn(*self_args(code), os.environ, setsid=True))
    assert int(out.read_text()) != os.getsid(0)


def test_setsigdef(ps):
    def case():
        signal.signal(signal.SIGUSR1, signal.SIG_IGN)
        code = "import signal; signal.raise_signal(signal.SIGUSR1)"
        pid = ps.posix_spawn(*self_args(code), os.environ, setsigdef=[signal.SIGUSR1])
        status = os.waitpid(pid, 0)[1]
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGUSR1
        wait_exit(ps.posix_spawn(*self_args(code), os.environ))  # still ignored without
    in_child(case)


def test_setsigdef_wrong_type(ps):
    with pytest.raises(TypeError):
        ps.posix_spawn(*self_args("pass"), os.environ, setsigdef=34)
    with pytest.raises(TypeError):
        ps.posix_spawn(*self_args("pass"), os.environ, setsigdef=["j"])
    with pytest.raises(ValueError):
        ps.posix_spawn(*self_args("pass"), os.environ, setsigdef=[signal.NSIG])


def test_setscheduler_only_param(ps):
    policy = os.sched_getscheduler(0)
    priority = os.sched_get_priority_min(policy)
    code = ("import os, sys\n"
            f"if os.sched_getscheduler(0) != {policy}: sys.exit(101)\n"
            f"if os.sched_getparam(0).sched_priority != {priority}: sys.exit(102)")
    pid = ps.posix_spawn(*self_args(code), os.environ, scheduler=(None, os.sched_param(priority)))
    wait_exit(pid)


def test_setscheduler_with_policy(ps):
    policy = os.sched_getscheduler(0)
    priority = os.sched_get_priority_min(policy)
    code = ("import os, sys\n"
            f"if os.sched_getscheduler(0) != {policy}: sys.exit(101)\n"
            f"if os.sched_getparam(0).sched_priority != {priority}: sys.exit(102)")
    pid = ps.posix_spawn(*self_args(code), os.environ, scheduler=(policy, os.sched_param(priority)))
    wait_exit(pid)


def test_multiple_file_actions(ps):
    file_actions = [(os.POSIX_SPAWN_OPEN, 3, os.path.realpath(__file__), os.O_RDONLY, 0),
                    (os.POSIX_SPAWN_CLOSE, 0),
                    (os.POSIX_SPAWN_DUP2, 1, 4)]
    pid = ps.posix_spawn(*self_args("pass"), os.environ, file_actions=file_actions)
    wait_exit(pid)


def test_bad_file_actions(ps):
    for fa in ([None], [()], [(23,)], [(os.POSIX_SPAWN_OPEN,)], [(os.POSIX_SPAWN_CLOSE,)],
               [(os.POSIX_SPAWN_CLOSE, 1, 2)], [(os.POSIX_SPAWN_DUP2, 1)]):
        with pytest.raises(TypeError):
            ps.posix_spawn(*self_args("pass"), os.environ, file_actions=fa)
    with pytest.raises(ValueError):
        ps.posix_spawn(*self_args("pass"), os.environ,
                       file_actions=[(os.POSIX_SPAWN_OPEN, 3, __file__ + "\0", os.O_RDONLY, 0)])


def test_open_file(ps, tmp_path):
    outfile = tmp_path / "out"
    fa = [(os.POSIX_SPAWN_OPEN, 1, str(outfile), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)]
    wait_exit(ps.posix_spawn(*self_args("print('hello')"), os.environ, file_actions=fa))
    assert outfile.read_text() == "hello\n"


def test_open_file_fails(ps):
    # A failing action fails the spawn: its errno, filename the program.
    fa = [(os.POSIX_SPAWN_OPEN, 3, "/no/such/dir/f", os.O_RDONLY, 0)]
    path, args = self_args("pass")
    with pytest.raises(FileNotFoundError) as c:
        ps.posix_spawn(path, args, os.environ, file_actions=fa)
    assert c.value.filename == path


def test_close_file(ps, tmp_path):
    closefile = tmp_path / "closed"
    code = (f"import os\ntry:\n    os.fstat(0)\nexcept OSError as e:\n"
            f"    with open({str(closefile)!r}, 'w') as f:\n        f.write('is closed %d' % e.errno)\n")
    wait_exit(ps.posix_spawn(*self_args(code), os.environ, file_actions=[(os.POSIX_SPAWN_CLOSE, 0)]))
    assert closefile.read_text() == "is closed %d" % errno.EBADF


def test_dup2(ps, tmp_path):
    dupfile = tmp_path / "dup"
    with open(dupfile, "wb") as childfile:
        fa = [(os.POSIX_SPAWN_DUP2, childfile.fileno(), 1)]
        wait_exit(ps.posix_spawn(*self_args("print('hello')"), os.environ, file_actions=fa))
    assert dupfile.read_text() == "hello\n"


def test_fds_inherited_unless_cloexec(ps):
    # posix_spawn passes every fd without FD_CLOEXEC on (librns.spawn's default closes them).
    r, w = os.pipe()
    os.set_inheritable(w, True)
    try:
        code = f"import os, sys; os.fstat({w}); sys.exit(0 if not os.path.exists('/proc/self/fd/{r}') else 3)"
        wait_exit(ps.posix_spawn(*self_args(code), os.environ))
    finally:
        os.close(r), os.close(w)


def test_environment_errors(ps):
    path, args = self_args("pass")
    for env in ({"FRUIT\0VEGETABLE": "cabbage"}, {"FRUIT": "orange\0VEGETABLE=cabbage"}):
        with pytest.raises(ValueError):
            ps.posix_spawn(path, args, env)
    with pytest.raises(ValueError, match="illegal environment variable name"):
        ps.posix_spawn(path, args, {"FRUIT=ORANGE": "lemon"})


def test_posix_spawnp(ps, tmp_path):
    # TestPosixSpawnP: a program found on PATH (this process's; os.posix_spawnp uses it).
    wait_exit(ps.posix_spawnp("true", ["true"], os.environ))
    with pytest.raises((FileNotFoundError, PermissionError)) as c:  # EACCES: a PATH dir we may not search
        ps.posix_spawnp("no_such_executable_i_hope", ["x"], os.environ)
    assert c.value.filename == "no_such_executable_i_hope"


BAD = [
    ((1, ["x"], {}), {}),
    (("/bin/true", [], {}), {}),
    (("/bin/true", "x", {}), {}),
    (("/bin/true", [""], {}), {}),
    (("/bin/true", ["x"], None), {}),
    (("/bin/true", ["x"], {"a=b": "c"}), {}),
    (("/bin/true", ["x\0"], {}), {}),
    (("/bin/true", [1], {}), {}),
    (("/bin/true", ["x"], {}), {"file_actions": [(99,)]}),
    (("/bin/true", ["x"], {}), {"file_actions": [()]}),
    (("/bin/true", ["x"], {}), {"file_actions": [(1,)]}),
    (("/bin/true", ["x"], {}), {"file_actions": 5}),
    (("/bin/true", ["x"], {}), {"scheduler": (1,)}),
    (("/bin/true", ["x"], {}), {"scheduler": (0, 1)}),
    (("/bin/true", ["x"], {}), {"setsigmask": [0]}),
    (("/bin/true", ["x"], {}), {"setsigmask": [1.5]}),
    (("/bin/true", ["x"], {}), {"setpgroup": "a"}),
]


@pytest.mark.parametrize("args, kw", BAD, ids=[str(i) for i in range(len(BAD))])
def test_argument_errors_as_os(args, kw):
    # The same exception type and message as os.posix_spawn's.
    with pytest.raises(Exception) as want:
        os.posix_spawn(*args, **kw)
    with pytest.raises(Exception) as have:
        librns.posix_spawn(*args, **kw)
    assert type(have.value) is type(want.value) and str(have.value) == str(want.value)
