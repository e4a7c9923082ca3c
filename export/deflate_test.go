package export

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"io"
	"strings"
	"testing"
)

func TestCRC32Combine(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"", ""}, {"a", ""}, {"", "b"}, {"hello, ", "world"},
		{strings.Repeat("x", 1000), strings.Repeat("yz", 70000)},
	} {
		want := crc32.ChecksumIEEE([]byte(tc.a + tc.b))
		got := crc32Combine(crc32.ChecksumIEEE([]byte(tc.a)), crc32.ChecksumIEEE([]byte(tc.b)), int64(len(tc.b)))
		if got != want {
			t.Errorf("%d+%d bytes: got %08x, want %08x", len(tc.a), len(tc.b), got, want)
		}
	}
}

func FuzzCRC32Combine(f *testing.F) {
	f.Add([]byte("head"), []byte("body"))
	f.Add([]byte{}, []byte{0, 0, 0})
	f.Fuzz(func(t *testing.T, a, b []byte) {
		want := crc32.ChecksumIEEE(append(append([]byte{}, a...), b...))
		if got := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), int64(len(b))); got != want {
			t.Fatalf("got %08x, want %08x", got, want)
		}
	})
}

// TestJoinedEntries writes entries of a head compressed at the end and a
// segment streamed before, several segments in one spill, and reads them
// back with archive/zip, which checks each entry's CRC-32 and sizes.
func TestJoinedEntries(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	spill, err := newDeflateSpill()
	if err != nil {
		t.Fatal(err)
	}
	defer spill.remove()
	bodies := []string{"", "short", strings.Repeat("<row r=\"2\"><c><v>1</v></c></row>", 20000)}
	for _, body := range bodies {
		if _, err := io.WriteString(spill, body); err != nil {
			t.Fatal(err)
		}
		if err := spill.endSegment(); err != nil {
			t.Fatal(err)
		}
	}
	var zipped bytes.Buffer
	z := newZipWriter(&zipped)
	heads := []string{"head one|", "", strings.Repeat("h", 100000)}
	for i, seg := range spill.segments {
		if err := z.addJoined(sheetPath(i), []byte(heads[i]), spill, seg); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.add("plain.xml", []byte("plain")); err != nil {
		t.Fatal(err)
	}
	if err := z.close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(zipped.Bytes()), int64(zipped.Len()))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{heads[0] + bodies[0], heads[1] + bodies[1], heads[2] + bodies[2], "plain"}
	for i, e := range zr.File {
		r, err := e.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("%s: %v", e.Name, err)
		}
		if string(got) != want[i] {
			t.Errorf("%s: %d bytes back, want %d", e.Name, len(got), len(want[i]))
		}
		if e.ModifiedDate != zipDate || e.ModifiedTime != 0 {
			t.Errorf("%s: modified %v", e.Name, e.Modified)
		}
	}
}
