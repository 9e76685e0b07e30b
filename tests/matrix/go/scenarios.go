package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
	"unsafe"

	rns "github.com/librns/librns/bindings/go"
)

// Scenarios run on the OS thread main locked; each returns nil when every step held.
var scenarios = map[string]func() error{
	"unshare-setns-back":    unshareSetnsBack,
	"setns-pid-child":       setnsPidChild,
	"run-in-ns-child":       runInNsChild,
	"ns-handle-child":       nsHandleChild,
	"session-in-child":      sessionInChild,
	"nice-round-trip":       niceRoundTrip,
	"prctl-round-trip":      prctlRoundTrip,
	"creds-in-child":        credsInChild,
	"pidfd-kill-child":      pidfdKillChild,
	"waiter-child":          waiterChild,
	"spawn-child":           spawnChild,
	"spawn-cgroup":          spawnCgroup,
	"spawn-flags":           spawnFlags,
	"spawn-signals":         spawnSignals,
	"spawn-setgroups":       spawnSetgroups,
	"spawn-identity":        spawnIdentity,
	"spawn-fa":              spawnFa,
	"spawn-seccomp":         spawnSeccomp,
	"spawn-landlock":        spawnLandlock,
	"drop-privileges-child": dropPrivilegesChild,
	"userns-acquire":        usernsAcquire,
	"error-names":           errorNames,
}

// nsID is a namespace's identity: (st_dev, st_ino) of its nsfs file.
type nsID struct{ dev, ino uint64 }

func statNs(path string) (nsID, error) {
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		return nsID{}, fmt.Errorf("stat %s: %w", path, err)
	}
	return nsID{st.Dev, st.Ino}, nil
}

func fileNs(f *os.File) (nsID, error) {
	fi, err := f.Stat()
	if err != nil {
		return nsID{}, err
	}
	st := fi.Sys().(*syscall.Stat_t)
	return nsID{st.Dev, st.Ino}, nil
}

func unshareSetnsBack() error {
	fd, err := rns.NsOpen(0, rns.CloneNewNet)
	if err != nil {
		return fmt.Errorf("ns_open: %w", err)
	}
	defer fd.Close()
	before, err := statNs("/proc/thread-self/ns/net")
	if err != nil {
		return err
	}
	if err := rns.Unshare(rns.CloneNewNet); err != nil {
		return err
	}
	if now, err := statNs("/proc/thread-self/ns/net"); err != nil || now == before {
		return fmt.Errorf("net namespace unchanged after unshare (%v)", err)
	}
	if err := rns.Setns(fd, rns.CloneNewNet); err != nil {
		return err
	}
	if now, err := statNs("/proc/thread-self/ns/net"); err != nil || now != before {
		return fmt.Errorf("net namespace not restored by setns (%v)", err)
	}
	return nil
}

// startNsChild starts `unshare --net --uts sleep 30` and waits (up to 5 s) until it has a net
// namespace of its own; stop kills and reaps it.
func startNsChild() (pid int, stop func(), err error) {
	child := exec.Command("unshare", "--net", "--uts", "sleep", "30")
	if err := child.Start(); err != nil {
		return 0, nil, err
	}
	stop = func() { child.Process.Kill(); child.Wait() }
	pid = child.Process.Pid
	ours, err := statNs("/proc/thread-self/ns/net")
	if err != nil {
		stop()
		return 0, nil, err
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if n, err := statNs(fmt.Sprintf("/proc/%d/ns/net", pid)); err == nil && n != ours {
			return pid, stop, nil
		}
		if time.Now().After(deadline) {
			stop()
			return 0, nil, errors.New("the child did not get a net namespace of its own within 5 s")
		}
	}
}

func setnsPidChild() error {
	pid, stop, err := startNsChild()
	if err != nil {
		return err
	}
	defer stop()
	theirs := func(t string) (nsID, error) { return statNs(fmt.Sprintf("/proc/%d/ns/%s", pid, t)) }
	if err := rns.SetnsPid(pid, rns.CloneNewNet|rns.CloneNewUTS); err != nil {
		return err
	}
	for _, t := range []string{"net", "uts"} {
		want, err := theirs(t)
		if err != nil {
			return err
		}
		if got, err := statNs("/proc/thread-self/ns/" + t); err != nil || got != want {
			return fmt.Errorf("after setns_pid our %s namespace is not the child's (%v)", t, err)
		}
	}
	fd, err := rns.NsOpen(pid, rns.CloneNewNet)
	if err != nil {
		return fmt.Errorf("ns_open: %w", err)
	}
	defer fd.Close()
	want, _ := theirs("net")
	if got, err := fileNs(fd); err != nil || got != want {
		return fmt.Errorf("ns_open(child) is not the child's net namespace (%v)", err)
	}
	return nil
}

