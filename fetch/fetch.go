package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"time"
)

// Mode says which revisions a run reads.
type Mode int

const (
	// Pinned, the default, reads the locked revision of every page the lock
	// knows and the latest revision of the others, and adds those to the lock.
	Pinned Mode = iota
	// Locked reads exactly the locked revisions; a page the lock does not
	// know, or content whose sha256 differs from the lock's, is an error.
	Locked
	// Update reads the latest revision of every page and re-lists categories.
	Update
)

// Options configure a Fetcher. The zero value of every field has a default.
type Options struct {
	// Version is wikipipe's version, for the User-Agent.
	Version string
	// Contact is an e-mail address or URL where the wiki's operators can
	// reach the person running wikipipe; Wikimedia asks every client for one.
	Contact string
	// Warn receives warnings (no Contact, a duplicate page); nil drops them.
	Warn func(msg string)

	Mode Mode
	// Lock is the lock file read before the run; nil is an empty lock.
	Lock *Lock
	// Cache keeps content by revision; nil caches nothing.
	Cache *Cache
	// Offline forbids every request: pages come from the lock and the cache.
	Offline bool

	// HTTPClient sends the requests (http.DefaultClient when nil).
	HTTPClient *http.Client
	// Timeout bounds one attempt of one request (default 60 s).
	Timeout time.Duration
	// Retries is how many times a failed request is tried again (default 5;
	// negative: never).
	Retries int
	// BaseDelay is the first backoff (default 1 s), doubled each retry up to
	// MaxDelay (default 60 s). MaxWait is the longest Retry-After honoured
	// (default 10 min); a longer one fails the request.
	BaseDelay, MaxDelay, MaxWait time.Duration
	// Sleep waits between attempts (a timer when nil); tests make it instant.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock for Retry-After dates (time.Now when nil).
	Now func() time.Time
}

// NoContactWarning is what Warn receives when Options.Contact is empty.
const NoContactWarning = "fetch: no contact set (pipeline.yaml contact: or --contact); Wikimedia asks every client for an e-mail or URL in its User-Agent"

// Page is one page at one revision, with its identity on the wiki.
type Page struct {
	Wiki string // the wiki's host, as in en.wikipedia.org
	Lang string // the wiki's content language, from siteinfo
	// RequestedTitle is the title as the input named it; Title is the page's
	// title after the wiki's normalisation and redirects (they differ when
	// either applied). A category member's RequestedTitle is its Title.
	RequestedTitle string
	Title          string
	PageID         int64
	RevID          int64
	Timestamp      time.Time // of the revision, UTC
	WikidataItem   string    // "Q…", or "" when the page has none
	URL            string    // the article's URL on the wiki
	Format         Format
	Content        []byte
	SHA256         string // of Content, hex
}

// Redirected reports whether the wiki normalised or redirected the title.
func (p *Page) Redirected() bool { return p.RequestedTitle != p.Title }

// Fetcher reads pages. One Fetcher serves one run; it may be used by one
// goroutine at a time.
type Fetcher struct {
	opts   Options
	client *client
	sites  map[string]*siteInfo // by wiki
	lock   *Lock                // built by the run
	seen   map[string]bool      // wiki \x00 page ID, to yield a page once
}

