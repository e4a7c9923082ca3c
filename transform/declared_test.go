package transform

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/extract"
)

// Hand-built documents: every table row sits on its own line, cells every 10
// columns, so that positions in diagnostics can be checked.

func testDoc(infoboxes []extract.Infobox, sections ...*extract.Section) *extract.Document {
	lead := &extract.Section{Pos: extract.Pos{Line: 1, Col: 1}}
	return &extract.Document{Title: "Test page", Source: extract.Source{Path: "test.txt", Dialect: extract.Text},
		Infoboxes: infoboxes, Sections: append([]*extract.Section{lead}, sections...)}
}

func sec(level int, heading string, line int, children []*extract.Section, blocks ...extract.Block) *extract.Section {
	return &extract.Section{Pos: extract.Pos{Line: line, Col: 1}, Level: level, Heading: heading, Blocks: blocks, Children: children}
}

// table makes a table at line whose first header rows are header; the rest body.
func table(line int, caption string, header int, rows ...[]string) extract.Block {
	t := &extract.Table{Pos: extract.Pos{Line: line, Col: 1}, Caption: caption}
	for i, cells := range rows {
		r := extract.Row{Pos: extract.Pos{Line: line + i, Col: 1}}
		for j, c := range cells {
			r.Cells = append(r.Cells, extract.Cell{Pos: extract.Pos{Line: line + i, Col: 1 + 10*j}, Text: c})
		}
		if i < header {
			t.Header = append(t.Header, r)
		} else {
			t.Body = append(t.Body, r)
		}
	}
	return extract.Block{Table: t}
}

// tablesDoc has four tables: two of people (in "Members" and its
// subsection), one of results with two header rows, and one captioned.
func tablesDoc() *extract.Document {
	return testDoc(nil,
		sec(2, "Members", 10, []*extract.Section{
			sec(3, "Former members", 20, nil,
				table(21, "", 1, []string{"Year", "Name"}, []string{"1990", "Carol"})),
		},
			table(11, "", 1, []string{"Name", " Year  of birth"}, []string{"Alice", "1950"}, []string{"Bob", "1961", "extra"}, []string{"Dan"})),
		sec(2, "Results", 30, nil,
			table(31, "", 2, []string{"Party", "Votes", "Votes"}, []string{"", "#", "%"}, []string{"A", "1,000", "53%"}, []string{"B", "887", "47%"}),
			table(41, "Seats by year", 1, []string{"Year", "Seats"}, []string{"2003", "12"})),
	)
}

func exact(s string) *Matcher { return &Matcher{Exact: s} }

func regex(s string) *Matcher { return &Matcher{Regex: regexp.MustCompile(s)} }

func intp(n int) *int { return &n }

// run transforms doc with one declared dataset and returns its rows.
func run(t *testing.T, spec DatasetSpec, doc *extract.Document) ([]Row, *Article) {
	t.Helper()
	tr, err := New([]DatasetSpec{spec})
	if err != nil {
		t.Fatal(err)
	}
	a, err := tr.Transform(doc)
	if err != nil {
		t.Fatal(err)
	}
	return a.Rows[nCore], a
}

// show renders rows without article_id, for compact expectations.
func show(rows []Row) string {
	var lines []string
	for _, r := range rows {
		var f []string
		for _, v := range r[1:] {
			f = append(f, valueString(v))
		}
		lines = append(lines, strings.Join(f, ","))
	}
	return strings.Join(lines, "\n")
}

