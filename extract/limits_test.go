package extract

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wikipipe/wikipipe/diag"
)

// parseAll runs Parse and collects its documents.
func parseAll(path, data string, opts Options) ([]*Document, Input, error) {
	var docs []*Document
	in, err := Parse(path, strings.NewReader(data), Auto, opts, func(d *Document) error {
		docs = append(docs, d)
		return nil
	})
	return docs, in, err
}

// TestLimits checks each limit in each kind of input, with on_exceed fail
// (a located error) and skip (a warning, the article left out, the pages
// after it read).
func TestLimits(t *testing.T) {
	big := strings.Repeat("word ", 300) // 1,500 bytes on one line
	lim := Limits{Article: 1000, Line: 400}
	for _, tc := range []struct {
		name, data string
		want       string // the diagnostic
		docs       int    // documents under skip
	}{
		{"file", "'''A''' " + strings.Repeat("x\n", 600), "f:1:1: extract: article is larger than limits.article (1000 B)", 0},
		{"line", "'''A''' " + big[:500] + "\nshort\n", "f:1:1: extract: line 1 is longer than limits.line (400 B)", 0},
		{"line 3", "= T =\n\n" + big[:500] + "\n", "f:3:1: extract: line 3 is longer than limits.line (400 B)", 0},
		{"html lines", "<html><body><p>" + big[:900] + "</p></body></html>", "", 1},
		{"dump page", xmlDump(xmlPage("Big", 0, "", strings.Repeat("y\n", 600)), xmlPage("Next", 0, "", "ok")),
			`f:3:3: extract: page "Big" is larger than limits.article (1000 B)`, 1},
		{"dump entities", xmlDump(xmlPage("Big", 0, "", strings.Repeat("&lt;b&gt;", 400)), xmlPage("Next", 0, "", "ok")),
			`f:3:3: extract: page "Big" is larger than limits.article (1000 B)`, 1},
		{"dump line", xmlDump(xmlPage("Long", 0, "", "a\n"+big[:500]), xmlPage("Next", 0, "", "ok")),
			`f:12:1: extract: page "Long": line 2 of its text is longer than limits.line (400 B)`, 1},
		{"dump title", xmlDump(xmlPage(strings.Repeat("T", 1100), 0, "", "x"), xmlPage("Next", 0, "", "ok")),
			`f:3:3: extract: page "page 7" is larger than limits.article (1000 B)`, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := parseAll("f", tc.data, Options{Limits: lim})
			if tc.want == "" {
				if err != nil {
					t.Errorf("err = %v, want none", err)
				}
				return
			}
			var d diag.Diagnostic
			if !errors.As(err, &d) || d.Severity != diag.Error || d.String() != tc.want {
				t.Errorf("fail: err = %v, want %s", err, tc.want)
			}
			skip := lim
			skip.Skip = true
			docs, in, err := parseAll("f", tc.data, Options{Limits: skip})
			if err != nil || len(docs) != tc.docs || len(in.Diagnostics) != 1 ||
				in.Diagnostics[0].String() != tc.want+": skipped (limits.on_exceed: skip) [W-limit]" || in.Diagnostics[0].Severity != diag.Warning {
				t.Errorf("skip: %d docs, %v, %v", len(docs), in.Diagnostics, err)
			}
		})
	}
}

// TestLimitsMarkup checks that markup longer than the limit, which cannot
// be skipped, is a located error.
func TestLimitsMarkup(t *testing.T) {
	for _, data := range []string{
		"<mediawiki><page><title a=\"" + strings.Repeat("v", 2000) + "\">x</title></page></mediawiki>",
		"<mediawiki><!-- " + strings.Repeat("c", 2000) + " --></mediawiki>",
	} {
		_, _, err := parseAll("f", data, Options{Limits: Limits{Article: 1000}, AllNamespaces: true})
		var d diag.Diagnostic
		if !errors.As(err, &d) || d.Line != 1 {
			t.Errorf("%.30q…: err = %v, want a located error", data, err)
		}
	}
}

