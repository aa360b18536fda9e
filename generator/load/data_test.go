package load

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/primed/primed/generator/load/diag"
	"github.com/primed/primed/generator/report"
)

// TestFigureSet holds figureSet to a plain map of every figure read: the
// same duplicates refused, each naming where the first was read, and the
// same figures kept, in the same order, whatever order the periods come
// in and however far apart they are.
func TestFigureSet(t *testing.T) {
	units := []*report.Unit{{ID: "a"}, {ID: "b"}, {ID: "c"}}
	measures := []*report.Measure{{ID: "m"}, {ID: "n"}}
	base := int32(report.NewPeriod(2020, 1))
	orders := map[string]func(r *rand.Rand, i int) int32{
		"in order":     func(_ *rand.Rand, i int) int32 { return base + int32(i%40) },
		"latest first": func(_ *rand.Rand, i int) int32 { return base + 40 - int32(i%40) },
		"shuffled":     func(r *rand.Rand, _ int) int32 { return base + r.Int32N(40) },
		"yearly":       func(r *rand.Rand, _ int) int32 { return base + 12*r.Int32N(10) },
		"far apart":    func(r *rand.Rand, _ int) int32 { return 12 + r.Int32N(12*9000) },
		"dense then far": func(r *rand.Rand, i int) int32 {
			if i > 300 {
				return 12 + r.Int32N(12*9000)
			}
			return base - int32(i%50)
		},
	}
	for name, period := range orders {
		t.Run(name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			var s figureSet
			var e diag.List
			first := map[[3]any]diag.Pos{}
			var wantErrs []string
			var want []report.Observation
			for i := range 600 {
				o := report.Observation{
					Period:  report.Period(period(r, i)),
					Unit:    units[r.IntN(len(units))],
					Measure: measures[r.IntN(len(measures))],
					Value:   float64(i),
				}
				at := diag.At(fmt.Sprintf("data/%d.csv", i/200), i+2, 1+i%7)
				key := [3]any{o.Period, o.Unit, o.Measure}
				if f, dup := first[key]; dup {
					wantErrs = append(wantErrs, fmt.Sprintf("%s: duplicate figure for %s, %s, %s (first at %s)", at, o.Period, o.Unit.ID, o.Measure.ID, f))
				} else {
					first[key] = at
					want = append(want, o)
				}
				s.add(&e, o, at)
			}
			got := slices.Collect(s.list().All())
			// figureSet keeps a measure's figures together, in the order read.
			slices.SortStableFunc(want, func(a, b report.Observation) int {
				return strings.Compare(measureOrder(want, a.Measure), measureOrder(want, b.Measure))
			})
			if !slices.Equal(got, want) {
				t.Errorf("kept %d figures, want %d, or not in the order read", len(got), len(want))
			}
			var gotErrs []string
			for _, p := range e.Problems() {
				gotErrs = append(gotErrs, p.String())
			}
			slices.Sort(gotErrs)
			slices.Sort(wantErrs)
			if !slices.Equal(gotErrs, wantErrs) {
				t.Errorf("%d problems, want %d; first got %q", len(gotErrs), len(wantErrs), gotErrs[:min(1, len(gotErrs))])
			}
		})
	}
}

// measureOrder is a key that sorts measures in the order of their first
// figure in list.
func measureOrder(list []report.Observation, m *report.Measure) string {
	return fmt.Sprintf("%06d", slices.IndexFunc(list, func(o report.Observation) bool { return o.Measure == m }))
}
