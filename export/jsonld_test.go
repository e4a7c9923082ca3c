package export

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/piprate/json-gold/ld"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/internal/golden"
	"github.com/wikipipe/wikipipe/transform"
)

// jsonldFixture is the shared fixture with the two core datasets the JSON-LD
// writer reads beside articles: sections (a nested tree, a heading whose
// anchor needs escaping) and infobox (a null value, markup characters).
func jsonldFixture() ([]transform.Schema, []*transform.Article) {
	str := func(name string, nullable bool) transform.Column {
		return transform.Column{Name: name, Type: transform.String, Nullable: nullable}
	}
	integer := func(name string) transform.Column { return transform.Column{Name: name, Type: transform.Int} }
	schemas := append(fixtureSchemas(),
		transform.Schema{Name: "sections", Columns: []transform.Column{
			str("article_id", false), str("section_id", false), str("parent_id", true), integer("level"), str("heading", true), str("text", true),
		}},
		transform.Schema{Name: "infobox", Columns: []transform.Column{
			str("article_id", false), str("key", false), str("value", true),
		}},
	)
	arts := fixtureArticles()
	first, second := arts[0].ID, arts[1].ID
	arts[0].Rows = append(arts[0].Rows,
		[]transform.Row{
			{first, "lead", nil, int64(0), nil, "Relations between Azerbaijan and the United States."},
			{first, "History", nil, int64(2), "History", "Text."},
			{first, "Azerbaijani_presidential_visits_to_the_United_States", "History", int64(3), "Azerbaijani presidential visits to the United States", nil},
			{first, "Soviet_era", "History", int64(3), "Soviet era", nil},
			{first, "50%_rule_<b>", nil, int64(2), "50% rule <b>", nil},
		},
		[]transform.Row{
			{first, "Party1", "Azerbaijan"},
			{first, "Envoy", `"Khazar" <Ibrahim> & co`},
			{first, "Party2", nil},
		},
	)
	arts[1].Rows = append(arts[1].Rows, []transform.Row{{second, "lead", nil, int64(0), nil, nil}}, nil)
	return schemas, arts
}

