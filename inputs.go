package wikipipe

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
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
// goes: a folder of 200,000 articles costs under 2 MB, where its names as
// strings would cost eight.
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

// dirEntry is where readDirSorted keeps the name of an entry, in one buffer
// for all, until it has sorted them: a string per name would cost twice as
// much.
type dirEntry struct {
	start, end uint32
	isDir      bool
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
	var names []byte
	var entries []dirEntry
	for {
		batch, err := f.ReadDir(1024)
		for _, e := range batch {
			isDir := e.IsDir()
			if isDir && strings.HasPrefix(e.Name(), ".") || !isDir && !inputExtensions[strings.ToLower(filepath.Ext(e.Name()))] {
				continue
			}
			if len(names)+len(e.Name()) > math.MaxUint32 {
				return nil, fmt.Errorf("%s: more than 4 GiB of file names", dir)
			}
			entries = append(entries, dirEntry{uint32(len(names)), uint32(len(names) + len(e.Name())), isDir})
			names = append(names, e.Name()...)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	name := func(e dirEntry) []byte { return names[e.start:e.end] }
	slices.SortFunc(entries, func(a, b dirEntry) int { return bytes.Compare(name(a), name(b)) })
	var out, prev []byte
	for _, e := range entries {
		n := name(e)
		shared := 0
		for shared < len(n) && shared < len(prev) && n[shared] == prev[shared] {
			shared++
		}
		rest := uint64(len(n)-shared) << 1
		if e.isDir {
			rest |= 1
		}
		out = binary.AppendUvarint(out, uint64(shared))
		out = binary.AppendUvarint(out, rest)
		out = append(out, n[shared:]...)
		prev = n
	}
	return out, nil
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
