package transform

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/extract"
)

// declared is a checked DatasetSpec with its schema. Its columns are
// article_id, the spec's columns in order, source_line and source_col.
type declared struct {
	spec   DatasetSpec
	schema Schema
}

// newDeclared makes the schema of a spec that Check passed.
func newDeclared(spec DatasetSpec) *declared {
	s := Schema{Name: spec.Name, Description: spec.Description, JSONLD: spec.JSONLD}
	s.Columns = append(s.Columns, articleIDCol)
	for i := range spec.Columns {
		c := &spec.Columns[i]
		t := c.typ()
		if t == DateRangeType {
			t = Date
		}
		s.Columns = append(s.Columns, opt(c.Name, t, c.describe()))
	}
	s.Columns = append(s.Columns, lineCol, colCol)
	return &declared{spec: spec, schema: s}
}

// describe is the column's description, or one saying where it comes from.
func (c *ColumnSpec) describe() string {
	if c.Description != "" {
		return c.Description
	}
	var from string
	switch {
	case c.Key != "":
		from = fmt.Sprintf("infobox key %q", c.Key)
	case c.From != "":
		from = fmt.Sprintf("table column %q", c.From)
	default:
		from = fmt.Sprintf("table column %d", c.Index)
	}
	if c.Type == DateRangeType {
		return fmt.Sprintf("the %s of the date range in %s", c.Part, from)
	}
	return fmt.Sprintf("%s as %s", from, c.typ())
}

// rowsOf appends the dataset's rows from one article. The error is an
// error-severity diagnostic from a column with on_error: fail.
func (d *declared) rowsOf(b *builder) ([]Row, error) {
	if d.spec.Table != nil {
		return d.tableRows(b)
	}
	return d.infoboxRows(b)
}

// cellSource is where a value comes from: its text and position.
type cellSource struct {
	text string
	pos  extract.Pos
	ok   bool // false when the row has no such cell or field: null
}

// row builds one row from the value of each column, parsing each by its type.
func (d *declared) row(b *builder, cells []cellSource, at extract.Pos) (Row, error) {
	r := b.alloc(len(d.schema.Columns))
	r[0] = b.id
	var ranges lastRange
	for i := range d.spec.Columns {
		c := &d.spec.Columns[i]
		cell := cells[i]
		text := strings.TrimSpace(cell.text)
		if !cell.ok || text == "" {
			continue
		}
		v, err := parseColumn(c, text, &ranges)
		if err != nil {
			if err := d.report(b.a, c, cell.pos, diag.BadValue, fmt.Sprintf("%q: %v", text, err)); err != nil {
				return nil, err
			}
			continue
		}
		r[1+i] = v
	}
	r[len(r)-2], r[len(r)-1] = posValues(at)
	return r, nil
}

// report records a problem with column c at pos: a warning of code under
// on_error: null, else the returned error of its error code.
func (d *declared) report(a *Article, c *ColumnSpec, pos extract.Pos, code diag.Code, msg string) error {
	dg := diag.Diagnostic{File: a.Doc.Source.Path, Line: pos.Line, Col: pos.Col, Stage: diag.Transform,
		Severity: diag.Warning, Code: code, Message: d.spec.Name + "." + c.Name + ": " + msg}
	if c.onError() == Fail {
		dg.Severity, dg.Code = diag.Error, diag.ErrorOf(code)
		return dg
	}
	a.Diagnostics = append(a.Diagnostics, dg)
	return nil
}

// parseColumn parses a non-empty text as column c's value; date ranges
// through ranges.
func parseColumn(c *ColumnSpec, text string, ranges *lastRange) (Value, error) {
	if c.Type != DateRangeType {
		return ParseValue(c.typ(), text)
	}
	r, err := ranges.parse(text)
	if err != nil {
		return nil, err
	}
	if c.Part == Start {
		return r.Start.Date, nil
	}
	if r.End == nil {
		return nil, nil // an open range ("– present") has no end
	}
	return r.End.Date, nil
}

// lastRange keeps the date range parsed last in a row: the start and the
// end column of a range usually read the same cell, which is then parsed
// once.
type lastRange struct {
	text string
	r    DateRange
	err  error
	set  bool
}

func (l *lastRange) parse(text string) (DateRange, error) {
	if !l.set || l.text != text {
		l.r, l.err = ParseDateRange(text)
		l.text, l.set = text, true
	}
	return l.r, l.err
}

// tableRows gives one row per body row of every matching table.
func (d *declared) tableRows(b *builder) ([]Row, error) {
	var out []Row
	var err error
	b.a.Doc.Walk(func(s *extract.Section) {
		for _, bl := range s.Blocks {
			if err != nil || bl.Table == nil {
				continue
			}
			if names, body, ok := d.matchTable(s, bl.Table); ok {
				out, err = d.rowsOfTable(b, out, bl.Table, names, body)
			}
		}
	})
	return out, err
}

