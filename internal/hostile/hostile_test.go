package hostile

import (
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestBzipBombDecodesToZeros(t *testing.T) {
	var buf bytes.Buffer
	if err := BzipBomb(&buf, 3*zeroStreamSize); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.Len(), 3*len(zeroStream); got != want {
		t.Fatalf("compressed size %d, want %d", got, want)
	}
	n, err := io.Copy(io.Discard, bzip2.NewReader(&buf))
	if err != nil || n != 3*zeroStreamSize {
		t.Fatalf("decoded %d bytes, err %v; want %d", n, err, 3*zeroStreamSize)
	}
}

func TestGzipPageHoldsOnePageOfSize(t *testing.T) {
	var buf bytes.Buffer
	if err := GzipPage(&buf, 1000); err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	xml, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	text := string(xml)
	start := strings.Index(text, `preserve">`) + len(`preserve">`)
	end := strings.Index(text, "</text>")
	if end-start != 1000 || strings.Count(text, "<page>") != 1 {
		t.Fatalf("page text of %d bytes in %q", end-start, text[:200])
	}
}

func TestOneLineAndTableSizes(t *testing.T) {
	var line, table bytes.Buffer
	if err := OneLine(&line, 100_000); err != nil {
		t.Fatal(err)
	}
	if line.Len() != 100_000 || bytes.IndexByte(line.Bytes(), '\n') >= 0 {
		t.Fatalf("one line: %d bytes, newline at %d", line.Len(), bytes.IndexByte(line.Bytes(), '\n'))
	}
	if err := Table(&table, 100_000); err != nil {
		t.Fatal(err)
	}
	if table.Len() < 100_000 || table.Len() > 100_200 || !strings.HasSuffix(table.String(), "|}\n") {
		t.Fatalf("table: %d bytes", table.Len())
	}
}

func TestInvalidUTF8IsInvalid(t *testing.T) {
	if utf8.ValidString(InvalidUTF8) {
		t.Fatal("InvalidUTF8 is valid UTF-8")
	}
}

func TestEndlessNeverEnds(t *testing.T) {
	n, err := io.CopyN(io.Discard, Endless{}, 1<<20)
	if n != 1<<20 || err != nil {
		t.Fatalf("read %d, %v", n, err)
	}
}
