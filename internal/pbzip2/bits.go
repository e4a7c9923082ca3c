package pbzip2

// bitWriter appends bits, most significant first, as the bzip2 format
// stores them.
type bitWriter struct {
	buf   []byte
	nbits int64 // bits written
}

// writeBits appends the low n bits of v (n ≤ 56).
func (w *bitWriter) writeBits(v uint64, n int) {
	for n > 0 {
		free := 8 - int(w.nbits%8)
		if free == 8 {
			w.buf = append(w.buf, 0)
		}
		take := min(free, n)
		chunk := byte(v>>(n-take)) & (1<<take - 1)
		w.buf[len(w.buf)-1] |= chunk << (free - take)
		n -= take
		w.nbits += int64(take)
	}
}

// copyBits appends the bits [from, to) of src, bit 0 being the most
// significant bit of src[0].
func (w *bitWriter) copyBits(src []byte, from, to int64) {
	// Up to the writer's byte boundary bit by bit, then whole source-shifted
	// bytes: the bulk of a block moves eight bits at a time.
	for from < to && w.nbits%8 != 0 {
		w.writeBits(uint64(src[from/8]>>(7-from%8))&1, 1)
		from++
	}
	shift := uint(from % 8)
	i := from / 8
	for ; to-from >= 8; from += 8 {
		b := src[i] << shift
		if shift != 0 {
			b |= src[i+1] >> (8 - shift)
		}
		w.buf = append(w.buf, b)
		w.nbits += 8
		i++
	}
	for ; from < to; from++ {
		w.writeBits(uint64(src[from/8]>>(7-from%8))&1, 1)
	}
}
