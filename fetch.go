package wikipipe

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/wikipipe/wikipipe/config"
	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/fetch"
	"github.com/wikipipe/wikipipe/internal/inputs"
	"github.com/wikipipe/wikipipe/report"
)

// FetchOptions configure the inputs read from a wiki (config.Input.Fetch);
// the contact for the User-Agent is config.Config.Contact.
type FetchOptions struct {
	// Mode is fetch.Pinned by default; fetch.Locked for --locked,
	// fetch.Update for --update.
	Mode fetch.Mode
	// Offline forbids every request (--offline).
	Offline bool
	// CacheDir holds the fetched revisions; "" is os.UserCacheDir()/wikipipe.
	CacheDir string
}

// part is a stretch of a run's inputs that dispatch turns into jobs: files
// (a job each), or the fetch inputs between two file inputs (one job, whose
// titles fetch still asks for 50 a request). Each part's files are read
// once; a file named in two parts is read twice (its second article's ID
// made unique, with a warning, as for any two articles of one title).
type part struct {
	files   []inputs.Input
	sources []fetch.Source
}

// fetching is the fetch stage's state: one Fetcher for the run, used by one
// job at a time, in job order; and where the lock lives.
type fetching struct {
	f        *fetch.Fetcher
	mode     fetch.Mode
	lockPath string
	// job is the job using f, which keeps the warnings of its Fetch for
	// the sequencer to note in input order; nil before the first.
	job *job
}

// plan splits the inputs of cfg into parts, reading the titles_from files.
func plan(cfg *config.Config) ([]part, error) {
	var parts []part
	for _, in := range cfg.Inputs {
		last := len(parts) - 1
		if in.Fetch == nil {
			if last < 0 || parts[last].sources != nil {
				parts, last = append(parts, part{}), last+1
			}
			pages := in.Pages
			if in.PagesFrom != "" {
				titles, err := fetch.ReadTitlesFile(in.PagesFrom)
				if err != nil {
					return nil, err
				}
				pages = append(slices.Clone(pages), titles...)
			}
			parts[last].files = append(parts[last].files, inputs.Input{Path: in.Path, Format: in.Format, Wiki: in.Wiki, Title: in.Title, Pages: pages})
			continue
		}
		src := in.Fetch.Source
		if in.Fetch.TitlesFrom != "" {
			titles, err := fetch.ReadTitlesFile(in.Fetch.TitlesFrom)
			if err != nil {
				return nil, err
			}
			src.Titles = append(src.Titles, titles...)
		}
		if last < 0 || parts[last].files != nil {
			parts, last = append(parts, part{}), last+1
		}
		parts[last].sources = append(parts[last].sources, src)
	}
	for i := range parts {
		if parts[i].sources != nil {
			parts[i].sources = fetch.MergeSources(parts[i].sources)
		}
	}
	return parts, nil
}

// newFetching opens the lock and the cache of a run that fetches. Its
// warnings (no contact set) are the run's.
func newFetching(cfg *config.Config, o FetchOptions, t *report.Tally) (*fetching, error) {
	lockPath := fetch.LockName // in the current folder when there is no pipeline file
	if cfg.Path != "" {
		lockPath = filepath.Join(filepath.Dir(cfg.Path), fetch.LockName)
	}
	lock, err := fetch.LoadLock(lockPath)
	if err != nil {
		return nil, err
	}
	cache, err := fetch.OpenCache(o.CacheDir)
	if err != nil {
		return nil, err
	}
	where := cfg.Path
	if where == "" {
		where = "wikipipe"
	}
	fx := &fetching{mode: o.Mode, lockPath: lockPath}
	fx.f, err = fetch.New(fetch.Options{
		Version: Version, Contact: cfg.Contact, Mode: o.Mode, Lock: lock, Cache: cache,
		Offline: o.Offline,
		Warn: func(msg string) {
			code := diag.FetchDuplicate // the only other warning fetch gives
			if msg == fetch.NoContactWarning {
				code = diag.FetchNoContact
			}
			msg = strings.TrimPrefix(strings.TrimPrefix(msg, "fetch: "), "fetch ")
			d := diag.Diagnostic{File: where, Stage: diag.Fetch, Severity: diag.Warning, Code: code, Message: msg}
			if fx.job == nil {
				t.Note(d) // from fetch.New: the run's first diagnostic
				return
			}
			fx.job.notes = append(fx.job.notes, d)
		},
	})
	if err != nil {
		return nil, err
	}
	return fx, nil
}

// doFetch is a fetch job: it waits for the fetch job before it, then reads
// the job's pages in order, each extracted and transformed as it comes.
// Pages are parsed here, one after another, rather than by several workers:
// they arrive one request at a time anyway, 50 at most a request.
func (r *run) doFetch(ctx context.Context, j *job) error {
	defer close(j.articles)
	defer close(j.done)
	if j.turn != nil {
		select {
		case <-j.turn:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	r.fetch.job = j
	return r.fetch.f.Fetch(ctx, j.sources, func(p *fetch.Page) error {
		if r.opts.Progress != nil {
			r.opts.Progress.Read(len(p.Content))
		}
		began := time.Now()
		doc := p.Document(r.cfg.Extract)
		r.extractTime.Add(int64(time.Since(began)))
		j.inputs = append(j.inputs, pageInput(p, doc))
		return r.emit(ctx, j, doc)
	})
}

// pageInput is the report's entry of a fetched page: the redirect or
// normalisation that led to it is its requested title.
func pageInput(p *fetch.Page, doc *extract.Document) report.Input {
	in := report.Input{Path: p.URL, Dialect: doc.Source.Dialect, Bytes: int64(len(p.Content)), SHA256: p.SHA256,
		Page: &report.Page{Wiki: p.Wiki, Title: p.Title, PageID: p.PageID, Revision: p.RevID}}
	in.Documents = 1
	if p.Redirected() {
		in.Page.Requested = p.RequestedTitle
	}
	return in
}

// saveLock writes the lock of a run that fetched, once its outputs are
// committed: a run that failed leaves the lock as it was, and a locked run
// never changes it.
func (r *run) saveLock() error {
	if r.fetch == nil || r.fetch.mode == fetch.Locked {
		return nil
	}
	if _, err := fetch.SaveLock(r.fetch.lockPath, r.fetch.f.Lock()); err != nil {
		return fmt.Errorf("%s: %w", r.fetch.lockPath, err)
	}
	return nil
}
