package extract

import (
	"bytes"
)

// MediaWiki's own limits on cell spans; larger values are clamped.
const (
	wtMaxColspan = 1000
	wtMaxRowspan = 65534
)

// wtTable is a table being read. Cells are rendered when they end (at the
// next cell, row or table line), since a cell's text may run over lines.
type wtTable struct {
	t      *Table
	open   int  // offset of "{|" or "<table"
	html   bool // opened by <table>: lines starting with '|' are text
	rows   []wtRow
	rowPos Pos
	newRow bool // a "|-" was met: the next cell starts a row

	// item is the cell or caption whose text is still open: it runs from
	// itemStart to the next table line. itemStart is -1 once it is closed;
	// the item stays known so that text after a nested table rejoins it.
	item      *wtCell
	caption   bool
	itemStart int
	itemMark  wtMark
}

// wtRow and wtCell are a row and cell before the spans are expanded.
type wtRow struct {
	pos   Pos
	cells []wtCell
}

type wtCell struct {
	Cell
	rowspan, colspan int
}

// startTable opens a table at "{|" (offset i, line end e); a table opened
// inside a cell is kept apart as its own block, after its parent.
func (p *wtParser) startTable(i, e int) {
	p.flushPara()
	if n := len(p.tables); n > 0 {
		p.closeItem(p.tables[n-1], i)
	}
	t := &Table{Pos: p.pos(i), Header: []Row{}, Body: []Row{}}
	p.addBlock(Block{Table: t})
	p.tables = append(p.tables, &wtTable{t: t, open: i, itemStart: -1})
}

// tableLine reads the line [s, e) inside a table; i is its first byte
// that is not a space or a comment.
func (p *wtParser) tableLine(s, i, e int) {
	d := p.data
	tb := p.tables[len(p.tables)-1]
	rest := d[i:e]
	if rest[0] != '|' && rest[0] != '!' {
		p.tableText(s, i, e)
		return
	}
	p.flushPara()
	p.list = nil
	p.closeItem(tb, s)
	switch {
	case bytes.HasPrefix(rest, []byte("|}")):
		p.endTable(e + 1)
	case bytes.HasPrefix(rest, []byte("|+")):
		_, c := p.cellAttrs(i+2, e)
		tb.item, tb.caption = nil, true
		p.openItem(tb, c)
	case bytes.HasPrefix(rest, []byte("|-")):
		tb.item, tb.caption = nil, false
		tb.newRow = true
		tb.rowPos = p.pos(i)
	default:
		p.cells(tb, i+1, e, rest[0] == '!')
	}
}

// tableText handles the line [s, e) inside a table that is not table
// markup (i its first byte that is not a space or a comment): it continues
// the open cell, or else (text MediaWiki shows before the table) becomes a
// paragraph, or a list.
func (p *wtParser) tableText(s, i, e int) {
	tb := p.tables[len(p.tables)-1]
	if tb.itemStart >= 0 {
		return
	}
	if c := p.data[i]; c == '*' || c == '#' || c == ':' || c == ';' {
		p.flushPara()
		p.listLine(i, e)
		return
	}
	p.list = nil
	if p.para < 0 {
		p.para = s
		p.paraPos = p.mark(s)
	}
	p.paraEnd = e
}

// cells reads the cells of one line from i (after the first '|' or '!'):
// "||" separates cells, and "!!" too on a header line. The last cell stays
// open: the lines that follow, up to the next table line, belong to it.
func (p *wtParser) cells(tb *wtTable, i, e int, header bool) {
	d := p.data
	for {
		special := &wtCellSpecial
		if header {
			special = &wtHeadSpecial
		}
		end := p.findOutside(i, e, special, func(j int) bool {
			return j+1 < e && d[j+1] == d[j] && (d[j] == '|' || header)
		})
		attrs, c := p.cellAttrs(i, end)
		cell := wtCell{Cell: Cell{Header: header}, rowspan: 1, colspan: 1}
		wtSpanAttrs(d[attrs:max(attrs, c-1)], &cell)
		p.openItem(tb, c)
		cell.Pos = p.out(tb.itemMark)
		tb.item, tb.caption = p.addCell(tb, cell), false
		if end >= e {
			return
		}
		p.closeItem(tb, end)
		i = end + 2
	}
}

