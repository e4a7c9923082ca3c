package fetch

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ReadTitles reads a titles_from file: one title a line, as on the wiki
// (underscores or spaces); blank lines and lines starting with "#" (which
// no title can) are skipped. name locates the messages, as
// "name:line:col: fetch: message".
func ReadTitles(r io.Reader, name string) ([]string, error) {
	var titles []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSuffix(sc.Text(), "\r")
		if t := strings.TrimSpace(text); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if !utf8.ValidString(text) {
			return nil, fmt.Errorf("%s:%d:1: fetch: the title is not UTF-8", name, line)
		}
		if i := strings.IndexFunc(text, func(r rune) bool { return r == '|' || unicode.IsControl(r) }); i >= 0 {
			return nil, fmt.Errorf("%s:%d:%d: fetch: %q cannot be in a title", name, line, utf8.RuneCountInString(text[:i])+1, []rune(text[i:])[0])
		}
		title := NormalizeTitle(text)
		if title == "" {
			return nil, fmt.Errorf("%s:%d:1: fetch: %q names no page", name, line, text)
		}
		titles = append(titles, title)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: fetch: %w", name, err)
	}
	return titles, nil
}

// MergeSources joins neighbouring title sources of one wiki, endpoint and
// format into one, so that pages named one URL each are still asked 50 a
// request; the order of the pages does not change.
func MergeSources(sources []Source) []Source {
	var out []Source
	for _, s := range sources {
		if n := len(out); n > 0 && len(s.Titles) > 0 && len(out[n-1].Titles) > 0 &&
			out[n-1].Wiki == s.Wiki && out[n-1].endpoint() == s.endpoint() && out[n-1].format() == s.format() {
			out[n-1].Titles = append(out[n-1].Titles, s.Titles...)
			continue
		}
		s.Titles = slices.Clip(slices.Clone(s.Titles))
		out = append(out, s)
	}
	return out
}
