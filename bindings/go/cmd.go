package rns

// The life of a Cmd as os/exec's (Go 1.26 src/os/exec/exec.go, whose logic this follows:
// Copyright 2009 The Go Authors, BSD license): Command, CommandContext, Start, Wait, the
// stdio copies, WaitDelay, Output and the pipes.

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// Command returns a Cmd for name with args, as exec.Command does: Args[0] is name, and a
// name without a path separator is looked up with exec.LookPath (its error, exec.ErrNotFound
// or exec.ErrDot inside an *exec.Error, is left in Err and returned by Start).
func Command(name string, arg ...string) *Cmd {
	c := &Cmd{Path: name, Args: append([]string{name}, arg...)}
	if filepath.Base(name) == name {
		lp, err := exec.LookPath(name)
		if lp != "" {
			c.Path = lp
		}
		c.Err = err
	}
	return c
}

// CommandContext is Command with a context, as exec.CommandContext: when ctx is done
// before the program ends, Cancel is called (by default c.Process.Kill, a SIGKILL through
// the process's pidfd, never to a reused pid). It panics on a nil ctx.
func CommandContext(ctx context.Context, name string, arg ...string) *Cmd {
	if ctx == nil {
		panic("nil Context")
	}
	c := Command(name, arg...)
	c.ctx = ctx
	c.Cancel = func() error { return c.Process.Kill() }
	return c
}

// String is a readable description of c, as exec.Cmd's: Path and Args[1:].
func (c *Cmd) String() string {
	if c.Err != nil || len(c.Args) == 0 {
		return strings.Join(c.Args, " ")
	}
	b := new(strings.Builder)
	b.WriteString(c.Path)
	for _, a := range c.Args[1:] {
		b.WriteByte(' ')
		b.WriteString(a)
	}
	return b.String()
}

// Run is Start, then Wait.
func (c *Cmd) Run() error {
	if err := c.Start(); err != nil {
		return err
	}
	return c.Wait()
}

// Start starts the program, as exec.Cmd.Start; c.Process holds it. A Cmd starts once: a
// second Start fails, also after a failed first one. Path is used as it is (Command looks
// a bare name up in PATH). Errors from the child's steps before exec are a *SpawnError
// (errors.Is works with the errno: fs.ErrNotExist for a missing program); argument errors
// an *os.SyscallError.
//
// RLIMIT_NOFILE: the Go runtime raises its own soft limit to the hard one - 1 at start; the
// program gets the limit the process started with, as from os/exec, unless Rlimits sets it
// or the limit has changed since (syscall.Setrlimit, prlimit from outside): then the current
// one. (os/exec also passes on a limit set to the very value Go set, hard - 1; rns.Cmd cannot
// tell that one from Go's and restores the original.)
func (c *Cmd) Start() error {
	if atomic.SwapInt32(&c.startCalled, 1) != 0 {
		return errors.New("rns: already started")
	}
	started := false
	defer func() {
		closeFiles(c.childIOFiles)
		c.childIOFiles = nil
		if c.devNull > 0 {
			syscall.Close(c.devNull - 1)
			c.devNull = 0
		}
		if !started {
			closeDescriptors(c.parentIOPipes)
			c.parentIOPipes, c.goroutine = nil, nil
		}
	}()
	if c.Path == "" && c.Err == nil {
		c.Err = errors.New("rns: no command")
	}
	if c.Err != nil {
		return c.Err
	}
	if c.Cancel != nil && c.ctx == nil {
		return errors.New("rns: command with a non-nil Cancel was not created with CommandContext")
	}
	if c.ctx != nil {
		if err := c.ctx.Err(); err != nil {
			return err
		}
	}
	if err := c.spawn(); err != nil {
		return err
	}
	started = true
	c.startGoroutines()
	if (c.Cancel != nil || c.WaitDelay != 0) && c.ctx != nil && c.ctx.Done() != nil {
		resultc := make(chan ctxResult)
		c.ctxResult = resultc
		go c.watchCtx(resultc)
	}
	return nil
}

// spawn starts the child with librns and opens c.Process on it.
func (c *Cmd) spawn() error {
	args, env, err := c.argvEnv()
	if err != nil {
		return err
	}
	a, r := cSpawnAttrNew()
	if r < 0 {
		return errnoErr("spawn_attr_new", syscall.Errno(-r))
	}
	defer cSpawnAttrFree(a)
	if err := c.setAttrs(a); err != nil {
		return err
	}
	pidfd, pid, step, detail := cSpawn(a, c.Path, args, env, false)
	if pidfd < 0 {
		err := errnoErr("spawn", syscall.Errno(-pidfd))
		if step != rnsSpawnStepNone {
			return &SpawnError{Step: spawnSteps[step], Err: err, Detail: int(detail)}
		}
		return err
	}
	// Kept as a blocking, unpolled file (closed by its finalizer if Wait is never called);
	// Wait puts a copy in the poller only when it parks (see Wait).
	c.pidfd = os.NewFile(uintptr(pidfd), "pidfd:"+strconv.Itoa(int(pid)))
	// The child is ours and unreaped, so its pid cannot be reused yet: the pidfd
	// os.FindProcess opens names this child.
	c.Process, _ = os.FindProcess(int(pid))
	if c.SysProcAttr != nil && c.SysProcAttr.PidFD != nil {
		*c.SysProcAttr.PidFD = -1
		if fd, _, errno := syscall.Syscall(syscall.SYS_FCNTL, uintptr(pidfd), syscall.F_DUPFD_CLOEXEC, 0); errno == 0 {
			*c.SysProcAttr.PidFD = int(fd) // os/exec's -1 too when it has none
		}
	}
	return nil
}

