// Package dumpgen writes MediaWiki XML dumps of any size for tests and
// benchmarks, in the three forms a wiki is downloaded in: plain XML, one
// bzip2 stream (what `bzip2 dump.xml` writes) and a Wikimedia multistream
// file of 100 pages a stream with its index (lines offset:page_id:title).
// Page k is template page k mod n with " (k)" added to its title and k+1 as
// its page id, so titles and ids are unique and every page is a real one in
// shape. The three forms hold the same bytes of XML.
package dumpgen

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"

	dsbzip2 "github.com/dsnet/compress/bzip2"
)

// PagesPerStream is what Wikimedia puts in one stream of a multistream dump.
const PagesPerStream = 100

// Template is a dump cut into the text before its first page (the
// <mediawiki> tag and <siteinfo>), its pages, and the text after the last.
type Template struct {
	Head, Tail []byte
	Pages      [][]byte // each from the "  <page>" line through "</page>\n"
}

// ParseTemplate cuts a plain XML dump into a Template.
func ParseTemplate(dump []byte) (*Template, error) {
	t := &Template{}
	rest := dump
	for {
		i := bytes.Index(rest, []byte("<page>"))
		if i < 0 {
			break
		}
		i = bytes.LastIndexByte(rest[:i], '\n') + 1 // the line's indentation
		j := bytes.Index(rest[i:], []byte("</page>"))
		if j < 0 {
			return nil, fmt.Errorf("dumpgen: a <page> without its end tag")
		}
		j += i + len("</page>")
		if j < len(rest) && rest[j] == '\n' {
			j++
		}
		if t.Pages == nil {
			t.Head = dump[:len(dump)-len(rest)+i]
		}
		t.Pages = append(t.Pages, rest[i:j])
		rest = rest[j:]
	}
	if len(t.Pages) == 0 {
		return nil, fmt.Errorf("dumpgen: no <page> in the template dump")
	}
	t.Tail = rest
	return t, nil
}

// ReadTemplate reads a template dump, plain or bzip2.
func ReadTemplate(path string) (*Template, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("dumpgen: %w", err)
	}
	if bytes.HasPrefix(b, []byte("BZh")) {
		if b, err = io.ReadAll(bzip2.NewReader(bytes.NewReader(b))); err != nil {
			return nil, fmt.Errorf("dumpgen: %s: %w", path, err)
		}
	}
	return ParseTemplate(b)
}

var (
	titleRe = regexp.MustCompile(`<title>([^<]*)</title>`)
	idRe    = regexp.MustCompile(`<id>[0-9]+</id>`)
)

// Page returns page k and its title (unescaped, as the index holds it).
func (t *Template) Page(k int) (page []byte, title string) {
	p := t.Pages[k%len(t.Pages)]
	m := titleRe.FindSubmatchIndex(p)
	if m == nil {
		return p, ""
	}
	var b bytes.Buffer
	b.Grow(len(p) + 32)
	b.Write(p[:m[3]])
	fmt.Fprintf(&b, " (%d)", k)
	rest := p[m[3]:]
	if id := idRe.FindIndex(rest); id != nil { // the page's id comes before its revision's
		b.Write(rest[:id[0]])
		fmt.Fprintf(&b, "<id>%d</id>", k+1)
		rest = rest[id[1]:]
	}
	b.Write(rest)
	return b.Bytes(), html.UnescapeString(string(p[m[2]:m[3]])) + " (" + strconv.Itoa(k) + ")"
}

// Files names the four files of one generated dump.
type Files struct {
	Plain, Single, Multi, Index string
}

// FilesIn names the files of the dump called name in dir, as Wikimedia names
// them (name-pages-articles-multistream.xml.bz2 and so on).
func FilesIn(dir, name string) Files {
	p := filepath.Join(dir, name+"-pages-articles")
	return Files{Plain: p + ".xml", Single: p + ".xml.bz2", Multi: p + "-multistream.xml.bz2",
		Index: p + "-multistream-index.txt.bz2"}
}

