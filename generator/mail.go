package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/primed/primed/generator/analyse"
	"github.com/primed/primed/generator/publish"
	"github.com/primed/primed/generator/render"
	"github.com/primed/primed/generator/report"
)

// Mails writes the email to every unit manager for the month of the site
// folder site that period names, or its newest month when period is zero.
// Only units whose page the snapshot has get one, so every link resolves.
func Mails(cfg Config, site string, period report.Period) ([]render.Mail, report.Period, error) {
	if period.IsZero() {
		list, err := publish.List(site)
		if err != nil {
			return nil, 0, err
		}
		if len(list) == 0 {
			return nil, 0, fmt.Errorf("%s holds no snapshot; build the site first (primed build --out %s)", site, site)
		}
		if period, err = report.ParsePeriod(list[len(list)-1].Period); err != nil {
			return nil, 0, err
		}
	}
	snapshot := filepath.Join(site, period.String())
	if _, err := os.Stat(filepath.Join(snapshot, publish.ManifestName)); err != nil {
		return nil, 0, fmt.Errorf("%s has no snapshot for %s; build it first (primed build --period %s --out %s)", site, period.Title(), period, site)
	}
	r, err := Check(cfg)
	if err != nil {
		return nil, 0, err
	}
	a, err := analyse.Analyse(r, period)
	if err != nil {
		return nil, 0, err
	}
	all, err := render.Mails(a)
	if err != nil {
		return nil, 0, err
	}
	prefix := r.Config.BaseURL + period.String() + "/"
	var mails []render.Mail
	for _, m := range all {
		page := filepath.Join(snapshot, filepath.FromSlash(strings.TrimPrefix(m.URL, prefix)))
		if _, err := os.Stat(page); err == nil {
			mails = append(mails, m)
		}
	}
	return mails, period, nil
}
