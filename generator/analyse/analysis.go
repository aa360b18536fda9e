package analyse

import (
	"fmt"
	"maps"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
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
	Config report.Config
	Levels []report.Level
	Root   *report.Unit
	Units  []*report.Unit // tree order: parents before children
	// Comparators are the units beside the tree, such as England, that
	// units are compared with. Series and Figure give their figures,
	// which are the data's alone; Of gives no page for them.
	Comparators []*report.Unit
	Measures    []*report.Measure
	Period      report.Period   // the snapshot's month
	Periods     []report.Period // the months shown, oldest first, ending with Period
	// Every is what the snapshot is of: a month, unless every figure it
	// shows is a quarter's or a year's (it has no monthly figures, no
	// finance and no work items), when it is of that quarter or year.
	Every report.Frequency

	units map[*report.Unit]*UnitAnalysis
	// every holds the periods shown of each quarterly or yearly measure.
	every map[*report.Measure][]report.Period
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
	series map[*report.Measure]*series
}

// analyser holds the working state of one Analyse call. It works out one
// measure at a time, for every unit, and packs each measure's figures
// once they are finished.
type analyser struct {
	r       *report.Report
	period  report.Period
	periods []report.Period // the months shown
	// of are the periods shown of the measure being worked out: the
	// months, or its quarters or years; every, those of each quarterly or
	// yearly measure.
	of       []report.Period
	every    map[*report.Measure][]report.Period
	figures  map[key][]Figure // the measure being worked out, by unit: one per month of periods
	reported map[key]bool     // the unit or a unit below it has a value for the measure, or a return not received
	series   map[key]*series  // the finished measures
	targets  *targetTable
	work     map[workKey][]workCounts // by month shown
	// kids and values are rollUp's and combine's scratch; xmrIndex and
	// xmrValues, variation's.
	kids      []kid
	values    []float64
	xmrIndex  []int
	xmrValues []float64
}

