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
//     and errors.Is(err, fs.ErrPermission) both work. A function that takes a path names
//     it, as os.Open does: SetnsPath returns an *fs.PathError{Op: "setns", Path: path, Err:
//     a syscall.Errno}, which the same errors.Is tests see through.
//   - User and group ids are int, as in golang.org/x/sys/unix; -1 means "unchanged" (it is
//     passed as (uid_t)-1).
//   - Out-of-range numbers, one rule for every function (the Node binding's too): a value
//     the C parameter cannot hold is an invalid argument, and the function returns EINVAL
//     (an *os.SyscallError wrapping syscall.EINVAL, named after the function) before any
//     call, whatever the library or the kernel would answer for an in-range value. That is
//     an int outside [-2^31, 2^31-1] for a C int or pid_t (pids, process groups, signals,
//     nice values, PrioWhich, fd numbers: a RawFD or an Fd() value read as an int, and
//     PidfdGetfd's targetfd), a uint above 2^32-1 for an unsigned int (PidfdGetfd's flags),
//     and an id outside [-1, 2^32-1] for a uid_t, gid_t or id_t. So Getpgid(1<<32) is
//     EINVAL, never the group of pid 0 nor ESRCH. The flag types (CloneFlags, PidfdFlags,
//     PidfdSignalFlags) are 32 bits and always fit. Errname and Strerror have no error to
//     return: for a value above 2^31-1 they give "UNKNOWN" and "Unknown error".
//   - An fd argument is an FD: anything implementing syscall.Conn (an *os.File, a
//     *net.TCPConn, a *net.TCPListener, a *net.UnixConn, ...: borrowed through
//     SyscallConn().Control, never closed nor switched to blocking mode), a RawFD (a bare
//     number), or anything else with an Fd() uintptr method. Returned fds are *os.File
//     (see NsOpen).
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
// thread (the first call made there retires it: a goroutine of the package holds it, parked
// as it is, for the rest of the process, so callers run on other threads from then on). The
// set*id calls and Setgroups change every thread of the process.
//
// SetPdeathsig and SetNoNewPrivs set an attribute of the calling OS thread too (lock it, and
// read it back with GetPdeathsig or GetNoNewPrivs on the same thread); the parent-death
// signal is tied to the parent's creating thread (golang/go#27505), so use it in a child.
// SetChildSubreaper is process-wide.
//
// # Example
//
// The program example/main.go (the repository README's example) does this in full.
//
//	// Run fn inside the network and UTS namespaces of process pid, on this goroutine
//	// (never on the main thread: see RunInNamespaces).
//	err := rns.RunInNamespaces(pid, rns.CloneNewNet|rns.CloneNewUTS, func() error {
//		ifaces, err := net.Interfaces() // the target's interfaces
//		fmt.Println(ifaces)
//		return err
//	})
//	if errors.Is(err, fs.ErrPermission) {
//		log.Fatal("entering a namespace needs CAP_SYS_ADMIN: ", err)
//	}
package rns
