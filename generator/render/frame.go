package render

import "fmt"

// writeHead writes what every page starts with, up to its main content:
// the document's head, the icons, the site's header and navigation, and
// the breadcrumbs. It is the "head" template of old, in Go
// (TestPageFrame holds it to that template), as each of N's eight
// thousand pages runs it.
func (p *page) writeHead(w *htmlWriter) error {
	// The root is the way up to the snapshot's folder, "../" repeated
	// (rootFrom): nothing that html/template would change in a link.
	if !plainHref(p.Root) {
		return fmt.Errorf("page root %q is not a plain path", p.Root)
	}
	w.html("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	w.text(p.Title)
	w.html("</title>\n")
	if p.Canonical != "" {
		// The site's base_url is the report's text: html/template filters
		// and escapes it.
		h, err := execute("canonical", p.Canonical)
		if err != nil {
			return err
		}
		w.html(string(h), "\n")
	}
	root := p.Root
	w.html(`<link rel="icon" href="`, root, "assets/favicon.svg\" type=\"image/svg+xml\">\n",
		`<link rel="stylesheet" href="`, root, "assets/primed.css\">\n",
		`<link rel="stylesheet" href="`, root, "assets/theme.css\">\n",
		`<script src="`, root, "assets/echarts.min.js\" defer></script>\n",
		`<script src="`, root, "assets/primed.js\" defer></script>\n</head>\n<body>\n")
	w.fragment("sprite", nil)
	w.html("\n<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n<header class=\"site-header\">\n<div class=\"width\">\n<p class=\"site-title\"><a href=\"", root, `index.html">`)
	w.text(p.Site.Title)
	w.html("</a></p>\n<p class=\"site-meta\">")
	w.text(p.Site.Organisation)
	w.html(` · <span class="period">`)
	w.text(p.Site.Period)
	w.html("</span></p>\n<nav aria-label=\"Report\">\n<ul class=\"site-nav\">\n")
	for _, n := range []struct{ nav, href, text string }{
		{"contents", "index.html", "Contents"},
		{"measures", "measures/index.html", "Measures"},
		{"actions", "actions/index.html", "Actions"},
	} {
		w.html(`<li><a href="`, root, n.href, `"`)
		if p.Nav == n.nav {
			w.html(` aria-current="page"`)
		}
		w.html(">", n.text, "</a></li>\n")
	}
	w.html(`<li><a href="`, root, "figures.csv\" download>All figures (CSV)</a></li>\n</ul>\n</nav>\n</div>\n</header>\n<div class=\"width\">\n")
	if len(p.Crumbs) > 0 {
		w.html("<nav class=\"breadcrumbs\" aria-label=\"Breadcrumb\">\n<ol>")
		for _, c := range p.Crumbs {
			w.html("<li>")
			w.link(c)
			w.html("</li>")
		}
		w.html(`<li aria-current="page">`)
		w.text(p.Heading)
		w.html("</li></ol>\n</nav>")
	}
	w.html("\n<main id=\"main\" tabindex=\"-1\">\n")
	return w.err
}

// writeFoot writes what every page ends with, after its main content:
// the "foot" template of old (TestPageFrame).
func (p *page) writeFoot(w *htmlWriter) {
	w.html("\n</main>\n</div>\n<footer class=\"site-footer\">\n<div class=\"width\">\n<p>")
	w.text(p.Site.Organisation)
	w.html(" · ")
	w.text(p.Site.Title)
	w.html(" · Snapshot for ")
	w.text(p.Site.Period)
	w.html(". Made with primed.</p>\n</div>\n</footer>\n</body>\n</html>\n")
}
