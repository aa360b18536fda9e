package load

import (
	"errors"
	"io/fs"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/primed/primed/generator/load/diag"
	"github.com/primed/primed/generator/load/yamldoc"
)

// doc reads one YAML file of the report folder, with load's own readers
// beside yamldoc's.
type doc struct{ *yamldoc.Doc }

// parseYAML reads the file name from fsys. A missing file gives a nil node
// and no problem when optional is set.
// elsewhere says where the keys that have one place in a report folder's
// files go, for a newcomer who puts one in another. Keys with more than
// one place (id, name, unit, level, from, to) are not among them.
var elsewhere = yamldoc.Misplaced{
	"title":         "it is a setting at the top of primed.yaml",
	"organisation":  "it is a setting at the top of primed.yaml",
	"ambition":      "it is a setting at the top of primed.yaml",
	"objectives":    "it is a setting at the top of primed.yaml",
	"year_start":    "it is a setting at the top of primed.yaml",
	"suppression":   "it is a setting at the top of primed.yaml",
	"colour":        "it is a setting at the top of primed.yaml",
	"upcoming_days": "it is a setting at the top of primed.yaml",
	"history":       "it is a setting at the top of primed.yaml",
	"overspend":     "it is a setting at the top of primed.yaml",
	"base_url":      "it is a setting at the top of primed.yaml",
	"spc":           "it is a setting at the top of primed.yaml",
	"sources":       "it is a setting at the top of primed.yaml",
	"levels":        "it goes at the top of org.yaml",
	"units":         "it goes at the top of org.yaml",
	"comparators":   "it goes at the top of org.yaml",
	"parent":        "it belongs to a unit, under units: in org.yaml",
	"manager":       "it belongs to a unit, under units: in org.yaml",
	"staff":         "it belongs to a unit, under units: in org.yaml",
	"members":       "it belongs to a comparator, under comparators: in org.yaml",
	"frequency":     "it belongs to a measure, in measures.yaml",
	"direction":     "it belongs to a measure, in measures.yaml",
	"aggregate":     "it belongs to a measure, in measures.yaml",
	"kind":          "it belongs to a measure, in measures.yaml",
	"decimals":      "it belongs to a measure, in measures.yaml",
	"numerator":     "it belongs to a measure, in measures.yaml",
	"denominator":   "it belongs to a measure, in measures.yaml",
	"rebase":        "it belongs to a measure, in measures.yaml",
	"target":        "it belongs to a target, in targets.yaml",
	"tolerance":     "it belongs to a target, in targets.yaml",
}

func parseYAML(fsys fs.FS, name string, optional bool, e *diag.List) (doc, *yaml.Node) {
	d := doc{yamldoc.New(name, e)}
	d.Elsewhere = elsewhere
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		if !optional || !isNotExist(err) {
			e.Add(diag.Pos{File: name}, "cannot read: %v", unwrapPathError(err))
		}
		return d, nil
	}
	if !checkText(name, src, e) {
		return d, nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		d.Syntax(err)
		return d, nil
	}
	if !d.Resolve(&root) {
		return d, nil
	}
	if len(root.Content) == 0 || isEmptyNode(root.Content[0]) {
		if !optional {
			e.Add(diag.Pos{File: name}, "the file is empty; expected %s", holds[name])
		}
		return d, nil
	}
	return d, root.Content[0]
}

// holds says what each required file must hold, for the message when it is empty.
var holds = map[string]string{
	"primed.yaml":   "the site's settings, at least its title",
	"org.yaml":      "the levels and units of the organisation",
	"measures.yaml": "a list of measures",
}

// isEmptyNode reports whether a document holds nothing: only comments, or a null.
func isEmptyNode(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// ref is an id written in one file that must name something defined in another.
type ref struct {
	id  string
	pos diag.Pos
}

func (d *doc) ref(p *ref) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if s, ok := d.Scalar(n, "an id"); ok {
			*p = ref{strings.TrimSpace(s), d.Pos(n)}
		}
	}
}

func (r ref) String() string { return r.id }

func unwrapPathError(err error) error {
	if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
