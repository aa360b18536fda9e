// Package templates holds the page templates and the static assets every
// snapshot carries: the stylesheet, the script that draws charts, and
// ECharts itself: the parts of it primed uses (echarts/echarts.js),
// bundled by `make echarts` from the npm packages pinned in
// package-lock.json, and committed, so that go build needs no npm.
package templates

import "embed"

// FS holds the page templates (*.html) and the assets folder.
//
//go:embed *.html assets
var FS embed.FS

// Preview holds what `primed serve` adds to the site it serves: the
// script that reloads a page when the site is rebuilt, and the page that
// lists the report folder's problems. None of it is ever in a site.
//
//go:embed preview
var Preview embed.FS
