package transform

// The date parser: a lexer turns the value into at most maxTokens tokens
// (numbers, month names, separators, keywords) held on the stack, then the
// tokens on each side of the separator are read as a partial date (day,
// month, year, each optional) and the two sides complete each other:
// "September 25-30, 1994" lends its month to the end and takes its year back.

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

var (
	errNotDate    = errors.New("not a date")
	errDayRange   = errors.New("day out of range")
	errMonthRange = errors.New("month out of range")
	errYearRange  = errors.New("year out of range")
	errNoYear     = errors.New("missing year")
	errNoMonth    = errors.New("missing month")
	errNoStart    = errors.New("missing start date")
	errBackwards  = errors.New("end before start")
	errTooLong    = errors.New("too many parts for a date")
	errBC         = errors.New("BC dates are not supported")
)

// ParseDateRange parses a date or date range as Wikipedia writes them:
// day-first or month-first, full or abbreviated months, ISO dates, years,
// decades, centuries, date templates, ranges with a dash, "to" or "until",
// open ends ("present") and approximate dates ("c. 1920"); dates_test.go
// lists every form. A single day gives End equal to Start; a month, year,
// decade or century starts on its first day and ends on its last.
func ParseDateRange(s string) (DateRange, error) {
	s = clean(s)
	if s == "" {
		return DateRange{}, errEmpty
	}
	r, _, err := parseDates(s)
	return r, err
}

type tokKind uint8

const (
	tNum     tokKind = iota + 1 // 1–4 digits: a day (1–2) or a year (3–4)
	tOrd                        // a day with an ordinal suffix: "25th"
	tDecade                     // "1920s"
	tCentury                    // "11th century"
	tFull                       // an ISO date or a date template: y, m, d (m, d may be 0)
	tMonth                      // "September", "Sept.", "sep"
	tComma
	tSep    // a dash, "to", "until"
	tOpen   // "present", "ongoing"
	tCirca  // "c.", "circa", "{{circa}}"
	tSince  // "since": an open range
	tFrom   // "from": ignored before a range
	tIgnore // a weekday name
)

type token struct {
	kind    tokKind
	digits  uint8
	y, m, d int
	text    string // the source text, for error messages
	// afterWeekday marks the comma of "Monday, 25 September 1994".
	afterWeekday bool
}

const maxTokens = 16

type lexer struct {
	toks    [maxTokens]token
	n       int
	weekday bool // the last word was a weekday
	depth   int  // of {{nowrap|…}} templates being lexed
}

func (l *lexer) emit(t token) error {
	weekday := l.weekday
	if l.weekday = t.kind == tIgnore; l.weekday {
		return nil
	}
	t.afterWeekday = weekday && t.kind == tComma
	if l.n == maxTokens {
		return errTooLong
	}
	l.toks[l.n] = t
	l.n++
	return nil
}

