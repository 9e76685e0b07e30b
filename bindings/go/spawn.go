package rns

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
)

// JoinNamespace is a namespace for a Cmd to join: a namespace file (Types 0 or its type), or a
// pidfd with an OR of namespace types.
type JoinNamespace struct {
	FD    FD
	Types CloneFlags
}

// Credential is the identity a Cmd's program runs with, as os/exec's syscall.Credential:
// the program's supplementary groups are Groups (nil or empty: none, the caller's are
// dropped) unless NoSetGroups keeps the caller's.
type Credential struct {
	Uid, Gid    int
	Groups      []int // supplementary groups; nil or empty drops the caller's
	NoSetGroups bool  // keep the caller's supplementary groups (Groups is not used)
}

// Cmd is a program to start in new or existing namespaces (rns_spawn), beside os/exec's Cmd.
// Every namespace change happens in the child, so the calling goroutine and its thread, and
// every other thread, stay as they are: it works from any goroutine, also to join user and
// mount namespaces, which Go cannot do in-process.
type Cmd struct {
	Path string   // the program; without a "/" it is searched in PATH (rns_spawnp)
	Args []string // its argv, Args[0] included; empty means []string{Path}

	// The environment, as os/exec takes it: nil is the caller's, with PWD set to Dir (made
	// absolute) when Dir is set; duplicate keys count once, the last one (see Environ).
	Env []string
	Dir string // "" : the caller's

	// The child's fds 0, 1 and 2, as os/exec takes them: nil is /dev/null, an *os.File is
	// given to the child, any other io.Reader/io.Writer is copied through a pipe by a
	// goroutine that Wait waits for (Stdout and Stderr the same writer: one pipe for both).
	// The program gets its fds 0-2 without O_NONBLOCK, as child_process gives them: O_NONBLOCK
	// belongs to the open file description, so the caller's file loses it too (os/exec only
	// makes the files blocking that Go made nonblocking). ExtraFiles[i] becomes fd 3+i. Every
	// other fd of the caller is closed in the child, unless KeepFds (os/exec leaves the
	// caller's fds without close-on-exec open).
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	ExtraFiles     []*os.File

	Unshare        CloneFlags      // namespaces to create (CloneNew*)
	Join           []JoinNamespace // namespaces to join, entered before Unshare's are made
	UidMap, GidMap string          // for a new user namespace, written by the parent
	// SetgroupsDeny writes "deny" to the new user namespace's setgroups also where this
	// process may map groups (unshare --setgroups deny; os/exec's GidMappingsEnableSetgroups
	// false): nothing in it can call setgroups. Without it, only where the kernel requires it.
	SetgroupsDeny    bool
	MountPropagation *uintptr // nil: MS_REC|MS_PRIVATE on a new mount namespace
	Setsid           bool     // a new session
	Setpgid          bool     // a process group: Pgid (0: its own)
	Pgid             int
	Credential       *Credential
	NoNewPrivs       bool
	Pdeathsig        syscall.Signal // set after the id changes, which clear it
	Umask            *int           // nil: the caller's
	Nice             *int           // nil: the caller's; -20..19
	Rlimits          []Rlimit       // set before the id changes (see Start for RLIMIT_NOFILE)
	Cgroup           FD             // a cgroup v2 directory to start in; nil: the caller's

	// Signals blocked when the program starts (posix_spawn's SETSIGMASK); nil: none, not the
	// caller's (Go's runtime mask is no program's business, as in os/exec).
	Sigmask []syscall.Signal
	// Signals set to SIG_DFL before exec, ignored ones included (posix_spawn's SETSIGDEF);
	// handled ones go back to SIG_DFL anyway, ignored ones outside stay ignored.
	Sigdefault []syscall.Signal

	// Identity (see identity.go): the root directory (as SysProcAttr.Chroot: Dir is then a
	// path under it, and the cwd does not change without Dir), the scheduler, the
	// capability sets (capability numbers, unix.CAP_*; nil: unchanged), securebits.
	Chroot      string
	AmbientCaps []uintptr // as SysProcAttr.AmbientCaps, but the program's whole ambient set
	// Beyond os/exec, as setpriv(1) sets them: the inheritable set (AmbientCaps added), the
	// bounding set's caps kept (the others dropped), securebits (SECBIT_*; nil: unchanged).
	InheritableCaps []uintptr
	BoundingSet     []uintptr
	Securebits      *int
	ResetIDs        bool       // POSIX_SPAWN_RESETIDS: effective uid/gid become the real ones
	Scheduler       *Scheduler // nil: the caller's policy and priority

	// posix_spawn's file actions, run in order after Stdin, Stdout, Stderr and ExtraFiles
	// are given (FileOpen, FileDup2, ...): librns's own, os/exec has none.
	FileActions []FileAction
	// KeepFds keeps the caller's fds without close-on-exec open in the program, as os/exec
	// and posix_spawn do (Go opens its own files close-on-exec); without it (rns.Cmd's
	// default) only 0-2, ExtraFiles and what FileActions open stay.
	KeepFds bool

	// The terminal, as os/exec's SysProcAttr: Setctty makes the child's fd Ctty (a number in
	// the child: 0-2, 3+i for ExtraFiles[i], or a FileActions target) its controlling
	// terminal (needs Setsid); Noctty detaches fd 0 from it; Foreground puts the child in a
	// process group of its own (Pgid, as Setpgid) and makes that the foreground group of the
	// terminal at Ctty, which is then a number in the caller (as in Go). Setctty and
	// Foreground together are an error. Unlike Go's Setctty, root does not steal a terminal
	// another session holds (the kernel's EPERM comes back).
	Setctty, Noctty, Foreground bool
	Ctty                        int

	// A seccomp filter (classic BPF) installed last before exec, as bubblewrap's --seccomp;
	// nil or empty: none. It needs NoNewPrivs, or CAP_SYS_ADMIN (root, or a new user
	// namespace): else EACCES at step "seccomp". A filter that refuses execve with an errno
	// gives that errno at step "exec"; one that kills leaves Start succeeding and the program
	// killed by SIGSYS (rns_spawn_attr_set_seccomp() in rns.h says what else).
	Seccomp []syscall.SockFilter
	// A Landlock ruleset (an fd from landlock_create_ruleset(2)) the child restricts itself
	// with just before Seccomp; nil: none. It must allow executing and reading the program.
	// It needs NoNewPrivs or CAP_SYS_ADMIN: else EPERM at step "landlock". Not a ruleset:
	// EBADFD.
	Landlock FD

	Process *Process // after Start

	startCalled int32      // atomic: Start was called (a second call is refused)
	copies      chan error // one result per stdio copy goroutine
	ncopy       int
}

