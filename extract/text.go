// The text dialect: the wiki text export of the seed article (DESIGN.md §2.1).
//
// The parser walks the input once, line by line, and classifies each line by
// its first bytes (all of the dialect's markup is ASCII, so this never splits
// a rune): blank, title, heading, table row, list item, or paragraph text.
// Every non-blank line becomes exactly one node. Structure is found on the raw
// bytes so that positions are exact; text is cleaned (invalid UTF-8 and NUL
// bytes replaced by U+FFFD) only when it is copied out.

package extract

import (
	"bytes"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/wikipipe/wikipipe/diag"
)

// maxHeadingLevel is the deepest heading read; deeper runs of "=" stay in the
// heading text, as MediaWiki does.
const maxHeadingLevel = 6

// textState is where the parser is in the fixed top of the document.
type textState int

const (
	wantTitle textState = iota // no non-blank line seen yet
	wantLabel                  // after the title: an infobox label may come
	inInfobox                  // reading "- Key: Value" lines
	inBody                     // everything else
)

// lineKind is what a line is, from its first bytes.
type lineKind int

const (
	blankLine lineKind = iota
	headingLine
	rowLine
	itemLine
	textLine
)

// textLineInfo is one line of input, split for classification.
type textLineInfo struct {
	num    int    // 1-based line number
	start  int    // byte offset of the line's first byte
	raw    []byte // the line without its "\n" (and without a leading BOM)
	body   []byte // raw without leading and trailing whitespace
	indent int    // bytes of leading whitespace
	kind   lineKind
	dirty  bool // holds invalid UTF-8 or NUL bytes: text must be cleaned
}

type textParser struct {
	path  string
	opts  Options
	data  []byte
	str   string // data as a string: clean text is sliced from it, not copied
	doc   *Document
	state textState
	cur   *Section   // the section receiving blocks
	open  []*Section // the open headings, outermost first (the lead is not one)
	table *Table     // the table being read, if the last line was a row
	list  *List      // the list being read, if the last line was an item
	box   *Infobox   // the infobox being read
	// The blocks, rows, items and fields of the open section, table, list
	// and infobox gather here and are copied out once, sized, when it ends;
	// the parsers are pooled so that this memory is reused.
	blocks []Block
	rows   []Row
	items  []ListItem
	fields []Field
}

var textParsers = sync.Pool{New: func() any { return new(textParser) }}

// ParseText parses the wiki text export dialect. It never fails: problems are
// warnings in the Document's Diagnostics, and every non-blank line of the
// input is kept in exactly one node.
func ParseText(path string, data []byte, opts Options) *Document {
	off := len(data) - len(stripBOM(data))
	lead := &Section{Pos: Pos{Line: 1, Col: 1, Offset: off}, Children: []*Section{}}
	p := textParsers.Get().(*textParser)
	defer p.release()
	p.path, p.data, p.str, p.cur, p.opts = path, data, string(data), lead, opts
	p.doc = &Document{Source: newSource(path, Text, data), Wiki: resolveWiki(Wiki{}, opts), Infoboxes: []Infobox{}, Sections: []*Section{lead}}
	num := 1
	var ln textLineInfo // the line read, in the end the last one
	for off < len(data) {
		end := bytes.IndexByte(data[off:], '\n')
		next := off + end + 1
		if end < 0 {
			end = len(data) - off
			next = len(data)
		}
		ln = textLineInfo{num: num, start: off, raw: data[off : off+end]}
		p.line(&ln)
		off = next
		num++
	}
	p.endBlock()
	p.endInfobox()
	p.endSection()
	if len(data) > 0 && data[len(data)-1] != '\n' && ln.kind != blankLine {
		p.warn(ln.num, utf8.RuneCount(ln.raw)+1, diag.NoFinalNewline, "input does not end in a newline: the last line may be cut (kept)")
	}
	if p.state == wantTitle {
		p.untitled(1, 1, "blank input: no title line; title %q taken from the file name")
	}
	return p.doc
}

// untitled gives the document the title of Options.Title, else the file
// name's with a warning (format has one %q, the title).
func (p *textParser) untitled(line, col int, format string) {
	title, given := fallbackTitle(p.path, p.opts)
	p.doc.Title = title
	if !given {
		p.warn(line, col, diag.NoTitle, format, title)
	}
}

// release returns p to the pool, holding only its emptied scratch memory.
func (p *textParser) release() {
	clear(p.open)
	*p = textParser{open: p.open[:0], blocks: p.blocks, rows: p.rows, items: p.items, fields: p.fields}
	textParsers.Put(p)
}

