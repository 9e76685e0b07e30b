"""librns.spawn's keyword attributes, each checked in the child it starts (its /proc files,
its ids, what it prints), and SpawnError. Those that need privilege run as root, and as uid
65534 through a new user namespace where the kernel allows it (userns())."""

import ctypes
import errno
import fcntl
import os
import platform
import resource
import shutil
import signal
import struct
import subprocess
import sys

import pytest

import librns
from conftest import in_child

PY = sys.executable
# linux/mount.h: propagation flags for mount_propagation=
MS_REC, MS_SHARED, MS_PRIVATE = 0x4000, 1 << 20, 1 << 18


def output(argv, **attrs):
    """Runs argv with librns.spawn, its stdout (and stderr) into a pipe:
    (exit code or -signal, what it wrote)."""
    r, w = os.pipe()
    try:
        fds = {1: w, 2: w, **attrs.pop("fds", {})}
        proc = librns.spawn(argv[0], argv, fds=fds, **attrs)
    finally:
        os.close(w)
    with os.fdopen(r, "rb") as f:
        out = f.read().decode()
    with proc:
        return os.waitstatus_to_exitcode(os.waitpid(proc.pid, 0)[1]), out


def sh(script, **attrs):
    return output(["/bin/sh", "-c", script], **attrs)


def status(field, **attrs):
    """A field of the child's /proc/self/status (grep's own)."""
    code, out = output(["/bin/grep", f"^{field}:", "/proc/self/status"], **attrs)
    assert code == 0, out
    return out.split(":", 1)[1].strip()


def userns(**more):
    """The attributes of a new user namespace mapping our ids to root in it (works as an
    ordinary user); skips, saying why, where the kernel refuses."""
    attrs = dict(unshare=librns.CLONE_NEWUSER, uid_map=f"0 {os.geteuid()} 1", gid_map=f"0 {os.getegid()} 1")
    try:
        code, _ = output(["/bin/true"], **attrs)
    except librns.SpawnError as e:
        pytest.skip(f"no user namespace for uid {os.geteuid()}: {e} (step {e.step})")
    attrs["unshare"] |= more.pop("unshare", 0)
    return {**attrs, **more}


def need_root(why):
    if os.geteuid() != 0:
        pytest.skip(f"needs root: {why}")


# --- the start itself --------------------------------------------------------------------

