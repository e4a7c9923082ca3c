package extract

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

// sniffSize is how much of an input Detect needs to see.
const sniffSize = 64 << 10

// Detect sniffs the dialect of an input from its first bytes.
func Detect(head []byte) Dialect {
	if bytes.HasPrefix(head, []byte{0x1f, 0x8b}) || bytes.HasPrefix(head, []byte("BZh")) {
		return Dump // gzip or bzip2: only dumps come compressed
	}
	head = skipComments(bytes.TrimLeft(stripBOM(head), " \t\r\n"))
	if len(head) > sniffSize {
		head = head[:sniffSize]
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

// Parse reads one input in dialect d (Auto to detect it) and calls yield for
// each Document it holds, in input order. A dump is streamed page by page;
// every other dialect is one Document read whole. The error is fatal for the
// input; problems within a document are its Diagnostics.
func Parse(path string, r io.Reader, d Dialect, opts Options, yield func(*Document) error) (Stats, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	if d == Auto || d == "" {
		head, err := br.Peek(sniffSize)
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return Stats{}, fmt.Errorf("%s: read: %w", path, err)
		}
		d = Detect(head)
	}
	if d == Dump {
		return ReadDump(path, br, opts, yield)
	}
	data, err := io.ReadAll(br)
	if err != nil {
		return Stats{}, fmt.Errorf("%s: read: %w", path, err)
	}
	var doc *Document
	switch d {
	case Text:
		doc = ParseText(path, data)
	case Wikitext:
		if isRedirect(data) {
			return Stats{Redirects: 1}, nil
		}
		doc = ParseWikitext(path, data, opts)
	case HTML:
		doc = ParseHTML(path, data, opts)
	default:
		return Stats{}, fmt.Errorf("%s: unknown dialect %q", path, d)
	}
	return Stats{Documents: 1}, yield(doc)
}
