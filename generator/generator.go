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
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/primed/primed/generator/analyse"
	"github.com/primed/primed/generator/load"
	"github.com/primed/primed/generator/load/diag"
	"github.com/primed/primed/generator/publish"
	"github.com/primed/primed/generator/render"
	"github.com/primed/primed/generator/report"
)

// Config says what to build. Report or Dir is required.
type Config struct {
	// Report is the report folder. If nil, Dir is opened instead.
	Report fs.FS
	// Dir is the report folder on disk: every read stays inside it, and
	// the site folder may not be inside it, nor it inside the site folder.
	Dir string
	// Out is the site folder snapshots are published into; "site" if empty.
	Out string
	// Period is the month to build; zero means the latest month with data.
	Period report.Period
	// Replace allows rebuilding a month that is already published with
	// different content.
	Replace bool
	// Force allows building into a folder that holds files primed did not
	// write. primed still never deletes or overwrites them.
	Force bool
	// MaxFileSize bounds each input file; load.DefaultMaxFileSize if zero.
	MaxFileSize int64
	// Built is when the build happens, which the manifest of each snapshot
	// it changes records as a date; now if zero.
	Built time.Time
	// Progress, if set, is told each step as it starts, for a terminal.
	Progress func(step string)
	// Warn, if set, is told each warning the report folder gives when it
	// is read: what is likely a mistake though it can be built.
	Warn func(diag.Problem)
}

// stamp is what the manifest of a snapshot built from r records.
func (c Config) stamp(r *report.Report) publish.Stamp {
	return publish.Stamp{Built: c.builtDate(), Cutoff: analyse.Cutoff(r).String()}
}

// builtDate is the date of the build, as manifests record it.
func (c Config) builtDate() string {
	built := c.Built
	if built.IsZero() {
		built = time.Now()
	}
	return built.UTC().Format(time.DateOnly)
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
// diag.Problems listing every problem when the folder has any.
func Check(cfg Config) (*report.Report, error) {
	fsys, err := cfg.reportFS()
	if err != nil {
		return nil, err
	}
	return load.Report(fsys, load.Options{MaxFileSize: cfg.MaxFileSize, Warn: cfg.Warn})
}

func (c Config) reportFS() (fs.FS, error) {
	if c.Report != nil {
		return c.Report, nil
	}
	if c.Dir == "" {
		return nil, fmt.Errorf("no report folder")
	}
	fsys, err := load.Dir(c.Dir)
	if err != nil {
		return nil, fmt.Errorf("cannot open the report folder: %w", err)
	}
	return fsys, nil
}

// Build checks the report folder and publishes its snapshot. On any
// problem it writes nothing; once publishing starts, the site changes
// whole or not at all (see package publish).
//
// A build that finds the site as the last build from the same inputs and
// the same primed left it does nothing more, unless cfg.Replace asks for
// the snapshot to be rebuilt whatever it holds: see cache.go.
func Build(ctx context.Context, cfg Config) (Result, error) {
	key, cacheable, cached, err := cfg.fromCache(ctx)
	if !errors.Is(err, errFullBuild) {
		return cached, err
	}
	r, out, err := prepare(cfg)
	if err != nil {
		return Result{}, err
	}
	// What the rest of the build needs of r, taken before the analysis
	// consumes r's figures: they are the most memory a build takes, and
	// they are let go a measure at a time as the analysis finishes with
	// them, so that they and the analysis are never held whole together.
	title, narratives, stamp := r.Config.Title, r.Narratives, cfg.stamp(r)
	cfg.progress("analysing")
	a, err := analyse.Consume(r, cfg.Period)
	if err != nil {
		return Result{}, err
	}
	var res Result
	err = publishAll(ctx, cfg, out, title, func(tx *publish.Txn) error {
		res, err = snapshot(ctx, cfg, tx, out, stamp, a)
		return err
	}, func(tx *publish.Txn, s siteSums) error {
		if !cacheable {
			return nil
		}
		return cfg.remember(tx, cfg.settled(key), title, narratives, res, s)
	})
	return res, err
}

// BuildAll publishes a snapshot for every month of the data that the site
// does not hold yet (a backfill), or with cfg.Replace for every month, as
// one change to the site. A report of quarterly or yearly figures alone
// has a snapshot for each quarter or year, at its last month. Each month is rendered on every core in turn.
func BuildAll(ctx context.Context, cfg Config) ([]Result, error) {
	r, out, err := prepare(cfg)
	if err != nil {
		return nil, err
	}
	first, last, err := analyse.Span(r)
	if err != nil {
		return nil, err
	}
	have, err := publish.List(out)
	if err != nil {
		return nil, err
	}
	published := map[string]bool{}
	for _, p := range have {
		published[p.Period] = true
	}
	var months []report.Period
	for p := first; p <= last; p = p.Add(1) {
		if cfg.Replace || !published[p.String()] {
			months = append(months, p)
		}
	}
	var results []Result
	stamp := cfg.stamp(r)
	err = publishAll(ctx, cfg, out, r.Config.Title, func(tx *publish.Txn) error {
		for i, p := range months {
			cfg.progress(fmt.Sprintf("analysing %s (%d of %d)", p.Title(), i+1, len(months)))
			a, err := analyse.Analyse(r, p)
			if err != nil {
				return err
			}
			if a.Latest() != p {
				continue // a report of quarters or years has a snapshot at each one's end, not every month
			}
			res, err := snapshot(ctx, cfg, tx, out, stamp, a)
			if err != nil {
				return err
			}
			results = append(results, res)
		}
		return nil
	}, nil)
	return results, err
}

// prepare checks the report folder against the site folder and loads it.
func prepare(cfg Config) (*report.Report, string, error) {
	out := cfg.Out
	if out == "" {
		out = "site"
	}
	if err := separate(cfg.Dir, out); err != nil {
		return nil, "", err
	}
	cfg.progress("reading the report folder")
	r, err := Check(cfg)
	return r, out, err
}

// snapshot renders the snapshot that a describes and stages it in tx,
// stamped with stamp, each unit's files as soon as they are rendered.
func snapshot(ctx context.Context, cfg Config, tx *publish.Txn, out string, stamp publish.Stamp, a *analyse.Analysis) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	period := a.Period.String()
	staging, err := tx.Stage(period)
	if err != nil {
		return Result{}, err
	}
	cfg.progress("rendering and staging " + a.Period.Title())
	err = render.Stream(a, cancellable{ctx, staging})
	if err != nil {
		return Result{}, err
	}
	res := Result{Period: a.Period, Dir: filepath.Join(out, period)}
	res.Files, res.Pages = staging.Count()
	res.Changed, err = staging.Finish(stamp, cfg.Replace)
	return res, err
}

