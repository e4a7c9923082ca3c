package export

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/internal/golden"
	"github.com/wikipipe/wikipipe/transform"
)

// runWriter writes the articles in format f into a new output folder, commits
// it and returns the folder with the warnings given.
func runWriter(t testing.TB, f Format, schemas []transform.Schema, articles []*transform.Article) (string, []diag.Diagnostic) {
	t.Helper()
	dir := t.TempDir()
	out, err := NewOutput(dir, OutputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var warnings []diag.Diagnostic
	w, err := New(f, out, schemas, Options{Warn: func(d diag.Diagnostic) {
		mu.Lock()
		defer mu.Unlock()
		warnings = append(warnings, d)
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range articles {
		if err := w.Write(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := out.Commit(); err != nil {
		t.Fatal(err)
	}
	return dir, warnings
}

// dumpWarnings renders warnings one a line, with the test's folder elided.
func dumpWarnings(dir string, ws []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ws {
		fmt.Fprintf(&b, "%s: %s\n", d.Severity, strings.ReplaceAll(d.String(), dir, "OUT"))
	}
	return b.String()
}

// dumpXLSX reads a workbook back with excelize and renders what a spreadsheet
// user sees: sheets, frozen panes, filters, widths, and per cell its type,
// style (bold, number format), formula and value.
func dumpXLSX(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, e := range zr.File {
		fmt.Fprintf(&b, "zip entry %s method=%d modified=%s\n", e.Name, e.Method, e.Modified.UTC().Format(time.RFC3339))
		if strings.HasPrefix(e.Name, "xl/worksheets/") {
			rc, err := e.Open()
			if err != nil {
				t.Fatal(err)
			}
			xml, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "  %s\n", autoFilterElem.Find(xml))
		}
	}
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "properties: creator=%q created=%q modified=%q\n", props.Creator, props.Created, props.Modified)
	for _, dn := range f.GetDefinedName() {
		fmt.Fprintf(&b, "defined name: %s scope=%s refers to %s\n", dn.Name, dn.Scope, dn.RefersTo)
	}
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "\n== sheet %q\n", sheet)
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "panes: freeze=%v ysplit=%d topleft=%s\n", panes.Freeze, panes.YSplit, panes.TopLeftCell)
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		cols := 0
		for _, r := range rows {
			cols = max(cols, len(r))
		}
		for c := 1; c <= cols; c++ {
			name, _ := excelize.ColumnNumberToName(c)
			w, err := f.GetColWidth(sheet, name)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "width %s: %g\n", name, w)
		}
		for r := range rows {
			for c := range cols {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				b.WriteString(dumpCell(t, f, sheet, ref))
			}
		}
	}
	return b.String()
}

var autoFilterElem = regexp.MustCompile(`<autoFilter[^>]*>`)

