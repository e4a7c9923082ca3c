package wikipipe

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/internal/inputs"
	"github.com/wikipipe/wikipipe/internal/mwindex"
	"github.com/wikipipe/wikipipe/internal/pbzip2"
)

// Shard is the part of the inputs one of N runs reads: the K-th (from 0) of
// N contiguous ranges of each multistream dump's streams, and of the sorted
// list of the other inputs. The zero Shard reads everything.
type Shard struct{ K, N int }

// ParseShard reads "K/N".
func ParseShard(s string) (Shard, error) {
	var sh Shard
	if _, err := fmt.Sscanf(s, "%d/%d", &sh.K, &sh.N); err != nil || fmt.Sprintf("%d/%d", sh.K, sh.N) != s {
		return Shard{}, fmt.Errorf("shard %q: want K/N, as 0/4", s)
	}
	if sh.N < 1 || sh.K < 0 || sh.K >= sh.N {
		return Shard{}, fmt.Errorf("shard %q: want K from 0 to N-1", s)
	}
	return sh, nil
}

// has reports whether input i of n (the inputs but the stream-sharded
// dumps) is in the shard: shard K holds inputs i with i*N/n == K.
func (s Shard) has(i, n int) bool { return s.N == 0 || i*s.N/max(n, 1) == s.K }

// shardList tells the inputs of the shard among those sharded by the input
// list: all but the multistream dumps, which are sharded by their streams.
type shardList struct {
	shard Shard
	n, i  int // the inputs of the list, and those met so far
}

func (r *run) newShardList() (*shardList, error) {
	l := &shardList{shard: r.opts.Shard}
	if l.shard.N == 0 {
		return l, nil
	}
	err := inputs.Each(r.inputs, func(in inputs.Input) error {
		if !isMultistream(in) {
			l.n++
		}
		return nil
	})
	return l, err
}

// take reports whether the run reads in.
func (l *shardList) take(in inputs.Input) bool {
	if l.shard.N == 0 || isMultistream(in) {
		return true
	}
	l.i++
	return l.shard.has(l.i-1, l.n)
}

// isMultistream reports whether in is a multistream dump, named as
// Wikimedia names them (X-multistream.xml.bz2), whose first stream holds the
// head only: a file of one stream cannot be sharded by its streams.
func isMultistream(in inputs.Input) bool {
	if !strings.HasSuffix(in.Path, "multistream.xml.bz2") {
		return false
	}
	f, err := os.Open(in.Path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 3)
	_, err = io.ReadFull(f, head)
	return err == nil && string(head) == "BZh"
}

// dumpTail ends the XML of a dump read in part.
const dumpTail = "</mediawiki>\n"

