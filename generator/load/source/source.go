// Package source reads the files that a finance, case management or
// statistics system exported, as they are, by the mapping that
// primed.yaml's sources: declares for them: where each file's month, unit,
// measure or category and figures are, and how its values map to the
// report's ids. Each shape of file has a reader of its own; this file
// holds the declarations.
package source

import (
	"regexp"

	"go.yaml.in/yaml/v3"

	"github.com/primed/primed/generator/load/diag"
	"github.com/primed/primed/generator/load/table"
	"github.com/primed/primed/generator/load/yamldoc"
	"github.com/primed/primed/generator/report"
)

// Source is one declaration under sources: in primed.yaml.
type Source struct {
	Pos      diag.Pos
	Files    string // a glob within the report folder
	into     Into
	shape    Shape
	encoding Encoding
	clean    bool // C1 control characters read as Windows-1252, no-break spaces as spaces

	headerRow int // the CSV record that holds the header, counting from 1
	fromRow   int // the first and last records to read; 0: from the header on, to the end
	toRow     int

	period   periodRule
	unit     unitRule
	category columnRule
	measure  columnRule
	measures map[string]string  // wide: measure id → column name
	scales   map[string]float64 // wide: measure id → its own scale, where it has one
	columns  *regexp.Regexp     // units_as_columns: the header cells that are units
	value    valueRule          // long, wide, units_as_columns
	actual   valueRule          // transactions
	budget   valueRule          // transactions
	keep     []filterRule
	drop     []filterRule
	missing  []string
	only     bool // missing replaces the default markers rather than adding to them
}

// Into is what a source's figures become.
type Into uint8

// What a source reads into.
const (
	Data    Into = iota // monthly figures of measures
	Finance             // budget and spend by category
)

var intoNames = []string{"data", "finance"}

func (i Into) String() string { return intoNames[i] }

// Shape is how a source file lays out its figures.
type Shape uint8

// The shapes of source file.
const (
	Long           Shape = iota // one figure per row: month, unit, measure, value
	Wide                        // one row per unit and month, one column per measure
	UnitsAsColumns              // one row per measure (and month), one column per unit
	Transactions                // one row per payment or case, added up
)

var shapeNames = []string{"long", "wide", "units_as_columns", "transactions"}

func (s Shape) String() string { return shapeNames[s] }

// Encoding is how a source file's text is encoded.
type Encoding uint8

// The encodings sources may declare.
const (
	UTF8 Encoding = iota
	Windows1252
	ISO8859_1 // Latin-1, as some older systems declare it
	MacRoman  // from Excel for the Mac before 2016
)

var encodingNames = []string{"utf-8", "windows-1252", "iso-8859-1", "mac-roman"}

func (e Encoding) String() string { return encodingNames[e] }

// Unmapped is what happens to a row whose value a lookup does not map.
type Unmapped uint8

// The rules for unmapped values.
const (
	Refuse      Unmapped = iota // a problem, reported with how many rows have it
	Skip                        // the row is left out
	Unallocated                 // the row goes to a declared unit (units), or a declared value
)

var unmappedNames = []string{"error", "skip", "unallocated"}

func (u Unmapped) String() string { return unmappedNames[u] }

// periodRule says where a row's month comes from.
type periodRule struct {
	column string
	format string // YYYY-MM-DD, DD/MM/YYYY, DD-MON-YYYY, YYYY-MM, MM/YYYY, or YYYY-YY for a financial year
	value  report.Period
	year   string // a financial year such as 2023-24, for the whole file
	// month, "start" or "end", reads a financial year as that one month
	// of it; without it, a financial year is a yearly measure's period.
	month string
	pos   diag.Pos
}

// unitRule says how a value in the source names a unit.
type unitRule struct {
	column      string
	value       string            // one unit for every row, for a file about one organisation
	nameColumn  string            // for created units
	split       string            // "102 - Cumbria": the id before it, the name after
	lookup      map[string]string // normalised source value → unit id
	unmapped    Unmapped
	unallocated string // the unit that takes unmapped rows
	create      string // the parent under which unknown values become new units
	pos         diag.Pos
}

// columnRule reads a text value: from a column, through an optional lookup.
type columnRule struct {
	column   string
	columns  []string // several columns whose values, joined with " / ", make the value
	value    string   // a constant instead of a column
	before   string   // keep only the part before this
	lookup   map[string]string
	unmapped Unmapped
	instead  string // with Unallocated, the value that unmapped values take
	missing  string // the value for an empty or missing cell
	pos      diag.Pos
}

// valueRule reads a number.
type valueRule struct {
	column string
	scale  float64
	pos    diag.Pos
}

func (d doc) strings(p *[]string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode {
			*p = append(*p, n.Value)
			return
		}
		d.Sequence(n, "values", func(n *yaml.Node) {
			if s, ok := d.Scalar(n, "a value"); ok {
				*p = append(*p, s)
			}
		})
	}
}

