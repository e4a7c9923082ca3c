package extract

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// parseWT parses a crafted input and checks it with the oracle.
func parseWT(t testing.TB, src string) *Document {
	t.Helper()
	doc := ParseWikitext("crafted.txt", []byte(src), Options{})
	checkWikitextDoc(t, []byte(src), doc)
	return doc
}

// leadText joins the text of the lead's paragraphs with newlines.
func leadText(doc *Document) string {
	var parts []string
	for _, b := range doc.Lead().Blocks {
		if b.Paragraph != nil {
			parts = append(parts, b.Paragraph.Text)
		}
	}
	return strings.Join(parts, "\n")
}

func TestWikitextInline(t *testing.T) {
	cases := []struct{ src, want string }{
		{"[[Falkirk]], [[Walter Alexander Coachbuilders|Alexander]]'s", "Falkirk, Alexander's"},
		{"[[bus]]es and [[a (b)|]] and [[:Category:X|cats]]", "buses and a and cats"},
		{"'''bold''' and ''italic'' and '''''both''''' l''''avion", "bold and italic and both l'avion"},
		{`a<ref>cite {{x|y}}</ref> b<ref name="n" /> c<ref name=n>z</ref>`, "a b c"},
		{"a<!-- hidden\nstill -->b __TOC__ c", "ab c"},
		{"x [[Category:Foo]][[File:a.jpg|thumb|cap [[y]]]] [[de:Foo]] z", "x z"},
		{"[http://example.com Example site] and [http://bare.org]", "Example site and"},
		{"{{flag|Poland}} {{flagcountry|France}} {{flagicon|USA}}!", "Poland France !"},
		{"{{start date|1993|10|10}} {{birth date and age|1958|4|4|df=y}} {{death date and age|2001|1|2|1920|3|4}}", "1993-10-10 1958-04-04 2001-01-02"},
		{"{{start date|1993}} {{start date|1993|5}}", "1993 1993-05"},
		{"{{convert|93|m|ft}} and {{convert|5|to|10|km}} and {{cvt|3|-|4|mi}}", "93 m and 5 to 10 km and 3–4 mi"},
		{"{{nowrap|New York}} {{lang|fr|Bonjour}} {{lang-de|Hallo}}", "New York Bonjour Hallo"},
		{"''{{sortname|A|Long Way Down|dab=film}}'' {{nbsp}}{{ndash}}{{snd}}x", "A Long Way Down – – x"},
		{"a {{ubl|b|c}} d {{hlist|e|f}}", "a b, c d e, f"},
		{"&amp; &lt;x&gt; 5&nbsp;km &ndash; &#8212;", "& <x> 5 km – —"},
		{`a<br/>b<br>c <span style="x">d</span> <nowiki>[[e]]</nowiki> <math>x^2</math>`, "a b c d [[e]] x^2"},
		{"{{cite web|url=x}} keep {{Unknown|[[a]]}}", "keep"},
	}
	for _, c := range cases {
		doc := parseWT(t, c.src)
		if got := leadText(doc); got != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.src, got, c.want)
		}
	}
}

func TestWikitextLinksAndTemplates(t *testing.T) {
	doc := parseWT(t, "The [[Walter Alexander Coachbuilders|Alexander]] [[bus]]es {{Citation needed|date=May 2020}}{{nowrap|[[X]]}}.")
	p := doc.Lead().Blocks[0].Paragraph
	want := []Link{{"Walter Alexander Coachbuilders", "Alexander"}, {"bus", "buses"}, {"X", "X"}}
	if fmt.Sprint(p.Links) != fmt.Sprint(want) {
		t.Errorf("links %v, want %v", p.Links, want)
	}
	if fmt.Sprint(p.Templates) != "[Citation needed]" {
		t.Errorf("templates %v", p.Templates)
	}
}

