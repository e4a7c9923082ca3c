// Package hostile writes the inputs that once broke wikipipe's promises of
// bounded memory, valid output and no hang: decompression bombs, a page of a
// gigabyte, a line without end, a huge table, invalid UTF-8. Tests write them
// at a small scale beside lowered limits; genhostile writes them at full
// scale, for measuring peak memory by hand. None of them is kept in git.
package hostile

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"strings"
)

// zeroStream is one bzip2 stream (bzip2 -9) of zeroStreamSize zero bytes:
// bzip2's run-length pre-pass makes a 40 MB run fit one block of 51 bytes.
var zeroStream = []byte{
	0x42, 0x5a, 0x68, 0x39, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59, 0xd8, 0xec,
	0xdd, 0xfe, 0x01, 0x32, 0x5f, 0x40, 0x08, 0xc0, 0x00, 0x00, 0x10, 0x00,
	0x08, 0x20, 0x00, 0x30, 0xcc, 0x09, 0xaa, 0x69, 0xa0, 0x4a, 0x51, 0x5b,
	0x50, 0x12, 0x94, 0x57, 0x8b, 0xb9, 0x22, 0x9c, 0x28, 0x48, 0x6c, 0x76,
	0x6e, 0xff, 0x00,
}

// zeroStreamSize is what one zeroStream decodes to.
const zeroStreamSize = 40_000_000

// BzipBomb writes concatenated bzip2 streams (a valid multistream file) that
// decode to at least n zero bytes: 1 GB from 1,275 bytes.
func BzipBomb(w io.Writer, n int64) error {
	for done := int64(0); done < n || done == 0; done += zeroStreamSize {
		if _, err := w.Write(zeroStream); err != nil {
			return err
		}
	}
	return nil
}

// GzipPage writes a gzip-compressed XML dump holding one article page whose
// wikitext is n bytes of one repeated line.
func GzipPage(w io.Writer, n int64) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestSpeed)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(zw, 64<<10)
	fmt.Fprint(bw, "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.10/\">\n"+
		"<page><title>Huge</title><ns>0</ns><id>1</id><revision><id>1</id>"+
		"<timestamp>2020-01-01T00:00:00Z</timestamp><text xml:space=\"preserve\">")
	if err := repeat(bw, "Huge article text, again and again.\n", n); err != nil {
		return err
	}
	fmt.Fprint(bw, "</text></revision></page>\n</mediawiki>\n")
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// OneLine writes n bytes of wikitext with no line break.
func OneLine(w io.Writer, n int64) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := repeat(bw, "'''word''' ", n); err != nil {
		return err
	}
	return bw.Flush()
}

// Table writes a wikitext article holding one table of about n bytes, with
// a header row and rows of three cells.
func Table(w io.Writer, n int64) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	fmt.Fprint(bw, "'''Huge table''' is an article.\n\n== Rows ==\n{| class=\"wikitable\"\n! Name !! Date !! Count\n")
	var written int64
	for i := 0; written < n; i++ {
		k, err := fmt.Fprintf(bw, "|-\n| Row %d || %d May 1994 || %d\n", i, i%28+1, i)
		if err != nil {
			return err
		}
		written += int64(k)
	}
	fmt.Fprint(bw, "|}\n")
	return bw.Flush()
}

// InvalidUTF8 is a wikitext article with bytes that are not UTF-8 in its
// infobox, a heading, a table cell and a list item.
const InvalidUTF8 = "{{Infobox country\n| name = Bad\xffname\n| capital = Ba\xc3ku\n}}\n" +
	"'''Bad''' is an article.\n\n== Head\xfe ==\n{| class=\"wikitable\"\n! A !! B\n|-\n| x\xe2\x28y || 2\n|}\n* item \xc0\xaf\n"

// Endless is standard input that never ends: zero bytes for ever.
type Endless struct{}

func (Endless) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// repeat writes s again and again until n bytes are written (at least once).
func repeat(w io.Writer, s string, n int64) error {
	chunk := strings.Repeat(s, max(1, (64<<10)/len(s)))
	for done := int64(0); done < n; {
		part := chunk
		if rest := n - done; rest < int64(len(part)) {
			part = part[:rest]
		}
		k, err := io.WriteString(w, part)
		if err != nil {
			return err
		}
		done += int64(k)
	}
	return nil
}
