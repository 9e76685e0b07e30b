package netns

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"

	rns "github.com/librns/librns/bindings/go"
)

// The namespace types, as vishvananda/netns exports them: untyped constants with the
// kernel's values (syscall's), usable wherever an int or a uintptr is.
//
// Deprecated: use golang.org/x/sys/unix or rns.CloneNew* instead.
const (
	CLONE_NEWUTS  = syscall.CLONE_NEWUTS  /* New utsname group? */
	CLONE_NEWIPC  = syscall.CLONE_NEWIPC  /* New ipcs */
	CLONE_NEWUSER = syscall.CLONE_NEWUSER /* New user namespace */
	CLONE_NEWPID  = syscall.CLONE_NEWPID  /* New pid namespace */
	CLONE_NEWNET  = syscall.CLONE_NEWNET  /* New network namespace */
	CLONE_IO      = syscall.CLONE_IO      /* Get io context */
)

// bindMountPath is where named network namespaces live, for ip netns and librns alike.
const bindMountPath = "/run/netns"

// errno is the bare syscall.Errno of an error of package rns, as vishvananda/netns returns
// them (from golang.org/x/sys/unix); other errors as they are.
func errno(err error) error {
	var e syscall.Errno
	if errors.As(err, &e) {
		return e
	}
	return err
}

// handle turns a namespace file of package rns into an NsHandle the caller owns: a
// close-on-exec duplicate of its fd (the *os.File is closed, so its finalizer cannot close
// the handle's fd later).
func handle(f *os.File) (NsHandle, error) {
	defer f.Close()
	raw, err := f.SyscallConn()
	if err != nil {
		return None(), err
	}
	fd, dupErr := -1, error(nil)
	if err := raw.Control(func(n uintptr) {
		r, _, e := syscall.Syscall(syscall.SYS_FCNTL, n, syscall.F_DUPFD_CLOEXEC, 0)
		if e != 0 {
			dupErr = e
			return
		}
		fd = int(r)
	}); err != nil {
		return None(), err
	}
	if dupErr != nil {
		return None(), dupErr
	}
	return NsHandle(fd), nil
}

// Setns sets namespace: the calling thread joins the namespace ns refers to (setns(2) through
// rns.Setns), of type nstype (a CLONE_NEW* value, or 0 for any). As vishvananda/netns's, it
// changes only the calling OS thread: hold runtime.LockOSThread around it and until the
// thread is back (see the package doc).
//
// Deprecated: Use rns.Setns or golang.org/x/sys/unix.Setns instead.
func Setns(ns NsHandle, nstype int) error {
	if int(int32(ns)) != int(ns) {
		return syscall.EBADF // no fd has that number (the raw call would truncate it to one)
	}
	if nstype < 0 || nstype > 1<<32-1 {
		return syscall.EINVAL
	}
	if nstype == CLONE_NEWNET {
		// The setns(2) call itself, as rns_setns makes it for a network namespace (its
		// checks are for mount and user namespaces), without the cgo call's cost.
		if _, _, e := syscall.Syscall(sysSetns, uintptr(ns), CLONE_NEWNET, 0); e != 0 {
			return e
		}
	} else if err := rns.Setns(rns.RawFD(ns), rns.CloneFlags(nstype)); err != nil {
		return errno(err)
	}
	releaseIfHome(ns)
	return nil
}

// Set sets the current network namespace to the namespace represented by NsHandle: the
// calling OS thread joins it. Hold runtime.LockOSThread around it and until the thread is
// back, as with vishvananda/netns. Setting back the namespace the thread had before New or
// NewNamed also releases the OS-thread lock those took (see the package doc).
func Set(ns NsHandle) error {
	return Setns(ns, CLONE_NEWNET)
}

