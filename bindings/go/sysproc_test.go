package rns_test

// rns.Cmd reading SysProcAttr as os/exec does: each SysProcAttr field run with os/exec and
// rns.Cmd on the same SysProcAttr, the expectation os/exec's (syscall's own cases, ported one
// by one, are syscall_port_test.go's). A new user namespace mapping the caller's ids to 0
// makes them work as root and as an ordinary user.

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	rns "github.com/librns/librns/bindings/go"
)

// usernsAttr is a SysProcAttr with a new user namespace (the caller's uid and gid as 0) and
// more clone flags.
func usernsAttr(flags uintptr) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{
		Cloneflags:  syscall.CLONE_NEWUSER | flags,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}},
	}
}

// sideBySide runs script under sh with attr from os/exec and from rns.Cmd and wants the
// same output from both (and want, if not ""); it skips if os/exec cannot (no user
// namespaces here), saying why.
func sideBySide(t *testing.T, attr func() *syscall.SysProcAttr, script, want string) {
	t.Helper()
	skipWithoutPidfd(t)
	pc := exec.Command("sh", "-c", script)
	pc.SysProcAttr = attr()
	peer, perr := pc.CombinedOutput()
	if errors.Is(perr, syscall.EPERM) || errors.Is(perr, syscall.EACCES) || errors.Is(perr, syscall.EINVAL) {
		t.Skipf("os/exec cannot start it here (%v): no user namespaces for this user?", perr)
	}
	c := rns.Command("sh", "-c", script)
	c.SysProcAttr = attr()
	ours, err := c.CombinedOutput()
	if perr != nil || err != nil || !bytes.Equal(peer, ours) || want != "" && string(ours) != want {
		t.Fatalf("os/exec: %q, %v; rns: %q, %v; want %q from both", peer, perr, ours, err, want)
	}
}

// syscall's TestCloneNEWUSERAndRemap / TestGroupCleanupUserNamespace: the ids and the
// setgroups os/exec's default (GidMappingsEnableSetgroups false) writes; with it true,
// "allow" as root. As an ordinary user the kernel requires "deny" before a gid map: os/exec
// fails with EPERM there, rns.Cmd writes "deny" (a difference kept, in README.md).
func TestSysProcAttrUserns(t *testing.T) {
	sideBySide(t, func() *syscall.SysProcAttr { return usernsAttr(0) },
		"id -u; id -g; cat /proc/self/setgroups", "0\n0\ndeny\n")
	enable := func() *syscall.SysProcAttr {
		a := usernsAttr(0)
		a.GidMappingsEnableSetgroups = true
		return a
	}
	if os.Getuid() == 0 {
		sideBySide(t, enable, "cat /proc/self/setgroups", "allow\n")
		return
	}
	pc := exec.Command("cat", "/proc/self/setgroups")
	pc.SysProcAttr = enable()
	c := rns.Command("cat", "/proc/self/setgroups")
	c.SysProcAttr = enable()
	if peer, perr := pc.Output(); !errors.Is(perr, syscall.EPERM) {
		t.Errorf("os/exec, setgroups enabled, as uid %d: %q, %v; want EPERM", os.Getuid(), peer, perr)
	}
	if out, err := c.Output(); err != nil || string(out) != "deny\n" {
		t.Errorf("rns, setgroups enabled, as uid %d: %q, %v; want deny", os.Getuid(), out, err)
	}
}

// syscall's TestCloneNEWUSERAndRemap with a Credential: Credential without Groups under a
// denied setgroups is no setgroups call (os/exec skips it), and the ids are set.
func TestSysProcAttrCredentialInUserns(t *testing.T) {
	sideBySide(t, func() *syscall.SysProcAttr {
		a := usernsAttr(0)
		a.Credential = &syscall.Credential{Uid: 0, Gid: 0}
		return a
	}, "id -u; id -g", "0\n0\n")
}

// syscall's TestUnshare / TestCloneNEWUTS-style cases: UTS, PID (the program is pid 1),
// net and mount namespaces by Cloneflags, and by Unshareflags.
func TestSysProcAttrCloneflags(t *testing.T) {
	sideBySide(t, func() *syscall.SysProcAttr {
		return usernsAttr(syscall.CLONE_NEWUTS | syscall.CLONE_NEWPID | syscall.CLONE_NEWNET | syscall.CLONE_NEWIPC)
	}, "hostname sandbox && hostname; echo $$; grep -c : /proc/net/dev", "sandbox\n1\n1\n")
	own, _ := os.Readlink("/proc/self/ns/uts")
	sideBySide(t, func() *syscall.SysProcAttr {
		a := usernsAttr(0)
		a.Unshareflags = syscall.CLONE_NEWUTS | syscall.CLONE_NEWNS
		return a
	}, "test $(readlink /proc/self/ns/uts) != "+own+" && echo new", "new\n")
}

// A mount namespace from Cloneflags keeps "/"'s propagation as copied (os/exec does not
// remount), one from Unshareflags makes it private: in a child with a mount namespace of its
// own where "/" is made shared (as root, or root in a user namespace).
func TestSysProcAttrMountPropagationInChild(t *testing.T) {
	wrap := []string{"unshare", "-m", "--propagation", "unchanged", "sh", "-c", `mount --make-rshared / && exec "$@"`, "sh"}
	if !inChildVia(t, privileged, wrap) {
		return
	}
	script := `awk '$5 == "/" { print ($7 ~ /shared/) ? "shared" : "private" }' /proc/self/mountinfo`
	if own, _ := exec.Command("sh", "-c", script).Output(); string(own) != "shared\n" {
		t.Fatalf("\"/\" is %q here, want shared", own)
	}
	sideBySide(t, func() *syscall.SysProcAttr { return &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNS} },
		script, "shared\n")
	sideBySide(t, func() *syscall.SysProcAttr { return &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS} },
		script, "private\n")
}

