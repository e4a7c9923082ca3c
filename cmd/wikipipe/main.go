// Command wikipipe turns Wikipedia articles into typed datasets.
//
//	wikipipe run [-c pipeline.yaml] [-o DIR] [-f csv,xlsx,parquet,jsonld] [-j N] [--strict] [--quiet] [--progress auto|always|never] [INPUT...]
//	wikipipe extract [--dialect auto|text|wikitext|html|dump] FILE|-
//	wikipipe validate [-c pipeline.yaml]
//	wikipipe schema [-c pipeline.yaml] [--json]
//	wikipipe version
//
// Exit codes: 0 success (warnings allowed), 1 data errors (or warnings under
// --strict), 2 usage or config error, 130 interrupted.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, isTerminal: stderrIsTerminal()}.main(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
