package diag

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var codeForm = regexp.MustCompile(`^[WE]-[a-z0-9]+(-[a-z0-9]+)*$`)

// TestCodesMatchDocs holds the Code constants of codes.go, the codes slice
// and the table of docs/WARNINGS.md to one another: the same codes, in the
// same order, each of the printed form, each with its stage and both columns
// of text.
func TestCodesMatchDocs(t *testing.T) {
	declared := constCodes(t)
	if !slices.Equal(declared, codes) {
		t.Errorf("the Code constants of codes.go:\n%v\nthe codes slice:\n%v", declared, codes)
	}
	for _, c := range declared {
		if !codeForm.MatchString(string(c)) {
			t.Errorf("code %q: want the form W-words or E-words, lower case", c)
		}
	}
	data, err := os.ReadFile("../docs/WARNINGS.md")
	if err != nil {
		t.Fatal(err)
	}
	var documented []Code
	for _, line := range strings.Split(string(data), "\n") {
		cells := strings.Split(line, " | ")
		if !strings.HasPrefix(line, "| `") || len(cells) != 4 {
			continue
		}
		code := Code(strings.Trim(cells[0], "| `"))
		documented = append(documented, code)
		if stage := Stage(cells[1]); !slices.Contains([]Stage{Read, Extract, Transform, Export, Config}, stage) {
			t.Errorf("docs/WARNINGS.md, %s: stage %q is none of the stages", code, stage)
		}
		if strings.TrimSpace(cells[2]) == "" || strings.Trim(cells[3], " |") == "" {
			t.Errorf("docs/WARNINGS.md, %s: a meaning and what to do, please", code)
		}
	}
	if !slices.Equal(documented, declared) {
		t.Errorf("docs/WARNINGS.md lists:\n%v\ncodes.go declares:\n%v", documented, declared)
	}
}

// constCodes are the constants of type Code in codes.go, in order.
func constCodes(t *testing.T) []Code {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "codes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []Code
	ast.Inspect(f, func(n ast.Node) bool {
		spec, ok := n.(*ast.ValueSpec)
		if !ok {
			return true
		}
		if typ, ok := spec.Type.(*ast.Ident); !ok || typ.Name != "Code" {
			return true
		}
		for _, v := range spec.Values {
			s, err := strconv.Unquote(v.(*ast.BasicLit).Value)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, Code(s))
		}
		return true
	})
	return got
}

// TestNoCodeLiterals keeps codes out of string literals elsewhere in the
// module (tests aside): a code is used through its constant, so that every
// code in use is one that codes.go declares and the table documents.
func TestNoCodeLiterals(t *testing.T) {
	literal := regexp.MustCompile(`"[WE]-[a-z0-9-]+"`)
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && p != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") || p == filepath.Join("..", "diag", "codes.go") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range literal.FindAll(data, -1) {
			t.Errorf("%s: the code %s as a literal: use its constant in package diag", p, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestString(t *testing.T) {
	for _, tc := range []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{File: "a.txt", Line: 3, Col: 4, Stage: Extract, Severity: Warning, Code: NoTitle, Message: "m"}, "a.txt:3:4: extract: m [W-no-title]"},
		{Diagnostic{File: "a.txt", Line: 3, Stage: Extract, Severity: Warning, Code: NoTitle, Message: "m"}, "a.txt:3: extract: m [W-no-title]"},
		{Diagnostic{File: "a.txt", Stage: Export, Severity: Warning, Code: XLSXRows, Message: "m"}, "a.txt: export: m [W-xlsx-rows]"},
		{Diagnostic{File: "p.yaml", Line: 1, Col: 2, Stage: Config, Severity: Error, Message: "m"}, "p.yaml:1:2: config: m"},
	} {
		if got := tc.d.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}

// TestErrorOf: a warning that a setting makes an error keeps its name with
// E- for W-, as a code of its own.
func TestErrorOf(t *testing.T) {
	for w, e := range errorOf {
		if !slices.Contains(codes, w) || !slices.Contains(codes, e) || string(e) != "E-"+string(w)[2:] {
			t.Errorf("errorOf[%s] = %s: want both declared, and E- for W-", w, e)
		}
	}
	if got := ErrorOf(NoTitle); got != NoTitle {
		t.Errorf("ErrorOf(NoTitle) = %s, want itself", got)
	}
}

func TestParseWarningCode(t *testing.T) {
	for _, tc := range []struct {
		in, want, err string
	}{
		{"W-no-title", "W-no-title", ""},
		{"W-no-titel", "", `unknown warning code "W-no-titel"`},
		{"E-bad-value", "", "E-bad-value is the code of an error"},
		{"", "", `unknown warning code ""`},
	} {
		got, err := ParseWarningCode(tc.in)
		if string(got) != tc.want || (err == nil) != (tc.err == "") || err != nil && !strings.Contains(err.Error(), tc.err) {
			t.Errorf("ParseWarningCode(%q) = %q, %v; want %q, %q", tc.in, got, err, tc.want, tc.err)
		}
	}
}

// FuzzParseWarningCode: any text is either refused or names itself, a
// warning code that String would print.
func FuzzParseWarningCode(f *testing.F) {
	for _, c := range codes {
		f.Add(string(c))
	}
	f.Add("W-")
	f.Add(" W-no-title")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseWarningCode(s)
		if err != nil {
			return
		}
		if string(c) != s || !slices.Contains(WarningCodes(), c) || !codeForm.MatchString(s) {
			t.Errorf("ParseWarningCode(%q) = %q", s, c)
		}
	})
}
