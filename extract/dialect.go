package extract

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Dialect names an input form.
type Dialect string

const (
	Auto     Dialect = "auto"
	Text     Dialect = "text"     // the wiki text export dialect of the seed article
	Wikitext Dialect = "wikitext" // MediaWiki markup
	HTML     Dialect = "html"     // Parsoid/REST HTML or the desktop page
	Dump     Dialect = "dump"     // MediaWiki XML export, plain, .bz2 or .gz
)

// Dialects lists the dialects a user can name.
var Dialects = []Dialect{Auto, Text, Wikitext, HTML, Dump}

// ParseDialect checks a dialect name given by a user.
func ParseDialect(name string) (Dialect, error) {
	for _, d := range Dialects {
		if string(d) == name {
			return d, nil
		}
	}
	return "", fmt.Errorf("unknown dialect %q (want one of auto, text, wikitext, html, dump)", name)
}

// Options tune the dialects; the zero value is the default.
type Options struct {
	// InfoboxNames change DefaultInfoboxNames, the templates read as
	// infoboxes in wikitext besides "Infobox …": "Mybox" adds a template,
	// "-Personendaten" removes one ("-Infobox" the generic {{Infobox}}).
	InfoboxNames []string
	// AllTables makes the html dialect read every content table, not only
	// table.wikitable.
	AllTables bool
	// AllNamespaces makes the dump dialect keep pages outside namespace 0.
	AllNamespaces bool
	// Wiki is the wiki of the input's articles where the input does not
	// say (a dump's <siteinfo> and an HTML page's <base> do): a host, URL
	// or database name as ParseWiki reads it. Empty leaves Document.Wiki
	// empty, for the caller's default.
	Wiki string
	// Title is the title of a wikitext or text-dialect document whose
	// content names none, in place of the one made from the file name.
	Title string
	// Limits bound the memory of reading one input (limits.go).
	Limits Limits
}

// Stats counts what an input held besides its documents.
type Stats struct {
	Documents int `json:"documents"`
	Redirects int `json:"redirects"`
	Skipped   int `json:"skipped"` // pages outside the namespaces read
}

// newSource describes data read from path.
func newSource(path string, d Dialect, data []byte) Source {
	return Source{Path: path, Dialect: d, Size: int64(len(data)), SHA256: digest(data)}
}

// digest is the SHA-256 of data, hex, as Source and Input give it.
func digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// titleFromPath is the title of a document whose content names none: the
// file name without its extension, read as MediaWiki writes a title in a
// URL (TitleFromURL).
func titleFromPath(path string) string {
	base := filepath.Base(path)
	if path == "-" || path == "" {
		return "stdin"
	}
	return TitleFromURL(strings.TrimSuffix(base, filepath.Ext(base)))
}

// TitleFromURL decodes a title as MediaWiki writes it in a URL path:
// percent-escapes decoded ("Gen%C3%A7" → "Genç"), underscores as spaces.
// An escape that is not two hex digits, or bytes that do not decode to
// UTF-8, are kept as they are.
func TitleFromURL(s string) string {
	if strings.IndexByte(s, '%') >= 0 {
		if dec, err := url.PathUnescape(s); err == nil && utf8.ValidString(dec) {
			s = dec
		}
	}
	return strings.ReplaceAll(s, "_", " ")
}

// fallbackTitle is the title of a document whose content names none, and
// whether the user gave it (Options.Title) rather than the file name.
func fallbackTitle(path string, opts Options) (string, bool) {
	// MediaWiki titles have no underscores: they are the spaces of URLs.
	if t := strings.TrimSpace(strings.ReplaceAll(opts.Title, "_", " ")); t != "" {
		return t, true
	}
	return titleFromPath(path), false
}

// stripBOM drops a leading UTF-8 byte order mark.
func stripBOM(data []byte) []byte {
	return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
}
