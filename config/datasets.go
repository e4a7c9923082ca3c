package config

import (
	"fmt"
	"regexp"

	"go.yaml.in/yaml/v3"

	"github.com/wikipipe/wikipipe/internal/yamlcheck"
	"github.com/wikipipe/wikipipe/transform"
)

// dataset is a declared dataset while it is decoded: its columns are
// decoded after the walk, since they take the dataset's on_error, which may
// come after them.
type dataset struct {
	spec    transform.DatasetSpec
	onError transform.OnError
	columns *field
}

var datasetKeys = keyTable[dataset]{
	{Name: "description", Type: "text", Default: "none", Doc: "shown by `wikipipe schema` and in the outputs' metadata",
		Decode: func(c *checker, f field, ds *dataset) { ds.spec.Description, _ = c.Text(f) }},
	{Name: "from", Type: "mapping", Default: "required", Doc: "`table:` or `infobox:`, exactly one",
		Decode: func(c *checker, f field, ds *dataset) { yamlcheck.Walk(c, f.Value, f.Name, sourceKeys, &ds.spec) }},
	{Name: "columns", Type: "mapping", Default: "required", Doc: "name → column, in output order",
		Decode: func(c *checker, f field, ds *dataset) { ds.columns = &f }},
	{Name: "on_error", Type: "`fail` or `null`", Default: "`fail`", Doc: "the default of the dataset's columns",
		Decode: func(c *checker, f field, ds *dataset) { ds.onError = onError(c, f) }},
	{Name: "jsonld", Type: "mapping", Default: "none", Doc: "how each row becomes a schema.org node",
		Decode: func(c *checker, f field, ds *dataset) { ds.spec.JSONLD = decodeJSONLD(c, f) }},
}

// sourceKeys are the kinds of source; the documentation gives a table to
// each kind's keys instead.
var sourceKeys = keyTable[transform.DatasetSpec]{
	{Name: "table", Decode: func(c *checker, f field, spec *transform.DatasetSpec) {
		spec.Table = &transform.TableSource{}
		yamlcheck.Walk(c, f.Value, f.Name, tableKeys, spec.Table)
	}},
	{Name: "infobox", Decode: func(c *checker, f field, spec *transform.DatasetSpec) {
		spec.Infobox = &transform.InfoboxSource{}
		yamlcheck.Walk(c, f.Value, f.Name, infoboxKeys, spec.Infobox)
	}},
}

var tableKeys = keyTable[transform.TableSource]{
	{Name: "section", Type: "selector", Default: "none", Doc: "the heading of the section holding the table (its nearest heading; subsections are not searched). The lead's heading is empty: select its tables with `{regex: \"^$\"}`",
		Decode: func(c *checker, f field, t *transform.TableSource) { t.Section = matcher(c, f) }},
	{Name: "header", Type: "selector or list of selectors", Default: "none", Doc: "each must match one of the table's column names",
		Decode: func(c *checker, f field, t *transform.TableSource) { t.Header = header(c, f) }},
	{Name: "caption", Type: "selector", Default: "none", Doc: "the table's caption",
		Decode: func(c *checker, f field, t *transform.TableSource) { t.Caption = matcher(c, f) }},
	{Name: "header_rows", Type: "integer ≥ 0", Default: "as the input marks them", Doc: "how many of the table's first rows are header rows",
		Decode: func(c *checker, f field, t *transform.TableSource) {
			if n, ok := c.Integer(f); ok {
				t.HeaderRows = &n
			}
		}},
}

var infoboxKeys = keyTable[transform.InfoboxSource]{
	{Name: "name", Type: "selector", Default: "every infobox", Doc: "the infobox's name (the template name, or the label line of the text dialect)",
		Decode: func(c *checker, f field, ib *transform.InfoboxSource) { ib.Name = matcher(c, f) }},
	{Name: "group_by", Type: "`ordinal` or `infobox`", Default: "`infobox`", Doc: "`ordinal`: one row per numbered group (`Party1`, `Mission1`, `Envoy1` make row 1); `infobox`: one row per infobox",
		Decode: func(c *checker, f field, ib *transform.InfoboxSource) {
			ib.GroupBy, _ = yamlcheck.Choice(c, f, parseGroupBy, []transform.GroupBy{"ordinal", "infobox"})
		}},
}

