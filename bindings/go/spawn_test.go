package rns_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	rns "github.com/librns/librns/bindings/go"
)

// output runs c with its stdout on a pipe and returns what it printed and its status.
func output(t *testing.T, c *rns.Cmd) (string, rns.WaitStatus, error) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	c.Stdout = w
	err = c.Start()
	w.Close()
	if err != nil {
		return "", rns.WaitStatus{}, err
	}
	b, _ := io.ReadAll(r) // to the end: every write of the program
	st, err := statusOf(c, c.Wait())
	return strings.TrimSpace(string(b)), st, err
}

// A program's exit code, argv and env; PATH search; the steps' errors as *SpawnError.
func TestCmdBasics(t *testing.T) {
	skipWithoutPidfd(t)
	c := rns.Command("sh", "-c", `echo "$0 $FOO"; exit 7`)
	c.Env = []string{"FOO=bar"}
	out, st, err := output(t, c)
	if err != nil || out != "sh bar" || st.Kind != rns.ExitedKind || st.Code != 7 {
		t.Fatalf("got %q, %+v, %v", out, st, err)
	}
	var se *rns.SpawnError
	err = rns.Command("/nonexistent/program").Start()
	if !errors.As(err, &se) || se.Step != "exec" || !errors.Is(err, syscall.ENOENT) {
		t.Fatalf("missing program: %v, want a SpawnError at exec wrapping ENOENT", err)
	}
	c = rns.Command("true")
	c.Dir = "/nonexistent"
	if err := c.Start(); !errors.As(err, &se) || se.Step != "cwd" || !errors.Is(err, syscall.ENOENT) {
		t.Fatalf("missing cwd: %v", err)
	}
	c = rns.Command("true")
	c.Unshare = rns.CloneFS
	if err := c.Start(); !errors.Is(err, syscall.EINVAL) {
		t.Fatalf("CloneFS in Unshare: %v, want EINVAL", err)
	}
}

// New namespaces with a root mapping: the program is pid 1 and uid 0, from an ordinary Go
// program (a multithreaded one), whichever user runs the test.
func TestCmdNewNamespaces(t *testing.T) {
	skipWithoutPidfd(t)
	c := rns.Command("sh", "-c", `echo $$ $(id -u) $(hostname)`)
	c.Unshare = rns.CloneNewUser | rns.CloneNewPID | rns.CloneNewNet | rns.CloneNewUTS | rns.CloneNewIPC
	c.UidMap = fmt.Sprintf("0 %d 1", os.Geteuid())
	c.GidMap = fmt.Sprintf("0 %d 1", os.Getegid())
	c.Setsid = true
	out, st, err := output(t, c)
	if errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.ENOSPC) {
		t.Skipf("no user namespaces here: %v", err)
	}
	host, _ := os.Hostname()
	if err != nil || st.Kind != rns.ExitedKind || st.Code != 0 || out != "1 0 "+host {
		t.Fatalf("got %q, %+v, %v; want \"1 0 %s\"", out, st, err, host)
	}
}

