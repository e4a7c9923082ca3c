package wikipipe_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/wikipipe/wikipipe"
	"github.com/wikipipe/wikipipe/config"
)

// Run reads the inputs of a pipeline and writes its datasets; here the seed
// article, as CSV only, into a temporary folder.
func ExampleRun() {
	dir, err := os.MkdirTemp("", "wikipipe-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	pipeline := fmt.Sprintf(`version: 1
inputs: [{path: %q}]
output: %q
formats: [csv]
`, filepath.Join("testdata", "corpus", "seed", "azerbaijan-united-states-relations.txt"), filepath.Join(dir, "out"))
	cfg, err := config.Parse(filepath.Join(".", "pipeline.yaml"), []byte(pipeline))
	if err != nil {
		log.Fatal(err)
	}
	rep, err := wikipipe.Run(context.Background(), cfg, wikipipe.Options{Workers: 2})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rep.Articles, "article,", rep.Rows(), "rows,", rep.Warnings, "warnings")
	for _, d := range rep.Datasets {
		fmt.Printf("%s: %d rows\n", d.Name, d.Rows)
	}
	// Output:
	// 1 article, 98 rows, 0 warnings
	// articles: 1 rows
	// infobox: 10 rows
	// sections: 12 rows
	// tables: 1 rows
	// table_cells: 64 rows
	// list_items: 10 rows
}
