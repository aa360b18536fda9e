// Package table reads CSV files as spreadsheets and the exports of
// finance, case management and statistics systems write them, keeping the
// place of every cell so that each problem is reported where it is. It is
// the one CSV reader for everything primed reads: data/, finance/, work/
// and the files that sources: declare.
package table

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/primed/primed/generator/load/diag"
)

// Reader reads the records of one CSV file in turn. Records may have any
// number of cells.
type Reader struct {
	file     string
	r        *csv.Reader
	problems *diag.List
	record   []string
	n        int // records read
}

// NewReader reads text, the checked UTF-8 content of file. It reports a
// CSV syntax error to problems, where it is, and stops there.
func NewReader(file string, text []byte, problems *diag.List) *Reader {
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	return &Reader{file: file, r: r, problems: problems}
}

// Next reads the next record, which Record then holds until the next call.
// It returns false at the end of the file, or at a syntax error, which it
// reports.
func (r *Reader) Next() bool {
	rec, err := r.r.Read()
	if err != nil {
		r.record = nil
		if !errors.Is(err, io.EOF) {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				r.problems.Add(diag.At(r.file, pe.Line, pe.Column), "invalid CSV: %v", pe.Err)
			} else {
				r.problems.Add(diag.Pos{File: r.file}, "invalid CSV: %v", err)
			}
		}
		return false
	}
	r.record = rec
	r.n++
	return true
}

// File is the name of the file being read.
func (r *Reader) File() string { return r.file }

// Record is the cells of the current record, as written.
func (r *Reader) Record() []string { return r.record }

// N is the number of the current record, counting from 1.
func (r *Reader) N() int { return r.n }

// Cell returns cell i of the current record, trimmed; "" when the record
// is shorter.
func (r *Reader) Cell(i int) string {
	if i < 0 || i >= len(r.record) {
		return ""
	}
	return strings.TrimSpace(r.record[i])
}

// Line is the line on which the current record starts.
func (r *Reader) Line() int {
	line, _ := r.r.FieldPos(0)
	return line
}

// Pos is where cell i of the current record starts, or the start of the
// record when it has no cell i.
func (r *Reader) Pos(i int) diag.Pos {
	if i < 0 || i >= len(r.record) {
		return diag.At(r.file, r.Line(), 1)
	}
	line, col := r.r.FieldPos(i)
	return diag.At(r.file, line, col)
}

// Blank reports whether every cell of the current record is empty or space.
func (r *Reader) Blank() bool {
	for _, c := range r.record {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// Normalise makes a column name or a source value comparable: trimmed,
// lower case, single spaces.
func Normalise(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// Quote quotes each name, up to 20 of them, so that a header is shown as it
// is, control characters and all, and never acts on a terminal.
func Quote(names []string) string {
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
