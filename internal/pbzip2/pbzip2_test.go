package pbzip2

import (
	"bytes"
	"compress/bzip2"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"testing"

	dsbzip2 "github.com/dsnet/compress/bzip2"
)

// compress is data as one bzip2 stream of the given level (1: 100 kB blocks).
func compress(t testing.TB, data []byte, level int) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := dsbzip2.NewWriter(&b, &dsbzip2.WriterConfig{Level: level})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// multistream compresses each part as a stream of its own, as the
// Wikimedia multistream dumps do, and returns the streams' offsets.
func multistream(t testing.TB, level int, parts ...[]byte) ([]byte, []int64) {
	var all []byte
	var offs []int64
	for _, p := range parts {
		offs = append(offs, int64(len(all)))
		all = append(all, compress(t, p, level)...)
	}
	return all, offs
}

// xmlish makes n bytes of text shaped like a dump: repeated markup, words
// drawn at random, and some long runs (which bzip2's first RLE shortens).
func xmlish(seed int64, n int) []byte {
	rng := rand.New(rand.NewSource(seed))
	words := []string{"the", "of", "[[link]]", "{{Infobox", "|name=", "history", "Wikipedia", "&amp;", "über", "1999"}
	var b bytes.Buffer
	for k := 0; b.Len() < n; k++ {
		fmt.Fprintf(&b, "  <page>\n    <title>Page %d</title>\n    <text xml:space=\"preserve\">", k)
		for w := rng.Intn(400); w > 0; w-- {
			b.WriteString(words[rng.Intn(len(words))])
			b.WriteByte(' ')
		}
		if k%7 == 0 {
			b.Write(bytes.Repeat([]byte{'='}, rng.Intn(3000)))
		}
		b.WriteString("</text>\n  </page>\n")
	}
	return b.Bytes()[:n]
}

func stdlib(data []byte) ([]byte, error) {
	return io.ReadAll(bzip2.NewReader(bytes.NewReader(data)))
}

func readAll(t testing.TB, data []byte, workers int) ([]byte, error) {
	t.Helper()
	r := NewReader(context.Background(), bytes.NewReader(data), workers)
	defer r.Close()
	return io.ReadAll(r)
}

func randomBytes(seed int64, n int) []byte {
	b := make([]byte, n)
	rand.New(rand.NewSource(seed)).Read(b)
	return b
}

