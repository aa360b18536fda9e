package analyse

import (
	"math"
	"testing"
	"time"

	"github.com/primed/primed/generator/report"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestFinanceAndActions(t *testing.T) {
	top, svc, a, b := tree()
	m := &report.Measure{ID: "m", Aggregate: report.Sum}
	f := func(v float64) *float64 { return &v }
	r := &report.Report{
		Config:   report.Config{YearStart: time.April},
		Units:    []*report.Unit{top, svc, a, b},
		Root:     top,
		Measures: []*report.Measure{m},
		Data:     []report.Observation{{Period: p("2026-10"), Unit: a, Measure: m, Value: 1}},
		Finance: []report.Spend{
			{Period: p("2026-03"), Unit: a, Category: "Staff", Budget: 999, Actual: 999}, // last financial year
			{Period: p("2026-09"), Unit: a, Category: "Staff", Budget: 100, Actual: 90},
			{Period: p("2026-10"), Unit: a, Category: "Staff", Budget: 100, Actual: 130, Forecast: f(1250)},
			{Period: p("2026-10"), Unit: b, Category: "Staff", Budget: 50, Actual: 50},
			{Period: p("2026-10"), Unit: b, Category: "Travel", Budget: 10, Actual: 5, Forecast: f(60)},
			{Period: p("2026-11"), Unit: b, Category: "Travel", Budget: 10, Actual: 500}, // after the snapshot
		},
		Actions: []report.Action{
			{ID: "late", Unit: a, Raised: day("2026-08-01"), Due: day("2026-10-30"), Status: report.Open},
			{ID: "ontime", Unit: b, Raised: day("2026-10-01"), Due: day("2026-10-31"), Status: report.Open},
			{ID: "nodue", Unit: b, Raised: day("2026-10-01"), Status: report.Open},
			{ID: "closed", Unit: a, Raised: day("2026-09-01"), Due: day("2026-09-10"), Status: report.Done, Closed: day("2026-10-05")},
			{ID: "old", Unit: a, Raised: day("2026-06-01"), Status: report.Done, Closed: day("2026-09-30")},
			{ID: "later", Unit: a, Raised: day("2026-11-02"), Status: report.Open},
			// Closed after the month: still open as at its end.
			{ID: "reopened", Unit: top, Raised: day("2026-09-01"), Due: day("2026-09-15"), Status: report.Done, Closed: day("2026-11-10")},
		},
	}
	an, err := Analyse(r, 0)
	if err != nil {
		t.Fatal(err)
	}
	fin := an.Of(svc).Finance
	lines, total := fin.Lines, fin.Total
	if len(lines) != 2 || lines[0].Category != "Staff" || lines[1].Category != "Travel" {
		t.Fatalf("Finance(svc) lines = %+v", lines)
	}
	staff := lines[0]
	if staff.Budget != 150 || staff.Actual != 180 || staff.YTDBudget != 250 || staff.YTDActual != 270 || staff.Variance() != 20 {
		t.Errorf("Staff = %+v; want month 150/180, year to date 250/270, variance 20", staff)
	}
	// Only one of Staff's two October lines gives a forecast: it is
	// projected from the year so far, 270 over 7 months.
	if !staff.Projected || math.Abs(staff.Forecast-270.0/7*12) > 1e-9 {
		t.Errorf("Staff forecast = %v (projected %v); want 270 ÷ 7 × 12 projected", staff.Forecast, staff.Projected)
	}
	if staff.RAG != Red {
		t.Errorf("Staff, 8%% over budget to date, rated %s; want red", staff.RAG)
	}
	if tr := lines[1]; tr.Projected || tr.Forecast != 60 || tr.RAG != Green {
		t.Errorf("Travel forecast = %v (projected %v), %s; want 60 as given, green", tr.Forecast, tr.Projected, tr.RAG)
	}
	if total.YTDActual != 275 || !total.Projected {
		t.Errorf("total = %+v; want 275 spent and a partly projected forecast", total)
	}
	profile := an.Of(svc).Finance.Profile
	if len(profile) != 7 || profile[5].Actual != 90 || profile[6].Actual != 275 || profile[6].Budget != 260 {
		t.Errorf("SpendProfile(svc) = %+v; want April to October, reaching 275 spent of 260", profile)
	}
	bySpend, byOver := topSpend(lines, 1)
	if len(bySpend) != 1 || bySpend[0].Category != "Staff" || len(byOver) != 1 || byOver[0].Category != "Staff" {
		t.Errorf("topSpend = %v, %v; want Staff both times", bySpend, byOver)
	}

	var ids []string
	for _, s := range an.Of(top).Actions {
		ids = append(ids, s.ID)
	}
	want := []string{"reopened", "late", "ontime", "nodue", "closed"}
	if len(ids) != len(want) {
		t.Fatalf("Actions(top) = %v; want %v", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("Actions(top) = %v; want %v", ids, want)
		}
	}
	acts := an.Of(top).Actions
	if !acts[0].Overdue || acts[0].OverdueDays != 46 || acts[0].Status != report.Open {
		t.Errorf("reopened = %+v; want open, overdue by 46 days at 31 October", acts[0])
	}
	if !acts[1].Overdue || acts[1].OverdueDays != 1 {
		t.Errorf("late = %+v; want overdue by 1 day", acts[1])
	}
	if acts[2].Overdue {
		t.Error("an action due on the month's last day is overdue; want not yet")
	}
	if !acts[4].ClosedNow {
		t.Error("an action closed in the month is not marked closed this month")
	}
	if n := len(an.Of(b).Actions); n != 2 {
		t.Errorf("Actions(b) = %d; want 2", n)
	}
}
