package report

import (
	"fmt"
	"time"
)

// Measure is one performance indicator: what is counted, how it is shown,
// which way is better, and how it rolls up the organisation.
type Measure struct {
	ID            string
	Name          string
	Description   string
	UnitOfMeasure UnitOfMeasure
	Decimals      int
	Direction     Direction
	Kind          Kind
	Aggregate     Aggregate
	Numerator     string  // what the numerator counts, for ratio measures
	Denominator   string  // what the denominator counts, for ratio measures
	Scale         float64 // a ratio's value is numerator / denominator × Scale
	Category      Category
	Objective     string    // the id of the objective the measure serves, if any
	Frequency     Frequency // how often its figures come; Monthly unless declared
	// Rebase lists the months from which the measure's process limits are
	// worked out afresh, after a change to the process they measure.
	Rebase []Rebase
	// Work is set for a measure derived from the work extract rather than
	// read from data/*.csv.
	Work *WorkMeasure
}

// Fit checks that a figure for p, read from a label of frequency given,
// is a figure of m's own frequency, for a financial year starting in month
// start. A quarterly or yearly figure may also be dated in its period's
// last month, as some files date a year's figure at its end.
func (m *Measure) Fit(p Period, given Frequency, start time.Month) error {
	f := m.Frequency
	switch {
	case given == f, f == "" && given == Monthly:
		return nil
	case given == Monthly && p == p.End(f, start):
		return nil
	case f == "" || f == Monthly:
		return fmt.Errorf("measure %q is monthly, but %q is a %s; declare frequency: %s for it in measures.yaml",
			m.ID, p.Label(given, start), given.noun(), given)
	case given == Monthly:
		return fmt.Errorf("measure %q is %s: its figures are for a %s such as %s, or dated in its last month (%s); found %s",
			m.ID, f.Adjective(), f.noun(), p.End(f, start).Label(f, start), p.End(f, start), p)
	}
	return fmt.Errorf("measure %q is %s, but %q is a %s", m.ID, f.Adjective(), p.Label(given, start), given.noun())
}

// WorkMeasure says which figure of which kind of work a derived measure counts.
type WorkMeasure struct {
	Type *WorkType
	Stat WorkStat
}

// WorkStat is a figure derived from a work extract for a unit and month.
type WorkStat string

// The figures derived from work items, in the order pages show them.
const (
	Outstanding WorkStat = "outstanding" // open at month end
	Upcoming    WorkStat = "upcoming"    // open at month end and due within the next N days
	Overdue     WorkStat = "overdue"     // open at month end and past its due date
	Opened      WorkStat = "opened"      // opened during the month
	Completed   WorkStat = "completed"   // closed during the month
	OnTime      WorkStat = "on_time"     // of those completed with a due date, the share closed by it
)

// WorkStats lists the derived figures in display order.
var WorkStats = []WorkStat{Outstanding, Upcoming, Overdue, Opened, Completed, OnTime}

// AgeBands are the upper bounds, in days, of the age bands of open work:
// 0–28, 29–90, 91–180 and over 180 days.
var AgeBands = []int{28, 90, 180}

// Rebase is a month from which a measure's SPC limits start again, for
// one unit or (Unit nil) for all.
type Rebase struct {
	Period Period
	Unit   *Unit
	Note   string // what changed, as the chart says it
}

// UnitOfMeasure is what a measure's values are: a count, a percentage, money...
type UnitOfMeasure string

// The kinds of value a measure can have.
const (
	Count    UnitOfMeasure = "count"
	Percent  UnitOfMeasure = "percent"
	Currency UnitOfMeasure = "currency"
	Days     UnitOfMeasure = "days"
	Number   UnitOfMeasure = "number"
)

// Direction says which way is better.
type Direction string

// The directions a measure can improve in.
const (
	Up   Direction = "up"
	Down Direction = "down"
	None Direction = "none"
)

// Kind says how a measure behaves over time: flows add up over months,
// stocks are a level at a moment, rates are recomputed from their parts.
type Kind string

// The kinds of measure over time.
const (
	Flow  Kind = "flow"
	Stock Kind = "stock"
	Rate  Kind = "rate"
)

// Aggregate is how a measure rolls up from child units to their parent.
type Aggregate string

// The roll-up rules.
const (
	Sum   Aggregate = "sum"
	Mean  Aggregate = "mean"
	Ratio Aggregate = "ratio"
	Min   Aggregate = "min"
	Max   Aggregate = "max"
	Last  Aggregate = "last"
)

// Category groups measures by what they tell a manager.
type Category string

// The categories of measure, in the order pages show them.
const (
	Workload      Category = "workload"
	Effectiveness Category = "effectiveness"
	Finance       Category = "finance"
	Quality       Category = "quality"
	Outcome       Category = "outcome"
)

// Categories lists every category in display order.
var Categories = []Category{Workload, Effectiveness, Finance, Quality, Outcome}

// Target is a goal for a measure with an amber tolerance around it. A
// target applies to every unit unless narrowed to a level or a unit, and to
// every period within its range.
type Target struct {
	Measure          *Measure
	LevelIndex       int   // the level it applies to, as an index into Report.Levels; -1: every level
	Unit             *Unit // nil: every unit
	Range            Range
	Value            float64
	Tolerance        float64
	TolerancePercent bool // Tolerance is a percentage of Value, not an absolute amount
}

// Observation is one figure from the data: a measure's value for a unit in
// a month, with its numerator and denominator when it is a ratio. A
// report keeps it as a Row of a Chunk.
type Observation struct {
	Unit        *Unit
	Measure     *Measure
	Value       float64
	Numerator   float64
	Denominator float64
	Period      Period
	HasParts    bool // Numerator and Denominator were given
	// Missing marks a figure the data gives as missing (".." or another
	// marker): a return not received. It has no value, but it is not
	// nothing: the unit was expected to report, and its own figure is not
	// to be made up from the units below it.
	Missing bool
}
