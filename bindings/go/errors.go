package rns

/*
#cgo pkg-config: rns
#include <rns.h>
*/
import "C"

import (
	"math"
	"os"
	"strconv"
	"syscall"
)

// result converts a librns return value: r >= 0 is the value, r < 0 is -errno, which
// becomes an *os.SyscallError named after the call (the C name without "rns_").
func result(call string, r C.int) (int, error) {
	if r >= 0 {
		return int(r), nil
	}
	return -1, errnoErr(call, syscall.Errno(-r))
}

// check is result for calls whose only result is success or an error.
func check(call string, r C.int) error {
	_, err := result(call, r)
	return err
}

// errnoErr is the error every function returns: an *os.SyscallError wrapping e.
func errnoErr(call string, e syscall.Errno) error {
	return os.NewSyscallError(call, e)
}

// einval is the error for an argument that does not fit its C type.
func einval(call string) error { return errnoErr(call, syscall.EINVAL) }

// cInt converts v for an int or pid_t parameter; ok is false when it does not fit.
func cInt(v int) (C.int, bool) {
	if v < math.MinInt32 || v > math.MaxInt32 {
		return 0, false
	}
	return C.int(v), true
}

// cUint converts v for an unsigned int (flags) parameter; ok is false when it does not fit.
func cUint(v uint) (C.uint, bool) {
	if v > math.MaxUint32 {
		return 0, false
	}
	return C.uint(v), true
}

// cID converts a user or group id: -1 becomes (uid_t)-1, "unchanged"; ok is false for an
// id outside [-1, 2^32-1].
func cID(id int) (uint32, bool) {
	if id == -1 {
		return math.MaxUint32, true
	}
	if id < 0 || id > math.MaxUint32 {
		return 0, false
	}
	return uint32(id), true
}

// Errname is the symbolic name of e, such as "EPERM": "OK" for 0, "UNKNOWN" for a value
// that is no errno.
//
// Scope: reads only; thread-safe.
func Errname(e syscall.Errno) string {
	if e > math.MaxInt32 {
		return "UNKNOWN"
	}
	return C.GoString(C.rns_errname(C.int(e)))
}

// Strerror is the English message for e, such as "Operation not permitted": "Success"
// for 0, "Unknown error" for a value that is no errno. Unlike e.Error() it does not depend
// on the Go version.
//
// Scope: reads only; thread-safe.
func Strerror(e syscall.Errno) string {
	if e > math.MaxInt32 {
		return "Unknown error"
	}
	return C.GoString(C.rns_strerror(C.int(e)))
}

// Version is the version of the librns the program runs with, "MAJOR.MINOR.PATCH".
//
// Scope: reads only; thread-safe.
func Version() string {
	return C.GoString(C.rns_version())
}

// HeaderVersion is the version of the rns.h this package was compiled against; it differs
// from Version() when the program runs with another librns than it was built with.
var HeaderVersion = strconv.Itoa(C.RNS_VERSION_MAJOR) + "." +
	strconv.Itoa(C.RNS_VERSION_MINOR) + "." + strconv.Itoa(C.RNS_VERSION_PATCH)