func TestDeclaredTableSelection(t *testing.T) {
	name := ColumnSpec{Name: "name", From: "NAME"}
	year := ColumnSpec{Name: "year", From: "year of birth", Type: Int, OnError: Null}
	for _, tc := range []struct {
		name string
		src  TableSource
		cols []ColumnSpec
		want string // rows without article_id, source position last
	}{
		{"section exact, case and spaces ignored", TableSource{Section: exact(" members ")}, []ColumnSpec{name, year},
			"Alice,1950,12,1\nBob,1961,13,1\nDan,\\N,14,1"},
		{"section is the nearest heading", TableSource{Section: exact("Former members")}, []ColumnSpec{name},
			"Carol,22,1"},
		{"section regex matches both", TableSource{Section: regex(`(?i)members$`)}, []ColumnSpec{name},
			"Alice,12,1\nBob,13,1\nDan,14,1\nCarol,22,1"},
		{"header cells in any order", TableSource{Header: []Matcher{*exact("year"), *exact("name")}}, []ColumnSpec{name},
			"Carol,22,1"},
		{"header regex", TableSource{Header: []Matcher{*regex(`^Year$`)}}, []ColumnSpec{{Name: "first", Index: 1}},
			"1990,22,1\n2003,42,1"},
		{"caption", TableSource{Caption: exact("seats by YEAR")}, []ColumnSpec{{Name: "seats", From: "Seats", Type: Int}},
			"12,42,1"},
		{"caption regex", TableSource{Caption: regex(`^Seats`)}, []ColumnSpec{{Name: "year", From: "year", Type: Year}},
			"2003,42,1"},
		{"all selectors must match", TableSource{Section: exact("Results"), Caption: exact("nothing")}, []ColumnSpec{name},
			""},
		{"two header rows as the input marks them", TableSource{Section: exact("Results"), Header: []Matcher{*exact("Votes / %")}},
			[]ColumnSpec{{Name: "party", From: "party"}, {Name: "votes", From: "Votes / #", Type: Int}, {Name: "share", From: "votes/%", Type: Percent}},
			"A,1000,0.53,33,1\nB,887,0.47,34,1"},
		{"header_rows 0: every row is a body row", TableSource{Caption: regex(`Seats`), HeaderRows: intp(0)},
			[]ColumnSpec{{Name: "a", Index: 1}, {Name: "b", Index: 2}, {Name: "c", Index: 3}},
			"Year,Seats,\\N,41,1\n2003,12,\\N,42,1"},
		{"header_rows 2 on a one-header table", TableSource{Section: exact("Members"), HeaderRows: intp(2)},
			[]ColumnSpec{{Name: "name", From: "Name / Alice"}},
			"Bob,13,1\nDan,14,1"},
		{"by index past the row's end is null", TableSource{Section: exact("Members")},
			[]ColumnSpec{{Name: "third", Index: 3}},
			"\\N,12,1\nextra,13,1\n\\N,14,1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.src
			rows, a := run(t, DatasetSpec{Name: "ds", Table: &src, Columns: tc.cols}, tablesDoc())
			if got := show(rows); got != tc.want {
				t.Errorf("rows:\n%s\nwant:\n%s", got, tc.want)
			}
			for _, d := range a.Diagnostics {
				t.Errorf("diagnostic: %s", d)
			}
		})
	}
}

func TestDeclaredOnError(t *testing.T) {
	doc := testDoc(nil, sec(2, "Visits", 110, nil,
		table(111, "", 1, []string{"Who", "Date"}, []string{"A", "September 25-30, 1994"}, []string{"B", "Sept 31, 1994"}, []string{"C", ""})))
	spec := func(onError OnError) DatasetSpec {
		return DatasetSpec{Name: "visits", Table: &TableSource{Section: exact("Visits")}, Columns: []ColumnSpec{
			{Name: "who", From: "Who"},
			{Name: "start_date", From: "Date", Type: DateRangeType, Part: Start, OnError: onError},
		}}
	}
	_, dateErr := ParseDateRange("Sept 31, 1994")
	if dateErr == nil {
		t.Fatal(`ParseDateRange("Sept 31, 1994") gives no error`)
	}
	wantMsg := fmt.Sprintf(`test.txt:113:11: transform: visits.start_date: "Sept 31, 1994": %v`, dateErr)

	t.Run("null", func(t *testing.T) {
		rows, a := run(t, spec(Null), doc)
		if got, want := show(rows), "A,1994-09-25,112,1\nB,\\N,113,1\nC,\\N,114,1"; got != want {
			t.Errorf("rows:\n%s\nwant:\n%s", got, want)
		}
		if len(a.Diagnostics) != 1 || a.Diagnostics[0].String() != wantMsg+" [W-bad-value]" || a.Diagnostics[0].Severity != diag.Warning {
			t.Errorf("diagnostics %v, want one warning %s", a.Diagnostics, wantMsg)
		}
	})
	for _, onError := range []OnError{Fail, ""} {
		t.Run("fail "+string(onError), func(t *testing.T) {
			tr, err := New([]DatasetSpec{spec(onError)})
			if err != nil {
				t.Fatal(err)
			}
			a, err := tr.Transform(doc)
			var d diag.Diagnostic
			if !errors.As(err, &d) || d.Severity != diag.Error || d.String() != wantMsg+" [E-bad-value]" || a != nil {
				t.Errorf("Transform = %v, %v; want the error %s", a, err, wantMsg)
			}
		})
	}
}

