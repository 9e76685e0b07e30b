package rns_test

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"

	rns "github.com/librns/librns/bindings/go"
)

func openNs(t *testing.T, pid int, typ rns.CloneFlags) *rns.Namespace {
	t.Helper()
	n, err := rns.OpenNamespace(pid, typ)
	if err != nil {
		t.Fatalf("rns.OpenNamespace(%d, %v): %v", pid, typ, err)
	}
	t.Cleanup(func() { n.Close() })
	return n
}

func TestNsTypeOfEachType(t *testing.T) {
	types := []struct {
		flag   rns.CloneFlags
		nsFile string
	}{
		{rns.CloneNewNS, "mnt"}, {rns.CloneNewCgroup, "cgroup"}, {rns.CloneNewUTS, "uts"},
		{rns.CloneNewIPC, "ipc"}, {rns.CloneNewUser, "user"}, {rns.CloneNewPID, "pid"},
		{rns.CloneNewPID, "pid_for_children"}, {rns.CloneNewNet, "net"},
		{rns.CloneNewTime, "time"}, {rns.CloneNewTime, "time_for_children"},
	}
	for _, c := range types {
		f, err := os.Open("/proc/thread-self/ns/" + c.nsFile)
		if os.IsNotExist(err) {
			continue // a type this kernel lacks
		} else if err != nil {
			t.Fatal(err)
		}
		got, err := rns.NsType(f)
		f.Close()
		if err != nil || got != c.flag {
			t.Errorf("rns.NsType(%s) = %v, %v; want %v", c.nsFile, got, err, c.flag)
		}
	}
}

func TestNsNotANamespace(t *testing.T) {
	null := devNull(t)
	for name, fd := range map[string]rns.FD{"/dev/null": null, "a closed fd": rns.RawFD(closedFd(t)), "-1": rns.RawFD(-1), "nil": nil} {
		want := syscall.EINVAL
		if name != "/dev/null" {
			want = syscall.EBADF
		}
		_, err := rns.NsType(fd)
		wantErrno(t, err, "ns_type", want)
		_, err = rns.NsUserns(fd)
		wantErrno(t, err, "ns_userns", want)
		_, err = rns.NsParent(fd)
		wantErrno(t, err, "ns_parent", want)
		_, err = rns.NsOwnerUid(fd)
		wantErrno(t, err, "ns_owner_uid", want)
		_, _, err = rns.NsId(fd)
		wantErrno(t, err, "ns_id", want)
		_, err = rns.NsSame(fd, fd)
		wantErrno(t, err, "ns_same", want)
	}
	if _, err := rns.NamespaceFromFile(null); err == nil {
		t.Fatal("rns.NamespaceFromFile(/dev/null) succeeded")
	} else {
		wantErrno(t, err, "ns_type", syscall.EINVAL)
	}
	_, err := rns.NamespaceFromFile(nil)
	wantErrno(t, err, "ns_type", syscall.EBADF)
}

