package rns_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"

	rns "github.com/librns/librns/bindings/go"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Tests that change process state (session, group, ids, nice, namespaces) run their body
// in a child: the test binary again, with -test.run naming the test and RNS_TEST_CHILD set.
// The test process itself never leaves its namespaces, group or identity.
//
//	func TestX(t *testing.T) {
//		if !inChild(t, plain) { return } // parent: ran the child, reported its result
//		... body, in the child ...
//	}

const (
	envChild      = "RNS_TEST_CHILD"       // the test the child runs
	envPriv       = "RNS_TEST_PRIV"        // in a child: "root" (real root) or "userns" (root in a user namespace)
	envHolder     = "RNS_TEST_HOLDER"      // a namespace holder: its hostname (see startHolder)
	envMainThread = "RNS_TEST_MAIN_THREAD" // in a child: the main goroutine serves onMainThread
)

type privilege int

const (
	plain      privilege = iota // the child runs with the test's own credentials
	privileged                  // root: real root, else root in a new user namespace, else skip
)

// In a child started with envMainThread (inChild(t, priv, mainThread)) the main goroutine is
// locked to the main thread (tid == pid) from init on, and runs the functions onMainThread
// sends it while the tests run on other goroutines; so no other goroutine ever runs on the
// main thread there.
func init() {
	if os.Getenv(envMainThread) != "" {
		runtime.LockOSThread() // in init: main (and TestMain) then runs on the main thread
	}
}

var mainThreadWork = make(chan func())

func TestMain(m *testing.M) {
	if host, ok := os.LookupEnv(envHolder); ok {
		holdNamespaces(host)
		return
	}
	if err := checkSandbox(); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL", err)
		os.Exit(1)
	}
	if os.Getenv(envMainThread) != "" {
		go func() { os.Exit(m.Run()) }()
		for f := range mainThreadWork {
			f()
		}
	}
	os.Exit(m.Run())
}

// mainThread is the extra environment for inChild that makes the child's main goroutine
// serve onMainThread.
const mainThread = envMainThread + "=1"

// onMainThread runs f on the main goroutine, locked to the main thread, and waits for it;
// only in a child started with mainThread. f must not use t (t.Fatal would end the main
// goroutine). A panic in f fails t. It reports whether f called runtime.Goexit, which ends
// the main goroutine (the runtime then parks the main thread): no later call can run.
func onMainThread(t testing.TB, f func()) (goexited bool) {
	t.Helper()
	if os.Getenv(envMainThread) == "" {
		t.Fatal("onMainThread: not in a child started with " + mainThread)
	}
	type outcome struct {
		returned bool
		panicked any
	}
	done := make(chan outcome, 1)
	work := func() {
		var o outcome
		defer func() {
			if !o.returned {
				o.panicked = recover()
			}
			done <- o
		}()
		f()
		o.returned = true
	}
	select {
	case mainThreadWork <- work:
	case <-time.After(10 * time.Second):
		t.Fatal("onMainThread: the main goroutine takes no work (did it end?)")
	}
	o := <-done
	if o.panicked != nil {
		t.Fatalf("onMainThread: panic on the main goroutine: %v", o.panicked)
	}
	return !o.returned
}

// Kernels and sandboxes without pidfds: pidfd_open(2) answers ENOSYS on kernels older than
// 5.3, and under tests/sandbox/rns-sandbox --nopidfd (which also sets RNS_TEST_SANDBOX). The
// pidfd calls must then fail with ENOSYS wherever they ask the kernel (the library's own
// argument checks come first and stay), and the namespace calls must work as elsewhere.

// sysPidfdOpen is pidfd_open's number: the same on every architecture (the unified syscall
// table of Linux 5.1+), and not in package syscall.
const sysPidfdOpen = 434

// noPidfd reports whether pidfd_open answers ENOSYS, asked with the raw syscall (never
// through the binding under test).
var noPidfd = sync.OnceValue(func() bool {
	fd, _, e := syscall.Syscall(sysPidfdOpen, uintptr(os.Getpid()), 0, 0)
	if e == 0 {
		syscall.Close(int(fd))
	}
	return e == syscall.ENOSYS
})

