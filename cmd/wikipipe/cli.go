package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"

	"github.com/wikipipe/wikipipe"
	"github.com/wikipipe/wikipipe/config"
	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/export"
	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/transform"
)

// Exit codes.
const (
	exitOK          = 0
	exitData        = 1
	exitUsage       = 2
	exitInterrupted = 130
)

const usage = `wikipipe turns Wikipedia articles into typed datasets.

Usage:
  wikipipe run [flags] [INPUT...]   run pipeline.yaml (inputs on the command line replace its inputs)
  wikipipe extract [--dialect D] FILE|-
                                    print the Document of an article as JSON
  wikipipe validate [-c FILE]       check pipeline.yaml
  wikipipe schema [-c FILE] [--json]
                                    print the schema of every dataset
  wikipipe version                  print the version
  wikipipe help [COMMAND]           print help

Inputs are files, globs, directories (searched recursively) or - for standard input.
Exit codes: 0 success, 1 data errors (or warnings under --strict), 2 usage or config error, 130 interrupted.
`

// cli is the command line with its streams, so that tests can run it.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	isTerminal     bool
}

func (c cli) main(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(c.stderr, usage)
		return exitUsage
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "run":
		return c.run(ctx, args)
	case "extract":
		return c.extract(args)
	case "validate":
		return c.validate(args)
	case "schema":
		return c.schema(args)
	case "version", "--version", "-version":
		fmt.Fprintf(c.stdout, "wikipipe %s (%s)\n", wikipipe.Version, runtime.Version())
		return exitOK
	case "help", "-h", "-help", "--help":
		return c.help(args)
	}
	fmt.Fprintf(c.stderr, "wikipipe: unknown command %q\n\n%s", cmd, usage)
	return exitUsage
}

func (c cli) help(args []string) int {
	if len(args) == 0 {
		fmt.Fprint(c.stdout, usage)
		return exitOK
	}
	var fs *flag.FlagSet
	switch args[0] {
	case "run":
		fs, _ = runFlags()
	case "extract":
		fs, _ = extractFlags()
	case "validate":
		fs, _ = configFlags("validate")
	case "schema":
		fs, _, _ = schemaFlags()
	default:
		fmt.Fprint(c.stdout, usage)
		return exitOK
	}
	fs.SetOutput(c.stdout)
	fs.Usage()
	return exitOK
}

// parse parses flags and positional arguments in any order, so that
// "wikipipe run a.txt -j 2" works as well as "wikipipe run -j 2 a.txt".
// The error is flag's, already printed; flagExit turns it into the exit code.
func (c cli) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(c.stderr)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		// flag stops at the first non-flag; "--" ends flags for good.
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// parseNoArgs parses the flags of a command that takes no arguments.
func (c cli) parseNoArgs(fs *flag.FlagSet, args []string) (int, bool) {
	rest, err := c.parse(fs, args)
	if err != nil {
		return flagExit(err), false
	}
	if len(rest) > 0 {
		fmt.Fprintf(c.stderr, "wikipipe %s: unexpected argument %q (name the pipeline file with -c)\n", fs.Name(), rest[0])
		return exitUsage, false
	}
	return exitOK, true
}

// flagExit is the exit code for a command line that parse refused: 0 for
// -h (the usage is printed), 2 for a mistake.
func flagExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitUsage
}

type runOptions struct {
	config, output, formats, progress string
	workers                           int
	strict, quiet                     bool
}

