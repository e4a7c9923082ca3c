package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"text/tabwriter"

	"github.com/wikipipe/wikipipe"
	"github.com/wikipipe/wikipipe/config"
	"github.com/wikipipe/wikipipe/diag"
	"github.com/wikipipe/wikipipe/export"
	"github.com/wikipipe/wikipipe/extract"
	"github.com/wikipipe/wikipipe/fetch"
	"github.com/wikipipe/wikipipe/transform"
)

const usage = `wikipipe turns Wikipedia articles into typed datasets.

Usage:
  wikipipe run [flags] [INPUT...]   run pipeline.yaml (inputs named here replace its inputs)
  wikipipe extract [--dialect D] FILE|-...
                                    print the Document of every article as JSON Lines
  wikipipe validate [-c FILE]       check pipeline.yaml
  wikipipe schema [-c FILE] [--json]
                                    print the schema of every dataset
  wikipipe version                  print the version
  wikipipe help [COMMAND]           print help; "wikipipe help run" lists its flags

Inputs are files, globs, directories (searched recursively), - for standard input,
or page and category URLs of a wiki (https://HOST/wiki/TITLE), fetched through its API.

Exit codes:
  0    success (warnings allowed)
  1    data or I/O error: bad input, a limit hit, an unwritable output, warnings under --strict
  2    usage or config error: the command line or pipeline.yaml
  130  interrupted by SIGINT, SIGTERM or SIGHUP: nothing was written
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
		return c.extract(ctx, args)
	case "validate":
		return c.validate(args)
	case "schema":
		return c.schema(args)
	case "version", "--version":
		fmt.Fprintf(c.stdout, "wikipipe %s (%s)\n", wikipipe.Version, runtime.Version())
		return exitOK
	case "help", "-h", "--help":
		return c.help(args)
	}
	fmt.Fprintf(c.stderr, "wikipipe: unknown command %q\n\n%s", cmd, usage)
	return exitUsage
}

// commandFlags are the flags of each command that has some, for help.
var commandFlags = map[string]func() *flagSet{
	"run":      func() *flagSet { fs, _ := runFlags(); return fs },
	"extract":  func() *flagSet { fs, _ := extractFlags(); return fs },
	"validate": func() *flagSet { fs, _ := validateFlags(); return fs },
	"schema":   func() *flagSet { fs, _, _ := schemaFlags(); return fs },
}

func (c cli) help(args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "version" {
		fmt.Fprint(c.stdout, usage)
		return exitOK
	}
	flags, ok := commandFlags[args[0]]
	if !ok || len(args) > 1 {
		fmt.Fprintf(c.stderr, "wikipipe: help: no help topic %q\n\n%s", strings.Join(args, " "), usage)
		return exitUsage
	}
	fs := flags()
	fs.SetOutput(c.stdout)
	fs.Usage()
	return exitOK
}

// parse parses flags and positional arguments in any order, so that
// "wikipipe run a.txt -j 2" works as well as "wikipipe run -j 2 a.txt".
// The error is flag's, already printed; flagExit turns it into the exit code.
func (c cli) parse(fs *flagSet, args []string) ([]string, error) {
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
func (c cli) parseNoArgs(fs *flagSet, args []string) (int, bool) {
	rest, err := c.parse(fs, args)
	if err != nil {
		return flagExit(err), false
	}
	if len(rest) > 0 {
		fmt.Fprintf(c.stderr, "wikipipe %s: unexpected argument %q (name the pipeline file with -c/--config)\n", fs.Name(), rest[0])
		return exitUsage, false
	}
	return exitOK, true
}

// flagExit is the exit code for a command line that parse refused: 0 for
// -h/--help (the usage is printed), 2 for a mistake.
func flagExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitUsage
}

// fail prints the error of a command as diagnostics and returns its exit
// code. stage and output locate a failed file operation (see errorLines).
func (c cli) fail(err error, stage diag.Stage, output string) int {
	for _, line := range errorLines(err, stage, output) {
		fmt.Fprintln(c.stderr, line)
	}
	return exitCode(err)
}

type runOptions struct {
	config, output, formats, progress string
	wiki, title                       string
	workers                           int
	strict, quiet, force              bool
	allow                             []string
	contact                           string
	locked, update, offline           bool
	pages                             []string
	pagesFrom, index, shard           string
}

func runFlags() (*flagSet, *runOptions) {
	o := &runOptions{}
	fs := newFlagSet("run", "wikipipe run [flags] [INPUT...]",
		"Runs the pipeline file. Inputs named here (files, globs, directories or -\nfor standard input) replace its inputs.")
	fs.stringVar(&o.config, "c", "config", "", "FILE", "the pipeline file (default pipeline.yaml, if there is one;\nwithout, the core datasets in every format into out)")
	fs.stringVar(&o.output, "o", "output", "", "DIR", "the output folder (default: output: in the pipeline file, else out)")
	fs.stringVar(&o.formats, "f", "formats", "", "LIST", "the output formats, comma-separated: csv,xlsx,parquet,jsonld\n(default: formats: in the pipeline file, else all)")
	fs.intVar(&o.workers, "j", "jobs", runtime.NumCPU(), "N", "the number of inputs read at once (default: one per CPU)")
	fs.boolVar(&o.strict, "", "strict", "treat warnings as errors: exit 1 and write nothing")
	fs.boolVar(&o.force, "", "force", "write into an output folder that holds files but no marker of an earlier run")
	fs.listVar(&o.allow, "", "allow", "CODE", "under --strict, let the warnings of CODE pass (repeatable, or a comma list;\nadds to strict_allow: in the pipeline file; the codes are in docs/WARNINGS.md)")
	fs.boolVar(&o.quiet, "q", "quiet", "print errors only: no warnings, summary or progress")
	fs.stringVar(&o.progress, "", "progress", "auto", "WHEN", "show a progress bar: auto (on a terminal), always or never")
	fs.stringVar(&o.contact, "", "contact", "", "ADDR", "an e-mail address or URL for the User-Agent of requests to a wiki\n(default: contact: in the pipeline file)")
	fs.boolVar(&o.locked, "", "locked", "fetch exactly the revisions wikipipe.lock pins; never change it")
	fs.boolVar(&o.update, "", "update", "fetch the latest revisions and rewrite wikipipe.lock")
	fs.boolVar(&o.offline, "", "offline", "make no request: fetched pages come from the lock and the cache")
	fs.stringVar(&o.wiki, "", "wiki", "", "HOST", "the wiki of articles whose input names none (wiki: in the pipeline file),\nsuch as ar.wikipedia.org or simplewiki (default en.wikipedia.org)")
	fs.stringVar(&o.title, "", "title", "", "TITLE", "the title of the article read from standard input (-)")
	dumpFlags(fs, o)
	return fs, o
}

func (c cli) run(ctx context.Context, args []string) int {
	fs, o := runFlags()
	inputs, err := c.parse(fs, args)
	if err != nil {
		return flagExit(err)
	}
	cfg, err := loadConfig(o.config)
	if err != nil {
		return c.fail(err, diag.Config, "")
	}
	if err := applyOverrides(cfg, o, inputs); err != nil {
		fmt.Fprintf(c.stderr, "wikipipe: %v\n", err)
		return exitUsage
	}
	said, err := export.Recover(cfg.Output)
	if said != "" {
		fmt.Fprintln(c.stderr, said)
	}
	if err != nil {
		return c.fail(err, diag.Export, cfg.Output)
	}
	shown := newDiagPrinter(o.quiet, func(line string) { fmt.Fprintln(c.stderr, line) })
	opts := wikipipe.Options{
		Workers:    o.workers,
		Strict:     o.strict,
		Force:      o.force,
		Stdin:      newCancelReader(ctx, c.stdin),
		Diagnostic: shown.print,
		Fetch:      wikipipe.FetchOptions{Mode: fetchMode(o), Offline: o.offline},
	}
	if err := o.dumpOptions(&opts); err != nil {
		fmt.Fprintf(c.stderr, "wikipipe: %v\n", err)
		return exitUsage
	}
	bar, err := c.progressBar(o.progress, o.quiet)
	if err != nil {
		fmt.Fprintf(c.stderr, "wikipipe: %v\n", err)
		return exitUsage
	}
	if bar != nil {
		opts.Progress = bar
		shown.println = bar.Println
	}
	rep, err := wikipipe.Run(ctx, cfg, opts)
	shown.finish(c.stderr, cfg.Output, err == nil)
	if err != nil && ctx.Err() != nil {
		err = ctx.Err() // whatever the signal broke first, the run was interrupted
	}
	switch {
	case err == nil:
		if !o.quiet {
			fmt.Fprintln(c.stderr, rep.Summary())
		}
		return exitOK
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(c.stderr, "wikipipe: interrupted: nothing was written, earlier outputs are as they were")
		return exitCode(err)
	}
	return c.fail(err, diag.Read, cfg.Output)
}

// progressBar is the bar --progress asks for, or nil for none: auto shows
// one on a terminal unless --quiet.
func (c cli) progressBar(when string, quiet bool) (*progress, error) {
	switch when {
	case "always":
		if quiet {
			return nil, nil // -q prints errors only
		}
		return newProgress(c.stderr), nil
	case "auto":
		if c.isTerminal && !quiet {
			return newProgress(c.stderr), nil
		}
		return nil, nil
	case "never":
		return nil, nil
	}
	return nil, fmt.Errorf("--progress %q: want auto, always or never", when)
}

// applyOverrides lets the command line replace what pipeline.yaml says.
func applyOverrides(cfg *config.Config, o *runOptions, inputs []string) error {
	if len(inputs) > 0 {
		cfg.Inputs = cfg.Inputs[:0]
		for _, in := range inputs {
			input, err := commandLineInput(in)
			if err != nil {
				return err
			}
			cfg.Inputs = append(cfg.Inputs, input)
		}
	}
	if o.contact != "" {
		cfg.Contact = o.contact
	}
	if o.locked && o.update {
		return errors.New("--locked and --update: give one (--locked reads the lock, --update rewrites it)")
	}
	if err := applyIdentity(cfg, o); err != nil {
		return err
	}
	if o.output != "" {
		if err := export.CheckOutputDir(o.output, filepath.Dir(cfg.Path)); errors.Is(err, export.ErrRefused) {
			return fmt.Errorf("--output: %w", err)
		}
		cfg.Output = o.output
	}
	if o.formats != "" {
		cfg.Formats = nil
		for _, name := range strings.Split(o.formats, ",") {
			f, err := export.ParseFormat(strings.TrimSpace(name))
			if err != nil {
				return fmt.Errorf("--formats: %w", err)
			}
			cfg.Formats = append(cfg.Formats, f)
		}
	}
	if o.workers < 1 {
		return fmt.Errorf("--jobs %d: want 1 or more", o.workers)
	}
	for _, s := range o.allow {
		code, err := diag.ParseWarningCode(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("--allow: %w", err)
		}
		cfg.StrictAllow = append(cfg.StrictAllow, code)
	}
	return nil
}

// commandLineInput is one INPUT: a file, glob, folder or "-", or an
// http(s) page or category URL, whose pages are fetched.
func commandLineInput(arg string) (config.Input, error) {
	if !strings.HasPrefix(arg, "http://") && !strings.HasPrefix(arg, "https://") {
		return config.Input{Path: arg, Format: extract.Auto}, nil
	}
	src, err := fetch.ParseURL(arg)
	if err != nil {
		return config.Input{}, err
	}
	return config.Input{Format: extract.Wikitext, Wiki: src.Wiki, Fetch: &config.Fetch{Source: src}}, nil
}

// fetchMode is the mode --locked or --update asks for.
func fetchMode(o *runOptions) fetch.Mode {
	switch {
	case o.locked:
		return fetch.Locked
	case o.update:
		return fetch.Update
	}
	return fetch.Pinned
}

// applyIdentity gives --wiki to every input without a wiki: and --title to
// standard input.
func applyIdentity(cfg *config.Config, o *runOptions) error {
	if o.wiki != "" {
		w, err := extract.ParseWiki(o.wiki)
		if err != nil {
			return fmt.Errorf("--wiki: %w", err)
		}
		for i := range cfg.Inputs {
			if cfg.Inputs[i].Wiki == "" {
				cfg.Inputs[i].Wiki = w.Host
			}
		}
	}
	if o.title != "" {
		stdin := false
		for i := range cfg.Inputs {
			if cfg.Inputs[i].Path == "-" {
				cfg.Inputs[i].Title, stdin = strings.TrimSpace(o.title), true
			}
		}
		if !stdin {
			return fmt.Errorf("--title names the article of standard input, and no input is -")
		}
	}
	return nil
}

func extractFlags() (*flagSet, *string) {
	fs := newFlagSet("extract", "wikipipe extract [--dialect D] FILE|-...",
		"Prints the Document of every article in each FILE (- for standard input) as\nJSON Lines: one compact JSON object a line. Warnings go to standard error.")
	var dialect string
	fs.stringVar(&dialect, "", "dialect", "auto", "D", "the input dialect: auto, text, wikitext, html or dump")
	return fs, &dialect
}

func (c cli) extract(ctx context.Context, args []string) int {
	fs, dialectName := extractFlags()
	files, err := c.parse(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(files) == 0 {
		fmt.Fprintln(c.stderr, "wikipipe extract: name a FILE, or - for standard input")
		return exitUsage
	}
	dialect, err := extract.ParseDialect(*dialectName)
	if err != nil {
		fmt.Fprintf(c.stderr, "wikipipe extract: --dialect: %v\n", err)
		return exitUsage
	}
	// As run does, check every file before printing anything: a name that
	// is wrong is a usage error.
	stdin := 0
	for _, path := range files {
		if path == "-" {
			stdin++
			continue
		}
		if _, err := os.Stat(path); err != nil {
			return c.fail(&wikipipe.UsageError{Err: errorAt(path, diag.Read, unwrap(err))}, diag.Read, "")
		}
	}
	if stdin > 1 {
		fmt.Fprintln(c.stderr, "wikipipe extract: - names standard input, which can be read once")
		return exitUsage
	}
	out := bufio.NewWriter(c.stdout)
	enc := json.NewEncoder(out) // compact, one value a line
	enc.SetEscapeHTML(false)
	for _, path := range files {
		if err := c.extractFile(ctx, path, dialect, enc); err != nil {
			out.Flush()
			if ctx.Err() != nil {
				err = ctx.Err()
			}
			return c.fail(err, diag.Read, "")
		}
	}
	if err := out.Flush(); err != nil {
		return c.fail(errorAt("standard output", diag.Export, err), diag.Export, "")
	}
	return exitOK
}

// extractFile prints the Documents of one input.
func (c cli) extractFile(ctx context.Context, path string, dialect extract.Dialect, enc *json.Encoder) error {
	var in io.Reader = newCancelReader(ctx, c.stdin)
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	described, err := extract.Parse(path, in, dialect, extract.Options{}, func(doc *extract.Document) error {
		for _, d := range doc.Diagnostics {
			fmt.Fprintln(c.stderr, d)
		}
		if err := enc.Encode(doc); err != nil {
			return errorAt("standard output", diag.Export, err)
		}
		return ctx.Err()
	})
	for _, d := range described.Diagnostics { // the input's own, of no document
		fmt.Fprintln(c.stderr, d)
	}
	return err
}

// unwrap drops the path of a *fs.PathError that the caller names already.
func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// configFlag adds -c/--config to fs. Not given, the path is "": see
// loadConfig.
func configFlag(fs *flagSet) *string {
	var path string
	fs.stringVar(&path, "c", "config", "", "FILE", "the pipeline file (default pipeline.yaml, if there is one)")
	return &path
}

// defaultConfig is the pipeline file read when -c names none.
const defaultConfig = "pipeline.yaml"

// loadConfig reads the pipeline file. Every failure to is a config error
// (exit 2), a pipeline file that is missing or unreadable included. With
// no path, pipeline.yaml is read if the current folder has one, and
// otherwise the empty pipeline is the config: the core datasets, every
// format, into out/.
func loadConfig(path string) (*config.Config, error) {
	if path == "" {
		path = defaultConfig
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return config.Parse("", nil)
		}
	}
	cfg, err := config.Load(path)
	var cfgErr *config.Error
	if err != nil && !errors.As(err, &cfgErr) {
		err = &config.Error{Diagnostics: []diag.Diagnostic{errorAt(path, diag.Config, unwrap(err))}}
	}
	return cfg, err
}

// loadTransformer reads the pipeline file and builds its datasets.
func loadTransformer(path string) (*config.Config, *transform.Transformer, error) {
	cfg, err := loadConfig(path)
	if err != nil {
		return nil, nil, err
	}
	tr, err := transform.New(cfg.Datasets)
	if err != nil {
		return nil, nil, &wikipipe.UsageError{Err: errorAt(path, diag.Config, err)}
	}
	return cfg, tr, nil
}

func validateFlags() (*flagSet, *string) {
	fs := newFlagSet("validate", "wikipipe validate [-c FILE]", "Checks the pipeline file; prints one located line per mistake.")
	return fs, configFlag(fs)
}

func (c cli) validate(args []string) int {
	fs, path := validateFlags()
	if code, ok := c.parseNoArgs(fs, args); !ok {
		return code
	}
	cfg, tr, err := loadTransformer(*path)
	if err != nil {
		return c.fail(err, diag.Config, "")
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

func schemaFlags() (*flagSet, *string, *bool) {
	fs := newFlagSet("schema", "wikipipe schema [-c FILE] [--json]", "Prints the schema of every dataset the pipeline file makes.")
	path := configFlag(fs)
	var asJSON bool
	fs.boolVar(&asJSON, "", "json", "print the schemas as JSON")
	return fs, path, &asJSON
}

func (c cli) schema(args []string) int {
	fs, path, asJSON := schemaFlags()
	if code, ok := c.parseNoArgs(fs, args); !ok {
		return code
	}
	_, tr, err := loadTransformer(*path)
	if err != nil {
		return c.fail(err, diag.Config, "")
	}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(tr.Schemas()); err != nil {
			return c.fail(errorAt("standard output", diag.Export, err), diag.Export, "")
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
		return c.fail(errorAt("standard output", diag.Export, err), diag.Export, "")
	}
	return exitOK
}
