package rns

// The one file of the package that uses cgo: every reference to C (the header's constants
// and functions, C types, C.CString) is here, and the other files are plain Go over these
// wrappers. Each wrapper takes and returns fixed-size Go integers of the C parameter's
// width; the callers have already checked that every value fits (see args.go), so the
// conversions here never narrow. A wrapper returns the C function's result unchanged:
// >= 0 is a value, < 0 is -errno.

/*
#cgo pkg-config: rns
#include <stdlib.h>
#include <sys/resource.h>
#include <rns.h>

// RLIMIT_NOFILE as the process started: a constructor runs before the Go runtime, which
// raises its soft limit (see Cmd.Start).
static struct rlimit rns_go_nofile;
static int rns_go_nofile_ok;
__attribute__((constructor)) static void rns_go_save_nofile(void) {
	rns_go_nofile_ok = getrlimit(RLIMIT_NOFILE, &rns_go_nofile) == 0;
}
static int rns_go_nofile_at_start(struct rlimit *out) {
	*out = rns_go_nofile;
	return rns_go_nofile_ok;
}

// A sigset_t of the n signals at sigs (each 1..64, checked by the caller).
static void rns_go_sigset(sigset_t *set, const int *sigs, int n) {
	sigemptyset(set);
	for (int i = 0; i < n; i++)
		sigaddset(set, sigs[i]);
}

// An rns_siginfo with an int value (the union's member set in C: any byte order).
static rns_siginfo rns_go_siginfo(int code, int value) {
	rns_siginfo in = { .size = sizeof in, .code = code };
	in.value.sival_int = value;
	return in;
}
*/
import "C"

import (
	"runtime"
	"syscall"
	"time"
	"unsafe"
)

// The header's constants.
const (
	rnsVersionMajor = C.RNS_VERSION_MAJOR
	rnsVersionMinor = C.RNS_VERSION_MINOR
	rnsVersionPatch = C.RNS_VERSION_PATCH

	rnsCloneNewNS     = C.RNS_CLONE_NEWNS
	rnsCloneNewCgroup = C.RNS_CLONE_NEWCGROUP
	rnsCloneNewUTS    = C.RNS_CLONE_NEWUTS
	rnsCloneNewIPC    = C.RNS_CLONE_NEWIPC
	rnsCloneNewUser   = C.RNS_CLONE_NEWUSER
	rnsCloneNewPID    = C.RNS_CLONE_NEWPID
	rnsCloneNewNet    = C.RNS_CLONE_NEWNET
	rnsCloneNewTime   = C.RNS_CLONE_NEWTIME
	rnsCloneFiles     = C.RNS_CLONE_FILES
	rnsCloneFS        = C.RNS_CLONE_FS
	rnsCloneSysVSem   = C.RNS_CLONE_SYSVSEM
	rnsCloneSighand   = C.RNS_CLONE_SIGHAND
	rnsCloneThread    = C.RNS_CLONE_THREAD
	rnsCloneVM        = C.RNS_CLONE_VM

	rnsPidfdNonblock           = C.RNS_PIDFD_NONBLOCK
	rnsPidfdThread             = C.RNS_PIDFD_THREAD
	rnsPidfdSignalThread       = C.RNS_PIDFD_SIGNAL_THREAD
	rnsPidfdSignalThreadGroup  = C.RNS_PIDFD_SIGNAL_THREAD_GROUP
	rnsPidfdSignalProcessGroup = C.RNS_PIDFD_SIGNAL_PROCESS_GROUP
	rnsPidfdSelfThread         = C.RNS_PIDFD_SELF_THREAD
	rnsPidfdSelfThreadGroup    = C.RNS_PIDFD_SELF_THREAD_GROUP

	rnsPrioProcess = C.RNS_PRIO_PROCESS
	rnsPrioPgrp    = C.RNS_PRIO_PGRP
	rnsPrioUser    = C.RNS_PRIO_USER

	rnsNsIDKernel = C.RNS_NS_ID_KERNEL
	rnsNsIDInode  = C.RNS_NS_ID_INODE
	rnsNsPidTgid  = C.RNS_NS_PID_TGID

	rnsNsForChildren = C.RNS_NS_FOR_CHILDREN
	rnsSiQueue       = C.RNS_SI_QUEUE
)

