// Package yamldoc reads a YAML document node by node, so that every value
// keeps its line and column, a misspelt key is a problem rather than
// silence, and every problem in a file is reported, not only the first.
package yamldoc

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/primed/primed/generator/load/diag"
	"github.com/primed/primed/generator/report"
)

// Doc is one YAML file being read.
type Doc struct {
	file     string
	problems *diag.List
	// Elsewhere says, for keys that belong in one place of a report
	// folder's files, where that is: an unknown key it knows is reported
	// with where it goes, wherever in the document it is found.
	Elsewhere Misplaced
}

// New reads file, reporting its problems to problems.
func New(file string, problems *diag.List) *Doc { return &Doc{file: file, problems: problems} }

// Syntax turns a yaml.v3 syntax error ("yaml: line 3: ...") into a problem.
func (d *Doc) Syntax(err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, tail, ok := strings.Cut(rest, ": "); ok {
			if l, err := strconv.Atoi(n); err == nil {
				line, msg = l, tail
			}
		}
	}
	d.problems.Add(diag.Pos{File: d.file, Line: line, Col: 1}, "invalid YAML: %s", msg)
}

// Count is how many problems have been reported so far, this file's and
// others': a reader compares two counts to tell whether a value read well.
func (d *Doc) Count() int { return d.problems.Len() }

// Pos is where node n is.
func (d *Doc) Pos(n *yaml.Node) diag.Pos { return diag.At(d.file, n.Line, n.Column) }

// Errorf reports a problem at node n.
func (d *Doc) Errorf(n *yaml.Node, format string, args ...any) {
	d.problems.Add(d.Pos(n), format, args...)
}

// Fields is the set of keys a mapping may hold, each with what to do with its value.
type Fields map[string]func(*yaml.Node)

// Mapping calls each field's function with its value, reports keys not in
// fs, and reports the required keys that are missing.
func (d *Doc) Mapping(n *yaml.Node, fs Fields, required ...string) {
	d.MappingOr(n, fs, nil, required...)
}

// Misplaced says, for each key that belongs somewhere else, where it goes.
type Misplaced map[string]string

// MappingOr is Mapping, with the message for an unknown key that
// misplaced knows saying where that key goes instead of listing the keys
// that may be here.
func (d *Doc) MappingOr(n *yaml.Node, fs Fields, misplaced Misplaced, required ...string) {
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "expected a mapping of %s", strings.Join(sortedKeys(fs), ", "))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		f, ok := fs[k.Value]
		switch {
		case !ok && misplaced[k.Value] != "":
			d.Errorf(k, "%s does not go here: %s", k.Value, misplaced[k.Value])
		case !ok && d.Elsewhere[k.Value] != "":
			d.Errorf(k, "%s does not go here: %s", k.Value, d.Elsewhere[k.Value])
		case !ok:
			d.Errorf(k, "unknown key %q; expected one of %s", k.Value, strings.Join(sortedKeys(fs), ", "))
		case seen[k.Value]:
			d.Errorf(k, "key %q given twice", k.Value)
		default:
			seen[k.Value] = true
			if !isNull(v) {
				f(v)
			}
		}
	}
	for _, r := range required {
		if !seen[r] {
			d.Errorf(n, "missing key %q", r)
		}
	}
}

// Sequence calls f for each item of a sequence node.
func (d *Doc) Sequence(n *yaml.Node, what string, f func(*yaml.Node)) {
	if n.Kind != yaml.SequenceNode {
		d.Errorf(n, "expected a list of %s", what)
		return
	}
	for _, item := range n.Content {
		f(item)
	}
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

func sortedKeys(fs Fields) []string {
	keys := make([]string, 0, len(fs))
	for k := range fs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Scalar returns a scalar node's value, reporting any other node as not
// what was expected.
func (d *Doc) Scalar(n *yaml.Node, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.Errorf(n, "expected %s", what)
		return "", false
	}
	return n.Value, true
}

// Str reads text, trimmed, into *p.
func (d *Doc) Str(p *string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if s, ok := d.Scalar(n, "text"); ok {
			*p = strings.TrimSpace(s)
		}
	}
}

// Float reads a number into *p, refusing one beyond report.MaxMagnitude.
func (d *Doc) Float(p *float64) func(*yaml.Node) {
	return func(n *yaml.Node) {
		s, ok := d.Scalar(n, "a number")
		if !ok {
			return
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			d.Errorf(n, "expected a number, found %q", s)
			return
		}
		if math.Abs(f) > report.MaxMagnitude {
			d.Errorf(n, "%v", report.TooLarge(s))
			return
		}
		*p = f
	}
}

// Int reads a whole number into *p.
func (d *Doc) Int(p *int) func(*yaml.Node) {
	return func(n *yaml.Node) {
		s, ok := d.Scalar(n, "a whole number")
		if !ok {
			return
		}
		i, err := strconv.Atoi(s)
		if err != nil {
			d.Errorf(n, "expected a whole number, found %q", s)
			return
		}
		*p = i
	}
}

// Period reads a month as YYYY-MM into *p.
func (d *Doc) Period(p *report.Period) func(*yaml.Node) {
	return func(n *yaml.Node) {
		s, ok := d.Scalar(n, "a month as YYYY-MM")
		if !ok {
			return
		}
		per, err := report.ParsePeriod(s)
		if err != nil {
			d.Errorf(n, "expected a month as YYYY-MM, found %q", s)
			return
		}
		*p = per
	}
}

// Span reads a month (2024-03), a financial year (2023-24) or a financial
// quarter (2024-25 Q3), for a financial year starting in month start, and
// sets *from and *to to its first and last months: a range's start takes
// from, and its end takes to.
func (d *Doc) Span(from, to *report.Period, start time.Month) func(*yaml.Node) {
	return func(n *yaml.Node) {
		s, ok := d.Scalar(n, "a month as YYYY-MM, a financial year or a quarter")
		if !ok {
			return
		}
		last, f, err := report.ParseLabel(s, start)
		if err != nil {
			d.Errorf(n, "%v", err)
			return
		}
		if from != nil {
			*from = last.Add(1 - f.Months())
		}
		if to != nil {
			*to = last
		}
	}
}

// Date reads a date as YYYY-MM-DD into *p.
func (d *Doc) Date(p *time.Time) func(*yaml.Node) {
	return func(n *yaml.Node) {
		s, ok := d.Scalar(n, "a date as YYYY-MM-DD")
		if !ok {
			return
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			d.Errorf(n, "expected a date as YYYY-MM-DD, found %q", s)
			return
		}
		*p = t
	}
}

// OneOf reads a scalar that must be one of choices.
func (d *Doc) OneOf(p *string, choices ...string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		s, ok := d.Scalar(n, "one of "+strings.Join(choices, ", "))
		if !ok {
			return
		}
		if !slices.Contains(choices, s) {
			d.Errorf(n, "unknown value %q; expected one of %s", s, strings.Join(choices, ", "))
			return
		}
		*p = s
	}
}

// Enum reads a scalar that must be one of names into *p, as its index in
// names: the one place where each of primed's enumerations is read.
func Enum[T ~uint8](d *Doc, p *T, names []string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		s, ok := d.Scalar(n, "one of "+strings.Join(names, ", "))
		if !ok {
			return
		}
		i := slices.Index(names, s)
		if i < 0 {
			d.Errorf(n, "unknown value %q; expected one of %s", s, strings.Join(names, ", "))
			return
		}
		*p = T(i)
	}
}
