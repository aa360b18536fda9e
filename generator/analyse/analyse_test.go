package analyse

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/primed/primed/generator/report"
)

func TestRate(t *testing.T) {
	target := Target{Value: 80, Tolerance: 5, Set: true}
	tests := []struct {
		value float64
		t     Target
		dir   report.Direction
		want  RAG
	}{
		{80, target, report.Up, Green},
		{80.1, target, report.Up, Green},
		{79.99, target, report.Up, Amber},
		{75, target, report.Up, Amber},
		{74.99, target, report.Up, Red},
		{80, target, report.Down, Green},
		{85, target, report.Down, Amber},
		{85.01, target, report.Down, Red},
		{60, target, report.Down, Green},
		{60, target, report.None, None},
		{60, Target{}, report.Up, None},
		// A ratio that meets its target exactly but is computed with binary noise.
		{8.0 / 10 * 100, Target{Value: 80, Set: true}, report.Up, Green},
		// Negative targets, as for a variance: at most −£1,000.
		{-1200, Target{Value: -1000, Tolerance: 100, Set: true}, report.Down, Green},
		{-950, Target{Value: -1000, Tolerance: 100, Set: true}, report.Down, Amber},
		{-850, Target{Value: -1000, Tolerance: 100, Set: true}, report.Down, Red},
		{-1050, Target{Value: -1000, Tolerance: 100, Set: true}, report.Up, Amber},
		// Zero tolerance: nothing is amber.
		{79, Target{Value: 80, Set: true}, report.Up, Red},
	}
	for _, tt := range tests {
		if got := Rate(tt.value, tt.t, tt.dir); got != tt.want {
			t.Errorf("Rate(%v, %+v, %s) = %s; want %s", tt.value, tt.t, tt.dir, got, tt.want)
		}
	}
}

// tree builds top → svc → {a, b} with levels board, service, team.
func tree() (top, svc, a, b *report.Unit) {
	top = &report.Unit{ID: "top", LevelIndex: 0}
	svc = &report.Unit{ID: "svc", LevelIndex: 1, Parent: top}
	a = &report.Unit{ID: "a", LevelIndex: 2, Parent: svc}
	b = &report.Unit{ID: "b", LevelIndex: 2, Parent: svc}
	top.Children = []*report.Unit{svc}
	svc.Children = []*report.Unit{a, b}
	return
}

func p(s string) report.Period {
	per, err := report.ParsePeriod(s)
	if err != nil {
		panic(err)
	}
	return per
}

func TestResolveTarget(t *testing.T) {
	top, svc, a, b := tree()
	m := &report.Measure{ID: "m"}
	other := &report.Measure{ID: "other"}
	targets := []report.Target{
		{Measure: m, LevelIndex: -1, Value: 1},                                                 // 0 default
		{Measure: m, LevelIndex: 2, Value: 2},                                                  // 1 every team
		{Measure: m, LevelIndex: -1, Unit: svc, Value: 3},                                      // 2 svc and below
		{Measure: m, LevelIndex: -1, Unit: b, Value: 4, Tolerance: 10, TolerancePercent: true}, // 3 b itself
		{Measure: m, LevelIndex: -1, Value: 5, Range: report.Range{From: p("2026-04")}},        // 4 default from April
		{Measure: other, LevelIndex: -1, Value: 6},
	}
	tests := []struct {
		unit   *report.Unit
		period string
		want   float64
		tol    float64
	}{
		{top, "2026-03", 1, 0}, // the default
		{top, "2026-04", 5, 0}, // a ranged default beats an open one
		{svc, "2026-03", 3, 0}, // its own target
		{a, "2026-03", 2, 0},   // its level's target beats its parent's
		{b, "2026-03", 4, 0.4}, // its own beats its level's; 10% of 4
	}
	for _, tt := range tests {
		got := ResolveTarget(targets, m, tt.unit, p(tt.period))
		if !got.Set || got.Value != tt.want || math.Abs(got.Tolerance-tt.tol) > 1e-12 {
			t.Errorf("ResolveTarget(%s, %s) = %+v; want %v ± %v", tt.unit.ID, tt.period, got, tt.want, tt.tol)
		}
	}
	// Without a level target, a team inherits its parent's unit target.
	got := ResolveTarget(targets[2:3], m, a, p("2026-03"))
	if got.Value != 3 {
		t.Errorf("ResolveTarget(a, inherited) = %v; want 3", got.Value)
	}
	if got := ResolveTarget(targets, &report.Measure{ID: "none"}, a, p("2026-03")); got.Set {
		t.Errorf("ResolveTarget(no targets) = %+v; want none", got)
	}
}

