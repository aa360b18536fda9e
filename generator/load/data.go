package load

import (
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/primed/primed/generator/load/diag"
	"github.com/primed/primed/generator/load/table"
	"github.com/primed/primed/generator/report"
)

// index finds the units, measures and levels that other files refer to by
// id, and holds the figures read so far.
type index struct {
	units    map[string]*report.Unit
	measures map[string]*report.Measure
	levels   map[string]int
	figures  figureSet
	// yearStart is the first month of the financial year, by which
	// quarters and years are read.
	yearStart time.Month
}

// figureSet collects figures, refusing a second one for the same month,
// unit and measure, whichever file or source either came from. A report
// may have millions, so it tells them apart by number, and keeps where
// each was read as numbers too: nothing per figure for the collector to
// follow.
type figureSet struct {
	// chunks hold the figures in the order read, chunkSize to a chunk
	// and one measure to a chunk, by measure number: one slice grown by
	// append would copy a gigabyte at a time, with the collector held up
	// behind each copy, and a chunk of one measure can be let go once
	// that measure is worked out (see analyse.Consume).
	chunks    [][][]report.Row
	seen      map[pair]*seenRun
	last      *seenRun          // the last figure's, as rows mostly come a pair at a time
	measures  []*report.Measure // by number
	units     []*report.Unit    // by number, as the rows name them
	measureNo map[*report.Measure]int32
	unitNo    map[*report.Unit]int32
	files     fileTable
}

// fileTable numbers the files that figures are read from, so that where
// each was read is kept as numbers: nothing for the collector to follow.
type fileTable struct {
	files []string // by number
	no    map[string]uint32
	last  uint32 // the number of the file of the last figure
}

// pair is one unit's figures for one measure.
type pair struct {
	unit    *report.Unit
	measure *report.Measure
}

// seenRun is where each of a pair's figures (or a unit's finance lines of
// one category) was read. The periods a pair has mostly run without gaps,
// so while they are dense (see maxSpan) they are kept in a slice by
// period; sparse ones, as only a hostile file would have, go to a map, so
// memory stays in step with the figures read.
type seenRun struct {
	pair         // figureSet's
	number int32 // the measure's, figureSet's
	unitNo int32 // the unit's, figureSet's
	count  int64 // figures
	lo, hi int32 // the first and last period with a figure
	from   int32 // the period of at[0]
	// at holds where each figure was read, by period from from, with its
	// file numbered from 1: a zero filePos is a period with none.
	at     []filePos
	sparse map[int32]filePos
}

// maxSpan is how many periods a pair's figures may span, over and above
// twelve for each figure (a yearly measure has one a year), before their
// places go to a map.
const maxSpan = 64

// filePos is a diag.Pos with its file as a number of a fileTable.
type filePos struct{ file, line, col uint32 }

func (s *figureSet) add(e *diag.List, o report.Observation, at diag.Pos) {
	run := s.last
	if run == nil || run.unit != o.Unit || run.measure != o.Measure {
		run = s.run(pair{o.Unit, o.Measure})
	}
	s.last = run
	if first, dup := run.get(int32(o.Period)); dup {
		e.Add(at, "duplicate figure for %s, %s, %s (first at %s)", o.Period, o.Unit.ID, o.Measure.ID, s.files.pos(first))
		return
	}
	run.set(int32(o.Period), s.files.filePos(at))
	list := &s.chunks[run.number]
	if n := len(*list); n == 0 || len((*list)[n-1]) == chunkSize {
		*list = append(*list, make([]report.Row, 0, chunkSize))
	}
	last := &(*list)[len(*list)-1]
	*last = append(*last, o.Row(run.unitNo))
}

const chunkSize = 1 << 16

// run returns p's seenRun, making it on p's first figure.
func (s *figureSet) run(p pair) *seenRun {
	if s.seen == nil {
		s.seen = map[pair]*seenRun{}
		s.measureNo = map[*report.Measure]int32{}
		s.unitNo = map[*report.Unit]int32{}
	}
	run := s.seen[p]
	if run == nil {
		m, ok := s.measureNo[p.measure]
		if !ok {
			m = int32(len(s.measures))
			s.measureNo[p.measure] = m
			s.measures = append(s.measures, p.measure)
			s.chunks = append(s.chunks, nil)
		}
		u, ok := s.unitNo[p.unit]
		if !ok {
			u = int32(len(s.units))
			s.unitNo[p.unit] = u
			s.units = append(s.units, p.unit)
		}
		run = &seenRun{pair: p, number: m, unitNo: u}
		s.seen[p] = run
	}
	return run
}

