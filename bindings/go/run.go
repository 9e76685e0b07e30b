package rns

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"syscall"
)

// runnable are the namespace types RunInNamespaces can enter and restore. A user namespace
// is not among them: a thread cannot leave one it entered (and a multithreaded process, every
// Go program, cannot join one).
const runnable = CloneNewNS | CloneNewCgroup | CloneNewUTS | CloneNewIPC | CloneNewPID |
	CloneNewNet | CloneNewTime

// RunInNamespaces runs fn with its OS thread in the namespaces of the types given of
// process pid, then moves the thread back. fn runs on the calling goroutine, except on the
// main thread (below): the work never runs on the main thread. It is what Setns needs
// around it to be safe in Go:
//
//  1. it locks the goroutine to its thread (runtime.LockOSThread); if that is the main
//     thread (tid == pid), it first retires the main thread (below), which moves the
//     goroutine to another thread; where it cannot, it does steps 2 to 5 on a new goroutine,
//     which cannot run on the main thread while the caller holds it, and waits for it;
//  2. it enters the target's namespaces with rns_ns_enter_pid, which first saves the thread's
//     namespaces of those types and checks that the thread will be let back (EPERM
//     otherwise, before anything changed), then enters them (atomically, on Linux 5.8+);
//  3. it runs fn; an error from fn is returned, a panic propagates after the steps below;
//  4. it moves the thread back with rns_ns_restore (the namespaces saved; with CloneNewNS
//     also its root and cwd);
//  5. only if that succeeded does it unlock the thread, so the Go runtime may reuse it. Every
//     fd opened on the way is closed on every path.
//
// Exactly the types given are saved and restored, as in the hand-written pattern, at its
// cost. If fn changes other namespaces of its thread (unshare, Setns of another type), it
// must undo that itself before returning, or the thread goes back to the runtime changed.
//
// The main thread is never the one changed because the runtime never ends it: a thread
// left changed there would stay in the process for good (and /proc/self/cwd, root and ns/*
// show the main thread's). A plain program's main goroutine runs there, and so may any
// goroutine while the main goroutine waits. So the first call made on the main thread
// retires it: it unlocks, and a goroutine of this package locks the main thread as it is
// and exits, which the runtime answers by parking the main thread for the rest of the
// process (no goroutine runs there again; it keeps the namespaces, root and cwd it had).
// The caller continues on another thread, and every later call runs fn on the caller's own
// thread, at the hand-written pattern's cost.
//
// That cannot be done while the program keeps the main thread locked to a goroutine
// (runtime.LockOSThread in an init function, as GUI toolkits do, or around the call); from
// that goroutine, fn runs on a new goroutine, at the price of two thread hand-offs per call
// (several times the pattern's cost). Its error is returned, its panic is raised again on
// the calling goroutine (with the same value), and if it calls runtime.Goexit (t.FailNow,
// say) the calling goroutine exits too. The calling goroutine and the main thread are left
// as they were (locked only as the caller had them), whatever fn does, and a thread that
// cannot be given back (below) is that goroutine's, which ends with it.
//
// If a namespace cannot be restored (say fn dropped the thread's capabilities), the
// returned error says so (and wraps the setns error), and the goroutine that ran fn stays
// locked to the thread: the runtime never schedules another goroutine on it, and when that
// goroutine exits the runtime terminates the thread. Code that keeps running on the calling
// goroutine after such an error (when it is not on the main thread) is still in the
// foreign namespaces, so call RunInNamespaces from a goroutine that ends soon after, or
// treat the error as fatal. The same holds if fn panics and the restore fails: the panic
// propagates and the goroutine stays locked.
//
// types is an OR of CloneNewNet, CloneNewUTS, CloneNewIPC, CloneNewCgroup, CloneNewNS,
// CloneNewPID and CloneNewTime (the last two change only children fn starts; joining a
// time namespace needs a single-threaded process, so it fails with EUSERS). CloneNewUser,
// 0, or other bits give EINVAL before anything changes: a Go process is multithreaded and
// cannot join a user namespace (start a child process with SysProcAttr for that).
//
// CloneNewNS first unshares CLONE_FS, so the thread gets its own root, cwd and umask, and
// entering and leaving the mount namespace resets its cwd. Such a thread can never match
// the rest of the process again, so with CloneNewNS the goroutine that ran fn stays locked
// to its thread after RunInNamespaces returns, even on success, and the thread ends with
// the goroutine: call it from a goroutine started for the purpose. (From a goroutine that
// keeps the main thread locked, that is the new goroutine, which has ended by the time
// RunInNamespaces returns.)
//
// fn must not call runtime.UnlockOSThread more often than it locks. Goroutines fn starts
// run on other threads, in the original namespaces; processes fn starts (os/exec) are
// forked from fn's thread, so they start in the entered namespaces.
//
// Scope: fn's thread only (the calling thread, unless that is the main thread), restored
// on return; never the main thread.
// Errors (*os.SyscallError named "ns_enter_pid"): EINVAL as above; ESRCH no such process;
// EPERM lacking privilege to enter, or to come back; the others of rns_ns_enter_pid(3); then
// fn's.
func RunInNamespaces(pid int, types CloneFlags, fn func() error) error {
	cpid, ok := int32Arg(pid)
	return runIn("ns_enter_pid", types, fn, func() (nsSaved, int32) {
		if !ok {
			return nil, -int32(syscall.EINVAL)
		}
		return cNsEnterPid(cpid, int32(types))
	})
}