func TestDeclaredMissingColumn(t *testing.T) {
	spec := DatasetSpec{Name: "people", Table: &TableSource{Section: exact("Members")}, Columns: []ColumnSpec{
		{Name: "name", From: "Name"},
		{Name: "height", From: "Height", OnError: Null},
	}}
	rows, a := run(t, spec, tablesDoc())
	if got, want := show(rows), "Alice,\\N,12,1\nBob,\\N,13,1\nDan,\\N,14,1"; got != want {
		t.Errorf("rows:\n%s\nwant:\n%s", got, want)
	}
	want := `test.txt:11:1: transform: people.height: no column "Height" in this table (columns: "Name", "Year  of birth"); its values are null [W-missing-column]`
	if len(a.Diagnostics) != 1 || a.Diagnostics[0].String() != want {
		t.Errorf("diagnostics %v, want %s", a.Diagnostics, want)
	}
	spec.Columns[1].OnError = Fail
	tr, _ := New([]DatasetSpec{spec})
	if _, err := tr.Transform(tablesDoc()); err == nil || !strings.Contains(err.Error(), `no column "Height"`) || !strings.HasSuffix(err.Error(), "[E-missing-column]") {
		t.Errorf("on_error fail: %v", err)
	}
}

func infoboxDoc() *extract.Document {
	field := func(line int, key, value string) extract.Field {
		return extract.Field{Pos: extract.Pos{Line: line, Col: 1}, Key: key, Value: value}
	}
	return testDoc([]extract.Infobox{
		{Pos: extract.Pos{Line: 3, Col: 1}, Name: "Infobox officeholder", Fields: []extract.Field{
			field(4, "Name", "Ada"),
			field(5, "Office", "Mayor"),
			field(6, "Term Start", "1990"),
			field(7, "Office2", "Governor"),
			field(8, "term_start2", "1999"),
			field(9, "Image1", "ada.jpg"),
			field(10, "Party1", " "),
		}},
		{Pos: extract.Pos{Line: 12, Col: 1}, Name: "Infobox person", Fields: []extract.Field{
			field(13, "Name", "Ada L."),
			field(14, "Office3", "Senator"),
		}},
	})
}

