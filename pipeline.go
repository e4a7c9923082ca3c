package wikipipe

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/wikipipe/wikipipe/config"
	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/export"
	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/fetch"
	"github.com/wikipipe/wikipipe/internal/inputs"
	"github.com/wikipipe/wikipipe/internal/keyset"
	"github.com/wikipipe/wikipipe/report"
	"github.com/wikipipe/wikipipe/transform"
)

// Channel sizes: together with the worker count they bound the memory of a run.
const (
	jobBuffer    = 16 // articles a worker may run ahead of the sequencer within one job
	formatBuffer = 64 // articles the sequencer may run ahead of each format's writer
)

// Options tune a run; the zero value runs with one worker per CPU.
type Options struct {
	Workers int
	// Strict fails the run (and commits nothing) when there are warnings
	// whose codes the config's StrictAllow does not name.
	Strict bool
	// Progress, if set, follows the run.
	Progress Progress
	// Diagnostic, if set, receives every warning and error as the run meets
	// it, in input order, from one goroutine.
	Diagnostic func(diag.Diagnostic)
	// Force lets the run take an output folder that holds files but no
	// marker of an earlier run (export.OutputOptions.Force).
	Force bool
	// Stdin is read for the input "-"; os.Stdin if nil.
	Stdin io.Reader
	// Fetch configures the inputs read from a wiki.
	Fetch FetchOptions
	// Pages, if set, are the titles read of a dump (dumpsel.go): through
	// its multistream index (Index, else the one beside the dump) when
	// there is one, else filtered while streaming.
	Pages []string
	Index string
	Shard Shard // the part of the inputs this run reads
}

// Progress follows a run. Read may be called from several goroutines.
type Progress interface {
	Start(totalBytes int64) // -1 when the size is unknown (standard input)
	Read(n int)             // n more input bytes read
	Article()               // one more article written
	Finish()
}

// UsageError is a mistake in how the run was asked for: an input that does
// not exist, an unknown format. The CLI exits 2 for it.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Run reads every input of cfg, extracts and transforms its documents and
// writes the datasets in cfg.Formats into cfg.Output. On success every output
// file, out/report.json included, is committed at once; on any error, or when
// ctx is cancelled, nothing is, and earlier outputs stay as they were. The
// report is returned in both cases.
func Run(ctx context.Context, cfg *config.Config, opts Options) (rep *report.Report, err error) {
	start := time.Now()
	rep = report.New("wikipipe "+Version, cfg)
	r, err := newRun(cfg, opts, rep)
	if err != nil {
		return rep, err
	}
	defer r.tally.Close()
	defer func() {
		if err != nil {
			r.out.Abort()
		}
	}()
	if opts.Progress != nil {
		opts.Progress.Start(r.totalSize())
		defer opts.Progress.Finish()
	}
	err = r.execute(ctx)
	rep.Timings.Total = report.Seconds(time.Since(start))
	if err != nil {
		return rep, err
	}
	if err := r.commit(ctx); err != nil {
		return rep, err
	}
	return rep, r.saveLock()
}

// run is the state of one Run that its stages share.
type run struct {
	cfg     *config.Config
	opts    Options
	inputs  []inputs.Input // the file inputs
	parts   []part         // the inputs in order: files and fetch sources
	fetch   *fetching      // nil when no input is fetched
	tr      *transform.Transformer
	schemas []transform.Schema // the schemas of tr, which every article's rows must fit
	out     *export.Output
	tally   *report.Tally

	extractTime, transformTime atomic.Int64 // nanoseconds, summed over workers
}

