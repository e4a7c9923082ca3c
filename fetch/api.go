package fetch

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// batchSize is the most titles or revision IDs one query may name (the
// Action API's limit for clients without the apihighlimits right).
const batchSize = 50

// queryResponse is the part of an action=query answer (formatversion=2) that
// wikipipe reads.
type queryResponse struct {
	Continue map[string]string `json:"continue"`
	Query    struct {
		Normalized []fromTo `json:"normalized"`
		Redirects  []fromTo `json:"redirects"`
		Interwiki  []struct {
			Title string `json:"title"`
		} `json:"interwiki"`
		BadRevIDs       json.RawMessage `json:"badrevids"`
		Pages           []apiPage       `json:"pages"`
		CategoryMembers []struct {
			NS    int    `json:"ns"`
			Title string `json:"title"`
		} `json:"categorymembers"`
		General *siteInfo `json:"general"`
	} `json:"query"`
}

type fromTo struct {
	From string `json:"from"`
	To   string `json:"to"`
}

type apiPage struct {
	PageID        int64  `json:"pageid"`
	Title         string `json:"title"`
	Missing       bool   `json:"missing"`
	Invalid       bool   `json:"invalid"`
	Special       bool   `json:"special"`
	InvalidReason string `json:"invalidreason"`
	Revisions     []struct {
		RevID     int64  `json:"revid"`
		Timestamp string `json:"timestamp"`
		Slots     struct {
			Main struct {
				Content *string `json:"content"`
			} `json:"main"`
		} `json:"slots"`
	} `json:"revisions"`
	PageProps struct {
		WikibaseItem string `json:"wikibase_item"`
	} `json:"pageprops"`
}

// siteInfo is meta=siteinfo's "general" part.
type siteInfo struct {
	Lang        string `json:"lang"`
	Server      string `json:"server"`
	ArticlePath string `json:"articlepath"`
	Base        string `json:"base"`
}

// query runs an action=query with params, following every continuation and
// handing each answer to each.
func (f *Fetcher) query(ctx context.Context, endpoint string, params url.Values, each func(*queryResponse) error) error {
	params.Set("action", "query")
	params.Set("format", "json")
	params.Set("formatversion", "2")
	params.Set("maxlag", "5")
	cont := map[string]string{}
	for {
		q := url.Values{}
		for k, v := range params {
			q[k] = v
		}
		for k, v := range cont {
			q.Set(k, v)
		}
		body, err := f.client.get(ctx, endpoint+"?"+q.Encode(), f.client.apiCheck)
		if err != nil {
			return err
		}
		var resp queryResponse
		if err := json.Unmarshal(body, &resp); err != nil {
			return fmt.Errorf("decoding the API answer: %w", err)
		}
		if err := each(&resp); err != nil {
			return err
		}
		if len(resp.Continue) == 0 {
			return nil
		}
		if maps.Equal(cont, resp.Continue) {
			return fmt.Errorf("the API repeats the continuation %v", resp.Continue)
		}
		cont = resp.Continue
	}
}

// revision is one page at one revision, as the API reported it.
type revision struct {
	title     string
	pageID    int64
	revID     int64
	timestamp time.Time
	item      string
	content   []byte // nil when not asked for
}

// revisionsQuery is a prop=revisions query, merged over its continuations:
// with content, the API may spread one batch's revisions over several answers.
type revisionsQuery struct {
	aliases   map[string]string // normalized and redirected titles
	interwiki map[string]bool
	badRevs   map[int64]bool
	pages     map[string]*revision
	invalid   map[string]string // requested title → reason
	missing   map[string]bool
	byRev     map[int64]*revision
}

// revisions asks for the latest revisions of titles, or for the revisions
// revIDs, with their content when withContent.
func (f *Fetcher) revisions(ctx context.Context, endpoint string, titles []string, revIDs []int64, withContent bool) (*revisionsQuery, error) {
	params := url.Values{}
	params.Set("prop", "revisions|pageprops")
	params.Set("ppprop", "wikibase_item")
	params.Set("rvprop", "ids|timestamp")
	if withContent {
		params.Set("rvprop", "ids|timestamp|content")
		params.Set("rvslots", "main")
	}
	if titles != nil {
		params.Set("titles", strings.Join(titles, "|"))
		params.Set("redirects", "1")
	} else {
		ids := make([]string, len(revIDs))
		for i, id := range revIDs {
			ids[i] = strconv.FormatInt(id, 10)
		}
		params.Set("revids", strings.Join(ids, "|"))
	}
	rq := newRevisionsQuery()
	err := f.query(ctx, endpoint, params, rq.merge)
	return rq, err
}

// badRevIDs reads the revision IDs of "badrevids": an object keyed by ID
// (as MediaWiki writes it) or a list of {"revid": ID}.
func badRevIDs(raw json.RawMessage) []int64 {
	var ids []int64
	var byKey map[string]struct{}
	if json.Unmarshal(raw, &byKey) == nil {
		for k := range byKey {
			if id, err := strconv.ParseInt(k, 10, 64); err == nil {
				ids = append(ids, id)
			}
		}
		return ids
	}
	var list []struct {
		RevID int64 `json:"revid"`
	}
	_ = json.Unmarshal(raw, &list) // neither shape: no bad revision to report
	for _, e := range list {
		ids = append(ids, e.RevID)
	}
	return ids
}

