package extract

import (
	"bytes"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/wikipipe/wikipipe/diag"
)

// The html dialect reads both forms Wikipedia serves: Parsoid/REST HTML
// (<section data-mw-section-id>, data-mw, typeof="mw:Transclusion") and the
// page as rendered for readers (#firstHeading, .mw-parser-output,
// div.mw-heading, span.mw-headline), whole pages or fragments of them.
//
// goquery parses the page and removes what is not article content (hidden,
// print-only and navigation elements, edit links, footnote markers); then one
// walk in document order builds the section tree, reading infoboxes, tables
// and lists where it meets them.

// hDropSelector matches the elements that are never content: not shown to
// readers, shown only on screen around the article, or footnote markers.
const hDropSelector = `script, style, noscript, template, link, meta, object, iframe, audio, video, svg,
	figcaption, .mw-editsection, .mw-editsection-like, .pcs-edit-section-link-container,
	.noprint, .printonly, .mw-empty-elt, .navbox, .navbox-styles, .vertical-navbox, .sidebar,
	.hatnote, .dablink, .rellink, .toc, #toc, .mw-references-wrap, ol.references, .reflist,
	sup.reference, sup.mw-ref, .mw-cite-backlink, .metadata, .ambox, .mbox-small,
	.sistersitebox, .portal, .thumb, .gallery, .catlinks, .printfooter, #siteSub, #contentSub,
	#jump-to-nav, .mw-jump-link, .shortdescription, [hidden], [aria-hidden=true], header,
	.pcs-collapse-table-collapsed_container, .pcs-collapse-table-collapsed_bottom`

// Cell budgets: rowspan/colspan expand into copies of a cell, so a few bytes
// of input could ask for billions of cells. Spans and columns are capped
// (colspan as browsers do) and the cells of a document are bounded, by its
// size (16 a byte: a real cell takes at least nine) up to hMaxDocCells;
// past any of these, a warning.
const (
	hMaxRowspan  = 1000
	hMaxColspan  = 1000
	hMaxColumns  = 1000
	hMaxDocCells = 2 << 20
)

type htmlParser struct {
	doc    *Document
	pos    map[*html.Node]Pos
	opts   Options
	coords map[*html.Node]string // coordinate widgets and their value
	// pageCoords is the article's own coordinates (#coordinates), shown by
	// the title rather than in a paragraph.
	pageCoords *Field
	cells      int // cells produced so far, against cellBudget
	cellBudget int
	stack      []*Section
}

// ParseHTML parses Wikipedia HTML into a Document. Bad markup never fails:
// the HTML5 parsing algorithm gives every input a tree, and limits hit on
// the way are warnings.
func ParseHTML(path string, data []byte, opts Options) *Document {
	doc := &Document{Source: newSource(path, HTML, data), Infoboxes: []Infobox{}, Sections: []*Section{hNewSection(Pos{Line: 1, Col: 1}, 0, "")}}
	p := &htmlParser{doc: doc, opts: opts, coords: map[*html.Node]string{}, cellBudget: min(hMaxDocCells, 1<<16+16*len(data))}
	gq, err := goquery.NewDocumentFromReader(bytes.NewReader(stripBOM(data)))
	if err != nil {
		// x/net/html refuses elements nested deeper than 512: read the
		// page again with the deepest tags taken out, their text kept.
		p.warn(Pos{Line: 1, Col: 1}, diag.Limit, "%v: the elements nested deeper than %d levels are read as text", err, hFlattenDepth)
		gq, err = goquery.NewDocumentFromReader(bytes.NewReader(hFlatten(stripBOM(data), hFlattenDepth)))
	}
	if err != nil {
		doc.Diagnostics.Errorf(path, 1, 1, diag.Extract, "parse html: %v", err)
		doc.Title, _ = fallbackTitle(path, opts)
		doc.Wiki = resolveWiki(Wiki{}, opts)
		return doc
	}
	p.pos = hNodePositions(gq.Nodes[0], data)
	p.wiki(gq)
	doc.Title = p.title(gq)
	p.clean(gq)
	p.blocks(hContentRoot(gq))
	p.addPageCoords()
	return doc
}

func hNewSection(pos Pos, level int, heading string) *Section {
	return &Section{Pos: pos, Level: level, Heading: heading, Blocks: []Block{}, Children: []*Section{}}
}

