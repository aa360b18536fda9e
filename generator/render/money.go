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
	fv := &financeView{YearStart: yearStart.Title(), Projected: total.Projected, CSV: "finance.csv", Tolerance: grouped(s.a.Config.Overspend, 1) + "%", HasBudget: total.YTD.HasBudget, Rated: total.Rated(), HasForecast: total.HasForecast}
	csv := [][]string{{"period", "unit", "category", "budget", "actual", "ytd_budget", "ytd_actual", "ytd_variance", "ytd_variance_percent", "rag", "forecast", "forecast_projected"}}
	var labels []string
	var budget, actual []*float64
	for i, l := range append(lines, total) {
		row := s.moneyRow(l)
		csv = append(csv, []string{s.site.PeriodID, u.ID, l.Category, pence(l.HasBudget, l.Budget), pence(l.HasActual, l.Actual),
			pence(l.YTD.HasBudget, l.YTD.Budget), pence(l.YTD.HasActual, l.YTD.Actual),
			pence(l.Rated(), l.Variance()), varPct(l), string(l.RAG), pence(l.HasForecast, l.Forecast), fmt.Sprint(l.Projected && l.HasForecast)})
		if i == len(lines) { // the total, whatever the categories are called
			fv.Total = row
			continue
		}
		fv.Lines = append(fv.Lines, row)
		labels = append(labels, l.Category)
		budget, actual = append(budget, amount(l.YTD.HasBudget, l.YTD.Budget)), append(actual, amount(l.YTD.HasActual, l.YTD.Actual))
	}
	option, err := s.charts.Bar(labels, chart.Axis{Prefix: "£"}, s.palette(),
		chart.Series{Name: "Budget to date", Values: budget},
		chart.Series{Name: "Spent to date", Values: actual})
	if err != nil {
		return nil, err
	}
	fv.Chart = chartView{
		ID:      "chart-finance",
		Label:   fmt.Sprintf("Bar chart: budget and spend to date by category for %s", u.Name),
		Summary: fmt.Sprintf("From %s to %s, %s %s.", yearStart.Title(), s.site.Period, u.Name, spentAgainst(total)),
		Option:  option,
	}

	profile := fin.Profile
	var months []string
	var cumBudget, cumActual []*float64
	profileCSV := [][]string{{"period", "unit", "budget_to_date", "actual_to_date", "variance"}}
	for _, c := range profile {
		// A month the finance data has no line for is missing, not £0.
		hasB, hasA := c.Has && c.HasBudget, c.Has && c.HasActual
		profileCSV = append(profileCSV, []string{c.Period.String(), u.ID, pence(hasB, c.Budget), pence(hasA, c.Actual), pence(hasB && hasA, c.Actual-c.Budget)})
		months = append(months, c.Period.Short())
		cumBudget, cumActual = append(cumBudget, amount(hasB, c.Budget)), append(cumActual, amount(hasA, c.Actual))
		fv.Profile = append(fv.Profile, profileRow{
			Period:   c.Period.Title(),
			Budget:   moneyOr(hasB, c.Budget, "No data"),
			Actual:   moneyOr(hasA, c.Actual, "No data"),
			Variance: moneyOr(hasB && hasA, c.Actual-c.Budget, "–"),
		})
	}
	option, err = s.charts.Line(months, chart.Axis{Prefix: "£"}, s.palette(),
		chart.Series{Name: "Budget to date", Values: cumBudget, Style: chart.Step, Color: targetColour},
		chart.Series{Name: "Spent to date", Values: cumActual, Style: chart.Solid, Color: s.a.Config.Colour})
	if err != nil {
		return nil, err
	}
	fv.ProfileChart = chartView{
		ID:      "chart-spend-profile",
		Label:   fmt.Sprintf("Line chart: cumulative spend against budget by month for %s", u.Name),
		Summary: fmt.Sprintf("By the end of %s, %s %s.", s.site.Period, u.Name, spentAgainst(total)),
		Option:  option,
	}

	for _, l := range fin.TopSpend {
		if l.YTD.HasActual {
			fv.TopSpend = append(fv.TopSpend, fmt.Sprintf("%s: %s spent to date", l.Category, money(l.YTD.Actual, 0)))
		}
	}
	for _, l := range fin.TopOver {
		if !l.Rated() || l.YTD.Budget <= 0 {
			continue // with no budget, all spend is "over" it: say nothing
		}
		fv.TopOver = append(fv.TopOver, fmt.Sprintf("%s: %s over budget (%s)", l.Category, money(l.Variance(), 0), varPct(l)+"%"))
	}
	s.download(dir+"/"+fv.CSV, csv)
	s.download(dir+"/spend-profile.csv", profileCSV)
	return fv, nil
}

