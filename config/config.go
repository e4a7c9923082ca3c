// Package config reads pipeline.yaml into a Config.
//
// The file is decoded by walking yaml.v3's node tree rather than by
// unmarshalling into structs, so that every mistake (not only the first) is
// reported with its own line and column, as an *Error listing located
// diagnostics. docs/CONFIG.md is the reference.
package config

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/export"
	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/transform"
)

// Config is a decoded pipeline.yaml.
type Config struct {
	Path     string // the file it was read from, for messages
	Digest   string // sha256 of the file's bytes, for the run report
	Version  int
	Inputs   []Input
	Output   string          // the output folder, "out" by default
	Formats  []export.Format // every format by default
	CSV      export.CSVOptions
	Extract  extract.Options
	Datasets []transform.DatasetSpec
}

// Input is one entry of inputs: a file, glob, directory or "-", and its dialect.
type Input struct {
	Path   string
	Format extract.Dialect
}

// Error lists every mistake found in a pipeline.yaml, each located.
type Error struct {
	Diagnostics diag.List
}

func (e *Error) Error() string {
	s := make([]string, len(e.Diagnostics))
	for i, d := range e.Diagnostics {
		s[i] = d.String()
	}
	return strings.Join(s, "\n")
}

// Load reads and checks pipeline.yaml. Relative paths in it (inputs,
// output) are taken from the file's folder. Every mistake is a located
// diagnostic of the returned *Error.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Parse(path, data)
}

// Parse checks the bytes of a pipeline file read from path.
func Parse(path string, data []byte) (*Config, error) {
	sum := sha256.Sum256(data)
	cfg := &Config{Path: path, Digest: hex.EncodeToString(sum[:]), Version: 1, Output: "out", Formats: export.Formats}
	d := &decoder{path: path, dir: filepath.Dir(path)}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		d.syntax(err)
		return nil, &Error{d.diags}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		d.errf(&extra, "a second YAML document: pipeline.yaml holds one")
	} else if err != io.EOF {
		d.syntax(err)
	}
	if len(doc.Content) > 0 && !isNull(doc.Content[0]) {
		d.top(doc.Content[0], cfg)
	}
	if len(d.diags) > 0 {
		// Found in walking order (a repeated key before its mapping's
		// contents); reported in file order.
		slices.SortStableFunc(d.diags, func(a, b diag.Diagnostic) int {
			return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
		})
		return nil, &Error{d.diags}
	}
	return cfg, nil
}

// decoder collects the diagnostics of one file.
type decoder struct {
	path  string
	dir   string // relative paths in the file are taken from here
	diags diag.List
}

func (d *decoder) errf(n *yaml.Node, format string, args ...any) {
	d.diags.Errorf(d.path, n.Line, n.Column, diag.Config, format, args...)
}

// errLines reports each line of err (errors.Join makes one per problem) at n.
func (d *decoder) errLines(n *yaml.Node, name string, err error) {
	if err != nil {
		for _, line := range strings.Split(err.Error(), "\n") {
			d.errf(n, "%s: %s", name, line)
		}
	}
}

// syntaxLine finds the line yaml.v3 names in its messages.
var syntaxLine = regexp.MustCompile(`line (\d+): `)

// syntax reports a YAML syntax error, one diagnostic per line it names.
func (d *decoder) syntax(err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	for _, m := range strings.Split(msg, "\n") {
		m = strings.TrimSpace(m)
		if m == "" || m == "unmarshal errors:" {
			continue
		}
		line := 0
		if loc := syntaxLine.FindStringSubmatchIndex(m); loc != nil {
			line, _ = strconv.Atoi(m[loc[2]:loc[3]])
			m = m[:loc[0]] + m[loc[1]:]
			// yaml.v3 counts the lines of parser errors (unlike scanner
			// errors) from 0: all of them read "did not find expected …".
			if strings.HasPrefix(m, "did not find expected") {
				line++
			}
		}
		d.diags.Errorf(d.path, line, 0, diag.Config, "invalid YAML: %s", m)
	}
}

