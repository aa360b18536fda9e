package load

import (
	"io/fs"

	"go.yaml.in/yaml/v3"

	"github.com/primed/primed/generator/load/diag"
	"github.com/primed/primed/generator/load/yamldoc"
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
	d.Sequence(root, "actions", func(n *yaml.Node) {
		var a report.Action
		var pos diag.Pos
		var unit, measure ref
		var status string
		var closedNode *yaml.Node
		d.Mapping(n, yamldoc.Fields{
			"id":      d.Str(&a.ID),
			"unit":    d.ref(&unit),
			"meeting": d.Str(&a.Meeting),
			"raised":  d.Date(&a.Raised),
			"owner":   d.Str(&a.Owner),
			"due":     d.Date(&a.Due),
			"status":  d.OneOf(&status, "open", "done", "dropped"),
			"closed": func(n *yaml.Node) {
				closedNode = n
				d.Date(&a.Closed)(n)
			},
			"text":    d.Str(&a.Text),
			"measure": d.ref(&measure),
		}, "id", "unit", "raised", "owner", "status", "text")
		pos = d.Pos(n)
		if a.ID == "" {
			return
		}
		if first, dup := seen[a.ID]; dup {
			d.Errorf(n, "action %q declared twice (first at %s)", a.ID, first)
			return
		}
		seen[a.ID] = pos
		ok := true
		if a.Unit = idx.units[unit.id]; a.Unit == nil && unit.id != "" {
			e.Add(unit.pos, "unknown unit %q", unit.id)
			ok = false
		} else if a.Unit != nil && a.Unit.Comparator {
			e.Add(unit.pos, "%q is a comparator, which has no actions; name a unit of the tree", unit.id)
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
			d.Errorf(n, "action %q is %s but has no closed date", a.ID, status)
			ok = false
		case a.Status == report.Open && closedNode != nil:
			d.Errorf(closedNode, "action %q is open but has a closed date", a.ID)
			ok = false
		case !a.Closed.IsZero() && a.Closed.Before(a.Raised):
			d.Errorf(closedNode, "action %q closed before it was raised", a.ID)
			ok = false
		}
		if ok && a.Unit != nil {
			list = append(list, a)
		}
	})
	return list
}