// line splits and reads one line; ln holds its number, start and bytes.
func (p *textParser) line(ln *textLineInfo) {
	p.checkBytes(ln)
	ln.body, ln.indent = splitIndent(ln.raw)
	ln.kind = classify(ln.body)

	switch p.state {
	case wantTitle:
		if ln.kind == blankLine {
			return
		}
		p.state = wantLabel
		if ln.kind == textLine && ln.body[0] == '=' && (len(ln.body) == 1 || ln.body[1] != '=') {
			p.title(ln)
			return
		}
		p.untitled(ln.num, ln.indent+1, "no title line (\"= Title =\"): title %q taken from the file name")
		// The infobox may still open the document.
		fallthrough
	case wantLabel:
		if ln.kind == blankLine {
			return
		}
		p.state = inBody
		if ln.kind == textLine && p.nextIsField(ln.start+len(ln.raw)+1) {
			p.doc.Infoboxes = append(p.doc.Infoboxes, Infobox{Pos: p.pos(ln, ln.indent), Name: p.text(ln, ln.body)})
			p.box = &p.doc.Infoboxes[len(p.doc.Infoboxes)-1]
			p.state = inInfobox
			return
		}
	case inInfobox:
		if ln.kind == itemLine && depth(ln.indent) == 1 {
			p.field(ln)
			return
		}
		p.state = inBody
		p.endInfobox()
	}
	p.bodyLine(ln)
}

// classify tells a line's kind from its first bytes; body is trimmed.
func classify(body []byte) lineKind {
	switch {
	case len(body) == 0:
		return blankLine
	case body[0] == '|':
		return rowLine
	case body[0] == '-' && (len(body) == 1 || body[1] == ' '):
		return itemLine
	case len(body) >= 2 && body[0] == '=' && body[1] == '=' && bytes.IndexFunc(body, notEquals) >= 0:
		return headingLine
	}
	return textLine
}

func notEquals(r rune) bool { return r != '=' }

// depth is the list depth of an item indented by indent bytes: two per level.
func depth(indent int) int { return indent/2 + 1 }

// nextIsField reports whether the line starting at off is an infobox field:
// a "- " item at the outermost depth.
func (p *textParser) nextIsField(off int) bool {
	if off >= len(p.data) {
		return false
	}
	rest := p.data[off:]
	if end := bytes.IndexByte(rest, '\n'); end >= 0 {
		rest = rest[:end]
	}
	body, indent := splitIndent(rest)
	return classify(body) == itemLine && depth(indent) == 1
}

// splitIndent trims a line's white space and returns what is left and how
// many bytes of indentation it had. White space here is ASCII only: markup
// is ASCII, and a line of other spaces (U+00A0) is text.
func splitIndent(raw []byte) (body []byte, indent int) {
	end := len(raw)
	for end > 0 && isSpace(raw[end-1]) {
		end--
	}
	indent = leadingSpace(raw[:end])
	return raw[indent:end], indent
}

