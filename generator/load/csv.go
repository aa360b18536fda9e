package load

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/primed/primed/generator/report"
)

// table reads one CSV file row by row, keeping every cell's position.
type table struct {
	file   string
	header []string       // column names as written
	cols   map[string]int // normalised column name → index
	r      *csv.Reader
	row    []string
	errs   *errs
}

// normalise makes a column name or a source value comparable: trimmed,
// lower case, single spaces.
func normalise(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// openTable reads the header of a CSV file. It returns nil, having
// reported why, when the file cannot be read.
func openTable(fsys fs.FS, name string, e *errs) *table {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		e.add(Pos{File: name}, "cannot read: %v", unwrapPathError(err))
		return nil
	}
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	r := csv.NewReader(bytes.NewReader(src))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	t := &table{file: name, r: r, cols: map[string]int{}, errs: e}
	header, err := r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			e.add(Pos{File: name, Line: 1, Col: 1}, "empty file; expected a header row")
		} else {
			t.csvError(err)
		}
		return nil
	}
	t.header = slices.Clone(header)
	for i, h := range header {
		n := normalise(h)
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

func (t *table) csvError(err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		t.errs.add(Pos{t.file, pe.Line, pe.Column}, "invalid CSV: %v", pe.Err)
		return
	}
	t.errs.add(Pos{File: t.file}, "invalid CSV: %v", err)
}

// require reports the named columns the header lacks.
func (t *table) require(names ...string) bool {
	ok := true
	for _, n := range names {
		if _, found := t.cols[n]; !found {
			t.errs.add(Pos{t.file, 1, 1}, "missing column %q; the header has %s", n, strings.Join(t.header, ","))
			ok = false
		}
	}
	return ok
}

// each calls f for every row after the header, skipping blank rows. A CSV
// syntax error ends the file.
func (t *table) each(f func()) {
	for {
		row, err := t.r.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.csvError(err)
			return
		}
		if blank(row) {
			continue
		}
		t.row = row
		f()
	}
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// cell returns the current row's value in column name, trimmed; "" when the
// row is short or the column absent.
func (t *table) cell(name string) string {
	i, ok := t.cols[name]
	if !ok || i >= len(t.row) {
		return ""
	}
	return strings.TrimSpace(t.row[i])
}

// pos is where column name's cell of the current row is.
func (t *table) pos(name string) Pos {
	i, ok := t.cols[name]
	if !ok {
		line, _ := t.r.FieldPos(0)
		return Pos{t.file, line, 1}
	}
	return t.fieldPos(i)
}

func (t *table) fieldPos(i int) Pos {
	if i >= len(t.row) {
		i = len(t.row) - 1
	}
	line, col := t.r.FieldPos(i)
	return Pos{t.file, line, col}
}

func (t *table) errorf(col int, format string, args ...any) {
	line, c := 1, col+1
	if t.row != nil {
		p := t.fieldPos(col)
		line, c = p.Line, p.Col
	}
	t.errs.add(Pos{t.file, line, c}, format, args...)
}

func (t *table) cellError(name, format string, args ...any) {
	t.errs.add(t.pos(name), format, args...)
}

// period reads the current row's period column.
func (t *table) period(name string) (report.Period, bool) {
	s := t.cell(name)
	p, err := report.ParsePeriod(s)
	if err != nil {
		t.cellError(name, "expected a month as YYYY-MM, found %q", s)
		return 0, false
	}
	return p, true
}

// number reads a figure; ok is false for a missing marker or a bad number
// (which is reported).
func (t *table) number(name string) (v float64, ok bool) {
	s := t.cell(name)
	if isMissing(s) {
		return 0, false
	}
	v, err := parseNumber(s)
	if err != nil {
		t.cellError(name, "%v", err)
		return 0, false
	}
	return v, true
}

// csvFiles lists the .csv files in folder dir, sorted.
func csvFiles(fsys fs.FS, dir string) []string {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
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
