package extract_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/wikipipe/wikipipe/extract"
)

// Parse reads one input and calls yield for each article in it: a wikitext
// file is one article, titled after its file name.
func ExampleParse() {
	const wikitext = `{{Infobox river
| name   = Ruhr
| length = 219 km
}}
The '''Ruhr''' is a river in [[Germany]].

== Tributaries ==
{| class="wikitable"
! Name !! Length
|-
| Lenne || 129 km
|-
| Volme || 50 km
|}
`
	_, err := extract.Parse("Ruhr_(river).wiki", strings.NewReader(wikitext), extract.Wikitext, extract.Options{}, func(doc *extract.Document) error {
		fmt.Println("title:", doc.Title)
		for _, box := range doc.Infoboxes {
			for _, f := range box.Fields {
				fmt.Printf("infobox %s: %s = %s\n", box.Name, f.Key, f.Value)
			}
		}
		fmt.Println("lead:", doc.Sections[0].Blocks[0].Paragraph.Text)
		for _, s := range doc.Sections[1:] {
			fmt.Println("section:", s.Heading)
			for _, b := range s.Blocks {
				if b.Table == nil {
					continue
				}
				for _, row := range b.Table.Body {
					fmt.Printf("  row at line %d: %s, %s\n", row.Pos.Line, row.Cells[0].Text, row.Cells[1].Text)
				}
			}
		}
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// title: Ruhr (river)
	// infobox Infobox river: name = Ruhr
	// infobox Infobox river: length = 219 km
	// lead: The Ruhr is a river in Germany.
	// section: Tributaries
	//   row at line 10: Lenne, 129 km
	//   row at line 12: Volme, 50 km
}
