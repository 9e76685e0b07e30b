package rns

import (
	"math"
	"os"
	"strconv"
	"syscall"
)

// result converts a librns return value: r >= 0 is the value, r < 0 is -errno, which
// becomes an *os.SyscallError named after the call (the C name without "rns_").
func result(call string, r int32) (int, error) {
	if r >= 0 {
		return int(r), nil
	}
	return -1, errnoErr(call, syscall.Errno(-r))
}

// check is result for calls whose only result is success or an error.
func check(call string, r int32) error {
	_, err := result(call, r)
	return err
}

// errnoErr is the error every function returns: an *os.SyscallError wrapping e.
func errnoErr(call string, e syscall.Errno) error {
	return os.NewSyscallError(call, e)
}

// einval is the error for an argument that does not fit its C type (args.go).
func einval(call string) error { return errnoErr(call, syscall.EINVAL) }

// Errname is the symbolic name of e, such as "EPERM": "OK" for 0, "UNKNOWN" for a value
// that is no errno (one above 2^31-1 included: Errname has no error to return).
//
// Scope: reads only; thread-safe.
func Errname(e syscall.Errno) string {
	if e > math.MaxInt32 {
		return "UNKNOWN"
	}
	return cErrname(int32(e))
}

// Strerror is the English message for e, such as "Operation not permitted": "Success"
// for 0, "Unknown error" for a value that is no errno (one above 2^31-1 included). Unlike
// e.Error() it does not depend on the Go version.
//
// Scope: reads only; thread-safe.
func Strerror(e syscall.Errno) string {
	if e > math.MaxInt32 {
		return "Unknown error"
	}
	return cStrerror(int32(e))
}

// Version is the version of the librns the program runs with, "MAJOR.MINOR.PATCH".
//
// Scope: reads only; thread-safe.
func Version() string {
	return cVersion()
}

// HeaderVersion is the version of the rns.h this package was compiled against; it differs
// from Version() when the program runs with another librns than it was built with.
var HeaderVersion = strconv.Itoa(rnsVersionMajor) + "." +
	strconv.Itoa(rnsVersionMinor) + "." + strconv.Itoa(rnsVersionPatch)
