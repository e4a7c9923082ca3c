package config

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/export"
	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/fetch"
	"github.com/wikipipe/wikipipe/internal/golden"
	"github.com/wikipipe/wikipipe/transform"
)

func TestLoadPipelineYAML(t *testing.T) {
	cfg, err := Load("../pipeline.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile("../pipeline.yaml")
	sum := sha256.Sum256(data)
	if cfg.Digest != hex.EncodeToString(sum[:]) {
		t.Errorf("digest %s", cfg.Digest)
	}
	seed := "../testdata/corpus/seed/azerbaijan-united-states-relations.txt"
	if len(cfg.Inputs) != 1 || !reflect.DeepEqual(cfg.Inputs[0], Input{Path: seed, Format: extract.Auto}) {
		t.Errorf("inputs %+v", cfg.Inputs)
	}
	if cfg.Version != 1 || cfg.Output != "../out" || !slices.Equal(cfg.Formats, export.Formats) || cfg.CSV != (export.CSVOptions{}) {
		t.Errorf("config %+v", cfg)
	}
	tr, err := transform.New(cfg.Datasets)
	if err != nil {
		t.Fatal(err)
	}
	schemas := tr.Schemas()
	visits, parties := schemas[len(schemas)-2], schemas[len(schemas)-1]
	if visits.Name != "visits" || parties.Name != "parties" {
		t.Fatalf("declared datasets %s, %s", visits.Name, parties.Name)
	}
	want := &transform.JSONLDMap{Type: "Event", Properties: []transform.JSONLDField{
		{Property: "name", Column: "visit_type"},
		{Property: "startDate", Column: "start_date"},
		{Property: "endDate", Column: "end_date"},
		{Property: "attendee", Column: "president", Type: "Person"},
	}}
	if visits.JSONLD == nil || visits.JSONLD.Type != want.Type || !slices.Equal(visits.JSONLD.Properties, want.Properties) {
		t.Errorf("visits jsonld %+v", visits.JSONLD)
	}

	// The seed through pipeline.yaml's datasets.
	data, err = os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	a, err := tr.Transform(extract.ParseText(seed, data, extract.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	n := len(a.Rows)
	if len(a.Rows[n-2]) != 15 || len(a.Rows[n-1]) != 2 {
		t.Errorf("seed: %d visits, %d parties; want 15 and 2", len(a.Rows[n-2]), len(a.Rows[n-1]))
	}
}

func TestConfigDefaults(t *testing.T) {
	for _, src := range []string{"", "# nothing\n", "---\n", "version: 1\n"} {
		cfg, err := Parse("p.yaml", []byte(src))
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if cfg.Version != 1 || cfg.Output != "out" || !slices.Equal(cfg.Formats, export.Formats) || len(cfg.Inputs) != 0 || len(cfg.Datasets) != 0 {
			t.Errorf("%q: %+v", src, cfg)
		}
	}
}

func TestConfigValues(t *testing.T) {
	src := `
inputs:
  - a.txt
  - {path: "-", format: text, title: " Genç x ", wiki: simplewiki}
  - {path: /abs/dump.xml.bz2, format: dump, wiki: "https://ar.wikipedia.org/wiki/"}
output: build/out
formats: [parquet, csv]
csv: {bom: true, crlf: true}
extract: {infobox_names: [Taxobox, Speciesbox], all_tables: true, all_namespaces: true}
base: &cols
  a: {from: 2, type: int, on_error: null}
datasets:
  first:
    on_error: null
    from: {table: {header: [A, {regex: "^B"}], header_rows: 2}}
    columns:
      a: {from: 2, type: int}
      b: {from: "2", on_error: fail}
  second:
    from: {infobox: {name: {regex: "(?i)officeholder"}, group_by: infobox}}
    columns: {k: {key: Term Start, type: year, description: Start year}}
`
	// "base" is not a key of pipeline.yaml: check it is reported, then
	// drop it to check the rest.
	_, err := Parse("sub/p.yaml", []byte(src))
	var ce *Error
	if !errors.As(err, &ce) || len(ce.Diagnostics) != 1 || !strings.Contains(ce.Error(), `sub/p.yaml:10:1: config: unknown key "base" at the top level`) {
		t.Fatalf("got %v", err)
	}
	src = strings.Replace(src, "base: &cols\n  a: {from: 2, type: int, on_error: null}\n", "", 1)
	cfg, err := Parse("sub/p.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	wantInputs := []Input{{Path: "sub/a.txt", Format: extract.Auto}, {Path: "-", Format: extract.Text, Title: "Genç x", Wiki: "simple.wikipedia.org"}, {Path: "/abs/dump.xml.bz2", Format: extract.Dump, Wiki: "ar.wikipedia.org"}}
	if !reflect.DeepEqual(cfg.Inputs, wantInputs) || cfg.Output != "sub/build/out" {
		t.Errorf("paths: %+v %s", cfg.Inputs, cfg.Output)
	}
	if !slices.Equal(cfg.Formats, []export.Format{export.Parquet, export.CSV}) || !cfg.CSV.BOM || !cfg.CSV.CRLF {
		t.Errorf("formats %v csv %+v", cfg.Formats, cfg.CSV)
	}
	if x := cfg.Extract; !slices.Equal(x.InfoboxNames, []string{"Taxobox", "Speciesbox"}) || !x.AllTables || !x.AllNamespaces {
		t.Errorf("extract %+v", x)
	}
	first, second := cfg.Datasets[0], cfg.Datasets[1]
	if first.Table == nil || len(first.Table.Header) != 2 || first.Table.Header[1].Regex == nil || *first.Table.HeaderRows != 2 {
		t.Errorf("first table %+v", first.Table)
	}
	wantCols := []transform.ColumnSpec{
		{Name: "a", Index: 2, Type: transform.Int, OnError: transform.Null},
		{Name: "b", From: "2", OnError: transform.Fail},
	}
	if !slices.Equal(first.Columns, wantCols) {
		t.Errorf("first columns %+v", first.Columns)
	}
	if ib := second.Infobox; ib == nil || ib.GroupBy != "" || !ib.Name.Match("Infobox Officeholder") ||
		!slices.Equal(second.Columns, []transform.ColumnSpec{{Name: "k", Key: "Term Start", Type: transform.Year, Description: "Start year"}}) {
		t.Errorf("second %+v %+v", second.Infobox, second.Columns)
	}
}

// TestInvalidConfigs checks each file of testdata/config: every line marked
// "# ERROR" must get one diagnostic per mark and no other line any, and the
// messages must match the file's golden.
func TestInvalidConfigs(t *testing.T) {
	files, err := filepath.Glob("testdata/config/*.yaml")
	if err != nil || len(files) < 5 {
		t.Fatalf("%d invalid configs (%v)", len(files), err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Parse(path, data)
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("Parse = %v, want a *Error", err)
			}
			want := map[int]int{}
			for i, line := range strings.Split(string(data), "\n") {
				if _, comment, ok := strings.Cut(line, "# "); ok {
					want[i+1] = strings.Count(comment, "ERROR")
				}
			}
			got := map[int]int{}
			for _, d := range ce.Diagnostics {
				got[d.Line]++
				if d.File != path || d.Stage != diag.Config || d.Severity != diag.Error || d.Line == 0 {
					t.Errorf("not a located config error: %+v", d)
				}
			}
			for line := range mergeKeys(want, got) {
				if want[line] != got[line] {
					t.Errorf("line %d: %d diagnostics, want %d", line, got[line], want[line])
				}
			}
			golden.Check(t, strings.TrimSuffix(path, ".yaml")+".golden", []byte(ce.Error()+"\n"))
		})
	}
}

func mergeKeys(a, b map[int]int) map[int]bool {
	m := map[int]bool{}
	for k, n := range a {
		m[k] = n > 0
	}
	for k := range b {
		m[k] = true
	}
	return m
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "none.yaml"))
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("got %v", err)
	}
}