def test_returns_process_with_pidfd():
    proc = librns.spawn("/bin/sh", ["sh", "-c", "exit 7"])
    with proc:
        assert proc.pid > 0 and fcntl.fcntl(proc.pidfd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC
        assert os.waitstatus_to_exitcode(os.waitpid(proc.pid, 0)[1]) == 7
    assert proc.pidfd == -1


def test_env_and_argv():
    assert output(["/usr/bin/env"], env={"A": "1", b"B": b"2"}) == (0, "A=1\nB=2\n")
    assert output(["/bin/sh", "-c", 'printf "%s|" "$0" "$@"', "zero", "one", "t w o"]) == (0, "zero|one|t w o|")
    os.environ["LIBRNS_SPAWN_TEST"] = "inherited"
    try:
        assert sh("echo $LIBRNS_SPAWN_TEST") == (0, "inherited\n")
    finally:
        del os.environ["LIBRNS_SPAWN_TEST"]


def test_spawnp_searches_path():
    proc = librns.spawnp("true", ["true"])
    with proc:
        assert os.waitpid(proc.pid, 0)[1] == 0
    with pytest.raises((FileNotFoundError, PermissionError)) as c:  # EACCES: a PATH dir we may not search
        librns.spawnp("no_such_program_i_hope", ["x"])
    assert isinstance(c.value, librns.SpawnError) and c.value.step == "exec"
    assert c.value.filename == "no_such_program_i_hope"


def test_spawn_error_exec():
    with pytest.raises(librns.SpawnError) as c:
        librns.spawn("/no/such/program", ["x"])
    e = c.value
    assert isinstance(e, FileNotFoundError) and e.errno == errno.ENOENT
    assert (e.step, e.filename, e.strerror) == ("exec", "/no/such/program", os.strerror(errno.ENOENT))
    with pytest.raises(PermissionError) as c:
        librns.spawn("/etc/passwd", ["x"])
    assert c.value.step == "exec"


def test_bad_keywords():
    with pytest.raises(TypeError, match="unexpected keyword argument 'no_such'"):
        librns.spawn("/bin/true", ["true"], no_such=1)
    with pytest.raises(ValueError, match="setgroups must be 'allow' or 'deny'"):
        librns.spawn("/bin/true", ["true"], setgroups="maybe")
    with pytest.raises(ValueError, match="not a capability name"):
        librns.spawn("/bin/true", ["true"], bounding_set=["CAP_NO_SUCH"])
    with pytest.raises(OSError) as c:  # the setter's EINVAL, named
        librns.spawn("/bin/true", ["true"], umask=0o1000)
    assert c.value.errno == errno.EINVAL and "rns_spawn_attr_set_umask" in str(c.value)


def test_attr_freed_on_every_path():
    # A join holds a duplicate of its fd in the attribute: a failing later setter or a
    # failing start must not leave it open.
    ns = os.open("/proc/self/ns/uts", os.O_RDONLY | os.O_CLOEXEC)
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(20):
        with pytest.raises(OSError):
            librns.spawn("/bin/true", ["true"], join=[ns], umask=0o1000)
        with pytest.raises(OSError):  # ENOENT at exec; as uid 65534 EPERM at the join
            librns.spawn("/no/such", ["x"], join=[ns], fds={3: ns})
    os.close(ns)
    assert len(os.listdir("/proc/self/fd")) == before - 1


# --- namespaces --------------------------------------------------------------------------

def test_unshare_uts_in_user_namespace():
    attrs = userns(unshare=librns.CLONE_NEWUTS)
    code, out = sh("hostname librns-box && hostname && readlink /proc/self/ns/uts", **attrs)
    assert code == 0, out
    name, ns = out.split()
    assert name == "librns-box" and ns != os.readlink("/proc/self/ns/uts")
    assert os.uname().nodename != "librns-box"


def test_uid_gid_map():
    attrs = userns()
    assert sh("cat /proc/self/uid_map /proc/self/gid_map", **attrs)[1].split() == \
        ["0", str(os.geteuid()), "1", "0", str(os.getegid()), "1"]
    assert sh("id -u", **attrs) == (0, "0\n")


def test_setgroups_deny():
    assert sh("cat /proc/self/setgroups", **userns(setgroups="deny")) == (0, "deny\n")
    if os.geteuid() == 0:  # with CAP_SETGID, "deny" only when asked
        assert sh("cat /proc/self/setgroups", **userns()) == (0, "allow\n")


def test_join_pidfd_and_files():
    attrs = userns(unshare=librns.CLONE_NEWUTS)
    r, w = os.pipe()
    holder = librns.spawn("/bin/sh", ["sh", "-c", "hostname joined-here; echo ready; exec sleep 30"],
                          fds={1: w}, **attrs)
    os.close(w)
    with holder, os.fdopen(r, "rb") as f:
        try:
            assert f.readline() == b"ready\n"
            types = librns.CLONE_NEWUSER | librns.CLONE_NEWUTS
            assert sh("hostname", join=[(holder, types)]) == (0, "joined-here\n")
            files = [os.open(f"/proc/{holder.pid}/ns/{t}", os.O_RDONLY | os.O_CLOEXEC) for t in ("user", "uts")]
            try:
                assert sh("hostname", join=[files[0], (files[1], librns.CLONE_NEWUTS)]) == (0, "joined-here\n")
            finally:
                for fd in files:
                    os.close(fd)
        finally:
            os.kill(holder.pid, signal.SIGKILL)
            os.waitpid(holder.pid, 0)


def test_join_bad_fd():
    with pytest.raises(OSError) as c:
        librns.spawn("/bin/true", ["true"], join=[(0, 0)])  # not a namespace nor a pidfd
    assert c.value.errno == errno.EINVAL
    with pytest.raises(ValueError):
        librns.spawn("/bin/true", ["true"], join=[-1])


def test_mount_propagation():
    def root_line(**attrs):
        code, out = output(["/bin/grep", " / / ", "/proc/self/mountinfo"], **userns(unshare=librns.CLONE_NEWNS, **attrs))
        assert code == 0, out
        return out
    assert "shared:" not in root_line()  # the default: MS_REC|MS_PRIVATE
    assert "shared:" in root_line(mount_propagation=MS_REC | MS_SHARED)


def test_chroot(tmp_path):
    # A root with /bin/sh and what it links (ldd), and a marker only there.
    root = tmp_path / "root"
    for f in ["/bin/sh", *_libs("/bin/sh")]:
        dest = root / os.path.realpath(f).lstrip("/")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(os.path.realpath(f), dest)
        if os.path.realpath(f) != f:
            link = root / f.lstrip("/")
            link.parent.mkdir(parents=True, exist_ok=True)
            if not os.path.lexists(link):
                link.symlink_to(os.path.realpath(f))  # absolute inside the new root
    (root / "marker").write_text("inside")
    attrs = userns() if os.geteuid() != 0 else {}
    assert sh("read x < /marker; echo $x; echo $PWD", chroot=str(root), cwd="/", **attrs) == (0, "inside\n/\n")
    with pytest.raises(FileNotFoundError) as c:
        librns.spawn("/bin/sh", ["sh"], chroot=str(tmp_path / "none"), **attrs)
    assert (c.value.step, c.value.filename) == ("chroot", str(tmp_path / "none"))


def _libs(prog):
    out = subprocess.run(["ldd", prog], capture_output=True, text=True, check=True).stdout
    return [w for line in out.splitlines() for w in line.split() if w.startswith("/")]


def test_cgroup():
    need_root("creates a cgroup")
    base = "/sys/fs/cgroup/unified" if os.path.ismount("/sys/fs/cgroup/unified") else "/sys/fs/cgroup"
    path = f"{base}/librns-py-{os.getpid()}"
    try:
        os.mkdir(path)
    except OSError as e:
        pytest.skip(f"no cgroup v2 directory can be made at {base}: {e}")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            code, out = output(["/bin/cat", "/proc/self/cgroup"], cgroup=fd)
        finally:
            os.close(fd)
        assert code == 0 and f"0::/librns-py-{os.getpid()}\n" in out
    finally:
        os.rmdir(path)


# --- session, group, cwd, ids ------------------------------------------------------------

def test_setsid_and_pgroup():
    code = "import os; print(os.getpid(), os.getsid(0), os.getpgid(0))"
    pid, sid, pgid = map(int, output([PY, "-c", code], setsid=True)[1].split())
    assert pid == sid == pgid
    pid, sid, pgid = map(int, output([PY, "-c", code], pgroup=0)[1].split())
    assert pid == pgid and sid == os.getsid(0)
    with pytest.raises(PermissionError) as c:  # both: setpgid fails in the new session
        output([PY, "-c", code], setsid=True, pgroup=0)
    assert c.value.step == "setpgid"


def test_cwd(tmp_path):
    assert sh("pwd", cwd=tmp_path) == (0, f"{tmp_path}\n")
    assert sh("pwd", cwd=os.fsencode(tmp_path)) == (0, f"{tmp_path}\n")
    with pytest.raises(FileNotFoundError) as c:
        sh("pwd", cwd=tmp_path / "none")
    assert (c.value.step, c.value.filename) == ("cwd", tmp_path / "none")


def test_ids_and_groups():
    need_root("changes the uid (in a user namespace only the one mapped id exists)")
    assert sh("id -u; id -g; id -G", uid=65534, gid=65534) == (0, "65534\n65534\n65534\n")
    assert sh("id -G", uid=65534, gid=65534, groups=[1, 2])[1].split() == ["65534", "1", "2"]
    kept = sh("id -G", uid=65534, keep_groups=True)[1].split()
    assert set(kept) == {str(g) for g in os.getgroups()} | {str(os.getegid())}


def test_ids_refused_unprivileged():
    if os.geteuid() == 0:
        pytest.skip("as root the change is allowed (the unprivileged run checks the refusal)")
    with pytest.raises(PermissionError) as c:
        librns.spawn("/bin/true", ["true"], uid=0)
    assert c.value.step in ("groups", "gid", "uid")


def test_reset_ids():
    need_root("sets a real uid other than the effective one")

    def case():
        os.setresuid(65534, 0, 0)
        code = "import os; print(os.geteuid())"  # not sh: dash itself resets a differing euid
        assert output([PY, "-c", code], reset_ids=True) == (0, "65534\n")
        assert output([PY, "-c", code]) == (0, "0\n")
    in_child(case)


# --- process attributes ------------------------------------------------------------------

def test_no_new_privs():
    assert status("NoNewPrivs", no_new_privs=True) == "1"
    # without the attribute the child inherits ours: 1 under a sandbox that set it
    # (rns-sandbox, setpriv --no-new-privs), as for any other spawn
    assert status("NoNewPrivs") == our_status("NoNewPrivs")


def our_status(field):
    """This process's /proc/self/status value of field."""
    with open("/proc/self/status") as f:
        return next(line.split()[1] for line in f if line.startswith(field + ":"))


def test_pdeathsig():
    code = ("import ctypes, sys; libc = ctypes.CDLL(None); v = ctypes.c_int();"
            "libc.prctl(2, ctypes.byref(v)); print(v.value)")  # PR_GET_PDEATHSIG
    assert output([PY, "-c", code], pdeathsig=signal.SIGUSR1) == (0, f"{int(signal.SIGUSR1)}\n")
    assert output([PY, "-c", code]) == (0, "0\n")


def _mask(*sigs):
    return f"{sum(1 << (s - 1) for s in sigs):016x}"


def test_sigmask():
    assert status("SigBlk", sigmask=[signal.SIGUSR1, signal.SIGTERM]) == _mask(signal.SIGUSR1, signal.SIGTERM)

    def case():  # librns's default: none blocked, whatever the caller's mask
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR2])
        assert status("SigBlk") == _mask()
    in_child(case)


