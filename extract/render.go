package extract

import (
	"bytes"
	"strings"
)

// RenderText renders a Document in the text dialect: the title line, the
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
