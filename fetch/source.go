package fetch

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Format is the form in which page content is fetched.
type Format string

// The formats: wikitext from the Action API, Parsoid HTML from the REST API.
const (
	Wikitext Format = "wikitext"
	HTML     Format = "html"
)

// Source names pages on one wiki. Exactly one of Titles and Category is set.
type Source struct {
	// Wiki is the wiki's host, as in en.wikipedia.org (with a port if any).
	Wiki string
	// Scheme is "https" (the default when empty) or "http".
	Scheme string
	// API overrides the Action API endpoint, <scheme>://<wiki>/w/api.php.
	API string
	// Titles are page titles as the user wrote them.
	Titles []string
	// Category is a category name, with or without the "Category:" prefix;
	// its namespace-0 members are fetched, and those of sub-categories down
	// to Depth levels (0: the category's own members only).
	Category string
	Depth    int
	// Format is Wikitext when empty.
	Format Format
}

// endpoint is the Action API URL of the source's wiki.
func (s Source) endpoint() string {
	if s.API != "" {
		return s.API
	}
	return s.scheme() + "://" + s.Wiki + "/w/api.php"
}

func (s Source) scheme() string {
	if s.Scheme == "" {
		return "https"
	}
	return s.Scheme
}

func (s Source) format() Format {
	if s.Format == "" {
		return Wikitext
	}
	return s.Format
}

// Check reports what makes the source unusable, if anything.
func (s Source) Check() error {
	switch {
	case s.Wiki == "":
		return errors.New("no wiki host")
	case s.Scheme != "" && s.Scheme != "http" && s.Scheme != "https":
		return fmt.Errorf("scheme %q: want http or https", s.Scheme)
	case (len(s.Titles) == 0) == (s.Category == ""):
		return errors.New("want either titles or a category")
	case s.Category != "" && NormalizeTitle(strings.TrimPrefix(NormalizeTitle(s.Category), categoryPrefix)) == "":
		return fmt.Errorf("category %q: no name", s.Category)
	case s.Depth < 0:
		return fmt.Errorf("depth %d: want 0 or more", s.Depth)
	case s.Format != "" && s.Format != Wikitext && s.Format != HTML:
		return fmt.Errorf("format %q: want wikitext or html", s.Format)
	}
	if s.API != "" {
		u, err := url.Parse(s.API)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("api %q: want an http(s) URL", s.API)
		}
	}
	return nil
}

const categoryPrefix = "Category:"

// ParseURL turns a page URL (http(s)://HOST/wiki/TITLE, or
// /w/index.php?title=TITLE) into a Source of one title, or of a category when
// the title is in the Category namespace. The title is percent-decoded and
// its underscores become spaces; a fragment is dropped.
func ParseURL(raw string) (Source, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Source{}, fmt.Errorf("page URL %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return Source{}, fmt.Errorf("page URL %q: want http:// or https://", raw)
	}
	if u.Host == "" {
		return Source{}, fmt.Errorf("page URL %q: no host", raw)
	}
	var title string
	switch {
	case strings.HasPrefix(u.EscapedPath(), "/wiki/"):
		// Decode the escaped path ourselves: u.Path has already turned %2F
		// into "/", which is right for titles too, but the escaped form keeps
		// a "?" or "#" that was percent-encoded inside the title.
		title, err = url.PathUnescape(strings.TrimPrefix(u.EscapedPath(), "/wiki/"))
		if err != nil {
			return Source{}, fmt.Errorf("page URL %q: %w", raw, err)
		}
	case u.Query().Has("title"):
		title = u.Query().Get("title")
	default:
		return Source{}, fmt.Errorf("page URL %q: want a path /wiki/TITLE", raw)
	}
	title = NormalizeTitle(title)
	if title == "" {
		return Source{}, fmt.Errorf("page URL %q: no title", raw)
	}
	src := Source{Wiki: u.Host, Scheme: u.Scheme}
	if name, ok := strings.CutPrefix(title, categoryPrefix); ok {
		src.Category = NormalizeTitle(name)
		if src.Category == "" {
			return Source{}, fmt.Errorf("page URL %q: no category name", raw)
		}
		return src, nil
	}
	src.Titles = []string{title}
	return src, nil
}

// NormalizeTitle does the part of MediaWiki's title normalisation that needs
// no knowledge of the wiki: underscores become spaces, runs of spaces one, the
// ends are trimmed, a fragment is dropped. The wiki does the rest (first
// letter case, namespace aliases) and reports it as a normalisation.
func NormalizeTitle(t string) string {
	if i := strings.IndexByte(t, '#'); i >= 0 {
		t = t[:i]
	}
	return strings.Join(strings.FieldsFunc(t, func(r rune) bool { return r == '_' || r == ' ' }), " ")
}

// categoryTitle is the full title of category name.
func categoryTitle(name string) string {
	name = NormalizeTitle(name)
	if strings.HasPrefix(name, categoryPrefix) {
		return name
	}
	return categoryPrefix + name
}

// escapeTitle writes a title the way MediaWiki writes it in a URL path:
// spaces as underscores, percent-encoding but for the characters MediaWiki
// leaves as they are.
func escapeTitle(title string) string {
	var b strings.Builder
	for _, c := range []byte(strings.ReplaceAll(title, " ", "_")) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_.~;@$!*(),/:", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
