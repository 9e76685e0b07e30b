#!/usr/bin/env python3
"""Python runner of the cross-language matrix (protocol: tests/matrix/README.md).

    python tests/matrix/python/runner.py CALL EXPECT [ARG...]

Makes the resources the arguments name, calls through the Python binding's public API
(`import librns`, never ctypes on the library), compares with EXPECT, and exits 0 (pass),
1 (FAIL, one line on stdout) or 2 (unknown call or scenario). Everything runs on the main
thread, so thread-scoped calls stay on one OS thread. The driver runs it with the venv's
python (where ./bindings/python is installed) and LIBRNS_PATH naming the tree's library.
"""

import ctypes
import errno
import operator
import os
import re
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time

import librns

NOPID = 4194305  # above PID_MAX_LIMIT

# spawn-signals: the program's blocked signals and whether SIGPIPE is ignored.
SPAWN_SIGNALS_SCRIPT = (
    "b=$(sed -n 's/^SigBlk:[[:space:]]*//p' /proc/$$/status); "
    "i=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status); "
    "[ $((0x$i & 0x1000)) -eq 0 ] && p=default || p=ignored; echo blk $b pipe $p")
# spawn-identity: the program's inheritable, ambient and bounding caps, policy, root, cwd.
SPAWN_IDENTITY_SCRIPT = (
    "s=/proc/$$/status; echo inh $(sed -n 's/^CapInh:[[:space:]]*//p' $s)"
    " amb $(sed -n 's/^CapAmb:[[:space:]]*//p' $s) bnd $(sed -n 's/^CapBnd:[[:space:]]*//p' $s)"
    " policy $(cut -d' ' -f41 /proc/$$/stat) root $(readlink /proc/$$/root) cwd $(pwd)")
# spawn-fa: on fd 2, the program's cwd, what its fd 5 is and whether fd 6 is open.
SPAWN_FA_SCRIPT = ("echo $(pwd) $(readlink /proc/$$/fd/5) "
                   "$([ -e /proc/$$/fd/6 ] && echo 6open || echo 6closed) >&2")
# spawn-seccomp: the program's seccomp mode and no_new_privs.
SPAWN_SECCOMP_SCRIPT = ("s=$(sed -n 's/^Seccomp:[[:space:]]*//p' /proc/$$/status); "
                        "n=$(sed -n 's/^NoNewPrivs:[[:space:]]*//p' /proc/$$/status); "
                        "echo seccomp $s nnp $n")
# spawn-flags: "blocking" or "nonblocking" for the program's fd 1, and its groups.
SPAWN_FLAGS_SCRIPT = (
    "f=$(sed -n 's/^flags:[[:space:]]*//p' /proc/$$/fdinfo/1); "
    "[ $((0$f & 04000)) -eq 0 ] && b=blocking || b=nonblocking; "
    "echo $b groups:$(sed -n 's/^Groups://p' /proc/$$/status)")


class Unknown(Exception):
    """A call or scenario this runner does not know (exit 2)."""


class Failure(Exception):
    """A scenario step that did not give what the case expects."""


def finish(code, line=None):
    """Prints one line and exits."""
    if line:
        sys.stdout.write(line + "\n")
    sys.stdout.flush()
    sys.exit(code)


def check(cond, msg):
    if not cond:
        raise Failure(msg)


# ---------------------------------------------------------------------------------------
# Argument tokens

def closed_fd():
    """The lowest fd >= 1000 that is not open."""
    n = 1000
    while os.path.exists(f"/proc/self/fd/{n}"):
        n += 1
    return n


def open_ro(path):
    """An fd on path, read-only, close-on-exec (os.open's fds are not inheritable)."""
    return os.open(path, os.O_RDONLY | os.O_CLOEXEC)


CONSTANT = re.compile(r"[A-Z][A-Z0-9_]*(\+[A-Z][A-Z0-9_]*)*")


