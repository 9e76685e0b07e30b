package rns

import (
	"runtime"
	"syscall"
)

// FD is a file descriptor argument, as CPython accepts anything with a fileno() method:
//
//   - an *os.File (or a net.Conn, or any other value implementing syscall.Conn): the
//     descriptor is borrowed through SyscallConn().Control, so the file stays open for the
//     whole call even if another goroutine closes it, and is not switched to blocking mode
//     as calling its Fd method would. A closed or nil *os.File gives EBADF.
//   - a RawFD, for a bare descriptor number the caller keeps open.
//   - any other value with an Fd() uintptr method; it is kept alive until the call returns.
//
// A nil FD gives EBADF.
type FD interface {
	Fd() uintptr
}

// RawFD is a descriptor number used as an FD: rns.Setns(rns.RawFD(fd), rns.CloneNewNet).
// A negative RawFD gives EBADF, one above 2^31-1 EINVAL (it does not fit a C int).
type RawFD int

// Fd returns the descriptor number.
func (f RawFD) Fd() uintptr { return uintptr(f) }

// fdArg converts a descriptor number for C, read as an int ((uintptr)-1, what a closed
// *os.File's Fd returns, is -1); ok is false when it does not fit a C int.
func fdArg(v uintptr) (int32, bool) {
	return int32Arg(int(v))
}

// withFd calls fn with f's descriptor number, keeping f open until fn returns, and returns
// fn's result; -EBADF when f is nil or closed, -EINVAL when its number does not fit a C
// int (fn is then not called).
func withFd(f FD, fn func(fd int32) int32) int32 {
	ebadf := -int32(syscall.EBADF)
	call := func(v uintptr) int32 {
		n, ok := fdArg(v)
		if !ok {
			return -int32(syscall.EINVAL)
		}
		return fn(n)
	}
	if f == nil {
		return ebadf
	}
	if sc, ok := f.(syscall.Conn); ok {
		rc, err := sc.SyscallConn()
		if err != nil { // nil or closed *os.File
			return ebadf
		}
		r := ebadf
		if err := rc.Control(func(fd uintptr) { r = call(fd) }); err != nil {
			return ebadf
		}
		return r
	}
	r := call(f.Fd())
	runtime.KeepAlive(f)
	return r
}
