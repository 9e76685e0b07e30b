package rns

import "syscall"

// Setpgid moves process pid (0: the caller) into process group pgid (0: a group of its own
// pid). The shell pattern is to call it in both parent and child, so the child is in its
// group before either goes on; from Go, prefer exec.Cmd's SysProcAttr.Setpgid for a child.
//
// Scope: process.
// Errors: EINVAL pid or pgid < 0; ESRCH pid is neither the caller nor its child; EPERM pid
// is a session leader, or pgid is a group of another session or does not exist; EACCES
// the child has already exec'd.
func Setpgid(pid, pgid int) error {
	cpid, ok1 := int32Arg(pid)
	cpgid, ok2 := int32Arg(pgid)
	if !ok1 || !ok2 {
		return einval("setpgid")
	}
	return check("setpgid", cSetpgid(cpid, cpgid))
}

// Getpgid returns the process group id of process pid (0: the caller).
//
// Scope: reads only.
// Errors: ESRCH no such process (or pid < 0); EINVAL pid does not fit a pid_t (doc.go).
func Getpgid(pid int) (int, error) {
	cpid, ok := int32Arg(pid)
	if !ok {
		return -1, einval("getpgid")
	}
	return result("getpgid", cGetpgid(cpid))
}

// Setpgrp makes the caller the leader of a new process group of its own pid
// (setpgid(0, 0)).
//
// Scope: process.
// Errors: EPERM the caller is a session leader.
func Setpgrp() error {
	return check("setpgrp", cSetpgrp())
}

// Getpgrp returns the caller's process group id. It cannot fail, so it returns no error
// (as syscall.Getpgrp).
//
// Scope: reads only.
func Getpgrp() int {
	return int(cGetpgrp())
}

// Setsid starts a new session, with the caller as leader of it and of a new process
// group, and no controlling terminal. It returns the new session id (the caller's pid).
//
// Scope: process.
// Errors: EPERM the caller is already a process group leader (start a child and call it
// there, or use exec.Cmd's SysProcAttr.Setsid).
func Setsid() (int, error) {
	return result("setsid", cSetsid())
}

// Getsid returns the session id of process pid (0: the caller).
//
// Scope: reads only.
// Errors: ESRCH no such process (or pid < 0); EINVAL pid does not fit a pid_t (doc.go).
func Getsid(pid int) (int, error) {
	cpid, ok := int32Arg(pid)
	if !ok {
		return -1, einval("getsid")
	}
	return result("getsid", cGetsid(cpid))
}

// Tcgetpgrp returns the foreground process group of terminal fd, which must be the
// caller's controlling terminal.
//
// Scope: reads only.
// Errors: EBADF fd is not open; ENOTTY fd is not a terminal, or not the caller's
// controlling terminal.
func Tcgetpgrp(fd FD) (int, error) {
	return result("tcgetpgrp", withFd(fd, cTcgetpgrp))
}

// Tcsetpgrp makes pgrp the foreground process group of the caller's controlling terminal
// fd. A caller in a background group gets SIGTTOU unless it blocks or ignores it.
//
// Scope: process (the terminal's state).
// Errors: EINVAL pgrp < 0; EBADF fd is not open; ENOTTY fd is not the caller's controlling
// terminal; EPERM pgrp is not a group of the caller's session.
func Tcsetpgrp(fd FD, pgrp int) error {
	cpgrp, ok := int32Arg(pgrp)
	if !ok {
		return einval("tcsetpgrp")
	}
	return check("tcsetpgrp", withFd(fd, func(n int32) int32 {
		return cTcsetpgrp(n, cpgrp)
	}))
}

// Killpg sends sig to every process of process group pgrp (0: the caller's group). Group 1
// is refused, since kill(-1) would signal every process the caller may signal.
//
// Scope: process (sends signals).
// Errors: EINVAL pgrp < 0 or 1, or bad sig; ESRCH no such group; EPERM not allowed to
// signal any of its members.
func Killpg(pgrp int, sig syscall.Signal) error {
	cpgrp, ok1 := int32Arg(pgrp)
	csig, ok2 := int32Arg(int(sig))
	if !ok1 || !ok2 {
		return einval("killpg")
	}
	return check("killpg", cKillpg(cpgrp, csig))
}
