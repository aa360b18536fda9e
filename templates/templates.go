// Package templates holds the page templates and the static assets every
// snapshot carries: the stylesheet, the script that draws charts, and
// ECharts itself (copied from npm by `make`, pinned in package-lock.json).
package templates

import "embed"

// FS holds the page templates (*.html) and the assets folder.
//
//go:embed *.html assets
var FS embed.FS
