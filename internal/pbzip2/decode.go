package pbzip2

import (
	"bytes"
	"compress/bzip2"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
)

// Block is one decoded bzip2 block, handed out in input order.
type Block struct {
	// Data is the block's decoded bytes; it is valid only until the yield
	// it was handed to returns.
	Data []byte
	// Stream is the byte offset of the header of the stream holding the
	// block: what a multistream index stores.
	Stream int64
	// Start and End are the bit offsets of the block in the input: from its
	// magic to the next magic.
	Start, End int64
	// Last marks the last block of its stream.
	Last bool
}

// Consumed is the number of input bytes read through the end of the block
// (of its stream's end, for the last block): the progress of a reader.
func (b Block) Consumed() int64 {
	if b.Last {
		return (b.End + 80 + 7) / 8
	}
	return (b.End + 7) / 8
}

// maxMerge bounds how many pieces a block may be rebuilt from after a false
// block magic: each false match needs a 2^-48 chance.
const maxMerge = 4

// Blocks decodes the bzip2 input r (one stream or many concatenated, as
// compress/bzip2 reads it) with workers goroutines and calls yield with
// each block in order. At most about 2×workers blocks are held at once.
//
// It returns nil at the end of the input, the error of yield, ctx's error,
// or an *Error for a fault of the input; in every case each complete block
// before the fault has been yielded.
func Blocks(ctx context.Context, r io.Reader, workers int, yield func(Block) error) error {
	return decode(ctx, &scanner{r: r}, workers, yield)
}

