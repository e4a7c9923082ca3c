// Package mwindex reads the index of a Wikimedia multistream dump
// (X-multistream-index.txt.bz2: lines offset:page_id:title, offset being
// the byte offset of the bzip2 stream of X-multistream.xml.bz2 that holds
// the page) to find the streams of a few wanted pages, and decodes just
// those streams. The index is streamed once: memory is bounded by the
// wanted titles, not by the index.
package mwindex

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/internal/pbzip2"
)

// Entry is one line of the index.
type Entry struct {
	Offset int64 // byte offset of the stream holding the page
	ID     int64 // the page id
	Title  string
	Line   int // the line of the index
}

// Missing is a wanted title that the index does not hold, with the closest
// titles it does hold (by edit distance, the closest first).
type Missing struct {
	Title   string
	Closest []string
}

// Result is what Lookup found.
type Result struct {
	Found   []Entry // in index order
	Missing []Missing
}

// closest is how many near titles a Missing names.
const closest = 3

// Lookup reads the index r (bzip2 or plain; path names it in errors) and
// returns the entry of each wanted title. A title is matched exactly, with
// underscores read as spaces as in a page's URL; titles are unique in an
// index, so the read stops once every title is found. A line that is not
// offset:page_id:title is a located error.
func Lookup(ctx context.Context, path string, r io.Reader, titles []string, workers int) (*Result, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if head, _ := br.Peek(3); string(head) == "BZh" {
		zr := pbzip2.NewReader(ctx, br, workers)
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	want := make(map[string]*near, len(titles))
	var order []string
	for _, t := range titles {
		t = strings.ReplaceAll(t, "_", " ")
		if want[t] == nil {
			want[t] = &near{title: []rune(t)}
			order = append(order, t)
		}
	}
	res := &Result{}
	left := len(want)
	for line := 1; ; line++ {
		text, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			return nil, located(path, line, 1, "an index line longer than %d bytes", br.Size())
		}
		if len(text) == 0 && err != nil {
			if err == io.EOF {
				break
			}
			return nil, located(path, line, 1, "reading the index: %v", err)
		}
		e, col, perr := parseLine(bytes.TrimRight(text, "\r\n"))
		if perr != nil {
			return nil, located(path, line, col, "%v", perr)
		}
		e.Line = line
		if n, ok := want[e.Title]; ok {
			if !n.found {
				n.found = true
				left--
				res.Found = append(res.Found, e)
			}
		} else if left > 0 {
			for _, n := range want {
				if !n.found {
					n.offer(e.Title)
				}
			}
		}
		if err != nil || left == 0 { // the last line, or all found
			break
		}
	}
	for _, t := range order {
		if n := want[t]; !n.found {
			res.Missing = append(res.Missing, Missing{Title: t, Closest: n.titles()})
		}
	}
	return res, nil
}

// parseLine reads offset:page_id:title; the title may hold colons.
func parseLine(b []byte) (Entry, int, error) {
	off, rest, ok1 := bytes.Cut(b, []byte(":"))
	id, title, ok2 := bytes.Cut(rest, []byte(":"))
	if !ok1 || !ok2 {
		return Entry{}, 1, errors.New("not an index line offset:page_id:title")
	}
	o, err := strconv.ParseInt(string(off), 10, 64)
	if err != nil || o < 0 {
		return Entry{}, 1, fmt.Errorf("offset %q is not a byte offset", off)
	}
	n, err := strconv.ParseInt(string(id), 10, 64)
	if err != nil {
		return Entry{}, len(off) + 2, fmt.Errorf("page id %q is not a number", id)
	}
	return Entry{Offset: o, ID: n, Title: string(title)}, 0, nil
}

// Err is nil when every wanted title was found, else the located errors of
// the missing ones (file:line:col is left to the caller's file, the one
// that named the titles), each naming the closest titles.
func (r *Result) Err(file string, line, col int) error {
	var errs []error
	for _, m := range r.Missing {
		msg := fmt.Sprintf("page %q is not in the dump's index", m.Title)
		if len(m.Closest) > 0 {
			q := make([]string, len(m.Closest))
			for i, c := range m.Closest {
				q[i] = strconv.Quote(c)
			}
			msg += "; the closest titles: " + strings.Join(q, ", ")
		}
		errs = append(errs, diag.Diagnostic{File: file, Line: line, Col: col, Stage: diag.Read, Severity: diag.Error, Message: msg})
	}
	return errors.Join(errs...)
}

// Streams returns the offsets of the streams holding the found pages, in
// order and each once.
func (r *Result) Streams() []int64 {
	var offs []int64
	for _, e := range r.Found {
		offs = append(offs, e.Offset)
	}
	slices.Sort(offs)
	return slices.Compact(offs)
}

// ReadStreams decodes the streams of the multistream dump ra (size bytes,
// named path) at the given offsets, handing each stream's XML (a run of
// <page> elements, without the <mediawiki> root) to yield in the order of
// offsets. An offset where no bzip2 stream starts, as from an index of
// another dump, is a located error.
func ReadStreams(ctx context.Context, path string, ra io.ReaderAt, size int64, offsets []int64, workers int, yield func(off int64, xml []byte) error) error {
	var buf []byte
	for _, off := range offsets {
		buf = buf[:0]
		err := pbzip2.Stream(ctx, ra, size, off, workers, func(b pbzip2.Block) error {
			buf = append(buf, b.Data...)
			return nil
		})
		var e *pbzip2.Error
		if errors.As(err, &e) {
			return diag.Diagnostic{File: path, Stage: diag.Read, Severity: diag.Error,
				Message: fmt.Sprintf("the index points at byte %d, but the bzip2 stream there does not decode: %v", off, e)}
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if err := yield(off, buf); err != nil {
			return err
		}
	}
	return nil
}

func located(path string, line, col int, format string, args ...any) error {
	return diag.Diagnostic{File: path, Line: line, Col: col, Stage: diag.Read, Severity: diag.Error, Message: fmt.Sprintf(format, args...)}
}