// parseGroupBy reads group_by. "infobox", one row per infobox, is the
// default: GroupBy "".
func parseGroupBy(s string) (transform.GroupBy, error) {
	switch s {
	case "ordinal":
		return transform.GroupOrdinal, nil
	case "infobox":
		return "", nil
	}
	return "", fmt.Errorf("unknown group_by %q (want ordinal: one row per numbered group, or infobox: one row per infobox)", s)
}

// matcherKeys are the keys of a selector's mapping form; the documentation
// shows selectors by example instead.
var matcherKeys = keyTable[transform.Matcher]{
	{Name: "regex", Decode: func(c *checker, f field, m *transform.Matcher) {
		s, ok := c.Text(f)
		if !ok {
			return
		}
		re, err := regexp.Compile(s)
		if err != nil {
			c.Errorf(f.Value, "%s: invalid regex: %v", f.Name, err)
			return
		}
		m.Regex = re
	}},
}

var columnKeys = keyTable[transform.ColumnSpec]{
	{Name: "from", Type: "text or integer", Default: "required in a table dataset", Doc: "text: the column's name, ignoring case, white space and underscores; an integer: its position, from 1. Quote a name that looks like a number (`from: \"2010\"`)",
		Decode: func(c *checker, f field, col *transform.ColumnSpec) {
			if yamlcheck.IsInt(f.Value) {
				if n, ok := c.Integer(f); ok && n < 1 {
					c.Errorf(f.Value, "%s: column %d: columns count from 1", f.Name, n)
				} else {
					col.Index = n
				}
				return
			}
			col.From, _ = c.Text(f)
		}},
	{Name: "key", Type: "text", Default: "required in an infobox dataset", Doc: "the infobox parameter (see from: infobox)",
		Decode: func(c *checker, f field, col *transform.ColumnSpec) { col.Key, _ = c.Text(f) }},
	{Name: "type", Type: "text", Default: "`string`", Doc: "the value type (below)",
		Decode: func(c *checker, f field, col *transform.ColumnSpec) {
			col.Type, _ = yamlcheck.Choice(c, f, transform.ParseColumnType, transform.ColumnTypes)
		}},
	{Name: "part", Type: "`start` or `end`", Default: "required for `date_range`", Doc: "which end of the date range the column holds",
		Decode: func(c *checker, f field, col *transform.ColumnSpec) {
			col.Part, _ = yamlcheck.Choice(c, f, transform.ParsePart, []transform.Part{transform.Start, transform.End})
		}},
	{Name: "on_error", Type: "`fail` or `null`", Default: "the dataset's", Doc: "what a value that does not parse becomes",
		Decode: func(c *checker, f field, col *transform.ColumnSpec) { col.OnError = onError(c, f) }},
	{Name: "description", Type: "text", Default: "generated", Doc: "the column's description",
		Decode: func(c *checker, f field, col *transform.ColumnSpec) { col.Description, _ = c.Text(f) }},
}

// jsonld is a dataset's jsonld: while it is decoded.
type jsonld struct {
	m     *transform.JSONLDMap
	props *field
}

var jsonldKeys = keyTable[jsonld]{
	{Name: "type", Type: "text", Default: "required", Doc: "the schema.org type of each row, such as `Event`",
		Decode: func(c *checker, f field, j *jsonld) {
			j.m.Type, _ = c.Text(f)
		}},
	{Name: "properties", Type: "mapping", Default: "required", Doc: "schema.org property → column",
		Decode: func(c *checker, f field, j *jsonld) { j.props = &f }},
}

