package wikipipe

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wikipipe/wikipipe/config"
	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/fetch"
	"github.com/wikipipe/wikipipe/fetch/fetchtest"
)

func TestPageDocument(t *testing.T) {
	ts := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	for _, format := range []fetch.Format{fetch.Wikitext, fetch.HTML} {
		content := "'''Goryeo ware''' is pottery.\n\n== History ==\nOld.\n"
		if format == fetch.HTML {
			content = "<html><head><title>Other</title></head><body><p>Pottery.</p><h2>History</h2><p>Old.</p></body></html>"
		}
		p := &fetch.Page{Wiki: "ko.wikipedia.org", Lang: "ko", RequestedTitle: "goryeo celadon", Title: "Goryeo ware",
			PageID: 7, RevID: 99, Timestamp: ts, WikidataItem: "Q1130453", URL: "https://ko.wikipedia.org/wiki/Goryeo_ware",
			Format: format, Content: []byte(content), SHA256: "x"}
		doc := p.Document(extract.Options{})
		want := extract.Document{Title: "Goryeo ware", Wiki: extract.Wiki{Host: "ko.wikipedia.org", Language: "ko"}, PageID: 7,
			WikidataItem: "Q1130453", Revision: &extract.Revision{ID: 99, Timestamp: "2024-05-06T07:08:09Z"}}
		if doc.Title != want.Title || doc.Wiki != want.Wiki || doc.PageID != want.PageID || doc.WikidataItem != want.WikidataItem || *doc.Revision != *want.Revision {
			t.Errorf("%s: %+v", format, doc)
		}
		if doc.Source.Path != p.URL || doc.Source.Dialect != extract.Dialect(format) || len(doc.Sections) != 2 {
			t.Errorf("%s: source %+v, %d sections", format, doc.Source, len(doc.Sections))
		}
		if len(doc.Diagnostics) > 0 {
			t.Errorf("%s: diagnostics %v", format, doc.Diagnostics)
		}
		in := pageInput(p, doc)
		if in.Page == nil || in.Page.Requested != "goryeo celadon" || in.Path != p.URL || in.Documents != 1 {
			t.Errorf("%s: report input %+v %+v", format, in, in.Page)
		}
	}
}

// fetchConfig is a config in dir whose inputs alternate fetch inputs of w
// and files, so that fetch jobs sit between file jobs.
func fetchConfig(t *testing.T, w *fetchtest.Wiki, dir string) *config.Config {
	cfg := testConfig(t, filepath.Join(dir, "out"))
	cfg.Path, cfg.Contact = filepath.Join(dir, "pipeline.yaml"), "test@example.org"
	cfg.Formats = cfg.Formats[:1] // csv
	page := func(titles ...string) config.Input {
		return config.Input{Format: extract.Wikitext, Wiki: w.Host(), Fetch: &config.Fetch{Source: fetch.Source{Wiki: w.Host(), Scheme: "http", Titles: titles}}}
	}
	seed := corpus + "/seed/azerbaijan-united-states-relations.txt"
	cfg.Inputs = []config.Input{page("Alpha"), {Path: seed, Format: extract.Auto}, page("Beta"), page("Gamma"),
		{Path: corpus + "/wikitext", Format: extract.Auto}, page("Delta")}
	return cfg
}

func TestRunFetchJobsInInputOrder(t *testing.T) {
	w := fetchtest.NewWiki(t)
	for _, title := range []string{"Alpha", "Beta", "Gamma", "Delta"} {
		w.Add(title, "'''"+title+"''' is a page.\n\n{| class=\"wikitable\"\n! A\n|-\n| 1\n|}\n", "")
	}
	cache, dir := t.TempDir(), t.TempDir()
	var first map[string][]byte
	for _, workers := range []int{1, 2, 8} {
		cfg := fetchConfig(t, w, dir)
		cfg.Output = filepath.Join(t.TempDir(), "out")
		if _, err := Run(context.Background(), cfg, Options{Workers: workers, Fetch: FetchOptions{CacheDir: cache}}); err != nil {
			t.Fatalf("-j %d: %v", workers, err)
		}
		files := readTree(t, cfg.Output)
		if first == nil {
			first = files
			rows, err := csv.NewReader(bytes.NewReader(files["csv/articles.csv"])).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, r := range rows[1:] {
				ids = append(ids, r[0])
			}
			if len(ids) < 10 || ids[0] != "Alpha" || ids[2] != "Beta" || ids[3] != "Gamma" || ids[len(ids)-1] != "Delta" {
				t.Errorf("articles in order %v", ids)
			}
			continue
		}
		for name, b := range first {
			if !bytes.Equal(files[name], b) {
				t.Errorf("-j %d: %s differs from -j 1", workers, name)
			}
		}
	}
	if n := w.MaxInFlight(); n != 1 {
		t.Errorf("%d requests at once", n)
	}
}

