// Command pbunzip2 decodes a bzip2 file to standard output with
// internal/pbzip2 on -j workers, or with compress/bzip2 for -stdlib: the
// decode runs of scripts/bench-dumps.sh.
package main

import (
	"bufio"
	"compress/bzip2"
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/wikipipe/wikipipe/internal/pbzip2"
)

func main() {
	workers := flag.Int("j", 2, "decoding workers")
	std := flag.Bool("stdlib", false, "decode with compress/bzip2 instead")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: pbunzip2 [-j N] [-stdlib] FILE.bz2")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *workers, *std); err != nil {
		fmt.Fprintln(os.Stderr, "pbunzip2:", err)
		os.Exit(1)
	}
}

func run(path string, workers int, std bool) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader
	if std {
		r = bzip2.NewReader(bufio.NewReaderSize(f, 1<<20))
	} else {
		pr := pbzip2.NewReader(context.Background(), f, workers)
		defer pr.Close()
		r = pr
	}
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	if _, err := io.Copy(out, r); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return out.Flush()
}
