// Package yamlcheck checks a YAML file against tables of known keys,
// collecting every mistake as a located diagnostic instead of stopping at
// the first: a key that does not exist (with the closest known one), a key
// given twice, a value of the wrong YAML type, a word that is not one of a
// closed set.
//
// A mapping's keys are described as data, a []Key: each row names the key,
// its type, default and meaning as the reference documentation shows them,
// and the function that decodes its value. Walk runs one such table over one
// mapping; DocRows renders it as the documentation's table, so that a test
// can hold the two together.
package yamlcheck

import (
	"fmt"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/wikipipe/wikipipe/diag"
)

// Checker collects the diagnostics of one file.
type Checker struct {
	Path  string // the file, for messages
	Diags diag.List
}

// Errorf reports a mistake at n.
func (c *Checker) Errorf(n *yaml.Node, format string, args ...any) {
	c.Diags.Errorf(c.Path, n.Line, n.Column, diag.Config, format, args...)
}

// ErrLines reports each line of err (errors.Join makes one per problem) at
// n, after name.
func (c *Checker) ErrLines(n *yaml.Node, name string, err error) {
	if err != nil {
		for _, line := range strings.Split(err.Error(), "\n") {
			c.Errorf(n, "%s: %s", name, line)
		}
	}
}

// Field is one key of a mapping with its value.
type Field struct {
	Key, Value *yaml.Node
	Name       string // the dotted path of the key, for messages
}

// Item is the field of the list item at n, named name: it is its own key.
func Item(n *yaml.Node, name string) Field {
	return Field{Key: n, Value: Resolve(n), Name: name}
}

// Key describes one key of a mapping: the documentation's row and the
// decoder of its value into a *T.
type Key[T any] struct {
	Name    string
	Type    string // as the documentation names it: "integer", "list of text"…
	Default string // the documentation's default column; "required" for a required key
	Doc     string // what the key means
	// Decode reads the value of f into dst, reporting mistakes to c.
	Decode func(c *Checker, f Field, dst *T)
}

// Walk calls the decoder of each key of the mapping at n (named where; ""
// is the top level) in file order, and reports an unknown key with the
// closest known one. It reports whether every key was known.
func Walk[T any](c *Checker, n *yaml.Node, where string, keys []Key[T], dst *T) (allKnown bool) {
	allKnown = true
	for _, f := range c.Entries(n, where) {
		i := indexOf(keys, f.Key.Value)
		if i < 0 {
			in := "at the top level"
			if where != "" {
				in = "in " + where
			}
			c.Errorf(f.Key, "unknown key %q %s%s", f.Key.Value, in, Suggest(f.Key.Value, names(keys)))
			allKnown = false
			continue
		}
		keys[i].Decode(c, f, dst)
	}
	return allKnown
}

func indexOf[T any](keys []Key[T], name string) int {
	for i, k := range keys {
		if k.Name == name {
			return i
		}
	}
	return -1
}

func names[T any](keys []Key[T]) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.Name
	}
	sort.Strings(out)
	return out
}

// DocRows renders keys as the rows of the documentation's Markdown table,
// | `key` | type | default | meaning |, in table order.
func DocRows[T any](keys []Key[T]) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		row := fmt.Sprintf("| `%s` | %s | %s | %s |", k.Name, k.Type, k.Default, k.Doc)
		out[i] = strings.ReplaceAll(row, "|  |", "| |") // an empty cell
	}
	return out
}

// Entries returns the pairs of the mapping at n (named where), reporting a
// node that is not a mapping and a key given twice. A null node is an empty
// mapping.
func (c *Checker) Entries(n *yaml.Node, where string) []Field {
	n = Resolve(n)
	if IsNull(n) {
		return nil
	}
	label := where
	if label == "" {
		label = "the file"
	}
	if n.Kind != yaml.MappingNode {
		c.Errorf(n, "%s: want a mapping of keys, got %s", label, Describe(n))
		return nil
	}
	var out []Field
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := Resolve(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			c.Errorf(k, "%s: keys must be plain text, got %s", label, Describe(k))
			continue
		}
		name := k.Value
		if where != "" {
			name = where + "." + k.Value
		}
		if prev, ok := seen[k.Value]; ok {
			c.Errorf(k, "%s is given twice (first at line %d)", name, prev.Line)
			continue
		}
		seen[k.Value] = k
		out = append(out, Field{Key: k, Value: Resolve(v), Name: name})
	}
	return out
}

// Lookup returns the entry of the mapping at n whose key is name, following
// aliases; false if n is not a mapping or has no such key.
func Lookup(n *yaml.Node, name string) (key, value *yaml.Node, ok bool) {
	n = Resolve(n)
	if n.Kind != yaml.MappingNode {
		return nil, nil, false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := Resolve(n.Content[i]); k.Kind == yaml.ScalarNode && k.Value == name {
			return k, Resolve(n.Content[i+1]), true
		}
	}
	return nil, nil, false
}