def token(tok):
    """One token of the case's args field, as a Python value."""
    if re.fullmatch(r"-?\d+", tok):
        return int(tok)
    if tok.startswith("/"):
        return tok
    if tok.startswith("str:"):
        return tok[4:]
    fixed = {"@self": os.getpid, "@nopid": lambda: NOPID, "@uid": os.getuid, "@gid": os.getgid,
             "@closed": closed_fd, "@devnull": lambda: open_ro("/dev/null"),
             "@pidfd:self": lambda: librns.pidfd_open(os.getpid(), 0)}
    if tok in fixed:
        return fixed[tok]()
    if tok.startswith("@nsfd:"):
        return open_ro(f"/proc/thread-self/ns/{tok[6:]}")
    if CONSTANT.fullmatch(tok):
        value = 0
        for name in tok.split("+"):
            if name not in librns.constants:
                raise ValueError(f"unknown constant {name}")
            value |= librns.constants[name]
        return value
    raise ValueError(f"unknown token {tok}")


# ---------------------------------------------------------------------------------------
# Single calls: rns_X -> librns.X (the contract's naming rule: the C parameters in C order,
# output pointers becoming the result), called with the tokens. Only calls whose Python
# signature does not take the tokens one for one need an override here.

def _setsid():
    # os.setsid returns None (librns.setsid is os's): the session it made is getsid(0).
    librns.setsid()
    return librns.getsid(0)


OVERRIDES = {
    "rns_setgroups": lambda *ids: librns.setgroups(ids),  # one sequence, as os.setgroups
    # signal.pidfd_send_signal's shape: a siginfo slot before flags (always None here)
    "rns_pidfd_send_signal": lambda fd, sig, flags: librns.pidfd_send_signal(fd, sig, None, flags),
    "rns_setsid": _setsid,
}


def lookup_call(call):
    """The function that makes CALL (an override only where librns has the function it
    calls), or None when librns has no X for rns_X."""
    if not re.fullmatch(r"rns_[a-z0-9_]+", call):
        return None
    fn = getattr(librns, call[4:], None)
    if not callable(fn) or isinstance(fn, type):
        return None
    return OVERRIDES.get(call, fn)


def show(v):
    """How the runner prints a result: numbers in decimal, bools as true/false, strings as is,
    tuples and lists (named ones too: os.waitid_result, NsId) space-separated."""
    if v is None:
        return "(nothing)"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (tuple, list)):
        return " ".join(show(x) for x in v)
    if isinstance(v, int):
        return str(operator.index(v))
    return str(v)


def errno_name(n):
    return errno.errorcode.get(n, str(n))


def compare(label, expect, fn):
    """Compares the outcome of fn() with EXPECT; a failure message, or None. An errno
    expectation holds when fn raises OSError with that errno, of the subclass os raises for
    it (PermissionError for EPERM, ProcessLookupError for ESRCH, ...)."""
    try:
        value = fn()
    except OSError as e:
        got = f"{type(e).__name__} {errno_name(e.errno)} ({e})"
        if expect == "ok" or expect.startswith("="):
            return f"{label}: expected {expect}, got {got}"
        want = getattr(errno, expect, None)
        if want is None:
            return f"{label}: unknown errno name {expect}"
        if e.errno == want and type(e) is type(OSError(want, "")):
            return None
        return f"{label}: expected {expect} ({type(OSError(want, '')).__name__}), got {got}"
    except AttributeError as e:
        if getattr(e, "obj", None) is librns:  # a part of the binding not there: missing
            raise
        return f"{label}: expected {expect}, got {type(e).__name__} ({e})"
    except Exception as e:  # TypeError, ValueError...: never what a case expects
        return f"{label}: expected {expect}, got {type(e).__name__} ({e})"
    if expect == "ok":
        return None
    if expect.startswith("="):
        want = expect[1:].strip()
        if want.startswith("@"):
            want = str(token(want))
        return None if show(value) == want else f"{label}: expected = {want}, got {show(value)}"
    return f"{label}: expected {expect}, got success ({show(value)})"


