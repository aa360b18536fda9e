package load

import (
	"github.com/primed/primed/generator/load/diag"

	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/primed/primed/generator/report"
)

// record is one CSV record of a source file, with where each cell starts.
type record struct {
	cells []string
	lines []int
	cols  []int
}

func (r record) cell(i int) string {
	if i < 0 || i >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

// decode turns a file's bytes into clean UTF-8 text: the byte-order mark
// dropped, Windows-1252 converted, and (with clean) C1 control characters
// read as the Windows-1252 punctuation they were meant to be and no-break
// spaces made plain spaces.
func decode(name string, b []byte, s *source, e *diag.List) ([]byte, bool) {
	if s.encoding == "windows-1252" {
		out, err := charmap.Windows1252.NewDecoder().Bytes(b)
		if err != nil {
			e.Add(diag.Pos{File: name}, "cannot decode as Windows-1252: %v", err)
			return nil, false
		}
		b = out
	} else {
		b = bytes.TrimPrefix(b, []byte("\uFEFF"))
		if !utf8.Valid(b) {
			line, col := 1, 1
			for i := 0; i < len(b); {
				r, size := utf8.DecodeRune(b[i:])
				if r == utf8.RuneError && size == 1 {
					break
				}
				if r == '\n' {
					line, col = line+1, 0
				}
				col++
				i += size
			}
			e.Add(diag.At(name, line, col), "not valid UTF-8; if the file comes from Excel or an older system, declare encoding: windows-1252 for it")
			return nil, false
		}
	}
	if !s.clean {
		return b, true
	}
	return []byte(strings.Map(func(r rune) rune {
		switch {
		case r == '\u00A0':
			return ' '
		case r >= 0x80 && r <= 0x9F:
			if d := charmap.Windows1252.DecodeByte(byte(r)); d != utf8.RuneError {
				return d
			}
			return -1
		}
		return r
	}, string(b))), true
}

// readRecords parses every CSV record of the file, keeping positions.
func readRecords(name string, text []byte, e *diag.List) []record {
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	var recs []record
	for {
		cells, err := r.Read()
		if errors.Is(err, io.EOF) {
			return recs
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				e.Add(diag.At(name, pe.Line, pe.Column), "invalid CSV: %v", pe.Err)
			} else {
				e.Add(diag.Pos{File: name}, "invalid CSV: %v", err)
			}
			return recs
		}
		rec := record{cells: cells, lines: make([]int, len(cells)), cols: make([]int, len(cells))}
		for i := range cells {
			rec.lines[i], rec.cols[i] = r.FieldPos(i)
		}
		recs = append(recs, rec)
	}
}

// sourceRead is the state of reading one file of one source.
type sourceRead struct {
	s        *source
	name     string
	header   record
	cols     map[string]int
	idx      *index
	e        *diag.List
	rec      record
	yearFrom time.Month
	unmapped map[string]*unmappedValue
	out      *sourceOutput
}

type unmappedValue struct {
	what  string
	value string
	pos   diag.Pos
	count int
}

// sourceOutput collects what every source file gives but its figures,
// which go straight to the index's figure set.
type sourceOutput struct {
	spend   map[string]*report.Spend
	order   []string
	created []*report.Unit

	counts     map[string]*counted
	countOrder []string
}

// counted is a figure that transactions add up to, and where its first row is.
type counted struct {
	report.Observation
	at diag.Pos
}

func (sr *sourceRead) pos(col int) diag.Pos {
	if col < 0 || col >= len(sr.rec.lines) {
		line := 0
		if len(sr.rec.lines) > 0 {
			line = sr.rec.lines[0]
		}
		return diag.At(sr.name, line, 1)
	}
	return diag.At(sr.name, sr.rec.lines[col], sr.rec.cols[col])
}

// column finds a header cell by name, ignoring case and spaces; it reports
// a missing one once, with the header's cells.
func (sr *sourceRead) column(name string, decl diag.Pos) int {
	i, ok := sr.cols[normalise(name)]
	if !ok {
		var have []string
		for _, c := range sr.header.cells {
			if c = strings.Join(strings.Fields(c), " "); c != "" {
				have = append(have, c)
			}
		}
		line := 0
		if len(sr.header.lines) > 0 {
			line = sr.header.lines[0]
		}
		sr.e.Add(diag.At(sr.name, line, 1), "no column %q, which %s names; the header row (header_row: %d) has %s", name, decl, sr.s.headerRow, quoteAll(have))
		return -1
	}
	return i
}

