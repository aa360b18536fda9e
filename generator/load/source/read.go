package source

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/primed/primed/generator/load/diag"
	"github.com/primed/primed/generator/load/table"
	"github.com/primed/primed/generator/report"
)

// Model is what sources read into: the report's units, which sources may
// add to, its measures, and the figures read so far.
type Model struct {
	Units     map[string]*report.Unit // by id; units that sources create are added
	Measures  map[string]*report.Measure
	Levels    []report.Level
	YearStart time.Month
	// Figure adds a figure read at a place, or reports it as a duplicate.
	Figure func(o report.Observation, at diag.Pos)
}

// Reading reads the files of every source into a Model, adding up what
// transactions give across all of them.
type Reading struct {
	model    *Model
	problems *diag.List

	spend      map[string]*report.Spend
	spendOrder []string
	counts     map[string]*counted
	countOrder []string
	created    []*report.Unit
}

// counted is a figure that transactions add up to, and where its first row is.
type counted struct {
	report.Observation
	at diag.Pos
}

// NewReading starts reading sources into m, reporting problems to problems.
func NewReading(m *Model, problems *diag.List) *Reading {
	return &Reading{model: m, problems: problems, spend: map[string]*report.Spend{}, counts: map[string]*counted{}}
}

// Finish adds the figures that transactions counted to the model, and
// returns the finance lines read, in the order first seen, and the units
// created.
func (rd *Reading) Finish() (spend []report.Spend, created []*report.Unit) {
	for _, k := range rd.countOrder {
		rd.model.Figure(rd.counts[k].Observation, rd.counts[k].at)
	}
	for _, k := range rd.spendOrder {
		spend = append(spend, *rd.spend[k])
	}
	return spend, rd.created
}

// shape reads the rows of one file by the layout of its source.
type shape interface {
	// prepare finds what the shape needs in the file's header, and reports
	// whether it is all there.
	prepare(f *file) bool
	// row reads the current row.
	row(f *file)
}

// newShape returns a reader for one file of source s.
func newShape(s *Source) shape {
	switch s.shape {
	case Wide:
		return &wide{}
	case UnitsAsColumns:
		return &unitsAsColumns{}
	case Transactions:
		if s.into == Finance {
			return payments{}
		}
		return counts{}
	}
	return long{}
}

// file is the state of reading one file of one source.
type file struct {
	*Reading
	s        *Source
	r        *table.Reader
	header   []string
	line     int            // the header row's line
	cols     map[string]int // normalised header cell → index
	unmapped map[string]*unmappedValue
	ok       bool // every column looked up was found

	// Rows whose unit or category reads as a total, and the sum of the
	// amounts of the rows that do not, by what they add up over (all of a
	// payments file; a period and measure of figures): a totals row the
	// source does not drop would count everything twice.
	totals []totalRow
	others map[totalKey]float64

	// freq is what the current row's period was read as: a month, or a
	// financial quarter or year.
	freq report.Frequency
	// misfits are the measures whose figures are not of their frequency,
	// reported once for the file each; comparatorSpend is set once finance
	// read into a comparator is reported.
	misfits         map[*report.Measure]bool
	comparatorSpend bool

	// The columns that the declarations name, or -1.
	period, unit, name, category, measure, value, actual, budget int
	dims                                                         []int // the columns that together name a measure
}

type totalRow struct {
	column, label string // the column, as the source names it, and the label read in it
	pos           diag.Pos
	amount        float64
	key           totalKey
}

// totalKey is what a totals row adds up over: nothing for payments,
// which add up over the whole file; a period and measure for figures.
type totalKey struct {
	period  report.Period
	measure *report.Measure
}

type unmappedValue struct {
	what  string
	value string
	pos   diag.Pos
	count int
}

// Read reads one file of source s, name, whose text is decoded and checked.
func (rd *Reading) Read(s *Source, name string, text []byte) {
	f := &file{Reading: rd, s: s, r: table.NewReader(name, text, rd.problems), unmapped: map[string]*unmappedValue{}, ok: true}
	f.read()
	f.reportUnmapped()
	f.reportTotals()
}

