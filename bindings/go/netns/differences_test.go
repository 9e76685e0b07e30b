package netns_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	rns "github.com/librns/librns/bindings/go"
	"github.com/librns/librns/bindings/go/netns"
)

// vishvananda/netns v0.0.5's exported API, signature by signature (`go doc -all`): a
// program written against it compiles against this package.
var (
	_ func() (netns.NsHandle, error)            = netns.Get
	_ func(int) (netns.NsHandle, error)         = netns.GetFromPid
	_ func(int, int) (netns.NsHandle, error)    = netns.GetFromThread
	_ func(string) (netns.NsHandle, error)      = netns.GetFromPath
	_ func(string) (netns.NsHandle, error)      = netns.GetFromName
	_ func(string) (netns.NsHandle, error)      = netns.GetFromDocker
	_ func() (netns.NsHandle, error)            = netns.New
	_ func(string) (netns.NsHandle, error)      = netns.NewNamed
	_ func(string) error                        = netns.DeleteNamed
	_ func(netns.NsHandle) error                = netns.Set
	_ func(netns.NsHandle, int) error           = netns.Setns
	_ func() netns.NsHandle                     = netns.None
	_ func(netns.NsHandle, netns.NsHandle) bool = netns.NsHandle.Equal
	_ func(netns.NsHandle) string               = netns.NsHandle.String
	_ func(netns.NsHandle) string               = netns.NsHandle.UniqueId
	_ func(netns.NsHandle) bool                 = netns.NsHandle.IsOpen
	_ func(*netns.NsHandle) error               = (*netns.NsHandle).Close
	_ int                                       = int(netns.NsHandle(3)) // an int type
	// Untyped constants, as there: they fit a uintptr (raw syscalls) and an int alike.
	_ uintptr = netns.CLONE_NEWNET | netns.CLONE_NEWUTS | netns.CLONE_NEWIPC |
		netns.CLONE_NEWUSER | netns.CLONE_NEWPID | netns.CLONE_IO
)

// The CLONE_* constants are the kernel's values, as librns's header has them.
func TestConstantsAsKernel(t *testing.T) {
	for _, c := range []struct {
		got  int
		want rns.CloneFlags
	}{
		{netns.CLONE_NEWUTS, rns.CloneNewUTS}, {netns.CLONE_NEWIPC, rns.CloneNewIPC},
		{netns.CLONE_NEWUSER, rns.CloneNewUser}, {netns.CLONE_NEWPID, rns.CloneNewPID},
		{netns.CLONE_NEWNET, rns.CloneNewNet},
	} {
		if c.got != int(c.want) {
			t.Errorf("%v: %#x, want %#x", c.want, c.got, uint32(c.want))
		}
	}
	if netns.CLONE_IO != 0x80000000 { // CLONE_IO (linux/sched.h); no namespace, not in rns
		t.Errorf("CLONE_IO = %#x, want 0x80000000", netns.CLONE_IO)
	}
}

