package extract

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/wikipipe/wikipipe/diag"
)

// ReadDump streams a MediaWiki XML export (<mediawiki><page>…</page>…), plain,
// bzip2 or gzip as sniffed from its first bytes, and yields one Document per
// article page as soon as the page's end tag is read: memory is bounded by
// the largest page, not by the dump.
//
// Pages outside namespace 0 are counted in Stats.Skipped unless
// opts.AllNamespaces; redirects (a <redirect/> element or #REDIRECT text) are
// counted in Stats.Redirects; neither is yielded. A page with several
// revisions is read at its last one.
//
// Positions of a page's nodes: Line is the line in the (decompressed) dump,
// counted from the line where the <text> content starts; Col is in runes of the
// decoded text, plus the column of the content's start on its first line;
// Offset is the byte offset in the decoded page text, the bytes that
// Source.Size and Source.SHA256 describe. Line is exact unless the text
// escapes a newline as a character reference; Col drifts right of an entity
// such as &lt; on the same line.
//
// A dump that is not well-formed XML, is cut short (a truncated last page, a
// compressed stream that ends early) or is not a MediaWiki export stops the
// read with a located error (a diag.Diagnostic: file:line:col: extract: …),
// after every complete page before the fault has been yielded. An error from
// yield stops the read and is returned as it is.
func ReadDump(path string, r io.Reader, opts Options, yield func(*Document) error) (Stats, error) {
	raw := &countReader{r: r}
	in, kind, err := decompress(bufio.NewReaderSize(raw, 64<<10))
	if err != nil {
		return Stats{}, fmt.Errorf("%s: extract: %w", path, err)
	}
	d := &dumpReader{path: path, opts: opts, yield: yield, raw: raw, kind: kind, in: &posReader{r: in, line: 1, col: 1}}
	d.dec = xml.NewDecoder(d.in)
	err = d.read()
	return d.stats, err
}

// decompress sniffs the magic bytes of gzip and bzip2 and returns a reader
// of the decompressed bytes and the compression's name; anything else is read
// as it is.
func decompress(br *bufio.Reader) (io.ByteReader, string, error) {
	head, _ := br.Peek(3) // a short or failing peek leaves the error to the XML decoder
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, "gzip", fmt.Errorf("gzip: %w", err)
		}
		return bufio.NewReaderSize(zr, 64<<10), "gzip", nil
	case bytes.HasPrefix(head, []byte("BZh")):
		return bufio.NewReaderSize(bzip2.NewReader(br), 64<<10), "bzip2", nil
	}
	return br, "", nil
}

// countReader counts the bytes of the raw (maybe compressed) input, to say
// where a compressed stream was cut: the decompressed position can lag far
// behind, a bzip2 block being up to 900 kB.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// posReader counts lines and rune columns of the bytes the XML decoder reads,
// so that positions can be given in runes as every other dialect does. It
// keeps the position before the last byte too, for the byte the decoder may
// have read ahead and pushed back.
type posReader struct {
	r                io.ByteReader
	off              int64
	line, col        int
	prevLine, prevCo int
}

func (p *posReader) ReadByte() (byte, error) {
	c, err := p.r.ReadByte()
	if err != nil {
		return c, err
	}
	p.prevLine, p.prevCo = p.line, p.col
	p.off++
	switch {
	case c == '\n':
		p.line++
		p.col = 1
	case c&0xc0 != 0x80: // the first byte of a rune
		p.col++
	}
	return c, nil
}

// Read makes posReader an io.Reader for xml.NewDecoder, which reads through
// ReadByte only.
func (p *posReader) Read(b []byte) (int, error) {
	for i := range b {
		c, err := p.ReadByte()
		if err != nil {
			return i, err
		}
		b[i] = c
	}
	return len(b), nil
}

// at returns the position of the decoder, which has consumed off bytes.
func (p *posReader) at(off int64) (line, col int) {
	if off < p.off {
		return p.prevLine, p.prevCo
	}
	return p.line, p.col
}

// dumpReader holds the state of one ReadDump call.
type dumpReader struct {
	path  string
	opts  Options
	yield func(*Document) error
	raw   *countReader
	kind  string // the compression, or "" for plain XML
	in    *posReader
	dec   *xml.Decoder
	stats Stats
}

// page is what is kept of a <page> element until its end tag.
type page struct {
	title, ns, id    string
	redirect         bool
	revID, timestamp string
	text             []byte
	hasText          bool
	textAt           Pos // where the <text> content starts
	pos              Pos // where the <page> start tag ends
}

func (d *dumpReader) errorf(format string, args ...any) error {
	line, col := d.in.at(d.dec.InputOffset())
	return diag.Diagnostic{File: d.path, Line: line, Col: col, Stage: diag.Extract, Severity: diag.Error,
		Message: fmt.Sprintf(format, args...)}
}

// read walks the tokens of the whole dump: the root must be <mediawiki>, and
// each <page> child becomes one page.
func (d *dumpReader) read() error {
	sawRoot := false
	for {
		tok, err := d.token()
		if err == io.EOF {
			if !sawRoot {
				return d.errorf("not a MediaWiki XML export: no <mediawiki> element")
			}
			return nil
		}
		if err != nil {
			return err
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue // prolog, comments, whitespace
		}
		if sawRoot || start.Name.Local != "mediawiki" {
			return d.errorf("not a MediaWiki XML export: root element <%s>, want <mediawiki>", start.Name.Local)
		}
		sawRoot = true
		if err := d.readRoot(); err != nil {
			return err
		}
	}
}

