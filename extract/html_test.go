package extract

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wikipipe/wikipipe/internal/golden"
)

const htmlCorpus = "../testdata/corpus/html"

func hReadHTML(t testing.TB, name string) (string, []byte) {
	t.Helper()
	path := filepath.Join(htmlCorpus, name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, data
}

func hHtmlCorpusFiles(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(htmlCorpus, "*.html"))
	if err != nil || len(files) != 17 {
		t.Fatalf("want the 17 files of %s, got %d (%v)", htmlCorpus, len(files), err)
	}
	return files
}

func TestParseHTMLGolden(t *testing.T) {
	for _, path := range hHtmlCorpusFiles(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			_, data := hReadHTML(t, name)
			doc := ParseHTML(filepath.ToSlash(path), data, Options{})
			got, err := doc.JSON()
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata/golden/html", name+".golden"), got)
			hCheckHTMLDoc(t, doc, data)
		})
	}
}

// hCheckHTMLDoc checks what must hold of every document read from HTML:
// positions inside the input and on the start tag of their kind, tables
// rectangular, no hFootnote markers or edit links in the text.
func hCheckHTMLDoc(t testing.TB, doc *Document, data []byte) {
	t.Helper()
	hCheckDoc(t, doc, data, true)
}

// hCheckDoc is hCheckHTMLDoc; tags false checks only that positions are
// right and inside the input, for any input (the fuzz target), where
// elements the parser made up take a container's position and "[1]" may be
// text.
func hCheckDoc(t testing.TB, doc *Document, data []byte, tags bool) {
	t.Helper()
	for _, d := range doc.Diagnostics {
		if d.Line < 1 || d.Col < 1 {
			t.Errorf("diagnostic without a position: %s", d)
		}
	}
	lines, seen := newLineIndex(data), map[int]Pos{}
	at := func(what string, p Pos, want ...string) {
		t.Helper()
		if p.Line < 1 || p.Col < 1 || p.Offset < 0 || p.Offset > len(data) {
			t.Fatalf("%s at %+v: outside the input (%d bytes)", what, p, len(data))
		}
		exact, ok := seen[p.Offset] // span copies share their cell's position
		if !ok {
			exact = lines.pos(p.Offset)
			seen[p.Offset] = exact
		}
		if exact != p {
			t.Fatalf("%s at %+v: the offset is at %d:%d", what, p, exact.Line, exact.Col)
		}
		if !tags || len(want) == 0 || p.Offset == 0 {
			return
		}
		for _, tag := range want {
			if bytes.HasPrefix(bytes.ToLower(data[p.Offset:min(len(data), p.Offset+len(tag)+1)]), []byte("<"+tag)) {
				return
			}
		}
		t.Errorf("%s at %d:%d: want a start tag %v, got %.30q", what, p.Line, p.Col, want, data[p.Offset:])
	}
	text := func(what, s string) {
		t.Helper()
		if tags && hFootnote.MatchString(s) || strings.Contains(s, "[edit]") {
			t.Errorf("%s: hFootnote marker or edit link left in %q", what, s)
		}
	}
	for _, ib := range doc.Infoboxes {
		at("infobox", ib.Pos)
		for _, f := range ib.Fields {
			at("field "+f.Key, f.Pos)
			text("field "+f.Key, f.Value)
		}
	}
	doc.Walk(func(s *Section) {
		at("section "+s.Heading, s.Pos)
		for _, b := range s.Blocks {
			switch {
			case b.Paragraph != nil:
				at("paragraph", b.Paragraph.Pos)
				text("paragraph", b.Paragraph.Text)
			case b.List != nil:
				at("list", b.List.Pos, "ul", "ol", "dl")
				for _, it := range b.List.Items {
					at("list item", it.Pos, "li", "dt", "dd", "ul", "ol", "dl")
					text("list item", it.Text)
				}
			case b.Table != nil:
				at("table", b.Table.Pos, "table")
				hCheckRectangular(t, b.Table)
				for _, r := range append(append([]Row{}, b.Table.Header...), b.Table.Body...) {
					at("row", r.Pos, "tr")
					for _, c := range r.Cells {
						at("cell", c.Pos, "td", "th", "tr")
						text("cell", c.Text)
					}
				}
			}
		}
	})
}

