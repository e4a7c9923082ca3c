package extract

import (
	"fmt"
	"strings"
	"testing"
)

// The cases of this file are minimal shapes read as MediaWiki reads them
// (its parser's documented behaviour and parserTests), one table per class
// of issue 16.

// wtShape renders a document as one line per block: "H2:heading",
// "P:text", "L:<depth><marker>text" per item, "T:" a table as
// wtTableString gives it; blocks are joined with " / ".
func wtShape(doc *Document) string {
	var out []string
	doc.Walk(func(s *Section) {
		if s.Level > 0 {
			out = append(out, fmt.Sprintf("H%d:%s", s.Level, s.Heading))
		}
		for _, b := range s.Blocks {
			switch {
			case b.Paragraph != nil:
				out = append(out, "P:"+b.Paragraph.Text)
			case b.List != nil:
				for _, it := range b.List.Items {
					out = append(out, fmt.Sprintf("L:%d%s%s", it.Depth, it.Marker, it.Text))
				}
			case b.Table != nil:
				out = append(out, "T:"+wtTableString(b.Table))
			}
		}
	})
	return strings.Join(out, " / ")
}

type wtShapeCase struct{ name, src, want string }

func runShapes(t *testing.T, cases []wtShapeCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := wtShape(parseWT(t, c.src)); got != c.want {
				t.Errorf("%q:\n got %q\nwant %q", c.src, got, c.want)
			}
		})
	}
}

// TestWikitextDefinitionColon: ";term : definition" splits at the first
// colon outside links, external links, URLs and tags.
func TestWikitextDefinitionColon(t *testing.T) {
	runShapes(t, []wtShapeCase{
		{"plain", ";a : b", "L:1;a / L:1:b"},
		{"url", ";http://example.com/ :def", "L:1;http://example.com/ / L:1:def"},
		{"external link", ";[http://example.com/ Example]:x", "L:1;Example / L:1:x"},
		{"link", ";[[a:b|c]] : d", "L:1;c / L:1:d"},
		{"tag", `;<span title="a:b">t</span>:d`, "L:1;t / L:1:d"},
		{"template", ";{{nowrap|a:b}}:d", "L:1;a:b / L:1:d"},
		{"no colon", ";http://example.com/", "L:1;http://example.com/"},
	})
}

// TestWikitextLineComments: comments vanish before the line's markup is
// read, so a line whose markup follows a comment is read by that markup.
func TestWikitextLineComments(t *testing.T) {
	runShapes(t, []wtShapeCase{
		{"item after comment", "*a\n<!--c-->*b", "L:1*a / L:1*b"},
		{"heading after comment", "<!-- c -->==h==\nx", "H2:h / P:x"},
		{"only a comment", "*a\n<!--c-->\n*b", "L:1*a / L:1*b"},
		{"two comments", "<!--a--><!--b-->#x", "L:1#x"},
		{"cell after comment", "{|\n|a\n<!--c-->|b\n|}", "T:a|b"},
		{"row after comment", "{|\n|a\n<!--c-->|-\n|b\n|}", "T:a;b"},
		{"table after comment", "<!--c-->{|\n|a\n|}", "T:a"},
		{"text after comment", "<!--c-->x", "P:x"},
	})
}

// TestWikitextInclusionTags: a page read for itself drops <includeonly>
// with its content and keeps what <noinclude> and <onlyinclude> hold.
func TestWikitextInclusionTags(t *testing.T) {
	runShapes(t, []wtShapeCase{
		{"includeonly heading", "a\n<includeonly>\n==h==\n</includeonly>\nb", "P:a b"},
		{"includeonly row", "{|\n|a\n<includeonly>|-\n|b\n</includeonly>|}", "T:a"},
		{"includeonly inline", "a<includeonly>b</includeonly>c", "P:ac"},
		{"noinclude kept", "<noinclude>==h==</noinclude>\nx", "H2:h / P:x"},
		{"onlyinclude kept", "a <onlyinclude>b</onlyinclude> c", "P:a b c"},
		{"noinclude item", "<noinclude>*a</noinclude>", "L:1*a"},
	})
}

