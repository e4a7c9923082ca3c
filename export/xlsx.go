// The XLSX writer: out/datasets.xlsx, one sheet per dataset, written with
// excelize's StreamWriter.
//
// Layout: row 1 is the header (bold, frozen, with an autofilter over the
// header and every data row); a column is as wide as its longest line (of any
// cell, or the header plus 3 for the filter button) plus 1, clamped to 10..60
// characters. A run without datasets gets one empty sheet, as a workbook needs
// one.
// Values: dates are date cells (a serial number formatted yyyy-mm-dd), int
// and year are numbers, float a number, percent a number formatted 0.00%,
// bool a boolean, string always an inline string (so "=HYPERLINK(...)" stays
// text and is never evaluated), null an empty cell.
//
// Limits, each met with a warning (stage export) and this rule:
//   - Sheet names: characters []:*?/\ become _, an empty name or the one
//     Excel reserves ("History") gets a trailing _, names are cut to 31 UTF-16
//     units, a ' that starts or ends the name (after the cut) becomes _, and
//     a name already taken (compared without case) gets " (2)", " (3)"...
//     within the 31 units.
//   - Cells over 32,767 UTF-16 units: the text is cut so that, with the
//     marker xlsxCutMarker appended, it is exactly 32,767 units long (never
//     inside a surrogate pair). The full value is in the CSV and Parquet files.
//   - More than 1,048,575 data rows (1,048,576 rows with the header): the
//     dataset continues on sheets "name (2)", "name (3)"..., each with its
//     header, in row order.
//   - Values Excel cannot hold as numbers are written as text: dates before
//     1900-01-01 or after 9999-12-31 (as ISO 8601), integers beyond ±2^53
//     (Excel keeps 15 digits), NaN and ±Inf.
//
// Rows arrive one article at a time for all datasets, but a StreamWriter needs
// its column widths before its first row and excelize keeps every sheet's
// stream until the workbook is saved. So Write spills each dataset's rows to
// a temporary file (a compact binary form, see xlsx_spill.go) while measuring
// widths and counting rows, and Close streams one sheet at a time from its
// spill: memory is bounded by excelize's per-sheet buffer (16 MB, then it
// spills too) times the number of sheets, not by the data. The spills live in
// the system's temporary folder and Close removes them, so Close must be
// called even after a failed Write.
//
// Determinism: the document properties are fixed (creator "wikipipe", dates
// 1980-01-01), and the zip that excelize writes is repacked with its entries
// in name order and every entry time set to 1980-01-01 00:00 UTC (excelize
// writes the sheet entries in map order).

package export

import (
	"archive/zip"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/transform"
)

const (
	xlsxFile        = "datasets.xlsx"
	xlsxMaxCell     = 32767 // UTF-16 units in one cell
	xlsxMaxName     = 31    // UTF-16 units in a sheet name
	xlsxMinWidth    = 10
	xlsxMaxWidth    = 60
	xlsxCutMarker   = "…[cut: full text in the CSV]"
	xlsxDateFormat  = "yyyy-mm-dd"
	xlsxMaxExactInt = 1 << 53
)

// xlsxMaxRows is the number of rows a sheet holds, header included; tests
// lower it to exercise the overflow onto further sheets.
var xlsxMaxRows = excelize.TotalRows

// xlsxEpoch dates the document properties, fixed so that the same data
// gives the same bytes.
const xlsxEpoch = "1980-01-01T00:00:00Z"

type xlsxWriter struct {
	out    *os.File // the staged workbook
	path   string   // its final path, for diagnostics
	warn   func(diag.Diagnostic)
	sheets []*xlsxSheet
}

// xlsxSheet is one dataset on its way to one or more sheets.
type xlsxSheet struct {
	schema *transform.Schema
	spill  *spill
	rows   int   // rows spilled so far
	widths []int // widest content per column, in characters
}

func newXLSXWriter(out *Output, schemas []transform.Schema, opts Options) (Writer, error) {
	w := &xlsxWriter{path: filepath.Join(out.Dir(), xlsxFile), warn: opts.Warn}
	for i := range schemas {
		s := &xlsxSheet{schema: &schemas[i], widths: make([]int, len(schemas[i].Columns))}
		for j, c := range s.schema.Columns {
			s.widths[j] = utf8.RuneCountInString(c.Name) + 3 // room for the filter button
		}
		w.sheets = append(w.sheets, s)
	}
	for _, s := range w.sheets {
		sp, err := newSpill()
		if err != nil {
			w.cleanup()
			return nil, fmt.Errorf("export: xlsx: %w", err)
		}
		s.spill = sp
	}
	f, err := out.Create(xlsxFile)
	if err != nil {
		w.cleanup()
		return nil, err
	}
	w.out = f
	return w, nil
}

