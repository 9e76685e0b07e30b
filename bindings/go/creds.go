package rns

import "strings"

// All set*id functions take ids as int: -1 keeps a value (it is passed as (uid_t)-1), and an
// id outside [-1, 2^32-1] gives EINVAL without calling the kernel. Like POSIX, CPython and
// Go's syscall package, they change the ids of every thread of the process.

// Setuid sets the user id (setuid(3)): with privilege the real, effective and saved ids,
// without it only the effective id, to the real or saved one.
//
// Scope: process (every thread).
// Errors: EINVAL uid is -1 or not mapped in the caller's user namespace; EPERM not
// privileged and uid is neither the real nor the saved id; EAGAIN RLIMIT_NPROC.
func Setuid(uid int) error {
	c, ok := idArg(uid)
	if !ok {
		return einval("setuid")
	}
	return check("setuid", cSetuid(c))
}

// Setgid sets the group id (setgid(3)), as Setuid does for the user id.
//
// Scope: process (every thread).
// Errors: EINVAL gid is -1 or not mapped; EPERM not privileged and gid is neither the real
// nor the saved id.
func Setgid(gid int) error {
	c, ok := idArg(gid)
	if !ok {
		return einval("setgid")
	}
	return check("setgid", cSetgid(c))
}

// Seteuid sets the effective user id (seteuid(3)).
//
// Scope: process (every thread).
// Errors: EINVAL uid is -1 or not mapped; EPERM not privileged and uid is neither the real
// nor the saved id.
func Seteuid(uid int) error {
	c, ok := idArg(uid)
	if !ok {
		return einval("seteuid")
	}
	return check("seteuid", cSeteuid(c))
}

// Setegid sets the effective group id (setegid(3)).
//
// Scope: process (every thread).
// Errors: EINVAL gid is -1 or not mapped; EPERM not privileged and gid is neither the real
// nor the saved id.
func Setegid(gid int) error {
	c, ok := idArg(gid)
	if !ok {
		return einval("setegid")
	}
	return check("setegid", cSetegid(c))
}

// Setreuid sets the real and effective user ids (setreuid(2)); -1 keeps a value.
//
// Scope: process (every thread).
// Errors: EINVAL an id is not mapped; EPERM not privileged and a change is not allowed.
func Setreuid(ruid, euid int) error {
	r, ok1 := idArg(ruid)
	e, ok2 := idArg(euid)
	if !ok1 || !ok2 {
		return einval("setreuid")
	}
	return check("setreuid", cSetreuid(r, e))
}

// Setregid sets the real and effective group ids (setregid(2)); -1 keeps a value.
//
// Scope: process (every thread).
// Errors: EINVAL an id is not mapped; EPERM not privileged and a change is not allowed.
func Setregid(rgid, egid int) error {
	r, ok1 := idArg(rgid)
	e, ok2 := idArg(egid)
	if !ok1 || !ok2 {
		return einval("setregid")
	}
	return check("setregid", cSetregid(r, e))
}

// Setresuid sets the real, effective and saved user ids (setresuid(2)); -1 keeps a value.
//
// Scope: process (every thread).
// Errors: EINVAL an id is not mapped; EPERM not privileged and an id is none of the
// current real, effective and saved ids; EAGAIN RLIMIT_NPROC.
func Setresuid(ruid, euid, suid int) error {
	r, ok1 := idArg(ruid)
	e, ok2 := idArg(euid)
	s, ok3 := idArg(suid)
	if !ok1 || !ok2 || !ok3 {
		return einval("setresuid")
	}
	return check("setresuid", cSetresuid(r, e, s))
}

// Setresgid sets the real, effective and saved group ids (setresgid(2)); -1 keeps a value.
//
// Scope: process (every thread).
// Errors: EINVAL an id is not mapped; EPERM not privileged and an id is none of the
// current real, effective and saved ids.
func Setresgid(rgid, egid, sgid int) error {
	r, ok1 := idArg(rgid)
	e, ok2 := idArg(egid)
	s, ok3 := idArg(sgid)
	if !ok1 || !ok2 || !ok3 {
		return einval("setresgid")
	}
	return check("setresgid", cSetresgid(r, e, s))
}

// Getresuid returns the real, effective and saved user ids.
//
// Scope: reads only (the calling thread's ids, which are every thread's when set through
// this package, glibc or Go's syscall package).
func Getresuid() (ruid, euid, suid int, err error) {
	r, e, s, rc := cGetresuid()
	if err := check("getresuid", rc); err != nil {
		return -1, -1, -1, err
	}
	return int(r), int(e), int(s), nil
}

// Getresgid returns the real, effective and saved group ids.
//
// Scope: reads only.
func Getresgid() (rgid, egid, sgid int, err error) {
	r, e, s, rc := cGetresgid()
	if err := check("getresgid", rc); err != nil {
		return -1, -1, -1, err
	}
	return int(r), int(e), int(s), nil
}