// field is one key of a mapping with its value.
type field struct {
	key, value *yaml.Node
	name       string // the dotted path of the key, for messages
}

// entries returns the pairs of the mapping at n (named where), reporting a
// node that is not a mapping and a key given twice. A null node is an empty
// mapping.
func (d *decoder) entries(n *yaml.Node, where string) []field {
	n = resolve(n)
	if isNull(n) {
		return nil
	}
	label := where
	if label == "" {
		label = "the file"
	}
	if n.Kind != yaml.MappingNode {
		d.errf(n, "%s: want a mapping of keys, got %s", label, describe(n))
		return nil
	}
	var out []field
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errf(k, "%s: keys must be plain text, got %s", label, describe(k))
			continue
		}
		name := k.Value
		if where != "" {
			name = where + "." + k.Value
		}
		if prev, ok := seen[k.Value]; ok {
			d.errf(k, "%s is given twice (first at line %d)", name, prev.Line)
			continue
		}
		seen[k.Value] = k
		out = append(out, field{key: k, value: resolve(v), name: name})
	}
	return out
}

// keys walks a mapping whose keys are fixed: each known key's handler is
// called in file order; an unknown key is reported with the closest known one.
func (d *decoder) keys(n *yaml.Node, where string, handlers map[string]func(f field)) (allKnown bool) {
	allKnown = true
	for _, f := range d.entries(n, where) {
		h, ok := handlers[f.key.Value]
		if !ok {
			known := make([]string, 0, len(handlers))
			for k := range handlers {
				known = append(known, k)
			}
			sort.Strings(known)
			in := "at the top level"
			if where != "" {
				in = "in " + where
			}
			d.errf(f.key, "unknown key %q %s%s", f.key.Value, in, suggest(f.key.Value, known))
			allKnown = false
			continue
		}
		h(f)
	}
	return allKnown
}

func (d *decoder) top(n *yaml.Node, cfg *Config) {
	d.keys(n, "", map[string]func(field){
		"version": func(f field) {
			if v, ok := d.integer(f); ok && v != 1 {
				d.errf(f.value, "version %d: this wikipipe reads version 1", v)
			}
		},
		"inputs":   func(f field) { cfg.Inputs = d.inputs(f) },
		"output":   func(f field) { d.pathTo(f, &cfg.Output) },
		"formats":  func(f field) { cfg.Formats = d.formats(f) },
		"csv":      func(f field) { d.csv(f, &cfg.CSV) },
		"extract":  func(f field) { d.extract(f, &cfg.Extract) },
		"datasets": func(f field) { cfg.Datasets = d.datasets(f) },
	})
}

func (d *decoder) inputs(f field) []Input {
	var out []Input
	for i, item := range d.list(f) {
		in := Input{Format: extract.Auto}
		it := field{key: item, value: item, name: fmt.Sprintf("%s[%d]", f.name, i)}
		if item.Kind == yaml.ScalarNode {
			if !d.pathTo(it, &in.Path) {
				continue
			}
		} else {
			d.keys(item, it.name, map[string]func(field){
				"path": func(f field) { d.pathTo(f, &in.Path) },
				"format": func(f field) {
					if dl, ok := choice(d, f, extract.ParseDialect, extract.Dialects); ok {
						in.Format = dl
					}
				},
			})
			if in.Path == "" && item.Kind == yaml.MappingNode {
				d.errf(item, "%s: no path: give a file, glob, folder or -", it.name)
				continue
			}
		}
		out = append(out, in)
	}
	return out
}

