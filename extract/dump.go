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
	"slices"
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
//
// opts.Limits bound memory: a page larger than limits.article (its text is
// dropped as it is read) or with a line longer than limits.line is a located
// error, or under Skip left out with a warning; a compressed dump that
// decompresses past limits.ratio is an error. Invalid UTF-8 is read as
// U+FFFD, with one warning per dump, carried by the next document yielded
// (Parse reports those of no document).
func ReadDump(path string, r io.Reader, opts Options, yield func(*Document) error) (Stats, error) {
	stats, _, err := ScanDump(context.Background(), path, r, runtime.GOMAXPROCS(0), opts, func(p *Page) error {
		return yield(p.Document(opts))
	})
	return stats, err
}

// ScanDump is the cheap half of ReadDump, for a caller that parses the
// pages on several goroutines: it decompresses the dump (bzip2 on workers
// goroutines, gzip on one: gzip cannot be split) and scans its XML, and
// yields each article page, in dump order, to be parsed by Page.Document.
// It counts the pages it skips and the documents it yields in Stats, fails
// as ReadDump does, and returns the warnings that belong to no yielded page.
func ScanDump(ctx context.Context, path string, r io.Reader, workers int, opts Options, yield func(*Page) error) (Stats, diag.List, error) {
	d := &dumpReader{path: path, opts: opts, yield: yield, raw: &countReader{r: r}}
	in, kind, closer, err := decompress(ctx, bufio.NewReaderSize(d.raw, 64<<10), d.raw, opts.Limits.ratio(), workers)
	if err != nil {
		return Stats{}, nil, d.errorf(1, 1, "%v", err)
	}
	defer closer.Close()
	d.kind, d.sc = kind, newXMLScanner(in, int(opts.Limits.article()))
	err = d.read()
	if d.sc.badLine > 0 && !d.badTold {
		d.diags = append(d.diags, invalidUTF8(path, d.sc.badLine, d.sc.badCol))
	}
	return d.stats, d.diags, err
}

// decompress sniffs the magic bytes of gzip and bzip2 and returns a reader
// of the decompressed bytes, which fails past ratio times the raw bytes
// read, the compression's name and what to close when done (bzip2 decodes
// on workers goroutines); anything else is read as it is.
func decompress(ctx context.Context, br *bufio.Reader, raw *countReader, ratio int64, workers int) (*bufio.Reader, string, io.Closer, error) {
	head, _ := br.Peek(3) // a short or failing peek leaves the error to the XML decoder
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, "gzip", nil, fmt.Errorf("gzip: %w", err)
		}
		return bufio.NewReaderSize(&ratioReader{r: zr, raw: raw, ratio: ratio}, 64<<10), "gzip", zr, nil
	case bytes.HasPrefix(head, []byte("BZh")):
		zr := pbzip2.NewReader(ctx, br, workers)
		return bufio.NewReaderSize(&ratioReader{r: zr, raw: raw, ratio: ratio}, 64<<10), "bzip2", zr, nil
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
	wiki  Wiki      // from <siteinfo>, if it named one
	diags diag.List // the warnings of no yielded document
	// badTold is set once a document carries the warning of invalid UTF-8.
	badTold bool
}

// page is what is kept of a <page> element until its end tag.
type page struct {
	title, ns, id    string
	redirect         bool
	revID, timestamp string
	text             []byte
	hasText          bool
	textAt           Pos  // where the <text> content starts
	pos              Pos  // where the <page> start tag starts
	over             bool // a kept field passed limits.article and was dropped
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
	case errors.As(err, new(errRatio)):
		return tok, d.errorf(d.sc.line, d.sc.col, "%v", err)
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
		case tok.kind == tokStart && tok.name == "siteinfo":
			if err := d.readSiteinfo(); err != nil {
				return err
			}
		case tok.kind == tokStart: // anything newer
			if err := d.skip(nil); err != nil {
				return err
			}
		}
	}
}

// skip reads up to the end of the element just started. visit, if not
// nil, sees every token on the way with its depth: 2 for a child's tags and
// its text, more below.
func (d *dumpReader) skip(visit func(tok xmlToken, depth int)) error {
	for depth := 1; depth > 0; {
		tok, err := d.token()
		if err != nil {
			return err
		}
		if tok.kind == tokStart {
			depth++
		}
		if visit != nil {
			visit(tok, depth)
		}
		if tok.kind == tokEnd {
			depth--
		}
	}
	return nil
}

