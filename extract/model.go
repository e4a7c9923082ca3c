// Package extract reads articles in every input dialect (the wiki text export,
// MediaWiki wikitext, Wikipedia HTML, XML dumps) into one Document model.
//
// Every node records where it starts in its input (Pos), so that any later
// stage can report a problem as file:line:col. The Document is plain data:
// it marshals to the indented JSON that `wikipipe extract` prints and that the
// extract stage's golden files hold.
package extract

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/wikipipe/wikipipe/diag"
)

// Pos is where a node starts in its input: 1-based line, 1-based column in
// runes, and 0-based byte offset. The file is the Document's Source.Path.
type Pos struct {
	Line   int `json:"line"`
	Col    int `json:"col"`
	Offset int `json:"offset"`
}

// Document is one article.
type Document struct {
	Title  string `json:"title"`
	Source Source `json:"source"`
	// Wiki is the wiki the article is a page of (empty when unknown: the
	// run's default wiki is then taken).
	Wiki Wiki `json:"wiki"`
	// PageID is the page's ID on its wiki, 0 when unknown.
	PageID int64 `json:"page_id,omitempty"`
	// WikidataItem is the page's Wikidata item ("Q42"), "" when unknown.
	WikidataItem string `json:"wikidata_item,omitempty"`
	// Revision is set for pages read from an XML dump or fetched from a wiki.
	Revision  *Revision `json:"revision,omitempty"`
	Infoboxes []Infobox `json:"infoboxes"`
	// Sections holds the top-level sections in order. Sections[0] is always the
	// lead: level 0, empty heading, the text before the first heading.
	Sections []*Section `json:"sections"`
	// Diagnostics are the warnings met while reading this document.
	Diagnostics diag.List `json:"diagnostics,omitempty"`
}

// Source says where a Document came from.
type Source struct {
	Path    string  `json:"path"`
	Dialect Dialect `json:"dialect"`
	Size    int64   `json:"size"`
	SHA256  string  `json:"sha256"`
}

// Wiki names a wiki: its host (en.wikipedia.org) and its content language
// (a BCP 47 code as MediaWiki gives it: en, ar, zh-yue).
type Wiki struct {
	Host     string `json:"host"`
	Language string `json:"language"`
}

// Revision identifies the revision of a page read from a dump or fetched.
type Revision struct {
	ID        int64  `json:"id"`
	Timestamp string `json:"timestamp"`
}

// Infobox is one infobox: its name (the template name, or the label line of
// the text dialect) and its fields in input order.
type Infobox struct {
	Pos    Pos     `json:"pos"`
	Name   string  `json:"name"`
	Fields []Field `json:"fields"`
}

// Field is one infobox parameter.
type Field struct {
	Pos   Pos    `json:"pos"`
	Key   string `json:"key"`
	Value string `json:"value"`
	// Items holds the value as a list where the source made it one
	// ({{ubl}}, <br>, list items); Value then joins them with ", ".
	Items []string `json:"items,omitempty"`
	// Group is the section-header row an HTML infobox field sits under.
	Group string `json:"group,omitempty"`
}

// Section is a heading with its blocks and child sections.
type Section struct {
	Pos      Pos        `json:"pos"`
	Level    int        `json:"level"`
	Heading  string     `json:"heading"`
	Blocks   []Block    `json:"blocks"`
	Children []*Section `json:"children"`
}

// Block is one paragraph, table or list; exactly one field is set.
type Block struct {
	Paragraph *Paragraph `json:"paragraph,omitempty"`
	Table     *Table     `json:"table,omitempty"`
	List      *List      `json:"list,omitempty"`
}

// Paragraph is prose reduced to plain text.
type Paragraph struct {
	Pos  Pos    `json:"pos"`
	Text string `json:"text"`
	// Links are the links of the source, kept out of Text's markup.
	Links []Link `json:"links,omitempty"`
	// Templates names the templates dropped from Text.
	Templates []string `json:"templates,omitempty"`
}

// Link is a link of the source: its target page and the text shown.
type Link struct {
	Target string `json:"target"`
	Text   string `json:"text"`
}

// Table is a table with its header rows and body rows. Rows may differ in
// width; dialects that expand rowspan/colspan make them rectangular.
type Table struct {
	Pos     Pos    `json:"pos"`
	Caption string `json:"caption,omitempty"`
	Header  []Row  `json:"header"`
	Body    []Row  `json:"body"`
}

// Row is one table row.
type Row struct {
	Pos   Pos    `json:"pos"`
	Cells []Cell `json:"cells"`
}

// Cell is one table cell.
type Cell struct {
	Pos  Pos    `json:"pos"`
	Text string `json:"text"`
	// Header is set for header cells (! in wikitext, <th> in HTML).
	Header bool `json:"header,omitempty"`
	// SortValue is the cell's data-sort-value, kept beside the display text.
	SortValue string `json:"sort_value,omitempty"`
}

// List is a run of list items; nesting is carried by each item's Depth.
type List struct {
	Pos   Pos        `json:"pos"`
	Items []ListItem `json:"items"`
}

// ListItem is one list item. Depth 1 is the outermost level.
type ListItem struct {
	Pos   Pos    `json:"pos"`
	Depth int    `json:"depth"`
	Text  string `json:"text"`
	// Marker is the wikitext list marker ("*", "#", ":", ";"); empty for the
	// text dialect's "-".
	Marker string `json:"marker,omitempty"`
	Links  []Link `json:"links,omitempty"`
	// Templates names the templates dropped from Text (wikitext).
	Templates []string `json:"templates,omitempty"`
}

// Walk calls fn for every section in document order (depth first).
func (d *Document) Walk(fn func(s *Section)) {
	var walk func([]*Section)
	walk = func(ss []*Section) {
		for _, s := range ss {
			fn(s)
			walk(s.Children)
		}
	}
	walk(d.Sections)
}

// JSON renders the document as the indented JSON that `wikipipe extract`
// prints and the extract golden files hold.
func (d *Document) JSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return nil, fmt.Errorf("extract: encode %s: %w", d.Source.Path, err)
	}
	return b.Bytes(), nil
}
