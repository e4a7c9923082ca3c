package export

// The commit journal. Commit first writes out/.wikipipe.journal, the whole
// list of renames and removals, under a temporary name, fsyncs it and
// renames it into place: from that instant the commit is decided and can
// only go forward. Each step of the list can be done again, so a run killed
// at any instant of the commit, or of its recovery, is finished by the next
// opening of the folder. A journal still under its temporary name is a
// commit that never started: recovery removes it with the staged files, and
// the earlier output is as it was.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

const journalName = ".wikipipe.journal"

// journal lists the steps of one commit, with slash paths relative to the
// output folder, so that a folder moved after a crash still recovers.
type journal struct {
	PID     int             `json:"pid"`
	Renames []journalRename `json:"renames"`
	Dirs    []journalDir    `json:"dirs"`
	Remove  []string        `json:"remove"`
}

// journalRename moves a staged file over its final name.
type journalRename struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// journalDir puts a staged folder in the place of its final one; the earlier
// folder goes to Old first and is then removed.
type journalDir struct {
	Temp  string `json:"temp"`
	Final string `json:"final"`
	Old   string `json:"old"`
}

// commitHook, when set (by the crash tests), is called after every step of
// a commit or a recovery that changes the folder.
var commitHook func()

func step() {
	if commitHook != nil {
		commitHook()
	}
}

// writeJournal publishes j in dir: once it returns nil, the commit happens
// even if this process dies.
func writeJournal(dir string, j *journal) error {
	data, err := json.Marshal(j)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, journalName+tempMark+"*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if err1 := f.Close(); err == nil {
		err = err1
	}
	step()
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(dir, journalName))
	}
	if err != nil {
		os.Remove(f.Name())
		return err
	}
	step()
	return syncPath(dir)
}

// readJournal reads the journal of dir, nil if there is none.
func readJournal(dir string) (*journal, error) {
	path := filepath.Join(dir, journalName)
	f, err := openNoFollow(path, os.O_RDONLY)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: export: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 1<<30))
	if err != nil {
		return nil, fmt.Errorf("%s: export: %w", path, err)
	}
	j := &journal{}
	if err := json.Unmarshal(data, j); err != nil {
		return nil, fmt.Errorf("%s: export: the commit journal is damaged (%v): the output folder may mix two runs; remove the journal and run again", path, err)
	}
	return j, nil
}

// apply does the steps of j in dir, skipping those already done, then
// removes the journal. The folders it changed are synced before the journal
// goes, so that a crash never leaves a journal-less folder half committed.
func (j *journal) apply(dir string) error {
	var parents dirSet
	if err := j.redoRenames(dir, &parents); err != nil {
		return err
	}
	if err := j.redoSwaps(dir, &parents); err != nil {
		return err
	}
	if err := j.redoRemovals(dir, &parents); err != nil {
		return err
	}
	if err := parents.sync(); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(dir, journalName)); err != nil {
		return err
	}
	step()
	return nil
}

// redoRenames moves the staged files over their final names.
func (j *journal) redoRenames(dir string, parents *dirSet) error {
	for _, r := range j.Renames {
		ps, err := journalPaths(dir, r.From, r.To)
		if err != nil {
			return err
		}
		if err := redoRename(ps[0], ps[1]); err != nil {
			return err
		}
		parents.add(ps[1])
		step()
	}
	return nil
}

// redoSwaps puts the staged folders in the places of their final ones.
func (j *journal) redoSwaps(dir string, parents *dirSet) error {
	for _, d := range j.Dirs {
		ps, err := journalPaths(dir, d.Temp, d.Final, d.Old)
		if err != nil {
			return err
		}
		if err := redoSwap(ps[0], ps[1], ps[2]); err != nil {
			return err
		}
		parents.add(ps[1])
	}
	return nil
}

// redoRemovals removes the files the commit replaces by nothing. Only
// regular files are removed: a link put there since is foreign.
func (j *journal) redoRemovals(dir string, parents *dirSet) error {
	ps, err := journalPaths(dir, j.Remove...)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if fi, err := os.Lstat(p); err == nil && fi.Mode().IsRegular() {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
			parents.add(p)
			step()
		}
	}
	return nil
}

// journalPaths checks the journal's slash paths rels and joins them to dir:
// each must stay inside dir and reach its place through real folders, not
// links.
func journalPaths(dir string, rels ...string) ([]string, error) {
	ps := make([]string, len(rels))
	for i, rel := range rels {
		p := filepath.FromSlash(rel)
		if !filepath.IsLocal(p) {
			return nil, fmt.Errorf("journal path %q is outside the output folder", rel)
		}
		if err := realDir(dir, filepath.Dir(p)); err != nil {
			return nil, err
		}
		ps[i] = filepath.Join(dir, p)
	}
	return ps, nil
}

// dirSet is the folders a commit changed, in the order first changed, to
// sync each once.
type dirSet struct {
	seen map[string]bool
	list []string
}

// add notes the folder holding p.
func (s *dirSet) add(p string) {
	d := filepath.Dir(p)
	if s.seen[d] {
		return
	}
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	s.seen[d] = true
	s.list = append(s.list, d)
}

