package config

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/wikipipe/wikipipe/internal/yamlcheck"
)

// TestKeyTablesMatchDocs holds docs/CONFIG.md to the key tables: the first
// Markdown table after each anchor line must list exactly the table's keys,
// in its order, with its type, default and meaning.
func TestKeyTablesMatchDocs(t *testing.T) {
	data, err := os.ReadFile("../docs/CONFIG.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for _, tc := range []struct {
		anchor string
		rows   []string
	}{
		{"## Top level", yamlcheck.DocRows(topKeys)},
		{"### inputs", yamlcheck.DocRows(inputKeys)},
		{"### csv", yamlcheck.DocRows(csvKeys)},
		{"### extract", yamlcheck.DocRows(extractKeys)},
		{"### limits", yamlcheck.DocRows(limitKeys)},
		{"## Declared datasets", yamlcheck.DocRows(datasetKeys)},
		{"### from: table", yamlcheck.DocRows(tableKeys)},
		{"Columns of a dataset", yamlcheck.DocRows(columnKeys)},
		{"### from: infobox", yamlcheck.DocRows(infoboxKeys)},
		{"### jsonld", yamlcheck.DocRows(jsonldKeys)},
	} {
		got, ok := tableAfter(lines, tc.anchor)
		if !ok {
			t.Errorf("docs/CONFIG.md: no key table after %q", tc.anchor)
			continue
		}
		if !slices.Equal(got, tc.rows) {
			t.Errorf("docs/CONFIG.md, the table after %q:\n%s\nthe key table says:\n%s", tc.anchor, strings.Join(got, "\n"), strings.Join(tc.rows, "\n"))
		}
	}
}

// tableAfter returns the rows of the first key table (| key | type |
// default | meaning |) after the first line starting with anchor.
func tableAfter(lines []string, anchor string) ([]string, bool) {
	i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, anchor) })
	if i < 0 {
		return nil, false
	}
	j := slices.Index(lines[i:], "| key | type | default | meaning |")
	if j < 0 || i+j+1 >= len(lines) {
		return nil, false
	}
	var rows []string
	for _, l := range lines[i+j+2:] { // after the header and its |---| line
		if !strings.HasPrefix(l, "|") {
			break
		}
		rows = append(rows, l)
	}
	return rows, true
}
