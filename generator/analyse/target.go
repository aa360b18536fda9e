package analyse

import (
	"math"

	"github.com/primed/primed/generator/report"
)

// ResolveTarget finds the target for measure m, unit u and period p. The
// most specific target wins: one set for the unit itself, then one for its
// level, then one set for the nearest unit above it, then the measure's
// default. Among equals, one limited to a period range beats an open one,
// and a later target beats an earlier.
func ResolveTarget(targets []report.Target, m *report.Measure, u *report.Unit, p report.Period) Target {
	var best *report.Target
	var bestRank [3]int
	for i := range targets {
		t := &targets[i]
		if t.Measure != m || !t.Range.Contains(p) || (t.LevelIndex >= 0 && t.LevelIndex != u.LevelIndex) {
			continue
		}
		// rank orders candidates: how specific, how near, whether ranged.
		var rank [3]int
		switch {
		case t.Unit == u:
			rank[0] = 3
		case t.Unit != nil:
			depth := ancestorDistance(t.Unit, u)
			if depth < 0 {
				continue
			}
			rank[0], rank[1] = 1, -depth
		case t.LevelIndex >= 0:
			rank[0] = 2
		}
		if !t.Range.From.IsZero() || !t.Range.To.IsZero() {
			rank[2] = 1
		}
		if best == nil || !less(rank, bestRank) {
			best, bestRank = t, rank
		}
	}
	if best == nil {
		return Target{}
	}
	tol := best.Tolerance
	if best.TolerancePercent {
		tol = math.Abs(best.Value) * best.Tolerance / 100
	}
	return Target{Value: best.Value, Tolerance: tol, Set: true, Source: best}
}

func less(a, b [3]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// ancestorDistance is how many steps up from u to a, or -1 when a is not above u.
func ancestorDistance(a, u *report.Unit) int {
	d := 0
	for x := u; x != nil; x = x.Parent {
		if x == a {
			return d
		}
		d++
	}
	return -1
}
