package export

import (
	"math"
	"testing"
)

// FuzzSpill writes cells of every kind to a spill and reads them back: each
// must come back the same, in order, and reading past the end is an error.
func FuzzSpill(f *testing.F) {
	f.Add("text", int64(-5), 0.53, true)
	f.Add("", int64(math.MaxInt64), math.Inf(-1), false)
	f.Add("line one\nline two, Gəncə 𝔘", int64(math.MinInt64), math.NaN(), true)
	f.Fuzz(func(t *testing.T, s string, i int64, x float64, b bool) {
		t.Setenv("TMPDIR", t.TempDir())
		sp, err := newSpill()
		if err != nil {
			t.Fatal(err)
		}
		defer sp.remove()
		cells := []spillCell{
			{kind: spillString, s: s}, {kind: spillNull}, {kind: spillInt, i: i}, {kind: spillFloat, f: x},
			{kind: spillBool, b: b}, {kind: spillDate, i: i}, {kind: spillString, s: s + s},
		}
		for range 3 {
			for _, c := range cells {
				sp.put(c)
			}
		}
		if err := sp.rewind(); err != nil {
			t.Fatal(err)
		}
		for n := range 3 * len(cells) {
			want := cells[n%len(cells)]
			got, err := sp.get()
			if err != nil {
				t.Fatalf("cell %d: %v", n, err)
			}
			if got.kind != want.kind || got.s != want.s || got.i != want.i || got.b != want.b ||
				math.Float64bits(got.f) != math.Float64bits(want.f) {
				t.Fatalf("cell %d: got %+v, want %+v", n, got, want)
			}
		}
		if _, err := sp.get(); err == nil {
			t.Fatal("a cell read past the end")
		}
	})
}
