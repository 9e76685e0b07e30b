package rns_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"

	rns "github.com/librns/librns/bindings/go"
)

func TestCredentialReads(t *testing.T) {
	r, e, s, err := rns.Getresuid()
	if err != nil || r != os.Getuid() || e != os.Geteuid() || s < 0 {
		t.Fatalf("Getresuid() = %d %d %d, %v", r, e, s, err)
	}
	r, e, s, err = rns.Getresgid()
	if err != nil || r != os.Getgid() || e != os.Getegid() || s < 0 {
		t.Fatalf("Getresgid() = %d %d %d, %v", r, e, s, err)
	}
	groups, err := rns.Getgroups()
	if err != nil || groups == nil {
		t.Fatalf("Getgroups() = %v, %v", groups, err)
	}
	want, _ := os.Getgroups()
	slices.Sort(groups)
	slices.Sort(want)
	if !slices.Equal(groups, want) && !(len(groups) == 0 && len(want) == 0) {
		t.Fatalf("Getgroups() = %v, os.Getgroups() = %v", groups, want)
	}
	list, err := rns.Getgrouplist("root", 0)
	if err != nil || !slices.Contains(list, 0) {
		t.Fatalf("Getgrouplist(root, 0) = %v, %v", list, err)
	}
	list, err = rns.Getgrouplist("no-such-user-rns", 12345)
	if err != nil || !slices.Equal(list, []int{12345}) {
		t.Fatalf("Getgrouplist(unknown user, 12345) = %v, %v", list, err)
	}
	_, err = rns.Getgrouplist("root", -2)
	wantErrno(t, err, "getgrouplist", syscall.EINVAL)
	_, err = rns.Getgrouplist("ro\x00ot", 0)
	wantErrno(t, err, "getgrouplist", syscall.EINVAL)
}

// Ids outside [-1, 2^32-1] give EINVAL without a call; -1 is "unchanged". In a child, in
// case a bug let a truncated id through.
func TestIDRangeInChild(t *testing.T) {
	if !inChild(t, plain) {
		return
	}
	for _, c := range []struct {
		call string
		err  error
	}{
		{"setuid", rns.Setuid(-2)},
		{"setuid", rns.Setuid(1 << 32)},
		{"setgid", rns.Setgid(-1 << 40)},
		{"seteuid", rns.Seteuid(1<<32 + 1)},
		{"setegid", rns.Setegid(-3)},
		{"setreuid", rns.Setreuid(-1, 1<<32)},
		{"setregid", rns.Setregid(-2, -1)},
		{"setresuid", rns.Setresuid(-1, -1, 1<<32)},
		{"setresgid", rns.Setresgid(1<<33, -1, -1)},
		{"setgroups", rns.Setgroups([]int{0, 1 << 32})},
		{"initgroups", rns.Initgroups("root", 1<<32)},
		{"initgroups", rns.Initgroups("ro\x00ot", 0)},
	} {
		wantErrno(t, c.err, c.call, syscall.EINVAL)
	}
	// -1 reaches the kernel as (uid_t)-1: "unchanged" where the call has that meaning...
	r, e, s, _ := rns.Getresuid()
	for _, err := range []error{rns.Setresuid(-1, -1, -1), rns.Setresgid(-1, -1, -1), rns.Setreuid(-1, -1), rns.Setregid(-1, -1)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if r2, e2, s2, _ := rns.Getresuid(); r2 != r || e2 != e || s2 != s {
		t.Fatal("an unchanged id changed")
	}
	// ... and an invalid id where it has none.
	wantErrno(t, rns.Setuid(-1), "setuid", syscall.EINVAL)
	wantErrno(t, rns.Setgroups([]int{-1}), "setgroups", syscall.EINVAL)
	if os.Geteuid() != 0 {
		err := rns.Setuid(0)
		wantErrno(t, err, "setuid", syscall.EPERM)
		if !errors.Is(err, fs.ErrPermission) {
			t.Fatalf("%v is not fs.ErrPermission", err)
		}
	}
}

// threadUids gives the Uid: line of every thread of this process.
func threadUids(t *testing.T, key string) map[string]string {
	t.Helper()
	paths, _ := filepath.Glob("/proc/self/task/*/status")
	out := map[string]string{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, key) {
				out[p] = strings.Join(strings.Fields(line)[1:], " ")
			}
		}
	}
	return out
}

