package extract

import (
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/internal/golden"
)

const dumpCorpus = "../testdata/corpus/dumps"

// readDumpAll reads a whole dump and returns its documents, stats and error.
func readDumpAll(path string, data []byte, opts Options) ([]*Document, Stats, error) {
	var docs []*Document
	st, err := ReadDump(path, bytes.NewReader(data), opts, func(d *Document) error {
		docs = append(docs, d)
		return nil
	})
	return docs, st, err
}

// dumpText renders what a dump read gave: the stats, the error, then each
// document's JSON. It is the golden form of the dump dialect.
func dumpText(t testing.TB, docs []*Document, st Stats, err error) []byte {
	t.Helper()
	var b bytes.Buffer
	fmt.Fprintf(&b, "stats: documents=%d redirects=%d skipped=%d\n", st.Documents, st.Redirects, st.Skipped)
	if err != nil {
		fmt.Fprintf(&b, "error: %v\n", err)
	}
	for _, d := range docs {
		js, jerr := d.JSON()
		if jerr != nil {
			t.Fatal(jerr)
		}
		b.Write(js)
	}
	return b.Bytes()
}

// readDumpText reads a whole dump into its golden form.
func readDumpText(t testing.TB, path string, data []byte) []byte {
	t.Helper()
	docs, st, err := readDumpAll(path, data, Options{})
	return dumpText(t, docs, st, err)
}

func readCorpusFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dumpCorpus, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestReadDumpGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(dumpCorpus, "*.xml*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no dumps in %s: %v", dumpCorpus, err)
	}
	for _, file := range files {
		name := filepath.Base(file)
		if _, err := os.Stat(strings.TrimSuffix(file, ".bz2")); err == nil && file != strings.TrimSuffix(file, ".bz2") {
			continue // the same pages as the plain twin: TestReadDumpCompressedSame compares them
		}
		t.Run(name, func(t *testing.T) {
			docs, st, err := readDumpAll(file, readCorpusFile(t, name), Options{})
			if err != nil {
				t.Fatalf("ReadDump: %v", err)
			}
			if st.Documents != len(docs) {
				t.Errorf("Stats.Documents = %d, yielded %d", st.Documents, len(docs))
			}
			for _, d := range docs {
				if d.Source.Dialect != Dump || d.Source.Path != file || d.Revision == nil || d.Revision.ID == 0 || d.Revision.Timestamp == "" {
					t.Errorf("%q: source %+v revision %+v", d.Title, d.Source, d.Revision)
				}
			}
			golden.Check(t, filepath.Join("testdata/golden/dump", name+".golden"), dumpText(t, docs, st, err))
		})
	}
}

// TestReadDumpCounts pins the page counts that SOURCES.md gives for each dump.
func TestReadDumpCounts(t *testing.T) {
	for _, tc := range []struct {
		file string
		all  bool
		want Stats
	}{
		{"wikidump_tests_enwiki-articles-partial.xml", false, Stats{Documents: 4, Redirects: 3, Skipped: 4}},
		{"wikidump_tests_enwiki-articles-partial.xml", true, Stats{Documents: 7, Redirects: 4}},
		{"wikidump_tests_simplewiki.xml", false, Stats{Documents: 6, Skipped: 1}},
		{"wikidump_tests_simplewiki.xml", true, Stats{Documents: 7}},
		{"wikidump_benches_enwiki-10k.xml.bz2", false, Stats{Documents: 68, Redirects: 85, Skipped: 43}},
	} {
		_, st, err := readDumpAll(tc.file, readCorpusFile(t, tc.file), Options{AllNamespaces: tc.all})
		if err != nil || st != tc.want {
			t.Errorf("%s (all namespaces %v): %+v, %v; want %+v", tc.file, tc.all, st, err, tc.want)
		}
	}
}

// normalised renders documents with their source path blanked, to compare
// reads of the same pages from differently named files.
func normalised(t *testing.T, docs []*Document, st Stats, err error) []byte {
	t.Helper()
	for _, d := range docs {
		d.Source.Path = ""
		for i := range d.Diagnostics {
			d.Diagnostics[i].File = ""
		}
	}
	return dumpText(t, docs, st, err)
}

