"""Lib/test/test_subprocess.py (CPython 3.11: ProcessTestCase, RunFuncTestCase,
POSIXProcessTestCase), the Linux cases that apply, each run against subprocess and against
librns.subprocess (the `sp` fixture). The cases left out, and why: bindings/python/README.md."""

import errno
import io
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time

import pytest

import librns
import librns.subprocess as rsp
from conftest import in_child

PY = sys.executable
ZERO = ("/bin/true",)
NONEXISTING_CMD = ("nonexisting_i_hope",)
NONEXISTING_ERRORS = (FileNotFoundError, NotADirectoryError, PermissionError)


@pytest.fixture(params=["subprocess", "librns"])
def sp(request):
    """The module under test: the standard library's subprocess, or librns.subprocess."""
    return subprocess if request.param == "subprocess" else rsp


def py(code):
    return [PY, "-c", code]


# --- ProcessTestCase ---------------------------------------------------------------------

def test_io_buffered_by_default(sp):
    p = sp.Popen(ZERO, stdin=sp.PIPE, stdout=sp.PIPE, stderr=sp.PIPE)
    with p:
        assert all(isinstance(f, io.BufferedIOBase) for f in (p.stdin, p.stdout, p.stderr))


def test_io_unbuffered_works(sp):
    p = sp.Popen(ZERO, stdin=sp.PIPE, stdout=sp.PIPE, stderr=sp.PIPE, bufsize=0)
    with p:
        assert all(isinstance(f, io.RawIOBase) for f in (p.stdin, p.stdout, p.stderr))


def test_call_seq(sp):
    assert sp.call(py("import sys; sys.exit(47)")) == 47


def test_call_timeout(sp):
    with pytest.raises(subprocess.TimeoutExpired):
        sp.call(py("while True: pass"), timeout=0.1)


def test_timeout_exception(sp):
    for t in (-1, 0):
        with pytest.raises(subprocess.TimeoutExpired) as e:
            sp.run(py("import time; time.sleep(9)"), timeout=t)
        assert "timed out after" in str(e.value) and e.value.timeout <= t + 0.5  # 3.11: -1.00002


def test_check_call_zero(sp):
    assert sp.check_call(ZERO) == 0


def test_check_call_nonzero(sp):
    with pytest.raises(subprocess.CalledProcessError) as c:
        sp.check_call(py("import sys; sys.exit(47)"))
    assert c.value.returncode == 47


def test_check_output(sp):
    assert b"BDFL" in sp.check_output(py("print('BDFL')"))
    with pytest.raises(ValueError, match="stdout argument not allowed, it will be overridden"):
        sp.check_output([], stdout=None)
    with pytest.raises(ValueError, match="check argument not allowed, it will be overridden"):
        sp.check_output([], check=False)


def test_check_output_nonzero(sp):
    with pytest.raises(subprocess.CalledProcessError) as c:
        sp.check_output(py("import sys; sys.exit(5)"))
    assert c.value.returncode == 5


def test_check_output_stderr(sp):
    out = sp.check_output(py("import sys; sys.stderr.write('BDFL')"), stderr=sp.STDOUT)
    assert b"BDFL" in out


def test_check_output_stdin_arg(sp):
    with tempfile.TemporaryFile() as tf:
        tf.write(b"pear")
        tf.seek(0)
        out = sp.check_output(py("import sys; sys.stdout.write(sys.stdin.read().upper())"), stdin=tf)
    assert b"PEAR" in out


def test_check_output_input_arg(sp):
    out = sp.check_output(py("import sys; sys.stdout.write(sys.stdin.read().upper())"), input=b"pear")
    assert b"PEAR" in out


@pytest.mark.parametrize("kw", [{}, {"text": True}, {"universal_newlines": True},
                                {"encoding": "utf-8", "errors": "ignore"}])
def test_check_output_input_none(sp, kw):
    out = sp.check_output(py("import sys; print('XX' if sys.stdin.read() else '')"), input=None, **kw)
    assert "XX" not in (out if isinstance(out, str) else out.decode())


def test_check_output_stdout_arg(sp):
    with pytest.raises(ValueError) as c:
        sp.check_output(py("print('will not be run')"), stdout=sys.stdout)
    assert "stdout" in c.value.args[0]


def test_check_output_stdin_with_input_arg(sp):
    with tempfile.TemporaryFile() as tf, pytest.raises(ValueError) as c:
        sp.check_output(py("print('will not be run')"), stdin=tf, input=b"hare")
    assert "stdin" in c.value.args[0] and "input" in c.value.args[0]


def test_check_output_timeout(sp):
    with pytest.raises(subprocess.TimeoutExpired):
        sp.check_output(py("import time; time.sleep(3600)"), timeout=0.1)


def test_call_kwargs(sp):
    env = dict(os.environ, FRUIT="banana")
    assert sp.call(py('import sys, os; sys.exit(os.getenv("FRUIT")=="banana")'), env=env) == 1


