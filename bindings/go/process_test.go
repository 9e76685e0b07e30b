package rns_test

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	rns "github.com/librns/librns/bindings/go"
)

// startChild starts argv as a child of the test process and opens a Process for it. The
// child is reaped through the Process (never by exec.Cmd.Wait).
func startChild(t testing.TB, argv ...string) *rns.Process {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p, err := rns.OpenProcess(cmd.Process.Pid)
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func skipWithoutPidfd(t *testing.T) {
	if noPidfd() {
		noPidfdNote(t, "no pidfd to wait on")
		t.Skip("no pidfd_open here")
	}
}

// Exit code, kill, stop and continue, each decoded; a second wait: ECHILD.
func TestProcessWait(t *testing.T) {
	skipWithoutPidfd(t)
	p := startChild(t, "sh", "-c", "exit 7")
	st, err := p.Wait()
	if err != nil || st.Kind != rns.ExitedKind || st.Code != 7 || st.Pid != p.Pid || st.Uid != os.Getuid() {
		t.Fatalf("Wait = %+v, %v; want exited 7 of %d", st, err, p.Pid)
	}
	_, err = p.Wait()
	wantErrno(t, err, "pidfd_wait", syscall.ECHILD)

	p = startChild(t, "sleep", "30")
	if err := p.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	if st, err := p.WaitFor(rns.WaitStopped); err != nil || st.Kind != rns.StoppedKind || st.Code != int(syscall.SIGSTOP) {
		t.Fatalf("WaitFor(stopped) = %+v, %v", st, err)
	}
	if err := p.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	if st, err := p.WaitFor(rns.WaitContinued); err != nil || st.Kind != rns.ContinuedKind {
		t.Fatalf("WaitFor(continued) = %+v, %v", st, err)
	}
	if st, err := p.WaitFor(rns.WaitExited | rns.WaitNoHang); err != nil || st.Kind != rns.WaitNone {
		t.Fatalf("WaitFor(nohang) on a running child = %+v, %v; want WaitNone", st, err)
	}
	if err := p.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if st, err := p.Wait(); err != nil || st.Kind != rns.KilledKind || st.Code != int(syscall.SIGKILL) {
		t.Fatalf("Wait after SIGKILL = %+v, %v", st, err)
	}
	if err := p.Signal(0); !errors.Is(err, syscall.ESRCH) {
		t.Fatalf("Signal after the reap: %v, want ESRCH", err)
	}
}

// Not our child: ECHILD, and Info tells how it ended once its parent reaped it (Linux 6.15).
func TestProcessNotAChild(t *testing.T) {
	skipWithoutPidfd(t)
	p, err := rns.OpenProcess(1)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	_, err = p.WaitFor(rns.WaitExited | rns.WaitNoHang)
	wantErrno(t, err, "pidfd_wait", syscall.ECHILD)

	// A grandchild: sh starts it, prints its pid, and waits for it.
	cmd := exec.Command("sh", "-c", "sleep 0.3 & echo $!; wait")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var buf [32]byte
	n, _ := out.Read(buf[:])
	gpid, err := strconv.Atoi(strings.TrimSpace(string(buf[:n])))
	if err != nil {
		t.Fatal(err)
	}
	g, err := rns.OpenProcess(gpid)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	in, err := g.Info()
	if err != nil || in.Pid != gpid || in.Ppid != cmd.Process.Pid || in.Mask&rns.InfoPid == 0 {
		t.Fatalf("Info of the running grandchild = %+v, %v", in, err)
	}
	cmd.Wait() // sh waits for (and reaps) the grandchild first
	in, err = g.Info()
	switch {
	case err == nil && in.Mask&rns.InfoExit != 0:
		if in.Exit.Kind != rns.ExitedKind || in.Exit.Code != 0 {
			t.Fatalf("exit of the grandchild: %+v", in.Exit)
		}
	case errors.Is(err, syscall.ESRCH):
		t.Logf("note: this kernel keeps no exit status for a reaped process (before 6.15): ESRCH")
	default:
		t.Fatalf("Info after the reap = %+v, %v", in, err)
	}
}

// Info of ourselves; PidfdGetpid; PidfdNsOpen is our own namespace; closed and nil handles
// give EBADF, never a panic.
func TestProcessInfoAndHandles(t *testing.T) {
	skipWithoutPidfd(t)
	p, err := rns.OpenProcess(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	in, err := p.Info()
	if err != nil || in.Pid != os.Getpid() || in.Ppid != os.Getppid() || in.Uid[0] != os.Getuid() || in.Gid[1] != os.Getegid() {
		t.Fatalf("Info = %+v, %v", in, err)
	}
	if pid, err := rns.PidfdGetpid(p.File()); err != nil || pid != os.Getpid() {
		t.Fatalf("PidfdGetpid = %d, %v", pid, err)
	}
	f, err := p.NsOpen(rns.CloneNewNet)
	if err != nil {
		t.Fatal(err)
	}
	if nsOf(t, "/proc/self/ns/net") != fileNs(t, f) {
		t.Fatal("NsOpen(net) is not our network namespace")
	}
	f.Close()
	p.Close()
	_, err = p.Info()
	wantErrno(t, err, "pidfd_info", syscall.EBADF)
	var nilp *rns.Process
	_, err = nilp.Wait()
	wantErrno(t, err, "pidfd_wait", syscall.EBADF)
	wantErrno(t, nilp.Signal(0), "pidfd_send_signal", syscall.EBADF)
	_, err = rns.PidfdWait(os.Stdin, rns.WaitExited|rns.WaitNoHang)
	wantErrno(t, err, "pidfd_wait", syscall.EINVAL)
	_, err = rns.PidfdGetpid(rns.RawFD(-1))
	wantErrno(t, err, "pidfd_getpid", syscall.EBADF)
}

// 1,000 children waited for at once: each Wait parks its goroutine in the runtime's poller,
// so the process does not grow a thread per waiting child.
func TestProcessWaitManyChildren(t *testing.T) {
	skipWithoutPidfd(t)
	const n = 1000
	procs := make([]*rns.Process, 0, n)
	for i := 0; i < n; i++ {
		procs = append(procs, startChild(t, "sleep", "2"))
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for _, p := range procs {
		wg.Add(1)
		go func(p *rns.Process) {
			defer wg.Done()
			st, err := p.Wait()
			if err == nil && (st.Kind != rns.ExitedKind || st.Code != 0) {
				err = errors.New("unexpected status " + st.Kind.String())
			}
			if err != nil {
				errs <- err
			}
		}(p)
	}
	time.Sleep(300 * time.Millisecond) // every goroutine is waiting by now
	if threads := threadCount(t); threads > 100 {
		t.Errorf("%d threads while %d waits are pending: the waits hold threads", threads, n)
	} else {
		t.Logf("%d threads while %d waits were pending", threads, n)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// threadsInSyscall counts the threads of the process blocked in system call nr (the first
// field of /proc/self/task/T/syscall).
func threadsInSyscall(t testing.TB, nr int) int {
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, task := range tasks {
		b, err := os.ReadFile("/proc/self/task/" + task.Name() + "/syscall")
		if err != nil {
			continue // the thread has ended
		}
		if f := strings.Fields(string(b)); len(f) > 0 && f[0] == strconv.Itoa(nr) {
			n++
		}
	}
	return n
}

func threadCount(t testing.TB) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "Threads:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	t.Fatal("no Threads: line")
	return 0
}

// A Waiter reports each child once with its token, in the order they end; after Close, Next
// says io.EOF; bad input gives errors, never a panic.
func TestWaiter(t *testing.T) {
	skipWithoutPidfd(t)
	w, err := rns.NewWaiter()
	if err != nil {
		t.Fatal(err)
	}
	const n = 20
	for i := 0; i < n; i++ {
		p := startChild(t, "sh", "-c", "exit "+strconv.Itoa(i))
		if err := w.Add(p.File(), uint64(100+i), false); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[uint64]bool{}
	for i := 0; i < n; i++ {
		e, err := w.Next()
		if err != nil || e.Err != nil || e.Status.Kind != rns.ExitedKind || e.Status.Code != int(e.Token-100) || seen[e.Token] {
			t.Fatalf("event %d: %+v, %v", i, e, err)
		}
		seen[e.Token] = true
	}
	if err := w.Add(os.Stdin, 1, false); !errors.Is(err, syscall.EINVAL) {
		t.Fatalf("Add(stdin) = %v, want EINVAL", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Next(); err != io.EOF {
		t.Fatalf("Next after Close = %v, want io.EOF", err)
	}
	wantErrno(t, w.Close(), "waiter_free", syscall.EBADF)
	var nilw *rns.Waiter
	wantErrno(t, nilw.Add(rns.RawFD(0), 0, false), "waiter_add", syscall.EBADF)
}

// nsInode is the inode of /proc/PID/ns/NAME, 0 when it cannot be read.
func nsInode(pid int, name string) uint64 {
	var st syscall.Stat_t
	if syscall.Stat("/proc/"+strconv.Itoa(pid)+"/ns/"+name, &st) != nil {
		return 0
	}
	return st.Ino
}

// NsForChildren: the pid and time namespaces an unshare(1) process gives its children (it
// unshared them and forked), which differ from its own; through its pidfd and by pid.
func TestPidfdNsOpenForChildren(t *testing.T) {
	skipWithoutPidfd(t)
	cmd := exec.Command("unshare", "--user", "--map-root-user", "--pid", "--time", "--fork", "sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Skipf("unshare(1): %v", err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	pid := cmd.Process.Pid
	// Until it has unshared and forked (pid_for_children is unreadable in between).
	ready := func() bool {
		c := nsInode(pid, "pid_for_children")
		return c != 0 && c != nsInode(pid, "pid") && nsInode(pid, "time_for_children") != nsInode(pid, "time")
	}
	for i := 0; i < 200 && !ready(); i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if !ready() {
		t.Skip("unshare --user --pid --time --fork gave no new pid and time namespace for children here")
	}
	if noPidfd() { // NsOpen's /proc path still works; PidfdNsOpen has no pidfd to take
		f, err := rns.NsOpen(pid, rns.CloneNewPID|rns.NsForChildren)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		t.Skip("no pidfd_open here (sandboxed): only NsOpen checked")
	}
	pidfd, err := rns.PidfdOpen(pid, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer pidfd.Close()
	for _, c := range []struct {
		typ        rns.CloneFlags
		own, child string
	}{{rns.CloneNewPID, "pid", "pid_for_children"}, {rns.CloneNewTime, "time", "time_for_children"}} {
		for how, open := range map[string]func() (*os.File, error){
			"PidfdNsOpen": func() (*os.File, error) { return rns.PidfdNsOpen(pidfd, c.typ|rns.NsForChildren) },
			"NsOpen":      func() (*os.File, error) { return rns.NsOpen(pid, c.typ|rns.NsForChildren) },
		} {
			f, err := open()
			if err != nil {
				t.Fatalf("%s(%v|NsForChildren): %v", how, c.typ, err)
			}
			var st syscall.Stat_t
			if err := syscall.Fstat(int(f.Fd()), &st); err != nil {
				t.Fatal(err)
			}
			if st.Ino != nsInode(pid, c.child) || st.Ino == nsInode(pid, c.own) {
				t.Fatalf("%s(%v|NsForChildren) is inode %d; %s is %d, %s %d", how, c.typ, st.Ino,
					c.child, nsInode(pid, c.child), c.own, nsInode(pid, c.own))
			}
			if how == "NsOpen" && !strings.HasSuffix(f.Name(), "/ns/"+c.child) {
				t.Fatalf("NsOpen's file is named %q", f.Name())
			}
			f.Close()
		}
	}
	_, err = rns.PidfdNsOpen(pidfd, rns.CloneNewNet|rns.NsForChildren)
	wantErrno(t, err, "pidfd_ns_open", syscall.EINVAL)
}
