// A Go program built against the installed librns (found by pkg-config's rns.pc, through the
// binding's `#cgo pkg-config: rns`): prints the library version and this process's group.
package main

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	rns "github.com/librns/librns/bindings/go"
)

func main() {
	pgid, err := rns.Getpgid(0)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	_, err = rns.Getpgid(4194305) // above PID_MAX_LIMIT
	if !errors.Is(err, syscall.ESRCH) {
		fmt.Fprintln(os.Stderr, "want ESRCH, got", err)
		os.Exit(1)
	}
	fmt.Printf("go: librns %s, pgid %d, %v\n", rns.Version(), pgid, err)
}