// runInNsChild: RunInNamespaces and RunInNamespacesOf (a namespace file, types 0) run fn in
// the child's namespaces and put fn's thread back; a user namespace is refused (EINVAL)
// without calling fn.
func runInNsChild() error {
	pid, stop, err := startNsChild()
	if err != nil {
		return err
	}
	defer stop()
	ids := func(dir string) (net, uts nsID, err error) {
		if net, err = statNs(dir + "/ns/net"); err == nil {
			uts, err = statNs(dir + "/ns/uts")
		}
		return
	}
	ourNet, ourUTS, err := ids("/proc/thread-self")
	if err != nil {
		return err
	}
	childNet, childUTS, err := ids(fmt.Sprintf("/proc/%d", pid))
	if err != nil {
		return err
	}
	var tid int
	inside := func(wantNet, wantUTS nsID) func() error {
		return func() error {
			tid = syscall.Gettid()
			net, uts, err := ids("/proc/thread-self")
			if err == nil && (net != wantNet || uts != wantUTS) {
				err = errors.New("fn is not in the namespaces asked for")
			}
			return err
		}
	}
	back := func(what string) error {
		net, uts, err := ids(fmt.Sprintf("/proc/self/task/%d", tid))
		if err == nil && (net != ourNet || uts != ourUTS) {
			err = fmt.Errorf("%s: fn's thread %d was not put back", what, tid)
		}
		return err
	}
	if err := rns.RunInNamespaces(pid, rns.CloneNewNet|rns.CloneNewUTS, inside(childNet, childUTS)); err != nil {
		return err
	}
	if err := back("RunInNamespaces"); err != nil {
		return err
	}
	fd, err := rns.NsOpen(pid, rns.CloneNewNet)
	if err != nil {
		return err
	}
	defer fd.Close()
	if err := rns.RunInNamespacesOf(fd, 0, inside(childNet, ourUTS)); err != nil {
		return err
	}
	if err := back("RunInNamespacesOf"); err != nil {
		return err
	}
	// On a thread of the library's: fn sees the child's net namespace, ours stays.
	if err := rns.RunInNs(fd, 0, inside(childNet, ourUTS)); err != nil {
		return err
	}
	if net, uts, err := ids("/proc/thread-self"); err != nil || net != ourNet || uts != ourUTS {
		return fmt.Errorf("after RunInNs the calling thread is not in its namespaces (%v)", err)
	}
	called := false
	err = rns.RunInNamespaces(pid, rns.CloneNewUser, func() error { called = true; return nil })
	if !errors.Is(err, syscall.EINVAL) || called {
		return fmt.Errorf("RunInNamespaces(NEWUSER): %v (fn called: %v), want EINVAL before fn", err, called)
	}
	return nil
}

func sessionInChild() error {
	pid := os.Getpid()
	if sid, err := rns.Setsid(); err != nil || sid != pid {
		return fmt.Errorf("setsid = %d, %v; want %d", sid, err, pid)
	}
	if sid, err := rns.Getsid(0); err != nil || sid != pid {
		return fmt.Errorf("getsid(0) = %d, %v; want %d", sid, err, pid)
	}
	if g := rns.Getpgrp(); g != pid {
		return fmt.Errorf("getpgrp = %d; want %d", g, pid)
	}
	if g, err := rns.Getpgid(0); err != nil || g != pid {
		return fmt.Errorf("getpgid(0) = %d, %v; want %d", g, err, pid)
	}
	if err := rns.Setpgid(0, 0); !errors.Is(err, syscall.EPERM) {
		return fmt.Errorf("setpgid(0, 0) as session leader: %v, want EPERM", err)
	}
	return nil
}

func niceRoundTrip() error {
	for _, nice := range []int{-1, 0} {
		if err := rns.Setpriority(rns.PrioProcess, 0, nice); err != nil {
			return err
		}
		if got, err := rns.Getpriority(rns.PrioProcess, 0); err != nil || got != nice {
			return fmt.Errorf("getpriority = %d, %v; want %d", got, err, nice)
		}
	}
	return nil
}

