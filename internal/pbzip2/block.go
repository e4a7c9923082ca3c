package pbzip2

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync"
)

// A blockDecoder decodes one bzip2 block from its bits, keeping its large
// buffers between blocks. It gives the bytes compress/bzip2 gives for the
// same block and fails where it fails, but reads the Huffman codes through
// lookup tables instead of a walk of one tree node a bit, and allocates
// nothing a block: compress/bzip2 builds a 3.6 MB array for every stream,
// which in a multistream dump is every 100 pages. A block whose codes are
// not complete (no encoder writes one, yet compress/bzip2 reads such codes
// in a way of its own) is left to compress/bzip2: decode says so with
// errIncomplete.
type blockDecoder struct {
	r     bitReader
	tt    []uint32 // the block before the inverse BWT, then its links
	sel   []uint8  // the tree of each group of 50 symbols
	trees [6]huffman
	len   [258]uint8
}

var decoders = sync.Pool{New: func() any { return new(blockDecoder) }}

// errIncomplete marks a block whose Huffman codes leave codes unused.
var errIncomplete = errors.New("incomplete Huffman code")

// decode appends the bytes of the block in the first nbits bits of bits
// (from its block magic on) to dst. The block must end exactly at nbits,
// or, for a piece the input ended inside (cut), at or before it.
func (d *blockDecoder) decode(bits []byte, nbits int64, level byte, cut bool, dst []byte) ([]byte, error) {
	d.r = bitReader{b: bits}
	r := &d.r
	r.bits(32) // the magic's first 32 bits: bits() reads at most 32
	r.bits(16)
	want := uint32(r.bits(32))
	if r.bits(1) != 0 {
		return dst, errors.New("deprecated randomized block")
	}
	origPtr := int(r.bits(24))
	var symbols [256]byte // the move-to-front list
	nsym := d.readSymbolMap(&symbols)
	if nsym == 0 {
		return dst, errors.New("no symbols in the block")
	}
	ntrees := int(r.bits(3))
	if ntrees < 2 || ntrees > 6 {
		return dst, fmt.Errorf("%d Huffman trees", ntrees)
	}
	if err := d.readSelectors(ntrees); err != nil {
		return dst, err
	}
	for t := range ntrees {
		if err := d.readTree(&d.trees[t], nsym+2); err != nil {
			return dst, err
		}
	}
	size := 100_000 * int(level-'0')
	if cap(d.tt) < size {
		d.tt = make([]uint32, size)
	}
	var counts [256]uint32
	n, err := d.readSymbols(symbols[:nsym], d.tt[:size], &counts, nbits)
	if err != nil {
		return dst, err
	}
	if used := r.read(); used > nbits || !cut && used < nbits {
		return dst, fmt.Errorf("the block's data ends at bit %d of %d", used, nbits)
	}
	if origPtr >= n {
		return dst, errors.New("origPtr out of bounds")
	}
	start := len(dst)
	dst = unRLE(dst, d.tt[:n], inverseBWT(d.tt[:n], origPtr, &counts))
	if blockCRC(dst[start:]) != want {
		return dst[:start], errors.New("block checksum mismatch")
	}
	return dst, nil
}

// readSymbolMap reads the bitmap of the byte values the block uses into
// symbols, in order, and returns how many there are.
func (d *blockDecoder) readSymbolMap(symbols *[256]byte) int {
	n := 0
	ranges := d.r.bits(16)
	for i := range 16 {
		if ranges&(1<<(15-i)) == 0 {
			continue
		}
		used := d.r.bits(16)
		for j := range 16 {
			if used&(1<<(15-j)) != 0 {
				symbols[n] = byte(16*i + j)
				n++
			}
		}
	}
	return n
}

// readSelectors reads which tree codes each group of 50 symbols, stored
// move-to-front coded, in unary.
func (d *blockDecoder) readSelectors(ntrees int) error {
	n := int(d.r.bits(15))
	if n == 0 {
		return errors.New("no tree selectors")
	}
	mtf := [6]uint8{0, 1, 2, 3, 4, 5}
	d.sel = slices.Grow(d.sel[:0], n)
	for range n {
		c := 0
		for d.r.bits(1) == 1 {
			if c++; c >= ntrees {
				return errors.New("tree selector out of range")
			}
		}
		t := mtf[c]
		copy(mtf[1:c+1], mtf[:c])
		mtf[0] = t
		d.sel = append(d.sel, t)
	}
	return nil
}

