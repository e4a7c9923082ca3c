// Command wikipipe turns Wikipedia articles into typed datasets.
//
//	wikipipe run [-c FILE] [-o DIR] [-f csv,xlsx,parquet,jsonld] [-j N] [--strict [--allow CODE]] [-q] [--progress auto|always|never] [INPUT...]
//	wikipipe extract [--dialect auto|text|wikitext|html|dump] FILE|-...
//	wikipipe validate [-c FILE]
//	wikipipe schema [-c FILE] [--json]
//	wikipipe version
//	wikipipe help [COMMAND]
//
// Every flag has a long name (--output DIR, --output=DIR) and the common ones
// a short alias (-o DIR).
//
// Exit codes, the same for every command:
//
//	0    success (warnings allowed)
//	1    data or I/O error: bad input, a limit hit, an unwritable output, warnings under --strict
//	2    usage or config error: the command line or pipeline.yaml
//	130  interrupted by SIGINT, SIGTERM or SIGHUP: nothing was written
//
// SIGHUP (the terminal closed) exits 130 like the others rather than 129:
// all three stop the run the same way and leave the same state behind, and
// SIGTERM does not follow the 128+signal convention (143) either, so one code
// means "interrupted" to scripts. A second signal kills the process at once.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/wikipipe/wikipipe/internal/gctune"
)

// gcHeadroom is how far above the live heap the garbage collector's goal
// is kept (internal/gctune): a run over a few hundred articles then spends
// about a third less CPU time, for at most this much more memory.
const gcHeadroom = 8 << 20

func main() {
	gctune.Start(gcHeadroom)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		<-ctx.Done()
		stop() // the default action again, for a second signal
	}()
	code := cli{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, isTerminal: stderrIsTerminal()}.main(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
