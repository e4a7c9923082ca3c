package transform

import (
	"testing"
	"time"
)

func TestCivilDateValid(t *testing.T) {
	for _, tc := range []struct {
		d    CivilDate
		want bool
	}{
		{CivilDate{1994, time.September, 25}, true},
		{CivilDate{2000, time.February, 29}, true},
		{CivilDate{1900, time.February, 29}, false},
		{CivilDate{2001, time.April, 31}, false},
		{CivilDate{0, time.January, 1}, true},
		{CivilDate{9999, time.December, 31}, true},
		{CivilDate{10000, time.January, 1}, false},
		{CivilDate{-1, time.January, 1}, false},
		{CivilDate{2001, 13, 1}, false},
		{CivilDate{2001, time.January, 0}, false},
	} {
		if got := tc.d.Valid(); got != tc.want {
			t.Errorf("%v.Valid() = %v, want %v", tc.d, got, tc.want)
		}
	}
}
