package fetch

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// LockName is the lock file's name, beside pipeline.yaml.
const LockName = "wikipipe.lock"

const lockHeader = "# wikipipe.lock: the page revisions a wikipipe run read; rewrite with --update\n" +
	"# wiki\ttitle\tpage_id\trev_id\tsha256\t[format=html]\t[how the inputs named it...]\n"

// LockEntry pins one page in one format to one revision and the sha256 of
// its content. Via lists how the run's inputs named the page when that was
// not its title: "title=T" (T normalised or redirected to Title) or
// "category=Category:C#D" (a member of C to depth D), so that a locked run
// finds its pages with no request. In the file, an HTML page's line carries
// "format=html" before its Via.
type LockEntry struct {
	Wiki   string
	Title  string
	PageID int64
	RevID  int64
	SHA256 string
	Format Format // Wikitext when empty
	Via    []string
}

func (e *LockEntry) format() Format {
	if e.Format == "" {
		return Wikitext
	}
	return e.Format
}

// Lock is the content of a lock file: entries by wiki and title.
type Lock struct {
	entries map[string]*LockEntry // by lockKey(wiki, format, title)
	via     map[string]*LockEntry // by lockKey(wiki, format, via)
}

// NewLock returns an empty lock.
func NewLock() *Lock {
	return &Lock{entries: map[string]*LockEntry{}, via: map[string]*LockEntry{}}
}

func lockKey(wiki string, f Format, s string) string { return wiki + "\x00" + string(f) + "\x00" + s }

func (e *LockEntry) key() string { return lockKey(e.Wiki, e.format(), e.Title) }

// Len is the number of pages locked.
func (l *Lock) Len() int { return len(l.entries) }

// Entries returns the entries sorted by wiki, then title.
func (l *Lock) Entries() []LockEntry {
	out := make([]LockEntry, 0, len(l.entries))
	for _, e := range l.entries {
		out = append(out, *e)
	}
	slices.SortFunc(out, func(a, b LockEntry) int {
		return cmp.Or(strings.Compare(a.Wiki, b.Wiki), strings.Compare(a.Title, b.Title), strings.Compare(string(a.Format), string(b.Format)))
	})
	return out
}

// Lookup finds the entry of the page a title names on wiki, in format f:
// the page of that title, or the page a previous run reached from it.
func (l *Lock) Lookup(wiki string, f Format, title string) *LockEntry {
	if e := l.entries[lockKey(wiki, f, title)]; e != nil {
		return e
	}
	return l.via[lockKey(wiki, f, "title="+title)]
}

// members returns the entries reached through via on wiki in format f,
// sorted by title.
func (l *Lock) members(wiki string, f Format, via string) []*LockEntry {
	var out []*LockEntry
	for _, e := range l.entries {
		if e.Wiki == wiki && e.format() == f && slices.Contains(e.Via, via) {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b *LockEntry) int { return strings.Compare(a.Title, b.Title) })
	return out
}

// add records e, merging its Via into an entry of the same page; it refuses
// a second revision of one page.
func (l *Lock) add(e LockEntry) error {
	if e.Format == Wikitext {
		e.Format = ""
	}
	old := l.entries[e.key()]
	if old == nil {
		old = &LockEntry{Wiki: e.Wiki, Title: e.Title, PageID: e.PageID, RevID: e.RevID, SHA256: e.SHA256, Format: e.Format}
		l.entries[e.key()] = old
	} else if old.RevID != e.RevID || old.PageID != e.PageID || old.SHA256 != e.SHA256 {
		return fmt.Errorf("%s %q locked twice, at revisions %d and %d", e.Wiki, e.Title, old.RevID, e.RevID)
	}
	for _, v := range e.Via {
		if !slices.Contains(old.Via, v) {
			old.Via = append(old.Via, v)
			l.via[lockKey(e.Wiki, e.format(), v)] = old
		}
	}
	slices.Sort(old.Via)
	return nil
}

// WriteTo writes the lock in its text form: a header, then one line a page
// sorted by wiki and title, fields separated by tabs.
func (l *Lock) WriteTo(w io.Writer) (int64, error) {
	var b bytes.Buffer
	b.WriteString(lockHeader)
	for _, e := range l.Entries() {
		fmt.Fprintf(&b, "%s\t%s\t%d\t%d\t%s", e.Wiki, e.Title, e.PageID, e.RevID, e.SHA256)
		if e.Format != "" {
			b.WriteString("\tformat=" + string(e.Format))
		}
		for _, v := range e.Via {
			b.WriteString("\t" + v)
		}
		b.WriteByte('\n')
	}
	return b.WriteTo(w)
}

