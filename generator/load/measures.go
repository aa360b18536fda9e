package load

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/primed/primed/generator/load/diag"
	"github.com/primed/primed/generator/load/yamldoc"
	"github.com/primed/primed/generator/report"
)

// measures reads measures.yaml: a list of measure definitions.
//
// known holds primed.yaml's objectives; nil when primed.yaml could not be
// read, and then no objective is reported as unknown for that.
//
// ok is false when the file could not be read at all. A report of finance
// or work items alone needs no measures.yaml: without one, there are no
// measures of its own.
func measures(fsys fs.FS, known map[string]bool, units map[string]*report.Unit, e *diag.List) (list []*report.Measure, ok bool) {
	if _, err := fs.Stat(fsys, "measures.yaml"); isNotExist(err) {
		return nil, true
	}
	d, root := parseYAML(fsys, "measures.yaml", false, e)
	if root == nil {
		return nil, false
	}
	seen := map[string]diag.Pos{}
	d.Sequence(root, "measures", func(n *yaml.Node) {
		m := &report.Measure{}
		var pos diag.Pos
		var unit, direction, kind, aggregate, category, frequency string
		var objective ref
		scale := 0.0
		d.Mapping(n, yamldoc.Fields{
			"id":          d.folderID(&m.ID, &pos, false),
			"name":        d.Str(&m.Name),
			"description": d.Str(&m.Description),
			"unit":        d.OneOf(&unit, "count", "percent", "currency", "days", "number"),
			"decimals":    d.Int(&m.Decimals),
			"direction":   d.OneOf(&direction, "up", "down", "none"),
			"kind":        d.OneOf(&kind, "flow", "stock", "rate"),
			"aggregate":   d.OneOf(&aggregate, "sum", "mean", "ratio", "min", "max", "last"),
			"numerator":   d.Str(&m.Numerator),
			"denominator": d.Str(&m.Denominator),
			"scale":       d.Float(&scale),
			"category":    d.OneOf(&category, "workload", "effectiveness", "finance", "quality", "outcome"),
			"objective":   d.ref(&objective),
			"frequency":   d.OneOf(&frequency, "month", "quarter", "year"),
			"rebase": func(n *yaml.Node) {
				d.Sequence(n, "rebase months", func(n *yaml.Node) {
					var r report.Rebase
					var unit ref
					d.Mapping(n, yamldoc.Fields{
						"period": d.Period(&r.Period),
						"unit":   d.ref(&unit),
						"note":   d.Str(&r.Note),
					}, "period")
					if unit.id != "" {
						if r.Unit = units[unit.id]; r.Unit == nil {
							e.Add(unit.pos, "unknown unit %q", unit.id)
						}
					}
					m.Rebase = append(m.Rebase, r)
				})
			},
		}, "id", "name", "unit", "direction", "kind", "aggregate", "category")
		if m.ID == "" {
			return
		}
		if prev, dup := seen[m.ID]; dup {
			e.Add(pos, "measure %q declared twice (first at %s)", m.ID, prev)
			return
		}
		seen[m.ID] = pos
		m.UnitOfMeasure = report.UnitOfMeasure(unit)
		m.Direction = report.Direction(direction)
		m.Kind = report.Kind(kind)
		m.Aggregate = report.Aggregate(aggregate)
		m.Category = report.Category(category)
		m.Frequency = report.Monthly
		if frequency != "" {
			m.Frequency = report.Frequency(frequency)
		}
		if m.Decimals < 0 || m.Decimals > 6 {
			d.Errorf(n, "measure %q: decimals must be 0 to 6", m.ID)
		}
		if objective.id != "" {
			if known != nil && !known[objective.id] {
				e.Add(objective.pos, "unknown objective %q; primed.yaml declares the objectives", objective.id)
			}
			m.Objective = objective.id
		}
		m.Scale = scale
		if m.Scale == 0 {
			m.Scale = 1
			if m.UnitOfMeasure == report.Percent {
				m.Scale = 100
			}
		}
		list = append(list, m)
	})
	return list, true
}

// targetSource is a target as targets.yaml writes it, before ids are linked.
type targetSource struct {
	pos       diag.Pos
	measure   ref
	level     ref
	unit      ref
	target    report.Target
	tolerance string
	tolPos    diag.Pos
}

// targets reads targets.yaml and links each target to its measure, level and unit.
func targets(fsys fs.FS, idx *index, e *diag.List) []report.Target {
	d, root := parseYAML(fsys, "targets.yaml", true, e)
	if root == nil {
		return nil
	}
	var list []report.Target
	d.Sequence(root, "targets", func(n *yaml.Node) {
		s := targetSource{pos: d.Pos(n)}
		s.target.LevelIndex = -1
		d.Mapping(n, yamldoc.Fields{
			"measure": d.ref(&s.measure),
			"level":   d.ref(&s.level),
			"unit":    d.ref(&s.unit),
			"from":    d.Span(&s.target.Range.From, nil, idx.yearStart),
			"to":      d.Span(nil, &s.target.Range.To, idx.yearStart),
			"target":  d.Float(&s.target.Value),
			"tolerance": func(n *yaml.Node) {
				if v, ok := d.Scalar(n, "a number or a percentage such as 5%"); ok {
					s.tolerance, s.tolPos = v, d.Pos(n)
				}
			},
		}, "measure", "target")
		t := s.target
		ok := true
		if s.measure.id != "" {
			if t.Measure = idx.measures[s.measure.id]; t.Measure == nil {
				e.Add(s.measure.pos, "unknown measure %q", s.measure.id)
				ok = false
			}
		}
		if s.level.id != "" {
			li, found := idx.levels[s.level.id]
			if !found {
				e.Add(s.level.pos, "unknown level %q", s.level.id)
				ok = false
			}
			t.LevelIndex = li
		}
		if s.unit.id != "" {
			if t.Unit = idx.units[s.unit.id]; t.Unit == nil {
				e.Add(s.unit.pos, "unknown unit %q", s.unit.id)
				ok = false
			} else if t.Unit.Comparator {
				e.Add(s.unit.pos, "%q is a comparator, which has no targets: it is compared with, not rated", s.unit.id)
				ok = false
			}
		}
		if !t.Range.From.IsZero() && !t.Range.To.IsZero() && t.Range.To < t.Range.From {
			d.Errorf(n, "target period ends (%s) before it starts (%s)", t.Range.To, t.Range.From)
			ok = false
		}
		if s.tolerance != "" {
			v, pct, err := parseTolerance(s.tolerance)
			if err != nil {
				e.Add(s.tolPos, "%v", err)
				ok = false
			}
			t.Tolerance, t.TolerancePercent = v, pct
		}
		if ok && t.Measure != nil {
			list = append(list, t)
		}
	})
	return list
}

// parseTolerance reads an amber tolerance: an amount ("5") or a share of
// the target ("10%").
func parseTolerance(s string) (float64, bool, error) {
	t, pct := strings.CutSuffix(strings.TrimSpace(s), "%")
	v, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	if err != nil || v < 0 || !(v <= report.MaxMagnitude) {
		return 0, false, fmt.Errorf("expected a tolerance as a number or a percentage such as 5%%, found %q", s)
	}
	return v, pct, nil
}
