package fetch

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Cache keeps fetched content on disk by wiki, revision ID and format: a
// revision never changes, so an entry never goes stale.
type Cache struct {
	dir string
}

// OpenCache opens the cache in dir, or in os.UserCacheDir()/wikipipe when
// dir is empty.
func OpenCache(dir string) (*Cache, error) {
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil, fmt.Errorf("cache: %w", err)
		}
		dir = filepath.Join(base, "wikipipe")
	}
	return &Cache{dir: dir}, nil
}

// Dir is the cache's folder.
func (c *Cache) Dir() string { return c.dir }

// cacheMeta heads each cached file, on its first line.
type cacheMeta struct {
	Title     string    `json:"title"`
	PageID    int64     `json:"page_id"`
	RevID     int64     `json:"rev_id"`
	Timestamp time.Time `json:"timestamp"`
	Item      string    `json:"wikibase_item,omitempty"`
	SHA256    string    `json:"sha256"`
}

// wikiDir is the folder of one wiki: its host with what a file system may
// refuse (the port's colon) replaced.
func (c *Cache) wikiDir(wiki string) string {
	return filepath.Join(c.dir, strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' {
			return r
		}
		return '_'
	}, wiki))
}

func (c *Cache) path(wiki string, revID int64, f Format) string {
	return filepath.Join(c.wikiDir(wiki), strconv.FormatInt(revID, 10)+"."+string(f))
}

// get returns the cached revision, or nil when it is absent or does not
// match its checksum (a damaged entry is fetched again).
func (c *Cache) get(wiki string, revID int64, f Format) *revision {
	data, err := os.ReadFile(c.path(wiki, revID, f))
	if err != nil {
		return nil
	}
	head, content, ok := bytes.Cut(data, []byte("\n"))
	var m cacheMeta
	if !ok || json.Unmarshal(head, &m) != nil || m.RevID != revID || sha256Hex(content) != m.SHA256 {
		return nil
	}
	return &revision{title: m.Title, pageID: m.PageID, revID: m.RevID, timestamp: m.Timestamp.UTC(), item: m.Item, content: content}
}

// put stores a revision with its content.
func (c *Cache) put(wiki string, f Format, r *revision) error {
	head, err := json.Marshal(cacheMeta{Title: r.title, PageID: r.pageID, RevID: r.revID, Timestamp: r.timestamp, Item: r.item, SHA256: sha256Hex(r.content)})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.wikiDir(wiki), 0o755); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	data := append(append(head, '\n'), r.content...)
	if err := writeAtomic(c.path(wiki, r.revID, f), data); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	return nil
}

func (c *Cache) siteInfoPath(wiki string) string {
	return filepath.Join(c.wikiDir(wiki), "siteinfo.json")
}

// siteInfo returns the cached siteinfo of wiki, or nil.
func (c *Cache) siteInfo(wiki string) *siteInfo {
	data, err := os.ReadFile(c.siteInfoPath(wiki))
	if err != nil {
		return nil
	}
	var si siteInfo
	if json.Unmarshal(data, &si) != nil || si.Lang == "" {
		return nil
	}
	return &si
}

func (c *Cache) putSiteInfo(wiki string, si *siteInfo) error {
	data, err := json.Marshal(si)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.wikiDir(wiki), 0o755); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	return writeAtomic(c.siteInfoPath(wiki), data)
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