def test_sigdefault():
    def case():
        signal.signal(signal.SIGUSR1, signal.SIG_IGN)
        assert int(status("SigIgn"), 16) & (1 << (signal.SIGUSR1 - 1))
        assert not int(status("SigIgn", sigdefault=[signal.SIGUSR1]), 16) & (1 << (signal.SIGUSR1 - 1))
    in_child(case)
    with pytest.raises(ValueError, match="out of range"):
        librns.spawn("/bin/true", ["true"], sigdefault=[0])


def test_umask_nice():
    assert sh("umask", umask=0o027) == (0, "0027\n")
    if os.getpriority(os.PRIO_PROCESS, 0) > 7:
        pytest.skip("our nice value is above 7 (lowering it needs privilege)")
    assert sh("nice", nice=7) == (0, "7\n")


def test_rlimits():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    new = (min(64, soft), min(128, hard))
    code, out = sh("ulimit -n; ulimit -Hn", rlimits={resource.RLIMIT_NOFILE: new})
    assert out.split() == [str(new[0]), str(new[1])]
    if resource.getrlimit(resource.RLIMIT_CORE)[1] == resource.RLIM_INFINITY:
        assert sh("ulimit -c; ulimit -Hc", rlimits={resource.RLIMIT_CORE: (0, resource.RLIM_INFINITY)})[1].split() \
            == ["0", "unlimited"]
    with pytest.raises(OSError) as c:
        librns.spawn("/bin/true", ["true"], rlimits={resource.RLIMIT_NOFILE: (10, 5)})
    assert c.value.errno == errno.EINVAL


