package analyse

import (
	"fmt"
	"slices"
	"time"

	"github.com/primed/primed/generator/report"
)

// Analysis is one month's snapshot, worked out in full: every unit's
// figures, exceptions, support ranking, finance, work and actions, as its
// pages show them. Analyse builds it and nothing changes it after, so
// pages may be rendered from it in parallel. It holds no item-level data:
// the work extract is reduced to counts before it is built, and the report
// it came from is not kept.
type Analysis struct {
	Config   report.Config
	Levels   []report.Level
	Root     *report.Unit
	Units    []*report.Unit // tree order: parents before children
	Measures []*report.Measure
	Period   report.Period   // the snapshot's month
	Periods  []report.Period // the months shown, oldest first, ending with Period

	units map[*report.Unit]*UnitAnalysis
}

// UnitAnalysis is everything one unit's page shows. Its slices are shared
// with the pages that read them and must not be changed.
type UnitAnalysis struct {
	Unit       *report.Unit
	Measures   []*report.Measure // those the unit or a unit below it reports, in the report's order
	Exceptions []Exception       // what needs attention this month, most serious first
	// Need is the unit's support need among its siblings; Need.Of is 0 for
	// the top unit, which has none. Support ranks its children.
	Need      Need
	Support   []Need
	Actions   []ActionState // its own and those of the units below it
	Finance   Finance
	Work      []WorkAges        // open work by age, for each type the unit has
	Narrative *report.Narrative // the month's narrative, if there is one

	period report.Period
	series map[*report.Measure][]Figure
}

// analyser holds the working state of one Analyse call.
type analyser struct {
	r        *report.Report
	period   report.Period
	periods  []report.Period
	figures  map[key][]Figure // by unit and measure, one per month of periods
	reported map[key]bool     // the unit or a unit below it has a value for the measure
	work     map[workKey]*workCounts
}

type key struct {
	unit    *report.Unit
	measure *report.Measure
}

// Span returns the first and last months of r's data: its monthly
// figures, or its finance when it has none, or for a report of work items
// alone, the first item's month to the last event's.
func Span(r *report.Report) (first, last report.Period, err error) {
	see := func(p report.Period) {
		if first == 0 || p < first {
			first = p
		}
		last = max(last, p)
	}
	for _, o := range r.Data {
		see(o.Period)
	}
	if len(r.Data) == 0 {
		for _, f := range r.Finance {
			see(f.Period)
		}
	}
	if len(r.Data) == 0 && len(r.Finance) == 0 {
		for _, it := range r.Work {
			see(report.NewPeriod(it.Opened.Year(), it.Opened.Month()))
			if !it.Closed.IsZero() {
				see(report.NewPeriod(it.Closed.Year(), it.Closed.Month()))
			}
		}
	}
	if first == 0 {
		return 0, 0, fmt.Errorf("no data: add monthly figures to data/*.csv, finance to finance/*.csv, or work items to work/*.csv")
	}
	return first, last, nil
}

// Cutoff is the latest month of any of r's inputs: its figures, its
// finance, and its work items' events. A snapshot built from r is built
// from data up to then.
func Cutoff(r *report.Report) report.Period {
	var last report.Period
	for _, o := range r.Data {
		last = max(last, o.Period)
	}
	for _, f := range r.Finance {
		last = max(last, f.Period)
	}
	for _, it := range r.Work {
		for _, d := range []time.Time{it.Opened, it.Closed} {
			if !d.IsZero() {
				last = max(last, report.NewPeriod(d.Year(), d.Month()))
			}
		}
	}
	return last
}

