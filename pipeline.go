package wikipipe

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/export"
	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/internal/keyset"
	"github.com/wikipipe/wikipipe/transform"
)

// Channel sizes: together with the worker count they bound the memory of a run.
const (
	slotBuffer   = 16 // articles a worker may run ahead of the sequencer within one input
	formatBuffer = 64 // articles the sequencer may run ahead of each format's writer
)

// Options tune a run; the zero value runs with one worker per CPU.
type Options struct {
	Workers int
	// Strict fails the run (and commits nothing) when there are warnings.
	Strict bool
	// Progress, if set, follows the run.
	Progress Progress
	// Diagnostic, if set, receives every warning and error as the run meets
	// it, in input order, from one goroutine.
	Diagnostic func(diag.Diagnostic)
	// Stdin is read for the input "-"; os.Stdin if nil.
	Stdin io.Reader
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

// ErrStrict fails a run that met warnings under Options.Strict.
var ErrStrict = errors.New("warnings are errors under --strict: nothing was written")

// slot carries the articles of one input from its worker to the sequencer.
type slot struct {
	input    Input
	articles chan *transform.Article
	info     ReportInput // filled by the worker before it closes articles
}

// Run reads every input of cfg, extracts and transforms its documents and
// writes the datasets in cfg.Formats into cfg.Output. On success every output
// file, out/report.json included, is committed at once; on any error, or when
// ctx is cancelled, nothing is, and earlier outputs stay as they were. The
// report is returned in both cases.
func Run(ctx context.Context, cfg *Config, opts Options) (*Report, error) {
	start := time.Now()
	rep := &Report{
		Tool:    "wikipipe " + Version,
		Config:  ReportConfig{Path: cfg.Path, SHA256: cfg.Digest},
		Output:  cfg.Output,
		Formats: cfg.Formats,
		Timings: Timings{Export: map[string]float64{}},
	}
	if err := checkInputs(cfg.Inputs); err != nil {
		return rep, &UsageError{err}
	}
	tr, err := transform.New(cfg.Datasets)
	if err != nil {
		return rep, fmt.Errorf("%s: config: %w", cfg.Path, err)
	}
	schemas := tr.Schemas()
	for _, s := range schemas {
		rep.Datasets = append(rep.Datasets, ReportDataset{Name: s.Name})
	}
	out, err := export.NewOutput(cfg.Output, export.OutputOptions{})
	if err != nil {
		return rep, err
	}
	r := &run{cfg: cfg, opts: opts, tr: tr, rep: rep, out: out}
	if r.inputs, err = newSpillList(); err != nil {
		return rep, err
	}
	defer r.inputs.close()
	if r.diagnostics, err = newSpillList(); err != nil {
		return rep, err
	}
	defer r.diagnostics.close()
	if r.opts.Workers < 1 {
		r.opts.Workers = runtime.NumCPU()
	}
	if r.opts.Stdin == nil {
		r.opts.Stdin = os.Stdin
	}
	if opts.Progress != nil {
		opts.Progress.Start(totalSize(cfg.Inputs))
		defer opts.Progress.Finish()
	}
	err = r.execute(ctx, cfg.Inputs, schemas)
	if err == nil {
		err = ctx.Err() // an interrupt that came after the last article
	}
	if err == nil && opts.Strict && rep.Warnings > 0 {
		err = ErrStrict
	}
	rep.Timings.Total = seconds(time.Since(start))
	if err == nil {
		err = r.spillErr
	}
	if err == nil {
		err = rep.write(out, r.inputs, r.diagnostics)
	}
	if err == nil {
		err = out.Commit()
	}
	if err != nil {
		out.Abort()
		return rep, err
	}
	return rep, nil
}

// run is the state of one Run.
type run struct {
	cfg  *Config
	opts Options
	tr   *transform.Transformer
	rep  *Report
	out  *export.Output

	// The report's lists, spilled to temporary files; the first error
	// spilling them fails the run at its end.
	inputs, diagnostics *spillList
	spillErr            error

	extractTime, transformTime atomic.Int64 // nanoseconds, summed over workers
}

// execute runs the stages: a dispatcher handing inputs to the workers in
// order, the workers, the sequencer, and one writer per format.
func (r *run) execute(ctx context.Context, inputs []Input, schemas []transform.Schema) error {
	g, ctx := errgroup.WithContext(ctx)
	slots := make(chan *slot, 2*r.opts.Workers)
	jobs := make(chan *slot) // unbuffered, so workers take inputs in order
	g.Go(func() error {
		defer close(slots)
		defer close(jobs)
		err := eachInput(inputs, func(in Input) error {
			s := &slot{input: in, articles: make(chan *transform.Article, slotBuffer)}
			for _, ch := range []chan *slot{slots, jobs} {
				select {
				case ch <- s:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		})
		if err != nil && ctx.Err() == nil {
			return &UsageError{err}
		}
		return err
	})
	for range r.opts.Workers {
		g.Go(func() error {
			// One read buffer per worker: inputs are often a few KB each,
			// and a fresh 64 KB buffer per file was 40% of what a run allocated.
			br := bufio.NewReaderSize(nil, 64<<10)
			for s := range jobs {
				if err := r.process(ctx, s, br); err != nil {
					return err
				}
			}
			return nil
		})
	}

	var mu sync.Mutex // guards the report against the writers' warnings
	warn := func(d diag.Diagnostic) {
		mu.Lock()
		defer mu.Unlock()
		r.note(d)
	}
	formatChans := make([]chan *transform.Article, len(r.cfg.Formats))
	for i, f := range r.cfg.Formats {
		w, err := export.New(f, r.out, schemas, export.Options{CSV: r.cfg.CSV, Warn: warn})
		if err != nil {
			return &UsageError{err}
		}
		ch := make(chan *transform.Article, formatBuffer)
		formatChans[i] = ch
		var spent time.Duration
		g.Go(func() error {
			defer func() {
				mu.Lock()
				r.rep.Timings.Export[string(f)] = seconds(spent)
				mu.Unlock()
			}()
			for a := range ch {
				t := time.Now()
				if err := w.Write(a); err != nil {
					return fmt.Errorf("%s: export %s: %w", a.Doc.Source.Path, f, err)
				}
				spent += time.Since(t)
			}
			t := time.Now()
			defer func() { spent += time.Since(t) }()
			return w.Close()
		})
	}
	g.Go(func() error {
		defer func() {
			for _, ch := range formatChans {
				close(ch)
			}
		}()
		return r.sequence(ctx, slots, formatChans, &mu)
	})
	err := g.Wait()
	r.rep.Timings.Extract = seconds(time.Duration(r.extractTime.Load()))
	r.rep.Timings.Transform = seconds(time.Duration(r.transformTime.Load()))
	return err
}

// sequence takes the articles in input order, gives them unique IDs, records
// their diagnostics and row counts, and hands them to every format's writer.
func (r *run) sequence(ctx context.Context, slots <-chan *slot, formats []chan *transform.Article, mu *sync.Mutex) error {
	ids := &keyset.Set{}
	for s := range slots {
		for a := range receive(ctx, s.articles) {
			if ids.Has(a.ID) {
				r.rename(a, ids, mu)
			}
			ids.Add(a.ID)
			mu.Lock()
			for _, d := range a.Doc.Diagnostics {
				r.note(d)
			}
			for _, d := range a.Diagnostics {
				r.note(d)
			}
			for i, rows := range a.Rows {
				r.rep.Datasets[i].Rows += int64(len(rows))
			}
			r.rep.Articles++
			mu.Unlock()
			for _, ch := range formats {
				select {
				case ch <- a:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			if r.opts.Progress != nil {
				r.opts.Progress.Article()
			}
		}
		if err := ctx.Err(); err != nil {
			return err // the slot was closed by a worker that failed
		}
		mu.Lock()
		r.spill(r.inputs, s.info)
		mu.Unlock()
	}
	return nil
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

// rename makes a duplicate article ID unique by its first free suffix _2, _3….
func (r *run) rename(a *transform.Article, ids *keyset.Set, mu *sync.Mutex) {
	id := a.ID
	for n := 2; ids.Has(id); n++ {
		id = fmt.Sprintf("%s_%d", a.ID, n)
	}
	mu.Lock()
	r.note(diag.Diagnostic{File: a.Doc.Source.Path, Stage: diag.Transform, Severity: diag.Warning,
		Message: fmt.Sprintf("article id %q is taken by an earlier article; this one is %q", a.ID, id)})
	mu.Unlock()
	a.Rename(id)
}

// note records a diagnostic; the caller holds the lock.
func (r *run) note(d diag.Diagnostic) {
	r.spill(r.diagnostics, d)
	if d.Severity == diag.Error {
		r.rep.Errors++
	} else {
		r.rep.Warnings++
	}
	if r.opts.Diagnostic != nil {
		r.opts.Diagnostic(d)
	}
}

// spill adds v to a list of the report; the caller holds the lock.
func (r *run) spill(l *spillList, v any) {
	if err := l.add(v); err != nil && r.spillErr == nil {
		r.spillErr = err
	}
}

// process reads one input through br, extracts and transforms its
// documents, and sends the articles to the input's slot.
func (r *run) process(ctx context.Context, s *slot, br *bufio.Reader) error {
	defer close(s.articles)
	src, closeSrc, err := r.open(s.input.Path)
	if err != nil {
		return &UsageError{fmt.Errorf("%s: read: %w", s.input.Path, err)}
	}
	defer closeSrc()
	hashed := &countingReader{r: src, h: sha256.New(), progress: r.opts.Progress}
	br.Reset(hashed)
	defer br.Reset(nil) // let the file go
	dialect := s.input.Format
	if dialect == "" || dialect == extract.Auto {
		head, _ := br.Peek(64 << 10) // a short or failed peek is judged by what it got; Parse reports read errors
		dialect = extract.Detect(head)
	}
	began := time.Now()
	var inYield time.Duration
	stats, err := extract.Parse(s.input.Path, br, dialect, r.cfg.Extract, func(doc *extract.Document) error {
		t := time.Now()
		defer func() { inYield += time.Since(t) }()
		a, err := r.tr.Transform(doc)
		r.transformTime.Add(int64(time.Since(t)))
		if err != nil {
			return err
		}
		select {
		case s.articles <- a:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	r.extractTime.Add(int64(time.Since(began) - inYield))
	if err != nil {
		return err
	}
	if _, err := io.Copy(io.Discard, br); err != nil { // hash what the dialect did not need
		return fmt.Errorf("%s: read: %w", s.input.Path, err)
	}
	s.info = ReportInput{Path: s.input.Path, Dialect: dialect, Bytes: hashed.n, SHA256: hex.EncodeToString(hashed.h.Sum(nil)), Stats: stats}
	return nil
}

// open opens an input file, or standard input for "-".
func (r *run) open(path string) (io.Reader, func(), error) {
	if path == "-" {
		return r.opts.Stdin, func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, unwrapPathError(err)
	}
	return f, func() { f.Close() }, nil
}

// countingReader counts and hashes what is read through it.
type countingReader struct {
	r        io.Reader
	h        hash.Hash
	n        int64
	progress Progress
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	c.h.Write(p[:n])
	if c.progress != nil && n > 0 {
		c.progress.Read(n)
	}
	return n, err
}

// totalSize adds up the sizes of the input files, for the progress bar; -1
// if standard input is one.
func totalSize(inputs []Input) int64 {
	var total int64
	errStdin := errors.New("stdin")
	err := eachInput(inputs, func(in Input) error {
		if in.Path == "-" {
			return errStdin
		}
		if info, err := os.Stat(in.Path); err == nil {
			total += info.Size()
		}
		return nil
	})
	if errors.Is(err, errStdin) {
		return -1
	}
	return total
}