func prctlRoundTrip() error {
	for _, sig := range []syscall.Signal{syscall.SIGUSR1, 0} {
		if err := rns.SetPdeathsig(sig); err != nil {
			return err
		}
		if got, err := rns.GetPdeathsig(); err != nil || got != sig {
			return fmt.Errorf("get_pdeathsig = %d, %v; want %d", got, err, sig)
		}
	}
	for _, on := range []bool{true, false} {
		if err := rns.SetChildSubreaper(on); err != nil {
			return err
		}
		if got, err := rns.GetChildSubreaper(); err != nil || got != on {
			return fmt.Errorf("get_child_subreaper = %v, %v; want %v", got, err, on)
		}
	}
	if err := rns.SetNoNewPrivs(); err != nil {
		return err
	}
	if got, err := rns.GetNoNewPrivs(); err != nil || !got {
		return fmt.Errorf("get_no_new_privs = %v, %v; want true", got, err)
	}
	return nil
}

// usernsAcquire: a user namespace of our own ids, owned by us; a malformed map refused.
func usernsAcquire() error {
	own := func(id int) string { return fmt.Sprintf("0 %d 1", id) }
	if _, err := rns.UsernsAcquire("0 0", own(os.Getegid())); !errors.Is(err, syscall.EINVAL) {
		return fmt.Errorf("UsernsAcquire(\"0 0\"): %v, want EINVAL", err)
	}
	f, err := rns.UsernsAcquire(own(os.Geteuid()), own(os.Getegid()))
	if err != nil {
		return err
	}
	defer f.Close()
	if t, err := rns.NsType(f); err != nil || t != rns.CloneNewUser {
		return fmt.Errorf("its type: %v, %v", t, err)
	}
	if uid, err := rns.NsOwnerUid(f); err != nil || uid != os.Geteuid() {
		return fmt.Errorf("its owner: %d, %v; want %d", uid, err, os.Geteuid())
	}
	return nil
}

// dropPrivilegesChild: -1 refused; the drop to 65534 with one group; uid 0 not to be had back.
func dropPrivilegesChild() error {
	if err := rns.DropPrivileges(-1, -1, nil, 0); !errors.Is(err, syscall.EINVAL) {
		return fmt.Errorf("DropPrivileges(-1, -1): %v, want EINVAL", err)
	}
	if err := rns.DropPrivileges(65534, 65534, []int{65534}, rns.DropNoNewPrivs); err != nil {
		return err
	}
	if r, e, s, err := rns.Getresuid(); err != nil || r != 65534 || e != 65534 || s != 65534 {
		return fmt.Errorf("getresuid = %d %d %d, %v", r, e, s, err)
	}
	if err := rns.Setresuid(0, 0, 0); !errors.Is(err, syscall.EPERM) {
		return fmt.Errorf("setresuid(0, 0, 0) after the drop: %v, want EPERM", err)
	}
	return nil
}

func credsInChild() error {
	if err := rns.Setgroups([]int{65534}); err != nil {
		return err
	}
	if g, err := rns.Getgroups(); err != nil || !slices.Equal(g, []int{65534}) {
		return fmt.Errorf("getgroups = %v, %v; want [65534]", g, err)
	}
	if err := rns.Setresgid(65534, 65534, 65534); err != nil {
		return err
	}
	if r, e, s, err := rns.Getresgid(); err != nil || r != 65534 || e != 65534 || s != 65534 {
		return fmt.Errorf("getresgid = %d %d %d, %v", r, e, s, err)
	}
	if err := rns.Setresuid(65534, 65534, 65534); err != nil {
		return err
	}
	if r, e, s, err := rns.Getresuid(); err != nil || r != 65534 || e != 65534 || s != 65534 {
		return fmt.Errorf("getresuid = %d %d %d, %v", r, e, s, err)
	}
	paths, _ := filepath.Glob("/proc/self/task/*/status")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "Uid:") && strings.Join(strings.Fields(line), " ") != "Uid: 65534 65534 65534 65534" {
				return fmt.Errorf("%s: %q", p, line)
			}
		}
	}
	if err := rns.Setresuid(0, 0, 0); !errors.Is(err, syscall.EPERM) {
		return fmt.Errorf("setresuid(0, 0, 0) after dropping: %v, want EPERM", err)
	}
	return nil
}