func varPct(l analyse.Money) string {
	if !l.Rated() || l.YTD.Budget == 0 {
		return ""
	}
	return plain(l.Variance()/l.YTD.Budget*100, 1)
}

// spentAgainst says what was spent against what budget, in words, for
// the amounts the finance data gives.
func spentAgainst(l analyse.Money) string {
	switch {
	case l.Rated():
		over := "under"
		if l.Variance() > 0 {
			over = "over"
		}
		return fmt.Sprintf("spent %s against a budget of %s: %s %s budget", money(l.YTD.Actual, 0), money(l.YTD.Budget, 0), money(absf(l.Variance()), 0), over)
	case l.YTD.HasActual:
		return fmt.Sprintf("spent %s; the finance data gives no budget to compare it with", money(l.YTD.Actual, 0))
	case l.YTD.HasBudget:
		return fmt.Sprintf("had a budget of %s; the finance data gives no spend against it", money(l.YTD.Budget, 0))
	}
	return "has no finance figures"
}

// pence is an amount of money for a download, to the penny, or empty
// when the data does not give it.
func pence(has bool, v float64) string {
	if !has {
		return ""
	}
	return plain(v, 2)
}

// amount is v for a chart, or a gap when the data does not give it.
func amount(has bool, v float64) *float64 {
	if !has {
		return nil
	}
	return &v
}

// moneyOr is v in pounds, or none when the data does not give it.
func moneyOr(has bool, v float64, none string) string {
	if !has {
		return none
	}
	return money(v, 0)
}

