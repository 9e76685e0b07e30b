package rns_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unsafe"

	rns "github.com/librns/librns/bindings/go"
)

// Refused before anything changes, so these run in the test process.
func TestRunInNamespacesRefuses(t *testing.T) {
	called := false
	fn := func() error { called = true; return nil }
	for _, types := range []rns.CloneFlags{
		rns.CloneNewUser, rns.CloneNewUser | rns.CloneNewNet, 0, rns.CloneFS, rns.CloneNewNet | 1,
	} {
		wantErrno(t, rns.RunInNamespaces(os.Getpid(), types, fn), "ns_enter_pid", syscall.EINVAL)
	}
	wantErrno(t, rns.RunInNamespaces(noPid, rns.CloneNewNet, fn), "ns_enter_pid", syscall.ESRCH)
	wantErrno(t, rns.RunInNamespaces(1<<40, rns.CloneNewNet, fn), "ns_enter_pid", syscall.EINVAL)
	wantErrno(t, rns.RunInNamespacesOf(rns.RawFD(closedFd(t)), rns.CloneNewNet, fn), "ns_enter", syscall.EBADF)
	wantErrno(t, rns.RunInNamespacesOf(os.Stdin, 0, fn), "ns_enter", syscall.EINVAL)
	wantErrno(t, rns.RunInNamespaces(os.Getpid(), rns.CloneNewNet, nil), "ns_enter_pid", syscall.EINVAL)
	if called {
		t.Fatal("fn ran although entering failed")
	}
}

// threadNs is the namespace of type name of thread tid of this process.
func threadNs(t testing.TB, tid int, name string) nsID {
	return nsOf(t, fmt.Sprintf("/proc/self/task/%d/ns/%s", tid, name))
}