// waiterChild: a Waiter reports a killed child once, with its token.
func waiterChild() error {
	child := exec.Command("sleep", "30")
	if err := child.Start(); err != nil {
		return err
	}
	defer child.Process.Kill()
	w, err := rns.NewWaiter()
	if err != nil {
		return err
	}
	defer w.Close()
	p, err := rns.OpenProcess(child.Process.Pid)
	if err != nil {
		return err
	}
	defer p.Close()
	if err := w.Add(p.File(), 7, false); err != nil {
		return err
	}
	if err := p.Signal(syscall.SIGKILL); err != nil {
		return err
	}
	e, err := w.Next()
	if err != nil || e.Err != nil || e.Token != 7 || e.Status.Kind != rns.KilledKind || e.Status.Code != 9 || e.Pid != child.Process.Pid {
		return fmt.Errorf("Next = %+v, %v; want token 7, killed by 9, pid %d", e, err, child.Process.Pid)
	}
	return nil
}

// spawnRead runs c with its stdout on a pipe; it must print want and exit 0.
func spawnRead(c *rns.Cmd, want string) error {
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	return spawnReadPipe(c, r, w, want)
}

// spawnReadPipe is spawnRead with the pipe given (both ends are closed).
func spawnReadPipe(c *rns.Cmd, r, w *os.File, want string) error {
	defer r.Close()
	c.Stdout = w
	err := c.Start()
	w.Close()
	if err != nil {
		return err
	}
	var buf [256]byte
	n, _ := r.Read(buf[:])
	err = c.Wait() // a non-zero exit or a signal is an *exec.ExitError, as from os/exec
	if got := strings.TrimSpace(string(buf[:n])); err != nil || got != want {
		return fmt.Errorf("the spawned program printed %q and ended %v; want %q, exit 0", got, err, want)
	}
	return nil
}

// spawnChild: a Cmd with every attribute (new user and mount namespaces, our net namespace
// joined, maps, propagation, session, cwd, ids, groups, no_new_privs, death signal, stdout),
// a PATH-searched one in its own process group, and a missing program's step.
func spawnChild() error {
	host, _ := os.Hostname()
	net, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		return err
	}
	defer net.Close()
	prop := uintptr(syscall.MS_REC | syscall.MS_SLAVE)
	umask, nice := 0o027, 3
	c := &rns.Cmd{
		Path: "/bin/sh", Args: []string{"sh", "-c", "echo $(id -u) $(hostname) $(umask) $(cut -d' ' -f19 /proc/self/stat) $(ulimit -n)"},
		Unshare: rns.CloneNewUser | rns.CloneNewNS, Join: []rns.JoinNamespace{{FD: net}},
		UidMap: "0 0 1", GidMap: "0 0 1", MountPropagation: &prop, Setsid: true, Dir: "/",
		Credential: &rns.Credential{Uid: 0, Gid: 0, Groups: []int{0}}, NoNewPrivs: true,
		Pdeathsig: syscall.SIGKILL, Umask: &umask, Nice: &nice,
		Rlimits: []rns.Rlimit{{Resource: syscall.RLIMIT_NOFILE, Cur: 100, Max: 200}},
	}
	if err := spawnRead(c, "0 "+host+" 0027 3 100"); err != nil {
		return err
	}
	c = rns.Command("sh", "-c", "test $(cut -d' ' -f5 /proc/$$/stat) -eq $$ && echo ok")
	c.Setpgid = true
	if err := spawnRead(c, "ok"); err != nil {
		return err
	}
	var se *rns.SpawnError
	if err := rns.Command("/nonexistent/program").Start(); !errors.As(err, &se) || se.Step != "exec" || !errors.Is(err, syscall.ENOENT) {
		return fmt.Errorf("a missing program: %v, want a SpawnError at exec wrapping ENOENT", err)
	}
	return nil
}

// spawnFlagsScript prints "blocking" or "nonblocking" for the program's fd 1 (octal flags of
// /proc/self/fdinfo/1: 04000 is O_NONBLOCK) and its groups.
const spawnFlagsScript = "f=$(sed -n 's/^flags:[[:space:]]*//p' /proc/$$/fdinfo/1); [ $((0$f & 04000)) -eq 0 ] && b=blocking " +
	"|| b=nonblocking; echo $b groups:$(sed -n 's/^Groups://p' /proc/$$/status)"