func (sr *sourceRead) missing(v string) bool {
	return isMissing(v) || matches(v, sr.s.missing)
}

// readSources reads every file that each source declares.
func readSources(fsys fs.FS, sources []*source, cfg report.Config, idx *index, levels []report.Level, e *diag.List) *sourceOutput {
	out := &sourceOutput{spend: map[string]*report.Spend{}, counts: map[string]*counted{}}
	for _, s := range sources {
		names, err := fs.Glob(fsys, s.files)
		if err != nil || len(names) == 0 {
			e.Add(s.pos, "files: %q matches no file in the report folder", s.files)
			continue
		}
		for _, name := range names {
			b, err := fs.ReadFile(fsys, name)
			if err != nil {
				e.Add(diag.Pos{File: name}, "cannot read: %v", unwrapPathError(err))
				continue
			}
			text, ok := decode(name, b, s, e)
			if !ok || !checkText(name, text, e) {
				continue
			}
			sr := &sourceRead{s: s, name: name, idx: idx, e: e, yearFrom: cfg.YearStart, unmapped: map[string]*unmappedValue{}, out: out}
			sr.read(readRecords(name, text, e), levels)
			sr.reportUnmapped()
		}
	}
	for _, k := range out.countOrder {
		idx.figures.add(e, out.counts[k].Observation, out.counts[k].at)
	}
	return out
}

func (sr *sourceRead) read(recs []record, levels []report.Level) {
	s := sr.s
	if len(recs) < s.headerRow {
		sr.e.Add(diag.Pos{File: sr.name}, "header_row: %d, but the file has only %d records", s.headerRow, len(recs))
		return
	}
	sr.header = recs[s.headerRow-1]
	sr.cols = map[string]int{}
	for i, c := range sr.header.cells {
		if k := normalise(c); k != "" {
			if _, dup := sr.cols[k]; !dup {
				sr.cols[k] = i
			}
		}
	}
	from, to := s.headerRow+1, len(recs)
	if s.fromRow > 0 {
		from = max(from, s.fromRow)
	}
	if s.toRow > 0 {
		to = min(to, s.toRow)
	}
	filters := map[int][]string{}
	drops := map[int][]string{}
	for name, vals := range s.keep {
		if i := sr.column(name, s.pos); i >= 0 {
			filters[i] = vals
		}
	}
	for name, vals := range s.drop {
		if i := sr.column(name, s.pos); i >= 0 {
			drops[i] = vals
		}
	}
	shape := sr.prepare()
	if shape == nil {
		return
	}
rows:
	for n := from; n <= to; n++ {
		sr.rec = recs[n-1]
		if blank(sr.rec.cells) {
			continue
		}
		for i, vals := range filters {
			if !matches(sr.rec.cell(i), vals) {
				continue rows
			}
		}
		for i, vals := range drops {
			if matches(sr.rec.cell(i), vals) {
				continue rows
			}
		}
		shape(levels)
	}
}

