package wikipipe

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/report"

	"github.com/wikipipe/wikipipe/internal/dumpgen"
)

// genDump writes the three forms of a generated dump of about size bytes of
// XML from the corpus dump into dir.
func genDump(t testing.TB, size int64) (dir string, files dumpgen.Files) {
	t.Helper()
	tp, err := dumpgen.ReadTemplate(corpus + "/dumps/wikidump_benches_enwiki-10k.xml.bz2")
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	files = dumpgen.FilesIn(dir, "testwiki")
	if _, _, err := dumpgen.Write(files, tp, size); err != nil {
		t.Fatal(err)
	}
	return dir, files
}

// dumpForms are the three forms of a generated dump.
func dumpForms(f dumpgen.Files) []struct{ name, path string } {
	return []struct{ name, path string }{{"plain", f.Plain}, {"single", f.Single}, {"multistream", f.Multi}}
}

// TestDumpSameBytesAtAnyWorkerCountAndForm reads a dump page-parallel: the
// datasets are the same bytes at every worker count and for the plain,
// single-stream and multistream forms; the report (whose input record is the
// raw file's) is the same at every worker count of one form.
func TestDumpSameBytesAtAnyWorkerCountAndForm(t *testing.T) {
	dir, dump := genDump(t, 3_000_000)
	in := filepath.Join(dir, "wiki.xml") // each form in turn: the rows name their source file
	var first map[string][]byte
	for _, f := range dumpForms(dump) {
		form := f.name
		if err := os.Rename(f.path, in); err != nil {
			t.Fatal(err)
		}
		var firstReport []byte
		for _, workers := range []int{1, 2, 8} {
			out := filepath.Join(t.TempDir(), "out")
			if _, err := Run(context.Background(), testConfig(t, out, in), Options{Workers: workers}); err != nil {
				t.Fatalf("%s -j %d: %v", form, workers, err)
			}
			files := readTree(t, out)
			var rep report.Report
			if err := json.Unmarshal(files["report.json"], &rep); err != nil {
				t.Fatal(err)
			}
			if len(rep.Inputs) != 1 || rep.Inputs[0].Stats.Documents < 300 || rep.Inputs[0].SHA256 == "" {
				t.Fatalf("%s -j %d: inputs %+v", form, workers, rep.Inputs)
			}
			if firstReport == nil {
				firstReport = files["report.json"]
			} else if !bytes.Equal(files["report.json"], firstReport) {
				t.Errorf("%s -j %d: report.json differs from -j 1", form, workers)
			}
			delete(files, "report.json")
			if first == nil {
				first = files
				continue
			}
			for name, b := range first {
				if !bytes.Equal(files[name], b) {
					t.Errorf("%s -j %d: %s differs from plain -j 1", form, workers, name)
				}
			}
			if len(files) != len(first) {
				t.Errorf("%s -j %d: %d files, want %d", form, workers, len(files), len(first))
			}
		}
	}
}

// TestDumpCutShortKeepsCompletePages cuts the multistream form in half: the
// run fails with a located error, and the scan has handed out every page
// before the cut, in order.
func TestDumpCutShortKeepsCompletePages(t *testing.T) {
	_, dump := genDump(t, 2_000_000)
	var all []string
	if _, _, err := extract.ScanDump(context.Background(), dump.Plain, openT(t, dump.Plain), 2, extract.Options{}, func(p *extract.Page) error {
		all = append(all, p.Title())
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(dump.Multi)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "cut-multistream.xml.bz2")
	if err := os.WriteFile(cut, raw[:len(raw)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	var got []string
	_, _, err = extract.ScanDump(context.Background(), cut, openT(t, cut), 2, extract.Options{}, func(p *extract.Page) error {
		got = append(got, p.Title())
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "cut-multistream.xml.bz2:") || !strings.Contains(err.Error(), ": extract: bzip2 stream cut short") {
		t.Errorf("err = %v", err)
	}
	if len(got) < len(all)/3 || len(got) >= len(all) || !slices.Equal(got, all[:len(got)]) {
		t.Errorf("%d pages of %d before the cut, or not the first ones", len(got), len(all))
	}
	_, err = articleRows(t, Options{Workers: 2}, cut)
	if err == nil || !strings.Contains(err.Error(), "bzip2 stream cut short") {
		t.Errorf("run: err = %v", err)
	}
}

func openT(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
