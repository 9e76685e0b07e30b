package rns

import (
	"bytes"
	"errors"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
)

// JoinNamespace is a namespace for a Cmd to join: a namespace file (Types 0 or its type), or a
// pidfd with an OR of namespace types.
type JoinNamespace struct {
	FD    FD
	Types CloneFlags
}

// Credential is the identity a Cmd's program runs with.
type Credential struct {
	Uid, Gid int
	Groups   []int // supplementary groups; nil leaves them as they are
}

// Cmd is a program to start in new or existing namespaces (rns_spawn), beside os/exec's Cmd.
// Every namespace change happens in the child, so the calling goroutine and its thread, and
// every other thread, stay as they are: it works from any goroutine, also to join user and
// mount namespaces, which Go cannot do in-process.
type Cmd struct {
	Path string   // the program; without a "/" it is searched in PATH (rns_spawnp)
	Args []string // its argv, Args[0] included; empty means []string{Path}
	Env  []string // nil: the caller's environment
	Dir  string   // "" : the caller's

	// The child's fds 0, 1 and 2, as os/exec takes them: nil is /dev/null, an *os.File is
	// given to the child (put in blocking mode, as os/exec does), any other io.Reader/io.Writer is copied through a pipe by a
	// goroutine that Wait waits for. ExtraFiles[i] becomes fd 3+i. Every other fd of the
	// caller is closed in the child.
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	ExtraFiles     []*os.File

	Unshare          CloneFlags      // namespaces to create (CloneNew*)
	Join             []JoinNamespace // namespaces to join, entered before Unshare's are made
	UidMap, GidMap   string          // for a new user namespace, written by the parent
	MountPropagation *uintptr        // nil: MS_REC|MS_PRIVATE on a new mount namespace
	Setsid           bool            // a new session
	Setpgid          bool            // a process group: Pgid (0: its own)
	Pgid             int
	Credential       *Credential
	NoNewPrivs       bool
	Pdeathsig        syscall.Signal // set after the id changes, which clear it
	Umask            *int           // nil: the caller's
	Nice             *int           // nil: the caller's; -20..19
	Rlimits          []Rlimit       // set before the id changes
	Cgroup           FD             // a cgroup v2 directory to start in; nil: the caller's

	Process *Process // after Start

	copies chan error // one result per stdio copy goroutine
	ncopy  int
}

// Rlimit is a resource limit for a Cmd (prlimit(2) in the child): Resource is an RLIMIT_*
// value (syscall.RLIMIT_NOFILE, ...), Cur and Max the soft and hard limits.
type Rlimit struct {
	Resource int
	Cur, Max uint64
}

// SpawnError is a failure of Start in the child before its program ran: the step that failed
// ("join", "unshare", "map", "exec", ...) and its errno. The child has been reaped.
type SpawnError struct {
	Step string
	Err  error // an *os.SyscallError
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
	rnsSpawnStepRlimit: "rlimit", rnsSpawnStepCgroup: "cgroup",
}

// Command returns a Cmd for name with args, as exec.Command does.
func Command(name string, arg ...string) *Cmd {
	return &Cmd{Path: name, Args: append([]string{name}, arg...)}
}