def test_invalid_args(sp):
    with pytest.raises(TypeError):
        sp.Popen(invalid_arg_name=1)
    argcount = subprocess.Popen.__init__.__code__.co_argcount
    with pytest.raises(TypeError):
        sp.Popen(*([0] * (argcount + 1)))


def test_stdin_none(sp):
    with sp.Popen(py('print("banana")'), stdout=sp.PIPE, stderr=sp.PIPE) as p:
        p.wait()
        assert p.stdin is None


def test_stdout_none(sp):
    # The grandchild inherits the child's stdout, a pipe of ours.
    code = ("import sys; from subprocess import Popen, PIPE;"
            "p = Popen([sys.executable, '-c', 'print(\"test_stdout_none\")'], stdin=PIPE, stderr=PIPE);"
            "p.wait(); assert p.stdout is None")
    with sp.Popen(py(code), stdout=sp.PIPE, stderr=sp.PIPE) as p:
        out, err = p.communicate()
    assert p.returncode == 0, err
    assert out.rstrip() == b"test_stdout_none"


def test_stderr_none(sp):
    with sp.Popen(py('print("banana")'), stdin=sp.PIPE, stdout=sp.PIPE) as p:
        p.wait()
        assert p.stderr is None


def _assert_python(sp, pre_args, **kwargs):
    p = sp.Popen(pre_args + ["import sys; sys.exit(47)"], **kwargs)
    p.wait()
    assert p.returncode == 47


@pytest.mark.parametrize("conv", [str, os.fsencode, pathlib.Path], ids=["str", "bytes", "pathlike"])
def test_executable(sp, conv):
    doesnotexist = os.path.join(os.path.dirname(PY), "doesnotexist")
    _assert_python(sp, [doesnotexist, "-c"], executable=conv(PY))


def test_executable_takes_precedence(sp):
    _assert_python(sp, [PY, "-c"])
    with pytest.raises(NONEXISTING_ERRORS):
        _assert_python(sp, [PY, "-c"], executable=NONEXISTING_CMD[0])


@pytest.mark.parametrize("conv", [str, os.fsencode, pathlib.Path], ids=["str", "bytes", "pathlike"])
def test_executable_replaces_shell(sp, conv):
    _assert_python(sp, [], executable=conv(PY), shell=True)


@pytest.mark.parametrize("conv", [str, os.fsencode, pathlib.Path], ids=["str", "bytes", "pathlike"])
def test_cwd(sp, conv, tmp_path):
    p = sp.Popen(py("import os, sys; sys.stdout.write(os.getcwd())"), stdout=sp.PIPE, cwd=conv(tmp_path))
    with p:
        assert p.stdout.read().decode() == os.path.realpath(tmp_path)


def test_cwd_with_relative_executable(sp, tmp_path):
    # A relative executable with a slash is taken from the new cwd, as execv after chdir.
    link = tmp_path / "py"
    link.symlink_to(PY)
    with pytest.raises(FileNotFoundError):
        sp.Popen(["./py", "-c", "pass"])  # not in our cwd
    _assert_python(sp, ["./py", "-c"], cwd=tmp_path)


def test_stdin_pipe(sp):
    p = sp.Popen(py('import sys; sys.exit(sys.stdin.read() == "pear")'), stdin=sp.PIPE)
    p.stdin.write(b"pear")
    p.stdin.close()
    p.wait()
    assert p.returncode == 1


def test_stdin_filedes_and_fileobj(sp):
    for as_fd in (True, False):
        with tempfile.TemporaryFile() as tf:
            tf.write(b"pear")
            tf.seek(0)
            p = sp.Popen(py('import sys; sys.exit(sys.stdin.read() == "pear")'),
                         stdin=tf.fileno() if as_fd else tf)
            p.wait()
            assert p.returncode == 1


def test_stdout_pipe(sp):
    with sp.Popen(py('import sys; sys.stdout.write("orange")'), stdout=sp.PIPE) as p:
        assert p.stdout.read() == b"orange"


def test_stdout_filedes_and_fileobj(sp):
    for as_fd in (True, False):
        with tempfile.TemporaryFile() as tf:
            p = sp.Popen(py('import sys; sys.stdout.write("orange")'), stdout=tf.fileno() if as_fd else tf)
            p.wait()
            tf.seek(0)
            assert tf.read() == b"orange"


def test_stderr_pipe_filedes_fileobj(sp):
    with sp.Popen(py('import sys; sys.stderr.write("strawberry")'), stderr=sp.PIPE) as p:
        assert p.stderr.read() == b"strawberry"
    for as_fd in (True, False):
        with tempfile.TemporaryFile() as tf:
            p = sp.Popen(py('import sys; sys.stderr.write("strawberry")'), stderr=tf.fileno() if as_fd else tf)
            p.wait()
            tf.seek(0)
            assert tf.read() == b"strawberry"


