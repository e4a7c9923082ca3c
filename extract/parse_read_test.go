package extract

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"math"
	"testing"
)

// TestReadAll reads inputs shorter than, as long as and longer than the
// buffer, and one that fails part way, as io.ReadAll does.
func TestReadAll(t *testing.T) {
	for _, n := range []int{0, 1, SniffSize - 1, SniffSize, SniffSize + 1, 3*SniffSize + 7} {
		in := bytes.Repeat([]byte("abcdefg\n"), n/8+1)[:n]
		br := bufio.NewReaderSize(bytes.NewReader(in), SniffSize)
		got, err := readAll(br, math.MaxInt64)
		if err != nil || !bytes.Equal(got, in) || got == nil {
			t.Errorf("%d bytes: got %d bytes (nil %t), %v", n, len(got), got == nil, err)
		}
		if rest, err := br.ReadByte(); err != io.EOF {
			t.Errorf("%d bytes: after readAll ReadByte = %q, %v; want io.EOF", n, rest, err)
		}
	}
	boom := errors.New("boom")
	for _, n := range []int{0, 10, 2 * SniffSize} {
		br := bufio.NewReaderSize(io.MultiReader(bytes.NewReader(make([]byte, n)), &failReader{boom}), SniffSize)
		if _, err := readAll(br, math.MaxInt64); !errors.Is(err, boom) {
			t.Errorf("failing after %d bytes: err %v, want %v", n, err, boom)
		}
	}
}

type failReader struct{ err error }

func (f *failReader) Read([]byte) (int, error) { return 0, f.err }
