package transform

import "testing"

// fmtPoint writes a point as its ISO date, then "m" or "y" for month or year
// precision and "~" when approximate.
func fmtPoint(p DatePoint) string {
	s := p.Date.String()
	switch p.Precision {
	case Month:
		s += "m"
	case YearP:
		s += "y"
	}
	if p.Approx {
		s += "~"
	}
	return s
}

// fmtRange writes "start/end", "start/" for an open range.
func fmtRange(r DateRange) string {
	if r.End == nil {
		return fmtPoint(r.Start) + "/"
	}
	return fmtPoint(r.Start) + "/" + fmtPoint(*r.End)
}

var dateRangeTests = []struct{ in, want string }{
	// DESIGN.md §4
	{"September 25-30, 1994", "1994-09-25/1994-09-30"},
	{"July 27- August 6, 1997", "1997-07-27/1997-08-06"},
	{"September 24, 2010", "2010-09-24/2010-09-24"},
	{"25–30 September 1994", "1994-09-25/1994-09-30"},
	{"December 30, 1999 – January 2, 2000", "1999-12-30/2000-01-02"},
	{"24 June 1993 – 10 October 1993", "1993-06-24/1993-10-10"},
	{"1923-05-10", "1923-05-10/1923-05-10"},
	{"September 2010 – present", "2010-09-01m/"},

	// single dates, day-first and month-first
	{"25 September 1994", "1994-09-25/1994-09-25"},
	{"September 25 1994", "1994-09-25/1994-09-25"},
	{"Sept 25, 1994", "1994-09-25/1994-09-25"},
	{"Sep. 25, 1994", "1994-09-25/1994-09-25"},
	{"25 sept. 1994", "1994-09-25/1994-09-25"},
	{"JAN 5, 2001", "2001-01-05/2001-01-05"},
	{"1 Jan 2001", "2001-01-01/2001-01-01"},
	{"September 25th, 1994", "1994-09-25/1994-09-25"},
	{"1st May 1994", "1994-05-01/1994-05-01"},
	{"Monday, 25 September 1994", "1994-09-25/1994-09-25"},
	{"February 29, 2000", "2000-02-29/2000-02-29"},
	{"29 February 2024", "2024-02-29/2024-02-29"},
	{"31 December 9999", "9999-12-31/9999-12-31"},

	// month, year and decade precision: a single one spans its period
	{"September 2010", "2010-09-01m/2010-09-30m"},
	{"Feb 2000", "2000-02-01m/2000-02-29m"},
	{"February, 1900", "1900-02-01m/1900-02-28m"},
	{"1994", "1994-01-01y/1994-12-31y"},
	{"660", "0660-01-01y/0660-12-31y"},
	{"1920s", "1920-01-01y/1929-12-31y"},
	{"11th century", "1001-01-01y/1100-12-31y"},
	{"20th Century", "1901-01-01y/2000-12-31y"},
	{"1st century", "0001-01-01y/0100-12-31y"},
	{"c. 5th century", "0401-01-01y~/0500-12-31y~"},
	{"19th century – 1920s", "1801-01-01y/1929-12-31y"},

	// approximate
	{"c. 1920", "1920-01-01y~/1920-12-31y~"},
	{"c.1920", "1920-01-01y~/1920-12-31y~"},
	{"circa 1920", "1920-01-01y~/1920-12-31y~"},
	{"ca. May 1920", "1920-05-01m~/1920-05-31m~"},
	{"c. 1920 – 1925", "1920-01-01y~/1925-12-31y"},
	{"c. 1920s", "1920-01-01y~/1929-12-31y~"},
	{"1920 – c. 1925", "1920-01-01y/1925-12-31y~"},
	{"{{circa}} 965", "0965-01-01y~/0965-12-31y~"},

	// separators
	{"1994-1996", "1994-01-01y/1996-12-31y"},
	{"1994 - 1996", "1994-01-01y/1996-12-31y"},
	{"1994–1996", "1994-01-01y/1996-12-31y"},
	{"1994 — 1996", "1994-01-01y/1996-12-31y"},
	{"1994—1996", "1994-01-01y/1996-12-31y"},
	{"1994 −1996", "1994-01-01y/1996-12-31y"},
	{"1994 -- 1996", "1994-01-01y/1996-12-31y"},
	{"1994 to 1996", "1994-01-01y/1996-12-31y"},
	{"1994 until 1996", "1994-01-01y/1996-12-31y"},
	{"from 1994 to 1996", "1994-01-01y/1996-12-31y"},
	{"1994&ndash;1996", "1994-01-01y/1996-12-31y"},
	{"17 June 1992 until 24 June 1993", "1992-06-17/1993-06-24"},
	{"25 September 1994 to 30 September 1994", "1994-09-25/1994-09-30"},

	// within a month
	{"September 25 – 30, 1994", "1994-09-25/1994-09-30"},
	{"September 25–30 1994", "1994-09-25/1994-09-30"},
	{"25-30 September 1994", "1994-09-25/1994-09-30"},
	{"25 – 30 Sept. 1994", "1994-09-25/1994-09-30"},
	{"November 27–29, 2007", "2007-11-27/2007-11-29"},
	{"12–15 February 2007", "2007-02-12/2007-02-15"},
	{"May 20-21, 2012", "2012-05-20/2012-05-21"},
	{"25 September 1994 – 30", "1994-09-25/1994-09-30"},
	{"25 September – 30 September 1994", "1994-09-25/1994-09-30"},

	// across months
	{"27 July – 6 August 1997", "1997-07-27/1997-08-06"},
	{"July 27 – August 6, 1997", "1997-07-27/1997-08-06"},
	{"July 27 to August 6, 1997", "1997-07-27/1997-08-06"},
	{"October–December 2003", "2003-10-01m/2003-12-31m"},
	{"Jan–Feb 2000", "2000-01-01m/2000-02-29m"},

	// across years; a year carried back or forward crosses the new year
	{"30 December – 2 January 2000", "1999-12-30/2000-01-02"},
	{"December 30 – January 2, 2000", "1999-12-30/2000-01-02"},
	{"30 December 1999 – 2 January", "1999-12-30/2000-01-02"},
	{"November 2010 – February 2011", "2010-11-01m/2011-02-28m"},
	{"November – February 2011", "2010-11-01m/2011-02-28m"},
	{"1992–93", "1992-01-01y/1993-12-31y"},
	{"1999–00", "1999-01-01y/2000-12-31y"},
	{"1914-18", "1914-01-01y/1918-12-31y"},
	{"1951-95", "1951-01-01y/1995-12-31y"},
	{"1985–05", "1985-01-01y/2005-12-31y"},
	{"1920s–1930s", "1920-01-01y/1939-12-31y"},
	{"May 1990 – 1994", "1990-05-01m/1994-12-31y"},

	// ISO
	{"2001-01-01", "2001-01-01/2001-01-01"},
	{"1923-05-10 – 1923-06-01", "1923-05-10/1923-06-01"},
	{"1923-05-10–1923-06-01", "1923-05-10/1923-06-01"},
	{"1923-05-10 to present", "1923-05-10/"},

	// open ends
	{"2010 – present", "2010-01-01y/"},
	{"2010–present", "2010-01-01y/"},
	{"2010-Present", "2010-01-01y/"},
	{"2010 –", "2010-01-01y/"},
	{"2010-", "2010-01-01y/"},
	{"2010 – ongoing", "2010-01-01y/"},
	{"2010 to date", "2010-01-01y/"},
	{"since 2010", "2010-01-01y/"},
	{"Since 8 October 2019", "2019-10-08/"},

	// date templates
	{"{{birth date|1938|6|24}}", "1938-06-24/1938-06-24"},
	{"{{Birth date and age|1969|7|18|mf=y}}", "1969-07-18/1969-07-18"},
	{"{{birth date and age|df=y|1968|7|21}}", "1968-07-21/1968-07-21"},
	{"{{death date and age|2000|8|22|1938|6|24}}", "2000-08-22/2000-08-22"},
	{"{{start date|1994|9}}", "1994-09-01m/1994-09-30m"},
	{"{{start date|1994|9|25}} – present", "1994-09-25/"},
	{"{{dts|1994}}", "1994-01-01y/1994-12-31y"},
	{"{{nowrap|{{death date and age|2012|2|16|1929|8|22}}}}", "2012-02-16/2012-02-16"},
	{"{{nowrap|1994–1996}}", "1994-01-01y/1996-12-31y"},
	{"{{start date and age|1937}} (as Foster Parents Plan)", "1937-01-01y/1937-12-31y"},

	// what Wikipedia leaves around a value
	{"  25 September 1994\u00a0", "1994-09-25/1994-09-25"},
	{"25\u00a0September\u00a01994", "1994-09-25/1994-09-25"},
	{"25&nbsp;September 1994", "1994-09-25/1994-09-25"},
	{"25 September 1994[1]", "1994-09-25/1994-09-25"},
	{"25 September 1994 [note 2][a]", "1994-09-25/1994-09-25"},
	{"September 25[3] – 30, 1994", "1994-09-25/1994-09-30"},
	{"25 September 1994.", "1994-09-25/1994-09-25"},
	{"22 August 2000 (aged 62)", "2000-08-22/2000-08-22"},
	{"(1971-11-14) November 14, 1971 (age\u00a049)", "1971-11-14/1971-11-14"},
	{"(1994)", "error: missing start date"},
	{"1994 (a) – 1996", `error: unexpected "(a) – 1996"`},

	// wrong input
	{"", "error: empty value"},
	{" \u00a0 ", "error: empty value"},
	{"[1]", "error: empty value"},
	{"banana", "error: not a date"},
	{"February 30, 2001", "error: day out of range"},
	{"February 29, 2001", "error: day out of range"},
	{"Sept 31, 1994", "error: day out of range"},
	{"31 April 2000", "error: day out of range"},
	{"Sept 45", "error: day out of range"},
	{"Sept 25", "error: missing year"},
	{"25 September", "error: missing year"},
	{"September", "error: missing year"},
	{"25", "error: missing year"},
	{"25-30 September", "error: missing year"},
	{"2001-13-01", "error: month out of range"},
	{"2001-00-10", "error: month out of range"},
	{"2001-02-30", "error: day out of range"},
	{"0000-01-01", "error: year out of range"},
	{"000", "error: year out of range"},
	{"12345", "error: not a date"},
	{"1994-09-30 – 1994-09-25", "error: end before start"},
	{"1996–1994", "error: end before start"},
	{"September 30-25, 1994", "error: end before start"},
	{"2010–09", "error: end before start"},
	{"9990–00", "error: year out of range"},
	{"9998–99", "9998-01-01y/9999-12-31y"},
	{"present", "error: missing start date"},
	{"– 1994", "error: missing start date"},
	{"to 1994", "error: missing start date"},
	{"1994 – 1995 – 1996", `error: unexpected "–"`},
	{"since 1994 – 1995", `error: unexpected "–"`},
	{"25 Septembre 1994", `error: unexpected "Septembre"`},
	{"28 May 1918, 5 February 1991", `error: unexpected "5"`},
	{"1535 and 1542", `error: unexpected "and"`},
	{"1994 1995", `error: unexpected "1995"`},
	{"September September 1994", `error: unexpected "September"`},
	{"1994 September", `error: unexpected "September"`},
	{"30, 1994", "error: missing month"},
	{"1994 – 30", "error: end before start"},
	{"c. c. 1920", `error: unexpected "c"`},
	{"25x September 1994", `error: not a date`},
	{"1921s", `error: not a date`},
	{"500 BC", "error: BC dates are not supported"},
	{"5th century BC", "error: BC dates are not supported"},
	{"0th century", "error: year out of range"},
	{"century", "error: not a date"},
	{"1994 century", `error: unexpected "century"`},
	{"{{nowrap|{{nowrap|{{nowrap|{{nowrap|{{nowrap|1994}}}}}}}}}}", "error: not a date"},
	{"{{death date and age|1965|12|31|1893|09|30}}, Bangalore", `error: unexpected "Bangalore"`},
	{"2009a", `error: not a date`},
	{"[[1994]]", "error: not a date"},
	{"mid-1990s", "error: not a date"},
	{"2010–11 season", `error: unexpected "season"`},
	{"July 1917 – 13 June 1919<br>May 1941 – April 1945", `error: unexpected "<br>May 1941 – A…"`},
	{"25 September 1994 (aged", `error: unexpected "(aged"`},
	{"{{birth date|1938|6|24", "error: not a date"},
	{"{{flag|USA}}", "error: not a date"},
	{"{{update after|2020|1|1}}", "error: not a date"},
	{"{{birth-date|0965|{{circa}} 965}}", "0965-01-01y/0965-12-31y"},
	{"{{birth date|df=y}}", "error: not a date"},
	{"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17", "error: too many parts for a date"},
	{"1994 & 1995", `error: unexpected "& 1995"`},
	{"1994/95", `error: unexpected "/95"`},
}