func (d doc) lookup(p *map[string]string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if n.Kind != yaml.MappingNode {
			d.Errorf(n, "expected a mapping of source values to ids")
			return
		}
		*p = map[string]string{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if s, ok := d.Scalar(v, "an id"); ok {
				(*p)[table.Normalise(k.Value)] = s
			}
		}
	}
}

// measureColumns reads a wide source's measures: each measure id with its
// column, as a name or as {column: Name, scale: 1000}.
func (d doc) measureColumns(cols *map[string]string, scales *map[string]float64) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if n.Kind != yaml.MappingNode {
			d.Errorf(n, "expected a mapping of measure ids to columns")
			return
		}
		*cols, *scales = map[string]string{}, map[string]float64{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			id, v := table.Normalise(n.Content[i].Value), n.Content[i+1]
			if v.Kind == yaml.ScalarNode {
				(*cols)[id] = v.Value
				continue
			}
			var col string
			var scale float64
			d.Mapping(v, yamldoc.Fields{"column": d.Str(&col), "scale": d.Float(&scale)}, "column")
			(*cols)[id] = col
			if scale != 0 {
				(*scales)[id] = scale
			}
		}
	}
}

// filterRule is one column of a keep: or drop: and the values it matches.
type filterRule struct {
	column string   // as written
	values []string // compared ignoring case and spaces
	pos    diag.Pos // of the column's key, where a problem with it is reported
}

// sourceMisplaced says where the keys that newcomers put at a source's
// own level go.
var sourceMisplaced = yamldoc.Misplaced{
	"scale":       "a scale goes with the amount it scales, as actual: {column: Amount, scale: 1000}",
	"lookup":      "a lookup goes under the unit:, category: or measure: whose values it maps, as unit: {column: Team, lookup: {...}}",
	"format":      "a date format goes under period:, as period: {column: Paid, format: DD/MM/YYYY}",
	"column":      "a column goes under what it gives: unit:, period:, category:, measure: or an amount",
	"create":      "create: goes under unit:, as unit: {column: Code, create: england}",
	"unmapped":    "unmapped: goes under the unit:, category: or measure: it is about",
	"unallocated": "unallocated: goes under unit:, with unmapped: unallocated",
	"split":       "split: goes under unit:",
	"name_column": "name_column: goes under unit:",
	"year":        "a financial year goes under period:, as period: {year: 2023-24}",
}

func (d doc) filter(p *[]filterRule) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if n.Kind != yaml.MappingNode {
			d.Errorf(n, "expected a mapping of column names to the values to match")
			return
		}
		*p = nil
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			r := filterRule{column: k.Value, pos: d.Pos(k)}
			d.strings(&r.values)(n.Content[i+1])
			*p = append(*p, r)
		}
	}
}

func (d doc) column(c *columnRule) func(*yaml.Node) {
	return func(n *yaml.Node) {
		c.pos = d.Pos(n)
		if n.Kind == yaml.ScalarNode {
			c.column = n.Value
			return
		}
		d.Mapping(n, yamldoc.Fields{
			"column":  d.Str(&c.column),
			"columns": d.strings(&c.columns),
			"value":   d.Str(&c.value),
			"before":  func(n *yaml.Node) { c.before = n.Value },
			"lookup":  d.lookup(&c.lookup),
			"unmapped": func(n *yaml.Node) {
				var v string
				d.Str(&v)(n)
				switch v {
				case "", "error":
					c.unmapped = Refuse
				case "skip":
					c.unmapped = Skip
				default:
					c.unmapped, c.instead = Unallocated, v
				}
			},
			"missing": d.Str(&c.missing),
		})
	}
}

func (d doc) number(v *valueRule) func(*yaml.Node) {
	return func(n *yaml.Node) {
		v.pos = d.Pos(n)
		if n.Kind == yaml.ScalarNode {
			v.column = n.Value
			return
		}
		d.Mapping(n, yamldoc.Fields{"column": d.Str(&v.column), "scale": d.Float(&v.scale)}, "column")
	}
}

// doc is primed.yaml, with the readers of declarations beside yamldoc's.
type doc struct{ *yamldoc.Doc }

