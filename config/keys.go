package config

// The keys of pipeline.yaml, one table per mapping. A row is what
// docs/CONFIG.md shows of the key and the function that decodes its value;
// TestKeyTablesMatchDocs holds the two together. Adding a key is adding a
// row (and its line in docs/CONFIG.md).

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/export"
	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/internal/yamlcheck"
)

type (
	checker         = yamlcheck.Checker
	field           = yamlcheck.Field
	keyTable[T any] = []yamlcheck.Key[T]
)

var topKeys = keyTable[Config]{
	{Name: "version", Type: "integer", Default: "`1`", Doc: "the format's version; only `1` exists",
		Decode: func(c *checker, f field, cfg *Config) {
			if v, ok := c.Integer(f); ok && v != 1 {
				c.Errorf(f.Value, "version %d: this wikipipe reads version 1", v)
			}
		}},
	{Name: "inputs", Type: "list", Default: "none", Doc: "the articles to read (below)",
		Decode: func(c *checker, f field, cfg *Config) { cfg.Inputs = inputs(c, f) }},
	{Name: "contact", Type: "text", Default: "none", Doc: "an e-mail address or URL for the User-Agent of requests to a wiki (`--contact`); see the README's Fetching from Wikipedia",
		Decode: func(c *checker, f field, cfg *Config) { cfg.Contact, _ = c.Text(f) }},
	{Name: "output", Type: "text", Default: "`out`", Doc: "the folder the outputs are written to",
		Decode: func(c *checker, f field, cfg *Config) {
			if pathTo(c, f, &cfg.Output) {
				if err := export.CheckOutputDir(cfg.Output, filepath.Dir(c.Path)); errors.Is(err, export.ErrRefused) {
					c.Errorf(f.Value, "output: %v", err)
				}
			}
		}},
	{Name: "formats", Type: "list of text", Default: "all four", Doc: "any of `csv`, `xlsx`, `parquet`, `jsonld`, each at most once",
		Decode: func(c *checker, f field, cfg *Config) { cfg.Formats = formats(c, f) }},
	{Name: "strict_allow", Type: "list of text", Default: "none", Doc: "warning codes that do not fail a run under `--strict` (see [WARNINGS.md](WARNINGS.md))",
		Decode: func(c *checker, f field, cfg *Config) {
			for i, item := range c.List(f) {
				it := yamlcheck.Item(item, fmt.Sprintf("%s[%d]", f.Name, i))
				if code, ok := yamlcheck.Choice(c, it, diag.ParseWarningCode, diag.WarningCodes()); ok {
					cfg.StrictAllow = append(cfg.StrictAllow, code)
				}
			}
		}},
	{Name: "csv", Type: "mapping", Doc: "CSV options (below)",
		Decode: func(c *checker, f field, cfg *Config) { yamlcheck.Walk(c, f.Value, f.Name, csvKeys, &cfg.CSV) }},
	{Name: "extract", Type: "mapping", Doc: "reader options (below)",
		Decode: func(c *checker, f field, cfg *Config) { yamlcheck.Walk(c, f.Value, f.Name, extractKeys, &cfg.Extract) }},
	{Name: "limits", Type: "mapping", Doc: "memory bounds of reading one input (below)",
		Decode: func(c *checker, f field, cfg *Config) {
			yamlcheck.Walk(c, f.Value, f.Name, limitKeys, &cfg.Extract.Limits)
		}},
	{Name: "datasets", Type: "mapping", Default: "none", Doc: "the declared datasets, in the order they are written",
		Decode: func(c *checker, f field, cfg *Config) { cfg.Datasets = datasets(c, f) }},
}

