package source

// long reads one figure per row: a month, a unit, a measure and a value.
type long struct{}

func (long) prepare(*file) bool { return true }

func (long) row(f *file) {
	v, ok := f.number(f.value, f.s.value.scale)
	missing := !ok && f.marked(f.value)
	if !ok && !missing {
		return // no figure, and none said to be missing
	}
	// The month is read only for rows that carry a figure (or a marker
	// for a missing one), so that blank and junk rows around the data are
	// passed over; so in every shape.
	p, okP := f.month()
	m := f.rowMeasure()
	if okP && m != nil && ok {
		f.noteTotal(totalKey{p, m}, v)
	}
	u := f.rowUnit()
	if !okP || u == nil || m == nil {
		return
	}
	if missing {
		f.addMissing(p, u, m, f.value)
		return
	}
	f.addFigure(p, u, m, v, f.value)
}
