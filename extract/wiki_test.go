package extract

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestParseWiki(t *testing.T) {
	tests := []struct {
		in   string
		want Wiki
		err  string
	}{
		{in: "en.wikipedia.org", want: Wiki{"en.wikipedia.org", "en"}},
		{in: " AR.Wikipedia.org. ", want: Wiki{"ar.wikipedia.org", "ar"}},
		{in: "simple.wikipedia.org", want: Wiki{"simple.wikipedia.org", "en"}},
		{in: "zh-yue.wikipedia.org", want: Wiki{"zh-yue.wikipedia.org", "yue"}},
		{in: "no.wikipedia.org", want: Wiki{"no.wikipedia.org", "nb"}},
		{in: "de.wiktionary.org", want: Wiki{"de.wiktionary.org", "de"}},
		{in: "commons.wikimedia.org", want: Wiki{"commons.wikimedia.org", "en"}},
		{in: "wiki.example.org", want: Wiki{"wiki.example.org", ""}},
		{in: "localhost", err: "not a host"},
		{in: "https://simple.wikipedia.org/wiki/Main_Page", want: Wiki{"simple.wikipedia.org", "en"}},
		{in: "//ar.wikipedia.org/wiki/", want: Wiki{"ar.wikipedia.org", "ar"}},
		{in: "http://fr.wikipedia.org:8080/w/index.php?title=X", want: Wiki{"fr.wikipedia.org:8080", "fr"}},
		{in: "127.0.0.1:8080", want: Wiki{"127.0.0.1:8080", ""}},
		{in: "en.wikipedia.org:http", err: "is not a host name"},
		{in: "en.wikipedia.org:0", err: "is not a host name"},
		{in: "simplewiki", want: Wiki{"simple.wikipedia.org", "en"}},
		{in: "arwiki", want: Wiki{"ar.wikipedia.org", "ar"}},
		{in: "zh_yuewiki", want: Wiki{"zh-yue.wikipedia.org", "yue"}},
		{in: "enwiktionary", want: Wiki{"en.wiktionary.org", "en"}},
		{in: "frwikivoyage", want: Wiki{"fr.wikivoyage.org", "fr"}},
		{in: "", err: "empty wiki"},
		{in: "wiki", err: "not a host"},
		{in: "/wiki/Main_Page", err: "not a host, a URL"},
		{in: "en.wiki pedia.org", err: "is not a host name"},
		{in: "en..wikipedia.org", err: "is not a host name"},
	}
	for _, tt := range tests {
		got, err := ParseWiki(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseWiki(%q) = %v, %v; want an error with %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseWiki(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func FuzzParseWiki(f *testing.F) {
	for _, s := range []string{"en.wikipedia.org", "//ar.wikipedia.org/wiki/", "simplewiki", "https://x/%zz", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWiki(s)
		if err != nil {
			return
		}
		if !validHostPort(w.Host) {
			t.Fatalf("ParseWiki(%q) = %v: not a host", s, w)
		}
		// A host parses to itself: the normal form is stable.
		if again, err := ParseWiki(w.Host); err != nil || again != w {
			t.Fatalf("ParseWiki(%q) = %v, but ParseWiki(%q) = %v, %v", s, w, w.Host, again, err)
		}
	})
}

func TestTitleFromURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Gen%C3%A7_x", "Genç x"},
		{"Albert_Einstein", "Albert Einstein"},
		{"AC%2FDC", "AC/DC"},
		{"C%2B%2B", "C++"},
		{"1+1", "1+1"},             // a plus is a plus in a path
		{"100%_pure", "100% pure"}, // not an escape: kept
		{"%FF%FE", "%FF%FE"},       // not UTF-8: kept
		{"Caf%c3%a9", "Café"},
	}
	for _, tt := range tests {
		if got := TitleFromURL(tt.in); got != tt.want {
			t.Errorf("TitleFromURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := titleFromPath("pages/Gen%C3%A7_x.wiki"); got != "Genç x" {
		t.Errorf("titleFromPath = %q", got)
	}
}

// The wiki, page ID and title a document gets from its source, the input
// (Options) or neither.
func TestDocumentWiki(t *testing.T) {
	read := func(path string, opts Options) *Document {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var docs []*Document
		if _, err := Parse(path, bytes.NewReader(data), Auto, opts, func(d *Document) error { docs = append(docs, d); return nil }); err != nil {
			t.Fatal(err)
		}
		return docs[0]
	}
	ar := Options{Wiki: "arwiki"}
	tests := []struct {
		path        string
		opts        Options
		want        Wiki
		pageID      int64
		item, title string
	}{
		{path: "../testdata/corpus/dumps/wikidump_tests_simplewiki.xml", want: Wiki{"simple.wikipedia.org", "en"}, pageID: 1, title: "April"},
		// The dump's <siteinfo> wins over the input's wiki.
		{path: "../testdata/corpus/dumps/wikidump_tests_simplewiki.xml", opts: ar, want: Wiki{"simple.wikipedia.org", "en"}, pageID: 1, title: "April"},
		{path: "../testdata/corpus/html/mobileapps_ar-Mathematics.html", want: Wiki{"ar.wikipedia.org", "ar"}, pageID: 38},
		{path: "../testdata/corpus/html/readability_wikipedia-2_source.html", want: Wiki{"en.wikipedia.org", "en"}, pageID: 4913064, item: "Q664", title: "New Zealand"},
		// A fragment names no wiki: the input's, else none.
		{path: "../testdata/corpus/html/mobileapps_parse_contents_zh.html", opts: Options{Wiki: "zh.wikipedia.org", Title: "X"}, want: Wiki{"zh.wikipedia.org", "zh"}, title: "X"},
		{path: "../testdata/corpus/html/mobileapps_parse_contents_zh.html", title: "mobileapps parse contents zh"},
		{path: "../testdata/corpus/wikitext/africaans.txt", opts: ar, want: Wiki{"ar.wikipedia.org", "ar"}, title: "africaans"},
		{path: "../testdata/corpus/wikitext/africaans.txt", opts: Options{Title: "Afrikaans"}, title: "Afrikaans"},
		{path: "../testdata/corpus/seed/azerbaijan-united-states-relations.txt", opts: Options{Title: "Ignored", Wiki: "https://az.wikipedia.org/wiki/X"}, want: Wiki{"az.wikipedia.org", "az"}, title: "Azerbaijan–United States relations"},
	}
	for _, tt := range tests {
		doc := read(tt.path, tt.opts)
		if doc.Wiki != tt.want || doc.PageID != tt.pageID || doc.WikidataItem != tt.item {
			t.Errorf("%s %+v: wiki %v, page %d, item %q; want %v, %d, %q", tt.path, tt.opts, doc.Wiki, doc.PageID, doc.WikidataItem, tt.want, tt.pageID, tt.item)
		}
		if tt.title != "" && doc.Title != tt.title {
			t.Errorf("%s %+v: title %q, want %q", tt.path, tt.opts, doc.Title, tt.title)
		}
		if tt.opts.Title != "" {
			for _, d := range doc.Diagnostics {
				if strings.Contains(d.Message, "file name") {
					t.Errorf("%s: a title was given, yet: %v", tt.path, d)
				}
			}
		}
	}
}

// A dump's wiki is its <siteinfo>'s <base>, else its <dbname>, else the
// input's; the page <id> is the page ID.
func TestDumpSiteinfo(t *testing.T) {
	page := "<page><title>X</title><ns>0</ns><id>42</id><revision><id>7</id><text>Hello.</text></revision></page>"
	for _, tt := range []struct {
		siteinfo string
		opts     Options
		want     Wiki
	}{
		{"<siteinfo><dbname>arwiki</dbname><base>https://simple.wikipedia.org/wiki/Main_Page</base></siteinfo>", Options{}, Wiki{"simple.wikipedia.org", "en"}},
		{"<siteinfo><dbname>arwiki</dbname><base>not a URL</base></siteinfo>", Options{}, Wiki{"ar.wikipedia.org", "ar"}},
		{"<siteinfo><namespaces><namespace key=\"0\"><base>x</base></namespace></namespaces></siteinfo>", Options{Wiki: "de.wikipedia.org"}, Wiki{"de.wikipedia.org", "de"}},
		{"", Options{}, Wiki{}},
		{"<siteinfo><dbname>enwiki</dbname></siteinfo>", Options{Wiki: "fr.wikipedia.org"}, Wiki{"en.wikipedia.org", "en"}},
	} {
		var docs []*Document
		_, err := ReadDump("d.xml", strings.NewReader("<mediawiki>"+tt.siteinfo+page+"</mediawiki>"), tt.opts, func(d *Document) error {
			docs = append(docs, d)
			return nil
		})
		if err != nil || len(docs) != 1 {
			t.Fatalf("%s: %d documents, %v", tt.siteinfo, len(docs), err)
		}
		if docs[0].Wiki != tt.want || docs[0].PageID != 42 {
			t.Errorf("%s %+v: wiki %v page %d, want %v and 42", tt.siteinfo, tt.opts, docs[0].Wiki, docs[0].PageID, tt.want)
		}
	}
}
