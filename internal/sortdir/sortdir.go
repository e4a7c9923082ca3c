// Package sortdir lists a folder's entries in byte-wise order of their names
// in memory bounded by a constant, however many entries the folder holds:
// a run must not grow with the number of articles, and a folder may hold
// hundreds of thousands of them.
//
// It is an external merge sort. Names are gathered into a run buffer of
// bounded size; when it is full it is sorted and appended, front-coded, to a
// temporary file. The runs are then merged with a min-heap of cursors, each
// reading its run through a small buffer. The number of runs merged at once
// is bounded too: when fanIn runs of one level pile up they are merged into
// one of the next level, as a counter carries; the file then holds the
// names once per level. A folder that fits in one run is sorted in memory and
// makes no file.
package sortdir

import (
	"bufio"
	"bytes"
	"cmp"
	"container/heap"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"slices"
)

// limits bound the memory of a walk: a run holds at most entries names and
// bytes bytes of them, and at most fanIn runs are merged at once.
type limits struct {
	entries, bytes, fanIn int
}

// defaults cost under 2 MiB a folder, however many entries it holds: while
// it is read, up to 1 MiB of names and 16Ki index entries of 12 bytes (each
// grown by append, so up to a quarter more) and a ReadDir batch of 1024;
// while it is merged, up to 64 cursors of a 4 KiB buffer, about 300 KiB.
var defaults = limits{entries: 16 << 10, bytes: 1 << 20, fanIn: 64}

// bufSize is the buffer of each cursor and of the writer of runs.
const bufSize = 4 << 10

// Walk calls fn for each entry of dir that keep accepts, in byte-wise order
// of the names. keep sees the entries in the order the folder lists them.
// The folder is closed before fn is first called, so fn may walk a
// subfolder in turn; memory is then the depth times the bound.
//
// Errors opening or reading dir are those of package os, those of the
// temporary file say which folder and what failed, and fn's are returned as
// they are.
func Walk(dir string, keep func(name string, isDir bool) bool, fn func(name string, isDir bool) error) error {
	return defaults.walk(dir, keep, fn)
}

func (l limits) walk(dir string, keep func(name string, isDir bool) bool, fn func(name string, isDir bool) error) error {
	s := &sorter{limits: l, dir: dir}
	defer s.close()
	if err := s.read(keep); err != nil {
		return err
	}
	if s.file == nil {
		s.sortRun()
		for _, e := range s.ents {
			if err := fn(string(s.name(e)), e.isDir); err != nil {
				return err
			}
		}
		return nil
	}
	if err := s.spill(); err != nil {
		return err
	}
	// The merge needs no run buffer: a subfolder fn descends into while this
	// one is merged costs only the cursors here.
	s.names, s.ents = nil, nil
	// Runs left over at several levels may still be more than fanIn: the
	// smallest are merged first, into as few passes as can be.
	for len(s.runs) > s.fanIn {
		if err := s.compact(min(len(s.runs)-s.fanIn+1, s.fanIn)); err != nil {
			return err
		}
	}
	return s.merge(s.runs, func(name []byte, isDir bool) error { return fn(string(name), isDir) })
}

// sorter holds the state of one walk: the run being gathered, and the runs
// spilled so far.
type sorter struct {
	limits
	dir   string
	names []byte  // the names of the run being gathered, end to end
	ents  []entry // where each of them is in names

	file *os.File // the spilled runs, one after the other; nil until the first
	w    *bufio.Writer
	size int64  // bytes written to file
	runs []run  // levels never rise along the slice
	prev []byte // the name written last, that the next shares a prefix with
}

// entry is a name in the run buffer: one []byte holds them all, where a
// string each would cost twice as much.
type entry struct {
	start, end uint32
	isDir      bool
}

// run is a sorted run in the file; a merge of fanIn runs of one level makes
// one of the next.
type run struct {
	off, size int64
	level     int
}

func (s *sorter) name(e entry) []byte { return s.names[e.start:e.end] }

func (s *sorter) errorf(what string, err error) error {
	return fmt.Errorf("sorting the entries of %s: %s: %w", s.dir, what, err)
}

