package rns_test

import (
	"errors"
	"net"
	"os"
	"path/filepath"
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

// nonblocking reports whether c's descriptor has O_NONBLOCK, asked through Control (which,
// unlike an *os.File's Fd, leaves the mode alone).
func nonblocking(t *testing.T, c syscall.Conn) bool {
	t.Helper()
	rc, err := c.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var flags uintptr
	var errno syscall.Errno
	if err := rc.Control(func(fd uintptr) {
		flags, _, errno = syscall.Syscall(syscall.SYS_FCNTL, fd, syscall.F_GETFL, 0)
	}); err != nil || errno != 0 {
		t.Fatalf("F_GETFL: %v %v", err, errno)
	}
	return flags&syscall.O_NONBLOCK != 0
}

// net.Conn and net.Listener values are FDs (through syscall.Conn): a TCP listener and
// connection and a Unix socket, each given to calls that expect another kind of descriptor,
// get the errno those calls document for it, and come back open and still non-blocking.
func TestFDNetConns(t *testing.T) {
	tcpLn, err := net.ListenTCP("tcp", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer tcpLn.Close()
	tcpConn, err := net.DialTCP("tcp", nil, tcpLn.Addr().(*net.TCPAddr))
	if err != nil {
		t.Fatal(err)
	}
	defer tcpConn.Close()
	peer, err := tcpLn.AcceptTCP()
	if err != nil {
		t.Fatal(err)
	}
	defer peer.Close()
	unixLn, err := net.ListenUnix("unix", &net.UnixAddr{Name: filepath.Join(t.TempDir(), "sock"), Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	defer unixLn.Close()
	unixConn, err := net.DialUnix("unix", nil, unixLn.Addr().(*net.UnixAddr))
	if err != nil {
		t.Fatal(err)
	}
	defer unixConn.Close()

	for name, c := range map[string]syscall.Conn{
		"*net.TCPListener": tcpLn, "*net.TCPConn": tcpConn,
		"*net.UnixListener": unixLn, "*net.UnixConn": unixConn,
	} {
		if !nonblocking(t, c) {
			t.Fatalf("%s: not non-blocking to begin with", name)
		}
		// The calls take these types as they are: they compile as FD arguments.
		wantErrno(t, rns.Setns(c, 0), "setns", syscall.EINVAL) // not a namespace file
		wantErrno(t, rns.Setns(c, rns.CloneNewNet), "setns", syscall.EINVAL)
		_, err := rns.Tcgetpgrp(c)
		wantErrno(t, err, "tcgetpgrp", syscall.ENOTTY) // not a terminal
		wantErrno(t, rns.PidfdSendSignal(c, 0, 0), "pidfd_send_signal", pidfdErr(syscall.EBADF))
		if !nonblocking(t, c) {
			t.Errorf("%s: the call switched it to blocking mode", name)
		}
	}
	// Borrowed, not taken: the connection still works both ways.
	if _, err := tcpConn.Write([]byte("x")); err != nil {
		t.Fatalf("write after the calls: %v", err)
	}
	buf := make([]byte, 1)
	if _, err := peer.Read(buf); err != nil || buf[0] != 'x' {
		t.Fatalf("read after the calls: %q %v", buf, err)
	}

	// Closed, nil, or not an FD form at all: EBADF, without a call.
	closedConn, err := net.DialTCP("tcp", nil, tcpLn.Addr().(*net.TCPAddr))
	if err != nil {
		t.Fatal(err)
	}
	closedConn.Close()
	var nilConn *net.TCPConn
	for name, fd := range map[string]rns.FD{
		"closed *net.TCPConn": closedConn,
		"nil *net.TCPConn":    nilConn,
		"plain int":           3,
		"string":              "/dev/null",
	} {
		if _, err := rns.Tcgetpgrp(fd); !errors.Is(err, syscall.EBADF) {
			t.Errorf("%s: got %v, want EBADF", name, err)
		}
	}
}