// hFootnote matches a hFootnote marker: [1], [a], [lower-alpha 2], [note 3].
var hFootnote = regexp.MustCompile(`\[(\d{1,3}|[a-z]|lower-alpha \d+|note \d+)\]([^a-z]|$)`)

func hCheckRectangular(t testing.TB, tab *Table) {
	t.Helper()
	rows := append(append([]Row{}, tab.Header...), tab.Body...)
	for i, r := range rows {
		if len(r.Cells) != len(rows[0].Cells) {
			t.Errorf("table at %d:%d: row %d has %d cells, row 1 has %d", tab.Pos.Line, tab.Pos.Col, i+1, len(r.Cells), len(rows[0].Cells))
		}
	}
}

// TestParseHTMLUnitedStates is the check.
func TestParseHTMLUnitedStates(t *testing.T) {
	path, data := hReadHTML(t, "mobileapps_United_States.html")
	doc := ParseHTML(path, data, Options{})
	if doc.Title != "United States" {
		t.Errorf("title %q", doc.Title)
	}
	if len(doc.Infoboxes) == 0 {
		t.Fatal("no infobox")
	}
	ib := doc.Infoboxes[0]
	field := func(group, key string) *Field {
		for i, f := range ib.Fields {
			if f.Group == group && f.Key == key {
				return &ib.Fields[i]
			}
		}
		t.Errorf("no field %q / %q", group, key)
		return &Field{}
	}
	for _, tc := range []struct{ group, key, value string }{
		{"", "Capital", "Washington, D.C."},
		{"", "Largest city", "New York City"},
		{"", "Official languages", "None at federal level"},
		// The infobox shows the rank after the figure, "327,167,434 (3rd)":
		// the rank is a field of its own.
		{"Population", "2018 estimate", "327,167,434"},
		{"Population", "2018 estimate rank", "3rd"},
	} {
		if got := field(tc.group, tc.key).Value; got != tc.value {
			t.Errorf("%s / %s = %q, want %q", tc.group, tc.key, got, tc.value)
		}
	}
	// The capital's coordinates are a field of their own, right after it.
	for i, f := range ib.Fields {
		if f.Key == "Capital" {
			if next := ib.Fields[i+1]; next.Key != "Coordinates" || next.Value != "38.883; -77.017" {
				t.Errorf("after Capital: %+v, want its coordinates", next)
			}
		}
	}
	var tables []*Table
	doc.Walk(func(s *Section) {
		for _, b := range s.Blocks {
			if b.Table != nil {
				tables = append(tables, b.Table)
			}
		}
	})
	if len(tables) != 2 {
		t.Fatalf("%d tables, want the 2 wikitables", len(tables))
	}
	for _, tab := range tables {
		hCheckRectangular(t, tab)
	}
}

func hParseHTMLString(t testing.TB, src string, opts Options) *Document {
	t.Helper()
	doc := ParseHTML("test.html", []byte(src), opts)
	hCheckHTMLDoc(t, doc, []byte(src))
	return doc
}

func hWarnings(doc *Document) string {
	var b strings.Builder
	for _, d := range doc.Diagnostics {
		fmt.Fprintln(&b, d)
	}
	return b.String()
}

func hFirstTable(t testing.TB, doc *Document) *Table {
	t.Helper()
	var tab *Table
	doc.Walk(func(s *Section) {
		for _, b := range s.Blocks {
			if b.Table != nil && tab == nil {
				tab = b.Table
			}
		}
	})
	if tab == nil {
		t.Fatal("no table")
	}
	return tab
}