// 100 goroutines spawn at once: no fd of the parent shows in any child (only 0, 1, 2 and the
// listing's own), and no thread of the parent ever leaves its namespaces.
func TestCmdConcurrent(t *testing.T) {
	skipWithoutPidfd(t)
	leak, err := os.Open("/dev/null") // close-on-exec, as Go opens everything; yet must not show
	if err != nil {
		t.Fatal(err)
	}
	defer leak.Close()
	ours := nsOf(t, "/proc/self/ns/uts")
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := rns.Command("sh", "-c", "ls /proc/self/fd | tr '\\n' ' '")
			c.Unshare = rns.CloneNewUser | rns.CloneNewUTS
			c.UidMap = fmt.Sprintf("0 %d 1", os.Geteuid())
			out, st, err := output(t, c)
			switch {
			case errors.Is(err, syscall.EPERM):
				return // no user namespaces here (reported once below)
			case err != nil || st.Code != 0:
				errs <- fmt.Errorf("%v %+v", err, st)
			case out != "0 1 2 3": // 3: the directory ls reads
				errs <- fmt.Errorf("child's fds: %q", out)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir("/proc/self/task")
	for _, e := range entries {
		if nsOf(t, "/proc/self/task/"+e.Name()+"/ns/uts") != ours {
			t.Fatalf("thread %s left our uts namespace", e.Name())
		}
	}
}

// 300 Cmds waited for at once: the first few Waits block a thread in waitid as os/exec's do,
// the rest park in the poller (Cmd.Wait), so the process does not grow a thread per child
// (os/exec's would have 300 in waitid); each Wait still gets its own child's exit status.
func TestCmdWaitManyFewThreads(t *testing.T) {
	skipWithoutPidfd(t)
	const n = 300
	cmds := make([]*rns.Cmd, n)
	stdins := make([]io.WriteCloser, n)
	defer func() {
		for _, w := range stdins {
			if w != nil {
				w.Close()
			}
		}
	}()
	for i := range cmds { // started from one goroutine: the starts add no threads
		cmds[i] = rns.Command("sh", "-c", fmt.Sprintf("read x; exit %d", i%200))
		var err error
		if stdins[i], err = cmds[i].StdinPipe(); err != nil {
			t.Fatal(err)
		}
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i, c := range cmds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := c.Wait()
			if got := c.ProcessState.ExitCode(); got != i%200 || (got != 0) != (err != nil) {
				errs <- fmt.Errorf("child %d: exit %d, %v", i, got, err)
			}
		}()
	}
	time.Sleep(300 * time.Millisecond) // every goroutine is in Wait by now
	inWaitid := threadsInSyscall(t, syscall.SYS_WAITID)
	for _, w := range stdins {
		w.Close() // the child reads end of file and exits
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if inWaitid > 10 {
		t.Errorf("%d threads in waitid while %d Waits were pending: the Waits hold threads", inWaitid, n)
	} else {
		t.Logf("%d threads in waitid while %d Waits were pending", inWaitid, n)
	}
}

// Joining a running process's net and uts namespaces through its pidfd: the program runs in
// them; the caller's threads do not move.
func TestCmdJoinInChild(t *testing.T) {
	if !inChild(t, privileged) {
		return
	}
	skipWithoutPidfd(t)
	h := startHolder(t, syscall.CLONE_NEWNET|syscall.CLONE_NEWUTS, "rns-spawn-join")
	pidfd, err := rns.PidfdOpen(h.pid, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer pidfd.Close()
	want, _ := os.Readlink(fmt.Sprintf("/proc/%d/ns/net", h.pid))
	c := rns.Command("sh", "-c", "echo $(hostname) $(readlink /proc/self/ns/net)")
	c.Join = []rns.JoinNamespace{{FD: pidfd, Types: rns.CloneNewNet | rns.CloneNewUTS}}
	out, st, err := output(t, c)
	if err != nil || st.Code != 0 || out != h.host+" "+want {
		t.Fatalf("got %q, %+v, %v; want %q", out, st, err, h.host+" "+want)
	}
	if now, _ := os.Readlink("/proc/thread-self/ns/net"); now == want {
		t.Fatal("the calling thread moved into the joined namespace")
	}
}

// Stdin, Stdout and Stderr as any io.Reader and io.Writer, copied through pipes; Output.
func TestCmdReaderWriter(t *testing.T) {
	skipWithoutPidfd(t)
	var out, errb strings.Builder
	c := rns.Command("sh", "-c", `read x; echo "got $x"; echo oops >&2`)
	c.Stdin = strings.NewReader("hello\n")
	c.Stdout, c.Stderr = &out, &errb
	if st, err := statusOf(c, c.Run()); err != nil || st.Code != 0 || out.String() != "got hello\n" || errb.String() != "oops\n" {
		t.Fatalf("got %q %q, %+v, %v", out.String(), errb.String(), st, err)
	}
	b, st, err := outputStatus(rns.Command("echo", "hi"))
	if err != nil || st.Code != 0 || string(b) != "hi\n" {
		t.Fatalf("Output = %q, %+v, %v", b, st, err)
	}
	before := countFds(t)
	var sink strings.Builder
	c = rns.Command("/nonexistent/program")
	c.Stdout = &sink
	if err := c.Start(); err == nil {
		t.Fatal("a missing program started")
	}
	if n := countFds(t); n != before {
		t.Fatalf("%d fds after a failed Start, %d before", n, before)
	}
}

// Umask, Nice and Rlimits in place in the program.
func TestCmdUmaskNiceRlimit(t *testing.T) {
	skipWithoutPidfd(t)
	umask, nice := 0o027, 5
	c := rns.Command("sh", "-c", "echo $(umask) $(cut -d' ' -f19 /proc/self/stat) $(ulimit -n) $(ulimit -Hn)")
	c.Umask, c.Nice = &umask, &nice
	c.Rlimits = []rns.Rlimit{{Resource: syscall.RLIMIT_NOFILE, Cur: 100, Max: 200}}
	out, st, err := output(t, c)
	if err != nil || st.Code != 0 || out != "0027 5 100 200" {
		t.Fatalf("got %q, %+v, %v", out, st, err)
	}
	bad := 20
	c = rns.Command("true")
	c.Nice = &bad
	if err := c.Start(); !errors.Is(err, syscall.EINVAL) {
		t.Fatalf("Nice 20: %v, want EINVAL", err)
	}
}

// Joining every namespace type of running processes through their pidfds: net, uts, ipc,
// mount and pid of one holder, the user namespace of another; the program sees each.
func TestCmdJoinAllInChild(t *testing.T) {
	if !inChild(t, privileged) {
		return
	}
	skipWithoutPidfd(t)
	types := []string{"net", "uts", "ipc", "mnt", "pid"}
	h := startHolder(t, syscall.CLONE_NEWNET|syscall.CLONE_NEWUTS|syscall.CLONE_NEWIPC|
		syscall.CLONE_NEWNS|syscall.CLONE_NEWPID, "rns-join-all")
	u := startHolder(t, syscall.CLONE_NEWUSER, "")
	want := ""
	for _, ty := range append(types, "user") {
		pid := h.pid
		if ty == "user" {
			pid = u.pid
		}
		l, err := os.Readlink(fmt.Sprintf("/proc/%d/ns/%s", pid, ty))
		if err != nil {
			t.Fatal(err)
		}
		want += l + " "
	}
	hp, err := rns.PidfdOpen(h.pid, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer hp.Close()
	up, err := rns.PidfdOpen(u.pid, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer up.Close()
	c := rns.Command("sh", "-c", "for t in net uts ipc mnt pid user; do printf '%s ' $(readlink /proc/self/ns/$t); done")
	c.Join = []rns.JoinNamespace{
		{FD: hp, Types: rns.CloneNewNet | rns.CloneNewUTS | rns.CloneNewIPC | rns.CloneNewNS | rns.CloneNewPID},
		{FD: up, Types: rns.CloneNewUser},
	}
	out, st, err := output(t, c)
	if err != nil || st.Code != 0 || out+" " != want {
		t.Fatalf("the program's namespaces: %q (%+v, %v)\nwant: %q", out, st, err, strings.TrimSpace(want))
	}
}

// SetgroupsDeny beside os/exec's GidMappingsEnableSetgroups false (its default): "deny" in the
// new user namespace's setgroups, with maps of this process's ids, as root too.
func TestCmdSetgroupsDeny(t *testing.T) {
	skipWithoutPidfd(t)
	uid, gid := os.Getuid(), os.Getgid()
	peer := exec.Command("/bin/cat", "/proc/self/setgroups")
	peer.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:  syscall.CLONE_NEWUSER,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: uid, Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: gid, Size: 1}},
	}
	want, err := peer.Output()
	if err != nil {
		t.Skipf("os/exec cannot make a user namespace here: %v", err)
	}
	for _, deny := range []bool{true, false} {
		c := rns.Command("/bin/cat", "/proc/self/setgroups")
		c.Unshare = rns.CloneNewUser
		c.UidMap = fmt.Sprintf("0 %d 1", uid)
		c.GidMap = fmt.Sprintf("0 %d 1", gid)
		c.SetgroupsDeny = deny
		out, st, err := output(t, c)
		if err != nil || st.Kind != rns.ExitedKind || st.Code != 0 {
			t.Fatalf("SetgroupsDeny %v: %v, %+v", deny, err, st)
		}
		switch {
		case deny && out != strings.TrimSpace(string(want)):
			t.Errorf("SetgroupsDeny: %q, os/exec: %q", out, want)
		case !deny && os.Geteuid() == 0 && out != "allow":
			t.Errorf("without SetgroupsDeny, as root: %q, want allow (the kernel's default)", out)
		case !deny && os.Geteuid() != 0 && out != "deny":
			t.Errorf("without SetgroupsDeny, unprivileged: %q, want deny (required by the kernel)", out)
		}
	}
}
