package transform

import (
	"fmt"

	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/extract"
)

// Transformer turns Documents into the rows of every dataset of a run.
// It is safe for concurrent use: it is not changed after New.
type Transformer struct {
	schemas  []Schema
	declared []*declared
}

// New builds the transformer for the core datasets and the declared ones.
// Specs that break a rule are refused with Check's error: every broken rule
// as a *SpecError.
func New(specs []DatasetSpec) (*Transformer, error) {
	if err := Check(specs); err != nil {
		return nil, fmt.Errorf("transform: %w", err)
	}
	t := &Transformer{schemas: append([]Schema{}, coreSchemas...)}
	for _, spec := range specs {
		d := newDeclared(spec)
		t.declared = append(t.declared, d)
		t.schemas = append(t.schemas, d.schema)
	}
	return t, nil
}

// Schemas returns the schemas of every dataset, core datasets first, then the
// declared ones in pipeline.yaml order.
func (t *Transformer) Schemas() []Schema { return t.schemas }

// Transform returns the rows one document contributes. The error is fatal:
// a diag.Diagnostic of severity error from a column with on_error: fail.
// Values that do not parse under on_error: null are warnings in the
// Article's Diagnostics.
func (t *Transformer) Transform(doc *extract.Document) (*Article, error) {
	a := &Article{ID: ArticleID(doc.Title), Doc: doc, Rows: make([][]Row, len(t.schemas))}
	if a.ID == "" {
		a.ID = "untitled"
		a.Diagnostics.Warnf(doc.Source.Path, 0, 0, diag.Transform, diag.Untitled, "the article has no title: its article_id is %q", a.ID)
	}
	b := &builder{a: a, id: a.ID}
	b.core()
	for i, d := range t.declared {
		rows, err := d.rowsOf(b)
		if err != nil {
			return nil, err
		}
		a.Rows[nCore+i] = rows
	}
	return a, nil
}

// builder holds what one Transform call shares between datasets.
type builder struct {
	a  *Article
	id Value // a.ID, boxed once for every row
	// splits are the param and ordinal of every infobox field, by infobox:
	// made for the infobox dataset, read by declared infobox datasets.
	splits [][]split
	// free is the unused end of the array rows are cut from: one allocation
	// for many rows instead of one per row. Each array is twice as long as
	// the one before, up to maxSlab values, so that a small article wastes
	// little of its last one.
	free []Value
	slab int // the length of the last array
}

const (
	minSlab = 64
	maxSlab = 1024
)

// row returns a row holding vals.
func (b *builder) row(vals ...Value) Row {
	r := b.alloc(len(vals))
	copy(r, vals)
	return r
}

// alloc returns a row of n nulls. Its capacity is n, so that an append to
// it copies instead of running into the next row.
func (b *builder) alloc(n int) Row {
	if len(b.free) < n {
		b.slab = min(max(2*b.slab, minSlab), maxSlab)
		b.free = make([]Value, max(n, b.slab))
	}
	r := Row(b.free[:n:n])
	b.free = b.free[n:]
	return r
}