func TestReadDumpCompressedSame(t *testing.T) {
	plain := readCorpusFile(t, "wikidump_tests_simplewiki.xml")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(plain)
	zw.Close()
	docs, st, err := readDumpAll("plain.xml", plain, Options{})
	want := normalised(t, docs, st, err)
	for name, data := range map[string][]byte{
		"wikidump_tests_simplewiki.xml.bz2": readCorpusFile(t, "wikidump_tests_simplewiki.xml.bz2"),
		"simplewiki.xml.gz":                 gz.Bytes(),
	} {
		docs, st, err := readDumpAll(name, data, Options{})
		if err != nil || len(docs) != 6 {
			t.Fatalf("%s: %d documents, %v", name, len(docs), err)
		}
		if got := normalised(t, docs, st, err); !bytes.Equal(got, want) {
			t.Errorf("%s: documents differ from the plain dump's", name)
		}
	}
}

// xmlDump wraps pages in a minimal export document.
func xmlDump(pages ...string) string {
	return "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.10/\" version=\"0.10\">\n" +
		"  <siteinfo><sitename>Test</sitename></siteinfo>\n" + strings.Join(pages, "") + "</mediawiki>\n"
}

func xmlPage(title string, ns int, extra, text string) string {
	return fmt.Sprintf("  <page>\n    <title>%s</title>\n    <ns>%d</ns>\n    <id>7</id>\n%s"+
		"    <revision>\n      <id>42</id>\n      <timestamp>2019-08-13T15:30:01Z</timestamp>\n"+
		"      <contributor><username>U</username><id>99</id></contributor>\n"+
		"      <text xml:space=\"preserve\">%s</text>\n    </revision>\n  </page>\n", title, ns, extra, text)
}

