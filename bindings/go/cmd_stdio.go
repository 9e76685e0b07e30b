package rns

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strconv"
	"syscall"
)

// reader is the child's end for v as its stdin: v itself if an *os.File, nil for nil, else
// a pipe that a copy goroutine fills from v.
func (c *Cmd) reader(v io.Reader) (*os.File, error) {
	if f, ok := v.(*os.File); ok || v == nil {
		return f, nil
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	c.childIOFiles, c.parentIOPipes = append(c.childIOFiles, r), append(c.parentIOPipes, w)
	c.goroutine = append(c.goroutine, func() error {
		_, err := io.Copy(w, v)
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) && pe.Op == "write" && pe.Path == w.Name() &&
			pe.Err == syscall.EPIPE {
			err = nil // the program stopped reading: not an error, as in os/exec (Go issue 9173)
		}
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		return err
	})
	return r, nil
}

// writer is the child's end for v as its stdout or stderr: v itself if an *os.File, nil for
// nil, else a pipe that a copy goroutine drains into v.
func (c *Cmd) writer(v io.Writer) (*os.File, error) {
	if f, ok := v.(*os.File); ok || v == nil {
		return f, nil
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	c.childIOFiles, c.parentIOPipes = append(c.childIOFiles, w), append(c.parentIOPipes, r)
	c.goroutine = append(c.goroutine, func() error {
		_, err := io.Copy(v, r)
		r.Close()
		return err
	})
	return w, nil
}

// sameWriter reports whether a and b are the same writer (false for values that cannot be
// compared), as os/exec tests Stdout and Stderr.
func sameWriter(a, b io.Writer) (same bool) {
	defer func() { recover() }()
	return a == b
}

// setStdio gives the child its fds 0-2 (nil: /dev/null) and ExtraFiles as 3 and up; the
// program gets 0-2 without O_NONBLOCK (RNS_SPAWN_BLOCKING_STDIO, set in setIdentity).
func (c *Cmd) setStdio(a cSpawnAttr) error {
	files := make([]*os.File, 3, 3+len(c.ExtraFiles))
	var err error
	if files[0], err = c.reader(c.Stdin); err != nil {
		return err
	}
	if files[1], err = c.writer(c.Stdout); err != nil {
		return err
	}
	if c.Stderr != nil && sameWriter(c.Stderr, c.Stdout) {
		files[2] = files[1] // one pipe, one copier: the order of writes is kept
	} else if files[2], err = c.writer(c.Stderr); err != nil {
		return err
	}
	for i, f := range append(files, c.ExtraFiles...) {
		if f == nil && i < 3 {
			err = c.setDevNull(a, i)
		} else if f != nil {
			// Fd puts the file in blocking mode, as os/exec does: the program gets it as an
			// ordinary fd, not one in Go's poller.
			err = setr("spawn_attr_set_fd", withFd(RawFD(f.Fd()), func(n int32) int32 {
				return cSpawnAttrSetFd(a, int32(i), n)
			}))
			runtime.KeepAlive(f)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// setDevNull gives the child /dev/null as fd i: one raw fd for every such slot (not an
// *os.File: no poller registration, no mode change), closed by Start.
func (c *Cmd) setDevNull(a cSpawnAttr, i int) error {
	if c.devNull == 0 {
		fd, err := syscall.Open(os.DevNull, syscall.O_RDWR|syscall.O_CLOEXEC, 0)
		if err != nil {
			return &os.PathError{Op: "open", Path: os.DevNull, Err: err}
		}
		c.devNull = fd + 1
	}
	return setr("spawn_attr_set_fd", cSpawnAttrSetFd(a, int32(i), int32(c.devNull-1)))
}

// prefixSuffixSaver keeps the first and last N bytes written, as os/exec's for
// ExitError.Stderr, noting how many it left out between.
type prefixSuffixSaver struct {
	N         int
	prefix    []byte
	suffix    []byte // a ring buffer once len(suffix) == N
	suffixOff int
	skipped   int64
}

func (w *prefixSuffixSaver) Write(p []byte) (n int, err error) {
	lenp := len(p)
	p = w.fill(&w.prefix, p)
	if overage := len(p) - w.N; overage > 0 {
		p = p[overage:]
		w.skipped += int64(overage)
	}
	p = w.fill(&w.suffix, p)
	for len(p) > 0 { // 0, 1 or 2 rounds
		n := copy(w.suffix[w.suffixOff:], p)
		p = p[n:]
		w.skipped += int64(n)
		w.suffixOff += n
		if w.suffixOff == w.N {
			w.suffixOff = 0
		}
	}
	return lenp, nil
}

func (w *prefixSuffixSaver) fill(dst *[]byte, p []byte) []byte {
	if remain := w.N - len(*dst); remain > 0 {
		add := min(len(p), remain)
		*dst = append(*dst, p[:add]...)
		p = p[add:]
	}
	return p
}

// Bytes is the prefix, a note of what was left out, and the suffix.
func (w *prefixSuffixSaver) Bytes() []byte {
	if w.suffix == nil {
		return w.prefix
	}
	if w.skipped == 0 {
		return append(w.prefix, w.suffix...)
	}
	var buf bytes.Buffer
	buf.Grow(len(w.prefix) + len(w.suffix) + 50)
	buf.Write(w.prefix)
	buf.WriteString("\n... omitting ")
	buf.WriteString(strconv.FormatInt(w.skipped, 10))
	buf.WriteString(" bytes ...\n")
	buf.Write(w.suffix[w.suffixOff:])
	buf.Write(w.suffix[:w.suffixOff])
	return buf.Bytes()
}
