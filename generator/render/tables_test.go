package render

import (
	"html/template"
	"strings"
	"testing"
)

// The table rows as unit.html wrote them before tables.go did.
const (
	matrixTemplate = `{{range .Rows}}<tr{{if not .Unit.Href}} class="comparator"{{end}}><th scope="row">{{if .Unit.Href}}<a href="{{.Unit.Href}}">{{.Unit.Text}}</a>{{else}}{{.Unit.Text}} <span class="hint">(comparator)</span>{{end}}</th>{{range .Cells}}<td class="num">{{if .Empty}}<span class="hint">{{.RAG.Label}}</span>{{else}}{{.Value}}{{if not .Unrated}}<br>{{fragment "rag" .RAG}}{{end}}{{end}}</td>{{end}}</tr>
{{end}}`
	workTemplate = `{{range .Rows}}<tr><th scope="row">{{.Name}}</th>{{range .Cells}}<td class="num">{{if .Empty}}<span class="hint">{{.Value}}</span>{{else}}<a href="{{.Href}}">{{.Value}}</a>{{if ne .RAG.Class "none"}}<br>{{fragment "rag" .RAG}}{{end}}{{end}}</td>{{end}}</tr>
{{end}}`
	linesTemplate = `{{range .Lines}}<tr><th scope="row">{{.Category}}</th><td class="num">{{.Budget}}</td><td class="num">{{.Actual}}</td><td class="num">{{.YTDBudget}}</td><td class="num">{{.YTDActual}}</td><td class="num">{{.Variance}}{{with .VarPct}} ({{.}}){{end}}{{if .Over}} over{{end}}</td><td>{{fragment "rag" .RAG}}</td><td class="num">{{.Forecast}}{{with .ProjectedFrom}} <span class="hint">({{.}})</span>{{end}}</td></tr>
{{end}}`
	leagueTemplate = `{{range .Rows}}{{if .Unit.Href}}<tr><td class="num">{{.Rank}}</td><th scope="row"><a href="{{.Unit.Href}}">{{.Unit.Text}}</a></th><td class="num">{{.Value}}</td><td class="num">{{.Target}}</td><td>{{fragment "rag" .RAG}}</td><td>{{fragment "mdc" .Variation}}</td></tr>
{{- else}}<tr class="comparator"><td class="num">–</td><th scope="row">{{.Unit.Text}} <span class="hint">(comparator)</span></th><td class="num">{{.Value}}</td><td class="num">–</td><td>–</td><td>–</td></tr>{{end}}
{{end}}`
	profileTemplate = `{{range .Profile}}<tr><th scope="row">{{.Period}}</th><td class="num">{{.Budget}}</td><td class="num">{{.Actual}}</td><td class="num">{{.Variance}}</td></tr>
{{end}}`
)