func TestReadDumpHostile(t *testing.T) {
	simple := readCorpusFile(t, "wikidump_tests_simplewiki.xml")
	lastPage := bytes.LastIndex(simple, []byte("<page>"))
	inLastText := lastPage + bytes.Index(simple[lastPage:], []byte("<text")) + 1000
	bz := readCorpusFile(t, "wikidump_tests_simplewiki.xml.bz2")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(simple[:lastPage]) // the first five articles and a bit
	zw.Flush()
	ok := xmlPage("Alpha", 0, "", "'''Alpha''' is a letter.\nSecond line.")
	for _, tc := range []struct {
		name   string
		data   string
		opts   Options
		titles []string // the documents yielded, in order
		stats  Stats
		err    string // a prefix of the error; empty for none
	}{
		{name: "truncated last page", data: string(simple[:inLastText]),
			titles: []string{"April", "August", "Art", "A", "Air"}, stats: Stats{Documents: 5, Skipped: 1},
			err: "truncated last page:929:33: extract: invalid XML: dump cut short"},
		{name: "cut between pages", data: string(simple[:lastPage]),
			titles: []string{"April", "August", "Art", "A", "Air"}, stats: Stats{Documents: 5, Skipped: 1},
			err: "cut between pages:907:3: extract: invalid XML: dump cut short"},
		{name: "bz2 cut short", data: string(bz[:len(bz)/2]),
			err: "bz2 cut short:1:1: extract: bzip2 stream cut short after 10486 bytes of input"},
		{name: "gzip cut short", data: gz.String(), // flushed, not closed: no gzip trailer
			titles: []string{"April", "August", "Art", "A", "Air"}, stats: Stats{Documents: 5, Skipped: 1},
			err: "gzip cut short:907:3: extract: gzip stream cut short after"},
		{name: "invalid XML", data: xmlDump(ok, "  <page>\n    <title>Beta</titel>\n  </page>\n"),
			titles: []string{"Alpha"}, stats: Stats{Documents: 1},
			err: "invalid XML:16:16: extract: invalid XML: element <title> closed by </titel>"},
		{name: "bad entity", data: xmlDump(xmlPage("Gamma", 0, "", "a &nbsp; b")),
			err: "bad entity:11:36: extract: invalid XML: invalid character entity &nbsp;"},
		{name: "not a dump", data: "<html><body>hi</body></html>",
			err: "not a dump:1:1: extract: not a MediaWiki XML export: root element <html>, want <mediawiki>"},
		{name: "cut after a start tag", data: "<mediawiki><page>",
			err: "cut after a start tag:1:18: extract: invalid XML: dump cut short: unexpected end of input inside <page>"},
		{name: "cut inside a tag", data: "<mediawiki><pa",
			err: "cut inside a tag:1:12: extract: invalid XML: dump cut short: unexpected end of input inside markup"},
		{name: "empty", data: "", err: "empty:1:1: extract: not a MediaWiki XML export: no <mediawiki> element"},
		{name: "bad gzip", data: "\x1f\x8b\x00garbage", err: "bad gzip:1:1: extract: gzip: "},
		{name: "namespaces", data: xmlDump(ok, xmlPage("Talk:Alpha", 1, "", "hi")),
			titles: []string{"Alpha"}, stats: Stats{Documents: 1, Skipped: 1}},
		{name: "all namespaces", data: xmlDump(ok, xmlPage("Talk:Alpha", 1, "", "hi")), opts: Options{AllNamespaces: true},
			titles: []string{"Alpha", "Talk:Alpha"}, stats: Stats{Documents: 2}},
		{name: "redirects", data: xmlDump(
			xmlPage("R1", 0, "    <redirect title=\"Alpha\" />\n", "#REDIRECT [[Alpha]]"),
			xmlPage("R2", 0, "", "  #redirect [[Alpha]]"), ok),
			titles: []string{"Alpha"}, stats: Stats{Documents: 1, Redirects: 2}},
		{name: "quoted > in attributes", data: xmlDump(xmlPage("R", 0, "    <redirect title=\"a > b\" />\n", "x"),
			strings.Replace(ok, "<page>", "<page a='"+strings.Repeat(">", 100000)+"'>", 1)),
			titles: []string{"Alpha"}, stats: Stats{Documents: 1, Redirects: 1}},
		{name: "escaped title", data: xmlDump(xmlPage("Mr. &amp; Mrs.", 0, "", "x")),
			titles: []string{"Mr. & Mrs."}, stats: Stats{Documents: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			docs, st, err := readDumpAll(tc.name, []byte(tc.data), tc.opts)
			var titles []string
			for _, d := range docs {
				titles = append(titles, d.Title)
			}
			if fmt.Sprint(titles) != fmt.Sprint(tc.titles) || st != tc.stats {
				t.Errorf("yielded %q, %+v; want %q, %+v", titles, st, tc.titles, tc.stats)
			}
			switch {
			case tc.err == "" && err != nil:
				t.Errorf("error %v", err)
			case tc.err != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.err)):
				t.Errorf("error %v, want one starting %q", err, tc.err)
			}
			var dg diag.Diagnostic
			if err != nil && (!errors.As(err, &dg) || dg.Line == 0 || dg.Stage != diag.Extract) {
				t.Errorf("error %v is not a located extract diagnostic", err)
			}
		})
	}
}

// TestReadDumpPositions checks the position rule: lines of the dump, the
// first line's column after <text …>, offsets in the page text.
func TestReadDumpPositions(t *testing.T) {
	text := "Ünïcode first line\nsecond"
	docs, _, err := readDumpAll("pos.xml", []byte(xmlDump(xmlPage("Alpha", 0, "", text))), Options{})
	if err != nil || len(docs) != 1 {
		t.Fatalf("%d documents, %v", len(docs), err)
	}
	d := docs[0]
	if got, want := d.Lead().Pos, (Pos{Line: 11, Col: 34}); got != want {
		t.Errorf("lead at %+v, want %+v", got, want)
	}
	if want := newSource("pos.xml", Dump, []byte(text)); d.Source != want {
		t.Errorf("source %+v, want %+v", d.Source, want)
	}
	if want := (Revision{ID: 42, Timestamp: "2019-08-13T15:30:01Z"}); *d.Revision != want {
		t.Errorf("revision %+v, want %+v (the contributor's id must not be taken)", *d.Revision, want)
	}
}

