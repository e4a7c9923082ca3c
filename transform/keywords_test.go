package transform

import (
	"strings"
	"testing"
)

// The SQL keywords a column name must not be, so that every core column can
// be named bare in a query. The lists are the engines' own:
//
//   - DuckDB 1.5.6: SELECT keyword_name FROM duckdb_keywords() WHERE
//     keyword_category = 'reserved'.
//   - PostgreSQL: the keywords src/include/parser/kwlist.h marks
//     RESERVED_KEYWORD (the "reserved" column of the SQL Key Words appendix),
//     with system_user (reserved since PostgreSQL 16).
//   - SQLite: the keywords of its lang_keywords page that are not in parse.y's
//     "%fallback ID" list nor join keywords (which name columns too): the
//     ones it never takes as a bare identifier.
var sqlReserved = map[string]string{
	"duckdb": `all analyse analyze and any array as asc asymmetric both case cast check collate column
		constraint create default deferrable desc describe distinct do else end except false fetch for
		foreign from group having in initially intersect into lambda lateral leading limit not null offset
		on only or order pivot pivot_longer pivot_wider placing primary qualify references returning
		select show some summarize symmetric table then to trailing true union unique unpivot using
		variadic when where window with`,
	"postgresql": `all analyse analyze and any array as asc asymmetric both case cast check collate column
		constraint create current_catalog current_date current_role current_time current_timestamp
		current_user default deferrable desc distinct do else end except false fetch for foreign from
		grant group having in initially intersect into lateral leading limit localtime localtimestamp
		not null offset on only or order placing primary references returning select session_user some
		symmetric system_user table then to trailing true union unique user using variadic when where
		window with`,
	"sqlite": `add all alter and as autoincrement between case check collate commit constraint create
		default deferrable delete distinct drop else escape except exists filter foreign from group
		having in index indexed insert intersect into is isnull limit not nothing notnull null on or
		order over primary references returning select set table then to transaction union unique
		update using values when where window`,
}

func TestCoreColumnsAreNotSQLKeywords(t *testing.T) {
	reserved := map[string][]string{}
	for engine, words := range sqlReserved {
		for _, w := range strings.Fields(words) {
			reserved[w] = append(reserved[w], engine)
		}
	}
	// The renamed columns are caught: the lists are not empty of what matters.
	for _, old := range []string{"column", "group"} {
		if len(reserved[old]) == 0 {
			t.Errorf("%q is in no keyword list", old)
		}
	}
	for _, s := range coreSchemas {
		for _, c := range s.Columns {
			if engines := reserved[strings.ToLower(c.Name)]; len(engines) > 0 {
				t.Errorf("%s.%s is a reserved word in %s: it needs quoting", s.Name, c.Name, strings.Join(engines, ", "))
			}
		}
	}
	for _, name := range []string{colArticleID, colSourceLine, colSourceCol} {
		if len(reserved[name]) > 0 {
			t.Errorf("%s is a reserved word", name)
		}
	}
}
