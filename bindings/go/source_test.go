package rns_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	rns "github.com/librns/librns/bindings/go"
)

// sourceFile is the path of a file of the repository, name relative to this package's
// directory (as the test binary was compiled: runtime.Caller gives this file's path). When
// it cannot be read there (a copy of the binary run elsewhere, as scripts/as-nobody.sh may
// do from a directory that user cannot reach), the test is skipped with the reason.
func sourceFile(t *testing.T, name string) string {
	t.Helper()
	_, self, _, ok := runtime.Caller(0)
	if !ok {
		t.Skip("no source path in the binary (built with -trimpath?)")
	}
	p := filepath.Join(filepath.Dir(self), name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("the source tree is not readable here: %v", err)
	}
	return p
}

// cgo stays in one file: cgo.go alone imports "C"; every other file of the package is
// plain Go over its wrappers.
func TestCgoInOneFile(t *testing.T) {
	dir := sourceFile(t, ".")
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files in %s: %v", dir, err)
	}
	seen := false
	for _, f := range files {
		f2, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f2.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); path != "C" {
				continue
			}
			if base := filepath.Base(f); base != "cgo.go" {
				t.Errorf("%s imports \"C\": cgo belongs in cgo.go only", base)
			} else {
				seen = true
			}
		}
	}
	if !seen {
		t.Error("cgo.go does not import \"C\"")
	}
}

// Every RNS_SPAWN_STEP_* of the header has its name in SpawnError.Step: the header's own name,
// lower case, with "_" as " " ("mount propagation") except for no_new_privs.
func TestSpawnStepsMatchHeader(t *testing.T) {
	text, err := os.ReadFile(sourceFile(t, "../../include/rns.h"))
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`#define RNS_SPAWN_STEP_(\w+) (\d+)`)
	found := re.FindAllStringSubmatch(string(text), -1)
	if len(found) < 20 {
		t.Fatalf("only %d RNS_SPAWN_STEP_* in include/rns.h", len(found))
	}
	for _, m := range found {
		v, _ := strconv.Atoi(m[2])
		want := strings.ToLower(m[1])
		switch want {
		case "none":
			want = ""
		case "no_new_privs":
		default:
			want = strings.ReplaceAll(want, "_", " ")
		}
		if got, ok := rns.SpawnStepName(int32(v)); !ok || got != want {
			t.Errorf("RNS_SPAWN_STEP_%s (%d): Go names it %q (known: %v), want %q", m[1], v, got, ok, want)
		}
	}
}
