// Command genhostile writes the hostile inputs of package hostile at full
// scale into a folder, for measuring a run's peak memory on each by hand:
//
//	go run ./internal/hostile/genhostile -o /tmp/hostile
//	/usr/bin/time -v bin/wikipipe run -o /tmp/out /tmp/hostile/bomb.xml.bz2
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/wikipipe/wikipipe/internal/hostile"
)

func main() {
	dir := flag.String("o", "hostile", "the folder to write into")
	flag.Parse()
	const gb = 1 << 30
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"bomb.xml.bz2", func(w io.Writer) error { return hostile.BzipBomb(w, gb) }},
		{"huge-page.xml.gz", func(w io.Writer) error { return hostile.GzipPage(w, gb) }},
		{"one-line.wiki", func(w io.Writer) error { return hostile.OneLine(w, gb) }},
		{"table.wiki", func(w io.Writer) error { return hostile.Table(w, 200<<20) }},
		{"invalid-utf8.wiki", func(w io.Writer) error { _, err := io.WriteString(w, hostile.InvalidUTF8); return err }},
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fail(err)
	}
	for _, f := range files {
		if err := write(filepath.Join(*dir, f.name), f.write); err != nil {
			fail(err)
		}
	}
}

func write(path string, fill func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := fill(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "genhostile:", err)
	os.Exit(1)
}
