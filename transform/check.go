package transform

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The rules a DatasetSpec must keep, checked in one place for pipeline.yaml
// and for Go callers alike. Each broken rule is a *SpecError naming the field
// it is about, so that pipeline.yaml's decoder can point at its line.

// The kinds of broken rule, for errors.Is.
var (
	// ErrName: a dataset or column name that cannot be used or clashes
	// with another.
	ErrName = errors.New("unusable name")
	// ErrSource: a source that can never give rows.
	ErrSource = errors.New("unusable source")
	// ErrColumn: a column that does not fit its dataset.
	ErrColumn = errors.New("unusable column")
	// ErrJSONLD: a JSON-LD mapping that is not schema.org-shaped or names
	// a column the dataset does not have.
	ErrJSONLD = errors.New("unusable jsonld mapping")
)

// SpecError is a rule a DatasetSpec breaks, as encoding/csv's ParseError is
// a line that does not parse: Path names the field as pipeline.yaml spells
// it ("datasets", "visits", "columns", "start_date", "type"; a list item by
// its index from 0), and Err, which wraps one of the Err… kinds, says what
// is wrong with it.
type SpecError struct {
	Path []string
	Err  error
}

func (e *SpecError) Error() string { return strings.Join(e.Path, ".") + ": " + e.Err.Error() }

func (e *SpecError) Unwrap() error { return e.Err }

// rule is the message of a broken rule, wrapping its kind.
type rule struct {
	kind error
	msg  string
}

func (r *rule) Error() string { return r.msg }

func (r *rule) Unwrap() error { return r.kind }

// Check reports every rule that specs break, as *SpecErrors joined with
// errors.Join; nil if there is none.
func Check(specs []DatasetSpec) error {
	var c checker
	for i := range specs {
		c.dataset(&specs[i], specs[:i])
	}
	return errors.Join(c.errs...)
}

// checker collects the broken rules.
type checker struct{ errs []error }

func (c *checker) add(kind error, path []string, format string, args ...any) {
	c.errs = append(c.errs, &SpecError{Path: slices.Clone(path), Err: &rule{kind, fmt.Sprintf(format, args...)}})
}

// dataset checks spec, declared after earlier.
func (c *checker) dataset(spec *DatasetSpec, earlier []DatasetSpec) {
	path := []string{"datasets", spec.Name}
	c.datasetName(path, spec.Name, earlier)
	c.source(path, spec)
	c.columns(path, spec)
	if spec.JSONLD != nil {
		c.jsonld(append(path, "jsonld"), spec.JSONLD, declaredNames(spec))
	}
}

func (c *checker) datasetName(path []string, name string, earlier []DatasetSpec) {
	if !namePattern.MatchString(name) {
		c.add(ErrName, path, "dataset name %q: want a letter then letters, digits or _", name)
	}
	for _, core := range coreNames {
		if strings.EqualFold(name, core) {
			c.add(ErrName, path, "dataset name %q is taken by a core dataset (core: %s)", name, strings.Join(coreNames, ", "))
		}
	}
	for _, e := range earlier {
		switch {
		case e.Name == name:
			c.add(ErrName, path, "dataset %s is declared twice", name)
		case strings.EqualFold(e.Name, name):
			c.add(ErrName, path, "dataset %s differs from dataset %s only in case: output file names would clash", name, e.Name)
		default:
			continue
		}
		break
	}
}

func (c *checker) source(path []string, s *DatasetSpec) {
	from := append(path, "from")
	switch {
	case s.Table == nil && s.Infobox == nil:
		c.add(ErrSource, from, "no from: give from: {table: …} or from: {infobox: …}")
	case s.Table != nil && s.Infobox != nil:
		c.add(ErrSource, from, "dataset has two sources: give from: table or from: infobox, not both")
	case s.Table != nil:
		c.table(from, s.Table)
	default:
		c.infobox(append(from, "infobox"), s.Infobox)
	}
}

// table checks the table source of from.
func (c *checker) table(from []string, t *TableSource) {
	if t.Section == nil && t.Caption == nil && len(t.Header) == 0 {
		c.add(ErrSource, from, "empty table selector: give section, header or caption")
	}
	path := append(from, "table")
	if t.HeaderRows != nil && *t.HeaderRows < 0 {
		c.add(ErrSource, append(path, "header_rows"), "%d: want 0 or more", *t.HeaderRows)
	}
	c.matcher(append(path, "section"), t.Section)
	for i := range t.Header {
		c.matcher(append(path, "header", strconv.Itoa(i)), &t.Header[i])
	}
	c.matcher(append(path, "caption"), t.Caption)
}

func (c *checker) infobox(path []string, ib *InfoboxSource) {
	if g := ib.GroupBy; g != "" && g != GroupOrdinal {
		c.add(ErrSource, append(path, "group_by"), "unknown group_by %q (want ordinal, or leave it out for one row per infobox)", g)
	}
	c.matcher(append(path, "name"), ib.Name)
}

// matcher reports a selector that can never match usefully; nil is none.
func (c *checker) matcher(path []string, m *Matcher) {
	switch {
	case m == nil:
	case m.Regex != nil && m.Exact != "":
		c.add(ErrSource, path, "set exact text or a regex, not both")
	case m.Regex != nil && m.Regex.String() == "":
		c.add(ErrSource, append(path, "regex"), "empty regex: it would match everything; leave the selector out instead")
	case m.Regex == nil && strings.TrimSpace(m.Exact) == "":
		c.add(ErrSource, path, "empty selector: give the text to match, or a regex")
	}
}

