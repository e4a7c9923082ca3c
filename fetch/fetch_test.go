package fetch

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wikipipe/wikipipe/fetch/fetchtest"
)

// testRun is a Fetcher over a fake wiki, with the waits between attempts
// recorded instead of slept.
type testRun struct {
	*Fetcher
	mu     sync.Mutex
	sleeps []time.Duration
	warns  []string
}

func newRun(t *testing.T, opts Options) *testRun {
	t.Helper()
	r := &testRun{}
	if opts.Contact == "" {
		opts.Contact = "tests@example.org"
	}
	opts.Version = "test"
	opts.Sleep = func(ctx context.Context, d time.Duration) error {
		r.mu.Lock()
		r.sleeps = append(r.sleeps, d)
		r.mu.Unlock()
		return ctx.Err()
	}
	opts.Warn = func(m string) { r.warns = append(r.warns, m) }
	if opts.Timeout == 0 {
		opts.Timeout = 5 * time.Second
	}
	f, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	r.Fetcher = f
	return r
}

// all fetches sources and returns the pages.
func (r *testRun) all(sources ...Source) ([]*Page, error) {
	var pages []*Page
	err := r.Fetch(context.Background(), sources, func(p *Page) error {
		pages = append(pages, p)
		return nil
	})
	return pages, err
}

func titlesOf(pages []*Page) []string {
	out := make([]string, len(pages))
	for i, p := range pages {
		out[i] = p.Title
	}
	return out
}

// threePages fills a wiki with three corpus articles, a redirect to one of
// them and a page with a Wikidata item.
func threePages(t *testing.T, w fakeWiki) {
	w.Add("Alexander Y Type", corpus(t, "Alexander-Y-Type.txt"), "Q4719165")
	w.Add("Goryeo ware", corpus(t, "Goryeo-ware.txt"), "")
	w.Add("Royal Cinema", corpus(t, "royal_cinema.txt"), "Q7374454")
	w.Redirect("Goryeo celadon", "Goryeo ware")
}

