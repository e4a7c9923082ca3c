package extract

import (
	"bytes"
	"fmt"
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
// every position lies inside the input and agrees with its offset, and
// every table is rectangular.
func checkWikitextDoc(t testing.TB, data []byte, doc *Document) {
	t.Helper()
	idx := newLineIndex(data)
	bom := bytes.HasPrefix(data, []byte("\xef\xbb\xbf"))
	check := func(what string, p Pos) {
		t.Helper()
		if p.Offset < 0 || p.Offset > len(data) {
			t.Fatalf("%s: offset %d outside the input (%d bytes)", what, p.Offset, len(data))
		}
		want := idx.pos(p.Offset)
		if bom && want.Line == 1 {
			want.Col--
		}
		if p != want {
			t.Fatalf("%s: pos %+v, offset says %+v", what, p, want)
		}
	}
	for i, ib := range doc.Infoboxes {
		check(fmt.Sprintf("infobox %d", i), ib.Pos)
		for _, f := range ib.Fields {
			check("field "+f.Key, f.Pos)
		}
	}
	doc.Walk(func(s *Section) {
		check("section "+s.Heading, s.Pos)
		for _, b := range s.Blocks {
			switch {
			case b.Paragraph != nil:
				check("paragraph", b.Paragraph.Pos)
			case b.List != nil:
				check("list", b.List.Pos)
				for _, it := range b.List.Items {
					check("item", it.Pos)
				}
			case b.Table != nil:
				tb := b.Table
				check("table", tb.Pos)
				width := -1
				for _, r := range append(append([]Row{}, tb.Header...), tb.Body...) {
					check("row", r.Pos)
					if width >= 0 && len(r.Cells) != width {
						t.Fatalf("table at %+v is not rectangular: rows of %d and %d cells", tb.Pos, width, len(r.Cells))
					}
					width = len(r.Cells)
					for _, c := range r.Cells {
						check("cell", c.Pos)
					}
				}
			default:
				t.Fatalf("empty block in section %q", s.Heading)
			}
		}
	})
	for _, d := range doc.Diagnostics {
		if d.Line < 1 || d.Col < 1 {
			t.Fatalf("diagnostic without a position: %s", d)
		}
	}
}

// BenchmarkExtractWikitext parses the whole corpus; MB/s is per core.
func BenchmarkExtractWikitext(b *testing.B) {
	var inputs [][]byte
	var total int64
	for _, path := range wikitextFiles(b) {
		data := readInput(b, path)
		inputs = append(inputs, data)
		total += int64(len(data))
	}
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
