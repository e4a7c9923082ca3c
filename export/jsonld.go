package export

// The JSON-LD writer: out/jsonld/<name>.jsonld, one document per article,
// written and closed as the article arrives. The rules:
//
//   - The @context is inline (no network is needed to expand it):
//     "@vocab": "https://schema.org/" (the IRIs schema.org recommends
//     today), "xsd" for XML Schema datatypes, and url and sameAs typed @id.
//   - The article is an Article whose @id is its URL on its wiki (the url
//     column of the articles dataset), with name (title), url, inLanguage
//     (the language column), isPartOf (the wiki, {"@id":
//     "https://ar.wikipedia.org/"}), sameAs (the Wikidata entity, when
//     wikidata_item is set), dateModified (the revision's xsd:dateTime),
//     about (a Thing named by the title), abstract (the lead's text, when
//     the sections dataset has it), hasPart (the sections),
//     additionalProperty (the infobox fields) and mentions (the rows of
//     declared datasets that have a jsonld: map), in that key order; the
//     optional ones left out when null.
//   - Sections come from the sections dataset: each is a WebPageElement
//     whose @id is the article URL with the section's anchor as fragment
//     (the anchor Wikipedia itself uses, so the IRI resolves), with name
//     (the heading) and position (1-based among its siblings); subsections
//     are the hasPart of their parent section. The lead (level 0) is not a
//     part: its text is the article's abstract.
//   - Infobox fields come from the infobox dataset, in order: a
//     PropertyValue with name (the key as written) and value (the text; left
//     out when null).
//   - A declared dataset with a jsonld: map turns each of the article's rows
//     into a node of the map's type, @id <article URL>#<dataset>-<n> (n the
//     row's 1-based number within the article), linked from the article by
//     schema:mentions ("the work refers to it without being only about it":
//     an article on relations between two countries mentions the visits).
//     A property with a type becomes a blank node of that type named by the
//     value ({"@type": "Person", "name": …}); otherwise a literal: strings
//     plain, int as a JSON number (xsd:integer), bool as JSON true/false,
//     date as xsd:date, year as xsd:gYear, float and percent as xsd:double
//     (text as valueText writes it). Null values are left out.
//   - Keys come in a fixed order and nothing depends on time or map order:
//     the same rows give the same bytes.
//
// File names are safe on every OS whatever the title (fileNamer, in
// filename.go); jsonenc.go writes the JSON.

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/transform"
)

const (
	schemaOrg = "https://schema.org/"
	wikidata  = "https://www.wikidata.org/entity/"
	xsd       = "http://www.w3.org/2001/XMLSchema#"
)

type jsonldWriter struct {
	out     *Output
	schemas []transform.Schema
	opts    Options
	names   *fileNamer
	dir     string // the staged jsonld folder
	doc     []byte // the buffer documents are written in, reused
	// Indexes into schemas and their columns, -1 when absent.
	articles, sections, infobox datasetCols
	mapped                      []mappedDataset
	// Reused for each article's section tree.
	nodes []sectionNode
	byID  map[string]int
	text  []byte // a literal's text
	path  []byte // the file being written
}

// mappedDataset is a dataset with a jsonld: map, its columns looked up once.
type mappedDataset struct {
	index  int // into schemas
	schema *transform.Schema
	props  []mappedProperty
}

type mappedProperty struct {
	transform.JSONLDField
	col     int
	colType transform.Type
}

// datasetCols finds a core dataset and the columns the writer reads.
type datasetCols struct {
	index int
	col   map[string]int
}

func findDataset(schemas []transform.Schema, name string, cols ...string) (datasetCols, error) {
	for i, s := range schemas {
		if s.Name != name {
			continue
		}
		d := datasetCols{index: i, col: map[string]int{}}
		for _, want := range cols {
			j := columnIndex(s, want)
			if j < 0 {
				return d, fmt.Errorf("dataset %s has no column %s", name, want)
			}
			d.col[want] = j
		}
		return d, nil
	}
	return datasetCols{index: -1}, nil
}

func columnIndex(s transform.Schema, name string) int {
	for j, c := range s.Columns {
		if c.Name == name {
			return j
		}
	}
	return -1
}

