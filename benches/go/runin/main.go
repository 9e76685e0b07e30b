// Command runin measures rns.RunInNamespaces(pid, CloneNewNet, fn) in a plain program, the
// way the README's example calls it, against the pattern Go programs write by hand with
// golang.org/x/sys/unix (as vishvananda/netns and CNI's ns.Do do): LockOSThread, open the
// thread's own network namespace, pidfd_open and setns into the target's, fn, setns back,
// close, UnlockOSThread. fn opens and closes a UDP socket. The target is a child made with
// `unshare --net sleep`.
//
// Both ways are measured from two call sites: the main goroutine (which a plain program runs
// on the main thread) and a goroutine the main goroutine starts and waits for (which the
// runtime may run on the main thread meanwhile). Rounds alternate the ways (rns at both sites,
// then the hand-written at both, again and again) so that drift on a noisy machine hits both
// alike; each round is printed in `go test -bench` form for ratios.awk, which keeps the best.
// First every way is checked, from both sites, to run fn in the target's namespace and to
// leave every thread in its own. This is a program, not a `go test` benchmark: a test binary
// runs the tests on goroutines while its main goroutine waits, which hid the main thread's
// cost (make bench-go measured 1.02 to 1.19x while a program saw 7 to 12x).
//
//	runin [-rounds 9] [-n 2000]      (root: entering a network namespace needs CAP_SYS_ADMIN)
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"time"

	rns "github.com/librns/librns/bindings/go"
	"golang.org/x/sys/unix"
)

// The main goroutine stays on the main thread while the target starts (which waits, and a
// goroutine that waits may resume on another thread); main then unlocks it, so that it is
// where a plain program's main goroutine is: on the main thread, not locked to it.
func init() { runtime.LockOSThread() }

func main() {
	rounds := flag.Int("rounds", 9, "alternating rounds")
	n := flag.Int("n", 2000, "calls per round")
	flag.Parse()
	if os.Geteuid() != 0 {
		log.Fatal("needs root: entering a network namespace needs CAP_SYS_ADMIN")
	}
	pid, stop := startTarget()
	defer stop()
	if syscall.Gettid() != os.Getpid() {
		log.Fatal("the main goroutine is not on the main thread")
	}
	runtime.UnlockOSThread()

	ways := []way{
		{"Rns", func(fn func() error) error { return rns.RunInNamespaces(pid, rns.CloneNewNet, fn) }},
		{"Hand", func(fn func() error) error { return handWritten(pid, fn) }},
	}
	own, err := os.Readlink("/proc/self/ns/net")
	check(err)
	theirs, err := os.Readlink(fmt.Sprintf("/proc/%d/ns/net", pid))
	check(err)
	for _, w := range ways {
		check(sameAnswer(w, "main", own, theirs))
		check(onGoroutine(func() error { return sameAnswer(w, "a goroutine", own, theirs) }))
	}
	gomaxprocs := runtime.GOMAXPROCS(0)
	for r := 0; r < *rounds; r++ {
		for _, w := range ways {
			d, err := measure(w, *n)
			report("RunInNetnsMain"+w.name, gomaxprocs, *n, d, err)
			check(onGoroutine(func() (err error) { d, err = measure(w, *n); return }))
			report("RunInNetnsGoroutine"+w.name, gomaxprocs, *n, d, nil)
		}
	}
}

// way is one way to run fn in the target's network namespace.
type way struct {
	name string
	run  func(fn func() error) error
}

// measure times n calls of w with socketWork.
func measure(w way, n int) (time.Duration, error) {
	start := time.Now()
	for i := 0; i < n; i++ {
		if err := w.run(socketWork); err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}

func report(name string, procs, n int, d time.Duration, err error) {
	check(err)
	fmt.Printf("Benchmark%s-%d\t%d\t%.0f ns/op\n", name, procs, n, float64(d.Nanoseconds())/float64(n))
}

// onGoroutine runs f on a new goroutine and waits for it.
func onGoroutine(f func() error) error {
	done := make(chan error)
	go func() { done <- f() }()
	return <-done
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

// startTarget starts a child in a new network namespace and waits until it is there.
func startTarget() (pid int, stop func()) {
	own, err := os.Readlink("/proc/self/ns/net")
	check(err)
	cmd := exec.Command("unshare", "--net", "sleep", "600")
	check(cmd.Start())
	stop = func() { cmd.Process.Kill(); cmd.Wait() }
	for i := 0; i < 1000; i++ {
		if l, err := os.Readlink(fmt.Sprintf("/proc/%d/ns/net", cmd.Process.Pid)); err == nil && l != own {
			return cmd.Process.Pid, stop
		}
		time.Sleep(5 * time.Millisecond)
	}
	stop()
	log.Fatal("the target never left our network namespace")
	return 0, nil
}

func socketWork() error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	return unix.Close(fd)
}

// handWritten is the pattern without librns.
func handWritten(pid int, fn func() error) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	orig, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(orig)
	pidfd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		return err
	}
	err = unix.Setns(pidfd, unix.CLONE_NEWNET)
	unix.Close(pidfd)
	if err != nil {
		return err
	}
	defer unix.Setns(orig, unix.CLONE_NEWNET)
	return fn()
}

// sameAnswer checks that w, called from site, runs fn in the target's network namespace
// (theirs), and that afterwards every thread of the process is in its own (own).
func sameAnswer(w way, site, own, theirs string) error {
	inside := ""
	err := w.run(func() (err error) {
		if inside, err = os.Readlink("/proc/thread-self/ns/net"); err != nil {
			return err
		}
		return socketWork()
	})
	if err != nil || inside != theirs {
		return fmt.Errorf("%s from %s: %v; inside %s, want %s", w.name, site, err, inside, theirs)
	}
	tasks, err := os.ReadDir("/proc/self/task")
	for _, task := range tasks {
		l, err := os.Readlink("/proc/self/task/" + task.Name() + "/ns/net")
		if err == nil && l != own {
			return fmt.Errorf("%s from %s: thread %s is in %s afterwards, not in %s", w.name, site, task.Name(), l, own)
		}
	}
	return err
}
