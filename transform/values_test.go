package transform

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// valueTests name the input and the value as "type value", or the error.
var valueTests = []struct {
	t        Type
	in, want string
}{
	{String, "  Khazar Ibrahim\u00a0", "string Khazar Ibrahim"},
	{String, "Embassy of Azerbaijan, Washington, D.C.", "string Embassy of Azerbaijan, Washington, D.C."},
	{String, "note[1]", "string note[1]"},
	{String, "\u2009\t", "error: empty value"},
	{String, "", "error: empty value"},

	{Int, "1234", "int64 1234"},
	{Int, "1,234", "int64 1234"},
	{Int, "1,234,567", "int64 1234567"},
	{Int, "12,34,567", "int64 1234567"},
	{Int, "1 234", "int64 1234"},
	{Int, "1\u00a0234", "int64 1234"},
	{Int, "1\u2009234\u2009567", "int64 1234567"},
	{Int, "1\u202f234", "int64 1234"},
	{Int, "−5", "int64 -5"},
	{Int, "-5", "int64 -5"},
	{Int, "+7", "int64 7"},
	{Int, "0", "int64 0"},
	{Int, "007", "int64 7"},
	{Int, " 2[3]", "int64 2"},
	{Int, "42.", "int64 42"},
	{Int, "9223372036854775807", "int64 9223372036854775807"},
	{Int, "−9,223,372,036,854,775,808", "int64 -9223372036854775808"},
	{Int, "9223372036854775808", "error: number out of range"},
	{Int, "99999999999999999999999", "error: number out of range"},
	{Int, "1,23", "error: digit groups must be of three (1,234)"},
	{Int, "1234,567", "error: digit groups must be of three (1,234)"},
	{Int, "1,234 567", "error: digit groups must be of three (1,234)"},
	{Int, "1,2345", "error: digit groups must be of three (1,234)"},
	{Int, "1.5", "error: not an integer"},
	{Int, "1e3", "error: not an integer"},
	{Int, "12a", "error: not an integer"},
	{Int, "−", "error: not an integer"},
	{Int, "1,", "error: not an integer"},
	{Int, ",1", "error: not an integer"},
	{Int, "–", "error: not an integer"},
	{Int, "two", "error: not an integer"},
	{Int, "[1]", "error: empty value"},

	{Float, "3.5", "float64 3.5"},
	{Float, "1,234.5", "float64 1234.5"},
	{Float, "−0.25", "float64 -0.25"},
	{Float, "1.2e3", "float64 1200"},
	{Float, "1.2E-3", "float64 0.0012"},
	{Float, "1.2e+3", "float64 1200"},
	{Float, ".5", "float64 0.5"},
	{Float, "5.", "float64 5"},
	{Float, "7", "float64 7"},
	{Float, "1 234.5", "float64 1234.5"},
	{Float, "0.1", "float64 0.1"},
	{Float, "0." + strings.Repeat("0", 80) + "1e81", "float64 1"},
	{Float, "1e400", "error: number out of range"},
	{Float, "1e", "error: not a number"},
	{Float, "1e5x", "error: not a number"},
	{Float, "1e12345", "error: not a number"},
	{Float, "NaN", "error: not a number"},
	{Float, "Inf", "error: not a number"},
	{Float, "0x10", "error: not a number"},
	{Float, "1.2.3", "error: not a number"},
	{Float, "1_000", "error: not a number"},
	{Float, "-.", "error: not a number"},
	{Float, "1,5", "error: digit groups must be of three (1,234)"},

	{Percent, "53%", "float64 0.53"},
	{Percent, "76.84 %", "float64 0.7684"},
	{Percent, "76.84\u00a0%", "float64 0.7684"},
	{Percent, "100%", "float64 1"},
	{Percent, "−2.5%", "float64 -0.025"},
	{Percent, "0.1%", "float64 0.001"},
	{Percent, "53", "float64 0.53"},
	{Percent, "5e1%", "float64 0.5"},
	{Percent, "53%[2]", "float64 0.53"},
	{Percent, "%", "error: not a number"},
	{Percent, "53%%", "error: not a number"},
	{Percent, "fifty%", "error: not a number"},

	{Bool, "true", "bool true"},
	{Bool, "TRUE", "bool true"},
	{Bool, "Yes", "bool true"},
	{Bool, "y", "bool true"},
	{Bool, "1", "bool true"},
	{Bool, "false", "bool false"},
	{Bool, "No", "bool false"},
	{Bool, "N", "bool false"},
	{Bool, "0", "bool false"},
	{Bool, "yes.", "bool true"},
	{Bool, "maybe", "error: not a boolean (true/false, yes/no, y/n, 1/0)"},
	{Bool, "2", "error: not a boolean (true/false, yes/no, y/n, 1/0)"},

	{Year, "1991", "int64 1991"},
	{Year, "c. 1920", "int64 1920"},
	{Year, "660", "int64 660"},
	{Year, "May 1923", "int64 1923"},
	{Year, "1923-05-10", "int64 1923"},
	{Year, "17 June 1992", "int64 1992"},
	{Year, "1991[1]", "int64 1991"},
	{Year, "1920s", "error: spans 1920–1929, not one year"},
	{Year, "11th century", "error: spans 1001–1100, not one year"},
	{Year, "1992–93", "error: spans 1992–1993, not one year"},
	{Year, "since 1991", "error: an open range, not a year"},
	{Year, "91", "error: a year has 3 or 4 digits"},
	{Year, "7", "error: a year has 3 or 4 digits"},
	{Year, "12345", "error: not a date"},
	{Year, "year", "error: not a date"},

	{Date, "25 September 1994", "transform.CivilDate 1994-09-25"},
	{Date, "September 25, 1994", "transform.CivilDate 1994-09-25"},
	{Date, "1938-06-24", "transform.CivilDate 1938-06-24"},
	{Date, "September 2010", "transform.CivilDate 2010-09-01"},
	{Date, "1994", "transform.CivilDate 1994-01-01"},
	{Date, "c. 1920", "transform.CivilDate 1920-01-01"},
	{Date, "{{birth date and age|1963|08|12}}", "transform.CivilDate 1963-08-12"},
	{Date, "24 June 1993.", "transform.CivilDate 1993-06-24"},
	{Date, "September 25-30, 1994", "error: a date range, not a single date"},
	{Date, "1920s", "error: a date range, not a single date"},
	{Date, "20th century", "error: a date range, not a single date"},
	{Date, "2010 – present", "error: an open range, not a single date"},
	{Date, "since 2010", "error: an open range, not a single date"},
	{Date, "February 30, 2001", "error: day out of range"},
	{Date, "", "error: empty value"},

	{Type("date_range"), "1994", `error: unknown value type "date_range"`},
}

