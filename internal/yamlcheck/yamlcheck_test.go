package yamlcheck

import (
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestSuggest(t *testing.T) {
	known := []string{"columns", "description", "from", "jsonld", "on_error"}
	for in, want := range map[string]string{
		"colums":   ` (did you mean "columns"?)`,
		"Columns":  ` (did you mean "columns"?)`,
		"on-error": ` (did you mean "on_error"?)`,
		"fro":      ` (did you mean "from"?)`,
		"xyz":      ``,
		"schema":   ``,
	} {
		if got := Suggest(in, known); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"colums", "columns", 1},
		{"crfl", "crlf", 2}, {"Ärger", "arger", 1}, {"kitten", "sitting", 3},
	} {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestSyntaxProblems(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []problem
	}{
		// Parser errors count lines from 0, scanner errors from 1.
		{"yaml: line 4: did not find expected ',' or '}'", []problem{{5, "did not find expected ',' or '}'"}}},
		{"yaml: line 3: mapping values are not allowed in this context", []problem{{3, "mapping values are not allowed in this context"}}},
		{"yaml: unknown anchor 'x' referenced", []problem{{0, "unknown anchor 'x' referenced"}}},
		{"yaml: unmarshal errors:\n  line 2: a\n  line 7: b", []problem{{2, "a"}, {7, "b"}}},
		{"yaml: line x: odd", []problem{{0, "line x: odd"}}},
		{"yaml: line -1: odd", []problem{{0, "line -1: odd"}}},
		{"", nil},
	} {
		if got := syntaxProblems(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("syntaxProblems(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// The real decoder's messages, so that a change of yaml.v3's wording shows.
func TestSyntaxOfDecoder(t *testing.T) {
	for src, want := range map[string]string{
		"a: {b: c\n":    "p.yaml:2: config: invalid YAML: did not find expected ',' or '}'",
		"a: b: c\n":     "p.yaml: config: invalid YAML: mapping values are not allowed in this context",
		"a: *x\n":       "p.yaml: config: invalid YAML: unknown anchor 'x' referenced",
		"a:\n\t- b\n":   "p.yaml:2: config: invalid YAML: found character that cannot start any token",
		"\"a\n":         "p.yaml:2: config: invalid YAML: found unexpected end of stream",
		"k: [1, 2\n":    "p.yaml:2: config: invalid YAML: did not find expected ',' or ']'",
		"- a\nb: c\n":   "p.yaml:2: config: invalid YAML: did not find expected '-' indicator",
		"a: 'x\nb: c\n": "p.yaml:3: config: invalid YAML: found unexpected end of stream",
	} {
		var n yaml.Node
		err := yaml.Unmarshal([]byte(src), &n)
		if err == nil {
			t.Errorf("%q: no error", src)
			continue
		}
		c := &Checker{Path: "p.yaml"}
		c.Syntax(err)
		var got []string
		for _, d := range c.Diags {
			got = append(got, d.String())
		}
		if strings.Join(got, "\n") != want {
			t.Errorf("%q (%v):\n got %s\nwant %s", src, err, strings.Join(got, "\n"), want)
		}
	}
}

type point struct{ X, Y int }

var pointKeys = []Key[point]{
	{Name: "x", Type: "integer", Default: "`0`", Doc: "across",
		Decode: func(c *Checker, f Field, p *point) { p.X, _ = c.Integer(f) }},
	{Name: "y", Type: "integer", Default: "required", Doc: "down",
		Decode: func(c *Checker, f Field, p *point) { p.Y, _ = c.Integer(f) }},
}

func TestWalk(t *testing.T) {
	for _, tc := range []struct {
		src      string
		want     point
		allKnown bool
		diags    string
	}{
		{"x: 1\ny: 2\n", point{1, 2}, true, ""},
		{"", point{}, true, ""},
		{"y: 2\nz: 3\n", point{0, 2}, false, `p.yaml:2:1: config: unknown key "z" in pt (did you mean "x"?)`},
		{"x: 1\nx: 2\n", point{1, 0}, true, "p.yaml:2:1: config: pt.x is given twice (first at line 1)"},
		{"x: one\n", point{}, true, `p.yaml:1:4: config: pt.x: want an integer, got text "one"`},
		{"[1]\n", point{}, true, "p.yaml:1:1: config: pt: want a mapping of keys, got a list"},
		{"? [a]\n: 1\n", point{}, true, "p.yaml:1:3: config: pt: keys must be plain text, got a list"},
		{"a: &v 5\nx: *v\n", point{5, 0}, false, `p.yaml:1:1: config: unknown key "a" in pt (did you mean "x"?)`},
	} {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(tc.src), &doc); err != nil {
			t.Fatal(err)
		}
		c := &Checker{Path: "p.yaml"}
		var p point
		allKnown := true
		if len(doc.Content) > 0 {
			allKnown = Walk(c, doc.Content[0], "pt", pointKeys, &p)
		}
		var got []string
		for _, d := range c.Diags {
			got = append(got, d.String())
		}
		if p != tc.want || allKnown != tc.allKnown || strings.Join(got, "\n") != tc.diags {
			t.Errorf("%q: %+v %v %q; want %+v %v %q", tc.src, p, allKnown, got, tc.want, tc.allKnown, tc.diags)
		}
	}
}

func TestDocRows(t *testing.T) {
	want := []string{"| `x` | integer | `0` | across |", "| `y` | integer | required | down |"}
	if got := DocRows(pointKeys); !slices.Equal(got, want) {
		t.Errorf("DocRows = %q, want %q", got, want)
	}
}

// FuzzSyntaxProblems checks that any error text splits into problems with
// a line of 0 or more and a message, without a panic.
func FuzzSyntaxProblems(f *testing.F) {
	f.Add("yaml: line 4: did not find expected ',' or '}'")
	f.Add("yaml: unmarshal errors:\n  line 2: a\n  line 7: b")
	f.Add("yaml: line : x")
	f.Fuzz(func(t *testing.T, text string) {
		for _, p := range syntaxProblems(text) {
			if p.line < 0 || p.msg == "" && !strings.Contains(text, "line ") {
				t.Fatalf("%q: problem %+v", text, p)
			}
		}
	})
}
