package extract

// Literal HTML structure inside wikitext: <table>, <tr>, <td>, <th> and
// <caption> are table markup, <ul>, <ol>, <dl> with <li>, <dt>, <dd> are
// lists, and <h1>…<h6> headings, as MediaWiki renders them. The scanner
// records each such tag as a wtStruct span (its attributes [body,
// bodyEnd)); a logical line holding one at
// its top level (outside templates and links) is read tag by tag here,
// with the text between tags going to the open cell, item or heading, or
// else to a paragraph. They mix with wikitext tables: "{|" … "<tr><td>b"
// … "|}" is one table.

// wtStructTag numbers the structure tags; wtClosing marks a closing tag.
type wtStructTag uint8

const (
	stTable wtStructTag = iota + 1
	stTr
	stTd
	stTh
	stCaption
	stUl
	stOl
	stDl
	stLi
	stDt
	stDd
	stH1 // stH1+n-1 is <hn>
	stH6 = stH1 + 5

	wtClosing wtStructTag = 0x80
)

// wtStructName returns the number of a structure tag's lower-cased name,
// or 0 (a switch: the scanner asks for every tag).
func wtStructName(name string) wtStructTag {
	switch name {
	case "table":
		return stTable
	case "tr":
		return stTr
	case "td":
		return stTd
	case "th":
		return stTh
	case "caption":
		return stCaption
	case "ul":
		return stUl
	case "ol":
		return stOl
	case "dl":
		return stDl
	case "li":
		return stLi
	case "dt":
		return stDt
	case "dd":
		return stDd
	case "h1", "h2", "h3", "h4", "h5", "h6":
		return stH1 + wtStructTag(name[1]-'1')
	}
	return 0
}

// wtHTMLState is the open HTML list or heading of the block pass.
type wtHTMLState struct {
	markers   []byte // the open <ul>/<ol>/<dl>: '*', '#', or ';' (a dl)
	item      int    // start of the open item's text, -1 if none
	itemOpen  int    // offset of its <li>, <dt> or <dd>
	itemMark  byte   // its marker
	head      int    // start of the open <hn>'s text, -1 if none
	headOpen  int    // offset of the <hn>
	headLevel int
}

// structIn returns the index of the first structure span at the top level
// of [s, e) (not inside another span), or -1.
func (p *wtParser) structIn(s, e int) int {
	if p.nStruct == 0 {
		return -1
	}
	for k := p.spanFrom(0, s); k < len(p.spans) && p.spans[k].open < e; {
		sp := &p.spans[k]
		if sp.kind == wtStruct {
			return k
		}
		k = p.spanFrom(k+1, sp.close)
	}
	return -1
}

// htmlLine reads the logical line [s, e) whose first top-level structure
// tag is span k: the text before it as a line of its own (unless it
// continues an open cell, item or heading), then tag by tag.
func (p *wtParser) htmlLine(s, e, k int) {
	d := p.data
	first := p.spans[k].open
	if lead := trimSpaceEnd(d, s, first); skipSpace(d, s, lead) < lead && !p.htmlOpen() {
		p.plainLine(s, first)
	}
	for k >= 0 {
		sp := p.spans[k]
		p.structTag(sp)
		next := p.structIn(sp.close, e)
		to := e
		if next >= 0 {
			to = p.spans[next].open
		}
		p.htmlText(sp.close, to)
		k = next
	}
}

// htmlText handles the text [s, e) between structure tags: it belongs to
// the open cell, item or heading, or else is a paragraph.
func (p *wtParser) htmlText(s, e int) {
	d := p.data
	if skipSpace(d, s, trimSpaceEnd(d, s, e)) == trimSpaceEnd(d, s, e) || p.htmlOpen() {
		return
	}
	p.flushPara()
	p.para, p.paraPos, p.paraEnd = s, p.mark(s), e
	p.flushPara()
}

// htmlOpen reports whether text goes to an open cell, HTML item or heading.
func (p *wtParser) htmlOpen() bool {
	n := len(p.tables)
	return p.html.item >= 0 || p.html.head >= 0 || n > 0 && p.tables[n-1].itemStart >= 0
}

