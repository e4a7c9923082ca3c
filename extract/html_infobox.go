package extract

import (
	"encoding/json"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Infoboxes in HTML.
//
// A row of two or more cells is a field: the first cell the key, the others
// the value. A row of one cell is, by its content: the title ("above") when
// it is a header before any field; an image with its caption (skipped); a
// header that groups the fields under it (Field.Group); a nested infobox,
// whose rows are read as rows of this one; or full-width data, a field keyed
// by its group. <br>, list items and blocks cut a value into Items.
// Coordinate widgets become fields of their own, keyed "Coordinates", right
// after the field they were in.

type hInfoboxReader struct {
	p        *htmlParser
	ib       *Infobox
	hasAbove bool
	group    string
	// merged: the group's header row is a "mergedtoprow", so the group ends
	// at the first row that is not a "mergedrow" or "mergedbottomrow".
	merged bool
	// lastKey continues into rows whose key cell is empty, or missing under
	// a key cell's rowspan (keyLeft rows). parent is the last key without a
	// bullet: the group of the bulleted rows under it ("Government" /
	// "• President").
	lastKey, parent string
	keyLeft         int
}

func (p *htmlParser) infobox(t *html.Node) {
	ib := Infobox{Pos: p.posOf(t), Name: hTemplateName(t), Fields: []Field{}}
	r := hInfoboxReader{p: p, ib: &ib}
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom == atom.Caption {
			segs, _ := p.valueText([]*html.Node{c})
			r.above(c, segs)
		}
	}
	r.rows(t)
	if ib.Name == "" {
		ib.Name = "Infobox"
	}
	p.doc.Infoboxes = append(p.doc.Infoboxes, ib)
}

// hTemplateName is the infobox template's name from Parsoid's data-mw, which
// sits on the table or on the first element of its transclusion (the
// siblings before it that share its "about").
func hTemplateName(t *html.Node) string {
	about := hAttr(t, "about")
	for n := t; n != nil; n = n.PrevSibling {
		if n.Type != html.ElementNode {
			continue
		}
		if n != t && (about == "" || hAttr(n, "about") != about) {
			break
		}
		if dm := hAttr(n, "data-mw"); dm != "" {
			var v struct {
				Parts []json.RawMessage `json:"parts"`
			}
			if json.Unmarshal([]byte(dm), &v) != nil {
				return ""
			}
			for _, part := range v.Parts {
				var tp struct {
					Template struct {
						Target struct {
							WT string `json:"wt"`
						} `json:"target"`
					} `json:"template"`
				}
				if json.Unmarshal(part, &tp) != nil {
					continue
				}
				// The transclusion may hold other templates ({{pp-semi-indef}}).
				if name := strings.TrimSpace(tp.Template.Target.WT); strings.Contains(strings.ToLower(name), "box") {
					return name
				}
			}
			return ""
		}
	}
	return ""
}

// above takes the infobox's title row: its first line is the infobox's
// name, when the template's is unknown, else a field "Name", so that it is
// never lost. Lines after it ("Temporal range: …") are fields.
func (r *hInfoboxReader) above(n *html.Node, segs []string) {
	r.hasAbove = true
	if len(segs) == 0 {
		return
	}
	pos := r.p.posOf(n)
	if r.ib.Name == "" {
		r.ib.Name = segs[0]
	} else {
		r.ib.Fields = append(r.ib.Fields, Field{Pos: pos, Key: "Name", Value: segs[0]})
	}
	for _, seg := range segs[1:] {
		k, v, ok := strings.Cut(seg, ":")
		if !ok || strings.TrimSpace(v) == "" {
			k, v = "", seg
		}
		r.ib.Fields = append(r.ib.Fields, Field{Pos: pos, Key: hCleanKey(k), Value: strings.TrimSpace(v)})
	}
}

func (r *hInfoboxReader) rows(t *html.Node) {
	for _, tr := range hTableRows(t) {
		if r.merged && !hHasClass(tr, "mergedrow") && !hHasClass(tr, "mergedbottomrow") {
			r.group, r.merged = "", false
		}
		cells := hRowCells(tr)
		switch {
		case len(cells) == 0:
		case len(cells) > 1:
			r.pair(tr, cells)
		default:
			r.single(tr, cells[0])
		}
	}
}