// partDump returns the XML of the part of the bzip2 dump f (path) that the
// run selects, or nil to read f whole: with Options.Pages and an index (given
// or beside the dump), the head stream and the streams holding those pages;
// with Options.Shard, the head stream and the shard's range of streams. The
// part is decoded on a goroutine of its own into a pipe; its error, if any,
// is returned by the second result once the pipe is read to its end.
func (r *run) partDump(ctx context.Context, path string, f *os.File, pages []string) (io.Reader, func() error, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: read: %w", path, err)
	}
	size := info.Size()
	head := make([]byte, 3)
	if _, err := f.ReadAt(head, 0); err != nil || string(head) != "BZh" {
		return nil, nil, nil
	}
	var part func(w io.Writer) error
	switch {
	case len(pages) > 0:
		index := r.opts.Index
		if index == "" {
			index = indexBeside(path)
		}
		if index == "" {
			return nil, nil, nil // --page filters while streaming
		}
		offs, err := r.lookup(ctx, index, pages)
		if err != nil {
			return nil, nil, err
		}
		part = func(w io.Writer) error {
			err := mwindex.ReadStreams(ctx, path, f, size, append([]int64{0}, offs...), r.opts.Workers, func(_ int64, xml []byte) error {
				_, err := w.Write(xml)
				return err
			})
			if err == nil {
				_, err = io.WriteString(w, dumpTail)
			}
			return err
		}
	case r.opts.Shard.N > 0 && isMultistream(inputs.Input{Path: path}):
		start, end := pbzip2.Shard(size, r.opts.Shard.K, r.opts.Shard.N)
		part = func(w io.Writer) error {
			write := func(b pbzip2.Block) error {
				_, err := w.Write(b.Data)
				return err
			}
			if start > 0 { // the head, which shard 0 reads in its range
				var head []byte
				err := pbzip2.Stream(ctx, f, size, 0, r.opts.Workers, func(b pbzip2.Block) error {
					head = append(head, b.Data...)
					return nil
				})
				if err != nil {
					return locatedBzip2(path, err)
				}
				if bytes.Contains(head, []byte("<page>")) {
					return diag.Diagnostic{File: path, Stage: diag.Read, Severity: diag.Error,
						Message: "the first bzip2 stream holds pages, not the head alone: not a multistream dump to shard"}
				}
				if _, err := w.Write(head); err != nil {
					return err
				}
			}
			if err := pbzip2.Range(ctx, f, size, start, end, r.opts.Workers, write); err != nil {
				return locatedBzip2(path, err)
			}
			if end < size { // the tail stream is the last shard's
				_, err := io.WriteString(w, dumpTail)
				return err
			}
			return nil
		}
	default:
		return nil, nil, nil
	}
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := part(pw)
		pw.CloseWithError(err)
		done <- err
	}()
	wait := func() error {
		pr.CloseWithError(errors.New("the dump's reader stopped")) // ends the writer if the reader stopped early
		return <-done
	}
	return pr, wait, nil
}

// lookup finds the streams of pages in the index file; a title the index
// does not hold is a located error naming the closest titles.
func (r *run) lookup(ctx context.Context, index string, pages []string) ([]int64, error) {
	f, err := os.Open(index)
	if err != nil {
		return nil, &UsageError{fmt.Errorf("--index: %w", err)}
	}
	defer f.Close()
	res, err := mwindex.Lookup(ctx, index, f, pages, r.opts.Workers)
	if err != nil {
		return nil, err
	}
	if err := res.Err(index, 0, 0); err != nil {
		return nil, err
	}
	return res.Streams(), nil
}

// indexBeside names X-multistream-index.txt.bz2 when it sits beside the dump
// X-multistream.xml.bz2, else "".
func indexBeside(path string) string {
	base, ok := strings.CutSuffix(path, "-multistream.xml.bz2")
	if !ok {
		return ""
	}
	index := base + "-multistream-index.txt.bz2"
	if _, err := os.Stat(index); err != nil {
		return ""
	}
	return index
}

// locatedBzip2 locates a fault of a dump's streams.
func locatedBzip2(path string, err error) error {
	var e *pbzip2.Error
	if errors.As(err, &e) {
		return diag.Diagnostic{File: path, Stage: diag.Read, Severity: diag.Error, Message: e.Error()}
	}
	return err
}

// pageFilter keeps the pages of Options.Pages (underscores read as spaces,
// as in a page's URL) and tells which were never met.
type pageFilter map[string]bool

func newPageFilter(titles []string) pageFilter {
	if len(titles) == 0 {
		return nil
	}
	f := pageFilter{}
	for _, t := range titles {
		f[strings.ReplaceAll(t, "_", " ")] = false
	}
	return f
}

// keep reports whether the page titled title is wanted, and notes it met.
func (f pageFilter) keep(title string) bool {
	if f == nil {
		return true
	}
	if _, ok := f[title]; !ok {
		return false
	}
	f[title] = true
	return true
}

// missing is the error naming the wanted pages that path did not hold.
func (f pageFilter) missing(path string) error {
	var errs []error
	for _, t := range slices.Sorted(maps.Keys(f)) {
		if !f[t] {
			errs = append(errs, diag.Diagnostic{File: path, Stage: diag.Read, Severity: diag.Error,
				Message: fmt.Sprintf("page %q is not in the dump", t)})
		}
	}
	return errors.Join(errs...)
}
