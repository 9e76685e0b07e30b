package rns_test

// Cmd's identity fields (issue 18): Chroot and AmbientCaps beside os/exec's SysProcAttr
// (syscall's exec_linux_test.go: TestAmbientCaps, TestAmbientCapsUserns, the Chroot cases),
// the scheduler beside chrt(1), InheritableCaps, BoundingSet and Securebits beside setpriv(1),
// ResetIDs as posix_spawn's POSIX_SPAWN_RESETIDS.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"

	rns "github.com/librns/librns/bindings/go"
)

// Capability numbers (linux/capability.h; the header's RNS_CAP_*).
const (
	capChown   = 0
	capKill    = 5
	capNetRaw  = 13
	capSysTime = 25
	capSyslog  = 34
)

var capLines = []string{"grep", "^Cap", "/proc/self/status"}

// capField is the value of status line key ("CapAmb") in out.
func capField(t *testing.T, out, key string) uint64 {
	t.Helper()
	m := regexp.MustCompile(key + `:\s*([0-9a-f]+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no %s in %q", key, out)
	}
	v, _ := strconv.ParseUint(m[1], 16, 64)
	return v
}

// runBoth runs argv with os/exec (attr) and rns.Cmd (set up by set), and returns both outputs.
func runBoth(t *testing.T, argv []string, attr *syscall.SysProcAttr, set func(*rns.Cmd)) (peer, ours string) {
	t.Helper()
	pc := exec.Command(argv[0], argv[1:]...)
	pc.SysProcAttr = attr
	p, err := pc.Output()
	if err != nil {
		t.Fatalf("os/exec %v: %v", argv, err)
	}
	c := rns.Command(argv[0], argv[1:]...)
	set(c)
	o, st, err := output(t, c)
	if err != nil || st.Code != 0 {
		t.Fatalf("rns %v: %+v, %v", argv, st, err)
	}
	return strings.TrimSpace(string(p)), o
}

// Go's TestAmbientCaps: real root becomes nobody, keeping CAP_SYS_TIME and CAP_SYSLOG as
// ambient (so effective) caps of the program.
func TestCmdAmbientCaps(t *testing.T) {
	skipWithoutPidfd(t)
	if os.Geteuid() != 0 {
		t.Skip("needs real root (TestCmdAmbientCapsUserns is the ordinary user's variant)")
	}
	caps := []uintptr{capSysTime, capSyslog}
	attr := &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}, AmbientCaps: caps}
	peer, ours := runBoth(t, capLines, attr, func(c *rns.Cmd) {
		c.Credential = &rns.Credential{Uid: 65534, Gid: 65534}
		c.AmbientCaps = caps
	})
	if _, viaAttr := runBoth(t, capLines, attr, func(c *rns.Cmd) { c.SysProcAttr = attr }); ours != peer || viaAttr != peer {
		t.Fatalf("rns:\n%s\nrns with SysProcAttr:\n%s\nos/exec:\n%s", ours, viaAttr, peer)
	}
	if want := uint64(1<<capSysTime | 1<<capSyslog); capField(t, ours, "CapEff") != want || capField(t, ours, "CapAmb") != want {
		t.Fatalf("caps %s; want CapEff and CapAmb %x", ours, want)
	}
}

// Go's TestAmbientCapsUserns: as anyone, a new user namespace mapping nobody to the caller;
// the program runs as nobody there with the two ambient caps.
func TestCmdAmbientCapsUserns(t *testing.T) {
	skipWithoutPidfd(t)
	if b, err := os.ReadFile("/proc/sys/kernel/apparmor_restrict_unprivileged_userns"); err == nil && strings.TrimSpace(string(b)) == "1" {
		t.Skip("AppArmor restriction for unprivileged user namespaces is enabled")
	}
	caps := []uintptr{capSysTime, capSyslog}
	uid, gid := os.Getuid(), os.Getgid()
	attr := &syscall.SysProcAttr{
		Cloneflags:  syscall.CLONE_NEWUSER,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 65534, HostID: uid, Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 65534, HostID: gid, Size: 1}},
		Credential:  &syscall.Credential{Uid: 65534, Gid: 65534},
		AmbientCaps: caps,
	}
	peer, ours := runBoth(t, capLines, attr, func(c *rns.Cmd) {
		c.Unshare = rns.CloneNewUser
		c.UidMap, c.GidMap = fmt.Sprintf("65534 %d 1", uid), fmt.Sprintf("65534 %d 1", gid)
		c.Credential = &rns.Credential{Uid: 65534, Gid: 65534}
		c.AmbientCaps = caps
	})
	if _, viaAttr := runBoth(t, capLines, attr, func(c *rns.Cmd) { c.SysProcAttr = attr }); ours != peer || viaAttr != peer {
		t.Fatalf("rns:\n%s\nrns with SysProcAttr:\n%s\nos/exec:\n%s", ours, viaAttr, peer)
	}
	if want := uint64(1<<capSysTime | 1<<capSyslog); capField(t, ours, "CapEff") != want {
		t.Fatalf("caps %s; want CapEff %x", ours, want)
	}
}

// chrootHelper is a static program for a root of its own: it prints its cwd and /marker.
const chrootHelper = `package main

import (
	"fmt"
	"os"
)

func main() {
	wd, err := os.Getwd()
	b, _ := os.ReadFile("/marker")
	fmt.Printf("%s %v %s", wd, err, b)
}
`

// chrootDir builds the root: the helper (CGO_ENABLED=0, as Go's own chroot test builds
// syscall.test), /marker and /sub; world-readable, for a child in a user namespace.
func chrootDir(t *testing.T) string {
	d, err := os.MkdirTemp("", "rns-chroot")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	src := filepath.Join(d, "src")
	for _, f := range [][2]string{{"src/main.go", chrootHelper}, {"src/go.mod", "module helper\n"}, {"marker", "inside"}} {
		os.MkdirAll(filepath.Dir(filepath.Join(d, f[0])), 0o755)
		if err := os.WriteFile(filepath.Join(d, f[0]), []byte(f[1]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// An ordinary user whose home is not writable (uid 65534) gets a build cache of its own.
	cache := filepath.Join(os.TempDir(), "rns-gocache-"+strconv.Itoa(os.Getuid()))
	for _, env := range [][]string{nil, {"GOCACHE=" + cache, "GOPATH=" + cache}} {
		build := exec.Command("go", "build", "-o", filepath.Join(d, "helper"), ".")
		build.Dir, build.Env = src, append(append(os.Environ(), "CGO_ENABLED=0"), env...)
		out, err := build.CombinedOutput()
		if err == nil {
			break
		}
		if env != nil {
			t.Skipf("cannot build the static helper: %v\n%s", err, out)
		}
	}
	if err := os.Mkdir(filepath.Join(d, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	return d
}

// Chroot with Dir as os/exec's SysProcAttr.Chroot: the cwd a path under the new root.
func TestCmdChrootInChild(t *testing.T) {
	skipWithoutPidfd(t)
	d := os.Getenv("RNS_TEST_ROOT")
	if os.Getenv("RNS_TEST_CHILD") != t.Name() {
		d = chrootDir(t)
		os.Chmod(d, 0o755)
	}
	if !inChild(t, privileged, "RNS_TEST_ROOT="+d) {
		return
	}
	for _, dir := range []string{"/", "/sub"} {
		pc := exec.Command("/helper")
		pc.Dir = dir
		pc.SysProcAttr = &syscall.SysProcAttr{Chroot: d}
		p, err := pc.Output()
		if err != nil {
			t.Fatalf("os/exec: %v", err)
		}
		c := rns.Command("/helper")
		c.Chroot, c.Dir = d, dir
		o, st, err := output(t, c)
		if err != nil || st.Code != 0 {
			t.Fatalf("rns: %+v, %v", st, err)
		}
		if want := dir + " <nil> inside"; o != string(p) || o != want {
			t.Errorf("Dir %s: rns %q, os/exec %q; want %q", dir, o, p, want)
		}
	}
	c := rns.Command("/helper")
	c.Chroot = filepath.Join(d, "missing")
	_, _, err := outputStatus(c)
	wantStep(t, err, "chroot", syscall.ENOENT)
}

// wantStep requires a SpawnError at step with errno want.
func wantStep(t *testing.T, err error, step string, want syscall.Errno) {
	t.Helper()
	se, ok := err.(*rns.SpawnError)
	if !ok || se.Step != step || !errorsIs(err, want) {
		t.Fatalf("got %v; want a SpawnError at %s with %v", err, step, want)
	}
}

func errorsIs(err error, e syscall.Errno) bool {
	for err != nil {
		if x, ok := err.(syscall.Errno); ok && x == e {
			return true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}

// The scheduler beside chrt(1) starting the same program (os/exec has no scheduler).
func TestCmdScheduler(t *testing.T) {
	skipWithoutPidfd(t)
	pidRe := regexp.MustCompile(`pid \d+'s `)
	for _, tc := range []struct {
		policy int
		chrt   []string
	}{{3 /* SCHED_BATCH */, []string{"--batch"}}, {5 /* SCHED_IDLE */, []string{"--idle"}},
		{3 | 0x40000000, []string{"--batch", "--reset-on-fork"}}} {
		p, err := exec.Command("chrt", append(append(tc.chrt, "0"), "chrt", "-p", "0")...).Output()
		if err != nil {
			t.Fatalf("chrt: %v", err)
		}
		c := rns.Command("chrt", "-p", "0")
		c.Scheduler = &rns.Scheduler{Policy: tc.policy}
		o, _, err := output(t, c)
		if err != nil {
			t.Fatal(err)
		}
		if peer := pidRe.ReplaceAllString(strings.TrimSpace(string(p)), ""); pidRe.ReplaceAllString(o, "") != peer {
			t.Errorf("policy %#x: rns %q, chrt %q", tc.policy, o, peer)
		}
	}
	for _, bad := range []*rns.Cmd{
		{Path: "/bin/true", Scheduler: &rns.Scheduler{Policy: 6 /* SCHED_DEADLINE */}},
		{Path: "/bin/true", Scheduler: &rns.Scheduler{Policy: 1 /* SCHED_FIFO */, Priority: 100}},
		{Path: "/bin/true", BoundingSet: []uintptr{64}},
		{Path: "/bin/true", AmbientCaps: []uintptr{63}},
		{Path: "/bin/true", Securebits: new(int)},
	} {
		if bad.Securebits != nil {
			*bad.Securebits = -1
		}
		if err := bad.Start(); !errorsIs(err, syscall.EINVAL) {
			t.Errorf("%+v: %v; want EINVAL", bad, err)
		}
	}
}

// InheritableCaps, BoundingSet and Securebits beside setpriv doing the same.
func TestCmdCapsInChild(t *testing.T) {
	skipWithoutPidfd(t)
	if !inChild(t, privileged) {
		return
	}
	one := 1 // SECBIT_NOROOT
	for _, tc := range []struct {
		set     func(*rns.Cmd)
		setpriv []string
	}{
		{func(c *rns.Cmd) { c.BoundingSet = []uintptr{capChown, capNetRaw} }, []string{"--bounding-set=-all,+chown,+net_raw"}},
		{func(c *rns.Cmd) { c.InheritableCaps = []uintptr{capNetRaw, capSysTime} }, []string{"--inh-caps=-all,+net_raw,+sys_time"}},
		{func(c *rns.Cmd) { c.AmbientCaps, c.BoundingSet = []uintptr{capNetRaw}, []uintptr{capNetRaw, capKill} },
			[]string{"--bounding-set=-all,+net_raw,+kill", "--inh-caps=+net_raw", "--ambient-caps=+net_raw"}},
		{func(c *rns.Cmd) { c.Securebits = &one }, []string{"--securebits=+noroot"}},
	} {
		p, err := exec.Command("setpriv", append(append(tc.setpriv, "--"), capLines...)...).Output()
		if err != nil {
			t.Fatalf("setpriv %v: %v", tc.setpriv, err)
		}
		c := rns.Command(capLines[0], capLines[1:]...)
		tc.set(c)
		o, _, err := output(t, c)
		if err != nil || o != strings.TrimSpace(string(p)) {
			t.Errorf("setpriv %v: rns %q (%v), setpriv %q", tc.setpriv, o, err, p)
		}
	}
}

// ResetIDs from a set-user-ID-like process (real ids 65534, effective 0): the program's
// effective ids are the real ones (and, after exec, the saved ones too).
func TestCmdResetIDsInChild(t *testing.T) {
	skipWithoutPidfd(t)
	if !inChild(t, privileged) {
		return
	}
	if !realRoot() {
		t.Skip("needs real root: a user namespace of our own maps one id, so real and effective ids cannot differ")
	}
	if err := syscall.Setresgid(65534, 0, 0); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Setresuid(65534, 0, 0); err != nil {
		t.Fatal(err)
	}
	for _, reset := range []bool{false, true} {
		c := rns.Command("grep", "-E", "^(Uid|Gid):", "/proc/self/status")
		c.ResetIDs = reset
		o, _, err := output(t, c)
		want := "Uid:\t65534\t0\t0\t0\nGid:\t65534\t0\t0\t0"
		if reset {
			want = "Uid:\t65534\t65534\t65534\t65534\nGid:\t65534\t65534\t65534\t65534"
		}
		if err != nil || o != want {
			t.Errorf("ResetIDs %v: %q (%v); want %q", reset, o, err, want)
		}
	}
}
