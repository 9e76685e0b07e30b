package rns

import (
	"io/fs"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// CloneFlags is an OR of CLONE_* values for Setns, Unshare, SetnsPid and RunInNamespaces.
// The values are the kernel's (CloneNewNet == syscall.CLONE_NEWNET).
type CloneFlags uint32

// Namespace types.
const (
	CloneNewNS     CloneFlags = rnsCloneNewNS     // mount namespace
	CloneNewCgroup CloneFlags = rnsCloneNewCgroup // cgroup namespace
	CloneNewUTS    CloneFlags = rnsCloneNewUTS    // hostname and domain name
	CloneNewIPC    CloneFlags = rnsCloneNewIPC    // System V IPC, POSIX message queues
	CloneNewUser   CloneFlags = rnsCloneNewUser   // user namespace; needs a single-threaded process, so never from Go
	CloneNewPID    CloneFlags = rnsCloneNewPID    // PID namespace of children created afterwards
	CloneNewNet    CloneFlags = rnsCloneNewNet    // network namespace
	CloneNewTime   CloneFlags = rnsCloneNewTime   // time namespace of children created afterwards
)

// NsForChildren, ORed with CloneNewPID or CloneNewTime for NsOpen and PidfdNsOpen, opens the
// namespace the process's children get (ns/pid_for_children, ns/time_for_children) rather
// than its own. Not a kernel CLONE_* flag: the library's (RNS_NS_FOR_CHILDREN).
const NsForChildren CloneFlags = rnsNsForChildren

// Other context Unshare can stop sharing.
const (
	CloneFiles   CloneFlags = rnsCloneFiles   // the fd table
	CloneFS      CloneFlags = rnsCloneFS      // root, cwd and umask; needed before joining a mount namespace
	CloneSysVSem CloneFlags = rnsCloneSysVSem // System V semaphore undo values
	CloneSighand CloneFlags = rnsCloneSighand // single-threaded process only
	CloneThread  CloneFlags = rnsCloneThread  // single-threaded process only
	CloneVM      CloneFlags = rnsCloneVM      // single-threaded process only
)

// cloneNames gives each flag its C name (String) and, for namespace types, the name of its
// file in /proc/PID/ns.
var cloneNames = []struct {
	flag   CloneFlags
	name   string
	nsFile string
}{
	{CloneNewNS, "CLONE_NEWNS", "mnt"},
	{CloneNewCgroup, "CLONE_NEWCGROUP", "cgroup"},
	{CloneNewUTS, "CLONE_NEWUTS", "uts"},
	{CloneNewIPC, "CLONE_NEWIPC", "ipc"},
	{CloneNewUser, "CLONE_NEWUSER", "user"},
	{CloneNewPID, "CLONE_NEWPID", "pid"},
	{CloneNewNet, "CLONE_NEWNET", "net"},
	{CloneNewTime, "CLONE_NEWTIME", "time"},
	{CloneFiles, "CLONE_FILES", ""},
	{CloneFS, "CLONE_FS", ""},
	{CloneSysVSem, "CLONE_SYSVSEM", ""},
	{CloneSighand, "CLONE_SIGHAND", ""},
	{CloneThread, "CLONE_THREAD", ""},
	{CloneVM, "CLONE_VM", ""},
}

// String gives the flags as C names joined by "|", such as "CLONE_NEWNET|CLONE_NEWUTS";
// unknown bits are shown in hexadecimal.
func (f CloneFlags) String() string {
	if f == 0 {
		return "0"
	}
	var parts []string
	for _, c := range cloneNames {
		if f&c.flag != 0 {
			parts = append(parts, c.name)
			f &^= c.flag
		}
	}
	if f != 0 {
		parts = append(parts, "0x"+strconv.FormatUint(uint64(f), 16))
	}
	return strings.Join(parts, "|")
}

// nsFileName is the /proc/PID/ns file name of a single namespace type, or "".
func nsFileName(t CloneFlags) string {
	if t&NsForChildren != 0 {
		if name := nsFileName(t &^ NsForChildren); name == "pid" || name == "time" {
			return name + "_for_children"
		}
		return ""
	}
	for _, c := range cloneNames {
		if c.flag == t {
			return c.nsFile
		}
	}
	return ""
}

// Setns moves the calling thread into the namespace fd refers to (setns(2)).
//
// fd is a namespace file (/proc/PID/ns/X, a bind mount of one, or from NsOpen) with
// nstype 0 (any type) or that file's type; or a pidfd with an OR of CloneNew* types,
// entered atomically (Linux 5.8+). Joining a mount namespace needs Unshare(CloneFS) on the
// thread first; a user namespace cannot be joined from Go (the process is multithreaded).
//
// Scope: calling thread. The caller must hold runtime.LockOSThread (see RunInNamespaces).
// Errors: EBADF fd is not open; EINVAL unknown bits, fd is neither a namespace file nor a
// pidfd, its type is not nstype, or a user namespace; EPERM lacking CAP_SYS_ADMIN in the
// target's user namespace; ESRCH the pidfd's process has exited.
func Setns(fd FD, nstype CloneFlags) error {
	return check("setns", withFd(fd, func(n int32) int32 {
		return cSetns(n, int32(nstype))
	}))
}

// Unshare gives the calling thread new namespaces, or unshares other context (unshare(2)).
//
// flags is an OR of CloneNew* and CloneFiles, CloneFS, CloneSysVSem, CloneSighand,
// CloneThread, CloneVM. CloneNewPID and CloneNewTime change only the thread's future
// children. CloneNewUser, CloneSighand, CloneThread and CloneVM need a single-threaded
// process, so they fail with EINVAL from Go.
//
// Scope: calling thread. The caller must hold runtime.LockOSThread.
// Errors: EINVAL unknown bits, or a flag that needs a single-threaded process; EPERM
// lacking CAP_SYS_ADMIN; EUSERS or ENOSPC namespace limits reached; ENOMEM.
func Unshare(flags CloneFlags) error {
	return check("unshare", cUnshare(int32(flags)))
}

// SetnsPath opens path (a namespace file) and moves the calling thread into that
// namespace, as Setns does. The file is closed before returning.
//
// Its errors name the path, as os.Open's do: an *fs.PathError{Op: "setns", Path: path,
// Err: a syscall.Errno}, so errors.Is(err, syscall.ENOENT) and errors.Is(err,
// fs.ErrNotExist) both work.
//
// Scope: calling thread. The caller must hold runtime.LockOSThread.
// Errors: those of open(2) (ENOENT, EACCES, ...) and of Setns; EINVAL path contains a NUL.
func SetnsPath(path string, nstype CloneFlags) error {
	if strings.IndexByte(path, 0) >= 0 {
		return &fs.PathError{Op: "setns", Path: path, Err: syscall.EINVAL}
	}
	if r := cSetnsPath(path, int32(nstype)); r < 0 {
		return &fs.PathError{Op: "setns", Path: path, Err: syscall.Errno(-r)}
	}
	return nil
}

// Sethostname sets the host name of the calling thread's UTS namespace (at most 64 bytes;
// "" is allowed). Use it in a UTS namespace of the thread's own (Unshare(CloneNewUTS) on a
// locked thread, or in a child process) to name a container without touching the host.
//
// Scope: the calling thread's UTS namespace (every process in it sees the new name). The
// caller should hold runtime.LockOSThread when the thread has a UTS namespace of its own.
// Errors: EINVAL name is longer than 64 bytes or contains a NUL; EPERM lacking
// CAP_SYS_ADMIN over the UTS namespace.
func Sethostname(name string) error {
	if strings.IndexByte(name, 0) >= 0 {
		return einval("sethostname")
	}
	return check("sethostname", cSethostname(name))
}

// Setdomainname sets the NIS domain name of the calling thread's UTS namespace, as
// Sethostname does the host name.
//
// Scope: the calling thread's UTS namespace (every process in it sees the new name).
// Errors: EINVAL name is longer than 64 bytes or contains a NUL; EPERM lacking
// CAP_SYS_ADMIN over the UTS namespace.
func Setdomainname(name string) error {
	if strings.IndexByte(name, 0) >= 0 {
		return einval("setdomainname")
	}
	return check("setdomainname", cSetdomainname(name))
}

// NsOpen opens the namespace of one type of process pid; pid 0 is the calling thread
// (/proc/thread-self/ns/X), so lock the goroutine to its thread if that matters.
//
// nstype is exactly one CloneNew* type. CloneNewPID and CloneNewTime give the process's own
// namespace (ns/pid, ns/time), not the one for its children; with NsForChildren ORed in,
// that one (ns/pid_for_children, ns/time_for_children).
//
// The namespace is returned as an *os.File rather than an int: it is closed by Close (or,
// if forgotten, by the garbage collector), it is named after its /proc path, and it passes
// straight back to Setns. Its Stat's (Dev, Ino) identify the namespace.
//
// Scope: reads only.
// Errors: EINVAL nstype is not exactly one namespace type, or pid < 0; ESRCH no such
// process, a zombie, or a thread id that is not a process id; EACCES not allowed to inspect
// it; ENOENT the kernel lacks that namespace type, or (NsForChildren) the pid namespace for
// its children has no process yet; ENOSYS no safe way to find the process (/proc missing or
// of another pid namespace, without the pidfd namespace ioctls).
func NsOpen(pid int, nstype CloneFlags) (*os.File, error) {
	cpid, ok := int32Arg(pid)
	if !ok {
		return nil, einval("ns_open")
	}
	fd, err := result("ns_open", cNsOpen(cpid, int32(nstype)))
	if err != nil {
		return nil, err
	}
	dir := "/proc/thread-self"
	if pid != 0 {
		dir = "/proc/" + strconv.Itoa(pid)
	}
	return os.NewFile(uintptr(fd), dir+"/ns/"+nsFileName(nstype)), nil
}

// SetnsPid moves the calling thread into several namespaces of process pid at once.
//
// nstypes is an OR of CloneNew* types. Where setns(2) takes a pidfd (Linux 5.8+) this is
// one setns on a pidfd, which succeeds or fails as a whole; elsewhere (older kernels, or
// pidfds hidden by a sandbox) the namespaces are entered one by one, as nsenter(1) does.
// CloneNewUser is left out when pid already shares the caller's user namespace.
//
// Scope: calling thread. The caller must hold runtime.LockOSThread (see RunInNamespaces).
// Errors, the same on every path: EINVAL pid <= 0, nstypes 0 or with unknown bits, or a
// type the thread cannot join (a user namespace; a mount namespace while sharing CLONE_FS);
// ESRCH no such process, a zombie, or a thread id that is not a process id; EPERM lacking
// privilege (no ptrace access to pid, no CAP_SYS_ADMIN in a target namespace); ENOSYS no
// safe way to find the process.
func SetnsPid(pid int, nstypes CloneFlags) error {
	cpid, ok := int32Arg(pid)
	if !ok {
		return einval("setns_pid")
	}
	return check("setns_pid", cSetnsPid(cpid, int32(nstypes)))
}

// UsernsAcquire makes a user namespace with the given uid and gid maps ("inside outside
// count" lines, as /proc/PID/uid_map takes them) and returns it as a namespace file, to join
// (Setns, Cmd.Join) or inspect (Namespace). Nothing of the caller changes: a short-lived child
// holds the namespace while its maps are written (rns_userns_acquire). An ordinary user may map
// its own uid and gid; wider maps need privilege, or newuidmap/newgidmap with /etc/subuid and
// /etc/subgid ranges.
//
// Scope: a new user namespace, held by the returned file; the caller is not changed.
// Errors (*os.SyscallError named "userns_acquire"): EINVAL a malformed map (a line that is not
// three numbers, a count of 0, ranges past 32 bits or overlapping, a NUL); E2BIG more than 340
// lines; EPERM the kernel and the helpers refused the map; ENOSPC, EUSERS namespace limits.
func UsernsAcquire(uidMap, gidMap string) (*os.File, error) {
	if strings.IndexByte(uidMap, 0) >= 0 || strings.IndexByte(gidMap, 0) >= 0 {
		return nil, einval("userns_acquire")
	}
	fd, err := result("userns_acquire", cUsernsAcquire(uidMap, gidMap, 0))
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), "userns"), nil
}

