package analyse

import (
	"math"
	"slices"

	"github.com/primed/primed/generator/report"
)

// ResolveTarget finds the target for measure m, unit u and period p. The
// most specific target wins: one set for the unit itself, then one for its
// level, then one set for the nearest unit above it, then the measure's
// default. Among equals, one limited to a period range beats an open one,
// and a later target beats an earlier.
func ResolveTarget(targets []report.Target, m *report.Measure, u *report.Unit, p report.Period) Target {
	return resolve(targets, nil, m, u, p)
}

// resolve is ResolveTarget among the targets at the positions among, in
// increasing order, or among them all when among is nil.
func resolve(targets []report.Target, among []int, m *report.Measure, u *report.Unit, p report.Period) Target {
	var best *report.Target
	var bestRank [3]int
	n := len(targets)
	if among != nil {
		n = len(among)
	}
	for k := range n {
		i := k
		if among != nil {
			i = among[k]
		}
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

// targetIndex finds, for one measure, the targets that may apply to a
// unit: those for every unit or a level, and those set for the unit or a
// unit above it. A report may set a target for every team: looking
// through them all for each of millions of figures took minutes.
type targetIndex struct {
	general []int                  // positions in the report's targets of those set for no unit
	byUnit  map[*report.Unit][]int // and of those set for each unit
	among   []int                  // of's list, reused
}

func newTargetIndex(targets []report.Target, m *report.Measure) *targetIndex {
	x := &targetIndex{byUnit: map[*report.Unit][]int{}}
	for i := range targets {
		switch t := &targets[i]; {
		case t.Measure != m:
		case t.Unit == nil:
			x.general = append(x.general, i)
		default:
			x.byUnit[t.Unit] = append(x.byUnit[t.Unit], i)
		}
	}
	return x
}

// of returns the positions of the targets that may apply to u, in the
// report's order, which breaks ties; valid until the next call.
func (x *targetIndex) of(u *report.Unit) []int {
	among := append(x.among[:0], x.general...)
	for a := u; a != nil; a = a.Parent {
		among = append(among, x.byUnit[a]...)
	}
	slices.Sort(among)
	if among == nil {
		among = []int{} // none, not all
	}
	x.among = among
	return among
}