func TestParseHTMLSpans(t *testing.T) {
	src := `<h1>T</h1><table class="wikitable"><caption>Cap<sup class="reference">[1]</sup></caption>
<tr><th rowspan="2">A</th><th colspan="2">B</th></tr>
<tr><th>B1</th><th>B2</th></tr>
<tr><td data-sort-value="1">one</td><td rowspan="2">x</td><td>y</td></tr>
<tr><td>two</td><td>z</td></tr>
<tr><td colspan="0">w</td><td rowspan="-1">v</td></tr>
</table>`
	tab := hFirstTable(t, hParseHTMLString(t, src, Options{}))
	var got []string
	for _, r := range append(tab.Header, tab.Body...) {
		var cells []string
		for _, c := range r.Cells {
			cells = append(cells, c.Text)
		}
		got = append(got, strings.Join(cells, "|"))
	}
	want := []string{"A|B|B", "A|B1|B2", "one|x|y", "two|x|z", "w|v|"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || len(tab.Header) != 2 || tab.Caption != "Cap" {
		t.Errorf("got %d header rows, caption %q, rows\n%s\nwant\n%s", len(tab.Header), tab.Caption, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if c := tab.Body[0].Cells[0]; c.SortValue != "1" || c.Header {
		t.Errorf("cell %+v: want sort value 1, not a header", c)
	}
}

func TestParseHTMLHostile(t *testing.T) {
	deep := strings.Repeat(`<table class="wikitable"><tr><td>`, 200) + "core" + strings.Repeat("</td></tr></table>", 200)
	for _, tc := range []struct {
		name, src string
		check     func(t *testing.T, doc *Document)
	}{
		{"unclosed tags", `<html><body><h2>Sec<p>one <b>bold <i>both<p>two<ul><li>a<li>b</ul><table class=wikitable><tr><td>c<td>d`, func(t *testing.T, doc *Document) {
			s := doc.Sections[1]
			if s.Heading == "" || len(s.Blocks) == 0 {
				t.Errorf("section %+v", s)
			}
			if tab := hFirstTable(t, doc); len(tab.Body) != 1 || len(tab.Body[0].Cells) != 2 {
				t.Errorf("table %+v", tab)
			}
		}},
		{"rowspan 10000", `<title>T</title><table class="wikitable"><tr><td rowspan="10000">a</td><td>b</td></tr><tr><td>c</td></tr></table>`, func(t *testing.T, doc *Document) {
			if tab := hFirstTable(t, doc); len(tab.Body) != 2 {
				t.Errorf("%d rows, want 2: a rowspan makes no rows", len(tab.Body))
			}
			if !strings.Contains(hWarnings(doc), `test.html:1:46: extract: rowspan="10000" capped at 1000`) {
				t.Errorf("hWarnings:\n%s", hWarnings(doc))
			}
		}},
		{"colspan 1000000", `<title>T</title><table class="wikitable"><tr><td colspan="1000000">a</td><td colspan="99999999999999999999">b</td></tr></table>`, func(t *testing.T, doc *Document) {
			if tab := hFirstTable(t, doc); len(tab.Body[0].Cells) != hMaxColumns {
				t.Errorf("%d cells, want %d", len(tab.Body[0].Cells), hMaxColumns)
			}
			w := hWarnings(doc)
			if !strings.Contains(w, `colspan="1000000" capped at 1000`) || !strings.Contains(w, "more than 1000 columns") {
				t.Errorf("hWarnings:\n%s", w)
			}
		}},
		{"cell budget", `<title>T</title><table class="wikitable">` + strings.Repeat(`<tr><td colspan="1000">a</td></tr>`, 3000) + `</table>`, func(t *testing.T, doc *Document) {
			tab := hFirstTable(t, doc)
			if n := len(tab.Body) * len(tab.Body[0].Cells); n > hMaxDocCells || len(tab.Body) == 3000 {
				t.Errorf("%d rows of %d cells", len(tab.Body), len(tab.Body[0].Cells))
			}
			if !strings.Contains(hWarnings(doc), "table too large") {
				t.Errorf("hWarnings:\n%s", hWarnings(doc))
			}
		}},
		{"200-deep nested tables", "<title>T</title>" + deep, func(t *testing.T, doc *Document) {
			if tab := hFirstTable(t, doc); tab.Body[0].Cells[0].Text != "core" {
				t.Errorf("cell %q", tab.Body[0].Cells[0].Text)
			}
			if !strings.Contains(hWarnings(doc), "test.html:1:1: extract: html: open stack of elements exceeds 512 nodes: the elements nested deeper than 100 levels are read as text") {
				t.Errorf("warnings:\n%s", hWarnings(doc))
			}
		}},
		{"200-deep layout tables", "<title>T</title>" + strings.ReplaceAll(deep, ` class="wikitable"`, ""), func(t *testing.T, doc *Document) {
			if p := doc.Lead().Blocks[0].Paragraph; p == nil || p.Text != "core" {
				t.Errorf("lead %+v", doc.Lead().Blocks)
			}
		}},
		{"no title", `<p>Just text.</p>`, func(t *testing.T, doc *Document) {
			if doc.Title != "test" || !strings.Contains(hWarnings(doc), "test.html:1:1: extract: no title") {
				t.Errorf("title %q, hWarnings:\n%s", doc.Title, hWarnings(doc))
			}
		}},
		{"scripts and styles", `<title>T</title><script>var secret1 = 1;</script><style>.secret2{}</style>
<p>a<script>secret3()</script>b<style>secret4</style></p><noscript>secret5</noscript><table class="wikitable"><tr><td>c<script>secret6</script></td></tr></table>
<div style="display: none">secret7</div><span class="noprint">secret8</span><svg><style>secret9</style><text>secret10</text></svg>`, func(t *testing.T, doc *Document) {
			js, _ := doc.JSON()
			if bytes.Contains(js, []byte("secret")) {
				t.Errorf("script, style or hidden text in %s", js)
			}
			if p := doc.Lead().Blocks[0].Paragraph; p == nil || p.Text != "ab" {
				t.Errorf("lead %+v", doc.Lead().Blocks)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.check(t, hParseHTMLString(t, tc.src, Options{}))
		})
	}
}

// hLargePage generates a page of about size bytes: sections with
// paragraphs, nested lists and a table with a rowspan.
func hLargePage(size int) []byte {
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html><html><head><title>Large</title></head><body>")
	para := "<p>" + strings.Repeat("Word <a href=\"./Link\">link</a> text, ", 60) + "<sup class=\"reference\">[1]</sup></p>\n"
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "<h2>Section %d</h2>\n%s%s<ul><li>one</li><li>two<ul><li>deep</li></ul></li></ul>\n", i, para, para)
		fmt.Fprintf(&b, "<table class=\"wikitable\"><tr><th>A</th><th>B</th></tr><tr><td rowspan=\"2\">%d</td><td>x</td></tr><tr><td>y</td></tr></table>\n", i)
	}
	return b.Bytes()
}

// TestParseHTMLLarge reads a 50 MB page in time linear in its size: within
// 2.5 times ten times what a 5 MB page takes (plus slack for a busy machine).
func TestParseHTMLLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB page")
	}
	timed := func(data []byte) (*Document, time.Duration) {
		start := time.Now()
		doc := ParseHTML("large.html", data, Options{})
		elapsed := time.Since(start)
		t.Logf("%d bytes in %v (%.1f MB/s)", len(data), elapsed, float64(len(data))/1e6/elapsed.Seconds())
		return doc, elapsed
	}
	_, small := timed(hLargePage(5 << 20))
	data := hLargePage(50 << 20)
	doc, elapsed := timed(data)
	if limit := 25*small + 30*time.Second; elapsed > limit {
		t.Errorf("50 MB took %v, over %v: not linear", elapsed, limit)
	}
	if len(doc.Sections) < 10000 || len(doc.Diagnostics) != 0 {
		t.Errorf("%d sections, diagnostics %v", len(doc.Sections), doc.Diagnostics[:min(3, len(doc.Diagnostics))])
	}
	last := doc.Sections[len(doc.Sections)-1]
	if p := last.Pos; p.Offset <= len(data)-10000 || !bytes.HasPrefix(data[p.Offset:], []byte("<h2>")) {
		t.Errorf("last section at %+v", p)
	}
}

