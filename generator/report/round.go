package report

import (
	"bytes"
	"math"
	"slices"
	"strconv"
)

// Fixed writes v with exactly decimals digits after the point, rounded
// half away from zero from its exact decimal: the shortest decimal that
// is v to 15 significant digits, which is the number an input gave or a
// sum of inputs made, without the binary noise of floating point
// (0.24999999999999997 is 0.25, and rounds to 0.3). A result of zero has
// no minus sign. v must be finite.
func Fixed(v float64, decimals int) string {
	var buf [48]byte
	return string(AppendFixed(buf[:0], v, decimals))
}

// AppendFixed appends Fixed(v, decimals) to b.
func AppendFixed(b []byte, v float64, decimals int) []byte {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		// A whole number is its own exact decimal: most counts and money are.
		b = strconv.AppendInt(b, int64(v), 10)
		return appendZeros(b, 0, decimals)
	}
	if s, ok := AppendShort(b, v, decimals); ok {
		// Its exact decimal has no more decimals than asked for: it is
		// its own rounding, with zeros after.
		have := 0
		if dot := bytes.IndexByte(s[len(b):], '.'); dot >= 0 {
			have = len(s) - len(b) - dot - 1
		}
		return appendZeros(s, have, decimals)
	}
	if r, ok := appendScaled(b, v, decimals); ok {
		return r
	}
	return appendRounded(b, v, decimals)
}

// appendScaled is appendRounded in floating point, for the usual v whose
// scaled value |v|×10^decimals lies further from a half than the error of
// computing it, and of v's decimal (5e-15 of it, at 15 significant
// digits): it then rounds as that decimal does. ok is false for any other.
func appendScaled(b []byte, v float64, decimals int) (_ []byte, ok bool) {
	if decimals >= len(pow10) {
		return b, false
	}
	s := math.Abs(v) * pow10[decimals]
	whole := math.Floor(s)
	frac := s - whole
	if !(s < 1e13) || math.Abs(frac-0.5) <= s*1e-14 {
		return b, false
	}
	n := int64(whole)
	if frac > 0.5 {
		n++
	}
	// d is the result times 10^decimals, with a digit before the point.
	var buf [32]byte
	d := buf[:0]
	for range decimals + 1 - digits(n) {
		d = append(d, '0')
	}
	d = strconv.AppendInt(d, n, 10)
	return appendPoint(b, d, decimals, v < 0 && n != 0), true
}

// appendPoint appends d, the digits of a result times 10^decimals with at
// least one before the point, as a decimal, after a minus sign if minus.
func appendPoint(b, d []byte, decimals int, minus bool) []byte {
	if minus {
		b = append(b, '-')
	}
	point := len(d) - decimals
	b = append(b, d[:point]...)
	if decimals > 0 {
		b = append(b, '.')
		b = append(b, d[point:]...)
	}
	return b
}

// digits is how many decimal digits n ≥ 0 has.
func digits(n int64) int {
	k := 1
	for ; n >= 10; n /= 10 {
		k++
	}
	return k
}

// appendZeros pads a decimal that has decimals digits after its point,
// and a point if it has any, to want.
func appendZeros(b []byte, have, want int) []byte {
	if have == 0 && want > 0 {
		b = append(b, '.')
	}
	for ; have < want; have++ {
		b = append(b, '0')
	}
	return b
}

// appendRounded is AppendFixed for any finite v: it rounds v's shortest
// decimal, or v to 15 significant digits where that is shorter, digit by
// digit.
func appendRounded(b []byte, v float64, decimals int) []byte {
	// v's digits d and exponent: v is ±d[0].d[1:] × 10^exp.
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], math.Abs(v), 'e', -1, 64)
	if bytes.IndexByte(e, 'e') > 16 { // more than 15 digits
		e = strconv.AppendFloat(buf[:0], math.Abs(v), 'e', 14, 64)
	}
	mant, x, _ := bytes.Cut(e, []byte{'e'})
	exp, _ := strconv.Atoi(string(x))
	var digitBuf [24]byte
	d := append(digitBuf[:0], mant[0])
	if len(mant) > 2 {
		d = append(d, mant[2:]...)
	}
	// keep is how many of d's digits come before the rounding place:
	// those before the point and decimals after it.
	keep := exp + 1 + decimals
	up := keep >= 0 && keep < len(d) && d[keep] >= '5'
	var out [64]byte
	n := out[:0]
	for i := range max(keep, 0) {
		if i < len(d) {
			n = append(n, d[i])
		} else {
			n = append(n, '0')
		}
	}
	if up {
		i := len(n) - 1
		for ; i >= 0 && n[i] == '9'; i-- {
			n[i] = '0'
		}
		if i < 0 {
			n = slices.Insert(n, 0, '1')
		} else {
			n[i]++
		}
	}
	// n is the result times 10^decimals: at least one digit before the point.
	for len(n) <= decimals {
		n = slices.Insert(n, 0, '0')
	}
	return appendPoint(b, n, decimals, v < 0 && bytes.ContainsFunc(n, func(r rune) bool { return r != '0' }))
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

// pow10 are the powers of ten AppendShort tries and appendScaled scales
// by, each exact as a double.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10}
