package transform

// Precision says how much of a date the source gave.
type Precision string

const (
	Day   Precision = "day"
	Month Precision = "month"
	YearP Precision = "year"
)

// DatePoint is one end of a date range. A month-precision point is the first
// of its month (a start) or the last (an end); likewise for years.
type DatePoint struct {
	Date      CivilDate
	Precision Precision
	Approx    bool // "c. 1920"
}

// DateRange is a parsed date or date range. Start is always set; End is nil
// for an open range ("September 2010 – present"). A single date has End equal
// to Start.
type DateRange struct {
	Start DatePoint
	End   *DatePoint
}

// ParseValue parses s as a value of type t. Empty input is an error; callers
// decide what null means. Placeholder: the values issue replaces it.
func ParseValue(t Type, s string) (Value, error) { return s, nil }

// ParseDateRange parses a date or date range as Wikipedia writes them.
// Placeholder: the values issue replaces it.
func ParseDateRange(s string) (DateRange, error) { return DateRange{}, nil }