func TestConfigNotAMapping(t *testing.T) {
	for src, want := range map[string]string{
		"hello\n":          `p.yaml:1:1: config: the file: want a mapping of keys, got text "hello"`,
		"- a\n- b\n":       `p.yaml:1:1: config: the file: want a mapping of keys, got a list`,
		"[a]: 1\n":         `p.yaml:1:1: config: the file: keys must be plain text, got a list`,
		"datasets: 3\n":    `p.yaml:1:11: config: datasets: want a mapping of keys, got an integer "3"`,
		"a: &x 1\nb: *x\n": "p.yaml:1:1: config: unknown key \"a\" at the top level\np.yaml:2:1: config: unknown key \"b\" at the top level",
	} {
		if _, err := Parse("p.yaml", []byte(src)); err == nil || err.Error() != want {
			t.Errorf("%q:\n got %v\nwant %s", src, err, want)
		}
	}
}

// A config diagnostic names the file, line and column, as the CLI prints it.
func TestConfigDiagnosticForm(t *testing.T) {
	_, err := Parse("pipeline.yaml", []byte("version: 1\ndatasets:\n  v:\n    from: {table: {section: X}}\n    columns: {a: {from: A, type: daterange}}\n"))
	want := `pipeline.yaml:5:34: config: datasets.v.columns.a.type: unknown column type "daterange" (want string, int, float, percent, bool, date, date_range, year, timestamp) (did you mean "date_range"?)`
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	if !regexp.MustCompile(`^pipeline\.yaml:\d+:\d+: config: `).MatchString(want) {
		t.Error("form")
	}
}