// readSiteinfo reads the wiki of the dump from <siteinfo>: the host of its
// <base> (the main page's URL), else of its <dbname> ("simplewiki").
func (d *dumpReader) readSiteinfo() error {
	var base, dbname string
	var buf []byte
	err := d.skip(func(tok xmlToken, depth int) {
		switch {
		case depth != 2:
		case tok.kind == tokStart:
			buf = buf[:0]
		case tok.kind == tokText:
			buf = append(buf, tok.text...)
		case tok.name == "base":
			base = string(buf)
		case tok.name == "dbname":
			dbname = string(buf)
		}
	})
	if err != nil {
		return err
	}
	for _, s := range []string{base, dbname} {
		if w, err := ParseWiki(s); err == nil {
			d.wiki = w
			break
		}
	}
	return nil
}

// readPage reads the children of one <page> up to its end tag. The element
// path below <page> tells a revision's <id> from a contributor's.
func (d *dumpReader) readPage(p *page) error {
	var path []string
	var buf []byte    // character data of the innermost kept element
	dropping := false // the kept element's text passed limits.article
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
			switch {
			case field(path) == "" || dropping: // the text of a kept element's children is not its own
			case tok.over || len(buf)+len(tok.text) > d.sc.limit:
				p.over, dropping, buf = true, true, buf[:0]
			default:
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
			if field(path) != "" {
				dropping = false
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
	title := p.title
	if title == "" {
		title = "page " + p.id
	}
	if over := d.overLimit(p, title); over != nil {
		if over.Severity == diag.Error {
			return *over
		}
		d.diags = append(d.diags, *over)
		return nil
	}
	pg := &Page{path: d.path, p: p, wiki: d.wiki}
	if d.sc.badLine > 0 && !d.badTold {
		pg.warns = append(pg.warns, invalidUTF8(d.path, d.sc.badLine, d.sc.badCol))
		d.badTold = true
	}
	d.stats.Documents++
	return d.yield(pg)
}

// Page is one article page of a dump as ScanDump found it, its wikitext not
// yet parsed.
type Page struct {
	path  string
	p     *page
	wiki  Wiki      // the dump's, from its <siteinfo>
	warns diag.List // the dump's warnings that ride on this page
}

// Title is the page's <title>.
func (pg *Page) Title() string { return pg.p.title }

// Size is the length of the page's text, what parsing it costs.
func (pg *Page) Size() int { return len(pg.p.text) }

// Document parses the page's wikitext: the costly half of a dump read,
// safe to call on several pages at once (it only reads what ScanDump set).
func (pg *Page) Document(opts Options) *Document {
	p := pg.p
	warns := slices.Clone(pg.warns)
	title := p.title
	if title == "" {
		title = "page " + p.id
		warns.Warnf(pg.path, p.pos.Line, p.pos.Col, diag.Extract, diag.NoTitle, "page has no <title>: using %q", title)
	}
	at := p.textAt
	if !p.hasText {
		at = p.pos
		warns.Warnf(pg.path, p.pos.Line, p.pos.Col, diag.Extract, diag.EmptyPage, "page %q has no revision text: read as empty", title)
	}
	doc := parseWikitextAt(pg.path, p.text, title, at, opts)
	doc.Source = newSource(pg.path, Dump, p.text)
	doc.Diagnostics = append(warns, doc.Diagnostics...)
	rev := &Revision{Timestamp: p.timestamp}
	if p.revID != "" {
		id, err := strconv.ParseInt(p.revID, 10, 64)
		if err != nil {
			doc.Diagnostics.Warnf(pg.path, p.pos.Line, p.pos.Col, diag.Extract, diag.BadRevisionID, "page %q: revision id %q is not a number", title, p.revID)
		}
		rev.ID = id
	}
	doc.Revision = rev
	doc.Wiki = resolveWiki(pg.wiki, opts)
	if p.id != "" {
		if id, err := strconv.ParseInt(p.id, 10, 64); err == nil && id > 0 {
			doc.PageID = id
		}
	}
	return doc
}

// overLimit is the diagnostic of a page past opts.Limits, or nil.
func (d *dumpReader) overLimit(p *page, title string) *diag.Diagnostic {
	lim := d.opts.Limits
	var e diag.Diagnostic
	if p.over {
		e = lim.exceeded(d.path, p.pos.Line, p.pos.Col, "page %q is larger than limits.article (%s)", title, sizeText(lim.article()))
	} else if n, long := longLine(p.text, lim.line()); long {
		e = lim.exceeded(d.path, p.textAt.Line+n-1, 1, "page %q: line %d of its text is longer than limits.line (%s)", title, n, sizeText(lim.line()))
	} else {
		return nil
	}
	return &e
}
