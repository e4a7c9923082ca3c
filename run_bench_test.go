package wikipipe

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/wikipipe/wikipipe/config"
	"github.com/wikipipe/wikipipe/export"
	"github.com/wikipipe/wikipipe/extract"
)

// BenchmarkRunWikitextCSV is the run that issue 16 compares with
// wtf_wikipedia (scripts/bench-wtf.sh), in one process: the 71 wikitext
// articles of the corpus four times over, one worker, CSV only, with the
// default configuration.
func BenchmarkRunWikitextCSV(b *testing.B) {
	files, err := filepath.Glob(filepath.Join(corpus, "wikitext", "*.txt"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no wikitext corpus: %v", err)
	}
	in := b.TempDir()
	var size int64
	for _, copy := range []string{"1", "2", "3", "4"} {
		dir := filepath.Join(in, copy)
		if err := os.Mkdir(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		for _, f := range files {
			copyFile(b, f, filepath.Join(dir, filepath.Base(f)))
			st, err := os.Stat(f)
			if err != nil {
				b.Fatal(err)
			}
			size += st.Size()
		}
	}
	b.SetBytes(size)
	for b.Loop() {
		cfg, err := config.Parse("pipeline.yaml", []byte("version: 1\n"))
		if err != nil {
			b.Fatal(err)
		}
		cfg.Output = filepath.Join(b.TempDir(), "out")
		cfg.Inputs = []config.Input{{Path: in, Format: extract.Auto}}
		cfg.Formats = []export.Format{export.CSV}
		if _, err := Run(context.Background(), cfg, Options{Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