// newRun checks the inputs and the datasets of cfg and opens the output.
func newRun(cfg *config.Config, opts Options, rep *report.Report) (*run, error) {
	r := &run{cfg: cfg, opts: opts}
	var err error
	if r.parts, err = plan(cfg); err != nil {
		return nil, &UsageError{err}
	}
	hasFetch := false
	for _, p := range r.parts {
		r.inputs = append(r.inputs, p.files...)
		hasFetch = hasFetch || p.sources != nil
	}
	if len(r.inputs) > 0 || !hasFetch {
		if err := inputs.Check(r.inputs); err != nil {
			return nil, &UsageError{err}
		}
	}
	if r.tr, err = transform.New(cfg.Datasets); err != nil {
		return nil, &UsageError{fmt.Errorf("%s: config: %w", cfg.Path, err)}
	}
	r.schemas = r.tr.Schemas()
	for _, s := range r.schemas {
		rep.Datasets = append(rep.Datasets, report.Dataset{Name: s.Name})
	}
	if r.tally, err = report.NewTally(rep, opts.Diagnostic, cfg.StrictAllow); err != nil {
		return nil, err
	}
	if r.out, err = export.NewOutput(cfg.Output, export.OutputOptions{Force: opts.Force}); err != nil {
		r.tally.Close()
		return nil, err
	}
	if hasFetch {
		if r.fetch, err = newFetching(cfg, opts.Fetch, r.tally); err != nil {
			r.tally.Close()
			return nil, &UsageError{err}
		}
	}
	if r.opts.Workers < 1 {
		r.opts.Workers = runtime.NumCPU()
	}
	if r.opts.Stdin == nil {
		r.opts.Stdin = os.Stdin
	}
	return r, nil
}

// job is one unit of work for a worker: one input file, read whole, or the
// fetch sources of a part. The sequencer takes the jobs in the order
// dispatch made them and drains each job's articles before the next job's,
// so a job is whatever needs a place of its own in that order.
type job struct {
	input    inputs.Input
	articles chan *transform.Article
	inputs   []report.Input  // filled by the worker before it closes articles
	notes    diag.List       // the job's diagnostics that are not an article's, likewise
	pages    []*extract.Page // the pages of one chunk of a dump (dumpjob.go)
	chunk    bool            // a chunk of a dump, whose record comes with its last job

	// A fetch job reads sources once the fetch job before it is done
	// (turn closed; nil for the first), and closes done when it is, so that
	// the Fetcher serves the jobs one at a time in the sequencer's order.
	sources    []fetch.Source
	turn, done chan struct{}
}

// execute runs the stages: dispatch, the workers, the sequencer and one
// writer per format. The first error cancels the others.
func (r *run) execute(ctx context.Context) error {
	writers, err := r.writers()
	if err != nil {
		return err
	}
	g, ctx := errgroup.WithContext(ctx)
	jobs := make(chan *job) // unbuffered, so that workers take the jobs in order
	order := make(chan *job, 2*r.opts.Workers)
	g.Go(func() error { return r.dispatch(ctx, jobs, order) })
	for range r.opts.Workers {
		g.Go(func() error { return r.work(ctx, jobs) })
	}
	for _, w := range writers {
		g.Go(func() error { return w.write(r.tally) })
	}
	seq := &sequencer{tally: r.tally, writers: writers, progress: r.opts.Progress}
	g.Go(func() error { return seq.sequence(ctx, order) })
	err = g.Wait()
	r.tally.WorkTimes(time.Duration(r.extractTime.Load()), time.Duration(r.transformTime.Load()))
	return err
}

// dispatch makes one job per input file, in input order, and hands it to the
// sequencer and then to the next free worker.
func (r *run) dispatch(ctx context.Context, jobs, order chan<- *job) error {
	defer close(order)
	defer close(jobs)
	hand := func(j *job) error {
		if err := send(ctx, order, j); err != nil {
			return err
		}
		return send(ctx, jobs, j)
	}
	shard, err := r.newShardList()
	if err != nil {
		return &UsageError{err}
	}
	var dumpErr error // a dump's fault, not a usage error
	var turn chan struct{}
	for _, p := range r.parts {
		if p.sources != nil {
			j := &job{sources: p.sources, turn: turn, done: make(chan struct{}), articles: make(chan *transform.Article, jobBuffer)}
			turn = j.done
			if err := hand(j); err != nil {
				return err
			}
			continue
		}
		err := inputs.Each(p.files, func(in inputs.Input) error {
			if !shard.take(in) {
				return nil
			}
			if f, br := r.openDump(in); f != nil {
				defer f.Close()
				dumpErr = r.dispatchDump(ctx, in, f, br, jobs, order)
				return dumpErr
			}
			if len(in.Pages) > 0 {
				dumpErr = &UsageError{fmt.Errorf("%s: read: titles select the pages of a dump, and this input is not one", in.Path)}
				return dumpErr
			}
			return hand(&job{input: in, articles: make(chan *transform.Article, jobBuffer)})
		})
		switch {
		case dumpErr != nil:
			return dumpErr
		case errors.Is(err, inputs.ErrNone) && r.fetch != nil:
			// the fetched pages are the run's articles
		case err != nil && ctx.Err() == nil:
			return &UsageError{err}
		case err != nil:
			return err
		}
	}
	return nil
}