// TestTargetIndex holds the targets that targetIndex finds for a unit to
// looking through them all: for targets at random, for every unit, level,
// range and tie, the same target, the very same one of the report's.
func TestTargetIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	top, svc, a, b := tree()
	other := &report.Unit{ID: "other", LevelIndex: 1, Parent: top}
	top.Children = append(top.Children, other)
	units := []*report.Unit{top, svc, a, b, other}
	ms := []*report.Measure{{ID: "m"}, {ID: "n"}}
	for range 200 {
		targets := make([]report.Target, r.IntN(12))
		for i := range targets {
			tg := &targets[i]
			tg.Measure, tg.LevelIndex, tg.Value = ms[r.IntN(len(ms))], r.IntN(4)-1, float64(r.IntN(5))
			if r.IntN(2) == 0 {
				tg.Unit = units[r.IntN(len(units))]
			}
			if r.IntN(3) == 0 {
				tg.Range.From = p("2026-01").Add(r.IntN(6))
			}
		}
		for _, m := range ms {
			x := newTargetIndex(targets, m)
			for _, u := range units {
				among := x.of(u)
				for month := range 6 {
					at := p("2026-01").Add(month)
					want := ResolveTarget(targets, m, u, at)
					if got := resolve(targets, among, m, u, at); got != want {
						t.Fatalf("%s, %s, %s: the index finds %+v; all the targets give %+v", m.ID, u.ID, at, got, want)
					}
				}
			}
		}
	}
}

func TestRollUp(t *testing.T) {
	top, svc, a, b := tree()
	units := []*report.Unit{top, svc, a, b}
	sum := &report.Measure{ID: "sum", Aggregate: report.Sum, Direction: report.Down}
	ratio := &report.Measure{ID: "ratio", Aggregate: report.Ratio, Scale: 100, Direction: report.Up}
	mean := &report.Measure{ID: "mean", Aggregate: report.Mean}
	minm := &report.Measure{ID: "min", Aggregate: report.Min}
	maxm := &report.Measure{ID: "max", Aggregate: report.Max}
	obs := func(per string, u *report.Unit, m *report.Measure, v, num, den float64) report.Observation {
		return report.Observation{Period: p(per), Unit: u, Measure: m, Value: v, Numerator: num, Denominator: den, HasParts: den != 0}
	}
	r := &report.Report{
		Config:   report.Config{YearStart: time.April},
		Units:    units,
		Root:     top,
		Measures: []*report.Measure{sum, ratio, mean, minm, maxm},
		Data: report.FiguresOf(
			obs("2026-09", a, sum, 10, 0, 0),
			obs("2026-09", b, sum, 5, 0, 0),
			obs("2026-10", a, sum, 12, 0, 0), // b missing in October
			// 9/10 and 1/90: the mean of percentages would be 45.6%, the ratio is 10%.
			obs("2026-10", a, ratio, 90, 9, 10),
			obs("2026-10", b, ratio, 1.0/90*100, 1, 90),
			obs("2026-10", a, mean, 4, 0, 0),
			obs("2026-10", b, mean, 7, 0, 0),
			obs("2026-10", a, minm, 4, 0, 0),
			obs("2026-10", b, minm, 7, 0, 0),
			obs("2026-10", a, maxm, 4, 0, 0),
			obs("2026-10", b, maxm, 7, 0, 0),
			obs("2026-10", top, mean, 100, 0, 0), // the top supplies its own
			obs("2026-09", a, mean, 2, 0, 0),     // but not for September
			obs("2026-09", b, mean, 6, 0, 0),
		),
		Targets: []report.Target{{Measure: sum, LevelIndex: -1, Value: 15, Tolerance: 1}},
	}
	an, err := Analyse(r, 0)
	if err != nil {
		t.Fatal(err)
	}
	if an.Period != p("2026-10") || len(an.Periods) != 2 {
		t.Fatalf("Analyse period = %s over %d months; want 2026-10 over 2", an.Period, len(an.Periods))
	}
	tests := []struct {
		unit      *report.Unit
		m         *report.Measure
		value     float64
		reporting int
		expected  int
		own       bool
	}{
		{svc, sum, 12, 1, 2, false},
		{top, sum, 12, 1, 1, false},
		{svc, ratio, 10, 2, 2, false},
		{top, ratio, 10, 1, 1, false},
		{svc, mean, 5.5, 2, 2, false},
		{top, mean, 100, 1, 1, true},
		{svc, minm, 4, 2, 2, false},
		{svc, maxm, 7, 2, 2, false},
	}
	for _, tt := range tests {
		f := an.Figure(tt.unit, tt.m)
		if !f.HasValue || math.Abs(f.Value-tt.value) > 1e-9 || f.Reporting != tt.reporting || f.Expected != tt.expected || f.Own != tt.own {
			t.Errorf("Figure(%s, %s) = %v (%d of %d reported, own %v); want %v (%d of %d, own %v)",
				tt.unit.ID, tt.m.ID, f.Value, f.Reporting, f.Expected, f.Own, tt.value, tt.reporting, tt.expected, tt.own)
		}
	}
	// September: both teams reported 15, on target.
	sep := an.Series(svc, sum)[0]
	if sep.Value != 15 || sep.RAG != Green {
		t.Errorf("svc sum September = %v %s; want 15 green", sep.Value, sep.RAG)
	}
	// The top gives its own means, so September, which it gives none for,
	// stays without one: never filled in from below.
	if f, _ := an.Ago(top, mean, 1); f.HasValue || !f.Own || !f.HasRolledUp || f.RolledUp != 4 {
		t.Errorf("top mean September = %v (has %v, own %v, rolled up %v of %v); want no value, own, rolled up 4", f.Value, f.HasValue, f.Own, f.RolledUp, f.HasRolledUp)
	}
	if f, _ := an.Ago(svc, mean, 1); !f.HasValue || f.Value != 4 || f.Own {
		t.Errorf("svc mean September = %v (has %v, own %v); want 4 rolled up", f.Value, f.HasValue, f.Own)
	}
	// Ago reads the same figures as Series, from the snapshot's month back.
	for n, want := range []float64{12, 15} {
		if f, ok := an.Ago(svc, sum, n); !ok || f.Value != want || f.Period != an.Periods[1-n] {
			t.Errorf("Ago(svc, sum, %d) = %v in %s, %v; want %v in %s", n, f.Value, f.Period, ok, want, an.Periods[1-n])
		}
	}
	if _, ok := an.Ago(svc, sum, 2); ok {
		t.Error("Ago(svc, sum, 2) found a figure before the first month shown")
	}
	// The ratio's parts roll up too.
	if f := an.Figure(top, ratio); f.Numerator != 10 || f.Denominator != 100 {
		t.Errorf("top ratio parts = %v/%v; want 10/100", f.Numerator, f.Denominator)
	}
	if _, err := Analyse(r, p("2027-01")); err == nil {
		t.Error("Analyse(2027-01) succeeded; want an error for a month without data")
	}
}

