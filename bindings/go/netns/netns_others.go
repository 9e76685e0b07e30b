//go:build !linux

package netns

import "errors"

// ErrNotImplemented is returned by every call on systems other than Linux, as by
// vishvananda/netns.
var ErrNotImplemented = errors.New("not implemented")

// The namespace types, as vishvananda/netns exports them on Linux only: none here.

// Setns is not implemented on other platforms.
//
// Deprecated: Use golang.org/x/sys/unix.Setns instead.
func Setns(ns NsHandle, nstype int) error { return ErrNotImplemented }

// Set is not implemented on other platforms.
func Set(ns NsHandle) error { return ErrNotImplemented }

// New is not implemented on other platforms.
func New() (NsHandle, error) { return -1, ErrNotImplemented }

// NewNamed is not implemented on other platforms.
func NewNamed(name string) (NsHandle, error) { return -1, ErrNotImplemented }

// DeleteNamed is not implemented on other platforms.
func DeleteNamed(name string) error { return ErrNotImplemented }

// Get is not implemented on other platforms.
func Get() (NsHandle, error) { return -1, ErrNotImplemented }

// GetFromPath is not implemented on other platforms.
func GetFromPath(path string) (NsHandle, error) { return -1, ErrNotImplemented }

// GetFromName is not implemented on other platforms.
func GetFromName(name string) (NsHandle, error) { return -1, ErrNotImplemented }

// GetFromPid is not implemented on other platforms.
func GetFromPid(pid int) (NsHandle, error) { return -1, ErrNotImplemented }

// GetFromThread is not implemented on other platforms.
func GetFromThread(pid int, tid int) (NsHandle, error) { return -1, ErrNotImplemented }

// GetFromDocker is not implemented on other platforms.
func GetFromDocker(id string) (NsHandle, error) { return -1, ErrNotImplemented }

// NsHandle is a handle to a network namespace. It can only be used on Linux, but provides
// stub methods on other platforms.
type NsHandle int

// Equal is false on other platforms.
func (ns NsHandle) Equal(_ NsHandle) bool { return false }

// String is "NS(none)" on other platforms.
func (ns NsHandle) String() string { return "NS(none)" }

// UniqueId is "NS(none)" on other platforms.
func (ns NsHandle) UniqueId() string { return "NS(none)" }

// IsOpen is false on other platforms.
func (ns NsHandle) IsOpen() bool { return false }

// Close does nothing on other platforms.
func (ns *NsHandle) Close() error { return nil }

// None gets an empty (closed) NsHandle.
func None() NsHandle { return NsHandle(-1) }
