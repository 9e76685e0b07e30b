package rns_test

// Cmd's file actions (FileActions, KeepFds) and terminal (Setctty, Ctty, Noctty, Foreground,
// issue 18). The terminal cases are Go's own (syscall's TestForeground, TestForegroundSignal,
// TestInvalidExec; os/signal's Setctty use) run on a pty with os/exec and rns.Cmd side by side.

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	rns "github.com/librns/librns/bindings/go"
)

// FileDup2{1, 2} after Stdout is 2>&1 onto Stdout's file, in order; os/exec gets the same
// with Stdout and Stderr the same file.
func TestCmdFileActionsDup2Order(t *testing.T) {
	skipWithoutPidfd(t)
	dir := t.TempDir()
	script := "echo out; echo err >&2; echo out2"
	run := func(name string, start func(f *os.File) error) string {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := start(f); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, _ := os.ReadFile(f.Name())
		return string(b)
	}
	peer := run("peer", func(f *os.File) error {
		c := exec.Command("sh", "-c", script)
		c.Stdout, c.Stderr = f, f
		return c.Run()
	})
	ours := run("ours", func(f *os.File) error {
		c := rns.Command("sh", "-c", script)
		c.Stdout = f
		c.FileActions = []rns.FileAction{rns.FileDup2{Fd: 1, NewFd: 2}}
		_, err := statusOf(c, c.Run())
		return err
	})
	if ours != peer || peer != "out\nerr\nout2\n" {
		t.Fatalf("rns: %q; os/exec: %q", ours, peer)
	}
}

