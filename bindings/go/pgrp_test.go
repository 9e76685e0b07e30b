package rns_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"testing"
	"unsafe"

	rns "github.com/librns/librns/bindings/go"
)

// Reads and refused calls change nothing, so they run in the test process.
func TestProcessGroupReads(t *testing.T) {
	pgrp := rns.Getpgrp()
	if pgrp != syscall.Getpgrp() {
		t.Fatalf("Getpgrp() = %d, syscall says %d", pgrp, syscall.Getpgrp())
	}
	if g, err := rns.Getpgid(0); err != nil || g != pgrp {
		t.Fatalf("Getpgid(0) = %d, %v", g, err)
	}
	if g, err := rns.Getpgid(os.Getpid()); err != nil || g != pgrp {
		t.Fatalf("Getpgid(getpid) = %d, %v", g, err)
	}
	sid, err := rns.Getsid(0)
	if want := statField(t, "/proc/self/stat", 6); err != nil || sid != want {
		t.Fatalf("Getsid(0) = %d, %v; want %d", sid, err, want)
	}
	_, err = rns.Getsid(noPid)
	wantErrno(t, err, "getsid", syscall.ESRCH)
	_, err = rns.Getpgid(noPid)
	wantErrno(t, err, "getpgid", syscall.ESRCH)
	_, err = rns.Getpgid(1 << 40) // does not fit a pid_t: EINVAL, as every out-of-range number
	wantErrno(t, err, "getpgid", syscall.EINVAL)
	wantErrno(t, rns.Setpgid(noPid, 0), "setpgid", syscall.ESRCH)
	wantErrno(t, rns.Setpgid(0, -1), "setpgid", syscall.EINVAL)
	wantErrno(t, rns.Killpg(1, 0), "killpg", syscall.EINVAL)
	wantErrno(t, rns.Killpg(-1, 0), "killpg", syscall.EINVAL)
	wantErrno(t, rns.Killpg(noPid, 0), "killpg", syscall.ESRCH)
	wantErrno(t, rns.Killpg(0, 1000), "killpg", syscall.EINVAL)
	null := devNull(t)
	_, err = rns.Tcgetpgrp(null)
	wantErrno(t, err, "tcgetpgrp", syscall.ENOTTY)
	_, err = rns.Tcgetpgrp(rns.RawFD(closedFd(t)))
	wantErrno(t, err, "tcgetpgrp", syscall.EBADF)
	wantErrno(t, rns.Tcsetpgrp(null, pgrp), "tcsetpgrp", syscall.ENOTTY)
	wantErrno(t, rns.Tcsetpgrp(null, -1), "tcsetpgrp", syscall.EINVAL)
}

// Killpg signals a whole group: a child in a group of its own.
func TestKillpg(t *testing.T) {
	cmd := exec.Command("sleep", "30")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	if err := rns.Killpg(cmd.Process.Pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child ended with %v, want killed by SIGKILL", err)
	}
	wantErrno(t, rns.Killpg(cmd.Process.Pid, 0), "killpg", syscall.ESRCH)
}

// A new session: leader of it and of a group, then a controlling terminal of its own.
func TestSessionInChild(t *testing.T) {
	if !inChild(t, plain) {
		return
	}
	pid := os.Getpid()
	sid, err := rns.Setsid()
	if err != nil || sid != pid {
		t.Fatalf("Setsid() = %d, %v; want %d", sid, err, pid)
	}
	if s, err := rns.Getsid(0); err != nil || s != pid {
		t.Fatalf("Getsid(0) = %d, %v", s, err)
	}
	if g := rns.Getpgrp(); g != pid {
		t.Fatalf("Getpgrp() = %d", g)
	}
	if g, err := rns.Getpgid(0); err != nil || g != pid {
		t.Fatalf("Getpgid(0) = %d, %v", g, err)
	}
	// A session leader cannot move: EPERM, which is also fs.ErrPermission.
	err = rns.Setpgid(0, 0)
	wantErrno(t, err, "setpgid", syscall.EPERM)
	if !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("%v is not fs.ErrPermission", err)
	}
	wantErrno(t, rns.Setpgrp(), "setpgrp", syscall.EPERM)
	_, err = rns.Setsid()
	wantErrno(t, err, "setsid", syscall.EPERM)

	// Opening a pty without O_NOCTTY makes it our controlling terminal.
	// Closing the master hangs the terminal up, which sends SIGHUP to the session.
	signal.Ignore(syscall.SIGHUP)
	ptmx, pts, err := openPty()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	defer pts.Close()
	if g, err := rns.Tcgetpgrp(pts); err != nil || g != pid {
		t.Fatalf("Tcgetpgrp(pts) = %d, %v; want %d", g, err, pid)
	}
	if err := rns.Tcsetpgrp(pts, pid); err != nil {
		t.Fatal(err)
	}
	wantErrno(t, rns.Tcsetpgrp(pts, noPid), "tcsetpgrp", syscall.ESRCH)
	// The parent's group exists, in another session.
	parentGroup, err := rns.Getpgid(os.Getppid())
	if err != nil {
		t.Fatal(err)
	}
	wantErrno(t, rns.Tcsetpgrp(pts, parentGroup), "tcsetpgrp", syscall.EPERM)
}

// openPty opens a new pseudo-terminal: its master and slave sides.
func openPty() (ptmx, pts *os.File, err error) {
	ptmx, err = os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		return nil, nil, err
	}
	var unlock, n int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, ptmx.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		ptmx.Close()
		return nil, nil, e
	}
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, ptmx.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		ptmx.Close()
		return nil, nil, e
	}
	pts, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR, 0)
	if err != nil {
		ptmx.Close()
		return nil, nil, err
	}
	return ptmx, pts, nil
}

// A process group of our own, and the group of a child that has exec'd.
func TestSetpgrpInChild(t *testing.T) {
	if !inChild(t, plain) {
		return
	}
	pid := os.Getpid()
	if rns.Getpgrp() == pid {
		t.Fatal("the child already leads a group")
	}
	if err := rns.Setpgrp(); err != nil {
		t.Fatal(err)
	}
	if g := rns.Getpgrp(); g != pid {
		t.Fatalf("Getpgrp() = %d after Setpgrp, want %d", g, pid)
	}
	if err := rns.Setpgid(0, 0); err != nil { // already leading it: a no-op
		t.Fatal(err)
	}
	// A group leader cannot start a session.
	_, err := rns.Setsid()
	wantErrno(t, err, "setsid", syscall.EPERM)

	h := startHolder(t, 0, "")
	if g, err := rns.Getpgid(h.pid); err != nil || g != pid {
		t.Fatalf("Getpgid(child) = %d, %v; want our group %d", g, err, pid)
	}
	// exec.Cmd.Start returns after the child exec'd: too late to move it.
	err = rns.Setpgid(h.pid, h.pid)
	wantErrno(t, err, "setpgid", syscall.EACCES)
	if !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("%v is not fs.ErrPermission", err)
	}
}
