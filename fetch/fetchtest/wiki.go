// Package fetchtest serves a fake MediaWiki wiki over HTTP for tests: the
// Action API (formatversion=2) and the REST API's Parsoid HTML, from pages
// held in memory, with faults to inject (429, 5xx, maxlag, slow and
// truncated answers) and a log of the requests it saw. It never reaches the
// network: it listens on a loopback httptest.Server.
package fetchtest

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// Wiki answers like a MediaWiki wiki at URL/w/api.php. Response shapes
// follow the API documentation: API:Revisions, API:Query (normalized,
// redirects, missing and invalid pages), API:Continue,
// API:Categorymembers, API:Siteinfo and Manual:Maxlag parameter. Its
// siteinfo gives the language "en" and the article path /wiki/$1.
type Wiki struct {
	URL string // http://127.0.0.1:PORT

	t   testing.TB
	srv *httptest.Server

	mu         sync.Mutex
	pages      map[string]*page // by title
	nextID     int64
	redirects  map[string]string
	categories map[string][]string // full category title → member titles, as listed
	maxContent int                 // content bytes an answer holds before it continues; 0: all
	cmLimit    int                 // category members an answer holds
	faults     []Fault             // served one a request, before the normal answers
	requests   []url.URL
	inFlight   int
	maxFlight  int
}

// page is a page of the wiki.
type page struct {
	id    int64
	title string
	ns    int
	item  string
	revs  []Rev // oldest first
}

// Rev is one revision of a page.
type Rev struct {
	ID        int64
	Timestamp time.Time
	Content   string
}

// Fault answers one request instead of the wiki; it returns false to let
// the wiki answer after all (a slow server that does answer).
type Fault func(w http.ResponseWriter, r *http.Request) bool

// NewWiki starts an empty wiki, stopped when the test ends.
func NewWiki(t testing.TB) *Wiki {
	w := &Wiki{t: t, pages: map[string]*page{}, nextID: 100, redirects: map[string]string{}, categories: map[string][]string{}, cmLimit: 2}
	w.srv = httptest.NewServer(w)
	w.URL = w.srv.URL
	t.Cleanup(w.srv.Close)
	return w
}

// Host is the wiki's host and port, as a page URL or a pipeline names it.
func (w *Wiki) Host() string { return strings.TrimPrefix(w.URL, "http://") }

// Add creates a page with one revision; item is its Wikidata item, or "".
// A title in "Category:" is a category page.
func (w *Wiki) Add(title, content, item string) (pageID, revID int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	ns := 0
	if strings.HasPrefix(title, categoryNS) {
		ns = 14
	}
	p := &page{id: w.nextID, title: title, ns: ns, item: item}
	w.nextID++
	w.pages[title] = p
	return p.id, w.editLocked(p, content)
}

// Edit adds a revision to the page and returns its ID.
func (w *Wiki) Edit(title, content string) int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.editLocked(w.pages[title], content)
}

func (w *Wiki) editLocked(p *page, content string) int64 {
	id := w.nextID * 10
	w.nextID++
	p.revs = append(p.revs, Rev{ID: id, Timestamp: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC).Add(time.Duration(id) * time.Minute), Content: content})
	return id
}

// PageID is the ID of the page, or 0 when there is none.
func (w *Wiki) PageID(title string) int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	if p := w.pages[title]; p != nil {
		return p.id
	}
	return 0
}

// Revisions returns the page's revisions, oldest first.
func (w *Wiki) Revisions(title string) []Rev {
	w.mu.Lock()
	defer w.mu.Unlock()
	if p := w.pages[title]; p != nil {
		return slices.Clone(p.revs)
	}
	return nil
}

// Redirect makes from a redirect to the page to.
func (w *Wiki) Redirect(from, to string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.redirects[from] = to
}

// Category sets the members of a category ("Category:Name"), in the order
// the wiki lists them; a member in "Category:" is a sub-category.
func (w *Wiki) Category(title string, members ...string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.categories[title] = members
}

// SetLimits sets how many content bytes an answer holds before it
// continues (0: all), as $wgAPIMaxResultSize does, and how many category
// members an answer lists (2 by default).
func (w *Wiki) SetLimits(maxContent, categoryMembers int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.maxContent, w.cmLimit = maxContent, categoryMembers
}

