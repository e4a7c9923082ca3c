package corpusgen

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestArticleMakesUniqueTitles(t *testing.T) {
	templates := [][]byte{[]byte("= A =\n\nbody\n"), []byte("= B =\r\nbody")}
	for k, want := range []string{"= A (0) =\n\nbody\n", "= B (1) =\nbody", "= A (2) =\n\nbody\n"} {
		if got := string(Article(templates, k)); got != want {
			t.Errorf("Article(%d) = %q, want %q", k, got, want)
		}
	}
}

func TestWrite(t *testing.T) {
	templates, err := Templates("../../testdata/corpus")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	total, err := Write(dir, templates, 40)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) != 40 || total == 0 {
		t.Fatalf("wrote %d files, %d bytes; want 40 files", len(files), total)
	}
	first, _ := os.ReadFile(files[0])
	if !bytes.HasPrefix(first, []byte("= ")) || !bytes.Contains(first, []byte(" (0) =\n")) {
		t.Errorf("first article starts %q", first[:40])
	}
}
