package generator_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/primed/primed/generator"
	"github.com/primed/primed/generator/publish"
	"github.com/primed/primed/generator/report"
)

// The end-to-end cases below are each a report folder written inline as a
// txtar archive, built into a site, with assertions on the pages and
// downloads it writes. Each covers a feature the golden sites do not. A
// case's files are added to e2eBase, replacing any of the same name.

const e2eBase = `
-- primed.yaml --
title: Test report
organisation: Test council
-- org.yaml --
levels:
  - {id: top, name: Board}
  - {id: team, name: Team}
units:
  - {id: board, name: The Board, level: top}
  - {id: east, name: East Team, level: team, parent: board}
  - {id: west, name: West Team, level: team, parent: board}
-- measures.yaml --
- {id: waiting, name: People waiting, unit: count, direction: down, kind: stock, aggregate: sum, category: workload}
- {id: reviews, name: Reviews on time, unit: percent, direction: up, kind: rate, aggregate: ratio, category: effectiveness}
`

// e2eSite is a built snapshot's files.
type e2eSite struct {
	t     *testing.T
	files map[string][]byte
}

// e2eReport is the report folder that e2eBase and archive make, a file of
// archive replacing one of e2eBase of the same name.
func e2eReport(archive string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, a := range []string{e2eBase, archive} {
		for _, f := range txtar.Parse([]byte(a)).Files {
			fsys[f.Name] = &fstest.MapFile{Data: f.Data}
		}
	}
	return fsys
}

// buildE2E builds the report that e2eBase and archive make, and returns its
// snapshot; it fails the test if the build does.
func buildE2E(t *testing.T, archive string) e2eSite {
	t.Helper()
	return buildFS(t, e2eReport(archive))
}

// buildFS builds the report folder fsys and returns its snapshot; it fails
// the test if the build does.
func buildFS(t *testing.T, fsys fstest.MapFS) e2eSite {
	t.Helper()
	out := t.TempDir()
	res, err := generator.Build(context.Background(), generator.Config{Report: fsys, Out: out})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return e2eSite{t, readTree(t, filepath.Join(out, res.Period.String()), all)}
}

// has checks that file holds every one of want.
func (s e2eSite) has(file string, want ...string) {
	s.t.Helper()
	b, ok := s.files[file]
	if !ok {
		s.t.Errorf("no %s in the snapshot", file)
		return
	}
	for _, w := range want {
		if !strings.Contains(string(b), w) {
			s.t.Errorf("%s lacks %q", file, w)
		}
	}
}

// lacks checks that file holds none of unwanted.
func (s e2eSite) lacks(file string, unwanted ...string) {
	s.t.Helper()
	b := s.files[file]
	for _, u := range unwanted {
		if strings.Contains(string(b), u) {
			s.t.Errorf("%s holds %q", file, u)
		}
	}
}

// A long export in Windows-1252, mapped through sources: with a lookup of
// its unit names, gives figures as data/*.csv would.
func TestE2ESourceLong(t *testing.T) {
	t.Parallel()
	s := buildE2E(t, `
-- primed.yaml --
title: Test report
sources:
  - files: raw/export.csv
    into: data
    shape: long
    encoding: windows-1252
    period: {column: Month, format: MM/YYYY}
    unit: {column: Team, lookup: {"East Côte": east, West: west}}
    measure: {column: Indicator, lookup: {Waiting list: waiting}}
    value: Count
-- raw/export.csv --
Month,Team,Indicator,Count
09/2026,East C`+"\xf4"+`te,Waiting list,12
10/2026,East C`+"\xf4"+`te,Waiting list,"1,204"
10/2026,West,Waiting list,..
`)
	s.has("board/east/index.html", "1,204", "People waiting")
	s.has("figures.csv", "2026-10,board,top,waiting,1204,")
	// West's ".." is a missing figure, never a zero: a return not
	// received. West was expected to report, and the board's card says so.
	s.has("figures.csv", "2026-10,west,team,waiting,,")
	s.lacks("figures.csv", "2026-10,west,team,waiting,0")
	s.has("board/west/index.html", "People waiting", "No return")
	s.has("board/index.html", "1 of 2 teams reported")
}

