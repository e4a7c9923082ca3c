package transform

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/extract"
)

// FuzzTransform runs text-dialect inputs through every core dataset and the
// corpus's declared datasets. Beyond not panicking: every row fits its
// schema (checkArticle), section_ids are unique, every section, table cell
// and list item of the document has its row, and Transform fails only with
// an error-severity diagnostic.
func FuzzTransform(f *testing.F) {
	for _, p := range []string{"seed/azerbaijan-united-states-relations.txt", "pages/39-chairperson-of-the-presidium-of-the-supreme-soviet-of-the-az.txt",
		"pages/33-2003-azerbaijani-presidential-election.txt"} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "corpus", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("= T =\n\nInfobox\n- Office: a\n- Office2: b\n\n== History ==\n== history ==\n=== Lead ===\n| A | B |\n| 1 |\n- x\n  - y\n"))
	tr, err := New(corpusSpecs())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc := extract.ParseText("fuzz.txt", data, extract.Options{})
		a, err := tr.Transform(doc)
		if err != nil {
			if a != nil {
				t.Fatalf("an article with the error %v", err)
			}
			if !isErrorDiagnostic(err) {
				t.Fatalf("not an error diagnostic: %v", err)
			}
			return
		}
		checkArticle(t, tr.Schemas(), a)
		var sections, cells, items int
		doc.Walk(func(s *extract.Section) {
			sections++
			for _, b := range s.Blocks {
				if b.Table != nil {
					for _, r := range append(append([]extract.Row{}, b.Table.Header...), b.Table.Body...) {
						cells += len(r.Cells)
					}
				}
				if b.List != nil {
					items += len(b.List.Items)
				}
			}
		})
		if len(a.Rows[iSections]) != sections || len(a.Rows[iTableCells]) != cells || len(a.Rows[iListItems]) != items {
			t.Fatalf("rows: %d sections, %d cells, %d items; the document has %d, %d, %d",
				len(a.Rows[iSections]), len(a.Rows[iTableCells]), len(a.Rows[iListItems]), sections, cells, items)
		}
		ids := map[string]bool{}
		for _, r := range a.Rows[iSections] {
			id := asciiLower(r[1].(string))
			if ids[id] {
				t.Fatalf("section_id %s twice", r[1])
			}
			ids[id] = true
		}
	})
}

// BenchmarkTransform measures the transform stage alone on the seed, with
// the datasets of pipeline.yaml.
func BenchmarkTransform(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", seedPath))
	if err != nil {
		b.Fatal(err)
	}
	doc := extract.ParseText(seedPath, data, extract.Options{})
	tr, err := New(seedSpecs())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tr.Transform(doc); err != nil {
			b.Fatal(err)
		}
	}
}

func isErrorDiagnostic(err error) bool {
	var d diag.Diagnostic
	return errors.As(err, &d) && d.Severity == diag.Error && d.Stage == diag.Transform && d.Line > 0
}