// reapedPid is the pid of a process that has exited and been reaped.
func reapedPid(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// The errors vishvananda/netns returns, as bare syscall.Errno values (compared with ==, as
// its callers may), each beside the /proc or /run path vishvananda/netns opens, opened here
// as it opens it: the same errno, or the same namespace. None of these changes a thread.
func TestErrorsAsNetns(t *testing.T) {
	gone, pid := reapedPid(t), os.Getpid()
	cases := []struct {
		name string
		call func() (netns.NsHandle, error)
		peer string // the path vishvananda/netns opens
	}{
		{"GetFromName(missing)", func() (netns.NsHandle, error) { return netns.GetFromName("rns-test-no-such-netns") }, "/run/netns/rns-test-no-such-netns"},
		{"GetFromPath(missing)", func() (netns.NsHandle, error) { return netns.GetFromPath("/nonexistent/ns") }, "/nonexistent/ns"},
		{"GetFromPid(0)", func() (netns.NsHandle, error) { return netns.GetFromPid(0) }, "/proc/0/ns/net"},
		{"GetFromPid(-1)", func() (netns.NsHandle, error) { return netns.GetFromPid(-1) }, "/proc/-1/ns/net"},
		{"GetFromPid(gone)", func() (netns.NsHandle, error) { return netns.GetFromPid(gone) }, fmt.Sprintf("/proc/%d/ns/net", gone)},
		{"GetFromPid(1<<40)", func() (netns.NsHandle, error) { return netns.GetFromPid(1 << 40) }, fmt.Sprintf("/proc/%d/ns/net", 1<<40)},
		{"GetFromPid(1)", func() (netns.NsHandle, error) { return netns.GetFromPid(1) }, "/proc/1/ns/net"},
		{"GetFromThread(pid, gone)", func() (netns.NsHandle, error) { return netns.GetFromThread(pid, gone) }, fmt.Sprintf("/proc/%d/task/%d/ns/net", pid, gone)},
		{"GetFromThread(0, pid)", func() (netns.NsHandle, error) { return netns.GetFromThread(0, pid) }, fmt.Sprintf("/proc/0/task/%d/ns/net", pid)},
		{"GetFromThread(gone, pid)", func() (netns.NsHandle, error) { return netns.GetFromThread(gone, pid) }, fmt.Sprintf("/proc/%d/task/%d/ns/net", gone, pid)},
		{"GetFromThread(pid, pid)", func() (netns.NsHandle, error) { return netns.GetFromThread(pid, pid) }, fmt.Sprintf("/proc/%d/task/%d/ns/net", pid, pid)},
	}
	for _, c := range cases {
		h, err := c.call()
		fd, peerErr := syscall.Open(c.peer, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		switch {
		case peerErr != nil && (err != peerErr || h != netns.None()):
			t.Errorf("%s = %v, %#v; want None, %v (a bare syscall.Errno, as opening %s)", c.name, h, err, peerErr, c.peer)
		case peerErr == nil && err != nil:
			t.Errorf("%s: %v; %s opens", c.name, err, c.peer)
		case peerErr == nil && fstatNs(t, int(h)) != fstatNs(t, fd):
			t.Errorf("%s = %v, not the namespace of %s", c.name, h, c.peer)
		}
		if peerErr == nil {
			syscall.Close(fd)
		}
		if err == nil {
			h.Close()
		}
	}
	if err := netns.DeleteNamed("rns-test-no-such-netns"); err != syscall.ENOENT {
		t.Errorf("DeleteNamed(missing) = %#v, want ENOENT", err)
	}
	if err := netns.Set(netns.None()); err != syscall.EBADF {
		t.Errorf("Set(None()) = %#v, want EBADF", err)
	}
	if err := netns.Set(netns.NsHandle(1<<32 + 2)); err != syscall.EBADF {
		t.Errorf("Set(1<<32 + 2) = %#v, want EBADF (never fd 2)", err)
	}
	if err := netns.Setns(netns.None(), -1); err != syscall.EINVAL {
		t.Errorf("Setns(None(), -1) = %#v, want EINVAL", err)
	}
	none := netns.None()
	if err := none.Close(); err != syscall.EBADF || none != netns.None() {
		t.Errorf("None().Close() = %#v, want EBADF", err)
	}
	if s, u := none.String(), none.UniqueId(); s != "NS(none)" || u != "NS(none)" {
		t.Errorf("None: String %q, UniqueId %q; want NS(none)", s, u)
	}
}

// Get, GetFromPid and the handle's methods, beside /proc (which vishvananda/netns opens).
func TestHandleAsProc(t *testing.T) {
	self, err := netns.GetFromPid(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	defer self.Close()
	want := statNs(t, "/proc/self/ns/net")
	if got := fstatNs(t, int(self)); got != want {
		t.Fatalf("GetFromPid(self) = %v, /proc/self/ns/net is %v", got, want)
	}
	if s, u := self.String(), self.UniqueId(); s != fmt.Sprintf("NS(%d: %d, %d)", int(self), want.dev, want.ino) ||
		u != fmt.Sprintf("NS(%d:%d)", want.dev, want.ino) {
		t.Errorf("String %q, UniqueId %q", s, u)
	}
	path, err := netns.GetFromPath("/proc/self/ns/net")
	if err != nil {
		t.Fatal(err)
	}
	if !path.Equal(self) || !self.Equal(path) {
		t.Errorf("GetFromPath(/proc/self/ns/net) %v is not GetFromPid(self) %v", path, self)
	}
	closed := path
	path.Close()
	if path.IsOpen() || self.Equal(closed) || closed.String() != fmt.Sprintf("NS(%d: unknown)", int(closed)) {
		t.Errorf("after Close: IsOpen %v, Equal %v, String %q", path.IsOpen(), self.Equal(closed), closed.String())
	}
	if fd, _, _ := syscall.Syscall(syscall.SYS_FCNTL, uintptr(self), syscall.F_GETFD, 0); fd&syscall.FD_CLOEXEC == 0 {
		t.Error("the handle's fd is not close-on-exec")
	}
}

// GetFromThread opens the namespace of another thread of the process (through a thread
// pidfd), as /proc/PID/task/TID/ns/net shows it; GetFromPid of that tid too, as
// /proc/TID/ns/net does; a tid of another process is ENOENT.
func TestGetFromThreadOfAnotherThread(t *testing.T) {
	if !inChild(t, false) {
		return
	}
	type thread struct {
		tid int
		ns  netns.NsHandle
	}
	ready, done := make(chan thread), make(chan struct{})
	go onDiscardedThread(func() {
		ns, err := netns.New()
		if err != nil {
			t.Error(err)
		}
		ready <- thread{syscall.Gettid(), ns}
		<-done
	})
	defer close(done)
	th := <-ready
	if !th.ns.IsOpen() {
		t.FailNow()
	}
	pid := os.Getpid()
	proc := statNs(t, fmt.Sprintf("/proc/%d/task/%d/ns/net", pid, th.tid))
	for _, c := range []struct {
		name string
		call func() (netns.NsHandle, error)
	}{
		{"GetFromThread(pid, tid)", func() (netns.NsHandle, error) { return netns.GetFromThread(pid, th.tid) }},
		{"GetFromPid(tid)", func() (netns.NsHandle, error) { return netns.GetFromPid(th.tid) }},
	} {
		h, err := c.call()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := fstatNs(t, int(h)); got != proc || !h.Equal(th.ns) {
			t.Errorf("%s = %v, the thread's is %v (/proc: %v)", c.name, h, th.ns, proc)
		}
		h.Close()
	}
	if h, err := netns.GetFromThread(os.Getppid(), th.tid); err != syscall.ENOENT {
		t.Errorf("GetFromThread(ppid, tid) = %v, %#v; want ENOENT (not a thread of ppid)", h, err)
	}
	here, _ := netns.Get()
	if here.Equal(th.ns) {
		t.Error("this thread is in the other thread's new namespace")
	}
	here.Close()
}

// tasksIn lists the threads of this process in namespace id, but the main thread: a
// goroutine that exits locked to it (as New's careless caller may, if it ran there) has the
// runtime park it for good rather than end it, and no goroutine runs there again (what
// rns.RunInNamespaces relies on to retire it).
func tasksIn(t *testing.T, id nsID) []string {
	t.Helper()
	paths, _ := filepath.Glob("/proc/self/task/*/ns/net")
	var in []string
	for _, p := range paths {
		if p == fmt.Sprintf("/proc/self/task/%d/ns/net", os.Getpid()) {
			continue
		}
		var st syscall.Stat_t
		if syscall.Stat(p, &st) == nil && (nsID{st.Dev, st.Ino}) == id {
			in = append(in, p)
		}
	}
	return in
}

// A goroutine that calls New without runtime.LockOSThread and ends without going back does
// not hand its switched thread to the runtime (vishvananda/netns's New does: the thread then
// runs other goroutines in the new namespace): New locked it, so the runtime ends it (or,
// the main thread, parks it for good). Checked both ways: no goroutine started afterwards
// finds itself in the new namespace, and no thread but the main one stays there.
func TestNewNeverHandsBackSwitchedThread(t *testing.T) {
	if !inChild(t, false) {
		return
	}
	ids := make(chan nsID, 1)
	go func() { // no runtime.LockOSThread, as a careless caller
		ns, err := netns.New()
		if err != nil {
			t.Error(err)
			ids <- nsID{}
			return
		}
		ids <- fstatNs(t, int(ns))
		ns.Close()
	}()
	id := <-ids
	if id == (nsID{}) {
		t.FailNow()
	}
	var seen atomic.Int32
	for end := time.Now().Add(300 * time.Millisecond); time.Now().Before(end); {
		var wg sync.WaitGroup
		for i := 0; i < 16; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var st syscall.Stat_t
				if syscall.Stat("/proc/thread-self/ns/net", &st) == nil && (nsID{st.Dev, st.Ino}) == id {
					seen.Add(1)
				}
			}()
		}
		wg.Wait()
	}
	if n := seen.Load(); n > 0 {
		t.Fatalf("%d goroutines ran on a thread New left in its namespace", n)
	}
	var left []string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if left = tasksIn(t, id); len(left) == 0 {
			return
		}
	}
	t.Fatalf("threads still in New's namespace after its goroutine ended: %v", left)
}

