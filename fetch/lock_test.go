package fetch

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wikipipe/wikipipe/fetch/fetchtest"
)

const sumA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func TestLockRoundTrip(t *testing.T) {
	in := lockHeader +
		"de.wikipedia.org\tBBDO\t7\t70\t" + sumA + "\n" +
		"en.wikipedia.org\tGoryeo ware\t2\t20\t" + sumA + "\tcategory=Category:Wares#1\ttitle=Goryeo celadon\n" +
		"en.wikipedia.org\tRoyal Cinema\t3\t30\t" + sumA + "\n" +
		"en.wikipedia.org\tRoyal Cinema\t3\t30\t" + sumA + "\tformat=html\ttitle=Royal cinema\n"
	l, err := ReadLock(strings.NewReader(in), LockName)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(l.Bytes()); got != in {
		t.Errorf("written back as\n%s\nwant\n%s", got, in)
	}
	if e := l.Lookup("en.wikipedia.org", Wikitext, "Goryeo celadon"); e == nil || e.RevID != 20 {
		t.Errorf("lookup through a redirect: %+v", e)
	}
	if e := l.Lookup("en.wikipedia.org", HTML, "Royal cinema"); e == nil || e.Format != HTML {
		t.Errorf("lookup of an HTML page: %+v", e)
	}
	if e := l.Lookup("en.wikipedia.org", HTML, "Goryeo ware"); e != nil {
		t.Errorf("lookup in another format: %+v", e)
	}
	if e := l.Lookup("de.wikipedia.org", Wikitext, "Goryeo ware"); e != nil {
		t.Errorf("lookup on another wiki: %+v", e)
	}
	if m := l.members("en.wikipedia.org", Wikitext, "category=Category:Wares#1"); len(m) != 1 || m[0].Title != "Goryeo ware" {
		t.Errorf("members %+v", m)
	}
	// Unsorted lines and blank ones are read; writing sorts them.
	shuffled := "\nen.wikipedia.org\tRoyal Cinema\t3\t30\t" + sumA + "\nde.wikipedia.org\tBBDO\t7\t70\t" + sumA + "\n"
	l, err = ReadLock(strings.NewReader(shuffled), LockName)
	if err != nil {
		t.Fatal(err)
	}
	if e := l.Entries(); len(e) != 2 || e[0].Wiki != "de.wikipedia.org" {
		t.Errorf("entries not sorted: %+v", e)
	}
}

func TestReadLockErrors(t *testing.T) {
	good := "\t1\t2\t" + sumA
	for _, tc := range []struct{ in, want string }{
		{"en.wikipedia.org\tA\t1\t2", "wikipipe.lock:1:1: lock: want 5 tab-separated fields"},
		{"# c\n\nen.wikipedia.org\tA_b" + good, "wikipipe.lock:3:18: lock: title \"A_b\": want a normalised title"},
		{"en.wikipedia.org\t" + good, "wikipipe.lock:1:18: lock: title \"\""},
		{"en wiki\tA" + good, "wikipipe.lock:1:1: lock: wiki \"en wiki\""},
		{"en.wikipedia.org\tA\t0\t2\t" + sumA, "wikipipe.lock:1:20: lock: page ID: \"0\": want a positive integer"},
		{"en.wikipedia.org\tA\t1\t+2\t" + sumA, "wikipipe.lock:1:22: lock: revision ID: \"+2\""},
		{"en.wikipedia.org\tA\t1\t2\t" + strings.ToUpper(sumA), "wikipipe.lock:1:24: lock: sha256"},
		{"en.wikipedia.org\tA\t1\t2\tabc", "wikipipe.lock:1:24: lock: sha256 \"abc\""},
		{"en.wikipedia.org\tA" + good + "\tcategory=Things#0", "wikipipe.lock:1:89: lock: \"category=Things#0\": want title=TITLE or category=Category:NAME#DEPTH"},
		{"en.wikipedia.org\tA" + good + "\tcategory=Category:T#01", "lock: \"category=Category:T#01\""},
		{"en.wikipedia.org\tA" + good + "\tother", "lock: \"other\""},
		{"en.wikipedia.org\tA" + good + "\tformat=pdf", "wikipipe.lock:1:89: lock: \"format=pdf\": want format=html"},
		{"en.wikipedia.org\tA" + good + "\ttitle=a\tformat=html", "lock: \"format=html\": want title="},
		{"en.wikipedia.org\tA" + good + "\nen.wikipedia.org\tA" + good, "wikipipe.lock:2:1: lock: en.wikipedia.org \"A\" (wikitext) is locked twice"},
		{"en.wikipedia.org\tA" + good + "\tx\x00", "lock: \"x\\x00\""},
	} {
		_, err := ReadLock(strings.NewReader(tc.in), LockName)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %s", tc.in, err, tc.want)
		}
	}
}

