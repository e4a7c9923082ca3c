package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/wikipipe/wikipipe/internal/golden"
)

const seedPath = "../testdata/corpus/seed/azerbaijan-united-states-relations.txt"

// textCorpus lists the real articles: the seed and every page.
func textCorpus(t testing.TB) []string {
	t.Helper()
	pages, err := filepath.Glob("../testdata/corpus/pages/*.txt")
	if err != nil || len(pages) == 0 {
		t.Fatalf("no pages: %v", err)
	}
	return append([]string{seedPath}, pages...)
}

// textCases lists the crafted cases of testdata/text.
func textCases(t testing.TB) []string {
	t.Helper()
	cases, err := filepath.Glob("testdata/text/*.txt")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no crafted cases: %v", err)
	}
	return cases
}

// readInputs reads every file of paths and adds up their sizes.
func readInputs(t testing.TB, paths []string) ([][]byte, int64) {
	var inputs [][]byte
	var size int64
	for _, path := range paths {
		data := readInput(t, path)
		inputs = append(inputs, data)
		size += int64(len(data))
	}
	return inputs, size
}

func readInput(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func docJSON(t testing.TB, doc *Document) []byte {
	t.Helper()
	out, err := doc.JSON()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestTextSeed(t *testing.T) {
	doc := ParseText(seedPath, readInput(t, seedPath), Options{})
	if doc.Title != "Azerbaijan–United States relations" {
		t.Errorf("title %q", doc.Title)
	}
	if len(doc.Diagnostics) != 0 {
		t.Errorf("diagnostics on the seed: %v", doc.Diagnostics)
	}
	if len(doc.Infoboxes) != 1 {
		t.Fatalf("%d infoboxes, want 1", len(doc.Infoboxes))
	}
	box := doc.Infoboxes[0]
	wantFields := [][2]string{
		{"Title", "United States – Azerbaijan relations"},
		{"Party1", "Azerbaijan"},
		{"Party2", "USA"},
		{"Filetype", "svg"},
		{"Mission1", "Embassy of Azerbaijan, Washington, D.C."},
		{"Mission2", "Embassy of the United States, Baku"},
		{"Envoytitle1", "Ambassador"},
		{"Envoy1", "Khazar Ibrahim"},
		{"Envoytitle2", "Chargé d'affaires"},
		{"Envoy2", "Amy Carlon"},
	}
	if box.Name != "Infobox" || len(box.Fields) != len(wantFields) {
		t.Fatalf("infobox %q with %d fields, want Infobox with %d", box.Name, len(box.Fields), len(wantFields))
	}
	for i, f := range box.Fields {
		if f.Key != wantFields[i][0] || f.Value != wantFields[i][1] || f.Pos.Line != 4+i || f.Pos.Col != 1 {
			t.Errorf("field %d: %q: %q at %d:%d, want %q: %q at %d:1", i, f.Key, f.Value, f.Pos.Line, f.Pos.Col, wantFields[i][0], wantFields[i][1], 4+i)
		}
	}
	lead := doc.Lead()
	if lead.Level != 0 || lead.Heading != "" || len(lead.Blocks) != 1 || lead.Blocks[0].Paragraph == nil ||
		!strings.HasPrefix(lead.Blocks[0].Paragraph.Text, "According to the 2012 ") {
		t.Errorf("lead: %+v", lead)
	}

	// The section tree as "level heading" lines, children indented.
	var tree strings.Builder
	doc.Walk(func(s *Section) {
		if s.Level > 0 {
			fmt.Fprintf(&tree, "%s%d %s\n", strings.Repeat("  ", s.Level-2), s.Level, s.Heading)
		}
	})
	wantTree := `2 History
2 Contemporary relations
  3 U.S. Federal Grand Jury Probe
  3 Nagorno-Karabakh conflict
  3 Security partnership
  3 Economic cooperation
  3 Democracy development
2 High-level visits
  3 Azerbaijani presidential visits to the United States
2 Resident diplomatic missions
2 See also
`
	if tree.String() != wantTree {
		t.Errorf("sections:\n%s\nwant:\n%s", tree.String(), wantTree)
	}
	if n := len(doc.Sections); n != 6 {
		t.Fatalf("%d top-level sections, want 6 (lead + 5)", n)
	}
	for _, s := range doc.Sections[1:] {
		for _, c := range s.Children {
			if len(c.Children) != 0 {
				t.Errorf("%q has children", c.Heading)
			}
		}
	}

	visits := doc.Sections[3].Children[0]
	if len(visits.Blocks) != 1 || visits.Blocks[0].Table == nil {
		t.Fatalf("visits section blocks: %+v", visits.Blocks)
	}
	tbl := visits.Blocks[0].Table
	if len(tbl.Header) != 1 || len(tbl.Body) != 15 {
		t.Fatalf("table: %d header rows, %d body rows; want 1 and 15", len(tbl.Header), len(tbl.Body))
	}
	if got := cellTexts(tbl.Header[0]); got != "President|Date|Type of visit|Sources" {
		t.Errorf("header %q", got)
	}
	for i, r := range tbl.Body {
		if len(r.Cells) != 4 || r.Cells[3].Text != "" {
			t.Errorf("body row %d: %q, want 4 cells, the last empty", i, cellTexts(r))
		}
	}
	if got := cellTexts(tbl.Body[2]); got != "President H.Aliyev|July 27- August 6, 1997|official visit|" {
		t.Errorf("body row 2: %q", got)
	}
	if c := tbl.Body[0].Cells[1]; c.Pos.Line != 66 || c.Pos.Col != 24 {
		t.Errorf("cell B1 at %d:%d, want 66:24", c.Pos.Line, c.Pos.Col)
	}

	for i, want := range []int{2, 8} {
		s := doc.Sections[4+i]
		if len(s.Blocks) != 1 || s.Blocks[0].List == nil || len(s.Blocks[0].List.Items) != want {
			t.Errorf("%q: want one list of %d items, got %+v", s.Heading, want, s.Blocks)
		}
	}
	if it := doc.Sections[5].Blocks[0].List.Items[7]; it.Text != "Artsakh–United States relations" || it.Depth != 1 {
		t.Errorf("last See also item: %+v", it)
	}
}

func cellTexts(r Row) string {
	var s []string
	for _, c := range r.Cells {
		s = append(s, c.Text)
	}
	return strings.Join(s, "|")
}

// TestTextGolden compares the Document of every article and crafted case
// with its golden file. Run with -update to rewrite them, then read them.
func TestTextGolden(t *testing.T) {
	for _, path := range textCorpus(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".txt")
		t.Run(name, func(t *testing.T) {
			golden.Check(t, filepath.Join("testdata/golden/text", name+".golden"), docJSON(t, ParseText(path, readInput(t, path), Options{})))
		})
	}
	for _, path := range textCases(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			golden.Check(t, strings.TrimSuffix(path, ".txt")+".golden", docJSON(t, ParseText(path, readInput(t, path), Options{})))
		})
	}
}

