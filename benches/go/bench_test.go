// Call overhead of the Go binding (a cgo call into librns) against golang.org/x/sys/unix and
// the standard library's syscall package (raw syscalls, no cgo), measured in the same run.
// The syscall is the same in every case: getpgid(0).
//
//	make bench-go    (or: PKG_CONFIG_PATH=$REPO/target/pkgconfig go test -bench . -count 5)
//
// Read the ratios, not the nanoseconds: these machines are noisy.
package bench

import (
	"syscall"
	"testing"

	rns "github.com/librns/librns/bindings/go"
	"golang.org/x/sys/unix"
)

var sink int

// Same answer from every path first: a benchmark of a broken call means nothing.
func TestSameAnswer(t *testing.T) {
	a, err := rns.Getpgid(0)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := unix.Getpgid(0)
	c, _ := syscall.Getpgid(0)
	if a != b || b != c {
		t.Fatalf("rns %d, unix %d, syscall %d", a, b, c)
	}
}

func BenchmarkGetpgidRns(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink, _ = rns.Getpgid(0)
	}
}

func BenchmarkGetpgidUnix(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink, _ = unix.Getpgid(0)
	}
}

func BenchmarkGetpgidSyscall(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink, _ = syscall.Getpgid(0)
	}
}
