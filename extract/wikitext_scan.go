package extract

import (
	"bytes"
	"slices"

	"github.com/wikipipe/wikipipe/diag"
)

// The wikitext parser works in two passes. This first pass finds, in one
// linear walk with an explicit stack, every construct whose extent the later
// passes must know before they read it: templates {{…}}, template parameters
// {{{…}}}, links [[…]], comments and the extension tags whose content is not
// wikitext (<ref>, <nowiki>, <math>…). The result is a list of spans sorted by
// their start, so that the block and inline passes can jump over a construct
// (a template spanning many lines, a reference) in O(log n) and never rescan
// the input: unclosed markup cannot make the parser quadratic.

// wtKind says what a span is.
type wtKind uint8

const (
	wtTemplate wtKind = iota // {{name|args}}
	wtParam                  // {{{name|default}}}
	wtLink                   // [[target|label]]
	wtComment                // <!-- … -->, <includeonly>…</includeonly>, and the bare tags <noinclude>, <onlyinclude>
	wtRef                    // <ref>…</ref> or <ref/>: dropped from text
	wtDrop                   // extension tags whose content is not text (gallery, references…), and the lone tag of an unclosed one
	wtLiteral                // <nowiki>, <pre>, <math>…: content kept as text, not parsed
	wtHTMLTag                // an HTML tag whose attributes run over lines: one tag, not lines
	wtStruct                 // a tag of HTML structure: <table>, <li>, <h2>… (wikitext_html.go)
)

// wtSpan is one construct: [open, close) covers it whole, [body, bodyEnd)
// its content (inside the braces, brackets or tags).
type wtSpan struct {
	open, close   int
	body, bodyEnd int
	kind          wtKind
	tag           wtStructTag // a wtStruct's tag
}

// wtTags are the extension tags whose content the parser does not read as
// wikitext, with what becomes of it.
var wtTags = func() map[string]wtTag {
	m := map[string]wtTag{}
	for kind, names := range map[wtKind][]string{
		wtRef: {"ref"},
		wtDrop: {"references", "gallery", "timeline", "graph", "mapframe", "maplink", "templatedata",
			"imagemap", "score", "templatestyles", "inputbox", "categorytree"},
		wtComment: {"includeonly"}, // a page read for itself shows none of it
		wtLiteral: {"nowiki", "pre", "math", "chem", "ce", "syntaxhighlight", "source", "code", "hiero"},
	} {
		for _, n := range names {
			m[n] = wtTag{kind: kind, id: len(m)}
		}
	}
	return m
}()

// wtTag is an entry of wtTags; id numbers it for the scanner's miss cache.
type wtTag struct {
	kind wtKind
	id   int
}

// wtOpen is an opener waiting on the stack for its closer.
type wtOpen struct {
	pos   int // offset of the first bracket of the run
	count int // brackets of the run still unmatched (braces: 2 or more; links: always 2)
	link  bool
	file  bool // a [[File:…]] link, whose caption may span lines
	// piped is set once a '|' is seen after a link's target, whose label
	// may then span lines; checked is how far the search for it went.
	piped   bool
	checked int
}