// propertyKeys are the keys of a property's mapping form; the
// documentation describes it in its text.
var propertyKeys = keyTable[transform.JSONLDField]{
	{Name: "column", Decode: func(c *checker, f field, p *transform.JSONLDField) { p.Column, _ = c.Text(f) }},
	{Name: "type", Decode: func(c *checker, f field, p *transform.JSONLDField) { p.Type, _ = c.Text(f) }},
}

// datasets decodes the declared datasets in file order, then reports the
// rules of transform.Check they break at their fields.
func datasets(c *checker, f field) []transform.DatasetSpec {
	var out []transform.DatasetSpec
	for _, ds := range c.Entries(f.Value, f.Name) {
		out = append(out, decodeDataset(c, ds))
	}
	reportSpecErrors(c, f, transform.Check(out))
	return out
}

func decodeDataset(c *checker, f field) transform.DatasetSpec {
	ds := dataset{spec: transform.DatasetSpec{Name: f.Key.Value}}
	yamlcheck.Walk(c, f.Value, f.Name, datasetKeys, &ds)
	if ds.columns != nil {
		ds.spec.Columns = columns(c, *ds.columns, ds.onError)
	}
	return ds.spec
}

// header decodes a selector or a list of them.
func header(c *checker, f field) []transform.Matcher {
	if !yamlcheck.IsSeq(f.Value) {
		if m := matcher(c, f); m != nil {
			return []transform.Matcher{*m}
		}
		return nil
	}
	if len(f.Value.Content) == 0 {
		c.Errorf(f.Value, "%s: empty list: name at least one header cell", f.Name)
	}
	var out []transform.Matcher
	for i, item := range f.Value.Content {
		if m := matcher(c, yamlcheck.Item(item, fmt.Sprintf("%s[%d]", f.Name, i))); m != nil {
			out = append(out, *m)
		}
	}
	return out
}

// matcher decodes a selector: text to match exactly (ignoring case and
// spacing), or {regex: PATTERN}. Nil after a reported mistake.
func matcher(c *checker, f field) *transform.Matcher {
	if f.Value.Kind == yaml.MappingNode {
		var m transform.Matcher
		yamlcheck.Walk(c, f.Value, f.Name, matcherKeys, &m)
		if m.Regex != nil {
			return &m
		}
		if len(f.Value.Content) == 0 {
			c.Errorf(f.Value, "%s: empty selector: give text or {regex: PATTERN}", f.Name)
		}
		return nil
	}
	s, ok := c.Text(f)
	if !ok {
		return nil
	}
	return &transform.Matcher{Exact: s}
}

// columns decodes the columns of a dataset whose on_error is onError.
func columns(c *checker, f field, onError transform.OnError) []transform.ColumnSpec {
	var out []transform.ColumnSpec
	for _, cf := range c.Entries(f.Value, f.Name) {
		col := transform.ColumnSpec{Name: cf.Key.Value, OnError: onError}
		yamlcheck.Walk(c, cf.Value, cf.Name, columnKeys, &col)
		out = append(out, col)
	}
	return out
}

func onError(c *checker, f field) transform.OnError {
	// YAML reads a bare null as the null value, not the word.
	if yamlcheck.IsNull(f.Value) && f.Value.Value == "null" {
		return transform.Null
	}
	v, _ := yamlcheck.Choice(c, f, transform.ParseOnError, []transform.OnError{transform.Fail, transform.Null})
	return v
}

// decodeJSONLD decodes {type: T, properties: {property: column | {column, type}}}.
func decodeJSONLD(c *checker, f field) *transform.JSONLDMap {
	j := jsonld{m: &transform.JSONLDMap{}}
	yamlcheck.Walk(c, f.Value, f.Name, jsonldKeys, &j)
	if j.props == nil {
		return j.m
	}
	for _, pf := range c.Entries(j.props.Value, j.props.Name) {
		p := transform.JSONLDField{Property: pf.Key.Value}
		if pf.Value.Kind == yaml.MappingNode {
			yamlcheck.Walk(c, pf.Value, pf.Name, propertyKeys, &p)
		} else {
			p.Column, _ = c.Text(pf)
		}
		j.m.Properties = append(j.m.Properties, p)
	}
	return j.m
}