func FuzzReadLock(f *testing.F) {
	f.Add(lockHeader + "en.wikipedia.org\tGoryeo ware\t2\t20\t" + sumA + "\ttitle=Goryeo celadon\n")
	f.Add("a\tb\t1\t1\t" + sumA + "\tcategory=Category:X#3\n\n# x\n")
	f.Fuzz(func(t *testing.T, in string) {
		l, err := ReadLock(strings.NewReader(in), LockName)
		if err != nil {
			if !strings.HasPrefix(err.Error(), LockName+":") {
				t.Fatalf("unlocated error %v", err)
			}
			return
		}
		// What was read writes back to a lock that reads the same.
		out := l.Bytes()
		l2, err := ReadLock(bytes.NewReader(out), LockName)
		if err != nil {
			t.Fatalf("written lock does not read: %v\n%s", err, out)
		}
		if !bytes.Equal(l2.Bytes(), out) {
			t.Fatalf("not stable:\n%s\n%s", out, l2.Bytes())
		}
	})
}

func TestSaveLock(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, LockName)
	l := NewLock()
	if err := l.add(LockEntry{Wiki: "w", Title: "A", PageID: 1, RevID: 2, SHA256: sumA}); err != nil {
		t.Fatal(err)
	}
	for i, want := range []bool{true, false} {
		wrote, err := SaveLock(path, l)
		if err != nil || wrote != want {
			t.Fatalf("save %d: wrote %v, %v; want %v", i, wrote, err, want)
		}
	}
	got, err := LoadLock(path)
	if err != nil || got.Len() != 1 {
		t.Fatalf("load: %v, %d entries", err, got.Len())
	}
	if files, _ := os.ReadDir(dir); len(files) != 1 {
		t.Errorf("temporary files left: %v", files)
	}
	if l, err := LoadLock(filepath.Join(dir, "none")); err != nil || l.Len() != 0 {
		t.Errorf("a missing lock: %v, %d entries; want an empty lock", err, l.Len())
	}
	// Saving into a folder that is not there fails and leaves nothing.
	if _, err := SaveLock(filepath.Join(dir, "no", LockName), l); err == nil {
		t.Error("no error saving into a missing folder")
	}
}

// lockRun is one run of the pipeline's fetch stage: the lock read from
// path, the pages fetched, the lock saved only when all went well.
func lockRun(t *testing.T, path string, opts Options, sources ...Source) ([]*Page, error) {
	t.Helper()
	lock, err := LoadLock(path)
	if err != nil {
		t.Fatal(err)
	}
	opts.Lock = lock
	r := newRun(t, opts)
	pages, err := r.all(sources...)
	if err != nil {
		return nil, err
	}
	if opts.Mode != Locked {
		if _, err := SaveLock(path, r.Lock()); err != nil {
			t.Fatal(err)
		}
	}
	return pages, nil
}

