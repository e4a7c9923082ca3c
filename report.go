package wikipipe

import (
	"bufio"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/wikipipe/wikipipe/config"
	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/export"
	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/internal/english"
	"github.com/wikipipe/wikipipe/internal/spill"
	"github.com/wikipipe/wikipipe/transform"
)

// Report is what a run did, written as out/report.json. Everything but
// Timings is the same from run to run on the same inputs, at any worker count.
//
// Inputs and Diagnostics grow with the articles, so Run keeps them out of
// memory: they are in report.json, and Options.Diagnostic receives every
// diagnostic as it comes; the Report that Run returns leaves them empty.
type Report struct {
	Tool        string            `json:"tool"`
	Config      ReportConfig      `json:"config"`
	Output      string            `json:"output"`
	Formats     []export.Format   `json:"formats"`
	Inputs      []ReportInput     `json:"inputs"`
	Pages       extract.Stats     `json:"pages"` // the sum of the inputs' counts
	Articles    int               `json:"articles"`
	Datasets    []ReportDataset   `json:"datasets"`
	Warnings    int               `json:"warnings"`
	Errors      int               `json:"errors"`
	Diagnostics []diag.Diagnostic `json:"diagnostics"`
	Timings     Timings           `json:"timings"`
}

// StrictError counts, by code, the warnings that failed a strict run.
type StrictError struct{ Counts map[diag.Code]int }

func (e *StrictError) Error() string {
	var s []string
	for _, c := range slices.Sorted(maps.Keys(e.Counts)) {
		s = append(s, fmt.Sprintf("%s: %s", c, english.Thousands(int64(e.Counts[c]))))
	}
	return fmt.Sprintf("warnings are errors under --strict (%s; --allow CODE lets a code pass): nothing was written", strings.Join(s, ", "))
}

func (e *StrictError) Is(target error) bool { return target == ErrStrict }

// ReportConfig identifies the pipeline.yaml of a run.
type ReportConfig struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// ReportInput describes one input file, or one page fetched from a wiki
// (Path is then its URL).
type ReportInput struct {
	Path    string          `json:"path"`
	Dialect extract.Dialect `json:"dialect"`
	Bytes   int64           `json:"bytes"`
	SHA256  string          `json:"sha256"`
	Page    *ReportPage     `json:"page,omitempty"` // of a page fetched from a wiki
	extract.Stats
}

// ReportPage identifies a page fetched from a wiki, at the revision read.
type ReportPage struct {
	Wiki  string `json:"wiki"`
	Title string `json:"title"`
	// Requested is the title the inputs named, when the wiki normalised it
	// or redirected it to Title.
	Requested string `json:"requested_title,omitempty"`
	PageID    int64  `json:"page_id"`
	Revision  int64  `json:"revision_id"`
}

// ReportDataset counts the rows of one dataset.
type ReportDataset struct {
	Name string `json:"name"`
	Rows int64  `json:"rows"`
}

// Timings are the seconds spent per stage. Extract and transform add up the
// time of every worker, so with several workers they can exceed Total.
type Timings struct {
	Extract   float64            `json:"extract_s"`
	Transform float64            `json:"transform_s"`
	Export    map[string]float64 `json:"export_s"`
	Total     float64            `json:"total_s"`
}

func seconds(d time.Duration) float64 {
	return float64(d.Round(time.Microsecond)) / float64(time.Second)
}

// Rows is the total number of rows written.
func (r *Report) Rows() int64 {
	var n int64
	for _, d := range r.Datasets {
		n += d.Rows
	}
	return n
}

// Summary is the one line a run ends with: "196 pages read: 68 articles
// written, 120 redirects, 8 skipped (other namespaces); 7 datasets, 1,304
// rows, 2 warnings in 0.41s → out/". Every page read is counted somewhere;
// redirects and skipped pages are named when there are some.
func (r *Report) Summary() string {
	p := r.Pages
	read := english.Count(int64(p.Documents+p.Redirects+p.Skipped), "page") + " read: " +
		english.Count(int64(r.Articles), "article") + " written"
	if p.Redirects > 0 {
		read += ", " + english.Count(int64(p.Redirects), "redirect")
	}
	if p.Skipped > 0 {
		read += ", " + english.Thousands(int64(p.Skipped)) + " skipped (other namespaces)"
	}
	return fmt.Sprintf("%s; %s, %s, %s in %.2fs → %s/", read,
		english.Count(int64(len(r.Datasets)), "dataset"), english.Count(r.Rows(), "row"),
		english.Count(int64(r.Warnings), "warning"), r.Timings.Total, r.Output)
}

