package main

import (
	"context"
	"io"
	"sync"
)

// stdinChunk is how much one read of standard input asks for.
const stdinChunk = 64 << 10

// cancelReader reads src in a goroutine of its own, so that a Read waiting
// for data returns ctx's error as soon as ctx is done: a terminal or a pipe
// that sends nothing must not keep an interrupted run alive. A blocking read
// of a pipe cannot be called off, so the goroutine stays in it until the
// process exits, which it does right after. The goroutine starts on the first
// Read, so a run that does not read standard input does not consume it; it
// reads at most two chunks ahead.
type cancelReader struct {
	ctx   context.Context
	src   io.Reader
	start sync.Once
	full  chan chunk  // chunks read, in order
	free  chan []byte // buffers to read into
	cur   chunk       // what Read has not handed out yet
	buf   []byte      // cur's buffer, to give back when cur is used up
}

type chunk struct {
	data []byte
	err  error
}

func newCancelReader(ctx context.Context, src io.Reader) *cancelReader {
	return &cancelReader{ctx: ctx, src: src, full: make(chan chunk, 1), free: make(chan []byte, 2)}
}

func (r *cancelReader) Read(p []byte) (int, error) {
	r.start.Do(func() {
		r.free <- make([]byte, stdinChunk)
		r.free <- make([]byte, stdinChunk)
		go r.fill()
	})
	if len(p) == 0 {
		return 0, nil
	}
	for len(r.cur.data) == 0 && r.cur.err == nil { // a read may give 0 bytes and no error
		if r.buf != nil {
			r.free <- r.buf
			r.buf = nil
		}
		select {
		case r.cur = <-r.full:
			r.buf = r.cur.data
		case <-r.ctx.Done():
			return 0, r.ctx.Err()
		}
	}
	n := copy(p, r.cur.data)
	r.cur.data = r.cur.data[n:]
	if len(r.cur.data) == 0 && r.cur.err != nil {
		return n, r.cur.err // and again on every later Read
	}
	return n, nil
}

// fill reads src until it fails or ctx is done.
func (r *cancelReader) fill() {
	for {
		var buf []byte
		select {
		case buf = <-r.free:
		case <-r.ctx.Done():
			return
		}
		n, err := r.src.Read(buf[:cap(buf)])
		select {
		case r.full <- chunk{buf[:n], err}:
		case <-r.ctx.Done():
			return
		}
		if err != nil {
			return
		}
	}
}
