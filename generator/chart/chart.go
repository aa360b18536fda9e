// Package chart turns series of figures into ECharts option objects. It is
// the only package that imports go-echarts. Options are returned as JSON
// for a page to carry in a data block; the page's one static script draws
// them. Nothing here renders HTML or script, and nothing is random, so the
// same series always give the same bytes.
package chart

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"github.com/primed/primed/generator/report"
)

// Series is one named line or set of bars. Values without a figure are nil.
type Series struct {
	Name   string
	Values []*float64
	Style  Style
	Color  string // empty: the palette's next colour
	// Joined draws the line on across periods without a value, as for a
	// survey run every other year; otherwise a missing period breaks it.
	Joined bool
}

// Style is how a line series is drawn.
type Style int

// The styles of line.
const (
	Solid     Style = iota // a thick line with a marker at each point, for the figures themselves
	Step                   // a dashed stepped line, for a target that changes by period
	Thin                   // a thin line, for a centre line
	Dotted                 // a thin dotted line, for process limits
	Points                 // markers alone, for points that stand out
	Reference              // a dashed line with a marker at each point, for a comparator such as England
)

// Axis says how values are labelled on the value axis.
type Axis struct {
	Prefix   string // "£"
	Suffix   string // "%"
	Decimals int
}

func (a Axis) formatter() string { return a.Prefix + "{value}" + a.Suffix }

// Palette is the colours series take in turn: the theme's colour first,
// then colours that keep their contrast on white.
type Palette []string

// Line returns the option of a line chart over labels (usually months).
func Line(labels []string, axis Axis, palette Palette, series ...Series) (json.RawMessage, error) {
	c := charts.NewLine()
	c.SetGlobalOptions(common(axis, palette, true)...)
	c.SetXAxis(labels)
	for _, s := range series {
		c.AddSeries(s.Name, nil, lineStyle(s)...)
		c.MultiSeries[len(c.MultiSeries)-1].Data = values(s.Values, axis.Decimals)
	}
	c.Validate()
	for i := range c.MultiSeries {
		c.MultiSeries[i].Animation = nil // the option's own animation: false covers every series
	}
	if first, n, ok := months(labels); ok {
		c.XAxisList[0].Data = map[string]any{"months": []any{first, n}}
	}
	return finish(c.JSON())
}

// Bar returns the option of a grouped bar chart over labels (such as spending categories).
func Bar(labels []string, axis Axis, palette Palette, series ...Series) (json.RawMessage, error) {
	c := charts.NewBar()
	c.SetGlobalOptions(common(axis, palette, false)...)
	c.SetXAxis(labels)
	for _, s := range series {
		c.AddSeries(s.Name, nil)
		c.MultiSeries[len(c.MultiSeries)-1].Data = values(s.Values, axis.Decimals)
	}
	c.Validate()
	return finish(c.JSON())
}

// lineStyle turns a series' style into go-echarts series options.
func lineStyle(s Series) []charts.SeriesOpts {
	line := opts.LineStyle{Color: s.Color, Width: 1}
	chart := opts.LineChart{ShowSymbol: opts.Bool(false)}
	switch s.Style {
	case Solid:
		line.Width = 3
		chart.ShowSymbol = opts.Bool(true)
		if s.Joined {
			chart.ConnectNulls = opts.Bool(true)
		}
	case Step:
		line.Type, line.Width = "dashed", 2
		chart.Step = "middle"
	case Dotted:
		line.Type = "dotted"
	case Reference:
		line.Type, line.Width = "dashed", 2
		chart.ShowSymbol = opts.Bool(true)
		if s.Joined {
			chart.ConnectNulls = opts.Bool(true)
		}
	case Points:
		line.Width = 0
		chart.ShowSymbol = opts.Bool(true)
		chart.SymbolSize = 10
	}
	o := []charts.SeriesOpts{charts.WithLineChartOpts(chart), charts.WithLineStyleOpts(line)}
	if s.Color != "" {
		o = append(o, charts.WithItemStyleOpts(opts.ItemStyle{Color: s.Color}))
	}
	return o
}

