package transform

import (
	"errors"
	"time"
)

// The timestamp parser: ISO 8601 date-times as MediaWiki writes them
// (2019-07-03T12:34:56Z) and as people do (2019-07-03 12:34, a fraction of
// a second, an offset such as +02:00 or +0200, or UTC).

var (
	errTimestamp     = errors.New("not a timestamp (want YYYY-MM-DDThh:mm[:ss[.fff]] and Z, an offset such as +02:00, or nothing for UTC)")
	errDateOnly      = errors.New("a date without a time: declare the column a date")
	errTimestampSpan = errors.New("timestamp out of range (years 0001–9999)")
)

// parseTimestamp reads s, already cleaned, as a point in time in UTC. A
// time without a zone is taken as UTC, the zone of every wiki's timestamps.
func parseTimestamp(s string) (Value, error) {
	date, ok := fixedDigits(s, "dddd-dd-dd")
	if !ok {
		return nil, errTimestamp
	}
	if len(s) == len("2006-01-02") {
		return nil, errDateOnly
	}
	if s[10] != 'T' && s[10] != 't' && s[10] != ' ' {
		return nil, errTimestamp
	}
	rest := s[11:]
	clock, ok := fixedDigits(rest, "dd:dd")
	if !ok {
		return nil, errTimestamp
	}
	rest = rest[5:]
	sec, nsec := 0, 0
	if len(rest) > 0 && rest[0] == ':' {
		v, ok := fixedDigits(rest[1:], "dd")
		if !ok {
			return nil, errTimestamp
		}
		sec, rest = v[0], rest[3:]
		if len(rest) > 1 && (rest[0] == '.' || rest[0] == ',') {
			n, scale := 1, 100_000_000
			for ; n < len(rest) && '0' <= rest[n] && rest[n] <= '9'; n++ {
				nsec += int(rest[n]-'0') * scale // digits past nanoseconds add 0
				scale /= 10
			}
			if n == 1 {
				return nil, errTimestamp
			}
			rest = rest[n:]
		}
	}
	offset, ok := zoneOffset(trimSpace(rest))
	if !ok {
		return nil, errTimestamp
	}
	y, mo, d, h, mi := date[0], date[1], date[2], clock[0], clock[1]
	if y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysIn(time.Month(mo), y) || h > 23 || mi > 59 || sec > 59 {
		// A leap second (:60) is not kept: Go's time has none.
		return nil, errTimestamp
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, nsec, time.UTC).Add(-offset)
	if t.Year() < 1 || t.Year() > 9999 {
		return nil, errTimestampSpan
	}
	return t, nil
}

// zoneOffset reads the zone after a time: "" or Z or UTC (UTC), or
// ±hh:mm, ±hhmm, ±hh.
func zoneOffset(z string) (time.Duration, bool) {
	switch z {
	case "", "Z", "z", "UTC", "GMT":
		return 0, true
	}
	if z[0] != '+' && z[0] != '-' {
		return 0, false
	}
	var hm []int
	var ok bool
	switch len(z) {
	case 3:
		hm, ok = fixedDigits(z[1:], "dd")
		hm = append(hm, 0)
	case 5:
		hm, ok = fixedDigits(z[1:], "dddd")
		if ok {
			hm = []int{hm[0] / 100, hm[0] % 100}
		}
	case 6:
		hm, ok = fixedDigits(z[1:], "dd:dd")
	}
	if !ok || hm[0] > 18 || hm[1] > 59 {
		return 0, false
	}
	d := time.Duration(hm[0])*time.Hour + time.Duration(hm[1])*time.Minute
	if z[0] == '-' {
		d = -d
	}
	return d, true
}

// fixedDigits matches the start of s against a layout of 'd' (a digit) and
// literal bytes, and returns the numbers of the runs of digits.
func fixedDigits(s, layout string) ([]int, bool) {
	if len(s) < len(layout) {
		return nil, false
	}
	var out []int
	n, inRun := 0, false
	for i := 0; i < len(layout); i++ {
		c := s[i]
		if layout[i] != 'd' {
			if c != layout[i] {
				return nil, false
			}
			if inRun {
				out, n, inRun = append(out, n), 0, false
			}
			continue
		}
		if c < '0' || c > '9' {
			return nil, false
		}
		n, inRun = n*10+int(c-'0'), true
	}
	if inRun {
		out = append(out, n)
	}
	return out, true
}
