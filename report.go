package wikipipe

import (
	"bufio"
	"fmt"
	"sync"
	"time"

	"github.com/wikipipe/wikipipe/config"
	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/export"
	"github.com/wikipipe/wikipipe/extract"
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
	Articles    int               `json:"articles"`
	Datasets    []ReportDataset   `json:"datasets"`
	Warnings    int               `json:"warnings"`
	Errors      int               `json:"errors"`
	Diagnostics []diag.Diagnostic `json:"diagnostics"`
	Timings     Timings           `json:"timings"`
}

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

// Summary is the one line a run ends with:
// "12 articles, 7 datasets, 1,304 rows, 2 warnings in 0.41s → out/".
func (r *Report) Summary() string {
	return fmt.Sprintf("%s %s, %s %s, %s %s, %s %s in %.2fs → %s/",
		thousands(int64(r.Articles)), plural(r.Articles, "article"),
		thousands(int64(len(r.Datasets))), plural(len(r.Datasets), "dataset"),
		thousands(r.Rows()), plural(int(r.Rows()), "row"),
		thousands(int64(r.Warnings)), plural(r.Warnings, "warning"),
		r.Timings.Total, r.Output)
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// thousands formats n with comma separators: 1304 → "1,304".
func thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
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
}

func newTally(rep *Report, onDiagnostic func(diag.Diagnostic)) (*tally, error) {
	inputs, err := spill.New()
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	diagnostics, err := spill.New()
	if err != nil {
		inputs.Close()
		return nil, fmt.Errorf("report: %w", err)
	}
	return &tally{rep: rep, inputs: inputs, diagnostics: diagnostics, onDiagnostic: onDiagnostic}, nil
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

// warnings is the number of warnings so far.
func (t *tally) warnings() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.rep.Warnings
}

// noteLocked records a diagnostic under the lock that t's methods took.
func (t *tally) noteLocked(d diag.Diagnostic) {
	t.diagnostics.Add(d)
	if d.Severity == diag.Error {
		t.rep.Errors++
	} else {
		t.rep.Warnings++
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
