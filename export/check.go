package export

import (
	"fmt"
	"time"

	"github.com/wikipipe/wikipipe/transform"
)

// Check checks that a's rows fit the run's schemas: no more datasets than
// schemas, every row as wide as its schema, every value of the Go type of its
// column's type (checkValue). Rows enter export through it once, before they
// are handed to the writers, which index rows by their schemas and switch on
// value types without checking again.
func Check(a *transform.Article, schemas []transform.Schema) error {
	if len(a.Rows) > len(schemas) {
		return fmt.Errorf("export: article %s has rows for %d datasets, the run has %d", a.ID, len(a.Rows), len(schemas))
	}
	for i, rows := range a.Rows {
		s := &schemas[i]
		for n, r := range rows {
			if len(r) != len(s.Columns) {
				return fmt.Errorf("export: %s: row %d of article %s has %d values for %d columns", s.Name, n+1, a.ID, len(r), len(s.Columns))
			}
			for j, v := range r {
				if err := checkValue(s.Columns[j], v); err != nil {
					return fmt.Errorf("export: %s.%s, row %d of article %s: %w", s.Name, s.Columns[j].Name, n+1, a.ID, err)
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
	switch v := v.(type) {
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
	case time.Time:
		ok = c.Type == transform.Timestamp && v.Location() == time.UTC
	}
	if !ok {
		return fmt.Errorf("a column of type %s holds %T %v", c.Type, v, v)
	}
	return nil
}
