package main

import (
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// stderrIsTerminal reports whether a person is watching standard error.
func stderrIsTerminal() bool { return term.IsTerminal(int(os.Stderr.Fd())) }

// progress is the progress bar of a run: bytes read of the total, rate, ETA,
// and the articles written so far.
type progress struct {
	w        io.Writer
	bar      *progressbar.ProgressBar
	articles atomic.Int64
}

func newProgress(w io.Writer) *progress { return &progress{w: w} }

func (p *progress) Start(total int64) {
	p.bar = progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetWidth(24),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetDescription("0 articles"),
		progressbar.OptionClearOnFinish(),
	)
}

func (p *progress) Read(n int) { p.bar.Add(n) }

func (p *progress) Article() {
	n := p.articles.Add(1)
	word := "articles"
	if n == 1 {
		word = "article"
	}
	p.bar.Describe(fmt.Sprintf("%d %s", n, word))
}

// Println prints a line of its own above the bar, which redraws itself on
// its next update.
func (p *progress) Println(line string) {
	if p.bar != nil {
		p.bar.Clear()
	}
	fmt.Fprintln(p.w, line)
}

func (p *progress) Finish() { p.bar.Finish() }