// isTotal reports whether a row's label reads as a total of other rows:
// "Total", "Grand Total", "All", "Adult Social Care total".
// It runs for every payment row, so it makes nothing new to compare.
func isTotal(label string) bool {
	l := strings.TrimSpace(label)
	fold := func(part, word string) bool { return len(part) == len(word) && strings.EqualFold(part, word) }
	n := len(l)
	return fold(l, "all") || fold(l, "total") || fold(l, "totals") ||
		(n > 6 && (fold(l[:6], "total ") || fold(l[n-6:], " total")))
}

// noteTotal notes a row's amount, which adds up over k: as a possible
// totals row, if its unit or category reads as a total, or else towards
// the sum of the others.
func (f *file) noteTotal(k totalKey, amount float64) {
	total := false
	for _, c := range []struct {
		col  int
		name string
	}{{f.unit, f.s.unit.column}, {f.category, f.s.category.column}} {
		if c.col >= 0 && isTotal(f.r.Cell(c.col)) {
			f.totals = append(f.totals, totalRow{c.name, f.r.Cell(c.col), f.pos(c.col), amount, k})
			total = true
		}
	}
	if !total {
		if f.others == nil {
			f.others = map[totalKey]float64{}
		}
		f.others[k] += amount
	}
}

// reportTotals warns of the first row of each label that reads as a
// total and whose amount is, to the penny, the sum of the rows that do
// not: one warning says what one drop: fixes.
func (f *file) reportTotals() {
	warned := map[string]bool{}
	for _, t := range f.totals {
		others := f.others[t.key]
		if warned[t.label] || others == 0 || math.Abs(t.amount-others) >= 0.005 {
			continue
		}
		warned[t.label] = true
		f.problems.Warn(t.pos, "the row %q looks like a total: its amount, %s, is the sum of the other rows, so it would count them twice; drop: {%s: [%s]} leaves it out",
			t.label, strconv.FormatFloat(t.amount, 'f', -1, 64), t.column, t.label)
	}
}

func (f *file) read() {
	s := f.s
	for f.r.N() < s.headerRow {
		if !f.r.Next() {
			f.problems.Add(diag.Pos{File: f.r.File()}, "header_row: %d, but the file has only %d records", s.headerRow, f.r.N())
			return
		}
	}
	f.header = slices.Clone(f.r.Record())
	f.line = f.r.Line()
	f.cols = map[string]int{}
	for i, c := range f.header {
		if k := table.Normalise(c); k != "" {
			if _, dup := f.cols[k]; !dup {
				f.cols[k] = i
			}
		}
	}
	keep, drop := f.filter(s.keep), f.filter(s.drop)
	f.period = f.column(s.period.column, s.period.pos)
	f.unit = f.column(s.unit.column, s.unit.pos)
	f.name = f.column(s.unit.nameColumn, s.unit.pos)
	f.category = f.column(s.category.column, s.category.pos)
	f.measure = f.column(s.measure.column, s.measure.pos)
	for _, c := range s.measure.columns {
		f.dims = append(f.dims, f.column(c, s.measure.pos))
	}
	f.value = f.column(s.value.column, s.value.pos)
	f.actual = f.column(s.actual.column, s.actual.pos)
	f.budget = f.column(s.budget.column, s.budget.pos)
	sh := newShape(s)
	if !sh.prepare(f) || !f.ok {
		return
	}
rows:
	for f.r.Next() {
		n := f.r.N()
		if n < s.fromRow {
			continue
		}
		if s.toRow > 0 && n > s.toRow {
			return
		}
		if f.r.Blank() {
			continue
		}
		for i, vals := range keep {
			if !matches(f.r.Cell(i), vals) {
				continue rows
			}
		}
		for i, vals := range drop {
			if matches(f.r.Cell(i), vals) {
				continue rows
			}
		}
		sh.row(f)
	}
}

// filter finds the columns of a keep: or drop: declaration.
func (f *file) filter(rules []filterRule) map[int][]string {
	cols := map[int][]string{}
	for _, r := range rules {
		if i := f.find(r.column, r.pos); i >= 0 {
			cols[i] = append(cols[i], r.values...)
		}
	}
	return cols
}