def test_stdout_stderr_pipe(sp):
    code = 'import sys; sys.stdout.write("apple"); sys.stdout.flush(); sys.stderr.write("orange")'
    with sp.Popen(py(code), stdout=sp.PIPE, stderr=sp.STDOUT) as p:
        assert p.stdout.read() == b"appleorange"


def test_stdout_stderr_file(sp):
    code = 'import sys; sys.stdout.write("apple"); sys.stdout.flush(); sys.stderr.write("orange")'
    with tempfile.TemporaryFile() as tf:
        p = sp.Popen(py(code), stdout=tf, stderr=tf)
        p.wait()
        tf.seek(0)
        assert tf.read() == b"appleorange"


def test_stdout_filedes_of_stdout(sp):
    # stdout=1 passes our own fd 1 on (run in a child whose fd 1 is a pipe we read).
    code = "import os, sys; sys.exit(os.write(sys.stdout.fileno(), b'test with stdout=1') != 18)"
    out = subprocess.run(
        [PY, "-c", f"import sys, {sp.__name__} as m; sys.exit(m.call({py(code)!r}, stdout=1))"],
        capture_output=True, env=os.environ)
    assert out.returncode == 0, out.stderr
    assert out.stdout == b"test with stdout=1"


@pytest.mark.parametrize("which", ["stdin", "stdout", "stderr"])
def test_devnull(sp, which):
    code = {"stdin": "import sys; sys.exit(sys.stdin.read() != '')",
            "stdout": "print('banana')", "stderr": "import sys; sys.stderr.write('banana')"}[which]
    p = sp.Popen(py(code), **{which: sp.DEVNULL}, stdout=sp.PIPE) if which != "stdout" \
        else sp.Popen(py(code), stdout=sp.DEVNULL)
    with p:
        if p.stdout:
            assert p.stdout.read() == b""
    assert p.returncode == 0


def test_env(sp):
    env = dict(os.environ, FRUIT="orange")
    with sp.Popen(py('import sys,os; sys.stdout.write(os.getenv("FRUIT"))'), stdout=sp.PIPE, env=env) as p:
        assert p.communicate()[0] == b"orange"


def test_empty_env(sp):
    with sp.Popen(py("import os; print(list(os.environ))"), stdout=sp.PIPE, env={}) as p:
        stdout, _ = p.communicate()
    child = eval(stdout.strip())
    assert set(child) <= {"LC_CTYPE"}  # the C locale coercion may add LC_CTYPE


def test_invalid_cmd(sp):
    for cmd in ([PY, "-c", "pass#\0"], [PY, "-c\0", "pass"]):
        with pytest.raises(ValueError, match="embedded null byte"):
            sp.Popen(cmd)


def test_invalid_env(sp):
    for env in ({"FRUIT\0VEGETABLE": "cabbage"}, {"FRUIT": "orange\0VEGETABLE=cabbage"}):
        with pytest.raises(ValueError):
            sp.Popen(ZERO, env=dict(os.environ, **env))
    with pytest.raises(ValueError, match="illegal environment variable name"):
        sp.Popen(ZERO, env=dict(os.environ, **{"FRUIT=ORANGE": "lemon"}))
    with sp.Popen(py('import sys, os; sys.stdout.write(os.getenv("FRUIT"))'), stdout=sp.PIPE,
                  env=dict(os.environ, FRUIT="orange=lemon")) as p:
        assert p.communicate()[0] == b"orange=lemon"


def test_communicate_stdin_stdout_stderr(sp):
    p = sp.Popen(py('import sys; sys.exit(sys.stdin.read() == "pear")'), stdin=sp.PIPE)
    p.communicate(b"pear")
    assert p.returncode == 1
    out, err = sp.Popen(py('import sys; sys.stdout.write("pineapple")'), stdout=sp.PIPE).communicate()
    assert (out, err) == (b"pineapple", None)
    out, err = sp.Popen(py('import sys; sys.stderr.write("pineapple")'), stderr=sp.PIPE).communicate()
    assert (out, err) == (None, b"pineapple")


def test_communicate(sp):
    code = ("import sys,os; sys.stderr.write('pineapple'); sys.stdout.write(sys.stdin.read())")
    with sp.Popen(py(code), stdin=sp.PIPE, stdout=sp.PIPE, stderr=sp.PIPE) as p:
        assert p.communicate(b"banana") == (b"banana", b"pineapple")


def test_communicate_timeout(sp):
    code = ("import sys,os,time; sys.stderr.write('pineapple\\n'); time.sleep(1);"
            "sys.stderr.write('pear\\n'); sys.stdout.write(sys.stdin.read())")
    p = sp.Popen(py(code), stdin=sp.PIPE, stdout=sp.PIPE, stderr=sp.PIPE, universal_newlines=True)
    with pytest.raises(subprocess.TimeoutExpired):
        p.communicate("banana", timeout=0.3)
    out, err = p.communicate()
    assert out == "banana" and err == "pineapple\npear\n"


