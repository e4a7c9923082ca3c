package spill

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

type elem struct {
	Name  string         `json:"name"`
	Tags  []string       `json:"tags"`
	Attrs map[string]int `json:"attrs,omitempty"`
	Next  *elem          `json:"next,omitempty"`
}

// doc is an object with two growing lists, as a run report has.
type doc struct {
	Tool   string             `json:"tool"`
	Items  []elem             `json:"items"`
	Count  int                `json:"count"`
	Empty  []elem             `json:"empty"`
	Nested map[string]float64 `json:"nested"`
}

// TestWriteObjectIsMarshalIndent checks WriteObject, with the lists spilled,
// against json.MarshalIndent of the same object held in memory: empty and
// one-element lists, nesting, escaped strings (HTML characters, quotes, line
// breaks, non-ASCII).
func TestWriteObjectIsMarshalIndent(t *testing.T) {
	for _, items := range [][]elem{
		{},
		{{Name: "one", Tags: []string{}}},
		{
			{Name: `a "quoted" <b>&</b>`, Tags: []string{"x", "y\nz"}, Attrs: map[string]int{"b": 2, "a": 1}},
			{Name: "Bakı – ü", Next: &elem{Name: "inner", Tags: nil}},
			{Name: "", Tags: []string{""}},
		},
	} {
		d := doc{Tool: "t <1>", Items: items, Count: len(items), Empty: []elem{}, Nested: map[string]float64{"z": 0.5, "a": 1e-7}}
		want, err := json.MarshalIndent(d, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, '\n')
		list, empty := newList(t), newList(t)
		for _, e := range items {
			list.Add(e)
		}
		var got bytes.Buffer
		err = WriteObject(&got, []Field{{"tool", d.Tool}, {"items", list}, {"count", d.Count}, {"empty", empty}, {"nested", d.Nested}})
		if err != nil || got.String() != string(want) {
			t.Errorf("%d items: WriteObject = %v\n%s\nwant\n%s", len(items), err, got.String(), want)
		}
		if list.Len() != len(items) {
			t.Errorf("Len = %d, want %d", list.Len(), len(items))
		}
	}
	var got bytes.Buffer
	if err := WriteObject(&got, nil); err != nil || got.String() != "{}\n" {
		t.Errorf("WriteObject(no fields) = %q, %v; want %q", got.String(), err, "{}\n")
	}
}

// TestErrors checks that a value that cannot be marshalled, added to a list
// or given as a field, and a failing writer fail WriteObject.
func TestErrors(t *testing.T) {
	bad := newList(t)
	bad.Add("fine")
	bad.Add(func() {})
	bad.Add("after")
	if err := WriteObject(&bytes.Buffer{}, []Field{{"l", bad}}); err == nil || !strings.HasPrefix(err.Error(), "spill: ") {
		t.Errorf("list holding a func: err = %v, want a spill error", err)
	}
	if err := WriteObject(&bytes.Buffer{}, []Field{{"f", make(chan int)}}); err == nil {
		t.Error("field holding a channel: want an error")
	}
	full := errors.New("disk full")
	l := newList(t)
	l.Add(1)
	if err := WriteObject(failWriter{full}, []Field{{"a", 1}, {"l", l}}); !errors.Is(err, full) {
		t.Errorf("failing writer: err = %v, want %v", err, full)
	}
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

func newList(t *testing.T) *List {
	t.Helper()
	l, err := New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}