// checkSandbox fails when RNS_TEST_SANDBOX names a mode that is not in effect.
func checkSandbox() error {
	env := os.Getenv("RNS_TEST_SANDBOX")
	modes := strings.Split(env, ",")
	if slices.Contains(modes, "nopidfd") && !noPidfd() {
		return fmt.Errorf("sandbox: RNS_TEST_SANDBOX=%s, but pidfd_open works: the filter is not in effect", env)
	}
	if slices.Contains(modes, "uname26") {
		var u syscall.Utsname
		syscall.Uname(&u)
		var rel strings.Builder
		for _, c := range u.Release {
			if c == 0 {
				break
			}
			rel.WriteByte(byte(c))
		}
		if !strings.HasPrefix(rel.String(), "2.6.") {
			return fmt.Errorf("sandbox: RNS_TEST_SANDBOX=%s, but uname reports %q, not 2.6.x", env, rel.String())
		}
	}
	return nil
}

// pidfdErr is the errno a pidfd call that reaches the kernel fails with: want, or ENOSYS
// without pidfds.
func pidfdErr(want syscall.Errno) syscall.Errno {
	if noPidfd() {
		return syscall.ENOSYS
	}
	return want
}

// noPidfdNote logs, as a note scripts/gotest-summary.sh shows, what a test checked instead
// without pidfds.
func noPidfdNote(t testing.TB, what string) {
	t.Helper()
	why := "kernel older than 5.3?"
	if env := os.Getenv("RNS_TEST_SANDBOX"); env != "" {
		why = "sandboxed, RNS_TEST_SANDBOX=" + env
	}
	t.Logf("note: no pidfd calls here (%s): %s", why, what)
}

// procDir is the /proc/PID directory of pid, open: without pidfd_open, the fd that stands
// for a pidfd (pidfd_send_signal takes it too), so the call under test still gets one.
func procDir(t testing.TB, pid int) *os.File {
	t.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d", pid))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// inChild reports whether the test body should run here: true in the child; in the parent
// it runs the child, fails or skips t as the child did, and returns false. env is added to
// the child's environment (mainThread, say).
func inChild(t *testing.T, priv privilege, env ...string) bool {
	t.Helper()
	return inChildVia(t, priv, nil, env...)
}

// inChildVia is inChild with the child started through wrap, when it is not empty: a command
// that gets the test binary and its arguments after its own (sh -c '... exec "$@"' sh).
func inChildVia(t *testing.T, priv privilege, wrap []string, env ...string) bool {
	t.Helper()
	if os.Getenv(envChild) == t.Name() {
		return true
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^"+t.Name()+"$", "-test.v", "-test.count=1")
	if len(wrap) > 0 {
		cmd = exec.Command(wrap[0], append(wrap[1:], cmd.Args...)...)
	}
	cmd.Env = append(append(os.Environ(), envChild+"="+t.Name()), env...)
	if os.Getenv("GORACE") == "" {
		cmd.Env = append(cmd.Env, "GORACE=atexit_sleep_ms=0") // -race: no 1 s pause at exit
	}
	if priv == privileged {
		if os.Geteuid() == 0 {
			cmd.Env = append(cmd.Env, envPriv+"=root")
		} else {
			// Root in a user namespace of its own, with namespaces that user namespace owns,
			// so the child may also go back into them.
			cmd.Env = append(cmd.Env, envPriv+"=userns")
			cmd.SysProcAttr = &syscall.SysProcAttr{
				Cloneflags: syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS | syscall.CLONE_NEWNET |
					syscall.CLONE_NEWUTS | syscall.CLONE_NEWIPC,
				UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
				GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}},
			}
		}
	}
	out, err := cmd.CombinedOutput()
	var exitErr *exec.ExitError
	switch {
	case err != nil && !errors.As(err, &exitErr) && priv == privileged && os.Geteuid() != 0:
		t.Skipf("needs root or an unprivileged user namespace, and could start neither: %v", err)
	case err != nil:
		t.Fatalf("child %s: %v\n%s", t.Name(), err, out)
	case bytes.Contains(out, []byte("no tests to run")):
		t.Fatalf("child ran no test:\n%s", out)
	case bytes.Contains(out, []byte("--- SKIP")):
		t.Skipf("child skipped: %s", childLog(out))
	case testing.Verbose():
		t.Logf("child output:\n%s", out)
	}
	return false
}

// childLog is the child's test log on one line: its t.Log/t.Skip lines, without the framing.
func childLog(out []byte) string {
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "    ") && !strings.HasPrefix(strings.TrimSpace(l), "---") {
			lines = append(lines, strings.TrimSpace(l))
		}
	}
	return strings.Join(lines, " / ")
}

// realRoot reports whether a child runs as real root (not root in a user namespace).
func realRoot() bool { return os.Getenv(envPriv) == "root" }

