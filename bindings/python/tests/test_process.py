"""librns.Process: wait/poll/send_signal/terminate/kill against subprocess.Popen's outcomes,
info(), wait_async() on the running loop's add_reader (no thread per process), and the
os.waitpid fallback of a Process without a pidfd (Process._adopt(pid, -1))."""

import asyncio
import errno
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

import librns
from conftest import in_child

PY = sys.executable


def start(code="", adopt=None):
    """A Python child running code: (Popen, Process) where the Process is librns's handle on
    the same child through Process(pid), or Process._adopt(pid, adopt) when adopt is given.
    librns's handle reaps it; the Popen is only the peer's way to start it."""
    popen = subprocess.Popen([PY, "-c", code])
    proc = librns.Process(popen.pid) if adopt is None else librns.Process._adopt(popen.pid, adopt)
    return popen, proc


def cleanup(popen, proc):
    """Kills and reaps whatever is left (the pidfd first: never a recycled pid)."""
    if proc.returncode is None and proc.pidfd >= 0:
        proc.kill()
        proc.wait()
    elif proc.returncode is None:
        popen.kill()
        popen.wait()
    proc.close()
    popen.returncode = proc.returncode  # reaped through librns: subprocess must not wait
    popen.wait()


CASES = [  # (child code, what to do to it, returncode subprocess reports)
    ("import sys; sys.exit(3)", None, 3),
    ("pass", None, 0),
    ("import time; time.sleep(30)", "terminate", -signal.SIGTERM),
    ("import time; time.sleep(30)", "kill", -signal.SIGKILL),
    ("import os, signal; os.kill(os.getpid(), signal.SIGABRT)", None, -signal.SIGABRT),
]


@pytest.mark.parametrize("code,act,want", CASES)
def test_returncode_as_subprocess(code, act, want):
    # The peer first, then librns on the same kind of child: the same returncode.
    p = subprocess.Popen([PY, "-c", code])
    if act:
        getattr(p, act)()
    assert p.wait(timeout=30) == want
    popen, proc = start(code)
    try:
        if act:
            getattr(proc, act)()
        assert proc.wait(timeout=30) == want == proc.returncode == proc.poll()
    finally:
        cleanup(popen, proc)


@pytest.mark.parametrize("adopt", [None, -1], ids=["pidfd", "no-pidfd"])
def test_poll_wait_timeout(adopt):
    popen, proc = start("import time; time.sleep(30)", adopt)
    try:
        assert proc.poll() is None
        t = time.monotonic()
        with pytest.raises(TimeoutError):
            proc.wait(timeout=0.2)
        assert 0.15 < time.monotonic() - t < 5
        with pytest.raises(TimeoutError):
            proc.wait(timeout=0)
        proc.terminate()
        assert proc.wait(timeout=30) == -signal.SIGTERM
    finally:
        cleanup(popen, proc)


@pytest.mark.parametrize("adopt", [None, -1], ids=["pidfd", "no-pidfd"])
def test_signal_after_wait_does_nothing(adopt):
    # subprocess.Popen.send_signal after the child was waited for does nothing; so here.
    p = subprocess.Popen([PY, "-c", "pass"])
    p.wait()
    p.send_signal(signal.SIGTERM), p.terminate(), p.kill()
    popen, proc = start("pass", adopt)
    try:
        assert proc.wait() == 0
        proc.send_signal(signal.SIGTERM), proc.terminate(), proc.kill()
        assert proc.returncode == 0
    finally:
        cleanup(popen, proc)


def test_signal_reaped_elsewhere_does_nothing():
    # Reaped behind the Process's back: the pidfd says ESRCH, which send_signal swallows as
    # Popen swallows ProcessLookupError; no other process can be hit (no pid is used).
    popen, proc = start("pass")
    popen.wait()
    try:
        proc.terminate()
        assert proc.returncode is None
    finally:
        proc.close()


def test_no_pidfd_fallback():
    popen, proc = start("import sys; sys.exit(9)", adopt=-1)
    try:
        assert proc.pidfd == -1
        with pytest.raises(ValueError, match="no pidfd"):
            proc.fileno()
        assert proc.wait(timeout=30) == 9
    finally:
        cleanup(popen, proc)


@pytest.mark.pidfd
def test_process_errors():
    with pytest.raises(ProcessLookupError):
        librns.Process(2**30)
    with pytest.raises(OSError) as e:
        librns.Process(-1)
    assert e.value.errno == errno.EINVAL
    with pytest.raises(TypeError):
        librns.Process("1")
    popen, proc = start("pass")
    fd = proc.pidfd
    with proc:
        assert proc.fileno() == fd >= 0
        assert proc.wait() == 0
    assert proc.pidfd == -1
    with pytest.raises(ValueError, match="closed"):
        proc.fileno()
    with pytest.raises(OSError):
        os.fstat(fd)  # closed
    popen.returncode = 0
    popen.wait()


@pytest.mark.pidfd
def test_adopt_keeps_pidfd():
    popen = subprocess.Popen([PY, "-c", "pass"])
    pidfd = os.pidfd_open(popen.pid)
    proc = librns.Process._adopt(popen.pid, pidfd)
    assert (proc.pid, proc.pidfd, proc.fileno(), proc.returncode) == (popen.pid, pidfd, pidfd, None)
    try:
        assert proc.wait() == 0
    finally:
        cleanup(popen, proc)


@pytest.mark.pidfd
def test_info():
    popen, proc = start("import time; time.sleep(30)")
    try:
        info = proc.info()
        assert (info.pid, info.ppid, info.ruid) == (popen.pid, os.getpid(), os.getuid())
    finally:
        cleanup(popen, proc)


