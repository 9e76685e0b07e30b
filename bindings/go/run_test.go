package rns_test

import (
	"errors"
	"fmt"
	"os"
	"runtime"
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
		wantErrno(t, rns.RunInNamespaces(os.Getpid(), types, fn), "setns", syscall.EINVAL)
	}
	wantErrno(t, rns.RunInNamespaces(noPid, rns.CloneNewNet, fn), "setns_pid", syscall.ESRCH)
	wantErrno(t, rns.RunInNamespacesOf(rns.RawFD(closedFd(t)), rns.CloneNewNet, fn), "setns", syscall.EBADF)
	wantErrno(t, rns.RunInNamespaces(os.Getpid(), rns.CloneNewNet, nil), "setns", syscall.EINVAL)
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

	// fn changes a type it was not asked to enter (unshare of ipc on its thread): that is
	// restored too.
	origIPC := nsOf(t, "/proc/self/ns/ipc")
	err = rns.RunInNamespaces(h.pid, rns.CloneNewNet, func() error {
		tid = syscall.Gettid()
		return rns.Unshare(rns.CloneNewIPC)
	})
	if err != nil {
		t.Fatal(err)
	}
	restored("unshare in fn", tid)
	if threadNs(t, tid, "ipc") != origIPC {
		t.Fatalf("thread %d kept the ipc namespace fn unshared", tid)
	}

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
// exits locked to it (the main thread is parked instead, so it is not waited for).
func waitThreadGone(t *testing.T, tid int) {
	t.Helper()
	if tid == os.Getpid() {
		t.Logf("thread %d is the main thread, which the runtime parks instead of ending", tid)
		return
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(fmt.Sprintf("/proc/self/task/%d", tid)); os.IsNotExist(err) {
			return
		}
	}
	t.Fatalf("thread %d still exists: the runtime kept a thread that could not be restored", tid)
}

// With CloneNewNS the thread gets its own fs context: the goroutine stays locked even on
// success, and the thread ends with it.
func TestRunInMountNamespaceInChild(t *testing.T) {
	if !inChild(t, privileged) {
		return
	}
	h := startHolder(t, syscall.CLONE_NEWNS, "")
	hMnt := nsOf(t, fmt.Sprintf("/proc/%d/ns/mnt", h.pid))
	origMnt := nsOf(t, "/proc/self/ns/mnt")
	wd, _ := os.Getwd()
	// Lock this goroutine to its thread (which may be the main thread), so the goroutine
	// below runs on another, which the runtime can end.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var tid int
	done := make(chan error)
	go func() {
		err := rns.RunInNamespaces(h.pid, rns.CloneNewNS, func() error {
			tid = syscall.Gettid()
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
// and keeps the goroutine locked, so the thread ends with it and is never reused.
func TestRunInNamespacesRestoreFailsInChild(t *testing.T) {
	if !inChild(t, privileged) {
		return
	}
	h := startHolder(t, syscall.CLONE_NEWNET, "")
	hNet := nsOf(t, fmt.Sprintf("/proc/%d/ns/net", h.pid))
	origNet := nsOf(t, "/proc/self/ns/net")
	// Lock this goroutine to its thread (which may be the main thread), so the goroutine
	// below runs on another, which the runtime can end.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
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

	stop := make(chan struct{})
	var bystanderWG sync.WaitGroup
	for b := 0; b < bystanders; b++ {
		bystanderWG.Add(1)
		go func() {
			defer bystanderWG.Done()
			for {
				select {
				case <-stop:
					return
				default:
					outside(fmt.Sprintf("bystander %d", b))
					runtime.Gosched()
				}
			}
		}()
	}

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
	close(stop)
	bystanderWG.Wait()
	t.Logf("%d workers x %d entries, %d outside checks, %d wrong", workers, iterations, checks.Load(), bad.Load())
}
