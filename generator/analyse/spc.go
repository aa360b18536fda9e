package analyse

import (
	"math"

	"github.com/primed/primed/generator/report"
)

// SPC is how a series is tested for special-cause variation: an XmR
// (individuals and moving range) chart as NHS England's "Making Data Count"
// draws it.
type SPC struct {
	// Shift is how many points in a row on one side of the mean make a
	// shift: 7 by default, 6 in some organisations.
	Shift int
	// Trend is how many points in a row, each higher (or each lower) than
	// the one before, make a trend: 7 by default.
	Trend int
	// MinPoints is the fewest points a chart needs before it has limits.
	// Fewer give limits so wide or so unstable that they mislead; 12 is a
	// year of months, the point at which the NHS-R community's
	// NHSRplotthedots stops calling limits "trial" limits.
	MinPoints int
}

// DefaultSPC is the rules as Making Data Count states them.
var DefaultSPC = SPC(report.DefaultSPC)

// Limits are an XmR chart's centre line and process limits.
type Limits struct {
	Mean     float64
	MR       float64 // the mean moving range
	Lower    float64 // mean − 2.66 × MR
	Upper    float64 // mean + 2.66 × MR
	LowerTwo float64 // the 2-sigma lines: mean ∓ (2/3)(2.66 × MR)
	UpperTwo float64
}

// Rule is a special-cause rule, as a bit so that a point can break several.
type Rule uint8

// The special-cause rules.
const (
	Beyond     Rule = 1 << iota // a point beyond a process limit
	Shift                       // a run of points on one side of the mean
	Trend                       // a run of points each higher, or each lower, than the last
	TwoOfThree                  // two of three points beyond the same 2-sigma line
)

// Signal is one point's special cause: the rules it breaks and on which
// side, +1 high and −1 low (0: common cause).
type Signal struct {
	Rules Rule
	Side  int8 // 1 above the mean, −1 below
}

// XmR computes the limits of values and tests every point against the
// rules. ok is false when there are fewer than MinPoints values, in which
// case there are no limits and no signals.
func (c SPC) XmR(values []float64) (l Limits, signals []Signal, ok bool) {
	n := len(values)
	signals = make([]Signal, n)
	if n < max(c.MinPoints, 2) {
		return Limits{}, signals, false
	}
	for _, v := range values {
		l.Mean += v
	}
	l.Mean /= float64(n)
	for i := 1; i < n; i++ {
		l.MR += math.Abs(values[i] - values[i-1])
	}
	l.MR /= float64(n - 1)
	width := 2.66 * l.MR
	l.Lower, l.Upper = l.Mean-width, l.Mean+width
	l.LowerTwo, l.UpperTwo = l.Mean-width*2/3, l.Mean+width*2/3

	// side is where a value lies against a line: +1 above, −1 below, 0 on it.
	side := func(v, line float64) int {
		switch {
		case v > line:
			return 1
		case v < line:
			return -1
		}
		return 0
	}
	flag := func(i int, r Rule, s int) {
		// The strongest rule decides the side: beyond a limit, then two of
		// three, then a shift, then a trend.
		if signals[i].Rules == 0 || strongest(r) < strongest(signals[i].Rules) {
			signals[i].Side = int8(s)
		}
		signals[i].Rules |= r
	}

	for i, v := range values {
		if v > l.Upper {
			flag(i, Beyond, 1)
		} else if v < l.Lower {
			flag(i, Beyond, -1)
		}
	}
	// Shifts: maximal runs on one side of the mean; a point on the mean ends a run.
	for start := 0; start < n; {
		s := side(values[start], l.Mean)
		end := start + 1
		for end < n && s != 0 && side(values[end], l.Mean) == s {
			end++
		}
		if s != 0 && end-start >= c.Shift {
			for i := start; i < end; i++ {
				flag(i, Shift, s)
			}
		}
		start = end
	}
	// Trends: maximal runs each strictly higher (or lower) than the last; a tie ends a run.
	for start := 0; start < n-1; {
		s := side(values[start+1], values[start])
		end := start + 2
		for end < n && s != 0 && side(values[end], values[end-1]) == s {
			end++
		}
		if s != 0 && end-start >= c.Trend {
			for i := start; i < end; i++ {
				flag(i, Trend, s)
			}
		}
		start = end - 1
	}
	// Two of three: in any three points in a row, two beyond the same 2-sigma line.
	for i := 0; i+2 < n; i++ {
		for _, s := range []int{1, -1} {
			var hits []int
			for j := i; j < i+3; j++ {
				if (s == 1 && values[j] > l.UpperTwo) || (s == -1 && values[j] < l.LowerTwo) {
					hits = append(hits, j)
				}
			}
			if len(hits) >= 2 {
				for _, j := range hits {
					flag(j, TwoOfThree, s)
				}
			}
		}
	}
	return l, signals, true
}

// strongest ranks a set of rules by its strongest member: lower is stronger.
func strongest(r Rule) int {
	for i, rule := range []Rule{Beyond, TwoOfThree, Shift, Trend} {
		if r&rule != 0 {
			return i
		}
	}
	return 4
}

// Variation is what a point's variation says, as the Making Data Count
// icons show it.
type Variation string

// The kinds of variation. None means there are too few points to tell.
const (
	Common      Variation = "common"      // common cause: no signal
	Improvement Variation = "improvement" // special cause, in the better direction
	Concern     Variation = "concern"     // special cause, in the worse direction
	Neutral     Variation = "neutral"     // special cause in a measure with no better direction
	NoVariation Variation = "none"
)

// Classify names a point's variation from its signal and the measure's
// better direction.
func Classify(s Signal, ok bool, direction report.Direction) Variation {
	switch {
	case !ok:
		return NoVariation
	case s.Rules == 0:
		return Common
	case direction == report.Up && s.Side > 0, direction == report.Down && s.Side < 0:
		return Improvement
	case direction == report.Up || direction == report.Down:
		return Concern
	}
	return Neutral
}

// Assurance says whether a process can be relied on to meet its target.
type Assurance string

// The kinds of assurance.
const (
	Pass         Assurance = "pass"         // the target lies outside the limits, on the good side: it will be met
	Fail         Assurance = "fail"         // the target lies outside the limits, on the bad side: it will not be met without change
	Inconsistent Assurance = "inconsistent" // the target lies within the limits: sometimes met, sometimes not
	NoAssurance  Assurance = "none"
)

// Assure compares a target with a chart's process limits.
func Assure(l Limits, ok bool, t Target, direction report.Direction) Assurance {
	if !ok || !t.Set || (direction != report.Up && direction != report.Down) {
		return NoAssurance
	}
	below, above := t.Value < l.Lower, t.Value > l.Upper
	if direction == report.Down {
		below, above = above, below
	}
	switch {
	case below:
		return Pass
	case above:
		return Fail
	}
	return Inconsistent
}
