package export

// A JSON encoder for the JSON-LD writer (jsonld.go).

import "unicode/utf8"

// jsonEncoder writes JSON indented by two spaces, as json.MarshalIndent
// would, straight from the rows: no tree of values is built per document.
type jsonEncoder struct {
	buf   []byte
	depth int
	empty bool // the innermost object or list opened has no member yet
}

func (e *jsonEncoder) reset() { e.buf, e.depth, e.empty = e.buf[:0], 0, true }

// open starts an object ('{') or a list ('[').
func (e *jsonEncoder) open(brace byte) {
	e.buf = append(e.buf, brace)
	e.depth++
	e.empty = true
}

// close ends the innermost object ('}') or list (']').
func (e *jsonEncoder) close(brace byte) {
	e.depth--
	if !e.empty {
		e.newline()
	}
	e.buf = append(e.buf, brace)
	e.empty = false // the value closed is a member of its parent
}

// next starts the next member of the innermost object or list.
func (e *jsonEncoder) next() {
	if !e.empty {
		e.buf = append(e.buf, ',')
	}
	e.empty = false
	e.newline()
}

func (e *jsonEncoder) newline() {
	e.buf = append(e.buf, '\n')
	for range e.depth {
		e.buf = append(e.buf, "  "...)
	}
}

// key starts the member k of the innermost object; its value comes next.
func (e *jsonEncoder) key(k string) {
	e.next()
	e.str(k)
	e.buf = append(e.buf, ": "...)
}

// field writes the member k with the string value v.
func (e *jsonEncoder) field(k, v string) {
	e.key(k)
	e.str(v)
}

// iri writes the string url#fragment, the fragment escaped by
// appendIRIFragment and then suffix, which must need no escaping.
func (e *jsonEncoder) iri(url, fragment, suffix string) {
	e.buf = appendJSONChars(append(e.buf, '"'), url)
	e.buf = appendIRIFragment(append(e.buf, '#'), fragment)
	e.buf = append(append(e.buf, suffix...), '"')
}

// str writes s as a JSON string.
func (e *jsonEncoder) str(s string) {
	e.buf = append(appendJSONChars(append(e.buf, '"'), s), '"')
}

// appendJSONChars appends s escaped for a JSON string the way encoding/json
// does with SetEscapeHTML(false): invalid UTF-8 becomes U+FFFD, and U+2028
// and U+2029 are escaped for JavaScript.
func appendJSONChars(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, `\b`...)
			case '\f':
				dst = append(dst, `\f`...)
			case '\n':
				dst = append(dst, `\n`...)
			case '\r':
				dst = append(dst, `\r`...)
			case '\t':
				dst = append(dst, `\t`...)
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			switch r {
			case utf8.RuneError:
				dst = append(dst, `\ufffd`...)
			case '\u2028':
				dst = append(dst, `\u2028`...)
			default:
				dst = append(dst, `\u2029`...)
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(dst, s[start:]...)
}
