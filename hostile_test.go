package wikipipe

// The hostile inputs of issue 13, each a test: internal/hostile writes them
// at a small scale and the limits are lowered to match. The cases whose
// test lives elsewhere are named at the end of the file.

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/internal/hostile"
)

// writeHostile writes a file of dir by fill.
func writeHostile(t *testing.T, dir, name string, fill func(io.Writer) error) string {
	t.Helper()
	p := filepath.Join(dir, name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := fill(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// runHostile runs the inputs with the limits into a fresh folder and
// returns the run's diagnostics, folder and error.
func runHostile(t *testing.T, lim extract.Limits, stdin io.Reader, inputs ...string) ([]diag.Diagnostic, string, error) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	cfg := testConfig(t, out, inputs...)
	cfg.Extract.Limits = lim
	var diags []diag.Diagnostic
	_, err := Run(context.Background(), cfg, Options{Workers: 2, Stdin: stdin,
		Diagnostic: func(d diag.Diagnostic) { diags = append(diags, d) }})
	return diags, out, err
}

// TestHostileLimits checks each input past a limit: a located error that
// names the limit, nothing written, and under on_exceed: skip a warning and
// the run going on with the other inputs.
func TestHostileLimits(t *testing.T) {
	dir := t.TempDir()
	seed := corpus + "/seed/azerbaijan-united-states-relations.txt"
	small := extract.Limits{Article: 256 << 10, Line: 64 << 10}
	for _, tc := range []struct {
		name  string
		file  func(io.Writer) error
		stdin io.Reader
		lim   extract.Limits
		want  string // the error's text, after the file name
	}{
		{"bz2 bomb", func(w io.Writer) error { return hostile.BzipBomb(w, 100<<20) }, nil, small,
			": extract: input decompresses to more than 100 times its size (limits.ratio)"},
		{"gz huge page", func(w io.Writer) error { return hostile.GzipPage(w, 1<<20) }, nil, small,
			`:2:1: extract: page "Huge" is larger than limits.article (256 KiB)`},
		{"one huge line", func(w io.Writer) error { return hostile.OneLine(w, 128<<10) }, nil, small,
			":1:1: extract: line 1 is longer than limits.line (64 KiB)"},
		{"huge file", func(w io.Writer) error { return hostile.OneLine(w, 1<<20) }, nil, small,
			":1:1: extract: article is larger than limits.article (256 KiB)"},
		{"huge table", func(w io.Writer) error { return hostile.Table(w, 1<<20) }, nil, small,
			":1:1: extract: article is larger than limits.article (256 KiB)"},
		{"endless stdin", nil, hostile.Endless{}, small,
			"-:1:1: extract: article is larger than limits.article (256 KiB)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := "-"
			if tc.file != nil {
				in = writeHostile(t, dir, strings.ReplaceAll(tc.name, " ", "-")+".in", tc.file)
			}
			_, out, err := runHostile(t, tc.lim, tc.stdin, seed, in)
			var d diag.Diagnostic
			if !errors.As(err, &d) || d.Severity != diag.Error || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want a located error ending %q", err, tc.want)
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				if files := readTree(t, out); len(files) > 1 { // the marker only
					t.Errorf("a failed run left %d files", len(files))
				}
			}
			if tc.name == "bz2 bomb" {
				return // past the ratio the dump is an error either way
			}
			skip := tc.lim
			skip.Skip = true
			diags, out, err := runHostile(t, skip, tc.stdin, seed, in)
			if err != nil {
				t.Fatalf("on_exceed: skip: %v", err)
			}
			var warned bool
			for _, d := range diags {
				warned = warned || d.Severity == diag.Warning && strings.Contains(d.String(), tc.want) && strings.HasSuffix(d.Message, "skipped (limits.on_exceed: skip)")
			}
			if !warned {
				t.Errorf("on_exceed: skip: no warning ending %q in %v", tc.want, diags)
			}
			if csv, err := os.ReadFile(filepath.Join(out, "csv", "articles.csv")); err != nil || bytes.Count(csv, []byte("\n")) != 2 {
				t.Errorf("on_exceed: skip: articles.csv %q %v, want the seed alone", csv, err)
			}
		})
	}
}