func runFlags() (*flag.FlagSet, *runOptions) {
	o := &runOptions{}
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.StringVar(&o.config, "c", "pipeline.yaml", "the pipeline `file`")
	fs.StringVar(&o.output, "o", "", "the output `folder` (default: output: in the pipeline file, else out)")
	fs.StringVar(&o.formats, "f", "", "the output `formats`, comma-separated: csv,xlsx,parquet,jsonld (default: formats: in the pipeline file, else all)")
	fs.IntVar(&o.workers, "j", runtime.NumCPU(), "the number of `workers`")
	fs.BoolVar(&o.strict, "strict", false, "treat warnings as errors: exit 1 and write nothing")
	fs.BoolVar(&o.quiet, "quiet", false, "print only warnings and errors, no summary or progress")
	fs.StringVar(&o.progress, "progress", "auto", "show a progress bar: auto (on a terminal), always or never")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: wikipipe run [flags] [INPUT...]\n\nRuns the pipeline file. Inputs named here replace its inputs.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	return fs, o
}

func (c cli) run(ctx context.Context, args []string) int {
	fs, o := runFlags()
	inputs, err := c.parse(fs, args)
	if err != nil {
		return flagExit(err)
	}
	cfg := c.loadConfig(o.config)
	if cfg == nil {
		return exitUsage
	}
	if err := applyOverrides(cfg, o, inputs); err != nil {
		fmt.Fprintf(c.stderr, "wikipipe: %v\n", err)
		return exitUsage
	}
	opts := wikipipe.Options{
		Workers:    o.workers,
		Strict:     o.strict,
		Stdin:      c.stdin,
		Diagnostic: func(d diag.Diagnostic) { fmt.Fprintln(c.stderr, d) },
	}
	var bar *progress
	switch o.progress {
	case "always":
		bar = newProgress(c.stderr)
	case "auto":
		if c.isTerminal && !o.quiet {
			bar = newProgress(c.stderr)
		}
	case "never":
	default:
		fmt.Fprintf(c.stderr, "wikipipe: --progress %q: want auto, always or never\n", o.progress)
		return exitUsage
	}
	if bar != nil {
		opts.Progress = bar
		opts.Diagnostic = func(d diag.Diagnostic) { bar.Println(d.String()) }
	}
	rep, err := wikipipe.Run(ctx, cfg, opts)
	switch {
	case err == nil:
		if !o.quiet {
			fmt.Fprintln(c.stderr, rep.Summary())
		}
		return exitOK
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		fmt.Fprintln(c.stderr, "wikipipe: interrupted: nothing was written, earlier outputs are as they were")
		return exitInterrupted
	}
	fmt.Fprintf(c.stderr, "wikipipe: %v\n", err)
	var usageErr *wikipipe.UsageError
	var cfgErr *config.Error
	if errors.As(err, &usageErr) || errors.As(err, &cfgErr) {
		return exitUsage
	}
	return exitData
}

// applyOverrides lets the command line replace what pipeline.yaml says.
func applyOverrides(cfg *config.Config, o *runOptions, inputs []string) error {
	if len(inputs) > 0 {
		cfg.Inputs = cfg.Inputs[:0]
		for _, in := range inputs {
			cfg.Inputs = append(cfg.Inputs, config.Input{Path: in, Format: extract.Auto})
		}
	}
	if o.output != "" {
		cfg.Output = o.output
	}
	if o.formats != "" {
		cfg.Formats = nil
		for _, name := range strings.Split(o.formats, ",") {
			f, err := export.ParseFormat(strings.TrimSpace(name))
			if err != nil {
				return fmt.Errorf("-f: %w", err)
			}
			cfg.Formats = append(cfg.Formats, f)
		}
	}
	if o.workers < 1 {
		return fmt.Errorf("-j %d: want 1 or more workers", o.workers)
	}
	return nil
}

// loadConfig reads the pipeline file, printing every located mistake; nil
// when there is one.
func (c cli) loadConfig(path string) *config.Config {
	cfg, err := config.Load(path)
	if err != nil {
		var cfgErr *config.Error
		if errors.As(err, &cfgErr) {
			for _, d := range cfgErr.Diagnostics {
				fmt.Fprintln(c.stderr, d)
			}
		} else {
			fmt.Fprintf(c.stderr, "wikipipe: %v\n", err)
		}
		return nil
	}
	return cfg
}

