package fetch_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/wikipipe/wikipipe/fetch"
)

// The pipeline's fetch stage: read the lock beside pipeline.yaml, stream the
// pages, and save the lock only after the whole run has succeeded.
func Example() {
	dir := "."
	lock, err := fetch.LoadLock(filepath.Join(dir, fetch.LockName))
	if err != nil {
		log.Fatal(err) // wikipipe.lock:LINE:COL: lock: ...
	}
	cache, err := fetch.OpenCache("") // os.UserCacheDir()/wikipipe
	if err != nil {
		log.Fatal(err)
	}
	mode := fetch.Pinned // --locked: fetch.Locked, --update: fetch.Update
	f, err := fetch.New(fetch.Options{
		Version: "0.1.0",
		Contact: "you@example.org",
		Warn:    func(msg string) { fmt.Fprintln(os.Stderr, msg) },
		Mode:    mode,
		Lock:    lock,
		Cache:   cache,
		Offline: false, // --offline
	})
	if err != nil {
		log.Fatal(err)
	}
	page, err := fetch.ParseURL("https://en.wikipedia.org/wiki/Goryeo_ware")
	if err != nil {
		log.Fatal(err)
	}
	sources := []fetch.Source{
		page,
		{Wiki: "en.wikipedia.org", Titles: []string{"Royal Cinema"}, Format: fetch.HTML},
		{Wiki: "en.wikipedia.org", Category: "Korean pottery", Depth: 1},
	}
	err = f.Fetch(context.Background(), sources, func(p *fetch.Page) error {
		// Hand p.Content (p.Format) to the extractor, with p.Title, p.RevID,
		// p.URL, p.Lang and p.WikidataItem as the article's identity.
		fmt.Println(p.Title, p.RevID, p.URL)
		return nil
	})
	if err != nil {
		log.Fatal(err) // the lock stays as it was
	}
	// ... the outputs are committed ...
	if mode != fetch.Locked {
		if _, err := fetch.SaveLock(filepath.Join(dir, fetch.LockName), f.Lock()); err != nil {
			log.Fatal(err)
		}
	}
}
