package wikipipe

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/wikipipe/wikipipe/diag"
)

// spillList holds one of the report's lists that grow with the articles (the
// inputs, the diagnostics) in a temporary file, each element as it will stand
// in report.json, so that a run's memory does not grow with them.
type spillList struct {
	f *os.File
	w *bufio.Writer
	n int
}

func newSpillList() (*spillList, error) {
	f, err := os.CreateTemp("", "wikipipe-report-*")
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	os.Remove(f.Name()) // unlinked: the file goes when it is closed, whatever happens
	return &spillList{f: f, w: bufio.NewWriter(f)}, nil
}

// add appends v, indented as an element of a top-level list of report.json.
func (s *spillList) add(v any) error {
	b, err := json.MarshalIndent(v, "    ", "  ")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if s.n > 0 {
		s.w.WriteString(",\n")
	}
	s.w.WriteString("    ")
	_, err = s.w.Write(b)
	s.n++
	return err
}

// list writes the whole list as the value of a top-level key: "[]" or
// "[\n    …\n  ]".
func (s *spillList) list(w io.Writer) error {
	if s.n == 0 {
		_, err := io.WriteString(w, "[]")
		return err
	}
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	io.WriteString(w, "[\n")
	if _, err := io.Copy(w, s.f); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	_, err := io.WriteString(w, "\n  ]")
	return err
}

func (s *spillList) close() { s.f.Close() }

// writeReport writes r as indented JSON with the spilled lists in place of
// its empty Inputs and Diagnostics.
func writeReport(w io.Writer, r *Report, inputs, diagnostics *spillList) error {
	r.Inputs, r.Diagnostics = []ReportInput{}, []diag.Diagnostic{}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	b = append(b, '\n')
	for _, part := range []struct {
		key  []byte
		list *spillList
	}{
		{[]byte("\n  \"inputs\": []"), inputs},
		{[]byte("\n  \"diagnostics\": []"), diagnostics},
	} {
		before, after, ok := bytes.Cut(b, part.key)
		if !ok {
			return fmt.Errorf("report: no %s in the report", part.key)
		}
		w.Write(before)
		w.Write(part.key[:len(part.key)-2])
		if err := part.list.list(w); err != nil {
			return err
		}
		b = after
	}
	_, err = w.Write(b)
	return err
}