// wtCellSpecial and wtHeadSpecial mark the bytes the cells of a line are
// split at (and tags, whose attributes split nothing).
var (
	wtCellSpecial = *wtSpecial("|<")
	wtHeadSpecial = *wtSpecial("|!<")
)

// addCell appends a cell to the current row, starting a row at the last
// "|-" (or at the cell, for cells before any "|-"), and returns it.
func (p *wtParser) addCell(tb *wtTable, c wtCell) *wtCell {
	if tb.newRow || len(tb.rows) == 0 {
		pos := tb.rowPos
		if !tb.newRow {
			pos = c.Pos
		}
		width := 4
		if n := len(tb.rows); n > 0 {
			width = len(tb.rows[n-1].cells) // rows are mostly as wide as the last
		}
		tb.rows = append(tb.rows, wtRow{pos: pos, cells: make([]wtCell, 0, width)})
		tb.newRow = false
	}
	r := &tb.rows[len(tb.rows)-1]
	r.cells = append(r.cells, c)
	return &r.cells[len(r.cells)-1]
}

// cellAttrs splits a cell [i, e) at its first single '|' into attributes
// and content, as MediaWiki does, unless the part before holds a link (any
// of the links opening before the bar); it
// returns the start of the attributes (or of the content when there are
// none: attrs == c) and the start of the content.
func (p *wtParser) cellAttrs(i, e int) (attrs, c int) {
	bar := p.findOutside(i, e, &wtCellSpecial, func(int) bool { return true })
	if bar >= e {
		return i, i
	}
	for k := p.spanFrom(0, i); k < len(p.spans) && p.spans[k].open < bar; k++ {
		if p.spans[k].kind == wtLink {
			return i, i
		}
	}
	return i, bar + 1
}

// openItem starts the open text of the current cell or caption at c.
func (p *wtParser) openItem(tb *wtTable, c int) {
	tb.itemStart = c
	tb.itemMark = p.mark(skipSpace(p.data, c, len(p.data)))
}

// closeItem ends the open cell or caption text at offset at and renders it.
func (p *wtParser) closeItem(tb *wtTable, at int) {
	if tb.itemStart < 0 {
		return
	}
	s := tb.itemStart
	tb.itemStart = -1
	if at <= s {
		return
	}
	buf := &p.cellBuf
	mode := modeCell
	if tb.caption {
		mode = modeProse
	}
	buf.reset(mode)
	p.seek(tb.itemMark)
	p.render(buf, s, at, 0)
	text := buf.finish()
	if text == "" {
		return
	}
	switch {
	case tb.caption && tb.t.Caption != "":
		tb.t.Caption += " " + text
	case tb.caption:
		tb.t.Caption = text
	case tb.item != nil && tb.item.Text != "":
		tb.item.Text += "\n" + text
	case tb.item != nil:
		tb.item.Text = text
	}
}

// endTable closes the innermost table at its "|}" and expands its spans;
// next is where the text after the "|}" line starts, which rejoins the
// parent's open cell.
func (p *wtParser) endTable(next int) {
	n := len(p.tables)
	tb := p.tables[n-1]
	p.tables = p.tables[:n-1]
	tb.t.Header, tb.t.Body = wtGrid(tb.rows)
	if n > 1 {
		parent := p.tables[n-2]
		if (parent.item != nil || parent.caption) && next < len(p.data) {
			p.openItem(parent, next)
		}
	}
}

