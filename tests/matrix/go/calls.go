package main

import (
	"fmt"
	"strconv"
	"syscall"

	rns "github.com/librns/librns/bindings/go"
)

// A call takes its arguments from a and returns its result printed the Go way ("" when
// the call has none) and its error.
type callFunc func(a *argList) (string, error)

func none(err error) (string, error) { return "", err }

func num(v int, err error) (string, error) { return strconv.Itoa(v), err }

func file(f interface{ Close() error }, err error) (string, error) {
	if err == nil {
		f.Close()
	}
	return "", err
}

func list(v []int, err error) (string, error) { return fmt.Sprint(v), err }

var calls = map[string]callFunc{
	// errors and version
	"rns_version": func(a *argList) (string, error) { return rns.Version(), nil },
	"rns_errname": func(a *argList) (string, error) {
		return rns.Errname(syscall.Errno(a.int())), nil
	},
	"rns_strerror": func(a *argList) (string, error) {
		return rns.Strerror(syscall.Errno(a.int())), nil
	},

	// namespaces
	"rns_setns": func(a *argList) (string, error) {
		fd := a.fd()
		return none(rns.Setns(fd, rns.CloneFlags(a.int())))
	},
	"rns_unshare": func(a *argList) (string, error) { return none(rns.Unshare(rns.CloneFlags(a.int()))) },
	"rns_setns_path": func(a *argList) (string, error) {
		path := a.str()
		return none(rns.SetnsPath(path, rns.CloneFlags(a.int())))
	},
	"rns_ns_open": func(a *argList) (string, error) {
		pid := a.int()
		return file(rns.NsOpen(pid, rns.CloneFlags(a.int())))
	},
	"rns_setns_pid": func(a *argList) (string, error) {
		pid := a.int()
		return none(rns.SetnsPid(pid, rns.CloneFlags(a.int())))
	},

	// process groups and sessions
	"rns_setpgid": func(a *argList) (string, error) {
		pid := a.int()
		return none(rns.Setpgid(pid, a.int()))
	},
	"rns_getpgid":   func(a *argList) (string, error) { return num(rns.Getpgid(a.int())) },
	"rns_setpgrp":   func(a *argList) (string, error) { return none(rns.Setpgrp()) },
	"rns_getpgrp":   func(a *argList) (string, error) { return strconv.Itoa(rns.Getpgrp()), nil },
	"rns_setsid":    func(a *argList) (string, error) { return num(rns.Setsid()) },
	"rns_getsid":    func(a *argList) (string, error) { return num(rns.Getsid(a.int())) },
	"rns_tcgetpgrp": func(a *argList) (string, error) { return num(rns.Tcgetpgrp(a.fd())) },
	"rns_tcsetpgrp": func(a *argList) (string, error) {
		fd := a.fd()
		return none(rns.Tcsetpgrp(fd, a.int()))
	},
	"rns_killpg": func(a *argList) (string, error) {
		pgrp := a.int()
		return none(rns.Killpg(pgrp, syscall.Signal(a.int())))
	},

	// priority
	"rns_getpriority": func(a *argList) (string, error) {
		which := rns.PrioWhich(a.int())
		return num(rns.Getpriority(which, a.int()))
	},
	"rns_setpriority": func(a *argList) (string, error) {
		which := rns.PrioWhich(a.int())
		who := a.int()
		return none(rns.Setpriority(which, who, a.int()))
	},

	// credentials
	"rns_setuid":  func(a *argList) (string, error) { return none(rns.Setuid(a.int())) },
	"rns_setgid":  func(a *argList) (string, error) { return none(rns.Setgid(a.int())) },
	"rns_seteuid": func(a *argList) (string, error) { return none(rns.Seteuid(a.int())) },
	"rns_setegid": func(a *argList) (string, error) { return none(rns.Setegid(a.int())) },
	"rns_setreuid": func(a *argList) (string, error) {
		r := a.int()
		return none(rns.Setreuid(r, a.int()))
	},
	"rns_setregid": func(a *argList) (string, error) {
		r := a.int()
		return none(rns.Setregid(r, a.int()))
	},
	"rns_setresuid": func(a *argList) (string, error) {
		r, e := a.int(), a.int()
		return none(rns.Setresuid(r, e, a.int()))
	},
	"rns_setresgid": func(a *argList) (string, error) {
		r, e := a.int(), a.int()
		return none(rns.Setresgid(r, e, a.int()))
	},
	"rns_getresuid": func(a *argList) (string, error) {
		r, e, s, err := rns.Getresuid()
		return fmt.Sprint(r, e, s), err
	},
	"rns_getresgid": func(a *argList) (string, error) {
		r, e, s, err := rns.Getresgid()
		return fmt.Sprint(r, e, s), err
	},
	"rns_getgroups":     func(a *argList) (string, error) { return list(rns.Getgroups()) },
	"rns_setgroups":     func(a *argList) (string, error) { return none(rns.Setgroups(a.ints())) },
	"rns_sethostname":   func(a *argList) (string, error) { return none(rns.Sethostname(a.str())) },
	"rns_setdomainname": func(a *argList) (string, error) { return none(rns.Setdomainname(a.str())) },
	"rns_initgroups": func(a *argList) (string, error) {
		user := a.str()
		return none(rns.Initgroups(user, a.int()))
	},
	"rns_getgrouplist": func(a *argList) (string, error) {
		user := a.str()
		return list(rns.Getgrouplist(user, a.int()))
	},

	// pidfds
	"rns_pidfd_open": func(a *argList) (string, error) {
		pid := a.int()
		return file(rns.PidfdOpen(pid, rns.PidfdFlags(a.int())))
	},
	"rns_pidfd_send_signal": func(a *argList) (string, error) {
		fd := a.fd()
		sig := syscall.Signal(a.int())
		return none(rns.PidfdSendSignal(fd, sig, rns.PidfdSignalFlags(a.int())))
	},
	"rns_pidfd_getfd": func(a *argList) (string, error) {
		fd, target := a.fd(), a.int()
		return file(rns.PidfdGetfd(fd, target, uint(uint32(a.int()))))
	},
}