// netnsFile is the namespace file of a NetnsAdd or NetnsOpen result.
func netnsFile(call, name string, c func(string) int32) (*os.File, error) {
	if strings.IndexByte(name, 0) >= 0 {
		return nil, einval(call)
	}
	fd, err := result(call, c(name))
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), "/run/netns/"+name), nil
}

// NetnsAdd creates a network namespace named name in /run/netns, as `ip netns add` does
// (rns_netns_add), and returns a file of it; ip netns sees it at once, and it lasts until
// NetnsDelete (or `ip netns del`), whatever becomes of the file. The namespace is made on a
// short-lived thread of the library's: no goroutine's thread changes.
//
// Scope: the filesystem (/run/netns); no thread changes.
// Errors (*os.SyscallError named "netns_add"): EINVAL a name that is empty, over 255 bytes,
// has a "/", or is "." or ".."; EEXIST; ENOENT deleted while being made; EPERM, EACCES.
func NetnsAdd(name string) (*os.File, error) { return netnsFile("netns_add", name, cNetnsAdd) }

// NetnsOpen opens the network namespace named name (ours or iproute2's).
//
// Scope: reads only (a new file).
// Errors (*os.SyscallError named "netns_open"): EINVAL an invalid name; ENOENT no such name
// (or only a placeholder); EACCES.
func NetnsOpen(name string) (*os.File, error) { return netnsFile("netns_open", name, cNetnsOpen) }