// TestFrequency works out yearly and quarterly measures beside a monthly
// one: each over periods of its own, history and SPC's min_points counted
// in them, rolled up period by period, with no year to date.
func TestFrequency(t *testing.T) {
	top, svc, a, b := tree()
	monthly := &report.Measure{ID: "monthly", Aggregate: report.Sum, Kind: report.Flow, Frequency: report.Monthly}
	yearly := &report.Measure{ID: "yearly", Aggregate: report.Sum, Kind: report.Flow, Frequency: report.Yearly}
	quarterly := &report.Measure{ID: "quarterly", Aggregate: report.Mean, Kind: report.Rate, Frequency: report.Quarterly}
	obs := func(per string, u *report.Unit, m *report.Measure, v float64) report.Observation {
		return report.Observation{Period: p(per), Unit: u, Measure: m, Value: v}
	}
	r := &report.Report{
		Config:   report.Config{YearStart: time.April, History: 3, SPC: report.SPCRules{Shift: 7, Trend: 7, MinPoints: 3}},
		Units:    []*report.Unit{top, svc, a, b},
		Root:     top,
		Measures: []*report.Measure{monthly, yearly, quarterly},
	}
	// Four years of a yearly measure; the year to March 2025 is not yet
	// published, so the latest shown is 2023-24.
	var years, quarters []report.Observation
	for i, y := range []string{"2021-03", "2022-03", "2023-03", "2024-03"} {
		years = append(years, obs(y, a, yearly, float64(10+i)), obs(y, b, yearly, 1))
	}
	for i, q := range []string{"2024-03", "2024-06", "2024-09"} {
		quarters = append(quarters, obs(q, a, quarterly, float64(i)), obs(q, b, quarterly, float64(2*i)))
	}
	r.Data = report.FiguresOf(slices.Concat(years, quarters, []report.Observation{obs("2024-10", a, monthly, 1), obs("2024-08", a, monthly, 2)})...)
	an, err := Analyse(r, 0)
	if err != nil {
		t.Fatal(err)
	}
	periods := func(m *report.Measure) []string {
		var s []string
		for _, per := range an.PeriodsOf(m) {
			s = append(s, per.Label(m.Frequency, time.April))
		}
		return s
	}
	for _, tt := range []struct {
		m    *report.Measure
		want []string
	}{
		{monthly, []string{"2024-08", "2024-09", "2024-10"}},
		{yearly, []string{"2021-22", "2022-23", "2023-24"}}, // history: 3 years
		{quarterly, []string{"2023-24 Q4", "2024-25 Q1", "2024-25 Q2"}},
	} {
		if got := periods(tt.m); !slices.Equal(got, tt.want) {
			t.Errorf("PeriodsOf(%s) = %v; want %v", tt.m.ID, got, tt.want)
		}
	}
	if an.Every != report.Monthly {
		t.Errorf("Every = %s; want month, as the snapshot has monthly figures", an.Every)
	}
	f := an.Figure(svc, yearly)
	if f.Period != p("2024-03") || !f.HasValue || f.Value != 14 || f.Reporting != 2 || f.HasYTD || f.YTDOf != 0 {
		t.Errorf("svc yearly = %s %v (%d reported, ytd %v of %d); want 2024-03 14 (2 reported), no year to date",
			f.Period, f.Value, f.Reporting, f.HasYTD, f.YTDOf)
	}
	// Three years are enough for limits with min_points: 3.
	if !f.SPC {
		t.Error("svc yearly has no process limits from 3 years with min_points: 3")
	}
	if prev, ok := an.Ago(svc, yearly, 1); !ok || prev.Period != p("2023-03") || prev.Value != 13 {
		t.Errorf("svc yearly a year before = %s %v %v; want 2023-03 13", prev.Period, prev.Value, ok)
	}
	if q := an.Figure(svc, quarterly); q.Period != p("2024-09") || q.Value != 3 {
		t.Errorf("svc quarterly = %s %v; want 2024-09 3 (the mean of 2 and 4)", q.Period, q.Value)
	}
	if got := len(an.Series(a, quarterly)); got != 3 {
		t.Errorf("a quarterly has %d points; want 3", got)
	}

	// A report of yearly figures alone is a snapshot of a year.
	r.Data = report.FiguresOf(years...)
	an, err = Analyse(r, 0)
	if err != nil {
		t.Fatal(err)
	}
	if an.Every != report.Yearly || an.Period != p("2024-03") {
		t.Errorf("yearly alone: Every = %s at %s; want year at 2024-03", an.Every, an.Period)
	}
	// Its snapshot of a later month is still of the latest year published.
	an, err = Analyse(r, p("2024-02"))
	if err != nil {
		t.Fatal(err)
	}
	if l := an.Latest(); l != p("2023-03") {
		t.Errorf("yearly alone, February 2024: Latest = %s; want 2023-03, the year 2022-23", l)
	}
}

