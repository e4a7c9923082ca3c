package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wikipipe/wikipipe/fetch/fetchtest"
	"github.com/wikipipe/wikipipe/report"
)

// The end-to-end tests of fetching: the CLI against fetchtest's fake wiki,
// with the cache in a temporary XDG_CACHE_HOME so that no test touches the
// user's, and no request leaving the machine.

const goryeo = "../../testdata/corpus/wikitext/Goryeo-ware.txt"

// fetchSetup starts a wiki holding Goryeo ware and returns it with a folder
// holding a pipeline.yaml that writes csv.
func fetchSetup(t *testing.T) (*fetchtest.Wiki, string, []byte) {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	content, err := os.ReadFile(goryeo)
	if err != nil {
		t.Fatal(err)
	}
	w := fetchtest.NewWiki(t)
	w.Add("Goryeo ware", string(content), "Q1130453")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "pipeline.yaml"), []byte("formats: [csv]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return w, dir, content
}

func mustRun(t *testing.T, dir string, args ...string) string {
	t.Helper()
	code, _, stderr := runCLI(t, context.Background(), dir, nil, append([]string{"run", "-q"}, args...)...)
	if code != exitOK {
		t.Fatalf("wikipipe run %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
	}
	return stderr
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// identity are the columns that say which page an article is and where it
// was read from: they differ between a fetched page and the same wikitext
// read from a file. (wiki, language, page_id and wikidata_item are in the
// list for the articles columns that carry the Document's identity.)
var identity = []string{"title", "url", "source", "revision_id", "revision_timestamp", "wiki", "language", "page_id", "wikidata_item"}

// TestRunFetchedPageLikeFile: a page URL gives the datasets the same
// wikitext gives from a file, but for the page's identity: the wiki's title
// (here after its normalisation of "goryeo_ware"), revision and URL.
func TestRunFetchedPageLikeFile(t *testing.T) {
	w, dir, content := fetchSetup(t)
	if err := os.WriteFile(filepath.Join(dir, "Goryeo_ware.wikitext"), content, 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, dir, "-o", "file", "Goryeo_ware.wikitext")
	pageURL := w.URL + "/wiki/goryeo_ware"
	stderr := mustRun(t, dir, "-o", "fetched", "--contact", "test@example.org", pageURL)
	if stderr != "" {
		t.Errorf("stderr: %s", stderr)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "file", "csv", "*.csv"))
	if len(files) < 6 {
		t.Fatalf("%d CSV files", len(files))
	}
	rev := w.Revisions("Goryeo ware")[0]
	for _, f := range files {
		name := filepath.Base(f)
		want, got := readCSV(t, f), readCSV(t, filepath.Join(dir, "fetched", "csv", name))
		if len(want) != len(got) || len(got) == 0 || !slices.Equal(want[0], got[0]) {
			t.Errorf("%s: %d rows %v, want %d %v", name, len(got), got[:min(1, len(got))], len(want), want[:1])
			continue
		}
		header := got[0]
		for i := 1; i < len(got); i++ {
			for c, col := range header {
				if !slices.Contains(identity, col) && got[i][c] != want[i][c] {
					t.Errorf("%s row %d %s: %q, from the file %q", name, i, col, got[i][c], want[i][c])
				}
			}
		}
		if name != "articles.csv" {
			continue
		}
		a := map[string]string{}
		for c, col := range header {
			a[col] = got[1][c]
		}
		wantCols := map[string]string{
			"article_id": "Goryeo_ware", "title": "Goryeo ware", "source": w.URL + "/wiki/Goryeo_ware",
			"revision_id": strconv.FormatInt(rev.ID, 10), "revision_timestamp": rev.Timestamp.Format(time.RFC3339),
		}
		for col, v := range wantCols {
			if a[col] != v {
				t.Errorf("articles.%s = %q, want %q", col, a[col], v)
			}
		}
		// The article's URL is on the server's host (URLs are written
		// https://, as every Wikimedia wiki serves them).
		if want := "https://" + w.Host() + "/wiki/Goryeo_ware"; a["url"] != want || a["wiki"] != w.Host() {
			t.Errorf("articles.url = %q, wiki = %q; want %q on %s", a["url"], a["wiki"], want, w.Host())
		}
	}
	rep := readReport(t, filepath.Join(dir, "fetched"))
	want := report.Page{Wiki: w.Host(), Title: "Goryeo ware", Requested: "goryeo ware", PageID: w.PageID("Goryeo ware"), Revision: rev.ID}
	if len(rep.Inputs) != 1 || rep.Inputs[0].Page == nil || *rep.Inputs[0].Page != want || rep.Inputs[0].Path != w.URL+"/wiki/Goryeo_ware" {
		t.Errorf("report inputs %+v, want page %+v", rep.Inputs, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "wikipipe.lock")); err != nil {
		t.Errorf("no lock beside pipeline.yaml: %v", err)
	}
}

func readReport(t *testing.T, out string) report.Report {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep report.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestRunFetches120TitlesIn3Requests names 120 pages one URL each: they are
// asked 50 a request, one request at a time.
func TestRunFetches120TitlesIn3Requests(t *testing.T) {
	w, dir, _ := fetchSetup(t)
	args := []string{"-o", "out", "--contact", "test@example.org"}
	for i := range 120 {
		title := fmt.Sprintf("Page %03d", i)
		w.Add(title, fmt.Sprintf("'''%s''' is page %d.\n\n== History ==\nText.\n", title, i), "")
		args = append(args, w.URL+"/wiki/"+strings.ReplaceAll(title, " ", "_"))
	}
	mustRun(t, dir, args...)
	if n := w.Count("content"); n > 3 {
		t.Errorf("%d content requests for 120 titles, want at most 3", n)
	}
	if n := w.MaxInFlight(); n != 1 {
		t.Errorf("%d requests at once, want 1", n)
	}
	rep := readReport(t, filepath.Join(dir, "out"))
	if rep.Articles != 120 || len(rep.Inputs) != 120 || rep.Inputs[119].Page.Title != "Page 119" {
		t.Errorf("%d articles, %d inputs", rep.Articles, len(rep.Inputs))
	}
	t.Logf("%d requests: %d content, %d siteinfo", w.Count(""), w.Count("content"), w.Count("siteinfo"))
}

// TestRunWaitsOutRetryAfter: a 429 with Retry-After: 1 is waited out. The
// run has no pipeline file: it needs none, and its lock is in the current
// folder.
func TestRunWaitsOutRetryAfter(t *testing.T) {
	w, dir, _ := fetchSetup(t)
	if err := os.Remove(filepath.Join(dir, "pipeline.yaml")); err != nil {
		t.Fatal(err)
	}
	w.Fail(fetchtest.Status(429, "1"))
	began := time.Now()
	mustRun(t, dir, "-o", "out", "--contact", "test@example.org", w.URL+"/wiki/Goryeo_ware")
	if d := time.Since(began); d < time.Second {
		t.Errorf("the run took %v: it did not wait the second asked", d)
	}
	if rep := readReport(t, filepath.Join(dir, "out")); rep.Articles != 1 || len(rep.Formats) != 4 {
		t.Errorf("%d articles, formats %v", rep.Articles, rep.Formats)
	}
	if n := w.Count("content"); n != 2 {
		t.Errorf("%d content requests, want the 429 and its retry", n)
	}
	if _, err := os.Stat(filepath.Join(dir, "wikipipe.lock")); err != nil {
		t.Errorf("no lock in the current folder: %v", err)
	}
}

// TestRunLockedOffline: a rerun with --locked --offline makes no request
// and writes the same bytes; it leaves the lock alone.
func TestRunLockedOffline(t *testing.T) {
	w, dir, _ := fetchSetup(t)
	page := w.URL + "/wiki/Goryeo_ware"
	out := filepath.Join(dir, "out")
	mustRun(t, dir, "-o", out, "-f", "csv,xlsx,parquet,jsonld", "--contact", "test@example.org", page)
	first := filesOf(t, out)
	lock := readFile(t, filepath.Join(dir, "wikipipe.lock"))
	w.Reset()
	w.Edit("Goryeo ware", "'''Goryeo ware''' changed.\n")
	mustRun(t, dir, "-o", out, "-f", "csv,xlsx,parquet,jsonld", "--contact", "test@example.org", "--locked", "--offline", page)
	if n := w.Count(""); n != 0 {
		t.Errorf("%d requests, want none: %v", n, w.Requests())
	}
	second := filesOf(t, out)
	if len(first) < 10 || len(first) != len(second) {
		t.Errorf("%d files, then %d", len(first), len(second))
	}
	for name, b := range first {
		if !bytes.Equal(second[name], b) {
			t.Errorf("%s differs", name)
		}
	}
	if got := readFile(t, filepath.Join(dir, "wikipipe.lock")); !bytes.Equal(got, lock) {
		t.Errorf("--locked changed the lock:\n%s", got)
	}
}

// TestRunFailedLeavesLock: a run that fails after it fetched (here: its
// warning of no contact, under --strict) leaves wikipipe.lock as it was; the
// same run that succeeds moves it to the new revision.
func TestRunFailedLeavesLock(t *testing.T) {
	w, dir, _ := fetchSetup(t)
	page := w.URL + "/wiki/Goryeo_ware"
	mustRun(t, dir, "-o", "out", "--contact", "test@example.org", page)
	lockPath := filepath.Join(dir, "wikipipe.lock")
	lock := readFile(t, lockPath)
	rev := w.Edit("Goryeo ware", "'''Goryeo ware''' changed.\n")
	code, _, stderr := runCLI(t, context.Background(), dir, nil, "run", "-o", "out", "--update", "--strict", page)
	if code != exitData || !strings.Contains(stderr, "pipeline.yaml: fetch: no contact set") {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, exitData, stderr)
	}
	if got := readFile(t, lockPath); !bytes.Equal(got, lock) {
		t.Errorf("a failed run changed the lock:\n%s", got)
	}
	mustRun(t, dir, "-o", "out", "--update", "--contact", "test@example.org", page)
	if got := readFile(t, lockPath); !bytes.Contains(got, []byte(fmt.Sprintf("\t%d\t", rev))) {
		t.Errorf("--update did not lock revision %d:\n%s", rev, got)
	}
}

// TestRunFetchFromPipeline reads pipeline.yaml's fetch inputs: titles_from
// (beside the pipeline file) and a category, in input order around a file.
func TestRunFetchFromPipeline(t *testing.T) {
	w, dir, content := fetchSetup(t)
	w.Add("Celadon", "'''Celadon''' is a glaze.\n", "")
	w.Add("Onggi", "'''Onggi''' is earthenware.\n", "")
	w.Add("Category:Korean pottery", "", "")
	w.Category("Category:Korean pottery", "Onggi", "Goryeo ware")
	sub := filepath.Join(dir, "sub")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	yaml := fmt.Sprintf(`contact: test@example.org
formats: [csv]
inputs:
  - {wiki: %[1]s, api: "%[2]s/w/api.php", titles_from: titles.txt}
  - Goryeo_ware.wikitext
  - {wiki: %[1]s, api: "%[2]s/w/api.php", category: Korean pottery}
`, w.Host(), w.URL)
	for name, data := range map[string][]byte{"pipeline.yaml": []byte(yaml), "titles.txt": []byte("# glazes\nceladon\n"), "Goryeo_ware.wikitext": content} {
		if err := os.WriteFile(filepath.Join(sub, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mustRun(t, dir, "-c", "sub/pipeline.yaml", "-o", "out")
	var got []string
	for _, row := range readCSV(t, filepath.Join(dir, "out", "csv", "articles.csv"))[1:] {
		got = append(got, row[0])
	}
	// The category's members sorted by title; the file's article renamed as
	// the page of the same title read after it.
	want := []string{"Celadon", "Goryeo_ware", "Goryeo_ware_2", "Onggi"}
	if !slices.Equal(got, want) {
		t.Errorf("articles %v, want %v", got, want)
	}
	if _, err := os.Stat(filepath.Join(sub, "wikipipe.lock")); err != nil {
		t.Errorf("no lock beside pipeline.yaml: %v", err)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// filesOf is every file under dir by its slash path, report.json without
// its timings.
func filesOf(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b := readFile(t, p)
		if rel == "report.json" {
			b = withoutTimings(t, b)
		}
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestRunFetchInputErrors: mistakes in what a run fetches are located and
// exit 2 (the inputs), or 1 (what the wiki answered), before anything is
// written.
func TestRunFetchInputErrors(t *testing.T) {
	w, dir, _ := fetchSetup(t)
	yaml := func(input string) string {
		return fmt.Sprintf("contact: t@example.org\ninputs:\n  - {wiki: %s, api: \"%s/w/api.php\", %s}\n", w.Host(), w.URL, input)
	}
	if err := os.WriteFile(filepath.Join(dir, "bad.txt"), []byte("Goryeo ware\nA|B\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, pipeline string
		args           []string
		code           int
		says           string
	}{
		{"titles_from missing", yaml("titles_from: nope.txt"), nil, exitUsage, "nope.txt: read: no such file or directory"},
		{"titles_from bad line", yaml("titles_from: bad.txt"), nil, exitUsage, `bad.txt:2:2: fetch: '|' cannot be in a title`},
		{"missing page", yaml("titles: [Goryeo wear]"), nil, exitData, `"Goryeo wear": page does not exist`},
		{"locked, not in the lock", yaml("titles: [Goryeo ware]"), []string{"--locked"}, exitData, "is not in the lock"},
		{"update offline", yaml("titles: [Goryeo ware]"), []string{"--update", "--offline"}, exitUsage, "--update needs the network"},
		{"bad lock", "", []string{w.URL + "/wiki/Goryeo_ware"}, exitUsage, "wikipipe.lock:1:1: lock:"},
	} {
		t.Run(c.name, func(t *testing.T) {
			lock := filepath.Join(dir, "wikipipe.lock")
			os.Remove(lock)
			if c.name == "bad lock" {
				if err := os.WriteFile(lock, []byte("not a lock\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(dir, "p.yaml"), []byte(c.pipeline), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "out")
			code, _, stderr := runCLI(t, context.Background(), dir, nil, append([]string{"run", "-q", "-c", "p.yaml", "-o", out}, c.args...)...)
			if code != c.code || !strings.Contains(stderr, c.says) {
				t.Errorf("exit %d, want %d; stderr:\n%s\nwant it to say %q", code, c.code, stderr, c.says)
			}
			if _, err := os.Stat(filepath.Join(out, "report.json")); err == nil {
				t.Errorf("a failed run wrote its outputs")
			}
		})
	}
}
