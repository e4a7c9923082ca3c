package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/wikipipe/wikipipe"
	"github.com/wikipipe/wikipipe/config"
	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/internal/golden"
	"github.com/wikipipe/wikipipe/report"
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
	var rep report.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	rep.Timings = report.Timings{}
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
		{"help", nil, []string{"help"}, exitOK, ""},
		{"help run", nil, []string{"help", "run"}, exitOK, ""},
		{"help unknown topic", nil, []string{"help", "nosuch"}, exitUsage, `no help topic "nosuch"`},
		{"help two topics", nil, []string{"help", "run", "extract"}, exitUsage, `no help topic "run extract"`},
		{"unknown flag", nil, []string{"run", "--frob"}, exitUsage, "flag provided but not defined: -frob"},
		{"help flag", nil, []string{"run", "-h"}, exitOK, "Usage: wikipipe run"},
		{"long help flag", nil, []string{"extract", "--help"}, exitOK, "Usage: wikipipe extract"},
		{"validate extra argument", nil, []string{"validate", "pipeline.yaml"}, exitUsage, `unexpected argument "pipeline.yaml"`},
		{"no workers", nil, []string{"run", "-j", "0", "-o", "$OUT"}, exitUsage, "--jobs 0: want 1 or more"},
		{"no jobs", nil, []string{"run", "--jobs=0", "-o", "$OUT"}, exitUsage, "--jobs 0: want 1 or more"},
		{"bad jobs", nil, []string{"run", "--jobs", "many"}, exitUsage, `invalid value "many"`},
		{"bad formats", nil, []string{"run", "--formats", "csv,docx", "-o", "$OUT"}, exitUsage, `--formats: unknown format "docx"`},
		{"bad progress", nil, []string{"run", "--progress", "maybe", "-o", "$OUT"}, exitUsage, `--progress "maybe"`},
		{"missing config", nil, []string{"run", "-c", "nope.yaml"}, exitUsage, "nope.yaml: config: no such file or directory"},
		{"missing config long", nil, []string{"validate", "--config", "nope.yaml"}, exitUsage, "nope.yaml: config: no such file or directory"},
		{"missing input", nil, []string{"run", "-o", "$OUT", "nope.txt"}, exitUsage, "nope.txt"},
		{"not a page URL", nil, []string{"run", "-o", "$OUT", "https://en.wikipedia.org/w/x.php"}, exitUsage, "want a path /wiki/TITLE"},
		{"locked and update", nil, []string{"run", "-o", "$OUT", "--locked", "--update", seed}, exitUsage, "--locked and --update"},
		{"interrupted", cancelled, []string{"run", "-o", "$OUT", seed}, exitInterrupted, "interrupted"},
		{"flags after inputs", nil, []string{"run", seed, "-o", "$OUT", "-f", "csv", "--quiet"}, exitOK, ""},
		{"long flags", nil, []string{"run", "--config", "pipeline.yaml", "--output", "$OUT", "--formats", "csv", "--jobs", "1", "-q", seed}, exitOK, ""},
		{"long flags with =", nil, []string{"run", "--config=pipeline.yaml", "--output=$OUT", "--formats=csv,jsonld", "--jobs=2", "--strict", "--progress=never", "--quiet", seed}, exitOK, ""},
		{"strict with warnings", nil, []string{"run", "-c", "testdata/pipeline/strict/pipeline.yaml", "-o", "$OUT", "--strict", "-q"}, exitData, "--strict"},
		{"strict with warnings quiet", nil, []string{"run", "-c", "testdata/pipeline/strict/pipeline.yaml", "-o", "$OUT", "--strict", "-q"}, exitData, "wikipipe: warnings are errors under --strict (W-bad-value: 2;"},
		{"strict allowed", nil, []string{"run", "-c", "testdata/pipeline/strict/pipeline.yaml", "-o", "$OUT", "--strict", "--allow", "W-bad-value"}, exitOK, "[W-bad-value]"},
		{"strict allowed with =", nil, []string{"run", "-c", "testdata/pipeline/strict/pipeline.yaml", "-o", "$OUT", "--strict", "--allow=W-no-title, W-bad-value"}, exitOK, "1 page read"},
		{"allow unknown code", nil, []string{"run", "-o", "$OUT", "--allow", "W-no-titel", seed}, exitUsage, `wikipipe: --allow: unknown warning code "W-no-titel"`},
		{"allow error code", nil, []string{"run", "-o", "$OUT", "--allow", "E-bad-value", seed}, exitUsage, "E-bad-value is the code of an error"},
		{"unwritable output folder", nil, []string{"run", "-o", "$FILE/out", "-f", "csv", seed}, exitData, "$FILE/out: export: output folder"},
		{"unwritable format folder", nil, []string{"run", "-o", "$DIR", "-f", "csv", seed}, exitData, "$DIR/csv: export: mkdir: not a directory"},
		{"unwritable report", nil, []string{"run", "-o", "$DIR", "-f", "parquet", seed}, exitData, "$DIR/report.json: export: rename: file exists"},
		{"foreign output folder", nil, []string{"run", "-o", "$FOREIGN", "-f", "csv", seed}, exitUsage, "pass --force"},
		{"foreign output folder forced", nil, []string{"run", "-o", "$FOREIGN", "-f", "csv", "--force", "-q", seed}, exitOK, ""},
		{"output is the root", nil, []string{"run", "-o", "/", "-f", "csv", seed}, exitUsage, "the root of the file system"},
		{"extract", nil, []string{"extract", seed}, exitOK, ""},
		{"extract two files", nil, []string{"extract", seed, seed}, exitOK, ""},
		{"extract warns of a dump with no page", nil, []string{"extract", "cmd/wikipipe/testdata/no-pages-bad-utf8.xml"}, exitOK, "no-pages-bad-utf8.xml:1:85: extract: invalid UTF-8"},
		{"extract no file", nil, []string{"extract"}, exitUsage, "name a FILE"},
		{"extract stdin twice", nil, []string{"extract", "-", "-"}, exitUsage, "read once"},
		{"extract bad dialect", nil, []string{"extract", "--dialect", "pdf", seed}, exitUsage, `unknown dialect "pdf"`},
		{"extract missing file", nil, []string{"extract", seed, "nope.txt"}, exitUsage, "nope.txt: read: no such file or directory"},
		{"extract interrupted", cancelled, []string{"extract", "-"}, exitInterrupted, ""},
		{"validate", nil, []string{"validate"}, exitOK, ""},
		{"validate bad", nil, []string{"validate", "-c", "testdata/pipeline/bad-config/pipeline.yaml"}, exitUsage, "pipeline.yaml:1:10: config:"},
		{"schema", nil, []string{"schema", "--json"}, exitOK, ""},
		{"schema long config", nil, []string{"schema", "--config", "pipeline.yaml"}, exitOK, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := c.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			tmp := t.TempDir()
			// $FILE is a file where a folder should be; $DIR is an output
			// folder whose csv folder is a file and whose report is a
			// folder.
			vars := strings.NewReplacer("$OUT", filepath.Join(tmp, "out"), "$FILE", filepath.Join(tmp, "file"), "$DIR", filepath.Join(tmp, "dir"), "$FOREIGN", filepath.Join(tmp, "foreign"))
			if err := os.MkdirAll(filepath.Join(tmp, "foreign", "notes"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(tmp, "file"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(tmp, "dir", "report.json", "x"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(tmp, "dir", "csv"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(tmp, "dir", ".wikipipe"), nil, 0o644); err != nil {
				t.Fatal(err) // the marker of an earlier run: the folder is the run's to write
			}
			args := make([]string, len(c.args))
			for i, a := range c.args {
				args[i] = vars.Replace(a)
			}
			code, _, stderr := runCLI(t, ctx, repo, nil, args...)
			if says := vars.Replace(c.says); code != c.want || !strings.Contains(stderr, says) {
				t.Errorf("exit %d, want %d; stderr:\n%s\nwant it to say %q", code, c.want, stderr, says)
			}
		})
	}
}

// TestErrorsAreLocated checks that every line a failed command prints has
// the form of a diagnostic: file[:line[:col]]: stage: message, or
// "wikipipe: message" for a mistake on the command line.
func TestErrorsAreLocated(t *testing.T) {
	repo, _ := filepath.Abs("../..")
	tmp := t.TempDir()
	file := filepath.Join(tmp, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(tmp, "dir", "xlsx"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "dir", "csv"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	seed := "testdata/corpus/seed/azerbaijan-united-states-relations.txt"
	form := regexp.MustCompile(`^[^ :][^:]*(:\d+(:\d+)?)?: (read|extract|transform|export|config): \S`)
	for _, args := range [][]string{
		{"run", "-o", file + "/out", seed},
		{"run", "-o", filepath.Join(tmp, "dir"), "-f", "csv", seed},
		{"run", "-c", "nope.yaml"},
		{"run", "-c", "testdata/pipeline/bad-config/pipeline.yaml"},
		{"run", "-o", filepath.Join(tmp, "out"), "testdata/pipeline/bad-value-fails/article.txt", "-c", "testdata/pipeline/bad-value-fails/pipeline.yaml"},
		{"extract", "nope.txt"},
		{"validate", "-c", "nope.yaml"},
	} {
		code, _, stderr := runCLI(t, context.Background(), repo, nil, args...)
		if code == exitOK {
			t.Errorf("%q: exit 0", args)
		}
		for _, line := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
			if !form.MatchString(line) {
				t.Errorf("%q: %q is not file: stage: message", args, line)
			}
		}
	}
}

func TestExtractPrintsJSONLines(t *testing.T) {
	repo, _ := filepath.Abs("../..")
	seed := "testdata/corpus/seed/azerbaijan-united-states-relations.txt"
	stdin, err := os.ReadFile(filepath.Join(repo, seed))
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, context.Background(), repo, stdin, "extract", seed, "-", "testdata/pipeline/stdin/stdin")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want one per document, 3", len(lines))
	}
	for i, want := range []struct {
		path, title string
		sections    int
	}{
		{seed, "Azerbaijan–United States relations", 6},
		{"-", "Azerbaijan–United States relations", 6},
		{"testdata/pipeline/stdin/stdin", "", -1},
	} {
		var doc struct {
			Title    string
			Source   struct{ Path string }
			Sections []json.RawMessage
		}
		if err := json.Unmarshal([]byte(lines[i]), &doc); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if doc.Source.Path != want.path || want.sections >= 0 && (doc.Title != want.title || len(doc.Sections) != want.sections) {
			t.Errorf("line %d: %s, title %q, %d top-level sections; want %s, %q and %d", i+1, doc.Source.Path, doc.Title, len(doc.Sections), want.path, want.title, want.sections)
		}
	}
}

