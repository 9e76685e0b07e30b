package rns

/*
#include <stdlib.h>
#include <rns.h>
*/
import "C"

import (
	"strings"
	"unsafe"
)

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
	c, ok := cID(uid)
	if !ok {
		return einval("setuid")
	}
	return check("setuid", C.rns_setuid(C.uid_t(c)))
}

// Setgid sets the group id (setgid(3)), as Setuid does for the user id.
//
// Scope: process (every thread).
// Errors: EINVAL gid is -1 or not mapped; EPERM not privileged and gid is neither the real
// nor the saved id.
func Setgid(gid int) error {
	c, ok := cID(gid)
	if !ok {
		return einval("setgid")
	}
	return check("setgid", C.rns_setgid(C.gid_t(c)))
}

// Seteuid sets the effective user id (seteuid(3)).
//
// Scope: process (every thread).
// Errors: EINVAL uid is -1 or not mapped; EPERM not privileged and uid is neither the real
// nor the saved id.
func Seteuid(uid int) error {
	c, ok := cID(uid)
	if !ok {
		return einval("seteuid")
	}
	return check("seteuid", C.rns_seteuid(C.uid_t(c)))
}

// Setegid sets the effective group id (setegid(3)).
//
// Scope: process (every thread).
// Errors: EINVAL gid is -1 or not mapped; EPERM not privileged and gid is neither the real
// nor the saved id.
func Setegid(gid int) error {
	c, ok := cID(gid)
	if !ok {
		return einval("setegid")
	}
	return check("setegid", C.rns_setegid(C.gid_t(c)))
}

// Setreuid sets the real and effective user ids (setreuid(2)); -1 keeps a value.
//
// Scope: process (every thread).
// Errors: EINVAL an id is not mapped; EPERM not privileged and a change is not allowed.
func Setreuid(ruid, euid int) error {
	r, ok1 := cID(ruid)
	e, ok2 := cID(euid)
	if !ok1 || !ok2 {
		return einval("setreuid")
	}
	return check("setreuid", C.rns_setreuid(C.uid_t(r), C.uid_t(e)))
}

// Setregid sets the real and effective group ids (setregid(2)); -1 keeps a value.
//
// Scope: process (every thread).
// Errors: EINVAL an id is not mapped; EPERM not privileged and a change is not allowed.
func Setregid(rgid, egid int) error {
	r, ok1 := cID(rgid)
	e, ok2 := cID(egid)
	if !ok1 || !ok2 {
		return einval("setregid")
	}
	return check("setregid", C.rns_setregid(C.gid_t(r), C.gid_t(e)))
}

// Setresuid sets the real, effective and saved user ids (setresuid(2)); -1 keeps a value.
//
// Scope: process (every thread).
// Errors: EINVAL an id is not mapped; EPERM not privileged and an id is none of the
// current real, effective and saved ids; EAGAIN RLIMIT_NPROC.
func Setresuid(ruid, euid, suid int) error {
	r, ok1 := cID(ruid)
	e, ok2 := cID(euid)
	s, ok3 := cID(suid)
	if !ok1 || !ok2 || !ok3 {
		return einval("setresuid")
	}
	return check("setresuid", C.rns_setresuid(C.uid_t(r), C.uid_t(e), C.uid_t(s)))
}

// Setresgid sets the real, effective and saved group ids (setresgid(2)); -1 keeps a value.
//
// Scope: process (every thread).
// Errors: EINVAL an id is not mapped; EPERM not privileged and an id is none of the
// current real, effective and saved ids.
func Setresgid(rgid, egid, sgid int) error {
	r, ok1 := cID(rgid)
	e, ok2 := cID(egid)
	s, ok3 := cID(sgid)
	if !ok1 || !ok2 || !ok3 {
		return einval("setresgid")
	}
	return check("setresgid", C.rns_setresgid(C.gid_t(r), C.gid_t(e), C.gid_t(s)))
}

// Getresuid returns the real, effective and saved user ids.
//
// Scope: reads only (the calling thread's ids, which are every thread's when set through
// this package, glibc or Go's syscall package).
func Getresuid() (ruid, euid, suid int, err error) {
	var r, e, s C.uid_t
	if err := check("getresuid", C.rns_getresuid(&r, &e, &s)); err != nil {
		return -1, -1, -1, err
	}
	return int(r), int(e), int(s), nil
}

// Getresgid returns the real, effective and saved group ids.
//
// Scope: reads only.
func Getresgid() (rgid, egid, sgid int, err error) {
	var r, e, s C.gid_t
	if err := check("getresgid", C.rns_getresgid(&r, &e, &s)); err != nil {
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
		n, err := result("getgroups", C.rns_getgroups(nil, 0))
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return []int{}, nil
		}
		buf := make([]C.gid_t, n)
		got, err := result("getgroups", C.rns_getgroups(&buf[0], C.size_t(n)))
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
	if len(gids) == 0 {
		return check("setgroups", C.rns_setgroups(nil, 0))
	}
	buf := make([]C.gid_t, len(gids))
	for i, g := range gids {
		c, ok := cID(g)
		if !ok {
			return einval("setgroups")
		}
		buf[i] = C.gid_t(c)
	}
	return check("setgroups", C.rns_setgroups(&buf[0], C.size_t(len(buf))))
}

// Initgroups sets the supplementary groups to those the group database lists for user,
// plus group (initgroups(3); reads /etc/group or NSS).
//
// Scope: process (every thread).
// Errors: EPERM lacking CAP_SETGID; ENOMEM; EINVAL user contains a NUL or group is out of
// range.
func Initgroups(user string, group int) error {
	g, ok := cID(group)
	if !ok || strings.IndexByte(user, 0) >= 0 {
		return einval("initgroups")
	}
	cuser := C.CString(user)
	defer C.free(unsafe.Pointer(cuser))
	return check("initgroups", C.rns_initgroups(cuser, C.gid_t(g)))
}

// Getgrouplist returns the groups the group database gives user, plus group
// (getgrouplist(3)). A user the database does not know gets just group.
//
// Scope: reads only.
// Errors: ENOMEM; EINVAL user contains a NUL or group is out of range.
func Getgrouplist(user string, group int) ([]int, error) {
	g, ok := cID(group)
	if !ok || strings.IndexByte(user, 0) >= 0 {
		return nil, einval("getgrouplist")
	}
	cuser := C.CString(user)
	defer C.free(unsafe.Pointer(cuser))
	n, err := result("getgrouplist", C.rns_getgrouplist(cuser, C.gid_t(g), nil, 0))
	for err == nil {
		if n == 0 {
			return []int{}, nil
		}
		buf := make([]C.gid_t, n)
		var full int
		full, err = result("getgrouplist", C.rns_getgrouplist(cuser, C.gid_t(g), &buf[0], C.size_t(n)))
		if err == nil && full <= n {
			return gidsToInts(buf[:full]), nil
		}
		n = full // the database grew between the calls: ask again with room for all
	}
	return nil, err
}

func gidsToInts(gids []C.gid_t) []int {
	out := make([]int, len(gids))
	for i, g := range gids {
		out[i] = int(g)
	}
	return out
}
