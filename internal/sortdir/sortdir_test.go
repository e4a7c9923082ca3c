package sortdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// small are limits that make every folder of more than one entry spill runs
// and merge them, some in more than one level.
var small = []limits{
	{entries: 1, bytes: 1 << 20, fanIn: 2},
	{entries: 2, bytes: 1 << 20, fanIn: 2},
	{entries: 3, bytes: 1 << 20, fanIn: 3},
	{entries: 1 << 10, bytes: 8, fanIn: 2}, // bounded by the bytes of names
}

func TestWalk(t *testing.T) {
	long := strings.Repeat("p", 200)
	for _, tc := range []struct {
		name  string
		names []string // a trailing slash makes a folder
	}{
		{"empty", nil},
		{"one file", []string{"a.txt"}},
		{"long shared prefixes", []string{long, long + "a", long + "ab", long + "b", long[:130], long[:129] + "q", "a", "ab", "abc"}},
		{"bytes above 0x7f", []string{"é", "e", "z", "\xff", "\x80", "\x7f", "ü.txt", "u.txt"}},
		{"files and folders", []string{"b/", "a.txt", "b.txt", "c/", "a/", "ba", "b0/"}},
		{"case", []string{"b", "B", "a", "A", "_", "Z", "zz", "ZZ"}},
	} {
		dir := makeDir(t, tc.names...)
		want := sorted(tc.names)
		for _, l := range append([]limits{defaults}, small...) {
			got, err := walkAll(l, dir, keepAll)
			if err != nil || !slices.Equal(got, want) {
				t.Errorf("%s, limits %+v: walk = %q, %v; want %q", tc.name, l, got, err, want)
			}
		}
	}
}

func TestWalkKeep(t *testing.T) {
	dir := makeDir(t, "c.txt", "b.md", ".hidden/", "a/", "A.TXT", "d.txt/", "e")
	seen := 0
	keep := func(name string, isDir bool) bool {
		seen++
		return isDir && !strings.HasPrefix(name, ".") || !isDir && strings.HasSuffix(name, ".txt")
	}
	want := []string{"a/", "c.txt", "d.txt/"}
	for _, l := range append([]limits{defaults}, small...) {
		seen = 0
		got, err := walkAll(l, dir, keep)
		if err != nil || !slices.Equal(got, want) || seen != 7 {
			t.Errorf("limits %+v: walk = %q, %v, keep asked %d times; want %q, 7 times", l, got, err, seen, want)
		}
	}
}

// TestWalkNested descends into folders while their parents are being merged,
// as a recursive walk does, and checks the order is filepath.WalkDir's.
func TestWalkNested(t *testing.T) {
	dir := makeDir(t, "b/x", "b/a/z", "b/a/y", "b.x", "a", "c/", "b0/q", "b/b", "b/a.x")
	var want []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			want = append(want, p)
		}
		return err
	})
	for _, l := range append([]limits{defaults}, small...) {
		var got []string
		var walk func(dir string) error
		walk = func(dir string) error {
			return l.walk(dir, keepAll, func(name string, isDir bool) error {
				p := filepath.Join(dir, name)
				if isDir {
					return walk(p)
				}
				got = append(got, p)
				return nil
			})
		}
		if err := walk(dir); err != nil || !slices.Equal(got, want) {
			t.Errorf("limits %+v: walk = %q, %v; want %q", l, got, err, want)
		}
	}
}

// TestRunsBounded checks that runs pile up as a counter in base fanIn does,
// so that a folder of n entries keeps at most fanIn-1 runs per level, and
// that a folder that fits in one run makes no file.
func TestRunsBounded(t *testing.T) {
	l := limits{entries: 1, bytes: 1 << 20, fanIn: 3}
	var names []string
	for n := range 30 {
		dir := makeDir(t, names...)
		s := &sorter{limits: l, dir: dir}
		if err := s.read(keepAll); err != nil {
			t.Fatal(err)
		}
		// The entry read last is still in the buffer: n-1 are in the runs.
		want := max(n-1, 0)
		var levels []int
		for _, r := range s.runs {
			levels = append(levels, r.level)
		}
		var count []int
		for m := want; m > 0; m /= l.fanIn {
			count = append(count, m%l.fanIn)
		}
		var wantLevels []int
		for level := len(count) - 1; level >= 0; level-- {
			for range count[level] {
				wantLevels = append(wantLevels, level)
			}
		}
		if !slices.Equal(levels, wantLevels) || (s.file != nil) != (n > 1) {
			t.Errorf("%d entries: levels of the runs %v, file %v; want %v, file %v", n, levels, s.file != nil, wantLevels, n > 1)
		}
		s.close()
		names = append(names, fmt.Sprint(n))
	}
}

