package extract

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/internal/pbzip2"
)

// ReadDump streams a MediaWiki XML export (<mediawiki><page>…</page>…), plain,
// bzip2 or gzip (multistream too) as sniffed from its first bytes, and yields one Document per
// article page as soon as the page's end tag is read: memory is bounded by
// the largest page, not by the dump.
//
// Pages outside namespace 0 are counted in Stats.Skipped unless
// opts.AllNamespaces; redirects (a <redirect/> element or #REDIRECT text) are
// counted in Stats.Redirects; neither is yielded. A page with several
// revisions is read at its last one.
//
// Positions of a page's nodes: Line is the line of the (decompressed) dump,
// the text's first line being the line of its <text …> tag; Col is in runes
// of the decoded text, plus the column where the content starts on its first
// line;
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
	return ScanDump(context.Background(), path, r, runtime.GOMAXPROCS(0), opts, func(p *Page) error {
		return yield(p.Document(opts))
	})
}

// ScanDump is the cheap half of ReadDump, for a caller that parses the
// pages on several goroutines: it decompresses the dump (bzip2 on workers
// goroutines, gzip on one: gzip cannot be split) and scans its XML, and
// yields each article page, in dump order, to be parsed by Page.Document.
// It counts the pages it skips and the documents it yields in Stats, and
// fails as ReadDump does.
func ScanDump(ctx context.Context, path string, r io.Reader, workers int, opts Options, yield func(*Page) error) (Stats, error) {
	d := &dumpReader{path: path, opts: opts, yield: yield, raw: &countReader{r: r}}
	in, kind, closer, err := decompress(ctx, bufio.NewReaderSize(d.raw, 64<<10), workers)
	if err != nil {
		return Stats{}, d.errorf(1, 1, "%v", err)
	}
	defer closer.Close()
	d.kind, d.sc = kind, newXMLScanner(in)
	err = d.read()
	return d.stats, err
}

// decompress sniffs the magic bytes of gzip and bzip2 and returns a reader
// of the decompressed bytes, the compression's name and what to close when
// done; anything else is read as it is.
func decompress(ctx context.Context, br *bufio.Reader, workers int) (*bufio.Reader, string, io.Closer, error) {
	head, _ := br.Peek(3) // a short or failing peek leaves the error to the XML decoder
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, "gzip", nil, fmt.Errorf("gzip: %w", err)
		}
		return bufio.NewReaderSize(zr, 64<<10), "gzip", zr, nil
	case bytes.HasPrefix(head, []byte("BZh")):
		zr := pbzip2.NewReader(ctx, br, workers)
		return bufio.NewReaderSize(zr, 64<<10), "bzip2", zr, nil
	}
	return br, "", io.NopCloser(nil), nil
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

// dumpReader holds the state of one ReadDump call.
type dumpReader struct {
	path  string
	opts  Options
	yield func(*Page) error
	raw   *countReader
	kind  string // the compression, or "" for plain XML
	sc    *xmlScanner
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
	pos              Pos // where the <page> start tag starts
}

func (d *dumpReader) errorf(line, col int, format string, args ...any) error {
	return diag.Diagnostic{File: d.path, Line: line, Col: col, Stage: diag.Extract, Severity: diag.Error,
		Message: fmt.Sprintf(format, args...)}
}

// token returns the next token, with an XML or reading error located.
func (d *dumpReader) token() (xmlToken, error) {
	tok, err := d.sc.next()
	var syn *syntaxError
	switch {
	case err == nil || err == io.EOF:
		return tok, err
	case errors.As(err, &syn):
		return tok, d.errorf(syn.line, syn.col, "invalid XML: %s", syn.msg)
	case d.kind != "" && errors.Is(err, io.ErrUnexpectedEOF):
		return tok, d.errorf(d.sc.line, d.sc.col, "%s stream cut short after %d bytes of input", d.kind, d.raw.n)
	case d.kind != "":
		return tok, d.errorf(d.sc.line, d.sc.col, "%s stream after %d bytes of input: %v", d.kind, d.raw.n, err)
	}
	return tok, d.errorf(d.sc.line, d.sc.col, "read: %v", err)
}

