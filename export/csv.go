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
//     is (no apostrophe is added); spreadsheet users should open the XLSX.
//   - Rows are written as they arrive, through a buffer per file: memory
//     does not grow with the input.

import (
	"bufio"
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
	opts    Options
	files   []*csvFile
	eol     string
	rec     record // reused for every record
}

// csvFile is one dataset's staged file, counted and hashed as it is written
// for the datapackage.
type csvFile struct {
	f     *os.File
	w     *bufio.Writer
	hash  hash.Hash
	bytes int64
}

func (c *csvFile) Write(p []byte) (int, error) {
	n, err := c.f.Write(p)
	c.hash.Write(p[:n])
	c.bytes += int64(n)
	return n, err
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
		cf := &csvFile{f: f, hash: sha256.New()}
		cf.w = bufio.NewWriterSize(cf, 64<<10)
		w.files = append(w.files, cf)
		if opts.CSV.BOM {
			cf.w.WriteString("\uFEFF")
		}
		w.rec.reset()
		for _, c := range s.Columns {
			w.rec.buf = append(w.rec.buf, c.Name...)
			w.rec.end()
		}
		w.writeRecord(cf.w, &w.rec)
	}
	return w, nil
}

// Write appends the article's rows to each dataset's file.
func (w *csvWriter) Write(a *transform.Article) error {
	if err := checkArticle(a, w.schemas); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	for i, rows := range a.Rows {
		s := &w.schemas[i]
		for n, row := range rows {
			w.rec.reset()
			for j, v := range row {
				var err error
				if w.rec.buf, err = appendText(w.rec.buf, s.Columns[j].Type, v); err != nil {
					return fmt.Errorf("csv: %s.%s: article %s row %d: %w", s.Name, s.Columns[j].Name, a.ID, n+1, err)
				}
				w.rec.end()
			}
			if err := w.writeRecord(w.files[i].w, &w.rec); err != nil {
				return fmt.Errorf("csv: %s: %w", s.Name, err)
			}
		}
	}
	return nil
}

// record is one record being built: its fields end to end in buf, field i
// ending at ends[i]. Values are appended in place, so a row costs no
// allocation.
type record struct {
	buf  []byte
	ends []int
}

func (r *record) reset() { r.buf, r.ends = r.buf[:0], r.ends[:0] }

// end closes the field being appended.
func (r *record) end() { r.ends = append(r.ends, len(r.buf)) }

// writeRecord writes one record by the rules above. bufio keeps the first
// error, so checking the last write is enough.
func (w *csvWriter) writeRecord(b *bufio.Writer, rec *record) error {
	start := 0
	for i, end := range rec.ends {
		field := rec.buf[start:end]
		start = end
		if i > 0 {
			b.WriteByte(',')
		}
		if !needsQuotes(field) && (len(field) > 0 || len(rec.ends) > 1) {
			b.Write(field)
			continue
		}
		b.WriteByte('"')
		for {
			q := bytes.IndexByte(field, '"')
			if q < 0 {
				break
			}
			b.Write(field[:q+1])
			b.WriteByte('"')
			field = field[q+1:]
		}
		b.Write(field)
		b.WriteByte('"')
	}
	_, err := b.WriteString(w.eol)
	return err
}

func needsQuotes(field []byte) bool {
	if len(field) == 0 {
		return false
	}
	if bytes.ContainsAny(field, ",\"\r\n") {
		return true
	}
	first, last := field[0], field[len(field)-1]
	return first == ' ' || first == '\t' || last == ' ' || last == '\t'
}

// Close flushes and closes every CSV file, then stages datapackage.json.
func (w *csvWriter) Close() error {
	for i, cf := range w.files {
		if err := cf.w.Flush(); err != nil {
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
