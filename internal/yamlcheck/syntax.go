package yamlcheck

import (
	"strconv"
	"strings"

	"github.com/wikipipe/wikipipe/diag"
)

// Syntax reports an error of yaml.v3's decoder, one diagnostic per problem
// it names.
func (c *Checker) Syntax(err error) {
	for _, p := range syntaxProblems(err.Error()) {
		c.Diags.Errorf(c.Path, p.line, 0, diag.Config, "invalid YAML: %s", p.msg)
	}
}

type problem struct {
	line int // 0 when yaml.v3 names none
	msg  string
}

// syntaxProblems splits the text of a yaml.v3 decoding error into its
// problems. yaml.v3 gives syntax errors only as text (its one typed error,
// *yaml.TypeError, is for decoding into Go values, which a yaml.Node is
// not), in the form "yaml: line N: message", several joined by newlines
// under "unmarshal errors:".
func syntaxProblems(text string) []problem {
	var out []problem
	for _, m := range strings.Split(strings.TrimPrefix(text, "yaml: "), "\n") {
		m = strings.TrimSpace(m)
		if m == "" || m == "unmarshal errors:" {
			continue
		}
		p := problem{msg: m}
		if i := strings.Index(m, "line "); i >= 0 {
			digits, rest, ok := strings.Cut(m[i+len("line "):], ": ")
			if n, err := strconv.Atoi(digits); ok && err == nil && digits[0] != '+' && digits[0] != '-' {
				p.line, p.msg = n, m[:i]+rest
				// yaml.v3 counts the lines of parser errors (unlike
				// scanner errors) from 0: all of them read "did not
				// find expected …".
				if strings.HasPrefix(p.msg, "did not find expected") {
					p.line++
				}
			}
		}
		out = append(out, p)
	}
	return out
}
