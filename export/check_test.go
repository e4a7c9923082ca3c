package export

import (
	"testing"

	"github.com/wikipipe/wikipipe/transform"
)

// TestCheck covers every rule of Check.
func TestCheck(t *testing.T) {
	schemas := []transform.Schema{{Name: "t", Columns: []transform.Column{
		{Name: "article_id", Type: transform.String},
		{Name: "n", Type: transform.Int, Nullable: true},
		{Name: "y", Type: transform.Year, Nullable: true},
		{Name: "x", Type: transform.Percent, Nullable: true},
		{Name: "b", Type: transform.Bool, Nullable: true},
		{Name: "d", Type: transform.Date, Nullable: true},
	}}}
	row := func(v ...transform.Value) [][]transform.Row { return [][]transform.Row{{v}} }
	for _, tc := range []struct {
		name string
		rows [][]transform.Row
		want string // "" for no error
	}{
		{"good", row("a", int64(1), int64(-44), 0.5, true, date(2000, 2, 29)), ""},
		{"nulls", row("a", nil, nil, nil, nil, nil), ""},
		{"no rows", nil, ""},
		{"extra datasets", make([][]transform.Row, 2), "export: article a has rows for 2 datasets, the run has 1"},
		{"short row", row("a"), "export: t: row 1 of article a has 1 values for 6 columns"},
		{"null not nullable", row(nil, nil, nil, nil, nil, nil), "export: t.article_id, row 1 of article a: null in a column that is not nullable"},
		{"int kind", row("a", 1, nil, nil, nil, nil), "export: t.n, row 1 of article a: a column of type int holds int 1"},
		{"float in year", row("a", nil, 1.0, nil, nil, nil), "export: t.y, row 1 of article a: a column of type year holds float64 1"},
		{"string in percent", row("a", nil, nil, "53%", nil, nil), "export: t.x, row 1 of article a: a column of type percent holds string 53%"},
		{"int in bool", row("a", nil, nil, nil, int64(1), nil), "export: t.b, row 1 of article a: a column of type bool holds int64 1"},
		{"string in date", row("a", nil, nil, nil, nil, "1994"), "export: t.d, row 1 of article a: a column of type date holds string 1994"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(&transform.Article{ID: "a", Rows: tc.rows}, schemas)
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || err.Error() != tc.want) {
				t.Errorf("Check: %v, want %q", err, tc.want)
			}
		})
	}
}