// column finds a column that a declaration names, or returns -1 when it
// names none; a missing column marks the file as not to be read.
func (f *file) column(name string, decl diag.Pos) int {
	if name == "" {
		return -1
	}
	i := f.find(name, decl)
	f.ok = f.ok && i >= 0
	return i
}

// find finds a header cell by name, ignoring case and spaces; it reports
// a missing one, with the header's cells.
func (f *file) find(name string, decl diag.Pos) int {
	i, ok := f.cols[table.Normalise(name)]
	if !ok {
		var have []string
		for _, c := range f.header {
			if c = strings.Join(strings.Fields(c), " "); c != "" {
				have = append(have, c)
			}
		}
		f.problems.Add(diag.At(f.r.File(), f.line, 1), "no column %q, which %s names; %s", name, decl, f.headerHint(name, have))
		return -1
	}
	return i
}

// maxListed is how many header cells a message about a missing column
// lists; past it, the message names the closest instead.
const maxListed = 12

// headerHint says what the header row has instead of a column called
// name: its cells, when there are few, and the closest to name.
func (f *file) headerHint(name string, have []string) string {
	where := fmt.Sprintf("the header row (header_row: %d)", f.s.headerRow)
	closest, best := "", -1
	want := table.Normalise(name)
	for _, h := range have {
		if d := distance(want, table.Normalise(h)); best < 0 || d < best {
			closest, best = h, d
		}
	}
	near := best >= 0 && best <= max(2, (len([]rune(want))+1)/2)
	switch {
	case len(have) <= maxListed && near:
		return fmt.Sprintf("did you mean %q? %s has %s", closest, where, table.Quote(have))
	case len(have) <= maxListed:
		return fmt.Sprintf("%s has %s", where, table.Quote(have))
	case near:
		return fmt.Sprintf("did you mean %q? %s has %d columns", closest, where, len(have))
	}
	return fmt.Sprintf("%s has %d columns, none close to it: is header_row right?", where, len(have))
}

// distance is the Levenshtein distance between a and b, in characters.
func distance(a, b string) int {
	x, y := []rune(a), []rune(b)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(y)]
}

// pos is where cell col of the current row is.
func (f *file) pos(col int) diag.Pos { return f.r.Pos(col) }

// missing reports whether a cell holds no figure: it is empty, or one of
// the default markers (unless missing: {only: [...]} replaces them), or
// one of the source's own.
func (f *file) missing(v string) bool {
	if strings.TrimSpace(v) == "" {
		return true
	}
	return (!f.s.only && table.Missing(v)) || matches(v, f.s.missing)
}

// matches reports whether value is one of values, ignoring case and spaces.
func matches(value string, values []string) bool {
	for _, v := range values {
		if table.Normalise(v) == table.Normalise(value) {
			return true
		}
	}
	return false
}

// rowUnit resolves the unit that the current row names.
func (f *file) rowUnit() *report.Unit {
	if v := f.s.unit.value; v != "" {
		return f.resolveUnit(v, "", f.s.unit.pos)
	}
	return f.resolveUnit(f.r.Cell(f.unit), f.r.Cell(f.name), f.pos(f.unit))
}

// month reads the row's period by the source's rule: a month, or the
// last month of a financial quarter or year, which f.freq then says.
func (f *file) month() (report.Period, bool) {
	pr := f.s.period
	f.freq = report.Monthly
	switch {
	case pr.value != 0:
		return pr.value, true
	case pr.year != "":
		p, err := f.fiscal(pr.year)
		if err != nil {
			f.problems.Add(pr.pos, "%v", err)
			return 0, false
		}
		return p, true
	}
	if f.period < 0 {
		return 0, false // the declaration's problem is reported already
	}
	raw := f.r.Cell(f.period)
	if pr.format == "YYYY-YY" {
		p, err := f.fiscal(raw)
		if err != nil {
			f.problems.Add(f.pos(f.period), "%v", err)
			return 0, false
		}
		return p, true
	}
	layout := goLayout(pr.format)
	t, err := time.Parse(layout, raw)
	if err != nil && pr.format == "" {
		t, err = table.Date(raw)
		if err != nil {
			// A financial year or quarter: 2023-24, Q3 2024-25.
			if p, freq, err := report.ParseLabel(raw, f.model.YearStart); err == nil && freq != report.Monthly {
				f.freq = freq
				return p, true
			}
		}
	}
	if err != nil {
		want := pr.format
		if want == "" {
			want = "YYYY-MM-DD or DD/MM/YYYY, or a financial year (2023-24) or quarter (Q3 2024-25) (set period: format: to read another)"
		}
		f.problems.Add(f.pos(f.period), "expected a date as %s, found %q", want, raw)
		return 0, false
	}
	return report.NewPeriod(t.Year(), t.Month()), true
}

