package transform

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/extract"
)

// Column names every declared dataset has besides its own.
const (
	colArticleID  = "article_id"
	colSourceLine = "source_line"
	colSourceCol  = "source_col"
)

// The core datasets, in the order Schemas lists them (their index in
// Article.Rows).
const (
	iArticles = iota
	iInfobox
	iSections
	iTables
	iTableCells
	iListItems
	nCore
)

// The names of the core datasets, for the packages that look one up in a
// run's schemas (a run may leave some out).
const (
	Articles   string = "articles"
	Infobox    string = "infobox"
	Sections   string = "sections"
	Tables     string = "tables"
	TableCells string = "table_cells"
	ListItems  string = "list_items"
)

var coreNames = []string{Articles, Infobox, Sections, Tables, TableCells, ListItems}

// Column helpers: req is never null, opt may be.
func req(name string, t Type, desc string) Column {
	return Column{Name: name, Type: t, Description: desc}
}

func opt(name string, t Type, desc string) Column {
	return Column{Name: name, Type: t, Nullable: true, Description: desc}
}

var (
	articleIDCol = req(colArticleID, String, "the article's title with spaces as underscores, the key of its Wikipedia URL")
	sectionIDCol = req("section_id", String, `the section's anchor as Wikipedia makes it ("lead" for the lead)`)
	tableIDCol   = req("table_id", Int, "the table's number in the article, from 1")
	lineCol      = opt(colSourceLine, Int, "the line where the item starts in its input, from 1")
	colCol       = opt(colSourceCol, Int, "the column (in characters) where the item starts in its input, from 1")
)

// coreSchemas are the schemas of the core datasets, indexed by iArticles….
var coreSchemas = []Schema{
	iArticles: {Name: Articles, Description: "one row per article", Columns: []Column{
		articleIDCol,
		req("title", String, "the article's title"),
		req("url", String, "the article's URL on its wiki"),
		req("wiki", String, "the host of the article's wiki: en.wikipedia.org, simple.wikipedia.org…"),
		opt("language", String, "the content language of the article (BCP 47, as MediaWiki gives it: en, ar, zh-yue); null when unknown"),
		opt("page_id", Int, "the page ID on its wiki, when the source gives it (dumps, HTML)"),
		opt("wikidata_item", String, "the Wikidata item of the page (Q42), when the source gives it"),
		req("dialect", String, "the input dialect: text, wikitext, html or dump"),
		req("source", String, "the input file the article was read from"),
		req("bytes", Int, "the size of the article's source in bytes"),
		req("sha256", String, "the SHA-256 of the article's source, hex"),
		opt("revision_id", Int, "the revision ID, for pages read from a dump"),
		opt("revision_timestamp", Timestamp, "the revision time (UTC), for pages read from a dump"),
		req("infoboxes", Int, "the number of infoboxes"),
		req("sections", Int, "the number of sections, the lead included"),
		req("tables", Int, "the number of tables"),
		req("words", Int, "the number of words in the paragraphs of every section"),
	}},
	iInfobox: {Name: Infobox, Description: "one row per infobox field", Columns: []Column{
		articleIDCol,
		req("infobox_id", Int, "the infobox's number in the article, from 1"),
		req("infobox", String, "the infobox's name: its template or label line"),
		req("position", Int, "the field's position in its infobox, from 1"),
		req("key", String, "the field's key as written"),
		req("param", String, `the key lower-cased, spaces as "_", without its number: Term Start2 → term_start`),
		opt("ordinal", Int, "the key's number (Party2 → 2); 1 for a bare key whose param also occurs numbered; null otherwise"),
		opt("value", String, "the field's value as text"),
		opt("header_group", String, "the infobox header the field sits under (HTML infoboxes)"),
		lineCol, colCol,
	}},
	iSections: {Name: Sections, Description: "one row per section, the lead (level 0) first", Columns: []Column{
		articleIDCol,
		sectionIDCol,
		opt("parent_id", String, "the section_id of the enclosing section; null at the top level"),
		req("level", Int, "the heading level: 0 for the lead, 2 for ==H==, 3 for ===H===…"),
		req("position", Int, "the section's position in the article, from 1 (the lead)"),
		opt("heading", String, "the heading text; null for the lead"),
		opt("path", String, `the headings from the top down to this one, joined by " / "; null for the lead`),
		opt("text", String, "the section's own paragraphs (not its subsections'), trimmed, joined by a blank line"),
		req("words", Int, "the number of words in text"),
		lineCol, colCol,
	}},
	iTables: {Name: Tables, Description: "one row per table", Columns: []Column{
		articleIDCol,
		tableIDCol,
		sectionIDCol,
		req("position", Int, "the table's position among the blocks of its section, from 1"),
		opt("caption", String, "the table's caption"),
		req("header_rows", Int, "the number of header rows"),
		req("rows", Int, "the number of body rows"),
		req("columns", Int, "the number of cells of the widest row"),
		opt("header", String, `the column names joined by " | "`),
		lineCol, colCol,
	}},
	iTableCells: {Name: TableCells, Description: "one row per table cell, header cells included", Columns: []Column{
		articleIDCol,
		tableIDCol,
		req("row_number", Int, "the cell's row in the table, from 1, header rows first"),
		req("column_number", Int, "the cell's column, from 1"),
		req("is_header", Bool, "whether the cell is a header cell or in a header row"),
		opt("header", String, "the name of the cell's column (its header cells)"),
		opt("value", String, "the cell's text"),
		lineCol, colCol,
	}},
	iListItems: {Name: ListItems, Description: "one row per list item", Columns: []Column{
		articleIDCol,
		sectionIDCol,
		req("list_id", Int, "the list's number in the article, from 1"),
		req("position", Int, "the item's position in its list, from 1"),
		req("depth", Int, "the nesting depth, 1 for the outermost items"),
		opt("text", String, "the item's text"),
		lineCol, colCol,
	}},
}