// read gathers the entries keep accepts, spilling runs as the buffer fills.
func (s *sorter) read(keep func(name string, isDir bool) bool) error {
	f, err := os.Open(s.dir)
	if err != nil {
		return err
	}
	defer f.Close()
	for {
		batch, err := f.ReadDir(1024)
		for _, e := range batch {
			name, isDir := e.Name(), e.IsDir()
			if !keep(name, isDir) {
				continue
			}
			if len(s.ents) > 0 && (len(s.ents) == s.entries || len(s.names)+len(name) > s.bytes) {
				if err := s.spill(); err != nil {
					return err
				}
			}
			s.ents = append(s.ents, entry{uint32(len(s.names)), uint32(len(s.names) + len(name)), isDir})
			s.names = append(s.names, name...)
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// sortRun sorts the run buffer by name, then by the order read, so that the
// order is total even if a folder listed a name twice.
func (s *sorter) sortRun() {
	slices.SortFunc(s.ents, func(a, b entry) int {
		return cmp.Or(bytes.Compare(s.name(a), s.name(b)), cmp.Compare(a.start, b.start))
	})
}

// spill sorts the run buffer, appends it to the file as a run of level 0 and
// empties it, then merges runs as long as fanIn of one level pile up.
func (s *sorter) spill() error {
	if s.file == nil {
		f, err := os.CreateTemp("", "wikipipe-dir-*")
		if err != nil {
			return s.errorf("creating the file of runs", err)
		}
		// Unlinked at once, the file goes when it is closed, even if the
		// process dies. Where an open file cannot be unlinked, close retries.
		os.Remove(f.Name())
		s.file, s.w = f, bufio.NewWriterSize(f, bufSize)
	}
	s.sortRun()
	start := s.size
	for _, e := range s.ents {
		if err := s.write(s.name(e), e.isDir); err != nil {
			return err
		}
	}
	if err := s.endRun(start, 0); err != nil {
		return err
	}
	s.names, s.ents = s.names[:0], s.ents[:0]
	for n := len(s.runs); n >= s.fanIn && s.runs[n-s.fanIn].level == s.runs[n-1].level; n = len(s.runs) {
		if err := s.compact(s.fanIn); err != nil {
			return err
		}
	}
	return nil
}

// compact merges the last k runs into one, appended to the file.
func (s *sorter) compact(k int) error {
	merged := s.runs[len(s.runs)-k:]
	start := s.size
	if err := s.merge(merged, s.write); err != nil {
		return err
	}
	level := merged[0].level + 1
	s.runs = s.runs[:len(s.runs)-k]
	return s.endRun(start, level)
}

// write appends an entry to the run being written, front-coded: the length
// of the prefix it shares with the one before, the length of the rest
// shifted left by one over a folder bit, and the rest.
func (s *sorter) write(name []byte, isDir bool) error {
	shared := 0
	for shared < len(name) && shared < len(s.prev) && name[shared] == s.prev[shared] {
		shared++
	}
	rest := uint64(len(name)-shared) << 1
	if isDir {
		rest |= 1
	}
	// Appended in the writer's own buffer, the entry costs no allocation.
	b := binary.AppendUvarint(s.w.AvailableBuffer(), uint64(shared))
	b = binary.AppendUvarint(b, rest)
	b = append(b, name[shared:]...)
	n, err := s.w.Write(b)
	if err != nil {
		return s.errorf("writing a run", err)
	}
	s.size += int64(n)
	s.prev = append(s.prev[:0], name...)
	return nil
}

// endRun flushes the run that began at start, for cursors to read it.
func (s *sorter) endRun(start int64, level int) error {
	if err := s.w.Flush(); err != nil {
		return s.errorf("writing a run", err)
	}
	s.runs = append(s.runs, run{start, s.size - start, level})
	s.prev = s.prev[:0] // the next run starts afresh
	return nil
}

// merge calls fn for the entries of runs in order; name is valid until fn
// returns.
func (s *sorter) merge(runs []run, fn func(name []byte, isDir bool) error) error {
	h := make(cursors, 0, len(runs))
	for i, r := range runs {
		c := &cursor{r: bufio.NewReaderSize(io.NewSectionReader(s.file, r.off, r.size), bufSize), order: i}
		if ok, err := c.next(); err != nil {
			return s.errorf("reading a run", err)
		} else if ok {
			h = append(h, c)
		}
	}
	heap.Init(&h)
	for len(h) > 0 {
		c := h[0]
		if err := fn(c.name, c.isDir); err != nil {
			return err
		}
		ok, err := c.next()
		if err != nil {
			return s.errorf("reading a run", err)
		}
		if ok {
			heap.Fix(&h, 0)
		} else {
			heap.Pop(&h)
		}
	}
	return nil
}

func (s *sorter) close() {
	if s.file != nil {
		s.file.Close()
		os.Remove(s.file.Name())
	}
}

// cursor reads a run one entry at a time.
type cursor struct {
	r     *bufio.Reader
	order int // of the run among those merged, to break ties
	name  []byte
	isDir bool
}

// next reads the next entry of the run; false at its end.
func (c *cursor) next() (bool, error) {
	shared, err := binary.ReadUvarint(c.r)
	if err == io.EOF {
		return false, nil
	}
	var rest uint64
	if err == nil {
		rest, err = binary.ReadUvarint(c.r)
	}
	if err == nil && shared > uint64(len(c.name)) {
		err = fmt.Errorf("prefix of %d bytes after a name of %d", shared, len(c.name))
	}
	if err == nil {
		c.name = append(c.name[:shared], make([]byte, rest>>1)...)
		_, err = io.ReadFull(c.r, c.name[shared:])
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF // a run cut inside an entry
	}
	c.isDir = rest&1 == 1
	return err == nil, err
}

// cursors is a min-heap of cursors by their current name.
type cursors []*cursor

func (h cursors) Len() int { return len(h) }
func (h cursors) Less(i, j int) bool {
	return cmp.Or(bytes.Compare(h[i].name, h[j].name), cmp.Compare(h[i].order, h[j].order)) < 0
}
func (h cursors) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *cursors) Push(x any)   { *h = append(*h, x.(*cursor)) }
func (h *cursors) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}
