package table

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/primed/primed/generator/report"
)

// Missing reports whether a cell holds no figure: nothing, or one of the
// markers that statistical and finance exports use for a figure that is
// missing or suppressed: no value, never zero. The bracketed ones are the
// Government Statistical Service's: [c] confidential, [x] not available,
// [z] not applicable.
func Missing(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) > 3 || len(s) > 0 && '0' <= s[0] && s[0] <= '9' {
		return false // longer than any marker, or a number, as most cells are
	}
	switch strings.ToLower(s) {
	case "", "..", "...", ".", "-", ":", "*", "c", "x", "[x]", "[c]", "[z]", "na", "n/a":
		return true
	}
	return false
}

// Number reads a figure as exports write it: "1234.5", "1,234.5",
// "£1,234.56", "-£12", "(1,234)" for a negative, "12%" for a percentage
// given as such.
func Number(s string) (float64, error) {
	f, ok := number(s)
	if !ok {
		return 0, fmt.Errorf("expected a number, found %q", s)
	}
	if math.Abs(f) > report.MaxMagnitude {
		return 0, report.TooLarge(s)
	}
	return f, nil
}

// number is Number without its errors: it runs for every cell of a
// report, so it allocates nothing for the plain decimals most cells hold.
func number(s string) (float64, bool) {
	if v, ok := short(s); ok {
		return v, true
	}
	return general(s)
}

// short reads the cells most exports hold, an optional minus and up to 15
// digits with at most one point among them, as general does, and
// reports whether s is one. Such a number's digits make an integer below
// 2⁵³ and its point a power of ten no larger than 10¹⁵, both exact as
// doubles, so their quotient is the correctly rounded double that
// strconv.ParseFloat would give.
func short(s string) (float64, bool) {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	if len(s) == 0 || len(s) > 16 {
		return 0, false
	}
	var digits uint64
	point := -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			digits = digits*10 + uint64(c-'0')
		case c == '.' && point < 0:
			point = i
		default:
			return 0, false
		}
	}
	places := 0
	if point >= 0 {
		if len(s) == 1 {
			return 0, false // a point alone
		}
		places = len(s) - 1 - point
	} else if len(s) == 16 {
		return 0, false // 16 digits
	}
	v := float64(digits) / tens[places]
	if neg {
		v = -v
	}
	return v, true
}

// tens are the powers of ten short divides by, each exact as a double.
var tens = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// general is number for any cell: spaces, brackets, pounds, thousands
// separators and percentages.
func general(s string) (float64, bool) {
	t := strings.TrimSpace(s)
	neg := false
	if inner, ok := strings.CutPrefix(t, "("); ok {
		if inner, ok = strings.CutSuffix(inner, ")"); !ok {
			return 0, false
		}
		neg, t = true, strings.TrimSpace(inner)
	}
	if rest, ok := strings.CutPrefix(t, "-"); ok {
		if neg {
			return 0, false
		}
		neg, t = true, rest
	}
	t = strings.TrimPrefix(t, "£")
	t = strings.TrimSuffix(t, "%")
	if whole, frac, hasPoint := strings.Cut(t, "."); strings.Contains(whole, ",") {
		// Thousands separators must group digits in threes.
		groups := strings.Split(whole, ",")
		for i, g := range groups {
			if len(g) > 3 || len(g) == 0 || (i > 0 && len(g) != 3) {
				return 0, false
			}
		}
		t = strings.Join(groups, "")
		if hasPoint {
			t += "." + frac
		}
	}
	if !isPlainDecimal(t) {
		return 0, false
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return 0, false
	}
	if neg {
		f = -f
	}
	return f, true
}

// isPlainDecimal reports whether s is digits with at most one point.
func isPlainDecimal(s string) bool {
	dot := false
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

// Date reads a day as exports write it: 2026-10-31 or 31/10/2026.
func Date(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.DateOnly, "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("expected a date as YYYY-MM-DD or DD/MM/YYYY, found %q", s)
}
