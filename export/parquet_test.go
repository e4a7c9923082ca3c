package export

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/wikipipe/wikipipe/internal/golden"
	"github.com/wikipipe/wikipipe/transform"
)

// dumpParquet reads a file back with arrow-go and renders its footer (writer,
// key-value metadata, Parquet schema, row groups with compression and
// encodings), the Arrow schema pqarrow rebuilds, and every value.
func dumpParquet(t *testing.T, path string) string {
	t.Helper()
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()
	md := rdr.MetaData()
	var b strings.Builder
	fmt.Fprintf(&b, "created_by: %s\nrows: %d\nrow groups: %d\n", md.GetCreatedBy(), md.NumRows, md.NumRowGroups())
	kv := md.KeyValueMetadata()
	for i, k := range kv.Keys() {
		v := kv.Values()[i]
		if k == "ARROW:schema" {
			v = fmt.Sprintf("(%d bytes of base64)", len(v))
		}
		fmt.Fprintf(&b, "metadata %s: %s\n", k, v)
	}
	for i := range md.Schema.NumColumns() {
		c := md.Schema.Column(i)
		fmt.Fprintf(&b, "column %s: %s %s logical=%s\n", c.Name(), c.SchemaNode().RepetitionType(), c.PhysicalType(), c.LogicalType())
	}
	for g := range md.NumRowGroups() {
		rg := md.RowGroup(g)
		fmt.Fprintf(&b, "row group %d: %d rows\n", g, rg.NumRows())
		for i := range rg.NumColumns() {
			cc, err := rg.ColumnChunk(i)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "  %s: %s encodings=%v dictionary=%v\n", md.Schema.Column(i).Name(), cc.Compression(), cc.Encodings(), cc.HasDictionaryPage())
		}
	}

	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	schema, err := fr.Schema()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range schema.Fields() {
		fmt.Fprintf(&b, "arrow field %s: %s nullable=%v metadata=%v\n", f.Name, f.Type, f.Nullable, f.Metadata)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	for r := range int(tbl.NumRows()) {
		var cells []string
		for c := range int(tbl.NumCols()) {
			cells = append(cells, chunkValue(tbl.Column(c).Data().Chunks(), r))
		}
		fmt.Fprintf(&b, "row %d: %s\n", r+1, strings.Join(cells, " | "))
	}
	return b.String()
}

// chunkValue renders the r-th value of a chunked column, null as "null".
func chunkValue(chunks []arrow.Array, r int) string {
	for _, ch := range chunks {
		if r >= ch.Len() {
			r -= ch.Len()
			continue
		}
		if ch.IsNull(r) {
			return "null"
		}
		return clipValue(ch.ValueStr(r))
	}
	return "(missing)"
}

func TestParquetGolden(t *testing.T) {
	schemas := fixtureSchemas()
	dir, warnings := runWriter(t, Parquet, schemas, fixtureArticles())
	if len(warnings) > 0 {
		t.Errorf("warnings: %v", warnings)
	}
	for _, s := range schemas {
		got := dumpParquet(t, filepath.Join(dir, "parquet", s.Name+".parquet"))
		golden.Check(t, "testdata/golden/parquet/"+s.Name+".txt", []byte(got))
	}
	assertNoStray(t, dir)
}

// TestParquetBatches lowers the batch to 2 rows: the 5 visits become row
// groups of 2, 2 and 1, with the same values as one batch gives.
func TestParquetBatches(t *testing.T) {
	dir, _ := runWriter(t, Parquet, fixtureSchemas(), fixtureArticles())
	whole := dumpParquet(t, filepath.Join(dir, "parquet", "visits.parquet"))

	defer func(n int) { parquetBatchRows = n }(parquetBatchRows)
	parquetBatchRows = 2
	dir, _ = runWriter(t, Parquet, fixtureSchemas(), fixtureArticles())
	batched := dumpParquet(t, filepath.Join(dir, "parquet", "visits.parquet"))
	for _, want := range []string{"row groups: 3\n", "row group 0: 2 rows\n", "row group 1: 2 rows\n", "row group 2: 1 rows\n"} {
		if !strings.Contains(batched, want) {
			t.Errorf("batched file lacks %q:\n%s", want, batched)
		}
	}
	if dumpedRows(whole) != dumpedRows(batched) {
		t.Errorf("values differ:\n%s\n---\n%s", dumpedRows(whole), dumpedRows(batched))
	}
}

