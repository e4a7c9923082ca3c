//go:build unix

package main

import (
	"bytes"
	"crypto/sha256"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wikipipe/wikipipe/internal/testbin"
)

// TestSignalsStopTheRun runs the built binary on standard input that sends
// part of an article and then nothing, sends each signal, and checks that
// the run stops within a second with exit 130, leaving the earlier output
// as it was and no temporary file.
func TestSignalsStopTheRun(t *testing.T) {
	bin := testbin.Build(t, "github.com/wikipipe/wikipipe/cmd/wikipipe")
	repo, _ := filepath.Abs("../..")
	config := filepath.Join(repo, "pipeline.yaml")
	seed := filepath.Join(repo, "testdata/corpus/seed/azerbaijan-united-states-relations.txt")
	// More than a pipe holds, so that the write returning means the run is
	// reading (and has long set up its signal handling).
	article := "= Slow =\n\n" + strings.Repeat("A paragraph that arrives and is followed by nothing.\n\n", 5000)

	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			if msg, err := exec.Command(bin, "run", "-c", config, "-o", out, "-f", "csv", "-q", seed).CombinedOutput(); err != nil {
				t.Fatalf("the earlier run: %v\n%s", err, msg)
			}
			before := snapshot(t, out)

			pr, pw, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer pw.Close()
			cmd := exec.Command(bin, "run", "-c", config, "-o", out, "-f", "csv", "-")
			cmd.Stdin = pr
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			pr.Close()
			if _, err := pw.WriteString(article); err != nil {
				t.Fatal(err)
			}
			began := time.Now()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				cmd.Process.Kill()
				<-done
				t.Fatalf("still running 5 s after %v; stderr:\n%s", sig, stderr.String())
			}
			took := time.Since(began)
			if code := cmd.ProcessState.ExitCode(); code != exitInterrupted || took > time.Second {
				t.Errorf("exit %d after %v, want %d within a second; stderr:\n%s", code, took.Round(time.Millisecond), exitInterrupted, stderr.String())
			}
			if !strings.Contains(stderr.String(), "interrupted") {
				t.Errorf("stderr does not say interrupted:\n%s", stderr.String())
			}
			after := snapshot(t, out)
			for path, sum := range after {
				if before[path] != sum {
					t.Errorf("%s is new or changed", path)
				}
			}
			for path := range before {
				if _, ok := after[path]; !ok {
					t.Errorf("%s is gone", path)
				}
			}
		})
	}
}

// snapshot is the sha256 of every file under dir, by path.
func snapshot(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	files := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = sha256.Sum256(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
