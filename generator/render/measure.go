package render

import (
	"fmt"
	"slices"
	"strings"

	"github.com/primed/primed/generator/analyse"
	"github.com/primed/primed/generator/chart"
	"github.com/primed/primed/generator/report"
)

// axis is how a measure's values are labelled on a chart.
func axis(m *report.Measure) chart.Axis {
	a := chart.Axis{Decimals: m.Decimals}
	switch m.UnitOfMeasure {
	case report.Percent:
		a.Suffix = "%"
	case report.Currency:
		a.Prefix = "£"
	}
	return a
}

// The colours of a trend chart's lines: NHS England's Making Data Count
// colours for special causes, dark grey for the process lines.
const (
	targetColour      = "#0b0c0c"
	processColour     = "#505a5f"
	improvementColour = "#005eb8"
	concernColour     = "#b35900"
	neutralColour     = "#6b2c91"
)

// referenceColours are the colours of comparators' dashed lines, in turn,
// apart from the colours of a measure's own lines.
var referenceColours = []string{"#28a197", "#f47738", "#6f777b", "#912b88"}

func (s *snapshot) palette() chart.Palette {
	return chart.Palette{s.a.Config.Colour, "#0b0c0c", "#f47738", "#28a197", "#912b88"}
}

// measuresCSV is the download, in each unit's folder, of every month of
// every measure the unit's page shows. One file a unit: a file a measure
// made nine in ten of a snapshot's files, and creating them most of a
// build on disk.
const measuresCSV = "measures.csv"

// details are u's measures in detail, by category, with measures.csv; w
// has their rows of figures.csv.
func (s *snapshot) details(w *rowWriter, u *report.Unit, root, dir string, measures []*report.Measure) ([]detailGroup, error) {
	// Each measure's rows are written in the report's order, which
	// figures.csv keeps; measures.csv takes them in the page's.
	level := s.levelID(u)
	all := make([]detail, len(measures))
	ends := make([]int, len(measures)) // where each measure's rows end in w.csv
	for i, m := range measures {
		w.measure(u, level, m)
		d, err := s.detail(w, u, root, m)
		if err != nil {
			return nil, err
		}
		all[i], ends[i] = d, len(w.csv)
	}
	var groups []detailGroup
	csv := csvWriter{b: s.buffer()}
	csv.start()
	csv.row("period", "unit", "measure", "value", "target", "rag", "ytd", "variation", "assurance")
	for _, cat := range report.Categories {
		g := detailGroup{Name: categoryName(cat)}
		for i, m := range measures {
			if m.Category != cat {
				continue
			}
			g.Details = append(g.Details, all[i])
			start := 0
			if i > 0 {
				start = ends[i-1]
			}
			csv.b = append(csv.b, w.csv[start:ends[i]]...)
		}
		if len(g.Details) > 0 {
			groups = append(groups, g)
		}
	}
	if len(groups) > 0 {
		s.put(dir+"/"+measuresCSV, csv.b)
	}
	return groups, nil
}

func categoryName(c report.Category) string {
	return strings.ToUpper(string(c[:1])) + string(c[1:])
}

// trend is one measure's series as chart lines: the figures (suppressed
// ones left out), the target, the centre line and process limits, and the
// points that signal special causes.
type trend struct {
	labels                           []string
	values, targets                  []*float64
	mean, upper, lower               []*float64
	improvement, concern, neutral    []*float64
	hasTarget, hasLimits, hasSpecial bool
	joined                           bool // a quarterly or yearly measure's points are joined across gaps
}

// newTrend is series as a trend of its own.
func (s *snapshot) newTrend(series []analyse.Figure) trend {
	return s.trendIn(new(trendBuffers), series)
}

// unitTrend is series as a trend in the task's buffers, when it has them:
// a unit's page draws forty, one after another, each used only until its
// chart is written. The next unitTrend reuses its buffers.
func (s *snapshot) unitTrend(series []analyse.Figure) trend {
	if s.scratch == nil {
		return s.newTrend(series)
	}
	return s.trendIn(&s.scratch.trend, series)
}

// trendBuffers hold what a trend's lines point at.
type trendBuffers struct {
	labels []string
	points []*float64       // the lines' points, n to a line
	values []float64        // each figure's value, then its target
	limits []analyse.Limits // each figure's centre line and limits
}

