package rns

import "math"

// The rule for numbers, the same as the Node binding's: a Go value that the C parameter
// cannot hold is an invalid argument. The function returns EINVAL (an *os.SyscallError
// named after it) without calling C, whatever the C library or the kernel would have said
// about an in-range value. So for every int narrowed to a C int or pid_t (pids, process
// groups, signals, nice values, which, fd numbers), to an unsigned int (flags) or to a
// uid_t, gid_t or id_t (-1 standing for all ones, "unchanged"), there is exactly one answer
// to "too big or too small": EINVAL.

// int32Arg converts v for an int or pid_t parameter; ok is false when it does not fit.
func int32Arg(v int) (int32, bool) {
	if v < math.MinInt32 || v > math.MaxInt32 {
		return 0, false
	}
	return int32(v), true
}

// uint32Arg converts v for an unsigned int (flags) parameter; ok is false when it does not
// fit.
func uint32Arg(v uint) (uint32, bool) {
	if v > math.MaxUint32 {
		return 0, false
	}
	return uint32(v), true
}

// idArg converts a user, group or priority id: -1 becomes all ones ((uid_t)-1,
// "unchanged"); ok is false for an id outside [-1, 2^32-1].
func idArg(id int) (uint32, bool) {
	if id == -1 {
		return math.MaxUint32, true
	}
	if id < 0 || id > math.MaxUint32 {
		return 0, false
	}
	return uint32(id), true
}
