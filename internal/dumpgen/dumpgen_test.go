package dumpgen

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"context"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/wikipipe/wikipipe/internal/pbzip2"
)

const template = "../../testdata/corpus/dumps/wikidump_benches_enwiki-10k.xml.bz2"

func TestParseTemplateKeepsEveryByte(t *testing.T) {
	raw, _ := os.ReadFile(template)
	plain, err := io.ReadAll(bzip2.NewReader(bytes.NewReader(raw)))
	if err != nil {
		t.Fatal(err)
	}
	tp, err := ParseTemplate(plain)
	if err != nil {
		t.Fatal(err)
	}
	got := append([]byte{}, tp.Head...)
	for _, p := range tp.Pages {
		got = append(got, p...)
	}
	got = append(got, tp.Tail...)
	if !bytes.Equal(got, plain) || len(tp.Pages) != 196 {
		t.Errorf("%d pages, %d of %d bytes put back", len(tp.Pages), len(got), len(plain))
	}
	if _, err := ParseTemplate([]byte("<mediawiki></mediawiki>")); err == nil {
		t.Error("a dump without pages: no error")
	}
}

func TestPage(t *testing.T) {
	tp := &Template{Pages: [][]byte{[]byte("  <page>\n    <title>Mr. &amp; Mrs.</title>\n    <ns>0</ns>\n    <id>12</id>\n    <revision>\n      <id>99</id>\n")}}
	page, title := tp.Page(3)
	want := "  <page>\n    <title>Mr. &amp; Mrs. (3)</title>\n    <ns>0</ns>\n    <id>4</id>\n    <revision>\n      <id>99</id>\n"
	if string(page) != want || title != "Mr. & Mrs. (3)" {
		t.Errorf("Page(3) = %q, %q", page, title)
	}
}

// TestWriteThreeForms checks that the three forms hold the same XML and that
// the index points at the stream holding each page.
func TestWriteThreeForms(t *testing.T) {
	tp, err := ReadTemplate(template)
	if err != nil {
		t.Fatal(err)
	}
	f := FilesIn(t.TempDir(), "testwiki")
	pages, n, err := Write(f, tp, 2_000_000)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := os.ReadFile(f.Plain)
	if int64(len(plain)) != n || n < 2_000_000 || pages < 2*PagesPerStream {
		t.Fatalf("%d pages, %d bytes reported, %d written", pages, n, len(plain))
	}
	for _, path := range []string{f.Single, f.Multi} {
		if got := unbzip(t, path); !bytes.Equal(got, plain) {
			t.Errorf("%s: %d bytes differ from the plain %d", path, len(got), len(plain))
		}
		raw, _ := os.ReadFile(path)
		r := pbzip2.NewReader(context.Background(), bytes.NewReader(raw), 2)
		got, err := io.ReadAll(r)
		r.Close()
		if err != nil || !bytes.Equal(got, plain) {
			t.Errorf("%s with pbzip2: %d bytes of %d, error %v", path, len(got), len(plain), err)
		}
	}
	multi, _ := os.ReadFile(f.Multi)
	sc := bufio.NewScanner(bytes.NewReader(unbzip(t, f.Index)))
	lines := 0
	for sc.Scan() {
		off, rest, _ := strings.Cut(sc.Text(), ":")
		id, title, _ := strings.Cut(rest, ":")
		o, _ := strconv.ParseInt(off, 10, 64)
		if lines%37 == 0 {
			var stream []byte
			err := pbzip2.Stream(context.Background(), bytes.NewReader(multi), int64(len(multi)), o, 1, func(b pbzip2.Block) error {
				stream = append(stream, b.Data...)
				return nil
			})
			if err != nil || !bytes.Contains(stream, []byte("<id>"+id+"</id>")) {
				t.Errorf("index line %q: page %s not in the stream at %d (%v)", sc.Text(), id, o, err)
			}
		}
		if id != strconv.Itoa(lines+1) || !strings.HasSuffix(title, " ("+strconv.Itoa(lines)+")") {
			t.Errorf("index line %d: %q", lines, sc.Text())
		}
		lines++
	}
	if lines != pages {
		t.Errorf("%d index lines for %d pages", lines, pages)
	}
}

func unbzip(t *testing.T, path string) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(bzip2.NewReader(bytes.NewReader(raw)))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return b
}
