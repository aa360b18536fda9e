package analyse

import (
	"cmp"
	"slices"

	"github.com/primed/primed/generator/report"
)

// yearToDate fills the year-to-date figure of every month of one series.
func (a *analyser) yearToDate(figs []Figure) {
	if len(figs) == 0 {
		return
	}
	m := figs[0].Measure
	start := a.r.Config.YearStart
	for j := range figs {
		f := &figs[j]
		ys := f.Period.YearStart(start)
		f.YTDOf = int(f.Period-ys) + 1
		var sum, num, den float64
		var parts bool
		for i := j; i >= 0 && figs[i].Period >= ys; i-- {
			g := &figs[i]
			if !g.HasValue && !g.HasParts {
				continue
			}
			f.YTDMonths++
			if g.HasValue {
				sum += g.Value
				if m.Kind == report.Stock && !f.HasYTD {
					f.YTD, f.HasYTD = g.Value, true // the latest value of the year
				}
			}
			if g.HasParts {
				num += g.Numerator
				den += g.Denominator
				parts = true
			}
		}
		if f.YTDMonths == 0 || m.Kind == report.Stock {
			continue
		}
		switch {
		case m.Kind == report.Flow:
			f.YTD, f.HasYTD = sum, true
		case parts && den != 0:
			f.YTD, f.HasYTD = num/den*m.Scale, true
		case !parts:
			// A rate given without its parts: the mean of the months.
			var n int
			for i := j; i >= 0 && figs[i].Period >= ys; i-- {
				if figs[i].HasValue {
					n++
				}
			}
			if n > 0 {
				f.YTD, f.HasYTD = sum/float64(n), true
			}
		}
	}
}

// variation runs the XmR chart over one series, a segment at a time: a
// rebase declared for the measure (for this unit or all units) starts a
// new segment with limits of its own. Months without a figure are left out.
func (a *analyser) variation(figs []Figure) {
	if len(figs) == 0 {
		return
	}
	m, u := figs[0].Measure, figs[0].Unit
	rules := SPC(a.r.Config.SPC)
	var starts []report.Period
	for _, r := range m.Rebase {
		if r.Unit == nil || r.Unit == u {
			starts = append(starts, r.Period)
		}
	}
	segment := func(p report.Period) int {
		n := 0
		for _, s := range starts {
			if p >= s {
				n++
			}
		}
		return n
	}
	for seg := 0; seg <= len(starts); seg++ {
		idx, values := a.xmrIndex[:0], a.xmrValues[:0]
		for j := range figs {
			if f := &figs[j]; f.HasValue && segment(f.Period) == seg {
				idx = append(idx, j)
				values = append(values, f.Value)
			}
		}
		a.xmrIndex, a.xmrValues = idx, values
		limits, signals, ok := rules.XmR(values)
		for i, j := range idx {
			f := &figs[j]
			f.Limits, f.SPC, f.Signal = limits, ok, signals[i]
			f.Variation = Classify(f.Signal, ok, m.Direction)
			f.Assurance = Assure(limits, ok, f.Target, m.Direction)
		}
	}
	for j := range figs {
		if figs[j].Variation == "" {
			figs[j].Variation, figs[j].Assurance = NoVariation, NoAssurance
		}
	}
}

// suppress hides small counts. Every count below the threshold is
// suppressed; then, so that no hidden count can be found by subtracting
// the shown ones from a shown total, a parent with exactly one suppressed
// child has its smallest other child suppressed too, or is itself
// suppressed when that child is its only one. This repeats until nothing
// changes, as a suppression can expose another one level up.
//
// Years to date are hidden the same way, and also wherever one of the
// year's months is hidden, since a year to date less the months shown
// would give the hidden month away.
//
// It works on the figures of measure m, the one being worked out: no
// suppression crosses from one measure to another.
func (a *analyser) suppress(m *report.Measure) {
	n := a.r.Config.Suppression
	if n <= 0 {
		return
	}
	count := m.UnitOfMeasure == report.Count
	small := func(v float64) bool { return v < float64(n) }
	for _, figs := range a.figures {
		for j := range figs {
			f := &figs[j]
			f.Suppressed = count && f.HasValue && small(f.Value)
			f.PartsSuppressed = f.HasParts && (small(f.Numerator) || small(f.Denominator))
		}
	}
	if !count {
		return
	}
	value := func(f *Figure) (float64, bool, *bool) { return f.Value, f.HasValue, &f.Suppressed }
	a.complementAll(m, value)
	for _, figs := range a.figures {
		for j := range figs {
			f := &figs[j]
			if !f.HasYTD {
				continue
			}
			f.YTDSuppressed = small(f.YTD)
			ys := f.Period.YearStart(a.r.Config.YearStart)
			for i := j; i >= 0 && figs[i].Period >= ys; i-- {
				if figs[i].Suppressed {
					f.YTDSuppressed = true
				}
				if f.Measure.Kind == report.Stock && figs[i].HasValue {
					break // a stock's year to date is this one month's value
				}
			}
		}
	}
	ytd := func(f *Figure) (float64, bool, *bool) { return f.YTD, f.HasYTD, &f.YTDSuppressed }
	a.complementAll(m, ytd)
}

// field picks a figure's number, whether it has one, and its suppression flag.
type field func(*Figure) (v float64, has bool, hidden *bool)

// complementAll applies the secondary suppression to measure m until it
// suppresses nothing more.
func (a *analyser) complementAll(m *report.Measure, get field) {
	for changed := true; changed; {
		changed = false
		for _, u := range a.r.Units {
			if u.IsLeaf() || !a.reported[key{u, m}] {
				continue
			}
			for j := range a.of {
				changed = a.complement(u, m, j, get) || changed
			}
		}
	}
}

// complement applies the secondary suppression for one parent, measure and
// month, and reports whether it suppressed anything.
func (a *analyser) complement(u *report.Unit, m *report.Measure, j int, get field) bool {
	_, has, hidden := get(&a.figures[key{u, m}][j])
	if !has || *hidden {
		return false
	}
	var shown []*Figure
	count := 0
	for _, c := range u.Children {
		figs := a.figures[key{c, m}]
		if figs == nil {
			continue
		}
		_, has, h := get(&figs[j])
		switch {
		case !has:
		case *h:
			count++
		default:
			shown = append(shown, &figs[j])
		}
	}
	if count != 1 {
		return false
	}
	if len(shown) == 0 {
		*hidden = true
		return true
	}
	smallest := slices.MinFunc(shown, func(x, y *Figure) int {
		vx, _, _ := get(x)
		vy, _, _ := get(y)
		return cmp.Or(cmp.Compare(vx, vy), cmp.Compare(x.Unit.ID, y.Unit.ID))
	})
	_, _, h := get(smallest)
	*h = true
	return true
}