// posOf is where n starts: its start tag, or that of its nearest located ancestor.
func (p *htmlParser) posOf(n *html.Node) Pos {
	for ; n != nil; n = n.Parent {
		if pos, ok := p.pos[n]; ok {
			return pos
		}
	}
	return Pos{Line: 1, Col: 1}
}

func (p *htmlParser) warn(pos Pos, code diag.Code, format string, args ...any) {
	p.doc.Diagnostics.Warnf(p.doc.Source.Path, pos.Line, pos.Col, diag.Extract, code, format, args...)
}

// title reads the article's title: the desktop page's first heading, the
// <title> (Parsoid's is the bare title; the desktop's ends in " - Wikipedia"),
// or the first <h1>. A fragment without any takes the file name.
func (p *htmlParser) title(gq *goquery.Document) string {
	if t := hTextOf(gq.Find("#firstHeading").First()); t != "" {
		return t
	}
	if t := hTextOf(gq.Find("title").First()); t != "" {
		for _, sep := range []string{" - ", " — ", " – "} {
			if i := strings.LastIndex(t, sep); i > 0 && strings.Contains(t[i:], "Wikipedia") {
				return t[:i]
			}
		}
		return t
	}
	if t := hTextOf(gq.Find("h1").First()); t != "" {
		return t
	}
	title, given := fallbackTitle(p.doc.Source.Path, p.opts)
	if !given {
		p.warn(Pos{Line: 1, Col: 1}, diag.NoTitle, "no title (no #firstHeading, <title> or <h1>): using the file name, %q", title)
	}
	return title
}

// hTextOf is the text of a selection's nodes, as one line.
func hTextOf(s *goquery.Selection) string {
	var b hTextBuilder
	for _, n := range s.Nodes {
		b.node(n)
	}
	return b.line()
}

// clean removes what is not article content and sets the coordinate widgets
// apart, so that every later step reads only content.
func (p *htmlParser) clean(gq *goquery.Document) {
	gq.Find(".mwe-math-element").Each(func(_ int, s *goquery.Selection) { hReplaceMath(s) })
	p.findCoords(gq.Nodes[0])
	gq.Find(hDropSelector).Remove()
	// The mobile apps collapse sections and tables by style: they are
	// article content all the same.
	gq.Find("[style]").Not("section, .pcs-collapse-table-container > table").FilterFunction(func(_ int, s *goquery.Selection) bool {
		style, _ := s.Attr("style")
		style = strings.ToLower(strings.Join(strings.Fields(style), ""))
		return strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden")
	}).Remove()
}

// hReplaceMath puts a formula's TeX (its MathML alttext, or the fallback
// image's alt) in place of the MathML and image that render it.
func hReplaceMath(s *goquery.Selection) {
	tex, ok := s.Find("math[alttext]").Attr("alttext")
	if !ok {
		tex = s.Find("img[alt]").AttrOr("alt", "")
	}
	tex = strings.TrimSpace(tex)
	if inner, ok := strings.CutPrefix(tex, `{\displaystyle`); ok && strings.HasSuffix(inner, "}") {
		tex = strings.TrimSpace(strings.TrimSuffix(inner, "}"))
	}
	s.Empty() // returns the children removed, not s
	s.AppendNodes(&html.Node{Type: html.TextNode, Data: tex})
}

// hContentRoot is the element that holds the article: the desktop page's
// parser output, or the body of Parsoid HTML and of fragments.
func hContentRoot(gq *goquery.Document) *html.Node {
	for _, sel := range []string{"#mw-content-text .mw-parser-output", ".mw-parser-output", "#mw-content-text", "body"} {
		if s := gq.Find(sel).First(); s.Length() > 0 {
			return s.Nodes[0]
		}
	}
	return gq.Nodes[0]
}

// current is the section that blocks go to.
func (p *htmlParser) current() *Section {
	if len(p.stack) == 0 {
		return p.doc.Sections[0]
	}
	return p.stack[len(p.stack)-1]
}

func (p *htmlParser) add(b Block) {
	s := p.current()
	s.Blocks = append(s.Blocks, b)
}

// heading opens a section of the given level under the nearest open section
// of a lower level. Its text is the heading's inline content; blocks in it
// (after an unclosed <h2>, say) are the section's first blocks.
func (p *htmlParser) heading(n *html.Node, level int) {
	var b hTextBuilder
	c := n.FirstChild
	for ; c != nil && !hIsBlock(c); c = c.NextSibling {
		b.node(c)
	}
	s := hNewSection(p.posOf(n), level, b.line())
	for len(p.stack) > 0 && p.stack[len(p.stack)-1].Level >= level {
		p.stack = p.stack[:len(p.stack)-1]
	}
	if len(p.stack) == 0 {
		p.doc.Sections = append(p.doc.Sections, s)
	} else {
		parent := p.stack[len(p.stack)-1]
		parent.Children = append(parent.Children, s)
	}
	p.stack = append(p.stack, s)
	p.blocksFrom(c)
}