// New's lock is released when Set brings the thread home (the namespace it had before the
// first New), and only then; nested New calls keep one lock.
func TestNewLockReleasedAtHome(t *testing.T) {
	if !inChild(t, false) {
		return
	}
	onDiscardedThread(func() {
		orig, err := netns.Get()
		if err != nil {
			t.Fatal(err)
		}
		defer orig.Close()
		if netns.Guarded() {
			t.Fatal("guarded before New")
		}
		first, err := netns.New()
		if err != nil {
			t.Fatal(err)
		}
		defer first.Close()
		second, err := netns.New()
		if err != nil {
			t.Fatal(err)
		}
		defer second.Close()
		if err := netns.Set(first); err != nil || !netns.Guarded() {
			t.Fatalf("Set(first) = %v; guarded %v, want true (not home yet)", err, netns.Guarded())
		}
		if err := netns.Set(orig); err != nil || netns.Guarded() {
			t.Fatalf("Set(orig) = %v; guarded %v, want false (home)", err, netns.Guarded())
		}
	})
}

// ipNetnsIno is the network namespace inode `ip netns exec name` runs a program in.
func ipNetnsIno(t *testing.T, name string) string {
	t.Helper()
	return strings.TrimSpace(ip(t, "netns", "exec", name, "readlink", "/proc/self/ns/net"))
}