// Rlimit is a resource limit for a Cmd (prlimit(2) in the child): Resource is an RLIMIT_*
// value (syscall.RLIMIT_NOFILE, ...), Cur and Max the soft and hard limits.
type Rlimit struct {
	Resource int
	Cur, Max uint64
}

// SpawnError is a failure of Start in the child before its program ran: the step that failed
// ("join", "unshare", "map", "fds", "exec", ...), its errno and its detail. The child has
// been reaped.
type SpawnError struct {
	Step string
	Err  error // an *os.SyscallError
	// Detail (rns_spawn_last_detail): at "fds", the failing action's index, where Stdin,
	// Stdout, Stderr and ExtraFiles are the first 3+len(ExtraFiles) (Foreground's tcsetpgrp
	// before them) and FileActions follow; at "tty", the fd; "join" the join's index;
	// "rlimit" the resource; "signals" the signal; else 0, or -1 when none was reported.
	Detail int
}

func (e *SpawnError) Error() string { return "rns: spawn failed at " + e.Step + ": " + e.Err.Error() }
func (e *SpawnError) Unwrap() error { return e.Err }

// spawnSteps names the RNS_SPAWN_STEP_* values.
var spawnSteps = map[int32]string{
	rnsSpawnStepNone: "", rnsSpawnStepClone: "clone", rnsSpawnStepSignals: "signals",
	rnsSpawnStepJoin: "join", rnsSpawnStepUnshare: "unshare", rnsSpawnStepMap: "map",
	rnsSpawnStepMountPropagation: "mount propagation", rnsSpawnStepSetsid: "setsid",
	rnsSpawnStepSetpgid: "setpgid", rnsSpawnStepCwd: "cwd", rnsSpawnStepGroups: "groups",
	rnsSpawnStepGid: "gid", rnsSpawnStepUid: "uid", rnsSpawnStepNoNewPrivs: "no_new_privs",
	rnsSpawnStepFds: "fds", rnsSpawnStepPdeathsig: "pdeathsig", rnsSpawnStepExec: "exec",
	rnsSpawnStepReport: "report", rnsSpawnStepFork: "fork", rnsSpawnStepNice: "nice",
	rnsSpawnStepRlimit: "rlimit", rnsSpawnStepCgroup: "cgroup", rnsSpawnStepTty: "tty",
	rnsSpawnStepSched: "sched", rnsSpawnStepChroot: "chroot", rnsSpawnStepCaps: "caps",
	rnsSpawnStepLandlock: "landlock", rnsSpawnStepSeccomp: "seccomp",
}