func extractFlags() (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	dialect := fs.String("dialect", "auto", "the input `dialect`: auto, text, wikitext, html or dump")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: wikipipe extract [--dialect D] FILE|-\n\nPrints the Document of every article in FILE as indented JSON; warnings go to standard error.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	return fs, dialect
}

func (c cli) extract(args []string) int {
	fs, dialectName := extractFlags()
	files, err := c.parse(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(files) != 1 {
		fmt.Fprintln(c.stderr, "wikipipe extract: name one FILE, or - for standard input")
		return exitUsage
	}
	dialect, err := extract.ParseDialect(*dialectName)
	if err != nil {
		fmt.Fprintf(c.stderr, "wikipipe extract: --dialect: %v\n", err)
		return exitUsage
	}
	path := files[0]
	in := c.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintf(c.stderr, "wikipipe extract: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		in = f
	}
	_, err = extract.Parse(path, in, dialect, extract.Options{}, func(doc *extract.Document) error {
		for _, d := range doc.Diagnostics {
			fmt.Fprintln(c.stderr, d)
		}
		b, err := doc.JSON()
		if err != nil {
			return err
		}
		_, err = c.stdout.Write(b)
		return err
	})
	if err != nil {
		fmt.Fprintf(c.stderr, "wikipipe extract: %v\n", err)
		return exitData
	}
	return exitOK
}

func configFlags(name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	path := fs.String("c", "pipeline.yaml", "the pipeline `file`")
	return fs, path
}

// loadTransformer reads the pipeline file and builds its datasets, printing
// what is wrong; nil when something is.
func (c cli) loadTransformer(path string) (*config.Config, *transform.Transformer) {
	cfg := c.loadConfig(path)
	if cfg == nil {
		return nil, nil
	}
	tr, err := transform.New(cfg.Datasets)
	if err != nil {
		fmt.Fprintf(c.stderr, "%s: config: %v\n", path, err)
		return nil, nil
	}
	return cfg, tr
}

func (c cli) validate(args []string) int {
	fs, path := configFlags("validate")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: wikipipe validate [-c FILE]\n\nChecks the pipeline file; prints one located line per mistake.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if code, ok := c.parseNoArgs(fs, args); !ok {
		return code
	}
	cfg, tr := c.loadTransformer(*path)
	if tr == nil {
		return exitUsage
	}
	fmt.Fprintf(c.stdout, "%s: ok: %d datasets, %d inputs, formats %s\n", *path, len(tr.Schemas()), len(cfg.Inputs), joinFormats(cfg.Formats))
	return exitOK
}

func joinFormats(fs []export.Format) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = string(f)
	}
	return strings.Join(names, ",")
}

func schemaFlags() (*flag.FlagSet, *string, *bool) {
	fs, path := configFlags("schema")
	asJSON := fs.Bool("json", false, "print the schemas as JSON")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: wikipipe schema [-c FILE] [--json]\n\nPrints the schema of every dataset the pipeline file makes.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	return fs, path, asJSON
}

func (c cli) schema(args []string) int {
	fs, path, asJSON := schemaFlags()
	if code, ok := c.parseNoArgs(fs, args); !ok {
		return code
	}
	_, tr := c.loadTransformer(*path)
	if tr == nil {
		return exitUsage
	}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(tr.Schemas()); err != nil {
			fmt.Fprintf(c.stderr, "wikipipe schema: %v\n", err)
			return exitData
		}
		return exitOK
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	for i, s := range tr.Schemas() {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		fmt.Fprintf(tw, "%s\t%s\n", s.Name, s.Description)
		for _, col := range s.Columns {
			null := "not null"
			if col.Nullable {
				null = "null"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", col.Name, col.Type, null, col.Description)
		}
	}
	if err := tw.Flush(); err != nil {
		return exitData
	}
	return exitOK
}
