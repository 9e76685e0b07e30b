package rns_test

// The Linux cases of Go's own os/exec tests (Go 1.26 src/os/exec/exec_test.go,
// exec_posix_test.go, dot_test.go, lp_unix_test.go), each run against os/exec and rns.Cmd
// side by side through cmdUnder: the expectation is os/exec's, and os/exec must meet it
// too. Go's helper process (the test binary re-run as "echo", "cat", "exit", ...) is sh and
// coreutils here. The cases not ported are listed, with the reason, in README.md.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	rns "github.com/librns/librns/bindings/go"
)

// runner is the methods exec.Cmd and rns.Cmd share.
type runner interface {
	Start() error
	Wait() error
	Run() error
	Output() ([]byte, error)
	CombinedOutput() ([]byte, error)
	StdinPipe() (io.WriteCloser, error)
	StdoutPipe() (io.ReadCloser, error)
	StderrPipe() (io.ReadCloser, error)
	String() string
	Environ() []string
}

// cmdUnder is one Cmd under test, os/exec's or rns's, with its fields by pointer.
type cmdUnder struct {
	runner
	Path         *string
	Args         *[]string
	Env          *[]string
	Dir          *string
	Stdin        *io.Reader
	Stdout       *io.Writer
	Stderr       *io.Writer
	ExtraFiles   *[]*os.File
	Err          *error
	Cancel       *func() error
	WaitDelay    *time.Duration
	SysProcAttr  **syscall.SysProcAttr
	Process      func() *os.Process
	ProcessState func() *os.ProcessState
}

// newCmd makes a Cmd of one implementation: Command, or CommandContext when ctx is not nil.
type newCmd func(ctx context.Context, name string, arg ...string) *cmdUnder

func execCmd(ctx context.Context, name string, arg ...string) *cmdUnder {
	c := exec.Command(name, arg...)
	if ctx != nil {
		c = exec.CommandContext(ctx, name, arg...)
	}
	return &cmdUnder{c, &c.Path, &c.Args, &c.Env, &c.Dir, &c.Stdin, &c.Stdout, &c.Stderr, &c.ExtraFiles,
		&c.Err, &c.Cancel, &c.WaitDelay, &c.SysProcAttr, func() *os.Process { return c.Process },
		func() *os.ProcessState { return c.ProcessState }}
}

func rnsCmd(ctx context.Context, name string, arg ...string) *cmdUnder {
	c := rns.Command(name, arg...)
	if ctx != nil {
		c = rns.CommandContext(ctx, name, arg...)
	}
	return &cmdUnder{c, &c.Path, &c.Args, &c.Env, &c.Dir, &c.Stdin, &c.Stdout, &c.Stderr, &c.ExtraFiles,
		&c.Err, &c.Cancel, &c.WaitDelay, &c.SysProcAttr, func() *os.Process { return c.Process },
		func() *os.ProcessState { return c.ProcessState }}
}

// both runs f as a subtest for os/exec and for rns.Cmd.
func both(t *testing.T, f func(t *testing.T, cmd newCmd)) {
	skipWithoutPidfd(t)
	for _, impl := range []struct {
		name string
		cmd  newCmd
	}{{"os-exec", execCmd}, {"rns", rnsCmd}} {
		t.Run(impl.name, func(t *testing.T) { f(t, impl.cmd) })
	}
}

// TestEcho, TestCatStdin, TestAbsPathExec.
func TestExecPortEchoCat(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		if b, err := cmd(nil, "echo", "foo bar", "baz").Output(); err != nil || string(b) != "foo bar baz\n" {
			t.Errorf("echo: %q, %v", b, err)
		}
		c := cmd(nil, "cat")
		*c.Stdin = strings.NewReader("Input string\nLine 2")
		if b, err := c.Output(); err != nil || string(b) != "Input string\nLine 2" {
			t.Errorf("cat: %q, %v", b, err)
		}
		if err := cmd(nil, "/bin/true").Run(); err != nil {
			t.Errorf("absolute path: %v", err)
		}
	})
}

// TestCommandRelativeName: a relative Path is taken from Dir.
func TestExecPortCommandRelativeName(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "prog"), []byte("#!/bin/sh\necho relative\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	both(t, func(t *testing.T, cmd newCmd) {
		c := cmd(nil, "./prog")
		*c.Dir = dir
		if b, err := c.Output(); err != nil || string(b) != "relative\n" {
			t.Errorf("./prog in Dir: %q, %v", b, err)
		}
	})
}