def expect_err(label, code, fn):
    msg = compare(label, code, fn)
    if msg:
        raise Failure(msg)


# ---------------------------------------------------------------------------------------
# Scenario helpers

def ns_id(path):
    """"dev:ino" of a namespace file."""
    s = os.stat(path)
    return f"{s.st_dev}:{s.st_ino}"


def fd_id(fd):
    s = os.fstat(fd)
    return f"{s.st_dev}:{s.st_ino}"


def start(*argv):
    """A child (subprocess, the standard library's), stdin/stdout on /dev/null."""
    return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


def stop(child):
    child.kill()
    child.wait()


def wait_until(child, what, ready):
    """Polls ready() (exceptions count as not yet) every 10 ms for up to 5 s."""
    deadline = time.monotonic() + 5
    while True:
        try:
            got = ready()
            if got:
                return got
        except OSError:
            pass
        if child.poll() is not None or time.monotonic() > deadline:
            raise Failure(f"child never got {what}")
        time.sleep(0.01)


def start_ns_child():
    """`unshare --net --uts sleep 30`, once it has its own net namespace."""
    child = start("unshare", "--net", "--uts", "sleep", "30")
    ours = ns_id("/proc/thread-self/ns/net")
    try:
        wait_until(child, "its own net namespace", lambda: ns_id(f"/proc/{child.pid}/ns/net") != ours)
    except BaseException:
        stop(child)
        raise
    return child


# ---------------------------------------------------------------------------------------
# Scenarios (README.md, "Scenarios")

def unshare_setns_back():
    fd = librns.ns_open(0, librns.CLONE_NEWNET)
    first = ns_id("/proc/thread-self/ns/net")
    librns.unshare(librns.CLONE_NEWNET)
    check(ns_id("/proc/thread-self/ns/net") != first, "net namespace unchanged after unshare")
    librns.setns(fd, librns.CLONE_NEWNET)
    check(ns_id("/proc/thread-self/ns/net") == first, "not back in the first net namespace")
    os.close(fd)


def setns_pid_child():
    child = start_ns_child()
    try:
        librns.setns_pid(child.pid, librns.CLONE_NEWNET | librns.CLONE_NEWUTS)
        for t in ("net", "uts"):
            check(ns_id(f"/proc/thread-self/ns/{t}") == ns_id(f"/proc/{child.pid}/ns/{t}"),
                  f"{t} namespace is not the child's")
        fd = librns.ns_open(child.pid, librns.CLONE_NEWNET)
        check(fd_id(fd) == ns_id(f"/proc/{child.pid}/ns/net"), "ns_open(PID) gives another namespace")
        os.close(fd)
    finally:
        stop(child)


def run_in_ns_child():
    child = start_ns_child()
    both = librns.CLONE_NEWNET | librns.CLONE_NEWUTS

    def ids(d):
        return f"{ns_id(f'{d}/ns/net')} {ns_id(f'{d}/ns/uts')}"

    try:
        ours, theirs = ids("/proc/thread-self"), ids(f"/proc/{child.pid}")
        with librns.in_namespaces(child.pid, both):  # rns_ns_enter_pid, then rns_ns_restore
            check(ids("/proc/thread-self") == theirs, "in_namespaces: not in the child's net and uts")
        check(ids("/proc/thread-self") == ours, "in_namespaces: the thread is not back")
        got = librns.run_in_namespaces(child.pid, both, ids, "/proc/thread-self")  # a new thread
        check(got == theirs, "run_in_namespaces(PID): fn is not in the child's net and uts")
        check(ids("/proc/thread-self") == ours, "run_in_namespaces: the caller moved")
        net = ns_id(f"/proc/{child.pid}/ns/net")
        fd = librns.ns_open(child.pid, librns.CLONE_NEWNET)
        try:
            saved = librns.ns_enter(fd, 0)
            check(ns_id("/proc/thread-self/ns/net") == net, "ns_enter(fd, 0): not in the child's net")
            librns.ns_restore(saved)
            check(ids("/proc/thread-self") == ours, "ns_restore: the thread is not back")
            got = librns.run_in_ns(fd, 0, lambda: ns_id("/proc/thread-self/ns/net"))
            check(got == net, "run_in_ns(fd, 0): fn is not in the child's net namespace")
        finally:
            os.close(fd)
        check(ids("/proc/thread-self") == ours, "run_in_ns: the thread is not back")
        called = []

        def enter_user():
            with librns.in_namespaces(child.pid, librns.CLONE_NEWUSER):
                called.append(1)
        expect_err("in_namespaces(PID, NEWUSER)", "EINVAL", enter_user)
        expect_err("run_in_namespaces(PID, NEWUSER)", "EINVAL",
                   lambda: librns.run_in_namespaces(child.pid, librns.CLONE_NEWUSER, called.append, 1))
        check(not called, "the body ran although entering was refused")
    finally:
        stop(child)