// The widths the wrappers assume: int, pid_t, uid_t, gid_t and id_t are all 32 bits (so a
// []uint32 is a gid_t array). A mismatch is a compile error (arrays of different lengths).
var (
	_ [4]byte = [unsafe.Sizeof(C.int(0))]byte{}
	_ [4]byte = [unsafe.Sizeof(C.pid_t(0))]byte{}
	_ [4]byte = [unsafe.Sizeof(C.uid_t(0))]byte{}
	_ [4]byte = [unsafe.Sizeof(C.gid_t(0))]byte{}
	_ [4]byte = [unsafe.Sizeof(C.id_t(0))]byte{}
)

// gidArray is list as a C gid_t array (nil for an empty list).
func gidArray(list []uint32) *C.gid_t {
	if len(list) == 0 {
		return nil
	}
	return (*C.gid_t)(unsafe.Pointer(&list[0]))
}

// --- errors.go -----------------------------------------------------------------------------

func cErrname(e int32) string  { return C.GoString(C.rns_errname(C.int(e))) }
func cStrerror(e int32) string { return C.GoString(C.rns_strerror(C.int(e))) }
func cVersion() string         { return C.GoString(C.rns_version()) }

// --- namespaces.go -------------------------------------------------------------------------

func cSetns(fd, nstype int32) int32 { return int32(C.rns_setns(C.int(fd), C.int(nstype))) }
func cUnshare(flags int32) int32    { return int32(C.rns_unshare(C.int(flags))) }

func cSetnsPath(path string, nstype int32) int32 {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	return int32(C.rns_setns_path(cpath, C.int(nstype)))
}

func cNsOpen(pid, nstype int32) int32 { return int32(C.rns_ns_open(C.pid_t(pid), C.int(nstype))) }

// withCString calls fn with s as a C string, freed after.
func withCString(s string, fn func(*C.char) C.int) int32 {
	c := C.CString(s)
	defer C.free(unsafe.Pointer(c))
	return int32(fn(c))
}

func cNetnsAdd(name string) int32 {
	return withCString(name, func(c *C.char) C.int { return C.rns_netns_add(c) })
}
func cNetnsOpen(name string) int32 {
	return withCString(name, func(c *C.char) C.int { return C.rns_netns_open(c) })
}
func cNetnsDelete(name string) int32 {
	return withCString(name, func(c *C.char) C.int { return C.rns_netns_delete(c) })
}
func cNsPersist(fd int32, path string) int32 {
	return withCString(path, func(c *C.char) C.int { return C.rns_ns_persist(C.int(fd), c) })
}
func cNsUnpersist(path string) int32 {
	return withCString(path, func(c *C.char) C.int { return C.rns_ns_unpersist(c) })
}

func cUsernsAcquire(uidMap, gidMap string, flags int32) int32 {
	cu, cg := C.CString(uidMap), C.CString(gidMap)
	defer C.free(unsafe.Pointer(cu))
	defer C.free(unsafe.Pointer(cg))
	return int32(C.rns_userns_acquire(cu, cg, C.int(flags)))
}
func cSetnsPid(pid, nstypes int32) int32 {
	return int32(C.rns_setns_pid(C.pid_t(pid), C.int(nstypes)))
}

// --- run.go: the save/restore pair (one C object, freed by cNsRestore) ------------------

// nsSaved is what rns_ns_enter* saved, for cNsRestore on the same OS thread.
type nsSaved *C.rns_ns_saved

func cNsEnter(fd, nstypes int32) (nsSaved, int32) {
	var s *C.rns_ns_saved
	r := C.rns_ns_enter(C.int(fd), C.int(nstypes), &s)
	return s, int32(r)
}

func cNsEnterPid(pid, nstypes int32) (nsSaved, int32) {
	var s *C.rns_ns_saved
	r := C.rns_ns_enter_pid(C.pid_t(pid), C.int(nstypes), &s)
	return s, int32(r)
}

func cNsRestore(s nsSaved) int32 { return int32(C.rns_ns_restore(s)) }

// --- pgrp.go -------------------------------------------------------------------------------

func cSetpgid(pid, pgid int32) int32 { return int32(C.rns_setpgid(C.pid_t(pid), C.pid_t(pgid))) }
func cGetpgid(pid int32) int32       { return int32(C.rns_getpgid(C.pid_t(pid))) }
func cSetpgrp() int32                { return int32(C.rns_setpgrp()) }
func cGetpgrp() int32                { return int32(C.rns_getpgrp()) }
func cSetsid() int32                 { return int32(C.rns_setsid()) }
func cGetsid(pid int32) int32        { return int32(C.rns_getsid(C.pid_t(pid))) }
func cTcgetpgrp(fd int32) int32      { return int32(C.rns_tcgetpgrp(C.int(fd))) }
func cTcsetpgrp(fd, pgrp int32) int32 {
	return int32(C.rns_tcsetpgrp(C.int(fd), C.pid_t(pgrp)))
}
func cKillpg(pgrp, sig int32) int32 { return int32(C.rns_killpg(C.pid_t(pgrp), C.int(sig))) }