var inputKeys = keyTable[Input]{
	{Name: "path", Type: "text", Default: "required for files", Doc: "a file, glob, folder or `-`",
		Decode: func(c *checker, f field, in *Input) { pathTo(c, f, &in.Path) }},
	{Name: "format", Type: "text", Default: "`auto`", Doc: "`auto` (sniffed from the content), `text`, `wikitext`, `html`, `dump`",
		Decode: func(c *checker, f field, in *Input) {
			if dl, ok := yamlcheck.Choice(c, f, extract.ParseDialect, extract.Dialects); ok {
				in.Format = dl
			}
		}},
	{Name: "wiki", Type: "text", Default: "from the input, else `en.wikipedia.org`", Doc: "the wiki of the articles: of a file whose content does not name it (a dump's `<siteinfo>` and an HTML page's `<base>` do), or to fetch from (required with `titles`, `titles_from` and `category`): a host (`ar.wikipedia.org`), a URL or a database name (`simplewiki`)",
		Decode: decodeWiki},
	{Name: "titles", Type: "list of text", Default: "none", Doc: "pages of `wiki` to fetch, by title (`format`: `wikitext` or `html`); with `path` (a dump, no `wiki`), the pages read of the dump, through its multistream index when there is one",
		Decode: decodeTitles},
	{Name: "titles_from", Type: "text", Default: "none", Doc: "a file of titles to fetch (or, with `path`, to read of the dump), one a line; blank lines and `#` lines skipped",
		Decode: func(c *checker, f field, in *Input) { pathTo(c, f, &fetchOf(in).TitlesFrom) }},
	{Name: "category", Type: "text", Default: "none", Doc: "a category of `wiki` whose articles (namespace 0) to fetch, with or without `Category:`",
		Decode: decodeCategory},
	{Name: "depth", Type: "integer", Default: "`0`", Doc: "with `category`: the levels of sub-categories whose articles to fetch too",
		Decode: decodeDepth},
	{Name: "api", Type: "text", Default: "`https://WIKI/w/api.php`", Doc: "the URL of the wiki's Action API, for a wiki with another layout",
		Decode: decodeAPI},
	{Name: "title", Type: "text", Default: "from the file name", Doc: "the title of a wikitext or text-dialect article that names none (for `-` or a file not named after its title)",
		Decode: func(c *checker, f field, in *Input) {
			if s, ok := c.Text(f); ok {
				if strings.TrimSpace(s) == "" {
					c.Errorf(f.Value, "%s: empty title", f.Name)
				} else {
					in.Title = strings.TrimSpace(s)
				}
			}
		}},
}

var csvKeys = keyTable[export.CSVOptions]{
	{Name: "bom", Type: "bool", Default: "`false`", Doc: "start each CSV file with a UTF-8 byte order mark (for older Excel)",
		Decode: func(c *checker, f field, o *export.CSVOptions) { o.BOM, _ = c.Boolean(f) }},
	{Name: "crlf", Type: "bool", Default: "`false`", Doc: "end lines with CRLF instead of LF",
		Decode: func(c *checker, f field, o *export.CSVOptions) { o.CRLF, _ = c.Boolean(f) }},
	{Name: "escape_formulas", Type: "bool", Default: "`false`", Doc: "prefix `'` to cells starting with `=` `+` `-` `@`, tab or CR, which spreadsheets run as formulas (README: CSV)",
		Decode: func(c *checker, f field, o *export.CSVOptions) { o.EscapeFormulas, _ = c.Boolean(f) }},
}

var extractKeys = keyTable[extract.Options]{
	{Name: "infobox_names", Type: "list of text", Default: "none", Doc: "changes the templates read as infoboxes besides `Infobox …` (by default `Taxobox`, `Automatic taxobox`, `Speciesbox`, `Subspeciesbox`, `Infraspeciesbox`, `Virusbox`, `Chembox`, `Drugbox`, `Enzyme`, `Protein`, `Geobox`, `Starbox begin`, `Planetbox begin`, `Personendaten`): `Mybox` adds one, `-Personendaten` removes one, `-Infobox` drops the generic nested `{{Infobox}}`",
		Decode: func(c *checker, f field, o *extract.Options) { o.InfoboxNames = texts(c, f) }},
	{Name: "all_tables", Type: "bool", Default: "`false`", Doc: "html: read every content table, not only `table.wikitable`",
		Decode: func(c *checker, f field, o *extract.Options) { o.AllTables, _ = c.Boolean(f) }},
	{Name: "all_namespaces", Type: "bool", Default: "`false`", Doc: "dump: keep pages outside the article namespace",
		Decode: func(c *checker, f field, o *extract.Options) { o.AllNamespaces, _ = c.Boolean(f) }},
}

