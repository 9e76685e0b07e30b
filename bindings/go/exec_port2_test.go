package rns_test

// More of os/exec's own cases (exec_test.go, exec_posix_test.go), side by side as in
// exec_port_test.go.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	rns "github.com/librns/librns/bindings/go"
)

// TestStdinCloseRace: Kill racing the stdin copy and Close; Wait reports the kill.
func TestExecPortStdinCloseRace(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		c := cmd(nil, "sleep", "10")
		stdin, err := c.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		wg.Add(2)
		defer wg.Wait()
		go func() { defer wg.Done(); c.Process().Kill() }()
		go func() {
			defer wg.Done()
			io.Copy(stdin, strings.NewReader("unexpected string"))
			if err := stdin.Close(); err != nil && !errors.Is(err, os.ErrClosed) {
				t.Errorf("stdin.Close: %v", err)
			}
		}()
		if err := c.Wait(); err == nil {
			t.Fatal("Wait: succeeded unexpectedly")
		}
	})
}

// TestPipeLookPathLeak: a failed lookup leaves no pipe fd open.
func TestExecPortPipeLookPathLeak(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		before := openFds(t)
		for i := 0; i < 6; i++ {
			c := cmd(nil, "executable-that-doesnt-exist-12345")
			c.StdinPipe()
			c.StdoutPipe()
			c.StderrPipe()
			if err := c.Run(); err == nil {
				t.Fatal("Run succeeded")
			}
		}
		if after := openFds(t); after > before {
			t.Errorf("%d fds open after, %d before", after, before)
		}
	})
}

func openFds(t *testing.T) int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(ents)
}

// TestExtraFilesRace: two programs started at once each get their own listener as fd 3.
func TestExecPortExtraFilesRace(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		for i := 0; i < 5; i++ {
			var wg sync.WaitGroup
			for j := 0; j < 2; j++ {
				ln, err := net.Listen("tcp", "127.0.0.1:0")
				if err != nil {
					t.Fatal(err)
				}
				f, err := ln.(*net.TCPListener).File()
				if err != nil {
					t.Fatal(err)
				}
				c := cmd(nil, "sh", "-c", "readlink /proc/$$/fd/3")
				*c.ExtraFiles = []*os.File{f}
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer ln.Close()
					defer f.Close()
					want := fmt.Sprintf("socket:[%d]\n", fileIno(t, f)) // this listener, not the other
					if out, err := c.CombinedOutput(); err != nil || string(out) != want {
						t.Errorf("round %d: %q, %v; want %q", i, out, err, want)
					}
				}()
			}
			wg.Wait()
		}
	})
}

func fileIno(t *testing.T, f *os.File) uint64 {
	var st syscall.Stat_t
	if err := syscall.Fstat(int(f.Fd()), &st); err != nil {
		t.Error(err)
	}
	return st.Ino
}

// TestWaitInterrupt "Wait" and "WaitDelay": without cancellation Wait waits for the
// program, WaitDelay or not; "SIGINT-handled": Cancel sends SIGINT, the program exits 0
// on it, Wait gives ctx.Err(); "SIGINT-ignored": the program ignores it and is killed after
// WaitDelay.
func TestExecPortWaitInterrupt(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		c := cmd(nil, "sh", "-c", "sleep 0.05; echo done")
		*c.Stdout = new(strings.Builder)
		*c.WaitDelay = time.Hour
		if err := c.Run(); err != nil || (*c.Stdout).(*strings.Builder).String() != "done\n" {
			t.Errorf("WaitDelay without cancel: %v", err)
		}
		for _, tc := range []struct{ script, want string }{
			{"trap 'exit 0' INT; echo ready; while :; do sleep 0.01; done", "context canceled"},
			{"trap '' INT; echo ready; while :; do sleep 0.01; done", "signal: killed"},
		} {
			ctx, cancel := context.WithCancel(context.Background())
			c := cmd(ctx, "sh", "-c", tc.script)
			*c.Cancel = func() error { return c.Process().Signal(os.Interrupt) }
			*c.WaitDelay = 100 * time.Millisecond
			out, _ := c.StdoutPipe()
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			io.ReadFull(out, make([]byte, 6)) // the trap is set
			cancel()
			if err := c.Wait(); err == nil || err.Error() != tc.want {
				t.Errorf("%q: Wait %v, want %s", tc.script, err, tc.want)
			}
		}
	})
}

