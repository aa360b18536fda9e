package load

import (
	"github.com/primed/primed/generator/load/diag"

	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
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
	errs   *diag.List
	// repeats counts problems that recur row after row, such as one
	// unknown unit id: each is reported once, at its first row, with a count.
	repeats map[string]*repeat
}

type repeat struct {
	at   int // where the problem is in the diag.List
	more int
}

// cellErrorOnce reports a problem in column name like cellError, but only
// at its first row; later rows with the same problem add to its count.
func (t *table) cellErrorOnce(name, format string, args ...any) {
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
func (t *table) countRepeats() {
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

// normalise makes a column name or a source value comparable: trimmed,
// lower case, single spaces.
func normalise(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// openTable reads the header of a CSV file. It returns nil, having
// reported why, when the file cannot be read.
func openTable(fsys fs.FS, name string, e *diag.List) *table {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		e.Add(diag.Pos{File: name}, "cannot read: %v", unwrapPathError(err))
		return nil
	}
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if !checkText(name, src, e) {
		return nil
	}
	r := csv.NewReader(bytes.NewReader(src))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	t := &table{file: name, r: r, cols: map[string]int{}, errs: e}
	header, err := r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			e.Add(diag.Pos{File: name, Line: 1, Col: 1}, "empty file; expected a header row")
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
		t.errs.Add(diag.At(t.file, pe.Line, pe.Column), "invalid CSV: %v", pe.Err)
		return
	}
	t.errs.Add(diag.Pos{File: t.file}, "invalid CSV: %v", err)
}

// require reports the named columns the header lacks.
func (t *table) require(names ...string) bool {
	ok := true
	for _, n := range names {
		if _, found := t.cols[n]; !found {
			t.errs.Add(diag.At(t.file, 1, 1), "missing column %q; the header has %s", n, quoteAll(t.header))
			ok = false
		}
	}
	return ok
}

// each calls f for every row after the header, skipping blank rows. A CSV
// syntax error ends the file.
func (t *table) each(f func()) {
	defer t.countRepeats()
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
func (t *table) pos(name string) diag.Pos {
	i, ok := t.cols[name]
	if !ok {
		line, _ := t.r.FieldPos(0)
		return diag.At(t.file, line, 1)
	}
	return t.fieldPos(i)
}

func (t *table) fieldPos(i int) diag.Pos {
	if i >= len(t.row) {
		i = len(t.row) - 1
	}
	line, col := t.r.FieldPos(i)
	return diag.At(t.file, line, col)
}

func (t *table) errorf(col int, format string, args ...any) {
	line, c := 1, col+1
	if t.row != nil {
		p := t.fieldPos(col)
		line, c = p.Line, p.Col
	}
	t.errs.Add(diag.At(t.file, line, c), format, args...)
}

func (t *table) cellError(name, format string, args ...any) {
	t.errs.Add(t.pos(name), format, args...)
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

// quoteAll quotes each name, so that a header is shown as it is, control
// characters and all, and never acts on a terminal.
func quoteAll(names []string) string {
	var b strings.Builder
	for i, n := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		if i == 20 {
			fmt.Fprintf(&b, "and %d more", len(names)-i)
			break
		}
		b.WriteString(strconv.Quote(n))
	}
	return b.String()
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
