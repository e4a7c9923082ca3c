package extract

import (
	"bytes"
	"html"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Inline markup reduced to text:
//
//   - [[target|label]] shows label ([[target]] the target, [[a (b)|]] "a"),
//     letters glued after "]]" join it, and the link is kept in Links;
//     [[Category:…]], [[File:…]]/[[Image:…]] and language links
//     ([[de:…]]) show nothing.
//   - [http://url label] shows label; a bare [http://url] shows nothing.
//   - '' and ''' (italics, bold) are dropped; <ref>…</ref>, <ref/>,
//     comments, <references/>, <gallery> and __MAGIC_WORDS__ show nothing;
//     <nowiki>, <pre>, <math> show their content as written; other tags are
//     dropped and their content kept; <br> breaks a line (a space in prose,
//     a newline in a table cell, an item in an infobox value); entities are
//     decoded (&nbsp; as a space).
//   - Templates: infoboxes (see DefaultInfoboxNames) become Document
//     infoboxes and show nothing; the templates of wtInline show text as
//     described there; every other template shows nothing and its name is
//     recorded in Templates.

// bufMode says how a textBuf renders line breaks and list items.
type bufMode uint8

const (
	modeProse bufMode = iota // <br> a space, list items joined with ", "
	modeCell                 // <br> and list items on their own lines
	modeField                // <br> and list items split the value into Items
)

// textBuf collects rendered text with whitespace collapsed, and the links
// and dropped templates met on the way.
type textBuf struct {
	mode      bufMode
	b         []byte
	space     bool  // a space is due before the next text
	mark      int   // len(b) at the last break
	items     []int // modeField: offsets in b where items end
	links     []Link
	templates []string
}

func (t *textBuf) reset(mode bufMode) {
	*t = textBuf{mode: mode, b: t.b[:0], items: t.items[:0]}
}

// sp asks for a space before the next text.
func (t *textBuf) sp() { t.space = true }

func (t *textBuf) flush() {
	if t.space && len(t.b) > t.mark && t.b[len(t.b)-1] != ' ' {
		t.b = append(t.b, ' ')
	}
	t.space = false
}

func (t *textBuf) write(s []byte) {
	if len(s) == 0 {
		return
	}
	t.flush()
	t.b = append(t.b, s...)
}

func (t *textBuf) writeString(s string) {
	if s == "" {
		return
	}
	t.flush()
	t.b = append(t.b, s...)
}

// words writes a run of plain text whose only whitespace is spaces,
// collapsing them. Runs are copied whole: most hold single spaces only.
func (t *textBuf) words(run []byte) {
	for len(run) > 0 && run[0] == ' ' {
		t.sp()
		run = run[1:]
	}
	trail := false
	for len(run) > 0 && run[len(run)-1] == ' ' {
		trail = true
		run = run[:len(run)-1]
	}
	for len(run) > 0 {
		k := bytes.Index(run, []byte("  "))
		if k < 0 {
			t.write(run)
			break
		}
		t.write(run[:k])
		t.sp()
		for k < len(run) && run[k] == ' ' {
			k++
		}
		run = run[k:]
	}
	if trail {
		t.sp()
	}
}

// lineBreak is a <br>.
func (t *textBuf) lineBreak() {
	if t.mode == modeProse {
		t.sp()
		return
	}
	t.itemBreak()
}

// itemBreak ends a list item; empty items vanish.
func (t *textBuf) itemBreak() {
	t.space = false
	if len(t.b) == t.mark {
		return
	}
	switch t.mode {
	case modeProse:
		t.b = append(t.b, ", "...)
	case modeCell:
		t.b = append(t.b, '\n')
	case modeField:
		t.items = append(t.items, len(t.b))
	}
	t.mark = len(t.b)
}

// finish returns the text, without the separators a break left at its end.
func (t *textBuf) finish() string {
	b := t.b
	switch t.mode {
	case modeProse:
		b = bytes.TrimSuffix(b, []byte(", "))
	case modeCell:
		b = bytes.TrimRight(b, "\n")
	}
	return string(bytes.TrimSpace(b))
}

// field returns a field's value and, when breaks split it, its items.
func (t *textBuf) field() (string, []string) {
	var items []string
	prev := 0
	for _, end := range append(t.items, len(t.b)) {
		if s := strings.TrimSpace(string(t.b[prev:end])); s != "" {
			items = append(items, s)
		}
		prev = end
	}
	switch len(items) {
	case 0:
		return "", nil
	case 1:
		return items[0], nil
	}
	return strings.Join(items, ", "), items
}

func (t *textBuf) takeLinks() []Link {
	l := t.links
	t.links = nil
	return l
}

func (t *textBuf) takeTemplates() []string {
	l := t.templates
	t.templates = nil
	return l
}

// render reduces the markup [s, e) to text in tb; depth counts the
// templates and links it sits in.
func (p *wtParser) render(tb *textBuf, s, e, depth int) {
	k := p.spanFrom(0, s)
	for i := s; i < e; {
		next := e
		if k < len(p.spans) && p.spans[k].open < e {
			next = p.spans[k].open
		}
		p.text(tb, i, next)
		if next >= e {
			return
		}
		sp := &p.spans[k]
		if sp.close > e { // a construct cut by the range: its markup is text
			p.text(tb, next, e)
			return
		}
		i = sp.close + p.span(tb, sp, e, depth)
		k = p.spanFrom(k+1, i)
	}
}

// span renders one construct and returns how many bytes after it (before
// limit) it also consumed: the letters glued to a link.
func (p *wtParser) span(tb *textBuf, sp *wtSpan, limit, depth int) int {
	switch sp.kind {
	case wtLiteral:
		p.text(tb, sp.body, sp.bodyEnd)
	case wtHTMLTag, wtStruct:
		p.tag(tb, sp.open, sp.close)
	case wtTemplate, wtLink:
		if depth >= wtMaxDepth {
			p.checkDepth(wtMaxDepth+1, sp.open) // normally said by the scanner already
			return 0
		}
		if sp.kind == wtTemplate {
			p.template(tb, sp, depth+1)
			return 0
		}
		return p.link(tb, sp, limit, depth+1)
	}
	return 0 // comments, references, dropped tags, template parameters
}

// wtTextSpecial marks the bytes text stops at.
var wtTextSpecial = func() (t [256]bool) {
	for _, c := range []byte("'<&[_\t\r\n") { // not ' ': see words
		t[c] = true
	}
	return t
}()

// text renders [s, e), which holds no span: quotes, tags, entities,
// external links, magic words and whitespace.
func (p *wtParser) text(tb *textBuf, s, e int) {
	d := p.data
	for i := s; i < e; {
		j := wtSkip(d, i, e, &wtTextSpecial)
		tb.words(d[i:j])
		if j >= e {
			return
		}
		i = j
		switch c := d[i]; c {
		case '\t', '\r':
			tb.sp()
			i++
		case '\n':
			tb.sp()
			i++
			// A list or indented line inside a template argument or a cell
			// is an item.
			if i < e && (d[i] == '*' || d[i] == '#' || d[i] == ':' || d[i] == ';') {
				tb.itemBreak()
				for i < e && (d[i] == '*' || d[i] == '#' || d[i] == ':' || d[i] == ';') {
					i++
				}
			}
		case '\'':
			n := runOf(d[:e], i, '\'')
			if lit := p.quoteText(i, n); lit > 0 {
				tb.write(d[i : i+lit])
			}
			i += n
		case '<':
			i = p.tag(tb, i, e)
		case '&':
			i = wtEntity(tb, d, i, e)
		case '[':
			i = p.extLink(tb, i, e)
		case '_':
			i = wtMagicWord(tb, d, i, e)
		}
	}
}

// quoteText returns how many of the n quotes at i are text, as MediaWiki's
// doQuotes reads them: one alone; the first of four (then bold); all but
// five of more than five; and the bold that the fix-up of its line turns
// into an apostrophe and an italic mark.
func (p *wtParser) quoteText(i, n int) int {
	switch {
	case n == 1:
		return 1
	case n == 4:
		return 1 + p.quoteFix(i+1, 3)
	case n > 5:
		return n - 5
	}
	return p.quoteFix(i, n)
}

// quoteFix returns 1 if the mark of m quotes at i is the bold that the
// fix-up of its line reads as an apostrophe and an italic, else 0.
func (p *wtParser) quoteFix(i, m int) int {
	if m != 3 {
		return 0
	}
	if i < p.quoteLine || i >= p.quoteEnd {
		d := p.data
		p.quoteLine = bytes.LastIndexByte(d[:i], '\n') + 1
		p.quoteEnd = len(d)
		if n := bytes.IndexByte(d[i:], '\n'); n >= 0 {
			p.quoteEnd = i + n
		}
		p.quoteBold = p.lineQuoteFix(p.quoteLine, p.quoteEnd)
	}
	if p.quoteBold == i {
		return 1
	}
	return 0
}

// lineQuoteFix applies doQuotes' count to the line [ls, le): if it
// holds an odd number of both bold and italic marks, it returns the offset
// of the bold mark read as an apostrophe and an italic (the first after a
// one-letter word, else the first after a longer word, else the first after
// a space), else -1. Comments, references and literal tags do not count.
func (p *wtParser) lineQuoteFix(ls, le int) int {
	d := p.data
	bold, italics := 0, 0
	single, multi, space := -1, -1, -1
	seg := ls // start of the text before the mark
	k := p.spanFrom(0, ls)
	for j := ls; j < le; {
		q := bytes.IndexByte(d[j:le], '\'')
		if q < 0 {
			break
		}
		q += j
		skip := -1
		for ; k < len(p.spans) && p.spans[k].open <= q; k++ {
			if sp := &p.spans[k]; sp.close > q && sp.kind != wtTemplate && sp.kind != wtLink {
				skip = sp.close // not text of the line
				break
			}
		}
		if skip >= 0 {
			j = skip
			k = p.spanFrom(k, j)
			continue
		}
		n := runOf(d[:le], q, '\'')
		j = q + n
		if n < 2 {
			continue
		}
		at, m := q, n // the mark: the last three of four, the last five of more
		if n == 4 {
			at, m = q+1, 3
		} else if n > 5 {
			at, m = q+n-5, 5
		}
		switch m {
		case 2:
			italics++
		case 3:
			bold++
			switch {
			case at > seg && d[at-1] == ' ':
				if space < 0 {
					space = at
				}
			case at-2 >= seg && d[at-2] == ' ':
				if single < 0 {
					single = at
				}
			case multi < 0:
				multi = at
			}
		case 5:
			bold++
			italics++
		}
		seg = j
	}
	if bold%2 == 0 || italics%2 == 0 {
		return -1
	}
	for _, at := range [3]int{single, multi, space} {
		if at >= 0 {
			return at
		}
	}
	return -1
}

// tag handles a '<' at i: <br> is a line break, any other tag is dropped,
// and a '<' that starts no tag is text.
func (p *wtParser) tag(tb *textBuf, i, e int) int {
	d := p.data
	j := i + 1
	if j < e && d[j] == '/' {
		j++
	}
	if j >= e || !('a' <= d[j]|0x20 && d[j]|0x20 <= 'z') {
		tb.writeString("<")
		return i + 1
	}
	end := -1
	for k := j; k < e && k < i+1024; k++ {
		if d[k] == '>' {
			end = k
			break
		}
		if d[k] == '<' || d[k] == '\n' && k > i+256 {
			break
		}
	}
	if end < 0 {
		tb.writeString("<")
		return i + 1
	}
	name := d[j:end]
	if n := bytes.IndexAny(name, " \t\n/"); n >= 0 {
		name = name[:n]
	}
	if bytes.EqualFold(name, []byte("br")) {
		tb.lineBreak()
	} else if len(name) == 2 && (name[0]|0x20 == 'l' && name[1]|0x20 == 'i' || name[0]|0x20 == 'd' && (name[1]|0x20 == 't' || name[1]|0x20 == 'd')) {
		tb.itemBreak() // <li>, <dt>, <dd>: items of a list in a cell or a value
	} else if wtBlockTag(name) {
		tb.sp()
	}
	return end + 1
}

// wtBlockTag reports whether a tag separates words (a block element).
func wtBlockTag(name []byte) bool {
	for _, t := range []string{"div", "p", "li", "td", "th", "tr", "table", "center", "blockquote", "hr", "poem"} {
		if bytes.EqualFold(name, []byte(t)) {
			return true
		}
	}
	return false
}

// wtEntity decodes the character reference at i, or writes the '&'.
func wtEntity(tb *textBuf, d []byte, i, e int) int {
	end := -1
	for k := i + 1; k < e && k < i+33; k++ {
		c := d[k]
		if c == ';' {
			end = k
			break
		}
		if !(c == '#' || '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z') {
			break
		}
	}
	if end < 0 {
		tb.writeString("&")
		return i + 1
	}
	ent := string(d[i : end+1])
	switch ent {
	case "&nbsp;", "&#160;", "&ensp;", "&emsp;", "&thinsp;":
		tb.sp()
	default:
		s := html.UnescapeString(ent)
		if s == ent {
			tb.writeString("&")
			return i + 1
		}
		tb.writeString(s)
	}
	return end + 1
}

// wtMagicWord drops a __MAGICWORD__ at i, or writes the '_'.
func wtMagicWord(tb *textBuf, d []byte, i, e int) int {
	if i+4 < e && d[i+1] == '_' {
		k := i + 2
		for k < e && k < i+40 && 'A' <= d[k] && d[k] <= 'Z' {
			k++
		}
		if k > i+2 && k+1 < e && d[k] == '_' && d[k+1] == '_' {
			return k + 2
		}
	}
	tb.writeString("_")
	return i + 1
}

// wtSchemes are the URL schemes of external links.
var wtSchemes = []string{"http://", "https://", "//", "ftp://", "mailto:", "irc://", "news:"}

// wtSchemeLen returns the length of the URL scheme of wtSchemes at i, or 0.
func wtSchemeLen(d []byte, i, e int) int {
	for _, sch := range wtSchemes {
		if i+len(sch) <= e && bytes.EqualFold(d[i:i+len(sch)], []byte(sch)) {
			return len(sch)
		}
	}
	return 0
}

// wtExtLinkEnd returns the offset of the ']' closing the external link
// [url label] at i, or -1 if none starts there. The host of a URL may be a
// bracketed IPv6 address: [http://[2001:db8::1]/ x].
func wtExtLinkEnd(d []byte, i, e int) int {
	n := wtSchemeLen(d, i+1, e)
	if n == 0 {
		return -1
	}
	k := i + 1 + n
	if k < e && d[k] == '[' && n >= 2 && d[k-1] == '/' {
		h := k + 1
		for h < e && (d[h] == ':' || d[h] == '.' || '0' <= d[h] && d[h] <= '9' || 'a' <= d[h]|0x20 && d[h]|0x20 <= 'f') {
			h++
		}
		if h >= e || d[h] != ']' {
			return -1
		}
		k = h + 1
	}
	for ; k < e; k++ {
		switch d[k] {
		case ']':
			return k
		case '\n', '[':
			return -1
		}
	}
	return -1
}

// extLink handles a '[' at i: [url label] shows its label.
func (p *wtParser) extLink(tb *textBuf, i, e int) int {
	d := p.data
	end := wtExtLinkEnd(d, i, e)
	if end < 0 {
		tb.writeString("[")
		return i + 1
	}
	if sp := bytes.IndexAny(d[i+1:end], " \t"); sp >= 0 {
		p.text(tb, i+1+sp+1, end)
	}
	return end + 1
}

// findTop returns the first offset of byte c in [s, e) outside any span,
// or e.
func (p *wtParser) findTop(s, e int, c byte) int {
	d := p.data
	k := p.spanFrom(0, s)
	for i := s; i < e; {
		stop := e
		if k < len(p.spans) && p.spans[k].open < e {
			stop = p.spans[k].open
		}
		if j := bytes.IndexByte(d[i:stop], c); j >= 0 {
			return i + j
		}
		if stop == e {
			return e
		}
		i = p.spans[k].close
		k = p.spanFrom(k+1, i)
	}
	return e
}

// findOutside returns the first offset in [s, e) outside any span and any
// HTML tag (attribute values included) where match holds, or e. Only the
// bytes marked in special, which must include '<', are tried.
func (p *wtParser) findOutside(s, e int, special *[256]bool, match func(int) bool) int {
	d := p.data
	k := p.spanFrom(0, s)
	for i := s; i < e; {
		stop := e
		if k < len(p.spans) && p.spans[k].open < e {
			stop = p.spans[k].open
		}
		j := wtSkip(d, i, stop, special)
		switch {
		case j >= stop && stop == e:
			return e
		case j >= stop: // a span: jump over it
			i = p.spans[k].close
			k = p.spanFrom(k+1, i)
		case d[j] == '<':
			if end := wtTagAt(d, j, e); end > 0 {
				i = end
			} else {
				i = j + 1
			}
		case match(j):
			return j
		default:
			i = j + 1
		}
	}
	return e
}

// wtSpecial returns the byte table of wtSkip marking chars.
func wtSpecial(chars string) *[256]bool {
	var t [256]bool
	for i := 0; i < len(chars); i++ {
		t[chars[i]] = true
	}
	return &t
}

// wtTagAt returns the offset after the HTML tag that opens at i and ends
// before e, or 0 if no tag opens there.
func wtTagAt(d []byte, i, e int) int {
	if i+1 >= e || !(d[i+1] == '/' || 'a' <= d[i+1]|0x20 && d[i+1]|0x20 <= 'z') {
		return 0
	}
	if end := wtTagEnd(d, i+1); end >= 0 && end < e {
		return end + 1
	}
	return 0
}

// link renders a [[link]] span and returns the length of the letters glued
// after it that it shows too.
func (p *wtParser) link(tb *textBuf, sp *wtSpan, limit, depth int) int {
	d := p.data
	bar := p.findTop(sp.body, sp.bodyEnd, '|')
	target := bytes.TrimSpace(d[sp.body:bar])
	colon := len(target) > 0 && target[0] == ':'
	if ns, ok := wtNamespace(target); ok && !colon {
		if wtFileNS[ns] || wtCategoryNS[ns] || bar == sp.bodyEnd && wtIsLangCode(ns) {
			return 0
		}
	}
	tgt := p.clean(sp.body, bar)
	if colon {
		tgt = strings.TrimSpace(tgt[1:])
	}
	if strings.IndexByte(tgt, '&') >= 0 { // [[Elizabeth&nbsp;II]]
		tgt = strings.ReplaceAll(html.UnescapeString(tgt), "\u00a0", " ")
	}
	trail := 0
	for sp.close+trail < limit && 'a' <= d[sp.close+trail] && d[sp.close+trail] <= 'z' {
		trail++
	}
	tb.flush()
	start := len(tb.b)
	if bar < sp.bodyEnd {
		p.render(tb, bar+1, sp.bodyEnd, depth)
		if len(tb.b) == start { // the pipe trick: [[a (b)|]] shows "a"
			tb.writeString(wtPipeTrick(tgt))
		}
	} else {
		tb.writeString(tgt)
	}
	tb.write(d[sp.close : sp.close+trail])
	tb.links = append(tb.links, Link{Target: tgt, Text: strings.TrimSpace(string(tb.b[start:]))})
	return trail
}

// wtPipeTrick is what [[target|]] shows: the target without its namespace
// and its trailing parenthesis.
func wtPipeTrick(target string) string {
	if i := strings.IndexByte(target, ':'); i >= 0 {
		target = target[i+1:]
	}
	if i := strings.LastIndexByte(target, '('); i > 0 && strings.HasSuffix(target, ")") {
		target = strings.TrimSpace(target[:i])
	}
	return target
}

// wtIsLangCode reports whether a link prefix looks like a language code
// ("de", "simple", "zh-min-nan"): such a link is an interlanguage link.
func wtIsLangCode(ns string) bool {
	if len(ns) < 2 || len(ns) > 12 {
		return false
	}
	for i := 0; i < len(ns); i++ {
		if c := ns[i]; !('a' <= c && c <= 'z' || c == '-') {
			return false
		}
	}
	return len(ns) <= 3 || ns == "simple" || strings.Contains(ns, "-")
}

// wtArg is one template argument: [s, e) the whole, [ks, ke) its name when
// it is "name = value", and [vs, e) its value.
type wtArg struct {
	s, e   int
	ks, ke int
	vs     int
	named  bool
}

// args splits a template's body after its name (from s, '|' included) into
// arguments at the pipes outside spans.
func (p *wtParser) args(s, e int) []wtArg {
	var out []wtArg
	for s < e {
		a := s + 1
		b := p.findTop(a, e, '|')
		arg := wtArg{s: a, e: b, vs: a}
		if eq := p.findTop(a, b, '='); eq < b {
			arg.named, arg.ks, arg.ke, arg.vs = true, a, eq, eq+1
		}
		out = append(out, arg)
		s = b
	}
	return out
}

// positional returns the n-th (1-based) positional argument, honouring
// explicit "2=" names.
func (p *wtParser) positional(args []wtArg, n int) (wtArg, bool) {
	seen := 0
	for _, a := range args {
		if a.named {
			if p.clean(a.ks, a.ke) == strconv.Itoa(n) {
				return a, true
			}
			continue
		}
		seen++
		if seen == n {
			return a, true
		}
	}
	return wtArg{}, false
}

// clean returns [s, e) as text with comments dropped and spaces trimmed:
// the form of names and keys.
func (p *wtParser) clean(s, e int) string {
	k := p.spanFrom(0, s)
	if k >= len(p.spans) || p.spans[k].open >= e {
		return string(bytes.TrimSpace(p.data[s:e]))
	}
	var b []byte
	for i := s; i < e; {
		if k < len(p.spans) && p.spans[k].open == i && p.spans[k].close <= e {
			if p.spans[k].kind != wtComment {
				b = append(b, p.data[i:p.spans[k].close]...)
			}
			i = p.spans[k].close
			k = p.spanFrom(k+1, i)
			continue
		}
		b = append(b, p.data[i])
		i++
	}
	return string(bytes.TrimSpace(b))
}

// template renders a template span.
func (p *wtParser) template(tb *textBuf, sp *wtSpan, depth int) {
	nameEnd := p.findTop(sp.body, sp.bodyEnd, '|')
	name := p.templateName(sp.body, nameEnd)
	for _, prefix := range []string{"template:", "subst:", "safesubst:", "msgnw:"} {
		if bytes.IndexByte(name, ':') < 0 {
			break
		}
		if len(name) > len(prefix) && bytes.EqualFold(name[:len(prefix)], []byte(prefix)) {
			name = name[len(prefix):]
		}
	}
	if len(name) == 0 {
		return
	}
	key := append(p.keyBuf[:0], name...)
	for i, c := range key {
		if 'A' <= c && c <= 'Z' {
			key[i] = c + 'a' - 'A'
		}
	}
	p.keyBuf = key
	if i := bytes.IndexByte(key, ':'); i > 0 && (key[0] == '#' || wtFuncs[string(key[:i])]) {
		name, key = name[:i], key[:i] // a parser function or magic word: {{#if:…}}, {{DEFAULTSORT:…}}
	}
	if p.isInfobox(key) {
		p.infobox(sp, string(name), nameEnd, depth)
		return
	}
	kind, ok := wtInline[string(key)]
	if !ok && bytes.HasPrefix(key, []byte("lang-")) {
		kind, ok = wtLast, true
	}
	if !ok {
		tb.templates = append(tb.templates, string(name))
		return
	}
	p.inline(tb, kind, p.args(nameEnd, sp.bodyEnd), depth)
}

// templateName returns the name of a template written in [s, e): comments
// dropped, underscores and runs of whitespace as one space, trimmed. The
// result is only valid until the next call.
func (p *wtParser) templateName(s, e int) []byte {
	b := p.nameBuf[:0]
	k := p.spanFrom(0, s)
	space := false
	for i := s; i < e; i++ {
		if k < len(p.spans) && p.spans[k].open == i && p.spans[k].kind == wtComment {
			i = p.spans[k].close - 1
			k++
			continue
		}
		switch c := p.data[i]; c {
		case ' ', '_', '\t', '\n', '\r':
			space = len(b) > 0
		default:
			if space {
				b = append(b, ' ')
				space = false
			}
			b = append(b, c)
		}
	}
	p.nameBuf = b
	return b
}

// wtFuncs are the magic words that take an argument after a colon.
var wtFuncs = map[string]bool{
	"defaultsort": true, "displaytitle": true, "sortierung": true, "formatnum": true,
	"lc": true, "uc": true, "lcfirst": true, "ucfirst": true, "padleft": true, "padright": true,
	"fullurl": true, "localurl": true, "urlencode": true, "anchorencode": true, "plural": true,
}

// isInfobox reports whether a template (its lower-cased name) is an infobox.
func (p *wtParser) isInfobox(key []byte) bool {
	for _, n := range p.notBoxes {
		if string(key) == n {
			return false
		}
	}
	if bytes.HasPrefix(key, []byte("infobox")) && (len(key) == 7 || key[7] == ' ') || bytes.HasSuffix(key, []byte(" infobox")) {
		return true
	}
	for _, n := range p.boxNames {
		if string(key) == n {
			return true
		}
	}
	return false
}

// infobox records an infobox template as a Document infobox: its fields in
// order, named ones by their name and positional ones as "1", "2"…
func (p *wtParser) infobox(sp *wtSpan, name string, nameEnd, depth int) {
	idx := len(p.doc.Infoboxes)
	p.doc.Infoboxes = append(p.doc.Infoboxes, Infobox{Pos: p.pos(sp.open), Name: name})
	args := p.args(nameEnd, sp.bodyEnd)
	fields := make([]Field, 0, len(args))
	var fb textBuf
	n := 0
	for _, a := range args {
		var key string
		if a.named {
			key = p.clean(a.ks, a.ke)
		} else {
			n++
			key = strconv.Itoa(n)
		}
		pos := p.pos(p.firstText(a.s, a.e))
		fb.reset(modeField)
		p.render(&fb, a.vs, a.e, depth)
		value, items := fb.field()
		fields = append(fields, Field{Pos: pos, Key: key, Value: value, Items: items})
	}
	p.doc.Infoboxes[idx].Fields = fields
}

// firstText returns the first offset in [s, e) that is not whitespace, or e.
func (p *wtParser) firstText(s, e int) int {
	for s < e && (p.data[s] == ' ' || p.data[s] == '\t' || p.data[s] == '\n' || p.data[s] == '\r') {
		s++
	}
	return s
}

// wtInlineKind says how an inline template shows.
type wtInlineKind uint8

const (
	wtFirst       wtInlineKind = iota // its first argument
	wtSecond                          // its second argument
	wtLast                            // its last positional argument
	wtDate                            // year|month|day as an ISO date
	wtItems                           // every argument an item of a list
	wtConvert                         // a quantity and its unit
	wtNothing                         // nothing (icons)
	wtNbsp                            // a space
	wtNdash                           // "–"
	wtMdash                           // "—"
	wtSpacedNdash                     // " – "
	wtPipe                            // "|"
	wtSortname                        // first and last name: {{sortname|A|Long Way Down}}
)

// wtInline is the documented set of inline templates rendered to text,
// by lower-cased name.
var wtInline = map[string]wtInlineKind{
	"flag": wtFirst, "flagcountry": wtFirst, "flag country": wtFirst, "flagu": wtFirst,
	"flagicon": wtNothing, "flagdeco": wtNothing,
	"nowrap": wtFirst, "nobr": wtFirst, "small": wtFirst, "smaller": wtFirst, "big": wtFirst,
	"larger": wtFirst, "abbr": wtFirst, "url": wtFirst, "nobold": wtFirst, "noitalic": wtFirst,
	"lang": wtLast, "transl": wtLast, "native name": wtSecond, "resize": wtLast, "sort": wtLast,
	"start date": wtDate, "end date": wtDate, "birth date": wtDate, "death date": wtDate,
	"start date and age": wtDate, "end date and age": wtDate, "birth date and age": wtDate,
	"death date and age": wtDate, "birth year and age": wtDate, "death year and age": wtDate,
	"film date": wtDate, "dob": wtDate,
	"ubl": wtItems, "unbulleted list": wtItems, "ubil": wtItems, "plainlist": wtItems,
	"plain list": wtItems, "flatlist": wtItems, "flat list": wtItems, "hlist": wtItems,
	"bulleted list": wtItems, "blist": wtItems, "ordered list": wtItems, "collapsible list": wtItems,
	"convert": wtConvert, "cvt": wtConvert,
	"nbsp": wtNbsp, "ndash": wtNdash, "mdash": wtMdash, "snd": wtSpacedNdash, "spaced ndash": wtSpacedNdash,
	"!": wtPipe, "sortname": wtSortname,
}

// inline renders a template of the wtInline set.
func (p *wtParser) inline(tb *textBuf, kind wtInlineKind, args []wtArg, depth int) {
	arg := func(n int) {
		if a, ok := p.positional(args, n); ok {
			p.render(tb, a.vs, a.e, depth)
		}
	}
	switch kind {
	case wtFirst:
		arg(1)
	case wtSecond:
		arg(2)
	case wtLast:
		n := 0
		for _, a := range args {
			if !a.named {
				n++
			}
		}
		arg(n)
	case wtDate:
		tb.writeString(p.date(args))
	case wtItems: // items break from each other, not from the text around
		first := true
		for _, a := range args {
			if !a.named {
				if !first {
					tb.itemBreak()
				}
				first = false
				p.render(tb, a.vs, a.e, depth)
			}
		}
	case wtConvert:
		tb.writeString(p.convert(args))
	case wtNbsp:
		tb.sp()
	case wtNdash:
		tb.writeString("–")
	case wtMdash:
		tb.writeString("—")
	case wtSpacedNdash:
		tb.sp()
		tb.writeString("–")
		tb.sp()
	case wtPipe:
		tb.writeString("|")
	case wtSortname:
		arg(1)
		tb.sp()
		arg(2)
	}
}

// date renders {{start date|1993|10|10}} as 1993-10-10 (1993-10 or 1993
// with fewer parts); parts that are not numbers are shown as written.
func (p *wtParser) date(args []wtArg) string {
	var parts []string
	for n := 1; n <= 3; n++ {
		a, ok := p.positional(args, n)
		if !ok {
			break
		}
		v := p.clean(a.vs, a.e)
		if v == "" {
			break
		}
		parts = append(parts, v)
	}
	numeric := len(parts) > 0
	for i, v := range parts {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || i > 0 && n > 31 {
			numeric = false
			break
		}
		if i > 0 && len(v) < 2 {
			parts[i] = "0" + v
		}
	}
	if numeric {
		return strings.Join(parts, "-")
	}
	return strings.Join(parts, " ")
}

// wtRangeWords join the two numbers of a {{convert}} range.
var wtRangeWords = map[string]string{
	"-": "–", "–": "–", "to": " to ", "and": " and ", "or": " or ", "by": " × ", "x": " × ",
	"+/-": " ± ", "to(-)": " to ",
}

// convert renders {{convert|93|m|ft}} as "93 m" and {{convert|5|to|10|km}}
// as "5 to 10 km": the quantity as given, without the conversion.
func (p *wtParser) convert(args []wtArg) string {
	get := func(n int) string {
		if a, ok := p.positional(args, n); ok {
			return p.clean(a.vs, a.e)
		}
		return ""
	}
	v, unit := get(1), get(2)
	if sep, ok := wtRangeWords[unit]; ok {
		v, unit = v+sep+get(3), get(4)
	}
	if unit == "" {
		return v
	}
	if !utf8.ValidString(unit) {
		unit = strings.ToValidUTF8(unit, "")
	}
	return v + " " + unit
}
