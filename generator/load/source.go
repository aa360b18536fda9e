package load

import (
	"github.com/primed/primed/generator/load/diag"

	"regexp"

	"go.yaml.in/yaml/v3"

	"github.com/primed/primed/generator/report"
)

// source is one declaration under sources: in primed.yaml: how to read
// files that a finance or case management system exported, as they are,
// into figures or finance.
type source struct {
	pos      diag.Pos
	files    string // a glob within the report folder
	into     string // data or finance
	shape    string // long, wide, units_as_columns, transactions
	encoding string // utf-8 or windows-1252
	clean    bool   // C1 control characters read as Windows-1252, no-break spaces as spaces

	headerRow int // the CSV record that holds the header, counting from 1
	fromRow   int // the first and last records to read; 0: from the header on, to the end
	toRow     int

	period   periodRule
	unit     unitRule
	category columnRule
	measure  columnRule
	measures map[string]string // wide: measure id → column name
	columns  *regexp.Regexp    // units_as_columns: the header cells that are units
	value    valueRule         // long, wide, units_as_columns
	actual   valueRule         // transactions
	budget   valueRule         // transactions
	keep     map[string][]string
	drop     map[string][]string
	missing  []string
}

// periodRule says where a row's month comes from.
type periodRule struct {
	column string
	format string // YYYY-MM-DD, DD/MM/YYYY, DD-MON-YYYY, YYYY-MM, MM/YYYY, or YYYY-YY for a financial year
	value  report.Period
	year   string // a financial year such as 2023-24, for the whole file
	month  string // which month of a financial year: end (default) or start
	pos    diag.Pos
}

// unitRule says how a value in the source names a unit.
type unitRule struct {
	column      string
	nameColumn  string            // for created units
	split       string            // "102 - Cumbria": the id before it, the name after
	lookup      map[string]string // normalised source value → unit id
	unmapped    string            // error, skip or unallocated
	unallocated string            // the unit that takes unmapped rows
	create      string            // the parent under which unknown values become new units
	pos         diag.Pos
}

// columnRule reads a text value: from a column, through an optional lookup.
type columnRule struct {
	column   string
	columns  []string // several columns whose values, joined with " / ", make the value
	value    string   // a constant instead of a column
	before   string   // keep only the part before this
	lookup   map[string]string
	unmapped string // error, skip, or the value to use
	missing  string // the value for an empty or missing cell
	pos      diag.Pos
}

// valueRule reads a number.
type valueRule struct {
	column string
	scale  float64
	pos    diag.Pos
}

func (d *doc) strings(p *[]string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode {
			*p = append(*p, n.Value)
			return
		}
		d.sequence(n, "values", func(n *yaml.Node) {
			if s, ok := d.scalar(n, "a value"); ok {
				*p = append(*p, s)
			}
		})
	}
}

func (d *doc) lookup(p *map[string]string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if n.Kind != yaml.MappingNode {
			d.errorf(n, "expected a mapping of source values to ids")
			return
		}
		*p = map[string]string{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if s, ok := d.scalar(v, "an id"); ok {
				(*p)[normalise(k.Value)] = s
			}
		}
	}
}

func (d *doc) filter(p *map[string][]string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if n.Kind != yaml.MappingNode {
			d.errorf(n, "expected a mapping of column names to the values to match")
			return
		}
		*p = map[string][]string{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			var vals []string
			d.strings(&vals)(n.Content[i+1])
			(*p)[normalise(n.Content[i].Value)] = vals
		}
	}
}

func (d *doc) column(c *columnRule) func(*yaml.Node) {
	return func(n *yaml.Node) {
		c.pos = d.pos(n)
		if n.Kind == yaml.ScalarNode {
			c.column = n.Value
			return
		}
		d.mapping(n, fields{
			"column":   d.str(&c.column),
			"columns":  d.strings(&c.columns),
			"value":    d.str(&c.value),
			"before":   func(n *yaml.Node) { c.before = n.Value },
			"lookup":   d.lookup(&c.lookup),
			"unmapped": d.str(&c.unmapped),
			"missing":  d.str(&c.missing),
		})
	}
}

func (d *doc) number(v *valueRule) func(*yaml.Node) {
	return func(n *yaml.Node) {
		v.pos = d.pos(n)
		if n.Kind == yaml.ScalarNode {
			v.column = n.Value
			return
		}
		d.mapping(n, fields{"column": d.str(&v.column), "scale": d.float(&v.scale)}, "column")
	}
}

