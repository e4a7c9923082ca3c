package pbzip2

import (
	"context"
	"io"
)

// reader is the io.ReadCloser of NewReader: Blocks runs in a goroutine and
// hands each block's bytes over, waiting until they are read.
type reader struct {
	cancel context.CancelFunc
	blocks chan []byte
	ack    chan struct{}
	cur    []byte
	held   bool // cur is a block whose yield waits for ack
	err    error
}

// NewReader returns the decoded bytes of the bzip2 input r, the same bytes
// as compress/bzip2.NewReader gives, decoded on workers goroutines. A fault
// of the input is returned by Read as an *Error after every byte of the
// blocks before it; a stream cut short is an *Error that wraps
// io.ErrUnexpectedEOF. Close stops the decoding; it must be called.
func NewReader(ctx context.Context, r io.Reader, workers int) io.ReadCloser {
	ctx, cancel := context.WithCancel(ctx)
	rd := &reader{cancel: cancel, blocks: make(chan []byte), ack: make(chan struct{})}
	go func() {
		rd.err = Blocks(ctx, r, workers, func(b Block) error {
			if len(b.Data) == 0 {
				return nil
			}
			select {
			case rd.blocks <- b.Data:
			case <-ctx.Done():
				return ctx.Err()
			}
			select {
			case <-rd.ack:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
		close(rd.blocks)
	}()
	return rd
}

func (r *reader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		if r.held {
			r.ack <- struct{}{}
			r.held = false
		}
		b, ok := <-r.blocks
		if !ok {
			if r.err == nil {
				return 0, io.EOF
			}
			return 0, r.err
		}
		r.cur, r.held = b, true
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

func (r *reader) Close() error {
	r.cancel()
	for range r.blocks {
	}
	r.cur, r.held = nil, false
	return nil
}
