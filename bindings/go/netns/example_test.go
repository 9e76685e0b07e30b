package netns_test

import (
	"fmt"
	"log"
	"net"
	"runtime"

	"github.com/librns/librns/bindings/go/netns" // was "github.com/vishvananda/netns"
)

// namedNetnsClient is a client written against vishvananda/netns, unchanged but for the
// import path above: it creates a named network namespace, lists its links from inside
// (through a netlink socket, as net.Interfaces does), comes back and deletes it.
func namedNetnsClient(name string) error {
	// Lock the OS Thread so we don't accidentally switch namespaces
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()

	// Save the current network namespace
	origns, err := netns.Get()
	if err != nil {
		return err
	}
	defer origns.Close()

	// Create a new named network namespace: `ip netns list` shows it
	newns, err := netns.NewNamed(name)
	if err != nil {
		return err
	}
	defer newns.Close()
	defer netns.DeleteNamed(name)

	// Do something with the network namespace
	ifaces, err := net.Interfaces()
	if err != nil {
		netns.Set(origns)
		return err
	}
	for _, iface := range ifaces {
		fmt.Printf("%s: %s\n", name, iface.Name)
	}

	// Switch back to the original namespace
	return netns.Set(origns)
}

// A named namespace, entered, listed and deleted. It needs CAP_SYS_ADMIN and writes
// /run/netns, so go test only compiles it; TestExampleClient runs the same client in a child
// with a /run of its own.
func Example() {
	if err := namedNetnsClient("example"); err != nil {
		log.Fatal(err)
	}
}
