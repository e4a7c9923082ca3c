package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wikipipe/wikipipe/diag"
)

// TestDiagPrinter: the first shownPerCode warnings of each code and every
// error are printed, the rest counted per code in the order the codes
// passed their cap; quiet prints the errors only.
func TestDiagPrinter(t *testing.T) {
	warn := func(code diag.Code, i int) diag.Diagnostic {
		return diag.Diagnostic{File: "a.txt", Line: i, Stage: diag.Extract, Severity: diag.Warning, Code: code, Message: "m"}
	}
	var in []diag.Diagnostic
	for i := 1; i <= 1234+shownPerCode; i++ {
		in = append(in, warn(diag.NoFinalNewline, i))
		if i <= shownPerCode+1 {
			in = append(in, warn(diag.NoTitle, i))
		}
	}
	in = append(in, warn(diag.BadIndent, 1), diag.Diagnostic{File: "a.txt", Stage: diag.Read, Severity: diag.Error, Message: "e"})
	for _, tc := range []struct {
		quiet, written bool
		lines          int    // printed as they come
		tail           string // what finish prints
	}{
		{false, true, 2*shownPerCode + 2, "W-no-final-newline: 1,234 more (see out/report.json)\nW-no-title: 1 more (see out/report.json)\n"},
		{false, false, 2*shownPerCode + 2, "W-no-final-newline: 1,234 more not shown\nW-no-title: 1 more not shown\n"},
		{true, true, 1, ""},
	} {
		t.Run(fmt.Sprintf("quiet=%v written=%v", tc.quiet, tc.written), func(t *testing.T) {
			var got []string
			p := newDiagPrinter(tc.quiet, func(line string) { got = append(got, line) })
			for _, d := range in {
				p.print(d)
			}
			if len(got) != tc.lines || got[len(got)-1] != "a.txt: read: e" {
				t.Errorf("%d lines printed, the last %q; want %d, the error last", len(got), got[len(got)-1], tc.lines)
			}
			if n := strings.Count(strings.Join(got, "\n"), "[W-no-title]"); !tc.quiet && n != shownPerCode {
				t.Errorf("%d W-no-title lines, want %d", n, shownPerCode)
			}
			var tail strings.Builder
			p.finish(&tail, "out", tc.written)
			if tail.String() != tc.tail {
				t.Errorf("finish printed %q, want %q", tail.String(), tc.tail)
			}
		})
	}
}