// TestEchoFileRace, TestStdinClose: StdinPipe written and closed while the program runs.
func TestExecPortStdinPipe(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		c := cmd(nil, "cat")
		stdin, err := c.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		stdout, err := c.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		go func() {
			io.Copy(stdin, strings.NewReader(testInput))
			stdin.Close()
		}()
		b, err := io.ReadAll(stdout)
		if err != nil || string(b) != testInput {
			t.Errorf("read %d bytes, %v", len(b), err)
		}
		if err := c.Wait(); err != nil {
			t.Errorf("Wait: %v", err)
		}
	})
}

var testInput = strings.Repeat("some input\n", 1000)

// TestCatGoodAndBadFile: CombinedOutput of a failing program is its output and an ExitError.
func TestExecPortCatGoodAndBadFile(t *testing.T) {
	good := filepath.Join(t.TempDir(), "good")
	if err := os.WriteFile(good, []byte("package rns_test\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	both(t, func(t *testing.T, cmd newCmd) {
		b, err := cmd(nil, "cat", "/bogus/file.foo", good).CombinedOutput()
		if _, ok := err.(*exec.ExitError); !ok {
			t.Errorf("err %T %v, want *exec.ExitError", err, err)
		}
		s := string(b)
		if !strings.HasPrefix(s, "cat: /bogus/file.foo: No such file or directory\n") ||
			!strings.Contains(s, "package rns_test") {
			t.Errorf("output %.100q", s)
		}
	})
}

// TestNoExistExecutable, TestPipeLookPathLeak (the error half), TestLookPath's ErrNotFound.
func TestExecPortNoExist(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		if err := cmd(nil, "/no-exist-executable").Run(); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("/no-exist-executable: %v, want ErrNotExist", err)
		}
		c := cmd(nil, "executable-that-doesnt-exist-12345")
		_, err1 := c.StdinPipe()
		_, err2 := c.StdoutPipe()
		_, err3 := c.StderrPipe()
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatalf("pipes: %v %v %v", err1, err2, err3)
		}
		err := c.Run()
		var ee *exec.Error
		if !errors.Is(err, exec.ErrNotFound) || !errors.As(err, &ee) || ee.Name != "executable-that-doesnt-exist-12345" ||
			!errors.Is(*c.Err, exec.ErrNotFound) {
			t.Errorf("Run: %v (Err %v), want an *exec.Error with ErrNotFound", err, *c.Err)
		}
		if c.Process() != nil {
			t.Errorf("Process %v after a failed lookup", c.Process())
		}
	})
}

// TestExitStatus, TestExitCode.
func TestExecPortExitCode(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		for _, code := range []int{42, 255, 0} {
			c := cmd(nil, "sh", "-c", fmt.Sprintf("exit %d", code))
			err := c.Run()
			ee, ok := err.(*exec.ExitError)
			if code == 0 && err != nil || code != 0 && (!ok || ee.Error() != fmt.Sprintf("exit status %d", code)) {
				t.Errorf("exit %d: %T %v", code, err, err)
			}
			if got := c.ProcessState().ExitCode(); got != code {
				t.Errorf("ExitCode %d, want %d", got, code)
			}
			if ws := c.ProcessState().Sys().(syscall.WaitStatus); ws.ExitStatus() != code || !ws.Exited() {
				t.Errorf("Sys() %v, want exit status %d", ws, code)
			}
		}
		if got := cmd(nil, "cat").ProcessState().ExitCode(); got != -1 {
			t.Errorf("ExitCode before Run %d, want -1", got)
		}
	})
}

// TestPipes: stdin, stdout and stderr pipes at once.
func TestExecPortPipes(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		c := cmd(nil, "sh", "-c", `while read -r x; do case $x in O:*) echo "$x";; E:*) echo "$x" >&2;; esac; done`)
		stdin, _ := c.StdinPipe()
		stdout, _ := c.StdoutPipe()
		stderr, err := c.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		outbr, errbr := bufio.NewReader(stdout), bufio.NewReader(stderr)
		for _, line := range []string{"O:I am output", "E:I am error", "O:I am output again"} {
			io.WriteString(stdin, line+"\n")
			r := outbr
			if line[0] == 'E' {
				r = errbr
			}
			if got, err := r.ReadString('\n'); err != nil || got != line+"\n" {
				t.Errorf("read %q, %v; want %q", got, err, line)
			}
		}
		stdin.Close()
		if err := c.Wait(); err != nil {
			t.Errorf("Wait: %v", err)
		}
	})
}

