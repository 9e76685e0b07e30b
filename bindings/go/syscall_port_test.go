package rns_test

// The process-starting cases of Go 1.26's own syscall tests (src/syscall/exec_linux_test.go,
// exec_unix_test.go, exec_pdeathsig_test.go), each run with the same SysProcAttr through
// os/exec and through rns.Cmd (both, in exec_port_test.go): the expectation is os/exec's, and
// os/exec must meet it too. Go's helper process (the test binary re-run) is sh, coreutils and
// mount(8) here. README.md lists which test covers each of syscall's cases, and why the rest
// do not apply. Cases that need root run as root, or as an ordinary user with a new user
// namespace added (said beside each), or say why they skip.

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	rns "github.com/librns/librns/bindings/go"
)

// isRns reports whether t is both's rns.Cmd subtest.
func isRns(t *testing.T) bool { return strings.HasSuffix(t.Name(), "/rns") }

// skipWithoutUserns skips t where os/exec cannot start a program in a new user namespace.
func skipWithoutUserns(t *testing.T) {
	t.Helper()
	c := exec.Command("true")
	c.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWUSER}
	if err := c.Run(); err != nil {
		t.Skipf("no user namespaces for uid %d here (os/exec: %v)", os.Getuid(), err)
	}
}

// asRootInUserns adds to a a new user namespace mapping the caller's ids to 0, for an
// ordinary user; root gets a unchanged. It tells t which.
func asRootInUserns(t *testing.T, a *syscall.SysProcAttr) *syscall.SysProcAttr {
	t.Helper()
	if os.Getuid() == 0 {
		return a
	}
	skipWithoutUserns(t)
	t.Logf("as uid %d: in a new user namespace (uid and gid 0 mapped to ours)", os.Getuid())
	u := usernsAttr(a.Cloneflags)
	a.Cloneflags, a.UidMappings, a.GidMappings = u.Cloneflags, u.UidMappings, u.GidMappings
	return a
}

// whoamiNEWUSER is syscall's: a new user namespace with uid and gid 0 mapped to uid, gid.
func whoamiNEWUSER(uid, gid int, setgroups bool) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{
		Cloneflags:                 syscall.CLONE_NEWUSER,
		UidMappings:                []syscall.SysProcIDMap{{ContainerID: 0, HostID: uid, Size: 1}},
		GidMappings:                []syscall.SysProcIDMap{{ContainerID: 0, HostID: gid, Size: 1}},
		GidMappingsEnableSetgroups: setgroups,
	}
}

// TestCloneNEWUSERAndRemap: whoami is root in the new user namespace. As an ordinary user
// with setgroups enabled, os/exec fails with a permission error (the kernel wants "deny"
// before an unprivileged gid map); rns.Cmd writes "deny" and starts the program, a
// difference README.md lists ("Moving from os/exec").
func TestSyscallPortCloneNEWUSERAndRemap(t *testing.T) {
	skipWithoutUserns(t)
	for _, setgroups := range []bool{false, true} {
		t.Run(fmt.Sprintf("setgroups=%v", setgroups), func(t *testing.T) {
			both(t, func(t *testing.T, cmd newCmd) {
				c := cmd(nil, "whoami")
				*c.SysProcAttr = whoamiNEWUSER(os.Getuid(), os.Getgid(), setgroups)
				out, err := c.CombinedOutput()
				if os.Getuid() != 0 && setgroups && !isRns(t) {
					if !os.IsPermission(err) {
						t.Fatalf("as uid %d: %q, %v; want a permission error", os.Getuid(), out, err)
					}
					return
				}
				if err != nil || strings.TrimSpace(string(out)) != "root" {
					t.Fatalf("whoami = %q, %v; want root", out, err)
				}
			})
		})
	}
}

// TestEmptyCredGroupsDisableSetgroups: an empty Credential under a denied setgroups starts.
func TestSyscallPortEmptyCredGroupsDisableSetgroups(t *testing.T) {
	skipWithoutUserns(t)
	both(t, func(t *testing.T, cmd newCmd) {
		c := cmd(nil, "whoami")
		*c.SysProcAttr = whoamiNEWUSER(os.Getuid(), os.Getgid(), false)
		(*c.SysProcAttr).Credential = &syscall.Credential{}
		if err := c.Run(); err != nil {
			t.Fatal(err)
		}
	})
}