// TestWikitextCellContext: cell separators inside tags, links, templates
// and comments separate nothing, and the part before a cell's attribute bar
// is attributes only if it holds no link.
func TestWikitextCellContext(t *testing.T) {
	runShapes(t, []wtShapeCase{
		{"!! in attribute", "{|\n!a <div class=\"!!\">b</div> c\n|}", "T:H:a b c"},
		{"|| in attribute", "{|\n|a <span title=\"||\">b</span>\n|}", "T:a b"},
		{"|| in link", "{|\n|[[a||b]]\n|}", "T:|b"}, // the label is "|b"
		{"|| in template", "{|\n|{{nowrap|a||b}} || c\n|}", "T:a|c"},
		{"|| in comment", "{|\n|a<!--||-->b\n|}", "T:ab"},
		{"link before bar", "{|\n| <!--c--> x [[p|q]] | y\n|}", "T:x q | y"},
		{"attributes", "{|\n| style=\"a\" | b\n|}", "T:b"},
	})
}

// TestWikitextApostrophes: runs of 2, 3, 4, 5 and more quotes as
// MediaWiki's doQuotes reads them, with its fix-up of a line holding an odd
// number of both bold and italic marks (one bold becomes an apostrophe and
// an italic: the first after a one-letter word, else after a longer word,
// else after a space).
func TestWikitextApostrophes(t *testing.T) {
	runShapes(t, []wtShapeCase{
		{"balanced", "'''bold''' and ''it''", "P:bold and it"},
		{"bold after a letter", "l'''italic''plain", "P:l'italicplain"},
		{"four", "a ''''b'''' c", "P:a 'b' c"},
		{"six", "''''''x''''''", "P:'x'"},
		{"after a space", "plain '''x y'' z", "P:plain 'x y z"},
		{"multi-letter word", "ab'''c''d", "P:ab'cd"},
		{"single-letter word first", "ab'''c a'''d'''e''f", "P:abc a'def"},
		{"per line", "a'''b\n''c''", "P:ab c"},
		{"five and bold", "'''''x''' y''", "P:x y"},
		{"in a link label", "[[p|l'''a'']]", "P:l'a"},
		{"comment skipped", "l'''a<!--'''-->''b", "P:l'ab"},
	})
}

// TestWikitextIndentedAndNested: a table indented by colons, lists inside
// cells (kept as the cell's text, an item a line) and lists between rows.
func TestWikitextIndentedAndNested(t *testing.T) {
	runShapes(t, []wtShapeCase{
		{"indented table", ":{|\n|a\n|}", "T:a"},
		{"deeper indent", "::{| class=\"x\"\n|a||b\n|}", "T:a|b"},
		{"indent after a list", "* x\n:{|\n|a\n|}\n* y", "L:1*x / T:a / L:1*y"},
		{"list in a cell", "{|\n|a\n* b\n* c\n|d\n|}", "T:a\nb\nc|d"},
		{"list opening a cell", "{|\n|\n* b\n** c\n|}", "T:b\nc"},
		{"list between rows", "{|\n|a\n|-\n* x\n* y\n|-\n|b\n|}", "T:a;b / L:1*x / L:1*y"},
		{"indented text in a cell", "{|\n|a\n:b\n|}", "T:a\nb"},
	})
}

// TestWikitextSmallShapes: bracketed IPv6 hosts in external links, an
// empty table "{||}" and an HTML attribute running over lines.
func TestWikitextSmallShapes(t *testing.T) {
	runShapes(t, []wtShapeCase{
		{"ipv6 link", "a [http://[2001:db8::1]/ x] b", "P:a x b"},
		{"ipv6 link bare", "a [http://[2001:db8::1]/] b", "P:a b"},
		{"ipv6 link term", ";[http://[2001:db8::1]/ x]:y", "L:1;x / L:1:y"},
		{"empty table", "{||}\nx", "T: / P:x"},
		{"empty table alone", "{||}", "T:"},
		{"attribute over lines", "a <span title=\"x\n* y\">b</span> c", "P:a b c"},
		{"cell attribute over lines", "{|\n| <span title=\"x\n|y\">b</span>\n|}", "T:b"},
	})
}