// newReport is the report of a run of cfg before it starts.
func newReport(cfg *config.Config) *Report {
	return &Report{
		Tool:    "wikipipe " + Version,
		Config:  ReportConfig{Path: cfg.Path, SHA256: cfg.Digest},
		Output:  cfg.Output,
		Formats: cfg.Formats,
		Timings: Timings{Export: map[string]float64{}},
	}
}

// fields are the members of report.json, in the order of Report's fields,
// with inputs and diagnostics in place of Inputs and Diagnostics.
// TestReportFields holds them to Report's json tags.
func (r *Report) fields(inputs, diagnostics any) []spill.Field {
	return []spill.Field{
		{Key: "tool", Value: r.Tool},
		{Key: "config", Value: r.Config},
		{Key: "output", Value: r.Output},
		{Key: "formats", Value: r.Formats},
		{Key: "inputs", Value: inputs},
		{Key: "pages", Value: r.Pages},
		{Key: "articles", Value: r.Articles},
		{Key: "datasets", Value: r.Datasets},
		{Key: "warnings", Value: r.Warnings},
		{Key: "errors", Value: r.Errors},
		{Key: "diagnostics", Value: diagnostics},
		{Key: "timings", Value: r.Timings},
	}
}

// tally is what a run's stages record in its report: the sequencer its
// articles, inputs and their diagnostics, the writers their warnings and
// times. The lists that grow with the articles are spilled to temporary
// files. Every method takes the lock.
type tally struct {
	mu                  sync.Mutex
	rep                 *Report
	inputs, diagnostics *spill.List
	onDiagnostic        func(diag.Diagnostic) // Options.Diagnostic, or nil
	allow               []diag.Code           // the codes of warnings a strict run allows
	refused             map[diag.Code]int     // the other warnings, counted by code
}

func newTally(rep *Report, onDiagnostic func(diag.Diagnostic), allow []diag.Code) (*tally, error) {
	inputs, err := spill.New()
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	diagnostics, err := spill.New()
	if err != nil {
		inputs.Close()
		return nil, fmt.Errorf("report: %w", err)
	}
	return &tally{rep: rep, inputs: inputs, diagnostics: diagnostics, onDiagnostic: onDiagnostic,
		allow: allow, refused: map[diag.Code]int{}}, nil
}

func (t *tally) close() {
	t.inputs.Close()
	t.diagnostics.Close()
}

// note records one diagnostic.
func (t *tally) note(d diag.Diagnostic) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.noteLocked(d)
}

// article records one article: its diagnostics, together, and its rows.
func (t *tally) article(a *transform.Article) {
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

// input records one input, after its articles.
func (t *tally) input(in ReportInput) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.inputs.Add(in)
	t.rep.Pages.Documents += in.Documents
	t.rep.Pages.Redirects += in.Redirects
	t.rep.Pages.Skipped += in.Skipped
}

// exportTime records the time one format's writer spent.
func (t *tally) exportTime(f export.Format, spent time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rep.Timings.Export[string(f)] = seconds(spent)
}

// workTimes records the time the workers spent extracting and transforming.
func (t *tally) workTimes(extract, transform time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rep.Timings.Extract, t.rep.Timings.Transform = seconds(extract), seconds(transform)
}

// strictError is the error of a strict run that met warnings it does not
// allow, or nil.
func (t *tally) strictError() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.refused) == 0 {
		return nil
	}
	return &StrictError{Counts: maps.Clone(t.refused)}
}

// noteLocked records a diagnostic under the lock that t's methods took.
func (t *tally) noteLocked(d diag.Diagnostic) {
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

// write stages out/report.json, the spilled lists streamed into their places.
func (t *tally) write(out *export.Output) error {
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
