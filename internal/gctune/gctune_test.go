package gctune

import (
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

func TestPercent(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct {
		live, headroom uint64
		want           int
	}{
		{0, 8 * mb, 100},        // nothing live: the runtime's own rule
		{4 * mb, 8 * mb, 200},   // goal 12 MB = live + headroom
		{3 * mb, 8 * mb, 250},   // 266 rounded down to a step of 25
		{1 * mb, 8 * mb, 800},   // goal 9 MB
		{8 * mb, 8 * mb, 100},   // twice the live heap is live + headroom
		{100 * mb, 8 * mb, 100}, // a large heap keeps GOGC=100
		{7 * mb, 8 * mb, 100},   // 114 rounds to 100, never below
		{1, 8 * mb, 838860800},  // a near-empty heap: the goal is the headroom
		{5 * mb, 64 * mb, 1275}, // 1280 rounded down
		{64 * mb, 16 * mb, 100}, // headroom below the live heap
	} {
		if got := percent(c.live, c.headroom); got != c.want {
			t.Errorf("percent(%d, %d) = %d, want %d", c.live, c.headroom, got, c.want)
		}
	}
}

// TestStart follows the tuner through collections: a small live heap gets a
// GOGC above 100, a live heap above the headroom gets 100 back.
func TestStart(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	const headroom = 64 << 20
	Start(headroom)
	if got := gogc(); got != percent(minHeap, headroom) {
		t.Fatalf("GOGC before the first collection = %d, want %d", got, percent(minHeap, headroom))
	}
	waitFor(t, func() bool { return gogc() > 100 }, "GOGC above 100 with a small live heap")
	big := make([]byte, 2*headroom)
	for i := range big {
		big[i] = 1 // resident and live
	}
	waitFor(t, func() bool { return gogc() == 100 }, "GOGC 100 with a live heap above the headroom")
	runtime.KeepAlive(big)
}

func gogc() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return int(s[0].Value.Uint64())
}

// waitFor collects until ok holds: the tuner adjusts in a cleanup, which
// runs on its own goroutine shortly after a collection.
func waitFor(t *testing.T, ok func() bool, what string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		runtime.GC()
		time.Sleep(time.Millisecond)
		if ok() {
			return
		}
	}
	t.Fatalf("no %s after 5 s of collections (GOGC %d)", what, gogc())
}