// Changing ids changes every thread; then a dropped root cannot come back.
func TestCredentialsInChild(t *testing.T) {
	if !inChild(t, privileged) {
		return
	}
	// Several threads, some locked, so "every thread" means something.
	for i := 0; i < 4; i++ {
		go func() { runtime.LockOSThread(); select {} }()
	}
	if !realRoot() {
		// Root in a user namespace that maps only uid and gid 0, with setgroups denied.
		if err := rns.Setresuid(0, 0, 0); err != nil {
			t.Fatal(err)
		}
		wantErrno(t, rns.Setresuid(65534, 65534, 65534), "setresuid", syscall.EINVAL) // not mapped
		err := rns.Setgroups([]int{0})
		wantErrno(t, err, "setgroups", syscall.EPERM)
		if !errors.Is(err, fs.ErrPermission) {
			t.Fatalf("%v is not fs.ErrPermission", err)
		}
		wantErrno(t, rns.Initgroups("root", 0), "initgroups", syscall.EPERM)
		t.Skip("checked root in a user namespace (EINVAL for an unmapped id, EPERM for setgroups); the rest needs real root (ids other than 0)")
	}

	if err := rns.Initgroups("root", 0); err != nil {
		t.Fatal(err)
	}
	if g, _ := rns.Getgroups(); !slices.Contains(g, 0) {
		t.Fatalf("after Initgroups(root, 0), groups %v", g)
	}
	// Effective ids back and forth.
	if err := rns.Setegid(65534); err != nil {
		t.Fatal(err)
	}
	if err := rns.Seteuid(65534); err != nil {
		t.Fatal(err)
	}
	if r, e, s, _ := rns.Getresuid(); r != 0 || e != 65534 || s != 0 {
		t.Fatalf("after Seteuid, Getresuid() = %d %d %d", r, e, s)
	}
	for p, line := range threadUids(t, "Uid:") {
		if line != "0 65534 0 65534" {
			t.Fatalf("%s: Uid: %s", p, line)
		}
	}
	if err := rns.Setreuid(-1, 0); err != nil {
		t.Fatal(err)
	}
	if err := rns.Setregid(-1, 0); err != nil {
		t.Fatal(err)
	}
	if err := rns.Setgid(0); err != nil {
		t.Fatal(err)
	}

	// The full drop, as the matrix's creds-in-child.
	if err := rns.Setgroups([]int{65534}); err != nil {
		t.Fatal(err)
	}
	if g, err := rns.Getgroups(); err != nil || !slices.Equal(g, []int{65534}) {
		t.Fatalf("Getgroups() = %v, %v", g, err)
	}
	if err := rns.Setresgid(65534, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	if r, e, s, _ := rns.Getresgid(); r != 65534 || e != 65534 || s != 65534 {
		t.Fatalf("Getresgid() = %d %d %d", r, e, s)
	}
	if err := rns.Setuid(65534); err != nil { // as root: all three ids
		t.Fatal(err)
	}
	if r, e, s, _ := rns.Getresuid(); r != 65534 || e != 65534 || s != 65534 {
		t.Fatalf("Getresuid() = %d %d %d", r, e, s)
	}
	for p, line := range threadUids(t, "Uid:") {
		if line != "65534 65534 65534 65534" {
			t.Fatalf("%s: Uid: %s; every thread should have changed", p, line)
		}
	}
	if len(threadUids(t, "Gid:")) < 5 {
		t.Fatal("expected several threads")
	}
	for _, err := range []error{rns.Setresuid(0, 0, 0), rns.Setuid(0), rns.Seteuid(0)} {
		wantErrno(t, err, err.(*os.SyscallError).Syscall, syscall.EPERM)
	}
	err := rns.Setgroups(nil)
	wantErrno(t, err, "setgroups", syscall.EPERM)
	if !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("%v is not fs.ErrPermission", err)
	}
}