def test_communicate_timeout_large_output(sp):
    code = ("import sys,os,time; sys.stdout.write('a' * (64 * 1024)); time.sleep(0.2);"
            "sys.stdout.write('a' * (64 * 1024)); time.sleep(0.2);"
            "sys.stdout.write('a' * (64 * 1024)); time.sleep(0.2); sys.stdout.write('a' * (64 * 1024))")
    p = sp.Popen(py(code), stdout=sp.PIPE)
    with pytest.raises(subprocess.TimeoutExpired):
        p.communicate(timeout=0.4)
    out, _ = p.communicate()
    assert len(out) == 4 * 64 * 1024


def test_communicate_pipe_buf(sp):
    # More than a pipe's buffer through both pipes at once: communicate must not deadlock.
    bufsize = 65536  # a pipe's default capacity on Linux
    code = ("import sys; sys.stdout.write(sys.stdin.read(47)); sys.stderr.write('x' * %d);"
            "sys.stdout.write(sys.stdin.read())" % (bufsize * 2))
    p = sp.Popen(py(code), stdin=sp.PIPE, stdout=sp.PIPE, stderr=sp.PIPE)
    data = b"a" * (bufsize * 3)
    out, err = p.communicate(data)
    assert out == data and len(err) == bufsize * 2


def test_writes_before_communicate(sp):
    p = sp.Popen(py("import sys; sys.stdout.write(sys.stdin.read())"), stdin=sp.PIPE, stdout=sp.PIPE)
    p.stdin.write(b"banana")
    assert p.communicate(b"split")[0] == b"bananasplit"


def test_universal_newlines_and_text(sp):
    code = ("import sys; sys.stdout.write(sys.stdin.readline()); sys.stdout.write('line2\\n');"
            "sys.stdout.write('line3\\r\\n'); sys.stdout.write('line4\\r'); sys.stdout.write('\\nline5');"
            "sys.stdout.write('\\nline6');")
    for kw in ({"universal_newlines": True}, {"text": True}):
        p = sp.Popen(py(code), stdin=sp.PIPE, stdout=sp.PIPE, **kw)
        with p:
            p.stdin.write("line1\n")
            p.stdin.flush()
            assert p.stdout.readline() == "line1\n"
            p.stdin.close()
            assert p.stdout.read() == "line2\nline3\nline4\nline5\nline6"


def test_universal_newlines_communicate_encodings(sp):
    code = 'import sys; sys.stdout.buffer.write("\u00e9\\r\\n".encode("latin-1"))'
    for enc in ("latin-1", "iso8859-1"):
        out = sp.check_output(py(code), encoding=enc)
        assert out == "\u00e9\n"


def test_communicate_errors(sp):
    code = "import sys; sys.stdout.buffer.write(b'[\\x80\\x80]')"
    assert sp.check_output(py(code), encoding="utf-8", errors="surrogateescape") == "[\udc80\udc80]"


def test_no_leaking(sp):
    # Many children with pipes, each closed: no fd of ours left behind.
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(20):
        p = sp.Popen(py("import sys; sys.stdout.write(sys.stdin.read())"),
                     stdin=sp.PIPE, stdout=sp.PIPE, stderr=sp.PIPE)
        assert p.communicate(b"lime")[0] == b"lime"
    assert len(os.listdir("/proc/self/fd")) == before


def test_poll_and_wait(sp):
    p = sp.Popen(py("import os; os.read(0, 1)"), stdin=sp.PIPE)
    assert p.poll() is None
    p.stdin.close()
    assert p.wait() == 0 and p.poll() == 0


def test_wait_timeout(sp):
    p = sp.Popen(py("import time; time.sleep(0.3)"))
    with pytest.raises(subprocess.TimeoutExpired) as c:
        p.wait(timeout=0.0001)
    assert "0.0001" in str(c.value)
    assert p.wait(timeout=30) == 0


def test_invalid_bufsize(sp):
    with pytest.raises(TypeError):
        sp.Popen(ZERO, "orange")


def test_bufsize_is_none(sp):
    p = sp.Popen(ZERO, None)
    assert p.wait() == 0
    p = sp.Popen(ZERO, bufsize=None)
    assert p.wait() == 0


def test_leaking_fds_on_error(sp):
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(64):
        with pytest.raises(NONEXISTING_ERRORS):
            sp.Popen(NONEXISTING_CMD, stdout=sp.PIPE, stderr=sp.PIPE)
    assert len(os.listdir("/proc/self/fd")) == before


def test_nonexisting_with_pipes(sp):
    # subprocess's case runs this in a child Python and checks its stderr is empty.
    code = (f"import {sp.__name__} as m\n"
            "try:\n m.Popen(['nonexisting_i_hope'], stdin=m.PIPE, stdout=m.PIPE, stderr=m.PIPE)\n"
            "except OSError: pass\nelse: raise SystemExit('no error')\n")
    out = subprocess.run([PY, "-c", code], capture_output=True, env=os.environ)
    assert out.returncode == 0 and out.stderr == b"", out.stderr