// spawnFlags: stdout is a pipe whose description has O_NONBLOCK (an *os.File that keeps it:
// os.NewFile of a nonblocking fd); the program's fd 1 is blocking (Cmd clears it, as libuv
// does), and as uid/gid 65534 with no Groups it has none of the runner's (4), as from os/exec.
func spawnFlags() error {
	if err := syscall.Setgroups([]int{4}); err != nil {
		return err
	}
	var p [2]int
	if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC|syscall.O_NONBLOCK); err != nil {
		return err
	}
	c := rns.Command("/bin/sh", "-c", spawnFlagsScript)
	c.Credential = &rns.Credential{Uid: 65534, Gid: 65534}
	return spawnReadPipe(c, os.NewFile(uintptr(p[0]), "|0"), os.NewFile(uintptr(p[1]), "|1"), "blocking groups:")
}

// ownCgroup2 is the runner's cgroup v2 directory (the cgroup2 mount with its root mounted,
// and the "0::" line of /proc/self/cgroup) and that line.
func ownCgroup2() (dir, line string, err error) {
	info, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return "", "", err
	}
	mnt := ""
	for _, l := range strings.Split(string(info), "\n") {
		if f := strings.Fields(l); mnt == "" && strings.Contains(l, " - cgroup2 ") && len(f) > 4 && f[3] == "/" {
			mnt = f[4]
		}
	}
	cg, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return "", "", err
	}
	for _, l := range strings.Split(string(cg), "\n") {
		if p, ok := strings.CutPrefix(l, "0::"); ok && mnt != "" {
			return filepath.Join(mnt, p), l, nil
		}
	}
	return "", "", errors.New("no cgroup v2 directory of our own")
}

// spawnIdentityScript prints the program's inheritable, ambient and bounding caps, its
// scheduler policy, root and cwd.
const spawnIdentityScript = "s=/proc/$$/status; echo inh $(sed -n 's/^CapInh:[[:space:]]*//p' $s) amb $(sed -n 's/^CapAmb:[[:space:]]*//p' $s)" +
	" bnd $(sed -n 's/^CapBnd:[[:space:]]*//p' $s) policy $(cut -d' ' -f41 /proc/$$/stat) root $(readlink /proc/$$/root) cwd $(pwd)"

// spawnIdentity: Scheduler SCHED_BATCH, Chroot "/" with Dir /tmp, ResetIDs, Securebits 0,
// BoundingSet {CHOWN, KILL, NET_RAW}, InheritableCaps {KILL}, AmbientCaps {NET_RAW}; SCHED_DEADLINE
// is EINVAL, a missing root fails at the chroot step.
func spawnIdentity() error {
	var p [2]int
	if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC); err != nil {
		return err
	}
	bad := rns.Command("/bin/true")
	bad.Scheduler = &rns.Scheduler{Policy: 6}
	if err := bad.Start(); !errors.Is(err, syscall.EINVAL) {
		return fmt.Errorf("Scheduler SCHED_DEADLINE: %v, want EINVAL", err)
	}
	missing := rns.Command("/bin/true")
	missing.Chroot = "/nonexistent/rns-root"
	var se *rns.SpawnError
	if err := missing.Start(); !errors.As(err, &se) || se.Step != "chroot" || !errors.Is(err, syscall.ENOENT) {
		return fmt.Errorf("Chroot missing: %v, want ENOENT at chroot", err)
	}
	zero := 0
	c := rns.Command("/bin/sh", "-c", spawnIdentityScript)
	c.Scheduler = &rns.Scheduler{Policy: 3}
	c.Chroot, c.Dir, c.ResetIDs, c.Securebits = "/", "/tmp", true, &zero
	c.BoundingSet = []uintptr{0, 5, 13}
	c.InheritableCaps = []uintptr{5}
	c.AmbientCaps = []uintptr{13}
	return spawnReadPipe(c, os.NewFile(uintptr(p[0]), "|0"), os.NewFile(uintptr(p[1]), "|1"),
		"inh 0000000000002020 amb 0000000000002000 bnd 0000000000002021 policy 3 root / cwd /tmp")
}

// spawnCgroup: the program starts in the cgroup given (our own) and says so; a file that is
// not on cgroup2 is refused.
// spawnSignalsScript prints the program's blocked signals and whether SIGPIPE is ignored.
const spawnSignalsScript = "b=$(sed -n 's/^SigBlk:[[:space:]]*//p' /proc/$$/status); i=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status); [ $((0x$i & 0x1000)) -eq 0 ] && p=default || p=ignored; echo blk $b pipe $p"

