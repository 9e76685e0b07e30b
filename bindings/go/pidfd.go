package rns

import (
	"os"
	"strconv"
	"syscall"
	"time"
)

// PidfdFlags are the flags of PidfdOpen.
type PidfdFlags uint32

// Values of PidfdFlags.
const (
	PidfdNonblock PidfdFlags = rnsPidfdNonblock // reads and waitid do not block (Linux 5.10)
	PidfdThread   PidfdFlags = rnsPidfdThread   // pid may be a thread, not only a process (Linux 6.9)
)

// PidfdSignalFlags are the flags of PidfdSendSignal.
type PidfdSignalFlags uint32

// Values of PidfdSignalFlags (Linux 6.9); 0 signals the whole process.
const (
	PidfdSignalThread       PidfdSignalFlags = rnsPidfdSignalThread       // only the thread the pidfd names
	PidfdSignalThreadGroup  PidfdSignalFlags = rnsPidfdSignalThreadGroup  // the whole thread group
	PidfdSignalProcessGroup PidfdSignalFlags = rnsPidfdSignalProcessGroup // the target's process group
)

// In place of a pidfd, passed to the kernel as they are by PidfdSendSignal and PidfdGetfd
// (Linux 6.15; an older kernel answers EBADF): the calling thread, and the calling process.
// The calls that need a real fd (PidfdWait, Setns, ...) give EBADF for them, as the kernel.
const (
	PidfdSelfThread      RawFD = rnsPidfdSelfThread
	PidfdSelfThreadGroup RawFD = rnsPidfdSelfThreadGroup
)

// PidfdOpen opens a pidfd for process pid (pidfd_open(2), Linux 5.3). It is an *os.File
// (named "pidfd:PID"), closed by Close; it is always close-on-exec. Poll it for
// readability to learn that the process exited.
//
// Scope: reads only.
// Errors: EINVAL pid <= 0 or unknown flags; ENOENT (Linux 6.9+) pid is a thread and
// PidfdThread is not given; ESRCH no such process; EMFILE, ENFILE out of fds; ENOSYS
// kernel older than 5.3.
func PidfdOpen(pid int, flags PidfdFlags) (*os.File, error) {
	cpid, ok := int32Arg(pid)
	if !ok {
		return nil, einval("pidfd_open")
	}
	fd, err := result("pidfd_open", cPidfdOpen(cpid, uint32(flags)))
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), "pidfd:"+strconv.Itoa(pid)), nil
}

// PidfdSendSignal sends sig to the process pidfd refers to (pidfd_send_signal(2), Linux
// 5.1). Signal 0 checks that the process exists and may be signalled.
//
// Scope: process (sends a signal; changes nothing in the caller).
// Errors: EBADF pidfd is not an open pidfd; EINVAL bad sig or unknown flags; EPERM not
// allowed to signal it; ESRCH it has exited.
func PidfdSendSignal(pidfd FD, sig syscall.Signal, flags PidfdSignalFlags) error {
	csig, ok := int32Arg(int(sig))
	if !ok {
		return einval("pidfd_send_signal")
	}
	return check("pidfd_send_signal", withFd(pidfd, func(n int32) int32 {
		return cPidfdSendSignal(n, csig, uint32(flags))
	}))
}

// SIQueue is the si_code sigqueue(3) sends (SI_QUEUE), for Siginfo.Code.
const SIQueue = rnsSiQueue

// Siginfo is what PidfdSendSiginfo sends with a signal.
type Siginfo struct {
	Code  int   // the receiver's si_code: SIQueue, or another negative value (0 or above: only to the caller itself)
	Value int32 // the receiver's si_value.sival_int
}

// PidfdSendSiginfo sends sig with info's code and value to the process pidfd refers to
// (pidfd_send_signal(2) with a siginfo, Linux 5.1), as sigqueue(3) sends to a pid: the
// receiver sees si_code info.Code, si_value.sival_int info.Value, and the caller's pid and
// uid as si_pid and si_uid.
//
// Scope: process (sends a signal; changes nothing in the caller).
// Errors: those of PidfdSendSignal; EPERM info.Code is 0 or above and the target is not the
// caller.
func PidfdSendSiginfo(pidfd FD, sig syscall.Signal, info Siginfo, flags PidfdSignalFlags) error {
	csig, ok := int32Arg(int(sig))
	code, ok2 := int32Arg(info.Code)
	if !ok || !ok2 {
		return einval("pidfd_send_siginfo")
	}
	return check("pidfd_send_siginfo", withFd(pidfd, func(n int32) int32 {
		return cPidfdSendSiginfo(n, csig, code, info.Value, uint32(flags))
	}))
}