// TestTableBodies holds each table body written in Go to the template it
// replaced, for plain rows, empty and unrated cells, hostile text and
// links that html/template filters.
func TestTableBodies(t *testing.T) {
	hostile := "<script>alert('x')</script> & \"+1\"\x00 £ \u2028"
	bad := "javascript:alert(1)//<a> é b?q=1&r='"
	red, none := ragView{"red", "Off target"}, ragView{"none", "No target"}

	m := matrix{Rows: []matrixRow{
		{Unit: link{"North team", "north/index.html"}, Cells: []matrixCell{{Value: "81.0%", RAG: red}, {Empty: true, RAG: ragView{"none", "No figure"}}}},
		{Unit: link{hostile, ""}, Cells: []matrixCell{{Value: hostile, Unrated: true}, {Value: "3", RAG: ragView{hostile, hostile}}}},
		{Unit: link{hostile, bad}, Cells: nil},
	}}
	sameAsTemplate(t, "matrix", matrixTemplate, m, m.Body)
	sameAsTemplate(t, "no matrix rows", matrixTemplate, matrix{}, matrix{}.Body)

	w := workView{Rows: []workRow{
		{Name: "Reviews", Cells: []workCell{{Value: "12", Href: "#m-work-reviews-outstanding", RAG: red}, {Value: "4", Href: "#m-x", RAG: none}, {Value: "–", Empty: true}}},
		{Name: hostile, Cells: []workCell{{Value: hostile, Href: bad, RAG: ragView{hostile, hostile}}, {Value: hostile, Empty: true}}},
	}}
	sameAsTemplate(t, "work", workTemplate, w, written(w.writeRows))

	f := financeView{
		Lines: []moneyRow{
			{Category: "Staffing", Budget: "£1,000", Actual: "£1,200", YTDBudget: "£7,000", YTDActual: "£7,500", Variance: "£500", VarPct: "7.1%", Over: true, Forecast: "£12,900", RAG: red},
			{Category: hostile, Budget: hostile, Actual: hostile, YTDBudget: hostile, YTDActual: hostile, Variance: hostile, Forecast: hostile, ProjectedFrom: hostile, RAG: ragView{hostile, hostile}},
			{Category: "Travel", RAG: none},
		},
		Profile: []profileRow{{"April 2026", "£1,000", "£900", "−£100"}, {hostile, hostile, hostile, hostile}},
	}
	sameAsTemplate(t, "finance lines", linesTemplate, f, written(f.writeLines))
	sameAsTemplate(t, "finance profile", profileTemplate, f, written(f.writeProfile))

	l := levelView{Rows: []leagueRow{
		{Rank: "1", Unit: link{"North team", "../../board/north/index.html"}, Value: "81.0%", Target: "80.0%", RAG: ragView{"green", "On target"}, Variation: mdcView{"improvement", "Special cause improvement", "H"}},
		{Rank: "–", Unit: link{hostile, ""}, Value: hostile},
		{Rank: hostile, Unit: link{hostile, bad}, Value: hostile, Target: hostile, RAG: ragView{hostile, hostile}, Variation: mdcView{"common", hostile, ""}},
		{Rank: "2", Unit: link{"South", "south/index.html"}, Value: "–", Target: "No target", RAG: none},
	}}
	sameAsTemplate(t, "league", leagueTemplate, l, l.Body)
	sameAsTemplate(t, "no league rows", leagueTemplate, levelView{}, levelView{}.Body)
}

// FuzzLink holds the links written in Go to the "link" template, whether
// they take the plain path or the template's.
func FuzzLink(f *testing.F) {
	for _, href := range []string{
		"", "#m-reviews", "../../council/s1/t1/index.html#m-m01", "north/index.html",
		"javascript:alert(1)", "//evil.example/", "a b/é.html", "x?q=1&r='", "#\"><script>", "JAVASCRIPT:x", "data:text/html,x",
	} {
		f.Add(href, "North <team> & \"friends\"")
	}
	f.Fuzz(func(t *testing.T, href, text string) {
		l := link{Text: text, Href: href}
		var want strings.Builder
		if err := template.Must(parsePages().New("ref").Parse(`{{template "link" .}}`)).Execute(&want, l); err != nil {
			t.Skip(err) // text html/template cannot write at all
		}
		var w htmlWriter
		w.link(l)
		got, err := w.done()
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want.String() {
			t.Errorf("link{%q, %q}: writes\n%s\nwant, as the template writes it,\n%s", text, href, got, want.String())
		}
	})
}

