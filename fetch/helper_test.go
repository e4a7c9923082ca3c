package fetch

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/wikipipe/wikipipe/fetch/fetchtest"
)

// fakeWiki is a fetchtest.Wiki that makes Sources.
type fakeWiki struct{ *fetchtest.Wiki }

func newFakeWiki(t testing.TB) fakeWiki { return fakeWiki{fetchtest.NewWiki(t)} }

func (w fakeWiki) source(titles ...string) Source {
	return Source{Wiki: w.Host(), Scheme: "http", Titles: titles}
}

// corpus reads a testdata article.
func corpus(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
