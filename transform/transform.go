package transform

import "github.com/wikipipe/wikipipe/extract"

// Transformer turns Documents into the rows of every dataset of a run.
// It is safe for concurrent use.
type Transformer struct {
	schemas []Schema
}

// New builds the transformer for the core datasets and the declared ones.
// Placeholder: the transform issue replaces it.
func New(specs []DatasetSpec) (*Transformer, error) { return &Transformer{}, nil }

// Schemas returns the schemas of every dataset, core datasets first, then the
// declared ones in pipeline.yaml order.
func (t *Transformer) Schemas() []Schema { return t.schemas }

// Transform returns the rows one document contributes. The error is fatal:
// a value that does not parse in a column with on_error: fail.
func (t *Transformer) Transform(doc *extract.Document) (*Article, error) {
	return &Article{Doc: doc, Rows: make([][]Row, len(t.schemas))}, nil
}
