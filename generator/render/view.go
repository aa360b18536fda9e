package render

import (
	"encoding/json"
	"html/template"
	"strconv"
	"strings"

	"github.com/primed/primed/generator/analyse"
	"github.com/primed/primed/generator/report"
)

// page is what every page template receives: the site's frame and the
// page's own view.
type page struct {
	Title   string // the <title>, most specific first
	Heading string
	Root    string // relative path from the page to the snapshot's root, "" or "../../"
	Site    siteView
	Crumbs  []link
	Nav     string // which top navigation item is current
	// Canonical is the page's absolute address in the published site, when
	// primed.yaml gives the site's base_url.
	Canonical string
	Body      any
}

type siteView struct {
	Title        string
	Organisation string
	Period       string // "October 2026", or "2023-24" for a snapshot of yearly figures alone
	PeriodID     string // "2026-10", the snapshot's folder
	Now          string // "this month", or "this year" for a snapshot of yearly figures alone
}

type link struct {
	Text string
	Href string
}

// ragView is a RAG rating as pages show it: a class for colour, an icon
// shape and a text label, so that colour is never the only signal.
type ragView struct {
	Class string // green, amber, red, none
	Label string
}

var ragLabels = map[analyse.RAG]string{
	analyse.Green: "On target",
	analyse.Amber: "Near target",
	analyse.Red:   "Off target",
	analyse.None:  "No target",
}

// rating is f's rating as pages count it: none without a value, a
// target or a better direction.
func rating(f analyse.Figure) analyse.RAG {
	if !f.HasValue || !f.Target.Set || f.Measure.Direction == report.None {
		return analyse.None
	}
	return f.RAG
}

func rag(f analyse.Figure) ragView {
	switch {
	case !f.HasValue:
		return ragView{"none", "No data"}
	case !f.Target.Set:
		return ragView{"none", "No target"}
	case f.Measure.Direction == report.None:
		return ragView{"none", "Not rated"}
	}
	return ragView{string(f.RAG), ragLabels[f.RAG]}
}

// unitView is a unit's page.
type unitView struct {
	Unit       *report.Unit
	Level      string
	ChildLevel string // what the unit's children are called, plural: "teams"
	IsRoot     bool
	Ambition   string
	Objectives []report.Objective
	Attention  []attention
	Cards      []card
	Matrix     *matrix
	Details    []detailGroup
	Finance    *financeView
	Narrative  *narrativeView
	Actions    actionsView
	Children   []childView
	Work       *workView
	Need       string    // where the unit ranks for support among its siblings
	Support    []needRow // its children ranked by support need
}

// needRow is one child unit in a ranking by support need.
type needRow struct {
	Unit    link
	Rank    string
	Score   int
	Reasons []string
	Label   string // More support, Usual support, Less support
	Class   string
}

// mdcView is a Making Data Count icon: variation or assurance, with its
// text name, so that colour is never the only signal.
type mdcView struct {
	Class  string // common, improvement, concern, neutral, none; pass, fail, inconsistent
	Label  string
	Letter string // H or L for special cause; P, F or ? for assurance
}

// attention is one thing at the top of a page that a manager should look at.
type attention struct {
	RAG  ragView
	Text string
	Href string
}

// card is a headline measure in brief.
type card struct {
	ID        string
	Name      string
	Href      string
	Value     string
	Target    string
	RAG       ragView
	Change    string // since last month
	Reporting string // "11 of 12 teams reported", for roll-ups with gaps
	Own       string // a note when the unit gave its own figure
	Actions   string // open actions linked to the measure, in words
	YTD       string
	LastYear  string
	Period    string   // a quarterly or yearly measure's period: "2023-24, published yearly"
	Compared  []string // against each comparator: "England 566.0; 37% higher here"
	Variation mdcView
	Assurance mdcView
}