// Analyse computes the snapshot of r for period, or for the latest month
// with data when period is zero.
func Analyse(r *report.Report, period report.Period) (*Analysis, error) {
	first, last, err := Span(r)
	if err != nil {
		return nil, err
	}
	if period.IsZero() {
		period = last
	}
	if period < first || period > last {
		return nil, fmt.Errorf("no data for %s: the data covers %s to %s", period, first, last)
	}
	history := r.Config.History
	if history == 0 {
		history = report.DefaultHistory
	}
	first = max(first, period.Add(-history+1))
	a := &analyser{
		r:        r,
		period:   period,
		figures:  map[key][]Figure{},
		reported: map[key]bool{},
	}
	for p := first; p <= period; p = p.Add(1) {
		a.periods = append(a.periods, p)
	}
	a.rollUp(a.derive())
	for _, figs := range a.figures {
		a.yearToDate(figs)
		a.variation(figs)
	}
	a.suppress()
	return a.analysis(), nil
}

// analysis works out every unit's page from the finished figures.
func (a *analyser) analysis() *Analysis {
	r := a.r
	out := &Analysis{
		Config:   r.Config,
		Levels:   r.Levels,
		Root:     r.Root,
		Units:    r.Units,
		Measures: r.Measures,
		Period:   a.period,
		Periods:  a.periods,
		units:    make(map[*report.Unit]*UnitAnalysis, len(r.Units)),
	}
	actions := a.actions()
	finance := a.financeWithin()
	ages := a.ages()
	for _, u := range r.Units {
		ua := &UnitAnalysis{Unit: u, Actions: actions[u], period: a.period, series: map[*report.Measure][]Figure{}}
		for _, m := range r.Measures {
			if k := (key{u, m}); a.reported[k] {
				ua.Measures = append(ua.Measures, m)
				ua.series[m] = a.figures[k]
			}
		}
		ua.Exceptions = ua.exceptions()
		ua.Finance = a.finance(finance[u])
		ua.Work = ages.of(u, ua.Measures)
		for i, n := range r.Narratives {
			if n.Unit == u && n.Period == a.period {
				ua.Narrative = &r.Narratives[i]
				break
			}
		}
		out.units[u] = ua
	}
	for _, u := range r.Units {
		ua := out.units[u]
		ua.Support = a.support(out, u)
		for _, n := range ua.Support {
			out.units[n.Unit].Need = n
		}
	}
	return out
}

// rollUp fills every unit's figures, children before parents, so that each
// parent's roll-up reads its children's finished figures.
func (a *analyser) rollUp(derived []report.Observation) {
	r := a.r
	n := len(a.periods)
	first := a.periods[0]
	own := map[key][]*report.Observation{}
	data := make([]*report.Observation, 0, len(r.Data)+len(derived))
	for i := range r.Data {
		data = append(data, &r.Data[i])
	}
	for i := range derived {
		data = append(data, &derived[i])
	}
	for _, o := range data {
		j := int(o.Period - first)
		if j < 0 || j >= n {
			continue
		}
		k := key{o.Unit, o.Measure}
		if own[k] == nil {
			own[k] = make([]*report.Observation, n)
		}
		own[k][j] = o
	}
	for _, m := range r.Measures {
		for i := len(r.Units) - 1; i >= 0; i-- {
			u := r.Units[i]
			k := key{u, m}
			figs := make([]Figure, n)
			for j, p := range a.periods {
				f := &figs[j]
				f.Unit, f.Measure, f.Period = u, m, p
				if !u.IsLeaf() {
					a.combine(f, j)
				}
				if obs := own[k]; obs != nil && obs[j] != nil {
					o := obs[j]
					f.RolledUp, f.HasRolledUp = f.Value, f.HasValue
					f.Value, f.HasValue = o.Value, o.Denominator != 0 || !o.HasParts
					f.Numerator, f.Denominator, f.HasParts = o.Numerator, o.Denominator, o.HasParts
					f.Own = true
				}
				f.Target = ResolveTarget(r.Targets, m, u, p)
				if !f.Target.Set && !u.IsLeaf() && m.Aggregate == report.Sum {
					f.Target = a.sumTargets(u, m, j)
				}
				f.RAG = None
				if f.HasValue {
					f.RAG = Rate(f.Value, f.Target, m.Direction)
				}
				if f.HasValue || f.HasParts {
					a.reported[k] = true
				}
			}
			a.figures[k] = figs
		}
	}
}

