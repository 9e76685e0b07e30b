package rns

import (
	"errors"
	"strconv"
	"strings"
	"syscall"
)

// namespaceFlags are the CLONE_NEW* bits a Cmd can create.
const namespaceFlags = CloneNewNS | CloneNewCgroup | CloneNewUTS | CloneNewIPC | CloneNewUser |
	CloneNewPID | CloneNewNet | CloneNewTime

// withSysProcAttr is c with its SysProcAttr's fields folded into the Cmd's own, as os/exec
// reads them; a field librns cannot honour, or one set differently in both places, is an
// error, never ignored.
func (c *Cmd) withSysProcAttr() (*Cmd, error) {
	e := *c // a copy: the caller's Cmd keeps its fields
	s := c.SysProcAttr
	if s == nil {
		return &e, nil
	}
	if s.Ptrace {
		return nil, errors.New("rns: SysProcAttr.Ptrace is not supported (librns has no PTRACE_TRACEME step)")
	}
	if err := e.sysNamespaces(s); err != nil {
		return nil, err
	}
	if err := e.sysIdentity(s); err != nil {
		return nil, err
	}
	e.Setsid = e.Setsid || s.Setsid
	e.Setpgid = e.Setpgid || s.Setpgid
	e.Setctty, e.Noctty, e.Foreground = e.Setctty || s.Setctty, e.Noctty || s.Noctty, e.Foreground || s.Foreground
	var ok1, ok2 bool
	if e.Pgid, ok1 = orInt(e.Pgid, s.Pgid); !ok1 {
		return nil, errors.New("rns: Cmd.Pgid and SysProcAttr.Pgid both set, differently")
	}
	if e.Ctty, ok2 = orInt(e.Ctty, s.Ctty); !ok2 {
		return nil, errors.New("rns: Cmd.Ctty and SysProcAttr.Ctty both set, differently")
	}
	if s.UseCgroupFD {
		if e.Cgroup != nil {
			return nil, errors.New("rns: both Cmd.Cgroup and SysProcAttr.UseCgroupFD set")
		}
		e.Cgroup = RawFD(s.CgroupFD)
	}
	return &e, nil
}

// orInt is a, or b if a is 0; false if both are set and differ.
func orInt(a, b int) (int, bool) {
	if a == 0 {
		return b, true
	}
	return a, b == 0 || a == b
}

// sysNamespaces folds Cloneflags, Unshareflags, the maps and GidMappingsEnableSetgroups in:
// Cloneflags are librns's Unshare (clone flags without joins: the program is pid 1 of a new
// PID namespace) and leave "/"'s propagation as copied, as os/exec does; Unshareflags' mount
// namespace gets MS_REC|MS_PRIVATE, as os/exec gives it. Unshareflags' CLONE_NEWPID and
// CLONE_NEWTIME (os/exec: the program's children only, not the program) and non-namespace
// bits are refused.
func (e *Cmd) sysNamespaces(s *syscall.SysProcAttr) error {
	cf, uf := CloneFlags(s.Cloneflags), CloneFlags(s.Unshareflags)
	if uintptr(cf) != s.Cloneflags || cf&^namespaceFlags != 0 {
		return errors.New("rns: SysProcAttr.Cloneflags other than CLONE_NEW* are not supported")
	}
	if uintptr(uf) != s.Unshareflags || uf&^namespaceFlags != 0 || uf&(CloneNewPID|CloneNewTime) != 0 {
		return errors.New("rns: SysProcAttr.Unshareflags other than CLONE_NEW*, or with CLONE_NEWPID or " +
			"CLONE_NEWTIME (the program's children only), are not supported: use Cloneflags")
	}
	if cf&CloneNewNS != 0 && uf&CloneNewNS == 0 && e.MountPropagation == nil && e.Unshare&CloneNewNS == 0 {
		none := uintptr(0)
		e.MountPropagation = &none
	}
	e.Unshare |= cf | uf
	if (s.UidMappings != nil && e.UidMap != "") || (s.GidMappings != nil && e.GidMap != "") {
		return errors.New("rns: both Cmd.UidMap/GidMap and SysProcAttr.UidMappings/GidMappings set")
	}
	if s.UidMappings != nil {
		e.UidMap = idMapText(s.UidMappings)
	}
	if s.GidMappings != nil {
		e.GidMap = idMapText(s.GidMappings)
	}
	if s.GidMappings != nil && !s.GidMappingsEnableSetgroups {
		e.SetgroupsDeny = true // os/exec writes "deny" then
	}
	return nil
}

// idMapText is a map as /proc/PID/uid_map takes it.
func idMapText(m []syscall.SysProcIDMap) string {
	var b strings.Builder
	for _, l := range m {
		b.WriteString(strconv.Itoa(l.ContainerID) + " " + strconv.Itoa(l.HostID) + " " + strconv.Itoa(l.Size) + "\n")
	}
	return b.String()
}

// sysIdentity folds Credential, Pdeathsig, Chroot and AmbientCaps in. A Credential without
// Groups under GidMappings with setgroups denied keeps the groups, as os/exec skips
// setgroups there.
func (e *Cmd) sysIdentity(s *syscall.SysProcAttr) error {
	if cr := s.Credential; cr != nil {
		if e.Credential != nil {
			return errors.New("rns: both Cmd.Credential and SysProcAttr.Credential set")
		}
		groups := make([]int, len(cr.Groups))
		for i, g := range cr.Groups {
			groups[i] = int(g)
		}
		noSet := cr.NoSetGroups || s.GidMappings != nil && !s.GidMappingsEnableSetgroups && len(groups) == 0
		e.Credential = &Credential{Uid: int(cr.Uid), Gid: int(cr.Gid), Groups: groups, NoSetGroups: noSet}
	}
	if s.Pdeathsig != 0 {
		if e.Pdeathsig != 0 && e.Pdeathsig != s.Pdeathsig {
			return errors.New("rns: Cmd.Pdeathsig and SysProcAttr.Pdeathsig both set, differently")
		}
		e.Pdeathsig = s.Pdeathsig
	}
	if s.Chroot != "" {
		if e.Chroot != "" && e.Chroot != s.Chroot {
			return errors.New("rns: Cmd.Chroot and SysProcAttr.Chroot both set, differently")
		}
		e.Chroot = s.Chroot
	}
	if s.AmbientCaps != nil {
		if e.AmbientCaps != nil {
			return errors.New("rns: both Cmd.AmbientCaps and SysProcAttr.AmbientCaps set")
		}
		e.AmbientCaps = s.AmbientCaps
	}
	return nil
}
