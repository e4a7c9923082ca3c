package wikipipe

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
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

// walkDir calls fn for the input files below dir (by extension; hidden
// folders left out) in lexical order, as filepath.WalkDir would. A folder's
// entries are read whole, to sort them, and kept front-coded while the run
// goes: a folder of 200,000 articles costs about a megabyte, where its names
// as strings would cost eight.
func walkDir(dir string, fn func(string) error) error {
	entries, err := readDirSorted(dir)
	if err != nil {
		return err
	}
	name := []byte{}
	for len(entries) > 0 {
		shared, n := binary.Uvarint(entries)
		rest, m := binary.Uvarint(entries[n:])
		entries = entries[n+m:]
		name = append(name[:shared], entries[:rest>>1]...)
		entries = entries[rest>>1:]
		p := filepath.Join(dir, string(name))
		if rest&1 == 1 {
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

// dirEntry is what readDirSorted keeps of an entry until it has sorted them.
type dirEntry struct {
	name  string
	isDir bool
}

// readDirSorted returns the entries of dir that walkDir visits, sorted by
// name and front-coded: for each, the length of the prefix it shares with
// the one before, the length of the rest shifted left by one over a folder
// bit, and the rest.
func readDirSorted(dir string) ([]byte, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
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
			return nil, err
		}
	}
	slices.SortFunc(entries, func(a, b dirEntry) int { return strings.Compare(a.name, b.name) })
	var out []byte
	prev := ""
	for _, e := range entries {
		shared := 0
		for shared < len(e.name) && shared < len(prev) && e.name[shared] == prev[shared] {
			shared++
		}
		rest := uint64(len(e.name)-shared) << 1
		if e.isDir {
			rest |= 1
		}
		out = binary.AppendUvarint(out, uint64(shared))
		out = binary.AppendUvarint(out, rest)
		out = append(out, e.name[shared:]...)
		prev = e.name
	}
	return out, nil
}

// unwrapPathError drops the path that the caller names already.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