// kid is a child unit that reports the measure being worked out, with its
// figures.
type kid struct {
	unit    *report.Unit
	figures []Figure
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
	for o := range r.Data.All() {
		see(o.Period)
	}
	none := r.Data.Len() == 0
	if none {
		for _, f := range r.Finance {
			see(f.Period)
		}
	}
	if none && len(r.Finance) == 0 {
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
	for o := range r.Data.All() {
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
// with data when period is zero. It does not change r.
func Analyse(r *report.Report, period report.Period) (*Analysis, error) {
	return analyse(r, period, false)
}

// Consume is Analyse for a caller that needs r's figures no more: as it
// finishes with each measure, it lets go of the chunks of r.Data that hold
// only the measures it has finished, and leaves r.Data empty. So a large
// report's figures and its analysis are never all in memory at once.
func Consume(r *report.Report, period report.Period) (*Analysis, error) {
	return analyse(r, period, true)
}

func analyse(r *report.Report, period report.Period, consume bool) (*Analysis, error) {
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
	a := &analyser{
		r:        r,
		period:   period,
		every:    map[*report.Measure][]report.Period{},
		figures:  map[key][]Figure{},
		reported: map[key]bool{},
		series:   map[key]*series{},
		targets:  newTargetTable(),
	}
	a.periods = shown(report.Monthly, first, period, r.Config)
	// The work measures' figures are derived from the work items (monthly,
	// over a.periods), a chunk for each, beside the data's measures.
	var derived report.Figures
	var deriving sync.WaitGroup
	deriving.Go(func() { derived = a.derive() })
	workChunks := sync.OnceValue(func() map[*report.Measure][]report.Chunk {
		deriving.Wait()
		byMeasure := map[*report.Measure][]report.Chunk{}
		for _, c := range derived {
			byMeasure[c.Measure] = append(byMeasure[c.Measure], c)
		}
		return byMeasure
	})
	chunks := r.Data[:len(r.Data):len(r.Data)]
	ofMeasure := chunksByMeasure(chunks)
	for m, last := range a.published(ofMeasure, chunks, period) {
		a.every[m] = shown(m.Frequency, first, last, r.Config)
	}
	// Measures are worked out on every core, each measure by one worker
	// with its own working state, the work measures last; a chunk of rows
	// is let go once every measure it holds is done.
	left := make([]atomic.Int32, len(chunks))
	for _, m := range r.Measures {
		for _, c := range ofMeasure[m] {
			left[c].Add(1)
		}
	}
	isWork := func(m *report.Measure) bool { return m.Work != nil }
	measures := slices.Concat(
		slices.DeleteFunc(slices.Clone(r.Measures), isWork),
		slices.DeleteFunc(slices.Clone(r.Measures), func(m *report.Measure) bool { return !isWork(m) }),
	)
	var next atomic.Int32
	workers := make([]*analyser, min(runtime.GOMAXPROCS(0), len(measures)))
	var wg sync.WaitGroup
	for i := range workers {
		w := a.fork()
		workers[i] = w
		wg.Go(func() {
			buf := make([]Figure, len(r.Units)*max(len(a.periods), longest(a.every)))
			for k := int(next.Add(1)) - 1; k < len(measures); k = int(next.Add(1)) - 1 {
				m := measures[k]
				// m's figures: those the data gives, then for a work
				// measure those derived.
				var in []report.Chunk
				for _, c := range ofMeasure[m] {
					in = append(in, chunks[c])
				}
				if isWork(m) {
					in = append(in, workChunks()[m]...)
				}
				w.of = w.periodsOf(m)
				if len(w.of) > 0 { // else a quarterly or yearly measure with no figure published by period
					w.measure(m, w.own(m, in), buf)
				}
				if !consume {
					continue
				}
				for _, c := range ofMeasure[m] {
					if left[c].Add(-1) == 0 {
						r.Data[c], chunks[c] = report.Chunk{}, report.Chunk{} // chunks holds its own copy of r.Data's list
					}
				}
			}
		})
	}
	wg.Wait()
	deriving.Wait() // for a.work, when no measure is of work
	for _, w := range workers {
		maps.Copy(a.series, w.series)
		maps.Copy(a.reported, w.reported)
	}
	if consume {
		r.Data = nil
	}
	return a.analysis(), nil
}

// fork is a worker for a's measures: it shares what a only reads, and
// has working state of its own, and its own table of the targets its
// series point into.
func (a *analyser) fork() *analyser {
	return &analyser{
		r:        a.r,
		period:   a.period,
		periods:  a.periods,
		every:    a.every,
		figures:  map[key][]Figure{},
		reported: map[key]bool{},
		series:   map[key]*series{},
		targets:  newTargetTable(),
	}
}

// measure works out every unit's figures for measure m, from own, its
// figures from the data by unit, and packs them.
func (a *analyser) measure(m *report.Measure, own map[*report.Unit][]*report.Row, buf []Figure) {
	a.rollUp(m, own, buf)
	a.compared(m, own)
	a.suppress(m)
	n := 0
	for k := range a.figures {
		if a.reported[k] {
			n++
		}
	}
	b := newBlocks(n, len(a.of), m.Aggregate == report.Ratio)
	for k, figs := range a.figures {
		if a.reported[k] {
			a.series[k] = pack(figs, a.targets, b)
		}
	}
	clear(a.figures)
}

// shown lists the periods of frequency f that a snapshot of month last
// shows, oldest first: the latest History of them (periods of f, not
// months) that end by last, and none that ends before first, the first
// month of the data.
func shown(f report.Frequency, first, last report.Period, c report.Config) []report.Period {
	history := c.History
	if history == 0 {
		history = report.DefaultHistory
	}
	step := f.Months()
	end := last.End(f, c.YearStart)
	if end > last {
		end = end.Add(-step) // the period containing last has not ended
	}
	start := max(first.End(f, c.YearStart), end.Add(-step*(history-1)))
	var ps []report.Period
	for p := start; p <= end; p = p.Add(step) {
		ps = append(ps, p)
	}
	return ps
}

// published finds the last period, up to month last, that the data gives
// any figure for, of each quarterly or yearly measure that has one, from
// where ofMeasure says its figures are in chunks. A snapshot shows such a
// measure up to its latest published period: a year not yet published is
// not a year of missing figures.
func (a *analyser) published(ofMeasure map[*report.Measure][]int, chunks report.Figures, last report.Period) map[*report.Measure]report.Period {
	latest := map[*report.Measure]report.Period{}
	for _, m := range a.r.Measures {
		if m.Frequency.Months() == 1 {
			continue
		}
		for _, c := range ofMeasure[m] {
			for _, o := range chunks[c].Rows {
				if o.Period <= last {
					latest[m] = max(latest[m], o.Period)
				}
			}
		}
		if latest[m] == 0 {
			delete(latest, m)
		}
	}
	return latest
}

func longest(m map[*report.Measure][]report.Period) int {
	n := 0
	for _, ps := range m {
		n = max(n, len(ps))
	}
	return n
}

// periodsOf returns the periods shown of measure m: none for a quarterly
// or yearly measure with no figure yet.
func (a *analyser) periodsOf(m *report.Measure) []report.Period {
	if m.Frequency.Months() > 1 {
		return a.every[m]
	}
	return a.periods
}

// analysis works out every unit's page from the finished figures.
func (a *analyser) analysis() *Analysis {
	r := a.r
	out := &Analysis{
		Config:      r.Config,
		Levels:      r.Levels,
		Root:        r.Root,
		Units:       r.Units,
		Comparators: r.Comparators,
		Measures:    r.Measures,
		Period:      a.period,
		Periods:     a.periods,
		units:       make(map[*report.Unit]*UnitAnalysis, len(r.Units)),
		every:       a.every,
		Every:       a.snapshotEvery(),
	}
	actions := a.actions()
	finance := a.financeWithin()
	ages := a.ages()
	narratives := map[*report.Unit]*report.Narrative{}
	for i, n := range slices.Backward(r.Narratives) {
		if n.Period == a.period {
			narratives[n.Unit] = &r.Narratives[i] // the first a unit has, as Backward ends there
		}
	}
	// Each unit's analysis reads only what every unit shares, so the units
	// are worked out on every core.
	uas := make([]*UnitAnalysis, len(r.Units))
	var next atomic.Int32
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(r.Units); i = int(next.Add(1)) - 1 {
				u := r.Units[i]
				ua := a.figuresOf(u)
				ua.Actions = actions[u]
				ua.Exceptions = ua.exceptions()
				ua.Finance = a.finance(finance[u])
				ua.Work = ages.of(u, ua.Measures)
				ua.Narrative = narratives[u]
				uas[i] = ua
			}
		})
	}
	wg.Wait()
	for i, u := range r.Units {
		out.units[u] = uas[i]
	}
	for _, c := range r.Comparators {
		out.units[c] = a.figuresOf(c)
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

// chunksByMeasure lists the chunks of each measure's figures, in order.
func chunksByMeasure(chunks report.Figures) map[*report.Measure][]int {
	ofMeasure := map[*report.Measure][]int{}
	for c, chunk := range chunks {
		ofMeasure[chunk.Measure] = append(ofMeasure[chunk.Measure], c)
	}
	return ofMeasure
}

// figuresOf starts unit u's analysis with its finished figures: the
// measures it reports, and their series.
func (a *analyser) figuresOf(u *report.Unit) *UnitAnalysis {
	ua := &UnitAnalysis{Unit: u, period: a.period, series: map[*report.Measure]*series{}}
	for _, m := range a.r.Measures {
		if s := a.series[key{u, m}]; s != nil {
			ua.Measures = append(ua.Measures, m)
			ua.series[m] = s
		}
	}
	return ua
}

// own indexes measure m's figures, in chunks, within the periods shown,
// by unit: each unit's own figures, by period of the measure's frequency.
// Of two for the same unit and period, the later counts.
func (a *analyser) own(m *report.Measure, chunks []report.Chunk) map[*report.Unit][]*report.Row {
	own := map[*report.Unit][]*report.Row{}
	step := m.Frequency.Months()
	for _, chunk := range chunks {
		for i := range chunk.Rows {
			o := &chunk.Rows[i]
			d := int(o.Period - a.of[0])
			j := d / step
			if d < 0 || d%step != 0 || j >= len(a.of) {
				continue
			}
			u := chunk.Units[o.Unit]
			if own[u] == nil {
				own[u] = make([]*report.Row, len(a.of))
			}
			own[u][j] = o
		}
	}
	return own
}

// rollUp fills every unit's figures for measure m, children before
// parents, so that each parent's roll-up reads its children's finished
// figures. A parent that the data gives figures of its own for m, in any
// month shown, is not rolled up at all: roll-ups are for units the data
// gives no figures of their own. It uses buf, room for every unit's,
// whatever it holds; own is m's figures from the data, by unit.
func (a *analyser) rollUp(m *report.Measure, own map[*report.Unit][]*report.Row, buf []Figure) {
	r := a.r
	n := len(a.of)
	targets := newTargetIndex(r.Targets, m)
	for i := len(r.Units) - 1; i >= 0; i-- {
		u := r.Units[i]
		k := key{u, m}
		figs := buf[i*n : (i+1)*n : (i+1)*n]
		obs := own[u]
		among := targets.of(u)
		// The children that report m, looked up once for every month.
		kids := a.kids[:0]
		for _, c := range u.Children {
			if ck := (key{c, m}); a.reported[ck] {
				kids = append(kids, kid{c, a.figures[ck]})
			}
		}
		a.kids = kids
		reported := false
		for j, p := range a.of {
			// Each figure is made here, while it is in the cache, and not
			// cleared with the rest beforehand: at 8,000 units that is
			// 100 MB for each measure.
			f := &figs[j]
			*f = Figure{Unit: u, Measure: m, Period: p}
			if !u.IsLeaf() {
				a.combine(f, j, kids)
			}
			if obs != nil {
				// The data gives u figures of its own for m: they are its
				// figures, and a month it has none of stays without one,
				// whatever its children add up to.
				if !u.IsLeaf() {
					f.RolledUp, f.HasRolledUp = f.Value, f.HasValue
					f.Value, f.HasValue = 0, false
					f.Numerator, f.Denominator, f.HasParts = 0, 0, false
					f.Own = true
				}
				f.given(obs[j])
			}
			f.Target = resolve(r.Targets, among, m, u, p)
			if !f.Target.Set && !u.IsLeaf() && m.Aggregate == report.Sum {
				f.Target = sumTargets(kids, j, p)
			}
			f.RAG = None
			if f.HasValue {
				f.RAG = Rate(f.Value, f.Target, m.Direction)
			}
			reported = reported || f.HasValue || f.HasParts || f.NoReturn
		}
		if reported {
			a.reported[k] = true
		}
		a.figures[k] = figs
		a.overTime(figs)
	}
}

// overTime works out a series' year to date and its process limits, as
// soon as its figures are made, while they are in the cache: a parent's
// roll-up reads none of what it writes.
func (a *analyser) overTime(figs []Figure) {
	if len(figs) > 0 && figs[0].Measure.Frequency.Months() == 1 {
		a.yearToDate(figs)
	}
	a.variation(figs)
}

// compared fills each comparator's figures for measure m from the data
// alone: a period the data gives none for, or gives as missing, stays
// without a value, whatever the units add up to. A comparator has no
// target and no rating.
func (a *analyser) compared(m *report.Measure, own map[*report.Unit][]*report.Row) {
	for _, c := range a.r.Comparators {
		k := key{c, m}
		obs := own[c]
		if obs == nil {
			continue
		}
		figs := make([]Figure, len(a.of))
		reported := false
		for j, p := range a.of {
			f := &figs[j]
			f.Unit, f.Measure, f.Period, f.RAG, f.Own = c, m, p, None, true
			f.given(obs[j])
			reported = reported || f.HasValue || f.HasParts || f.NoReturn
		}
		if reported {
			a.reported[k] = true
		}
		a.figures[k] = figs
		a.overTime(figs)
	}
}

// sumTargets is the target for period p, the j'th, of a unit without one
// of its own, for a summed measure: the sum of its children's targets,
// when every child that reports the measure, kids, has one.
func sumTargets(kids []kid, j int, p report.Period) Target {
	var t Target
	for _, k := range kids {
		if !k.unit.Active.Contains(p) {
			continue
		}
		ct := k.figures[j].Target
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

// combine rolls the figures for month j of the children that report the
// measure, kids, up into f by the measure's aggregate rule, counting who
// reported.
func (a *analyser) combine(f *Figure, j int, kids []kid) {
	m := f.Measure
	vals := a.values[:0]
	defer func() { a.values = vals }()
	var num, den float64
	parts := 0
	for _, k := range kids {
		if !k.unit.Active.Contains(f.Period) {
			continue
		}
		f.Expected++
		cf := &k.figures[j]
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

// snapshotEvery works out Analysis.Every: the shortest frequency of the
// measures that have figures, or Monthly when there are finance or work
// items, which are monthly.
func (a *analyser) snapshotEvery() report.Frequency {
	if len(a.r.Finance) > 0 || len(a.r.Work) > 0 {
		return report.Monthly
	}
	every := report.Frequency("")
	for k := range a.series {
		if f := k.measure.Frequency; every == "" || f.Months() < every.Months() {
			every = f
		}
	}
	if every == "" {
		return report.Monthly
	}
	return every
}

// Latest is the period the snapshot is of: its month, or for a snapshot
// of quarterly or yearly figures alone (Every), the latest quarter or
// year it shows, which may have ended months before.
func (a *Analysis) Latest() report.Period {
	if a.Every.Months() == 1 {
		return a.Period
	}
	var last report.Period
	for _, ps := range a.every {
		if len(ps) > 0 {
			last = max(last, ps[len(ps)-1])
		}
	}
	return last.End(a.Every, a.Config.YearStart)
}

// PeriodsOf returns the periods shown of measure m, oldest first: the
// months shown, or for a quarterly or yearly measure, its quarters or
// years up to the latest the data gives a figure for.
func (a *Analysis) PeriodsOf(m *report.Measure) []report.Period {
	if m.Frequency.Months() > 1 {
		return a.every[m]
	}
	return a.Periods
}

// Of returns unit u's analysis: its page. A comparator's has its figures
// alone.
func (a *Analysis) Of(u *report.Unit) *UnitAnalysis { return a.units[u] }

// Figure returns unit u's figure for measure m in the snapshot's month.
func (a *Analysis) Figure(u *report.Unit, m *report.Measure) Figure {
	if ua := a.units[u]; ua != nil {
		return ua.Figure(m)
	}
	return Figure{Unit: u, Measure: m, Period: a.Period, RAG: None}
}

// Series returns unit u's figures for measure m over every month shown,
// or nil when u does not report m. Each call unpacks them afresh, and the
// caller may keep them.
func (a *Analysis) Series(u *report.Unit, m *report.Measure) []Figure {
	if ua := a.units[u]; ua != nil {
		if s := ua.series[m]; s != nil {
			return s.figures(nil)
		}
	}
	return nil
}

// AppendSeries appends to dst what Series returns, so that a caller that
// unpacks series after series can reuse one slice for them.
func (a *Analysis) AppendSeries(dst []Figure, u *report.Unit, m *report.Measure) []Figure {
	if ua := a.units[u]; ua != nil {
		if s := ua.series[m]; s != nil {
			return s.figures(dst)
		}
	}
	return dst
}

// Ago returns unit u's figure for measure m n periods of its frequency
// before its latest, and false when u does not report m or the analysis
// does not go back that far.
func (a *Analysis) Ago(u *report.Unit, m *report.Measure, n int) (Figure, bool) {
	if ua := a.units[u]; ua != nil {
		if s := ua.series[m]; s != nil && n >= 0 && n < len(s.points) {
			return s.figure(len(s.points) - 1 - n), true
		}
	}
	return Figure{}, false
}

// Reports tells whether unit u, or a unit below it, has ever had a value
// for measure m: whether the measure belongs on u's page.
func (a *Analysis) Reports(u *report.Unit, m *report.Measure) bool {
	ua := a.units[u]
	return ua != nil && ua.series[m] != nil
}

// Figure returns the unit's figure for measure m in the snapshot's month.
func (ua *UnitAnalysis) Figure(m *report.Measure) Figure {
	s := ua.series[m]
	if s == nil {
		return Figure{Unit: ua.Unit, Measure: m, Period: ua.period, RAG: None}
	}
	return s.last()
}