// core builds the rows of the core datasets for one document into a.Rows.
func (b *builder) core() {
	b.infoboxRows()
	var n coreCounts
	b.sectionRows(b.a.Doc.Sections, nil, "", newAnchors(), &n)
	b.articleRow(n)
}

// coreCounts are what the article's row counts while its sections are
// walked: the sections, tables and lists numbered so far, and the words.
type coreCounts struct{ sections, tables, lists, words int64 }

// infoboxRows adds a row per infobox field and keeps each infobox's split
// keys for the declared datasets.
func (b *builder) infoboxRows() {
	doc, rows := b.a.Doc, b.a.Rows
	b.splits = make([][]split, len(doc.Infoboxes))
	for n, ib := range doc.Infoboxes {
		splits := splitFields(ib.Fields)
		b.splits[n] = splits
		name := Value(ib.Name)
		for i, f := range ib.Fields {
			line, col := posValues(f.Pos)
			rows[iInfobox] = append(rows[iInfobox], b.row(b.id, int64(n+1), name, int64(i+1), f.Key, splits[i].param,
				intOrNull(splits[i].ordinal), str(f.Value), str(f.Group), line, col))
		}
	}
}

// sectionRows adds the rows of sections ss (children of parent, under path)
// and of their tables and lists, depth first, numbering them in n.
func (b *builder) sectionRows(ss []*extract.Section, parent Value, path string, ids anchors, n *coreCounts) {
	rows := b.a.Rows
	for _, s := range ss {
		n.sections++
		sid, spath := LeadID, ""
		if s.Level > 0 {
			sid = ids.next(s.Heading)
			spath = joinPath(path, s.Heading)
		}
		sidValue := Value(sid) // boxed once for the section's rows
		var paras []string
		for bi, bl := range s.Blocks {
			switch {
			case bl.Paragraph != nil:
				if p := strings.TrimSpace(bl.Paragraph.Text); p != "" {
					paras = append(paras, p)
				}
			case bl.Table != nil:
				n.tables++
				b.tableRows(bl.Table, n.tables, sidValue, int64(bi+1))
			case bl.List != nil:
				n.lists++
				for i, it := range bl.List.Items {
					line, col := posValues(it.Pos)
					rows[iListItems] = append(rows[iListItems], b.row(b.id, sidValue, n.lists, int64(i+1), int64(it.Depth), str(it.Text), line, col))
				}
			}
		}
		text := strings.Join(paras, "\n\n")
		w := countWords(text)
		n.words += w
		line, col := posValues(s.Pos)
		rows[iSections] = append(rows[iSections], b.row(b.id, sidValue, parent, int64(s.Level), n.sections, str(s.Heading), str(spath), str(text), w, line, col))
		b.sectionRows(s.Children, str(sid), spath, ids, n)
	}
}

// articleRow adds the article's one row.
func (b *builder) articleRow(n coreCounts) {
	a, doc := b.a, b.a.Doc
	var revID, revTime Value
	if r := doc.Revision; r != nil {
		revID, revTime = r.ID, b.revisionTime(r.Timestamp)
	}
	src := doc.Source
	wiki := WikiOf(doc)
	a.Rows[iArticles] = append(a.Rows[iArticles], b.row(b.id, doc.Title, URL(wiki.Host, a.ID), wiki.Host, str(wiki.Language),
		intOrNull64(doc.PageID), str(doc.WikidataItem), string(src.Dialect), src.Path, src.Size, src.SHA256,
		revID, revTime, int64(len(doc.Infoboxes)), n.sections, n.tables, n.words))
}

