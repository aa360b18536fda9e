package analyse

import (
	"reflect"
	"testing"
	"unsafe"

	"github.com/primed/primed/generator/report"
)

// TestPackRoundTrip packs series that between them set every field of a
// Figure to something other than its zero value, every rating to each of
// its values and every flag on and off, and checks each unpacks as it was.
func TestPackRoundTrip(t *testing.T) {
	u := &report.Unit{ID: "team"}
	m := &report.Measure{ID: "m"}
	src := &report.Target{Value: 85}
	first := report.NewPeriod(2024, 4)
	limits := []Limits{{}, {Mean: 1, MR: 2, Lower: -3, Upper: 4, LowerTwo: -1.5, UpperTwo: 2.5}, {Mean: 10, MR: 1, Lower: 7.34, Upper: 12.66}}
	targets := []Target{{}, {Value: 85, Tolerance: 5, Source: src, Set: true}, {Value: 12.5, Tolerance: 0.25, Set: true, RolledUp: true}}
	bools := func(i, bit int) bool { return i>>bit&1 == 1 }
	var figs []Figure
	for i := range 24 {
		figs = append(figs, Figure{
			Unit: u, Measure: m, Period: first.Add(i),
			Value: float64(i) + 0.1, Numerator: float64(3 * i), Denominator: -float64(i),
			RolledUp: 1e15 + float64(i), YTD: -0.000001 * float64(i),
			Target:    targets[i%len(targets)],
			Limits:    limits[i%len(limits)],
			RAG:       rags[i%len(rags)],
			Variation: variations[i%len(variations)],
			Assurance: assurances[i%len(assurances)],
			Reporting: i * 1000, Expected: i*1000 + 7,
			YTDMonths: i % 12, YTDOf: i%12 + 1,
			Signal:          Signal{Rules: Rule(i % 16), Side: int8(i%3 - 1)},
			HasValue:        bools(i, 0),
			HasParts:        bools(i, 1),
			Own:             bools(i, 2),
			HasRolledUp:     bools(i, 3),
			HasYTD:          bools(i, 4),
			SPC:             bools(i+1, 0),
			Suppressed:      bools(i+1, 1),
			YTDSuppressed:   bools(i+1, 2),
			PartsSuppressed: bools(i+1, 3),
			NoReturn:        bools(i+2, 1),
		})
	}
	s := pack(figs, newTargetTable(), newBlocks(1, len(figs), false))
	if got := s.figures(nil); !reflect.DeepEqual(got, figs) {
		for j := range figs {
			if !reflect.DeepEqual(got[j], figs[j]) {
				t.Errorf("figure %d unpacks as\n%+v\nwant\n%+v", j, got[j], figs[j])
			}
		}
	}
	if got, want := s.last(), figs[len(figs)-1]; !reflect.DeepEqual(got, want) {
		t.Errorf("last() = %+v, want %+v", got, want)
	}
	if len(s.limits) != len(limits) {
		t.Errorf("the series keeps %d limits, want %d: one for each distinct segment", len(s.limits), len(limits))
	}

	// A team's plain counts keep nothing beside their points.
	plain := make([]Figure, len(figs))
	for j, f := range figs {
		plain[j] = Figure{Unit: u, Measure: m, Period: f.Period, Value: f.Value, HasValue: true, RAG: f.RAG, Variation: f.Variation, Assurance: f.Assurance, Target: f.Target}
	}
	s = pack(plain, newTargetTable(), &blocks{})
	if s.parts != nil || s.counts != nil || s.rolledUp != nil {
		t.Errorf("a series of plain figures keeps parts %v, counts %v, roll-ups %v; want none", s.parts != nil, s.counts != nil, s.rolledUp != nil)
	}
	if got := s.figures(nil); !reflect.DeepEqual(got, plain) {
		t.Errorf("plain figures unpack as %+v, want %+v", got, plain)
	}
	// Appended to what a slice holds, as AppendSeries reuses one.
	held := figs[:2:2]
	if got := s.figures(held); !reflect.DeepEqual(got[:2], figs[:2]) || !reflect.DeepEqual(got[2:], plain) {
		t.Errorf("figures appended to two others: %d figures, or not the two and then the series", len(got))
	}
}

// TestPointSize keeps a packed month at 32 bytes with no pointer in it:
// the analysis of 8,000 units holds 19 million of them.
func TestPointSize(t *testing.T) {
	if n := unsafe.Sizeof(point{}); n != 32 {
		t.Errorf("a point is %d bytes, want 32", n)
	}
	typ := reflect.TypeFor[point]()
	for f := range typ.Fields() {
		switch f.Type.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.String, reflect.Interface:
			t.Errorf("point.%s is a %s, which the collector must follow", f.Name, f.Type.Kind())
		}
	}
}