// scan runs the first pass over p.data from p.start.
func (p *wtParser) scan() {
	d := p.data
	var stack []wtOpen
	// tagMiss[id]: no closing tag of that name exists at or after this
	// offset, so a run of unclosed tags is not searched for again and again.
	tagMiss := make([]int, len(wtTags))
	for i := range tagMiss {
		tagMiss[i] = -1
	}
	for i := p.start; i < len(d); {
		if i = wtSkip(d, i, len(d), &wtScanSpecial); i >= len(d) {
			break
		}
		switch d[i] {
		case '\n':
			// A link's target does not span lines, nor its label a blank
			// line (file captions excepted): such an open [[ is text.
			blank := i+1 < len(d) && (d[i+1] == '\n' || d[i+1] == '\r')
			for len(stack) > 0 && stack[len(stack)-1].link && !stack[len(stack)-1].file {
				o := &stack[len(stack)-1]
				if !o.piped {
					o.piped = bytes.IndexByte(d[o.checked:i], '|') >= 0
					o.checked = i
				}
				if o.piped && !blank {
					break
				}
				p.warnAt(o.pos, diag.Unclosed, "unclosed [[ before the end of the line: kept as text")
				stack = stack[:len(stack)-1]
			}
			i++
		case '{':
			n := runOf(d, i, '{')
			if n >= 2 {
				stack = append(stack, wtOpen{pos: i, count: n})
				p.checkDepth(len(stack), i)
			}
			i += n
		case '[':
			n := runOf(d, i, '[')
			if n >= 2 {
				at := i + n - 2 // extra brackets are literal
				stack = append(stack, wtOpen{pos: at, count: 2, link: true, file: wtIsFileLink(d[at+2:]), checked: at + 2})
				p.checkDepth(len(stack), at)
			}
			i += n
		case '}':
			n := runOf(d, i, '}')
			i = p.closeBraces(&stack, i, n)
		case ']':
			n := runOf(d, i, ']')
			for ; n >= 2 && len(stack) > 0 && stack[len(stack)-1].link; n -= 2 {
				o := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				i += 2
				p.spans = append(p.spans, wtSpan{open: o.pos, close: i, body: o.pos + 2, bodyEnd: i - 2, kind: wtLink})
			}
			i += n
		case '<':
			i = p.scanTag(i, tagMiss)
		}
	}
	for _, o := range stack {
		if o.link {
			p.warnAt(o.pos, diag.Unclosed, "unclosed [[ at the end of the input: kept as text")
		} else {
			p.warnAt(o.pos, diag.Unclosed, "unclosed {{ (a run of %d braces) at the end of the input: kept as text", o.count)
		}
	}
	slices.SortFunc(p.spans, func(a, b wtSpan) int { return a.open - b.open })
}

// checkDepth warns, once, when constructs nest deeper than the inline pass
// will read.
func (p *wtParser) checkDepth(depth, at int) {
	if depth == wtMaxDepth+1 && !p.warnedDeep {
		p.warnedDeep = true
		p.warnAt(at, diag.Limit, "templates and links nested deeper than %d levels: the inner ones are dropped", wtMaxDepth)
	}
}

// wtScanSpecial marks the bytes the first pass stops at.
var wtScanSpecial = func() (t [256]bool) {
	for _, c := range []byte("{}[]<\n") {
		t[c] = true
	}
	return t
}()

// wtSkip returns the first offset in [i, e) of a byte marked in special, or
// e. It tests eight bytes a step: this loop is where most of a page's bytes
// are read.
func wtSkip(d []byte, i, e int, special *[256]bool) int {
	for ; i+8 <= e; i += 8 {
		b := d[i : i+8 : i+8]
		if special[b[0]] || special[b[1]] || special[b[2]] || special[b[3]] ||
			special[b[4]] || special[b[5]] || special[b[6]] || special[b[7]] {
			break
		}
	}
	for i < e && !special[d[i]] {
		i++
	}
	return i
}

// runOf counts the bytes equal to c from i.
func runOf(d []byte, i int, c byte) int {
	n := 0
	for i+n < len(d) && d[i+n] == c {
		n++
	}
	return n
}

// closeBraces matches a run of n closing braces at i against the stack, as
// MediaWiki's preprocessor does: three braces close a parameter when the
// opener has three, two close a template. It returns the offset after the run.
func (p *wtParser) closeBraces(stack *[]wtOpen, i, n int) int {
	s := *stack
	// A [[ left open inside a template must not keep the template open.
	for n >= 2 && len(s) > 0 && s[len(s)-1].link && hasBraceOpener(s) {
		p.warnAt(s[len(s)-1].pos, diag.Unclosed, "unclosed [[ inside a template: kept as text")
		s = s[:len(s)-1]
	}
	for n >= 2 && len(s) > 0 && !s[len(s)-1].link {
		o := &s[len(s)-1]
		use, kind := 2, wtTemplate
		if n >= 3 && o.count >= 3 {
			use, kind = 3, wtParam
		}
		open := o.pos + o.count - use
		p.spans = append(p.spans, wtSpan{open: open, close: i + use, body: open + use, bodyEnd: i, kind: kind})
		o.count -= use
		if o.count < 2 {
			s = s[:len(s)-1]
		}
		i += use
		n -= use
	}
	*stack = s
	return i + n
}

