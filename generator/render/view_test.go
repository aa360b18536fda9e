package render

import (
	"html/template"
	"strings"
	"testing"

	"github.com/primed/primed/generator/report"
)

// rowsText is how the template wrote a measure's table rows before
// detail.writeRows did: writeRows must write the same bytes, escaping
// included.
const rowsText = `{{$targets := .Targets}}{{range .Rows}}<tr><th>{{.Period}}</th><td>{{.Value}}</td>{{if $targets}}<td>{{.Target}}</td><td class="rag-{{.RAG.Class}}">{{.RAG.Label}}</td>{{end}}<td>{{fragment "variation" .Variation}}</td></tr>
{{end}}`

var rowsTemplate = template.Must(template.New("rows").Funcs(template.FuncMap{"fragment": fragment}).Parse(rowsText))

// articleTemplate is how unit.html wrote a measure's article before
// detail.write did, with the page templates' own "chart" and "mdc": write
// must write the same bytes, escaping included.
const articleTemplate = `<article class="measure" id="m-{{.ID}}" aria-labelledby="m-{{.ID}}-title">
<h4 id="m-{{.ID}}-title">{{.Name}}</h4>
<p class="hint">{{.Description}}{{with .Objective}} Objective: {{.}}.{{end}}</p>
{{with .Limits}}<p class="hint">{{.}}</p>{{end}}
{{template "chart" .Chart}}
<p><a href="{{.Compare}}">Compare every unit on {{.Name}}</a></p>
<details class="figures">
<summary>Figures for {{.Name}}, by {{.Every.One}}{{if gt .Months (len .Rows)}}: the latest {{len .Rows}}{{end}}</summary>
<div class="table-scroll" tabindex="0" role="region" aria-label="Figures for {{.Name}}">
<table class="months{{if not .Targets}} untargeted{{end}}">
<caption class="visually-hidden">{{.Name}} by {{.Every.One}}, newest first{{if gt .Months (len .Rows)}}: the latest {{len .Rows}} of {{.Months}} {{.Every.Many}}{{end}}{{if not .Targets}}, with no target{{end}}</caption>
<thead><tr><th>{{.Every.Heading}}</th><th class="num">Value</th>{{if .Targets}}<th class="num">Target</th><th>Rating</th>{{end}}<th>Variation</th></tr></thead>
<tbody>
` + rowsText + `</tbody>
</table>
</div>
<p class="download"><a href="{{.CSV}}" download>{{if gt .Months (len .Rows)}}Download all {{.Months}} {{.Every.Many}}, with every other measure's figures (CSV){{else}}Download these figures, with every other measure's (CSV){{end}}</a></p>
</details>
</article>
`

func TestDetailArticle(t *testing.T) {
	hostile := "<script>alert('x')</script> & \"+1\"\x00 £ \u2028"
	rows := []detailRow{
		{Period: "October 2026", Value: "12.5%", Target: "10.0%", RAG: ragView{"red", "Off target"}, Variation: mdcView{"concern", "Special cause concern (high)", "H"}},
		{Period: hostile, Value: hostile, Target: hostile, RAG: ragView{"none", "No target"}, Variation: mdcView{"common", "Common cause variation", ""}},
	}
	plain := detail{
		ID: "m01", Name: "Reviews on time", Description: "Share of reviews done by their date.",
		Chart:   chartView{ID: "chart-m01", Label: "Line chart: reviews", Summary: "Reviews rose.", Option: []byte(`{"series":[{"data":[1,2,"\u003c/script\u003e"]}]}`)},
		Rows:    rows,
		Months:  2,
		Every:   every(report.Monthly),
		CSV:     "measures.csv",
		Compare: "../../measures/m01/index.html",
	}
	worst := detail{
		ID: hostile, Name: hostile, Description: hostile, Objective: hostile, Limits: hostile,
		Chart:   chartView{ID: hostile, Label: hostile, Summary: hostile, Option: []byte(`{}`)},
		Rows:    rows[:1],
		Targets: true,
		Months:  36,
		Every:   Every{One: hostile, Many: hostile, Heading: hostile},
		CSV:     "javascript:alert(1)",
		Compare: "javascript:alert(1)//<a> é b?q=1&r='",
	}
	quarterly := plain
	quarterly.Every, quarterly.Months, quarterly.Objective = every(report.Quarterly), 20, "Safe at home"
	quarterly.Compare, quarterly.CSV = "../measures/a b/é.html", "m-a b.csv"
	for name, d := range map[string]detail{"plain": plain, "hostile": worst, "quarterly": quarterly} {
		sameAsTemplate(t, name, articleTemplate, d, written(d.write))
	}
}