// work is one worker: it does the jobs it takes, one after another.
func (r *run) work(ctx context.Context, jobs <-chan *job) error {
	// One read buffer per worker, of the size extract.Parse reads through
	// so that it takes this one: inputs are often a few KB each, and a
	// fresh 64 KB buffer per file was 40% of what a run allocated.
	br := bufio.NewReaderSize(nil, extract.SniffSize)
	for j := range jobs {
		do := func() error { return r.do(ctx, j, br) }
		switch {
		case j.sources != nil:
			do = func() error { return r.doFetch(ctx, j) }
		case j.chunk:
			do = func() error { return r.doPages(ctx, j) }
		}
		if err := do(); err != nil {
			return err
		}
	}
	return nil
}

// do reads one job's input through br, extracts and transforms its
// documents, and sends the articles to the job's channel, which it closes.
func (r *run) do(ctx context.Context, j *job, br *bufio.Reader) error {
	defer close(j.articles)
	if j.input.Special != "" {
		j.notes = diag.List{j.input.Skipped()}
		return nil
	}
	f, err := inputs.Open(ctx, j.input.Path, r.opts.Stdin)
	if err != nil {
		return fmt.Errorf("%s: read: %w", j.input.Path, err)
	}
	defer f.Close()
	var src io.Reader = f
	if r.opts.Progress != nil {
		src = progressReader{f, r.opts.Progress}
	}
	br.Reset(src)
	defer br.Reset(nil) // let the file go
	began := time.Now()
	var inYield time.Duration
	in, err := extract.Parse(j.input.Path, br, j.input.Format, r.extractOptions(j.input), func(doc *extract.Document) error {
		t := time.Now()
		defer func() { inYield += time.Since(t) }()
		return r.emit(ctx, j, doc)
	})
	r.extractTime.Add(int64(time.Since(began) - inYield))
	if err != nil {
		return err
	}
	j.inputs = []report.Input{{Path: j.input.Path, Dialect: in.Dialect, Bytes: in.Bytes, SHA256: in.SHA256, Stats: in.Stats}}
	j.notes = append(j.notes, in.Diagnostics...)
	return nil
}

// extractOptions are the run's extract options with the wiki and title
// that input in gives its articles.
func (r *run) extractOptions(in inputs.Input) extract.Options {
	o := r.cfg.Extract
	o.Wiki, o.Title = in.Wiki, in.Title
	return o
}

// emit transforms one document of job j and sends the article on.
func (r *run) emit(ctx context.Context, j *job, doc *extract.Document) error {
	t := time.Now()
	a, err := r.tr.Transform(doc)
	r.transformTime.Add(int64(time.Since(t)))
	if err != nil {
		return err
	}
	if err := export.Check(a, r.schemas); err != nil {
		return fmt.Errorf("%s: %w", doc.Source.Path, err)
	}
	return send(ctx, j.articles, a)
}

// totalSize is the size of the inputs for a progress bar: -1 when pages
// are fetched, whose size is known only as they come.
func (r *run) totalSize() int64 {
	if r.fetch != nil {
		return -1
	}
	return inputs.TotalSize(r.inputs)
}

