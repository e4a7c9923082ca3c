package export

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"hash/crc32"
	"io"
	"os"

	"github.com/klauspost/compress/flate"
)

// A worksheet is compressed as its rows arrive, into a temporary file, and
// copied into the workbook's zip as it is: nothing is held in memory and
// nothing is encoded twice. Its head (the column widths come first in the
// XML) is known only at the end; it is compressed then and ended with a sync
// flush instead of a final block, and put before the streamed body in the zip
// entry. Deflate data is a run of blocks, so a stream that ends on a byte
// boundary without the final-block bit, followed by another stream, is one
// valid stream; the entry's CRC-32 follows from the two parts' CRCs
// (crc32Combine), so nothing is read back to compute it.

// deflateLevel trades size for speed: sheet XML is repetitive, and level 1
// already shrinks it about tenfold. klauspost/compress's flate (the module
// is arrow-go's already) writes the same format for a quarter less CPU than
// compress/flate at this level.
const deflateLevel = flate.BestSpeed

// zipDate is 1980-01-01 in MS-DOS form (the earliest it can say), the time of
// every entry so that the same data gives the same bytes.
const zipDate = 1<<5 | 1

// segment is one finished deflate stream in a deflateSpill.
type segment struct {
	offset, compressed int64 // where the stream lies in the file
	size               int64 // its uncompressed bytes
	crc                uint32
}

// deflateSpill is a temporary file of deflate streams written one after the
// other, each one segment.
type deflateSpill struct {
	f        *os.File
	file     countingWriter // bytes handed on to the file so far
	zw       *flate.Writer
	cur      segment // the segment being written
	segments []segment
}

type countingWriter struct {
	w *bufio.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func newDeflateSpill() (*deflateSpill, error) {
	f, err := os.CreateTemp("", "wikipipe-xlsx-*.deflate")
	if err != nil {
		return nil, err
	}
	s := &deflateSpill{f: f, file: countingWriter{w: bufio.NewWriterSize(f, 1<<16)}}
	s.zw, _ = flate.NewWriter(&s.file, deflateLevel) // the level is valid
	return s, nil
}

// Write compresses p into the current segment.
func (s *deflateSpill) Write(p []byte) (int, error) {
	s.cur.size += int64(len(p))
	s.cur.crc = crc32.Update(s.cur.crc, crc32.IEEETable, p)
	return s.zw.Write(p)
}

// endSegment finishes the current stream and starts the next.
func (s *deflateSpill) endSegment() error {
	if err := s.zw.Close(); err != nil {
		return err
	}
	s.cur.compressed = s.file.n - s.cur.offset
	s.segments = append(s.segments, s.cur)
	s.cur = segment{offset: s.file.n}
	s.zw.Reset(&s.file)
	return nil
}

// reader returns the compressed bytes of a finished segment.
func (s *deflateSpill) reader(seg segment) (io.Reader, error) {
	if err := s.file.w.Flush(); err != nil {
		return nil, err
	}
	return io.NewSectionReader(s.f, seg.offset, seg.compressed), nil
}

// remove deletes the temporary file.
func (s *deflateSpill) remove() {
	s.f.Close()
	os.Remove(s.f.Name()) // best effort: it lives in the system's temporary folder
}

// zipWriter writes the entries of a workbook, each deflated with fixed times.
type zipWriter struct {
	zw   *zip.Writer
	head bytes.Buffer  // a head, compressed
	hw   *flate.Writer // compresses heads into head
}

func newZipWriter(w io.Writer) *zipWriter {
	z := &zipWriter{zw: zip.NewWriter(w)}
	z.zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, deflateLevel)
	})
	z.hw, _ = flate.NewWriter(&z.head, deflateLevel) // the level is valid
	return z
}

// add writes an entry whose content is data.
func (z *zipWriter) add(name string, data []byte) error {
	// CreateHeader keeps the MS-DOS time fields as they are when Modified is zero.
	w, err := z.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, ModifiedDate: zipDate})
	if err == nil {
		_, err = w.Write(data)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// addJoined writes an entry whose content is head followed by the segment of
// body, copying the segment's compressed bytes as they are.
func (z *zipWriter) addJoined(name string, head []byte, body *deflateSpill, seg segment) error {
	z.head.Reset()
	z.hw.Reset(&z.head)
	if _, err := z.hw.Write(head); err != nil {
		return err
	}
	if err := z.hw.Flush(); err != nil { // a sync flush: no final block
		return err
	}
	h := &zip.FileHeader{
		Name: name, Method: zip.Deflate, ModifiedDate: zipDate,
		CRC32:              crc32Combine(crc32.ChecksumIEEE(head), seg.crc, seg.size),
		CompressedSize64:   uint64(int64(z.head.Len()) + seg.compressed),
		UncompressedSize64: uint64(int64(len(head)) + seg.size),
	}
	w, err := z.zw.CreateRaw(h)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if _, err := w.Write(z.head.Bytes()); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	r, err := body.reader(seg)
	if err == nil {
		_, err = io.Copy(w, r)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func (z *zipWriter) close() error { return z.zw.Close() }

// crc32Combine is the CRC-32 (IEEE) of a followed by b, from the CRC of a,
// the CRC of b and the length of b: zlib's crc32_combine. Appending n zero
// bytes to a message multiplies its CRC by x^(8n) modulo the polynomial, so
// crc(a‖b) = crc(a)·x^(8·len b) ⊕ crc(b), computed in GF(2) over the
// reflected polynomial.
func crc32Combine(crcA, crcB uint32, lenB int64) uint32 {
	return multModP(xPow8N(lenB), crcA) ^ crcB
}

// multModP is a·b modulo the CRC-32 polynomial, both reflected.
func multModP(a, b uint32) uint32 {
	var p uint32
	for m := uint32(1) << 31; m != 0; m >>= 1 {
		if a&m != 0 {
			p ^= b
		}
		if b&1 != 0 {
			b = b>>1 ^ crc32.IEEE
		} else {
			b >>= 1
		}
	}
	return p
}

// xPow8N is x^(8n) modulo the polynomial, by squaring: x2k[k] is x^(2^k).
func xPow8N(n int64) uint32 {
	p := uint32(1) << 31 // x^0
	for k := 3; n != 0; n, k = n>>1, k+1 {
		if n&1 != 0 {
			p = multModP(x2k[k%32], p)
		}
	}
	return p
}

var x2k = func() (t [32]uint32) {
	p := uint32(1) << 30 // x^1
	for k := range t {
		t[k] = p
		p = multModP(p, p)
	}
	return t
}()
