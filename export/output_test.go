package export

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/wikipipe/wikipipe/transform"
)

// listTree returns every file below dir as "rel=content", sorted, but for
// the marker every run leaves (checked by the tests of the marker).
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || path == filepath.Join(dir, markerName) {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files = append(files, filepath.ToSlash(rel)+"="+string(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	return files
}

// writeRun writes arts in format f into dir and commits, as the pipeline does.
func writeRun(t testing.TB, dir string, f Format, schemas []transform.Schema, arts []*transform.Article, opts Options) {
	t.Helper()
	o, err := NewOutput(dir, OutputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w, err := New(f, o, schemas, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if err := w.Write(a); err != nil {
			o.Abort()
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		o.Abort()
		t.Fatal(err)
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
}

// stage starts a run that writes files (rel → content); the caller commits
// or aborts it.
func stage(t *testing.T, dir string, files map[string]string) *Output {
	t.Helper()
	o, err := NewOutput(dir, OutputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, rel := range slices.Sorted(maps.Keys(files)) {
		f, err := o.Create(rel)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString(files[rel]); err != nil {
			t.Fatal(err)
		}
	}
	return o
}

func TestOutputCommit(t *testing.T) {
	dir := t.TempDir()
	o := stage(t, dir, map[string]string{"csv/a.csv": "a\n", "datasets.xlsx": "x"})
	if got := listTree(t, dir); len(got) != 2 || !strings.HasPrefix(filepath.Base(got[0]), ".") {
		t.Fatalf("before commit, want only the two hidden temporary files, got %q", got)
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	want := []string{"csv/a.csv=a\n", "datasets.xlsx=x"}
	if got := listTree(t, dir); !slices.Equal(got, want) {
		t.Errorf("after commit got %q, want %q", got, want)
	}
	fi, err := os.Stat(filepath.Join(dir, "csv", "a.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o644 {
		t.Errorf("committed file mode %v, want 0644", perm)
	}
}

func TestOutputAbortKeepsEarlierRun(t *testing.T) {
	dir := t.TempDir()
	if err := stage(t, dir, map[string]string{"csv/a.csv": "old\n", "report.json": "{}"}).Commit(); err != nil {
		t.Fatal(err)
	}
	before := listTree(t, dir)
	o := stage(t, dir, map[string]string{"csv/a.csv": "new\n", "jsonld/x.jsonld": "{}", "report.json": "{new}"})
	o.Abort()
	if got := listTree(t, dir); !slices.Equal(got, before) {
		t.Errorf("after abort got %q, want the earlier run %q", got, before)
	}
	if _, err := os.Stat(filepath.Join(dir, "jsonld")); !os.IsNotExist(err) {
		t.Errorf("the jsonld folder the aborted run made is still there (%v)", err)
	}
}

// A run commits over an earlier one: the folders it owns hold exactly its
// files afterwards; other kinds of files and the root's other files stay.
func TestOutputCommitOverEarlierRun(t *testing.T) {
	dir := t.TempDir()
	if err := stage(t, dir, map[string]string{
		"csv/old.csv": "old\n", "csv/a.csv": "a1\n", "csv/NOTES.md": "mine",
		"jsonld/Gone.jsonld": "{}", "jsonld/Kept.jsonld": "{1}",
		"parquet/a.parquet": "p", "report.json": "{1}", "README": "user",
	}).Commit(); err != nil {
		t.Fatal(err)
	}
	// What a killed run leaves behind.
	for _, rel := range []string{"jsonld/.Other.jsonld.tmp-123", ".datasets.xlsx.tmp-9"} {
		if err := os.WriteFile(filepath.Join(dir, rel), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	o := stage(t, dir, map[string]string{"csv/a.csv": "a2\n", "csv/b.csv": "b\n", "jsonld/Kept.jsonld": "{2}", "report.json": "{2}"})
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"README=user", "csv/NOTES.md=mine", "csv/a.csv=a2\n", "csv/b.csv=b\n",
		"jsonld/Kept.jsonld={2}", "parquet/a.parquet=p", "report.json={2}",
	}
	if got := listTree(t, dir); !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// A writer fails half-way: the pipeline aborts and the earlier run's CSV
// files are as they were, with no temporary file left.
func TestOutputFailingWriter(t *testing.T) {
	dir := t.TempDir()
	schemas, arts := fixtureSchemas(), fixtureArticles()
	writeRun(t, dir, CSV, schemas, arts, Options{})
	before := listTree(t, dir)

	o, err := NewOutput(dir, OutputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w, err := New(CSV, o, schemas, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(arts[0]); err != nil {
		t.Fatal(err)
	}
	bad := &transform.Article{ID: "Bad", Rows: [][]transform.Row{{{"Bad", "Bad", "u", "not an int"}}}}
	err = w.Write(bad)
	if err == nil || !strings.Contains(err.Error(), "articles.words") {
		t.Fatalf("Write of a string in an int column: got %v, want an error naming articles.words", err)
	}
	o.Abort()
	if got := listTree(t, dir); !slices.Equal(got, before) {
		t.Errorf("after the failed run got %d files, want the earlier run's %d unchanged", len(got), len(before))
	}
}

// The jsonld folder is replaced whole: a run's documents and nothing else.
func TestOutputStagedFolderReplacesEarlier(t *testing.T) {
	dir := t.TempDir()
	schemas, arts := jsonldFixture()
	writeRun(t, dir, JSONLD, schemas, arts, Options{})
	if err := os.WriteFile(filepath.Join(dir, "jsonld", "stale.jsonld"), []byte("earlier"), 0o644); err != nil {
		t.Fatal(err)
	}
	writeRun(t, dir, JSONLD, schemas, arts[:1], Options{})
	got := listTree(t, dir)
	if len(got) != 1 || !strings.HasPrefix(got[0], "jsonld/") || strings.Contains(got[0], "stale") {
		t.Errorf("after a run of one article got %q", got)
	}
	writeRun(t, dir, JSONLD, schemas, nil, Options{})
	if got := listTree(t, dir); len(got) != 0 {
		t.Errorf("after a run without articles got %q, want an empty jsonld folder", got)
	}
}

func TestOutputStagedFolderAbort(t *testing.T) {
	dir := t.TempDir()
	o, err := NewOutput(dir, OutputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	temp, err := o.StageDir("jsonld")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(temp, "a.jsonld"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := o.StageDir("jsonld"); err == nil {
		t.Error("staging jsonld twice: want an error")
	}
	o.Abort()
	if got := listTree(t, dir); len(got) != 0 {
		t.Errorf("after Abort got %q, want nothing", got)
	}
}

func TestOutputCreateErrors(t *testing.T) {
	o, err := NewOutput(t.TempDir(), OutputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Abort()
	if _, err := o.Create("csv/a.csv"); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"csv/a.csv", "../escape.csv", "", "csv/../../x"} {
		if _, err := o.Create(rel); err == nil {
			t.Errorf("Create(%q): want an error", rel)
		}
	}
}

// Writers of different formats stage files from different goroutines.
func TestOutputConcurrentCreate(t *testing.T) {
	dir := t.TempDir()
	o, err := NewOutput(dir, OutputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, sub := range []string{"csv", "jsonld", "parquet", "."} {
		wg.Go(func() {
			for i := range 20 {
				f, err := o.Create(sub + "/" + strings.Repeat("f", i+1))
				if err != nil {
					t.Error(err)
					return
				}
				f.WriteString(sub)
			}
		})
	}
	wg.Wait()
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := listTree(t, dir); len(got) != 80 {
		t.Errorf("got %d files, want 80", len(got))
	}
}
