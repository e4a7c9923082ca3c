// Package inputs lists and opens the input files of a run: files, globs,
// folders searched recursively by extension, and "-" for standard input, in
// a stable order, each file once, without keeping a list of them.
package inputs

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/internal/sortdir"
)

// Input names input files (a file, a glob, a folder, or "-"), the dialect
// they are read in, and the wiki and title of articles they do not name
// (extract.Options.Wiki and Title).
type Input struct {
	Path   string
	Format extract.Dialect
	Wiki   string
	Title  string
}

// Stdin is the path that names standard input.
const Stdin = "-"

// extensions are the file endings a folder is searched for.
var extensions = map[string]bool{
	".txt": true, ".wiki": true, ".wikitext": true, ".mediawiki": true,
	".html": true, ".htm": true, ".xml": true, ".bz2": true, ".gz": true,
}

// ErrNone fails a run whose inputs name no file.
var ErrNone = errors.New("no inputs: name files, globs or directories in pipeline.yaml or on the command line")

// Check checks, before a run starts, that every input exists: a file, a
// folder, a glob that matches, or "-".
func Check(inputs []Input) error {
	if len(inputs) == 0 {
		return ErrNone
	}
	for _, in := range inputs {
		if in.Path == Stdin {
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

// Each calls yield for every input file in a stable order: the order of the
// inputs, and within a glob or folder (searched recursively, by extension),
// by path. A file named twice is read once. Folders are walked as yield
// goes, so that no list of the files is kept. An error from yield stops the
// walk and is returned as it is.
func Each(inputs []Input, yield func(Input) error) error {
	// One input alone cannot name a file twice, so the common case keeps no set.
	var seen pathSet
	if len(inputs) > 1 {
		seen = pathSet{}
	}
	n := 0
	add := func(path string, in Input) error {
		if seen != nil {
			if seen.has(path) {
				return nil
			}
			seen.add(path)
		}
		n++
		in.Path = path
		return yield(in)
	}
	for _, in := range inputs {
		if err := each(in, add); err != nil {
			return err
		}
	}
	if n == 0 {
		return ErrNone
	}
	return nil
}

// each calls add for the files one input names.
func each(in Input, add func(string, Input) error) error {
	if in.Path == Stdin {
		return add(Stdin, in)
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
		if err := walk(m, func(p string) error { return add(p, in) }); err != nil {
			return err
		}
	}
	return nil
}

// walk calls fn for path itself if it is a file, or for the input files
// below it, in lexical order, if it is a folder.
func walk(path string, fn func(string) error) error {
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
	return extensions[strings.ToLower(filepath.Ext(name))]
}

// TotalSize adds up the sizes of the input files, for a progress bar; -1 if
// standard input is one, whose size is not known.
func TotalSize(inputs []Input) int64 {
	var total int64
	errStdin := errors.New("stdin")
	err := Each(inputs, func(in Input) error {
		if in.Path == Stdin {
			return errStdin
		}
		if info, err := os.Stat(in.Path); err == nil {
			total += info.Size()
		}
		return nil
	})
	if errors.Is(err, errStdin) {
		return -1
	}
	return total
}

// Open opens one input file that Each gave, or stdin for "-"; closing what
// it returns closes the file (never stdin).
func Open(path string, stdin io.Reader) (io.ReadCloser, error) {
	if path == Stdin {
		return io.NopCloser(stdin), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	return f, nil
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