func TestDeclaredInfobox(t *testing.T) {
	office := ColumnSpec{Name: "office", Key: "office"}
	start := ColumnSpec{Name: "start", Key: "TERM_START", Type: Year}
	for _, tc := range []struct {
		name string
		src  InfoboxSource
		cols []ColumnSpec
		want string
	}{
		{"group by ordinal, bare key is group 1", InfoboxSource{GroupBy: GroupOrdinal}, []ColumnSpec{office, start},
			"Mayor,1990,5,1\nGovernor,1999,7,1\nSenator,\\N,14,1"},
		{"group by ordinal, name selected", InfoboxSource{GroupBy: GroupOrdinal, Name: regex(`officeholder`)}, []ColumnSpec{office, start},
			"Mayor,1990,5,1\nGovernor,1999,7,1"},
		{"a group with none of the keys gives no row", InfoboxSource{GroupBy: GroupOrdinal}, []ColumnSpec{{Name: "image", Key: "Image"}},
			"ada.jpg,9,1"},
		{"a blank value is null", InfoboxSource{GroupBy: GroupOrdinal, Name: exact("infobox officeholder")}, []ColumnSpec{{Name: "party", Key: "Party"}, office},
			"\\N,Mayor,5,1\n\\N,Governor,7,1"},
		{"one row per infobox, whole keys", InfoboxSource{}, []ColumnSpec{{Name: "name", Key: "name"}, {Name: "office2", Key: "Office 2"}, {Name: "office", Key: "Office"}},
			"Ada,Governor,Mayor,3,1\nAda L.,\\N,\\N,12,1"},
		{"one row per infobox, name selected", InfoboxSource{Name: exact("Infobox Person")}, []ColumnSpec{{Name: "name", Key: "name"}},
			"Ada L.,12,1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.src
			rows, a := run(t, DatasetSpec{Name: "ds", Infobox: &src, Columns: tc.cols}, infoboxDoc())
			if got := show(rows); got != tc.want {
				t.Errorf("rows:\n%s\nwant:\n%s", got, tc.want)
			}
			for _, d := range a.Diagnostics {
				t.Errorf("diagnostic: %s", d)
			}
		})
	}
}

func TestNewRejects(t *testing.T) {
	tbl := &TableSource{Section: exact("X")}
	col := []ColumnSpec{{Name: "a", From: "A"}}
	for _, tc := range []struct {
		spec DatasetSpec
		want string
	}{
		{DatasetSpec{Name: "sections", Table: tbl, Columns: col}, "taken by a core dataset"},
		{DatasetSpec{Name: "my-data", Table: tbl, Columns: col}, "want a letter then letters"},
		{DatasetSpec{Name: "d", Columns: col}, "datasets.d.from: no from"},
		{DatasetSpec{Name: "d", Table: tbl, Infobox: &InfoboxSource{}, Columns: col}, "two sources"},
		{DatasetSpec{Name: "d", Table: &TableSource{}, Columns: col}, "empty table selector"},
		{DatasetSpec{Name: "d", Table: &TableSource{Section: exact(" ")}, Columns: col}, "empty selector"},
		{DatasetSpec{Name: "d", Table: &TableSource{Caption: exact("c"), HeaderRows: intp(-1)}, Columns: col}, "datasets.d.from.table.header_rows: -1: want 0 or more"},
		{DatasetSpec{Name: "d", Infobox: &InfoboxSource{GroupBy: "party"}, Columns: []ColumnSpec{{Name: "a", Key: "A"}}}, `unknown group_by "party"`},
		{DatasetSpec{Name: "d", Table: tbl}, "no columns"},
		{DatasetSpec{Name: "d", Table: tbl, Columns: []ColumnSpec{{Name: "a", From: "A"}, {Name: "A", From: "B"}}}, "declared twice"},
		{DatasetSpec{Name: "d", Table: tbl, Columns: []ColumnSpec{{Name: "article_id", From: "A"}}}, "added to every declared dataset"},
		{DatasetSpec{Name: "d", Table: tbl, Columns: []ColumnSpec{{Name: "a", From: "A", Type: "datetime"}}}, `unknown column type "datetime"`},
		{DatasetSpec{Name: "d", Table: tbl, Columns: []ColumnSpec{{Name: "a", From: "A", Type: DateRangeType}}}, "needs part"},
		{DatasetSpec{Name: "d", Table: tbl, Columns: []ColumnSpec{{Name: "a", From: "A", Type: Date, Part: Start}}}, "part is only for type date_range"},
		{DatasetSpec{Name: "d", Table: tbl, Columns: []ColumnSpec{{Name: "a"}}}, "column has no from"},
		{DatasetSpec{Name: "d", Table: tbl, Columns: []ColumnSpec{{Name: "a", Key: "A"}}}, "key is for infobox datasets"},
		{DatasetSpec{Name: "d", Infobox: &InfoboxSource{}, Columns: []ColumnSpec{{Name: "a", From: "A"}}}, "from is for table datasets"},
		{DatasetSpec{Name: "d", Table: tbl, Columns: []ColumnSpec{{Name: "a", From: "A", OnError: "skip"}}}, `unknown on_error "skip"`},
		{DatasetSpec{Name: "d", Table: tbl, Columns: col, JSONLD: &JSONLDMap{Type: "Event", Properties: []JSONLDField{{Property: "name", Column: "b"}}}}, `no column "b"`},
		{DatasetSpec{Name: "d", Table: tbl, Columns: col, JSONLD: &JSONLDMap{Type: "schema:Event", Properties: []JSONLDField{{Property: "name", Column: "a"}}}}, `jsonld type "schema:Event"`},
	} {
		_, err := New([]DatasetSpec{tc.spec})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v) = %v, want an error with %q", tc.spec, err, tc.want)
		}
	}
	spec := DatasetSpec{Name: "d", Table: tbl, Columns: col}
	if _, err := New([]DatasetSpec{spec, spec}); err == nil || !strings.Contains(err.Error(), "declared twice") {
		t.Errorf("a dataset declared twice: %v", err)
	}
}

