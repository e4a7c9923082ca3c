package pbzip2

import (
	"bytes"
	"compress/bzip2"
	"context"
	"fmt"
	"io"
	"sync"
	"testing"

	dsbzip2 "github.com/dsnet/compress/bzip2"
	"github.com/wikipipe/wikipipe/internal/dumpgen"
)

var bench struct {
	once        sync.Once
	plain, data []byte
}

// benchData is 16 MB of a generated dump made of the corpus dump's pages,
// as one level-9 stream.
func benchData(b *testing.B) ([]byte, []byte) {
	bench.once.Do(func() {
		t, err := dumpgen.ReadTemplate("../../testdata/corpus/dumps/wikidump_benches_enwiki-10k.xml.bz2")
		if err != nil {
			b.Fatal(err)
		}
		plain := append([]byte{}, t.Head...)
		for k := 0; len(plain) < 16<<20; k++ {
			p, _ := t.Page(k)
			plain = append(plain, p...)
		}
		bench.plain = append(plain, t.Tail...)
		bench.data = compress(b, bench.plain, 9)
	})
	return bench.plain, bench.data
}

func BenchmarkDecode(b *testing.B) {
	plain, data := benchData(b)
	b.Run("stdlib", func(b *testing.B) {
		b.SetBytes(int64(len(plain)))
		for b.Loop() {
			if n, err := io.Copy(io.Discard, bzip2.NewReader(bytes.NewReader(data))); err != nil || n != int64(len(plain)) {
				b.Fatal(n, err)
			}
		}
	})
	// The only other pure-Go decoder, to say why stdlib is the one used.
	b.Run("dsnet", func(b *testing.B) {
		b.SetBytes(int64(len(plain)))
		for b.Loop() {
			r, err := dsbzip2.NewReader(bytes.NewReader(data), nil)
			if err != nil {
				b.Fatal(err)
			}
			if n, err := io.Copy(io.Discard, r); err != nil || n != int64(len(plain)) {
				b.Fatal(n, err)
			}
		}
	})
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("pbzip2-%d", workers), func(b *testing.B) {
			b.SetBytes(int64(len(plain)))
			for b.Loop() {
				r := NewReader(context.Background(), bytes.NewReader(data), workers)
				n, err := io.Copy(io.Discard, r)
				r.Close()
				if err != nil || n != int64(len(plain)) {
					b.Fatal(n, err)
				}
			}
		})
	}
}

// BenchmarkScan is the splitter alone, which one goroutine runs ahead of
// the workers: it must be far faster than a worker's decoding.
func BenchmarkScan(b *testing.B) {
	_, data := benchData(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		s := &scanner{r: bytes.NewReader(data)}
		if err := s.run(context.Background(), func(*piece) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
