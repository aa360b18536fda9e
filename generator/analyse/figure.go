// Package analyse computes what a report's pages show from the report
// model: every unit's figure for every measure and month (rolled up the
// tree), the target that applies and its RAG rating, statistical process
// control, support need, finance against budget, work counts and the state
// of actions. Analyse returns all of it as one Analysis value, which holds
// no work item and is never changed after, so rendering reads it and never
// calls back. The same report always gives the same analysis.
package analyse

import (
	"math"

	"github.com/primed/primed/generator/report"
)

// RAG is a figure's rating against its target.
type RAG string

// The ratings. None means there is no target (or no value) to rate against.
const (
	Green RAG = "green"
	Amber RAG = "amber"
	Red   RAG = "red"
	None  RAG = "none"
)

// Figure is one measure's value for one unit in one month, where it came
// from and how it compares with its target.
type Figure struct {
	Unit    *report.Unit
	Measure *report.Measure
	Period  report.Period

	// Value is set when HasValue; Numerator and Denominator when
	// HasParts.
	Value       float64
	Numerator   float64
	Denominator float64
	// RolledUp, when HasRolledUp, is what the children's roll-up would
	// have been for a parent the data gives figures of its own (Own),
	// whether or not it gives one for this month.
	RolledUp float64
	// YTD is the financial year to date, when HasYTD: flows summed,
	// stocks the latest value, rates recomputed from their parts.
	YTD float64

	Target Target
	// Limits are the process limits of the chart segment the point is in;
	// SPC is false when the segment has too few points for limits.
	Limits Limits

	RAG       RAG
	Variation Variation
	Assurance Assurance

	// Reporting and Expected count the child units that gave a value and
	// that were expected to (active, and reporting the measure at some time).
	Reporting, Expected int
	// YTDMonths counts the months of the year so far that have a figure,
	// of YTDOf.
	YTDMonths, YTDOf int

	Signal Signal

	HasValue bool
	HasParts bool
	Own      bool
	// NoReturn is set when the data gives the figure as missing, as for a
	// return not received: there is no value, and the unit was expected.
	NoReturn    bool
	HasRolledUp bool
	HasYTD      bool
	SPC         bool
	// Suppressed hides a small count (Value, or YTD) behind "<N" wherever
	// it is shown; PartsSuppressed hides a ratio's numerator and
	// denominator.
	Suppressed      bool
	YTDSuppressed   bool
	PartsSuppressed bool
}

// given sets f to the figure the data gives, o, if there is one: its
// value and parts, or that it was given as missing. Either way the figure
// is the unit's own.
func (f *Figure) given(o *report.Row) {
	switch {
	case o == nil:
		return
	case o.Missing:
		f.NoReturn = true
	default:
		f.Value, f.HasValue = o.Value, o.Denominator != 0 || !o.HasParts
		f.Numerator, f.Denominator, f.HasParts = o.Numerator, o.Denominator, o.HasParts
	}
	f.Own = true
}

// Target is the target that applies to one figure, resolved from the
// report's targets, with its tolerance as an amount.
type Target struct {
	Value     float64
	Tolerance float64
	Source    *report.Target
	Set       bool // false: no target applies
	RolledUp  bool // the sum of the child units' targets, the unit having none of its own
}

// Rate rates value against target t for a measure whose better direction is dir.
func Rate(value float64, t Target, dir report.Direction) RAG {
	if !t.Set || dir == report.None {
		return None
	}
	// A small allowance keeps a ratio computed as 84.99999999 from missing
	// a target of 85 that the figures meet exactly.
	eps := 1e-9 * math.Max(1, math.Abs(t.Value))
	d := value - t.Value
	if dir == report.Down {
		d = -d
	}
	switch {
	case d >= -eps:
		return Green
	case d >= -t.Tolerance-eps:
		return Amber
	}
	return Red
}