// TestExtraFiles: ExtraFiles[0] is fd 3, and no other fd of the caller reaches the program.
func TestExecPortExtraFiles(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "extra")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.WriteString("extra file contents")
	both(t, func(t *testing.T, cmd newCmd) {
		f.Seek(0, 0)
		c := cmd(nil, "sh", "-c", `cat <&3; echo; cd /proc/self/fd && echo *`)
		*c.ExtraFiles = []*os.File{f}
		b, err := c.Output()
		// 0-3 and the shell's fd of the listing; os/exec also passes on the fds the test
		// process has without close-on-exec (inherited from whoever ran it), rns.Cmd
		// without KeepFds none of them.
		want := 5
		if _, ok := c.runner.(*exec.Cmd); ok {
			want += inheritedFds(t)
		}
		if lines := strings.Split(string(b), "\n"); err != nil || len(lines) < 2 || lines[0] != "extra file contents" ||
			len(strings.Fields(lines[1])) != want {
			t.Errorf("%q, %v; want the file's text, then %d fds", b, err, want)
		}
	})
}

// TestClosePipeOnCopyError: a failing Stdout writer fails Run and stops the program.
func TestExecPortClosePipeOnCopyError(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		c := cmd(nil, "yes")
		*c.Stdout = badWriter{}
		if err := c.Run(); err == nil {
			t.Error("yes unexpectedly completed successfully")
		}
	})
}

type badWriter struct{}

func (badWriter) Write([]byte) (int, error) { return 0, errors.New("bad write") }

// TestOutputStderrCapture, and the cap of ExitError.Stderr (prefixSuffixSaver's 32 KiB).
func TestExecPortOutputStderrCapture(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		_, err := cmd(nil, "sh", "-c", "echo some stderr text >&2; exit 1").Output()
		ee, ok := err.(*exec.ExitError)
		if !ok || string(ee.Stderr) != "some stderr text\n" {
			t.Errorf("Output: %T %v, want an ExitError with the stderr", err, err)
		}
		_, err = cmd(nil, "sh", "-c", "head -c 100000 /dev/zero | tr '\\0' x >&2; exit 1").Output()
		want := strings.Repeat("x", 32<<10) + "\n... omitting 34464 bytes ...\n" + strings.Repeat("x", 32<<10)
		if ee, ok := err.(*exec.ExitError); !ok || string(ee.Stderr) != want {
			t.Errorf("Output: %T %v, want an ExitError with 64 KiB of the stderr", err, err)
		}
	})
}

// TestContext, TestContextCancel: cancel kills the program; Wait fails.
func TestExecPortContextCancel(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		c := cmd(ctx, "cat")
		stdin, _ := c.StdinPipe()
		stdout, _ := c.StdoutPipe()
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		io.WriteString(stdin, "O:hi\n")
		buf := make([]byte, 5)
		if n, err := io.ReadFull(stdout, buf); n != 5 || err != nil || string(buf) != "O:hi\n" {
			t.Fatalf("ReadFull = %d, %v, %q", n, err, buf[:n])
		}
		go cancel()
		err := c.Wait()
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.String() != "signal: killed" {
			t.Errorf("Wait: %T %v, want an ExitError, signal: killed", err, err)
		}
		if err := cmd(ctx, "true").Start(); !errors.Is(err, context.Canceled) {
			t.Errorf("Start after cancel: %v, want context.Canceled", err)
		}
	})
}

// TestCancelErrors "success after error": Cancel's error, wrapped; "success after
// ErrProcessDone": ignored. And Cancel without CommandContext is refused.
func TestExecPortCancelErrors(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		c := cmd(ctx, "cat")
		stdin, _ := c.StdinPipe()
		errArbitrary := errors.New("arbitrary error")
		*c.Cancel = func() error { stdin.Close(); return errArbitrary }
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		cancel()
		if err := c.Wait(); !errors.Is(err, errArbitrary) || err == errArbitrary {
			t.Errorf("Wait: %v, want an error wrapping %v", err, errArbitrary)
		}
		ctx, cancel = context.WithCancel(context.Background())
		c = cmd(ctx, "cat")
		stdin, _ = c.StdinPipe()
		*c.Cancel = func() error { stdin.Close(); return fmt.Errorf("%w: closed", os.ErrProcessDone) }
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		cancel()
		if err := c.Wait(); err != nil {
			t.Errorf("Wait after ErrProcessDone: %v, want nil", err)
		}
		c = cmd(nil, "true")
		*c.Cancel = func() error { return nil }
		if err := c.Start(); err == nil || !strings.Contains(err.Error(), "not created with CommandContext") {
			t.Errorf("Cancel without a context: %v", err)
		}
	})
}