def test_handles_closed_on_exception(sp):
    ifhandle, ifname = tempfile.mkstemp()
    ofhandle, ofname = tempfile.mkstemp()
    efhandle, efname = tempfile.mkstemp()
    try:
        with pytest.raises(NONEXISTING_ERRORS):
            sp.Popen(["*"], stdin=ifhandle, stdout=ofhandle, stderr=efhandle)
        for fd in (ifhandle, ofhandle, efhandle):  # ours: still open
            os.fstat(fd)
    finally:
        for fd, name in ((ifhandle, ifname), (ofhandle, ofname), (efhandle, efname)):
            os.close(fd)
            os.remove(name)


def test_communicate_epipe(sp):
    p = sp.Popen(ZERO, stdin=sp.PIPE, stdout=sp.PIPE, stderr=sp.PIPE)
    with p:
        p.communicate(b"x" * 2**20)


def test_communicate_epipe_only_stdin(sp):
    p = sp.Popen(ZERO, stdin=sp.PIPE)
    with p:
        p.wait()
        p.communicate(b"x" * 2**20)


def test_repr(sp):
    p = sp.Popen(ZERO)
    p.wait()
    assert repr(p).endswith("returncode: 0 args: ('/bin/true',)>")


def test_file_not_found_includes_filename(sp):
    with pytest.raises(FileNotFoundError) as c:
        sp.call(["/opt/nonexistent_binary", "with", "some", "args"])
    assert c.value.filename == "/opt/nonexistent_binary"


def test_file_not_found_with_bad_cwd(sp):
    with pytest.raises(FileNotFoundError) as c:
        sp.Popen(["exit", "0"], cwd="/some/nonexistent/directory")
    assert c.value.filename == "/some/nonexistent/directory"


def test_class_getitems(sp):
    assert sp.Popen[bytes] is not None and sp.CompletedProcess[str] is not None


# --- RunFuncTestCase ---------------------------------------------------------------------

def test_run_returncode_and_check(sp):
    assert sp.run(py("import sys; sys.exit(47)")).returncode == 47
    with pytest.raises(subprocess.CalledProcessError):
        sp.run(py("import sys; sys.exit(47)")).check_returncode()
    with pytest.raises(subprocess.CalledProcessError) as c:
        sp.run(py("import sys; sys.exit(47)"), check=True)
    assert c.value.returncode == 47
    assert sp.run(ZERO, check=True).returncode == 0


def test_run_timeout(sp):
    with pytest.raises(subprocess.TimeoutExpired):
        sp.run(py("while True: pass"), timeout=0.0001)


def test_run_capture(sp):
    cp = sp.run(py("import sys; sys.stdout.write('BDFL'); sys.stderr.write('FLUFL')"), capture_output=True)
    assert (cp.stdout, cp.stderr) == (b"BDFL", b"FLUFL")
    assert sp.run(py("import sys; sys.stderr.write('BDFL')"), stderr=sp.PIPE).stderr == b"BDFL"
    with pytest.raises(ValueError, match="stdout"):
        sp.run(ZERO, capture_output=True, stdout=sys.stdout)
    with pytest.raises(ValueError, match="stderr"):
        sp.run(ZERO, capture_output=True, stderr=sys.stderr)


def test_run_with_input_and_pathlike(sp):
    cp = sp.run(py("import sys; sys.stdout.write(sys.stdin.read().upper())"), input=b"pear", stdout=sp.PIPE)
    assert cp.stdout == b"PEAR"
    assert sp.run(pathlib.Path("/bin/true")).returncode == 0
    assert sp.run([pathlib.Path(PY), "-c", "import sys; sys.exit(57)"]).returncode == 57


def test_run_kwargs(sp):
    env = dict(os.environ, FRUIT="banana")
    cp = sp.run(py('import sys, os; sys.exit(33 if os.getenv("FRUIT")=="banana" else 31)'), env=env)
    assert cp.returncode == 33


def test_run_abort(sp):
    # A child killed by a signal: returncode -signal, and CalledProcessError says so.
    cp = sp.run(py("import os; os.abort()"))
    assert cp.returncode == -signal.SIGABRT
    with pytest.raises(subprocess.CalledProcessError) as c:
        cp.check_returncode()
    assert "died with <Signals.SIGABRT: 6>" in str(c.value)


# --- POSIXProcessTestCase ----------------------------------------------------------------

def test_exception_cwd(sp):
    with pytest.raises(FileNotFoundError) as c:
        sp.Popen(ZERO, cwd="/this/path/does/not/exist")
    assert c.value.errno == errno.ENOENT and c.value.filename == "/this/path/does/not/exist"
    with pytest.raises(NotADirectoryError):
        sp.Popen(ZERO, cwd="/bin/true")


