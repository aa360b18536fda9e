package report

import (
	"math"
	"strconv"
	"strings"
)

// Fixed writes v with exactly decimals digits after the point, rounded
// half away from zero from its exact decimal: the shortest decimal that
// is v to 15 significant digits, which is the number an input gave or a
// sum of inputs made, without the binary noise of floating point
// (0.24999999999999997 is 0.25, and rounds to 0.3). A result of zero has
// no minus sign. v must be finite.
func Fixed(v float64, decimals int) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		// A whole number is its own exact decimal: most counts and money are.
		s := strconv.FormatInt(int64(v), 10)
		if decimals > 0 {
			s += "." + strings.Repeat("0", decimals)
		}
		return s
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if significant(s) > 15 {
		exact, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
		s = strconv.FormatFloat(exact, 'f', -1, 64)
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	up := len(frac) > decimals && frac[decimals] >= '5'
	for len(frac) < decimals {
		frac += "0"
	}
	digits := []byte(whole + frac[:decimals])
	if up {
		i := len(digits) - 1
		for ; i >= 0 && digits[i] == '9'; i-- {
			digits[i] = '0'
		}
		if i < 0 {
			digits = append([]byte{'1'}, digits...)
		} else {
			digits[i]++
		}
	}
	point := len(digits) - decimals
	out := string(digits[:point])
	if decimals > 0 {
		out += "." + string(digits[point:])
	}
	if neg && strings.Trim(out, "0.") != "" {
		out = "-" + out
	}
	return out
}

// significant counts the significant digits of a decimal as strconv
// writes it: with 15 or fewer, it is already v's exact decimal.
func significant(s string) int {
	n, leading := 0, true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < '0' || c > '9':
		case c == '0' && leading:
		default:
			leading = false
			n++
		}
	}
	return n
}
