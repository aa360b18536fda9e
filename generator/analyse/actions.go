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

// actions returns, for every unit, the actions of the unit and the units
// below it that matter in the snapshot's month: open ones, overdue first,
// then those closed in the month. Actions raised after the month are not
// yet known. The last day of the month is "today" for every date, so that
// a snapshot never depends on when it was built.
func (a *analyser) actions() map[*report.Unit][]ActionState {
	end := monthEnd(a.period)
	start := monthStart(a.period)
	lists := map[*report.Unit][]ActionState{}
	for _, act := range a.r.Actions {
		if act.Raised.After(end) {
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
		for u := act.Unit; u != nil; u = u.Parent {
			lists[u] = append(lists[u], s)
		}
	}
	for _, list := range lists {
		slices.SortStableFunc(list, func(x, y ActionState) int {
			return cmp.Or(
				-cmp.Compare(b2i(x.Overdue), b2i(y.Overdue)),
				cmp.Compare(b2i(x.ClosedNow), b2i(y.ClosedNow)),
				cmp.Compare(b2i(x.Due.IsZero()), b2i(y.Due.IsZero())), // no due date last
				x.Due.Compare(y.Due),
				cmp.Compare(x.ID, y.ID),
			)
		})
	}
	return lists
}

func days(from, to time.Time) int { return int(to.Sub(from).Hours() / 24) }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
