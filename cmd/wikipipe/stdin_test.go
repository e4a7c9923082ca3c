package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

func TestCancelReaderPassesDataThrough(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789abcdef"), 3*stdinChunk/16+5) // three chunks and a bit
	for _, c := range []struct {
		name string
		src  io.Reader
		want []byte
	}{
		{"whole", bytes.NewReader(data), data},
		{"byte a read", iotest.OneByteReader(bytes.NewReader(data[:1000])), data[:1000]},
		{"half reads", iotest.HalfReader(bytes.NewReader(data)), data},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := iotest.TestReader(newCancelReader(context.Background(), c.src), c.want); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestCancelReaderKeepsTheError(t *testing.T) {
	boom := errors.New("boom")
	r := newCancelReader(context.Background(), io.MultiReader(strings.NewReader("abc"), iotest.ErrReader(boom)))
	got, err := io.ReadAll(r)
	if string(got) != "abc" || !errors.Is(err, boom) {
		t.Fatalf("read %q, %v; want abc and boom", got, err)
	}
	if n, err := r.Read(make([]byte, 8)); n != 0 || !errors.Is(err, boom) {
		t.Errorf("read again: %d, %v; want 0 and boom", n, err)
	}
}

func TestCancelReaderReturnsOnCancel(t *testing.T) {
	pr, pw := io.Pipe() // sends "abc", then nothing
	defer pw.Close()
	go pw.Write([]byte("abc"))
	ctx, cancel := context.WithCancel(context.Background())
	r := newCancelReader(ctx, pr)
	buf := make([]byte, 8)
	if n, err := r.Read(buf); string(buf[:n]) != "abc" || err != nil {
		t.Fatalf("read %q, %v; want abc", buf[:n], err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := r.Read(buf)
		done <- err
	}()
	time.Sleep(10 * time.Millisecond) // let Read wait
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
	case <-time.After(time.Second):
		t.Fatal("Read did not return within a second of the cancel")
	}
}

func TestCancelReaderDoesNotReadUntilAsked(t *testing.T) {
	src := strings.NewReader("abc")
	newCancelReader(context.Background(), src)
	time.Sleep(10 * time.Millisecond)
	if src.Len() != 3 {
		t.Errorf("%d bytes left, want all 3: nothing read before the first Read", src.Len())
	}
}

// BenchmarkStdin reads standard input's worth of bytes through a 64 KB
// buffer, as a run does, directly and through a cancelReader.
func BenchmarkStdin(b *testing.B) {
	data := bytes.Repeat([]byte("A paragraph of an article read from standard input.\n"), 1<<16)
	for _, c := range []struct {
		name string
		wrap func(io.Reader) io.Reader
	}{
		{"direct", func(r io.Reader) io.Reader { return r }},
		{"cancelReader", func(r io.Reader) io.Reader { return newCancelReader(context.Background(), r) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			buf := make([]byte, 64<<10)
			for b.Loop() {
				r := c.wrap(bytes.NewReader(data))
				if _, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{r}, buf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