func hasBraceOpener(s []wtOpen) bool {
	for j := len(s) - 1; j >= 0; j-- {
		if !s[j].link {
			return true
		}
	}
	return false
}

// wtIsFileLink reports whether the text after "[[" names a file.
func wtIsFileLink(rest []byte) bool {
	ns, ok := wtNamespace(rest)
	return ok && wtFileNS[ns]
}

// wtNamespace returns the lower-cased namespace prefix of a link target (the
// text before its first colon), if it has a short one.
func wtNamespace(target []byte) (string, bool) {
	target = bytes.TrimLeft(target, " \t")
	if len(target) > 25 {
		target = target[:25]
	}
	if bytes.IndexByte(target, ':') < 0 { // most links: no namespace
		return "", false
	}
	var buf [24]byte
	n := 0
	for _, c := range target {
		if c == ':' {
			return string(bytes.TrimSpace(buf[:n])), n > 0
		}
		if n == len(buf) || c == '|' || c == ']' || c == '\n' || c == '[' {
			return "", false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	return "", false
}

// wtFileNS and wtCategoryNS are the namespace names (English, German,
// French, Afrikaans, Norwegian, Spanish…) whose links are not prose.
var (
	wtFileNS = map[string]bool{
		"file": true, "image": true, "media": true, "datei": true, "bild": true,
		"fichier": true, "lêer": true, "beeld": true, "fil": true, "bilete": true,
		"archivo": true, "imagen": true, "immagine": true, "plik": true, "afbeelding": true,
	}
	wtCategoryNS = map[string]bool{
		"category": true, "kategorie": true, "catégorie": true, "kategori": true,
		"categoría": true, "categoria": true, "kategoria": true, "categorie": true,
	}
)

// scanTag handles a '<' at i: a comment or an extension tag becomes a span;
// anything else is left to the inline pass. It returns where to go on.
func (p *wtParser) scanTag(i int, miss []int) int {
	d := p.data
	if bytes.HasPrefix(d[i:], []byte("<!--")) {
		end := bytes.Index(d[i+4:], []byte("-->"))
		if end < 0 {
			p.warnAt(i, diag.Unclosed, "unclosed comment <!--: it runs to the end of the input")
			p.spans = append(p.spans, wtSpan{open: i, close: len(d), body: i + 4, bodyEnd: len(d), kind: wtComment})
			return len(d)
		}
		close := i + 4 + end + 3
		p.spans = append(p.spans, wtSpan{open: i, close: close, body: i + 4, bodyEnd: close - 3, kind: wtComment})
		return close
	}
	var buf [16]byte
	name, closing, j := wtTagNameAt(d, i, &buf)
	if name == nil {
		return i + 1
	}
	if end := wtInclusionEnd(d, name, j); end > 0 { // the tag goes, its content stays
		p.spans = append(p.spans, wtSpan{open: i, close: end, body: end, bodyEnd: end, kind: wtComment})
		return end
	}
	tag, ok := wtTags[string(name)]
	gt := -1
	if ok && !closing {
		gt = wtTagEnd(d, j)
	}
	if gt < 0 {
		if st := wtStructName(string(name)); st != 0 {
			if gt = wtTagEnd(d, j); gt >= 0 {
				if closing {
					st |= wtClosing
				}
				p.spans = append(p.spans, wtSpan{open: i, close: gt + 1, body: j, bodyEnd: gt, kind: wtStruct, tag: st})
				p.nStruct++
				return gt + 1
			}
		}
		if closing {
			return i + 1
		}
		if end := wtTagOverLines(d, i, j); end > 0 {
			p.spans = append(p.spans, wtSpan{open: i, close: end, body: end, bodyEnd: end, kind: wtHTMLTag})
			return end
		}
		return i + 1
	}
	kind := tag.kind
	if d[gt-1] == '/' { // <ref name="x" />
		p.spans = append(p.spans, wtSpan{open: i, close: gt + 1, body: gt + 1, bodyEnd: gt + 1, kind: kind})
		return gt + 1
	}
	h := tag.id
	body := gt + 1
	cl, clEnd := -1, -1
	if miss[h] < 0 || body < miss[h] {
		cl, clEnd = wtFindClose(d, body, string(name))
	}
	if cl < 0 {
		if miss[h] < 0 || body < miss[h] {
			miss[h] = body
		}
		p.warnAt(i, diag.Unclosed, "unclosed <%s>: the tag is dropped and what follows read as text", string(name))
		p.spans = append(p.spans, wtSpan{open: i, close: gt + 1, body: gt + 1, bodyEnd: gt + 1, kind: wtDrop})
		return gt + 1
	}
	p.spans = append(p.spans, wtSpan{open: i, close: clEnd, body: body, bodyEnd: cl, kind: kind})
	return clEnd
}

// wtTagNameAt reads the lower-cased name (letters, then digits: "h2") of
// the tag at i into buf, whether it is a closing tag, and the offset after
// the name; name is nil unless a '>', '/' or white space follows it.
func wtTagNameAt(d []byte, i int, buf *[16]byte) (name []byte, closing bool, j int) {
	j = i + 1
	if j < len(d) && d[j] == '/' {
		closing = true
		j++
	}
	n := 0
	for ; j < len(d) && n < len(buf); j++ {
		c := d[j]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if !('a' <= c && c <= 'z' || n > 0 && '0' <= c && c <= '9') {
			break
		}
		buf[n] = c
		n++
	}
	if n == 0 || j >= len(d) || (d[j] != '>' && d[j] != '/' && d[j] != ' ' && d[j] != '\t' && d[j] != '\n') {
		return nil, false, j
	}
	return buf[:n], closing, j
}

// wtInclusionEnd returns the offset after a <noinclude> or <onlyinclude>
// tag (or their closing tags) whose name ends at j, or 0: a page read for
// itself shows what they hold.
func wtInclusionEnd(d, name []byte, j int) int {
	if string(name) != "noinclude" && string(name) != "onlyinclude" {
		return 0
	}
	j = skipSpace(d, j, len(d))
	if j < len(d) && d[j] == '/' {
		j++
	}
	if j < len(d) && d[j] == '>' {
		return j + 1
	}
	return 0
}

// wtTagOverLines returns the offset after the HTML tag at i (its name
// ending at j) if its attributes hold a line break (MediaWiki's sanitizer
// makes it a space, so the next line is no new line of markup), else 0. The
// tag is short: the search stops after 256 bytes, at a '<' or at a blank
// line.
func wtTagOverLines(d []byte, i, j int) int {
	if d[j] != ' ' && d[j] != '\t' && d[j] != '\n' {
		return 0
	}
	nl := false
	for k := j; k < len(d) && k < i+256; k++ {
		switch d[k] {
		case '>':
			if nl {
				return k + 1
			}
			return 0
		case '<':
			return 0
		case '\n':
			if nl && d[k-1] == '\n' || k+1 < len(d) && d[k+1] == '\n' {
				return 0
			}
			nl = true
		}
	}
	return 0
}

// wtTagEnd finds the '>' ending a tag whose attributes start at j; a tag is
// short, so the search is bounded and stops at another '<'.
func wtTagEnd(d []byte, j int) int {
	for k := j; k < len(d) && k < j+1024; k++ {
		switch d[k] {
		case '>':
			return k
		case '<':
			return -1
		}
	}
	return -1
}

// wtFindClose finds "</name>" (any case, spaces before '>') from j and
// returns its start and end.
func wtFindClose(d []byte, j int, name string) (int, int) {
	for {
		k := bytes.Index(d[j:], []byte("</"))
		if k < 0 {
			return -1, -1
		}
		k += j
		m := k + 2
		if m+len(name) <= len(d) && bytes.EqualFold(d[m:m+len(name)], []byte(name)) {
			e := m + len(name)
			for e < len(d) && (d[e] == ' ' || d[e] == '\t') {
				e++
			}
			if e < len(d) && d[e] == '>' {
				return k, e + 1
			}
		}
		j = k + 2
	}
}