// New creates a new network namespace, sets it as current (the calling OS thread is in it
// on return, as with vishvananda/netns) and returns a handle to it.
//
// Unlike vishvananda/netns's, it also locks the calling goroutine to its OS thread
// (runtime.LockOSThread) before the switch, and keeps that lock until Set moves the thread
// back into the network namespace it had before: a goroutine that forgets LockOSThread, or
// unlocks without going back, keeps its switched thread, which the Go runtime then ends with
// the goroutine instead of handing it to other goroutines. The caller still holds
// runtime.LockOSThread for the whole time, as vishvananda/netns says.
func New() (NsHandle, error) {
	runtime.LockOSThread()
	home, err := threadNetns()
	if err != nil {
		runtime.UnlockOSThread()
		return None(), err
	}
	if err := rns.Unshare(rns.CloneNewNet); err != nil {
		runtime.UnlockOSThread()
		return None(), errno(err)
	}
	guard(home)
	return Get()
}

// NewNamed creates a new named network namespace, sets it as current (the calling OS thread
// is in it on return, as with vishvananda/netns), and returns a handle to it.
//
// The namespace is made by rns.NetnsAdd, as `ip netns add` makes it and under librns's lock,
// on a thread of the library's; only then does the calling thread join it, locked as New
// locks it. An existing name fails with an *fs.PathError wrapping EEXIST (os.IsExist), and
// the calling thread is not changed (vishvananda/netns's leaves it in a new, unnamed
// namespace). Names that are empty, "." or "..", contain "/" or are over 255 bytes give
// EINVAL.
func NewNamed(name string) (NsHandle, error) {
	f, err := rns.NetnsAdd(name)
	if err != nil {
		return None(), &fs.PathError{Op: "open", Path: filepath.Join(bindMountPath, name), Err: errno(err)}
	}
	h, err := handle(f)
	if err == nil {
		err = switchTo(h)
	}
	if err != nil {
		if h.IsOpen() {
			h.Close()
		}
		rns.NetnsDelete(name)
		return None(), err
	}
	return h, nil
}

// switchTo moves the calling thread into ns for NewNamed, locked as New locks it.
func switchTo(ns NsHandle) error {
	runtime.LockOSThread()
	home, err := threadNetns()
	if err == nil {
		err = errno(rns.Setns(rns.RawFD(ns), rns.CloneNewNet))
	}
	if err != nil {
		runtime.UnlockOSThread()
		return err
	}
	guard(home)
	return nil
}

// DeleteNamed deletes a named network namespace, as `ip netns del` does (rns.NetnsDelete,
// under librns's lock): its bind mount detached and its file removed. A missing name gives
// ENOENT, as vishvananda/netns's; names that are empty, "." or "..", contain "/" or are over
// 255 bytes give EINVAL (vishvananda/netns's DeleteNamed("") detaches /run/netns itself).
func DeleteNamed(name string) error {
	return errno(rns.NetnsDelete(name))
}

// Get gets a handle to the current thread's network namespace (/proc/thread-self/ns/net).
func Get() (NsHandle, error) {
	f, err := rns.NsOpen(0, rns.CloneNewNet)
	if err != nil {
		return None(), errno(err)
	}
	return handle(f)
}

// GetFromPath gets a handle to a network namespace identified by the path: the path opened
// read-only and close-on-exec, as vishvananda/netns opens it (nothing checks that it is a
// network namespace until Set).
func GetFromPath(path string) (NsHandle, error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return None(), err
	}
	return NsHandle(fd), nil
}

// GetFromName gets a handle to a named network namespace such as one created by `ip netns
// add` (rns.NetnsOpen). A missing name gives ENOENT, as vishvananda/netns's; so does a name
// that `ip netns add` is still making (its file not yet a namespace); names that are empty,
// "." or "..", contain "/" or are over 255 bytes give EINVAL (vishvananda/netns's opens
// /run/netns itself, or a path outside it).
func GetFromName(name string) (NsHandle, error) {
	f, err := rns.NetnsOpen(name)
	if err != nil {
		return None(), errno(err)
	}
	return handle(f)
}