// RunInNamespacesOf is RunInNamespaces with the target given as an fd: a pidfd (from
// PidfdOpen) with an OR of namespace types, or a namespace file (from NsOpen, or an *os.File
// of /proc/PID/ns/X or a bind mount of one) with that file's type or 0 (the type is then the
// file's; a mount namespace file needs CloneNewNS given, so that the thread's fs context is
// unshared first). It enters with rns_ns_enter. Like RunInNamespaces, it never does the work
// on the main thread.
//
// Scope: fn's thread only (the calling thread, unless that is the main thread), restored
// on return; never the main thread.
// Errors (*os.SyscallError named "ns_enter"): EBADF fd is not open; EINVAL types as for
// RunInNamespaces, or not the namespace file's type, or fd is neither a namespace file nor a
// pidfd; the others as for RunInNamespaces; then fn's.
func RunInNamespacesOf(fd FD, types CloneFlags, fn func() error) error {
	return runIn("ns_enter", types, fn, func() (saved nsSaved, r int32) {
		r = withFd(fd, func(n int32) int32 {
			var rr int32
			saved, rr = cNsEnter(n, int32(types))
			return rr
		})
		return saved, r
	})
}

// processID is os.Getpid(), asked once: a process keeps its pid (Go never forks without
// exec), and runIn is on the path the run-in-namespace benchmark measures.
var processID = os.Getpid()

// mainThreadRetired is set once a goroutine of this package holds the main thread for good
// (it exits locked to it, and the runtime, which cannot end the main thread, parks it for the
// rest of the process): no goroutine runs there again.
var mainThreadRetired atomic.Bool

// isMainThread reports whether the calling goroutine, locked to its thread, is on the main
// thread (tid == pid). Once the main thread is retired that takes no syscall.
func isMainThread() bool { return !mainThreadRetired.Load() && syscall.Gettid() == processID }

// enterFunc enters the target's namespaces with one of the rns_ns_enter* calls: what it
// saved, and its result (< 0: -errno).
type enterFunc func() (nsSaved, int32)

func runIn(call string, types CloneFlags, fn func() error, enter enterFunc) error {
	if types&^runnable != 0 || fn == nil {
		return einval(call) // before CLONE_FS is unshared below
	}
	runtime.LockOSThread()
	if !isMainThread() || leaveMainThread() {
		return runLocked(call, types, fn, enter) // unlocks only if the thread is as it was
	}
	// The main thread, which the program keeps locked to this goroutine. It stays locked
	// to it until the work is done, so the goroutine that does it cannot be scheduled on it.
	defer runtime.UnlockOSThread()
	return runOffMainThread(call, types, fn, enter)
}

// retireTries bounds leaveMainThread's attempts: a main thread the program keeps locked to
// a goroutine (runtime.LockOSThread in init, as GUI toolkits do) is never let go, and each
// attempt there costs two thread hand-offs.
var retireTries atomic.Int32

const maxRetireTries = 3

// leaveMainThread is called on the main thread by a goroutine that holds one
// runtime.LockOSThread of ours. It unlocks and waits while a new goroutine, which the
// runtime then runs on the freed main thread (unless the program holds it locked), retires
// it (retireMainThread). It returns locked again, reporting whether the goroutine is off the
// main thread now, as it then stays.
func leaveMainThread() bool {
	if retireTries.Add(1) > maxRetireTries {
		return false
	}
	held := make(chan struct{}, 1)
	go retireMainThread(held)
	runtime.UnlockOSThread()
	<-held
	runtime.LockOSThread()
	return !isMainThread()
}

// retireMainThread takes the main thread out of use if it runs there: it exits locked to
// it, so the runtime parks it for the rest of the process, in the state it has now.
func retireMainThread(held chan<- struct{}) {
	runtime.LockOSThread()
	if syscall.Gettid() != processID {
		runtime.UnlockOSThread() // another thread: given back as it is
	} else {
		mainThreadRetired.Store(true)
	}
	held <- struct{}{}
}

func runOffMainThread(call string, types CloneFlags, fn func() error, enter enterFunc) error {
	type outcome struct {
		err      error
		returned bool // runLocked returned: neither a panic nor runtime.Goexit
		panicked any
	}
	done := make(chan outcome, 1)
	go func() {
		var o outcome
		defer func() {
			if !o.returned {
				o.panicked = recover() // nil: fn called runtime.Goexit, which goes on
			}
			done <- o
		}()
		runtime.LockOSThread()
		o.err = runLocked(call, types, fn, enter)
		o.returned = true
	}()
	o := <-done
	switch {
	case o.returned:
		return o.err
	case o.panicked != nil:
		panic(o.panicked)
	default:
		runtime.Goexit()
		return nil // not reached
	}
}