// FuzzParse checks that whatever Parse accepts, transform.New
// accepts too (validate never passes what run refuses), and that whatever it
// refuses comes as located config errors in file order.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/config/*.yaml")
	for _, p := range append(seeds, "../pipeline.yaml") {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("inputs:\n  - {wiki: en.wikipedia.org, titles: [A, b_c], format: html}\n  - {wiki: x.org, api: \"http://x.org/api.php\", category: C, depth: 1}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("p.yaml", data)
		if err == nil {
			if _, err := transform.New(cfg.Datasets); err != nil {
				t.Fatalf("accepted by Parse, refused by transform.New: %v", err)
			}
			for _, in := range cfg.Inputs {
				if in.Fetch != nil && in.Fetch.TitlesFrom == "" {
					if err := in.Fetch.Check(); err != nil {
						t.Fatalf("fetch input %+v accepted by Parse, refused by fetch: %v", in.Fetch, err)
					}
				}
			}
			if cfg.Version != 1 || len(cfg.Formats) == 0 || cfg.Output == "" {
				t.Fatalf("accepted config %+v", cfg)
			}
			return
		}
		var ce *Error
		if !errors.As(err, &ce) || len(ce.Diagnostics) == 0 {
			t.Fatalf("error %v is not a *Error", err)
		}
		for i, d := range ce.Diagnostics {
			if d.File != "p.yaml" || d.Stage != diag.Config || d.Severity != diag.Error ||
				d.Line == 0 && !strings.HasPrefix(d.Message, "invalid YAML") {
				t.Fatalf("not a located config error: %+v", d)
			}
			if i > 0 && d.Line < ce.Diagnostics[i-1].Line {
				t.Fatalf("diagnostics out of order: %v", ce.Diagnostics)
			}
		}
	})
}

