package render

import (
	"html/template"
	"strings"
	"testing"
)

// frameTemplate is every page's frame as layout.html wrote it before
// page.writeHead and page.writeFoot did, around a body.
const frameTemplate = `{{define "old-head"}}<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
{{with .Canonical}}<link rel="canonical" href="{{.}}">
{{end}}<link rel="icon" href="{{.Root}}assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="{{.Root}}assets/primed.css">
<link rel="stylesheet" href="{{.Root}}assets/theme.css">
<script src="{{.Root}}assets/echarts.min.js" defer></script>
<script src="{{.Root}}assets/primed.js" defer></script>
</head>
<body>
{{fragment "sprite" nil}}
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
<div class="width">
<p class="site-title"><a href="{{.Root}}index.html">{{.Site.Title}}</a></p>
<p class="site-meta">{{.Site.Organisation}} · <span class="period">{{.Site.Period}}</span></p>
<nav aria-label="Report">
<ul class="site-nav">
<li><a href="{{.Root}}index.html"{{if eq .Nav "contents"}} aria-current="page"{{end}}>Contents</a></li>
<li><a href="{{.Root}}measures/index.html"{{if eq .Nav "measures"}} aria-current="page"{{end}}>Measures</a></li>
<li><a href="{{.Root}}actions/index.html"{{if eq .Nav "actions"}} aria-current="page"{{end}}>Actions</a></li>
<li><a href="{{.Root}}figures.csv" download>All figures (CSV)</a></li>
</ul>
</nav>
</div>
</header>
<div class="width">
{{if .Crumbs}}<nav class="breadcrumbs" aria-label="Breadcrumb">
<ol>{{range .Crumbs}}<li><a href="{{.Href}}">{{.Text}}</a></li>{{end}}<li aria-current="page">{{.Heading}}</li></ol>
</nav>{{end}}
<main id="main" tabindex="-1">
{{end}}{{define "old-foot"}}
</main>
</div>
<footer class="site-footer">
<div class="width">
<p>{{.Site.Organisation}} · {{.Site.Title}} · Snapshot for {{.Site.Period}}. Made with primed.</p>
</div>
</footer>
</body>
</html>
{{end}}{{template "old-head" .}}<p>body</p>{{template "old-foot" .}}`

// TestPageFrame holds a page's frame, written in Go, to the templates it
// replaced: at the root and below it, with and without a canonical
// address and breadcrumbs, each navigation item current, and hostile
// text and links everywhere.
func TestPageFrame(t *testing.T) {
	hostile := "<script>alert('x')</script> & \"+1\"\x00 £ \u2028"
	site := siteView{Title: "Adult Social Care Performance Report", Organisation: "Northshire County Council", Period: "October 2026", PeriodID: "2026-10", Now: "this month"}
	unit := page{
		Title: "North – October 2026 – Report", Heading: "North", Root: "../../", Site: site, Nav: "",
		Crumbs: []link{{"Adult Social Care", "../index.html"}, {"Localities", "../localities/index.html"}},
	}
	contents := page{Title: "Contents", Heading: "Contents", Site: site, Nav: "contents", Canonical: "https://performance.northshire.example/2026-10/index.html"}
	measures := unit
	measures.Nav, measures.Crumbs = "measures", nil
	actions := unit
	actions.Nav, actions.Root = "actions", "../"
	worst := page{
		Title: hostile, Heading: hostile, Root: "../../../",
		Site:      siteView{Title: hostile, Organisation: hostile, Period: hostile},
		Crumbs:    []link{{hostile, "javascript:alert(1)//<a> é b?q=1&r='"}, {hostile, hostile}},
		Canonical: "javascript:alert(1)\"><script>",
		Nav:       hostile,
	}
	quoted := contents
	quoted.Canonical = "https://x.example/a b/\"é\"?q=<1>&r='"
	for name, p := range map[string]page{"unit": unit, "contents": contents, "measures": measures, "actions": actions, "hostile": worst, "quoted": quoted} {
		sameAsTemplate(t, name, frameTemplate, p, func() (template.HTML, error) {
			var w htmlWriter
			if err := p.writeHead(&w); err != nil {
				return "", err
			}
			w.html("<p>body</p>")
			p.writeFoot(&w)
			return w.done()
		})
	}
	for _, root := range []string{"javascript:", "../a b/", "..\"/"} {
		p := unit
		p.Root = root
		var w htmlWriter
		if err := p.writeHead(&w); err == nil || strings.Contains(string(w.b), root) {
			t.Errorf("root %q: writeHead wrote the page (error %v)", root, err)
		}
	}
}
