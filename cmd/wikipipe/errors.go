package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/wikipipe/wikipipe"
	"github.com/wikipipe/wikipipe/config"
	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/export"
)

// Exit codes, the same for every command.
const (
	exitOK          = 0   // success, warnings allowed
	exitData        = 1   // a data or I/O error, a limit hit, warnings under --strict
	exitUsage       = 2   // a mistake on the command line or in pipeline.yaml
	exitInterrupted = 130 // SIGINT, SIGTERM or SIGHUP: nothing was written
)

// exitCode is the exit code of a command that failed with err. The order
// matters: an interrupted run fails with whatever its cancellation broke;
// a failed operation on a named file is I/O, whichever layer wrapped it (an
// output folder that cannot be written is exit 1 whether the run found out
// on creating it or on creating a file in it); what is left of the run's
// usage and config errors is exit 2.
func exitCode(err error) int {
	var (
		cfgErr   *config.Error
		pathErr  *fs.PathError
		linkErr  *os.LinkError
		usageErr *wikipipe.UsageError
	)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.As(err, &cfgErr), errors.Is(err, export.ErrRefused):
		return exitUsage
	case errors.As(err, &pathErr), errors.As(err, &linkErr):
		return exitData
	case errors.As(err, &usageErr):
		return exitUsage
	}
	return exitData
}

// errorLines renders err in the form of every diagnostic,
// file:line:col: stage: message, one line each. A failed file operation is
// located at its file, in the export stage if the file is the output folder
// (output, "" for none), inside it or one of its parents, and in stage
// otherwise; an error that names no file says
// "wikipipe:" in the file's place.
func errorLines(err error, stage diag.Stage, output string) []string {
	var (
		cfgErr  *config.Error
		d       diag.Diagnostic
		pathErr *fs.PathError
		linkErr *os.LinkError
	)
	switch {
	case errors.As(err, &cfgErr):
		lines := make([]string, len(cfgErr.Diagnostics))
		for i, d := range cfgErr.Diagnostics {
			lines[i] = d.String()
		}
		return lines
	case errors.As(err, &d):
		return []string{d.String()}
	case errors.As(err, &pathErr):
		return []string{fileError(pathErr.Path, pathErr.Op, pathErr.Err, stage, output)}
	case errors.As(err, &linkErr):
		return []string{fileError(linkErr.New, linkErr.Op, linkErr.Err, stage, output)}
	}
	if msg := err.Error(); isLocated(msg) {
		return []string{msg}
	}
	return []string{"wikipipe: " + err.Error()}
}

// stages are the stage names of diagnostics.
var stages = map[diag.Stage]bool{diag.Read: true, diag.Extract: true, diag.Transform: true, diag.Export: true, diag.Config: true, diag.Fetch: true}

// isLocated reports whether msg has the form of a diagnostic already,
// "file: stage: message" (the file maybe with :line:col), as the errors that
// the library wraps with the input's path have.
func isLocated(msg string) bool {
	parts := strings.SplitN(msg, ": ", 3)
	return len(parts) == 3 && parts[0] != "" && stages[diag.Stage(parts[1])]
}

// errorAt is err located at file in stage, for errors that the command
// finds itself.
func errorAt(file string, stage diag.Stage, err error) diag.Diagnostic {
	return diag.Diagnostic{File: file, Stage: stage, Severity: diag.Error, Message: err.Error()}
}

// fileError is the line of a failed operation op on path.
func fileError(path, op string, err error, stage diag.Stage, output string) string {
	if output != "" && (inside(path, output) || inside(output, path)) {
		stage = diag.Export
	}
	msg := err.Error()
	if op != string(stage) {
		msg = op + ": " + msg
	}
	return errorAt(path, stage, errors.New(msg)).String()
}

// inside reports whether path is dir or lies under it.
func inside(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