// --- pidfd.go ------------------------------------------------------------------------------

const (
	rnsWExited    = C.RNS_WEXITED
	rnsWStopped   = C.RNS_WSTOPPED
	rnsWContinued = C.RNS_WCONTINUED
	rnsWNoHang    = C.RNS_WNOHANG
	rnsWNoWait    = C.RNS_WNOWAIT

	rnsWaitNone      = C.RNS_WAIT_NONE
	rnsWaitExited    = C.RNS_WAIT_EXITED
	rnsWaitKilled    = C.RNS_WAIT_KILLED
	rnsWaitDumped    = C.RNS_WAIT_DUMPED
	rnsWaitStopped   = C.RNS_WAIT_STOPPED
	rnsWaitContinued = C.RNS_WAIT_CONTINUED
	rnsWaitTrapped   = C.RNS_WAIT_TRAPPED

	rnsPidfdInfoPid      = C.RNS_PIDFD_INFO_PID
	rnsPidfdInfoCreds    = C.RNS_PIDFD_INFO_CREDS
	rnsPidfdInfoCgroupID = C.RNS_PIDFD_INFO_CGROUPID
	rnsPidfdInfoExit     = C.RNS_PIDFD_INFO_EXIT
)

// cWaitStatus is rns_wait_status in Go terms.
type cWaitStatus struct {
	kind, pid, code int32
	uid             uint32
}

func cPidfdWait(pidfd, options int32) (cWaitStatus, int32) {
	st := C.rns_wait_status{size: C.uint32_t(unsafe.Sizeof(C.rns_wait_status{}))}
	r := int32(C.rns_pidfd_wait(C.int(pidfd), C.int(options), &st))
	return cWaitStatus{int32(st.kind), int32(st.pid), int32(st.code), uint32(st.uid)}, r
}

func cPidfdWaitRusage(pidfd, options int32) (cWaitStatus, Rusage, int32) {
	st := C.rns_wait_status{size: C.uint32_t(unsafe.Sizeof(C.rns_wait_status{}))}
	ru := C.rns_rusage{size: C.uint32_t(unsafe.Sizeof(C.rns_rusage{}))}
	r := int32(C.rns_pidfd_wait_rusage(C.int(pidfd), C.int(options), &st, &ru))
	return cWaitStatus{int32(st.kind), int32(st.pid), int32(st.code), uint32(st.uid)}, Rusage{
		Utime: time.Duration(ru.utime_usec) * time.Microsecond, Stime: time.Duration(ru.stime_usec) * time.Microsecond,
		MaxRSS: int64(ru.maxrss_kib), Minflt: int64(ru.minflt), Majflt: int64(ru.majflt),
		Inblock: int64(ru.inblock), Oublock: int64(ru.oublock), Nvcsw: int64(ru.nvcsw), Nivcsw: int64(ru.nivcsw),
	}, r
}

func cPidfdGetpid(pidfd int32) int32 { return int32(C.rns_pidfd_getpid(C.int(pidfd))) }

func cPidfdInfo(pidfd int32) (ProcessInfo, int32) {
	in := C.rns_process_info{size: C.uint32_t(unsafe.Sizeof(C.rns_process_info{}))}
	r := int32(C.rns_pidfd_info(C.int(pidfd), &in))
	return goProcessInfo(&in), r
}

func cPidfdInfoMask(pidfd int32, mask uint64) (ProcessInfo, int32) {
	in := C.rns_process_info{size: C.uint32_t(unsafe.Sizeof(C.rns_process_info{}))}
	r := int32(C.rns_pidfd_info_mask(C.int(pidfd), C.uint64_t(mask), &in))
	return goProcessInfo(&in), r
}

func goProcessInfo(in *C.rns_process_info) ProcessInfo {
	return ProcessInfo{
		Mask: ProcessInfoMask(in.mask), CgroupID: uint64(in.cgroupid),
		Pid: int(in.pid), Tgid: int(in.tgid), Ppid: int(in.ppid),
		Uid:  [4]int{int(in.ruid), int(in.euid), int(in.suid), int(in.fsuid)},
		Gid:  [4]int{int(in.rgid), int(in.egid), int(in.sgid), int(in.fsgid)},
		Exit: WaitStatus{Kind: WaitKind(in.exit_kind), Code: int(in.exit_code)},
	}
}