var hHeadingLevel = map[atom.Atom]int{atom.H1: 1, atom.H2: 2, atom.H3: 3, atom.H4: 4, atom.H5: 5, atom.H6: 6}

// blocks reads the children of a container in order. Inline content outside
// any <p> (text straight in a <div> or <section>) becomes a paragraph too.
func (p *htmlParser) blocks(n *html.Node) { p.blocksFrom(n.FirstChild) }

// blocksFrom reads first and the siblings after it.
func (p *htmlParser) blocksFrom(first *html.Node) {
	var run []*html.Node
	flush := func() {
		if len(run) > 0 {
			p.paragraph(run)
			run = run[:0]
		}
	}
	for c := first; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode || (c.Type == html.ElementNode && !hIsBlock(c)) {
			run = append(run, c)
			continue
		}
		if c.Type != html.ElementNode {
			continue
		}
		flush()
		if level, ok := hHeadingLevel[c.DataAtom]; ok {
			p.heading(c, level)
			continue
		}
		switch c.DataAtom {
		case atom.P:
			p.paragraph([]*html.Node{c})
		case atom.Ul, atom.Ol, atom.Dl:
			p.list(c)
		case atom.Table:
			switch {
			case hIsInfobox(c):
				p.infobox(c)
			case p.opts.AllTables || hHasClass(c, "wikitable"):
				p.table(c)
			default: // a layout table: its cells hold ordinary blocks
				p.blocks(c)
			}
		default:
			p.blocks(c)
		}
	}
	flush()
}

// paragraph adds the text of nodes, with its wiki links, as a paragraph.
func (p *htmlParser) paragraph(nodes []*html.Node) {
	b := hTextBuilder{coords: p.coords, links: []Link{}}
	for _, n := range nodes {
		b.node(n)
	}
	text := b.line()
	if text == "" {
		return
	}
	para := &Paragraph{Pos: p.posOf(nodes[0]), Text: text}
	if len(b.links) > 0 {
		para.Links = b.links
	}
	p.add(Block{Paragraph: para})
}

// list adds a list with its nested lists flattened into items of greater depth.
func (p *htmlParser) list(n *html.Node) {
	l := &List{Pos: p.posOf(n), Items: []ListItem{}}
	p.listItems(n, 1, l)
	if len(l.Items) > 0 {
		p.add(Block{List: l})
	}
}

var hListMarker = map[atom.Atom]string{atom.Ul: "*", atom.Ol: "#", atom.Dt: ";", atom.Dd: ":"}

func (p *htmlParser) listItems(list *html.Node, depth int, l *List) {
	for c := list.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if hIsList(c) { // a list straight inside a list: malformed, but nested
			p.listItems(c, depth+1, l)
			continue
		}
		b := hTextBuilder{coords: p.coords, links: []Link{}, skipLists: true}
		b.node(c)
		if text := b.line(); text != "" {
			marker := hListMarker[c.DataAtom]
			if marker == "" {
				marker = hListMarker[list.DataAtom]
			}
			item := ListItem{Pos: p.posOf(c), Depth: depth, Text: text, Marker: marker}
			if len(b.links) > 0 {
				item.Links = b.links
			}
			l.Items = append(l.Items, item)
		}
		for _, sub := range b.lists {
			p.listItems(sub, depth+1, l)
		}
	}
}

func hIsList(n *html.Node) bool {
	return n.Type == html.ElementNode && (n.DataAtom == atom.Ul || n.DataAtom == atom.Ol || n.DataAtom == atom.Dl)
}

// hIsInfobox reports whether a table is an infobox: class "infobox", or the
// "infobox_v2"/"infobox_v3" of other Wikipedias.
func hIsInfobox(n *html.Node) bool {
	if n.DataAtom != atom.Table {
		return false
	}
	for _, c := range strings.Fields(hAttr(n, "class")) {
		if c == "infobox" || strings.HasPrefix(c, "infobox_") {
			return true
		}
	}
	return false
}

func hAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hHasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(hAttr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}
