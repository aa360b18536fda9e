package render

import (
	"fmt"

	"github.com/primed/primed/generator/chart"
	"github.com/primed/primed/generator/markdown"
	"github.com/primed/primed/generator/report"
)

func (s *snapshot) finance(u *report.Unit, dir string) (*financeView, error) {
	lines, total := s.a.Finance(u)
	if len(lines) == 0 {
		return nil, nil
	}
	yearStart := s.a.Period.YearStart(s.r.Config.YearStart)
	fv := &financeView{YearStart: yearStart.Title(), HasForecast: total.HasForecast, CSV: "finance.csv"}
	csv := [][]string{{"period", "unit", "category", "budget", "actual", "ytd_budget", "ytd_actual", "ytd_variance", "forecast"}}
	var labels []string
	var budget, actual []*float64
	for _, l := range append(lines, total) {
		row := moneyRow{
			Category:  l.Category,
			Budget:    money(l.Budget, 0),
			Actual:    money(l.Actual, 0),
			YTDBudget: money(l.YTDBudget, 0),
			YTDActual: money(l.YTDActual, 0),
			Variance:  money(l.Variance(), 0),
			Over:      l.Variance() > 0,
			Forecast:  "Not given",
		}
		if l.YTDBudget != 0 {
			row.VarPct = grouped(l.Variance()/l.YTDBudget*100, 1) + "%"
		}
		if l.HasForecast {
			row.Forecast = money(l.Forecast, 0)
		}
		csv = append(csv, []string{s.site.PeriodID, u.ID, l.Category, plain(l.Budget, 2), plain(l.Actual, 2), plain(l.YTDBudget, 2), plain(l.YTDActual, 2), plain(l.Variance(), 2), optional(l.HasForecast, l.Forecast)})
		if l.Category == "Total" {
			fv.Total = row
			continue
		}
		fv.Lines = append(fv.Lines, row)
		labels = append(labels, l.Category)
		b, a := l.YTDBudget, l.YTDActual
		budget, actual = append(budget, &b), append(actual, &a)
	}
	option, err := chart.Bar("Spend against budget, year to date", labels, chart.Axis{Prefix: "£"}, s.palette(),
		chart.Series{Name: "Budget to date", Values: budget},
		chart.Series{Name: "Spent to date", Values: actual})
	if err != nil {
		return nil, err
	}
	over := "under"
	if total.Variance() > 0 {
		over = "over"
	}
	fv.Chart = chartView{
		ID:    "chart-finance",
		Label: fmt.Sprintf("Bar chart: budget and spend to date by category for %s", u.Name),
		Summary: fmt.Sprintf("From %s to %s, %s spent %s against a budget of %s: %s %s budget.",
			yearStart.Title(), s.site.Period, u.Name, money(total.YTDActual, 0), money(total.YTDBudget, 0),
			money(absf(total.Variance()), 0), over),
		Option: option,
	}
	s.files[dir+"/"+fv.CSV] = encodeCSV(csv)
	return fv, nil
}

func absf(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

func (s *snapshot) narrative(u *report.Unit) (*narrativeView, error) {
	for _, n := range s.r.Narratives {
		if n.Unit != u || n.Period != s.a.Period {
			continue
		}
		html, err := markdown.HTML(n.Body)
		if err != nil {
			return nil, err
		}
		return &narrativeView{Headline: n.Headline, Author: n.Author, Draft: n.Status == "draft", HTML: html}, nil
	}
	return nil, nil
}
