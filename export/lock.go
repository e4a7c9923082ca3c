package export

// The folder lock. The marker file out/.wikipipe says the folder is
// wikipipe's output and is also the file a run locks (flock, advisory) for
// as long as it stages or commits there. While a run holds it, the marker
// holds the run's PID, so that a second run can name it; when the run ends,
// the marker is set back to its fixed text, so that two runs of the same
// articles leave the same bytes.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// markerName is the marker (and lock) file in the output folder.
const markerName = ".wikipipe"

// markerText is the marker's content between runs.
const markerText = "This folder is wikipipe's output: each run replaces the files it wrote here before.\n"

// LockedError refuses an output folder that another run is using.
type LockedError struct {
	Dir string
	PID int // the other run's process, 0 if it could not be read
}

func (e *LockedError) Error() string {
	who := "another wikipipe run"
	if e.PID > 0 {
		who += fmt.Sprintf(" (pid %d)", e.PID)
	}
	return fmt.Sprintf("%s: export: the output folder is in use by %s; wait for it to end or name another folder", e.Dir, who)
}

// Is makes a LockedError one of the refusals (errors.Is(err, ErrRefused)).
func (e *LockedError) Is(target error) bool { return target == ErrRefused }

var (
	errBusy    = errors.New("locked by another process")
	errSymlink = errors.New("is a symbolic link")
)

// folderLock is a held lock on an output folder.
type folderLock struct {
	f       *os.File
	created bool // this run made the marker
}

// lockFolder locks the folder dir, making its marker if create is set.
// Nothing is written before the lock is held.
func lockFolder(dir string, create bool) (*folderLock, error) {
	path := filepath.Join(dir, markerName)
	for range 10 {
		l := &folderLock{}
		f, err := openNoFollow(path, os.O_RDWR)
		if errors.Is(err, os.ErrNotExist) && create {
			f, err = openNoFollow(path, os.O_RDWR|os.O_CREATE|os.O_EXCL)
			if errors.Is(err, os.ErrExist) {
				continue // another run made it first: lock that one
			}
			l.created = err == nil
		}
		if errors.Is(err, errSymlink) {
			return nil, refusef("%s: export: %s is a symbolic link, not wikipipe's marker; remove it", dir, markerName)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: export: lock: %w", dir, err)
		}
		if err := tryLock(f); err != nil {
			pid := readPID(f)
			f.Close()
			if errors.Is(err, errBusy) {
				return nil, &LockedError{Dir: dir, PID: pid}
			}
			return nil, fmt.Errorf("%s: export: lock: %w", dir, err)
		}
		// An ending run removes the marker it made while it holds the lock:
		// a lock taken on that removed file locks nothing, so try again.
		held, err1 := f.Stat()
		now, err2 := os.Lstat(path)
		if err1 != nil || err2 != nil || !os.SameFile(held, now) {
			f.Close()
			continue
		}
		l.f = f
		if err := l.write(fmt.Sprintf("%spid %d\n", markerText, os.Getpid())); err != nil {
			l.release(false)
			return nil, fmt.Errorf("%s: export: lock: %w", dir, err)
		}
		return l, nil
	}
	return nil, fmt.Errorf("%s: export: lock: the marker %s keeps changing", dir, markerName)
}

// readPID reads the PID a running holder wrote into the marker.
func readPID(f *os.File) int {
	b := make([]byte, 512)
	n, _ := f.ReadAt(b, 0)
	for line := range strings.Lines(string(b[:n])) {
		if rest, ok := strings.CutPrefix(line, "pid "); ok {
			pid, _ := strconv.Atoi(strings.TrimSpace(rest))
			return pid
		}
	}
	return 0
}

// write replaces the marker's content with s; written before truncating,
// so a reader never finds it empty.
func (l *folderLock) write(s string) error {
	if _, err := l.f.WriteAt([]byte(s), 0); err != nil {
		return err
	}
	return l.f.Truncate(int64(len(s)))
}

// release sets the marker back to its fixed text, or removes it if remove
// is set and this run made it, and drops the lock.
func (l *folderLock) release(remove bool) error {
	var err error
	if remove && l.created {
		err = os.Remove(l.f.Name())
	} else {
		err = l.write(markerText)
	}
	return errors.Join(err, l.f.Close())
}