// Command returns a Cmd for name with args, as exec.Command does.
func Command(name string, arg ...string) *Cmd {
	return &Cmd{Path: name, Args: append([]string{name}, arg...)}
}

// Start starts the program; c.Process holds it (its pidfd). Errors from the child's steps are
// a *SpawnError (errors.Is works with the errno); argument errors an *os.SyscallError. A Cmd
// starts once: a second Start fails, also after a failed first one, as in os/exec.
//
// RLIMIT_NOFILE: the Go runtime raises its own soft limit to the hard one - 1 at start; the
// program gets the limit the process started with, as from os/exec, unless Rlimits sets it
// or the limit has changed since (syscall.Setrlimit, prlimit from outside): then the current
// one. (os/exec also passes on a limit set to the very value Go set, hard - 1; rns.Cmd cannot
// tell that one from Go's and restores the original.)
func (c *Cmd) Start() error {
	if atomic.SwapInt32(&c.startCalled, 1) != 0 {
		return errors.New("rns: Cmd already started")
	}
	args, env, err := c.argvEnv()
	if err != nil {
		return err
	}
	a, r := cSpawnAttrNew()
	if r < 0 {
		return errnoErr("spawn_attr_new", syscall.Errno(-r))
	}
	defer cSpawnAttrFree(a)
	var s stdio
	defer s.closeChildEnds()
	if err := c.setAttrs(a, &s); err != nil {
		s.closeOurEnds()
		return err
	}
	pidfd, pid, step, detail := cSpawn(a, c.Path, args, env, !strings.Contains(c.Path, "/"))
	if pidfd < 0 {
		s.closeOurEnds()
		err := errnoErr("spawn", syscall.Errno(-pidfd))
		if step != rnsSpawnStepNone {
			return &SpawnError{Step: spawnSteps[step], Err: err, Detail: int(detail)}
		}
		return err
	}
	// Nonblocking before os.NewFile, so the runtime's poller takes it (Wait parks, no thread).
	if err := syscall.SetNonblock(int(pidfd), true); err != nil {
		syscall.Close(int(pidfd))
		s.closeOurEnds()
		return err
	}
	c.Process = &Process{Pid: int(pid), f: os.NewFile(uintptr(pidfd), "pidfd:"+strconv.Itoa(int(pid)))}
	c.copies, c.ncopy = make(chan error, len(s.copiers)), len(s.copiers)
	for _, cp := range s.copiers {
		go func() { c.copies <- cp() }()
	}
	return nil
}

