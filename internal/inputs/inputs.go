// Package inputs lists and opens the input files of a run: files, globs,
// folders searched recursively by extension, and "-" for standard input, in
// a stable order, each file once, without keeping a list of them. Only
// regular files are read from folders and globs; a FIFO or device named
// explicitly is read as a stream, whose waits honour cancellation.
package inputs

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/wikipipe/wikipipe/diag"
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
	// Pages are the titles read of a dump (titles: on a dump input); none
	// for every page.
	Pages []string
	// Special is set by Each for a file found in a folder or by a glob that
	// is not a regular file: what it is ("a FIFO"). It is not read: Skipped
	// is its warning.
	Special string
}

// Skipped is the warning of an input that Each found but that is not read.
func (in Input) Skipped() diag.Diagnostic {
	return diag.Diagnostic{File: in.Path, Stage: diag.Read, Severity: diag.Warning, Code: diag.SpecialFile,
		Message: "skipped: " + in.Special + " is not a regular file (only regular files are read from folders and globs; name it to read it as a stream)"}
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
	add := func(in Input) error {
		if seen != nil {
			if seen.has(in.Path) {
				return nil
			}
			seen.add(in.Path)
		}
		n++
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
func each(in Input, add func(Input) error) error {
	if in.Path == Stdin {
		return add(in)
	}
	matches, err := filepath.Glob(in.Path)
	if err != nil {
		return fmt.Errorf("input %q: %w", in.Path, err)
	}
	if matches == nil {
		matches = []string{in.Path} // not a glob: a file or folder, or an error below
	}
	sort.Strings(matches)
	named := !strings.ContainsAny(in.Path, `*?[\`) // not a glob: the path itself
	for _, m := range matches {
		err := walk(m, named, func(p, special string) error {
			found := in
			found.Path, found.Special = p, special
			return add(found)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// walk calls fn for path itself if it is a file, or for the input files
// below it, in lexical order, if it is a folder. special says what a file
// that is not regular is, unless it was named.
func walk(path string, named bool, fn func(path, special string) error) error {
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("input %q: %w", path, unwrapPathError(err))
	}
	if info.IsDir() {
		return walkDir(path, fn)
	}
	if named {
		return fn(path, "")
	}
	return fn(path, special(info.Mode()))
}

// walkDir calls fn for the input files below dir (by extension; hidden
// folders left out) in lexical order, as filepath.WalkDir would. sortdir
// sorts a folder's names in bounded memory, however many articles it holds.
func walkDir(dir string, fn func(path, special string) error) error {
	return sortdir.Walk(dir, isInput, func(name string, isDir bool) error {
		p := filepath.Join(dir, name)
		if isDir {
			return walkDir(p, fn)
		}
		info, err := os.Stat(p) // through a link, as reading would
		if err != nil {
			return fmt.Errorf("input %q: %w", p, unwrapPathError(err))
		}
		return fn(p, special(info.Mode()))
	})
}

// special names what a file of mode m is if it is not a regular file, "" if
// it is: reading a FIFO or a device found in a folder could wait for ever.
func special(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
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
// it returns closes the file (never stdin). A file that is not regular (a
// FIFO or device named explicitly) is a stream: opening a FIFO waits for a
// writer and reading it for data, and when ctx ends first Open returns
// ctx's error and a Read fails at once.
func Open(ctx context.Context, path string, stdin io.Reader) (io.ReadCloser, error) {
	if path == Stdin {
		return io.NopCloser(stdin), nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	if info.Mode().IsRegular() {
		f, err := os.Open(path)
		if err != nil {
			return nil, unwrapPathError(err)
		}
		return f, nil
	}
	return openStream(ctx, path)
}

// openStream opens a FIFO or device in a goroutine, which open(2) of a
// FIFO without a writer may block for ever, and closes the file when ctx
// ends: the runtime polls FIFOs, so closing wakes a blocked Read.
func openStream(ctx context.Context, path string) (io.ReadCloser, error) {
	type opened struct {
		f   *os.File
		err error
	}
	done := make(chan opened, 1)
	go func() {
		f, err := os.Open(path)
		done <- opened{f, err}
	}()
	select {
	case o := <-done:
		if o.err != nil {
			return nil, unwrapPathError(o.err)
		}
		return &stream{File: o.f, stop: context.AfterFunc(ctx, func() { o.f.Close() })}, nil
	case <-ctx.Done():
		go func() { // the open may still succeed: let the file go
			if o := <-done; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, ctx.Err()
	}
}

// stream is a FIFO or device open until its context ends.
type stream struct {
	*os.File
	stop func() bool
}

func (s *stream) Close() error {
	if !s.stop() {
		return nil // closed when the context ended
	}
	return s.File.Close()
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