// NetnsDelete deletes the network namespace named name, as `ip netns del` does (its mount
// detached, its file removed; the namespace ends when nothing else holds it).
//
// Scope: the filesystem (/run/netns); no thread changes.
// Errors (*os.SyscallError named "netns_delete"): EINVAL an invalid name; ENOENT no such
// name; EPERM, EACCES; EBUSY the file stayed busy.
func NetnsDelete(name string) error {
	if strings.IndexByte(name, 0) >= 0 {
		return einval("netns_delete")
	}
	return check("netns_delete", cNetnsDelete(name))
}

// NsPersist persists the namespace fd refers to (a namespace file) at path, as
// `unshare --net=FILE` does (rns_ns_persist): path is made and the namespace bind-mounted on
// it, so it outlives its processes until NsUnpersist. A mount namespace only from outside it.
//
// Scope: the filesystem (a bind mount on path); no thread changes.
// Errors (*os.SyscallError named "ns_persist"): EBADF; EINVAL not a namespace file (or a
// mount namespace loop); EEXIST path exists; ENOENT, EACCES, ENOTDIR its directory; EPERM.
func NsPersist(fd FD, path string) error {
	if strings.IndexByte(path, 0) >= 0 {
		return einval("ns_persist")
	}
	return check("ns_persist", withFd(fd, func(n int32) int32 { return cNsPersist(n, path) }))
}

// NsUnpersist undoes NsPersist (or `unshare --net=FILE`): the bind mount detached, the file
// removed; anything but a namespace bind mount at path is EINVAL and left alone.
//
// Scope: the filesystem; no thread changes.
// Errors (*os.SyscallError named "ns_unpersist"): ENOENT; EINVAL not a namespace; EPERM; EBUSY.
func NsUnpersist(path string) error {
	if strings.IndexByte(path, 0) >= 0 {
		return einval("ns_unpersist")
	}
	return check("ns_unpersist", cNsUnpersist(path))
}
