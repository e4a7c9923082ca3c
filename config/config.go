// Package config reads pipeline.yaml into a Config.
//
// The file is decoded by walking yaml.v3's node tree rather than by
// unmarshalling into structs, so that every mistake (not only the first) is
// reported with its own line and column, as an *Error listing located
// diagnostics. Each mapping's keys are a table (keys.go, datasets.go) that
// internal/yamlcheck walks; the rules of declared datasets are
// transform.Check's, each reported at the field its path names (locate.go).
// docs/CONFIG.md is the reference.
package config

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/export"
	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/internal/yamlcheck"
	"github.com/wikipipe/wikipipe/transform"
)

// Config is a decoded pipeline.yaml.
type Config struct {
	Path     string // the file it was read from, for messages
	Digest   string // sha256 of the file's bytes, for the run report
	Version  int
	Inputs   []Input
	Contact  string          // for the User-Agent of requests to a wiki
	Output   string          // the output folder, "out" by default
	Formats  []export.Format // every format by default
	CSV      export.CSVOptions
	Extract  extract.Options
	Datasets []transform.DatasetSpec

	// StrictAllow are the warning codes that do not fail a strict run.
	StrictAllow []diag.Code
}

// Input is one entry of inputs: a file, glob, directory or "-", its
// dialect, and the wiki (a host) and title of articles it does not name;
// or, when Fetch is set, pages of that wiki.
type Input struct {
	Path   string
	Format extract.Dialect
	Wiki   string // the host of the wiki the articles are pages of
	Title  string // the title of an article its input does not name
	Fetch  *Fetch // the pages to fetch from Wiki instead of a Path
	// Pages and PagesFrom (a file of one title a line) select the pages
	// read of a dump Path: titles: and titles_from: on a dump input.
	Pages     []string
	PagesFrom string
}

// Error lists every mistake found in a pipeline.yaml, each located.
type Error struct {
	Diagnostics diag.List
}

func (e *Error) Error() string {
	s := make([]string, len(e.Diagnostics))
	for i, d := range e.Diagnostics {
		s[i] = d.String()
	}
	return strings.Join(s, "\n")
}

// Load reads and checks pipeline.yaml. Relative paths in it (inputs,
// output) are taken from the file's folder. Every mistake is a located
// diagnostic of the returned *Error.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Parse(path, data)
}

// Parse checks the bytes of a pipeline file read from path.
func Parse(path string, data []byte) (*Config, error) {
	sum := sha256.Sum256(data)
	cfg := &Config{Path: path, Digest: hex.EncodeToString(sum[:]), Version: 1, Output: "out", Formats: export.Formats}
	c := &yamlcheck.Checker{Path: path}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		c.Syntax(err)
		return nil, &Error{c.Diags}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		c.Errorf(&extra, "a second YAML document: pipeline.yaml holds one")
	} else if err != io.EOF {
		c.Syntax(err)
	}
	if len(doc.Content) > 0 && !yamlcheck.IsNull(doc.Content[0]) {
		yamlcheck.Walk(c, doc.Content[0], "", topKeys, cfg)
	}
	if len(c.Diags) > 0 {
		// Found in walking order (a repeated key before its mapping's
		// contents); reported in file order.
		slices.SortStableFunc(c.Diags, func(a, b diag.Diagnostic) int {
			return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
		})
		return nil, &Error{c.Diags}
	}
	return cfg, nil
}
