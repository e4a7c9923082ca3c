package pbzip2

import (
	"bytes"
	"context"
	"fmt"
	"io"
)

// Stream decodes the one stream whose header is at byte off of ra (size
// bytes long), as a multistream index points at it: a reader of one page
// out of a large dump reads only that stream. Anything but a stream header
// at off is an *Error at off.
func Stream(ctx context.Context, ra io.ReaderAt, size, off int64, workers int, yield func(Block) error) error {
	if off < 0 || off >= size {
		return &Error{Offset: off, Err: fmt.Errorf("offset outside the file of %d bytes", size)}
	}
	return decode(ctx, &scanner{r: io.NewSectionReader(ra, off, size-off), origin: off, stop: off + 1}, workers, yield)
}

// Range decodes, in order, the streams whose headers lie at byte offsets in
// [start, end) of ra (size bytes long). Ranges that tile the file decode
// every stream exactly once, since a stream belongs to the range holding
// its first byte: Shard gives such ranges.
func Range(ctx context.Context, ra io.ReaderAt, size, start, end int64, workers int, yield func(Block) error) error {
	h, err := nextHeader(ra, size, start, end)
	if err != nil || h < 0 {
		return err
	}
	return decode(ctx, &scanner{r: io.NewSectionReader(ra, h, size-h), origin: h, stop: end}, workers, yield)
}

// Shard returns the byte range of shard k of n (k from 0 to n-1) of a file
// of size bytes, for Range: n near-equal contiguous ranges.
func Shard(size int64, k, n int) (start, end int64) {
	return size * int64(k) / int64(n), size * int64(k+1) / int64(n)
}

// nextHeader finds the first stream header at or after start and before
// end: "BZh", a level, and a block or end magic. It returns -1 if there is
// none. Compressed bits that happen to look like a header (a 2^-80 chance at
// a byte) would make the decoding fail with an *Error, not go unnoticed.
func nextHeader(ra io.ReaderAt, size, start, end int64) (int64, error) {
	const chunk = 1 << 20
	buf := make([]byte, chunk+9)
	for at := start; at < end && at < size; at += chunk {
		n, err := ra.ReadAt(buf[:min(int64(len(buf)), size-at)], at)
		if err != nil && err != io.EOF {
			return 0, &Error{Offset: at, Err: fmt.Errorf("read: %w", err)}
		}
		b := buf[:n]
		for i := 0; ; i++ {
			k := bytes.Index(b[i:], []byte("BZh"))
			if k < 0 {
				break
			}
			i += k
			if at+int64(i) >= end {
				return -1, nil
			}
			if i+10 <= len(b) && b[i+3] >= '1' && b[i+3] <= '9' {
				if m := magicAt(b[i+4:]); m == blockMagic || m == eosMagic {
					return at + int64(i), nil
				}
			}
		}
	}
	return -1, nil
}

func magicAt(b []byte) uint64 {
	var v uint64
	for _, c := range b[:6] {
		v = v<<8 | uint64(c)
	}
	return v
}
