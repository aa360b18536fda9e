package report

import (
	"bytes"
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
	var buf [48]byte
	if s, ok := AppendShort(buf[:0], v, decimals); ok {
		// Its exact decimal has no more decimals than asked for: it is
		// its own rounding, with zeros after.
		have := 0
		if dot := bytes.IndexByte(s, '.'); dot >= 0 {
			have = len(s) - dot - 1
		} else if decimals > 0 {
			s = append(s, '.')
		}
		for ; have < decimals; have++ {
			s = append(s, '0')
		}
		return string(s)
	}
	return fixed(v, decimals)
}

// fixed is Fixed for any finite v, from its shortest decimal to 15
// significant digits.
func fixed(v float64, decimals int) string {
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

// AppendShort appends v's shortest decimal, as strconv.FormatFloat(v,
// 'f', -1, 64) writes it (but 0 for -0), when that has at most
// maxDecimals digits after the point and fewer than 15 significant
// digits, and reports whether it did. Such a decimal is what Fixed rounds
// from and what rounding to 14 significant digits keeps, so it spares
// both for the figures most data has: counts, money and rates to a
// decimal or two. It takes the fewest decimals k for which v is the
// double nearest round(v×10^k)/10^k.
func AppendShort(b []byte, v float64, maxDecimals int) ([]byte, bool) {
	for k := 0; k <= maxDecimals && k < len(pow10); k++ {
		n := math.Round(v * pow10[k])
		if !(math.Abs(n) < 1e14) {
			return b, false // too many digits, or not finite
		}
		if n/pow10[k] != v {
			continue
		}
		if n < 0 {
			b = append(b, '-')
		}
		var buf [24]byte
		digits := strconv.AppendInt(buf[:0], int64(math.Abs(n)), 10)
		if k == 0 {
			return append(b, digits...), true
		}
		if zeros := k + 1 - len(digits); zeros > 0 {
			b = append(b, "0."...) // less than one: 0.05
			for range zeros - 1 {
				b = append(b, '0')
			}
			return append(b, digits...), true
		}
		point := len(digits) - k
		b = append(b, digits[:point]...)
		b = append(b, '.')
		return append(b, digits[point:]...), true
	}
	return b, false
}

// pow10 are the powers of ten AppendShort tries, each exact as a double.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10}