def ns_handle_child():
    child = start("unshare", "--user", "--net", "sleep", "30")
    Namespace = librns.Namespace
    ours = Namespace.open(0, librns.CLONE_NEWUSER)
    opened = [ours]

    def other_user():
        n = Namespace.open(child.pid, librns.CLONE_NEWUSER)
        if n == ours:
            n.close()
            return None
        return n

    try:
        user = wait_until(child, "its own user namespace", other_user)
        opened.append(user)
        net = Namespace.open(child.pid, librns.CLONE_NEWNET)
        opened.append(net)
        check(user.type == librns.CLONE_NEWUSER, f"type of the child's user namespace: {user.type}")
        parent = user.parent()
        opened.append(parent)
        check(parent == ours, "the parent of the child's user namespace is not ours")
        owner = net.owner()
        opened.append(owner)
        check(owner == user, "the owner of the child's net namespace is not its user namespace")
        expect_err("parent of a net namespace", "EINVAL", net.parent)
        check(user.owner_uid == os.geteuid(), f"owner uid {user.owner_uid}, not our euid")
        check(user.id != ours.id, f"two user namespaces with one id ({user.id})")
    finally:
        for n in opened:
            n.close()
        stop(child)


def session_in_child():
    pid = os.getpid()
    check(librns.setsid() is None, "setsid() returned something (os.setsid returns None)")
    check(librns.getsid(0) == pid, "getsid(0) is not our pid")
    check(librns.getpgrp() == pid, "getpgrp() is not our pid")
    check(librns.getpgid(0) == pid, "getpgid(0) is not our pid")
    expect_err("setpgid(0, 0) as session leader", "EPERM", lambda: librns.setpgid(0, 0))


def nice_round_trip():
    for nice in (-1, 0):
        librns.setpriority(librns.PRIO_PROCESS, 0, nice)
        got = librns.getpriority(librns.PRIO_PROCESS, 0)
        check(got == nice, f"nice is {got}, not {nice}")


def prctl_round_trip():
    for sig in (signal.SIGUSR1, 0):
        librns.set_pdeathsig(sig)
        check(librns.get_pdeathsig() == sig, f"get_pdeathsig() is {librns.get_pdeathsig()}, not {int(sig)}")
    for on in (1, 0):
        librns.set_child_subreaper(on)
        check(librns.get_child_subreaper() == on,
              f"get_child_subreaper() is {librns.get_child_subreaper()}, not {on}")
    librns.set_no_new_privs(1)
    check(librns.get_no_new_privs() == 1, f"get_no_new_privs() is {librns.get_no_new_privs()}, not 1")


N = 65534


def all_threads_uid(want):
    for tid in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{tid}/status") as f:
            line = next(ln for ln in f if ln.startswith("Uid:"))
        check(line.split()[1:] == [str(want)] * 4, f"thread {tid}: {line.strip()}")


