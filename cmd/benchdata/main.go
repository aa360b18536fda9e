// Command benchdata writes a valid report folder of any size, for
// measuring primed: units over four levels, measures of every unit of
// measure, kind and aggregate, months of long-form data, finance, work
// items, targets, actions and narratives. The same flags always write the
// same bytes.
//
//	go run ./cmd/benchdata -size M -out /tmp/bench-m
//	go run ./cmd/benchdata -units 1000 -months 36 -out /tmp/bench-1000
//
// Sizes: S is 250 units, 40 measures and 24 months; M is 2,000 units, 40
// measures and 36 months; N is 8,000 units, 40 measures and 60 months
// (about 19 million rows of data).
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/primed/primed/generator/report"
)

// size is a named workload.
type size struct {
	units, measures, months int
}

var sizes = map[string]size{
	"S": {250, 40, 24},
	"M": {2000, 40, 36},
	"N": {8000, 40, 60},
}

// latest is the last month of every workload's data.
var latest = report.NewPeriod(2026, time.October)

// workMeasures is how many measures a work type adds (outstanding,
// upcoming, overdue, opened, completed, on time).
const workMeasures = 6

func main() {
	named := flag.String("size", "", "a named workload: S, M or N")
	units := flag.Int("units", 0, "the number of units (at least 4)")
	measures := flag.Int("measures", 40, "the number of measures, 6 of them from work items (at least 7)")
	months := flag.Int("months", 36, "the number of months of data")
	out := flag.String("out", "", "the report `folder` to write, which must not exist")
	flag.Parse()
	s := size{*units, *measures, *months}
	if *named != "" {
		var ok bool
		if s, ok = sizes[strings.ToUpper(*named)]; !ok {
			fail(fmt.Errorf("-size %q: expected S, M or N", *named))
		}
	}
	switch {
	case *out == "":
		fail(errors.New("-out is required"))
	case s.units < 4:
		fail(errors.New("-units must be at least 4, or give -size"))
	case s.measures < workMeasures+1:
		fail(fmt.Errorf("-measures must be at least %d", workMeasures+1))
	case s.months < 1 || s.months > 600:
		fail(errors.New("-months must be 1 to 600"))
	}
	if _, err := os.Stat(*out); err == nil {
		fail(fmt.Errorf("%s exists; benchdata writes only a new folder", *out))
	}
	if err := write(*out, s); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchdata:", err)
	os.Exit(1)
}

// unit is one unit of the organisation.
type unit struct {
	id, name, level, parent string
}

// organisation makes n units: one department, about n/100 services, about
// n/10 groups, and teams for the rest, each spread evenly over the level
// above.
func organisation(n int) []unit {
	services := max(1, n/100)
	groups := max(services, n/10)
	teams := n - 1 - services - groups
	if teams < 1 {
		groups = n - 2 - services
		teams = 1
	}
	units := []unit{{id: "council", name: "Adult Social Care", level: "department"}}
	for i := range services {
		units = append(units, unit{fmt.Sprintf("s%d", i+1), fmt.Sprintf("Service %d", i+1), "service", "council"})
	}
	for i := range groups {
		units = append(units, unit{fmt.Sprintf("g%d", i+1), fmt.Sprintf("Group %d", i+1), "group", fmt.Sprintf("s%d", i%services+1)})
	}
	for i := range teams {
		units = append(units, unit{fmt.Sprintf("t%d", i+1), fmt.Sprintf("Team %d", i+1), "team", fmt.Sprintf("g%d", i%groups+1)})
	}
	return units
}

// measure is one declared measure and how its figures are made up.
type measure struct {
	id, name, unit, direction, kind, aggregate string
	scale                                      float64
	base, noise, den                           float64 // typical value (or proportion), spread, denominator
	target, tolerance                          float64 // for teams; 0 for none
}

// kinds are the shapes measures take in turn: every unit of measure,
// kind and aggregate, with both directions and none.
var kinds = []measure{
	{unit: "count", direction: "down", kind: "stock", aggregate: "sum", base: 40, noise: 6, target: 40, tolerance: 10},
	{unit: "percent", direction: "up", kind: "rate", aggregate: "ratio", scale: 100, base: 0.75, noise: 0.06, den: 50, target: 75, tolerance: 5},
	{unit: "count", direction: "up", kind: "flow", aggregate: "sum", base: 180, noise: 25},
	{unit: "days", direction: "down", kind: "rate", aggregate: "mean", base: 21, noise: 4, target: 21, tolerance: 3},
	{unit: "currency", direction: "down", kind: "rate", aggregate: "ratio", scale: 1, base: 505, noise: 12, den: 30, target: 520, tolerance: 10},
	{unit: "number", direction: "up", kind: "stock", aggregate: "min", base: 7, noise: 1.5},
	{unit: "number", direction: "down", kind: "stock", aggregate: "max", base: 12, noise: 3, target: 15, tolerance: 2},
	{unit: "count", direction: "none", kind: "stock", aggregate: "last", base: 300, noise: 20},
	{unit: "percent", direction: "down", kind: "rate", aggregate: "ratio", scale: 100, base: 0.12, noise: 0.03, den: 80, target: 10, tolerance: 3},
	{unit: "number", direction: "up", kind: "rate", aggregate: "ratio", scale: 100000, base: 0.0004, noise: 0.00005, den: 31000},
}

