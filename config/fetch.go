package config

import (
	"fmt"
	"net/url"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/fetch"
	"github.com/wikipipe/wikipipe/internal/yamlcheck"
)

// Fetch names pages of a wiki that a run reads through the wiki's API
// instead of from a file: an inputs entry with titles, titles_from or
// category, or a page URL on the command line.
type Fetch struct {
	fetch.Source
	// TitlesFrom is a file of titles, one a line (fetch.ReadTitles), taken
	// from the pipeline file's folder when relative; the run reads it into
	// Titles.
	TitlesFrom string
}

// The keys that make an input a fetch input, and those that only go with them.
var pageKeys, fetchOnlyKeys = []string{"titles", "titles_from", "category"}, []string{"depth", "api"}

// fetchOf is the Fetch of in, made on first use.
func fetchOf(in *Input) *Fetch {
	if in.Fetch == nil {
		in.Fetch = &Fetch{}
	}
	return in.Fetch
}

func decodeTitles(c *checker, f field, in *Input) {
	items := c.List(f)
	if len(items) == 0 && yamlcheck.IsSeq(f.Value) {
		c.Errorf(f.Value, "%s: empty: name at least one title", f.Name)
	}
	ft := fetchOf(in)
	for i, item := range items {
		it := yamlcheck.Item(item, fmt.Sprintf("%s[%d]", f.Name, i))
		s, ok := c.Text(it)
		if !ok {
			continue
		}
		if t := fetch.NormalizeTitle(s); t == "" || strings.ContainsFunc(s, func(r rune) bool { return r == '|' || r < ' ' }) {
			c.Errorf(item, "%s: %q is not a page title", it.Name, s)
			continue
		}
		ft.Titles = append(ft.Titles, s)
	}
}

// checkedText decodes text that valid accepts, reporting what is wanted
// when it does not.
func checkedText(c *checker, f field, valid func(string) bool, want string) (string, bool) {
	s, ok := c.Text(f)
	if ok && !valid(s) {
		c.Errorf(f.Value, "%s: %q: %s", f.Name, s, want)
		ok = false
	}
	return s, ok
}

func decodeCategory(c *checker, f field, in *Input) {
	named := func(s string) bool {
		return fetch.NormalizeTitle(strings.TrimPrefix(fetch.NormalizeTitle(s), "Category:")) != ""
	}
	if s, ok := checkedText(c, f, named, "want a category name"); ok {
		fetchOf(in).Category = s
	}
}

func decodeDepth(c *checker, f field, in *Input) {
	n, ok := c.Integer(f)
	if ok && n < 0 {
		c.Errorf(f.Value, "%s: %d: want 0 (the category's own members) or more", f.Name, n)
		return
	}
	fetchOf(in).Depth = n
}

func decodeAPI(c *checker, f field, in *Input) {
	isURL := func(s string) bool {
		u, err := url.Parse(s)
		return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
	}
	if s, ok := checkedText(c, f, isURL, "want the http(s) URL of the wiki's api.php"); ok {
		fetchOf(in).API = s
	}
}

func decodeWiki(c *checker, f field, in *Input) {
	if s, ok := c.Text(f); ok {
		if w, err := extract.ParseWiki(s); err != nil {
			c.Errorf(f.Value, "%s: %v", f.Name, err)
		} else {
			in.Wiki = w.Host
		}
	}
}

// checkFetch checks the keys of a fetch input entry together, each mistake
// at the key that makes it, and completes its Source. It reports whether
// the entry is a fetch input (whether or not it is right).
func checkFetch(c *checker, item *yaml.Node, name string, in *Input) bool {
	at := func(key string) *yaml.Node {
		k, _, _ := yamlcheck.Lookup(item, key)
		return k
	}
	var pages []string // the page keys given, in pageKeys order
	for _, k := range pageKeys {
		if at(k) != nil {
			pages = append(pages, k)
		}
	}
	var only []string
	for _, k := range fetchOnlyKeys {
		if at(k) != nil {
			only = append(only, k)
		}
	}
	if len(pages) == 0 && len(only) == 0 {
		return false
	}
	ok := true
	fail := func(key, format string, args ...any) {
		c.Errorf(at(key), "%s.%s: %s", name, key, fmt.Sprintf(format, args...))
		ok = false
	}
	switch {
	case at("path") != nil && len(only) == 0 && at("category") == nil && at("wiki") == nil && in.Fetch != nil:
		// titles of a dump: the pages read of it, through its index
		in.Pages, in.PagesFrom, in.Fetch = in.Fetch.Titles, in.Fetch.TitlesFrom, nil
		return false
	case at("path") != nil:
		fail(append(pages, only...)[0], "an entry reads a path (a dump with titles or titles_from) or pages on a wiki (with wiki:), not both")
	case len(pages) == 0:
		fail(only[0], "names no pages: give titles, titles_from or category")
	case len(pages) > 1:
		fail(pages[1], "give one of titles, titles_from and category, not %s and %s (use two entries)", pages[0], pages[1])
	case at("wiki") == nil:
		fail(pages[0], "which wiki? give wiki: HOST, such as wiki: en.wikipedia.org")
	}
	if ok && at("depth") != nil && at("category") == nil {
		fail("depth", "depth goes with category")
	}
	if _, v, has := yamlcheck.Lookup(item, "format"); has && in.Format != extract.Auto && in.Format != extract.Wikitext && in.Format != extract.HTML {
		c.Errorf(v, "%s.format: %s: pages on a wiki are read as wikitext or html", name, in.Format)
		ok = false
	}
	if !ok || in.Fetch == nil {
		return true
	}
	in.Fetch.Wiki = in.Wiki
	if in.Format == extract.HTML {
		in.Fetch.Format = fetch.HTML
	} else {
		in.Format, in.Fetch.Format = extract.Wikitext, fetch.Wikitext
	}
	return true
}
