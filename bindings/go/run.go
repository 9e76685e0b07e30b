package rns

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"syscall"
)

// runnable are the namespace types RunInNamespaces can enter and restore. A user namespace
// is not among them: a multithreaded process (every Go program) can neither join nor leave
// one.
const runnable = CloneNewNS | CloneNewCgroup | CloneNewUTS | CloneNewIPC | CloneNewPID |
	CloneNewNet | CloneNewTime

// threadNsFiles gives, for each type RunInNamespaces can change, the file in
// /proc/thread-self/ns that shows the calling thread's namespace of that type. For PID and
// time namespaces setns changes only what children get, so those are *_for_children.
var threadNsFiles = []struct {
	flag CloneFlags
	file string
}{
	{CloneNewCgroup, "cgroup"},
	{CloneNewIPC, "ipc"},
	{CloneNewNet, "net"},
	{CloneNewNS, "mnt"},
	{CloneNewPID, "pid_for_children"},
	{CloneNewTime, "time_for_children"},
	{CloneNewUTS, "uts"},
}

// RunInNamespaces runs fn with its OS thread in the namespaces of the types given of
// process pid, then moves the thread back. fn runs on the calling goroutine, except on the
// main thread (below): the work never runs on the main thread. It is what Setns needs
// around it to be safe in Go:
//
//  1. it locks the goroutine to its thread (runtime.LockOSThread); if that is the main
//     thread (tid == pid), it does steps 2 to 6 on a new goroutine, which cannot run on the
//     main thread while the caller holds it, and waits for that goroutine;
//  2. it opens the thread's current namespace of every type it can restore, not only those
//     given, since fn may change others on this thread (/proc/thread-self/ns/...,
//     close-on-exec) and notes each identity (st_dev, st_ino);
//  3. it enters the target's namespaces with SetnsPid (atomically, on Linux 5.8+);
//  4. it runs fn; an error from fn is returned, a panic propagates after the steps below;
//  5. it moves the thread back into every saved namespace it is no longer in, and checks
//     each identity;
//  6. only if every namespace is back does it unlock the thread, so the Go runtime may
//     reuse it. Every fd it opened is closed on every path.
//
// The main thread is never the one changed because the runtime never ends it: a thread
// left changed there would stay in the process for good (and /proc/self/cwd, root and ns/*
// show the main thread's). So when the caller is on the main thread, fn runs on a new
// goroutine; its error is returned, its panic is raised again on the calling goroutine
// (with the same value), and if it calls runtime.Goexit (t.FailNow, say) the calling
// goroutine exits too. The calling goroutine and the main thread are left as they were
// (locked only as the caller had them), whatever fn does, and a thread that cannot be
// given back (below) is that goroutine's, which ends with it.
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
// the goroutine: call it from a goroutine started for the purpose. (On the main thread
// that is the new goroutine, which has ended by the time RunInNamespaces returns.)
//
// fn must not call runtime.UnlockOSThread more often than it locks. Goroutines fn starts
// run on other threads, in the original namespaces; processes fn starts (os/exec) are
// forked from fn's thread, so they start in the entered namespaces.
//
// Scope: fn's thread only (the calling thread, unless that is the main thread), restored
// on return; never the main thread.
// Errors: EINVAL as above; those of SetnsPid (ESRCH no such process, EPERM lacking
// privilege, ...), and fn's.
func RunInNamespaces(pid int, types CloneFlags, fn func() error) error {
	return runIn(types, fn, func() error { return SetnsPid(pid, types) })
}

// RunInNamespacesOf is RunInNamespaces with the target given as an fd: a pidfd (from
// PidfdOpen) with an OR of namespace types, or a namespace file (from NsOpen, or an
// *os.File of /proc/PID/ns/X or a bind mount of one) with that file's single type. It
// enters with Setns(fd, types). types must not be 0, since RunInNamespaces needs to know
// which namespaces to save. Like RunInNamespaces, it never does the work on the main
// thread.
//
// Scope: fn's thread only (the calling thread, unless that is the main thread), restored
// on return; never the main thread.
func RunInNamespacesOf(fd FD, types CloneFlags, fn func() error) error {
	return runIn(types, fn, func() error { return Setns(fd, types) })
}

// savedNs is one namespace of the calling thread, kept open to return to.
type savedNs struct {
	flag CloneFlags
	path string // /proc/thread-self/ns/...
	file *os.File
	id   nsID
}

// nsID identifies a namespace: the (st_dev, st_ino) of its nsfs file.
type nsID struct{ dev, ino uint64 }

func statNs(path string) (nsID, error) {
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		return nsID{}, &os.PathError{Op: "stat", Path: path, Err: err}
	}
	return nsID{uint64(st.Dev), st.Ino}, nil
}