// FileChdir, FileOpen (relative to it), FileClose, FileFchdir; a missing path fails at "fds"
// with the action's place as Detail (after 0-2 and ExtraFiles).
func TestCmdFileActionsOpenChdir(t *testing.T) {
	skipWithoutPidfd(t)
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	c := rns.Command("sh", "-c", "pwd -P; cat <&5; echo closed >&4 || echo 4 is closed")
	c.ExtraFiles = []*os.File{devNull(t), devNull(t)} // fds 3 and 4
	c.FileActions = []rns.FileAction{
		rns.FileChdir{Dir: dir},
		rns.FileOpen{Fd: 6, Path: "sub/x", Flag: os.O_WRONLY | os.O_CREATE, Perm: 0o600},
		rns.FileChdir{Dir: "sub"},
		rns.FileOpen{Fd: 5, Path: "/proc/self/comm", Flag: os.O_RDONLY},
		rns.FileClose{Fd: 4},
	}
	out, st, err := outputStatus(c)
	if err != nil || st.Code != 0 {
		t.Fatalf("%v %+v", err, st)
	}
	want := filepath.Join(dir, "sub") + "\nsh\n4 is closed\n"
	if got := string(out); !strings.HasPrefix(got, filepath.Join(dir, "sub")+"\n") || !strings.HasSuffix(got, "4 is closed\n") {
		t.Fatalf("got %q, want %q", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "sub", "x")); err != nil {
		t.Fatalf("FileOpen relative to FileChdir: %v", err)
	}
	d, err := os.Open(filepath.Join(dir, "sub"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	c = rns.Command("pwd", "-P")
	c.ExtraFiles = []*os.File{d}
	c.FileActions = []rns.FileAction{rns.FileFchdir{Fd: 3}}
	if out, _, err = outputStatus(c); err != nil || string(out) != filepath.Join(dir, "sub")+"\n" {
		t.Fatalf("FileFchdir: %q %v", out, err)
	}
	c = rns.Command("true")
	c.FileActions = []rns.FileAction{rns.FileClose{Fd: 40}, rns.FileOpen{Fd: 3, Path: "/nonexistent/x"}}
	err = c.Start()
	var se *rns.SpawnError
	if !errors.As(err, &se) || se.Step != "fds" || se.Detail != 3+1 || !errors.Is(err, syscall.ENOENT) {
		t.Fatalf("got %#v (%v), want ENOENT at fds, Detail 4", err, err)
	}
	c = rns.Command("true")
	c.FileActions = []rns.FileAction{rns.FileClose{Fd: -1}}
	if err := c.Start(); !errors.Is(err, syscall.EBADF) {
		t.Fatalf("FileClose{-1}: %v, want EBADF", err)
	}
}

// KeepFds keeps a caller's fd without close-on-exec open, as os/exec (and posix_spawn) do;
// rns.Cmd's default closes it (the documented difference).
func TestCmdKeepFds(t *testing.T) {
	skipWithoutPidfd(t)
	fd, err := syscall.Dup(int(devNull(t).Fd())) // no close-on-exec
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	script := fmt.Sprintf("[ -e /proc/$$/fd/%d ] && echo open || echo closed", fd)
	peer, err := exec.Command("sh", "-c", script).Output()
	if err != nil || string(peer) != "open\n" {
		t.Fatalf("os/exec: %q %v", peer, err)
	}
	for _, keep := range []bool{false, true} {
		c := rns.Command("sh", "-c", script)
		c.KeepFds = keep
		out, _, err := outputStatus(c)
		want := map[bool]string{false: "closed\n", true: string(peer)}[keep]
		if err != nil || string(out) != want {
			t.Fatalf("KeepFds %v: %q %v, want %q", keep, out, err, want)
		}
	}
}

// Setctty with Foreground, and Setctty with a Ctty the child lacks: errors, as in os/exec
// (syscall's TestInvalidExec).
func TestCmdInvalidCtty(t *testing.T) {
	for _, sys := range []syscall.SysProcAttr{
		{Setctty: true, Foreground: true, Ctty: 0},
		{Setctty: true, Ctty: 3},
	} {
		pc := exec.Command("true")
		pc.SysProcAttr = &sys
		perr := pc.Start()
		c := rns.Command("true")
		c.Setctty, c.Foreground, c.Ctty = sys.Setctty, sys.Foreground, sys.Ctty
		err := c.Start()
		viaAttr := rns.Command("true")
		viaAttr.SysProcAttr = &sys
		aerr := viaAttr.Start()
		if perr == nil || err == nil || aerr == nil {
			t.Fatalf("%+v: os/exec %v, rns %v, rns with SysProcAttr %v; errors expected", sys, perr, err, aerr)
		}
	}
}

// ptyFor is openPty's pair, closed at the end of t: the slave our controlling terminal (the
// caller leads a session without one), or, !ctty, given up again (no one's terminal).
func ptyFor(t *testing.T, ctty bool) (master, slave *os.File) {
	m, s, err := openPty()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	t.Cleanup(func() { s.Close(); m.Close() })
	if !ctty {
		if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, s.Fd(), syscall.TIOCNOTTY, 0); e != 0 {
			t.Fatal(e)
		}
	}
	return m, s
}

// ttyScript prints the shell's "pgrp tty_nr tpgid pid" from /proc/PID/stat.
const ttyScript = `set -- $(sed 's/.*) //' /proc/$$/stat); echo $3 $5 $6 $$`

// ttyFields runs ttyScript through os/exec with sys, or rns.Cmd set by set.
func ttyFields(t *testing.T, sys *syscall.SysProcAttr, stdin *os.File, set func(*rns.Cmd)) [4]int {
	var out []byte
	var err error
	if sys != nil {
		c := exec.Command("sh", "-c", ttyScript)
		c.SysProcAttr, c.Stdin = sys, stdin
		out, err = c.Output()
	} else {
		c := rns.Command("sh", "-c", ttyScript)
		c.Stdin = stdin
		set(c)
		out, _, err = outputStatus(c)
	}
	var v [4]int
	if err != nil {
		t.Fatalf("%v", err)
	}
	if _, err := fmt.Sscan(string(out), &v[0], &v[1], &v[2], &v[3]); err != nil {
		t.Fatalf("%q: %v", out, err)
	}
	return v
}

// ttyRdev is the pty slave's device number, as tty_nr shows it.
func ttyRdev(t *testing.T, f *os.File) int {
	var st syscall.Stat_t
	if err := syscall.Fstat(int(f.Fd()), &st); err != nil {
		t.Fatal(err)
	}
	return int(st.Rdev)
}

// syscall's TestForeground on a pty of a session of the test's own: the child's group is
// its own (pgrp == pid) and the terminal's foreground group, for os/exec and rns.Cmd alike.
func TestCmdForeground(t *testing.T) {
	if !inChild(t, plain) {
		return
	}
	if _, err := syscall.Setsid(); err != nil {
		t.Fatal(err)
	}
	signal.Ignore(syscall.SIGHUP, syscall.SIGTTOU, syscall.SIGTTIN)
	_, tty := ptyFor(t, true)
	fd := int(tty.Fd())
	for _, way := range []string{"os/exec", "rns", "rns with SysProcAttr"} {
		var v [4]int
		switch way {
		case "os/exec":
			v = ttyFields(t, &syscall.SysProcAttr{Ctty: fd, Foreground: true}, nil, nil)
		case "rns":
			v = ttyFields(t, nil, nil, func(c *rns.Cmd) { c.Ctty, c.Foreground = fd, true })
		default:
			v = ttyFields(t, nil, nil, func(c *rns.Cmd) { c.SysProcAttr = &syscall.SysProcAttr{Ctty: fd, Foreground: true} })
		}
		if v[0] != v[3] || v[2] != v[0] || v[1] != ttyRdev(t, tty) || v[0] == syscall.Getpgrp() {
			t.Fatalf("%s: pgrp %d tty %d tpgid %d pid %d", way, v[0], v[1], v[2], v[3])
		}
		if err := tcsetpgrp(fd, syscall.Getpgrp()); err != nil {
			t.Fatal(err)
		}
	}
}

func tcsetpgrp(fd, pgrp int) error {
	p := int32(pgrp)
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), syscall.TIOCSPGRP, uintptr(unsafe.Pointer(&p))); e != 0 {
		return e
	}
	return nil
}