// HTML is c as the unit page shows it, as the template wrote it before
// (TestCardHTML holds it to that template): a page has forty cards.
func (c card) HTML() (template.HTML, error) {
	var frags [4]template.HTML
	for i, f := range []struct {
		name string
		v    any
	}{
		{"card-title", cardTitle{c.Href, c.Name}},
		{"rag", c.RAG},
		{"mdc", c.Variation},
		{"mdc", c.Assurance},
	} {
		var err error
		if frags[i], err = fragment(f.name, f.v); err != nil {
			return "", err
		}
	}
	var b strings.Builder
	b.Grow(1024)
	text := func(s string) { htmlText.WriteString(&b, s) }
	// hint writes a paragraph of class, when there is text for it.
	hint := func(class, s string) {
		if s != "" {
			b.WriteString(`<p class="` + class + `">`)
			text(s)
			b.WriteString("</p>")
		}
	}
	b.WriteString(`<li class="card card-`)
	text(c.RAG.Class)
	b.WriteString("\">\n")
	b.WriteString(string(frags[0]))
	b.WriteString("\n<p class=\"card-value\">")
	text(c.Value)
	b.WriteString("</p>\n")
	if c.Period != "" {
		hint("card-period", c.Period)
		b.WriteString("\n")
	}
	b.WriteString(`<p class="card-target">`)
	text(c.Target)
	b.WriteString("</p>\n<p>" + string(frags[1]) + "</p>\n<p class=\"card-mdc\">" + string(frags[2]) + string(frags[3]) + "</p>\n")
	hint("hint", c.Change)
	b.WriteString("\n")
	hint("hint", c.YTD)
	b.WriteString("\n")
	hint("hint", c.LastYear)
	b.WriteString("\n")
	for _, s := range c.Compared {
		b.WriteString(`<p class="hint">`)
		text(s)
		b.WriteString("</p>\n")
	}
	hint("hint warning-text", c.Reporting)
	b.WriteString("\n")
	hint("hint warning-text", c.Own)
	b.WriteString("\n")
	if c.Actions != "" {
		b.WriteString(`<p class="hint"><a href="#actions">`)
		text(c.Actions)
		b.WriteString("</a></p>")
	}
	b.WriteString("\n</li>\n")
	return template.HTML(b.String()), nil
}

// cardTitle is the value of the fragment of that name.
type cardTitle struct{ Href, Name string }

// matrix compares a unit's children across its measures.
type matrix struct {
	Caption  string
	Measures []matrixHead
	Rows     []matrixRow
	CSV      string
}

type matrixHead struct {
	Name string
	Href string
}

type matrixRow struct {
	Unit  link
	Cells []matrixCell
}

type matrixCell struct {
	Value   string
	RAG     ragView
	Empty   bool
	Unrated bool // a comparator's: compared with, never rated
}

// detailGroup is one category of measures in detail.
type detailGroup struct {
	Name    string
	Details []detail
}

// detail is one measure's trend: chart, summary and table.
type detail struct {
	ID          string
	Name        string
	Description string
	Objective   string
	Chart       chartView
	Rows        []detailRow // the latest tableMonths, newest first
	Targets     bool        // some period of Rows has a target: the table shows targets and ratings
	Months      int         // how many periods the CSV download has
	Every       Every       // the measure's period, in words
	CSV         string
	Variation   mdcView
	Assurance   mdcView
	Limits      string // the process limits in words
	Compare     string // the measure's page
}

// Every names a measure's period in words, for headings and captions.
type Every struct {
	One, Many string // "month" and "months", "quarter" and "quarters", "year" and "years"
	Heading   string // "Month", "Quarter", "Year"
}

func every(f report.Frequency) Every {
	switch f {
	case report.Quarterly:
		return Every{"quarter", "quarters", "Quarter"}
	case report.Yearly:
		return Every{"year", "years", "Year"}
	}
	return Every{"month", "months", "Month"}
}

// tableMonths is how many months a measure's table shows on a unit's
// page: this month and the same month last year, and all between.
const tableMonths = 13

type detailRow struct {
	Period    string
	Value     string
	Target    string
	RAG       ragView
	Variation mdcView
}

