package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/primed/primed/generator/analyse"
	"github.com/primed/primed/generator/chart"
	"github.com/primed/primed/generator/markdown"
	"github.com/primed/primed/generator/report"
)

func (s *snapshot) finance(u *report.Unit, dir string) (*financeView, error) {
	fin := s.a.Of(u).Finance
	lines, total := fin.Lines, fin.Total
	if len(lines) == 0 {
		return nil, nil
	}
	yearStart := s.a.Period.YearStart(s.a.Config.YearStart)
	fv := &financeView{YearStart: yearStart.Title(), Projected: total.Projected, CSV: "finance.csv", Tolerance: grouped(s.a.Config.Overspend, 1) + "%", HasBudget: total.YTDBudget != 0}
	csv := [][]string{{"period", "unit", "category", "budget", "actual", "ytd_budget", "ytd_actual", "ytd_variance", "ytd_variance_percent", "rag", "forecast", "forecast_projected"}}
	var labels []string
	var budget, actual []*float64
	for i, l := range append(lines, total) {
		row := s.moneyRow(l)
		csv = append(csv, []string{s.site.PeriodID, u.ID, l.Category, plain(l.Budget, 2), plain(l.Actual, 2), plain(l.YTDBudget, 2), plain(l.YTDActual, 2),
			plain(l.Variance(), 2), varPct(l), string(l.RAG), plain(l.Forecast, 2), fmt.Sprint(l.Projected)})
		if i == len(lines) { // the total, whatever the categories are called
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

	profile := fin.Profile
	var months []string
	var cumBudget, cumActual []*float64
	profileCSV := [][]string{{"period", "unit", "budget_to_date", "actual_to_date", "variance"}}
	for _, c := range profile {
		profileCSV = append(profileCSV, []string{c.Period.String(), u.ID, plain(c.Budget, 2), plain(c.Actual, 2), plain(c.Actual-c.Budget, 2)})
		months = append(months, c.Period.Short())
		b, a := c.Budget, c.Actual
		cumBudget, cumActual = append(cumBudget, &b), append(cumActual, &a)
		fv.Profile = append(fv.Profile, profileRow{Period: c.Period.Title(), Budget: money(c.Budget, 0), Actual: money(c.Actual, 0), Variance: money(c.Actual-c.Budget, 0)})
	}
	option, err = chart.Line("Cumulative spend against budget", months, chart.Axis{Prefix: "£"}, s.palette(),
		chart.Series{Name: "Budget to date", Values: cumBudget, Style: chart.Step, Color: targetColour},
		chart.Series{Name: "Spent to date", Values: cumActual, Style: chart.Solid, Color: s.a.Config.Colour})
	if err != nil {
		return nil, err
	}
	last := profile[len(profile)-1]
	fv.ProfileChart = chartView{
		ID:      "chart-spend-profile",
		Label:   fmt.Sprintf("Line chart: cumulative spend against budget by month for %s", u.Name),
		Summary: fmt.Sprintf("By the end of %s, %s had spent %s of the %s budgeted for the year so far.", last.Period.Title(), u.Name, money(last.Actual, 0), money(last.Budget, 0)),
		Option:  option,
	}

	for _, l := range fin.TopSpend {
		fv.TopSpend = append(fv.TopSpend, fmt.Sprintf("%s: %s spent to date", l.Category, money(l.YTDActual, 0)))
	}
	for _, l := range fin.TopOver {
		if l.YTDBudget <= 0 {
			continue // with no budget, all spend is "over" it: say nothing
		}
		fv.TopOver = append(fv.TopOver, fmt.Sprintf("%s: %s over budget (%s)", l.Category, money(l.Variance(), 0), varPct(l)+"%"))
	}
	s.download(dir+"/"+fv.CSV, csv)
	s.download(dir+"/spend-profile.csv", profileCSV)
	return fv, nil
}

func varPct(l analyse.Money) string {
	if l.YTDBudget == 0 {
		return ""
	}
	return plain(l.Variance()/l.YTDBudget*100, 1)
}

func (s *snapshot) moneyRow(l analyse.Money) moneyRow {
	row := moneyRow{
		Category:  l.Category,
		Budget:    money(l.Budget, 0),
		Actual:    money(l.Actual, 0),
		YTDBudget: money(l.YTDBudget, 0),
		YTDActual: money(l.YTDActual, 0),
		Variance:  money(l.Variance(), 0),
		Over:      l.Variance() > 0,
		Forecast:  money(l.Forecast, 0),
		Projected: l.Projected,
		RAG:       ragView{string(l.RAG), spendLabels[l.RAG]},
	}
	if l.YTDBudget != 0 {
		row.VarPct = grouped(l.Variance()/l.YTDBudget*100, 1) + "%"
	}
	return row
}

var spendLabels = map[analyse.RAG]string{
	analyse.Green: "Within budget",
	analyse.Amber: "Slightly over",
	analyse.Red:   "Over budget",
	analyse.None:  "No budget",
}

func absf(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

func (s *snapshot) narrative(u *report.Unit) (*narrativeView, error) {
	n := s.a.Of(u).Narrative
	if n == nil {
		return nil, nil
	}
	images := map[string]string{}
	for dest, img := range n.Images {
		sum := sha256.Sum256(img.Data)
		file := "assets/img/" + hex.EncodeToString(sum[:8]) + "." + img.Kind
		s.add(file, img.Data)
		images[dest] = rootFrom(unitDir(u)) + file
	}
	html, err := markdown.HTML(n.Body, images)
	if err != nil {
		return nil, err
	}
	return &narrativeView{Headline: n.Headline, Author: n.Author, Draft: n.Draft, HTML: html}, nil
}