func (s *snapshot) moneyRow(l analyse.Money) moneyRow {
	row := moneyRow{
		Category:  l.Category,
		Budget:    moneyOr(l.HasBudget, l.Budget, "No budget"),
		Actual:    moneyOr(l.HasActual, l.Actual, "No data"),
		YTDBudget: moneyOr(l.YTD.HasBudget, l.YTD.Budget, "No budget"),
		YTDActual: moneyOr(l.YTD.HasActual, l.YTD.Actual, "No data"),
		Variance:  moneyOr(l.Rated(), l.Variance(), "–"),
		Over:      l.Rated() && l.Variance() > 0,
		Forecast:  moneyOr(l.HasForecast, l.Forecast, "–"),
		Projected: l.Projected && l.HasForecast,
		RAG:       ragView{string(l.RAG), spendLabels[l.RAG]},
	}
	if l.Projected && l.HasForecast && l.Months > 0 {
		row.ProjectedFrom = fmt.Sprintf("projected from %d %s", l.Months, pluralWord(l.Months, "month", "months"))
	}
	if l.Rated() && l.YTD.Budget != 0 {
		row.VarPct = grouped(l.Variance()/l.YTD.Budget*100, 1) + "%"
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

// write writes the unit page's section on spend, for the snapshot's
// period, as unit.html wrote it (TestFinanceSection holds it to that
// template): every team page has one, with some fifty values.
func (v *financeView) write(w *htmlWriter, period string) {
	t := &v.Total
	w.html("<section aria-labelledby=\"finance\">\n<h2 id=\"finance\">Spend against budget</h2>\n<p>Spent to date: <strong>")
	w.text(t.YTDActual)
	w.html("</strong>")
	switch {
	case v.Rated:
		w.html(" of ")
		w.text(t.YTDBudget)
		w.html(" budgeted (")
		w.text(t.Variance)
		if t.VarPct != "" {
			w.html(", ")
			w.text(t.VarPct)
		}
		if t.Over {
			w.html(" over")
		}
		w.html("). ")
		w.fragment("rag", t.RAG)
	case v.HasBudget:
		w.html(", against a budget to date of ")
		w.text(t.YTDBudget)
		w.html(": the finance data gives no spend to rate against it.")
	default:
		w.html(". The finance data gives no budget, so spend is not rated.")
	}
	w.html(" ")
	if v.HasForecast {
		w.html("Forecast outturn for the year: <strong>")
		w.text(t.Forecast)
		w.html("</strong>")
		if v.Projected {
			w.html(", projected from the year so far where the finance system gave no forecast")
		}
		w.html(".")
	} else {
		w.html("No forecast outturn for the year: some categories give neither a forecast nor spend to project one from.")
	}
	w.html("</p>\n")
	if len(v.TopSpend) > 0 || len(v.TopOver) > 0 {
		w.html("<div class=\"where\">\n")
		w.list("Where the money is going", v.TopSpend)
		w.html("\n")
		w.list("Furthest over budget", v.TopOver)
		w.html("\n</div>")
	}
	w.html("\n")
	v.Chart.write(w)
	w.html("\n<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"finance-caption\">\n<table class=\"money\">\n<caption id=\"finance-caption\">Spend by category: ")
	w.text(period)
	w.html(" and the year to date (from ")
	w.text(v.YearStart)
	w.html(")</caption>\n<thead><tr><th scope=\"col\">Category</th><th scope=\"col\" class=\"num\">Budget this month</th><th scope=\"col\" class=\"num\">Spent this month</th><th scope=\"col\" class=\"num\">Budget to date</th><th scope=\"col\" class=\"num\">Spent to date</th><th scope=\"col\" class=\"num\">Variance to date</th><th scope=\"col\">Rating</th><th scope=\"col\" class=\"num\">Forecast outturn</th></tr></thead>\n<tbody>\n")
	v.writeLines(w)
	w.html("</tbody>\n<tfoot>")
	note := ""
	if t.Projected {
		note = "partly projected"
	}
	w.moneyRow(t, note)
	w.html("</tfoot>\n</table>\n</div>\n<p class=\"hint\">A positive variance is spend over budget. Within budget is green; over it by up to ")
	w.text(v.Tolerance)
	w.html(" is amber; more is red. A forecast marked \"projected\" is spend to date ÷ the months that give spend × 12, where the finance system gave none; a month with no finance line is missing, not £0.</p>\n")
	w.fragment("csv", v.CSV)
	w.html("\n<h3>Spend through the year</h3>\n")
	v.ProfileChart.write(w)
	w.html("\n<details class=\"figures\">\n<summary>Cumulative budget and spend, by month</summary>\n<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Cumulative budget and spend by month\">\n<table>\n<caption class=\"visually-hidden\">Cumulative budget and spend by month of the financial year</caption>\n<thead><tr><th scope=\"col\">Month</th><th scope=\"col\" class=\"num\">Budget to date</th><th scope=\"col\" class=\"num\">Spent to date</th><th scope=\"col\" class=\"num\">Variance</th></tr></thead>\n<tbody>\n")
	v.writeProfile(w)
	w.html("</tbody>\n</table>\n</div>\n")
	w.fragment("csv", "spend-profile.csv")
	w.html("\n</details>\n</section>")
}

// list writes a short list under its heading, when it has items.
func (w *htmlWriter) list(heading string, items []string) {
	if len(items) == 0 {
		return
	}
	w.html("<div><h3>", heading, "</h3><ul>")
	for _, s := range items {
		w.html("<li>")
		w.text(s)
		w.html("</li>")
	}
	w.html("</ul></div>")
}