// Setsid and Setpgid (syscall's TestSetpgid-style): the program leads a new session / group.
func TestSysProcAttrSession(t *testing.T) {
	stat := "read -r _ _ _ _ pgrp sid _ < /proc/$$/stat; test $pgrp = $$ && echo group; test $sid = $$ && echo session; true"
	sideBySide(t, func() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setsid: true} }, stat, "group\nsession\n")
	sideBySide(t, func() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }, stat, "group\n")
}

// PidFD: a pidfd of the child, the caller's to close, as os/exec fills it.
func TestSysProcAttrPidFD(t *testing.T) {
	skipWithoutPidfd(t)
	pidfd := -1
	c := rns.Command("true")
	c.SysProcAttr = &syscall.SysProcAttr{PidFD: &pidfd}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	defer c.Wait()
	if pidfd < 0 {
		t.Fatal("PidFD not filled")
	}
	defer syscall.Close(pidfd)
	in, err := rns.PidfdInfo(rns.RawFD(pidfd))
	if err != nil || in.Pid != c.Process.Pid {
		t.Errorf("PidfdInfo %+v, %v; want pid %d", in, err, c.Process.Pid)
	}
}

// What librns cannot do is refused with a clear error before anything starts: Ptrace,
// clone flags other than namespaces, Unshareflags' PID and time namespaces, and a setting
// given differently in the Cmd and in SysProcAttr.
func TestSysProcAttrRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  func(c *rns.Cmd)
		want string
	}{
		{"Ptrace", func(c *rns.Cmd) { c.SysProcAttr = &syscall.SysProcAttr{Ptrace: true} }, "Ptrace is not supported"},
		{"CLONE_VM", func(c *rns.Cmd) { c.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_VM} }, "Cloneflags other than CLONE_NEW*"},
		{"Unshare NEWPID", func(c *rns.Cmd) { c.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWPID} }, "use Cloneflags"},
		{"two maps", func(c *rns.Cmd) {
			c.UidMap = "0 0 1"
			c.SysProcAttr = usernsAttr(0)
		}, "both Cmd.UidMap/GidMap and SysProcAttr"},
		{"two credentials", func(c *rns.Cmd) {
			c.Credential = &rns.Credential{}
			c.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{}}
		}, "both Cmd.Credential and SysProcAttr.Credential"},
		{"two pdeathsigs", func(c *rns.Cmd) {
			c.Pdeathsig = syscall.SIGKILL
			c.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
		}, "Pdeathsig both set"},
	} {
		c := rns.Command("true")
		tc.set(c)
		if err := c.Run(); err == nil || !strings.Contains(err.Error(), tc.want) || c.Process != nil {
			t.Errorf("%s: %v (Process %v), want an error with %q", tc.name, err, c.Process, tc.want)
		}
	}
}

// Pdeathsig on a thread, as SysProcAttr's doc says (syscall's TestDeathSignalSetuid, the
// parent process dying, is in syscall_port_test.go): the program gets Pdeathsig when the
// thread that started it ends (a goroutine that exits locked to it).
func TestSysProcAttrPdeathsig(t *testing.T) {
	skipWithoutPidfd(t)
	script := `trap 'echo got; exit 0' USR1; echo ready; while :; do sleep 0.01; done`
	for _, name := range []string{"os-exec", "rns"} {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		attr := &syscall.SysProcAttr{Pdeathsig: syscall.SIGUSR1}
		r.SetDeadline(time.Now().Add(10 * time.Second)) // a missing signal fails, never hangs
		wait := make(chan func() error, 1)
		offMainThread(func() {
			var start, waitFn func() error
			if name == "rns" {
				c := rns.Command("sh", "-c", script)
				c.SysProcAttr, c.Stdout = attr, w
				start, waitFn = c.Start, c.Wait
			} else {
				c := exec.Command("sh", "-c", script)
				c.SysProcAttr, c.Stdout = attr, w
				start, waitFn = c.Start, c.Wait
			}
			if err = start(); err == nil {
				io.ReadFull(r, make([]byte, 6)) // "ready\n": the trap is set; now end the thread
			}
			wait <- waitFn
		})
		wf := <-wait
		w.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out, _ := io.ReadAll(r)
		r.Close()
		if werr := wf(); werr != nil || string(out) != "got\n" {
			t.Errorf("%s: %q, %v; want ready, got", name, out, werr)
		}
	}
}

// offMainThread runs fn on a goroutine locked to a thread that is not the main thread, and
// ends that thread after fn (a goroutine on the main thread, which Go never ends, starts
// another and leaves the main thread parked for good, as RunInNs does).
func offMainThread(fn func()) {
	var run func()
	run = func() {
		runtime.LockOSThread() // never unlocked: the thread ends with this goroutine
		if syscall.Gettid() == syscall.Getpid() {
			go run()
			return
		}
		fn()
	}
	go run()
}