// readTree reads the delta-coded code lengths of a tree of alpha symbols,
// with compress/bzip2's bounds, and builds its tables.
func (d *blockDecoder) readTree(h *huffman, alpha int) error {
	length := int(d.r.bits(5))
	for j := range alpha {
		for {
			if length < 1 || length > maxCodeLen {
				return fmt.Errorf("Huffman code length %d", length)
			}
			if d.r.bits(1) == 0 {
				break
			}
			length += 1 - 2*int(d.r.bits(1))
		}
		d.len[j] = uint8(length)
	}
	if !h.build(d.len[:alpha]) {
		return errIncomplete
	}
	return nil
}

// readSymbols decodes the Huffman-coded, run-length and move-to-front
// coded symbols into tt (each byte value counted in counts), up to the
// end-of-block symbol, and returns how many bytes there are.
func (d *blockDecoder) readSymbols(mtf []byte, tt []uint32, counts *[256]uint32, nbits int64) (int, error) {
	r := &d.r
	eob := uint16(len(mtf) + 1)
	n, run, power := 0, 0, 0
	for g := 0; ; g++ {
		if g >= len(d.sel) {
			return 0, errors.New("too few tree selectors for the block's symbols")
		}
		if r.read() > nbits {
			return 0, errors.New("the block's data runs past its end")
		}
		h := &d.trees[d.sel[g]]
		for range 50 {
			v := h.decode(r)
			if v < 2 { // RUNA, RUNB: a run of the front byte, in bijective base 2
				if run == 0 {
					power = 1
				}
				run += power << v
				power <<= 1
				if run > 2<<20 {
					return 0, errors.New("run too long")
				}
				continue
			}
			if run > 0 {
				if run > len(tt)-n {
					return 0, errors.New("run past the end of the block")
				}
				b := mtf[0]
				for i := range run {
					tt[n+i] = uint32(b)
				}
				counts[b] += uint32(run)
				n += run
				run = 0
			}
			if v == eob {
				return n, nil
			}
			if v > eob {
				return 0, errors.New("bad Huffman code")
			}
			b := moveToFront(mtf, int(v-1))
			if n >= len(tt) {
				return 0, errors.New("data exceeds the block size")
			}
			tt[n] = uint32(b)
			counts[b]++
			n++
		}
	}
}

// moveToFront moves mtf[k] to the front and returns it. Most k of text
// are small, where a loop beats a call of memmove.
func moveToFront(mtf []byte, k int) byte {
	b := mtf[k]
	if k < 16 {
		for ; k > 0; k-- {
			mtf[k] = mtf[k-1]
		}
	} else {
		copy(mtf[1:k+1], mtf[:k])
	}
	mtf[0] = b
	return b
}

// inverseBWT links each entry of tt to the next in its upper 24 bits (the
// single array of bzip2's own decoder) and returns the first's index.
func inverseBWT(tt []uint32, origPtr int, counts *[256]uint32) uint32 {
	var sum uint32
	for i, c := range counts {
		counts[i] = sum
		sum += c
	}
	for i, v := range tt {
		b := v & 0xff
		tt[counts[b]] |= uint32(i) << 8
		counts[b]++
	}
	return tt[origPtr] >> 8
}

// unRLE follows the links of tt from t and undoes bzip2's first coding:
// four equal bytes are followed by a count of more. It keeps a quirk of
// compress/bzip2's: after a count of zero the run's byte still counts
// towards the next four.
func unRLE(dst []byte, tt []uint32, t uint32) []byte {
	dst = slices.Grow(dst, len(tt)+len(tt)/8)
	last, same := -1, 0
	for range tt {
		t = tt[t]
		b := byte(t)
		t >>= 8
		if same == 3 {
			if b > 0 {
				for range b {
					dst = append(dst, byte(last))
				}
				last = -1
			}
			same = 0
			continue
		}
		if int(b) == last {
			same++
		} else {
			same = 0
		}
		last = int(b)
		dst = append(dst, b)
	}
	return dst
}