// Named namespaces as `ip netns` keeps them: ip sees ours and we open ip's; existing and
// missing names give netns's errors; NewNamed of an existing name leaves the thread alone.
func TestNamedAsIpNetns(t *testing.T) {
	ip(t, "-V") // skip early without ip(8)
	if !inChild(t, true) {
		return
	}
	onDiscardedThread(func() {
		orig, _ := netns.Get()
		defer orig.Close()
		a, err := netns.NewNamed("rns-a")
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		if here, _ := netns.Get(); !here.Equal(a) || here.Equal(orig) || !netns.Guarded() {
			t.Fatalf("after NewNamed the thread is in %v, want %v (guarded %v)", here, a, netns.Guarded())
		}
		if got, want := ipNetnsIno(t, "rns-a"), fmt.Sprintf("net:[%d]", fstatNs(t, int(a)).ino); got != want {
			t.Errorf("ip netns exec rns-a: %s, NewNamed gave %s", got, want)
		}
		h, err := netns.NewNamed("rns-a")
		var pe *fs.PathError
		if !errors.As(err, &pe) || !os.IsExist(err) || h.IsOpen() {
			t.Errorf("NewNamed(existing) = %v, %#v; want an *fs.PathError with EEXIST", h, err)
		}
		if here, _ := netns.Get(); !here.Equal(a) {
			t.Errorf("NewNamed(existing) moved the thread to %v", here)
		}
		if err := netns.Set(orig); err != nil || netns.Guarded() {
			t.Fatalf("Set(orig) = %v, guarded %v", err, netns.Guarded())
		}
		ip(t, "netns", "add", "rns-b")
		b, err := netns.GetFromName("rns-b")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := ipNetnsIno(t, "rns-b"), fmt.Sprintf("net:[%d]", fstatNs(t, int(b)).ino); got != want {
			t.Errorf("GetFromName(rns-b) = %s, ip netns exec: %s", want, got)
		}
		b.Close()
		if err := netns.DeleteNamed("rns-a"); err != nil {
			t.Fatal(err)
		}
		if list := ip(t, "netns", "list"); strings.Contains(list, "rns-a") || !strings.Contains(list, "rns-b") {
			t.Errorf("ip netns list after DeleteNamed(rns-a):\n%s", list)
		}
		if h, err := netns.GetFromName("rns-a"); err != syscall.ENOENT {
			t.Errorf("GetFromName(deleted) = %v, %#v; want ENOENT", h, err)
		}
		if err := netns.DeleteNamed("rns-b"); err != nil {
			t.Errorf("DeleteNamed(ip's rns-b): %v", err)
		}
	})
}