// pathTo sets *dst to the path in f, taken from the config file's folder
// when relative ("-" is standard input).
func (d *decoder) pathTo(f field, dst *string) bool {
	s, ok := d.text(f)
	if !ok {
		return false
	}
	if strings.TrimSpace(s) == "" {
		d.errf(f.value, "%s: empty path", f.name)
		return false
	}
	if s != "-" && !filepath.IsAbs(s) {
		s = filepath.Join(d.dir, s)
	}
	*dst = s
	return true
}

func (d *decoder) formats(f field) []export.Format {
	var out []export.Format
	for i, item := range d.list(f) {
		it := field{key: item, value: item, name: fmt.Sprintf("%s[%d]", f.name, i)}
		ft, ok := choice(d, it, export.ParseFormat, export.Formats)
		switch {
		case !ok:
		case slices.Contains(out, ft):
			d.errf(item, "%s: format %s is listed twice", it.name, ft)
		default:
			out = append(out, ft)
		}
	}
	if len(out) == 0 && isSeq(f.value) && len(f.value.Content) == 0 {
		d.errf(f.value, "%s: empty: name at least one of csv, xlsx, parquet, jsonld (or leave formats out for all)", f.name)
	}
	return out
}

func (d *decoder) csv(f field, o *export.CSVOptions) {
	d.keys(f.value, f.name, map[string]func(field){
		"bom":  func(f field) { o.BOM, _ = d.boolean(f) },
		"crlf": func(f field) { o.CRLF, _ = d.boolean(f) },
	})
}

func (d *decoder) extract(f field, o *extract.Options) {
	d.keys(f.value, f.name, map[string]func(field){
		"infobox_names": func(f field) {
			for i, item := range d.list(f) {
				if s, ok := d.text(field{key: item, value: item, name: fmt.Sprintf("%s[%d]", f.name, i)}); ok {
					o.InfoboxNames = append(o.InfoboxNames, s)
				}
			}
		},
		"all_tables":     func(f field) { o.AllTables, _ = d.boolean(f) },
		"all_namespaces": func(f field) { o.AllNamespaces, _ = d.boolean(f) },
	})
}

// datasets decodes the declared datasets in file order.
func (d *decoder) datasets(f field) []transform.DatasetSpec {
	var out []transform.DatasetSpec
	var seen []string
	for _, ds := range d.entries(f.value, f.name) {
		name := ds.key.Value
		before := len(d.diags)
		if err := transform.CheckDatasetName(name); err != nil {
			d.errf(ds.key, "%s: %v", ds.name, err)
		}
		if i := slices.IndexFunc(seen, func(s string) bool { return strings.EqualFold(s, name) }); i >= 0 {
			d.errf(ds.key, "%s: dataset %s differs from dataset %s only in case: output file names would clash", ds.name, name, seen[i])
		}
		seen = append(seen, name)
		spec := d.dataset(ds)
		if len(d.diags) == before {
			// A last check by transform itself, so that nothing it would
			// refuse passes validate.
			_, err := transform.New([]transform.DatasetSpec{spec})
			d.errLines(ds.key, ds.name, err)
		}
		out = append(out, spec)
	}
	return out
}

func (d *decoder) dataset(ds field) transform.DatasetSpec {
	spec := transform.DatasetSpec{Name: ds.key.Value}
	var onError transform.OnError
	var columns, jsonld, from *field
	allKnown := d.keys(ds.value, ds.name, map[string]func(field){
		"description": func(f field) { spec.Description, _ = d.text(f) },
		"from":        func(f field) { from = &f },
		"on_error":    func(f field) { onError = d.onError(f) },
		"columns":     func(f field) { columns = &f },
		"jsonld":      func(f field) { jsonld = &f },
	})
	// A missing part is not worth a word when an unknown key (a typo of
	// it, likely) was reported, or the dataset is not a mapping at all.
	whole := allKnown && (isNull(ds.value) || ds.value.Kind == yaml.MappingNode)
	sourced := false
	if from != nil {
		sourced = d.source(*from, &spec)
	} else if whole {
		d.errf(ds.key, "%s: no from: give from: {table: …} or from: {infobox: …}", ds.name)
	}
	if columns != nil {
		d.columns(*columns, &spec, onError, sourced)
	} else if whole {
		d.errf(ds.key, "%s: no columns", ds.name)
	}
	if jsonld != nil {
		spec.JSONLD = d.jsonld(*jsonld, spec.Columns)
	}
	return spec
}