// TestParseHTMLShapes reads the small shapes of both HTML forms.
func TestParseHTMLShapes(t *testing.T) {
	src := `<html><head><title>Page - Wikipedia</title></head><body>
<h1 id="firstHeading">Page</h1>
<div id="mw-content-text"><div class="mw-parser-output">
<div role="note" class="hatnote">For other uses, see X.</div>
<p><span id="coordinates">Coordinates: <span class="geo-default"><span class="geo-dms">1°N 2°E</span></span><span class="geo-nondefault"><span class="geo">1.0; 2.0</span></span></span>Lead<sup class="reference">[1]</sup> text&nbsp;with <a href="/wiki/Some_Page">a link</a>, <span class="mwe-math-element"><span style="display:none"><math alttext="{\displaystyle x^2}"></math></span><img alt="x^2"></span>.</p>
<div class="mw-heading mw-heading2"><h2 id="A">Alpha</h2><span class="mw-editsection">[<a href="#">edit</a>]</span></div>
<p>In A.<span class="noprint">[citation needed]</span></p>
<h3><span class="mw-headline" id="B">Beta</span><span class="mw-editsection">[edit]</span></h3>
<ul><li>one<ul><li>one.one</li></ul></li><li>two</li></ul>
<ol><li>first</li></ol>
<h2>Gamma</h2>
<div class="navbox">Navigation</div><div id="toc" class="toc">Contents</div>
<div class="reflist"><ol class="references"><li>A reference</li></ol></div>
</div></div></body></html>`
	doc := hParseHTMLString(t, src, Options{})
	got := fmt.Sprintf("%s|", doc.Title)
	doc.Walk(func(s *Section) {
		got += fmt.Sprintf("\n%d %s:", s.Level, s.Heading)
		for _, b := range s.Blocks {
			switch {
			case b.Paragraph != nil:
				got += fmt.Sprintf(" p(%s %v)", b.Paragraph.Text, b.Paragraph.Links)
			case b.List != nil:
				for _, it := range b.List.Items {
					got += fmt.Sprintf(" %s%d(%s)", it.Marker, it.Depth, it.Text)
				}
			}
		}
	})
	want := `Page|
0 : p(Lead text with a link, x^2. [{Some Page a link}])
2 Alpha: p(In A. [])
3 Beta: *1(one) *2(one.one) *1(two) #1(first)
2 Gamma:`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(doc.Infoboxes) != 1 || doc.Infoboxes[0].Name != "Coordinates" || doc.Infoboxes[0].Fields[0].Value != "1.0; 2.0" {
		t.Errorf("the page's coordinates: %+v", doc.Infoboxes)
	}
}

