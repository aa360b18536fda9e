package render

import (
	"html/template"
	"strings"
	"testing"
)

// rowsTemplate is how the template wrote a measure's table rows before
// detail.Body did: Body must write the same bytes, escaping included.
var rowsTemplate = template.Must(template.New("rows").Funcs(template.FuncMap{"fragment": fragment}).Parse(
	`{{$targets := .Targets}}{{range .Rows}}<tr><th scope="row">{{.Period}}</th><td>{{.Value}}</td>{{if $targets}}<td>{{.Target}}</td><td class="rag-cell rag-{{.RAG.Class}}">{{.RAG.Label}}</td>{{end}}<td>{{fragment "variation" .Variation}}</td></tr>
{{end}}`))

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
		got, err := d.Body()
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want.String() {
			t.Errorf("targets %v: Body =\n%s\nwant, as the template writes it,\n%s", targets, got, want.String())
		}
		if strings.Contains(string(got), "<script>") {
			t.Errorf("targets %v: Body carries <script> unescaped", targets)
		}
	}
}
