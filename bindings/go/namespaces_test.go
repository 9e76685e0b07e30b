package rns_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"

	rns "github.com/librns/librns/bindings/go"
)

func TestCloneFlags(t *testing.T) {
	for _, c := range []struct {
		got  rns.CloneFlags
		want uintptr
	}{
		{rns.CloneNewNS, syscall.CLONE_NEWNS}, {rns.CloneNewCgroup, syscall.CLONE_NEWCGROUP},
		{rns.CloneNewUTS, syscall.CLONE_NEWUTS}, {rns.CloneNewIPC, syscall.CLONE_NEWIPC},
		{rns.CloneNewUser, syscall.CLONE_NEWUSER}, {rns.CloneNewPID, syscall.CLONE_NEWPID},
		{rns.CloneNewNet, syscall.CLONE_NEWNET}, {rns.CloneNewTime, 0x80},
		{rns.CloneFiles, syscall.CLONE_FILES}, {rns.CloneFS, syscall.CLONE_FS},
		{rns.CloneSysVSem, syscall.CLONE_SYSVSEM}, {rns.CloneSighand, syscall.CLONE_SIGHAND},
		{rns.CloneThread, syscall.CLONE_THREAD}, {rns.CloneVM, syscall.CLONE_VM},
	} {
		if uintptr(c.got) != c.want {
			t.Errorf("%v = %#x, want %#x", c.got, uint32(c.got), c.want)
		}
	}
	if s := (rns.CloneNewNet | rns.CloneNewUTS | 1).String(); s != "CLONE_NEWUTS|CLONE_NEWNET|0x1" {
		t.Errorf("String() = %q", s)
	}
}

// Calls the kernel refuses change nothing, so they run in the test process.
func TestNamespaceErrors(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	net, err := rns.NsOpen(0, rns.CloneNewNet)
	if err != nil {
		t.Fatal(err)
	}
	defer net.Close()

	wantErrno(t, rns.Setns(rns.RawFD(closedFd(t)), rns.CloneNewNet), "setns", syscall.EBADF)
	wantErrno(t, rns.Setns(devNull(t), 0), "setns", syscall.EINVAL)
	wantErrno(t, rns.Setns(net, rns.CloneNewUTS), "setns", syscall.EINVAL)
	wantErrno(t, rns.Setns(net, 1), "setns", syscall.EINVAL)
	wantErrno(t, rns.Unshare(1), "unshare", syscall.EINVAL)
	wantErrno(t, rns.Unshare(rns.CloneNewUser), "unshare", syscall.EINVAL) // multithreaded
	wantPathErr(t, rns.SetnsPath("/nonexistent/ns", rns.CloneNewNet), "/nonexistent/ns", syscall.ENOENT)
	wantPathErr(t, rns.SetnsPath("/proc/self/ns/uts", rns.CloneNewNet), "/proc/self/ns/uts", syscall.EINVAL)
	wantPathErr(t, rns.SetnsPath("/proc/self/ns/uts\x00", rns.CloneNewUTS), "/proc/self/ns/uts\x00", syscall.EINVAL)
	_, err = rns.NsOpen(noPid, rns.CloneNewNet)
	wantErrno(t, err, "ns_open", syscall.ESRCH)
	_, err = rns.NsOpen(os.Getpid(), rns.CloneNewNet|rns.CloneNewUTS)
	wantErrno(t, err, "ns_open", syscall.EINVAL)
	_, err = rns.NsOpen(-1, rns.CloneNewNet)
	wantErrno(t, err, "ns_open", syscall.EINVAL)
	wantErrno(t, rns.SetnsPid(noPid, rns.CloneNewNet), "setns_pid", syscall.ESRCH)
	wantErrno(t, rns.SetnsPid(os.Getpid(), 0), "setns_pid", syscall.EINVAL)
	wantErrno(t, rns.SetnsPid(-5, rns.CloneNewNet), "setns_pid", syscall.EINVAL)
	wantErrno(t, rns.SetnsPid(1<<40, rns.CloneNewNet), "setns_pid", syscall.EINVAL)
}

