// Package generator wires primed's pipeline together: load a report
// folder, analyse it for a month, render the snapshot, and publish it into
// a site folder. It holds no logic of its own; each step is a package:
//
//	load → analyse → render → publish
//
// load reads and checks every input file and is the only reader of input;
// analyse computes roll-ups, targets and ratings; render produces pages and
// downloads in memory; publish is the only writer of output.
package generator

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/primed/primed/generator/analyse"
	"github.com/primed/primed/generator/load"
	"github.com/primed/primed/generator/publish"
	"github.com/primed/primed/generator/render"
	"github.com/primed/primed/generator/report"
)

// Config says what to build. Its zero value is not usable: Report is required.
type Config struct {
	// Report is the report folder.
	Report fs.FS
	// Out is the site folder snapshots are published into; "site" if empty.
	Out string
	// Period is the month to build; zero means the latest month with data.
	Period report.Period
	// Replace allows rebuilding a month that is already published with
	// different content.
	Replace bool
	// Progress, if set, is told each step as it starts, for a terminal.
	Progress func(step string)
}

func (c Config) progress(step string) {
	if c.Progress != nil {
		c.Progress(step)
	}
}

// Result says what a build did.
type Result struct {
	Period  report.Period
	Dir     string // the snapshot's folder
	Files   int    // files in the snapshot
	Pages   int    // HTML pages in the snapshot
	Changed bool   // false when the snapshot was already published as built
}

// Check loads and validates the report folder. Its error is a
// load.Problems listing every problem when the folder has any.
func Check(cfg Config) (*report.Report, error) {
	return load.Report(cfg.Report)
}

// Build checks the report folder and publishes its snapshot. On any
// problem it writes nothing.
func Build(ctx context.Context, cfg Config) (Result, error) {
	out := cfg.Out
	if out == "" {
		out = "site"
	}
	cfg.progress("reading the report folder")
	r, err := load.Report(cfg.Report)
	if err != nil {
		return Result{}, err
	}
	cfg.progress("analysing")
	a, err := analyse.Analyse(r, cfg.Period)
	if err != nil {
		return Result{}, err
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	cfg.progress("rendering " + a.Period.Title())
	files, err := render.Snapshot(a)
	if err != nil {
		return Result{}, err
	}
	period := a.Period.String()
	res := Result{Period: a.Period, Dir: filepath.Join(out, period), Files: len(files) + 1}
	for p := range files {
		if len(p) > 5 && p[len(p)-5:] == ".html" {
			res.Pages++
		}
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	cfg.progress(fmt.Sprintf("publishing %d files", res.Files))
	if res.Changed, err = publish.Snapshot(out, period, files, cfg.Replace); err != nil {
		return Result{}, err
	}
	return res, site(out, r.Config.Title)
}

// site refreshes what sits above the snapshots: latest/, the front page
// and the archive.
func site(out, title string) error {
	published, err := publish.List(out)
	if err != nil {
		return err
	}
	var list []render.Archived
	for _, p := range published {
		per, err := report.ParsePeriod(p.Period)
		if err != nil {
			return err
		}
		list = append(list, render.Archived{Period: per, SHA256: p.SHA256})
	}
	latest := published[len(published)-1].Period
	if err := publish.Mirror(out, latest, filepath.Join(out, "latest")); err != nil {
		return fmt.Errorf("publish latest: %w", err)
	}
	pages, err := render.Site(title, list)
	if err != nil {
		return err
	}
	if err := publish.Replace(filepath.Join(out, "archive"), render.Files{"index.html": pages["archive/index.html"]}); err != nil {
		return err
	}
	return publish.WriteFile(filepath.Join(out, "index.html"), pages["index.html"])
}