// get returns where the figure for period p was read, if one was.
func (r *seenRun) get(p int32) (filePos, bool) {
	if r.sparse != nil {
		at, ok := r.sparse[p]
		return at, ok
	}
	i := int64(p) - int64(r.from)
	if i < 0 || i >= int64(len(r.at)) || r.at[i].file == 0 {
		return filePos{}, false
	}
	at := r.at[i]
	at.file--
	return at, true
}

// set records that the figure for period p, which has none yet, was read
// at at.
func (r *seenRun) set(p int32, at filePos) {
	r.count++
	if r.count == 1 {
		r.lo, r.hi, r.from = p, p, p
	}
	r.lo, r.hi = min(r.lo, p), max(r.hi, p)
	if r.sparse == nil && int64(r.hi)-int64(r.lo) >= 12*r.count+maxSpan {
		r.sparse = make(map[int32]filePos, r.count)
		for i, at := range r.at {
			if at.file != 0 {
				at.file--
				r.sparse[r.from+int32(i)] = at
			}
		}
		r.at = nil
	}
	if r.sparse != nil {
		r.sparse[p] = at
		return
	}
	if p < r.from {
		// Room at the front for as many again, so that figures read
		// latest first cost no more than those read in order.
		grow := int(r.from-p) + len(r.at)
		r.at = append(make([]filePos, grow, grow+len(r.at)), r.at...)
		r.from -= int32(grow)
	}
	if i := int(p - r.from); i >= len(r.at) {
		r.at = append(r.at, make([]filePos, i+1-len(r.at))...)
	}
	at.file++
	r.at[p-r.from] = at
}

// list returns every figure, a measure at a time in the order each
// measure was first read, and empties s. Nothing is copied.
func (s *figureSet) list() report.Figures {
	var all report.Figures
	for m, chunks := range s.chunks {
		for _, rows := range chunks {
			all = append(all, report.Chunk{Measure: s.measures[m], Units: s.units, Rows: rows})
		}
	}
	*s = figureSet{}
	return all
}

func (t *fileTable) filePos(at diag.Pos) filePos {
	// Figures mostly come a file at a time: look the file up only when it
	// is not the last one's.
	if len(t.files) == 0 || t.files[t.last] != at.File {
		no, ok := t.no[at.File]
		if !ok {
			if t.no == nil {
				t.no = map[string]uint32{}
			}
			no = uint32(len(t.files))
			t.files = append(t.files, at.File)
			t.no[at.File] = no
		}
		t.last = no
	}
	return filePos{t.last, clamp(at.Line), clamp(at.Col)}
}

func (t *fileTable) pos(p filePos) diag.Pos {
	return diag.Pos{File: t.files[p.file], Line: int(p.line), Col: int(p.col)}
}

// clamp keeps a line or column number within 32 bits: no file primed
// reads has more lines than that.
func clamp(n int) uint32 { return uint32(min(max(n, 0), math.MaxUint32)) }

// unit looks up a unit id from a table cell, reporting an unknown id
// and a unit that did not exist in the period.
func (t *sheet) unit(idx *index, col string, p report.Period) *report.Unit {
	id := t.cell(col)
	u := t.lastUnit
	if u == nil || id != t.lastUnitID {
		// Rows mostly come a unit at a time: look the id up only when
		// it is not the last row's.
		u = idx.units[id]
		t.lastUnitID, t.lastUnit = id, u
	}
	switch {
	case u == nil:
		t.cellErrorOnce(col, "unknown unit %q", id)
	case p != 0 && !u.Active.Contains(p):
		t.cellErrorOnce(col, "unit %q is not active in %s (%s)", id, p, activeText(u.Active))
		return nil
	}
	return u
}

func activeText(r report.Range) string {
	switch {
	case r.From != 0 && r.To != 0:
		return fmt.Sprintf("active %s to %s", r.From, r.To)
	case r.From != 0:
		return fmt.Sprintf("active from %s", r.From)
	}
	return fmt.Sprintf("active to %s", r.To)
}