var limitKeys = keyTable[extract.Limits]{
	{Name: "article", Type: "size", Default: "`6 MiB`", Doc: "the largest article text: a dump page's wikitext, any other input file whole",
		Decode: func(c *checker, f field, l *extract.Limits) { l.Article, _ = size(c, f) }},
	{Name: "line", Type: "size", Default: "`4 MiB`", Doc: "the longest line of an article text (HTML, not read by lines, has no limit)",
		Decode: func(c *checker, f field, l *extract.Limits) { l.Line, _ = size(c, f) }},
	{Name: "ratio", Type: "integer", Default: "`100`", Doc: "the largest ratio of a compressed dump's decompressed size to its size, past its first 64 MiB",
		Decode: func(c *checker, f field, l *extract.Limits) {
			if v, ok := c.Integer(f); ok {
				if v < 1 {
					c.Errorf(f.Value, "%s: %d: want a ratio of at least 1", f.Name, v)
					return
				}
				l.Ratio = int64(v)
			}
		}},
	{Name: "on_exceed", Type: "text", Default: "`fail`", Doc: "`fail`: an article past a limit is a located error and the run exits 1; `skip`: it is left out with a warning",
		Decode: func(c *checker, f field, l *extract.Limits) {
			if s, ok := c.Text(f); ok {
				switch s {
				case "fail", "skip":
					l.Skip = s == "skip"
				default:
					c.Errorf(f.Value, "%s: %q: want fail or skip", f.Name, s)
				}
			}
		}},
}

// size decodes a size: an integer of bytes or a number with a unit, "8 MiB".
func size(c *checker, f field) (int64, bool) {
	s, ok := f.Value.Value, f.Value.Tag == "!!int"
	if !ok {
		if s, ok = c.Text(f); !ok {
			return 0, false
		}
	}
	num, unit, _ := strings.Cut(strings.TrimSpace(s), " ")
	if unit == "" { // "8MiB"
		i := strings.IndexFunc(num, func(r rune) bool { return r < '0' || r > '9' })
		if i > 0 {
			num, unit = num[:i], num[i:]
		}
	}
	shift := map[string]uint{"": 0, "B": 0, "KiB": 10, "MiB": 20, "GiB": 30}
	sh, okUnit := shift[strings.TrimSpace(unit)]
	n, err := strconv.ParseInt(num, 10, 64)
	if !okUnit || err != nil || n < 1 || n > 1<<(62-sh) {
		c.Errorf(f.Value, "%s: %q: want a size such as 8 MiB (units B, KiB, MiB, GiB)", f.Name, s)
		return 0, false
	}
	return n << sh, true
}

func inputs(c *checker, f field) []Input {
	var out []Input
	for i, item := range c.List(f) {
		in := Input{Format: extract.Auto}
		it := yamlcheck.Item(item, fmt.Sprintf("%s[%d]", f.Name, i))
		if item.Kind == yaml.ScalarNode {
			if !pathTo(c, it, &in.Path) {
				continue
			}
		} else {
			yamlcheck.Walk(c, item, it.Name, inputKeys, &in)
			if checkFetch(c, item, it.Name, &in) {
				out = append(out, in)
				continue
			}
			if in.Path == "" && item.Kind == yaml.MappingNode {
				c.Errorf(item, "%s: no path: give a file, glob, folder or -", it.Name)
				continue
			}
		}
		out = append(out, in)
	}
	return out
}

// pathTo sets *dst to the path in f, taken from the config file's folder
// when relative ("-" is standard input).
func pathTo(c *checker, f field, dst *string) bool {
	s, ok := c.Text(f)
	if !ok {
		return false
	}
	if strings.TrimSpace(s) == "" {
		c.Errorf(f.Value, "%s: empty path", f.Name)
		return false
	}
	if s != "-" && !filepath.IsAbs(s) {
		s = filepath.Join(filepath.Dir(c.Path), s)
	}
	*dst = s
	return true
}

func formats(c *checker, f field) []export.Format {
	var out []export.Format
	for i, item := range c.List(f) {
		it := yamlcheck.Item(item, fmt.Sprintf("%s[%d]", f.Name, i))
		ft, ok := yamlcheck.Choice(c, it, export.ParseFormat, export.Formats)
		switch {
		case !ok:
		case slices.Contains(out, ft):
			c.Errorf(item, "%s: format %s is listed twice", it.Name, ft)
		default:
			out = append(out, ft)
		}
	}
	if len(out) == 0 && yamlcheck.IsSeq(f.Value) && len(f.Value.Content) == 0 {
		c.Errorf(f.Value, "%s: empty: name at least one of csv, xlsx, parquet, jsonld (or leave formats out for all)", f.Name)
	}
	return out
}

// texts decodes a list of text.
func texts(c *checker, f field) []string {
	var out []string
	for i, item := range c.List(f) {
		if s, ok := c.Text(yamlcheck.Item(item, fmt.Sprintf("%s[%d]", f.Name, i))); ok {
			out = append(out, s)
		}
	}
	return out
}