// fiscal reads a financial year label, 2023-24 or 2023/24. It is a year's
// figure, kept at the year's last month, unless the source says which
// month to read it as (month: start or end), when it is that month's.
func (f *file) fiscal(label string) (report.Period, error) {
	start, err := report.ParseFiscal(label, f.model.YearStart)
	if err != nil {
		return 0, err
	}
	switch f.s.period.month {
	case "start":
		return start, nil
	case "":
		f.freq = report.Yearly
	}
	return start.Add(11), nil
}

// periodPos is where the current row's period was read.
func (f *file) periodPos() diag.Pos {
	if f.period >= 0 {
		return f.pos(f.period)
	}
	return f.s.period.pos
}

// fits reports whether the current row's period suits measure m's
// frequency, and reports the problem once for the file when it does not.
func (f *file) fits(p report.Period, m *report.Measure) bool {
	err := m.Fit(p, f.freq, f.model.YearStart)
	if err != nil && !f.misfits[m] {
		if f.misfits == nil {
			f.misfits = map[*report.Measure]bool{}
		}
		f.misfits[m] = true
		f.problems.Add(f.periodPos(), "%v", err)
	}
	return err == nil
}

// goLayout turns a date format as people write it (DD/MM/YYYY, or ISO)
// into Go's. A format already written as a Go layout (02/01/2006) stays.
func goLayout(f string) string {
	switch {
	case strings.EqualFold(f, "ISO"):
		return time.DateOnly
	case strings.Contains(f, "2006"):
		return f
	}
	r := strings.NewReplacer("YYYY", "2006", "YY", "06", "MON", "Jan", "MM", "01", "DD", "02")
	return r.Replace(f)
}

// text reads a category (or other text) by its rule.
func (f *file) text(c *columnRule, col int, what string) (string, bool) {
	v := c.value
	if c.column != "" {
		v = f.r.Cell(col)
	}
	if c.before != "" {
		v, _, _ = strings.Cut(v, c.before)
	}
	v = strings.Join(strings.Fields(v), " ")
	if v == "" || f.missing(v) {
		if c.missing != "" {
			return c.missing, true
		}
		return "Uncategorised", true
	}
	if c.lookup != nil {
		if mapped, ok := c.lookup[table.Normalise(v)]; ok {
			return mapped, true
		}
		switch c.unmapped {
		case Refuse:
			f.unmappedValue(what, v, f.pos(col))
			return "", false
		case Skip:
			return "", false
		}
		return c.instead, true
	}
	return v, true
}

// measure resolves the row's measure: from one column or several joined
// with " / ", through the lookup, to a measure of measures.yaml.
func (f *file) rowMeasure() *report.Measure {
	c := &f.s.measure
	col, dims := f.measure, f.dims
	v := c.value
	at := f.pos(col)
	switch {
	case len(dims) > 0:
		var parts []string
		for _, d := range dims {
			parts = append(parts, strings.Join(strings.Fields(f.r.Cell(d)), " "))
		}
		v, at = strings.Join(parts, " / "), f.pos(dims[0])
	case col >= 0:
		v = f.r.Cell(col)
	}
	id := v
	if c.lookup != nil {
		mapped, ok := c.lookup[table.Normalise(v)]
		if !ok {
			if c.unmapped == Skip {
				return nil
			}
			f.unmappedValue("measure", v, at)
			return nil
		}
		id = mapped
	}
	m := f.model.Measures[id]
	if m == nil {
		m = f.model.Measures[strings.ToLower(strings.TrimSpace(id))]
	}
	if m == nil {
		if c.lookup == nil && c.unmapped == Skip {
			return nil
		}
		f.unmappedValue("measure", v, at)
	}
	return m
}

