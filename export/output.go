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
//   - Temporary files a killed earlier run left in the output root and the
//     folders directly in it are removed when the folder is next opened
//     (NewOutput, Recover).
//   - Abort (a failed or interrupted run) removes the temporary files, the
//     marker if the run made it, and the folders the run created that are
//     left empty; earlier outputs stay as they were.
//   - Files are made readable by everyone (0644): os.CreateTemp's 0600 would
//     hide the outputs from other users.
//
// Around those rules:
//
//   - The folder is locked (lock.go) from NewOutput to Commit or Abort: a
//     second run into it fails at once with a *LockedError and touches
//     nothing.
//   - Commit is atomic for readers that wait out a crash: it writes a journal
//     of every rename and removal before the first rename
//     (output_journal.go), and the next opening of the folder finishes it.
//   - The folder is confined (output_confine.go): NewOutput refuses the root
//     and the home folder, and a folder that is not empty and has no marker
//     of an earlier run unless Force is set; a run never writes or removes
//     through a symbolic link inside the folder.
//
// Every run leaves the marker .wikipipe in the folder.

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// OutputOptions are the choices of NewOutput.
type OutputOptions struct {
	// Force lets a run own an existing folder that is not empty and has no
	// marker of an earlier run (the CLI's --force).
	Force bool
}

// Output stages the files of one run in the output folder. Writers of
// different formats share it from different goroutines.
type Output struct {
	dir       string
	recovered string

	mu      sync.Mutex
	lock    *folderLock // nil once Commit or Abort has ended the run
	staged  []stagedFile
	dirs    []stagedDir
	finals  map[string]bool            // final paths staged so far
	owned   map[string]map[string]bool // owned folder → extensions written there
	touched map[string]bool            // every folder a file is staged in
	created []string                   // folders the run made, deepest last
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

// NewOutput opens the output folder dir for one run, making it if needed:
// it refuses the folders CheckOutputDir refuses (without a configuration
// folder) and folders of someone else's unless opts.Force, locks the folder,
// and recovers what a killed run left (see Recovered). Every error that is a
// refusal matches ErrRefused. The run ends with Commit or Abort, which
// release the lock.
func NewOutput(dir string, opts OutputOptions) (*Output, error) {
	if err := CheckOutputDir(dir, ""); err != nil {
		return nil, fmt.Errorf("%s: export: %w", dir, err)
	}
	o := &Output{dir: dir, finals: map[string]bool{}, owned: map[string]map[string]bool{}, touched: map[string]bool{}}
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		err = o.mkdirRoot()
	case err == nil && !fi.IsDir():
		err = fmt.Errorf("%s: export: the output folder is a file", dir)
	case err == nil && !opts.Force:
		err = checkForeign(dir)
	}
	if err == nil {
		o.lock, err = lockFolder(dir, true)
	}
	if err == nil {
		o.recovered, err = recoverLocked(dir)
	}
	if err != nil {
		o.abort()
		return nil, err
	}
	return o, nil
}

// mkdirRoot makes the output folder and its missing parents, remembering
// them for Abort.
func (o *Output) mkdirRoot() error {
	var missing []string
	for p := filepath.Clean(o.dir); ; p = filepath.Dir(p) {
		_, err := os.Stat(p)
		if err == nil {
			break
		}
		if !errors.Is(err, os.ErrNotExist) || filepath.Dir(p) == p {
			return fmt.Errorf("%s: export: %w", o.dir, err)
		}
		missing = append(missing, p)
	}
	for _, p := range slices.Backward(missing) {
		if err := os.Mkdir(p, 0o755); err != nil {
			if errors.Is(err, os.ErrExist) {
				continue // another run made it at the same time
			}
			return fmt.Errorf("%s: export: %w", o.dir, err)
		}
		o.created = append(o.created, p)
	}
	return nil
}

// Dir is the output folder.
func (o *Output) Dir() string { return o.dir }

