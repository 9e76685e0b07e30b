"""Lib/test/test_asyncio/test_subprocess.py (CPython 3.11, SubprocessMixin's cases that use
create_subprocess_exec/_shell), each run against asyncio and librns.asyncio (the `aio`
fixture), plus what librns adds: its keywords, and children waited without a thread."""

import asyncio
import os
import signal
import subprocess
import sys
import threading

import pytest

import librns
import librns.asyncio as rasyncio

PY = sys.executable
PROGRAM_CAT = [PY, "-c", "import sys\ndata = sys.stdin.buffer.read()\nsys.stdout.buffer.write(data)"]
PROGRAM_BLOCKED = [PY, "-c", "import time; time.sleep(3600)"]


@pytest.fixture(params=["asyncio", "librns"])
def aio(request):
    """The module whose create_subprocess_exec/_shell is under test."""
    return asyncio if request.param == "asyncio" else rasyncio


def run(coro):
    return asyncio.run(coro)


def test_stdin_stdout(aio):
    async def main():
        proc = await aio.create_subprocess_exec(*PROGRAM_CAT, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        proc.stdin.write(b"Python The Winner")
        await proc.stdin.drain()
        proc.stdin.close()
        data = await proc.stdout.read()
        return data, await proc.wait()
    assert run(main()) == (b"Python The Winner", 0)


def test_communicate(aio):
    async def main():
        proc = await aio.create_subprocess_exec(*PROGRAM_CAT, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        out, err = await proc.communicate(b"some data")
        return out, err, proc.returncode
    assert run(main()) == (b"some data", None, 0)


def test_communicate_none_input_and_empty(aio):
    async def main():
        # input None leaves stdin open (asyncio's way): so no stdin pipe here
        proc = await aio.create_subprocess_exec(*PROGRAM_CAT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
        r1 = await proc.communicate()
        proc = await aio.create_subprocess_exec(*PROGRAM_CAT, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        r2 = await proc.communicate(b"")
        return r1, r2
    assert run(main()) == ((b"", None), (b"", None))


def test_shell(aio):
    async def main():
        proc = await aio.create_subprocess_shell("exit 7")
        return await proc.wait()
    assert run(main()) == 7


def test_start_new_session(aio):
    async def main():
        proc = await aio.create_subprocess_shell("exit 8", start_new_session=True)
        return await proc.wait()
    assert run(main()) == 8


@pytest.mark.parametrize("how", ["kill", "terminate", "send_signal"])
def test_kill_terminate_send_signal(aio, how):
    async def main():
        code = "import sys, time; print('sleeping', flush=True); time.sleep(3600)"
        proc = await aio.create_subprocess_exec(PY, "-c", code, stdout=subprocess.PIPE)
        assert await proc.stdout.readline() == b"sleeping\n"
        if how == "send_signal":
            proc.send_signal(signal.SIGHUP)
        else:
            getattr(proc, how)()
        return await proc.wait()
    want = {"kill": -signal.SIGKILL, "terminate": -signal.SIGTERM, "send_signal": -signal.SIGHUP}[how]
    assert run(main()) == want


def test_stdin_broken_pipe(aio):
    async def main():
        proc = await aio.create_subprocess_exec(PY, "-c", "pass", stdin=subprocess.PIPE)
        await proc.wait()
        with pytest.raises((BrokenPipeError, ConnectionResetError)):
            proc.stdin.write(b"x" * (2 * 1024 * 1024))
            await proc.stdin.drain()
    run(main())


def test_stdin_not_inheritable(aio):
    # The parent's end of the stdin pipe is not inherited by the child.
    async def main():
        proc = await aio.create_subprocess_exec(*PROGRAM_CAT, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        out, _ = await proc.communicate(b"ok")
        return out
    assert run(main()) == b"ok"


@pytest.mark.parametrize("which", ["stdin", "stdout", "stderr"])
def test_devnull(aio, which):
    async def main():
        code = {"stdin": "import sys; print(repr(sys.stdin.read()))", "stdout": "print('x')",
                "stderr": "import sys; sys.stderr.write('x')"}[which]
        kw = {which: subprocess.DEVNULL}
        if which != "stdout":
            kw["stdout"] = subprocess.PIPE
        proc = await aio.create_subprocess_exec(PY, "-c", code, **kw)
        out, _ = await proc.communicate()
        return out, proc.returncode
    want = {"stdin": b"''\n", "stdout": None, "stderr": b""}[which]
    assert run(main()) == (want, 0)


def test_cancel_process_wait(aio):
    async def main():
        proc = await aio.create_subprocess_exec(*PROGRAM_BLOCKED)
        task = asyncio.ensure_future(proc.wait())
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        proc.kill()
        return await proc.wait()
    assert run(main()) == -signal.SIGKILL


def test_popen_error(aio):
    async def main():
        with pytest.raises(FileNotFoundError):
            await aio.create_subprocess_exec("/nonexistent/program_i_hope")
    run(main())


def test_read_stdout_after_process_exit(aio):
    async def main():
        code = "import sys; sys.stdout.write('x' * 4096)"
        proc = await aio.create_subprocess_exec(PY, "-c", code, stdout=subprocess.PIPE)
        await proc.wait()
        return len(await proc.stdout.read())
    assert run(main()) == 4096


def test_text_mode_fails(aio):
    async def main():
        for kw in ({"text": True}, {"encoding": "utf-8"}, {"errors": "strict"}, {"universal_newlines": True},
                   {"bufsize": 4096}):
            with pytest.raises(ValueError):
                await aio.create_subprocess_exec(*PROGRAM_CAT, **kw)
            with pytest.raises(ValueError):
                await aio.create_subprocess_shell("true", **kw)
        with pytest.raises(ValueError):
            await aio.create_subprocess_shell(["true"])
    run(main())


def test_create_subprocess_exec_with_path(aio):
    import pathlib

    async def main():
        proc = await aio.create_subprocess_exec(pathlib.Path("/bin/true"))
        r1 = await proc.wait()
        proc = await aio.create_subprocess_exec(PY, "-c", "pass", pathlib.Path("/bin/true"))
        return r1, await proc.wait()
    assert run(main()) == (0, 0)


# --- librns's own ------------------------------------------------------------------------

def test_librns_keywords_in_asyncio():
    attrs = dict(unshare=librns.CLONE_NEWUSER | librns.CLONE_NEWUTS, uid_map=f"0 {os.geteuid()} 1")

    async def main():
        proc = await rasyncio.create_subprocess_exec("/bin/sh", "-c", "hostname aio-box; hostname; id -u",
                                                     stdout=subprocess.PIPE, **attrs)
        return await proc.communicate(), proc.returncode
    try:
        (out, _), code = run(main())
    except librns.SpawnError as e:
        pytest.skip(f"no user namespace for uid {os.geteuid()}: {e}")
    assert (out, code) == (b"aio-box\n0\n", 0)


def test_many_children_no_thread():
    # 40 children at once, each waited on the loop through its pidfd: no thread is started
    # (asyncio's default ThreadedChildWatcher starts one per child) and no pidfd is left open.
    async def main():
        before_threads, before_fds = threading.active_count(), len(os.listdir("/proc/self/fd"))
        procs = [await rasyncio.create_subprocess_exec("/bin/sh", "-c", f"exit {i % 7}") for i in range(40)]
        assert threading.active_count() == before_threads
        codes = await asyncio.gather(*(p.wait() for p in procs))
        await asyncio.sleep(0)
        assert len(os.listdir("/proc/self/fd")) == before_fds
        return codes
    assert run(main()) == [i % 7 for i in range(40)]


def test_reaped_by_poll_still_reported():
    # The child reaped by someone else (Popen.poll through the transport): wait() still ends.
    async def main():
        proc = await rasyncio.create_subprocess_exec("/bin/true")
        popen = proc._transport.get_extra_info("subprocess")
        while popen.poll() is None:
            await asyncio.sleep(0.01)
        return await asyncio.wait_for(proc.wait(), 10)
    assert run(main()) == 0