// leadingSpace counts the white space bytes that b starts with.
func leadingSpace(b []byte) int {
	i := 0
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

// title reads the title line: "= Title =", or a cut "= Tit".
func (p *textParser) title(ln *textLineInfo) {
	inner := ln.body[1:]
	closed := bytes.HasSuffix(inner, []byte("="))
	inner = bytes.TrimRight(inner, "=")
	p.doc.Title = p.text(ln, bytes.TrimSpace(inner))
	if !closed {
		p.warn(ln.num, ln.indent+utf8.RuneCount(ln.body)+1, diag.Unclosed, "title line not closed by \"=\" (cut?): read as the title")
	}
	if p.doc.Title == "" {
		p.untitled(ln.num, ln.indent+1, "empty title line: title %q taken from the file name")
	}
}

// field reads "- Key: Value"; the key ends at the first ": ".
func (p *textParser) field(ln *textLineInfo) {
	item := bytes.TrimPrefix(ln.body[1:], []byte(" "))
	f := Field{Pos: p.pos(ln, ln.indent)}
	if key, value, ok := bytes.Cut(item, []byte(": ")); ok {
		f.Key, f.Value = p.text(ln, bytes.TrimSpace(key)), p.text(ln, bytes.TrimSpace(value))
	} else {
		// "- Key:" is a key with an empty value (its trailing space was
		// trimmed); anything else has no separator at all.
		key, colon := bytes.CutSuffix(item, []byte(":"))
		f.Key = p.text(ln, bytes.TrimSpace(key))
		if !colon {
			p.warn(ln.num, ln.indent+1, diag.BadInfoboxField, "infobox field %q has no \": \": read as a key with an empty value", f.Key)
		}
	}
	if f.Key == "" {
		p.warn(ln.num, ln.indent+1, diag.BadInfoboxField, "infobox field with an empty key")
	}
	p.fields = append(p.fields, f)
}

// bodyLine reads a line after the infobox.
func (p *textParser) bodyLine(ln *textLineInfo) {
	if ln.kind != rowLine && p.table != nil || ln.kind != itemLine && p.list != nil {
		p.endBlock()
	}
	switch ln.kind {
	case headingLine:
		p.heading(ln)
	case rowLine:
		p.row(ln)
	case itemLine:
		p.item(ln)
	case textLine:
		if isTextTitle(ln.body) {
			p.warn(ln.num, ln.indent+1, diag.BadHeading, "level-1 heading after the title line: read as a paragraph")
		}
		p.addBlock(Block{Paragraph: &Paragraph{Pos: p.pos(ln, ln.indent), Text: p.text(ln, ln.body)}})
	}
}

func (p *textParser) addBlock(b Block) { p.blocks = append(p.blocks, b) }

// heading reads "==H==" or "== H ==" (levels 2 to 6) and opens its section
// under the nearest open shallower one.
func (p *textParser) heading(ln *textLineInfo) {
	body := ln.body
	lead := len(body) - len(bytes.TrimLeft(body, "="))
	trail := len(body) - len(bytes.TrimRight(body, "="))
	level := min(lead, maxHeadingLevel)
	var inner []byte
	if trail >= 2 {
		level = min(level, trail)
		inner = body[level : len(body)-level]
	} else {
		inner = body[level:]
		p.warn(ln.num, ln.indent+utf8.RuneCount(body)+1, diag.Unclosed, "heading not closed by \"==\" (cut?): read as a level-%d heading", level)
	}
	if lead > maxHeadingLevel && trail > maxHeadingLevel {
		p.warn(ln.num, ln.indent+1, diag.BadHeading, "heading deeper than level %d: read as level %d", maxHeadingLevel, maxHeadingLevel)
	}
	s := &Section{Pos: p.pos(ln, ln.indent), Level: level, Heading: p.text(ln, bytes.TrimSpace(inner)), Children: []*Section{}}
	p.endSection()
	p.open = nestSection(p.doc, p.open, s)
	p.cur = s
}

// nestSection adds s to doc under the nearest open section of a lower level
// (at the top when there is none: a heading deeper than any open one still
// nests under it) and returns the open sections, outermost first, ending
// with s. Any dialect that meets headings in document order can use it.
func nestSection(doc *Document, open []*Section, s *Section) []*Section {
	for len(open) > 0 && open[len(open)-1].Level >= s.Level {
		open = open[:len(open)-1]
	}
	if len(open) == 0 {
		doc.Sections = append(doc.Sections, s)
	} else {
		parent := open[len(open)-1]
		parent.Children = append(parent.Children, s)
	}
	return append(open, s)
}

// row reads "| a | b |": the first row of a table is its header. A row not
// closed by "|" was cut; its cells are kept.
func (p *textParser) row(ln *textLineInfo) {
	body := ln.body[1:]
	closed := len(body) > 0 && body[len(body)-1] == '|'
	if closed {
		body = body[:len(body)-1]
	}
	base := ln.indent + 1 // byte index in raw of body[0]
	r := Row{Pos: p.pos(ln, ln.indent), Cells: make([]Cell, 0, bytes.Count(body, []byte("|"))+1)}
	c := runeCursor{line: ln.raw}
	for i := 0; ; {
		end := bytes.IndexByte(body[i:], '|')
		if end < 0 {
			end = len(body)
		} else {
			end += i
		}
		cell := body[i:end]
		lead := leadingSpace(cell)
		if lead == len(cell) {
			lead = 0 // an empty cell starts just after its "|"
		}
		r.Cells = append(r.Cells, Cell{Pos: p.posCol(ln, base+i+lead, c.col(base+i+lead)), Text: p.text(ln, bytes.TrimSpace(cell))})
		if end == len(body) {
			break
		}
		i = end + 1
	}
	if !closed {
		p.warn(ln.num, c.col(len(ln.body)+ln.indent), diag.Unclosed, "table row not closed by \"|\" (cut?): its %d cells are kept", len(r.Cells))
	}
	if p.table == nil {
		p.table = &Table{Pos: r.Pos, Header: []Row{r}}
		p.addBlock(Block{Table: p.table})
		return
	}
	p.rows = append(p.rows, r)
}

// item reads "- item", nested two spaces per level.
func (p *textParser) item(ln *textLineInfo) {
	if ln.indent%2 != 0 {
		p.warn(ln.num, ln.indent+1, diag.BadIndent, "list item indented by %d white-space bytes, not a multiple of 2: read at depth %d", ln.indent, depth(ln.indent))
	}
	it := ListItem{Pos: p.pos(ln, ln.indent), Depth: depth(ln.indent), Text: p.text(ln, bytes.TrimSpace(ln.body[1:]))}
	if p.list == nil {
		p.list = &List{Pos: it.Pos}
		p.addBlock(Block{List: p.list})
	}
	p.items = append(p.items, it)
}

// endBlock ends the open table or list: its gathered rows or items are
// copied out.
func (p *textParser) endBlock() {
	if p.table != nil {
		p.table.Body = moveOut(&p.rows)
		p.table = nil
	}
	if p.list != nil {
		p.list.Items = moveOut(&p.items)
		p.list = nil
	}
}

// endInfobox ends the open infobox: its gathered fields are copied out.
func (p *textParser) endInfobox() {
	if p.box != nil {
		p.box.Fields = moveOut(&p.fields)
		p.box = nil
	}
}

// endSection gives the current section its gathered blocks.
func (p *textParser) endSection() { p.cur.Blocks = moveOut(&p.blocks) }

// moveOut returns a sized, non-nil copy of *scratch and empties it, cleared
// so that the pooled parser keeps no reference to a document.
func moveOut[T any](scratch *[]T) []T {
	out := append(make([]T, 0, len(*scratch)), *scratch...)
	clear(*scratch)
	*scratch = (*scratch)[:0]
	return out
}

// checkBytes warns, once per line each, about invalid UTF-8 and NUL bytes.
func (p *textParser) checkBytes(ln *textLineInfo) {
	if nul := bytes.IndexByte(ln.raw, 0); nul >= 0 {
		ln.dirty = true
		p.warn(ln.num, utf8.RuneCount(ln.raw[:nul])+1, diag.NulByte, "NUL byte: replaced by U+FFFD")
	}
	if utf8.Valid(ln.raw) {
		return
	}
	ln.dirty = true
	for i := 0; i < len(ln.raw); {
		r, size := utf8.DecodeRune(ln.raw[i:])
		if r == utf8.RuneError && size == 1 {
			p.warn(ln.num, utf8.RuneCount(ln.raw[:i])+1, diag.InvalidUTF8, "invalid UTF-8 (byte 0x%02x): replaced by U+FFFD", ln.raw[i])
			return
		}
		i += size
	}
}

// text returns b, a part of line ln, as a string: cleaned if the line needs
// it, else sliced from the input string.
func (p *textParser) text(ln *textLineInfo, b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if !ln.dirty {
		// b is a subslice of data, so its start is where their capacities part.
		at := cap(p.data) - cap(b)
		return p.str[at : at+len(b)]
	}
	s := strings.ToValidUTF8(string(b), "\uFFFD")
	return strings.ReplaceAll(s, "\x00", "\uFFFD")
}

// pos is the position of byte i of line ln, where i is within the line's
// leading ASCII whitespace or just after it (one rune per byte).
func (p *textParser) pos(ln *textLineInfo, i int) Pos {
	return p.posCol(ln, i, i+1)
}

func (p *textParser) posCol(ln *textLineInfo, i, col int) Pos {
	return Pos{Line: ln.num, Col: col, Offset: ln.start + i}
}

func (p *textParser) warn(line, col int, code diag.Code, format string, args ...any) {
	p.doc.Diagnostics.Warnf(p.path, line, col, diag.Extract, code, format, args...)
}

// runeCursor turns increasing byte indexes of one line into rune columns in
// time linear in the line's length, however many cells it has.
type runeCursor struct {
	line []byte
	at   int // byte index reached
	n    int // runes before at
}

// col returns the 1-based rune column of byte index i (i >= every earlier i).
func (c *runeCursor) col(i int) int {
	c.n += utf8.RuneCount(c.line[c.at:i])
	c.at = i
	return c.n + 1
}
