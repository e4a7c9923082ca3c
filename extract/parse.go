package extract

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"runtime"

	"github.com/wikipipe/wikipipe/diag"
)

// SniffSize is how much of an input Detect needs to see.
const SniffSize = 64 << 10

// Detect sniffs the dialect of an input from its first bytes.
func Detect(head []byte) Dialect {
	if bytes.HasPrefix(head, []byte{0x1f, 0x8b}) || bytes.HasPrefix(head, []byte("BZh")) {
		return Dump // gzip or bzip2: only dumps come compressed
	}
	head = skipComments(bytes.TrimLeft(stripBOM(head), " \t\r\n"))
	if len(head) > SniffSize {
		head = head[:SniffSize]
	}
	if bytes.HasPrefix(head, []byte("<")) {
		if bytes.Contains(head, []byte("<mediawiki")) {
			return Dump
		}
		return HTML
	}
	if isTextTitle(head) {
		return Text
	}
	for _, marker := range [][]byte{[]byte("{{"), []byte("[["), []byte("'''"), []byte("{|"), []byte("<ref")} {
		if bytes.Contains(head, marker) {
			return Wikitext
		}
	}
	return Text
}

// skipComments drops the HTML comments that open data, as wikitext often
// does ("<!-- This article uses … -->"), so that they do not pass for HTML.
func skipComments(data []byte) []byte {
	for bytes.HasPrefix(data, []byte("<!--")) {
		_, rest, ok := bytes.Cut(data[4:], []byte("-->"))
		if !ok {
			return data
		}
		data = bytes.TrimLeft(rest, " \t\r\n")
	}
	return data
}

// isTextTitle reports whether data starts with the text dialect's title line,
// "= Title =" (one equals sign each side, not a "==" heading).
func isTextTitle(data []byte) bool {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	line = bytes.TrimRight(line, " \t\r")
	return len(line) >= 3 && line[0] == '=' && line[1] != '=' && line[len(line)-1] == '=' && line[len(line)-2] != '='
}

// Input describes one input as Parse read it: the dialect it was read in and
// the size and SHA-256 of all its bytes.
type Input struct {
	Dialect Dialect `json:"dialect"`
	Bytes   int64   `json:"bytes"`
	SHA256  string  `json:"sha256"`
	Stats
	// Diagnostics are the warnings of the input that belong to no document
	// it yielded: an article skipped past a limit, invalid UTF-8 in a page
	// that was not yielded.
	Diagnostics diag.List `json:"-"`
}

// Parse reads one input in dialect d (Auto to detect it) and calls yield for
// each Document it holds, in input order. A dump is streamed page by page;
// every other dialect is one Document read whole. The input is read to its
// end, so that Input describes every byte of it, unless it passes
// opts.Limits. The error is fatal for the input; problems within a document
// are its Diagnostics. Invalid UTF-8 is read as U+FFFD, with one warning.
//
// r is read through a buffer of SniffSize: a *bufio.Reader at least that
// large is used as it is, so a caller reading many inputs can reuse one.
func Parse(path string, r io.Reader, d Dialect, opts Options, yield func(*Document) error) (Input, error) {
	br := bufio.NewReaderSize(r, SniffSize)
	if d == Auto || d == "" {
		head, err := br.Peek(SniffSize)
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return Input{}, fmt.Errorf("%s: read: %w", path, err)
		}
		d = Detect(head)
	}
	if d == Dump {
		return parseDump(path, br, opts, yield)
	}
	data, fits, err := readArticle(br, opts.Limits)
	if err != nil {
		return Input{}, fmt.Errorf("%s: read: %w", path, err)
	}
	in := Input{Dialect: d, Bytes: int64(len(data))}
	var over *diag.Diagnostic
	if !fits {
		e := opts.Limits.exceeded(path, 1, 1, "article is larger than limits.article (%s)", sizeText(opts.Limits.article()))
		over = &e
	} else if d != HTML { // HTML is not read by lines, and minified pages are one
		over = checkArticle(path, data, opts.Limits)
	}
	if over != nil {
		if over.Severity == diag.Error {
			return Input{}, *over
		}
		in.Diagnostics = diag.List{*over}
		return in, nil
	}
	raw := data
	data, badLine, badCol, valid := validUTF8(raw)
	if !valid {
		in.SHA256 = digest(raw)
	}
	var doc *Document
	switch d {
	case Text:
		doc = ParseText(path, data, opts)
	case Wikitext:
		if isRedirect(data) {
			in.SHA256, in.Redirects = digest(raw), 1
			return in, nil
		}
		doc = ParseWikitext(path, data, opts)
	case HTML:
		doc = ParseHTML(path, data, opts)
	default:
		return Input{}, fmt.Errorf("%s: unknown dialect %q", path, d)
	}
	if valid {
		// The document's source is the whole input: its digest is the input's.
		in.SHA256 = doc.Source.SHA256
	} else {
		doc.Diagnostics = append(diag.List{invalidUTF8(path, badLine, badCol)}, doc.Diagnostics...)
	}
	in.Documents = 1
	return in, yield(doc)
}

// readAll reads br to its end, or to its first max bytes. An input that
// fits in br's buffer, as most articles do, costs one allocation of its
// size, not io.ReadAll's doublings from 512 bytes.
func readAll(br *bufio.Reader, max int64) ([]byte, error) {
	head, err := br.Peek(br.Size())
	if err == io.EOF || int64(len(head)) >= max { // all we take is in the buffer
		data := bytes.Clone(head[:min(int64(len(head)), max)])
		_, err = br.Discard(len(data))
		return data, err
	}
	if err != nil && err != bufio.ErrBufferFull {
		return nil, err
	}
	b := bytes.NewBuffer(make([]byte, 0, min(2*int64(len(head)), max)))
	_, err = b.ReadFrom(io.LimitReader(br, max))
	return b.Bytes(), err
}

// parseDump streams a dump and hashes its raw bytes.

func parseDump(path string, br *bufio.Reader, opts Options, yield func(*Document) error) (Input, error) {
	return ScanDumpInput(context.Background(), path, br, runtime.GOMAXPROCS(0), opts, func(p *Page) error {
		return yield(p.Document(opts))
	})
}

// ScanDumpInput is ScanDump of a whole input, described as Parse describes
// it: the size and SHA-256 of its raw bytes (what the dump reader needs,
// then the rest up to the end).
func ScanDumpInput(ctx context.Context, path string, r io.Reader, workers int, opts Options, yield func(*Page) error) (Input, error) {
	h := &hashingReader{r: r, h: sha256.New()}
	stats, diags, err := ScanDump(ctx, path, h, workers, opts, yield)
	if err != nil {
		return Input{}, err
	}
	if _, err := io.Copy(io.Discard, h); err != nil {
		return Input{}, fmt.Errorf("%s: read: %w", path, err)
	}
	return Input{Dialect: Dump, Bytes: h.n, SHA256: hex.EncodeToString(h.h.Sum(nil)), Stats: stats, Diagnostics: diags}, nil
}

// hashingReader counts and hashes what is read through it.
type hashingReader struct {
	r io.Reader
	h hash.Hash
	n int64
}

func (c *hashingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	c.h.Write(p[:n])
	return n, err
}
