package load

import (
	"io/fs"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/primed/primed/generator/report"
)

var colourPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// config reads primed.yaml, the site-wide settings.
func config(fsys fs.FS, e *errs) report.Config {
	c := report.Config{
		YearStart:   time.April,
		Locale:      "en-GB",
		Currency:    "GBP",
		Suppression: 0,
		Colour:      "#1d70b8",
	}
	d, root := parseYAML(fsys, "primed.yaml", false, e)
	if root == nil {
		return c
	}
	d.mapping(root, fields{
		"title":        d.str(&c.Title),
		"organisation": d.str(&c.Organisation),
		"ambition":     d.str(&c.Ambition),
		"objectives": func(n *yaml.Node) {
			d.sequence(n, "objectives", func(n *yaml.Node) {
				var o report.Objective
				d.mapping(n, fields{
					"id":          d.str(&o.ID),
					"name":        d.str(&o.Name),
					"description": d.str(&o.Description),
				}, "id", "name")
				c.Objectives = append(c.Objectives, o)
			})
		},
		"year_start": func(n *yaml.Node) {
			s, ok := d.scalar(n, "a month name")
			if !ok {
				return
			}
			for m := time.January; m <= time.December; m++ {
				if strings.EqualFold(s, m.String()) || strings.EqualFold(s, m.String()[:3]) {
					c.YearStart = m
					return
				}
			}
			d.errorf(n, "expected a month name such as April, found %q", s)
		},
		"locale":      d.oneOf(&c.Locale, "en-GB"),
		"currency":    d.oneOf(&c.Currency, "GBP"),
		"suppression": d.int(&c.Suppression),
		"colour": func(n *yaml.Node) {
			s, ok := d.scalar(n, "a colour as #rrggbb")
			if ok && !colourPattern.MatchString(s) {
				d.errorf(n, "expected a colour as #rrggbb, found %q", s)
				return
			}
			c.Colour = strings.ToLower(s)
		},
	}, "title")
	return c
}
