package export

// The JSON-LD writer: out/jsonld/<name>.jsonld, one document per article,
// written and closed as the article arrives. The rules:
//
//   - The @context is inline (no network is needed to expand it):
//     "@vocab": "http://schema.org/" (the IRIs schema.org's own context
//     uses), "xsd" for XML Schema datatypes, and url typed @id.
//   - The article is an Article whose @id is its Wikipedia URL (the url
//     column of the articles dataset), with name (title), url, about (a
//     Thing named by the title), abstract (the lead's text, when the
//     sections dataset has it), hasPart (the sections), additionalProperty
//     (the infobox fields) and mentions (the rows of declared datasets that
//     have a jsonld: map), in that key order.
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
// File names are safe on every OS whatever the title (see fileNamer).

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/transform"
)

const (
	schemaOrg = "http://schema.org/"
	xsd       = "http://www.w3.org/2001/XMLSchema#"
)

type jsonldWriter struct {
	out     *Output
	schemas []transform.Schema
	opts    Options
	names   *fileNamer
	dir     string       // the staged jsonld folder
	buf     bytes.Buffer // the document being written, reused
	// Indexes into schemas and their columns, -1 when absent.
	articles, sections, infobox datasetCols
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
	if w.articles, err = findDataset(schemas, "articles", "url", "title"); err != nil {
		return nil, fmt.Errorf("jsonld: %w", err)
	}
	if w.articles.index < 0 {
		return nil, fmt.Errorf("jsonld: the run has no articles dataset (it gives each article its URL)")
	}
	if w.sections, err = findDataset(schemas, "sections", "section_id", "parent_id", "level", "heading"); err != nil {
		return nil, fmt.Errorf("jsonld: %w", err)
	}
	if w.sections.index >= 0 { // the lead's text, optional
		w.sections.col["text"] = columnIndex(schemas[w.sections.index], "text")
	}
	if w.infobox, err = findDataset(schemas, "infobox", "key", "value"); err != nil {
		return nil, fmt.Errorf("jsonld: %w", err)
	}
	for _, s := range schemas {
		if s.JSONLD == nil {
			continue
		}
		if s.JSONLD.Type == "" {
			return nil, fmt.Errorf("jsonld: dataset %s: the jsonld map has no type", s.Name)
		}
		for _, p := range s.JSONLD.Properties {
			if columnIndex(s, p.Column) < 0 {
				return nil, fmt.Errorf("jsonld: dataset %s: property %s maps column %s, which the dataset does not have", s.Name, p.Property, p.Column)
			}
		}
	}
	// The folder is staged whole: a run without articles still replaces the
	// earlier run's documents, and no state is kept per file.
	if w.dir, err = out.StageDir("jsonld"); err != nil {
		return nil, fmt.Errorf("jsonld: %w", err)
	}
	return w, nil
}

