package analyse

import (
	"time"

	"github.com/primed/primed/generator/report"
)

// monthEnd is the last day of p.
func monthEnd(p report.Period) time.Time {
	return time.Date(p.Year(), p.Month()+1, 0, 0, 0, 0, 0, time.UTC)
}

func monthStart(p report.Period) time.Time {
	return time.Date(p.Year(), p.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// workCounts are one unit's figures for one type of work in one month.
type workCounts struct {
	outstanding, upcoming, overdue, opened, completed int
	onTime, withDue                                   int
	ages                                              [4]int // by report.AgeBands
}

// workKey is a unit's work of one type.
type workKey struct {
	unit *report.Unit
	typ  *report.WorkType
}

// derive counts the work extract into each team's figures for every month
// shown, from the month the extract starts. An item is outstanding at a
// month's end if it was opened by then and not closed by then; overdue if
// its due date is before that day; upcoming if it is due on that day or
// within the next UpcomingDays. An item opened and closed on the same day
// counts as opened and completed, never outstanding. Items without a due
// date are neither overdue nor upcoming, and are left out of "on time".
func (a *analyser) derive() report.Figures {
	r := a.r
	if len(r.Work) == 0 {
		return nil
	}
	first := r.Work[0].Opened
	for _, it := range r.Work {
		if it.Opened.Before(first) {
			first = it.Opened
		}
	}
	from := report.NewPeriod(first.Year(), first.Month())
	upcoming := r.Config.UpcomingDays
	type month struct{ start, end, horizon time.Time }
	months := make([]month, len(a.periods))
	for j, p := range a.periods {
		end := monthEnd(p)
		months[j] = month{monthStart(p), end, end.AddDate(0, 0, upcoming)}
	}
	// Each unit's counts of each type of work, by month shown: an item's
	// unit and type are looked up once, not once a month.
	counts := map[workKey][]workCounts{}
	for _, it := range r.Work {
		k := workKey{it.Unit, it.Type}
		row := counts[k]
		for j, p := range a.periods {
			start, end, horizon := months[j].start, months[j].end, months[j].horizon
			if p < from || it.Opened.After(end) || !it.Unit.Active.Contains(p) {
				continue
			}
			if row == nil {
				row = make([]workCounts, len(a.periods))
				counts[k] = row
			}
			c := &row[j]
			if !it.Opened.Before(start) {
				c.opened++
			}
			closed := !it.Closed.IsZero() && !it.Closed.After(end)
			if closed && !it.Closed.Before(start) {
				c.completed++
				if !it.Due.IsZero() {
					c.withDue++
					if !it.Closed.After(it.Due) {
						c.onTime++
					}
				}
			}
			if closed {
				continue
			}
			c.outstanding++
			switch {
			case it.Due.IsZero():
			case it.Due.Before(end):
				c.overdue++
			case !it.Due.After(horizon):
				c.upcoming++
			}
			age := int(end.Sub(it.Opened).Hours() / 24)
			band := len(report.AgeBands)
			for i, top := range report.AgeBands {
				if age <= top {
					band = i
					break
				}
			}
			c.ages[band]++
		}
	}
	a.work = counts

	// Every team with items of a type gets a figure for every month from
	// the extract's start while it is active: a month with no items is a
	// real zero, not a gap. Each measure's are a chunk of their own, made
	// with room for them all: at 8,000 units they are millions.
	teams := map[*report.WorkType]int{}
	for k := range counts {
		teams[k.typ]++
	}
	var figs report.Figures
	for _, m := range r.Measures {
		if m.Work == nil {
			continue
		}
		rows := make([]report.Row, 0, teams[m.Work.Type]*len(a.periods))
		for i, u := range r.Units {
			row := counts[workKey{u, m.Work.Type}]
			if !u.IsLeaf() || row == nil {
				continue
			}
			for j, p := range a.periods {
				if p < from || !u.Active.Contains(p) {
					continue
				}
				c := &row[j]
				o := report.Row{Period: p, Unit: int32(i)}
				switch m.Work.Stat {
				case report.Outstanding:
					o.Value = float64(c.outstanding)
				case report.Upcoming:
					o.Value = float64(c.upcoming)
				case report.Overdue:
					o.Value = float64(c.overdue)
				case report.Opened:
					o.Value = float64(c.opened)
				case report.Completed:
					o.Value = float64(c.completed)
				case report.OnTime:
					if c.withDue == 0 {
						continue
					}
					o.Numerator, o.Denominator, o.HasParts = float64(c.onTime), float64(c.withDue), true
					o.Value = o.Numerator / o.Denominator * 100
				}
				rows = append(rows, o)
			}
		}
		if len(rows) > 0 {
			figs = append(figs, report.Chunk{Measure: m, Units: r.Units, Rows: rows})
		}
	}
	return figs
}

// WorkAges is how many items of one type were open at the end of the
// snapshot's month, by age band (report.AgeBands).
type WorkAges struct {
	Type *report.WorkType
	Ages [4]int
}

// ageCounts holds each unit's own open items at the month's end, by type
// and age band.
type ageCounts map[*report.Unit]map[*report.WorkType]*[4]int

// ages adds up the open items at the end of the snapshot's month for each
// unit, counting every unit below it.
func (a *analyser) ages() ageCounts {
	counts := ageCounts{}
	last := len(a.periods) - 1
	for k, row := range a.work {
		c := &row[last]
		for u := k.unit; u != nil; u = u.Parent {
			if counts[u] == nil {
				counts[u] = map[*report.WorkType]*[4]int{}
			}
			sum := counts[u][k.typ]
			if sum == nil {
				sum = new([4]int)
				counts[u][k.typ] = sum
			}
			for i, n := range c.ages {
				sum[i] += n
			}
		}
	}
	return counts
}

// of returns unit u's open work by age for each type of work that u or the
// units below it report, in the order of measures.
func (c ageCounts) of(u *report.Unit, measures []*report.Measure) []WorkAges {
	var list []WorkAges
	seen := map[*report.WorkType]bool{}
	for _, m := range measures {
		if m.Work == nil || seen[m.Work.Type] {
			continue
		}
		seen[m.Work.Type] = true
		w := WorkAges{Type: m.Work.Type}
		if sum := c[u][m.Work.Type]; sum != nil {
			w.Ages = *sum
		}
		list = append(list, w)
	}
	return list
}