// fn runs in the target's namespaces; afterwards the thread it ran on is back; fn's error
// and panic reach the caller; the fd variant works with a pidfd and a namespace file.
func TestRunInNamespacesInChild(t *testing.T) {
	if !inChild(t, privileged) {
		return
	}
	h := startHolder(t, syscall.CLONE_NEWNET|syscall.CLONE_NEWUTS, "rns-run")
	hNet, hUTS := nsOf(t, fmt.Sprintf("/proc/%d/ns/net", h.pid)), nsOf(t, fmt.Sprintf("/proc/%d/ns/uts", h.pid))
	origNet, origUTS := nsOf(t, "/proc/self/ns/net"), nsOf(t, "/proc/self/ns/uts")
	fdsBefore := countFds(t)

	inside := func(tid *int) func() error {
		return func() error {
			*tid = syscall.Gettid()
			if nsOf(t, "/proc/thread-self/ns/net") != hNet || nsOf(t, "/proc/thread-self/ns/uts") != hUTS {
				return errors.New("fn is not in the target's namespaces")
			}
			if hostname() != h.host {
				return fmt.Errorf("hostname %q inside", hostname())
			}
			return nil
		}
	}
	restored := func(what string, tid int) {
		t.Helper()
		if threadNs(t, tid, "net") != origNet || threadNs(t, tid, "uts") != origUTS {
			t.Fatalf("%s: thread %d was not restored", what, tid)
		}
	}

	var tid int
	if err := rns.RunInNamespaces(h.pid, rns.CloneNewNet|rns.CloneNewUTS, inside(&tid)); err != nil {
		t.Fatal(err)
	}
	restored("RunInNamespaces", tid)

	if noPidfd() {
		noPidfdNote(t, "no pidfd for RunInNamespacesOf(pidfd); RunInNamespaces and RunInNamespacesOf(ns file) checked")
	} else {
		pidfd, err := rns.PidfdOpen(h.pid, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := rns.RunInNamespacesOf(pidfd, rns.CloneNewNet|rns.CloneNewUTS, inside(&tid)); err != nil {
			t.Fatal(err)
		}
		pidfd.Close()
		restored("RunInNamespacesOf(pidfd)", tid)
	}

	netFile, err := rns.NsOpen(h.pid, rns.CloneNewNet)
	if err != nil {
		t.Fatal(err)
	}
	err = rns.RunInNamespacesOf(netFile, rns.CloneNewNet, func() error {
		tid = syscall.Gettid()
		if nsOf(t, "/proc/thread-self/ns/net") != hNet {
			return errors.New("not in the target's net namespace")
		}
		return nil
	})
	netFile.Close()
	if err != nil {
		t.Fatal(err)
	}
	restored("RunInNamespacesOf(ns file)", tid)

	// fn's error comes back as is.
	sentinel := errors.New("sentinel")
	err = rns.RunInNamespaces(h.pid, rns.CloneNewNet, func() error { tid = syscall.Gettid(); return sentinel })
	if err != sentinel {
		t.Fatalf("got %v, want fn's error", err)
	}
	restored("error from fn", tid)

	// A panic propagates, after the thread is restored.
	func() {
		defer func() {
			if r := recover(); r != "boom" {
				t.Fatalf("recovered %v, want the panic from fn", r)
			}
		}()
		rns.RunInNamespaces(h.pid, rns.CloneNewNet|rns.CloneNewUTS, func() error {
			tid = syscall.Gettid()
			panic("boom")
		})
		t.Fatal("the panic did not propagate")
	}()
	restored("panic in fn", tid)

	// fn changes a type it entered (a new network namespace of its own): the thread still
	// goes back to the saved one.
	err = rns.RunInNamespaces(h.pid, rns.CloneNewNet|rns.CloneNewUTS, func() error {
		tid = syscall.Gettid()
		return rns.Unshare(rns.CloneNewNet)
	})
	if err != nil {
		t.Fatal(err)
	}
	restored("unshare in fn", tid)

	// A namespace file with types 0: its own type is entered.
	utsFile, err := rns.NsOpen(h.pid, rns.CloneNewUTS)
	if err != nil {
		t.Fatal(err)
	}
	err = rns.RunInNamespacesOf(utsFile, 0, func() error {
		tid = syscall.Gettid()
		if hostname() != h.host {
			return fmt.Errorf("hostname %q inside", hostname())
		}
		return nil
	})
	utsFile.Close()
	if err != nil {
		t.Fatal(err)
	}
	restored("RunInNamespacesOf(ns file, 0)", tid)

	// The target shares our uts namespace: nothing to restore for it, still fine.
	if err := rns.RunInNamespaces(h.pid, rns.CloneNewNet|rns.CloneNewIPC, func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	if n := countFds(t); n != fdsBefore {
		t.Fatalf("%d fds open, %d before: RunInNamespaces leaks fds", n, fdsBefore)
	}
}

func countFds(t testing.TB) int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}

// waitThreadGone waits for thread tid to end, which the runtime does when a goroutine
// exits locked to it. The main thread is parked instead, so RunInNamespaces must never
// leave it changed: tid being the main thread fails t.
func waitThreadGone(t *testing.T, tid int) {
	t.Helper()
	if tid == os.Getpid() {
		t.Fatalf("thread %d is the main thread, which the runtime parks instead of ending", tid)
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(fmt.Sprintf("/proc/self/task/%d", tid)); os.IsNotExist(err) {
			return
		}
	}
	t.Fatalf("thread %d still exists: the runtime kept a thread that could not be restored", tid)
}

// With CloneNewNS the thread gets its own fs context: the goroutine stays locked even on
// success, and the thread ends with it. (In a mainThread child, where no test goroutine
// runs on the main thread, so fn runs on the calling goroutine.)
func TestRunInMountNamespaceInChild(t *testing.T) {
	if !inChild(t, privileged, mainThread) {
		return
	}
	h := startHolder(t, syscall.CLONE_NEWNS, "")
	hMnt := nsOf(t, fmt.Sprintf("/proc/%d/ns/mnt", h.pid))
	origMnt := nsOf(t, "/proc/self/ns/mnt")
	wd, _ := os.Getwd()
	var tid int
	done := make(chan error)
	go func() {
		caller := syscall.Gettid()
		err := rns.RunInNamespaces(h.pid, rns.CloneNewNS, func() error {
			tid = syscall.Gettid()
			if tid != caller {
				return fmt.Errorf("fn ran on thread %d, not the caller's %d", tid, caller)
			}
			if nsOf(t, "/proc/thread-self/ns/mnt") != hMnt {
				return errors.New("not in the target's mount namespace")
			}
			return nil
		})
		if err == nil && nsOf(t, "/proc/thread-self/ns/mnt") != origMnt {
			err = errors.New("mount namespace not restored")
		}
		done <- err // this goroutine now ends, still locked: its thread ends too
	}()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	waitThreadGone(t, tid)
	if now, _ := os.Getwd(); now != wd {
		t.Fatalf("the process's cwd changed from %s to %s", wd, now)
	}
}

// capHeader and capData are the capset(2) arguments (version 3).
type capHeader struct {
	version uint32
	pid     int32
}
type capData struct{ effective, permitted, inheritable uint32 }

// dropThreadCaps clears the effective capabilities of the calling thread only.
func dropThreadCaps() error {
	hdr := capHeader{version: 0x20080522}
	var data [2]capData
	if _, _, e := syscall.RawSyscall(syscall.SYS_CAPGET, uintptr(unsafe.Pointer(&hdr)), uintptr(unsafe.Pointer(&data[0])), 0); e != 0 {
		return e
	}
	data[0].effective, data[1].effective = 0, 0
	if _, _, e := syscall.RawSyscall(syscall.SYS_CAPSET, uintptr(unsafe.Pointer(&hdr)), uintptr(unsafe.Pointer(&data[0])), 0); e != 0 {
		return e
	}
	return nil
}

// When the thread cannot go back (fn dropped its CAP_SYS_ADMIN), RunInNamespaces says so
// and keeps the goroutine locked, so the thread ends with it and is never reused. (In a
// mainThread child, where no test goroutine runs on the main thread, so fn runs on the
// calling goroutine.)
func TestRunInNamespacesRestoreFailsInChild(t *testing.T) {
	if !inChild(t, privileged, mainThread) {
		return
	}
	h := startHolder(t, syscall.CLONE_NEWNET, "")
	hNet := nsOf(t, fmt.Sprintf("/proc/%d/ns/net", h.pid))
	origNet := nsOf(t, "/proc/self/ns/net")
	var tid int
	done := make(chan error)
	go func() {
		err := rns.RunInNamespaces(h.pid, rns.CloneNewNet, func() error {
			tid = syscall.Gettid()
			return dropThreadCaps()
		})
		if err == nil {
			err = errors.New("RunInNamespaces succeeded without CAP_SYS_ADMIN to go back")
		} else if !errors.Is(err, syscall.EPERM) {
			err = fmt.Errorf("got %v, want an error wrapping EPERM", err)
		} else if nsOf(t, "/proc/thread-self/ns/net") != hNet {
			err = errors.New("not on the same (unrestored) thread after the error")
		} else {
			t.Logf("as expected: %v", err)
			err = nil
		}
		done <- err
	}()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	waitThreadGone(t, tid)
	// No goroutine ever runs in the holder's namespace afterwards.
	for i := 0; i < 1000; i++ {
		if nsOf(t, "/proc/thread-self/ns/net") != origNet {
			t.Fatal("a goroutine ran on a thread in a foreign namespace")
		}
		runtime.Gosched()
	}
}

// Many goroutines enter different namespaces at once; none ever sees a namespace it did not
// enter, and goroutines that enter nothing always see the original ones.
func TestRunInNamespacesConcurrentInChild(t *testing.T) {
	if !inChild(t, privileged) {
		return
	}
	const targets, workers, iterations, bystanders = 4, 32, 200, 8
	type target struct {
		pid  int
		net  nsID
		host string
	}
	var ts []target
	for i := 0; i < targets; i++ {
		h := startHolder(t, syscall.CLONE_NEWNET|syscall.CLONE_NEWUTS, fmt.Sprintf("rns-target-%d", i))
		ts = append(ts, target{h.pid, nsOf(t, fmt.Sprintf("/proc/%d/ns/net", h.pid)), h.host})
	}
	origNet, origHost := nsOf(t, "/proc/self/ns/net"), hostname()

	var bad atomic.Int64
	report := func(format string, args ...any) {
		if bad.Add(1) <= 5 {
			t.Errorf(format, args...)
		}
	}
	var checks atomic.Int64
	outside := func(who string) {
		// One syscall each, on whatever thread runs the goroutine at that moment.
		if n, err := statNs("/proc/thread-self/ns/net"); err != nil || n != origNet {
			report("%s: outside, net namespace %v (%v), want the original", who, n, err)
		}
		if h := hostname(); h != origHost {
			report("%s: outside, hostname %q, want %q", who, h, origHost)
		}
		checks.Add(1)
	}

	stopBystanders := startBystanders(bystanders, outside)

	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < iterations; i++ {
				tg := ts[(w+i)%targets]
				err := rns.RunInNamespaces(tg.pid, rns.CloneNewNet|rns.CloneNewUTS, func() error {
					if n := nsOf(t, "/proc/thread-self/ns/net"); n != tg.net {
						return fmt.Errorf("inside, net namespace %v, want the target's %v", n, tg.net)
					}
					if h := hostname(); h != tg.host {
						return fmt.Errorf("inside, hostname %q, want %q", h, tg.host)
					}
					runtime.Gosched() // locked: we come back to this very thread
					if n := nsOf(t, "/proc/thread-self/ns/net"); n != tg.net {
						return fmt.Errorf("inside after Gosched, net namespace %v", n)
					}
					return nil
				})
				if err != nil {
					report("worker %d iteration %d: %v", w, i, err)
				}
				outside(fmt.Sprintf("worker %d", w))
			}
		}()
	}
	wg.Wait()
	stopBystanders()
	t.Logf("%d workers x %d entries, %d outside checks, %d wrong", workers, iterations, checks.Load(), bad.Load())
}

