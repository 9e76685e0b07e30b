package rns_test

import (
	"math"
	"os"
	"syscall"
	"testing"

	rns "github.com/librns/librns/bindings/go"
)

// The rule of doc.go: a number its C parameter cannot hold gives EINVAL (an *os.SyscallError
// named after the function) before any call. One row per function and narrowed argument,
// each with values just outside the C type, far outside it, and those that truncation would
// turn into a meaningful value (1<<32 is 0, 1<<32 + pid is pid). In a child, so that a bug
// letting a truncated value through (Setpgid(1<<32, 0) is setpgid(0, 0), Killpg(1<<32, 0)
// is killpg(0, 0)) changes only the child. The id arguments of the set*id calls are checked
// the same way in TestIDRangeInChild.
func TestOutOfRangeInChild(t *testing.T) {
	if !inChild(t, plain) {
		return
	}
	self := os.Getpid()
	outOfInt := []int{1 << 31, -1<<31 - 1, 1 << 32, 1<<32 + self, 1 << 40, math.MaxInt64, math.MinInt64}
	outOfID := []int{-2, 1 << 32, 1<<32 + os.Getuid(), math.MaxInt64, math.MinInt64}
	null := devNull(t)
	for _, c := range []struct {
		call string
		vals []int
		fn   func(v int) error
	}{
		{"ns_open", outOfInt, func(v int) error { _, err := rns.NsOpen(v, rns.CloneNewNet); return err }},
		{"setns_pid", outOfInt, func(v int) error { return rns.SetnsPid(v, rns.CloneNewNet) }},
		{"setns", outOfInt, func(v int) error { return rns.Setns(rns.RawFD(v), 0) }},
		{"setpgid", outOfInt, func(v int) error { return rns.Setpgid(v, 0) }},
		{"setpgid", outOfInt, func(v int) error { return rns.Setpgid(0, v) }},
		{"getpgid", outOfInt, func(v int) error { _, err := rns.Getpgid(v); return err }},
		{"getsid", outOfInt, func(v int) error { _, err := rns.Getsid(v); return err }},
		{"tcgetpgrp", outOfInt, func(v int) error { _, err := rns.Tcgetpgrp(rns.RawFD(v)); return err }},
		{"tcsetpgrp", outOfInt, func(v int) error { return rns.Tcsetpgrp(rns.RawFD(v), 0) }},
		{"tcsetpgrp", outOfInt, func(v int) error { return rns.Tcsetpgrp(null, v) }},
		{"killpg", outOfInt, func(v int) error { return rns.Killpg(v, 0) }},
		{"killpg", outOfInt, func(v int) error { return rns.Killpg(0, syscall.Signal(v)) }},
		{"pidfd_open", outOfInt, func(v int) error { _, err := rns.PidfdOpen(v, 0); return err }},
		{"pidfd_send_signal", outOfInt, func(v int) error { return rns.PidfdSendSignal(rns.RawFD(v), 0, 0) }},
		{"pidfd_send_signal", outOfInt, func(v int) error { return rns.PidfdSendSignal(null, syscall.Signal(v), 0) }},
		{"pidfd_getfd", outOfInt, func(v int) error { _, err := rns.PidfdGetfd(rns.RawFD(v), 0, 0); return err }},
		{"pidfd_getfd", outOfInt, func(v int) error { _, err := rns.PidfdGetfd(null, v, 0); return err }},
		{"pidfd_getfd", []int{1 << 32, math.MaxInt64}, func(v int) error { _, err := rns.PidfdGetfd(null, 0, uint(v)); return err }},
		{"getpriority", outOfInt, func(v int) error { _, err := rns.Getpriority(rns.PrioWhich(v), 0); return err }},
		{"getpriority", outOfID, func(v int) error { _, err := rns.Getpriority(rns.PrioUser, v); return err }},
		{"setpriority", outOfInt, func(v int) error { return rns.Setpriority(rns.PrioWhich(v), 0, 19) }},
		{"setpriority", outOfID, func(v int) error { return rns.Setpriority(rns.PrioProcess, v, 19) }},
		{"setpriority", outOfInt, func(v int) error { return rns.Setpriority(rns.PrioProcess, 0, v) }},
		{"getgrouplist", outOfID, func(v int) error { _, err := rns.Getgrouplist("root", v); return err }},
		{"initgroups", outOfID, func(v int) error { return rns.Initgroups("root", v) }},
		{"setgroups", outOfID, func(v int) error { return rns.Setgroups([]int{v}) }},
	} {
		for _, v := range c.vals {
			err := c.fn(v)
			if err == nil {
				t.Fatalf("%s with %d: no error, want EINVAL", c.call, v)
			}
			wantErrno(t, err, c.call, syscall.EINVAL)
		}
	}

	// The bounds themselves fit, and reach the library (which answers for itself).
	_, err := rns.Getpgid(math.MaxInt32)
	wantErrno(t, err, "getpgid", syscall.ESRCH)
	_, err = rns.Getsid(math.MinInt32)
	wantErrno(t, err, "getsid", syscall.ESRCH)
	_, err = rns.Tcgetpgrp(rns.RawFD(math.MaxInt32))
	wantErrno(t, err, "tcgetpgrp", syscall.EBADF)
	wantErrno(t, rns.Killpg(math.MaxInt32, 0), "killpg", syscall.ESRCH)
	_, err = rns.Getpriority(rns.PrioProcess, math.MaxInt32)
	wantErrno(t, err, "getpriority", syscall.ESRCH)
}
