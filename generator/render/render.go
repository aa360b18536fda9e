// Package render turns an analysed report into the files of one snapshot:
// a page for the snapshot's contents, every unit and the actions, the
// machine-readable figures.csv, CSV downloads of every table, and the
// static assets. Pages come from html/template over typed views, so every
// piece of input text is escaped wherever it lands; charts travel as JSON
// data blocks that one static script draws. Nothing is written to disk
// here: the publish package does that.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"

	"github.com/primed/primed/generator/analyse"
	"github.com/primed/primed/generator/report"
	"github.com/primed/primed/templates"
)

// Files is a snapshot's content: slash-separated paths relative to the
// snapshot folder, and each file's bytes.
type Files map[string][]byte

var pages = template.Must(template.New("").
	Option("missingkey=error").
	Funcs(template.FuncMap{"ragOf": func(class, label string) ragView { return ragView{class, label} }}).
	ParseFS(templates.FS, "*.html"))

// Snapshot renders every file of the snapshot a describes.
func Snapshot(a *analyse.Analysis) (Files, error) {
	if err := templates.Check(); err != nil {
		return nil, err
	}
	s := &snapshot{a: a, files: Files{}, r: a.Report}
	s.site = siteView{
		Title:        a.Report.Config.Title,
		Organisation: a.Report.Config.Organisation,
		Period:       a.Period.Title(),
		PeriodID:     a.Period.String(),
	}
	if err := s.assets(); err != nil {
		return nil, err
	}
	for _, u := range a.Report.Units {
		if err := s.unitPage(u); err != nil {
			return nil, fmt.Errorf("render unit %s: %w", u.ID, err)
		}
	}
	if err := s.contents(); err != nil {
		return nil, err
	}
	if err := s.actionsPage(); err != nil {
		return nil, err
	}
	if err := s.measurePages(); err != nil {
		return nil, err
	}
	s.files["figures.csv"] = figures(a)
	return s.files, nil
}

type snapshot struct {
	a     *analyse.Analysis
	r     *report.Report
	site  siteView
	files Files
}

// unitDir is the folder of u's page within the snapshot: its path of ids.
func unitDir(u *report.Unit) string { return strings.Join(u.Path(), "/") }

// rootFrom is the relative path from a page in dir back to the snapshot root.
func rootFrom(dir string) string {
	if dir == "" {
		return ""
	}
	return strings.Repeat("../", strings.Count(dir, "/")+1)
}

// unitHref links from a page whose root is root to u's page.
func unitHref(root string, u *report.Unit) string {
	return root + unitDir(u) + "/index.html"
}

func (s *snapshot) render(name, file string, p page) error {
	p.Site = s.site
	var b bytes.Buffer
	if err := pages.ExecuteTemplate(&b, name, p); err != nil {
		return fmt.Errorf("render %s: %w", file, err)
	}
	s.files[file] = b.Bytes()
	return nil
}

// assets copies the stylesheet, scripts and ECharts into the snapshot, and
// writes the theme's colour as a stylesheet of its own (pages carry no
// inline style).
func (s *snapshot) assets() error {
	err := fs.WalkDir(templates.FS, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templates.FS, p)
		if err != nil {
			return err
		}
		s.files[p] = b
		return nil
	})
	if err != nil {
		return fmt.Errorf("assets: %w", err)
	}
	s.files[path.Join("assets", "theme.css")] = []byte(fmt.Sprintf(":root {\n  --brand: %s;\n}\n", s.r.Config.Colour))
	return nil
}
