package extract

import (
	"sort"
	"unicode/utf8"
)

// lineIndex turns byte offsets into positions for dialects that do not walk
// their input line by line.
type lineIndex struct {
	data   []byte
	starts []int // byte offset of the start of each line
}

func newLineIndex(data []byte) *lineIndex {
	starts := make([]int, 1, 1+len(data)/64)
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{data: data, starts: starts}
}

// pos returns the position of byte offset off. The column counts runes from
// the start of the line, so its cost grows with the line's length.
func (x *lineIndex) pos(off int) Pos {
	off = max(0, min(off, len(x.data)))
	line := sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off }) - 1
	start := x.starts[line]
	return Pos{Line: line + 1, Col: utf8.RuneCount(x.data[start:off]) + 1, Offset: off}
}
