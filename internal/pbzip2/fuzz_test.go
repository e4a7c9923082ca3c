package pbzip2

import (
	"bytes"
	"compress/bzip2"
	"context"
	"errors"
	"io"
	"testing"
)

// FuzzDecode holds the splitter to compress/bzip2 on any input: where stdlib
// decodes, the bytes are the same and there is no error; where it fails,
// there is an *Error and the bytes given are a prefix of stdlib's (stdlib
// also gives a block whose CRC is wrong, before saying so).
func FuzzDecode(f *testing.F) {
	f.Add(compress(f, []byte("hello, hello, hello"), 9))
	f.Add(compress(f, xmlish(1, 3000), 1))
	ms, _ := multistream(f, 1, xmlish(2, 500), nil, xmlish(3, 700))
	f.Add(ms)
	f.Add([]byte("BZh91AY&SY"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// A few bytes can decode to 46 MB a block: the first 4 MB are compared.
		const limit = 4 << 20
		want, werr := io.ReadAll(io.LimitReader(bzip2.NewReader(bytes.NewReader(data)), limit))
		r := NewReader(context.Background(), bytes.NewReader(data), 2)
		got, err := io.ReadAll(io.LimitReader(r, limit))
		r.Close()
		if len(want) == limit {
			if !bytes.Equal(got, want) {
				t.Fatalf("the first %d bytes differ from stdlib's", limit)
			}
			return
		}
		if werr == nil {
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("stdlib decodes %d bytes; got %d, error %v", len(want), len(got), err)
			}
			return
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("stdlib fails (%v); got error %v, want an *Error", werr, err)
		}
		if !bytes.HasPrefix(want, got) {
			t.Fatalf("stdlib fails (%v) after %d bytes; got %d bytes that are not a prefix", werr, len(want), len(got))
		}
	})
}

// FuzzRoundTrip compresses any text in 100 kB blocks and decodes it: the
// splitter must find every block whatever bits the blocks hold.
func FuzzRoundTrip(f *testing.F) {
	f.Add([]byte("abc"), uint8(1))
	f.Add(xmlish(4, 150_000), uint8(1))
	f.Fuzz(func(t *testing.T, plain []byte, reps uint8) {
		plain = bytes.Repeat(plain, 1+int(reps)%8)
		got, err := readAll(t, compress(t, plain, 1), 3)
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("%d bytes: got %d, error %v", len(plain), len(got), err)
		}
	})
}