// spawnSignals: Sigmask {SIGINT, SIGUSR1} and Sigdefault {SIGPIPE} (ignored here first):
// the program's SigBlk is 0x202 and its SigIgn lacks SIGPIPE (bit 12).
func spawnSignals() error {
	signal.Ignore(syscall.SIGPIPE)
	var p [2]int
	if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC); err != nil {
		return err
	}
	c := rns.Command("/bin/sh", "-c", spawnSignalsScript)
	c.Sigmask = []syscall.Signal{syscall.SIGINT, syscall.SIGUSR1}
	c.Sigdefault = []syscall.Signal{syscall.SIGPIPE}
	return spawnReadPipe(c, os.NewFile(uintptr(p[0]), "|0"), os.NewFile(uintptr(p[1]), "|1"), "blk 0000000000000202 pipe default")
}

// spawnSetgroups: SetgroupsDeny with this process's ids mapped to 0 in a new user namespace:
// the program reads "deny" from its setgroups.
func spawnSetgroups() error {
	var p [2]int
	if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC); err != nil {
		return err
	}
	c := rns.Command("/bin/sh", "-c", "cat /proc/$$/setgroups")
	c.Unshare = rns.CloneNewUser
	c.UidMap = fmt.Sprintf("0 %d 1", os.Geteuid())
	c.GidMap = fmt.Sprintf("0 %d 1", os.Getegid())
	c.SetgroupsDeny = true
	return spawnReadPipe(c, os.NewFile(uintptr(p[0]), "|0"), os.NewFile(uintptr(p[1]), "|1"), "deny")
}

// spawnFaScript writes, on the program's fd 2, its cwd, what its fd 5 is and whether fd 6 is
// open.
const spawnFaScript = "echo $(pwd) $(readlink /proc/$$/fd/5) $([ -e /proc/$$/fd/6 ] && echo 6open || echo 6closed) >&2"

// spawnFa: Stdout a pipe, then FileActions dup2 1 -> 2, open onto 5 and 6, chdir /tmp,
// fchdir 6, closefrom 6: the program prints "/ /dev/null 6closed" on fd 2. A missing open
// fails at "fds" with Detail 4 (after 0-2 and a close), Noctty and Setctty (fd 0 /dev/null)
// at "tty" with Detail 0, a FileTcsetpgrp on 0 at "fds" with Detail 3.
func spawnFa() error {
	var p [2]int
	if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC); err != nil {
		return err
	}
	c := rns.Command("/bin/sh", "-c", spawnFaScript)
	c.FileActions = []rns.FileAction{
		rns.FileDup2{Fd: 1, NewFd: 2},
		rns.FileOpen{Fd: 5, Path: "/dev/null", Flag: os.O_RDONLY},
		rns.FileOpen{Fd: 6, Path: "/", Flag: os.O_RDONLY | syscall.O_DIRECTORY},
		rns.FileChdir{Dir: "/tmp"},
		rns.FileFchdir{Fd: 6},
		rns.FileClosefrom{LowFd: 6},
	}
	if err := spawnReadPipe(c, os.NewFile(uintptr(p[0]), "|0"), os.NewFile(uintptr(p[1]), "|1"), "/ /dev/null 6closed"); err != nil {
		return err
	}
	c = rns.Command("true")
	c.FileActions = []rns.FileAction{rns.FileClose{Fd: -1}}
	if err := c.Start(); !errors.Is(err, syscall.EBADF) {
		return fmt.Errorf("FileClose{-1}: %v, want EBADF", err)
	}
	for _, k := range []struct {
		set    func(*rns.Cmd)
		err    syscall.Errno
		step   string
		detail int
	}{
		{func(c *rns.Cmd) {
			c.FileActions = []rns.FileAction{rns.FileClose{Fd: 40}, rns.FileOpen{Fd: 3, Path: "/nonexistent/x"}}
		}, syscall.ENOENT, "fds", 4},
		{func(c *rns.Cmd) { c.Noctty = true }, syscall.ENOTTY, "tty", 0},
		{func(c *rns.Cmd) { c.Setsid, c.Setctty, c.Ctty = true, true, 0 }, syscall.ENOTTY, "tty", 0},
		{func(c *rns.Cmd) { c.FileActions = []rns.FileAction{rns.FileTcsetpgrp{Fd: 0}} }, syscall.ENOTTY, "fds", 3},
	} {
		c := rns.Command("/bin/true")
		k.set(c)
		err := c.Start()
		var se *rns.SpawnError
		if !errors.As(err, &se) || !errors.Is(err, k.err) || se.Step != k.step || se.Detail != k.detail {
			return fmt.Errorf("got %v (%+v), want %v at %s with detail %d", err, se, k.err, k.step, k.detail)
		}
	}
	return nil
}