// PidfdGetfd duplicates descriptor targetfd of the process pidfd refers to into the caller
// (pidfd_getfd(2), Linux 5.6), as a close-on-exec *os.File. It needs ptrace access to that
// process. flags must be 0.
//
// Scope: process (a new fd in the caller's fd table).
// Errors: EINVAL flags is not 0, or targetfd does not fit a C int; EBADF pidfd is not a
// pidfd, or targetfd is not open in the target; EPERM no ptrace access; ESRCH the process
// has exited; EMFILE out of fds.
func PidfdGetfd(pidfd FD, targetfd int, flags uint) (*os.File, error) {
	ctarget, ok1 := int32Arg(targetfd)
	cflags, ok2 := uint32Arg(flags)
	if !ok1 || !ok2 {
		return nil, einval("pidfd_getfd")
	}
	fd, err := result("pidfd_getfd", withFd(pidfd, func(n int32) int32 {
		return cPidfdGetfd(n, ctarget, cflags)
	}))
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), "pidfd_getfd:"+strconv.Itoa(targetfd)), nil
}

// WaitOptions are what PidfdWait waits for (waitid(2) options).
type WaitOptions int32

// Values of WaitOptions: at least one of WaitExited, WaitStopped, WaitContinued.
const (
	WaitExited    WaitOptions = rnsWExited    // it exited or was killed
	WaitStopped   WaitOptions = rnsWStopped   // a signal stopped it
	WaitContinued WaitOptions = rnsWContinued // SIGCONT continued it
	WaitNoHang    WaitOptions = rnsWNoHang    // return at once when nothing is to report
	WaitNoWait    WaitOptions = rnsWNoWait    // report, but leave it waitable (do not reap)
)

// WaitKind says what a WaitStatus reports.
type WaitKind int32

// Values of WaitKind.
const (
	WaitNone      WaitKind = rnsWaitNone      // nothing to report (WaitNoHang)
	ExitedKind    WaitKind = rnsWaitExited    // exited; Code is the exit code
	KilledKind    WaitKind = rnsWaitKilled    // killed by signal Code
	DumpedKind    WaitKind = rnsWaitDumped    // killed by signal Code, core dumped
	StoppedKind   WaitKind = rnsWaitStopped   // stopped by signal Code
	ContinuedKind WaitKind = rnsWaitContinued // continued (Code is SIGCONT)
	TrappedKind   WaitKind = rnsWaitTrapped   // a ptrace stop (for a tracer)
)

// String names the kind ("exited", "killed", ...).
func (k WaitKind) String() string {
	switch k {
	case WaitNone:
		return "none"
	case ExitedKind:
		return "exited"
	case KilledKind:
		return "killed"
	case DumpedKind:
		return "dumped"
	case StoppedKind:
		return "stopped"
	case ContinuedKind:
		return "continued"
	case TrappedKind:
		return "trapped"
	}
	return "WaitKind(" + strconv.Itoa(int(k)) + ")"
}

// WaitStatus is a decoded state change of a process.
type WaitStatus struct {
	Kind WaitKind
	Pid  int // the process (0 with WaitNone)
	Code int // the exit code (ExitedKind) or the signal (the other kinds)
	Uid  int // its real uid
}

// PidfdWait waits for a state change of the child pidfd refers to (waitid(2) with
// P_PIDFD, Linux 5.4) and decodes it. With WaitNoHang and nothing to report it returns a
// WaitStatus of kind WaitNone. This call blocks its OS thread; Process.Wait waits for an
// exit without one.
//
// Scope: process (reaps the child, unless WaitNoWait).
// Errors: ECHILD not a child of the caller (or already reaped); EINVAL bad options, or pidfd
// is not a pidfd; EBADF pidfd is not open; EAGAIN a nonblocking pidfd with nothing to report.
func PidfdWait(pidfd FD, options WaitOptions) (WaitStatus, error) {
	var st cWaitStatus
	r := withFd(pidfd, func(n int32) int32 {
		var rr int32
		st, rr = cPidfdWait(n, int32(options))
		return rr
	})
	if r < 0 {
		return WaitStatus{}, errnoErr("pidfd_wait", syscall.Errno(-r))
	}
	return WaitStatus{Kind: WaitKind(st.kind), Pid: int(st.pid), Code: int(st.code), Uid: int(st.uid)}, nil
}

// Rusage is a child's resource usage as PidfdWaitRusage reports it (waitid's rusage, as
// wait4 and ProcessState.SysUsage give it): its own and its waited-for descendants'.
type Rusage struct {
	Utime, Stime     time.Duration // user and system CPU time
	MaxRSS           int64         // peak resident set size, in KiB (as syscall.Rusage.Maxrss)
	Minflt, Majflt   int64         // page faults served without and with I/O
	Inblock, Oublock int64         // file system blocks read and written
	Nvcsw, Nivcsw    int64         // voluntary and involuntary context switches
}