// common is the options a chart's kind and measure decide. A line's value
// axis fits its values (scale); a bar's starts at zero, since a bar's
// length is its value.
func common(axis Axis, palette Palette, scale bool) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: "chart"}),
		charts.WithYAxisOpts(opts.YAxis{
			Type:      "value",
			Scale:     opts.Bool(scale),
			AxisLabel: &opts.AxisLabel{Formatter: types.FuncStr(axis.formatter()), Color: "#0b0c0c"},
		}),
		charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Color: "#0b0c0c"}}),
		charts.WithColorsOpts(opts.Colors(palette)),
	}
}

// months reports whether labels are consecutive months as axes write
// them ("Nov 2025", "Dec 2025", "Jan 2026"), and if so the first, as
// YYYY-MM, and how many. An axis of months is written as {"months":
// [first, n]}, which primed.js writes out: sixty labels cost 20 bytes.
func months(labels []string) (first string, n int, ok bool) {
	if len(labels) < 2 {
		return "", 0, false
	}
	start, err := time.Parse("Jan 2006", labels[0])
	if err != nil {
		return "", 0, false
	}
	for i, l := range labels {
		if l != start.AddDate(0, i, 0).Format("Jan 2006") {
			return "", 0, false
		}
	}
	return start.Format("2006-01"), len(labels), true
}

// values is a series' data as ECharts' plain array form: each value
// rounded to the measure's decimals, and "-" for a gap. It is a third the
// size of the object form go-echarts writes, {"value": 12.5}. A series
// that is mostly long runs of one value, as targets, means and process
// limits are, is written as {"runs": [[value, count], ...]} instead, which
// primed.js expands before it hands the option to ECharts.
func values(vs []*float64, decimals int) any {
	data := make([]any, len(vs))
	for i, v := range vs {
		data[i] = value(v, decimals)
	}
	var runs [][2]any
	for i := 0; i < len(data); {
		j := i + 1
		for j < len(data) && data[j] == data[i] {
			j++
		}
		runs = append(runs, [2]any{data[i], j - i})
		i = j
	}
	if len(runs)*4 <= len(data) {
		return map[string]any{"runs": runs}
	}
	return data
}

// value rounds v to the measure's decimals, or marks a gap. The number
// is written as rounded, less its trailing zeros: 12.50 is 12.5.
func value(v *float64, decimals int) any {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return "-"
	}
	s := report.Fixed(*v, decimals)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return json.Number(s)
}

// finish marshals the option without what every chart shares: no
// animation, the legend at the top, the grid, and the tooltip in ECharts'
// rich-text mode (its HTML mode writes inline style attributes that a
// strict Content-Security-Policy blocks). primed.js, which draws every
// chart, sets those once instead of each of a page's forty options
// carrying them. Keys go-echarts writes as null, which ECharts reads as
// unset, are left out too. The page's heading and each chart's label name
// the chart, so it has no title.
func finish(obj map[string]any) (json.RawMessage, error) {
	for _, shared := range []string{"toolbox", "title", "legend", "tooltip", "animation", "grid"} {
		delete(obj, shared)
	}
	b, err := json.Marshal(obj)
	if err != nil {
		return nil, fmt.Errorf("chart option: %w", err)
	}
	return dropNulls(b), nil
}

// nullKeys matches a key whose value is null, with the comma before it or,
// for a first key, after it. In JSON a quote inside a string is always
// escaped, so an unescaped quote followed by a name, a quote and :null can
// only be a key.
var nullKeys = regexp.MustCompile(`,"[A-Za-z]+":null|"[A-Za-z]+":null,?`)

// dropNulls removes the keys of b whose value is null.
func dropNulls(b []byte) []byte { return nullKeys.ReplaceAll(b, nil) }
