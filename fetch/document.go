package fetch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/wikipipe/wikipipe/extract"
)

// Document reads the page into a Document that carries its identity on the
// wiki: its real title, wiki, page ID, Wikidata item and revision. Its
// Source.Path, which locates its messages, is the page's URL.
func (p *Page) Document(opts extract.Options) *extract.Document {
	var doc *extract.Document
	if p.Format == HTML {
		doc = extract.ParseHTML(p.URL, p.Content, opts)
	} else {
		doc = extract.ParseWikitextPage(p.URL, p.Title, p.Content, opts)
	}
	doc.Title = p.Title
	doc.Wiki = extract.Wiki{Host: p.Wiki, Language: p.Lang}
	doc.PageID, doc.WikidataItem = p.PageID, p.WikidataItem
	doc.Revision = &extract.Revision{ID: p.RevID, Timestamp: p.Timestamp.UTC().Format(time.RFC3339)}
	return doc
}

// ReadTitlesFile reads the titles_from file at path (ReadTitles).
func ReadTitlesFile(path string) ([]string, error) {
	f, err := os.Open(path)
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		err = pathErr.Err // the message names the path already
	}
	if err != nil {
		return nil, fmt.Errorf("%s: read: %w", path, err)
	}
	defer f.Close()
	return ReadTitles(f, path)
}