// threadState is what RunInNamespaces must not change on the main thread: its cwd and root
// (as /proc/.../cwd and root show them), its mount, UTS and network namespaces, and its
// effective capabilities.
type threadState struct {
	cwd, root     string
	mnt, uts, net nsID
	capEff        string
}

// readThreadState reads a threadState from dir, a /proc/self/task/TID or /proc/thread-self
// directory.
func readThreadState(dir string) (s threadState, err error) {
	if s.cwd, err = os.Readlink(dir + "/cwd"); err != nil {
		return s, err
	}
	if s.root, err = os.Readlink(dir + "/root"); err != nil {
		return s, err
	}
	for _, n := range []struct {
		id   *nsID
		file string
	}{{&s.mnt, "mnt"}, {&s.uts, "uts"}, {&s.net, "net"}} {
		if *n.id, err = statNs(dir + "/ns/" + n.file); err != nil {
			return s, err
		}
	}
	status, err := os.ReadFile(dir + "/status")
	if err != nil {
		return s, err
	}
	for _, l := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(l, "CapEff:"); ok {
			s.capEff = strings.TrimSpace(v)
		}
	}
	return s, nil
}

// mainTaskState is the threadState of this process's main thread (tid == pid), read from any
// thread.
func mainTaskState(t testing.TB) threadState {
	t.Helper()
	s, err := readThreadState(fmt.Sprintf("/proc/self/task/%d", os.Getpid()))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// chdirTemp makes a new temporary directory the cwd of every thread that shares the
// process's fs context, so a thread whose cwd was reset to "/" shows.
func chdirTemp(t testing.TB) string {
	t.Helper()
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// taskUmask is the umask of thread tid of this process (the Umask line of its status,
// Linux 4.7+), or -1 when the kernel does not show it.
func taskUmask(tid int) (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/self/task/%d/status", tid))
	if err != nil {
		return -1, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "Umask:"); ok {
			m, err := strconv.ParseInt(strings.TrimSpace(v), 8, 32)
			return int(m), err
		}
	}
	return -1, nil
}

// checkMainThreadShares checks that the main thread still shares its fs context (root,
// cwd, umask) with the other threads: a umask set on another thread shows on it too.
func checkMainThreadShares(t *testing.T) {
	t.Helper()
	pid := os.Getpid()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var tid, mask, got int
	var err error
	check := func() {
		tid = syscall.Gettid()
		mask = 0o027
		old := syscall.Umask(mask)
		defer syscall.Umask(old)
		if old == mask {
			mask = 0o077
			syscall.Umask(mask)
		}
		got, err = taskUmask(pid)
	}
	if syscall.Gettid() != pid {
		check()
	} else { // a new goroutine, which cannot run on the main thread while this one holds it
		done := make(chan struct{})
		go func() { defer close(done); check() }()
		<-done
	}
	switch {
	case err != nil:
		t.Fatal(err)
	case tid == pid:
		t.Fatal("checkMainThreadShares ran on the main thread")
	case got < 0:
		t.Log("no Umask in /proc/PID/status (Linux < 4.7): not checking that the main thread shares its fs context")
	case got != mask:
		t.Errorf("the main thread has umask %#o after thread %d set %#o: it no longer shares its fs context (root, cwd, umask)", got, tid, mask)
	}
}

// The calling goroutine is locked to the main thread (tid == pid), which the runtime never
// ends: fn must run on another thread, and the main thread is never left changed, whatever
// fn does (succeeds with CloneNewNS, fails, panics, makes the restore fail).
func TestRunInNamespacesMainThreadInChild(t *testing.T) {
	if !inChild(t, privileged, mainThread) {
		return
	}
	dir := chdirTemp(t)
	h := startHolder(t, syscall.CLONE_NEWNS|syscall.CLONE_NEWUTS, "rns-main-thread")
	hMnt := nsOf(t, fmt.Sprintf("/proc/%d/ns/mnt", h.pid))
	pid := os.Getpid()

	var before threadState
	var beforeErr error
	var beforeHost string
	onMainThread(t, func() {
		if syscall.Gettid() != pid {
			beforeErr = fmt.Errorf("the main goroutine is on thread %d, not the main thread %d", syscall.Gettid(), pid)
			return
		}
		before, beforeErr = readThreadState("/proc/thread-self")
		beforeHost = hostname()
	})
	if beforeErr != nil {
		t.Fatal(beforeErr)
	}
	if before.cwd != dir {
		t.Fatalf("the main thread's cwd is %s, not %s", before.cwd, dir)
	}
	if before.mnt == hMnt {
		t.Fatal("the holder shares our mount namespace")
	}

	// run calls RunInNamespaces from the main thread, then checks the main thread from
	// there and from this goroutine, and, if fn's thread cannot be given back (ends), that
	// it has ended.
	run := func(what string, types rns.CloneFlags, ends bool, fn func() error) (panicked any, err error) {
		t.Helper()
		var fnTid, callerTid int
		var after threadState
		var afterErr error
		var afterHost string
		onMainThread(t, func() {
			callerTid = syscall.Gettid()
			func() {
				defer func() { panicked = recover() }()
				err = rns.RunInNamespaces(h.pid, types, func() error {
					fnTid = syscall.Gettid()
					return fn()
				})
			}()
			after, afterErr = readThreadState("/proc/thread-self")
			afterHost = hostname()
		})
		if callerTid != pid {
			t.Fatalf("%s: the main goroutine ran on thread %d, not the main thread", what, callerTid)
		}
		if fnTid == 0 {
			t.Fatalf("%s: fn did not run (%v)", what, err)
		}
		if fnTid == pid {
			t.Errorf("%s: fn ran on the main thread", what)
		}
		if afterErr != nil {
			t.Fatal(afterErr)
		}
		if after != before {
			t.Errorf("%s: the main thread (from itself) went from %+v to %+v", what, before, after)
		}
		if s := mainTaskState(t); s != before {
			t.Errorf("%s: the main thread (from /proc/self/task/%d) went from %+v to %+v", what, pid, before, s)
		}
		if afterHost != beforeHost {
			t.Errorf("%s: the main thread's hostname went from %q to %q", what, beforeHost, afterHost)
		}
		checkMainThreadShares(t)
		if ends {
			waitThreadGone(t, fnTid)
		}
		return panicked, err
	}
	inside := func() error {
		if n := nsOf(t, "/proc/thread-self/ns/mnt"); n != hMnt {
			return fmt.Errorf("inside, mount namespace %v, want the holder's %v", n, hMnt)
		}
		if hostname() != h.host {
			return fmt.Errorf("inside, hostname %q, want %q", hostname(), h.host)
		}
		return nil
	}

	if p, err := run("mount and UTS", rns.CloneNewNS|rns.CloneNewUTS, true, inside); err != nil || p != nil {
		t.Fatalf("mount and UTS: %v, panic %v", err, p)
	}
	if p, err := run("UTS only", rns.CloneNewUTS, false, func() error {
		if hostname() != h.host {
			return fmt.Errorf("inside, hostname %q", hostname())
		}
		return nil
	}); err != nil || p != nil {
		t.Fatalf("UTS only: %v, panic %v", err, p)
	}
	sentinel := errors.New("sentinel")
	if p, err := run("error from fn", rns.CloneNewNS|rns.CloneNewUTS, true, func() error { return sentinel }); err != sentinel || p != nil {
		t.Fatalf("error from fn: got %v (panic %v), want fn's error as is", err, p)
	}
	if p, err := run("panic in fn", rns.CloneNewNS|rns.CloneNewUTS, true, func() error { panic("boom") }); p != "boom" {
		t.Fatalf("panic in fn: recovered %v (error %v), want the panic from fn", p, err)
	}
	// fn drops its thread's capabilities, so the UTS namespace cannot be restored: the error
	// says so, and the thread left in the holder's namespaces is not the main thread.
	p, err := run("restore fails", rns.CloneNewUTS, true, dropThreadCaps)
	if p != nil || !errors.Is(err, syscall.EPERM) {
		t.Fatalf("restore fails: got %v (panic %v), want an error wrapping EPERM", err, p)
	}
	t.Logf("as expected: %v", err)
	if p, err := run("mount, then restore fails", rns.CloneNewNS|rns.CloneNewUTS, true, dropThreadCaps); p != nil || !errors.Is(err, syscall.EPERM) {
		t.Fatalf("mount, then restore fails: got %v (panic %v), want an error wrapping EPERM", err, p)
	}
}

// fn calls runtime.Goexit (as t.FailNow does) while RunInNamespaces was called on the main
// thread: the calling goroutine exits too, as it would if fn had run on it, and the main
// thread is left as it was.
func TestRunInNamespacesMainThreadGoexitInChild(t *testing.T) {
	if !inChild(t, privileged, mainThread) {
		return
	}
	dir := chdirTemp(t)
	h := startHolder(t, syscall.CLONE_NEWNS|syscall.CLONE_NEWUTS, "rns-goexit")
	pid := os.Getpid()
	before := mainTaskState(t)
	if before.cwd != dir {
		t.Fatalf("the main thread's cwd is %s, not %s", before.cwd, dir)
	}
	var callerTid, fnTid int
	returned := false
	goexited := onMainThread(t, func() {
		callerTid = syscall.Gettid()
		rns.RunInNamespaces(h.pid, rns.CloneNewNS|rns.CloneNewUTS, func() error {
			fnTid = syscall.Gettid()
			runtime.Goexit()
			return nil
		})
		returned = true
	})
	if callerTid != pid {
		t.Fatalf("the main goroutine ran on thread %d, not the main thread", callerTid)
	}
	if !goexited || returned {
		t.Fatalf("RunInNamespaces returned (%v) instead of exiting the goroutine (%v)", returned, goexited)
	}
	if fnTid == pid {
		t.Error("fn ran on the main thread")
	}
	if s := mainTaskState(t); s != before {
		t.Errorf("the main thread went from %+v to %+v", before, s)
	}
	checkMainThreadShares(t)
	waitThreadGone(t, fnTid)
}

// Many goroutines, each started for one RunInNamespaces with CloneNewNS (the goroutine
// stays locked to its thread, which ends with it), while the main thread is free to run
// any of them: fn never runs on the main thread, and the main thread's cwd, root and
// namespaces are those it had before.
func TestRunInNamespacesNeverOnMainThreadInChild(t *testing.T) {
	if !inChild(t, privileged) {
		return
	}
	const workers, iterations = 16, 40
	dir := chdirTemp(t)
	h := startHolder(t, syscall.CLONE_NEWNS|syscall.CLONE_NEWUTS, "rns-not-main")
	hMnt := nsOf(t, fmt.Sprintf("/proc/%d/ns/mnt", h.pid))
	pid := os.Getpid()
	before := mainTaskState(t)
	if before.cwd != dir {
		t.Fatalf("the main thread's cwd is %s, not %s", before.cwd, dir)
	}

	var onMain, callerOnMain, failed atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < iterations; i++ {
				done := make(chan error)
				go func() {
					if syscall.Gettid() == pid {
						callerOnMain.Add(1) // may be so at the call; not inside fn
					}
					done <- rns.RunInNamespaces(h.pid, rns.CloneNewNS|rns.CloneNewUTS, func() error {
						if syscall.Gettid() == pid {
							onMain.Add(1)
						}
						if n := nsOf(t, "/proc/thread-self/ns/mnt"); n != hMnt {
							return fmt.Errorf("inside, mount namespace %v, want the holder's", n)
						}
						if hostname() != h.host {
							return fmt.Errorf("inside, hostname %q", hostname())
						}
						return nil
					}) // this goroutine now ends, still locked: its thread ends too
				}()
				if err := <-done; err != nil && failed.Add(1) <= 5 {
					t.Errorf("worker %d iteration %d: %v", w, i, err)
				}
			}
		}()
	}
	wg.Wait()
	t.Logf("%d calls, %d of them from a goroutine on the main thread", workers*iterations, callerOnMain.Load())
	if n := onMain.Load(); n != 0 {
		t.Errorf("fn ran on the main thread %d times", n)
	}
	if s := mainTaskState(t); s != before {
		t.Errorf("the main thread (task %d) went from %+v to %+v", pid, before, s)
	}
	checkMainThreadShares(t)
}