const (
	maxCodeLen = 20 // bzip2's longest Huffman code
	tableBits  = 10 // codes up to this long are found by one lookup
)

// huffman decodes one canonical Huffman code of bzip2: codes are given in
// order of length, then of symbol.
type huffman struct {
	// table holds, for each tableBits-bit prefix, symbol<<5 | length of
	// the code it starts with, or 0 when that code is longer.
	table  [1 << tableBits]uint16
	first  [maxCodeLen + 1]uint32 // the first code of each length
	count  [maxCodeLen + 1]uint32 // how many codes each length has
	offset [maxCodeLen + 1]uint16 // index in sorted of the first of each length
	sorted [258]uint16            // the symbols in code order
}

// build makes the tables of the code of these lengths (1 to maxCodeLen);
// it reports false if the code is not complete.
func (h *huffman) build(lengths []uint8) bool {
	h.count = [maxCodeLen + 1]uint32{}
	for _, l := range lengths {
		h.count[l]++
	}
	var kraft uint32
	for l := 1; l <= maxCodeLen; l++ {
		kraft += h.count[l] << (maxCodeLen - l)
	}
	if kraft != 1<<maxCodeLen {
		return false
	}
	var code uint32
	var next [maxCodeLen + 1]uint16
	off := uint16(0)
	for l := 1; l <= maxCodeLen; l++ {
		h.first[l], h.offset[l], next[l] = code, off, off
		off += uint16(h.count[l])
		code = (code + h.count[l]) << 1
	}
	for s, l := range lengths {
		h.sorted[next[l]] = uint16(s)
		next[l]++
	}
	h.table = [1 << tableBits]uint16{}
	for l := 1; l <= tableBits; l++ {
		span := uint32(1) << (tableBits - l)
		for i := range h.count[l] {
			e := h.sorted[uint32(h.offset[l])+i]<<5 | uint16(l)
			from := (h.first[l] + i) * span
			for k := from; k < from+span; k++ {
				h.table[k] = e
			}
		}
	}
	return true
}

// decode reads one symbol; a complete code always has one.
func (h *huffman) decode(r *bitReader) uint16 {
	if r.n < maxCodeLen {
		r.refill()
	}
	if e := h.table[r.v>>(64-tableBits)]; e != 0 {
		r.skip(uint(e & 31))
		return e >> 5
	}
	for l := uint(tableBits + 1); l <= maxCodeLen; l++ {
		if d := uint32(r.v>>(64-l)) - h.first[l]; d < h.count[l] {
			r.skip(l)
			return h.sorted[uint32(h.offset[l])+d]
		}
	}
	return 0xffff // not reached for a complete code
}

// bitReader reads bits most significant first, as bzip2 stores them; past
// the end of b it reads zeros, which read() shows as bits beyond the end.
type bitReader struct {
	b   []byte
	pos int    // the next byte of b to load
	v   uint64 // the next n bits, from the most significant
	n   uint
}

// refill loads bits until at least 56 are held.
func (r *bitReader) refill() {
	if r.pos+8 <= len(r.b) {
		// Eight bytes at once; the bits past n that do not fit are
		// loaded again, the same, by the next refill.
		r.v |= binary.BigEndian.Uint64(r.b[r.pos:]) >> r.n
		r.pos += int(63-r.n) >> 3
		r.n |= 56
		return
	}
	for r.n <= 56 {
		if r.pos < len(r.b) {
			r.v |= uint64(r.b[r.pos]) << (56 - r.n)
		}
		r.pos++
		r.n += 8
	}
}

func (r *bitReader) skip(k uint) {
	r.v <<= k
	r.n -= k
}

// bits reads k bits, k at most 32.
func (r *bitReader) bits(k uint) uint64 {
	if r.n < k {
		r.refill()
	}
	x := r.v >> (64 - k)
	r.skip(k)
	return x
}

// read is how many bits have been read.
func (r *bitReader) read() int64 { return 8*int64(r.pos) - int64(r.n) }
