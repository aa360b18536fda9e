package render

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/primed/primed/generator/analyse"
	"github.com/primed/primed/generator/chart"
	"github.com/primed/primed/generator/report"
)

// measurePage is one measure across every unit: at each level a league
// table, a chart comparing the units and, for levels with few units, their
// trends.
type measurePage struct {
	Measure   *report.Measure
	Every     Every  // the measure's period, in words
	About     string // unit, direction and roll-up in words
	Objective string
	Levels    []levelView
}

type levelView struct {
	ID         string
	Name       string // plural: "Teams"
	Order      string // how Rows are ordered: "best first", or "highest first" for a measure with no better direction
	Rows       []leagueRow
	Spread     string // lowest, median and highest, in words
	Chart      chartView
	Trend      *chartView
	TrendRows  []trendRow
	TrendHeads []string
	TrendCSV   string
	CSV        string
	Every      Every  // the measure's period, in words
	When       string // the period the league table ranks: "October 2026", "2023-24"
}

type leagueRow struct {
	Rank      string
	Unit      link
	Value     string
	Target    string
	RAG       ragView
	Variation mdcView
}

type trendRow struct {
	Period string
	Values []string
}

// measurePath is where measure m's page is, from the snapshot root.
func measurePath(m *report.Measure) string { return "measures/" + m.ID + "/index.html" }

// measuresIndex lists every measure by category.
type measuresIndex struct {
	Groups []measureGroup
}

type measureGroup struct {
	Name     string
	Measures []link
}

// measuresIndex renders the page that lists every measure; each measure's
// own page is rendered by measurePage.
func (s *snapshot) measuresIndex() error {
	root := rootFrom("measures")
	var index measuresIndex
	for _, cat := range report.Categories {
		g := measureGroup{Name: categoryName(cat)}
		for _, m := range s.a.Measures {
			if m.Category == cat && s.a.Reports(s.a.Root, m) {
				g.Measures = append(g.Measures, link{m.Name, m.ID + "/index.html"})
			}
		}
		if len(g.Measures) > 0 {
			index.Groups = append(index.Groups, g)
		}
	}
	return s.render("measures.html", "measures/index.html", page{
		Title:   "Measures – " + s.site.Period + " – " + s.site.Title,
		Heading: "Measures",
		Root:    root,
		Nav:     "measures",
		Body:    index,
	})
}

func (s *snapshot) measurePage(m *report.Measure) error {
	dir := "measures/" + m.ID
	root := rootFrom(dir)
	v := measurePage{Measure: m, About: about(m), Objective: s.objective(m.Objective), Every: every(m.Frequency)}
	for li, level := range s.a.Levels {
		var figs []analyse.Figure
		for _, u := range s.a.Units {
			if u.LevelIndex == li && s.a.Reports(u, m) {
				figs = append(figs, s.a.Figure(u, m))
			}
		}
		if len(figs) == 0 {
			continue
		}
		lv, err := s.level(m, level, figs, root, dir)
		if err != nil {
			return err
		}
		v.Levels = append(v.Levels, lv)
	}
	return s.render("measure.html", dir+"/index.html", page{
		Title:   m.Name + " – " + s.site.Period + " – " + s.site.Title,
		Heading: m.Name,
		Root:    root,
		Nav:     "measures",
		Crumbs:  []link{{"Measures", root + "measures/index.html"}},
		Body:    v,
	})
}

// better orders figures best first by the measure's direction; figures
// without a value come last.
func better(m *report.Measure) func(x, y *analyse.Figure) int {
	return func(x, y *analyse.Figure) int {
		if x.HasValue != y.HasValue {
			if x.HasValue {
				return -1
			}
			return 1
		}
		c := cmp.Compare(y.Value, x.Value) // highest first
		if m.Direction == report.Down {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(x.Unit.Name, y.Unit.Name))
	}
}

