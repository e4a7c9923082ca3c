package transform_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/transform"
)

// A declared dataset takes one row per body row of the tables it selects,
// its columns typed, located in the input; Transform returns the rows of
// every dataset, the core ones first.
func Example() {
	const wikitext = `The '''Ruhr''' is a river in [[Germany]].

== Tributaries ==
{| class="wikitable"
! Name !! Length (km)
|-
| Lenne || 129
|-
| Volme || 50
|}
`
	tr, err := transform.New([]transform.DatasetSpec{{
		Name:  "tributaries",
		Table: &transform.TableSource{Section: &transform.Matcher{Exact: "Tributaries"}},
		Columns: []transform.ColumnSpec{
			{Name: "name", From: "Name"},
			{Name: "length_km", From: "Length (km)", Type: transform.Int},
		},
	}})
	if err != nil {
		log.Fatal(err)
	}
	_, err = extract.Parse("Ruhr.wiki", strings.NewReader(wikitext), extract.Wikitext, extract.Options{}, func(doc *extract.Document) error {
		a, err := tr.Transform(doc)
		if err != nil {
			return err
		}
		fmt.Println("article:", a.ID)
		for i, s := range tr.Schemas() {
			if s.Name != "tributaries" {
				continue // the core datasets: articles, infobox, sections…
			}
			for _, row := range a.Rows[i] {
				var cells []string
				for j, c := range s.Columns {
					cells = append(cells, fmt.Sprintf("%s=%v", c.Name, row[j]))
				}
				fmt.Println(strings.Join(cells, " "))
			}
		}
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// article: Ruhr
	// article_id=Ruhr name=Lenne length_km=129 source_line=6 source_col=1
	// article_id=Ruhr name=Volme length_km=50 source_line=8 source_col=1
}
