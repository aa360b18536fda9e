package analyse

import (
	"math"
	"testing"
	"time"

	"github.com/primed/primed/generator/report"
)

func TestYearToDateSuppressionAndTargets(t *testing.T) {
	top, svc, a, b := tree()
	flow := &report.Measure{ID: "flow", UnitOfMeasure: report.Count, Kind: report.Flow, Aggregate: report.Sum, Direction: report.Down, Scale: 1}
	stock := &report.Measure{ID: "stock", UnitOfMeasure: report.Count, Kind: report.Stock, Aggregate: report.Sum, Scale: 1}
	rate := &report.Measure{ID: "rate", UnitOfMeasure: report.Percent, Kind: report.Rate, Aggregate: report.Ratio, Scale: 100}
	v := func(per string, u *report.Unit, m *report.Measure, val float64) report.Observation {
		return report.Observation{Period: p(per), Unit: u, Measure: m, Value: val}
	}
	parts := func(per string, u *report.Unit, num, den float64) report.Observation {
		o := report.Observation{Period: p(per), Unit: u, Measure: rate, Numerator: num, Denominator: den, HasParts: true}
		if den != 0 {
			o.Value = num / den * 100
		}
		return o
	}
	r := &report.Report{
		Config:   report.Config{YearStart: time.April, Suppression: 5, SPC: report.SPCRules(DefaultSPC)},
		Units:    []*report.Unit{top, svc, a, b},
		Root:     top,
		Measures: []*report.Measure{flow, stock, rate},
		Data: report.FiguresOf(
			v("2026-02", a, flow, 1), v("2026-03", a, flow, 2), v("2026-04", a, flow, 3), v("2026-06", a, flow, 5),
			v("2026-06", b, flow, 9),
			v("2026-04", a, stock, 10), v("2026-05", a, stock, 12),
			parts("2026-04", a, 1, 2), parts("2026-05", a, 3, 4),
			parts("2026-06", a, 0, 0), parts("2026-06", b, 2, 8), // a zero denominator: no value, not zero
		),
		Targets: []report.Target{{Measure: flow, LevelIndex: 2, Value: 10, Tolerance: 2}},
	}
	an, err := Analyse(r, 0)
	if err != nil {
		t.Fatal(err)
	}
	at := func(u *report.Unit, m *report.Measure, per string) Figure {
		for _, f := range an.Series(u, m) {
			if f.Period == p(per) {
				return f
			}
		}
		t.Fatalf("no figure for %s %s %s", u.ID, m.ID, per)
		return Figure{}
	}
	ytd := []struct {
		u        *report.Unit
		m        *report.Measure
		per      string
		want     float64
		months   int
		of       int
		hasValue bool
	}{
		{a, flow, "2026-03", 3, 2, 12, true}, // the year from April 2025: only February and March have figures
		{a, flow, "2026-04", 3, 1, 1, true},  // a new financial year starts afresh
		{a, flow, "2026-06", 8, 2, 3, true},  // May is missing, not zero
		{svc, flow, "2026-06", 17, 2, 3, true},
		{a, stock, "2026-06", 12, 2, 3, true},           // the latest value of the year
		{a, rate, "2026-05", 4.0 / 6 * 100, 2, 2, true}, // Σ numerator / Σ denominator
		{svc, rate, "2026-06", 6.0 / 14 * 100, 3, 3, true},
	}
	for _, tt := range ytd {
		f := at(tt.u, tt.m, tt.per)
		if f.HasYTD != tt.hasValue || math.Abs(f.YTD-tt.want) > 1e-9 || f.YTDMonths != tt.months || f.YTDOf != tt.of {
			t.Errorf("YTD %s %s %s = %v (%d of %d months); want %v (%d of %d)", tt.u.ID, tt.m.ID, tt.per, f.YTD, f.YTDMonths, f.YTDOf, tt.want, tt.months, tt.of)
		}
	}

	// A zero denominator gives no value; the parent takes the other team's parts.
	if f := at(a, rate, "2026-06"); f.HasValue {
		t.Errorf("a rate 0/0 = %v; want no value", f.Value)
	}
	if f := at(svc, rate, "2026-06"); !f.HasValue || f.Value != 25 {
		t.Errorf("svc rate June = %v; want 2/8 = 25%%", f.Value)
	}

	// Suppression: a's 5 is not below 5; b's 9 shown. In June a=5, b=9.
	// In February only a reported 1: suppressed, and so is svc (its only
	// reporting child), and top in turn.
	if f := at(a, flow, "2026-02"); !f.Suppressed {
		t.Error("a flow February (1) not suppressed")
	}
	if f := at(svc, flow, "2026-02"); !f.Suppressed {
		t.Error("svc flow February (1, from a alone) not suppressed")
	}
	if f := at(top, flow, "2026-02"); !f.Suppressed {
		t.Error("top flow February (1, from svc alone) not suppressed")
	}
	if f := at(a, flow, "2026-06"); f.Suppressed {
		t.Error("a flow June (5) suppressed; the threshold is below 5")
	}
	// June's year to date (3 + 5) would give April's hidden 3 away.
	if f := at(a, flow, "2026-06"); !f.YTDSuppressed {
		t.Error("a flow June year to date shown, though April is hidden")
	}

	// svc has no target of its own for flow: the teams' 10 + 10, tolerance 2 + 2.
	f := at(svc, flow, "2026-06")
	if !f.Target.Set || !f.Target.RolledUp || f.Target.Value != 20 || f.Target.Tolerance != 4 {
		t.Errorf("svc flow target = %+v; want 20 ± 4 rolled up", f.Target)
	}
	// In April only a reports, but b reports the measure in other months,
	// so its target still counts: 20.
	if g := at(svc, flow, "2026-04"); g.Target.Value != 20 {
		t.Errorf("svc flow April target = %v; want 20", g.Target.Value)
	}
}

