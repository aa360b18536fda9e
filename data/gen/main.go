// Command gen writes the sample report's monthly data and finance CSVs.
//
// The sample is fictional but shaped like a real county's adult social
// care returns. The generator is deterministic (a fixed seed), so running
// it again rewrites the same files; the files themselves are committed so
// that users can read them as the worked example of the format.
//
//	go run ./data/gen
package main

import (
	"encoding/csv"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/primed/primed/generator/load"
	"github.com/primed/primed/generator/report"
)

// The sample's months: 24, ending with the latest reported month.
var (
	first  = report.NewPeriod(2024, time.November)
	latest = report.NewPeriod(2026, time.October)
)

// The sample's imperfections, as real data has them.
var (
	missingUnit   = "west"                             // West sent nothing for one month
	missingPeriod = report.NewPeriod(2026, time.March) //
	shiftUnit     = "north"                            // North's new triage lifted timeliness
	shiftPeriod   = report.NewPeriod(2026, time.March) //
)

// profile is how one measure behaves in one team: its typical level and noise.
type profile struct {
	base  float64 // typical value, or typical proportion for ratios
	noise float64 // month-to-month spread
	trend float64 // change per month
	den   float64 // typical denominator, for ratios
}

// measureSets says which measures each kind of team reports.
var measureSets = map[string]map[string]profile{
	"locality": {
		"waiting_assessment": {base: 42, noise: 6, trend: -0.3},
		"reviews_overdue":    {base: 35, noise: 5, trend: 0.2},
		"new_contacts":       {base: 180, noise: 20},
		"assessments_28d":    {base: 0.72, noise: 0.05, den: 45},
		"home_care_cost":     {base: 505, noise: 12, trend: 1.2},
		"res_admissions_65":  {base: 0.00044, noise: 0.00005, den: 31000},
		"direct_payments":    {base: 0.27, noise: 0.015, den: 620},
	},
	"safeguarding-hub": {
		"safeguarding_concerns":  {base: 260, noise: 30, trend: 1.5},
		"safeguarding_timescale": {base: 0.84, noise: 0.04, den: 70},
		"msp_outcomes":           {base: 0.92, noise: 0.03, den: 55},
	},
	"dols": {
		"dols_waiting": {base: 135, noise: 10, trend: -0.8},
	},
	"quality-assurance": {
		"safeguarding_timescale": {base: 0.88, noise: 0.05, den: 20},
	},
	"hospital-discharge": {
		"discharge_2days": {base: 0.79, noise: 0.05, den: 140},
		"new_contacts":    {base: 150, noise: 15},
	},
	"reablement": {
		"reablement_91d":         {base: 0.81, noise: 0.04, den: 40},
		"reablement_independent": {base: 0.56, noise: 0.05, den: 50},
	},
	"occupational-therapy": {
		"waiting_assessment": {base: 55, noise: 7, trend: 0.6},
		"new_contacts":       {base: 90, noise: 12},
	},
	"specialist": {
		"waiting_assessment": {base: 18, noise: 4},
		"reviews_overdue":    {base: 22, noise: 4, trend: -0.2},
		"assessments_28d":    {base: 0.70, noise: 0.07, den: 14},
		"direct_payments":    {base: 0.36, noise: 0.02, den: 240},
		"home_care_cost":     {base: 560, noise: 15},
	},
}

// teamKind maps each team to its measure set.
var teamKind = map[string]string{
	"north": "locality", "south": "locality", "east": "locality", "west": "locality",
	"safeguarding-hub": "safeguarding-hub", "dols": "dols", "quality-assurance": "quality-assurance",
	"hospital-discharge": "hospital-discharge", "reablement-north": "reablement", "reablement-south": "reablement",
	"occupational-therapy": "occupational-therapy",
	"mental-health":        "specialist", "learning-disability": "specialist", "transitions": "specialist",
}

