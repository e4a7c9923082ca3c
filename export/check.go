package export

import (
	"fmt"

	"github.com/wikipipe/wikipipe/transform"
)

// checked is the Writer New returns: it checks each article's rows once,
// where they enter export, so that the writers behind it can index rows by
// their schemas and switch on value types without checking again.
type checked struct {
	Writer
	format  Format
	schemas []transform.Schema
}

// Write checks a before handing it to the writer: a bad row stops the run
// before any of the article is written.
func (c checked) Write(a *transform.Article) error {
	if err := checkArticle(a, c.schemas); err != nil {
		return fmt.Errorf("export: %s: %w", c.format, err)
	}
	return c.Writer.Write(a)
}

// checkArticle checks that a's rows fit the run's schemas: no more datasets
// than schemas, every row as wide as its schema, every value of the Go type
// of its column's type (checkValue).
func checkArticle(a *transform.Article, schemas []transform.Schema) error {
	if len(a.Rows) > len(schemas) {
		return fmt.Errorf("article %s has rows for %d datasets, the run has %d", a.ID, len(a.Rows), len(schemas))
	}
	for i, rows := range a.Rows {
		s := &schemas[i]
		for n, r := range rows {
			if len(r) != len(s.Columns) {
				return fmt.Errorf("%s: row %d of article %s has %d values for %d columns", s.Name, n+1, a.ID, len(r), len(s.Columns))
			}
			for j, v := range r {
				if err := checkValue(s.Columns[j], v); err != nil {
					return fmt.Errorf("%s.%s, row %d of article %s: %w", s.Name, s.Columns[j].Name, n+1, a.ID, err)
				}
			}
		}
	}
	return nil
}

// checkValue reports a value whose Go type does not fit the column's type,
// or a null in a column that is not nullable.
func checkValue(c transform.Column, v transform.Value) error {
	var ok bool
	switch v.(type) {
	case nil:
		if !c.Nullable {
			return fmt.Errorf("null in a column that is not nullable")
		}
		return nil
	case string:
		ok = c.Type == transform.String
	case int64:
		ok = c.Type == transform.Int || c.Type == transform.Year
	case float64:
		ok = c.Type == transform.Float || c.Type == transform.Percent
	case bool:
		ok = c.Type == transform.Bool
	case transform.CivilDate:
		ok = c.Type == transform.Date
	}
	if !ok {
		return fmt.Errorf("a column of type %s holds %T %v", c.Type, v, v)
	}
	return nil
}