func TestSecondarySuppression(t *testing.T) {
	top, svc, a, b := tree()
	c := &report.Unit{ID: "c", LevelIndex: 2, Parent: svc}
	svc.Children = append(svc.Children, c)
	m := &report.Measure{ID: "m", UnitOfMeasure: report.Count, Kind: report.Flow, Aggregate: report.Sum, Scale: 1}
	obs := func(u *report.Unit, v float64) report.Observation {
		return report.Observation{Period: p("2026-10"), Unit: u, Measure: m, Value: v}
	}
	r := &report.Report{
		Config:   report.Config{YearStart: time.April, Suppression: 5, SPC: report.SPCRules(DefaultSPC)},
		Units:    []*report.Unit{top, svc, a, b, c},
		Root:     top,
		Measures: []*report.Measure{m},
		Data:     report.FiguresOf(obs(a, 3), obs(b, 9), obs(c, 7)),
	}
	an, err := Analyse(r, 0)
	if err != nil {
		t.Fatal(err)
	}
	// a (3) is hidden; svc (19) is shown, so the smaller of b and c (c, 7)
	// is hidden too, or a = 19 − 9 − 7.
	want := map[*report.Unit]bool{a: true, b: false, c: true, svc: false, top: false}
	for u, hidden := range want {
		if got := an.Figure(u, m).Suppressed; got != hidden {
			t.Errorf("%s suppressed = %v; want %v", u.ID, got, hidden)
		}
	}
}

func TestRebase(t *testing.T) {
	top, svc, a, b := tree()
	m := &report.Measure{ID: "m", UnitOfMeasure: report.Number, Kind: report.Stock, Aggregate: report.Sum, Direction: report.Up, Scale: 1}
	m.Rebase = []report.Rebase{{Period: p("2025-11"), Unit: a}}
	var data []report.Observation
	start := p("2024-11")
	for i := range 24 {
		v := 10.0 + float64(i%2) // 10, 11, 10, 11...
		if i >= 12 {
			v += 20 // the process moved up by 20 at the rebase
		}
		data = append(data, report.Observation{Period: start.Add(i), Unit: a, Measure: m, Value: v})
		data = append(data, report.Observation{Period: start.Add(i), Unit: b, Measure: m, Value: v})
	}
	r := &report.Report{
		Config:   report.Config{YearStart: time.April, SPC: report.SPCRules(DefaultSPC)},
		Units:    []*report.Unit{top, svc, a, b},
		Root:     top,
		Measures: []*report.Measure{m},
		Data:     report.FiguresOf(data...),
	}
	an, err := Analyse(r, 0)
	if err != nil {
		t.Fatal(err)
	}
	sa, sb := an.Series(a, m), an.Series(b, m)
	// a is rebased: each year has its own mean, 10.5 and 30.5, and no signal.
	if sa[0].Limits.Mean != 10.5 || sa[23].Limits.Mean != 30.5 || sa[23].Variation != Common {
		t.Errorf("a: means %v and %v, latest %s; want 10.5, 30.5, common cause", sa[0].Limits.Mean, sa[23].Limits.Mean, sa[23].Variation)
	}
	// b is not: one mean of 20.5, twelve points below and twelve above it,
	// so the latest point is special cause improvement (high).
	if sb[23].Limits.Mean != 20.5 || sb[23].Variation != Improvement || sb[23].Signal.Side != 1 {
		t.Errorf("b: mean %v, latest %s %+v; want 20.5, improvement high", sb[23].Limits.Mean, sb[23].Variation, sb[23].Signal)
	}
}
