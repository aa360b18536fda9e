package analyse

import (
	"cmp"
	"slices"
	"time"

	"github.com/primed/primed/generator/report"
)

// ActionState is an action as it stood at the end of the snapshot's month.
type ActionState struct {
	report.Action
	Overdue     bool // open and past its due date
	ClosedNow   bool // done or dropped during the snapshot's month
	AgeDays     int  // days from raised to the end of the month (or to closing)
	OverdueDays int
}

// MonthEnd is the last day of the snapshot's month: "today" for every
// date comparison, so that a snapshot never depends on when it was built.
func (a *Analysis) MonthEnd() time.Time {
	return time.Date(a.Period.Year(), a.Period.Month()+1, 0, 0, 0, 0, 0, time.UTC)
}

// Actions returns the actions of unit u and the units below it that matter
// in the snapshot's month: open ones, overdue first, then those closed in
// the month. Actions raised after the month are not yet known. Each unit's
// list is worked out once: pages, cards and support need all ask for it.
func (a *Analysis) Actions(u *report.Unit) []ActionState {
	if list, ok := a.actions[u]; ok {
		return list
	}
	end := a.MonthEnd()
	start := time.Date(a.Period.Year(), a.Period.Month(), 1, 0, 0, 0, 0, time.UTC)
	var list []ActionState
	for _, act := range a.Report.Actions {
		if !Within(act.Unit, u) || act.Raised.After(end) {
			continue
		}
		s := ActionState{Action: act}
		open := act.Status == report.Open || act.Closed.After(end)
		switch {
		case open:
			s.Status = report.Open
			s.AgeDays = days(act.Raised, end)
			if !act.Due.IsZero() && act.Due.Before(end) {
				s.Overdue = true
				s.OverdueDays = days(act.Due, end)
			}
		case !act.Closed.Before(start):
			s.ClosedNow = true
			s.AgeDays = days(act.Raised, act.Closed)
		default:
			continue
		}
		list = append(list, s)
	}
	slices.SortStableFunc(list, func(x, y ActionState) int {
		return cmp.Or(
			-cmp.Compare(b2i(x.Overdue), b2i(y.Overdue)),
			cmp.Compare(b2i(x.ClosedNow), b2i(y.ClosedNow)),
			cmp.Compare(b2i(x.Due.IsZero()), b2i(y.Due.IsZero())), // no due date last
			x.Due.Compare(y.Due),
			cmp.Compare(x.ID, y.ID),
		)
	})
	if a.actions == nil {
		a.actions = map[*report.Unit][]ActionState{}
	}
	a.actions[u] = list
	return list
}

func days(from, to time.Time) int { return int(to.Sub(from).Hours() / 24) }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