// Payments exported one row each, into finance through a transactions
// source, are added up by unit and category.
func TestE2ESourceTransactions(t *testing.T) {
	t.Parallel()
	s := buildE2E(t, `
-- primed.yaml --
title: Test report
sources:
  - files: raw/payments.csv
    into: finance
    shape: transactions
    period: {column: Paid, format: DD/MM/YYYY}
    unit: {column: Cost centre, lookup: {CC1: east, CC2: west}}
    category: {column: Expense type}
    actual: Amount
-- raw/payments.csv --
Paid,Cost centre,Expense type,Amount
02/10/2026,CC1,Agency staff,"£1,000.50"
15/10/2026,CC1,Agency staff,(200.50)
20/10/2026,CC2,Travel,45
`)
	// Payments give spend and no budget: the budget is not £0, and the
	// spend is not over it.
	s.has("board/east/finance.csv", "2026-10,east,Agency staff,,800.00,,800.00,,,none,")
	s.has("board/finance.csv", "2026-10,board,Agency staff,,800.00", "2026-10,board,Travel,,45.00", "2026-10,board,Total,,845.00")
	s.has("board/index.html", "The finance data gives no budget, so spend is not rated.", "No budget")
	s.lacks("board/index.html", ">£0<", "Over budget<", "rag-red")
}

// A budget return gives budgets and no spend: nothing is rated, no month
// reads £0 spent, and no outturn is projected from nothing.
func TestE2EBudgetReturn(t *testing.T) {
	t.Parallel()
	s := buildE2E(t, `
-- data/figures.csv --
period,unit,measure,value
2026-10,east,waiting,5
-- finance/budget.csv --
period,unit,category,budget
2026-09,east,Staffing,1000
2026-10,east,Staffing,1000
`)
	s.has("board/east/index.html", "against a budget to date of £2,000: the finance data gives no spend to rate against it.",
		"No forecast outturn for the year")
	s.has("board/east/finance.csv", "2026-10,east,Staffing,1000.00,,2000.00,,,,none,,false")
	s.lacks("board/east/index.html", ">£0<", "Within budget<", "Over budget<")
}

// Two sources share one declaration through a YAML anchor and merge key.
func TestE2ESharedSource(t *testing.T) {
	t.Parallel()
	s := buildE2E(t, `
-- primed.yaml --
title: Test report
sources:
  - &payments
    files: raw/p1.csv
    into: finance
    shape: transactions
    period: {column: Paid, format: DD/MM/YYYY}
    unit: {column: Cost centre}
    category: Expense type
    actual: Amount
  - <<: *payments
    files: raw/p2.csv
-- raw/p1.csv --
Paid,Cost centre,Expense type,Amount
02/10/2026,east,Travel,10
-- raw/p2.csv --
Paid,Cost centre,Expense type,Amount
03/10/2026,east,Travel,5.50
`)
	s.has("board/east/finance.csv", "2026-10,east,Travel,,15.50")
}

// A file about one organisation names its unit once, and a budget
// return reads budgets alone.
func TestE2EConstantUnitBudget(t *testing.T) {
	t.Parallel()
	s := buildE2E(t, `
-- primed.yaml --
title: Test report
sources:
  - files: raw/budget.csv
    into: finance
    shape: transactions
    period: {year: 2026-27, month: start}
    unit: {value: east}
    category: Service
    budget: Net budget
-- raw/budget.csv --
Service,Net budget
Home care,"1,200"
Day care,800
`)
	s.has("board/east/finance.csv", "2026-04,east,Home care,1200.00,,1200.00,,,,none,,false", "2026-04,east,Day care,800.00,")
	s.lacks("board/east/index.html", ">£0<")
}

// Each measure of a wide source may have a scale of its own.
func TestE2EWideScale(t *testing.T) {
	t.Parallel()
	s := buildE2E(t, `
-- primed.yaml --
title: Test report
sources:
  - files: raw/wide.csv
    into: data
    shape: wide
    period: 2026-10
    unit: Team
    measures:
      waiting: {column: Waiting (hundreds), scale: 100}
      reviews: Reviews %
-- raw/wide.csv --
Team,Waiting (hundreds),Reviews %
east,1.5,80
west,2,90
`)
	s.has("board/east/measures.csv", "2026-10,east,waiting,150,")
	s.has("board/east/measures.csv", "2026-10,east,reviews,80,")
}

// A report of finance alone needs no measures.yaml.
func TestE2EFinanceOnly(t *testing.T) {
	t.Parallel()
	fsys := e2eReport(`
-- finance/spend.csv --
period,unit,category,budget,actual
2026-10,east,Staffing,1000,900
`)
	delete(fsys, "measures.yaml")
	s := buildFS(t, fsys)
	s.has("board/east/finance.csv", "2026-10,east,Staffing,1000.00,900.00")
}

