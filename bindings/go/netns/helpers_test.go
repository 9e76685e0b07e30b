package netns_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// Tests that change namespaces run their body in a child: the test binary again, with
// -test.run naming the test and envChild set, as root or as root in a user namespace of its
// own. The test process itself never leaves its namespaces, and the bodies also run on
// goroutines that lock their thread and never unlock it (onDiscardedThread), so the thread
// ends with them.
//
//	func TestX(t *testing.T) {
//		if !inChild(t, false) { return } // parent: ran the child, reported its result
//		... body, in the child ...
//	}
const (
	envChild = "RNS_NETNS_TEST_CHILD" // the test the child runs
	envNamed = "RNS_NETNS_TEST_NAMED" // the child has a private tmpfs at /run (named netns)
)

// inChild reports whether the test body should run here: true in the child; in the parent
// it runs the child, fails or skips t as the child did, and returns false. named gives the
// child a mount namespace of its own with a tmpfs on /run, so /run/netns is its own.
func inChild(t *testing.T, named bool) bool {
	t.Helper()
	_, ok := childRun(t, named, 0)
	return ok
}

// childRun is inChild that also returns the child's output to the parent, and starts the
// child with cloneflags (syscall.CLONE_NEW*) besides.
func childRun(t *testing.T, named bool, cloneflags uintptr) (string, bool) {
	t.Helper()
	if os.Getenv(envChild) == t.Name() {
		if named {
			privateRun(t)
		}
		return "", true
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^"+t.Name()+"$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), envChild+"="+t.Name(), "GORACE=atexit_sleep_ms=0")
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: cloneflags}
	if os.Geteuid() == 0 {
		if named {
			cmd.SysProcAttr.Unshareflags = syscall.CLONE_NEWNS // / made rprivate by os/exec
		}
	} else {
		// Root in a user namespace that owns the child's network namespace, so the child
		// may go back into it; its mounts are slaves of ours, so /run stays its own.
		cmd.SysProcAttr.Cloneflags |= syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS | syscall.CLONE_NEWNET
		cmd.SysProcAttr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}}
		cmd.SysProcAttr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}}
	}
	out, err := cmd.CombinedOutput()
	var exitErr *exec.ExitError
	switch {
	case err != nil && !errors.As(err, &exitErr) && os.Geteuid() != 0:
		t.Skipf("needs root or an unprivileged user namespace (CAP_SYS_ADMIN over a network namespace), and could start neither: %v", err)
	case err != nil:
		t.Fatalf("child %s: %v\n%s", t.Name(), err, out)
	case bytes.Contains(out, []byte("no tests to run")):
		t.Fatalf("child ran no test:\n%s", out)
	case bytes.Contains(out, []byte("--- SKIP")):
		t.Skipf("child skipped: %s", out)
	case testing.Verbose():
		t.Logf("child output:\n%s", out)
	}
	return string(out), false
}

var runOnce sync.Once

// privateRun mounts a tmpfs on /run in the child's own mount namespace.
func privateRun(t *testing.T) {
	t.Helper()
	var err error
	runOnce.Do(func() { err = syscall.Mount("tmpfs", "/run", "tmpfs", 0, "mode=0755") })
	if err != nil {
		t.Fatalf("mounting a tmpfs on /run in the child's mount namespace: %v", err)
	}
	os.Setenv(envNamed, "1")
}

// onDiscardedThread runs f on a new goroutine locked to its OS thread, which never unlocks:
// the runtime ends the thread with the goroutine, whatever namespace f left it in. A
// t.Fatal in f ends only that goroutine; the test then fails.
func onDiscardedThread(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread() // never unlocked: the thread is discarded
		f()
	}()
	<-done
}

// nsID is a namespace's identity: (st_dev, st_ino) of its nsfs file.
type nsID struct{ dev, ino uint64 }

func statNs(t *testing.T, path string) nsID {
	t.Helper()
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		t.Fatal(err)
	}
	return nsID{st.Dev, st.Ino}
}

func fstatNs(t *testing.T, fd int) nsID {
	t.Helper()
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		t.Fatal(err)
	}
	return nsID{st.Dev, st.Ino}
}

// ip runs ip(8) with args; it skips t where ip is missing.
func ip(t *testing.T, args ...string) string {
	t.Helper()
	path, err := exec.LookPath("ip")
	if err != nil {
		t.Skip("ip(8) (iproute2) is not installed: cannot compare with ip netns")
	}
	out, err := exec.Command(path, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("ip %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}
