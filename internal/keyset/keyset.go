// Package keyset is a set of strings kept as 64-bit digests, for what a run
// must remember of every article (its ID, its file name) in memory that grows
// as little as it can with the number of articles.
//
// The digests live in a sorted slice, with a map of the latest until they are
// merged in: about 10 bytes a key, where a map of them all costs 24 and the
// strings themselves more. Two keys of a million share a digest with odds of
// 1 in 37 million; the caller then treats the later one as taken, which it
// must only ever do with a warning.
package keyset

import (
	"crypto/sha256"
	"encoding/binary"
	"maps"
	"slices"
)

// Set is a set of keys; the zero value is empty and ready to use.
type Set struct {
	sorted []uint64
	recent map[uint64]struct{}
}

func digest(key string) uint64 {
	sum := sha256.Sum256([]byte(key))
	return binary.LittleEndian.Uint64(sum[:8])
}

// Has reports whether key was added.
func (s *Set) Has(key string) bool { return s.has(digest(key)) }

func (s *Set) has(d uint64) bool {
	if _, ok := s.recent[d]; ok {
		return true
	}
	_, ok := slices.BinarySearch(s.sorted, d)
	return ok
}

// Add adds key.
func (s *Set) Add(key string) {
	d := digest(key)
	if s.has(d) {
		return
	}
	if s.recent == nil {
		s.recent = map[uint64]struct{}{}
	}
	s.recent[d] = struct{}{}
	// Merging costs the length of sorted, so it waits for a share of it.
	if len(s.recent) >= max(1024, len(s.sorted)/16) {
		s.merge()
	}
}

// merge moves the recent digests into sorted, from the back, so that only
// growing the slice allocates.
func (s *Set) merge() {
	keys := slices.Sorted(maps.Keys(s.recent))
	clear(s.recent)
	i, j := len(s.sorted)-1, len(keys)-1
	s.sorted = slices.Grow(s.sorted, len(keys))[:len(s.sorted)+len(keys)]
	for k := len(s.sorted) - 1; j >= 0; k-- {
		if i >= 0 && s.sorted[i] > keys[j] {
			s.sorted[k] = s.sorted[i]
			i--
		} else {
			s.sorted[k] = keys[j]
			j--
		}
	}
}