// TestWikitextLiteralHTML: HTML tables, headings and lists inside wikitext
// are tables, headings and lists, also mixed with "{|" rows.
func TestWikitextLiteralHTML(t *testing.T) {
	runShapes(t, []wtShapeCase{
		{"table one line", "<table><tr><td>a</td><td>b</td></tr></table>", "T:a|b"},
		{"table lines", "<table class=\"x\">\n<tr>\n<th>h</th><th>i</th>\n</tr>\n<tr><td colspan=\"2\">a\nb</td></tr>\n</table>\nafter", "T:H:h|i;a b|a b / P:after"},
		{"caption", "<table><caption>C</caption><tr><td>a</td></tr></table>", "T:a"},
		{"mixed rows", "{|\n|-\n|a\n|-\n<tr><td>b</td></tr>\n|}", "T:a;b"},
		{"pipe in html cell", "<table><tr><td>\n| x\n</td></tr></table>", "T:| x"},
		{"nested html table", "<table><tr><td>a<table><tr><td>b</td></tr></table>c</td></tr></table>", "T:a\nc / T:b"},
		{"heading", "x\n<h2>Title</h2>\ny", "P:x / H2:Title / P:y"},
		{"heading attrs", "<h3 id=\"a\">T [[l]]</h3>", "H3:T l"},
		{"ul", "<ul><li>a</li><li>b</li></ul>", "L:1*a / L:1*b"},
		{"ul lines", "<ul>\n<li>a</li>\n<li>b\nc</li>\n</ul>\nd", "L:1*a / L:1*b c / P:d"},
		{"ol nested", "<ol><li>a<ul><li>b</li></ul></li></ol>", "L:1#a / L:2*b"},
		{"dl", "<dl><dt>t</dt><dd>d</dd></dl>", "L:1;t / L:1:d"},
		{"list in a cell", "{|\n|<ul><li>a</li><li>b</li></ul>\n|}", "T:a\nb"},
		{"unclosed li", "<ul><li>a\n\nb", "L:1*a / P:b"},
		{"text around", "x <ul><li>a</li></ul> y", "P:x / L:1*a / P:y"},
	})
	doc := parseWT(t, "<table><caption>C</caption><tr><td>a</td></tr></table>")
	if tb := tablesOf(doc)[0]; tb.Caption != "C" {
		t.Errorf("caption %q", tb.Caption)
	}
}

// TestWikitextInfoboxNames: Options.InfoboxNames adds names to
// DefaultInfoboxNames and removes those written after "-".
func TestWikitextInfoboxNames(t *testing.T) {
	src := "{{Personendaten|NAME=X}}{{my_box|a=1}}{{Infobox|subbox=yes|b=2}}{{Infobox person|c=3}}{{Taxobox|d=4}}"
	for _, c := range []struct {
		names []string
		want  string
	}{
		{nil, "Personendaten Infobox Infobox person Taxobox"},
		{[]string{"My Box"}, "Personendaten my box Infobox Infobox person Taxobox"},
		{[]string{"-personendaten", " - Taxobox "}, "Infobox Infobox person"},
		{[]string{"-Infobox"}, "Personendaten Infobox person Taxobox"},
		{[]string{"-Taxobox", "taxobox"}, "Personendaten Infobox Infobox person Taxobox"},
	} {
		doc := ParseWikitext("x.txt", []byte(src), Options{InfoboxNames: c.names})
		var got []string
		for _, ib := range doc.Infoboxes {
			got = append(got, ib.Name)
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%q: infoboxes %q, want %q", c.names, got, c.want)
		}
	}
	// United Kingdom: the 114 fields are the 94 of {{Infobox country}} and
	// the 20 of the {{Infobox |subbox=yes}} nested in its name field.
	data := readInput(t, wikitextCorpus+"/United-Kingdom.txt")
	for _, c := range []struct {
		names []string
		want  string
	}{{nil, "Infobox country=94 Infobox=20"}, {[]string{"-Infobox"}, "Infobox country=94"}} {
		var got []string
		for _, ib := range ParseWikitext("uk.txt", data, Options{InfoboxNames: c.names}).Infoboxes {
			got = append(got, fmt.Sprintf("%s=%d", ib.Name, len(ib.Fields)))
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("United Kingdom %q: %s, want %s", c.names, strings.Join(got, " "), c.want)
		}
	}
}
