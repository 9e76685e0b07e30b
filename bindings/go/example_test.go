package rns_test

import (
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"syscall"

	rns "github.com/librns/librns/bindings/go"
)

func ExampleErrname() {
	_, err := rns.Getpgid(4194305) // above PID_MAX_LIMIT: no such process
	var errno syscall.Errno
	if errors.As(err, &errno) {
		fmt.Println(err)
		fmt.Println(rns.Errname(errno), rns.Strerror(errno))
	}
	// Output:
	// getpgid: no such process
	// ESRCH No such process
}

func ExampleRunInNamespaces() {
	pid := 1234 // a process in the network and UTS namespaces to visit
	err := rns.RunInNamespaces(pid, rns.CloneNewNet|rns.CloneNewUTS, func() error {
		// fn's thread is in pid's namespaces: os.Hostname, net.Interfaces,
		// net.Listen and processes started with os/exec all see (and live in) them.
		name, err := os.Hostname()
		fmt.Println("hostname there:", name)
		return err
	})
	if errors.Is(err, fs.ErrPermission) {
		log.Fatal("entering namespaces needs CAP_SYS_ADMIN: ", err)
	} else if err != nil {
		log.Fatal(err)
	}
}
