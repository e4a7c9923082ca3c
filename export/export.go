// Package export writes datasets to files: CSV with a Frictionless
// datapackage.json, XLSX, Parquet and JSON-LD. Every file is staged under a
// temporary name in its final folder and renamed only when the whole run has
// succeeded, so a failed or interrupted run leaves earlier outputs untouched.
//
// Files: export.go (formats, New), check.go (each article's rows checked once,
// where they enter export, so the writers do not check again), valuetext.go
// (values as text for CSV and JSON-LD), csv.go with datapackage.go, xlsx.go
// with xlsx_xml.go and deflate.go, parquet.go, jsonld.go with jsonenc.go (its
// JSON encoder) and filename.go (its file names), output.go (staging and
// commit).
package export

import (
	"fmt"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/transform"
)

// Format names an output format.
type Format string

const (
	CSV     Format = "csv"
	XLSX    Format = "xlsx"
	Parquet Format = "parquet"
	JSONLD  Format = "jsonld"
)

// Formats lists every format, in the order a run writes them.
var Formats = []Format{CSV, XLSX, Parquet, JSONLD}

// Writer writes the rows of a run in one format. Write is called once per
// article, in input order, from one goroutine, with an article whose rows
// passed Check (check.go): the writers do not check them again.
// Close finishes the staged files (it does not commit them: Output.Commit
// does, once every writer has closed without error).
type Writer interface {
	Write(a *transform.Article) error
	Close() error
}

// Options tune the writers; the zero value is the default.
type Options struct {
	CSV CSVOptions
	// Warn receives the writers' warnings (a sheet name shortened, a cell
	// cut). Writers of different formats may run in different goroutines, so
	// it must be safe for concurrent use. Nil drops them.
	Warn func(diag.Diagnostic)
}

// New returns the writer of format f, staging its files in out.
func New(f Format, out *Output, schemas []transform.Schema, opts Options) (Writer, error) {
	if opts.Warn == nil {
		opts.Warn = func(diag.Diagnostic) {}
	}
	var w Writer
	var err error
	switch f {
	case CSV:
		w, err = newCSVWriter(out, schemas, opts)
	case XLSX:
		w, err = newXLSXWriter(out, schemas, opts)
	case Parquet:
		w, err = newParquetWriter(out, schemas, opts)
	case JSONLD:
		w, err = newJSONLDWriter(out, schemas, opts)
	default:
		return nil, fmt.Errorf("export: unknown format %q (want csv, xlsx, parquet or jsonld)", f)
	}
	if err != nil {
		return nil, err
	}
	return w, nil
}

// ParseFormat checks a format name given by a user.
func ParseFormat(name string) (Format, error) {
	for _, f := range Formats {
		if string(f) == name {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q (want csv, xlsx, parquet or jsonld)", name)
}

// CSVOptions are the CSV writer's options for spreadsheet users.
type CSVOptions struct {
	BOM  bool // start each file with a UTF-8 byte order mark
	CRLF bool // end lines with CRLF
	// EscapeFormulas prefixes ' to a text cell that starts with = + - @,
	// tab or CR, which a spreadsheet would run as a formula (OWASP's rule
	// against CSV injection).
	EscapeFormulas bool
}