func TestConfigFetchInputs(t *testing.T) {
	src := `
contact: me@example.org
inputs:
  - {wiki: en.wikipedia.org, titles: [Goryeo ware, royal_Cinema], format: html}
  - {wiki: en.wikipedia.org, titles_from: lists/titles.txt}
  - {wiki: de.wikipedia.org, category: Category:Keramik, depth: 2}
  - {wiki: wiki.example.org, api: "http://wiki.example.org/api.php", titles: [Main Page]}
  - {path: a.txt, wiki: fr.wikipedia.org}
`
	cfg, err := Parse("sub/p.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Contact != "me@example.org" {
		t.Errorf("contact %q", cfg.Contact)
	}
	want := []Fetch{
		{Source: fetch.Source{Wiki: "en.wikipedia.org", Titles: []string{"Goryeo ware", "royal_Cinema"}, Format: fetch.HTML}},
		{Source: fetch.Source{Wiki: "en.wikipedia.org", Format: fetch.Wikitext}, TitlesFrom: "sub/lists/titles.txt"},
		{Source: fetch.Source{Wiki: "de.wikipedia.org", Category: "Category:Keramik", Depth: 2, Format: fetch.Wikitext}},
		{Source: fetch.Source{Wiki: "wiki.example.org", API: "http://wiki.example.org/api.php", Titles: []string{"Main Page"}, Format: fetch.Wikitext}},
	}
	if len(cfg.Inputs) != 5 {
		t.Fatalf("inputs %+v", cfg.Inputs)
	}
	for i, w := range want {
		in := cfg.Inputs[i]
		if in.Fetch == nil || !reflect.DeepEqual(*in.Fetch, w) || in.Path != "" || in.Wiki != w.Wiki {
			t.Errorf("inputs[%d] = %+v %+v, want %+v", i, in, in.Fetch, w)
		}
	}
	if in := cfg.Inputs[4]; in.Fetch != nil || in.Path != "sub/a.txt" || in.Wiki != "fr.wikipedia.org" {
		t.Errorf("inputs[4] = %+v", in)
	}
}

// TestLimitsAndCSVEscape checks the limits and csv.escape_formulas keys:
// sizes with and without units, and each bad value located.
func TestLimitsAndCSVEscape(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want extract.Limits
		err  string
	}{
		{src: "limits: {article: 8 MiB, line: 512KiB, ratio: 20, on_exceed: skip}",
			want: extract.Limits{Article: 8 << 20, Line: 512 << 10, Ratio: 20, Skip: true}},
		{src: "limits: {article: 1000, on_exceed: fail}", want: extract.Limits{Article: 1000}},
		{src: "limits: {article: 1 GiB}", want: extract.Limits{Article: 1 << 30}},
		{src: "limits: {article: 8 MB}", err: `p.yaml:1:19: config: limits.article: "8 MB": want a size such as 8 MiB`},
		{src: "limits: {article: 0}", err: `p.yaml:1:19: config: limits.article: "0": want a size`},
		{src: "limits: {line: -5 KiB}", err: `p.yaml:1:16: config: limits.line: "-5 KiB": want a size`},
		{src: "limits: {ratio: 0}", err: `p.yaml:1:17: config: limits.ratio: 0: want a ratio of at least 1`},
		{src: "limits: {on_exceed: null}", err: `p.yaml:1:21: config: limits.on_exceed: want text`},
		{src: "limits: {on_exceed: warn}", err: `p.yaml:1:21: config: limits.on_exceed: "warn": want fail or skip`},
		{src: "limits: {articles: 5}", err: `p.yaml:1:10: config: unknown key "articles"`},
	} {
		cfg, err := Parse("p.yaml", []byte(tc.src))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: got %v, want %s", tc.src, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.src, err)
		} else if cfg.Extract.Limits != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.src, cfg.Extract.Limits, tc.want)
		}
	}
	cfg, err := Parse("p.yaml", []byte("csv: {escape_formulas: true}"))
	if err != nil || !cfg.CSV.EscapeFormulas {
		t.Errorf("escape_formulas: %+v %v", cfg.CSV, err)
	}
}
