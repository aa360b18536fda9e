// Package table reads CSV files as spreadsheets and the exports of
// finance, case management and statistics systems write them, keeping the
// place of every cell so that each problem is reported where it is. It is
// the one CSV reader for everything primed reads: data/, finance/, work/
// and the files that sources: declare.
package table

import (
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
	s        splitter
	problems *diag.List
	record   []string
	at       []cellPos // where each of the record's cells is
	n        int       // records read

	// While the Reader reads ahead (see ReadAhead), records come in
	// batches from the goroutine that splits them, and go back to it on
	// free once read.
	batches chan *batch
	free    chan *batch
	batch   *batch
	next    int // the batch's next record
}

// batch is records split ahead of their reading: their cells one after
// another, where each is, and the error that ended the file, if any.
type batch struct {
	cells []string
	pos   []cellPos
	ends  []int // record i's cells end at ends[i]
	err   error
}

type cellPos struct{ line, col int }

// batchRecords is how many records a batch holds; two batches are split
// ahead of the one being read.
const batchRecords = 4096

// NewReader reads text, the checked UTF-8 content of file. It reports a
// CSV syntax error to problems, where it is, and stops there.
func NewReader(file string, text []byte, problems *diag.List) *Reader {
	return &Reader{file: file, s: splitter{text: text}, problems: problems}
}

// Next reads the next record, which Record then holds until the next call.
// It returns false at the end of the file, or at a syntax error, which it
// reports.
func (r *Reader) Next() bool {
	if r.batches != nil {
		return r.nextAhead()
	}
	rec, at, err := r.s.split(r.record[:0], r.at[:0])
	if err != nil {
		r.end(err)
		return false
	}
	r.record, r.at = rec, at
	r.n++
	return true
}

// end ends the reading at err, reporting it unless it is the end of the
// file.
func (r *Reader) end(err error) {
	r.record, r.at = nil, nil
	if errors.Is(err, io.EOF) {
		return
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		r.problems.Add(diag.At(r.file, pe.Line, pe.Column), "invalid CSV: %v", pe.Err)
	} else {
		r.problems.Add(diag.Pos{File: r.file}, "invalid CSV: %v", err)
	}
}

// ReadAhead splits the rest of the file into records on a goroutine of
// its own while the caller reads them, which it must do to the end: a
// large data file is split on one core while its cells are read on
// another. Records, positions and errors are as without it.
func (r *Reader) ReadAhead() {
	if r.batches != nil {
		return
	}
	r.batches = make(chan *batch, 2)
	r.free = make(chan *batch, 3)
	go r.split()
}

// split sends the file's records to r.batches in batches, reusing the
// ones read, and closes it after the batch that ends the file.
func (r *Reader) split() {
	defer close(r.batches)
	for {
		var b *batch
		select {
		case b = <-r.free:
			b.cells, b.pos, b.ends = b.cells[:0], b.pos[:0], b.ends[:0]
		default:
			b = new(batch)
		}
		for len(b.ends) < batchRecords {
			var err error
			b.cells, b.pos, err = r.s.split(b.cells, b.pos)
			if err != nil {
				b.err = err
				r.batches <- b
				return
			}
			b.ends = append(b.ends, len(b.cells))
		}
		r.batches <- b
	}
}

// nextAhead is Next while the Reader reads ahead.
func (r *Reader) nextAhead() bool {
	for r.batch == nil || r.next == len(r.batch.ends) {
		if r.batch != nil {
			if r.batch.err != nil {
				r.end(r.batch.err)
				r.batch, r.free = nil, nil // the split is done: keep no batch
				return false
			}
			select {
			case r.free <- r.batch:
			default:
			}
		}
		b, ok := <-r.batches
		if !ok {
			r.batch, r.record, r.at = nil, nil, nil
			return false
		}
		r.batch, r.next = b, 0
	}
	b := r.batch
	start := 0
	if r.next > 0 {
		start = b.ends[r.next-1]
	}
	end := b.ends[r.next]
	r.record, r.at = b.cells[start:end:end], b.pos[start:end:end]
	r.next++
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
	line, _ := r.fieldPos(0)
	return line
}

// fieldPos is where cell i of the current record starts.
func (r *Reader) fieldPos(i int) (line, col int) {
	if i < len(r.at) {
		return r.at[i].line, r.at[i].col
	}
	return 0, 0
}

// Pos is where cell i of the current record starts, or the start of the
// record when it has no cell i.
func (r *Reader) Pos(i int) diag.Pos {
	if i < 0 || i >= len(r.record) {
		return diag.At(r.file, r.Line(), 1)
	}
	line, col := r.fieldPos(i)
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
