package rns_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"testing"

	rns "github.com/librns/librns/bindings/go"
)

func TestPriorityReads(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	nice, err := rns.Getpriority(rns.PrioProcess, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := threadNice(t, syscall.Gettid()); nice != want {
		t.Fatalf("Getpriority(PrioProcess, 0) = %d, /proc says %d", nice, want)
	}
	if _, err := rns.Getpriority(rns.PrioUser, os.Getuid()); err != nil {
		t.Fatal(err)
	}
	if _, err := rns.Getpriority(rns.PrioPgrp, 0); err != nil {
		t.Fatal(err)
	}
	_, err = rns.Getpriority(99, 0)
	wantErrno(t, err, "getpriority", syscall.EINVAL)
	_, err = rns.Getpriority(rns.PrioProcess, noPid)
	wantErrno(t, err, "getpriority", syscall.ESRCH)
	_, err = rns.Getpriority(rns.PrioUser, -2)
	wantErrno(t, err, "getpriority", syscall.EINVAL)
	wantErrno(t, rns.Setpriority(99, 0, 0), "setpriority", syscall.EINVAL)
	wantErrno(t, rns.Setpriority(rns.PrioProcess, noPid, 0), "setpriority", syscall.ESRCH)
	wantErrno(t, rns.Setpriority(rns.PrioProcess, 1<<33, 0), "setpriority", syscall.EINVAL)
}

// threadNice reads thread tid's nice value from /proc.
func threadNice(t testing.TB, tid int) int {
	t.Helper()
	return statField(t, fmt.Sprintf("/proc/self/task/%d/stat", tid), 19)
}

// Nice is per thread: setting it for this thread leaves the others alone. As root, -1 is
// a value Getpriority returns (not an error); without privilege lowering it is EACCES.
func TestNiceInChild(t *testing.T) {
	if !inChild(t, plain) {
		return
	}
	runtime.LockOSThread() // never unlocked: the thread ends with the test goroutine
	tid := syscall.Gettid()
	before := threadNice(t, tid)
	if err := rns.Setpriority(rns.PrioProcess, 0, before+5); err != nil {
		t.Fatal(err)
	}
	if n, err := rns.Getpriority(rns.PrioProcess, 0); err != nil || n != before+5 {
		t.Fatalf("Getpriority(PrioProcess, 0) = %d, %v; want %d", n, err, before+5)
	}
	if n, err := rns.Getpriority(rns.PrioProcess, tid); err != nil || n != before+5 {
		t.Fatalf("Getpriority(PrioProcess, tid) = %d, %v", n, err)
	}
	tasks, _ := os.ReadDir("/proc/self/task")
	others := 0
	for _, task := range tasks {
		if other, _ := strconv.Atoi(task.Name()); other != tid {
			others++
			if n := threadNice(t, other); n != before {
				t.Fatalf("thread %d has nice %d: Setpriority changed another thread", other, n)
			}
		}
	}
	if others == 0 {
		t.Fatal("no other thread to compare with")
	}

	if os.Geteuid() == 0 {
		if err := rns.Setpriority(rns.PrioProcess, 0, -1); err != nil {
			t.Fatal(err)
		}
		if n, err := rns.Getpriority(rns.PrioProcess, 0); err != nil || n != -1 {
			t.Fatalf("Getpriority = %d, %v; want -1 and no error", n, err)
		}
		if err := rns.Setpriority(rns.PrioProcess, 0, 0); err != nil {
			t.Fatal(err)
		}
		if n, _ := rns.Getpriority(rns.PrioProcess, 0); n != 0 {
			t.Fatalf("Getpriority = %d, want 0", n)
		}
		return
	}
	var lim syscall.Rlimit
	if syscall.Getrlimit(13 /* RLIMIT_NICE */, &lim) == nil && lim.Cur > 0 {
		t.Skip("RLIMIT_NICE allows lowering the nice value; EACCES not checked")
	}
	err := rns.Setpriority(rns.PrioProcess, 0, before)
	wantErrno(t, err, "setpriority", syscall.EACCES)
	if !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("%v is not fs.ErrPermission", err)
	}
}
