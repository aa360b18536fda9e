package render

import (
	"encoding/json"
	"html/template"
	"slices"
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
	Cards      cards
	Matrix     *matrix
	Details    detailGroups
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

// cards are a unit page's headline measures.
type cards []card

// HTML is the cards as the unit page shows them: a page has forty, and
// one call writes them all.
func (cs cards) HTML() (template.HTML, error) {
	var w htmlWriter
	w.grow(1024 * len(cs))
	for i := range cs {
		cs[i].write(&w)
	}
	return w.done()
}

// write writes c as the unit page shows it, as the template wrote it
// before (TestCardHTML holds it to that template).
func (c *card) write(w *htmlWriter) {
	// para writes a paragraph of class, when there is text for it.
	para := func(class, s string) {
		if s != "" {
			w.html(`<p class="`, class, `">`)
			w.text(s)
			w.html("</p>")
		}
	}
	w.html(`<li class="card card-`)
	w.text(c.RAG.Class)
	w.html("\">\n")
	w.fragment("card-title", cardTitle{c.Href, c.Name})
	w.html("\n<p class=\"card-value\">")
	w.text(c.Value)
	w.html("</p>\n")
	if c.Period != "" {
		para("card-period", c.Period)
		w.html("\n")
	}
	w.html(`<p class="card-target">`)
	w.text(c.Target)
	w.html("</p>\n<p>")
	w.fragment("rag", c.RAG)
	w.html("</p>\n<p class=\"card-mdc\">")
	w.fragment("mdc", c.Variation)
	w.fragment("mdc", c.Assurance)
	w.html("</p>\n")
	for _, s := range []string{c.Change, c.YTD, c.LastYear} {
		para("hint", s)
		w.html("\n")
	}
	for _, s := range c.Compared {
		w.html(`<p class="hint">`)
		w.text(s)
		w.html("</p>\n")
	}
	para("hint warning-text", c.Reporting)
	w.html("\n")
	para("hint warning-text", c.Own)
	w.html("\n")
	if c.Actions != "" {
		w.html(`<p class="hint"><a href="#actions">`)
		w.text(c.Actions)
		w.html("</a></p>")
	}
	w.html("\n</li>\n")
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

// detailGroups are a unit page's measures in detail, by category.
type detailGroups []detailGroup

// appendSection appends to b the unit page's section of measures in
// detail, if it has any: each category's heading and articles.
func (gs detailGroups) appendSection(b []byte) ([]byte, error) {
	if len(gs) == 0 {
		return b, nil
	}
	size := 0
	for _, g := range gs {
		for _, d := range g.Details {
			size += len(d.Chart.Option) + 4096
		}
	}
	w := htmlWriter{b: slices.Grow(b, size)}
	w.html("<section aria-labelledby=\"detail\">\n<h2 id=\"detail\">Measures in detail</h2>\n")
	for _, g := range gs {
		w.html(`<h3 class="category">`)
		w.text(g.Name)
		w.html("</h3>\n")
		for i := range g.Details {
			g.Details[i].write(&w)
		}
	}
	w.html("\n</section>")
	return w.b, w.err
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

// writeRows writes the rows of d's table to w, as the template would
// write them (TestDetailBody). Only Period, Value and Target can hold
// input text (a measure's units); a rating's class and label, and the
// variation's icon, are primed's own. A page has forty such tables, so
// their header cells go without scope: in a row of data cells, a th is
// the row's header by the HTML table model, as one in a row of th alone
// is its column's.
func (d detail) writeRows(w *htmlWriter) {
	var last mdcView
	var variation template.HTML
	for i, r := range d.Rows {
		w.html(`<tr><th>`)
		w.text(r.Period)
		w.html(`</th><td>`)
		w.text(r.Value)
		w.html(`</td>`)
		if d.Targets {
			w.html(`<td>`)
			w.text(r.Target)
			w.html(`</td><td class="rag-`)
			w.text(r.RAG.Class)
			w.html(`">`)
			w.text(r.RAG.Label)
			w.html(`</td>`)
		}
		if i == 0 || r.Variation != last {
			// Most months' variation is the month before's.
			variation, last = w.lookup("variation", r.Variation), r.Variation
		}
		w.html("<td>", string(variation), "</td></tr>\n")
	}
}

// write writes d's article on a unit page, as the template wrote it
// before (TestDetailArticle holds it to that template).
func (d *detail) write(w *htmlWriter) {
	w.html(`<article class="measure" id="m-`)
	w.text(d.ID)
	w.html(`" aria-labelledby="m-`)
	w.text(d.ID)
	w.html("-title\">\n<h4 id=\"m-")
	w.text(d.ID)
	w.html(`-title">`)
	w.text(d.Name)
	w.html("</h4>\n<p class=\"hint\">")
	w.text(d.Description)
	if d.Objective != "" {
		w.html(" Objective: ")
		w.text(d.Objective)
		w.html(".")
	}
	w.html("</p>\n")
	if d.Limits != "" {
		w.html(`<p class="hint">`)
		w.text(d.Limits)
		w.html("</p>")
	}
	w.html("\n")
	d.Chart.write(w)
	w.html("\n")
	w.fragment("compare-link", compareLink{d.Compare, d.Name})
	w.html("\n<details class=\"figures\">\n<summary>Figures for ")
	w.text(d.Name)
	w.html(", by ")
	w.text(d.Every.One)
	latest := ""
	if d.Months > len(d.Rows) {
		latest = ": the latest " + strconv.Itoa(len(d.Rows))
	}
	w.html(latest, "</summary>\n<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Figures for ")
	w.text(d.Name)
	w.html(`">`, "\n<table class=\"months")
	if !d.Targets {
		w.html(" untargeted")
	}
	w.html("\">\n<caption class=\"visually-hidden\">")
	w.text(d.Name)
	w.html(" by ")
	w.text(d.Every.One)
	w.html(", newest first")
	if latest != "" {
		w.html(latest, " of ", strconv.Itoa(d.Months), " ")
		w.text(d.Every.Many)
	}
	if !d.Targets {
		w.html(", with no target")
	}
	w.html("</caption>\n<thead><tr><th>")
	w.text(d.Every.Heading)
	w.html(`</th><th class="num">Value</th>`)
	if d.Targets {
		w.html(`<th class="num">Target</th><th>Rating</th>`)
	}
	w.html("<th>Variation</th></tr></thead>\n<tbody>\n")
	d.writeRows(w)
	w.html("</tbody>\n</table>\n</div>\n")
	w.fragment("measure-download", measureDownload{d.CSV, d.Months, d.Every.Many, d.Months > len(d.Rows)})
	w.html("\n</details>\n</article>\n")
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

// htmlWriter writes a view's HTML as its template wrote it, where a page
// repeats the view too often for html/template, which calls an escaper by
// reflection for each action: text escaped as html/template escapes it
// (htmlText), and links and ratings, which html/template filters and
// escapes by context, as its own output, once for each distinct one (see
// fragment). It keeps the first error of a fragment.
type htmlWriter struct {
	b   []byte
	err error
}

// grow makes room for n more bytes.
func (w *htmlWriter) grow(n int) { w.b = slices.Grow(w.b, n) }

// Write and WriteString append to what w wrote, for htmlText.
func (w *htmlWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

func (w *htmlWriter) WriteString(s string) (int, error) {
	w.b = append(w.b, s...)
	return len(s), nil
}

// html writes markup as it is.
func (w *htmlWriter) html(ss ...string) {
	for _, s := range ss {
		w.b = append(w.b, s...)
	}
}

// text writes s escaped.
func (w *htmlWriter) text(s string) { htmlText.WriteString(w, s) }

// fragment writes the template name executed on v.
func (w *htmlWriter) fragment(name string, v any) { w.b = append(w.b, w.lookup(name, v)...) }

// link writes l as the "link" template does. Most links are primed's own:
// paths built from unit and measure ids, or a measure's anchor. Those are
// written here, as html/template would leave them: with no scheme, and
// only characters that neither URL normalising nor attribute escaping
// change. Any other link goes through the template, which filters and
// escapes it. Links are not kept as fragments are: a measure's league
// table links every unit's own anchor, a third of a million at 8,000
// units.
func (w *htmlWriter) link(l link) {
	if !plainHref(l.Href) {
		h, err := execute("link", l)
		if err != nil && w.err == nil {
			w.err = err
		}
		w.b = append(w.b, h...)
		return
	}
	w.html(`<a href="`, l.Href, `">`)
	w.text(l.Text)
	w.html("</a>")
}

// plainHref reports whether href holds only letters, digits and "-_./#":
// no scheme, and nothing html/template's URL normalising or attribute
// escaping would change.
func plainHref(href string) bool {
	for i := 0; i < len(href); i++ {
		switch c := href[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-', c == '_', c == '.', c == '/', c == '#':
		default:
			return false
		}
	}
	return true
}

// lookup is the template name executed on v, as fragment writes it.
func (w *htmlWriter) lookup(name string, v any) template.HTML {
	h, err := fragment(name, v)
	if err != nil && w.err == nil {
		w.err = err
	}
	return h
}

// done is what w wrote, or its first error.
func (w *htmlWriter) done() (template.HTML, error) {
	if w.err != nil {
		return "", w.err
	}
	return template.HTML(w.b), nil
}

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
func (c chartView) write(w *htmlWriter) {
	w.html("<figure class=\"chart\">\n<div class=\"chart-canvas\" id=\"")
	w.text(c.ID)
	w.html(`" role="img" aria-label="`)
	w.text(c.Label)
	w.html(`" data-chart="`)
	w.text(c.ID)
	w.html("-data\"></div>\n<script type=\"application/json\" id=\"")
	w.text(c.ID)
	w.html(`-data">`)
	w.b = append(w.b, c.Option...)
	w.html("</script>\n<figcaption class=\"chart-summary\">")
	w.text(c.Summary)
	w.html("</figcaption>\n</figure>")
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