// A file with a column per unit, whose unknown units are created below a
// declared parent, gives each created unit a page of its own.
func TestE2ESourceUnitsAsColumns(t *testing.T) {
	t.Parallel()
	s := buildE2E(t, `
-- primed.yaml --
title: Test report
sources:
  - files: raw/by-team.csv
    into: data
    shape: units_as_columns
    period: 2026-10
    unit_columns: "^Team "
    unit: {create: board}
    measure: {columns: [Measure], lookup: {Waiting: waiting}}
-- raw/by-team.csv --
Measure,Team North,Team South
Waiting,7,9
`)
	s.has("board/team-north/index.html", "Team North", "People waiting")
	s.has("board/team-south/index.html", "Team South")
	s.has("board/index.html", ">16<")
}

// A rebase starts the process limits again, and the page says from when.
func TestE2ERebase(t *testing.T) {
	t.Parallel()
	var rows strings.Builder
	rows.WriteString("period,unit,measure,value\n")
	for i, v := range []string{"10", "11", "9", "10", "12", "10", "11", "9", "10", "11", "10", "12", "30", "31", "29", "30"} {
		p := report.NewPeriod(2025, time.July).Add(i)
		rows.WriteString(p.String() + ",east,waiting," + v + "\n")
	}
	s := buildE2E(t, `
-- measures.yaml --
- id: waiting
  name: People waiting
  unit: count
  direction: down
  kind: stock
  aggregate: sum
  category: workload
  rebase:
    - {period: 2026-07, note: new triage model}
-- data/figures.csv --
`+rows.String())
	s.has("board/east/index.html", "Limits start again from July 2026: new triage model.")
}

// history: sets how many months a snapshot shows.
func TestE2EHistory(t *testing.T) {
	t.Parallel()
	s := buildE2E(t, `
-- primed.yaml --
title: Test report
history: 2
-- data/figures.csv --
period,unit,measure,value
2026-08,east,waiting,5
2026-09,east,waiting,6
2026-10,east,waiting,7
`)
	s.has("figures.csv", "2026-09,", "2026-10,")
	s.lacks("figures.csv", "2026-08,")
	s.lacks("board/east/index.html", "August 2026")
}

// A report of work items alone, with no data or finance, counts the items
// into outstanding, overdue and completed work and publishes no item.
func TestE2EWorkOnly(t *testing.T) {
	t.Parallel()
	s := buildE2E(t, `
-- work/cases.csv --
id,unit,type,opened,due,closed
CASE-0001,east,Review,2026-09-01,2026-09-30,
CASE-0002,east,Review,2026-10-01,2026-12-31,
CASE-0003,west,Review,2026-09-15,2026-10-10,2026-10-05
`)
	s.has("board/east/index.html", "Outstanding", "Overdue")
	s.has("board/east/work.csv", "2026-10,east,Review,2,0,1,1,0,")
	for name, b := range s.files {
		if strings.Contains(string(b), "CASE-000") {
			t.Errorf("%s publishes a work item's id", name)
		}
	}
}

// A parent given a figure of its own shows it, not the roll-up, and says so
// with what its teams add up to.
func TestE2EOwnFigure(t *testing.T) {
	t.Parallel()
	s := buildE2E(t, `
-- data/figures.csv --
period,unit,measure,value
2026-10,east,waiting,5
2026-10,west,waiting,6
2026-10,board,waiting,20
2026-11,east,waiting,7
2026-11,west,waiting,6
`)
	// November: the board gives no figure, and none is made up from below.
	s.has("board/index.html", "No figure given for this unit this month; its teams add up to 13.")
	s.has("board/measures.csv", "2026-10,board,waiting,20,", "2026-11,board,waiting,,")
	s.lacks("figures.csv", "2026-11,board,top,waiting,13")
}

// A measure with no better direction is listed highest first, not "best";
// equal figures share a rank; and a team with nothing off target is not
// ranked for support, however many share its place.
func TestE2ELeague(t *testing.T) {
	t.Parallel()
	s := buildE2E(t, `
-- org.yaml --
levels:
  - {id: top, name: Board}
  - {id: team, name: Team}
units:
  - {id: board, name: The Board, level: top}
  - {id: east, name: East Team, level: team, parent: board}
  - {id: west, name: West Team, level: team, parent: board}
  - {id: north, name: North Team, level: team, parent: board}
-- measures.yaml --
- {id: calls, name: Calls taken, unit: count, direction: none, kind: flow, aggregate: sum, category: workload}
- {id: waiting, name: People waiting, unit: count, direction: down, kind: stock, aggregate: sum, category: workload}
-- data/figures.csv --
period,unit,measure,value
2026-10,east,calls,5
2026-10,west,calls,5
2026-10,north,calls,9
2026-10,east,waiting,3
2026-10,west,waiting,3
2026-10,north,waiting,1
`)
	s.has("measures/waiting/team.csv", "2026-10,north,team,waiting,1,1", "2026-10,east,team,waiting,2,3", "2026-10,west,team,waiting,2,3")
	s.has("measures/calls/index.html", "Teams by value, highest first, October 2026", "by team in October 2026, highest first.")
	s.lacks("measures/calls/index.html", "best first")
	s.has("measures/calls/team.csv", "2026-10,north,team,calls,–,9", "2026-10,east,team,calls,–,5")
	s.has("board/east/index.html", "Support need: none this month.")
	s.lacks("board/east/index.html", "ranked")
	s.has("board/support.csv", "2026-10,east,,0,")
}

