package transform

import (
	"testing"
	"time"
)

func TestParseTimestamp(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2019-07-03T12:34:56Z", "2019-07-03T12:34:56Z"},
		{"2019-07-03t12:34:56z", "2019-07-03T12:34:56Z"},
		{"2019-07-03 12:34:56", "2019-07-03T12:34:56Z"},
		{"2019-07-03T12:34", "2019-07-03T12:34:00Z"},
		{"2019-07-03T12:34:56.25Z", "2019-07-03T12:34:56.25Z"},
		{"2019-07-03T12:34:56,5Z", "2019-07-03T12:34:56.5Z"},
		{"2019-07-03T12:34:56.1234567891234Z", "2019-07-03T12:34:56.123456789Z"},
		{"2019-07-03T12:34:56+02:00", "2019-07-03T10:34:56Z"},
		{"2019-07-03T00:30:00+0100", "2019-07-02T23:30:00Z"},
		{"2019-07-03T23:30:00-05", "2019-07-04T04:30:00Z"},
		{"2019-07-03 12:34:56 UTC", "2019-07-03T12:34:56Z"},
		{" 2019-07-03T12:34:56Z[1]", "2019-07-03T12:34:56Z"},
		{"2020-02-29T00:00:00Z", "2020-02-29T00:00:00Z"},
		{"2019-07-03", "error: " + errDateOnly.Error()},
		{"2019-02-29T00:00:00Z", "error: " + errTimestamp.Error()},
		{"2019-07-03T24:00:00Z", "error: " + errTimestamp.Error()},
		{"2019-07-03T12:60Z", "error: " + errTimestamp.Error()},
		{"2019-07-03T12:34:60Z", "error: " + errTimestamp.Error()},
		{"2019-07-03T12:34:56.Z", "error: " + errTimestamp.Error()},
		{"2019-07-03T12:34:56+19:00", "error: " + errTimestamp.Error()},
		{"2019-07-03T12:34:56+02:0", "error: " + errTimestamp.Error()},
		{"2019-07-03T12:34:56 PST", "error: " + errTimestamp.Error()},
		{"2019-7-3T12:34:56Z", "error: " + errTimestamp.Error()},
		{"2019-07-03X12:34:56Z", "error: " + errTimestamp.Error()},
		{"3 July 2019, 12:34", "error: " + errTimestamp.Error()},
		{"0000-01-01T00:00:00Z", "error: " + errTimestamp.Error()},
		{"0001-01-01T00:30:00+01:00", "error: " + errTimestampSpan.Error()},
		{"9999-12-31T23:30:00-01:00", "error: " + errTimestampSpan.Error()},
		{"", "error: " + errEmpty.Error()},
	}
	for _, tt := range tests {
		v, err := ParseValue(Timestamp, tt.in)
		got := "error: "
		if err != nil {
			got += err.Error()
		} else {
			ts := v.(time.Time)
			if ts.Location() != time.UTC {
				t.Errorf("%q: %v is not in UTC", tt.in, ts)
			}
			got = ts.Format(time.RFC3339Nano)
		}
		if got != tt.want {
			t.Errorf("ParseValue(timestamp, %q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func FuzzParseTimestamp(f *testing.F) {
	for _, s := range []string{"2019-07-03T12:34:56Z", "2019-07-03 12:34", "2019-07-03T12:34:56.5+02:00", "2019-07-03T23:30:00-05", "2019-07-03"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseValue(Timestamp, s)
		if err != nil {
			if v != nil {
				t.Fatalf("%q: value %v and error %v", s, v, err)
			}
			return
		}
		ts := v.(time.Time)
		if ts.Location() != time.UTC || ts.Year() < 1 || ts.Year() > 9999 {
			t.Fatalf("%q: %v", s, ts)
		}
		// The text every format writes reads back as the same instant.
		text := ts.Format(time.RFC3339Nano)
		again, err := ParseValue(Timestamp, text)
		if err != nil || !again.(time.Time).Equal(ts) {
			t.Fatalf("%q: %v written %q reads as %v, %v", s, ts, text, again, err)
		}
	})
}
