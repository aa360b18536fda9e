// Command bench measures primed against two references run beside it: the
// disk floor (cp -r of primed's own output) and Hugo building a site of
// the same number of pages at primed's average page weight. It prints one
// Markdown table; `make bench` runs it.
//
//	go run ./cmd/bench -primed bin/primed -sizes S,M -scaling 1000,2000
//
// Each workload is written once by cmd/benchdata into -work and reused.
// Times are wall and CPU (user + system) seconds of the process and its
// children; memory is the peak resident set of the largest process.
//
// Every output is kept, in a folder of the run's own under -work, until
// the run ends, when the outputs of this and any earlier run are removed:
// on ext4 without a journal the kernel passes over inodes freed in the
// last one to five minutes when it allocates one, so removing a site just
// before a measurement made files there up to seven times slower to
// create. Leave a few minutes between runs for the same reason.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	primed := flag.String("primed", "bin/primed", "the primed `binary` to measure")
	benchdata := flag.String("benchdata", "bin/benchdata", "the benchdata `binary` that writes the workloads")
	work := flag.String("work", filepath.Join(os.TempDir(), "primed-bench"), "the `folder` for workloads and output")
	sizes := flag.String("sizes", "M", "the named workloads to run, comma-separated: S, M, N")
	scaling := flag.String("scaling", "", "unit counts for the scaling table, comma-separated, such as 1000,2000,4000,8000")
	all := flag.Bool("all", true, "also time build --all over every month of M")
	svg := flag.String("svg", "", "write the scaling chart, time and memory against units, to this SVG `file`")
	flag.Parse()
	b := bench{primed: abs(*primed), benchdata: abs(*benchdata), work: *work}
	b.out = filepath.Join(b.work, "out-"+strconv.FormatInt(time.Now().Unix(), 10))
	if err := os.MkdirAll(b.out, 0o755); err != nil {
		fail(err)
	}
	defer removeOutputs(b.work)
	if _, err := exec.LookPath("hugo"); err != nil {
		fail(errors.New("hugo is not installed: apt-get install hugo (make bench does)"))
	}
	if err := os.MkdirAll(b.work, 0o755); err != nil {
		fail(err)
	}
	fmt.Println("| workload | run | wall s | CPU s | peak RSS MB | pages | files | MB written | pages/s | input MB/s | × cp -r | × Hugo |")
	fmt.Println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, name := range split(*sizes) {
		if err := b.workload(name, []string{"-size", name}, *all && name == "M"); err != nil {
			fail(err)
		}
	}
	if *scaling != "" {
		b.scaling(split(*scaling), *svg)
	}
}

// scaling prints the time and memory of a full build at each unit count
// of counts, and the growth exponents, and draws them to svg if it is set.
func (b bench) scaling(counts []string, svg string) {
	var units, wall, rss []float64
	fmt.Println()
	fmt.Println("| units | wall s | CPU s | peak RSS MB | pages |")
	fmt.Println("| ---: | ---: | ---: | ---: | ---: |")
	for _, n := range counts {
		u, err := strconv.Atoi(n)
		if err != nil {
			fail(fmt.Errorf("-scaling: %q is not a number", n))
		}
		report, err := b.generate("units-"+n, "-units", n, "-measures", "40", "-months", "36")
		if err != nil {
			fail(err)
		}
		site := b.fresh("site-units-" + n)
		m, err := run(b.primed, "build", report, "--out", site)
		if err != nil {
			fail(err)
		}
		st := stats(filepath.Join(site, "2026-10"))
		fmt.Printf("| %d | %.1f | %.1f | %.0f | %d |\n", u, m.wall, m.cpu, m.rssMB, st.pages)
		units, wall, rss = append(units, float64(u)), append(wall, m.wall), append(rss, m.rssMB)
	}
	if len(units) > 1 {
		fmt.Printf("\nGrowth exponent (least squares on log–log): time %.2f, memory %.2f\n", exponent(units, wall), exponent(units, rss))
	}
	if svg != "" {
		if err := os.WriteFile(svg, scalingChart(units, wall, rss), 0o644); err != nil {
			fail(err)
		}
	}
}