func TestNewReaderMatchesStdlib(t *testing.T) {
	ms, _ := multistream(t, 1, xmlish(1, 250_000), xmlish(2, 10), xmlish(3, 120_000))
	withEmpty, _ := multistream(t, 9, xmlish(4, 1000), nil, xmlish(5, 2000))
	cases := []struct {
		name string
		data []byte
	}{
		{"one block", compress(t, xmlish(1, 50_000), 9)},
		{"many blocks", compress(t, xmlish(2, 1_500_000), 1)},
		{"runs", compress(t, bytes.Repeat([]byte("aaaaaaaaaaaaaaaaaaaaaaaab"), 200_000), 1)},
		{"incompressible", compress(t, randomBytes(3, 300_000), 1)},
		{"multistream", ms},
		{"empty stream between", withEmpty},
		{"empty", compress(t, nil, 9)},
		{"one byte", compress(t, []byte{'x'}, 9)},
	}
	for _, c := range cases {
		want, err := stdlib(c.data)
		if err != nil {
			t.Fatalf("%s: stdlib: %v", c.name, err)
		}
		for _, workers := range []int{1, 2, 5} {
			got, err := readAll(t, c.data, workers)
			if err != nil {
				t.Errorf("%s, %d workers: %v", c.name, workers, err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s, %d workers: %d bytes, want %d equal to stdlib's", c.name, workers, len(got), len(want))
			}
		}
	}
}

func TestBlocksOffsets(t *testing.T) {
	parts := [][]byte{xmlish(1, 250_000), xmlish(2, 99), xmlish(3, 120_000)}
	data, offs := multistream(t, 1, parts...)
	var streams []int64
	var prevEnd int64
	var got [][]byte
	err := Blocks(context.Background(), bytes.NewReader(data), 3, func(b Block) error {
		if len(streams) == 0 || streams[len(streams)-1] != b.Stream {
			streams = append(streams, b.Stream)
			got = append(got, nil)
			if prevEnd != 8*b.Stream || b.Start != 8*b.Stream+32 {
				t.Errorf("stream at %d: block at bit %d, previous stream ended at bit %d", b.Stream, b.Start, prevEnd)
			}
		} else if b.Start != prevEnd {
			t.Errorf("block at bit %d after one that ended at %d", b.Start, prevEnd)
		}
		got[len(got)-1] = append(got[len(got)-1], b.Data...)
		prevEnd = b.End
		if b.Last {
			prevEnd = 8 * b.Consumed()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(streams) != fmt.Sprint(offs) {
		t.Errorf("streams at %v, want %v", streams, offs)
	}
	if prevEnd != 8*int64(len(data)) {
		t.Errorf("last stream ends at byte %d of %d", prevEnd/8, len(data))
	}
	for i := range parts {
		if !bytes.Equal(got[i], parts[i]) {
			t.Errorf("stream %d: %d bytes differ from the %d compressed", i, len(got[i]), len(parts[i]))
		}
	}
}

// TestCutShort cuts a three-block stream at many points: the output is what
// stdlib gives (every complete block), and the error is a located
// io.ErrUnexpectedEOF.
func TestCutShort(t *testing.T) {
	data := compress(t, xmlish(7, 250_000), 1)
	for _, n := range []int{0, 3, 4, 9, 10, 100, len(data) / 3, len(data) / 2, len(data) - 11, len(data) - 10, len(data) - 5, len(data) - 1} {
		cut := data[:n]
		want, _ := stdlib(cut)
		got, err := readAll(t, cut, 2)
		var e *Error
		if n == 0 {
			if !errors.As(err, &e) {
				t.Errorf("empty input: error %v, want an *Error", err)
			}
			continue
		}
		if !errors.As(err, &e) || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("cut at %d: error %v, want an *Error of io.ErrUnexpectedEOF", n, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("cut at %d: %d bytes, stdlib gives %d", n, len(got), len(want))
		}
	}
}

func TestCorrupt(t *testing.T) {
	plain := xmlish(8, 350_000)
	data := compress(t, plain, 1)
	cases := map[string][]byte{
		"not bzip2":        []byte("<mediawiki>"),
		"bad level":        append([]byte("BZh0"), data[4:]...),
		"garbage after":    append(append([]byte{}, data...), "garbage"...),
		"flipped in block": flip(data, len(data)/2),
		"bad stream crc":   flip(data, len(data)-2),
	}
	for name, in := range cases {
		got, err := readAll(t, in, 2)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: error %v, want an *Error", name, err)
			continue
		}
		if e.Offset < 0 || e.Offset > int64(len(in)) {
			t.Errorf("%s: offset %d outside the input", name, e.Offset)
		}
		if !bytes.HasPrefix(plain, got) {
			t.Errorf("%s: the %d bytes given are not a prefix of the data", name, len(got))
		}
	}
}

func flip(b []byte, i int) []byte {
	c := append([]byte{}, b...)
	c[i] ^= 0x10
	return c
}

// TestFalseMagic splits real pieces at arbitrary bits, as a block magic
// inside a block's bits would: collect rebuilds each block.
func TestFalseMagic(t *testing.T) {
	plain := xmlish(9, 400_000)
	data := compress(t, plain, 1)
	var pieces []*piece
	s := &scanner{r: bytes.NewReader(data)}
	if err := s.run(context.Background(), func(p *piece) error { pieces = append(pieces, p); return nil }); err != nil {
		t.Fatal(err)
	}
	order := make(chan *piece, 3*len(pieces))
	rng := rand.New(rand.NewSource(1))
	for _, p := range pieces {
		if p.final {
			close(p.done)
			order <- p
			continue
		}
		at := 80 + rng.Int63n(p.nbits()-80)
		a := &piece{stream: p.stream, level: p.level, start: p.start, end: p.start + at}
		b := &piece{stream: p.stream, level: p.level, start: p.start + at, end: p.end, last: p.last, streamCRC: p.streamCRC}
		var wa, wb bitWriter
		wa.copyBits(p.bits, 0, at)
		wb.copyBits(p.bits, at, p.nbits())
		a.bits, b.bits = wa.buf, wb.buf
		for _, q := range []*piece{a, b} {
			q.out, q.dec = decodePieces(q.level, q)
			q.done = make(chan struct{})
			close(q.done)
			order <- q
		}
	}
	close(order)
	var got []byte
	err := collect(context.Background(), order, func(b Block) error { got = append(got, b.Data...); return nil })
	if err != nil || !bytes.Equal(got, plain) {
		t.Errorf("rebuilt %d of %d bytes, error %v", len(got), len(plain), err)
	}
}

func TestCancel(t *testing.T) {
	data := compress(t, xmlish(10, 600_000), 1)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err := Blocks(ctx, bytes.NewReader(data), 2, func(Block) error {
		n++
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Errorf("after cancel: %d blocks, error %v", n, err)
	}
	stop := errors.New("stop")
	if err := Blocks(context.Background(), bytes.NewReader(data), 2, func(Block) error { return stop }); err != stop {
		t.Errorf("yield's error: got %v", err)
	}
	r := NewReader(context.Background(), bytes.NewReader(data), 2)
	buf := make([]byte, 10)
	if _, err := r.Read(buf); err != nil {
		t.Fatal(err)
	}
	r.Close() // with the decoding half done: must not hang
}

func TestShardsAndStream(t *testing.T) {
	var parts [][]byte
	var want []byte
	for i := range 12 {
		parts = append(parts, xmlish(int64(i), 20_000+5000*i))
		want = append(want, parts[i]...)
	}
	data, offs := multistream(t, 1, parts...)
	ra := bytes.NewReader(data)
	size := int64(len(data))
	for _, n := range []int{1, 2, 3, 7, 40} {
		var got []byte
		for k := range n {
			start, end := Shard(size, k, n)
			err := Range(context.Background(), ra, size, start, end, 2, func(b Block) error {
				if b.Stream < start || b.Stream >= end {
					t.Errorf("shard %d/%d [%d,%d): a block of the stream at %d", k, n, start, end, b.Stream)
				}
				got = append(got, b.Data...)
				return nil
			})
			if err != nil {
				t.Fatalf("shard %d/%d: %v", k, n, err)
			}
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%d shards: %d bytes, want %d", n, len(got), len(want))
		}
	}
	for i, off := range offs {
		var got []byte
		if err := Stream(context.Background(), ra, size, off, 1, func(b Block) error { got = append(got, b.Data...); return nil }); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, parts[i]) {
			t.Errorf("stream %d at %d: %d bytes, want %d", i, off, len(got), len(parts[i]))
		}
	}
	var e *Error
	if err := Stream(context.Background(), ra, size, offs[3]+7, 1, func(Block) error { return nil }); !errors.As(err, &e) || e.Offset != offs[3]+7 {
		t.Errorf("a stream at garbage: %v, want an *Error at %d", err, offs[3]+7)
	}
}