// Consume works out what Analyse does, and lets go of the figures as it
// goes: a chunk once the last measure it holds is worked out.
func TestConsume(t *testing.T) {
	build := func() *report.Report {
		top, svc, a, b := tree()
		x := &report.Measure{ID: "x", Aggregate: report.Sum, Kind: report.Flow}
		y := &report.Measure{ID: "y", Aggregate: report.Mean, Kind: report.Rate}
		obs := func(per string, u *report.Unit, m *report.Measure, v float64) report.Observation {
			return report.Observation{Period: p(per), Unit: u, Measure: m, Value: v}
		}
		return &report.Report{
			Config:   report.Config{YearStart: time.April},
			Units:    []*report.Unit{top, svc, a, b},
			Root:     top,
			Measures: []*report.Measure{x, y},
			// Two chunks of each measure.
			Data: slices.Concat(
				report.FiguresOf(obs("2026-09", a, x, 1), obs("2026-10", a, x, 2)),
				report.FiguresOf(obs("2026-10", b, x, 3)),
				report.FiguresOf(obs("2026-10", b, y, 4)),
				report.FiguresOf(obs("2026-09", a, y, 5), obs("2026-10", a, y, 6)),
			),
		}
	}
	want, err := Analyse(build(), 0)
	if err != nil {
		t.Fatal(err)
	}
	r := build()
	chunks := r.Data[:len(r.Data):len(r.Data)] // the chunk list as it was, to watch them let go
	got, err := Consume(r, 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.Data != nil || slices.ContainsFunc(chunks, func(c report.Chunk) bool { return c.Rows != nil }) {
		t.Errorf("Consume left figures held: r.Data %v, chunks %v", r.Data, chunks)
	}
	for i, u := range got.Units {
		for j, m := range got.Measures {
			g, w := got.Series(u, m), want.Series(want.Units[i], want.Measures[j])
			if len(g) != len(w) {
				t.Fatalf("%s %s: %d figures, want %d", u.ID, m.ID, len(g), len(w))
			}
			for k := range g {
				g[k].Unit, g[k].Measure, w[k].Unit, w[k].Measure = nil, nil, nil, nil
				g[k].Target.Source, w[k].Target.Source = nil, nil
				if g[k] != w[k] {
					t.Errorf("%s %s %d: Consume %+v; Analyse %+v", u.ID, m.ID, k, g[k], w[k])
				}
			}
		}
	}
}
