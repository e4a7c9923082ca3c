package transform

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/internal/golden"
)

// seedSpecs declares the datasets of the repository's pipeline.yaml.
func seedSpecs() []DatasetSpec {
	return []DatasetSpec{
		{Name: "visits", Table: &TableSource{Section: &Matcher{Exact: "Azerbaijani presidential visits to the United States"}},
			Columns: []ColumnSpec{
				{Name: "president", From: "President"},
				{Name: "start_date", From: "Date", Type: DateRangeType, Part: Start},
				{Name: "end_date", From: "Date", Type: DateRangeType, Part: End},
				{Name: "visit_type", From: "Type of visit"},
				{Name: "sources", From: "Sources"},
			}},
		{Name: "parties", Infobox: &InfoboxSource{GroupBy: GroupOrdinal}, Columns: []ColumnSpec{
			{Name: "party", Key: "Party"},
			{Name: "mission", Key: "Mission"},
			{Name: "envoy_title", Key: "Envoytitle"},
			{Name: "envoy", Key: "Envoy"},
		}},
	}
}

// corpusSpecs declare, besides seedSpecs, datasets that exercise typed
// columns on other corpus pages; on_error: null shows what does not parse as
// warnings in the goldens.
func corpusSpecs() []DatasetSpec {
	header := []Matcher{*exact("Took office"), *exact("Left office")}
	return append(seedSpecs(),
		DatasetSpec{Name: "officeholders", Table: &TableSource{Header: header, HeaderRows: intp(2)}, Columns: []ColumnSpec{
			{Name: "number", Index: 1, Type: Int, OnError: Null},
			{Name: "name", From: "Name"},
			{Name: "took_office", From: "took office", Type: Date},
			{Name: "left_office", From: "LEFT OFFICE", Type: Date},
			{Name: "party", From: "Political party"},
		}},
		DatasetSpec{Name: "urban_areas", Table: &TableSource{Header: []Matcher{*regex(`^Rank$`), *exact("urban area")}}, Columns: []ColumnSpec{
			{Name: "rank", From: "Rank", Type: Int},
			{Name: "urban_area", From: "Urban area"},
			{Name: "official_share", From: "Official data", Type: Percent, OnError: Null},
			{Name: "estimated_share", From: "Estimations", Type: Percent, OnError: Null},
		}},
		DatasetSpec{Name: "elections", Infobox: &InfoboxSource{}, Columns: []ColumnSpec{
			{Name: "date", Key: "Election Date", Type: Date, OnError: Null},
			{Name: "flag_year", Key: "flag_year", Type: Year, OnError: Null},
			{Name: "previous", Key: "Previous Election"},
		}},
		DatasetSpec{Name: "candidates", Infobox: &InfoboxSource{GroupBy: GroupOrdinal}, Columns: []ColumnSpec{
			{Name: "nominee", Key: "Nominee"},
			{Name: "party", Key: "Party"},
			{Name: "votes", Key: "Popular Vote", Type: Int, OnError: Null},
			{Name: "share", Key: "Percentage", Type: Percent, OnError: Null},
		}},
	)
}

// corpusFolders are the folders of testdata/corpus whose every input gets a
// dataset golden. Compressed dumps repeat their plain twins and the bench
// dump is too large to read as a golden, so both are left out.
var corpusFolders = []string{"seed", "pages", "wikitext", "html", "dumps"}

func skipInput(name string) bool {
	return name == "SOURCES.md" || strings.Contains(name, "benches") ||
		strings.HasSuffix(name, ".bz2") || strings.HasSuffix(name, ".gz")
}

// TestCorpusGolden renders every dataset of every article of the corpus as
// text and compares it with transform/testdata/golden/<folder>/<file>.golden.
func TestCorpusGolden(t *testing.T) {
	tr, err := New(corpusSpecs())
	if err != nil {
		t.Fatal(err)
	}
	for _, folder := range corpusFolders {
		entries, err := os.ReadDir(filepath.Join("..", "testdata", "corpus", folder))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() || skipInput(e.Name()) {
				continue
			}
			name := folder + "/" + e.Name()
			t.Run(name, func(t *testing.T) {
				got := renderInput(t, tr, "testdata/corpus/"+name)
				golden.Check(t, filepath.Join("testdata", "golden", folder, e.Name()+".golden"), got)
			})
		}
	}
}