func decode(ctx context.Context, s *scanner, workers int, yield func(Block) error) error {
	workers = max(workers, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	order := make(chan *piece, 2*workers)
	work := make(chan *piece, workers)
	var wg sync.WaitGroup
	wg.Add(1 + workers)
	go func() {
		defer wg.Done()
		defer close(order)
		defer close(work)
		// run fails only when ctx is done, which collect sees itself.
		_ = s.run(ctx, func(p *piece) error {
			select {
			case order <- p:
			case <-ctx.Done():
				return ctx.Err()
			}
			if p.final && !p.cut {
				close(p.done)
				return nil
			}
			select {
			case work <- p:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	for range workers {
		go func() {
			defer wg.Done()
			for p := range work {
				p.out, p.dec = decodePieces(p.level, p)
				close(p.done)
			}
		}()
	}
	err := collect(ctx, order, yield)
	cancel()
	for range order { // let the scanner see the cancel and stop
	}
	wg.Wait()
	return err
}

// collect hands the decoded pieces to yield in order, rebuilding a block
// that was split at a false magic, and checks each stream's combined CRC.
func collect(ctx context.Context, order <-chan *piece, yield func(Block) error) error {
	c := &collector{order: order}
	for {
		p, err := c.next(ctx)
		if err != nil {
			return err
		}
		if p.final && !p.cut {
			return p.err
		}
		out, last, err := c.rebuild(ctx, p)
		if err != nil {
			return err
		}
		if err := c.emit(ctx, p, last, out, yield); err != nil {
			return err
		}
		if last.cut {
			return last.err
		}
		if last.last {
			if c.combined != last.streamCRC {
				return &Error{Offset: last.end / 8, Err: errors.New("stream checksum mismatch")}
			}
			c.combined = 0
		}
	}
}

// collector is the state of one collect: where the pieces come from, the
// one taken ahead, and the stream's CRC so far.
type collector struct {
	order    <-chan *piece
	held     *piece // a piece taken ahead while rebuilding a block
	combined uint32 // the combined CRC of the stream's blocks so far
}

// next returns the next piece once it is decoded: the held one first.
func (c *collector) next(ctx context.Context) (*piece, error) {
	if c.held != nil {
		p := c.held
		c.held = nil
		return p, nil
	}
	select {
	case p, ok := <-c.order:
		if !ok { // the scanner stopped for ctx
			return nil, context.Cause(ctx)
		}
		select {
		case <-p.done:
			return p, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// rebuild returns the decoded bytes of the block that starts with p and the
// piece it ends with. A piece that fails to decode alone may have been split
// at a false magic: the pieces after it in its stream are joined to it, up
// to maxMerge, until they decode; a piece of another stream, or the end, is
// held for the next call.
func (c *collector) rebuild(ctx context.Context, p *piece) (out []byte, last *piece, err error) {
	out, last = p.out, p
	if p.dec == nil || p.cut {
		return out, last, nil
	}
	parts := []*piece{p}
	for len(parts) < maxMerge && out == nil && !parts[len(parts)-1].last {
		q, err := c.next(ctx)
		if err != nil {
			return nil, nil, err
		}
		if q.final || q.stream != p.stream {
			c.held = q
			break
		}
		parts = append(parts, q)
		if o, err := decodePieces(p.level, parts...); err == nil {
			out, last = o, q
		}
	}
	if out == nil {
		return nil, nil, &Error{Offset: p.start / 8, Err: fmt.Errorf("%w: %v", errCorrupt, p.dec)}
	}
	return out, last, nil
}

// emit adds the block from first to last to the stream's CRC and yields it,
// unless it is a piece the input ended inside that decoded to nothing.
func (c *collector) emit(ctx context.Context, first, last *piece, out []byte, yield func(Block) error) error {
	if len(out) == 0 && first.cut {
		return nil
	}
	c.combined = (c.combined<<1 | c.combined>>31) ^ first.blockCRC()
	b := Block{Data: out, Stream: first.stream, Start: first.start, End: last.end, Last: last.last}
	if err := ctx.Err(); err != nil {
		return err // a decoded block may be ready at the instant of the cancel: yield none after it
	}
	if err := yield(b); err != nil {
		return err
	}
	putBuf(out)
	return nil
}

// decodePieces decodes the bits of parts, one block. A block whose codes
// blockDecoder leaves to compress/bzip2 is decoded as a stream of its own.
func decodePieces(level byte, parts ...*piece) ([]byte, error) {
	bits, nbits := parts[0].bits, parts[0].nbits()
	if len(parts) > 1 {
		var w bitWriter
		w.buf = make([]byte, 0, (parts[len(parts)-1].end-parts[0].start)/8+2)
		for _, p := range parts {
			w.copyBits(p.bits, 0, p.nbits())
		}
		bits, nbits = w.buf, w.nbits
	}
	cut := parts[len(parts)-1].cut
	d := decoders.Get().(*blockDecoder)
	out, err := d.decode(bits, nbits, level, cut, getBuf())
	decoders.Put(d)
	if errors.Is(err, errIncomplete) {
		putBuf(out)
		return decodeStdlib(level, bits, nbits, parts[0].blockCRC(), cut)
	}
	if err != nil {
		putBuf(out)
		return nil, err
	}
	return out, nil
}

// decodeStdlib decodes a block with compress/bzip2, as a stream of its
// own: a header, the block, and the end magic with the block's CRC as the
// stream's (the combined CRC of one block is the block's CRC).
func decodeStdlib(level byte, bits []byte, nbits int64, crc uint32, cut bool) ([]byte, error) {
	var w bitWriter
	w.buf = make([]byte, 0, nbits/8+16)
	w.writeBits(uint64('B')<<16|uint64('Z')<<8|'h', 24)
	w.writeBits(uint64(level), 8)
	w.copyBits(bits, 0, nbits)
	w.writeBits(eosMagic, 48)
	w.writeBits(uint64(crc), 32)
	buf := bytes.NewBuffer(getBuf())
	_, err := buf.ReadFrom(bzip2.NewReader(bytes.NewReader(w.buf)))
	// A piece cut by the end of the input gives what its block decoded
	// only if that is the whole block, its checksum held: cut inside the
	// block's Huffman data, the bits appended above were read as data, and
	// those bytes are not the input's.
	if err != nil && (!cut || blockCRC(buf.Bytes()) != crc) {
		putBuf(buf.Bytes())
		return nil, err
	}
	return buf.Bytes(), nil
}

// crcTables are bzip2's CRC-32, polynomial 0x04c11db7, most significant
// bit first (hash/crc32 has only the reflected form), for eight bytes at a
// time: crcTables[k][v] is the CRC of byte v followed by k zero bytes.
var crcTables = func() (t [8][256]uint32) {
	for i := range t[0] {
		c := uint32(i) << 24
		for range 8 {
			if c&0x80000000 != 0 {
				c = c<<1 ^ 0x04c11db7
			} else {
				c <<= 1
			}
		}
		t[0][i] = c
	}
	for k := 1; k < 8; k++ {
		for i := range t[k] {
			c := t[k-1][i]
			t[k][i] = t[0][c>>24] ^ c<<8
		}
	}
	return t
}()

// blockCRC is the checksum a bzip2 block header holds of its bytes.
func blockCRC(b []byte) uint32 {
	t := &crcTables
	crc := ^uint32(0)
	for ; len(b) >= 8; b = b[8:] {
		hi := crc ^ binary.BigEndian.Uint32(b)
		crc = t[7][hi>>24] ^ t[6][hi>>16&0xff] ^ t[5][hi>>8&0xff] ^ t[4][hi&0xff] ^
			t[3][b[4]] ^ t[2][b[5]] ^ t[1][b[6]] ^ t[0][b[7]]
	}
	for _, v := range b {
		crc = t[0][byte(crc>>24)^v] ^ crc<<8
	}
	return ^crc
}

var bufPool sync.Pool

func getBuf() []byte {
	if b, ok := bufPool.Get().(*[]byte); ok {
		return (*b)[:0]
	}
	return nil
}

func putBuf(b []byte) {
	if cap(b) > 0 {
		bufPool.Put(&b)
	}
}
