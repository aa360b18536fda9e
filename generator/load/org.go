package load

import (
	"io/fs"
	"net/mail"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/primed/primed/generator/load/diag"
	"github.com/primed/primed/generator/load/yamldoc"
	"github.com/primed/primed/generator/report"
)

func (d *doc) id(p *string, p2 *diag.Pos) func(*yaml.Node) {
	return func(n *yaml.Node) {
		s, ok := d.Scalar(n, "an id")
		if !ok {
			return
		}
		if !report.IsID(s) {
			d.Errorf(n, "id %q must be lower-case letters, digits, '-' and '_', starting with a letter or digit", s)
			return
		}
		*p = s
		if p2 != nil {
			*p2 = d.Pos(n)
		}
	}
}

// folderID is an id that names a folder in the site: a unit's or a
// measure's. It must not collide with the site's own folders or with a
// name Windows cannot hold.
func (d *doc) folderID(p *string, p2 *diag.Pos, unit bool) func(*yaml.Node) {
	read := d.id(p, p2)
	return func(n *yaml.Node) {
		read(n)
		if why := report.ReservedID(*p, unit); *p != "" && why != "" {
			d.Errorf(n, "id %q cannot be used: %s", *p, why)
		}
	}
}

// emailPattern is the plain address a mailto: link can carry as it is:
// nothing that would add a header (?cc=), a second address or a scheme.
var emailPattern = regexp.MustCompile(`^[A-Za-z0-9._'+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$`)

// email reads a manager's address: one plain address, as net/mail reads it.
func (d *doc) email(p *string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		s, ok := d.Scalar(n, "an email address")
		if !ok {
			return
		}
		s = strings.TrimSpace(s)
		a, err := mail.ParseAddress(s)
		if err != nil || a.Name != "" || a.Address != s || !emailPattern.MatchString(s) {
			d.Errorf(n, "expected an email address such as name@council.gov.uk, found %q", s)
			return
		}
		*p = s
	}
}

// unitSource is a unit as org.yaml declares it, before the tree is linked.
type unitSource struct {
	unit   *report.Unit
	pos    diag.Pos
	level  ref
	parent ref
	placed bool // its level is known
}