def creds_in_child():
    librns.setgroups([N])
    check(librns.getgroups() == [N], f"getgroups() is {librns.getgroups()}")
    librns.setresgid(N, N, N)
    check(librns.getresgid() == (N, N, N), f"getresgid() is {librns.getresgid()}")
    librns.setresuid(N, N, N)
    check(librns.getresuid() == (N, N, N), f"getresuid() is {librns.getresuid()}")
    all_threads_uid(N)
    expect_err("setresuid(0, 0, 0) after dropping", "EPERM", lambda: librns.setresuid(0, 0, 0))


def userns_acquire():
    def own(i):
        return f"0 {i} 1"
    expect_err('userns_acquire("0 0")', "EINVAL", lambda: librns.userns_acquire("0 0", own(os.getegid())))
    fd = librns.userns_acquire(own(os.geteuid()), own(os.getegid()))
    try:
        check(librns.ns_type(fd) == librns.CLONE_NEWUSER, f"its type is {librns.ns_type(fd)}")
        check(librns.ns_owner_uid(fd) == os.geteuid(), f"its owner is {librns.ns_owner_uid(fd)}")
    finally:
        os.close(fd)


def drop_privileges_child():
    expect_err("drop_privileges(-1, -1, [])", "EINVAL", lambda: librns.drop_privileges(-1, -1, []))
    librns.drop_privileges(N, N, [N], librns.constants["DROP_NO_NEW_PRIVS"])
    check(librns.getresuid() == (N, N, N), f"getresuid() is {librns.getresuid()}")
    check(librns.get_no_new_privs() == 1, "no_new_privs is not set")
    expect_err("setresuid(0, 0, 0) after the drop", "EPERM", lambda: librns.setresuid(0, 0, 0))


def pidfd_kill_child():
    child = start("sleep", "30")
    try:
        fd = librns.pidfd_open(child.pid, 0)
        librns.pidfd_send_signal(fd, signal.SIGKILL)
        check(child.wait() == -signal.SIGKILL, f"child ended with {child.returncode}")
        expect_err("pidfd_send_signal after reaping", "ESRCH", lambda: librns.pidfd_send_signal(fd, 0))
        os.close(fd)
    finally:
        stop(child)


def waiter_child():
    child = start("sleep", "30")
    try:
        fd = librns.pidfd_open(child.pid, 0)
        with librns.Waiter() as w:
            w.add(fd, 7, 0)
            os.kill(child.pid, signal.SIGKILL)
            select.select([w], [], [], 10)  # the record comes from the waiter's own thread
            events = w.read()
        os.close(fd)
        check(len(events) == 1, f"{len(events)} records, not 1: {events}")
        e = events[0]
        check(e.token == 7 and e.pid == child.pid and e.kind == librns.WAIT_KILLED and e.code == 9
              and e.error == 0, f"the record is {e}; want token 7, pid {child.pid}, killed by 9")
        # Without WAITER_NOREAP the waiter reaped it: nothing left for subprocess to wait for.
        try:
            os.waitpid(child.pid, os.WNOHANG)
            reaped = False
        except ChildProcessError:
            reaped = True
        check(reaped, "the waiter did not reap the child")
    finally:
        stop(child)


# --- spawning -----------------------------------------------------------------------------

def spawn_read(fn, *args, **attrs):
    """Runs fn(*args, **attrs) (librns.spawn or spawnp) with stdout on a pipe; what the
    program printed, once it exited 0."""
    r, w = os.pipe()
    try:
        proc = fn(*args, fds={1: w}, **attrs)
    finally:
        os.close(w)
    with os.fdopen(r, "rb") as f:
        out = f.read().decode().strip()
    with proc:
        code = proc.wait()
    check(code == 0, f"the program printed '{out}' and ended with {code}")
    return out


def sh(script, **attrs):
    """What `/bin/sh -c script`, spawned with attrs, printed."""
    return spawn_read(librns.spawn, "/bin/sh", ["sh", "-c", script], **attrs)


def spawn_failure(**attrs):
    """The OSError of spawning /bin/true with attrs (stdio on /dev/null): a SpawnError when a
    step failed, a plain OSError when a setter refused a value; None when it ran."""
    null = open_ro("/dev/null")
    try:
        proc = librns.spawn("/bin/true", ["true"], fds={0: null, 1: null, 2: null}, **attrs)
    except OSError as e:
        return e
    finally:
        os.close(null)
    with proc:
        proc.wait()
    return None