// TestWaitInterrupt "Exit-hang": the program exits, a grandchild holds stdout: Wait gives
// ErrWaitDelay after WaitDelay; "SIGKILL-hang": cancelled, killed, ExitError.
func TestExecPortWaitDelay(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		c := cmd(nil, "sh", "-c", "sleep 10 & echo started")
		*c.Stdout = new(strings.Builder)
		*c.WaitDelay = 50 * time.Millisecond
		start := time.Now()
		if err := c.Run(); !errors.Is(err, exec.ErrWaitDelay) || time.Since(start) > 5*time.Second {
			t.Errorf("Exit-hang: %v after %v, want ErrWaitDelay", err, time.Since(start))
		}
		ctx, cancel := context.WithCancel(context.Background())
		c = cmd(ctx, "sh", "-c", "sleep 10 & sleep 10")
		*c.Stdout = new(strings.Builder)
		*c.WaitDelay = 50 * time.Millisecond
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		cancel()
		if err := c.Wait(); err == nil || err.Error() != "signal: killed" {
			t.Errorf("SIGKILL-hang: %v, want an ExitError, signal: killed", err)
		}
	})
}

// TestEnvNULCharacter, TestString, TestStringPathNotResolved, TestNoPath.
func TestExecPortStringsAndErrors(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		c := cmd(nil, "echo")
		*c.Env = []string{"TEST_NUL=a\x00b"}
		if err := c.Run(); err == nil {
			t.Error("an Env entry with NUL ran")
		}
		echo, _ := exec.LookPath("echo")
		if got := cmd(nil, "echo", "foo").String(); got != echo+" foo" {
			t.Errorf("String %q, want %q", got, echo+" foo")
		}
		if got := cmd(nil, "makemeasandwich", "-lettuce").String(); got != "makemeasandwich -lettuce" {
			t.Errorf("String of an unresolved path %q", got)
		}
		empty := cmd(nil, "")
		*empty.Path, *empty.Args, *empty.Err = "", nil, nil
		if err := empty.Start(); err == nil || !strings.HasSuffix(err.Error(), "no command") {
			t.Errorf("no Path: %v", err)
		}
	})
}

// TestLookPath (dot_test.go): a name found through "." in PATH is exec.ErrDot in Err, and
// runs if the caller clears Err; TestLookPathUnixEmptyPath: PATH empty finds nothing.
func TestExecPortLookPathDot(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "execabs-test"), []byte("#!/bin/sh\necho dot\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	chdir(t, dir) // no test of the package runs in parallel
	t.Setenv("PATH", ".")
	both(t, func(t *testing.T, cmd newCmd) {
		c := cmd(nil, "execabs-test")
		if !errors.Is(*c.Err, exec.ErrDot) || *c.Path != "execabs-test" {
			t.Fatalf("Err %v, Path %q; want ErrDot", *c.Err, *c.Path)
		}
		if err := c.Run(); !errors.Is(err, exec.ErrDot) {
			t.Errorf("Run: %v, want ErrDot", err)
		}
		c = cmd(nil, "execabs-test")
		*c.Err = nil
		if b, err := c.Output(); err != nil || string(b) != "dot\n" {
			t.Errorf("with Err cleared: %q, %v", b, err)
		}
	})
	t.Setenv("PATH", "")
	both(t, func(t *testing.T, cmd newCmd) {
		if c := cmd(nil, "execabs-test"); !errors.Is(*c.Err, exec.ErrNotFound) {
			t.Errorf("PATH empty: %v, want ErrNotFound", *c.Err)
		}
	})
}

// TestWaitid (exec_posix_test.go): Signal works while Wait waits on a stopped program.
func TestExecPortWaitid(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		c := cmd(nil, "cat")
		stdin, _ := c.StdinPipe()
		stdout, _ := c.StdoutPipe()
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		io.WriteString(stdin, "O:ping\n")
		io.ReadFull(stdout, make([]byte, 7))
		if err := c.Process().Signal(syscall.SIGSTOP); err != nil {
			c.Process().Kill()
			t.Fatal(err)
		}
		ch := make(chan error)
		go func() { ch <- c.Wait() }()
		time.Sleep(10 * time.Millisecond)
		if err := c.Process().Signal(syscall.SIGCONT); err != nil {
			t.Error(err)
			syscall.Kill(c.Process().Pid, syscall.SIGCONT)
		}
		stdin.Close()
		if err := <-ch; err != nil {
			t.Fatal(err)
		}
		if err := c.Process().Signal(syscall.SIGCONT); !errors.Is(err, os.ErrProcessDone) {
			t.Errorf("Signal after Wait: %v, want os.ErrProcessDone", err)
		}
	})
}

// chdir is t.Chdir (Go 1.24; the module says 1.22): the test's cwd, restored after.
func chdir(t *testing.T, dir string) {
	old, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chdir(old) })
}

// inheritedFds counts the fds above 2 of this process without close-on-exec.
func inheritedFds(t *testing.T) int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range ents {
		var fd int
		fmt.Sscan(e.Name(), &fd)
		flags, _, errno := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_GETFD, 0)
		if fd > 2 && errno == 0 && flags&syscall.FD_CLOEXEC == 0 {
			n++
		}
	}
	return n
}