func TestWikitextInfobox(t *testing.T) {
	src := "{{infobox_settlement <!-- c -->\n| name = Bodmin\n| party = {{ubl|[[Labour Party (UK)|Labour]]|Green}}\n" +
		"|other= a<br />b\n| list =\n* one\n* two\n|positional|  second \n| date = {{Start date|1993|10|10}}<ref>x</ref>\n" +
		"| nested = {{Infobox person|embed=yes|name=X}}\n}}\n{{Taxobox|regnum=Animalia}}"
	doc := parseWT(t, src)
	if len(doc.Infoboxes) != 3 {
		t.Fatalf("%d infoboxes, want 3: %+v", len(doc.Infoboxes), doc.Infoboxes)
	}
	ib := doc.Infoboxes[0]
	if ib.Name != "infobox settlement" {
		t.Errorf("name %q", ib.Name)
	}
	var got []string
	for _, f := range ib.Fields {
		got = append(got, fmt.Sprintf("%s=%s%v", f.Key, f.Value, f.Items))
	}
	want := "name=Bodmin[] party=Labour, Green[Labour Green] other=a, b[a b] list=one, two[one two] 1=positional[] 2=second[] date=1993-10-10[] nested=[]"
	if strings.Join(got, " ") != want {
		t.Errorf("fields\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	if f := ib.Fields[0]; f.Pos.Line != 2 || f.Pos.Col != 3 {
		t.Errorf("field pos %+v", f.Pos)
	}
	if doc.Infoboxes[1].Name != "Infobox person" || doc.Infoboxes[2].Name != "Taxobox" {
		t.Errorf("nested/taxobox: %q %q", doc.Infoboxes[1].Name, doc.Infoboxes[2].Name)
	}
	doc = ParseWikitext("x.txt", []byte("{{Taxobox|a=1}}{{Mybox|b=2}}"), Options{InfoboxNames: []string{"mybox"}})
	if len(doc.Infoboxes) != 2 || doc.Infoboxes[1].Name != "Mybox" {
		t.Errorf("InfoboxNames adds to the default list: %+v", doc.Infoboxes)
	}
}

// wtTableString renders a table's rows as "a|b;c|d" (header rows marked "H:").
func wtTableString(tb *Table) string {
	var rows []string
	for i, r := range append(append([]Row{}, tb.Header...), tb.Body...) {
		var cells []string
		for _, c := range r.Cells {
			cells = append(cells, c.Text)
		}
		row := strings.Join(cells, "|")
		if i < len(tb.Header) {
			row = "H:" + row
		}
		rows = append(rows, row)
	}
	return strings.Join(rows, ";")
}

func tablesOf(doc *Document) []*Table {
	var tables []*Table
	doc.Walk(func(s *Section) {
		for _, b := range s.Blocks {
			if b.Table != nil {
				tables = append(tables, b.Table)
			}
		}
	})
	return tables
}

func TestWikitextTables(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"basic", "{| class=\"wikitable\"\n|+ Visits\n|-\n! A !! B\n|-\n| 1 || [[x|2]]\n|-\n| style=\"a\" | 3\n| 4\n|}", "H:A|B;1|2;3|4"},
		{"rowspan", "{|\n|-\n|rowspan=2|a||b\n|-\n|c\n|-\n|d||e\n|}", "a|b;a|c;d|e"},
		{"colspan", "{|\n! colspan=\"2\" | wide\n|-\n|x||y\n|}", "H:wide|wide;x|y"},
		{"both", "{|\n|rowspan=2 colspan=2|A||b\n|-\n|c\n|-\n|1||2||3\n|}", "A|A|b;A|A|c;1|2|3"},
		{"ragged", "{|\n|a\n|-\n|b||c||d\n|}", "a||;b|c|d"},
		{"br and multiline", "{|\n|a<br>b\nmore\n|}", "a\nb more"},
		{"huge span clamped", "{|\n|colspan=99999999|a\n|}", strings.TrimSuffix(strings.Repeat("a|", wtMaxColspan), "|")},
		{"span beyond the table", "{|\n|rowspan=9|a||b\n|}", "a|b"},
		{"header column", "{|\n!x\n|1\n|}", "x|1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tables := tablesOf(parseWT(t, c.src))
			if len(tables) != 1 {
				t.Fatalf("%d tables", len(tables))
			}
			if got := wtTableString(tables[0]); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
	if tb := tablesOf(parseWT(t, "{|\n|+ Visits\n|}"))[0]; tb.Caption != "Visits" {
		t.Errorf("caption %q", tb.Caption)
	}
}

func TestWikitextNestedTable(t *testing.T) {
	tables := tablesOf(parseWT(t, "{|\n|outer\n{|\n|inner||x\n|}\nafter\n|-\n|z\n|}\n"))
	if len(tables) != 2 {
		t.Fatalf("want 2 tables, got %d", len(tables))
	}
	if got := wtTableString(tables[0]); got != "outer\nafter;z" {
		t.Errorf("outer %q", got)
	}
	if got := wtTableString(tables[1]); got != "inner|x" {
		t.Errorf("inner %q", got)
	}
}

func TestWikitextStructure(t *testing.T) {
	src := "Lead text.\n==A==\ntext\n* one\n** two [[x]]\n# three\n;term : def\n:{|\n|c\n|}\n=== A.1 === <!-- c -->\npara\n\nline 2\n==B==\n----\n"
	doc := parseWT(t, src)
	if len(doc.Sections) != 3 || doc.Sections[1].Heading != "A" || len(doc.Sections[1].Children) != 1 || doc.Sections[1].Children[0].Heading != "A.1" {
		t.Fatalf("section tree wrong: %s", docJSON(t, doc))
	}
	a := doc.Sections[1]
	var items []string
	for _, it := range a.Blocks[1].List.Items {
		items = append(items, fmt.Sprintf("%d%s%s", it.Depth, it.Marker, it.Text))
	}
	if got := strings.Join(items, ","); got != "1*one,2*two x,1#three,1;term,1:def" {
		t.Errorf("items %s", got)
	}
	if a.Blocks[2].Table == nil {
		t.Errorf("indented table not read")
	}
	if n := len(a.Children[0].Blocks); n != 2 {
		t.Errorf("A.1 has %d blocks, want 2 paragraphs", n)
	}
}

func TestIsRedirect(t *testing.T) {
	for src, want := range map[string]bool{
		"#REDIRECT [[Toronto]]": true, "\ufeff#redirect:[[X]]": true, "#WEITERLEITUNG [[Y]]": true,
		"#REDIRECT": false, "# a list": false, "text #REDIRECT [[X]]": false,
	} {
		if got := isRedirect([]byte(src)); got != want {
			t.Errorf("isRedirect(%q) = %v", src, got)
		}
	}
}

// TestWikitextAt checks the shift of every position for a page that sits
// inside a larger file (a dump).
func TestWikitextAt(t *testing.T) {
	src := "ab [[x]]\n== H ==\n{|\n|c\n|}"
	doc := parseWikitextAt("dump.xml", []byte(src), "T", Pos{Line: 10, Col: 5, Offset: 100}, Options{})
	if doc.Title != "T" || len(doc.Diagnostics) != 0 {
		t.Fatalf("title %q, diagnostics %v", doc.Title, doc.Diagnostics)
	}
	if p := doc.Lead().Blocks[0].Paragraph.Pos; p != (Pos{10, 5, 100}) {
		t.Errorf("paragraph at %+v", p)
	}
	h := doc.Sections[1]
	if h.Pos != (Pos{11, 1, 109}) {
		t.Errorf("heading at %+v", h.Pos)
	}
	if c := h.Blocks[0].Table.Body[0].Cells[0].Pos; c != (Pos{13, 2, 121}) {
		t.Errorf("cell at %+v", c)
	}
}

// TestWikitextHostile: unclosed constructs give a located warning and a
// defined result.
func TestWikitextHostile(t *testing.T) {
	cases := []struct{ name, src, warn, text string }{
		{"unclosed template", "a {{foo|b\n\nc", "unclosed {{", "a {{foo|b\nc"},
		{"unclosed link", "a [[b c\nd", "unclosed [[", "a [[b c d"},
		{"unclosed table", "{|\n|a\n", "unclosed table", ""},
		{"unclosed ref", "a<ref>b c", "unclosed <ref>", "ab c"},
		{"unclosed comment", "a<!-- b\n\nc", "unclosed comment", "a"},
		{"stray closers", "a }} ]] |} b", "", "a }} ]] |} b"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := parseWT(t, c.src)
			if got := leadText(doc); got != c.text {
				t.Errorf("text %q, want %q", got, c.text)
			}
			found := c.warn == ""
			for _, d := range doc.Diagnostics {
				if strings.Contains(d.Message, c.warn) {
					found = true
				}
			}
			if !found {
				t.Errorf("no warning %q in %v", c.warn, doc.Diagnostics)
			}
		})
	}
}