// TestTextProperties checks, on every input, that positions agree with
// their offsets and that every non-blank line is in exactly one node.
func TestTextProperties(t *testing.T) {
	for _, path := range append(textCorpus(t), textCases(t)...) {
		data := readInput(t, path)
		doc := ParseText(path, data, Options{})
		checkPositions(t, path, data, doc)
		checkLinesKept(t, path, data, doc)
	}
}

// eachPos calls fn for every node of doc with its position; owner is set for
// the nodes that own their line (all but tables, lists and cells).
func eachPos(doc *Document, fn func(what string, p Pos, owner bool)) {
	for _, box := range doc.Infoboxes {
		fn("infobox "+box.Name, box.Pos, true)
		for _, f := range box.Fields {
			fn("field "+f.Key, f.Pos, true)
		}
	}
	doc.Walk(func(s *Section) {
		fn("heading "+s.Heading, s.Pos, s.Level > 0) // the lead owns no line
		for _, b := range s.Blocks {
			switch {
			case b.Paragraph != nil:
				fn("paragraph", b.Paragraph.Pos, true)
			case b.List != nil:
				fn("list", b.List.Pos, false)
				for _, it := range b.List.Items {
					fn("item "+it.Text, it.Pos, true)
				}
			case b.Table != nil:
				fn("table", b.Table.Pos, false)
				for _, rows := range [][]Row{b.Table.Header, b.Table.Body} {
					for _, r := range rows {
						fn("row", r.Pos, true)
						for _, c := range r.Cells {
							fn("cell "+c.Text, c.Pos, false)
						}
					}
				}
			}
		}
	})
}