// Bytes is the lock's text form.
func (l *Lock) Bytes() []byte {
	var b bytes.Buffer
	_, _ = l.WriteTo(&b)
	return b.Bytes()
}

// ReadLock parses a lock file; name locates the messages, as
// "name:line:col: lock: message".
func ReadLock(r io.Reader, name string) (*Lock, error) {
	l := NewLock()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		e, col, err := parseLockLine(text)
		if err == nil {
			if l.entries[e.key()] != nil {
				col, err = 1, fmt.Errorf("%s %q (%s) is locked twice", e.Wiki, e.Title, e.format())
			} else {
				err = l.add(e)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d:%d: lock: %w", name, line, col, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: lock: %w", name, err)
	}
	return l, nil
}

// parseLockLine parses one entry; col is the column of the faulty field.
func parseLockLine(text string) (LockEntry, int, error) {
	fields := strings.Split(text, "\t")
	cols := make([]int, len(fields))
	for i, c := 1, 1; i < len(fields); i++ {
		c += len(fields[i-1]) + 1
		cols[i] = c
	}
	cols[0] = 1
	if len(fields) < 5 {
		return LockEntry{}, 1, fmt.Errorf("want 5 tab-separated fields (wiki, title, page ID, revision ID, sha256), got %d", len(fields))
	}
	e := LockEntry{Wiki: fields[0], Title: fields[1], SHA256: fields[4], Via: fields[5:]}
	if e.Wiki == "" || strings.ContainsFunc(e.Wiki, unicode.IsSpace) {
		return e, cols[0], fmt.Errorf("wiki %q: want a host name", e.Wiki)
	}
	if err := checkTitle(e.Title); err != nil {
		return e, cols[1], err
	}
	var err error
	if e.PageID, err = parseID(fields[2]); err != nil {
		return e, cols[2], fmt.Errorf("page ID: %w", err)
	}
	if e.RevID, err = parseID(fields[3]); err != nil {
		return e, cols[3], fmt.Errorf("revision ID: %w", err)
	}
	if !isSHA256(e.SHA256) {
		return e, cols[4], fmt.Errorf("sha256 %q: want 64 lowercase hex digits", e.SHA256)
	}
	if len(e.Via) > 0 && strings.HasPrefix(e.Via[0], "format=") {
		e.Format = Format(strings.TrimPrefix(e.Via[0], "format="))
		if e.Format != HTML && e.Format != Wikitext {
			return e, cols[5], fmt.Errorf("%q: want format=html", e.Via[0])
		}
		e.Via, cols = e.Via[1:], cols[1:]
	}
	for i, v := range e.Via {
		if err := checkVia(v); err != nil {
			return e, cols[5+i], err
		}
	}
	return e, 0, nil
}

func checkTitle(t string) error {
	if t == "" || t != NormalizeTitle(t) || strings.ContainsFunc(t, unicode.IsControl) {
		return fmt.Errorf("title %q: want a normalised title (spaces, not underscores; no fragment)", t)
	}
	return nil
}

func checkVia(v string) error {
	if t, ok := strings.CutPrefix(v, "title="); ok {
		return checkTitle(t)
	}
	if c, ok := strings.CutPrefix(v, "category="); ok {
		name, depth, ok := strings.Cut(c, "#")
		if d, err := strconv.Atoi(depth); ok && err == nil && d >= 0 && strconv.Itoa(d) == depth &&
			strings.HasPrefix(name, categoryPrefix) && checkTitle(name) == nil {
			return nil
		}
	}
	return fmt.Errorf("%q: want title=TITLE or category=Category:NAME#DEPTH", v)
}

func parseID(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || strconv.FormatInt(n, 10) != s {
		return 0, fmt.Errorf("%q: want a positive integer", s)
	}
	return n, nil
}

func isSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// LoadLock reads the lock file at path; a missing file is an empty lock.
func LoadLock(path string) (*Lock, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return NewLock(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	defer f.Close()
	return ReadLock(f, path)
}

// SaveLock writes l to path atomically (a temporary file renamed over it),
// so that a reader never sees half a lock; it does nothing when the file
// already holds these bytes, and reports whether it wrote.
func SaveLock(path string, l *Lock) (bool, error) {
	data := l.Bytes()
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return false, nil
	}
	if err := writeAtomic(path, data); err != nil {
		return false, fmt.Errorf("lock: %w", err)
	}
	return true, nil
}

// writeAtomic writes data to path through a temporary file in its folder.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
