package render

import (
	"fmt"
	"strconv"

	"github.com/primed/primed/generator/chart"
	"github.com/primed/primed/generator/report"
)

// workView is a unit's outstanding, upcoming and completed work, derived
// from the work extract: one row per type of work.
type workView struct {
	Heads []string // the figures' column heads
	Rows  []workRow
	Ages  []ageRow
	Bands []string
	Chart chartView
	CSV   string
}

type workRow struct {
	Name  string
	Cells []workCell
}

type workCell struct {
	Value string
	RAG   ragView
	Href  string
	Empty bool
}

type ageRow struct {
	Name   string
	Counts []string
}

var bandNames = []string{"0 to 28 days", "29 to 90 days", "91 to 180 days", "Over 180 days"}

func (s *snapshot) work(u *report.Unit, dir string) (*workView, error) {
	types := s.a.Of(u).Work
	if len(types) == 0 {
		return nil, nil
	}
	v := &workView{Bands: bandNames, CSV: "work.csv"}
	for _, stat := range report.WorkStats {
		v.Heads = append(v.Heads, statHead(stat, s.a.Config.UpcomingDays))
	}
	csv := [][]string{{"period", "unit", "type", "outstanding", "upcoming", "overdue", "opened", "completed", "on_time", "age_0_28", "age_29_90", "age_91_180", "age_over_180"}}
	bands := make([][]*float64, len(bandNames))
	var labels []string
	for _, w := range types {
		wt := w.Type
		row := workRow{Name: wt.Name}
		line := []string{s.site.PeriodID, u.ID, wt.Name}
		for _, stat := range report.WorkStats {
			m := s.workMeasure(wt, stat)
			f := s.a.Figure(u, m)
			cell := workCell{Value: "No data", RAG: rag(f), Href: "#m-" + m.ID, Empty: !f.HasValue}
			if f.HasValue {
				cell.Value = s.show(f)
			}
			row.Cells = append(row.Cells, cell)
			line = append(line, s.csvValue(f))
		}
		v.Rows = append(v.Rows, row)
		ages := w.Ages
		ar := ageRow{Name: wt.Name}
		labels = append(labels, wt.Name)
		for i, n := range ages {
			shown := strconv.Itoa(n)
			if s.a.Config.Suppression > 0 && n < s.a.Config.Suppression {
				shown = hidden(s.a.Config)
				bands[i] = append(bands[i], nil)
			} else {
				f := float64(n)
				bands[i] = append(bands[i], &f)
			}
			ar.Counts = append(ar.Counts, shown)
			line = append(line, shown)
		}
		v.Ages = append(v.Ages, ar)
		csv = append(csv, line)
	}
	var series []chart.Series
	for i, name := range bandNames {
		series = append(series, chart.Series{Name: name, Values: bands[i]})
	}
	option, err := s.charts.Bar(labels, chart.Axis{}, chart.Palette{"#28a197", "#1d70b8", "#f47738", "#d4351c"}, series...)
	if err != nil {
		return nil, err
	}
	v.Chart = chartView{
		ID:      "chart-work-ages",
		Label:   fmt.Sprintf("Bar chart: open work by type and age at the end of %s, %s", s.site.Period, u.Name),
		Summary: ageSummary(v.Ages, s.site.Period),
		Option:  option,
	}
	s.download(dir+"/"+v.CSV, csv)
	return v, nil
}

func ageSummary(rows []ageRow, period string) string {
	text := fmt.Sprintf("Open work at the end of %s by how long it has been open:", period)
	for i, r := range rows {
		sep := ";"
		if i == len(rows)-1 {
			sep = "."
		}
		text += fmt.Sprintf(" %s, %s up to 28 days and %s over 180 days%s", r.Name, r.Counts[0], r.Counts[3], sep)
	}
	return text
}

func statHead(stat report.WorkStat, upcoming int) string {
	switch stat {
	case report.Outstanding:
		return "Outstanding"
	case report.Upcoming:
		return fmt.Sprintf("Due in the next %d days", upcoming)
	case report.Overdue:
		return "Overdue"
	case report.Opened:
		return "Opened in the month"
	case report.Completed:
		return "Completed in the month"
	}
	return "Completed on time"
}

func (s *snapshot) workMeasure(t *report.WorkType, stat report.WorkStat) *report.Measure {
	for _, m := range s.a.Measures {
		if m.Work != nil && m.Work.Type == t && m.Work.Stat == stat {
			return m
		}
	}
	panic("no measure for " + t.ID + " " + string(stat)) // load defines them all
}
