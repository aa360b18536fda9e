package report

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// mid is the mean of a and b as a median of two works it out, in floating
// point at run time rather than exactly at compile time.
func mid(a, b float64) float64 { return (a + b) / 2 }

func TestFixed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		v        float64
		decimals int
		want     string
	}{
		{0.5, 0, "1"},
		{1.5, 0, "2"},
		{2.5, 0, "3"},
		{-2.5, 0, "-3"},
		{0.25, 1, "0.3"},
		{37.25, 1, "37.3"},
		{0.24999999999999997, 1, "0.3"}, // 0.25 with binary noise
		{0.15, 1, "0.2"},                // 0.1499999999999999944… as a float
		{1.005, 2, "1.01"},
		{91296.35999999999, 2, "91296.36"},
		{9.95, 1, "10.0"},
		{99.5, 0, "100"},
		{0.04, 1, "0.0"},
		{-0.04, 1, "0.0"},
		{-0.05, 1, "-0.1"},
		{12, 2, "12.00"},
		{mid(464.9, 465.0), 1, "465.0"}, // a median of two, worked out in floating point: 464.95
		{mid(63.0, 63.1), 1, "63.1"},
		{-3, 2, "-3.00"},
		{math.Copysign(0, -1), 1, "0.0"},
		{999999999999999, 0, "999999999999999"},
		{0, 0, "0"},
		{1e15, 0, "1000000000000000"},
		{123456789012345, 1, "123456789012345.0"},
		{1e-7, 3, "0.000"},
		{0.6666666666666666, 3, "0.667"},
		{280.0 / 3, 1, "93.3"}, // no tie: rounded in floating point
		{-2.0 / 3, 0, "-1"},
		{-2.0 / 3000, 2, "0.00"},
		{1e9 / 3, 4, "333333333.3333"},
		{1.0 / 3 / 1e6, 9, "0.000000333"},
	} {
		if got := Fixed(tc.v, tc.decimals); got != tc.want {
			t.Errorf("Fixed(%v, %d) = %q; want %q", tc.v, tc.decimals, got, tc.want)
		}
	}
}

// FuzzFixed checks Fixed against strconv where no tie can arise: away from
// a half, both round to the same digits.
func FuzzFixed(f *testing.F) {
	for _, v := range []float64{0, 1.2345, -98.76, 1e12 + 0.3} {
		f.Add(v, 2)
	}
	f.Fuzz(func(t *testing.T, v float64, decimals int) {
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e15 || decimals < 0 || decimals > 6 {
			return
		}
		got := Fixed(v, decimals)
		back, err := strconv.ParseFloat(got, 64)
		if err != nil {
			t.Fatalf("Fixed(%v, %d) = %q: not a number", v, decimals, got)
		}
		if math.Abs(back-v) > 0.5*math.Pow(10, -float64(decimals))*(1+1e-9)+math.Abs(v)*1e-14 {
			t.Errorf("Fixed(%v, %d) = %q: further than half a step from %v", v, decimals, got, v)
		}
		scaled := math.Abs(v) * math.Pow(10, float64(decimals))
		if frac := scaled - math.Floor(scaled); math.Abs(frac-0.5) > 1e-6 && scaled < 1e12 {
			if want := strconv.FormatFloat(v, 'f', decimals, 64); got != want && !(want == "-"+got) {
				t.Errorf("Fixed(%v, %d) = %q; strconv gives %q and there is no tie", v, decimals, got, want)
			}
		}
	})
}

// fixedByStrings is Fixed as it was first written, on strings: from v's
// shortest decimal, or v to 15 significant digits, rounded in text. It is
// the reference AppendFixed is held to.
func fixedByStrings(v float64, decimals int) string {
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

// TestFixedShort holds Fixed, which rounds a short decimal by padding it
// and any other digit by digit, to the rounding in text, for decimals of
// every length, doubles at random and doubles of any bits.
func TestFixedShort(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for range 300000 {
		n, k, d := r.Int64N(2e13)-1e13, r.IntN(9), r.IntN(7)
		for _, v := range []float64{float64(n) / math.Pow(10, float64(k)), r.Float64() * 100, -r.Float64(), math.Float64frombits(r.Uint64())} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			if got, want := Fixed(v, d), fixedByStrings(v, d); got != want {
				t.Fatalf("Fixed(%v, %d) = %s; want %s", v, d, got, want)
			}
		}
	}
}

// FuzzFixedByDigits holds AppendFixed to the rounding in text for any
// finite double, appended after what b held.
func FuzzFixedByDigits(f *testing.F) {
	for _, v := range []float64{0.0005, 9.9999999999999995, 123.456789012345678, 1e-300, 1e300, -0.049999999999999996} {
		f.Add(v, uint8(3))
	}
	f.Fuzz(func(t *testing.T, v float64, decimals uint8) {
		if math.IsNaN(v) || math.IsInf(v, 0) || decimals > 20 {
			return
		}
		got := AppendFixed([]byte("x"), v, int(decimals))
		if want := "x" + fixedByStrings(v, int(decimals)); string(got) != want {
			t.Fatalf("AppendFixed(x, %v, %d) = %s; want %s", v, decimals, got, want)
		}
	})
}

// TestAppendShort holds AppendShort to strconv's shortest decimal, for
// decimals of every length and for doubles at random, and to refusing
// what has too many digits.
func TestAppendShort(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	check := func(v float64, max int) {
		t.Helper()
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return // below
		}
		got, ok := AppendShort(nil, v, max)
		want := strconv.FormatFloat(v, 'f', -1, 64)
		if want == "-0" {
			want = "0"
		}
		decimals := 0
		if _, frac, found := strings.Cut(want, "."); found {
			decimals = len(frac)
		}
		short := significant(want) <= 14 && decimals <= max
		switch {
		case ok && string(got) != want:
			t.Fatalf("AppendShort(%v, %d) = %s; want %s", v, max, got, want)
		case ok != short:
			t.Fatalf("AppendShort(%v, %d) ok = %v; %s has %d digits, %d decimals", v, max, ok, want, significant(want), decimals)
		}
	}
	for _, v := range []float64{0, math.Copysign(0, -1), 0.1, 0.3, -0.05, 1.005, 2.675, 99.95, 1e13 + 0.5, 123456789.25, 0.000001, 5e-11, 1e14, -1e14 + 1} {
		for max := range 11 {
			check(v, max)
		}
	}
	for range 200000 {
		k := r.IntN(11)
		n := r.Int64N(1e14) - 5e13
		v := float64(n) / math.Pow(10, float64(k))
		check(v, 10)
		check(v, r.IntN(11))
		check(math.Float64frombits(r.Uint64()), 10)
		check(r.Float64()*1000, 10)
	}
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), 1e300} {
		if _, ok := AppendShort(nil, v, 10); ok {
			t.Errorf("AppendShort(%v) ok; want it refused", v)
		}
	}
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