func TestReadDumpWarnings(t *testing.T) {
	deleted := strings.Replace(xmlPage("Gone", 0, "", ""), `<text xml:space="preserve"></text>`, `<text deleted="deleted" />`, 1)
	untitled := strings.Replace(xmlPage("", 0, "", "x"), "<title></title>", "", 1)
	docs, st, err := readDumpAll("w.xml", []byte(xmlDump(deleted, untitled)), Options{})
	if err != nil || st.Documents != 2 {
		t.Fatalf("%+v, %v", st, err)
	}
	for i, want := range []string{`w.xml:3:3: extract: page "Gone" has no revision text: read as empty [W-empty-page]`,
		`w.xml:14:3: extract: page has no <title>: using "page 7" [W-no-title]`} {
		if len(docs[i].Diagnostics) == 0 || docs[i].Diagnostics[0].String() != want {
			t.Errorf("document %d diagnostics %v, want %s", i, docs[i].Diagnostics, want)
		}
	}
}

func TestReadDumpYieldError(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	_, err := ReadDump("s.xml", bytes.NewReader(readCorpusFile(t, "wikidump_tests_simplewiki.xml")), Options{}, func(*Document) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("yield called %d times, error %v; want 1, stop", n, err)
	}
}

// TestReadDumpStreams checks that pages are yielded as they are read: the
// first page comes out before the reader has been drained.
func TestReadDumpStreams(t *testing.T) {
	data := readCorpusFile(t, "wikidump_tests_simplewiki.xml")
	r := &countingReader{r: bytes.NewReader(data)}
	first := -1
	_, err := ReadDump("s.xml", r, Options{}, func(*Document) error {
		if first < 0 {
			first = r.n
		}
		return nil
	})
	if err != nil || first < 0 || first >= len(data)/2 {
		t.Errorf("first page yielded after %d of %d bytes (%v)", first, len(data), err)
	}
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p[:min(len(p), 4096)])
	c.n += n
	return n, err
}

// FuzzReadDump checks that any input ends in documents or a located error,
// the same on every read, and the same when the input comes gzip-compressed;
// also under tiny limits.
func FuzzReadDump(f *testing.F) {
	f.Add([]byte(xmlDump(xmlPage("Alpha", 0, "", "'''Alpha''' is a letter.\n== H ==\n{| \n| a || b\n|}"))))
	f.Add([]byte(xmlDump(xmlPage("R", 0, "    <redirect title=\"Alpha\" />\n", "#REDIRECT [[Alpha]]"), xmlPage("T", 1, "", "x"))))
	f.Add([]byte(xmlDump(xmlPage("Mr. &amp; Mrs.", 0, "", "a &lt;ref&gt;b&lt;/ref&gt; &#10;c"))))
	f.Add([]byte("<mediawiki><page><title>A</title><revision><text>x</text></revision></page>"))
	f.Add([]byte("<html></html>"))
	f.Add(readCorpusFile(f, "wikidump_tests_enwiki-articles-partial.xml"))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, st, err := readDumpAll("f.xml", data, Options{})
		got := dumpText(t, docs, st, err)
		if again := readDumpText(t, "f.xml", data); !bytes.Equal(got, again) {
			t.Fatalf("two reads differ:\n%s\n---\n%s", got, again)
		}
		if st.Documents != len(docs) {
			t.Fatalf("Stats.Documents = %d, yielded %d", st.Documents, len(docs))
		}
		var dg diag.Diagnostic
		if err != nil && (!errors.As(err, &dg) || dg.File != "f.xml" || dg.Line < 1 || dg.Col < 1) {
			t.Fatalf("error %v is not located in f.xml", err)
		}
		// Tiny limits: any page or run may pass them, never without a located error.
		if _, _, err := readDumpAll("f.xml", data, Options{Limits: Limits{Article: 64, Line: 16}}); err != nil &&
			(!errors.As(err, &dg) || dg.File != "f.xml" || dg.Line < 1 || dg.Col < 1) {
			t.Fatalf("under small limits, error %v is not located in f.xml", err)
		}
		for _, d := range docs {
			if d.Title == "" || d.Revision == nil || d.Source.Dialect != Dump || d.Source.Path != "f.xml" {
				t.Fatalf("document %q: source %+v, revision %v", d.Title, d.Source, d.Revision)
			}
		}
		if bytes.HasPrefix(data, []byte{0x1f, 0x8b}) || bytes.HasPrefix(data, []byte("BZh")) {
			return // compressed again, it would be read once decompressed only
		}
		if want, ok := referenceDump(data); ok {
			if err != nil && !strings.Contains(err.Error(), "is not part of a MediaWiki export") {
				t.Fatalf("encoding/xml reads the dump, ReadDump fails: %v", err)
			}
			if err == nil {
				var gotPages []string
				for _, d := range docs {
					gotPages = append(gotPages, fmt.Sprintf("%q %s %d %q", d.Title, d.Source.SHA256, d.Revision.ID, d.Revision.Timestamp))
				}
				if fmt.Sprint(gotPages, st) != fmt.Sprint(want.pages, want.stats) {
					t.Fatalf("ReadDump gives\n%q %+v\nencoding/xml gives\n%q %+v", gotPages, st, want.pages, want.stats)
				}
			}
		}
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write(data)
		zw.Close()
		if zipped := readDumpText(t, "f.xml", gz.Bytes()); !bytes.Equal(got, zipped) {
			t.Fatalf("plain and gzip reads differ:\n%s\n---\n%s", got, zipped)
		}
	})
}

