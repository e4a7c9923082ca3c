// Package diag holds the located diagnostics that every stage reports:
// warnings and errors printed as "file:line:col: stage: message [CODE]".
// Every code is a constant of codes.go and a row of docs/WARNINGS.md.
package diag

import (
	"fmt"
	"strings"
)

// Severity says whether a diagnostic stops the run.
type Severity string

const (
	Warning Severity = "warning"
	Error   Severity = "error"
)

// Stage names the pipeline stage that found the problem.
type Stage string

const (
	Read      Stage = "read"
	Extract   Stage = "extract"
	Transform Stage = "transform"
	Export    Stage = "export"
	Config    Stage = "config"
	Fetch     Stage = "fetch"
)

// Diagnostic is one located message. Line and Col are 1-based (Col in runes);
// zero means unknown and is left out of the printed form.
type Diagnostic struct {
	File     string   `json:"file"`
	Line     int      `json:"line,omitempty"`
	Col      int      `json:"col,omitempty"`
	Stage    Stage    `json:"stage"`
	Severity Severity `json:"severity"`
	Code     Code     `json:"code,omitempty"`
	Message  string   `json:"message"`
}

// String renders the diagnostic as "file:line:col: stage: message [CODE]",
// the code left out when there is none.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	fmt.Fprintf(&b, ": %s: %s", d.Stage, d.Message)
	if d.Code != "" {
		fmt.Fprintf(&b, " [%s]", d.Code)
	}
	return b.String()
}

// Error lets an error-severity diagnostic be returned as an error.
func (d Diagnostic) Error() string { return d.String() }

// List collects diagnostics in the order they are found.
type List []Diagnostic

// Warnf appends a warning with its code.
func (l *List) Warnf(file string, line, col int, stage Stage, code Code, format string, args ...any) {
	*l = append(*l, Diagnostic{File: file, Line: line, Col: col, Stage: stage, Severity: Warning, Code: code, Message: fmt.Sprintf(format, args...)})
}

// Errorf appends an error.
func (l *List) Errorf(file string, line, col int, stage Stage, format string, args ...any) {
	*l = append(*l, Diagnostic{File: file, Line: line, Col: col, Stage: stage, Severity: Error, Message: fmt.Sprintf(format, args...)})
}
