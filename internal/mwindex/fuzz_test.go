package mwindex

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/wikipipe/wikipipe/diag"
)

// FuzzLookup: any index gives entries or a located error, and every entry
// found has the title asked for.
func FuzzLookup(f *testing.F) {
	f.Add(index, "Anarchism")
	f.Add("1:2:\n:3:x\n", "")
	f.Fuzz(func(t *testing.T, in, title string) {
		res, err := Lookup(context.Background(), "x", strings.NewReader(in), []string{title}, 1)
		if err != nil {
			var d diag.Diagnostic
			if !errors.As(err, &d) || d.Line < 1 {
				t.Fatalf("error %v is not located", err)
			}
			return
		}
		want := strings.ReplaceAll(title, "_", " ")
		for _, e := range res.Found {
			if e.Title != want || e.Offset < 0 {
				t.Fatalf("asked %q, found %+v", title, e)
			}
		}
		if (len(res.Found) == 0) != (len(res.Missing) == 1) {
			t.Fatalf("found %v and missing %v", res.Found, res.Missing)
		}
	})
}
