package wikipipe

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/wikipipe/wikipipe/config"
	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/internal/sortdir"
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
func checkInputs(inputs []config.Input) error {
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
func eachInput(inputs []config.Input, yield func(config.Input) error) error {
	// A file named twice is read once; one input alone cannot name a file
	// twice, so the common case keeps no set.
	var seen pathSet
	if len(inputs) > 1 {
		seen = pathSet{}
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
		return yield(config.Input{Path: path, Format: format})
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
// folders left out) in lexical order, as filepath.WalkDir would. sortdir
// sorts a folder's names in bounded memory, however many articles it holds.
func walkDir(dir string, fn func(string) error) error {
	return sortdir.Walk(dir, isInput, func(name string, isDir bool) error {
		p := filepath.Join(dir, name)
		if isDir {
			return walkDir(p, fn)
		}
		return fn(p)
	})
}

// isInput reports whether walkDir visits a folder entry: a folder that is
// not hidden, or a file with an input extension.
func isInput(name string, isDir bool) bool {
	if isDir {
		return !strings.HasPrefix(name, ".")
	}
	return inputExtensions[strings.ToLower(filepath.Ext(name))]
}

// pathSet holds paths by a 128-bit digest, so that it costs a few dozen bytes
// per file whatever the length of the paths.
type pathSet map[[16]byte]struct{}

func pathKey(path string) [16]byte {
	sum := sha256.Sum256([]byte(path))
	return [16]byte(sum[:16])
}

func (s pathSet) has(path string) bool { _, ok := s[pathKey(path)]; return ok }
func (s pathSet) add(path string)      { s[pathKey(path)] = struct{}{} }

// unwrapPathError drops the path that the caller names already.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