func TestSchemas(t *testing.T) {
	tr, err := New(seedSpecs())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range tr.Schemas() {
		names = append(names, s.Name)
		if s.Columns[0].Name != "article_id" || s.Columns[0].Nullable {
			t.Errorf("%s: column 0 is %+v", s.Name, s.Columns[0])
		}
		for _, c := range s.Columns {
			if c.Description == "" {
				t.Errorf("%s.%s has no description", s.Name, c.Name)
			}
			if c.Type == DateRangeType {
				t.Errorf("%s.%s: a schema holds date, never date_range", s.Name, c.Name)
			}
		}
	}
	if got := strings.Join(names, " "); got != "articles infobox sections tables table_cells list_items visits parties" {
		t.Errorf("datasets %s", got)
	}
}

func TestLeadTablesByEmptyHeadingRegex(t *testing.T) {
	doc := tablesDoc()
	doc.Sections[0].Blocks = []extract.Block{table(3, "", 1, []string{"K", "V"}, []string{"k", "v"})}
	rows, _ := run(t, DatasetSpec{Name: "lead_tables", Table: &TableSource{Section: regex(`^$`)},
		Columns: []ColumnSpec{{Name: "k", From: "K"}}}, doc)
	if got, want := show(rows), "k,4,1"; got != want {
		t.Errorf("rows %s, want %s", got, want)
	}
}

// TestTransformConcurrent runs one Transformer from several goroutines (the
// pipeline's workers); under -race it checks that Transform shares nothing
// mutable, and always that every result is the same.
func TestTransformConcurrent(t *testing.T) {
	tr, err := New(seedSpecs())
	if err != nil {
		t.Fatal(err)
	}
	doc := tablesDoc()
	want, err := tr.Transform(doc)
	if err != nil {
		t.Fatal(err)
	}
	results := make(chan *Article, 8)
	for range 8 {
		go func() {
			a, _ := tr.Transform(doc)
			results <- a
		}()
	}
	for range 8 {
		a := <-results
		for i := range want.Rows {
			if show(a.Rows[i]) != show(want.Rows[i]) {
				t.Fatalf("dataset %d differs between runs", i)
			}
		}
	}
}

// TestFoldEqual checks the rune-by-rune comparison against the rule: equal
// once lower-cased without white space and underscores.
func TestFoldEqual(t *testing.T) {
	fold := func(s string) string {
		return strings.ToLower(strings.Join(strings.FieldsFunc(s, isSpaceOrUnderscore), ""))
	}
	words := []string{"", " ", "_", "Type of visit", "type_of_visit", "TypeOfVisit", "type of visits", "TYPE", "type",
		"Date", "date ", "Даты", "даты", "ÉCOLE", "école", "bad\xff", "bad\uFFFD", "a\u00a0b", "ab", "a\u2009b_"}
	for _, a := range words {
		for _, b := range words {
			if got, want := foldEqual(a, b), fold(a) == fold(b); got != want {
				t.Errorf("foldEqual(%q, %q) = %v, want %v", a, b, got, want)
			}
		}
	}
}