func TestWalkErrors(t *testing.T) {
	dir := makeDir(t, "a", "b", "c")
	stop := errors.New("stop")
	for _, l := range append([]limits{defaults}, small...) {
		calls := 0
		err := l.walk(dir, keepAll, func(string, bool) error {
			calls++
			return stop
		})
		if err != stop || calls != 1 {
			t.Errorf("limits %+v: fn's error came back as %v after %d calls; want it unwrapped after 1", l, err, calls)
		}
	}
	missing := filepath.Join(dir, "missing")
	var pe *fs.PathError
	if err := Walk(missing, keepAll, nil); !errors.As(err, &pe) || pe.Op != "open" || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("walk of a missing folder: err = %v; want os.Open's", err)
	}
}

// FuzzWalk walks folders of the names in a slash-separated list, with
// fuzzed tiny limits, and checks the order against sort.Strings.
func FuzzWalk(f *testing.F) {
	f.Add("b/a/c", uint8(0), uint8(0))
	f.Add("ab/a/abc/\xff/é/e/B/\x01", uint8(1), uint8(1))
	f.Add(strings.Repeat("x", 100)+"/"+strings.Repeat("x", 99)+"y/x", uint8(2), uint8(3))
	f.Fuzz(func(t *testing.T, list string, entries, fanIn uint8) {
		l := limits{entries: 1 + int(entries%8), bytes: 1 << 20, fanIn: 2 + int(fanIn%4)}
		var want []string
		for _, name := range strings.Split(list, "/") {
			if name == "" || name == "." || name == ".." || len(name) > 255 || strings.Contains(name, "\x00") {
				continue // not a name a Linux folder can hold
			}
			if !slices.Contains(want, name) {
				want = append(want, name)
			}
		}
		dir := makeDir(t, want...)
		sort.Strings(want)
		got, err := walkAll(l, dir, keepAll)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("limits %+v: walk = %q, %v; want %q", l, got, err, want)
		}
	})
}

// BenchmarkWalk walks a folder of 20,000 files: more than one run, so the
// names go through the file.
func BenchmarkWalk(b *testing.B) {
	names := make([]string, 20_000)
	for i := range names {
		names[i] = fmt.Sprintf("Article_%d.wiki", i*7919%20_000)
	}
	dir := makeDir(b, names...)
	b.ReportAllocs()
	for b.Loop() {
		if err := Walk(dir, keepAll, func(string, bool) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

func keepAll(string, bool) bool { return true }

// sorted returns names (a trailing slash marks a folder) in the order of
// sort.Strings of the names without the slash, which is the order of Walk.
func sorted(names []string) []string {
	var plain []string
	dirs := map[string]bool{}
	for _, name := range names {
		plain = append(plain, strings.TrimSuffix(name, "/"))
		dirs[plain[len(plain)-1]] = strings.HasSuffix(name, "/")
	}
	sort.Strings(plain)
	for i, name := range plain {
		if dirs[name] {
			plain[i] += "/"
		}
	}
	return plain
}

// walkAll returns the names l.walk passes fn, with a slash after folders.
func walkAll(l limits, dir string, keep func(string, bool) bool) ([]string, error) {
	var got []string
	err := l.walk(dir, keep, func(name string, isDir bool) error {
		if isDir {
			name += "/"
		}
		got = append(got, name)
		return nil
	})
	return got, err
}

// makeDir makes a temporary folder holding the empty files named
// (slash-separated paths; a trailing slash makes a folder).
func makeDir(tb testing.TB, names ...string) string {
	tb.Helper()
	dir := tb.TempDir()
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if !strings.HasSuffix(name, "/") {
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				tb.Fatal(err)
			}
		} else if err := os.Mkdir(p, 0o755); err != nil && !os.IsExist(err) {
			tb.Fatal(err)
		}
	}
	return dir
}
