// Package testbin builds a command of the module for the tests that must run
// it as a process of its own: signals, exit codes, kills.
package testbin

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// Build builds the command in the package folder pkg (as go build takes it)
// into a temporary folder and returns the binary's path. It skips the test
// under -short or without the go command.
func Build(t testing.TB, pkg string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the binary")
	}
	bin := filepath.Join(t.TempDir(), filepath.Base(pkg))
	if msg, err := exec.Command(goTool, "build", "-o", bin, pkg).CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, msg)
	}
	return bin
}
