// Package report holds what a run did, written as out/report.json, and the
// Tally its stages record it through: one lock, the lists that grow with
// the articles spilled to temporary files.
package report

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/wikipipe/wikipipe/config"
	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/export"
	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/internal/english"
	"github.com/wikipipe/wikipipe/internal/spill"
)

// ErrStrict fails a run that met warnings under --strict; the error Run
// returns is a *StrictError that matches it.
var ErrStrict = errors.New("warnings are errors under --strict: nothing was written")

// Report is what a run did, written as out/report.json. Everything but
// Timings is the same from run to run on the same inputs, at any worker count.
//
// Inputs and Diagnostics grow with the articles, so Run keeps them out of
// memory: they are in report.json, and Options.Diagnostic receives every
// diagnostic as it comes; the Report that Run returns leaves them empty.
type Report struct {
	Tool        string            `json:"tool"`
	Config      Config            `json:"config"`
	Output      string            `json:"output"`
	Formats     []export.Format   `json:"formats"`
	Inputs      []Input           `json:"inputs"`
	Pages       extract.Stats     `json:"pages"` // the sum of the inputs' counts
	Articles    int               `json:"articles"`
	Datasets    []Dataset         `json:"datasets"`
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

// Config identifies the pipeline.yaml of a run.
type Config struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// Input describes one input file, or one page fetched from a wiki
// (Path is then its URL).
type Input struct {
	Path    string          `json:"path"`
	Dialect extract.Dialect `json:"dialect"`
	Bytes   int64           `json:"bytes"`
	SHA256  string          `json:"sha256"`
	Page    *Page           `json:"page,omitempty"` // of a page fetched from a wiki
	extract.Stats
}

// Page identifies a page fetched from a wiki, at the revision read.
type Page struct {
	Wiki  string `json:"wiki"`
	Title string `json:"title"`
	// Requested is the title the inputs named, when the wiki normalised it
	// or redirected it to Title.
	Requested string `json:"requested_title,omitempty"`
	PageID    int64  `json:"page_id"`
	Revision  int64  `json:"revision_id"`
}

// Dataset counts the rows of one dataset.
type Dataset struct {
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

// Seconds is d in seconds, to the microsecond, as the timings hold them.
func Seconds(d time.Duration) float64 {
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

// New is the report of a run of cfg by tool ("wikipipe 0.1.0") before it
// starts.
func New(tool string, cfg *config.Config) *Report {
	return &Report{
		Tool:    tool,
		Config:  Config{Path: cfg.Path, SHA256: cfg.Digest},
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