type cWaiter *C.rns_waiter

const rnsWaiterNoreap = C.RNS_WAITER_NOREAP

// exitEventSize is sizeof(rns_exit_event), the waiter's record.
const exitEventSize = int(unsafe.Sizeof(C.rns_exit_event{}))

func cWaiterNew() (cWaiter, int32) {
	var w *C.rns_waiter
	r := int32(C.rns_waiter_new(&w))
	return w, r
}
func cWaiterFd(w cWaiter) int32 { return int32(C.rns_waiter_fd(w)) }
func cWaiterAdd(w cWaiter, pidfd int32, token uint64, flags int32) int32 {
	return int32(C.rns_waiter_add(w, C.int(pidfd), C.uint64_t(token), C.int(flags)))
}
func cWaiterFree(w cWaiter) int32 { return int32(C.rns_waiter_free(w)) }

func cPidfdNsOpen(pidfd, nstype int32) int32 {
	return int32(C.rns_pidfd_ns_open(C.int(pidfd), C.int(nstype)))
}

func cPidfdOpen(pid int32, flags uint32) int32 {
	return int32(C.rns_pidfd_open(C.pid_t(pid), C.uint(flags)))
}
func cPidfdSendSignal(pidfd, sig int32, flags uint32) int32 {
	return int32(C.rns_pidfd_send_signal(C.int(pidfd), C.int(sig), C.uint(flags)))
}
func cPidfdSendSiginfo(pidfd, sig, code, value int32, flags uint32) int32 {
	in := C.rns_go_siginfo(C.int(code), C.int(value))
	return int32(C.rns_pidfd_send_siginfo(C.int(pidfd), C.int(sig), &in, C.uint(flags)))
}
func cPidfdGetfd(pidfd, targetfd int32, flags uint32) int32 {
	return int32(C.rns_pidfd_getfd(C.int(pidfd), C.int(targetfd), C.uint(flags)))
}

// --- priority.go ---------------------------------------------------------------------------

func cGetpriority(which int32, who uint32) (prio, r int32) {
	var p C.int
	r = int32(C.rns_getpriority(C.int(which), C.id_t(who), &p))
	return int32(p), r
}
func cSetpriority(which int32, who uint32, prio int32) int32 {
	return int32(C.rns_setpriority(C.int(which), C.id_t(who), C.int(prio)))
}

// --- creds.go ------------------------------------------------------------------------------

func cSetuid(uid uint32) int32    { return int32(C.rns_setuid(C.uid_t(uid))) }
func cSetgid(gid uint32) int32    { return int32(C.rns_setgid(C.gid_t(gid))) }
func cSeteuid(uid uint32) int32   { return int32(C.rns_seteuid(C.uid_t(uid))) }
func cSetegid(gid uint32) int32   { return int32(C.rns_setegid(C.gid_t(gid))) }
func cSetreuid(r, e uint32) int32 { return int32(C.rns_setreuid(C.uid_t(r), C.uid_t(e))) }
func cSetregid(r, e uint32) int32 { return int32(C.rns_setregid(C.gid_t(r), C.gid_t(e))) }
func cSetresuid(r, e, s uint32) int32 {
	return int32(C.rns_setresuid(C.uid_t(r), C.uid_t(e), C.uid_t(s)))
}
func cSetresgid(r, e, s uint32) int32 {
	return int32(C.rns_setresgid(C.gid_t(r), C.gid_t(e), C.gid_t(s)))
}

func cGetresuid() (r, e, s uint32, rc int32) {
	var cr, ce, cs C.uid_t
	rc = int32(C.rns_getresuid(&cr, &ce, &cs))
	return uint32(cr), uint32(ce), uint32(cs), rc
}

func cGetresgid() (r, e, s uint32, rc int32) {
	var cr, ce, cs C.gid_t
	rc = int32(C.rns_getresgid(&cr, &ce, &cs))
	return uint32(cr), uint32(ce), uint32(cs), rc
}

// cGetgroups fills list (an empty one asks only for the count).
func cGetgroups(list []uint32) int32 {
	return int32(C.rns_getgroups(gidArray(list), C.size_t(len(list))))
}

func cSetgroups(list []uint32) int32 {
	return int32(C.rns_setgroups(gidArray(list), C.size_t(len(list))))
}