// argvEnv are the program's argv and environment, checked for NUL bytes.
func (c *Cmd) argvEnv() (args, env []string, err error) {
	args = c.Args
	if len(args) == 0 {
		args = []string{c.Path}
	}
	env, err = c.environ()
	if err != nil {
		return nil, nil, err
	}
	for _, s := range append([]string{c.Path}, args...) {
		if strings.IndexByte(s, 0) >= 0 {
			return nil, nil, einval("spawn")
		}
	}
	return args, env, nil
}

// Environ returns a copy of the environment the program would get, as os/exec's
// Cmd.Environ: Env, or the caller's environment with PWD set to Dir (made absolute) when Env
// is nil and Dir is set; a key given more than once is kept once, with its last value.
func (c *Cmd) Environ() []string {
	env, _ := c.environ()
	return env
}

// environ is Environ's environment, and EINVAL ("spawn") when an entry holds a NUL byte
// (left out), or the error of making Dir absolute.
func (c *Cmd) environ() ([]string, error) {
	env := c.Env
	if env == nil {
		env = os.Environ()
		if c.Dir != "" {
			pwd, err := filepath.Abs(c.Dir)
			if err != nil {
				return env, err
			}
			env = append(env, "PWD="+pwd)
		}
	}
	return dedupEnv(env)
}

// dedupEnv is env with each key once, at its last value (os/exec's rule); entries without
// "=" stay as they are, entries with a NUL byte are left out (EINVAL).
func dedupEnv(env []string) ([]string, error) {
	var err error
	out := make([]string, 0, len(env))
	seen := make(map[string]bool, len(env))
	for i := len(env) - 1; i >= 0; i-- { // from the end: the last value of a key wins
		kv := env[i]
		if strings.IndexByte(kv, 0) >= 0 {
			err = einval("spawn")
			continue
		}
		k, _, ok := strings.Cut(kv, "=")
		if ok && seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, kv)
	}
	slices.Reverse(out)
	return out, err
}

// setAttrs sets the attribute from c: Foreground's action on the caller's Ctty first, stdio
// into s, then the rest, FileActions after the stdio.
func (c *Cmd) setAttrs(a cSpawnAttr, s *stdio) error {
	for _, set := range []func(cSpawnAttr) error{
		c.setForeground,
		func(a cSpawnAttr) error { return c.setStdio(a, s) },
		c.setNamespaces, c.setSession, c.setIdentity, c.setLimits, c.setIDs, c.setFileActions, c.setSandbox,
	} {
		if err := set(a); err != nil {
			return err
		}
	}
	return nil
}

// setr is a setter's result as an error.
func setr(call string, r int32) error {
	if r < 0 {
		return errnoErr(call, syscall.Errno(-r))
	}
	return nil
}

// stdio is what Start makes for the child's fds 0-2.
type stdio struct {
	child   []*os.File // the child's ends of the pipes, closed once the child has them
	ours    []*os.File // our ends: the copiers', closed here if Start fails
	copiers []func() error
	devNull int // an fd of /dev/null + 1 (0: none yet)
}

func (s *stdio) closeChildEnds() {
	for _, f := range s.child {
		f.Close()
	}
	if s.devNull > 0 {
		syscall.Close(s.devNull - 1)
	}
}

func (s *stdio) closeOurEnds() {
	for _, f := range s.ours {
		f.Close()
	}
}

// reader is the child's end for v as its stdin: v itself if an *os.File, nil for nil, else
// a pipe that a copier fills from v.
func (s *stdio) reader(v io.Reader) (*os.File, error) {
	if f, ok := v.(*os.File); ok || v == nil {
		return f, nil
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	s.child, s.ours = append(s.child, r), append(s.ours, w)
	s.copiers = append(s.copiers, func() error {
		_, err := io.Copy(w, v)
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) && pe.Op == "write" && pe.Path == w.Name() &&
			pe.Err == syscall.EPIPE {
			err = nil // the program stopped reading: not an error, as in os/exec (Go issue 9173)
		}
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		return err
	})
	return r, nil
}