// observations reads every CSV in data/. A file is long (one figure a row:
// period, unit, measure, value, with optional numerator and denominator)
// when its header has measure and value columns; otherwise it is wide, with
// a column for each measure after period and unit.
//
// The files are read on one core while the figures read are told apart
// (figureSet.add) on another, a batch at a time. The files' problems are
// listed before the duplicates found among their figures.
func observations(fsys fs.FS, idx *index, e *diag.List) {
	full := make(chan []located, 4)
	empty := make(chan []located, 6)
	var dups diag.List
	var read sync.WaitGroup
	read.Go(func() {
		for batch := range full {
			for _, l := range batch {
				idx.figures.add(&dups, l.o, l.at)
			}
			empty <- batch[:0]
		}
	})
	var batch []located
	add := func(_ *sheet, o report.Observation, at diag.Pos) {
		if batch == nil {
			select {
			case batch = <-empty:
			default:
				batch = make([]located, 0, batchSize)
			}
		}
		batch = append(batch, located{o, at})
		if len(batch) == batchSize {
			full <- batch
			batch = nil
		}
	}
	for _, name := range csvFiles(fsys, "data", e) {
		t := openSheet(fsys, name, e)
		if t == nil {
			continue
		}
		if _, long := t.cols["measure"]; long {
			readLong(t, idx, add)
		} else {
			readWide(t, idx, add)
		}
	}
	if len(batch) > 0 {
		full <- batch
	}
	close(full)
	read.Wait()
	e.Merge(&dups)
}

// located is a figure read and where it was read.
type located struct {
	o  report.Observation
	at diag.Pos
}

// batchSize is how many figures observations passes on at a time.
const batchSize = 4096

func readLong(t *sheet, idx *index, add func(*sheet, report.Observation, diag.Pos)) {
	if !t.require("period", "unit", "measure", "value") {
		return
	}
	var lastID string // and lastMeasure, as sheet.unit keeps the last unit
	var lastMeasure *report.Measure
	t.each(func() {
		p, freq, ok := t.label("period", idx.yearStart)
		u := t.unit(idx, "unit", p)
		mid := t.cell("measure")
		m := lastMeasure
		if m == nil || mid != lastID {
			m = idx.measures[mid]
			lastID, lastMeasure = mid, m
		}
		if m == nil {
			t.cellErrorOnce("measure", "unknown measure %q", mid)
		}
		if !ok || u == nil || m == nil {
			return
		}
		if err := m.Fit(p, freq, idx.yearStart); err != nil {
			t.cellError("period", "%v", err)
			return
		}
		if o, ok := t.observation(p, u, m, "value", "numerator", "denominator"); ok {
			add(t, o, t.pos("period"))
		}
	})
}

// maxUnknownColumns is how many unknown columns of one header are reported
// one by one; past it, a count says how many more.
const maxUnknownColumns = 10

func readWide(t *sheet, idx *index, add func(*sheet, report.Observation, diag.Pos)) {
	if !t.require("period", "unit") {
		return
	}
	var ms []*report.Measure
	unknown := 0
	for i, h := range t.header {
		n := table.Normalise(h)
		if n == "" || n == "period" || n == "unit" {
			continue
		}
		m := idx.measures[n]
		if m == nil {
			if unknown++; unknown <= maxUnknownColumns {
				t.errorf(i, "unknown measure %q in the header; a wide file has period, unit and one column per measure", h)
			}
			continue
		}
		ms = append(ms, m)
	}
	if more := unknown - maxUnknownColumns; more > 0 {
		t.errorf(len(t.header)-1, "and %d more unknown measure columns in the header", more)
	}
	t.each(func() {
		p, freq, ok := t.label("period", idx.yearStart)
		u := t.unit(idx, "unit", p)
		if !ok || u == nil {
			return
		}
		for _, m := range ms {
			if err := m.Fit(p, freq, idx.yearStart); err != nil {
				if t.cell(m.ID) != "" {
					t.cellError("period", "%v", err)
				}
				continue
			}
			if o, ok := t.observation(p, u, m, m.ID, "", ""); ok {
				add(t, o, t.pos(m.ID))
			}
		}
	})
}

