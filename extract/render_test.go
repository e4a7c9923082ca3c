package extract

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/wikipipe/wikipipe/internal/golden"
)

// TestRenderTextRoundTrip checks that every article and crafted case reads
// back from its rendering to the same document, positions aside.
func TestRenderTextRoundTrip(t *testing.T) {
	for _, path := range append(textCorpus(t), textCases(t)...) {
		doc := ParseText(path, readInput(t, path))
		again := ParseText(path, RenderText(doc))
		if a, b := shape(t, doc), shape(t, again); a != b {
			t.Errorf("%s: parse(render(parse(x))) differs from parse(x)\nfirst:\n%s\nagain:\n%s", path, a, b)
		}
	}
}

// TestRenderTextGolden pins the rendering of the seed and of the cases whose
// markup the renderer normalizes.
func TestRenderTextGolden(t *testing.T) {
	for _, path := range []string{seedPath, "testdata/text/heading-forms.txt", "testdata/text/infobox-fields.txt", "testdata/text/nested-lists.txt", "testdata/text/wide-narrow-rows.txt"} {
		name := strings.TrimSuffix(filepath.Base(path), ".txt")
		golden.Check(t, filepath.Join("testdata/golden/text", name+".render.txt"), RenderText(ParseText(path, readInput(t, path))))
	}
}

// TestRenderTextOtherDialects checks what only documents of other dialects
// hold: several header rows, depth 0, text on several lines.
func TestRenderTextOtherDialects(t *testing.T) {
	doc := &Document{
		Title: "Multi\nline",
		Sections: []*Section{{Blocks: []Block{
			{Paragraph: &Paragraph{Text: "one\ntwo"}},
			{List: &List{Items: []ListItem{{Depth: 0, Text: "zero"}, {Depth: 2, Text: ""}}}},
			{Table: &Table{Header: []Row{{Cells: []Cell{{Text: "A"}}}, {Cells: []Cell{{Text: "B"}, {Text: ""}}}}, Body: []Row{{Cells: []Cell{{Text: "1"}}}}}},
		}}},
	}
	want := "= Multi line =\n\none two\n\n- zero\n  -\n\n| A |\n| B | |\n| 1 |\n"
	if got := string(RenderText(doc)); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