func TestFetchIdentity(t *testing.T) {
	w := newFakeWiki(t)
	threePages(t, w)
	r := newRun(t, Options{})
	pages, err := r.all(w.source("Royal_Cinema", "goryeo celadon", "alexander Y Type"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := titlesOf(pages), []string{"Royal Cinema", "Goryeo ware", "Alexander Y Type"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("titles %q, want %q (the order given)", got, want)
	}
	royal, goryeo := w.Revisions("Royal Cinema")[0], w.PageID("Goryeo ware")
	p := pages[0]
	if p.RequestedTitle != "Royal Cinema" || p.Redirected() || p.PageID != w.PageID("Royal Cinema") || p.RevID != royal.ID ||
		!p.Timestamp.Equal(royal.Timestamp) || p.Timestamp.Location() != time.UTC || p.WikidataItem != "Q7374454" ||
		p.Wiki != w.Host() || p.Lang != "en" || p.Format != Wikitext || p.URL != w.URL+"/wiki/Royal_Cinema" {
		t.Errorf("page identity %+v", *p)
	}
	if string(p.Content) != corpus(t, "royal_cinema.txt") || p.SHA256 != sha256Hex(p.Content) {
		t.Error("content differs from the corpus file")
	}
	if g := pages[1]; g.RequestedTitle != "goryeo celadon" || !g.Redirected() || g.PageID != goryeo || g.WikidataItem != "" {
		t.Errorf("redirected page %+v", *g)
	}
	if n := pages[2]; n.RequestedTitle != "alexander Y Type" || n.Title != "Alexander Y Type" {
		t.Errorf("normalised page: requested %q, title %q", n.RequestedTitle, n.Title)
	}
	if c, s := w.Count("content"), w.Count("siteinfo"); c != 1 || s != 1 || w.Count("") != 2 {
		t.Errorf("%d content and %d siteinfo requests (of %d), want 1 and 1 (of 2)", c, s, w.Count(""))
	}
	if len(r.warns) != 0 {
		t.Errorf("warnings %q", r.warns)
	}
}

func TestBatching(t *testing.T) {
	w := newFakeWiki(t)
	files := []string{"Alexander-Y-Type.txt", "Goryeo-ware.txt", "BBDO.txt", "royal_cinema.txt", "Magnar-Saetre.txt"}
	var titles []string
	for i := range 120 {
		title := fmt.Sprintf("Page %03d", 120-i) // not in page-ID order
		w.Add(title, corpus(t, files[i%len(files)]), "")
		titles = append(titles, title)
	}
	pages, err := newRun(t, Options{}).all(w.source(titles...))
	if err != nil {
		t.Fatal(err)
	}
	if got := titlesOf(pages); fmt.Sprint(got) != fmt.Sprint(titles) {
		t.Fatalf("pages in order %q, want the order given", got)
	}
	for i, p := range pages {
		if string(p.Content) != corpus(t, files[i%len(files)]) {
			t.Fatalf("%s: content differs", p.Title)
		}
	}
	if n := w.Count("content"); n > 3 {
		t.Errorf("120 titles took %d content requests, want at most 3", n)
	}
}

func TestLongTitlesSplitBatch(t *testing.T) {
	w := newFakeWiki(t)
	var titles []string
	for i := range 50 {
		title := fmt.Sprintf("%03d %s", i, strings.Repeat("é", 60))
		w.Add(title, "x", "")
		titles = append(titles, title)
	}
	if _, err := newRun(t, Options{}).all(w.source(titles...)); err != nil {
		t.Fatal(err)
	}
	if n := w.Count("content"); n < 2 {
		t.Errorf("50 long titles in %d request: its URL would pass %d bytes", n, maxTitleBytes)
	}
}

func TestContinuation(t *testing.T) {
	w := newFakeWiki(t)
	threePages(t, w)
	w.SetLimits(4000, 2) // one article an answer
	pages, err := newRun(t, Options{}).all(w.source("Alexander Y Type", "Goryeo ware", "Royal Cinema"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		if p.SHA256 != sha256Hex([]byte(w.Revisions(p.Title)[0].Content)) {
			t.Errorf("%s: content differs", p.Title)
		}
	}
	if n := w.Count("content"); n != 3 {
		t.Errorf("%d content requests, want 3 (two continuations)", n)
	}
}

func TestPageErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		titles []string
		fault  fetchtest.Fault
		want   string
	}{
		{"missing", []string{"Goryeo ware", "No such page"}, nil, `"No such page": page does not exist`},
		{"missing after normalisation", []string{"no such page"}, nil, `"no such page" (as "No such page"): page does not exist`},
		{"invalid", []string{"Goryeo ware", "A [bracket]"}, nil, `"A [bracket]": invalid title: The requested page title contains invalid characters: "["`},
		{"namespace only", []string{"Talk:"}, nil, `"Talk:": invalid title: The requested page title is empty`},
		{"pipe", []string{"A|B"}, nil, `"A|B": invalid title`},
		{"empty", []string{"_"}, nil, `"_": invalid title`},
		{"API error", []string{"Goryeo ware", "Royal Cinema"}, fetchtest.APIError("internal_api_error_DBQueryError", "A database query error has occurred."),
			`"Goryeo ware" and 1 more titles: API error internal_api_error_DBQueryError: A database query error has occurred.`},
		{"not found", []string{"Goryeo ware"}, fetchtest.Status(http.StatusNotFound, ""), "HTTP 404 Not Found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newFakeWiki(t)
			threePages(t, w)
			if tc.fault != nil {
				w.Fail(tc.fault)
			}
			_, err := newRun(t, Options{}).all(w.source(tc.titles...))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "fetch "+w.Host()) {
				t.Fatalf("error %v, want one naming the wiki and %s", err, tc.want)
			}
			if tc.fault != nil && w.Count("") != 1 {
				t.Errorf("%d requests, want 1 (no retry)", w.Count(""))
			}
		})
	}
}