// Names that are not a single file name of /run/netns are EINVAL, and nothing of /run/netns
// is touched (vishvananda/netns's DeleteNamed("") detaches the whole /run/netns mount).
func TestNamedBadNames(t *testing.T) {
	ip(t, "-V")
	if !inChild(t, true) {
		return
	}
	ip(t, "netns", "add", "rns-kept")
	onDiscardedThread(func() {
		orig, _ := netns.Get()
		defer orig.Close()
		for _, name := range []string{"", ".", "..", "a/b", "../x", strings.Repeat("n", 256)} {
			if h, err := netns.NewNamed(name); !errors.Is(err, syscall.EINVAL) || h.IsOpen() {
				t.Errorf("NewNamed(%.20q) = %v, %v; want EINVAL", name, h, err)
			}
			if err := netns.DeleteNamed(name); err != syscall.EINVAL {
				t.Errorf("DeleteNamed(%.20q) = %#v; want EINVAL", name, err)
			}
			if h, err := netns.GetFromName(name); err != syscall.EINVAL || h.IsOpen() {
				t.Errorf("GetFromName(%.20q) = %v, %#v; want EINVAL", name, h, err)
			}
		}
		if here, _ := netns.Get(); !here.Equal(orig) || netns.Guarded() {
			t.Errorf("a failed NewNamed moved the thread (guarded %v)", netns.Guarded())
		}
	})
	if list := ip(t, "netns", "list"); !strings.Contains(list, "rns-kept") {
		t.Errorf("ip netns list lost rns-kept:\n%s", list)
	}
	ip(t, "netns", "del", "rns-kept")
}

// Concurrent NewNamed calls of one name: exactly one makes it, the others get EEXIST and
// stay where they were; of distinct names: all made, all seen by ip netns list.
func TestNamedConcurrent(t *testing.T) {
	ip(t, "-V")
	if !inChild(t, true) {
		return
	}
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			onDiscardedThread(func() {
				orig, _ := netns.Get()
				defer orig.Close()
				h, err := netns.NewNamed("rns-same")
				errs <- err
				if err == nil {
					h.Close()
				} else if here, _ := netns.Get(); !here.Equal(orig) {
					t.Errorf("a failed NewNamed moved its thread")
				}
				if _, err := netns.NewNamed(fmt.Sprintf("rns-%d", i)); err != nil {
					t.Error(err)
				}
			})
		}(i)
	}
	wg.Wait()
	close(errs)
	made := 0
	for err := range errs {
		switch {
		case err == nil:
			made++
		case !os.IsExist(err):
			t.Errorf("NewNamed(rns-same): %v, want EEXIST", err)
		}
	}
	if made != 1 {
		t.Errorf("NewNamed(rns-same) succeeded %d times, want once", made)
	}
	list := ip(t, "netns", "list")
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("rns-%d", i)
		if !strings.Contains(list, name) {
			t.Errorf("ip netns list lacks %s:\n%s", name, list)
		}
		if err := netns.DeleteNamed(name); err != nil {
			t.Error(err)
		}
	}
	if err := netns.DeleteNamed("rns-same"); err != nil {
		t.Error(err)
	}
}

