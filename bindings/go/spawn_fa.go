package rns

import (
	"errors"
	"strings"
)

// FileAction is one of posix_spawn's file actions for Cmd.FileActions: FileOpen, FileClose,
// FileDup2, FileChdir, FileFchdir, FileClosefrom or FileTcsetpgrp. Each acts on the child's
// fd table as Stdin, Stdout, Stderr, ExtraFiles and the actions before it left it; a
// failure is a *SpawnError at step "fds" with the action's place as its Detail (3 +
// len(ExtraFiles) fds come first: Detail - that is the FileActions index).
type FileAction interface {
	add(a cSpawnAttr) error
}

// FileOpen opens Path with Flag and Perm onto Fd (posix_spawn_file_actions_addopen).
type FileOpen struct {
	Fd   int
	Path string
	Flag int    // os.O_RDONLY, os.O_WRONLY|os.O_CREATE, ...
	Perm uint32 // for a created file, before the umask
}

// FileClose closes Fd; one that is not open is no failure (posix_spawn_file_actions_addclose).
type FileClose struct{ Fd int }

// FileDup2 duplicates the child's Fd onto NewFd; Fd == NewFd clears close-on-exec
// (posix_spawn_file_actions_adddup2). The source is the child's Fd at that point: FileDup2{1, 2}
// after Stdout is 2>&1.
type FileDup2 struct{ Fd, NewFd int }

// FileChdir changes to Dir, relative to the child's cwd at that point (addchdir_np).
type FileChdir struct{ Dir string }

// FileFchdir changes to the directory at the child's Fd (addfchdir_np).
type FileFchdir struct{ Fd int }

// FileClosefrom closes every fd >= LowFd the child has at that point (addclosefrom_np).
type FileClosefrom struct{ LowFd int }

// FileTcsetpgrp makes the child's process group the foreground group of the terminal at the
// child's Fd (addtcsetpgrp_np).
type FileTcsetpgrp struct{ Fd int }

func (f FileOpen) add(a cSpawnAttr) error {
	fd, ok1 := int32Arg(f.Fd)
	flag, ok2 := int32Arg(f.Flag)
	if !ok1 || !ok2 || strings.IndexByte(f.Path, 0) >= 0 {
		return einval("spawn_attr_add_open")
	}
	return setr("spawn_attr_add_open", cSpawnAttrAddOpen(a, fd, f.Path, flag, f.Perm))
}

func (f FileClose) add(a cSpawnAttr) error {
	return fdAction("spawn_attr_add_close", f.Fd, cSpawnAttrAddClose, a)
}

func (f FileDup2) add(a cSpawnAttr) error {
	fd, ok1 := int32Arg(f.Fd)
	nfd, ok2 := int32Arg(f.NewFd)
	if !ok1 || !ok2 {
		return einval("spawn_attr_add_dup2")
	}
	return setr("spawn_attr_add_dup2", cSpawnAttrAddDup2(a, fd, nfd))
}

func (f FileChdir) add(a cSpawnAttr) error {
	if strings.IndexByte(f.Dir, 0) >= 0 {
		return einval("spawn_attr_add_chdir")
	}
	return setr("spawn_attr_add_chdir", cSpawnAttrAddChdir(a, f.Dir))
}

func (f FileFchdir) add(a cSpawnAttr) error {
	return fdAction("spawn_attr_add_fchdir", f.Fd, cSpawnAttrAddFchdir, a)
}

func (f FileClosefrom) add(a cSpawnAttr) error {
	return fdAction("spawn_attr_add_closefrom", f.LowFd, cSpawnAttrAddClosefrom, a)
}

func (f FileTcsetpgrp) add(a cSpawnAttr) error {
	return fdAction("spawn_attr_add_tcsetpgrp", f.Fd, cSpawnAttrAddTcsetpgrp, a)
}

// fdAction adds an action of one fd through set (EINVAL for an fd beyond int32).
func fdAction(call string, fd int, set func(cSpawnAttr, int32) int32, a cSpawnAttr) error {
	n, ok := int32Arg(fd)
	if !ok {
		return einval(call)
	}
	return setr(call, set(a, n))
}

// setForeground puts the child in a process group of its own (Pgid) and makes it the
// terminal's foreground group at the caller's fd Ctty, before any other fd action, as
// SysProcAttr.Foreground does; Setctty with it is an error, as in os/exec.
func (c *Cmd) setForeground(a cSpawnAttr) error {
	if !c.Foreground {
		return nil
	}
	if c.Setctty {
		return errors.New("rns: both Setctty and Foreground set in Cmd")
	}
	pgid, ok := int32Arg(c.Pgid)
	if !ok {
		return einval("spawn_attr_set_pgroup")
	}
	if err := setr("spawn_attr_set_pgroup", cSpawnAttrSetPgroup(a, pgid)); err != nil {
		return err
	}
	return fdAction("spawn_attr_add_tcsetpgrp", c.Ctty, cSpawnAttrAddTcsetpgrp, a)
}

// setFileActions adds FileActions after the stdio and ExtraFiles, and the controlling
// terminal (Setctty: Ctty in the child's table, which must be one of its fds 0..2+
// len(ExtraFiles) or an fd FileActions open, as os/exec requires of Ctty).
func (c *Cmd) setFileActions(a cSpawnAttr) error {
	for _, f := range c.FileActions {
		if f == nil {
			return einval("spawn_attr_add")
		}
		if err := f.add(a); err != nil {
			return err
		}
	}
	if !c.Setctty {
		return nil
	}
	if !c.childHasFd(c.Ctty) {
		return errors.New("rns: Setctty set but Ctty not valid in child")
	}
	return fdAction("spawn_attr_set_ctty", c.Ctty, cSpawnAttrSetCtty, a)
}

// childHasFd: fd is one of the child's stdio or ExtraFiles, or a FileOpen or FileDup2 target.
func (c *Cmd) childHasFd(fd int) bool {
	if fd >= 0 && fd < 3+len(c.ExtraFiles) {
		return true
	}
	for _, f := range c.FileActions {
		switch f := f.(type) {
		case FileOpen:
			if f.Fd == fd {
				return true
			}
		case FileDup2:
			if f.NewFd == fd {
				return true
			}
		}
	}
	return false
}