// financeTemplate is the section on spend as unit.html wrote it before
// financeView.write did; Period stands for the page's $.Site.Period.
const financeTemplate = `{{with .Finance}}<section aria-labelledby="finance">
<h2 id="finance">Spend against budget</h2>
<p>Spent to date: <strong>{{.Total.YTDActual}}</strong>{{if .Rated}} of {{.Total.YTDBudget}} budgeted ({{.Total.Variance}}{{with .Total.VarPct}}, {{.}}{{end}}{{if .Total.Over}} over{{end}}). {{fragment "rag" .Total.RAG}}{{else if .HasBudget}}, against a budget to date of {{.Total.YTDBudget}}: the finance data gives no spend to rate against it.{{else}}. The finance data gives no budget, so spend is not rated.{{end}} {{if .HasForecast}}Forecast outturn for the year: <strong>{{.Total.Forecast}}</strong>{{if .Projected}}, projected from the year so far where the finance system gave no forecast{{end}}.{{else}}No forecast outturn for the year: some categories give neither a forecast nor spend to project one from.{{end}}</p>
{{if or .TopSpend .TopOver}}<div class="where">
{{with .TopSpend}}<div><h3>Where the money is going</h3><ul>{{range .}}<li>{{.}}</li>{{end}}</ul></div>{{end}}
{{with .TopOver}}<div><h3>Furthest over budget</h3><ul>{{range .}}<li>{{.}}</li>{{end}}</ul></div>{{end}}
</div>{{end}}
{{template "chart" .Chart}}
<div class="table-scroll" tabindex="0" role="region" aria-labelledby="finance-caption">
<table class="money">
<caption id="finance-caption">Spend by category: {{$.Period}} and the year to date (from {{.YearStart}})</caption>
<thead><tr><th scope="col">Category</th><th scope="col" class="num">Budget this month</th><th scope="col" class="num">Spent this month</th><th scope="col" class="num">Budget to date</th><th scope="col" class="num">Spent to date</th><th scope="col" class="num">Variance to date</th><th scope="col">Rating</th><th scope="col" class="num">Forecast outturn</th></tr></thead>
<tbody>
` + linesTemplate + `</tbody>
<tfoot>{{with .Total}}<tr><th scope="row">{{.Category}}</th><td class="num">{{.Budget}}</td><td class="num">{{.Actual}}</td><td class="num">{{.YTDBudget}}</td><td class="num">{{.YTDActual}}</td><td class="num">{{.Variance}}{{with .VarPct}} ({{.}}){{end}}{{if .Over}} over{{end}}</td><td>{{fragment "rag" .RAG}}</td><td class="num">{{.Forecast}}{{if .Projected}} <span class="hint">(partly projected)</span>{{end}}</td></tr>{{end}}</tfoot>
</table>
</div>
<p class="hint">A positive variance is spend over budget. Within budget is green; over it by up to {{.Tolerance}} is amber; more is red. A forecast marked "projected" is spend to date ÷ the months that give spend × 12, where the finance system gave none; a month with no finance line is missing, not £0.</p>
{{template "csv" .CSV}}
<h3>Spend through the year</h3>
{{template "chart" .ProfileChart}}
<details class="figures">
<summary>Cumulative budget and spend, by month</summary>
<div class="table-scroll" tabindex="0" role="region" aria-label="Cumulative budget and spend by month">
<table>
<caption class="visually-hidden">Cumulative budget and spend by month of the financial year</caption>
<thead><tr><th scope="col">Month</th><th scope="col" class="num">Budget to date</th><th scope="col" class="num">Spent to date</th><th scope="col" class="num">Variance</th></tr></thead>
<tbody>
` + profileTemplate + `</tbody>
</table>
</div>
{{template "csv" "spend-profile.csv"}}
</details>
</section>{{end}}`

// TestFinanceSection holds financeView.write to the template it
// replaced: rated or not, with a budget or none, a forecast given,
// projected or none, the lists of where the money goes, and hostile
// text everywhere.
func TestFinanceSection(t *testing.T) {
	hostile := "<script>alert('x')</script> & \"+1\"\x00 £ \u2028"
	red := ragView{"red", "Off target"}
	rated := financeView{
		Lines:        []moneyRow{{Category: "Staffing", Budget: "£1,000", Actual: "£1,200", YTDBudget: "£7,000", YTDActual: "£7,500", Variance: "£500", VarPct: "7.1%", Over: true, Forecast: "£12,900", RAG: red}},
		Total:        moneyRow{Category: "Total", Budget: "£1,000", Actual: "£1,200", YTDBudget: "£7,000", YTDActual: "£7,500", Variance: "£500", VarPct: "7.1%", Over: true, Forecast: "£12,900", Projected: true, RAG: red},
		Chart:        chartView{ID: "chart-finance", Label: "Bar chart: spend", Summary: "Spend by category.", Option: []byte(`{"series":[]}`)},
		ProfileChart: chartView{ID: "chart-profile", Label: "Line chart: spend", Summary: "Spend through the year.", Option: []byte(`{}`)},
		Profile:      []profileRow{{"April 2026", "£1,000", "£900", "−£100"}},
		YearStart:    "April 2026",
		Projected:    true,
		HasBudget:    true,
		Rated:        true,
		HasForecast:  true,
		Tolerance:    "1.0%",
		TopSpend:     []string{"Staffing: £7,500 (100%)"},
		TopOver:      []string{"Staffing: £500 over"},
		CSV:          "finance.csv",
	}
	budgetOnly := rated
	budgetOnly.Rated, budgetOnly.TopOver, budgetOnly.Projected = false, nil, false
	budgetOnly.Total.VarPct, budgetOnly.Total.Over, budgetOnly.Total.Projected = "", false, false
	none := financeView{Total: moneyRow{Category: "Total", RAG: ragView{"none", "No budget"}}, CSV: "finance.csv"}
	worst := financeView{
		Lines:        []moneyRow{{Category: hostile, Budget: hostile, Actual: hostile, YTDBudget: hostile, YTDActual: hostile, Variance: hostile, VarPct: hostile, Forecast: hostile, ProjectedFrom: hostile, RAG: ragView{hostile, hostile}}},
		Total:        moneyRow{Category: hostile, Budget: hostile, Actual: hostile, YTDBudget: hostile, YTDActual: hostile, Variance: hostile, VarPct: hostile, Forecast: hostile, Over: true, Projected: true, RAG: ragView{hostile, hostile}},
		Chart:        chartView{ID: hostile, Label: hostile, Summary: hostile, Option: []byte(`{}`)},
		ProfileChart: chartView{ID: hostile, Label: hostile, Summary: hostile, Option: []byte(`{}`)},
		Profile:      []profileRow{{hostile, hostile, hostile, hostile}},
		YearStart:    hostile,
		Rated:        true,
		HasForecast:  true,
		Tolerance:    hostile,
		TopSpend:     []string{hostile, ""},
		CSV:          "javascript:alert(1)//<a> é b?q=1&r='",
	}
	for name, f := range map[string]financeView{"rated": rated, "budget only": budgetOnly, "none": none, "hostile": worst} {
		for _, period := range []string{"October 2026", hostile} {
			v := struct {
				Period  string
				Finance *financeView
			}{period, &f}
			sameAsTemplate(t, name, financeTemplate, v, written(func(w *htmlWriter) { f.write(w, period) }))
		}
	}
}