const rnsDropNoNewPrivs = C.RNS_DROP_NO_NEW_PRIVS

func cDropPrivileges(uid, gid uint32, groups []uint32, flags int32) int32 {
	return int32(C.rns_drop_privileges(C.uid_t(uid), C.gid_t(gid), gidArray(groups), C.size_t(len(groups)), C.int(flags)))
}

func cSethostname(name string) int32 {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	return int32(C.rns_sethostname(cname))
}

func cSetdomainname(name string) int32 {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	return int32(C.rns_setdomainname(cname))
}

func cInitgroups(user string, group uint32) int32 {
	cuser := C.CString(user)
	defer C.free(unsafe.Pointer(cuser))
	return int32(C.rns_initgroups(cuser, C.gid_t(group)))
}

// cGetgrouplist fills list (an empty one asks only for the count) and returns the full count.
func cGetgrouplist(user string, group uint32, list []uint32) int32 {
	cuser := C.CString(user)
	defer C.free(unsafe.Pointer(cuser))
	return int32(C.rns_getgrouplist(cuser, C.gid_t(group), gidArray(list), C.size_t(len(list))))
}

// --- ns_handle.go --------------------------------------------------------------------------

func cNsType(fd int32) int32   { return int32(C.rns_ns_type(C.int(fd))) }
func cNsUserns(fd int32) int32 { return int32(C.rns_ns_userns(C.int(fd))) }
func cNsParent(fd int32) int32 { return int32(C.rns_ns_parent(C.int(fd))) }
func cNsSame(fd1, fd2 int32) int32 {
	return int32(C.rns_ns_same(C.int(fd1), C.int(fd2)))
}

func cNsPidFrom(fd, pid int32, flags uint32) int32 {
	return int32(C.rns_ns_pid_from(C.int(fd), C.pid_t(pid), C.uint(flags)))
}
func cNsPidIn(fd, pid int32, flags uint32) int32 {
	return int32(C.rns_ns_pid_in(C.int(fd), C.pid_t(pid), C.uint(flags)))
}

func cNsOpenId(id uint64, nstype int32, ino uint64) int32 {
	return int32(C.rns_ns_open_id(C.uint64_t(id), C.int(nstype), C.uint64_t(ino)))
}

func cListns(after uint64, nstypes int32, owner uint64, ids []uint64) int32 {
	var p *C.uint64_t
	if len(ids) > 0 {
		p = (*C.uint64_t)(unsafe.Pointer(&ids[0]))
	}
	return int32(C.rns_listns(C.uint64_t(after), C.int(nstypes), C.uint64_t(owner), p, C.size_t(len(ids))))
}

func cNsOwnerUid(fd int32) (uid uint32, r int32) {
	var u C.uid_t
	r = int32(C.rns_ns_owner_uid(C.int(fd), &u))
	return uint32(u), r
}

func cNsId(fd int32) (id uint64, r int32) {
	var v C.uint64_t
	r = int32(C.rns_ns_id(C.int(fd), &v))
	return uint64(v), r
}

// --- prctl.go ------------------------------------------------------------------------------

func cSetPdeathsig(sig int32) int32     { return int32(C.rns_set_pdeathsig(C.int(sig))) }
func cGetPdeathsig() int32              { return int32(C.rns_get_pdeathsig()) }
func cSetChildSubreaper(on int32) int32 { return int32(C.rns_set_child_subreaper(C.int(on))) }
func cGetChildSubreaper() int32         { return int32(C.rns_get_child_subreaper()) }
func cSetNoNewPrivs(on int32) int32     { return int32(C.rns_set_no_new_privs(C.int(on))) }
func cGetNoNewPrivs() int32             { return int32(C.rns_get_no_new_privs()) }

// --- spawn.go ------------------------------------------------------------------------------

