package analyse

import (
	"fmt"
	"slices"

	"github.com/primed/primed/generator/report"
)

// An analysis holds a figure for every unit, measure and month: 19 million
// of them for 8,000 units, 40 measures and 60 months. A Figure is made to
// be read and is 240 bytes, with pointers the collector must follow, so
// each series is kept packed instead: a point of 32 bytes a month, with no
// pointer in it, and the targets and process limits the points share kept
// once, beside them. What most series do not have (a ratio's parts, a
// parent's counts of who reported, the roll-up a given figure replaced)
// is kept only by the series that have it. Pages unpack the figures they
// show as they ask.

// series is one unit's figures for one measure, packed.
type series struct {
	unit    *report.Unit
	measure *report.Measure
	first   report.Period // points[j] is the figure for first + j steps
	step    int           // months in a period of the measure's frequency
	targets *targetTable
	limits  []Limits // by chart segment
	points  []point
	// By month, each nil when every month's is zero.
	parts    [][2]float64 // numerator and denominator
	counts   [][2]int32   // reporting and expected
	rolledUp []float64
}

// point is one Figure, less what its series holds for every point.
type point struct {
	value, ytd                float64
	target                    int32  // index into the target table
	segment                   uint32 // index into the series' limits
	ytdMonths, ytdOf          uint8
	rag, variation, assurance uint8 // indexes into rags, variations and assurances
	rules                     Rule
	flags                     pointFlags
}

type pointFlags uint16

const (
	hasValue pointFlags = 1 << iota
	hasParts
	own
	hasRolledUp
	hasYTD
	spc
	suppressed
	ytdSuppressed
	partsSuppressed
	above // the signal's side: above the mean
	below
	noReturn
)

// The values a point's ratings take, indexed as it stores them.
var (
	rags       = []RAG{"", Green, Amber, Red, None}
	variations = []Variation{"", Common, Improvement, Concern, Neutral, NoVariation}
	assurances = []Assurance{"", Pass, Fail, Inconsistent, NoAssurance}
)

// targetTable holds each distinct target of an analysis once: most
// figures share their measure's few.
type targetTable struct {
	list  []Target
	index map[Target]int32
}

func newTargetTable() *targetTable {
	return &targetTable{list: []Target{{}}, index: map[Target]int32{{}: 0}}
}

func (t *targetTable) add(x Target) int32 {
	i, ok := t.index[x]
	if !ok {
		i = int32(len(t.list))
		t.list = append(t.list, x)
		t.index[x] = i
	}
	return i
}

// blocks hand out the series of one measure, their points and, for a
// ratio, their parts, from one allocation each: the collector then marks
// a few large objects, where a series each would be hundreds of thousands
// of small ones, marked again in every cycle while pages are rendered.
type blocks struct {
	series block[series]
	points block[point]
	parts  block[[2]float64]
}

// newBlocks makes blocks for n series of months points each; parts only
// for a measure whose series all have them.
func newBlocks(n, months int, ratio bool) *blocks {
	b := &blocks{series: make(block[series], n), points: make(block[point], n*months)}
	if ratio {
		b.parts = make(block[[2]float64], n*months)
	}
	return b
}

// block is room for values of T, handed out n at a time.
type block[T any] []T

// take hands out the next n values, zero, or makes them when the block
// has too few left.
func (b *block[T]) take(n int) []T {
	if len(*b) < n {
		return make([]T, n)
	}
	s := (*b)[:n:n]
	*b = (*b)[n:]
	return s
}

