package render

import (
	"fmt"
	"strings"

	"github.com/primed/primed/generator/analyse"
	"github.com/primed/primed/generator/chart"
	"github.com/primed/primed/generator/markdown"
	"github.com/primed/primed/generator/report"
)

// unitPage renders u's page and its CSV downloads.
func (s *snapshot) unitPage(u *report.Unit) error {
	dir := unitDir(u)
	root := rootFrom(dir)
	v := unitView{
		Unit:   u,
		Level:  s.r.Levels[u.Level].Name,
		IsRoot: u.Parent == nil,
	}
	if len(u.Children) > 0 {
		v.ChildLevel = plural(s.r.Levels[u.Children[0].Level].Name)
	}
	if v.IsRoot {
		v.Ambition = s.r.Config.Ambition
		v.Objectives = s.r.Config.Objectives
	}
	measures := s.a.Measures(u)
	for _, m := range measures {
		v.Cards = append(v.Cards, s.card(u, m))
	}
	var err error
	if v.Details, err = s.details(u, dir, measures); err != nil {
		return err
	}
	if !u.IsLeaf() {
		v.Matrix = s.matrix(u, root, dir, measures)
		for _, c := range u.Children {
			v.Children = append(v.Children, childView{
				Link:  link{c.Name, unitHref(root, c)},
				Level: s.r.Levels[c.Level].Name,
				Count: s.count(c),
			})
		}
	}
	if v.Finance, err = s.finance(u, dir); err != nil {
		return err
	}
	if v.Narrative, err = s.narrative(u); err != nil {
		return err
	}
	v.Actions = s.actions(s.a.Actions(u), root, dir+"/actions.csv", u)
	v.Attention = s.attention(u, root, v)

	var crumbs []link
	for _, a := range u.Ancestors() {
		crumbs = append(crumbs, link{a.Name, unitHref(root, a)})
	}
	title := u.Name
	return s.render("unit.html", dir+"/index.html", page{
		Title:   fmt.Sprintf("%s – %s – %s", u.Name, s.site.Period, s.site.Title),
		Heading: title,
		Root:    root,
		Crumbs:  crumbs,
		Body:    v,
	})
}

func plural(s string) string {
	switch {
	case strings.HasSuffix(s, "y") && !strings.HasSuffix(s, "ey"):
		return s[:len(s)-1] + "ies"
	case strings.HasSuffix(s, "s"):
		return s
	}
	return s + "s"
}

// previous returns the figure a month before the snapshot's, if any.
func (s *snapshot) previous(u *report.Unit, m *report.Measure) (analyse.Figure, bool) {
	series := s.a.Series(u, m)
	if len(series) < 2 {
		return analyse.Figure{}, false
	}
	f := series[len(series)-2]
	return f, f.HasValue
}

func (s *snapshot) card(u *report.Unit, m *report.Measure) card {
	f := s.a.Figure(u, m)
	c := card{
		ID:     m.ID,
		Name:   m.Name,
		Href:   "#m-" + m.ID,
		Value:  "No data",
		Target: "No target",
		RAG:    rag(f),
		Own:    f.Own && !u.IsLeaf(),
	}
	if f.HasValue {
		c.Value = value(m, f.Value)
		if p, ok := s.previous(u, m); ok {
			c.Change = change(m, f.Value-p.Value) + " since " + p.Period.Title()
		}
	}
	if f.Target.Set {
		c.Target = targetText(m, f.Target)
	}
	if f.Expected > 0 && f.Reporting < f.Expected && !f.Own {
		c.Reporting = fmt.Sprintf("%d of %d %s reported", f.Reporting, f.Expected, plural(strings.ToLower(s.r.Levels[u.Children[0].Level].Name)))
	}
	return c
}

func targetText(m *report.Measure, t analyse.Target) string {
	word := "Target"
	switch m.Direction {
	case report.Up:
		word = "Target at least"
	case report.Down:
		word = "Target at most"
	}
	return word + " " + value(m, t.Value)
}

// count tallies u's measures by this month's rating.
func (s *snapshot) count(u *report.Unit) ragCount {
	var c ragCount
	for _, m := range s.a.Measures(u) {
		switch rag(s.a.Figure(u, m)).Class {
		case "red":
			c.Red++
		case "amber":
			c.Amber++
		case "green":
			c.Green++
		default:
			c.None++
		}
	}
	return c
}