// org reads org.yaml: the levels and the unit tree. It links parents to
// children and reports unknown parents, cycles and misplaced levels.
//
// It returns the units in tree order from the top, and every declared unit
// by id, including any cut off from the tree by a problem, so that files
// naming them do not report them again as unknown.
//
// Comparators are returned apart, and are among the units by id. The
// members of each comparator that is a group are returned as written, to
// be linked once sources have created the units they may name.
func org(fsys fs.FS, e *diag.List) (levels []report.Level, units []*report.Unit, all map[string]*report.Unit, comparators []*report.Unit, members map[*report.Unit][]ref) {
	d, root := parseYAML(fsys, "org.yaml", false, e)
	if root == nil {
		return nil, nil, nil, nil, nil
	}
	var levelPos []diag.Pos
	var sources, others []*unitSource
	d.Mapping(root, yamldoc.Fields{
		"levels": func(n *yaml.Node) {
			d.Sequence(n, "levels", func(n *yaml.Node) {
				var l report.Level
				var pos diag.Pos
				d.Mapping(n, yamldoc.Fields{"id": d.id(&l.ID, &pos), "name": d.Str(&l.Name)}, "id", "name")
				if l.ID != "" {
					levels = append(levels, l)
					levelPos = append(levelPos, pos)
				}
			})
		},
		"units": func(n *yaml.Node) {
			d.Sequence(n, "units", func(n *yaml.Node) {
				u := &report.Unit{}
				s := &unitSource{unit: u, pos: d.Pos(n)}
				d.Mapping(n, yamldoc.Fields{
					"id":     d.folderID(&u.ID, &s.pos, true),
					"name":   d.Str(&u.Name),
					"level":  d.ref(&s.level),
					"parent": d.ref(&s.parent),
					"manager": func(n *yaml.Node) {
						d.Mapping(n, yamldoc.Fields{"name": d.Str(&u.Manager.Name), "email": d.email(&u.Manager.Email)})
					},
					"staff": d.Float(&u.Staff),
					"from":  d.Period(&u.Active.From),
					"to":    d.Period(&u.Active.To),
				}, "id", "name", "level")
				if u.ID != "" {
					sources = append(sources, s)
				}
			})
		},
		"comparators": func(n *yaml.Node) {
			d.Sequence(n, "comparators", func(n *yaml.Node) {
				u := &report.Unit{LevelIndex: -1, Comparator: true}
				s := &unitSource{unit: u, pos: d.Pos(n)}
				var group []ref
				d.Mapping(n, yamldoc.Fields{
					"id":   d.id(&u.ID, &s.pos),
					"name": d.Str(&u.Name),
					"members": func(n *yaml.Node) {
						d.Sequence(n, "members", func(n *yaml.Node) {
							var r ref
							d.ref(&r)(n)
							if r.id != "" {
								group = append(group, r)
							}
						})
					},
				}, "id", "name")
				if u.ID != "" {
					others = append(others, s)
					if len(group) > 0 {
						if members == nil {
							members = map[*report.Unit][]ref{}
						}
						members[u] = group
					}
				}
			})
		},
	}, "levels", "units")

	if len(levels) < 2 || len(levels) > 6 {
		d.Errorf(root, "expected 2 to 6 levels, found %d", len(levels))
	}
	levelIndex := map[string]int{}
	for i, l := range levels {
		if _, dup := levelIndex[l.ID]; dup {
			e.Add(levelPos[i], "level %q declared twice", l.ID)
		}
		levelIndex[l.ID] = i
	}

	byID := map[string]*unitSource{}
	for _, s := range sources {
		if prev, dup := byID[s.unit.ID]; dup {
			e.Add(s.pos, "unit %q declared twice (first at %s)", s.unit.ID, prev.pos)
			continue
		}
		byID[s.unit.ID] = s
		if li, ok := levelIndex[s.level.id]; ok {
			s.unit.LevelIndex, s.placed = li, true
		} else if s.level.id != "" {
			e.Add(s.level.pos, "unknown level %q", s.level.id)
		}
	}

	var roots []*unitSource
	for _, s := range sources {
		if byID[s.unit.ID] != s {
			continue
		}
		if s.parent.id == "" {
			roots = append(roots, s)
			continue
		}
		p, ok := byID[s.parent.id]
		if !ok {
			e.Add(s.parent.pos, "unknown parent unit %q", s.parent.id)
			continue
		}
		if s.placed && p.placed && p.unit.LevelIndex >= s.unit.LevelIndex {
			e.Add(s.level.pos, "unit %q is at level %q but its parent %q is at level %q; a unit must sit below its parent",
				s.unit.ID, levels[s.unit.LevelIndex].ID, p.unit.ID, levels[p.unit.LevelIndex].ID)
		}
		s.unit.Parent = p.unit
		p.unit.Children = append(p.unit.Children, s.unit)
	}

	// A unit whose chain of parents comes back on itself is in a cycle.
	for _, s := range sources {
		seen := map[*report.Unit]bool{}
		for u := s.unit; u != nil; u = u.Parent {
			seen[u] = true
			if u.Parent != nil && seen[u.Parent] {
				c := byID[u.ID]
				e.Add(c.parent.pos, "unit %q is its own ancestor: its parents form a cycle", u.ID)
				u.Parent = nil // break the cycle so later steps terminate
				break
			}
		}
	}

	switch {
	case len(sources) == 0:
		d.Errorf(root, "no units declared")
	case len(roots) == 0:
		d.Errorf(root, "no top unit: every unit has a parent")
	case len(roots) > 1:
		for _, r := range roots[1:] {
			e.Add(r.pos, "unit %q has no parent, but %q is already the top unit; give it a parent", r.unit.ID, roots[0].unit.ID)
		}
	}
	if len(roots) > 0 && roots[0].placed && roots[0].unit.LevelIndex != 0 {
		e.Add(roots[0].level.pos, "the top unit %q must be at the first level %q", roots[0].unit.ID, levels[0].ID)
	}

	if len(roots) > 0 {
		var walk func(u *report.Unit)
		walk = func(u *report.Unit) {
			units = append(units, u)
			for _, c := range u.Children {
				walk(c)
			}
		}
		walk(roots[0].unit)
	}
	all = make(map[string]*report.Unit, len(byID)+len(others))
	for id, s := range byID {
		all[id] = s.unit
	}
	for _, s := range others {
		if prev, dup := byID[s.unit.ID]; dup {
			e.Add(s.pos, "comparator %q has the id of the unit or comparator declared at %s; give it an id of its own", s.unit.ID, prev.pos)
			continue
		}
		byID[s.unit.ID] = s
		all[s.unit.ID] = s.unit
		comparators = append(comparators, s.unit)
	}
	return levels, units, all, comparators, members
}

// linkMembers links each group comparator to its members: units of the
// tree, as org.yaml declares them or sources create them.
func linkMembers(members map[*report.Unit][]ref, units map[string]*report.Unit, e *diag.List) {
	for c, refs := range members {
		seen := map[*report.Unit]bool{}
		for _, r := range refs {
			u := units[r.id]
			switch {
			case u == nil:
				e.Add(r.pos, "unknown unit %q among the members of %q", r.id, c.ID)
			case u.Comparator:
				e.Add(r.pos, "%q is a comparator; a group's members are units of the tree", r.id)
			case seen[u]:
				e.Add(r.pos, "unit %q is a member of %q twice", r.id, c.ID)
			default:
				seen[u] = true
				c.Members = append(c.Members, u)
			}
		}
	}
}
