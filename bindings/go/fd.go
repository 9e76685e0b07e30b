package rns

import (
	"reflect"
	"runtime"
	"syscall"
)

// FD is a file descriptor argument. It is one of:
//
//   - any value implementing syscall.Conn: an *os.File, a *net.TCPConn, *net.UDPConn,
//     *net.UnixConn, *net.TCPListener, *net.UnixListener, ... The descriptor is borrowed
//     through SyscallConn().Control, so it stays open for the whole call even if another
//     goroutine closes the value, it is not closed, and its blocking mode is left as it is
//     (calling an *os.File's Fd method would switch it to blocking). A closed or nil value
//     gives EBADF.
//   - a RawFD, for a bare descriptor number the caller keeps open.
//   - any other value with an Fd() uintptr method; it is kept alive until the call returns.
//
// A nil FD, a nil pointer, or a value of any other type (a plain int, say: convert it to
// RawFD), gives EBADF. A number that does not fit a C int (a RawFD, or an Fd() value read as an int)
// gives EINVAL, as every out-of-range number does (see the package documentation).
//
// What the descriptor refers to is the C function's business: a socket given to Setns,
// say, fails with the EINVAL Setns documents for an fd that is no namespace file.
type FD any

// RawFD is a descriptor number used as an FD: rns.Setns(rns.RawFD(fd), rns.CloneNewNet).
// A negative RawFD gives EBADF (PidfdSelfThread and PidfdSelfThreadGroup aside, where a
// pidfd is taken), one above 2^31-1 EINVAL (it does not fit a C int).
type RawFD int

// Fd returns the descriptor number.
func (f RawFD) Fd() uintptr { return uintptr(f) }

// withFd calls fn with f's descriptor number, keeping f open until fn returns, and returns
// fn's result; -EBADF when f is nil, closed or of no FD form, -EINVAL when its number does
// not fit a C int (fn is then not called).
func withFd(f FD, fn func(fd int32) int32) int32 {
	ebadf := -int32(syscall.EBADF)
	call := func(n int) int32 {
		c, ok := int32Arg(n)
		if !ok {
			return -int32(syscall.EINVAL)
		}
		return fn(c)
	}
	if v := reflect.ValueOf(f); v.Kind() == reflect.Pointer && v.IsNil() {
		return ebadf // a nil *os.File, *net.TCPConn, ...: net's methods would panic on it
	}
	switch v := f.(type) {
	case RawFD:
		return call(int(v))
	case syscall.Conn:
		rc, err := v.SyscallConn()
		if err != nil || rc == nil { // a closed *os.File, ...
			return ebadf
		}
		r := ebadf
		if err := rc.Control(func(fd uintptr) { r = call(int(fd)) }); err != nil {
			return ebadf // closed meanwhile (Control did not call the function)
		}
		return r
	case interface{ Fd() uintptr }:
		r := call(int(v.Fd())) // (uintptr)-1, a common "closed" value, is -1
		runtime.KeepAlive(v)
		return r
	default:
		return ebadf
	}
}
