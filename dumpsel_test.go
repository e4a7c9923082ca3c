package wikipipe

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wikipipe/wikipipe/config"
	"github.com/wikipipe/wikipipe/export"
	"github.com/wikipipe/wikipipe/extract"
)

// articleRows runs cfg's inputs with opts into a fresh folder, csv only,
// and returns the rows of articles.csv without its header.
func articleRows(t *testing.T, opts Options, inputs ...string) ([][]string, error) {
	t.Helper()
	cfg := testConfig(t, filepath.Join(t.TempDir(), "out"), inputs...)
	cfg.Formats = []export.Format{export.CSV}
	if _, err := Run(context.Background(), cfg, opts); err != nil {
		return nil, err
	}
	return articlesCSV(t, cfg.Output), nil
}

// articlesCSV is the rows of out's articles.csv without its header.
func articlesCSV(t *testing.T, out string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(out, "csv", "articles.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows[1:]
}

// sourceCol is the column of articles.csv that names the input file.
const sourceCol = 8

// byTitle finds the row of title (the second column).
func byTitle(rows [][]string, title string) []string {
	for _, r := range rows {
		if r[1] == title {
			return r
		}
	}
	return nil
}

func TestDumpPagesThroughIndexAndStreaming(t *testing.T) {
	_, dump := genDump(t, 3_000_000)
	all, err := articleRows(t, Options{Workers: 2}, dump.Multi)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{all[3][1], all[len(all)-1][1]}
	for _, tc := range []struct {
		name, input, index string
	}{
		{"index beside", dump.Multi, ""},
		{"--index", dump.Multi, dump.Index},
		{"streaming, plain", dump.Plain, ""},
		{"streaming, single stream", dump.Single, ""},
	} {
		pages := []string{strings.ReplaceAll(want[1], " ", "_"), want[0]} // as in a URL, out of order
		rows, err := articleRows(t, Options{Workers: 2, Pages: pages, Index: tc.index}, tc.input)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(rows) != 2 {
			t.Fatalf("%s: %d rows, want 2", tc.name, len(rows))
		}
		for i, title := range want { // in dump order
			if got, full := rows[i], byTitle(all, title); strings.Join(got[:sourceCol], ",") != strings.Join(full[:sourceCol], ",") ||
				strings.Join(got[sourceCol+1:], ",") != strings.Join(full[sourceCol+1:], ",") { // all but the source file
				t.Errorf("%s: row %d = %q, the full run's %q", tc.name, i, got, full)
			}
		}
	}
}

func TestDumpPageMissingNamesClosest(t *testing.T) {
	_, dump := genDump(t, 1_000_000)
	all, err := articleRows(t, Options{Workers: 1}, dump.Plain)
	if err != nil {
		t.Fatal(err)
	}
	typo := all[0][1] + "x"
	_, err = articleRows(t, Options{Workers: 1, Pages: []string{typo}}, dump.Multi)
	if err == nil || !strings.Contains(err.Error(), "-multistream-index.txt.bz2: read: page "+`"`+typo+`" is not in the dump's index; the closest titles: "`+all[0][1]) {
		t.Errorf("err = %v", err)
	}
	_, err = articleRows(t, Options{Workers: 1, Pages: []string{typo}}, dump.Plain)
	if err == nil || !strings.Contains(err.Error(), `.xml: read: page "`+typo+`" is not in the dump`) {
		t.Errorf("streaming: err = %v", err)
	}
}

func TestDumpIndexOfAnotherDumpIsLocated(t *testing.T) {
	_, dump := genDump(t, 1_000_000)
	all, err := articleRows(t, Options{Workers: 1}, dump.Plain)
	if err != nil {
		t.Fatal(err)
	}
	// An index whose offsets point into the middle of streams.
	bad := filepath.Join(t.TempDir(), "index.txt")
	if err := os.WriteFile(bad, []byte("0:1:Head\n1234:2:"+all[0][1]+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = articleRows(t, Options{Workers: 1, Pages: []string{all[0][1]}, Index: bad}, dump.Multi)
	if err == nil || !strings.Contains(err.Error(), "multistream.xml.bz2: read: the index points at byte 1234") {
		t.Errorf("err = %v", err)
	}
}

// TestShardsUnionIsTheFullRun splits a multistream dump by its streams and
// a folder of inputs by the input list: the shards' rows, in shard order,
// are the full run's.
func TestShardsUnionIsTheFullRun(t *testing.T) {
	_, dump := genDump(t, 3_000_000)
	for _, inputs := range [][]string{{dump.Multi}, {corpus + "/pages"}, {dump.Single, corpus + "/seed"}} {
		full, err := articleRows(t, Options{Workers: 2}, inputs...)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{1, 3, 4} {
			var union [][]string
			for k := range n {
				rows, err := articleRows(t, Options{Workers: 2, Shard: Shard{K: k, N: n}}, inputs...)
				if err != nil {
					t.Fatalf("%v shard %d/%d: %v", inputs, k, n, err)
				}
				if n > 1 && len(rows) == len(full) && len(full) > 10 {
					t.Errorf("%v shard %d/%d: every row", inputs, k, n)
				}
				union = append(union, rows...)
			}
			if len(union) != len(full) {
				t.Fatalf("%v, %d shards: %d rows, want %d", inputs, n, len(union), len(full))
			}
			for i := range full {
				if strings.Join(union[i], ",") != strings.Join(full[i], ",") {
					t.Fatalf("%v, %d shards: row %d = %q, want %q", inputs, n, i, union[i], full[i])
				}
			}
		}
	}
}

func TestParseShard(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Shard
		ok   bool
	}{
		{"0/1", Shard{0, 1}, true}, {"3/4", Shard{3, 4}, true},
		{"4/4", Shard{}, false}, {"-1/4", Shard{}, false}, {"0/0", Shard{}, false},
		{"1", Shard{}, false}, {"1/2x", Shard{}, false}, {"01/2", Shard{}, false},
	} {
		got, err := ParseShard(tc.in)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("ParseShard(%q) = %v, %v", tc.in, got, err)
		}
	}
}

// TestDumpInputTitles reads pages of a dump by the titles of its input in
// pipeline.yaml (titles: and titles_from:), as --page does, and refuses
// titles on an input that is not a dump.
func TestDumpInputTitles(t *testing.T) {
	dir, dump := genDump(t, 1_000_000)
	all, err := articleRows(t, Options{Workers: 1}, dump.Plain)
	if err != nil {
		t.Fatal(err)
	}
	list := filepath.Join(dir, "titles.txt")
	if err := os.WriteFile(list, []byte("# wanted\n"+all[2][1]+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pipeline := fmt.Sprintf("version: 1\noutput: %q\nformats: [csv]\ninputs:\n  - {path: %q, titles: [%q]}\n  - {path: %q, titles_from: %q}\n",
		filepath.Join(dir, "out"), dump.Multi, all[1][1], dump.Plain, list)
	cfg, err := config.Parse(filepath.Join(dir, "pipeline.yaml"), []byte(pipeline))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), cfg, Options{Workers: 2}); err != nil {
		t.Fatal(err)
	}
	rows := articlesCSV(t, filepath.Join(dir, "out"))
	if len(rows) != 2 || rows[0][1] != all[1][1] || rows[1][1] != all[2][1] {
		t.Errorf("articles %q, want %q then %q", rows, all[1][1], all[2][1])
	}
	cfg.Inputs = []config.Input{{Path: corpus + "/seed/azerbaijan-united-states-relations.txt", Format: extract.Auto, Pages: []string{"X"}}}
	var usage *UsageError
	if _, err := Run(context.Background(), cfg, Options{Workers: 1}); !errors.As(err, &usage) || !strings.Contains(err.Error(), "is not one") {
		t.Errorf("titles on a file that is no dump: err = %v", err)
	}
}
