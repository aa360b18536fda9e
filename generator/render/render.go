// Package render turns an analysed report into the files of one snapshot:
// a page for the snapshot's contents, every unit and the actions, the
// machine-readable figures.csv, CSV downloads of every table, and the
// static assets. Pages come from html/template over typed views, so every
// piece of input text is escaped wherever it lands; the parts that every
// page or row repeats are written in Go that escapes as html/template
// does, each held by a test to the template it replaced (view_test.go,
// tables_test.go, frame_test.go). Charts travel as JSON data blocks that
// one static script draws. Nothing is written to disk
// here: the publish package does that.
package render

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/primed/primed/generator/analyse"
	"github.com/primed/primed/generator/chart"
	"github.com/primed/primed/generator/report"
	"github.com/primed/primed/templates"
)

// Files is a snapshot's content: slash-separated paths relative to the
// snapshot folder, and each file's bytes.
type Files map[string][]byte

var pages = parsePages()

// parsePages parses the page templates.
func parsePages() *template.Template {
	return template.Must(template.New("").
		Option("missingkey=error").
		Funcs(template.FuncMap{
			"ragOf":      func(class, label string) ragView { return ragView{class, label} },
			"mdcLetters": func() map[string]string { return mdcLetters },
			"mdcID":      mdcID,
			"fragment":   fragment,
		}).
		ParseFS(templates.FS, "*.html"))
}

// fragments holds the HTML of small templates, such as a rating's icon
// and label, by template and value: a page shows a few kinds of each
// hundreds of times. Their values are primed's own words, never input
// text, so there are only as many as the code makes.
var fragments sync.Map // fragmentKey → template.HTML

// fragmentSet is pages, for fragment, which pages calls.
var fragmentSet *template.Template

func init() { fragmentSet = pages }

type fragmentKey struct {
	name  string
	value any
}

// fragment is the template name executed on v, as {{template name v}}
// would write it, executed once for each name and v. v must be a
// comparable value of a bounded set, as a ragView or mdcView is.
func fragment(name string, v any) (template.HTML, error) {
	k := fragmentKey{name, v}
	if h, ok := fragments.Load(k); ok {
		return h.(template.HTML), nil
	}
	h, err := execute(name, v)
	if err != nil {
		return "", err
	}
	fragments.Store(k, h)
	return h, nil
}