func newRevisionsQuery() *revisionsQuery {
	return &revisionsQuery{
		aliases: map[string]string{}, interwiki: map[string]bool{}, badRevs: map[int64]bool{},
		pages: map[string]*revision{}, invalid: map[string]string{}, missing: map[string]bool{},
		byRev: map[int64]*revision{},
	}
}

// merge adds one answer of the query.
func (rq *revisionsQuery) merge(r *queryResponse) error {
	for _, n := range append(r.Query.Normalized, r.Query.Redirects...) {
		rq.aliases[n.From] = n.To
	}
	for _, iw := range r.Query.Interwiki {
		rq.interwiki[iw.Title] = true
	}
	for _, id := range badRevIDs(r.Query.BadRevIDs) {
		rq.badRevs[id] = true
	}
	for _, p := range r.Query.Pages {
		switch {
		case p.Invalid:
			rq.invalid[p.Title] = p.InvalidReason
			continue
		case p.Missing:
			rq.missing[p.Title] = true
			continue
		case p.Special:
			rq.invalid[p.Title] = "a special page, not an article"
			continue
		}
		for _, rv := range p.Revisions {
			rev := rq.byRev[rv.RevID]
			if rev == nil {
				ts, err := time.Parse(time.RFC3339, rv.Timestamp)
				if err != nil {
					return fmt.Errorf("page %q: revision %d: timestamp %q: %w", p.Title, rv.RevID, rv.Timestamp, err)
				}
				rev = &revision{title: p.Title, pageID: p.PageID, revID: rv.RevID, timestamp: ts.UTC()}
				rq.byRev[rv.RevID] = rev
				rq.pages[p.Title] = rev
			}
			if p.PageProps.WikibaseItem != "" {
				rev.item = p.PageProps.WikibaseItem
			}
			if c := rv.Slots.Main.Content; c != nil {
				rev.content = []byte(*c)
			}
		}
	}
	return nil
}

// resolve follows the normalisation and redirects of a requested title to
// the page the API answered with.
func (rq *revisionsQuery) resolve(requested string) (*revision, error) {
	t := requested
	for range 10 { // the API follows one redirect; this bounds a loop in its answer
		to, ok := rq.aliases[t]
		if !ok {
			break
		}
		t = to
	}
	switch {
	case rq.interwiki[t]:
		return nil, fmt.Errorf("%q: an interwiki title, not a page of this wiki", requested)
	case rq.invalidReason(t) != "":
		return nil, fmt.Errorf("%q: invalid title: %s", requested, rq.invalidReason(t))
	case rq.missing[t]:
		if t != requested {
			return nil, fmt.Errorf("%q (as %q): page does not exist", requested, t)
		}
		return nil, fmt.Errorf("%q: page does not exist", requested)
	}
	rev := rq.pages[t]
	if rev == nil {
		return nil, fmt.Errorf("%q: the API did not answer for this title", requested)
	}
	return rev, nil
}

// invalidReason is why the API refused title, or "" when it did not.
func (rq *revisionsQuery) invalidReason(title string) string {
	reason, ok := rq.invalid[title]
	if ok && reason == "" {
		return "refused by the wiki"
	}
	return reason
}

// categoryMembers lists the namespace-0 members of category, and those of
// its sub-categories down to depth, sorted by title and without repeats.
func (f *Fetcher) categoryMembers(ctx context.Context, endpoint, category string, depth int) ([]string, error) {
	seenCat := map[string]bool{}
	members := map[string]bool{}
	level := []string{categoryTitle(category)}
	for d := 0; d <= depth && len(level) > 0; d++ {
		var next []string
		for _, cat := range level {
			// The listing names sub-categories as the wiki writes them, the
			// input as the user did: compare with the first letter folded, as
			// most wikis fold it, so that a cycle back to the input is seen.
			key := foldFirst(strings.TrimPrefix(cat, categoryPrefix))
			if seenCat[key] {
				continue
			}
			seenCat[key] = true
			params := url.Values{}
			params.Set("list", "categorymembers")
			params.Set("cmtitle", cat)
			params.Set("cmlimit", "max")
			params.Set("cmnamespace", "0")
			if d < depth {
				params.Set("cmnamespace", "0|14")
			}
			err := f.query(ctx, endpoint, params, func(r *queryResponse) error {
				for _, m := range r.Query.CategoryMembers {
					switch m.NS {
					case 0:
						members[m.Title] = true
					case 14:
						next = append(next, m.Title)
					}
				}
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("category %q: %w", cat, err)
			}
		}
		sort.Strings(next)
		level = next
	}
	out := make([]string, 0, len(members))
	for t := range members {
		out = append(out, t)
	}
	sort.Strings(out)
	return out, nil
}

// foldFirst lower-cases the first letter of s.
func foldFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// siteInfo asks the wiki for its language and article path.
func (f *Fetcher) fetchSiteInfo(ctx context.Context, endpoint string) (*siteInfo, error) {
	params := url.Values{}
	params.Set("meta", "siteinfo")
	params.Set("siprop", "general")
	var si *siteInfo
	err := f.query(ctx, endpoint, params, func(r *queryResponse) error {
		if r.Query.General != nil {
			si = r.Query.General
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("siteinfo: %w", err)
	}
	if si == nil || si.Lang == "" {
		return nil, fmt.Errorf("siteinfo: no language in the answer")
	}
	return si, nil
}