// Write stages the article's document.
func (w *jsonldWriter) Write(a *transform.Article) error {
	if err := checkArticle(a, w.schemas); err != nil {
		return fmt.Errorf("jsonld: %w", err)
	}
	doc, err := w.document(a)
	if err != nil {
		return fmt.Errorf("jsonld: article %s: %w", a.ID, err)
	}
	w.buf.Reset()
	writeJSON(&w.buf, doc, 0)
	w.buf.WriteByte('\n')

	name, folded := w.names.name(a.ID)
	if folded {
		file := a.ID
		if a.Doc != nil {
			file = a.Doc.Source.Path
		}
		w.opts.Warn(diag.Diagnostic{File: file, Stage: diag.Export, Severity: diag.Warning,
			Message: fmt.Sprintf("jsonld: the file name of article %s is taken by another article of the run on case-insensitive file systems; writing %s.jsonld", a.ID, name)})
	}
	if err := os.WriteFile(filepath.Join(w.dir, name+".jsonld"), w.buf.Bytes(), 0o644); err != nil {
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

func (w *jsonldWriter) document(a *transform.Article) (obj, error) {
	arts := rowsOf(a, w.articles)
	if len(arts) != 1 {
		return nil, fmt.Errorf("has %d rows in the articles dataset, want 1", len(arts))
	}
	url := str(arts[0], w.articles.col["url"])
	title := str(arts[0], w.articles.col["title"])
	if url == "" {
		return nil, fmt.Errorf("has no url")
	}
	doc := obj{
		{"@context", obj{
			{"@vocab", schemaOrg},
			{"xsd", xsd},
			{"url", obj{{"@type", "@id"}}},
		}},
		{"@id", url},
		{"@type", "Article"},
		{"name", title},
		{"url", url},
		{"about", obj{{"@type", "Thing"}, {"name", title}}},
	}
	abstract, parts := w.sectionParts(a, url)
	if abstract != "" {
		doc = append(doc, kv{"abstract", abstract})
	}
	if len(parts) > 0 {
		doc = append(doc, kv{"hasPart", parts})
	}
	var props []any
	for _, r := range rowsOf(a, w.infobox) {
		p := obj{{"@type", "PropertyValue"}, {"name", str(r, w.infobox.col["key"])}}
		if v, ok := r[w.infobox.col["value"]].(string); ok {
			p = append(p, kv{"value", v})
		}
		props = append(props, p)
	}
	if len(props) > 0 {
		doc = append(doc, kv{"additionalProperty", props})
	}
	mentions, err := w.mentions(a, url)
	if err != nil {
		return nil, err
	}
	if len(mentions) > 0 {
		doc = append(doc, kv{"mentions", mentions})
	}
	return doc, nil
}

// sectionParts returns the lead's text and the tree of the other sections. A
// section whose parent is null, the lead or unknown is a part of the article.
func (w *jsonldWriter) sectionParts(a *transform.Article, url string) (string, []any) {
	type section struct {
		head     obj
		children []*section
	}
	var (
		abstract string
		top      []*section
		byID     = map[string]*section{}
		col      = w.sections.col
	)
	for _, r := range rowsOf(a, w.sections) {
		if lvl, _ := r[col["level"]].(int64); lvl == 0 {
			if j := col["text"]; j >= 0 {
				abstract = str(r, j)
			}
			continue
		}
		id := str(r, col["section_id"])
		s := &section{head: obj{{"@id", url + "#" + iriFragment(id)}, {"@type", "WebPageElement"}, {"name", str(r, col["heading"])}}}
		if p, ok := byID[str(r, col["parent_id"])]; ok {
			p.children = append(p.children, s)
		} else {
			top = append(top, s)
		}
		byID[id] = s
	}
	var render func([]*section) []any
	render = func(ss []*section) []any {
		parts := make([]any, len(ss))
		for i, s := range ss {
			o := append(s.head, kv{"position", i + 1})
			if len(s.children) > 0 {
				o = append(o, kv{"hasPart", render(s.children)})
			}
			parts[i] = o
		}
		return parts
	}
	return abstract, render(top)
}

// mentions turns the article's rows of every mapped dataset into nodes.
func (w *jsonldWriter) mentions(a *transform.Article, url string) ([]any, error) {
	var nodes []any
	for i, s := range w.schemas {
		if s.JSONLD == nil || i >= len(a.Rows) {
			continue
		}
		for n, r := range a.Rows[i] {
			node := obj{{"@id", url + "#" + iriFragment(s.Name+"-"+strconv.Itoa(n+1))}, {"@type", s.JSONLD.Type}}
			for _, p := range s.JSONLD.Properties {
				j := columnIndex(s, p.Column)
				v, err := literal(s.Columns[j].Type, r[j])
				if err != nil {
					return nil, fmt.Errorf("%s.%s row %d: %w", s.Name, p.Column, n+1, err)
				}
				switch {
				case v == nil:
					continue
				case p.Type != "":
					text, err := valueText(s.Columns[j].Type, r[j])
					if err != nil {
						return nil, fmt.Errorf("%s.%s row %d: %w", s.Name, p.Column, n+1, err)
					}
					v = obj{{"@type", p.Type}, {"name", text}}
				}
				node = append(node, kv{p.Property, v})
			}
			nodes = append(nodes, node)
		}
	}
	return nodes, nil
}

// xsdTypes are the datatypes of the literals written as typed strings.
var xsdTypes = map[transform.Type]string{
	transform.Date:    "xsd:date",
	transform.Year:    "xsd:gYear",
	transform.Float:   "xsd:double",
	transform.Percent: "xsd:double",
}

// literal is a value as JSON-LD writes it; nil for null.
func literal(t transform.Type, v transform.Value) (any, error) {
	text, err := valueText(t, v)
	if err != nil || v == nil {
		return nil, err
	}
	if dt, ok := xsdTypes[t]; ok {
		return obj{{"@value", text}, {"@type", dt}}, nil
	}
	if t == transform.String {
		return text, nil
	}
	return json.RawMessage(text), nil // int and bool: valueText wrote JSON
}

// iriFragment escapes s for an IRI fragment: characters IRIs allow stay
// (non-ASCII letters too, as in Wikipedia's own anchors), the rest is
// percent-encoded, % included.
func iriFragment(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		ok := r != utf8.RuneError && (r >= 0xA0 && unicode.IsPrint(r) ||
			r < 0x80 && (isAlnum(byte(r)) || strings.IndexByte("-._~!$&'()*+,;=:@/?", byte(r)) >= 0))
		if ok {
			b.WriteString(s[i : i+size])
		} else {
			percentEncode(&b, s[i:i+size])
		}
		i += size
	}
	return b.String()
}

// percentEncode writes every byte of s as %XX.
func percentEncode(b *strings.Builder, s string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		b.WriteByte('%')
		b.WriteByte(hex[s[i]>>4])
		b.WriteByte(hex[s[i]&15])
	}
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// obj is a JSON object whose keys keep their order.
type obj []kv

type kv struct {
	key string
	val any
}

// writeJSON writes v indented by two spaces, as json.MarshalIndent would,
// in one pass: v is an obj, a []any, a string, an int or a json.RawMessage
// (valid JSON, written as it is). Strings are escaped as encoding/json does
// without HTML escaping: <, > and & stay.
func writeJSON(b *bytes.Buffer, v any, depth int) {
	newline := func(depth int) {
		b.WriteByte('\n')
		for range depth {
			b.WriteString("  ")
		}
	}
	switch v := v.(type) {
	case obj:
		b.WriteByte('{')
		for i, p := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(depth + 1)
			writeJSONString(b, p.key)
			b.WriteString(": ")
			writeJSON(b, p.val, depth+1)
		}
		if len(v) > 0 {
			newline(depth)
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(depth + 1)
			writeJSON(b, e, depth+1)
		}
		if len(v) > 0 {
			newline(depth)
		}
		b.WriteByte(']')
	case string:
		writeJSONString(b, v)
	case int:
		b.WriteString(strconv.Itoa(v))
	case json.RawMessage:
		b.Write(v)
	default:
		panic(fmt.Sprintf("export: writeJSON: %T", v)) // a bug of this file, not of the data
	}
}

