package transform

import (
	"strings"
	"testing"

	"github.com/wikipipe/wikipipe/extract"
)

func TestSplitParam(t *testing.T) {
	for _, tc := range []struct {
		key     string
		param   string
		ordinal int
	}{
		{"Party1", "party", 1},
		{"Party2", "party", 2},
		{"Term Start2", "term_start", 2},
		{"Envoytitle2", "envoytitle", 2},
		{"Popular Vote1", "popular_vote", 1},
		{"term_start12", "term_start", 12},
		{"Title", "title", 0},
		{"Filetype", "filetype", 0},
		{"Native name", "native_name", 0},
		{"  Flag   Year ", "flag_year", 0},
		{"Census 2010", "census_2010", 0}, // a year, not a group number
		{"Party 2", "party_2", 0},         // digits after a space name the key
		{"Image100", "image100", 0},       // three digits: not a group number
		{"Item0", "item0", 0},             // groups count from 1
		{"123", "123", 0},
		{"Партия2", "партия", 2},
		{"", "", 0},
	} {
		param, ord := SplitParam(tc.key)
		if param != tc.param || ord != tc.ordinal {
			t.Errorf("SplitParam(%q) = %q, %d; want %q, %d", tc.key, param, ord, tc.param, tc.ordinal)
		}
	}
}

func TestSplitFieldsBareKey(t *testing.T) {
	fields := []extract.Field{{Key: "Office"}, {Key: "Office2"}, {Key: "Name"}, {Key: "Term Start"}, {Key: "term_start3"}, {Key: "Successor"}}
	want := []split{{"office", 1}, {"office", 2}, {"name", 0}, {"term_start", 1}, {"term_start", 3}, {"successor", 0}}
	got := splitFields(fields)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%s → %v, want %v", fields[i].Key, got[i], want[i])
		}
	}
}

func TestAnchors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		headings []string
		want     []string
	}{
		{"spaces", []string{"Nagorno-Karabakh conflict", "  U.S.  Federal Grand_Jury Probe "}, []string{"Nagorno-Karabakh_conflict", "U.S._Federal_Grand_Jury_Probe"}},
		{"repeat", []string{"History", "Notes", "History", "History"}, []string{"History", "Notes", "History_2", "History_3"}},
		{"case-insensitive repeat", []string{"History", "history"}, []string{"History", "history_2"}},
		{"suffix taken", []string{"History 2", "History", "History"}, []string{"History_2", "History", "History_3"}},
		{"lead reserved", []string{"Lead", "lead"}, []string{"Lead_2", "lead_3"}},
		{"unicode kept", []string{"Əlaqələr", "Отношения", "روابط"}, []string{"Əlaqələr", "Отношения", "روابط"}},
		{"non-ascii case differs", []string{"Ə", "ə"}, []string{"Ə", "ə"}},
		{"punctuation kept", []string{"Q&A: \"why?\" (2000–2010)"}, []string{"Q&A:_\"why?\"_(2000–2010)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newAnchors()
			for i, h := range tc.headings {
				if got := a.next(h); got != tc.want[i] {
					t.Errorf("heading %q → %q, want %q", h, got, tc.want[i])
				}
			}
		})
	}
}

func TestAnchorCut(t *testing.T) {
	a := newAnchors()
	long := strings.Repeat("é", 600) // 1200 bytes
	got := a.next(long)
	if len(got) != 1024 || got != strings.Repeat("é", 512) {
		t.Errorf("anchor of %d bytes cut to %d bytes", len(long), len(got))
	}
	if got := a.next(strings.Repeat("a", 1023) + "é"); len(got) != 1023 {
		t.Errorf("a rune straddling the cut: %d bytes, want 1023", len(got))
	}
}

func TestArticleIDAndURL(t *testing.T) {
	for _, tc := range []struct{ title, id, url string }{
		{"Azerbaijan–United States relations", "Azerbaijan–United_States_relations", "https://en.wikipedia.org/wiki/Azerbaijan%E2%80%93United_States_relations"},
		{" Treaty of  Kars ", "Treaty_of_Kars", "https://en.wikipedia.org/wiki/Treaty_of_Kars"},
		{"Alsea (company)", "Alsea_(company)", "https://en.wikipedia.org/wiki/Alsea_(company)"},
		{"AT&T", "AT&T", "https://en.wikipedia.org/wiki/AT%26T"},
		{"What? 100% #1", "What?_100%_#1", "https://en.wikipedia.org/wiki/What%3F_100%25_%231"},
		{"Clint Murchison Sr.", "Clint_Murchison_Sr.", "https://en.wikipedia.org/wiki/Clint_Murchison_Sr."},
		{"Ganja, Azerbaijan", "Ganja,_Azerbaijan", "https://en.wikipedia.org/wiki/Ganja,_Azerbaijan"},
		{"Kars (disambiguation)/sub:page", "Kars_(disambiguation)/sub:page", "https://en.wikipedia.org/wiki/Kars_(disambiguation)/sub:page"},
		{"O'Brien \"Jr\"", "O'Brien_\"Jr\"", "https://en.wikipedia.org/wiki/O%27Brien_%22Jr%22"},
		{"رياضيات", "رياضيات", "https://ar.wikipedia.org/wiki/%D8%B1%D9%8A%D8%A7%D8%B6%D9%8A%D8%A7%D8%AA"},
	} {
		id := ArticleID(tc.title)
		if id != tc.id {
			t.Errorf("ArticleID(%q) = %q, want %q", tc.title, id, tc.id)
		}
		host := strings.TrimPrefix(tc.url, "https://")
		host = host[:strings.IndexByte(host, '/')]
		if got := URL(host, id); got != tc.url {
			t.Errorf("URL(%q, %q) = %q, want %q", host, id, got, tc.url)
		}
	}
}

// TestUnderscored checks the one-pass form of titles and keys against the
// rule it implements.
func TestUnderscored(t *testing.T) {
	for _, s := range []string{"", "_", " _ ", "Title", "title", "a_b", "a__b", "_a", "a_", "A b", "A\tb\v\fc\r\n", "x\x85y",
		"Term Start2", "term_start", "ÉCOLE normale", "bad\xffbyte", "a\u00a0b", "a\u2009b"} {
		id := strings.Join(strings.FieldsFunc(s, isSpaceOrUnderscore), "_")
		if got := ArticleID(s); got != id {
			t.Errorf("ArticleID(%q) = %q, want %q", s, got, id)
		}
		if got, want := normKey(s), strings.ToLower(id); got != want {
			t.Errorf("normKey(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestCountWords(t *testing.T) {
	for _, s := range []string{"", " ", "one", " two  words ", "a\nb\tc\u00a0d", "Əlaqələr və  روابط", "x\x85y", "bad\xff byte\v\f"} {
		if got, want := countWords(s), int64(len(strings.Fields(s))); got != want {
			t.Errorf("countWords(%q) = %d, want %d", s, got, want)
		}
	}
}