// writer is the child's end for v as its stdout or stderr: v itself if an *os.File, nil for
// nil, else a pipe that a copier drains into v.
func (s *stdio) writer(v io.Writer) (*os.File, error) {
	if f, ok := v.(*os.File); ok || v == nil {
		return f, nil
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	s.child, s.ours = append(s.child, w), append(s.ours, r)
	s.copiers = append(s.copiers, func() error {
		_, err := io.Copy(v, r)
		r.Close()
		return err
	})
	return w, nil
}

// sameWriter reports whether a and b are the same writer (false for values that cannot be
// compared), as os/exec tests Stdout and Stderr.
func sameWriter(a, b io.Writer) (same bool) {
	defer func() { recover() }()
	return a == b
}

// setStdio gives the child its fds 0-2 (nil: /dev/null) and ExtraFiles as 3 and up; the
// program gets 0-2 without O_NONBLOCK (RNS_SPAWN_BLOCKING_STDIO, set in setIdentity).
func (c *Cmd) setStdio(a cSpawnAttr, s *stdio) error {
	files := make([]*os.File, 3, 3+len(c.ExtraFiles))
	var err error
	if files[0], err = s.reader(c.Stdin); err != nil {
		return err
	}
	if files[1], err = s.writer(c.Stdout); err != nil {
		return err
	}
	if c.Stderr != nil && sameWriter(c.Stderr, c.Stdout) {
		files[2] = files[1] // one pipe, one copier: the order of writes is kept
	} else if files[2], err = s.writer(c.Stderr); err != nil {
		return err
	}
	for i, f := range append(files, c.ExtraFiles...) {
		if f == nil && i < 3 {
			err = s.setDevNull(a, i)
		} else if f != nil {
			// Fd puts the file in blocking mode, as os/exec does: the program gets it as an
			// ordinary fd, not one in Go's poller.
			err = setr("spawn_attr_set_fd", withFd(RawFD(f.Fd()), func(n int32) int32 {
				return cSpawnAttrSetFd(a, int32(i), n)
			}))
			runtime.KeepAlive(f)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// setDevNull gives the child /dev/null as fd i: one raw fd for every such slot (not an
// *os.File: no poller registration, no mode change).
func (s *stdio) setDevNull(a cSpawnAttr, i int) error {
	if s.devNull == 0 {
		fd, err := syscall.Open(os.DevNull, syscall.O_RDWR|syscall.O_CLOEXEC, 0)
		if err != nil {
			return &os.PathError{Op: "open", Path: os.DevNull, Err: err}
		}
		s.devNull = fd + 1
	}
	return setr("spawn_attr_set_fd", cSpawnAttrSetFd(a, int32(i), int32(s.devNull-1)))
}

// setNamespaces sets the namespaces to join and create, the maps, the mount propagation and
// the cgroup.
func (c *Cmd) setNamespaces(a cSpawnAttr) error {
	if c.Unshare != 0 {
		if err := setr("spawn_attr_set_unshare", cSpawnAttrSetUnshare(a, int32(c.Unshare))); err != nil {
			return err
		}
	}
	for _, j := range c.Join {
		if err := setr("spawn_attr_set_join", withFd(j.FD, func(n int32) int32 {
			return cSpawnAttrSetJoin(a, n, int32(j.Types))
		})); err != nil {
			return err
		}
	}
	for i, text := range []string{c.UidMap, c.GidMap} {
		if text != "" {
			if err := setr("spawn_attr_set_map", cSpawnAttrSetMap(a, i == 1, text)); err != nil {
				return err
			}
		}
	}
	if c.MountPropagation != nil {
		if err := setr("spawn_attr_set_mount_propagation", cSpawnAttrSetMountPropagation(a, uint64(*c.MountPropagation))); err != nil {
			return err
		}
	}
	if c.Cgroup != nil {
		return setr("spawn_attr_set_cgroup", withFd(c.Cgroup, func(n int32) int32 {
			return cSpawnAttrSetCgroup(a, n)
		}))
	}
	return nil
}

// setSession sets the session, the process group and the directory.
func (c *Cmd) setSession(a cSpawnAttr) error {
	if c.Setsid {
		if err := setr("spawn_attr_set_setsid", cSpawnAttrSetSetsid(a, 1)); err != nil {
			return err
		}
	}
	if c.Setpgid {
		pgid, ok := int32Arg(c.Pgid)
		if !ok {
			return einval("spawn_attr_set_pgroup")
		}
		if err := setr("spawn_attr_set_pgroup", cSpawnAttrSetPgroup(a, pgid)); err != nil {
			return err
		}
	}
	if c.Dir != "" {
		if strings.IndexByte(c.Dir, 0) >= 0 {
			return einval("spawn_attr_set_cwd")
		}
		return setr("spawn_attr_set_cwd", cSpawnAttrSetCwd(a, c.Dir))
	}
	return nil
}

// setIdentity sets the ids and groups, no_new_privs, the death signal and the flags.
func (c *Cmd) setIdentity(a cSpawnAttr) error {
	flags := int32(rnsSpawnBlockingStdio)
	if c.ResetIDs {
		flags |= rnsSpawnResetIDs
	}
	if c.SetgroupsDeny {
		flags |= rnsSpawnSetgroupsDeny
	}
	if cr := c.Credential; cr != nil {
		uid, ok1 := idArg(cr.Uid)
		gid, ok2 := idArg(cr.Gid)
		if !ok1 || !ok2 {
			return einval("spawn_attr_set_ids")
		}
		if err := setr("spawn_attr_set_ids", cSpawnAttrSetIds(a, uid, gid)); err != nil {
			return err
		}
		if cr.NoSetGroups {
			flags |= rnsSpawnKeepGroups
		} else if len(cr.Groups) > 0 { // none given: the library drops the caller's
			list, ok := idList(cr.Groups)
			if !ok {
				return einval("spawn_attr_set_groups")
			}
			if err := setr("spawn_attr_set_groups", cSpawnAttrSetGroups(a, list)); err != nil {
				return err
			}
		}
	}
	if c.KeepFds {
		flags |= rnsSpawnKeepFds
	}
	if c.Noctty {
		flags |= rnsSpawnNoctty
	}
	if err := setr("spawn_attr_set_flags", cSpawnAttrSetFlags(a, flags)); err != nil {
		return err
	}
	if c.NoNewPrivs {
		if err := setr("spawn_attr_set_no_new_privs", cSpawnAttrSetNoNewPrivs(a, 1)); err != nil {
			return err
		}
	}
	if c.Pdeathsig != 0 {
		if err := setr("spawn_attr_set_pdeathsig", cSpawnAttrSetPdeathsig(a, int32(c.Pdeathsig))); err != nil {
			return err
		}
	}
	return c.setSignals(a)
}

// setSignals sets Sigmask and Sigdefault: EINVAL for a signal outside 1..64.
func (c *Cmd) setSignals(a cSpawnAttr) error {
	for which, list := range [][]syscall.Signal{c.Sigmask, c.Sigdefault} {
		call := [...]string{"spawn_attr_set_sigmask", "spawn_attr_set_sigdefault"}[which]
		if list == nil {
			continue
		}
		sigs := make([]int32, len(list))
		for i, s := range list {
			if s < 1 || s > 64 {
				return einval(call)
			}
			sigs[i] = int32(s)
		}
		if err := setr(call, cSpawnAttrSetSignals(a, int32(which), sigs)); err != nil {
			return err
		}
	}
	return nil
}

// setSandbox sets the seccomp filter and the Landlock ruleset.
func (c *Cmd) setSandbox(a cSpawnAttr) error {
	if len(c.Seccomp) > 0 {
		if err := setr("spawn_attr_set_seccomp", cSpawnAttrSetSeccomp(a, c.Seccomp)); err != nil {
			return err
		}
	}
	if c.Landlock != nil {
		return setr("spawn_attr_set_landlock", withFd(c.Landlock, func(n int32) int32 {
			return cSpawnAttrSetLandlock(a, n)
		}))
	}
	return nil
}

// setLimits sets the umask, the nice value and the resource limits, and RLIMIT_NOFILE as the
// process started with it (see Start).
func (c *Cmd) setLimits(a cSpawnAttr) error {
	if c.Umask != nil {
		m, ok := int32Arg(*c.Umask)
		if !ok {
			return einval("spawn_attr_set_umask")
		}
		if err := setr("spawn_attr_set_umask", cSpawnAttrSetUmask(a, m)); err != nil {
			return err
		}
	}
	if c.Nice != nil {
		n, ok := int32Arg(*c.Nice)
		if !ok {
			return einval("spawn_attr_set_nice")
		}
		if err := setr("spawn_attr_set_nice", cSpawnAttrSetNice(a, n)); err != nil {
			return err
		}
	}
	nofile := false // Rlimits sets RLIMIT_NOFILE
	for _, rl := range c.Rlimits {
		res, ok := int32Arg(rl.Resource)
		if !ok {
			return einval("spawn_attr_set_rlimit")
		}
		if err := setr("spawn_attr_set_rlimit", cSpawnAttrSetRlimit(a, res, rl.Cur, rl.Max)); err != nil {
			return err
		}
		nofile = nofile || rl.Resource == syscall.RLIMIT_NOFILE
	}
	if lim, ok := nofileAtStart(); ok && !nofile {
		return setr("spawn_attr_set_rlimit", cSpawnAttrSetRlimit(a, syscall.RLIMIT_NOFILE, lim.Cur, lim.Max))
	}
	return nil
}

// nofileAtStart is the RLIMIT_NOFILE the process started with, if the Go runtime raised the
// soft limit (to the hard one - 1, os/exec's mark) and it is still so: what os/exec restores
// in its children.
func nofileAtStart() (syscall.Rlimit, bool) {
	cur, max, ok := cNofileAtStart()
	start := syscall.Rlimit{Cur: cur, Max: max}
	var now syscall.Rlimit
	if !ok || start.Max == 0 || start.Cur >= start.Max-1 ||
		syscall.Getrlimit(syscall.RLIMIT_NOFILE, &now) != nil || now.Cur != start.Max-1 || now.Max != start.Max {
		return start, false
	}
	return start, true
}

// Wait waits for the program to end (its goroutine parks; no thread held) and reaps it, then
// for the stdio copies; it returns the first copy error (an EPIPE writing Stdin to a program
// that stopped reading is none, as in os/exec).
func (c *Cmd) Wait() (WaitStatus, error) {
	if c.Process == nil {
		return WaitStatus{}, errors.New("rns: Cmd not started")
	}
	defer c.Process.Close()
	st, err := c.Process.Wait()
	for ; c.ncopy > 0; c.ncopy-- { // the copies end when the child's ends of the pipes close
		if cerr := <-c.copies; err == nil && cerr != nil {
			err = cerr
		}
	}
	return st, err
}

// Output runs the program and returns what it wrote to its stdout (Stdout must be nil).
func (c *Cmd) Output() ([]byte, WaitStatus, error) {
	if c.Stdout != nil {
		return nil, WaitStatus{}, errors.New("rns: Stdout already set")
	}
	var b bytes.Buffer
	c.Stdout = &b
	st, err := c.Run()
	return b.Bytes(), st, err
}

// Run is Start, then Wait.
func (c *Cmd) Run() (WaitStatus, error) {
	if err := c.Start(); err != nil {
		return WaitStatus{}, err
	}
	return c.Wait()
}
