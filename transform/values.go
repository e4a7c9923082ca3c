package transform

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Precision says how much of a date the source gave.
type Precision string

const (
	Day   Precision = "day"
	Month Precision = "month"
	YearP Precision = "year"
)

// DatePoint is one end of a date range. A month-precision point is the first
// of its month (a start) or the last (an end); likewise for years.
type DatePoint struct {
	Date      CivilDate
	Precision Precision
	Approx    bool // "c. 1920"
}

// DateRange is a parsed date or date range. Start is always set; End is nil
// for an open range ("September 2010 – present"). A single day has End equal
// to Start; a single month, year or decade ends on its last day.
type DateRange struct {
	Start DatePoint
	End   *DatePoint
}

// The errors of the value parsers are short: the caller prefixes them with
// the column and the quoted value.
var (
	errEmpty     = errors.New("empty value")
	errInt       = errors.New("not an integer")
	errNumber    = errors.New("not a number")
	errRange     = errors.New("number out of range")
	errGroup     = errors.New("digit groups must be of three (1,234)")
	errBool      = errors.New("not a boolean (true/false, yes/no, y/n, 1/0)")
	errNotOne    = errors.New("a date range, not a single date")
	errOpenEnd   = errors.New("an open range, not a single date")
	errShortYear = errors.New("a year has 3 or 4 digits")
)

// ParseValue parses s as a value of type t: a string, an int64 (Int, Year),
// a float64 (Float, Percent), a bool, a CivilDate or a time.Time in UTC
// (Timestamp). Empty input is an error;
// callers decide what null means.
//
// Strings are only trimmed of surrounding white space (nbsp and thin spaces
// included). Every other type is first cleaned of what Wikipedia leaves
// around a value: surrounding white space, trailing footnote markers ("[1]",
// "[a]", "[note 2]", "[citation needed]") and one trailing period.
func ParseValue(t Type, s string) (Value, error) {
	if t == String {
		s = trimSpace(s)
		if s == "" {
			return nil, errEmpty
		}
		return s, nil
	}
	s = clean(s)
	if s == "" {
		return nil, errEmpty
	}
	switch t {
	case Int:
		return parseInt(s)
	case Float:
		return parseFloat(s, false)
	case Percent:
		return parseFloat(s, true)
	case Bool:
		return parseBool(s)
	case Year:
		return parseYear(s)
	case Timestamp:
		return parseTimestamp(s)
	case Date:
		r, single, err := parseDates(s)
		if err != nil {
			return nil, err
		}
		if !single {
			if r.End == nil {
				return nil, errOpenEnd
			}
			return nil, errNotOne
		}
		return r.Start.Date, nil
	}
	return nil, fmt.Errorf("unknown value type %q", t)
}

// isSpace is white space as Wikipedia leaves it: Unicode spaces (nbsp,
// thin and narrow spaces included) and the zero-width space and BOM.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

func trimSpace(s string) string { return strings.TrimFunc(s, isSpace) }

// clean strips white space, trailing footnote markers and one trailing
// period. A marker is a bracketed group of at most 32 bytes at the end, so
// "[citation needed]" goes but a wiki link "[[1994]]" stays (and fails).
func clean(s string) string {
	s = trimSpace(s)
	for strings.HasSuffix(s, "]") {
		i := strings.LastIndexByte(s, '[')
		if i < 0 || len(s)-i > 32 || strings.IndexByte(s[i:len(s)-1], ']') >= 0 {
			break
		}
		s = trimSpace(s[:i])
	}
	if strings.HasSuffix(s, ".") {
		s = trimSpace(s[:len(s)-1])
	}
	return s
}

// isGroupSep reports whether r separates thousands: a comma, or a space of
// any width (the caller checks that one value uses one kind).
func isGroupSep(r rune) bool {
	return r == ',' || r == ' ' || r == '\u00a0' || r == '\u2009' || r == '\u202f'
}

// sign strips a leading sign: '+', '-' or the minus sign U+2212.
func sign(s string) (neg bool, rest string) {
	switch {
	case strings.HasPrefix(s, "+"):
		return false, s[1:]
	case strings.HasPrefix(s, "-"):
		return true, s[1:]
	case strings.HasPrefix(s, "\u2212"):
		return true, s[len("\u2212"):]
	}
	return false, s
}

