package source

import (
	"slices"

	"github.com/primed/primed/generator/report"
)

// wide reads one row per unit and month, with a column for each measure
// that measures: names.
type wide struct {
	cols []wideColumn // in the header's order
}

type wideColumn struct {
	m     *report.Measure
	col   int
	scale float64 // the measure's own, or the source's value: scale
}

func (w *wide) prepare(f *file) bool {
	ok := true
	for id, name := range f.s.measures {
		m := f.model.Measures[id]
		if m == nil {
			f.problems.Add(f.s.Pos, "measures: unknown measure %q", id)
			ok = false
			continue
		}
		scale, own := f.s.scales[id]
		if !own {
			scale = f.s.value.scale
		}
		w.cols = append(w.cols, wideColumn{m, f.column(name, f.s.Pos), scale})
	}
	slices.SortFunc(w.cols, func(a, b wideColumn) int { return a.col - b.col })
	return ok
}

func (w *wide) row(f *file) {
	type figure struct {
		wideColumn
		v float64
	}
	var figs, missing []figure
	for _, c := range w.cols {
		if v, ok := f.number(c.col, c.scale); ok {
			figs = append(figs, figure{c, v})
		} else if f.marked(c.col) {
			missing = append(missing, figure{wideColumn: c})
		}
	}
	if len(figs) == 0 && len(missing) == 0 {
		return
	}
	p, okP := f.month()
	if okP {
		for _, fig := range figs {
			f.noteTotal(totalKey{p, fig.m}, fig.v)
		}
	}
	u := f.rowUnit()
	if !okP || u == nil {
		return
	}
	for _, fig := range figs {
		f.addFigure(p, u, fig.m, fig.v, fig.col)
	}
	for _, fig := range missing {
		f.addMissing(p, u, fig.m, fig.col)
	}
}