// unexpected reports the text at which lexing or parsing stopped; a value
// that fails at its first word is simply "not a date".
func unexpected(first bool, text string) error {
	if first {
		return errNotDate
	}
	text = strings.ToValidUTF8(text, "\ufffd")
	n := 0
	for i := range text {
		if n == 16 {
			text = text[:i] + "…"
			break
		}
		n++
	}
	return fmt.Errorf("unexpected %q", text)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isDash reports the dashes used between dates: hyphens, figure, en and em
// dashes, the horizontal bar and the minus sign.
func isDash(r rune) bool {
	return r == '-' || r >= '\u2010' && r <= '\u2015' || r == '\u2212'
}

func (l *lexer) lex(s string) error {
	for i := 0; i < len(s); {
		first := l.n == 0
		c := s[i]
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case isSpace(r):
			i += size
		case r == ',':
			if err := l.emit(token{kind: tComma, text: ","}); err != nil {
				return err
			}
			i++
		case isDash(r):
			// A run of dashes ("--") is one separator.
			if l.n == 0 || l.toks[l.n-1].kind != tSep || !isDash(lastRune(l.toks[l.n-1].text)) {
				if err := l.emit(token{kind: tSep, text: s[i : i+size]}); err != nil {
					return err
				}
			}
			i += size
		case isDigit(c):
			n, err := l.number(s[i:], first)
			if err != nil {
				return err
			}
			i += n
		case c == '[': // a footnote marker inside the value: "25[1] – 30"
			j := strings.IndexByte(s[i:], ']')
			if j < 0 || j > 32 {
				return unexpected(first, s[i:])
			}
			i += j + 1
		case c == '(':
			// A remark at the end, "22 August 2000 (aged 62)", or at the
			// start: the hidden ISO copy of a rendered date template,
			// "(1971-11-14) November 14, 1971".
			j := strings.IndexByte(s[i:], ')')
			if j < 0 || !first && trimSpace(s[i+j+1:]) != "" {
				return unexpected(first, s[i:])
			}
			i += j + 1
		case c == '{' && strings.HasPrefix(s[i:], "{{"):
			n, err := l.template(s[i:], first)
			if err != nil {
				return err
			}
			i += n
		case c == '&':
			n, err := l.entity(s[i:], first)
			if err != nil {
				return err
			}
			i += n
		case unicode.IsLetter(r):
			n, err := l.word(s[i:], first)
			if err != nil {
				return err
			}
			i += n
		default:
			return unexpected(first, s[i:])
		}
	}
	return nil
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// number lexes a number at the start of s: a day or year, "25th", "1920s",
// or an ISO date (1923-05-10).
func (l *lexer) number(s string, first bool) (int, error) {
	n, v := 0, 0
	for n < len(s) && isDigit(s[n]) {
		if n < 5 {
			v = v*10 + int(s[n]-'0')
		}
		n++
	}
	if n > 4 {
		return 0, unexpected(first, s[:n])
	}
	if n == 4 && len(s) >= 10 && s[4] == '-' && isDigit(s[5]) && isDigit(s[6]) &&
		s[7] == '-' && isDigit(s[8]) && isDigit(s[9]) && (len(s) == 10 || !isDigit(s[10])) {
		m := int(s[5]-'0')*10 + int(s[6]-'0')
		d := int(s[8]-'0')*10 + int(s[9]-'0')
		return 10, l.emit(token{kind: tFull, y: v, m: m, d: d, text: s[:10]})
	}
	k := n
	for k < len(s) && (s[k] >= 'a' && s[k] <= 'z' || s[k] >= 'A' && s[k] <= 'Z') {
		k++
	}
	t := token{kind: tNum, digits: uint8(n), d: v, y: v, text: s[:k]}
	switch suffix := s[n:k]; {
	case suffix == "":
	case n <= 2 && (strings.EqualFold(suffix, "st") || strings.EqualFold(suffix, "nd") ||
		strings.EqualFold(suffix, "rd") || strings.EqualFold(suffix, "th")):
		t.kind = tOrd
	case n == 4 && v%10 == 0 && suffix == "s":
		t.kind = tDecade
	default:
		return 0, unexpected(first, s[:k])
	}
	return k, l.emit(t)
}

// months maps the lower-case names and abbreviations of months.
var months = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
	"july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
	"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

// keywords maps the other words a date may hold.
var keywords = map[string]tokKind{
	"c": tCirca, "ca": tCirca, "circa": tCirca, "approx": tCirca, "approximately": tCirca,
	"present": tOpen, "ongoing": tOpen, "now": tOpen, "current": tOpen, "today": tOpen,
	"incumbent": tOpen,
	"to":        tSep, "until": tSep, "till": tSep, "til": tSep, "through": tSep, "thru": tSep,
	"since": tSince, "from": tFrom,
	"monday": tIgnore, "tuesday": tIgnore, "wednesday": tIgnore, "thursday": tIgnore,
	"friday": tIgnore, "saturday": tIgnore, "sunday": tIgnore,
	"mon": tIgnore, "tue": tIgnore, "wed": tIgnore, "thu": tIgnore, "fri": tIgnore,
	"sat": tIgnore, "sun": tIgnore,
}

// word lexes a word at the start of s (letters and an optional final '.').
func (l *lexer) word(s string, first bool) (int, error) {
	n := 0
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if !unicode.IsLetter(r) {
			break
		}
		n += size
	}
	text := s[:n]
	if n < len(s) && s[n] == '.' {
		n++
	}
	var buf [16]byte
	if len(text) > len(buf) {
		return 0, unexpected(first, text)
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	w := buf[:len(text)]
	if m, ok := months[string(w)]; ok {
		return n, l.emit(token{kind: tMonth, m: int(m), text: text})
	}
	if k, ok := keywords[string(w)]; ok {
		return n, l.emit(token{kind: k, text: text})
	}
	switch string(w) {
	case "century": // "11th century"
		if l.n > 0 && l.toks[l.n-1].kind == tOrd {
			l.toks[l.n-1].kind = tCentury
			return n, nil
		}
	case "date": // "1994 to date"
		if l.n > 0 && l.toks[l.n-1].kind == tSep {
			return n, l.emit(token{kind: tOpen, text: text})
		}
	case "bc", "bce":
		return 0, errBC
	}
	return 0, unexpected(first, text)
}

// entity lexes the HTML entities wikitext uses in dates.
func (l *lexer) entity(s string, first bool) (int, error) {
	for _, e := range [...]string{"&nbsp;", "&thinsp;", "&#160;"} {
		if strings.HasPrefix(s, e) {
			return len(e), nil
		}
	}
	for _, e := range [...]string{"&ndash;", "&mdash;", "&minus;", "&#8211;"} {
		if strings.HasPrefix(s, e) {
			return len(e), l.emit(token{kind: tSep, text: "–"})
		}
	}
	return 0, unexpected(first, s)
}

// template lexes a wikitext template at the start of s: {{circa}}, the
// content of {{nowrap|…}}, or a date template (a name with the word "date",
// or dts) whose first positional parameters are year, month and day:
// {{birth date and age|1969|7|18|mf=y}}, {{start date|1994|9}}. For
// "death date and age" the first date is the death date.
func (l *lexer) template(s string, first bool) (int, error) {
	depth, end := 0, -1
	for i := 0; i+1 < len(s); i++ {
		switch {
		case s[i] == '{' && s[i+1] == '{':
			depth++
			i++
		case s[i] == '}' && s[i+1] == '}':
			depth--
			i++
			if depth == 0 {
				end = i + 1
			}
		}
		if end >= 0 {
			break
		}
	}
	if end < 0 {
		return 0, unexpected(first, s)
	}
	inner := s[2 : end-2]
	name, params := inner, ""
	if i := strings.IndexByte(inner, '|'); i >= 0 {
		name, params = inner[:i], inner[i+1:]
	}
	name = trimSpace(name)
	if strings.EqualFold(name, "circa") || strings.EqualFold(name, "c.") {
		return end, l.emit(token{kind: tCirca, text: s[:end]})
	}
	if (strings.EqualFold(name, "nowrap") || strings.EqualFold(name, "nobr")) && l.depth < 4 {
		l.depth++
		err := l.lex(params)
		l.depth--
		return end, err
	}
	if !hasWordFold(name, "date") && !strings.EqualFold(name, "dts") {
		return 0, unexpected(first, s[:end])
	}
	var ymd [3]int
	n := 0
	for params != "" && n < len(ymd) {
		p := params
		if i := strings.IndexByte(params, '|'); i >= 0 {
			p, params = params[:i], params[i+1:]
		} else {
			params = ""
		}
		p = trimSpace(p)
		if strings.IndexByte(p, '=') >= 0 {
			continue // a named parameter: df=y, mf=yes
		}
		v, ok := smallInt(p)
		if !ok {
			break
		}
		ymd[n] = v
		n++
	}
	if n == 0 {
		return 0, unexpected(first, s[:end])
	}
	return end, l.emit(token{kind: tFull, y: ymd[0], m: ymd[1], d: ymd[2], text: s[:end]})
}

// smallInt parses 1–4 decimal digits.
func smallInt(s string) (int, bool) {
	if len(s) == 0 || len(s) > 4 {
		return 0, false
	}
	v := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		v = v*10 + int(s[i]-'0')
	}
	return v, true
}