func TestWikitextDeepNesting(t *testing.T) {
	const n = 100000
	for _, c := range []struct{ src, warn string }{
		{strings.Repeat("{{a|", n) + "x" + strings.Repeat("}}", n), "nested deeper than 100"},
		{strings.Repeat("{{nowrap|", n) + "x" + strings.Repeat("}}", n), "nested deeper than 100"},
		{strings.Repeat("[[a|", n) + "x" + strings.Repeat("]]", n), "nested deeper than 100"},
		{strings.Repeat("{{", n) + "x", "unclosed {{"},
		{strings.Repeat("{|\n", n), "unclosed table"},
	} {
		done := make(chan *Document, 1)
		go func() { done <- ParseWikitext("deep.txt", []byte(c.src), Options{}) }()
		select {
		case doc := <-done:
			checkWikitextDoc(t, []byte(c.src), doc)
			if len(doc.Diagnostics) < 2 || !strings.Contains(doc.Diagnostics[1].Message, c.warn) || doc.Diagnostics[1].Line != 1 {
				t.Errorf("%.20q…: want a warning %q on line 1, got %v", c.src, c.warn, doc.Diagnostics[:min(3, len(doc.Diagnostics))])
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("%.20q…: no result after 30s", c.src)
		}
	}
}

// TestWikitextLarge parses a generated 50 MB article in bounded time.
func TestWikitextLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB input")
	}
	corpus := readInput(t, filepath.Join(wikitextCorpus, "United-Kingdom.txt"))
	var b bytes.Buffer
	for b.Len() < 50<<20 {
		b.Write(corpus)
		b.WriteString("\n")
	}
	start := time.Now()
	doc := ParseWikitext("large.txt", b.Bytes(), Options{})
	if el := time.Since(start); el > 60*time.Second {
		t.Errorf("50 MB took %v", el)
	}
	if len(doc.Sections) < 100 {
		t.Errorf("only %d sections", len(doc.Sections))
	}
}

