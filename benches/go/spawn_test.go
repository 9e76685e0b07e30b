// Spawning /bin/true from Go: rns.Cmd (rns_spawn) against os/exec, each Run waited for, in
// RNS_BENCH_ROUNDS alternating rounds printed in `go test -bench` form for ratios.awk, which
// takes each way's median round (make bench-go: 21 rounds). Three rows: plain (no attribute), into new net and uts namespaces (root only;
// os/exec with SysProcAttr.Cloneflags), and 200 started at once from 200 goroutines and all
// waited (ns/op is per batch of 200). Each row first checks that both ways exit 0. Run by
// make bench-go with RNS_BENCH_ROUNDS set, skipped otherwise.
package bench

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	rns "github.com/librns/librns/bindings/go"
)

// spawnWay is one way to do a row's work: run returns the error of the work and the exit
// status of the (last) child; reps is how many runs a round times.
type spawnWay struct {
	name string
	run  func() (int, error)
}

func TestSpawnRounds(t *testing.T) {
	rounds, _ := strconv.Atoi(os.Getenv("RNS_BENCH_ROUNDS"))
	if rounds <= 0 {
		t.Skip("RNS_BENCH_ROUNDS not set: a measurement for make bench-go, not a test")
	}
	spawnRows(t, rounds, 100, runRns(0), runExec(0), "SpawnPlainRns", "SpawnPlainOsExec")
	spawnRows(t, rounds, 3, runMany(200, runRns(0)), runMany(200, runExec(0)),
		"SpawnConc200Rns", "SpawnConc200OsExec")
	if os.Geteuid() != 0 {
		fmt.Println("skip SpawnRns/SpawnOsExec: needs root: new namespaces need CAP_SYS_ADMIN")
		return
	}
	ns := rns.CloneNewNet | rns.CloneNewUTS
	spawnRows(t, rounds, 100, runRns(ns), runExec(syscall.CLONE_NEWNET|syscall.CLONE_NEWUTS),
		"SpawnRns", "SpawnOsExec")
}

// spawnRows checks that both ways exit 0, then times reps runs of each, alternating, rounds
// times, and prints one benchmark line per way and round.
func spawnRows(t *testing.T, rounds, reps int, rnsRun, execRun func() (int, error), rnsName, execName string) {
	ways := []spawnWay{{rnsName, rnsRun}, {execName, execRun}}
	for _, w := range ways {
		if code, err := w.run(); err != nil || code != 0 {
			t.Fatalf("%s: exit %d, %v; want exit 0 from both ways", w.name, code, err)
		}
	}
	for r := 0; r < rounds; r++ {
		for _, w := range ways {
			start := time.Now()
			for i := 0; i < reps; i++ {
				if code, err := w.run(); err != nil || code != 0 {
					t.Fatalf("%s: exit %d, %v", w.name, code, err)
				}
			}
			fmt.Printf("Benchmark%s-%d\t%d\t%.0f ns/op\n", w.name, runtime.GOMAXPROCS(0), reps,
				float64(time.Since(start).Nanoseconds())/float64(reps))
		}
	}
}

// runRns runs /bin/true with rns.Cmd, into new namespaces if unshare is not 0.
func runRns(unshare rns.CloneFlags) func() (int, error) {
	return func() (int, error) {
		c := &rns.Cmd{Path: "/bin/true", Args: []string{"/bin/true"}, Unshare: unshare}
		err := c.Run() // a non-zero exit is an *exec.ExitError, as from os/exec
		return exitCode(c.ProcessState, err)
	}
}

// runExec runs /bin/true with os/exec, with Cloneflags if they are not 0.
func runExec(cloneflags uintptr) func() (int, error) {
	return func() (int, error) {
		c := exec.Command("/bin/true")
		if cloneflags != 0 {
			c.SysProcAttr = &syscall.SysProcAttr{Cloneflags: cloneflags}
		}
		err := c.Run()
		return exitCode(c.ProcessState, err)
	}
}

// runMany starts n goroutines, lets them call run at once and waits for all; it returns the
// first error or non-zero exit.
func runMany(n int, run func() (int, error)) func() (int, error) {
	return func() (int, error) {
		var ready, done sync.WaitGroup
		start := make(chan struct{})
		codes, errs := make([]int, n), make([]error, n)
		ready.Add(n)
		done.Add(n)
		for i := 0; i < n; i++ {
			go func() {
				defer done.Done()
				ready.Done()
				<-start
				codes[i], errs[i] = run()
			}()
		}
		ready.Wait()
		close(start)
		done.Wait()
		for i := range codes {
			if errs[i] != nil || codes[i] != 0 {
				return codes[i], errs[i]
			}
		}
		return 0, nil
	}
}

// exitCode is the child's exit status, or -1 with an error if it has none.
func exitCode(ps *os.ProcessState, err error) (int, error) {
	if ps == nil {
		if err == nil {
			err = fmt.Errorf("no ProcessState after Run")
		}
		return -1, err
	}
	return ps.ExitCode(), err
}