// Getgroups returns the supplementary group ids (an empty, non-nil slice when there are
// none). It sizes the list itself, retrying if the groups change meanwhile.
//
// Scope: reads only.
func Getgroups() ([]int, error) {
	for tries := 0; ; tries++ {
		n, err := result("getgroups", cGetgroups(nil))
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return []int{}, nil
		}
		buf := make([]uint32, n)
		got, err := result("getgroups", cGetgroups(buf))
		if err == nil {
			return gidsToInts(buf[:got]), nil
		}
		if tries >= 8 { // the list keeps growing between the two calls
			return nil, err
		}
	}
}

// Setgroups replaces the supplementary group ids with gids (empty or nil clears them).
//
// Scope: process (every thread).
// Errors: EINVAL more than 65536 ids, or an id not mapped or outside [0, 2^32-1] (-1 is
// passed on as (gid_t)-1, which the kernel refuses); EPERM lacking CAP_SETGID, or
// setgroups is denied in this user namespace.
func Setgroups(gids []int) error {
	buf, ok := idList(gids)
	if !ok {
		return einval("setgroups")
	}
	return check("setgroups", cSetgroups(buf))
}

// idList is gids as C gid_t values, false if one is out of range.
func idList(gids []int) ([]uint32, bool) {
	buf := make([]uint32, len(gids))
	for i, g := range gids {
		c, ok := idArg(g)
		if !ok {
			return nil, false
		}
		buf[i] = c
	}
	return buf, true
}

// Initgroups sets the supplementary groups to those the group database lists for user,
// plus group (initgroups(3); reads /etc/group or NSS).
//
// Scope: process (every thread).
// Errors: EPERM lacking CAP_SETGID; ENOMEM; EINVAL user contains a NUL or group is out of
// range.
func Initgroups(user string, group int) error {
	g, ok := idArg(group)
	if !ok || strings.IndexByte(user, 0) >= 0 {
		return einval("initgroups")
	}
	return check("initgroups", cInitgroups(user, g))
}

// Getgrouplist returns the groups the group database gives user, plus group
// (getgrouplist(3)). A user the database does not know gets just group.
//
// Scope: reads only.
// Errors: ENOMEM; EINVAL user contains a NUL or group is out of range.
func Getgrouplist(user string, group int) ([]int, error) {
	g, ok := idArg(group)
	if !ok || strings.IndexByte(user, 0) >= 0 {
		return nil, einval("getgrouplist")
	}
	n, err := result("getgrouplist", cGetgrouplist(user, g, nil))
	for err == nil {
		if n == 0 {
			return []int{}, nil
		}
		buf := make([]uint32, n)
		var full int
		full, err = result("getgrouplist", cGetgrouplist(user, g, buf))
		if err == nil && full <= n {
			return gidsToInts(buf[:full]), nil
		}
		n = full // the database grew between the calls: ask again with room for all
	}
	return nil, err
}

func gidsToInts(gids []uint32) []int {
	out := make([]int, len(gids))
	for i, g := range gids {
		out[i] = int(g)
	}
	return out
}

// DropFlags are options of DropPrivileges.
type DropFlags int

// DropNoNewPrivs also sets no_new_privs on the calling thread once the ids are dropped (lock
// the goroutine's thread first to have it on the thread that goes on).
const DropNoNewPrivs DropFlags = rnsDropNoNewPrivs

// DropPrivileges drops the process's privileges for good (rns_drop_privileges): groups, then
// the real, effective and saved gid, then the uid (CERT POS36-C), on every thread, and then
// verifies it (POS37-C): the ids and groups read back on every thread, no capability left
// with uid not 0, the old uids cannot be taken back. A failure before the uid changed is
// undone; a drop that cannot be verified is ENOTRECOVERABLE, after which the program should
// not go on. groups nil or empty: no supplementary groups.
//
// Scope: process (every thread).
// Errors (*os.SyscallError named "drop_privileges"): EINVAL an id out of range or unmapped,
// unknown flags; EPERM lacking CAP_SETUID/CAP_SETGID (nothing changed); ENOTRECOVERABLE.
func DropPrivileges(uid, gid int, groups []int, flags DropFlags) error {
	u, ok1 := idArg(uid)
	g, ok2 := idArg(gid)
	if !ok1 || !ok2 {
		return einval("drop_privileges")
	}
	buf, ok := idList(groups)
	if !ok {
		return einval("drop_privileges")
	}
	f, ok := int32Arg(int(flags))
	if !ok {
		return einval("drop_privileges")
	}
	return check("drop_privileges", cDropPrivileges(u, g, buf, f))
}