func TestLockAndCache(t *testing.T) {
	w := newFakeWiki(t)
	threePages(t, w)
	w.Add("Category:Things", "", "")
	w.Add("BBDO", corpus(t, "BBDO.txt"), "Q795586")
	w.Category("Category:Things", "BBDO", "Royal Cinema")
	dir := t.TempDir()
	path := filepath.Join(dir, LockName)
	cache, _ := OpenCache(filepath.Join(dir, "cache"))
	sources := []Source{w.source("goryeo celadon", "Alexander Y Type"), {Wiki: w.Host(), Scheme: "http", Category: "Things"}}
	want := "[Goryeo ware Alexander Y Type BBDO Royal Cinema]"

	step := func(name string, opts Options, content, ids, all int) []*Page {
		t.Helper()
		w.Reset()
		opts.Cache = cache
		pages, err := lockRun(t, path, opts, sources...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := titlesOf(pages); fmt.Sprint(got) != want {
			t.Fatalf("%s: pages %s, want %s", name, got, want)
		}
		if c, i, a := w.Count("content"), w.Count("ids"), w.Count(""); c != content || i != ids || a != all {
			t.Errorf("%s: %d content, %d ids requests of %d; want %d, %d of %d", name, c, i, a, content, ids, all)
		}
		return pages
	}

	// The first run: content for the titles and for the members, one
	// category listing, one siteinfo.
	first := step("first run", Options{}, 2, 0, 4)
	lock1, _ := os.ReadFile(path)
	if n := bytes.Count(lock1, []byte("\n")); n != 2+4 {
		t.Errorf("lock of %d lines, want a header of 2 and 4 pages:\n%s", n, lock1)
	}
	if !bytes.Contains(lock1, []byte("\tGoryeo ware\t")) || !bytes.Contains(lock1, []byte("\ttitle=goryeo celadon")) || !bytes.Contains(lock1, []byte("\tcategory=Category:Things#0")) {
		t.Errorf("lock lacks the redirect or the category:\n%s", lock1)
	}

	// A rerun reads the locked revisions from the cache: no request.
	step("rerun", Options{}, 0, 0, 0)
	// Locked and offline: no request, the same pages.
	again := step("locked offline", Options{Mode: Locked, Offline: true}, 0, 0, 0)
	for i := range first {
		if first[i].SHA256 != again[i].SHA256 || first[i].RevID != again[i].RevID || !first[i].Timestamp.Equal(again[i].Timestamp) ||
			first[i].WikidataItem != again[i].WikidataItem || first[i].Lang != again[i].Lang || first[i].URL != again[i].URL {
			t.Errorf("%s differs offline: %+v, %+v", first[i].Title, *first[i], *again[i])
		}
	}

	// An edit on the wiki: Pinned and Locked runs keep the old revision,
	// an update asks titles → revision IDs, and content only for the edit.
	w.Edit("Royal Cinema", "new text")
	if p := step("pinned after an edit", Options{}, 0, 0, 0); string(p[3].Content) != corpus(t, "royal_cinema.txt") {
		t.Error("a pinned run moved to the new revision")
	}
	// ids for the titles and for the members, the listing, content of the edit.
	updated := step("update", Options{Mode: Update}, 1, 2, 4)
	if string(updated[3].Content) != "new text" {
		t.Error("the update did not move to the new revision")
	}
	lock2, _ := os.ReadFile(path)
	if bytes.Equal(lock1, lock2) {
		t.Error("the update did not rewrite the lock")
	}
	step("locked after update", Options{Mode: Locked, Offline: true}, 0, 0, 0)

	// An empty cache: a locked run asks for exactly the locked revisions.
	cache, _ = OpenCache(filepath.Join(dir, "cache2"))
	w.Edit("Goryeo ware", "newer text")
	step("locked, cold cache", Options{Mode: Locked}, 2, 0, 3) // one a source, and siteinfo
	for _, u := range w.Requests() {
		if q := u.Query(); fetchtest.Kind(u) == "content" && (!q.Has("revids") || q.Has("titles")) {
			t.Errorf("a locked run asked %v, want revids=", q)
		}
	}
}

func TestLockedFailures(t *testing.T) {
	w := newFakeWiki(t)
	threePages(t, w)
	dir := t.TempDir()
	path := filepath.Join(dir, LockName)
	cache, _ := OpenCache(filepath.Join(dir, "cache"))
	if _, err := lockRun(t, path, Options{Cache: cache}, w.source("Goryeo ware")); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	for _, tc := range []struct {
		name   string
		opts   Options
		source Source
		want   string
	}{
		{"a title not locked", Options{Mode: Locked}, w.source("Goryeo ware", "Royal Cinema"), `"Royal Cinema" is not in the lock`},
		{"a category not locked", Options{Mode: Locked}, Source{Wiki: w.Host(), Scheme: "http", Category: "X"}, `Category:X (depth 0) is not in the lock`},
		{"offline, not locked", Options{Offline: true}, w.source("Royal Cinema"), `"Royal Cinema" is not in the lock`},
		{"a missing page fails a pinned run", Options{}, w.source("Royal Cinema", "Gone"), `"Gone": page does not exist`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Cache = cache
			if _, err := lockRun(t, path, tc.opts, tc.source); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %s", err, tc.want)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Errorf("a failed run changed the lock:\n%s", after)
			}
		})
	}

	// Content that is not what the lock says: the run fails.
	tampered := bytes.Replace(before, []byte(sha256Hex([]byte(corpus(t, "Goryeo-ware.txt")))), []byte(sumA), 1)
	if err := os.WriteFile(path, tampered, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := lockRun(t, path, Options{Mode: Locked, Cache: cache}, w.source("Goryeo ware"))
	if err == nil || !strings.Contains(err.Error(), "differs from the lock's "+sumA) {
		t.Fatalf("error %v, want a sha256 mismatch", err)
	}

	// A damaged cache entry is fetched again, not trusted.
	if err := os.WriteFile(path, before, 0o644); err != nil {
		t.Fatal(err)
	}
	e, _ := LoadLock(path)
	entry := e.Entries()[0]
	file := cache.path(w.Host(), entry.RevID, Wikitext)
	data, _ := os.ReadFile(file)
	if err := os.WriteFile(file, append(data, "garbage"...), 0o644); err != nil {
		t.Fatal(err)
	}
	w.Reset()
	if _, err := lockRun(t, path, Options{Mode: Locked, Cache: cache}, w.source("Goryeo ware")); err != nil {
		t.Fatal(err)
	}
	if w.Count("content") != 1 {
		t.Errorf("%d content requests for a damaged cache entry, want 1", w.Count("content"))
	}
}

func TestOptionConflicts(t *testing.T) {
	cache, _ := OpenCache(t.TempDir())
	for _, opts := range []Options{{Offline: true, Mode: Update, Cache: cache}, {Offline: true}} {
		if _, err := New(opts); err == nil {
			t.Errorf("%+v: no error", opts)
		}
	}
	if err := newRun(t, Options{}).Fetch(context.Background(), []Source{{Wiki: "x", Titles: []string{"A"}, Category: "B"}}, nil); err == nil {
		t.Error("a source with titles and a category: no error")
	}
}
