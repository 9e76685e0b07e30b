package rns

// PrioWhich says what the who argument of Getpriority and Setpriority names.
type PrioWhich int

// Values of PrioWhich.
const (
	PrioProcess PrioWhich = rnsPrioProcess // who is a thread id (0: the calling thread)
	PrioPgrp    PrioWhich = rnsPrioPgrp    // who is a process group id (0: the caller's group)
	PrioUser    PrioWhich = rnsPrioUser    // who is a user id (0: the caller's real uid)
)

// Getpriority returns the nice value (-20..19) of a thread, process group or user; for a
// group or user, the lowest nice value of its members. -1 is a nice value here, not an
// error. who is an id: -1 is passed as (id_t)-1, outside [-1, 2^32-1] gives EINVAL.
//
// Scope: reads only (PrioProcess with who 0 reads the calling thread: lock the goroutine
// to its thread if that matters).
// Errors: EINVAL unknown which; ESRCH nothing matches who.
func Getpriority(which PrioWhich, who int) (int, error) {
	cwhich, ok1 := int32Arg(int(which))
	cwho, ok2 := idArg(who)
	if !ok1 || !ok2 {
		return -1, einval("getpriority")
	}
	prio, r := cGetpriority(cwhich, cwho)
	if err := check("getpriority", r); err != nil {
		return -1, err
	}
	return int(prio), nil
}

// Setpriority sets the nice value of a thread, every member of a process group, or every
// process of a user. The kernel clamps prio to -20..19. Lowering the nice value (raising
// priority) needs CAP_SYS_NICE or RLIMIT_NICE.
//
// Scope: PrioProcess with who 0 is the calling thread only: the caller must hold
// runtime.LockOSThread, and other threads keep their nice values (new threads inherit
// their creator's). Otherwise the threads or processes who names.
// Errors: EINVAL unknown which; ESRCH nothing matches who; EACCES lowering the nice value
// without privilege; EPERM the target belongs to another user.
func Setpriority(which PrioWhich, who, prio int) error {
	cwhich, ok1 := int32Arg(int(which))
	cwho, ok2 := idArg(who)
	cprio, ok3 := int32Arg(prio)
	if !ok1 || !ok2 || !ok3 {
		return einval("setpriority")
	}
	return check("setpriority", cSetpriority(cwhich, cwho, cprio))
}