func runIn(types CloneFlags, fn func() error, enter func() error) error {
	if types == 0 || types&^runnable != 0 || fn == nil {
		return einval("setns")
	}
	runtime.LockOSThread()
	if syscall.Gettid() != os.Getpid() {
		return runLocked(types, fn, enter) // unlocks only if the thread is as it was
	}
	// The main thread, which the runtime never ends, so it must never be left changed. It
	// stays locked to this goroutine until the work is done, so the goroutine that does it
	// cannot be scheduled on it.
	defer runtime.UnlockOSThread()
	return runOffMainThread(types, fn, enter)
}

// runOffMainThread runs runLocked on a new goroutine (so on another thread than the
// caller's, which holds its own locked) and waits for it. It returns that goroutine's
// result, raises its panic again, and exits the calling goroutine if fn called
// runtime.Goexit. If that thread cannot be given back, its goroutine ends locked to it, so
// the runtime ends the thread.
func runOffMainThread(types CloneFlags, fn func() error, enter func() error) error {
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
		o.err = runLocked(types, fn, enter)
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
func runLocked(types CloneFlags, fn func() error, enter func() error) (err error) {
	saved, err := saveThreadNamespaces(runnable, types)
	if err != nil {
		runtime.UnlockOSThread() // nothing changed yet
		return err
	}
	keepLocked := false // the thread cannot be given back to the runtime
	if types&CloneNewNS != 0 {
		if err := Unshare(CloneFS); err != nil {
			closeSaved(saved)
			runtime.UnlockOSThread() // a failed unshare changes nothing
			return err
		}
		keepLocked = true // the thread's root, cwd and umask are its own from now on
	}

	// Runs on return and while a panic from fn unwinds (which then goes on to the caller).
	defer func() {
		moved, rerr := restoreThreadNamespaces(saved)
		if moved&CloneNewNS != 0 {
			keepLocked = true // fn entered a mount namespace, so it unshared CLONE_FS too
		}
		if rerr != nil {
			keepLocked = true
			err = errors.Join(err, rerr)
		}
		if !keepLocked {
			runtime.UnlockOSThread()
		}
	}()

	if err := enter(); err != nil {
		return err // the deferred restore also undoes a partial, non-atomic entry
	}
	return fn()
}

// saveThreadNamespaces opens the calling thread's namespace of each type in types. A type
// the kernel does not have (time namespaces before Linux 5.6) is left out unless required.
func saveThreadNamespaces(types, required CloneFlags) ([]savedNs, error) {
	var saved []savedNs
	for _, t := range threadNsFiles {
		if types&t.flag == 0 {
			continue
		}
		path := "/proc/thread-self/ns/" + t.file
		f, err := os.Open(path) // O_RDONLY|O_CLOEXEC
		if errors.Is(err, fs.ErrNotExist) && required&t.flag == 0 {
			continue
		}
		if err == nil {
			var id nsID
			if id, err = fileNsID(f); err == nil {
				saved = append(saved, savedNs{t.flag, path, f, id})
				continue
			}
			f.Close()
		}
		closeSaved(saved)
		return nil, err
	}
	return saved, nil
}

func fileNsID(f *os.File) (nsID, error) {
	fi, err := f.Stat()
	if err != nil {
		return nsID{}, err
	}
	st := fi.Sys().(*syscall.Stat_t)
	return nsID{uint64(st.Dev), st.Ino}, nil
}

// restoreThreadNamespaces moves the calling thread back into each saved namespace it has
// left, checks that each is back, and closes every saved file. moved says which types had
// to be moved back.
func restoreThreadNamespaces(saved []savedNs) (moved CloneFlags, _ error) {
	defer closeSaved(saved)
	var errs []error
	for _, s := range saved {
		if cur, err := statNs(s.path); err == nil && cur == s.id {
			continue // never left, or already back
		}
		moved |= s.flag
		if err := Setns(s.file, s.flag); err != nil {
			errs = append(errs, err)
		}
		cur, err := statNs(s.path)
		switch {
		case err != nil:
			errs = append(errs, err)
		case cur != s.id:
			errs = append(errs, fmt.Errorf("%s is %d:%d, not the saved %d:%d",
				s.path, cur.dev, cur.ino, s.id.dev, s.id.ino))
		}
	}
	if len(errs) == 0 {
		return moved, nil
	}
	return moved, fmt.Errorf("rns: could not restore the namespaces of thread %d, which stays "+
		"locked to the goroutine that ran fn and ends with it: %w", syscall.Gettid(), errors.Join(errs...))
}

func closeSaved(saved []savedNs) {
	for _, s := range saved {
		s.file.Close()
	}
}
