package export

// The CSV writer: out/csv/<dataset>.csv, one file per dataset, and
// out/csv/datapackage.json describing them (datapackage.go). The rules:
//
//   - RFC 4180: a header row of the column names, then one record per row
//     in input order; fields separated by commas; lines end with LF, or CRLF
//     with csv: {crlf: true}; UTF-8, with a byte order mark first under
//     csv: {bom: true} (Excel needs it to read UTF-8).
//   - A field is quoted when it holds a comma, a double quote (doubled
//     inside), CR or LF, or starts or ends with a space or tab (readers that
//     trim would lose them). Line breaks inside a field are written as they
//     are in the data, whatever the line end option: the data is not changed.
//   - Null is an empty field; an empty string is one too (the datapackage
//     declares missingValues [""]). The only exception is a record of one
//     empty field, written "" so that it is not a blank line readers skip.
//   - Values as valueText writes them: ISO dates, integers, floats in their
//     shortest round-trip form, percents as fractions (53% is 0.53), years
//     with four digits, true/false.
//   - Strings are written as they are: a value starting with = stays as it
//     is, unless csv: {escape_formulas: true} prefixes ' to every text cell
//     that starts with = + - @, tab or CR (OWASP's rule against CSV
//     injection), header included. Typed cells (numbers, dates) never are:
//     -5 in an int column stays a number. The XLSX needs no such option.
//   - Rows are written as they arrive, through a buffer per file: memory
//     does not grow with the input.

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"hash"
	"os"
	"path/filepath"

	"github.com/wikipipe/wikipipe/transform"
)

type csvWriter struct {
	out     *Output
	schemas []transform.Schema
	types   [][]transform.Type // each schema's column types, looked up once
	opts    Options
	files   []*csvFile
	eol     string
}

// csvFile is one dataset's staged file, counted and hashed as it is written
// for the datapackage. Records are appended to buf and written out in
// chunks of flushSize.
type csvFile struct {
	f     *os.File
	buf   []byte
	hash  hash.Hash
	bytes int64
}

const flushSize = 64 << 10

// flush writes out and hashes the buffered records.
func (c *csvFile) flush() error {
	n, err := c.f.Write(c.buf)
	c.hash.Write(c.buf[:n])
	c.bytes += int64(n)
	c.buf = c.buf[:0]
	return err
}

func newCSVWriter(out *Output, schemas []transform.Schema, opts Options) (Writer, error) {
	w := &csvWriter{out: out, schemas: schemas, opts: opts, eol: "\n"}
	if opts.CSV.CRLF {
		w.eol = "\r\n"
	}
	for _, s := range schemas {
		f, err := out.Create("csv/" + s.Name + ".csv")
		if err != nil {
			return nil, fmt.Errorf("csv: %w", err)
		}
		cf := &csvFile{f: f, hash: sha256.New(), buf: make([]byte, 0, flushSize+flushSize/4)}
		w.files = append(w.files, cf)
		if opts.CSV.BOM {
			cf.buf = append(cf.buf, "\uFEFF"...)
		}
		header := make(transform.Row, len(s.Columns))
		types := make([]transform.Type, len(s.Columns))
		for j, c := range s.Columns {
			header[j], types[j] = c.Name, c.Type
		}
		w.types = append(w.types, types)
		cf.buf, _, _ = w.appendRecord(cf.buf, header, stringTypes(len(header))) // strings never fail
	}
	return w, nil
}

// stringTypes is n String column types, for records of plain text.
func stringTypes(n int) []transform.Type {
	types := make([]transform.Type, n)
	for j := range types {
		types[j] = transform.String
	}
	return types
}