// wtGrid expands rowspan and colspan into a rectangular grid: a spanned cell
// is copied into every slot it covers, and short rows are padded with empty
// cells. The leading rows made only of header cells are the header rows.
func wtGrid(rows []wtRow) (header, body []Row) {
	nh := 0
	for nh < len(rows) && allHeader(rows[nh].cells) {
		nh++
	}
	type pending struct {
		cell Cell
		left int
	}
	var pend []pending
	grid := make([]Row, len(rows))
	width := 0
	for r, row := range rows {
		cells := make([]Cell, 0, len(row.cells))
		col := 0
		fill := func() { // columns held by cells spanning from rows above
			for col < len(pend) && pend[col].left > 0 {
				cells = append(cells, pend[col].cell)
				pend[col].left--
				col++
			}
		}
		for _, c := range row.cells {
			fill()
			for k := 0; k < c.colspan; k++ {
				if col < len(pend) && pend[col].left > 0 {
					pend[col].left-- // overlapping spans: the later cell wins
				}
				cells = append(cells, c.Cell)
				if c.rowspan > 1 {
					for len(pend) <= col {
						pend = append(pend, pending{})
					}
					pend[col] = pending{c.Cell, c.rowspan - 1}
				}
				col++
			}
		}
		for ; col < len(pend); col++ {
			if pend[col].left > 0 {
				cells = append(cells, pend[col].cell)
				pend[col].left--
			} else {
				cells = append(cells, Cell{Pos: row.pos})
			}
		}
		grid[r] = Row{Pos: row.pos, Cells: cells}
		width = max(width, len(cells))
	}
	for r := range grid {
		for len(grid[r].Cells) < width {
			grid[r].Cells = append(grid[r].Cells, Cell{Pos: grid[r].Pos})
		}
	}
	return append([]Row{}, grid[:nh]...), append([]Row{}, grid[nh:]...)
}

func allHeader(cells []wtCell) bool {
	for _, c := range cells {
		if !c.Header {
			return false
		}
	}
	return len(cells) > 0
}

// wtSpanAttrs reads rowspan, colspan and data-sort-value from a cell's
// attributes, clamping the spans to MediaWiki's limits.
func wtSpanAttrs(attrs []byte, c *wtCell) {
	if len(attrs) == 0 {
		return
	}
	if v, ok := wtAttr(attrs, "rowspan"); ok {
		c.rowspan = min(max(atoiPrefix(v), 1), wtMaxRowspan)
	}
	if v, ok := wtAttr(attrs, "colspan"); ok {
		c.colspan = min(max(atoiPrefix(v), 1), wtMaxColspan)
	}
	if v, ok := wtAttr(attrs, "data-sort-value"); ok {
		c.SortValue = string(v)
	}
}

// wtAttr finds attribute name (any case) in attrs and returns its value,
// quoted or bare.
func wtAttr(attrs []byte, name string) ([]byte, bool) {
	for i := 0; i+len(name) <= len(attrs); i++ {
		if !bytes.EqualFold(attrs[i:i+len(name)], []byte(name)) || (i > 0 && isAttrChar(attrs[i-1])) {
			continue
		}
		j := skipSpace(attrs, i+len(name), len(attrs))
		if j >= len(attrs) || attrs[j] != '=' {
			continue
		}
		j = skipSpace(attrs, j+1, len(attrs))
		if j < len(attrs) && (attrs[j] == '"' || attrs[j] == '\'') {
			q := attrs[j]
			end := bytes.IndexByte(attrs[j+1:], q)
			if end < 0 {
				return attrs[j+1:], true
			}
			return attrs[j+1 : j+1+end], true
		}
		end := j
		for end < len(attrs) && attrs[end] != ' ' && attrs[end] != '\t' && attrs[end] != '"' {
			end++
		}
		return attrs[j:end], true
	}
	return nil, false
}

func isAttrChar(c byte) bool {
	return c == '-' || c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// atoiPrefix reads the leading decimal digits of b (0 if none), saturating.
func atoiPrefix(b []byte) int {
	n := 0
	for _, c := range bytes.TrimSpace(b) {
		if c < '0' || c > '9' {
			break
		}
		n = min(n*10+int(c-'0'), 1<<30)
	}
	return n
}