// spawnSeccompScript prints the program's seccomp mode and no_new_privs.
const spawnSeccompScript = "s=$(sed -n 's/^Seccomp:[[:space:]]*//p' /proc/$$/status); n=$(sed -n 's/^NoNewPrivs:[[:space:]]*//p' /proc/$$/status); echo seccomp $s nnp $n"

// spawnSeccomp: a filter refusing every syscall (ENOMSG) stops the execve (step "exec");
// one allowing everything is in place in the program (Seccomp: 2, NoNewPrivs: 1).
func spawnSeccomp() error {
	const retK, retErrno, retAllow = syscall.BPF_RET | syscall.BPF_K, 0x00050000, 0x7fff0000 // <linux/seccomp.h>
	c := rns.Command("/bin/true")
	c.NoNewPrivs = true
	c.Seccomp = []syscall.SockFilter{{Code: retK, K: retErrno | uint32(syscall.ENOMSG)}}
	var se *rns.SpawnError
	if err := c.Start(); !errors.As(err, &se) || se.Step != "exec" || !errors.Is(err, syscall.ENOMSG) {
		return fmt.Errorf("a deny-all filter: %v, want ENOMSG at step exec", err)
	}
	var p [2]int
	if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC); err != nil {
		return err
	}
	c = rns.Command("/bin/sh", "-c", spawnSeccompScript)
	c.NoNewPrivs = true
	c.Seccomp = []syscall.SockFilter{{Code: retK, K: retAllow}}
	return spawnReadPipe(c, os.NewFile(uintptr(p[0]), "|0"), os.NewFile(uintptr(p[1]), "|1"), "seccomp 2 nnp 1")
}

// spawnLandlock: a ruleset handling read-file that allows it beneath /usr only: the program
// cannot read a file the runner can. Landlock's syscall numbers are the same on every
// architecture (444, 445); the syscall package predates them.
func spawnLandlock() error {
	const readFile = 1 << 2 // LANDLOCK_ACCESS_FS_READ_FILE
	attr := uint64(readFile)
	fd, _, e := syscall.Syscall(444, uintptr(unsafe.Pointer(&attr)), 8, 0)
	if e != 0 {
		return fmt.Errorf("landlock_create_ruleset: %v", e)
	}
	rs := os.NewFile(fd, "ruleset")
	defer rs.Close()
	usr, err := os.Open("/usr")
	if err != nil {
		return err
	}
	defer usr.Close()
	var rule [12]byte // struct landlock_path_beneath_attr, packed: u64 allowed, s32 parent_fd
	*(*uint64)(unsafe.Pointer(&rule[0])) = readFile
	*(*int32)(unsafe.Pointer(&rule[8])) = int32(usr.Fd())
	if _, _, e := syscall.Syscall6(445, rs.Fd(), 1, uintptr(unsafe.Pointer(&rule[0])), 0, 0, 0); e != 0 {
		return fmt.Errorf("landlock_add_rule: %v", e)
	}
	dir, err := os.MkdirTemp("", "rns-matrix-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	os.Chmod(dir, 0o755)
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		return err
	}
	var p [2]int
	if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC); err != nil {
		return err
	}
	c := rns.Command("/bin/sh", "-c", "cat "+file+" >/dev/null 2>&1 && echo read || echo denied")
	c.NoNewPrivs = true
	c.Landlock = rs
	return spawnReadPipe(c, os.NewFile(uintptr(p[0]), "|0"), os.NewFile(uintptr(p[1]), "|1"), "denied")
}

func spawnCgroup() error {
	dir, line, err := ownCgroup2()
	if err != nil {
		return err
	}
	cg, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer cg.Close()
	null, err := os.Open(os.DevNull)
	if err != nil {
		return err
	}
	defer null.Close()
	c := rns.Command("/bin/true")
	c.Cgroup = null
	if err := c.Start(); !errors.Is(err, syscall.EINVAL) {
		return fmt.Errorf("Cgroup: /dev/null: %v, want EINVAL", err)
	}
	c = rns.Command("grep", "^0::", "/proc/self/cgroup")
	c.Cgroup = cg
	return spawnRead(c, line)
}