ANY = object()


def check_failure(what, err, code, step=ANY, detail=ANY):
    """err failed with errno code, of os's subclass for it, at step with detail (SpawnError's
    .step and .detail; None for an error before the child existed), where given."""
    step_got, detail_got = getattr(err, "step", None), getattr(err, "detail", None)
    got = f"{type(err).__name__} {errno_name(err.errno)} at {step_got}, detail {detail_got}" if err else "success"
    want = getattr(errno, code)
    ok = (err is not None and err.errno == want and isinstance(err, type(OSError(want, "")))
          and step in (ANY, step_got) and detail in (ANY, detail_got))
    check(ok, f"{what}: {got}; want {code} at {'any step' if step is ANY else step}, "
              f"detail {'any' if detail is ANY else detail}")


def spawn_child():
    host = socket.gethostname()
    net = open_ro("/proc/thread-self/ns/net")
    try:
        got = sh("echo $(id -u) $(hostname) $(umask) $(cut -d' ' -f19 /proc/self/stat) $(ulimit -n)",
                 unshare=librns.CLONE_NEWUSER | librns.CLONE_NEWNS, join=[net],
                 uid_map="0 0 1", gid_map="0 0 1", mount_propagation=0x4000 | 0x80000,  # MS_REC|MS_SLAVE
                 setsid=True, cwd="/", uid=0, gid=0, groups=[0], no_new_privs=True,
                 pdeathsig=signal.SIGKILL, umask=0o027, nice=3, rlimits={7: (100, 200)})  # RLIMIT_NOFILE
        check(got == f"0 {host} 0027 3 100", f"the program printed '{got}'")
    finally:
        os.close(net)
    got = spawn_read(librns.spawnp, "sh", ["sh", "-c", "test $(cut -d' ' -f5 /proc/$$/stat) -eq $$ && echo ok"],
                     pgroup=0)
    check(got == "ok", f"sh in a group of its own printed '{got}'")
    try:
        librns.spawn("/nonexistent/program", ["program"]).close()
        err = None
    except OSError as e:
        err = e
    check_failure("a missing program", err, "ENOENT", "exec")
    check(isinstance(err, librns.SpawnError), f"a missing program: {err!r} is no SpawnError")


def cgroup_dir():
    """Our own cgroup v2 directory (the cgroup2 mount's path + /proc/self/cgroup's 0:: line)."""
    with open("/proc/self/mountinfo") as f:
        mounts = [ln.split() for ln in f if " - cgroup2 " in ln]
    mnt = next((m[4] for m in mounts if m[3] == "/"), None)
    with open("/proc/self/cgroup") as f:
        line = next((ln.strip() for ln in f if ln.startswith("0::")), None)
    check(mnt and line, "no cgroup v2 directory of our own")
    return mnt + line[3:], line


def spawn_cgroup():
    path, line = cgroup_dir()
    cg = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    null = open_ro("/dev/null")
    try:
        check_failure("cgroup: /dev/null", spawn_failure(cgroup=null), "EINVAL")
        got = spawn_read(librns.spawn, "/bin/grep", ["grep", "^0::", "/proc/self/cgroup"], cgroup=cg)
        check(got == line, f"the program printed '{got}', want '{line}'")
    finally:
        os.close(cg)
        os.close(null)


def spawn_flags():
    os.setgroups([4])
    fifo = os.path.join(tempfile.mkdtemp(prefix="rns-matrix-"), "fifo")
    os.mkfifo(fifo)
    fd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        with librns.spawn("/bin/sh", ["sh", "-c", SPAWN_FLAGS_SCRIPT], fds={1: fd}, uid=N, gid=N,
                          blocking_stdio=True) as proc:
            code = proc.wait()
        got = os.read(fd, 256).decode().strip()
        check(code == 0 and got == "blocking groups:", f"the program printed '{got}', ended {code}")
    finally:
        os.close(fd)


