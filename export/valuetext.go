package export

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/wikipipe/wikipipe/transform"
)

// valueText renders a value of a column of type t as text: the form CSV
// fields and JSON-LD typed literals take. Null is "". A value of the wrong Go
// type for its column is the transform's bug and an error, never a guess.
//
//   - int: decimal integer; year: at least four digits (0850, -0044), as
//     ISO 8601 and xsd:gYear write years; date: 2006-01-02.
//   - float and percent: the shortest decimal that reads back as the same
//     float64, without exponent from 1e-7 to 1e21 (0.53, 1234.5, 1e+21);
//     NaN, INF, -INF as XML Schema and Frictionless write them. A percent is
//     its fraction: 53% is 0.53.
//   - bool: true, false.
//   - timestamp: ISO 8601 in UTC with Z, and the fraction of a second only
//     when there is one (2019-07-03T12:34:56Z, 2019-07-03T12:34:56.25Z), as
//     xsd:dateTime and Frictionless datetime read it.
func valueText(t transform.Type, v transform.Value) (string, error) {
	b, err := appendText(nil, t, v)
	return string(b), err
}

// appendText appends valueText(t, v) to dst without allocating.
func appendText(dst []byte, t transform.Type, v transform.Value) ([]byte, error) {
	if v == nil {
		return dst, nil
	}
	switch t {
	case transform.String:
		if s, ok := v.(string); ok {
			return append(dst, s...), nil
		}
	case transform.Int:
		if n, ok := v.(int64); ok {
			return strconv.AppendInt(dst, n, 10), nil
		}
	case transform.Year:
		if n, ok := v.(int64); ok {
			u := uint64(n)
			if n < 0 {
				dst = append(dst, '-')
				u = -u
			}
			return appendPadded(dst, u, 4), nil
		}
	case transform.Float, transform.Percent:
		if f, ok := v.(float64); ok {
			return appendFloat(dst, f), nil
		}
	case transform.Bool:
		if b, ok := v.(bool); ok {
			return strconv.AppendBool(dst, b), nil
		}
	case transform.Date:
		if d, ok := v.(transform.CivilDate); ok {
			if !d.Valid() {
				return dst, fmt.Errorf("date %d-%d-%d does not exist", d.Year, d.Month, d.Day)
			}
			dst = appendPadded(dst, uint64(d.Year), 4)
			dst = appendPadded(append(dst, '-'), uint64(d.Month), 2)
			return appendPadded(append(dst, '-'), uint64(d.Day), 2), nil
		}
	case transform.Timestamp:
		if ts, ok := v.(time.Time); ok {
			if y := ts.Year(); y < 1 || y > 9999 {
				return dst, fmt.Errorf("timestamp %v is outside the years 0001–9999", ts)
			}
			return ts.UTC().AppendFormat(dst, time.RFC3339Nano), nil
		}
	default:
		return dst, fmt.Errorf("unknown column type %q", t)
	}
	return dst, fmt.Errorf("%T value %v in a %s column", v, v, t)
}

// appendPadded appends n with leading zeros to at least width digits.
func appendPadded(dst []byte, n uint64, width int) []byte {
	var digits [20]byte
	i := len(digits)
	for n > 0 || len(digits)-i < width {
		i--
		digits[i] = byte('0' + n%10)
		n /= 10
	}
	return append(dst, digits[i:]...)
}

func appendFloat(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "INF"...)
	case math.IsInf(f, -1):
		return append(dst, "-INF"...)
	}
	if a := math.Abs(f); a == 0 || (a >= 1e-7 && a < 1e21) {
		return strconv.AppendFloat(dst, f, 'f', -1, 64)
	}
	return strconv.AppendFloat(dst, f, 'e', -1, 64)
}
