package rns_test

import (
	_ "embed"
	"os"
	"strings"
	"testing"
)

// exampleMain is the README's Go example as compiled: example/main.go, a program of its
// own (package main), which `go vet ./...` (make test-go) builds against this package.
//
//go:embed example/main.go
var exampleMain string

// The top README's Go example is exactly example/main.go: the fenced block between the
// go-example markers, byte for byte.
func TestReadmeGoExample(t *testing.T) {
	path := sourceFile(t, "../../README.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const begin = "<!-- go-example: bindings/go/example/main.go"
	const end = "```\n<!-- end go-example -->\n"
	readme := string(b)
	i := strings.Index(readme, begin)
	if i < 0 || strings.Count(readme, begin) != 1 {
		t.Fatalf("%s: want exactly one line starting %q", path, begin)
	}
	rest := readme[i:]
	rest = rest[strings.IndexByte(rest, '\n')+1:]
	block, ok := strings.CutPrefix(rest, "```go\n")
	if !ok {
		t.Fatalf("%s: the line after the go-example marker is not ```go", path)
	}
	j := strings.Index(block, end)
	if j < 0 {
		t.Fatalf("%s: no closing ``` followed by %q", path, strings.TrimSpace(end[4:]))
	}
	block = block[:j]
	if block == exampleMain {
		return
	}
	got, want := strings.Split(block, "\n"), strings.Split(exampleMain, "\n")
	for n := 0; ; n++ {
		if n >= len(got) || n >= len(want) || got[n] != want[n] {
			var g, w string
			if n < len(got) {
				g = got[n]
			}
			if n < len(want) {
				w = want[n]
			}
			t.Fatalf("README.md's Go example differs from example/main.go at its line %d:\n"+
				"README:  %q\nexample: %q\n(copy example/main.go into the block)", n+1, g, w)
		}
	}
}
