// Package spill writes a JSON object some of whose lists grow with the data
// (a run report's inputs and diagnostics): each such List is kept in a
// temporary file as its elements arrive, and WriteObject streams the object
// with every List copied into its place, so memory does not grow with them.
//
// The output is byte for byte what json.MarshalIndent(v, "", "  ") gives for
// the same object with the lists in memory, followed by a newline.
package spill

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// List is a JSON array kept in an unlinked temporary file, each element
// indented as a member of a top-level object. The first error adding to it
// is kept and returned by WriteObject, so that the writer of a large
// document fails once, at its end.
type List struct {
	f   *os.File
	w   *bufio.Writer
	n   int
	err error
}

// New makes an empty List; Close removes its file.
func New() (*List, error) {
	f, err := os.CreateTemp("", "wikipipe-spill-*")
	if err != nil {
		return nil, fmt.Errorf("spill: %w", err)
	}
	os.Remove(f.Name()) // unlinked: the file goes when it is closed, whatever happens
	return &List{f: f, w: bufio.NewWriter(f)}, nil
}

// Add appends v to the list.
func (l *List) Add(v any) {
	if l.err != nil {
		return
	}
	b, err := json.MarshalIndent(v, "    ", "  ")
	if err != nil {
		l.err = fmt.Errorf("spill: %w", err)
		return
	}
	if l.n > 0 {
		l.w.WriteString(",\n")
	}
	l.w.WriteString("    ")
	if _, err := l.w.Write(b); err != nil {
		l.err = fmt.Errorf("spill: %w", err)
	}
	l.n++
}

// Len is the number of elements added.
func (l *List) Len() int { return l.n }

// Close removes the list's file.
func (l *List) Close() error { return l.f.Close() }

// writeTo writes the whole list as the value of a top-level member: "[]" or
// "[\n    …\n  ]". It reads the file from its start, so it is the list's end.
func (l *List) writeTo(w io.Writer) error {
	if l.err != nil {
		return l.err
	}
	if l.n == 0 {
		_, err := io.WriteString(w, "[]")
		return err
	}
	if err := l.w.Flush(); err != nil {
		return fmt.Errorf("spill: %w", err)
	}
	if _, err := l.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("spill: %w", err)
	}
	io.WriteString(w, "[\n") // w keeps its first error: see errWriter
	if _, err := io.Copy(w, l.f); err != nil {
		return fmt.Errorf("spill: %w", err)
	}
	_, err := io.WriteString(w, "\n  ]")
	return err
}

// Field is one member of an object: Value is marshalled as JSON, or copied
// from its file if it is a *List.
type Field struct {
	Key   string
	Value any
}

// WriteObject writes the fields, in order, as one indented JSON object and
// a newline. Each List in it is written once, at its end.
func WriteObject(w io.Writer, fields []Field) error {
	ew := &errWriter{w: w}
	io.WriteString(ew, "{")
	for i, f := range fields {
		key, err := json.Marshal(f.Key)
		if err != nil {
			return fmt.Errorf("spill: %w", err)
		}
		if i > 0 {
			io.WriteString(ew, ",")
		}
		io.WriteString(ew, "\n  ")
		ew.Write(key)
		io.WriteString(ew, ": ")
		if err := writeValue(ew, f.Value); err != nil {
			return err
		}
	}
	if len(fields) > 0 {
		io.WriteString(ew, "\n")
	}
	io.WriteString(ew, "}\n")
	return ew.err
}

// writeValue writes one member's value, indented for its depth of one.
func writeValue(w io.Writer, v any) error {
	if l, ok := v.(*List); ok {
		return l.writeTo(w)
	}
	b, err := json.MarshalIndent(v, "  ", "  ")
	if err != nil {
		return fmt.Errorf("spill: %w", err)
	}
	_, err = w.Write(b)
	return err
}

// errWriter keeps the first error of w and writes nothing after it, so that
// a sequence of writes is checked once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
