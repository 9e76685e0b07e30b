// Command go-runner runs one case of the cross-language matrix through the Go binding:
//
//	go-runner CALL EXPECT [ARG...]
//
// It exits 0 when the case passes, 1 when it fails (one line on stdout says how), and 2
// when it does not know CALL. See tests/matrix/README.md for the protocol.
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
)

// errUnknown marks a call or scenario this runner does not implement (exit 2).
var errUnknown = errors.New("unknown call")

// failure is a FAIL with its message.
type failure struct{ msg string }

func (f failure) Error() string { return f.msg }

func failf(format string, args ...any) error { return failure{fmt.Sprintf(format, args...)} }

func main() {
	// Thread-scoped calls and scenarios must stay on one OS thread: keep the whole run on one.
	runtime.LockOSThread()
	if len(os.Args) < 3 {
		fmt.Println("usage: go-runner CALL EXPECT [ARG...]")
		os.Exit(2)
	}
	call, expect, args := os.Args[1], os.Args[2], os.Args[3:]
	err := run(call, expect, args)
	switch {
	case err == nil:
		os.Exit(0)
	case errors.Is(err, errUnknown):
		fmt.Printf("%s: unknown to the Go runner\n", call)
		os.Exit(2)
	default:
		fmt.Printf("FAIL %s %s: %v\n", call, strings.Join(args, " "), err)
		os.Exit(1)
	}
}

// run makes the call or scenario and compares its outcome with expect.
func run(call, expect string, args []string) error {
	if name, ok := strings.CutPrefix(call, "scenario:"); ok {
		s, ok := scenarios[name]
		if !ok {
			return errUnknown
		}
		return compare(expect, "", s())
	}
	c, ok := lookupCall(call)
	if !ok {
		return errUnknown
	}
	if err := checkTokens(args); err != nil {
		return err // before the call: a bad token must not become some other value
	}
	a := &argList{toks: args}
	value, err := c(a)
	if a.err != nil {
		return a.err
	}
	if len(a.toks) > 0 {
		return failf("unused arguments %q", a.toks)
	}
	return compare(expect, value, err)
}

// compare checks a call's outcome against EXPECT: "ok", an errno name, or "= VALUE".
func compare(expect, value string, err error) error {
	switch {
	case expect == "ok":
		if err != nil {
			return failf("expected ok, got %v", err)
		}
	case strings.HasPrefix(expect, "="):
		want := strings.TrimSpace(strings.TrimPrefix(expect, "="))
		if want == "@self" {
			want = strconv.Itoa(os.Getpid())
		}
		if err != nil {
			return failf("expected = %s, got %v", want, err)
		}
		if value != want {
			return failf("expected = %s, got = %s", want, value)
		}
	default:
		want, ok := errnos[expect]
		if !ok {
			return failf("unknown expectation %q", expect)
		}
		if err == nil {
			return failf("expected %s, got ok (= %s)", expect, value)
		}
		if !errors.Is(err, want) {
			return failf("expected %s, got %v", expect, err)
		}
	}
	return nil
}

// errnos are the names an EXPECT field may use, from Go's own errno constants.
var errnos = map[string]syscall.Errno{
	"EPERM": syscall.EPERM, "ENOENT": syscall.ENOENT, "ESRCH": syscall.ESRCH,
	"EINTR": syscall.EINTR, "EIO": syscall.EIO, "EBADF": syscall.EBADF,
	"ECHILD": syscall.ECHILD, "EAGAIN": syscall.EAGAIN, "ENOMEM": syscall.ENOMEM,
	"EACCES": syscall.EACCES, "EFAULT": syscall.EFAULT, "EBUSY": syscall.EBUSY,
	"EEXIST": syscall.EEXIST, "ENOTDIR": syscall.ENOTDIR, "EINVAL": syscall.EINVAL,
	"ENFILE": syscall.ENFILE, "EMFILE": syscall.EMFILE, "ENOTTY": syscall.ENOTTY,
	"ENOSPC": syscall.ENOSPC, "ERANGE": syscall.ERANGE, "ENOSYS": syscall.ENOSYS,
	"EUSERS": syscall.EUSERS, "EOPNOTSUPP": syscall.EOPNOTSUPP,
}
