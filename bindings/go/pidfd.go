package rns

import (
	"os"
	"strconv"
	"syscall"
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
