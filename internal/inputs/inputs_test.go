package inputs

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestEachInput(t *testing.T) {
	dir := writeTree(t, "b.txt", "a.wiki", "sub/c.html", "sub/d.xml.bz2", ".hidden/e.txt", "notes.md", "z.gz")
	var got []string
	inputs := []Input{{Path: filepath.Join(dir, "z.gz")}, {Path: dir}, {Path: filepath.Join(dir, "*.txt")}, {Path: "-"}}
	err := Each(inputs, func(in Input) error {
		rel, _ := filepath.Rel(dir, in.Path)
		if in.Path == "-" {
			rel = "-"
		}
		got = append(got, filepath.ToSlash(rel))
		return nil
	})
	want := []string{"z.gz", "a.wiki", "b.txt", "sub/c.html", "sub/d.xml.bz2", "-"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("Each = %q, %v; want %q (input order, then path order; each file once; no hidden folders, no .md)", got, err, want)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Each([]Input{{Path: empty}}, func(Input) error { return nil }); !errors.Is(err, ErrNone) {
		t.Errorf("inputs holding no input file: err = %v, want ErrNone", err)
	}
	if err := Check([]Input{{Path: filepath.Join(dir, "missing.txt")}}); err == nil {
		t.Error("Check of a missing file: want an error")
	}
	if err := Check(nil); !errors.Is(err, ErrNone) {
		t.Errorf("Check of no inputs: err = %v, want ErrNone", err)
	}
	if size := TotalSize([]Input{{Path: dir}}); size != 5 {
		t.Errorf("TotalSize = %d, want 5 (five input files of one byte)", size)
	}
	if size := TotalSize([]Input{{Path: dir}, {Path: "-"}}); size != -1 {
		t.Errorf("TotalSize with stdin = %d, want -1", size)
	}
}

// TestWalkDir walks names that share prefixes, sort otherwise byte-wise
// than case-insensitively, and hold a folder among them: files by extension
// in any case, no hidden folder, folders at their place in the order.
func TestWalkDir(t *testing.T) {
	long := strings.Repeat("n", 150)
	dir := writeTree(t, "ab.txt", "abc.txt", "abd/e.txt", "abd.txt", "b.txt", "C.TXT", ".hid/f.txt", long+"1.txt", long+"2.txt", long+"/x.txt", "skip.md")
	var got []string
	err := walkDir(dir, func(p, _ string) error {
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

// TestOpen opens a file, standard input for "-", and a missing file, whose
// error leaves the naming of the path to the caller.
func TestOpen(t *testing.T) {
	dir := writeTree(t, "a.txt")
	for _, tt := range []struct {
		path, want string
	}{{filepath.Join(dir, "a.txt"), "x"}, {Stdin, "from stdin"}} {
		r, err := Open(context.Background(), tt.path, strings.NewReader("from stdin"))
		if err != nil {
			t.Fatalf("Open(%q): %v", tt.path, err)
		}
		b, err := io.ReadAll(r)
		if err != nil || string(b) != tt.want || r.Close() != nil {
			t.Errorf("Open(%q) read %q, %v; want %q", tt.path, b, err, tt.want)
		}
	}
	_, err := Open(context.Background(), filepath.Join(dir, "missing.txt"), nil)
	if !errors.Is(err, fs.ErrNotExist) || strings.Contains(err.Error(), dir) {
		t.Errorf("Open of a missing file: err = %v, want fs.ErrNotExist without the path", err)
	}
}