// source decodes from: and reports whether it names one kind of source.
func (d *decoder) source(f field, spec *transform.DatasetSpec) bool {
	before := len(d.diags)
	at := f.key // where a source-wide problem is reported
	d.keys(f.value, f.name, map[string]func(field){
		"table": func(f field) {
			t := &transform.TableSource{}
			spec.Table = t
			at = f.value
			d.keys(f.value, f.name, map[string]func(field){
				"section": func(f field) { t.Section = d.matcher(f) },
				"caption": func(f field) { t.Caption = d.matcher(f) },
				"header": func(f field) {
					items := []*yaml.Node{f.value}
					if isSeq(f.value) {
						items = f.value.Content
						if len(items) == 0 {
							d.errf(f.value, "%s: empty list: name at least one header cell", f.name)
						}
					}
					for i, item := range items {
						it := field{key: item, value: resolve(item), name: f.name}
						if isSeq(f.value) {
							it.name = fmt.Sprintf("%s[%d]", f.name, i)
						}
						if m := d.matcher(it); m != nil {
							t.Header = append(t.Header, *m)
						}
					}
				},
				"header_rows": func(f field) {
					if n, ok := d.integer(f); ok {
						if n < 0 {
							d.errf(f.value, "%s: %d: want 0 or more", f.name, n)
						}
						t.HeaderRows = &n
					}
				},
			})
		},
		"infobox": func(f field) {
			ib := &transform.InfoboxSource{}
			spec.Infobox = ib
			at = f.value
			d.keys(f.value, f.name, map[string]func(field){
				"name": func(f field) { ib.Name = d.matcher(f) },
				"group_by": func(f field) {
					// "infobox", one row per infobox, is the default: GroupBy "".
					ib.GroupBy, _ = choice(d, f, func(s string) (transform.GroupBy, error) {
						switch s {
						case "ordinal":
							return transform.GroupOrdinal, nil
						case "infobox":
							return "", nil
						}
						return "", fmt.Errorf("unknown group_by %q (want ordinal: one row per numbered group, or infobox: one row per infobox)", s)
					}, []transform.GroupBy{"ordinal", "infobox"})
				},
			})
		},
	})
	if spec.Table != nil && spec.Infobox != nil {
		at = f.key
	}
	if len(d.diags) == before {
		d.errLines(at, f.name, spec.CheckSource())
	}
	return (spec.Table != nil) != (spec.Infobox != nil)
}

// matcher decodes a selector: text to match exactly (ignoring case and
// spacing), or {regex: PATTERN}. Nil after a reported mistake.
func (d *decoder) matcher(f field) *transform.Matcher {
	if f.value.Kind == yaml.MappingNode {
		var m *transform.Matcher
		d.keys(f.value, f.name, map[string]func(field){
			"regex": func(f field) {
				s, ok := d.text(f)
				if !ok {
					return
				}
				re, err := regexp.Compile(s)
				switch {
				case err != nil:
					d.errf(f.value, "%s: invalid regex: %v", f.name, err)
				case s == "":
					d.errf(f.value, "%s: empty regex: it would match everything; leave the selector out instead", f.name)
				default:
					m = &transform.Matcher{Regex: re}
				}
			},
		})
		if m == nil && len(f.value.Content) == 0 {
			d.errf(f.value, "%s: empty selector: give text or {regex: PATTERN}", f.name)
		}
		return m
	}
	s, ok := d.text(f)
	if !ok {
		return nil
	}
	m := &transform.Matcher{Exact: s}
	if err := m.Check(); err != nil {
		d.errf(f.value, "%s: %v", f.name, err)
		return nil
	}
	return m
}

