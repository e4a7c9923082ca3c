// The XLSX writer: out/datasets.xlsx, one sheet per dataset.
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
// The workbook is written here rather than through excelize's StreamWriter,
// which ran at about 80,000 rows a second and held up to 32 MB per sheet
// until the workbook was saved. Rows arrive one article at a time for all
// datasets, so each dataset's sheet XML is compressed as its rows come, into
// a temporary file (deflate.go), and Close copies the compressed bytes into
// the zip after the sheet's head, whose column widths are known only then.
// Memory is a deflate state per dataset, whatever the number of rows. The
// temporary files live in the system's temporary folder and Close removes
// them, so Close must be called even after a failed Write. excelize reads the
// workbook back in the tests, beside openpyxl and LibreOffice in make interop.
//
// Determinism: the document properties are fixed (creator "wikipipe", dates
// 1980-01-01), the zip entries come in a fixed order with every time set to
// 1980-01-01 00:00.

package export

import (
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

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
	xlsxTimeFormat  = "yyyy-mm-dd hh:mm:ss"
	xlsxMaxExactInt = 1 << 53
)

// xlsxMaxRows is the number of rows a sheet holds, header included; tests
// lower it to exercise the overflow onto further sheets.
var xlsxMaxRows = 1 << 20

// xlsxFlushSize is how much row XML a sheet gathers before compressing it.
const xlsxFlushSize = 32 << 10

type xlsxWriter struct {
	out    *Output
	path   string // the workbook's final path, for diagnostics
	warn   func(diag.Diagnostic)
	sheets []*xlsxSheet
}

// xlsxSheet is one dataset on its way to one or more sheets.
type xlsxSheet struct {
	schema *transform.Schema
	cols   []string // column letters
	widths []int    // widest content per column, in characters
	rows   int      // data rows so far
	body   *deflateSpill
	buf    []byte // row XML not yet compressed
	rowNum [20]byte
	num    [32]byte // a cell's digits
}

func newXLSXWriter(out *Output, schemas []transform.Schema, opts Options) (Writer, error) {
	w := &xlsxWriter{out: out, path: filepath.Join(out.Dir(), xlsxFile), warn: opts.Warn}
	for i := range schemas {
		s := &xlsxSheet{schema: &schemas[i]}
		for j, c := range s.schema.Columns {
			s.cols = append(s.cols, columnName(j))
			s.widths = append(s.widths, utf8.RuneCountInString(c.Name)+3) // room for the filter button
		}
		w.sheets = append(w.sheets, s)
		body, err := newDeflateSpill()
		if err != nil {
			w.cleanup()
			return nil, fmt.Errorf("export: xlsx: %w", err)
		}
		s.body = body
	}
	return w, nil
}