// RunInNs from 64 goroutines x 200 calls into the net, UTS, IPC and mount namespaces of 4
// holders (by pidfd), with bystander goroutines checking their own thread's namespaces all the
// while: every function sees its target's namespaces, no goroutine's thread ever moves, nor the main thread.
func TestRunInNsConcurrentInChild(t *testing.T) {
	if !inChild(t, privileged) {
		return
	}
	const targets, workers, iterations, bystanders = 4, 64, 200, 8
	type target struct {
		pidfd    *os.File
		net, mnt nsID
		host     string
	}
	var ts []target
	for i := 0; i < targets; i++ {
		h := startHolder(t, syscall.CLONE_NEWNET|syscall.CLONE_NEWUTS|syscall.CLONE_NEWIPC|syscall.CLONE_NEWNS,
			fmt.Sprintf("rns-thread-%d", i))
		fd, err := rns.PidfdOpen(h.pid, 0)
		if errors.Is(err, errors.ErrUnsupported) {
			t.Skip("no pidfd_open here:", err)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer fd.Close()
		ts = append(ts, target{fd, nsOf(t, fmt.Sprintf("/proc/%d/ns/net", h.pid)),
			nsOf(t, fmt.Sprintf("/proc/%d/ns/mnt", h.pid)), h.host})
	}
	origNet, origMnt, origHost := nsOf(t, "/proc/self/ns/net"), nsOf(t, "/proc/self/ns/mnt"), hostname()
	mainBefore := mainTaskState(t)

	var bad, checks atomic.Int64
	report := func(format string, args ...any) {
		if bad.Add(1) <= 5 {
			t.Errorf(format, args...)
		}
	}
	outside := func(who string) {
		if n, err := statNs("/proc/thread-self/ns/net"); err != nil || n != origNet {
			report("%s: net namespace %v (%v), want the original", who, n, err)
		}
		if n, err := statNs("/proc/thread-self/ns/mnt"); err != nil || n != origMnt {
			report("%s: mount namespace %v (%v), want the original", who, n, err)
		}
		if h := hostname(); h != origHost {
			report("%s: hostname %q, want %q", who, h, origHost)
		}
		checks.Add(1)
	}
	stopBystanders := startBystanders(bystanders, outside)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < iterations; i++ {
				tg := ts[(w+i)%targets]
				err := rns.RunInNs(tg.pidfd, rns.CloneNewNet|rns.CloneNewUTS|rns.CloneNewIPC|rns.CloneNewNS, func() error {
					if n := nsOf(t, "/proc/thread-self/ns/net"); n != tg.net {
						return fmt.Errorf("inside, net namespace %v, want the target's %v", n, tg.net)
					}
					if n := nsOf(t, "/proc/thread-self/ns/mnt"); n != tg.mnt {
						return fmt.Errorf("inside, mount namespace %v, want the target's %v", n, tg.mnt)
					}
					if h := hostname(); h != tg.host {
						return fmt.Errorf("inside, hostname %q, want %q", h, tg.host)
					}
					return nil
				})
				if err != nil {
					report("worker %d iteration %d: %v", w, i, err)
				}
				outside(fmt.Sprintf("worker %d", w))
			}
		}()
	}
	wg.Wait()
	stopBystanders()
	if s := mainTaskState(t); s != mainBefore { // the runtime may run RunInNs's goroutine there
		t.Errorf("the main thread went from %+v to %+v", mainBefore, s)
	}
	t.Logf("%d workers x %d calls, %d outside checks, %d foreign observations", workers, iterations, checks.Load(), bad.Load())
}

