// Command gendump writes a generated MediaWiki dump in its plain,
// single-stream and multistream forms with the multistream index, for
// benchmarks: go run ./internal/dumpgen/gendump -size 200000000 -o testdata/large/dump
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/wikipipe/wikipipe/internal/dumpgen"
)

func main() {
	size := flag.Int64("size", 200_000_000, "bytes of XML to write at least")
	out := flag.String("o", "testdata/large/dump", "output folder")
	name := flag.String("name", "genwiki", "the wiki's name, the files' prefix")
	from := flag.String("from", "testdata/corpus/dumps/wikidump_benches_enwiki-10k.xml.bz2", "template dump")
	flag.Parse()
	t, err := dumpgen.ReadTemplate(*from)
	if err == nil {
		err = os.MkdirAll(*out, 0o755)
	}
	if err == nil {
		f := dumpgen.FilesIn(*out, *name)
		var pages int
		var n int64
		pages, n, err = dumpgen.Write(f, t, *size)
		fmt.Printf("%d pages, %d bytes of XML: %s, %s, %s, %s\n", pages, n, f.Plain, f.Single, f.Multi, f.Index)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gendump:", err)
		os.Exit(1)
	}
}
