package pbzip2

import (
	"math/rand"
	"testing"
)

// bitAt is the reference reading of bit i of b.
func bitAt(b []byte, i int64) byte { return b[i/8] >> (7 - i%8) & 1 }

func TestCopyBits(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	src := make([]byte, 64)
	rng.Read(src)
	for n := 0; n < 500; n++ {
		pre := rng.Intn(20)
		from := rng.Int63n(int64(len(src)) * 8)
		to := from + rng.Int63n(int64(len(src))*8-from+1)
		var w bitWriter
		w.writeBits(0x5a5a5, pre)
		w.copyBits(src, from, to)
		if w.nbits != int64(pre)+to-from || int64(len(w.buf)) != (w.nbits+7)/8 {
			t.Fatalf("pre %d [%d,%d): %d bits in %d bytes", pre, from, to, w.nbits, len(w.buf))
		}
		for i := from; i < to; i++ {
			if bitAt(w.buf, int64(pre)+i-from) != bitAt(src, i) {
				t.Fatalf("pre %d [%d,%d): bit %d differs", pre, from, to, i)
			}
		}
		for i := 0; i < pre; i++ {
			if bitAt(w.buf, int64(i)) != byte(uint64(0x5a5a5)>>(pre-1-i)&1) {
				t.Fatalf("prefix bit %d of %d differs", i, pre)
			}
		}
	}
}