// observation reads one figure, with its numerator and denominator when the
// columns are there. A ratio given only by its parts gets its value from them.
func (t *sheet) observation(p report.Period, u *report.Unit, m *report.Measure, value, num, den string) (report.Observation, bool) {
	o := report.Observation{Period: p, Unit: u, Measure: m}
	v, hasValue := t.number(value)
	if num != "" && den != "" {
		n, okN := t.number(num)
		d, okD := t.number(den)
		if okN && okD {
			if d < 0 || n < 0 {
				t.cellError(num, "numerator and denominator must not be negative")
				return o, false
			}
			o.Numerator, o.Denominator, o.HasParts = n, d, true
			if !hasValue && d != 0 {
				v, hasValue = n/d*m.Scale, true
			}
		}
	}
	o.Value = v
	if !hasValue && !o.HasParts && marked(t.cell(value)) {
		o.Missing = true // given as missing: a return not received
		return o, true
	}
	if hasValue && !o.HasParts && m.Aggregate == report.Ratio {
		t.cellError(value, "measure %q rolls up as a ratio, so it needs a numerator and a denominator, not only a value", m.ID)
		return o, false
	}
	return o, hasValue || o.HasParts
}

// marked reports whether a cell holds a marker for a missing figure, such
// as "..": the data says the figure is missing, where an empty cell says
// nothing.
func marked(cell string) bool { return strings.TrimSpace(cell) != "" && table.Missing(cell) }

// finance reads every CSV in finance/: period, unit, category, budget,
// actual and an optional forecast outturn.
func finance(fsys fs.FS, idx *index, e *diag.List) []report.Spend {
	var list []report.Spend
	// A line is told apart from the others by its unit, its category
	// (normalised) and its month, like a figure (see figureSet): there
	// are millions at 8,000 units.
	type line struct {
		unit     *report.Unit
		category string
	}
	seen := map[line]*seenRun{}
	var files fileTable
	// Each category once, as written and normalised, rather than a cell of
	// every row, which would keep the whole row.
	type category struct{ name, key string }
	categories := map[string]category{}
	for _, name := range csvFiles(fsys, "finance", e) {
		t := openSheet(fsys, name, e)
		if t == nil || !t.require("period", "unit", "category") {
			continue
		}
		// A budget return has no actual column, a spend file no budget.
		_, hasBudget := t.cols["budget"]
		_, hasActual := t.cols["actual"]
		if !hasBudget && !hasActual {
			t.require("budget", "actual")
			continue
		}
		// Room for the file's lines, up to a bound that a file of blank
		// lines cannot make much of.
		list = slices.Grow(list, min(t.lines, 1<<20))
		t.each(func() {
			p, ok := t.period("period")
			u := t.unit(idx, "unit", p)
			if u != nil && u.Comparator {
				t.cellErrorOnce("unit", "%q is a comparator, which has no finance: comparators are for figures", u.ID)
				u = nil
			}
			cat := t.cell("category")
			if cat == "" {
				t.cellError("category", "missing category")
				ok = false
			}
			budget, gotB := t.number("budget")
			actual, gotA := t.number("actual")
			// A missing amount is unknown, not zero; a cell that is not a
			// number is a problem (reported by number).
			okB := gotB || table.Missing(t.cell("budget"))
			okA := gotA || table.Missing(t.cell("actual"))
			c, known := categories[cat]
			if !known {
				c = category{strings.Clone(cat), table.Normalise(cat)}
				categories[c.name] = c
			}
			s := report.Spend{Period: p, Unit: u, Category: c.name, Budget: budget, Actual: actual, NoBudget: !gotB, NoActual: !gotA}
			if _, has := t.cols["forecast"]; has {
				if f, ok := t.number("forecast"); ok {
					s.Forecast = &f
				}
			}
			if !ok || u == nil || !okB || !okA || (!gotB && !gotA && s.Forecast == nil) {
				return // a problem, or a line that gives nothing
			}
			key := line{u, c.key}
			run := seen[key]
			if run == nil {
				run = &seenRun{}
				seen[key] = run
			}
			at := t.pos("period")
			if first, dup := run.get(int32(p)); dup {
				e.Add(at, "duplicate finance line for %s, %s, %q (first at %s)", p, u.ID, cat, files.pos(first))
				return
			}
			run.set(int32(p), files.filePos(at))
			list = append(list, s)
		})
	}
	return list
}
