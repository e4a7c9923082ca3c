package transform

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DatasetSpec declares a dataset: where its rows come from and its typed
// columns. pipeline.yaml's datasets decode into it; Go callers may build it
// directly. Exactly one of Table and Infobox is set.
type DatasetSpec struct {
	Name        string
	Description string
	Table       *TableSource
	Infobox     *InfoboxSource
	Columns     []ColumnSpec
	// JSONLD maps each row to a schema.org node; nil for none.
	JSONLD *JSONLDMap
}

// TableSource selects tables: every table of every article that all the set
// selectors match gives one row per body row.
type TableSource struct {
	// Section matches the heading of the section that holds the table (its
	// nearest heading; the lead's heading is empty).
	Section *Matcher
	// Header lists matchers that must each match one of the table's column
	// names.
	Header []Matcher
	// Caption matches the table's caption.
	Caption *Matcher
	// HeaderRows, if set, is how many of the table's first rows are header
	// rows; nil keeps the rows the input marks as header.
	HeaderRows *int
}

// InfoboxSource selects infobox fields.
type InfoboxSource struct {
	// Name matches the infobox's name (template name or label line); nil
	// for every infobox.
	Name *Matcher
	// GroupBy is "" for one row per infobox, or GroupOrdinal for one row per
	// numbered group (Party1, Mission1… → row 1).
	GroupBy GroupBy
}

// GroupBy says how an infobox source makes rows.
type GroupBy string

// GroupOrdinal makes one row per ordinal of the infobox's numbered keys.
const GroupOrdinal GroupBy = "ordinal"

// DateRangeType is a column type of specs only: the value is parsed as a date
// range and the column holds its start or end (Part) as a Date.
const DateRangeType Type = "date_range"

// ColumnTypes lists the types a declared column may have.
var ColumnTypes = []Type{String, Int, Float, Percent, Bool, Date, DateRangeType, Year, Timestamp}

// Part picks one end of a date range.
type Part string

const (
	Start Part = "start"
	End   Part = "end"
)

// OnError says what a value that does not parse becomes.
type OnError string

const (
	Fail OnError = "fail" // Transform returns the located diagnostic as an error
	Null OnError = "null" // the value is null and the diagnostic a warning
)

// ColumnSpec declares one column.
type ColumnSpec struct {
	Name        string
	Description string
	Type        Type // one of ColumnTypes; "" is String
	Part        Part // for DateRangeType
	// From names the table column by header (compared ignoring case, white
	// space and underscores); Index (1-based) picks it by position instead.
	From  string
	Index int
	// Key names the infobox parameter, compared with the field's param
	// (numbered groups) or with its whole key (one row per infobox), both
	// ignoring case, white space and underscores.
	Key     string
	OnError OnError // "" is Fail
}

// Matcher matches a piece of text: exactly (ignoring case, white space and
// underscores) or by a regular expression (RE2, unanchored, on the raw text).
// Exactly one of Exact and Regex is set.
type Matcher struct {
	Exact string
	Regex *regexp.Regexp
}

// Match reports whether s matches.
func (m *Matcher) Match(s string) bool {
	if m.Regex != nil {
		return m.Regex.MatchString(s)
	}
	return foldEqual(s, m.Exact)
}

func (m *Matcher) String() string {
	if m.Regex != nil {
		return "/" + m.Regex.String() + "/"
	}
	return fmt.Sprintf("%q", m.Exact)
}

// foldEqual compares names the way they are matched: ignoring case, white
// space and underscores ("Type of visit", "type_of_visit", "TypeOfVisit"
// agree). It compares rune by rune, so matching allocates nothing.
func foldEqual(a, b string) bool {
	for {
		ra, na := nextFolded(a)
		rb, nb := nextFolded(b)
		if ra != rb {
			return false
		}
		if ra < 0 {
			return true
		}
		a, b = a[na:], b[nb:]
	}
}

// nextFolded returns the first rune of s that is not white space or an
// underscore, lower-cased, and the bytes up to its end; -1 at the end of s.
func nextFolded(s string) (rune, int) {
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		if !isSpaceOrUnderscore(r) {
			return unicode.ToLower(r), i
		}
	}
	return -1, len(s)
}

// namePattern is what dataset and column names must look like: they become
// file names, sheet names and JSON-LD terms.
var namePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// termPattern is the shape of a schema.org term.
var termPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*$`)

// ParseColumnType checks a column type name.
func ParseColumnType(name string) (Type, error) {
	for _, t := range ColumnTypes {
		if string(t) == name {
			return t, nil
		}
	}
	return "", fmt.Errorf("unknown column type %q (want %s)", name, joinTypes(ColumnTypes))
}

// ParsePart checks the name of a date range's end.
func ParsePart(name string) (Part, error) {
	if name != string(Start) && name != string(End) {
		return "", fmt.Errorf("unknown part %q (want start or end)", name)
	}
	return Part(name), nil
}

// ParseOnError checks the name of an on_error policy.
func ParseOnError(name string) (OnError, error) {
	if name != string(Fail) && name != string(Null) {
		return "", fmt.Errorf("unknown on_error %q (want fail or null)", name)
	}
	return OnError(name), nil
}

func joinTypes(ts []Type) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

// typ is the column's spec type, String if unset.
func (c *ColumnSpec) typ() Type {
	if c.Type == "" {
		return String
	}
	return c.Type
}

// onError is the column's policy, Fail if unset.
func (c *ColumnSpec) onError() OnError {
	if c.OnError == "" {
		return Fail
	}
	return c.OnError
}