// Body is the rows of d's table, as the template would write them: a page
// has forty such tables, and writing their cells here, escaped as
// html/template escapes text, takes a tenth of the template's time. Only
// Period, Value and Target can hold input text (a measure's units); a
// rating's class and label, and the variation's icon, are primed's own.
func (d detail) Body() (template.HTML, error) {
	var b strings.Builder
	var last mdcView
	var variation template.HTML
	for i, r := range d.Rows {
		if i == 0 || r.Variation != last {
			// Most months' variation is the month before's.
			var err error
			if variation, err = fragment("variation", r.Variation); err != nil {
				return "", err
			}
			last = r.Variation
		}
		b.WriteString(`<tr><th scope="row">`)
		htmlText.WriteString(&b, r.Period)
		b.WriteString(`</th><td>`)
		htmlText.WriteString(&b, r.Value)
		b.WriteString(`</td>`)
		if d.Targets {
			b.WriteString(`<td>`)
			htmlText.WriteString(&b, r.Target)
			b.WriteString(`</td><td class="rag-cell rag-`)
			htmlText.WriteString(&b, r.RAG.Class)
			b.WriteString(`">`)
			htmlText.WriteString(&b, r.RAG.Label)
			b.WriteString(`</td>`)
		}
		b.WriteString(`<td>`)
		b.WriteString(string(variation))
		b.WriteString("</td></tr>\n")
	}
	return template.HTML(b.String()), nil
}

// Article is d's part of a unit page, as the template wrote it before
// (TestDetailArticle holds it to that template): a page has forty, and
// html/template calls its escapers by reflection, action by action. Text
// is escaped as html/template escapes it; the links, which html/template
// filters as URLs, are its own output, once for each distinct link.
func (d detail) Article() (template.HTML, error) {
	body, err := d.Body()
	if err != nil {
		return "", err
	}
	var frags [4]template.HTML
	for i, f := range []struct {
		name string
		v    any
	}{
		{"mdc", d.Variation},
		{"mdc", d.Assurance},
		{"compare-link", compareLink{d.Compare, d.Name}},
		{"measure-download", measureDownload{d.CSV, d.Months, d.Every.Many, d.Months > len(d.Rows)}},
	} {
		if frags[i], err = fragment(f.name, f.v); err != nil {
			return "", err
		}
	}
	var b strings.Builder
	b.Grow(len(body) + len(d.Chart.Option) + 2048)
	text := func(s string) { htmlText.WriteString(&b, s) }
	html := func(ss ...string) {
		for _, s := range ss {
			b.WriteString(s)
		}
	}
	html(`<article class="measure" id="m-`)
	text(d.ID)
	html(`" aria-labelledby="m-`)
	text(d.ID)
	html("-title\">\n<h4 id=\"m-")
	text(d.ID)
	html(`-title">`)
	text(d.Name)
	html("</h4>\n<p class=\"hint\">")
	text(d.Description)
	if d.Objective != "" {
		html(" Objective: ")
		text(d.Objective)
		html(".")
	}
	html("</p>\n<p class=\"card-mdc\">", string(frags[0]), string(frags[1]), "</p>\n")
	if d.Limits != "" {
		html(`<p class="hint">`)
		text(d.Limits)
		html("</p>")
	}
	html("\n")
	d.Chart.write(&b)
	html("\n", string(frags[2]), "\n<details class=\"figures\">\n<summary>Figures for ")
	text(d.Name)
	html(", by ")
	text(d.Every.One)
	latest := ""
	if d.Months > len(d.Rows) {
		latest = ": the latest " + strconv.Itoa(len(d.Rows))
	}
	html(latest, "</summary>\n<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Figures for ")
	text(d.Name)
	html(`">`, "\n<table class=\"months")
	if !d.Targets {
		html(" untargeted")
	}
	html("\">\n<caption class=\"visually-hidden\">")
	text(d.Name)
	html(" by ")
	text(d.Every.One)
	html(", newest first")
	if latest != "" {
		html(latest, " of ", strconv.Itoa(d.Months), " ")
		text(d.Every.Many)
	}
	if !d.Targets {
		html(", with no target")
	}
	html("</caption>\n<thead><tr><th scope=\"col\">")
	text(d.Every.Heading)
	html(`</th><th scope="col" class="num">Value</th>`)
	if d.Targets {
		html(`<th scope="col" class="num">Target</th><th scope="col">Rating</th>`)
	}
	html("<th scope=\"col\">Variation</th></tr></thead>\n<tbody>\n", string(body), "</tbody>\n</table>\n</div>\n",
		string(frags[3]), "\n</details>\n</article>\n")
	return template.HTML(b.String()), nil
}

// compareLink and measureDownload are the values of the fragments of the
// same names.
type (
	compareLink     struct{ Href, Name string }
	measureDownload struct {
		CSV    string
		Months int
		Many   string
		All    bool // the table shows fewer periods than the CSV has
	}
)

