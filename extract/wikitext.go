package extract

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/wikipipe/wikipipe/diag"
)

// The wikitext dialect is a hand-written scanner in three passes, each linear:
// wikitext_scan.go finds the extent of every template, link, comment,
// extension tag and HTML structure tag; this file walks the logical lines (a
// line plus the lines a construct opened on it spans) into headings,
// paragraphs, lists and tables (wikitext_table.go, and wikitext_html.go for
// literal HTML structure); wikitext_inline.go reduces a run of markup to plain
// text, reading infoboxes and the documented inline templates on the way.
// MediaWiki's own reading (its Parser and parserTests) is the reference.
// Templates are not expanded. Recursion (templates in templates, links in
// labels) is bounded by wtMaxDepth, with a located warning.

// wtMaxDepth bounds the nesting of templates and links the inline pass
// reads; deeper content is dropped with a warning.
const wtMaxDepth = 100

// wtMaxWarnings bounds the located warnings one page records; the rest are
// counted in a last warning.
const wtMaxWarnings = 100

// DefaultInfoboxNames are the templates read as infoboxes besides those named
// "Infobox …" or "… infobox" (any case, underscores as spaces): boxes of
// facts that are not named so, the taxonomy, chemistry, protein and
// astronomy boxes, and the German Personendaten (person data, hidden on the
// page). Options.InfoboxNames changes the list: a name adds a template, a
// name after "-" removes one, from this list or from those matched by the
// "Infobox" rule ("-Infobox" drops the generic {{Infobox}}, which articles
// nest as sub-boxes of their main infobox).
var DefaultInfoboxNames = []string{
	"Taxobox", "Automatic taxobox", "Speciesbox", "Subspeciesbox", "Infraspeciesbox",
	"Virusbox", "Chembox", "Drugbox", "Enzyme", "Protein", "Geobox", "Starbox begin",
	"Planetbox begin", "Personendaten",
}

// wtDefaultBoxes is DefaultInfoboxNames as template keys.
var wtDefaultBoxes = wtBoxKeys(DefaultInfoboxNames)

// wtBoxKeys returns names as template keys: lower case, underscores and runs
// of white space as one space, trimmed.
func wtBoxKeys(names []string) []string {
	keys := make([]string, 0, len(names))
	for _, n := range names {
		keys = append(keys, wtBoxKey(n))
	}
	return keys
}

func wtBoxKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(name, "_", " ")), " "))
}

// infoboxNames applies Options.InfoboxNames to the default list: the names
// to read as infoboxes and those not to.
func infoboxNames(opts []string) (boxes, not []string) {
	if len(opts) == 0 {
		return wtDefaultBoxes, nil
	}
	boxes = slices.Clone(wtDefaultBoxes)
	for _, n := range opts {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(n), "-"); ok {
			k := wtBoxKey(rest)
			boxes = slices.DeleteFunc(boxes, func(b string) bool { return b == k })
			not = append(not, k)
		} else if k := wtBoxKey(n); k != "" && !slices.Contains(boxes, k) {
			boxes = append(boxes, k)
			not = slices.DeleteFunc(not, func(b string) bool { return b == k })
		}
	}
	return boxes, not
}

// ParseWikitext parses a file of MediaWiki markup. The markup names no title,
// so the title is opts.Title, else the file name's, with a warning.
func ParseWikitext(path string, data []byte, opts Options) *Document {
	title, given := fallbackTitle(path, opts)
	doc := parseWikitextAt(path, data, title, Pos{Line: 1, Col: 1}, opts)
	doc.Wiki = resolveWiki(Wiki{}, opts)
	if !given {
		doc.Diagnostics = append(diag.List{{File: path, Line: 1, Col: 1, Stage: diag.Extract, Severity: diag.Warning, Code: diag.NoTitle,
			Message: fmt.Sprintf("wikitext names no title: using %q from the file name", title)}}, doc.Diagnostics...)
	}
	return doc
}

// ParseWikitextPage parses the markup of a page whose title is known, as
// that of a page fetched from a wiki is.
func ParseWikitextPage(path, title string, data []byte, opts Options) *Document {
	return parseWikitextAt(path, data, title, Pos{Line: 1, Col: 1}, opts)
}