// hasWordFold reports whether s holds the word w in any case, between
// spaces, hyphens or the ends: "birth-date", "start date and age", but not
// "update after".
func hasWordFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(w)], w) &&
			(i == 0 || s[i-1] == ' ' || s[i-1] == '-') &&
			(i+len(w) == len(s) || s[i+len(w)] == ' ' || s[i+len(w)] == '-') {
			return true
		}
	}
	return false
}

// point is one side of a range as written: each of y, m, d may be 0
// (missing) until the other side completes it.
type point struct {
	y, m, d int
	approx  bool
	span    int // years covered by a decade (10) or century (100)
	open    bool
	short   bool // a bare two-digit number: a day, or a year as in "1992–93"
	sig     string
}

// shapes are the orders in which a side may give day (d), month (m) and
// year (y), or a full date (f), a decade or century (x) or an open end (o).
// Every prefix of a shape is allowed too: the other side may complete it.
var shapes = [...]string{"dmy", "mdy", "my", "dy", "y", "f", "x", "o"}

// shape returns the static copy of sig if it is a prefix of a shape, so that
// a point does not hold a pointer into the lexer's stack.
func shape(sig []byte) (string, bool) {
	for _, s := range shapes {
		if strings.HasPrefix(s, string(sig)) {
			return s[:len(sig)], true
		}
	}
	return "", false
}

