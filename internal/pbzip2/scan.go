package pbzip2

import (
	"context"
	"errors"
	"fmt"
	"io"
)

const (
	blockMagic = 0x314159265359 // starts every block, at any bit offset
	eosMagic   = 0x177245385090 // ends every stream, followed by its CRC
	magicMask  = 1<<48 - 1
	// maxPieceBits bounds a piece: a bzip2 block of 900 kB compresses to at
	// most about 2.3 MB (20-bit codes for every symbol), so a longer run
	// without a magic is not bzip2.
	maxPieceBits = 8 * 4 << 20
	readSize     = 256 << 10
)

// candidates marks the byte values that the byte two before the last one of
// a magic can take, for each of the eight bit alignments: a cheap filter
// that lets the scan test the sixteen alignments only at one byte in sixteen.
var candidates = func() (c [256]bool) {
	for j := 0; j < 8; j++ {
		c[byte(uint64(blockMagic)<<j>>16)] = true
		c[byte(uint64(eosMagic)<<j>>16)] = true
	}
	return c
}()

// piece is the bits between two magics: one block, or part of one when a
// block's bits happen to hold the block magic.
type piece struct {
	stream     int64  // byte offset of the stream header
	level      byte   // the stream's level, '1' to '9'
	bits       []byte // the piece's bits, from the most significant of bits[0]
	start, end int64  // bit offsets of the piece in the input
	last       bool   // the end-of-stream magic follows
	streamCRC  uint32 // the stream's combined CRC, when last
	// final marks the last piece of a scan, and err is why the scan
	// stopped: nil at a clean end, an *Error otherwise. A final piece is
	// only a carrier of err unless cut is set: the input ended inside the
	// piece, whose bits are then decoded for what they hold.
	err   error
	final bool
	cut   bool
	done  chan struct{} // closed when out and decErr are set
	out   []byte
	dec   error
}

func (p *piece) nbits() int64 { return p.end - p.start }

// blockCRC is the CRC stored after the piece's magic.
func (p *piece) blockCRC() uint32 {
	if p.nbits() < 80 {
		return 0
	}
	return uint32(p.bits[6])<<24 | uint32(p.bits[7])<<16 | uint32(p.bits[8])<<8 | uint32(p.bits[9])
}

// scanner splits a bzip2 input into pieces. Offsets are of the input, whose
// first byte is at origin.
type scanner struct {
	r      io.Reader
	origin int64
	stop   int64 // no stream whose header is at or after stop is read (0: none)
	buf    []byte
	base   int64 // input offset of buf[0], relative to origin
	eof    bool
	rerr   error
}

// fill reads until buf holds the byte at relative offset n, or the input
// ends; it reports whether the byte is there.
func (s *scanner) fill(n int64) bool {
	for n-s.base >= int64(len(s.buf)) && !s.eof {
		if cap(s.buf)-len(s.buf) < readSize {
			nb := make([]byte, len(s.buf), 2*cap(s.buf)+readSize)
			copy(nb, s.buf)
			s.buf = nb
		}
		m, err := s.r.Read(s.buf[len(s.buf) : len(s.buf)+readSize])
		s.buf = s.buf[:len(s.buf)+m]
		if err == io.EOF {
			s.eof = true
		} else if err != nil {
			s.eof, s.rerr = true, err
		}
	}
	return n-s.base < int64(len(s.buf))
}

func (s *scanner) at(n int64) byte { return s.buf[n-s.base] }

// magic48 reads the 48 bits at relative byte offset n (which must be there).
func (s *scanner) magic48(n int64) uint64 {
	var v uint64
	for k := int64(0); k < 6; k++ {
		v = v<<8 | uint64(s.at(n+k))
	}
	return v
}

// drop forgets the bytes before relative byte offset n.
func (s *scanner) drop(n int64) {
	k := n - s.base
	s.base = n
	s.buf = s.buf[:copy(s.buf, s.buf[k:])]
}

func (s *scanner) errAt(rel int64, format string, args ...any) error {
	return &Error{Offset: s.origin + rel, Err: fmt.Errorf(format, args...)}
}

// header checks the stream header at relative byte e and returns its level
// and the magic that follows it; ok is false at a clean end of input.
func (s *scanner) header(e int64) (level byte, magic uint64, ok bool, err error) {
	if !s.fill(e) {
		if s.rerr != nil {
			return 0, 0, false, s.errAt(e, "read: %w", s.rerr)
		}
		return 0, 0, false, nil
	}
	if s.stop > 0 && s.origin+e >= s.stop {
		return 0, 0, false, nil
	}
	if !s.fill(e + 9) {
		if s.rerr != nil {
			return 0, 0, false, s.errAt(e, "read: %w", s.rerr)
		}
		return 0, 0, false, s.errAt(e, "stream cut short: %w", io.ErrUnexpectedEOF)
	}
	level = s.at(e + 3)
	if s.at(e) != 'B' || s.at(e+1) != 'Z' || s.at(e+2) != 'h' || level < '1' || level > '9' {
		return 0, 0, false, s.errAt(e, "not a bzip2 stream header")
	}
	magic = s.magic48(e + 4)
	if magic != blockMagic && magic != eosMagic {
		return 0, 0, false, s.errAt(e+4, "no block after the stream header")
	}
	return level, magic, true, nil
}