// parseWikitextAt parses one page's markup whose first byte sits at position
// at of file path (a page inside a dump), with the given title. Every Pos is
// shifted by at: lines by at.Line-1, columns on the first line only, offsets
// by at.Offset.
func parseWikitextAt(path string, data []byte, title string, at Pos, opts Options) *Document {
	p := &wtParser{path: path, data: data, at: at}
	p.doc = &Document{Title: title, Source: newSource(path, Wikitext, data), Infoboxes: []Infobox{}}
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		p.start = 3 // the byte order mark takes no column
	}
	p.tr = wtTracker{off: p.start, line: 1, col: 1, lineStart: p.start}
	p.html.item, p.html.head = -1, -1
	p.boxNames, p.notBoxes = infoboxNames(opts.InfoboxNames)
	p.spans = make([]wtSpan, 0, len(data)/128) // the corpus holds a span per 119 bytes
	p.scan()
	p.blocks()
	p.finishDiagnostics()
	return p.doc
}

// isRedirect reports whether wikitext is a redirect page: "#REDIRECT" (or the
// German, Afrikaans, Norwegian, French or Dutch keyword) and then a link.
func isRedirect(data []byte) bool {
	data = bytes.TrimLeft(stripBOM(data), " \t\r\n")
	if len(data) == 0 || data[0] != '#' {
		return false
	}
	for _, kw := range []string{"#redirect", "#weiterleitung", "#aanstuur", "#omdirigering", "#redirection", "#doorverwijzing"} {
		if len(data) >= len(kw) && bytes.EqualFold(data[:len(kw)], []byte(kw)) {
			rest := bytes.TrimLeft(data[len(kw):], " \t\r\n:")
			return bytes.HasPrefix(rest, []byte("[["))
		}
	}
	return false
}

// wtParser holds the state of one page's parse.
type wtParser struct {
	path     string
	data     []byte
	start    int // first byte after a byte order mark
	at       Pos
	boxNames []string // template keys read as infoboxes (infoboxNames)
	notBoxes []string // and those not, even if named "Infobox …"
	doc      *Document

	spans []wtSpan // from scan, sorted by open
	hint  int      // spanFrom's last answer
	lc    int      // the line pass's cursor into spans

	tr    wtTracker
	index *lineIndex // built only if positions are asked for out of order

	// quoteBold is the bold mark of the line [quoteLine, quoteEnd) that
	// reads as an apostrophe and an italic (lineQuoteFix), cached.
	quoteLine, quoteEnd, quoteBold int

	html    wtHTMLState // the open HTML list item or heading
	nStruct int         // wtStruct spans: none, and no line is searched for them

	warns      []wtWarn
	warnedDeep bool

	// block state
	stack   []*Section // open sections, the lead first
	para    int        // start of the open paragraph, -1 if none
	paraEnd int
	paraPos wtMark
	list    *List
	tables  []*wtTable
	prose   textBuf // reused for paragraphs, headings, list items
	cellBuf textBuf // reused for table cells and captions
	nameBuf []byte  // scratch for template names
	keyBuf  []byte  // scratch for their lower-cased form
}

// wtWarn is a warning waiting for its position.
type wtWarn struct {
	off  int
	code diag.Code
	msg  string
}

// warnAt records a warning at byte offset off.
func (p *wtParser) warnAt(off int, code diag.Code, format string, args ...any) {
	p.warns = append(p.warns, wtWarn{off, code, fmt.Sprintf(format, args...)})
}

// finishDiagnostics locates the warnings, in input order, keeping the first
// wtMaxWarnings and counting the rest.
func (p *wtParser) finishDiagnostics() {
	slices.SortStableFunc(p.warns, func(a, b wtWarn) int { return a.off - b.off })
	n := min(len(p.warns), wtMaxWarnings)
	for _, w := range p.warns[:n] {
		pos := p.pos(w.off)
		p.doc.Diagnostics.Warnf(p.path, pos.Line, pos.Col, diag.Extract, w.code, "%s", w.msg)
	}
	if len(p.warns) > n {
		pos := p.pos(p.warns[n].off)
		p.doc.Diagnostics.Warnf(p.path, pos.Line, pos.Col, diag.Extract, diag.MoreWarnings, "%d more warnings like the above not shown", len(p.warns)-n)
	}
}

// wtMark is a position inside the page, before the shift by p.at.
type wtMark struct{ off, line, col int }

// wtTracker turns offsets into line and column by walking forward from the
// last offset asked, so that the parser's mostly increasing requests cost
// time linear in the input, however long its lines.
type wtTracker struct {
	off, line, col int
	lineStart      int // offset where line starts, -1 if unknown
}