// sequencer is the sequence stage: it takes the articles in input order,
// gives them unique IDs, tallies them and hands them to every writer.
type sequencer struct {
	tally    *report.Tally
	writers  []*writer
	progress Progress
	ids      keyset.Set
}

// sequence drains the jobs in the order dispatch made them; it closes the
// writers' channels when it ends.
func (s *sequencer) sequence(ctx context.Context, order <-chan *job) error {
	defer func() {
		for _, w := range s.writers {
			close(w.articles)
		}
	}()
	for j := range order {
		for a := range receive(ctx, j.articles) {
			if err := s.article(ctx, a); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			return err // the job's channel was closed by a worker that failed
		}
		for _, d := range j.notes {
			s.tally.Note(d)
		}
		for _, in := range j.inputs {
			s.tally.Input(in)
		}
	}
	return nil
}

// article passes on one article.
func (s *sequencer) article(ctx context.Context, a *transform.Article) error {
	if s.ids.Has(a.ID) {
		s.rename(a)
	}
	s.ids.Add(a.ID)
	s.tally.Article(a)
	for _, w := range s.writers {
		if err := send(ctx, w.articles, a); err != nil {
			return err
		}
	}
	if s.progress != nil {
		s.progress.Article()
	}
	return nil
}

// rename makes a duplicate article ID unique by its first free suffix _2, _3….
func (s *sequencer) rename(a *transform.Article) {
	id := a.ID
	for n := 2; s.ids.Has(id); n++ {
		id = fmt.Sprintf("%s_%d", a.ID, n)
	}
	s.tally.Note(diag.Diagnostic{File: a.Doc.Source.Path, Stage: diag.Transform, Severity: diag.Warning, Code: diag.DuplicateID,
		Message: fmt.Sprintf("article id %q is taken by an earlier article; this one is %q", a.ID, id)})
	a.Rename(id)
}

// writer is the write stage of one format.
type writer struct {
	format   export.Format
	w        export.Writer
	articles chan *transform.Article
}

// writers makes the writer of every format of the run.
func (r *run) writers() ([]*writer, error) {
	ws := make([]*writer, len(r.cfg.Formats))
	for i, f := range r.cfg.Formats {
		w, err := export.New(f, r.out, r.schemas, export.Options{CSV: r.cfg.CSV, Warn: r.tally.Note})
		if err != nil {
			return nil, err
		}
		ws[i] = &writer{format: f, w: w, articles: make(chan *transform.Article, formatBuffer)}
	}
	return ws, nil
}

// write writes every article the sequencer sends, closes the format's files
// and tallies the time it spent.
func (w *writer) write(t *report.Tally) error {
	var spent time.Duration
	defer func() { t.ExportTime(w.format, spent) }()
	for a := range w.articles {
		began := time.Now()
		if err := w.w.Write(a); err != nil {
			return fmt.Errorf("export: %s: %w", w.format, err)
		}
		spent += time.Since(began)
	}
	began := time.Now()
	defer func() { spent += time.Since(began) }()
	return w.w.Close()
}

// commit ends a run whose stages all succeeded: it fails it for an interrupt
// that came after the last article or for warnings under Strict, and
// otherwise stages report.json and renames every output into place.
func (r *run) commit(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if r.opts.Strict {
		if err := r.tally.StrictError(); err != nil {
			return err
		}
	}
	if err := r.tally.Write(r.out); err != nil {
		return err
	}
	return r.out.Commit()
}

// send sends v on ch unless ctx ends first.
func send[T any](ctx context.Context, ch chan<- T, v T) error {
	select {
	case ch <- v:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// receive yields the values of ch until it closes or ctx ends.
func receive[T any](ctx context.Context, ch <-chan T) func(func(T) bool) {
	return func(yield func(T) bool) {
		for {
			select {
			case v, ok := <-ch:
				if !ok || !yield(v) {
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}
}

// progressReader tells a Progress of the bytes read through it.
type progressReader struct {
	r io.Reader
	p Progress
}

func (p progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.p.Read(n)
	}
	return n, err
}