// renderInput parses one corpus input (path relative to the repository) and
// renders what every article gives.
func renderInput(t *testing.T, tr *Transformer, path string) []byte {
	t.Helper()
	f, err := os.Open(filepath.Join("..", path))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b bytes.Buffer
	_, err = extract.Parse(path, f, extract.Auto, extract.Options{}, func(doc *extract.Document) error {
		a, err := tr.Transform(doc)
		if err != nil {
			fmt.Fprintf(&b, "=== %s\nerror: %v\n\n", doc.Title, err)
			return nil
		}
		checkArticle(t, tr.Schemas(), a)
		renderArticle(&b, tr.Schemas(), a)
		return nil
	})
	if err != nil {
		fmt.Fprintf(&b, "parse error: %v\n", err)
	}
	return b.Bytes()
}

// renderArticle writes an article's rows: per dataset a schema line, a header
// line and its rows as CSV, null written \N.
func renderArticle(b *bytes.Buffer, schemas []Schema, a *Article) {
	fmt.Fprintf(b, "=== %s\n", a.ID)
	for _, d := range a.Diagnostics {
		fmt.Fprintf(b, "%s: %s\n", d.Severity, d)
	}
	for i, s := range schemas {
		rows := a.Rows[i]
		fmt.Fprintf(b, "--- %s (rows: %d)\n", s.Name, len(rows))
		var cols, names []string
		for _, c := range s.Columns {
			q := ""
			if c.Nullable {
				q = "?"
			}
			cols = append(cols, c.Name+" "+string(c.Type)+q)
			names = append(names, c.Name)
		}
		fmt.Fprintf(b, "schema: %s\n", strings.Join(cols, ", "))
		w := csv.NewWriter(b)
		w.Write(names)
		for _, r := range rows {
			fields := make([]string, len(r))
			for j, v := range r {
				fields[j] = valueString(v)
			}
			w.Write(fields)
		}
		w.Flush()
	}
	b.WriteString("\n")
}

func valueString(v Value) string {
	switch v := v.(type) {
	case nil:
		return `\N`
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case CivilDate:
		return v.String()
	case time.Time:
		return v.Format(time.RFC3339Nano)
	}
	return fmt.Sprintf("!%T(%v)", v, v)
}

// checkArticle checks every row against its schema: the width, article_id in
// column 0, each value of its column's Go type, null only where nullable.
func checkArticle(t *testing.T, schemas []Schema, a *Article) {
	t.Helper()
	if len(a.Rows) != len(schemas) {
		t.Fatalf("%s: rows for %d datasets, want %d", a.ID, len(a.Rows), len(schemas))
	}
	for i, s := range schemas {
		for n, r := range a.Rows[i] {
			if len(r) != len(s.Columns) {
				t.Fatalf("%s row %d: %d values for %d columns", s.Name, n+1, len(r), len(s.Columns))
			}
			if r[0] != a.ID {
				t.Errorf("%s row %d: article_id %v, want %s", s.Name, n+1, r[0], a.ID)
			}
			for j, c := range s.Columns {
				if err := checkValue(c, r[j]); err != nil {
					t.Errorf("%s row %d: %v", s.Name, n+1, err)
				}
			}
		}
	}
}

func checkValue(c Column, v Value) error {
	ok := false
	switch v.(type) {
	case nil:
		ok = c.Nullable
	case string:
		ok = c.Type == String
	case int64:
		ok = c.Type == Int || c.Type == Year
	case float64:
		ok = c.Type == Float || c.Type == Percent
	case bool:
		ok = c.Type == Bool
	case CivilDate:
		ok = c.Type == Date
	case time.Time:
		ok = c.Type == Timestamp
	}
	if !ok {
		return fmt.Errorf("column %s (%s, nullable %v) holds %T %v", c.Name, c.Type, c.Nullable, v, v)
	}
	return nil
}
