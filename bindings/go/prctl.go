package rns

import "syscall"

// SetPdeathsig sets the signal this process gets when its parent dies
// (PR_SET_PDEATHSIG); 0 clears it.
//
// "Parent" is the thread that created this process, not the parent process: the signal
// comes when that thread exits, even if the parent process lives on (golang/go#27505: a Go
// parent's threads come and go, so a child started from an unlocked goroutine may get it
// early). It is meant for use in a child, or from a parent that starts the child on a
// goroutine holding runtime.LockOSThread until the child is done. If the parent thread
// has already exited, nothing is ever sent: check os.Getppid() after the call.
//
// The setting is cleared in children of fork, by a change of the effective or filesystem
// uid or gid (Setuid, Setresgid and the like), and by exec of a set-user-ID,
// set-group-ID or file-capability binary.
//
// Scope: the calling OS thread: the setting is the thread's own (other threads read 0),
// and it counts only while that thread lives; the signal goes to the whole process. Hold
// runtime.LockOSThread so GetPdeathsig reads the same thread.
// Errors: EINVAL sig is not 0 or a signal 1..64.
func SetPdeathsig(sig syscall.Signal) error {
	csig, ok := int32Arg(int(sig))
	if !ok {
		return einval("set_pdeathsig")
	}
	return check("set_pdeathsig", cSetPdeathsig(csig))
}

// GetPdeathsig returns the calling OS thread's parent-death signal, 0 when none is set.
//
// Scope: reads only (the calling OS thread's setting; see SetPdeathsig).
func GetPdeathsig() (syscall.Signal, error) {
	r, err := result("get_pdeathsig", cGetPdeathsig())
	if err != nil {
		return 0, err
	}
	return syscall.Signal(r), nil
}

// SetChildSubreaper makes this process a child subreaper (on) or ordinary again
// (PR_SET_CHILD_SUBREAPER): a process orphaned below it is reparented to it instead of to
// init, and it must reap (wait for) such orphans. Children of fork do not inherit it; exec
// keeps it.
//
// Scope: process (every thread reads the same setting).
// Errors: none on Linux >= 3.4.
func SetChildSubreaper(on bool) error {
	var c int32
	if on {
		c = 1
	}
	return check("set_child_subreaper", cSetChildSubreaper(c))
}

// GetChildSubreaper reports whether this process is a child subreaper.
//
// Scope: reads only (the process's setting).
func GetChildSubreaper() (bool, error) {
	r, err := result("get_child_subreaper", cGetChildSubreaper())
	return r == 1, err
}

// SetNoNewPrivs sets no_new_privs (PR_SET_NO_NEW_PRIVS): exec no longer grants privileges
// (set-user-ID and set-group-ID bits and file capabilities do nothing), and an unprivileged
// thread may install seccomp filters. It cannot be unset; calling it again is no error.
//
// Scope: the calling OS thread, and the threads and children it creates afterwards; the
// threads the runtime already has keep their own setting. So call it on a goroutine that
// holds runtime.LockOSThread and start the children that need it from that goroutine
// (exec.Cmd forks from the calling thread), or call it in a child before exec.
// Errors: none on Linux >= 3.5.
func SetNoNewPrivs() error {
	return check("set_no_new_privs", cSetNoNewPrivs(1))
}

// GetNoNewPrivs reports whether the calling OS thread has no_new_privs set.
//
// Scope: reads only (the calling OS thread's setting; see SetNoNewPrivs).
func GetNoNewPrivs() (bool, error) {
	r, err := result("get_no_new_privs", cGetNoNewPrivs())
	return r == 1, err
}