func TestParseDateRange(t *testing.T) {
	for _, tc := range dateRangeTests {
		r, err := ParseDateRange(tc.in)
		got := ""
		if err != nil {
			got = "error: " + err.Error()
		} else {
			got = fmtRange(r)
		}
		if got != tc.want {
			t.Errorf("ParseDateRange(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// checkPoint fails unless p is a valid date consistent with its precision:
// the first of its period as a start, the last as an end.
func checkPoint(t *testing.T, in string, p DatePoint, end bool) {
	t.Helper()
	d := p.Date
	if d.Year < 1 || d.Year > 9999 || d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > daysIn(d.Month, d.Year) {
		t.Fatalf("%q: invalid date %v", in, d)
	}
	switch {
	case p.Precision == Month && !end && d.Day != 1,
		p.Precision == Month && end && d.Day != daysIn(d.Month, d.Year),
		p.Precision == YearP && !end && (d.Month != 1 || d.Day != 1),
		p.Precision == YearP && end && (d.Month != 12 || d.Day != 31),
		p.Precision != Day && p.Precision != Month && p.Precision != YearP:
		t.Fatalf("%q: %v does not fit precision %q (end %v)", in, d, p.Precision, end)
	}
	// The ISO form parses back to the same day.
	r, err := ParseDateRange(d.String())
	if err != nil || r.Start.Date != d || r.End == nil || *r.End != r.Start || r.Start.Precision != Day {
		t.Fatalf("%q: ISO form %s parses to %+v, %v", in, d, r, err)
	}
}

func FuzzParseDateRange(f *testing.F) {
	for _, tc := range dateRangeTests {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseDateRange(s)
		if err != nil {
			if msg := err.Error(); msg == "" || len(msg) > 128 {
				t.Fatalf("%q: error message %q", s, msg)
			}
			if r != (DateRange{}) {
				t.Fatalf("%q: error %v with a result %+v", s, err, r)
			}
			return
		}
		checkPoint(t, s, r.Start, false)
		if r.End != nil {
			checkPoint(t, s, *r.End, true)
			if before(r.End.Date, r.Start.Date) {
				t.Fatalf("%q: end %v before start %v", s, r.End.Date, r.Start.Date)
			}
		}
		// A value that is a single date gives the range's start.
		if v, err := ParseValue(Date, s); err == nil && v != r.Start.Date {
			t.Fatalf("%q: ParseValue(Date) = %v, range starts %v", s, v, r.Start.Date)
		}
	})
}

// visitDates are the Date cells of the seed's table of visits.
var visitDates = []string{
	"September 25-30, 1994", "October 20-26, 1995", "July 27- August 6, 1997",
	"April 22-27, 1999", "February 12-18, 2000", "September 4-9, 2000",
	"April 1-13, 2001", "February 14-23, 2003", "April 25-28, 2006",
	"September 24, 2010", "May 2-4, 2012", "May 20-21, 2012", "April 1, 2016",
	"September 19, 2017", "August 7-9, 2025",
	"17 June 1992", "1938-06-24", "December 30, 1999 – January 2, 2000",
	"September 2010 – present", "c. 1920",
}

func BenchmarkParseDateRange(b *testing.B) {
	n := 0
	for _, s := range visitDates {
		n += len(s)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range visitDates {
			if _, err := ParseDateRange(s); err != nil {
				b.Fatal(err)
			}
		}
	}
}