// TestDateRangeParts checks that the start and end columns of one cell,
// which share its parse, each get their value and their own warning.
func TestDateRangeParts(t *testing.T) {
	doc := testDoc(nil, sec(2, "Visits", 10, nil,
		table(11, "", 1, []string{"Date", "Until"}, []string{"25–30 September 1994", "2001"}, []string{"soon", "May 2003"}, []string{"1 May 2000", "1 May 2000"})))
	cols := []ColumnSpec{
		{Name: "start", From: "Date", Type: DateRangeType, Part: Start, OnError: Null},
		{Name: "end", From: "Date", Type: DateRangeType, Part: End, OnError: Null},
		{Name: "until", From: "Until", Type: DateRangeType, Part: End, OnError: Null},
	}
	rows, a := run(t, DatasetSpec{Name: "visits", Table: &TableSource{Section: exact("Visits")}, Columns: cols}, doc)
	if got, want := show(rows), "1994-09-25,1994-09-30,2001-12-31,12,1\n\\N,\\N,2003-05-31,13,1\n2000-05-01,2000-05-01,2000-05-01,14,1"; got != want {
		t.Errorf("rows:\n%s\nwant\n%s", got, want)
	}
	var warned []string
	for _, d := range a.Diagnostics {
		warned = append(warned, d.Message[:strings.IndexByte(d.Message, ':')])
	}
	if got := strings.Join(warned, " "); got != "visits.start visits.end" {
		t.Errorf("warnings for %s, want visits.start visits.end: %v", got, a.Diagnostics)
	}
}

// TestCheckPaths checks that each broken rule names its field and kind, and
// that Check reports every one, not only the first.
func TestCheckPaths(t *testing.T) {
	tbl := &TableSource{Section: exact("X")}
	for _, tc := range []struct {
		specs []DatasetSpec
		want  []string // path: kind
	}{
		{[]DatasetSpec{{Name: "d", Table: tbl, Columns: []ColumnSpec{{Name: "a", From: "A"}}}}, nil},
		{[]DatasetSpec{{Name: "my-d", Table: tbl, Columns: []ColumnSpec{{Name: "a", From: "A"}}},
			{Name: "v", Table: tbl, Columns: []ColumnSpec{{Name: "a", From: "A"}}}, {Name: "V", Table: tbl, Columns: []ColumnSpec{{Name: "a", From: "A"}}}},
			[]string{"datasets.my-d: unusable name", "datasets.V: unusable name"}},
		{[]DatasetSpec{{Name: "d"}}, []string{"datasets.d.from: unusable source", "datasets.d.columns: unusable column"}},
		{[]DatasetSpec{{Name: "d", Table: &TableSource{Header: []Matcher{{Exact: "A"}, {Exact: " "}}, HeaderRows: intp(-2)},
			Columns: []ColumnSpec{{Name: "start_date", From: "Date", Type: DateRangeType}, {Name: "a", From: "A"}, {Name: "A", Key: "k"}}}},
			[]string{"datasets.d.from.table.header_rows: unusable source", "datasets.d.from.table.header.1: unusable source",
				"datasets.d.columns.start_date: unusable column", "datasets.d.columns.A: unusable name"}},
		{[]DatasetSpec{{Name: "d", Infobox: &InfoboxSource{Name: &Matcher{Regex: regexp.MustCompile("")}}, Columns: []ColumnSpec{{Name: "a", Key: "A"}},
			JSONLD: &JSONLDMap{Properties: []JSONLDField{{Property: "name", Column: "b"}}}}},
			[]string{"datasets.d.from.infobox.name.regex: unusable source", "datasets.d.jsonld.type: unusable jsonld mapping",
				"datasets.d.jsonld.properties.name: unusable jsonld mapping"}},
	} {
		var got []string
		if err := Check(tc.specs); err != nil {
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var se *SpecError
				if !errors.As(e, &se) {
					t.Fatalf("%v is not a *SpecError", e)
				}
				var kind error
				for _, k := range []error{ErrName, ErrSource, ErrColumn, ErrJSONLD} {
					if errors.Is(e, k) {
						kind = k
					}
				}
				got = append(got, strings.Join(se.Path, ".")+": "+fmt.Sprint(kind))
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Check(%+v):\n got %q\nwant %q", tc.specs, got, tc.want)
		}
	}
}

