"""Where the kernel has no pidfds (before Linux 5.3, or under tests/sandbox/rns-sandbox
--nopidfd, which make test-sandbox runs this suite in): every pidfd call that reaches the
kernel raises ENOSYS, as the header says; a child is still waited for and signalled by its
pid; entering another process's namespaces goes through /proc/PID/ns. Skipped, saying so,
where pidfds work (the other files test them there)."""

import errno
import os
import signal
import socket
import subprocess

import pytest

import librns
from conftest import NO_PIDFD, in_child

pytestmark = pytest.mark.skipif(not NO_PIDFD, reason="pidfds work here: these cases run under "
                                "make test-sandbox (rns-sandbox --nopidfd)")


def enosys(fn, *args):
    with pytest.raises(OSError) as e:
        fn(*args)
    assert e.value.errno == errno.ENOSYS, (fn.__name__, e.value)


def test_pidfd_calls_enosys():
    # Valid arguments throughout (the library's own checks come first): the kernel's ENOSYS.
    null = os.open("/dev/null", os.O_RDONLY | os.O_CLOEXEC)
    try:
        enosys(librns.pidfd_open, os.getpid())
        enosys(librns.pidfd_send_signal, null, 0)
        enosys(librns.pidfd_getfd, null, 0)
    finally:
        os.close(null)


def test_process_of_a_child_by_pid():
    # Process(pid) of an unreaped child holds it by its pid: wait, poll and signals work.
    child = subprocess.Popen(["sleep", "30"])
    with librns.Process(child.pid) as p:
        assert p.pidfd == -1 and p.poll() is None
        p.kill()
        assert p.wait(timeout=10) == -signal.SIGKILL
        p.kill()  # reaped: does nothing, as Popen
    child.returncode = -signal.SIGKILL  # reaped through p


def test_process_of_a_non_child_enosys():
    # Not our child: its pid could be reused under us, so no pid-only handle; ENOSYS.
    enosys(librns.Process, 1)


def test_namespaces_of_a_pid_without_pidfds():
    # run_in_namespaces, in_namespaces and setns_pid with a pid target go through
    # /proc/PID/ns: into a child's new UTS namespace (as uid 65534, one in a user namespace of
    # its own, which only setns_pid, moving the whole single-threaded process, may enter).
    def child():
        root = os.geteuid() == 0
        unshare = ["unshare", "--uts"] if root else ["unshare", "-r", "--uts"]
        holder = subprocess.Popen(unshare + ["sh", "-c", "hostname rns-nopidfd && echo ready && exec sleep 30"],
                                  stdout=subprocess.PIPE)
        try:
            assert holder.stdout.readline() == b"ready\n"
            if root:
                got = librns.run_in_namespaces(holder.pid, librns.CLONE_NEWUTS, socket.gethostname)
                assert got == "rns-nopidfd" and socket.gethostname() != "rns-nopidfd"
                with librns.in_namespaces(holder.pid, librns.CLONE_NEWUTS):
                    assert socket.gethostname() == "rns-nopidfd"
                assert socket.gethostname() != "rns-nopidfd"
            librns.setns_pid(holder.pid, librns.CLONE_NEWUTS | (0 if root else librns.CLONE_NEWUSER))
            assert socket.gethostname() == "rns-nopidfd"
        finally:
            holder.kill()
            holder.wait()

    in_child(child)


def test_spawned_process_signalled_by_pid():
    # spawn's child has a pidfd (CLONE_PIDFD) while pidfd_send_signal is ENOSYS: kill()
    # goes by the pid, still the unreaped child's, in librns.Process and librns.Popen alike.
    with librns.spawn("/bin/sleep", ["sleep", "30"]) as p:
        assert p.pidfd >= 0
        p.kill()
        assert p.wait(timeout=10) == -signal.SIGKILL
    with librns.Popen(["sleep", "30"]) as child:
        child.terminate()
        assert child.wait(timeout=10) == -signal.SIGTERM
