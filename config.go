package wikipipe

import (
	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/export"
	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/transform"
)

// Config is a decoded pipeline.yaml.
type Config struct {
	Path     string // the file it was read from, for messages
	Digest   string // sha256 of the file's bytes, for the run report
	Version  int
	Inputs   []Input
	Output   string          // the output folder, "out" by default
	Formats  []export.Format // every format by default
	CSV      export.CSVOptions
	Extract  extract.Options
	Datasets []transform.DatasetSpec
}

// Input is one entry of inputs: a file, glob, directory or "-", and its dialect.
type Input struct {
	Path   string
	Format extract.Dialect
}

// ConfigError lists every mistake found in a pipeline.yaml, each located.
type ConfigError struct {
	Diagnostics diag.List
}

func (e *ConfigError) Error() string {
	s := ""
	for i, d := range e.Diagnostics {
		if i > 0 {
			s += "\n"
		}
		s += d.String()
	}
	return s
}

// LoadConfig reads and checks pipeline.yaml. Placeholder: the transform issue replaces it.
func LoadConfig(path string) (*Config, error) {
	return &Config{Path: path, Version: 1, Output: "out", Formats: export.Formats}, nil
}