func dumpCell(t *testing.T, f *excelize.File, sheet, ref string) string {
	typ, err := f.GetCellType(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	shown, err := f.GetCellValue(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	formula, err := f.GetCellFormula(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	styleID, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	style, err := f.GetStyle(styleID)
	if err != nil {
		t.Fatal(err)
	}
	var attrs []string
	if style.Font != nil && style.Font.Bold {
		attrs = append(attrs, "bold")
	}
	if style.NumFmt != 0 {
		attrs = append(attrs, fmt.Sprintf("numfmt=%d", style.NumFmt))
	}
	if style.CustomNumFmt != nil {
		attrs = append(attrs, fmt.Sprintf("format=%q", *style.CustomNumFmt))
	}
	if formula != "" {
		attrs = append(attrs, "formula="+formula)
	}
	kind := cellTypeName(typ)
	if typ == excelize.CellTypeUnset && raw != "" {
		kind = "number" // excelize reports a cell without t="..." as unset
	}
	return fmt.Sprintf("%s %s %s raw=%s shown=%s\n", ref, kind, strings.Join(attrs, ","), clipValue(raw), clipValue(shown))
}

func cellTypeName(t excelize.CellType) string {
	return map[excelize.CellType]string{
		excelize.CellTypeUnset: "empty", excelize.CellTypeBool: "bool", excelize.CellTypeDate: "date",
		excelize.CellTypeError: "error", excelize.CellTypeFormula: "formula", excelize.CellTypeInlineString: "inlinestr",
		excelize.CellTypeNumber: "number", excelize.CellTypeSharedString: "sharedstr",
	}[t]
}

// clipValue quotes a value, shortening long ones to their ends and length.
func clipValue(s string) string {
	if n := len(utf16.Encode([]rune(s))); n > 80 {
		r := []rune(s)
		return fmt.Sprintf("%q…%q (%d UTF-16 units)", string(r[:20]), string(r[len(r)-40:]), n)
	}
	return fmt.Sprintf("%q", s)
}

// openWorkbook opens the workbook written in dir, closing it after the test.
func openWorkbook(t *testing.T, dir string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(filepath.Join(dir, "datasets.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// textSchema is a dataset t with one string column v.
func textSchema() []transform.Schema {
	return []transform.Schema{{Name: "t", Columns: []transform.Column{{Name: "article_id", Type: transform.String}, {Name: "v", Type: transform.String}}}}
}

func TestXLSXGolden(t *testing.T) {
	dir, warnings := runWriter(t, XLSX, fixtureSchemas(), fixtureArticles())
	got := dumpXLSX(t, filepath.Join(dir, "datasets.xlsx")) + "\n== warnings\n" + dumpWarnings(dir, warnings)
	golden.Check(t, "testdata/golden/xlsx/fixture.txt", []byte(got))
	assertNoStray(t, dir)
}

// assertNoStray fails if staged or temporary files are left in the folder.
func assertNoStray(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".tmp-") {
			t.Errorf("stray file %s", path)
		}
		return err
	})
}

// TestXLSXFormulaLikeStringsStayText checks the cells a spreadsheet could
// evaluate are inline strings without a formula.
func TestXLSXFormulaLikeStringsStayText(t *testing.T) {
	schemas := textSchema()
	values := []string{`=HYPERLINK("http://x")`, "=1+1", "+1", "-1", "@SUM(A1)", "=cmd|' /C calc'!A0", "0042", "1e5", "TRUE"}
	var rows []transform.Row
	for _, v := range values {
		rows = append(rows, transform.Row{"a", v})
	}
	dir, _ := runWriter(t, XLSX, schemas, []*transform.Article{{ID: "a", Rows: [][]transform.Row{rows}}})
	f := openWorkbook(t, dir)
	for i, want := range values {
		ref, _ := excelize.CoordinatesToCellName(2, i+2)
		typ, _ := f.GetCellType("t", ref)
		formula, _ := f.GetCellFormula("t", ref)
		got, _ := f.GetCellValue("t", ref)
		if typ != excelize.CellTypeInlineString || formula != "" || got != want {
			t.Errorf("%s: type %s, formula %q, value %q; want an inline string %q", ref, cellTypeName(typ), formula, got, want)
		}
	}
}

func TestXLSXSheetNames(t *testing.T) {
	var schemas []transform.Schema
	for _, name := range []string{
		"visits",
		"Visits", // same name but for case
		"a_dataset_name_longer_than_thirty_one_characters",
		"a_dataset_name_longer_than_thirty_one_chars_too", // same first 31
		`bad[name]:*?/\`,
		"bad_name______", // what the one before becomes
		"'quoted'",
		"History",
		"Ərazi_ğ_şəhərləri_və_kəndləri_siyahısı", // non-ASCII
		"𝔘𝔫𝔦𝔠𝔬𝔡𝔢_𝔘𝔫𝔦𝔠𝔬𝔡𝔢_𝔘𝔫𝔦𝔠𝔬𝔡𝔢",                // two UTF-16 units a letter
	} {
		schemas = append(schemas, transform.Schema{Name: name, Columns: []transform.Column{{Name: "article_id", Type: transform.String}}})
	}
	dir, warnings := runWriter(t, XLSX, schemas, nil)
	f := openWorkbook(t, dir)
	var b strings.Builder
	for _, s := range f.GetSheetList() {
		fmt.Fprintf(&b, "%q (%d UTF-16 units)\n", s, len(utf16.Encode([]rune(s))))
	}
	golden.Check(t, "testdata/golden/xlsx/sheetnames.txt", []byte(b.String()+"\n"+dumpWarnings(dir, warnings)))
	if len(warnings) != len(schemas)-1 {
		t.Errorf("%d warnings for %d renamed sheets", len(warnings), len(schemas)-1)
	}
}

// TestXLSXRowOverflow lowers the row limit to 4 (3 data rows per sheet) and
// checks that 8 rows fill "big", "big (2)" and "big (3)" in order, each with
// its header, and that a dataset named like an overflow sheet keeps apart.
func TestXLSXRowOverflow(t *testing.T) {
	defer func(n int) { xlsxMaxRows = n }(xlsxMaxRows)
	xlsxMaxRows = 4
	schemas := []transform.Schema{
		{Name: "big (2)", Columns: []transform.Column{{Name: "article_id", Type: transform.String}}},
		{Name: "big", Columns: []transform.Column{{Name: "article_id", Type: transform.String}, {Name: "n", Type: transform.Int}}},
	}
	a := &transform.Article{ID: "a", Rows: [][]transform.Row{{{"a"}}, nil}}
	for i := range 8 {
		a.Rows[1] = append(a.Rows[1], transform.Row{"a", int64(i + 1)})
	}
	dir, warnings := runWriter(t, XLSX, schemas, []*transform.Article{a})
	f := openWorkbook(t, dir)
	var b strings.Builder
	for _, s := range f.GetSheetList() {
		rows, err := f.GetRows(s)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%q: %v\n", s, rows)
	}
	golden.Check(t, "testdata/golden/xlsx/overflow.txt", []byte(b.String()+"\n"+dumpWarnings(dir, warnings)))
}

// TestXLSXLongCell checks the cut at the cell limit: exactly 32,767 UTF-16
// units, the marker at the end, no broken surrogate pair, a warning.
func TestXLSXLongCell(t *testing.T) {
	schemas := textSchema()
	exact := strings.Repeat("x", xlsxMaxCell)
	astral := strings.Repeat("𝔘", xlsxMaxCell) // two UTF-16 units each
	rows := []transform.Row{{"a", exact}, {"a", exact + "y"}, {"a", astral}}
	dir, warnings := runWriter(t, XLSX, schemas, []*transform.Article{{ID: "a", Rows: [][]transform.Row{rows}}})
	f := openWorkbook(t, dir)
	for i, r := range rows {
		got, _ := f.GetCellValue("t", fmt.Sprintf("B%d", i+2))
		units := len(utf16.Encode([]rune(got)))
		if units > xlsxMaxCell || strings.ContainsRune(got, utf8.RuneError) {
			t.Errorf("row %d: %d UTF-16 units or a broken pair", i+1, units)
		}
		long := utf16Len(r[1].(string)) > xlsxMaxCell
		if long != strings.HasSuffix(got, xlsxCutMarker) || (!long && got != r[1]) {
			t.Errorf("row %d: cut %v, marker %v", i+1, long, strings.HasSuffix(got, xlsxCutMarker))
		}
		if long && !strings.HasPrefix(r[1].(string), strings.TrimSuffix(got, xlsxCutMarker)) {
			t.Errorf("row %d: the kept text is not a prefix of the value", i+1)
		}
	}
	if len(warnings) != 2 {
		t.Errorf("%d warnings, want 2:\n%s", len(warnings), dumpWarnings(dir, warnings))
	}
}

// TestXLSXExcelLimits covers the values written as text because Excel cannot
// hold them as numbers or dates, and the serials around 1900-03-01.
func TestXLSXExcelLimits(t *testing.T) {
	schemas := []transform.Schema{{Name: "t", Columns: []transform.Column{
		{Name: "article_id", Type: transform.String},
		{Name: "d", Type: transform.Date, Nullable: true},
		{Name: "n", Type: transform.Int, Nullable: true},
		{Name: "x", Type: transform.Float, Nullable: true},
	}}}
	inf := math.Inf(1)
	rows := []transform.Row{
		{"a", date(1899, 12, 31), int64(1 << 53), inf},
		{"a", date(1900, 1, 1), int64(1<<53 + 1), -inf},
		{"a", date(1900, 2, 28), int64(-(1<<53 + 1)), math.NaN()},
		{"a", date(1900, 3, 1), nil, nil},
		{"a", date(10000, 1, 1), nil, nil},
	}
	dir, warnings := runWriter(t, XLSX, schemas, []*transform.Article{{ID: "a", Rows: [][]transform.Row{rows}}})
	golden.Check(t, "testdata/golden/xlsx/limits.txt", []byte(dumpXLSX(t, filepath.Join(dir, "datasets.xlsx"))+"\n== warnings\n"+dumpWarnings(dir, warnings)))
}

func BenchmarkXLSX(b *testing.B) { benchWriter(b, XLSX) }

// benchWriter measures writing benchData in format f, in MB/s of the values'
// text and in rows per second.
func benchWriter(b *testing.B, f Format) {
	schemas, articles, size := benchData(2000)
	rows := 0
	for _, a := range articles {
		for _, rs := range a.Rows {
			rows += len(rs)
		}
	}
	b.SetBytes(size)
	for b.Loop() {
		runWriter(b, f, schemas, articles)
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// benchData is n articles of the fixture's shape with 50 visits each, and the
// approximate byte size of their values.
func benchData(n int) ([]transform.Schema, []*transform.Article, int64) {
	schemas := fixtureSchemas()
	base := fixtureArticles()[0]
	var articles []*transform.Article
	var size int64
	for i := range n {
		a := &transform.Article{ID: fmt.Sprintf("Article_%d", i), Doc: base.Doc, Rows: [][]transform.Row{base.Rows[0], nil}}
		for j := range 50 {
			r := transform.Row{a.ID, fmt.Sprintf("President number %d", j), date(1994, 9, 25), date(1994, 9, 30), int64(j), 0.53, 1.5, true, int64(1994)}
			a.Rows[1] = append(a.Rows[1], r)
		}
		for _, rows := range a.Rows {
			for _, r := range rows {
				for _, v := range r {
					size += int64(len(fmt.Sprint(v)))
				}
			}
		}
		articles = append(articles, a)
	}
	return schemas, articles, size
}

// TestXLSXTemporaryFilesRemoved checks that Close removes the spills and the
// unpacked workbook from the temporary folder.
func TestXLSXTemporaryFilesRemoved(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	runWriter(t, XLSX, fixtureSchemas(), fixtureArticles())

	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("left in the temporary folder: %s", e.Name())
	}
}

// FuzzSheetNames checks the sheet-name rule on any dataset names (one a line):
// every name is one excelize accepts, at most 31 UTF-16 units, free of
// []:*?/\, not starting or ending with ', unique without case, and a name is
// changed only with a warning.
func FuzzSheetNames(f *testing.F) {
	f.Add("visits\nVisits\nHistory")
	f.Add("a_dataset_name_longer_than_thirty_one_characters\nbad[name]:*?/\\\n'quoted'")
	f.Add("𝔘𝔫𝔦𝔠𝔬𝔡𝔢_𝔘𝔫𝔦𝔠𝔬𝔡𝔢_𝔘𝔫𝔦𝔠𝔬𝔡𝔢\n\nx (2)\nx\nx")
	f.Fuzz(func(t *testing.T, names string) {
		warned := 0
		n := sheetNamer{warn: func(diag.Diagnostic) { warned++ }, used: map[string]bool{}}
		wb := excelize.NewFile()
		defer wb.Close()
		seen := map[string]bool{}
		changed := 0
		for i, dataset := range strings.Split(names, "\n") {
			if !utf8.ValidString(dataset) {
				continue
			}
			part := 1 + i%3 // parts after the first are named "name (2)"…
			name := n.name(dataset, part)
			if want := fitSheetName(dataset, part); name != want || want != dataset && part == 1 {
				changed++
			}
			if _, err := wb.NewSheet(name); err != nil {
				t.Fatalf("%q → %q: excelize refuses it: %v", dataset, name, err)
			}
			key := strings.ToLower(name)
			if utf16Len(name) > xlsxMaxName || strings.ContainsAny(name, sheetNameBad) ||
				strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'") || seen[key] {
				t.Fatalf("%q → %q: not a valid, unique sheet name", dataset, name)
			}
			seen[key] = true
		}
		if warned < changed {
			t.Fatalf("%d names changed, %d warnings", changed, warned)
		}
	})
}

// TestXLSXTextRoundTrip checks that text XML cannot carry as it is comes
// back as it went in: spaces at the ends, carriage returns, control
// characters, markup, a literal escape sequence; invalid UTF-8 becomes U+FFFD.
func TestXLSXTextRoundTrip(t *testing.T) {
	values := []string{" lead", "trail\t", "a\r\nb", "bell\x07", "a & <b> \"c\"", "_x0041_ stays", "bad \xff byte", "\uffff", "_x00_ short"}
	var rows []transform.Row
	for _, v := range values {
		rows = append(rows, transform.Row{"a", v})
	}
	dir, _ := runWriter(t, XLSX, textSchema(), []*transform.Article{{ID: "a", Rows: [][]transform.Row{rows}}})
	f := openWorkbook(t, dir)
	for i, v := range values {
		got, err := f.GetCellValue("t", fmt.Sprintf("B%d", i+2))
		if err != nil {
			t.Fatal(err)
		}
		if want := string([]rune(v)); got != want {
			t.Errorf("row %d: got %q, want %q", i+1, got, want)
		}
	}
}

// FuzzXLSXText checks the escaping of cell text: any string gives XML that
// parses, and decoding its _xHHHH_ sequences gives the string back (invalid
// byte of UTF-8 as U+FFFD).
func FuzzXLSXText(f *testing.F) {
	for _, s := range []string{"plain", " x ", "a\r\nb\x00\x1f", "_x0041_ _x005F_", "\xff\uFFFE<&>\"'"} {
		f.Add(s)
	}
	escape := regexp.MustCompile(`_x([0-9A-Fa-f]{4})_`)
	f.Fuzz(func(t *testing.T, s string) {
		doc := append([]byte(`<c a="`), appendXMLText(nil, s, true)...)
		doc = append(append(doc, `">`...), appendInlineString(nil, s)...)
		doc = append(doc, `</c>`...)
		var c struct {
			A string `xml:"a,attr"`
			T string `xml:"is>t"`
		}
		if err := xml.Unmarshal(doc, &c); err != nil {
			t.Fatalf("%q: %v\n%s", s, err, doc)
		}
		want := string([]rune(s)) // each invalid byte a U+FFFD
		for _, got := range []string{c.A, c.T} {
			got = escape.ReplaceAllStringFunc(got, func(m string) string {
				u, _ := strconv.ParseUint(m[2:6], 16, 16)
				return string(rune(u))
			})
			if got != want {
				t.Fatalf("%q came back as %q\n%s", want, got, doc)
			}
		}
	})
}

// TestCellOf pins what each kind of value becomes in a sheet, the limits
// included.
func TestCellOf(t *testing.T) {
	long := strings.Repeat("é", xlsxMaxCell+1)
	for _, tc := range []struct {
		name string
		t    transform.Type
		v    transform.Value
		want xlsxCell
	}{
		{"null", transform.String, nil, xlsxCell{}},
		{"string", transform.String, "=HYPERLINK(x)", xlsxCell{kind: cellText, text: "=HYPERLINK(x)"}},
		{"int", transform.Int, int64(-42), xlsxCell{kind: cellValue, value: []byte("-42"), width: 3}},
		{"year", transform.Year, int64(850), xlsxCell{kind: cellValue, value: []byte("850"), width: 3}},
		{"int 2^53", transform.Int, int64(1 << 53), xlsxCell{kind: cellValue, value: []byte("9007199254740992"), width: 16}},
		{"int beyond 2^53", transform.Int, int64(1<<53 + 1), xlsxCell{kind: cellText, text: "9007199254740993",
			warn: "9007199254740993 is beyond the integers Excel keeps exactly (±2^53); written as text"}},
		{"float", transform.Float, 1234.5, xlsxCell{kind: cellValue, value: []byte("1234.5"), width: 6}},
		{"float shown with an exponent", transform.Float, 1e21, xlsxCell{kind: cellValue, value: []byte("1000000000000000000000"), width: 5}},
		{"percent", transform.Percent, 0.53, xlsxCell{kind: cellValue, value: []byte("0.53"), attrs: ` s="` + xlsxStylePercent + `"`, width: 4}},
		{"NaN", transform.Float, math.NaN(), xlsxCell{kind: cellText, text: "NaN", warn: "NaN is not a number Excel can store; written as text"}},
		{"-Inf", transform.Float, math.Inf(-1), xlsxCell{kind: cellText, text: "-Inf", warn: "-Inf is not a number Excel can store; written as text"}},
		{"true", transform.Bool, true, xlsxCell{kind: cellValue, value: []byte("1"), attrs: ` t="b"`, width: 5}},
		{"false", transform.Bool, false, xlsxCell{kind: cellValue, value: []byte("0"), attrs: ` t="b"`, width: 5}},
		{"date", transform.Date, date(1900, 3, 1), xlsxCell{kind: cellValue, value: []byte("61"), attrs: ` s="` + xlsxStyleDate + `"`, width: 10}},
		// 2019-07-03 is serial 43649; 12:00 is half a day.
		{"timestamp", transform.Timestamp, time.Date(2019, 7, 3, 12, 0, 0, 0, time.UTC), xlsxCell{kind: cellValue, value: []byte("43649.5"), attrs: ` s="` + xlsxStyleTime + `"`, width: 19}},
		{"timestamp before 1900", transform.Timestamp, time.Date(1899, 1, 1, 0, 0, 0, 0, time.UTC), xlsxCell{kind: cellText, text: "1899-01-01T00:00:00Z",
			warn: "1899-01-01T00:00:00Z is outside the times Excel can show (1900 to 9999); written as text"}},
		{"date before 1900", transform.Date, date(1899, 12, 31), xlsxCell{kind: cellText, text: "1899-12-31",
			warn: "1899-12-31 is outside the dates Excel can show (1900-01-01 to 9999-12-31); written as text"}},
		{"long text", transform.String, long, xlsxCell{kind: cellText,
			text: long[:2*(xlsxMaxCell-utf16Len(xlsxCutMarker))] + xlsxCutMarker,
			warn: "32768 characters (UTF-16 units) cut to 32767, the most a cell holds; the full text is in the CSV and Parquet files"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf [32]byte
			got, err := cellOf(buf[:0], tc.t, tc.v)
			if err != nil {
				t.Fatal(err)
			}
			if got.kind != tc.want.kind || got.text != tc.want.text || string(got.value) != string(tc.want.value) ||
				got.attrs != tc.want.attrs || got.width != tc.want.width || got.warn != tc.want.warn {
				t.Errorf("cellOf(%s, %.40v) =\n%+.80v\nwant\n%+.80v", tc.t, tc.v, got, tc.want)
			}
		})
	}
	if _, err := cellOf(nil, transform.Int, 12); err == nil {
		t.Error("cellOf of an int (not int64): want an error")
	}
}
