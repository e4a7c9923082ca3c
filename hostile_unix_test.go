//go:build unix

package wikipipe

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/internal/testbin"
)

// TestHostileFIFOInFolder checks that a FIFO in an input folder is skipped
// with a warning and the folder's files are read.
func TestHostileFIFOInFolder(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, corpus+"/seed/azerbaijan-united-states-relations.txt", filepath.Join(dir, "seed.txt"))
	fifo := filepath.Join(dir, "pipe.wiki")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	done := make(chan struct{})
	var err error
	var diags []diag.Diagnostic
	go func() {
		defer close(done)
		diags, _, err = runHostile(t, extract.Limits{}, nil, dir)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the run hangs on a FIFO in its input folder")
	}
	if err != nil {
		t.Fatal(err)
	}
	want := fifo + ": read: skipped: a named pipe (FIFO) is not a regular file"
	if len(diags) == 0 || !strings.HasPrefix(diags[len(diags)-1].String(), want) {
		t.Errorf("diagnostics %v, want the last to start %q", diags, want)
	}
}

// TestHostileFIFONamedThenSignal names a FIFO that never gets a writer and
// interrupts the run: exit 130 within a second, the earlier output as it
// was, no temporary file.
func TestHostileFIFONamedThenSignal(t *testing.T) {
	bin := testbin.Build(t, "./cmd/wikipipe")
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	out := filepath.Join(dir, "out")
	seed := corpus + "/seed/azerbaijan-united-states-relations.txt"
	if msg, err := exec.Command(bin, "run", "-c", "pipeline.yaml", "-o", out, "-q", seed).CombinedOutput(); err != nil {
		t.Fatalf("the earlier run: %v\n%s", err, msg)
	}
	before := readTree(t, out)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		code, took, stderr := interruptRun(t, bin, sig, "run", "-c", "pipeline.yaml", "-o", out, seed, fifo)
		if code != 130 || took > time.Second {
			t.Errorf("%v: exit %d after %v, want 130 within a second; stderr:\n%s", sig, code, took, stderr)
		}
		after := readTree(t, out)
		if len(after) != len(before) {
			t.Errorf("%v: %d files after, %d before", sig, len(after), len(before))
		}
		for name, data := range before {
			if name != "report.json" && !bytes.Equal(after[name], data) {
				t.Errorf("%v: %s changed", sig, name)
			}
		}
	}
}

// interruptRun starts bin with args, sends it sig once it waits in its
// input, and returns its exit code, the time it took to exit after the
// signal and its standard error.
func interruptRun(t *testing.T, bin string, sig syscall.Signal, args ...string) (int, time.Duration, string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second) // kills a hung run
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // the run is waiting in the FIFO's open by now
	began := time.Now()
	cmd.Process.Signal(sig)
	cmd.Wait()
	return cmd.ProcessState.ExitCode(), time.Since(began), stderr.String()
}
