package render

import (
	"fmt"
	"strings"

	"github.com/primed/primed/generator/analyse"
	"github.com/primed/primed/generator/report"
)

// actions builds the actions table, linking each action's unit unless the
// table is on that unit's own page.
func (s *snapshot) actions(list []analyse.ActionState, root, csvPath string, page *report.Unit) actionsView {
	var v actionsView
	csv := [][]string{{"id", "unit", "meeting", "owner", "raised", "due", "status", "closed", "text", "measure"}}
	for _, a := range list {
		row := actionRow{
			UnitID:  a.Unit.ID,
			State:   string(a.Status),
			ID:      a.ID,
			Unit:    link{a.Unit.Name, unitHref(root, a.Unit)},
			Meeting: a.Meeting,
			Owner:   a.Owner,
			Raised:  date(a.Raised),
			Due:     date(a.Due),
			Text:    a.Text,
			Class:   "open",
			Status:  "Open",
			Age:     fmt.Sprintf("%d %s old", a.AgeDays, pluralWord(a.AgeDays, "day", "days")),
		}
		if a.Unit == page {
			row.Unit.Href = ""
		}
		if a.Measure != nil {
			row.Measure = a.Measure.Name
		}
		switch {
		case a.Overdue:
			row.State = "overdue"
			row.Class, row.Status = "overdue", fmt.Sprintf("Overdue by %d %s", a.OverdueDays, pluralWord(a.OverdueDays, "day", "days"))
			v.Overdue++
			v.Open++
		case a.ClosedNow:
			row.Class = "closed"
			row.Age = fmt.Sprintf("took %d %s", a.AgeDays, pluralWord(a.AgeDays, "day", "days"))
			row.Status = fmt.Sprintf("%s %s", strings.ToUpper(string(a.Status[:1]))+string(a.Status[1:]), date(a.Closed))
		default:
			v.Open++
		}
		if row.Due == "" {
			row.Due = "No date"
		} else {
			row.DueISO = a.Due.Format("2006-01-02")
		}
		v.Rows = append(v.Rows, row)
		measure := ""
		if a.Measure != nil {
			measure = a.Measure.ID
		}
		closed := ""
		if a.ClosedNow {
			closed = a.Closed.Format("2006-01-02")
		}
		due := ""
		if !a.Due.IsZero() {
			due = a.Due.Format("2006-01-02")
		}
		csv = append(csv, []string{a.ID, a.Unit.ID, a.Meeting, a.Owner, a.Raised.Format("2006-01-02"), due, row.Status, closed, a.Text, measure})
	}
	if len(v.Rows) > 0 {
		v.CSV = csvPath[strings.LastIndex(csvPath, "/")+1:]
		s.download(csvPath, csv)
	}
	return v
}
