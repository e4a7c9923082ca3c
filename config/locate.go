package config

import (
	"errors"
	"fmt"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/wikipipe/wikipipe/internal/yamlcheck"
	"github.com/wikipipe/wikipipe/transform"
)

// reportSpecErrors reports each rule of err (transform.Check's, under
// datasets) at the YAML node of the field its path names. A broken rule is
// left out if a mistake was already reported within that field: the field
// was then decoded only in part, and the rule may be its echo. Names are the
// exception, since a name is whole whatever its dataset or column holds. A
// rule about a key left out is left out only after a mistake in the shape
// of the mapping that lacks it (an unknown key, likely a typo of it).
func reportSpecErrors(c *checker, datasets field, err error) {
	if err == nil {
		return
	}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	decoded := positions(c)
	for _, err := range errs {
		var se *transform.SpecError
		if !errors.As(err, &se) || len(se.Path) == 0 || se.Path[0] != "datasets" {
			// Not reachable through Check; reported rather than lost.
			c.Errorf(datasets.Key, "%s: %v", datasets.Name, err)
			continue
		}
		e, at, found := locate(datasets, se.Path)
		echo := within(e, decoded)
		if !found {
			echo = shapeOf(e, decoded)
		}
		if echo && !errors.Is(se, transform.ErrName) {
			continue
		}
		c.Errorf(at, "%s: %v", e.Name, se.Err)
	}
}

// locate finds the field path names, starting at datasets (path[0]), and
// the node to report at: the value of a field holding one text, number or
// switch, the key otherwise (a dataset, a column, a property, a mapping).
// A field that is not in the file (a required key left out) is reported at
// the deepest one that is. A source (from) is reported at its one kind
// (table or infobox), or at from itself when it has none or both. found
// says whether the whole path is in the file.
func locate(datasets field, path []string) (e field, at *yaml.Node, found bool) {
	e, n := datasets, 1
	for _, p := range path[1:] {
		next, ok := child(e, p)
		if !ok {
			break
		}
		e = next
		n++
	}
	found = n == len(path)
	switch {
	case found && len(path) == 3 && path[2] == "from":
		return e, sourceNode(e), true
	case found && !named(path, len(path)-1) && e.Value.Kind == yaml.ScalarNode && !yamlcheck.IsNull(e.Value):
		return e, e.Value, true
	}
	return e, e.Key, found
}

// child is the field p of e: a key of a mapping, or an index (from 0) of a
// list. A single item given without its list is index 0.
func child(e field, p string) (field, bool) {
	switch v := e.Value; v.Kind {
	case yaml.MappingNode:
		k, val, ok := yamlcheck.Lookup(v, p)
		return field{Key: k, Value: val, Name: e.Name + "." + p}, ok
	case yaml.SequenceNode:
		i, err := strconv.Atoi(p)
		if err != nil || i < 0 || i >= len(v.Content) {
			return e, false
		}
		return yamlcheck.Item(v.Content[i], fmt.Sprintf("%s[%d]", e.Name, i)), true
	}
	return e, p == "0"
}

// named reports whether path[i] is a name the file gives (a dataset, a
// column, a JSON-LD property) rather than a key pipeline.yaml defines.
func named(path []string, i int) bool {
	return i == 1 || i == 3 && path[2] == "columns" || i == 4 && path[2] == "jsonld" && path[3] == "properties"
}

// sourceNode is where a problem of the source from is reported.
func sourceNode(from field) *yaml.Node {
	_, table, isTable := yamlcheck.Lookup(from.Value, "table")
	_, infobox, isInfobox := yamlcheck.Lookup(from.Value, "infobox")
	switch {
	case isTable && !isInfobox:
		return table
	case isInfobox && !isTable:
		return infobox
	}
	return from.Key
}

type position struct{ line, col int }

// positions are the places of the mistakes reported so far.
func positions(c *checker) map[position]bool {
	m := map[position]bool{}
	for _, d := range c.Diags {
		m[position{d.Line, d.Col}] = true
	}
	return m
}

// within reports whether a node of e (its key, its value and what that
// holds, aliases not followed) is at one of the positions.
func within(e field, at map[position]bool) bool {
	return len(at) > 0 && (at[position{e.Key.Line, e.Key.Column}] || holds(e.Value, at))
}

// shapeOf reports whether a mistake is at e's value itself or at one of its
// keys: the mistakes of a mapping's shape.
func shapeOf(e field, at map[position]bool) bool {
	v := e.Value
	if at[position{v.Line, v.Column}] {
		return true
	}
	for i := 0; v.Kind == yaml.MappingNode && i < len(v.Content); i += 2 {
		if k := v.Content[i]; at[position{k.Line, k.Column}] {
			return true
		}
	}
	return false
}

func holds(n *yaml.Node, at map[position]bool) bool {
	if at[position{n.Line, n.Column}] {
		return true
	}
	for _, c := range n.Content {
		if holds(c, at) {
			return true
		}
	}
	return false
}
