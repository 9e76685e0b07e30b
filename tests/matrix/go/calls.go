package main

import (
	"fmt"
	"io"
	"reflect"
	"syscall"

	rns "github.com/librns/librns/bindings/go"
)

// A call takes its arguments from a and returns its result printed the Go way ("" when
// the call has none) and its error.
type callFunc func(a *argList) (string, error)

// handWritten are the calls reflection cannot make from the tokens (a parameter of a type
// argList.value does not build, a function value, say, or a C parameter the Go function
// does not have); they take precedence over generatedCalls.
var handWritten = map[string]callFunc{
	// rns_set_no_new_privs(int on) accepts only 1; Go's SetNoNewPrivs() has no parameter.
	// The token must be 1: a case with another value cannot be made in Go.
	"rns_set_no_new_privs": func(a *argList) (string, error) {
		if on := a.int(); a.err == nil && on != 1 {
			a.fail("SetNoNewPrivs takes no argument: only the token 1 can be made in Go, not %d", on)
		}
		if a.err != nil || len(a.toks) > 0 {
			return "", nil
		}
		return "", rns.SetNoNewPrivs()
	},
	// rns_pidfd_send_siginfo(pidfd, sig, info, flags): the struct as two tokens, CODE VALUE.
	"rns_pidfd_send_siginfo": func(a *argList) (string, error) {
		fd := a.fd()
		sig, code, value, flags := a.int(), a.int(), a.int(), a.int()
		if a.err != nil || len(a.toks) > 0 {
			return "", nil
		}
		info := rns.Siginfo{Code: code, Value: int32(value)}
		return "", rns.PidfdSendSiginfo(fd, syscall.Signal(sig), info, rns.PidfdSignalFlags(flags))
	},
}

// lookupCall finds CALL: a hand-written entry, or the binding function calls_gen.go (made by
// scripts/gen.js from include/rns.h) maps it to, called through reflect.
func lookupCall(name string) (callFunc, bool) {
	if c, ok := handWritten[name]; ok {
		return c, true
	}
	fn, ok := generatedCalls[name]
	if !ok {
		return nil, false
	}
	return reflectCall(reflect.ValueOf(fn)), true
}

var errorType = reflect.TypeOf((*error)(nil)).Elem()

// reflectCall calls fn with one value per parameter, each made from the next token(s) by
// argList.value. A last result of type error is the call's error; the other results are
// printed with fmt.Sprint (a number in decimal, also of a named type with a String method
// such as syscall.Signal, a bool as true or false (as Node prints one), a string as is, []int as [1 2], several results
// space-separated), an fd result (an *os.File) as its number, and closed after.
func reflectCall(fn reflect.Value) callFunc {
	return func(a *argList) (string, error) {
		t := fn.Type()
		if t.IsVariadic() {
			a.fail("%s is variadic: it needs an entry in handWritten", t)
			return "", nil
		}
		in := make([]reflect.Value, t.NumIn())
		for i := range in {
			in[i] = a.value(t.In(i))
		}
		if a.err != nil || len(a.toks) > 0 {
			return "", nil // run reports the bad or unused tokens; no call
		}
		out := fn.Call(in)
		var err error
		if n := len(out); n > 0 && t.Out(n-1) == errorType {
			if !out[n-1].IsNil() {
				err = out[n-1].Interface().(error)
			}
			out = out[:n-1]
		}
		var shown []any
		for _, v := range out {
			if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
				shown = append(shown, nil)
				continue
			}
			x := v.Interface()
			switch v.Kind() { // numbers as numbers, not as a Stringer says (syscall.Signal)
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				x = v.Int()
			}
			if f, ok := x.(interface{ Fd() uintptr }); ok {
				shown = append(shown, int(f.Fd()))
			} else {
				shown = append(shown, x)
			}
			if c, ok := x.(io.Closer); ok {
				c.Close()
			}
		}
		return fmt.Sprint(shown...), err
	}
}

var fdType = reflect.TypeOf((*rns.FD)(nil)).Elem()

// value makes a value of type t from the next token(s) (tests/matrix/README.md, "Argument
// tokens"): an rns.FD from an fd token or a number; a string from str:TEXT or a path; an
// integer of any kind, named types too (rns.CloneFlags, syscall.Signal, syscall.Errno), from
// an integer token (a negative one for an unsigned type is its 32-bit two's complement, as
// the C cast gives: -1 is 0xffffffff); a bool from 0 or 1; a slice of integers from all the
// remaining tokens. A value out of t's range, or a type it cannot make, is a bad argument
// (a.err).
func (a *argList) value(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	switch {
	case t == fdType:
		v.Set(reflect.ValueOf(a.fd()))
	case t.Kind() == reflect.String:
		v.SetString(a.str())
	case t.Kind() == reflect.Slice && isInt(t.Elem()):
		ints := a.ints()
		v.Set(reflect.MakeSlice(t, len(ints), len(ints)))
		for i, n := range ints {
			a.setInt(v.Index(i), n)
		}
	case isInt(t):
		a.setInt(v, a.int())
	case t.Kind() == reflect.Bool: // a C int that is 0 or 1
		switch n := a.int(); n {
		case 0, 1:
			v.SetBool(n == 1)
		default:
			a.fail("%d does not make a bool (only 0 and 1 do)", n)
		}
	default:
		a.fail("no token makes a %s: the call needs an entry in handWritten", t)
	}
	return v
}

func isInt(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}

// setInt stores n in v, an integer of any kind.
func (a *argList) setInt(v reflect.Value, n int) {
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if v.OverflowInt(int64(n)) {
			a.fail("%d does not fit a %s", n, v.Type())
			return
		}
		v.SetInt(int64(n))
	default:
		u := uint64(n)
		if n < 0 {
			u = uint64(uint32(n))
		}
		if v.OverflowUint(u) {
			a.fail("%d does not fit a %s", n, v.Type())
			return
		}
		v.SetUint(u)
	}
}
