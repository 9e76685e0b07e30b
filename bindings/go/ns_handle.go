package rns

import (
	"errors"
	"os"
	"strconv"
	"syscall"
)

// NsType returns the type of the namespace fd refers to (one CloneNew* bit). fd is a
// namespace file: from NsOpen, /proc/PID/ns/X, a bind mount of one, NsUserns or NsParent.
//
// Scope: reads only.
// Errors: EBADF fd is not open; EINVAL fd is not a namespace file (a regular file, a
// socket, a pidfd, /dev/null, ...).
func NsType(fd FD) (CloneFlags, error) {
	t, err := result("ns_type", withFd(fd, cNsType))
	if err != nil {
		return 0, err
	}
	return CloneFlags(t), nil
}

// NsUserns opens the user namespace that owns the namespace fd refers to; for a user
// namespace, the one it was created in. The caller closes the file.
//
// Scope: reads only.
// Errors: EBADF fd is not open; EINVAL fd is not a namespace file; EPERM the owner is outside
// the caller's user namespace and its descendants.
func NsUserns(fd FD) (*os.File, error) {
	return nsRelated("ns_userns", fd, cNsUserns)
}

// NsParent opens the parent of the pid or user namespace fd refers to. The caller closes the
// file.
//
// Scope: reads only.
// Errors: EBADF fd is not open; EINVAL fd is not a namespace file, or not a pid or user
// namespace; EPERM the parent is outside what the caller can see (fd is the caller's own
// namespace, say).
func NsParent(fd FD) (*os.File, error) {
	return nsRelated("ns_parent", fd, cNsParent)
}

func nsRelated(call string, fd FD, c func(int32) int32) (*os.File, error) {
	n, err := result(call, withFd(fd, c))
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(n), "nsfs:"+call), nil
}

// NsOwnerUid returns the uid of the creator of the user namespace fd refers to, as the
// caller's user namespace maps it (the overflow uid, 65534, when it does not).
//
// Scope: reads only.
// Errors: EBADF fd is not open; EINVAL fd is not a namespace file, or not a user namespace.
func NsOwnerUid(fd FD) (int, error) {
	var uid uint32
	r := withFd(fd, func(n int32) int32 {
		var rc int32
		uid, rc = cNsOwnerUid(n)
		return rc
	})
	if err := check("ns_owner_uid", r); err != nil {
		return -1, err
	}
	return int(uid), nil
}

// NsId returns a 64-bit id of the namespace fd refers to. kernel is true when it is the
// kernel's namespace id (Linux 6.18 for every type, 6.11 for mount namespaces), which is
// never reused while the system runs; false when it is the namespace file's inode number,
// which the kernel reuses once the namespace is gone: compare those only while holding both
// files (NsSame does). The two kinds are never comparable with each other.
//
// Scope: reads only.
// Errors: EBADF fd is not open; EINVAL fd is not a namespace file.
func NsId(fd FD) (id uint64, kernel bool, err error) {
	var v uint64
	r := withFd(fd, func(n int32) int32 {
		var rc int32
		v, rc = cNsId(n)
		return rc
	})
	kind, err := result("ns_id", r)
	if err != nil {
		return 0, false, err
	}
	return v, kind == rnsNsIDKernel, nil
}

// NsSame tells whether fd1 and fd2 refer to the same namespace: by the kernel's namespace
// ids where both have one, else by the files' (Dev, Ino), sound because both are held.
// Namespaces of different types are simply different.
//
// Scope: reads only.
// Errors: EBADF fd1 or fd2 is not open; EINVAL one of them is not a namespace file.
func NsSame(fd1, fd2 FD) (bool, error) {
	r := withFd(fd1, func(n1 int32) int32 {
		return withFd(fd2, func(n2 int32) int32 { return cNsSame(n1, n2) })
	})
	same, err := result("ns_same", r)
	return same == 1, err
}

// NsPidFlags are the flags of NsPidFrom and NsPidIn.
type NsPidFlags uint32

// NsPidTGID asks NsPidFrom and NsPidIn for the thread-group id (the process's pid) rather
// than the thread's own id.
const NsPidTGID NsPidFlags = rnsNsPidTgid