// TestUnshare: Unshareflags CLONE_NEWNET; the program sees lo and fewer interfaces than we do.
func TestSyscallPortUnshare(t *testing.T) {
	const path = "/proc/net/dev"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("no %s: %v", path, err)
	}
	orig := strings.TrimSpace(string(b))
	if strings.Contains(orig, "lo:") && strings.Count(orig, ":") == 1 {
		t.Skip("not enough network interfaces to test unshare with (lo only)")
	}
	both(t, func(t *testing.T, cmd newCmd) {
		c := cmd(nil, "cat", path)
		*c.SysProcAttr = asRootInUserns(t, &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNET})
		out, err := c.CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		sout := strings.TrimSpace(string(out))
		if !strings.Contains(sout, "lo:") {
			t.Fatalf("Expected lo network interface to exist, got %s", sout)
		}
		if n, m := len(strings.Split(sout, "\n")), len(strings.Split(orig, "\n")); n >= m {
			t.Fatalf("Got %d lines of output, want < %d:\n%s", n, m, sout)
		}
	})
}

// TestGroupCleanup: Credential{0, 0} from root drops the supplementary groups. As an
// ordinary user the id change is refused: EPERM from both.
func TestSyscallPortGroupCleanup(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		c := cmd(nil, "id")
		*c.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 0, Gid: 0}}
		out, err := c.CombinedOutput()
		if os.Getuid() != 0 {
			if !errors.Is(err, syscall.EPERM) {
				t.Fatalf("as uid %d: %q, %v; want EPERM", os.Getuid(), out, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if want := "uid=0(root) gid=0(root)"; !strings.HasPrefix(strings.TrimSpace(string(out)), want) {
			t.Errorf("id: %q, want prefix %q", out, want)
		}
	})
}

// TestGroupCleanupUserNamespace: a new user namespace with our ids mapped to 0 and a
// Credential of our own ids: root there, groups root only. As an ordinary user our ids are
// not 0 and are not mapped there: os/exec's error, EINVAL, from both.
func TestSyscallPortGroupCleanupUserNamespace(t *testing.T) {
	skipWithoutUserns(t)
	uid, gid := os.Getuid(), os.Getgid()
	both(t, func(t *testing.T, cmd newCmd) {
		c := cmd(nil, "id")
		a := whoamiNEWUSER(uid, gid, false)
		a.Credential = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		*c.SysProcAttr = a
		out, err := c.CombinedOutput()
		if uid != 0 {
			if !errors.Is(err, syscall.EINVAL) {
				t.Fatalf("as uid %d: %q, %v; want EINVAL (uid %d unmapped)", uid, out, err, uid)
			}
			return
		}
		if err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if want := "uid=0(root) gid=0(root) groups=0(root)"; !strings.HasPrefix(strings.TrimSpace(string(out)), want) {
			t.Errorf("id: %q, want prefix %q", out, want)
		}
	})
}

// rsharedRoot starts the test's child in a mount namespace of its own where "/" is
// rshared (as systemd makes it, Go issue 19661): a mount namespace the program gets from
// Unshareflags must be made private, or its mounts show in ours.
var rsharedRoot = []string{"unshare", "-m", "--propagation", "unchanged", "sh", "-c", `mount --make-rshared / && exec "$@"`, "sh"}

// mountAttr is Unshareflags CLONE_NEWNS (and Chroot, if not ""), with a new PID namespace
// added as root of a user namespace (proc can only be mounted there for a PID namespace
// the user namespace owns).
func mountAttr(chroot string) *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS, Chroot: chroot}
	if !realRoot() {
		a.Cloneflags = syscall.CLONE_NEWPID
	}
	return a
}