// attention lists what needs looking at first: measures off target (and
// whether they turned red this month), overdue actions, and measures that
// came back on target.
func (s *snapshot) attention(u *report.Unit, root string, v unitView) []attention {
	var list []attention
	for _, m := range s.a.Measures(u) {
		f := s.a.Figure(u, m)
		if !f.HasValue || !f.Target.Set {
			continue
		}
		prev, hasPrev := s.previous(u, m)
		prevRAG := analyse.None
		if hasPrev {
			prevRAG = prev.RAG
		}
		switch {
		case f.RAG == analyse.Red && hasPrev && prevRAG != analyse.Red:
			list = append(list, attention{rag(f), fmt.Sprintf("%s turned off target: %s against a target of %s.", m.Name, value(m, f.Value), value(m, f.Target.Value)), "#m-" + m.ID})
		case f.RAG == analyse.Red:
			list = append(list, attention{rag(f), fmt.Sprintf("%s is off target: %s against a target of %s.", m.Name, value(m, f.Value), value(m, f.Target.Value)), "#m-" + m.ID})
		}
	}
	if v.Actions.Overdue > 0 {
		list = append(list, attention{ragView{"red", "Overdue"}, fmt.Sprintf("%d overdue %s.", v.Actions.Overdue, pluralWord(v.Actions.Overdue, "action", "actions")), "#actions"})
	}
	for _, m := range s.a.Measures(u) {
		f := s.a.Figure(u, m)
		prev, ok := s.previous(u, m)
		if ok && f.HasValue && f.RAG == analyse.Green && prev.RAG == analyse.Red {
			list = append(list, attention{rag(f), fmt.Sprintf("%s is back on target: %s, from %s in %s.", m.Name, value(m, f.Value), value(m, prev.Value), prev.Period.Title()), "#m-" + m.ID})
		}
	}
	return list
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// axis is how a measure's values are labelled on a chart.
func axis(m *report.Measure) chart.Axis {
	a := chart.Axis{Decimals: m.Decimals}
	switch m.Unit {
	case report.Percent:
		a.Suffix = "%"
	case report.Currency:
		a.Prefix = "£"
	}
	return a
}

func (s *snapshot) palette() chart.Palette {
	return chart.Palette{s.r.Config.Colour, "#0b0c0c", "#f47738", "#28a197", "#912b88"}
}

func (s *snapshot) details(u *report.Unit, dir string, measures []*report.Measure) ([]detailGroup, error) {
	var groups []detailGroup
	for _, cat := range report.Categories {
		g := detailGroup{Name: categoryName(cat)}
		for _, m := range measures {
			if m.Category != cat {
				continue
			}
			d, err := s.detail(u, dir, m)
			if err != nil {
				return nil, err
			}
			g.Details = append(g.Details, d)
		}
		if len(g.Details) > 0 {
			groups = append(groups, g)
		}
	}
	return groups, nil
}

func categoryName(c report.Category) string {
	return strings.ToUpper(string(c[:1])) + string(c[1:])
}

func (s *snapshot) detail(u *report.Unit, dir string, m *report.Measure) (detail, error) {
	series := s.a.Series(u, m)
	labels := make([]string, len(series))
	values := make([]*float64, len(series))
	targets := make([]*float64, len(series))
	hasTarget := false
	var rows []detailRow
	csv := [][]string{{"period", "unit", "measure", "value", "target", "rag"}}
	n, first, last := 0, -1, -1
	for i, f := range series {
		labels[i] = f.Period.Short()
		row := detailRow{Period: f.Period.Title(), Value: "No data", Target: "No target", RAG: rag(f)}
		if f.HasValue {
			v := f.Value
			values[i] = &v
			row.Value = value(m, f.Value)
			n++
			if first < 0 {
				first = i
			}
			last = i
		}
		if f.Target.Set {
			t := f.Target.Value
			targets[i] = &t
			hasTarget = true
			row.Target = value(m, t)
		}
		rows = append(rows, row)
		csv = append(csv, []string{f.Period.String(), u.ID, m.ID, optional(f.HasValue, f.Value), optional(f.Target.Set, f.Target.Value), string(f.RAG)})
	}
	lines := []chart.Series{{Name: m.Name, Values: values}}
	if hasTarget {
		lines = append(lines, chart.Series{Name: "Target", Values: targets, Dashed: true})
	}
	option, err := chart.Line(m.Name, labels, axis(m), s.palette(), lines...)
	if err != nil {
		return detail{}, err
	}
	summary := "No figures yet."
	if n > 0 {
		f, l := series[first], series[last]
		summary = fmt.Sprintf("%s was %s in %s and %s in %s", m.Name, value(m, f.Value), f.Period.Title(), value(m, l.Value), l.Period.Title())
		if l.Target.Set {
			summary += fmt.Sprintf(", against a target of %s", value(m, l.Target.Value))
		}
		summary += fmt.Sprintf("; %d of %d months have figures.", n, len(series))
	}
	// Newest month first in the table: it is what readers look for.
	for i, j := 0, len(rows)-1; i < j; i, j = i+1, j-1 {
		rows[i], rows[j] = rows[j], rows[i]
	}
	csvName := "m-" + m.ID + ".csv"
	s.files[dir+"/"+csvName] = encodeCSV(csv)
	return detail{
		ID:          m.ID,
		Name:        m.Name,
		Description: m.Description,
		Objective:   s.objective(m.Objective),
		Chart: chartView{
			ID:      "chart-" + m.ID,
			Label:   fmt.Sprintf("Line chart: %s for %s by month", m.Name, u.Name),
			Summary: summary,
			Option:  option,
		},
		Rows: rows,
		CSV:  csvName,
	}, nil
}

func (s *snapshot) objective(id string) string {
	for _, o := range s.r.Config.Objectives {
		if o.ID == id {
			return o.Name
		}
	}
	return ""
}

func (s *snapshot) matrix(u *report.Unit, root, dir string, measures []*report.Measure) *matrix {
	mx := &matrix{
		Caption: fmt.Sprintf("%s compared, %s", plural(s.r.Levels[u.Children[0].Level].Name), s.site.Period),
		CSV:     "compare.csv",
	}
	csv := [][]string{{"period", "unit", "measure", "value", "target", "rag"}}
	for _, m := range measures {
		mx.Measures = append(mx.Measures, matrixHead{m.Name, "#m-" + m.ID})
	}
	for _, c := range u.Children {
		row := matrixRow{Unit: link{c.Name, unitHref(root, c)}}
		for _, m := range measures {
			f := s.a.Figure(c, m)
			cell := matrixCell{RAG: rag(f), Empty: !f.HasValue}
			if f.HasValue {
				cell.Value = value(m, f.Value)
			}
			if s.a.Reports(c, m) {
				csv = append(csv, []string{s.site.PeriodID, c.ID, m.ID, optional(f.HasValue, f.Value), optional(f.Target.Set, f.Target.Value), string(f.RAG)})
			} else {
				cell.RAG = ragView{"none", "Not reported"}
			}
			row.Cells = append(row.Cells, cell)
		}
		mx.Rows = append(mx.Rows, row)
	}
	s.files[dir+"/"+mx.CSV] = encodeCSV(csv)
	return mx
}

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

// actions builds the actions table, linking each action's unit unless the
// table is on that unit's own page.
func (s *snapshot) actions(list []analyse.ActionState, root, csvPath string, page *report.Unit) actionsView {
	var v actionsView
	csv := [][]string{{"id", "unit", "meeting", "owner", "raised", "due", "status", "closed", "text", "measure"}}
	for _, a := range list {
		row := actionRow{
			ID:      a.ID,
			Unit:    link{a.Unit.Name, unitHref(root, a.Unit)},
			Meeting: a.Meeting,
			Owner:   a.Owner,
			Raised:  date(a.Raised),
			Due:     date(a.Due),
			Text:    a.Text,
			Class:   "open",
			Status:  "Open",
			Age:     fmt.Sprintf("%d days", a.AgeDays),
		}
		if a.Unit == page {
			row.Unit.Href = ""
		}
		if a.Measure != nil {
			row.Measure = a.Measure.Name
		}
		switch {
		case a.Overdue:
			row.Class, row.Status = "overdue", fmt.Sprintf("Overdue by %d %s", a.OverdueDays, pluralWord(a.OverdueDays, "day", "days"))
			v.Overdue++
			v.Open++
		case a.ClosedNow:
			row.Class = "closed"
			row.Status = fmt.Sprintf("%s %s", strings.ToUpper(string(a.Status[:1]))+string(a.Status[1:]), date(a.Closed))
		default:
			v.Open++
		}
		if row.Due == "" {
			row.Due = "No date"
		}
		v.Rows = append(v.Rows, row)
		measure := ""
		if a.Measure != nil {
			measure = a.Measure.ID
		}
		closed := ""
		if a.ClosedNow {
			closed = a.Closed.Format("2006-01-02")
		}
		due := ""
		if !a.Due.IsZero() {
			due = a.Due.Format("2006-01-02")
		}
		csv = append(csv, []string{a.ID, a.Unit.ID, a.Meeting, a.Owner, a.Raised.Format("2006-01-02"), due, row.Status, closed, a.Text, measure})
	}
	if len(v.Rows) > 0 {
		v.CSV = csvPath[strings.LastIndex(csvPath, "/")+1:]
		s.files[csvPath] = encodeCSV(csv)
	}
	return v
}
