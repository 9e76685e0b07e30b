package rns

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// Process is a process held by a pidfd: it names that process and no other, even after its
// pid is reused. It fits beside os.Process: Wait waits for its exit without holding an OS
// thread (the pidfd is in the Go runtime's poller), Signal and Info act through the pidfd.
// Close it when done; a Process that is garbage collected is closed by its *os.File's
// finalizer.
type Process struct {
	Pid int // the pid it had when opened
	f   *os.File
}

// OpenProcess opens a Process for pid (pidfd_open with PidfdNonblock).
//
// Errors: those of PidfdOpen.
func OpenProcess(pid int) (*Process, error) {
	f, err := PidfdOpen(pid, PidfdNonblock)
	if err != nil {
		return nil, err
	}
	return &Process{Pid: pid, f: f}, nil
}

// File is the pidfd, owned by the Process (do not close it).
func (p *Process) File() *os.File { return p.f }

// Close closes the pidfd. The process is not affected.
func (p *Process) Close() error {
	if p == nil || p.f == nil {
		return errnoErr("close", syscall.EBADF)
	}
	return p.f.Close()
}

// Wait waits until the process exits and reaps it (it must be the caller's child: ECHILD
// otherwise; PidfdInfo tells how another process ended). It blocks the calling goroutine only:
// the pidfd polls readable at exit, and the goroutine parks in the Go runtime's poller until
// then, so many waits hold no OS threads.
//
// Errors: ECHILD not a child (or already reaped); EBADF closed.
func (p *Process) Wait() (WaitStatus, error) {
	if p == nil || p.f == nil {
		return WaitStatus{}, errnoErr("pidfd_wait", syscall.EBADF)
	}
	rc, err := p.f.SyscallConn()
	if err != nil {
		return WaitStatus{}, errnoErr("pidfd_wait", syscall.EBADF)
	}
	var st WaitStatus
	var werr error
	err = rc.Read(func(fd uintptr) bool {
		st, werr = PidfdWait(RawFD(fd), WaitExited)
		return !errors.Is(werr, syscall.EAGAIN) // not yet: park until the pidfd is readable
	})
	if err != nil {
		return WaitStatus{}, errnoErr("pidfd_wait", syscall.EBADF)
	}
	return st, werr
}

// WaitFor is PidfdWait on the Process, to wait for stops and continues as well as the exit.
// A pidfd polls readable only at exit, so without WaitNoHang, and with WaitStopped or
// WaitContinued, it checks every 5 ms (parking the goroutine in between, no OS thread held);
// for the exit alone it is Wait.
func (p *Process) WaitFor(options WaitOptions) (WaitStatus, error) {
	if p == nil || p.f == nil {
		return WaitStatus{}, errnoErr("pidfd_wait", syscall.EBADF)
	}
	if options&WaitNoHang == 0 && options&(WaitStopped|WaitContinued) == 0 && options&WaitNoWait == 0 {
		return p.Wait()
	}
	for {
		st, err := PidfdWait(p.f, options|WaitNoHang)
		if errors.Is(err, syscall.EAGAIN) {
			err, st = nil, WaitStatus{}
		}
		if options&WaitNoHang != 0 || err != nil || st.Kind != WaitNone {
			return st, err
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Signal sends sig to the process through the pidfd (never to a process that reused its
// pid).
func (p *Process) Signal(sig syscall.Signal) error {
	if p == nil || p.f == nil {
		return errnoErr("pidfd_send_signal", syscall.EBADF)
	}
	return PidfdSendSignal(p.f, sig, 0)
}

// Info is PidfdInfo of the process.
func (p *Process) Info() (ProcessInfo, error) {
	if p == nil || p.f == nil {
		return ProcessInfo{}, errnoErr("pidfd_info", syscall.EBADF)
	}
	return PidfdInfo(p.f)
}

// NsOpen is PidfdNsOpen of the process.
func (p *Process) NsOpen(nstype CloneFlags) (*os.File, error) {
	if p == nil || p.f == nil {
		return nil, errnoErr("pidfd_ns_open", syscall.EBADF)
	}
	return PidfdNsOpen(p.f, nstype)
}
