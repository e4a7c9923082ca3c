package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/internal/golden"
	"github.com/wikipipe/wikipipe/transform"
)

var csvVariants = []struct {
	name string
	opts CSVOptions
}{
	{"default", CSVOptions{}},
	{"bom_crlf", CSVOptions{BOM: true, CRLF: true}},
}

func TestCSVGolden(t *testing.T) {
	for _, v := range csvVariants {
		t.Run(v.name, func(t *testing.T) {
			dir := t.TempDir()
			writeRun(t, dir, CSV, fixtureSchemas(), fixtureArticles(), Options{CSV: v.opts})
			for _, s := range fixtureSchemas() {
				got, err := os.ReadFile(filepath.Join(dir, "csv", s.Name+".csv"))
				if err != nil {
					t.Fatal(err)
				}
				golden.Check(t, filepath.Join("testdata", "golden", "csv", v.name, s.Name+".csv"), got)
			}
			got, err := os.ReadFile(filepath.Join(dir, "csv", "datapackage.json"))
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "golden", "datapackage", v.name+".json"), got)
		})
	}
}

// The CSV reads back, with a standard reader, as the fixture's values in
// their text form: quoting is right whatever the golden file says.
func TestCSVReadBack(t *testing.T) {
	dir := t.TempDir()
	schemas, arts := fixtureSchemas(), fixtureArticles()
	writeRun(t, dir, CSV, schemas, arts, Options{})
	for i, s := range schemas {
		f, err := os.Open(filepath.Join(dir, "csv", s.Name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(f)
		r.FieldsPerRecord = len(s.Columns)
		got, err := r.ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		want := [][]string{{}}
		for _, c := range s.Columns {
			want[0] = append(want[0], c.Name)
		}
		for _, a := range arts {
			for _, row := range a.Rows[i] {
				var rec []string
				for j, v := range row {
					text, err := valueText(s.Columns[j].Type, v)
					if err != nil {
						t.Fatal(err)
					}
					rec = append(rec, text)
				}
				want = append(want, rec)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s read back as\n%q\nwant\n%q", s.Name, got, want)
		}
	}
}

func TestCSVRecord(t *testing.T) {
	for _, tc := range []struct {
		rec  []string
		crlf bool
		want string
	}{
		{[]string{"a", "b"}, false, "a,b\n"},
		{[]string{"a", "b"}, true, "a,b\r\n"},
		{[]string{"", ""}, false, ",\n"},
		{[]string{""}, false, "\"\"\n"}, // not a blank line
		{[]string{"a,b", `say "hi"`}, false, `"a,b","say ""hi"""` + "\n"},
		{[]string{" lead", "trail ", "\tx", "in side"}, false, `" lead","trail ","` + "\tx" + `",in side` + "\n"},
		{[]string{"l1\nl2", "l1\r\nl2", "cr\r"}, true, "\"l1\nl2\",\"l1\r\nl2\",\"cr\r\"\r\n"},
		{[]string{"=HYPERLINK(\"x\")", "Gəncə"}, false, `"=HYPERLINK(""x"")",Gəncə` + "\n"},
		{[]string{`"`, `""`, `a"b"c`, `x,"`, "\"\n"}, false, `"""","""""","a""b""c","x,""","""` + "\n\"\n"},
	} {
		got, err := appendStrings([]byte("before|"), tc.rec, tc.crlf)
		if err != nil {
			t.Fatal(err)
		}
		if want := "before|" + tc.want; string(got) != want {
			t.Errorf("%q (crlf %v): got %q, want %q", tc.rec, tc.crlf, got, want)
		}
	}
}

// TestCSVEscapeFormulas checks OWASP's rule under escape_formulas: text
// cells starting with = + - @ tab or CR get a leading ', typed cells and
// the other text cells do not, and quoting still follows the rules.
func TestCSVEscapeFormulas(t *testing.T) {
	for _, tc := range []struct {
		cell any
		typ  transform.Type
		want string
	}{
		{"=SUM(A1:A2)", transform.String, "'=SUM(A1:A2)"},
		{"+1 555", transform.String, "'+1 555"},
		{"-5", transform.String, "'-5"},
		{"@cmd", transform.String, "'@cmd"},
		{"\tx", transform.String, "'\tx"}, // no longer starts with a tab: not quoted
		{"\r=1", transform.String, "\"'\r=1\""},
		{`=HYPERLINK("x","y")`, transform.String, `"'=HYPERLINK(""x"",""y"")"`},
		{"a=b", transform.String, "a=b"},
		{"", transform.String, ""},
		{" =x", transform.String, `" =x"`},
		{int64(-5), transform.Int, "-5"},
		{-2.5, transform.Float, "-2.5"},
	} {
		w := &csvWriter{eol: "\n", opts: Options{CSV: CSVOptions{EscapeFormulas: true}}}
		got, _, err := w.appendRecord(nil, transform.Row{tc.cell, "x"}, []transform.Type{tc.typ, transform.String})
		if err != nil {
			t.Fatal(err)
		}
		if want := tc.want + ",x\n"; string(got) != want {
			t.Errorf("%q: got %q, want %q", tc.cell, got, want)
		}
		w.opts.CSV.EscapeFormulas = false
		plain, _, _ := w.appendRecord(nil, transform.Row{tc.cell, "x"}, []transform.Type{tc.typ, transform.String})
		if bytes.HasPrefix(bytes.TrimLeft(plain, `"`), []byte("'")) {
			t.Errorf("%q: escaped without the option: %q", tc.cell, plain)
		}
	}
}

// appendStrings appends the CSV record of the strings rec to dst.
func appendStrings(dst []byte, rec []string, crlf bool) ([]byte, error) {
	w := &csvWriter{eol: "\n"}
	if crlf {
		w.eol = "\r\n"
	}
	row := make(transform.Row, len(rec))
	for j, f := range rec {
		row[j] = f
	}
	dst, _, err := w.appendRecord(dst, row, stringTypes(len(row)))
	return dst, err
}

func TestValueText(t *testing.T) {
	for _, tc := range []struct {
		t    transform.Type
		v    transform.Value
		want string
	}{
		{transform.String, nil, ""},
		{transform.Int, int64(-42), "-42"},
		{transform.Year, int64(850), "0850"},
		{transform.Year, int64(-44), "-0044"},
		{transform.Year, int64(2025), "2025"},
		{transform.Year, int64(0), "0000"},
		{transform.Year, int64(12345), "12345"},
		{transform.Year, int64(math.MinInt64), "-9223372036854775808"},
		{transform.Date, date(1994, 9, 25), "1994-09-25"},
		{transform.Timestamp, time.Date(2019, 7, 3, 12, 34, 56, 0, time.UTC), "2019-07-03T12:34:56Z"},
		{transform.Timestamp, time.Date(2019, 7, 3, 12, 34, 56, 250e6, time.UTC), "2019-07-03T12:34:56.25Z"},
		{transform.Float, 0.30000000000000004, "0.30000000000000004"},
		{transform.Float, 1234.5, "1234.5"},
		{transform.Float, 1.0, "1"},
		{transform.Float, 1e20, "100000000000000000000"},
		{transform.Float, 1e21, "1e+21"},
		{transform.Float, 1e-7, "0.0000001"},
		{transform.Float, 1.5e-8, "1.5e-08"},
		{transform.Float, math.Inf(-1), "-INF"},
		{transform.Float, math.NaN(), "NaN"},
		{transform.Percent, 0.53, "0.53"},
		{transform.Bool, false, "false"},
	} {
		got, err := valueText(tc.t, tc.v)
		if err != nil || got != tc.want {
			t.Errorf("valueText(%s, %v) = %q, %v; want %q", tc.t, tc.v, got, err, tc.want)
		}
	}
	for _, tc := range []struct {
		t transform.Type
		v transform.Value
	}{
		{transform.Int, "6"},
		{transform.Int, 6}, // int, not int64
		{transform.Float, int64(1)},
		{transform.Date, "1994-09-25"},
		{transform.Date, date(1994, 2, 30)},
		{transform.Date, date(10000, 1, 1)},
		{transform.Type("money"), "1"},
	} {
		if got, err := valueText(tc.t, tc.v); err == nil {
			t.Errorf("valueText(%s, %#v) = %q, want an error", tc.t, tc.v, got)
		}
	}
}

// datapackage.json describes the files as they are: sizes, hashes, fields.
func TestDataPackageMatchesFiles(t *testing.T) {
	for _, v := range csvVariants {
		dir := t.TempDir()
		schemas := fixtureSchemas()
		writeRun(t, dir, CSV, schemas, fixtureArticles(), Options{CSV: v.opts})
		data, err := os.ReadFile(filepath.Join(dir, "csv", "datapackage.json"))
		if err != nil {
			t.Fatal(err)
		}
		var dp dataPackage
		if err := json.Unmarshal(data, &dp); err != nil {
			t.Fatal(err)
		}
		if len(dp.Resources) != len(schemas) {
			t.Fatalf("%d resources, want %d", len(dp.Resources), len(schemas))
		}
		for i, r := range dp.Resources {
			csvData, err := os.ReadFile(filepath.Join(dir, "csv", r.Path))
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(csvData)
			if r.Bytes != int64(len(csvData)) || r.Hash != "sha256:"+hex.EncodeToString(sum[:]) {
				t.Errorf("%s: bytes %d hash %s, the file has %d bytes, sha256 %x", r.Name, r.Bytes, r.Hash, len(csvData), sum)
			}
			if bom := bytes.HasPrefix(csvData, []byte("\uFEFF")); bom != v.opts.BOM {
				t.Errorf("%s %s: BOM %v, want %v", v.name, r.Name, bom, v.opts.BOM)
			}
			if crlf := strings.Contains(string(csvData), "\r\n"); crlf != v.opts.CRLF || (r.Dialect.LineTerminator == "\r\n") != crlf {
				t.Errorf("%s %s: CRLF in file %v, dialect %q, want %v", v.name, r.Name, crlf, r.Dialect.LineTerminator, v.opts.CRLF)
			}
			for j, f := range r.Schema.Fields {
				c := schemas[i].Columns[j]
				if f.Name != c.Name || f.Type != dpTypes[c.Type] || f.Constraints.Required == c.Nullable {
					t.Errorf("%s field %d: %+v for column %+v", r.Name, j, f, c)
				}
			}
		}
	}
}

func TestDataPackageWarnsOnBadName(t *testing.T) {
	schemas := []transform.Schema{{Name: "Visits 2", Columns: []transform.Column{{Name: "article_id", Type: transform.String}}}}
	var got []diag.Diagnostic
	writeRun(t, t.TempDir(), CSV, schemas, nil, Options{Warn: func(d diag.Diagnostic) { got = append(got, d) }})
	if len(got) != 1 || !strings.Contains(got[0].Message, `"Visits 2"`) {
		t.Errorf("warnings %v, want one about the name", got)
	}
}

// benchArticles repeats the fixture's articles to about n bytes of CSV.
func benchArticles(n int) []*transform.Article {
	a := fixtureArticles()[0]
	var arts []*transform.Article
	for len(arts)*400 < n {
		arts = append(arts, a)
	}
	return arts
}

func BenchmarkCSV(b *testing.B) { benchRun(b, CSV, fixtureSchemas(), benchArticles(4<<20)) }

// benchRun measures whole runs of format f, in bytes of the files written.
func benchRun(b *testing.B, f Format, schemas []transform.Schema, arts []*transform.Article) {
	dir := b.TempDir()
	writeRun(b, dir, f, schemas, arts, Options{})
	var size int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		size += info.Size()
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ResetTimer()
	for range b.N {
		writeRun(b, dir, f, schemas, arts, Options{})
	}
}

// FuzzCSVEscapeFormulas writes any text cell under escape_formulas and reads
// it back with encoding/csv: the cell is the text, after a ' exactly when
// it starts with = + - @ tab or CR.
func FuzzCSVEscapeFormulas(f *testing.F) {
	for _, s := range []string{"=1+1", "-5", "plain", "\t=x", "\r\n", `"=a"`, "", "@"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cell string) {
		if !utf8.ValidString(cell) || strings.Contains(cell, "\r") {
			return // the rows are valid UTF-8 (check.go); encoding/csv drops a CR of a field
		}
		w := &csvWriter{eol: "\n", opts: Options{CSV: CSVOptions{EscapeFormulas: true}}}
		rec, _, err := w.appendRecord(nil, transform.Row{cell, "end"}, stringTypes(2))
		if err != nil {
			t.Fatal(err)
		}
		got, err := csv.NewReader(bytes.NewReader(rec)).Read()
		want := cell
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			want = "'" + cell
		}
		if err != nil || len(got) != 2 || got[0] != want || got[1] != "end" {
			t.Fatalf("cell %q: record %q reads %q, %v; want %q", cell, rec, got, err, want)
		}
	})
}