func TestNamespaceHandle(t *testing.T) {
	net, net2, uts := openNs(t, 0, rns.CloneNewNet), openNs(t, 0, rns.CloneNewNet), openNs(t, 0, rns.CloneNewUTS)
	user := openNs(t, 0, rns.CloneNewUser)
	if typ, err := net.Type(); err != nil || typ != rns.CloneNewNet {
		t.Fatalf("Type() = %v, %v", typ, err)
	}
	id1, k1, err1 := net.ID()
	id2, k2, err2 := net2.ID()
	if err1 != nil || err2 != nil || id1 != id2 || k1 != k2 {
		t.Fatalf("two opens of one namespace: ids %d %v %v, %d %v %v", id1, k1, err1, id2, k2, err2)
	}
	if !k1 && id1 != inodeOf(t, net) {
		t.Fatalf("inode id %d is not the inode %d", id1, inodeOf(t, net))
	}
	if idu, ku, _ := uts.ID(); ku == k1 && idu == id1 {
		t.Fatalf("net and uts have the same id %d", idu)
	}
	if same, err := net.Equal(net2); err != nil || !same {
		t.Fatalf("Equal(another open of it) = %v, %v", same, err)
	}
	if same, err := net.Equal(uts); err != nil || same {
		t.Fatalf("Equal(uts) = %v, %v", same, err)
	}
	owner, err := net.Owner()
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	if same, err := owner.Equal(user); err != nil || !same {
		t.Fatalf("the net namespace's owner is not our user namespace: %v, %v", same, err)
	}
	_, err = net.Parent()
	wantErrno(t, err, "ns_parent", syscall.EINVAL)
	_, err = user.Parent() // our own: the top we can see
	wantErrno(t, err, "ns_parent", syscall.EPERM)
	_, err = net.OwnerUID()
	wantErrno(t, err, "ns_owner_uid", syscall.EINVAL)
	if _, err := user.OwnerUID(); err != nil {
		t.Fatal(err)
	}
	// A Namespace is an FD.
	if same, err := rns.NsSame(net, rns.RawFD(net2.Fd())); err != nil || !same {
		t.Fatalf("rns.NsSame(Namespace, rns.RawFD) = %v, %v", same, err)
	}

	// Closed and nil: EBADF, no panic.
	if err := net2.Close(); err != nil {
		t.Fatal(err)
	}
	wantErrno(t, net2.Close(), "close", syscall.EBADF)
	var none *rns.Namespace
	for _, n := range []*rns.Namespace{net2, none} {
		_, err := n.Type()
		wantErrno(t, err, "ns_type", syscall.EBADF)
		_, _, err = n.ID()
		wantErrno(t, err, "ns_id", syscall.EBADF)
		_, err = n.Equal(net)
		wantErrno(t, err, "ns_same", syscall.EBADF)
		_, err = net.Equal(n)
		wantErrno(t, err, "ns_same", syscall.EBADF)
		_, err = n.Owner()
		wantErrno(t, err, "ns_userns", syscall.EBADF)
		_, err = n.Parent()
		wantErrno(t, err, "ns_parent", syscall.EBADF)
		_, err = n.OwnerUID()
		wantErrno(t, err, "ns_owner_uid", syscall.EBADF)
		if fd := n.Fd(); fd != ^uintptr(0) {
			t.Fatalf("Fd() of a closed or nil Namespace = %d", fd)
		}
	}
	wantErrno(t, none.Close(), "close", syscall.EBADF)
}

func TestNamespaceFromFile(t *testing.T) {
	f, err := os.Open("/proc/self/ns/uts")
	if err != nil {
		t.Fatal(err)
	}
	n, err := rns.NamespaceFromFile(f)
	if err != nil {
		t.Fatal(err)
	}
	if typ, err := n.Type(); err != nil || typ != rns.CloneNewUTS {
		t.Fatalf("Type() = %v, %v", typ, err)
	}
	if err := n.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Stat(); err == nil {
		t.Fatal("Close left the file open")
	}
}

// A child in a new user namespace with a net namespace of its own: that user namespace's
// parent and owner are ours, its owner uid is our euid, and it owns the child's net
// namespace.
func TestNamespaceOfNewUserNamespace(t *testing.T) {
	h := startHolderOrSkip(t, syscall.CLONE_NEWUSER|syscall.CLONE_NEWNET)
	ours := openNs(t, 0, rns.CloneNewUser)
	theirs := openNs(t, h.pid, rns.CloneNewUser)
	theirNet := openNs(t, h.pid, rns.CloneNewNet)
	if same, err := theirs.Equal(ours); err != nil || same {
		t.Fatalf("Equal(ours) = %v, %v", same, err)
	}
	for what, f := range map[string]func() (*rns.Namespace, error){"Parent": theirs.Parent, "Owner": theirs.Owner} {
		n, err := f()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if same, err := n.Equal(ours); err != nil || !same {
			t.Fatalf("%s() is not our user namespace: %v, %v", what, same, err)
		}
		n.Close()
	}
	if uid, err := theirs.OwnerUID(); err != nil || uid != os.Geteuid() {
		t.Fatalf("OwnerUID() = %d, %v; want %d", uid, err, os.Geteuid())
	}
	owner, err := theirNet.Owner()
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	if same, err := owner.Equal(theirs); err != nil || !same {
		t.Fatalf("the child's net namespace is not owned by its user namespace: %v, %v", same, err)
	}
	a, ka, _ := theirs.ID()
	b, kb, _ := ours.ID()
	if ka == kb && a == b {
		t.Fatalf("two user namespaces with the id %d", a)
	}
}