func FuzzParseWikitext(f *testing.F) {
	for _, s := range []string{
		"{{Infobox x|a=[[b|c]]|d}}\n== H ==\n* a\n{|\n!h!!i\n|-\n|rowspan=2|x||y\n|}",
		"<ref>a</ref><!-- x -->'''b'''[http://x y]&amp;{{convert|1|m}}",
		"{|\n|a\n{|\n|b\n|}\n|}", "[[a\n]]}}{{", "\ufeff= T =\r\n:{|\r\n|x\r\n",
		"<table><tr><td rowspan=2>a<ul><li>b</li></ul></td></tr></table>\n<h2>H</h2><ol><li>x<dl><dt>t</dt><dd>d</dd></dl>",
		"{|\n|-\n<tr><td>b</td></tr>\n<!--c-->|x || <span title=\"a\n||\">y</span>\n|}",
		";[http://[2001:db8::1]/ a]:b\nl'''x''y '''''z'''' <includeonly>==h==</includeonly><noinclude>*n</noinclude>",
	} {
		f.Add([]byte(s))
	}
	// Small corpus articles only: minimizing inputs grown from large seeds
	// stalls the fuzzer for minutes.
	for _, name := range []string{"Remote-Data-Services.txt", "HMS-Irresistible.txt", "Canton-of-Etaples.txt"} {
		if data, err := os.ReadFile(filepath.Join(wikitextCorpus, name)); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc := ParseWikitext("fuzz.txt", data, Options{})
		checkWikitextDoc(t, data, doc)
		a, _ := doc.JSON()
		b, _ := ParseWikitext("fuzz.txt", data, Options{}).JSON()
		if !bytes.Equal(a, b) {
			t.Fatal("parsing is not deterministic")
		}
	})
}

// TestWikitextCRLF: CRLF line ends and a byte order mark read as LF.
func TestWikitextCRLF(t *testing.T) {
	src := "Lead '''x'''.\n== H ==\n* a\n;b : c\n{|\n! h !! i\n|-\n| x || y\nz\n|}\npara\n"
	crlf := "\ufeff" + strings.ReplaceAll(src, "\n", "\r\n")
	want, got := wtShape(parseWT(t, src)), wtShape(parseWT(t, crlf))
	if got != want {
		t.Errorf("CRLF:\n got %q\nwant %q", got, want)
	}
}