// pack packs one unit's figures for one measure, a period each from first,
// into room from b. Every figure of a series shares its chart segment's
// limits.
func pack(figs []Figure, targets *targetTable, b *blocks) *series {
	s := &b.series.take(1)[0]
	m := figs[0].Measure
	*s = series{unit: figs[0].Unit, measure: m, first: figs[0].Period, step: m.Frequency.Months(), targets: targets}
	s.points = b.points.take(len(figs))
	for j := range figs {
		f := &figs[j]
		seg := slices.Index(s.limits, f.Limits)
		if seg < 0 {
			seg = len(s.limits)
			s.limits = append(s.limits, f.Limits)
		}
		if f.Numerator != 0 || f.Denominator != 0 {
			if s.parts == nil {
				s.parts = b.parts.take(len(figs))
			}
			s.parts[j] = [2]float64{f.Numerator, f.Denominator}
		}
		if f.Reporting != 0 || f.Expected != 0 {
			s.counts = grown(s.counts, len(figs))
			s.counts[j] = [2]int32{int32(f.Reporting), int32(f.Expected)}
		}
		if f.RolledUp != 0 {
			s.rolledUp = grown(s.rolledUp, len(figs))
			s.rolledUp[j] = f.RolledUp
		}
		s.points[j] = point{
			value: f.Value, ytd: f.YTD,
			target:    targets.add(f.Target),
			segment:   uint32(seg),
			ytdMonths: uint8(f.YTDMonths), ytdOf: uint8(f.YTDOf),
			rag: ordinal(rags, f.RAG), variation: ordinal(variations, f.Variation), assurance: ordinal(assurances, f.Assurance),
			rules: f.Signal.Rules,
			flags: flag(f.Signal.Side > 0, above) | flag(f.Signal.Side < 0, below) |
				flag(f.HasValue, hasValue) | flag(f.HasParts, hasParts) | flag(f.Own, own) |
				flag(f.HasRolledUp, hasRolledUp) | flag(f.HasYTD, hasYTD) | flag(f.SPC, spc) |
				flag(f.Suppressed, suppressed) | flag(f.YTDSuppressed, ytdSuppressed) |
				flag(f.PartsSuppressed, partsSuppressed) | flag(f.NoReturn, noReturn),
		}
	}
	return s
}

// grown is list, made with room for n when it is nil.
func grown[T any](list []T, n int) []T {
	if list == nil {
		list = make([]T, n)
	}
	return list
}

// ordinal is v's index in values, which must hold it.
func ordinal[T comparable](values []T, v T) uint8 {
	i := slices.Index(values, v)
	if i < 0 {
		panic(fmt.Sprintf("analyse: no ordinal for %v", v))
	}
	return uint8(i)
}

func flag(b bool, f pointFlags) pointFlags {
	if b {
		return f
	}
	return 0
}

// figures unpacks the whole series, appending it to figs.
func (s *series) figures(figs []Figure) []Figure {
	figs = slices.Grow(figs, len(s.points))
	for j := range s.points {
		figs = append(figs, s.figure(j))
	}
	return figs
}

// figure unpacks the figure for period j, counted from first.
func (s *series) figure(j int) Figure {
	p := &s.points[j]
	f := Figure{
		Unit: s.unit, Measure: s.measure, Period: s.first.Add(j * s.step),
		Value: p.value, YTD: p.ytd,
		Target:    s.targets.list[p.target],
		Limits:    s.limits[p.segment],
		RAG:       rags[p.rag],
		Variation: variations[p.variation],
		Assurance: assurances[p.assurance],
		YTDMonths: int(p.ytdMonths), YTDOf: int(p.ytdOf),
		Signal:          Signal{Rules: p.rules, Side: p.side()},
		HasValue:        p.flags&hasValue != 0,
		HasParts:        p.flags&hasParts != 0,
		Own:             p.flags&own != 0,
		HasRolledUp:     p.flags&hasRolledUp != 0,
		HasYTD:          p.flags&hasYTD != 0,
		SPC:             p.flags&spc != 0,
		Suppressed:      p.flags&suppressed != 0,
		YTDSuppressed:   p.flags&ytdSuppressed != 0,
		PartsSuppressed: p.flags&partsSuppressed != 0,
		NoReturn:        p.flags&noReturn != 0,
	}
	if s.parts != nil {
		f.Numerator, f.Denominator = s.parts[j][0], s.parts[j][1]
	}
	if s.counts != nil {
		f.Reporting, f.Expected = int(s.counts[j][0]), int(s.counts[j][1])
	}
	if s.rolledUp != nil {
		f.RolledUp = s.rolledUp[j]
	}
	return f
}

func (p *point) side() int8 {
	switch {
	case p.flags&above != 0:
		return 1
	case p.flags&below != 0:
		return -1
	}
	return 0
}

// last unpacks the latest figure: the snapshot's month's, or a quarterly
// or yearly measure's latest published period's.
func (s *series) last() Figure { return s.figure(len(s.points) - 1) }
