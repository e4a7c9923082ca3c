// Package corpusgen builds large corpora for benchmarks by varying the seed
// article and the pages of testdata/corpus: article k is template k mod n
// with its title made unique, so that every article is a real one in shape
// and the corpus can be made as large as a measurement needs.
package corpusgen

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// Templates reads the text-dialect articles under dir (the seed and the pages).
func Templates(dir string) ([][]byte, error) {
	var paths []string
	for _, sub := range []string{"seed", "pages"} {
		m, err := filepath.Glob(filepath.Join(dir, sub, "*.txt"))
		if err != nil {
			return nil, err
		}
		paths = append(paths, m...)
	}
	sort.Strings(paths)
	var out [][]byte
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("corpusgen: %w", err)
		}
		out = append(out, b)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("corpusgen: no text articles under %s", dir)
	}
	return out, nil
}

// Article returns article k: template k mod len(templates) with " (k)"
// added to its title line.
func Article(templates [][]byte, k int) []byte {
	t := templates[k%len(templates)]
	line, rest, _ := bytes.Cut(t, []byte("\n"))
	line = bytes.TrimSuffix(bytes.TrimRight(line, " \r"), []byte(" ="))
	var b bytes.Buffer
	b.Grow(len(t) + 16)
	fmt.Fprintf(&b, "%s (%d) =\n", line, k)
	b.Write(rest)
	return b.Bytes()
}

// Write writes n articles into dir as a000000.txt, a000001.txt, … and
// returns their total size in bytes.
func Write(dir string, templates [][]byte, n int) (int64, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("corpusgen: %w", err)
	}
	var total int64
	for k := range n {
		b := Article(templates, k)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%06d.txt", k)), b, 0o644); err != nil {
			return total, fmt.Errorf("corpusgen: %w", err)
		}
		total += int64(len(b))
	}
	return total, nil
}
