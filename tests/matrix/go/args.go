package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	rns "github.com/librns/librns/bindings/go"
)

// argList hands out a case's argument tokens in order, turning each into the value it
// names (tests/matrix/README.md, "Argument tokens"). The first bad token is kept in err.
type argList struct {
	toks []string
	err  error
}

func (a *argList) next() string {
	if len(a.toks) == 0 {
		a.fail("missing argument")
		return ""
	}
	t := a.toks[0]
	a.toks = a.toks[1:]
	return t
}

func (a *argList) fail(format string, args ...any) {
	if a.err == nil {
		a.err = failf("bad arguments: "+format, args...)
	}
}

// constants are the header's, by their names without RNS_ (generated: calls_gen.go).
var constants = generatedConstants

// checkTokens reports the first token that is none of the forms argList understands.
func checkTokens(toks []string) error {
	for _, t := range toks {
		switch {
		case t == "@self", t == "@nopid", t == "@uid", t == "@gid", t == "@closed",
			t == "@devnull", t == "@pidfd:self", strings.HasPrefix(t, "@nsfd:"),
			strings.HasPrefix(t, "str:"), strings.HasPrefix(t, "/"):
			continue
		}
		if _, err := strconv.Atoi(t); err == nil {
			continue
		}
		for _, name := range strings.Split(t, "+") {
			if _, ok := constants[name]; !ok {
				return failf("bad arguments: unknown token %q", t)
			}
		}
	}
	return nil
}

// int is an integer token: a number, constants joined by "+", @self, @nopid, @uid, @gid,
// or an fd token (its number).
func (a *argList) int() int {
	t := a.next()
	switch t {
	case "@self":
		return os.Getpid()
	case "@nopid":
		return 4194305
	case "@uid":
		return os.Getuid()
	case "@gid":
		return os.Getgid()
	}
	if strings.HasPrefix(t, "@") {
		f := a.fdTok(t)
		if f == nil {
			return -1
		}
		return int(f.Fd())
	}
	if n, err := strconv.Atoi(t); err == nil {
		return n
	}
	sum := 0
	for _, name := range strings.Split(t, "+") {
		v, ok := constants[name]
		if !ok {
			a.fail("unknown token %q", t)
			return 0
		}
		sum |= v
	}
	return sum
}

// ints is the rest of the tokens as integers.
func (a *argList) ints() []int {
	var out []int
	for len(a.toks) > 0 {
		out = append(out, a.int())
	}
	return out
}

// str is a string token: str:TEXT or a path.
func (a *argList) str() string {
	t := a.next()
	if s, ok := strings.CutPrefix(t, "str:"); ok {
		return s
	}
	if !strings.HasPrefix(t, "/") {
		a.fail("%q is not a string", t)
	}
	return t
}

// fd is an fd token (@closed, @devnull, @nsfd:TYPE, @pidfd:self) or a number (a RawFD).
func (a *argList) fd() rns.FD {
	t := a.next()
	if strings.HasPrefix(t, "@") {
		if f := a.fdTok(t); f != nil {
			return f
		}
		return rns.RawFD(-1)
	}
	n, err := strconv.Atoi(t)
	if err != nil {
		a.fail("%q is not an fd", t)
	}
	return rns.RawFD(n)
}

// opened keeps the files the runner opens for its arguments, until it exits.
var opened []*os.File

// fdNum is what fdTok gives: an *os.File or an rns.RawFD, both rns.FD values whose number
// the int tokens also need.
type fdNum interface{ Fd() uintptr }

func (a *argList) fdTok(t string) fdNum {
	switch {
	case t == "@closed":
		for n := 1000; ; n++ {
			if _, err := os.Stat(fmt.Sprintf("/proc/self/fd/%d", n)); os.IsNotExist(err) {
				return rns.RawFD(n)
			}
		}
	case t == "@devnull":
		return a.open(os.Open(os.DevNull)) // read-only, close-on-exec
	case strings.HasPrefix(t, "@nsfd:"):
		return a.open(os.Open("/proc/thread-self/ns/" + strings.TrimPrefix(t, "@nsfd:")))
	case t == "@pidfd:self":
		return a.open(rns.PidfdOpen(os.Getpid(), 0))
	}
	a.fail("unknown token %q", t)
	return nil
}

func (a *argList) open(f *os.File, err error) fdNum {
	if err != nil {
		a.fail("%v", err)
		return nil
	}
	opened = append(opened, f)
	return f
}