// structTag applies one structure tag.
func (p *wtParser) structTag(sp wtSpan) {
	tag := sp.tag
	closing := tag&wtClosing != 0
	tag &^= wtClosing
	n := len(p.tables)
	inCell := n > 0 && p.tables[n-1].itemStart >= 0
	switch {
	case tag == stTable:
		p.closeHTMLItem(sp.open)
		if !closing {
			p.list = nil
			p.startTable(sp.open, sp.close)
			p.tables[n].html = true
		} else if n > 0 {
			p.closeItem(p.tables[n-1], sp.open)
			p.endTable(sp.close)
		}
	case tag <= stCaption:
		if n == 0 {
			return // a cell outside any table: its tags are dropped
		}
		p.htmlCell(p.tables[n-1], sp, tag, closing)
	case inCell:
		// Lists and headings inside a cell are its text.
	case tag >= stH1:
		p.htmlHeading(sp, int(tag-stH1)+1, closing)
	default:
		p.htmlList(sp, tag, closing)
	}
}

// htmlCell applies <tr>, <td>, <th>, <caption> or their closing tags to
// the innermost table.
func (p *wtParser) htmlCell(tb *wtTable, sp wtSpan, tag wtStructTag, closing bool) {
	p.flushPara()
	p.list = nil
	p.closeItem(tb, sp.open)
	if closing {
		return
	}
	switch tag {
	case stTr:
		tb.item, tb.caption = nil, false
		tb.newRow = true
		tb.rowPos = p.pos(sp.open)
	case stCaption:
		tb.item, tb.caption = nil, true
		p.openItem(tb, sp.close)
	default:
		cell := wtCell{Cell: Cell{Header: tag == stTh}, rowspan: 1, colspan: 1}
		wtSpanAttrs(p.data[sp.body:sp.bodyEnd], &cell)
		p.openItem(tb, sp.close)
		cell.Pos = p.out(tb.itemMark)
		tb.item, tb.caption = p.addCell(tb, cell), false
	}
}

// htmlList applies a list tag: <ul>, <ol>, <dl> open a level, <li>, <dt>,
// <dd> an item of it.
func (p *wtParser) htmlList(sp wtSpan, tag wtStructTag, closing bool) {
	h := &p.html
	p.flushPara()
	p.closeHTMLItem(sp.open)
	switch {
	case tag <= stDl && closing:
		if len(h.markers) > 0 {
			h.markers = h.markers[:len(h.markers)-1]
		}
		if len(h.markers) == 0 {
			p.list = nil
		}
	case tag <= stDl:
		h.markers = append(h.markers, "*#;"[tag-stUl])
	case !closing:
		mark := byte('*')
		if len(h.markers) > 0 {
			mark = h.markers[len(h.markers)-1]
		}
		switch {
		case tag == stDd:
			mark = ':'
		case tag == stDt || mark == ';' && tag == stLi:
			mark = ';'
		}
		h.item, h.itemOpen, h.itemMark = sp.close, sp.open, mark
	}
}

// closeHTMLItem ends the open HTML list item at offset at, adding it to
// the open list.
func (p *wtParser) closeHTMLItem(at int) {
	h := &p.html
	if h.item < 0 {
		return
	}
	s := h.item
	h.item = -1
	if skipSpace(p.data, s, trimSpaceEnd(p.data, s, at)) == trimSpaceEnd(p.data, s, at) {
		return // an empty item
	}
	if p.list == nil {
		p.list = &List{Pos: p.pos(h.itemOpen)}
		p.addBlock(Block{List: p.list})
	}
	p.listItem(h.itemOpen, s, at, max(len(h.markers), 1), string(h.itemMark))
}

// htmlHeading applies <hn> and </hn>: the text between is a heading.
func (p *wtParser) htmlHeading(sp wtSpan, level int, closing bool) {
	h := &p.html
	if !closing {
		p.flushPara()
		p.closeHTMLItem(sp.open)
		p.list = nil
		h.head, h.headOpen, h.headLevel = sp.close, sp.open, level
		return
	}
	if h.head < 0 {
		return
	}
	s := h.head
	h.head = -1
	p.addSection(h.headOpen, h.headLevel, s, sp.open)
}

// endHTML closes what HTML left open at offset at: a blank line or the end
// of the input.
func (p *wtParser) endHTML(at int) {
	p.closeHTMLItem(at)
	if h := &p.html; h.head >= 0 {
		s := h.head
		h.head = -1
		p.addSection(h.headOpen, h.headLevel, s, at)
	}
	p.html.markers = p.html.markers[:0]
}
