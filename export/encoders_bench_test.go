package export

// The hand-written CSV record writer and JSON encoder against encoding/csv
// and encoding/json on the same rows (docs/PERFORMANCE.md, "Export
// encoders"). Each standard-library path starts from the same rows and does
// what a writer built on it would have to: turn values into strings for
// encoding/csv, build a tree of values for encoding/json.

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"testing"

	"github.com/wikipipe/wikipipe/transform"
)

func BenchmarkCSVRecords(b *testing.B) {
	schemas, arts, _ := benchData(2000)
	b.Run("hand", func(b *testing.B) {
		w := &csvWriter{eol: "\n"}
		types := make([][]transform.Type, len(schemas))
		for i, s := range schemas {
			for _, c := range s.Columns {
				types[i] = append(types[i], c.Type)
			}
		}
		var out bytes.Buffer
		buf := make([]byte, 0, flushSize+flushSize/4)
		handCSV(b, &out, w, types, arts, buf)
		b.SetBytes(int64(out.Len()))
		for b.Loop() {
			out.Reset()
			handCSV(b, &out, w, types, arts, buf)
		}
	})
	b.Run("encoding_csv", func(b *testing.B) {
		var out bytes.Buffer
		stdCSV(b, &out, schemas, arts)
		b.SetBytes(int64(out.Len()))
		for b.Loop() {
			out.Reset()
			stdCSV(b, &out, schemas, arts)
		}
	})
}

// handCSV writes every record of arts to out as csvWriter.Write does,
// through buf in chunks of flushSize.
func handCSV(b *testing.B, out io.Writer, w *csvWriter, types [][]transform.Type, arts []*transform.Article, buf []byte) {
	for _, a := range arts {
		for i, rows := range a.Rows {
			for _, r := range rows {
				var err error
				if buf, _, err = w.appendRecord(buf, r, types[i]); err != nil {
					b.Fatal(err)
				}
				if len(buf) >= flushSize {
					out.Write(buf)
					buf = buf[:0]
				}
			}
		}
	}
	out.Write(buf)
}

