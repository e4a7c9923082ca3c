package mwindex

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/internal/dumpgen"
)

const index = "12:1:Anarchism\n12:2:Albedo\n12:3:A: the letter\n900:4:Autism\n900:5:Anarchism\n2000:6:Abraham Lincoln\n"

func TestLookup(t *testing.T) {
	res, err := Lookup(context.Background(), "x-index.txt", strings.NewReader(index), []string{"Autism", "Abraham_Lincoln", "A: the letter", "Anarchism", "Autism", "Albedoo", "Zzzzzzzzzzzz"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(res.Found)
	want := "[{12 1 Anarchism 1} {12 3 A: the letter 3} {900 4 Autism 4} {2000 6 Abraham Lincoln 6}]"
	if got != want {
		t.Errorf("found %s\nwant  %s", got, want)
	}
	if s := fmt.Sprint(res.Streams()); s != "[12 900 2000]" {
		t.Errorf("streams %s", s)
	}
	if m := fmt.Sprint(res.Missing); m != "[{Albedoo [Albedo]} {Zzzzzzzzzzzz []}]" {
		t.Errorf("missing %s", m)
	}
	err = res.Err("pages.txt", 2, 1)
	var d diag.Diagnostic
	if !errors.As(err, &d) || !strings.Contains(err.Error(), `pages.txt:2:1: read: page "Albedoo" is not in the dump's index; the closest titles: "Albedo"`) ||
		!strings.HasSuffix(err.Error(), "\n"+`pages.txt:2:1: read: page "Zzzzzzzzzzzz" is not in the dump's index`) {
		t.Errorf("error %v", err)
	}
	// The read stops once every title is found: the broken line is not read.
	res, err = Lookup(context.Background(), "x", strings.NewReader(index+"broken\n"), []string{"Albedo"}, 1)
	if err != nil || res.Err("p", 0, 0) != nil || len(res.Found) != 1 {
		t.Errorf("all found: %v, error %v, %v", res.Found, err, res.Err("p", 0, 0))
	}
}

func TestLookupBadLines(t *testing.T) {
	for in, want := range map[string]string{
		"12:1:A\nnonsense\n":    "x:2:1: read: not an index line offset:page_id:title",
		"12:1:A\n-3:2:B\n":      `x:2:1: read: offset "-3" is not a byte offset`,
		"12:1:A\n\n":            "x:2:1: read: not an index line",
		"12:1:A\n12:b:B\n":      `x:2:4: read: page id "b" is not a number`,
		"12:1:A\r\n13:2:B:C:D":  "",
		"":                      "",
		"BZh91AY&SYgarbage\n\n": "x:1:1: read: reading the index: bzip2 at byte",
	} {
		res, err := Lookup(context.Background(), "x", strings.NewReader(in), []string{"B:C:D"}, 1)
		switch {
		case want == "" && err != nil:
			t.Errorf("%q: %v", in, err)
		case want == "" && in != "" && len(res.Found) != 1:
			t.Errorf("%q: found %v", in, res.Found)
		case want != "" && (err == nil || !strings.HasPrefix(err.Error(), want)):
			t.Errorf("%q: error %v, want %q", in, err, want)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b  string
		limit int
		d     int
		ok    bool
	}{
		{"kitten", "sitting", 5, 3, true},
		{"kitten", "sitting", 2, 0, false},
		{"", "abc", 3, 3, true},
		{"über", "uber", 3, 1, true},
		{"abc", "abc", 0, 0, true},
		{"a", "bcdefgh", 3, 0, false},
	} {
		n := &near{title: []rune(c.a)}
		if d, ok := n.distance(c.b, c.limit); d != c.d || ok != c.ok {
			t.Errorf("distance(%q, %q, %d) = %d, %v; want %d, %v", c.a, c.b, c.limit, d, ok, c.d, c.ok)
		}
	}
}

// TestGeneratedDump looks pages up in a generated multistream dump and
// reads their streams; an index of another dump points at garbage.
func TestGeneratedDump(t *testing.T) {
	tp, err := dumpgen.ReadTemplate("../../testdata/corpus/dumps/wikidump_benches_enwiki-10k.xml.bz2")
	if err != nil {
		t.Fatal(err)
	}
	f := dumpgen.FilesIn(t.TempDir(), "testwiki")
	if _, _, err := dumpgen.Write(f, tp, 1_500_000); err != nil {
		t.Fatal(err)
	}
	idx, _ := os.Open(f.Index)
	defer idx.Close()
	_, t250 := tp.Page(250)
	_, t7 := tp.Page(7)
	res, err := Lookup(context.Background(), f.Index, idx, []string{t250, t7}, 2)
	if err != nil || len(res.Found) != 2 || len(res.Missing) != 0 {
		t.Fatalf("found %v, missing %v, error %v", res.Found, res.Missing, err)
	}
	dump, _ := os.ReadFile(f.Multi)
	var pages []string
	err = ReadStreams(context.Background(), f.Multi, bytes.NewReader(dump), int64(len(dump)), res.Streams(), 2, func(off int64, xml []byte) error {
		pages = append(pages, fmt.Sprint(bytes.Count(xml, []byte("<page>"))))
		return nil
	})
	if err != nil || fmt.Sprint(pages) != "[100 100]" {
		t.Errorf("streams of %v pages, error %v", pages, err)
	}
	off := res.Found[0].Offset + 3
	err = ReadStreams(context.Background(), filepath.Base(f.Multi), bytes.NewReader(dump), int64(len(dump)), []int64{off}, 1, func(int64, []byte) error { return nil })
	if err == nil || !strings.HasPrefix(err.Error(), fmt.Sprintf("testwiki-pages-articles-multistream.xml.bz2: read: the index points at byte %d", off)) {
		t.Errorf("garbage offset: %v", err)
	}
}
