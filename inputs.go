package wikipipe

import (
	"errors"
	"fmt"
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

// resolveInputs expands files, globs and directories (recursively, by
// extension) into a list of files, in a stable order: the order of the
// inputs, and within a glob or directory, sorted by path. "-" stays as is.
func resolveInputs(inputs []Input) ([]Input, error) {
	var out []Input
	seen := map[string]bool{}
	add := func(path string, format extract.Dialect) {
		if !seen[path] {
			seen[path] = true
			out = append(out, Input{Path: path, Format: format})
		}
	}
	for _, in := range inputs {
		if in.Path == "-" {
			add("-", in.Format)
			continue
		}
		matches, err := filepath.Glob(in.Path)
		if err != nil {
			return nil, fmt.Errorf("input %q: %w", in.Path, err)
		}
		if matches == nil {
			if _, err := os.Stat(in.Path); err != nil {
				return nil, fmt.Errorf("input %q: %w", in.Path, unwrapPathError(err))
			}
			matches = []string{in.Path}
		}
		sort.Strings(matches)
		for _, m := range matches {
			files, err := filesUnder(m)
			if err != nil {
				return nil, fmt.Errorf("input %q: %w", in.Path, err)
			}
			for _, f := range files {
				add(f, in.Format)
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no inputs: name files, globs or directories in pipeline.yaml or on the command line")
	}
	return out, nil
}

// filesUnder returns path itself if it is a file, or the input files below it
// if it is a directory.
func filesUnder(path string) ([]string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	if !info.IsDir() {
		return []string{path}, nil
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != path && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if !d.IsDir() && inputExtensions[strings.ToLower(filepath.Ext(p))] {
			files = append(files, p)
		}
		return nil
	})
	return files, err // WalkDir visits in lexical order
}

// unwrapPathError drops the path that the caller names already.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
