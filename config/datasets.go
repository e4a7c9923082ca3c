package config

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/wikipipe/wikipipe/internal/yamlcheck"
	"github.com/wikipipe/wikipipe/transform"
)

// dataset is a declared dataset while it is decoded: its from, columns and
// jsonld are decoded after the walk, each needing what the one before gave.
type dataset struct {
	spec                  transform.DatasetSpec
	onError               transform.OnError
	from, columns, jsonld *field
}

var datasetKeys = keyTable[dataset]{
	{Name: "description", Type: "text", Default: "none", Doc: "shown by `wikipipe schema` and in the outputs' metadata",
		Decode: func(c *checker, f field, ds *dataset) { ds.spec.Description, _ = c.Text(f) }},
	{Name: "from", Type: "mapping", Default: "required", Doc: "`table:` or `infobox:`, exactly one",
		Decode: func(c *checker, f field, ds *dataset) { ds.from = &f }},
	{Name: "columns", Type: "mapping", Default: "required", Doc: "name → column, in output order",
		Decode: func(c *checker, f field, ds *dataset) { ds.columns = &f }},
	{Name: "on_error", Type: "`fail` or `null`", Default: "`fail`", Doc: "the default of the dataset's columns",
		Decode: func(c *checker, f field, ds *dataset) { ds.onError = onError(c, f) }},
	{Name: "jsonld", Type: "mapping", Default: "none", Doc: "how each row becomes a schema.org node",
		Decode: func(c *checker, f field, ds *dataset) { ds.jsonld = &f }},
}

// source is a dataset's from: while it is decoded.
type source struct {
	spec *transform.DatasetSpec
	at   *yaml.Node // where a source-wide problem is reported
}

