package export

import (
	"errors"

	"github.com/wikipipe/wikipipe/transform"
)

// Placeholder: the export issue replaces it.
func newXLSXWriter(out *Output, schemas []transform.Schema, opts Options) (Writer, error) {
	return nil, errors.New("export: xlsx: not implemented")
}
