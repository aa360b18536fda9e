package load

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/primed/primed/generator/load/diag"
	"github.com/primed/primed/generator/load/table"
	"github.com/primed/primed/generator/report"
)

// sheet reads one CSV file of data/, finance/ or work/ row by row, each
// cell by its column's name.
type sheet struct {
	file   string
	header []string       // column names as written
	cols   map[string]int // normalised column name → index
	// recent are the first eight columns looked up, in the order first
	// asked for: a long file's handful of names are told apart by length
	// and pointer, where the map would hash each name of millions of rows.
	recent []column
	r      *table.Reader
	lines  int // in the file: as many rows as it can have
	errs   *diag.List
	// repeats counts problems that recur row after row, such as one
	// unknown unit id: each is reported once, at its first row, with a count.
	repeats map[string]*repeat
	// lastUnit is the unit of the last row that unit looked up, by its id.
	lastUnitID string
	lastUnit   *report.Unit
}

type repeat struct {
	at   int // where the problem is in the diag.List
	more int
}

// cellErrorOnce reports a problem in column name like cellError, but only
// at its first row; later rows with the same problem add to its count.
func (t *sheet) cellErrorOnce(name, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if r, ok := t.repeats[msg]; ok {
		r.more++
		return
	}
	at := t.errs.Add(t.pos(name), "%s", msg)
	if at < 0 {
		return
	}
	if t.repeats == nil {
		t.repeats = map[string]*repeat{}
	}
	t.repeats[msg] = &repeat{at: at}
}

// countRepeats adds to each repeated problem how many more rows have it.
func (t *sheet) countRepeats() {
	for _, r := range t.repeats {
		if r.more > 0 {
			t.errs.Extend(r.at, fmt.Sprintf(" (and on %d more %s)", r.more, plural(r.more, "row", "rows")))
		}
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// openSheet reads the header of a CSV file. It returns nil, having
// reported why, when the file cannot be read.
func openSheet(fsys fs.FS, name string, e *diag.List) *sheet {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		e.Add(diag.Pos{File: name}, "cannot read: %v", unwrapPathError(err))
		return nil
	}
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	before := e.Len()
	if !checkText(name, src, e) {
		return nil
	}
	r := table.NewReader(name, src, e)
	if !r.Next() {
		if e.Len() == before {
			e.Add(diag.At(name, 1, 1), "empty file; expected a header row")
		}
		return nil
	}
	header := r.Record()
	t := &sheet{file: name, r: r, cols: map[string]int{}, errs: e, lines: bytes.Count(src, []byte{'\n'}) + 1}
	t.header = slices.Clone(header)
	for i, h := range header {
		n := table.Normalise(h)
		if n == "" {
			continue // blank trailing columns, as spreadsheets leave them
		}
		if _, dup := t.cols[n]; dup {
			t.errorf(i, "column %q appears twice", h)
			continue
		}
		t.cols[n] = i
	}
	return t
}

// require reports the named columns the header lacks.
func (t *sheet) require(names ...string) bool {
	ok := true
	for _, n := range names {
		if _, found := t.cols[n]; !found {
			t.errs.Add(diag.At(t.file, 1, 1), "missing column %q; the header has %s", n, table.Quote(t.header))
			ok = false
		}
	}
	return ok
}

// each calls f for every row after the header, skipping blank rows. A CSV
// syntax error ends the file. The rows are split ahead, on another core,
// while f reads their cells.
func (t *sheet) each(f func()) {
	defer t.countRepeats()
	t.r.ReadAhead()
	for t.r.Next() {
		if !t.r.Blank() {
			f()
		}
	}
}

// cell returns the current row's value in column name, trimmed; "" when the
// row is short or the column absent.
func (t *sheet) cell(name string) string {
	i, ok := t.col(name)
	if !ok {
		return ""
	}
	return t.r.Cell(i)
}

// column is where a column name is in the header, if it is.
type column struct {
	name  string
	index int
	ok    bool
}

// col is where column name is, as t.cols says.
func (t *sheet) col(name string) (int, bool) {
	for _, c := range t.recent {
		if c.name == name {
			return c.index, c.ok
		}
	}
	i, ok := t.cols[name]
	if len(t.recent) < 8 {
		t.recent = append(t.recent, column{name, i, ok})
	}
	return i, ok
}

// pos is where column name's cell of the current row is: the row's last
// cell when it is short, the row's start when there is no such column.
func (t *sheet) pos(name string) diag.Pos {
	i, ok := t.col(name)
	if !ok {
		return t.r.Pos(-1)
	}
	return t.fieldPos(i)
}

func (t *sheet) fieldPos(i int) diag.Pos {
	return t.r.Pos(min(i, len(t.r.Record())-1))
}

// errorf reports a problem in column col of the current row, or of the
// header while no row has been read.
func (t *sheet) errorf(col int, format string, args ...any) {
	t.errs.Add(t.fieldPos(col), format, args...)
}

func (t *sheet) cellError(name, format string, args ...any) {
	t.errs.Add(t.pos(name), format, args...)
}

// period reads the current row's period column.
func (t *sheet) period(name string) (report.Period, bool) {
	s := t.cell(name)
	p, err := report.ParsePeriod(s)
	if err != nil {
		t.cellError(name, "expected a month as YYYY-MM, found %q", s)
		return 0, false
	}
	return p, true
}

// label reads the period a figure is for: a month, or a financial
// quarter or year, as report.ParseLabel reads them.
func (t *sheet) label(name string, start time.Month) (report.Period, report.Frequency, bool) {
	s := t.cell(name)
	p, f, err := report.ParseLabel(s, start)
	if err != nil {
		t.cellError(name, "%v", err)
		return 0, "", false
	}
	return p, f, true
}

// number reads a figure; ok is false for a missing marker or a bad number
// (which is reported).
func (t *sheet) number(name string) (v float64, ok bool) {
	s := t.cell(name)
	if table.Missing(s) {
		return 0, false
	}
	v, err := table.Number(s)
	if err != nil {
		t.cellError(name, "%v", err)
		return 0, false
	}
	return v, true
}

// csvFiles lists the .csv files in folder dir, sorted. An absent folder has
// none; a folder that cannot be read is a problem.
func csvFiles(fsys fs.FS, dir string, e *diag.List) []string {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		if !isNotExist(err) {
			e.Add(diag.Pos{File: dir}, "cannot read the folder: %v", unwrapPathError(err))
		}
		return nil
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.EqualFold(path.Ext(e.Name()), ".csv") {
			names = append(names, path.Join(dir, e.Name()))
		}
	}
	return names
}