// Write adds the article's rows, checked (check.go), to their sheets.
func (w *xlsxWriter) Write(a *transform.Article) error {
	for i, rows := range a.Rows {
		s := w.sheets[i]
		for _, r := range rows {
			if err := w.writeRow(a, s, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// warnCell passes on the warning about a cell, located in the article's
// input (or the workbook, when the article has none).
func (w *xlsxWriter) warnCell(a *transform.Article, where, msg string) {
	file := w.path
	if a.Doc != nil && a.Doc.Source.Path != "" {
		file = a.Doc.Source.Path
	}
	w.warn(diag.Diagnostic{File: file, Stage: diag.Export, Severity: diag.Warning, Code: diag.XLSXCell, Message: "xlsx: " + where + ": " + msg})
}

func (w *xlsxWriter) writeRow(a *transform.Article, s *xlsxSheet, r transform.Row) error {
	perSheet := xlsxMaxRows - 1
	if s.rows > 0 && s.rows%perSheet == 0 {
		if err := s.endPart(perSheet); err != nil {
			return fmt.Errorf("export: xlsx: %w", err)
		}
	}
	row := strconv.AppendInt(s.rowNum[:0], int64(s.rows%perSheet+2), 10)
	b := append(s.buf, `<row r="`...)
	b = append(b, row...)
	b = append(b, `">`...)
	for j, v := range r {
		c, err := cellOf(s.num[:0], s.schema.Columns[j].Type, v)
		if err != nil {
			return fmt.Errorf("export: xlsx: %s: %w", s.where(j, row), err)
		}
		if c.warn != "" {
			w.warnCell(a, s.where(j, row), c.warn)
		}
		b = s.appendCell(b, j, row, c)
	}
	s.buf = append(b, `</row>`...)
	s.rows++
	if len(s.buf) >= xlsxFlushSize {
		return s.flush()
	}
	return nil
}

// flush compresses the gathered row XML.
func (s *xlsxSheet) flush() error {
	_, err := s.body.Write(s.buf)
	s.buf = s.buf[:0]
	if err != nil {
		return fmt.Errorf("export: xlsx: %s: %w", s.schema.Name, err)
	}
	return nil
}

// endPart ends the sheet being written, of n data rows.
func (s *xlsxSheet) endPart(n int) error {
	s.buf = append(s.buf, xlsxSheetTail(sheetPart{cols: len(s.cols), rows: n})...)
	if err := s.flush(); err != nil {
		return err
	}
	return s.body.endSegment()
}

// xlsxCell is what a value becomes in a sheet: no cell (null), an inline
// string, or a <v> value with its style and type attributes.
type xlsxCell struct {
	kind  cellKind
	text  string // cellText: the text
	value []byte // cellValue: the content of <v>
	attrs string // cellValue: the style and type attributes
	width int    // cellValue: the width as shown, in characters
	// warn says why the value is written differently from what it is (cut,
	// or text instead of a number); "" when it is not.
	warn string
}

type cellKind uint8

const (
	cellNone cellKind = iota
	cellText
	cellValue
)

// cellOf is the cell of value v in a column of type t, the limits above
// applied. A value's digits are appended to buf, which the cell's value
// then holds. v is checked (check.go): its Go type is that of t.
func cellOf(buf []byte, t transform.Type, v transform.Value) (xlsxCell, error) {
	switch v := v.(type) {
	case nil:
		return xlsxCell{}, nil
	case string:
		return textCell(v), nil
	case int64:
		if v > xlsxMaxExactInt || v < -xlsxMaxExactInt {
			return xlsxCell{kind: cellText, text: strconv.FormatInt(v, 10),
				warn: fmt.Sprintf("%d is beyond the integers Excel keeps exactly (±2^53); written as text", v)}, nil
		}
		num := strconv.AppendInt(buf, v, 10)
		return xlsxCell{kind: cellValue, value: num, width: len(num)}, nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return xlsxCell{kind: cellText, text: fmt.Sprint(v),
				warn: fmt.Sprintf("%v is not a number Excel can store; written as text", v)}, nil
		}
		c := xlsxCell{kind: cellValue, value: strconv.AppendFloat(buf, v, 'f', -1, 64)}
		if c.width = len(c.value); c.width > 12 { // shown with an exponent
			c.width = len(strconv.FormatFloat(v, 'g', -1, 64))
		}
		if t == transform.Percent {
			c.attrs = ` s="` + xlsxStylePercent + `"`
		}
		return c, nil
	case bool:
		c := xlsxCell{kind: cellValue, value: append(buf, '0'), attrs: ` t="b"`, width: len("FALSE")}
		if v {
			c.value[0] = '1'
		}
		return c, nil
	case transform.CivilDate:
		serial, ok := excelSerial(v)
		if !ok {
			return xlsxCell{kind: cellText, text: v.String(),
				warn: fmt.Sprintf("%s is outside the dates Excel can show (1900-01-01 to 9999-12-31); written as text", v)}, nil
		}
		return xlsxCell{kind: cellValue, value: strconv.AppendInt(buf, serial, 10),
			attrs: ` s="` + xlsxStyleDate + `"`, width: len(xlsxDateFormat)}, nil
	case time.Time:
		return timeCell(buf, v), nil
	}
	return xlsxCell{}, fmt.Errorf("unexpected value of type %T", v)
}

// textCell is a string cell, cut with a warning to the most a cell holds.
func textCell(v string) xlsxCell {
	c := xlsxCell{kind: cellText, text: v}
	if len(v) > xlsxMaxCell { // a string has no more UTF-16 units than bytes
		if n := utf16Len(v); n > xlsxMaxCell {
			c.text = cutUTF16(v, xlsxMaxCell-utf16Len(xlsxCutMarker)) + xlsxCutMarker
			c.warn = fmt.Sprintf("%d characters (UTF-16 units) cut to %d, the most a cell holds; the full text is in the CSV and Parquet files", n, xlsxMaxCell)
		}
	}
	return c
}

// timeCell is a timestamp cell: a date serial whose fraction is the time of
// day, or text for a time Excel cannot show.
func timeCell(buf []byte, v time.Time) xlsxCell {
	day := transform.CivilDate{Year: v.Year(), Month: v.Month(), Day: v.Day()}
	serial, ok := excelSerial(day)
	if !ok {
		return xlsxCell{kind: cellText, text: v.Format(time.RFC3339Nano),
			warn: fmt.Sprintf("%s is outside the times Excel can show (1900 to 9999); written as text", v.Format(time.RFC3339))}
	}
	// Excel keeps milliseconds at most.
	frac := float64(v.Sub(day.Time()).Milliseconds()) / float64(24*time.Hour/time.Millisecond)
	return xlsxCell{kind: cellValue, value: strconv.AppendFloat(buf, float64(serial)+frac, 'f', -1, 64),
		attrs: ` s="` + xlsxStyleTime + `"`, width: len(xlsxTimeFormat)}
}

// appendCell appends the XML of cell c of column j in the given row,
// widening the column to fit it.
func (s *xlsxSheet) appendCell(b []byte, j int, row []byte, c xlsxCell) []byte {
	if c.kind == cellNone {
		return b
	}
	b = append(b, `<c r="`...)
	b = append(b, s.cols[j]...)
	b = append(b, row...)
	if c.kind == cellText {
		if len(c.text) > s.widths[j] { // no more characters than bytes
			s.widths[j] = max(s.widths[j], textWidth(c.text))
		}
		b = append(b, `" t="inlineStr">`...)
		b = appendInlineString(b, c.text)
		return append(b, `</c>`...)
	}
	s.widths[j] = max(s.widths[j], c.width)
	b = append(b, '"')
	b = append(b, c.attrs...)
	b = append(b, `><v>`...)
	b = append(b, c.value...)
	return append(b, `</v></c>`...)
}

// where names the cell of column j in the given row, for messages.
func (s *xlsxSheet) where(j int, row []byte) string {
	perSheet := xlsxMaxRows - 1
	return fmt.Sprintf("%s.%s, row %d (cell %s%s of sheet %d of the dataset)", s.schema.Name, s.schema.Columns[j].Name, s.rows+1, s.cols[j], row, s.rows/perSheet+1)
}

// textWidth is the display width of a text in characters: its longest line,
// counted up to xlsxMaxWidth.
func textWidth(s string) int {
	widest := 0
	for line := range strings.Lines(s) {
		if widest = max(widest, utf8.RuneCountInString(line)); widest >= xlsxMaxWidth {
			break
		}
	}
	return widest
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

// Close ends every sheet and writes the workbook, then removes the
// temporary files.
func (w *xlsxWriter) Close() error {
	defer w.cleanup()
	if err := w.writeWorkbook(); err != nil {
		return fmt.Errorf("export: xlsx: %w", err)
	}
	return nil
}

func (w *xlsxWriter) cleanup() {
	for _, s := range w.sheets {
		if s.body != nil {
			s.body.remove()
		}
	}
}

// xlsxSheetRef is one sheet of the workbook and where its rows are.
type xlsxSheetRef struct {
	sheetPart
	from *xlsxSheet // nil for the empty sheet of a run without datasets
	seg  segment
}

func (w *xlsxWriter) writeWorkbook() error {
	refs, err := w.endSheets()
	if err != nil {
		return err
	}
	parts := make([]sheetPart, len(refs))
	for i, r := range refs {
		parts[i] = r.sheetPart
	}
	f, err := w.out.Create(xlsxFile)
	if err != nil {
		return err
	}
	z := newZipWriter(f)
	for _, p := range []struct {
		name string
		data []byte
	}{
		{"[Content_Types].xml", xlsxContentTypesXML(parts)},
		{"_rels/.rels", []byte(xlsxRootRelsXML)},
		{"docProps/app.xml", []byte(xlsxAppXML)},
		{"docProps/core.xml", []byte(xlsxCoreXML)},
		{"xl/_rels/workbook.xml.rels", xlsxWorkbookRelsXML(parts)},
		{"xl/styles.xml", []byte(xlsxStylesXML)},
		{"xl/workbook.xml", xlsxWorkbookXML(parts)},
	} {
		if err := z.add(p.name, p.data); err != nil {
			f.Close()
			return err
		}
	}
	for i, r := range refs {
		if r.from == nil {
			err = z.add(sheetPath(i), append(xlsxSheetHead(r.sheetPart, true, nil, nil), xlsxSheetTail(r.sheetPart)...))
		} else {
			err = z.addJoined(sheetPath(i), xlsxSheetHead(r.sheetPart, i == 0, r.from.colWidths(), r.from.header()), r.from.body, r.seg)
		}
		if err != nil {
			f.Close()
			return err
		}
	}
	if err := z.close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// endSheets ends the last sheet of every dataset and names all the sheets.
func (w *xlsxWriter) endSheets() ([]xlsxSheetRef, error) {
	if len(w.sheets) == 0 {
		return []xlsxSheetRef{{sheetPart: sheetPart{name: "Sheet1"}}}, nil
	}
	names := sheetNamer{file: w.path, warn: w.warn, used: map[string]bool{}}
	perSheet := xlsxMaxRows - 1
	var refs []xlsxSheetRef
	for _, s := range w.sheets {
		parts := max(1, (s.rows+perSheet-1)/perSheet)
		last := s.rows - (parts-1)*perSheet
		if err := s.endPart(last); err != nil {
			return nil, err
		}
		if parts > 1 {
			w.warn(diag.Diagnostic{File: w.path, Stage: diag.Export, Severity: diag.Warning, Code: diag.XLSXRows,
				Message: fmt.Sprintf("xlsx: dataset %s has %d rows, more than the %d a sheet holds under its header; continued on %d more sheets", s.schema.Name, s.rows, perSheet, parts-1)})
		}
		for p, seg := range s.body.segments {
			rows := perSheet
			if p == parts-1 {
				rows = last
			}
			refs = append(refs, xlsxSheetRef{
				sheetPart: sheetPart{name: names.name(s.schema.Name, p+1), cols: len(s.cols), rows: rows},
				from:      s, seg: seg,
			})
		}
	}
	return refs, nil
}

// colWidths is each column's width in characters, clamped to 10..60.
func (s *xlsxSheet) colWidths() []float64 {
	widths := make([]float64, len(s.widths))
	for j, n := range s.widths {
		widths[j] = float64(min(max(n+1, xlsxMinWidth), xlsxMaxWidth))
	}
	return widths
}

func (s *xlsxSheet) header() []string {
	names := make([]string, len(s.schema.Columns))
	for j, c := range s.schema.Columns {
		names[j] = c.Name
	}
	return names
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
		n.warn(diag.Diagnostic{File: n.file, Stage: diag.Export, Severity: diag.Warning, Code: diag.XLSXSheetName,
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
