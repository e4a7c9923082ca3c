// Command gencorpus writes a large corpus of text-dialect articles for
// benchmarks: go run ./internal/corpusgen/gencorpus -n 20000 -o testdata/large/20k
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/wikipipe/wikipipe/internal/corpusgen"
)

func main() {
	n := flag.Int("n", 10000, "number of articles")
	out := flag.String("o", "testdata/large/corpus", "output folder")
	from := flag.String("from", "testdata/corpus", "folder holding seed/ and pages/")
	flag.Parse()
	templates, err := corpusgen.Templates(*from)
	if err == nil {
		var total int64
		total, err = corpusgen.Write(*out, templates, *n)
		fmt.Printf("%d articles, %d bytes in %s\n", *n, total, *out)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}
