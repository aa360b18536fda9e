package render

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/primed/primed/generator/analyse"
	"github.com/primed/primed/generator/markdown"
	"github.com/primed/primed/generator/report"
)

// unitPage renders u's page and its CSV downloads, and returns u's rows
// of figures.csv.
func (s *snapshot) unitPage(u *report.Unit) ([]byte, error) {
	dir := unitDir(u)
	root := rootFrom(dir)
	v := unitView{
		Unit:   u,
		Level:  s.a.Levels[u.LevelIndex].Name,
		IsRoot: u.Parent == nil,
	}
	if len(u.Children) > 0 {
		v.ChildLevel = plural(s.a.Levels[u.Children[0].LevelIndex].Name)
	}
	if v.IsRoot {
		v.Ambition = s.a.Config.Ambition
		v.Objectives = s.a.Config.Objectives
	}
	measures := s.a.Of(u).Measures
	for _, m := range measures {
		if m.Work == nil { // work has a section of its own
			v.Cards = append(v.Cards, s.card(u, m))
		}
	}
	rows := s.rowWriter()
	var err error
	if v.Details, err = s.details(rows, u, root, dir, measures); err != nil {
		return nil, err
	}
	rows.finance(s, u, s.levelID(u), s.a.Of(u).Finance.Series)
	if !u.IsLeaf() && len(measures) > 0 {
		v.Matrix = s.matrix(u, root, dir, measures)
	}
	if !u.IsLeaf() {
		for _, c := range u.Children {
			v.Children = append(v.Children, childView{
				Link:  link{c.Name, unitHref(root, c)},
				Level: s.a.Levels[c.LevelIndex].Name,
				Count: s.count(c),
			})
		}
	}
	if v.Work, err = s.work(u, dir); err != nil {
		return nil, err
	}
	if v.Finance, err = s.finance(u, dir); err != nil {
		return nil, err
	}
	if v.Narrative, err = s.narrative(u); err != nil {
		return nil, err
	}
	v.Actions = s.actions(s.a.Of(u).Actions, root, dir+"/actions.csv", u)
	v.Attention = s.attention(u, v)
	v.Need = s.ownNeed(u)
	if !u.IsLeaf() {
		v.Support = s.support(u, root, dir)
	}

	var crumbs []link
	for _, a := range u.Ancestors() {
		crumbs = append(crumbs, link{a.Name, unitHref(root, a)})
	}
	p := page{
		Title:   fmt.Sprintf("%s – %s – %s", u.Name, s.site.Period, s.site.Title),
		Heading: u.Name,
		Root:    root,
		Crumbs:  crumbs,
		Body:    v,
	}
	// The template's two halves, and between them the spend and the
	// measures in detail, which Go writes straight into the page.
	err = s.page(dir+"/index.html", p, func(w *htmlWriter, p page) error {
		if err := w.template("unit.html", p); err != nil {
			return err
		}
		if v.Finance != nil {
			v.Finance.write(w, s.site.Period)
		}
		var err error
		if w.b, err = v.Details.appendSection(append(w.b, "\n\n"...)); err != nil {
			return err
		}
		return w.template("unit-end.html", p)
	})
	if err != nil {
		return nil, err
	}
	return rows.figures, nil
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

// ago returns unit u's figure for measure m n periods of its frequency
// before its latest, when the snapshot shows that period and it has a
// value.
func (s *snapshot) ago(u *report.Unit, m *report.Measure, n int) (analyse.Figure, bool) {
	f, ok := s.a.Ago(u, m, n)
	return f, ok && f.HasValue
}

// previous returns the figure for the period before the latest: last
// month's, last quarter's or last year's.
func (s *snapshot) previous(u *report.Unit, m *report.Measure) (analyse.Figure, bool) {
	return s.ago(u, m, 1)
}

// lastYear returns the figure for the same month or quarter a year before
// the latest; a yearly measure's previous figure is already that.
func (s *snapshot) lastYear(u *report.Unit, m *report.Measure) (analyse.Figure, bool) {
	n := 12 / m.Frequency.Months()
	if n == 1 {
		return analyse.Figure{}, false
	}
	return s.ago(u, m, n)
}

// when names the period a figure is for, as pages do: "March 2024",
// "Q3 2024-25" or "2023-24".
func (s *snapshot) when(f analyse.Figure) string {
	return s.label(nameForm, f.Period, f.Measure.Frequency)
}

// periodLabel is the period a figure is for, as downloads write it:
// "2024-03", "2024-25 Q3" or "2023-24".
func (s *snapshot) periodLabel(f analyse.Figure) string {
	return s.label(labelForm, f.Period, f.Measure.Frequency)
}

// in is " in 2023-24" for a quarterly or yearly figure, whose period is
// not the snapshot's month, and "" for a monthly one.
func (s *snapshot) in(f analyse.Figure) string {
	if f.Measure.Frequency.Months() == 1 {
		return ""
	}
	return " in " + s.when(f)
}

// latest names measure m's latest period shown, for a quarterly or
// yearly measure: "2023-24, published yearly"; "" for a measure whose
// latest is the snapshot's own period.
func (s *snapshot) latest(m *report.Measure) string {
	name := s.lastPeriod(m)
	if name == "" || m.Frequency == s.a.Every {
		return "" // the snapshot's own period
	}
	return name + ", published " + m.Frequency.Adjective()
}

// lastPeriod names a quarterly or yearly measure m's latest period shown,
// "2023-24"; "" for a monthly one, whose latest is the snapshot's month.
func (s *snapshot) lastPeriod(m *report.Measure) string {
	ps := s.a.PeriodsOf(m)
	if m.Frequency.Months() == 1 || len(ps) == 0 {
		return ""
	}
	return ps[len(ps)-1].Name(m.Frequency, s.a.Config.YearStart)
}

func (s *snapshot) card(u *report.Unit, m *report.Measure) card {
	f := s.a.Figure(u, m)
	c := card{
		ID:        m.ID,
		Name:      m.Name,
		Href:      "#m-" + m.ID,
		Value:     noValue(f),
		Target:    "No target",
		RAG:       rag(f),
		Variation: variationOf(f),
		Assurance: assuranceOf(f),
		Period:    s.latest(m),
	}
	if f.HasValue {
		c.Value = s.show(f)
		if p, ok := s.previous(u, m); ok && !p.Suppressed && !f.Suppressed {
			c.Change = change(m, f.Value-p.Value) + " since " + s.when(p)
		}
	}
	if f.Target.Set {
		c.Target = targetText(m, f.Target)
	}
	if f.HasYTD {
		c.YTD = "Year to date: " + s.showYTD(f)
		if f.YTDMonths < f.YTDOf {
			c.YTD += fmt.Sprintf(" (%d of %d months)", f.YTDMonths, f.YTDOf)
		}
	}
	if ly, ok := s.lastYear(u, m); ok {
		c.LastYear = fmt.Sprintf("%s: %s", s.when(ly), s.show(ly))
	}
	for _, cu := range s.a.Comparators {
		if text := s.against(f, cu); text != "" {
			c.Compared = append(c.Compared, text)
		}
		if text := s.ranked(f, cu); text != "" {
			c.Compared = append(c.Compared, text)
		}
	}
	if f.Expected > 0 && f.Reporting < f.Expected && !f.Own {
		c.Reporting = fmt.Sprintf("%d of %d %s reported", f.Reporting, f.Expected, strings.ToLower(plural(s.a.Levels[u.Children[0].LevelIndex].Name)))
	}
	open := 0
	for _, a := range s.a.Of(u).Actions {
		if a.Measure == m && !a.ClosedNow {
			open++
		}
	}
	if open > 0 {
		c.Actions = fmt.Sprintf("%d open %s on this measure", open, pluralWord(open, "action", "actions"))
	}
	if f.Own && !u.IsLeaf() {
		given := "Figure given for this unit"
		if !f.HasValue {
			given = "No figure given for this unit this month"
			if m.Frequency.Months() > 1 {
				given = "No figure given for this unit for " + s.when(f)
			}
		}
		c.Own = given + ", not rolled up."
		if f.HasRolledUp && !f.Suppressed {
			c.Own = fmt.Sprintf("%s; its %s add up to %s.", given, strings.ToLower(plural(s.a.Levels[u.Children[0].LevelIndex].Name)), value(m, f.RolledUp))
		}
	}
	return c
}

// noValue is what a figure without a value shows: "No return" where the
// data gives it as missing, as a return not received, and "No data"
// where the data says nothing.
func noValue(f analyse.Figure) string {
	if f.NoReturn {
		return "No return"
	}
	return "No data"
}

// hidden is what a suppressed count shows: "<N".
func hidden(c report.Config) string { return fmt.Sprintf("<%d", c.Suppression) }

// show formats a figure's value, or "<N" when it is suppressed.
func (s *snapshot) show(f analyse.Figure) string {
	if f.Suppressed {
		return hidden(s.a.Config)
	}
	return value(f.Measure, f.Value)
}

func (s *snapshot) showYTD(f analyse.Figure) string {
	if f.YTDSuppressed {
		return hidden(s.a.Config)
	}
	return value(f.Measure, f.YTD)
}

func targetText(m *report.Measure, t analyse.Target) string {
	word := "Target"
	switch m.Direction {
	case report.Up:
		word = "Target at least"
	case report.Down:
		word = "Target at most"
	}
	text := word + " " + value(m, t.Value)
	if t.RolledUp {
		text += " (the sum of its units' targets)"
	}
	return text
}

// count tallies u's measures by this month's rating.
func (s *snapshot) count(u *report.Unit) ragCount {
	var c ragCount
	for _, m := range s.a.Of(u).Measures {
		switch rating(s.a.Figure(u, m)) {
		case analyse.Red:
			c.Red++
		case analyse.Amber:
			c.Amber++
		case analyse.Green:
			c.Green++
		default:
			c.None++
		}
	}
	return c
}

// attention lists what needs looking at first: the exceptions the
// analysis finds, overdue actions, and the unit's support need.
func (s *snapshot) attention(u *report.Unit, v unitView) []attention {
	var list []attention
	for _, e := range s.a.Of(u).Exceptions {
		f, m := e.Figure, e.Figure.Measure
		at := "#m-" + m.ID
		against := ""
		if f.Target.Set {
			against = " against a target of " + value(m, f.Target.Value)
		}
		var text string
		icon := rag(f)
		switch e.Kind {
		case analyse.TurnedRed:
			text = fmt.Sprintf("%s turned off target: %s%s%s.", m.Name, s.show(f), against, s.in(f))
		case analyse.StillRed:
			text = fmt.Sprintf("%s is off target: %s%s%s.", m.Name, s.show(f), against, s.in(f))
		case analyse.SpecialBad:
			text = fmt.Sprintf("%s shows special-cause concern (%s): %s in %s.", m.Name, side(f), s.show(f), s.when(f))
			icon = ragView{"concern", "Concern"}
		case analyse.Failing:
			text = fmt.Sprintf("%s will not meet its target without change: the target lies outside its process limits.", m.Name)
			icon = ragView{"concern", "Failing"}
		case analyse.SpecialGood:
			text = fmt.Sprintf("%s shows special-cause improvement (%s): %s in %s.", m.Name, side(f), s.show(f), s.when(f))
			icon = ragView{"improvement", "Improving"}
		case analyse.BackOn:
			text = fmt.Sprintf("%s is back on target: %s, from %s in %s.", m.Name, s.show(f), s.show(e.Previous), s.when(e.Previous))
		}
		list = append(list, attention{icon, text, at})
	}
	if v.Actions.Overdue > 0 {
		list = append(list, attention{ragView{"red", "Overdue"}, fmt.Sprintf("%d overdue %s.", v.Actions.Overdue, pluralWord(v.Actions.Overdue, "action", "actions")), "#actions"})
	}
	return list
}

// support ranks u's children by support need, for its page.
func (s *snapshot) support(u *report.Unit, root, dir string) []needRow {
	var rows []needRow
	needs := s.a.Of(u).Support
	csv := [][]string{{"period", "unit", "rank", "points", "need", "reasons"}}
	for _, n := range needs {
		row := needRow{
			Unit:    link{n.Unit.Name, unitHref(root, n.Unit)},
			Rank:    rank(n, needs),
			Score:   n.Score,
			Reasons: n.Reasons,
		}
		switch {
		case n.Score == 0:
			row.Label, row.Class = "Less support", "less"
		case n.Rank <= (len(needs)+2)/3:
			row.Label, row.Class = "More support", "more"
		default:
			row.Label, row.Class = "Usual support", "usual"
		}
		rows = append(rows, row)
		csv = append(csv, []string{s.site.PeriodID, n.Unit.ID, optionalInt(n.Score > 0, n.Rank), fmt.Sprint(n.Score), row.Label, strings.Join(n.Reasons, "; ")})
	}
	s.download(dir+"/support.csv", csv)
	return rows
}

// ownNeed says where u ranks for support among its siblings.
func (s *snapshot) ownNeed(u *report.Unit) string {
	n := s.a.Of(u).Need
	if n.Of < 2 {
		return ""
	}
	if n.Score == 0 {
		return "Support need: none " + s.site.Now + "."
	}
	level := strings.ToLower(plural(s.a.Levels[u.LevelIndex].Name))
	return fmt.Sprintf("Support need: ranked %s of the %d %s in %s, for %s.", rank(n, s.a.Of(u.Parent).Support), n.Of, level, u.Parent.Name, strings.Join(n.Reasons, "; "))
}

// rank is n's rank among needs as a page shows it: none for a unit with
// nothing to rank it by, and "(joint)" for a rank it shares.
func rank(n analyse.Need, needs []analyse.Need) string {
	if n.Score == 0 {
		return "–"
	}
	shared := 0
	for _, o := range needs {
		if o.Rank == n.Rank {
			shared++
		}
	}
	if shared > 1 {
		return fmt.Sprintf("%d (joint)", n.Rank)
	}
	return fmt.Sprint(n.Rank)
}

// optionalInt is n, or empty when !ok.
func optionalInt(ok bool, n int) string {
	if !ok {
		return ""
	}
	return strconv.Itoa(n)
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// narrativeStart opens the narrative section of a unit's page.
const narrativeStart = `<section class="narrative" aria-labelledby="narrative">`

// ErrCannotSplice says a narrative cannot be put into a page it was not
// built with: the page has no narrative section, or the narrative shows
// images, which are files of their own. The page must be built in full.
var ErrCannotSplice = errors.New("the narrative cannot be put in place of the page's: build the page in full")

// SpliceNarrative returns page, the built page of n's unit, with its
// narrative section rendered again from n: the bytes a build of the whole
// page with n would write, since the section is the one template both use.
func SpliceNarrative(page []byte, n report.Narrative) ([]byte, error) {
	if len(n.Images) > 0 || bytes.Count(page, []byte(narrativeStart)) != 1 {
		return nil, ErrCannotSplice
	}
	start := bytes.Index(page, []byte(narrativeStart))
	end := bytes.Index(page[start:], []byte("</section>"))
	if end < 0 {
		return nil, ErrCannotSplice
	}
	end += start + len("</section>")
	html, err := markdown.HTML(n.Body, nil)
	if err != nil {
		return nil, err
	}
	var section bytes.Buffer
	if err := pages.ExecuteTemplate(&section, "narrative", narrativeView{Headline: n.Headline, Author: n.Author, Draft: n.Draft, HTML: html}); err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(page)+section.Len())
	out = append(out, page[:start]...)
	out = append(out, section.Bytes()...)
	return append(out, page[end:]...), nil
}
