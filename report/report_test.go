package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/wikipipe/wikipipe/config"
	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/export"
	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/internal/spill"
)

func TestSummary(t *testing.T) {
	for _, tc := range []struct {
		pages    extract.Stats
		articles int
		want     string
	}{
		{extract.Stats{Documents: 1}, 1, "1 page read: 1 article written; 2 datasets, 1,304 rows, 1 warning in 0.41s → out/"},
		{extract.Stats{Documents: 68, Redirects: 120, Skipped: 8}, 68, "196 pages read: 68 articles written, 120 redirects, 8 skipped (other namespaces); 2 datasets, 1,304 rows, 1 warning in 0.41s → out/"},
		{extract.Stats{Documents: 2, Redirects: 1}, 2, "3 pages read: 2 articles written, 1 redirect; 2 datasets, 1,304 rows, 1 warning in 0.41s → out/"},
		{extract.Stats{}, 0, "0 pages read: 0 articles written; 2 datasets, 1,304 rows, 1 warning in 0.41s → out/"},
	} {
		rep := &Report{Output: "out", Pages: tc.pages, Articles: tc.articles, Warnings: 1,
			Datasets: []Dataset{{Name: "a", Rows: 1300}, {Name: "b", Rows: 4}}, Timings: Timings{Total: 0.41}}
		if got := rep.Summary(); got != tc.want {
			t.Errorf("Summary() = %q\nwant        %q", got, tc.want)
		}
	}
}

// TestReportFields holds the members report.json is streamed as to Report's
// json tags: with the lists in memory, the stream is what json.MarshalIndent
// gives.
func TestReportFields(t *testing.T) {
	rep := New("wikipipe 0.1.0", &config.Config{Path: "p.yaml", Digest: "ab", Output: "out", Formats: []export.Format{export.CSV}})
	rep.Inputs = []Input{{Path: "a.txt", Dialect: extract.Text, Bytes: 3, SHA256: "cd", Stats: extract.Stats{Documents: 1}}}
	rep.Datasets = []Dataset{{Name: "articles", Rows: 1}}
	rep.Articles, rep.Warnings, rep.Errors = 1, 1, 0
	rep.Diagnostics = []diag.Diagnostic{{File: "a.txt", Line: 1, Col: 2, Stage: diag.Extract, Severity: diag.Warning, Message: "m <x>"}}
	rep.Timings = Timings{Extract: 0.5, Export: map[string]float64{"csv": 0.25}, Total: 1}
	want, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := spill.WriteObject(&got, rep.fields(rep.Inputs, rep.Diagnostics)); err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want)+"\n" {
		t.Errorf("report.json members differ from Report's fields:\n%s\nwant\n%s", got.String(), want)
	}
}
