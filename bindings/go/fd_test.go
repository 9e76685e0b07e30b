package rns_test

import (
	"errors"
	"os"
	"runtime"
	"syscall"
	"testing"

	rns "github.com/librns/librns/bindings/go"
)

// fdOnly has an Fd method and nothing else: any such value is an rns.FD.
type fdOnly struct{ fd uintptr }

func (f fdOnly) Fd() uintptr { return f.fd }

func TestFDForms(t *testing.T) {
	null := devNull(t)
	// *os.File, RawFD and a plain Fd() value reach the same descriptor.
	for _, fd := range []rns.FD{null, rns.RawFD(null.Fd()), fdOnly{null.Fd()}} {
		_, err := rns.Tcgetpgrp(fd)
		wantErrno(t, err, "tcgetpgrp", syscall.ENOTTY)
		wantErrno(t, rns.Setns(fd, 0), "setns", syscall.EINVAL) // not a namespace file
	}

	closed, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	closed.Close()
	var nilFile *os.File
	for name, fd := range map[string]rns.FD{
		"closed *os.File": closed,
		"nil *os.File":    nilFile,
		"nil FD":          nil,
		"RawFD(-1)":       rns.RawFD(-1),
		"closed RawFD":    rns.RawFD(closedFd(t)),
	} {
		if _, err := rns.Tcgetpgrp(fd); !errors.Is(err, syscall.EBADF) {
			t.Errorf("%s: got %v, want EBADF", name, err)
		}
	}
	// A number that does not fit a C int is EINVAL (doc.go), whatever form carries it.
	for name, fd := range map[string]rns.FD{
		"RawFD(1<<40)":      rns.RawFD(1 << 40),
		"RawFD(1<<32)":      rns.RawFD(1 << 32), // would be fd 0 if truncated
		"RawFD(-1<<31 - 1)": rns.RawFD(-1<<31 - 1),
		"Fd() 1<<32":        fdOnly{1 << 32},
	} {
		if _, err := rns.Tcgetpgrp(fd); !errors.Is(err, syscall.EINVAL) {
			t.Errorf("%s: got %v, want EINVAL", name, err)
		}
	}
}

// A returned *os.File is a working namespace fd: NsOpen(0, ...) is this thread's namespace.
func TestNsOpenFile(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for _, c := range []struct {
		t    rns.CloneFlags
		name string
	}{{rns.CloneNewNet, "net"}, {rns.CloneNewUTS, "uts"}, {rns.CloneNewIPC, "ipc"}, {rns.CloneNewNS, "mnt"}} {
		f, err := rns.NsOpen(0, c.t)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fileNs(t, f), nsOf(t, "/proc/thread-self/ns/"+c.name); got != want {
			t.Errorf("NsOpen(0, %v) is %v, /proc/thread-self/ns/%s is %v", c.t, got, c.name, want)
		}
		if f.Name() != "/proc/thread-self/ns/"+c.name {
			t.Errorf("name %q", f.Name())
		}
		f.Close()
	}
	f, err := rns.NsOpen(os.Getpid(), rns.CloneNewNet)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if fileNs(t, f) != nsOf(t, "/proc/self/ns/net") {
		t.Error("NsOpen(getpid) differs from /proc/self/ns/net")
	}
	// Passing it back: wrong type, EINVAL (the kernel checked the file, not the number).
	wantErrno(t, rns.Setns(f, rns.CloneNewUTS), "setns", syscall.EINVAL)
}
