package rns_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	rns "github.com/librns/librns/bindings/go"
)

func TestPidfdKillChild(t *testing.T) {
	cmd := exec.Command("sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	pidfd, err := rns.PidfdOpen(cmd.Process.Pid, 0)
	if noPidfd() {
		wantErrno(t, err, "pidfd_open", syscall.ENOSYS)
		if !errors.Is(err, errors.ErrUnsupported) {
			t.Fatalf("%v is not errors.ErrUnsupported", err)
		}
		err = rns.PidfdSendSignal(procDir(t, cmd.Process.Pid), syscall.SIGKILL, 0)
		wantErrno(t, err, "pidfd_send_signal", syscall.ENOSYS)
		if err := cmd.Process.Signal(syscall.Signal(0)); err != nil {
			t.Fatalf("the child was signalled after all: %v", err)
		}
		noPidfdNote(t, "PidfdOpen and PidfdSendSignal(SIGKILL) fail with ENOSYS (errors.ErrUnsupported); the child lives")
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	defer pidfd.Close()
	if err := rns.PidfdSendSignal(pidfd, 0, 0); err != nil {
		t.Fatal(err)
	}
	if err := rns.PidfdSendSignal(pidfd, syscall.SIGKILL, 0); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child ended with %v, want killed by SIGKILL", err)
	}
	wantErrno(t, rns.PidfdSendSignal(pidfd, 0, 0), "pidfd_send_signal", syscall.ESRCH)
}

func TestPidfdCalls(t *testing.T) {
	self, err := rns.PidfdOpen(os.Getpid(), 0)
	if noPidfd() {
		wantErrno(t, err, "pidfd_open", syscall.ENOSYS)
		self = procDir(t, os.Getpid())
	} else if err != nil {
		t.Fatal(err)
	}
	defer self.Close()
	nb, err := rns.PidfdOpen(os.Getpid(), rns.PidfdNonblock)
	if noPidfd() {
		wantErrno(t, err, "pidfd_open", syscall.ENOSYS)
	} else if err != nil {
		t.Fatal(err)
	} else {
		nb.Close()
	}
	for _, c := range []struct {
		pid   int
		flags rns.PidfdFlags
		want  syscall.Errno
	}{{noPid, 0, pidfdErr(syscall.ESRCH)}, {0, 0, syscall.EINVAL}, {-3, 0, syscall.EINVAL}, {os.Getpid(), 1, syscall.EINVAL}, {1 << 40, 0, syscall.EINVAL}} {
		_, err := rns.PidfdOpen(c.pid, c.flags)
		wantErrno(t, err, "pidfd_open", c.want)
	}

	null := devNull(t)
	wantErrno(t, rns.PidfdSendSignal(null, 0, 0), "pidfd_send_signal", pidfdErr(syscall.EBADF))
	wantErrno(t, rns.PidfdSendSignal(rns.RawFD(closedFd(t)), 0, 0), "pidfd_send_signal", pidfdErr(syscall.EBADF))
	wantErrno(t, rns.PidfdSendSignal(self, 0, 16), "pidfd_send_signal", syscall.EINVAL)
	wantErrno(t, rns.PidfdSendSignal(self, 1000, 0), "pidfd_send_signal", pidfdErr(syscall.EINVAL))

	// Our own /dev/null, through the pidfd: a new fd on the same file.
	dup, err := rns.PidfdGetfd(self, int(null.Fd()), 0)
	if noPidfd() {
		wantErrno(t, err, "pidfd_getfd", syscall.ENOSYS)
	} else if err != nil {
		t.Fatal(err)
	} else {
		defer dup.Close()
		if dup.Fd() == null.Fd() || !sameFile(t, dup, null) {
			t.Fatal("PidfdGetfd did not give a new fd on the same file")
		}
	}
	_, err = rns.PidfdGetfd(self, closedFd(t), 0)
	wantErrno(t, err, "pidfd_getfd", pidfdErr(syscall.EBADF))
	_, err = rns.PidfdGetfd(self, int(null.Fd()), 1)
	wantErrno(t, err, "pidfd_getfd", syscall.EINVAL)
	_, err = rns.PidfdGetfd(null, int(null.Fd()), 0)
	wantErrno(t, err, "pidfd_getfd", pidfdErr(syscall.EBADF))
	if noPidfd() {
		noPidfdNote(t, "every call that reaches the kernel fails with ENOSYS; argument errors are as elsewhere")
	}
}

func sameFile(t *testing.T, a, b *os.File) bool {
	t.Helper()
	fa, err := a.Stat()
	if err != nil {
		t.Fatal(err)
	}
	fb, err := b.Stat()
	if err != nil {
		t.Fatal(err)
	}
	return os.SameFile(fa, fb)
}

// 17.6: PidfdSelfThreadGroup reaches the kernel, which signals this process (Linux 6.15; an
// older kernel's EBADF is a skip), and a call that needs a real fd refuses it with EBADF.
func TestPidfdSelf(t *testing.T) {
	if _, err := rns.PidfdWait(rns.PidfdSelfThreadGroup, rns.WaitExited); !errors.Is(err, syscall.EBADF) {
		t.Errorf("PidfdWait(PidfdSelfThreadGroup) = %v, want EBADF", err)
	}
	got := make(chan os.Signal, 1)
	signal.Notify(got, syscall.SIGUSR2)
	defer signal.Stop(got)
	err := rns.PidfdSendSignal(rns.PidfdSelfThreadGroup, syscall.SIGUSR2, 0)
	if errors.Is(err, syscall.EBADF) {
		t.Skip("this kernel takes no PIDFD_SELF_THREAD_GROUP (before 6.15): EBADF, as documented")
	}
	if errors.Is(err, syscall.ENOSYS) && noPidfd() {
		t.Skip("no pidfd_send_signal here (sandboxed): ENOSYS, as documented")
	}
	if err != nil {
		t.Fatalf("PidfdSendSignal(PidfdSelfThreadGroup, SIGUSR2): %v", err)
	}
	select {
	case <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("SIGUSR2 sent through PidfdSelfThreadGroup never arrived")
	}
}

// PidfdInfoMask: only the fields asked for. sh's child (a subshell that exits 7) is not
// ours; once sh has reaped it, InfoExit alone tells how it ended (Linux 6.15), anything
// without InfoExit is ESRCH.
func TestPidfdInfoMaskExitAlone(t *testing.T) {
	skipWithoutPidfd(t)
	cmd := exec.Command("sh", "-c", "exec 3<&0; (read x <&3; exit 7) & echo $!; wait")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	var pid int
	if _, err := fmt.Fscan(stdout, &pid); err != nil {
		t.Fatal(err)
	}
	if noPidfd() {
		t.Skip("no pidfd_open here (sandboxed): no pidfd to give PidfdInfoMask")
	}
	pidfd, err := rns.PidfdOpen(pid, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer pidfd.Close()
	in, err := rns.PidfdInfoMask(pidfd, rns.InfoPid)
	if err != nil || in.Mask != rns.InfoPid || in.Pid != pid || in.Ppid != cmd.Process.Pid || in.Uid != [4]int{} {
		t.Fatalf("PidfdInfoMask(InfoPid) = %+v, %v", in, err)
	}
	if in, err := rns.PidfdInfoMask(pidfd, rns.InfoExit); err != nil || in.Mask != 0 || in.Pid != 0 {
		t.Fatalf("PidfdInfoMask(InfoExit) of a running process = %+v, %v", in, err)
	}
	_, err = rns.PidfdInfoMask(pidfd, 0)
	wantErrno(t, err, "pidfd_info_mask", syscall.EINVAL)
	_, err = rns.PidfdInfoMask(pidfd, 16)
	wantErrno(t, err, "pidfd_info_mask", syscall.EINVAL)
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	_, err = rns.PidfdInfoMask(pidfd, rns.InfoPid|rns.InfoCreds)
	wantErrno(t, err, "pidfd_info_mask", syscall.ESRCH)
	in, err = rns.PidfdInfoMask(pidfd, rns.InfoExit)
	if errors.Is(err, syscall.ESRCH) {
		t.Skip("this kernel keeps no exit status for a reaped process (before 6.15)")
	}
	if err != nil || in.Mask != rns.InfoExit || in.Exit.Kind != rns.ExitedKind || in.Exit.Code != 7 || in.Pid != 0 {
		t.Fatalf("PidfdInfoMask(InfoExit) of the reaped process = %+v, %v", in, err)
	}
}

// PidfdWaitRusage side by side with os/exec's ProcessState.SysUsage (wait4's rusage): the
// same program (dd reading 64 MiB into one 64 MiB buffer), each waited for its way, has a
// peak RSS of at least 64 MiB both ways, within a quarter of each other; CPU time is counted.
func TestPidfdWaitRusageMatchesSysUsage(t *testing.T) {
	skipWithoutPidfd(t)
	dd := []string{"dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1", "status=none"}
	peer := exec.Command(dd[0], dd[1:]...)
	if err := peer.Run(); err != nil {
		t.Skipf("dd: %v", err)
	}
	want := peer.ProcessState.SysUsage().(*syscall.Rusage)

	if noPidfd() {
		t.Skip("no pidfd_open here (sandboxed): no pidfd to give PidfdWaitRusage")
	}
	cmd := exec.Command(dd[0], dd[1:]...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pidfd, err := rns.PidfdOpen(cmd.Process.Pid, 0)
	if err != nil {
		cmd.Wait()
		t.Fatal(err)
	}
	defer pidfd.Close()
	st, ru, err := rns.PidfdWaitRusage(pidfd, rns.WaitExited)
	if err != nil || st.Kind != rns.ExitedKind || st.Code != 0 || st.Pid != cmd.Process.Pid {
		t.Fatalf("PidfdWaitRusage = %+v, %+v, %v", st, ru, err)
	}
	if ru.MaxRSS < 65536 || want.Maxrss < 65536 || ru.MaxRSS*4 < want.Maxrss*3 || want.Maxrss*4 < ru.MaxRSS*3 {
		t.Fatalf("peak RSS %d KiB; os/exec's SysUsage says %d KiB for the same program", ru.MaxRSS, want.Maxrss)
	}
	if ru.Utime+ru.Stime <= 0 || ru.Minflt <= 0 {
		t.Fatalf("no CPU time or page faults counted: %+v", ru)
	}
	_, _, err = rns.PidfdWaitRusage(pidfd, rns.WaitExited)
	wantErrno(t, err, "pidfd_wait_rusage", syscall.ECHILD)
}

// PidfdSendSiginfo: the receiver sees the code, the value, our pid and uid, as strace(1)
// decodes the siginfo of the signal that ends a traced sleep(1).
func TestPidfdSendSiginfoAsSigqueue(t *testing.T) {
	var log strings.Builder
	tracer := exec.Command("strace", "-qq", "-e", "trace=none", "-e", "signal=SIGUSR1", "sleep", "30")
	tracer.Stderr = &log
	if err := tracer.Start(); err != nil {
		t.Skipf("strace(1): %v", err)
	}
	defer func() { tracer.Process.Kill(); tracer.Wait() }()
	pid := 0 // strace's child, once it runs sleep
	for i := 0; i < 200 && pid == 0; i++ {
		time.Sleep(10 * time.Millisecond)
		kids, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", tracer.Process.Pid, tracer.Process.Pid))
		if kid, err := strconv.Atoi(strings.TrimSpace(string(kids))); err == nil {
			if comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", kid)); string(comm) == "sleep\n" {
				pid = kid
			}
		}
	}
	if pid == 0 {
		t.Skipf("strace(1) could not trace a child here: %s", log.String())
	}
	if noPidfd() {
		err := rns.PidfdSendSiginfo(procDir(t, pid), syscall.SIGUSR1, rns.Siginfo{Code: rns.SIQueue}, 0)
		wantErrno(t, err, "pidfd_send_siginfo", syscall.ENOSYS)
		noPidfdNote(t, "PidfdSendSiginfo gives ENOSYS, as documented")
		return
	}
	pidfd, err := rns.PidfdOpen(pid, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer pidfd.Close()
	err = rns.PidfdSendSiginfo(pidfd, syscall.SIGUSR1, rns.Siginfo{Code: 0}, 0)
	wantErrno(t, err, "pidfd_send_siginfo", syscall.EPERM)
	err = rns.PidfdSendSiginfo(pidfd, syscall.SIGUSR1, rns.Siginfo{Code: rns.SIQueue}, 8)
	wantErrno(t, err, "pidfd_send_siginfo", syscall.EINVAL)
	if err := rns.PidfdSendSiginfo(pidfd, syscall.SIGUSR1, rns.Siginfo{Code: rns.SIQueue, Value: 4242}, 0); err != nil {
		t.Fatal(err)
	}
	tracer.Wait()
	want := fmt.Sprintf("si_code=SI_QUEUE, si_pid=%d, si_uid=%d, si_int=4242,", os.Getpid(), os.Getuid())
	if !strings.Contains(log.String(), "--- SIGUSR1 {") || !strings.Contains(log.String(), want) {
		t.Fatalf("strace saw %q; want %q in it", log.String(), want)
	}
}