// RunInNs: fn's error and panics come back; bad input is the call's error and fn is not run.
func TestRunInNsErrors(t *testing.T) {
	self, err := os.Open("/proc/self/ns/net")
	if err != nil {
		t.Fatal(err)
	}
	defer self.Close()
	ran := false
	fn := func() error { ran = true; return nil }
	for _, c := range []struct {
		fd    rns.FD
		types rns.CloneFlags
		want  syscall.Errno
	}{
		{rns.RawFD(-1), rns.CloneNewNet, syscall.EBADF},
		{self, rns.CloneNewUTS, syscall.EINVAL},
		{self, rns.CloneNewUser, syscall.EINVAL},
		{os.Stdin, 0, syscall.EINVAL},
	} {
		if err := rns.RunInNs(c.fd, c.types, fn); !errors.Is(err, c.want) {
			t.Errorf("RunInNs(%v, %#x): %v, want %v", c.fd, c.types, err, c.want)
		}
	}
	if ran {
		t.Error("fn ran although the call failed")
	}
	if os.Geteuid() != 0 {
		t.Skip("the rest enters our own net namespace, which needs CAP_SYS_ADMIN")
	}
	want := errors.New("fn's own")
	if err := rns.RunInNs(self, 0, func() error { return want }); err != want {
		t.Errorf("fn's error: got %v", err)
	}
	defer func() {
		if r := recover(); r != "boom" {
			t.Errorf("fn's panic: recovered %v, want boom", r)
		}
	}()
	rns.RunInNs(self, 0, func() error { panic("boom") })
	t.Error("the panic did not come back")
}