def spawn_signals():
    got = sh(SPAWN_SIGNALS_SCRIPT, sigmask=[signal.SIGINT, signal.SIGUSR1], sigdefault=[signal.SIGPIPE])
    check(got == "blk 0000000000000202 pipe default", f"the program printed '{got}'")


def spawn_setgroups():
    got = sh("cat /proc/$$/setgroups", unshare=librns.CLONE_NEWUSER,
             uid_map=f"0 {os.geteuid()} 1", gid_map=f"0 {os.getegid()} 1", setgroups="deny")
    check(got == "deny", f"the program printed '{got}'")


def spawn_identity():
    check_failure("scheduler SCHED_DEADLINE", spawn_failure(scheduler=(6, 0)), "EINVAL")
    check_failure("chroot missing", spawn_failure(chroot="/nonexistent/rns-root"), "ENOENT", "chroot")
    got = sh(SPAWN_IDENTITY_SCRIPT, scheduler=(3, 0), chroot="/", cwd="/tmp", reset_ids=True, securebits=0,
             bounding_set=["CAP_CHOWN", "CAP_KILL", "CAP_NET_RAW"], inheritable_caps=["CAP_KILL"],
             ambient_caps=["CAP_NET_RAW"])
    want = "inh 0000000000002020 amb 0000000000002000 bnd 0000000000002021 policy 3 root / cwd /tmp"
    check(got == want, f"the program printed '{got}'")


def spawn_fa():
    fa = [("dup2", 1, 2), ("open", 5, "/dev/null", os.O_RDONLY, 0),
          ("open", 6, "/", os.O_RDONLY | os.O_DIRECTORY, 0), ("chdir", "/tmp"), ("fchdir", 6),
          ("closefrom", 6)]
    got = sh(SPAWN_FA_SCRIPT, file_actions=fa)
    check(got == "/ /dev/null 6closed", f"the program printed '{got}'")
    for attrs, code, step, detail in [
        ({"file_actions": [("close", 40), ("open", 3, "/nonexistent/x", os.O_RDONLY, 0)]}, "ENOENT", "fds", 4),
        ({"noctty": True}, "ENOTTY", "tty", 0),
        ({"setsid": True, "ctty": 0}, "ENOTTY", "tty", 0),
        ({"file_actions": [("tcsetpgrp", 0)]}, "ENOTTY", "fds", 3),
        ({"file_actions": [("close", -1)]}, "EBADF", None, None),  # refused before the start
    ]:
        check_failure(repr(attrs), spawn_failure(**attrs), code, step, detail)


def spawn_seccomp():
    ret_k = 0x06  # BPF_RET | BPF_K; SECCOMP_RET_ERRNO 0x00050000, SECCOMP_RET_ALLOW 0x7fff0000
    err = spawn_failure(no_new_privs=True, seccomp=[(ret_k, 0, 0, 0x00050000 | errno.ENOMSG)])
    check_failure("a deny-all filter", err, "ENOMSG", "exec")
    got = sh(SPAWN_SECCOMP_SCRIPT, no_new_privs=True, seccomp=[(ret_k, 0, 0, 0x7FFF0000)])
    check(got == "seccomp 2 nnp 1", f"the program printed '{got}'")