// financeLines are the budget lines every team has, with a typical monthly budget per FTE.
var financeLines = []struct {
	category string
	perFTE   float64
	teams    string // "all", or the kind of team that has the line
}{
	{"Staffing", 3900, "all"},
	{"Agency staff", 450, "all"},
	{"Care packages", 21000, "care"},
	{"Equipment and adaptations", 5200, "occupational-therapy"},
	{"Travel", 160, "all"},
	{"Supplies and services", 120, "all"},
}

func main() {
	dir := "data/sample"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	// The data is rewritten whole: read the folder without the old files.
	for _, old := range []string{"data", "finance", "work"} {
		if err := os.RemoveAll(filepath.Join(dir, old)); err != nil {
			log.Fatal(err)
		}
	}
	r, err := load.Report(os.DirFS(dir), load.Options{})
	if err != nil {
		log.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(2026, 10))
	if err := writeData(filepath.Join(dir, "data", "measures.csv"), r, rng); err != nil {
		log.Fatal(err)
	}
	if err := writeFinance(filepath.Join(dir, "finance", "finance.csv"), r, rng); err != nil {
		log.Fatal(err)
	}
	if err := writeWork(filepath.Join(dir, "work", "cases.csv"), r, rng); err != nil {
		log.Fatal(err)
	}
}

// extracted is the day the sample's work extract was taken: items closed
// after it are still open in the extract.
var extracted = time.Date(2026, time.November, 20, 0, 0, 0, 0, time.UTC)

// workTypes says what kinds of work each kind of team has: items a month
// for a team of 8 FTE, the days allowed, and how long items typically
// take as a share of that.
var workTypes = map[string][]struct {
	name  string
	rate  float64
	sla   int
	speed float64
}{
	"locality":             {{"Care Act assessment", 20, 28, 0.9}, {"Annual review", 14, 56, 1.1}},
	"specialist":           {{"Care Act assessment", 8, 28, 1.1}, {"Annual review", 10, 56, 0.9}},
	"safeguarding-hub":     {{"Safeguarding enquiry", 22, 28, 0.85}},
	"quality-assurance":    {{"Safeguarding enquiry", 6, 28, 0.8}},
	"dols":                 {{"DoLS assessment", 18, 21, 1.0}},
	"hospital-discharge":   {{"Discharge assessment", 40, 2, 0.9}},
	"reablement":           {{"Reablement episode", 16, 42, 0.95}},
	"occupational-therapy": {{"OT assessment", 15, 28, 1.15}},
}