// startBystanders starts n goroutines that call check (with their name) until the returned
// function is called, which waits for them.
func startBystanders(n int, check func(who string)) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	for b := 0; b < n; b++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
					check(fmt.Sprintf("bystander %d", b))
					runtime.Gosched()
				}
			}
		}()
	}
	return func() { close(done); wg.Wait() }
}

// onFreeMainThread runs f on the main goroutine, on the main thread but not locked to it
// (the lock the child took in init is dropped meanwhile), with GOMAXPROCS 1: as a plain
// program's main goroutine runs, the main thread free for any goroutine once it blocks.
// Only in a child started with mainThread; f must not use t.
func onFreeMainThread(t *testing.T, f func() error) {
	t.Helper()
	var err error
	onMainThread(t, func() {
		if syscall.Gettid() != os.Getpid() {
			err = fmt.Errorf("the main goroutine is on thread %d, not the main thread", syscall.Gettid())
			return
		}
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
		runtime.UnlockOSThread()
		defer runtime.LockOSThread() // the harness's count again, on whatever thread it is now
		err = f()
	})
	if err != nil {
		t.Fatal(err)
	}
}

// RunInNs from a plain program's main goroutine (on the main thread, not locked to it, with
// GOMAXPROCS 1, so the main thread is the one free to run RunInNs's goroutine): fn never runs
// on the main thread, and the main thread stays in its namespaces.
func TestRunInNsMainThreadInChild(t *testing.T) {
	if !inChild(t, privileged, mainThread) {
		return
	}
	h := startHolder(t, syscall.CLONE_NEWNET|syscall.CLONE_NEWUTS, "rns-ns-main")
	netFile, err := rns.NsOpen(h.pid, rns.CloneNewNet)
	if err != nil {
		t.Fatal(err)
	}
	defer netFile.Close()
	before := mainTaskState(t)
	var fnTid int
	onFreeMainThread(t, func() error {
		return rns.RunInNs(netFile, rns.CloneNewNet, func() error { fnTid = syscall.Gettid(); return nil })
	})
	if fnTid == os.Getpid() {
		t.Errorf("fn ran on the main thread")
	}
	if s := mainTaskState(t); s != before {
		t.Errorf("the main thread went from %+v to %+v", before, s)
	}
	checkMainThreadShares(t)
	waitThreadGone(t, fnTid)
}

