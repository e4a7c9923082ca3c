package extract

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// This file names wikis: a wiki given as a host, a URL or a database name
// becomes its host, and a host its content language.

// DefaultWiki is the wiki of an article whose source and input name none.
var DefaultWiki = Wiki{Host: "en.wikipedia.org", Language: "en"}

// hostLanguages are the Wikimedia subdomains that are not their wiki's
// content language ($wgLanguageCode in Wikimedia's InitialiseSettings.php).
// Any other subdomain of a project domain is: ar.wikipedia.org → ar.
var hostLanguages = map[string]string{
	"simple":       "en", // Simple English Wikipedia and Wiktionary
	"no":           "nb",
	"be-x-old":     "be-tarask",
	"zh-classical": "lzh",
	"zh-min-nan":   "nan",
	"zh-yue":       "yue",
	"als":          "gsw",
	"bat-smg":      "sgs",
	"fiu-vro":      "vro",
	"roa-rup":      "rup",
	// The multilingual wikis write their pages in English by default.
	"www":     "en",
	"commons": "en",
	"meta":    "en",
	"species": "en",
}

// dbnameSuffixes map the suffix of a Wikimedia database name to its project's
// domain: arwiki → ar.wikipedia.org, enwiktionary → en.wiktionary.org.
var dbnameSuffixes = []struct{ suffix, domain string }{
	{"wiktionary", "wiktionary.org"},
	{"wikibooks", "wikibooks.org"},
	{"wikinews", "wikinews.org"},
	{"wikiquote", "wikiquote.org"},
	{"wikisource", "wikisource.org"},
	{"wikiversity", "wikiversity.org"},
	{"wikivoyage", "wikivoyage.org"},
	{"wiki", "wikipedia.org"}, // last: the others end in it too
}

// ParseWiki reads a wiki as a user or a source names it: a host
// ("ar.wikipedia.org"), a URL ("https://ar.wikipedia.org/wiki/Main_Page",
// "//ar.wikipedia.org/wiki/") or a Wikimedia database name ("arwiki",
// "simplewiki"). The language is the host's (see HostLanguage).
func ParseWiki(s string) (Wiki, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Wiki{}, fmt.Errorf("empty wiki: give a host such as en.wikipedia.org")
	}
	host := s
	if strings.Contains(s, "/") {
		if strings.HasPrefix(s, "//") {
			s = "https:" + s
		}
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			return Wiki{}, fmt.Errorf("wiki %q: not a host, a URL or a database name", s)
		}
		host = u.Host
	} else if !strings.Contains(s, ".") {
		h, ok := dbnameHost(s)
		if !ok {
			return Wiki{}, fmt.Errorf("wiki %q: not a host (en.wikipedia.org) or a database name (enwiki)", s)
		}
		host = h
	}
	host = strings.ToLower(host)
	name, port := splitPort(host)
	name = strings.TrimSuffix(name, ".")
	if !validHost(name) || port != "" && !validPort(port) {
		return Wiki{}, fmt.Errorf("wiki %q: %q is not a host name", s, host)
	}
	if port != "" {
		return Wiki{Host: net.JoinHostPort(name, port), Language: HostLanguage(name)}, nil
	}
	return Wiki{Host: name, Language: HostLanguage(name)}, nil
}

// dbnameHost is the host of a Wikimedia database name: its language code
// (underscores as hyphens) and its project.
func dbnameHost(name string) (string, bool) {
	name = strings.ToLower(name)
	for _, c := range []byte(name) {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return "", false
		}
	}
	for _, p := range dbnameSuffixes {
		lang, ok := strings.CutSuffix(name, p.suffix)
		if ok && lang != "" {
			return strings.ReplaceAll(lang, "_", "-") + "." + p.domain, true
		}
	}
	return "", false
}

// validHost accepts two or more dot-separated labels of letters, digits and
// hyphens: a wiki's host is a domain name, not "localhost".
func validHost(host string) bool {
	if len(host) > 253 || !strings.Contains(host, ".") {
		return false
	}
	for _, label := range strings.Split(host, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for _, c := range []byte(label) {
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// HostLanguage is the content language of a Wikimedia wiki's host: its
// subdomain (ar.wikipedia.org → ar), but for those of hostLanguages
// (simple.wikipedia.org → en, zh-yue.wikipedia.org → yue). It is "" for a
// host that is not one language's wiki of a Wikimedia project: the language
// is then unknown.
func HostLanguage(host string) string {
	first, domain, ok := strings.Cut(host, ".")
	if !ok || !isProjectDomain(domain) {
		return ""
	}
	if lang, ok := hostLanguages[first]; ok {
		return lang
	}
	return first
}

// isProjectDomain reports whether domain is a Wikimedia project's, whose
// subdomains are languages, or wikimedia.org (commons, meta, species).
func isProjectDomain(domain string) bool {
	if domain == "wikimedia.org" || domain == "wikidata.org" || domain == "mediawiki.org" {
		return true
	}
	for _, p := range dbnameSuffixes {
		if domain == p.domain {
			return true
		}
	}
	return false
}

// resolveWiki is the wiki of a document: what its source said (host and
// language, either may be empty), the host else the input's (opts.Wiki),
// the language else the host's. Empty when no host is known, a language
// alone included: the caller's default wiki applies whole.
func resolveWiki(fromSource Wiki, opts Options) Wiki {
	w := fromSource
	if w.Host == "" {
		if given, err := ParseWiki(opts.Wiki); err == nil {
			w.Host = given.Host
		}
	}
	if w.Host == "" {
		return Wiki{}
	}
	if w.Language == "" {
		w.Language = HostLanguage(w.Host)
	}
	return w
}

// splitPort splits "host:port" (a wiki on its own port, such as a test
// server); port is "" for a host alone.
func splitPort(host string) (name, port string) {
	if h, p, err := net.SplitHostPort(host); err == nil {
		return h, p
	}
	return host, ""
}

// validHostPort reports whether s is a host name, with a valid port or none.
func validHostPort(s string) bool {
	name, port := splitPort(s)
	return validHost(name) && (port == "" || validPort(port))
}

// validPort reports whether p is a TCP port number.
func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n > 0 && n < 1<<16 && p[0] != '0'
}