func (s *snapshot) level(m *report.Measure, level report.Level, figs []analyse.Figure, root, dir string) (levelView, error) {
	lv := levelView{ID: level.ID, Name: plural(level.Name), CSV: level.ID + ".csv", Order: "ranked, best first", Every: every(m.Frequency)}
	first := "best first"
	if m.Direction == report.None {
		lv.Order, first = "by value, highest first", "highest first"
	}
	// Sorted as pointers, then put in order: a stable sort moves each
	// element many times, and a figure is large.
	order := make([]*analyse.Figure, len(figs))
	for i := range figs {
		order[i] = &figs[i]
	}
	slices.SortStableFunc(order, better(m))
	sorted := make([]analyse.Figure, len(figs))
	for i, f := range order {
		sorted[i] = *f
	}
	figs = sorted
	rank := 0
	csv := [][]string{{"period", "unit", "level", "measure", "rank", "value", "target", "rag", "variation"}}
	var labels []string
	var values []*float64
	var shown []float64
	for i, f := range figs {
		if i == 0 || f.Value != figs[i-1].Value || f.Suppressed != figs[i-1].Suppressed {
			rank = i + 1 // equal figures share a rank
		}
		row := leagueRow{
			Rank:      fmt.Sprint(rank),
			Unit:      link{f.Unit.Name, unitHref(root, f.Unit) + "#m-" + m.ID},
			Value:     noValue(f),
			Target:    "No target",
			RAG:       rag(f),
			Variation: variationOf(f),
		}
		if m.Direction == report.None {
			row.Rank = "–"
		}
		if f.HasValue {
			row.Value = s.show(f)
		} else {
			row.Rank, row.Variation = "–", mdcView{}
		}
		if f.Target.Set {
			row.Target = value(m, f.Target.Value)
		}
		lv.Rows = append(lv.Rows, row)
		labels = append(labels, f.Unit.Name)
		if f.HasValue && !f.Suppressed {
			v := f.Value
			values = append(values, &v)
			shown = append(shown, v)
		} else {
			values = append(values, nil)
		}
		csv = append(csv, []string{s.periodLabel(f), f.Unit.ID, level.ID, m.ID, row.Rank, s.csvValue(f), optional(f.Target.Set, f.Target.Value), string(f.RAG), string(f.Variation)})
	}
	// The comparators follow, unranked: compared with, not among, the units.
	for _, c := range s.a.Comparators {
		if !s.a.Reports(c, m) {
			continue
		}
		f := s.a.Figure(c, m)
		row := leagueRow{Rank: "–", Unit: link{Text: c.Name}, Value: noValue(f)}
		if f.HasValue {
			row.Value = s.show(f)
		}
		lv.Rows = append(lv.Rows, row)
		csv = append(csv, []string{s.periodLabel(f), c.ID, "comparator", m.ID, "", s.csvValue(f), "", "", ""})
	}
	if len(shown) > 1 {
		sorted := slices.Sorted(slices.Values(shown))
		median := sorted[len(sorted)/2]
		if len(sorted)%2 == 0 {
			median = (sorted[len(sorted)/2-1] + sorted[len(sorted)/2]) / 2
		}
		lv.Spread = fmt.Sprintf("Across the %d %s with figures shown: lowest %s, median %s, highest %s.",
			len(shown), strings.ToLower(lv.Name), value(m, sorted[0]), value(m, median), value(m, sorted[len(sorted)-1]))
	}
	when := s.when(figs[0])
	lv.When = when
	option, err := s.charts.Bar(labels, axis(m), s.palette(), chart.Series{Name: m.Name + ", " + when, Values: values})
	if err != nil {
		return lv, err
	}
	lv.Chart = chartView{
		ID:      "chart-" + level.ID,
		Label:   fmt.Sprintf("Bar chart: %s for each of the %s, %s", m.Name, strings.ToLower(lv.Name), when),
		Summary: fmt.Sprintf("%s by %s in %s, %s. %s", m.Name, strings.ToLower(level.Name), when, first, lv.Spread),
		Option:  option,
	}
	// A trend line per unit reads well for a handful of units, not for dozens.
	if ps := s.a.PeriodsOf(m); len(figs) <= 6 {
		var series []chart.Series
		var axisLabels []string
		ys := s.a.Config.YearStart
		for _, p := range ps {
			axisLabels = append(axisLabels, p.Abbrev(m.Frequency, ys))
			lv.TrendRows = append(lv.TrendRows, trendRow{Period: p.Name(m.Frequency, ys)})
		}
		for _, f := range figs {
			lv.TrendHeads = append(lv.TrendHeads, f.Unit.Name)
			history := s.a.Series(f.Unit, m)
			t := s.newTrend(history)
			series = append(series, chart.Series{Name: f.Unit.Name, Values: t.values, Style: chart.Solid, Joined: t.joined})
			for j, g := range history {
				cell := noValue(g)
				if g.HasValue {
					cell = s.show(g)
				}
				lv.TrendRows[j].Values = append(lv.TrendRows[j].Values, cell)
			}
		}
		slices.Reverse(lv.TrendRows)
		trend := [][]string{append([]string{"period"}, lv.TrendHeads...)}
		for i, r := range lv.TrendRows {
			label := ps[len(ps)-1-i].Label(m.Frequency, ys) // the rows are newest first
			trend = append(trend, append([]string{label}, r.Values...))
		}
		lv.TrendCSV = level.ID + "-by-" + lv.Every.One + ".csv"
		s.download(dir+"/"+lv.TrendCSV, trend)
		option, err := s.charts.Line(axisLabels, axis(m), s.palette(), series...)
		if err != nil {
			return lv, err
		}
		lv.Trend = &chartView{
			ID:      "chart-" + level.ID + "-trend",
			Label:   fmt.Sprintf("Line chart: %s by %s for each of the %s", m.Name, lv.Every.One, strings.ToLower(lv.Name)),
			Summary: fmt.Sprintf("%s by %s, %s to %s, one line for each of the %s.", m.Name, lv.Every.One, ps[0].Name(m.Frequency, ys), when, strings.ToLower(lv.Name)),
			Option:  option,
		}
	}
	s.download(dir+"/"+lv.CSV, csv)
	return lv, nil
}

// about describes a measure's unit, direction and roll-up in words.
func about(m *report.Measure) string {
	dir := map[report.Direction]string{
		report.Up:   "Higher is better.",
		report.Down: "Lower is better.",
		report.None: "Neither higher nor lower is better.",
	}[m.Direction]
	roll := map[report.Aggregate]string{
		report.Sum:   "Units' figures add up to their parent's.",
		report.Mean:  "A parent's figure is the mean of its units'.",
		report.Ratio: "A parent's figure is worked out afresh from its units' numerators and denominators.",
		report.Min:   "A parent's figure is the lowest of its units'.",
		report.Max:   "A parent's figure is the highest of its units'.",
		report.Last:  "A parent's figure is its last unit's.",
	}[m.Aggregate]
	text := dir + " " + roll
	if m.Aggregate == report.Ratio && m.Numerator != "" && m.Denominator != "" {
		text += fmt.Sprintf(" Numerator: %s. Denominator: %s.", m.Numerator, m.Denominator)
	}
	return text
}
