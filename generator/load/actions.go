package load

import (
	"github.com/primed/primed/generator/load/diag"

	"io/fs"

	"go.yaml.in/yaml/v3"

	"github.com/primed/primed/generator/report"
)

// actions reads actions.yaml: what meetings agreed, who owns it and where it stands.
func actions(fsys fs.FS, idx *index, e *diag.List) []report.Action {
	d, root := parseYAML(fsys, "actions.yaml", true, e)
	if root == nil {
		return nil
	}
	var list []report.Action
	seen := map[string]diag.Pos{}
	d.sequence(root, "actions", func(n *yaml.Node) {
		var a report.Action
		var pos diag.Pos
		var unit, measure ref
		var status string
		var closedNode *yaml.Node
		d.mapping(n, fields{
			"id":      d.str(&a.ID),
			"unit":    d.ref(&unit),
			"meeting": d.str(&a.Meeting),
			"raised":  d.date(&a.Raised),
			"owner":   d.str(&a.Owner),
			"due":     d.date(&a.Due),
			"status":  d.oneOf(&status, "open", "done", "dropped"),
			"closed": func(n *yaml.Node) {
				closedNode = n
				d.date(&a.Closed)(n)
			},
			"text":    d.str(&a.Text),
			"measure": d.ref(&measure),
		}, "id", "unit", "raised", "owner", "status", "text")
		pos = d.pos(n)
		if a.ID == "" {
			return
		}
		if first, dup := seen[a.ID]; dup {
			d.errorf(n, "action %q declared twice (first at %s)", a.ID, first)
			return
		}
		seen[a.ID] = pos
		ok := true
		if a.Unit = idx.units[unit.id]; a.Unit == nil && unit.id != "" {
			e.Add(unit.pos, "unknown unit %q", unit.id)
			ok = false
		}
		if measure.id != "" {
			if a.Measure = idx.measures[measure.id]; a.Measure == nil {
				e.Add(measure.pos, "unknown measure %q", measure.id)
				ok = false
			}
		}
		a.Status = report.Status(status)
		switch {
		case a.Status != report.Open && a.Closed.IsZero() && status != "":
			d.errorf(n, "action %q is %s but has no closed date", a.ID, status)
			ok = false
		case a.Status == report.Open && closedNode != nil:
			d.errorf(closedNode, "action %q is open but has a closed date", a.ID)
			ok = false
		case !a.Closed.IsZero() && a.Closed.Before(a.Raised):
			d.errorf(closedNode, "action %q closed before it was raised", a.ID)
			ok = false
		}
		if ok && a.Unit != nil {
			list = append(list, a)
		}
	})
	return list
}
