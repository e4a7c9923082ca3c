package export

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
)

// spill holds one dataset's cells for the XLSX writer in a temporary file,
// in a compact form: a kind byte, then a uvarint length and bytes (string), a
// varint (int, date serial), 8 bytes (float) or one byte, 0 or 1 (bool).
type spill struct {
	f   *os.File
	w   *bufio.Writer
	r   *bufio.Reader
	err error // first write error; put stays cheap and Write checks it per row
	buf [binary.MaxVarintLen64]byte
}

type spillKind byte

const (
	spillNull spillKind = iota
	spillString
	spillInt
	spillFloat
	spillBool
	spillDate
)

// spillCell is one cell as the sheet will hold it.
type spillCell struct {
	kind spillKind
	s    string
	i    int64 // spillInt, spillDate (the Excel serial)
	f    float64
	b    bool
}

func newSpill() (*spill, error) {
	f, err := os.CreateTemp("", "wikipipe-xlsx-*.spill")
	if err != nil {
		return nil, err
	}
	return &spill{f: f, w: bufio.NewWriterSize(f, 1<<16)}, nil
}

func (s *spill) put(c spillCell) {
	s.write([]byte{byte(c.kind)})
	switch c.kind {
	case spillString:
		s.write(s.buf[:binary.PutUvarint(s.buf[:], uint64(len(c.s)))])
		if _, err := s.w.WriteString(c.s); err != nil && s.err == nil {
			s.err = err
		}
	case spillInt, spillDate:
		s.write(s.buf[:binary.PutVarint(s.buf[:], c.i)])
	case spillFloat:
		s.write(binary.LittleEndian.AppendUint64(s.buf[:0], math.Float64bits(c.f)))
	case spillBool:
		b := byte(0)
		if c.b {
			b = 1
		}
		s.write([]byte{b})
	}
}

func (s *spill) write(p []byte) {
	if _, err := s.w.Write(p); err != nil && s.err == nil {
		s.err = err
	}
}

// rewind ends writing and starts reading from the first cell.
func (s *spill) rewind() error {
	if s.err != nil {
		return s.err
	}
	if err := s.w.Flush(); err != nil {
		return err
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	s.r = bufio.NewReaderSize(s.f, 1<<16)
	return nil
}

func (s *spill) get() (spillCell, error) {
	k, err := s.r.ReadByte()
	if err != nil {
		return spillCell{}, s.corrupt(err)
	}
	c := spillCell{kind: spillKind(k)}
	switch c.kind {
	case spillNull:
	case spillBool:
		b, err := s.r.ReadByte()
		if err != nil {
			return c, s.corrupt(err)
		}
		c.b = b == 1
	case spillString:
		n, err := binary.ReadUvarint(s.r)
		if err != nil {
			return c, s.corrupt(err)
		}
		b := make([]byte, n)
		if _, err := io.ReadFull(s.r, b); err != nil {
			return c, s.corrupt(err)
		}
		c.s = string(b)
	case spillInt, spillDate:
		if c.i, err = binary.ReadVarint(s.r); err != nil {
			return c, s.corrupt(err)
		}
	case spillFloat:
		var b [8]byte
		if _, err := io.ReadFull(s.r, b[:]); err != nil {
			return c, s.corrupt(err)
		}
		c.f = math.Float64frombits(binary.LittleEndian.Uint64(b[:]))
	default:
		return c, s.corrupt(fmt.Errorf("unknown kind %d", k))
	}
	return c, nil
}

func (s *spill) corrupt(err error) error {
	return fmt.Errorf("reading back the spilled rows of %s: %w", s.f.Name(), err)
}

// remove deletes the temporary file.
func (s *spill) remove() {
	s.f.Close()
	os.Remove(s.f.Name()) // best effort: it lives in the system's temporary folder
}
