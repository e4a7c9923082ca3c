package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wikipipe/wikipipe"
	"github.com/wikipipe/wikipipe/internal/golden"
)

// runCLI runs the command line in dir with the given standard input.
func runCLI(t *testing.T, ctx context.Context, dir string, stdin []byte, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Chdir(dir)
	var out, errOut bytes.Buffer
	code = cli{stdin: bytes.NewReader(stdin), stdout: &out, stderr: &errOut}.main(ctx, args)
	return code, out.String(), errOut.String()
}

var elapsed = regexp.MustCompile(`in \d+\.\d\ds →`)

// TestPipelineCases runs every case of testdata/pipeline: the arguments in
// args ($OUT is a fresh output folder), standard input from stdin if there
// is one. The golden records the exit code, standard error and every output
// file: text files whole, binary ones by size and sha256 (their contents are
// checked by the export package's read-back tests).
func TestPipelineCases(t *testing.T) {
	cases, err := filepath.Glob("../../testdata/pipeline/*/args")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, argsFile := range cases {
		dir, _ := filepath.Abs(filepath.Dir(argsFile))
		t.Run(filepath.Base(dir), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			raw, err := os.ReadFile(argsFile)
			if err != nil {
				t.Fatal(err)
			}
			args := strings.Fields(strings.ReplaceAll(string(raw), "$OUT", out))
			stdin, _ := os.ReadFile(filepath.Join(dir, "stdin"))
			code, stdout, stderr := runCLI(t, context.Background(), dir, stdin, args...)
			var b strings.Builder
			fmt.Fprintf(&b, "exit: %d\n--- stdout\n%s--- stderr\n%s", code, stdout, elapsed.ReplaceAllString(stderr, "in X.XXs →"))
			describeTree(t, &b, out)
			golden.Check(t, filepath.Join(dir, "want.golden"), []byte(strings.ReplaceAll(b.String(), out, "$OUT")))
		})
	}
}

// describeTree writes every file under dir: text whole, binary by hash.
func describeTree(t *testing.T, b *strings.Builder, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch filepath.Ext(p) {
		case ".xlsx", ".parquet":
			fmt.Fprintf(b, "--- %s: %d bytes, sha256 %x\n", rel, len(data), sha256.Sum256(data))
		case ".json":
			if rel == "report.json" {
				data = withoutTimings(t, data)
			}
			fmt.Fprintf(b, "--- %s\n%s", rel, data)
		default:
			fmt.Fprintf(b, "--- %s\n%s", rel, data)
		}
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
}

func withoutTimings(t *testing.T, data []byte) []byte {
	var rep wikipipe.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	rep.Timings = wikipipe.Timings{}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func TestExitCodes(t *testing.T) {
	repo, _ := filepath.Abs("../..")
	seed := "testdata/corpus/seed/azerbaijan-united-states-relations.txt"
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		name string
		ctx  context.Context
		args []string
		want int
		says string
	}{
		{"no command", nil, nil, exitUsage, "Usage:"},
		{"unknown command", nil, []string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{"version", nil, []string{"version"}, exitOK, ""},
		{"help run", nil, []string{"help", "run"}, exitOK, ""},
		{"unknown flag", nil, []string{"run", "--frob"}, exitUsage, "flag provided but not defined: -frob"},
		{"help flag", nil, []string{"run", "-h"}, exitOK, "Usage: wikipipe run"},
		{"validate extra argument", nil, []string{"validate", "pipeline.yaml"}, exitUsage, `unexpected argument "pipeline.yaml"`},
		{"no workers", nil, []string{"run", "-j", "0", "-o", "$OUT"}, exitUsage, "-j 0: want 1 or more workers"},
		{"bad progress", nil, []string{"run", "--progress", "maybe", "-o", "$OUT"}, exitUsage, `--progress "maybe"`},
		{"missing config", nil, []string{"run", "-c", "nope.yaml"}, exitUsage, "nope.yaml"},
		{"interrupted", cancelled, []string{"run", "-o", "$OUT", seed}, exitInterrupted, "interrupted"},
		{"flags after inputs", nil, []string{"run", seed, "-o", "$OUT", "-f", "csv", "--quiet"}, exitOK, ""},
		{"extract", nil, []string{"extract", seed}, exitOK, ""},
		{"extract two files", nil, []string{"extract", seed, seed}, exitUsage, "name one FILE"},
		{"extract bad dialect", nil, []string{"extract", "--dialect", "pdf", seed}, exitUsage, `unknown dialect "pdf"`},
		{"extract missing file", nil, []string{"extract", "nope.txt"}, exitUsage, "no such file"},
		{"validate", nil, []string{"validate"}, exitOK, ""},
		{"validate bad", nil, []string{"validate", "-c", "testdata/pipeline/bad-config/pipeline.yaml"}, exitUsage, "pipeline.yaml:1:10: config:"},
		{"schema", nil, []string{"schema", "--json"}, exitOK, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := c.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			out := filepath.Join(t.TempDir(), "out")
			args := make([]string, len(c.args))
			for i, a := range c.args {
				args[i] = strings.ReplaceAll(a, "$OUT", out)
			}
			code, _, stderr := runCLI(t, ctx, repo, nil, args...)
			if code != c.want || !strings.Contains(stderr, c.says) {
				t.Errorf("exit %d, want %d; stderr:\n%s\nwant it to say %q", code, c.want, stderr, c.says)
			}
		})
	}
}

func TestExtractPrintsDocumentJSON(t *testing.T) {
	repo, _ := filepath.Abs("../..")
	code, stdout, _ := runCLI(t, context.Background(), repo, nil, "extract", "testdata/corpus/seed/azerbaijan-united-states-relations.txt")
	var doc struct {
		Title    string
		Sections []json.RawMessage
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil || code != 0 {
		t.Fatalf("exit %d, %v", code, err)
	}
	if doc.Title != "Azerbaijan–United States relations" || len(doc.Sections) != 6 {
		t.Errorf("title %q, %d top-level sections; want the seed's title and 6", doc.Title, len(doc.Sections))
	}
}

func TestSchemaTable(t *testing.T) {
	repo, _ := filepath.Abs("../..")
	code, stdout, _ := runCLI(t, context.Background(), repo, nil, "schema")
	golden.Check(t, filepath.Join(repo, "cmd/wikipipe/testdata/schema.golden"), []byte(stdout))
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
}
