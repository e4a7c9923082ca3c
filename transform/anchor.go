package transform

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wikipipe/wikipipe/extract"
)

// This file holds the names Wikipedia gives things: article IDs and URLs,
// section anchors, and the param/ordinal split of numbered infobox keys.

// ArticleID is the article's title as Wikipedia keys it: runs of spaces and
// underscores as one underscore, trimmed.
func ArticleID(title string) string { return underscored(title, false) }

// underscored is s with runs of white space and underscores as one "_",
// trimmed, and lower-cased when lower is set. ASCII input, nearly every
// title and key, takes one pass and no allocation when s is already in that
// form.
func underscored(s string, lower bool) string {
	canonical := true
	sep := true // at the start, or after a separator
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			id := strings.Join(strings.FieldsFunc(s, isSpaceOrUnderscore), "_")
			if lower {
				id = strings.ToLower(id)
			}
			return id
		case c == '_' || asciiSpace[c] != 0:
			if sep || c != '_' {
				canonical = false
			}
			sep = true
		default:
			if lower && 'A' <= c && c <= 'Z' {
				canonical = false
			}
			sep = false
		}
	}
	if canonical && (!sep || s == "") {
		return s
	}
	b := make([]byte, 0, len(s))
	pending := false // a separator run is waiting for the next word
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || asciiSpace[c] != 0 {
			pending = len(b) > 0
			continue
		}
		if pending {
			b = append(b, '_')
			pending = false
		}
		if lower && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return string(b)
}

// asciiSpace is 1 for the ASCII bytes unicode.IsSpace accepts, 0 for the
// others (a number, so that countWords can add it up).
var asciiSpace = [utf8.RuneSelf]uint8{'\t': 1, '\n': 1, '\v': 1, '\f': 1, '\r': 1, ' ': 1}

func isSpaceOrUnderscore(r rune) bool { return r == '_' || unicode.IsSpace(r) }

// URL is the URL of an article ID on the wiki at host, escaped as
// MediaWiki's wfUrlencode does: bytes other than letters, digits and
// -_.~;:@$!*(),/ are percent-encoded.
func URL(host, id string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.WriteString("https://")
	b.WriteString(host)
	b.WriteString("/wiki/")
	for i := 0; i < len(id); i++ {
		c := id[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.~;:@$!*(),/", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// WikiOf is the wiki of a document: its own, else extract.DefaultWiki.
func WikiOf(doc *extract.Document) extract.Wiki {
	if doc.Wiki.Host == "" {
		return extract.DefaultWiki
	}
	return doc.Wiki
}

// LeadID is the section_id of the lead, which has no heading. The anchors of
// headings never take it: a heading "Lead" becomes Lead_2.
const LeadID = "lead"

// maxAnchor is the byte length MediaWiki cuts anchors to.
const maxAnchor = 1024

// anchors hands out section anchors as MediaWiki does (Parser::finalizeHeadings
// with $wgFragmentMode html5): white space runs as "_", then a repeated
// anchor, compared ignoring ASCII case, takes the first free suffix _2, _3…
type anchors map[string]bool

func newAnchors() anchors { return anchors{LeadID: true} }

// next returns the anchor of the next heading in document order.
func (a anchors) next(heading string) string {
	id := ArticleID(heading)
	if len(id) > maxAnchor {
		id = cutUTF8(id, maxAnchor)
	}
	key := asciiLower(id)
	if !a[key] {
		a[key] = true
		return id
	}
	i := 2
	for a[key+"_"+strconv.Itoa(i)] {
		i++
	}
	a[key+"_"+strconv.Itoa(i)] = true
	return id + "_" + strconv.Itoa(i)
}

// cutUTF8 cuts s to at most n bytes without splitting a rune.
func cutUTF8(s string, n int) string {
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// asciiLower lowers ASCII letters only, as PHP's strtolower does.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// SplitParam splits an infobox key into its param and ordinal: "Party1" →
// ("party", 1), "Term Start2" → ("term_start", 2), "Native name" →
// ("native_name", 0). The param is the key lower-cased with white space and
// underscores as "_". A key is numbered when it ends in one or two digits
// right after a letter; longer numbers ("Census 2010") and digits after a
// space are part of the name. 0 means no ordinal.
func SplitParam(key string) (param string, ordinal int) {
	param = normKey(key)
	base := param // without its trailing digits
	for base != "" && '0' <= base[len(base)-1] && base[len(base)-1] <= '9' {
		base = base[:len(base)-1]
	}
	digits := len(param) - len(base)
	if r, _ := utf8.DecodeLastRuneInString(base); digits == 0 || digits > 2 || !unicode.IsLetter(r) {
		return param, 0
	}
	if ordinal, _ = strconv.Atoi(param[len(base):]); ordinal == 0 {
		return param, 0
	}
	return base, ordinal
}

// normKey is an infobox key lower-cased, white space and underscores as "_".
func normKey(key string) string { return underscored(key, true) }