// TestHostileTableUnderTheLimit runs a table just under the article limit
// through all four formats: every row arrives.
func TestHostileTableUnderTheLimit(t *testing.T) {
	in := writeHostile(t, t.TempDir(), "table.wiki", func(w io.Writer) error { return hostile.Table(w, 200<<10) })
	_, out, err := runHostile(t, extract.Limits{Article: 256 << 10}, nil, in)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := os.ReadFile(filepath.Join(out, "csv", "table_cells.csv"))
	if err != nil || !bytes.Contains(rows, []byte("Row 5000")) {
		t.Errorf("table_cells.csv: %d bytes, %v; want row 5000", len(rows), err)
	}
}

// TestHostileInvalidUTF8 reads invalid UTF-8 in every dialect: each input
// gets one warning at its first bad byte, and every CSV and JSON-LD file is
// valid UTF-8 (the Parquet strings are the same as the CSV's; make interop
// has DuckDB read them).
func TestHostileInvalidUTF8(t *testing.T) {
	dir := t.TempDir()
	inputs := []struct{ name, data, at string }{
		{"bad.wiki", hostile.InvalidUTF8, "bad.wiki:2:13: "},
		{"bad.txt", "= Bad =\n\nA paragraph with a bad \xff byte.\n\n== Head \xc0 ==\nx\n", "bad.txt:3:24: "},
		{"bad.html", "<html><head><title>Bad</title></head><body><p>bad \xfe byte</p>\n<table class=\"wikitable\"><tr><th>A\xff</th></tr><tr><td>b</td></tr></table></body></html>", "bad.html:1:51: "},
		{"bad.xml", "<mediawiki>\n<page><title>Bad\xff</title><ns>0</ns><id>1</id><revision><id>2</id><text>'''Bad''' \xfe text.\n== H ==\n* \xc3x</text></revision></page>\n</mediawiki>\n", "bad.xml:2:17: "},
	}
	var paths []string
	for _, in := range inputs {
		paths = append(paths, writeHostile(t, dir, in.name, writeString(in.data)))
	}
	diags, out, err := runHostile(t, extract.Limits{}, nil, paths...)
	if err != nil {
		t.Fatal(err)
	}
	for i, in := range inputs {
		var got []string
		for _, d := range diags {
			if d.File == paths[i] && strings.Contains(d.Message, "invalid UTF-8") {
				got = append(got, d.String())
			}
		}
		if len(got) != 1 || !strings.HasPrefix(got[0], filepath.Join(dir, in.at)) {
			t.Errorf("%s: invalid UTF-8 warnings %q, want one at %s", in.name, got, in.at)
		}
	}
	for path, data := range readTree(t, out) {
		if (strings.HasSuffix(path, ".csv") || strings.HasSuffix(path, ".jsonld")) && !utf8.Valid(data) {
			t.Errorf("%s is not valid UTF-8", path)
		}
	}
}

// TestHostileCSVFormulas checks csv: {escape_formulas: true} end to end.
func TestHostileCSVFormulas(t *testing.T) {
	in := writeHostile(t, t.TempDir(), "f.wiki", writeString("'''F''' is an article.\n\n== Cells ==\n{| class=\"wikitable\"\n! A !! B\n|-\n| =HYPERLINK(\"http://x\") || @SUM(1)\n|}\n"))
	for _, escape := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "out")
		cfg := testConfig(t, out, in)
		cfg.CSV.EscapeFormulas = escape
		if _, err := Run(context.Background(), cfg, Options{}); err != nil {
			t.Fatal(err)
		}
		cells, err := os.ReadFile(filepath.Join(out, "csv", "table_cells.csv"))
		if err != nil {
			t.Fatal(err)
		}
		got := bytes.Contains(cells, []byte(`"'=HYPERLINK(""http://x"")"`)) && bytes.Contains(cells, []byte(",'@SUM(1),"))
		plain := bytes.Contains(cells, []byte(`"=HYPERLINK(""http://x"")"`))
		if got != escape || plain == escape {
			t.Errorf("escape_formulas %v: table_cells.csv:\n%s", escape, cells)
		}
	}
}

// The other cases of issue 13 are tested where their code is:
//
//   - two concurrent runs: export.TestOutputLock, TestOutputLockAcrossProcesses
//   - SIGKILL during the commit: export.TestOutputCrashAtEveryStep,
//     TestOutputCrashAtRandom (20 random kills), TestOutputKilledWhileStaging
//   - output "/" and "..": config testdata output_root.yaml, output_self.yaml;
//     export.TestCheckOutputDir
//   - a csv/ that is a symlink: export.TestOutputSymlinks
//   - signals on standard input: cmd/wikipipe.TestSignalsStopTheRun
//   - exit codes: cmd/wikipipe.TestExitCodes, TestExitCodeTable