// mark returns the position of offset off.
func (p *wtParser) mark(off int) wtMark {
	t := &p.tr
	d := p.data
	off = max(p.start, min(off, len(d)))
	switch {
	case off >= t.off:
		seg := d[t.off:off]
		if n := bytes.Count(seg, []byte{'\n'}); n > 0 {
			t.line += n
			t.lineStart = t.off + bytes.LastIndexByte(seg, '\n') + 1
			t.col = utf8.RuneCount(d[t.lineStart:off]) + 1
		} else {
			t.col += utf8.RuneCount(seg)
		}
	case t.lineStart >= 0 && off >= t.lineStart:
		t.col = utf8.RuneCount(d[t.lineStart:off]) + 1
	default:
		if p.index == nil {
			p.index = newLineIndex(d)
		}
		pos := p.index.pos(off)
		t.line = pos.Line
		t.col = pos.Col
		if pos.Line == 1 && p.start > 0 {
			t.col-- // the byte order mark
		}
		t.lineStart = -1
	}
	t.off = off
	return wtMark{off, t.line, t.col}
}

// seek moves the tracker back to a mark taken before, so that a range read
// again (a paragraph's text) is walked forward from its start.
func (p *wtParser) seek(m wtMark) {
	p.tr = wtTracker{off: m.off, line: m.line, col: m.col, lineStart: -1}
}

// out shifts a mark by the page's position in its file.
func (p *wtParser) out(m wtMark) Pos {
	if m.line == 1 {
		m.col += p.at.Col - 1
	}
	return Pos{Line: m.line + p.at.Line - 1, Col: m.col, Offset: m.off + p.at.Offset}
}

// pos is the shifted position of offset off.
func (p *wtParser) pos(off int) Pos { return p.out(p.mark(off)) }

// spanFrom returns the index of the first span opening at or after off,
// searching from index lo.
func (p *wtParser) spanFrom(lo, off int) int {
	// Most searches land where the last one did or on the next span: the
	// inline pass walks the spans in order.
	for _, h := range [2]int{p.hint, lo} {
		if h >= lo && h < len(p.spans) && p.spans[h].open >= off && (h == lo || p.spans[h-1].open < off) {
			return h
		}
	}
	hi := len(p.spans)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if p.spans[m].open < off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	p.hint = lo
	return lo
}

// lineEnd returns the end of the logical line starting at s: the first
// newline that no construct opened on the line spans.
func (p *wtParser) lineEnd(s int) int {
	d := p.data
	p.lc = p.spanFrom(p.lc, s)
	for {
		nl := bytes.IndexByte(d[s:], '\n')
		if nl < 0 {
			nl = len(d)
		} else {
			nl += s
		}
		for p.lc < len(p.spans) && p.spans[p.lc].open < nl && p.spans[p.lc].close <= nl {
			p.lc = p.spanFrom(p.lc+1, p.spans[p.lc].close)
		}
		if p.lc >= len(p.spans) || p.spans[p.lc].open >= nl {
			return nl
		}
		s = p.spans[p.lc].close
		p.lc = p.spanFrom(p.lc+1, s)
	}
}

// blocks walks the logical lines into sections and blocks.
func (p *wtParser) blocks() {
	d := p.data
	lead := &Section{Pos: p.pos(p.start), Blocks: []Block{}, Children: []*Section{}}
	p.doc.Sections = []*Section{lead}
	p.stack = []*Section{lead}
	p.para = -1
	for s := p.start; s < len(d); {
		e := p.lineEnd(s)
		p.line(s, e)
		s = e + 1
	}
	p.flushPara()
	p.endHTML(len(d))
	p.list = nil
	for len(p.tables) > 0 {
		t := p.tables[len(p.tables)-1]
		if t.html {
			p.warnAt(t.open, diag.Unclosed, "unclosed <table>: closed at the end of the input")
		} else {
			p.warnAt(t.open, diag.Unclosed, "unclosed table {|: closed at the end of the input")
		}
		p.endTable(len(d))
	}
}

// line handles the logical line [s, e).
func (p *wtParser) line(s, e int) {
	if k := p.structIn(s, e); k >= 0 && !p.wikiCellLine(s, e) {
		p.htmlLine(s, e, k)
		return
	}
	if p.html.item >= 0 || p.html.head >= 0 { // the text of an HTML item or heading
		if d := p.data; skipSpace(d, s, trimSpaceEnd(d, s, e)) == trimSpaceEnd(d, s, e) {
			p.endHTML(s) // a blank line ends it
		}
		return
	}
	p.plainLine(s, e)
}

// wikiCellLine reports whether [s, e) is a line of a wikitext table's
// markup ("|", "!"): its HTML structure tags are text of its cells.
func (p *wtParser) wikiCellLine(s, e int) bool {
	n := len(p.tables)
	if n == 0 || p.tables[n-1].html {
		return false
	}
	i := skipSpace(p.data, p.skipComments(s, e), e)
	return i < e && (p.data[i] == '|' || p.data[i] == '!')
}