// TestCancelErrors "killed after error", "nonzero exit after error": Cancel's error is not
// reported when the program then fails: the ExitError is.
func TestExecPortCancelThenExit(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		ctx, cancel := context.WithCancel(context.Background())
		c := cmd(ctx, "sleep", "10")
		*c.Cancel = func() error { return errors.New("arbitrary error") }
		*c.WaitDelay = time.Millisecond
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		cancel()
		if err := c.Wait(); err == nil || err.Error() != "signal: killed" {
			t.Errorf("killed after error: %v, want the ExitError", err)
		}
		ctx, cancel = context.WithCancel(context.Background())
		c = cmd(ctx, "sh", "-c", "read x; exit 1")
		stdin, _ := c.StdinPipe()
		*c.Cancel = func() error { stdin.Close(); return errors.New("arbitrary error") }
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		cancel()
		if err := c.Wait(); err == nil || err.Error() != "exit status 1" {
			t.Errorf("nonzero exit after error: %v, want exit status 1", err)
		}
	})
}

// TestConcurrentExec: programs started at once with one context, half cancelled.
func TestExecPortConcurrentExec(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		ctx, cancel := context.WithCancel(context.Background())
		n := runtime.GOMAXPROCS(0) * 2
		var hangs, exits sync.WaitGroup
		for i := 0; i < n; i++ {
			hangs.Add(1)
			go func() {
				defer hangs.Done()
				c := cmd(ctx, "cat")
				stdin, _ := c.StdinPipe()
				*c.Cancel = stdin.Close
				if err := c.Start(); err != nil {
					if !errors.Is(err, context.Canceled) {
						t.Error(err)
					}
					return
				}
				c.Wait()
			}()
			exits.Add(1)
			go func() {
				defer exits.Done()
				if err := cmd(ctx, "true").Run(); err != nil {
					t.Error(err)
				}
			}()
		}
		exits.Wait()
		cancel()
		hangs.Wait()
	})
}

// TestPathRace: String while CombinedOutput runs (-race).
func TestExecPortPathRace(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		c := cmd(nil, "true")
		done := make(chan struct{})
		go func() {
			c.CombinedOutput()
			close(done)
		}()
		t.Logf("running in background: %v", c)
		<-done
	})
}

// TestCredentialNoSetGroups (exec_posix_test.go): the caller's own ids, groups kept.
func TestExecPortCredentialNoSetGroups(t *testing.T) {
	both(t, func(t *testing.T, cmd newCmd) {
		c := cmd(nil, "echo", "foo")
		attr := &syscall.SysProcAttr{Credential: &syscall.Credential{
			Uid: uint32(os.Getuid()), Gid: uint32(os.Getgid()), NoSetGroups: true}}
		switch r := c.runner.(type) {
		case *exec.Cmd:
			r.SysProcAttr = attr
		case *rns.Cmd:
			r.SysProcAttr = attr
		}
		if err := c.Run(); err != nil {
			t.Errorf("Run: %v", err)
		}
	})
}

// TestSIGCHLD (exec_posix_test.go): a program that runs and exits is one SIGCHLD, in a
// child process (the bug was at a process's first start).
func TestExecPortSIGCHLDInChild(t *testing.T) {
	if !inChild(t, plain) {
		return
	}
	ch := make(chan os.Signal, 4)
	signal.Notify(ch, syscall.SIGCHLD)
	defer signal.Reset(syscall.SIGCHLD)
	if err := rns.Command("sleep", "0.2").Run(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	if n := len(ch); n != 1 {
		t.Errorf("%d SIGCHLD, want 1", n)
	}
}

// TestPrefixSuffixSaver (internal_test.go): what ExitError.Stderr keeps of a long stderr.
func TestExecPortPrefixSuffixSaver(t *testing.T) {
	for i, tt := range []struct {
		writes []string
		want   string
	}{
		{nil, ""},
		{[]string{"a"}, "a"},
		{[]string{"abc", "d"}, "abcd"},
		{[]string{"abc", "d", "e"}, "ab\n... omitting 1 bytes ...\nde"},
		{[]string{"ab______________________yz"}, "ab\n... omitting 22 bytes ...\nyz"},
		{[]string{"ab_______________________y", "z"}, "ab\n... omitting 23 bytes ...\nyz"},
	} {
		w := rns.SuffixSaver(2)
		for _, s := range tt.writes {
			if n, err := io.WriteString(w, s); err != nil || n != len(s) {
				t.Errorf("%d. WriteString(%q) = %v, %v", i, s, n, err)
			}
		}
		if got := string(w.Bytes()); got != tt.want {
			t.Errorf("%d. Bytes = %q; want %q", i, got, tt.want)
		}
	}
}