// cancellable is a staging that stops taking files once ctx is done, so
// that an interrupted build stops rendering at the next file.
type cancellable struct {
	ctx context.Context
	*publish.Staging
}

func (c cancellable) Add(p string, b []byte) error {
	if err := c.ctx.Err(); err != nil {
		return err
	}
	return c.Staging.Add(p, b)
}

// publishAll opens the site folder out, lets stage stage snapshots in one
// transaction, stages what sits above them, lets note (if not nil) leave a
// note for later builds, and commits.
func publishAll(ctx context.Context, cfg Config, out, title string, stage func(*publish.Txn) error, note func(*publish.Txn, siteSums) error) error {
	site, err := publish.Open(out, publish.Options{Force: cfg.Force})
	if err != nil {
		return err
	}
	defer site.Close()
	tx, err := site.Begin()
	if err != nil {
		return err
	}
	defer tx.Abort()
	tx.KeepSpare()
	if err := stage(tx); err != nil {
		return err
	}
	cfg.progress("publishing")
	sums, err := stageSite(tx, title)
	if err != nil {
		return err
	}
	if note != nil {
		if err := note(tx, sums); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return tx.Commit()
}

// siteSums are the checksums of what a build leaves above its snapshot,
// by its path in the site: the manifest of latest/, the archive page and
// the front page.
type siteSums map[string]string

// stageSite stages what sits above the snapshots: latest/, the front page
// and the archive. It returns their checksums as they will be.
func stageSite(tx *publish.Txn, title string) (siteSums, error) {
	published, err := tx.Snapshots()
	if err != nil {
		return nil, err
	}
	var list []render.Archived
	for _, p := range published {
		per, err := report.ParsePeriod(p.Period)
		if err != nil {
			return nil, err
		}
		list = append(list, render.Archived{Period: per, SHA256: p.SHA256, Built: p.Built, Cutoff: p.Cutoff, Replaces: p.Replaces})
	}
	if err := tx.Latest(); err != nil {
		return nil, fmt.Errorf("publish latest: %w", err)
	}
	pages, err := render.Site(title, list)
	if err != nil {
		return nil, err
	}
	sums := siteSums{"latest/manifest.json": published[len(published)-1].SHA256}
	for _, name := range []string{"archive/index.html", "index.html"} {
		if err := tx.Page(name, pages[name]); err != nil {
			return nil, err
		}
		sums[name] = publish.SumOf(pages[name])
	}
	return sums, nil
}

// separate refuses a site folder inside the report folder, or a report
// folder inside the site folder: a build would read its own output, or
// write over its input.
func separate(reportDir, out string) error {
	if reportDir == "" {
		return nil
	}
	r, err := realPath(reportDir)
	if err != nil {
		return err
	}
	o, err := realPath(out)
	if err != nil {
		return err
	}
	switch {
	case within(o, r):
		return fmt.Errorf("the site folder %s is inside the report folder %s; choose an --out outside it", out, reportDir)
	case within(r, o):
		return fmt.Errorf("the report folder %s is inside the site folder %s; choose an --out outside it", reportDir, out)
	}
	return nil
}

// realPath is p made absolute with its links resolved, as far as it exists.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	var rest []string
	for dir := abs; ; dir = filepath.Dir(dir) {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(append([]string{real}, rest...)...), nil
		}
		if dir == filepath.Dir(dir) {
			return abs, nil
		}
		rest = append([]string{filepath.Base(dir)}, rest...)
	}
}

// within reports whether path p is dir or inside it.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