func TestParseValue(t *testing.T) {
	for _, tc := range valueTests {
		v, err := ParseValue(tc.t, tc.in)
		got := fmt.Sprintf("%T %v", v, v)
		if err != nil {
			got = "error: " + err.Error()
			if v != nil {
				got += fmt.Sprintf(" (and value %v)", v)
			}
		}
		if got != tc.want {
			t.Errorf("ParseValue(%s, %q) = %s, want %s", tc.t, tc.in, got, tc.want)
		}
	}
}

var fuzzTypes = [...]Type{String, Int, Float, Percent, Bool, Year, Date}

func FuzzParseValue(f *testing.F) {
	for _, tc := range valueTests {
		for i, t := range fuzzTypes {
			if t == tc.t {
				f.Add(uint8(i), tc.in)
			}
		}
	}
	f.Fuzz(func(t *testing.T, ti uint8, s string) {
		typ := fuzzTypes[int(ti)%len(fuzzTypes)]
		v, err := ParseValue(typ, s)
		if err != nil {
			if v != nil || err.Error() == "" || len(err.Error()) > 128 {
				t.Fatalf("ParseValue(%s, %q) = %v, %q", typ, s, v, err)
			}
			return
		}
		switch typ {
		case String:
			if v != trimSpace(s) || v == "" {
				t.Fatalf("ParseValue(string, %q) = %q", s, v)
			}
		case Int:
			// Every integer is also a float, the nearest one.
			f, err := ParseValue(Float, s)
			if err != nil || f != float64(v.(int64)) {
				t.Fatalf("%q: int %v but float %v, %v", s, v, f, err)
			}
			again, err := ParseValue(Int, fmt.Sprint(v))
			if err != nil || again != v {
				t.Fatalf("%q: int %v reparses as %v, %v", s, v, again, err)
			}
		case Float, Percent:
			x := v.(float64)
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Fatalf("%q: %s %v", s, typ, x)
			}
			again, err := ParseValue(Float, fmt.Sprint(x))
			if err != nil || again != x {
				t.Fatalf("%q: %s %v reparses as %v, %v", s, typ, x, again, err)
			}
		case Bool:
			_ = v.(bool)
		case Year:
			if y := v.(int64); y < 1 || y > 9999 {
				t.Fatalf("%q: year %d", s, y)
			}
		case Date:
			checkPoint(t, s, DatePoint{Date: v.(CivilDate), Precision: Day}, false)
		}
	})
}