// read walks the whole dump: the root must be <mediawiki>, and each <page>
// child becomes one page.
func (d *dumpReader) read() error {
	tok, err := d.token()
	if err == io.EOF {
		return d.errorf(d.sc.line, d.sc.col, "not a MediaWiki XML export: no <mediawiki> element")
	}
	if err != nil {
		return err
	}
	if tok.name != "mediawiki" { // the scanner's first token is the root's start
		return d.errorf(tok.line, tok.col, "not a MediaWiki XML export: root element <%s>, want <mediawiki>", tok.name)
	}
	if err := d.readRoot(); err != nil {
		return err
	}
	if tok, err = d.token(); err != io.EOF {
		if err == nil {
			err = d.errorf(tok.line, tok.col, "invalid XML: a second root element <%s>", tok.name)
		}
		return err
	}
	return nil
}

// readRoot reads the children of <mediawiki> up to its end tag.
func (d *dumpReader) readRoot() error {
	for {
		tok, err := d.token()
		if err != nil {
			return err
		}
		switch {
		case tok.kind == tokEnd:
			return nil
		case tok.kind == tokStart && tok.name == "page":
			p := &page{pos: Pos{Line: tok.line, Col: tok.col}}
			if err := d.readPage(p); err != nil {
				return err
			}
			if err := d.emit(p); err != nil {
				return err
			}
		case tok.kind == tokStart: // <siteinfo> and anything newer
			if err := d.skip(); err != nil {
				return err
			}
		}
	}
}

// skip reads up to the end of the element just started.
func (d *dumpReader) skip() error {
	for depth := 1; depth > 0; {
		tok, err := d.token()
		if err != nil {
			return err
		}
		switch tok.kind {
		case tokStart:
			depth++
		case tokEnd:
			depth--
		}
	}
	return nil
}

// readPage reads the children of one <page> up to its end tag. The element
// path below <page> tells a revision's <id> from a contributor's.
func (d *dumpReader) readPage(p *page) error {
	var path []string
	var buf []byte // character data of the innermost kept element
	for {
		tok, err := d.token()
		if err != nil {
			return err
		}
		switch tok.kind {
		case tokStart:
			path = append(path, tok.name)
			switch field(path) {
			case "redirect":
				p.redirect = true
			case "revision":
				p.revID, p.timestamp, p.text, p.hasText = "", "", nil, false
			case "revision/text":
				p.textAt = Pos{Line: d.sc.line, Col: d.sc.col}
				p.hasText = !tok.deleted
			}
			if field(path) != "" {
				buf = buf[:0]
			}
		case tokText:
			if field(path) != "" { // the text of a kept element's children is not its own
				buf = append(buf, tok.text...)
			}
		case tokEnd:
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
	d.stats.Documents++
	return d.yield(&Page{path: d.path, p: p})
}

// Page is one article page of a dump as ScanDump found it, its wikitext not
// yet parsed.
type Page struct {
	path string
	p    *page
}

// Title is the page's <title>.
func (pg *Page) Title() string { return pg.p.title }

// Size is the length of the page's text, what parsing it costs.
func (pg *Page) Size() int { return len(pg.p.text) }

// Document parses the page's wikitext: the costly half of a dump read,
// safe to call on several pages at once.
func (pg *Page) Document(opts Options) *Document {
	p := pg.p
	var warns diag.List
	title := p.title
	if title == "" {
		title = "page " + p.id
		warns.Warnf(pg.path, p.pos.Line, p.pos.Col, diag.Extract, "page has no <title>: using %q", title)
	}
	at := p.textAt
	if !p.hasText {
		at = p.pos
		warns.Warnf(pg.path, p.pos.Line, p.pos.Col, diag.Extract, "page %q has no revision text: read as empty", title)
	}
	doc := parseWikitextAt(pg.path, p.text, title, at, opts)
	doc.Source = newSource(pg.path, Dump, p.text)
	doc.Diagnostics = append(warns, doc.Diagnostics...)
	rev := &Revision{Timestamp: p.timestamp}
	if p.revID != "" {
		id, err := strconv.ParseInt(p.revID, 10, 64)
		if err != nil {
			doc.Diagnostics.Warnf(pg.path, p.pos.Line, p.pos.Col, diag.Extract, "page %q: revision id %q is not a number", title, p.revID)
		}
		rev.ID = id
	}
	doc.Revision = rev
	return doc
}
