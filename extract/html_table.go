package extract

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/wikipipe/wikipipe/diag"
)

// table adds a data table. Rows of <thead>, and the rows of header cells
// only that open the table, are the header. rowspan and colspan are expanded
// into copies of the cell, so every row has as many cells as the widest (the
// short ones are padded with empty cells): the table is rectangular. Tables
// nested in a cell are part of that cell's text.
func (p *htmlParser) table(t *html.Node) {
	tab := &Table{Pos: p.posOf(t), Header: []Row{}, Body: []Row{}}
	var trs []*html.Node
	nhead, inHead := 0, true
	addRow := func(tr *html.Node, head bool) {
		if inHead && (head || hAllHeader(tr)) {
			nhead++
		} else {
			inHead = false
		}
		trs = append(trs, tr)
	}
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		switch c.DataAtom {
		case atom.Caption:
			tab.Caption = hNodeText(c)
		case atom.Tr:
			addRow(c, false)
		case atom.Thead, atom.Tbody, atom.Tfoot:
			for tr := c.FirstChild; tr != nil; tr = tr.NextSibling {
				if tr.DataAtom == atom.Tr {
					addRow(tr, c.DataAtom == atom.Thead)
				}
			}
		}
	}
	rows := p.grid(tab.Pos, trs)
	nhead = min(nhead, len(rows))
	tab.Header = append(tab.Header, rows[:nhead]...)
	tab.Body = append(tab.Body, rows[nhead:]...)
	p.add(Block{Table: tab})
}

// hAllHeader reports whether a row has cells and all of them are <th>.
func hAllHeader(tr *html.Node) bool {
	cells := hRowCells(tr)
	for _, c := range cells {
		if c.DataAtom != atom.Th {
			return false
		}
	}
	return len(cells) > 0
}

// hPending is a cell that a rowspan carries into the rows below.
type hPending struct {
	cell Cell
	left int
}

// grid expands the rows' spans. It stops, with a warning, at hMaxColumns
// columns or when the document's cell budget is spent: then the rows kept
// are still complete and rectangular.
func (p *htmlParser) grid(at Pos, trs []*html.Node) []Row {
	rows := make([]Row, 0, len(trs))
	var carry []hPending // by column
	width, clipped := 0, false
	for i, tr := range trs {
		row := Row{Pos: p.posOf(tr), Cells: []Cell{}}
		col := 0
		// take fills the columns from col up to end held by cells from above.
		take := func(end int) {
			for ; col < min(end, len(carry)) && carry[col].left > 0; col++ {
				row.Cells = append(row.Cells, carry[col].cell)
				carry[col].left--
			}
		}
		for _, td := range hRowCells(tr) {
			take(len(carry))
			cell := p.cell(td)
			rs, cs := p.spans(td, len(trs)-i)
			for range cs {
				if col >= hMaxColumns {
					if !clipped {
						p.warn(cell.Pos, diag.Limit, "table has more than %d columns: the cells past them are dropped", hMaxColumns)
						clipped = true
					}
					break
				}
				if col == len(carry) {
					carry = append(carry, hPending{})
				}
				row.Cells = append(row.Cells, cell)
				carry[col] = hPending{cell: cell, left: rs - 1}
				col++
			}
		}
		// Cells carried into columns after the row's last cell.
		for c := col; c < len(carry); c++ {
			if carry[c].left > 0 {
				for ; col < c; col++ {
					row.Cells = append(row.Cells, Cell{Pos: row.Pos})
				}
				take(c + 1)
			}
		}
		if p.cells+(len(rows)+1)*max(width, len(row.Cells)) > p.cellBudget {
			p.warn(row.Pos, diag.Limit, "table too large: over %d cells in the document; this row and the %d after it are dropped", p.cellBudget, len(trs)-i-1)
			break
		}
		width = max(width, len(row.Cells))
		rows = append(rows, row)
	}
	for i := range rows {
		for len(rows[i].Cells) < width {
			rows[i].Cells = append(rows[i].Cells, Cell{Pos: rows[i].Pos})
		}
	}
	p.cells += len(rows) * width
	return rows
}

// cell reads a table cell. A cell's coordinates show as their value.
func (p *htmlParser) cell(td *html.Node) Cell {
	b := hTextBuilder{coords: p.coords, inlineCoords: true}
	b.node(td)
	return Cell{Pos: p.posOf(td), Text: b.line(), Header: td.DataAtom == atom.Th, SortValue: hAttr(td, "data-sort-value")}
}

// spans reads a cell's rowspan and colspan as browsers do: missing or bad
// values are 1, rowspan 0 runs to the end of the table (left rows, this one
// included), and both are capped, with a warning.
func (p *htmlParser) spans(td *html.Node, left int) (rs, cs int) {
	span := func(name string, def, limit int) int {
		v := strings.TrimSpace(hAttr(td, name))
		if v == "" {
			return def
		}
		n, err := strconv.Atoi(v)
		switch {
		case err != nil && len(v) > 0 && strings.Trim(v, "0123456789") == "":
			n = limit + 1 // too many digits for an int
		case err != nil || n < 0:
			return def
		}
		if n > limit {
			p.warn(p.posOf(td), diag.Limit, "%s=%q capped at %d", name, v, limit)
			return limit
		}
		return n
	}
	rs = span("rowspan", 1, hMaxRowspan)
	if rs == 0 {
		rs = left
	}
	return rs, max(1, span("colspan", 1, hMaxColspan))
}