// startHolderOrSkip is startHolder, skipping where this user cannot make the namespaces.
func startHolderOrSkip(t *testing.T, cloneflags uintptr) *holder {
	t.Helper()
	f, err := os.ReadFile("/proc/sys/user/max_user_namespaces")
	if err == nil && string(f) == "0\n" {
		t.Skip("user namespaces are disabled (user.max_user_namespaces = 0)")
	}
	return startHolder(t, cloneflags, "")
}

// inodeOf is the inode number of the namespace's file.
func inodeOf(t *testing.T, n *rns.Namespace) uint64 {
	t.Helper()
	var st syscall.Stat_t
	if err := syscall.Fstat(int(n.Fd()), &st); err != nil {
		t.Fatal(err)
	}
	return st.Ino
}

// nsPids is the NSpid line of a /proc status file: the numbers from /proc's pid namespace
// down.
func nsPids(t *testing.T, path string) []int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "NSpid:"); ok {
			var out []int
			for _, f := range strings.Fields(rest) {
				n, err := strconv.Atoi(f)
				if err != nil {
					t.Fatalf("%s: NSpid %q", path, rest)
				}
				out = append(out, n)
			}
			return out
		}
	}
	t.Fatalf("%s has no NSpid line", path)
	return nil
}

// Our own pid namespace is the identity; what any call refuses before asking the kernel.
func TestNsPidOwnNamespace(t *testing.T) {
	pidns := openNs(t, 0, rns.CloneNewPID)
	if p, err := rns.NsPidFrom(pidns, os.Getpid(), 0); err != nil || p != os.Getpid() {
		t.Fatalf("NsPidFrom(own, getpid) = %d, %v; want %d", p, err, os.Getpid())
	}
	if p, err := pidns.PidIn(os.Getpid(), rns.NsPidTGID); err != nil || p != os.Getpid() {
		t.Fatalf("PidIn(getpid, TGID) = %d, %v", p, err)
	}
	net := openNs(t, 0, rns.CloneNewNet)
	_, err := rns.NsPidFrom(net, 1, 0)
	wantErrno(t, err, "ns_pid_from", syscall.EINVAL)
	_, err = rns.NsPidIn(rns.RawFD(-1), 1, 0)
	wantErrno(t, err, "ns_pid_in", syscall.EBADF)
	_, err = pidns.PidFrom(0, 0)
	wantErrno(t, err, "ns_pid_from", syscall.EINVAL)
	_, err = pidns.PidIn(1<<40, 0)
	wantErrno(t, err, "ns_pid_in", syscall.EINVAL)
	_, err = pidns.PidIn(1, 2)
	wantErrno(t, err, "ns_pid_in", syscall.EINVAL)
}