const (
	rnsSpawnStepNone             = C.RNS_SPAWN_STEP_NONE
	rnsSpawnStepClone            = C.RNS_SPAWN_STEP_CLONE
	rnsSpawnStepSignals          = C.RNS_SPAWN_STEP_SIGNALS
	rnsSpawnStepJoin             = C.RNS_SPAWN_STEP_JOIN
	rnsSpawnStepUnshare          = C.RNS_SPAWN_STEP_UNSHARE
	rnsSpawnStepMap              = C.RNS_SPAWN_STEP_MAP
	rnsSpawnStepMountPropagation = C.RNS_SPAWN_STEP_MOUNT_PROPAGATION
	rnsSpawnStepSetsid           = C.RNS_SPAWN_STEP_SETSID
	rnsSpawnStepSetpgid          = C.RNS_SPAWN_STEP_SETPGID
	rnsSpawnStepCwd              = C.RNS_SPAWN_STEP_CWD
	rnsSpawnStepGroups           = C.RNS_SPAWN_STEP_GROUPS
	rnsSpawnStepGid              = C.RNS_SPAWN_STEP_GID
	rnsSpawnStepUid              = C.RNS_SPAWN_STEP_UID
	rnsSpawnStepNoNewPrivs       = C.RNS_SPAWN_STEP_NO_NEW_PRIVS
	rnsSpawnStepFds              = C.RNS_SPAWN_STEP_FDS
	rnsSpawnStepPdeathsig        = C.RNS_SPAWN_STEP_PDEATHSIG
	rnsSpawnStepExec             = C.RNS_SPAWN_STEP_EXEC
	rnsSpawnStepReport           = C.RNS_SPAWN_STEP_REPORT
	rnsSpawnStepFork             = C.RNS_SPAWN_STEP_FORK
	rnsSpawnStepNice             = C.RNS_SPAWN_STEP_NICE
	rnsSpawnStepRlimit           = C.RNS_SPAWN_STEP_RLIMIT
	rnsSpawnStepCgroup           = C.RNS_SPAWN_STEP_CGROUP
	rnsSpawnStepTty              = C.RNS_SPAWN_STEP_TTY
	rnsSpawnStepLandlock         = C.RNS_SPAWN_STEP_LANDLOCK
	rnsSpawnStepSeccomp          = C.RNS_SPAWN_STEP_SECCOMP
)

const (
	rnsSpawnKeepGroups    = C.RNS_SPAWN_KEEP_GROUPS
	rnsSpawnBlockingStdio = C.RNS_SPAWN_BLOCKING_STDIO
	rnsSpawnKeepFds       = C.RNS_SPAWN_KEEP_FDS
	rnsSpawnNoctty        = C.RNS_SPAWN_NOCTTY
)

type cSpawnAttr *C.rns_spawn_attr

func cSpawnAttrNew() (cSpawnAttr, int32) {
	var a *C.rns_spawn_attr
	r := int32(C.rns_spawn_attr_new(&a))
	return a, r
}
func cSpawnAttrFree(a cSpawnAttr) int32 { return int32(C.rns_spawn_attr_free(a)) }

// syscall.SockFilter is rns_sock_filter (the kernel's struct sock_filter): same fields, same
// size (a compile error otherwise).
var _ [0]struct{} = [unsafe.Sizeof(syscall.SockFilter{}) - C.sizeof_rns_sock_filter]struct{}{}

// cSpawnAttrSetSeccomp sets the filter prog (1..4096 instructions, checked by the library).
func cSpawnAttrSetSeccomp(a cSpawnAttr, prog []syscall.SockFilter) int32 {
	var p *C.rns_sock_filter
	if len(prog) > 0 {
		p = (*C.rns_sock_filter)(unsafe.Pointer(&prog[0]))
	}
	return int32(C.rns_spawn_attr_set_seccomp(a, p, C.size_t(len(prog))))
}
func cSpawnAttrSetLandlock(a cSpawnAttr, fd int32) int32 {
	return int32(C.rns_spawn_attr_set_landlock(a, C.int(fd)))
}
func cSpawnAttrSetCgroup(a cSpawnAttr, fd int32) int32 {
	return int32(C.rns_spawn_attr_set_cgroup(a, C.int(fd)))
}
func cSpawnAttrSetUnshare(a cSpawnAttr, flags int32) int32 {
	return int32(C.rns_spawn_attr_set_unshare(a, C.int(flags)))
}
func cSpawnAttrSetJoin(a cSpawnAttr, fd, types int32) int32 {
	return int32(C.rns_spawn_attr_set_join(a, C.int(fd), C.int(types)))
}
func cSpawnAttrSetMap(a cSpawnAttr, gid bool, text string) int32 {
	c := C.CString(text)
	defer C.free(unsafe.Pointer(c))
	if gid {
		return int32(C.rns_spawn_attr_set_gid_map(a, c))
	}
	return int32(C.rns_spawn_attr_set_uid_map(a, c))
}
func cSpawnAttrSetMountPropagation(a cSpawnAttr, flags uint64) int32 {
	return int32(C.rns_spawn_attr_set_mount_propagation(a, C.ulong(flags)))
}
func cSpawnAttrSetSetsid(a cSpawnAttr, on int32) int32 {
	return int32(C.rns_spawn_attr_set_setsid(a, C.int(on)))
}
func cSpawnAttrSetPgroup(a cSpawnAttr, pgid int32) int32 {
	return int32(C.rns_spawn_attr_set_pgroup(a, C.pid_t(pgid)))
}
func cSpawnAttrSetCwd(a cSpawnAttr, dir string) int32 {
	c := C.CString(dir)
	defer C.free(unsafe.Pointer(c))
	return int32(C.rns_spawn_attr_set_cwd(a, c))
}
func cSpawnAttrSetIds(a cSpawnAttr, uid, gid uint32) int32 {
	return int32(C.rns_spawn_attr_set_ids(a, C.uid_t(uid), C.gid_t(gid)))
}
func cSpawnAttrSetGroups(a cSpawnAttr, list []uint32) int32 {
	return int32(C.rns_spawn_attr_set_groups(a, gidArray(list), C.size_t(len(list))))
}
func cSpawnAttrSetNoNewPrivs(a cSpawnAttr, on int32) int32 {
	return int32(C.rns_spawn_attr_set_no_new_privs(a, C.int(on)))
}