func declare(n int) []measure {
	ms := make([]measure, n)
	for i := range ms {
		m := kinds[i%len(kinds)]
		m.id = fmt.Sprintf("m%02d", i+1)
		m.name = fmt.Sprintf("Measure %d (%s, %s)", i+1, m.unit, m.aggregate)
		ms[i] = m
	}
	return ms
}

// write writes the report folder for s into out.
func write(out string, s size) error {
	units := organisation(s.units)
	measures := declare(s.measures - workMeasures)
	first := latest.Add(-(s.months - 1))
	rng := rand.New(rand.NewPCG(1, uint64(s.units)))
	for _, step := range []func() error{
		func() error { return writePrimed(out) },
		func() error { return writeOrg(out, units) },
		func() error { return writeMeasures(out, measures) },
		func() error { return writeTargets(out, measures) },
		func() error { return writeData(out, units, measures, first, rng) },
		func() error { return writeFinance(out, units, first, rng) },
		func() error { return writeWork(out, units, first, rng) },
		func() error { return writeActions(out, units) },
		func() error { return writeNarratives(out, units) },
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// create opens name under out for writing, with its folder, and hands
// fill a buffered writer.
func create(out, name string, fill func(w *bufio.Writer)) error {
	p := filepath.Join(out, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fill(w)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writePrimed(out string) error {
	return create(out, "primed.yaml", func(w *bufio.Writer) {
		w.WriteString(`title: Benchmark Performance Report
organisation: Benchmark Council
year_start: April
locale: en-GB
currency: GBP
suppression: 5
colour: "#1d70b8"
history: 600
base_url: https://performance.bench.example/
`)
	})
}

func writeOrg(out string, units []unit) error {
	return create(out, "org.yaml", func(w *bufio.Writer) {
		w.WriteString("levels:\n  - {id: department, name: Department}\n  - {id: service, name: Service}\n  - {id: group, name: Group}\n  - {id: team, name: Team}\nunits:\n")
		for i, u := range units {
			fmt.Fprintf(w, "  - id: %s\n    name: %s\n    level: %s\n", u.id, u.name, u.level)
			if u.parent != "" {
				fmt.Fprintf(w, "    parent: %s\n", u.parent)
			}
			fmt.Fprintf(w, "    manager: {name: Manager %d, email: manager%d@bench.example}\n", i+1, i+1)
		}
	})
}

func writeMeasures(out string, measures []measure) error {
	return create(out, "measures.yaml", func(w *bufio.Writer) {
		for _, m := range measures {
			fmt.Fprintf(w, "- id: %s\n  name: %s\n  description: A benchmark measure.\n  unit: %s\n  decimals: 1\n  direction: %s\n  kind: %s\n  aggregate: %s\n  category: workload\n",
				m.id, m.name, m.unit, m.direction, m.kind, m.aggregate)
			if m.aggregate == "ratio" {
				fmt.Fprintf(w, "  numerator: Numerator of %s\n  denominator: Denominator of %s\n  scale: %s\n", m.id, m.id, strconv.FormatFloat(m.scale, 'f', -1, 64))
			}
		}
	})
}

func writeTargets(out string, measures []measure) error {
	return create(out, "targets.yaml", func(w *bufio.Writer) {
		w.WriteString("# Team targets only: the levels above are rated by their own targets where given.\n")
		for _, m := range measures {
			if m.target != 0 {
				fmt.Fprintf(w, "- measure: %s\n  level: team\n  target: %g\n  tolerance: %g\n", m.id, m.target, m.tolerance)
			}
		}
	})
}

// teams are the units with nothing below them, which the data is about.
func teams(units []unit) []unit {
	var ts []unit
	for _, u := range units {
		if u.level == "team" {
			ts = append(ts, u)
		}
	}
	return ts
}

// writeData writes the monthly figures of every team, one file per
// calendar year, as exports often come: a year of N is about 60 MB, under
// the most primed reads from one file.
func writeData(out string, units []unit, measures []measure, first report.Period, rng *rand.Rand) error {
	years := map[int]*bufio.Writer{}
	var files []*os.File
	for y := first.Year(); y <= latest.Year(); y++ {
		p := filepath.Join(out, "data", fmt.Sprintf("measures-%d.csv", y))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		files = append(files, f)
		years[y] = bufio.NewWriterSize(f, 1<<20)
		years[y].WriteString("period,unit,measure,value,numerator,denominator\n")
	}
	fill(units, measures, first, rng, func(p report.Period) *bufio.Writer { return years[p.Year()] })
	var err error
	for i, f := range files {
		if e := years[first.Year()+i].Flush(); e != nil && err == nil {
			err = e
		}
		if e := f.Close(); e != nil && err == nil {
			err = e
		}
	}
	return err
}

// fill writes every team's figures, each row to the writer for its month.
func fill(units []unit, measures []measure, first report.Period, rng *rand.Rand, writer func(report.Period) *bufio.Writer) {
	for ti, u := range teams(units) {
		for mi, m := range measures {
			level := 1 + 0.3*math.Sin(float64(ti*7+mi))
			for p := first; p <= latest; p = p.Add(1) {
				// A few gaps, as real returns have.
				if (ti+mi+int(p))%97 == 0 {
					continue
				}
				w := writer(p)
				w.WriteString(p.String())
				w.WriteByte(',')
				w.WriteString(u.id)
				w.WriteByte(',')
				w.WriteString(m.id)
				w.WriteByte(',')
				v := m.base*level + m.noise*rng.NormFloat64()
				if m.aggregate == "ratio" {
					den := math.Max(1, math.Round(m.den*level+m.den*0.1*rng.NormFloat64()))
					num := math.Min(den, math.Max(0, math.Round(v*den)))
					if m.scale != 100 {
						num = math.Max(0, math.Round(v*den*100)/100)
					}
					fmt.Fprintf(w, ",%g,%g\n", num, den)
					continue
				}
				if m.unit == "count" {
					v = math.Max(0, math.Round(v))
				} else {
					v = math.Max(0, math.Round(v*10)/10)
				}
				w.WriteString(strconv.FormatFloat(v, 'f', -1, 64))
				w.WriteString(",,\n")
			}
		}
	}
}

var categories = []string{"Staffing", "Agency staff", "Commissioned care", "Transport", "Supplies"}

func writeFinance(out string, units []unit, first report.Period, rng *rand.Rand) error {
	return create(out, "finance/finance.csv", func(w *bufio.Writer) {
		w.WriteString("period,unit,category,budget,actual\n")
		for ti, u := range teams(units) {
			for ci, c := range categories {
				budget := float64(1000 * (5 + (ti*3+ci*11)%40))
				for p := first; p <= latest; p = p.Add(1) {
					actual := budget * (1 + 0.08*rng.NormFloat64())
					fmt.Fprintf(w, "%s,%s,%s,%.0f,%.2f\n", p, u.id, c, budget, actual)
				}
			}
		}
	})
}

func writeWork(out string, units []unit, first report.Period, rng *rand.Rand) error {
	start := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(latest.Year(), latest.Month()+1, 0, 0, 0, 0, 0, time.UTC)
	days := int(end.Sub(start).Hours() / 24)
	return create(out, "work/cases.csv", func(w *bufio.Writer) {
		w.WriteString("id,unit,type,opened,due,closed\n")
		for ti, u := range teams(units) {
			for i := range 20 {
				opened := start.AddDate(0, 0, rng.IntN(days+1))
				due := opened.AddDate(0, 0, 28)
				closed := ""
				if c := opened.AddDate(0, 0, 5+rng.IntN(60)); !c.After(end) && i%5 != 0 {
					closed = c.Format(time.DateOnly)
				}
				fmt.Fprintf(w, "W-%d-%d,%s,Assessment,%s,%s,%s\n", ti+1, i+1, u.id, opened.Format(time.DateOnly), due.Format(time.DateOnly), closed)
			}
		}
	})
}

func writeActions(out string, units []unit) error {
	return create(out, "actions.yaml", func(w *bufio.Writer) {
		for i, u := range units {
			if u.level != "service" && u.level != "department" {
				continue
			}
			for j := range 3 {
				status, closed := "open", ""
				if j == 2 {
					status, closed = "done", "\n  closed: 2026-09-30"
				}
				fmt.Fprintf(w, "- id: A-%d-%d\n  unit: %s\n  meeting: Performance meeting, 15 September 2026\n  raised: 2026-09-15\n  owner: Manager %d\n  due: 2026-1%d-30\n  status: %s%s\n  text: Bring measure m%02d back within its target.\n",
					i+1, j+1, u.id, i+1, j, status, closed, j+1)
			}
		}
	})
}

func writeNarratives(out string, units []unit) error {
	for i, u := range units {
		if i%4 != 0 && u.level == "team" {
			continue // a quarter of teams write commentary; every unit above does
		}
		err := create(out, "narratives/"+latest.String()+"/"+u.id+".md", func(w *bufio.Writer) {
			fmt.Fprintf(w, "---\nauthor: Manager %d\nstatus: final\nheadline: %s held steady this month.\n---\n", i+1, u.name)
			fmt.Fprintf(w, "Waiting times for %s are **stable**. We have:\n\n- cleared the backlog of reviews;\n- recruited two social workers.\n\nNext month we expect demand to rise as winter begins.\n", u.name)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