func newJSONLDWriter(out *Output, schemas []transform.Schema, opts Options) (Writer, error) {
	w := &jsonldWriter{out: out, schemas: schemas, opts: opts, names: newFileNamer()}
	var err error
	if w.articles, err = findDataset(schemas, transform.Articles, "url", "title"); err != nil {
		return nil, fmt.Errorf("jsonld: %w", err)
	}
	if w.articles.index < 0 {
		return nil, fmt.Errorf("jsonld: the run has no articles dataset (it gives each article its URL)")
	}
	for _, name := range []string{"wiki", "language", "wikidata_item", "revision_timestamp"} { // optional
		w.articles.col[name] = columnIndex(schemas[w.articles.index], name)
	}
	if w.sections, err = findDataset(schemas, transform.Sections, "section_id", "parent_id", "level", "heading"); err != nil {
		return nil, fmt.Errorf("jsonld: %w", err)
	}
	if w.sections.index >= 0 { // the lead's text, optional
		w.sections.col["text"] = columnIndex(schemas[w.sections.index], "text")
	}
	if w.infobox, err = findDataset(schemas, transform.Infobox, "key", "value"); err != nil {
		return nil, fmt.Errorf("jsonld: %w", err)
	}
	for i := range schemas {
		s := &schemas[i]
		if s.JSONLD == nil {
			continue
		}
		if s.JSONLD.Type == "" {
			return nil, fmt.Errorf("jsonld: dataset %s: the jsonld map has no type", s.Name)
		}
		m := mappedDataset{index: i, schema: s}
		for _, p := range s.JSONLD.Properties {
			j := columnIndex(*s, p.Column)
			if j < 0 {
				return nil, fmt.Errorf("jsonld: dataset %s: property %s maps column %s, which the dataset does not have", s.Name, p.Property, p.Column)
			}
			m.props = append(m.props, mappedProperty{JSONLDField: p, col: j, colType: s.Columns[j].Type})
		}
		w.mapped = append(w.mapped, m)
	}
	w.byID = map[string]int{}
	// The folder is staged whole: a run without articles still replaces the
	// earlier run's documents, and no state is kept per file.
	if w.dir, err = out.StageDir("jsonld"); err != nil {
		return nil, fmt.Errorf("jsonld: %w", err)
	}
	return w, nil
}

// Write stages the document of the article, whose rows are checked
// (check.go).
func (w *jsonldWriter) Write(a *transform.Article) error {
	// The encoder works on the stack, so that its appends are not heap
	// pointer writes (each one a GC write barrier while marking); its buffer
	// goes back to w for the next article.
	e := jsonEncoder{buf: w.doc}
	e.reset()
	err := w.document(&e, a)
	e.buf = append(e.buf, '\n')
	w.doc = e.buf
	if err != nil {
		return fmt.Errorf("jsonld: article %s: %w", a.ID, err)
	}

	name, folded := w.names.name(a.ID)
	if folded {
		file := a.ID
		if a.Doc != nil {
			file = a.Doc.Source.Path
		}
		w.opts.Warn(diag.Diagnostic{File: file, Stage: diag.Export, Severity: diag.Warning, Code: diag.JSONLDFileName,
			Message: fmt.Sprintf("jsonld: the file name of article %s is taken by another article of the run on case-insensitive file systems; writing %s.jsonld", a.ID, name)})
	}
	w.path = append(append(append(w.path[:0], w.dir...), os.PathSeparator), name...)
	w.path = append(w.path, ".jsonld"...)
	if err := os.WriteFile(string(w.path), e.buf, 0o644); err != nil {
		return fmt.Errorf("jsonld: %w", err)
	}
	return nil
}

// Close has nothing left to do: every document is closed as it is written.
func (w *jsonldWriter) Close() error { return nil }

// rowsOf returns the article's rows of dataset d (none if the run lacks it).
func rowsOf(a *transform.Article, d datasetCols) []transform.Row {
	if d.index < 0 || d.index >= len(a.Rows) {
		return nil
	}
	return a.Rows[d.index]
}

// str reads a string cell; null, or a non-string, is "".
func str(r transform.Row, j int) string {
	s, _ := r[j].(string)
	return s
}