// TestHelp checks the help of every command against its golden file, and
// that every flag is shown as GNU does, "-o, --output DIR" or "--strict".
func TestHelp(t *testing.T) {
	for _, cmd := range []string{"", "run", "extract", "validate", "schema"} {
		t.Run(cmd, func(t *testing.T) {
			args := []string{"help"}
			name := "help"
			if cmd != "" {
				args = append(args, cmd)
				name += "-" + cmd
			}
			dir, _ := filepath.Abs("testdata")
			code, stdout, stderr := runCLI(t, context.Background(), dir, nil, args...)
			if code != 0 || stderr != "" {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			golden.Check(t, filepath.Join(dir, name+".golden"), []byte(stdout))
			if cmd == "" {
				return
			}
			fs := commandFlags[cmd]()
			fs.VisitAll(func(f *flag.Flag) {
				shown := regexp.MustCompile(`(  |, )--` + f.Name + `\b`)
				if len(f.Name) == 1 {
					shown = regexp.MustCompile(`  -` + f.Name + `, --[a-z]`)
				}
				if !shown.MatchString(stdout) {
					t.Errorf("flag %s is not shown as %s", f.Name, shown)
				}
			})
			if regexp.MustCompile(`\n\s+-[a-z]{2,}`).MatchString(stdout) {
				t.Errorf("a long flag is shown with one dash:\n%s", stdout)
			}
		})
	}
}

func TestExitCodeTable(t *testing.T) {
	pathErr := &fs.PathError{Op: "open", Path: "out/csv/articles.csv", Err: syscall.ENOTDIR}
	for _, c := range []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, exitOK},
		{"cancelled", context.Canceled, exitInterrupted},
		{"cancelled, wrapped", fmt.Errorf("a.txt: read: %w", context.Canceled), exitInterrupted},
		{"config", &config.Error{}, exitUsage},
		{"usage", &wikipipe.UsageError{Err: errors.New(`input "a.txt": no such file or directory`)}, exitUsage},
		{"unwritable output", fmt.Errorf("export: output folder: %w", pathErr), exitData},
		{"unwritable output, as a usage error", &wikipipe.UsageError{Err: fmt.Errorf("csv: export: %w", pathErr)}, exitData},
		{"failed rename", &os.LinkError{Op: "rename", Old: "out/.a.tmp", New: "out/a", Err: syscall.EEXIST}, exitData},
		{"strict", report.ErrStrict, exitData},
		{"data", diag.Diagnostic{File: "a.txt", Line: 1, Stage: diag.Extract, Message: "bad"}, exitData},
		{"other", errors.New("export: parquet: too big"), exitData},
	} {
		if got := exitCode(c.err); got != c.want {
			t.Errorf("%s: exit %d, want %d", c.name, got, c.want)
		}
	}
}

