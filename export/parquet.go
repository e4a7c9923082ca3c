package export

import (
	"errors"

	"github.com/wikipipe/wikipipe/transform"
)

// Placeholder: the export issue replaces it.
func newParquetWriter(out *Output, schemas []transform.Schema, opts Options) (Writer, error) {
	return nil, errors.New("export: parquet: not implemented")
}