// New returns a Fetcher, or an error for options that contradict each other.
func New(opts Options) (*Fetcher, error) {
	if opts.Offline && opts.Mode == Update {
		return nil, errors.New("fetch: --update needs the network; it cannot run --offline")
	}
	if opts.Offline && opts.Cache == nil {
		return nil, errors.New("fetch: --offline needs the cache")
	}
	if opts.Lock == nil {
		opts.Lock = NewLock()
	}
	if opts.Warn == nil {
		opts.Warn = func(string) {}
	}
	if opts.Contact == "" {
		opts.Warn(NoContactWarning)
	}
	c := &client{
		http:      opts.HTTPClient,
		userAgent: UserAgent(opts.Version, opts.Contact),
		timeout:   orDefault(opts.Timeout, 60*time.Second),
		retries:   opts.Retries,
		baseDelay: orDefault(opts.BaseDelay, time.Second),
		maxDelay:  orDefault(opts.MaxDelay, 60*time.Second),
		maxWait:   orDefault(opts.MaxWait, 10*time.Minute),
		sleep:     opts.Sleep,
		now:       opts.Now,
	}
	if c.http == nil {
		c.http = http.DefaultClient
	}
	switch {
	case c.retries == 0:
		c.retries = 5
	case c.retries < 0:
		c.retries = 0
	}
	if c.sleep == nil {
		c.sleep = sleepCtx
	}
	if c.now == nil {
		c.now = time.Now
	}
	return &Fetcher{opts: opts, client: c, sites: map[string]*siteInfo{}, lock: NewLock(), seen: map[string]bool{}}, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// UserAgent is the User-Agent wikipipe sends, in the form Wikimedia's policy
// asks: name/version (contact) library/version.
func UserAgent(version, contact string) string {
	if version == "" {
		version = "dev"
	}
	info := "https://github.com/wikipipe/wikipipe"
	if contact != "" {
		info += "; " + contact
	}
	return fmt.Sprintf("wikipipe/%s (%s) Go-http-client %s", version, info, runtime.Version())
}

// Lock is the lock of what the run read so far: after a run that succeeded,
// the lock to save (unless the run was Locked, whose lock must not change).
func (f *Fetcher) Lock() *Lock { return f.lock }

// Fetch reads the pages of sources and calls fn with each, in order: the
// sources in order, a source's titles in the order given, a category's
// members sorted by title. A page met twice is handed over once. The first
// error (a missing page, a refused title, a request that failed all its
// retries, a sha256 that differs from the lock) stops the run; so does an
// error from fn, which Fetch returns as it is.
func (f *Fetcher) Fetch(ctx context.Context, sources []Source, fn func(*Page) error) error {
	for _, src := range sources {
		if err := src.Check(); err != nil {
			return fmt.Errorf("fetch: %s: %w", src.Wiki, err)
		}
		if err := f.fetchSource(ctx, src, fn); err != nil {
			return err
		}
	}
	return nil
}

// wanted is one page a source asks for.
type wanted struct {
	requested string
	via       string     // how the lock remembers the request, "" for the title itself
	pin       *LockEntry // the locked revision, when the run reads it
	rev       *revision
	cached    bool // rev came from the cache
}

func (f *Fetcher) fetchSource(ctx context.Context, src Source, fn func(*Page) error) error {
	var items []wanted
	if src.Category != "" {
		var err error
		if items, err = f.categoryItems(ctx, src); err != nil {
			return fmt.Errorf("fetch %s: %w", src.Wiki, err)
		}
	} else {
		for _, t := range src.Titles {
			n := NormalizeTitle(t)
			if n == "" || strings.Contains(n, "|") {
				return fmt.Errorf("fetch %s: %q: invalid title", src.Wiki, t)
			}
			items = append(items, wanted{requested: n})
		}
	}
	for len(items) > 0 {
		n := batchLen(items)
		if err := f.fetchBatch(ctx, src, items[:n], fn); err != nil {
			return err
		}
		items = items[n:]
	}
	return nil
}

// maxTitleBytes bounds the escaped titles of one request, so that its URL
// stays below the length servers and proxies accept.
const maxTitleBytes = 6000

// batchLen is how many of items the next request asks for: at most
// batchSize, fewer when their titles are long.
func batchLen(items []wanted) int {
	size := 0
	for i, it := range items {
		size += len(url.QueryEscape(it.requested)) + 3 // the escaped "|"
		if i == batchSize || (i > 0 && size > maxTitleBytes) {
			return i
		}
	}
	return len(items)
}

// categoryItems lists a category's members, from the lock unless updating.
func (f *Fetcher) categoryItems(ctx context.Context, src Source) ([]wanted, error) {
	via := fmt.Sprintf("category=%s#%d", categoryTitle(src.Category), src.Depth)
	if f.opts.Mode != Update {
		if locked := f.opts.Lock.members(src.Wiki, src.format(), via); len(locked) > 0 {
			items := make([]wanted, len(locked))
			for i, e := range locked {
				items[i] = wanted{requested: e.Title, via: via, pin: e}
			}
			return items, nil
		}
		if f.opts.Mode == Locked || f.opts.Offline {
			return nil, fmt.Errorf("%s (depth %d) is not in the lock; run with --update", categoryTitle(src.Category), src.Depth)
		}
	}
	titles, err := f.categoryMembers(ctx, src.endpoint(), src.Category, src.Depth)
	if err != nil {
		return nil, err
	}
	items := make([]wanted, len(titles))
	for i, t := range titles {
		items[i] = wanted{requested: t, via: via}
	}
	return items, nil
}

// fetchBatch reads at most batchSize pages: it resolves titles to revisions
// (from the lock, or one query for all), takes content from the cache, asks
// for the rest by revision ID, and hands the pages over in order.
func (f *Fetcher) fetchBatch(ctx context.Context, src Source, items []wanted, fn func(*Page) error) error {
	if err := f.resolveRevisions(ctx, src, items); err != nil {
		return fmt.Errorf("fetch %s: %w", src.Wiki, err)
	}
	if err := f.loadContent(ctx, src, items); err != nil {
		return fmt.Errorf("fetch %s: %w", src.Wiki, err)
	}
	for i := range items {
		if err := f.deliver(ctx, src, &items[i], fn); err != nil {
			return err
		}
	}
	return nil
}

// resolveRevisions pins the items the lock knows and asks the wiki for the
// latest revision of the others. Titles the old lock knows (an update's
// rerun) are asked without content: the cache probably has it.
func (f *Fetcher) resolveRevisions(ctx context.Context, src Source, items []wanted) error {
	fresh, known, err := f.pinItems(src, items)
	if err != nil {
		return err
	}
	if err := f.resolveTitles(ctx, src, items, fresh, true); err != nil {
		return err
	}
	return f.resolveTitles(ctx, src, items, known, false)
}

// pinItems sets the locked revision of the items the run reads pinned, and
// sorts the others into titles new to the lock (fresh) and titles the old
// lock knows but the run updates (known).
func (f *Fetcher) pinItems(src Source, items []wanted) (fresh, known []string, err error) {
	wiki, format := src.Wiki, src.format()
	for i := range items {
		it := &items[i]
		if it.pin == nil && f.opts.Mode != Update {
			it.pin = f.opts.Lock.Lookup(wiki, format, it.requested)
		}
		switch {
		case it.pin != nil:
		case f.opts.Mode == Locked || f.opts.Offline:
			return nil, nil, fmt.Errorf("%q is not in the lock; run without --locked (or with --update) to add it", it.requested)
		case format == Wikitext && f.opts.Lock.Lookup(wiki, format, it.requested) == nil:
			fresh = append(fresh, it.requested)
		default:
			known = append(known, it.requested)
		}
	}
	return fresh, known, nil
}

// resolveTitles asks for the latest revisions of titles in one query, with
// or without their content, and sets them on the unpinned items.
func (f *Fetcher) resolveTitles(ctx context.Context, src Source, items []wanted, titles []string, content bool) error {
	if len(titles) == 0 {
		return nil
	}
	rq, err := f.revisions(ctx, src.endpoint(), titles, nil, content)
	if err != nil {
		return fmt.Errorf("%s: %w", describe(titles), err)
	}
	for i := range items {
		it := &items[i]
		if it.pin != nil || !slices.Contains(titles, it.requested) {
			continue
		}
		if it.rev, err = rq.resolve(it.requested); err != nil {
			return err
		}
	}
	return nil
}

// loadContent gives every item its revision's content: the cache, else one
// query by revision ID (the Action API's wikitext) or one REST request a
// page (Parsoid HTML).
func (f *Fetcher) loadContent(ctx context.Context, src Source, items []wanted) error {
	missing, err := f.fromCache(src, items)
	if err != nil {
		return err
	}
	if err := f.fetchByRevID(ctx, src, items, missing); err != nil {
		return err
	}
	for i := range items {
		it := &items[i]
		switch {
		case it.rev.content != nil:
		case src.format() == HTML:
			html, err := f.parsoid(ctx, src, it.rev)
			if err != nil {
				return fmt.Errorf("%q: %w", it.requested, err)
			}
			it.rev.content = html
		default:
			return fmt.Errorf("%q: revision %d came without its content (hidden?)", it.requested, it.revID())
		}
	}
	return nil
}

// fromCache takes the content the cache has, and returns the revision IDs
// to ask the Action API for: every missing wikitext, and the pinned
// revisions whose metadata the run has not read.
func (f *Fetcher) fromCache(src Source, items []wanted) (missing []int64, err error) {
	wiki, format := src.Wiki, src.format()
	for i := range items {
		it := &items[i]
		revID := it.revID()
		if it.rev != nil && it.rev.content != nil {
			continue
		}
		if f.opts.Cache != nil {
			if c := f.opts.Cache.get(wiki, revID, format); c != nil {
				it.rev, it.cached = c, true
				continue
			}
		}
		if f.opts.Offline {
			return nil, fmt.Errorf("%q revision %d is not in the cache (%s) and the run is offline", it.requested, revID, f.opts.Cache.Dir())
		}
		if it.rev == nil || format == Wikitext {
			missing = append(missing, revID)
		}
	}
	return missing, nil
}

// fetchByRevID asks for the revisions missing in one query, with their
// content when it is wikitext.
func (f *Fetcher) fetchByRevID(ctx context.Context, src Source, items []wanted, missing []int64) error {
	if len(missing) == 0 {
		return nil
	}
	rq, err := f.revisions(ctx, src.endpoint(), nil, missing, src.format() == Wikitext)
	if err != nil {
		return fmt.Errorf("revisions %s: %w", describeIDs(missing), err)
	}
	for i := range items {
		it := &items[i]
		if r := rq.byRev[it.revID()]; r != nil && (it.rev == nil || it.rev.content == nil) {
			it.rev = r
		} else if rq.badRevs[it.revID()] || (it.rev == nil) {
			return fmt.Errorf("%q: revision %d does not exist (deleted or hidden?)", it.requested, it.revID())
		}
	}
	return nil
}

func (it *wanted) revID() int64 {
	if it.pin != nil {
		return it.pin.RevID
	}
	return it.rev.revID
}

// deliver checks one page against the lock, caches it, records it in the
// new lock and hands it to fn.
func (f *Fetcher) deliver(ctx context.Context, src Source, it *wanted, fn func(*Page) error) error {
	wiki, r := src.Wiki, it.rev
	sum := sha256Hex(r.content)
	title := r.title
	if it.pin != nil {
		if sum != it.pin.SHA256 {
			return fmt.Errorf("fetch %s: %q revision %d: content sha256 %s differs from the lock's %s", wiki, it.requested, r.revID, sum, it.pin.SHA256)
		}
		title = it.pin.Title
	}
	if f.opts.Cache != nil && !it.cached {
		if err := f.opts.Cache.put(wiki, src.format(), r); err != nil {
			return fmt.Errorf("fetch %s: %w", wiki, err)
		}
	}
	e := LockEntry{Wiki: wiki, Title: title, PageID: r.pageID, RevID: r.revID, SHA256: sum, Format: src.format()}
	switch {
	case it.via != "":
		e.Via = []string{it.via}
	case it.requested != title:
		e.Via = []string{"title=" + it.requested}
	}
	if err := f.lock.add(e); err != nil {
		return fmt.Errorf("fetch: %w", err)
	}
	key := lockKey(wiki, src.format(), fmt.Sprint(r.pageID))
	if f.seen[key] {
		f.opts.Warn(fmt.Sprintf("fetch %s: %q is named twice in the inputs; read once", wiki, title))
		return nil
	}
	f.seen[key] = true
	si, err := f.siteInfo(ctx, src)
	if err != nil {
		return fmt.Errorf("fetch %s: %w", wiki, err)
	}
	return fn(&Page{
		Wiki: wiki, Lang: si.Lang, RequestedTitle: it.requested, Title: title,
		PageID: r.pageID, RevID: r.revID, Timestamp: r.timestamp, WikidataItem: r.item,
		URL: si.articleURL(src.scheme(), title), Format: src.format(), Content: r.content, SHA256: sum,
	})
}

// siteInfo returns the wiki's siteinfo: asked once, then kept in the cache.
func (f *Fetcher) siteInfo(ctx context.Context, src Source) (*siteInfo, error) {
	if si := f.sites[src.Wiki]; si != nil {
		return si, nil
	}
	var si *siteInfo
	if f.opts.Cache != nil {
		si = f.opts.Cache.siteInfo(src.Wiki)
	}
	if si == nil {
		if f.opts.Offline {
			return nil, errors.New("the wiki's siteinfo is not in the cache and the run is offline")
		}
		var err error
		if si, err = f.fetchSiteInfo(ctx, src.endpoint()); err != nil {
			return nil, err
		}
		if f.opts.Cache != nil {
			if err := f.opts.Cache.putSiteInfo(src.Wiki, si); err != nil {
				return nil, err
			}
		}
	}
	f.sites[src.Wiki] = si
	return si, nil
}

// articleURL is the page's URL from the wiki's server and article path
// ("//en.wikipedia.org" and "/wiki/$1"); a protocol-relative server takes
// the scheme the wiki was reached with.
func (si *siteInfo) articleURL(scheme, title string) string {
	server := si.Server
	if strings.HasPrefix(server, "//") {
		server = scheme + ":" + server
	}
	path := si.ArticlePath
	if !strings.Contains(path, "$1") {
		path = "/wiki/$1"
	}
	return server + strings.Replace(path, "$1", escapeTitle(title), 1)
}

// parsoid reads a revision's HTML from the wiki's REST API.
func (f *Fetcher) parsoid(ctx context.Context, src Source, r *revision) ([]byte, error) {
	u, err := url.Parse(src.endpoint())
	if err != nil {
		return nil, err
	}
	rest := u.Scheme + "://" + u.Host + "/api/rest_v1/page/html/" + url.PathEscape(strings.ReplaceAll(r.title, " ", "_")) + "/" + fmt.Sprint(r.revID)
	body, err := f.client.get(ctx, rest, nil)
	if err != nil {
		return nil, fmt.Errorf("Parsoid HTML: %w", err)
	}
	return body, nil
}

// describe names a batch of titles in an error.
func describe(titles []string) string {
	if len(titles) == 1 {
		return fmt.Sprintf("%q", titles[0])
	}
	return fmt.Sprintf("%q and %d more titles", titles[0], len(titles)-1)
}

func describeIDs(ids []int64) string {
	if len(ids) == 1 {
		return fmt.Sprint(ids[0])
	}
	return fmt.Sprintf("%d and %d more", ids[0], len(ids)-1)
}