// GetFromPid gets a handle to the network namespace of a given pid (a process, or a thread
// id, as /proc/PID/ns/net gives it). It opens the task through a pidfd, so the namespace is
// the one of the process pid names in the caller's pid namespace whatever /proc shows. A pid
// that names no live task (<= 0, gone, a zombie) gives ENOENT, as vishvananda/netns's.
func GetFromPid(pid int) (NsHandle, error) {
	return taskNetns(0, pid)
}

// GetFromThread gets a handle to the network namespace of a given pid and tid. The thread is
// opened through a thread pidfd (pidfd_open with PIDFD_THREAD, Linux 6.9) and checked to
// belong to pid before its namespace is opened through that pidfd: no /proc path is looked up
// by number. Without thread pidfds (before Linux 6.9, or hidden by a sandbox) it opens
// /proc/PID/task/TID/ns/net, as vishvananda/netns does, where /proc is of the caller's pid
// namespace, and gives ENOSYS where it is not (vishvananda/netns then opens another task's
// namespace, or none). A tid that is not a live thread of pid gives ENOENT, as
// vishvananda/netns's.
func GetFromThread(pid, tid int) (NsHandle, error) {
	if pid <= 0 {
		return None(), syscall.ENOENT
	}
	return taskNetns(pid, tid)
}

// taskNetns opens the network namespace of thread tid, of process tgid (0: any process).
func taskNetns(tgid, tid int) (NsHandle, error) {
	if tid <= 0 || int(int32(tid)) != tid || int(int32(tgid)) != tgid {
		return None(), syscall.ENOENT
	}
	pidfd, err := rns.PidfdOpen(tid, rns.PidfdThread)
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOSYS) {
		return procNetns(tgid, tid) // no thread pidfds: Linux < 6.9
	}
	if err != nil {
		return None(), missing(err)
	}
	defer pidfd.Close()
	if tgid != 0 {
		info, err := rns.PidfdInfoMask(pidfd, rns.InfoPid)
		if err != nil {
			return None(), missing(err)
		}
		if info.Tgid != tgid {
			return None(), syscall.ENOENT
		}
	}
	f, err := rns.PidfdNsOpen(pidfd, rns.CloneNewNet)
	if err != nil {
		return None(), missing(err)
	}
	return handle(f)
}

// missing gives ESRCH (no such task, or it exited) as ENOENT, the error of vishvananda/netns's
// /proc paths; other errors as bare errnos.
func missing(err error) error {
	if errors.Is(err, syscall.ESRCH) {
		return syscall.ENOENT
	}
	return errno(err)
}

// procNetns is the /proc path vishvananda/netns opens, for kernels without thread pidfds,
// where /proc numbers tasks as the caller's pid namespace does (ENOSYS otherwise: no safe
// way to find the task, as librns answers; vishvananda/netns opens another task's there).
func procNetns(tgid, tid int) (NsHandle, error) {
	if self, err := os.Readlink("/proc/self"); err != nil || self != strconv.Itoa(os.Getpid()) {
		return None(), syscall.ENOSYS
	}
	if tgid == 0 {
		if f, err := rns.NsOpen(tid, rns.CloneNewNet); err == nil || !errors.Is(err, syscall.ESRCH) {
			if err != nil {
				return None(), errno(err)
			}
			return handle(f) // a process, opened through a pidfd where the kernel has them
		}
		return GetFromPath("/proc/" + strconv.Itoa(tid) + "/ns/net") // a thread id
	}
	return GetFromPath("/proc/" + strconv.Itoa(tgid) + "/task/" + strconv.Itoa(tid) + "/ns/net")
}

// GetFromDocker gets a handle to the network namespace of a docker container. Id is prefix
// matched against the running docker containers, so a short identifier can be used as long
// as it isn't ambiguous. The container is found as vishvananda/netns finds it (docker's
// cgroup), its errors included; its namespace is then opened as GetFromPid opens it.
func GetFromDocker(id string) (NsHandle, error) {
	pid, err := getPidForContainer(id)
	if err != nil {
		return None(), err
	}
	return GetFromPid(pid)
}