// Write spills the article's rows, checking each value against its column.
func (w *xlsxWriter) Write(a *transform.Article) error {
	if err := checkDatasets(XLSX, a, len(w.sheets)); err != nil {
		return err
	}
	for i, rows := range a.Rows {
		s := w.sheets[i]
		for _, r := range rows {
			if err := w.spillRow(a, s, r); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *xlsxWriter) spillRow(a *transform.Article, s *xlsxSheet, r transform.Row) error {
	cols := s.schema.Columns
	if len(r) != len(cols) {
		return fmt.Errorf("export: xlsx: %s: row %d of article %s has %d values for %d columns", s.schema.Name, s.rows+1, a.ID, len(r), len(cols))
	}
	for j, v := range r {
		c, err := w.cell(a, s, j, v)
		if err != nil {
			return err
		}
		s.spill.put(c)
		s.widths[j] = max(s.widths[j], c.width())
	}
	s.rows++
	return s.spill.err
}

// cell turns one value into what the sheet will hold, applying the limits.
func (w *xlsxWriter) cell(a *transform.Article, s *xlsxSheet, j int, v transform.Value) (spillCell, error) {
	col := s.schema.Columns[j]
	where := func() string {
		perSheet := xlsxMaxRows - 1
		ref, _ := excelize.CoordinatesToCellName(j+1, s.rows%perSheet+2)
		return fmt.Sprintf("%s.%s, row %d (cell %s of sheet %d of the dataset)", s.schema.Name, col.Name, s.rows+1, ref, s.rows/perSheet+1)
	}
	warn := func(format string, args ...any) {
		file := w.path
		if a.Doc != nil && a.Doc.Source.Path != "" {
			file = a.Doc.Source.Path
		}
		w.warn(diag.Diagnostic{File: file, Stage: diag.Export, Severity: diag.Warning,
			Message: "xlsx: " + where() + ": " + fmt.Sprintf(format, args...)})
	}
	if err := checkValue(col, v); err != nil {
		return spillCell{}, fmt.Errorf("export: xlsx: %s: %w", where(), err)
	}
	switch v := v.(type) {
	case string:
		if n := utf16Len(v); n > xlsxMaxCell {
			v = cutUTF16(v, xlsxMaxCell-utf16Len(xlsxCutMarker)) + xlsxCutMarker
			warn("%d characters (UTF-16 units) cut to %d, the most a cell holds; the full text is in the CSV and Parquet files", n, xlsxMaxCell)
		}
		return spillCell{kind: spillString, s: v}, nil
	case int64:
		if v > xlsxMaxExactInt || v < -xlsxMaxExactInt {
			warn("%d is beyond the integers Excel keeps exactly (±2^53); written as text", v)
			return spillCell{kind: spillString, s: fmt.Sprint(v)}, nil
		}
		return spillCell{kind: spillInt, i: v}, nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			warn("%v is not a number Excel can store; written as text", v)
			return spillCell{kind: spillString, s: fmt.Sprint(v)}, nil
		}
		return spillCell{kind: spillFloat, f: v}, nil
	case bool:
		return spillCell{kind: spillBool, b: v}, nil
	case transform.CivilDate:
		serial, ok := excelSerial(v)
		if !ok {
			warn("%s is outside the dates Excel can show (1900-01-01 to 9999-12-31); written as text", v)
			return spillCell{kind: spillString, s: v.String()}, nil
		}
		return spillCell{kind: spillDate, i: serial}, nil
	}
	return spillCell{kind: spillNull}, nil
}

// excelSerial is the date's serial number in Excel's 1900 date system, which
// counts a 29 February 1900 that never was: serials from 61 on are one more
// than the days since 1899-12-31.
func excelSerial(d transform.CivilDate) (int64, bool) {
	if d.Year < 1900 || d.Year > 9999 {
		return 0, false
	}
	days := int64(d.DaysSinceEpoch()) + 25568 // 1899-12-31 is day -25568
	if days >= 60 {
		days++
	}
	return days, true
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// cutUTF16 keeps the longest prefix of s that fits in n UTF-16 units.
func cutUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		units += utf16.RuneLen(r)
		if units > n {
			return s[:i]
		}
	}
	return s
}

// Close writes the workbook from the spills and removes them.
func (w *xlsxWriter) Close() error {
	defer w.cleanup()
	if err := w.writeWorkbook(); err != nil {
		w.out.Close()
		return fmt.Errorf("export: xlsx: %w", err)
	}
	return nil
}

func (w *xlsxWriter) cleanup() {
	for _, s := range w.sheets {
		if s.spill != nil {
			s.spill.remove()
		}
	}
}

