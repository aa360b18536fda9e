// Package templates holds the page templates and the static assets every
// snapshot carries: the stylesheet, the script that draws charts, and
// ECharts itself (copied from npm by `make`, pinned in package-lock.json).
package templates

import (
	"embed"
	"errors"
	"io/fs"
)

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

// ErrNoECharts says this build of primed lacks ECharts: it was built from a
// clone without running make, which copies ECharts from npm.
var ErrNoECharts = errors.New("ECharts is missing from this build of primed (templates/assets/echarts.min.js): run make assets, then build primed again")

// Check reports ErrNoECharts when the assets lack ECharts, so that a
// binary built without it refuses to write sites with no charts.
func Check() error {
	if _, err := fs.Stat(FS, "assets/echarts.min.js"); err != nil {
		return ErrNoECharts
	}
	return nil
}