// side reads the tokens of one side of a range.
func side(toks []token, first bool) (point, error) {
	var p point
	var sig [3]byte
	n := 0
	for i, t := range toks {
		var c byte
		switch t.kind {
		case tComma:
			if i == 0 && !t.afterWeekday {
				return p, unexpected(first && i == 0, t.text)
			}
			continue
		case tCirca:
			if n > 0 || p.approx {
				return p, unexpected(first && i == 0, t.text)
			}
			p.approx = true
			continue
		case tNum, tOrd:
			if t.digits <= 2 || t.kind == tOrd {
				c, p.d = 'd', t.d
				p.short = t.kind == tNum && t.digits == 2
			} else if c, p.y = 'y', t.y; p.y == 0 {
				return p, errYearRange
			}
		case tMonth:
			c, p.m = 'm', t.m
		case tFull:
			c, p.y, p.m, p.d = 'f', t.y, t.m, t.d
		case tDecade:
			c, p.y, p.span = 'x', t.y, 10
		case tCentury:
			c, p.y, p.span = 'x', (t.d-1)*100+1, 100
		case tOpen:
			c, p.open = 'o', true
		default:
			return p, unexpected(first && i == 0, t.text)
		}
		if n == len(sig) {
			return p, unexpected(first && i == 0, t.text)
		}
		sig[n] = c
		n++
		var ok bool
		if p.sig, ok = shape(sig[:n]); !ok {
			return p, unexpected(first && i == 0, t.text)
		}
	}
	return p, nil
}

// parseDates parses a cleaned, non-empty value. single reports a single
// date, not a range, an open range, a decade or a century.
func parseDates(value string) (r DateRange, single bool, err error) {
	var l lexer
	if err := l.lex(value); err != nil {
		return r, false, err
	}
	toks := l.toks[:l.n]
	since := false
	if len(toks) > 0 && (toks[0].kind == tSince || toks[0].kind == tFrom) {
		since = toks[0].kind == tSince
		toks = toks[1:]
	}
	sep := -1
	for i, t := range toks {
		if t.kind == tSep {
			if sep >= 0 || since {
				return r, false, unexpected(false, t.text)
			}
			sep = i
		}
	}
	if len(toks) == 0 || sep == 0 {
		return r, false, errNoStart
	}
	if sep < 0 {
		sp, err := side(toks, true)
		if err != nil {
			return r, false, err
		}
		if sp.open {
			return r, false, errNoStart
		}
		if err := sp.check(); err != nil {
			return r, false, err
		}
		r.Start = sp.start()
		if since {
			return r, false, nil
		}
		ep := sp.end()
		r.End = &ep
		return r, sp.span == 0, nil
	}
	sp, err := side(toks[:sep], true)
	if err != nil {
		return r, false, err
	}
	if sp.open {
		return r, false, errNoStart
	}
	ep, err := side(toks[sep+1:], false)
	if err != nil {
		return r, false, err
	}
	if ep.sig == "" || ep.open {
		if err := sp.check(); err != nil {
			return r, false, err
		}
		r.Start = sp.start()
		return r, false, nil
	}
	if err := complete(&sp, &ep); err != nil {
		return r, false, err
	}
	r.Start = sp.start()
	end := ep.end()
	if before(end.Date, r.Start.Date) {
		return DateRange{}, false, errBackwards
	}
	r.End = &end
	return r, false, nil
}

