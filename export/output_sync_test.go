//go:build unix

package export

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A staged file is fsynced before the journal is written: when that fails
// (here the file is gone), the commit is aborted whole and the earlier run
// stays, with no journal for the next command to finish.
func TestOutputCommitSyncFails(t *testing.T) {
	dir := t.TempDir()
	if err := stage(t, dir, map[string]string{"csv/a.csv": "old\n", "report.json": "{}"}).Commit(); err != nil {
		t.Fatal(err)
	}
	before := listTree(t, dir)
	o := stage(t, dir, map[string]string{"csv/a.csv": "new\n", "report.json": "{new}"})
	temps, err := filepath.Glob(filepath.Join(dir, "csv", ".a.csv"+tempMark+"*"))
	if err != nil || len(temps) != 1 {
		t.Fatalf("staged file of csv/a.csv: %q, %v", temps, err)
	}
	if err := os.Remove(temps[0]); err != nil {
		t.Fatal(err)
	}
	err = o.Commit()
	if err == nil || !strings.Contains(err.Error(), "export: commit") {
		t.Fatalf("Commit with a staged file gone = %v, want a commit error", err)
	}
	if got := listTree(t, dir); !slices.Equal(got, before) {
		t.Errorf("after the failed commit got %q, want the earlier run %q", got, before)
	}
}