// prepare finds the columns the shape needs and returns what to do with each row.
func (sr *sourceRead) prepare() func([]report.Level) {
	s := sr.s
	ok := true
	col := func(name string, decl diag.Pos) int {
		if name == "" {
			return -1
		}
		i := sr.column(name, decl)
		ok = ok && i >= 0
		return i
	}
	periodCol := col(s.period.column, s.period.pos)
	unitCol := col(s.unit.column, s.unit.pos)
	nameCol := col(s.unit.nameColumn, s.unit.pos)
	catCol := col(s.category.column, s.category.pos)
	measureCol := col(s.measure.column, s.measure.pos)
	var dimCols []int
	for _, c := range s.measure.columns {
		dimCols = append(dimCols, col(c, s.measure.pos))
	}
	valueCol := col(s.value.column, s.value.pos)
	actualCol := col(s.actual.column, s.actual.pos)
	budgetCol := col(s.budget.column, s.budget.pos)
	type wideCol struct {
		m   *report.Measure
		col int
	}
	var wide []wideCol
	for id, c := range s.measures {
		m := sr.idx.measures[id]
		if m == nil {
			sr.e.Add(s.pos, "measures: unknown measure %q", id)
			ok = false
			continue
		}
		wide = append(wide, wideCol{m, col(c, s.pos)})
	}
	slices.SortFunc(wide, func(a, b wideCol) int { return a.col - b.col })
	var unitCols []int
	if s.shape == "units_as_columns" && s.columns != nil {
		for i, c := range sr.header.cells {
			if s.columns.MatchString(strings.TrimSpace(c)) {
				unitCols = append(unitCols, i)
			}
		}
		if len(unitCols) == 0 {
			sr.e.Add(s.pos, "unit_columns: %q matches no cell of the header row (header_row: %d)", s.columns, s.headerRow)
			ok = false
		}
	}
	if !ok {
		return nil
	}
	return func(levels []report.Level) {
		// The month is read only for rows that carry a figure, so that
		// blank and junk rows around the data are passed over.
		period := func() (report.Period, bool) { return sr.period(periodCol) }
		switch s.shape {
		case "transactions":
			if s.into == "data" {
				// Rows counted (or with value:, summed) into unit × measure × month.
				v, ok := 1.0, true
				if valueCol >= 0 {
					v, ok = sr.number(valueCol, s.value.scale)
				}
				if !ok {
					return
				}
				p, okP := period()
				u := sr.unit(sr.rec.cell(unitCol), sr.rec.cell(nameCol), unitCol, levels)
				m := sr.measure(measureCol, dimCols)
				if okP && u != nil && m != nil {
					sr.addCount(p, u, m, v)
				}
				return
			}
			// A row without an amount adds nothing: junk and blank trailer
			// rows are passed over without a word.
			actual, okA := sr.number(actualCol, s.actual.scale)
			budget, okB := sr.number(budgetCol, s.budget.scale)
			if !okA && !okB {
				return
			}
			p, okP := period()
			u := sr.unit(sr.rec.cell(unitCol), sr.rec.cell(nameCol), unitCol, levels)
			cat, okC := sr.text(&s.category, catCol, "category")
			if !okP || u == nil || !okC {
				return
			}
			sr.addSpend(p, u, cat, actual, budget)
		case "long":
			v, okV := sr.number(valueCol, s.value.scale)
			if !okV {
				return // missing or suppressed: no figure, never zero
			}
			p, okP := period()
			u := sr.unit(sr.rec.cell(unitCol), sr.rec.cell(nameCol), unitCol, levels)
			m := sr.measure(measureCol, dimCols)
			if !okP || u == nil || m == nil {
				return
			}
			sr.addFigure(p, u, m, v, valueCol)
		case "wide":
			var figs []wideValue
			for _, w := range wide {
				if v, ok := sr.number(w.col, s.value.scale); ok {
					figs = append(figs, wideValue{w.m, v, w.col})
				}
			}
			if len(figs) == 0 {
				return
			}
			p, okP := period()
			u := sr.unit(sr.rec.cell(unitCol), sr.rec.cell(nameCol), unitCol, levels)
			if !okP || u == nil {
				return
			}
			for _, f := range figs {
				sr.addFigure(p, u, f.m, f.v, f.col)
			}
		case "units_as_columns":
			m := sr.measure(measureCol, dimCols)
			if m == nil {
				return
			}
			p, okP := period()
			if !okP {
				return
			}
			for _, c := range unitCols {
				v, ok := sr.number(c, s.value.scale)
				if !ok {
					continue
				}
				if u := sr.unit(strings.TrimSpace(sr.header.cells[c]), "", c, levels); u != nil {
					sr.addFigure(p, u, m, v, c)
				}
			}
		}
	}
}

// wideValue is one figure of a wide row, before its unit is known.
type wideValue struct {
	m   *report.Measure
	v   float64
	col int
}

// period reads the row's month by the source's rule.
func (sr *sourceRead) period(col int) (report.Period, bool) {
	pr := sr.s.period
	switch {
	case pr.value != 0:
		return pr.value, true
	case pr.year != "":
		p, err := sr.fiscal(pr.year)
		if err != nil {
			sr.e.Add(pr.pos, "%v", err)
			return 0, false
		}
		return p, true
	}
	raw := sr.rec.cell(col)
	if pr.format == "YYYY-YY" {
		p, err := sr.fiscal(raw)
		if err != nil {
			sr.e.Add(sr.pos(col), "%v", err)
			return 0, false
		}
		return p, true
	}
	layout := goLayout(pr.format)
	t, err := time.Parse(layout, raw)
	if err != nil && pr.format == "" {
		t, err = parseDate(raw)
	}
	if err != nil {
		want := pr.format
		if want == "" {
			want = "YYYY-MM-DD or DD/MM/YYYY (set period: format: to read another)"
		}
		sr.e.Add(sr.pos(col), "expected a date as %s, found %q", want, raw)
		return 0, false
	}
	return report.NewPeriod(t.Year(), t.Month()), true
}