// Write writes the dump's four files, with pages added until the XML holds
// at least size bytes (and one page at least). It returns the pages and
// XML bytes written.
func Write(f Files, t *Template, size int64) (pages int, xmlBytes int64, err error) {
	w, err := newWriters(f)
	if err != nil {
		return 0, 0, err
	}
	err = w.dump(t, size)
	if cerr := w.close(); err == nil {
		err = cerr
	}
	return w.pages, w.xmlBytes, err
}

// writers holds the open outputs of Write.
type writers struct {
	files              []*os.File
	bufs               []*bufio.Writer
	plain, single, idx io.Writer
	singleZ, idxZ      *dsbzip2.Writer
	multi              io.Writer
	multiN             int64        // bytes of the multistream form written
	stream, z          bytes.Buffer // the multistream's current stream, plain and compressed
	pages              int
	xmlBytes           int64
}

func newWriters(f Files) (*writers, error) {
	w := &writers{}
	open := func(path string) *bufio.Writer {
		fh, err := os.Create(path)
		if err != nil {
			return nil
		}
		bw := bufio.NewWriterSize(fh, 1<<20)
		w.files, w.bufs = append(w.files, fh), append(w.bufs, bw)
		return bw
	}
	plain, single, multi, idx := open(f.Plain), open(f.Single), open(f.Multi), open(f.Index)
	if plain == nil || single == nil || multi == nil || idx == nil {
		w.close()
		return nil, fmt.Errorf("dumpgen: cannot create the files of %s", f.Plain)
	}
	w.plain, w.multi = plain, multi
	w.singleZ, _ = dsbzip2.NewWriter(single, &dsbzip2.WriterConfig{Level: 9})
	w.idxZ, _ = dsbzip2.NewWriter(idx, &dsbzip2.WriterConfig{Level: 9})
	w.single, w.idx = w.singleZ, w.idxZ
	return w, nil
}

// xml writes b to the plain and single-stream forms and to the current
// stream of the multistream form.
func (w *writers) xml(b []byte) error {
	w.xmlBytes += int64(len(b))
	w.stream.Write(b)
	if _, err := w.plain.Write(b); err != nil {
		return err
	}
	_, err := w.single.Write(b)
	return err
}

// flushStream writes the current stream of the multistream form.
func (w *writers) flushStream() error {
	// Compressed apart so that the stream's size, the next one's offset, is
	// known.
	w.z.Reset()
	z, err := dsbzip2.NewWriter(&w.z, &dsbzip2.WriterConfig{Level: 9})
	if err == nil {
		_, err = z.Write(w.stream.Bytes())
	}
	if err == nil {
		err = z.Close()
	}
	if err == nil {
		_, err = w.multi.Write(w.z.Bytes())
	}
	w.multiN += int64(w.z.Len())
	w.stream.Reset()
	return err
}

func (w *writers) dump(t *Template, size int64) error {
	// Like Wikimedia's, the first stream holds the head only and the last
	// the tail only, so every page stream starts at a <page>.
	if err := w.xml(t.Head); err != nil {
		return err
	}
	if err := w.flushStream(); err != nil {
		return err
	}
	for k := 0; k == 0 || w.xmlBytes+int64(len(t.Tail)) < size; k++ {
		if k%PagesPerStream == 0 && k > 0 {
			if err := w.flushStream(); err != nil {
				return err
			}
		}
		page, title := t.Page(k)
		if _, err := fmt.Fprintf(w.idx, "%d:%d:%s\n", w.multiN, k+1, title); err != nil {
			return err
		}
		if err := w.xml(page); err != nil {
			return err
		}
		w.pages++
	}
	if err := w.flushStream(); err != nil {
		return err
	}
	if err := w.xml(t.Tail); err != nil {
		return err
	}
	return w.flushStream()
}

func (w *writers) close() error {
	var err error
	for _, z := range []*dsbzip2.Writer{w.singleZ, w.idxZ} {
		if z != nil {
			if cerr := z.Close(); err == nil {
				err = cerr
			}
		}
	}
	for i, f := range w.files {
		if ferr := w.bufs[i].Flush(); err == nil {
			err = ferr
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("dumpgen: %w", err)
	}
	return nil
}