// digits copies the integer part at the start of s into buf without its
// group separators and returns the rest of s. Groups are checked: thousands
// (1,234,567) or the Indian lakh grouping (12,34,567), one kind of separator.
func digits(buf []byte, s string) ([]byte, string, error) {
	var groups [16]int // lengths of the digit groups
	n, sep := 0, rune(0)
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= '0' && c <= '9' {
			buf = append(buf, c)
			groups[n]++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isGroupSep(r) || groups[n] == 0 || i+size >= len(s) || s[i+size] < '0' || s[i+size] > '9' {
			break
		}
		kind := r
		if kind != ',' {
			kind = ' '
		}
		if sep != 0 && sep != kind || n == len(groups)-1 {
			return buf, s, errGroup
		}
		sep = kind
		n++
		i += size
	}
	if groups[0] == 0 {
		return buf, s, errNumber
	}
	if n > 0 && !validGroups(groups[:n+1]) {
		return buf, s, errGroup
	}
	return buf, s[i:], nil
}

// validGroups accepts 1–3 digits then groups of 3, or 1–2 digits, groups of
// 2 and a last group of 3 (Indian numbering).
func validGroups(g []int) bool {
	last := len(g) - 1
	if g[last] != 3 || g[0] > 3 {
		return false
	}
	mid := 0 // the width of the middle groups, 2 or 3
	for _, w := range g[1:last] {
		if mid == 0 {
			mid = w
		}
		if w != mid || w != 2 && w != 3 {
			return false
		}
	}
	return mid != 2 || g[0] <= 2
}

// parseInt parses an integer with an optional sign and digit groups.
func parseInt(s string) (Value, error) {
	neg, s := sign(s)
	var buf [24]byte
	b, rest, err := digits(buf[:0], s)
	if err == errNumber || err == nil && rest != "" {
		return nil, errInt
	}
	if err != nil {
		return nil, err
	}
	var v uint64
	for _, c := range b {
		if v > (math.MaxUint64-9)/10 {
			return nil, errRange
		}
		v = v*10 + uint64(c-'0')
	}
	switch {
	case neg && v <= 1<<63:
		return -int64(v), nil
	case !neg && v <= math.MaxInt64:
		return int64(v), nil
	}
	return nil, errRange
}

// parseFloat parses a decimal number with optional sign, digit groups,
// fraction and exponent. As a percent the '%' is optional, the number is in
// percent points and the result is the fraction (53% → 0.53).
func parseFloat(s string, percent bool) (Value, error) {
	if percent {
		s = trimSpace(strings.TrimSuffix(s, "%"))
	}
	neg, s := sign(s)
	var buf [64]byte
	b := buf[:0]
	if neg {
		b = append(b, '-')
	}
	var err error
	if len(s) > 1 && s[0] == '.' && s[1] >= '0' && s[1] <= '9' { // ".5"
		b = append(b, '0')
	} else if b, s, err = digits(b, s); err != nil {
		return nil, err
	}
	if strings.HasPrefix(s, ".") {
		n := 1
		for n < len(s) && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		b = append(b, s[:n]...)
		s = s[n:]
	}
	exp := 0
	if len(s) > 1 && (s[0] == 'e' || s[0] == 'E') {
		neg, rest := sign(s[1:])
		n := 0
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			exp = exp*10 + int(rest[n]-'0')
			n++
		}
		if n == 0 || n > 4 {
			return nil, errNumber
		}
		if neg {
			exp = -exp
		}
		s = rest[n:]
	}
	if s != "" {
		return nil, errNumber
	}
	if percent {
		// Scale in decimal, not by dividing, so 76.84% is exactly 0.7684.
		exp -= 2
	}
	if exp != 0 {
		b = strconv.AppendInt(append(b, 'e'), int64(exp), 10)
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsInf(v, 0) {
		return nil, errRange
	}
	return v, nil
}

// parseBool accepts true/false, yes/no, y/n and 1/0 in any case.
func parseBool(s string) (Value, error) {
	for _, w := range [...]string{"true", "yes", "y", "1"} {
		if strings.EqualFold(s, w) {
			return true, nil
		}
	}
	for _, w := range [...]string{"false", "no", "n", "0"} {
		if strings.EqualFold(s, w) {
			return false, nil
		}
	}
	return nil, errBool
}

// parseYear accepts any date that lies within one year: "1991",
// "c. 1920", "May 1923", "1923-05-10". A decade, a range over several
// years or a year of one or two digits ("91") is an error.
func parseYear(s string) (Value, error) {
	if _, ok := smallInt(s); ok && len(s) < 3 {
		return nil, errShortYear
	}
	r, _, err := parseDates(s)
	if err != nil {
		return nil, err
	}
	if r.End == nil {
		return nil, errors.New("an open range, not a year")
	}
	if y, e := r.Start.Date.Year, r.End.Date.Year; y != e {
		return nil, fmt.Errorf("spans %d–%d, not one year", y, e)
	}
	return int64(r.Start.Date.Year), nil
}
