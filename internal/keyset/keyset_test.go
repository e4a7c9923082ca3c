package keyset

import (
	"fmt"
	"slices"
	"testing"
)

// TestSet adds enough keys for several merges and checks every one is found
// and no other is.
func TestSet(t *testing.T) {
	var s Set
	for i := range 5000 {
		key := fmt.Sprintf("Article_%d", i)
		if s.Has(key) {
			t.Fatalf("%s found before it was added", key)
		}
		s.Add(key)
		s.Add(key) // a second time changes nothing
	}
	if !slices.IsSorted(s.sorted) || len(s.sorted) < 4000 {
		t.Errorf("%d digests merged, sorted %v; want most of 5000, sorted", len(s.sorted), slices.IsSorted(s.sorted))
	}
	if n := len(s.sorted) + len(s.recent); n != 5000 {
		t.Errorf("%d digests kept for 5000 keys", n)
	}
	for i := range 5000 {
		if key := fmt.Sprintf("Article_%d", i); !s.Has(key) {
			t.Errorf("%s not found", key)
		}
		if key := fmt.Sprintf("Article_%d_2", i); s.Has(key) {
			t.Errorf("%s found, never added", key)
		}
	}
}