// cSpawnAttrSetSignals sets the signal mask (which 0) or the default signals (which 1) to
// sigs (each 1..64).
func cSpawnAttrSetSignals(a cSpawnAttr, which int32, sigs []int32) int32 {
	var set C.sigset_t
	var p *C.int
	if len(sigs) > 0 {
		p = (*C.int)(unsafe.Pointer(&sigs[0]))
	}
	C.rns_go_sigset(&set, p, C.int(len(sigs)))
	if which == 0 {
		return int32(C.rns_spawn_attr_set_sigmask(a, &set))
	}
	return int32(C.rns_spawn_attr_set_sigdefault(a, &set))
}

func cSpawnAttrSetPdeathsig(a cSpawnAttr, sig int32) int32 {
	return int32(C.rns_spawn_attr_set_pdeathsig(a, C.int(sig)))
}
func cSpawnAttrSetUmask(a cSpawnAttr, mask int32) int32 {
	return int32(C.rns_spawn_attr_set_umask(a, C.int(mask)))
}
func cSpawnAttrSetNice(a cSpawnAttr, nice int32) int32 {
	return int32(C.rns_spawn_attr_set_nice(a, C.int(nice)))
}
func cSpawnAttrSetRlimit(a cSpawnAttr, resource int32, soft, hard uint64) int32 {
	return int32(C.rns_spawn_attr_set_rlimit(a, C.int(resource), C.uint64_t(soft), C.uint64_t(hard)))
}
func cSpawnAttrSetFlags(a cSpawnAttr, flags int32) int32 {
	return int32(C.rns_spawn_attr_set_flags(a, C.int(flags)))
}

// cNofileAtStart is RLIMIT_NOFILE (soft, hard) as the process started, before the Go runtime
// raised it; ok false if it could not be read.
func cNofileAtStart() (cur, max uint64, ok bool) {
	var l C.struct_rlimit
	ok = C.rns_go_nofile_at_start(&l) != 0
	return uint64(l.rlim_cur), uint64(l.rlim_max), ok
}

func cSpawnAttrSetFd(a cSpawnAttr, childFd, parentFd int32) int32 {
	return int32(C.rns_spawn_attr_set_fd(a, C.int(childFd), C.int(parentFd)))
}

// The posix_spawn-style fd actions and the controlling terminal.
func cSpawnAttrAddOpen(a cSpawnAttr, fd int32, path string, oflag int32, mode uint32) int32 {
	c := C.CString(path)
	defer C.free(unsafe.Pointer(c))
	return int32(C.rns_spawn_attr_add_open(a, C.int(fd), c, C.int(oflag), C.mode_t(mode)))
}
func cSpawnAttrAddClose(a cSpawnAttr, fd int32) int32 {
	return int32(C.rns_spawn_attr_add_close(a, C.int(fd)))
}
func cSpawnAttrAddDup2(a cSpawnAttr, fd, newfd int32) int32 {
	return int32(C.rns_spawn_attr_add_dup2(a, C.int(fd), C.int(newfd)))
}
func cSpawnAttrAddChdir(a cSpawnAttr, path string) int32 {
	c := C.CString(path)
	defer C.free(unsafe.Pointer(c))
	return int32(C.rns_spawn_attr_add_chdir(a, c))
}
func cSpawnAttrAddFchdir(a cSpawnAttr, fd int32) int32 {
	return int32(C.rns_spawn_attr_add_fchdir(a, C.int(fd)))
}
func cSpawnAttrAddClosefrom(a cSpawnAttr, lowfd int32) int32 {
	return int32(C.rns_spawn_attr_add_closefrom(a, C.int(lowfd)))
}
func cSpawnAttrAddTcsetpgrp(a cSpawnAttr, fd int32) int32 {
	return int32(C.rns_spawn_attr_add_tcsetpgrp(a, C.int(fd)))
}
func cSpawnAttrSetCtty(a cSpawnAttr, fd int32) int32 {
	return int32(C.rns_spawn_attr_set_ctty(a, C.int(fd)))
}