// TestLimitsDefaults checks the zero Limits: the defaults, and a file at
// exactly the article limit passes.
func TestLimitsDefaults(t *testing.T) {
	var l Limits
	if l.article() != DefaultArticle || l.line() != DefaultLine || l.ratio() != DefaultRatio {
		t.Errorf("defaults %d %d %d", l.article(), l.line(), l.ratio())
	}
	data := "'''A''' " + strings.Repeat("x\n", 496) // 1,000 bytes
	if docs, _, err := parseAll("f", data, Options{Limits: Limits{Article: int64(len(data))}}); err != nil || len(docs) != 1 {
		t.Errorf("at the limit: %d docs, %v", len(docs), err)
	}
	for n, want := range map[int64]string{6 << 20: "6 MiB", 256 << 10: "256 KiB", 1 << 30: "1 GiB", 1000: "1000 B", 1536: "1536 B"} {
		if got := sizeText(n); got != want {
			t.Errorf("sizeText(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestInvalidUTF8 checks each dialect: U+FFFD in the document, one warning
// at the first bad byte, and the input's digest of its raw bytes.
func TestInvalidUTF8(t *testing.T) {
	for _, tc := range []struct {
		name, data, at string
	}{
		{"wikitext", "'''A''' b\n== H\xff ==\n* x\xfe\n", "f:2:5"},
		{"text", "= T =\n\nbad \xc3(\n", "f:3:5"},
		{"html", "<html><body><p>ok</p><p>\xe2\x28\xa1</p></body></html>", "f:1:25"},
		{"dump", xmlDump(xmlPage("T\xff", 0, "", "'''a''' \xfe")), "f:4:13"},
		{"dump text", xmlDump(xmlPage("T", 0, "", "'''a''' b\n\xfe")), "f:12:1"},
		{"dump cdata", xmlDump(xmlPage("T", 0, "", "<![CDATA[x\xff]]>")), "f:11:44"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			docs, in, err := parseAll("f", tc.data, Options{})
			if err != nil || len(docs) != 1 {
				t.Fatalf("%d docs, %v", len(docs), err)
			}
			var warns []string
			for _, d := range append(docs[0].Diagnostics, in.Diagnostics...) {
				if strings.Contains(d.Message, "invalid UTF-8") {
					warns = append(warns, d.String())
				}
			}
			if len(warns) != 1 || !strings.HasPrefix(warns[0], tc.at+": extract: invalid UTF-8") {
				t.Errorf("warnings %q, want one at %s", warns, tc.at)
			}
			if !strings.HasPrefix(tc.name, "dump") && in.SHA256 != digest([]byte(tc.data)) {
				t.Errorf("sha256 is not the raw input's")
			}
			if bad, fffd := badStrings(reflect.ValueOf(docs[0])); bad != "" || !fffd {
				t.Errorf("document string %q is not UTF-8, or no U+FFFD (%v)", bad, fffd)
			}
		})
	}
}

// badStrings walks v and returns its first string that is not valid UTF-8,
// and whether any string holds U+FFFD.
func badStrings(v reflect.Value) (bad string, fffd bool) {
	switch v.Kind() {
	case reflect.String:
		if !utf8.ValidString(v.String()) {
			return v.String(), false
		}
		return "", strings.ContainsRune(v.String(), utf8.RuneError)
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return badStrings(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			b, f := badStrings(v.Field(i))
			if b != "" {
				return b, f
			}
			fffd = fffd || f
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return "", false
		}
		for i := range v.Len() {
			b, f := badStrings(v.Index(i))
			if b != "" {
				return b, f
			}
			fffd = fffd || f
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			b, f := badStrings(it.Value())
			if b != "" {
				return b, f
			}
			fffd = fffd || f
		}
	}
	return "", fffd
}

// FuzzValidUTF8 holds validUTF8 to strings.ToValidUTF8 rune by rune: valid
// output, unchanged when valid, the first bad byte located.
func FuzzValidUTF8(f *testing.F) {
	for _, s := range []string{"ok", "a\xffb", "\n\n\xc3", "é\xe2\x28\xa1x", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		out, line, col, ok := validUTF8(data)
		if !utf8.Valid(out) || ok != utf8.Valid(data) || ok && !bytes.Equal(out, data) {
			t.Fatalf("validUTF8(%q) = %q, %v", data, out, ok)
		}
		if want := []rune(string(data)); string(want) != string(out) {
			t.Fatalf("validUTF8(%q) = %q, want %q", data, out, string(want))
		}
		if !ok {
			i := 0
			for r, n := utf8.DecodeRune(data); r != utf8.RuneError || n != 1; r, n = utf8.DecodeRune(data[i:]) {
				i += n
			}
			l, c := after(1, 1, data[:i])
			if l != line || c != col {
				t.Fatalf("validUTF8(%q): first bad byte at %d:%d, want %d:%d", data, line, col, l, c)
			}
		}
	})
}
