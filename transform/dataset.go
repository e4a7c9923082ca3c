// Package transform turns Documents into typed datasets: the core datasets
// every run produces (articles, infobox, sections, tables, table_cells,
// list_items) and the datasets declared in pipeline.yaml, with the value
// parsers that give their columns real types. Check holds every rule a
// DatasetSpec must keep, for pipeline.yaml and Go callers alike; each broken
// rule is a *SpecError naming the field it is about.
package transform

import (
	"fmt"
	"time"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/extract"
)

// Type is a column's value type.
type Type string

const (
	String  Type = "string"  // Go string
	Int     Type = "int"     // int64
	Float   Type = "float"   // float64
	Percent Type = "percent" // float64, 0.53 for "53%"
	Bool    Type = "bool"    // bool
	Date    Type = "date"    // CivilDate
	Year    Type = "year"    // int64
	// Timestamp is a point in time, time.Time in UTC; its text is ISO 8601
	// with Z (2019-07-03T12:34:56Z).
	Timestamp Type = "timestamp"
)

// Column describes one column of a dataset.
type Column struct {
	Name        string `json:"name"`
	Type        Type   `json:"type"`
	Nullable    bool   `json:"nullable"`
	Description string `json:"description,omitempty"`
}

// Schema describes one dataset. Columns[0] is always article_id.
type Schema struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Columns     []Column `json:"columns"`
	// JSONLD maps the dataset's rows to a schema.org type, if declared.
	JSONLD *JSONLDMap `json:"jsonld,omitempty"`
}

// JSONLDMap maps each row of a dataset to a schema.org node.
type JSONLDMap struct {
	Type       string        `json:"type"` // schema.org type, e.g. "Event"
	Properties []JSONLDField `json:"properties"`
}

// JSONLDField maps one column to one schema.org property. With Type set the
// value becomes a node of that type named by the value ({"@type": "Person",
// "name": value}); otherwise a literal typed by the column's Type.
type JSONLDField struct {
	Property string `json:"property"`
	Column   string `json:"column"`
	Type     string `json:"type,omitempty"`
}

// Value is one cell of a dataset: nil (null), string, int64, float64, bool,
// CivilDate or time.Time (in UTC), as the column's Type says.
type Value = any

// Row is one record, its values in the order of the schema's columns.
type Row []Value

// CivilDate is a calendar date with no time zone.
type CivilDate struct {
	Year  int
	Month time.Month
	Day   int
}

// String renders the date as ISO 8601 (2006-01-02).
func (d CivilDate) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Valid reports whether the date exists and has a four-digit year (0–9999),
// as ISO 8601 writes it.
func (d CivilDate) Valid() bool {
	return d.Year >= 0 && d.Year <= 9999 && d.Month >= 1 && d.Month <= 12 && d.Day >= 1 && d.Day <= daysIn(d.Month, d.Year)
}

// Time is the date at midnight UTC.
func (d CivilDate) Time() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// DaysSinceEpoch counts days from 1970-01-01, as Arrow's DATE32 stores dates.
func (d CivilDate) DaysSinceEpoch() int32 {
	return int32(d.Time().Unix() / 86400)
}

// Article is what one Document contributes to the run: its rows for every
// dataset, indexed like the run's schemas, in document order.
type Article struct {
	ID   string
	Doc  *extract.Document
	Rows [][]Row
	// Diagnostics are the warnings (and, under on_error: fail, the errors)
	// met while transforming this document.
	Diagnostics diag.List
}

// Rename gives the article a new ID, in every row too. The pipeline calls it
// when two articles share a title, in input order, so IDs stay deterministic.
func (a *Article) Rename(id string) {
	a.ID = id
	v := Value(id) // boxed once for every row
	for _, rows := range a.Rows {
		for _, r := range rows {
			r[0] = v
		}
	}
}