// pair reads a row of a key cell and value cells.
func (r *hInfoboxReader) pair(tr *html.Node, cells []*html.Node) {
	raw, _ := r.p.valueText(cells[:1])
	rawKey := strings.Join(raw, " ")
	key, group := hCleanKey(rawKey), r.group
	switch {
	case key == "":
		key = r.lastKey
	case strings.HasPrefix(rawKey, "•"):
		if group == "" {
			group = r.parent
		}
	default:
		r.parent = key
	}
	if key != r.lastKey {
		r.lastKey, r.keyLeft = key, 0
	}
	if rs, err := strconv.Atoi(hAttr(cells[0], "rowspan")); err == nil && rs > 1 {
		r.keyLeft = min(rs, hMaxRowspan) - 1
	}
	segs, found := r.p.valueText(cells[1:])
	if len(segs) == 0 && len(found) == 0 && hHasImage(tr) { // an image, such as a signature
		return
	}
	r.field(tr, key, group, segs, found)
}

// single reads a row of one cell.
func (r *hInfoboxReader) single(tr, c *html.Node) {
	if nested := hFindTables(c, hIsInfobox); len(nested) > 0 {
		for _, t := range nested {
			r.rows(t)
		}
		return
	}
	segs, found := r.p.valueText([]*html.Node{c})
	if c.DataAtom == atom.Th || hHasClass(c, "infobox-header") || hHasClass(c, "infobox-above") {
		text := strings.Join(segs, " ")
		switch {
		case text == "":
		case !r.hasAbove && r.group == "" && len(r.ib.Fields) == 0:
			r.above(c, segs)
		default:
			r.group, r.merged = hCleanKey(text), hHasClass(tr, "mergedtoprow")
		}
		return
	}
	if hHasImage(c) {
		return
	}
	key := r.group
	switch {
	case r.keyLeft > 0:
		key = r.lastKey
		r.keyLeft--
	case len(segs) > 1 && strings.HasSuffix(segs[0], ":"): // "Motto:" above its value
		key, segs = hCleanKey(segs[0]), segs[1:]
	}
	if len(segs) > 0 || len(found) > 0 {
		r.field(tr, key, r.group, segs, found)
	}
}

// field adds a field and the coordinates found in its value.
func (r *hInfoboxReader) field(n *html.Node, key, group string, segs []string, coords []*html.Node) {
	f := Field{Pos: r.p.posOf(n), Key: key, Value: strings.Join(segs, ", "), Group: group}
	if len(segs) > 1 {
		f.Items = segs
	}
	if f.Value == "" && len(coords) > 0 && strings.EqualFold(key, "Coordinates") {
		f.Value = r.p.coords[coords[0]]
		coords = coords[1:]
	}
	rank := ""
	if f.Items == nil {
		f.Value, rank = hSplitRank(f.Value)
	}
	if f.Value != "" || f.Key != "" {
		r.ib.Fields = append(r.ib.Fields, f)
	}
	if rank != "" {
		r.ib.Fields = append(r.ib.Fields, Field{Pos: f.Pos, Key: key + " rank", Value: rank, Group: group})
	}
	for _, c := range coords {
		r.ib.Fields = append(r.ib.Fields, Field{Pos: r.p.posOf(c), Key: "Coordinates", Value: r.p.coords[c], Group: group})
	}
}

// hSplitRank splits the world rank that country infoboxes put after a
// figure ("327,167,434 (3rd)") from the figure, so that the value stays a
// number; the rank becomes a field of its own ("2018 estimate rank" = "3rd").
func hSplitRank(v string) (value, rank string) {
	body, ok := strings.CutSuffix(v, ")")
	i := strings.LastIndex(body, " (")
	if !ok || i < 1 {
		return v, ""
	}
	r := body[i+2:]
	if len(r) < 3 {
		return v, ""
	}
	n, suffix := r[:len(r)-2], r[len(r)-2:]
	if n == "" || strings.Trim(n, "0123456789") != "" || (suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th") {
		return v, ""
	}
	return strings.TrimSpace(body[:i]), r
}

// valueText reads cells as value items, setting coordinate widgets apart.
func (p *htmlParser) valueText(cells []*html.Node) ([]string, []*html.Node) {
	b := hTextBuilder{coords: p.coords}
	for _, c := range cells {
		b.node(c)
	}
	return b.items(), b.found
}

// hCleanKey drops the bullets of sub-rows ("• 2018 estimate") and the colon
// some infoboxes end keys with ("Born:").
func hCleanKey(s string) string {
	s = strings.TrimLeft(s, " •·*–-")
	return strings.TrimSpace(strings.TrimRight(s, " :"))
}

// hTableRows are the rows of table t itself, not of tables nested in it.
func hTableRows(t *html.Node) []*html.Node {
	var rows []*html.Node
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		switch c.DataAtom {
		case atom.Tr:
			rows = append(rows, c)
		case atom.Thead, atom.Tbody, atom.Tfoot:
			for r := c.FirstChild; r != nil; r = r.NextSibling {
				if r.DataAtom == atom.Tr {
					rows = append(rows, r)
				}
			}
		}
	}
	return rows
}