// stdCSV writes every record of arts with encoding/csv.
func stdCSV(b *testing.B, out io.Writer, schemas []transform.Schema, arts []*transform.Article) {
	bw := bufio.NewWriterSize(out, flushSize)
	cw := csv.NewWriter(bw)
	var record []string
	var scratch []byte
	for _, a := range arts {
		for i, rows := range a.Rows {
			cols := schemas[i].Columns
			for _, r := range rows {
				record = record[:0]
				for j, v := range r {
					if s, ok := v.(string); ok {
						record = append(record, s)
						continue
					}
					var err error
					if scratch, err = appendText(scratch[:0], cols[j].Type, v); err != nil {
						b.Fatal(err)
					}
					record = append(record, string(scratch))
				}
				if err := cw.Write(record); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		b.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		b.Fatal(err)
	}
}

// benchJSONLD is a JSON-LD writer for the JSON-LD fixture, and 500 copies
// of its articles.
func benchJSONLD(tb testing.TB) (*jsonldWriter, []*transform.Article) {
	schemas, arts := jsonldFixture()
	out, err := NewOutput(tb.TempDir(), OutputOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(out.Abort)
	w, err := newJSONLDWriter(out, schemas, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	var many []*transform.Article
	for range 500 {
		many = append(many, arts...)
	}
	return w.(*jsonldWriter), many
}

func BenchmarkJSONDocuments(b *testing.B) {
	w, arts := benchJSONLD(b)
	b.Run("hand", func(b *testing.B) {
		size := 0
		for _, a := range arts {
			size += len(handJSON(b, w, a))
		}
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, a := range arts {
				handJSON(b, w, a)
			}
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		var out bytes.Buffer
		enc := newStdJSON(&out)
		size := 0
		for _, a := range arts {
			out.Reset()
			stdJSON(b, enc, w, a)
			size += out.Len()
		}
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, a := range arts {
				out.Reset()
				stdJSON(b, enc, w, a)
			}
		}
	})
}

// TestStdJSONSame checks that the encoding/json path of the benchmark writes
// the same bytes as the writer, so that the two are compared on equal work.
func TestStdJSONSame(t *testing.T) {
	w, arts := benchJSONLD(t)
	var out bytes.Buffer
	enc := newStdJSON(&out)
	for _, a := range arts[:2] {
		out.Reset()
		stdJSON(t, enc, w, a)
		if got, want := out.String(), string(handJSON(t, w, a)); got != want {
			t.Errorf("%s: encoding/json wrote\n%s\nthe writer\n%s", a.ID, got, want)
		}
	}
}

// handJSON is the document of a, as jsonldWriter.Write writes it.
func handJSON(tb testing.TB, w *jsonldWriter, a *transform.Article) []byte {
	e := jsonEncoder{buf: w.doc}
	e.reset()
	if err := w.document(&e, a); err != nil {
		tb.Fatal(err)
	}
	e.buf = append(e.buf, '\n')
	w.doc = e.buf
	return e.buf
}

// The document as Go values, keys in the writer's order.
type (
	ldDoc struct {
		Context            ldContext  `json:"@context"`
		ID                 string     `json:"@id"`
		Type               string     `json:"@type"`
		Name               string     `json:"name"`
		URL                string     `json:"url"`
		About              ldNamed    `json:"about"`
		Abstract           string     `json:"abstract,omitempty"`
		HasPart            []*ldPart  `json:"hasPart,omitempty"`
		AdditionalProperty []ldProp   `json:"additionalProperty,omitempty"`
		Mentions           []ldMember `json:"mentions,omitempty"`
	}
	ldContext struct {
		Vocab string `json:"@vocab"`
		XSD   string `json:"xsd"`
		URL   ldIRI  `json:"url"`
		Same  ldIRI  `json:"sameAs"`
	}
	ldIRI struct {
		Type string `json:"@type"`
	}
	ldNamed struct {
		Type string `json:"@type"`
		Name string `json:"name"`
	}
	ldPart struct {
		ID       string    `json:"@id"`
		Type     string    `json:"@type"`
		Name     string    `json:"name"`
		Position int       `json:"position"`
		HasPart  []*ldPart `json:"hasPart,omitempty"`
	}
	ldProp struct {
		Type  string  `json:"@type"`
		Name  string  `json:"name"`
		Value *string `json:"value,omitempty"`
	}
	ldTyped struct {
		Value string `json:"@value"`
		Type  string `json:"@type"`
	}
)

// ldMember is a node whose keys are known only at run time, in order: the
// way to keep their order with encoding/json.
type ldMember struct {
	keys   []string
	values []any
}

func (m ldMember) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	b.WriteByte('{')
	for i, k := range m.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := enc.Encode(k); err != nil {
			return nil, err
		}
		b.WriteByte(':')
		if err := enc.Encode(m.values[i]); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func newStdJSON(out io.Writer) *json.Encoder {
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc
}

// stdJSON writes the document of a with encoding/json, by the writer's
// rules, from the same rows.
func stdJSON(tb testing.TB, enc *json.Encoder, w *jsonldWriter, a *transform.Article) {
	art := rowsOf(a, w.articles)[0]
	url, title := str(art, w.articles.col["url"]), str(art, w.articles.col["title"])
	d := ldDoc{ID: url, Type: "Article", Name: title, URL: url, About: ldNamed{"Thing", title}}
	d.Context.Vocab, d.Context.XSD, d.Context.URL.Type, d.Context.Same.Type = schemaOrg, xsd, "@id", "@id"

	col := w.sections.col
	root := &ldPart{}
	byID := map[string]*ldPart{}
	for _, r := range rowsOf(a, w.sections) {
		if lvl, _ := r[col["level"]].(int64); lvl == 0 {
			d.Abstract = str(r, col["text"])
			continue
		}
		id := str(r, col["section_id"])
		parent, ok := byID[str(r, col["parent_id"])]
		if !ok {
			parent = root
		}
		p := &ldPart{ID: url + "#" + string(appendIRIFragment(nil, id)), Type: "WebPageElement",
			Name: str(r, col["heading"]), Position: len(parent.HasPart) + 1}
		parent.HasPart = append(parent.HasPart, p)
		byID[id] = p
	}
	d.HasPart = root.HasPart

	for _, r := range rowsOf(a, w.infobox) {
		p := ldProp{Type: "PropertyValue", Name: str(r, w.infobox.col["key"])}
		if v, ok := r[w.infobox.col["value"]].(string); ok {
			p.Value = &v
		}
		d.AdditionalProperty = append(d.AdditionalProperty, p)
	}

	d.Mentions = stdMentions(tb, w, a, url)
	if err := enc.Encode(d); err != nil {
		tb.Fatal(err)
	}
}

// TestEncodingCSVDiffers pins why the CSV writer is not built on
// encoding/csv: for these records it writes other bytes than the rules of
// csv.go, which the goldens hold.
func TestEncodingCSVDiffers(t *testing.T) {
	for _, tc := range []struct {
		name   string
		record []string
		crlf   bool
		ours   string
		stdlib string
	}{
		{"trailing space", []string{"a ", "b"}, false, "\"a \",b\n", "a ,b\n"},
		{"trailing tab", []string{"a\t"}, false, "\"a\t\"\n", "a\t\n"},
		{"leading no-break space", []string{"\u00a0a"}, false, "\u00a0a\n", "\"\u00a0a\"\n"},
		{`\.`, []string{`\.`}, false, "\\.\n", "\"\\.\"\n"},
		{"one empty field", []string{""}, false, "\"\"\n", "\n"},
		{"line break under crlf", []string{"a\nb", "c\r\nd"}, true, "\"a\nb\",\"c\r\nd\"\r\n", "\"a\r\nb\",\"c\r\nd\"\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := appendStrings(nil, tc.record, tc.crlf)
			if err != nil || string(got) != tc.ours {
				t.Errorf("ours: %q, %v; want %q", got, err, tc.ours)
			}
			var b bytes.Buffer
			cw := csv.NewWriter(&b)
			cw.UseCRLF = tc.crlf
			if err := cw.Write(tc.record); err != nil {
				t.Fatal(err)
			}
			cw.Flush()
			if b.String() != tc.stdlib {
				t.Errorf("encoding/csv: %q, want %q", b.String(), tc.stdlib)
			}
		})
	}
}

// stdMentions is the article's rows of every mapped dataset as nodes.
func stdMentions(tb testing.TB, w *jsonldWriter, a *transform.Article, url string) []ldMember {
	var nodes []ldMember
	for _, m := range w.mapped {
		if m.index >= len(a.Rows) {
			continue
		}
		for n, r := range a.Rows[m.index] {
			node := ldMember{keys: []string{"@id", "@type"},
				values: []any{url + "#" + string(appendIRIFragment(nil, m.schema.Name)) + "-" + strconv.Itoa(n+1), m.schema.JSONLD.Type}}
			for _, p := range m.props {
				v := r[p.col]
				if v == nil {
					continue
				}
				text, err := valueText(p.colType, v)
				if err != nil {
					tb.Fatal(err)
				}
				var lit any
				dt, typed := xsdTypes[p.colType]
				switch {
				case p.Type != "":
					lit = ldNamed{p.Type, text}
				case typed:
					lit = ldTyped{text, dt}
				case p.colType == transform.String:
					lit = text
				default:
					lit = json.RawMessage(text)
				}
				node.keys, node.values = append(node.keys, p.Property), append(node.values, lit)
			}
			nodes = append(nodes, node)
		}
	}
	return nodes
}
