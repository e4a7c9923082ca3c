package export

// Confinement: which folders a run may take as its output, and the refusal
// of symbolic links inside it.

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// ErrRefused matches (errors.Is) every refusal of an output folder: one
// CheckOutputDir refuses, a folder of someone else's (not empty, no marker)
// without Force, a symbolic link inside the folder, a folder another run
// holds (*LockedError). They are mistakes in how the run was asked for.
var ErrRefused = errors.New("output folder refused")

// refusal is an error that matches ErrRefused.
type refusal struct{ msg string }

func (r *refusal) Error() string        { return r.msg }
func (r *refusal) Is(target error) bool { return target == ErrRefused }

func refusef(format string, args ...any) error {
	return &refusal{fmt.Sprintf(format, args...)}
}

// CheckOutputDir refuses output folders a run must never own: the root of
// the file system, the home folder and the folders that hold it, and
// configDir, the folder of pipeline.yaml (skipped if empty). Symbolic links
// and ".." are resolved first, so "out/.." and a link to / are refused too.
// The message names dir but no position: the config layer adds that.
func CheckOutputDir(dir, configDir string) error {
	abs, err := resolve(dir)
	if err != nil {
		return fmt.Errorf("output folder %q: %w", dir, err)
	}
	what := fmt.Sprintf("output folder %q", dir)
	if plain, err := filepath.Abs(dir); err == nil && plain != abs {
		what += " (" + abs + ")" // a link or ".." led elsewhere: say where
	}
	if filepath.Dir(abs) == abs {
		return refusef("%s is the root of the file system; name a folder of its own, such as out", what)
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if h, err := resolve(home); err == nil {
			if h == abs {
				return refusef("%s is the home folder; name a folder of its own, such as out", what)
			}
			if strings.HasPrefix(h, abs+string(filepath.Separator)) {
				return refusef("%s holds the home folder; name a folder of its own, such as out", what)
			}
		}
	}
	if configDir != "" {
		if c, err := resolve(configDir); err == nil && c == abs {
			return refusef("%s is the folder of the configuration, whose csv/, parquet/ and jsonld/ the run would own; name a folder of its own, such as out", what)
		}
	}
	return nil
}

// resolve makes p absolute and resolves the symbolic links of the part of
// it that exists.
func resolve(p string) (string, error) {
	p, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	var rest []string
	for {
		r, err := filepath.EvalSymlinks(p)
		if err == nil {
			return filepath.Join(append([]string{r}, rest...)...), nil
		}
		parent := filepath.Dir(p)
		if !errors.Is(err, os.ErrNotExist) || parent == p {
			return "", err
		}
		rest = append([]string{filepath.Base(p)}, rest...)
		p = parent
	}
}

// checkForeign refuses the existing folder dir if it holds files but no
// marker of an earlier run: it is someone else's folder, and a run would
// replace and remove files in it.
func checkForeign(dir string) error {
	if _, err := os.Lstat(filepath.Join(dir, markerName)); err == nil {
		return nil
	}
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("%s: export: %w", dir, err)
	}
	defer f.Close()
	if _, err := f.Readdirnames(1); err != io.EOF {
		if err != nil {
			return fmt.Errorf("%s: export: %w", dir, err)
		}
		return refusef("%s: export: the output folder is not empty and has no %s marker of an earlier run, so it looks like a folder of yours: name another folder, or pass --force to let the run own it", dir, markerName)
	}
	return nil
}

// realDir checks that each part of rel below root is a folder and not a
// symbolic link, so that nothing is written or removed through a link. The
// parts that do not exist yet are fine.
func realDir(root, rel string) error {
	cur := root
	for part := range strings.SplitSeq(filepath.Clean(rel), string(filepath.Separator)) {
		if part == "." {
			continue
		}
		cur = filepath.Join(cur, part)
		fi, err := os.Lstat(cur)
		switch {
		case errors.Is(err, os.ErrNotExist):
			return nil
		case err != nil:
			return fmt.Errorf("%s: export: %w", cur, err)
		case fi.Mode()&os.ModeSymlink != 0:
			return refusef("%s: export: is a symbolic link; a run does not write through links inside its output folder: remove it", cur)
		case !fi.IsDir():
			return &fs.PathError{Op: "mkdir", Path: cur, Err: syscall.ENOTDIR}
		}
	}
	return nil
}