func TestJSONLDGolden(t *testing.T) {
	schemas, arts := jsonldFixture()
	dir := t.TempDir()
	writeRun(t, dir, JSONLD, schemas, arts, Options{})
	entries, err := os.ReadDir(filepath.Join(dir, "jsonld"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		data, err := os.ReadFile(filepath.Join(dir, "jsonld", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		golden.Check(t, filepath.Join("testdata", "golden", "jsonld", e.Name()), data)
		golden.Check(t, filepath.Join("testdata", "golden", "jsonld", strings.TrimSuffix(e.Name(), ".jsonld")+".nq"), toNQuads(t, data))
	}
	want := []string{"Azerbaijan–United_States_relations.jsonld", "Gəncə%2FGanja%3A_a_%22quoted%22_title.jsonld"}
	if !slices.Equal(names, want) {
		t.Errorf("files %q, want %q", names, want)
	}
}

// toNQuads expands doc offline (a loader that refuses every URL) and
// converts it to canonical N-Quads.
func toNQuads(t *testing.T, doc []byte) []byte {
	t.Helper()
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatal(err)
	}
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = offlineLoader{}
	opts.Format = "application/n-quads"
	opts.Algorithm = ld.AlgorithmURDNA2015
	out, err := ld.NewJsonLdProcessor().Normalize(v, opts)
	if err != nil {
		t.Fatalf("to RDF: %v", err)
	}
	return []byte(out.(string))
}

type offlineLoader struct{}

func (offlineLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	return nil, ld.NewJsonLdError(ld.LoadingDocumentFailed, "offline: "+u)
}

// The RDF holds what a linked-data user queries: the article, its typed
// events with xsd:date dates, the president as a Person, the sections.
func TestJSONLDRDF(t *testing.T) {
	schemas, arts := jsonldFixture()
	dir := t.TempDir()
	writeRun(t, dir, JSONLD, schemas, arts, Options{})
	data, err := os.ReadFile(filepath.Join(dir, "jsonld", "Azerbaijan–United_States_relations.jsonld"))
	if err != nil {
		t.Fatal(err)
	}
	nq := string(toNQuads(t, data))
	const (
		article = "<https://en.wikipedia.org/wiki/Azerbaijan%E2%80%93United_States_relations>"
		rdfType = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
	)
	for _, want := range []string{
		article + " " + rdfType + " <https://schema.org/Article> .",
		article + " <https://schema.org/url> " + article + " .",
		"<https://en.wikipedia.org/wiki/Azerbaijan%E2%80%93United_States_relations#visits-1> " + rdfType + " <https://schema.org/Event> .",
		`<https://schema.org/startDate> "1994-09-25"^^<http://www.w3.org/2001/XMLSchema#date> .`,
		`<https://schema.org/endDate> "1994-09-30"^^<http://www.w3.org/2001/XMLSchema#date> .`,
		`<https://schema.org/name> "President H.Aliyev" .`,
		"<https://en.wikipedia.org/wiki/Azerbaijan%E2%80%93United_States_relations#50%25_rule_%3Cb%3E> " + rdfType + " <https://schema.org/WebPageElement> .",
		`<https://schema.org/value> "\"Khazar\" <Ibrahim> & co" .`,
	} {
		if !strings.Contains(nq, want) {
			t.Errorf("N-Quads lack %s", want)
		}
	}
	if n := strings.Count(nq, rdfType+" <https://schema.org/Event> ."); n != 3 {
		t.Errorf("%d Events, want 3 (one per visits row)", n)
	}
	if n := strings.Count(nq, rdfType+" <https://schema.org/Person> ."); n != 2 {
		t.Errorf("%d Persons, want 2 (the third visit has no president)", n)
	}
}

func TestJSONLDDeterministic(t *testing.T) {
	var runs [2][]string
	for i := range runs {
		schemas, arts := jsonldFixture()
		dir := t.TempDir()
		writeRun(t, dir, JSONLD, schemas, arts, Options{})
		writeRun(t, dir, CSV, schemas, arts, Options{})
		runs[i] = listTree(t, dir)
	}
	if !slices.Equal(runs[0], runs[1]) {
		t.Error("two runs of the same articles wrote different files")
	}
}

func TestJSONLDErrors(t *testing.T) {
	schemas, _ := jsonldFixture()
	o, err := NewOutput(t.TempDir(), OutputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Abort()
	badMap := slices.Clone(schemas)
	badMap[1].JSONLD = &transform.JSONLDMap{Type: "Event", Properties: []transform.JSONLDField{{Property: "name", Column: "nope"}}}
	for name, ss := range map[string][]transform.Schema{
		"no articles":  schemas[1:],
		"missing col":  badMap,
		"no url col":   {{Name: "articles", Columns: []transform.Column{{Name: "article_id"}, {Name: "title"}}}},
		"no key in ib": append(slices.Clone(schemas[:2]), transform.Schema{Name: "infobox", Columns: []transform.Column{{Name: "article_id"}}}),
	} {
		if _, err := New(JSONLD, o, ss, Options{}); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
	w, err := New(JSONLD, o, schemas, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, a := range map[string]*transform.Article{
		"no articles row": {ID: "A"},
	} {
		if err := w.Write(a); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

func TestJSONLDCaseClash(t *testing.T) {
	schemas := fixtureSchemas()[:1]
	var arts []*transform.Article
	for _, id := range []string{"Sea_Power", "Sea_power", "SEA_POWER"} {
		arts = append(arts, &transform.Article{ID: id, Rows: [][]transform.Row{{{id, id, "https://en.wikipedia.org/wiki/" + id, int64(1)}}}})
	}
	var warns []diag.Diagnostic
	dir := t.TempDir()
	writeRun(t, dir, JSONLD, schemas, arts, Options{Warn: func(d diag.Diagnostic) { warns = append(warns, d) }})
	got := listTree(t, dir)
	for i := range got {
		got[i], _, _ = strings.Cut(got[i], "=")
	}
	want := []string{"jsonld/SEA_POWER~3.jsonld", "jsonld/Sea_Power.jsonld", "jsonld/Sea_power~2.jsonld"}
	if !slices.Equal(got, want) || len(warns) != 2 {
		t.Errorf("files %q with %d warnings, want %q with 2", got, len(warns), want)
	}
}

func TestSafeName(t *testing.T) {
	for _, tc := range []struct{ id, want string }{
		{"Azerbaijan–United_States_relations", "Azerbaijan–United_States_relations"},
		{"AC/DC", "AC%2FDC"},
		{`a\b:c*d?e"f<g>h|i`, "a%5Cb%3Ac%2Ad%3Fe%22f%3Cg%3Eh%7Ci"},
		{"100%_~x", "100%25_%7Ex"},
		{"tab\there\x7f\u0085", "tab%09here%7F%C2%85"},
		{"bad\xffutf8", "bad%FFutf8"},
		{".hidden", "%2Ehidden"},
		{"Dots...", "Dots..%2E"},
		{"Space_ ", "Space_%20"},
		{"CON", "%43ON"},
		{"con.txt", "%63on.txt"},
		{"Nul ", "%4Eul%20"},
		{"COM1", "%43OM1"},
		{"LPT²", "%4CPT²"},
		{"COM10", "COM10"},
		{"Console", "Console"},
		{"", "~"},
		{"Москва", "Москва"},
	} {
		if got := safeName(tc.id); got != tc.want {
			t.Errorf("safeName(%q) = %q, want %q", tc.id, got, tc.want)
		}
	}
	// 300 bytes: cut to 160 bytes (80 é) and the hash.
	long := strings.Repeat("é", 150)
	if got := safeName(long); !strings.HasPrefix(got, strings.Repeat("é", 80)+"~") || len(got) != 160+17 || got == safeName(long+"x") {
		t.Errorf("safeName(long) = %q", got)
	}
}

var unsafeName = regexp.MustCompile(`[/\\:*?"<>|\x00-\x1f\x7f\x{80}-\x{9f}]|^\.|[. ]$`)

// checkSafe checks a file name (without .jsonld) against every OS's rules.
func checkSafe(t *testing.T, id, name string) {
	t.Helper()
	if !utf8.ValidString(name) || unsafeName.MatchString(name) || isDeviceName(name) || name == "" || len(name) > maxNameBytes+20 {
		t.Errorf("unsafe file name %q for id %q", name, id)
	}
}

func FuzzFileName(f *testing.F) {
	for _, s := range []string{"Azerbaijan–United_States_relations", "AC/DC", "CON", "a~2", "%41", ".x.", strings.Repeat("Ə", 120), "bad\xff"} {
		f.Add(s, strings.ToUpper(s))
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a)+len(b) > 2048 { // titles are at most 255 bytes; longer only slows the search
			t.Skip()
		}
		na, nb := newFileNamer(), newFileNamer()
		first, _ := na.name(a)
		if again, _ := nb.name(a); again != first {
			t.Fatalf("name(%q) is %q then %q", a, first, again)
		}
		checkSafe(t, a, first)
		second, _ := na.name(b)
		checkSafe(t, b, second)
		if string(appendFolded(nil, first)) == string(appendFolded(nil, second)) {
			t.Errorf("ids %q and %q share the name %q / %q on a case-insensitive file system", a, b, first, second)
		}
		if a != b && safeName(a) == safeName(b) && len(safeName(a)) <= maxNameBytes {
			t.Errorf("safeName is not injective: %q and %q give %q", a, b, safeName(a))
		}
	})
}

func BenchmarkJSONLD(b *testing.B) {
	schemas, arts := jsonldFixture()
	benchRun(b, JSONLD, schemas, arts)
}

// BenchmarkJSONLDArticles writes 2,000 articles, a file each, so that the
// cost per article shows beside the fixed cost of a run.
func BenchmarkJSONLDArticles(b *testing.B) {
	schemas, arts := jsonldFixture()
	many := make([]*transform.Article, 2000)
	for i := range many {
		a := *arts[0]
		a.ID = a.ID + "_" + strconv.Itoa(i) // the file name; the rows may stay shared
		many[i] = &a
	}
	benchRun(b, JSONLD, schemas, many)
}

// jsonEncoder writes what encoding/json writes (without HTML escaping), for
// any key and value, invalid UTF-8 and control characters included; IRI
// fragments need no JSON escaping.
func FuzzWriteJSON(f *testing.F) {
	for _, s := range []string{"plain", "\"q\" \\ <b>&", "\x00\x1f\b\f\n\r\t\x7f", "bad\xff\xfe", "\u2028\u2029", "Gəncə"} {
		f.Add(s, s+"2")
	}
	f.Fuzz(func(t *testing.T, key, val string) {
		var e jsonEncoder
		e.reset()
		e.open('{')
		e.field(key, val)
		e.key("list")
		e.open('[')
		e.next()
		e.str(val)
		e.next()
		e.buf = append(e.buf, '7')
		e.next()
		e.buf = append(e.buf, "true"...)
		e.next()
		e.open('{')
		e.close('}')
		e.close(']')
		e.key("empty")
		e.open('[')
		e.close(']')
		e.close('}')
		got := bytes.NewBuffer(e.buf)
		// encoding/json string by string: a map would sort the keys.
		var wantB bytes.Buffer
		wantB.WriteString("{\n  ")
		wantB.Write(encodeNoHTML(t, key))
		wantB.WriteString(": ")
		wantB.Write(encodeNoHTML(t, val))
		wantB.WriteString(",\n  \"list\": [\n    ")
		wantB.Write(encodeNoHTML(t, val))
		wantB.WriteString(",\n    7,\n    true,\n    {}\n  ],\n  \"empty\": []\n}")
		if got.String() != wantB.String() {
			t.Errorf("jsonEncoder wrote\n%s\nencoding/json\n%s", got.String(), wantB.String())
		}
		if !json.Valid(got.Bytes()) {
			t.Errorf("invalid JSON: %s", got.String())
		}
		fragment := string(appendIRIFragment(nil, val))
		if escaped := string(appendJSONChars(nil, fragment)); escaped != fragment {
			t.Errorf("IRI fragment %q of %q needs JSON escaping: %q", fragment, val, escaped)
		}
	})
}

func encodeNoHTML(t *testing.T, s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// TestJSONLDLiterals pins the bytes of a property of every column type, as a
// literal and as a named node.
func TestJSONLDLiterals(t *testing.T) {
	schemas, arts := jsonldFixture()
	schemas[1].JSONLD = &transform.JSONLDMap{Type: "Event", Properties: []transform.JSONLDField{
		{Property: "name", Column: "president"},
		{Property: "startDate", Column: "start_date"},
		{Property: "duration", Column: "days"},
		{Property: "share", Column: "share"},
		{Property: "score", Column: "score"},
		{Property: "official", Column: "official"},
		{Property: "year", Column: "year"},
		{Property: "length", Column: "days", Type: "QuantitativeValue"},
		{Property: "when", Column: "year", Type: "Date"},
	}}
	dir := t.TempDir()
	writeRun(t, dir, JSONLD, schemas, arts[:1], Options{})
	got, err := os.ReadFile(filepath.Join(dir, "jsonld", arts[0].ID+".jsonld"))
	if err != nil {
		t.Fatal(err)
	}
	_, mentions, _ := strings.Cut(string(got), `  "mentions": `)
	if mentions != wantLiterals {
		t.Errorf("mentions:\n%s\nwant\n%s", mentions, wantLiterals)
	}
}

const wantLiterals = `[
    {
      "@id": "https://en.wikipedia.org/wiki/Azerbaijan%E2%80%93United_States_relations#visits-1",
      "@type": "Event",
      "name": "President H.Aliyev",
      "startDate": {
        "@value": "1994-09-25",
        "@type": "xsd:date"
      },
      "duration": 6,
      "share": {
        "@value": "0.53",
        "@type": "xsd:double"
      },
      "score": {
        "@value": "1.5",
        "@type": "xsd:double"
      },
      "official": true,
      "year": {
        "@value": "1994",
        "@type": "xsd:gYear"
      },
      "length": {
        "@type": "QuantitativeValue",
        "name": "6"
      },
      "when": {
        "@type": "Date",
        "name": "1994"
      }
    },
    {
      "@id": "https://en.wikipedia.org/wiki/Azerbaijan%E2%80%93United_States_relations#visits-2",
      "@type": "Event",
      "name": "=HYPERLINK(\"http://x\")",
      "startDate": {
        "@value": "2025-08-07",
        "@type": "xsd:date"
      },
      "score": {
        "@value": "-0.25",
        "@type": "xsd:double"
      },
      "official": false
    },
    {
      "@id": "https://en.wikipedia.org/wiki/Azerbaijan%E2%80%93United_States_relations#visits-3",
      "@type": "Event",
      "duration": -5,
      "share": {
        "@value": "1",
        "@type": "xsd:double"
      },
      "year": {
        "@value": "2025",
        "@type": "xsd:gYear"
      },
      "length": {
        "@type": "QuantitativeValue",
        "name": "-5"
      },
      "when": {
        "@type": "Date",
        "name": "2025"
      }
    }
  ]
}
`

// The article names its language, its wiki, its Wikidata entity and the
// time of its revision when the articles dataset has them.
func TestJSONLDArticleIdentity(t *testing.T) {
	col := func(name string, typ transform.Type) transform.Column {
		return transform.Column{Name: name, Type: typ, Nullable: true}
	}
	schemas := []transform.Schema{{Name: transform.Articles, Columns: []transform.Column{
		col("article_id", transform.String), col("title", transform.String), col("url", transform.String),
		col("wiki", transform.String), col("language", transform.String), col("wikidata_item", transform.String),
		col("revision_timestamp", transform.Timestamp),
	}}}
	at := time.Date(2019, 4, 26, 3, 40, 24, 0, time.UTC)
	arts := []*transform.Article{
		{ID: "رياضيات", Rows: [][]transform.Row{{{"رياضيات", "رياضيات", "https://ar.wikipedia.org/wiki/%D8%B1", "ar.wikipedia.org", "ar", "Q395", at}}}},
		{ID: "April", Rows: [][]transform.Row{{{"April", "April", "https://simple.wikipedia.org/wiki/April", "simple.wikipedia.org", nil, nil, nil}}}},
	}
	dir := t.TempDir()
	writeRun(t, dir, JSONLD, schemas, arts, Options{})
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(dir, "jsonld", name+".jsonld"))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	ar := read("رياضيات")
	for _, want := range []string{
		`"inLanguage": "ar"`,
		`"isPartOf": {` + "\n" + `    "@id": "https://ar.wikipedia.org/"`,
		`"sameAs": "https://www.wikidata.org/entity/Q395"`,
		`"dateModified": {` + "\n" + `    "@value": "2019-04-26T03:40:24Z",` + "\n" + `    "@type": "xsd:dateTime"`,
	} {
		if !strings.Contains(ar, want) {
			t.Errorf("the Arabic article lacks %s:\n%s", want, ar)
		}
	}
	nq := string(toNQuads(t, []byte(ar)))
	if !strings.Contains(nq, `<https://schema.org/dateModified> "2019-04-26T03:40:24Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>`) ||
		!strings.Contains(nq, `<https://schema.org/sameAs> <https://www.wikidata.org/entity/Q395>`) {
		t.Errorf("N-Quads lack the typed dateModified or the sameAs IRI:\n%s", nq)
	}
	april := read("April")
	if strings.Contains(april, "inLanguage") || strings.Contains(april, "sameAs\": \"") || strings.Contains(april, "dateModified") ||
		!strings.Contains(april, `"@id": "https://simple.wikipedia.org/"`) {
		t.Errorf("nulls are left out, the wiki kept:\n%s", april)
	}
}
