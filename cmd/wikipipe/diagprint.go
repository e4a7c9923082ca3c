package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/internal/english"
)

// shownPerCode is how many warnings of one code a run prints: a code that
// comes thousands of times would bury the others and the progress bar. The
// rest are counted at the end; report.json keeps every one.
const shownPerCode = 10

// diagPrinter prints the diagnostics of a run: every error, and the first
// shownPerCode warnings of each code unless quiet. Run calls it from one
// goroutine.
type diagPrinter struct {
	println func(string) // one line to standard error, above the progress bar if any
	quiet   bool
	seen    map[diag.Code]int
	capped  []diag.Code // the codes that passed shownPerCode, in the order they did
}

func newDiagPrinter(quiet bool, println func(string)) *diagPrinter {
	return &diagPrinter{println: println, quiet: quiet, seen: map[diag.Code]int{}}
}

func (p *diagPrinter) print(d diag.Diagnostic) {
	if d.Severity == diag.Warning {
		if p.quiet {
			return
		}
		p.seen[d.Code]++
		switch n := p.seen[d.Code]; {
		case n == shownPerCode+1:
			p.capped = append(p.capped, d.Code)
			return
		case n > shownPerCode:
			return
		}
	}
	p.println(d.String())
}

// finish prints a line per capped code with the number not shown and, if
// the run wrote its report into output, where they are.
func (p *diagPrinter) finish(w io.Writer, output string, written bool) {
	for _, c := range p.capped {
		more := english.Thousands(int64(p.seen[c] - shownPerCode))
		if written {
			fmt.Fprintf(w, "%s: %s more (see %s)\n", c, more, filepath.Join(output, "report.json"))
		} else {
			fmt.Fprintf(w, "%s: %s more not shown\n", c, more)
		}
	}
}
