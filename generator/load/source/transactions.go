package source

// counts reads one row per case or event into data: each row counts one
// towards its month, unit and measure, or with value: adds its value.
type counts struct{}

func (counts) prepare(*file) bool { return true }

func (counts) row(f *file) {
	v, ok := 1.0, true
	if f.value >= 0 {
		v, ok = f.number(f.value, f.s.value.scale)
	}
	if !ok {
		return
	}
	p, okP := f.month()
	u := f.rowUnit()
	m := f.rowMeasure()
	if okP && u != nil && m != nil {
		f.addCount(p, u, m, v)
	}
}

// payments reads one row per payment or ledger line into finance, added
// up by month, unit and category.
type payments struct{}

func (payments) prepare(*file) bool { return true }

func (payments) row(f *file) {
	// A row without an amount adds nothing: junk and blank trailer rows
	// are passed over without a word.
	actual, okA := f.number(f.actual, f.s.actual.scale)
	budget, okB := f.number(f.budget, f.s.budget.scale)
	if !okA && !okB {
		return
	}
	if okA {
		f.noteTotal(totalKey{}, actual)
	} else {
		f.noteTotal(totalKey{}, budget)
	}
	p, okP := f.month()
	u := f.rowUnit()
	cat, okC := f.text(&f.s.category, f.category, "category")
	if !okP || u == nil || !okC {
		return
	}
	f.addSpend(p, u, cat, actual, budget, okA, okB)
}
