// Package gctune keeps the garbage collector from running every few
// megabytes while the live heap is small.
//
// With GOGC=100 the runtime collects when the heap reaches twice the live
// heap, and at 4 MB at least. A run over a few hundred articles keeps 2–4 MB
// live, so it collects every 2–4 MB allocated, dozens of times a second, and
// a quarter of its CPU time goes to the collector. Start sets the goal to
// the live heap plus a fixed headroom instead while that is more than
// twice the live heap, and leaves GOGC=100 above: a small run gets fewer
// collections for a bounded amount of memory (the headroom), and a large
// run's peak memory stays what it was.
package gctune

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// Start tunes the collector for the rest of the process: after each
// collection, GOGC is set so that the next one comes when headroom bytes
// more than the live heap are allocated, or twice the live heap, whichever
// is later. It does nothing when GOGC or GOMEMLIMIT is set in the
// environment: the user's choice wins.
func Start(headroom uint64) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	t := &tuner{headroom: headroom, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	// Before the first collection nothing is live: the runtime's first goal
	// is 4 MB scaled by GOGC.
	t.set(percent(minHeap, headroom))
	t.arm()
}

// minHeap is the runtime's smallest heap goal at GOGC=100.
const minHeap = 4 << 20

type tuner struct {
	headroom uint64
	gogc     int
	sample   []metrics.Sample
}

// arm runs adjust after the next collection: the cleanup of an object that
// is garbage at once runs when a collection has found it so. Each run arms
// the next. The object is larger than the tiny allocator's blocks, whose
// cleanups may wait for their neighbours.
func (t *tuner) arm() {
	runtime.AddCleanup(new([64]byte), func(t *tuner) { t.adjust() }, t)
}

func (t *tuner) adjust() {
	metrics.Read(t.sample)
	if t.sample[0].Value.Kind() == metrics.KindUint64 {
		t.set(percent(t.sample[0].Value.Uint64(), t.headroom))
	}
	t.arm()
}

func (t *tuner) set(gogc int) {
	if gogc != t.gogc {
		debug.SetGCPercent(gogc)
		t.gogc = gogc
	}
}

// percent is the GOGC that puts the goal headroom bytes above a live heap
// of live bytes, and never below 100 (twice the live heap). Steps of 25
// keep a heap that wavers by a few bytes from resetting GOGC each time.
func percent(live, headroom uint64) int {
	if live == 0 || headroom <= live {
		return 100
	}
	p := headroom * 100 / live
	p -= p % 25
	return int(max(p, 100))
}
