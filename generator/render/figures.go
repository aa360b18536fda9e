package render

import (
	"bytes"
	"io"
	"strconv"
	"sync"

	"github.com/primed/primed/generator/analyse"
	"github.com/primed/primed/generator/report"
)

// figuresCSV is the snapshot's machine-readable twin: every figure it
// shows, one row per unit, measure and period, for other tools to read. A
// suppressed count reads "<N", and its row says so in the suppressed
// column. Each unit's rows are written by the task that renders its page,
// with the numbers its measures.csv has, and reach the file in the units'
// order (see inOrder); the comparators' rows come last.
const figuresCSV = "figures.csv"

var figuresHeader = []string{"period", "unit", "level", "measure", "value", "numerator", "denominator", "target", "tolerance", "rag", "ytd", "variation", "assurance", "suppressed"}

// rowWriter writes one unit's rows of its measures.csv and of figures.csv,
// a cell at a time as csvWriter.row would, each figure's numbers
// formatted once for both files.
type rowWriter struct {
	csv     []byte // measures.csv's rows, without its header
	figures []byte // figures.csv's rows

	comparator bool
	// The current unit's and measure's cells, each after a comma: unit
	// and measure for measures.csv, with the unit's level for figures.csv.
	csvIDs, figureIDs []byte
	hideCell          []byte // a suppressed figure's cell
	cells             []byte // the current figure's value, target and ytd
	target, tolerance repeated
}

// reset empties w for the rows of another unit, hiding suppressed
// figures as hide.
func (w *rowWriter) reset(hide string) {
	w.csv, w.figures = w.csv[:0], w.figures[:0]
	w.hideCell = appendCell(w.hideCell[:0], neutralise(hide))
}

// measure starts the rows of u's figures for m; level is u's level's id.
func (w *rowWriter) measure(u *report.Unit, level string, m *report.Measure) {
	w.comparator = u.Comparator
	w.csvIDs = appendCells(w.csvIDs[:0], u.ID, m.ID)
	w.figureIDs = appendCells(w.figureIDs[:0], u.ID, level, m.ID)
}

// add writes f's rows, its period written as label. A unit's period with
// nothing to show has no row in figures.csv, but has one in measures.csv,
// which lists every period of the chart; a comparator has no page, and so
// no measures.csv, and its rows say when it has no figure.
func (w *rowWriter) add(label string, f *analyse.Figure) {
	c := appendFigure(w.cells[:0], f.Suppressed, w.hideCell, f.HasValue, f.Value)
	v := len(c)
	c = w.target.append(c, f.Target.Set, f.Target.Value)
	t := len(c)
	c = appendFigure(c, f.YTDSuppressed, w.hideCell, f.HasYTD, f.YTD)
	w.cells = c
	value, target, ytd := c[:v], c[v:t], c[t:]

	if !w.comparator {
		b := append(w.csv, label...) // a plain cell (TestLabelsPlain)
		b = append(b, w.csvIDs...)
		b = append(append(b, ','), value...)
		b = append(append(b, ','), target...)
		b = appendWords(b, string(f.RAG))
		b = append(append(b, ','), ytd...)
		b = appendWords(b, string(f.Variation), string(f.Assurance))
		w.csv = append(b, '\r', '\n')
		if !f.HasValue && !f.HasParts && !f.Target.Set && !f.NoReturn {
			return
		}
	}
	b := append(w.figures, label...)
	b = append(b, w.figureIDs...)
	b = append(append(b, ','), value...)
	b = appendFigure(append(b, ','), f.PartsSuppressed, w.hideCell, f.HasParts, f.Numerator)
	b = appendFigure(append(b, ','), f.PartsSuppressed, w.hideCell, f.HasParts, f.Denominator)
	b = append(append(b, ','), target...)
	b = w.tolerance.append(append(b, ','), f.Target.Set, f.Target.Tolerance)
	b = appendWords(b, string(f.RAG))
	b = append(append(b, ','), ytd...)
	b = appendWords(b, string(f.Variation), string(f.Assurance))
	b = strconv.AppendBool(append(b, ','), f.Suppressed || f.YTDSuppressed || f.PartsSuppressed)
	w.figures = append(b, '\r', '\n')
}

// finance writes u's finance in figures.csv as two more measures: the
// month's budget and spend, each with its year to date. Each row is
// appended cell by cell, as csvWriter.row would write it: the words are
// primed's own and the numbers need no quotes (TestAppendWords).
func (w *rowWriter) finance(s *snapshot, u *report.Unit, level string, series []analyse.Spending) {
	ids := appendCells(nil, u.ID, level)
	b := w.figures
	for i := range series {
		f := &series[i]
		if !f.Has && !f.YTD.HasBudget && !f.YTD.HasActual {
			continue
		}
		label := s.label(labelForm, f.Period, report.Monthly) // YYYY-MM, a plain cell
		if f.YTD.HasBudget {
			b = append(append(b, label...), ids...)
			b = appendOptional(append(b, ",budget,"...), f.HasBudget, f.Budget)
			b = appendOptional(append(b, ",,,,,none,"...), true, f.YTD.Budget)
			b = append(b, ",none,none,false\r\n"...)
		}
		if f.YTD.HasActual {
			b = append(append(b, label...), ids...)
			b = appendOptional(append(b, ",spend,"...), f.HasActual, f.Actual)
			b = appendOptional(append(b, ",,,"...), f.HasBudget && f.HasActual, f.Budget)
			b = appendWords(append(b, ','), string(f.RAG)) // after the tolerance, empty
			b = appendOptional(append(b, ','), true, f.YTD.Actual)
			b = append(b, ",none,none,false\r\n"...)
		}
	}
	w.figures = b
}

// rowWriter is the task's rowWriter, reset for a unit's rows.
func (s *snapshot) rowWriter() *rowWriter {
	w := new(rowWriter)
	if s.scratch != nil {
		w = &s.scratch.rows
	}
	w.reset(hidden(s.a.Config))
	return w
}

// levelID is u's level's id in figures.csv.
func (s *snapshot) levelID(u *report.Unit) string {
	if u.Comparator {
		return "comparator"
	}
	return s.a.Levels[u.LevelIndex].ID
}

// comparatorRows are the comparators' rows of figures.csv.
func (s *snapshot) comparatorRows() []byte {
	w := s.rowWriter()
	for _, c := range s.a.Comparators {
		level := s.levelID(c)
		for _, m := range s.a.Of(c).Measures {
			w.measure(c, level, m)
			series := s.series(0, c, m)
			for i := range series {
				w.add(s.label(labelForm, series[i].Period, m.Frequency), &series[i])
			}
		}
		w.finance(s, c, level, s.a.Of(c).Finance.Series)
	}
	return w.figures
}

// inOrder writes one file from parts that tasks finish in any order: part
// i as soon as every part before it is written. A part that comes early
// is copied and held until then.
type inOrder struct {
	mu    sync.Mutex
	w     io.Writer
	next  int
	early map[int][]byte
	err   error // the first write's that failed; nothing is written after it
}

func newInOrder(w io.Writer) *inOrder { return &inOrder{w: w, early: map[int][]byte{}} }

// put writes or holds part i, b, which it does not keep.
func (o *inOrder) put(i int, b []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if i != o.next {
		o.early[i] = bytes.Clone(b)
		return
	}
	for {
		if o.err == nil {
			_, o.err = o.w.Write(b)
		}
		o.next++
		var ok bool
		if b, ok = o.early[o.next]; !ok {
			return
		}
		delete(o.early, o.next)
	}
}
