package english

import (
	"math"
	"testing"
)

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		word string
		want string
	}{
		{0, "row", "0 rows"},
		{1, "row", "1 row"},
		{2, "article", "2 articles"},
		{999, "page", "999 pages"},
		{1000, "page", "1,000 pages"},
		{1234567, "warning", "1,234,567 warnings"},
		{-1234, "row", "-1,234 rows"},
		{math.MaxInt64, "row", "9,223,372,036,854,775,807 rows"},
		{math.MinInt64, "row", "-9,223,372,036,854,775,808 rows"},
	} {
		if got := Count(tc.n, tc.word); got != tc.want {
			t.Errorf("Count(%d, %q) = %q, want %q", tc.n, tc.word, got, tc.want)
		}
	}
}