// Fail queues faults: each answers one request, in order, before the wiki
// answers normally again.
func (w *Wiki) Fail(f ...Fault) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.faults = append(w.faults, f...)
}

// Reset forgets the requests seen so far.
func (w *Wiki) Reset() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.requests = nil
}

// Requests returns the URLs of the requests seen, in order.
func (w *Wiki) Requests() []url.URL {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.requests)
}

// MaxInFlight is the most requests the wiki answered at once.
func (w *Wiki) MaxInFlight() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.maxFlight
}

// Count is the number of requests seen of a kind (see Kind), or of all
// kinds for "".
func (w *Wiki) Count(kind string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, u := range w.requests {
		if kind == "" || Kind(u) == kind {
			n++
		}
	}
	return n
}

// Kind classifies a request: "siteinfo", "content" (revisions with
// content), "ids" (revisions without), "category", "html" (Parsoid) or
// "other".
func Kind(u url.URL) string {
	q := u.Query()
	switch {
	case strings.HasPrefix(u.Path, "/api/rest_v1/"):
		return "html"
	case q.Get("meta") == "siteinfo":
		return "siteinfo"
	case q.Get("list") == "categorymembers":
		return "category"
	case strings.Contains(q.Get("rvprop"), "content"):
		return "content"
	case q.Has("rvprop"):
		return "ids"
	}
	return "other"
}

func (w *Wiki) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	w.mu.Lock()
	w.requests = append(w.requests, *r.URL)
	w.inFlight++
	w.maxFlight = max(w.maxFlight, w.inFlight)
	var f Fault
	if len(w.faults) > 0 {
		f, w.faults = w.faults[0], w.faults[1:]
	}
	w.mu.Unlock()
	defer func() {
		w.mu.Lock()
		w.inFlight--
		w.mu.Unlock()
	}()
	if !strings.HasPrefix(r.UserAgent(), "wikipipe/") {
		http.Error(rw, "no User-Agent", http.StatusForbidden)
		return
	}
	if f != nil && f(rw, r) {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if rest, ok := strings.CutPrefix(r.URL.Path, "/api/rest_v1/page/html/"); ok {
		w.parsoid(rw, rest)
		return
	}
	if r.URL.Path != "/w/api.php" {
		http.NotFound(rw, r)
		return
	}
	q := r.URL.Query()
	if q.Get("format") != "json" || q.Get("formatversion") != "2" || q.Get("action") != "query" || q.Get("maxlag") != "5" {
		w.t.Errorf("request without format=json&formatversion=2&action=query&maxlag=5: %s", r.URL)
	}
	var answer any
	switch {
	case q.Get("meta") == "siteinfo":
		answer = map[string]any{"batchcomplete": true, "query": map[string]any{"general": map[string]any{
			"mainpage": "Main Page", "base": w.srv.URL + "/wiki/Main_Page", "sitename": "Fakepedia",
			"lang": "en", "server": w.srv.URL, "articlepath": "/wiki/$1",
		}}}
	case q.Get("list") == "categorymembers":
		answer = w.categoryMembers(q)
	case q.Has("titles"):
		answer = w.byTitles(q)
	case q.Has("revids"):
		answer = w.byRevIDs(q)
	default:
		answer = apiError("badparams", "nothing to do")
	}
	rw.Header().Set("Content-Type", "application/json; charset=utf-8")
	if err := json.NewEncoder(rw).Encode(answer); err != nil {
		w.t.Error(err)
	}
}

// maxValues is the most titles or revision IDs a request may name.
const maxValues = 50

const categoryNS = "Category:"

func apiError(code, info string) map[string]any {
	return map[string]any{"error": map[string]any{"code": code, "info": info, "docref": "See /w/api.php for API usage."}}
}

