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
		Data:     report.FiguresOf(report.Observation{Period: p("2026-10"), Unit: a, Measure: m, Value: 1}),
		Finance: []report.Spend{
			{Period: p("2026-03"), Unit: a, Category: "Staff", Budget: 999, Actual: 999}, // last financial year
			{Period: p("2026-09"), Unit: a, Category: "Staff", Budget: 100, Actual: 90},
			{Period: p("2026-10"), Unit: a, Category: "Staff", Budget: 100, Actual: 130, Forecast: f(1250)},
			{Period: p("2026-10"), Unit: b, Category: "Staff", Budget: 50, Actual: 50},
			{Period: p("2026-10"), Unit: b, Category: "Travel", Budget: 10, Actual: 5, Forecast: f(60)},
			{Period: p("2026-11"), Unit: b, Category: "Travel", Budget: 10, Actual: 500}, // after the snapshot
			// A budget return gives no spend; a spend file gives no budget.
			{Period: p("2026-10"), Unit: a, Category: "Grants", Budget: 40, NoActual: true},
			{Period: p("2026-08"), Unit: b, Category: "Agency", Actual: 30, NoBudget: true},
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
	if len(lines) != 4 || lines[0].Category != "Staff" || lines[1].Category != "Travel" || lines[2].Category != "Grants" || lines[3].Category != "Agency" {
		t.Fatalf("Finance(svc) lines = %+v", lines)
	}
	staff := lines[0]
	if staff.Budget != 150 || staff.Actual != 180 || staff.YTD.Budget != 250 || staff.YTD.Actual != 270 || staff.Variance() != 20 {
		t.Errorf("Staff = %+v; want month 150/180, year to date 250/270, variance 20", staff)
	}
	// Only one of Staff's two October lines gives a forecast: it is
	// projected from the months that give spend, 270 over 2, not over 7.
	if !staff.Projected || staff.Months != 2 || math.Abs(staff.Forecast-270.0/2*12) > 1e-9 {
		t.Errorf("Staff forecast = %v (projected %v from %d months); want 270 ÷ 2 × 12 projected", staff.Forecast, staff.Projected, staff.Months)
	}
	if staff.RAG != Red {
		t.Errorf("Staff, 8%% over budget to date, rated %s; want red", staff.RAG)
	}
	grants, agency := lines[2], lines[3]
	if agency.YTD.HasBudget || agency.Rated() || agency.RAG != None || agency.HasActual || !agency.YTD.HasActual || agency.Forecast != 30*12 {
		t.Errorf("Agency, spend with no budget = %+v; want no budget, not rated, no spend this month, 360 projected from August", agency)
	}
	if grants.YTD.HasActual || grants.Rated() || grants.RAG != None || !grants.HasBudget || grants.HasForecast {
		t.Errorf("Grants, a budget with no spend = %+v; want not rated and no forecast", grants)
	}
	if tr := lines[1]; tr.Projected || tr.Forecast != 60 || tr.RAG != Green {
		t.Errorf("Travel forecast = %v (projected %v), %s; want 60 as given, green", tr.Forecast, tr.Projected, tr.RAG)
	}
	if total.YTD.Actual != 305 || !total.Projected || total.HasForecast {
		t.Errorf("total = %+v; want 305 spent and no forecast: Grants has none", total)
	}
	profile := an.Of(svc).Finance.Profile
	if len(profile) != 7 || profile[5].Actual != 120 || profile[6].Actual != 305 || profile[6].Budget != 300 {
		t.Errorf("SpendProfile(svc) = %+v; want April to October, reaching 305 spent of 300", profile)
	}
	for i, c := range profile {
		if want := i >= 4; c.Has != want {
			t.Errorf("%s has finance %v; want %v: only August to October have lines", c.Period, c.Has, want)
		}
	}
	bySpend, byOver := topSpend(lines, 1)
	if len(bySpend) != 1 || bySpend[0].Category != "Staff" || len(byOver) != 1 || byOver[0].Category != "Agency" {
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
