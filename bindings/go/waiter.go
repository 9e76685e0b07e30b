package rns

import (
	"encoding/binary"
	"io"
	"os"
	"sync"
	"syscall"
)

// Waiter waits for the exits of many processes on one library thread (rns_waiter_*), and
// hands them out one at a time with Next. Process.Wait is simpler for one child; a Waiter
// also reports processes that are not the caller's children (their exit status from the
// kernel once their parent reaped them, Linux 6.15) and keeps the order they ended in.
type Waiter struct {
	mu     sync.Mutex
	w      cWaiter // nil once closed
	events *os.File
}

// ExitEvent is one process's end, as a Waiter reports it.
type ExitEvent struct {
	Token  uint64     // the token given to Add
	Pid    int        // its pid when added (0 if it could not be told then)
	Status WaitStatus // Kind ExitedKind, KilledKind or DumpedKind; WaitNone with Err set
	Err    error      // why its end cannot be told (ECHILD: not a child, kernel before 6.15)
}

// NewWaiter starts a Waiter. Close it when done.
//
// Errors: EMFILE, ENFILE out of fds; EAGAIN, ENOMEM no thread.
func NewWaiter() (*Waiter, error) {
	w, r := cWaiterNew()
	if r < 0 {
		return nil, errnoErr("waiter_new", syscall.Errno(-r))
	}
	fd := cWaiterFd(w)
	if fd < 0 {
		cWaiterFree(w)
		return nil, errnoErr("waiter_fd", syscall.Errno(-fd))
	}
	// Nonblocking: the Go runtime's poller parks a reading goroutine, no thread.
	return &Waiter{w: w, events: os.NewFile(uintptr(fd), "rns-waiter")}, nil
}

// Add watches the process pidfd refers to; its end is reported with token. noReap leaves a
// child for another waiter (os/exec's Cmd.Wait, say) instead of reaping it.
//
// Errors: EINVAL pidfd is not a pidfd; EBADF not open, or the Waiter is closed.
func (w *Waiter) Add(pidfd FD, token uint64, noReap bool) error {
	if w == nil {
		return errnoErr("waiter_add", syscall.EBADF)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.w == nil {
		return errnoErr("waiter_add", syscall.EBADF)
	}
	flags := int32(0)
	if noReap {
		flags = rnsWaiterNoreap
	}
	return check("waiter_add", withFd(pidfd, func(n int32) int32 {
		return cWaiterAdd(w.w, n, token, flags)
	}))
}

// Next waits (parking the goroutine) for the next process to end, and returns it.
//
// Errors: io.EOF once the Waiter is closed.
func (w *Waiter) Next() (ExitEvent, error) {
	if w == nil || w.events == nil {
		return ExitEvent{}, io.EOF
	}
	buf := make([]byte, exitEventSize)
	if _, err := io.ReadFull(w.events, buf); err != nil {
		return ExitEvent{}, io.EOF
	}
	le := binary.LittleEndian // the host's order: Linux on every architecture Go runs librns on
	e := ExitEvent{
		Token: le.Uint64(buf[0:]),
		Pid:   int(int32(le.Uint32(buf[8:]))),
		Status: WaitStatus{
			Kind: WaitKind(int32(le.Uint32(buf[12:]))),
			Code: int(int32(le.Uint32(buf[16:]))),
		},
	}
	e.Status.Pid = e.Pid
	if errno := int32(le.Uint32(buf[20:])); errno != 0 {
		e.Err = errnoErr("waiter", syscall.Errno(errno))
	}
	return e, nil
}

// Close stops the Waiter; processes not yet reported are not reported, and Next says io.EOF.
func (w *Waiter) Close() error {
	if w == nil {
		return errnoErr("waiter_free", syscall.EBADF)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.w == nil {
		return errnoErr("waiter_free", syscall.EBADF)
	}
	r := cWaiterFree(w.w)
	w.w = nil
	w.events.Close()
	return check("waiter_free", r)
}