// sumTargets is the target of a unit without one of its own, for a summed
// measure: the sum of its children's targets, when every child that
// reports the measure has one.
func (a *analyser) sumTargets(u *report.Unit, m *report.Measure, j int) Target {
	var t Target
	for _, c := range u.Children {
		ck := key{c, m}
		if !a.reported[ck] || !c.Active.Contains(a.periods[j]) {
			continue
		}
		ct := a.figures[ck][j].Target
		if !ct.Set {
			return Target{}
		}
		t.Value += ct.Value
		t.Tolerance += ct.Tolerance
		t.Set = true
	}
	t.RolledUp = t.Set
	return t
}

// combine rolls the children's figures for month j up into f by the
// measure's aggregate rule, counting who reported.
func (a *analyser) combine(f *Figure, j int) {
	m := f.Measure
	var vals []float64
	var num, den float64
	parts := 0
	for _, c := range f.Unit.Children {
		ck := key{c, m}
		if !a.reported[ck] || !c.Active.Contains(f.Period) {
			continue
		}
		f.Expected++
		cf := a.figures[ck][j]
		if !cf.HasValue && !cf.HasParts {
			continue
		}
		f.Reporting++
		if cf.HasValue {
			vals = append(vals, cf.Value)
		}
		if cf.HasParts {
			num += cf.Numerator
			den += cf.Denominator
			parts++
		}
	}
	if f.Reporting == 0 {
		return
	}
	if parts == f.Reporting {
		f.Numerator, f.Denominator, f.HasParts = num, den, true
	}
	switch m.Aggregate {
	case report.Ratio:
		if parts > 0 && den != 0 {
			f.Value, f.HasValue = num/den*m.Scale, true
		}
		return
	case report.Sum:
		for _, v := range vals {
			f.Value += v
		}
	case report.Mean:
		for _, v := range vals {
			f.Value += v
		}
		if len(vals) > 0 {
			f.Value /= float64(len(vals))
		}
	case report.Min:
		if len(vals) > 0 {
			f.Value = slices.Min(vals)
		}
	case report.Max:
		if len(vals) > 0 {
			f.Value = slices.Max(vals)
		}
	case report.Last:
		if len(vals) > 0 {
			f.Value = vals[len(vals)-1]
		}
	}
	f.HasValue = len(vals) > 0
}

// Of returns unit u's analysis.
func (a *Analysis) Of(u *report.Unit) *UnitAnalysis { return a.units[u] }

// Figure returns unit u's figure for measure m in the snapshot's month.
func (a *Analysis) Figure(u *report.Unit, m *report.Measure) Figure {
	s := a.Series(u, m)
	if len(s) == 0 {
		return Figure{Unit: u, Measure: m, Period: a.Period, RAG: None}
	}
	return s[len(s)-1]
}

// Series returns unit u's figures for measure m over every month shown,
// or nil when u does not report m.
func (a *Analysis) Series(u *report.Unit, m *report.Measure) []Figure {
	if ua := a.units[u]; ua != nil {
		return ua.series[m]
	}
	return nil
}

// Reports tells whether unit u, or a unit below it, has ever had a value
// for measure m: whether the measure belongs on u's page.
func (a *Analysis) Reports(u *report.Unit, m *report.Measure) bool {
	return a.Series(u, m) != nil
}

// Figure returns the unit's figure for measure m in the snapshot's month.
func (ua *UnitAnalysis) Figure(m *report.Measure) Figure {
	s := ua.series[m]
	if len(s) == 0 {
		return Figure{Unit: ua.Unit, Measure: m, Period: ua.period, RAG: None}
	}
	return s[len(s)-1]
}
