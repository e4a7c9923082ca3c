package export

// Staged output. The rules, as the README states them:
//
//   - Every file is written under a hidden temporary name
//     (".<name>.tmp-<random>") in its final folder, so the last step is a
//     rename on one file system. Nothing of the previous run changes before
//     Commit.
//   - Commit closes the staged files and renames them over their final names
//     (each rename is atomic), then tidies the folders the run owns.
//   - A folder staged whole with StageDir (jsonld/, which holds one file per
//     article) replaces the earlier folder at Commit, whatever it held: the
//     run keeps no state per file in it, so memory does not grow with the
//     number of articles.
//   - A folder below the output root in which the run stages a file (csv/,
//     parquet/) is owned by the run: after
//     Commit it holds exactly this run's files of the kinds (extensions) the
//     run writes there. A file an earlier
//     run wrote and this run did not (out/jsonld/<old article>.jsonld, the
//     CSV of a dataset since removed from pipeline.yaml) is removed, so a CI
//     job diffing out/ sees this run and only this run. Files of other kinds
//     (out/csv/NOTES.md) and the files of formats the run does not write
//     (-f csv leaves out/parquet/ alone) are kept. Files in the output root
//     itself (datasets.xlsx, report.json) are only ever replaced by name.
//   - Temporary files a killed earlier run left in the folders the run writes
//     to are removed at Commit too.
//   - Abort (a failed or interrupted run) removes the temporary files and the
//     folders the run created that are left empty; earlier outputs stay as
//     they were.
//   - Files are made readable by everyone (0644): os.CreateTemp's 0600 would
//     hide the outputs from other users.
//
// Commit is a sequence of atomic renames, not one atomic step: if a rename
// fails half-way (a disk removed), the files renamed so far are this run's,
// the rest are removed and Commit returns the error. Two runs writing to the
// same output folder at the same time are not supported.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Output stages the files of one run in the output folder. Writers of
// different formats share it from different goroutines.
type Output struct {
	dir string

	mu      sync.Mutex
	staged  []stagedFile
	dirs    []stagedDir
	finals  map[string]bool            // final paths staged so far
	owned   map[string]map[string]bool // owned folder → extensions written there
	touched map[string]bool            // every folder a file is staged in
	created []string                   // folders Create made, deepest last
}

type stagedFile struct {
	file  *os.File
	final string
}

type stagedDir struct {
	temp, final string
}

// tempMark is in every temporary name, after the hidden final name.
const tempMark = ".tmp-"

// NewOutput prepares the output folder dir.
func NewOutput(dir string) (*Output, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export: output folder: %w", err)
	}
	return &Output{dir: dir, finals: map[string]bool{}, owned: map[string]map[string]bool{}, touched: map[string]bool{}}, nil
}

// Dir is the output folder.
func (o *Output) Dir() string { return o.dir }

// Create stages the file rel (a slash-separated path inside the folder) and
// returns it open for writing. The caller writes it and may close it; Commit
// closes what is still open. Staging one name twice in a run is an error.
func (o *Output) Create(rel string) (*os.File, error) {
	final, err := o.finalPath(rel)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(final)

	o.mu.Lock()
	defer o.mu.Unlock()
	if o.finals[final] {
		return nil, fmt.Errorf("export: %s is written twice in one run", final)
	}
	if err := o.mkdirAll(dir); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(final)+tempMark+"*")
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("export: %w", err)
	}
	o.staged = append(o.staged, stagedFile{file: f, final: final})
	o.finals[final] = true
	o.touched[dir] = true
	if filepath.Clean(dir) != filepath.Clean(o.dir) {
		o.own(dir, filepath.Ext(final))
	}
	return f, nil
}