// Declare reads the sources: list of primed.yaml, n, reporting through d
// every declaration that is wrong or lacks what its shape needs.
func Declare(yd *yamldoc.Doc, n *yaml.Node) []*Source {
	d := doc{yd}
	var list []*Source
	d.Sequence(n, "sources", func(n *yaml.Node) {
		s := &Source{Pos: d.Pos(n), clean: true, headerRow: 1}
		var columns string
		// What a source needs depends on what it goes into and its
		// shape: with either missing or mistaken, that is the one problem.
		into, shapeOK := false, true
		known := func(read func(*yaml.Node), ok *bool) func(*yaml.Node) {
			return func(n *yaml.Node) {
				before := d.Count()
				read(n)
				*ok = d.Count() == before
			}
		}
		d.MappingOr(n, yamldoc.Fields{
			"files":    d.Str(&s.Files),
			"into":     known(yamldoc.Enum(d.Doc, &s.into, intoNames), &into),
			"shape":    known(yamldoc.Enum(d.Doc, &s.shape, shapeNames), &shapeOK),
			"encoding": yamldoc.Enum(d.Doc, &s.encoding, encodingNames),
			"clean": func(n *yaml.Node) {
				s.clean = n.Value != "false"
			},
			"header_row": d.Int(&s.headerRow),
			"rows": func(n *yaml.Node) {
				d.Mapping(n, yamldoc.Fields{"from": d.Int(&s.fromRow), "to": d.Int(&s.toRow)})
			},
			"period": func(n *yaml.Node) {
				s.period.pos = d.Pos(n)
				if n.Kind == yaml.ScalarNode {
					d.Period(&s.period.value)(n)
					return
				}
				d.Mapping(n, yamldoc.Fields{
					"column": d.Str(&s.period.column),
					"format": d.Str(&s.period.format),
					"value":  d.Period(&s.period.value),
					"year":   d.Str(&s.period.year),
					"month":  d.OneOf(&s.period.month, "start", "end"),
				})
			},
			"unit": func(n *yaml.Node) {
				u := &s.unit
				u.pos = d.Pos(n)
				if n.Kind == yaml.ScalarNode {
					u.column = n.Value
					return
				}
				d.Mapping(n, yamldoc.Fields{
					"column":      d.Str(&u.column),
					"value":       d.Str(&u.value),
					"name_column": d.Str(&u.nameColumn),
					"split":       func(n *yaml.Node) { u.split = n.Value },
					"lookup":      d.lookup(&u.lookup),
					"unmapped":    yamldoc.Enum(d.Doc, &u.unmapped, unmappedNames),
					"unallocated": d.Str(&u.unallocated),
					"create":      d.Str(&u.create),
				})
			},
			"category": d.column(&s.category),
			"measure":  d.column(&s.measure),
			"measures": d.measureColumns(&s.measures, &s.scales),
			"unit_columns": func(n *yaml.Node) {
				if v, ok := d.Scalar(n, "a pattern"); ok {
					columns = v
					re, err := regexp.Compile(v)
					if err != nil {
						d.Errorf(n, "unit_columns: %v", err)
						return
					}
					s.columns = re
				}
			},
			"value":  d.number(&s.value),
			"actual": d.number(&s.actual),
			"budget": d.number(&s.budget),
			"keep":   d.filter(&s.keep),
			"drop":   d.filter(&s.drop),
			"missing": func(n *yaml.Node) {
				if n.Kind != yaml.MappingNode {
					d.strings(&s.missing)(n)
					return
				}
				s.only = true
				d.Mapping(n, yamldoc.Fields{"only": d.strings(&s.missing)}, "only")
			},
		}, sourceMisplaced, "files", "into")
		if into && shapeOK {
			d.check(n, s, columns)
		}
		list = append(list, s)
	})
	return list
}

// check reports the declarations a shape needs and lacks.
func (d doc) check(n *yaml.Node, s *Source, columns string) {
	need := func(ok bool, what string) {
		if !ok {
			d.Errorf(n, "a %s source into %s needs %s", s.shape, s.into, what)
		}
	}
	if s.into == Finance && s.shape != Transactions {
		d.Errorf(n, "a source into finance has shape transactions (one row per payment or per line), not %s", s.shape)
	}

	need(s.period.column != "" || s.period.value != 0 || s.period.year != "", "period: a column, a value (YYYY-MM) or a year (2023-24)")
	switch s.shape {
	case Long:
		need(s.unit.column != "" || s.unit.value != "", "unit: the column that names the unit, or {value: ID} for a file about one unit")
		need(s.measure.column != "" || len(s.measure.columns) > 0 || s.measure.value != "", "measure: the column that names the measure")
		need(s.value.column != "", "value: the column of figures")
	case Wide:
		need(s.unit.column != "" || s.unit.value != "", "unit: the column that names the unit, or {value: ID} for a file about one unit")
		need(len(s.measures) > 0, "measures: each measure id with its column")
	case UnitsAsColumns:
		need(s.columns != nil || columns != "", "unit_columns: a pattern matching the header cells that are units")
		need(len(s.measure.columns) > 0 || s.measure.column != "", "measure: the columns that together name a measure")
	case Transactions:
		need(s.unit.column != "" || s.unit.value != "", "unit: the column that names the unit, or {value: ID} for a file about one unit")
		if s.into == Finance {
			need(s.category.column != "" || s.category.value != "", "category: a column or a value")
			need(s.actual.column != "" || s.budget.column != "", "actual: the column of amounts (or budget: alone, for a budget return)")
		} else {
			need(s.measure.column != "" || s.measure.value != "", "measure: the measure the rows are counted (or, with value:, summed) into")
		}
	}
	if s.headerRow < 1 {
		d.Errorf(n, "header_row counts from 1")
	}
	if s.unit.unmapped == Unallocated && s.unit.unallocated == "" {
		d.Errorf(n, "unit: unmapped: unallocated needs unallocated: the id of the unit that takes them")
	}
}
