package analyse

import (
	"reflect"
	"testing"
	"time"

	"github.com/primed/primed/generator/report"
)

// TestWork counts a small extract whose answers were worked out by hand:
// items due on a month's last day, due on the last day of the upcoming
// window, closed the day they opened, closed on a month's last day, and
// with no due date.
func TestWork(t *testing.T) {
	top, svc, a, b := tree()
	review := &report.WorkType{ID: "review", Name: "Review"}
	ms := map[report.WorkStat]*report.Measure{}
	var measures []*report.Measure
	for _, s := range report.WorkStats {
		m := &report.Measure{ID: "review_" + string(s), UnitOfMeasure: report.Count, Kind: report.Stock, Aggregate: report.Sum, Scale: 1, Work: &report.WorkMeasure{Type: review, Stat: s}}
		if s == report.OnTime {
			m.UnitOfMeasure, m.Aggregate, m.Scale = report.Percent, report.Ratio, 100
		}
		ms[s] = m
		measures = append(measures, m)
	}
	item := func(id, opened, due, closed string) report.WorkItem {
		it := report.WorkItem{ID: id, Unit: a, Type: review, Opened: day(opened)}
		if due != "" {
			it.Due = day(due)
		}
		if closed != "" {
			it.Closed = day(closed)
		}
		return it
	}
	r := &report.Report{
		Config:   report.Config{YearStart: time.April, UpcomingDays: 28, SPC: report.SPCRules(DefaultSPC)},
		Units:    []*report.Unit{top, svc, a, b},
		Root:     top,
		Measures: measures,
		Work: []report.WorkItem{
			item("R1", "2026-09-10", "2026-09-30", ""),
			item("R2", "2026-09-15", "2026-10-28", "2026-09-15"),
			item("R3", "2026-08-01", "", ""),
			item("R4", "2026-09-20", "2026-10-28", "2026-10-31"),
			item("R5", "2026-10-31", "2026-11-29", ""),
			item("R6", "2026-09-01", "2026-09-20", "2026-10-01"),
			item("R7", "2026-10-02", "", "2026-10-05"),
		},
	}
	an, err := Analyse(r, p("2026-10"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[report.WorkStat]float64{
		// September ends on the 30th; the upcoming window runs to 28 October.
		"2026-09": {report.Outstanding: 4, report.Upcoming: 2, report.Overdue: 1, report.Opened: 4, report.Completed: 1, report.OnTime: 100},
		// October ends on the 31st; the window runs to 28 November.
		"2026-10": {report.Outstanding: 3, report.Upcoming: 0, report.Overdue: 1, report.Opened: 2, report.Completed: 3, report.OnTime: 0},
	}
	for per, stats := range want {
		for stat, v := range stats {
			for _, u := range []*report.Unit{a, svc, top} { // the roll-up adds nothing: b has no items
				var f Figure
				for _, g := range an.Series(u, ms[stat]) {
					if g.Period == p(per) {
						f = g
					}
				}
				if !f.HasValue || f.Value != v {
					t.Errorf("%s %s %s = %v (has %v); want %v", u.ID, stat, per, f.Value, f.HasValue, v)
				}
			}
		}
	}
	if f := an.Figure(a, ms[report.OnTime]); f.Numerator != 0 || f.Denominator != 2 {
		t.Errorf("on time in October = %v/%v; want 0/2", f.Numerator, f.Denominator)
	}
	if got, want := an.Of(top).Work, []WorkAges{{Type: review, Ages: [4]int{1, 1, 1, 0}}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Of(top).Work = %v; want %v", got, want)
	}
	if an.Reports(b, ms[report.Outstanding]) {
		t.Error("b, with no items, reports work measures")
	}
	// The extract starts in August: July is not a month of zeros.
	if len(an.Periods) != 3 || an.Periods[0] != p("2026-08") {
		t.Errorf("Periods = %v; want August to October", an.Periods)
	}

	// Figures the data gives for a work measure count too, but a month the
	// extract gives is the extract's.
	outstanding := ms[report.Outstanding]
	r.Data = report.FiguresOf(
		report.Observation{Period: p("2026-10"), Unit: b, Measure: outstanding, Value: 7},
		report.Observation{Period: p("2026-10"), Unit: a, Measure: outstanding, Value: 99},
	)
	if an, err = Consume(r, p("2026-10")); err != nil {
		t.Fatal(err)
	}
	if f := an.Figure(b, outstanding); !f.HasValue || f.Value != 7 {
		t.Errorf("b outstanding, from the data = %v (has %v); want 7", f.Value, f.HasValue)
	}
	if f := an.Figure(a, outstanding); !f.HasValue || f.Value != 3 {
		t.Errorf("a outstanding, from the extract = %v (has %v); want 3", f.Value, f.HasValue)
	}
}