// columns decodes the columns of spec; their fit to the source is checked
// only when its kind is known (sourced).
func (d *decoder) columns(f field, spec *transform.DatasetSpec, onError transform.OnError, sourced bool) {
	fromTable := spec.Table != nil
	var seen []string
	for _, cf := range d.entries(f.value, f.name) {
		c := transform.ColumnSpec{Name: cf.key.Value, OnError: onError}
		before := len(d.diags)
		if err := transform.CheckColumnName(c.Name); err != nil {
			d.errf(cf.key, "%s: %v", cf.name, err)
		}
		if slices.ContainsFunc(seen, func(s string) bool { return strings.EqualFold(s, c.Name) }) {
			d.errf(cf.key, "%s: column %s is declared twice (names ignore case)", cf.name, c.Name)
		}
		seen = append(seen, c.Name)
		d.keys(cf.value, cf.name, map[string]func(field){
			"description": func(f field) { c.Description, _ = d.text(f) },
			"from": func(f field) {
				if f.value.Kind == yaml.ScalarNode && f.value.Tag == "!!int" {
					if n, ok := d.integer(f); ok && n < 1 {
						d.errf(f.value, "%s: column %d: columns count from 1", f.name, n)
					} else {
						c.Index = n
					}
					return
				}
				c.From, _ = d.text(f)
			},
			"key":  func(f field) { c.Key, _ = d.text(f) },
			"type": func(f field) { c.Type, _ = choice(d, f, transform.ParseColumnType, transform.ColumnTypes) },
			"part": func(f field) {
				c.Part, _ = choice(d, f, oneOf("part", transform.Start, transform.End), []transform.Part{transform.Start, transform.End})
			},
			"on_error": func(f field) { c.OnError = d.onError(f) },
		})
		if sourced && len(d.diags) == before && (cf.value.Kind == yaml.MappingNode || isNull(cf.value)) {
			d.errLines(cf.key, cf.name, c.Check(fromTable))
		}
		spec.Columns = append(spec.Columns, c)
	}
	if len(spec.Columns) == 0 && (isNull(f.value) || f.value.Kind == yaml.MappingNode) {
		d.errf(f.key, "%s: no columns", f.name)
	}
}

func (d *decoder) onError(f field) transform.OnError {
	// YAML reads a bare null as the null value, not the word.
	if f.value.Kind == yaml.ScalarNode && f.value.Tag == "!!null" && f.value.Value == "null" {
		return transform.Null
	}
	v, _ := choice(d, f, oneOf("on_error", transform.Fail, transform.Null), []transform.OnError{transform.Fail, transform.Null})
	return v
}

// choice decodes text that must be one of known, as parse says, reporting
// an unknown word with the closest known one.
func choice[T ~string](d *decoder, f field, parse func(string) (T, error), known []T) (T, bool) {
	s, ok := d.text(f)
	if !ok {
		return "", false
	}
	v, err := parse(s)
	if err != nil {
		words := make([]string, len(known))
		for i, k := range known {
			words[i] = string(k)
		}
		d.errf(f.value, "%s: %v%s", f.name, err, suggest(s, words))
		return "", false
	}
	return v, true
}

// oneOf parses a word that must be a or b.
func oneOf[T ~string](what string, a, b T) func(string) (T, error) {
	return func(s string) (T, error) {
		if s != string(a) && s != string(b) {
			return "", fmt.Errorf("unknown %s %q (want %s or %s)", what, s, a, b)
		}
		return T(s), nil
	}
}

