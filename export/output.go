package export

import (
	"fmt"
	"os"
	"path/filepath"
)

// Output stages the files of one run in the output folder. Each file is
// written under a hidden temporary name beside its final one; Commit renames
// them all, Abort removes them. Until Commit, earlier outputs stay untouched.
type Output struct {
	dir    string
	staged []stagedFile
}

type stagedFile struct {
	file  *os.File
	final string
}

// NewOutput prepares the output folder dir.
func NewOutput(dir string) (*Output, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export: output folder: %w", err)
	}
	return &Output{dir: dir}, nil
}

// Dir is the output folder.
func (o *Output) Dir() string { return o.dir }

// Create stages the file rel (a slash-separated path inside the folder) and
// returns it open for writing. The caller writes and closes it.
func (o *Output) Create(rel string) (*os.File, error) {
	final := filepath.Join(o.dir, filepath.FromSlash(rel))
	dir := filepath.Dir(final)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(final)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	o.staged = append(o.staged, stagedFile{file: f, final: final})
	return f, nil
}

// Commit moves every staged file to its final name.
func (o *Output) Commit() error {
	for i, s := range o.staged {
		if err := os.Rename(s.file.Name(), s.final); err != nil {
			o.staged = o.staged[i:]
			o.Abort()
			return fmt.Errorf("export: commit %s: %w", s.final, err)
		}
	}
	o.staged = nil
	return nil
}

// Abort removes every staged file; the final files stay as they were.
func (o *Output) Abort() {
	for _, s := range o.staged {
		s.file.Close()           // the writer may have closed it already
		os.Remove(s.file.Name()) // best effort: the run has failed already
	}
	o.staged = nil
}
