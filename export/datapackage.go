package export

// out/csv/datapackage.json: a Frictionless Data Package (v1, profile
// tabular-data-package) that describes every CSV of the run, so that
// frictionless, pandas readers and DuckDB users get the types back.
//
//   - One resource per dataset, in the run's order: name, path, the dataset's
//     description, format csv, encoding utf-8 (a BOM, when written, is
//     UTF-8's own signature), the file's size in bytes and its sha256 hash,
//     and a CSV dialect saying the line terminator and that there is a header.
//   - Each resource's Table Schema lists the columns in order with their
//     type: string → string, int → integer, float → number, percent →
//     number (the description says it is a fraction), bool → boolean, date →
//     date, year → year; the column's description; constraints.required,
//     true for a column that is not nullable; missingValues [""].
//   - No timestamps and no version strings: the same run gives the same bytes.

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/transform"
)

type dataPackage struct {
	Profile   string       `json:"profile"`
	Name      string       `json:"name"`
	Resources []dpResource `json:"resources"`
}

type dpResource struct {
	Profile     string    `json:"profile"`
	Name        string    `json:"name"`
	Path        string    `json:"path"`
	Description string    `json:"description,omitempty"`
	Format      string    `json:"format"`
	Mediatype   string    `json:"mediatype"`
	Encoding    string    `json:"encoding"`
	Bytes       int64     `json:"bytes"`
	Hash        string    `json:"hash"`
	Dialect     dpDialect `json:"dialect"`
	Schema      dpSchema  `json:"schema"`
}

type dpDialect struct {
	Delimiter      string `json:"delimiter"`
	LineTerminator string `json:"lineTerminator"`
	QuoteChar      string `json:"quoteChar"`
	DoubleQuote    bool   `json:"doubleQuote"`
	Header         bool   `json:"header"`
}

type dpSchema struct {
	Fields        []dpField `json:"fields"`
	MissingValues []string  `json:"missingValues"`
}

type dpField struct {
	Name        string        `json:"name"`
	Type        string        `json:"type"`
	Description string        `json:"description,omitempty"`
	Constraints dpConstraints `json:"constraints"`
}

type dpConstraints struct {
	Required bool `json:"required"`
}

// dpTypes maps column types to Table Schema types.
var dpTypes = map[transform.Type]string{
	transform.String:    "string",
	transform.Int:       "integer",
	transform.Float:     "number",
	transform.Percent:   "number",
	transform.Bool:      "boolean",
	transform.Date:      "date",
	transform.Year:      "year",
	transform.Timestamp: "datetime",
}

// dpName is the pattern Data Package resource names must match.
var dpName = regexp.MustCompile(`^[-a-z0-9._/]+$`)

const percentNote = "A fraction: 0.53 is 53%."

func writeDataPackage(w io.Writer, path string, schemas []transform.Schema, files []*csvFile, opts Options) error {
	dp := dataPackage{Profile: "tabular-data-package", Name: "wikipipe", Resources: []dpResource{}}
	eol := "\n"
	if opts.CSV.CRLF {
		eol = "\r\n"
	}
	for i, s := range schemas {
		if !dpName.MatchString(s.Name) {
			opts.Warn(diag.Diagnostic{File: path, Stage: diag.Export, Severity: diag.Warning, Code: diag.DataPackageName,
				Message: fmt.Sprintf("dataset name %q is not a valid Data Package resource name (lower-case letters, digits, -._/); strict validators will reject it", s.Name)})
		}
		r := dpResource{
			Profile: "tabular-data-resource", Name: s.Name, Path: s.Name + ".csv", Description: s.Description,
			Format: "csv", Mediatype: "text/csv", Encoding: "utf-8",
			Bytes: files[i].bytes, Hash: "sha256:" + hex.EncodeToString(files[i].hash.Sum(nil)),
			Dialect: dpDialect{Delimiter: ",", LineTerminator: eol, QuoteChar: `"`, DoubleQuote: true, Header: true},
			Schema:  dpSchema{Fields: []dpField{}, MissingValues: []string{""}},
		}
		for _, c := range s.Columns {
			t, ok := dpTypes[c.Type]
			if !ok {
				return fmt.Errorf("%s.%s: unknown column type %q", s.Name, c.Name, c.Type)
			}
			desc := c.Description
			if c.Type == transform.Percent {
				desc = strings.TrimSpace(desc + " " + percentNote)
			}
			r.Schema.Fields = append(r.Schema.Fields, dpField{Name: c.Name, Type: t, Description: desc, Constraints: dpConstraints{Required: !c.Nullable}})
		}
		dp.Resources = append(dp.Resources, r)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(dp)
}