def test_exception_bad_executable(sp):
    with pytest.raises(FileNotFoundError) as c:
        sp.Popen(ZERO, executable="/this/path/does/not/exist")
    assert c.value.filename == "/this/path/does/not/exist"


def test_exception_bad_args_0(sp):
    with pytest.raises(FileNotFoundError) as c:
        sp.Popen(["/this/path/does/not/exist"])
    assert c.value.filename == "/this/path/does/not/exist"


def test_exception_permission_and_noexec(sp, tmp_path):
    f = tmp_path / "plain"
    f.write_bytes(b"\x00\x01 not a program")
    with pytest.raises(PermissionError) as c:
        sp.Popen([str(f)])
    assert c.value.filename == str(f)
    f.chmod(0o755)
    with pytest.raises(OSError) as c:
        sp.Popen([str(f)])
    assert c.value.errno == errno.ENOEXEC and c.value.filename == str(f)


def test_path_search_with_env(sp, tmp_path):
    # The PATH of env= is searched (os.get_exec_path(env)), the first candidate that runs wins.
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    prog = tmp_path / "b" / "prog"
    prog.write_text("#!/bin/sh\necho from-b\n")
    prog.chmod(0o755)
    env = {"PATH": f"{tmp_path / 'a'}:{tmp_path / 'b'}"}
    assert sp.check_output(["prog"], env=env) == b"from-b\n"
    with pytest.raises(NONEXISTING_ERRORS):  # our PATH: EACCES where a directory is not ours
        sp.check_output(["prog"])


def test_restore_signals(sp):
    def sigign(restore):  # grep: a child that changes no disposition itself (Python would)
        out = sp.check_output(["grep", "SigIgn", "/proc/self/status"], restore_signals=restore)
        return int(out.split()[1], 16)
    piped = 1 << (signal.SIGPIPE - 1) | 1 << (signal.SIGXFSZ - 1)  # ignored by Python
    assert sigign(True) & piped == 0 and sigign(False) & piped == piped


def test_start_new_session(sp):
    out = sp.check_output(py("import os; print(os.getsid(0))"), start_new_session=True)
    assert int(out) != os.getsid(0)


def test_process_group_0(sp):
    out = sp.check_output(py("import os; print(os.getpid(), os.getpgid(0))"), process_group=0)
    pid, pgid = map(int, out.split())
    assert pid == pgid and pgid != os.getpgid(0)


def test_user_group_extra_groups(sp):
    code = "import os; print(os.getuid(), os.getgid(), sorted(os.getgroups()))"
    if os.getuid() != 0:
        with pytest.raises(PermissionError):
            sp.check_output(py(code), user=0)
        return
    out = sp.check_output(py(code), user=65534, group=65534, extra_groups=[1, 2])
    assert out.split(maxsplit=2) == [b"65534", b"65534", b"[1, 2]\n"]
    out = sp.check_output(py(code), user="nobody", extra_groups=[])
    assert out.split(maxsplit=2) == [b"65534", b"0", b"[]\n"]


def test_user_keeps_groups_without_extra_groups(sp):
    # subprocess's user= alone keeps the caller's supplementary groups (librns's spawn would drop them).
    if os.getuid() != 0:
        pytest.skip("needs root (changes the uid)")
    code = "import os; print(sorted(os.getgroups()))"
    out = sp.check_output(py(code), user=65534)
    assert out.strip() == str(sorted(os.getgroups())).encode()


def test_user_group_errors(sp):
    with pytest.raises(KeyError):
        sp.Popen(ZERO, user="nonexistent_user_i_hope")
    with pytest.raises(ValueError):
        sp.Popen(ZERO, user=-1)
    with pytest.raises(KeyError):
        sp.Popen(ZERO, group="nonexistent_group_i_hope")
    with pytest.raises(ValueError):
        sp.Popen(ZERO, extra_groups="string")
    with pytest.raises(TypeError):
        sp.Popen(ZERO, user=1.5)


def test_umask(sp, tmp_path):
    name = tmp_path / "beans"
    sp.check_call(py(f"open({str(name)!r}, 'w').close()"), umask=0o053)
    assert name.stat().st_mode & 0o777 == 0o624  # 0o666 & ~0o053


def test_run_abort_signal_returncode(sp):
    p = sp.Popen(py("import os; os.kill(os.getpid(), 9)"))
    assert p.wait() == -9


def test_args_string_and_shell(sp, tmp_path):
    f = tmp_path / "script"
    f.write_text(f"#!{sys.executable}\nimport sys; sys.exit(47)\n")
    f.chmod(0o700)
    assert sp.Popen(str(f)).wait() == 47
    assert sp.call("exit 47", shell=True) == 47
    assert sp.call(["exit 47"], shell=True) == 47
    with pytest.raises(TypeError, match="path-like args is not allowed when shell is true"):
        sp.Popen(pathlib.Path("/bin/true"), shell=True)