def test_scheduler():
    code = "import os; print(os.sched_getscheduler(0), os.sched_getparam(0).sched_priority)"
    assert output([PY, "-c", code], scheduler=(os.SCHED_BATCH, 0)) == (0, f"{os.SCHED_BATCH} 0\n")
    assert output([PY, "-c", code], scheduler=(os.SCHED_IDLE, os.sched_param(0))) == (0, f"{os.SCHED_IDLE} 0\n")
    assert output([PY, "-c", code], scheduler=(None, 0)) == (0, f"{os.sched_getscheduler(0)} 0\n")


# --- capabilities and securebits (as root, or root of a new user namespace) --------------

def caps_attrs(**more):
    return more if os.geteuid() == 0 else userns(**more)


def test_bounding_set():
    keep = ["CAP_NET_RAW", librns.constants["CAP_CHOWN"]]
    assert status("CapBnd", **caps_attrs(bounding_set=keep)) == f"{(1 << 13) | 1:016x}"


def test_inheritable_and_ambient_caps():
    assert int(status("CapInh", **caps_attrs(inheritable_caps=["CAP_NET_RAW"])), 16) == 1 << 13
    assert int(status("CapAmb", **caps_attrs(ambient_caps=["CAP_NET_RAW"])), 16) == 1 << 13
    if os.geteuid() == 0:  # across a uid change: the ambient cap stays effective
        assert int(status("CapEff", uid=65534, ambient_caps=["CAP_NET_RAW"]), 16) == 1 << 13


