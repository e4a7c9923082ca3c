// Package english writes counts the way the command's messages show them:
// "1 article", "1,304 rows".
package english

import "strconv"

// Count is n with comma separators and word, plural unless n is 1:
// Count(1304, "row") is "1,304 rows".
func Count(n int64, word string) string {
	if n != 1 {
		word += "s"
	}
	return Thousands(n) + " " + word
}

// Thousands formats n with comma separators: 1304 → "1,304".
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:] // not -n, which overflows for math.MinInt64
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return sign + s
}