// holder is a process sitting in namespaces of its own, for tests to enter.
type holder struct {
	pid  int
	host string
	cmd  *exec.Cmd
}

// startHolder starts the test binary as a namespace holder in new namespaces of the given
// types (syscall.CLONE_NEW*), with hostname host when it has a UTS namespace of its own. It
// exits when its stdin closes (when this process ends, however it ends); t's cleanup also
// kills and reaps it.
func startHolder(t *testing.T, cloneflags uintptr, host string) *holder {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), envHolder+"="+host)
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: cloneflags}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting a holder in new namespaces: %v", err)
	}
	t.Cleanup(func() {
		stdin.Close()
		cmd.Process.Kill()
		cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if line != "ready\n" {
		t.Fatalf("holder did not get ready: %q %v", line, err)
	}
	return &holder{pid: cmd.Process.Pid, host: host, cmd: cmd}
}

// holdNamespaces is the holder's main: set the hostname, say ready, wait for stdin to close.
func holdNamespaces(host string) {
	if host != "" {
		if err := syscall.Sethostname([]byte(host)); err != nil {
			fmt.Fprintln(os.Stderr, "holder: sethostname:", err)
			os.Exit(1)
		}
	}
	fmt.Println("ready")
	io.Copy(io.Discard, os.Stdin)
	os.Exit(0)
}

// nsID is a namespace's identity: (st_dev, st_ino) of its nsfs file.
type nsID struct{ dev, ino uint64 }

func nsOf(t testing.TB, path string) nsID {
	t.Helper()
	id, err := statNs(path)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func statNs(path string) (nsID, error) {
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		return nsID{}, err
	}
	return nsID{st.Dev, st.Ino}, nil
}

func fileNs(t testing.TB, f *os.File) nsID {
	t.Helper()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	return nsID{st.Dev, st.Ino}
}

// hostname is the calling thread's nodename (uname(2)).
func hostname() string {
	var u syscall.Utsname
	if err := syscall.Uname(&u); err != nil {
		return "uname: " + err.Error()
	}
	var b strings.Builder
	for _, c := range u.Nodename {
		if c == 0 {
			break
		}
		b.WriteByte(byte(c))
	}
	return b.String()
}

// wantErrno checks that err is an *os.SyscallError for call wrapping want.
func wantErrno(t testing.TB, err error, call string, want syscall.Errno) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: got %v, want %v (%s)", call, err, want, want.Error())
	}
	var se *os.SyscallError
	if !errors.As(err, &se) || se.Syscall != call {
		t.Fatalf("%s: got %#v, want an *os.SyscallError named %q", call, err, call)
	}
}

// closedFd is a descriptor number that is not open.
func closedFd(t testing.TB) int {
	t.Helper()
	for fd := 1000; ; fd++ {
		if _, err := os.Stat(fmt.Sprintf("/proc/self/fd/%d", fd)); err != nil {
			return fd
		}
	}
}

func devNull(t testing.TB) *os.File {
	t.Helper()
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

const noPid = 4194305 // above PID_MAX_LIMIT: no process has it

// statField is field n (counted from 1, as in proc(5)) of a /proc/.../stat file.
func statField(t testing.TB, path string, n int) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:]) // from field 3 on
	v, err := strconv.Atoi(fields[n-3])
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// statusOf is the end of c's program as a rns.WaitStatus (from ProcessState.Sys(), the
// syscall.WaitStatus), with err less the *exec.ExitError a non-zero exit or a signal gives:
// the (WaitStatus, error) that Run and Wait returned before rns.Cmd took os/exec's errors.
func statusOf(c *rns.Cmd, err error) (rns.WaitStatus, error) {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		err = nil
	}
	if c.ProcessState == nil {
		return rns.WaitStatus{}, err
	}
	ws := c.ProcessState.Sys().(syscall.WaitStatus)
	st := rns.WaitStatus{Pid: c.ProcessState.Pid(), Kind: rns.ExitedKind, Code: ws.ExitStatus()}
	if ws.Signaled() {
		st.Kind, st.Code = rns.KilledKind, int(ws.Signal())
		if ws.CoreDump() {
			st.Kind = rns.DumpedKind
		}
	}
	return st, err
}

// outputStatus is c.Output() with statusOf's status.
func outputStatus(c *rns.Cmd) ([]byte, rns.WaitStatus, error) {
	out, err := c.Output()
	st, err := statusOf(c, err)
	return out, st, err
}
