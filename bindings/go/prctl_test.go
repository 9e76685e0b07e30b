package rns_test

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	rns "github.com/librns/librns/bindings/go"
)

// onOtherThread runs f on a goroutine locked to an OS thread of its own (not the caller's,
// which the caller holds locked) and waits for it.
func onOtherThread(f func()) {
	done := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		f()
		close(done)
	}()
	<-done
}

// The parent-death signal is the calling thread's; bad signals are EINVAL and change
// nothing.
func TestPdeathsigInChild(t *testing.T) {
	if !inChild(t, plain) {
		return
	}
	runtime.LockOSThread()
	if err := rns.SetPdeathsig(syscall.SIGUSR1); err != nil {
		t.Fatal(err)
	}
	if sig, err := rns.GetPdeathsig(); err != nil || sig != syscall.SIGUSR1 {
		t.Fatalf("GetPdeathsig() = %v, %v; want SIGUSR1", sig, err)
	}
	for _, bad := range []syscall.Signal{65, -1, 1 << 40} {
		wantErrno(t, rns.SetPdeathsig(bad), "set_pdeathsig", syscall.EINVAL)
	}
	if sig, _ := rns.GetPdeathsig(); sig != syscall.SIGUSR1 {
		t.Fatalf("after the bad calls GetPdeathsig() = %v; want SIGUSR1", sig)
	}
	var other syscall.Signal = -1
	var otherErr error
	onOtherThread(func() { other, otherErr = rns.GetPdeathsig() })
	if otherErr != nil || other != 0 {
		t.Fatalf("another thread's GetPdeathsig() = %v, %v; want 0 (the setting is per thread)", other, otherErr)
	}
	if err := rns.SetPdeathsig(0); err != nil {
		t.Fatal(err)
	}
	if sig, err := rns.GetPdeathsig(); err != nil || sig != 0 {
		t.Fatalf("GetPdeathsig() = %v, %v after clearing", sig, err)
	}
}

// The subreaper is the process's: set on one thread, read on another; an orphan below it
// is reparented to it.
func TestChildSubreaperInChild(t *testing.T) {
	if !inChild(t, plain) {
		return
	}
	if on, err := rns.GetChildSubreaper(); err != nil || on {
		t.Fatalf("GetChildSubreaper() = %v, %v at start; want false", on, err)
	}
	if err := rns.SetChildSubreaper(true); err != nil {
		t.Fatal(err)
	}
	var other bool
	var otherErr error
	onOtherThread(func() { other, otherErr = rns.GetChildSubreaper() })
	if otherErr != nil || !other {
		t.Fatalf("another thread's GetChildSubreaper() = %v, %v; want true", other, otherErr)
	}
	// sh starts sleep in the background and exits: sleep is orphaned, and comes to us (its
	// output goes elsewhere, so Output returns when sh exits).
	out, err := exec.Command("sh", "-c", "sleep 30 >/dev/null 2>&1 & echo $!").Output()
	if err != nil {
		t.Fatal(err)
	}
	orphan, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("sh printed %q", out)
	}
	defer func() {
		syscall.Kill(orphan, syscall.SIGKILL)
		var ws syscall.WaitStatus
		if _, err := syscall.Wait4(orphan, &ws, 0, nil); err != nil {
			t.Errorf("wait4(orphan %d): %v: it was not reparented to us", orphan, err)
		}
	}()
	deadline := time.Now().Add(5 * time.Second)
	for statField(t, "/proc/"+strconv.Itoa(orphan)+"/stat", 4) != os.Getpid() {
		if time.Now().After(deadline) {
			t.Fatalf("orphan %d was not reparented to the subreaper %d", orphan, os.Getpid())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := rns.SetChildSubreaper(false); err != nil {
		t.Fatal(err)
	}
	if on, err := rns.GetChildSubreaper(); err != nil || on {
		t.Fatalf("GetChildSubreaper() = %v, %v after SetChildSubreaper(false)", on, err)
	}
}

// no_new_privs is the calling thread's, and children started from that thread have it.
func TestNoNewPrivsInChild(t *testing.T) {
	if !inChild(t, plain) {
		return
	}
	runtime.LockOSThread()
	before, err := rns.GetNoNewPrivs()
	if err != nil {
		t.Fatal(err)
	}
	if err := rns.SetNoNewPrivs(); err != nil {
		t.Fatal(err)
	}
	if err := rns.SetNoNewPrivs(); err != nil { // again: no error
		t.Fatal(err)
	}
	if on, err := rns.GetNoNewPrivs(); err != nil || !on {
		t.Fatalf("GetNoNewPrivs() = %v, %v; want true", on, err)
	}
	out, err := exec.Command("grep", "NoNewPrivs:", "/proc/self/status").Output()
	if err != nil {
		t.Fatal(err)
	}
	if f := strings.Fields(string(out)); len(f) != 2 || f[1] != "1" {
		t.Fatalf("a child started from this thread: %q; want NoNewPrivs: 1", out)
	}
	if before {
		t.Log("no_new_privs was set already (sandbox): the change itself was not seen")
	}
}
