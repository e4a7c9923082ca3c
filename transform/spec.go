package transform

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
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
var ColumnTypes = []Type{String, Int, Float, Percent, Bool, Date, DateRangeType, Year}

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

// Check reports a matcher that can never match usefully.
func (m *Matcher) Check() error {
	switch {
	case m.Regex != nil && m.Exact != "":
		return errors.New("set exact text or a regex, not both")
	case m.Regex == nil && strings.TrimSpace(m.Exact) == "":
		return errors.New("empty selector: give the text to match, or a regex")
	}
	return nil
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

// CheckDatasetName reports a dataset name that cannot be used.
func CheckDatasetName(name string) error {
	if !namePattern.MatchString(name) {
		return fmt.Errorf("dataset name %q: want a letter then letters, digits or _", name)
	}
	for _, c := range coreNames {
		if strings.EqualFold(name, c) {
			return fmt.Errorf("dataset name %q is taken by a core dataset (core: %s)", name, strings.Join(coreNames, ", "))
		}
	}
	return nil
}

// CheckColumnName reports a column name that cannot be used.
func CheckColumnName(name string) error {
	if !namePattern.MatchString(name) {
		return fmt.Errorf("column name %q: want a letter then letters, digits or _", name)
	}
	for _, c := range []string{colArticleID, colSourceLine, colSourceCol} {
		if strings.EqualFold(name, c) {
			return fmt.Errorf("column name %q is added to every declared dataset; choose another", name)
		}
	}
	return nil
}

// ParseColumnType checks a column type name.
func ParseColumnType(name string) (Type, error) {
	for _, t := range ColumnTypes {
		if string(t) == name {
			return t, nil
		}
	}
	return "", fmt.Errorf("unknown column type %q (want %s)", name, joinTypes(ColumnTypes))
}

func joinTypes(ts []Type) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

// Check reports what makes a column unusable in a dataset whose rows come
// from tables (fromTable) or infoboxes. The checks are the same for
// pipeline.yaml and for Go callers.
func (c *ColumnSpec) Check(fromTable bool) error {
	var errs []error
	if c.Type != "" {
		if _, err := ParseColumnType(string(c.Type)); err != nil {
			errs = append(errs, err)
		}
	}
	switch {
	case c.Type == DateRangeType && c.Part == "":
		errs = append(errs, errors.New("type date_range needs part: start or part: end"))
	case c.Type != DateRangeType && c.Part != "":
		errs = append(errs, fmt.Errorf("part is only for type date_range, not %s", c.typ()))
	case c.Part != "" && c.Part != Start && c.Part != End:
		errs = append(errs, fmt.Errorf("unknown part %q (want start or end)", c.Part))
	}
	if c.OnError != "" && c.OnError != Fail && c.OnError != Null {
		errs = append(errs, fmt.Errorf("unknown on_error %q (want fail or null)", c.OnError))
	}
	if c.Index < 0 {
		errs = append(errs, fmt.Errorf("column index %d: columns count from 1", c.Index))
	}
	byHeader, byIndex, byKey := strings.TrimSpace(c.From) != "", c.Index > 0, strings.TrimSpace(c.Key) != ""
	switch {
	case fromTable && byKey:
		errs = append(errs, errors.New("key is for infobox datasets; a table column takes from: HEADER or from: INDEX"))
	case !fromTable && (byHeader || byIndex):
		errs = append(errs, errors.New("from is for table datasets; an infobox column takes key: PARAM"))
	case fromTable && byHeader && byIndex:
		errs = append(errs, errors.New("give from a header name or an index, not both"))
	case fromTable && !byHeader && !byIndex:
		errs = append(errs, errors.New("column has no from: give a header name or a 1-based index"))
	case !fromTable && !byKey:
		errs = append(errs, errors.New("column has no key: give the infobox parameter"))
	}
	return errors.Join(errs...)
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

// CheckSource reports a dataset whose rows can never come from anywhere.
func (s *DatasetSpec) CheckSource() error {
	switch {
	case s.Table == nil && s.Infobox == nil:
		return errors.New("dataset has no source: give from: table or from: infobox")
	case s.Table != nil && s.Infobox != nil:
		return errors.New("dataset has two sources: give from: table or from: infobox, not both")
	case s.Table != nil:
		t := s.Table
		if t.Section == nil && t.Caption == nil && len(t.Header) == 0 {
			return errors.New("empty table selector: give section, header or caption")
		}
		if t.HeaderRows != nil && *t.HeaderRows < 0 {
			return fmt.Errorf("header_rows %d: want 0 or more", *t.HeaderRows)
		}
		for _, m := range append(append([]Matcher{}, t.Header...), deref(t.Section, t.Caption)...) {
			if err := m.Check(); err != nil {
				return err
			}
		}
	case s.Infobox != nil:
		if g := s.Infobox.GroupBy; g != "" && g != GroupOrdinal {
			return fmt.Errorf("unknown group_by %q (want ordinal, or leave it out for one row per infobox)", g)
		}
		for _, m := range deref(s.Infobox.Name) {
			if err := m.Check(); err != nil {
				return err
			}
		}
	}
	return nil
}

func deref(ms ...*Matcher) []Matcher {
	var out []Matcher
	for _, m := range ms {
		if m != nil {
			out = append(out, *m)
		}
	}
	return out
}

// CheckJSONLD reports a JSON-LD mapping that names columns the dataset does
// not have, or terms that are not schema.org-shaped.
func CheckJSONLD(m *JSONLDMap, columns []string) error {
	errs := []error{CheckJSONLDType(m.Type)}
	if len(m.Properties) == 0 {
		errs = append(errs, errors.New("jsonld has no properties"))
	}
	seen := map[string]bool{}
	for _, p := range m.Properties {
		if seen[p.Property] {
			errs = append(errs, fmt.Errorf("jsonld property %q is mapped twice", p.Property))
		}
		seen[p.Property] = true
		errs = append(errs, CheckJSONLDField(p, columns))
	}
	return errors.Join(errs...)
}

// CheckJSONLDType reports a row type that is not a schema.org-shaped term.
func CheckJSONLDType(t string) error {
	if !termPattern.MatchString(t) {
		return fmt.Errorf("jsonld type %q: want a schema.org type such as Event", t)
	}
	return nil
}

// CheckJSONLDField reports a property mapping that is not schema.org-shaped
// or names a column not in columns.
func CheckJSONLDField(p JSONLDField, columns []string) error {
	var errs []error
	if !termPattern.MatchString(p.Property) {
		errs = append(errs, fmt.Errorf("jsonld property %q: want a schema.org property such as startDate", p.Property))
	}
	if !slices.Contains(columns, p.Column) {
		errs = append(errs, fmt.Errorf("jsonld property %s: no column %q (columns: %s)", p.Property, p.Column, strings.Join(columns, ", ")))
	}
	if p.Type != "" && !termPattern.MatchString(p.Type) {
		errs = append(errs, fmt.Errorf("jsonld property %s: type %q: want a schema.org type such as Person", p.Property, p.Type))
	}
	return errors.Join(errs...)
}

// termPattern is the shape of a schema.org term.
var termPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*$`)
