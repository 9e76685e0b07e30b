// Command example runs a function inside the network and UTS namespaces of process PID,
// then reads the nice value of its own thread. It is the README's Go example:
//
//	cd bindings/go && PKG_CONFIG_PATH=$REPO/target/pkgconfig go run ./example PID
package main

import (
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"strconv"

	rns "github.com/librns/librns/bindings/go"
)

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: example PID")
	}
	pid, err := strconv.Atoi(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}

	// On this goroutine, with its OS thread locked, inside pid's network and UTS namespaces;
	// the thread is put back afterwards (or, if it could not come back, never moved: EPERM).
	err = rns.RunInNamespaces(pid, rns.CloneNewNet|rns.CloneNewUTS, func() error {
		name, err := os.Hostname() // pid's hostname
		fmt.Println("hostname there:", name)
		return err
	})
	if errors.Is(err, fs.ErrPermission) { // an *os.SyscallError wrapping syscall.EPERM
		log.Fatal("entering namespaces needs CAP_SYS_ADMIN: ", err) // "ns_enter_pid: operation not permitted"
	} else if err != nil {
		log.Fatal(err)
	}

	nice, err := rns.Getpriority(rns.PrioProcess, 0) // -1 is a nice value, not an error
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("nice here:", nice)
}