// syscall's TestForegroundSignal: starting a Foreground child sends us no SIGTTOU or SIGTTIN.
func TestCmdForegroundSignal(t *testing.T) {
	if !inChild(t, plain) {
		return
	}
	if _, err := syscall.Setsid(); err != nil {
		t.Fatal(err)
	}
	signal.Ignore(syscall.SIGHUP)
	_, tty := ptyFor(t, true)
	fd := int(tty.Fd())
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGTTIN, syscall.SIGTTOU)
	for _, way := range []string{"os/exec", "rns", "rns with SysProcAttr"} {
		var err error
		switch way {
		case "os/exec":
			c := exec.Command("sleep", "0.1")
			c.SysProcAttr = &syscall.SysProcAttr{Ctty: fd, Foreground: true}
			err = c.Run()
		case "rns":
			c := rns.Command("sleep", "0.1")
			c.Ctty, c.Foreground = fd, true
			_, err = statusOf(c, c.Run())
		default:
			c := rns.Command("sleep", "0.1")
			c.SysProcAttr = &syscall.SysProcAttr{Ctty: fd, Foreground: true}
			_, err = statusOf(c, c.Run())
		}
		if err != nil {
			t.Fatalf("%s: %v", way, err)
		}
		select {
		case sig := <-ch:
			t.Fatalf("%s: unexpected signal %v", way, sig)
		case <-time.After(50 * time.Millisecond):
		}
		signal.Ignore(syscall.SIGTTOU)
		if err := tcsetpgrp(fd, syscall.Getpgrp()); err != nil {
			t.Fatal(err)
		}
		signal.Notify(ch, syscall.SIGTTIN, syscall.SIGTTOU)
	}
}

// Setctty with Setsid: the pty (fd 0, a number in the child) is the program's controlling
// terminal; Noctty: the program has none where it had ours. os/exec and rns.Cmd alike.
func TestCmdSetcttyNoctty(t *testing.T) {
	if !inChild(t, plain) {
		return
	}
	if _, err := syscall.Setsid(); err != nil {
		t.Fatal(err)
	}
	signal.Ignore(syscall.SIGHUP)
	_, free := ptyFor(t, false) // no one's terminal
	p := ttyFields(t, &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}, free, nil)
	o := ttyFields(t, nil, free, func(c *rns.Cmd) { c.Setsid, c.Setctty, c.Ctty = true, true, 0 })
	if p[1] != ttyRdev(t, free) || o[1] != p[1] || o[2] != o[0] {
		t.Fatalf("Setctty: os/exec %v, rns %v, want tty %d", p, o, ttyRdev(t, free))
	}
	_, ours := ptyFor(t, true) // our session's terminal
	p = ttyFields(t, &syscall.SysProcAttr{Noctty: true}, ours, nil)
	o = ttyFields(t, nil, ours, func(c *rns.Cmd) { c.Noctty = true })
	if p[1] != 0 || o[1] != 0 {
		t.Fatalf("Noctty: os/exec tty %d, rns tty %d, want 0", p[1], o[1])
	}
	// Noctty with a fd 0 that is not our terminal: ENOTTY at "tty", as os/exec fails too.
	pc := exec.Command("true")
	pc.SysProcAttr = &syscall.SysProcAttr{Noctty: true}
	c := rns.Command("true")
	c.Noctty = true
	err := c.Start()
	var se *rns.SpawnError
	if perr := pc.Run(); !errors.Is(perr, syscall.ENOTTY) || !errors.As(err, &se) || se.Step != "tty" ||
		!errors.Is(err, syscall.ENOTTY) {
		t.Fatalf("Noctty on /dev/null: os/exec %v, rns %v", perr, err)
	}
	// The documented difference: a terminal our session holds is not stolen by Setctty, as
	// root either (Go passes 1 to TIOCSCTTY and, as root, takes it).
	c = rns.Command("true")
	c.Stdin, c.Setsid, c.Setctty = ours, true, true
	if err := c.Start(); !errors.As(err, &se) || se.Step != "tty" || !errors.Is(err, syscall.EPERM) || se.Detail != 0 {
		t.Fatalf("Setctty on another session's terminal: %v, want EPERM at tty", err)
	}
	pc = exec.Command("true")
	pc.Stdin = ours
	pc.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	perr := pc.Run()
	if os.Geteuid() == 0 && perr != nil {
		t.Fatalf("os/exec as root steals the terminal: %v", perr)
	} else if os.Geteuid() != 0 && !errors.Is(perr, syscall.EPERM) {
		t.Fatalf("os/exec as an ordinary user: %v, want EPERM", perr)
	}
}