// writeJSONString writes s as a JSON string the way encoding/json does with
// SetEscapeHTML(false): invalid UTF-8 becomes U+FFFD, and U+2028 and U+2029
// are escaped for JavaScript.
func writeJSONString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b.WriteString(s[start:i])
			switch c {
			case '"', '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case '\b':
				b.WriteString(`\b`)
			case '\f':
				b.WriteString(`\f`)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				b.WriteString(`\u00`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			b.WriteString(s[start:i])
			switch r {
			case utf8.RuneError:
				b.WriteString(`\ufffd`)
			default:
				fmt.Fprintf(b, `\u%04x`, r)
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

// fileNamer gives each article of a run its JSON-LD file name (without
// .jsonld). The rule, applied to the article_id:
//
//  1. Every byte that some OS forbids or mangles is percent-encoded as %XX:
//     control characters (C0, DEL, C1), / \ : * ? " < > |, and % and ~
//     themselves (so that the encoding is reversible and a ~ only ever
//     comes from steps 3 and 4), and bytes that are not UTF-8.
//  2. A leading . (hidden files; our own temporary names start with one), a
//     trailing . or space (Windows drops them), and the first letter of a
//     Windows device name (CON, PRN, AUX, NUL, COM0-9, LPT0-9 and their
//     superscript forms, alone or before a dot, any case: CON.jsonld is the
//     console) are percent-encoded too. The empty id is named "~".
//  3. A name longer than 200 bytes is cut to 160 bytes at a character
//     boundary and ends with ~ and 16 hex digits of the id's SHA-256, so
//     that the temporary name of the file stays under the 255-byte limit of
//     every common file system.
//  4. Names that differ only by case (Sea_Power and Sea_power are two
//     articles; Windows and macOS see one file) are told apart in input
//     order: the first keeps its name, the next gets ~2, then ~3, and a
//     warning says so.
//
// Names are valid UTF-8 and keep every other character, so most names are
// the article_id itself: Azerbaijan–United_States_relations.jsonld. Unicode
// normalization is left as it is (Wikipedia titles are NFC already).
type fileNamer struct {
	used map[[16]byte]bool // digests of the case-folded names given so far
}

func newFileNamer() *fileNamer { return &fileNamer{used: map[[16]byte]bool{}} }

const (
	maxNameBytes = 200
	cutNameBytes = 160
)

// name returns the file name of id, and whether a case-insensitive clash
// made it differ from safeName(id).
func (n *fileNamer) name(id string) (string, bool) {
	base := safeName(id)
	name := base
	for i := 2; n.used[nameKey(name)]; i++ {
		name = base + "~" + strconv.Itoa(i)
	}
	n.used[nameKey(name)] = true
	return name, name != base
}

// nameKey keeps a name by a 128-bit digest of its folded form: a few dozen
// bytes per article, whatever the length of its title.
func nameKey(name string) [16]byte {
	sum := sha256.Sum256([]byte(foldName(name)))
	return [16]byte(sum[:16])
}

// safeName applies steps 1 to 3 of the fileNamer rule.
func safeName(id string) string {
	if id == "" {
		return "~"
	}
	var b strings.Builder
	for i := 0; i < len(id); {
		r, size := utf8.DecodeRuneInString(id[i:])
		last := i+size == len(id)
		encode := r == utf8.RuneError && size == 1 ||
			r < 0x20 || r >= 0x7F && r <= 0x9F ||
			strings.ContainsRune(`/\:*?"<>|%~`, r) ||
			i == 0 && (r == '.' || isDeviceName(id)) ||
			last && (r == '.' || r == ' ')
		if encode {
			percentEncode(&b, id[i:i+size])
		} else {
			b.WriteString(id[i : i+size])
		}
		i += size
	}
	s := b.String()
	if len(s) <= maxNameBytes {
		return s
	}
	cut := cutNameBytes
	for !utf8.RuneStart(s[cut]) {
		cut--
	}
	// A cut must not split a %XX escape either.
	if p := strings.LastIndexByte(s[:cut], '%'); p >= 0 && p > cut-3 {
		cut = p
	}
	sum := sha256.Sum256([]byte(id))
	return s[:cut] + "~" + hex.EncodeToString(sum[:8])
}

// isDeviceName reports whether Windows takes a file whose name starts with
// id for a device: the part before the first dot, trailing spaces dropped,
// is CON, PRN, AUX, NUL, COM0-9 or LPT0-9 (digits ¹²³ too), in any case.
func isDeviceName(id string) bool {
	stem, _, _ := strings.Cut(id, ".")
	stem = strings.ToUpper(strings.TrimRight(stem, " "))
	switch stem {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	if len(stem) < 4 || stem[:3] != "COM" && stem[:3] != "LPT" {
		return false
	}
	switch stem[3:] {
	case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
		return true
	}
	return false
}

// foldName maps every character to the smallest of its case variants, so
// that names equal on a case-insensitive file system fold equal.
func foldName(s string) string {
	return strings.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least
	}, s)
}