// A row of one cell spanning every column, a title above the header, a
// heading inside the table or a footer (as Wikipedia writes "!colspan=3|
// …"), is not a body row, nor part of the column names.
func TestDeclaredFullWidthRows(t *testing.T) {
	wikitext := "== Results ==\n{| class=\"wikitable\"\n!colspan=3| 2001 season\n|-\n! Year !! Team !! Points\n|-\n| 2001 || Alpha || 10\n|-\n!colspan=3| Play-offs\n|-\n| colspan=\"2\" | Total || 10\n|-\n|colspan=3| Source: the league\n|}\n"
	html := `<h2>Results</h2><table class="wikitable"><tr><th colspan="3">2001 season</th></tr><tr><th>Year</th><th>Team</th><th>Points</th></tr>` +
		`<tr><td>2001</td><td>Alpha</td><td>10</td></tr><tr><th colspan="3">Play-offs</th></tr>` +
		`<tr><td colspan="2">Total</td><td>10</td></tr><tr><td colspan="3">Source: the league</td></tr></table>`
	spec := DatasetSpec{Name: "results", Table: &TableSource{Section: exact("Results")}, Columns: []ColumnSpec{
		{Name: "year", From: "Year"}, {Name: "team", From: "Team"}, {Name: "points", From: "Points", Type: Int},
	}}
	for _, doc := range []*extract.Document{
		extract.ParseWikitext("t.wiki", []byte(wikitext), extract.Options{}),
		extract.ParseHTML("t.html", []byte(html), extract.Options{}),
	} {
		rows, _ := run(t, spec, doc)
		var got []string
		for _, r := range rows {
			got = append(got, fmt.Sprintf("%v %v %v", r[1], r[2], r[3]))
		}
		// The partly spanned "Total" row is data: only one cell spans all.
		if want := "2001 Alpha 10|Total Total 10"; strings.Join(got, "|") != want {
			t.Errorf("%s: rows %q, want %q", doc.Source.Path, strings.Join(got, "|"), want)
		}
	}
}

// A declared column may be a timestamp: a time.Time in UTC.
func TestDeclaredTimestamp(t *testing.T) {
	doc := testDoc(nil, sec(2, "Log", 10, nil, table(11, "", 1, []string{"Event", "At"},
		[]string{"launch", "2019-07-03 14:34+02:00"}, []string{"landing", "soon"})))
	spec := DatasetSpec{Name: "log", Table: &TableSource{Section: exact("Log")}, Columns: []ColumnSpec{
		{Name: "event", From: "Event"}, {Name: "at", From: "At", Type: Timestamp, OnError: Null},
	}}
	rows, a := run(t, spec, doc)
	if got, want := show(rows), "launch,2019-07-03T12:34:00Z,12,1\nlanding,\\N,13,1"; got != want {
		t.Errorf("rows:\n%s\nwant:\n%s", got, want)
	}
	if len(a.Diagnostics) != 1 || !strings.Contains(a.Diagnostics[0].Message, "not a timestamp") {
		t.Errorf("diagnostics %v, want one for \"soon\"", a.Diagnostics)
	}
	if s := a.Rows[nCore][0][2]; s.(time.Time).Location() != time.UTC {
		t.Errorf("%v is not in UTC", s)
	}
}