// TestUnshareMountNameSpace (Go issue 19661): the program mounts proc on a directory of
// ours in its mount namespace; the directory can then be removed here (not mounted on).
func TestSyscallPortUnshareMountNameSpace(t *testing.T) {
	if !inChildVia(t, privileged, rsharedRoot) {
		return
	}
	both(t, func(t *testing.T, cmd newCmd) {
		d, err := os.MkdirTemp("", "rns-unshare-mnt")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(d)
		defer syscall.Unmount(d, syscall.MNT_FORCE|syscall.MNT_DETACH) // if it leaked
		c := cmd(nil, "mount", "-t", "proc", "none", d)
		*c.SysProcAttr = mountAttr("")
		if out, err := c.CombinedOutput(); err != nil || len(out) != 0 {
			t.Fatalf("mount: %q, %v", out, err)
		}
		if err := os.Remove(d); err != nil {
			t.Errorf("rmdir failed on %v: %v", d, err)
		}
	})
}

// rootWith makes a directory holding progs and the shared libraries ldd lists for them, at
// their own paths: a root to chroot to and run them in.
func rootWith(t *testing.T, progs ...string) string {
	t.Helper()
	d, err := os.MkdirTemp("", "rns-root")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range progs {
		out, err := exec.Command("ldd", p).Output()
		if err != nil {
			t.Skipf("ldd %s: %v (needs a dynamically linked %s and ldd)", p, err, p)
		}
		files := []string{p}
		for _, f := range strings.Fields(string(out)) {
			if strings.HasPrefix(f, "/") {
				files = append(files, f)
			}
		}
		for _, f := range files {
			copyFile(t, f, filepath.Join(d, f))
		}
	}
	return d
}

// copyFile copies src (links followed) to dst, making dst's directories; mode 0755.
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err == nil {
		err = os.MkdirAll(filepath.Dir(dst), 0o755)
	}
	if err == nil {
		err = os.WriteFile(dst, b, 0o755)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestUnshareMountNameSpaceChroot (Go issue 20103): Chroot with Unshareflags CLONE_NEWNS;
// the program (mount(8), in the new root) mounts proc on its "/"; the directory can then be
// removed here.
func TestSyscallPortUnshareMountNameSpaceChroot(t *testing.T) {
	if !inChildVia(t, privileged, rsharedRoot) {
		return
	}
	mount, err := exec.LookPath("mount")
	if err != nil {
		t.Skip("no mount(8): ", err)
	}
	both(t, func(t *testing.T, cmd newCmd) {
		d := rootWith(t, mount)
		defer os.RemoveAll(d)
		defer syscall.Unmount(d, syscall.MNT_FORCE|syscall.MNT_DETACH) // if it leaked
		c := cmd(nil, mount, "-t", "proc", "none", "/")
		*c.SysProcAttr = mountAttr(d)
		if out, err := c.CombinedOutput(); err != nil || len(out) != 0 {
			t.Fatalf("mount in %s: %q, %v", d, out, err)
		}
		if err := os.Remove(filepath.Join(d, mount)); err != nil {
			t.Errorf("rm failed on %v: %v", mount, err)
		}
		if err := os.RemoveAll(d); err != nil {
			t.Errorf("rm -r failed on %v: %v", d, err)
		}
	})
}

// TestUnshareUidGidMapping (Go issue 29789): Unshareflags CLONE_NEWUSER|CLONE_NEWNS with
// the maps; the program may chroot (chroot(1) into a root holding true). Syscall's skips as
// root ("fails with privileges"); both pass as root here, so it runs as anyone.
func TestSyscallPortUnshareUidGidMapping(t *testing.T) {
	skipWithoutUserns(t)
	chroot, err := exec.LookPath("chroot")
	if err != nil {
		t.Skip("no chroot(1): ", err)
	}
	root := rootWith(t, "/bin/true")
	defer os.RemoveAll(root)
	both(t, func(t *testing.T, cmd newCmd) {
		c := cmd(nil, chroot, root, "/bin/true")
		a := whoamiNEWUSER(os.Getuid(), os.Getgid(), false)
		a.Cloneflags, a.Unshareflags = 0, syscall.CLONE_NEWNS|syscall.CLONE_NEWUSER
		*c.SysProcAttr = a
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("Cmd failed with err %v, output: %s", err, out)
		}
	})
}