// sync syncs each folder, so that the steps done in it are durable.
func (s *dirSet) sync() error {
	for _, d := range s.list {
		if err := syncPath(d); err != nil {
			return err
		}
	}
	return nil
}

// redoRename moves from to to unless that is done already.
func redoRename(from, to string) error {
	if _, err := os.Lstat(from); errors.Is(err, os.ErrNotExist) {
		if _, err := os.Lstat(to); err != nil {
			return fmt.Errorf("journal: neither %s nor its staged file is there: %w", to, err)
		}
		return nil // renamed before the crash
	}
	return os.Rename(from, to)
}

// redoSwap puts the staged folder temp in the place of final, moving the
// earlier final to old and removing it, each step unless done already.
func redoSwap(temp, final, old string) error {
	if _, err := os.Lstat(temp); err == nil {
		if _, err := os.Lstat(final); err == nil {
			// final is the earlier folder: temp is only renamed away from
			// its place, so temp and a new final never both exist.
			if err := os.RemoveAll(old); err != nil {
				return err
			}
			if err := os.Rename(final, old); err != nil {
				return err
			}
			step()
		}
		if err := os.Rename(temp, final); err != nil {
			return err
		}
		step()
	} else if _, err := os.Lstat(final); err != nil {
		return fmt.Errorf("journal: neither %s nor its staged folder is there: %w", final, err)
	}
	if _, err := os.Lstat(old); err == nil {
		if err := os.RemoveAll(old); err != nil {
			return err
		}
		step()
	}
	return nil
}

// recoverLocked finishes or rolls back what a killed run left in dir, whose
// lock the caller holds, and says what it did ("" if nothing).
func recoverLocked(dir string) (string, error) {
	var said []string
	j, err := readJournal(dir)
	if err != nil {
		return "", err
	}
	if j != nil {
		if err := j.apply(dir); err != nil {
			return "", fmt.Errorf("%s: export: finishing the commit of an interrupted run (pid %d): %w", filepath.Join(dir, journalName), j.PID, err)
		}
		said = append(said, fmt.Sprintf("%s: export: finished the commit of an interrupted run (pid %d): the folder holds that run's output", filepath.Join(dir, journalName), j.PID))
	}
	n, unstarted, err := removeLeftovers(dir)
	if err != nil {
		return strings.Join(said, "\n"), err
	}
	switch {
	case unstarted:
		said = append(said, fmt.Sprintf("%s: export: rolled back the commit an interrupted run had not started, and removed its %d temporary files: the earlier output is as it was", dir, n))
	case n > 0:
		said = append(said, fmt.Sprintf("%s: export: removed %d temporary files an interrupted run left", dir, n))
	}
	return strings.Join(said, "\n"), nil
}

// removeLeftovers removes the temporary files and folders of killed runs
// from dir and from the folders directly in it, where runs stage, and
// reports how many it removed and whether one was an unpublished journal.
// Links are foreign and stay; folders are read in batches, so a jsonld/ of
// a million files takes no more memory than a small one.
func removeLeftovers(dir string) (n int, unstarted bool, err error) {
	var errs []error
	var subdirs []string
	visit := func(folder string, top bool) {
		f, err := os.Open(folder)
		if err != nil {
			errs = append(errs, err)
			return
		}
		defer f.Close()
		for {
			entries, err := f.ReadDir(1024)
			for _, e := range entries {
				p := filepath.Join(folder, e.Name())
				switch {
				case !isTempName(e.Name()):
					if top && e.IsDir() {
						subdirs = append(subdirs, p)
					}
				case e.IsDir() || e.Type().IsRegular():
					if err := os.RemoveAll(p); err != nil {
						errs = append(errs, err)
						continue
					}
					n++
					unstarted = unstarted || (top && strings.HasPrefix(e.Name(), journalName+tempMark))
					step()
				}
			}
			if err == io.EOF || len(entries) == 0 {
				return
			}
			if err != nil {
				errs = append(errs, err)
				return
			}
		}
	}
	visit(dir, true)
	slices.Sort(subdirs)
	for _, d := range subdirs {
		visit(d, false)
	}
	if err := errors.Join(errs...); err != nil {
		return n, unstarted, fmt.Errorf("%s: export: removing what an interrupted run left: %w", dir, err)
	}
	return n, unstarted, nil
}

// Recover finishes the commit of a run that was killed in dir, or rolls
// back one that had not started, and removes what killed runs left there;
// it returns what it did, in lines the caller prints ("" if nothing). The
// CLI calls it before anything else on that folder; NewOutput does the same.
// A folder that does not exist, or has no marker, is left alone; one another
// run holds gives a *LockedError and is not touched.
func Recover(dir string) (string, error) {
	if _, err := os.Lstat(filepath.Join(dir, markerName)); err != nil {
		return "", nil
	}
	l, err := lockFolder(dir, false)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil // removed since
	}
	if err != nil {
		return "", err
	}
	said, err := recoverLocked(dir)
	return said, errors.Join(err, l.release(false))
}