def landlock_ruleset():
    """A Landlock ruleset handling read-file, allowing it beneath /usr only (libc's syscall():
    Landlock's syscall numbers are the same on every architecture)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    attr = ctypes.c_uint64(4)  # struct landlock_ruleset_attr: handled_access_fs = READ_FILE
    rs = libc.syscall(ctypes.c_long(444), ctypes.byref(attr), ctypes.c_size_t(8), ctypes.c_uint32(0))
    check(rs >= 0, f"landlock_create_ruleset: {os.strerror(ctypes.get_errno())}")

    class PathBeneath(ctypes.Structure):
        _pack_ = 1
        _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]

    usr = open_ro("/usr")
    rule = PathBeneath(4, usr)
    r = libc.syscall(ctypes.c_long(445), ctypes.c_int(rs), ctypes.c_int(1), ctypes.byref(rule), ctypes.c_uint32(0))
    os.close(usr)
    check(r == 0, f"landlock_add_rule: {os.strerror(ctypes.get_errno())}")
    return rs


def spawn_landlock():
    rs = landlock_ruleset()
    d = tempfile.mkdtemp(prefix="rns-matrix-")
    try:
        os.chmod(d, 0o755)
        with open(f"{d}/f", "w") as f:
            f.write("x")
        os.chmod(f"{d}/f", 0o644)
        got = sh(f"cat {d}/f >/dev/null 2>&1 && echo read || echo denied", no_new_privs=True, landlock=rs)
        check(got == "denied", f"the program printed '{got}'")
    finally:
        os.close(rs)
        for p in (f"{d}/f", d):
            if os.path.isdir(p):
                os.rmdir(p)
            elif os.path.exists(p):
                os.unlink(p)


def error_names():
    for name in ("EPERM", "ENOENT", "ESRCH", "EBADF", "EINVAL", "EACCES", "ENOTTY"):
        n = getattr(errno, name)
        check(librns.errname(n) == name, f"errname({n}) is {librns.errname(n)}")
        check(len(librns.strerror(n)) > 0, f"strerror({n}) is empty")


SCENARIOS = {
    "unshare-setns-back": unshare_setns_back,
    "setns-pid-child": setns_pid_child,
    "run-in-ns-child": run_in_ns_child,
    "ns-handle-child": ns_handle_child,
    "session-in-child": session_in_child,
    "nice-round-trip": nice_round_trip,
    "prctl-round-trip": prctl_round_trip,
    "creds-in-child": creds_in_child,
    "userns-acquire": userns_acquire,
    "drop-privileges-child": drop_privileges_child,
    "pidfd-kill-child": pidfd_kill_child,
    "waiter-child": waiter_child,
    "spawn-child": spawn_child,
    "spawn-cgroup": spawn_cgroup,
    "spawn-flags": spawn_flags,
    "spawn-signals": spawn_signals,
    "spawn-setgroups": spawn_setgroups,
    "spawn-identity": spawn_identity,
    "spawn-fa": spawn_fa,
    "spawn-seccomp": spawn_seccomp,
    "spawn-landlock": spawn_landlock,
    "error-names": error_names,
}


# ---------------------------------------------------------------------------------------
# Main

def run_scenario(call, expect):
    run = SCENARIOS.get(call[len("scenario:"):])
    if run is None:
        finish(2, f"unknown scenario {call}")
    try:
        run()
    except Failure as e:
        finish(1, f"FAIL {call}: {e}")
    except AttributeError as e:
        if getattr(e, "obj", None) is librns:  # a part of the binding not there yet
            finish(2, f"{call}: librns has no {e.name}")
        raise
    except OSError as e:
        finish(1, f"FAIL {call}: {type(e).__name__} {errno_name(e.errno)} ({e})")
    if expect != "ok":
        finish(1, f"FAIL {call}: expected {expect}, got ok")
    finish(0)


def main(argv):
    if len(argv) < 2:
        finish(2, "usage: runner.py CALL EXPECT [ARG...]")
    call, expect, toks = argv[0], argv[1], argv[2:]
    if call.startswith("scenario:"):
        run_scenario(call, expect)
    fn = lookup_call(call)
    if fn is None:
        finish(2, f"unknown call {call}: librns has no {call[4:]}")
    try:
        args = [token(t) for t in toks]
    except (ValueError, OSError) as e:
        finish(1, f"FAIL {call}: {e}")
    msg = compare(f"{call}({' '.join(toks)})", expect, lambda: fn(*args))
    if msg:
        finish(1, f"FAIL {msg}")
    finish(0)


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except SystemExit:
        raise
    except BaseException as e:
        finish(1, f"FAIL runner error: {type(e).__name__}: {e}")