// token returns the next token, with a decoding or reading error located.
func (d *dumpReader) token() (xml.Token, error) {
	tok, err := d.dec.Token()
	if err == nil || err == io.EOF {
		return tok, err
	}
	return nil, d.locate(err)
}

// locate turns an error of the decoder, or of the reader below it, into a
// located diagnostic.
func (d *dumpReader) locate(err error) error {
	var syn *xml.SyntaxError
	switch {
	case errors.As(err, &syn) && syn.Msg == "unexpected EOF":
		return d.errorf("invalid XML: dump cut short: unexpected end of input inside an element")
	case errors.As(err, &syn):
		return d.errorf("invalid XML: %s", syn.Msg)
	case d.kind != "" && errors.Is(err, io.ErrUnexpectedEOF):
		return d.errorf("%s stream cut short after %d bytes of input", d.kind, d.raw.n)
	case d.kind != "":
		return d.errorf("%s stream after %d bytes of input: %v", d.kind, d.raw.n, err)
	}
	return d.errorf("read: %v", err)
}

// readRoot reads the children of <mediawiki> up to its end tag.
func (d *dumpReader) readRoot() error {
	for {
		tok, err := d.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			if t.Name.Local != "page" {
				if err := d.dec.Skip(); err != nil { // <siteinfo> and anything newer
					return d.locate(err)
				}
				continue
			}
			line, col := d.in.at(d.dec.InputOffset())
			p := &page{pos: Pos{Line: line, Col: col}}
			if err := d.readPage(p); err != nil {
				return err
			}
			if err := d.emit(p); err != nil {
				return err
			}
		}
	}
}

// readPage reads the children of one <page> up to its end tag. The element
// path below <page> tells a revision's <id> from a contributor's.
func (d *dumpReader) readPage(p *page) error {
	var path []string
	var buf []byte // character data of the innermost element
	for {
		tok, err := d.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			path = append(path, t.Name.Local)
			buf = buf[:0]
			switch field(path) {
			case "redirect":
				p.redirect = true
			case "revision":
				p.revID, p.timestamp, p.text, p.hasText = "", "", nil, false
			case "revision/text":
				line, col := d.in.at(d.dec.InputOffset())
				p.textAt = Pos{Line: line, Col: col}
				p.hasText = !hasAttr(t, "deleted")
			}
		case xml.CharData:
			if len(path) > 0 {
				buf = append(buf, t...)
			}
		case xml.EndElement:
			if len(path) == 0 {
				return nil // </page>
			}
			switch field(path) {
			case "title":
				p.title = string(buf)
			case "ns":
				p.ns = strings.TrimSpace(string(buf))
			case "id":
				p.id = strings.TrimSpace(string(buf))
			case "revision/id":
				p.revID = strings.TrimSpace(string(buf))
			case "revision/timestamp":
				p.timestamp = strings.TrimSpace(string(buf))
			case "revision/text":
				p.text, buf = buf, nil // the page keeps the bytes
			}
			path = path[:len(path)-1]
			buf = buf[:0]
		}
	}
}

// field names the element at path below <page> when it is one that ReadDump
// keeps, without allocating: "title", "revision/id", … or "".
func field(path []string) string {
	switch {
	case len(path) == 1:
		return path[0]
	case len(path) == 2 && path[0] == "revision":
		switch path[1] {
		case "id":
			return "revision/id"
		case "timestamp":
			return "revision/timestamp"
		case "text":
			return "revision/text"
		}
	}
	return ""
}

func hasAttr(e xml.StartElement, name string) bool {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return true
		}
	}
	return false
}

// emit counts a complete page and yields it if it is an article.
func (d *dumpReader) emit(p *page) error {
	if p.ns != "" && p.ns != "0" && !d.opts.AllNamespaces {
		d.stats.Skipped++
		return nil
	}
	if p.redirect || isRedirect(p.text) {
		d.stats.Redirects++
		return nil
	}
	var warns diag.List
	title := p.title
	if title == "" {
		title = "page " + p.id
		warns.Warnf(d.path, p.pos.Line, p.pos.Col, diag.Extract, "page has no <title>: using %q", title)
	}
	at := p.textAt
	if !p.hasText {
		at = p.pos
		warns.Warnf(d.path, p.pos.Line, p.pos.Col, diag.Extract, "page %q has no revision text: read as empty", title)
	}
	doc := parseWikitextAt(d.path, p.text, title, at, d.opts)
	doc.Source = newSource(d.path, Dump, p.text)
	doc.Diagnostics = append(warns, doc.Diagnostics...)
	rev := &Revision{Timestamp: p.timestamp}
	if p.revID != "" {
		id, err := strconv.ParseInt(p.revID, 10, 64)
		if err != nil {
			doc.Diagnostics.Warnf(d.path, p.pos.Line, p.pos.Col, diag.Extract, "page %q: revision id %q is not a number", title, p.revID)
		}
		rev.ID = id
	}
	doc.Revision = rev
	d.stats.Documents++
	return d.yield(doc)
}
