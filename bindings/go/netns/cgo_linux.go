package netns

// The package's cgo: setns(2)'s number from the C library's header (package syscall lacks
// it), and the guard of New and NewNamed. The guard is per OS thread, so it lives in C
// thread-local storage, which ends with the thread: a thread the runtime ends (its goroutine
// exited locked) leaves no record behind that a later thread with the same tid could take
// for its own.

/*
#include <stdint.h>
#include <sys/syscall.h>

static __thread struct { int held; uint64_t dev, ino; } netns_guard;

static int netns_guard_held(uint64_t *dev, uint64_t *ino) {
	*dev = netns_guard.dev;
	*ino = netns_guard.ino;
	return netns_guard.held;
}
static void netns_guard_set(uint64_t dev, uint64_t ino) {
	netns_guard.held = 1;
	netns_guard.dev = dev;
	netns_guard.ino = ino;
}
static void netns_guard_clear(void) { netns_guard.held = 0; }
*/
import "C"

import (
	"runtime"
	"sync/atomic"
	"syscall"
)

// sysSetns is setns(2)'s system call number on this architecture.
const sysSetns = C.SYS_setns

// nsID is a namespace's identity: (st_dev, st_ino) of its nsfs file.
type nsID struct{ dev, ino uint64 }

// guards counts the threads New or NewNamed locked (an upper bound: a thread ended while
// guarded is never taken off). Set skips the thread-local look-up while it is 0.
var guards atomic.Int64

// threadNetns is the calling thread's network namespace.
func threadNetns() (nsID, error) {
	var st syscall.Stat_t
	if err := syscall.Stat("/proc/thread-self/ns/net", &st); err != nil {
		return nsID{}, err
	}
	return nsID{st.Dev, st.Ino}, nil
}

// guard is called by New and NewNamed, holding a runtime.LockOSThread they took, once the
// thread has left home (its network namespace before). The first guard of a thread keeps
// that lock until Set brings the thread home; a nested one gives its lock back at once.
func guard(home nsID) {
	var dev, ino C.uint64_t
	if C.netns_guard_held(&dev, &ino) != 0 {
		runtime.UnlockOSThread()
		return
	}
	C.netns_guard_set(C.uint64_t(home.dev), C.uint64_t(home.ino))
	guards.Add(1)
}

// releaseIfHome is called by Setns after the calling thread joined ns: if ns is the guarded
// thread's home, it gives back the runtime.LockOSThread of New or NewNamed.
func releaseIfHome(ns NsHandle) {
	if guards.Load() == 0 {
		return
	}
	var dev, ino C.uint64_t
	if C.netns_guard_held(&dev, &ino) == 0 {
		return
	}
	var st syscall.Stat_t
	if syscall.Fstat(int(ns), &st) != nil || st.Dev != uint64(dev) || st.Ino != uint64(ino) {
		return
	}
	C.netns_guard_clear()
	guards.Add(-1)
	runtime.UnlockOSThread()
}

// guarded reports whether the calling thread holds New's or NewNamed's lock (for tests).
func guarded() bool {
	var dev, ino C.uint64_t
	return C.netns_guard_held(&dev, &ino) != 0
}
