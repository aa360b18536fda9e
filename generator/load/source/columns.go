package source

import (
	"strings"

	"github.com/primed/primed/generator/load/diag"
)

// unitsAsColumns reads one row per measure (and month), with a column for
// each unit: the header cells that unit_columns: matches.
type unitsAsColumns struct {
	units []int
}

func (c *unitsAsColumns) prepare(f *file) bool {
	if f.s.columns == nil {
		return true // reported with the declaration
	}
	for i, cell := range f.header {
		if f.s.columns.MatchString(strings.TrimSpace(cell)) {
			c.units = append(c.units, i)
		}
	}
	if len(c.units) == 0 {
		f.problems.Add(f.s.Pos, "unit_columns: %q matches no cell of the header row (header_row: %d)", f.s.columns, f.s.headerRow)
		return false
	}
	return true
}

func (c *unitsAsColumns) row(f *file) {
	m := f.rowMeasure()
	if m == nil {
		return
	}
	p, ok := f.month()
	if !ok {
		return
	}
	for _, col := range c.units {
		v, ok := f.number(col, f.s.value.scale)
		missing := !ok && f.marked(col)
		if !ok && !missing {
			continue
		}
		// A unit named by the header is placed at the header's first cell.
		at := diag.At(f.r.File(), f.line, 1)
		u := f.resolveUnit(strings.TrimSpace(f.header[col]), "", at)
		switch {
		case u == nil:
		case missing:
			f.addMissing(p, u, m, col)
		default:
			f.addFigure(p, u, m, v, col)
		}
	}
}