// NsPidFrom tells what pid the caller's pid namespace gives to the process (or thread)
// numbered pid in the pid namespace fd (NS_GET_PID_FROM_PIDNS, Linux 6.9): "what is pid P of
// that namespace here". /proc/PID/status's NSpid line lists the same numbers.
//
// Scope: reads only.
// Errors: EINVAL unknown flags, pid <= 0, or fd is not a pid namespace; EBADF fd is not
// open; ESRCH no process pid there, or it is not in the caller's pid namespace; ENOSYS
// kernel older than 6.9.
func NsPidFrom(fd FD, pid int, flags NsPidFlags) (int, error) {
	return nsPid("ns_pid_from", fd, pid, flags, cNsPidFrom)
}

// NsPidIn tells what pid the pid namespace fd gives to the process (or thread) pid of the
// caller's pid namespace (NS_GET_PID_IN_PIDNS, Linux 6.9): the reverse of NsPidFrom.
//
// Scope: reads only.
// Errors: EINVAL unknown flags, pid <= 0, or fd is not a pid namespace; EBADF fd is not
// open; ESRCH no process pid here, or it is not in the namespace fd; ENOSYS kernel older
// than 6.9.
func NsPidIn(fd FD, pid int, flags NsPidFlags) (int, error) {
	return nsPid("ns_pid_in", fd, pid, flags, cNsPidIn)
}

func nsPid(call string, fd FD, pid int, flags NsPidFlags, c func(int32, int32, uint32) int32) (int, error) {
	if pid <= 0 || pid > 1<<31-1 {
		return -1, errnoErr(call, syscall.EINVAL)
	}
	return result(call, withFd(fd, func(n int32) int32 { return c(n, int32(pid), uint32(flags)) }))
}

// NsOpenId opens the namespace whose kernel id is id (NsId's, when kernel is true), of type
// nstype and inode number ino (its file's Stat Ino), through an nsfs file handle
// (open_by_handle_at, Linux 6.18): a namespace named by its ids, without /proc or a pid. The
// kernel checks the type and inode against the id. Linux 6.18 needs all three; a later kernel
// may take id alone (nstype and ino 0). The caller closes the file.
//
// Scope: reads only.
// Errors: EINVAL id 0, nstype not 0 or one type, ino above 2^32-1, or only one of nstype and
// ino; ENOENT no live namespace has those ids (or, on 6.18, one the caller may not open);
// EPERM the caller is not in it and may not see every namespace; ENOSYS kernel before 6.18.
func NsOpenId(id uint64, nstype CloneFlags, ino uint64) (*os.File, error) {
	fd, err := result("ns_open_id", cNsOpenId(id, int32(nstype), ino))
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), "nsfs:"+strconv.FormatUint(id, 10)), nil
}

// Listns lists up to max kernel ids of the namespaces the caller may see, ascending
// (listns(2), Linux 6.19): of the types in nstypes (0: every type), owned by the user
// namespace with id owner (0: any), above after (0: from the first). Call again with the
// last id for more; NsOpenId opens one.
//
// Scope: reads only.
// Errors: EINVAL unknown nstypes bits or max < 0; ENOSYS kernel older than 6.19 (6.18
// included), or a sandbox hides listns: there is no fallback.
func Listns(after uint64, nstypes CloneFlags, owner uint64, max int) ([]uint64, error) {
	if max < 0 {
		return nil, einval("listns")
	}
	ids := make([]uint64, min(max, 1<<20))
	n, err := result("listns", cListns(after, int32(nstypes), owner, ids))
	if err != nil {
		return nil, err
	}
	return ids[:n], nil
}

// OpenNamespaceByID is NsOpenId as a Namespace.
func OpenNamespaceByID(id uint64, nstype CloneFlags, ino uint64) (*Namespace, error) {
	return wrapNs(NsOpenId(id, nstype, ino))
}