def test_shell_env_and_specific_shell(sp):
    env = dict(os.environ, FRUIT="apple")
    with sp.Popen(["echo $FRUIT"], shell=True, stdout=sp.PIPE, env=env) as p:
        assert p.stdout.read().strip() == b"apple"
    with sp.Popen("echo $0", executable="/bin/bash", shell=True, stdout=sp.PIPE) as p:
        assert p.stdout.read().strip() == b"/bin/bash"


def test_invalid_windows_args(sp):
    with pytest.raises(ValueError):
        sp.call(ZERO, startupinfo=47)
    with pytest.raises(ValueError):
        sp.call(ZERO, creationflags=47)


@pytest.mark.parametrize("method, sig", [("send_signal", signal.SIGINT), ("kill", signal.SIGKILL),
                                          ("terminate", signal.SIGTERM)])
def test_signals(sp, method, sig):
    p = sp.Popen(py("import sys, time; sys.stdout.write('x\\n'); sys.stdout.flush(); time.sleep(30)"),
                 stdout=sp.PIPE)
    with p:
        p.stdout.read(1)  # ready
        getattr(p, method)(*([sig] if method == "send_signal" else []))
        rc = p.wait()
    assert rc == (-sig if sig != signal.SIGINT else 1) or rc == -sig  # SIGINT: KeyboardInterrupt


@pytest.mark.parametrize("method", ["send_signal", "kill", "terminate"])
def test_signal_dead(sp, method):
    p = sp.Popen(ZERO)
    p.wait()
    getattr(p, method)(*([signal.SIGTERM] if method == "send_signal" else []))  # no error


def test_send_signal_race(sp):
    # The child has exited but is not reaped: poll() reaps it, nothing is sent.
    p = sp.Popen(ZERO)
    time.sleep(0.2)
    p.send_signal(signal.SIGTERM)
    assert p.returncode == 0


def _open_fds():
    return {int(n) for n in os.listdir("/proc/self/fd")}


def test_close_fds_and_pass_fds(sp):
    code = "import os; print(sorted(int(n) for n in os.listdir('/proc/self/fd')))"
    r, w = os.pipe()
    os.set_inheritable(r, True)
    try:
        out = sp.check_output(py(code), close_fds=True)
        assert r not in eval(out)
        out = sp.check_output(py(code), close_fds=False)
        assert r in eval(out) and w not in eval(out)  # w is O_CLOEXEC
        out = sp.check_output(py(code), pass_fds=(w,))
        assert w in eval(out) and r not in eval(out)
    finally:
        os.close(r), os.close(w)


def test_pass_fds_inheritable(sp):
    code = "import os, sys; print([os.get_inheritable(int(a)) for a in sys.argv[1:]])"
    inheritable, non_inheritable = os.pipe()
    os.set_inheritable(inheritable, True)
    try:
        out = sp.check_output(py(code) + [str(inheritable), str(non_inheritable)],
                              pass_fds=(inheritable, non_inheritable))
        assert eval(out) == [True, True]
        assert os.get_inheritable(inheritable) and not os.get_inheritable(non_inheritable)
    finally:
        os.close(inheritable), os.close(non_inheritable)


def test_pass_fds_warns_close_fds_false(sp):
    r, w = os.pipe()
    try:
        with pytest.warns(RuntimeWarning, match="overriding close_fds"):
            sp.Popen(ZERO, close_fds=False, pass_fds=(r,)).wait()
    finally:
        os.close(r), os.close(w)


def test_stdout_stdin_are_single_inout_fd(sp):
    with io.open(os.devnull, "r+") as inout:
        p = sp.Popen(ZERO, stdout=inout, stdin=inout)
        p.wait()


def test_stdout_stderr_are_single_inout_fd(sp):
    with io.open(os.devnull, "r+") as inout:
        sp.Popen(ZERO, stdout=inout, stderr=inout).wait()


def test_swap_std_fds(sp):
    # Our fds 0, 1, 2 as the child's 2, 0, 1 (in a forked child: its fds change).
    def case():
        files = [tempfile.TemporaryFile() for _ in range(3)]
        for i, f in enumerate(files):
            os.dup2(f.fileno(), i)
        os.write(0, b"STDIN\n")
        os.lseek(0, 0, 0)
        code = "import sys; sys.stdout.write(sys.stdin.read()); sys.stderr.write('err')"
        sp.Popen(py(code), stdin=0, stdout=1, stderr=2).wait()
        os.lseek(1, 0, 0), os.lseek(2, 0, 0)
        out, err = os.read(1, 1024), os.read(2, 1024)
        assert (out, err) == (b"STDIN\n", b"err"), (out, err)
        os.lseek(0, 0, 0)
        for i, f in enumerate(files):
            f.truncate(0)
            os.lseek(i, 0, 0)
        os.write(0, b"x")
        os.lseek(0, 0, 0)
        sp.Popen(py("import sys; sys.stdout.write(sys.stdin.read() + 'y')"), stdin=0, stdout=2, stderr=1).wait()
        os.lseek(2, 0, 0)
        assert os.read(2, 10) == b"xy"
    in_child(case)