// plainLine handles the logical line [s, e) of wikitext markup.
func (p *wtParser) plainLine(s, e int) {
	d := p.data
	body := trimSpaceEnd(d, s, e)
	ind := skipSpace(d, s, body)
	if ind == body { // blank line
		if len(p.tables) > 0 {
			return // inside a cell, or between rows: nothing to do
		}
		p.flushPara()
		p.list = nil
		return
	}
	if p.onlyComments(ind, body) {
		return
	}
	ls := s
	if d[s] == '<' { // comments before the markup vanish: "<!-- c -->== h =="
		s = p.skipComments(s, body)
		ind = skipSpace(d, s, body)
	}
	if bytes.HasPrefix(d[ind:body], []byte("{|")) {
		p.flushPara()
		p.list = nil
		p.startTable(ind, e)
		return
	}
	if n := len(p.tables); n > 0 && p.tables[n-1].html {
		p.tableText(ls, ind, e)
		return
	} else if n > 0 {
		p.tableLine(ls, ind, e)
		return
	}
	switch c := d[s]; {
	case c == '=':
		if p.heading(s, body) {
			return
		}
	case c == '*' || c == '#' || c == ':' || c == ';':
		p.flushPara()
		p.listLine(s, e)
		return
	case c == '-' && bytes.HasPrefix(d[s:body], []byte("----")):
		p.flushPara()
		p.list = nil
		return
	}
	p.list = nil
	if p.para < 0 {
		p.para = s
		p.paraPos = p.mark(s)
	}
	p.paraEnd = e
}

// onlyComments reports whether [s, e) holds nothing but comments and
// spaces: such a line vanishes, as in MediaWiki, without ending a list or a
// paragraph.
func (p *wtParser) onlyComments(s, e int) bool {
	if p.data[s] != '<' {
		return false
	}
	i := p.spanFrom(0, s)
	for s < e {
		if i >= len(p.spans) || p.spans[i].open != s || p.spans[i].kind != wtComment {
			return false
		}
		s = skipSpace(p.data, p.spans[i].close, e)
		i++
	}
	return true
}

// skipComments returns the offset after the comments that start [s, e).
func (p *wtParser) skipComments(s, e int) int {
	for i := p.spanFrom(0, s); s < e && i < len(p.spans) && p.spans[i].open == s && p.spans[i].kind == wtComment; i++ {
		s = p.spans[i].close
	}
	return s
}

// cur is the innermost open section.
func (p *wtParser) cur() *Section { return p.stack[len(p.stack)-1] }

func (p *wtParser) addBlock(b Block) {
	s := p.cur()
	s.Blocks = append(s.Blocks, b)
}

// flushPara ends the open paragraph, reducing its lines to text. A
// paragraph with no text is kept only if it dropped templates, so that
// they stay recorded.
func (p *wtParser) flushPara() {
	if p.para < 0 {
		return
	}
	s, e := p.para, p.paraEnd
	p.para = -1
	tb := &p.prose
	tb.reset(modeProse)
	p.seek(p.paraPos)
	pos := p.out(p.paraPos)
	p.render(tb, s, e, 0)
	text := tb.finish()
	if text == "" && len(tb.templates) == 0 {
		return
	}
	p.addBlock(Block{Paragraph: &Paragraph{Pos: pos, Text: text, Links: tb.takeLinks(), Templates: tb.takeTemplates()}})
}

// heading reads "== Heading ==" on [s, e); it reports false if the line is
// not one.
func (p *wtParser) heading(s, e int) bool {
	d := p.data
	e = p.trimComments(s, e)
	n := e - s
	a := runOf(d[:e], s, '=')
	if n < 3 || d[e-1] != '=' {
		return false
	}
	b := 0
	for b < n && d[e-1-b] == '=' {
		b++
	}
	level := min(a, b)
	if a == n { // "=====": the middle signs are the text
		level = (n - 1) / 2
	}
	level = min(level, 6)
	if level < 1 {
		return false
	}
	p.flushPara()
	p.list = nil
	p.addSection(s, level, s+level, e-level)
	return true
}