def test_securebits():
    code = "import ctypes; print(ctypes.CDLL(None).prctl(27, 0, 0, 0, 0))"  # PR_GET_SECUREBITS
    assert output([PY, "-c", code], **caps_attrs(securebits=1)) == (0, "1\n")  # SECBIT_NOROOT


# --- fds and fd actions ------------------------------------------------------------------

def test_fds(tmp_path):
    f = tmp_path / "in"
    f.write_text("through fd 5")
    with open(f) as src:
        assert sh("cat <&5", fds={5: src}) == (0, "through fd 5")
        assert sh("test -e /proc/self/fd/5 || echo closed", fds={5: None}) == (0, "closed\n")


def test_other_fds_closed_unless_keep_fds():
    r, w = os.pipe()
    os.set_inheritable(r, True)
    try:
        assert sh(f"test -e /proc/self/fd/{r} && echo open || echo closed") == (0, "closed\n")
        assert sh(f"test -e /proc/self/fd/{r} && echo open || echo closed", keep_fds=True) == (0, "open\n")
    finally:
        os.close(r), os.close(w)


def test_file_actions(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    assert sh("pwd", file_actions=[("chdir", str(d))]) == (0, f"{d}\n")
    dfd = os.open(d, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        assert sh("pwd", fds={7: dfd}, file_actions=[("fchdir", 7)]) == (0, f"{d}\n")
    finally:
        os.close(dfd)
    out = tmp_path / "out"
    fa = [("open", 4, str(out), os.O_WRONLY | os.O_CREAT, 0o600), ("dup2", 4, 1), ("close", 4)]
    assert sh("echo to-file; test -e /proc/self/fd/4 || echo 4-closed >&2", file_actions=fa)[0] == 0
    assert out.read_text() == "to-file\n"
    with open(__file__) as src:
        fa = [("closefrom", 5)]
        assert sh("test -e /proc/self/fd/6 && echo open || echo closed", fds={6: src}, file_actions=fa) == \
            (0, "closed\n")


def test_file_action_failure_detail():
    fa = [("close", 9), ("open", 3, "/no/such/file", os.O_RDONLY, 0)]
    with pytest.raises(FileNotFoundError) as c:
        librns.spawn("/bin/true", ["true"], file_actions=fa)
    assert (c.value.step, c.value.detail) == ("fds", 1)
    with pytest.raises(TypeError, match="Unknown file_actions identifier"):
        librns.spawn("/bin/true", ["true"], file_actions=[("rename", 1)])


def test_blocking_stdio():
    r, w = os.pipe()
    os.set_blocking(w, False)
    try:
        proc = librns.spawn("/bin/true", ["true"], fds={1: w}, blocking_stdio=True)
        with proc:
            os.waitpid(proc.pid, 0)
        assert os.get_blocking(w)  # the description, shared with the child, lost O_NONBLOCK
        os.set_blocking(w, False)
        proc = librns.spawn("/bin/true", ["true"], fds={1: w})
        with proc:
            os.waitpid(proc.pid, 0)
        assert not os.get_blocking(w)
    finally:
        os.close(r), os.close(w)


# --- the terminal ------------------------------------------------------------------------

TTY_CODE = "import os; print(os.tcgetpgrp(0) == os.getpgrp(), os.getsid(0) == os.getpid())"


def test_ctty():
    master, slave = os.openpty()
    try:
        assert output([PY, "-c", TTY_CODE], setsid=True, fds={0: slave}, ctty=0) == (0, "True True\n")
        with pytest.raises(PermissionError) as c:  # not a session leader
            output([PY, "-c", TTY_CODE], fds={0: slave}, ctty=0)
        assert (c.value.step, c.value.detail) == ("tty", 0)
    finally:
        os.close(master), os.close(slave)


def test_noctty_without_terminal():
    with open(os.devnull) as null, pytest.raises(OSError) as c:
        librns.spawn("/bin/true", ["true"], fds={0: null}, noctty=True)
    assert (c.value.errno, c.value.step) == (errno.ENOTTY, "tty")


def test_foreground():
    def case():
        os.setsid()
        master, slave = os.openpty()  # our controlling terminal now
        os.close(os.open(os.ttyname(slave), os.O_RDWR))
        signal.signal(signal.SIGTTOU, signal.SIG_IGN)
        code, out = output([PY, "-c", TTY_CODE], fds={0: slave}, foreground=slave)
        assert (code, out) == (0, "True False\n"), out
    in_child(case)


# --- seccomp and Landlock ----------------------------------------------------------------

def _uname_filter():
    """A classic BPF program: uname(2) fails with EPERM, everything else is allowed
    (x86-64's numbers; a foreign arch is killed)."""
    ld_arch, ld_nr = (0x20, 0, 0, 4), (0x20, 0, 0, 0)
    return [ld_arch, (0x15, 1, 0, 0xC000003E), (0x06, 0, 0, 0), ld_nr,
            (0x15, 0, 1, 63), (0x06, 0, 0, 0x00050000 | errno.EPERM), (0x06, 0, 0, 0x7FFF0000)]


def need_x86_64():
    if platform.machine() != "x86_64":
        pytest.skip(f"the seccomp programs here use x86-64's syscall numbers, not {platform.machine()}'s")


def test_seccomp():
    need_x86_64()
    prog = _uname_filter()
    code, out = output(["/bin/uname"], seccomp=prog, no_new_privs=True)
    assert code != 0 and "Operation not permitted" in out
    raw = b"".join(struct.pack("=HBBI", *i) for i in prog)
    assert output(["/bin/uname"], seccomp=raw, no_new_privs=True)[0] != 0
    assert output(["/bin/uname"], no_new_privs=True)[0] == 0
    if os.geteuid() == 0:
        return
    if our_status("NoNewPrivs") == "1":  # inherited (rns-sandbox, setpriv --no-new-privs):
        # the filter installs without the attribute, as with prctl by hand
        assert output(["/bin/uname"], seccomp=prog)[0] != 0
        return
    with pytest.raises(PermissionError) as c:  # neither no_new_privs nor CAP_SYS_ADMIN
        librns.spawn("/bin/uname", ["uname"], seccomp=prog)
    assert c.value.step == "seccomp"


def test_seccomp_refusing_execve():
    need_x86_64()
    prog = [(0x20, 0, 0, 0), (0x15, 0, 1, 59), (0x06, 0, 0, 0x00050000 | errno.EACCES), (0x06, 0, 0, 0x7FFF0000)]
    with pytest.raises(PermissionError) as c:
        librns.spawn("/bin/true", ["true"], seccomp=prog, no_new_privs=True)
    assert c.value.step == "exec"
    with pytest.raises(ValueError, match="out of range"):
        librns.spawn("/bin/true", ["true"], seccomp=[(0x10000, 0, 0, 0)])
    with pytest.raises(ValueError):
        librns.spawn("/bin/true", ["true"], seccomp=b"1234567")


def test_landlock():
    libc = ctypes.CDLL(None, use_errno=True)
    handled = ctypes.c_uint64(1)  # LANDLOCK_ACCESS_FS_EXECUTE, no rule: nothing may be executed
    fd = libc.syscall(444, ctypes.byref(handled), 8, 0)  # landlock_create_ruleset
    if fd < 0:
        pytest.skip(f"no Landlock here: landlock_create_ruleset: {os.strerror(ctypes.get_errno())}")
    try:
        with pytest.raises(PermissionError) as c:
            librns.spawn("/bin/true", ["true"], landlock=fd, no_new_privs=True)
        assert c.value.step == "exec"
    finally:
        os.close(fd)
    r, w = os.pipe()
    try:
        with pytest.raises(OSError) as c:
            librns.spawn("/bin/true", ["true"], landlock=r, no_new_privs=True)
        assert c.value.errno == errno.EBADFD
    finally:
        os.close(r), os.close(w)


# --- the same keywords through librns.Popen / run ----------------------------------------

def test_popen_with_namespaces():
    attrs = userns(unshare=librns.CLONE_NEWUTS)
    cp = librns.run(["/bin/sh", "-c", "hostname popen-box; hostname; id -u"], capture_output=True,
                    text=True, check=True, **attrs)
    assert cp.stdout == "popen-box\n0\n"
    with pytest.raises(subprocess.CalledProcessError) as c:  # subprocess's own class
        librns.check_output(["/bin/sh", "-c", "exit 3"], **attrs)
    assert c.value.returncode == 3


def test_popen_refuses_what_subprocess_says_its_way():
    for kw in ({"uid": 0}, {"cwd_": 1}, {"fds": {}}, {"keep_fds": True}, {"setsid": True}):
        with pytest.raises(TypeError, match="unexpected keyword argument"):
            librns.Popen(["/bin/true"], **kw)


def test_popen_sigmask_keyword_and_inherited_mask():
    code = ["/bin/grep", "^SigBlk:", "/proc/self/status"]
    out = librns.check_output(code, sigmask=[signal.SIGUSR1]).split()[1].decode()
    assert out == _mask(signal.SIGUSR1)

    def case():  # subprocess's way: the calling thread's mask goes on
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR2])
        assert librns.check_output(code).split()[1].decode() == _mask(signal.SIGUSR2)
    in_child(case)


def test_popen_spawn_error_step():
    # A step other than exec names cwd, as subprocess's child reports its "noexec" failures.
    with pytest.raises(FileNotFoundError) as c:
        librns.Popen(["/bin/true"], chroot="/no/such/root")
    assert isinstance(c.value, librns.SpawnError)
    assert (c.value.step, c.value.filename) == ("chroot", None)
    with pytest.raises(FileNotFoundError) as c:
        librns.Popen(["/bin/true"], chroot="/no/such/root", cwd="/")
    assert c.value.filename == "/"
