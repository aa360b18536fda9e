package load

import (
	"fmt"
	"strconv"
	"strings"
)

// missingMarkers are the cell values that statistical and finance exports
// use for a figure that is missing or suppressed: no value, never zero.
var missingMarkers = map[string]bool{
	"": true, "..": true, ".": true, "-": true, ":": true, "*": true,
	"c": true, "x": true, "[x]": true, "[c]": true, "na": true, "n/a": true,
}

// isMissing reports whether a cell holds no figure.
func isMissing(s string) bool {
	return missingMarkers[strings.ToLower(strings.TrimSpace(s))]
}

// parseNumber reads a figure as exports write it: "1234.5", "1,234.5",
// "£1,234.56", "-£12", "(1,234)" for a negative, "12%" for a percentage
// given as such.
func parseNumber(s string) (float64, error) {
	bad := fmt.Errorf("expected a number, found %q", s)
	t := strings.TrimSpace(s)
	neg := false
	if inner, ok := strings.CutPrefix(t, "("); ok {
		if inner, ok = strings.CutSuffix(inner, ")"); !ok {
			return 0, bad
		}
		neg, t = true, strings.TrimSpace(inner)
	}
	if rest, ok := strings.CutPrefix(t, "-"); ok {
		if neg {
			return 0, bad
		}
		neg, t = true, rest
	}
	t = strings.TrimPrefix(t, "£")
	t = strings.TrimSuffix(t, "%")
	whole, frac, hasPoint := strings.Cut(t, ".")
	if strings.Contains(whole, ",") {
		// Thousands separators must group digits in threes.
		groups := strings.Split(whole, ",")
		for i, g := range groups {
			if len(g) > 3 || len(g) == 0 || (i > 0 && len(g) != 3) {
				return 0, bad
			}
		}
		whole = strings.Join(groups, "")
	}
	t = whole
	if hasPoint {
		t += "." + frac
	}
	if !isPlainDecimal(t) {
		return 0, bad
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return 0, bad
	}
	if f > MaxMagnitude {
		return 0, tooBig(s)
	}
	if neg {
		f = -f
	}
	return f, nil
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

// MaxMagnitude is the largest number primed reads, a thousand million
// million: far beyond any council's figures in pence, and small enough
// that no sum of millions of them, and no ratio of them, overflows.
const MaxMagnitude = 1e15

func tooBig(s string) error {
	return fmt.Errorf("%q is too large; primed reads numbers up to 1e15", s)
}

// parseTolerance reads an amber tolerance: an amount ("5") or a share of
// the target ("10%").
func parseTolerance(s string) (float64, bool, error) {
	t, pct := strings.CutSuffix(strings.TrimSpace(s), "%")
	v, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	if err != nil || v < 0 || !(v <= MaxMagnitude) {
		return 0, false, fmt.Errorf("expected a tolerance as a number or a percentage such as 5%%, found %q", s)
	}
	return v, pct, nil
}