// Namespace is an open namespace: a handle on its nsfs file, which keeps the namespace
// alive while open. Its methods read only, and return errors, never panic: on a nil or
// closed Namespace they fail with EBADF.
//
// Close it when done. As with any *os.File (which it wraps), a Namespace that is dropped
// without Close has its file closed by the garbage collector's finalizer eventually; that is
// a safety net, not a way to manage the descriptor.
//
// A Namespace is an FD: pass it to Setns, RunInNamespacesOf, NsSame and the others.
type Namespace struct {
	f *os.File
}

// OpenNamespace opens the namespace of one type of process pid (0: the calling thread), as
// NsOpen does.
func OpenNamespace(pid int, nstype CloneFlags) (*Namespace, error) {
	f, err := NsOpen(pid, nstype)
	if err != nil {
		return nil, err
	}
	return &Namespace{f: f}, nil
}

// NamespaceFromFile makes a Namespace of f, a namespace file (/proc/PID/ns/X opened with
// os.Open, say), checked with NsType. The Namespace owns f from then on: its Close closes f.
//
// Errors: EBADF f is nil or closed; EINVAL f is not a namespace file (f is left open then).
func NamespaceFromFile(f *os.File) (*Namespace, error) {
	if _, err := NsType(f); err != nil {
		return nil, err
	}
	return &Namespace{f: f}, nil
}

// arg is the namespace as an FD argument: its file, or a nil one (EBADF) for a nil
// Namespace.
func (n *Namespace) arg() FD {
	if n == nil {
		return (*os.File)(nil)
	}
	return n.f
}

// Close closes the namespace file. Closing a nil or already closed Namespace gives EBADF.
func (n *Namespace) Close() error {
	if n == nil || n.f == nil {
		return errnoErr("close", syscall.EBADF)
	}
	err := n.f.Close()
	if errors.Is(err, os.ErrClosed) {
		return errnoErr("close", syscall.EBADF)
	}
	return err
}

// SyscallConn gives access to the descriptor (syscall.Conn), as the file's does; it is how
// the functions taking an FD borrow it, open for the whole call.
func (n *Namespace) SyscallConn() (syscall.RawConn, error) {
	if n == nil || n.f == nil {
		return nil, errnoErr("syscallconn", syscall.EBADF)
	}
	return n.f.SyscallConn()
}

// Fd returns the descriptor number, valid until Close; ^uintptr(0) for a nil or closed
// Namespace.
func (n *Namespace) Fd() uintptr {
	fd := ^uintptr(0)
	if rc, err := n.SyscallConn(); err == nil {
		_ = rc.Control(func(v uintptr) { fd = v })
	}
	return fd
}

// Type returns the namespace's type (NsType).
func (n *Namespace) Type() (CloneFlags, error) { return NsType(n.arg()) }

// ID returns the namespace's id, and whether it is the kernel's never-reused id (NsId).
func (n *Namespace) ID() (id uint64, kernel bool, err error) { return NsId(n.arg()) }

// Equal tells whether other is the same namespace (NsSame).
func (n *Namespace) Equal(other *Namespace) (bool, error) { return NsSame(n.arg(), other.arg()) }

// Owner opens the user namespace that owns this one (NsUserns).
func (n *Namespace) Owner() (*Namespace, error) { return wrapNs(NsUserns(n.arg())) }

// Parent opens the parent of this pid or user namespace (NsParent).
func (n *Namespace) Parent() (*Namespace, error) { return wrapNs(NsParent(n.arg())) }

// PidFrom tells what pid the caller's pid namespace gives to pid of this pid namespace
// (NsPidFrom).
func (n *Namespace) PidFrom(pid int, flags NsPidFlags) (int, error) {
	return NsPidFrom(n.arg(), pid, flags)
}

// PidIn tells what pid this pid namespace gives to pid of the caller's (NsPidIn).
func (n *Namespace) PidIn(pid int, flags NsPidFlags) (int, error) {
	return NsPidIn(n.arg(), pid, flags)
}

// OwnerUID returns the uid of the creator of this user namespace (NsOwnerUid).
func (n *Namespace) OwnerUID() (int, error) { return NsOwnerUid(n.arg()) }

func wrapNs(f *os.File, err error) (*Namespace, error) {
	if err != nil {
		return nil, err
	}
	return &Namespace{f: f}, nil
}
