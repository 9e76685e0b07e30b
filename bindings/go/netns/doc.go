// Package netns is github.com/vishvananda/netns's API (v0.0.5) on librns: change the import
// path and the program compiles and behaves the same, on the same kernels. NsHandles can be
// retrieved and set. Note that the current namespace is thread local, so actions that set and
// reset namespaces should use runtime.LockOSThread to make sure the namespace doesn't change
// due to a goroutine switch. It is best to close NsHandles when you are done with them (defer
// ns.Close()). Changing namespaces requires CAP_SYS_ADMIN (root, or root in a user namespace
// that owns the namespaces).
//
// Errors are vishvananda/netns's: bare syscall.Errno values where it returns them (ENOENT for
// a missing name, pid or thread; EEXIST from NewNamed is an *fs.PathError, as there).
//
// # What you gain over vishvananda/netns
//
//   - Named namespaces are made and deleted as `ip netns add/del` make them (rns.NetnsAdd,
//     rns.NetnsDelete): a shared /run/netns mount, an O_EXCL placeholder, the bind mount made
//     on a library thread, all under librns's lock, so concurrent NewNamed/DeleteNamed calls
//     (and rns callers) never race each other, and `ip netns list/exec` see them.
//   - NewNamed of an existing name fails without touching the calling thread (netns's leaves
//     it in a new, unnamed namespace). Names that are empty, ".", "..", contain "/" or are
//     over 255 bytes are EINVAL for NewNamed, DeleteNamed and GetFromName (netns's
//     DeleteNamed("") detaches the whole /run/netns mount; GetFromName("") opens the
//     directory as a handle; "../x" reaches outside /run/netns). GetFromName of a name that
//     `ip netns add` is still making gives ENOENT, not a handle of an empty file.
//   - New and NewNamed still switch the calling thread, as netns's do, but they also lock the
//     goroutine to it (runtime.LockOSThread) until Set brings the thread back into the network
//     namespace it had before New. A caller that forgets LockOSThread, or unlocks without
//     going back, no longer hands a switched thread to other goroutines: the thread stays
//     with its goroutine and the runtime ends it when that goroutine exits. What the caller
//     must do is unchanged: lock, save Get(), New, work, Set(saved), unlock.
//   - GetFromThread opens the thread through a thread pidfd (PIDFD_THREAD, Linux 6.9),
//     checks it belongs to pid, and opens its namespace through that pidfd: no /proc lookup by
//     number, so a /proc of another pid namespace cannot give another task's namespace.
//     GetFromPid does the same for a pid. Without thread pidfds (before Linux 6.9, or a
//     sandbox) both open /proc as netns does, but only where /proc is of the caller's pid
//     namespace: elsewhere they give ENOSYS, where netns gives another task's namespace.
//
// Set, Setns and Get are netns's: Set changes the calling thread only and takes no lock of
// its own (hold runtime.LockOSThread around it); it is the setns(2) call itself, as
// rns.Setns makes it for a network namespace, at netns's cost. Setns of another type goes
// through rns.Setns, which refuses a mount namespace while the thread shares its root and cwd
// with others (EINVAL; the kernel would move them for every thread); New's lock is given back
// only by a Set (or Setns) into the thread's home network namespace. For running a function
// in a namespace without managing threads, use rns.RunInNamespaces or rns.RunInNs, which
// never change a thread they hand back.
package netns
