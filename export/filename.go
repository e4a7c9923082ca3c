package export

// The file names of the JSON-LD documents (jsonld.go).

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wikipipe/wikipipe/internal/keyset"
)

// fileNamer gives each article of a run its JSON-LD file name (without
// .jsonld). The rule, applied to the article_id:
//
//  1. Every byte that some OS forbids or mangles is percent-encoded as %XX:
//     control characters (C0, DEL, C1), / \ : * ? " < > |, and % and ~
//     themselves (so that the encoding is reversible and a ~ only ever
//     comes from steps 3 and 4), and bytes that are not UTF-8.
//  2. A leading . (hidden files; our own temporary names start with one), a
//     trailing . or space (Windows drops them), and the first letter of a
//     Windows device name (CON, PRN, AUX, NUL, COM0-9, LPT0-9 and their
//     superscript forms, alone or before a dot, any case: CON.jsonld is the
//     console) are percent-encoded too. The empty id is named "~".
//  3. A name longer than 200 bytes is cut to 160 bytes at a character
//     boundary and ends with ~ and 16 hex digits of the id's SHA-256, so
//     that the temporary name of the file stays under the 255-byte limit of
//     every common file system.
//  4. Names that differ only by case (Sea_Power and Sea_power are two
//     articles; Windows and macOS see one file) are told apart in input
//     order: the first keeps its name, the next gets ~2, then ~3, and a
//     warning says so.
//
// Names are valid UTF-8 and keep every other character, so most names are
// the article_id itself: Azerbaijan–United_States_relations.jsonld. Unicode
// normalization is left as it is (Wikipedia titles are NFC already).
type fileNamer struct {
	used   keyset.Set // the case-folded names given so far
	folded []byte     // the name being keyed, folded; reused
}

func newFileNamer() *fileNamer { return &fileNamer{} }

const (
	maxNameBytes = 200
	cutNameBytes = 160
)

// name returns the file name of id, and whether a case-insensitive clash
// made it differ from safeName(id).
func (n *fileNamer) name(id string) (string, bool) {
	base := safeName(id)
	name := base
	key := n.key(name)
	for i := 2; n.used.Has(key); i++ {
		name = base + "~" + strconv.Itoa(i)
		key = n.key(name)
	}
	n.used.Add(key)
	return name, name != base
}

// key is the name's folded form, the same for names a case-insensitive file
// system takes for one.
func (n *fileNamer) key(name string) string {
	n.folded = appendFolded(n.folded[:0], name)
	return string(n.folded)
}

// safeName applies steps 1 to 3 of the fileNamer rule.
func safeName(id string) string {
	if id == "" {
		return "~"
	}
	var b []byte // nil while id needs no escape: most names are the id itself
	for i := 0; i < len(id); {
		r, size := utf8.DecodeRuneInString(id[i:])
		last := i+size == len(id)
		encode := r == utf8.RuneError && size == 1 ||
			r < 0x20 || r >= 0x7F && r <= 0x9F ||
			strings.ContainsRune(`/\:*?"<>|%~`, r) ||
			i == 0 && (r == '.' || isDeviceName(id)) ||
			last && (r == '.' || r == ' ')
		switch {
		case encode:
			if b == nil {
				b = append(make([]byte, 0, len(id)+16), id[:i]...)
			}
			b = appendPercent(b, id[i:i+size])
		case b != nil:
			b = append(b, id[i:i+size]...)
		}
		i += size
	}
	s := id
	if b != nil {
		s = string(b)
	}
	if len(s) <= maxNameBytes {
		return s
	}
	cut := cutNameBytes
	for !utf8.RuneStart(s[cut]) {
		cut--
	}
	// A cut must not split a %XX escape either.
	if p := strings.LastIndexByte(s[:cut], '%'); p >= 0 && p > cut-3 {
		cut = p
	}
	sum := sha256.Sum256([]byte(id))
	return s[:cut] + "~" + hex.EncodeToString(sum[:8])
}

// isDeviceName reports whether Windows takes a file whose name starts with
// id for a device: the part before the first dot, trailing spaces dropped,
// is CON, PRN, AUX, NUL, COM0-9 or LPT0-9 (digits ¹²³ too), in any case.
func isDeviceName(id string) bool {
	stem, _, _ := strings.Cut(id, ".")
	stem = strings.ToUpper(strings.TrimRight(stem, " "))
	switch stem {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	if len(stem) < 4 || stem[:3] != "COM" && stem[:3] != "LPT" {
		return false
	}
	switch stem[3:] {
	case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
		return true
	}
	return false
}

// appendFolded appends s with every character mapped to the smallest of its
// case variants, so that names equal on a case-insensitive file system fold
// equal. For ASCII that is the upper case.
func appendFolded(dst []byte, s string) []byte {
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'a' <= r && r <= 'z' {
				r -= 'a' - 'A'
			}
			dst = append(dst, byte(r))
			continue
		}
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		dst = utf8.AppendRune(dst, least)
	}
	return dst
}