// The namespace calls on one locked thread: new namespaces, entering a holder's, going back.
func TestNamespacesInChild(t *testing.T) {
	if !inChild(t, privileged) {
		return
	}
	h := startHolder(t, syscall.CLONE_NEWNET|syscall.CLONE_NEWUTS, "rns-holder")
	home := startHolder(t, 0, "") // in our namespaces (a child gets its creating thread's)
	runtime.LockOSThread()        // never unlocked: the thread ends with this test's goroutine
	origNet, origUTS := nsOf(t, "/proc/thread-self/ns/net"), nsOf(t, "/proc/thread-self/ns/uts")
	origHost := hostname()
	net, err := rns.NsOpen(0, rns.CloneNewNet)
	if err != nil {
		t.Fatal(err)
	}
	defer net.Close()
	uts, err := rns.NsOpen(0, rns.CloneNewUTS)
	if err != nil {
		t.Fatal(err)
	}
	defer uts.Close()

	// Own net namespace, own uts namespace: only this thread sees them.
	if err := rns.Unshare(rns.CloneNewNet | rns.CloneNewUTS); err != nil {
		t.Fatal(err)
	}
	if nsOf(t, "/proc/thread-self/ns/net") == origNet || nsOf(t, "/proc/thread-self/ns/uts") == origUTS {
		t.Fatal("unshare did not change the thread's namespaces")
	}
	if nsOf(t, "/proc/self/ns/net") != origNet && os.Getpid() != syscall.Gettid() {
		t.Fatal("unshare changed the main thread")
	}
	if err := syscall.Sethostname([]byte("rns-unshared")); err != nil {
		t.Fatal(err)
	}
	if hostname() != "rns-unshared" {
		t.Fatal("hostname not set")
	}

	// Back through the saved fds (nstype given, and 0 for "any").
	if err := rns.Setns(net, rns.CloneNewNet); err != nil {
		t.Fatal(err)
	}
	if err := rns.Setns(uts, 0); err != nil {
		t.Fatal(err)
	}
	if nsOf(t, "/proc/thread-self/ns/net") != origNet || hostname() != origHost {
		t.Fatal("setns did not bring the thread back")
	}

	// Into the holder's namespaces, both at once.
	if err := rns.SetnsPid(h.pid, rns.CloneNewNet|rns.CloneNewUTS); err != nil {
		t.Fatal(err)
	}
	hp := fmt.Sprintf("/proc/%d/ns/", h.pid)
	if nsOf(t, "/proc/thread-self/ns/net") != nsOf(t, hp+"net") || hostname() != h.host {
		t.Fatalf("after SetnsPid the thread is not in the holder's namespaces (host %q)", hostname())
	}
	hnet, err := rns.NsOpen(h.pid, rns.CloneNewNet)
	if err != nil {
		t.Fatal(err)
	}
	if fileNs(t, hnet) != nsOf(t, hp+"net") {
		t.Fatal("NsOpen(holder) is not the holder's namespace")
	}
	hnet.Close()

	// Back by path, then into the holder's uts by path.
	if err := rns.SetnsPath(fmt.Sprintf("/proc/self/fd/%d", uts.Fd()), rns.CloneNewUTS); err != nil {
		t.Fatal(err)
	}
	if hostname() != origHost {
		t.Fatal("SetnsPath did not bring the uts namespace back")
	}
	if err := rns.SetnsPath(hp+"uts", rns.CloneNewUTS); err != nil {
		t.Fatal(err)
	}
	if hostname() != h.host {
		t.Fatal("SetnsPath did not enter the holder's uts namespace")
	}
	// A pidfd with several types: of a process in our original namespaces (not our own:
	// this locked thread may be the main thread, which the pidfd would name).
	if noPidfd() {
		noPidfdNote(t, "no pidfd to Setns on; the rest (Unshare, Setns, SetnsPid, NsOpen, SetnsPath) checked")
		return
	}
	pidfd, err := rns.PidfdOpen(home.pid, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer pidfd.Close()
	if err := rns.Setns(pidfd, rns.CloneNewNet|rns.CloneNewUTS); err != nil {
		t.Fatal(err)
	}
	if nsOf(t, "/proc/thread-self/ns/net") != origNet || hostname() != origHost {
		t.Fatalf("setns on our pidfd did not bring the thread back (tid %d pid %d, host %q)", syscall.Gettid(), os.Getpid(), hostname())
	}
}

// wantPathErr checks that err is SetnsPath's *fs.PathError for path wrapping want.
func wantPathErr(t testing.TB, err error, path string, want syscall.Errno) {
	t.Helper()
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Op != "setns" || pe.Path != path || pe.Err != want {
		t.Fatalf("SetnsPath(%q): got %#v, want &fs.PathError{Op: \"setns\", Path: %q, Err: %v}", path, err, path, want)
	}
	if !errors.Is(err, want) {
		t.Fatalf("%v is not %v", err, want)
	}
}

// SetnsPath's errors name the path, as os.Open's do, and errors.Is sees the errno and its
// fs.Err* kind through them.
func TestSetnsPathErrors(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	err := rns.SetnsPath("/nonexistent/ns", rns.CloneNewNet)
	wantPathErr(t, err, "/nonexistent/ns", syscall.ENOENT)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%v is not fs.ErrNotExist", err)
	}
	_, openErr := os.Open("/nonexistent/ns")
	if got, want := err.Error(), strings.Replace(openErr.Error(), "open ", "setns ", 1); got != want {
		t.Errorf("message %q, want %q (os.Open's, with setns)", got, want)
	}
	if err.Error() != "setns /nonexistent/ns: no such file or directory" {
		t.Errorf("message %q", err)
	}
	var se *os.SyscallError
	if errors.As(err, &se) {
		t.Errorf("%#v is also an *os.SyscallError", err)
	}

	// Refused by setns, not by open: the path is still named.
	err = rns.SetnsPath("/proc/self/ns/uts", rns.CloneNewNet)
	wantPathErr(t, err, "/proc/self/ns/uts", syscall.EINVAL)
	if errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%v is fs.ErrNotExist", err)
	}
	err = rns.SetnsPath("/dev/null", 0) // a file, but not a namespace
	wantPathErr(t, err, "/dev/null", syscall.EINVAL)

	// Not allowed to open it: EACCES, fs.ErrPermission. Root opens anything.
	if os.Geteuid() != 0 {
		dir := t.TempDir()
		p := dir + "/unreadable"
		if err := os.WriteFile(p, nil, 0); err != nil {
			t.Fatal(err)
		}
		err = rns.SetnsPath(p, 0)
		wantPathErr(t, err, p, syscall.EACCES)
		if !errors.Is(err, fs.ErrPermission) {
			t.Errorf("%v is not fs.ErrPermission", err)
		}
	}
}