// number reads a figure; ok is false for a missing marker, an absent
// column or a bad number (reported).
func (f *file) number(col int, scale float64) (float64, bool) {
	if col < 0 {
		return 0, false
	}
	raw := f.r.Cell(col)
	if raw == "" || f.missing(raw) {
		return 0, false
	}
	v, err := table.Number(raw)
	if err != nil {
		f.problems.Add(f.pos(col), "%v; if it marks a missing figure, list it under missing: in the source", err)
		return 0, false
	}
	if scale != 0 {
		v *= scale
	}
	return v, true
}

// unit resolves a source value to a unit: through the lookup, then as a
// unit id, then by creating it below the declared parent, then by the
// rule for unmapped values.
func (f *file) resolveUnit(raw, name string, at diag.Pos) *report.Unit {
	u := f.s.unit
	id := raw
	if u.split != "" {
		if a, b, ok := strings.Cut(raw, u.split); ok {
			id, name = strings.TrimSpace(a), strings.TrimSpace(b)
		}
	}
	if id == "" || f.missing(id) {
		return f.unmappedUnit(raw, at)
	}
	if mapped, ok := u.lookup[table.Normalise(id)]; ok {
		if unit := f.model.Units[mapped]; unit != nil {
			return unit
		}
		f.problems.Add(u.pos, "unit lookup maps %q to %q, which org.yaml does not declare", id, mapped)
		return nil
	}
	if unit := f.model.Units[id]; unit != nil {
		return unit
	}
	made := makeID(id)
	if unit := f.model.Units[made]; unit != nil {
		return unit
	}
	if u.create != "" {
		parent := f.model.Units[u.create]
		if parent == nil {
			f.problems.Add(u.pos, "unit: create: unknown parent unit %q", u.create)
			return nil
		}
		if parent.Comparator {
			f.problems.Add(u.pos, "unit: create: %q is a comparator, which has no units below it; create them under a unit of the tree", u.create)
			return nil
		}
		if parent.LevelIndex+1 >= len(f.model.Levels) {
			f.problems.Add(u.pos, "unit: create: %q is at the lowest level, so no unit can be created below it", u.create)
			return nil
		}
		if made == "" {
			return f.unmappedUnit(raw, at)
		}
		if name == "" {
			name = id
		}
		unit := &report.Unit{ID: made, Name: name, LevelIndex: parent.LevelIndex + 1, Parent: parent}
		parent.Children = append(parent.Children, unit)
		f.model.Units[made] = unit
		f.created = append(f.created, unit)
		return unit
	}
	return f.unmappedUnit(raw, at)
}

func (f *file) unmappedUnit(raw string, at diag.Pos) *report.Unit {
	u := f.s.unit
	switch u.unmapped {
	case Skip:
		return nil
	case Unallocated:
		unit := f.model.Units[u.unallocated]
		if unit == nil {
			f.problems.Add(u.pos, "unit: unallocated: unknown unit %q", u.unallocated)
		}
		return unit
	}
	f.unmappedValue("unit", raw, at)
	return nil
}

// unmappedValue notes a value that maps to nothing; each is reported once,
// at its first place, with how many rows have it.
func (f *file) unmappedValue(what, value string, at diag.Pos) {
	k := what + "\x00" + value
	if v := f.unmapped[k]; v != nil {
		v.count++
		return
	}
	f.unmapped[k] = &unmappedValue{what, value, at, 1}
}

