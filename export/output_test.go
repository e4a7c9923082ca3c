package export

import (
	"bytes"
	"errors"
	"fmt"
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
func stage(t testing.TB, dir string, files map[string]string) *Output {
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

// A second opening of a folder a run holds is refused at once, names the
// holder's PID and changes nothing; once the first run ends, it succeeds.
func TestOutputLock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	first := stage(t, dir, map[string]string{"csv/a.csv": "a\n"})
	before := listTree(t, dir)
	marker, _ := os.ReadFile(filepath.Join(dir, markerName))
	_, err := NewOutput(dir, OutputOptions{})
	var locked *LockedError
	if !errors.As(err, &locked) || locked.PID != os.Getpid() || !errors.Is(err, ErrRefused) {
		t.Fatalf("second NewOutput: %v, want a *LockedError naming pid %d", err, os.Getpid())
	}
	want := fmt.Sprintf("%s: export: the output folder is in use by another wikipipe run (pid %d)", dir, os.Getpid())
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q, want it to start %q", err, want)
	}
	if got := listTree(t, dir); !slices.Equal(got, before) {
		t.Errorf("the refused run changed the folder: %q, was %q", got, before)
	}
	if now, _ := os.ReadFile(filepath.Join(dir, markerName)); !bytes.Equal(now, marker) {
		t.Errorf("the refused run changed the marker: %q, was %q", now, marker)
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	second, err := NewOutput(dir, OutputOptions{})
	if err != nil {
		t.Fatalf("after the first run committed: %v", err)
	}
	second.Abort()
	second.Abort() // a second Abort, as a deferred one after a failure, does nothing
}

// Every run leaves the marker with its fixed text; a run that fails in a
// folder that did not exist leaves nothing at all.
func TestOutputMarker(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "out")
	stage(t, dir, map[string]string{"csv/a.csv": "a\n"}).Abort()
	if _, err := os.Lstat(filepath.Dir(dir)); !os.IsNotExist(err) {
		t.Errorf("an aborted first run left its folders behind (%v)", err)
	}
	if err := stage(t, dir, map[string]string{"csv/a.csv": "a\n"}).Commit(); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, markerName)); err != nil || string(b) != markerText {
		t.Errorf("marker after a commit: %q, %v; want %q", b, err, markerText)
	}
	stage(t, dir, map[string]string{"csv/a.csv": "b\n"}).Abort()
	if b, err := os.ReadFile(filepath.Join(dir, markerName)); err != nil || string(b) != markerText {
		t.Errorf("marker after an aborted later run: %q, %v; want it kept", b, err)
	}
	o := stage(t, dir, nil)
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := o.Commit(); err == nil {
		t.Error("a second Commit: want an error")
	}
	if _, err := o.Create("x.csv"); err == nil {
		t.Error("Create after Commit: want an error")
	}
}

// A folder that holds files but no marker is someone else's: refused,
// untouched, unless Force; an empty one is taken.
func TestOutputForeignFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "thesis.tex"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := NewOutput(dir, OutputOptions{})
	if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("NewOutput on a folder of the user's: %v, want a refusal that names --force", err)
	}
	if got := listTree(t, dir); !slices.Equal(got, []string{"thesis.tex=mine"}) {
		t.Errorf("the refused run changed the folder: %q", got)
	}
	if _, err := os.Lstat(filepath.Join(dir, markerName)); !os.IsNotExist(err) {
		t.Errorf("the refused run left a marker (%v)", err)
	}
	o, err := NewOutput(dir, OutputOptions{Force: true})
	if err != nil {
		t.Fatalf("with Force: %v", err)
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := NewOutput(dir, OutputOptions{}); err != nil {
		t.Errorf("the forced run's marker should let later runs in: %v", err)
	}
}

