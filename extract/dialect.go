package extract

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
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
	// InfoboxNames are extra template names (besides "Infobox …") read as
	// infoboxes in wikitext, such as "Taxobox".
	InfoboxNames []string
	// AllTables makes the html dialect read every content table, not only
	// table.wikitable.
	AllTables bool
	// AllNamespaces makes the dump dialect keep pages outside namespace 0.
	AllNamespaces bool
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
// file name without its extension, underscores as spaces.
func titleFromPath(path string) string {
	base := filepath.Base(path)
	if path == "-" || path == "" {
		return "stdin"
	}
	base = strings.TrimSuffix(base, filepath.Ext(base))
	return strings.ReplaceAll(base, "_", " ")
}

// stripBOM drops a leading UTF-8 byte order mark.
func stripBOM(data []byte) []byte {
	return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
}
