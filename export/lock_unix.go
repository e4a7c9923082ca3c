//go:build unix

package export

import (
	"errors"
	"os"
	"syscall"
)

// openNoFollow opens path with flag, failing with errSymlink when path is a
// symbolic link rather than following it.
func openNoFollow(path string, flag int) (*os.File, error) {
	f, err := os.OpenFile(path, flag|syscall.O_NOFOLLOW, 0o644)
	if errors.Is(err, syscall.ELOOP) {
		return nil, errSymlink
	}
	return f, err
}

// tryLock takes an exclusive advisory lock (flock) on f without waiting. The
// kernel drops it when the process ends, however it ends, so a killed run
// never leaves the folder locked.
func tryLock(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EWOULDBLOCK:
			return errBusy
		case err != nil:
			return &os.PathError{Op: "flock", Path: f.Name(), Err: err}
		}
		return nil
	}
}

// syncData makes every written file durable before the commit journal says
// the staged files are complete. One sync(2) is cheaper than an fsync per
// file when a staged folder holds a file per article.
func syncData() { syscall.Sync() }

// syncPath makes a file's data, or the renames and creations in a folder,
// durable.
func syncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