// columns checks the columns of s; their fit to the source only when it is
// one kind, and a column's only when its name is sound.
func (c *checker) columns(path []string, s *DatasetSpec) {
	path = append(path, "columns")
	if len(s.Columns) == 0 {
		c.add(ErrColumn, path, "no columns")
	}
	sourced := (s.Table != nil) != (s.Infobox != nil)
	for i := range s.Columns {
		col := &s.Columns[i]
		p := append(path[:len(path):len(path)], col.Name)
		before := len(c.errs)
		if err := columnName(col.Name); err != nil {
			c.add(ErrName, p, "%v", err)
		}
		if slices.ContainsFunc(s.Columns[:i], func(e ColumnSpec) bool { return strings.EqualFold(e.Name, col.Name) }) {
			c.add(ErrName, p, "column %s is declared twice (names ignore case)", col.Name)
		}
		if sourced && len(c.errs) == before {
			for _, msg := range col.misfits(s.Table != nil) {
				c.add(ErrColumn, p, "%s", msg)
			}
		}
	}
}

// columnName reports a column name that cannot be used.
func columnName(name string) error {
	if !namePattern.MatchString(name) {
		return fmt.Errorf("column name %q: want a letter then letters, digits or _", name)
	}
	for _, c := range []string{colArticleID, colSourceLine, colSourceCol} {
		if strings.EqualFold(name, c) {
			return fmt.Errorf("column name %q is added to every declared dataset; choose another", name)
		}
	}
	return nil
}

// misfits says what makes a column unusable in a dataset whose rows come
// from tables (fromTable) or infoboxes.
func (c *ColumnSpec) misfits(fromTable bool) []string {
	var out []string
	if c.Type != "" {
		if _, err := ParseColumnType(string(c.Type)); err != nil {
			out = append(out, err.Error())
		}
	}
	switch {
	case c.Type == DateRangeType && c.Part == "":
		out = append(out, "type date_range needs part: start or part: end")
	case c.Type != DateRangeType && c.Part != "":
		out = append(out, fmt.Sprintf("part is only for type date_range, not %s", c.typ()))
	case c.Part != "":
		if _, err := ParsePart(string(c.Part)); err != nil {
			out = append(out, err.Error())
		}
	}
	if c.OnError != "" {
		if _, err := ParseOnError(string(c.OnError)); err != nil {
			out = append(out, err.Error())
		}
	}
	if c.Index < 0 {
		out = append(out, fmt.Sprintf("column index %d: columns count from 1", c.Index))
	}
	byHeader, byIndex, byKey := strings.TrimSpace(c.From) != "", c.Index > 0, strings.TrimSpace(c.Key) != ""
	switch {
	case fromTable && byKey:
		out = append(out, "key is for infobox datasets; a table column takes from: HEADER or from: INDEX")
	case !fromTable && (byHeader || byIndex):
		out = append(out, "from is for table datasets; an infobox column takes key: PARAM")
	case fromTable && byHeader && byIndex:
		out = append(out, "give from a header name or an index, not both")
	case fromTable && !byHeader && !byIndex:
		out = append(out, "column has no from: give a header name or a 1-based index")
	case !fromTable && !byKey:
		out = append(out, "column has no key: give the infobox parameter")
	}
	return out
}

// declaredNames lists the columns of a declared dataset, as its schema has
// them.
func declaredNames(s *DatasetSpec) []string {
	names := []string{colArticleID}
	for _, c := range s.Columns {
		names = append(names, c.Name)
	}
	return append(names, colSourceLine, colSourceCol)
}

// jsonld checks a JSON-LD mapping against the dataset's columns.
func (c *checker) jsonld(path []string, m *JSONLDMap, columns []string) {
	switch {
	case m.Type == "":
		c.add(ErrJSONLD, append(path, "type"), "no type: give the schema.org type of each row, such as Event")
	case !termPattern.MatchString(m.Type):
		c.add(ErrJSONLD, append(path, "type"), "jsonld type %q: want a schema.org type such as Event", m.Type)
	}
	path = append(path, "properties")
	if len(m.Properties) == 0 {
		c.add(ErrJSONLD, path, "no properties")
	}
	for i, p := range m.Properties {
		pp := append(path[:len(path):len(path)], p.Property)
		if slices.ContainsFunc(m.Properties[:i], func(e JSONLDField) bool { return e.Property == p.Property }) {
			c.add(ErrJSONLD, pp, "jsonld property %q is mapped twice", p.Property)
		}
		if !termPattern.MatchString(p.Property) {
			c.add(ErrJSONLD, pp, "jsonld property %q: want a schema.org property such as startDate", p.Property)
		}
		if !slices.Contains(columns, p.Column) {
			c.add(ErrJSONLD, pp, "jsonld property %s: no column %q (columns: %s)", p.Property, p.Column, strings.Join(columns, ", "))
		}
		if p.Type != "" && !termPattern.MatchString(p.Type) {
			c.add(ErrJSONLD, pp, "jsonld property %s: type %q: want a schema.org type such as Person", p.Property, p.Type)
		}
	}
}