// addSection opens a section of the given level at offset at, its heading
// the text of [s, e).
func (p *wtParser) addSection(at, level, s, e int) {
	m := p.mark(at)
	tb := &p.prose
	tb.reset(modeProse)
	p.render(tb, s, e, 0)
	sec := &Section{Pos: p.out(m), Level: level, Heading: tb.finish(), Blocks: []Block{}, Children: []*Section{}}
	for len(p.stack) > 1 && p.cur().Level >= level {
		p.stack = p.stack[:len(p.stack)-1]
	}
	parent := p.cur()
	if parent.Level == 0 && len(p.stack) == 1 {
		p.doc.Sections = append(p.doc.Sections, sec)
	} else {
		parent.Children = append(parent.Children, sec)
	}
	p.stack = append(p.stack, sec)
}

// trimComments drops the comments and spaces that end [s, e).
func (p *wtParser) trimComments(s, e int) int {
	d := p.data
	for {
		e = trimSpaceEnd(d, s, e)
		if e-s < 3 || d[e-1] != '>' {
			return e
		}
		i := p.spanFrom(0, e) - 1
		for i >= 0 && p.spans[i].open >= s && p.spans[i].close != e {
			i--
		}
		if i < 0 || p.spans[i].open < s || p.spans[i].kind != wtComment {
			return e
		}
		e = p.spans[i].open
	}
}

// listLine reads a list item: the markers "*#:;" give its depth, the last
// one its Marker. ";term : definition" gives two items. A table opened
// after the markers (":{|", an indented table) ends the list.
func (p *wtParser) listLine(s, e int) {
	d := p.data
	m := s
	for m < e && (d[m] == '*' || d[m] == '#' || d[m] == ':' || d[m] == ';') {
		m++
	}
	if c := skipSpace(d, m, e); bytes.HasPrefix(d[c:e], []byte("{|")) {
		p.list = nil
		p.startTable(c, e)
		return
	}
	depth := m - s
	marker := string(d[m-1])
	if p.list == nil {
		p.list = &List{Pos: p.pos(s)}
		p.addBlock(Block{List: p.list})
	}
	if marker == ";" {
		if c := p.defColon(m, e); c < e {
			p.listItem(s, m, c, depth, marker)
			p.listItem(c, c+1, e, depth, ":")
			return
		}
	}
	p.listItem(s, m, e, depth, marker)
}

// defColon returns the colon that ends the term of ";term : definition"
// in [s, e), or e: as MediaWiki's findColonNoLinks, the first one outside
// links, templates, external links, bare URLs and tags.
func (p *wtParser) defColon(s, e int) int {
	d := p.data
	for i := s; i < e; {
		i = p.findOutside(i, e, &wtDefSpecial, func(int) bool { return true })
		if i >= e {
			return e
		}
		if d[i] == '[' {
			if end := wtExtLinkEnd(d, i, e); end >= 0 {
				i = end + 1
			} else {
				i++
			}
			continue
		}
		// A colon inside a bare URL: go on after the URL.
		w := i
		for w > s && 'a' <= d[w-1]|0x20 && d[w-1]|0x20 <= 'z' {
			w--
		}
		if n := wtURLLen(d, w, e); n > i-w {
			i = w + n
			continue
		}
		return i
	}
	return e
}

// wtDefSpecial marks the bytes defColon looks at: colons, external links
// and tags.
var wtDefSpecial = *wtSpecial(":[<")

// wtURLLen returns the length of the bare URL (a scheme of wtSchemes but
// "//", then no white space) at i, or 0.
func wtURLLen(d []byte, i, e int) int {
	n := wtSchemeLen(d, i, e)
	if n == 0 || n == 2 { // "//" alone is no bare URL
		return 0
	}
	j := i + n
	for j < e && d[j] != ' ' && d[j] != '\t' && d[j] != '\n' && d[j] != '<' && d[j] != '[' && d[j] != ']' {
		j++
	}
	return j - i
}

// listItem appends the item whose markers start at s and text spans [m, e).
func (p *wtParser) listItem(s, m, e, depth int, marker string) {
	pos := p.pos(s)
	tb := &p.prose
	tb.reset(modeProse)
	p.render(tb, m, e, 0)
	p.list.Items = append(p.list.Items, ListItem{Pos: pos, Depth: depth, Text: tb.finish(), Marker: marker,
		Links: tb.takeLinks(), Templates: tb.takeTemplates()})
}

// skipSpace returns the first offset in [i, e) that is not a space or tab.
func skipSpace(d []byte, i, e int) int {
	for i < e && (d[i] == ' ' || d[i] == '\t') {
		i++
	}
	return i
}

// trimSpaceEnd returns e moved back over spaces, tabs and carriage returns.
func trimSpaceEnd(d []byte, s, e int) int {
	for e > s && (d[e-1] == ' ' || d[e-1] == '\t' || d[e-1] == '\r') {
		e--
	}
	return e
}
