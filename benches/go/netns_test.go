// Run-in-namespace from Go: rns.RunInNamespaces(pid, CloneNewNet, fn) against the pattern Go
// programs write by hand with golang.org/x/sys/unix (as vishvananda/netns and CNI's ns.Do
// do): LockOSThread, open the thread's own network namespace, pidfd_open and setns into the
// target's, fn, setns back, close, UnlockOSThread. fn opens and closes a UDP socket. The
// target is a child made with `unshare --net sleep`. Needs root: skips, saying so, otherwise.
package bench

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	rns "github.com/librns/librns/bindings/go"
	"golang.org/x/sys/unix"
)

var (
	targetOnce sync.Once
	targetCmd  *exec.Cmd
	targetErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if targetCmd != nil {
		targetCmd.Process.Kill()
		targetCmd.Wait()
	}
	os.Exit(code)
}

// target starts (once) a child in a new network namespace and waits until it is there.
func target(tb testing.TB) int {
	if os.Geteuid() != 0 {
		tb.Skip("needs root: entering a network namespace needs CAP_SYS_ADMIN")
	}
	targetOnce.Do(func() {
		own, _ := os.Readlink("/proc/self/ns/net")
		targetCmd = exec.Command("unshare", "--net", "sleep", "600")
		if targetErr = targetCmd.Start(); targetErr != nil {
			return
		}
		for i := 0; i < 1000; i++ {
			if l, err := os.Readlink(fmt.Sprintf("/proc/%d/ns/net", targetCmd.Process.Pid)); err == nil && l != own {
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
		targetErr = fmt.Errorf("the target never left our network namespace")
	})
	if targetErr != nil {
		tb.Fatal(targetErr)
	}
	return targetCmd.Process.Pid
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

// Both ways run fn in the target's network namespace and come back.
func TestRunInSameAnswer(t *testing.T) {
	pid := target(t)
	theirs, _ := os.Readlink(fmt.Sprintf("/proc/%d/ns/net", pid))
	for name, run := range map[string]func(int, func() error) error{
		"rns":  func(pid int, fn func() error) error { return rns.RunInNamespaces(pid, rns.CloneNewNet, fn) },
		"hand": handWritten,
	} {
		runtime.LockOSThread()
		own, _ := os.Readlink("/proc/thread-self/ns/net")
		err := run(pid, func() error {
			if l, _ := os.Readlink("/proc/thread-self/ns/net"); l != theirs {
				return fmt.Errorf("inside: %s, want %s", l, theirs)
			}
			return socketWork()
		})
		back, _ := os.Readlink("/proc/thread-self/ns/net")
		runtime.UnlockOSThread()
		if err != nil || back != own {
			t.Fatalf("%s: %v; after: %s, before: %s", name, err, back, own)
		}
	}
}

// TestRunInRounds measures both ways in alternating rounds (rns, hand, rns, hand, ...) and
// prints each round in `go test -bench` form, so that drift on a noisy machine hits both
// alike; ratios.awk keeps the best round of each. Run by make bench-go with
// RNS_BENCH_ROUNDS set (the number of rounds); skipped otherwise.
func TestRunInRounds(t *testing.T) {
	rounds, _ := strconv.Atoi(os.Getenv("RNS_BENCH_ROUNDS"))
	if rounds <= 0 {
		t.Skip("RNS_BENCH_ROUNDS not set: a measurement for make bench-go, not a test")
	}
	pid := target(t)
	const n = 2000
	ways := []struct {
		name string
		run  func() error
	}{
		{"RunInNetnsRns", func() error { return rns.RunInNamespaces(pid, rns.CloneNewNet, socketWork) }},
		{"RunInNetnsHand", func() error { return handWritten(pid, socketWork) }},
	}
	for r := 0; r < rounds; r++ {
		for _, w := range ways {
			start := time.Now()
			for i := 0; i < n; i++ {
				if err := w.run(); err != nil {
					t.Fatal(err)
				}
			}
			fmt.Printf("Benchmark%s-%d\t%d\t%.0f ns/op\n", w.name, runtime.GOMAXPROCS(0), n,
				float64(time.Since(start).Nanoseconds())/n)
		}
	}
}
