package extract

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
)

// TestDetectCorpus sniffs every input of the corpus, whose dialect its
// folder names.
func TestDetectCorpus(t *testing.T) {
	for _, tt := range []struct {
		glob string
		want Dialect
	}{
		{"../testdata/corpus/seed/*.txt", Text},
		{"../testdata/corpus/pages/*.txt", Text},
		{"../testdata/corpus/wikitext/*.txt", Wikitext},
		{"../testdata/corpus/html/*.html", HTML},
		{"../testdata/corpus/dumps/*.xml*", Dump},
	} {
		paths, err := filepath.Glob(tt.glob)
		if err != nil || len(paths) == 0 {
			t.Fatalf("%s: no files (%v)", tt.glob, err)
		}
		for _, path := range paths {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got := Detect(data[:min(len(data), SniffSize)])
			if got != tt.want {
				t.Errorf("%s: Detect = %s, want %s", path, got, tt.want)
			}
		}
	}
}

// TestDetect covers the edges: compressed heads, BOM, CRLF, blank input and
// text without its title line.
func TestDetect(t *testing.T) {
	for _, tt := range []struct {
		name, head string
		want       Dialect
	}{
		{"gzip", "\x1f\x8b\x08\x00", Dump},
		{"bzip2", "BZh91AY&SY", Dump},
		{"xml dump", "<?xml version=\"1.0\"?>\n<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.10/\">", Dump},
		{"html", "<!DOCTYPE html>\n<html><body><p>x</p></body></html>", HTML},
		{"html after blank lines", "\n\n  <html>", HTML},
		{"html after a comment", "<!-- saved page -->\n<!DOCTYPE html><html>", HTML},
		{"wikitext after comments", "<!-- a --> <!-- b -->\n{{Infobox x}}\n'''X'''", Wikitext},
		{"unclosed comment", "<!-- never closed", HTML},
		{"text title", "= Title =\n\nText.\n", Text},
		{"text title with BOM and CRLF", "\ufeff= Title =\r\n\r\nText.\r\n", Text},
		{"text title holding wikitext markers", "= Title =\n{{x}} [[y]]\n", Text},
		{"level-2 heading is not a title", "== H ==\n[[link]]\n", Wikitext},
		{"wikitext template", "{{Infobox person\n| name = X\n}}\n'''X''' is", Wikitext},
		{"wikitext bold", "'''X''' is a person.\n", Wikitext},
		{"wikitext table", "{| class=\"wikitable\"\n|-\n| a\n|}\n", Wikitext},
		{"text without title", "Infobox\n- Party1: Azerbaijan\n", Text},
		{"empty", "", Text},
		{"whitespace", " \n\t\n", Text},
	} {
		if got := Detect([]byte(tt.head)); got != tt.want {
			t.Errorf("%s: Detect(%q) = %s, want %s", tt.name, tt.head, got, tt.want)
		}
	}
}

// TestParseAutoText checks that Parse sniffs the seed as text and gives the
// Document that ParseText gives.
func TestParseAutoText(t *testing.T) {
	data, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	var docs []*Document
	stats, err := Parse(seedPath, bytes.NewReader(data), Auto, Options{}, func(d *Document) error {
		docs = append(docs, d)
		return nil
	})
	if err != nil || stats.Documents != 1 || len(docs) != 1 {
		t.Fatalf("Parse: %v, %+v, %d documents", err, stats, len(docs))
	}
	got, want := docJSON(t, docs[0]), docJSON(t, ParseText(seedPath, data, Options{}))
	if !bytes.Equal(got, want) {
		t.Errorf("Parse(auto) differs from ParseText")
	}
}

// TestParseDescribesInput checks that Parse reports the dialect it read and
// the size and SHA-256 of every byte of the input, whatever the dialect needed
// of it: a whole file, a redirect that yields nothing, a dump with bytes
// after its end.
func TestParseDescribesInput(t *testing.T) {
	dumps, _ := filepath.Glob("../testdata/corpus/dumps/*.xml*")
	html, _ := filepath.Glob("../testdata/corpus/html/*.html")
	wikitext, _ := filepath.Glob("../testdata/corpus/wikitext/*.txt")
	if len(dumps) == 0 || len(html) == 0 || len(wikitext) == 0 {
		t.Fatal("corpus missing")
	}
	cases := []struct {
		name  string
		data  []byte
		given Dialect
		want  Input
	}{
		{name: "redirect", data: []byte("#REDIRECT [[Elsewhere]]\n"), given: Wikitext, want: Input{Dialect: Wikitext, Stats: Stats{Redirects: 1}}},
		{name: "dump with trailing bytes", data: append(readFile(t, "../testdata/corpus/dumps/wikidump_tests_simplewiki.xml"), "\n<!-- after the end -->\n"...), given: Auto, want: Input{Dialect: Dump}},
	}
	for _, f := range []struct {
		path string
		want Dialect
	}{{seedPath, Text}, {html[0], HTML}, {wikitext[0], Wikitext}, {dumps[len(dumps)-1], Dump}} {
		cases = append(cases, struct {
			name  string
			data  []byte
			given Dialect
			want  Input
		}{f.path, readFile(t, f.path), Auto, Input{Dialect: f.want}})
	}
	for _, tt := range cases {
		in, err := Parse(tt.name, bytes.NewReader(tt.data), tt.given, Options{}, func(*Document) error { return nil })
		sum := sha256.Sum256(tt.data)
		if err != nil || in.Dialect != tt.want.Dialect || in.Bytes != int64(len(tt.data)) || in.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: Parse = %+v, %v; want dialect %s, %d bytes, sha256 %x", tt.name, in, err, tt.want.Dialect, len(tt.data), sum)
		}
		if tt.want.Redirects != in.Redirects {
			t.Errorf("%s: %d redirects, want %d", tt.name, in.Redirects, tt.want.Redirects)
		}
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// FuzzParseDescribesInput holds Parse, for any input it reads without an
// error, to the size and SHA-256 of all the bytes, and to the dialect Detect
// gives for its head.
func FuzzParseDescribesInput(f *testing.F) {
	for _, seed := range []string{"= T =\nx\n", "{{Infobox x}}", "#REDIRECT [[X]]", "<html><p>x</p>", "<mediawiki><page><title>A</title><ns>0</ns><revision><text>x</text></revision></page></mediawiki>", "\x1f\x8b", ""} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := Parse("fuzz", bytes.NewReader(data), Auto, Options{}, func(*Document) error { return nil })
		if err != nil {
			return
		}
		sum, want := sha256.Sum256(data), Detect(data[:min(len(data), SniffSize)])
		if in.Bytes != int64(len(data)) || in.SHA256 != hex.EncodeToString(sum[:]) || in.Dialect != want {
			t.Errorf("Parse(%q) = %+v; want %d bytes, sha256 %x, dialect %s", data, in, len(data), sum, want)
		}
	})
}
