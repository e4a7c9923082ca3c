package extract

// The limits that bound the memory of reading one input, and the repair of
// invalid UTF-8. Both are applied where bytes enter a dialect: Parse for the
// whole-file dialects, ReadDump's scanner for dumps.

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/wikipipe/wikipipe/diag"
)

// The default limits. MediaWiki refuses to store a revision larger than
// $wgMaxArticleSize, 2 MiB on every Wikimedia wiki, so no real page of a
// dump comes near DefaultArticle; the HTML of a page is larger than its
// wikitext, which the 3× margin leaves room for. The limit is no higher
// because an article's extracted structure and rows take about 50 times its
// text: a 6 MiB article that is one table peaks near 400 MB with all four
// formats, an 8 MiB one past 500 MB. A higher limit is a line of
// pipeline.yaml away for the machines that have the memory. DefaultLine is
// the page limit of Wikimedia again, doubled: a table or a template call
// written on one line is as long as the page at most. A multistream dump
// decompresses to 4 or 5 times its size, a gzip one to 5 to 8 times; a
// decompression bomb to 1,000 times and more (bzip2 turns 51 bytes into 40
// MB of zeros): DefaultRatio sits well between, and RatioFloor lets small,
// very repetitive inputs through.
const (
	DefaultArticle = 6 << 20
	DefaultLine    = 4 << 20
	DefaultRatio   = 100
	RatioFloor     = 64 << 20
)

// Limits bound what one input may make the reader hold; zero fields take the
// defaults above.
type Limits struct {
	// Article is the largest article text, in bytes: the decoded wikitext
	// of a dump page, or the whole file of the other dialects.
	Article int64
	// Line is the longest line of an article text, in bytes; HTML, which
	// is not read by lines and often minified into one, has no line limit.
	Line int64
	// Ratio is the largest ratio of a compressed input's decompressed size
	// to its compressed size, checked once RatioFloor bytes are decompressed.
	Ratio int64
	// Skip makes an article past a limit a warning, the article left out
	// and the run going on, rather than an error that fails the input.
	Skip bool
}

func (l Limits) article() int64 { return orDefault(l.Article, DefaultArticle) }
func (l Limits) line() int64    { return orDefault(l.Line, DefaultLine) }
func (l Limits) ratio() int64   { return orDefault(l.Ratio, DefaultRatio) }

func orDefault(v, def int64) int64 {
	if v > 0 {
		return v
	}
	return def
}

// exceeded is the diagnostic of an article past a limit at line:col: an
// error, or a warning under Skip.
func (l Limits) exceeded(path string, line, col int, format string, args ...any) diag.Diagnostic {
	sev, code := diag.Error, diag.Code("")
	msg := fmt.Sprintf(format, args...)
	if l.Skip {
		sev, code, msg = diag.Warning, diag.Limit, msg+": skipped (limits.on_exceed: skip)"
	}
	return diag.Diagnostic{File: path, Line: line, Col: col, Stage: diag.Extract, Severity: sev, Code: code, Message: msg}
}

// sizeText renders a byte count as the limits are written: "8 MiB", "300 KiB",
// "1000 B".
func sizeText(n int64) string {
	for _, u := range []struct {
		unit  string
		shift uint
	}{{"GiB", 30}, {"MiB", 20}, {"KiB", 10}} {
		if n >= 1<<u.shift && n%(1<<u.shift) == 0 {
			return fmt.Sprintf("%d %s", n>>u.shift, u.unit)
		}
	}
	return fmt.Sprintf("%d B", n)
}

// readArticle reads a whole-file input of at most lim.article() bytes. ok is
// false when the input is larger: what was read is then dropped and the
// rest left unread (standard input may never end).
func readArticle(br *bufio.Reader, lim Limits) (data []byte, ok bool, err error) {
	limit := lim.article()
	data, err = readAll(br, limit+1)
	if int64(len(data)) > limit {
		return nil, false, err
	}
	return data, true, err
}

// longLine returns the number of the first line of data longer than limit,
// or ok false.
func longLine(data []byte, limit int64) (line int, ok bool) {
	line = 1
	for len(data) > 0 {
		end := bytes.IndexByte(data, '\n')
		if end < 0 {
			end = len(data)
		}
		if int64(end) > limit {
			return line, true
		}
		line++
		data = data[min(end+1, len(data)):]
	}
	return 0, false
}

// validUTF8 returns data with every byte that is not part of a valid UTF-8
// sequence replaced by U+FFFD, as a range loop decodes it, and where the
// first such byte was (line, and col in runes); ok is true when data was
// valid and is returned as it is.
func validUTF8(data []byte) (out []byte, line, col int, ok bool) {
	if utf8.Valid(data) {
		return data, 0, 0, true
	}
	out = make([]byte, 0, len(data)+len(data)/8)
	line, col = 0, 0
	ln, c := 1, 1
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 && line == 0 {
			line, col = ln, c
		}
		if r == '\n' {
			ln, c = ln+1, 1
		} else {
			c++
		}
		out = utf8.AppendRune(out, r)
		i += n
	}
	return out, line, col, false
}

// checkArticle applies the line limit to a whole-file input; the article
// limit was applied as it was read.
func checkArticle(path string, data []byte, lim Limits) *diag.Diagnostic {
	if line, long := longLine(data, lim.line()); long {
		d := lim.exceeded(path, line, 1, "line %d is longer than limits.line (%s)", line, sizeText(lim.line()))
		return &d
	}
	return nil
}

// invalidUTF8 is the one warning an input with invalid UTF-8 gets, at its
// first bad byte.
func invalidUTF8(path string, line, col int) diag.Diagnostic {
	return diag.Diagnostic{File: path, Line: line, Col: col, Stage: diag.Extract, Severity: diag.Warning, Code: diag.InvalidUTF8,
		Message: "invalid UTF-8: the bad bytes here and further on are read as U+FFFD"}
}

// ratioReader reads the decompressed bytes of a compressed input and fails
// once they pass the limit's ratio to the compressed bytes read so far.
type ratioReader struct {
	r     io.Reader
	raw   *countReader // the compressed bytes
	ratio int64
	n     int64
}

// errRatio is what ratioReader fails with; the dump reader locates it.
type errRatio struct{ ratio int64 }

func (e errRatio) Error() string {
	return fmt.Sprintf("input decompresses to more than %d times its size (limits.ratio): a decompression bomb?", e.ratio)
}

func (r *ratioReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.n += int64(n)
	if r.n > RatioFloor && r.n/r.ratio > r.raw.n { // divided: a huge ratio must not overflow
		return n, errRatio{r.ratio}
	}
	return n, err
}
