package main

import (
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
)

// flagSet is a flag.FlagSet whose options have a GNU-style long name and
// maybe a one-letter alias, both registered on one variable, and whose help
// shows them as "-o, --output DIR". The flag package accepts one or two
// dashes before any name, so "--output DIR", "--output=DIR" and "-o DIR"
// all work without a dependency.
type flagSet struct {
	*flag.FlagSet
	synopsis string // "wikipipe run [flags] [INPUT...]"
	about    string // what the command does, a paragraph
	options  []option
}

// option is one line of the help.
type option struct {
	short, long string
	arg         string // the value's name in the help; "" for a switch
	usage       string
}

func newFlagSet(name, synopsis, about string) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), synopsis: synopsis, about: about}
	fs.Usage = fs.printUsage
	return fs
}

// register adds the names of one option; define registers one name.
func (fs *flagSet) register(short, long, arg, usage string, define func(name string)) {
	define(long)
	if short != "" {
		define(short)
	}
	fs.options = append(fs.options, option{short: short, long: long, arg: arg, usage: usage})
}

func (fs *flagSet) stringVar(p *string, short, long, value, arg, usage string) {
	fs.register(short, long, arg, usage, func(name string) { fs.StringVar(p, name, value, usage) })
}

func (fs *flagSet) intVar(p *int, short, long string, value int, arg, usage string) {
	fs.register(short, long, arg, usage, func(name string) { fs.IntVar(p, name, value, usage) })
}

// listVar is an option that may be given several times, each a
// comma-separated list: "--allow A,B --allow C" gives [A B C].
func (fs *flagSet) listVar(p *[]string, short, long, arg, usage string) {
	fs.register(short, long, arg, usage, func(name string) {
		fs.Func(name, usage, func(v string) error {
			*p = append(*p, strings.Split(v, ",")...)
			return nil
		})
	})
}

func (fs *flagSet) boolVar(p *bool, short, long, usage string) {
	fs.register(short, long, "", usage, func(name string) { fs.BoolVar(p, name, false, usage) })
}

// repeatVar is a string option that may be given several times, each value
// appended to *p whole (a page title may hold a comma).
func (fs *flagSet) repeatVar(p *[]string, short, long, arg, usage string) {
	fs.register(short, long, arg, usage, func(name string) {
		fs.Func(name, usage, func(v string) error { *p = append(*p, v); return nil })
	})
}

// printUsage prints the synopsis, the paragraph and the options aligned,
// -h/--help last.
func (fs *flagSet) printUsage() {
	w := fs.Output()
	fmt.Fprintf(w, "Usage: %s\n\n%s\n\nFlags:\n", fs.synopsis, fs.about)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, o := range append(fs.options, option{short: "h", long: "help", usage: "print this help"}) {
		names := "    --" + o.long
		if o.short != "" {
			names = "-" + o.short + ", --" + o.long
		}
		if o.arg != "" {
			names += " " + o.arg
		}
		for i, line := range strings.Split(o.usage, "\n") { // a long usage goes on under itself
			if i > 0 {
				names = ""
			}
			fmt.Fprintf(tw, "  %s\t%s\n", names, line)
		}
	}
	tw.Flush()
}
