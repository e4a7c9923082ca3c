package wikipipe

import (
	"bufio"
	"fmt"
	"time"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/export"
	"github.com/wikipipe/wikipipe/extract"
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

// ReportInput describes one input file.
type ReportInput struct {
	Path    string          `json:"path"`
	Dialect extract.Dialect `json:"dialect"`
	Bytes   int64           `json:"bytes"`
	SHA256  string          `json:"sha256"`
	extract.Stats
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

// write stages out/report.json, with the lists spilled during the run.
func (r *Report) write(out *export.Output, inputs, diagnostics *spillList) error {
	f, err := out.Create("report.json")
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	err = writeReport(w, r, inputs, diagnostics)
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		f.Close()
		return fmt.Errorf("report: %w", err)
	}
	return f.Close()
}