// document writes the article's document with e, keys in the order the
// rules above give.
func (w *jsonldWriter) document(e *jsonEncoder, a *transform.Article) error {
	arts := rowsOf(a, w.articles)
	if len(arts) != 1 {
		return fmt.Errorf("has %d rows in the articles dataset, want 1", len(arts))
	}
	url := str(arts[0], w.articles.col["url"])
	title := str(arts[0], w.articles.col["title"])
	if url == "" {
		return fmt.Errorf("has no url")
	}
	e.open('{')
	e.key("@context")
	e.open('{')
	e.field("@vocab", schemaOrg)
	e.field("xsd", xsd)
	for _, iri := range []string{"url", "sameAs"} {
		e.key(iri)
		e.open('{')
		e.field("@type", "@id")
		e.close('}')
	}
	e.close('}')
	e.field("@id", url)
	e.field("@type", "Article")
	e.field("name", title)
	e.field("url", url)
	w.articleIdentity(e, arts[0])
	e.key("about")
	e.open('{')
	e.field("@type", "Thing")
	e.field("name", title)
	e.close('}')
	w.sectionParts(e, a, url)
	if props := rowsOf(a, w.infobox); len(props) > 0 {
		e.key("additionalProperty")
		e.open('[')
		for _, r := range props {
			e.next()
			e.open('{')
			e.field("@type", "PropertyValue")
			e.field("name", str(r, w.infobox.col["key"]))
			if v, ok := r[w.infobox.col["value"]].(string); ok {
				e.field("value", v)
			}
			e.close('}')
		}
		e.close(']')
	}
	if err := w.mentions(e, a, url); err != nil {
		return err
	}
	e.close('}')
	return nil
}

// articleIdentity writes the article's language, wiki, Wikidata entity and
// time of revision, each when its column is there and not null.
func (w *jsonldWriter) articleIdentity(e *jsonEncoder, r transform.Row) {
	col := func(name string) transform.Value {
		if j := w.articles.col[name]; j >= 0 {
			return r[j]
		}
		return nil
	}
	if lang, ok := col("language").(string); ok {
		e.field("inLanguage", lang)
	}
	if host, ok := col("wiki").(string); ok {
		e.key("isPartOf")
		e.open('{')
		e.field("@id", "https://"+host+"/")
		e.close('}')
	}
	if item, ok := col("wikidata_item").(string); ok {
		e.field("sameAs", wikidata+item)
	}
	if ts, ok := col("revision_timestamp").(time.Time); ok {
		e.key("dateModified")
		e.open('{')
		e.field("@value", ts.UTC().Format(time.RFC3339Nano))
		e.field("@type", "xsd:dateTime")
		e.close('}')
	}
}

// sectionNode is a section in the tree of an article's sections: its row,
// its first and last child and its next sibling (indexes into
// jsonldWriter.nodes, -1 for none).
type sectionNode struct {
	row               transform.Row
	first, last, next int
}

// sectionParts writes the lead's text as abstract and the tree of the other
// sections as hasPart. A section whose parent is null, the lead or unknown
// is a part of the article.
func (w *jsonldWriter) sectionParts(e *jsonEncoder, a *transform.Article, url string) {
	col := w.sections.col
	abstract := ""
	w.nodes = append(w.nodes[:0], sectionNode{first: -1, last: -1, next: -1}) // the article
	clear(w.byID)
	for _, r := range rowsOf(a, w.sections) {
		if lvl, _ := r[col["level"]].(int64); lvl == 0 {
			if j := col["text"]; j >= 0 {
				abstract = str(r, j)
			}
			continue
		}
		i := len(w.nodes)
		w.nodes = append(w.nodes, sectionNode{row: r, first: -1, last: -1, next: -1})
		parent, ok := w.byID[str(r, col["parent_id"])]
		if !ok {
			parent = 0
		}
		if p := &w.nodes[parent]; p.last < 0 {
			p.first = i
		} else {
			w.nodes[p.last].next = i
		}
		w.nodes[parent].last = i
		w.byID[str(r, col["section_id"])] = i
	}
	if abstract != "" {
		e.field("abstract", abstract)
	}
	if w.nodes[0].first >= 0 {
		e.key("hasPart")
		w.parts(e, 0, url)
	}
}