// written is what write writes.
func written(write func(*htmlWriter)) func() (template.HTML, error) {
	return func() (template.HTML, error) {
		var w htmlWriter
		write(&w)
		return w.done()
	}
}

// sameAsTemplate checks that html, a view's HTML as its Go code writes
// it, is what the page template text writes for the view v.
func sameAsTemplate(t *testing.T, name, text string, v any, html func() (template.HTML, error)) {
	t.Helper()
	var want strings.Builder
	if err := template.Must(parsePages().New("ref").Parse(text)).Execute(&want, v); err != nil {
		t.Fatal(err)
	}
	got, err := html()
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want.String() {
		t.Errorf("%s: the view writes\n%s\nwant, as the template writes it,\n%s", name, got, want.String())
	}
}

// cardTemplate is how unit.html wrote a card before card.write did.
const cardTemplate = `<li class="card card-{{.RAG.Class}}">
<h3 class="card-title"><a href="{{.Href}}">{{.Name}}</a></h3>
<p class="card-value">{{.Value}}</p>
{{with .Period}}<p class="card-period">{{.}}</p>
{{end}}<p class="card-target">{{.Target}}</p>
<p>{{fragment "rag" .RAG}}</p>
<p class="card-mdc">{{fragment "mdc" .Variation}}{{fragment "mdc" .Assurance}}</p>
{{with .Change}}<p class="hint">{{.}}</p>{{end}}
{{with .YTD}}<p class="hint">{{.}}</p>{{end}}
{{with .LastYear}}<p class="hint">{{.}}</p>{{end}}
{{range .Compared}}<p class="hint">{{.}}</p>
{{end}}{{with .Reporting}}<p class="hint warning-text">{{.}}</p>{{end}}
{{with .Own}}<p class="hint warning-text">{{.}}</p>{{end}}
{{with .Actions}}<p class="hint"><a href="#actions">{{.}}</a></p>{{end}}
</li>
`

func TestCardHTML(t *testing.T) {
	hostile := "<script>alert('x')</script> & \"+1\"\x00 £ \u2028"
	plain := card{
		ID: "m01", Name: "Reviews on time", Href: "#m-m01", Value: "81.0%", Target: "Target 80.0%",
		RAG: ragView{"green", "On target"}, Variation: mdcView{"common", "Common cause variation", ""},
	}
	full := card{
		ID: hostile, Name: hostile, Href: "javascript:alert(1)//<a> é", Value: hostile, Target: hostile,
		RAG: ragView{hostile, hostile}, Change: hostile, Reporting: hostile, Own: hostile, Actions: hostile,
		YTD: hostile, LastYear: hostile, Period: hostile, Compared: []string{hostile, "", "England 566.0; 37% higher here"},
		Variation: mdcView{"improvement", "Special cause improvement", "L"},
		Assurance: mdcView{"fail", "Fails the target", "F"},
	}
	for name, c := range map[string]card{"plain": plain, "full": full} {
		sameAsTemplate(t, name, cardTemplate, c, written(c.write))
	}
}

func TestDetailBody(t *testing.T) {
	hostile := "<script>alert('x')</script> & \"+1\"\x00 £"
	rows := []detailRow{
		{Period: "October 2026", Value: "12.5%", Target: "10.0%", RAG: ragView{"red", "Off target"}, Variation: mdcView{"concern", "Special cause concern (high)", "H"}},
		{Period: hostile, Value: hostile, Target: hostile, RAG: ragView{"none", "No target"}, Variation: mdcView{"common", "Common cause variation", ""}},
		{Period: "Q3 2024-25", Value: "+3", Target: "No target", RAG: ragView{"none", "No data"}},
	}
	for _, targets := range []bool{true, false} {
		d := detail{Rows: rows, Targets: targets}
		var want strings.Builder
		if err := rowsTemplate.Execute(&want, d); err != nil {
			t.Fatal(err)
		}
		got, err := written(d.writeRows)()
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want.String() {
			t.Errorf("targets %v: writeRows writes\n%s\nwant, as the template writes it,\n%s", targets, got, want.String())
		}
		if strings.Contains(string(got), "<script>") {
			t.Errorf("targets %v: writeRows writes <script> unescaped", targets)
		}
	}
}
