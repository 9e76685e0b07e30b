package rns_test

// Cmd.Seccomp and Cmd.Landlock (issue 18): a filter that makes getpid fail with a chosen
// errno in the program, and a Landlock ruleset that denies a read.

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	rns "github.com/librns/librns/bindings/go"
)

// From <linux/seccomp.h> (the syscall package has no seccomp constants).
const (
	seccompRetErrno = 0x00050000
	seccompRetAllow = 0x7fff0000
)

// Landlock's syscall numbers: the same on every architecture (the unified syscall table,
// Linux 5.13); the syscall package predates them. Access rights from <linux/landlock.h>.
const (
	sysLandlockCreateRuleset = 444
	sysLandlockAddRule       = 445
	landlockRulePathBeneath  = 1
	landlockExecute          = 1 << 0
	landlockReadFile         = 1 << 2
	landlockReadDir          = 1 << 3
)

// getpidFilter makes getpid answer -errno and allows everything else.
func getpidFilter(errno syscall.Errno) []syscall.SockFilter {
	return []syscall.SockFilter{
		{Code: syscall.BPF_LD | syscall.BPF_W | syscall.BPF_ABS, K: 0}, // seccomp_data.nr
		{Code: syscall.BPF_JMP | syscall.BPF_JEQ | syscall.BPF_K, Jt: 0, Jf: 1, K: syscall.SYS_GETPID},
		{Code: syscall.BPF_RET | syscall.BPF_K, K: seccompRetErrno | uint32(errno)},
		{Code: syscall.BPF_RET | syscall.BPF_K, K: seccompRetAllow},
	}
}

// perlGetpid is a Cmd of perl reporting getpid's raw result: "pid N" or "err ERRNO".
func perlGetpid(t *testing.T) *rns.Cmd {
	if _, err := os.Stat("/usr/bin/perl"); err != nil {
		t.Skip("no /usr/bin/perl (perl-base): no program here reports getpid's raw result")
	}
	script := `my $r = syscall($ARGV[0]); print $r < 0 ? 'err ' . ($! + 0) : "pid $r"`
	return rns.Command("/usr/bin/perl", "-e", script, strconv.Itoa(syscall.SYS_GETPID))
}

// The filter makes getpid fail with ENOMSG in the program; without it perl gets its pid.
// Without NoNewPrivs it needs CAP_SYS_ADMIN: root installs it, an ordinary user gets EACCES
// at step "seccomp" (the kernel's answer).
func TestCmdSeccompGetpid(t *testing.T) {
	skipWithoutPidfd(t)
	c := perlGetpid(t)
	c.NoNewPrivs = true
	c.Seccomp = getpidFilter(syscall.ENOMSG)
	out, st, err := output(t, c)
	if want := "err " + strconv.Itoa(int(syscall.ENOMSG)); err != nil || out != want || st.Code != 0 {
		t.Fatalf("with the filter: %q, %+v, %v; want %q", out, st, err, want)
	}
	c = perlGetpid(t)
	out, _, err = output(t, c)
	if err != nil || out != "pid "+strconv.Itoa(c.Process.Pid) {
		t.Fatalf("without: %q, %v; want pid %d", out, err, c.Process.Pid)
	}
	c = perlGetpid(t)
	c.Seccomp = getpidFilter(syscall.ENOMSG)
	out, _, err = output(t, c)
	var se *rns.SpawnError
	if inherited, _ := rns.GetNoNewPrivs(); os.Geteuid() == 0 || inherited {
		// Root has CAP_SYS_ADMIN; no_new_privs inherited (a sandbox's) serves as well.
		if err != nil || out != "err "+strconv.Itoa(int(syscall.ENOMSG)) {
			t.Fatalf("as uid %d (no_new_privs inherited: %v) without NoNewPrivs: %q, %v", os.Geteuid(), inherited, out, err)
		}
	} else if !errors.As(err, &se) || se.Step != "seccomp" || !errors.Is(err, syscall.EACCES) {
		t.Fatalf("as uid %d without NoNewPrivs: %v, want EACCES at step seccomp", os.Geteuid(), err)
	}
	c = rns.Command("true")
	c.Seccomp = make([]syscall.SockFilter, 4097)
	if err := c.Start(); !errors.Is(err, syscall.EINVAL) {
		t.Fatalf("4097 instructions: %v, want EINVAL", err)
	}
}