func TestRetries(t *testing.T) {
	for _, tc := range []struct {
		name     string
		faults   []fetchtest.Fault
		minSleep time.Duration // the least wait before the retry
	}{
		{"429 Retry-After seconds", []fetchtest.Fault{fetchtest.Status(http.StatusTooManyRequests, "1")}, time.Second},
		{"503 then success", []fetchtest.Fault{fetchtest.Status(http.StatusServiceUnavailable, "")}, 0},
		{"502 twice", []fetchtest.Fault{fetchtest.Status(http.StatusBadGateway, ""), fetchtest.Status(http.StatusBadGateway, "")}, 0},
		{"maxlag", []fetchtest.Fault{fetchtest.Maxlag("3")}, 3 * time.Second},
		{"maxlag without Retry-After", []fetchtest.Fault{fetchtest.Maxlag("")}, 5 * time.Second},
		{"slow server", []fetchtest.Fault{fetchtest.Slow(2 * time.Second)}, 0},
		{"truncated body", []fetchtest.Fault{fetchtest.Truncated()}, 0},
		{"truncated JSON", []fetchtest.Fault{fetchtest.CutJSON()}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newFakeWiki(t)
			threePages(t, w)
			w.Fail(tc.faults...)
			r := newRun(t, Options{Timeout: 200 * time.Millisecond, BaseDelay: 10 * time.Millisecond})
			pages, err := r.all(w.source("Goryeo ware"))
			if err != nil {
				t.Fatal(err)
			}
			if len(pages) != 1 || string(pages[0].Content) != corpus(t, "Goryeo-ware.txt") {
				t.Fatal("wrong page after the retry")
			}
			if want := len(tc.faults) + 1; w.Count("content") != want {
				t.Errorf("%d content requests, want %d", w.Count("content"), want)
			}
			if len(r.sleeps) != len(tc.faults) || r.sleeps[0] < tc.minSleep {
				t.Errorf("waits %v, want %d of at least %s", r.sleeps, len(tc.faults), tc.minSleep)
			}
		})
	}
}