// execute is the template name executed on v, as {{template name v}}
// would write it.
func execute(name string, v any) (template.HTML, error) {
	var b strings.Builder
	if err := fragmentSet.ExecuteTemplate(&b, name, v); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// mdcLetters are the letters Making Data Count icons carry, by the id of
// their symbol in each page's sprite (mdc-p; mdc-vh for a variation icon).
var mdcLetters = map[string]string{"h": "H", "l": "L", "p": "P", "f": "F", "q": "?"}

// mdcID is the sprite id of the icon letter.
func mdcID(letter string) (string, error) {
	for id, l := range mdcLetters {
		if l == letter {
			return id, nil
		}
	}
	return "", fmt.Errorf("no Making Data Count icon carries %q", letter)
}

// Sink takes a snapshot's files as they are rendered, from many
// goroutines at once. A file shared by several pages, such as a
// narrative's image, is added by each with the same bytes.
type Sink interface {
	// Add takes a whole file. It must not keep b once it returns: the
	// renderer writes the next file into it.
	Add(path string, b []byte) error
	// Create opens a file to be written in parts: one too large to hold
	// in memory, as figures.csv is for a large organisation.
	Create(path string) (io.WriteCloser, error)
}

// newSite is what every page of a's snapshot says about it.
func newSite(a *analyse.Analysis) siteView {
	return siteView{
		Title:        a.Config.Title,
		Organisation: a.Config.Organisation,
		Period:       a.Latest().Name(a.Every, a.Config.YearStart),
		PeriodID:     a.Period.String(),
		Now:          "this " + every(a.Every).One,
	}
}

// Stream renders every file of the snapshot a describes and hands each to
// sink as soon as its unit is rendered, so that only the units in flight
// are held in memory, and figures.csv, the one file that grows with every
// unit, is written as it is worked out. It only reads a, so units are
// rendered in parallel, one unit's page (with its downloads) at a time on
// each core. Errors are returned in unit order, whichever came first in
// time.
func Stream(a *analyse.Analysis, sink Sink) error {
	base := snapshot{
		a:          a,
		site:       newSite(a),
		charts:     new(chart.Shapes),
		references: new(sync.Map),
	}
	figures, err := sink.Create(figuresCSV)
	if err != nil {
		return err
	}
	header := csvWriter{}
	header.start()
	header.row(figuresHeader...)
	rows := newInOrder(figures)
	rows.put(0, header.b)
	// The files about every unit first, the longest first, so that no
	// long task starts last and leaves the other cores idle at the end;
	// then one task for each unit's page, which writes the unit's rows of
	// figures.csv. Errors come in that order.
	tasks := []func(*snapshot) error{(*snapshot).measuresIndex}
	for _, m := range a.Measures {
		if a.Reports(a.Root, m) {
			tasks = append(tasks, func(s *snapshot) error {
				if err := s.measurePage(m); err != nil {
					return fmt.Errorf("measure %s: %w", m.ID, err)
				}
				return nil
			})
		}
	}
	tasks = append(tasks, (*snapshot).assets, (*snapshot).contents, (*snapshot).actionsPage)
	for i, u := range a.Units {
		tasks = append(tasks, func(s *snapshot) error {
			b, err := s.unitPage(u)
			rows.put(1+i, b) // its turn, even with no rows after an error: the rows after it are not held
			if err != nil {
				return fmt.Errorf("render unit %s: %w", u.ID, err)
			}
			return nil
		})
	}
	errs := make([]error, len(tasks))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, task := range tasks {
		g.Go(func() error {
			s := base.task()
			defer s.done()
			errs[i] = task(&s)
			if errs[i] != nil {
				return nil
			}
			for _, p := range slices.Sorted(maps.Keys(s.files)) {
				if err := sink.Add(p, s.files[p]); err != nil {
					errs[i] = err
					return nil
				}
			}
			return nil
		})
	}
	g.Wait() // each task keeps its error in errs
	if err := errors.Join(errs...); err != nil {
		figures.Close()
		return err
	}
	// The comparators, which have no page, last.
	s := base.task()
	rows.put(1+len(a.Units), s.comparatorRows())
	s.done()
	if rows.err != nil {
		figures.Close()
		return rows.err
	}
	return figures.Close()
}

// task is a copy of s for one task, with files and a scratch of its own.
func (s snapshot) task() snapshot {
	s.files = Files{}
	s.scratch = scratches.Get().(*scratch)
	return s
}

// done gives back the task's scratch.
func (s *snapshot) done() {
	s.scratch.reuse()
	scratches.Put(s.scratch)
}

// snapshot renders a share of a snapshot's files. Copies share the
// analysis and the site's frame, which they only read; each has its own
// files, written only through add and put.
type snapshot struct {
	a      *analyse.Analysis
	site   siteView
	files  Files
	charts *chart.Shapes // shared by the copies
	// references are comparators' trends, by referenceKey, shared by the
	// copies; nil: each is worked out where it is drawn.
	references *sync.Map
	scratch    *scratch // nil: every file is allocated anew
}

// add puts a file of the snapshot in place: a page, an image, an asset.
func (s *snapshot) add(file string, b []byte) { s.files[file] = b }

// put puts a file written into a buffer from s.buffer in place.
func (s *snapshot) put(file string, b []byte) {
	s.add(file, b)
	if s.scratch != nil {
		s.scratch.done = append(s.scratch.done, b)
	}
}

// download puts a table in place as a CSV download.
func (s *snapshot) download(file string, rows [][]string) {
	s.put(file, encodeCSV(s.buffer(), rows))
}

// buffer returns an empty buffer to write a file into and then put, with
// the room of one that an earlier task wrote.
func (s *snapshot) buffer() []byte {
	if s.scratch == nil {
		return nil
	}
	return s.scratch.next()
}

// A scratch holds the buffers a task writes its files into. They are the
// task's until its files are in the sink (which keeps none of them), and
// then the next task's: a core reuses a few megabytes, where every file
// was allocated and grown anew.
type scratch struct {
	free [][]byte // empty, with room
	done [][]byte // put by this task
	// figures are series unpacked by snapshot.series, by slot.
	figures [2][]analyse.Figure
	// trend is what snapshot.unitTrend's lines point at.
	trend trendBuffers
	// rows are a unit's rows of its downloads (see snapshot.rowWriter).
	rows rowWriter
	// labels are periods written out, as snapshot.label writes them, by
	// form and frequency (see frequencySlot), each by period from
	// labelBase, for a year starting in labelStart.
	labels     [3][4][]string
	labelBase  report.Period
	labelStart time.Month
}

// labelSpan is how many periods around the first it is asked for a
// scratch keeps the labels of: 40 years of months.
const labelSpan = 480

// frequencySlot is where a scratch keeps the labels of periods of f.
func frequencySlot(f report.Frequency) int {
	switch f {
	case report.Monthly:
		return 0
	case report.Quarterly:
		return 1
	case report.Yearly:
		return 2
	}
	return 3
}

// periodForm is one of the ways a page writes a period.
type periodForm uint8

const (
	labelForm  periodForm = iota // Period.Label: "2024-03", "2024-25 Q3"
	nameForm                     // Period.Name: "March 2024"
	abbrevForm                   // Period.Abbrev: "Mar 24"
)

// label writes p, a period of frequency f, in form, as the Period method
// of that name would: once for each task's core, not once for each page.
func (s *snapshot) label(form periodForm, p report.Period, f report.Frequency) string {
	start := s.a.Config.YearStart
	c := s.scratch
	if c == nil {
		return periodLabel(form, p, f, start)
	}
	if c.labelBase == 0 || c.labelStart != start {
		c.labels, c.labelBase, c.labelStart = [3][4][]string{}, p-labelSpan/2, start
	}
	i := int(p - c.labelBase)
	if i < 0 || i >= labelSpan {
		return periodLabel(form, p, f, start)
	}
	list := &c.labels[form][frequencySlot(f)]
	if *list == nil {
		*list = make([]string, labelSpan)
	}
	if (*list)[i] == "" {
		(*list)[i] = periodLabel(form, p, f, start)
	}
	return (*list)[i]
}

// periodLabel writes p, a period of frequency f, in form, for a year
// starting in start.
func periodLabel(form periodForm, p report.Period, f report.Frequency, start time.Month) string {
	switch form {
	case labelForm:
		return p.Label(f, start)
	case nameForm:
		return p.Name(f, start)
	}
	return p.Abbrev(f, start)
}

// series is u's figures for m, unpacked into slot 0 or 1 of the scratch:
// they are good until the next call for the same slot.
func (s *snapshot) series(slot int, u *report.Unit, m *report.Measure) []analyse.Figure {
	if s.scratch == nil {
		return s.a.Series(u, m)
	}
	f := s.a.AppendSeries(s.scratch.figures[slot][:0], u, m)
	s.scratch.figures[slot] = f
	return f
}

var scratches = sync.Pool{New: func() any { return new(scratch) }}

func (sc *scratch) next() []byte {
	n := len(sc.free)
	if n == 0 {
		return nil
	}
	b := sc.free[n-1]
	sc.free = sc.free[:n-1]
	return b
}

// reuse takes back the task's buffers, emptied.
func (sc *scratch) reuse() {
	for _, b := range sc.done {
		sc.free = append(sc.free, b[:0])
	}
	clear(sc.done)
	sc.done = sc.done[:0]
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

// render puts the page file in place: what template name writes for p,
// in its frame.
func (s *snapshot) render(name, file string, p page) error {
	return s.page(file, p, func(w *htmlWriter, p page) error { return w.template(name, p) })
}

// page puts the page file in place: its frame (page.writeHead,
// page.writeFoot) around what body writes for p, which it completes with
// what every page says of the site and of its own address.
func (s *snapshot) page(file string, p page, body func(*htmlWriter, page) error) error {
	p.Site = s.site
	if base := s.a.Config.BaseURL; base != "" {
		p.Canonical = base + s.site.PeriodID + "/" + file
	}
	w := htmlWriter{b: s.buffer()}
	err := p.writeHead(&w)
	if err == nil {
		err = body(&w, p)
	}
	if err == nil {
		err = w.err
	}
	if err != nil {
		return fmt.Errorf("render %s: %w", file, err)
	}
	p.writeFoot(&w)
	s.put(file, w.b)
	return nil
}

// template writes what template name writes for p.
func (w *htmlWriter) template(name string, p page) error {
	return pages.ExecuteTemplate(w, name, p)
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
		s.add(p, b)
		return nil
	})
	if err != nil {
		return fmt.Errorf("assets: %w", err)
	}
	s.add(path.Join("assets", "theme.css"), []byte(fmt.Sprintf(":root {\n  --brand: %s;\n}\n", s.a.Config.Colour)))
	return nil
}