// fiscal reads a financial year label, 2023-24 or 2023/24, as its last
// month (or first, with month: start).
func (sr *sourceRead) fiscal(label string) (report.Period, error) {
	l := strings.ReplaceAll(strings.TrimSpace(label), "/", "-")
	y1, y2, ok := strings.Cut(l, "-")
	a, err1 := strconv.Atoi(y1)
	b, err2 := strconv.Atoi(y2)
	if !ok || err1 != nil || err2 != nil || len(y1) != 4 || (b != (a+1)%100 && b != a+1) {
		return 0, fmt.Errorf("expected a financial year such as 2023-24, found %q", label)
	}
	start := report.NewPeriod(a, sr.yearFrom)
	if sr.s.period.month == "start" {
		return start, nil
	}
	return start.Add(11), nil
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
func (sr *sourceRead) text(c *columnRule, col int, what string) (string, bool) {
	v := c.value
	if c.column != "" {
		v = sr.rec.cell(col)
	}
	if c.before != "" {
		v, _, _ = strings.Cut(v, c.before)
	}
	v = strings.Join(strings.Fields(v), " ")
	if v == "" || sr.missing(v) {
		if c.missing != "" {
			return c.missing, true
		}
		return "Uncategorised", true
	}
	if c.lookup != nil {
		if mapped, ok := c.lookup[normalise(v)]; ok {
			return mapped, true
		}
		switch c.unmapped {
		case "", "error":
			sr.unmappedValue(what, v, sr.pos(col))
			return "", false
		case "skip":
			return "", false
		}
		return c.unmapped, true
	}
	return v, true
}

// measure resolves the row's measure: from one column or several joined
// with " / ", through the lookup, to a measure of measures.yaml.
func (sr *sourceRead) measure(col int, dims []int) *report.Measure {
	c := &sr.s.measure
	v := c.value
	at := sr.pos(col)
	switch {
	case len(dims) > 0:
		var parts []string
		for _, d := range dims {
			parts = append(parts, strings.Join(strings.Fields(sr.rec.cell(d)), " "))
		}
		v, at = strings.Join(parts, " / "), sr.pos(dims[0])
	case col >= 0:
		v = sr.rec.cell(col)
	}
	id := v
	if c.lookup != nil {
		mapped, ok := c.lookup[normalise(v)]
		if !ok {
			if c.unmapped == "skip" {
				return nil
			}
			sr.unmappedValue("measure", v, at)
			return nil
		}
		id = mapped
	}
	m := sr.idx.measures[id]
	if m == nil {
		m = sr.idx.measures[strings.ToLower(strings.TrimSpace(id))]
	}
	if m == nil {
		if c.lookup == nil && c.unmapped == "skip" {
			return nil
		}
		sr.unmappedValue("measure", v, at)
	}
	return m
}

// number reads a figure; ok is false for a missing marker, an absent
// column or a bad number (reported).
func (sr *sourceRead) number(col int, scale float64) (float64, bool) {
	if col < 0 {
		return 0, false
	}
	raw := sr.rec.cell(col)
	if raw == "" || sr.missing(raw) {
		return 0, false
	}
	v, err := parseNumber(raw)
	if err != nil {
		sr.e.Add(sr.pos(col), "%v", err)
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
func (sr *sourceRead) unit(raw, name string, col int, levels []report.Level) *report.Unit {
	u := sr.s.unit
	id := raw
	if u.split != "" {
		if a, b, ok := strings.Cut(raw, u.split); ok {
			id, name = strings.TrimSpace(a), strings.TrimSpace(b)
		}
	}
	at := diag.At(sr.name, sr.header.lines[0], 1)
	if sr.s.shape != "units_as_columns" {
		at = sr.pos(col)
	}
	if id == "" || sr.missing(id) {
		return sr.unmappedUnit(raw, at)
	}
	if mapped, ok := u.lookup[normalise(id)]; ok {
		if unit := sr.idx.units[mapped]; unit != nil {
			return unit
		}
		sr.e.Add(u.pos, "unit lookup maps %q to %q, which org.yaml does not declare", id, mapped)
		return nil
	}
	if unit := sr.idx.units[id]; unit != nil {
		return unit
	}
	made := makeID(id)
	if unit := sr.idx.units[made]; unit != nil {
		return unit
	}
	if u.create != "" {
		parent := sr.idx.units[u.create]
		if parent == nil {
			sr.e.Add(u.pos, "unit: create: unknown parent unit %q", u.create)
			return nil
		}
		if parent.Level+1 >= len(levels) {
			sr.e.Add(u.pos, "unit: create: %q is at the lowest level, so no unit can be created below it", u.create)
			return nil
		}
		if made == "" {
			return sr.unmappedUnit(raw, at)
		}
		if name == "" {
			name = id
		}
		unit := &report.Unit{ID: made, Name: name, Level: parent.Level + 1, Parent: parent}
		parent.Children = append(parent.Children, unit)
		sr.idx.units[made] = unit
		sr.out.created = append(sr.out.created, unit)
		return unit
	}
	return sr.unmappedUnit(raw, at)
}

func (sr *sourceRead) unmappedUnit(raw string, at diag.Pos) *report.Unit {
	u := sr.s.unit
	switch u.unmapped {
	case "skip":
		return nil
	case "unallocated":
		unit := sr.idx.units[u.unallocated]
		if unit == nil {
			sr.e.Add(u.pos, "unit: unallocated: unknown unit %q", u.unallocated)
		}
		return unit
	}
	sr.unmappedValue("unit", raw, at)
	return nil
}

// unmappedValue notes a value that maps to nothing; each is reported once,
// at its first place, with how many rows have it.
func (sr *sourceRead) unmappedValue(what, value string, at diag.Pos) {
	k := what + "\x00" + value
	if v := sr.unmapped[k]; v != nil {
		v.count++
		return
	}
	sr.unmapped[k] = &unmappedValue{what, value, at, 1}
}

func (sr *sourceRead) reportUnmapped() {
	for _, v := range sr.unmapped {
		rows := "1 row"
		if v.count > 1 {
			rows = fmt.Sprintf("%d rows", v.count)
		}
		shown := v.value
		if shown == "" {
			shown = "(empty)"
		}
		switch v.what {
		case "unit":
			sr.e.Add(v.pos, "unit %q (%s) is not in unit: lookup: and is not a unit id in org.yaml; map it in the lookup, or declare unit: unmapped: unallocated (with unallocated: UNIT) or skip", shown, rows)
		case "measure":
			sr.e.Add(v.pos, "measure %q (%s) is not in measure: lookup: and is not a measure id in measures.yaml; map it, or declare measure: unmapped: skip", shown, rows)
		default:
			sr.e.Add(v.pos, "%s %q (%s) is not in %s: lookup:; map it, or declare %s: unmapped: skip or a %s to use", v.what, shown, rows, v.what, v.what, v.what)
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
	if !idPattern.MatchString(id) {
		return ""
	}
	if report.ReservedID(id, true) != "" {
		id += "-unit" // "Actions" from a source cannot take the actions page's place
	}
	return id
}

func (sr *sourceRead) addSpend(p report.Period, u *report.Unit, cat string, actual, budget float64) {
	k := fmt.Sprintf("%s|%s|%s", p, u.ID, normalise(cat))
	s := sr.out.spend[k]
	if s == nil {
		s = &report.Spend{Period: p, Unit: u, Category: cat}
		sr.out.spend[k] = s
		sr.out.order = append(sr.out.order, k)
	}
	s.Actual += actual
	s.Budget += budget
}

func (sr *sourceRead) addCount(p report.Period, u *report.Unit, m *report.Measure, v float64) {
	k := fmt.Sprintf("%s|%s|%s", p, u.ID, m.ID)
	o := sr.out.counts[k]
	if o == nil {
		o = &counted{report.Observation{Period: p, Unit: u, Measure: m}, sr.pos(0)}
		sr.out.counts[k] = o
		sr.out.countOrder = append(sr.out.countOrder, k)
	}
	o.Value += v
}

func (sr *sourceRead) addFigure(p report.Period, u *report.Unit, m *report.Measure, v float64, col int) {
	sr.idx.figures.add(sr.e, report.Observation{Period: p, Unit: u, Measure: m, Value: v}, sr.pos(col))
}

// spends returns the summed finance lines in the order first seen.
func (o *sourceOutput) spends() []report.Spend {
	var list []report.Spend
	for _, k := range o.order {
		list = append(list, *o.spend[k])
	}
	return list
}