// sourceKeys are the kinds of source; the documentation gives a table to
// each kind's keys instead.
var sourceKeys = keyTable[source]{
	{Name: "table", Decode: func(c *checker, f field, s *source) {
		s.spec.Table = &transform.TableSource{}
		s.at = f.Value
		yamlcheck.Walk(c, f.Value, f.Name, tableKeys, s.spec.Table)
	}},
	{Name: "infobox", Decode: func(c *checker, f field, s *source) {
		s.spec.Infobox = &transform.InfoboxSource{}
		s.at = f.Value
		yamlcheck.Walk(c, f.Value, f.Name, infoboxKeys, s.spec.Infobox)
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
				if n < 0 {
					c.Errorf(f.Value, "%s: %d: want 0 or more", f.Name, n)
				}
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
		switch {
		case err != nil:
			c.Errorf(f.Value, "%s: invalid regex: %v", f.Name, err)
		case s == "":
			c.Errorf(f.Value, "%s: empty regex: it would match everything; leave the selector out instead", f.Name)
		default:
			m.Regex = re
		}
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
			col.Part, _ = yamlcheck.Choice(c, f, yamlcheck.OneOf("part", transform.Start, transform.End), []transform.Part{transform.Start, transform.End})
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
			if s, ok := c.Text(f); ok {
				j.m.Type = s
				if err := transform.CheckJSONLDType(s); err != nil {
					c.Errorf(f.Value, "%s: %v", f.Name, err)
				}
			}
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

// datasets decodes the declared datasets in file order.
func datasets(c *checker, f field) []transform.DatasetSpec {
	var out []transform.DatasetSpec
	var seen []string
	for _, ds := range c.Entries(f.Value, f.Name) {
		name := ds.Key.Value
		before := len(c.Diags)
		if err := transform.CheckDatasetName(name); err != nil {
			c.Errorf(ds.Key, "%s: %v", ds.Name, err)
		}
		if i := slices.IndexFunc(seen, func(s string) bool { return strings.EqualFold(s, name) }); i >= 0 {
			c.Errorf(ds.Key, "%s: dataset %s differs from dataset %s only in case: output file names would clash", ds.Name, name, seen[i])
		}
		seen = append(seen, name)
		spec := decodeDataset(c, ds)
		if len(c.Diags) == before {
			// A last check by transform itself, so that nothing it would
			// refuse passes validate.
			_, err := transform.New([]transform.DatasetSpec{spec})
			c.ErrLines(ds.Key, ds.Name, err)
		}
		out = append(out, spec)
	}
	return out
}

func decodeDataset(c *checker, f field) transform.DatasetSpec {
	ds := dataset{spec: transform.DatasetSpec{Name: f.Key.Value}}
	allKnown := yamlcheck.Walk(c, f.Value, f.Name, datasetKeys, &ds)
	// A missing part is not worth a word when an unknown key (a typo of
	// it, likely) was reported, or the dataset is not a mapping at all.
	whole := allKnown && (yamlcheck.IsNull(f.Value) || f.Value.Kind == yaml.MappingNode)
	sourced := false
	if ds.from != nil {
		sourced = decodeSource(c, *ds.from, &ds.spec)
	} else if whole {
		c.Errorf(f.Key, "%s: no from: give from: {table: …} or from: {infobox: …}", f.Name)
	}
	if ds.columns != nil {
		columns(c, *ds.columns, &ds.spec, ds.onError, sourced)
	} else if whole {
		c.Errorf(f.Key, "%s: no columns", f.Name)
	}
	if ds.jsonld != nil {
		ds.spec.JSONLD = decodeJSONLD(c, *ds.jsonld, ds.spec.Columns)
	}
	return ds.spec
}

// decodeSource decodes from: and reports whether it names one kind of source.
func decodeSource(c *checker, f field, spec *transform.DatasetSpec) bool {
	before := len(c.Diags)
	s := source{spec: spec, at: f.Key}
	yamlcheck.Walk(c, f.Value, f.Name, sourceKeys, &s)
	if spec.Table != nil && spec.Infobox != nil {
		s.at = f.Key
	}
	if len(c.Diags) == before {
		c.ErrLines(s.at, f.Name, spec.CheckSource())
	}
	return (spec.Table != nil) != (spec.Infobox != nil)
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
		it := field{Key: item, Value: yamlcheck.Resolve(item), Name: fmt.Sprintf("%s[%d]", f.Name, i)}
		if m := matcher(c, it); m != nil {
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
	m := &transform.Matcher{Exact: s}
	if err := m.Check(); err != nil {
		c.Errorf(f.Value, "%s: %v", f.Name, err)
		return nil
	}
	return m
}

// columns decodes the columns of spec; their fit to the source is checked
// only when its kind is known (sourced).
func columns(c *checker, f field, spec *transform.DatasetSpec, onError transform.OnError, sourced bool) {
	fromTable := spec.Table != nil
	var seen []string
	for _, cf := range c.Entries(f.Value, f.Name) {
		col := transform.ColumnSpec{Name: cf.Key.Value, OnError: onError}
		before := len(c.Diags)
		if err := transform.CheckColumnName(col.Name); err != nil {
			c.Errorf(cf.Key, "%s: %v", cf.Name, err)
		}
		if slices.ContainsFunc(seen, func(s string) bool { return strings.EqualFold(s, col.Name) }) {
			c.Errorf(cf.Key, "%s: column %s is declared twice (names ignore case)", cf.Name, col.Name)
		}
		seen = append(seen, col.Name)
		yamlcheck.Walk(c, cf.Value, cf.Name, columnKeys, &col)
		if sourced && len(c.Diags) == before && (cf.Value.Kind == yaml.MappingNode || yamlcheck.IsNull(cf.Value)) {
			c.ErrLines(cf.Key, cf.Name, col.Check(fromTable))
		}
		spec.Columns = append(spec.Columns, col)
	}
	if len(spec.Columns) == 0 && (yamlcheck.IsNull(f.Value) || f.Value.Kind == yaml.MappingNode) {
		c.Errorf(f.Key, "%s: no columns", f.Name)
	}
}

func onError(c *checker, f field) transform.OnError {
	// YAML reads a bare null as the null value, not the word.
	if yamlcheck.IsNull(f.Value) && f.Value.Value == "null" {
		return transform.Null
	}
	v, _ := yamlcheck.Choice(c, f, yamlcheck.OneOf("on_error", transform.Fail, transform.Null), []transform.OnError{transform.Fail, transform.Null})
	return v
}

// decodeJSONLD decodes {type: T, properties: {property: column | {column, type}}}.
func decodeJSONLD(c *checker, f field, columns []transform.ColumnSpec) *transform.JSONLDMap {
	j := jsonld{m: &transform.JSONLDMap{}}
	names := []string{"article_id"}
	for _, col := range columns {
		names = append(names, col.Name)
	}
	names = append(names, "source_line", "source_col")
	yamlcheck.Walk(c, f.Value, f.Name, jsonldKeys, &j)
	if j.m.Type == "" && f.Value.Kind == yaml.MappingNode {
		c.Errorf(f.Key, "%s: no type: give the schema.org type of each row, such as Event", f.Name)
	}
	if j.props == nil {
		c.Errorf(f.Key, "%s: no properties", f.Name)
		return j.m
	}
	for _, pf := range c.Entries(j.props.Value, j.props.Name) {
		p := transform.JSONLDField{Property: pf.Key.Value}
		if pf.Value.Kind == yaml.MappingNode {
			yamlcheck.Walk(c, pf.Value, pf.Name, propertyKeys, &p)
		} else {
			p.Column, _ = c.Text(pf)
		}
		c.ErrLines(pf.Key, pf.Name, transform.CheckJSONLDField(p, names))
		j.m.Properties = append(j.m.Properties, p)
	}
	return j.m
}