// sources reads the sources: list of primed.yaml.
func (d *doc) sources(n *yaml.Node, list *[]*source) {
	d.sequence(n, "sources", func(n *yaml.Node) {
		s := &source{pos: d.pos(n), encoding: "utf-8", clean: true, headerRow: 1, shape: "long"}
		var columns string
		d.mapping(n, fields{
			"files":    d.str(&s.files),
			"into":     d.oneOf(&s.into, "data", "finance"),
			"shape":    d.oneOf(&s.shape, "long", "wide", "units_as_columns", "transactions"),
			"encoding": d.oneOf(&s.encoding, "utf-8", "windows-1252"),
			"clean": func(n *yaml.Node) {
				s.clean = n.Value != "false"
			},
			"header_row": d.int(&s.headerRow),
			"rows": func(n *yaml.Node) {
				d.mapping(n, fields{"from": d.int(&s.fromRow), "to": d.int(&s.toRow)})
			},
			"period": func(n *yaml.Node) {
				s.period.pos = d.pos(n)
				if n.Kind == yaml.ScalarNode {
					d.period(&s.period.value)(n)
					return
				}
				d.mapping(n, fields{
					"column": d.str(&s.period.column),
					"format": d.str(&s.period.format),
					"value":  d.period(&s.period.value),
					"year":   d.str(&s.period.year),
					"month":  d.oneOf(&s.period.month, "start", "end"),
				})
			},
			"unit": func(n *yaml.Node) {
				u := &s.unit
				u.pos = d.pos(n)
				if n.Kind == yaml.ScalarNode {
					u.column = n.Value
					return
				}
				d.mapping(n, fields{
					"column":      d.str(&u.column),
					"name_column": d.str(&u.nameColumn),
					"split":       func(n *yaml.Node) { u.split = n.Value },
					"lookup":      d.lookup(&u.lookup),
					"unmapped":    d.oneOf(&u.unmapped, "error", "skip", "unallocated"),
					"unallocated": d.str(&u.unallocated),
					"create":      d.str(&u.create),
				})
			},
			"category": d.column(&s.category),
			"measure":  d.column(&s.measure),
			"measures": d.lookup(&s.measures),
			"unit_columns": func(n *yaml.Node) {
				if v, ok := d.scalar(n, "a pattern"); ok {
					columns = v
					re, err := regexp.Compile(v)
					if err != nil {
						d.errorf(n, "unit_columns: %v", err)
						return
					}
					s.columns = re
				}
			},
			"value":   d.number(&s.value),
			"actual":  d.number(&s.actual),
			"budget":  d.number(&s.budget),
			"keep":    d.filter(&s.keep),
			"drop":    d.filter(&s.drop),
			"missing": d.strings(&s.missing),
		}, "files", "into")
		d.checkSource(n, s, columns)
		*list = append(*list, s)
	})
}

// checkSource reports the declarations a shape needs and lacks.
func (d *doc) checkSource(n *yaml.Node, s *source, columns string) {
	need := func(ok bool, what string) {
		if !ok {
			d.errorf(n, "a %s source into %s needs %s", s.shape, s.into, what)
		}
	}
	if s.into == "finance" && s.shape != "transactions" {
		d.errorf(n, "a source into finance has shape transactions (one row per payment or per line), not %s", s.shape)
	}

	need(s.period.column != "" || s.period.value != 0 || s.period.year != "", "period: a column, a value (YYYY-MM) or a year (2023-24)")
	switch s.shape {
	case "long":
		need(s.unit.column != "", "unit: the column that names the unit")
		need(s.measure.column != "" || len(s.measure.columns) > 0 || s.measure.value != "", "measure: the column that names the measure")
		need(s.value.column != "", "value: the column of figures")
	case "wide":
		need(s.unit.column != "", "unit: the column that names the unit")
		need(len(s.measures) > 0, "measures: each measure id with its column")
	case "units_as_columns":
		need(s.columns != nil || columns != "", "unit_columns: a pattern matching the header cells that are units")
		need(len(s.measure.columns) > 0 || s.measure.column != "", "measure: the columns that together name a measure")
	case "transactions":
		need(s.unit.column != "", "unit: the column that names the unit")
		if s.into == "finance" {
			need(s.category.column != "" || s.category.value != "", "category: a column or a value")
			need(s.actual.column != "", "actual: the column of amounts")
		} else {
			need(s.measure.column != "" || s.measure.value != "", "measure: the measure the rows are counted (or, with value:, summed) into")
		}
	}
	if s.headerRow < 1 {
		d.errorf(n, "header_row counts from 1")
	}
	if s.unit.unmapped == "unallocated" && s.unit.unallocated == "" {
		d.errorf(n, "unit: unmapped: unallocated needs unallocated: the id of the unit that takes them")
	}
}

// matches reports whether value is one of values, ignoring case and spaces.
func matches(value string, values []string) bool {
	for _, v := range values {
		if normalise(v) == normalise(value) {
			return true
		}
	}
	return false
}
