package wikipipe

import (
	"bufio"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/internal/inputs"
	"github.com/wikipipe/wikipipe/report"
	"github.com/wikipipe/wikipipe/transform"
)

// A dump is read page-parallel: dispatch decompresses it and scans its XML
// (cheap, and on several goroutines for bzip2), and hands its pages out in
// chunks of about chunkBytes of text or chunkPages pages, each a job of its
// own in the sequencer's order, so every worker parses and transforms pages
// of the one dump and the output keeps dump order at any worker count.
const (
	chunkBytes = 1 << 20
	chunkPages = 256
)

// openDump opens in when it is a dump to read page-parallel: a file (not
// standard input) in the dump dialect, or sniffed as one when its name ends
// as a dump's may. It returns nil for any other input, which a worker reads
// whole.
func (r *run) openDump(in inputs.Input) (*os.File, *bufio.Reader) {
	if in.Path == inputs.Stdin || !mayBeDump(in) {
		return nil, nil
	}
	f, err := os.Open(in.Path)
	if err != nil {
		return nil, nil // the worker reports it, as for any input
	}
	var src io.Reader = f
	if r.opts.Progress != nil {
		src = progressReader{f, r.opts.Progress}
	}
	br := bufio.NewReaderSize(src, extract.SniffSize)
	if in.Format != extract.Dump {
		head, err := br.Peek(extract.SniffSize)
		if (err != nil && err != io.EOF && err != bufio.ErrBufferFull) || extract.Detect(head) != extract.Dump {
			f.Close()
			return nil, nil
		}
	}
	return f, br
}

// mayBeDump tells the inputs worth sniffing for a dump.
func mayBeDump(in inputs.Input) bool {
	switch in.Format {
	case extract.Dump:
		return true
	case extract.Auto, "":
		switch strings.ToLower(filepath.Ext(in.Path)) {
		case ".xml", ".bz2", ".gz":
			return true
		}
	}
	return false
}

// dispatchDump reads the dump in from f (through br), or the part of it
// that Options.Pages or Options.Shard select, and sends its chunks to the
// sequencer and the workers, then a last job with no pages that carries the
// dump's record. The dump's faults are located errors that fail the run
// after the chunks of every complete page before them.
func (r *run) dispatchDump(ctx context.Context, in inputs.Input, f *os.File, br *bufio.Reader, jobs, order chan<- *job) error {
	var src io.Reader = br
	pages := append(slices.Clone(r.opts.Pages), in.Pages...) // --page, and titles: on the input
	part, wait, err := r.partDump(ctx, in.Path, f, pages)
	if err != nil {
		return err
	}
	if part != nil {
		src = part
	}
	want := newPageFilter(pages)
	var chunk *job
	size := 0
	flush := func() error {
		j := chunk
		chunk, size = nil, 0
		if err := send(ctx, order, j); err != nil {
			return err
		}
		return send(ctx, jobs, j)
	}
	began := time.Now()
	var inYield time.Duration
	info, err := extract.ScanDumpInput(ctx, in.Path, src, r.opts.Workers, r.extractOptions(in), func(p *extract.Page) error {
		if !want.keep(p.Title()) {
			return nil
		}
		if chunk == nil {
			chunk = &job{input: in, chunk: true, articles: make(chan *transform.Article, jobBuffer)}
		}
		chunk.pages = append(chunk.pages, p)
		if size += p.Size(); size < chunkBytes && len(chunk.pages) < chunkPages {
			return nil
		}
		t := time.Now()
		defer func() { inYield += time.Since(t) }()
		return flush()
	})
	if wait != nil {
		if werr := wait(); werr != nil {
			err = werr // the part's own fault, which the XML read only saw as its end
		}
	}
	if err == nil && chunk != nil {
		err = flush()
	}
	if err == nil {
		err = want.missing(in.Path)
	}
	r.extractTime.Add(int64(time.Since(began) - inYield))
	if err != nil {
		return err
	}
	last := &job{input: in, articles: make(chan *transform.Article)}
	close(last.articles)
	last.inputs = []report.Input{{Path: in.Path, Dialect: info.Dialect, Bytes: info.Bytes, SHA256: info.SHA256, Stats: info.Stats}}
	last.notes = info.Diagnostics
	return send(ctx, order, last)
}

// doPages parses and transforms the pages of one chunk of a dump.
func (r *run) doPages(ctx context.Context, j *job) error {
	defer close(j.articles)
	pages := j.pages
	j.pages = nil // the chunk's text goes once its articles are made
	for _, p := range pages {
		t := time.Now()
		doc := p.Document(r.extractOptions(j.input))
		r.extractTime.Add(int64(time.Since(t)))
		if err := r.emit(ctx, j, doc); err != nil {
			return err
		}
	}
	return nil
}
