package load

import (
	"fmt"
	"io/fs"
	"strings"
	"time"
	"unicode"

	"github.com/primed/primed/generator/load/diag"
	"github.com/primed/primed/generator/load/table"
	"github.com/primed/primed/generator/report"
)

// date reads an optional date cell; ok is false for a bad date (reported).
func (t *sheet) date(name string) (time.Time, bool) {
	s := t.cell(name)
	if s == "" {
		return time.Time{}, true
	}
	d, err := table.Date(s)
	if err != nil {
		t.cellError(name, "%v", err)
		return time.Time{}, false
	}
	return d, true
}

// typeID makes a work type's name into an id: "Care Act assessment" →
// care_act_assessment.
func typeID(name string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			under = false
		default:
			under = true
		}
	}
	id := b.String()
	if len(id) > 40 {
		id = strings.TrimRight(id[:40], "_")
	}
	return id
}

// work reads every CSV in work/: one row per case, review or assessment,
// with id, unit, type, opened, due and closed. Items belong to units with
// no units below them, the teams, so that a roll-up never counts an item twice.
func work(fsys fs.FS, idx *index, e *diag.List) ([]report.WorkItem, []*report.WorkType) {
	var items []report.WorkItem
	var types []*report.WorkType
	byType := map[string]*report.WorkType{}
	seen := map[string]diag.Pos{}
	for _, name := range csvFiles(fsys, "work", e) {
		t := openSheet(fsys, name, e)
		if t == nil || !t.require("id", "unit", "type", "opened") {
			continue
		}
		t.each(func() {
			id := t.cell("id")
			at := t.pos("id")
			if id == "" {
				t.cellError("id", "missing id")
				return
			}
			if first, dup := seen[id]; dup {
				e.Add(at, "duplicate work item (first at %s)", first)
				return
			}
			seen[id] = at
			u := t.unit(idx, "unit", 0)
			if u != nil && !u.IsLeaf() {
				t.cellError("unit", "unit %q has units below it; work items belong to the units at the bottom of the tree", u.ID)
				u = nil
			}
			typeName := t.cell("type")
			tid := typeID(typeName)
			if tid == "" || !report.IsID(tid) {
				t.cellError("type", "expected a type of work such as \"Care Act assessment\", found %q", typeName)
			}
			opened, okO := t.date("opened")
			due, okD := t.date("due")
			closed, okC := t.date("closed")
			if okO && opened.IsZero() {
				t.cellError("opened", "missing the date the item was opened")
				okO = false
			}
			if okO && okC && !closed.IsZero() && closed.Before(opened) {
				t.cellError("closed", "closed (%s) before it was opened (%s)", closed.Format(time.DateOnly), opened.Format(time.DateOnly))
				okC = false
			}
			if u == nil || tid == "" || !okO || !okD || !okC {
				return
			}
			wt := byType[tid]
			if wt == nil {
				wt = &report.WorkType{ID: tid, Name: typeName}
				byType[tid] = wt
				types = append(types, wt)
			}
			items = append(items, report.WorkItem{ID: id, Unit: u, Type: wt, Opened: opened, Due: due, Closed: closed})
		})
	}
	return items, types
}

// workMeasures defines the measures derived from each type of work.
func workMeasures(types []*report.WorkType, upcoming int) []*report.Measure {
	var ms []*report.Measure
	for _, wt := range types {
		for _, stat := range report.WorkStats {
			m := &report.Measure{
				ID:            wt.ID + "_" + string(stat),
				UnitOfMeasure: report.Count,
				Kind:          report.Stock,
				Aggregate:     report.Sum,
				Direction:     report.None,
				Category:      report.Workload,
				Scale:         1,
				Work:          &report.WorkMeasure{Type: wt, Stat: stat},
			}
			switch stat {
			case report.Outstanding:
				m.Name = wt.Name + ": outstanding"
				m.Description = fmt.Sprintf("Items of %s open at the end of the month.", wt.Name)
			case report.Upcoming:
				m.Name = wt.Name + fmt.Sprintf(": due in the next %d days", upcoming)
				m.Description = fmt.Sprintf("Items of %s open at the end of the month and due within the next %d days.", wt.Name, upcoming)
			case report.Overdue:
				m.Name = wt.Name + ": overdue"
				m.Description = fmt.Sprintf("Items of %s open at the end of the month and past their due date.", wt.Name)
				m.Direction = report.Down
			case report.Opened:
				m.Name = wt.Name + ": opened"
				m.Description = fmt.Sprintf("Items of %s opened during the month.", wt.Name)
				m.Kind = report.Flow
			case report.Completed:
				m.Name = wt.Name + ": completed"
				m.Description = fmt.Sprintf("Items of %s completed during the month.", wt.Name)
				m.Kind = report.Flow
				m.Category = report.Effectiveness
			case report.OnTime:
				m.Name = wt.Name + ": completed on time"
				m.Description = fmt.Sprintf("Of the items of %s completed during the month that had a due date, the share completed by it.", wt.Name)
				m.UnitOfMeasure, m.Kind, m.Aggregate, m.Direction = report.Percent, report.Rate, report.Ratio, report.Up
				m.Decimals, m.Scale = 1, 100
				m.Category = report.Effectiveness
				m.Numerator, m.Denominator = "Completed by the due date", "Completed with a due date"
			}
			ms = append(ms, m)
		}
	}
	return ms
}