// checkPositions checks that every position lies in the input and that its
// line and column are those of its offset (columns in runes, a leading BOM
// not counted), and that every diagnostic is on a line of the input.
func checkPositions(t testing.TB, path string, data []byte, doc *Document) {
	t.Helper()
	x := newLineIndex(data)
	bom := len(data) - len(stripBOM(data))
	eachPos(doc, func(what string, p Pos, _ bool) {
		if p.Offset < bom || p.Offset > len(data) {
			t.Errorf("%s: %s: offset %d outside the input (%d bytes)", path, what, p.Offset, len(data))
			return
		}
		want := x.pos(p.Offset)
		if want.Line == 1 && bom > 0 {
			want.Col--
		}
		if p != want {
			t.Errorf("%s: %s at %d:%d (offset %d), the offset is at %d:%d", path, what, p.Line, p.Col, p.Offset, want.Line, want.Col)
		}
	})
	for _, d := range doc.Diagnostics {
		if d.Line < 1 || d.Line > len(x.starts) || d.Col < 1 || d.File != path {
			t.Errorf("%s: diagnostic outside the input: %v", path, d)
		}
	}
}

// checkLinesKept checks that every non-blank line of data is the title line
// or the line of exactly one node, and that no node claims a blank line.
func checkLinesKept(t testing.TB, path string, data []byte, doc *Document) {
	t.Helper()
	lines := strings.Split(string(stripBOM(data)), "\n")
	owners := make([]int, len(lines)+1)
	eachPos(doc, func(what string, p Pos, owner bool) {
		if owner && p.Line >= 1 && p.Line <= len(lines) {
			owners[p.Line]++
		}
	})
	title := true // the first non-blank line is the title if it is a "=" line
	for i, l := range lines {
		body := strings.Trim(l, " \t\r\v\f")
		if body == "" {
			if owners[i+1] != 0 {
				t.Errorf("%s:%d: a blank line is in %d nodes", path, i+1, owners[i+1])
			}
			continue
		}
		if title {
			title = false
			if body[0] == '=' && !strings.HasPrefix(body, "==") {
				owners[i+1]++
			}
		}
		if owners[i+1] != 1 {
			t.Errorf("%s:%d: line %q is in %d nodes, want 1", path, i+1, clipText(l), owners[i+1])
		}
	}
}