def test_remapping_std_fds_closed(sp):
    # The child has no fds 0-2 of its own; stdout=PIPE still works.
    def case():
        for i in (0, 1, 2):
            os.close(i)
        with sp.Popen([PY, "-c", "print('ok')"], stdout=sp.PIPE, stderr=sp.DEVNULL, stdin=sp.DEVNULL) as p:
            assert p.stdout.read() == b"ok\n"
    in_child(case)


def test_wait_when_sigchild_ignored(sp):
    code = (f"import signal, sys, {sp.__name__} as m; signal.signal(signal.SIGCHLD, signal.SIG_IGN);"
            "p = m.Popen([sys.executable, '-c', 'print(\"banana\")']); sys.exit(p.wait())")
    out = subprocess.run([PY, "-c", code], capture_output=True, env=os.environ)
    assert out.returncode == 0, out.stderr


def test_zombie_fast_process_del(sp):
    p = sp.Popen(py("import time; time.sleep(30)"))
    pid = p.pid
    with pytest.warns(ResourceWarning):
        del p
        import gc
        gc.collect()
    # The child is in _active (subprocess's list), reaped later: the pid is still ours.
    os.kill(pid, signal.SIGKILL)
    for inst in list(subprocess._active):
        inst.wait()
    subprocess._cleanup()


def test_pipe_cloexec(sp):
    # Our ends of the pipes are O_CLOEXEC: a grandchild inherits none.
    import fcntl
    p = sp.Popen(ZERO, stdin=sp.PIPE, stdout=sp.PIPE, stderr=sp.PIPE)
    with p:
        for f in (p.stdin, p.stdout, p.stderr):
            assert fcntl.fcntl(f, fcntl.F_GETFD) & fcntl.FD_CLOEXEC


def test_pipe_cloexec_real_tools(sp):
    code = "import sys; sys.stdout.write(sys.stdin.read())"
    p1 = sp.Popen(py(code), stdin=sp.PIPE, stdout=sp.PIPE)
    p2 = sp.Popen(py(code), stdin=p1.stdout, stdout=sp.PIPE)
    p1.stdout.close()
    p1.stdin.write(b"apple")
    p1.stdin.close()
    assert p2.stdout.read() == b"apple"
    p2.stdout.close()
    assert p1.wait() == 0 and p2.wait() == 0


def test_communicate_BrokenPipeError_stdin_close(sp):
    p = sp.Popen(ZERO, stdin=sp.PIPE)
    with p:
        p.wait()
        with pytest.raises(BrokenPipeError):
            p.stdin.write(b"x" * 2**20)
            p.stdin.flush()
        p.communicate()  # the close's BrokenPipeError is ignored


def test_undecodable_env(sp):
    value = os.fsdecode(b"abc\xff")
    env = dict(os.environ, test=value)
    out = sp.check_output(py("import os; print(ascii(os.environ['test']))"), env=env)
    assert out.rstrip() == ascii(value).encode()
    benv = dict(os.environb)
    benv[b"test"] = b"abc\xff"
    out = sp.check_output(py("import os; print(ascii(os.environb[b'test']))"), env=benv)
    assert out.rstrip() == ascii(b"abc\xff").encode()


def test_bytes_program(sp):
    assert sp.call([os.fsencode(PY), "-c", "pass"]) == 0
    assert sp.call(os.fsencode(PY) + b" -c pass", shell=True) == 0


def test_stopped_then_continued(sp):
    # Not CPython's test_stopped (which mocks waitpid): a child that stops itself is not
    # reported by wait() (waitpid(pid, 0) reports only its end); continued, it exits.
    p = sp.Popen(py("import os, signal; os.kill(os.getpid(), signal.SIGSTOP)"))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with open(f"/proc/{p.pid}/stat") as f:
            if f.read().split(")")[1].split()[0] == "T":
                break
        time.sleep(0.01)
    os.kill(p.pid, signal.SIGCONT)
    assert p.wait() == 0


# --- preexec_fn: librns refuses it -------------------------------------------------------

def test_preexec_fn(sp):
    if sp is subprocess:
        assert sp.call(ZERO, preexec_fn=lambda: None) == 0
        return
    with pytest.raises(ValueError, match="preexec_fn is not supported by librns.Popen"):
        sp.Popen(ZERO, stdout=sp.PIPE, preexec_fn=lambda: None)


def test_same_objects():
    # librns's run/Popen results and errors are subprocess's own classes.
    for name in ("CompletedProcess", "CalledProcessError", "TimeoutExpired", "SubprocessError",
                 "PIPE", "DEVNULL", "STDOUT"):
        assert getattr(rsp, name) is getattr(subprocess, name) is getattr(librns, name)
    assert issubclass(librns.Popen, subprocess.Popen) and librns.Popen is rsp.Popen
