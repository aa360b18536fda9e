package load

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
}

func (p Problem) String() string { return p.Pos.String() + ": " + p.Msg }

// Problems is every problem a load found, sorted by file, line and column.
// It is the error that Report returns when the folder cannot be trusted.
type Problems []Problem

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

// errs collects problems as a load goes along.
type errs struct {
	list Problems
}

// problems returns the list, sorted.
func (e *errs) problems() Problems {
	e.list.sort()
	return slices.Clip(e.list)
}

func (e *errs) add(pos Pos, format string, args ...any) {
	e.list = append(e.list, Problem{pos, fmt.Sprintf(format, args...)})
}