// check validates a side that stands alone.
func (p *point) check() error {
	if p.d > 31 {
		return errDayRange
	}
	switch {
	case p.y == 0 && p.sig != "f":
		return errNoYear
	case p.m == 0 && p.d != 0 && p.sig != "f":
		return errNoMonth
	}
	return p.validate()
}

// complete lets the two sides of a range fill each other's missing parts:
// the start takes the month and year of the end ("25–30 September 1994"),
// the end the month of the start ("September 25-30, 1994"). A year carried
// back is the end's year, or the year before if the start would otherwise
// fall after the end ("30 December – 2 January 2000"); likewise forward.
func complete(s, e *point) error {
	if s.sig == "y" && e.sig == "d" && e.short {
		// "1918–31": the first year after the start that ends in 31. Into
		// the next century only within 20 years ("1999–00"), as "2010-09"
		// is more likely a month than the year 2109.
		y := s.y - s.y%100 + e.d
		if y <= s.y {
			y += 100
			if y-s.y > 20 {
				return errBackwards
			}
		}
		*e = point{y: y, sig: "y", approx: e.approx}
	}
	for _, p := range [2]*point{s, e} {
		if p.d > 31 {
			return errDayRange
		}
	}
	if s.y == 0 && e.y == 0 {
		return errNoYear
	}
	// Only months written on both sides cross the new year: in
	// "September 30-25, 1994" the end borrows the month and is just early.
	wrap := s.m > e.m && e.m != 0
	if e.m == 0 && e.d != 0 {
		if e.m = s.m; e.m == 0 {
			return errNoMonth
		}
	}
	if s.m == 0 && s.d != 0 {
		if s.m = e.m; s.m == 0 {
			return errNoMonth
		}
	}
	switch {
	case s.y == 0 && wrap:
		s.y = e.y - 1
	case s.y == 0:
		s.y = e.y
	case e.y == 0 && wrap:
		e.y = s.y + 1
	case e.y == 0:
		e.y = s.y
	}
	if err := s.validate(); err != nil {
		return err
	}
	return e.validate()
}

// validate checks a completed point.
func (p *point) validate() error {
	switch {
	case p.y < 1 || p.y > 9999:
		return errYearRange
	case p.m < 0 || p.m > 12 || p.m == 0 && p.d != 0:
		return errMonthRange
	case p.d < 0 || p.m != 0 && p.d > daysIn(time.Month(p.m), p.y):
		return errDayRange
	}
	return nil
}

func before(a, b CivilDate) bool {
	if a.Year != b.Year {
		return a.Year < b.Year
	}
	if a.Month != b.Month {
		return a.Month < b.Month
	}
	return a.Day < b.Day
}

func daysIn(m time.Month, y int) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

func (p *point) precision() Precision {
	switch {
	case p.d != 0:
		return Day
	case p.m != 0:
		return Month
	}
	return YearP
}

// start is the first day the point covers.
func (p *point) start() DatePoint {
	d := CivilDate{Year: p.y, Month: time.Month(max(p.m, 1)), Day: max(p.d, 1)}
	return DatePoint{Date: d, Precision: p.precision(), Approx: p.approx}
}

// end is the last day the point covers.
func (p *point) end() DatePoint {
	d := CivilDate{Year: p.y, Month: time.Month(p.m), Day: p.d}
	if p.span > 0 {
		d.Year += p.span - 1
	}
	if d.Month == 0 {
		d.Month = time.December
	}
	if d.Day == 0 {
		d.Day = daysIn(d.Month, d.Year)
	}
	return DatePoint{Date: d, Precision: p.precision(), Approx: p.approx}
}