// Start starts the program; c.Process holds it (its pidfd). Errors from the child's steps are
// a *SpawnError (errors.Is works with the errno); argument errors an *os.SyscallError.
func (c *Cmd) Start() error {
	if c.Process != nil {
		return errors.New("rns: Cmd already started")
	}
	a, r := cSpawnAttrNew()
	if r < 0 {
		return errnoErr("spawn_attr_new", syscall.Errno(-r))
	}
	defer cSpawnAttrFree(a)
	var closers []*os.File
	defer func() {
		for _, f := range closers {
			f.Close()
		}
	}()
	set := func(call string, r int32) error {
		if r < 0 {
			return errnoErr(call, syscall.Errno(-r))
		}
		return nil
	}
	files := make([]*os.File, 3, 3+len(c.ExtraFiles))
	devNull := -1
	var copiers []func()
	var ours []*os.File // our ends of the stdio pipes: the copiers' once started
	defer func() {
		if c.Process == nil { // Start failed: no copier will close them
			for _, f := range ours {
				f.Close()
			}
		}
	}()
	for i, v := range []any{c.Stdin, c.Stdout, c.Stderr} {
		switch v := v.(type) {
		case *os.File:
			if v != nil {
				files[i] = v
				continue
			}
		case nil:
		default:
			r, w, err := os.Pipe()
			if err != nil {
				return err
			}
			if i == 0 { // the child reads r; we copy c.Stdin into w
				files[i] = r
				closers = append(closers, r)
				ours = append(ours, w)
				src := v.(io.Reader)
				copiers = append(copiers, func() { _, err := io.Copy(w, src); w.Close(); c.copies <- err })
			} else { // the child writes w; we copy r into the writer
				files[i] = w
				closers = append(closers, w)
				ours = append(ours, r)
				dst := v.(io.Writer)
				copiers = append(copiers, func() { _, err := io.Copy(dst, r); r.Close(); c.copies <- err })
			}
			continue
		}
		// nil: /dev/null, one raw fd for every such slot (not an *os.File: no poller
		// registration, no mode change, as the child gets it as it is).
		if devNull < 0 {
			fd, err := syscall.Open(os.DevNull, syscall.O_RDWR|syscall.O_CLOEXEC, 0)
			if err != nil {
				return &os.PathError{Op: "open", Path: os.DevNull, Err: err}
			}
			devNull = fd
			defer syscall.Close(devNull)
		}
		if err := set("spawn_attr_set_fd", cSpawnAttrSetFd(a, int32(i), int32(devNull))); err != nil {
			return err
		}
	}
	files = append(files, c.ExtraFiles...)
	for i, f := range files {
		if f == nil {
			continue
		}
		// Fd puts the file in blocking mode, as os/exec does: the program gets it as an
		// ordinary fd, not one in Go's poller (a nonblocking stdin would read EAGAIN).
		err := set("spawn_attr_set_fd", withFd(RawFD(f.Fd()), func(n int32) int32 {
			return cSpawnAttrSetFd(a, int32(i), n)
		}))
		runtime.KeepAlive(f)
		if err != nil {
			return err
		}
	}
	if c.Unshare != 0 {
		if err := set("spawn_attr_set_unshare", cSpawnAttrSetUnshare(a, int32(c.Unshare))); err != nil {
			return err
		}
	}
	for _, j := range c.Join {
		if err := set("spawn_attr_set_join", withFd(j.FD, func(n int32) int32 {
			return cSpawnAttrSetJoin(a, n, int32(j.Types))
		})); err != nil {
			return err
		}
	}
	for _, m := range []struct {
		gid  bool
		text string
	}{{false, c.UidMap}, {true, c.GidMap}} {
		if m.text != "" {
			if err := set("spawn_attr_set_map", cSpawnAttrSetMap(a, m.gid, m.text)); err != nil {
				return err
			}
		}
	}
	if c.MountPropagation != nil {
		if err := set("spawn_attr_set_mount_propagation", cSpawnAttrSetMountPropagation(a, uint64(*c.MountPropagation))); err != nil {
			return err
		}
	}
	if c.Setsid {
		if err := set("spawn_attr_set_setsid", cSpawnAttrSetSetsid(a, 1)); err != nil {
			return err
		}
	}
	if c.Setpgid {
		pgid, ok := int32Arg(c.Pgid)
		if !ok {
			return einval("spawn_attr_set_pgroup")
		}
		if err := set("spawn_attr_set_pgroup", cSpawnAttrSetPgroup(a, pgid)); err != nil {
			return err
		}
	}
	if c.Dir != "" {
		if strings.IndexByte(c.Dir, 0) >= 0 {
			return einval("spawn_attr_set_cwd")
		}
		if err := set("spawn_attr_set_cwd", cSpawnAttrSetCwd(a, c.Dir)); err != nil {
			return err
		}
	}
	if cr := c.Credential; cr != nil {
		uid, ok1 := idArg(cr.Uid)
		gid, ok2 := idArg(cr.Gid)
		if !ok1 || !ok2 {
			return einval("spawn_attr_set_ids")
		}
		if err := set("spawn_attr_set_ids", cSpawnAttrSetIds(a, uid, gid)); err != nil {
			return err
		}
		if cr.Groups != nil {
			list := make([]uint32, len(cr.Groups))
			for i, g := range cr.Groups {
				v, ok := idArg(g)
				if !ok {
					return einval("spawn_attr_set_groups")
				}
				list[i] = v
			}
			if err := set("spawn_attr_set_groups", cSpawnAttrSetGroups(a, list)); err != nil {
				return err
			}
		}
	}
	if c.NoNewPrivs {
		if err := set("spawn_attr_set_no_new_privs", cSpawnAttrSetNoNewPrivs(a, 1)); err != nil {
			return err
		}
	}
	if c.Pdeathsig != 0 {
		if err := set("spawn_attr_set_pdeathsig", cSpawnAttrSetPdeathsig(a, int32(c.Pdeathsig))); err != nil {
			return err
		}
	}
	if c.Umask != nil {
		m, ok := int32Arg(*c.Umask)
		if !ok {
			return einval("spawn_attr_set_umask")
		}
		if err := set("spawn_attr_set_umask", cSpawnAttrSetUmask(a, m)); err != nil {
			return err
		}
	}
	if c.Nice != nil {
		n, ok := int32Arg(*c.Nice)
		if !ok {
			return einval("spawn_attr_set_nice")
		}
		if err := set("spawn_attr_set_nice", cSpawnAttrSetNice(a, n)); err != nil {
			return err
		}
	}
	if c.Cgroup != nil {
		if err := set("spawn_attr_set_cgroup", withFd(c.Cgroup, func(n int32) int32 {
			return cSpawnAttrSetCgroup(a, n)
		})); err != nil {
			return err
		}
	}
	for _, rl := range c.Rlimits {
		res, ok := int32Arg(rl.Resource)
		if !ok {
			return einval("spawn_attr_set_rlimit")
		}
		if err := set("spawn_attr_set_rlimit", cSpawnAttrSetRlimit(a, res, rl.Cur, rl.Max)); err != nil {
			return err
		}
	}
	args := c.Args
	if len(args) == 0 {
		args = []string{c.Path}
	}
	for _, s := range append(append([]string{c.Path}, args...), c.Env...) {
		if strings.IndexByte(s, 0) >= 0 {
			return einval("spawn")
		}
	}
	pidfd, pid, step := cSpawn(a, c.Path, args, c.Env, !strings.Contains(c.Path, "/"))
	if pidfd < 0 {
		err := errnoErr("spawn", syscall.Errno(-pidfd))
		if step != rnsSpawnStepNone {
			return &SpawnError{Step: spawnSteps[step], Err: err}
		}
		return err
	}
	// Nonblocking before os.NewFile, so the runtime's poller takes it (Wait parks, no thread).
	if err := syscall.SetNonblock(int(pidfd), true); err != nil {
		syscall.Close(int(pidfd))
		return err
	}
	c.Process = &Process{Pid: int(pid), f: os.NewFile(uintptr(pidfd), "pidfd:"+strconv.Itoa(int(pid)))}
	c.copies, c.ncopy = make(chan error, len(copiers)), len(copiers)
	for _, cp := range copiers {
		go cp()
	}
	return nil
}

// Wait waits for the program to end (its goroutine parks; no thread held) and reaps it.
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