// trendIn is series as a trend in b, which it grows as it needs to.
func (s *snapshot) trendIn(b *trendBuffers, series []analyse.Figure) trend {
	n := len(series)
	b.labels = slices.Grow(b.labels[:0], n)[:n]
	b.points = slices.Grow(b.points[:0], 8*n)[:8*n]
	clear(b.points)
	b.values = slices.Grow(b.values[:0], 2*n)[:2*n]
	b.limits = slices.Grow(b.limits[:0], n)[:n]
	t := trend{labels: b.labels}
	if n > 0 {
		t.joined = series[0].Measure.Frequency.Months() > 1
	}
	for i, p := range []*[]*float64{&t.values, &t.targets, &t.mean, &t.upper, &t.lower, &t.improvement, &t.concern, &t.neutral} {
		*p = b.points[i*n : (i+1)*n : (i+1)*n]
	}
	values, limits := b.values, b.limits
	for i := range series {
		f := &series[i]
		t.labels[i] = s.label(abbrevForm, f.Period, f.Measure.Frequency)
		if f.HasValue && !f.Suppressed {
			v := &values[2*i]
			*v = f.Value
			t.values[i] = v
			switch f.Variation {
			case analyse.Improvement:
				t.improvement[i], t.hasSpecial = v, true
			case analyse.Concern:
				t.concern[i], t.hasSpecial = v, true
			case analyse.Neutral:
				t.neutral[i], t.hasSpecial = v, true
			}
		}
		if f.Target.Set {
			v := &values[2*i+1]
			*v = f.Target.Value
			t.targets[i], t.hasTarget = v, true
		}
		if f.SPC {
			l := &limits[i]
			*l = f.Limits
			t.mean[i], t.upper[i], t.lower[i], t.hasLimits = &l.Mean, &l.Upper, &l.Lower, true
		}
	}
	return t
}

func (t trend) series(name string, brand string) []chart.Series {
	lines := []chart.Series{{Name: name, Values: t.values, Style: chart.Solid, Color: brand, Joined: t.joined}}
	if t.hasTarget {
		lines = append(lines, chart.Series{Name: "Target", Values: t.targets, Style: chart.Step, Color: targetColour})
	}
	if t.hasLimits {
		lines = append(lines,
			chart.Series{Name: "Mean", Values: t.mean, Style: chart.Thin, Color: processColour},
			chart.Series{Name: "Upper process limit", Values: t.upper, Style: chart.Dotted, Color: processColour},
			chart.Series{Name: "Lower process limit", Values: t.lower, Style: chart.Dotted, Color: processColour})
	}
	for _, sp := range []struct {
		name   string
		values []*float64
		colour string
	}{
		{"Special cause improvement", t.improvement, improvementColour},
		{"Special cause concern", t.concern, concernColour},
		{"Special cause variation", t.neutral, neutralColour},
	} {
		for _, v := range sp.values {
			if v != nil {
				lines = append(lines, chart.Series{Name: sp.name, Values: sp.values, Style: chart.Points, Color: sp.colour})
				break
			}
		}
	}
	return lines
}

// referenceKey is a comparator's series of one measure.
type referenceKey struct {
	comparator *report.Unit
	measure    *report.Measure
}

// referenceTrend is a comparator's trend, and how many periods it has.
type referenceTrend struct {
	trend
	n int
}

// reference is comparator c's trend of m. Every unit's chart of m draws
// the same: a snapshot's tasks work it out once and share it (s.references).
func (s *snapshot) reference(c *report.Unit, m *report.Measure) referenceTrend {
	k := referenceKey{c, m}
	if s.references != nil {
		if r, ok := s.references.Load(k); ok {
			return r.(referenceTrend)
		}
	}
	ref := s.series(1, c, m)
	r := referenceTrend{s.newTrend(ref), len(ref)}
	if s.references != nil {
		s.references.Store(k, r)
	}
	return r
}

