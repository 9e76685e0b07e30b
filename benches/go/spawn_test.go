// Spawning /bin/true into new net and uts namespaces from Go: rns.Cmd (rns_spawn) against
// os/exec with SysProcAttr.Cloneflags, both waited for, in alternating rounds (best of 7 of
// 200) printed in `go test -bench` form for ratios.awk. Needs root; run by make bench-go with
// RNS_BENCH_ROUNDS set, skipped otherwise.
package bench

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	rns "github.com/librns/librns/bindings/go"
)

func TestSpawnRounds(t *testing.T) {
	rounds, _ := strconv.Atoi(os.Getenv("RNS_BENCH_ROUNDS"))
	if rounds <= 0 {
		t.Skip("RNS_BENCH_ROUNDS not set: a measurement for make bench-go, not a test")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root: new namespaces need CAP_SYS_ADMIN")
	}
	const n = 200
	ways := []struct {
		name string
		run  func() error
	}{
		{"SpawnRns", func() error {
			c := &rns.Cmd{Path: "/bin/true", Unshare: rns.CloneNewNet | rns.CloneNewUTS}
			return c.Run() // a non-zero exit is an *exec.ExitError, as from os/exec
		}},
		{"SpawnOsExec", func() error {
			c := exec.Command("/bin/true")
			c.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNET | syscall.CLONE_NEWUTS}
			return c.Run()
		}},
	}
	for r := 0; r < rounds; r++ {
		for _, w := range ways {
			start := time.Now()
			for i := 0; i < n; i++ {
				if err := w.run(); err != nil {
					t.Fatal(w.name, err)
				}
			}
			fmt.Printf("Benchmark%s-%d\t%d\t%.0f ns/op\n", w.name, runtime.GOMAXPROCS(0), n,
				float64(time.Since(start).Nanoseconds())/n)
		}
	}
}