func hRowCells(tr *html.Node) []*html.Node {
	var cells []*html.Node
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom == atom.Td || c.DataAtom == atom.Th {
			cells = append(cells, c)
		}
	}
	return cells
}

// hFindTables returns the outermost tables under n that match.
func hFindTables(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if match(c) {
			out = append(out, c)
			continue
		}
		out = append(out, hFindTables(c, match)...)
	}
	return out
}

// hHasImage reports whether n shows an image or a media file.
func hHasImage(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if n.DataAtom == atom.Img || n.DataAtom == atom.Figure || hHasClass(n, "infobox-image") || strings.Contains(hAttr(n, "typeof"), "mw:File") || strings.Contains(hAttr(n, "typeof"), "mw:Image") {
		return true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hHasImage(c) {
			return true
		}
	}
	return false
}

// Coordinates.

// hGeoClasses mark the parts of a {{coord}} widget.
var hGeoClasses = []string{"geo-default", "geo-nondefault", "geo-dms", "geo-dec", "geo", "geo-inline", "geo-multi-punct"}

func hIsGeo(n *html.Node) bool {
	if hAttr(n, "id") == "coordinates" {
		return true
	}
	for _, c := range strings.Fields(hAttr(n, "class")) {
		for _, g := range hGeoClasses {
			if c == g {
				return true
			}
		}
	}
	return false
}

// findCoords records every coordinate widget under n with its value: the
// decimal "lat; lon" of its .geo part, else the text shown. The widget is
// the largest inline element around the geo parts that holds nothing else.
// The article's own coordinates (#coordinates outside an infobox) are kept
// for the infobox (addPageCoords).
func (p *htmlParser) findCoords(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if !hIsGeo(c) {
			p.findCoords(c)
			continue
		}
		root := c
		for root.Parent != nil && hIsInline(root.Parent) && hOnlyGeo(root) {
			root = root.Parent
		}
		if _, seen := p.coords[root]; seen {
			continue
		}
		v := hGeoValue(root)
		p.coords[root] = v
		if p.pageCoords == nil && hHasID(root, "coordinates") && !hInInfobox(root) {
			p.pageCoords = &Field{Pos: p.posOf(root), Key: "Coordinates", Value: v}
		}
	}
}

var hInlineAtoms = map[atom.Atom]bool{atom.Span: true, atom.A: true, atom.Small: true, atom.Sup: true, atom.Sub: true, atom.B: true, atom.I: true, atom.Font: true}

func hIsInline(n *html.Node) bool { return n.Type == html.ElementNode && hInlineAtoms[n.DataAtom] }

// hOnlyGeo reports whether n's siblings are only whitespace and geo parts.
func hOnlyGeo(n *html.Node) bool {
	for s := n.Parent.FirstChild; s != nil; s = s.NextSibling {
		switch {
		case s == n:
		case s.Type == html.TextNode && strings.TrimSpace(strings.Trim(s.Data, "\ufeff\u00a0")) == "":
		case s.Type == html.ElementNode && hIsGeo(s):
		case s.Type == html.CommentNode:
		default:
			return false
		}
	}
	return true
}

// hHasID reports whether n or an element inside it has the id.
func hHasID(n *html.Node, id string) bool {
	return hFindFirst(n, func(m *html.Node) bool { return hAttr(m, "id") == id }) != nil
}

func hInInfobox(n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if hIsInfobox(n) {
			return true
		}
	}
	return false
}

func hGeoValue(root *html.Node) string {
	for _, class := range []string{"geo", "geo-dec", "geo-dms"} {
		if n := hFindFirst(root, func(m *html.Node) bool { return hHasClass(m, class) }); n != nil {
			if v := hNodeText(n); v != "" {
				return v
			}
		}
	}
	return hNodeText(root)
}

// hFindFirst returns the first element of n's subtree, n included, that matches.
func hFindFirst(n *html.Node, match func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && match(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if m := hFindFirst(c, match); m != nil {
			return m
		}
	}
	return nil
}

// addPageCoords keeps the article's coordinates as a field of its first
// infobox, unless one already holds them; an article without an infobox
// gets one named "Coordinates" for them.
func (p *htmlParser) addPageCoords() {
	pc := p.pageCoords
	if pc == nil {
		return
	}
	for _, ib := range p.doc.Infoboxes {
		for _, f := range ib.Fields {
			if f.Key == "Coordinates" && f.Value == pc.Value {
				return
			}
		}
	}
	if len(p.doc.Infoboxes) == 0 {
		p.doc.Infoboxes = append(p.doc.Infoboxes, Infobox{Pos: pc.Pos, Name: "Coordinates", Fields: []Field{}})
	}
	ib := &p.doc.Infoboxes[0]
	ib.Fields = append(ib.Fields, *pc)
}