// RunInNamespaces from a plain program's main goroutine (on the main thread, not locked to
// it): the first call retires the main thread (a goroutine of the package holds it for good,
// as it is), so the caller is on another thread from then on and later calls run fn on the
// calling goroutine's own thread, with no thread hand-off (benches/go/runin measures it). fn
// never runs on the main thread, which keeps its namespaces, cwd and shared fs context.
func TestRunInNamespacesRetiresMainThreadInChild(t *testing.T) {
	if !inChild(t, privileged, mainThread) {
		return
	}
	dir := chdirTemp(t)
	h := startHolder(t, syscall.CLONE_NEWNET|syscall.CLONE_NEWUTS, "rns-retire")
	before := mainTaskState(t)
	if before.cwd != dir {
		t.Fatalf("the main thread's cwd is %s, not %s", before.cwd, dir)
	}
	pid := os.Getpid()
	var fnTids []int
	onFreeMainThread(t, func() error {
		for i := 0; i < 3; i++ {
			if i > 0 { // the first call as a plain main goroutine makes it: not locked
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
			}
			caller := syscall.Gettid()
			err := rns.RunInNamespaces(h.pid, rns.CloneNewNet|rns.CloneNewUTS, func() error {
				fnTids = append(fnTids, syscall.Gettid())
				if hostname() != h.host {
					return fmt.Errorf("inside, hostname %q", hostname())
				}
				return nil
			})
			switch {
			case err != nil:
				return err
			case fnTids[i] == pid:
				return fmt.Errorf("call %d: fn ran on the main thread", i)
			case i == 0 && caller != pid:
				return fmt.Errorf("call 0: made on thread %d, not the main thread", caller)
			case i > 0 && fnTids[i] != caller:
				return fmt.Errorf("call %d: fn ran on thread %d, not on the caller's %d (a hand-off)", i, fnTids[i], caller)
			}
		}
		return nil
	})
	if s := mainTaskState(t); s != before {
		t.Errorf("the main thread went from %+v to %+v", before, s)
	}
	checkMainThreadShares(t)
}
