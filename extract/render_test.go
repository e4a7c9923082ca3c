package extract

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wikipipe/wikipipe/internal/golden"
)

// TestRenderTextRoundTrip checks that every article and crafted case reads
// back from its rendering to the same document, positions aside.
func TestRenderTextRoundTrip(t *testing.T) {
	for _, path := range append(textCorpus(t), textCases(t)...) {
		doc := ParseText(path, readInput(t, path), Options{})
		again := ParseText(path, RenderText(doc), Options{})
		if a, b := shape(t, doc), shape(t, again); a != b {
			t.Errorf("%s: parse(render(parse(x))) differs from parse(x)\nfirst:\n%s\nagain:\n%s", path, a, b)
		}
	}
}

// TestRenderTextGolden pins the rendering of the seed and of the cases whose
// markup the renderer normalizes.
func TestRenderTextGolden(t *testing.T) {
	for _, path := range []string{seedPath, "testdata/text/heading-forms.txt", "testdata/text/infobox-fields.txt", "testdata/text/nested-lists.txt", "testdata/text/wide-narrow-rows.txt"} {
		name := strings.TrimSuffix(filepath.Base(path), ".txt")
		golden.Check(t, filepath.Join("testdata/golden/text", name+".render.txt"), RenderText(ParseText(path, readInput(t, path), Options{})))
	}
}

// TestRenderTextOtherDialects checks what only documents of other dialects
// hold: several header rows, depth 0, text on several lines.
func TestRenderTextOtherDialects(t *testing.T) {
	doc := &Document{
		Title: "Multi\nline",
		Sections: []*Section{{Blocks: []Block{
			{Paragraph: &Paragraph{Text: "one\ntwo"}},
			{List: &List{Items: []ListItem{{Depth: 0, Text: "zero"}, {Depth: 2, Text: ""}}}},
			{Table: &Table{Header: []Row{{Cells: []Cell{{Text: "A"}}}, {Cells: []Cell{{Text: "B"}, {Text: ""}}}}, Body: []Row{{Cells: []Cell{{Text: "1"}}}}}},
		}}},
	}
	want := "= Multi line =\n\none two\n\n- zero\n  -\n\n| A |\n| B | |\n| 1 |\n"
	if got := string(RenderText(doc)); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// Lead returns the lead section.
func (d *Document) Lead() *Section { return d.Sections[0] }

// RenderText, a test helper, renders a Document in the text dialect: the title line, the
// infobox block, then each section's heading and blocks, every element
// followed by a blank line. ParseText reads the result back to the same
// document (positions aside). Documents of other dialects render too, for
// inspection; text that would read back as markup (a paragraph starting with
// "- ", a cell holding "|") is written as is.
func RenderText(doc *Document) []byte {
	var b bytes.Buffer
	line := func(parts ...string) {
		for _, s := range parts {
			b.WriteString(oneLine(s))
		}
		b.WriteByte('\n')
	}
	line("= ", doc.Title, " =")
	for _, box := range doc.Infoboxes {
		b.WriteByte('\n')
		line(box.Name)
		for _, f := range box.Fields {
			if f.Value == "" {
				line("- ", f.Key, ":")
			} else {
				line("- ", f.Key, ": ", f.Value)
			}
		}
	}
	doc.Walk(func(s *Section) {
		if s.Level > 0 {
			marks := strings.Repeat("=", s.Level)
			b.WriteByte('\n')
			line(marks, " ", s.Heading, " ", marks)
		}
		for _, blk := range s.Blocks {
			b.WriteByte('\n')
			switch {
			case blk.Paragraph != nil:
				line(blk.Paragraph.Text)
			case blk.List != nil:
				for _, it := range blk.List.Items {
					indent := strings.Repeat("  ", max(it.Depth, 1)-1)
					if it.Text == "" {
						line(indent, "-")
					} else {
						line(indent, "- ", it.Text)
					}
				}
			case blk.Table != nil:
				for _, rows := range [][]Row{blk.Table.Header, blk.Table.Body} {
					for _, r := range rows {
						renderRow(&b, r)
					}
				}
			}
		}
	})
	return b.Bytes()
}

// renderRow writes "| a | b |", an empty cell as "| |".
func renderRow(b *bytes.Buffer, r Row) {
	b.WriteByte('|')
	for _, c := range r.Cells {
		if c.Text != "" {
			b.WriteByte(' ')
			b.WriteString(oneLine(c.Text))
		}
		b.WriteString(" |")
	}
	b.WriteByte('\n')
}

// oneLine keeps text of other dialects on its line.
func oneLine(s string) string {
	if strings.IndexByte(s, '\n') < 0 {
		return s
	}
	return strings.ReplaceAll(s, "\n", " ")
}