// usrOnlyRuleset is a Landlock ruleset handling execute, read-file and read-dir and allowing
// them beneath /usr only (the program, its loader and libraries).
func usrOnlyRuleset(t *testing.T) *os.File {
	rights := uint64(landlockExecute | landlockReadFile | landlockReadDir)
	attr := [3]uint64{rights} // handled_access_fs, _net, scoped: the kernel reads the size given
	fd, _, e := syscall.Syscall(sysLandlockCreateRuleset, uintptr(unsafe.Pointer(&attr[0])), 8, 0)
	if e != 0 {
		t.Skipf("no Landlock here: landlock_create_ruleset: %v", e)
	}
	rs := os.NewFile(fd, "landlock-ruleset")
	t.Cleanup(func() { rs.Close() })
	usr, err := os.Open("/usr")
	if err != nil {
		t.Fatal(err)
	}
	defer usr.Close()
	// struct landlock_path_beneath_attr: __u64 allowed_access; __s32 parent_fd; packed (12 bytes).
	var rule [12]byte
	*(*uint64)(unsafe.Pointer(&rule[0])) = rights
	*(*int32)(unsafe.Pointer(&rule[8])) = int32(usr.Fd())
	_, _, e = syscall.Syscall6(sysLandlockAddRule, rs.Fd(), landlockRulePathBeneath, uintptr(unsafe.Pointer(&rule[0])), 0, 0, 0)
	if e != 0 {
		t.Fatalf("landlock_add_rule: %v", e)
	}
	return rs
}

// The ruleset denies cat's read of a file outside /usr (readable before); the exec of cat is
// allowed by its rule. Without NoNewPrivs an ordinary user gets EPERM at step "landlock";
// a file that is no ruleset is EBADFD.
func TestCmdLandlock(t *testing.T) {
	skipWithoutPidfd(t)
	rs := usrOnlyRuleset(t)
	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	path := filepath.Join(dir, "f")
	if err := os.WriteFile(path, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, _, err := output(t, rns.Command("/bin/cat", path)); err != nil || out != "secret" {
		t.Fatalf("without the ruleset: %q, %v", out, err)
	}
	c := rns.Command("/bin/cat", path)
	c.NoNewPrivs = true
	c.Landlock = rs
	var stderr strings.Builder
	c.Stderr = &stderr
	out, st, err := output(t, c)
	if err != nil || out != "" || st.Code != 1 || !strings.Contains(stderr.String(), "Permission denied") {
		t.Fatalf("with the ruleset: %q, %q, %+v, %v", out, stderr.String(), st, err)
	}
	c = rns.Command("/bin/cat", path)
	c.Landlock = rs
	_, st, err = output(t, c)
	var se *rns.SpawnError
	if inherited, _ := rns.GetNoNewPrivs(); os.Geteuid() == 0 || inherited {
		if err != nil || st.Code != 1 {
			t.Fatalf("as uid %d (no_new_privs inherited: %v) without NoNewPrivs: %+v, %v; want cat refused", os.Geteuid(), inherited, st, err)
		}
	} else if !errors.As(err, &se) || se.Step != "landlock" || !errors.Is(err, syscall.EPERM) {
		t.Fatalf("as uid %d without NoNewPrivs: %v, want EPERM at step landlock", os.Geteuid(), err)
	}
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	c = rns.Command("true")
	c.Landlock = null
	if err := c.Start(); !errors.Is(err, syscall.EBADFD) {
		t.Fatalf("/dev/null as a ruleset: %v, want EBADFD", err)
	}
}
