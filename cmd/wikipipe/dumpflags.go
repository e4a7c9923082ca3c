package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/wikipipe/wikipipe"
)

// dumpFlags adds the options that read a part of a dump.
func dumpFlags(fs *flagSet, o *runOptions) {
	fs.repeatVar(&o.pages, "", "page", "T", "read only the page titled T of a dump (repeatable); through its\nmultistream index when there is one")
	fs.stringVar(&o.pagesFrom, "", "pages-from", "", "FILE", "read only the pages titled in FILE, one title a line")
	fs.stringVar(&o.index, "", "index", "", "FILE", "the multistream index of the dump (default: X-multistream-index.txt.bz2\nbeside X-multistream.xml.bz2)")
	fs.stringVar(&o.shard, "", "shard", "", "K/N", "read the K-th (from 0) of N parts: of each bzip2 dump's streams,\nand of the other inputs")
}

// dumpOptions puts the dump options into opts.
func (o *runOptions) dumpOptions(opts *wikipipe.Options) error {
	for _, t := range o.pages {
		if strings.TrimSpace(t) == "" {
			return fmt.Errorf("--page %q: want a title", t)
		}
	}
	opts.Pages, opts.Index = o.pages, o.index
	if o.pagesFrom != "" {
		titles, err := readTitles(o.pagesFrom)
		if err != nil {
			return fmt.Errorf("--pages-from: %w", err)
		}
		opts.Pages = append(opts.Pages, titles...)
	}
	if o.shard != "" {
		sh, err := wikipipe.ParseShard(o.shard)
		if err != nil {
			return fmt.Errorf("--shard: %w", err)
		}
		opts.Shard = sh
	}
	return nil
}

// readTitles reads one title a line, skipping blank lines.
func readTitles(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var titles []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if t := strings.TrimSpace(sc.Text()); t != "" {
			titles = append(titles, t)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return titles, nil
}
