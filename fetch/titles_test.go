package fetch

import (
	"fmt"
	"strings"
	"testing"
)

func TestReadTitles(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{in: "Goryeo_ware\n\n# a comment\n  Royal Cinema  \r\nMünchen", want: "[Goryeo ware Royal Cinema München]"},
		{in: "", want: "[]"},
		{in: "A\nB|C\n", err: `titles.txt:2:2: fetch: '|' cannot be in a title`},
		{in: "A\tB", err: `titles.txt:1:2: fetch: '\t' cannot be in a title`},
		{in: "é\x7f", err: `titles.txt:1:2: fetch: '\x7f' cannot be in a title`},
		{in: "A\n_\n", err: `titles.txt:2:1: fetch: "_" names no page`},
		{in: "\xff", err: `titles.txt:1:1: fetch: the title is not UTF-8`},
		{in: strings.Repeat("a", 70<<10), err: `titles.txt: fetch: bufio.Scanner: token too long`},
	} {
		got, err := ReadTitles(strings.NewReader(tc.in), "titles.txt")
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%.20q: error %v, want %s", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || fmt.Sprint(got) != tc.want {
			t.Errorf("%.20q: %q, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

func FuzzReadTitles(f *testing.F) {
	f.Add("Goryeo_ware\n# c\n\nRoyal Cinema\r\n")
	f.Add("a|b\n\xff")
	f.Fuzz(func(t *testing.T, in string) {
		titles, err := ReadTitles(strings.NewReader(in), "titles.txt")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "titles.txt:") {
				t.Fatalf("unlocated error %v", err)
			}
			return
		}
		for _, title := range titles {
			if title == "" || NormalizeTitle(title) != title || strings.Contains(title, "|") {
				t.Fatalf("title %q", title)
			}
		}
	})
}

func TestMergeSources(t *testing.T) {
	a1 := Source{Wiki: "a", Titles: []string{"1"}}
	a2 := Source{Wiki: "a", Scheme: "https", Titles: []string{"2", "3"}}
	cat := Source{Wiki: "a", Category: "C"}
	html := Source{Wiki: "a", Titles: []string{"4"}, Format: HTML}
	b := Source{Wiki: "b", Titles: []string{"5"}}
	got := MergeSources([]Source{a1, a2, cat, a1, html, html, b, b})
	var parts []string
	for _, s := range got {
		parts = append(parts, fmt.Sprintf("%s:%s%v%s", s.Wiki, s.Category, s.Titles, s.format()))
	}
	if g := strings.Join(parts, " "); g != "a:[1 2 3]wikitext a:C[]wikitext a:[1]wikitext a:[4 4]html b:[5 5]wikitext" {
		t.Errorf("merged to %s", g)
	}
	if len(a2.Titles) != 2 || len(a1.Titles) != 1 {
		t.Error("MergeSources changed its input")
	}
}
