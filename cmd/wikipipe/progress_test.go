package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgressPrintsLinesApartFromTheBar(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&out)
	p.Start(100)
	p.Read(50)
	time.Sleep(150 * time.Millisecond) // past the bar's render throttle
	p.Article()
	p.Println("a.txt:1:1: extract: a warning")
	p.Read(50)
	p.Finish()
	lines := strings.Split(strings.ReplaceAll(out.String(), "\r", "\n"), "\n")
	var warning, bar bool
	for _, l := range lines {
		if strings.Contains(l, "extract: a warning") {
			warning = true
			if strings.Contains(l, "%") {
				t.Errorf("the warning shares its line with the bar: %q", l)
			}
		}
		bar = bar || strings.Contains(l, "1 article ")
	}
	if !warning || !bar {
		t.Errorf("want the warning on a line of its own and the bar naming 1 article; got %q", out.String())
	}
}