// TestCloneTimeNamespace: Cloneflags CLONE_NEWTIME; the program's time namespace is not
// ours. rns.Cmd also with its own field, Unshare: CloneNewTime.
func TestSyscallPortCloneTimeNamespace(t *testing.T) {
	own, err := os.Readlink("/proc/self/ns/time")
	if err != nil {
		t.Skip("no time namespaces here: ", err)
	}
	check := func(t *testing.T, out []byte, err error) {
		if err != nil || len(out) == 0 {
			t.Fatalf("Cmd failed with err %v, output: %s", err, out)
		}
		if strings.TrimSpace(string(out)) == own {
			t.Fatalf("expected child time namespace to be different from parent time namespace: %s", own)
		}
	}
	both(t, func(t *testing.T, cmd newCmd) {
		c := cmd(nil, "readlink", "/proc/self/ns/time")
		*c.SysProcAttr = asRootInUserns(t, &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWTIME})
		out, err := c.CombinedOutput()
		check(t, out, err)
	})
	t.Run("rns-Unshare", func(t *testing.T) {
		c := rns.Command("readlink", "/proc/self/ns/time")
		c.Unshare = rns.CloneNewTime
		if a := asRootInUserns(t, &syscall.SysProcAttr{}); a.UidMappings != nil {
			c.Unshare |= rns.CloneNewUser
			c.UidMap, c.GidMap = idMap(a.UidMappings), idMap(a.GidMappings)
		}
		out, err := c.CombinedOutput()
		check(t, out, err)
	})
}

// idMap is one line of a map as Cmd.UidMap takes it.
func idMap(m []syscall.SysProcIDMap) string {
	return fmt.Sprintf("%d %d %d", m[0].ContainerID, m[0].HostID, m[0].Size)
}

// testPidFD is syscall's: the program is signalled through the PidFD filled in, and ends by
// that signal.
func testPidFD(t *testing.T, userns bool) {
	both(t, func(t *testing.T, cmd newCmd) {
		pidfd := -1
		c := cmd(nil, "sleep", "3600")
		*c.SysProcAttr = &syscall.SysProcAttr{PidFD: &pidfd}
		if userns {
			(*c.SysProcAttr).Cloneflags = syscall.CLONE_NEWUSER
		}
		if err := c.Start(); err != nil {
			t.Fatal("can't start a process:", err)
		}
		defer func() {
			c.Process().Kill()
			c.Wait()
		}()
		if pidfd == -1 {
			t.Fatal("PidFD not filled (pidfds work here)")
		}
		defer syscall.Close(pidfd)
		const sysPidfdSendSignal = 424
		if _, _, e := syscall.Syscall6(sysPidfdSendSignal, uintptr(pidfd), uintptr(syscall.SIGINT), 0, 0, 0, 0); e != 0 {
			t.Fatal("pidfd_send_signal syscall failed:", e)
		}
		err := c.Wait()
		if st := c.ProcessState(); st == nil || st.Sys().(syscall.WaitStatus).Signal() != syscall.SIGINT {
			t.Fatal("unexpected child error:", err)
		}
	})
}

// TestPidFD.
func TestSyscallPortPidFD(t *testing.T) { testPidFD(t, false) }

// TestPidFDWithUserNS: the same in a new user namespace (no maps).
func TestSyscallPortPidFDWithUserNS(t *testing.T) {
	skipWithoutUserns(t)
	testPidFD(t, true)
}

// started is syscall's command: cat reading a pipe until Stop closes it.
type started struct {
	t    *testing.T
	c    *cmdUnder
	pipe io.WriteCloser
}

// start starts cat with attr (nil: none).
func start(t *testing.T, cmd newCmd, attr *syscall.SysProcAttr) *started {
	t.Helper()
	c := cmd(nil, "cat")
	*c.SysProcAttr = attr
	pipe, err := c.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	return &started{t, c, pipe}
}

// Info is the child's pid and process group.
func (s *started) Info() (pid, pgrp int) {
	pid = s.c.Process().Pid
	pgrp, err := syscall.Getpgid(pid)
	if err != nil {
		s.t.Fatal(err)
	}
	return pid, pgrp
}

func (s *started) Stop() {
	s.pipe.Close()
	if err := s.c.Wait(); err != nil {
		s.t.Fatal(err)
	}
}

