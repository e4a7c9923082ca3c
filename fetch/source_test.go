package fetch

import (
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	for _, tc := range []struct {
		url, wiki, scheme, title, category, err string
	}{
		{url: "https://en.wikipedia.org/wiki/Goryeo_ware", wiki: "en.wikipedia.org", scheme: "https", title: "Goryeo ware"},
		{url: "http://127.0.0.1:8080/wiki/Some_Title", wiki: "127.0.0.1:8080", scheme: "http", title: "Some Title"},
		{url: "https://de.wikipedia.org/wiki/M%C3%BCnchen", wiki: "de.wikipedia.org", scheme: "https", title: "München"},
		{url: "https://en.wikipedia.org/wiki/AC/DC", wiki: "en.wikipedia.org", scheme: "https", title: "AC/DC"},
		{url: "https://en.wikipedia.org/wiki/What%3F_(film)", wiki: "en.wikipedia.org", scheme: "https", title: "What? (film)"},
		{url: "https://en.wikipedia.org/wiki/Toronto#History", wiki: "en.wikipedia.org", scheme: "https", title: "Toronto"},
		{url: "https://en.wikipedia.org/wiki/__Two__spaces__", wiki: "en.wikipedia.org", scheme: "https", title: "Two spaces"},
		{url: "https://en.wikipedia.org/w/index.php?title=Goryeo_ware&action=view", wiki: "en.wikipedia.org", scheme: "https", title: "Goryeo ware"},
		{url: "https://en.wikipedia.org/wiki/Category:Cities_in_Ontario", wiki: "en.wikipedia.org", scheme: "https", category: "Cities in Ontario"},
		{url: "https://en.wikipedia.org/wiki/Category:", err: "no category name"},
		{url: "https://en.wikipedia.org/wiki/", err: "no title"},
		{url: "https://en.wikipedia.org/wiki/%23x", err: "no title"},
		{url: "https://en.wikipedia.org/about", err: "want a path /wiki/TITLE"},
		{url: "ftp://en.wikipedia.org/wiki/X", err: "want http:// or https://"},
		{url: "en.wikipedia.org/wiki/X", err: "want http:// or https://"},
		{url: "https:///wiki/X", err: "no host"},
		{url: "https://en.wikipedia.org/wiki/100%", err: "invalid URL escape"},
	} {
		src, err := ParseURL(tc.url)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), tc.url) {
				t.Errorf("%s: error %v, want one naming the URL and %q", tc.url, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.url, err)
			continue
		}
		var title string
		if len(src.Titles) == 1 {
			title = src.Titles[0]
		}
		if src.Wiki != tc.wiki || src.Scheme != tc.scheme || title != tc.title || src.Category != tc.category || len(src.Titles) > 1 {
			t.Errorf("%s: %+v", tc.url, src)
		}
		if err := src.Check(); err != nil {
			t.Errorf("%s: the parsed source does not check: %v", tc.url, err)
		}
	}
}

func TestSourceEndpoint(t *testing.T) {
	for _, tc := range []struct {
		src  Source
		want string
	}{
		{Source{Wiki: "en.wikipedia.org"}, "https://en.wikipedia.org/w/api.php"},
		{Source{Wiki: "127.0.0.1:99", Scheme: "http"}, "http://127.0.0.1:99/w/api.php"},
		{Source{Wiki: "wiki.example.org", API: "https://wiki.example.org/api.php"}, "https://wiki.example.org/api.php"},
	} {
		if got := tc.src.endpoint(); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.src, got, tc.want)
		}
	}
}

func TestSourceCheck(t *testing.T) {
	ok := []string{"A"}
	for _, tc := range []struct {
		src  Source
		want string
	}{
		{Source{Titles: ok}, "no wiki host"},
		{Source{Wiki: "w", Scheme: "ftp", Titles: ok}, `scheme "ftp"`},
		{Source{Wiki: "w"}, "want either titles or a category"},
		{Source{Wiki: "w", Titles: ok, Category: "C"}, "want either titles or a category"},
		{Source{Wiki: "w", Category: "Category:_"}, "no name"},
		{Source{Wiki: "w", Category: "C", Depth: -1}, "depth -1"},
		{Source{Wiki: "w", Titles: ok, Format: "pdf"}, `format "pdf"`},
		{Source{Wiki: "w", Titles: ok, API: "wiki.example.org/w/api.php"}, "want an http(s) URL"},
	} {
		if err := tc.src.Check(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want %s", tc.src, err, tc.want)
		}
	}
}

func TestNormalizeTitle(t *testing.T) {
	for in, want := range map[string]string{
		"Goryeo_ware": "Goryeo ware", " a  b ": "a b", "_x_": "x", "A#b": "A", "": "", "Ünïcode_é": "Ünïcode é",
	} {
		if got := NormalizeTitle(in); got != want {
			t.Errorf("NormalizeTitle(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEscapeTitle(t *testing.T) {
	for in, want := range map[string]string{
		"Goryeo ware": "Goryeo_ware", "AC/DC": "AC/DC", "What? (film)": "What%3F_(film)", "München": "M%C3%BCnchen",
		"Category:X & Y": "Category:X_%26_Y", "100%": "100%25",
	} {
		if got := escapeTitle(in); got != want {
			t.Errorf("escapeTitle(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseURL(f *testing.F) {
	for _, s := range []string{
		"https://en.wikipedia.org/wiki/Goryeo_ware", "http://127.0.0.1:8080/wiki/Category:X_y",
		"https://de.wikipedia.org/wiki/M%C3%BCnchen#a", "https://x/w/index.php?title=A_b", "https://x/wiki/%",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		src, err := ParseURL(raw)
		if err != nil {
			if !strings.Contains(err.Error(), "page URL") {
				t.Fatalf("error %v does not say what it parsed", err)
			}
			return
		}
		if err := src.Check(); err != nil {
			t.Fatalf("%q parses to a source that does not check: %v", raw, err)
		}
		name := src.Category
		if len(src.Titles) == 1 {
			name = src.Titles[0]
		}
		if name == "" || NormalizeTitle(name) != name {
			t.Fatalf("%q: title %q not normalised", raw, name)
		}
		// The page's URL on the wiki parses back to the same title.
		again, err := ParseURL(src.scheme() + "://" + src.Wiki + "/wiki/" + escapeTitle(fullTitle(src)))
		if err != nil || fullTitle(again) != fullTitle(src) {
			t.Fatalf("%q: %q does not round-trip: %+v, %v", raw, fullTitle(src), again, err)
		}
	})
}

func fullTitle(s Source) string {
	if s.Category != "" {
		return categoryTitle(s.Category)
	}
	return s.Titles[0]
}