// headerRows splits a table's rows into header and body as the spec says.
func (d *declared) headerRows(t *extract.Table) (header, body []extract.Row) {
	n := d.spec.Table.HeaderRows
	if n == nil {
		return t.Header, t.Body
	}
	all := slices.Concat(t.Header, t.Body)
	k := min(*n, len(all))
	return all[:k], all[k:]
}

// matchTable reports whether table t of section s is one the dataset takes
// rows from and, if it is, returns the table's column names and body rows.
func (d *declared) matchTable(s *extract.Section, t *extract.Table) (names []string, body []extract.Row, ok bool) {
	sel := d.spec.Table
	if sel.Section != nil && !sel.Section.Match(s.Heading) {
		return nil, nil, false
	}
	if sel.Caption != nil && !sel.Caption.Match(t.Caption) {
		return nil, nil, false
	}
	header, body := d.headerRows(t)
	names = columnNames(slices.DeleteFunc(slices.Clone(header), func(r extract.Row) bool { return spansAll(r, tableWidth(t)) }))
	for i := range sel.Header {
		if !slices.ContainsFunc(names, sel.Header[i].Match) {
			return nil, nil, false
		}
	}
	return names, body, true
}

// rowsOfTable appends to out the rows of one matching table, given its
// column names and body rows.
func (d *declared) rowsOfTable(b *builder, out []Row, t *extract.Table, names []string, body []extract.Row) ([]Row, error) {
	index := make([]int, len(d.spec.Columns)) // the table column of each spec column; -1 for none
	for i := range d.spec.Columns {
		c := &d.spec.Columns[i]
		index[i] = c.Index - 1
		if c.Index > 0 {
			continue
		}
		index[i] = slices.IndexFunc(names, func(n string) bool { return foldEqual(n, c.From) })
		if index[i] < 0 {
			msg := fmt.Sprintf("no column %q in this table (columns: %s); its values are null", c.From, quoteAll(names))
			if err := d.report(b.a, c, t.Pos, diag.MissingColumn, msg); err != nil {
				return nil, err
			}
		}
	}
	cells := make([]cellSource, len(index))
	width := tableWidth(t)
	for _, r := range body {
		if spansAll(r, width) {
			continue // a full-width heading or footer ("!colspan=8| …"), not data
		}
		for i, j := range index {
			cells[i] = cellSource{}
			if j >= 0 && j < len(r.Cells) {
				cells[i] = cellSource{text: r.Cells[j].Text, pos: r.Cells[j].Pos, ok: true}
			}
		}
		row, err := d.row(b, cells, r.Pos)
		if err != nil {
			return nil, err
		}
		out = append(out, row)
	}
	return out, nil
}

// tableWidth is the number of cells of t's widest row.
func tableWidth(t *extract.Table) int {
	width := 0
	for _, rows := range [][]extract.Row{t.Header, t.Body} {
		for _, r := range rows {
			width = max(width, len(r.Cells))
		}
	}
	return width
}

// spansAll reports whether row r of a table width columns wide is one cell
// spanning them all: copies of one source cell, as the dialects expand
// colspan. A short row of one cell (the text dialect does not pad) is data.
func spansAll(r extract.Row, width int) bool {
	if width < 2 || len(r.Cells) < width {
		return false
	}
	first := r.Cells[0].Pos
	if first.Line == 0 {
		return false // positions unknown: copies cannot be told from cells
	}
	for _, c := range r.Cells[1:] {
		if c.Pos != first {
			return false
		}
	}
	return true
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// infoboxRows gives one row per matching infobox, or per numbered group of
// its fields, that holds at least one of the columns' keys.
func (d *declared) infoboxRows(b *builder) ([]Row, error) {
	sel := d.spec.Infobox
	var out []Row
	for n, ib := range b.a.Doc.Infoboxes {
		if sel.Name != nil && !sel.Name.Match(ib.Name) {
			continue
		}
		splits := b.splits[n]
		groups := []int{0} // one row for the whole infobox
		if sel.GroupBy == GroupOrdinal {
			groups = groups[:0]
			for _, s := range splits {
				if s.ordinal > 0 && !slices.Contains(groups, s.ordinal) {
					groups = append(groups, s.ordinal)
				}
			}
			slices.Sort(groups)
		}
		for _, g := range groups {
			cells := make([]cellSource, len(d.spec.Columns))
			first := len(ib.Fields) // the group's first field that gave a value
			for i := range d.spec.Columns {
				key := d.spec.Columns[i].Key
				for fi, f := range ib.Fields {
					if g > 0 && (splits[fi].ordinal != g || !foldEqual(splits[fi].param, key)) || g == 0 && !foldEqual(f.Key, key) {
						continue
					}
					first = min(first, fi)
					cells[i] = cellSource{text: f.Value, pos: f.Pos, ok: true}
					break
				}
			}
			if first == len(ib.Fields) {
				continue
			}
			at := ib.Pos
			if g > 0 {
				at = ib.Fields[first].Pos
			}
			row, err := d.row(b, cells, at)
			if err != nil {
				return nil, err
			}
			out = append(out, row)
		}
	}
	return out, nil
}