// validEnd reports whether an end-of-stream magic at bit g can be real: the
// input ends after its CRC, or another stream starts there. It returns the
// relative byte offset where the next stream would start.
func (s *scanner) validEnd(g int64) (next int64, ok bool) {
	next = (g + 80 + 7) / 8
	if !s.fill(next - 1) {
		return next, false
	}
	if !s.fill(next) {
		return next, s.rerr == nil
	}
	if !s.fill(next + 9) {
		return next, false
	}
	if s.at(next) != 'B' || s.at(next+1) != 'Z' || s.at(next+2) != 'h' {
		return next, false
	}
	m := s.magic48(next + 4)
	return next, m == blockMagic || m == eosMagic
}

// run scans the whole input, handing each piece to emit in order; the last
// piece handed carries the outcome in err.
func (s *scanner) run(ctx context.Context, emit func(*piece) error) error {
	var e int64 // relative byte offset of the next stream header
	for {
		level, magic, ok, err := s.header(e)
		if err != nil || !ok {
			if err == nil && e == 0 {
				err = s.errAt(0, "empty input")
			}
			return emit(finalPiece(err))
		}
		if magic == eosMagic { // an empty stream
			if !s.fill(e + 13) {
				return emit(finalPiece(s.errAt(e, "stream cut short: %w", io.ErrUnexpectedEOF)))
			}
			if s.at(e+10)|s.at(e+11)|s.at(e+12)|s.at(e+13) != 0 {
				return emit(finalPiece(s.errAt(e+10, "stream checksum mismatch")))
			}
			e += 14
			s.drop(e)
			continue
		}
		stream := s.origin + e
		start := 8 * (e + 4)
		var w uint64
		for k := e + 2; k < e+10; k++ {
			w = w<<8 | uint64(s.at(k))
		}
		i := e + 10
	bytes:
		for {
			if !s.fill(i) {
				end := 8 * (s.base + int64(len(s.buf)))
				p := s.cut(stream, level, start, end)
				p.final = true
				if s.rerr != nil {
					p.err = s.errAt(end/8, "read: %w", s.rerr)
				} else {
					p.err, p.cut = s.errAt(end/8, "stream cut short: %w", io.ErrUnexpectedEOF), true
				}
				return emit(p)
			}
			// The fast path: bytes that cannot end a magic, up to the end
			// of what has been read.
			b, k := s.buf, i-s.base
			for k < int64(len(b)) && !candidates[b[k-2]] {
				w = w<<8 | uint64(b[k])
				k++
			}
			i = s.base + k
			if 8*i-start > maxPieceBits {
				return emit(finalPiece(s.errAt(start/8, "no bzip2 block boundary within %d bytes", maxPieceBits/8)))
			}
			if k == int64(len(b)) {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				continue
			}
			w = w<<8 | uint64(b[k])
			for j := 7; j >= 0; j-- {
				m := w >> j & magicMask
				if m != blockMagic && m != eosMagic {
					continue
				}
				g := 8*i - 40 - int64(j)
				if g < start+80 {
					continue
				}
				if m == blockMagic {
					if err := emit(s.cut(stream, level, start, g)); err != nil {
						return err
					}
					start = g
					break
				}
				next, ok := s.validEnd(g)
				if !ok {
					continue // bits of a block that look like the end magic
				}
				p := s.cut(stream, level, start, g)
				p.last = true
				var crc uint32
				for k := g + 48; k < g+80; k++ {
					crc = crc<<1 | uint32(s.at(k/8)>>(7-k%8)&1)
				}
				p.streamCRC = crc
				if err := emit(p); err != nil {
					return err
				}
				e = next
				s.drop(e)
				break bytes
			}
			i++
		}
	}
}

// cut copies the bits [start, end) into a new piece, and forgets the bytes
// before end.
func (s *scanner) cut(stream int64, level byte, start, end int64) *piece {
	var bw bitWriter
	bw.buf = make([]byte, 0, (end-start)/8+2)
	bw.copyBits(s.buf, start-8*s.base, end-8*s.base)
	s.drop(end / 8)
	return &piece{stream: stream, level: level, bits: bw.buf,
		start: 8*s.origin + start, end: 8*s.origin + end, done: make(chan struct{})}
}

// finalPiece carries the outcome of a scan.
func finalPiece(err error) *piece {
	return &piece{err: err, final: true, done: make(chan struct{})}
}

// Error is a fault of the bzip2 input at a byte offset.
type Error struct {
	Offset int64 // byte offset in the input (of the whole file, for Range)
	Err    error
}

func (e *Error) Error() string { return fmt.Sprintf("bzip2 at byte %d: %v", e.Offset, e.Err) }
func (e *Error) Unwrap() error { return e.Err }

var errCorrupt = errors.New("corrupt block")
