package load

import (
	"io/fs"
	"net/url"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/primed/primed/generator/load/diag"
	"github.com/primed/primed/generator/load/source"
	"github.com/primed/primed/generator/load/yamldoc"
	"github.com/primed/primed/generator/report"
)

var colourPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// config reads primed.yaml, the site-wide settings, and its declarations
// of source files. ok is false when the file could not be read at all.
func config(fsys fs.FS, e *diag.List) (c report.Config, sources []*source.Source, ok bool) {
	c = report.Config{
		YearStart:   time.April,
		Locale:      "en-GB",
		Currency:    "GBP",
		Suppression: 0,
		Colour:      "#1d70b8",
		SPC:         report.DefaultSPC,
		Overspend:   1,

		UpcomingDays: 28,
		History:      report.DefaultHistory,
	}
	d, root := parseYAML(fsys, "primed.yaml", false, e)
	if root == nil {
		return c, nil, false
	}
	d.Mapping(root, yamldoc.Fields{
		"title":        d.Str(&c.Title),
		"organisation": d.Str(&c.Organisation),
		"ambition":     d.Str(&c.Ambition),
		"objectives": func(n *yaml.Node) {
			d.Sequence(n, "objectives", func(n *yaml.Node) {
				var o report.Objective
				d.Mapping(n, yamldoc.Fields{
					"id":          d.Str(&o.ID),
					"name":        d.Str(&o.Name),
					"description": d.Str(&o.Description),
				}, "id", "name")
				c.Objectives = append(c.Objectives, o)
			})
		},
		"year_start": func(n *yaml.Node) {
			s, ok := d.Scalar(n, "a month name")
			if !ok {
				return
			}
			for m := time.January; m <= time.December; m++ {
				if strings.EqualFold(s, m.String()) || strings.EqualFold(s, m.String()[:3]) {
					c.YearStart = m
					return
				}
			}
			d.Errorf(n, "expected a month name such as April, found %q", s)
		},
		"locale":        d.OneOf(&c.Locale, "en-GB"),
		"currency":      d.OneOf(&c.Currency, "GBP"),
		"suppression":   d.Int(&c.Suppression),
		"upcoming_days": d.Int(&c.UpcomingDays),
		"history":       d.Int(&c.History),
		"sources":       func(n *yaml.Node) { sources = source.Declare(d.Doc, n) },
		"overspend": func(n *yaml.Node) {
			s, ok := d.Scalar(n, "a percentage such as 1%")
			if !ok {
				return
			}
			v, _, err := parseTolerance(s)
			if err != nil {
				d.Errorf(n, "expected a percentage such as 1%%, found %q", s)
				return
			}
			c.Overspend = v
		},
		"spc": func(n *yaml.Node) {
			d.Mapping(n, yamldoc.Fields{
				"shift":      d.Int(&c.SPC.Shift),
				"trend":      d.Int(&c.SPC.Trend),
				"min_points": d.Int(&c.SPC.MinPoints),
			})
			if c.SPC.Shift < 6 || c.SPC.Shift > 9 || c.SPC.Trend < 5 || c.SPC.Trend > 9 || c.SPC.MinPoints < 2 {
				d.Errorf(n, "spc: shift must be 6 to 9, trend 5 to 9, and min_points at least 2")
			}
		},
		"base_url": func(n *yaml.Node) {
			s, ok := d.Scalar(n, "the site's address, such as https://intranet.example.org/performance/")
			if !ok {
				return
			}
			u, err := url.Parse(s)
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(s, " \"'<>") {
				d.Errorf(n, "expected the site's address as an http or https URL with no query, such as https://intranet.example.org/performance/, found %q", s)
				return
			}
			c.BaseURL = strings.TrimSuffix(u.String(), "/") + "/"
		},
		"colour": func(n *yaml.Node) {
			s, ok := d.Scalar(n, "a colour as #rrggbb")
			if ok && !colourPattern.MatchString(s) {
				d.Errorf(n, "expected a colour as #rrggbb, found %q", s)
				return
			}
			c.Colour = strings.ToLower(s)
		},
	}, "title")
	if c.UpcomingDays < 1 || c.UpcomingDays > 366 {
		d.Errorf(root, "upcoming_days must be 1 to 366")
	}
	if c.Suppression < 0 {
		d.Errorf(root, "suppression must not be negative")
	}
	if c.History < 2 {
		d.Errorf(root, "history must be at least 2 months")
	}
	return c, sources, true
}