// scalingChart draws wall time and peak memory against units, each on an
// axis of its own from zero, as a self-contained SVG.
func scalingChart(units, wall, rss []float64) []byte {
	const w, h, left, right, top, bottom = 640.0, 360.0, 60.0, 70.0, 30.0, 50.0
	maxU, maxT, maxM := 0.0, 0.0, 0.0
	for i := range units {
		maxU, maxT, maxM = max(maxU, units[i]), max(maxT, wall[i]), max(maxM, rss[i])
	}
	x := func(u float64) float64 { return left + u/maxU*(w-left-right) }
	y := func(v, top2 float64) float64 { return h - bottom - v/top2*(h-top-bottom) }
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %g" font-family="sans-serif" font-size="12">`+"\n", w, h)
	fmt.Fprintf(&b, `<rect width="%g" height="%g" fill="#fff"/>`+"\n", w, h)
	fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="#0b0c0c"/>`+"\n", left, h-bottom, w-right, h-bottom)
	for _, u := range units {
		fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="middle">%g</text>`+"\n", x(u), h-bottom+16, u)
	}
	fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="middle">units</text>`+"\n", (left+w-right)/2, h-12)
	for _, s := range []struct {
		values []float64
		top    float64
		colour string
		label  string
		axisX  float64
		anchor string
	}{
		{wall, maxT, "#1d70b8", "wall time, s", left - 6, "end"},
		{rss, maxM, "#d4351c", "peak RSS, MB", w - right + 6, "start"},
	} {
		for _, frac := range []float64{0, 0.5, 1} {
			fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="%s" fill="%s">%.0f</text>`+"\n", s.axisX, y(frac*s.top, s.top)+4, s.anchor, s.colour, frac*s.top)
		}
		var pts []string
		for i := range units {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(units[i]), y(s.values[i], s.top)))
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="%s"/>`+"\n", x(units[i]), y(s.values[i], s.top), s.colour)
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`+"\n", strings.Join(pts, " "), s.colour)
		labelX, labelAnchor := left, "start" // above the plot, inside the picture
		if s.anchor == "start" {
			labelX, labelAnchor = w-right, "end"
		}
		fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="%s" fill="%s" font-weight="bold">%s</text>`+"\n", labelX, top-12, labelAnchor, s.colour, s.label)
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

func abs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		fail(err)
	}
	return a
}

func split(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

type bench struct {
	primed, benchdata, work string
	out                     string // this run's outputs
}

// removeOutputs removes what every run left in work, this one's too.
func removeOutputs(work string) {
	old, _ := filepath.Glob(filepath.Join(work, "out-*"))
	for _, dir := range old {
		os.RemoveAll(dir)
	}
}

// generate writes the workload name with args, unless it is there.
func (b bench) generate(name string, args ...string) (string, error) {
	dir := filepath.Join(b.work, "report-"+name)
	if _, err := os.Stat(dir); err == nil {
		return dir, nil
	}
	tmp := dir + ".tmp"
	os.RemoveAll(tmp)
	if _, err := run(b.benchdata, append(args, "-out", tmp)...); err != nil {
		return "", err
	}
	return dir, os.Rename(tmp, dir)
}

// fresh is a path in this run's outputs, where nothing is yet.
func (b bench) fresh(name string) string {
	return filepath.Join(b.out, name)
}

// workload runs every measurement of one named workload and prints its rows.
func (b bench) workload(name string, args []string, all bool) error {
	report, err := b.generate(name, args...)
	if err != nil {
		return err
	}
	in := dirBytes(report)
	site := b.fresh("site-" + name)
	row := func(run string, m measure, st siteStats, ratios string) {
		fmt.Printf("| %s | %s | %.2f | %.2f | %.0f | %d | %d | %.0f | %.0f | %.1f | %s |\n",
			name, run, m.wall, m.cpu, m.rssMB, st.pages, st.files, float64(st.bytes)/1e6,
			float64(st.pages)/m.wall, float64(in)/1e6/m.wall, ratios)
	}

	full, err := run(b.primed, "build", report, "--out", site)
	if err != nil {
		return err
	}
	snap := filepath.Join(site, "2026-10")
	st := stats(snap)
	// The references, straight after: the same bytes copied, and Hugo at
	// the same pages and average page weight.
	copyTo := b.fresh("copy-" + name)
	cp, err := run("cp", "-r", snap, copyTo)
	if err != nil {
		return err
	}
	hugo, err := b.hugo(name, st.pages, st.pageBytes/int64(max(1, st.pages)))
	if err != nil {
		return err
	}
	row("full build", full, st, fmt.Sprintf("%.2f | %.2f", full.wall/cp.wall, full.wall/hugo.wall))
	fmt.Printf("| %s | cp -r of the snapshot | %.2f | %.2f | %.0f | | %d | %.0f | | | | |\n", name, cp.wall, cp.cpu, cp.rssMB, st.files, float64(st.bytes)/1e6)
	fmt.Printf("| %s | Hugo, %d pages of %.0f KB | %.2f | %.2f | %.0f | %d | | | %.0f | | | |\n", name, st.pages, float64(st.pageBytes)/float64(max(1, st.pages))/1e3, hugo.wall, hugo.cpu, hugo.rssMB, st.pages, float64(st.pages)/hugo.wall)

	same, err := run(b.primed, "build", report, "--out", site)
	if err != nil {
		return err
	}
	row("rebuild, nothing changed", same, st, fmt.Sprintf("%.1f%% of full |", 100*same.wall/full.wall))

	narrative, err := firstNarrative(report)
	if err != nil {
		return err
	}
	old, err := os.ReadFile(narrative)
	if err != nil {
		return err
	}
	if err := os.WriteFile(narrative, append(bytes.Clone(old), "\nA line added by the benchmark.\n"...), 0o644); err != nil {
		return err
	}
	one, err := run(b.primed, "build", report, "--out", site, "--replace")
	os.WriteFile(narrative, old, 0o644)
	if err != nil {
		return err
	}
	row("rebuild, one narrative changed", one, st, fmt.Sprintf("%.1f%% of full |", 100*one.wall/full.wall))

	if all {
		allSite := b.fresh("site-all-" + name)
		m, err := run(b.primed, "build", report, "--all", "--out", allSite)
		if err != nil {
			return err
		}
		row("build --all", m, stats(allSite), " | ")
	}
	return nil
}

// hugo builds a Hugo site of pages pages of about weight bytes each, and
// measures the build.
func (b bench) hugo(name string, pages int, weight int64) (measure, error) {
	dir := b.fresh("hugo-" + name)
	files := map[string]string{
		"hugo.toml":                    "baseURL = 'https://bench.example/'\ndisableKinds = ['taxonomy', 'term', 'RSS', 'sitemap', 'robotsTXT', '404']\n[markup.goldmark.renderer]\nunsafe = true\n",
		"layouts/_default/single.html": "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><main>{{ .Content }}</main></body></html>\n",
		"layouts/_default/list.html":   "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>{{ range .Pages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ end }}</body></html>\n",
		"layouts/index.html":           "<!DOCTYPE html><html><head><title>Home</title></head><body></body></html>\n",
		"content/pages/_index.md":      "---\ntitle: Pages\n---\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return measure{}, err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return measure{}, err
		}
	}
	// Each page is a table of figures, as primed's are, in raw HTML.
	row := "<tr><th scope=\"row\">October 2026</th><td class=\"num\">1,234.5</td><td class=\"num\">1,200.0</td><td>On target</td></tr>\n"
	body := "<table>\n" + strings.Repeat(row, max(1, int(weight)/len(row))) + "</table>\n"
	for i := range max(1, pages-1) {
		text := fmt.Sprintf("---\ntitle: Page %d\n---\n%s", i+1, body)
		if err := os.WriteFile(filepath.Join(dir, "content", "pages", fmt.Sprintf("p%d.md", i+1)), []byte(text), 0o644); err != nil {
			return measure{}, err
		}
	}
	return run("hugo", "--quiet", "--source", dir, "--destination", filepath.Join(dir, "public"))
}

func firstNarrative(report string) (string, error) {
	var found string
	err := filepath.WalkDir(filepath.Join(report, "narratives"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && found == "" && strings.HasSuffix(p, ".md") {
			found = p
		}
		return err
	})
	if found == "" && err == nil {
		err = errors.New("the workload has no narrative")
	}
	return found, err
}

// measure is one command's cost.
type measure struct {
	wall, cpu, rssMB float64
}

// run runs name with args and measures it, after the disk has written out
// what earlier steps left it (a workload written, a site removed), so that
// no run pays for another's writes.
func run(name string, args ...string) (measure, error) {
	syscall.Sync()
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start).Seconds()
	if err != nil {
		return measure{}, fmt.Errorf("%s %s: %v: %s", name, strings.Join(args, " "), err, stderr.Bytes())
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	m := measure{wall: wall}
	if ru != nil {
		m.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
		m.rssMB = float64(ru.Maxrss) / 1024 // kilobytes on Linux
	}
	return m, nil
}

type siteStats struct {
	pages, files     int
	bytes, pageBytes int64
}

func stats(dir string) siteStats {
	var s siteStats
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		s.files++
		s.bytes += info.Size()
		if strings.HasSuffix(p, ".html") {
			s.pages++
			s.pageBytes += info.Size()
		}
		return nil
	})
	return s
}

func dirBytes(dir string) int64 {
	return stats(dir).bytes
}

// exponent is the slope of log y against log x, by least squares: y grows
// as x to this power.
func exponent(x, y []float64) float64 {
	var sx, sy, sxx, sxy float64
	n := float64(len(x))
	for i := range x {
		lx, ly := math.Log(x[i]), math.Log(y[i])
		sx, sy, sxx, sxy = sx+lx, sy+ly, sxx+lx*lx, sxy+lx*ly
	}
	return (n*sxy - sx*sy) / (n*sxx - sx*sx)
}
