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
	if len(s) > 3 {
		return false // longer than any marker: most cells, a number
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