func (f *file) reportUnmapped() {
	for _, v := range f.unmapped {
		rows := "1 row"
		if v.count > 1 {
			rows = fmt.Sprintf("%d rows", v.count)
		}
		shown := v.value
		if shown == "" {
			// Not a value to map: rows with figures and nothing to say whose.
			keep := ""
			if v.what == "unit" {
				keep = ", or unmapped: unallocated (with unallocated: UNIT) to keep them"
			}
			f.problems.Add(v.pos, "%s with a figure but no %s; declare %s: unmapped: skip to leave such rows out%s", rows, v.what, v.what, keep)
			continue
		}
		switch v.what {
		case "unit":
			f.problems.Add(v.pos, "unit %q (%s) is not in unit: lookup: and is not a unit id in org.yaml; map it in the lookup, make such units below a parent with unit: create: PARENT, or declare unit: unmapped: unallocated (with unallocated: UNIT) or skip", shown, rows)
		case "measure":
			f.problems.Add(v.pos, "measure %q (%s) is not in measure: lookup: and is not a measure id in measures.yaml; map it, or declare measure: unmapped: skip", shown, rows)
		default:
			f.problems.Add(v.pos, "%s %q (%s) is not in %s: lookup:; map it, or declare %s: unmapped: skip or a %s to use", v.what, shown, rows, v.what, v.what, v.what)
		}
	}
}

// makeID turns a source value into a unit id: lower case, with runs of
// other characters made one "-".
func makeID(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	id := b.String()
	if len(id) > 64 {
		id = id[:64]
	}
	if !report.IsID(id) {
		return ""
	}
	if report.ReservedID(id, true) != "" {
		id += "-unit" // "Actions" from a source cannot take the actions page's place
	}
	return id
}

// addSpend adds a payment (or a budget line) to its month, unit and
// category: its actual if hasActual, its budget if hasBudget.
func (f *file) addSpend(p report.Period, u *report.Unit, cat string, actual, budget float64, hasActual, hasBudget bool) {
	if u.Comparator {
		if !f.comparatorSpend {
			f.comparatorSpend = true
			f.problems.Add(f.pos(max(f.unit, 0)), "%q is a comparator, which has no finance: comparators are for figures", u.ID)
		}
		return
	}
	k := fmt.Sprintf("%s|%s|%s", p, u.ID, table.Normalise(cat))
	s := f.spend[k]
	if s == nil {
		s = &report.Spend{Period: p, Unit: u, Category: cat, NoBudget: true, NoActual: true}
		f.spend[k] = s
		f.spendOrder = append(f.spendOrder, k)
	}
	if hasActual {
		s.Actual += actual
		s.NoActual = false
	}
	if hasBudget {
		s.Budget += budget
		s.NoBudget = false
	}
}

// addCount adds v to the figure for a month, unit and measure.
// A quarterly or yearly measure counts over its whole period.
func (f *file) addCount(p report.Period, u *report.Unit, m *report.Measure, v float64) {
	p = p.End(m.Frequency, f.model.YearStart)
	k := fmt.Sprintf("%s|%s|%s", p, u.ID, m.ID)
	o := f.counts[k]
	if o == nil {
		o = &counted{report.Observation{Period: p, Unit: u, Measure: m}, f.pos(0)}
		f.counts[k] = o
		f.countOrder = append(f.countOrder, k)
	}
	o.Value += v
}

// addFigure adds the figure in cell col of the current row.
func (f *file) addFigure(p report.Period, u *report.Unit, m *report.Measure, v float64, col int) {
	if !f.fits(p, m) {
		return
	}
	f.model.Figure(report.Observation{Period: p, Unit: u, Measure: m, Value: v}, f.pos(col))
}

// addMissing adds the figure in cell col of the current row as given
// missing: a return not received, which is no figure but not nothing.
func (f *file) addMissing(p report.Period, u *report.Unit, m *report.Measure, col int) {
	if !f.fits(p, m) {
		return
	}
	f.model.Figure(report.Observation{Period: p, Unit: u, Measure: m, Missing: true}, f.pos(col))
}

// marked reports whether cell col of the current row holds a marker for a
// missing figure (not nothing at all).
func (f *file) marked(col int) bool {
	if col < 0 {
		return false
	}
	c := f.r.Cell(col)
	return strings.TrimSpace(c) != "" && f.missing(c)
}
