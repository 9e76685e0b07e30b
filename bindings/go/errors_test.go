package rns_test

import (
	"errors"
	"io/fs"
	"os"
	"regexp"
	"syscall"
	"testing"

	rns "github.com/librns/librns/bindings/go"
)

func TestVersion(t *testing.T) {
	v := rns.Version()
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(v) {
		t.Fatalf("Version() = %q", v)
	}
	if v != rns.HeaderVersion {
		t.Fatalf("library %s, header %s", v, rns.HeaderVersion)
	}
}

func TestErrnameStrerror(t *testing.T) {
	for _, c := range []struct {
		e          syscall.Errno
		name, text string
	}{
		{0, "OK", "Success"},
		{syscall.EPERM, "EPERM", "Operation not permitted"},
		{syscall.ENOENT, "ENOENT", "No such file or directory"},
		{syscall.ESRCH, "ESRCH", "No such process"},
		{syscall.EBADF, "EBADF", "Bad file descriptor"},
		{syscall.EINVAL, "EINVAL", "Invalid argument"},
		{syscall.EACCES, "EACCES", "Permission denied"},
		{syscall.ENOTTY, "ENOTTY", "Inappropriate ioctl for device"},
		{100000, "UNKNOWN", "Unknown error"},
		{1 << 40, "UNKNOWN", "Unknown error"},
	} {
		if got := rns.Errname(c.e); got != c.name {
			t.Errorf("Errname(%d) = %q, want %q", c.e, got, c.name)
		}
		if got := rns.Strerror(c.e); got != c.text {
			t.Errorf("Strerror(%d) = %q, want %q", c.e, got, c.text)
		}
	}
}

// The error kinds callers tell apart, each from a real call the kernel refuses. (EPERM is
// also checked in TestSessionInChild, EACCES in TestSetpgrpInChild and TestNiceInChild.)
func TestErrorKinds(t *testing.T) {
	err := rns.Setns(rns.RawFD(closedFd(t)), rns.CloneNewNet)
	wantErrno(t, err, "setns", syscall.EBADF)
	if err.Error() != "setns: bad file descriptor" {
		t.Errorf("message %q", err)
	}

	_, err = rns.Getpgid(noPid)
	wantErrno(t, err, "getpgid", syscall.ESRCH)

	err = rns.Unshare(1)
	wantErrno(t, err, "unshare", syscall.EINVAL)

	err = rns.Killpg(1, 0)
	wantErrno(t, err, "killpg", syscall.EINVAL)

	// pid 1 is init: as non-root we may not signal it; as root signal 0 succeeds.
	pidfd, err := rns.PidfdOpen(1, 0)
	if noPidfd() {
		wantErrno(t, err, "pidfd_open", syscall.ENOSYS)
		if !errors.Is(err, errors.ErrUnsupported) {
			t.Fatalf("%v is not errors.ErrUnsupported", err)
		}
		noPidfdNote(t, "PidfdOpen fails with ENOSYS, which is errors.ErrUnsupported; EPERM from pidfd_send_signal not checked")
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	defer pidfd.Close()
	err = rns.PidfdSendSignal(pidfd, 0, 0)
	if os.Geteuid() == 0 {
		if err != nil {
			t.Fatal(err)
		}
	} else {
		wantErrno(t, err, "pidfd_send_signal", syscall.EPERM)
		if !errors.Is(err, fs.ErrPermission) {
			t.Fatalf("%v is not fs.ErrPermission", err)
		}
	}
}
