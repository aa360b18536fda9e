package load

import (
	"github.com/primed/primed/generator/load/diag"

	"errors"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/primed/primed/generator/report"
)

// doc reads one YAML file node by node, so that every value keeps its
// line and column and a misspelt key is a problem, not silence.
type doc struct {
	file string
	errs *diag.List
}

// parseYAML reads the file name from fsys. A missing file gives a nil node
// and no problem when optional is set.
func parseYAML(fsys fs.FS, name string, optional bool, e *diag.List) (*doc, *yaml.Node) {
	d := &doc{file: name, errs: e}
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
		d.syntax(err)
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

// syntax turns a yaml.v3 syntax error ("yaml: line 3: ...") into a problem.
func (d *doc) syntax(err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, tail, ok := strings.Cut(rest, ": "); ok {
			if l, err := strconv.Atoi(n); err == nil {
				line, msg = l, tail
			}
		}
	}
	d.errs.Add(diag.Pos{File: d.file, Line: line, Col: 1}, "invalid YAML: %s", msg)
}

func (d *doc) pos(n *yaml.Node) diag.Pos { return diag.At(d.file, n.Line, n.Column) }

func (d *doc) errorf(n *yaml.Node, format string, args ...any) {
	d.errs.Add(d.pos(n), format, args...)
}

// fields is the set of keys a mapping may hold, each with what to do with its value.
type fields map[string]func(*yaml.Node)

// mapping calls each field's function with its value, reports keys not in
// fs, and reports the required keys that are missing.
func (d *doc) mapping(n *yaml.Node, fs fields, required ...string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "expected a mapping of %s", strings.Join(sortedKeys(fs), ", "))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		f, ok := fs[k.Value]
		switch {
		case !ok:
			d.errorf(k, "unknown key %q; expected one of %s", k.Value, strings.Join(sortedKeys(fs), ", "))
		case seen[k.Value]:
			d.errorf(k, "key %q given twice", k.Value)
		default:
			seen[k.Value] = true
			if !isNull(v) {
				f(v)
			}
		}
	}
	for _, r := range required {
		if !seen[r] {
			d.errorf(n, "missing key %q", r)
		}
	}
}

// sequence calls f for each item of a sequence node.
func (d *doc) sequence(n *yaml.Node, what string, f func(*yaml.Node)) {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "expected a list of %s", what)
		return
	}
	for _, item := range n.Content {
		f(item)
	}
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

func sortedKeys(fs fields) []string {
	keys := make([]string, 0, len(fs))
	for k := range fs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (d *doc) scalar(n *yaml.Node, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, "expected %s", what)
		return "", false
	}
	return n.Value, true
}

func (d *doc) str(p *string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if s, ok := d.scalar(n, "text"); ok {
			*p = strings.TrimSpace(s)
		}
	}
}

func (d *doc) float(p *float64) func(*yaml.Node) {
	return func(n *yaml.Node) {
		s, ok := d.scalar(n, "a number")
		if !ok {
			return
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			d.errorf(n, "expected a number, found %q", s)
			return
		}
		if math.Abs(f) > MaxMagnitude {
			d.errorf(n, "%v", tooBig(s))
			return
		}
		*p = f
	}
}

func (d *doc) int(p *int) func(*yaml.Node) {
	return func(n *yaml.Node) {
		s, ok := d.scalar(n, "a whole number")
		if !ok {
			return
		}
		i, err := strconv.Atoi(s)
		if err != nil {
			d.errorf(n, "expected a whole number, found %q", s)
			return
		}
		*p = i
	}
}

func (d *doc) period(p *report.Period) func(*yaml.Node) {
	return func(n *yaml.Node) {
		s, ok := d.scalar(n, "a month as YYYY-MM")
		if !ok {
			return
		}
		per, err := report.ParsePeriod(s)
		if err != nil {
			d.errorf(n, "expected a month as YYYY-MM, found %q", s)
			return
		}
		*p = per
	}
}

func (d *doc) date(p *time.Time) func(*yaml.Node) {
	return func(n *yaml.Node) {
		s, ok := d.scalar(n, "a date as YYYY-MM-DD")
		if !ok {
			return
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			d.errorf(n, "expected a date as YYYY-MM-DD, found %q", s)
			return
		}
		*p = t
	}
}

// oneOf reads a scalar that must be one of choices.
func (d *doc) oneOf(p *string, choices ...string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		s, ok := d.scalar(n, "one of "+strings.Join(choices, ", "))
		if !ok {
			return
		}
		if !slices.Contains(choices, s) {
			d.errorf(n, "unknown value %q; expected one of %s", s, strings.Join(choices, ", "))
			return
		}
		*p = s
	}
}

// ref is an id written in one file that must name something defined in another.
type ref struct {
	id  string
	pos diag.Pos
}

func (d *doc) ref(p *ref) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if s, ok := d.scalar(n, "an id"); ok {
			*p = ref{strings.TrimSpace(s), d.pos(n)}
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