// normalize is the wiki's title normalisation: underscores to spaces and a
// capital first letter (after "Category:" too); reason says why the wiki
// refuses a title.
func normalize(t string) (norm, reason string) {
	t = strings.TrimSpace(strings.ReplaceAll(t, "_", " "))
	if t == "" || strings.HasSuffix(t, ":") {
		return "", "The requested page title is empty or contains only the name of a namespace."
	}
	if i := strings.IndexAny(t, "#<>[]{}|"); i >= 0 {
		return "", fmt.Sprintf("The requested page title contains invalid characters: \"%c\".", t[i])
	}
	upper := func(s string) string {
		r, n := utf8.DecodeRuneInString(s)
		return string(unicode.ToUpper(r)) + s[n:]
	}
	if name, ok := strings.CutPrefix(t, categoryNS); ok {
		return categoryNS + upper(name), ""
	}
	return upper(t), ""
}

func (w *Wiki) byTitles(q url.Values) any {
	titles := strings.Split(q.Get("titles"), "|")
	if len(titles) > maxValues {
		return apiError("toomanyvalues", fmt.Sprintf("Too many values supplied for parameter \"titles\". The limit is %d.", maxValues))
	}
	var normalized, redirects []map[string]any
	var pages []map[string]any
	var found []*page
	for _, raw := range titles {
		t, reason := normalize(raw)
		if reason != "" {
			pages = append(pages, map[string]any{"title": raw, "invalidreason": reason, "invalid": true})
			continue
		}
		if t != raw {
			normalized = append(normalized, map[string]any{"fromencoded": false, "from": raw, "to": t})
		}
		if to, ok := w.redirects[t]; ok && q.Get("redirects") == "1" {
			redirects = append(redirects, map[string]any{"from": t, "to": to})
			t = to
		}
		p := w.pages[t]
		if p == nil {
			pages = append(pages, map[string]any{"ns": 0, "title": t, "missing": true})
			continue
		}
		if !slices.Contains(found, p) {
			found = append(found, p)
		}
	}
	slices.SortFunc(found, func(a, b *page) int { return int(a.id - b.id) })
	revs := make([]Rev, len(found))
	for i, p := range found {
		revs[i] = p.revs[len(p.revs)-1]
	}
	more, cont := w.pageEntries(q, found, revs)
	query := map[string]any{"pages": append(pages, more...)}
	if normalized != nil {
		query["normalized"] = normalized
	}
	if redirects != nil {
		query["redirects"] = redirects
	}
	return answer(query, cont)
}

func answer(query map[string]any, cont map[string]any) any {
	if cont != nil {
		return map[string]any{"continue": cont, "query": query}
	}
	return map[string]any{"batchcomplete": true, "query": query}
}

// pageEntries writes the pages with their revisions, content included while
// the answer's budget lasts; then it continues, as $wgAPIMaxResultSize makes
// the real API do: later answers list the same pages, with the revisions
// from rvcontinue on.
func (w *Wiki) pageEntries(q url.Values, pages []*page, revs []Rev) ([]map[string]any, map[string]any) {
	withContent := strings.Contains(q.Get("rvprop"), "content")
	if withContent && q.Get("rvslots") != "main" {
		w.t.Errorf("content asked without rvslots=main: %v", q)
	}
	start, _ := strconv.Atoi(q.Get("rvcontinue"))
	var out []map[string]any
	var cont map[string]any
	budget := 0
	for i, p := range pages {
		e := map[string]any{"pageid": p.id, "ns": p.ns, "title": p.title}
		if p.item != "" && strings.Contains(q.Get("prop"), "pageprops") {
			e["pageprops"] = map[string]any{"wikibase_item": p.item}
		}
		if i >= start && cont == nil {
			if withContent && w.maxContent > 0 && budget > 0 && budget+len(revs[i].Content) > w.maxContent {
				cont = map[string]any{"rvcontinue": strconv.Itoa(i), "continue": "||"}
			} else {
				rev := map[string]any{"revid": revs[i].ID, "parentid": 0, "timestamp": revs[i].Timestamp.Format(time.RFC3339)}
				if withContent {
					budget += len(revs[i].Content)
					rev["slots"] = map[string]any{"main": map[string]any{"contentmodel": "wikitext", "contentformat": "text/x-wiki", "content": revs[i].Content}}
				}
				e["revisions"] = []any{rev}
			}
		}
		out = append(out, e)
	}
	return out, cont
}