func TestCheckOutputDir(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	project := filepath.Join(home, "project")
	if err := os.MkdirAll(filepath.Join(project, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(project, "root")
	if err := os.Symlink("/", link); err != nil {
		t.Fatal(err)
	}
	t.Chdir(project)
	for _, c := range []struct {
		dir, configDir string
		says           string // "" for no error
	}{
		{"out", project, ""},
		{filepath.Join(project, "sub", "new", "out"), project, ""},
		{"/", project, "is the root of the file system"},
		{"/..", "", "is the root of the file system"},
		{"root", project, "is the root of the file system"}, // a link to /
		{"root/nonexistent", "", ""},
		{home, "", "is the home folder"},
		{"..", project, "is the home folder"},
		{filepath.Dir(home), "", "holds the home folder"},
		{".", project, "is the folder of the configuration"},
		{"sub/..", project, "is the folder of the configuration"},
		{"./", "", ""}, // without a configuration folder, only / and home are refused
		{"sub", "sub", "is the folder of the configuration"},
	} {
		err := CheckOutputDir(c.dir, c.configDir)
		switch {
		case c.says == "" && err != nil:
			t.Errorf("CheckOutputDir(%q, %q): %v", c.dir, c.configDir, err)
		case c.says != "" && (err == nil || !strings.Contains(err.Error(), c.says) || !errors.Is(err, ErrRefused)):
			t.Errorf("CheckOutputDir(%q, %q) = %v, want a refusal saying %q", c.dir, c.configDir, err, c.says)
		}
	}
	if _, err := NewOutput("/", OutputOptions{}); !errors.Is(err, ErrRefused) {
		t.Errorf("NewOutput(/): %v, want a refusal", err)
	}
}

// Nothing is written or removed through a symbolic link inside the output
// folder: a linked csv/ or jsonld/ is refused, a linked marker too, and a
// link in the place of a final file is replaced, its target untouched.
func TestOutputSymlinks(t *testing.T) {
	target := t.TempDir()
	if err := os.WriteFile(filepath.Join(target, "old.csv"), []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		link  string
		stage func(*Output) error
	}{
		{"csv", func(o *Output) error { _, err := o.Create("csv/a.csv"); return err }},
		{"jsonld", func(o *Output) error { _, err := o.StageDir("jsonld"); return err }},
		{"csv", func(o *Output) error { _, err := o.StageDir("csv/sub"); return err }},
	} {
		dir := t.TempDir()
		if err := os.Symlink(target, filepath.Join(dir, c.link)); err != nil {
			t.Fatal(err)
		}
		o, err := NewOutput(dir, OutputOptions{Force: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.stage(o); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "symbolic link") {
			t.Errorf("staging through the link %s: %v, want a refusal", c.link, err)
		}
		o.Abort()
		if got := listTree(t, target); !slices.Equal(got, []string{"old.csv=precious"}) {
			t.Errorf("the link's target changed: %q", got)
		}
	}

	dir := t.TempDir()
	if err := os.Symlink(filepath.Join(target, "old.csv"), filepath.Join(dir, markerName)); err != nil {
		t.Fatal(err)
	}
	if _, err := NewOutput(dir, OutputOptions{Force: true}); !errors.Is(err, ErrRefused) {
		t.Errorf("a marker that is a link: %v, want a refusal", err)
	}

	dir = t.TempDir()
	if err := stage(t, dir, map[string]string{"csv/a.csv": "a\n"}).Commit(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a.csv", "linked.csv"} { // replaced; kept as foreign
		if err := os.Remove(filepath.Join(dir, "csv", name)); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join(target, "old.csv"), filepath.Join(dir, "csv", name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := stage(t, dir, map[string]string{"csv/a.csv": "new\n"}).Commit(); err != nil {
		t.Fatal(err)
	}
	if got := listTree(t, target); !slices.Equal(got, []string{"old.csv=precious"}) {
		t.Errorf("the links' target changed: %q", got)
	}
	if fi, err := os.Lstat(filepath.Join(dir, "csv", "a.csv")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("csv/a.csv: %v, %v; want the run's file in the link's place", fi, err)
	}
	if fi, err := os.Lstat(filepath.Join(dir, "csv", "linked.csv")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("csv/linked.csv: %v; want the link kept", err)
	}
}

// Recover removes what killed runs left, rolls back a commit whose journal
// was never published, and leaves alone a folder that is not wikipipe's.
func TestRecover(t *testing.T) {
	if said, err := Recover(filepath.Join(t.TempDir(), "none")); said != "" || err != nil {
		t.Errorf("Recover of a missing folder: %q, %v", said, err)
	}
	foreign := t.TempDir()
	leftover := filepath.Join(foreign, ".a.csv.tmp-1")
	if err := os.WriteFile(leftover, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if said, err := Recover(foreign); said != "" || err != nil {
		t.Errorf("Recover of a folder without marker: %q, %v", said, err)
	}
	if _, err := os.Stat(leftover); err != nil {
		t.Errorf("Recover removed a file from a folder that is not wikipipe's: %v", err)
	}

	dir := t.TempDir()
	if err := stage(t, dir, map[string]string{"csv/a.csv": "a\n", "report.json": "{}"}).Commit(); err != nil {
		t.Fatal(err)
	}
	before := listTree(t, dir)
	if said, err := Recover(dir); said != "" || err != nil {
		t.Errorf("Recover of a clean folder: %q, %v", said, err)
	}
	for _, rel := range []string{journalName + tempMark + "1", ".report.json.tmp-2", "csv/.a.csv.tmp-3", ".jsonld.tmp-4/x.jsonld"} {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("partial"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	said, err := Recover(dir)
	if err != nil || !strings.Contains(said, "rolled back") || !strings.Contains(said, "removed its 4 temporary files") {
		t.Errorf("Recover: %q, %v; want it to say it rolled back and removed 4 files", said, err)
	}
	if got := listTree(t, dir); !slices.Equal(got, before) {
		t.Errorf("after Recover: %q, want %q", got, before)
	}

	if err := os.WriteFile(filepath.Join(dir, journalName), []byte(`{"renames":[{"from":"../x"`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := NewOutput(dir, OutputOptions{}); err == nil || !strings.Contains(err.Error(), "journal is damaged") {
		t.Errorf("a damaged journal: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, journalName), []byte(`{"renames":[{"from":"../x","to":"y"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Recover(dir); err == nil || !strings.Contains(err.Error(), "outside the output folder") {
		t.Errorf("a journal naming ../x: %v", err)
	}
}

// FuzzRecoverJournal recovers a folder from any journal: no panic, and
// nothing outside the folder, or behind a link inside it, is touched (a
// forged journal may still move the folder's own files about).
func FuzzRecoverJournal(f *testing.F) {
	f.Add([]byte(`{"pid":1,"renames":[{"from":"csv/.a.csv.tmp-1","to":"csv/a.csv"}],"dirs":[],"remove":["csv/b.csv"]}`))
	f.Add([]byte(`{"renames":[{"from":"../outside/keep","to":"x"}],"remove":["link/keep","../outside/keep"]}`))
	f.Add([]byte(`{"dirs":[{"temp":".j.tmp-1","final":"link","old":"../outside"}]}`))
	f.Add([]byte(`{"renames":[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		root := t.TempDir()
		dir, outside := filepath.Join(root, "out"), filepath.Join(root, "outside")
		for _, p := range []string{filepath.Join(dir, "csv"), outside} {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range []string{filepath.Join(outside, "keep"), filepath.Join(dir, markerName), filepath.Join(dir, "csv", ".a.csv.tmp-1"), filepath.Join(dir, "csv", "b.csv")} {
			if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, journalName), data, 0o644); err != nil {
			t.Fatal(err)
		}
		Recover(dir) // an error is fine; what it touched is checked below
		if got := listTree(t, outside); !slices.Equal(got, []string{"keep=x"}) {
			t.Fatalf("the folder outside holds %q", got)
		}
	})
}

// TestJournalPaths: a journal's paths are joined to the folder only when
// they stay inside it and reach their place through folders, not links.
func TestJournalPaths(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "file"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(t.TempDir(), filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		rels []string
		want []string // relative to dir; nil when an error is wanted
		err  string
	}{
		{rels: nil, want: []string{}},
		{rels: []string{"a.csv", "csv/a.csv"}, want: []string{"a.csv", "csv/a.csv"}},
		{rels: []string{"new/x/a.csv"}, want: []string{"new/x/a.csv"}}, // folders not made yet
		{rels: []string{"csv/./a.csv"}, want: []string{"csv/a.csv"}},
		{rels: []string{"a.csv", "../x"}, err: "outside the output folder"},
		{rels: []string{"csv/../../x"}, err: "outside the output folder"},
		{rels: []string{"/etc/passwd"}, err: "outside the output folder"},
		{rels: []string{""}, err: "outside the output folder"},
		{rels: []string{"link/a.csv"}, err: "symbolic link"},
		{rels: []string{"file/a.csv"}, err: "not a directory"},
	} {
		got, err := journalPaths(dir, tc.rels...)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("journalPaths(%q): %q, %v; want an error with %q", tc.rels, got, err, tc.err)
			}
			continue
		}
		want := make([]string, len(tc.want))
		for i, w := range tc.want {
			want[i] = filepath.Join(dir, filepath.FromSlash(w))
		}
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("journalPaths(%q): %q, %v; want %q", tc.rels, got, err, want)
		}
	}
}