// Sethostname and Setdomainname name this thread's own UTS namespace; other threads keep
// theirs.
func TestUTSNamesInChild(t *testing.T) {
	if !inChild(t, privileged) {
		return
	}
	runtime.LockOSThread() // never unlocked: the thread ends with this test's goroutine
	origHost := hostname()
	if err := rns.Unshare(rns.CloneNewUTS); err != nil {
		t.Fatal(err)
	}
	if err := rns.Sethostname("rns-go-host"); err != nil {
		t.Fatal(err)
	}
	if err := rns.Setdomainname("rns.go.example"); err != nil {
		t.Fatal(err)
	}
	var u syscall.Utsname
	if err := syscall.Uname(&u); err != nil {
		t.Fatal(err)
	}
	if host, domain := utsString(u.Nodename[:]), utsString(u.Domainname[:]); host != "rns-go-host" || domain != "rns.go.example" {
		t.Fatalf("uname after setting: %q, %q", host, domain)
	}
	wantErrno(t, rns.Sethostname(strings.Repeat("x", 65)), "sethostname", syscall.EINVAL)
	wantErrno(t, rns.Setdomainname("a\x00b"), "setdomainname", syscall.EINVAL)
	other := make(chan string)
	go func() { other <- hostname() }() // another thread: the original namespace
	if h := <-other; h != origHost {
		t.Fatalf("another thread sees host name %q, want %q", h, origHost)
	}
}

func utsString(b []int8) string {
	var s []byte
	for _, c := range b {
		if c == 0 {
			break
		}
		s = append(s, byte(c))
	}
	return string(s)
}