// htmlText escapes text as html/template does in text and quoted
// attribute values, so that a page's bytes do not depend on which of the
// two wrote them.
var htmlText = strings.NewReplacer(
	"\x00", "\uFFFD",
	`"`, "&#34;",
	"&", "&amp;",
	"'", "&#39;",
	"+", "&#43;",
	"<", "&lt;",
	">", "&gt;",
)

// chartView is one chart: its container, the option its script draws, and
// the sentence that says what it shows.
type chartView struct {
	ID      string
	Label   string
	Summary string
	Option  json.RawMessage
}

// Data is the option for the page's JSON data block. The chart package
// writes it with encoding/json, which escapes <, > and & inside strings,
// so it cannot end the script element; marking it as trusted spares the
// template from marshalling every option a second time.
func (c chartView) Data() template.JS { return template.JS(c.Option) }

// write writes c as the "chart" template does (TestDetailArticle).
func (c chartView) write(b *strings.Builder) {
	b.WriteString("<figure class=\"chart\">\n<div class=\"chart-canvas\" id=\"")
	htmlText.WriteString(b, c.ID)
	b.WriteString(`" role="img" aria-label="`)
	htmlText.WriteString(b, c.Label)
	b.WriteString(`" data-chart="`)
	htmlText.WriteString(b, c.ID)
	b.WriteString("-data\"></div>\n<script type=\"application/json\" id=\"")
	htmlText.WriteString(b, c.ID)
	b.WriteString(`-data">`)
	b.Write(c.Option)
	b.WriteString("</script>\n<figcaption class=\"chart-summary\">")
	htmlText.WriteString(b, c.Summary)
	b.WriteString("</figcaption>\n</figure>")
}

type financeView struct {
	Lines        []moneyRow
	Total        moneyRow
	Chart        chartView
	ProfileChart chartView
	Profile      []profileRow
	YearStart    string // "April 2026"
	Projected    bool   // some forecast is projected rather than given
	HasBudget    bool   // the finance data gives a budget
	Rated        bool   // and spend to compare with it
	HasForecast  bool   // the total has a forecast outturn
	Tolerance    string // the overspend tolerance, "1.0%"
	TopSpend     []string
	TopOver      []string
	CSV          string
}

type profileRow struct {
	Period   string
	Budget   string
	Actual   string
	Variance string
}

type moneyRow struct {
	Category  string
	Budget    string
	Actual    string
	YTDBudget string
	YTDActual string
	Variance  string
	VarPct    string
	Forecast  string
	Projected bool
	// ProjectedFrom says how many months a projected forecast is from:
	// "projected from 7 months".
	ProjectedFrom string
	Over          bool
	RAG           ragView
}

type narrativeView struct {
	Headline string
	Author   string
	Draft    bool
	HTML     template.HTML
}

type actionsView struct {
	Rows    []actionRow
	Open    int
	Overdue int
	CSV     string
}

type actionRow struct {
	UnitID  string // for the actions page's filter
	State   string // overdue, open, done, dropped: for the filter
	DueISO  string // for sorting by date
	ID      string
	Unit    link
	Meeting string
	Owner   string
	Raised  string
	Due     string
	Status  string // "Overdue by 12 days", "Open", "Done 3 October 2026"
	Class   string // overdue, open, closed
	Text    string
	Measure string
	Age     string
}

type childView struct {
	Link  link
	Level string
	Count ragCount
}

// ragCount counts a unit's measures by rating this month.
type ragCount struct {
	Red, Amber, Green, None int
}

func (c ragCount) String() string {
	var parts []string
	add := func(n int, s string) {
		if n > 0 {
			parts = append(parts, grouped(float64(n), 0)+" "+s)
		}
	}
	add(c.Red, "off target")
	add(c.Amber, "near target")
	add(c.Green, "on target")
	add(c.None, "not rated")
	if len(parts) == 0 {
		return "no measures"
	}
	return strings.Join(parts, ", ")
}

// contentsView is the snapshot's front page: the organisation as a tree.
type contentsView struct {
	Ambition string
	Tree     treeNode
}

type treeNode struct {
	Link     link
	Level    string
	Count    ragCount
	Children []treeNode
}

// actionsPage lists every action in the snapshot.
type actionsPage struct {
	Actions actionsView
	Units   []option
	Owners  []option
}

type option struct {
	Value string
	Text  string
}