// startGoroutines starts the stdio copies; goroutineErr gets the first error once all end.
func (c *Cmd) startGoroutines() {
	if len(c.goroutine) == 0 {
		return
	}
	goroutineErr := make(chan error, 1)
	c.goroutineErr = goroutineErr
	type goroutineStatus struct {
		running  int
		firstErr error
	}
	statusc := make(chan goroutineStatus, 1)
	statusc <- goroutineStatus{running: len(c.goroutine)}
	for _, fn := range c.goroutine {
		go func() {
			err := fn()
			status := <-statusc
			if status.firstErr == nil {
				status.firstErr = err
			}
			status.running--
			if status.running == 0 {
				goroutineErr <- status.firstErr
			} else {
				statusc <- status
			}
		}()
	}
	c.goroutine = nil
}

// ctxResult is what watchCtx found: an error, and the WaitDelay timer it started.
type ctxResult struct {
	err   error
	timer *time.Timer
}

// wrappedError is a Cancel or Kill error with its context, as os/exec's.
type wrappedError struct {
	prefix string
	err    error
}

func (w wrappedError) Error() string { return w.prefix + ": " + w.err.Error() }
func (w wrappedError) Unwrap() error { return w.err }

// watchCtx waits for the context or for Wait; on cancel it calls Cancel, then after
// WaitDelay kills the program and closes the pipes, as os/exec does.
func (c *Cmd) watchCtx(resultc chan<- ctxResult) {
	select {
	case resultc <- ctxResult{}:
		return
	case <-c.ctx.Done():
	}
	var err error
	if c.Cancel != nil {
		if cerr := c.Cancel(); cerr == nil {
			err = c.ctx.Err()
		} else if !errors.Is(cerr, os.ErrProcessDone) {
			err = wrappedError{prefix: "rns: canceling Cmd", err: cerr}
		}
	}
	if c.WaitDelay == 0 {
		resultc <- ctxResult{err: err}
		return
	}
	timer := time.NewTimer(c.WaitDelay)
	select {
	case resultc <- ctxResult{err: err, timer: timer}:
		return
	case <-timer.C:
	}
	killed := false
	if kerr := c.Process.Kill(); kerr == nil {
		killed = true
	} else if !errors.Is(kerr, os.ErrProcessDone) {
		err = wrappedError{prefix: "rns: killing Cmd", err: kerr}
	}
	if c.goroutineErr != nil {
		select {
		case gerr := <-c.goroutineErr:
			if err == nil && !killed {
				err = gerr
			}
		default:
			closeDescriptors(c.parentIOPipes)
			<-c.goroutineErr
			if err == nil {
				err = exec.ErrWaitDelay
			}
		}
		c.goroutineErr = nil
	}
	resultc <- ctxResult{err: err}
}

// Wait waits for the program to end and for the stdio copies, as exec.Cmd.Wait: a non-zero
// exit or a signal is an *exec.ExitError (ProcessState.Sys() is the syscall.WaitStatus),
// an expired WaitDelay exec.ErrWaitDelay.
//
// Threads: while fewer than maxThreadWaits Cmds are waiting, Wait blocks its thread in
// waitid as os/exec does (the exit is seen at once); beyond that it parks the goroutine in
// the runtime's poller on the child's pidfd, holding no thread, so a thousand children
// waited for at once need no thousand threads (os/exec's would).
func (c *Cmd) Wait() error {
	if c.Process == nil {
		return errors.New("rns: not started")
	}
	if c.ProcessState != nil {
		return errors.New("rns: Wait was already called")
	}
	state, err := c.waitProcess()
	if err == nil && !state.Success() {
		err = &exec.ExitError{ProcessState: state}
	}
	c.ProcessState = state
	var timer *time.Timer
	if c.ctxResult != nil {
		watch := <-c.ctxResult
		timer = watch.timer
		if err == nil && watch.err != nil {
			err = watch.err
		}
	}
	if gerr := c.awaitGoroutines(timer); err == nil {
		err = gerr
	}
	closeDescriptors(c.parentIOPipes)
	c.parentIOPipes = nil
	return err
}

// awaitGoroutines waits for the stdio copies, at most WaitDelay (from timer, if the context
// started it): then it closes our ends of the pipes and returns exec.ErrWaitDelay.
func (c *Cmd) awaitGoroutines(timer *time.Timer) error {
	defer func() {
		if timer != nil {
			timer.Stop()
		}
		c.goroutineErr = nil
	}()
	if c.goroutineErr == nil {
		return nil
	}
	if timer == nil {
		if c.WaitDelay == 0 {
			return <-c.goroutineErr
		}
		select {
		case err := <-c.goroutineErr:
			return err
		default:
		}
		timer = time.NewTimer(c.WaitDelay)
	}
	select {
	case <-timer.C:
		closeDescriptors(c.parentIOPipes)
		<-c.goroutineErr
		return exec.ErrWaitDelay
	case err := <-c.goroutineErr:
		return err
	}
}