// Write appends the article's rows, checked (check.go), to each dataset's
// file.
func (w *csvWriter) Write(a *transform.Article) error {
	for i, rows := range a.Rows {
		cf, types := w.files[i], w.types[i]
		buf := cf.buf // a local slice: no write barrier per record
		for n, row := range rows {
			var j int
			var err error
			if buf, j, err = w.appendRecord(buf, row, types); err != nil {
				s := &w.schemas[i]
				return fmt.Errorf("csv: %s.%s: article %s row %d: %w", s.Name, s.Columns[j].Name, a.ID, n+1, err)
			}
			if len(buf) >= flushSize {
				cf.buf = buf
				if err := cf.flush(); err != nil {
					return fmt.Errorf("csv: %s: %w", w.schemas[i].Name, err)
				}
				buf = cf.buf
			}
		}
		cf.buf = buf
	}
	return nil
}

// appendRecord appends one record by the rules above, its values of the
// given column types. On error dst is returned as it was, with the index
// of the column whose value is wrong.
func (w *csvWriter) appendRecord(dst []byte, row transform.Row, types []transform.Type) ([]byte, int, error) {
	mark := len(dst)
	for j, v := range row {
		if j > 0 {
			dst = append(dst, ',')
		}
		start := len(dst)
		var err error
		if dst, err = appendText(dst, types[j], v); err != nil {
			return dst[:mark], j, err
		}
		// Numbers, dates and booleans never hold what needs quotes.
		if types[j] == transform.String && w.opts.CSV.EscapeFormulas && len(dst) > start && isFormulaStart(dst[start]) {
			dst = append(dst, 0)
			copy(dst[start+1:], dst[start:])
			dst[start] = '\''
		}
		if types[j] == transform.String || len(dst) == start {
			dst = quoteField(dst, start, len(row) == 1)
		}
	}
	return append(dst, w.eol...), 0, nil
}

// isFormulaStart reports whether a text cell starting with c is one that
// spreadsheets read as a formula (or, for tab and CR, one that they trim
// into one).
func isFormulaStart(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// quoteField quotes the field at dst[start:] in place when the rules above
// say so; only is set when it is the only field of its record.
func quoteField(dst []byte, start int, only bool) []byte {
	field := dst[start:]
	if !needsQuotes(field) && (len(field) > 0 || !only) {
		return dst
	}
	quotes := bytes.Count(field, []byte{'"'})
	end := len(dst)
	dst = append(dst, make([]byte, quotes+2)...)
	if quotes == 0 {
		copy(dst[start+1:], dst[start:end])
	} else { // from the back, doubling each quote
		to := end + quotes
		for from := end - 1; from >= start; from-- {
			dst[to] = dst[from]
			if dst[from] == '"' {
				to--
				dst[to] = '"'
			}
			to--
		}
	}
	dst[start] = '"'
	dst[len(dst)-1] = '"'
	return dst
}

// needsQuotes looks for each special byte with its own vectorized scan:
// faster than one pass testing every byte against the four, but for
// fields of a few bytes.
func needsQuotes(field []byte) bool {
	if len(field) == 0 {
		return false
	}
	first, last := field[0], field[len(field)-1]
	return first == ' ' || first == '\t' || last == ' ' || last == '\t' ||
		bytes.IndexByte(field, ',') >= 0 || bytes.IndexByte(field, '"') >= 0 ||
		bytes.IndexByte(field, '\n') >= 0 || bytes.IndexByte(field, '\r') >= 0
}

// Close flushes and closes every CSV file, then stages datapackage.json.
func (w *csvWriter) Close() error {
	for i, cf := range w.files {
		if err := cf.flush(); err != nil {
			return fmt.Errorf("csv: %s: %w", w.schemas[i].Name, err)
		}
		if err := cf.f.Close(); err != nil {
			return fmt.Errorf("csv: %s: %w", w.schemas[i].Name, err)
		}
	}
	f, err := w.out.Create("csv/datapackage.json")
	if err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	if err := writeDataPackage(f, filepath.Join(w.out.Dir(), "csv", "datapackage.json"), w.schemas, w.files, w.opts); err != nil {
		f.Close()
		return fmt.Errorf("csv: datapackage.json: %w", err)
	}
	return f.Close()
}