// TestZeroSysProcAttr: no SysProcAttr (and a zero one): the child is in our process group.
func TestSyscallPortZeroSysProcAttr(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		for _, attr := range []*syscall.SysProcAttr{nil, {}} {
			c := start(t, cmd, attr)
			cpid, cpgrp := c.Info()
			c.Stop()
			if cpid == os.Getpid() {
				t.Fatalf("Parent and child have the same process ID")
			}
			if cpgrp != syscall.Getpgrp() {
				t.Fatalf("SysProcAttr %v: Child is not in parent's process group", attr)
			}
		}
	})
}

// TestSetpgid: Setpgid puts the child in a group of its own.
func TestSyscallPortSetpgid(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		c := start(t, cmd, &syscall.SysProcAttr{Setpgid: true})
		defer c.Stop()
		cpid, cpgrp := c.Info()
		if cpid == os.Getpid() || cpgrp == syscall.Getpgrp() || cpid != cpgrp {
			t.Fatalf("child pid %d pgrp %d, parent pid %d pgrp %d; want the child leading a group of its own",
				cpid, cpgrp, os.Getpid(), syscall.Getpgrp())
		}
	})
}

// TestPgid: a second child joins the first one's group by Pgid.
func TestSyscallPortPgid(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		c1 := start(t, cmd, &syscall.SysProcAttr{Setpgid: true})
		defer c1.Stop()
		cpid1, cpgrp1 := c1.Info()
		if cpid1 == os.Getpid() || cpgrp1 == syscall.Getpgrp() || cpid1 != cpgrp1 {
			t.Fatalf("child 1: pid %d pgrp %d; want a group of its own", cpid1, cpgrp1)
		}
		c2 := start(t, cmd, &syscall.SysProcAttr{Setpgid: true, Pgid: cpgrp1})
		defer c2.Stop()
		cpid2, cpgrp2 := c2.Info()
		if cpid2 == os.Getpid() || cpgrp2 == syscall.Getpgrp() || cpid2 == cpgrp2 || cpid1 == cpid2 || cpgrp1 != cpgrp2 {
			t.Fatalf("child 2: pid %d pgrp %d; want child 1's group %d", cpid2, cpgrp2, cpgrp1)
		}
	})
}

// envDeathsigParent makes TestSyscallPortDeathSignalSetuid's child the parent of the
// program: "os-exec" or "rns", the Cmd it starts the program with.
const envDeathsigParent = "RNS_TEST_DEATHSIG_PARENT"

// deathsigScript says "start PID" once its USR1 trap is set, and "ok" when USR1 comes.
const deathsigScript = `trap 'echo ok; exit 0' USR1; echo start $$; while :; do sleep 0.05; done`

// TestDeathSignalSetuid (Go issue 9686): a program started as nobody by a parent that then
// dies (SIGTERM) still gets its Pdeathsig, SIGUSR1. Real root only: an id change clears a
// pending Pdeathsig only when the kernel's uid changes, which an ordinary user cannot do
// (in a user namespace of its own, every id it may take is its own uid outside).
func TestSyscallPortDeathSignalSetuid(t *testing.T) {
	if impl := os.Getenv(envDeathsigParent); impl != "" {
		deathSignalParent(impl)
	}
	if os.Getuid() != 0 {
		t.Skipf("needs real root to start a program as another uid (uid %d here)", os.Getuid())
	}
	skipWithoutPidfd(t)
	for _, impl := range []string{"os-exec", "rns"} {
		t.Run(impl, func(t *testing.T) { deathSignalSetuid(t, impl) })
	}
}