// Output runs the program and returns its standard output, as exec.Cmd.Output: with Stderr
// nil, an *exec.ExitError carries the program's stderr in Stderr (the first and last 32 KiB).
func (c *Cmd) Output() ([]byte, error) {
	if c.Stdout != nil {
		return nil, errors.New("rns: Stdout already set")
	}
	var stdout bytes.Buffer
	c.Stdout = &stdout
	captureErr := c.Stderr == nil
	if captureErr {
		c.Stderr = &prefixSuffixSaver{N: 32 << 10}
	}
	err := c.Run()
	if ee := (*exec.ExitError)(nil); err != nil && captureErr && errors.As(err, &ee) {
		ee.Stderr = c.Stderr.(*prefixSuffixSaver).Bytes()
	}
	return stdout.Bytes(), err
}

// CombinedOutput runs the program and returns its stdout and stderr together.
func (c *Cmd) CombinedOutput() ([]byte, error) {
	if c.Stdout != nil {
		return nil, errors.New("rns: Stdout already set")
	}
	if c.Stderr != nil {
		return nil, errors.New("rns: Stderr already set")
	}
	var b bytes.Buffer
	c.Stdout, c.Stderr = &b, &b
	err := c.Run()
	return b.Bytes(), err
}

// StdinPipe returns a pipe connected to the program's stdin, closed by Wait, as os/exec's.
func (c *Cmd) StdinPipe() (io.WriteCloser, error) {
	if c.Stdin != nil {
		return nil, errors.New("rns: Stdin already set")
	}
	if c.Process != nil {
		return nil, errors.New("rns: StdinPipe after process started")
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	c.Stdin = pr
	c.childIOFiles = append(c.childIOFiles, pr)
	c.parentIOPipes = append(c.parentIOPipes, pw)
	return pw, nil
}

// StdoutPipe returns a pipe connected to the program's stdout, closed by Wait: read it all
// before calling Wait, as with os/exec.
func (c *Cmd) StdoutPipe() (io.ReadCloser, error) {
	return c.outPipe(&c.Stdout, "Stdout")
}

// StderrPipe is StdoutPipe for the program's stderr.
func (c *Cmd) StderrPipe() (io.ReadCloser, error) {
	return c.outPipe(&c.Stderr, "Stderr")
}

func (c *Cmd) outPipe(w *io.Writer, name string) (io.ReadCloser, error) {
	if *w != nil {
		return nil, errors.New("rns: " + name + " already set")
	}
	if c.Process != nil {
		return nil, errors.New("rns: " + name + "Pipe after process started")
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	*w = pw
	c.childIOFiles = append(c.childIOFiles, pw)
	c.parentIOPipes = append(c.parentIOPipes, pr)
	return pr, nil
}

// waitProcess reaps the child with Process.Wait: at once while at most maxThreadWaits
// Cmds are blocked in it, else after parking until the exit in the poller.
func (c *Cmd) waitProcess() (*os.ProcessState, error) {
	if c.pidfd != nil {
		defer func() { c.pidfd.Close(); c.pidfd = nil }()
		if threadWaits.Add(1) <= maxThreadWaits {
			defer threadWaits.Add(-1)
			return c.Process.Wait()
		}
		threadWaits.Add(-1)
		awaitExitPolled(c.pidfd)
	}
	return c.Process.Wait()
}

// threadWaits counts the Cmd.Waits blocked in Process.Wait, a thread each.
var threadWaits atomic.Int32

const maxThreadWaits = 8

// awaitExitPolled parks the goroutine until the process pidfd refers to has ended (or
// pidfd cannot be polled), without reaping it, on a nonblocking copy of pidfd in the
// runtime's poller (the copy shares O_NONBLOCK with pidfd, which is only closed after).
func awaitExitPolled(pidfd *os.File) {
	fd, _, errno := syscall.Syscall(syscall.SYS_FCNTL, pidfd.Fd(), syscall.F_DUPFD_CLOEXEC, 0)
	if errno != 0 {
		return // Process.Wait then blocks a thread: slower, still right
	}
	syscall.SetNonblock(int(fd), true) // before NewFile, so the poller takes it
	f := os.NewFile(fd, pidfd.Name())
	defer f.Close()
	rc, err := f.SyscallConn()
	if err != nil {
		return
	}
	rc.Read(func(fd uintptr) bool {
		_, err := PidfdWait(RawFD(fd), WaitExited|WaitNoWait)
		return !errors.Is(err, syscall.EAGAIN)
	})
}

func closeFiles(fs []*os.File) {
	for _, f := range fs {
		f.Close()
	}
}

func closeDescriptors(cs []io.Closer) {
	for _, c := range cs {
		c.Close()
	}
}