@pytest.mark.pidfd
def test_not_a_child():
    # A grandchild (its parent reaps it): waited for through the pidfd, how it ended read
    # with pidfd_info (Linux 6.15); before, ChildProcessError (no exit status kept).
    r, w = os.pipe()
    go_r, go_w = os.pipe()
    mid = subprocess.Popen([PY, "-c", f"""if 1:
        import os, subprocess, sys
        g = subprocess.Popen([sys.executable, "-c", "import os; os.read({go_r}, 1); os._exit(6)"],
                             pass_fds=[{go_r}])
        os.write({w}, b"%d\\n" % g.pid)
        g.wait()
        """], pass_fds=[w, go_r])
    os.close(w), os.close(go_r)
    try:
        gpid = int(os.read(r, 32))
        grand = librns.Process(gpid)
        assert grand.poll() is None  # running, not our child
        os.write(go_w, b"x")
        try:
            assert grand.wait(timeout=30) == 6
        except ChildProcessError as e:
            pytest.skip(f"{e}")
        finally:
            grand.close()
    finally:
        os.close(r), os.close(go_w)
        mid.wait(timeout=30)


def test_wait_resumes_after_signal_handler():
    # PEP 475 as Popen.wait: a handler that returns does not end the wait.
    def child():
        seen = []
        signal.signal(signal.SIGALRM, lambda *a: seen.append(1))
        popen, proc = start("import time; time.sleep(0.4)")
        try:
            signal.setitimer(signal.ITIMER_REAL, 0.1)
            assert proc.wait(timeout=30) == 0 and seen == [1]
        finally:
            cleanup(popen, proc)

    in_child(child)


N = 200


def fork_child(sleep, code):
    """A forked child (cheaper than 200 Pythons started) that sleeps and exits with code."""
    pid = os.fork()
    if pid == 0:
        signal.alarm(60)
        time.sleep(sleep)
        os._exit(code)
    return pid


def test_wait_async_many_without_threads():
    # 200 children awaited at once: each through the loop's add_reader on its pidfd, so the
    # thread count does not move (asyncio's default child watcher would add one per child).
    async def main():
        procs = [librns.Process(fork_child(0.3, i % 50)) for i in range(N)]
        before = threading.active_count()
        most = before

        async def watch_threads():
            nonlocal most
            while True:
                most = max(most, threading.active_count())
                await asyncio.sleep(0.01)

        watcher = asyncio.ensure_future(watch_threads())
        try:
            codes = await asyncio.wait_for(asyncio.gather(*(p.wait_async() for p in procs)), 120)
        finally:
            watcher.cancel()
            for proc in procs:
                if proc.returncode is None:
                    proc.kill()
                    proc.wait()
                proc.close()
        return codes, before, most

    codes, before, most = asyncio.run(main())
    assert codes == [i % 50 for i in range(N)]
    assert most == before


def test_wait_async_fallback_and_kill():
    async def main():
        a_popen, a = start("import sys; sys.exit(2)", adopt=-1)
        b_popen, b = start("import time; time.sleep(30)")
        try:
            b.kill()
            return await asyncio.gather(a.wait_async(), b.wait_async())
        finally:
            cleanup(a_popen, a), cleanup(b_popen, b)

    assert asyncio.run(main()) == [2, -signal.SIGKILL]


def test_wait_async_shared():
    # Several coroutines awaiting one Process: one reader on its pidfd serves them all (a
    # second add_reader on the fd would replace the first's callback).
    async def main():
        popen, proc = start("import time, sys; time.sleep(0.2); sys.exit(8)")
        try:
            first = asyncio.ensure_future(proc.wait_async())
            await asyncio.sleep(0)
            cancelled = asyncio.ensure_future(proc.wait_async())
            await asyncio.sleep(0)
            cancelled.cancel()  # one awaiter gone: the others still wake
            rest = await asyncio.wait_for(asyncio.gather(first, proc.wait_async(), proc.wait_async()), 30)
            return rest, cancelled.cancelled()
        finally:
            cleanup(popen, proc)

    assert asyncio.run(main()) == ([8, 8, 8], True)


@pytest.mark.pidfd
def test_close_while_awaited():
    async def main():
        popen, proc = start("import time; time.sleep(30)")
        fd = proc.pidfd
        task = asyncio.ensure_future(proc.wait_async())
        await asyncio.sleep(0.05)
        proc.close()  # unwatches the fd before closing it
        assert fd not in asyncio.get_running_loop()._selector.get_map()
        with pytest.raises(asyncio.CancelledError):
            await task
        popen.kill()
        popen.wait()

    asyncio.run(main())


@pytest.mark.pidfd
def test_sigchld_ignored():
    # test_subprocess's sigchild_ignore.py: with SIGCHLD ignored the kernel reaps children
    # itself; subprocess's wait() then says 0 (status lost). Through the pidfd librns reads
    # the real status (Linux 6.15); without a pidfd it says 0, as subprocess.
    def child():
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)
        p = subprocess.Popen([PY, "-c", "import sys; sys.exit(3)"])
        assert p.wait() == 0
        popen = subprocess.Popen([PY, "-c", "import time, sys; time.sleep(0.1); sys.exit(3)"])
        with librns.Process._adopt(popen.pid, -1) as proc:  # no pidfd: as subprocess
            assert proc.wait(timeout=30) == 0
        popen.returncode = 0
        popen = subprocess.Popen([PY, "-c", "import time, sys; time.sleep(0.1); sys.exit(3)"])
        with librns.Process(popen.pid) as proc:
            popen.returncode = 0
            try:
                code = proc.wait(timeout=30)
            except ChildProcessError as e:
                pytest.skip(f"no exit status kept for an auto-reaped child: {e}")
            assert code == 3

    in_child(child)
