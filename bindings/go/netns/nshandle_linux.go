package netns

import (
	"fmt"
	"syscall"
)

// NsHandle is a handle to a network namespace: an open file descriptor (O_CLOEXEC) of its
// namespace file, which the caller owns. It can be cast directly to an int and used as a file
// descriptor, as vishvananda/netns's.
type NsHandle int

// Equal determines if two network handles refer to the same network namespace, comparing
// the device and inode their files point to (false if either is not open).
func (ns NsHandle) Equal(other NsHandle) bool {
	if ns == other {
		return true
	}
	var s1, s2 syscall.Stat_t
	if err := syscall.Fstat(int(ns), &s1); err != nil {
		return false
	}
	if err := syscall.Fstat(int(other), &s2); err != nil {
		return false
	}
	return s1.Dev == s2.Dev && s1.Ino == s2.Ino
}

// String shows the file descriptor number and its dev and inode: "NS(fd: dev, ino)",
// "NS(none)" for None, "NS(fd: unknown)" when fd is not open.
func (ns NsHandle) String() string {
	if ns == -1 {
		return "NS(none)"
	}
	var s syscall.Stat_t
	if err := syscall.Fstat(int(ns), &s); err != nil {
		return fmt.Sprintf("NS(%d: unknown)", ns)
	}
	return fmt.Sprintf("NS(%d: %d, %d)", ns, s.Dev, s.Ino)
}

// UniqueId returns a string which uniquely identifies the namespace associated with the
// network handle while it is open: "NS(dev:ino)".
func (ns NsHandle) UniqueId() string {
	if ns == -1 {
		return "NS(none)"
	}
	var s syscall.Stat_t
	if err := syscall.Fstat(int(ns), &s); err != nil {
		return "NS(unknown)"
	}
	return fmt.Sprintf("NS(%d:%d)", s.Dev, s.Ino)
}

// IsOpen returns true if Close() has not been called.
func (ns NsHandle) IsOpen() bool {
	return ns != -1
}

// Close closes the NsHandle and resets its file descriptor to -1. It is not safe to use an
// NsHandle after Close() is called. Its error is close(2)'s, a syscall.Errno (EBADF for a
// handle that is not open, None included), as vishvananda/netns's.
func (ns *NsHandle) Close() error {
	if err := syscall.Close(int(*ns)); err != nil {
		return err
	}
	*ns = -1
	return nil
}

// None gets an empty (closed) NsHandle.
func None() NsHandle {
	return NsHandle(-1)
}
