package render

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/primed/primed/generator/analyse"
	"github.com/primed/primed/generator/report"
)

// against says how figure f stands against comparator c's figure for the
// same period: "England 566.0; 37% higher here". It is "" when either has
// no value to show.
func (s *snapshot) against(f analyse.Figure, c *report.Unit) string {
	cf := s.a.Figure(c, f.Measure)
	if !f.HasValue || !cf.HasValue || f.Suppressed || cf.Suppressed || cf.Period != f.Period {
		return ""
	}
	return c.Name + " " + s.show(cf) + "; " + difference(f.Measure, f.Value, cf.Value)
}

// difference says how v compares with ref, the comparator's: in points
// for a percentage, else as a share of ref: "37% higher here", "2.1
// points lower here", "the same here".
func difference(m *report.Measure, v, ref float64) string {
	d := v - ref
	if m.UnitOfMeasure == report.Percent {
		if roundsToZero(d, m.Decimals) {
			return "the same here"
		}
		return grouped(math.Abs(d), m.Decimals) + " points " + higher(d) + " here"
	}
	if ref == 0 {
		if d == 0 {
			return "the same here"
		}
		return higher(d) + " here"
	}
	pct := d / math.Abs(ref) * 100
	if roundsToZero(pct, 0) {
		if roundsToZero(d, m.Decimals) {
			return "the same here"
		}
		return "less than 1% " + higher(d) + " here"
	}
	return grouped(math.Abs(pct), 0) + "% " + higher(d) + " here"
}

func higher(d float64) string {
	if d > 0 {
		return "higher"
	}
	return "lower"
}

// ranked says where figure f stands among the members of group comparator
// c for the same period: "3rd of 16 in Nearest neighbours (quartile 1)",
// best first; or, for a measure with no better direction, "3rd highest of
// 16 in Nearest neighbours". Equal figures share a rank. It is "" when f's
// unit is not a member or has no value to show; a member with no value,
// or a suppressed one, is not counted.
func (s *snapshot) ranked(f analyse.Figure, c *report.Unit) string {
	if !f.HasValue || f.Suppressed || !slices.Contains(c.Members, f.Unit) {
		return ""
	}
	m := f.Measure
	rank, n := 1, 0
	for _, u := range c.Members {
		g := s.a.Figure(u, m)
		if !g.HasValue || g.Suppressed || g.Period != f.Period {
			continue
		}
		n++
		if m.Direction == report.Down && g.Value < f.Value || m.Direction != report.Down && g.Value > f.Value {
			rank++
		}
	}
	if m.Direction == report.None {
		return fmt.Sprintf("%s highest of %d in %s", ordinal(rank), n, c.Name)
	}
	return fmt.Sprintf("%s of %d in %s (quartile %d)", ordinal(rank), n, c.Name, quartile(rank, n))
}

// quartile is the quarter, 1 (best) to 4, that rank falls in among n:
// the first is always in the first, the last of several in the last.
func quartile(rank, n int) int {
	if n < 2 {
		return 1
	}
	return min(4, (rank-1)*4/(n-1)+1)
}

// ordinal writes n as "1st", "2nd", "3rd", "11th", "22nd".
func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}
