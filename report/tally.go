package report

import (
	"bufio"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/export"
	"github.com/wikipipe/wikipipe/internal/spill"
	"github.com/wikipipe/wikipipe/transform"
)

// Tally is what a run's stages record in its report: the sequencer its
// articles, inputs and their diagnostics, the writers their warnings and
// times. The lists that grow with the articles are spilled to temporary
// files. Every method takes the lock.
type Tally struct {
	mu                  sync.Mutex
	rep                 *Report
	inputs, diagnostics *spill.List
	onDiagnostic        func(diag.Diagnostic) // Options.Diagnostic, or nil
	allow               []diag.Code           // the codes of warnings a strict run allows
	refused             map[diag.Code]int     // the other warnings, counted by code
}

// NewTally records into rep. onDiagnostic (Options.Diagnostic, or nil)
// receives every diagnostic as it is noted; allow lists the codes of the
// warnings a strict run lets pass.
func NewTally(rep *Report, onDiagnostic func(diag.Diagnostic), allow []diag.Code) (*Tally, error) {
	inputs, err := spill.New()
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	diagnostics, err := spill.New()
	if err != nil {
		inputs.Close()
		return nil, fmt.Errorf("report: %w", err)
	}
	return &Tally{rep: rep, inputs: inputs, diagnostics: diagnostics, onDiagnostic: onDiagnostic,
		allow: allow, refused: map[diag.Code]int{}}, nil
}

// Close removes the spilled lists.
func (t *Tally) Close() {
	t.inputs.Close()
	t.diagnostics.Close()
}

// Note records one diagnostic.
func (t *Tally) Note(d diag.Diagnostic) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.noteLocked(d)
}

// Article records one article: its diagnostics, together, and its rows.
func (t *Tally) Article(a *transform.Article) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, d := range a.Doc.Diagnostics {
		t.noteLocked(d)
	}
	for _, d := range a.Diagnostics {
		t.noteLocked(d)
	}
	for i, rows := range a.Rows {
		t.rep.Datasets[i].Rows += int64(len(rows))
	}
	t.rep.Articles++
}

// Input records one input, after its articles.
func (t *Tally) Input(in Input) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.inputs.Add(in)
	t.rep.Pages.Documents += in.Documents
	t.rep.Pages.Redirects += in.Redirects
	t.rep.Pages.Skipped += in.Skipped
}

// ExportTime records the time one format's writer spent.
func (t *Tally) ExportTime(f export.Format, spent time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rep.Timings.Export[string(f)] = Seconds(spent)
}

// WorkTimes records the time the workers spent extracting and transforming.
func (t *Tally) WorkTimes(extract, transform time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rep.Timings.Extract, t.rep.Timings.Transform = Seconds(extract), Seconds(transform)
}

// StrictError is the error of a strict run that met warnings it does not
// allow, or nil.
func (t *Tally) StrictError() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.refused) == 0 {
		return nil
	}
	return &StrictError{Counts: maps.Clone(t.refused)}
}

// noteLocked records a diagnostic under the lock that t's methods took.
func (t *Tally) noteLocked(d diag.Diagnostic) {
	t.diagnostics.Add(d)
	if d.Severity == diag.Error {
		t.rep.Errors++
	} else {
		t.rep.Warnings++
		if !slices.Contains(t.allow, d.Code) {
			t.refused[d.Code]++
		}
	}
	if t.onDiagnostic != nil {
		t.onDiagnostic(d)
	}
}

// Write stages out/report.json, the spilled lists streamed into their places.
func (t *Tally) Write(out *export.Output) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	f, err := out.Create("report.json")
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	err = spill.WriteObject(w, t.rep.fields(t.inputs, t.diagnostics))
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		f.Close()
		return fmt.Errorf("report: %w", err)
	}
	return f.Close()
}