// jsonld decodes {type: T, properties: {property: column | {column, type}}}.
func (d *decoder) jsonld(f field, columns []transform.ColumnSpec) *transform.JSONLDMap {
	m := &transform.JSONLDMap{}
	names := []string{"article_id"}
	for _, c := range columns {
		names = append(names, c.Name)
	}
	names = append(names, "source_line", "source_col")
	var props *field
	d.keys(f.value, f.name, map[string]func(field){
		"type": func(f field) {
			if s, ok := d.text(f); ok {
				m.Type = s
				if err := transform.CheckJSONLDType(s); err != nil {
					d.errf(f.value, "%s: %v", f.name, err)
				}
			}
		},
		"properties": func(f field) { props = &f },
	})
	if m.Type == "" && f.value.Kind == yaml.MappingNode {
		d.errf(f.key, "%s: no type: give the schema.org type of each row, such as Event", f.name)
	}
	if props == nil {
		d.errf(f.key, "%s: no properties", f.name)
		return m
	}
	for _, pf := range d.entries(props.value, props.name) {
		p := transform.JSONLDField{Property: pf.key.Value}
		if pf.value.Kind == yaml.MappingNode {
			d.keys(pf.value, pf.name, map[string]func(field){
				"column": func(f field) { p.Column, _ = d.text(f) },
				"type":   func(f field) { p.Type, _ = d.text(f) },
			})
		} else {
			p.Column, _ = d.text(pf)
		}
		d.errLines(pf.key, pf.name, transform.CheckJSONLDField(p, names))
		m.Properties = append(m.Properties, p)
	}
	return m
}

// list returns the items of a sequence, reporting anything else.
func (d *decoder) list(f field) []*yaml.Node {
	if isNull(f.value) {
		return nil
	}
	if !isSeq(f.value) {
		d.errf(f.value, "%s: want a list, got %s", f.name, describe(f.value))
		return nil
	}
	items := make([]*yaml.Node, len(f.value.Content))
	for i, it := range f.value.Content {
		items[i] = resolve(it)
	}
	return items
}

// text returns a string scalar. Numbers and booleans are refused so that a
// typo such as `path: yes` does not pass as text.
func (d *decoder) text(f field) (string, bool) {
	if f.value.Kind != yaml.ScalarNode || f.value.Tag != "!!str" {
		d.errf(f.value, "%s: want text, got %s", f.name, describe(f.value))
		return "", false
	}
	return f.value.Value, true
}

func (d *decoder) integer(f field) (int, bool) {
	if f.value.Kind == yaml.ScalarNode && f.value.Tag == "!!int" {
		if n, err := strconv.Atoi(f.value.Value); err == nil {
			return n, true
		}
	}
	d.errf(f.value, "%s: want an integer, got %s", f.name, describe(f.value))
	return 0, false
}

func (d *decoder) boolean(f field) (bool, bool) {
	if f.value.Kind == yaml.ScalarNode && f.value.Tag == "!!bool" {
		return f.value.Value == "true", true
	}
	d.errf(f.value, "%s: want true or false, got %s", f.name, describe(f.value))
	return false, false
}

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func isSeq(n *yaml.Node) bool { return n.Kind == yaml.SequenceNode }

// describe names what a node holds, for "want X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	kind := map[string]string{"!!str": "text", "!!int": "an integer", "!!float": "a number", "!!bool": "a boolean", "!!null": "nothing"}[n.Tag]
	if kind == "" {
		kind = n.Tag
	}
	if n.Tag == "!!null" {
		return kind
	}
	return fmt.Sprintf("%s %q", kind, n.Value)
}

// suggest returns ` (did you mean "x"?)` for the known word closest to s,
// if it is close enough to be a typo.
func suggest(s string, known []string) string {
	best, bestDist := "", len(s)/3+2
	s = strings.ToLower(s)
	for _, k := range known {
		dist := editDistance(s, k)
		if len(s) >= 3 && strings.HasPrefix(k, s) {
			dist = min(dist, 1) // a cut word: group → group_by
		}
		if dist < bestDist {
			best, bestDist = k, dist
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