// TestParquetPendingBytes lowers the bound on the batches of all datasets
// together: when it is passed, the largest batch, of long strings, becomes a
// row group, and the small one of the other dataset waits.
func TestParquetPendingBytes(t *testing.T) {
	defer func(n int) { parquetPendingBytes = n }(parquetPendingBytes)
	parquetPendingBytes = 1000 // a row of t is about 620 bytes, one of u about 20
	schemas := append(textSchema(), textSchema()...)
	schemas[1].Name = "u"
	long := strings.Repeat("x", 600)
	var articles []*transform.Article
	for _, id := range []string{"a", "b", "c"} {
		articles = append(articles, &transform.Article{ID: id, Rows: [][]transform.Row{{{id, long}}, {{id, "short"}}}})
	}
	dir, _ := runWriter(t, Parquet, schemas, articles)
	got := dumpParquet(t, filepath.Join(dir, "parquet", "t.parquet"))
	for _, want := range []string{"row groups: 2\n", "row group 0: 2 rows\n", "row group 1: 1 rows\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("t lacks %q:\n%s", want, got)
		}
	}
	got = dumpParquet(t, filepath.Join(dir, "parquet", "u.parquet"))
	if !strings.Contains(got, "row groups: 1\n") || !strings.Contains(got, "row group 0: 3 rows\n") {
		t.Errorf("want one row group of 3 rows in u:\n%s", got)
	}
}

// TestParquetStatistics checks that a column chunk keeps its min and max
// when they are short, and leaves out one longer than parquetMaxStatsBytes.
// (arrow-go's reader reports a left-out max as an empty one.)
func TestParquetStatistics(t *testing.T) {
	long := strings.Repeat("x", parquetMaxStatsBytes+1)
	articles := []*transform.Article{{ID: "a", Rows: [][]transform.Row{{{"a", "b"}, {"a", long}}}}}
	dir, _ := runWriter(t, Parquet, textSchema(), articles)
	rdr, err := file.OpenParquetFile(filepath.Join(dir, "parquet", "t.parquet"), false)
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()
	for i, want := range [][2]string{{"a", "a"}, {"b", ""}} { // article_id, v
		cc, err := rdr.MetaData().RowGroup(0).ColumnChunk(i)
		if err != nil {
			t.Fatal(err)
		}
		st, err := cc.Statistics()
		if err != nil {
			t.Fatal(err)
		}
		enc, err := st.Encode()
		if err != nil {
			t.Fatal(err)
		}
		if got := [2]string{string(enc.Min), string(enc.Max)}; got != want {
			t.Errorf("column %d: min and max %q, want %q", i, got, want)
		}
	}
}

func dumpedRows(dump string) string {
	_, rows, _ := strings.Cut(dump, "\nrow 1: ")
	return rows
}

// TestParquetEmpty checks a dataset without rows still gets a readable file
// with its schema.
func TestParquetEmpty(t *testing.T) {
	dir, _ := runWriter(t, Parquet, fixtureSchemas(), nil)
	got := dumpParquet(t, filepath.Join(dir, "parquet", "visits.parquet"))
	if !strings.Contains(got, "rows: 0\n") || !strings.Contains(got, "arrow field start_date: date32 nullable=true") {
		t.Errorf("empty file:\n%s", got)
	}
}

// TestDeterministic writes the fixture twice in XLSX and Parquet and
// compares the bytes.
func TestDeterministic(t *testing.T) {
	files := map[Format][]string{XLSX: {"datasets.xlsx"}}
	for _, s := range fixtureSchemas() {
		files[Parquet] = append(files[Parquet], "parquet/"+s.Name+".parquet")
	}
	for f, rels := range files {
		var dirs [2]string
		for i := range dirs {
			dirs[i], _ = runWriter(t, f, fixtureSchemas(), fixtureArticles())
		}
		for _, rel := range rels {
			a, err := os.ReadFile(filepath.Join(dirs[0], rel))
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(filepath.Join(dirs[1], rel))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Errorf("%s: two writes of the same data differ", rel)
			}
		}
	}
}

func BenchmarkParquet(b *testing.B) { benchWriter(b, Parquet) }

// A timestamp column is TIMESTAMP(MICROS) adjusted to UTC, which DuckDB
// reads as TIMESTAMP WITH TIME ZONE and pandas as datetime64[us, UTC].
func TestParquetTimestamp(t *testing.T) {
	schemas := []transform.Schema{{Name: "t", Columns: []transform.Column{
		{Name: "article_id", Type: transform.String},
		{Name: "at", Type: transform.Timestamp, Nullable: true},
	}}}
	at := time.Date(2019, 7, 3, 12, 34, 56, 250e6, time.UTC)
	arts := []*transform.Article{
		{ID: "A", Rows: [][]transform.Row{{{"A", at}}}},
		{ID: "B", Rows: [][]transform.Row{{{"B", nil}}}},
	}
	dir, _ := runWriter(t, Parquet, schemas, arts)
	got := dumpParquet(t, filepath.Join(dir, "parquet", "t.parquet"))
	for _, want := range []string{
		"column at: optional INT64 logical=Timestamp(isAdjustedToUTC=true, timeUnit=microseconds,",
		"arrow field at: timestamp[us, tz=UTC]",
		`row 1: "A" | "2019-07-03T12:34:56.25Z"` + "\n",
		`row 2: "B" | null` + "\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("file lacks %q:\n%s", want, got)
		}
	}
}