// deathSignalSetuid runs the test binary as the parent (impl's Cmd), reads the program's
// "start", kills the parent and wants "ok" from the program.
func deathSignalSetuid(t *testing.T, impl string) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	parent := exec.Command(exe, "-test.run=^TestSyscallPortDeathSignalSetuid$")
	parent.Env = append(os.Environ(), envDeathsigParent+"="+impl)
	parent.Stdout, parent.Stderr = w, os.Stderr
	err = parent.Start()
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	defer parent.Wait()
	r.SetDeadline(time.Now().Add(20 * time.Second)) // a missing line fails, never hangs
	lines := bufio.NewReader(r)
	var pid int
	got, err := lines.ReadString('\n')
	if fmt.Sscanf(got, "start %d", &pid); pid == 0 {
		parent.Process.Kill()
		t.Fatalf("did not receive start from child, received %q, %v", got, err)
	}
	defer syscall.Kill(pid, syscall.SIGKILL) // if the signal never came
	syscall.Kill(parent.Process.Pid, syscall.SIGTERM)
	if got, err = lines.ReadString('\n'); got != "ok\n" {
		t.Fatalf("expected %q, received %q, %v", "ok\n", got, err)
	}
}

// deathSignalParent is the parent's part: start the program as nobody with Pdeathsig
// SIGUSR1 through impl's Cmd, wait for it (or for SIGTERM).
func deathSignalParent(impl string) {
	attr := &syscall.SysProcAttr{
		Pdeathsig:  syscall.SIGUSR1,
		Credential: &syscall.Credential{Uid: 65534, Gid: 65534},
	}
	var err error
	if impl == "rns" {
		c := rns.Command("sh", "-c", deathsigScript)
		c.SysProcAttr, c.Stdout, c.Stderr = attr, os.Stdout, os.Stderr
		if err = c.Start(); err == nil {
			err = c.Wait()
		}
	} else {
		c := exec.Command("sh", "-c", deathsigScript)
		c.SysProcAttr, c.Stdout, c.Stderr = attr, os.Stdout, os.Stderr
		if err = c.Start(); err == nil {
			err = c.Wait()
		}
	}
	fmt.Fprintln(os.Stderr, "deathsig parent:", impl, err)
	os.Exit(1)
}

// cgroup2Dir is our own cgroup's directory on the cgroup v2 hierarchy, wherever that is
// mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid setup), from
// /proc/self/mountinfo and /proc/self/cgroup's "0::" line; "" if there is none.
func cgroup2Dir(t *testing.T) string {
	t.Helper()
	mounts, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		t.Fatal(err)
	}
	var mnt string
	for _, l := range strings.Split(string(mounts), "\n") {
		if f := strings.Fields(l); len(f) > 8 && f[len(f)-3] == "cgroup2" && f[3] == "/" {
			mnt = f[4]
			break
		}
	}
	own, err := os.ReadFile("/proc/self/cgroup")
	if err != nil || mnt == "" {
		return ""
	}
	for _, l := range strings.Split(string(own), "\n") {
		if cg, ok := strings.CutPrefix(l, "0::"); ok {
			return filepath.Join(mnt, cg)
		}
	}
	return ""
}

// TestUseCgroupFD: the program starts in the sub-cgroup CgroupFD (O_PATH) names. Syscall's
// looks only at /sys/fs/cgroup; this one finds the v2 hierarchy where it is mounted.
func TestSyscallPortUseCgroupFD(t *testing.T) {
	dir := cgroup2Dir(t)
	if dir == "" {
		t.Skip("cgroup v2 not available (no cgroup2 mount or no 0:: line in /proc/self/cgroup)")
	}
	sub, err := os.MkdirTemp(dir, "subcg-")
	if err != nil {
		t.Skipf("cannot make a sub-cgroup of our own: %v", err)
	}
	defer syscall.Rmdir(sub)
	const oPath = 0x200000 // O_PATH, not in package syscall for amd64 (as syscall's test says)
	fd, err := syscall.Open(sub, oPath|syscall.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	both(t, func(t *testing.T, cmd newCmd) {
		c := cmd(nil, "cat", "/proc/self/cgroup")
		*c.SysProcAttr = &syscall.SysProcAttr{UseCgroupFD: true, CgroupFD: fd}
		out, err := c.CombinedOutput()
		if err != nil {
			t.Fatalf("Cmd failed with err %v, output: %s", err, out)
		}
		_, v2, _ := strings.Cut(string(out), "0::")
		if suffix := "/" + filepath.Base(sub) + "\n"; !strings.HasSuffix(v2, suffix) {
			t.Fatalf("got: %q, want a 0:: line that ends with %q", out, suffix)
		}
	})
}
