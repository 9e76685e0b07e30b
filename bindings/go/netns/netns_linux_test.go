package netns_test

// vishvananda/netns v0.0.5's netns_linux_test.go, ported: the same cases, run against this
// package. They change the namespace of their thread, so each runs in a child (inChild) and
// on a thread that is then discarded (onDiscardedThread), never in the test process.

import (
	"runtime"
	"sync"
	"testing"

	"github.com/librns/librns/bindings/go/netns"
)

// getNewSetDelete is netns's TestGetNewSetDelete body.
func getNewSetDelete(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()

	origns, err := netns.Get()
	if err != nil {
		t.Fatal(err)
	}
	newns, err := netns.New()
	if err != nil {
		t.Fatal(err)
	}
	if origns.Equal(newns) {
		t.Fatal("New ns failed")
	}
	if err := netns.Set(origns); err != nil {
		t.Fatal(err)
	}
	if err := newns.Close(); err != nil {
		t.Error("Failed to close ns", err)
	}
	if newns.IsOpen() {
		t.Fatal("newns still open after close", newns)
	}
	ns, err := netns.Get()
	if err != nil {
		t.Fatal(err)
	}
	if !ns.Equal(origns) {
		t.Fatal("Reset ns failed", origns, newns, ns)
	}
	ns.Close()
	origns.Close()
}

func TestGetNewSetDelete(t *testing.T) {
	if !inChild(t, false) {
		return
	}
	onDiscardedThread(func() { getNewSetDelete(t) })
}

func TestNone(t *testing.T) {
	ns := netns.None()
	if ns.IsOpen() {
		t.Fatal("None ns is open", ns)
	}
}

func TestThreaded(t *testing.T) {
	ncpu := runtime.GOMAXPROCS(-1)
	if ncpu < 2 {
		t.Skip("-cpu=2 or larger required")
	}
	if !inChild(t, false) {
		return
	}

	// Lock this thread simply to ensure other threads get used.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()

	wg := &sync.WaitGroup{}
	for i := 0; i < ncpu; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			onDiscardedThread(func() { getNewSetDelete(t) })
		}()
	}
	wg.Wait()
}
