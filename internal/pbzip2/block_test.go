package pbzip2

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBlockDecoderMatchesStdlib decodes every block of inputs of many
// shapes with blockDecoder alone: no block of an encoder may be left to
// compress/bzip2, and the bytes must be compress/bzip2's.
func TestBlockDecoderMatchesStdlib(t *testing.T) {
	var runs bytes.Buffer
	for n := 1; n < 700; n += 3 { // runs about bzip2's four-byte RLE and its 255 cap
		runs.Write(bytes.Repeat([]byte{byte('a' + n%3)}, n))
	}
	inputs := map[string][]byte{
		"xml":         xmlish(7, 400_000),
		"random":      randomBytes(8, 250_000),
		"runs":        runs.Bytes(),
		"one byte":    bytes.Repeat([]byte{'x'}, 300_000),
		"two symbols": []byte(strings.Repeat("ab", 70_000)),
		"single":      []byte("z"),
		"all 256 once": func() []byte {
			b := make([]byte, 256)
			for i := range b {
				b[i] = byte(i)
			}
			return b
		}(),
	}
	for name, plain := range inputs {
		for _, level := range []int{1, 9} {
			checkBlocks(t, fmt.Sprintf("%s, level %d", name, level), compress(t, plain, level), plain)
		}
	}
	// Dumps as Wikimedia's bzip2 wrote them.
	for _, name := range []string{"wikidump_benches_enwiki-10k.xml.bz2", "wikidump_tests_simplewiki.xml.bz2"} {
		data, err := os.ReadFile(filepath.Join("../../testdata/corpus/dumps", name))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := stdlib(data)
		if err != nil {
			t.Fatal(err)
		}
		checkBlocks(t, name, data, plain)
	}
}

// checkBlocks decodes each block of data with one blockDecoder.
func checkBlocks(t *testing.T, name string, data, plain []byte) {
	t.Helper()
	s := &scanner{r: bytes.NewReader(data)}
	var got []byte
	d := new(blockDecoder)
	err := s.run(context.Background(), func(p *piece) error {
		if p.final {
			return p.err
		}
		var err error
		got, err = d.decode(p.bits, p.nbits(), p.level, false, got)
		return err
	})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !bytes.Equal(got, plain) {
		t.Fatalf("%s: %d bytes decoded, want %d", name, len(got), len(plain))
	}
}

// TestBlockDecoderRejectsCutAndLong holds a block to its exact length: one
// bit short fails, and so does a piece with bits after its end (a block
// split at a false magic, whose halves must not decode alone).
func TestBlockDecoderRejectsCutAndLong(t *testing.T) {
	data := compress(t, xmlish(9, 50_000), 9)
	var p *piece
	s := &scanner{r: bytes.NewReader(data)}
	if err := s.run(context.Background(), func(q *piece) error {
		if p == nil {
			p = q
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	d := new(blockDecoder)
	if _, err := d.decode(p.bits, p.nbits()-1, p.level, false, nil); err == nil {
		t.Error("a block one bit short decoded")
	}
	long := append(append([]byte{}, p.bits...), 0xff, 0xff)
	if _, err := d.decode(long, p.nbits()+9, p.level, false, nil); err == nil {
		t.Error("a block with 9 bits after it decoded")
	}
	if _, err := d.decode(long, p.nbits()+9, p.level, true, nil); err != nil {
		t.Errorf("a cut piece with its whole block: %v", err)
	}
}

func TestHuffmanBuild(t *testing.T) {
	for _, c := range []struct {
		lengths  []uint8
		complete bool
	}{
		{[]uint8{1, 1}, true},
		{[]uint8{1, 2, 2}, true},
		{[]uint8{2, 2, 2, 2}, true},
		{[]uint8{1, 2}, false},            // one code unused
		{[]uint8{1, 1, 1}, false},         // over-full
		{[]uint8{1, 2, 3, 20, 20}, false}, // a long tail short of full
	} {
		var h huffman
		if got := h.build(c.lengths); got != c.complete {
			t.Errorf("%v: complete %v, want %v", c.lengths, got, c.complete)
		}
	}
	// Canonical codes for lengths 2,1,3,3 (symbols 0..3): 1 → 0, 0 → 10,
	// 2 → 110, 3 → 111; and a code longer than the table's prefix.
	lengths := []uint8{2, 1, 3, 3}
	long := make([]uint8, 13) // symbol k has length k+1, the last two 12
	for k := range long {
		long[k] = uint8(min(k+1, 12))
	}
	for _, c := range []struct {
		lengths []uint8
		bits    string
		want    []uint16
	}{
		{lengths, "0" + "10" + "110" + "111" + "0", []uint16{1, 0, 2, 3, 1}},
		{long, "111111111110" + "111111111111" + "0" + "1110", []uint16{11, 12, 0, 3}},
	} {
		var h huffman
		if !h.build(c.lengths) {
			t.Fatalf("%v: not complete", c.lengths)
		}
		var w bitWriter
		for _, b := range c.bits {
			w.writeBits(uint64(b-'0'), 1)
		}
		r := &bitReader{b: w.buf}
		for i, want := range c.want {
			if got := h.decode(r); got != want {
				t.Fatalf("%v, symbol %d: %d, want %d", c.lengths, i, got, want)
			}
		}
		if r.read() != int64(len(c.bits)) {
			t.Errorf("%v: %d bits read, want %d", c.lengths, r.read(), len(c.bits))
		}
	}
}

func TestUnRLE(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"abc", "abc"},
		{"aaaa\x03b", "aaaaaaab"},
		{"aaaa\x00b", "aaaab"},
		{"aaab", "aaab"},
		// compress/bzip2's quirk, kept: after a count of zero the byte of
		// the run counts on, so the three a's make the b a count.
		{"aaaa\x00aaa\x02", "aaaaaaaaa"},
		{"aaaa\x01aaa\x02", "aaaaaaaa\x02"},
	} {
		tt := make([]uint32, len(c.in))
		for i := range tt { // a chain through the bytes in order
			tt[i] = uint32(c.in[i]) | uint32(i+1)<<8
		}
		if got := string(unRLE(nil, tt, 0)); got != c.want {
			t.Errorf("%q: %q, want %q", c.in, got, c.want)
		}
	}
}