// PidfdWaitRusage is PidfdWait that also reports the child's resource usage (waitid's fifth
// argument). With WaitNoHang and nothing to report the Rusage is zero.
//
// Scope: process (reaps the child, unless WaitNoWait).
// Errors: those of PidfdWait.
func PidfdWaitRusage(pidfd FD, options WaitOptions) (WaitStatus, Rusage, error) {
	var st cWaitStatus
	var ru Rusage
	r := withFd(pidfd, func(n int32) int32 {
		var rr int32
		st, ru, rr = cPidfdWaitRusage(n, int32(options))
		return rr
	})
	if r < 0 {
		return WaitStatus{}, Rusage{}, errnoErr("pidfd_wait_rusage", syscall.Errno(-r))
	}
	return WaitStatus{Kind: WaitKind(st.kind), Pid: int(st.pid), Code: int(st.code), Uid: int(st.uid)}, ru, nil
}

// PidfdGetpid is the pid of the process pidfd refers to, in the caller's pid namespace
// (PIDFD_GET_INFO, Linux 6.13; the pidfd's fdinfo before).
//
// Scope: reads only.
// Errors: ESRCH it has been reaped, or is outside the caller's pid namespace; EINVAL pidfd
// is not a pidfd; EBADF not open; ENOSYS cannot be told here (old kernel, no /proc).
func PidfdGetpid(pidfd FD) (int, error) {
	return result("pidfd_getpid", withFd(pidfd, cPidfdGetpid))
}

// ProcessInfoMask says which fields of a ProcessInfo are filled.
type ProcessInfoMask uint64

// Values of ProcessInfoMask.
const (
	InfoPid      ProcessInfoMask = rnsPidfdInfoPid      // Pid, Tgid, Ppid
	InfoCreds    ProcessInfoMask = rnsPidfdInfoCreds    // Uid, Gid
	InfoCgroupID ProcessInfoMask = rnsPidfdInfoCgroupID // CgroupID (Linux 6.13)
	InfoExit     ProcessInfoMask = rnsPidfdInfoExit     // Exit, once reaped (Linux 6.15)
)

// ProcessInfo is what a pidfd points to. Fields not in Mask are zero, never guessed.
type ProcessInfo struct {
	Mask            ProcessInfoMask
	CgroupID        uint64
	Pid, Tgid, Ppid int        // in the caller's pid namespace
	Uid, Gid        [4]int     // real, effective, saved, filesystem
	Exit            WaitStatus // how it ended (Kind and Code), with InfoExit
}

// PidfdInfo reads what the process pidfd refers to is (rns_pidfd_info): its pids,
// credentials and cgroup while it runs, and how it ended once its parent has reaped it
// (Linux 6.15), so a process that is not the caller's child can learn its exit status.
//
// Scope: reads only.
// Errors: ESRCH it has exited and nothing more can be told; EINVAL pidfd is not a pidfd;
// EBADF not open; ENOSYS an old kernel without /proc.
func PidfdInfo(pidfd FD) (ProcessInfo, error) {
	var in ProcessInfo
	r := withFd(pidfd, func(n int32) int32 {
		var rr int32
		in, rr = cPidfdInfo(n)
		return rr
	})
	if r < 0 {
		return ProcessInfo{}, errnoErr("pidfd_info", syscall.Errno(-r))
	}
	return in, nil
}

// PidfdInfoMask is PidfdInfo for the fields of mask only (rns_pidfd_info_mask): the kernel is
// asked for those alone, so InfoExit alone asks how the process ended and nothing else.
// Mask in the result is the part of mask filled: a running process has no InfoExit yet (a
// zero Mask for InfoExit alone); a reaped one has only InfoExit (Linux 6.15).
//
// Scope: reads only.
// Errors: EINVAL mask is 0 or has unknown bits, or pidfd is not a pidfd; ESRCH as PidfdInfo,
// and for a reaped process when mask lacks InfoExit; EBADF not open; ENOSYS an old kernel
// without /proc.
func PidfdInfoMask(pidfd FD, mask ProcessInfoMask) (ProcessInfo, error) {
	var in ProcessInfo
	r := withFd(pidfd, func(n int32) int32 {
		var rr int32
		in, rr = cPidfdInfoMask(n, uint64(mask))
		return rr
	})
	if r < 0 {
		return ProcessInfo{}, errnoErr("pidfd_info_mask", syscall.Errno(-r))
	}
	return in, nil
}

// PidfdNsOpen opens the namespace of type nstype (exactly one CloneNew* type) of the
// process pidfd refers to: through the pidfd (Linux 6.11), or through /proc with a check that
// the process is still the pidfd's. CloneNewPID|NsForChildren and CloneNewTime|NsForChildren
// open the namespace its children get. The *os.File is close-on-exec.
//
// Scope: reads only.
// Errors: EINVAL nstype is not one type, or pidfd is not a pidfd; EBADF not open; ESRCH it
// has exited; EACCES no ptrace read access; ENOENT the kernel lacks the type, or (with
// NsForChildren) the pid namespace for its children has no process yet.
func PidfdNsOpen(pidfd FD, nstype CloneFlags) (*os.File, error) {
	fd, err := result("pidfd_ns_open", withFd(pidfd, func(n int32) int32 {
		return cPidfdNsOpen(n, int32(nstype))
	}))
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), "ns:"+strconv.Itoa(fd)), nil
}