// TestParseHTMLInfobox reads the rows of an infobox.
func TestParseHTMLInfobox(t *testing.T) {
	src := `<title>T</title><table class="infobox"><caption>Name<div>Other: name</div></caption>
<tr><td colspan="2"><img src="a.png"><div>A caption</div></td></tr>
<tr><th>Capital</th><td><ul><li><a href="./C">C</a></li><li><span class="plainlinks"><span class="geo-dms">1°N</span><span class="geo">1; 2</span></span></li></ul></td></tr>
<tr><th>Languages:</th><td>One<br>Two<sup class="reference">[a]</sup></td></tr>
<tr class="mergedtoprow"><th colspan="2">Population</th></tr>
<tr class="mergedrow"><th>• 2018 estimate</th><td>100</td></tr>
<tr><th>Government</th><td>Republic</td></tr>
<tr><th>• President</th><td>P</td></tr>
<tr><th rowspan="2">Growth</th><td>1%</td></tr>
<tr><td>2%</td></tr>
<tr><td></td><td>3%</td></tr>
<tr><th colspan="2">Awards</th></tr>
<tr><td colspan="2"><ul><li>X</li><li>Y</li></ul></td></tr>
<tr><th>Signature</th><td><img src="s.png"></td></tr>
</table>`
	doc := hParseHTMLString(t, src, Options{})
	var got []string
	for _, f := range doc.Infoboxes[0].Fields {
		got = append(got, fmt.Sprintf("%s/%s=%s%q", f.Group, f.Key, f.Value, f.Items))
	}
	want := []string{`/Other=name[]`, `/Capital=C[]`, `/Coordinates=1; 2[]`, `/Languages=One, Two["One" "Two"]`,
		`Population/2018 estimate=100[]`, `/Government=Republic[]`, `Government/President=P[]`,
		`/Growth=1%[]`, `/Growth=2%[]`, `/Growth=3%[]`, `Awards/Awards=X, Y["X" "Y"]`}
	if doc.Infoboxes[0].Name != "Name" || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("infobox %q, fields\n%s\nwant\n%s", doc.Infoboxes[0].Name, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestHSplitRank(t *testing.T) {
	for _, tc := range []struct{ in, value, rank string }{
		{"327,167,434 (3rd)", "327,167,434", "3rd"},
		{"9,833,520 km2 (3rd/4th)", "9,833,520 km2 (3rd/4th)", ""},
		{"$20.513 trillion (1st)", "$20.513 trillion", "1st"},
		{"0.924 (13th)", "0.924", "13th"},
		{"New York City", "New York City", ""},
		{"(2nd)", "(2nd)", ""},
		{"Washington (state)", "Washington (state)", ""},
		{"x (th)", "x (th)", ""},
		{"x (12)", "x (12)", ""},
		{"x (1 t)", "x (1 t)", ""},
	} {
		if v, r := hSplitRank(tc.in); v != tc.value || r != tc.rank {
			t.Errorf("hSplitRank(%q) = %q, %q; want %q, %q", tc.in, v, r, tc.value, tc.rank)
		}
	}
}