// StageDir stages the folder rel (a slash-separated path inside the output
// folder) as a whole and returns the temporary folder to fill. At Commit it
// takes the place of rel and of everything an earlier run left there.
func (o *Output) StageDir(rel string) (string, error) {
	final, err := o.finalPath(rel)
	if err != nil {
		return "", err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.finals[final] {
		return "", fmt.Errorf("export: %s is written twice in one run", final)
	}
	if err := o.mkdirAll(filepath.Dir(final)); err != nil {
		return "", err
	}
	temp, err := os.MkdirTemp(filepath.Dir(final), "."+filepath.Base(final)+tempMark+"*")
	if err != nil {
		return "", fmt.Errorf("export: %w", err)
	}
	if err := os.Chmod(temp, 0o755); err != nil {
		os.Remove(temp)
		return "", fmt.Errorf("export: %w", err)
	}
	o.dirs = append(o.dirs, stagedDir{temp: temp, final: final})
	o.finals[final] = true
	return temp, nil
}

// finalPath checks that rel names a path inside the output folder.
func (o *Output) finalPath(rel string) (string, error) {
	if rel == "" || filepath.IsAbs(rel) || strings.HasPrefix(filepath.Clean(filepath.FromSlash(rel)), "..") {
		return "", fmt.Errorf("export: %q is not a file name inside the output folder", rel)
	}
	return filepath.Join(o.dir, filepath.FromSlash(rel)), nil
}

func (o *Output) own(dir, ext string) {
	if o.owned[dir] == nil {
		o.owned[dir] = map[string]bool{}
	}
	o.owned[dir][ext] = true
}

// mkdirAll makes dir and its missing parents, remembering which it made so
// that Abort can take them away again.
func (o *Output) mkdirAll(dir string) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	if parent := filepath.Dir(dir); parent != dir {
		if err := o.mkdirAll(parent); err != nil {
			return err
		}
	}
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("export: %w", err)
	}
	o.created = append(o.created, dir)
	return nil
}

// Commit moves every staged file to its final name, then removes what
// earlier runs left in the folders this run owns (see the rules above).
func (o *Output) Commit() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, s := range o.staged {
		if err := s.file.Close(); err != nil && !errors.Is(err, os.ErrClosed) {
			o.abort()
			return fmt.Errorf("export: commit %s: %w", s.final, err)
		}
	}
	for i, s := range o.staged {
		if err := os.Rename(s.file.Name(), s.final); err != nil {
			o.staged = o.staged[i:]
			o.abort()
			return fmt.Errorf("export: commit %s: %w", s.final, err)
		}
	}
	o.staged = nil
	for i, d := range o.dirs {
		if err := swapDir(d); err != nil {
			o.dirs = o.dirs[i:]
			o.abort()
			return fmt.Errorf("export: commit %s: %w", d.final, err)
		}
	}
	o.dirs = nil
	o.created = nil
	return o.removeStale()
}

// swapDir puts a staged folder in the place of its final one.
func swapDir(d stagedDir) error {
	old := ""
	if _, err := os.Stat(d.final); err == nil {
		old = d.temp + "-old" // in the same parent, hidden, and a temporary name of ours
		if err := os.Rename(d.final, old); err != nil {
			return err
		}
	}
	if err := os.Rename(d.temp, d.final); err != nil {
		if old != "" {
			os.Rename(old, d.final) // put the earlier folder back
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// removeStale removes, in every folder the run wrote to, the files of the
// run's kinds that the run did not write, and leftover temporary files.
func (o *Output) removeStale() error {
	var errs []error
	for dir := range o.touched {
		entries, err := os.ReadDir(dir)
		if errors.Is(err, os.ErrNotExist) {
			continue // owned, but neither this run nor an earlier one wrote there
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("export: tidy %s: %w", dir, err))
			continue
		}
		for _, e := range entries {
			path := filepath.Join(dir, e.Name())
			if e.IsDir() && isTempName(e.Name()) { // a staged folder of a killed run
				if err := os.RemoveAll(path); err != nil {
					errs = append(errs, fmt.Errorf("export: remove stale %s: %w", path, err))
				}
				continue
			}
			if !e.Type().IsRegular() || o.finals[path] {
				continue
			}
			ours := o.owned[dir][filepath.Ext(e.Name())]
			if ours || isTempName(e.Name()) {
				if err := os.Remove(path); err != nil {
					errs = append(errs, fmt.Errorf("export: remove stale %s: %w", path, err))
				}
			}
		}
	}
	return errors.Join(errs...)
}

// isTempName reports whether name has the form of a temporary file of ours.
func isTempName(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, tempMark)
}

// Abort removes every staged file and the folders the run made that are left
// empty; the final files stay as they were.
func (o *Output) Abort() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.abort()
}

func (o *Output) abort() {
	for _, s := range o.staged {
		s.file.Close()           // the writer may have closed it already
		os.Remove(s.file.Name()) // best effort: the run has failed already
	}
	for _, d := range o.dirs {
		os.RemoveAll(d.temp)
	}
	for i := len(o.created) - 1; i >= 0; i-- {
		os.Remove(o.created[i]) // fails, as it should, on a folder not empty
	}
	o.staged = nil
	o.dirs = nil
	o.created = nil
}