// TestRetryAfterWaitedOut sleeps for real: a 429 with Retry-After: 1 costs
// a second and the run succeeds.
func TestRetryAfterWaitedOut(t *testing.T) {
	w := newFakeWiki(t)
	threePages(t, w)
	w.Fail(fetchtest.Status(http.StatusTooManyRequests, "1"))
	f, err := New(Options{Contact: "tests@example.org", BaseDelay: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := f.Fetch(context.Background(), []Source{w.source("Royal Cinema")}, func(*Page) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < time.Second {
		t.Errorf("done in %s: the Retry-After of 1 s was not waited out", d)
	}
}

func TestRetryAfterDate(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	c := &client{now: func() time.Time { return now }}
	for _, tc := range []struct {
		header string
		want   time.Duration
	}{
		{"", 0}, {"7", 7 * time.Second}, {" 0 ", 0}, {"-3", 0}, {"soon", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0},
	} {
		h := http.Header{}
		h.Set("Retry-After", tc.header)
		if got := c.retryAfter(h); got != tc.want {
			t.Errorf("Retry-After %q: %s, want %s", tc.header, got, tc.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	c := &client{baseDelay: 100 * time.Millisecond, maxDelay: time.Second}
	for attempt, want := range []time.Duration{100, 200, 400, 800, 1000, 1000, 1000} {
		want *= time.Millisecond
		for range 20 {
			if d := c.backoff(attempt); d < want/2 || d > want {
				t.Fatalf("attempt %d: %s, want within [%s, %s]", attempt, d, want/2, want)
			}
		}
	}
	if d := c.backoff(200); d > time.Second {
		t.Errorf("attempt 200: %s overflows", d)
	}
}

func TestGiveUp(t *testing.T) {
	w := newFakeWiki(t)
	threePages(t, w)
	for range 10 {
		w.Fail(fetchtest.Status(http.StatusServiceUnavailable, ""))
	}
	r := newRun(t, Options{Retries: 3, BaseDelay: time.Millisecond})
	_, err := r.all(w.source("Goryeo ware"))
	if err == nil || !strings.Contains(err.Error(), "giving up after 4 attempts") || !strings.Contains(err.Error(), "503") {
		t.Fatalf("error %v, want giving up after 4 attempts", err)
	}
	if w.Count("") != 4 {
		t.Errorf("%d requests, want 4", w.Count(""))
	}
}

func TestRetryAfterTooLong(t *testing.T) {
	w := newFakeWiki(t)
	threePages(t, w)
	w.Fail(fetchtest.Status(http.StatusTooManyRequests, "86400"))
	_, err := newRun(t, Options{}).all(w.source("Goryeo ware"))
	if err == nil || !strings.Contains(err.Error(), "server asks to wait 24h0m0s") {
		t.Fatalf("error %v, want a refusal to wait a day", err)
	}
}

func TestCancel(t *testing.T) {
	w := newFakeWiki(t)
	threePages(t, w)
	w.Fail(fetchtest.Slow(time.Minute))
	f, err := New(Options{Contact: "x"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := f.Fetch(ctx, []Source{w.source("Goryeo ware")}, func(*Page) error { return nil }); err == nil {
		t.Fatal("no error from a cancelled run")
	}
	if w.Count("") != 1 {
		t.Errorf("%d requests after the cancel, want 1", w.Count(""))
	}
}

func TestCallbackError(t *testing.T) {
	w := newFakeWiki(t)
	threePages(t, w)
	stop := fmt.Errorf("stop")
	n := 0
	err := newRun(t, Options{}).Fetch(context.Background(), []Source{w.source("Goryeo ware", "Royal Cinema")}, func(*Page) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Fatalf("error %v after %d pages, want the callback's after 1", err, n)
	}
}

func TestUserAgent(t *testing.T) {
	ua := UserAgent("0.1.0", "me@example.org")
	if !strings.HasPrefix(ua, "wikipipe/0.1.0 (https://github.com/wikipipe/wikipipe; me@example.org) Go-http-client go") {
		t.Errorf("User-Agent %q", ua)
	}
	var warns []string
	if _, err := New(Options{Warn: func(m string) { warns = append(warns, m) }}); err != nil {
		t.Fatal(err)
	}
	if len(warns) != 1 || warns[0] != NoContactWarning {
		t.Errorf("warnings %q, want the missing contact", warns)
	}
}

// TestHostInSeries runs two fetchers at once against one wiki: the wiki
// never sees two requests at a time.
func TestHostInSeries(t *testing.T) {
	w := newFakeWiki(t)
	threePages(t, w)
	for range 4 {
		w.Fail(fetchtest.Slow(20 * time.Millisecond))
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range 2 {
		r := newRun(t, Options{})
		wg.Go(func() { _, errs[i] = r.all(w.source("Goryeo ware", "Royal Cinema")) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if w.MaxInFlight() != 1 {
		t.Errorf("%d requests at once, want 1", w.MaxInFlight())
	}
}

func TestHTML(t *testing.T) {
	w := newFakeWiki(t)
	threePages(t, w)
	src := w.source("Royal_Cinema", "goryeo celadon")
	src.Format = HTML
	cache, _ := OpenCache(t.TempDir())
	first := newRun(t, Options{Cache: cache})
	pages, err := first.all(src)
	if err != nil {
		t.Fatal(err)
	}
	if got := titlesOf(pages); fmt.Sprint(got) != "[Royal Cinema Goryeo ware]" {
		t.Fatalf("titles %q", got)
	}
	p := pages[1]
	if p.Format != HTML || !strings.HasPrefix(string(p.Content), "<!DOCTYPE html>") || !strings.Contains(string(p.Content), "<title>Goryeo ware</title>") ||
		p.RevID != w.Revisions("Goryeo ware")[0].ID || p.RequestedTitle != "goryeo celadon" {
		t.Errorf("page %+v", *p)
	}
	if c, i, h := w.Count("content"), w.Count("ids"), w.Count("html"); c != 0 || i != 1 || h != 2 {
		t.Errorf("%d content, %d ids and %d html requests, want 0, 1 and 2", c, i, h)
	}
	w.Reset()
	if _, err := newRun(t, Options{Cache: cache}).all(src); err != nil {
		t.Fatal(err)
	}
	if h := w.Count("html"); h != 0 {
		t.Errorf("a rerun asked for %d HTML pages, want 0 (cached)", h)
	}
	if e := first.Lock().Entries(); len(e) != 2 || e[0].Format != HTML {
		t.Errorf("lock entries %+v, want 2 in HTML", e)
	}
	w.Reset()
	if _, err := newRun(t, Options{Cache: cache, Lock: first.Lock(), Mode: Locked, Offline: true}).all(src); err != nil {
		t.Fatal(err)
	}
	// The same titles as wikitext are other pages to the lock.
	src.Format = Wikitext
	if _, err := newRun(t, Options{Cache: cache, Lock: first.Lock(), Mode: Locked}).all(src); err == nil || !strings.Contains(err.Error(), "not in the lock") {
		t.Errorf("error %v, want the wikitext not in the lock", err)
	}
	if n := w.Count(""); n != 0 {
		t.Errorf("locked runs made %d requests, want 0", n)
	}
}

func TestCategory(t *testing.T) {
	w := newFakeWiki(t)
	threePages(t, w)
	w.Add("Zebra", "z", "")
	w.Add("Category:Wares", "", "")
	w.Add("Category:Cinemas", "", "")
	w.Add("Category:Things", "", "")
	w.Category("Category:Things", "Zebra", "Category:Wares", "Royal Cinema", "Category:Cinemas")
	w.Category("Category:Wares", "Goryeo ware", "Category:Things") // a cycle
	w.Category("Category:Cinemas", "Royal Cinema", "Alexander Y Type")
	for _, tc := range []struct {
		category string
		depth    int
		want     string
		requests int
	}{
		{"Things", 0, "[Royal Cinema Zebra]", 1}, // 2 members, cmLimit 2
		{"Category:Things", 1, "[Alexander Y Type Goryeo ware Royal Cinema Zebra]", 2 + 1 + 1},
		{"things", 5, "[Alexander Y Type Goryeo ware Royal Cinema Zebra]", 2 + 1 + 1},
	} {
		w.Reset()
		src := Source{Wiki: w.Host(), Scheme: "http", Category: tc.category, Depth: tc.depth}
		pages, err := newRun(t, Options{}).all(src)
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(titlesOf(pages)); got != tc.want {
			t.Errorf("%s depth %d: %s, want %s", tc.category, tc.depth, got, tc.want)
		}
		if n := w.Count("category"); n != tc.requests {
			t.Errorf("%s depth %d: %d category requests, want %d", tc.category, tc.depth, n, tc.requests)
		}
	}
}

func TestDuplicatePages(t *testing.T) {
	w := newFakeWiki(t)
	threePages(t, w)
	r := newRun(t, Options{})
	pages, err := r.all(w.source("Goryeo ware", "Goryeo celadon"), w.source("Goryeo_ware"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 1 || len(r.warns) != 2 {
		t.Errorf("%d pages and warnings %q, want 1 page and 2 warnings", len(pages), r.warns)
	}
	if e := r.Lock().Lookup(w.Host(), Wikitext, "Goryeo celadon"); e == nil || e.Title != "Goryeo ware" {
		t.Errorf("the lock does not remember the redirect: %+v", e)
	}
}
