package rns

import (
	"strings"
)

// Scheduler is a Cmd's scheduler policy and priority (posix_spawn's SETSCHEDULER and
// SETSCHEDPARAM): Policy is a SCHED_* value (unix.SCHED_FIFO, ...; SCHED_RESET_ON_FORK may be
// OR'd in), or -1 to keep the policy and set only Priority. SCHED_DEADLINE and a Priority
// outside the policy's range are EINVAL before anything starts.
type Scheduler struct {
	Policy, Priority int
}

// setIDs sets the root, the scheduler, the capability sets and securebits.
func (c *Cmd) setIDs(a cSpawnAttr) error {
	if c.Chroot != "" {
		if strings.IndexByte(c.Chroot, 0) >= 0 {
			return einval("spawn_attr_set_chroot")
		}
		if err := setr("spawn_attr_set_chroot", cSpawnAttrSetChroot(a, c.Chroot)); err != nil {
			return err
		}
	}
	if s := c.Scheduler; s != nil {
		policy, ok1 := int32Arg(s.Policy)
		prio, ok2 := int32Arg(s.Priority)
		if !ok1 || !ok2 {
			return einval("spawn_attr_set_scheduler")
		}
		if err := setr("spawn_attr_set_scheduler", cSpawnAttrSetScheduler(a, policy, prio)); err != nil {
			return err
		}
	}
	calls := [...]string{"spawn_attr_set_ambient_caps", "spawn_attr_set_inheritable_caps", "spawn_attr_set_bounding_set"}
	for which, list := range [][]uintptr{c.AmbientCaps, c.InheritableCaps, c.BoundingSet} {
		if list == nil {
			continue
		}
		mask, ok := capMask(list)
		if !ok {
			return einval(calls[which])
		}
		if err := setr(calls[which], cSpawnAttrSetCaps(a, int32(which), mask)); err != nil {
			return err
		}
	}
	if c.Securebits != nil {
		bits, ok := int32Arg(*c.Securebits)
		if !ok || bits < 0 {
			return einval("spawn_attr_set_securebits")
		}
		return setr("spawn_attr_set_securebits", cSpawnAttrSetSecurebits(a, bits))
	}
	return nil
}

// capMask is a list of capability numbers as a mask (bit N: capability N); false for a
// number above 63 (the library refuses those above cap_last_cap).
func capMask(list []uintptr) (uint64, bool) {
	var m uint64
	for _, c := range list {
		if c > 63 {
			return 0, false
		}
		m |= 1 << c
	}
	return m, m != ^uint64(0) // every bit is the library's "unchanged"; caps stop at 40 or so
}