func pidfdKillChild() error {
	child := exec.Command("sleep", "30")
	if err := child.Start(); err != nil {
		return err
	}
	reaped := false
	defer func() { // if a step fails before the child is reaped
		if !reaped {
			child.Process.Kill()
			child.Wait()
		}
	}()
	fd, err := rns.PidfdOpen(child.Process.Pid, 0)
	if err != nil {
		return err
	}
	defer fd.Close()
	if err := rns.PidfdSendSignal(fd, syscall.SIGKILL, 0); err != nil {
		return err
	}
	err = child.Wait()
	reaped = true
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		return fmt.Errorf("child ended with %v, want killed by signal 9", err)
	}
	if err := rns.PidfdSendSignal(fd, 0, 0); !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("pidfd_send_signal after reaping: %v, want ESRCH", err)
	}
	return nil
}

func errorNames() error {
	for _, c := range []struct {
		e    syscall.Errno
		name string
	}{
		{syscall.EPERM, "EPERM"}, {syscall.ENOENT, "ENOENT"}, {syscall.ESRCH, "ESRCH"},
		{syscall.EBADF, "EBADF"}, {syscall.EINVAL, "EINVAL"}, {syscall.EACCES, "EACCES"},
		{syscall.ENOTTY, "ENOTTY"},
	} {
		if got := rns.Errname(c.e); got != c.name {
			return fmt.Errorf("errname(%d) = %q, want %q", c.e, got, c.name)
		}
		if rns.Strerror(c.e) == "" {
			return fmt.Errorf("strerror(%d) is empty", c.e)
		}
	}
	return nil
}

// nsHandleChild: a child in a new user namespace with a net namespace of its own (`unshare
// --user --net sleep 30`), through the Namespace handle: its user namespace's type, parent
// and owner uid, the owner of its net namespace, ids and sameness against ours.
func nsHandleChild() error {
	child := exec.Command("unshare", "--user", "--net", "sleep", "30")
	if err := child.Start(); err != nil {
		return err
	}
	defer func() { child.Process.Kill(); child.Wait() }()
	pid := child.Process.Pid
	ours, err := rns.OpenNamespace(0, rns.CloneNewUser)
	if err != nil {
		return err
	}
	defer ours.Close()
	var user *rns.Namespace
	for deadline := time.Now().Add(5 * time.Second); user == nil; time.Sleep(10 * time.Millisecond) {
		if n, err := rns.OpenNamespace(pid, rns.CloneNewUser); err == nil {
			if same, err := n.Equal(ours); err == nil && !same {
				user = n
				break
			}
			n.Close()
		}
		if time.Now().After(deadline) {
			return errors.New("the child did not get a user namespace of its own within 5 s")
		}
	}
	defer user.Close()
	net, err := rns.OpenNamespace(pid, rns.CloneNewNet)
	if err != nil {
		return err
	}
	defer net.Close()
	if t, err := user.Type(); err != nil || t != rns.CloneNewUser {
		return fmt.Errorf("type of the child's user namespace: %v, %v", t, err)
	}
	parent, err := user.Parent()
	if err != nil {
		return err
	}
	defer parent.Close()
	if same, err := parent.Equal(ours); err != nil || !same {
		return fmt.Errorf("the parent of the child's user namespace is not ours (%v)", err)
	}
	owner, err := net.Owner()
	if err != nil {
		return err
	}
	defer owner.Close()
	if same, err := owner.Equal(user); err != nil || !same {
		return fmt.Errorf("the owner of the child's net namespace is not its user namespace (%v)", err)
	}
	if _, err := net.Parent(); !errors.Is(err, syscall.EINVAL) {
		return fmt.Errorf("parent of a net namespace: %v, want EINVAL", err)
	}
	if uid, err := user.OwnerUID(); err != nil || uid != os.Geteuid() {
		return fmt.Errorf("owner uid %d (%v), want our euid %d", uid, err, os.Geteuid())
	}
	a, ka, err1 := user.ID()
	b, kb, err2 := ours.ID()
	if err1 != nil || err2 != nil || (ka == kb && a == b) {
		return fmt.Errorf("ids %d %v %v, %d %v %v", a, ka, err1, b, kb, err2)
	}
	return nil
}