// cStrings is a NULL-terminated C array of C strings in one C allocation (the pointers,
// then the strings): one malloc however long the list. Free it with C.free.
func cStrings(list []string) **C.char {
	ptrs := uintptr(len(list)+1) * unsafe.Sizeof((*C.char)(nil))
	size := ptrs
	for _, v := range list {
		size += uintptr(len(v)) + 1
	}
	block := C.malloc(C.size_t(size))
	arr := unsafe.Slice((**C.char)(block), len(list)+1)
	bytes := unsafe.Slice((*byte)(block), size)
	at := ptrs
	for i, v := range list {
		arr[i] = (*C.char)(unsafe.Pointer(&bytes[at]))
		at += uintptr(copy(bytes[at:], v))
		bytes[at] = 0
		at++
	}
	arr[len(list)] = nil
	return (**C.char)(block)
}

// cSpawn is rns_spawn (search: rns_spawnp); env nil passes NULL (the caller's environment).
// cSpawn starts the program; a failure in a child's step comes with its detail
// (rns_spawn_last_detail, read on the same thread), else detail is -1.
func cSpawn(a cSpawnAttr, path string, argv, env []string, search bool) (pidfd, pid, step, detail int32) {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	cargv := cStrings(argv)
	defer C.free(unsafe.Pointer(cargv))
	var cenv **C.char
	if env != nil {
		cenv = cStrings(env)
		defer C.free(unsafe.Pointer(cenv))
	}
	var cpid C.pid_t
	var cstep C.int
	var r C.int
	runtime.LockOSThread() // the detail is the thread's
	defer runtime.UnlockOSThread()
	if search {
		r = C.rns_spawnp(a, cpath, cargv, cenv, &cpid, &cstep)
	} else {
		r = C.rns_spawn(a, cpath, cargv, cenv, &cpid, &cstep)
	}
	cdetail := C.int(-1)
	if r < 0 && C.rns_spawn_last_detail(&cdetail) < 0 {
		cdetail = -1
	}
	return int32(r), int32(cpid), int32(cstep), int32(cdetail)
}

// --- identity.go ---------------------------------------------------------------------------

const (
	rnsSpawnStepSched     = C.RNS_SPAWN_STEP_SCHED
	rnsSpawnStepChroot    = C.RNS_SPAWN_STEP_CHROOT
	rnsSpawnStepCaps      = C.RNS_SPAWN_STEP_CAPS
	rnsSpawnResetIDs      = C.RNS_SPAWN_RESETIDS
	rnsSpawnSetgroupsDeny = C.RNS_SPAWN_SETGROUPS_DENY
)

func cSpawnAttrSetScheduler(a cSpawnAttr, policy, priority int32) int32 {
	return int32(C.rns_spawn_attr_set_scheduler(a, C.int(policy), C.int(priority)))
}
func cSpawnAttrSetChroot(a cSpawnAttr, path string) int32 {
	c := C.CString(path)
	defer C.free(unsafe.Pointer(c))
	return int32(C.rns_spawn_attr_set_chroot(a, c))
}

// cSpawnAttrSetCaps sets the ambient (which 0), inheritable (1) or bounding (2) set.
func cSpawnAttrSetCaps(a cSpawnAttr, which int32, caps uint64) int32 {
	switch which {
	case 0:
		return int32(C.rns_spawn_attr_set_ambient_caps(a, C.uint64_t(caps)))
	case 1:
		return int32(C.rns_spawn_attr_set_inheritable_caps(a, C.uint64_t(caps)))
	}
	return int32(C.rns_spawn_attr_set_bounding_set(a, C.uint64_t(caps)))
}
func cSpawnAttrSetSecurebits(a cSpawnAttr, bits int32) int32 {
	return int32(C.rns_spawn_attr_set_securebits(a, C.int(bits)))
}