// workSectionTemplate is the section on work as unit.html wrote it
// before workView.HTML did; Period stands for the page's $.Site.Period.
const workSectionTemplate = `{{with .Work}}<section aria-labelledby="work">
<h2 id="work">Work</h2>
<div class="table-scroll" tabindex="0" role="region" aria-labelledby="work-caption">
<table class="work">
<caption id="work-caption">Outstanding, upcoming and completed work, {{$.Period}}</caption>
<thead><tr><th scope="col">Type of work</th>{{range .Heads}}<th scope="col" class="num">{{.}}</th>{{end}}</tr></thead>
<tbody>
` + workTemplate + `</tbody>
</table>
</div>
<h3>How long open work has been waiting</h3>
{{template "chart" .Chart}}
<div class="table-scroll" tabindex="0" role="region" aria-labelledby="ages-caption">
<table>
<caption id="ages-caption">Open work by age at the end of {{$.Period}}</caption>
<thead><tr><th scope="col">Type of work</th>{{range .Bands}}<th scope="col" class="num">{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Ages}}<tr><th scope="row">{{.Name}}</th>{{range .Counts}}<td class="num">{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
</div>
<p class="hint">Counted from the case management extract: an item is outstanding if it was open at the end of the month, and overdue if its due date had passed. Only these totals are published, never an item.</p>
{{template "csv" .CSV}}
</section>{{end}}`

// TestWorkSection holds workView.HTML to the template it replaced, for a
// plain section, an empty one and hostile text everywhere.
func TestWorkSection(t *testing.T) {
	hostile := "<script>alert('x')</script> & \"+1\"\x00 £ \u2028"
	plain := workView{
		Heads: []string{"Outstanding", "Overdue"},
		Rows:  []workRow{{Name: "Reviews", Cells: []workCell{{Value: "12", Href: "#m-work-reviews-outstanding", RAG: ragView{"red", "Off target"}}, {Value: "–", Empty: true}}}},
		Ages:  []ageRow{{Name: "Reviews", Counts: []string{"3", "4", "0", "1"}}},
		Bands: bandNames,
		Chart: chartView{ID: "chart-work", Label: "Bar chart: open work by age", Summary: "Most work is new.", Option: []byte(`{}`)},
		CSV:   "work.csv",
	}
	worst := workView{
		Heads: []string{hostile},
		Rows:  []workRow{{Name: hostile, Cells: []workCell{{Value: hostile, Href: "javascript:alert(1)//<a> é", RAG: ragView{hostile, hostile}}}}},
		Ages:  []ageRow{{Name: hostile, Counts: []string{hostile}}},
		Bands: []string{hostile},
		Chart: chartView{ID: hostile, Label: hostile, Summary: hostile, Option: []byte(`{}`)},
		CSV:   "javascript:alert(1)",
	}
	for name, v := range map[string]workView{"plain": plain, "empty": {CSV: "work.csv"}, "hostile": worst} {
		for _, period := range []string{"October 2026", hostile} {
			data := struct {
				Period string
				Work   *workView
			}{period, &v}
			sameAsTemplate(t, name, workSectionTemplate, data, func() (template.HTML, error) { return v.HTML(period) })
		}
	}
}