// In a pid namespace of its own whose /proc is still the parent's, GetFromThread and
// GetFromPid open the thread the caller's pids name (through thread pidfds); the /proc paths
// vishvananda/netns opens name another task, or none, there.
func TestGetFromThreadForeignProc(t *testing.T) {
	if _, ok := childRun(t, false, syscall.CLONE_NEWPID); !ok {
		return
	}
	pid := os.Getpid() // 1: the child's pid namespace; /proc numbers the parent's
	ready, done := make(chan int), make(chan struct{})
	defer close(done)
	var newns netns.NsHandle
	tid := 0
	for tries := 0; tid == 0 && tries < 10; tries++ {
		go onDiscardedThread(func() {
			if syscall.Gettid() == pid {
				ready <- 0 // the main thread (parked from now on): a thread of another id is wanted
				return
			}
			var err error
			if newns, err = netns.New(); err != nil {
				t.Error(err)
			}
			ready <- syscall.Gettid()
			<-done
		})
		tid = <-ready
	}
	if !newns.IsOpen() {
		t.FailNow()
	}
	for _, c := range []struct {
		name string
		call func() (netns.NsHandle, error)
		peer string // the path vishvananda/netns opens
	}{
		{"GetFromThread", func() (netns.NsHandle, error) { return netns.GetFromThread(pid, tid) },
			fmt.Sprintf("/proc/%d/task/%d/ns/net", pid, tid)},
		{"GetFromPid(tid)", func() (netns.NsHandle, error) { return netns.GetFromPid(tid) },
			fmt.Sprintf("/proc/%d/ns/net", tid)},
	} {
		h, err := c.call()
		if !threadPidfds() {
			// /proc alone cannot name the thread here: refused, never another's namespace.
			if err != syscall.ENOSYS {
				t.Errorf("%s without thread pidfds, /proc of another pid namespace: %v, %v; want ENOSYS", c.name, h, err)
			}
			t.Logf("note: no thread pidfds here (kernel before 6.9, or sandboxed): %s gives ENOSYS", c.name)
			continue
		}
		if err != nil {
			t.Fatalf("%s(%d, %d): %v", c.name, pid, tid, err)
		}
		if !h.Equal(newns) {
			t.Errorf("%s = %v, the thread's namespace is %v", c.name, h, newns)
		}
		h.Close()
		var st syscall.Stat_t
		if err := syscall.Stat(c.peer, &st); err != nil {
			t.Logf("note: vishvananda/netns's %s here: %s: %v", c.name, c.peer, err)
		} else if (nsID{st.Dev, st.Ino}) == fstatNs(t, int(newns)) {
			t.Errorf("%s names the right thread here: the test does not show the difference", c.peer)
		} else {
			t.Logf("note: vishvananda/netns's %s here: %s is another task's namespace", c.name, c.peer)
		}
	}
}

// The example's client, run: the new namespace has only its loopback link, and afterwards
// the thread is home, unlocked by the package, and the name is gone.
func TestExampleClient(t *testing.T) {
	out, ok := childRun(t, true, 0)
	if !ok {
		if !strings.Contains(out, "\nrns-example: lo\n") || strings.Count(out, "rns-example: ") != 1 {
			t.Errorf("the client listed, in its new namespace, other than one link lo:\n%s", out)
		}
		return
	}
	onDiscardedThread(func() {
		orig, _ := netns.Get()
		defer orig.Close()
		if err := namedNetnsClient("rns-example"); err != nil {
			t.Fatal(err)
		}
		if here, _ := netns.Get(); !here.Equal(orig) || netns.Guarded() {
			t.Errorf("after the client the thread is in %v (was %v), guarded %v", here, orig, netns.Guarded())
		}
		if h, err := netns.GetFromName("rns-example"); err != syscall.ENOENT {
			t.Errorf("GetFromName after the client's DeleteNamed: %v, %v", h, err)
		}
	})
}

// threadPidfds reports whether pidfd_open takes PIDFD_THREAD (Linux 6.9, not sandboxed),
// asked with the raw syscall (434 on every architecture), never through the package.
func threadPidfds() bool {
	fd, _, e := syscall.Syscall(434, uintptr(os.Getpid()), uintptr(rns.PidfdThread), 0)
	if e == 0 {
		syscall.Close(int(fd))
	}
	return e == 0
}
