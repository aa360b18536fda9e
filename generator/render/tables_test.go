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
	sameAsTemplate(t, "work", workTemplate, w, w.Body)

	f := financeView{
		Lines: []moneyRow{
			{Category: "Staffing", Budget: "£1,000", Actual: "£1,200", YTDBudget: "£7,000", YTDActual: "£7,500", Variance: "£500", VarPct: "7.1%", Over: true, Forecast: "£12,900", RAG: red},
			{Category: hostile, Budget: hostile, Actual: hostile, YTDBudget: hostile, YTDActual: hostile, Variance: hostile, Forecast: hostile, ProjectedFrom: hostile, RAG: ragView{hostile, hostile}},
			{Category: "Travel", RAG: none},
		},
		Profile: []profileRow{{"April 2026", "£1,000", "£900", "−£100"}, {hostile, hostile, hostile, hostile}},
	}
	sameAsTemplate(t, "finance lines", linesTemplate, f, f.LinesBody)
	sameAsTemplate(t, "finance profile", profileTemplate, f, f.ProfileBody)

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
