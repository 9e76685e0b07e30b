package rns

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
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

// Cmd is a program to start in new or existing namespaces (rns_spawn), with exec.Cmd's
// fields, methods and errors (Command, CommandContext, Run, Output, the pipes, SysProcAttr,
// *exec.ExitError, ...): code using os/exec moves by changing exec.Command to rns.Command.
// Every namespace change happens in the child, so the calling goroutine and its thread, and
// every other thread, stay as they are: it works from any goroutine, also to join user and
// mount namespaces, which Go cannot do in-process.
type Cmd struct {
	Path string   // the program, used as it is (Command looks a bare name up in PATH)
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

	// SysProcAttr, as os/exec reads it, beside the fields below (the same setting in both
	// places, set differently, is an error): Cloneflags and Unshareflags' CLONE_NEW* (as
	// Unshare; Unshareflags' CLONE_NEWPID and CLONE_NEWTIME, which os/exec gives only to the
	// program's children, are refused), UidMappings/GidMappings (as UidMap/GidMap),
	// GidMappingsEnableSetgroups (false with GidMappings: SetgroupsDeny), Credential,
	// Setsid, Setpgid/Pgid, Setctty/Noctty/Ctty/Foreground, Pdeathsig, Chroot, AmbientCaps,
	// UseCgroupFD/CgroupFD (as Cgroup) and PidFD (a dup of the child's pidfd, the caller's
	// to close). Ptrace is refused. A mount namespace from Cloneflags keeps "/"'s
	// propagation as copied (os/exec's); from Unshare or Unshareflags it is made private.
	SysProcAttr *syscall.SysProcAttr

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

	// As exec.Cmd's: the started process (an *os.Process opened on the child's pid while
	// it is still unreaped, so it holds its own pidfd: Signal and Kill never reach a process
	// that reused the pid), its state after Wait, an error from Command (LookPath), the
	// cancel function of CommandContext, and how long Wait waits for the stdio copies after
	// the program ended or the context was cancelled.
	Process      *os.Process
	ProcessState *os.ProcessState
	Err          error
	Cancel       func() error
	WaitDelay    time.Duration

	ctx           context.Context
	startCalled   int32       // atomic: Start was called (a second call is refused)
	pidfd         *os.File    // librns's pidfd of the child: Wait may park on it in the poller
	childIOFiles  []*os.File  // the child's ends, closed once it has them
	parentIOPipes []io.Closer // our ends, closed by Wait (or when WaitDelay expires)
	goroutine     []func() error
	goroutineErr  <-chan error
	ctxResult     <-chan ctxResult
	devNull       int // an fd of /dev/null + 1 (0: none yet)
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
		if c.Dir == "" {
			// Go's copy of the environment has each key once (the first) and no NUL byte
			// (syscall.Setenv refuses one): nothing to remove.
			return env, nil
		}
		pwd, err := filepath.Abs(c.Dir)
		if err != nil {
			return env, err
		}
		env = append(env, "PWD="+pwd)
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

// setAttrs sets the attribute from c and its SysProcAttr: Foreground's action on the
// caller's Ctty first, the stdio, then the rest, FileActions after the stdio.
func (c *Cmd) setAttrs(a cSpawnAttr) error {
	e, err := c.withSysProcAttr() // the settings: c's own fields and SysProcAttr's
	if err != nil {
		return err
	}
	for _, set := range []func(cSpawnAttr) error{
		e.setForeground,
		c.setStdio, // c's: it keeps the pipes and copies in c
		e.setNamespaces, e.setSession, e.setIdentity, e.setLimits, e.setIDs, e.setFileActions, e.setSandbox,
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
