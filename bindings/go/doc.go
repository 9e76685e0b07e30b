// Package rns is the Go binding of librns: correct, safe wrappers over Linux namespace,
// process-group/session, priority, credential and pidfd calls.
//
// It links to librns through cgo and pkg-config ("#cgo pkg-config: rns"): build with
// PKG_CONFIG_PATH pointing at the directory holding rns.pc (or rns-uninstalled.pc for a
// build tree, which also sets the run-time library path).
//
// # Conventions
//
//   - One Go function per C function: rns_setns is Setns, rns_pidfd_open is PidfdOpen.
//   - Errors are *os.SyscallError wrapping a syscall.Errno, with Syscall set to the C
//     function's name without "rns_" ("setns", "setns_pid"). So errors.Is(err, syscall.EPERM)
//     and errors.Is(err, fs.ErrPermission) both work.
//   - User and group ids are int, as in golang.org/x/sys/unix; -1 means "unchanged" (it is
//     passed as (uid_t)-1) and an id outside [-1, 2^32-1] gives EINVAL without a call.
//     Any other int argument that does not fit its C type also gives EINVAL without a
//     call (except a pid that is only looked up, ESRCH, and PidfdGetfd's targetfd, EBADF).
//   - An fd argument is an FD: an *os.File, a RawFD (a bare number), or anything else with
//     an Fd() uintptr method. Returned fds are *os.File (see NsOpen).
//
// # Threads
//
// Every function's comment gives its scope. Setns, Unshare, SetnsPath, SetnsPid and
// Setpriority(PrioProcess, 0, ...) change only the calling OS thread: the goroutine must
// hold runtime.LockOSThread around the change and everything that relies on it, or the
// scheduler may move it to another thread and hand the changed thread to some other
// goroutine. A thread that cannot be restored must stay locked until its goroutine exits,
// so the runtime ends it; but the runtime never ends the main thread (tid == pid), which
// any goroutine may be running on, so never leave that one changed. RunInNamespaces does
// all of this: it restores the thread afterwards, and never does the work on the main
// thread. The set*id calls and Setgroups change every thread of the process.
//
// # Example
//
//	// Run fn inside the network and UTS namespaces of process pid, on this goroutine
//	// (on a new one if this one is on the main thread).
//	err := rns.RunInNamespaces(pid, rns.CloneNewNet|rns.CloneNewUTS, func() error {
//		ifaces, err := net.Interfaces() // the target's interfaces
//		fmt.Println(ifaces)
//		return err
//	})
//	if errors.Is(err, fs.ErrPermission) {
//		log.Fatal("entering a namespace needs CAP_SYS_ADMIN: ", err)
//	}
package rns