func clipText(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// TestTextCases pins single lines of the dialect.
func TestTextCases(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // the document's shape: sections, blocks and fields
	}{
		{"tight heading", "= T =\n==H==\n", "2 H"},
		{"spaced heading", "= T =\n== H ==\n", "2 H"},
		{"unequal heading", "= T =\n===H==\n", "2 =H"},
		{"level 7 heading", "= T =\n======= H =======\n", "6 = H ="},
		{"unclosed heading", "= T =\n== H\n", "2 H"},
		{"equals only", "= T =\n====\n", "p ===="},
		{"empty heading", "= T =\n== ==\n", "2 "},
		{"field", "= T =\n\nInfobox\n- Key: a: b\n", "box Infobox\nf Key=a: b"},
		{"field without value", "= T =\n\nInfobox\n- Key:   \n", "box Infobox\nf Key="},
		{"field without separator", "= T =\n\nInfobox\n- Key\n", "box Infobox\nf Key="},
		{"label then blank", "= T =\n\nInfobox\n\n- Key: v\n", "p Infobox\nl 1:Key: v"},
		{"label then nested item", "= T =\n\nName\n  - Key: v\n", "p Name\nl 2:Key: v"},
		{"body bullet", "= T =\n\nLead.\n\n- A: B\n", "p Lead.\nl 1:A: B"},
		{"infobox ended by text", "= T =\nBox\n- K: v\nText\n", "box Box\nf K=v\np Text"},
		{"empty item", "= T =\n-\n- \n", "l 1:\nl 1:"},
		{"dash without space", "= T =\n-5 degrees\n", "p -5 degrees"},
		{"empty cells", "= T =\n| | a ||\n", "t |a|"},
		{"cut row", "= T =\n| a | b", "t a|b"},
		{"bare pipe", "= T =\n|\n", "t "},
		{"indented row", "= T =\n  | a |\n", "t a"},
		{"table after list", "= T =\n- a\n| b |\n", "l 1:a\nt b"},
		{"level 3 first", "= T =\n=== A ===\n== B ==\n", "3 A\n2 B"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := docShape(ParseText("t.txt", []byte(tt.in), Options{})); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// docShape is a compact form of a document for table tests.
func docShape(doc *Document) string {
	var out []string
	for _, box := range doc.Infoboxes {
		out = append(out, "box "+box.Name)
		for _, f := range box.Fields {
			out = append(out, "f "+f.Key+"="+f.Value)
		}
	}
	doc.Walk(func(s *Section) {
		if s.Level > 0 {
			out = append(out, fmt.Sprintf("%d %s", s.Level, s.Heading))
		}
		for _, b := range s.Blocks {
			switch {
			case b.Paragraph != nil:
				out = append(out, "p "+b.Paragraph.Text)
			case b.List != nil:
				for _, it := range b.List.Items {
					out = append(out, fmt.Sprintf("l %d:%s", it.Depth, it.Text))
				}
			case b.Table != nil:
				for _, rows := range [][]Row{b.Table.Header, b.Table.Body} {
					for _, r := range rows {
						out = append(out, "t "+cellTexts(r))
					}
				}
			}
		}
	})
	return strings.Join(out, "\n")
}

// TestTextLongLine parses single lines of 1 MB and 10 MB (a paragraph and a
// table row of multi-byte cells): the structure must be exact and the time
// linear in the size.
func TestTextLongLine(t *testing.T) {
	word := strings.Repeat("ə", 20)
	cell := "| " + word + " "
	runes := utf8.RuneCountInString(cell)
	row := func(size int) []byte {
		n := size / len(cell)
		return []byte("= Long =\n" + strings.Repeat(cell, n) + "|\n")
	}
	para := func(size int) []byte {
		return []byte("= Long =\n" + strings.Repeat("ə", size/2) + "\n")
	}
	for _, tt := range []struct {
		name string
		gen  func(int) []byte
	}{{"row", row}, {"paragraph", para}} {
		t.Run(tt.name, func(t *testing.T) {
			small, large := tt.gen(1<<20), tt.gen(10<<20)
			tSmall := timeParse(small)
			tLarge := timeParse(large)
			doc := ParseText("long.txt", large, Options{})
			if len(doc.Diagnostics) != 0 {
				t.Errorf("diagnostics: %v", doc.Diagnostics)
			}
			blocks := doc.Lead().Blocks
			if len(blocks) != 1 {
				t.Fatalf("%d blocks, want 1", len(blocks))
			}
			switch tt.name {
			case "row":
				cells := blocks[0].Table.Header[0].Cells
				n := (10 << 20) / len(cell)
				if len(cells) != n {
					t.Fatalf("%d cells, want %d", len(cells), n)
				}
				last := cells[n-1]
				if last.Text != word || last.Pos.Col != runes*(n-1)+3 || last.Pos.Line != 2 {
					t.Errorf("last cell %+v, want %s at 2:%d", last, word, runes*(n-1)+3)
				}
			case "paragraph":
				if n := utf8.RuneCountInString(blocks[0].Paragraph.Text); n != 5<<20 {
					t.Errorf("paragraph of %d runes, want %d", n, 5<<20)
				}
			}
			// Ten times the input must not take much more than ten times as
			// long. The bound is loose, for a loaded machine and the garbage
			// collector; quadratic work on this line would take minutes.
			if tLarge > 40*tSmall+time.Second {
				t.Errorf("10 MB took %v, 1 MB %v: not linear", tLarge, tSmall)
			}
			t.Logf("1 MB: %v, 10 MB: %v", tSmall, tLarge)
		})
	}
}

// timeParse is the best of three parses of data.
func timeParse(data []byte) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range 3 {
		start := time.Now()
		ParseText("long.txt", data, Options{})
		best = min(best, time.Since(start))
	}
	return best
}

// shape is a document's JSON without positions, source and diagnostics:
// what a round trip through RenderText must keep.
func shape(t testing.TB, doc *Document) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(docJSON(t, doc), &v); err != nil {
		t.Fatal(err)
	}
	var drop func(v any)
	drop = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			delete(v, "pos")
			for _, x := range v {
				drop(x)
			}
		case []any:
			for _, x := range v {
				drop(x)
			}
		}
	}
	m := v.(map[string]any)
	delete(m, "source")
	delete(m, "diagnostics")
	drop(m)
	out, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func FuzzParseText(f *testing.F) {
	for _, path := range append(textCorpus(f), textCases(f)...) {
		f.Add(readInput(f, path))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc := ParseText("fuzz.txt", data, Options{})
		checkPositions(t, "fuzz.txt", data, doc)
		checkLinesKept(t, "fuzz.txt", data, doc)
		text := RenderText(doc)
		again := ParseText("fuzz.txt", text, Options{})
		if a, b := shape(t, doc), shape(t, again); a != b {
			t.Fatalf("parse(render(parse(x))) differs from parse(x)\nrendered:\n%s\nfirst:\n%s\nagain:\n%s", text, a, b)
		}
		if bytes.Contains(text, []byte{0}) || !utf8.Valid(text) {
			t.Errorf("rendered text holds NUL or invalid UTF-8: %q", text)
		}
	})
}

// BenchmarkExtractText parses the seed and every page.
func BenchmarkExtractText(b *testing.B) {
	inputs, size := readInputs(b, textCorpus(b))
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, data := range inputs {
			ParseText("bench.txt", data, Options{})
		}
	}
}