// BenchmarkExtractDump reads the 196-page dump, plain and bzip2; bytes are
// the uncompressed XML.
func BenchmarkExtractDump(b *testing.B) {
	bz := readCorpusFile(b, "wikidump_benches_enwiki-10k.xml.bz2")
	plain, err := io.ReadAll(bzip2.NewReader(bytes.NewReader(bz)))
	if err != nil {
		b.Fatal(err)
	}
	for _, in := range []struct {
		name string
		data []byte
	}{{"xml", plain}, {"bz2", bz}} {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(plain)))
			for b.Loop() {
				if _, err := ReadDump(in.name, bytes.NewReader(in.data), Options{}, func(*Document) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// refPages is what the reference reader makes of a dump.
type refPages struct {
	pages []string // title, sha256 of the text, revision id and timestamp
	stats Stats
}

// referenceDump reads a plain dump with encoding/xml by ReadDump's rules; ok
// is false where encoding/xml, or the rule that only white space lies outside
// the root, rejects it.
func referenceDump(data []byte) (ref refPages, ok bool) {
	var dump struct {
		Pages []struct {
			Title    string    `xml:"title"`
			NS       string    `xml:"ns"`
			ID       string    `xml:"id"`
			Redirect *struct{} `xml:"redirect"`
			Revision []struct {
				ID        string `xml:"id"`
				Timestamp string `xml:"timestamp"`
				Text      *struct {
					Attrs []xml.Attr `xml:",any,attr"`
					Body  string     `xml:",chardata"`
				} `xml:"text"`
			} `xml:"revision"`
		} `xml:"page"`
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	roots := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return ref, false
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return ref, false
			}
		case xml.StartElement:
			if roots++; roots > 1 || t.Name.Local != "mediawiki" || dec.DecodeElement(&dump, &t) != nil {
				return ref, false
			}
		}
	}
	if roots == 0 {
		return ref, false
	}
	for _, p := range dump.Pages {
		var id, timestamp, text string
		hasText := false
		if n := len(p.Revision); n > 0 {
			rev := p.Revision[n-1]
			id, timestamp = rev.ID, strings.TrimSpace(rev.Timestamp)
			if rev.Text != nil {
				text, hasText = rev.Text.Body, !slices.ContainsFunc(rev.Text.Attrs, func(a xml.Attr) bool { return a.Name.Local == "deleted" })
			}
		}
		switch {
		case strings.TrimSpace(p.NS) != "" && strings.TrimSpace(p.NS) != "0":
			ref.stats.Skipped++
			continue
		case p.Redirect != nil || isRedirect([]byte(text)):
			ref.stats.Redirects++
			continue
		}
		if !hasText {
			text = ""
		}
		title := p.Title
		if title == "" {
			title = "page " + strings.TrimSpace(p.ID)
		}
		revID, _ := strconv.ParseInt(strings.TrimSpace(id), 10, 64)
		ref.pages = append(ref.pages, fmt.Sprintf("%q %s %d %q", title, newSource("", Dump, []byte(text)).SHA256, revID, timestamp))
		ref.stats.Documents++
	}
	return ref, true
}