func (w *xlsxWriter) writeWorkbook() error {
	zipTmp, err := os.CreateTemp("", "wikipipe-xlsx-*.zip")
	if err != nil {
		return err
	}
	defer func() {
		zipTmp.Close()
		os.Remove(zipTmp.Name())
	}()

	f := excelize.NewFile()
	defer f.Close() // removes excelize's own temporary files
	if err := w.fillWorkbook(f); err != nil {
		return err
	}
	// excelize saves through an in-memory buffer; a ZipWriter on the temporary
	// file keeps the workbook out of memory (the buffer stays empty).
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(zipTmp) })
	if err := f.Write(io.Discard); err != nil {
		return err
	}
	if err := repackZip(zipTmp, w.out); err != nil {
		return err
	}
	return w.out.Close()
}

func (w *xlsxWriter) fillWorkbook(f *excelize.File) error {
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator: "wikipipe", LastModifiedBy: "wikipipe", Title: "wikipipe datasets",
		Created: xlsxEpoch, Modified: xlsxEpoch,
	}); err != nil {
		return err
	}
	if err := f.SetAppProps(&excelize.AppProperties{Application: "wikipipe"}); err != nil {
		return err
	}
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	names := sheetNamer{file: w.path, warn: w.warn, used: map[string]bool{}}
	perSheet := xlsxMaxRows - 1
	first := true
	for _, s := range w.sheets {
		if err := s.spill.rewind(); err != nil {
			return err
		}
		parts := max(1, (s.rows+perSheet-1)/perSheet)
		if parts > 1 {
			w.warn(diag.Diagnostic{File: w.path, Stage: diag.Export, Severity: diag.Warning,
				Message: fmt.Sprintf("xlsx: dataset %s has %d rows, more than the %d a sheet holds under its header; continued on %d more sheets", s.schema.Name, s.rows, perSheet, parts-1)})
		}
		for p := range parts {
			name := names.name(s.schema.Name, p+1)
			if first {
				// Reuse the default sheet so that no empty "Sheet1" is left.
				err = f.SetSheetName("Sheet1", name)
				first = false
			} else {
				_, err = f.NewSheet(name)
			}
			if err != nil {
				return err
			}
			n := min(perSheet, s.rows-p*perSheet)
			if err := w.writeSheet(f, st, name, s, n); err != nil {
				return fmt.Errorf("sheet %q: %w", name, err)
			}
		}
	}
	// The first sheet is active as it is. No call here may touch a sheet
	// whose stream is flushed: excelize would read its XML back into memory.
	return nil
}

type xlsxStyles struct{ header, date, percent int }

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	var st xlsxStyles
	var err error
	if st.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return st, err
	}
	format := xlsxDateFormat
	if st.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &format}); err != nil {
		return st, err
	}
	st.percent, err = f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	return st, err
}