func (w *Wiki) byRevIDs(q url.Values) any {
	ids := strings.Split(q.Get("revids"), "|")
	if len(ids) > maxValues {
		return apiError("toomanyvalues", "Too many values supplied for parameter \"revids\".")
	}
	bad := map[string]any{}
	var pages []*page
	var revs []Rev
	for _, s := range ids {
		id, _ := strconv.ParseInt(s, 10, 64)
		var hit bool
		for _, p := range w.pages {
			for _, r := range p.revs {
				if r.ID == id {
					pages, revs, hit = append(pages, p), append(revs, r), true
				}
			}
		}
		if !hit {
			bad[s] = map[string]any{"revid": id, "missing": true}
		}
	}
	entries, cont := w.pageEntries(q, pages, revs)
	query := map[string]any{"pages": entries}
	if len(bad) > 0 {
		query["badrevids"] = bad
	}
	return answer(query, cont)
}

func (w *Wiki) categoryMembers(q url.Values) any {
	cat, _ := normalize(q.Get("cmtitle"))
	nss := strings.Split(q.Get("cmnamespace"), "|")
	var members []map[string]any
	for _, t := range w.categories[cat] {
		p := w.pages[t]
		if p == nil || !slices.Contains(nss, strconv.Itoa(p.ns)) {
			continue
		}
		members = append(members, map[string]any{"pageid": p.id, "ns": p.ns, "title": p.title})
	}
	start := 0
	if c := q.Get("cmcontinue"); c != "" {
		start, _ = strconv.Atoi(strings.TrimPrefix(c, "page|"))
	}
	end := min(start+w.cmLimit, len(members))
	var cont map[string]any
	if end < len(members) {
		cont = map[string]any{"cmcontinue": "page|" + strconv.Itoa(end), "continue": "-||"}
	}
	return answer(map[string]any{"categorymembers": members[min(start, len(members)):end]}, cont)
}

// parsoid answers /api/rest_v1/page/html/TITLE/REVID.
func (w *Wiki) parsoid(rw http.ResponseWriter, rest string) {
	title, rev, _ := strings.Cut(rest, "/")
	title, _ = url.PathUnescape(title)
	p := w.pages[strings.ReplaceAll(title, "_", " ")]
	id, _ := strconv.ParseInt(rev, 10, 64)
	if p != nil {
		for _, r := range p.revs {
			if r.ID == id {
				rw.Header().Set("Content-Type", `text/html; charset=utf-8; profile="https://www.mediawiki.org/wiki/Specs/HTML/2.8.0"`)
				fmt.Fprintf(rw, "<!DOCTYPE html>\n<html><head><title>%s</title></head><body><pre>%s</pre></body></html>\n", html.EscapeString(p.title), html.EscapeString(r.Content))
				return
			}
		}
	}
	http.NotFound(rw, nil)
}

// Status answers with an HTTP status and, unless "", a Retry-After.
func Status(code int, retryAfter string) Fault {
	return func(w http.ResponseWriter, r *http.Request) bool {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		http.Error(w, http.StatusText(code), code)
		return true
	}
}

// Maxlag answers with the API's maxlag error (HTTP 200) and a Retry-After
// unless "".
func Maxlag(retryAfter string) Fault {
	return func(w http.ResponseWriter, r *http.Request) bool {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.Header().Set("X-Database-Lag", "7")
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
			"code": "maxlag", "info": "Waiting for 10.64.48.35: 7 seconds lagged.", "host": "10.64.48.35", "lag": 7,
		}})
		return true
	}
}

// Slow holds the answer back for d (or until the client gives up), then
// lets the wiki answer.
func Slow(d time.Duration) Fault {
	return func(w http.ResponseWriter, r *http.Request) bool {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
			return true
		}
		return false
	}
}

// Truncated promises a long body and sends a few bytes of it.
func Truncated() Fault {
	return func(w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("Content-Length", "5000")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		w.Write([]byte(`{"batchcomplete":true,"query":{"pa`))
		return true
	}
}

// CutJSON sends a complete HTTP body holding half a JSON document, as a
// proxy that gave up would.
func CutJSON() Fault {
	return func(w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"batchcomplete":true,"query":{"pa`))
		return true
	}
}

// APIError answers with an Action API error.
func APIError(code, info string) Fault {
	return func(w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("MediaWiki-API-Error", code)
		json.NewEncoder(w).Encode(apiError(code, info))
		return true
	}
}
