package analyse

import (
	"math"
	"testing"

	"github.com/primed/primed/generator/report"
)

// repeat returns the values of pattern n times over.
func repeat(n int, pattern ...float64) []float64 {
	var v []float64
	for range n {
		v = append(v, pattern...)
	}
	return v
}

func cat(parts ...[]float64) []float64 {
	var v []float64
	for _, p := range parts {
		v = append(v, p...)
	}
	return v
}

func TestXmR(t *testing.T) {
	H, L := int8(1), int8(-1)
	tests := []struct {
		name    string
		spc     SPC
		values  []float64
		ok      bool
		mean    float64 // hand-computed
		mr      float64
		signals map[int]Signal // every flagged point; all others common cause
	}{
		{
			name:   "too few points",
			spc:    DefaultSPC,
			values: repeat(11, 5),
		},
		{
			// Sum 160 over 12 points; moving ranges ten 4s and a 20, so
			// the upper limit is 13.33 + 14.51 = 27.84.
			name:    "a point beyond the upper limit",
			spc:     DefaultSPC,
			values:  cat(repeat(5, 10, 14), []float64{10, 30}),
			ok:      true,
			mean:    160.0 / 12,
			mr:      60.0 / 11,
			signals: map[int]Signal{11: {Beyond, H}},
		},
		{
			// Seven below then seven above a mean of 6; the 2-sigma lines
			// (6 ± 2.18) are not crossed.
			name:   "two shifts of seven",
			spc:    DefaultSPC,
			values: []float64{4, 5, 4, 5, 4, 5, 4, 8, 7, 8, 7, 8, 7, 8},
			ok:     true,
			mean:   6,
			mr:     16.0 / 13,
			signals: map[int]Signal{
				0: {Shift, L}, 1: {Shift, L}, 2: {Shift, L}, 3: {Shift, L}, 4: {Shift, L}, 5: {Shift, L}, 6: {Shift, L},
				7: {Shift, H}, 8: {Shift, H}, 9: {Shift, H}, 10: {Shift, H}, 11: {Shift, H}, 12: {Shift, H}, 13: {Shift, H},
			},
		},
		{
			// The 6 at index 3 lies exactly on the mean and breaks the low run.
			name:   "a point on the mean breaks a shift",
			spc:    DefaultSPC,
			values: []float64{4, 5, 4, 6, 4, 5, 4, 8, 7, 8, 7, 8, 7, 7},
			ok:     true,
			mean:   6,
			mr:     17.0 / 13,
			signals: map[int]Signal{
				7: {Shift, H}, 8: {Shift, H}, 9: {Shift, H}, 10: {Shift, H}, 11: {Shift, H}, 12: {Shift, H}, 13: {Shift, H},
			},
		},
		{
			// Six below the mean is a shift when the rule is set to six.
			name:   "a shift of six",
			spc:    SPC{Shift: 6, Trend: 7, MinPoints: 12},
			values: []float64{4, 5, 4, 5, 4, 5, 8, 7, 8, 7, 8, 7},
			ok:     true,
			mean:   6,
			mr:     13.0 / 11,
			signals: map[int]Signal{
				0: {Shift, L}, 1: {Shift, L}, 2: {Shift, L}, 3: {Shift, L}, 4: {Shift, L}, 5: {Shift, L},
				6: {Shift, H}, 7: {Shift, H}, 8: {Shift, H}, 9: {Shift, H}, 10: {Shift, H}, 11: {Shift, H},
			},
		},
		{
			name:   "six is not a shift by default",
			spc:    DefaultSPC,
			values: []float64{4, 5, 4, 5, 4, 5, 8, 7, 8, 7, 8, 7},
			ok:     true,
			mean:   6,
			mr:     13.0 / 11,
		},
		{
			// Sum 47, mean 3.9167; moving ranges sum to 15. Seven rising
			// points; nothing crosses a limit, and only one point (7) is
			// beyond the upper 2-sigma line at 6.33.
			name:   "a rising trend of seven",
			spc:    DefaultSPC,
			values: []float64{1, 2, 3, 4, 5, 6, 7, 4, 3, 5, 3, 4},
			ok:     true,
			mean:   47.0 / 12,
			mr:     15.0 / 11,
			signals: map[int]Signal{
				0: {Trend, H}, 1: {Trend, H}, 2: {Trend, H}, 3: {Trend, H}, 4: {Trend, H}, 5: {Trend, H}, 6: {Trend, H},
			},
		},
		{
			// A tie (3, 3) breaks the run into three and five.
			name:   "a tie breaks a trend",
			spc:    DefaultSPC,
			values: []float64{1, 2, 3, 3, 4, 5, 6, 7, 4, 3, 5, 3},
			ok:     true,
			mean:   46.0 / 12,
			mr:     14.0 / 11,
		},
		{
			// Mean 0; moving ranges sum to 39.5 over 25, so the limits are
			// ±4.20 and the 2-sigma lines ±2.80: both 3s and both −3s are
			// beyond them, one pair on each side.
			name:   "two of three beyond the 2-sigma line",
			spc:    DefaultSPC,
			values: cat(repeat(5, -0.5, 0.5), []float64{3, 0, 3}, repeat(5, -0.5, 0.5), []float64{-3, 0, -3}),
			ok:     true,
			mean:   0,
			mr:     39.5 / 25,
			signals: map[int]Signal{
				10: {TwoOfThree, H}, 12: {TwoOfThree, H},
				23: {TwoOfThree, L}, 25: {TwoOfThree, L},
			},
		},
		{
			// The worked example in the README: all common cause.
			name:   "the README's worked example",
			spc:    DefaultSPC,
			values: []float64{31, 40, 40, 36, 43, 30, 47, 52, 46, 40, 52, 38},
			ok:     true,
			mean:   41.25,
			mr:     93.0 / 11,
		},
		{
			// One point beyond each 2-sigma line within three: no signal.
			name:   "two of three across the mean",
			spc:    DefaultSPC,
			values: cat(repeat(5, -0.5, 0.5), []float64{3, 0, -3}, repeat(5, -0.5, 0.5)),
			ok:     true,
			mean:   0,
			mr:     29.0 / 22,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, signals, ok := tt.spc.XmR(tt.values)
			if ok != tt.ok {
				t.Fatalf("XmR ok = %v; want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
			if !near(l.Mean, tt.mean) || !near(l.MR, tt.mr) {
				t.Errorf("mean, MR = %v, %v; want %v, %v", l.Mean, l.MR, tt.mean, tt.mr)
			}
			if !near(l.Upper, tt.mean+2.66*tt.mr) || !near(l.Lower, tt.mean-2.66*tt.mr) ||
				!near(l.UpperTwo, tt.mean+2.66*tt.mr*2/3) || !near(l.LowerTwo, tt.mean-2.66*tt.mr*2/3) {
				t.Errorf("limits = %+v; want mean ± 2.66 × %v", l, tt.mr)
			}
			for i, s := range signals {
				if want := tt.signals[i]; s != want {
					t.Errorf("point %d (%v) = %+v; want %+v", i, tt.values[i], s, want)
				}
			}
		})
	}
}

func TestClassifyAndAssure(t *testing.T) {
	high, low, none := Signal{Shift, 1}, Signal{Beyond, -1}, Signal{}
	classes := []struct {
		s    Signal
		ok   bool
		dir  report.Direction
		want Variation
	}{
		{high, true, "up", Improvement},
		{low, true, "up", Concern},
		{high, true, "down", Concern},
		{low, true, "down", Improvement},
		{high, true, "none", Neutral},
		{none, true, "up", Common},
		{high, false, "up", NoVariation},
	}
	for _, tt := range classes {
		if got := Classify(tt.s, tt.ok, tt.dir); got != tt.want {
			t.Errorf("Classify(%+v, %v, %s) = %s; want %s", tt.s, tt.ok, tt.dir, got, tt.want)
		}
	}
	l := Limits{Mean: 50, Lower: 40, Upper: 60}
	target := func(v float64) Target { return Target{Value: v, Set: true} }
	assures := []struct {
		t    Target
		dir  report.Direction
		ok   bool
		want Assurance
	}{
		{target(35), "up", true, Pass},
		{target(65), "up", true, Fail},
		{target(50), "up", true, Inconsistent},
		{target(40), "up", true, Inconsistent}, // on the limit: not reliably met
		{target(65), "down", true, Pass},
		{target(35), "down", true, Fail},
		{target(-10), "down", true, Fail},
		{target(35), "none", true, NoAssurance},
		{Target{}, "up", true, NoAssurance},
		{target(35), "up", false, NoAssurance},
	}
	for _, tt := range assures {
		if got := Assure(l, tt.ok, tt.t, tt.dir); got != tt.want {
			t.Errorf("Assure(%v, %s) = %s; want %s", tt.t.Value, tt.dir, got, tt.want)
		}
	}
}