// parts writes the children of section node n as a list.
func (w *jsonldWriter) parts(e *jsonEncoder, n int, url string) {
	col := w.sections.col
	e.open('[')
	position := 0
	for c := w.nodes[n].first; c >= 0; c = w.nodes[c].next {
		r := w.nodes[c].row
		position++
		e.next()
		e.open('{')
		e.key("@id")
		e.iri(url, str(r, col["section_id"]), "")
		e.field("@type", "WebPageElement")
		e.field("name", str(r, col["heading"]))
		e.key("position")
		e.buf = strconv.AppendInt(e.buf, int64(position), 10)
		if w.nodes[c].first >= 0 {
			e.key("hasPart")
			w.parts(e, c, url)
		}
		e.close('}')
	}
	e.close(']')
}

// mentions writes the article's rows of every mapped dataset as nodes.
func (w *jsonldWriter) mentions(e *jsonEncoder, a *transform.Article, url string) error {
	listed := false
	for _, m := range w.mapped {
		if m.index >= len(a.Rows) {
			continue
		}
		for n, r := range a.Rows[m.index] {
			if !listed {
				e.key("mentions")
				e.open('[')
				listed = true
			}
			e.next()
			e.open('{')
			e.key("@id")
			e.iri(url, m.schema.Name, "-"+strconv.Itoa(n+1))
			e.field("@type", m.schema.JSONLD.Type)
			for _, p := range m.props {
				if err := w.literal(e, p, r[p.col]); err != nil {
					return fmt.Errorf("%s.%s row %d: %w", m.schema.Name, p.Column, n+1, err)
				}
			}
			e.close('}')
		}
	}
	if listed {
		e.close(']')
	}
	return nil
}

// xsdTypes are the datatypes of the literals written as typed strings.
var xsdTypes = map[transform.Type]string{
	transform.Date:      "xsd:date",
	transform.Year:      "xsd:gYear",
	transform.Float:     "xsd:double",
	transform.Percent:   "xsd:double",
	transform.Timestamp: "xsd:dateTime",
}

// literal writes property p of value v, unless v is null: a node named by
// the value when p has a type, else the value as a literal.
func (w *jsonldWriter) literal(e *jsonEncoder, p mappedProperty, v transform.Value) error {
	var err error
	if w.text, err = appendText(w.text[:0], p.colType, v); err != nil || v == nil {
		return err
	}
	e.key(p.Property)
	dt, typed := xsdTypes[p.colType]
	switch {
	case p.Type != "":
		e.open('{')
		e.field("@type", p.Type)
		e.key("name")
		w.textValue(e, p.colType, v)
		e.close('}')
	case typed:
		e.open('{')
		e.key("@value")
		w.textValue(e, p.colType, v)
		e.field("@type", dt)
		e.close('}')
	case p.colType == transform.String:
		w.textValue(e, p.colType, v)
	default: // int and bool: valueText wrote JSON
		e.buf = append(e.buf, w.text...)
	}
	return nil
}

// textValue writes the text of v, in w.text, as a JSON string. The text of
// every type but string is digits, signs, letters and dots: nothing to
// escape.
func (w *jsonldWriter) textValue(e *jsonEncoder, t transform.Type, v transform.Value) {
	if t == transform.String {
		e.str(v.(string))
		return
	}
	e.buf = append(e.buf, '"')
	e.buf = append(e.buf, w.text...)
	e.buf = append(e.buf, '"')
}

// appendIRIFragment appends s escaped for an IRI fragment: characters IRIs
// allow stay (non-ASCII letters too, as in Wikipedia's own anchors), the
// rest is percent-encoded, % included. What it writes never needs JSON
// escaping: quotes, backslashes, controls, U+2028 and U+2029 and invalid
// UTF-8 are all percent-encoded.
func appendIRIFragment(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		ok := r != utf8.RuneError && (r >= 0xA0 && unicode.IsPrint(r) ||
			r < 0x80 && (isAlnum(byte(r)) || strings.IndexByte("-._~!$&'()*+,;=:@/?", byte(r)) >= 0))
		if ok {
			dst = append(dst, s[i:i+size]...)
		} else {
			dst = appendPercent(dst, s[i:i+size])
		}
		i += size
	}
	return dst
}

// appendPercent appends every byte of s as %XX.
func appendPercent(dst []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		dst = append(dst, '%', hex[s[i]>>4], hex[s[i]&15])
	}
	return dst
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