// writeWork writes an item-level extract: a few thousand cases, reviews
// and assessments with the dates they were opened, due and closed.
func writeWork(name string, r *report.Report, rng *rand.Rand) error {
	rows := [][]string{{"id", "unit", "type", "opened", "due", "closed"}}
	seq := 0
	for _, u := range r.Units {
		if !u.IsLeaf() {
			continue
		}
		prefix := strings.ToUpper(strings.ReplaceAll(u.ID, "-", ""))[:3]
		for _, wt := range workTypes[teamKind[u.ID]] {
			for p := first; p <= latest.Add(1); p = p.Add(1) {
				if !u.Active.Contains(p) {
					continue
				}
				n := int(math.Round(wt.rate * size(u) * (1 + rng.NormFloat64()*0.15)))
				for range max(n, 0) {
					seq++
					opened := time.Date(p.Year(), p.Month(), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
					if opened.After(extracted) {
						continue
					}
					due := opened.AddDate(0, 0, wt.sla)
					days := int(math.Round(float64(wt.sla) * wt.speed * rng.ExpFloat64()))
					closed := opened.AddDate(0, 0, days)
					row := []string{fmt.Sprintf("NC-%s-%06d", prefix, seq), u.ID, wt.name, opened.Format(time.DateOnly), due.Format(time.DateOnly), ""}
					if rng.IntN(20) == 0 {
						row[4] = "" // no due date recorded
					}
					if !closed.After(extracted) {
						row[5] = closed.Format(time.DateOnly)
					}
					rows = append(rows, row)
				}
			}
		}
	}
	return writeCSV(name, rows)
}

func writeCSV(name string, rows [][]string) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func reports(u *report.Unit, p report.Period) bool {
	return u.IsLeaf() && u.Active.Contains(p) && !(u.ID == missingUnit && p == missingPeriod)
}

func writeData(name string, r *report.Report, rng *rand.Rand) error {
	rows := [][]string{{"period", "unit", "measure", "value", "numerator", "denominator"}}
	for _, u := range r.Units {
		if !u.IsLeaf() {
			continue
		}
		set := measureSets[teamKind[u.ID]]
		for _, m := range r.Measures {
			pr, ok := set[m.ID]
			common := commonProfile(m.ID, u)
			if !ok && common == nil {
				continue
			}
			if !ok {
				pr = *common
			}
			scale := size(u)
			for p, i := first, 0; p <= latest; p, i = p.Add(1), i+1 {
				if !reports(u, p) {
					continue
				}
				level := pr.base + pr.trend*float64(i)
				if u.ID == shiftUnit && m.ID == "assessments_28d" && p >= shiftPeriod {
					level += 0.15
				}
				noise := rng.NormFloat64() * pr.noise
				if pr.den > 0 {
					den := math.Max(1, math.Round(pr.den*scale*(1+rng.NormFloat64()*0.08)))
					prop := math.Min(1, math.Max(0, level+noise))
					if m.ID == "sickness_days" {
						den = u.Staff
						prop = math.Max(0, level+noise)
					}
					num := math.Round(prop * den)
					if m.ID == "sickness_days" {
						num = math.Round(prop*den*2) / 2
					}
					rows = append(rows, []string{p.String(), u.ID, m.ID, "", fmtNum(num), fmtNum(den)})
					continue
				}
				v := math.Max(0, level+noise)
				switch m.UnitOfMeasure {
				case report.Count:
					v = math.Round(v * scale)
				case report.Currency:
					v = math.Round(v*100) / 100 // per FTE or per package: not scaled
				}
				rows = append(rows, []string{p.String(), u.ID, m.ID, fmtNum(v), "", ""})
			}
		}
	}
	return writeCSV(name, rows)
}

// commonProfile is how the measures every team reports behave.
func commonProfile(id string, u *report.Unit) *profile {
	switch id {
	case "supervision":
		return &profile{base: 0.88, noise: 0.06, den: u.Staff}
	case "sickness_days":
		return &profile{base: 0.75, noise: 0.3, den: u.Staff}
	case "agency_spend":
		return &profile{base: 900 * u.Staff, noise: 250 * u.Staff}
	case "complaints":
		return &profile{base: 1.5, noise: 1.2}
	}
	return nil
}

// size scales a team's counts with its staff.
func size(u *report.Unit) float64 { return u.Staff / 8 }

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func writeFinance(name string, r *report.Report, rng *rand.Rand) error {
	rows := [][]string{{"period", "unit", "category", "budget", "actual", "forecast"}}
	for _, u := range r.Units {
		if !u.IsLeaf() {
			continue
		}
		kind := teamKind[u.ID]
		pressure := 1 + rng.NormFloat64()*0.04 // some teams run hot, some cold
		for _, line := range financeLines {
			switch line.teams {
			case "all":
			case "care":
				if kind != "locality" && kind != "specialist" {
					continue
				}
			default:
				if kind != line.teams {
					continue
				}
			}
			budget := math.Round(line.perFTE * u.Staff)
			var ytdActual float64
			for p := first; p <= latest; p = p.Add(1) {
				if !u.Active.Contains(p) {
					continue
				}
				if p.Month() == time.April {
					ytdActual = 0
				}
				actual := budget * pressure * (1 + rng.NormFloat64()*0.06)
				if line.category == "Agency staff" {
					actual = budget * pressure * (1.2 + rng.NormFloat64()*0.35)
				}
				actual = math.Round(actual*100) / 100
				ytdActual += actual
				months := float64(int(p-p.YearStart(time.April)) + 1)
				forecast := math.Round(ytdActual/months*12*100) / 100
				rows = append(rows, []string{p.String(), u.ID, line.category, fmtNum(budget), fmtNum(actual), fmtNum(forecast)})
			}
		}
	}
	return writeCSV(name, rows)
}
