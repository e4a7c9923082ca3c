package extract

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/wikipipe/wikipipe/internal/golden"
)

const wikitextCorpus = "../testdata/corpus/wikitext"

func wikitextFiles(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(wikitextCorpus, "*.txt"))
	if err != nil || len(files) != 71 {
		t.Fatalf("want the 71 corpus files, got %d (%v)", len(files), err)
	}
	return files
}

// TestWikitextGolden compares every corpus article's Document with its
// golden file; a redirect's golden records that it is one.
func TestWikitextGolden(t *testing.T) {
	for _, path := range wikitextFiles(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			data := readInput(t, path)
			gold := filepath.Join("testdata/golden/wikitext", strings.TrimSuffix(name, ".txt")+".golden")
			if isRedirect(data) {
				golden.Check(t, gold, []byte("redirect\n"))
				return
			}
			doc := ParseWikitext(name, data, Options{})
			checkWikitextDoc(t, data, doc)
			golden.Check(t, gold, docJSON(t, doc))
		})
	}
}

// checkWikitextDoc is the oracle shared by the tests and the fuzz target:
// every position lies inside the input and agrees with its offset
// (checkPositions, text_test.go), every table is rectangular, and no block
// is empty.
func checkWikitextDoc(t testing.TB, data []byte, doc *Document) {
	t.Helper()
	checkPositions(t, doc.Source.Path, data, doc)
	doc.Walk(func(s *Section) {
		for _, b := range s.Blocks {
			switch {
			case b.Table != nil:
				hCheckRectangular(t, b.Table)
			case b.Paragraph == nil && b.List == nil:
				t.Errorf("empty block in section %q", s.Heading)
			}
		}
	})
	if t.Failed() {
		t.FailNow()
	}
}

// BenchmarkExtractWikitext parses the whole corpus; MB/s is per core.
func BenchmarkExtractWikitext(b *testing.B) {
	inputs, total := readInputs(b, wikitextFiles(b))
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		for _, data := range inputs {
			if !isRedirect(data) {
				ParseWikitext("bench.txt", data, Options{})
			}
		}
	}
}
