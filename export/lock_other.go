//go:build !unix

package export

import "os"

// openNoFollow opens path with flag, failing with errSymlink when path is a
// symbolic link. Without O_NOFOLLOW the check and the open are two steps.
func openNoFollow(path string, flag int) (*os.File, error) {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return nil, errSymlink
	}
	return os.OpenFile(path, flag, 0o644)
}

// tryLock does nothing: the folder lock is taken on Unix systems only.
func tryLock(*os.File) error { return nil }

// syncData does nothing here: durability against power loss is promised on
// Unix systems only; a killed process loses nothing the kernel has.
func syncData() {}

// syncPath does nothing: durability is promised on Unix systems only (see
// syncData), and folders cannot be fsynced on every system.
func syncPath(string) error { return nil }
