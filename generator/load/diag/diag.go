// Package diag keeps the problems that reading a report folder finds, each
// with the file, line and column it is at, so that one run can report
// every one of them, sorted, instead of stopping at the first.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Pos is a place in an input file. Line and Col count from 1; zero means
// unknown, as for a problem with a whole file.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	file := p.File
	if strings.IndexFunc(file, notPrintable) >= 0 {
		file = strconv.Quote(file) // a file name is input too
	}
	switch {
	case p.Line == 0:
		return file
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", file, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", file, p.Line, p.Col)
}

func notPrintable(r rune) bool { return !unicode.IsPrint(r) }

// Problem is one thing wrong with a report folder, and where.
type Problem struct {
	Pos Pos
	Msg string
	// More, on the last problem of a very long list only, counts the
	// problems past it that were found but not kept.
	More int
}

func (p Problem) String() string {
	if p.Pos.File == "" {
		return p.Msg
	}
	return p.Pos.String() + ": " + p.Msg
}

// Problems is every problem a load found, sorted by file, line and column.
// It is the error that Report returns when the folder cannot be trusted.
type Problems []Problem

// Count is how many problems were found, kept or not.
func (ps Problems) Count() int {
	n := len(ps)
	if n > 0 && ps[n-1].More > 0 {
		n += ps[n-1].More - 1
	}
	return n
}

func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}

func (ps Problems) sort() {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
}

// maxProblems is how many problems a load keeps, so that a huge file of
// bad rows cannot fill memory with messages; the rest are counted.
const maxProblems = 10000

// List collects problems as a load goes along. Its zero value is empty
// and ready to use.
type List struct {
	list     Problems
	dropped  int      // problems past maxProblems, counted but not kept
	warnings Problems // what may be wrong, though the folder can be read
}

// maxWarnings is how many warnings a load keeps.
const maxWarnings = 200

// Warn records something that is likely a mistake but leaves the folder
// readable, such as a totals row read as data.
func (e *List) Warn(pos Pos, format string, args ...any) {
	if len(e.warnings) < maxWarnings {
		e.warnings = append(e.warnings, Problem{Pos: pos, Msg: fmt.Sprintf(format, args...)})
	}
}

// Warnings returns the warnings, sorted.
func (e *List) Warnings() Problems {
	e.warnings.sort()
	return slices.Clip(e.warnings)
}

// Len is how many problems were found, kept or not.
func (e *List) Len() int { return len(e.list) + e.dropped }

// Problems returns the list, sorted, ending with a count of any not kept.
func (e *List) Problems() Problems {
	e.list.sort()
	if e.dropped > 0 {
		e.list = append(e.list, Problem{Msg: fmt.Sprintf("and %d more problems, not listed", e.dropped), More: e.dropped})
	}
	return slices.Clip(e.list)
}

// full reports whether no more problems are kept, counting the one at hand.
func (e *List) full() bool {
	if len(e.list) < maxProblems {
		return false
	}
	e.dropped++
	return true
}

// Add records a problem and returns its place in the list, or -1 when the
// list is full and the problem is only counted.
func (e *List) Add(pos Pos, format string, args ...any) int {
	if e.full() {
		return -1
	}
	e.list = append(e.list, Problem{Pos: pos, Msg: fmt.Sprintf(format, args...)})
	return len(e.list) - 1
}

// Merge adds o's problems and warnings to e, as if each had been added to
// e in turn after e's own: what e has no room for is counted, not kept.
func (e *List) Merge(o *List) {
	for _, p := range o.list {
		if !e.full() {
			e.list = append(e.list, p)
		}
	}
	e.dropped += o.dropped
	for _, w := range o.warnings {
		if len(e.warnings) < maxWarnings {
			e.warnings = append(e.warnings, w)
		}
	}
}

// Extend adds more words to the message of the problem that Add put at i.
func (e *List) Extend(i int, more string) { e.list[i].Msg += more }

// At is the place at line and col of file.
func At(file string, line, col int) Pos { return Pos{File: file, Line: line, Col: col} }