// detail is m's article on u's page; its periods go to w.
func (s *snapshot) detail(w *rowWriter, u *report.Unit, root string, m *report.Measure) (detail, error) {
	series := s.series(0, u, m)
	t := s.unitTrend(series)
	lines := t.series(m.Name, s.a.Config.Colour)
	var refs []string
	for i, c := range s.a.Comparators {
		if ct := s.reference(c, m); ct.n == len(series) {
			lines = append(lines, chart.Series{Name: c.Name, Values: ct.values, Style: chart.Reference, Color: referenceColours[i%len(referenceColours)], Joined: ct.joined})
			refs = append(refs, c.Name)
		}
	}
	option, err := s.charts.Line(t.labels, axis(m), s.palette(), lines...)
	if err != nil {
		return detail{}, err
	}
	n, first, last := 0, -1, -1
	for i := range series {
		f := &series[i]
		if f.HasValue {
			n++
			if first < 0 {
				first = i
			}
			last = i
		}
		w.add(s.label(labelForm, f.Period, m.Frequency), f)
	}
	// Newest month first in the table: it is what readers look for. The
	// page keeps the latest tableMonths; the CSV download has every one.
	shown := series[len(series)-min(len(series), tableMonths):]
	rows := make([]detailRow, 0, len(shown))
	targets := false // whether any month shown has a target to show and rate against
	for i := len(shown) - 1; i >= 0; i-- {
		f := &shown[i]
		row := detailRow{Period: s.when(*f), Value: noValue(*f), Target: "No target", RAG: rag(*f), Variation: variationOf(*f)}
		if f.HasValue {
			row.Value = s.show(*f)
		} else {
			row.Variation = mdcView{}
		}
		if f.Target.Set {
			row.Target = value(m, f.Target.Value)
			targets = true
		}
		rows = append(rows, row)
	}
	latest := series[len(series)-1]
	summary := "No figures yet."
	if n > 0 {
		f, l := series[first], series[last]
		summary = fmt.Sprintf("%s was %s in %s and %s in %s", m.Name, s.show(f), s.when(f), s.show(l), s.when(l))
		if l.Target.Set {
			summary += fmt.Sprintf(", against a target of %s", value(m, l.Target.Value))
		}
		summary += fmt.Sprintf("; %d of %d %s have figures.", n, len(series), every(m.Frequency).Many)
		if l.SPC {
			summary += fmt.Sprintf(" %s in %s.", variationOf(l).Label, s.when(l))
			if a := assuranceOf(l); l.Assurance != analyse.NoAssurance {
				summary += " " + a.Label + "."
			}
		}
	}
	if len(refs) > 0 {
		summary += " Dashed, for comparison: " + strings.Join(refs, ", ") + "."
	}
	d := detail{
		ID:          m.ID,
		Name:        m.Name,
		Description: m.Description,
		Objective:   s.objective(m.Objective),
		Chart: chartView{
			ID:      "chart-" + m.ID,
			Label:   "Line chart: " + m.Name + " by " + every(m.Frequency).One, // the page is the unit's
			Summary: summary,
			Option:  option,
		},
		Rows:    rows,
		Targets: targets,
		Months:  len(series),
		Every:   every(m.Frequency),
		CSV:     measuresCSV,
		Compare: root + measurePath(m),
	}
	if latest.SPC {
		l := latest.Limits
		d.Limits = fmt.Sprintf("Mean %s; process limits %s to %s.", value(m, l.Mean), value(m, l.Lower), value(m, l.Upper))
	}
	for _, r := range m.Rebase {
		if (r.Unit == nil || r.Unit == u) && r.Period > series[0].Period && r.Period <= s.a.Period {
			d.Limits += fmt.Sprintf(" Limits start again from %s", r.Period.Title())
			if r.Note != "" {
				d.Limits += ": " + r.Note
			}
			d.Limits += "."
		}
	}
	return d, nil
}

// csvValue is a figure's value for a download: "<N" when suppressed.
func (s *snapshot) csvValue(f analyse.Figure) string {
	if f.Suppressed {
		return hidden(s.a.Config)
	}
	return optional(f.HasValue, f.Value)
}

func (s *snapshot) objective(id string) string {
	for _, o := range s.a.Config.Objectives {
		if o.ID == id {
			return o.Name
		}
	}
	return ""
}

func (s *snapshot) matrix(u *report.Unit, root, dir string, measures []*report.Measure) *matrix {
	mx := &matrix{
		Caption: fmt.Sprintf("%s compared, %s", plural(s.a.Levels[u.Children[0].LevelIndex].Name), s.site.Period),
		CSV:     "compare.csv",
	}
	csv := [][]string{{"period", "unit", "measure", "value", "target", "rag", "variation"}}
	for _, m := range measures {
		name := m.Name
		if p := s.lastPeriod(m); p != "" {
			name += " (" + p + ")"
		}
		mx.Measures = append(mx.Measures, matrixHead{name, "#m-" + m.ID})
	}
	for _, c := range u.Children {
		row := matrixRow{Unit: link{c.Name, unitHref(root, c)}}
		for _, m := range measures {
			f := s.a.Figure(c, m)
			cell := matrixCell{RAG: rag(f), Empty: !f.HasValue}
			if f.HasValue {
				cell.Value = s.show(f)
			}
			if s.a.Reports(c, m) {
				csv = append(csv, []string{s.periodLabel(f), c.ID, m.ID, s.csvValue(f), optional(f.Target.Set, f.Target.Value), string(f.RAG), string(f.Variation)})
			} else {
				cell.RAG = ragView{"none", "Not reported"}
			}
			row.Cells = append(row.Cells, cell)
		}
		mx.Rows = append(mx.Rows, row)
	}
	for _, c := range s.a.Comparators {
		row := matrixRow{Unit: link{Text: c.Name}}
		reports := false
		for _, m := range measures {
			f := s.a.Figure(c, m)
			cell := matrixCell{RAG: ragView{"none", noValue(f)}, Empty: !f.HasValue, Unrated: true}
			if f.HasValue {
				cell.Value = s.show(f)
			}
			if s.a.Reports(c, m) {
				reports = true
				csv = append(csv, []string{s.periodLabel(f), c.ID, m.ID, s.csvValue(f), "", "", ""})
			}
			row.Cells = append(row.Cells, cell)
		}
		if reports {
			mx.Rows = append(mx.Rows, row)
		}
	}
	s.download(dir+"/"+mx.CSV, csv)
	return mx
}