// runLocked does the work on the calling goroutine, which holds one runtime.LockOSThread
// for it on a thread that is not the main thread. It gives the lock back only if the
// thread is as it was.
func runLocked(call string, types CloneFlags, fn func() error, enter enterFunc) (err error) {
	keepLocked := false // the thread cannot be given back to the runtime
	if types&CloneNewNS != 0 {
		if err := Unshare(CloneFS); err != nil {
			runtime.UnlockOSThread() // a failed unshare changes nothing
			return err
		}
		keepLocked = true // the thread's root, cwd and umask are its own from now on
	}
	saved, r := enter()
	if r < 0 {
		if syscall.Errno(-r) == syscall.ENOTRECOVERABLE {
			keepLocked = true // entering failed part way and could not be undone
		}
		if !keepLocked {
			runtime.UnlockOSThread() // nothing changed
		}
		return errnoErr(call, syscall.Errno(-r))
	}

	// Runs on return and while a panic from fn unwinds (which then goes on to the caller).
	defer func() {
		if r := cNsRestore(saved); r < 0 {
			keepLocked = true
			err = errors.Join(err, fmt.Errorf("rns: could not restore the namespaces of thread %d, "+
				"which stays locked to the goroutine that ran fn and ends with it: %w",
				syscall.Gettid(), errnoErr("ns_restore", syscall.Errno(-r))))
		}
		if !keepLocked {
			runtime.UnlockOSThread()
		}
	}()
	return fn()
}

// RunInNs runs fn on an OS thread of its own inside the namespaces fd refers to (a pidfd with
// an OR of namespace types, or a namespace file with its type or 0), and returns fn's error
// once fn has returned; the thread is then discarded. It is Go's form of rns_run_in_ns(3): a
// new goroutine locks its thread (never unlocking it, so Go ends the thread with the
// goroutine), unshares its fs context, enters (rns_setns) and runs fn, so no other
// goroutine's thread, the caller's included, ever changes namespace, whatever fails. The
// main thread, which Go never ends, is never that thread: if the runtime runs the new
// goroutine there, it retires the main thread as RunInNamespaces does (parked for good, as it
// is) and does the work on another new goroutine. Threads the runtime starts meanwhile come from its template thread, never from this one. (Go cannot
// run fn on the C library's own thread: a cgo callback there is not locked for the runtime,
// which would start new threads from it, in the entered namespaces.) Goroutines fn starts run
// on other threads, in the original namespaces. CloneNewUser is refused (a thread of a
// multithreaded process cannot join a user namespace: use Cmd to start a process there). A
// pidfd needs Linux 5.8 (setns on pidfds); a namespace file works everywhere. A panic in fn is
// raised again here.
//
// Scope: a thread of its own, discarded after fn; no other thread changes (never the main
// thread).
// Errors (*os.SyscallError named "run_in_ns"): EBADF fd is not open; EINVAL types unknown,
// CloneNewUser, 0 with a pidfd, not the namespace file's type, or a pidfd before Linux 5.8;
// EPERM lacking privilege in a target namespace; ESRCH the pidfd's process has exited; then
// fn's.
func RunInNs(fd FD, types CloneFlags, fn func() error) error {
	if types&^runnable != 0 {
		return errnoErr("run_in_ns", syscall.EINVAL)
	}
	done := make(chan nsOutcome, 1)
	go runInNsThread(fd, types, fn, done)
	o := <-done
	if o.panicked != nil {
		panic(o.panicked)
	}
	return o.err
}

// nsOutcome is how fn ended on RunInNs's thread.
type nsOutcome struct {
	err      error
	panicked any
}

// runInNsThread does RunInNs's work on the thread it locks for good. On the main thread,
// which it must not change, it starts itself again on a new goroutine (which cannot run there
// while this one holds it) and exits, retiring the main thread as it is.
func runInNsThread(fd FD, types CloneFlags, fn func() error, done chan<- nsOutcome) {
	runtime.LockOSThread() // never unlocked: the thread ends with this goroutine
	if isMainThread() {
		mainThreadRetired.Store(true)
		go runInNsThread(fd, types, fn, done)
		return
	}
	var o nsOutcome
	defer func() {
		if p := recover(); p != nil {
			o.panicked = p
		}
		done <- o
	}()
	if r := cUnshare(rnsCloneFS); r < 0 {
		o.err = errnoErr("run_in_ns", syscall.Errno(-r))
		return
	}
	if r := withFd(fd, func(n int32) int32 { return cSetns(n, int32(types)) }); r < 0 {
		o.err = errnoErr("run_in_ns", syscall.Errno(-r))
		return
	}
	o.err = fn()
}