// Recovered says what NewOutput did to finish or roll back the commit of a
// killed run, in lines the caller prints; "" if there was nothing to do.
func (o *Output) Recovered() string { return o.recovered }

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
	if err := o.stageable(final); err != nil {
		return nil, err
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
// takes the place of rel and of everything an earlier run left there. A
// symbolic link in the place of rel is refused, not replaced.
func (o *Output) StageDir(rel string) (string, error) {
	final, err := o.finalPath(rel)
	if err != nil {
		return "", err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if err := o.stageable(final); err != nil {
		return "", err
	}
	if err := o.mkdirAll(filepath.Dir(final)); err != nil {
		return "", err
	}
	if err := realDir(o.dir, filepath.FromSlash(rel)); err != nil {
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

// stageable checks that the run is open and final not staged yet.
func (o *Output) stageable(final string) error {
	if o.lock == nil {
		return fmt.Errorf("%s: export: the run has ended (committed or aborted)", o.dir)
	}
	if o.finals[final] {
		return fmt.Errorf("export: %s is written twice in one run", final)
	}
	return nil
}

// finalPath checks that rel names a path inside the output folder.
func (o *Output) finalPath(rel string) (string, error) {
	if rel == "" || !filepath.IsLocal(filepath.FromSlash(rel)) {
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

// mkdirAll makes dir, a folder inside the output folder, and its missing
// parents, remembering which it made so that Abort can take them away again.
// A symbolic link on the way is refused: the run would write, and later
// remove files, in a folder outside.
func (o *Output) mkdirAll(dir string) error {
	rel, err := filepath.Rel(o.dir, dir)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := realDir(o.dir, rel); err != nil {
		return err
	}
	cur := o.dir
	for part := range strings.SplitSeq(rel, string(filepath.Separator)) {
		if part == "." {
			continue
		}
		cur = filepath.Join(cur, part)
		if err := os.Mkdir(cur, 0o755); err == nil {
			o.created = append(o.created, cur)
		} else if !errors.Is(err, os.ErrExist) {
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}

// Commit moves every staged file to its final name and removes what earlier
// runs left in the folders this run owns (see the rules above), through the
// journal: once the journal is written, an error leaves the rest of the
// commit to the next opening of the folder, and Abort does not undo it.
func (o *Output) Commit() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.lock == nil {
		return fmt.Errorf("%s: export: the run has ended (committed or aborted)", o.dir)
	}
	for _, s := range o.staged {
		if err := s.file.Close(); err != nil && !errors.Is(err, os.ErrClosed) {
			o.abort()
			return fmt.Errorf("export: commit %s: %w", s.final, err)
		}
	}
	j, err := o.plan()
	if err != nil {
		o.abort()
		return err
	}
	if err := o.syncStaged(); err != nil {
		o.abort()
		return fmt.Errorf("%s: export: commit: %w", o.dir, err)
	}
	step()
	if err := writeJournal(o.dir, j); err != nil {
		o.abort()
		return fmt.Errorf("%s: export: commit: writing the journal: %w", o.dir, err)
	}
	// The journal owns the staged files now.
	o.staged, o.dirs, o.created = nil, nil, nil
	err = j.apply(o.dir)
	if err != nil {
		err = fmt.Errorf("%s: export: commit: %w; the next wikipipe command on the folder finishes it", o.dir, err)
	}
	err = errors.Join(err, o.lock.release(false))
	o.lock = nil
	return err
}

// syncStaged makes the staged files durable before the journal names them:
// an fsync of each when no folder is staged whole (a file per dataset and
// format), one sync(2) of everything when one is (jsonld/ holds a file per
// article). sync(2) also waits for every other process's writes on the
// machine, which on a busy one takes far longer than the run's own files.
func (o *Output) syncStaged() error {
	if len(o.dirs) > 0 {
		syncData()
		return nil
	}
	for _, s := range o.staged {
		if err := syncPath(s.file.Name()); err != nil {
			return err
		}
	}
	return nil
}

// plan lists the steps of the commit: the staged files and folders to move
// into place, and the files of the run's kinds that earlier runs left in the
// folders it owns.
func (o *Output) plan() (*journal, error) {
	rel := func(p string) string {
		r, _ := filepath.Rel(o.dir, p) // every path here is inside o.dir
		return filepath.ToSlash(r)
	}
	j := &journal{PID: os.Getpid(), Renames: []journalRename{}, Dirs: []journalDir{}, Remove: []string{}}
	for _, s := range o.staged {
		j.Renames = append(j.Renames, journalRename{From: rel(s.file.Name()), To: rel(s.final)})
	}
	for _, d := range o.dirs {
		// In the same parent, hidden, and a temporary name of ours.
		j.Dirs = append(j.Dirs, journalDir{Temp: rel(d.temp), Final: rel(d.final), Old: rel(d.temp + "-old")})
	}
	for _, dir := range slices.Sorted(maps.Keys(o.touched)) {
		if err := realDir(o.dir, rel(dir)); err != nil {
			return nil, err
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("export: tidy %s: %w", dir, err)
		}
		for _, e := range entries {
			path := filepath.Join(dir, e.Name())
			if e.Type().IsRegular() && !isTempName(e.Name()) && !o.finals[path] && o.owned[dir][filepath.Ext(e.Name())] {
				j.Remove = append(j.Remove, rel(path))
			}
		}
	}
	return j, nil
}

// isTempName reports whether name has the form of a temporary file of ours.
func isTempName(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, tempMark)
}

// Abort removes every staged file, the marker if this run made it, and the
// folders the run made that are left empty; the final files stay as they
// were. After Commit it does nothing, so callers may defer it.
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
	if o.lock != nil {
		o.lock.release(true) // best effort, as above
		o.lock = nil
	}
	for i := len(o.created) - 1; i >= 0; i-- {
		os.Remove(o.created[i]) // fails, as it should, on a folder not empty
	}
	o.staged = nil
	o.dirs = nil
	o.created = nil
}