// revisionTime is a revision's timestamp as a Timestamp value; one that
// does not parse is null, with a warning.
func (b *builder) revisionTime(s string) Value {
	if s == "" {
		return nil
	}
	v, err := ParseValue(Timestamp, s)
	if err != nil {
		b.a.Diagnostics.Warnf(b.a.Doc.Source.Path, 0, 0, diag.Transform, "revision_timestamp %q: %v: null", s, err)
		return nil
	}
	return v
}

// tableRows adds one table's rows to the tables and table_cells datasets.
func (b *builder) tableRows(t *extract.Table, n int64, sid Value, position int64) {
	a := b.a
	names := columnNames(t.Header)
	width := 0
	all := slices.Concat(t.Header, t.Body)
	for _, r := range all {
		width = max(width, len(r.Cells))
	}
	line, col := posValues(t.Pos)
	a.Rows[iTables] = append(a.Rows[iTables], b.row(b.id, n, sid, position, str(t.Caption), int64(len(t.Header)), int64(len(t.Body)),
		int64(width), str(strings.Join(names, " | ")), line, col))
	headers := make([]Value, len(names)) // boxed once for every row
	for i, name := range names {
		headers[i] = str(name)
	}
	for ri, r := range all {
		for ci, c := range r.Cells {
			var header Value
			if ci < len(headers) {
				header = headers[ci]
			}
			line, col := posValues(c.Pos)
			a.Rows[iTableCells] = append(a.Rows[iTableCells], b.row(b.id, n, int64(ri+1), int64(ci+1), ri < len(t.Header) || c.Header,
				header, str(c.Text), line, col))
		}
	}
}

// columnNames names a table's columns from its header rows: for each column,
// the distinct non-empty texts of its header cells from the top, joined by
// " / " (a cell spanning columns repeats in each and counts once).
func columnNames(header []extract.Row) []string {
	width := 0
	for _, r := range header {
		width = max(width, len(r.Cells))
	}
	names := make([]string, width)
	for j := range names {
		var parts []string
		for _, r := range header {
			if j < len(r.Cells) {
				if t := strings.TrimSpace(r.Cells[j].Text); t != "" && (len(parts) == 0 || parts[len(parts)-1] != t) {
					parts = append(parts, t)
				}
			}
		}
		names[j] = strings.Join(parts, " / ")
	}
	return names
}

// split is a field's key split into param and ordinal (0 for none).
type split struct {
	param   string
	ordinal int
}

// splitFields splits the keys of one infobox's fields, applying the rule that
// a bare key whose param also occurs numbered is ordinal 1 (Office beside
// Office2).
func splitFields(fields []extract.Field) []split {
	out := make([]split, len(fields))
	var numbered []string // an infobox has a few: a list beats a map
	for i, f := range fields {
		out[i].param, out[i].ordinal = SplitParam(f.Key)
		if out[i].ordinal > 0 && !slices.Contains(numbered, out[i].param) {
			numbered = append(numbered, out[i].param)
		}
	}
	for i := range out {
		if out[i].ordinal == 0 && slices.Contains(numbered, out[i].param) {
			out[i].ordinal = 1
		}
	}
	return out
}

// countWords counts the runs of non-space characters in s, as
// len(strings.Fields(s)) does, without building the slice.
func countWords(s string) int64 {
	var n int64
	prev := uint8(1) // 1 after white space (and at the start)
	for i := 0; i < len(s); {
		var space uint8
		if c := s[i]; c < utf8.RuneSelf {
			space = asciiSpace[c]
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				space = 1
			}
			i += size
		}
		n += int64(prev &^ space) // a word starts: counted without a branch
		prev = space
	}
	return n
}

func joinPath(path, heading string) string {
	if path == "" {
		return heading
	}
	return path + " / " + heading
}

// str is s, or null when empty.
func str(s string) Value {
	if s == "" {
		return nil
	}
	return s
}

// intOrNull is n, or null when 0.
func intOrNull(n int) Value { return intOrNull64(int64(n)) }

func intOrNull64(n int64) Value {
	if n == 0 {
		return nil
	}
	return n
}

// posValues are the source_line and source_col values of p, null when the
// dialect could not tell.
func posValues(p extract.Pos) (line, col Value) {
	return intOrNull(p.Line), intOrNull(p.Col)
}
