package extract

import (
	"bytes"

	"github.com/wikipipe/wikipipe/diag"
)

// ParseWikitext parses a file of MediaWiki markup. The markup names no title,
// so the title comes from the file name, with a warning.
func ParseWikitext(path string, data []byte, opts Options) *Document {
	title := titleFromPath(path)
	doc := parseWikitextAt(path, data, title, Pos{Line: 1, Col: 1}, opts)
	doc.Diagnostics = append(diag.List{{File: path, Line: 1, Col: 1, Stage: diag.Extract, Severity: diag.Warning,
		Message: "wikitext names no title: using " + `"` + title + `"` + " from the file name"}}, doc.Diagnostics...)
	return doc
}

// parseWikitextAt parses one page's markup whose first byte sits at position
// at of file path (a page inside a dump), with the given title. Every Pos is
// shifted by at: lines by at.Line-1, columns on the first line only, offsets
// by at.Offset.
func parseWikitextAt(path string, data []byte, title string, at Pos, opts Options) *Document {
	return &Document{Title: title, Source: newSource(path, Wikitext, data), Sections: []*Section{{Pos: at}}}
}

// isRedirect reports whether wikitext is a #REDIRECT page.
func isRedirect(data []byte) bool {
	data = bytes.TrimLeft(stripBOM(data), " \t\r\n")
	const kw = "#redirect"
	return len(data) >= len(kw) && bytes.EqualFold(data[:len(kw)], []byte(kw))
}
