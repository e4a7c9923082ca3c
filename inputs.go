package wikipipe

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/wikipipe/wikipipe/extract"
)

// inputExtensions are the file endings a directory input is searched for.
var inputExtensions = map[string]bool{
	".txt": true, ".wiki": true, ".wikitext": true, ".mediawiki": true,
	".html": true, ".htm": true, ".xml": true, ".bz2": true, ".gz": true,
}

// errNoInputs fails a run whose inputs name no file.
var errNoInputs = errors.New("no inputs: name files, globs or directories in pipeline.yaml or on the command line")

// checkInputs checks, before a run starts, that every input exists: a file,
// a directory, a glob that matches, or "-".
func checkInputs(inputs []Input) error {
	if len(inputs) == 0 {
		return errNoInputs
	}
	for _, in := range inputs {
		if in.Path == "-" {
			continue
		}
		matches, err := filepath.Glob(in.Path)
		if err != nil {
			return fmt.Errorf("input %q: %w", in.Path, err)
		}
		if matches != nil {
			continue
		}
		if _, err := os.Stat(in.Path); err != nil {
			return fmt.Errorf("input %q: %w", in.Path, unwrapPathError(err))
		}
	}
	return nil
}

// eachInput calls yield for every input file in a stable order: the order of
// the inputs, and within a glob or directory (searched recursively, by
// extension), by path. A file named twice is read once. Directories are
// walked as yield goes, so a run keeps no list of its files.
func eachInput(inputs []Input, yield func(Input) error) error {
	// A file named twice is read once; one input alone cannot name a file
	// twice, so the common case keeps no set.
	var seen idSet
	if len(inputs) > 1 {
		seen = idSet{}
	}
	n := 0
	add := func(path string, format extract.Dialect) error {
		if seen != nil {
			if seen.has(path) {
				return nil
			}
			seen.add(path)
		}
		n++
		return yield(Input{Path: path, Format: format})
	}
	for _, in := range inputs {
		if in.Path == "-" {
			if err := add("-", in.Format); err != nil {
				return err
			}
			continue
		}
		matches, err := filepath.Glob(in.Path)
		if err != nil {
			return fmt.Errorf("input %q: %w", in.Path, err)
		}
		if matches == nil {
			matches = []string{in.Path} // not a glob: a file or folder, or an error below
		}
		sort.Strings(matches)
		for _, m := range matches {
			if err := walkInput(m, func(p string) error { return add(p, in.Format) }); err != nil {
				return err
			}
		}
	}
	if n == 0 {
		return errNoInputs
	}
	return nil
}

// walkInput calls fn for path itself if it is a file, or for the input files
// below it, in lexical order, if it is a directory.
func walkInput(path string, fn func(string) error) error {
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("input %q: %w", path, unwrapPathError(err))
	}
	if !info.IsDir() {
		return fn(path)
	}
	return walkDir(path, fn)
}

// dirEntry is what walkDir keeps of an entry: a folder of 200,000 articles
// costs a few MB, where os.DirEntry values would cost several times that.
type dirEntry struct {
	name  string
	isDir bool
}

// walkDir calls fn for the input files below dir (by extension; hidden
// folders left out) in lexical order, as filepath.WalkDir would.
func walkDir(dir string, fn func(string) error) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	var entries []dirEntry
	for {
		batch, err := f.ReadDir(1024)
		for _, e := range batch {
			switch {
			case e.IsDir() && !strings.HasPrefix(e.Name(), "."):
				entries = append(entries, dirEntry{e.Name(), true})
			case !e.IsDir() && inputExtensions[strings.ToLower(filepath.Ext(e.Name()))]:
				entries = append(entries, dirEntry{e.Name(), false})
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			f.Close()
			return err
		}
	}
	f.Close()
	sort.Slice(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	for _, e := range entries {
		p := filepath.Join(dir, e.name)
		if e.isDir {
			err = walkDir(p, fn)
		} else {
			err = fn(p)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// unwrapPathError drops the path that the caller names already.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
