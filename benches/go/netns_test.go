// Set into another network namespace and back: bindings/go/netns (rns.Setns, a cgo call)
// against github.com/vishvananda/netns (x/sys/unix's raw setns), the package it replaces,
// measured in the same run. Needs root (CAP_SYS_ADMIN); the calling thread is back home after
// each round, and a failure leaves it locked (so the runtime ends it with the goroutine).
//
//	make bench-go    (or: PKG_CONFIG_PATH=$REPO/target/pkgconfig go test -bench NetnsSet -count 5)
package bench

import (
	"os"
	"runtime"
	"syscall"
	"testing"

	rnsnetns "github.com/librns/librns/bindings/go/netns"
	"github.com/vishvananda/netns"
)

// otherNetns is a new network namespace, made on a thread that is then discarded.
func otherNetns(b *testing.B) int {
	b.Helper()
	if os.Geteuid() != 0 {
		b.Skip("needs root: entering a network namespace needs CAP_SYS_ADMIN")
	}
	fds := make(chan int, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with the goroutine
		fd := -1
		if syscall.Unshare(syscall.CLONE_NEWNET) == nil {
			fd, _ = syscall.Open("/proc/thread-self/ns/net", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		}
		fds <- fd
	}()
	fd := <-fds
	if fd < 0 {
		b.Fatal("could not make a network namespace to enter")
	}
	b.Cleanup(func() { syscall.Close(fd) })
	return fd
}

// setAndBack times set(other) then set(home) on a locked thread.
func setAndBack(b *testing.B, set func(fd int) error) {
	other := otherNetns(b)
	runtime.LockOSThread()
	home, err := syscall.Open("/proc/thread-self/ns/net", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer syscall.Close(home)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := set(other); err != nil {
			b.Fatal(err) // still home: the goroutine stays locked anyway
		}
		if err := set(home); err != nil {
			b.Fatal(err) // not home: the goroutine stays locked, the thread ends with it
		}
	}
	b.StopTimer()
	runtime.UnlockOSThread()
}

func BenchmarkNetnsSetRns(b *testing.B) {
	setAndBack(b, func(fd int) error { return rnsnetns.Set(rnsnetns.NsHandle(fd)) })
}

func BenchmarkNetnsSetPeer(b *testing.B) {
	setAndBack(b, func(fd int) error { return netns.Set(netns.NsHandle(fd)) })
}