func TestRunFetchErrors(t *testing.T) {
	w := fetchtest.NewWiki(t)
	w.Add("Alpha", "'''Alpha'''.\n", "")
	for _, c := range []struct {
		name   string
		titles []string
		opts   FetchOptions
		usage  bool
		says   string
	}{
		{"missing page", []string{"Nope"}, FetchOptions{}, false, `"Nope": page does not exist`},
		{"invalid title", []string{"A[b]"}, FetchOptions{}, false, `"A[b]": invalid title`},
		{"locked, no lock", []string{"Alpha"}, FetchOptions{Mode: fetch.Locked}, false, "is not in the lock"},
		{"update offline", []string{"Alpha"}, FetchOptions{Mode: fetch.Update, Offline: true}, true, "--update needs the network"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := fetchConfig(t, w, dir)
			cfg.Inputs = []config.Input{{Format: extract.Wikitext, Wiki: w.Host(), Fetch: &config.Fetch{Source: fetch.Source{Wiki: w.Host(), Scheme: "http", Titles: c.titles}}}}
			c.opts.CacheDir = t.TempDir()
			_, err := Run(context.Background(), cfg, Options{Workers: 2, Fetch: c.opts})
			var ue *UsageError
			if err == nil || !strings.Contains(err.Error(), c.says) || errors.As(err, &ue) != c.usage {
				t.Fatalf("err = %v, want one saying %q (usage error: %v)", err, c.says, c.usage)
			}
			noLockNorReport(t, dir, cfg)
		})
	}
}

// TestRunFetchHTML reads a page as Parsoid HTML, one REST request a page.
func TestRunFetchHTML(t *testing.T) {
	w := fetchtest.NewWiki(t)
	w.Add("Alpha", "Alpha is a page.", "Q1")
	dir := t.TempDir()
	cfg := fetchConfig(t, w, dir)
	cfg.Inputs = []config.Input{{Format: extract.HTML, Wiki: w.Host(), Fetch: &config.Fetch{Source: fetch.Source{Wiki: w.Host(), Scheme: "http", Titles: []string{"alpha"}, Format: fetch.HTML}}}}
	if _, err := Run(context.Background(), cfg, Options{Fetch: FetchOptions{CacheDir: t.TempDir()}}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(readTree(t, cfg.Output)["csv/articles.csv"])).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("articles %v %v", rows, err)
	}
	a := map[string]string{}
	for i, col := range rows[0] {
		a[col] = rows[1][i]
	}
	if a["title"] != "Alpha" || a["dialect"] != "html" || a["source"] != w.URL+"/wiki/Alpha" || a["revision_id"] == "" {
		t.Errorf("articles row %v", a)
	}
	if n := w.Count("html"); n != 1 {
		t.Errorf("%d Parsoid requests", n)
	}
	lock, err := os.ReadFile(filepath.Join(dir, fetch.LockName))
	if err != nil || !bytes.Contains(lock, []byte("\tformat=html")) {
		t.Errorf("lock %s %v", lock, err)
	}
}

// TestRunFetchInterrupted: a run cancelled while it waits for the wiki
// stops at once and leaves no lock and no output.
func TestRunFetchInterrupted(t *testing.T) {
	w := fetchtest.NewWiki(t)
	w.Add("Alpha", "'''Alpha'''.\n", "")
	w.Fail(fetchtest.Slow(time.Minute))
	dir := t.TempDir()
	cfg := fetchConfig(t, w, dir)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	began := time.Now()
	_, err := Run(ctx, cfg, Options{Workers: 2, Fetch: FetchOptions{CacheDir: t.TempDir()}})
	if !errors.Is(err, context.Canceled) || time.Since(began) > 5*time.Second {
		t.Fatalf("err = %v after %v, want context.Canceled at once", err, time.Since(began))
	}
	noLockNorReport(t, dir, cfg)
}

// noLockNorReport checks that a run that failed wrote no lock and
// committed no output.
func noLockNorReport(t *testing.T, dir string, cfg *config.Config) {
	t.Helper()
	for _, p := range []string{filepath.Join(dir, fetch.LockName), filepath.Join(cfg.Output, "report.json")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("a failed run wrote %s", p)
		}
	}
}

// TestRunFetchWarningsInInputOrder: a page named by two fetch inputs is
// read once, with a warning that comes in input order: after those of the
// file between them, at any worker count.
func TestRunFetchWarningsInInputOrder(t *testing.T) {
	w := fetchtest.NewWiki(t)
	w.Add("Alpha", "'''Alpha'''.\n", "")
	cache := t.TempDir()
	for _, workers := range []int{1, 2, 8} {
		dir := t.TempDir()
		cfg := fetchConfig(t, w, dir)
		page := func(title string) config.Input {
			return config.Input{Format: extract.Wikitext, Wiki: w.Host(), Fetch: &config.Fetch{Source: fetch.Source{Wiki: w.Host(), Scheme: "http", Titles: []string{title}}}}
		}
		cfg.Inputs = []config.Input{page("Alpha"), {Path: corpus + "/wikitext/BBDO.txt", Format: extract.Auto}, page("alpha")}
		var got []string
		rep, err := Run(context.Background(), cfg, Options{Workers: workers, Fetch: FetchOptions{CacheDir: cache},
			Diagnostic: func(d diag.Diagnostic) { got = append(got, d.String()) }})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Articles != 2 || len(got) < 2 || !strings.HasSuffix(got[len(got)-1], `fetch: `+w.Host()+`: "Alpha" is named twice in the inputs; read once [W-fetch-duplicate]`) ||
			!strings.Contains(got[len(got)-2], "BBDO") {
			t.Errorf("-j %d: %d articles, diagnostics:\n%s", workers, rep.Articles, strings.Join(got, "\n"))
		}
	}
}
