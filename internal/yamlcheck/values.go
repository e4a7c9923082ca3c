package yamlcheck

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// List returns the items of a sequence, reporting anything else. A null
// value is an empty list.
func (c *Checker) List(f Field) []*yaml.Node {
	if IsNull(f.Value) {
		return nil
	}
	if !IsSeq(f.Value) {
		c.Errorf(f.Value, "%s: want a list, got %s", f.Name, Describe(f.Value))
		return nil
	}
	items := make([]*yaml.Node, len(f.Value.Content))
	for i, it := range f.Value.Content {
		items[i] = Resolve(it)
	}
	return items
}

// Text returns a string scalar. Numbers and booleans are refused so that a
// typo such as `path: yes` does not pass as text.
func (c *Checker) Text(f Field) (string, bool) {
	if f.Value.Kind != yaml.ScalarNode || f.Value.Tag != "!!str" {
		c.Errorf(f.Value, "%s: want text, got %s", f.Name, Describe(f.Value))
		return "", false
	}
	return f.Value.Value, true
}

// Integer returns an integer scalar.
func (c *Checker) Integer(f Field) (int, bool) {
	if IsInt(f.Value) {
		if n, err := strconv.Atoi(f.Value.Value); err == nil {
			return n, true
		}
	}
	c.Errorf(f.Value, "%s: want an integer, got %s", f.Name, Describe(f.Value))
	return 0, false
}

// Boolean returns a boolean scalar.
func (c *Checker) Boolean(f Field) (bool, bool) {
	if f.Value.Kind == yaml.ScalarNode && f.Value.Tag == "!!bool" {
		return f.Value.Value == "true", true
	}
	c.Errorf(f.Value, "%s: want true or false, got %s", f.Name, Describe(f.Value))
	return false, false
}

// Choice decodes text that must be one of known, as parse says, reporting
// an unknown word with the closest known one.
func Choice[T ~string](c *Checker, f Field, parse func(string) (T, error), known []T) (T, bool) {
	s, ok := c.Text(f)
	if !ok {
		return "", false
	}
	v, err := parse(s)
	if err != nil {
		words := make([]string, len(known))
		for i, k := range known {
			words[i] = string(k)
		}
		c.Errorf(f.Value, "%s: %v%s", f.Name, err, Suggest(s, words))
		return "", false
	}
	return v, true
}

// Resolve follows an alias to the node it names.
func Resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// IsNull reports a null scalar: nothing, ~ or null.
func IsNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// IsInt reports an integer scalar.
func IsInt(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!int"
}

// IsSeq reports a sequence.
func IsSeq(n *yaml.Node) bool { return n.Kind == yaml.SequenceNode }

// Describe names what a node holds, for "want X, got Y" messages.
func Describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	kind := map[string]string{"!!str": "text", "!!int": "an integer", "!!float": "a number", "!!bool": "a boolean", "!!null": "nothing"}[n.Tag]
	if kind == "" {
		kind = n.Tag
	}
	if n.Tag == "!!null" {
		return kind
	}
	return fmt.Sprintf("%s %q", kind, n.Value)
}

// Suggest returns ` (did you mean "x"?)` for the known word closest to s,
// if it is close enough to be a typo.
func Suggest(s string, known []string) string {
	best, bestDist := "", len(s)/3+2
	s = strings.ToLower(s)
	for _, k := range known {
		dist := editDistance(s, k)
		if len(s) >= 3 && strings.HasPrefix(k, s) {
			dist = min(dist, 1) // a cut word: group → group_by
		}
		if dist < bestDist {
			best, bestDist = k, dist
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
