package extract

import (
	"errors"
	"io"
)

// ReadDump streams a MediaWiki XML dump. Placeholder: the dump issue replaces it.
func ReadDump(path string, r io.Reader, opts Options, yield func(*Document) error) (Stats, error) {
	return Stats{}, errors.New("dump: not implemented")
}
