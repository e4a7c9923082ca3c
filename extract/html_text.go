package extract

import (
	"net/url"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// hBlockAtoms are the elements that break text: their content never runs
// into the words around it.
var hBlockAtoms = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Center: true,
	atom.Dd: true, atom.Details: true, atom.Dialog: true, atom.Div: true, atom.Dl: true, atom.Dt: true,
	atom.Fieldset: true, atom.Figure: true, atom.Footer: true, atom.Form: true, atom.H1: true,
	atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Header: true,
	atom.Hr: true, atom.Li: true, atom.Main: true, atom.Nav: true, atom.Ol: true, atom.P: true,
	atom.Pre: true, atom.Section: true, atom.Table: true, atom.Tbody: true, atom.Thead: true,
	atom.Tfoot: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Caption: true, atom.Ul: true,
	atom.Summary: true, atom.Body: true, atom.Html: true,
}

func hIsBlock(n *html.Node) bool { return n.Type == html.ElementNode && hBlockAtoms[n.DataAtom] }

// hTextBuilder reduces a subtree to plain text: whitespace collapsed, no
// invisible characters, cut into segments at <br>, list items and blocks
// (an infobox value keeps the segments as its items; prose joins them).
type hTextBuilder struct {
	// coords are the coordinate widgets. Prose and infobox values set them
	// apart in found; a table cell (inlineCoords) shows their value in place.
	coords       map[*html.Node]string
	inlineCoords bool
	found        []*html.Node
	// links, when non-nil, collects the wiki links met.
	links []Link
	// skipLists leaves nested lists out of a list item's text, into lists.
	skipLists bool
	lists     []*html.Node

	segs  []string
	cur   strings.Builder
	space bool // whitespace seen since the last character written
}

func (b *hTextBuilder) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		b.text(n.Data)
		return
	case html.ElementNode:
	default:
		return
	}
	if v, ok := b.coords[n]; ok {
		if b.inlineCoords {
			b.text(" " + v + " ")
		} else {
			b.found = append(b.found, n)
		}
		return
	}
	if b.skipLists && hIsList(n) {
		b.lists = append(b.lists, n)
		return
	}
	switch n.DataAtom {
	case atom.Br:
		b.cut()
		return
	case atom.A:
		if b.links != nil {
			if target := hWikiLink(hAttr(n, "href")); target != "" {
				if text := hNodeText(n); text != "" {
					b.links = append(b.links, Link{Target: target, Text: text})
				}
			}
		}
	}
	block := hBlockAtoms[n.DataAtom]
	if block {
		b.cut()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.node(c)
	}
	if block {
		b.cut()
	}
}

// text appends s with runs of whitespace (no-break spaces included) as one
// space, and without zero-width spaces and byte order marks.
func (b *hTextBuilder) text(s string) {
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			b.space = true
		case r == '\ufeff' || r == '\u200b':
		default:
			if b.space && b.cur.Len() > 0 {
				b.cur.WriteByte(' ')
			}
			b.space = false
			b.cur.WriteRune(r)
		}
	}
}

// cut ends the current segment.
func (b *hTextBuilder) cut() {
	if b.cur.Len() > 0 {
		b.segs = append(b.segs, b.cur.String())
		b.cur.Reset()
	}
	b.space = false
}

// items returns the segments.
func (b *hTextBuilder) items() []string {
	b.cut()
	return b.segs
}

// line returns the segments joined as one line.
func (b *hTextBuilder) line() string { return strings.Join(b.items(), " ") }

// hNodeText is the text of n as one line, coordinate widgets included.
func hNodeText(n *html.Node) string {
	var b hTextBuilder
	b.node(n)
	return b.line()
}

// hWikiLink returns the page an article link points to ("./Title" in
// Parsoid HTML, "/wiki/Title" in the desktop page), or "" for other links.
func hWikiLink(href string) string {
	var rest string
	var ok bool
	if rest, ok = strings.CutPrefix(href, "./"); !ok {
		if rest, ok = strings.CutPrefix(href, "/wiki/"); !ok {
			return ""
		}
	}
	if t, err := url.PathUnescape(rest); err == nil {
		rest = t
	}
	return strings.ReplaceAll(rest, "_", " ")
}