// A holder in a new pid namespace (its init, pid 1 there): each of its threads, as
// /proc/PID/task/TID/status's NSpid numbers it here and there, is translated both ways;
// the thread-group id of each is the holder's; we are outside that namespace.
func TestNsPidChildNamespaceNSpid(t *testing.T) {
	h := startHolderOrSkip(t, syscall.CLONE_NEWUSER|syscall.CLONE_NEWPID)
	ns := openNs(t, h.pid, rns.CloneNewPID)
	if p := nsPids(t, fmt.Sprintf("/proc/%d/status", h.pid)); len(p) != 2 || p[0] != h.pid || p[1] != 1 {
		t.Fatalf("the holder's NSpid is %v, want [%d 1]", p, h.pid)
	}
	tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", h.pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range tasks {
		p := nsPids(t, fmt.Sprintf("/proc/%d/task/%s/status", h.pid, task.Name()))
		here, there := p[0], p[1]
		got, err := ns.PidFrom(there, 0)
		if errors.Is(err, syscall.ENOSYS) {
			t.Skip("this kernel has no NS_GET_PID_FROM_PIDNS (before 6.9)")
		}
		if err != nil || got != here {
			t.Fatalf("PidFrom(%d) = %d, %v; want %d (NSpid %v)", there, got, err, here, p)
		}
		if got, err := ns.PidIn(here, 0); err != nil || got != there {
			t.Fatalf("PidIn(%d) = %d, %v; want %d", here, got, err, there)
		}
		if got, err := ns.PidFrom(there, rns.NsPidTGID); err != nil || got != h.pid {
			t.Fatalf("PidFrom(%d, TGID) = %d, %v; want %d", there, got, err, h.pid)
		}
		if got, err := ns.PidIn(here, rns.NsPidTGID); err != nil || got != 1 {
			t.Fatalf("PidIn(%d, TGID) = %d, %v; want 1", here, got, err)
		}
	}
	_, err = ns.PidIn(os.Getpid(), 0)
	wantErrno(t, err, "ns_pid_in", syscall.ESRCH)
}

// NsOpenId reopens our net namespace from its kernel id, type and inode; a wrong inode or
// type opens nothing; bad arguments are refused before the kernel is asked.
func TestNsOpenIdRoundTrip(t *testing.T) {
	net := openNs(t, 0, rns.CloneNewNet)
	id, kernel, err := net.ID()
	if err != nil {
		t.Fatal(err)
	}
	ino := inodeOf(t, net)
	if !kernel {
		_, err := rns.NsOpenId(id, rns.CloneNewNet, ino)
		wantErrno(t, err, "ns_open_id", syscall.ENOSYS)
		t.Skip("no kernel namespace ids (before 6.18): no nsfs handles, ENOSYS checked")
	}
	again, err := rns.OpenNamespaceByID(id, rns.CloneNewNet, ino)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if same, err := again.Equal(net); err != nil || !same {
		t.Fatalf("the namespace opened by id is not ours: %v, %v", same, err)
	}
	_, err = rns.NsOpenId(id, rns.CloneNewNet, ino+1)
	wantErrno(t, err, "ns_open_id", syscall.ENOENT)
	_, err = rns.NsOpenId(id, rns.CloneNewUTS, ino)
	wantErrno(t, err, "ns_open_id", syscall.ENOENT)
	_, err = rns.NsOpenId(0, rns.CloneNewNet, ino)
	wantErrno(t, err, "ns_open_id", syscall.EINVAL)
	_, err = rns.NsOpenId(id, rns.CloneNewNet, 0)
	wantErrno(t, err, "ns_open_id", syscall.EINVAL)
}

// Listns: our net namespace's id is among the net namespaces listed where the kernel has
// listns (6.19); before, ENOSYS, as documented. Bad arguments are refused on every kernel.
func TestListnsOrENOSYS(t *testing.T) {
	_, err := rns.Listns(0, 1, 0, 4)
	wantErrno(t, err, "listns", syscall.EINVAL)
	_, err = rns.Listns(0, rns.CloneNewNet, 0, -1)
	wantErrno(t, err, "listns", syscall.EINVAL)
	mine, _, err := openNs(t, 0, rns.CloneNewNet).ID()
	if err != nil {
		t.Fatal(err)
	}
	ids, err := rns.Listns(0, rns.CloneNewNet, 0, 64)
	if errors.Is(err, syscall.ENOSYS) {
		wantErrno(t, err, "listns", syscall.ENOSYS)
		t.Log("no listns here (a kernel before 6.19): ENOSYS, as documented")
		return
	}
	var after uint64
	for pages := 0; err == nil && len(ids) > 0 && pages < 100000; pages++ {
		for _, id := range ids {
			if id <= after {
				t.Fatalf("ids not ascending after %d: %v", after, ids)
			}
			if id == mine {
				return
			}
		}
		after = ids[len(ids)-1]
		ids, err = rns.Listns(after, rns.CloneNewNet, 0, 64)
	}
	t.Fatalf("our net namespace %d is not listed (last error %v)", mine, err)
}
