package wikipipe

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wikipipe/wikipipe/config"
)

func TestEachInput(t *testing.T) {
	dir := writeTree(t, "b.txt", "a.wiki", "sub/c.html", "sub/d.xml.bz2", ".hidden/e.txt", "notes.md", "z.gz")
	var got []string
	inputs := []config.Input{{Path: filepath.Join(dir, "z.gz")}, {Path: dir}, {Path: filepath.Join(dir, "*.txt")}, {Path: "-"}}
	err := eachInput(inputs, func(in config.Input) error {
		rel, _ := filepath.Rel(dir, in.Path)
		if in.Path == "-" {
			rel = "-"
		}
		got = append(got, filepath.ToSlash(rel))
		return nil
	})
	want := []string{"z.gz", "a.wiki", "b.txt", "sub/c.html", "sub/d.xml.bz2", "-"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("eachInput = %q, %v; want %q (input order, then path order; each file once; no hidden folders, no .md)", got, err, want)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := eachInput([]config.Input{{Path: empty}}, func(config.Input) error { return nil }); !errors.Is(err, errNoInputs) {
		t.Errorf("inputs holding no input file: err = %v, want errNoInputs", err)
	}
	if err := checkInputs([]config.Input{{Path: filepath.Join(dir, "missing.txt")}}); err == nil {
		t.Error("checkInputs of a missing file: want an error")
	}
	if size := totalSize([]config.Input{{Path: dir}}); size != 5 {
		t.Errorf("totalSize = %d, want 5 (five input files of one byte)", size)
	}
	if size := totalSize([]config.Input{{Path: dir}, {Path: "-"}}); size != -1 {
		t.Errorf("totalSize with stdin = %d, want -1", size)
	}
}

// TestWalkDir walks names that share prefixes, sort otherwise byte-wise
// than case-insensitively, and hold a folder among them: files by extension
// in any case, no hidden folder, folders at their place in the order.
func TestWalkDir(t *testing.T) {
	long := strings.Repeat("n", 150)
	dir := writeTree(t, "ab.txt", "abc.txt", "abd/e.txt", "abd.txt", "b.txt", "C.TXT", ".hid/f.txt", long+"1.txt", long+"2.txt", long+"/x.txt", "skip.md")
	var got []string
	err := walkDir(dir, func(p string) error {
		rel, _ := filepath.Rel(dir, p)
		got = append(got, filepath.ToSlash(rel))
		return nil
	})
	want := []string{"C.TXT", "ab.txt", "abc.txt", "abd/e.txt", "abd.txt", "b.txt", long + "/x.txt", long + "1.txt", long + "2.txt"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("walkDir = %q, %v; want %q", got, err, want)
	}
}

// writeTree makes a temporary folder holding the files named (slash-separated
// paths), each of one byte.
func writeTree(t *testing.T, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
