package transform

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/internal/golden"
)

// dateKey reports whether an infobox key or table header names a date:
// "Term Start2", "Birth Date", "Incumbentsince", "Took office", "Date".
func dateKey(k string) bool {
	k = strings.ToLower(k)
	for _, w := range [...]string{"date", "term start", "term end", "since", "established", "formation", "founded", "took office", "left office"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// TestCorpusDates runs ParseDateRange over the date-like infobox values and
// table cells of the real articles and keeps what each gives in a golden
// file, so that a shape that starts or stops parsing shows in the diff.
func TestCorpusDates(t *testing.T) {
	var files []string
	for _, glob := range []string{"../testdata/corpus/seed/*.txt", "../testdata/corpus/pages/*.txt"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	var out bytes.Buffer
	try := func(doc *extract.Document, pos extract.Pos, key, value string) {
		got := ""
		if r, err := ParseDateRange(value); err != nil {
			got = "error: " + err.Error()
		} else {
			got = fmtRange(r)
		}
		fmt.Fprintf(&out, "%s:%d:%d: %s: %q → %s\n", filepath.Base(doc.Source.Path), pos.Line, pos.Col, key, value, got)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, err = extract.Parse(f, bytes.NewReader(data), extract.Text, extract.Options{}, func(doc *extract.Document) error {
			for _, ib := range doc.Infoboxes {
				for _, fl := range ib.Fields {
					if dateKey(fl.Key) {
						try(doc, fl.Pos, fl.Key, fl.Value)
					}
				}
			}
			doc.Walk(func(s *extract.Section) {
				for _, b := range s.Blocks {
					if b.Table == nil || len(b.Table.Header) == 0 {
						continue
					}
					head := b.Table.Header[0].Cells
					for _, r := range b.Table.Body {
						for i, c := range r.Cells {
							if i < len(head) && dateKey(head[i].Text) && strings.TrimSpace(c.Text) != "" {
								try(doc, c.Pos, head[i].Text, c.Text)
							}
						}
					}
				}
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	golden.Check(t, "testdata/corpus_dates.golden", out.Bytes())
}
