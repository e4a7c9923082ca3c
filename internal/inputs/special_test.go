//go:build unix

package inputs

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSpecialFiles checks that a FIFO found in a folder or by a glob is
// marked Special (and so skipped with a warning), that one named explicitly
// is not, and that opening or reading a named FIFO without a writer gives
// up as soon as the context ends.
func TestSpecialFiles(t *testing.T) {
	dir := writeTree(t, "a.txt")
	fifo := filepath.Join(dir, "pipe.wiki")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	for _, in := range []Input{{Path: dir}, {Path: filepath.Join(dir, "*.wiki")}, {Path: fifo}} {
		var got []string
		err := Each([]Input{in}, func(in Input) error {
			got = append(got, filepath.Base(in.Path)+"="+in.Special)
			return nil
		})
		want := []string{"a.txt=", "pipe.wiki=a named pipe (FIFO)"}
		switch {
		case in.Path == fifo:
			want = []string{"pipe.wiki="}
		case strings.Contains(in.Path, "*"):
			want = want[1:]
		}
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("Each(%s) = %q, %v; want %q", in.Path, got, err, want)
		}
	}
	skipped := Input{Path: fifo, Special: "a named pipe (FIFO)"}.Skipped()
	if s := skipped.String(); !strings.HasPrefix(s, fifo+": read: skipped: a named pipe (FIFO) is not a regular file") {
		t.Errorf("Skipped() = %s", s)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	began := time.Now()
	if _, err := Open(ctx, fifo, nil); !errors.Is(err, context.DeadlineExceeded) || time.Since(began) > time.Second {
		t.Fatalf("Open of a FIFO without a writer: %v after %v", err, time.Since(began))
	}

	// A writer that opens and then sends nothing: the read must give up.
	w := make(chan *os.File, 1)
	go func() {
		f, _ := os.OpenFile(fifo, os.O_WRONLY, 0)
		w <- f
	}()
	ctx2, cancel2 := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel2()
	r, err := Open(ctx2, fifo, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { r.Close(); (<-w).Close() }()
	began = time.Now()
	if _, err := r.Read(make([]byte, 10)); err == nil || time.Since(began) > time.Second {
		t.Errorf("Read of a silent FIFO: %v after %v", err, time.Since(began))
	}
}