// A narrative's image from the report folder is copied into the snapshot
// and shown from there.
func TestE2ENarrativeImage(t *testing.T) {
	t.Parallel()
	png := "\x89PNG\r\n\x1a\n" + strings.Repeat("\x00", 16)
	s := buildE2E(t, `
-- data/figures.csv --
period,unit,measure,value
2026-10,east,waiting,5
-- narratives/2026-10/east.md --
---
author: A. Manager
headline: A good month
---
The chart: ![waiting list](img/chart.png)
-- narratives/2026-10/img/chart.png --
`+png)
	var img string
	for name := range s.files {
		if strings.HasPrefix(name, "assets/img/") && strings.HasSuffix(name, ".png") {
			img = name
		}
	}
	if img == "" {
		t.Fatal("the image was not copied into the snapshot")
	}
	s.has("board/east/index.html", "A good month", `src="../../`+img+`"`, `alt="waiting list"`)
}

// BuildAll backfills every month of the data the site does not hold, in
// one change, and then only the months that are new.
func TestBuildAll(t *testing.T) {
	t.Parallel()
	fsys := e2eReport(`
-- data/figures.csv --
period,unit,measure,value
2026-07,east,waiting,4
2026-08,east,waiting,5
2026-09,east,waiting,6
`)
	out := filepath.Join(t.TempDir(), "site")
	cfg := generator.Config{Report: fsys, Out: out}
	months := func(results []generator.Result) []string {
		var list []string
		for _, r := range results {
			if r.Changed {
				list = append(list, r.Period.String())
			}
		}
		return list
	}
	results, err := generator.BuildAll(context.Background(), cfg)
	if err != nil || strings.Join(months(results), " ") != "2026-07 2026-08 2026-09" {
		t.Fatalf("BuildAll = %v, %v; want three months built", months(results), err)
	}
	if problems, err := publish.Verify(out); err != nil || len(problems) > 0 {
		t.Errorf("Verify = %v, %v", problems, err)
	}
	latest := readTree(t, filepath.Join(out, "latest"), all)
	if !strings.Contains(string(latest["index.html"]), "September 2026") {
		t.Error("latest/ is not September's snapshot")
	}
	if results, err := generator.BuildAll(context.Background(), cfg); err != nil || len(results) != 0 {
		t.Errorf("BuildAll again = %v, %v; want nothing built", months(results), err)
	}
	fsys["data/figures.csv"].Data = append(fsys["data/figures.csv"].Data, "2026-10,east,waiting,7\n"...)
	if results, err := generator.BuildAll(context.Background(), cfg); err != nil || strings.Join(months(results), " ") != "2026-10" {
		t.Errorf("BuildAll with a new month = %v, %v; want only 2026-10", months(results), err)
	}
}

// A report of yearly figures alone is backfilled with a snapshot for each
// year, at its last month, named for the year on its pages.
func TestBuildAllYearly(t *testing.T) {
	t.Parallel()
	fsys := e2eReport(`
-- measures.yaml --
- {id: survey, name: Satisfied, unit: percent, direction: up, kind: rate, aggregate: mean, category: outcome, frequency: year}
-- data/figures.csv --
period,unit,measure,value
2023-24,east,survey,61.25
2024-25,east,survey,..
2024/25,west,survey,70
`)
	out := filepath.Join(t.TempDir(), "site")
	results, err := generator.BuildAll(context.Background(), generator.Config{Report: fsys, Out: out})
	var got []string
	for _, r := range results {
		got = append(got, r.Period.String())
	}
	if err != nil || strings.Join(got, " ") != "2024-03 2025-03" {
		t.Fatalf("BuildAll = %v, %v; want the two years' snapshots, 2024-03 and 2025-03", got, err)
	}
	s := e2eSite{t, readTree(t, filepath.Join(out, "2025-03"), all)}
	s.has("board/east/index.html", "East Team – 2024-25 –", "No return", "2023-24")
	s.lacks("board/east/index.html", "March 2025", "this month")
	s.has("figures.csv", "2024-25,east,team,survey,,", "2023-24,east,team,survey,61.25,", "2024-25,board,top,survey,70,")
}
