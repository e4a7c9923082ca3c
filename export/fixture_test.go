package export

import (
	"strings"
	"time"

	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/transform"
)

// fixtureSchemas and fixtureArticles are the datasets every writer's tests
// write: every column type, nulls, non-ASCII text, a formula-like string, a
// cell over the spreadsheet limit, and a dataset mapped to JSON-LD.
func fixtureSchemas() []transform.Schema {
	return []transform.Schema{
		{
			Name:        "articles",
			Description: "One row per article.",
			Columns: []transform.Column{
				{Name: "article_id", Type: transform.String, Description: "Title with underscores."},
				{Name: "title", Type: transform.String},
				{Name: "url", Type: transform.String},
				{Name: "words", Type: transform.Int},
			},
		},
		{
			Name:        "visits",
			Description: "Presidential visits.",
			Columns: []transform.Column{
				{Name: "article_id", Type: transform.String},
				{Name: "president", Type: transform.String, Nullable: true},
				{Name: "start_date", Type: transform.Date, Nullable: true, Description: "First day of the visit."},
				{Name: "end_date", Type: transform.Date, Nullable: true},
				{Name: "days", Type: transform.Int, Nullable: true},
				{Name: "share", Type: transform.Percent, Nullable: true},
				{Name: "score", Type: transform.Float, Nullable: true},
				{Name: "official", Type: transform.Bool, Nullable: true},
				{Name: "year", Type: transform.Year, Nullable: true},
			},
			JSONLD: &transform.JSONLDMap{Type: "Event", Properties: []transform.JSONLDField{
				{Property: "startDate", Column: "start_date"},
				{Property: "endDate", Column: "end_date"},
				{Property: "attendee", Column: "president", Type: "Person"},
			}},
		},
	}
}

func date(y int, m time.Month, d int) transform.CivilDate {
	return transform.CivilDate{Year: y, Month: m, Day: d}
}

func fixtureArticles() []*transform.Article {
	doc := func(title string) *extract.Document {
		return &extract.Document{Title: title, Source: extract.Source{Path: "fixture.txt", Dialect: extract.Text},
			Sections: []*extract.Section{{}, {Level: 2, Heading: "History"}}}
	}
	return []*transform.Article{
		{
			ID:  "Azerbaijan–United_States_relations",
			Doc: doc("Azerbaijan–United States relations"),
			Rows: [][]transform.Row{
				{{"Azerbaijan–United_States_relations", "Azerbaijan–United States relations", "https://en.wikipedia.org/wiki/Azerbaijan%E2%80%93United_States_relations", int64(1234)}},
				{
					{"Azerbaijan–United_States_relations", "President H.Aliyev", date(1994, 9, 25), date(1994, 9, 30), int64(6), 0.53, 1.5, true, int64(1994)},
					{"Azerbaijan–United_States_relations", `=HYPERLINK("http://x")`, date(2025, 8, 7), nil, nil, nil, -0.25, false, nil},
					{"Azerbaijan–United_States_relations", nil, nil, nil, int64(-5), 1.0, nil, nil, int64(2025)},
				},
			},
		},
		{
			ID:  "Gəncə/Ganja:_a_\"quoted\"_title",
			Doc: doc(`Gəncə/Ganja: a "quoted" title`),
			Rows: [][]transform.Row{
				{{"Gəncə/Ganja:_a_\"quoted\"_title", `Gəncə/Ganja: a "quoted" title`, "https://en.wikipedia.org/wiki/G%C9%99nc%C9%99/Ganja:_a_%22quoted%22_title", int64(0)}},
				{
					{"Gəncə/Ganja:_a_\"quoted\"_title", "line one\nline two, with \"quotes\"", date(1923, 5, 10), date(1923, 5, 10), int64(1), 0.0, 3.25, nil, int64(1923)},
					{"Gəncə/Ganja:_a_\"quoted\"_title", strings.Repeat("x", 40000), nil, nil, nil, nil, nil, nil, nil},
				},
			},
		},
	}
}