// writeSheet streams the next n rows of s's spill into the sheet name.
func (w *xlsxWriter) writeSheet(f *excelize.File, st xlsxStyles, name string, s *xlsxSheet, n int) error {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	cols := s.schema.Columns
	for j, width := range s.widths {
		if err := sw.SetColWidth(j+1, j+1, float64(min(max(width+1, xlsxMinWidth), xlsxMaxWidth))); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	last, err := excelize.CoordinatesToCellName(len(cols), n+1)
	if err != nil {
		return err
	}
	if err := f.AutoFilter(name, "A1:"+last, nil); err != nil {
		return err
	}
	plainFilterRefs(f)
	values := make([]any, len(cols))
	for j, c := range cols {
		values[j] = excelize.Cell{StyleID: st.header, Value: c.Name}
	}
	if err := sw.SetRow("A1", values); err != nil {
		return err
	}
	for r := range n {
		for j := range cols {
			c, err := s.spill.get()
			if err != nil {
				return err
			}
			values[j] = c.value(st, cols[j].Type)
		}
		ref, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(ref, values); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// plainFilterRefs removes the $ that excelize's AutoFilter puts into the
// worksheet's <autoFilter ref="$A$1:$H$16">, where the format wants a plain
// range (A1:H16, as Excel writes it; the $ belongs in the _FilterDatabase
// name only). excelize has no API for it, hence reflection on the worksheets
// it holds (a sheet leaves f.Sheet when its stream is flushed); the golden
// test shows the element as written.
func plainFilterRefs(f *excelize.File) {
	f.Sheet.Range(func(_, ws any) bool {
		v := reflect.ValueOf(ws)
		if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
			return true
		}
		filter := v.Elem().FieldByName("AutoFilter")
		if !filter.IsValid() || filter.Kind() != reflect.Pointer || filter.IsNil() {
			return true
		}
		if ref := filter.Elem().FieldByName("Ref"); ref.IsValid() && ref.CanSet() && ref.Kind() == reflect.String {
			ref.SetString(strings.ReplaceAll(ref.String(), "$", ""))
		}
		return true
	})
}

// value is what SetRow writes for the cell.
func (c spillCell) value(st xlsxStyles, t transform.Type) any {
	switch c.kind {
	case spillString:
		return c.s // an inline string, never a formula
	case spillInt:
		return c.i
	case spillFloat:
		if t == transform.Percent {
			return excelize.Cell{StyleID: st.percent, Value: c.f}
		}
		return c.f
	case spillBool:
		return c.b
	case spillDate:
		return excelize.Cell{StyleID: st.date, Value: c.i}
	}
	return nil
}

// width is the cell's display width in characters: its longest line.
func (c spillCell) width() int {
	switch c.kind {
	case spillString:
		widest := 0
		for line := range strings.Lines(c.s) {
			if widest = max(widest, utf8.RuneCountInString(line)); widest >= xlsxMaxWidth {
				break
			}
		}
		return widest
	case spillInt:
		return len(fmt.Sprint(c.i))
	case spillFloat:
		return len(fmt.Sprint(c.f))
	case spillBool:
		return len("FALSE")
	case spillDate:
		return len(xlsxDateFormat)
	}
	return 0
}

// sheetNamer gives each sheet a valid, unique name, warning when it differs
// from the dataset's name.
type sheetNamer struct {
	file string
	warn func(diag.Diagnostic)
	used map[string]bool // lower-cased names taken
}

const sheetNameBad = `[]:*?/\`

func (n *sheetNamer) name(dataset string, part int) string {
	var why []string
	base := strings.Map(func(r rune) rune {
		if strings.ContainsRune(sheetNameBad, r) {
			return '_'
		}
		return r
	}, dataset)
	if base != dataset {
		why = append(why, `the characters []:*?/\ are not allowed`)
	}
	if strings.HasPrefix(base, "'") || strings.HasSuffix(base, "'") {
		base = noEndQuotes(base)
		why = append(why, "a name may not start or end with '")
	}
	if base == "" || strings.EqualFold(base, "History") {
		base += "_"
		why = append(why, "the name is empty or reserved by Excel")
	}
	if utf16Len(base) > xlsxMaxName && part == 1 {
		why = append(why, "a name has at most 31 characters")
	}
	name := fitSheetName(base, part)
	for k := part + 1; n.used[strings.ToLower(name)]; k++ {
		name = fitSheetName(base, k)
		if k == part+1 {
			why = append(why, "the name is taken")
		}
	}
	n.used[strings.ToLower(name)] = true
	if len(why) > 0 {
		n.warn(diag.Diagnostic{File: n.file, Stage: diag.Export, Severity: diag.Warning,
			Message: fmt.Sprintf("xlsx: dataset %s goes to sheet %q: %s", dataset, name, strings.Join(why, "; "))})
	}
	return name
}

// fitSheetName is base with the suffix " (k)" for k > 1, base cut so that the
// whole fits in 31 UTF-16 units.
func fitSheetName(base string, k int) string {
	suffix := ""
	if k > 1 {
		suffix = fmt.Sprintf(" (%d)", k)
	}
	return noEndQuotes(cutUTF16(base, xlsxMaxName-len(suffix))) + suffix
}

// noEndQuotes turns a ' that starts or ends s into _ (cutting a name can
// bring a ' to its end).
func noEndQuotes(s string) string {
	if strings.HasPrefix(s, "'") {
		s = "_" + s[1:]
	}
	if strings.HasSuffix(s, "'") {
		s = s[:len(s)-1] + "_"
	}
	return s
}

// repackZip copies the entries of the zip in src to dst in name order, with
// fixed times, without recompressing them.
func repackZip(src *os.File, dst io.Writer) error {
	info, err := src.Stat()
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(src, info.Size())
	if err != nil {
		return err
	}
	entries := slices.Clone(zr.File)
	slices.SortFunc(entries, func(a, b *zip.File) int { return strings.Compare(a.Name, b.Name) })
	zw := zip.NewWriter(dst)
	for _, e := range entries {
		// CreateRaw takes the MS-DOS time fields as they are (it ignores
		// Modified): 1<<5|1 is 1980-01-01, the earliest MS-DOS date; time 0.
		h := &zip.FileHeader{Name: e.Name, Method: e.Method, ModifiedDate: 1<<5 | 1,
			CRC32: e.CRC32, CompressedSize64: e.CompressedSize64, UncompressedSize64: e.UncompressedSize64}
		to, err := zw.CreateRaw(h)
		if err != nil {
			return err
		}
		from, err := e.OpenRaw()
		if err != nil {
			return err
		}
		if _, err := io.Copy(to, from); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("repacking the workbook: %w", err)
	}
	return nil
}