func TestErrorLines(t *testing.T) {
	pathErr := &fs.PathError{Op: "open", Path: "out/csv/.articles.csv.tmp-1", Err: syscall.ENOTDIR}
	for _, c := range []struct {
		name   string
		err    error
		stage  diag.Stage
		output string
		want   []string
	}{
		{"diagnostic", fmt.Errorf("x: %w", diag.Diagnostic{File: "a.txt", Line: 3, Col: 4, Stage: diag.Extract, Message: "bad"}), diag.Read, "out",
			[]string{"a.txt:3:4: extract: bad"}},
		{"config", &config.Error{Diagnostics: []diag.Diagnostic{{File: "p.yaml", Line: 1, Col: 2, Stage: diag.Config, Message: "one"}, {File: "p.yaml", Line: 5, Stage: diag.Config, Message: "two"}}}, diag.Config, "",
			[]string{"p.yaml:1:2: config: one", "p.yaml:5: config: two"}},
		{"file in the output", &wikipipe.UsageError{Err: fmt.Errorf("csv: export: %w", pathErr)}, diag.Read, "out",
			[]string{"out/csv/.articles.csv.tmp-1: export: open: not a directory"}},
		{"the output itself", &fs.PathError{Op: "mkdir", Path: "out", Err: syscall.ENOTDIR}, diag.Read, "out",
			[]string{"out: export: mkdir: not a directory"}},
		{"an input", fmt.Errorf("a.txt: read: %w", &fs.PathError{Op: "read", Path: "a.txt", Err: syscall.EIO}), diag.Read, "out",
			[]string{"a.txt: read: input/output error"}},
		{"rename", fmt.Errorf("export: commit: %w", &os.LinkError{Op: "rename", Old: "out/.r.tmp", New: "out/report.json", Err: syscall.EEXIST}), diag.Read, "out",
			[]string{"out/report.json: export: rename: file exists"}},
		{"located already", errors.New("a.txt: read: bzip2 data invalid"), diag.Read, "out",
			[]string{"a.txt: read: bzip2 data invalid"}},
		{"no file", report.ErrStrict, diag.Read, "out",
			[]string{"wikipipe: " + report.ErrStrict.Error()}},
		{"no stage", errors.New("export: parquet: too big"), diag.Read, "out",
			[]string{"wikipipe: export: parquet: too big"}},
	} {
		got := errorLines(c.err, c.stage, c.output)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
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

// Without -c, a folder with no pipeline.yaml runs the empty pipeline: the
// core datasets, every format, into out/; -c naming a missing file is still
// a config error.
func TestNoPipelineFile(t *testing.T) {
	t.Chdir(t.TempDir())
	cfg, err := loadConfig("")
	if err != nil || cfg.Output != "out" || len(cfg.Datasets) != 0 || len(cfg.Formats) != 4 {
		t.Fatalf("loadConfig(\"\") = %+v, %v; want the defaults", cfg, err)
	}
	if _, err := loadConfig("pipeline.yaml"); err == nil {
		t.Errorf("loadConfig(pipeline.yaml) in a folder without one: no error")
	}
	code, _, stderr := runCLI(t, context.Background(), ".", nil, "run", "--title", "X", "a.txt")
	if code != exitUsage || !strings.Contains(stderr, "--title names the article of standard input") {
		t.Errorf("--title without -: exit %d, %s", code, stderr)
	}
	code, _, stderr = runCLI(t, context.Background(), ".", nil, "run", "--wiki", "not a wiki", "-")
	if code != exitUsage || !strings.Contains(stderr, "--wiki: wiki \"not a wiki\"") {
		t.Errorf("bad --wiki: exit %d, %s", code, stderr)
	}
}
